# SPDX-License-Identifier: ISC
# Shared helpers for the black-box CLI tests (calcurse-style: run the real
# binary, compare with what is expected). Each test script sources this,
# runs cases with the t_* helpers, and ends with `t_done`, which prints
# "N passed, N failed" and exits non-zero on failure.
#
# Environment: BUILD (directory holding the cetrack binary). Each script
# gets a private HOME/XDG tree, so nothing outside it is read or written.

set -u
: "${BUILD:=build}"
CETRACK="$(cd "$(dirname "$BUILD/cetrack")" && pwd)/cetrack"
T_PASS=0
T_FAIL=0
T_DIR=$(mktemp -d "${TMPDIR:-/tmp}/cetrack-test.XXXXXX")
trap 'rm -rf "$T_DIR"' EXIT
export HOME="$T_DIR/home" XDG_CONFIG_HOME="$T_DIR/home/.config" \
    XDG_DATA_HOME="$T_DIR/home/.local/share"
unset CETRACK_CONFIG NO_COLOR
mkdir -p "$HOME"
export CETRACK_DB="$T_DIR/cetrack.db"

# ct ARGS...: run cetrack on the test database; stdout in $T_DIR/out,
# stderr in $T_DIR/err, exit code in $T_RC.
ct() {
	"$CETRACK" -d "$CETRACK_DB" "$@" >"$T_DIR/out" 2>"$T_DIR/err"
	T_RC=$?
	return 0
}

t_pass() { T_PASS=$((T_PASS + 1)); }
t_fail() {
	T_FAIL=$((T_FAIL + 1))
	echo "FAIL: $1" >&2
	[ -s "$T_DIR/out" ] && sed 's/^/  out: /' "$T_DIR/out" | head -20 >&2
	[ -s "$T_DIR/err" ] && sed 's/^/  err: /' "$T_DIR/err" | head -20 >&2
	return 0
}

# t_ok NAME ARGS...: the command succeeds.
t_ok() {
	name=$1; shift
	ct "$@"
	if [ "$T_RC" -eq 0 ]; then t_pass; else t_fail "$name (exit $T_RC)"; fi
}

# t_rc NAME CODE ARGS...: exits with CODE.
t_rc() {
	name=$1; code=$2; shift 2
	ct "$@"
	if [ "$T_RC" -eq "$code" ]; then t_pass; else t_fail "$name (exit $T_RC, want $code)"; fi
}

# t_bad NAME PATTERN ARGS...: fails (non-zero), prints exactly one line on
# stderr matching the grep -E PATTERN, and leaves the database file
# byte-for-byte unchanged.
t_bad() {
	name=$1; pat=$2; shift 2
	before=$(sha256sum "$CETRACK_DB" 2>/dev/null | cut -d' ' -f1)
	ct "$@"
	after=$(sha256sum "$CETRACK_DB" 2>/dev/null | cut -d' ' -f1)
	lines=$(wc -l <"$T_DIR/err")
	if [ "$T_RC" -eq 0 ]; then t_fail "$name (succeeded)"
	elif [ "$lines" -ne 1 ]; then t_fail "$name ($lines stderr lines, want 1)"
	elif ! grep -qE -- "$pat" "$T_DIR/err"; then t_fail "$name (stderr does not match /$pat/)"
	elif [ "$before" != "$after" ]; then t_fail "$name (database changed)"
	else t_pass; fi
}

# t_out NAME PATTERN: the last command's stdout matches grep -E PATTERN.
t_out() {
	if grep -qE -- "$2" "$T_DIR/out"; then t_pass; else t_fail "$1 (stdout does not match /$2/)"; fi
}

# t_eq NAME WANT GOT
t_eq() {
	if [ "$2" = "$3" ]; then t_pass; else echo "  want: $2" >&2; echo "  got:  $3" >&2; t_fail "$1"; fi
}

# jq-free JSON queries: t_json EXPR prints the value of a Python expression
# over the last stdout parsed as `j`.
t_json() {
	/usr/bin/python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$T_DIR/out" "$1"
}

t_done() {
	echo "$(basename "$0"): $T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" -eq 0 ]
}

# t_jv EXPR...: each Python expression over the last stdout (as `j`),
# numbers printed with %g (62.5, 80), joined by spaces.
t_jv() {
	/usr/bin/python3 - "$T_DIR/out" "$@" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
def fmt(v):
    if isinstance(v, bool): return str(v).lower()
    if isinstance(v, (int, float)): return '%g' % v
    return str(v)
print(' '.join(fmt(eval(e)) for e in sys.argv[2:]))
PY
}
