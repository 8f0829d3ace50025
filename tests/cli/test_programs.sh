#!/bin/sh
# SPDX-License-Identifier: ISC
# cetrack programs list|show: the loaded rule packs, built-in and from the
# configured programs directory, and what happens with a broken pack.
. "$(dirname "$0")/lib.sh"

t_badrc() {
	_n=$1; _code=$2; shift 2
	t_bad "$_n" "$@"
	t_eq "$_n: exit code" "$_code" "$T_RC"
}
t_err() {
	if grep -qE -- "$2" "$T_DIR/err"; then t_pass; else t_fail "$1 (stderr does not match /$2/)"; fi
}

# No database is needed to look at programs.
t_ok "list without a database" programs list
t_out "header" "^CODE +NAME +CYCLE +HOURS$"
t_out "CCM" "^CCM +Certified Case Manager +5 years +80$"
t_out "RN-CA" "^RN-CA +Registered Nurse \(California\) +2 years"
t_ok "list --json" programs list --json
t_eq "json: CCM listed" True "$(t_json '"CCM" in [p["code"] for p in j["programs"]]')"
t_eq "json: CCM hours" 80.0 "$(t_json '[p for p in j["programs"] if p["code"] == "CCM"][0]["total_hours"]')"
t_eq "json: CCM cycle" 60 "$(t_json '[p for p in j["programs"] if p["code"] == "CCM"][0]["cycle_months"]')"
t_eq "json: built-in origin" builtin:ccm.ini "$(t_json '[p for p in j["programs"] if p["code"] == "CCM"][0]["origin"]')"

t_ok "show CCM" programs show CCM
t_out "show: name" "^CCM: Certified Case Manager$"
t_out "show: cycle" "^  cycle: +5 years$"
t_out "show: deadline" "^  deadline: +anniversary: valid-through \+ 5 years, always on May 31, Nov 30$"
t_out "show: total" "^  total: +80 h per cycle$"
t_out "show: approvers" "^  approvers: +CCMC$"
t_out "show: late period" "^  late period: +30 days$"
t_out "show: window" "^  renewal window: +opens on the 1st, 2 months before valid-through$"
t_out "show: ethics requirement" "^  ethics: "
t_out "show: origin" "^  origin: +builtin:ccm.ini$"
t_out "show: sources" "^  sources: +https://"
if grep -q '^  sources: .*, ' "$T_DIR/out"; then t_fail "show: one source a line"; else t_pass; fi
if grep -q '^not checked:' "$T_DIR/out"; then t_fail "show: no 'not checked' without notes"; else t_pass; fi
t_ok "show is case-insensitive" programs show ccm
t_ok "show --json" programs show CCM --json
t_eq "json: code" CCM "$(t_json 'j["code"]')"
t_eq "json: deadline rule" anniversary "$(t_json 'j["deadline"]["rule"]')"
t_eq "json: deadline dates" "['05-31', '11-30']" "$(t_json 'j["deadline"]["dates"]')"
t_eq "json: window" 2 "$(t_json 'j["window"]["months"]')"
t_eq "json: late days" 30 "$(t_json 'j["late_days"]')"
t_eq "json: approvers" "['CCMC']" "$(t_json 'j["approvers"]')"
t_eq "json: ethics requirement" True "$(t_json '"ethics" in [r["id"] for r in j["requirements"]]')"
t_eq "json: hour minutes" 60 "$(t_json 'j["conversions"]["hour_minutes"]')"
t_eq "json: sources are a list" list "$(t_json 'type(j["sources"]).__name__')"
t_ok "RN-CA has a jurisdiction" programs show RN-CA --json
t_eq "json: jurisdiction" CA "$(t_json 'j["jurisdiction"]')"

t_badrc "show an unknown program" 1 "programs show: unknown program 'XYZ'; see 'cetrack programs list'" programs show XYZ
t_badrc "show without a code" 2 "programs show: CODE: missing" programs show
t_badrc "show two codes" 2 "programs show: unexpected argument 'RN-CA'" programs show CCM RN-CA
t_badrc "list takes no argument" 2 "programs list: unexpected argument 'CCM'" programs list CCM
t_badrc "unknown subcommand" 2 "programs: 'add' is not a subcommand" programs add x.ini

# A user pack directory: a good pack is added, a broken one is refused
# with file:line on stderr while everything else works.
mkdir -p "$T_DIR/packs"
cat >"$T_DIR/packs/test-fx.ini" <<'INI'
[program]
code = TEST-FX
name = Test Fixed-Deadline License
issuer = Board of Examples
kind = license
jurisdiction = ZZ
version = 2026-01-01
source = https://example.org/rules, https://example.org/faq
cycle_years = 2
deadline = fixed
deadline_dates = 02-28
deadline_years = odd
total_hours = 20
approvers = *
carryover_max = 10
unchecked = Half of the hours live in the 2021-23 cycle only.

[req.ethics]
label = Ethics and law
hours = 2
topics = ethics, law
every = 2
unchecked = Owed within a year of licensure, not at the cycle's end.

[cap.self-study]
label = Self-study
max_hours = 5
formats = self-study
INI
cat >"$T_DIR/packs/broken.ini" <<'INI'
[program]
code = BROKEN
name = Broken Pack
cycle_years = two
INI
printf '[programs]\ndir = %s/packs\n' "$T_DIR" >"$T_DIR/cetrack.ini"
chmod 600 "$T_DIR/cetrack.ini"
export CETRACK_CONFIG="$T_DIR/cetrack.ini"

t_ok "list with a broken pack still works" programs list
t_out "the good user pack is listed" "^TEST-FX +Test Fixed-Deadline License +2 years +20$"
t_err "the broken pack is a warning with file:line" "^cetrack: warning: .*broken.ini:[0-9]+: "
if grep -q "^BROKEN" "$T_DIR/out"; then t_fail "the broken pack is refused"; else t_pass; fi
if grep -qv "warning" "$T_DIR/err"; then t_fail "only warnings on stderr"; else t_pass; fi
t_ok "show the user pack" programs show TEST-FX
t_out "fixed deadline" "^  deadline: +fixed: Feb 28 of odd years$"
t_out "carry-over" "^  carry-over: +up to 10 h$"
t_out "any approver" "^  approvers: +any \(approved or not\)$"
t_out "origin is the file" "^  origin: +.*packs/test-fx.ini$"
t_out "requirement conditions" "^    when: +every 2 renewals$"
t_out "requirement topics" "^    topics: +ethics, law$"
t_out "caps" "^  self-study: Self-study: at most 5 h; formats self-study$"
t_out "one source a line" "^  sources: +https://example.org/rules$"
t_out "the second source on its own line" "^ {20}https://example.org/faq$"
t_out "not checked: a heading" "^not checked:$"
t_out "not checked: the program's note" "^  Half of the hours live in the 2021-23 cycle only\.$"
t_out "not checked: a requirement's note" "^  ethics: Owed within a year of licensure, not at the cycle's end\.$"
t_ok "show the user pack as JSON" programs show test-fx --json
t_eq "json: fixed" fixed "$(t_json 'j["deadline"]["rule"]')"
t_eq "json: odd years" odd "$(t_json 'j["deadline"]["years"]')"
t_eq "json: approvers any" True "$(t_json 'j["approvers_any"]')"
t_eq "json: carry-over" 10.0 "$(t_json 'j["carryover_max"]')"
t_eq "json: requirement every" 2 "$(t_json 'j["requirements"][0]["every"]')"
t_eq "json: cap" 5.0 "$(t_json 'j["caps"][0]["max_hours"]')"
t_eq "json: two sources" 2 "$(t_json 'len(j["sources"])')"
t_eq "json: unchecked" "Half of the hours live in the 2021-23 cycle only." "$(t_json 'j["unchecked"]')"
t_eq "json: requirement unchecked" "Owed within a year of licensure, not at the cycle's end." \
    "$(t_json 'j["requirements"][0]["unchecked"]')"

t_ok "help" programs show --help
t_out "usage" "^usage: cetrack programs show CODE"
t_done
