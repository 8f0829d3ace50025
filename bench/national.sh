#!/bin/sh
# SPDX-License-Identifier: ISC
# bench/national.sh EMPLOYER.db NATIONAL.db [COPIES]: a national-size
# database (default 31 copies of the employer dataset: 992,000 people,
# 3,100,000 credentials, 62,000,000 activities) made inside SQLite from a
# cetrack-imported employer database. Each copy is the employer data under
# its own organization with ids, external ids and credential numbers
# offset, so every row is distinct and the shapes (cycles at every stage,
# topics, approvals) are those of bench/gen. Generating the same size as
# CSV and importing it (`bench/gen national`) takes about 40 minutes on a
# 2-core machine; this takes about a tenth of that. Used by `make bench`
# when BENCH_NATIONAL=1.
set -eu
SRC=${1:?usage: bench/national.sh EMPLOYER.db NATIONAL.db [COPIES]}
DST=${2:?usage: bench/national.sh EMPLOYER.db NATIONAL.db [COPIES]}
N=${3:-31}
rm -f "$DST" "$DST-wal" "$DST-shm"
sqlite3 "$SRC" "VACUUM INTO '$DST'"
P=$(sqlite3 "$DST" 'select max(id) from person')
C=$(sqlite3 "$DST" 'select max(id) from credential')
Y=$(sqlite3 "$DST" 'select max(id) from cycle')
A=$(sqlite3 "$DST" 'select max(id) from activity')
O=$(sqlite3 "$DST" 'select max(id) from organization')
k=1
while [ "$k" -lt "$N" ]; do
	sqlite3 "$DST" <<SQL
PRAGMA foreign_keys = OFF;
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
BEGIN;
INSERT INTO organization (id, name, contact_email, webhook_url, created)
SELECT id + $k * $O, name || ' ' || ($k + 1), contact_email, webhook_url,
    created FROM organization WHERE id <= $O;
INSERT INTO person (id, name, email, org_id, external_id, active, created)
SELECT id + $k * $P, name, email, org_id + $k * $O,
    external_id || '-' || $k, active, created FROM person WHERE id <= $P;
INSERT INTO credential (id, person_id, program, number, state, attrs,
    status, created)
SELECT id + $k * $C, person_id + $k * $P, program, number || '-' || $k,
    state, attrs, status, created FROM credential WHERE id <= $C;
INSERT INTO cycle (id, credential_id, start, valid_through, renewal_index,
    carry_in, closed, outcome)
SELECT id + $k * $Y, credential_id + $k * $C, start, valid_through,
    renewal_index, carry_in, closed, outcome FROM cycle WHERE id <= $Y;
INSERT INTO activity (id, person_id, title, provider, completed, format,
    unit, amount, certificate, created)
SELECT id + $k * $A, person_id + $k * $P, title, provider, completed,
    format, unit, amount, certificate, created FROM activity
    WHERE id <= $A;
INSERT INTO activity_topic (person_id, activity_id, topic, amount)
SELECT person_id + $k * $P, activity_id + $k * $A, topic, amount
    FROM activity_topic WHERE person_id <= $P;
INSERT INTO activity_approval (person_id, activity_id, body, number)
SELECT person_id + $k * $P, activity_id + $k * $A, body, number
    FROM activity_approval WHERE person_id <= $P;
INSERT INTO activity_target (person_id, activity_id, credential_id)
SELECT person_id + $k * $P, activity_id + $k * $A, credential_id + $k * $C
    FROM activity_target WHERE person_id <= $P;
COMMIT;
SQL
	k=$((k + 1))
done
sqlite3 "$DST" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
