#!/bin/sh
# SPDX-License-Identifier: ISC
# Findings of the December 2026 rule-pack audit
# (shared/reference/rule-audit-2026-12.md), end to end through the real
# binary and the shipped packs. Every person is fictional.
. "$(dirname "$0")/lib.sh"

t_ok "init" init
t_ok "add Dana" person add "Dana Reyes" --email dana.reyes@example.org

# D9/P1. "One CE hour shall equal 50 minutes of attendance" (68 IAC
# 1470.95(a)(5)) and a CEU is 10 contact hours of 60 minutes (IACET): a
# 0.3 CEU certificate is 180 minutes, 3.6 Illinois social-work hours.
t_ok "add LCSW-IL" cred add LCSW-IL --person "Dana Reyes" --number IL-149-000001 \
    --valid-through 2027-11-30 --renewal-index 3
t_ok "log a 0.3 CEU course" ce log "Trauma-Informed Supervision" --hours 0.3ceu \
    --date 2026-02-10 --approval IL-IDFPR
t_ok "status --json" status --json --as-of 2026-03-01
il='[c for c in j["credentials"] if c["program"]=="LCSW-IL"][0]'
t_eq "0.3 CEU counts 3.6 h for LCSW-IL" "3.6" "$(t_jv "$il['hours']['counted']")"
t_ok "programs show LCSW-IL" programs show LCSW-IL
t_out "LCSW-IL shows 12 h per CEU" '^  CEU: +12 h$'

# D1. Texas RN jurisprudence and ethics, 2 contact hours before the end of
# every third licensing period, may be taken in any of the three periods:
# "between December 1, 2020 and November 30, 2026" for the BON's example
# nurse (a copy of the BON FAQ; 22 TAC 216.3). Dana took it two periods
# ago; at her third renewal she is complete.
t_ok "add RN-TX at its third renewal" cred add RN-TX --person "Dana Reyes" \
    --number TX-900001 --valid-through 2028-11-30 --renewal-index 3
t_ok "cred list" cred list --json
txid=$(t_json '[c["id"] for c in j["credentials"] if c["program"] == "RN-TX"][0]')
t_ok "log jurisprudence two periods ago" ce log "Texas Nursing Jurisprudence and Ethics" \
    --hours 2 --date 2023-03-15 --topic jurisprudence --for "$txid"
t_ok "log this cycle's hours" ce log "Care Transitions Conference" --hours 20 \
    --date 2026-12-05 --for "$txid"
t_ok "status --json" status --json --as-of 2026-12-07
tx='[c for c in j["credentials"] if c["program"]=="RN-TX"][0]'
jur="[r for r in $tx['requirements'] if r['id']=='jurisprudence'][0]"
t_eq "jurisprudence from two periods ago is met" "2 2 true" \
    "$(t_jv "$jur['required']" "$jur['counted']" "$jur['met']")"
# Unknown means owed: RN-TX courses bound to a practice (direct care,
# older adults, an emergency room) are owed until the credential says
# whether they apply, and status names each with the command.
t_eq "with her practice unknown, not complete" \
    "on_track direct-care,older-adults,emergency-room" \
    "$(t_jv "$tx['state']" "','.join(u['attribute'] for u in $tx['unknown'])")"
t_ok "a case manager without direct care, older adults or ER work" \
    cred set "$txid" --attr no-direct-care --attr no-older-adults \
    --attr no-emergency-room
t_out "cred set says what is stated" \
    "attributes no-direct-care,no-older-adults,no-emergency-room"
t_ok "status --json" status --json --as-of 2026-12-07
t_eq "RN-TX complete at the third renewal" "complete 20 0" \
    "$(t_jv "$tx['state']" "$tx['hours']['counted']" "len($tx['unknown'])")"

# Display: requirement labels wrap at spaces, never cut inside a word
# ("Clinical supervision (one-ti" was the old 28-column cut), in the text
# status and in the text report.
t_ok "add RN-NY" cred add RN-NY --person "Dana Reyes" --number NY-700001 \
    --valid-through 2027-06-30 --renewal-index 2
t_ok "status text" status --as-of 2026-12-07
t_out "a long label's first line keeps its numbers" \
    '^      Clinical supervision +0 / 6 h  6 h to go$'
t_out "and goes on below, whole" '^        \(one-time\)$'
t_out "a label wrapped over three lines" '^        sepsis\)$'
if grep -q 'one-ti$' "$T_DIR/out"; then t_fail "no label cut inside a word"; else t_pass; fi
t_ok "report text" report --as-of 2026-12-07
t_out "report: the label wraps at a space" \
    '^ +course +none +course  Infection control and barrier precautions$'
t_out "report: the rest under the label column" '^ {35}\(incl\. sepsis\)$'
if awk 'length > 80 { bad = 1 } END { exit !bad }' "$T_DIR/out"; then
	t_fail "report lines fit 80 columns"
else
	t_pass
fi

t_done
