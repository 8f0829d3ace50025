#!/bin/sh
# SPDX-License-Identifier: ISC
# Reports a director takes into a survey (issue 17), over the fictional
# department of tests/data/report/fixture.sh on 2026-03-01:
#   - `report --exceptions` lists exactly the people who need action, in
#     every format, and the organization report opens with them;
#   - the CSV is one row per credential with named columns, and a cell a
#     spreadsheet would run as a formula is not one;
#   - licenses and certifications are told apart in every format;
#   - `cred verify` records primary-source verifications (history,
#     audit, export and import), every format shows the latest, and the
#     [reports] policy decides which are missing or stale;
#   - bad input is one line and leaves the database as it was.
. "$(dirname "$0")/lib.sh"

DATA="$(cd "$(dirname "$0")/../data/report" && pwd)"
AS_OF=2026-03-01
export CETRACK_REPORT_GENERATED_AT=2026-03-01T09:30:00Z
printf 'leak:libfontconfig.so\n' >"$T_DIR/lsan.supp"
export LSAN_OPTIONS="suppressions=$T_DIR/lsan.supp:print_suppressions=0"

cp -R "$DATA/programs" "$T_DIR/programs"
mkdir -p "$XDG_CONFIG_HOME/cetrack"
CONF="$XDG_CONFIG_HOME/cetrack/cetrack.ini"
printf '[programs]\ndir = %s\n' "$T_DIR/programs" >"$CONF"

if sh "$DATA/fixture.sh" "$CETRACK" "$CETRACK_DB" 2>"$T_DIR/err"; then
	t_pass
else
	t_fail "fixture: $(cat "$T_DIR/err")"
	t_done
	exit 1
fi

# Who needs action on 2026-03-01 (fixture.sh): the lapsed, in grace, at
# risk and behind, the licenses never verified, and Harold Bishop, whose
# only verification is from before his cycle began. Everyone else is in
# order and must not be in an exceptions report at all.
NEED="Grace O'Connor|Ben Carter|Tomás Álvarez|Chloé Dubois|Priya Natarajan|Li Wei|Robin <script>alert(1)</script> Ng|Dana Reyes|Harold Bishop"
FINE="Marcus Whitfield|Keisha Brown|Olga Petrova|Ana María Souza"

# names FILE: which of NEED and FINE the text holds, as "need=N fine=N".
names() {
	/usr/bin/python3 - "$1" "$NEED" "$FINE" <<'PY'
import html, sys
t = open(sys.argv[1], encoding="utf-8").read()
t = html.unescape(t).replace("\\_", "_")
need = [n for n in sys.argv[2].split("|") if n in t]
fine = [n for n in sys.argv[3].split("|") if n in t]
print("need=%d fine=%d%s" % (len(need), len(fine),
    "" if not fine else " (" + ", ".join(fine) + ")"))
PY
}

for f in text md csv json html; do
	ct report --as-of "$AS_OF" --exceptions --format "$f"
	t_eq "--exceptions --format $f: exactly the people who need action" \
	    "0 need=9 fine=0" "$T_RC $(names "$T_DIR/out")"
done
ct report --as-of "$AS_OF" --exceptions --format pdf -o "$T_DIR/x.pdf"
pdftotext -layout "$T_DIR/x.pdf" "$T_DIR/x.txt"
t_eq "--exceptions --format pdf: exactly the people who need action" \
    "0 need=9 fine=0" "$T_RC $(names "$T_DIR/x.txt")"
ct report --as-of "$AS_OF" --exceptions --format json
t_eq "--exceptions: the summary still counts everyone" \
    "13 9 9 true" \
    "$(t_jv 'j["summary"]["people"]' 'j["summary"]["people_needing_action"]' \
    'j["summary"]["credentials_needing_action"]' 'j["exceptions_only"]')"
t_eq "--exceptions: only the credentials that need action" "True" \
    "$(t_json 'all(c["needs_action"] for p in j["people"] for c in p["credentials"])')"
t_eq "--exceptions: Li Wei's complete CCM is left out" "RN-CA" \
    "$(t_json '" ".join(c["program"] for p in j["people"] if p["name"] == "Li Wei" for c in p["credentials"])')"
t_eq "why each needs action" \
    "Grace O'Connor:lapsed+unverified Ben Carter:lapsed+unverified Tomás Álvarez:grace Chloé Dubois:at_risk Priya Natarajan:at_risk+unverified Li Wei:behind+unverified Robin <script>alert(1)</script> Ng:behind+unverified Dana Reyes:behind Harold Bishop:verification_stale" \
    "$(t_json '" ".join(p["name"] + ":" + "+".join(c["action"]) for p in j["people"] for c in p["credentials"])')"
ct report --as-of "$AS_OF" --exceptions --person "Keisha Brown"
t_eq "--exceptions --person: someone in order" "0" "$T_RC"
t_out "--exceptions --person: says nobody needs action" '^Nobody needs action\.$'
ct report --as-of "$AS_OF" --exceptions --person "Keisha Brown" --format json
t_eq "--exceptions --person --format json: no people, no attestation" \
    "0 None" "$(t_jv 'len(j["people"])' 'j["attestation"]')"

# The organization report opens with the exceptions table, option or not.
ct report --as-of "$AS_OF" --org "Riverbend General Hospital Case Management" --format html
t_eq "org html: the exceptions table comes before the people" "True" \
    "$(/usr/bin/python3 -c '
import sys
t = open(sys.argv[1], encoding="utf-8").read()
x = t.find("id=\"exceptions\"")
print(x > 0 and x < t.find("class=\"person\""))' "$T_DIR/out")"
ct report --as-of "$AS_OF" --org "Riverbend General Hospital Case Management" --format pdf -o "$T_DIR/org.pdf"
pdftotext -f 1 -l 1 "$T_DIR/org.pdf" "$T_DIR/org.txt"
t_eq "org pdf: page 1 opens with the exceptions, before the summary" "True" \
    "$(/usr/bin/python3 -c '
import sys
t = open(sys.argv[1], encoding="utf-8").read()
x = t.find("\nExceptions\n")
print(x > 0 and x < t.find("Harold Bishop") < t.find("\nSummary\n"))' "$T_DIR/org.txt")"

# CSV: one row per credential, named columns, no formulas.
ct report --as-of "$AS_OF" --format csv
t_eq "csv: the header names the columns" \
    "as_of,person_id,person,external_id,email,organization,credential_id,kind,program,number,jurisdiction,status,state,cycle_start,valid_through,days_left,required,counted,remaining,unmet,verified_on,verified_by,verification_source,verification,action,unknown" \
    "$(head -1 "$T_DIR/out" | tr -d '\r')"
t_eq "csv: one row per credential, and one for a person without any" "17 16 1" \
    "$(/usr/bin/python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
print(len(rows), len({r["credential_id"] for r in rows if r["credential_id"]}),
      sum(1 for r in rows if not r["credential_id"]))' "$T_DIR/out")"
t_eq "csv: Dana's rows" \
    "license|RN-CA|RN-654321|CA|on_track|183|30|23|7|Total 7 h|2025-09-15|Ana Ruiz|https://search.dca.ca.gov/|current| certification|CCM|CCM-100234||behind|456|80|27.5|52.5|Total 52.5 h; Ethics 6.5 h||||not_required|Behind" \
    "$(/usr/bin/python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
k = ["kind", "program", "number", "jurisdiction", "state", "days_left",
     "required", "counted", "remaining", "unmet", "verified_on",
     "verified_by", "verification_source", "verification", "action"]
print(" ".join("|".join(r[x] for x in k) for r in rows if r["person"] == "Dana Reyes"))' "$T_DIR/out")"
t_eq "csv: licenses before certifications for each person" "True" \
    "$(/usr/bin/python3 -c '
import csv, sys, itertools
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
ok = True
for _, g in itertools.groupby(rows, key=lambda r: r["person_id"]):
    kinds = [r["kind"] for r in g]
    ok = ok and kinds == sorted(kinds, key=lambda k: k != "license")
print(ok)' "$T_DIR/out")"

# A source a spreadsheet would run ("=HYPERLINK(...)") stays text: a copy
# of the database, so that what follows sees the fixture as it was.
cp "$CETRACK_DB" "$T_DIR/f.db"
"$CETRACK" -d "$T_DIR/f.db" cred verify 13 --on 2026-02-01 --by "@Ana" \
    --source '=HYPERLINK("http://example.invalid","x")' >/dev/null 2>&1
"$CETRACK" -d "$T_DIR/f.db" report --as-of "$AS_OF" --format csv >"$T_DIR/f.csv"
t_eq "csv: a formula-like cell starts with an apostrophe" \
    "'@Ana|'=HYPERLINK(\"http://example.invalid\",\"x\")" \
    "$(/usr/bin/python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
r = [r for r in rows if r["credential_id"] == "13"][0]
print(r["verified_by"] + "|" + r["verification_source"])' "$T_DIR/f.csv")"
t_eq "csv: no cell of any row begins with = + - @ but numbers" "True" \
    "$(/usr/bin/python3 -c '
import csv, re, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
print(all(not c or c[0] not in "=+-@\t\r" or re.fullmatch(r"-?[0-9.]+", c)
          for r in rows for c in r))' "$T_DIR/f.csv")"
rm -f "$T_DIR/f.db" "$T_DIR/f.db-wal" "$T_DIR/f.db-shm"

# The per-requirement shape stays, with the new columns at its end.
ct report --as-of "$AS_OF" --format csv --csv-shape requirements
t_out "--csv-shape requirements: the old first columns" '^section,as_of,person_id,person,'
t_out "--csv-shape requirements: the new columns appended" 'unknown,kind,verified_on,verified_by,verification_source,action'

# Licenses and certifications apart, and the verification, in every format.
ct report --as-of "$AS_OF" --person "Dana Reyes"
t_eq "text: Dana's licenses, then certifications" "LICENSES CERTIFICATIONS" \
    "$(grep -E '^  (LICENSES|CERTIFICATIONS)$' "$T_DIR/out" | tr -d ' ' | tr '\n' ' ' | sed 's/ $//; s/S C/S C/')"
t_out "text: the latest verification" '^    Verified:    2025-09-15 by Ana Ruiz, https://search\.dca\.ca\.gov/$'
ct report --as-of "$AS_OF" --person "Dana Reyes" --format md
t_eq "md: headings per kind" "#### Licenses|#### Certifications" \
    "$(grep -E '^#### (Licenses|Certifications)$' "$T_DIR/out" | paste -sd'|')"
t_out "md: the verification" '2025-09-15 by Ana Ruiz, https://search\.dca\.ca\.gov/'
ct report --as-of "$AS_OF" --person "Dana Reyes" --format json
t_eq "json: kind and verification" \
    "license current 2025-09-15 Ana Ruiz https://search.dca.ca.gov/ certification not_required None" \
    "$(t_jv 'j["people"][0]["credentials"][0]["kind"]' \
    'j["people"][0]["credentials"][0]["verification"]["state"]' \
    'j["people"][0]["credentials"][0]["verification"]["on"]' \
    'j["people"][0]["credentials"][0]["verification"]["by"]' \
    'j["people"][0]["credentials"][0]["verification"]["source"]' \
    'j["people"][0]["credentials"][1]["kind"]' \
    'j["people"][0]["credentials"][1]["verification"]["state"]' \
    'j["people"][0]["credentials"][1]["verification"]["on"]')"
ct report --as-of "$AS_OF" --person "Dana Reyes" --format html
t_eq "html: sections per kind" "2" "$(grep -cE '<h3[^>]*>(Licenses|Certifications)</h3>' "$T_DIR/out")"
t_out "html: the verification" 'Verified: <span class="d">2025-09-15</span> by Ana Ruiz, <span class="src">https://search\.dca\.ca\.gov/</span>'
ct report --as-of "$AS_OF" --person "Dana Reyes" --format pdf -o "$T_DIR/d.pdf"
pdftotext -layout "$T_DIR/d.pdf" "$T_DIR/d.txt"
t_eq "pdf: sections per kind, what is open first, and the verification" "1 1 1" \
    "$(grep -c '^ *Open licenses$' "$T_DIR/d.txt") $(grep -c '^ *Open certifications$' "$T_DIR/d.txt") $(grep -c 'RN-CA RN-654321: verified 2025-09-15 by Ana Ruiz, https://search.dca.ca.gov/' "$T_DIR/d.txt")"

# The latest as of the report's date: Li Wei's license was verified after
# 2026-03-01, so on that day it was not; on 2026-07-01 it is.
ct report --as-of "$AS_OF" --person "Li Wei" --format json
t_eq "a verification after --as-of does not count yet" "none None" \
    "$(t_jv 'j["people"][0]["credentials"][0]["verification"]["state"]' \
    'j["people"][0]["credentials"][0]["verification"]["on"]')"
ct report --as-of 2026-07-01 --person "Li Wei" --format json
t_eq "... and counts after it" "current 2026-06-01" \
    "$(t_jv 'j["people"][0]["credentials"][0]["verification"]["state"]' \
    'j["people"][0]["credentials"][0]["verification"]["on"]')"

# The policy: [reports] verify and verify_max_days.
state_of() {
	ct report --as-of "$AS_OF" --format json
	t_json '" ".join("%s:%s" % x for x in sorted((c["id"], c["verification"]["state"]) for p in j["people"] for c in p["credentials"] if c["id"] in (1, 2, 8, 16)))'
}
t_eq "default: licenses, current since the cycle began" \
    "1:not_required 2:current 8:stale 16:current" "$(state_of)"
printf '[reports]\nverify_max_days = 300\n' >>"$CONF"
t_eq "verify_max_days = 300: Olga's, 303 days old, is stale" \
    "1:not_required 2:current 8:stale 16:stale" "$(state_of)"
printf '[programs]\ndir = %s\n[reports]\nverify = all\n' "$T_DIR/programs" >"$CONF"
t_eq "verify = all: certifications too" \
    "1:none 2:current 8:stale 16:current" "$(state_of)"
printf '[programs]\ndir = %s\n[reports]\nverify = none\n' "$T_DIR/programs" >"$CONF"
t_eq "verify = none: nothing is missing" \
    "1:not_required 2:not_required 8:not_required 16:not_required" "$(state_of)"
ct report --as-of "$AS_OF" --exceptions --format json
t_eq "verify = none: only the hours make exceptions" "8" \
    "$(t_jv 'j["summary"]["people_needing_action"]')"
printf '[programs]\ndir = %s\n[reports]\nverify = some\n' "$T_DIR/programs" >"$CONF"
ct report --as-of "$AS_OF"
t_eq "a bad policy is refused, naming the key" "1" \
    "$(grep -c "\[reports\] verify: 'some' is not a verification policy" "$T_DIR/err")"
printf '[programs]\ndir = %s\n' "$T_DIR/programs" >"$CONF"

# cred verify: history, audit, show.
t_ok "cred verify" cred verify 4 --on 2026-02-20 --by "Noor Haddad" --source "Nursys QuickConfirm"
t_out "cred verify says what it did" '^verified credential 4 \(RN-CA RN-700100\) on 2026-02-20 by Noor Haddad$'
ct cred show 2
t_eq "cred show: every verification, latest first" \
    "  verified:     2025-09-15 by Ana Ruiz, https://search.dca.ca.gov/|                2024-10-01 by Ana Ruiz, Nursys QuickConfirm" \
    "$(grep -A1 '^  verified:' "$T_DIR/out" | paste -sd'|')"
ct cred show 6
t_out "cred show: never verified" "^  verified:     never \('cetrack cred verify 6'\)$"
ct cred show 2 --json
t_eq "cred show --json: verifications" "2 2025-09-15 Ana Ruiz" \
    "$(t_jv 'len(j["verifications"])' 'j["verifications"][0]["on"]' 'j["verifications"][0]["by"]')"
ct history --entity credential
t_out "the audit log has it" 'verify credential 4: RN-CA CA RN-700100 \(Priya'
t_out "the audit log says who checked, when, where" 'RN-CA CA RN-700100 verified on 2026-02-20 by Noor'
ct report --as-of "$AS_OF" --person "Priya Natarajan" --format json
t_eq "the report shows it" "current Noor Haddad at_risk" \
    "$(t_jv 'j["people"][0]["credentials"][0]["verification"]["state"]' \
    'j["people"][0]["credentials"][0]["verification"]["by"]' \
    '"+".join(j["people"][0]["credentials"][0]["action"])')"

# Export and import keep them (fixture.sh went through one already).
ct export --format json
t_eq "export: verifications nested in their credential" "2" \
    "$(t_json 'len([c for c in j["credentials"] if c["id"] == 2][0]["verifications"])')"

# t_bad_import NAME PATTERN FILE: the import fails, its problem line
# matches PATTERN, its last line says nothing was imported, and the
# database is unchanged (an import lists every problem, then the count).
t_bad_import() {
	before=$(sha256sum "$CETRACK_DB" | cut -d' ' -f1)
	ct import "$3"
	after=$(sha256sum "$CETRACK_DB" | cut -d' ' -f1)
	if [ "$T_RC" -eq 0 ]; then t_fail "$1 (succeeded)"
	elif ! head -1 "$T_DIR/err" | grep -qE -- "$2"; then t_fail "$1 (stderr does not match /$2/)"
	elif ! tail -1 "$T_DIR/err" | grep -q '1 problem; nothing was imported$'; then t_fail "$1 (no summary)"
	elif [ "$before" != "$after" ]; then t_fail "$1 (database changed)"
	else t_pass; fi
}

# A roster may carry the verification of each row's credential.
ORG="Riverbend General Hospital Case Management"
RH="action,org,external_id,name,program,number,verified_on,verified_by,verification_source"
printf '%s\r\nA,%s,EMP-1005,Grace O'"'"'Connor,LCSW-TX,LCSW-TX 55012,2026-02-25,Noor Haddad,https://vo.bhec.texas.gov/\r\n' \
    "$RH" "$ORG" >"$T_DIR/r1.csv"
t_ok "roster with verification columns" import "$T_DIR/r1.csv"
t_out "the import counts it" '1 verification'
ct cred show 6 --json
t_eq "the verification is on the credential" "1 2026-02-25 Noor Haddad https://vo.bhec.texas.gov/" \
    "$(t_jv 'len(j["verifications"])' 'j["verifications"][0]["on"]' 'j["verifications"][0]["by"]' 'j["verifications"][0]["source"]')"
t_ok "the same roster again" import "$T_DIR/r1.csv"
ct cred show 6 --json
t_eq "adds no second verification" "1" "$(t_jv 'len(j["verifications"])')"
printf '%s\r\nA,%s,EMP-1005,Grace O'"'"'Connor,LCSW-TX,LCSW-TX 55012,2026-02-25,,Nursys\r\n' \
    "$RH" "$ORG" >"$T_DIR/r2.csv"
t_bad_import "roster: verification columns go together" "r2\.csv:2: verified_by: empty, expected verified_on, verified_by and verification_source together" \
    "$T_DIR/r2.csv"
printf '%s\r\nA,%s,EMP-1005,Grace O'"'"'Connor,,,2026-02-25,Noor Haddad,Nursys\r\n' \
    "$RH" "$ORG" >"$T_DIR/r3.csv"
t_bad_import "roster: a verification needs a credential" "r3\.csv:2: verified_on: a verification needs the credential it verifies" \
    "$T_DIR/r3.csv"
printf '%s\r\nA,%s,EMP-1005,Grace O'"'"'Connor,LCSW-TX,LCSW-TX 55012,2100-01-01,Noor Haddad,Nursys\r\n' \
    "$RH" "$ORG" >"$T_DIR/r4.csv"
t_bad_import "roster: a verification in the future" "r4\.csv:2: verified_on: 2100-01-01 is in the future" \
    "$T_DIR/r4.csv"

# Bad input: one line naming the field, and the database unchanged.
t_bad "--on missing" "^cetrack: cred verify: --on: missing, expected the day the credential was checked \(YYYY-MM-DD\)$" \
    cred verify 2 --by A --source B
t_bad "--by missing" "^cetrack: cred verify: --by: missing" cred verify 2 --on 2026-01-01 --source B
t_bad "--source missing" "^cetrack: cred verify: --source: missing" cred verify 2 --on 2026-01-01 --by A
t_bad "--on not a date" "^cetrack: cred verify: --on: .*2026-02-30" cred verify 2 --on 2026-02-30 --by A --source B
t_bad "--on in the future" "^cetrack: cred verify: --on: 2100-01-01 is in the future" \
    cred verify 2 --on 2100-01-01 --by A --source B
t_bad "--by empty" "^cetrack: cred verify: --by: " cred verify 2 --on 2026-01-01 --by "" --source B
t_bad "--source too long" "^cetrack: cred verify: --source: " \
    cred verify 2 --on 2026-01-01 --by A --source "$(printf '%0600d' 0)"
t_bad "--source with a control character" "^cetrack: cred verify: --source: " \
    cred verify 2 --on 2026-01-01 --by A --source "$(printf 'a\033b')"
t_bad "no such credential" "^cetrack: cred verify: .*99" cred verify 99 --on 2026-01-01 --by A --source B
t_bad "no ID" "^cetrack: cred verify: ID: missing" cred verify --on 2026-01-01 --by A --source B
t_bad "unknown option" "unknown option '--when'" cred verify 2 --when 2026-01-01
t_bad "--exceptions takes no value" "" report --exceptions=yes
t_bad "bad --csv-shape" "^cetrack: report: --csv-shape: 'rows' is not a shape, expected credentials or requirements$" \
    report --format csv --csv-shape rows
t_bad "--csv-shape without csv" "^cetrack: report: --csv-shape: only for --format csv$" \
    report --csv-shape requirements

t_done
