#!/bin/sh
# SPDX-License-Identifier: ISC
# The report fixture: a fictional hospital case-management department of a
# dozen people whose credentials, on 2026-03-01, cover every state, built
# with the real CLI. Every name, number and address is made up.
#
#   person               credential  valid through  state on 2026-03-01
#   Dana Reyes           CCM         2027-05-31     behind
#                        RN-CA       2026-08-31     on_track
#   Marcus Whitfield     CCM         2026-11-30     complete (renewed 2021)
#   Priya Natarajan      RN-CA       2026-04-30     at_risk (60 days)
#   Tomás Álvarez        CDMS        2025-12-31     grace (late until 03-31)
#   Grace O'Connor       LCSW-TX     2025-12-31     lapsed
#   Harold Bishop        CCM         2027-11-30     retired
#                        RN-CA       2027-02-28     on_track
#   Keisha Brown         LCSW-TX     2027-06-30     on_track
#   Li Wei               CCM         2026-05-31     complete
#                        RN-CA       2026-06-30     behind
#   Robin <script> Ng    RN-CA       2027-01-31     behind (escaping: < > & " ')
#   Ana María Souza      (no credentials yet)
#   Ben Carter           RN-CA       2026-01-31     lapsed
#                        CCM         2028-11-30     on_track
#   Chloé Dubois         CDMS        2026-03-31     at_risk (30 days)
#
# Plus Olga Petrova of another organization (Lakeside Clinic), on_track,
# who must appear in --all and not in --org.
#
# usage: fixture.sh CETRACK DB
#   CETRACK  the binary; DB the database to create (must not exist).
#   Needs the configuration (the frozen rule packs) in the environment.
#   Exits non-zero at the first command that fails, naming it.
set -u
CT=$1
DB=$2

c() {
	if ! "$CT" -d "$DB" "$@" >/dev/null 2>"$DB.err"; then
		echo "fixture: cetrack $*: $(cat "$DB.err")" >&2
		exit 1
	fi
}

# Id of the last credential added (they are numbered from 1 in order).
N=0
cred() {
	c cred add "$@"
	N=$((N + 1))
}

ORG="Riverbend General Hospital Case Management"
c init
c org add "$ORG" --contact cm-director@riverbend.example.org
c org add "Lakeside Clinic" --contact office@lakeside.example.org

c person add "Dana Reyes" --email dana.reyes@example.org --id EMP-1001 --org "$ORG"
c person add "Marcus Whitfield" --email marcus.whitfield@example.org --id EMP-1002 --org "$ORG"
c person add "Priya Natarajan" --email priya.natarajan@example.org --id EMP-1003 --org "$ORG"
c person add "Tomás Álvarez" --email tomas.alvarez@example.org --id EMP-1004 --org "$ORG"
c person add "Grace O'Connor" --email grace.oconnor@example.org --id EMP-1005 --org "$ORG"
c person add "Harold Bishop" --email harold.bishop@example.org --id EMP-1006 --org "$ORG"
c person add "Keisha Brown" --email keisha.brown@example.org --id EMP-1007 --org "$ORG"
c person add "Li Wei" --email li.wei@example.org --id EMP-1008 --org "$ORG"
c person add "Robin <script>alert(1)</script> Ng" --email robin.ng@example.org --id "EMP-1009 & \"Co\"" --org "$ORG"
c person add "Ana María Souza" --email ana.souza@example.org --id EMP-1010 --org "$ORG"
c person add "Ben Carter" --email ben.carter@example.org --id EMP-1011 --org "$ORG"
c person add "Chloé Dubois" --email chloe.dubois@example.org --id EMP-1012 --org "$ORG"
c person add "Olga Petrova" --email olga.petrova@example.org --id LC-2001 --org "Lakeside Clinic"

# Dana Reyes: the foundation scenario (CCM behind, RN-CA on track).
cred CCM --person EMP-1001 --number CCM-100234 --valid-through 2027-05-31 --renewal-index 2
cred RN-CA --person EMP-1001 --number RN-654321 --valid-through 2026-08-31 --renewal-index 3
c ce log "Case Management Foundations" --person EMP-1001 --hours 20 --date 2023-04-01 \
    --provider "Example Case Management Society" --approval CCMC:C-20001
c ce log "Medication Safety for Nurses" --person EMP-1001 --hours 14 --date 2025-01-15 \
    --approval CA-BRN:CEP-16789
c ce log "Ethics in Care Transitions" --person EMP-1001 --hours 1.5 --date 2025-03-12 \
    --format live-online --approval CCMC:C-12345 --approval CA-BRN:CEP-16789 --topic ethics
c ce log "Care Coordination Symposium" --person EMP-1001 --hours 6 --date 2025-06-20 \
    --approval CCMC:C-30003 --approval CA-BRN:CEP-11111
c ce log "Implicit Bias in Discharge Planning" --person EMP-1001 --hours 90m --date 2025-09-10 \
    --approval CA-BRN:CEP-16789 --topic implicit-bias

# Marcus Whitfield: renewed in 2021; the old cycle's course is not in the
# transcript; the current cycle is complete.
cred CCM --person EMP-1002 --number CCM-200411 --valid-through 2021-11-30 --renewal-index 1
c cred renew $N --on 2021-11-15
c ce log "Utilization Review Basics" --person EMP-1002 --hours 30 --date 2021-06-01 \
    --approval CCMC:C-09000
c ce log "Annual Case Management Conference 2023" --person EMP-1002 --hours 40 --date 2023-10-05 \
    --provider "Example Case Management Society" --approval CCMC:C-40404
c ce log "Ethics & Boundaries: <Part 1>" --person EMP-1002 --hours 8 --date 2024-02-10 \
    --provider "Smith & Jones, \"CE\" Co." --approval CCMC:C-40500 --topic ethics \
    --certificate "$(dirname "$0")/certificate.txt"
c ce log "Transitions of Care Update" --person EMP-1002 --hours 32 --date 2025-05-20 \
    --format self-study --approval CCMC:C-40600

# Priya Natarajan: RN-CA due in 60 days, 10 hours short.
cred RN-CA --person EMP-1003 --number RN-700100 --valid-through 2026-04-30 --renewal-index 4
c ce log "Sepsis Recognition" --person EMP-1003 --hours 12 --date 2024-09-01 --approval CA-BRN:CEP-20001
c ce log "Pain Management Update" --person EMP-1003 --hours 8 --date 2025-11-15 --approval CA-BRN:CEP-20002

# Tomás Álvarez: CDMS ended 2025-12-31, still in the 90-day late period.
cred CDMS --person EMP-1004 --number CDMS-3310 --valid-through 2025-12-31 --renewal-index 2
c ce log "Disability Management Principles" --person EMP-1004 --hours 60 --date 2023-03-03 \
    --approval CDMS:D-1001

# Grace O'Connor: LCSW-TX ended 2025-12-31, no late period: lapsed.
cred LCSW-TX --person EMP-1005 --number "LCSW-TX 55012" --valid-through 2025-12-31 --renewal-index 5
c ce log "Trauma-Informed Practice" --person EMP-1005 --hours 12 --date 2024-08-08 \
    --provider "Texas Example Social Work Institute"

# Harold Bishop: CCM retired; RN-CA complete.
cred CCM --person EMP-1006 --number CCM-050505 --valid-through 2027-11-30 --renewal-index 4
RETIRED=$N
cred RN-CA --person EMP-1006 --number RN-500500 --valid-through 2027-02-28 --renewal-index 6
c ce log "Geriatric Care Review" --person EMP-1006 --hours 16 --date 2025-09-09 --approval CA-BRN:CEP-30003

# Keisha Brown: LCSW-TX on track, ethics and cultural competence done;
# not a supervisor (Grace O'Connor does not say: owed until she does).
cred LCSW-TX --person EMP-1007 --number "LCSW-TX 77001" --valid-through 2027-06-30 --renewal-index 3 --attr no-supervisor
c ce log "Ethics for Social Workers" --person EMP-1007 --hours 6 --date 2025-09-01 --topic ethics \
    --approval TX-LISTED:NASW-TX
c ce log "Cultural Humility in Practice" --person EMP-1007 --hours 3 --date 2025-10-01 \
    --topic cultural-competence --approval TX-LISTED:NASW-TX
c ce log "Motivational Interviewing" --person EMP-1007 --hours 6 --date 2026-01-15 \
    --approval TX-LISTED:NASW-TX

# Li Wei: CCM complete before the window; RN-CA behind.
cred CCM --person EMP-1008 --number CCM-808080 --valid-through 2026-05-31 --renewal-index 2
cred RN-CA --person EMP-1008 --number RN-808081 --valid-through 2026-06-30 --renewal-index 2
c ce log "Case Management Review Course" --person EMP-1008 --hours 72 --date 2024-03-01 \
    --approval CCMC:C-70000 --for $((N - 1))
c ce log "Ethics in Case Management" --person EMP-1008 --hours 8 --date 2024-04-01 \
    --approval CCMC:C-70001 --topic ethics --format self-study
c ce log "Wound Care Essentials" --person EMP-1008 --hours 4 --date 2025-02-02 --approval CA-BRN:CEP-80008

# Robin Ng: a name and id that must be escaped everywhere; RN-CA behind.
cred RN-CA --person "EMP-1009 & \"Co\"" --number "RN-<9>&'1'" --valid-through 2027-01-31 --renewal-index 2
c ce log "Safety, Quality & \"Just Culture\"" --person "EMP-1009 & \"Co\"" --hours 2 --date 2025-12-01 \
    --provider "O'Brien & <Partners>" --approval "CA-BRN:CEP-<99>&" --topic patient-safety=1

# Ana María Souza: a new hire, no credentials yet.

# Ben Carter: RN-CA lapsed (no late period); CCM on track.
cred RN-CA --person EMP-1011 --number RN-111222 --valid-through 2026-01-31 --renewal-index 2
cred CCM --person EMP-1011 --number CCM-111333 --valid-through 2028-11-30 --renewal-index 1
c ce log "Population Health Management" --person EMP-1011 --hours 40 --date 2025-06-01 \
    --approval CCMC:C-55555 --approval CA-BRN:CEP-55555
c ce log "Ethics Refresher" --person EMP-1011 --hours 4 --date 2025-07-01 --approval CCMC:C-55556 --topic ethics

# Chloé Dubois: CDMS due in 30 days, hours short.
cred CDMS --person EMP-1012 --number CDMS-4420 --valid-through 2026-03-31 --renewal-index 1
c ce log "Return-to-Work Strategies" --person EMP-1012 --hours 50 --date 2024-05-05 --approval CDMS:D-2002
c ce log "Workers' Compensation Law" --person EMP-1012 --hours 0.25ceu --date 2025-05-05 --approval CDMS:D-2003

# Olga Petrova (Lakeside Clinic): on track.
cred RN-CA --person LC-2001 --number RN-999000 --valid-through 2027-03-31 --renewal-index 2
c ce log "Infection Control" --person LC-2001 --hours 16 --date 2025-10-10 --approval CA-BRN:CEP-99001

# Primary-source verifications (cred verify), by credential id:
#   2  Dana's RN-CA: twice; the latest (2025-09-15) is current
#   8  Harold's RN-CA: 2024-06-01, before his cycle began: stale
#   9  Keisha's LCSW-TX and 16 Olga's RN-CA: current
#   11 Li Wei's RN-CA: on 2026-06-01, after the as-of date: not yet
# Every other license is unverified. They go through the export and
# import below, which must keep them.
c cred verify 2 --on 2024-10-01 --by "Ana Ruiz" --source "Nursys QuickConfirm"
c cred verify 2 --on 2025-09-15 --by "Ana Ruiz" --source "https://search.dca.ca.gov/"
c cred verify 8 --on 2024-06-01 --by "Ana Ruiz" --source "Nursys QuickConfirm"
c cred verify 9 --on 2025-08-01 --by "Noor Haddad" --source "Texas BHEC license lookup"
c cred verify 16 --on 2025-05-02 --by "Noor Haddad" --source "Nursys QuickConfirm"
c cred verify 11 --on 2026-06-01 --by "Ana Ruiz" --source "Nursys QuickConfirm"

# Harold Bishop retired from case management. No command sets a
# credential's status, but the export shape of `cetrack import` carries
# it: export, mark the credential retired, and import into the database
# asked for (which also runs the export/import round trip on all of it).
"$CT" -d "$DB" export --format csv -o "$DB.csv" >/dev/null 2>"$DB.err" ||
    { echo "fixture: cetrack export: $(cat "$DB.err")" >&2; exit 1; }
/usr/bin/python3 - "$DB.csv" "$RETIRED" <<'PY' || exit 1
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
h = rows[0]
hit = [r for r in rows[1:] if r[h.index("record")] == "credential" and
       r[h.index("id")] == sys.argv[2]]
if len(hit) != 1:
    sys.exit("fixture: credential %s not in the export" % sys.argv[2])
hit[0][h.index("status")] = "retired"
with open(sys.argv[1], "w", newline="", encoding="utf-8") as f:
    csv.writer(f, lineterminator="\r\n").writerows(rows)
PY
mv "$DB" "$DB.build"
rm -f "$DB.build-wal" "$DB.build-shm"
c init
c import "$DB.csv"
rm -f "$DB.err" "$DB.csv" "$DB.build"
