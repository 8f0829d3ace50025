#!/bin/sh
# SPDX-License-Identifier: ISC
# cetrack and cetrack-full (cli/cli.h, FULL_SRC): the program every command starts
# links none of the PDF, calendar and network libraries, and hands the
# commands that need them to cetrack-full unchanged.
. "$(dirname "$0")/lib.sh"

# fontconfig (under pango) leaks a few hundred bytes while it parses its
# configuration; that is its own, not cetrack's (as in test_report_pdf.sh).
printf 'leak:libfontconfig.so\n' >"$T_DIR/lsan.supp"
export LSAN_OPTIONS="suppressions=$T_DIR/lsan.supp:print_suppressions=0"

FULL="$(dirname "$CETRACK")/cetrack-full"
if [ -x "$FULL" ]; then t_pass; else t_fail "no cetrack-full beside cetrack"; fi

# What the light program records as needed (readelf: no ldd quirks).
# Nor OpenSSL: its load alone cost 2-3 ms of every start (SHA-256 is
# nettle's); the resident cetrackd is held to the same.
RESIDENT="$(dirname "$CETRACK")/cetrackd"
for prog in "$CETRACK" "$RESIDENT"; do
	needed=$(readelf -d "$prog" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p' | tr '\n' ' ')
	case "$needed" in
	*pango*|*cairo*|*curl*|*ical*|*glib*|*libcrypto*|*libssl*)
		t_fail "$(basename "$prog") needs $needed" ;;
	*) t_pass ;;
	esac
	# And what it loads, direct or not (ldd).
	loaded=$(ldd "$prog" | awk '{ print $1 }' | tr '\n' ' ')
	case "$loaded" in
	*libpango*|*libcairo*|*libcurl*|*libical*|*libcrypto*)
		t_fail "$(basename "$prog") loads $loaded" ;;
	*) t_pass ;;
	esac
done
needed=$(readelf -d "$FULL" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p' | tr '\n' ' ')
case "$needed" in
*pango*) t_pass ;;
*) t_fail "cetrack-full does not link pango: $needed" ;;
esac

ct init
ct person add "Dana Reyes, RN, CCM" --email dana.reyes@example.org
ct cred add CCM --person "Dana Reyes, RN, CCM" --number CCM-100234 \
    --valid-through 2027-05-31
t_eq "setup" "0" "$T_RC"

# The heavy commands work through the light program.
ct calendar --person "Dana Reyes, RN, CCM"
t_out "calendar through cetrack-full" '^BEGIN:VCALENDAR'
ct report --person "Dana Reyes, RN, CCM" --format pdf -o "$T_DIR/r.pdf"
if [ "$T_RC" -eq 0 ] && head -c 5 "$T_DIR/r.pdf" | grep -q '^%PDF-'; then t_pass
else t_fail "report --format pdf through cetrack-full"; fi
ct report --person "Dana Reyes, RN, CCM" --format pdf
if [ "$T_RC" -eq 0 ] && head -c 5 "$T_DIR/out" | grep -q '^%PDF-'; then t_pass
else t_fail "report --format pdf to stdout through cetrack-full"; fi
# Its messages are cetrack's: one line, the same exit code.
t_bad "notify test: usage error as before" "^cetrack: notify test: " \
    notify test --channel pager
t_rc "notify test: usage exit code" 2 notify test --channel pager
t_bad "calendar: bad option as before" "^cetrack: calendar: " \
    calendar --bogus

# A refused rule pack is warned about once: cetrack-full, run by cetrack,
# does not repeat the warnings (the same stderr as cetrack-full alone).
mkdir -p "$T_DIR/packs"
printf '[program]\ncode = BROKEN\n' >"$T_DIR/packs/broken.ini"
printf '[programs]\ndir = %s\n' "$T_DIR/packs" >"$T_DIR/packs.ini"
once() {
	name=$1; shift
	"$CETRACK" -c "$T_DIR/packs.ini" -d "$CETRACK_DB" "$@" \
	    >/dev/null 2>"$T_DIR/err.light"
	"$FULL" -c "$T_DIR/packs.ini" -d "$CETRACK_DB" "$@" \
	    >/dev/null 2>"$T_DIR/err.full"
	if grep -q '^cetrack: warning: .*broken.ini' "$T_DIR/err.light" &&
	    cmp -s "$T_DIR/err.light" "$T_DIR/err.full"; then t_pass
	else
		sed 's/^/  light: /' "$T_DIR/err.light" >&2
		t_fail "$name: pack warnings not printed exactly once"
	fi
}
once calendar calendar
once "report --format pdf" report --format pdf -o "$T_DIR/w.pdf"

# Without cetrack-full: one clear line, exit 1, the database untouched
# (unless one is installed where this build looks last).
LIBEXECDIR=${LIBEXECDIR:-/usr/local/libexec}
if [ -e "$LIBEXECDIR/cetrack/cetrack-full" ]; then
	echo "skip: $LIBEXECDIR/cetrack/cetrack-full is installed" >&2
	t_done
	exit
fi
mkdir -p "$T_DIR/alone"
cp "$CETRACK" "$T_DIR/alone/cetrack"
alone=$(cd "$T_DIR/alone" && pwd -P)
cp "$CETRACK_DB" "$T_DIR/before.db"
"$T_DIR/alone/cetrack" -d "$CETRACK_DB" report --person "Dana Reyes, RN, CCM" \
    --format pdf -o "$T_DIR/x.pdf" >"$T_DIR/out" 2>"$T_DIR/err"
T_RC=$?
if [ "$T_RC" -eq 1 ] && [ "$(wc -l <"$T_DIR/err")" -eq 1 ] &&
    grep -qxF "cetrack: report --format pdf needs cetrack-full, not found in $alone or $LIBEXECDIR/cetrack; reinstall cetrack" "$T_DIR/err" &&
    [ ! -e "$T_DIR/x.pdf" ] && cmp -s "$CETRACK_DB" "$T_DIR/before.db"
then t_pass; else t_fail "no cetrack-full: one line, exit 1 (got $T_RC)"; fi
"$T_DIR/alone/cetrack" -d "$CETRACK_DB" calendar --person "Dana Reyes, RN, CCM" \
    >"$T_DIR/out" 2>"$T_DIR/err"
T_RC=$?
if [ "$T_RC" -eq 1 ] && [ "$(wc -l <"$T_DIR/err")" -eq 1 ] &&
    grep -q 'calendar needs cetrack-full' "$T_DIR/err" && [ ! -s "$T_DIR/out" ]
then t_pass; else t_fail "no cetrack-full: calendar (got $T_RC)"; fi
# Everything else runs without it.
"$T_DIR/alone/cetrack" -d "$CETRACK_DB" status --person "Dana Reyes, RN, CCM" \
    >"$T_DIR/out" 2>"$T_DIR/err"
t_eq "status without cetrack-full" "0" "$?"

# An installed layout: bin/cetrack finds libexec/cetrack/cetrack-full.
mkdir -p "$T_DIR/prefix/bin" "$T_DIR/prefix/libexec/cetrack"
cp "$CETRACK" "$T_DIR/prefix/bin/cetrack"
cp "$FULL" "$T_DIR/prefix/libexec/cetrack/cetrack-full"
"$T_DIR/prefix/bin/cetrack" -d "$CETRACK_DB" calendar \
    --person "Dana Reyes, RN, CCM" >"$T_DIR/out" 2>"$T_DIR/err"
if [ "$?" -eq 0 ] && grep -q '^BEGIN:VCALENDAR' "$T_DIR/out"; then t_pass
else t_fail "bin/cetrack did not find ../libexec/cetrack/cetrack-full"; fi

t_done
