#!/bin/sh
# SPDX-License-Identifier: ISC
# cetrack notify test: one real message through each configured channel,
# the server's answer reported; failures are one line and exit 1.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/servers.sh"

start_smtpd mail || exit 1
start_receiver hooks || exit 1
cfg="$T_DIR/cetrack.ini"
write_config "$cfg" "smtp://127.0.0.1:$SMTP_PORT" "http://127.0.0.1:$HOOK_PORT/ok"
t_ok "init" init

ctc() { "$CETRACK" -c "$cfg" "$@" >"$T_DIR/out" 2>"$T_DIR/err"; T_RC=$?; }

ctc notify test email --to it-alerts@example.org
t_eq "test email accepted" 0 "$T_RC"
t_out "reports the server's answer" '^email to it-alerts@example.org accepted by smtp://127\.0\.0\.1:[0-9]+: 250'
t_eq "the server received it" 1 "$(mail_count mail)"
t_eq "subject" 1 "$(grep -c '^Subject: cetrack test message' "$T_DIR"/mail.mail/*.eml)"

ctc notify test webhook
t_eq "test webhook accepted" 0 "$T_RC"
t_out "reports the HTTP status" 'answered HTTP 200'
t_eq "receiver verified the signature" 1 "$(hook_count hooks)"
t_eq "payload type" "cetrack.test" "$(/usr/bin/python3 -c 'import json,sys; print(json.loads(json.loads(open(sys.argv[1]).readline())["body"])["type"])' "$T_DIR/hooks.log")"

# Failures: the server's refusal named in one line.
down=$(free_port)
write_config "$cfg" "smtp://127.0.0.1:$down" "http://127.0.0.1:$HOOK_PORT/gone"
ctc notify test email --to it-alerts@example.org
t_eq "mail server down: exit 1" 1 "$T_RC"
t_eq "one line on stderr" 1 "$(wc -l <"$T_DIR/err")"
t_eq "says what failed, in plain words" 1 "$(grep -c "^cetrack: notify test: test email to it-alerts@example.org not sent: could not connect to 127\.0\.0\.1:$down: connection refused; cetrackd would retry it later$" "$T_DIR/err")"
t_eq "no internal words" 0 "$(grep -c 'tempfail\|permfail\|retry:' "$T_DIR/err")"
ctc notify test webhook
t_eq "410: exit 1" 1 "$T_RC"
t_eq "names the status" 1 "$(grep -c 'HTTP 410' "$T_DIR/err")"
t_eq "names the endpoint and what cetrackd would do" 1 \
    "$(grep -c "test webhook to http://127\.0\.0\.1:$HOOK_PORT/gone not delivered: the receiver answered HTTP 410.*; cetrackd would disable the endpoint$" "$T_DIR/err")"
t_eq "no internal words" 0 "$(grep -c '^cetrack: notify test: gone:\|HTTP 0' "$T_DIR/err")"
# Refused before sending (starttls = off towards a server that is not
# this host): one line, the section named once, not "[email] [email]".
write_config "$cfg" "smtp://mail.example.org:587" ""
ctc notify test email --to it-alerts@example.org
t_eq "starttls off to a remote server: exit 1" 1 "$T_RC"
t_eq "one line naming [email] starttls" 1 "$(grep -c '\[email\] starttls' "$T_DIR/err")"
t_eq "the section named once" 1 "$(grep -o '\[email\]' "$T_DIR/err" | wc -l)"
write_config "$cfg" "smtp://127.0.0.1:$down" "http://127.0.0.1:$HOOK_PORT/gone"
ctc notify test fax
t_eq "unknown channel: exit 2" 2 "$T_RC"
t_eq "names the accepted form" 1 "$(grep -c 'expected email or webhook' "$T_DIR/err")"
write_config "$cfg" "" ""
ctc notify test email --to x@example.org
t_eq "email not enabled: exit 1" 1 "$T_RC"
t_eq "says so" 1 "$(grep -c '\[email\] is not enabled' "$T_DIR/err")"

t_done
