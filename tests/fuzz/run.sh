#!/bin/sh
# SPDX-License-Identifier: ISC
# Run every libFuzzer target built in DIR (make fuzz-build) for SECONDS
# each, one after the other: `make fuzz` and tests/cli/test_fuzz_smoke.sh.
#
#   sh tests/fuzz/run.sh DIR SECONDS [LIBFUZZER_FLAG...]
#
# Each target runs over a working copy of its seed corpus
# (tests/fuzz/corpus/NAME) and of its past crashes (tests/fuzz/crashes/
# NAME-*), in $FUZZ_WORK/corpus/NAME (default DIR), so that the inputs a
# run discovers stay out of the source tree and a later run starts from
# them. A crash, leak or timeout is written to DIR/crashes/NAME-*; the
# run's output is in $FUZZ_WORK/logs/NAME/. One line per target:
#
#   fuzz_date: 1520331 runs (50677/s), corpus 38 files: ok
#   fuzz_ics: 4410 runs (2205/s), corpus 12 files: FAILED (crash), \
#       build/fuzz/crashes/ics-crash-5e1f...; log build/fuzz/logs/ics/
#
# Exits 1 if any target failed. FUZZ_KNOWN names the findings reported
# but not fixed yet, which the targets then tolerate (tests/fuzz/README);
# when one is fixed, take it out of the default below.
set -u
dir=${1:?usage: run.sh DIR SECONDS [FLAG...]}
secs=${2:?usage: run.sh DIR SECONDS [FLAG...]}
shift 2
src=$(cd "$(dirname "$0")" && pwd)
work=${FUZZ_WORK:-$dir}
export FUZZ_KNOWN="${FUZZ_KNOWN-}"
mkdir -p "$dir/crashes" "$work/corpus" "$work/logs" || exit 1
dir=$(cd "$dir" && pwd)
work=$(cd "$work" && pwd)
failed=0
n=0

for bin in "$dir"/fuzz_*; do
	case $bin in *.d|*.o) continue ;; esac
	[ -f "$bin" ] && [ -x "$bin" ] || continue
	n=$((n + 1))
	t=${bin##*/}
	name=${t#fuzz_}
	seeds=$src/corpus/$name
	if ! ls "$seeds"/* >/dev/null 2>&1; then
		echo "$t: FAILED, no seed corpus in tests/fuzz/corpus/$name"
		failed=$((failed + 1))
		continue
	fi
	corpus=$work/corpus/$name
	logs=$work/logs/$name
	rm -rf "$logs"
	mkdir -p "$corpus" "$logs"
	cp "$seeds"/* "$corpus"/
	for f in "$src"/crashes/"$name"-*; do
		[ -f "$f" ] && cp "$f" "$corpus"/
	done
	# From the log directory: -jobs writes its fuzz-N.log files in
	# the current one. -timeout: an input that takes seconds is a hang.
	(cd "$logs" && exec "$bin" -max_total_time="$secs" -timeout=20 \
	    -print_final_stats=1 -artifact_prefix="$dir/crashes/$name-" \
	    "$@" "$corpus") >"$logs/run.log" 2>&1
	rc=$?
	runs=0
	rate=0
	for l in "$logs"/*.log; do
		r=$(sed -n 's/^stat::number_of_executed_units: *//p' "$l" | tail -1)
		s=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$l" | tail -1)
		# -fork prints no final stats: its last "#N: cov: ...
		# exec/s R ..." line.
		if [ -z "$r" ]; then
			f=$(grep -E '^#[0-9]+: cov: .* exec/s [0-9]+' "$l" | tail -1)
			r=$(echo "$f" | sed -n 's/^#\([0-9]*\):.*/\1/p')
			s=$(echo "$f" | sed -n 's/.* exec\/s \([0-9]*\).*/\1/p')
		fi
		runs=$((runs + ${r:-0}))
		rate=$((rate + ${s:-0}))
	done
	files=$(ls "$corpus" | wc -l)
	line="$t: $runs runs ($rate/s), corpus $(echo $files) files"
	art=$(grep -h 'Test unit written to' "$logs"/*.log 2>/dev/null |
	    sed 's/.*Test unit written to //' | head -1)
	if [ "$rc" -eq 0 ] && [ -z "$art" ]; then
		echo "$line: ok"
		continue
	fi
	failed=$((failed + 1))
	kind=$(grep -hoE 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer): [a-z-]+|runtime error|check failed' \
	    "$logs"/*.log 2>/dev/null | head -1)
	echo "$line: FAILED (${kind:-exit $rc}), ${art:-no input saved}; log $logs/"
	if [ -n "$art" ]; then
		echo "  reproduce: $bin $art"
	fi
done

[ "$n" -gt 0 ] || { echo "run.sh: no fuzz target in $dir (make fuzz-build)" >&2; exit 1; }
[ "$failed" -eq 0 ]
