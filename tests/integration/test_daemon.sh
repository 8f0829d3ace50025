#!/bin/sh
# SPDX-License-Identifier: ISC
# cetrackd against a real SMTP server and a real webhook receiver on
# 127.0.0.1 (issue scenario): Dana Reyes's CCM is valid through 2027-05-31
# with 62.5 of 80 hours and 3 of 8 ethics hours.
#   - a pass at 2027-03-02 09:00 sends one email (a digest of what is due)
#     and one webhook call per due event, naming the 17.5 missing hours, the
#     5 missing ethics hours and the window that opened 2027-03-01;
#   - a second pass sends nothing;
#   - a pass at 2027-05-30 sends the 1-day reminder only.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/servers.sh"

start_smtpd mail || exit 1
start_receiver hooks || exit 1
cfg="$T_DIR/cetrack.ini"
write_config "$cfg" "smtp://127.0.0.1:$SMTP_PORT" "http://127.0.0.1:$HOOK_PORT/ok"

t_ok "init" init
t_ok "Dana" person add "Dana Reyes" --email dana.reyes@example.org
t_ok "CCM" cred add CCM --number CCM-100234 --valid-through 2027-05-31 --renewal-index 2
t_ok "59.5 h" ce log "Case Management Update" --hours 59.5 --date 2023-06-01 --approval CCMC:C-1
t_ok "3 h ethics" ce log "Ethics in Case Management" --hours 3 --date 2024-02-01 --approval CCMC:C-2 --topic ethics

ct status
t_eq "status warns while the service never ran" 1 "$(grep -cE 'cetrackd has (not|never) run' "$T_DIR/err")"

cd_run -c "$cfg" --once --now 2027-03-02T09:00
t_eq "first pass exits 0" 0 "$D_RC"
[ "$D_RC" -eq 0 ] || cat "$T_DIR/derr" >&2
t_eq "one email (a digest)" 1 "$(mail_count mail)"
msg=$(ls "$T_DIR/mail.mail"/*.eml | head -1)
t_eq "email to Dana" 1 "$(grep -c '^To: .*dana.reyes@example.org' "$msg")"
body=$(/usr/bin/python3 -c '
import email, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"))
for p in m.walk():
    if p.get_content_type() == "text/plain":
        print(p.get_payload(decode=True).decode())
    if p.get_content_type() == "text/calendar":
        print("ATTACHMENT", p.get_filename())
        print(p.get_payload(decode=True).decode())
' "$msg")
echo "$body" >"$T_DIR/body.txt"
t_eq "email names the 17.5 missing hours" 1 "$(grep -c -m1 '17\.5 h' "$T_DIR/body.txt")"
t_eq "email names the 5 missing ethics hours" 1 "$(grep -c -m1 '5 h to go' "$T_DIR/body.txt")"
t_eq "email names the window opening" 1 "$(grep -c -m1 '2027-03-01' "$T_DIR/body.txt")"
t_eq "email carries the .ics deadline" 1 "$(grep -c -m1 'DTSTART;VALUE=DATE:20270531' "$T_DIR/body.txt")"

ct notify list --json
sends=$(t_jv "len([n for n in (j['notifications'] if isinstance(j, dict) else j) if n['channel']=='webhook' and n['status']=='sent'])")
t_eq "one webhook call per due event" "$sends" "$(hook_count hooks)"
t_eq "several events were due" 1 "$([ "$sends" -ge 2 ] && echo 1 || echo 0)"
events=$(/usr/bin/python3 -c '
import json, sys
for line in open(sys.argv[1]):
    d = json.loads(line); b = json.loads(d["body"])
    print(b["event"], "%g" % b["data"]["hours"]["remaining"],
          "%g" % [r["remaining"] for r in b["data"]["requirements"] if r["id"] == "ethics"][0],
          b["data"]["window_opens"])
' "$T_DIR/hooks.log" | sort)
# 90 days left: the state is at_risk (a credential has one state, so
# "behind" is not due as well); window-open (2027-03-01) was crossed before
# this first pass and is named in the text, not sent as its own event.
t_eq "webhook events and figures" "at-risk 17.5 5 2027-03-01
before-90 17.5 5 2027-03-01" "$events"
t_eq "no bad signatures at the receiver" 0 \
    "$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bad_signature"])' "$T_DIR/hooks.stats")"

cd_run -c "$cfg" --once --now 2027-03-02T09:30
t_eq "second pass exits 0" 0 "$D_RC"
t_eq "second pass sends no email" 1 "$(mail_count mail)"
t_eq "second pass calls no webhook" "$sends" "$(hook_count hooks)"

cd_run -c "$cfg" --once --now 2027-05-30T09:00
t_eq "late pass exits 0" 0 "$D_RC"
t_eq "late pass sends one email" 2 "$(mail_count mail)"
t_eq "late pass calls one webhook" $((sends + 1)) "$(hook_count hooks)"
last=$(tail -1 "$T_DIR/hooks.log" | /usr/bin/python3 -c 'import json,sys; print(json.loads(json.loads(sys.stdin.read())["body"])["event"])')
t_eq "it is the 1-day reminder" "before-1" "$last"
ct notify list --status skipped --json
t_eq "missed thresholds recorded as skipped" 1 \
    "$(t_jv "int(set(n['event'] for n in (j['notifications'] if isinstance(j, dict) else j)) >= {'before-60','before-30','before-14','before-7'})")"

# The heartbeat: the service ran just now, so status does not warn.
ct status
t_eq "no stale-service warning after a pass" 0 "$(grep -cE 'cetrackd has (not|never) run' "$T_DIR/err")"

# Dry run: prints, changes nothing.
before=$(sha256sum "$CETRACK_DB" | cut -d' ' -f1)
# 2027-05-31: the 1-day reminder went yesterday and nothing else is due,
# so a pass has nobody to evaluate (schema 4's pass_watch) and prints
# nothing; 2027-06-01 is the first day of grace: after-1 is due.
cd_run -c "$cfg" --once --dry-run --now 2027-05-31T09:00
t_eq "dry run exits 0" 0 "$D_RC"
t_eq "dry run on a day nothing is due prints nothing" 0 "$(wc -l <"$T_DIR/dout")"
cd_run -c "$cfg" --once --dry-run --full --now 2027-05-31T09:00
t_eq "dry run --full exits 0" 0 "$D_RC"
t_eq "--full plans every credential again (yesterday's 1-day reminder too)" 1 \
    "$(grep -c '^have email before-1 ' "$T_DIR/dout")"
t_eq "what a dry run finds in the outbox is not sent again" 0 \
    "$(grep -c '^send email before-1 ' "$T_DIR/dout")"
cd_run -c "$cfg" --once --dry-run --now 2027-06-01T09:00
t_eq "dry run prints what it would send" 1 "$(grep -c '^send email after-1 ' "$T_DIR/dout")"
t_eq "dry run changes nothing" "$before" "$(sha256sum "$CETRACK_DB" | cut -d' ' -f1)"
t_eq "dry run sends nothing" 2 "$(mail_count mail)"

t_done
