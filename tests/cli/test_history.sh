#!/bin/sh
# SPDX-License-Identifier: ISC
# cetrack history: the audit log that person add, ce log, cred add, cred
# set, cred renew and ce rm leave behind, and the corrections ce edit,
# person set and cred rm make (old -> new), oldest first; who made each
# change (the OS account, not $USER; the person behind sudo); --person
# with a removed course still its owner's, --since, --entity, --limit,
# the --json shape, text at 80 columns, stored text that could drive a
# terminal, and bad input (one line, the database unchanged). Commands run
# at set times (faketime) so that --since has days to tell apart.
# Everyone is fictional.
. "$(dirname "$0")/lib.sh"

# libfaketime is preloaded; ASan wants to come first, and it may not here.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export TZ=UTC

# at TIME ARGS...: cetrack at that UTC time; outputs as ct.
at() {
	_t=$1; shift
	faketime "$_t" "$CETRACK" -d "$CETRACK_DB" "$@" >"$T_DIR/out" 2>"$T_DIR/err"
	T_RC=$?
}
t_badrc() {
	_n=$1; _code=$2; shift 2
	t_bad "$_n" "$@"
	t_eq "$_n: exit code" "$_code" "$T_RC"
}
# rows EXPR: for each entry of the last --json output, the Python
# expression over `r`, joined by "; ".
rows() {
	/usr/bin/python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
print("; ".join(str(eval(sys.argv[2], {}, {"r": r})) for r in j["history"]))' "$T_DIR/out" "$1"
}
WHAT='"%s %s %s" % (r["action"], r["entity"], r["entity_id"])'
me=$(id -un)

t_ok "init" init
t_ok "empty history" history
t_out "says there is none" "^no history yet: nothing has been changed$"

at "2026-03-02 09:00:00" person add "Dana Reyes, RN, CCM" --email dana.reyes@example.org --id E-1001
t_eq "person add" 0 "$T_RC"
at "2026-03-02 09:05:00" person add "Sam Ortiz"
at "2026-03-02 09:10:00" cred add CCM --person E-1001 --number CCM-100234 --valid-through 2027-05-31 --renewal-index 2
t_eq "cred add" 0 "$T_RC"
at "2026-03-04 14:00:00" ce log "Ethics in Case Management" --hours 1.5 --person E-1001 --date 2026-03-04 --topic ethics --approval CCMC:C-1
t_eq "ce log" 0 "$T_RC"
at "2026-03-04 15:00:00" ce log "Pain Management" --hours 2 --person "Sam Ortiz" --date 2026-03-04
at "2026-05-20 08:00:00" cred set 1 --snooze-until 2026-06-30 --opt-out email
t_eq "cred set" 0 "$T_RC"
at "2026-05-21 08:00:00" ce rm 1
t_eq "ce rm" 0 "$T_RC"
# Who: the person behind sudo; otherwise the account, whatever $USER says.
SUDO_USER=it-admin faketime "2026-06-01 10:00:00" "$CETRACK" -d "$CETRACK_DB" \
    cred renew 1 --on 2026-06-01 >"$T_DIR/out" 2>"$T_DIR/err"
t_eq "cred renew under sudo" 0 "$?"
USER=somebody-else faketime "2026-06-02 10:00:00" "$CETRACK" -d "$CETRACK_DB" \
    org add "Mercy Example Health" >"$T_DIR/out" 2>"$T_DIR/err"
t_eq "org add" 0 "$?"

# -- everything, oldest first -----------------------------------------
t_ok "history --json" history --json
t_eq "every change, in the order made" \
    "add person 1; add person 2; add credential 1; add activity 1; add activity 2; set credential 1; remove activity 1; renew credential 1; add organization 1" \
    "$(rows "$WHAT")"
# (faketime's clock runs on from the time set: seconds may differ.)
t_eq "when, in UTC" \
    "2026-03-02T09:00 2026-06-02T10:00 Z Z" \
    "$(t_jv 'j["history"][0]["at"][:16]' 'j["history"][-1]["at"][:16]' 'j["history"][0]["at"][19:]' 'j["history"][-1]["at"][19:]')"
t_eq "who: the account, the person behind sudo, not \$USER" \
    "$me $me $me $me $me $me $me it-admin $me" "$(rows 'r["actor"]' | sed 's/; / /g')"
t_eq "every entry has the same keys" \
    "action actor at detail entity entity_id id label person person_id" \
    "$(/usr/bin/python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(" ".join(sorted(set.union(*[set(r) for r in j["history"]]))) if all(set(r) == set(j["history"][0]) for r in j["history"]) else "differ")' "$T_DIR/out")"
t_eq "the document's keys" "filters history left_out limit" \
    "$(t_json '" ".join(sorted(j))')"
t_eq "no filters, no limit with --json" "None None None None None 0" \
    "$(t_json '" ".join(str(x) for x in [j["filters"]["person"], j["filters"]["person_id"], j["filters"]["since"], j["filters"]["entity"], j["limit"], j["left_out"]])')"
t_eq "ids and entity ids are numbers" "int int" \
    "$(t_json 'type(j["history"][0]["id"]).__name__ + " " + type(j["history"][0]["entity_id"]).__name__')"
t_eq "labels say what each is now" \
    "Dana Reyes, RN, CCM; Sam Ortiz; CCM CCM-100234; None; Pain Management; CCM CCM-100234; None; CCM CCM-100234; Mercy Example Health" \
    "$(rows 'r["label"]')"
t_eq "and whose" \
    "1; 2; 1; 1; 2; 1; 1; 1; None" "$(rows 'r["person_id"]')"
t_eq "the writer's detail, as recorded" \
    "CCM CCM-100234 for person 1, valid through 2027-05-31" \
    "$(t_json 'j["history"][2]["detail"]')"
t_eq "reminder settings as set" 1 \
    "$(t_json 'int("snooze: until 2026-06-30" in j["history"][5]["detail"] and "opt-out: email" in j["history"][5]["detail"])')"

# -- text -------------------------------------------------------------
# flat PATTERN NAME: the last text output with each change on one line
# (wrapped lines joined again) matches PATTERN.
flat() {
	awk '/^ / { sub(/^ +/, ""); l = l " " $0; next }
	    { if (l != "") print l; l = $0 } END { print l }' "$T_DIR/out" >"$T_DIR/flat"
	if grep -qE -- "$1" "$T_DIR/flat"; then t_pass; else t_fail "$2 (no line matches /$1/)"; fi
}
t_ok "history" history
t_out "a header" "^WHEN \(UTC\) +WHO +WHAT$"
flat "^2026-03-02T09:00:[0-9]{2}Z  $me +add person 1: Dana Reyes, RN, CCM$" "a person's row"
flat "^2026-03-02T09:10:[0-9]{2}Z  $me +add credential 1: CCM CCM-100234 \(Dana Reyes, RN, CCM\) CCM CCM-100234 for person 1, valid through 2027-05-31$" \
    "a credential's row names its owner, then the detail"
flat "^2026-05-21T08:00:[0-9]{2}Z  $me +remove activity 1 \(Dana Reyes, RN, CCM\) Ethics in Case Management \(person 1\)$" \
    "a removed course is still Dana's"
flat "^2026-06-01T10:00:[0-9]{2}Z  it-admin +renew credential 1: CCM CCM-100234 \(Dana Reyes, RN, CCM\) cycle 1 closed 2026-06-01 \(ce\)" "sudo"
# WHAT wraps in its column; the detail is two further in.
col=$(head -1 "$T_DIR/out" | awk '{ print index($0, "WHAT") - 1 }')
t_eq "the detail two columns in" 1 \
    "$(grep -c "^ \{$((col + 2))\}CCM CCM-100234 for person 1, valid through" "$T_DIR/out")"
t_eq "continued lines start in a column" 0 \
    "$(grep '^ ' "$T_DIR/out" | grep -vc "^ \{$col\}[^ ]\|^ \{$((col + 2))\}[^ ]")"
t_eq "the newest last" "Mercy Example Health" "$(tail -1 "$T_DIR/out" | sed 's/.*add organization 1: //')"
t_eq "no line wider than 80 columns" 0 "$(awk 'length($0) > 80' "$T_DIR/out" | wc -l)"
t_eq "a person's own name is not said twice" 0 "$(grep -c '^ *Dana Reyes, RN, CCM$' "$T_DIR/out")"
# The columns line up: WHO and WHAT start at the same place on every row.
t_eq "aligned" 1 "$(grep '^20' "$T_DIR/out" | awk '{ print index($0, $3) }' | sort -u | wc -l)"

# -- --person ---------------------------------------------------------
t_ok "--person by external id" history --person E-1001 --json
t_eq "Dana's: herself, her credential, her courses, a removed one too" \
    "add person 1; add credential 1; add activity 1; set credential 1; remove activity 1; renew credential 1" \
    "$(rows "$WHAT")"
t_eq "the filter says whom" "1 Dana Reyes, RN, CCM" \
    "$(t_jv 'j["filters"]["person_id"]' 'j["filters"]["person"]')"
ct history --person "Dana Reyes, RN, CCM" --json
t_eq "--person by exact name: the same" \
    "add person 1; add credential 1; add activity 1; set credential 1; remove activity 1; renew credential 1" \
    "$(rows "$WHAT")"
ct history --person 2
flat "add activity 2: Pain Management \(Sam Ortiz\) Pain Management, 2h" "--person by id: Sam's"
t_eq "nothing of Dana's" 0 "$(grep -c 'Dana' "$T_DIR/out")"

# -- --since, --entity, --limit ---------------------------------------
t_ok "--since" history --since 2026-05-20 --json
t_eq "on or after the day, from 00:00 UTC" \
    "set credential 1; remove activity 1; renew credential 1; add organization 1" \
    "$(rows "$WHAT")"
t_eq "the filter says from when" "2026-05-20" "$(t_json 'j["filters"]["since"]')"
ct history --since 2026-03-04 --person "Sam Ortiz" --json
t_eq "--since with --person" "add activity 2" "$(rows "$WHAT")"
ct history --since 2030-01-01
t_out "nothing since" "^no changes match the filters$"
t_ok "--entity" history --entity credential --json
t_eq "only credentials" "add credential 1; set credential 1; renew credential 1" "$(rows "$WHAT")"
ct history --entity activity --person E-1001 --json
t_eq "--entity with --person" "add activity 1; remove activity 1" "$(rows "$WHAT")"
t_ok "--limit" history --limit 2
t_eq "the newest two, oldest first, and how many are left out" \
    "renew credential 1|add organization 1|... 7 earlier; use --limit or filters" \
    "$(grep -v '^WHEN\|^  ' "$T_DIR/out" | sed 's/^[^ ]*  [^ ]*  *\([a-z]* [a-z]* [0-9]*\).*/\1/' | tr '\n' '|' | sed 's/|$//')"
ct history --limit 2 --json
t_eq "--limit with --json" "2 2 7" \
    "$(t_jv 'len(j["history"])' 'j["limit"]' 'j["left_out"]')"

# -- text that could drive a terminal ---------------------------------
esc=$(printf '\033')
bad="$T_DIR/roster${esc}[31m.csv"
printf 'action,org,external_id,name\nA,Mercy Example Health,E-1009,Lee Chen\n' >"$bad"
at "2026-06-03 10:00:00" import "$bad"
t_eq "import of a file with an escape in its name" 0 "$T_RC"
t_ok "history after it" history --entity file
t_eq "no control character reaches the terminal" 0 "$(grep -c "$esc" "$T_DIR/out")"
t_out "shown as ?" "roster\?\[31m\.csv"
ct history --entity file --json
t_eq "nor the JSON" 1 "$(t_json 'int("roster?[31m.csv" in j["history"][0]["detail"])')"

# -- reading changes nothing ------------------------------------------
before=$(sha256sum "$CETRACK_DB" | cut -d' ' -f1)
ct history --person E-1001 --since 2026-01-01 --entity activity --limit 5 --json
t_eq "history writes nothing" "$before" "$(sha256sum "$CETRACK_DB" | cut -d' ' -f1)"

# -- corrections: old and new values as their writers record them -----
at "2026-06-04 10:00:00" ce edit 2 --title "Pain Management Update"
t_eq "ce edit" 0 "$T_RC"
at "2026-06-04 10:01:00" person set "Sam Ortiz" --email sam.ortiz@example.org
t_eq "person set" 0 "$T_RC"
at "2026-06-04 10:02:00" cred add CDMS --person "Sam Ortiz" --number CDMS-4321 --valid-through 2027-09-30
t_eq "cred add for Sam" 0 "$T_RC"
sam_cred=$(sed -n 's/^added credential \([0-9]*\):.*/\1/p' "$T_DIR/out")
at "2026-06-04 10:03:00" cred rm "$sam_cred"
t_eq "cred rm" 0 "$T_RC"
ct history --person "Sam Ortiz" --since 2026-06-04 --json
t_eq "Sam's corrections, the removed credential included" \
    "edit activity 2; update person 2; add credential $sam_cred; remove credential $sam_cred" \
    "$(rows "$WHAT")"
t_eq "old -> new, as recorded" 1 \
    "$(t_json 'int("Pain Management -> Pain Management Update" in j["history"][0]["detail"] and "email: none -> sam.ortiz@example.org" in j["history"][1]["detail"])')"
t_eq "the removed credential: no label, still Sam's" "None 2 Sam Ortiz" \
    "$(t_jv 'j["history"][3]["label"]' 'j["history"][3]["person_id"]' 'j["history"][3]["person"]')"

# Output that cannot be written is a failure, said once. (Past the first
# buffer the walk stops at the failed write, and main can only say that
# output failed: the errno is gone by then.)
"$CETRACK" -d "$CETRACK_DB" history --json --limit 1 >/dev/full 2>"$T_DIR/err"
t_eq "/dev/full: exit 1" 1 "$?"
t_eq "/dev/full: one line" "cetrack: write error: No space left on device" "$(cat "$T_DIR/err")"
"$CETRACK" -d "$CETRACK_DB" history --json >/dev/full 2>"$T_DIR/err"
t_eq "/dev/full, more than a buffer: exit 1" 1 "$?"
t_eq "/dev/full, more than a buffer: one line" 1 "$(wc -l <"$T_DIR/err")"
t_eq "/dev/full, more than a buffer: a write error" 1 "$(grep -c '^cetrack: write error: ' "$T_DIR/err")"
"$CETRACK" -d "$CETRACK_DB" history >/dev/full 2>"$T_DIR/err"
t_eq "/dev/full, text: exit 1" 1 "$?"
t_eq "/dev/full, text: one line" 1 "$(wc -l <"$T_DIR/err")"

# -- bad input --------------------------------------------------------
t_badrc "--since not a date" 2 "^cetrack: history: --since: 'soon' is not a date, expected YYYY-MM-DD, today or yesterday$" history --since soon
t_badrc "--since no such day" 2 "^cetrack: history: --since: 2026-02-30 does not exist" history --since 2026-02-30
t_badrc "--entity unknown" 2 "^cetrack: history: --entity: 'cred' is not an entity, expected person, credential, activity, organization, certificate, notification, webhook_endpoint, file, education, experience, experience_log or exam$" history --entity cred
t_badrc "--limit 0" 2 "^cetrack: history: --limit: '0' is not a count, expected a number from 1 to 1000000$" history --limit 0
t_badrc "--limit not a number" 2 "--limit: '5x' is not a count" history --limit 5x
t_badrc "--person unknown" 1 "^cetrack: history: no person matches 'Nobody'" history --person Nobody
t_badrc "--person empty" 2 "history: --person: empty" history --person ""
t_badrc "--person without a value" 2 "history: --person: missing value" history --person
t_badrc "an argument" 2 "history: unexpected argument 'Dana'" history Dana
t_badrc "unknown option" 2 "history: unknown option '--user'" history --user root
t_badrc "--json takes no value" 2 "history: --json: takes no value" history --json=yes

ct history --help
t_out "--help" "^usage: cetrack history \[--person P\] \[--since DATE\] \[--entity E\]"
t_out "--help says the order" "Oldest first, newest last"

t_done
