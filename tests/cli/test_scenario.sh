#!/bin/sh
# SPDX-License-Identifier: ISC
# The foundation scenario, end to end through the real binary.
#
# Dana Reyes (fictional) is an RN licensed in California and a Certified
# Case Manager. She logs five courses:
#
#   date        hours  approved by         topic          counts for
#   2023-04-01  20     CCMC                -              CCM
#   2025-01-15  14     CA-BRN              -              RN-CA
#   2025-03-12  1.5    CCMC + CA-BRN       ethics         CCM and RN-CA
#   2025-06-20  6      CCMC + CA-BRN       -              CCM and RN-CA
#   2025-09-10  90m    CA-BRN              implicit-bias  RN-CA
#
# On 2026-03-01:
#   CCM   (2022-06-01 .. 2027-05-31): 27.5 of 80 h, ethics 1.5 of 8 (6.5 to
#         go), 456 days left; a linear pace asks 60.02 h by now -> behind.
#   RN-CA (2024-09-01 .. 2026-08-31): 23 of 30 h, 183 days left; a linear
#         pace asks 22.47 h by now -> on_track.
. "$(dirname "$0")/lib.sh"

t_ok "init" init
t_ok "add Dana" person add "Dana Reyes" --email dana.reyes@example.org --id EMP-1001
t_ok "add CCM" cred add CCM --person "Dana Reyes" --number CCM-100234 \
    --valid-through 2027-05-31 --renewal-index 2
t_ok "add RN-CA" cred add RN-CA --person "Dana Reyes" --number RN-654321 \
    --valid-through 2026-08-31 --renewal-index 3

t_ok "log CCMC-only course" ce log "Case Management Foundations" --hours 20 \
    --date 2023-04-01 --provider "Example Case Management Society" \
    --approval CCMC:C-20001
t_out "CCMC-only course counts for the CCM alone" 'for CCM$'
t_ok "log BRN-only course" ce log "Medication Safety for Nurses" --hours 14 \
    --date 2025-01-15 --approval CA-BRN:CEP-16789
t_out "BRN course counts for the RN license alone" 'for RN-CA$'
t_ok "log ethics webinar approved by both" ce log "Ethics in Care Transitions" \
    --hours 1.5 --date 2025-03-12 --format live-online \
    --approval CCMC:C-12345 --approval CA-BRN:CEP-16789 --topic ethics
t_out "ethics webinar counts for both" 'for (CCM, RN-CA|RN-CA, CCM)$'
t_ok "log symposium" ce log "Care Coordination Symposium" --hours 6 \
    --date 2025-06-20 --approval CCMC:C-30003 --approval CA-BRN:CEP-11111
t_ok "log implicit-bias course in minutes" ce log "Implicit Bias in Discharge Planning" \
    --hours 90m --date 2025-09-10 --approval CA-BRN:CEP-16789 --topic implicit-bias

t_ok "status --json" status --json --as-of 2026-03-01
t_eq "as_of" "2026-03-01" "$(t_json 'j["as_of"]')"
t_eq "two credentials" "2" "$(t_json 'len(j["credentials"])')"
ccm='[c for c in j["credentials"] if c["program"]=="CCM"][0]'
rn='[c for c in j["credentials"] if c["program"]=="RN-CA"][0]'
eth="[r for r in $ccm['requirements'] if r['id']=='ethics'][0]"
t_eq "CCM person and number" "Dana Reyes CCM-100234" "$(t_jv "$ccm['person']" "$ccm['number']")"
t_eq "CCM hours required/counted/remaining" "80 27.5 52.5" \
    "$(t_jv "$ccm['hours']['required']" "$ccm['hours']['counted']" "$ccm['hours']['remaining']")"
t_eq "CCM ethics required/counted/remaining/met" "8 1.5 6.5 false" \
    "$(t_jv "$eth['required']" "$eth['counted']" "$eth['remaining']" "$eth['met']")"
t_eq "CCM state and days left" "behind 456" "$(t_jv "$ccm['state']" "$ccm['days_left']")"
t_eq "CCM cycle" "2022-06-01 2027-05-31" "$(t_jv "$ccm['cycle']['start']" "$ccm['cycle']['valid_through']")"
t_eq "CCM window opens, late until" "2027-03-01 2027-06-30" "$(t_jv "$ccm['window_opens']" "$ccm['late_until']")"
t_eq "CCM hours expected by now" "60.02" "$(t_jv "$ccm['pace']['expected_by_now']")"
t_eq "RN-CA hours required/counted/remaining" "30 23 7" \
    "$(t_jv "$rn['hours']['required']" "$rn['hours']['counted']" "$rn['hours']['remaining']")"
t_eq "RN-CA state and days left" "on_track 183" "$(t_jv "$rn['state']" "$rn['days_left']")"
t_eq "hours and days are JSON numbers" "float int" \
    "$(t_jv "type($ccm['hours']['counted']).__name__" "type($ccm['days_left']).__name__")"
t_eq "requirement keys" "assumed counted id label met remaining required" \
    "$(t_jv "' '.join(sorted(k for k in $ccm['requirements'][0] if k not in ('once', 'course_only')))")"

# The same, as a person reads it.
t_ok "status text" status --as-of 2026-03-01
t_out "text names Dana" '^Dana Reyes \(id 1\)'
t_out "text shows CCM behind" 'CCM +CCM-100234 +behind +456 days left'
t_out "text shows ethics to go" 'Ethics +1\.5 / 8 h +6\.5 h to go'
t_out "text shows window" 'renewal window 2027-03-01 to 2027-05-31; late until 2027-06-30'

# Removing the shared webinar takes it from both credentials.
t_ok "ce list" ce list --person "Dana Reyes" --json
web=$(t_jv '[a["id"] for a in (j["activities"] if isinstance(j, dict) else j) if a["title"].startswith("Ethics")][0]')
t_ok "remove the webinar" ce rm "$web"
t_ok "status after rm" status --json --as-of 2026-03-01
t_eq "CCM and RN-CA counted after rm" "26 21.5" \
    "$(t_jv "$ccm['hours']['counted']" "$rn['hours']['counted']")"

t_done
