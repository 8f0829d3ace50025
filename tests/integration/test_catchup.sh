#!/bin/sh
# SPDX-License-Identifier: ISC
# Current state first, against a real SMTP server on 127.0.0.1: a roster
# imported with an RN license that lapsed 70 days before and a CCM in its
# late period. The first pass emails the person about both (the late
# period's end date included) and escalates both to the organization's
# contact, naming the person; a second pass the same day sends nothing;
# what the current notices supersede is recorded, not sent.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/servers.sh"

start_smtpd mail || exit 1
cfg="$T_DIR/cetrack.ini"
write_config "$cfg" "smtp://127.0.0.1:$SMTP_PORT" ""

t_ok "init" init
t_ok "organization with a contact" org add "Mercy Example Health" \
    --contact director@example.org
cat >"$T_DIR/roster.csv" <<'CSV'
action,org,external_id,name,email,program,number,state,valid_through,cycle_start,renewal_index,attrs
A,Mercy Example Health,E-1001,Dana Reyes,dana.reyes@example.org,RN-CA,RN-654321,CA,2026-09-25,,2,
A,Mercy Example Health,E-1001,Dana Reyes,dana.reyes@example.org,CCM,CCM-100234,,2026-11-30,,2,
CSV
t_ok "roster import" import "$T_DIR/roster.csv"

# The first pass ever, 2026-12-05: RN-CA (no late period) lapsed on
# 2026-09-26; the CCM expired 2026-11-30 and may be renewed late until
# 2026-12-30.
cd_run -c "$cfg" --once --now 2026-12-05T09:00
t_eq "first pass exits 0" 0 "$D_RC"
[ "$D_RC" -eq 0 ] || cat "$T_DIR/derr" >&2
t_eq "two emails: Dana and the contact" 2 "$(mail_count mail)"

# plain_of RECIPIENT: the text/plain part of the last message to RECIPIENT.
plain_of() {
	/usr/bin/python3 -c '
import email, glob, sys
for f in sorted(glob.glob(sys.argv[1] + "/*.eml")):
    m = email.message_from_binary_file(open(f, "rb"))
    if sys.argv[2] not in m["To"]:
        continue
    print("Subject:", m["Subject"])
    for p in m.walk():
        if p.get_content_type() == "text/plain":
            print(p.get_payload(decode=True).decode())
' "$T_DIR/mail.mail" "$1"
}
plain_of dana.reyes@example.org >"$T_DIR/dana.txt"
plain_of director@example.org >"$T_DIR/director.txt"
t_eq "Dana hears of the lapsed RN license" 1 \
    "$([ "$(grep -c 'RN-654321' "$T_DIR/dana.txt")" -ge 1 ] && grep -q 'lapsed' "$T_DIR/dana.txt" && echo 1)"
t_eq "Dana hears of the CCM in its late period, with its end" 1 \
    "$([ "$(grep -c 'CCM-100234' "$T_DIR/dana.txt")" -ge 1 ] && grep -q 'until 2026-12-30' "$T_DIR/dana.txt" && echo 1)"
t_eq "Dana's digest: one greeting, one signature" "1 1" \
    "$(grep -c '^Hello' "$T_DIR/dana.txt") $(grep -c '^-- $' "$T_DIR/dana.txt")"
t_eq "its subject counts the credentials and names the most urgent" \
    "Subject: 2 credentials need attention; most urgent: RN-CA RN-654321, lapsed" \
    "$(head -1 "$T_DIR/dana.txt")"
t_eq "the contact's digest: one greeting, a section for Dana" "1 1" \
    "$(grep -c '^Hello' "$T_DIR/director.txt") $(grep -c '^Dana Reyes:$' "$T_DIR/director.txt")"
t_eq "the contact hears of both, naming Dana" 1 \
    "$(grep -q 'RN-654321' "$T_DIR/director.txt" && grep -q 'CCM-100234' "$T_DIR/director.txt" && grep -q 'Dana Reyes' "$T_DIR/director.txt" && echo 1)"

ct notify list --json
t_eq "the lapse and after-1 sent to Dana, escalated to the contact" \
"CCM after-1 dana.reyes@example.org
CCM after-1-escalation director@example.org
RN-CA lapsed dana.reyes@example.org
RN-CA lapsed-escalation director@example.org" \
    "$(t_jv "chr(10).join(sorted('%s %s %s' % ({1: 'RN-CA', 2: 'CCM'}[n['credential_id']], n['event'], n['recipient']) for n in (j['notifications'] if isinstance(j, dict) else j) if n['status'] == 'sent'))")"
t_eq "what they supersede is recorded as superseded" 1 \
    "$(t_jv "int(all(n['skip_reason'].startswith('superseded by ') for n in (j['notifications'] if isinstance(j, dict) else j) if n['status'] == 'skipped') and any(n['event'] == 'before-1' for n in (j['notifications'] if isinstance(j, dict) else j) if n['status'] == 'skipped'))")"

cd_run -c "$cfg" --once --now 2026-12-05T15:00
t_eq "second pass the same day exits 0" 0 "$D_RC"
t_eq "second pass sends nothing" 2 "$(mail_count mail)"

# A week later after-7 of the CCM is new; the lapse is not told again.
cd_run -c "$cfg" --once --now 2026-12-07T09:00
t_eq "third pass exits 0" 0 "$D_RC"
t_eq "after-7 goes to Dana and the contact, nothing of the lapse" 4 "$(mail_count mail)"
ct notify list --json
t_eq "the lapse was sent once" 1 \
    "$(t_jv "sum(1 for n in (j['notifications'] if isinstance(j, dict) else j) if n['event'] == 'lapsed' and n['status'] == 'sent')")"

t_done
