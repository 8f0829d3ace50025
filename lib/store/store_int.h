/* SPDX-License-Identifier: ISC */
/*
 * Helpers shared by the store modules (store.c, store_cred.c, store_scan.c,
 * store_org.c, ...) and by nothing else: messages (SQLite's own go through
 * db_err, db.h), cached statements run for effect, the savepoint that makes
 * each write all-or-nothing inside the caller's transaction, binders, the
 * column lists and row readers. Defined in store.c, but for
 * store_scan_act_row, which lives with the scan (store_scan.c), and the two
 * column readers below, inline because the scan calls them for every row.
 */
#ifndef CETRACK_STORE_INT_H
#define CETRACK_STORE_INT_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "store/db.h"
#include "base/model.h"

/* UTC, as every timestamp in the schema. */
#define STORE_NOW	"strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

/* The columns store_person_row, store_cred_row and store_cycle_row read, in
 * their order (c: credential, y: cycle). */
#define STORE_PERSON_COLS	"id, name, email, org_id, external_id, active"
#define STORE_CRED_COLS	"c.id, c.person_id, c.program, c.number, " \
			"c.state, c.attrs, c.status"
#define STORE_CYCLE_COLS	"y.id, y.credential_id, y.start, " \
			"y.valid_through, y.renewal_index, y.carry_in, " \
			"y.closed, y.outcome, y.renewal_assumed"

/* Format into err (cut short if it does not fit; NULL err is allowed). */
void	 store_err(char *err, size_t errlen, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* Run a cached statement that returns no rows. Returns 0 or -1. */
int	 store_run(struct db *, const char *sql, char *err, size_t errlen);

/*
 * A savepoint around each write: store_sp_begin, then
 * store_sp_end(db, ok, ret, ...) releases it (ok) or rolls back to it,
 * and returns ret, or -1 when releasing (which may commit) fails.
 */
int	 store_sp_begin(struct db *, char *err, size_t errlen);
int	 store_sp_end(struct db *, int ok, int ret, char *err, size_t errlen);

/* store_audit for a row whose entity is gone (a removal): person_id is
 * the person it belonged to (0: let store_audit find it). */
int	 store_audit_person(struct db *, const char *action,
	    const char *entity, int64_t entity_id, int64_t person_id,
	    const char *detail, char *err, size_t errlen);

/*
 * Step a prepared, bound statement to its end, reading each row with `row`
 * into a growing array of elements of `size` (*out, freed by the caller).
 * Returns 0, or -1 with "ENTITY: ..." in err.
 */
typedef int (*store_row_fn)(sqlite3_stmt *, void *, char *, size_t);
int	 store_rows_collect(struct db *, sqlite3_stmt *, const char *entity,
	    store_row_fn row, size_t size, void **out, size_t *n, char *err,
	    size_t errlen);

/* Bind a date as YYYY-MM-DD; bind an id, or NULL for 0. */
int	 store_bind_date(sqlite3_stmt *, int idx, int days);
int	 store_bind_id(sqlite3_stmt *, int idx, int64_t id);

/* A YYYY-MM-DD column as a day number; returns 0 or -1. */
static inline int
store_column_date(sqlite3_stmt *s, int col, int *out)
{
	return date_parse_iso((const char *)sqlite3_column_text(s, col), out);
}

/* Copy a text column into buf; text longer than the field is refused
 * with "WHAT ID: stored COLUMN is too long". */
static inline int
store_copy(sqlite3_stmt *s, int col, char *buf, size_t len,
    const char *what, int64_t id, char *err, size_t errlen)
{
	if (db_column_copy(s, col, buf, len) == -1) {
		store_err(err, errlen, "%s %lld: stored %s is too long",
		    what, (long long)id, sqlite3_column_name(s, col));
		return -1;
	}
	return 0;
}

/* Rows in the column order of STORE_PERSON_COLS; of STORE_CRED_COLS from
 * column `col`; of STORE_CYCLE_COLS from column `col` (closed -1 when the
 * cycle is open). */
int	 store_person_row(sqlite3_stmt *, struct person *, char *err,
	    size_t errlen);
int	 store_cred_row(sqlite3_stmt *, int col, struct credential *,
	    char *err, size_t errlen);
int	 store_cycle_row(sqlite3_stmt *, int col, struct cycle *, char *err,
	    size_t errlen);

/* An activity row of the scan without its children (store_scan.c), also
 * the first columns of store_cred.c's activity reads; lean: no title,
 * provider or certificate. */
int	 store_scan_act_row(sqlite3_stmt *, int lean, struct activity *,
	    char *err, size_t errlen);

/* Step a prepared person SELECT (columns as store_person_row) to its end
 * into a malloc'ed array; releases the statement. Returns 0 or -1. */
int	 store_people_collect(struct db *, sqlite3_stmt *, struct person **out,
	    size_t *n, char *err, size_t errlen);

#endif
