#!/bin/sh
# SPDX-License-Identifier: ISC
# Run every test against the binaries in BUILD: each Criterion binary, then
# each CLI script. Writes BUILD/test-summary ("passed failed") for
# tests/summary.sh and prints this pass's own "N passed, N failed" line.
set -u
BUILD=${1:-build}
export BUILD
pass=0
fail=0
log="$BUILD/test-log"
: >"$log"

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	out=$("$t" --jobs 2 2>&1)
	rc=$?
	echo "$out" >>"$log"
	syn=$(echo "$out" | grep 'Synthesis:' | tail -1)
	p=$(echo "$syn" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p')
	f=$(echo "$syn" | sed -n 's/.*Failing: \([0-9]*\).*/\1/p')
	cr=$(echo "$syn" | sed -n 's/.*Crashing: \([0-9]*\).*/\1/p')
	p=${p:-0}; f=${f:-0}; cr=${cr:-0}
	if [ -z "$syn" ] || [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && [ "$cr" -eq 0 ]; then
		f=$((f + 1))	# no synthesis or a failing exit without a count
	fi
	[ "$rc" -ne 0 ] || [ "$f" -ne 0 ] || [ "$cr" -ne 0 ] && echo "$out" | grep -E '\[FAIL\]|\[----\]|CRASH|error|Assertion' >&2
	echo "$(basename "$t"): $p passed, $((f + cr)) failed"
	pass=$((pass + p))
	fail=$((fail + f + cr))
done

for s in tests/cli/test_*.sh tests/integration/test_*.sh; do
	[ -f "$s" ] || continue
	out=$(sh "$s" 2>&1)
	rc=$?
	echo "$out" >>"$log"
	line=$(echo "$out" | grep -E '[0-9]+ passed, [0-9]+ failed$' | tail -1)
	p=$(echo "$line" | sed -n 's/.* \([0-9]*\) passed.*/\1/p')
	f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed$/\1/p')
	p=${p:-0}; f=${f:-0}
	[ -z "$line" ] || [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	[ "$f" -ne 0 ] && echo "$out" | grep -v 'passed, .* failed$' >&2
	echo "$(basename "$s"): $p passed, $f failed"
	pass=$((pass + p))
	fail=$((fail + f))
done

echo "$pass $fail" >"$BUILD/test-summary"
echo "$BUILD: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
