#!/bin/sh
# SPDX-License-Identifier: ISC
# The fuzz targets must not rot (issue 16): build every libFuzzer target
# of tests/fuzz/ with clang (`make fuzz-build`) and run each for a few
# seconds over its seed corpus and past crashes (tests/fuzz/run.sh). A
# smoke, not a timed assertion: a target passes when no input crashes,
# leaks or breaks one of its checks. Long runs are `make fuzz`.
#
# Once per `make check`: the targets are always built with ASan and UBSan,
# so the sanitized pass (whose cetrack is built with ASan) would run the
# same binaries again; it skips them.
. "$(dirname "$0")/lib.sh"

: "${FUZZ_SMOKE_SECONDS:=2}"
: "${FUZZ_CC:=clang}"

if grep -q __asan_init "$BUILD/cetrack" 2>/dev/null; then
	echo "skip: the fuzz targets ran in the unsanitized pass" >&2
	t_done
	exit
fi

if ! command -v "$FUZZ_CC" >/dev/null 2>&1; then
	t_fail "$FUZZ_CC not found; 'make test-deps' installs clang and libclang-rt-dev"
	t_done
	exit
fi

# A make of its own: run.sh is not started from a recipe that passes the
# jobserver on.
if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory -j2 \
    BUILD="$BUILD" FUZZ_CC="$FUZZ_CC" fuzz-build >"$T_DIR/build.log" 2>&1
then t_pass
else
	tail -20 "$T_DIR/build.log" >&2
	t_fail "make fuzz-build (clang with libFuzzer: 'make test-deps')"
	t_done
	exit
fi

FUZZ_WORK="$T_DIR" sh tests/fuzz/run.sh "$BUILD/fuzz" "$FUZZ_SMOKE_SECONDS" \
    >"$T_DIR/results" 2>"$T_DIR/run.err"
n=0
while IFS= read -r line; do
	case $line in
	fuzz_*": ok")
		n=$((n + 1))
		t_pass ;;
	fuzz_*)
		n=$((n + 1))
		t=${line%%:*}
		# The log goes with T_DIR: its report, before that.
		grep -ahE -B2 -A12 'check failed|ERROR:|runtime error' \
		    "$T_DIR/logs/${t#fuzz_}"/*.log 2>/dev/null | head -30 |
		    sed 's/^/  /' >&2
		echo "  $line" >&2
		t_fail "$t" ;;
	"  reproduce: "*)
		echo "$line" >&2 ;;
	esac
done <"$T_DIR/results"
[ -s "$T_DIR/run.err" ] && sed 's/^/  run.sh: /' "$T_DIR/run.err" >&2

# Every target ran: one line each.
want=$(ls tests/fuzz/fuzz_*.c | wc -l)
t_eq "one result per target" "$want" "$n"

t_done
