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

# -- 8. CSV cells a spreadsheet would run ----------------------------------
# =HYPERLINK(...), @SUM(...), +cmd|... went out as they were. The report
# CSV and the export CSV write them behind an apostrophe (OWASP); import
# takes it off again, so export -> import -> export is identical.
t_ok "a formula as a title" ce log '=HYPERLINK("http://evil.example/","Ethics")' \
    --hours 1 --date 2026-01-05 --provider '@SUM(1+1)' --approval CCMC:C-1
t_ok "a title that starts with an apostrophe" ce log "'Tis the Season: Ethics" --hours 1 --date 2026-01-06
t_ok "report csv" report --person "Dana Reyes" --format csv --as-of 2026-03-01
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

t_done
