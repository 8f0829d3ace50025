#!/bin/sh
# SPDX-License-Identifier: ISC
# What an attack on cetrack found (issue 16), each with the test that
# failed before its fix: a database with a negative schema version, and
# -o through a symbolic link planted at the output path.
. "$(dirname "$0")/lib.sh"

t_ok "init" init
t_ok "Dana" person add "Dana Reyes" --email dana.reyes@example.org
t_ok "CCM" cred add CCM --number CCM-100234 --valid-through 2027-05-31 --renewal-index 2

# -- 1. a schema version no cetrack writes ---------------------------------
# -1 used to reset to 0, -2 to -10 ran rule-pack text as SQL, -1000 and
# below crashed init and cetrackd. Refused, one line, the file untouched.
for v in -1 -5 -1000; do
	db="$T_DIR/neg$v.db"
	sqlite3 "$db" "PRAGMA user_version = $v; CREATE TABLE x (y);"
	before=$(sha256sum <"$db")
	"$CETRACK" -d "$db" init >"$T_DIR/out" 2>"$T_DIR/err"
	rc=$?
	t_eq "init on version $v: refused" "1 1" "$rc $(wc -l <"$T_DIR/err")"
	t_eq "init on version $v: said" 1 \
	    "$(grep -c "schema version $v, which no cetrack writes" "$T_DIR/err")"
	t_eq "init on version $v: untouched" "$before" "$(sha256sum <"$db")"
	"$CETRACK" -d "$db" status >"$T_DIR/out" 2>"$T_DIR/err"
	t_eq "status on version $v: refused" 1 "$?"
done

# -- 5. -o never follows a symbolic link into another file --------------------
# A link planted in a directory someone else can write: calendar -o used
# to truncate its target in place. Every -o writes a temporary file and
# renames it over the link.
for cmd in "calendar" "report" "export"; do
	printf 'precious\n' >"$T_DIR/victim"
	rm -f "$T_DIR/out.file"
	ln -s "$T_DIR/victim" "$T_DIR/out.file"
	ct $cmd -o "$T_DIR/out.file"
	t_eq "$cmd -o: succeeds" 0 "$T_RC"
	t_eq "$cmd -o: the link's target is untouched" "precious" "$(cat "$T_DIR/victim")"
	if [ -L "$T_DIR/out.file" ]; then t_fail "$cmd -o: the link was followed"
	else t_pass; fi
	t_eq "$cmd -o: no temporary file left" 0 \
	    "$(find "$T_DIR" -maxdepth 1 -name '.out.file.*' | wc -l | tr -d ' ')"
done
# /dev/stdout is a link to the descriptor, here a regular file (the
# shell's redirection): written through, never renamed over (as root that
# replaced /dev/stdout itself; put back if a regression does it again).
ct calendar -o /dev/stdout
t_out "calendar -o /dev/stdout writes to standard output" "^BEGIN:VCALENDAR"
if [ -L /dev/stdout ]; then t_pass
else
	t_fail "calendar -o /dev/stdout replaced /dev/stdout"
	rm -f /dev/stdout && ln -s /proc/self/fd/1 /dev/stdout
fi

# -- 2. an export restored into a database that has data ---------------------
# Its notifications kept their dedup keys and webhook ids while their
# credentials were renumbered (reminders sent again, or every later pass
# stopped on "UNIQUE constraint failed"), and pending rows with any
# recipient and body came in to be sent. Now pending and failed rows are
# left out, and history gets its key and webhook id made again from its
# new ids.
W=https://hooks.example.org/cetrack
sqlite3 -batch "$CETRACK_DB" "
INSERT INTO notification (dedup_key, credential_id, cycle_id, event, channel,
    recipient, status, attempts, sent, webhook_id, created, updated)
VALUES ('1:1:before-90:webhook:$W', 1, 1, 'before-90', 'webhook', '$W',
    'sent', 1, '2027-03-02T09:01:00Z', 'msg_00000000000000000000000000000000',
    '2027-03-02T09:00:00Z', '2027-03-02T09:01:00Z');
INSERT INTO notification (dedup_key, credential_id, cycle_id, event, channel,
    recipient, subject, body, status, attempts, created, updated)
VALUES ('1:1:before-60:email:victim@example.net', 1, 1, 'before-60', 'email',
    'victim@example.net', 'Urgent', 'Send your password', 'pending', 0,
    '2027-04-01T09:00:00Z', '2027-04-01T09:00:00Z');"
t_ok "export with two notifications" export -o "$T_DIR/n.csv"
saved=$CETRACK_DB
CETRACK_DB="$T_DIR/other.db"
t_ok "another database" init
t_ok "with its own people first" person add "Marcus Bell" --email marcus.bell@example.org
t_ok "and a credential" cred add CCM --person "Marcus Bell" --number CCM-200411 --valid-through 2026-11-30 --renewal-index 2
t_ok "import the export: renumbered" import "$T_DIR/n.csv"
t_out "the pending one is left out, and said" "1 unsent notification left out"
t_eq "only the sent one came in" "sent" "$(sqlite3 -batch "$CETRACK_DB" "SELECT group_concat(status) FROM notification")"
t_eq "its key names its new credential and cycle" "2:2:before-90:webhook:$W" \
    "$(sqlite3 -batch "$CETRACK_DB" "SELECT dedup_key FROM notification")"
wid=$(sqlite3 -batch "$CETRACK_DB" "SELECT webhook_id FROM notification")
want=$(printf '%s' "2:2:before-90:webhook:$W" | sha256sum | cut -c1-32)
t_eq "its webhook id is made from that key" "msg_$want" "$wid"
# The same export again: its credential is there now. One problem naming
# the field and the value, not SQLite's "UNIQUE constraint failed" and a
# cascade of "no credential with id 1 earlier in the file".
refused_once() {	# NAME PATTERN FILE
	before=$(sha256sum <"$CETRACK_DB")
	ct import "$3"
	if [ "$T_RC" -eq 0 ]; then t_fail "$1 (succeeded)"
	elif [ "$(wc -l <"$T_DIR/err")" -ne 2 ] ||
	    ! head -1 "$T_DIR/err" | grep -qE -- "$2" ||
	    ! tail -1 "$T_DIR/err" | grep -q '1 problem; nothing was imported'
	then t_fail "$1 (want one problem matching /$2/)"
	elif [ "$before" != "$(sha256sum <"$CETRACK_DB")" ]; then
		t_fail "$1 (database changed)"
	else t_pass; fi
}
refused_once "an export whose credential is here already" \
    "n.csv:[0-9]+: number: CCM CCM-100234 is in the database already; an export is restored into a new database" \
    "$T_DIR/n.csv"
CETRACK_DB="$T_DIR/third.db"
t_ok "a third database" init
t_ok "an organization" org add "Mercy Example Health"
t_ok "export with it" export -o "$T_DIR/o.csv"
refused_once "an export into the database it came from" \
    "o.csv:[0-9]+: name: an organization named 'Mercy Example Health' is in the database already" \
    "$T_DIR/o.csv"
CETRACK_DB=$saved
sqlite3 -batch "$CETRACK_DB" "DELETE FROM notification"

# -- 8. CSV cells a spreadsheet would run ----------------------------------
# =HYPERLINK(...), @SUM(...), +cmd|... went out as they were. The report
# CSV and the export CSV write them behind an apostrophe (OWASP); import
# takes it off again, so export -> import -> export is identical.
t_ok "a formula as a title" ce log '=HYPERLINK("http://evil.example/","Ethics")' \
    --hours 1 --date 2026-01-05 --provider '@SUM(1+1)' --approval CCMC:C-1
t_ok "a title that starts with an apostrophe" ce log "'Tis the Season: Ethics" --hours 1 --date 2026-01-06
t_ok "report csv" report --person "Dana Reyes" --format csv --csv-shape requirements --as-of 2026-03-01
t_eq "report: the formula is neutralised" 1 \
    "$(grep -c "^activity,.*,\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"Ethics\"\")\",\"'@SUM(1+1)\"," "$T_DIR/out")"
t_eq "report: no cell starts with = + @" 0 \
    "$(/usr/bin/python3 -c 'import csv,sys; print(sum(1 for r in csv.reader(open(sys.argv[1])) for c in r if c[:1] in ("=","+","@")))' "$T_DIR/out")"
t_ok "export" export -o "$T_DIR/x1.csv"
t_eq "export: neutralised too" 0 \
    "$(/usr/bin/python3 -c 'import csv,sys; print(sum(1 for r in csv.reader(open(sys.argv[1])) for c in r if c[:1] in ("=","+","@")))' "$T_DIR/x1.csv")"
saved=$CETRACK_DB
CETRACK_DB="$T_DIR/round.db"
t_ok "a fresh database" init
t_ok "import the export" import "$T_DIR/x1.csv"
t_ok "export again" export -o "$T_DIR/x2.csv"
t_eq "export -> import -> export is identical" "$(sha256sum <"$T_DIR/x1.csv")" "$(sha256sum <"$T_DIR/x2.csv")"
t_ok "ce list" ce list --person "Dana Reyes" --cycle all --json
t_eq "the titles come back as they were" "=HYPERLINK(\"http://evil.example/\",\"Ethics\")|'Tis the Season: Ethics" \
    "$(t_jv "'|'.join(a['title'] for a in j['activities'])")"
CETRACK_DB=$saved

# -- 4. addresses that can never be mailed are refused at input -------------
for e in '"q"@x.org' 'a..b@x.org' 'a@b_c.org' 'a@-b.org' 'a@bücher.de'; do
	t_bad "person add --email $e" "person add: --email: '.*' is not an email address, expected NAME@DOMAIN" \
	    person add "Address Test" --email "$e"
done

# -- 6. files that are not regular are refused before open blocks ----------
mkfifo "$T_DIR/fifo.ini" "$T_DIR/fifo.secret"
timeout 10 "$CETRACK" -d "$CETRACK_DB" -c "$T_DIR/fifo.ini" status >"$T_DIR/out" 2>"$T_DIR/err"
t_eq "-c FIFO: refused at once" "2 1" "$? $(grep -c 'fifo.ini: is not a regular file (a FIFO), expected a configuration file' "$T_DIR/err")"
timeout 10 "$CETRACK" -d "$CETRACK_DB" -c /dev/zero status >"$T_DIR/out" 2>"$T_DIR/err"
t_eq "-c /dev/zero: refused, no spinning" "2 1" "$? $(grep -c '/dev/zero: is not a regular file (a device)' "$T_DIR/err")"
ct -c /dev/null status
t_eq "-c /dev/null: the built-in defaults" 0 "$T_RC"
printf '[webhook]\nenabled = yes\nurl = https://hooks.example.org/x\nsecret_file = %s\n' "$T_DIR/fifo.secret" >"$T_DIR/w.ini"
chmod 600 "$T_DIR/w.ini"
timeout 10 "$CETRACK" -d "$CETRACK_DB" -c "$T_DIR/w.ini" check >"$T_DIR/out" 2>"$T_DIR/err"
t_eq "a FIFO as secret_file: check says so at once" "1 1" "$? $(grep -c 'fifo.secret: not a regular file' "$T_DIR/err")"
printf 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n' >"$T_DIR/other.secret"
chmod 600 "$T_DIR/other.secret"
chown 4321 "$T_DIR/other.secret" 2>/dev/null
if [ "$(id -u)" = 0 ]; then
	sed "s|$T_DIR/fifo.secret|$T_DIR/other.secret|" "$T_DIR/w.ini" >"$T_DIR/w2.ini"
	chmod 600 "$T_DIR/w2.ini"
	ct -c "$T_DIR/w2.ini" check
	t_eq "a secret someone else owns: check says so" 1 \
	    "$(grep -c 'other.secret: is owned by uid 4321, expected uid 0' "$T_DIR/err")"
fi

# -- 12. an import reads certificates only under the CSV's folder -----------
# An import names each bad row, then sums up: two lines, the database
# unchanged.
t_bad_import() {
	name=$1; pat=$2; shift 2
	before=$(sha256sum <"$CETRACK_DB")
	ct "$@"
	if [ "$T_RC" -eq 0 ]; then t_fail "$name (succeeded)"
	elif ! grep -qE -- "$pat" "$T_DIR/err"; then t_fail "$name (stderr does not match /$pat/)"
	elif [ "$before" != "$(sha256sum <"$CETRACK_DB")" ]; then t_fail "$name (database changed)"
	else t_pass; fi
}
mkdir -p "$T_DIR/csv"
printf 'external_id,name,date,title,provider,hours,format,topics,approvals,certificate\n,Dana Reyes,2026-01-07,Leak,,1,,,,/etc/passwd\n' >"$T_DIR/csv/leak.csv"
t_bad_import "/etc/passwd as a certificate cell" "certificate: /etc/passwd is outside .*/csv, expected a file under the CSV file's folder" \
    import "$T_DIR/csv/leak.csv"
printf 'external_id,name,date,title,provider,hours,format,topics,approvals,certificate\n,Dana Reyes,2026-01-07,Leak,,1,,,,../../../../../../proc/self/environ\n' >"$T_DIR/csv/leak2.csv"
t_bad_import "a relative path out of the folder" "certificate: .*environ is outside" import "$T_DIR/csv/leak2.csv"
ln -s /etc "$T_DIR/csv/etc"
printf 'external_id,name,date,title,provider,hours,format,topics,approvals,certificate\n,Dana Reyes,2026-01-07,Leak,,1,,,,etc/passwd\n' >"$T_DIR/csv/leak3.csv"
t_bad_import "a link out of the folder" "certificate: .*etc/passwd is outside" import "$T_DIR/csv/leak3.csv"
t_bad_import "from standard input: only with --certificates-from" "certificate: a file named from standard input" \
    import - <"$T_DIR/csv/leak.csv"

# -- 3 and 10. C1 controls and bidirectional overrides -------------------------
# U+009B is a terminal's CSI; U+202E reverses what follows. Refused at
# input (one line naming the field), and what an older database holds is
# shown escaped by every terminal writer.
csi=$(printf '\302\233')
rlo=$(printf '\342\200\256')
t_bad "a C1 control in a name" "person add: NAME: contains U\+009B \(a C1 control character\), expected plain text" \
    person add "Eve${csi}31mRed"
t_bad "a bidi override in a title" "ce log: TITLE: contains U\+202E \(a bidirectional control\), expected plain text" \
    ce log "Ethics ${rlo}fdp.exe" --hours 1 --person "Dana Reyes" --date 2026-01-09
mkdir -p "$T_DIR/c1"
printf 'action,org,external_id,name,email,program,number,state,valid_through,cycle_start,renewal_index,attrs\nA,,E-9,Eve%sRed,,,,,,,,\n' "$csi" >"$T_DIR/c1/r.csv"
t_bad_import "a roster name with a C1 control" "r.csv:2: name: contains U\+009B \(a C1 control character\)" import "$T_DIR/c1/r.csv"
sqlite3 -batch "$CETRACK_DB" "UPDATE person SET name = 'Dana ' || char(155) || '2J' || char(8238) || 'Reyes' WHERE id = 1"
ct status --as-of 2026-03-01
t_out "status shows what an older database holds, escaped" '^Dana \\u\{009B\}2J\\u\{202E\}Reyes \(id 1\)$'
t_eq "no raw C1 or bidi byte reaches the terminal" 0 "$(grep -c "$csi\|$rlo" "$T_DIR/out")"
ct person list
t_out "person list likewise" 'Dana \\u\{009B\}2J\\u\{202E\}Reyes'
ct report --as-of 2026-03-01
# Twice, escaped both times: among the exceptions and as the heading.
t_eq "the text report likewise" "0 2" "$(grep -c "$csi\|$rlo" "$T_DIR/out") $(grep -c 'Dana \\u{009B}2J\\u{202E}Reyes' "$T_DIR/out")"
ct cred list --person "$(printf 'Dana \302\2332J\342\200\256Reyes')x"
t_eq "an error message likewise" 0 "$(grep -c "$csi\|$rlo" "$T_DIR/err")"

# -- 9. long iCalendar tokens folded correctly ---------------------------------
# libical folded a 73/74-octet run without blanks inside the line's CRLF,
# leaving a bare CR and a bare LF (a 71-character name reaches it). The
# calendar is now folded by cetrack: every line at most 75 octets, CRLF
# only, never inside a UTF-8 sequence; python3-icalendar reads it back.
for n in 70 71 72 73 74; do
	t_ok "a $n-character name" person add "$(/usr/bin/python3 -c "print('D'*$n)")" --id "L$n"
	t_ok "its credential" cred add CCM --person "L$n" --number "CCM-L$n" --valid-through 2027-05-31 --renewal-index 2
done
t_ok "a name of two-byte letters" person add "$(/usr/bin/python3 -c "print('Ł'*60)")" --id L2B
t_ok "its credential" cred add CCM --person L2B --number CCM-L2B --valid-through 2027-05-31 --renewal-index 2
t_ok "calendar" calendar -o "$T_DIR/long.ics"
t_eq "no bare CR or LF, no line over 75 octets, no split UTF-8" "0 0 ok" "$(/usr/bin/python3 - "$T_DIR/long.ics" <<'PY'
import sys
b = open(sys.argv[1], 'rb').read()
lines = b.split(b'\r\n')
bare = sum(1 for l in lines if b'\r' in l or b'\n' in l)
long = sum(1 for l in lines if len(l) > 75)
try:
    for l in lines:
        l.decode('utf-8')
    utf = 'ok'
except UnicodeDecodeError:
    utf = 'split'
print(bare, long, utf)
PY
)"
t_eq "python3-icalendar reads every name back whole" "ok" "$(/usr/bin/python3 - "$T_DIR/long.ics" <<'PY'
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
s = ' '.join(str(e.get('summary')) for e in cal.walk('VEVENT'))
want = ['D' * n for n in range(70, 75)] + ['\u0141' * 60]
print('ok' if all('(' + w + ')' in s for w in want) else 'missing')
PY
)"

# -- damage: SQLite's word on a corrupt page reaches the person -------------
# A command that meets a damaged page says so and what to do, whatever it
# made of the error (issue 16: status and ce log ran on without a word).
sqlite3 -batch "$CETRACK_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
damage() {	# TABLE-OR-INDEX: a copy with the first page of its b-tree broken
	cp "$saved" "$T_DIR/damaged.db"
	pg=$(sqlite3 -batch "$saved" "SELECT rootpage FROM sqlite_master WHERE name = '$1'")
	/usr/bin/python3 -c "
import sys
f = open(sys.argv[1], 'r+b'); f.seek((int(sys.argv[2]) - 1) * 4096)
f.write(b'\xff' * 4096); f.close()" "$T_DIR/damaged.db" "$pg"
}
saved=$CETRACK_DB
CETRACK_DB="$T_DIR/damaged.db"
damage audit
pid=$(sqlite3 -batch "$saved" "SELECT id FROM person WHERE active = 1 LIMIT 1")
ct ce log "Ethics Refresher" --person "$pid" --hours 1 --date 2026-11-01 --again
t_eq "ce log on a damaged audit table fails" 1 "$([ "$T_RC" -ne 0 ] && echo 1 || echo 0)"
t_eq "and says the database is damaged and what to do" 1 \
    "$(grep -c "warning: database '.*damaged.db' is damaged (SQLite: database corruption at line [0-9]*.*); run 'cetrack check', and restore a backup" "$T_DIR/err")"
damage activity_person
ct status --as-of 2026-12-01
t_eq "status on a damaged index says so too" 1 \
    "$(grep -c "warning: database '.*' is damaged (SQLite: database corruption" "$T_DIR/err")"
ct check
t_eq "check finds it" 1 "$([ "$T_RC" -ne 0 ] && echo 1 || echo 0)"
CETRACK_DB=$saved
ct status --as-of 2026-12-01
t_eq "a sound database: no such warning" 0 "$(grep -c "is damaged" "$T_DIR/err")"

# -- a full disk ---------------------------------------------------------------
# With no room for the -shm file even status failed with "disk I/O
# error". Now the message says the disk is full and what to do, and a
# write refused for want of room says nothing was changed. On a 1 MB
# tmpfs (root may mount one; elsewhere this part is skipped, and said).
M="$T_DIR/full"
mkdir -p "$M"
if mount -t tmpfs -o size=1m tmpfs "$M" 2>/dev/null; then
	saved=$CETRACK_DB
	CETRACK_DB="$M/c.db"
	t_ok "a database on the small disk" init
	t_ok "someone in it" person add "Ines Lindqvist"
	dd if=/dev/zero of="$M/fill" bs=4k 2>/dev/null
	t_bad "status on a full disk before the -shm file exists" \
	    "status: database '.*c.db': the disk is full: SQLite cannot make '.*c.db-shm', which it needs even to read the database; free some space and try again" \
	    status
	rm -f "$M/fill"
	# Another reader keeps the -shm file; then the disk fills.
	/usr/bin/python3 -c "
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1]); c.execute('SELECT count(*) FROM person').fetchall()
open(sys.argv[2], 'w').close()
time.sleep(60)" "$CETRACK_DB" "$T_DIR/holding" &
	holder=$!
	i=0; while [ ! -e "$T_DIR/holding" ] && [ $i -lt 1000 ]; do sleep 0.01; i=$((i + 1)); done
	dd if=/dev/zero of="$M/fill" bs=4k 2>/dev/null
	t_ok "status reads with the -shm file there" status
	t_bad "ce log on a full disk" \
	    "ce log: .*database '.*c.db': the disk is full \(No space left on device\); nothing was changed; free some space and try again" \
	    ce log "Ethics Refresher" --person "Ines Lindqvist" --hours 1 --date 2026-11-01
	kill $holder 2>/dev/null
	wait $holder 2>/dev/null
	rm -f "$M/fill"
	CETRACK_DB=$saved
	umount "$M"
else
	echo "test_hardening.sh: SKIP: full disk (cannot mount a tmpfs here)" >&2
fi

t_done
