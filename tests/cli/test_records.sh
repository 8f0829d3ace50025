#!/bin/sh
# SPDX-License-Identifier: ISC
# Records you can correct, with nothing lost (issue 15): person set and
# rm (deactivate; --purge), org set and rm, cred set --status/--number/
# --state/--valid-through and cred rm, ce edit, the same course refused
# twice unless --again, a second person of one name refused unless --id,
# and each change in the audit log with its old and new values. Bad input
# is one line on stderr with the database unchanged (t_bad).
. "$(dirname "$0")/lib.sh"

audit() { sqlite3 -batch "$CETRACK_DB" "SELECT detail FROM audit ORDER BY id DESC LIMIT 1"; }

t_ok "init" init
t_ok "org" org add "Mercy Example Health" --contact cm.lead@example.org
t_ok "Dana" person add "Dana Reyes" --email dana.reyes@example.org --org "Mercy Example Health"
t_ok "CCM" cred add CCM --person "Dana Reyes" --number CCM-100234 --valid-through 2027-05-31 --renewal-index 2

# -- people --------------------------------------------------------------
t_bad "a second Dana Reyes in the same organization" \
    "person add: NAME: person 1 is already called 'Dana Reyes' in that organization; give --id" \
    person add "Dana Reyes" --org "Mercy Example Health"
t_ok "with an external id to tell them apart" person add "Dana Reyes" --id E-2002 --org "Mercy Example Health"
t_ok "person set: email and external id" person set 1 --email d.reyes@example.org --id E-1001
t_out "says what changed" "^person 1: email: dana.reyes@example.org -> d.reyes@example.org; external id: none -> E-1001$"
t_eq "the audit row has old and new" "Dana Reyes: email: dana.reyes@example.org -> d.reyes@example.org; external id: none -> E-1001" "$(audit)"
t_ok "person set: the same values" person set E-1001 --email d.reyes@example.org
t_out "unchanged" "^person 1 \(Dana Reyes\) unchanged$"
t_bad "person set: a bad email" "person set: --email: 'not-an-address' is not an email address, expected NAME@DOMAIN" \
    person set 1 --email not-an-address
t_bad "person set: nothing" "person set: nothing to set, expected --name, --email, --id or --org" person set 1
t_bad "person set: an external id in use" "person set: --id: E-2002 is already the external id of person 2" \
    person set 1 --id E-2002
t_bad "person set: an unknown org" "person set: --org: " person set 1 --org "Nowhere Example Clinic"
t_ok "person set: no organization" person set E-2002 --org none --name "Dana M. Reyes"
t_out "org cleared and renamed" "name: Dana Reyes -> Dana M. Reyes; organization: Mercy Example Health -> none"

# -- credentials ---------------------------------------------------------
t_ok "RN-CA" cred add RN-CA --person E-1001 --number RN-654321 --valid-through 2026-08-31 --renewal-index 3
t_ok "cred set: a corrected number and valid-through" cred set 2 --number RN-654322 --valid-through 2026-09-30
t_out "says what changed" "valid through: 2026-08-31 -> 2026-09-30; number: RN-654321 -> RN-654322"
t_bad "cred set: another program's jurisdiction" "cred set: --state: NY is not the jurisdiction of RN-CA, expected CA" \
    cred set 2 --state NY
t_bad "cred set: a status that is not one" "cred set: --status: 'lapsed' is not a status, expected active, retired or inactive" \
    cred set 2 --status lapsed
t_bad "cred set: not a date" "cred set: --valid-through: " cred set 2 --valid-through 2026-02-30
t_bad "cred set: a CCM date that is not a deadline" "cred set: --valid-through: 2027-05-30 is not a deadline of CCM" \
    cred set 1 --valid-through 2027-05-30
t_ok "cred set --status retired" cred set 2 --status retired
t_ok "status" status --as-of 2026-03-01 --json
t_eq "a retired credential shows retired" "retired" \
    "$(t_jv "[c for c in j['credentials'] if c['id'] == 2][0]['state']")"
t_ok "a credential entered by mistake" cred add RN-TX --person E-1001 --number TX-1 --valid-through 2027-06-30 --renewal-index 2
t_ok "cred rm" cred rm 3
t_out "cred rm says what" "^deleted credential 3 \(RN-TX TX-1\) with its cycles$"
t_bad "cred rm: not there" "cred rm: no credential with id 3" cred rm 3

# -- activities ----------------------------------------------------------
t_ok "log an ethics course" ce log "Ethics in Care Transitions" --person E-1001 \
    --hours 1.5 --date 2025-03-12 --topic ethics --approval CCMC:C-12345
t_bad "the same course again is refused" \
    "ce log: TITLE: Dana Reyes already has this activity \(1: same title, date, hours and provider\); give --again" \
    ce log "Ethics in Care Transitions" --person E-1001 --hours 1.5 --date 2025-03-12
t_ok "status" status --as-of 2026-03-01 --json
t_eq "counted once" "1.5" "$(t_jv "[c for c in j['credentials'] if c['id'] == 1][0]['hours']['counted']")"
t_ok "--again: really taken twice" ce log "Ethics in Care Transitions" --person E-1001 \
    --hours 1.5 --date 2025-03-12 --again
t_ok "ce edit: the second was 2 hours, approved by CCMC" ce edit 2 --hours 2 --approval CCMC:C-12346
t_out "ce edit says what changed" "^edited activity 2: hours: 1.5h -> 2h; approvals: none -> CCMC:C-12346$"
t_ok "status" status --as-of 2026-03-01 --json
t_eq "the edit changes the count" "3.5" "$(t_jv "[c for c in j['credentials'] if c['id'] == 1][0]['hours']['counted']")"
t_bad "ce edit: topic hours above the activity's" "ce edit: --topic: topic hours \(3h\) exceed the activity's hours \(2h\)" \
    ce edit 2 --topic ethics=3
t_bad "ce edit: nothing" "ce edit: nothing to change, expected --title" ce edit 5
t_bad "ce edit: no such activity" "ce edit: ID: no activity with id 99" ce edit 99 --hours 1
t_bad "ce edit: a future date" "ce edit: --date: .* is in the future" ce edit 2 --date 2199-01-01

# -- organizations -------------------------------------------------------
t_ok "org set" org set "Mercy Example Health" --name "Mercy Example Health System" --contact none
t_out "org set says what changed" "name: Mercy Example Health -> Mercy Example Health System; contact: cm.lead@example.org -> none"
t_bad "org rm while people belong to it" "org rm: organization 1 still has 1 person; move them" \
    org rm "Mercy Example Health System"

# -- removing a person ---------------------------------------------------
t_bad "person rm --purge without --yes" "person rm: --purge: deletes the person and all their history for good, expected --yes" \
    person rm E-1001 --purge
# A reminder cetrackd has queued and not yet sent (written as it writes
# them): removing the person skips it.
sqlite3 -batch "$CETRACK_DB" "INSERT INTO notification (dedup_key, credential_id,
    event, channel, recipient, status, created, updated) VALUES
    ('1:1:before-90:email:d.reyes@example.org', 1, 'before-90', 'email',
    'd.reyes@example.org', 'pending', '2026-12-01T09:00:00Z', '2026-12-01T09:00:00Z')"
t_ok "person rm" person rm E-1001
t_eq "the queued reminder is skipped, with the reason" "skipped|the person was removed" \
    "$(sqlite3 -batch "$CETRACK_DB" "SELECT status, skip_reason FROM notification")"
t_ok "status" status --as-of 2026-03-01 --json
t_eq "gone from status" 0 "$(t_jv "len([c for c in j['credentials'] if c['person_id'] == 1])")"
t_ok "report" report --format json --as-of 2026-03-01
t_eq "gone from the report" 0 "$(t_jv "len([p for p in j['people'] if p['id'] == 1])")"
t_ok "person list" person list --json
t_eq "gone from person list" 0 "$(t_jv "len([p for p in j['people'] if p['id'] == 1])")"
t_ok "person list --all" person list --all
t_out "kept, marked removed" "d.reyes@example.org +E-1001 +Mercy Example Health System \(removed\)$"
t_ok "export" export --format json
t_eq "kept with its history in export" "false 2" \
    "$(t_jv "[p for p in j['people'] if p['id'] == 1][0]['active']" "len([a for a in j['activities'] if a['person_id'] == 1])")"
t_bad "removing twice" "person rm: person 1 \(Dana Reyes\) is already removed" person rm 1
t_ok "a new Dana Reyes in the organization" person add "Dana Reyes" --org "Mercy Example Health System"
t_ok "her name is not ambiguous: the active one is meant" cred add CCM --person "Dana Reyes" --number CCM-300300 --valid-through 2027-11-30 --renewal-index 1
t_out "the new person" "for Dana Reyes"
t_ok "org rm after moving or removing its people" person set "Dana Reyes" --org none
t_ok "org rm" org rm "Mercy Example Health System"
t_ok "person rm --purge --yes" person rm 1 --purge --yes
t_ok "export" export --format json
t_eq "purged for good" 0 "$(t_jv "len([p for p in j['people'] if p['id'] == 1])")"

# Every change above is in the audit log.
t_eq "audit rows for each kind of change" "edit activity|remove credential|remove organization|remove person|update credential|update organization|update person" \
    "$(sqlite3 -batch "$CETRACK_DB" "SELECT DISTINCT action || ' ' || entity FROM audit WHERE action IN ('edit','remove','update') ORDER BY 1" | paste -sd'|')"

t_done
