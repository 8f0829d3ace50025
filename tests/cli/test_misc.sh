#!/bin/sh
# SPDX-License-Identifier: ISC
# The rest of the CLI: init, backup, check, --help on every command, exit
# codes, output errors (/dev/full), NO_COLOR, broken databases and broken
# configuration files.
. "$(dirname "$0")/lib.sh"

t_badrc() {
	_n=$1; _code=$2; shift 2
	t_bad "$_n" "$@"
	t_eq "$_n: exit code" "$_code" "$T_RC"
}
t_err() {
	if grep -qE -- "$2" "$T_DIR/err"; then t_pass; else t_fail "$1 (stderr does not match /$2/)"; fi
}
# run ARGS...: cetrack without the test's -d (for global options and the
# environment); same outputs as ct.
run() {
	"$CETRACK" "$@" >"$T_DIR/out" 2>"$T_DIR/err"
	T_RC=$?
}

# Global options and exit codes.
run --version
t_eq "--version exits 0" 0 "$T_RC"
t_out "--version" "^cetrack [0-9]+\.[0-9]+\.[0-9]+$"
run --help
t_eq "--help exits 0" 0 "$T_RC"
t_out "--help lists commands" "^  ce +log, list and remove"
t_out "--help names the options" "^  -d, --db DB"
run
t_eq "no command: exit 2" 2 "$T_RC"
t_err "no command" "^cetrack: missing command; see 'cetrack --help'$"
run frobnicate
t_eq "unknown command: exit 2" 2 "$T_RC"
t_err "unknown command" "^cetrack: 'frobnicate' is not a command"
run --frob person list
t_eq "unknown global option: exit 2" 2 "$T_RC"
t_err "unknown global option" "^cetrack: unknown option '--frob'"
run -d
t_eq "-d without a value: exit 2" 2 "$T_RC"

# --help on every command and subcommand: usage on stdout, exit 0, and
# it works even before there is a database.
for cmd in init person "person add" "person list" cred "cred add" "cred list" "cred show" \
    "cred renew" ce "ce log" "ce list" "ce rm" status programs "programs list" \
    "programs show" backup check history help; do
	# shellcheck disable=SC2086
	ct $cmd --help
	if [ "$T_RC" -eq 0 ] && grep -q "^usage: cetrack" "$T_DIR/out" && [ ! -s "$T_DIR/err" ]; then
		t_pass
	else
		t_fail "$cmd --help"
	fi
done
ct help ce
t_out "help COMMAND" "^usage: cetrack ce log"
ct help nothing
t_eq "help for an unknown command: exit 2" 2 "$T_RC"

# init: creates (0600), then says it is up to date.
ct init
t_eq "init exits 0" 0 "$T_RC"
t_out "init creates" "^created $CETRACK_DB \(schema [0-9]+\)$"
t_eq "database mode" 600 "$(stat -c %a "$CETRACK_DB")"
ct init
t_out "init again" "^$CETRACK_DB is up to date \(schema [0-9]+\)$"
run -d "$T_DIR/deep/er/new.db" init
t_eq "init creates the directory" 0 "$T_RC"
t_eq "directory mode" 700 "$(stat -c %a "$T_DIR/deep/er")"
t_ok "add Dana" person add "Dana Reyes" --email dana.reyes@example.org
t_ok "add CCM" cred add CCM --number 12345 --valid-through 2030-05-31

# The database comes from -d, then $CETRACK_DB, then the configuration.
run person list
t_out "\$CETRACK_DB is used" "Dana Reyes"
printf '[database]\npath = %s\n' "$T_DIR/cfg.db" >"$T_DIR/db.ini"
chmod 600 "$T_DIR/db.ini"
( unset CETRACK_DB; "$CETRACK" -c "$T_DIR/db.ini" init >"$T_DIR/out" 2>"$T_DIR/err" )
t_out "the configuration's path" "^created $T_DIR/cfg.db "
run -c "$T_DIR/db.ini" person list
t_out "\$CETRACK_DB overrides the configuration" "Dana Reyes"
run -d "$T_DIR/cfg.db" person list
t_out "-d overrides \$CETRACK_DB" "^no people yet"

# backup
ct backup "$T_DIR/backup.db"
t_eq "backup exits 0" 0 "$T_RC"
t_out "backup says where" "^backed up $CETRACK_DB to $T_DIR/backup.db$"
t_eq "backup mode" 600 "$(stat -c %a "$T_DIR/backup.db")"
run -d "$T_DIR/backup.db" person list
t_out "the backup is a working database" "Dana Reyes"
t_badrc "backup never overwrites" 1 "backup: .*backup.db' already exists" backup "$T_DIR/backup.db"
t_badrc "backup without a file" 2 "backup: FILE: missing" backup
t_badrc "backup onto the database itself" 2 "backup: FILE: .* is the database itself" backup "$CETRACK_DB"

# check
ct check
t_eq "check exits 0" 0 "$T_RC"
t_out "check: configuration" "^ok: configuration"
t_out "check: programs" "^ok: [0-9]+ programs"
t_out "check: database" "^ok: database $CETRACK_DB \(schema [0-9]+, 1 people, 1 credentials\)$"

# Output that cannot be written is a failure.
"$CETRACK" -d "$CETRACK_DB" person list >/dev/full 2>"$T_DIR/err"
t_eq "/dev/full: exit 1" 1 "$?"
t_err "/dev/full: write error" "^cetrack: write error: No space left on device$"
"$CETRACK" -d "$CETRACK_DB" programs show CCM --json >/dev/full 2>"$T_DIR/err"
t_eq "/dev/full with JSON: exit 1" 1 "$?"
t_eq "/dev/full: one line" 1 "$(wc -l <"$T_DIR/err")"

# Colour only on a terminal, and never with NO_COLOR.
if command -v script >/dev/null 2>&1; then
	esc=$(printf '\033')
	script -qec "\"$CETRACK\" -d \"$CETRACK_DB\" check" /dev/null >"$T_DIR/tty" 2>&1
	if grep -q "$esc\[" "$T_DIR/tty"; then t_pass; else t_fail "colour on a terminal"; fi
	NO_COLOR=1 script -qec "\"$CETRACK\" -d \"$CETRACK_DB\" check" /dev/null >"$T_DIR/tty" 2>&1
	if grep -q "$esc" "$T_DIR/tty"; then t_fail "NO_COLOR turns colour off"; else t_pass; fi
	if grep -q "^ok: configuration" "$T_DIR/tty"; then t_pass; else t_fail "NO_COLOR output"; fi
fi
ct check
if grep -q "$(printf '\033')" "$T_DIR/out"; then t_fail "no colour into a file"; else t_pass; fi

# Broken databases: one line naming the file, exit 1.
run -d "$T_DIR/missing.db" person list
t_eq "missing database: exit 1" 1 "$T_RC"
t_eq "missing database: one line" 1 "$(wc -l <"$T_DIR/err")"
t_err "missing database: names it" "missing.db' does not exist; run 'cetrack init'"
printf 'this is not a database, just some text about Dana Reyes\n%.0s' $(seq 200) >"$T_DIR/corrupt.db"
run -d "$T_DIR/corrupt.db" person list
t_eq "corrupt database: exit 1" 1 "$T_RC"
t_eq "corrupt database: one line" 1 "$(wc -l <"$T_DIR/err")"
t_err "corrupt database: names it" "corrupt.db"
run -d "$T_DIR/corrupt.db" init
t_eq "init on a corrupt database: exit 1" 1 "$T_RC"
t_err "init on a corrupt database names it" "corrupt.db"
run -d "$T_DIR/corrupt.db" check
t_eq "check on a corrupt database: exit 1" 1 "$T_RC"
mkdir "$T_DIR/dir.db"
run -d "$T_DIR/dir.db" person list
t_eq "a directory: exit 1" 1 "$T_RC"
t_eq "a directory: one line" 1 "$(wc -l <"$T_DIR/err")"
t_err "a directory: names it" "dir.db"
if [ "$(id -u)" -ne 0 ]; then
	cp "$CETRACK_DB" "$T_DIR/locked.db"
	chmod 000 "$T_DIR/locked.db"
	run -d "$T_DIR/locked.db" person list
	t_eq "unreadable database: exit 1" 1 "$T_RC"
	t_eq "unreadable database: one line" 1 "$(wc -l <"$T_DIR/err")"
	t_err "unreadable database: names it" "locked.db"
fi
/usr/bin/python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("PRAGMA user_version=999"); c.commit()' "$T_DIR/backup.db"
run -d "$T_DIR/backup.db" person list
t_eq "newer schema: exit 1" 1 "$T_RC"
t_err "newer schema" "backup.db' has schema version 999, made by a newer cetrack"
run -d "$T_DIR/backup.db" init
t_eq "init refuses a newer schema" 1 "$T_RC"

# A bad configuration: every problem, one line each as
# "file: [section] key: problem", exit 2, nothing else done.
cat >"$T_DIR/bad.ini" <<'INI'
[database]
path = /tmp/never-used.db
colour = yes

[reminders]
before = 30, soon
digest = maybe

[webhook]
timeout = -5

[nonsense]
key = 1
INI
chmod 600 "$T_DIR/bad.ini"
run -c "$T_DIR/bad.ini" person list
t_eq "bad configuration: exit 2" 2 "$T_RC"
t_eq "bad configuration: one line per problem" 5 "$(wc -l <"$T_DIR/err")"
t_err "unknown key" "^cetrack: $T_DIR/bad.ini: \[database\] colour: "
t_err "bad list" "^cetrack: $T_DIR/bad.ini: \[reminders\] before: "
t_err "bad boolean" "^cetrack: $T_DIR/bad.ini: \[reminders\] digest: "
t_err "bad number" "^cetrack: $T_DIR/bad.ini: \[webhook\] timeout: "
t_err "unknown section" "^cetrack: $T_DIR/bad.ini: \[nonsense\]"
if [ -s "$T_DIR/out" ]; then t_fail "bad configuration: nothing on stdout"; else t_pass; fi
CETRACK_CONFIG="$T_DIR/bad.ini" run person list
t_eq "bad \$CETRACK_CONFIG: exit 2" 2 "$T_RC"
run -c "$T_DIR/nothere.ini" person list
t_eq "missing -c file: exit 2" 2 "$T_RC"
t_err "missing -c file is named" "nothere.ini"
run -c "$T_DIR/bad.ini" person add --help
t_eq "--help works with a bad configuration" 0 "$T_RC"
run -c "$T_DIR/bad.ini" check
t_eq "check reports a bad configuration: exit 1" 1 "$T_RC"
t_err "check lists each problem" "^cetrack: check: $T_DIR/bad.ini: \[reminders\] digest: "
t_err "check counts them" "^cetrack: check: [0-9]+ problems found$"

t_done
