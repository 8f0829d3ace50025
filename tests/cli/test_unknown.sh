#!/bin/sh
# SPDX-License-Identifier: ISC
# Unknown means owed (rule audit 2026-12, P2): a credential added or
# imported without its renewal number is never exempt by default. LCSW-IL
# and RN-PA exempt the first renewal after licensure; without
# --renewal-index the full 30 hours are owed and status says what would
# settle it.
. "$(dirname "$0")/lib.sh"

t_ok "init" init
t_ok "Dana" person add "Dana Reyes" --email dana.reyes@example.org

ct cred add LCSW-IL --number IL-2 --valid-through 2027-11-30
t_eq "cred add without a renewal number succeeds" 0 "$T_RC"
t_eq "and says the rules depend on it, and what settles it" 1 \
    "$(grep -c "LCSW-IL's rules depend on which renewal this is; until 'cetrack cred set 1 --renewal-index N'" "$T_DIR/err")"
ct status --as-of 2026-12-07
t_out "LCSW-IL owes the full 30 hours" "Total +0 / 30 h +30 h to go"
t_out "status says what would settle it" "'cetrack cred set 1 --renewal-index N' settles it"
ct status --as-of 2026-12-07 --json
t_eq "JSON: the cycle's number is assumed, and what settles it" \
    "true cetrack cred set 1 --renewal-index N" \
    "$(t_jv "[c for c in j['credentials'] if c['id'] == 1][0]['cycle']['renewal_assumed']" \
        "[c for c in j['credentials'] if c['id'] == 1][0]['unknown'][0]['settle']")"

t_ok "the first renewal, given" cred set 1 --first-renewal
t_out "cred set says so" "this cycle ends in renewal 1, the first after initial licensure"
ct status --as-of 2026-12-07
t_out "given as the first renewal: exempt" "exempt from the general hours"
t_eq "nothing assumed any more" 0 "$(grep -c 'settles it' "$T_DIR/out")"
t_ok "a later renewal" cred set 1 --renewal-index 3
ct status --as-of 2026-12-07
t_out "renewal 3 owes 30 hours" "Total +0 / 30 h"

t_ok "RN-PA without a number" cred add RN-PA --number PA-9 --valid-through 2026-10-31
ct cred show 2
t_out "cred show: the renewal is not given" "\\?\\. 2024-11-01 to 2026-10-31 \\(renewal not given\\), open"
ct status --as-of 2026-09-01 --json
t_eq "RN-PA owes 30 h, not the first renewal's 2" 30 \
    "$(t_jv "[c for c in j['credentials'] if c['program'] == 'RN-PA'][0]['hours']['required']")"
ct cred add CCM --number CCM-100234 --valid-through 2027-05-31
t_eq "a program no rule of which reads the number: no note" 0 \
    "$(grep -c 'depend on which renewal' "$T_DIR/err")"

t_bad "cred set: renewal 0" "cred set: --renewal-index: '0' is not a renewal index, expected a number from 1 to 100" \
    cred set 1 --renewal-index 0
t_bad "cred set: two different answers" "--first-renewal: renewal 1, but --renewal-index says 2; give one of them" \
    cred set 1 --renewal-index 2 --first-renewal
t_bad "cred add: two different answers" "--first-renewal: renewal 1, but --renewal-index says 4; give one of them" \
    cred add LCSW-IL --number IL-3 --valid-through 2027-11-30 --renewal-index 4 --first-renewal

# The roster import follows the same rule.
cat >"$T_DIR/roster.csv" <<'CSV'
action,org,external_id,name,email,program,number,state,valid_through,cycle_start,renewal_index,attrs
A,Mercy Example Health,E-2001,Lena Marsh,lena.marsh@example.org,LCSW-IL,IL-77,IL,2027-11-30,,,
A,Mercy Example Health,E-2002,Owen Castillo,owen.castillo@example.org,LCSW-IL,IL-78,IL,2027-11-30,,1,
CSV
t_ok "organization" org add "Mercy Example Health"
t_ok "roster import" import "$T_DIR/roster.csv"
ct status --person "Lena Marsh" --as-of 2026-12-07
t_out "imported without a number: 30 h owed" "Total +0 / 30 h +30 h to go"
t_out "and what settles it" "settles it"
ct status --person "Owen Castillo" --as-of 2026-12-07
t_out "imported as the first renewal: exempt" "exempt from the general hours"

# The reports say it too.
ct report --person "Lena Marsh" --as-of 2026-12-07
t_out "text report: counted as owed" "Counted as owed: which renewal this is was not given"
t_out "text report: what settles it" "'cetrack cred set [0-9]+ --renewal-index N' settles it"
ct report --person "Lena Marsh" --as-of 2026-12-07 --format md
t_out "Markdown report: renewal not given" "renewal not given: counted as owed"
ct report --person "Lena Marsh" --as-of 2026-12-07 --format html
t_out "HTML report: renewal not given" "title=\"counted as owed until cetrack cred set [0-9]+ --renewal-index N\">renewal not given<"
ct report --person "Lena Marsh" --as-of 2026-12-07 --format json
t_eq "JSON report: assumed, and the command" "true 1" \
    "$(t_jv "j['people'][0]['credentials'][0]['renewal_assumed']" \
        "len(j['people'][0]['credentials'][0]['unknown'])")"

t_done
