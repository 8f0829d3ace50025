#!/bin/sh
# SPDX-License-Identifier: ISC
# The source lint, run by `make check`:
#
#  1. Banned calls (after curl's checksrc): these cannot bound their output
#     or cannot report errors.
#  2. Layer rules: lib/ is a stack of folders (README "Layout"), and what a
#     file may include follows from its folder:
#       base/      base/ only
#       rules/     base/, rules/
#       store/     base/, store/
#       notify/    base/, rules/, store/, notify/
#       report/    base/, rules/, store/, report/
#       exchange/  base/, rules/, store/, exchange/
#       cli/, daemon/, tests/: anything in lib/
#     A lib/ header is always named with its folder ("store/db.h"), no
#     lib/ file includes cli/ or daemon/ headers, <sqlite3.h> is included
#     only in lib/store/ and <curl/curl.h> only in lib/notify/.
#
# A violation prints "FILE:LINE: what it includes: the rule" and the lint
# fails. sh scripts/lint.sh [DIR] lints the tree at DIR (tests plant
# violations in a copy).
set -u
top=${1:-$(dirname "$0")/..}
cd "$top" || exit 2

status=0

bad=$(grep -nE '\b(gets|sprintf|vsprintf|strcpy|strcat|strncpy|strncat|strtok|atoi|atol|atof)[[:space:]]*\(' \
    lib/*/*.c lib/*/*.h cli/*.c cli/*.h daemon/*.c daemon/*.h 2>/dev/null |
    grep -v 'snprintf\|vsnprintf')
if [ -n "$bad" ]; then
	echo "lint: banned calls:" >&2
	echo "$bad" >&2
	status=1
fi

for f in lib/*.c lib/*.h; do
	[ -e "$f" ] || continue
	echo "$f: lib/ holds only layer folders: move it into one (README \"Layout\")" >&2
	status=1
done

# One line per include: FILE LINE TARGET, TARGET as written without its
# delimiters, "<" in front of system headers.
layers=$(ls -d lib/*/ 2>/dev/null | sed 's,lib/,,; s,/$,,' | tr '\n' ' ')
viol=$(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]' \
    lib/*/*.c lib/*/*.h cli/*.c cli/*.h daemon/*.c daemon/*.h 2>/dev/null |
    sed -E 's/^([^:]*):([0-9]*):[[:space:]]*#[[:space:]]*include[[:space:]]*"([^"]*)".*/\1 \2 \3/;
            s/^([^:]*):([0-9]*):[[:space:]]*#[[:space:]]*include[[:space:]]*<([^>]*)>.*/\1 \2 <\3/' |
    awk -v layers="$layers" '
	BEGIN {
		n = split(layers, l, " ")
		for (i = 1; i <= n; i++) known[l[i]] = 1
		may["base"] = " base "
		may["rules"] = " base rules "
		may["store"] = " base store "
		may["notify"] = " base rules store notify "
		may["report"] = " base rules store report "
		may["exchange"] = " base rules store exchange "
	}
	{
		file = $1; line = $2; inc = $3
		split(file, p, "/")
		where = p[1] == "lib" ? p[2] : p[1]
		sys = substr(inc, 1, 1) == "<"
		at = file ":" line ": includes " (sys ? inc ">" : "\"" inc "\"")
		if (inc == "<sqlite3.h") {
			if (!(p[1] == "lib" && where == "store"))
				print at ": SQLite is spoken only in lib/store/"
			next
		}
		if (inc == "<curl/curl.h") {
			if (!(p[1] == "lib" && where == "notify"))
				print at ": libcurl is used only in lib/notify/"
			next
		}
		if (sys)
			next
		split(inc, q, "/")
		target = (inc ~ /\//) ? q[1] : ""
		if (p[1] != "lib")
			next		# cli/, daemon/: any layer, their own headers
		if (target == "") {
			found = ""
			cmd = "cd lib && ls -d */" inc " 2>/dev/null"
			cmd | getline found
			close(cmd)
			if (found != "")
				print at ": name a lib/ header with its folder (\"" found "\")"
			else
				print at ": lib/ includes no cli/ or daemon/ header"
			next
		}
		if (!(target in known)) {
			print at ": " target "/ is not a layer of lib/"
			next
		}
		if (!(where in may)) {
			print at ": lib/" where "/ has no layer rule in scripts/lint.sh"
			next
		}
		if (index(may[where], " " target " ") == 0)
			print at ": lib/" where "/ may include only" may[where] "(layer rule)"
	}')
if [ -n "$viol" ]; then
	echo "lint: layer rules broken:" >&2
	echo "$viol" >&2
	status=1
fi

[ "$status" -eq 0 ] && echo "lint: no banned calls, layers kept"
exit "$status"
