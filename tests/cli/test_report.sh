#!/bin/sh
# SPDX-License-Identifier: ISC
# cetrack report, end to end: golden files for the text, md, csv, json and
# html renderers over the fictional department of tests/data/report/
# fixture.sh (a dozen people covering every state) on a fixed --as-of and
# a fixed generation time; the urgency order, the summary counts, the
# organization and person selections, escaping, the atomic -o write, the
# PDF path, and one-line errors for bad input.
#
# Regenerate the golden files after an intended change, then review the
# diff by eye before committing:
#   UPDATE_GOLDEN=1 sh tests/cli/test_report.sh
. "$(dirname "$0")/lib.sh"

DATA="$(cd "$(dirname "$0")/../data/report" && pwd)"
GOLDEN="$DATA/golden"
AS_OF=2026-03-01
export CETRACK_REPORT_GENERATED_AT=2026-03-01T09:30:00Z

# fontconfig (under pango, for the PDF) keeps a cache it never frees;
# under LeakSanitizer that is not ours to report.
printf 'leak:libfontconfig.so\n' >"$T_DIR/lsan.supp"
export LSAN_OPTIONS="suppressions=$T_DIR/lsan.supp:print_suppressions=0"

# The frozen rule packs, through the configuration.
cp -R "$DATA/programs" "$T_DIR/programs"
mkdir -p "$XDG_CONFIG_HOME/cetrack"
printf '[programs]\ndir = %s\n' "$T_DIR/programs" \
    >"$XDG_CONFIG_HOME/cetrack/cetrack.ini"

# Build the fixture database with the real CLI.
if sh "$DATA/fixture.sh" "$CETRACK" "$CETRACK_DB" 2>"$T_DIR/err"; then
	t_pass
else
	t_fail "fixture: $(cat "$T_DIR/err")"
	t_done
	exit 1
fi

# norm FILE: the packs' directory differs per run; Markdown escapes "_".
norm() {
	p="$T_DIR/programs"
	pmd=$(printf '%s' "$p" | sed 's/[][\\_*`#~|]/\\&/g')
	sed -e "s|$pmd|@PROGRAMS@|g" -e "s|$p|@PROGRAMS@|g" "$1"
}

# golden NAME ARGS...: `cetrack report ARGS` must print the golden file.
golden() {
	g=$1; shift
	ct report --as-of "$AS_OF" "$@"
	if [ "$T_RC" -ne 0 ]; then
		t_fail "golden $g (exit $T_RC)"
		return
	fi
	norm "$T_DIR/out" >"$T_DIR/got"
	if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
		mkdir -p "$GOLDEN"
		cp "$T_DIR/got" "$GOLDEN/$g"
		echo "updated $GOLDEN/$g" >&2
		t_pass
	elif cmp -s "$GOLDEN/$g" "$T_DIR/got"; then
		t_pass
	else
		diff -u "$GOLDEN/$g" "$T_DIR/got" | head -40 >&2
		t_fail "golden $g differs (UPDATE_GOLDEN=1 to regenerate)"
	fi
}

golden all.txt --transcript
golden all.md --format md --transcript
golden all.csv --all --format csv
golden all-requirements.csv --all --format csv --csv-shape requirements --transcript
golden all.json --format json --transcript
golden all.html --format html --transcript
golden person.txt --person "Dana Reyes"
golden person.html --person EMP-1002 --format html
golden org.md --org "Riverbend General Hospital Case Management" --format md --transcript
# Without --transcript a report of many people has none.
golden all-summary.txt

# Transcripts: a person's report has one, an organization's only when asked.
ct report --as-of "$AS_OF" --format json
t_eq "all: no transcripts by default (null)" "true" \
    "$(t_jv 'all(p["transcript"] is None for p in j["people"])')"
ct report --as-of "$AS_OF" --org 2 --format json
t_eq "org: no transcripts by default" "true" \
    "$(t_jv 'all(p["transcript"] is None for p in j["people"])')"
ct report --as-of "$AS_OF" --format csv
if grep -q '^activity,' "$T_DIR/out"; then t_fail "csv: activity rows without --transcript"; else t_pass; fi
if grep -q 'CE transcript' "$T_DIR/out"; then t_fail "csv: transcript"; else t_pass; fi
ct report --as-of "$AS_OF"
if grep -q 'CE transcript' "$T_DIR/out"; then t_fail "text: transcript without --transcript"; else t_pass; fi
ct report --as-of "$AS_OF" --person "Dana Reyes" --format json
t_eq "person: a transcript by default" "true" "$(t_jv 'len(j["people"][0]["transcript"]) > 0')"
ct report --as-of "$AS_OF" --person "Dana Reyes" --format json --no-transcript
t_eq "person --no-transcript" "None" "$(t_jv 'j["people"][0]["transcript"]')"
ct report --as-of "$AS_OF" --format json --transcript --transcript
t_eq "--transcript twice is fine" "0" "$T_RC"

# The hidden --generated-at wins over the environment.
ct report --as-of "$AS_OF" --format json --generated-at 2027-01-02T03:04:05Z
t_eq "--generated-at" "2027-01-02T03:04:05Z" "$(t_jv 'j["generated_at"]')"

# Sorted by urgency: lapsed, grace, at risk, behind, on track, complete,
# then days left; people without credentials last.
ct report --as-of "$AS_OF" --format json --transcript
t_eq "people in urgency order" \
    "lapsed lapsed grace at_risk at_risk behind behind behind on_track on_track on_track complete None" \
    "$(t_jv '" ".join(str(p["state"]) for p in j["people"])')"
t_eq "within a state, fewest days left first" \
    "Grace O'Connor|Ben Carter|Chloé Dubois|Priya Natarajan" \
    "$(t_jv '"|".join(p["name"] for p in j["people"] if p["state"] in ("lapsed", "at_risk"))')"
t_eq "a person's credentials in urgency order" "lapsed on_track" \
    "$(t_jv '" ".join(c["state"] for c in [p for p in j["people"] if p["name"] == "Ben Carter"][0]["credentials"])')"

# Summary counts: as expected, and the same as counting the credentials.
t_eq "summary by state" \
    "lapsed=2 grace=1 at_risk=2 behind=3 on_track=5 complete=2 inactive=0 retired=1" \
    "$(t_jv '" ".join("%s=%d" % kv for kv in j["summary"]["by_state"].items())')"
t_eq "summary agrees with the credentials" "true" \
    "$(t_jv 'all(n == sum(c["state"] == s for p in j["people"] for c in p["credentials"]) for s, n in j["summary"]["by_state"].items())')"
t_eq "people, credentials, expiring 30/60/90" "13 16 1 2 2" \
    "$(t_jv 'j["summary"]["people"]' 'j["summary"]["credentials"]' 'j["summary"]["expiring_30"]' 'j["summary"]["expiring_60"]' 'j["summary"]["expiring_90"]')"
t_eq "people short and hours missing" "true true" \
    "$(t_jv 'j["summary"]["people_short"] == sum(p["hours_short"] for p in j["people"])' \
        'abs(j["summary"]["hours_missing"] - sum(p["hours_missing"] for p in j["people"])) < 0.001')"
t_eq "Dana: CCM behind with ethics to go" "behind 80 27.5 52.5 6.5" \
    "$(t_jv '[c for p in j["people"] for c in p["credentials"] if c["number"] == "CCM-100234"][0]["state"]' \
        '[c for p in j["people"] for c in p["credentials"] if c["number"] == "CCM-100234"][0]["hours"]["required"]' \
        '[c for p in j["people"] for c in p["credentials"] if c["number"] == "CCM-100234"][0]["hours"]["counted"]' \
        '[c for p in j["people"] for c in p["credentials"] if c["number"] == "CCM-100234"][0]["hours"]["remaining"]' \
        '[c for p in j["people"] for c in p["credentials"] if c["number"] == "CCM-100234"][0]["requirements"][1]["remaining"]')"
t_eq "Marcus: old cycle's course not in the transcript; certificate" \
    "3 true" \
    "$(t_jv 'len([p for p in j["people"] if p["name"] == "Marcus Whitfield"][0]["transcript"])' \
        'any(a["certificate"] for a in [p for p in j["people"] if p["name"] == "Marcus Whitfield"][0]["transcript"])')"

# Organization and person selections.
ct report --as-of "$AS_OF" --org "Riverbend General Hospital Case Management" --format json
t_eq "--org: its 12 people, named in the header" \
    "12 Riverbend General Hospital Case Management organization false" \
    "$(t_jv 'len(j["people"])' 'j["organization"]' 'j["scope"]' 'any(p["name"] == "Olga Petrova" for p in j["people"])')"
ct report --as-of "$AS_OF" --org 2 --format json
t_eq "--org by id" "Olga Petrova" "$(t_jv '" ".join(p["name"] for p in j["people"])')"
ct report --as-of "$AS_OF" --person EMP-1003
t_out "--person: the attestation" '^  I attest that the continuing education listed above was completed as shown\.$'
t_out "--person: signature and date lines" '^  Signature: _+ +Date: _+$'
ct report --as-of "$AS_OF"
if grep -q "I attest" "$T_DIR/out"; then t_fail "no attestation in --all"; else t_pass; fi

# Escaping: HTML and Markdown escape, CSV quotes, JSON carries raw text.
ct report --as-of "$AS_OF" --format html
t_out "html escapes the name" 'Robin &lt;script&gt;alert\(1\)&lt;/script&gt; Ng'
t_out "html escapes & and quotes" 'EMP-1009 &amp; &quot;Co&quot;'
if grep -q '<script' "$T_DIR/out"; then t_fail "html has a <script> tag"; else t_pass; fi
# Links inside the file (href="#person-2") are fine; a verification's
# source URL is text, not a reference.
if grep -Eq 'src=|href="[^#]|url\(|@import|="https?:' "$T_DIR/out"; then
	t_fail "html refers to something outside the file"
else t_pass; fi
t_out "html print stylesheet" 'thead\{display:table-header-group\}'
t_out "html page break per person" 'section\.person\{page-break-before:always'
ct report --as-of "$AS_OF" --format md
t_out "md escapes the name" 'Robin &lt;script&gt;alert\(1\)&lt;/script&gt; Ng'
ct report --as-of "$AS_OF" --format csv --csv-shape requirements --transcript
t_eq "csv parses back to the raw text" \
    "Robin <script>alert(1)</script> Ng|EMP-1009 & \"Co\"|Safety, Quality & \"Just Culture\"" \
    "$(/usr/bin/python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
r = [x for x in rows if x["person"].startswith("Robin") and x["section"] == "activity"][0]
print("|".join([r["person"], r["external_id"], r["title"]]))' "$T_DIR/out")"
t_eq "csv rows: every line has the header's columns" "True" \
    "$(/usr/bin/python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
print(all(len(r) == len(rows[0]) for r in rows) and len(rows) > 40)' "$T_DIR/out")"

# -o: written to a temporary file and renamed; nothing else left behind.
mkdir "$T_DIR/o"
echo "old report" >"$T_DIR/o/r.html"
ln "$T_DIR/o/r.html" "$T_DIR/o/old-link"
t_ok "-o writes the file" report --as-of "$AS_OF" --format html -o "$T_DIR/o/r.html"
t_eq "-o prints nothing on stdout" "0" "$(wc -c <"$T_DIR/out" | tr -d ' ')"
ct report --as-of "$AS_OF" --format html
if cmp -s "$T_DIR/out" "$T_DIR/o/r.html"; then t_pass; else t_fail "-o differs from stdout"; fi
t_eq "-o replaced the file by rename (the old link keeps the old text)" \
    "old report" "$(cat "$T_DIR/o/old-link")"
t_eq "-o leaves no temporary file" "old-link r.html" "$(ls -A "$T_DIR/o" | tr '\n' ' ' | sed 's/ $//')"
t_eq "-o file mode follows the umask" "644" "$(umask 022; "$CETRACK" -d "$CETRACK_DB" report --as-of "$AS_OF" -o "$T_DIR/o/m.txt"; stat -c %a "$T_DIR/o/m.txt")"
rm -f "$T_DIR/o/m.txt"
t_bad "-o into a missing directory" '^cetrack: report: -o: .*/nodir/r\.txt: No such file or directory$' \
    report --as-of "$AS_OF" -o "$T_DIR/nodir/r.txt"
t_bad "a failed run keeps the old file" "no person matches 'Nobody'" \
    report --as-of "$AS_OF" --person Nobody -o "$T_DIR/o/r.html"
ct report --as-of "$AS_OF" --format html
if cmp -s "$T_DIR/out" "$T_DIR/o/r.html"; then t_pass; else t_fail "failed run changed the file"; fi
t_eq "a failed run leaves no temporary file" "old-link r.html" "$(ls -A "$T_DIR/o" | tr '\n' ' ' | sed 's/ $//')"

t_ok "-o - is stdout" report --as-of "$AS_OF" --format csv -o -
t_out "-o - printed the CSV" '^as_of,person_id,person,external_id,'
if [ -e ./- ]; then t_fail "-o - made a file named -"; rm -f ./-; else t_pass; fi

# PDF through the renderer of lib/report/report_pdf.c: to a file or a pipe.
t_ok "pdf -o" report --as-of "$AS_OF" --format pdf --paper letter -o "$T_DIR/o/r.pdf"
t_eq "pdf magic" "%PDF-" "$(head -c 5 "$T_DIR/o/r.pdf")"
if command -v pdftotext >/dev/null 2>&1; then
	if pdftotext "$T_DIR/o/r.pdf" - | grep -q "Dana Reyes"; then t_pass
	else t_fail "pdf text lacks Dana Reyes"; fi
fi
ct report --as-of "$AS_OF" --person "Dana Reyes" --format pdf
t_eq "pdf to a pipe" "0 %PDF-" "$T_RC $(head -c 5 "$T_DIR/out")"
# Not to a terminal.
t_eq "pdf refused on a terminal" \
    "2 cetrack: report: --format pdf: stdout is a terminal, expected -o FILE or a redirection" \
    "$(/usr/bin/python3 - "$CETRACK" "$CETRACK_DB" <<'PY'
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], "-d", sys.argv[2], "report",
        "--format", "pdf"])
out = b""
while True:
    try:
        b = os.read(fd, 4096)
    except OSError:
        break
    if not b:
        break
    out += b
_, st = os.waitpid(pid, 0)
print(os.waitstatus_to_exitcode(st), out.decode().strip())
PY
)"

# Bad input: one line, the field and the accepted form, exit 2 or 1.
t_bad "bad --format" "^cetrack: report: --format: 'xml' is not a format, expected text, md, csv, json, html or pdf$" \
    report --format xml
t_rc "bad --format exits 2" 2 report --format xml
t_bad "bad --as-of" "^cetrack: report: --as-of: .*2026-02-30" report --as-of 2026-02-30
t_rc "bad --as-of exits 2" 2 report --as-of 2026-02-30
t_bad "unknown person" "no person matches 'Nobody'" report --person Nobody
t_rc "unknown person exits 1" 1 report --person Nobody
t_bad "unknown organization" "no organization matches 'Nowhere'" report --org Nowhere
t_rc "unknown organization exits 1" 1 report --org Nowhere
t_bad "two selectors" "^cetrack: report: --person, --org and --all: give at most one$" \
    report --all --person "Dana Reyes"
t_bad "bad --paper" "^cetrack: report: --paper: 'a5' is not a paper size, expected a4 or letter$" \
    report --format pdf --paper a5 -o "$T_DIR/o/x.pdf"
t_bad "--paper without pdf" "^cetrack: report: --paper: only for --format pdf$" \
    report --paper letter
t_bad "--transcript and --no-transcript" "^cetrack: report: --transcript and --no-transcript: give at most one$" \
    report --transcript --no-transcript
t_bad "bad --generated-at" "^cetrack: report: --generated-at: 'noon' is not a time, expected YYYY-MM-DDTHH:MM:SSZ \(UTC\)$" \
    report --generated-at noon
err=$(CETRACK_REPORT_GENERATED_AT=2026-13-01T00:00:00Z "$CETRACK" -d "$CETRACK_DB" \
    report 2>&1 >/dev/null)
t_eq "bad CETRACK_REPORT_GENERATED_AT" "2 cetrack: report: CETRACK_REPORT_GENERATED_AT: '2026-13-01T00:00:00Z' is not a time, expected YYYY-MM-DDTHH:MM:SSZ (UTC)" \
    "$? $err"
t_bad "unexpected argument" "^cetrack: report: unexpected argument 'extra'$" report extra
t_bad "unknown option" "unknown option '--colour'" report --colour
t_ok "--help" report --help
t_out "--help shows the usage" '^usage: cetrack report '

# -o naming a FIFO (as /dev/null or /dev/stdout would): the report is
# written into it; renaming a finished file over it replaced the device
# (cetrack report -o /dev/null, run as root, left a regular file there).
mkfifo "$T_DIR/pipe"
timeout 20 cat "$T_DIR/pipe" >"$T_DIR/piped" &
cpid=$!
ct report --format json -o "$T_DIR/pipe"
wait $cpid
t_eq "report -o FIFO exits 0" 0 "$T_RC"
t_eq "the FIFO is still a FIFO" 1 "$([ -p "$T_DIR/pipe" ] && echo 1 || echo 0)"
t_eq "its reader got the report" 1 "$(grep -c '"report": "cetrack compliance report"' "$T_DIR/piped")"
timeout 20 cat "$T_DIR/pipe" >"$T_DIR/piped" &
cpid=$!
ct export --format json -o "$T_DIR/pipe"
wait $cpid
t_eq "export -o FIFO exits 0" 0 "$T_RC"
t_eq "the FIFO is still a FIFO after export" 1 "$([ -p "$T_DIR/pipe" ] && echo 1 || echo 0)"
t_eq "its reader got the export" 1 "$([ -s "$T_DIR/piped" ] && /usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1])); print(1)' "$T_DIR/piped")"

t_done
