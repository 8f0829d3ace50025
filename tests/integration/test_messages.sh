#!/bin/sh
# SPDX-License-Identifier: ISC
# What cetrackd says to people (issue 13, part 5): how long it sleeps, in
# days, hours and minutes with the local time it wakes; delivery errors
# that say what failed and what happens next ("could not connect to
# 127.0.0.1:PORT: connection refused; will retry at 09:01", "gave up after
# N attempts ...; `cetrack notify retry ID` sends it again"), the same
# words stored for `cetrack notify list`, and none of the internal words
# (tempfail, "retry: HTTP 0", "[email] [email]"). Real servers on
# 127.0.0.1; time moves with --now, never by waiting.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/servers.sh"

setup_dana() {
	rm -f "$CETRACK_DB" "$CETRACK_DB"-wal "$CETRACK_DB"-shm
	ct init
	ct person add "Dana Reyes" --email dana.reyes@example.org
	ct cred add CCM --number CCM-100234 --valid-through 2027-05-31 --renewal-index 2
	ct ce log "Case Management Update" --hours 62.5 --date 2023-06-01 --approval CCMC:C-1
}
# nj EXPR: a Python expression over the notification list `n`.
nj() {
	ct notify list --json
	/usr/bin/python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
n = j["notifications"]
print(eval(sys.argv[2]))' "$T_DIR/out" "$1"
}
# no_internal_words NAME FILE
no_internal_words() {
	t_eq "$1: no internal words" 0 \
	    "$(grep -c 'tempfail\|permfail\|retry: \|HTTP 0\|\[email\] \[email\]\|for good' "$2")"
}
cfg="$T_DIR/cetrack.ini"
tz="[reminders]
timezone = America/Chicago"

# 1. The mail server is down: the log and the outbox say so plainly.
port=$(free_port)
write_config "$cfg" "smtp://127.0.0.1:$port" "" "$tz"
setup_dana
cd_run -c "$cfg" --once --now 2027-03-02T09:00
t_eq "pass with the mail server down exits 0" 0 "$D_RC"
t_eq "the log says what failed and when it is retried" 1 \
    "$(grep -cE "^cetrackd: email to dana\.reyes@example\.org( \([0-9]+ reminders\))? not sent: could not connect to 127\.0\.0\.1:$port: connection refused; will retry at 09:0[1-9]$" "$T_DIR/derr")"
no_internal_words "refused connection" "$T_DIR/derr"
t_eq "notify list shows the same words" \
    "could not connect to 127.0.0.1:$port: connection refused" \
    "$(nj "' '.join(sorted(set(x['last_error'] for x in n if x['channel']=='email' and x['status']=='pending')))")"
ct notify list --status pending
t_out "and in the table" "could not connect to 127\.0\.0\.1:$port: connection refused$"

# 2. Still down after give_up_after (3 days): it gives up and says how to
#    send it again.
cd_run -c "$cfg" --once --now 2027-03-05T09:30
t_eq "the give-up is a warning with the way out" 1 \
    "$(grep -cE "^cetrackd: email to dana\.reyes@example\.org( \([0-9]+ reminders\))? not sent: could not connect to 127\.0\.0\.1:$port: connection refused; gave up after 2 attempts over 3 days; \`cetrack notify retry (ID|[0-9]+)\` sends (it|each) again$" "$T_DIR/derr")"
no_internal_words "give-up" "$T_DIR/derr"
t_eq "the items are dead" 1 "$(nj "int(len([x for x in n if x['channel']=='email' and x['status']=='dead']) > 0)")"

# 3. A webhook receiver answering 500: named with its URL and status.
start_receiver hooks || exit 1
url="http://127.0.0.1:$HOOK_PORT/status/500"
write_config "$cfg" "" "$url" "$tz"
setup_dana
cd_run -c "$cfg" --once --now 2027-03-02T09:00
t_eq "the log names the receiver and its answer" 1 \
    "$(grep -cE "^cetrackd: webhook to http://127\.0\.0\.1:$HOOK_PORT/status/500 not sent: the receiver answered HTTP 500: \"status 500\"; will retry at 09:0[1-9]$" "$T_DIR/derr" | awk '{ print ($1 >= 1) }')"
no_internal_words "HTTP 500" "$T_DIR/derr"
t_eq "stored without the URL (the recipient column has it)" \
    'the receiver answered HTTP 500: "status 500"' \
    "$(nj "' '.join(sorted(set(x['last_error'] for x in n if x['channel']=='webhook' and x['status']=='pending')))")"

# 4. A 404 is final: not retried, and the log says how to send it again.
write_config "$cfg" "" "http://127.0.0.1:$HOOK_PORT/status/404" "$tz"
setup_dana
cd_run -c "$cfg" --once --now 2027-03-02T09:00
t_eq "a final answer: not retried, and the way out" 1 \
    "$(grep -cE "^cetrackd: webhook to .*/status/404 not sent: the receiver answered HTTP 404: \"status 404\"; not retried, as the answer is final; \`cetrack notify retry [0-9]+\` sends it again once that is fixed$" "$T_DIR/derr" | awk '{ print ($1 >= 1) }')"

# 5. Nothing listening for the webhook: the address and the reason.
hport=$(free_port)
write_config "$cfg" "" "http://127.0.0.1:$hport/hook" "$tz"
setup_dana
cd_run -c "$cfg" --once --now 2027-03-02T09:00
t_eq "webhook connection refused" 1 \
    "$(grep -cE "^cetrackd: webhook to http://127\.0\.0\.1:$hport/hook not sent: could not connect to 127\.0\.0\.1:$hport: connection refused; will retry at 09:0[1-9]$" "$T_DIR/derr" | awk '{ print ($1 >= 1) }')"
no_internal_words "webhook refused" "$T_DIR/derr"

# 6. How long the daemon sleeps: "next pass in 17 h 39 min, at 2027-03-03
#    09:00" (send_time in the configured zone), not "sleeping 63535 s".
write_config "$cfg" "" "" "$tz"
setup_dana
"$CETRACKD" -c "$cfg" --now 2027-03-02T15:21 >"$T_DIR/s1out" 2>"$T_DIR/s1err" &
dpid=$!
i=0
while ! grep -q 'next pass' "$T_DIR/s1err" && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
kill -TERM "$dpid"; wait "$dpid"
t_eq "next pass in hours and minutes, at the local time" 1 \
    "$(grep -c '^cetrackd: next pass in 17 h 39 min, at 2027-03-03 09:00$' "$T_DIR/s1err")"
t_eq "no seconds count" 0 "$(grep -c 'sleeping' "$T_DIR/s1err")"
t_eq "said once" 1 "$(grep -c 'next pass' "$T_DIR/s1err")"

t_done
