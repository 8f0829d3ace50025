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
# Two unknowns: the renewal, and whether she serves adults 26 and older
# (the Illinois dementia course).
t_eq "JSON report: assumed, and the commands" "true 2 serves-adults-26plus" \
    "$(t_jv "j['people'][0]['credentials'][0]['renewal_assumed']" \
        "len(j['people'][0]['credentials'][0]['unknown'])" \
        "j['people'][0]['credentials'][0]['unknown'][1]['attribute']")"

# Unknown attributes mean owed too. Lena's LCSW-IL reads a dementia
# course for those who serve adults 26 and older: owed until she says.
ct status --person "Lena Marsh" --as-of 2026-12-07 --json
lena=$(t_jv "j['credentials'][0]['id']")
t_eq "status JSON names the attribute and the command" \
    "serves-adults-26plus|cetrack cred set $lena --attr serves-adults-26plus (or --attr no-serves-adults-26plus)" \
    "$(t_jv "'|'.join([j['credentials'][0]['unknown'][1]['attribute'], j['credentials'][0]['unknown'][1]['settle']])")"
ct status --person "Lena Marsh" --as-of 2026-12-07
t_out "status text says so" "counted as owed: attribute serves-adults-26plus not given;"

# A roster may deny an attribute with no-A; A and no-A together are refused.
cat >"$T_DIR/roster2.csv" <<'CSV'
action,org,external_id,name,email,program,number,state,valid_through,cycle_start,renewal_index,attrs
A,Mercy Example Health,E-2001,Lena Marsh,lena.marsh@example.org,LCSW-IL,IL-77,IL,2027-11-30,,4,no-serves-adults-26plus
CSV
t_ok "roster: renewal 4, attribute denied" import "$T_DIR/roster2.csv"
ct status --person "Lena Marsh" --as-of 2026-12-07 --json
t_eq "nothing unknown any more" 0 "$(t_jv "len(j['credentials'][0]['unknown'])")"
cat >"$T_DIR/roster3.csv" <<'CSV'
action,org,external_id,name,email,program,number,state,valid_through,cycle_start,renewal_index,attrs
A,Mercy Example Health,E-2001,Lena Marsh,lena.marsh@example.org,LCSW-IL,IL-77,IL,2027-11-30,,4,serves-adults-26plus;no-serves-adults-26plus
CSV
before=$(sha256sum "$CETRACK_DB")
ct import "$T_DIR/roster3.csv"
t_eq "roster: A and no-A refused" "1 1" \
    "$T_RC $(grep -c "roster3.csv:2: attrs: 'serves-adults-26plus' and 'no-serves-adults-26plus' contradict each other, expected one of them" "$T_DIR/err")"
t_eq "the refused roster changed nothing" "$before" "$(sha256sum "$CETRACK_DB")"

# cred add warns about each attribute it was not told; cred set settles.
ct cred add RN-TX --person "Dana Reyes" --number TX-5 --valid-through 2027-06-30 --renewal-index 2
t_eq "cred add names the attributes RN-TX depends on" 1 \
    "$(grep -c "RN-TX's rules depend on attributes this credential does not state (direct-care,older-adults,emergency-room)" "$T_DIR/err")"
txid=$(sed -n 's/^added credential \([0-9]*\):.*/\1/p' "$T_DIR/out")
t_bad "cred set: A and no-A" "cred set: --attr: 'older-adults' and 'no-older-adults' contradict each other, expected one of them" \
    cred set "$txid" --attr older-adults --attr no-older-adults
t_bad "cred set: not an attribute" "cred set: --attr: 'Older Adults' is not an attribute, expected 1 to 31 letters, digits and dashes" \
    cred set "$txid" --attr "Older Adults"
t_ok "cred set: denied" cred set "$txid" --attr no-older-adults
t_out "cred set prints the attributes" "attributes no-older-adults$"
t_ok "cred set: given, replacing the denial" cred set "$txid" --attr older-adults --attr direct-care
t_out "the denial is replaced" "attributes older-adults,direct-care$"
ct cred set "$txid" --attr no-such-thing
t_eq "an attribute no rule reads is a warning" 1 \
    "$(grep -c "no rule of RN-TX uses the attribute 'no-such-thing'" "$T_DIR/err")"
ct report --person "Dana Reyes" --as-of 2026-12-07 --format csv --csv-shape requirements
t_out "CSV: the unknown column says what settles it" \
    "Counted as owed until given: whether it has the attribute emergency-room \('cetrack cred set $txid --attr emergency-room' or --attr no-emergency-room\)"
ct report --person "Dana Reyes" --as-of 2026-12-07 --format csv
t_out "CSV, a row per credential: its unknown column too" \
    "Counted as owed until given: whether it has the attribute emergency-room \('cetrack cred set $txid --attr emergency-room' or --attr no-emergency-room\)"

t_done
