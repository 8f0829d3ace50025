#!/bin/sh
# SPDX-License-Identifier: ISC
# "today" comes from the real clock: run the binary under faketime and
# check that today, yesterday, the future-date refusal and status's default
# as-of date all follow it. Never waits.
. "$(dirname "$0")/lib.sh"

# libfaketime is preloaded; ASan wants to come first, and it may not here.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

# ftct WHEN ARGS...: cetrack with the clock set to WHEN (local time).
ftct() {
	when=$1; shift
	faketime "$when" "$CETRACK" -d "$CETRACK_DB" "$@" >"$T_DIR/out" 2>"$T_DIR/err"
	T_RC=$?
}

t_ok "init" init
t_ok "person" person add "Dana Reyes"
t_ok "CCM" cred add CCM --number CCM-100234 --valid-through 2027-05-31

ftct "2026-03-01 10:00:00" ce log "Webinar logged today" --hours 1 --approval CCMC
t_eq "log under faketime succeeds" 0 "$T_RC"
ftct "2026-03-01 10:00:00" ce log "Course yesterday" --hours 2 --date yesterday --approval CCMC
t_eq "yesterday under faketime succeeds" 0 "$T_RC"
ct ce list --cycle all --json
t_eq "today and yesterday follow the clock" "2026-03-01 2026-02-28" \
    "$(t_jv "' '.join(a['date'] for a in sorted((j['activities'] if isinstance(j, dict) else j), key=lambda a: a['title'], reverse=True))")"

# The day after the faked today is in the future.
before=$(sha256sum "$CETRACK_DB" | cut -d' ' -f1)
ftct "2026-03-01 23:59:00" ce log "Tomorrow" --hours 1 --date 2026-03-02 --approval CCMC
t_eq "a date after today is refused" 2 "$T_RC"
t_eq "refusal names the field" 1 "$(grep -c -- '--date: 2026-03-02 is in the future' "$T_DIR/err")"
t_eq "refusal leaves the database unchanged" "$before" "$(sha256sum "$CETRACK_DB" | cut -d' ' -f1)"

# status without --as-of evaluates on the faked today.
ftct "2026-03-01 10:00:00" status --json
t_eq "status as_of is the clock's date" "2026-03-01 456" \
    "$(t_jv "j['as_of']" "j['credentials'][0]['days_left']")"
cp "$T_DIR/out" "$T_DIR/ft.json"
ct status --json --as-of 2026-03-01
t_eq "same as --as-of" "" "$(cmp "$T_DIR/out" "$T_DIR/ft.json")"

# Past the CCM's valid-through, the real clock moves it to grace, then lapsed.
ftct "2027-06-10 09:00:00" status --json
t_eq "grace after valid-through" "grace" "$(t_jv "j['credentials'][0]['state']")"
ftct "2027-07-01 09:00:00" status --json
t_eq "lapsed after the 30-day late window" "lapsed" "$(t_jv "j['credentials'][0]['state']")"

t_done
