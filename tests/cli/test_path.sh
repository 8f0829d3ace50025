#!/bin/sh
# SPDX-License-Identifier: ISC
# The path into a credential (issue 18, its records): degrees (edu),
# jobs and placements (exp), exams (exam) and a credential's original
# issue date: add, list (text and JSON), rm, the audit log, export and
# import, and one line naming the field for every bad input, with the
# database unchanged. Everyone here is fictional.
. "$(dirname "$0")/lib.sh"

t_ok "init" init
t_ok "a person" person add "Dana Reyes, RN" --id E-1001
t_ok "another" person add "Sam Okafor, LMSW" --id E-1002

# -- edu -----------------------------------------------------------------
t_ok "edu add" edu add --person E-1001 --level bachelor --field nursing \
    --title BSN --conferred 2019-05-18 --institution "Example State University" \
    --accreditor CCNE
t_out "edu add says what it added" '^added education 1 for Dana Reyes, RN: BSN \(bachelor, nursing\), conferred 2019-05-18$'
t_ok "edu add, the fewest options" edu add --person E-1002 --level master \
    --field social-work --title MSW --conferred 2021-06-01
ct edu list --person E-1001
t_out "edu list" '^   1  2019-05-18  bachelor   nursing         BSN         Example State University \(CCNE\)$'
ct edu list --person E-1002 --json
t_eq "edu list --json" "2 master social-work MSW 2021-06-01 None None" \
    "$(t_jv 'j["person_id"]' 'j["education"][0]["level"]' 'j["education"][0]["field"]' \
    'j["education"][0]["title"]' 'j["education"][0]["conferred"]' \
    'j["education"][0]["institution"]' 'j["education"][0]["accreditor"]')"

t_bad "edu: no --level" "^cetrack: edu add: --level: missing, expected diploma, associate, bachelor, master or doctorate$" \
    edu add --person E-1001 --field nursing --title BSN --conferred 2019-05-18
t_bad "edu: a bad level" "^cetrack: edu add: --level: 'phd' is not a degree level, expected diploma, associate, bachelor, master or doctorate$" \
    edu add --person E-1001 --level phd --field nursing --title BSN --conferred 2019-05-18
t_bad "edu: a bad field" "^cetrack: edu add: --field: 'art' is not a field, expected nursing, social-work, health, human-services or other$" \
    edu add --person E-1001 --level bachelor --field art --title BA --conferred 2019-05-18
t_bad "edu: a future conferral" "^cetrack: edu add: --conferred: 2100-05-18 is in the future, expected a degree already conferred$" \
    edu add --person E-1001 --level bachelor --field nursing --title BSN --conferred 2100-05-18
t_bad "edu: not a date" "^cetrack: edu add: --conferred: .*2019-02-30" \
    edu add --person E-1001 --level bachelor --field nursing --title BSN --conferred 2019-02-30
t_bad "edu: a title with a control character" "^cetrack: edu add: --title: " \
    edu add --person E-1001 --level bachelor --field nursing --title "$(printf 'B\033SN')" --conferred 2019-05-18
t_bad "edu: nobody" "no person matches 'E-9'" \
    edu add --person E-9 --level bachelor --field nursing --title BSN --conferred 2019-05-18
t_bad "edu rm: no such id" "^cetrack: edu rm: no education with id 99$" edu rm 99
t_bad "edu rm: no id" "^cetrack: edu rm: ID: missing" edu rm

# -- exp -----------------------------------------------------------------
t_ok "exp add, ongoing, by the week" exp add --person E-1001 \
    --employer "Riverside Example Medical Center" --role "Case Manager" \
    --from 2025-09-01 --hours-per-week 40 --case-management --supervised \
    --supervisor "Lena Ortiz" --supervisor-credential CCM --paid \
    --setting hospital --tag transitions --tag utilization
t_out "exp add says what it added" '^added experience 1 for Dana Reyes, RN: Case Manager at Riverside Example Medical Center, 2025-09-01 to ongoing$'
t_ok "exp add, ended, in all" exp add --person E-1001 \
    --employer "Example Home Health" --role RN --from 2023-01-01 \
    --to 2025-08-31 --hours 3200 --clinical
t_ok "exp add, overlapping" exp add --person E-1001 \
    --employer "Example Clinic" --role "RN, weekends" --from 2025-01-04 \
    --hours-per-week 8 --unpaid
ct exp list --person E-1001
t_out "exp list: by start, ongoing said" '^   1  2025-09-01 to ongoing     Case Manager at Riverside Example Medical Center$'
t_out "exp list: what kind of work" '^        40 h a week, case management, paid, hospital$'
t_out "exp list: whose supervision" '^        supervised by Lena Ortiz \(CCM\)$'
t_out "exp list: a total" '^        3200 h in all, clinical$'
ct exp list --person E-1001 --json
t_eq "exp list --json" "3 2023-01-01 3200 None 2025-09-01 None 40 true Lena_Ortiz CCM true hospital transitions+utilization false" \
    "$(t_jv 'len(j["experience"])' 'j["experience"][0]["from"]' 'j["experience"][0]["hours"]' \
    'j["experience"][0]["hours_per_week"]' 'j["experience"][2]["from"]' 'j["experience"][2]["to"]' \
    'j["experience"][2]["hours_per_week"]' 'j["experience"][2]["supervised"]' \
    'j["experience"][2]["supervisor"].replace(" ", "_")' 'j["experience"][2]["supervisor_credential"]' \
    'j["experience"][2]["paid"]' 'j["experience"][2]["setting"]' '"+".join(j["experience"][2]["tags"])' \
    'j["experience"][1]["paid"]')"

EXP="--person E-1001 --employer Example --role RN"
t_bad "exp: an end before the start" "^cetrack: exp add: --to: 2024-12-31 is before --from 2025-01-01, expected the last day, on or after the first$" \
    exp add $EXP --from 2025-01-01 --to 2024-12-31 --hours-per-week 40
t_bad "exp: more than 100 hours a week" "^cetrack: exp add: --hours-per-week: 101 is more than a week holds to work, expected at most 100$" \
    exp add $EXP --from 2025-01-01 --hours-per-week 101
t_bad "exp: no hours" "^cetrack: exp add: --hours-per-week and --hours: give one" \
    exp add $EXP --from 2025-01-01
t_bad "exp: both hours" "^cetrack: exp add: --hours-per-week and --hours: give one" \
    exp add $EXP --from 2025-01-01 --hours 10 --hours-per-week 10
t_bad "exp: hours not a number" "^cetrack: exp add: --hours: 'ten' is not a number of hours" \
    exp add $EXP --from 2025-01-01 --hours ten
t_bad "exp: a future start" "^cetrack: exp add: --from: 2100-01-01 is in the future" \
    exp add $EXP --from 2100-01-01 --hours-per-week 40
t_bad "exp: a supervisor without --supervised" "^cetrack: exp add: --supervisor: only with --supervised$" \
    exp add $EXP --from 2025-01-01 --hours-per-week 40 --supervisor "Lena Ortiz"
t_bad "exp: --paid and --unpaid" "^cetrack: exp add: --paid and --unpaid: give at most one$" \
    exp add $EXP --from 2025-01-01 --hours-per-week 40 --paid --unpaid
t_bad "exp: a bad setting" "^cetrack: exp add: --setting: 'spa' is not a setting, expected hospital, payer, post-acute, community, private-practice, workers-comp or other$" \
    exp add $EXP --from 2025-01-01 --hours-per-week 40 --setting spa
t_bad "exp: a bad tag" "^cetrack: exp add: --tag: 'Care Transitions' is not a tag" \
    exp add $EXP --from 2025-01-01 --hours-per-week 40 --tag "Care Transitions"
t_bad "exp: no --role" "^cetrack: exp add: --role: missing" \
    exp add --person E-1001 --employer Example --from 2025-01-01 --hours-per-week 40
t_bad "exp rm: no such id" "^cetrack: exp rm: no experience with id 99$" exp rm 99

# -- exp log: a log kept for a board -------------------------------------
t_ok "exp log, with supervision" exp log --person E-1002 --date 2025-01-10 \
    --hours 40 --supervision-minutes 90 --format individual
t_out "exp log says what it logged" '^logged 2025-01-10 for Sam Okafor, LMSW: 40 h, 90 min of individual supervision \(entry 1\)$'
t_ok "exp log, hours only" exp log --person E-1002 --date 2025-01-17 --hours 38.5
ct exp log-list --person E-1002
t_out "exp log-list" '^   1  2025-01-10      40 h    90 min individual$'
t_out "exp log-list: the totals" '^in all: 78.5 h worked, 1 h 30 min of supervision$'
ct exp log-list --person E-1002 --json
t_eq "exp log-list --json" "2 90 individual 0 None" \
    "$(t_jv 'len(j["log"])' 'j["log"][0]["supervision_minutes"]' 'j["log"][0]["format"]' \
    'j["log"][1]["supervision_minutes"]' 'j["log"][1]["format"]')"
t_bad "exp log: minutes without a format" "^cetrack: exp log: --format: missing, expected --supervision-minutes and --format together$" \
    exp log --person E-1002 --date 2025-01-10 --hours 40 --supervision-minutes 60
t_bad "exp log: a bad format" "^cetrack: exp log: --format: 'triadic' is not a supervision format, expected individual or group$" \
    exp log --person E-1002 --date 2025-01-10 --hours 40 --supervision-minutes 60 --format triadic
t_bad "exp log: more than a week" "^cetrack: exp log: --hours: '200' is not a number of hours from 0 to 168" \
    exp log --person E-1002 --date 2025-01-10 --hours 200
t_bad "exp log: a future day" "^cetrack: exp log: --date: 2100-01-10 is in the future" \
    exp log --person E-1002 --date 2100-01-10 --hours 40
t_ok "exp log-rm" exp log-rm 2
t_out "exp log-rm says what" '^removed log entry 2 \(2025-01-17\)$'
t_bad "exp log-rm: no such entry" "^cetrack: exp log-rm: no experience log entry with id 2$" exp log-rm 2

# -- exam ----------------------------------------------------------------
t_ok "exam add" exam add --person E-1001 --exam NCLEX-RN --date 2019-07-01 --result pass
t_out "exam add says what it added" '^added exam 1 for Dana Reyes, RN: NCLEX-RN on 2019-07-01, pass$'
t_ok "exam add, a fail" exam add --person E-1002 --exam "ASWB Clinical" --date 2024-03-02 --result fail
ct exam list --person E-1002 --json
t_eq "exam list --json" "ASWB Clinical 2024-03-02 fail" \
    "$(t_jv 'j["exams"][0]["exam"]' 'j["exams"][0]["date"]' 'j["exams"][0]["result"]')"
t_bad "exam: a bad result" "^cetrack: exam add: --result: 'passed' is not a result, expected pass or fail$" \
    exam add --person E-1001 --exam CCM --date 2025-01-01 --result passed
t_bad "exam: a future day" "^cetrack: exam add: --date: 2100-01-01 is in the future" \
    exam add --person E-1001 --exam CCM --date 2100-01-01 --result pass

# -- a credential's original issue date ----------------------------------
t_ok "cred add --issued" cred add RN-CA --person E-1001 --number RN-95012345 \
    --valid-through 2027-08-31 --renewal-index 3 --issued 2019-08-01
ct cred show 1
t_out "cred show: issued" '^  issued:       2019-08-01$'
t_ok "cred set --issued" cred set 1 --issued 2019-08-02
t_out "cred set says old and new" 'issued: 2019-08-01 -> 2019-08-02'
ct cred show 1 --json
t_eq "cred show --json: issued" "2019-08-02" "$(t_jv 'j["issued"]')"
t_ok "cred set --issued none" cred set 1 --issued none
ct cred show 1 --json
t_eq "and cleared" "None" "$(t_jv 'j["issued"]')"
t_bad "cred add: a future issue date" "^cetrack: cred add: --issued: 2100-01-01 is in the future" \
    cred add RN-CA --person E-1001 --number RN-2 --valid-through 2027-08-31 --issued 2100-01-01
t_bad "cred set: not a date" "^cetrack: cred set: --issued: " cred set 1 --issued soon

# -- the audit log ---------------------------------------------------------
t_ok "exp rm" exp rm 3
t_out "exp rm says what" '^removed experience 3 \(RN, weekends at Example Clinic\)$'
ct history --entity experience
t_out "history: added" 'add experience 1 \(Dana Reyes, RN\)'
t_out "history: removed" 'remove experience 3 \(Dana Reyes, RN\)'
ct history --person E-1001 --json
t_eq "history of the person: her degree, exam and credential's issue date" "true true true" \
    "$(t_jv 'any(r["entity"] == "education" for r in j["history"])' \
    'any(r["entity"] == "exam" for r in j["history"])' \
    'any("issued: 2019-08-01 -> 2019-08-02" in (r["detail"] or "") for r in j["history"])')"

# -- export and import keep all of it --------------------------------------
t_ok "cred set --issued again" cred set 1 --issued 2019-08-01
t_ok "export" export -o "$T_DIR/e1.csv"
t_out "export names them" ', 2 degrees, 2 experience entries, 1 log entry, 2 exams to '
saved=$CETRACK_DB
CETRACK_DB="$T_DIR/round.db"
t_ok "a fresh database" init
t_ok "import the export" import "$T_DIR/e1.csv"
t_out "import names them" ', 2 degrees, 2 experience entries, 1 log entry, 2 exams \(ids kept\)$'
t_ok "export again" export -o "$T_DIR/e2.csv"
t_eq "export -> import -> export is identical" "$(sha256sum <"$T_DIR/e1.csv")" "$(sha256sum <"$T_DIR/e2.csv")"
ct export --format json
t_eq "the JSON export has them" "2 2 2 2019-08-01" \
    "$(t_jv 'len(j["education"])' 'len(j["experience"])' 'len(j["exams"])' 'j["credentials"][0]["issued"]')"
# An experience entry with an end before its start is refused by import
# too, naming the column.
/usr/bin/python3 - "$T_DIR/e1.csv" "$T_DIR/bad.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
h = rows[0]
for r in rows[1:]:
    if r[0] == "experience" and r[h.index("end")]:
        r[h.index("end")] = "2020-01-01"
with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
    csv.writer(f, lineterminator="\r\n").writerows(rows)
PY
CETRACK_DB="$T_DIR/round2.db"
t_ok "another fresh database" init
before=$(sha256sum "$CETRACK_DB" | cut -d' ' -f1)
ct import "$T_DIR/bad.csv"
t_eq "import: an end before the start, named" "1 1" \
    "$([ "$T_RC" -ne 0 ] && echo 1 || echo 0) $(grep -c 'bad\.csv:[0-9]*: end: 2020-01-01 is before start 2023-01-01' "$T_DIR/err")"
t_eq "and nothing imported" "$before" "$(sha256sum "$CETRACK_DB" | cut -d' ' -f1)"
CETRACK_DB=$saved

# Removing the person (for good) takes their records with them.
t_ok "person rm --purge" person rm E-1002 --purge --yes
ct edu list --person E-1001
t_eq "the other person's degree is still there" "1" "$(grep -c 'BSN' "$T_DIR/out")"

t_done
