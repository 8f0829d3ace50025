#!/bin/sh
# SPDX-License-Identifier: ISC
# cetrack import, export and demo, end to end: each import shape from
# tests/data/import, --dry-run (nothing written), a file with several bad
# rows (each reported as FILE:LINE: COLUMN: problem, the database byte for
# byte unchanged), a roster that removes (and one that leaves rows out,
# which removes nothing), certificates copied and removed again when the
# import fails, export -> import into a fresh database -> export again
# giving the same bytes, and the demo department showing every state.
# Every command runs with the clock at 2026-11-24 (faketime), so that
# "not in the future" is tested against a known day. Everyone is fictional.
. "$(dirname "$0")/lib.sh"

DATA=$(cd "$(dirname "$0")/../data/import" && pwd)
NOW="2026-11-24 12:00:00"
# libfaketime is preloaded; ASan wants to come first, and it may not here.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

# Every command of this script runs on 2026-11-24.
ct() {
	faketime "$NOW" "$CETRACK" -d "$CETRACK_DB" "$@" >"$T_DIR/out" 2>"$T_DIR/err"
	T_RC=$?
	return 0
}

t_badrc() {
	_n=$1; _code=$2; shift 2
	t_bad "$_n" "$@"
	t_eq "$_n: exit code" "$_code" "$T_RC"
}

# t_unchanged NAME CODE ARGS...: fails with CODE and leaves the database
# byte for byte as it was (for commands that print several lines).
t_unchanged() {
	_n=$1; _code=$2; shift 2
	_before=$(sha256sum "$CETRACK_DB" | cut -d' ' -f1)
	ct "$@"
	_after=$(sha256sum "$CETRACK_DB" | cut -d' ' -f1)
	t_eq "$_n: exit code" "$_code" "$T_RC"
	t_eq "$_n: database unchanged" "$_before" "$_after"
}

t_err() {
	if grep -qE -- "$2" "$T_DIR/err"; then t_pass; else t_fail "$1 (stderr does not match /$2/)"; fi
}

t_ok "init" init
t_ok "organization" org add "Mercy Example Health" --contact hr@example.org

# --- roster ------------------------------------------------------------
t_unchanged "roster --dry-run" 0 import --dry-run "$DATA/roster.csv"
t_out "dry run says what it would do" \
    "roster.csv \(roster, 6 records\), dry run: would add 4 people, 5 credentials, 0 activities; nothing was changed$"
t_ok "roster" import "$DATA/roster.csv"
t_out "roster summary" "roster.csv \(roster, 6 records\): added 4 people, 5 credentials, 0 activities$"
t_eq "roster: quiet on stderr (not a terminal: no progress bar)" "" "$(cat "$T_DIR/err")"
t_ok "org show" org show 1 --json
t_eq "people and credentials" "4 2 1 2 0" \
    "$(t_jv 'len(j["people"])' 'len(j["people"][0]["credentials"])' 'len(j["people"][1]["credentials"])' \
        'len(j["people"][2]["credentials"])' 'len(j["people"][3]["credentials"])')"
t_eq "a quoted name with a comma" "Natarajan, Priya" "$(t_jv 'j["people"][2]["name"]')"
t_ok "cred list" cred list --person E-1002 --json
t_eq "attributes normalized" "direct-care supervisor" "$(t_jv '" ".join(j["credentials"][0]["attrs"])')"
t_ok "roster again" import "$DATA/roster.csv"
t_out "nothing new the second time" "added 0 people, 0 credentials, 0 activities$"

t_ok "BOM and CRLF" import "$DATA/roster-bom-crlf.csv"
t_out "BOM and CRLF: one person" "added 1 person, 1 credential, 0 activities$"
t_ok "the accented name" person list
t_out "accented name intact" "Zoë Müller-Łukasik"

# --- bad rows ------------------------------------------------------------
t_unchanged "several bad rows" 1 import "$DATA/roster-bad.csv"
t_eq "one line per problem and a summary" 11 "$(wc -l <"$T_DIR/err" | tr -d ' ')"
f="$DATA/roster-bad.csv"
t_err "line 2" "^$f:2: valid_through: 2027-02-30 is not a real date"
t_err "line 3 (quoted field over two lines)" "^$f:3: name: contains a line break or control character, expected one line of text$"
t_err "line 3 email" "^$f:3: email: 'owen@' is not an email address, expected NAME@DOMAIN$"
t_err "line 5 (after the two-line record)" "^$f:5: action: 'X' is not an action, expected A \(add or update\) or R \(remove\)$"
t_err "line 5 program" "^$f:5: program: unknown program 'XYZ'"
t_err "line 5 renewal index" "^$f:5: renewal_index: '0' is not a renewal index"
t_err "line 5 attrs" "^$f:5: attrs: 'Bad Attr!' is not an attribute"
t_err "line 6 org" "^$f:6: org: no organization matches 'Nowhere Example Clinic'; add it first with 'cetrack org add'$"
t_err "line 6 deadline" "^$f:6: valid_through: 2027-06-15 is not a deadline of CCM, expected May 31 or Nov 30$"
t_err "line 7 state" "^$f:7: state: TX is not the jurisdiction of RN-CA, expected CA$"
t_err "summary" "^cetrack: import: $f: 10 problems; nothing was imported$"
t_unchanged "bad rows, dry run" 1 import --dry-run "$DATA/roster-bad.csv"
t_err "dry run reports them too" "10 problems"

t_unchanged "Latin-1" 1 import "$DATA/roster-latin1.csv"
t_err "Latin-1: the field named" "roster-latin1.csv:2: name: not valid UTF-8, expected UTF-8 text"
printf 'name,colour\nDana,blue\n' >"$T_DIR/unknown.csv"
t_unchanged "unknown header" 1 import "$T_DIR/unknown.csv"
t_err "header named" "unknown.csv:1: header: not a header cetrack knows"
printf 'action,org,external_id,name\nA,Mercy Example Health,E-1007,"Dana "D" Reyes"\n' >"$T_DIR/quote.csv"
t_unchanged "a stray quote" 1 import "$T_DIR/quote.csv"
t_err "stray quote: line and column" "quote.csv:2: name: a quote inside an unquoted field or text after a closing quote"

# --- transcript ----------------------------------------------------------
t_ok "transcript" import "$DATA/transcript.csv"
t_out "transcript summary" "transcript.csv \(transcript, 4 records\): added 0 people, 0 credentials, 4 activities$"
t_ok "transcript again" import "$DATA/transcript.csv"
t_out "duplicates skipped" "added 0 people, 0 credentials, 0 activities; 4 activities already recorded$"
t_ok "ce list" ce list --person E-1001 --cycle all --json
t_eq "two activities for Dana" 2 "$(t_jv 'len(j["activities"]) if isinstance(j, dict) else len(j)')"
t_ok "ce list Sam" ce list --person E-1002 --cycle all
t_out "minutes, topic and approval" "California Law and Ethics, Part 1"
printf 'external_id,name,date,title,provider,hours,format,topics,approvals,certificate\nE-1001,,2026-11-25,Tomorrow,,1,,,,\nE-1001,,2026-11-24,Today,,1,,,,\n' >"$T_DIR/future.csv"
t_unchanged "a date after today (2026-11-24)" 1 import "$T_DIR/future.csv"
t_err "the future date named" "future.csv:2: date: 2026-11-25 is in the future, expected a completion date on or before 2026-11-24$"

# Certificates: stored in the database under their digest, in the
# import's transaction (rolled back with a rejected file).
certs() { sqlite3 "$CETRACK_DB" 'SELECT digest FROM certificate ORDER BY digest' | tr '\n' ' '; }
t_ok "transcript with a certificate" import "$DATA/transcript-cert.csv"
t_eq "the certificate is stored under its digest" "ae4a5c54cefc6b9885b56ed7f9ea8db2e1b4b1b88c29c0b193ad26e29b4c2be8 " "$(certs)"
t_eq "with its file name" "ethics-2025.pdf" "$(sqlite3 "$CETRACK_DB" 'SELECT name FROM certificate')"
t_unchanged "a certificate that is missing" 1 import "$DATA/transcript-cert-bad.csv"
t_err "missing certificate named" "transcript-cert-bad.csv:3: certificate: .*no-such-file.pdf"
t_eq "the certificate of the rejected file is not kept" "ae4a5c54cefc6b9885b56ed7f9ea8db2e1b4b1b88c29c0b193ad26e29b4c2be8 " "$(certs)"
t_unchanged "dry run stores nothing" 1 import --dry-run "$DATA/transcript-cert-bad.csv"
t_eq "still one certificate" "ae4a5c54cefc6b9885b56ed7f9ea8db2e1b4b1b88c29c0b193ad26e29b4c2be8 " "$(certs)"
t_eq "no folder beside the database" no "$([ -e "$T_DIR/certificates" ] && echo yes || echo no)"

# --- removal -------------------------------------------------------------
t_ok "roster that removes" import "$DATA/roster-remove.csv"
t_out "remove summary" "removed 1 person, 1 credential$"
t_ok "after removal" org show 1 --json
t_eq "Marcus gone, Dana keeps her CCM" "4 1" "$(t_jv 'len(j["people"])' 'len(j["people"][0]["credentials"])')"
t_ok "a roster without Sam" import "$DATA/roster-bom-crlf.csv"
t_ok "leaving rows out removes nothing" org show 1 --json
t_eq "still four people" 4 "$(t_jv 'len(j["people"])')"
# Sending the same roster again is harmless (issue 15): what is already
# removed is a warning, the exit is 0 and the database is unchanged.
before=$(sha256sum "$CETRACK_DB")
t_ok "removing again: a warning, not an error" import "$DATA/roster-remove.csv"
t_err "nothing to remove, said" "warning: .*roster-remove.csv:2: number: Dana Reyes has no credential RN-CA CA RN-654321 to remove; row skipped"
t_err "the removed person, said" "warning: .*roster-remove.csv:3: external_id: already removed: external id 'E-1004' in Mercy Example Health to remove; row skipped"
t_out "the summary counts them" "2 removals with nothing to remove$"
t_eq "the database is unchanged" "$before" "$(sha256sum "$CETRACK_DB")"

# --- from standard input, and usage -----------------------------------------
faketime "$NOW" "$CETRACK" -d "$CETRACK_DB" import --dry-run - <"$DATA/roster.csv" >"$T_DIR/out" 2>"$T_DIR/err"
t_eq "standard input" 0 $?
t_out "standard input read" "^- \(roster, 6 records\), dry run"
t_badrc "no FILE" 2 "import: FILE: missing" import
t_badrc "two files" 2 "import: unexpected argument" import a.csv b.csv
t_badrc "missing file" 1 "import: $T_DIR/nope.csv: cannot read the file: No such file or directory" import "$T_DIR/nope.csv"
t_badrc "a directory" 1 "is a directory" import "$T_DIR"
t_badrc "unknown option" 2 "import: unknown option '--force'" import --force "$DATA/roster.csv"

# --- export and the round trip ---------------------------------------------
t_ok "export to stdout" export
cp "$T_DIR/out" "$T_DIR/stdout.csv"
t_ok "export -o" export -o "$T_DIR/e1.csv"
# Five people: Marcus, removed by the roster, is kept with his history.
t_out "export summary" "^exported 1 organization, 5 people, 5 credentials, 5 cycles, 5 activities, 0 notifications, 1 certificate to "
t_eq "stdout and -o agree" "$(sha256sum <"$T_DIR/stdout.csv")" "$(sha256sum <"$T_DIR/e1.csv")"
t_eq "the file is private" "600" "$(stat -c %a "$T_DIR/e1.csv")"
t_eq "CRLF line ends" "$(wc -l <"$T_DIR/e1.csv")" "$(grep -c "$(printf '\r')\$" "$T_DIR/e1.csv")"
head -1 "$T_DIR/e1.csv" >"$T_DIR/header"
t_eq "the export header" "record,id,org_id,person_id,credential_id,cycle_id,activity_id,name,contact_email,webhook_url,email,external_id,active,program,number,state,attrs,status,remind_before,remind_after,snooze_until,opt_out,start,valid_through,renewal_index,carry_in,closed,outcome,renewal_assumed,title,provider,completed,format,unit,amount,certificate,topic,body,dedup_key,event,channel,recipient,subject,payload,attempts,next_attempt,first_attempt,sent,last_error,webhook_id,digest_group,skip_reason,digest,media_type,size,created,updated,data,verified_on,verified_by,source,issued,level,field,conferred,institution,accreditor,employer,role,end,hours_per_week,hours_total,case_management,supervised,supervisor,supervisor_credential,supervises_case_managers,clinical,paid,setting,tags,exam,day,result,hours,supervision_minutes" \
    "$(tr -d '\r' <"$T_DIR/header")"
t_ok "export json" export --format json
t_eq "json parses and nests" "cetrack-export 5 1 2" \
    "$(t_jv 'j["format"]' 'len(j["people"])' 'len(j["credentials"][0]["cycles"])' 'len(j["activities"][0]["approvals"])')"

first_db=$CETRACK_DB
CETRACK_DB="$T_DIR/fresh.db"
t_ok "fresh database" init
t_ok "import the export" import "$T_DIR/e1.csv"
t_out "ids kept" "added 1 organization, 5 people, 5 credentials, 5 cycles, 5 activities, 0 notifications, 1 certificate \(ids kept\)$"
t_ok "export again" export -o "$T_DIR/e2.csv"
t_eq "export -> import -> export is identical" "$(sha256sum <"$T_DIR/e1.csv")" "$(sha256sum <"$T_DIR/e2.csv")"
t_ok "status agrees" status --json --as-of 2026-11-24
cp "$T_DIR/out" "$T_DIR/status-fresh.json"
CETRACK_DB=$first_db
t_ok "status of the original" status --json --as-of 2026-11-24
t_eq "same status in both databases" "$(cat "$T_DIR/out")" "$(cat "$T_DIR/status-fresh.json")"

t_badrc "export: bad format" 2 "export: --format: 'xml' is not a format, expected csv or json" export --format xml
t_badrc "export: no such directory" 1 "export: -o: $T_DIR/no/e.csv: No such file or directory" export -o "$T_DIR/no/e.csv"
t_eq "nothing left behind" "" "$(ls "$T_DIR" | grep cetrack-export)"

# --- the demo department ----------------------------------------------------
CETRACK_DB="$T_DIR/demo.db"
t_ok "demo: init" init
t_ok "demo" demo
t_out "demo says what it made" "^added the demo department \"Riverside Example Medical Center — Case Management\" \(organization 1\): 12 people, 22 credentials, 55 activities, planned for 2026-11-24$"
t_ok "demo status" status --json --as-of 2026-11-24
t_eq "every state appears" "at_risk behind complete grace lapsed on_track retired" \
    "$(t_jv '" ".join(sorted(set(c["state"] for c in j["credentials"])))')"
t_eq "one retired certification" 1 "$(t_jv 'sum(1 for c in j["credentials"] if c["state"] == "retired")')"
t_eq "Dana's CCM complete, Priya's RN at risk, Marcus's CDMS in grace" "complete at_risk grace" \
    "$(t_jv '[c["state"] for c in j["credentials"] if c["person"] == "Dana Reyes" and c["program"] == "CCM"][0]' \
        '[c["state"] for c in j["credentials"] if c["person"] == "Priya Natarajan" and c["program"] == "RN-CA"][0]' \
        '[c["state"] for c in j["credentials"] if c["person"] == "Marcus Bell"  and c["program"] == "CDMS"][0]')"
t_ok "demo org" org show 1
t_out "the contact" "^contact: cm-director@example.org$"
t_out "twelve people" "^12 people$"
t_unchanged "demo twice is refused" 1 demo
t_err "refusal says why" "demo: the database already has 12 people; the demo fills an empty one only"
t_ok "demo export" export -o "$T_DIR/demo1.csv"
CETRACK_DB="$T_DIR/demo2.db"
t_ok "demo2: init" init
t_ok "demo2: import" import "$T_DIR/demo1.csv"
t_ok "demo2: export" export -o "$T_DIR/demo2.csv"
t_eq "the demo survives the round trip" "$(sha256sum <"$T_DIR/demo1.csv")" "$(sha256sum <"$T_DIR/demo2.csv")"
CETRACK_DB="$T_DIR/demo3.db"
t_ok "demo3: init" init
t_ok "demo at another date" demo --as-of 2026-01-15
t_ok "demo3 status" status --json --as-of 2026-01-15
t_eq "every state at that date too" "at_risk behind complete grace lapsed on_track retired" \
    "$(t_jv '" ".join(sorted(set(c["state"] for c in j["credentials"])))')"
t_badrc "demo: bad date" 2 "demo: --as-of: 2026-02-30 does not exist" demo --as-of 2026-02-30

# --- progress on a terminal only ----------------------------------------------
CETRACK_DB=$first_db
awk 'NR == 1 { print; next } { for (i = 0; i < 600; i++) print }' "$DATA/roster.csv" >"$T_DIR/long.csv"
if command -v script >/dev/null 2>&1; then
	script -qc "faketime '$NOW' '$CETRACK' -d '$CETRACK_DB' import --dry-run '$T_DIR/long.csv'" /dev/null \
	    >"$T_DIR/tty" 2>&1 </dev/null
	if grep -q "importing \[" "$T_DIR/tty"; then t_pass; else t_fail "no progress bar on a terminal"; fi
fi
ct import --dry-run "$T_DIR/long.csv"
t_eq "no progress bar when stderr is not a terminal" "" "$(cat "$T_DIR/err")"
t_done
