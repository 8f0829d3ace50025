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
t_out "skipped line with its reason" "^ +5 .* skipped +0 +- +caught up: before-90 is more urgent$"
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
t_badrc "set: nothing" 2 "cred set: nothing to set, expected --remind, --remind-after, --snooze-until or --opt-out$" cred set 1
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
