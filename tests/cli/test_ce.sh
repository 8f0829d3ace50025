#!/bin/sh
# SPDX-License-Identifier: ISC
# cetrack ce log|list|rm: logging CE activities, which credentials they
# count toward, certificates, and every kind of bad input (one line on
# stderr, database unchanged).
. "$(dirname "$0")/lib.sh"

t_badrc() {
	_n=$1; _code=$2; shift 2
	t_bad "$_n" "$@"
	t_eq "$_n: exit code" "$_code" "$T_RC"
}
t_err() {
	if grep -qE -- "$2" "$T_DIR/err"; then t_pass; else t_fail "$1 (stderr does not match /$2/)"; fi
}

long=$(printf '%0300d' 0 | tr 0 x)
nonutf8=$(printf 'Ethics \377')

t_ok "init" init
t_badrc "no people yet" 1 "ce log: no people yet; add one with 'cetrack person add NAME'" ce log "Ethics" --hours 1
t_ok "add Dana" person add "Dana Reyes"
t_ok "CCM (accepts CCMC)" cred add CCM --number 12345 --valid-through 2030-05-31
t_ok "RN-CA (accepts CA-BRN)" cred add RN-CA --number 95012345 --valid-through 2027-03-31

# Which credentials an activity counts toward.
t_ok "log an ethics webinar" ce log "Ethics in Case Management" --hours 1.5 --approval ccmc:A1B2C3 \
    --topic ethics --format live-online --provider "Case Management Society" --date yesterday
t_out "counts toward CCM" "^logged activity 1: Ethics in Case Management \(1.5 h\) for CCM$"
t_ok "approved by both" ce log "Care Transitions" --hours 90m --approval CCMC --approval CA-BRN:CEP-12345 --date 2025-07-01
t_out "counts toward both, minutes kept" "^logged activity 2: Care Transitions \(90 min\) for CCM, RN-CA$"
t_ok "--for limits the credentials" ce log "Documentation" --hours 1h30m --approval CCMC --approval CA-BRN --for 2
t_out "only RN-CA" "^logged activity 3: Documentation \(90 min\) for RN-CA$"
t_ok "an unapproved course still logs" ce log "Lunch talk" --hours 1
t_out "logged" "^logged activity 4: Lunch talk \(1 h\)$"
t_err "with a warning" "^cetrack: warning: counts toward none of Dana Reyes's credentials$"
t_ok "CEU amounts" ce log "Case law" --hours 0.15ceu --approval CCMC --date 2025-01-15
t_out "CEUs" "\(0.15 CEU\) for CCM$"
t_ok "topic hours in minutes on an hour course" ce log "Pain management" --hours 2 --approval CCMC --topic ethics=30m --topic pain-management=1.5
t_ok "topic hours in hours on a minute course" ce log "Law update" --hours 120m --approval CCMC --topic law=1 --topic ethics=1h

# The list: current cycles by default, or everything.
t_ok "list" ce list
t_out "list: since the earliest open cycle" "^Dana Reyes: activities since 2025-04-01 \(current cycles\)$"
t_out "list: topics and approvals" "Ethics in Case Management \[ethics\] \(CCMC A1B2C3\)$"
if grep -q "Case law" "$T_DIR/out"; then t_fail "current list shows an activity from before the cycles"; else t_pass; fi
t_ok "list --cycle all" ce list --cycle all
t_out "all includes the old one" "2025-01-15 +0.15 CEU +live +Case law"
t_ok "list --json" ce list --cycle all --json
t_eq "json: all" all "$(t_json 'j["cycle"]')"
t_eq "json: count" 7 "$(t_json 'len(j["activities"])')"
t_eq "json: oldest first" "Case law" "$(t_json 'j["activities"][0]["title"]')"
t_eq "json: amount and unit" "0.15 ceu" "$(t_json 'str(j["activities"][0]["amount"]) + " " + j["activities"][0]["unit"]')"
t_eq "json: nominal hours" 1.5 "$(t_json 'j["activities"][0]["hours"]')"
t_ok "list --json current" ce list --json
t_eq "json: from" 2025-04-01 "$(t_json 'j["from"]')"
t_eq "json: approvals" "CCMC A1B2C3" "$(t_json '[a for a in j["activities"] if a["id"] == 1][0]["approvals"][0]["body"] + " " + [a for a in j["activities"] if a["id"] == 1][0]["approvals"][0]["number"]')"
t_eq "json: format" live-online "$(t_json '[a for a in j["activities"] if a["id"] == 1][0]["format"]')"
t_eq "json: provider" "Case Management Society" "$(t_json '[a for a in j["activities"] if a["id"] == 1][0]["provider"]')"
t_eq "json: topic minutes converted to hours" 0.5 "$(t_json '[a for a in j["activities"] if a["id"] == 6][0]["topics"][0]["amount"]')"
t_eq "json: topic hours converted to minutes" 60.0 "$(t_json '[a for a in j["activities"] if a["id"] == 7][0]["topics"][0]["amount"]')"
t_eq "json: targets" "[2]" "$(t_json '[a for a in j["activities"] if a["id"] == 3][0]["for"]')"

# Bad input.
t_badrc "2026-02-30" 2 "ce log: --date: 2026-02-30 does not exist, expected a real calendar date" \
    ce log "Ethics" --hours 1 --date 2026-02-30
t_badrc "a future date" 2 "ce log: --date: 2199-01-01 is in the future" ce log "Ethics" --hours 1 --date 2199-01-01
t_badrc "before 1900" 2 "ce log: --date: 1899-12-31 is out of range" ce log "Ethics" --hours 1 --date 1899-12-31
t_badrc "not a date" 2 "ce log: --date: 'last week' is not a date" ce log "Ethics" --hours 1 --date "last week"
t_badrc "zero hours" 2 "ce log: --hours: 0 is not more than zero" ce log "Ethics" --hours 0
t_badrc "zero minutes" 2 "ce log: --hours: 0m is not more than zero" ce log "Ethics" --hours 0m
t_badrc "negative hours" 2 "ce log: --hours: -1.5 is negative" ce log "Ethics" --hours -1.5
t_badrc "over 100 h" 2 "ce log: --hours: 120 h is more than one activity can carry \(at most 100 h\)" ce log "Ethics" --hours 120
t_badrc "over 100 h in minutes" 2 "ce log: --hours: 7200m \(120 h\) is more than one activity can carry" ce log "Ethics" --hours 7200m
t_badrc "three decimals" 2 "ce log: --hours: '1.255' is not an amount" ce log "Ethics" --hours 1.255
t_badrc "not a number" 2 "ce log: --hours: 'one' is not an amount" ce log "Ethics" --hours one
t_badrc "missing --hours" 2 "ce log: --hours: missing" ce log "Ethics"
t_badrc "topic split exceeds the hours" 2 "ce log: --topic: topic hours \(2h\) exceed the activity's hours \(1.5h\)" \
    ce log "Ethics" --hours 1.5 --topic ethics=1 --topic law=1
t_badrc "topic in another unit" 2 "ce log: --topic: ethics=1ceu is in CEUs but --hours is in hours" \
    ce log "Ethics" --hours 1 --topic ethics=1ceu
t_badrc "topic amount not a number" 2 "ce log: --topic: ethics=x: 'x' is not an amount" ce log "Ethics" --hours 1 --topic ethics=x
t_badrc "topic name" 2 "ce log: --topic: 'Ethics & Law' is not a topic" ce log "Ethics" --hours 1 --topic "Ethics & Law"
t_badrc "topic twice" 2 "ce log: --topic: ethics is given twice" ce log "Ethics" --hours 1 --topic ethics --topic Ethics
t_badrc "too many topics" 2 "ce log: --topic: more than 8 topics" ce log "Ethics" --hours 1 \
    --topic a --topic b --topic c --topic d --topic e --topic f --topic g --topic h --topic i
t_badrc "bad format" 2 "ce log: --format: 'webinar' is not a format, expected one of live, live-online" \
    ce log "Ethics" --hours 1 --format webinar
t_badrc "bad approval body" 2 "ce log: --approval: 'CCMC!:1' is not an approval" ce log "Ethics" --hours 1 --approval "CCMC!:1"
t_badrc "empty approval body" 2 "ce log: --approval: ':123' is not an approval" ce log "Ethics" --hours 1 --approval ":123"
t_badrc "approval twice" 2 "ce log: --approval: CCMC is given twice" ce log "Ethics" --hours 1 --approval CCMC --approval ccmc:2
t_badrc "overlong approval number" 2 "ce log: --approval: too long" ce log "Ethics" --hours 1 --approval "CCMC:$long"
t_badrc "overlong title" 2 "ce log: TITLE: too long \(300 bytes\), expected at most 255 bytes" ce log "$long" --hours 1
t_badrc "non-UTF-8 title" 2 "ce log: TITLE: not valid UTF-8" ce log "$nonutf8" --hours 1
t_badrc "empty title" 2 "ce log: TITLE: empty" ce log "" --hours 1
t_badrc "title with a newline" 2 "ce log: TITLE: contains a control character" ce log "Ethics
101" --hours 1
t_badrc "missing title" 2 "ce log: TITLE: missing" ce log --hours 1
t_badrc "overlong provider" 2 "ce log: --provider: too long" ce log "Ethics" --hours 1 --provider "$long"
t_badrc "unknown person" 1 "ce log: no person matches 'Nobody'" ce log "Ethics" --hours 1 --person Nobody
t_badrc "unknown credential" 1 "ce log: --for: no credential with id 99" ce log "Ethics" --hours 1 --for 99
t_badrc "--for not an id" 2 "ce log: --for: 'CCM' is not an id" ce log "Ethics" --hours 1 --for CCM
t_ok "a second person" person add "Sam Ortiz"
t_ok "Sam's credential" cred add CCM --person "Sam Ortiz" --number 777 --valid-through 2030-11-30
t_badrc "--for someone else's credential" 1 "ce log: --for: credential 3 is not Dana Reyes's" \
    ce log "Ethics" --hours 1 --person "Dana Reyes" --for 3
t_badrc "--person needed with two people" 1 "ce log: --person: missing; there are 2 people" ce log "Ethics" --hours 1
t_badrc "unknown option" 2 "ce log: unknown option '--credits'" ce log "Ethics" --credits 1

# Certificates: stored in the database under their SHA-256 (more in
# test_certificates.sh); nothing is written beside the database.
printf 'Certificate of completion\nDana Reyes, RN, CCM\n1.5 contact hours\n' >"$T_DIR/cert.pdf"
sum=$(sha256sum "$T_DIR/cert.pdf" | cut -d' ' -f1)
t_ok "log with a certificate" ce log "Ethics II" --hours 1.5 --person 1 --approval CCMC --certificate "$T_DIR/cert.pdf"
cid=$(sed -n 's/^logged activity \([0-9]*\):.*/\1/p' "$T_DIR/out")
t_ok "the certificate back" ce cert "$cid" -o "$T_DIR/cert-back.pdf"
if cmp -s "$T_DIR/cert.pdf" "$T_DIR/cert-back.pdf"; then t_pass; else t_fail "certificate given back byte for byte"; fi
t_eq "written back mode 0600" 600 "$(stat -c %a "$T_DIR/cert-back.pdf" 2>/dev/null)"
t_eq "no folder beside the database" no "$([ -e "$T_DIR/certificates" ] && echo yes || echo no)"
t_ok "the digest is recorded" ce list --person 1 --json
t_eq "json: certificate" "$sum" "$(t_json '[a for a in j["activities"] if a["title"] == "Ethics II"][0]["certificate"]')"
t_ok "the same certificate again" ce log "Ethics II (repeat)" --hours 1.5 --person 1 --approval CCMC --certificate "$T_DIR/cert.pdf"
t_eq "stored once" 1 "$(sqlite3 "$CETRACK_DB" 'SELECT count(*) FROM certificate')"
t_badrc "missing certificate" 1 "ce log: --certificate: .*nothere.pdf: No such file or directory" \
    ce log "Ethics" --hours 1 --person 1 --certificate "$T_DIR/nothere.pdf"
t_badrc "a directory is not a certificate" 1 "ce log: --certificate: .*: not a regular file" \
    ce log "Ethics" --hours 1 --person 1 --certificate "$T_DIR"

# Removing.
t_ok "rm" ce rm 4
t_out "rm says what" "^removed activity 4: Lunch talk$"
t_badrc "rm again" 1 "ce rm: no activity with id 4" ce rm 4
t_badrc "rm a non-id" 2 "ce rm: ID: 'x' is not an id" ce rm x
t_badrc "rm without id" 2 "ce rm: ID: missing" ce rm
t_badrc "list --cycle bad" 2 "ce list: --cycle: 'last' is not a choice, expected current or all" ce list --person 1 --cycle last

t_ok "help" ce log --help
t_out "usage" "^usage: cetrack ce log TITLE --hours H"
t_done
