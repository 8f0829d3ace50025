#!/bin/sh
# SPDX-License-Identifier: ISC
# The benchmarks must not rot (issue 5): `bench/gen small` and one quick
# pass of every benchmark of bench/run.sh (BENCH_QUICK=1) against the
# binaries under test. Nothing here is timed: a benchmark passes when its
# commands succeed and its figures are written.
. "$(dirname "$0")/lib.sh"

# fontconfig (under pango) leaks a few hundred bytes while it parses its
# configuration; that is its own, not cetrack's (as in test_report_pdf.sh).
printf 'leak:libfontconfig.so\n' >"$T_DIR/lsan.supp"
export LSAN_OPTIONS="suppressions=$T_DIR/lsan.supp:print_suppressions=0"

: >"$T_DIR/out"
export BENCH_QUICK=1 BENCH_DATA="$T_DIR/data" BENCH_OUT="$T_DIR/RESULTS.md"
if bash bench/run.sh "$BUILD" >"$T_DIR/log" 2>&1; then t_pass
else
	sed 's/^/  bench: /' "$T_DIR/log" | tail -20 >&2
	t_fail "bench/run.sh BENCH_QUICK=1 failed"
fi

# The generator's small set: the documented sizes, deterministic.
for f in roster.csv transcript.csv baseline.sql orgs.txt; do
	if [ -s "$T_DIR/data/small/$f" ]; then t_pass
	else t_fail "bench/gen small: no $f"; fi
done
bench/gen small "$T_DIR/again" --seed 1 >/dev/null 2>&1
if cmp -s "$T_DIR/data/small/transcript.csv" "$T_DIR/again/transcript.csv" &&
    cmp -s "$T_DIR/data/small/baseline.sql" "$T_DIR/again/baseline.sql"
then t_pass; else t_fail "bench/gen small --seed 1 is not deterministic"; fi

# The write lock during the daemon's first pass was measured.
if grep -q 'longest write-lock hold seen by a writer trying every millisecond was [0-9][0-9]* ms' "$T_DIR/RESULTS.md" 2>/dev/null
then t_pass; else t_fail "no write-lock figure in RESULTS.md"; fi

# Every benchmark left a figure beside its baseline.
for name in import:cetrack import:sqlite3 report-json:cetrack \
    report-json-transcripts:cetrack report-json:sqlite3-aggregate \
    report-pdf:cetrack status:cetrack status:sqlite3-one-person \
    ce-log:cetrack ce-log:sqlite3-insert daemon-dry:small daemon-dry-cold:small; do
	if grep -q "^$name	" "$T_DIR/RESULTS.md" 2>/dev/null; then t_pass
	else t_fail "no figure for $name in RESULTS.md"; fi
done
if grep -q '^deliver-[0-9]*:parallel' "$T_DIR/RESULTS.md" 2>/dev/null
then t_pass; else t_fail "no delivery figure in RESULTS.md"; fi
# Delivery lost and duplicated nothing; the idle daemon was measured.
if grep -q 'loss: 0, duplicates: 0' "$T_DIR/RESULTS.md" 2>/dev/null
then t_pass; else t_fail "delivery: loss or duplicates in the smoke run"; fi
if grep -Eq '^Idle daemon .*its peak \(VmHWM\) [0-9]+ KiB' "$T_DIR/RESULTS.md" 2>/dev/null
then t_pass; else t_fail "no idle daemon figure"; fi

t_done
