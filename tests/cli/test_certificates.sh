#!/bin/sh
# SPDX-License-Identifier: ISC
# Certificates live in the database (issue 15, part 5): `ce log
# --certificate` stores the file's bytes with its name and media type,
# `ce cert` gives them back byte for byte, `backup` and `export` carry
# them, `import` of an export puts them back, `check` finds a corrupted
# one, and `init` takes in the certificates/ folder an older cetrack kept
# beside the database. What is not a regular file, or is too large, is
# refused in one line without touching the database, and a FIFO never
# makes cetrack wait.
. "$(dirname "$0")/lib.sh"

t_badrc() {
	_n=$1; _code=$2; shift 2
	t_bad "$_n" "$@"
	t_eq "$_n: exit code" "$_code" "$T_RC"
}
t_err() {
	if grep -qE -- "$2" "$T_DIR/err"; then t_pass; else t_fail "$1 (stderr does not match /$2/)"; fi
}
same() {
	if cmp -s "$2" "$3"; then t_pass; else t_fail "$1 ($2 and $3 differ)"; fi
}
no_folder() {
	t_eq "$1" no "$([ -e "$(dirname "$CETRACK_DB")/certificates" ] && echo yes || echo no)"
}
# The id in "logged activity N: ...".
logged() { sed -n 's/^logged activity \([0-9]*\):.*/\1/p' "$T_DIR/out"; }

# Fictional certificates: a small PDF, and a PNG larger than one piece of
# a CSV export (EXPORT_BLOB_CHUNK, 384 KiB) with every byte value in it.
printf '%%PDF-1.4\n%% Certificate of completion\n%% Dana Reyes, RN, CCM\n%% 1.5 contact hours, CCMC A1B2C3\n%%%%EOF\n' >"$T_DIR/ethics.pdf"
/usr/bin/python3 - "$T_DIR/scan.png" <<'PY'
import sys
head = b'\x89PNG\r\n\x1a\n'
body = bytes((i * 131 + (i >> 8)) & 0xff for i in range(900 * 1024))
open(sys.argv[1], 'wb').write(head + body)
PY
pdf_sum=$(sha256sum "$T_DIR/ethics.pdf" | cut -d' ' -f1)

t_ok "init" init
t_ok "a person" person add "Dana Reyes" --email dana.reyes@example.org
t_ok "a credential" cred add CCM --person 1 --number 100234 --valid-through 2027-05-31
t_ok "log with a certificate" ce log "Ethics in Case Management" --hours 1.5 --approval CCMC:A1B2C3 --certificate "$T_DIR/ethics.pdf"
a1=$(logged)
t_ok "log with a large image" ce log "Care Transitions" --hours 2 --approval CCMC --certificate "$T_DIR/scan.png"
a2=$(logged)
t_ok "log without one" ce log "Lunch talk" --hours 1
a3=$(logged)
no_folder "nothing beside the database"

# --- ce cert -----------------------------------------------------------
t_ok "ce cert shows it" ce cert "$a1"
t_out "its name" "^name: +ethics.pdf$"
t_out "its type" "^type: +application/pdf$"
t_out "its digest" "^sha256: +$pdf_sum$"
t_ok "ce cert --json" ce cert "$a2" --json
t_eq "json" "image/png 921608 scan.png" "$(t_jv 'j["media_type"]' 'j["size"]' 'j["name"]')"
t_ok "ce cert -o" ce cert "$a1" -o "$T_DIR/back.pdf"
same "written back byte for byte" "$T_DIR/ethics.pdf" "$T_DIR/back.pdf"
t_eq "mode 0600" 600 "$(stat -c %a "$T_DIR/back.pdf")"
t_ok "-o replaces a file whole" ce cert "$a2" -o "$T_DIR/back.pdf"
same "the image over it" "$T_DIR/scan.png" "$T_DIR/back.pdf"
"$CETRACK" -d "$CETRACK_DB" ce cert "$a2" -o - >"$T_DIR/stdout.png" 2>"$T_DIR/err"
t_eq "-o - exits 0" 0 "$?"
same "-o - writes the bytes to standard output" "$T_DIR/scan.png" "$T_DIR/stdout.png"
t_badrc "an activity without one" 1 "ce cert: activity $a3 \(Lunch talk\) has no certificate; store one with" ce cert "$a3"
t_badrc "no such activity" 1 "ce cert: no activity with id 99" ce cert 99
t_badrc "not an id" 2 "ce cert: ID: 'x' is not an id" ce cert x
# A link planted at -o is replaced, never written through (as every -o
# does, cli/out.c): its target keeps its bytes.
printf 'precious\n' >"$T_DIR/victim.txt"
ln -s "$T_DIR/victim.txt" "$T_DIR/planted.pdf"
t_ok "-o through a symbolic link: the link is replaced" ce cert "$a1" -o "$T_DIR/planted.pdf"
t_eq "the link's target is untouched" "precious" "$(cat "$T_DIR/victim.txt")"
t_eq "the file written is the certificate" "" "$(cmp "$T_DIR/planted.pdf" "$T_DIR/ethics.pdf" 2>&1)"
ln -s "$T_DIR/ethics.pdf" "$T_DIR/link.pdf"
same "the link's target untouched" "$T_DIR/ethics.pdf" "$T_DIR/link.pdf"
t_badrc "-o a directory" 1 "ce cert: -o: .* is a directory, expected a file to write" ce cert "$a1" -o "$T_DIR"
t_badrc "--json with -o" 2 "ce cert: --json: not with -o" ce cert "$a1" -o "$T_DIR/x" --json
t_ok "ce cert --help" ce cert --help
t_out "help names -o" "^  -o, --output FILE"

# --- what is refused -----------------------------------------------------
mkfifo "$T_DIR/fifo.pdf"
# A FIFO with no writer: refused at once (timeout would leave no message).
real=$CETRACK
printf '#!/bin/sh\nexec timeout 10 "%s" "$@"\n' "$real" >"$T_DIR/ct10"
chmod +x "$T_DIR/ct10"
CETRACK=$T_DIR/ct10
t_badrc "a FIFO" 1 "ce log: --certificate: .*fifo.pdf: not a regular file \(a FIFO\), expected a certificate file such as a PDF or an image$" \
    ce log "Ethics" --hours 1 --certificate "$T_DIR/fifo.pdf"
mkdir "$T_DIR/import"
printf 'external_id,name,date,title,provider,hours,format,topics,approvals,certificate\n,Dana Reyes,2026-01-05,Ethics,,1,,,,../fifo.pdf\n' >"$T_DIR/import/fifo.csv"
t_rc "a FIFO in a transcript" 1 import "$T_DIR/import/fifo.csv" --certificates-from "$T_DIR"
t_err "named with its line" "fifo.csv:2: certificate: .*fifo.pdf: not a regular file \(a FIFO\)"
CETRACK=$real
t_badrc "a directory" 1 "ce log: --certificate: .*: not a regular file \(a directory\)" \
    ce log "Ethics" --hours 1 --certificate "$T_DIR"
t_badrc "a device" 1 "ce log: --certificate: /dev/null: not a regular file \(a device\)" \
    ce log "Ethics" --hours 1 --certificate /dev/null
t_badrc "a symbolic link" 1 "ce log: --certificate: .*link.pdf: a symbolic link, expected the certificate file itself$" \
    ce log "Ethics" --hours 1 --certificate "$T_DIR/link.pdf"
: >"$T_DIR/empty.pdf"
t_badrc "an empty file" 1 "ce log: --certificate: .*empty.pdf: empty, expected a certificate file" \
    ce log "Ethics" --hours 1 --certificate "$T_DIR/empty.pdf"
head -c $((10 * 1024 * 1024 + 1)) /dev/zero >"$T_DIR/big.pdf"
t_badrc "over the default 10 MiB" 1 "ce log: --certificate: .*big.pdf: 10.0 MiB, larger than 10.0 MiB, expected at most that \(\[database\] certificate_max_mb\)$" \
    ce log "Ethics" --hours 1 --certificate "$T_DIR/big.pdf"
mkdir -p "$XDG_CONFIG_HOME/cetrack"
printf '[database]\ncertificate_max_mb = 1\n' >"$XDG_CONFIG_HOME/cetrack/cetrack.ini"
chmod 600 "$XDG_CONFIG_HOME/cetrack/cetrack.ini"
head -c $((1024 * 1024 + 1)) /dev/zero >"$T_DIR/mib.pdf"
t_badrc "one byte over a configured 1 MiB" 1 "ce log: --certificate: .*mib.pdf: 1.0 MiB, larger than 1.0 MiB" \
    ce log "Ethics" --hours 1 --certificate "$T_DIR/mib.pdf"
rm -f "$XDG_CONFIG_HOME/cetrack/cetrack.ini"
t_ok "check: sound" check
t_out "check counts the certificates" "^ok: 2 certificates \(each matches its SHA-256\)$"

# --- backup: the certificates come along ---------------------------------
t_ok "backup" backup "$T_DIR/backup.db"
mkdir "$T_DIR/restored"
cp "$T_DIR/backup.db" "$T_DIR/restored/cetrack.db"
rm -f "$CETRACK_DB" "$CETRACK_DB-wal" "$CETRACK_DB-shm" "$T_DIR/backup.db"
rm -rf "$T_DIR/certificates"
CETRACK_DB=$T_DIR/restored/cetrack.db
t_ok "the restored database" ce cert "$a1" -o "$T_DIR/r1.pdf"
same "certificate from the restored backup" "$T_DIR/ethics.pdf" "$T_DIR/r1.pdf"
t_ok "the image too" ce cert "$a2" -o "$T_DIR/r2.png"
same "image from the restored backup" "$T_DIR/scan.png" "$T_DIR/r2.png"
t_ok "check the restored database" check

# --- export and import ---------------------------------------------------
t_ok "export csv" export -o "$T_DIR/all.csv"
t_out "the summary counts them" ", 2 certificates to "
# The image (900 KiB) takes three records of the CSV: 384 + 384 + 132 KiB.
t_eq "certificate records" 4 "$(/usr/bin/python3 -c 'import csv,sys; csv.field_size_limit(1<<22); print(sum(1 for r in csv.DictReader(open(sys.argv[1], newline="")) if r["record"] == "certificate"))' "$T_DIR/all.csv")"
t_ok "export json" export --format json -o "$T_DIR/all.json"
/usr/bin/python3 - "$T_DIR/all.json" "$T_DIR/ethics.pdf" "$T_DIR/scan.png" >"$T_DIR/json-check" <<'PY'
import base64, hashlib, json, sys
j = json.load(open(sys.argv[1]))
by = {c["digest"]: c for c in j["certificates"]}
for path in sys.argv[2:]:
    b = open(path, 'rb').read()
    c = by[hashlib.sha256(b).hexdigest()]
    assert base64.b64decode(c["data"]) == b and c["size"] == len(b), path
print(len(by), sorted(c["media_type"] for c in by.values()))
PY
t_eq "json carries them in base64" "2 ['application/pdf', 'image/png']" "$(cat "$T_DIR/json-check")"
CETRACK_DB=$T_DIR/fresh/cetrack.db
t_ok "a fresh database" init
t_ok "import the export" import "$T_DIR/all.csv"
t_out "the import counts them" ", 2 certificates \(ids kept\)$"
t_ok "ce cert after import" ce cert "$a1" -o "$T_DIR/i1.pdf"
same "certificate through export and import" "$T_DIR/ethics.pdf" "$T_DIR/i1.pdf"
t_ok "the image after import" ce cert "$a2" -o "$T_DIR/i2.png"
same "image through export and import (three pieces)" "$T_DIR/scan.png" "$T_DIR/i2.png"
t_ok "export again" export -o "$T_DIR/again.csv"
same "export, import, export: the same bytes" "$T_DIR/all.csv" "$T_DIR/again.csv"
no_folder "nothing beside the fresh database"
# A piece lost on the way: the bytes no longer match the size.
/usr/bin/python3 - "$T_DIR/all.csv" "$T_DIR/cut.csv" <<'PY'
import csv, sys
csv.field_size_limit(1 << 22)
rows = list(csv.reader(open(sys.argv[1], newline="")))
h = rows[0]
cont = [i for i, r in enumerate(rows) if i > 0 and r[0] == "certificate" and r[h.index("size")] == ""]
out = [r for i, r in enumerate(rows) if i != cont[0]]
csv.writer(open(sys.argv[2], "w", newline=""), lineterminator="\r\n").writerows(out)
PY
CETRACK_DB=$T_DIR/fresh2/cetrack.db
t_ok "another fresh database" init
t_rc "an export with a piece missing" 1 import "$T_DIR/cut.csv"
t_err "the certificate named" "cut.csv:[0-9]+: data: [0-9]+ bytes, expected the size 921608"

# --- check finds a corrupted certificate ---------------------------------
CETRACK_DB=$T_DIR/restored/cetrack.db
sqlite3 "$CETRACK_DB" "UPDATE certificate SET data = zeroblob(size) WHERE digest = '$pdf_sum'"
t_rc "check: corrupted" 1 check
t_err "the certificate and its activity named" "check: certificate $pdf_sum \(activity $a1\): the stored bytes hash to [0-9a-f]{64}, expected their digest"
t_err "one problem" "1 problem found"
sqlite3 "$CETRACK_DB" "DELETE FROM certificate WHERE digest = '$pdf_sum'"
t_rc "check: missing" 1 check
t_err "the activity named" "check: activity $a1: certificate $pdf_sum is not stored"
t_badrc "ce cert of a lost certificate" 1 "ce cert: activity $a1: no certificate $pdf_sum is stored" ce cert "$a1"

# --- upgrade from schema 5 with a certificates/ folder ---------------------
# The old layout made by hand: the database at schema 5 (006 and 008 to
# 011 only add their tables and a column) and the files beside it, named
# by their SHA-256.
mkdir "$T_DIR/old"
CETRACK_DB=$T_DIR/old/cetrack.db
t_ok "a database" init
t_ok "a person" person add "Dana Reyes"
t_ok "good" ce log "Ethics in Case Management" --hours 1.5 --certificate "$T_DIR/ethics.pdf"
o1=$(logged)
t_ok "changed" ce log "Care Transitions" --hours 2 --certificate "$T_DIR/scan.png"
o2=$(logged)
mkdir "$T_DIR/old/certificates"
cp "$T_DIR/ethics.pdf" "$T_DIR/old/certificates/$pdf_sum"
png_sum=$(sha256sum "$T_DIR/scan.png" | cut -d' ' -f1)
printf 'not the image any more\n' >"$T_DIR/old/certificates/$png_sum"
# Schema 5 as it was: no certificate table (6), no audit.person_id (7).
sqlite3 "$CETRACK_DB" "DROP TABLE experience_log; DROP TABLE exam; DROP TABLE experience; DROP TABLE education; ALTER TABLE credential DROP COLUMN issued; DROP TABLE verification; DROP TABLE database_meta; DROP TABLE certificate; ALTER TABLE audit DROP COLUMN person_id; PRAGMA user_version = 5;"
t_eq "schema 5" 5 "$(sqlite3 "$CETRACK_DB" 'PRAGMA user_version')"
latest=$(ls "$(dirname "$0")"/../../sql/[0-9][0-9][0-9]-*.sql | wc -l | tr -d ' ')
t_ok "init upgrades" init
t_out "to the latest schema" "^upgraded .*cetrack.db from schema 5 to $latest$"
t_out "the folder taken in and left" "^stored 1 certificate from .*old/certificates in the database; the folder is left as it is"
t_err "the mismatch reported" "warning: activity $o2: .*$png_sum: the bytes hash to [0-9a-f]{64}, not to the file's name; not stored"
t_ok "the old certificate back" ce cert "$o1" -o "$T_DIR/u1.pdf"
same "byte for byte after the upgrade" "$T_DIR/ethics.pdf" "$T_DIR/u1.pdf"
t_ok "its type sniffed" ce cert "$o1"
t_out "type" "^type: +application/pdf$"
t_out "name not known" "^name: +\(not known\)$"
t_eq "the folder is left in place" 2 "$(ls "$T_DIR/old/certificates" | wc -l | tr -d ' ')"
t_rc "check names the one not taken in" 1 check
t_err "check: the mismatched one" "check: activity $o2: certificate $png_sum is not stored"
t_ok "init again" init
t_out "up to date" "is up to date \(schema $latest\)$"

# ce edit gives an activity its certificate, or takes it away (issue 15).
t_ok "an activity without a certificate" ce log "Boundaries Refresher" --hours 1 --date 2026-01-10 --again
bid=$(sed -n 's/^logged activity \([0-9]*\):.*/\1/p' "$T_DIR/out")
t_ok "ce edit --certificate" ce edit "$bid" --certificate "$T_DIR/ethics.pdf"
t_out "the change is said" "certificate: none -> [0-9a-f]{64}"
t_ok "ce cert gives it back" ce cert "$bid" -o "$T_DIR/back.pdf"
t_eq "byte-identical" "" "$(cmp "$T_DIR/back.pdf" "$T_DIR/ethics.pdf" 2>&1)"
t_ok "ce edit --certificate none" ce edit "$bid" --certificate none
t_badrc "then it has none" 1 "has no certificate" ce cert "$bid"
t_bad "ce edit: a FIFO as certificate" "ce edit: --certificate: .*fifo.pdf: not a regular file \(a FIFO\)" \
    ce edit "$bid" --certificate "$T_DIR/fifo.pdf"

t_done
