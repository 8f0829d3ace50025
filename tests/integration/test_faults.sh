#!/bin/sh
# SPDX-License-Identifier: ISC
# Delivery under failure, on purpose: nothing lost, nothing sent twice
# beyond what was in flight. Real servers on 127.0.0.1; time moves with
# cetrackd --now, never by waiting for the clock.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/servers.sh"

# One person, one CCM credential due in 90 days on 2027-03-02.
setup_dana() {
	rm -f "$CETRACK_DB" "$CETRACK_DB"-wal "$CETRACK_DB"-shm
	ct init
	ct person add "Dana Reyes" --email dana.reyes@example.org
	ct cred add CCM --number CCM-100234 --valid-through 2027-05-31 --renewal-index 2
	ct ce log "Case Management Update" --hours 62.5 --date 2023-06-01 --approval CCMC:C-1
}
notify_json() {
	ct notify list --json
}
# nj EXPR: a Python expression over the notification list `n`.
nj() {
	notify_json
	/usr/bin/python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
n = j["notifications"] if isinstance(j, dict) else j
print(eval(sys.argv[2]))' "$T_DIR/out" "$1"
}

cfg="$T_DIR/cetrack.ini"

# 1. SMTP server down for the first attempt, then up: delivered once.
port=$(free_port)
write_config "$cfg" "smtp://127.0.0.1:$port" ""
setup_dana
cd_run -c "$cfg" --once --now 2027-03-02T09:00
t_eq "pass with the mail server down exits 0" 0 "$D_RC"
t_eq "email pending after a refused connection" "pending 1" \
    "$(nj "' '.join(sorted(set('%s %d' % (x['status'], x['attempts']) for x in n if x['channel']=='email' and x['status']!='skipped')))")"
t_eq "the error is recorded" 1 "$(nj "int(all(x['last_error'] for x in n if x['channel']=='email' and x['status']!='skipped'))")"
start_smtpd mail --port "$port" || exit 1
cd_run -c "$cfg" --once --now 2027-03-02T09:05
t_eq "delivered after the server came up" 1 "$(mail_count mail)"
t_eq "sent, two attempts recorded" "sent 2" \
    "$(nj "' '.join(sorted(set('%s %d' % (x['status'], x['attempts']) for x in n if x['channel']=='email' and x['status']!='skipped')))")"
cd_run -c "$cfg" --once --now 2027-03-02T10:00
t_eq "not sent again" 1 "$(mail_count mail)"
kill "$mail_PID"; wait "$mail_PID" 2>/dev/null

# 1b. The server answers 451 to the first DATA: retried, delivered once.
start_smtpd mail2 --fail-first 1 || exit 1
write_config "$cfg" "smtp://127.0.0.1:$SMTP_PORT" ""
setup_dana
cd_run -c "$cfg" --once --now 2027-03-02T09:00
t_eq "451 leaves the email pending" 0 "$(mail_count mail2)"
cd_run -c "$cfg" --once --now 2027-03-02T09:00:30
t_eq "not retried before its backoff" 0 "$(mail_count mail2)"
cd_run -c "$cfg" --once --now 2027-03-02T09:02
t_eq "delivered once after 451" 1 "$(mail_count mail2)"

# 2. Webhook answering 500, then 200: delivered once, same webhook-id.
start_receiver hooks || exit 1
write_config "$cfg" "" "http://127.0.0.1:$HOOK_PORT/fail-first/1"
setup_dana
cd_run -c "$cfg" --once --now 2027-03-02T09:00
n1=$(nj "len([x for x in n if x['channel']=='webhook' and x['status']=='pending'])")
t_eq "500 leaves every webhook pending" 1 "$([ "$n1" -ge 1 ] && echo 1 || echo 0)"
t_eq "nothing accepted yet" 0 "$(hook_count hooks)"
cd_run -c "$cfg" --once --now 2027-03-02T09:02
t_eq "each delivered once after the retry" "$n1" "$(hook_count hooks)"
ids_sent=$(nj "' '.join(sorted(x['webhook_id'] for x in n if x['channel']=='webhook' and x['status']!='skipped'))")
ids_recv=$(/usr/bin/python3 -c 'import json,sys; print(" ".join(sorted(json.loads(l)["webhook_id"] for l in open(sys.argv[1]))))' "$T_DIR/hooks.log")
t_eq "same webhook-id across the retry" "$ids_sent" "$ids_recv"
t_eq "the receiver saw 2 requests per id" $((2 * n1)) \
    "$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["requests"])' "$T_DIR/hooks.stats")"

# 3. Webhook answering 410: the endpoint is disabled, nothing retried.
write_config "$cfg" "" "http://127.0.0.1:$HOOK_PORT/gone"
setup_dana
req0=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["requests"])' "$T_DIR/hooks.stats")
cd_run -c "$cfg" --once --now 2027-03-02T09:00
t_eq "410 fails every item for that endpoint" 0 "$(nj "len([x for x in n if x['channel']=='webhook' and x['status']=='pending'])")"
t_eq "the endpoint is reported" 1 "$(grep -c -m1 '410' "$T_DIR/derr")"
t_eq "the service's disabling is audited under its own name" \
    "cetrackd disable webhook_endpoint http://127.0.0.1:$HOOK_PORT/gone" \
    "$(/usr/bin/python3 -c 'import sqlite3,sys; print("\n".join(" ".join(r) for r in sqlite3.connect(sys.argv[1]).execute("SELECT actor, action, entity, detail FROM audit WHERE entity = ? ORDER BY id", ("webhook_endpoint",))))' "$CETRACK_DB")"
ct history --entity webhook_endpoint --json
t_eq "and history shows it so" "cetrackd disable None" \
    "$(t_jv 'j["history"][0]["actor"]' 'j["history"][0]["action"]' 'j["history"][0]["entity_id"]')"
req1=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["requests"])' "$T_DIR/hooks.stats")
cd_run -c "$cfg" --once --now 2027-05-30T09:00
req2=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["requests"])' "$T_DIR/hooks.stats")
t_eq "a later pass sends nothing to the disabled endpoint" "$req1" "$req2"
t_eq "the 410 pass stopped at the first answer" 1 "$([ $((req1 - req0)) -ge 1 ] && echo 1 || echo 0)"

# 4. Webhook hanging: timeout (2 s), retry later, the pass is not blocked.
write_config "$cfg" "" "http://127.0.0.1:$HOOK_PORT/hang"
setup_dana
cd_run -c "$cfg" --once --now 2027-03-02T09:00
t_eq "a hanging endpoint does not block the pass" 0 "$D_RC"
t_eq "timed-out items stay pending for a retry" 1 \
    "$(nj "int(len(n) > 0 and all(x['status']=='pending' and x['attempts']==1 and '(timed out)' in x['last_error'] for x in n if x['channel']=='webhook' and x['status']!='skipped'))")"

# 4b. A slow request does not hold up the others: parallel = 4 and 42
#     deliveries to /hold-first/41, where the receiver holds the first
#     request it gets until the 41 others have been answered. Only if each
#     finished request's slot goes to the next item at once can the 41
#     pass through the other 3 slots while it is held; batches of 4 would
#     wait for it behind the first 3 until it timed out (20 s) and it would
#     stay pending. Counts and order, no clock.
start_receiver hold --keep-alive || exit 1
setup_dana
sqlite3 "$CETRACK_DB" "
WITH RECURSIVE k(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM k WHERE i < 21)
INSERT INTO credential (person_id, program, number, state, created)
SELECT 1, 'CCM', 'CCM-' || (400000 + i), '', '2026-11-24T00:00:00Z' FROM k;
INSERT INTO cycle (credential_id, start, valid_through, renewal_index)
SELECT id, '2022-06-01', '2027-05-31', 2 FROM credential WHERE id > 1;
UPDATE credential SET status = 'active';"
cat >"$cfg" <<CFG
[database]
path = $CETRACK_DB
[webhook]
enabled = yes
url = http://127.0.0.1:$HOOK_PORT/hold-first/41
secret_file = $T_DIR/whsec
timeout = 20
parallel = 4
[reminders]
before = 90
window_open = no
CFG
chmod 600 "$cfg"
cd_run -c "$cfg" --once --now 2027-03-02T09:00
t_eq "the pass with a held request exits 0" 0 "$D_RC"
t_eq "42 webhook items were enqueued" 42 \
    "$(nj "len([x for x in n if x['channel']=='webhook' and x['status']!='skipped'])")"
t_eq "all 42 sent in that pass, one attempt each (the held one too)" 42 \
    "$(nj "len([x for x in n if x['channel']=='webhook' and x['status']=='sent' and x['attempts']==1])")"
# "held_while": the others the receiver answered while it held one.
t_eq "41 deliveries went past the held one, which ended last" "1 41 41" \
    "$(/usr/bin/python3 -c '
import json, sys
l = [json.loads(x) for x in open(sys.argv[1])]
h = [i for i, d in enumerate(l) if "held_while" in d]
print(len(h), h[0] if h else "-", l[h[0]]["held_while"] if h else "-")' "$T_DIR/hold.log")"
t_eq "each delivered once" 42 \
    "$(/usr/bin/python3 -c 'import json,sys; print(len(set(json.loads(l)["webhook_id"] for l in open(sys.argv[1]))))' "$T_DIR/hold.log")"
t_eq "never more than 4 in flight" 1 \
    "$(/usr/bin/python3 -c 'import json,sys; print(int(json.load(open(sys.argv[1]))["max_in_flight"] <= 4))' "$T_DIR/hold.stats")"
kill "$hold_PID"; wait "$hold_PID" 2>/dev/null

# 5. kill -9 in the middle of a run of 400 deliveries: after a restart
#    every item is delivered, none lost; duplicates only for the items in
#    flight at the kill (at most `parallel` = 10).
kill "$hooks_PID"; wait "$hooks_PID" 2>/dev/null
start_receiver slow || exit 1
write_config "$cfg" "" "http://127.0.0.1:$HOOK_PORT/slow/50"
setup_dana
# 199 more credentials for the same person, straight into the schema
# (test setup only; one CLI call each would dominate the test's time).
sqlite3 "$CETRACK_DB" "
WITH RECURSIVE k(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM k WHERE i < 200)
INSERT INTO credential (person_id, program, number, state, created)
SELECT 1, 'CCM', 'CCM-' || (200000 + i), '', '2026-11-24T00:00:00Z' FROM k;
INSERT INTO cycle (credential_id, start, valid_through, renewal_index)
SELECT id, '2022-06-01', '2027-05-31', 2 FROM credential WHERE id > 1;"
# Only the 90-day reminder, so there is one webhook per credential.
write_config "$cfg" "" "http://127.0.0.1:$HOOK_PORT/slow/50" \
    "[reminders]" "before = 90" "window_open = no"
sqlite3 "$CETRACK_DB" "UPDATE credential SET status = 'active'"
"$CETRACKD" -c "$cfg" --once --now 2027-03-02T09:00 >"$T_DIR/kout" 2>"$T_DIR/kerr" &
dpid=$!
i=0
while [ "$(hook_count slow)" -lt 60 ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
kill -9 "$dpid"; wait "$dpid" 2>/dev/null
at_kill=$(hook_count slow)
t_eq "killed in the middle of the batch" 1 "$([ "$at_kill" -ge 60 ] && [ "$at_kill" -lt 400 ] && echo 1 || echo 0)"
# Each of the 200 credentials is due two events on 2027-03-02 (before-90
# and at-risk): 400 deliveries.
total=$(nj "len([x for x in n if x['channel']=='webhook' and x['status'] != 'skipped'])")
t_eq "400 webhook items were enqueued" 400 "$total"
cd_run -c "$cfg" --once --now 2027-03-02T09:01
t_eq "restart exits 0" 0 "$D_RC"
t_eq "after the restart every item is sent" "$total" "$(nj "len([x for x in n if x['channel']=='webhook' and x['status']=='sent'])")"
distinct=$(/usr/bin/python3 -c 'import json,sys; print(len(set(json.loads(l)["webhook_id"] for l in open(sys.argv[1]))))' "$T_DIR/slow.log")
t_eq "none lost: every item delivered" "$total" "$distinct"
dups=$(( $(hook_count slow) - distinct ))
echo "kill -9 test: $at_kill delivered at the kill, $dups duplicate(s) after restart (bound 10)"

# 5b. The resident cetrackd runs each pass as a child, cetrackd-full: a
#     kill -9 of cetrackd in the middle of a pass must take the child
#     with it (PR_SET_PDEATHSIG), so nothing goes on sending unwatched.
sqlite3 "$CETRACK_DB" "DELETE FROM notification"
before=$(hook_count slow)
"$CETRACKD" -c "$cfg" --now 2027-03-02T09:02 >"$T_DIR/rout" 2>"$T_DIR/rerr" &
dpid=$!
i=0
while [ "$(hook_count slow)" -lt $((before + 30)) ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
if pgrep -f -- "--child-at" >/dev/null; then t_pass
else t_fail "no cetrackd-full child during the pass"; fi
kill -9 "$dpid"; wait "$dpid" 2>/dev/null
i=0
while pgrep -f -- "--child-at" >/dev/null && [ $i -lt 10 ]; do sleep 0.05; i=$((i + 1)); done
if pgrep -f -- "--child-at" >/dev/null; then
	t_fail "the pass outlived a kill -9 of cetrackd"
	pkill -9 -f -- "--child-at"
else t_pass; fi
# Requests the receiver had already taken finish there (50 ms); after
# that, nothing new arrives.
sleep 0.5
n1=$(hook_count slow); sleep 1; n2=$(hook_count slow)
t_eq "no delivery after the kill" "$n1" "$n2"
t_eq "killed in the middle of that pass" 1 "$([ "$n1" -lt $((before + 400)) ] && echo 1 || echo 0)"
t_eq "duplicates bounded by what was in flight (<= 10)" 1 "$([ "$dups" -le 10 ] && echo 1 || echo 0)"

# 6. The CLI logs courses while the daemon delivers: no "database is locked".
setup_dana
sqlite3 "$CETRACK_DB" "
WITH RECURSIVE k(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM k WHERE i < 100)
INSERT INTO credential (person_id, program, number, state, created)
SELECT 1, 'CCM', 'CCM-' || (300000 + i), '', '2026-11-24T00:00:00Z' FROM k;
INSERT INTO cycle (credential_id, start, valid_through, renewal_index)
SELECT id, '2022-06-01', '2027-05-31', 2 FROM credential WHERE id > 1;"
"$CETRACKD" -c "$cfg" --once --now 2027-03-02T09:00 >"$T_DIR/kout" 2>"$T_DIR/kerr" &
dpid=$!
locked=0; failed=0; k=1
while [ $k -le 20 ]; do
	ct ce log "Concurrent course $k" --hours 1 --date 2026-01-01 --approval CCMC
	[ "$T_RC" -ne 0 ] && failed=$((failed + 1))
	grep -qi 'locked' "$T_DIR/err" && locked=$((locked + 1))
	k=$((k + 1))
done
wait "$dpid"
t_eq "daemon pass finished" 0 "$?"
t_eq "no 'database is locked' while the daemon runs" "0 0" "$locked $failed"
ct ce list --cycle all --json
t_eq "all 21 courses recorded" 21 "$(t_jv "len(j['activities'] if isinstance(j, dict) else j)")"

# 7. One instance per database; SIGTERM stops cleanly, items stay pending.
write_config "$cfg" "" "http://127.0.0.1:$HOOK_PORT/hang"
setup_dana
"$CETRACKD" -c "$cfg" --now 2027-03-02T09:00 >"$T_DIR/d1out" 2>"$T_DIR/d1err" &
dpid=$!
i=0
while ! grep -q 'pass at' "$T_DIR/d1err" && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
cd_run -c "$cfg" --once
t_eq "a second cetrackd on the same database is refused" 1 "$D_RC"
t_eq "it says why" 1 "$(grep -c 'already running' "$T_DIR/derr")"
kill -HUP "$dpid"
i=0
while ! grep -q 'reloaded' "$T_DIR/d1err" && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
t_eq "SIGHUP reloads" 1 "$(grep -c 'reloaded' "$T_DIR/d1err")"
kill -TERM "$dpid"; wait "$dpid"
t_eq "SIGTERM exits cleanly" 0 "$?"
t_eq "undelivered items stay pending" 1 \
    "$(nj "int(len(n) > 0 and all(x['status']=='pending' for x in n if x['channel']=='webhook' and x['status']!='skipped'))")"

# 8. Items that die are reported to [email] admin, once.
start_smtpd adminmail || exit 1
cat >"$cfg" <<CFG
[database]
path = $CETRACK_DB
[email]
enabled = yes
smtp_url = smtp://127.0.0.1:$SMTP_PORT
starttls = off
from = cetrack <cetrack@example.org>
admin = it-alerts@example.org
[webhook]
enabled = yes
url = http://127.0.0.1:$HOOK_PORT/status/500
secret_file = $T_DIR/whsec
timeout = 2
[delivery]
retry_first = 60
retry_max = 60
give_up_after = 60
CFG
chmod 600 "$cfg"
rm -f "$CETRACK_DB" "$CETRACK_DB"-wal "$CETRACK_DB"-shm
ct init
ct person add "Sam Okafor"
ct cred add CCM --number CCM-200111 --valid-through 2027-05-31 --renewal-index 2
cd_run -c "$cfg" --once --now 2027-03-02T09:00
t_eq "no admin notice after one failure" 0 "$(mail_count adminmail)"
cd_run -c "$cfg" --once --now 2027-03-02T09:02
t_eq "items past give_up_after are dead" 1 \
    "$(nj "int(len([x for x in n if x['channel']=='webhook' and x['status']=='dead']) >= 1)")"
t_eq "the admin is told, in one message" 1 "$(mail_count adminmail)"
/usr/bin/python3 -c '
import email, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"))
print(m["To"])
for p in m.walk():
    if p.get_content_type() == "text/plain":
        print(p.get_payload(decode=True).decode())' "$(ls "$T_DIR"/adminmail.mail/*.eml | head -1)" >"$T_DIR/admin.txt"
t_eq "the notice goes to the admin" 1 "$(grep -c 'it-alerts@example.org' "$T_DIR/admin.txt")"
t_eq "the notice says what failed" 1 "$(grep -c -m1 'gave up on 1 notification (status dead)' "$T_DIR/admin.txt")"
t_eq "and names the error" 1 "$(grep -c -m1 'HTTP 500\|500' "$T_DIR/admin.txt")"
cd_run -c "$cfg" --once --now 2027-03-02T10:00
t_eq "told once" 1 "$(mail_count adminmail)"

# 9. Items due on a channel that is not enabled must not make the daemon
#    spin: it sleeps retry_first (60 s) before looking at them again.
write_config "$cfg" "smtp://127.0.0.1:$(free_port)" ""
setup_dana
cd_run -c "$cfg" --once --now 2027-03-02T09:00
write_config "$cfg" "" ""
"$CETRACKD" -c "$cfg" >"$T_DIR/s1out" 2>"$T_DIR/s1err" &
dpid=$!
i=0
while ! grep -q ' in .*, at ' "$T_DIR/s1err" && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
kill -TERM "$dpid"; wait "$dpid"
t_eq "email items stay pending while [email] is off" 1 \
    "$(nj "int(len([x for x in n if x['channel']=='email' and x['status']=='pending']) > 0)")"
# The first wait it announces ("next pass in 16 h 15 min, at ...") is a
# minute or more: a wait in seconds would say "in N s".
t_eq "the daemon sleeps instead of spinning" 1 \
    "$(grep -m1 ' in .*, at ' "$T_DIR/s1err" | grep -c ' in [0-9]* \(min\|h\|day\|days\)\b')"
t_eq "one pass, not a loop" 1 "$(grep -c 'pass at' "$T_DIR/s1err")"

t_done
