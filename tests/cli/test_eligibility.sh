#!/bin/sh
# SPDX-License-Identifier: ISC
# cetrack eligibility (issue 18): the README's walkthrough checked by hand
# against the published criteria (eligibility-rules.md 2.1: 12 months of
# full-time case management supervised by a CCM make an RN eligible for
# the CCM exam; 8 months do not, and the 12th month completes on
# 2026-08-31 if the job goes on), the JSON contract, the list of every
# program, a pack from [programs] dir, and bad input. Fictional people.
. "$(dirname "$0")/lib.sh"

t_ok "init" init
t_ok "Dana" person add "Dana Reyes, RN" --id E-1001
t_ok "her RN license" cred add RN-CA --person E-1001 --number RN-95012345 \
    --valid-through 2027-08-31 --renewal-index 3 --issued 2019-08-01
t_ok "her BSN" edu add --person E-1001 --level bachelor --field nursing \
    --title BSN --conferred 2019-05-18
t_ok "her job, full time, supervised by a CCM" exp add --person E-1001 \
    --employer "Riverside Example Medical Center" --role "Case Manager" \
    --from 2025-09-01 --hours-per-week 40 --case-management --supervised \
    --supervisor "Lena Ortiz" --supervisor-credential CCM --paid --setting hospital

# Eight months: not yet, and the day the 12th month completes.
ct eligibility CCM --person E-1001 --as-of 2026-04-30 --json
t_eq "8 months: not eligible, met on the day the 12th month completes" \
    "false 2026-08-31 8 12 months 2026-08-31 true" \
    "$(t_jv 'j["eligible"]' 'j["earliest"]' \
    'j["routes"][0]["requirements"][1]["have"]' 'j["routes"][0]["requirements"][1]["need"]' \
    'j["routes"][0]["requirements"][1]["unit"]' 'j["routes"][0]["earliest"]' \
    'j["routes"][0]["requirements"][1]["assumption"]')"
t_eq "the JSON contract's keys" "true true true" \
    "$(t_jv 'all(k in j for k in ("program", "eligible", "attest", "routes", "earliest"))' \
    'all(k in r for r in j["routes"] for k in ("id", "met", "requirements", "earliest"))' \
    'all(k in q for r in j["routes"] for q in r["requirements"] for k in ("id", "label", "met", "have", "need", "unit"))')"
t_eq "the assumption is said" "true" "$(t_jv '"40 hours a week" in j["assumption"]')"
ct eligibility CCM --person E-1001 --as-of 2026-04-30
t_out "text: not yet, with the date" '^  Dana Reyes, RN, as of 2026-04-30: not yet: met on 2026-08-31 if the current work goes on as it is$'
t_out "text: what the records show" '^        have 8, need 12 months \(assumption: see below\)$'

# Twelve months and a day later: eligible once the attestations are made.
ct eligibility CCM --person E-1001 --as-of 2026-08-31 --json
t_eq "12 months: eligible, with what is to attest" "true 2 None" \
    "$(t_jv 'j["eligible"]' 'len(j["attest"])' 'j["earliest"]')"
t_eq "the license route and category 1 met" "true true" \
    "$(t_jv 'j["routes"][0]["met"]' 'j["routes"][0]["requirements"][1]["met"]')"
ct eligibility CCM --person E-1001 --as-of 2026-08-31
t_out "text: eligible once you attest" '^  Dana Reyes, RN, as of 2026-08-31: eligible once you attest 2 items$'
t_out "text: the Code to attest" '^  to attest: Good moral character, and agreement to the CCMC Code of Professional Conduct$'

# Every program at once.
ct eligibility --person E-1001 --as-of 2026-08-31
t_out "all: CCM" '^CCM +eligible once you attest 2 items$'
t_out "all: ACM-RN (2,080 paid hours in a year)" '^ACM-RN +eligible once you attest'
t_out "all: CDMS (no domain tags yet)" '^CDMS +not eligible on these records$'
ct eligibility --person E-1001 --as-of 2026-08-31 --json
t_eq "all --json" "ACM-RN ACM-SW CCM CDMS CMGT-BC LCSW-CA LCSW-FL LCSW-IL LCSW-NY LCSW-PA LCSW-TX" \
    "$(t_jv '" ".join(sorted(p["program"] for p in j["programs"]))')"

# A pack of one's own, from [programs] dir/eligibility.
mkdir -p "$T_DIR/packs/eligibility" "$XDG_CONFIG_HOME/cetrack"
printf '[programs]\ndir = %s\n' "$T_DIR/packs" >"$XDG_CONFIG_HOME/cetrack/cetrack.ini"
cat >"$T_DIR/packs/eligibility/demo.ini" <<'EOF'
[pack]
code = DEMO-EXAM
name = A fictional exam
issuer = Example Board
version = 2026-12-08
sources = none, for the test
routes = one
[route.one]
label = Six months of anything
requires = six
[req.six]
type = experience
label = Six months of full-time work
measure = fte_months
min = 6
EOF
ct eligibility DEMO-EXAM --person E-1001 --as-of 2026-03-01 --json
t_eq "a pack from [programs] dir" "true DEMO-EXAM" "$(t_jv 'j["eligible"]' 'j["program"]')"
printf 'colour = red\n' >>"$T_DIR/packs/eligibility/demo.ini"
t_bad "a broken pack is named with its line" "demo\.ini:16: \[req\.six\] colour: not a key of this section" \
    eligibility CCM --person E-1001
ct check
t_eq "check names it too" "1" "$(grep -c 'demo\.ini:16: \[req\.six\] colour' "$T_DIR/err")"
rm -f "$XDG_CONFIG_HOME/cetrack/cetrack.ini"

# An LCSW path in California: an MSW, two years of supervised clinical
# work, the two exams (eligibility-rules.md 1c: 3,000 hours over at
# least 104 weeks, at most 40 credited a week).
t_ok "Sam" person add "Sam Okafor, ASW" --id E-1002
t_ok "his MSW" edu add --person E-1002 --level master --field social-work \
    --title MSW --conferred 2020-05-15
t_ok "his job" exp add --person E-1002 --employer "Example Community Clinic" \
    --role "Associate Clinical Social Worker" --from 2020-06-01 --hours-per-week 40 \
    --clinical --supervised --supervisor "Lee Park" --supervisor-credential LCSW
ct eligibility LCSW-CA --person E-1002 --as-of 2021-12-01 --json
t_eq "LCSW-CA: the hours, and the 104th week" "3137.14 3000 2022-05-29 false" \
    "$(t_jv 'j["routes"][0]["requirements"][1]["have"]' 'j["routes"][0]["requirements"][1]["need"]' \
    'j["routes"][0]["requirements"][1]["earliest"]' 'j["eligible"]')"
t_eq "LCSW-CA: the exams not passed, and not dated" "exam exam None" \
    "$(t_jv 'j["routes"][0]["requirements"][4]["type"]' 'j["routes"][0]["requirements"][5]["type"]' 'j["earliest"]')"
t_ok "Law and Ethics" exam add --person E-1002 --exam "CA Law and Ethics" --date 2021-01-10 --result pass
t_ok "ASWB Clinical" exam add --person E-1002 --exam "ASWB Clinical" --date 2022-06-15 --result pass
ct eligibility LCSW-CA --person E-1002 --as-of 2022-07-01 --json
t_eq "LCSW-CA: eligible once the school, psychotherapy hours, registration and supervision are attested" "true 4" \
    "$(t_jv 'j["eligible"]' 'len(j["attest"])')"

# Bad input: one line, the database unchanged.
t_bad "an unknown program" "^cetrack: eligibility: PROGRAM: 'NOPE' has no eligibility pack, expected one of ACM-RN, ACM-SW, CCM, CDMS, CMGT-BC, LCSW-CA, LCSW-FL, LCSW-IL, LCSW-NY, LCSW-PA, LCSW-TX$" \
    eligibility NOPE --person E-1001
t_bad "a bad --as-of" "^cetrack: eligibility: --as-of: .*2026-02-30" eligibility CCM --as-of 2026-02-30
t_bad "two programs" "^cetrack: eligibility: unexpected argument 'ACM-RN'" eligibility CCM ACM-RN
t_bad "nobody" "no person matches 'E-9'" eligibility CCM --person E-9
t_bad "an unknown option" "unknown option '--when'" eligibility CCM --when today

t_done
