#!/bin/sh
# SPDX-License-Identifier: ISC
# cetrack notify list|retry and cred set: the outbox as people see it (rows
# written the way cetrackd writes them), retrying dead and failed
# reminders by hand, per-credential reminder settings, every kind of bad
# input (one line on stderr, database unchanged), and the upgrade of a
# schema-1 database by `cetrack init`. The clock is faked, never waited on.
. "$(dirname "$0")/lib.sh"

# libfaketime is preloaded; ASan wants to come first, and it may not here.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export TZ=UTC

# ftct WHEN ARGS...: cetrack with the clock set to WHEN (UTC).
ftct() {
	when=$1; shift
	faketime "$when" "$CETRACK" -d "$CETRACK_DB" "$@" >"$T_DIR/out" 2>"$T_DIR/err"
	T_RC=$?
}

# t_badrc NAME CODE PATTERN ARGS...: t_bad and the exit code.
t_badrc() {
	_n=$1; _code=$2; shift 2
	t_bad "$_n" "$@"
	t_eq "$_n: exit code" "$_code" "$T_RC"
}

sql() { sqlite3 -batch "$CETRACK_DB" "$@"; }

t_ok "init" init
t_ok "person" person add "Dana Reyes" --email dana.reyes@example.org
t_ok "CCM" cred add CCM --number CCM-100234 --valid-through 2027-05-31 --renewal-index 2

# -- notify list, empty ------------------------------------------------
t_ok "list empty" notify list
t_out "says so" "^no notifications yet$"
t_ok "list empty --json" notify list --json
t_eq "empty array" "[]" "$(t_json 'j["notifications"]')"
t_ok "list --status dead, empty" notify list --status dead
t_out "says which" "^no dead notifications$"

# -- the outbox as cetrackd leaves it ---------------------------------
W=https://hooks.example.org/cetrack
sql "
INSERT INTO notification (id, dedup_key, credential_id, cycle_id, event, channel, recipient,
    status, attempts, next_attempt, created, updated)
VALUES (1, '1:1:window-open:email:dana.reyes@example.org', 1, 1, 'window-open', 'email',
    'dana.reyes@example.org', 'pending', 0, '2027-03-02T09:00:00Z',
    '2027-03-02T09:00:00Z', '2027-03-02T09:00:00Z');
INSERT INTO notification (id, dedup_key, credential_id, cycle_id, event, channel, recipient,
    status, attempts, sent, first_attempt, digest_group, created, updated)
VALUES (2, '1:1:before-90:email:dana.reyes@example.org', 1, 1, 'before-90', 'email',
    'dana.reyes@example.org', 'sent', 2, '2027-03-02T09:01:00Z', '2027-03-02T09:00:00Z',
    '<d.1@cetrack.example.org>', '2027-03-02T09:00:00Z', '2027-03-02T09:01:00Z');
INSERT INTO notification (id, dedup_key, credential_id, cycle_id, event, channel, recipient,
    status, attempts, last_error, first_attempt, created, updated)
VALUES (3, '1:1:window-open:webhook:$W', 1, 1, 'window-open', 'webhook', '$W',
    'failed', 1, 'HTTP 410 Gone', '2027-03-02T09:00:00Z', '2027-03-02T09:00:00Z',
    '2027-03-02T09:00:01Z');
INSERT INTO notification (id, dedup_key, credential_id, cycle_id, event, channel, recipient,
    status, attempts, last_error, first_attempt, created, updated)
VALUES (4, '1:1:before-90:webhook:$W', 1, 1, 'before-90', 'webhook', '$W',
    'dead', 21, 'timeout after 10 s', '2027-02-27T09:00:00Z', '2027-02-27T09:00:00Z',
    '2027-03-02T09:10:00Z');
INSERT INTO notification (id, dedup_key, credential_id, cycle_id, event, channel, recipient,
    status, attempts, skip_reason, created, updated)
VALUES (5, '1:1:before-180:email:dana.reyes@example.org', 1, 1, 'before-180', 'email',
    'dana.reyes@example.org', 'skipped', 0, 'caught up: before-90 is more urgent',
    '2027-03-02T09:00:00Z', '2027-03-02T09:00:00Z');
INSERT INTO webhook_endpoint (url, disabled_at, reason)
VALUES ('$W', '2027-03-02T09:00:01Z', 'HTTP 410 Gone');
"
t_eq "seeded" 5 "$(sql 'SELECT count(*) FROM notification')"

t_ok "list" notify list
t_eq "header and five lines" 6 "$(wc -l <"$T_DIR/out")"
t_out "header" "^ +ID +CREATED +CRED +EVENT +CHANNEL +RECIPIENT +STATUS +TRY +NEXT ATTEMPT +LAST ERROR$"
t_out "pending line" "^ +1 +2027-03-02T09:00:00Z +1 +window-open +email +dana.reyes@example.org +pending +0 +2027-03-02T09:00:00Z +-$"
t_out "dead line with its error" "^ +4 .* before-90 +webhook +https://hooks.example.org/cetrack +dead +21 +- +timeout after 10 s$"
t_out "skipped item, grouped per credential, with its reason" "^credential 1 \(Dana Reyes, CCM CCM-100234\): 1 skipped — latest: item 5, before-180 by email on 2027-03-02T09:00:00Z: caught up: before-90 is more urgent$"
t_ok "list --status dead" notify list --status dead
t_eq "one dead" 2 "$(wc -l <"$T_DIR/out")"
t_out "it is 4" "^ +4 "
t_ok "list --json" notify list --json
t_eq "json: ids" "[1, 2, 3, 4, 5]" "$(t_json '[n["id"] for n in j["notifications"]]')"
t_eq "json: statuses" "pending sent failed dead skipped" \
    "$(t_jv '" ".join(n["status"] for n in j["notifications"])')"
t_eq "json: sent item" "2 2027-03-02T09:01:00Z <d.1@cetrack.example.org> None" \
    "$(t_jv 'j["notifications"][1]["attempts"]' 'j["notifications"][1]["sent"]' \
        'j["notifications"][1]["digest_group"]' 'j["notifications"][1]["next_attempt"]')"
t_eq "json: dedup key" "1:1:window-open:webhook:$W" "$(t_json 'j["notifications"][2]["dedup_key"]')"
t_eq "json: webhook id derived from it" \
    "$(/usr/bin/python3 -c 'import hashlib,sys; print("msg_" + hashlib.sha256(sys.argv[1].encode()).hexdigest()[:32])' "1:1:window-open:webhook:$W")" \
    "$(t_json 'j["notifications"][2]["webhook_id"]')"
t_eq "json: skip reason" "caught up: before-90 is more urgent" "$(t_json 'j["notifications"][4]["skip_reason"]')"
t_eq "json: no last error" None "$(t_json 'j["notifications"][4]["last_error"]')"
t_ok "list --status skipped --json" notify list --status skipped --json
t_eq "json filtered" "[5]" "$(t_json '[n["id"] for n in j["notifications"]]')"

# -- notify list: filters, the limit, grouping --------------------------
# A database of its own: Dana (credential 1) has a sent, a pending and a
# dead item and 5 skipped; Sam (credential 2) 2 skipped and 60 sent; one
# admin notice has no credential.
MAIN_DB=$CETRACK_DB
CETRACK_DB="$T_DIR/list.db"
t_ok "list db: init" init
t_ok "list db: Dana" person add "Dana Reyes" --email dana.reyes@example.org
t_ok "list db: Sam" person add "Sam Ortiz" --email sam.ortiz@example.org
t_ok "list db: CCM" cred add CCM --person "Dana Reyes" --number CCM-100234 --valid-through 2027-05-31 --renewal-index 2
t_ok "list db: CCM for Sam" cred add CCM --person "Sam Ortiz" --number CCM-55 --valid-through 2027-05-31 --renewal-index 2
sql "
INSERT INTO notification (id, dedup_key, credential_id, cycle_id, event, channel, recipient,
    status, attempts, next_attempt, last_error, skip_reason, created, updated)
VALUES
 (1, '1:1:before-180:email:d', 1, 1, 'before-180', 'email', 'dana.reyes@example.org', 'sent', 1, NULL, NULL, NULL, '2027-03-01T09:00:00Z', '2027-03-01T09:00:00Z'),
 (2, '1:1:before-90:email:d', 1, 1, 'before-90', 'email', 'dana.reyes@example.org', 'pending', 1, '2027-03-02T09:05:00Z',
    'could not connect to smtp.example.org:587: connection refused', NULL, '2027-03-02T09:00:00Z', '2027-03-02T09:00:00Z'),
 (3, '1:1:window-open:email:d', 1, 1, 'window-open', 'email', 'dana.reyes@example.org', 'dead', 9, NULL,
    'the receiver answered HTTP 500', NULL, '2027-03-02T09:00:00Z', '2027-03-05T09:00:00Z');
WITH RECURSIVE k(i) AS (SELECT 4 UNION ALL SELECT i + 1 FROM k WHERE i < 8)
INSERT INTO notification (id, dedup_key, credential_id, cycle_id, event, channel, recipient,
    status, attempts, skip_reason, created, updated)
SELECT i, '1:1:after-' || i || ':email:d', 1, 1, 'after-' || i, 'email', 'dana.reyes@example.org', 'skipped', 0,
    CASE WHEN i = 8 THEN 'older than the last pass' ELSE 'caught up' END, '2027-03-02T09:00:00Z', '2027-03-02T09:00:00Z' FROM k;
WITH RECURSIVE k(i) AS (SELECT 9 UNION ALL SELECT i + 1 FROM k WHERE i < 10)
INSERT INTO notification (id, dedup_key, credential_id, cycle_id, event, channel, recipient,
    status, attempts, skip_reason, created, updated)
SELECT i, '2:2:after-' || i || ':email:s', 2, 2, 'after-' || i, 'email', 'sam.ortiz@example.org', 'skipped', 0,
    'opted out', '2027-03-03T09:00:00Z', '2027-03-03T09:00:00Z' FROM k;
WITH RECURSIVE k(i) AS (SELECT 11 UNION ALL SELECT i + 1 FROM k WHERE i < 70)
INSERT INTO notification (id, dedup_key, credential_id, cycle_id, event, channel, recipient,
    status, attempts, created, updated)
SELECT i, '2:2:e' || i || ':log:', 2, 2, 'e' || i, 'log', '', 'sent', 1,
    '2027-03-04T09:00:00Z', '2027-03-04T09:00:00Z' FROM k;
INSERT INTO notification (id, dedup_key, credential_id, cycle_id, event, channel, recipient,
    status, attempts, created, updated)
VALUES (71, '0:0:delivery-dead-3:email:it@example.org', NULL, NULL, 'delivery-dead-3', 'email', 'it@example.org',
    'sent', 1, '2027-03-05T09:00:00Z', '2027-03-05T09:00:00Z');
"
t_eq "list db: seeded" 71 "$(sql 'SELECT count(*) FROM notification')"

t_ok "list: default limit" notify list
t_eq "the newest 50 lines, a header and the left-out line" 52 "$(wc -l <"$T_DIR/out")"
t_out "the newest item is there" "^ +71 .* delivery-dead-3 "
t_out "the oldest row shown is 22" "^ +22 "
t_eq "nothing older than 22" 0 "$(grep -cE '^ +(1|2|3|21) ' "$T_DIR/out")"
t_eq "the last line counts what was left out" "... 21 more; use --limit or filters" "$(tail -1 "$T_DIR/out")"

t_ok "list --person" notify list --person "Dana Reyes"
t_eq "Dana: header, 3 rows, 1 group line" 5 "$(wc -l <"$T_DIR/out")"
t_out "her dead item" "^ +3 .* window-open +email +dana.reyes@example.org +dead +9 +- +the receiver answered HTTP 500$"
t_out "her skipped ones in one line, with the latest" "^credential 1 \(Dana Reyes, CCM CCM-100234\): 5 skipped — latest: item 8, after-8 by email on 2027-03-02T09:00:00Z: older than the last pass$"
t_eq "no skipped rows" 0 "$(grep -cE '^ +[0-9]+ .* skipped ' "$T_DIR/out")"
t_eq "nothing left out: no count line" 0 "$(grep -c 'more; use' "$T_DIR/out")"
t_ok "list --person by id" notify list --person 2 --status skipped
t_eq "Sam's skipped: one line" "credential 2 (Sam Ortiz, CCM CCM-55): 2 skipped — latest: item 10, after-10 by email on 2027-03-03T09:00:00Z: opted out" "$(cat "$T_DIR/out")"

t_ok "list --credential --limit" notify list --credential 2 --limit 5
t_eq "five rows, a header, the count" 7 "$(wc -l <"$T_DIR/out")"
t_out "the newest five: 66 to 70" "^ +66 .* e66 "
t_eq "none older" 0 "$(grep -cE '^ +65 ' "$T_DIR/out")"
t_eq "57 of credential 2 left out" "... 57 more; use --limit or filters" "$(tail -1 "$T_DIR/out")"

t_ok "list --since" notify list --since 2027-03-04 --limit 100
t_eq "61 rows and a header, nothing left out" 62 "$(wc -l <"$T_DIR/out")"
t_out "from 11" "^ +11 .* e11 "
t_eq "nothing created before" 0 "$(grep -cE '^ +(3|10) ' "$T_DIR/out")"
ftct "2027-03-05 12:00:00" notify list --since today
t_eq "--since today: exit 0" 0 "$T_RC"
t_eq "--since today: only the admin notice" 2 "$(wc -l <"$T_DIR/out")"
t_out "it is 71" "^ +71 "

t_ok "list --status dead" notify list --status dead
t_eq "one dead" 2 "$(wc -l <"$T_DIR/out")"
t_ok "list: no match" notify list --credential 99
t_out "says the filters matched nothing" "^no notifications match the filters$"

t_ok "list --json with filters" notify list --json --person "Sam Ortiz" --limit 3
t_eq "json: the newest three, oldest first" "[68, 69, 70]" "$(t_json '[n["id"] for n in j["notifications"]]')"
t_eq "json: the filters applied" "{'status': None, 'person': 'Sam Ortiz', 'credential': None, 'since': None}" "$(t_json 'j["filters"]')"
t_eq "json: limit and left out" "3 59" "$(t_jv 'j["limit"]' 'j["left_out"]')"
t_ok "list --json: all by default" notify list --json
t_eq "json: every item" "71 0 None" "$(t_jv 'len(j["notifications"])' 'j["left_out"]' 'str(j["limit"])')"
t_ok "list --json --status skipped" notify list --json --status skipped --since 2027-03-02 --credential 1
t_eq "json: skipped items one by one" "[4, 5, 6, 7, 8]" "$(t_json '[n["id"] for n in j["notifications"]]')"
t_eq "json: filters" "skipped 1 2027-03-02" "$(t_jv 'j["filters"]["status"]' 'j["filters"]["credential"]' 'j["filters"]["since"]')"

t_badrc "list: --limit 0" 2 "notify list: --limit: '0' is not a count, expected a number from 1 to 1000000$" notify list --limit 0
t_badrc "list: --limit word" 2 "notify list: --limit: 'ten' is not a count, expected a number from 1 to 1000000$" notify list --limit ten
t_badrc "list: --credential word" 2 "notify list: --credential: 'CCM' is not an id, expected a positive number$" notify list --credential CCM
t_badrc "list: --since word" 2 "notify list: --since: 'soon' is not a date, expected YYYY-MM-DD, today or yesterday$" notify list --since soon
t_badrc "list: --since impossible" 2 "notify list: --since: 2027-02-30 " notify list --since 2027-02-30
t_badrc "list: --person empty" 2 "notify list: --person: " notify list --person ""
t_badrc "list: --person unknown" 1 "notify list: .*Nobody" notify list --person Nobody
t_badrc "list: --limit missing value" 2 "notify list: --limit: missing value" notify list --limit
CETRACK_DB=$MAIN_DB

# -- notify list: bad input --------------------------------------------
t_badrc "list: bad status" 2 "notify list: --status: 'sending' is not a status, expected pending, sent, failed, dead or skipped$" \
    notify list --status sending
t_badrc "list: missing status" 2 "notify list: --status: missing value" notify list --status
t_badrc "list: extra argument" 2 "notify list: unexpected argument 'all'" notify list all
t_badrc "notify: no subcommand" 2 "notify: missing subcommand" notify
t_badrc "notify: unknown subcommand" 2 "notify: 'send' is not a subcommand" notify send

# -- notify retry -------------------------------------------------------
audit0=$(sql "SELECT count(*) FROM audit")
t_badrc "retry: no id" 2 "notify retry: ID: missing, expected a notification id" notify retry
t_badrc "retry: not an id" 2 "notify retry: ID: 'four' is not an id, expected a positive number" notify retry four
t_badrc "retry: zero" 2 "notify retry: ID: '0' is not an id" notify retry 0
t_badrc "retry: two ids" 2 "notify retry: unexpected argument '4'" notify retry 3 4
t_badrc "retry: unknown" 1 "notify retry: no notification 99$" notify retry 99
t_badrc "retry: sent" 1 "notify retry: notification 2 is sent; only dead or failed notifications can be retried$" notify retry 2
t_badrc "retry: pending" 1 "notification 1 is pending; only dead or failed" notify retry 1
t_badrc "retry: skipped" 1 "notification 5 is skipped; only dead or failed" notify retry 5
t_eq "no audit rows for refusals" "$audit0" "$(sql "SELECT count(*) FROM audit")"

ftct "2027-03-03 10:00:00" notify retry 4
t_eq "retry dead: exit 0" 0 "$T_RC"
t_out "says so" "^notification 4 is pending again \(was dead\); cetrackd sends it on its next pass$"
t_out "and enables the endpoint" "^webhook endpoint https://hooks.example.org/cetrack enabled again$"
t_eq "4 is pending, due now, attempts reset, error kept" \
    "pending|0||timeout after 10 s" \
    "$(sql "SELECT status, attempts, first_attempt, last_error FROM notification WHERE id = 4")"
t_eq "due at the (fake) time of the retry" 1 \
    "$(sql "SELECT next_attempt BETWEEN '2027-03-03T10:00:00Z' AND '2027-03-03T10:00:59Z' FROM notification WHERE id = 4")"
t_eq "endpoint enabled" "|" "$(sql "SELECT disabled_at, reason FROM webhook_endpoint")"
t_eq "audited" "retry|notification|4|dead -> pending after 21 attempts" \
    "$(sql "SELECT action, entity, entity_id, detail FROM audit WHERE action = 'retry'")"
t_eq "endpoint enable audited" 1 \
    "$(sql "SELECT count(*) FROM audit WHERE action = 'enable' AND entity = 'webhook_endpoint' AND detail = '$W'")"
t_ok "retry failed" notify retry 3
t_out "was failed" "\(was failed\)"
t_eq "endpoint already enabled: no second line" 1 "$(wc -l <"$T_DIR/out")"
t_eq "3 pending" pending "$(sql "SELECT status FROM notification WHERE id = 3")"
t_badrc "retry twice" 1 "notification 3 is pending; only dead or failed" notify retry 3
t_ok "list --status pending" notify list --status pending
t_eq "three pending" 4 "$(wc -l <"$T_DIR/out")"

# -- cred set -----------------------------------------------------------
t_ok "cred set --help" cred set --help
t_out "usage" "^usage: cetrack cred set ID"
t_ok "cred --help lists set" cred --help
t_out "set in the group usage" "cetrack cred set ID"

ftct "2027-03-02 09:00:00" cred set 1 --remind 30,120,60 --remind-after none \
    --snooze-until 2027-04-01 --opt-out webhook,email
t_eq "set all: exit 0" 0 "$T_RC"
t_out "says what it now is" "^credential 1 \(CCM CCM-100234\): before: 120,60,30 days; after: none; snooze: until 2027-04-01; opt-out: email,webhook$"
t_eq "stored" "120,60,30||2027-04-01|email,webhook" \
    "$(sql "SELECT remind_before, remind_after, snooze_until, opt_out FROM credential WHERE id = 1")"
t_eq "remind-after none is '' not NULL" 1 "$(sql "SELECT remind_after IS NOT NULL FROM credential WHERE id = 1")"
t_eq "audited" "set|credential|1" "$(sql "SELECT action, entity, entity_id FROM audit ORDER BY id DESC LIMIT 1")"

# Unchanged: nothing written, not even an audit row.
before=$(sha256sum "$CETRACK_DB" | cut -d' ' -f1)
audit1=$(sql "SELECT count(*) FROM audit")
t_ok "same again" cred set 1 --remind 120,60,30
t_out "unchanged" "^credential 1 \(CCM CCM-100234\) unchanged: "
t_eq "no audit row" "$audit1" "$(sql "SELECT count(*) FROM audit")"
t_eq "file unchanged" "$before" "$(sha256sum "$CETRACK_DB" | cut -d' ' -f1)"

ftct "2027-03-02 09:00:00" cred set 1 --snooze-until today --opt-out all
t_eq "snooze today: exit 0" 0 "$T_RC"
t_eq "today is the fake day" "2027-03-02|all" "$(sql "SELECT snooze_until, opt_out FROM credential WHERE id = 1")"
t_ok "back to the policy" cred set 1 --remind default --remind-after default --snooze-until none --opt-out none
t_out "defaults shown" "before: default \(180,90,60,30,14,7,1 days\); after: default \(1,7,30 days\); snooze: none; opt-out: none$"
t_eq "all NULL again" "|||" "$(sql "SELECT remind_before, remind_after, snooze_until, opt_out FROM credential WHERE id = 1")"
t_ok "remind none" cred set 1 --remind none
t_eq "stored as empty" "1|" "$(sql "SELECT remind_before IS NOT NULL, remind_before FROM credential WHERE id = 1")"

# -- cred set: bad input --------------------------------------------------
t_badrc "set: nothing" 2 "cred set: nothing to set, expected --remind, --remind-after, --snooze-until, --opt-out, --renewal-index, --first-renewal, --attr, --status, --number, --state, --valid-through or --issued$" cred set 1
t_badrc "set: no id" 2 "cred set: ID: missing, expected a credential id" cred set --opt-out email
t_badrc "set: bad id" 2 "cred set: ID: 'CCM' is not an id" cred set CCM --opt-out email
t_badrc "set: unknown credential" 1 "cred set: no credential with id 9" cred set 9 --opt-out email
t_badrc "set: --remind word" 2 "cred set: --remind: 'soon' is not a number of days, expected days before valid-through such as 120,60,30 \(0 to 3650, at most 16\), default or none$" \
    cred set 1 --remind soon
t_badrc "set: --remind twice" 2 "cred set: --remind: 60 is listed twice" cred set 1 --remind 60,30,60
t_badrc "set: --remind range" 2 "cred set: --remind: 4000 is out of range \(0 to 3650 days\)" cred set 1 --remind 4000
t_badrc "set: --remind negative" 2 "cred set: --remind: -1 is out of range" cred set 1 --remind -1
t_badrc "set: --remind empty" 2 "cred set: --remind: '' is not a list of days" cred set 1 --remind ""
t_badrc "set: --remind hole" 2 "cred set: --remind: '60,,30' is not a list of days" cred set 1 --remind 60,,30
t_badrc "set: --remind too many" 2 "cred set: --remind: more than 16 values" \
    cred set 1 --remind 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17
t_badrc "set: --remind-after zero" 2 "cred set: --remind-after: 0 is out of range \(1 to 3650 days\), expected days after valid-through" \
    cred set 1 --remind-after 0
t_badrc "set: --snooze-until word" 2 "cred set: --snooze-until: 'later' is not a date, expected YYYY-MM-DD" \
    cred set 1 --snooze-until later
t_badrc "set: --snooze-until impossible" 2 "cred set: --snooze-until: 2027-02-30 does not exist" \
    cred set 1 --snooze-until 2027-02-30
before=$(sha256sum "$CETRACK_DB" | cut -d' ' -f1)
ftct "2027-03-02 09:00:00" cred set 1 --snooze-until 2027-03-01
t_eq "set: snooze in the past: exit 2" 2 "$T_RC"
t_eq "no stdout" "" "$(cat "$T_DIR/out")"
t_eq "set: snooze in the past: one line" "cetrack: cred set: --snooze-until: 2027-03-01 is in the past, expected today or a later date (YYYY-MM-DD), or none" "$(cat "$T_DIR/err")"
t_eq "set: snooze in the past: unchanged" "$before" "$(sha256sum "$CETRACK_DB" | cut -d' ' -f1)"
t_badrc "set: --opt-out sms" 2 "cred set: --opt-out: 'sms' is not a channel, expected email, webhook, email,webhook, all or none$" \
    cred set 1 --opt-out sms
t_badrc "set: one bad among good" 2 "cred set: --opt-out: 'e-mail' is not a channel" \
    cred set 1 --remind 90 --opt-out e-mail
t_badrc "set: unknown option" 2 "cred set: unknown option '--remind-before'" cred set 1 --remind-before 90
t_badrc "set: missing value" 2 "cred set: --opt-out: missing value" cred set 1 --opt-out

# -- a schema-1 database is upgraded by init, keeping its data -------------
V1="$T_DIR/v1.db"
sqlite3 -batch "$V1" <"$(dirname "$0")/../../sql/001-initial.sql"
sqlite3 -batch "$V1" "
PRAGMA user_version = 1;
INSERT INTO person (name, email, created) VALUES ('Dana Reyes', 'dana.reyes@example.org', '2026-01-05T10:00:00Z');
INSERT INTO credential (person_id, program, number, created) VALUES (1, 'CCM', 'CCM-100234', '2026-01-05T10:00:00Z');
INSERT INTO cycle (credential_id, start, valid_through, renewal_index) VALUES (1, '2022-06-01', '2027-05-31', 2);
INSERT INTO notification (dedup_key, credential_id, cycle_id, event, channel, recipient, status,
    attempts, last_error, created, updated)
VALUES ('1:1:before-90:log:', 1, 1, 'before-90', 'log', '', 'dead', 3, 'log closed',
    '2027-03-02T09:00:00Z', '2027-03-02T09:00:00Z');"
CETRACK_DB=$V1
t_badrc "v1: refused until upgraded" 1 "has schema version 1, this cetrack needs [0-9]+; run 'cetrack init' to upgrade" notify list
t_ok "v1: init upgrades" init
t_out "from schema 1" "^upgraded .*v1.db from schema 1 to [0-9]+$"
t_eq "v1: at the latest version" "$(ls "$(dirname "$0")"/../../sql/[0-9][0-9][0-9]-*.sql | wc -l)" "$(sql 'PRAGMA user_version')"
t_ok "v1: status reads the old data" status --as-of 2027-03-02 --json
t_eq "v1: the credential" "CCM-100234 Dana Reyes" "$(t_jv 'j["credentials"][0]["number"]' 'j["credentials"][0]["person"]')"
t_ok "v1: the old notification is listed" notify list --json
t_eq "v1: kept as it was" "1:1:before-90:log: dead 3 log closed" \
    "$(t_jv 'j["notifications"][0]["dedup_key"]' 'j["notifications"][0]["status"]' \
        'j["notifications"][0]["attempts"]' 'j["notifications"][0]["last_error"]')"
t_ok "v1: the new columns work" cred set 1 --opt-out email
t_ok "v1: retry the old item" notify retry 1
t_ok "v1: init again" init
t_out "up to date" "is up to date \(schema [0-9]+\)$"

# notify new-secret: whsec_ + base64 of 32 fresh bytes, a new one each
# time, with no database.
t_ok "new-secret" notify new-secret
t_eq "new-secret: whsec_ + 44 base64 characters" 1 \
    "$(grep -cE '^whsec_[A-Za-z0-9+/]{43}=$' "$T_DIR/out")"
t_eq "new-secret: one line, nothing on stderr" "1 0" \
    "$(wc -l <"$T_DIR/out") $(wc -c <"$T_DIR/err")"
t_eq "new-secret: 32 bytes" 32 \
    "$(sed 's/^whsec_//' "$T_DIR/out" | base64 -d | wc -c)"
first=$(cat "$T_DIR/out")
ct notify new-secret
t_eq "new-secret: a new one each time" 1 \
    "$([ "$first" = "$(cat "$T_DIR/out")" ]; echo $?)"
( "$CETRACK" -d "$T_DIR/none.db" notify new-secret \
    >"$T_DIR/out" 2>"$T_DIR/err" )
t_eq "new-secret: no database needed" "0 1" \
    "$? $(grep -c '^whsec_' "$T_DIR/out")"
t_eq "new-secret: no database created" 1 "$([ -e "$T_DIR/none.db" ]; echo $?)"
ct notify new-secret --help
t_out "new-secret --help" "^usage: cetrack notify new-secret$"
t_bad "new-secret: no argument" "unexpected argument 'x'" notify new-secret x
ct notify --help
t_out "notify --help lists new-secret" "cetrack notify new-secret"

t_done
