#!/bin/sh
# SPDX-License-Identifier: ISC
# The HTML report in a real browser (issue 17): Debian's Chromium, driven
# by playwright-core (npm, pinned, installed into the build folder beside
# standardwebhooks, as tests/integration/test_standard_webhooks.sh does),
# opens the report of everyone and the report of one person, made from
# the report fixture (tests/data/report/fixture.sh) plus one person with
# long names and numbers (RN-2024-00012345-CA), and measures, with
# tests/integration/browser_report.js:
#   - at 1024 and 1280 px, the page is no wider than the window (a wide
#     table scrolls inside its own box, never the page);
#   - with print media at the width of an A4 page less the margins, the
#     same: nothing is cut at the right edge when printed;
#   - no number, date or identifier runs onto a second line (broken at a
#     hyphen, as license numbers were), on screen or in print: neither an
#     element the report marks as one (td.n, span.n, .d, .id) nor, by
#     its text alone, any word with a digit in a table cell;
# and leaves full-page screenshots in $BUILD/browser/report-1024.png,
# report-1280.png (and person-*.png) and the printed report in
# report-a4.pdf, for a look by eye.
#
# The HTML is the same in the sanitized pass (test_report.sh compares it
# byte for byte in both), so the browser runs in the unsanitized one only.
# If npm cannot install playwright-core (no network, no cache) the test
# says so and skips, unless CI is set: then it fails.
. "$(dirname "$0")/../cli/lib.sh"

# playwright-core 1.64.1 is the release made for Chromium 156 (its
# browsers.json names 156.0.8078.4; Debian 12's is 156.0.8078.129): the
# driver speaks the DevTools protocol of the same major version.
PW_VERSION=1.64.1
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
DATA="$(cd "$(dirname "$0")/../data/report" && pwd)"
JS="$(cd "$(dirname "$0")" && pwd)/browser_report.js"

if grep -q __asan_init "$CETRACK" 2>/dev/null; then
	echo "skip: the browser test ran in the unsanitized pass" >&2
	t_done
	exit
fi

if [ ! -x "$CHROMIUM" ]; then
	t_fail "$CHROMIUM not found; 'make test-deps' installs Debian's chromium"
	t_done
	exit 1
fi

npm_dir="$(cd "$BUILD" && pwd)/npm"
pw="$npm_dir/node_modules/playwright-core"
if ! grep -q "\"version\": \"$PW_VERSION\"" "$pw/package.json" 2>/dev/null; then
	mkdir -p "$npm_dir"
	if ! npm install --prefix "$npm_dir" --cache "$npm_dir/cache" \
	    --prefer-offline --no-audit --no-fund --save-exact \
	    "playwright-core@$PW_VERSION" >"$T_DIR/npm.log" 2>&1; then
		cat "$T_DIR/npm.log" >&2
		if [ -n "${CI:-}" ]; then
			t_fail "npm install playwright-core@$PW_VERSION into $npm_dir"
			t_done
			exit 1
		fi
		echo "skip: npm could not install playwright-core@$PW_VERSION (offline?); with CI set this fails" >&2
		t_done
		exit
	fi
fi
t_eq "playwright-core $PW_VERSION installed" 1 \
    "$(grep -c "\"version\": \"$PW_VERSION\"" "$pw/package.json")"

# The report fixture, with its frozen rule packs, as test_report.sh.
cp -R "$DATA/programs" "$T_DIR/programs"
mkdir -p "$XDG_CONFIG_HOME/cetrack"
printf '[programs]\ndir = %s\n' "$T_DIR/programs" \
    >"$XDG_CONFIG_HOME/cetrack/cetrack.ini"
if sh "$DATA/fixture.sh" "$CETRACK" "$CETRACK_DB" 2>"$T_DIR/err"; then
	t_pass
else
	t_fail "fixture: $(cat "$T_DIR/err")"
	t_done
	exit 1
fi

# Someone whose names and numbers are long, with hyphens to break at.
id=EMP-2024-00012345-CM
t_ok "long person" person add "Maximiliana Alexandrova-Fitzgerald-Montgomery" \
    --email maximiliana.alexandrova-fitzgerald@riverbend-general-hospital.example.org \
    --id "$id" --org "Riverbend General Hospital Case Management"
t_ok "long RN-CA number" cred add RN-CA --person "$id" \
    --number RN-2024-00012345-CA --valid-through 2027-03-31 --renewal-index 2
t_ok "long CCM number" cred add CCM --person "$id" \
    --number CCM-2023-0009876543-BC --valid-through 2027-11-30 --renewal-index 1
t_ok "long course" ce log "Interdisciplinary Approaches to Post-Acute Transitional Care Coordination for Medically Complex Older Adults" \
    --person "$id" --hours 7.5 --date 2025-11-02 \
    --provider "American Association of Post-Acute Care Nursing, Continuing Education Division" \
    --approval CA-BRN:CEP-2024-000123456 --approval CCMC:C-2025-00098765-XYZ \
    --topic ethics=1.5 --topic implicit-bias=1 --topic cultural-competence=0.5

export CETRACK_REPORT_GENERATED_AT=2026-03-01T09:30:00Z
t_ok "report of everyone" report --as-of 2026-03-01 --format html \
    --transcript -o "$T_DIR/report.html"
t_ok "report of one person" report --as-of 2026-03-01 --format html \
    --person "$id" -o "$T_DIR/person.html"

shots="$(cd "$BUILD" && pwd)/browser"
rm -rf "$shots"
mkdir -p "$shots"
timeout 180 node "$JS" "$pw" "$CHROMIUM" "$shots" \
    report="$T_DIR/report.html" person="$T_DIR/person.html" \
    >"$T_DIR/out" 2>"$T_DIR/err"
rc=$?
t_eq "playwright-core drove $CHROMIUM (exit 0)" 0 "$rc"
if [ "$rc" -ne 0 ]; then
	t_done
	exit 1
fi
echo "browser: Chromium $(t_jv 'j["browser"]'), playwright-core $PW_VERSION" >&2

t_eq "the detector sees a number broken at a hyphen, and one kept" "1 0" \
    "$(t_jv 'j["control"]["loose"]' 'j["control"]["kept"]')"

# Each page at each width: "ok", or the number that is wrong.
for r in "report screen 1024" "report screen 1280" "report print 688" \
    "person screen 1024" "person screen 1280" "person print 688"; do
	# shellcheck disable=SC2086
	set -- $r
	q="[r for r in j['runs'] if r['name'] == '$1' and r['media'] == '$2' and r['width'] == $3][0]"
	t_eq "$r: the page is no wider than the window" ok \
	    "$(t_jv "'ok' if ${q}['scrollWidth'] <= $3 else ${q}['scrollWidth']")"
	t_eq "$r: numbers, dates and identifiers were looked at" ok \
	    "$(t_jv "'ok' if ${q}['tokens'] >= 20 else ${q}['tokens']")"
	t_eq "$r: none runs onto a second line" "" \
	    "$(t_jv "' | '.join(${q}['broken'])")"
	t_eq "$r: words with a digit in table cells were looked at" ok \
	    "$(t_jv "'ok' if ${q}['words'] >= 20 else ${q}['words']")"
	t_eq "$r: none breaks (at a hyphen or anywhere)" "" \
	    "$(t_jv "' | '.join(${q}['brokenWords'])")"
	s=$(t_jv "' '.join(${q}['scrolling'])")
	[ -z "$s" ] || echo "$r: tables scrolling in their own box: $s" >&2
done

for f in report-1024.png report-1280.png person-1024.png person-1280.png; do
	t_eq "screenshot $f" "PNG" \
	    "$(head -c 4 "$shots/$f" 2>/dev/null | tail -c 3)"
done
t_eq "printed report-a4.pdf" "%PDF-" "$(head -c 5 "$shots/report-a4.pdf" 2>/dev/null)"

t_done
