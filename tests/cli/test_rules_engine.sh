#!/bin/sh
# SPDX-License-Identifier: ISC
# The engine keys of the rule audit 2026-12, end to end through cred add
# and status: a requirement due within years of an event (D5, RN-PA organ
# donation, S41), an exemption only with an attribute (L1, RN-FL first
# renewal, licensed by examination, S29), and a one-time requirement
# counted in the cycle where it is first owed (D10, LCSW-IL clinical
# supervision, 68 IAC 1470.95(a)(2)).
. "$(dirname "$0")/lib.sh"

t_ok "init" init
t_ok "Dana" person add "Dana Reyes" --email dana.reyes@example.org

# D5: licensed long ago, the first renewal on or after 2026-05-01 ends
# 2026-10-31: organ donation is due by 2031-10-31, owed in the cycle that
# ends 2032-10-31, not before.
t_ok "RN-PA, renewal 3" cred add RN-PA --number PA-1 --valid-through 2028-10-31 --renewal-index 3
t_ok "RN-PA, renewal 5" cred add RN-PA --number PA-2 --valid-through 2032-10-31 --renewal-index 5
ct status --as-of 2027-01-01
t_eq "not owed in the cycle ending 2028-10-31" 0 \
    "$(sed -n '/PA-1/,/renew by/p' "$T_DIR/out" | grep -c 'Organ donation')"
ct status --as-of 2031-01-01 --json
t_eq "owed, with its own due date, in the cycle ending 2032-10-31" "2031-10-31" \
    "$(t_jv "[r for c in j['credentials'] if c['number'] == 'PA-2' for r in c['requirements'] if r['id'] == 'organ-donation'][0]['due']")"
ct status --as-of 2031-01-01
t_out "status text says when it is due" "Organ donation \\(one-time\\) +0 / 2 h +2 h to go, due 2031-10-31"

# L1: the first-renewal exemption holds only for nurses licensed by
# examination.
ct cred add RN-FL --number FL-1 --valid-through 2027-04-30 --first-renewal
t_eq "FL first renewal, no attribute: added" 0 "$T_RC"
ct cred add RN-FL --number FL-2 --valid-through 2027-04-30 --first-renewal --attr licensed-by-exam
t_eq "the attribute is one the pack uses: no warning" 0 "$(grep -c 'no rule of RN-FL uses' "$T_DIR/err")"
ct status --as-of 2026-12-07 --json
t_eq "by endorsement: the full 24 h; by examination: exempt" "24 false 5 true" \
    "$(t_jv "[c for c in j['credentials'] if c['number'] == 'FL-1'][0]['hours']['required']" \
        "[c for c in j['credentials'] if c['number'] == 'FL-1'][0]['exempt']" \
        "[c for c in j['credentials'] if c['number'] == 'FL-2'][0]['hours']['required']" \
        "[c for c in j['credentials'] if c['number'] == 'FL-2'][0]['exempt']")"

# D10: 6 h of clinical supervision, part of the 30 h of the renewal
# ending 2027-11-30: a 2024 course is before that renewal's 24 months.
t_ok "LCSW-IL" cred add LCSW-IL --number IL-9 --valid-through 2027-11-30 --renewal-index 3
t_ok "a 2024 supervision course" ce log "Clinical Supervision Foundations" --hours 6 --date 2024-03-01 --topic supervision --approval IDFPR:S-1
ct status --as-of 2026-12-07 --json
t_eq "a course before the cycle does not meet it" "0 6" \
    "$(t_jv "[r for c in j['credentials'] if c['number'] == 'IL-9' for r in c['requirements'] if r['id'] == 'supervision'][0]['counted']" \
        "[r for c in j['credentials'] if c['number'] == 'IL-9' for r in c['requirements'] if r['id'] == 'supervision'][0]['remaining']")"
t_ok "a 2026 supervision course" ce log "Supervision in Practice" --hours 6 --date 2026-06-01 --topic supervision --approval IDFPR:S-2
ct status --as-of 2026-12-07 --json
# 6 clock hours are 360 minutes, 7.2 Illinois hours of 50 minutes.
t_eq "one inside the cycle does" "7.2 true" \
    "$(t_jv "[r for c in j['credentials'] if c['number'] == 'IL-9' for r in c['requirements'] if r['id'] == 'supervision'][0]['counted']" \
        "[r for c in j['credentials'] if c['number'] == 'IL-9' for r in c['requirements'] if r['id'] == 'supervision'][0]['met']")"

t_done
