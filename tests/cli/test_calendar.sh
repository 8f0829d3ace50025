#!/bin/sh
# SPDX-License-Identifier: ISC
# cetrack calendar: the .ics file is parsed back with Python's standard
# library (no iCalendar package: the checks are on the RFC 5545 text
# itself): CRLF line ends, lines folded at 75 octets, one VCALENDAR with
# PRODID/VERSION/METHOD, every VEVENT an all-day DTSTART;VALUE=DATE with a
# unique UID, and the dates the same as `cetrack status --json` reports.
#
# Fictional people:
#   Dana Reyes, RN, CCM (Mercy Example Hospital)
#     CCM   valid through 2027-05-31: window opens 2027-03-01, late until
#           2027-06-30 -> 3 events
#     RN-CA valid through 2026-08-31: no window, no late period -> 1 event
#   Marcus Oyelaran, LCSW (Mercy Example Hospital)
#     LCSW-TX valid through 2026-03-31 -> 1 event (window/late: from status)
#   Lee Park (no organization), CCM valid through 2028-11-30 -> 3 events
#   Robin Vale (no credentials) -> none
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
# 2027-03-02T09:00:00Z: a fixed DTSTAMP, so that files compare byte for byte.
STAMP=1803978000

# The checker: prints a JSON summary of an .ics file on stdout (into
# $T_DIR/out for t_json/t_jv), or one line on stderr and exit 1 when the
# file breaks a rule of RFC 5545.
cat >"$T_DIR/ics_check.py" <<'PY'
import json, re, sys

raw = open(sys.argv[1], 'rb').read()
problems = []
if not raw.endswith(b'\r\n'):
    problems.append('does not end with CRLF')
if re.search(rb'(?<!\r)\n', raw) or re.search(rb'\r(?!\n)', raw):
    problems.append('bare CR or LF')
phys = raw.split(b'\r\n')[:-1]
for n, line in enumerate(phys, 1):
    if len(line) > 75:
        problems.append('line %d has %d octets' % (n, len(line)))
    try:
        line.decode('utf-8')
    except UnicodeDecodeError:
        problems.append('line %d: fold splits UTF-8' % n)
# Unfold (RFC 5545 3.1): CRLF followed by one space or tab.
text = raw.decode('utf-8').replace('\r\n ', '').replace('\r\n\t', '')
lines = text.split('\r\n')[:-1]
stack, cal, events, ev = [], {}, [], None
for line in lines:
    m = re.match(r'^([A-Z-]+)((?:;[^:]*)?):(.*)$', line)
    if not m:
        problems.append('not a content line: %r' % line)
        continue
    name, params, value = m.groups()
    if name == 'BEGIN':
        stack.append(value)
        if value == 'VEVENT':
            ev = {'alarms': 0}
        elif value == 'VALARM':
            ev['alarms'] += 1
        continue
    if name == 'END':
        if not stack or stack.pop() != value:
            problems.append('unbalanced END:' + value)
        if value == 'VEVENT':
            events.append(ev)
            ev = None
        continue
    if stack == ['VCALENDAR']:
        cal[name] = value
    elif stack == ['VCALENDAR', 'VEVENT']:
        ev[name] = value
        ev[name + '_params'] = params
if stack:
    problems.append('unclosed ' + ','.join(stack))
uids = [e.get('UID') for e in events]
for e in events:
    if e.get('DTSTART_params') != ';VALUE=DATE' or \
       not re.fullmatch(r'\d{8}', e.get('DTSTART', '')):
        problems.append('%s: DTSTART is not a DATE' % e.get('UID'))
    if e.get('DTEND_params') != ';VALUE=DATE':
        problems.append('%s: DTEND is not a DATE' % e.get('UID'))
    if not re.fullmatch(r'\d{8}T\d{6}Z', e.get('DTSTAMP', '')):
        problems.append('%s: DTSTAMP is not UTC' % e.get('UID'))
if len(set(uids)) != len(uids) or None in uids:
    problems.append('UIDs are missing or not unique')
if problems:
    sys.stderr.write('ics_check: ' + '; '.join(problems) + '\n')
    sys.exit(1)
def unescape(v):
    # TEXT values (RFC 5545 3.3.11): \\ \; \, \n
    return re.sub(r'\\([\\;,nN])',
                  lambda m: '\n' if m.group(1) in 'nN' else m.group(1), v)
def iso(d):
    return '%s-%s-%s' % (d[0:4], d[4:6], d[6:8])
print(json.dumps({
    'cal': cal,
    'n': len(events),
    'uids': sorted(uids),
    'dates': {e['UID']: iso(e['DTSTART']) for e in events},
    'ends': {e['UID']: iso(e['DTEND']) for e in events},
    'summaries': {e['UID']: unescape(e['SUMMARY']) for e in events},
    'desc': {e['UID']: unescape(e.get('DESCRIPTION', '')) for e in events},
    'stamp': sorted(set(e['DTSTAMP'] for e in events)),
    'alarms': {e['UID']: e['alarms'] for e in events},
}))
PY

# ics NAME FILE: the file passes the checker; its summary is in $T_DIR/out.
ics() {
	if $PY "$T_DIR/ics_check.py" "$2" >"$T_DIR/out" 2>"$T_DIR/err"; then
		t_pass
	else
		t_fail "$1: not a valid calendar"
	fi
}

t_ok "init" init
# This database's id, which every UID ends in (schema 8).
U=$(sqlite3 -batch "$CETRACK_DB" "SELECT uid FROM database_meta")
t_eq "the database has an id of 32 hex digits" 1 "$(echo "$U" | grep -cE '^[0-9a-f]{32}$')"
t_ok "org" org add "Mercy Example Hospital" --contact cm-office@example.org
t_ok "add Dana" person add "Dana Reyes, RN, CCM" --id EMP-1001 \
    --email dana.reyes@example.org --org "Mercy Example Hospital"
t_ok "Dana CCM" cred add CCM --person EMP-1001 --number CCM-100234 \
    --valid-through 2027-05-31 --renewal-index 2
t_ok "Dana RN-CA" cred add RN-CA --person EMP-1001 --number RN-654321 \
    --valid-through 2026-08-31 --renewal-index 3
t_ok "Dana logs" ce log "Ethics in Care Transitions" --person EMP-1001 \
    --hours 1.5 --date 2025-03-12 --approval CCMC:C-12345 --topic ethics
t_ok "add Marcus" person add "Marcus Oyelaran, LCSW" --id EMP-1002 \
    --org "Mercy Example Hospital"
t_ok "Marcus LCSW-TX" cred add LCSW-TX --person EMP-1002 --number 77123 \
    --valid-through 2026-03-31 --renewal-index 2
t_ok "add Lee" person add "Lee Park" --id P-7
t_ok "Lee CCM" cred add CCM --person P-7 --number CCM-555 \
    --valid-through 2028-11-30
t_ok "add Robin" person add "Robin Vale" --id P-8

export SOURCE_DATE_EPOCH=$STAMP

# -- one person, to a file ---------------------------------------------
t_ok "calendar Dana" calendar --person EMP-1001 --as-of 2026-03-01 \
    -o "$T_DIR/dana.ics"
t_eq "says how many events it wrote" \
    "cetrack: calendar: 4 events written to $T_DIR/dana.ics" \
    "$(cat "$T_DIR/err")"
t_eq "nothing on stdout with -o" "" "$(cat "$T_DIR/out")"
ics "Dana's calendar" "$T_DIR/dana.ics"
t_eq "PRODID VERSION METHOD" "-//cetrack//cetrack $(
    "$CETRACK" --version | cut -d' ' -f2)//EN 2.0 PUBLISH" \
    "$(t_jv "j['cal']['PRODID']" "j['cal']['VERSION']" "j['cal']['METHOD']")"
t_eq "4 events" "4" "$(t_json "j['n']")"
t_eq "CCM deadline, window, late-until; RN-CA deadline" \
    "2027-05-31 2027-03-01 2027-06-30 2026-08-31" \
    "$(t_jv "j['dates']['cetrack-cred-1-cycle-1-deadline@$U.cetrack']" \
        "j['dates']['cetrack-cred-1-cycle-1-window-opens@$U.cetrack']" \
        "j['dates']['cetrack-cred-1-cycle-1-late-until@$U.cetrack']" \
        "j['dates']['cetrack-cred-2-cycle-2-deadline@$U.cetrack']")"
t_eq "all-day: DTEND is the next day" "2027-06-01" \
    "$(t_json "j['ends']['cetrack-cred-1-cycle-1-deadline@$U.cetrack']")"
t_eq "DTSTAMP from SOURCE_DATE_EPOCH" "['20270302T090000Z']" \
    "$(t_json "j['stamp']")"
t_eq "summary names credential and person (commas unescaped)" \
    "Renewal deadline: CCM CCM-100234 (Dana Reyes, RN, CCM)" \
    "$(t_json "j['summaries']['cetrack-cred-1-cycle-1-deadline@$U.cetrack']")"
t_eq "the jurisdiction is not repeated when the code names it" \
    "Renewal deadline: RN-CA RN-654321 (Dana Reyes, RN, CCM)" \
    "$(t_json "j['summaries']['cetrack-cred-2-cycle-2-deadline@$U.cetrack']")"
t_eq "description says the hours still open" "true true" \
    "$(t_jv "'Hours: 1.5 of 80 counted, 78.5 to go.' in j['desc']['cetrack-cred-1-cycle-1-deadline@$U.cetrack']" \
        "'Still open: Ethics, 6.5 h to go.' in j['desc']['cetrack-cred-1-cycle-1-deadline@$U.cetrack']")"
t_eq "each event has one alarm" "[1, 1, 1, 1]" \
    "$(t_json "list(j['alarms'].values())")"

# The same dates as status --json reports.
ct status --json --person EMP-1001 --as-of 2026-03-01
cp "$T_DIR/out" "$T_DIR/status.json"
t_eq "dates agree with status --json" "2027-05-31 2027-03-01 2027-06-30 2026-08-31 None None" \
    "$($PY -c 'import json,sys
s = json.load(open(sys.argv[1]))["credentials"]
c = {x["program"]: x for x in s}
print(c["CCM"]["cycle"]["valid_through"], c["CCM"]["window_opens"],
      c["CCM"]["late_until"], c["RN-CA"]["cycle"]["valid_through"],
      c["RN-CA"]["window_opens"],
      None if c["RN-CA"]["late_until"] == c["RN-CA"]["cycle"]["valid_through"] else c["RN-CA"]["late_until"])' "$T_DIR/status.json")"

# -- stdout, reproducible ----------------------------------------------
t_ok "calendar Dana to stdout" calendar --person "Dana Reyes, RN, CCM" \
    --as-of 2026-03-01
cp "$T_DIR/out" "$T_DIR/dana2.ics"
if cmp -s "$T_DIR/dana.ics" "$T_DIR/dana2.ics"; then t_pass
else t_fail "stdout and -o differ for the same data"; fi
t_ok "-o -" calendar --person EMP-1001 --as-of 2026-03-01 -o -
if cmp -s "$T_DIR/dana.ics" "$T_DIR/out"; then t_pass
else t_fail "-o - differs from -o FILE"; fi

# -- organization and everyone -----------------------------------------
t_ok "calendar --org" calendar --org "Mercy Example Hospital" \
    --as-of 2026-03-01 -o "$T_DIR/org.ics"
ics "org calendar" "$T_DIR/org.ics"
t_eq "org: Dana's and Marcus's credentials only" "1 2 3" \
    "$(t_json "' '.join(sorted(set(u.split('-')[2] for u in j['uids'])))")"
t_ok "calendar --org by id" calendar --org 1 --as-of 2026-03-01 \
    -o "$T_DIR/org1.ics"
if cmp -s "$T_DIR/org.ics" "$T_DIR/org1.ics"; then t_pass
else t_fail "--org by id and by name differ"; fi

t_ok "calendar everyone" calendar --as-of 2026-03-01 -o "$T_DIR/all.ics"
ics "everyone's calendar" "$T_DIR/all.ics"
all_n=$(t_json "j['n']")
org_n=$($PY "$T_DIR/ics_check.py" "$T_DIR/org.ics" | $PY -c 'import json,sys; print(json.load(sys.stdin)["n"])')
t_eq "everyone = org + Lee's 3" "$((org_n + 3))" "$all_n"
t_eq "Lee's CCM deadline" "2028-11-30" \
    "$(t_json "j['dates']['cetrack-cred-4-cycle-4-deadline@$U.cetrack']")"

t_ok "no credentials: an empty calendar" calendar --person P-8 \
    -o "$T_DIR/robin.ics"
ics "empty calendar" "$T_DIR/robin.ics"
t_eq "no events" "0" "$(t_json "j['n']")"

# -- a renewal starts a new cycle: new UIDs, the old ones are gone -------
t_ok "renew Dana's RN-CA" cred renew 2 --on 2026-08-15 \
    --valid-through 2028-08-31
t_ok "calendar after renewal" calendar --person EMP-1001 \
    --as-of 2026-09-01 -o "$T_DIR/renewed.ics"
ics "renewed calendar" "$T_DIR/renewed.ics"
t_eq "new cycle's UID and date; old cycle gone" "2028-08-31 false" \
    "$(t_jv "j['dates']['cetrack-cred-2-cycle-5-deadline@$U.cetrack']" \
        "'cetrack-cred-2-cycle-2-deadline@$U.cetrack' in j['uids']")"

# -- refused input: one line, exit code, nothing written -----------------
t_bad "--person and --org" '--person and --org' calendar --person P-7 \
    --org 1
t_rc "--person and --org is a usage error" 2 calendar --person P-7 --org 1
t_bad "bad --as-of" '--as-of' calendar --as-of 2026-02-30
t_rc "bad --as-of is a usage error" 2 calendar --as-of 2026-02-30
t_bad "unknown organization" "no organization matches 'Nowhere Clinic'" \
    calendar --org "Nowhere Clinic"
t_bad "unknown person" "Nobody" calendar --person Nobody
t_bad "stray argument" "unexpected argument 'extra'" calendar extra
t_bad "unknown option" "--bogus" calendar --bogus
t_bad "empty -o" "-o: empty" calendar -o ""
SOURCE_DATE_EPOCH=yesterday
t_bad "bad SOURCE_DATE_EPOCH" 'SOURCE_DATE_EPOCH' calendar
SOURCE_DATE_EPOCH=$STAMP
t_bad "unwritable -o" "$T_DIR/no/such/dir/x.ics" calendar \
    -o "$T_DIR/no/such/dir/x.ics"
if [ ! -e "$T_DIR/no/such/dir/x.ics" ]; then t_pass; else t_fail "file left"; fi
# A full disk: the error is reported, the exit code says so.
"$CETRACK" -d "$CETRACK_DB" calendar --person P-7 >/dev/full 2>"$T_DIR/err"
T_RC=$?
: >"$T_DIR/out"
if [ "$T_RC" -eq 1 ] && [ "$(wc -l <"$T_DIR/err")" -eq 1 ] &&
    grep -q 'write error' "$T_DIR/err"; then t_pass
else t_fail "write error on stdout (exit $T_RC)"; fi

t_ok "help" calendar --help
t_out "help names the options" '--org ORG'

# Two databases number their credentials alike: their calendars must not
# share a UID, or a calendar application that imports both lets one's
# deadlines overwrite the other's (issue 17). One database's UIDs stay
# the same from one calendar to the next.
uids() { grep -o '^UID:.*' "$1" | tr -d '\r' | sort; }
t_ok "calendar, again" calendar --as-of 2026-09-01 -o "$T_DIR/a1.ics"
t_ok "and again" calendar --as-of 2026-10-01 -o "$T_DIR/a2.ics"
t_eq "the same UIDs each time" "$(uids "$T_DIR/a1.ics")" "$(uids "$T_DIR/a2.ics")"
saved=$CETRACK_DB
CETRACK_DB="$T_DIR/other.db"
t_ok "another database" init
t_ok "its first person" person add "Sam Okafor"
t_ok "its first credential" cred add CCM --person "Sam Okafor" --number CCM-300100 --valid-through 2027-05-31 --renewal-index 2
t_ok "its calendar" calendar --as-of 2026-09-01 -o "$T_DIR/b.ics"
t_eq "another id" 1 "$([ "$(sqlite3 -batch "$CETRACK_DB" "SELECT uid FROM database_meta")" != "$U" ] && echo 1 || echo 0)"
t_eq "no UID of one is a UID of the other" "" \
    "$(/usr/bin/python3 - "$T_DIR/a1.ics" "$T_DIR/b.ics" <<'PY'
import sys, icalendar
def uids(f):
    return {str(e.get('uid')) for e in icalendar.Calendar.from_ical(open(f, 'rb').read()).walk('VEVENT')}
a, b = uids(sys.argv[1]), uids(sys.argv[2])
print(' '.join(sorted(a & b)) if a and b else 'empty calendar')
PY
)"
CETRACK_DB=$saved

t_done
