/* SPDX-License-Identifier: ISC */
/*
 * Helpers shared by the store modules (store.c, store_org.c, ...) and by
 * nothing else: messages (SQLite's own go through db_err, db.h), cached
 * statements run for effect, the savepoint that makes each write
 * all-or-nothing inside the caller's transaction, binders and row readers.
 * Defined once, in store.c.
 */
#ifndef CETRACK_STORE_INT_H
#define CETRACK_STORE_INT_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "base/model.h"

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

/* Bind a date as YYYY-MM-DD; bind an id, or NULL for 0. */
int	 store_bind_date(sqlite3_stmt *, int idx, int days);
int	 store_bind_id(sqlite3_stmt *, int idx, int64_t id);

/* Copy a text column into buf; text longer than the field is refused
 * with "WHAT ID: stored COLUMN is too long". */
int	 store_copy(sqlite3_stmt *, int col, char *buf, size_t len,
	    const char *what, int64_t id, char *err, size_t errlen);

/* Rows in the column order of store.c's SELECTs: person (id, name, email,
 * org_id, external_id, active); credential from column `col` (id,
 * person_id, program, number, state, attrs, status). */
int	 store_person_row(sqlite3_stmt *, struct person *, char *err,
	    size_t errlen);
int	 store_cred_row(sqlite3_stmt *, int col, struct credential *,
	    char *err, size_t errlen);

/* Step a prepared person SELECT (columns as store_person_row) to its end
 * into a malloc'ed array; releases the statement. Returns 0 or -1. */
int	 store_people_collect(struct db *, sqlite3_stmt *, struct person **out,
	    size_t *n, char *err, size_t errlen);

#endif
