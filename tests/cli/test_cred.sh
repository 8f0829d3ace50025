#!/bin/sh
# SPDX-License-Identifier: ISC
# cetrack cred add|list|show|renew: credentials, their dates checked
# against the program's deadline rule, renewal with carry-over, and every
# kind of bad input (one line on stderr, database unchanged).
. "$(dirname "$0")/lib.sh"

t_badrc() {
	_n=$1; _code=$2; shift 2
	t_bad "$_n" "$@"
	t_eq "$_n: exit code" "$_code" "$T_RC"
}

# A fictional fixed-deadline program (Feb 28 of odd years, 2-year cycle,
# up to 10 h carried over), so that these tests do not depend on what a
# real board does this year.
mkdir -p "$T_DIR/packs"
cat >"$T_DIR/packs/test-fx.ini" <<'INI'
[program]
code = TEST-FX
name = Test Fixed-Deadline License
issuer = Board of Examples
kind = license
jurisdiction = ZZ
version = 2026-01-01
source = https://example.org/rules
cycle_years = 2
deadline = fixed
deadline_dates = 02-28
deadline_years = odd
total_hours = 20
approvers = *
carryover_max = 10
INI
printf '[programs]\ndir = %s/packs\n' "$T_DIR" >"$T_DIR/cetrack.ini"
chmod 600 "$T_DIR/cetrack.ini"
export CETRACK_CONFIG="$T_DIR/cetrack.ini"

long=$(printf '%0300d' 0 | tr 0 9)
nonutf8=$(printf '12\37734')

t_ok "init" init
t_ok "add Dana" person add "Dana Reyes" --id E-1001

# Add: the cycle start defaults to one cycle before valid-through.
t_ok "add CCM" cred add CCM --number 12345 --valid-through 2030-05-31
t_out "add says what" "^added credential 1: CCM 12345 for Dana Reyes, cycle 2025-06-01 to 2030-05-31$"
t_ok "add RN-CA; the state is the program's" cred add rn-ca --person E-1001 --number 95012345 \
    --valid-through 2027-03-31 --attr Direct-Care --attr direct-care
t_ok "show 2 --json" cred show 2 --json
t_eq "state defaults to the jurisdiction" CA "$(t_json 'j["jurisdiction"]')"
t_eq "program code is upper case" RN-CA "$(t_json 'j["program"]["code"]')"
t_eq "attributes lower-cased, once" "['direct-care']" "$(t_json 'j["attrs"]')"
t_eq "cycle start" 2025-04-01 "$(t_json 'j["cycles"][0]["start"]')"
t_eq "renewal index 1" 1 "$(t_json 'j["cycles"][0]["renewal_index"]')"
t_eq "open cycle" None "$(t_json 'j["cycles"][0]["closed"]')"
t_ok "explicit start, index and lower-case state" cred add RN-CA --number 95099999 --state ca \
    --valid-through 2027-03-31 --cycle-start 2025-05-15 --renewal-index 3
t_ok "show 3 --json" cred show 3 --json
t_eq "explicit start kept" 2025-05-15 "$(t_json 'j["cycles"][0]["start"]')"
t_eq "explicit index kept" 3 "$(t_json 'j["cycles"][0]["renewal_index"]')"
t_ok "the same number in another program" cred add CDMS --number 12345 --valid-through 2026-12-31

# Fixed deadlines: the default is the next one, and only those dates.
next_fx=$(/usr/bin/python3 -c '
import datetime
d = datetime.date.today()
y = d.year
while True:
    c = datetime.date(y, 2, 28)
    if y % 2 == 1 and c > d:
        print(c); break
    y += 1')
t_ok "fixed program: valid-through defaults to the next deadline" cred add TEST-FX --number F-1
t_out "the next odd-year Feb 28" "cycle .* to $next_fx$"
t_badrc "fixed program: not a deadline" 2 \
    "cred add: --valid-through: 2027-03-31 is not a deadline of TEST-FX, expected Feb 28 of odd years \(the next is 2029-02-28\)" \
    cred add TEST-FX --number F-2 --valid-through 2027-03-31
t_badrc "fixed program: an even year" 2 "not a deadline of TEST-FX, expected Feb 28 of odd years" \
    cred add TEST-FX --number F-2 --valid-through 2028-02-28
t_badrc "CCM valid-through must be May 31 or Nov 30" 2 \
    "--valid-through: 2030-06-30 is not a deadline of CCM, expected May 31 or Nov 30" \
    cred add CCM --number 777 --valid-through 2030-06-30

# Bad input.
t_badrc "unknown program" 1 "cred add: unknown program 'XYZ'; see 'cetrack programs list'" \
    cred add XYZ --number 1 --valid-through 2030-05-31
t_badrc "duplicate number in the same program" 1 "cred add: credential CCM 12345 already exists \(id 1\)" \
    cred add CCM --number 12345 --valid-through 2030-11-30
t_badrc "state other than the program's" 2 "cred add: --state: TX is not the jurisdiction of RN-CA, expected CA" \
    cred add RN-CA --number 1 --state TX --valid-through 2027-03-31
t_badrc "state not a code" 2 "--state: 'C4' is not a jurisdiction" cred add CCM --number 1 --state C4 --valid-through 2030-05-31
t_badrc "missing PROGRAM" 2 "cred add: PROGRAM: missing" cred add --number 1
t_badrc "missing --number" 2 "cred add: --number: missing" cred add CCM --valid-through 2030-05-31
t_badrc "missing valid-through (anniversary)" 2 "cred add: --valid-through: missing" cred add CCM --number 2
t_badrc "2026-02-30" 2 "cred add: --valid-through: 2026-02-30 does not exist, expected a real calendar date" \
    cred add CCM --number 2 --valid-through 2026-02-30
t_badrc "not a date" 2 "--valid-through: 'May 2030' is not a date, expected YYYY-MM-DD" \
    cred add CCM --number 2 --valid-through "May 2030"
t_badrc "year out of range" 2 "--valid-through: 2300-05-31 is out of range" cred add CCM --number 2 --valid-through 2300-05-31
t_badrc "cycle start after valid-through" 2 "--cycle-start: 2031-01-01 is after the valid-through date 2030-05-31" \
    cred add CCM --number 2 --valid-through 2030-05-31 --cycle-start 2031-01-01
t_badrc "renewal index 0" 2 "--renewal-index: '0' is not a renewal index, expected a number from 1 to 100" \
    cred add CCM --number 2 --valid-through 2030-05-31 --renewal-index 0
t_badrc "renewal index 101" 2 "--renewal-index: '101'" cred add CCM --number 2 --valid-through 2030-05-31 --renewal-index 101
t_badrc "renewal index not a number" 2 "--renewal-index: 'two'" cred add CCM --number 2 --valid-through 2030-05-31 --renewal-index two
t_badrc "bad attribute" 2 "--attr: 'direct care' is not an attribute" \
    cred add CCM --number 2 --valid-through 2030-05-31 --attr "direct care"
t_badrc "overlong number" 2 "cred add: --number: too long \(300 bytes\)" cred add CCM --number "$long" --valid-through 2030-05-31
t_badrc "non-UTF-8 number" 2 "cred add: --number: not valid UTF-8" cred add CCM --number "$nonutf8" --valid-through 2030-05-31
t_badrc "unknown person" 1 "cred add: no person matches 'Nobody'" cred add CCM --person Nobody --number 2 --valid-through 2030-05-31
t_ok "a second person" person add "Sam Ortiz"
t_badrc "--person needed with two people" 1 "cred add: --person: missing; there are 2 people" \
    cred add CCM --number 2 --valid-through 2030-05-31

# An attribute no rule uses is kept, with a warning.
t_ok "unused attribute warns" cred add CCM --person "Sam Ortiz" --number 5555 --valid-through 2030-11-30 --attr night-shift
if grep -q "warning: no rule of CCM uses the attribute 'night-shift'" "$T_DIR/err"; then t_pass; else t_fail "unused attribute warning"; fi

# List and show.
t_ok "list" cred list
# JURISDICTION, not STATE: STATE is the compliance state in status and
# reports; this column is the board's jurisdiction (--state, "jurisdiction"
# in JSON).
t_out "list: the header" "^ +ID +PERSON +PROGRAM +NUMBER +JURISDICTION +START +VALID THRU +STATUS$"
t_eq "list: no STATE column" 0 "$(grep -c 'STATE' "$T_DIR/out")"
t_out "list: CCM" "^ +1 +Dana Reyes +CCM +12345 +- +2025-06-01 +2030-05-31 +active$"
t_out "list: a jurisdiction under its header" "^ +2 +Dana Reyes +RN-CA +95012345 +CA +2025-04-01 +2027-03-31 +active$"
t_eq "list: columns line up" 1 \
    "$(awk 'NR == 1 { c = index($0, "JURISDICTION") } NR > 1 && /RN-CA/ { print (index($0, " CA ") + 1 == c) }' "$T_DIR/out" | sort -u | tr -d '\n')"
t_out "list: Sam" "Sam Ortiz +CCM +5555"
t_ok "list one person" cred list --person "Sam Ortiz" --json
t_eq "one credential for Sam" 1 "$(t_json 'len(j["credentials"])')"
t_eq "person name in json" "Sam Ortiz" "$(t_json 'j["credentials"][0]["person"]')"
t_eq "cycle in json" 2030-11-30 "$(t_json 'j["credentials"][0]["cycle"]["valid_through"]')"
t_ok "list --json" cred list --json
t_eq "all credentials" 6 "$(t_json 'len(j["credentials"])')"
t_ok "show" cred show 1
t_out "show: program name" "program: +Certified Case Manager"
t_out "show: the open cycle" "1\. 2025-06-01 to 2030-05-31, open"
t_badrc "show an unknown id" 1 "cred show: no credential with id 99" cred show 99
t_badrc "show a non-id" 2 "cred show: ID: 'one' is not an id" cred show one
t_badrc "show without id" 2 "cred show: ID: missing" cred show

# show: the credential's reminder settings, its own or the policy's.
t_ok "show: reminders" cred show 1
t_out "show: the policy's days before" "^  reminders:    before: 180,90,60,30,14,7,1 days \(policy default\)$"
t_out "show: and after" "^                after:  1,7,30 days \(policy default\)$"
t_out "show: no snooze" "^  snooze:       none$"
t_out "show: no opt-out" "^  opt-out:      none$"
t_ok "show: reminders --json" cred show 1 --json
t_eq "json: reminders, all the policy's" \
    "false [180, 90, 60, 30, 14, 7, 1] configuration [1, 7, 30] configuration None false []" \
    "$(t_jv 'j["reminders"]["own"]' 'j["reminders"]["before"]["days"]' 'j["reminders"]["before"]["from"]' \
        'j["reminders"]["after"]["days"]' 'j["reminders"]["after"]["from"]' 'j["reminders"]["snooze_until"]' \
        'j["reminders"]["snoozed"]' 'j["reminders"]["opt_out"]')"
snooze=$(/usr/bin/python3 -c 'import datetime; print(datetime.date.today() + datetime.timedelta(days=30))')
t_ok "set reminders of its own" cred set 1 --remind 120,60,30 --snooze-until "$snooze" --opt-out email
t_ok "show them" cred show 1
t_out "show: its own days before" "^  reminders:    before: 120,60,30 days \(own\)$"
t_out "show: the policy's after" "^                after:  1,7,30 days \(policy default\)$"
t_out "show: the snooze" "^  snooze:       until $snooze$"
t_out "show: the opt-out" "^  opt-out:      email$"
t_ok "show them --json" cred show 1 --json
t_eq "json: its own" \
    "true [120, 60, 30] credential configuration $snooze true ['email']" \
    "$(t_jv 'j["reminders"]["own"]' 'j["reminders"]["before"]["days"]' 'j["reminders"]["before"]["from"]' \
        'j["reminders"]["after"]["from"]' 'j["reminders"]["snooze_until"]' 'j["reminders"]["snoozed"]' \
        'j["reminders"]["opt_out"]')"
t_ok "no reminders after, every channel off" cred set 1 --remind-after none --opt-out all
ct cred show 1
t_out "show: none after, its own" "^                after:  none \(own\)$"
t_out "show: all channels" "^  opt-out:      all channels, log included$"
t_ok "back to the policy" cred set 1 --remind default --remind-after default --snooze-until none --opt-out none
# A program's own [reminders.CODE] is the default it falls back to.
{ cat "$T_DIR/cetrack.ini"; printf '[reminders.CCM]\nbefore = 100, 21, 1\n'; } >"$T_DIR/ccm.ini"
chmod 600 "$T_DIR/ccm.ini"
t_ok "show under [reminders.CCM]" -c "$T_DIR/ccm.ini" cred show 1
t_out "show: the program's days" "^  reminders:    before: 100,21,1 days \(policy default, \[reminders.CCM\]\)$"
ct -c "$T_DIR/ccm.ini" cred show 1 --json
t_eq "json: the program's" "[100, 21, 1] program configuration false" \
    "$(t_jv 'j["reminders"]["before"]["days"]' 'j["reminders"]["before"]["from"]' 'j["reminders"]["after"]["from"]' 'j["reminders"]["own"]')"

# Renewal: closes the cycle, opens the next, carries excess hours over.
t_ok "add an expiring TEST-FX" cred add TEST-FX --person 1 --number F-9 --valid-through 2025-02-28
fx=$(sed -n 's/^added credential \([0-9]*\):.*/\1/p' "$T_DIR/out")
t_ok "log 25 h in that cycle" ce log "Clinical update" --person 1 --hours 25 --date 2024-05-01 --for "$fx"
t_ok "renew by CE" cred renew "$fx" --on 2025-02-20
t_out "renew says the next cycle and the carry-over" \
    "^renewed credential $fx \(TEST-FX F-9\) by ce on 2025-02-20; next cycle 2025-03-01 to 2027-02-28, 5 h carried over$"
t_ok "show the renewed credential" cred show "$fx" --json
t_eq "two cycles" 2 "$(t_json 'len(j["cycles"])')"
t_eq "old cycle closed" 2025-02-20 "$(t_json 'j["cycles"][0]["closed"]')"
t_eq "old cycle outcome" ce "$(t_json 'j["cycles"][0]["outcome"]')"
t_eq "new cycle index" 2 "$(t_json 'j["cycles"][1]["renewal_index"]')"
t_eq "new cycle carry-in" 5.0 "$(t_json 'j["cycles"][1]["carry_in"]')"
t_eq "new cycle open" None "$(t_json 'j["cycles"][1]["outcome"]')"
t_badrc "renew on a day before the open cycle" 2 "cred renew: --on: 2025-02-20 is before the cycle's start 2025-03-01" \
    cred renew "$fx" --on 2025-02-20

t_ok "add CDMS expiring" cred add CDMS --person 1 --number C-2 --valid-through 2025-12-31
cd2=$(sed -n 's/^added credential \([0-9]*\):.*/\1/p' "$T_DIR/out")
t_ok "renew by exam, explicit valid-through" cred renew "$cd2" --on 2025-12-01 --method exam --valid-through 2030-12-31
t_out "by exam, nothing carried" "by exam on 2025-12-01; next cycle 2026-01-01 to 2030-12-31$"
t_ok "exam outcome" cred show "$cd2" --json
t_eq "outcome exam" exam "$(t_json 'j["cycles"][0]["outcome"]')"
t_eq "no carry-in" 0.0 "$(t_json 'j["cycles"][1]["carry_in"]')"
t_ok "renew warns when not complete" cred renew "$cd2" --on today
if grep -q "warning: CDMS C-2 was not complete on 2030-12-31" "$T_DIR/err"; then t_pass; else t_fail "incomplete renewal warning"; fi

t_badrc "renew an unknown credential" 1 "cred renew: no credential with id 99" cred renew 99
t_badrc "renew on a future day" 2 "cred renew: --on: 2199-01-01 is in the future" cred renew 1 --on 2199-01-01
t_badrc "renew by a bad method" 2 "cred renew: --method: 'cme' is not a renewal method, expected ce or exam" cred renew 1 --method cme
t_badrc "renew to a non-deadline" 2 "cred renew: --valid-through: 2035-06-01 is not a deadline of CCM" \
    cred renew 1 --valid-through 2035-06-01
t_badrc "renew to a date before the new start" 2 "cred renew: --valid-through: 2029-05-31 is not after" \
    cred renew 1 --valid-through 2029-05-31
t_badrc "renew 2026-02-30" 2 "cred renew: --on: 2026-02-30 does not exist" cred renew 1 --on 2026-02-30

t_ok "help" cred renew --help
t_out "renew usage" "^usage: cetrack cred renew ID"
t_done
