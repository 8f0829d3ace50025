#!/bin/sh
# SPDX-License-Identifier: ISC
# cetrack report --format pdf, checked with poppler's tools as a reader
# would see it: pdfinfo (page size, page count), pdftotext (names, numbers,
# states, headers and "page N of M" on every page, a long title whole, a
# table header repeated after a page break, the attestation block only on
# a per-person report, whose page 1 shows the person and what is open
# rather than counts by state and whose attestation is on the page of the
# transcript's last entries) and pdftoppm (every page renders).
#
# Fictional people, as of 2026-03-01:
#   Dana Reyes, RN, CCM           CCM + RN-CA, behind; 32 activities, one
#                                 with a very long title (transcript spans
#                                 pages)
#   Marcus Oyelaran, LCSW         LCSW-TX, at risk
#   Priya Natarajan, RN, CDMS     CDMS, in grace
#   Tomás Echeverría-Whitfield    RN-CA, lapsed
#   Hannah Kowalczyk, CCM         CCM, complete
#   Grace Liu, CDMS               CDMS, behind
#   Sam Okafor, RN                RN-CA, 1 to 16 activities added one by
#                                 one (where the attestation would fall)
# and the demo department (`cetrack demo`) as an organization report on US
# Letter, where every state appears.
. "$(dirname "$0")/lib.sh"

for tool in pdfinfo pdftotext pdftoppm; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "test_report_pdf.sh: $tool missing (poppler-utils; make test-deps)" >&2
		t_fail "$tool installed"
		t_done
		exit 1
	fi
done

# fontconfig (under pango) leaks a few hundred bytes while it parses its
# configuration; that is its own, not cetrack's, and LeakSanitizer would
# otherwise fail every PDF run of the sanitized pass.
printf 'leak:libfontconfig.so\n' >"$T_DIR/lsan.supp"
export LSAN_OPTIONS="suppressions=$T_DIR/lsan.supp:print_suppressions=0"
export CETRACK_REPORT_GENERATED_AT=2026-03-01T09:30:00Z

LONG_TITLE="Interdisciplinary Care Transitions for Medically Complex Older Adults: Evidence-Based Strategies for Reducing Thirty-Day Readmissions, Coordinating Post-Acute Services, and Communicating with Families Across Languages and Cultures (Part 2 of 3)"

# -- fixture ---------------------------------------------------------------
t_ok "init" init
t_ok "add Dana" person add "Dana Reyes, RN, CCM" --id EMP-1001 \
    --email dana.reyes@example.org
t_ok "Dana CCM" cred add CCM --person EMP-1001 --number CCM-100234 \
    --valid-through 2027-05-31 --renewal-index 2
t_ok "Dana RN-CA" cred add RN-CA --person EMP-1001 --number RN-654321 \
    --valid-through 2026-08-31 --renewal-index 3
t_ok "Dana foundations" ce log "Case Management Foundations" \
    --person EMP-1001 --hours 20 --date 2023-04-01 \
    --provider "Example Case Management Society" --approval CCMC:C-20001
t_ok "Dana long title" ce log "$LONG_TITLE" --person EMP-1001 --hours 1.5 \
    --date 2025-03-12 --approval CCMC:C-12345 --approval CA-BRN:CEP-16789 \
    --topic ethics \
    --provider "Northwind Nursing Education Collaborative of the Pacific Coast"
i=1
ok=0
while [ $i -le 30 ]; do
	ct ce log "Medication Safety Module $i" --person EMP-1001 --hours 0.5 \
	    --date "2025-0$((i % 9 + 1))-1$((i % 10))" \
	    --approval "CA-BRN:CEP-$((16000 + i))" \
	    --provider "Example Online Learning"
	[ "$T_RC" -eq 0 ] && ok=$((ok + 1))
	i=$((i + 1))
done
t_eq "30 modules logged" 30 "$ok"
t_ok "add Marcus" person add "Marcus Oyelaran, LCSW" --id EMP-1002
t_ok "Marcus LCSW-TX" cred add LCSW-TX --person EMP-1002 --number 77123 \
    --valid-through 2026-03-31 --renewal-index 2
t_ok "Marcus ethics" ce log "Texas Social Work Ethics" --person EMP-1002 \
    --hours 3 --date 2025-05-01 --approval TSBSWE --topic ethics
t_ok "add Priya" person add "Priya Natarajan, RN, CDMS" --id EMP-1003
t_ok "Priya CDMS" cred add CDMS --person EMP-1003 --number CDMS-200111 \
    --valid-through 2025-12-31 --renewal-index 1
t_ok "Priya course" ce log "Utilization Review Update" --person EMP-1003 \
    --hours 40 --date 2024-06-01 --approval CDMS:D-55501
t_ok "add Tomás" person add "Tomás Echeverría-Whitfield, RN" --id EMP-1004
t_ok "Tomás RN-CA" cred add RN-CA --person EMP-1004 --number RN-777001 \
    --valid-through 2025-12-31 --renewal-index 2
t_ok "add Hannah" person add "Hannah Kowalczyk, CCM" --id EMP-1005
t_ok "Hannah CCM" cred add CCM --person EMP-1005 --number CCM-300777 \
    --valid-through 2029-05-31 --renewal-index 3
t_ok "Hannah course" ce log "Advanced Case Management" --person EMP-1005 \
    --hours 72 --date 2025-01-10 --approval CCMC:C-60001
t_ok "Hannah ethics" ce log "Ethics for Case Managers" --person EMP-1005 \
    --hours 8 --date 2025-02-10 --approval CCMC:C-60002 --topic ethics
t_ok "add Grace" person add "Grace Liu, CDMS" --id EMP-1006
t_ok "Grace CDMS" cred add CDMS --person EMP-1006 --number CDMS-4410 \
    --valid-through 2029-12-31 --renewal-index 2
t_ok "Grace course" ce log "Return-to-Work Planning" --person EMP-1006 \
    --hours 12 --date 2025-11-03 --approval CDMS:D-7001

# -- helpers ---------------------------------------------------------------

# pages FILE: the page count.
pages() {
	pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p'
}

# text FILE [FIRST LAST]: the text in content order, one word per space.
text() {
	if [ $# -eq 3 ]; then
		pdftotext -raw -f "$2" -l "$3" "$1" - 2>/dev/null
	else
		pdftotext -raw "$1" - 2>/dev/null
	fi | tr -s ' \n' '  '
}

# has NAME FILE STRING: the PDF's text holds STRING.
has() {
	if text "$2" | grep -qF -- "$3"; then t_pass
	else t_fail "$1: '$3' not in the PDF text"; fi
}

# on_page NAME FILE PAGE STRING: page PAGE's text holds STRING.
on_page() {
	if text "$2" "$3" "$3" | grep -qF -- "$4"; then t_pass
	else t_fail "$1: '$4' not on page $3"; fi
}

# not_on_page NAME FILE PAGE STRING: page PAGE's text does not hold STRING.
not_on_page() {
	if text "$2" "$3" "$3" | grep -qF -- "$4"; then
		t_fail "$1: '$4' on page $3"
	else t_pass; fi
}

# renders NAME FILE: pdftoppm -r 50 turns every page into a PNG, silently.
renders() {
	rm -rf "$T_DIR/png"
	mkdir "$T_DIR/png"
	if pdftoppm -r 50 -png "$2" "$T_DIR/png/p" 2>"$T_DIR/png.err" &&
	    [ ! -s "$T_DIR/png.err" ] &&
	    [ "$(find "$T_DIR/png" -name '*.png' -size +1k | wc -l)" -eq \
	    "$(pages "$2")" ]; then
		t_pass
	else
		t_fail "$1: pdftoppm did not render every page"
		sed 's/^/  pdftoppm: /' "$T_DIR/png.err" >&2
	fi
}

# -- the whole staff, A4 -------------------------------------------------
A4="$T_DIR/a4.pdf"
t_ok "report --all pdf A4" report --all --format pdf --as-of 2026-03-01 \
    --transcript -o "$A4"
t_eq "A4 page size" "595.276 x 841.89 pts (A4)" \
    "$(pdfinfo "$A4" | sed -n 's/^Page size: *//p')"
n=$(pages "$A4")
# The summary, then a page per person (6), and Dana's transcript goes on.
if [ "${n:-0}" -ge 8 ]; then t_pass; else t_fail "A4: $n pages, want at least 8"; fi
t_eq "PDF title metadata" "Compliance report" \
    "$(pdfinfo "$A4" | sed -n 's/^Title: *//p')"
t_eq "PDF creator" "cetrack $("$CETRACK" --version | cut -d' ' -f2)" \
    "$(pdfinfo "$A4" | sed -n 's/^Creator: *//p')"

for who in "Dana Reyes, RN, CCM" "Marcus Oyelaran, LCSW" \
    "Priya Natarajan, RN, CDMS" "Tomás Echeverría-Whitfield, RN" \
    "Hannah Kowalczyk, CCM" "Grace Liu, CDMS"; do
	has "name" "$A4" "$who"
done
for st in "Lapsed" "In grace" "At risk" "Behind" "Complete"; do
	has "state" "$A4" "$st"
done
has "credential number" "$A4" "CCM-100234"
has "Dana's CCM hours" "$A4" "21.5 / 80 h"
has "Marcus's hours" "$A4" "0 / 30 h"
has "Dana's ethics remaining" "$A4" "Ethics 8 h 1.5 h 6.5 h open"
has "summary: credentials by state" "$A4" "Lapsed 1 In grace 1 At risk 1 Behind 3 On track 0 Complete 1"
has "summary: people" "$A4" "6 people, 7 credentials."
has "approval number" "$A4" "CCMC C-12345"
has "as-of date" "$A4" "as of 2026-03-01"
has "generation time" "$A4" "generated 2026-03-01 09:30 UTC"
has "first footer" "$A4" "page 1 of $n"
has "last footer" "$A4" "page $n of $n"

# Every page has the header and its own footer.
bad=""
p=1
while [ "$p" -le "${n:-0}" ]; do
	pt=$(text "$A4" "$p" "$p")
	case "$pt" in
	*"cetrack compliance report"*"page $p of $n"*) ;;
	*) bad="$bad $p" ;;
	esac
	p=$((p + 1))
done
t_eq "header and footer on every page" "" "$bad"

# A new page per person: no page holds two people's headings.
bad=""
p=1
while [ "$p" -le "${n:-0}" ]; do
	c=$(text "$A4" "$p" "$p" | grep -o 'Most urgent:' | wc -l)
	[ "$c" -le 1 ] || bad="$bad $p"
	p=$((p + 1))
done
t_eq "one person per page" "" "$bad"
t_eq "six person sections" 6 "$(text "$A4" | grep -o 'Most urgent:' | wc -l)"

# The long title is there whole (wrapped over several lines of its cell).
has "long title whole" "$A4" "$LONG_TITLE"
# ... and wrapped: its first and last words are on different lines (an
# ellipsized title would still be whole in the text: cairo keeps the cut
# text behind the ellipsis glyph for copy and paste).
line=$(pdftotext -raw "$A4" - | grep -F "Interdisciplinary Care")
case "$line" in
*"Interdisciplinary Care"*) case "$line" in
	*"(Part 2 of 3)"*) t_fail "long title on one line: $line" ;;
	*) t_pass ;;
	esac ;;
*) t_fail "long title not found" ;;
esac
has "long provider whole" "$A4" "Northwind Nursing Education Collaborative of the Pacific Coast"

# Dana's transcript continues on a second page with the header repeated.
first=""
cont=""
p=1
while [ "$p" -le "${n:-0}" ]; do
	pt=$(text "$A4" "$p" "$p")
	case "$pt" in
	*"Medication Safety Module"*)
		if [ -z "$first" ]; then first=$p; else cont=$p; fi ;;
	esac
	p=$((p + 1))
done
if [ -n "$cont" ] && [ "$cont" -gt "$first" ]; then t_pass
else t_fail "Dana's transcript does not span pages ($first, $cont)"; fi
# The continuation page starts, under the page header, with the table's.
case "$(text "$A4" "${cont:-1}" "${cont:-1}")" in
"cetrack compliance report All people as of 2026-03-01 Date Title Provider Approval Hours Topics Counted Cert. "*) t_pass ;;
*) t_fail "table header not repeated at the top of page $cont" ;;
esac
# An organization report has no attestation block.
if text "$A4" | grep -q 'Signature'; then t_fail "attestation in an all-staff report"
else t_pass; fi
renders "A4 renders" "$A4"

# The same report twice: the same bytes.
t_ok "report again" report --all --format pdf --transcript --as-of 2026-03-01 \
    -o "$T_DIR/a4-again.pdf"
if cmp -s "$A4" "$T_DIR/a4-again.pdf"; then t_pass
else t_fail "the same report gave different PDF bytes"; fi

# -- US Letter -------------------------------------------------------------
LT="$T_DIR/letter.pdf"
t_ok "report --all pdf letter" report --all --format pdf --transcript --paper letter \
    --as-of 2026-03-01 -o "$LT"
t_eq "letter page size" "612 x 792 pts (letter)" \
    "$(pdfinfo "$LT" | sed -n 's/^Page size: *//p')"
nl=$(pages "$LT")
if [ "${nl:-0}" -ge 8 ]; then t_pass; else t_fail "letter: $nl pages"; fi
has "letter: long title whole" "$LT" "$LONG_TITLE"
has "letter: last footer" "$LT" "page $nl of $nl"
renders "letter renders" "$LT"

# -- one person: the attestation block -------------------------------------
ONE="$T_DIR/dana.pdf"
t_ok "report --person pdf" report --person EMP-1001 --format pdf \
    --as-of 2026-03-01 -o "$ONE"
has "attestation heading" "$ONE" "Attestation"
has "attestation text" "$ONE" "I attest that the continuing education listed above was completed as shown."
has "attestation name" "$ONE" "Name: Dana Reyes, RN, CCM"
has "signature and date lines" "$ONE" "Signature Date"
has "header names the person" "$ONE" "cetrack compliance report Dana Reyes, RN, CCM as of 2026-03-01"
if text "$ONE" | grep -q 'Marcus'; then t_fail "another person in a one-person report"
else t_pass; fi
renders "one-person report renders" "$ONE"

# Page 1 starts with her and what is open, not with an organization's
# counts by state (for one person mostly zeros).
case "$(text "$ONE" 1 1)" in
"cetrack compliance report Dana Reyes, RN, CCM as of 2026-03-01 Dana Reyes, RN, CCM ID EMP-1001 "*) t_pass ;;
*) t_fail "page 1 does not start with the person" ;;
esac
on_page "open credentials on page 1, by kind" "$ONE" 1 "Open certifications"
on_page "the behind credential on page 1" "$ONE" 1 "CCM-100234"
on_page "its state and days left on page 1" "$ONE" 1 "Behind in 456 days"
on_page "its missing ethics hours on page 1" "$ONE" 1 "Ethics 8 h 1.5 h 6.5 h open"
not_on_page "no summary on page 1" "$ONE" 1 "Summary"
if text "$ONE" | grep -qE 'Credentials by state|Deadlines and hours'; then
	t_fail "counts by state in a one-person report"
else t_pass; fi
# Nothing open: said so, and her credentials follow.
HK="$T_DIR/hannah.pdf"
t_ok "report --person pdf, all complete" report --person EMP-1005 \
    --format pdf --as-of 2026-03-01 -o "$HK"
on_page "nothing open" "$HK" 1 "Nothing open: no credential is short of hours."
not_on_page "no open certifications" "$HK" 1 "Open certifications"
not_on_page "no open licenses" "$HK" 1 "Open licenses"
on_page "her credential" "$HK" 1 "CCM-300777"
not_on_page "no summary for her" "$HK" 1 "Summary"

# -- one person: the attestation stays with the end of the transcript ------
# page_of FILE STRING: the first page whose text (as text() gives it)
# holds STRING; 0 if none. One pdftotext: pages end with a form feed.
page_of() {
	pdftotext -raw "$1" - 2>/dev/null | awk -v s="$2" '
	BEGIN { RS = "\f" }
	{ gsub(/[ \n]+/, " "); $0 = $0 " " }
	index($0, s) { print NR; found = 1; exit }
	END { if (!found) print 0 }'
}

# kept NAME FILE LAST WANT: the attestation is on the page of the
# transcript's last entry (whose text holds LAST) with at least WANT
# entries of the transcript (approval numbers CEP-5....), and a page it
# shares with no other section starts with the table's header.
kept() {
	_a=$(page_of "$2" "I attest that")
	_l=$(page_of "$2" "$3")
	_t=$(text "$2" "$_a" "$_a")
	_r=$(printf '%s' "$_t" | grep -o 'CEP-5' | wc -l)
	if [ "$_a" -eq 0 ] || [ "$_a" != "$_l" ]; then
		t_fail "$1: attestation on page $_a of $(pages "$2"), the last entry on page $_l"
	elif [ "$_r" -lt "$4" ]; then
		t_fail "$1: $_r entries with the attestation on page $_a, want $4"
	else
		case "$_t" in
		*"CE transcript, current cycles"*) t_pass ;;
		"cetrack compliance report "*" as of 2026-03-01 Date Title Provider Approval Hours Topics Counted Cert. "*) t_pass ;;
		*) t_fail "$1: page $_a does not start with the table header" ;;
		esac
	fi
}

# Dana's long transcript: its last entry (by date) is module 8.
t_eq "Dana: attestation on the page of the last entry" \
    "$(page_of "$ONE" "CEP-16008 ")" "$(page_of "$ONE" "I attest that")"

# Sam's transcript grows one entry at a time, each a day after the one
# before, from 1 (short) to 16: on main's code (a summary page first) A4
# with 9 to 13 entries and Letter with 8 to 12 put the attestation alone on
# page 3; with the person on page 1 and nothing kept, A4 with 8 to 12 and
# Letter with 7 to 11 put it alone on page 2 (and a few more leave it
# fewer than 3 entries).
t_ok "add Sam" person add "Sam Okafor, RN" --id EMP-1007
t_ok "Sam RN-CA" cred add RN-CA --person EMP-1007 --number RN-700700 \
    --valid-through 2026-08-31 --renewal-index 3
SAM="$T_DIR/sam.pdf"
i=1
while [ $i -le 16 ]; do
	t_ok "Sam module $i" ce log "Wound Care Module $i" --person EMP-1007 \
	    --hours 0.5 --date "2025-01-$(printf %02d $i)" \
	    --approval "CA-BRN:CEP-$((50000 + i))" \
	    --provider "Example Online Learning"
	want=$i
	[ $want -le 3 ] || want=3
	for paper in a4 letter; do
		t_ok "Sam pdf $i $paper" report --person EMP-1007 --format pdf \
		    --paper $paper --as-of 2026-03-01 -o "$SAM"
		kept "Sam, $i entries, $paper" "$SAM" "CEP-$((50000 + i)) " $want
	done
	i=$((i + 1))
done
renders "Sam's report renders" "$SAM"

# -- the demo department, by organization -----------------------------------
DEMO_DB="$T_DIR/demo.db"
"$CETRACK" -d "$DEMO_DB" init >/dev/null 2>&1
if "$CETRACK" -d "$DEMO_DB" demo --as-of 2026-11-24 >"$T_DIR/out" \
    2>"$T_DIR/err"; then t_pass; else t_fail "cetrack demo"; fi
DEMO="$T_DIR/demo.pdf"
if "$CETRACK" -d "$DEMO_DB" report --org 1 --as-of 2026-11-24 \
    --format pdf --paper letter -o "$DEMO" 2>"$T_DIR/err"; then t_pass
else t_fail "demo: report --org 1 --format pdf"; fi
nd=$(pages "$DEMO")
if [ "${nd:-0}" -gt 12 ]; then t_pass; else t_fail "demo: $nd pages for 12 people"; fi
has "demo: organization in the header" "$DEMO" \
    "cetrack compliance report Riverside Example Medical Center"
for st in "Lapsed" "In grace" "At risk" "Behind" "On track" "Complete" \
    "Retired"; do
	has "demo: state" "$DEMO" "$st"
done
has "demo: last footer" "$DEMO" "page $nd of $nd"
renders "demo renders" "$DEMO"

# -- to stdout, and failures -------------------------------------------------
ct report --person EMP-1004 --format pdf --as-of 2026-03-01
if [ "$T_RC" -eq 0 ] && head -c 5 "$T_DIR/out" | grep -q '^%PDF-'; then t_pass
else t_fail "PDF to a redirected stdout"; fi
"$CETRACK" -d "$CETRACK_DB" report --all --format pdf --as-of 2026-03-01 \
    >/dev/full 2>"$T_DIR/err"
T_RC=$?
: >"$T_DIR/out"
if [ "$T_RC" -eq 1 ] && [ "$(wc -l <"$T_DIR/err")" -eq 1 ] &&
    grep -q 'write error' "$T_DIR/err"; then t_pass
else t_fail "a full disk is a write error (exit $T_RC)"; fi
t_bad "unknown paper" "--paper: 'a5'" report --format pdf --paper a5 \
    -o "$T_DIR/x.pdf"

t_done
