#!/bin/sh
# SPDX-License-Identifier: ISC
# Whose reminder policy applies, and escalation to the organization's
# contact, through the real daemon and a real SMTP server on 127.0.0.1.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/servers.sh"

start_smtpd mail || exit 1
cfg="$T_DIR/cetrack.ini"
t_ok "init" init
t_ok "org" org add "Riverside Example Medical Center" --contact cm-director@example.org
t_ok "Dana" person add "Dana Reyes" --email dana.reyes@example.org --org "Riverside Example Medical Center"
t_ok "CCM" cred add CCM --person "Dana Reyes" --number CCM-100234 --valid-through 2027-05-31 --renewal-index 2

# A program section adds a 100-day reminder for CCM only.
write_config "$cfg" "smtp://127.0.0.1:$SMTP_PORT" "" "[reminders.CCM]" "before = 100, 1"
cd_run -c "$cfg" --once --dry-run --now 2027-02-20T09:00
t_eq "dry run exits 0" 0 "$D_RC"
t_eq "[reminders.CCM] before = 100 is planned" 1 "$(grep -c '^send email before-100 ' "$T_DIR/dout")"
write_config "$cfg" "smtp://127.0.0.1:$SMTP_PORT" ""
cd_run -c "$cfg" --once --dry-run --now 2027-02-20T09:00
t_eq "without it, no 100-day reminder" 0 "$(grep -c 'before-100' "$T_DIR/dout")"

# The credential's own list wins over the program's.
write_config "$cfg" "smtp://127.0.0.1:$SMTP_PORT" "" "[reminders.CCM]" "before = 100, 1"
t_ok "cred set" cred set 1 --remind 95
cd_run -c "$cfg" --once --dry-run --now 2027-02-25T09:00
t_eq "cred set --remind 95 wins" "1 0" \
    "$(grep -c '^send email before-95 ' "$T_DIR/dout") $(grep -c 'before-100' "$T_DIR/dout")"
t_ok "cred set default" cred set 1 --remind default

# Escalation: at risk on 2027-03-02, the contact is told too.
cd_run -c "$cfg" --once --now 2027-03-02T09:00
t_eq "pass exits 0" 0 "$D_RC"
t_eq "two messages: Dana and the contact" 2 "$(mail_count mail)"
t_eq "the contact got the at-risk escalation" 1 \
    "$(grep -l '^To: .*cm-director@example.org' "$T_DIR"/mail.mail/*.eml | wc -l)"

# escalate = no: the contact is not told.
rm -f "$CETRACK_DB" "$CETRACK_DB"-wal "$CETRACK_DB"-shm
ct init; ct org add "Riverside Example Medical Center" --contact cm-director@example.org
ct person add "Sam Okafor" --email sam.okafor@example.org --org "Riverside Example Medical Center"
ct cred add CCM --number CCM-200111 --valid-through 2027-05-31 --renewal-index 2
write_config "$cfg" "smtp://127.0.0.1:$SMTP_PORT" "" "[reminders]" "escalate = no"
cd_run -c "$cfg" --once --now 2027-03-02T09:00
t_eq "only Sam is written to" 3 "$(mail_count mail)"
t_eq "no second escalation" 1 \
    "$(grep -l '^To: .*cm-director@example.org' "$T_DIR"/mail.mail/*.eml | wc -l)"

t_done
