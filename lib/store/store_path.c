/* SPDX-License-Identifier: ISC */
/*
 * The path into a credential (schema 10, issue 18): a person's degrees,
 * jobs and placements, and exams sat, kept for the eligibility packs. Each
 * record type is added, listed (by date, then id) and removed; every write
 * is one savepoint with its audit row, which names the person. A
 * credential's original issue date lives with the credential
 * (store_cred_issued_set).
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/hours.h"
#include "base/model.h"
#include "base/util.h"
#include "store/db.h"
#include "store/store.h"
#include "store/store_int.h"

/* -- shared ---------------------------------------------------------- */

/* A date column that may be NULL: -1 then. */
static int
path_date_or_none(sqlite3_stmt *s, int col, int *out)
{
	if (sqlite3_column_type(s, col) == SQLITE_NULL) {
		*out = -1;
		return 0;
	}
	return store_column_date(s, col, out);
}

static int
path_bind_date_or_none(sqlite3_stmt *s, int idx, int day)
{
	if (day < 0)
		return sqlite3_bind_null(s, idx) == SQLITE_OK ? 0 : -1;
	return store_bind_date(s, idx, day);
}

static int
path_bind_centi_or_none(sqlite3_stmt *s, int idx, long centi)
{
	if (centi < 0)
		return sqlite3_bind_null(s, idx) == SQLITE_OK ? 0 : -1;
	return sqlite3_bind_int64(s, idx, centi) == SQLITE_OK ? 0 : -1;
}

/*
 * Delete row `id` of `table` (its person first, for the audit row) and
 * write the audit row. Returns 0, or -1 with "no ENTITY with id N".
 */
static int
path_rm(struct db *db, const char *table, const char *entity, int64_t id,
    const char *detail, char *err, size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	char		 sql[128];
	int64_t		 pid;
	int		 ok = 0, ret = -1;

	(void)cet_fmt(sql, sizeof(sql), "DELETE FROM %s WHERE id = ?1 "
	    "RETURNING person_id", table);
	if (store_sp_begin(db, err, errlen) == -1)
		return -1;
	if (db_cached(db, &s, sql, err, errlen) == -1)
		goto out;
	if (sqlite3_bind_int64(s, 1, id) != SQLITE_OK) {
		db_err(db, entity, err, errlen);
		goto out;
	}
	switch (sqlite3_step(s)) {
	case SQLITE_ROW:
		break;
	case SQLITE_DONE:
		store_err(err, errlen, "no %s with id %lld", entity,
		    (long long)id);
		goto out;
	default:
		db_err(db, entity, err, errlen);
		goto out;
	}
	pid = sqlite3_column_int64(s, 0);
	if (sqlite3_step(s) != SQLITE_DONE) {
		db_err(db, entity, err, errlen);
		goto out;
	}
	db_release(s);
	s = NULL;
	if (store_audit_person(db, "remove", entity, id, pid, detail, err,
	    errlen) == -1)
		goto out;
	ok = 1;
	ret = 0;
out:
	db_release(s);
	return store_sp_end(db, ok, ret, err, errlen);
}


/*
 * Every row of a query bound to one id (a person's records), read by
 * `row` into *out (freed by the caller).
 */
static int
path_list(struct db *db, const char *sql, const char *entity, int64_t id,
    store_row_fn row, size_t size, void **out, size_t *n, char *err,
    size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	int		 ret = -1;

	*out = NULL;
	*n = 0;
	if (db_cached(db, &s, sql, err, errlen) == -1)
		return -1;
	if (sqlite3_bind_int64(s, 1, id) != SQLITE_OK)
		db_err(db, entity, err, errlen);
	else
		ret = store_rows_collect(db, s, entity, row, size, out, n, err,
		    errlen);
	db_release(s);
	return ret;
}

/* The one row of id, or "no ENTITY with id N". */
static int
path_get(struct db *db, const char *sql, const char *entity, int64_t id,
    store_row_fn row, void *out, char *err, size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	int		 rc, ret = -1;

	if (db_cached(db, &s, sql, err, errlen) == -1)
		return -1;
	if (sqlite3_bind_int64(s, 1, id) != SQLITE_OK)
		db_err(db, entity, err, errlen);
	else if ((rc = sqlite3_step(s)) == SQLITE_DONE)
		store_err(err, errlen, "no %s with id %lld", entity,
		    (long long)id);
	else if (rc != SQLITE_ROW)
		db_err(db, entity, err, errlen);
	else
		ret = row(s, out, err, errlen);
	db_release(s);
	return ret;
}

/* -- education ------------------------------------------------------- */

#define EDU_COLS "id, person_id, level, field, title, conferred, " \
		"institution, accreditor"

static const char sql_edu_add[] =
    "INSERT INTO education (person_id, level, field, title, conferred, "
    "institution, accreditor, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
    STORE_NOW ")";
static const char sql_edu_get[] =
    "SELECT " EDU_COLS " FROM education WHERE id = ?1";
static const char sql_edu_list[] =
    "SELECT " EDU_COLS " FROM education WHERE person_id = ?1 "
    "ORDER BY conferred, id";

static int
edu_row(sqlite3_stmt *s, struct education *e, char *err, size_t errlen)
{
	memset(e, 0, sizeof(*e));
	e->id = sqlite3_column_int64(s, 0);
	e->person_id = sqlite3_column_int64(s, 1);
	if (store_copy(s, 2, e->level, sizeof(e->level), "education", e->id,
	    err, errlen) == -1 ||
	    store_copy(s, 3, e->field, sizeof(e->field), "education", e->id,
	    err, errlen) == -1 ||
	    store_copy(s, 4, e->title, sizeof(e->title), "education", e->id,
	    err, errlen) == -1 ||
	    store_copy(s, 6, e->institution, sizeof(e->institution),
	    "education", e->id, err, errlen) == -1 ||
	    store_copy(s, 7, e->accreditor, sizeof(e->accreditor),
	    "education", e->id, err, errlen) == -1)
		return -1;
	if (store_column_date(s, 5, &e->conferred) == -1) {
		store_err(err, errlen, "education %lld: stored conferral date "
		    "is not a date", (long long)e->id);
		return -1;
	}
	return 0;
}

static int
edu_row_v(sqlite3_stmt *s, void *p, char *err, size_t errlen)
{
	return edu_row(s, (struct education *)p, err, errlen);
}

int
store_edu_add(struct db *db, struct education *e, char *err, size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	char		*detail = NULL, d[DATE_BUFSZ];
	int		 ok = 0, ret = -1;

	if (store_sp_begin(db, err, errlen) == -1)
		return -1;
	if (db_cached(db, &s, sql_edu_add, err, errlen) == -1)
		goto out;
	if (sqlite3_bind_int64(s, 1, e->person_id) != SQLITE_OK ||
	    db_bind_text(s, 2, e->level, 0) == -1 ||
	    db_bind_text(s, 3, e->field, 0) == -1 ||
	    db_bind_text(s, 4, e->title, 0) == -1 ||
	    store_bind_date(s, 5, e->conferred) == -1 ||
	    db_bind_text(s, 6, e->institution, 1) == -1 ||
	    db_bind_text(s, 7, e->accreditor, 1) == -1) {
		db_err(db, "education", err, errlen);
		goto out;
	}
	if (sqlite3_step(s) != SQLITE_DONE) {
		if (sqlite3_extended_errcode(db->h) ==
		    SQLITE_CONSTRAINT_FOREIGNKEY)
			store_err(err, errlen, "no person with id %lld",
			    (long long)e->person_id);
		else
			db_err(db, "education", err, errlen);
		goto out;
	}
	e->id = sqlite3_last_insert_rowid(db->h);
	db_release(s);
	s = NULL;
	detail = xasprintf("%s (%s, %s), conferred %s", e->title, e->level,
	    e->field, date_format(e->conferred, d));
	if (store_audit_person(db, "add", "education", e->id, e->person_id,
	    detail, err, errlen) == -1)
		goto out;
	ok = 1;
	ret = 0;
out:
	free(detail);
	db_release(s);
	return store_sp_end(db, ok, ret, err, errlen);
}

int
store_edu_get(struct db *db, int64_t id, struct education *e, char *err,
    size_t errlen)
{
	return path_get(db, sql_edu_get, "education", id, edu_row_v, e, err,
	    errlen);
}

int
store_edu_list(struct db *db, int64_t person_id, struct education **out,
    size_t *n, char *err, size_t errlen)
{
	return path_list(db, sql_edu_list, "education", person_id, edu_row_v,
	    sizeof(**out), (void **)out, n, err, errlen);
}

int
store_edu_rm(struct db *db, int64_t id, struct education *old, char *err,
    size_t errlen)
{
	char	detail[256], d[DATE_BUFSZ];

	if (store_edu_get(db, id, old, err, errlen) == -1)
		return -1;
	(void)cet_fmt(detail, sizeof(detail), "%s (%s, %s), conferred %s",
	    old->title, old->level, old->field,
	    date_format(old->conferred, d));
	return path_rm(db, "education", "education", id, detail, err, errlen);
}

/* -- experience ------------------------------------------------------ */

#define EXP_COLS "id, person_id, employer, role, start, end, hours_per_week, " \
		"hours_total, case_management, supervised, supervisor, " \
		"supervisor_credential, supervises_case_managers, clinical, " \
		"paid, setting, tags"

static const char sql_exp_add[] =
    "INSERT INTO experience (person_id, employer, role, start, end, "
    "hours_per_week, hours_total, case_management, supervised, supervisor, "
    "supervisor_credential, supervises_case_managers, clinical, paid, "
    "setting, tags, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
    "?10, ?11, ?12, ?13, ?14, ?15, ?16, " STORE_NOW ")";
static const char sql_exp_get[] =
    "SELECT " EXP_COLS " FROM experience WHERE id = ?1";
static const char sql_exp_list[] =
    "SELECT " EXP_COLS " FROM experience WHERE person_id = ?1 "
    "ORDER BY start, id";

static int
exp_row(sqlite3_stmt *s, struct experience *x, char *err, size_t errlen)
{
	memset(x, 0, sizeof(*x));
	x->id = sqlite3_column_int64(s, 0);
	x->person_id = sqlite3_column_int64(s, 1);
	if (store_copy(s, 2, x->employer, sizeof(x->employer), "experience",
	    x->id, err, errlen) == -1 ||
	    store_copy(s, 3, x->role, sizeof(x->role), "experience", x->id,
	    err, errlen) == -1 ||
	    store_copy(s, 10, x->supervisor, sizeof(x->supervisor),
	    "experience", x->id, err, errlen) == -1 ||
	    store_copy(s, 11, x->supervisor_cred, sizeof(x->supervisor_cred),
	    "experience", x->id, err, errlen) == -1 ||
	    store_copy(s, 15, x->setting, sizeof(x->setting), "experience",
	    x->id, err, errlen) == -1 ||
	    store_copy(s, 16, x->tags, sizeof(x->tags), "experience", x->id,
	    err, errlen) == -1)
		return -1;
	if (store_column_date(s, 4, &x->start) == -1 ||
	    path_date_or_none(s, 5, &x->end) == -1) {
		store_err(err, errlen, "experience %lld: a stored date is not "
		    "a date", (long long)x->id);
		return -1;
	}
	x->per_week = sqlite3_column_type(s, 6) == SQLITE_NULL ? -1 :
	    (long)sqlite3_column_int64(s, 6);
	x->total = sqlite3_column_type(s, 7) == SQLITE_NULL ? -1 :
	    (long)sqlite3_column_int64(s, 7);
	x->case_management = sqlite3_column_int(s, 8);
	x->supervised = sqlite3_column_int(s, 9);
	x->supervises_cms = sqlite3_column_int(s, 12);
	x->clinical = sqlite3_column_int(s, 13);
	x->paid = sqlite3_column_type(s, 14) == SQLITE_NULL ? -1 :
	    sqlite3_column_int(s, 14);
	return 0;
}

static int
exp_row_v(sqlite3_stmt *s, void *p, char *err, size_t errlen)
{
	return exp_row(s, (struct experience *)p, err, errlen);
}

/* "Case Manager at Riverside Example, 2025-01-06 to ongoing" */
static char *
exp_detail(const struct experience *x)
{
	char	a[DATE_BUFSZ], b[DATE_BUFSZ];

	return xasprintf("%s at %s, %s to %s", x->role, x->employer,
	    date_format(x->start, a), x->end >= 0 ? date_format(x->end, b) :
	    "ongoing");
}

int
store_exp_add(struct db *db, struct experience *x, char *err, size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	char		*detail = NULL;
	int		 ok = 0, ret = -1;

	if (store_sp_begin(db, err, errlen) == -1)
		return -1;
	if (db_cached(db, &s, sql_exp_add, err, errlen) == -1)
		goto out;
	if (sqlite3_bind_int64(s, 1, x->person_id) != SQLITE_OK ||
	    db_bind_text(s, 2, x->employer, 0) == -1 ||
	    db_bind_text(s, 3, x->role, 0) == -1 ||
	    store_bind_date(s, 4, x->start) == -1 ||
	    path_bind_date_or_none(s, 5, x->end) == -1 ||
	    path_bind_centi_or_none(s, 6, x->per_week) == -1 ||
	    path_bind_centi_or_none(s, 7, x->total) == -1 ||
	    sqlite3_bind_int(s, 8, x->case_management != 0) != SQLITE_OK ||
	    sqlite3_bind_int(s, 9, x->supervised != 0) != SQLITE_OK ||
	    db_bind_text(s, 10, x->supervisor, 1) == -1 ||
	    db_bind_text(s, 11, x->supervisor_cred, 1) == -1 ||
	    sqlite3_bind_int(s, 12, x->supervises_cms != 0) != SQLITE_OK ||
	    sqlite3_bind_int(s, 13, x->clinical != 0) != SQLITE_OK ||
	    (x->paid < 0 ? sqlite3_bind_null(s, 14) :
	    sqlite3_bind_int(s, 14, x->paid != 0)) != SQLITE_OK ||
	    db_bind_text(s, 15, x->setting, 1) == -1 ||
	    db_bind_text(s, 16, x->tags, 0) == -1) {
		db_err(db, "experience", err, errlen);
		goto out;
	}
	if (sqlite3_step(s) != SQLITE_DONE) {
		if (sqlite3_extended_errcode(db->h) ==
		    SQLITE_CONSTRAINT_FOREIGNKEY)
			store_err(err, errlen, "no person with id %lld",
			    (long long)x->person_id);
		else
			db_err(db, "experience", err, errlen);
		goto out;
	}
	x->id = sqlite3_last_insert_rowid(db->h);
	db_release(s);
	s = NULL;
	detail = exp_detail(x);
	if (store_audit_person(db, "add", "experience", x->id, x->person_id,
	    detail, err, errlen) == -1)
		goto out;
	ok = 1;
	ret = 0;
out:
	free(detail);
	db_release(s);
	return store_sp_end(db, ok, ret, err, errlen);
}

int
store_exp_get(struct db *db, int64_t id, struct experience *x, char *err,
    size_t errlen)
{
	return path_get(db, sql_exp_get, "experience", id, exp_row_v, x, err,
	    errlen);
}

int
store_exp_list(struct db *db, int64_t person_id, struct experience **out,
    size_t *n, char *err, size_t errlen)
{
	return path_list(db, sql_exp_list, "experience", person_id, exp_row_v,
	    sizeof(**out), (void **)out, n, err, errlen);
}

int
store_exp_rm(struct db *db, int64_t id, struct experience *old, char *err,
    size_t errlen)
{
	char	*detail;
	int	 ret;

	if (store_exp_get(db, id, old, err, errlen) == -1)
		return -1;
	detail = exp_detail(old);
	ret = path_rm(db, "experience", "experience", id, detail, err, errlen);
	free(detail);
	return ret;
}

/* -- the log of supervision ------------------------------------------- */

#define LOG_COLS "id, person_id, day, hours, supervision_minutes, format"

static const char sql_log_add[] =
    "INSERT INTO experience_log (person_id, day, hours, "
    "supervision_minutes, format, created) VALUES (?1, ?2, ?3, ?4, ?5, "
    STORE_NOW ")";
static const char sql_log_get[] =
    "SELECT " LOG_COLS " FROM experience_log WHERE id = ?1";
static const char sql_log_list[] =
    "SELECT " LOG_COLS " FROM experience_log WHERE person_id = ?1 "
    "ORDER BY day, id";

static int
log_row(sqlite3_stmt *s, struct exp_log *l, char *err, size_t errlen)
{
	memset(l, 0, sizeof(*l));
	l->id = sqlite3_column_int64(s, 0);
	l->person_id = sqlite3_column_int64(s, 1);
	if (store_column_date(s, 2, &l->day) == -1) {
		store_err(err, errlen, "experience log %lld: stored day is not "
		    "a date", (long long)l->id);
		return -1;
	}
	l->hours = (long)sqlite3_column_int64(s, 3);
	l->sup_minutes = sqlite3_column_int(s, 4);
	return store_copy(s, 5, l->format, sizeof(l->format),
	    "experience log", l->id, err, errlen);
}

static int
log_row_v(sqlite3_stmt *s, void *p, char *err, size_t errlen)
{
	return log_row(s, (struct exp_log *)p, err, errlen);
}

static char *
log_detail(const struct exp_log *l)
{
	char	d[DATE_BUFSZ], h[HOURS_BUFSZ];

	if (l->sup_minutes > 0)
		return xasprintf("%s: %s h, %d min of %s supervision",
		    date_format(l->day, d), hours_format(l->hours, h,
		    sizeof(h)), l->sup_minutes, l->format);
	return xasprintf("%s: %s h", date_format(l->day, d),
	    hours_format(l->hours, h, sizeof(h)));
}

int
store_explog_add(struct db *db, struct exp_log *l, char *err, size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	char		*detail = NULL;
	int		 ok = 0, ret = -1;

	if (store_sp_begin(db, err, errlen) == -1)
		return -1;
	if (db_cached(db, &s, sql_log_add, err, errlen) == -1)
		goto out;
	if (sqlite3_bind_int64(s, 1, l->person_id) != SQLITE_OK ||
	    store_bind_date(s, 2, l->day) == -1 ||
	    sqlite3_bind_int64(s, 3, l->hours) != SQLITE_OK ||
	    sqlite3_bind_int(s, 4, l->sup_minutes) != SQLITE_OK ||
	    db_bind_text(s, 5, l->format, 1) == -1) {
		db_err(db, "experience log", err, errlen);
		goto out;
	}
	if (sqlite3_step(s) != SQLITE_DONE) {
		if (sqlite3_extended_errcode(db->h) ==
		    SQLITE_CONSTRAINT_FOREIGNKEY)
			store_err(err, errlen, "no person with id %lld",
			    (long long)l->person_id);
		else
			db_err(db, "experience log", err, errlen);
		goto out;
	}
	l->id = sqlite3_last_insert_rowid(db->h);
	db_release(s);
	s = NULL;
	detail = log_detail(l);
	if (store_audit_person(db, "add", "experience_log", l->id,
	    l->person_id, detail, err, errlen) == -1)
		goto out;
	ok = 1;
	ret = 0;
out:
	free(detail);
	db_release(s);
	return store_sp_end(db, ok, ret, err, errlen);
}

int
store_explog_list(struct db *db, int64_t person_id, struct exp_log **out,
    size_t *n, char *err, size_t errlen)
{
	return path_list(db, sql_log_list, "experience log", person_id,
	    log_row_v, sizeof(**out), (void **)out, n, err, errlen);
}

int
store_explog_rm(struct db *db, int64_t id, struct exp_log *old, char *err,
    size_t errlen)
{
	char	*detail;
	int	 ret;

	if (path_get(db, sql_log_get, "experience log entry", id, log_row_v,
	    old, err, errlen) == -1)
		return -1;
	detail = log_detail(old);
	ret = path_rm(db, "experience_log", "experience_log", id, detail, err,
	    errlen);
	free(detail);
	return ret;
}

/* -- exams ----------------------------------------------------------- */

#define EXAM_COLS "id, person_id, exam, day, result"

static const char sql_exam_add[] =
    "INSERT INTO exam (person_id, exam, day, result, created) "
    "VALUES (?1, ?2, ?3, ?4, " STORE_NOW ")";
static const char sql_exam_get[] =
    "SELECT " EXAM_COLS " FROM exam WHERE id = ?1";
static const char sql_exam_list[] =
    "SELECT " EXAM_COLS " FROM exam WHERE person_id = ?1 ORDER BY day, id";

static int
exam_row(sqlite3_stmt *s, struct exam_sat *x, char *err, size_t errlen)
{
	const unsigned char *r;

	memset(x, 0, sizeof(*x));
	x->id = sqlite3_column_int64(s, 0);
	x->person_id = sqlite3_column_int64(s, 1);
	if (store_copy(s, 2, x->exam, sizeof(x->exam), "exam", x->id, err,
	    errlen) == -1)
		return -1;
	if (store_column_date(s, 3, &x->day) == -1) {
		store_err(err, errlen, "exam %lld: stored day is not a date",
		    (long long)x->id);
		return -1;
	}
	r = sqlite3_column_text(s, 4);
	x->pass = r != NULL && strcmp((const char *)r, "pass") == 0;
	return 0;
}

static int
exam_row_v(sqlite3_stmt *s, void *p, char *err, size_t errlen)
{
	return exam_row(s, (struct exam_sat *)p, err, errlen);
}

int
store_exam_add(struct db *db, struct exam_sat *x, char *err, size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	char		*detail = NULL, d[DATE_BUFSZ];
	int		 ok = 0, ret = -1;

	if (store_sp_begin(db, err, errlen) == -1)
		return -1;
	if (db_cached(db, &s, sql_exam_add, err, errlen) == -1)
		goto out;
	if (sqlite3_bind_int64(s, 1, x->person_id) != SQLITE_OK ||
	    db_bind_text(s, 2, x->exam, 0) == -1 ||
	    store_bind_date(s, 3, x->day) == -1 ||
	    db_bind_text(s, 4, x->pass ? "pass" : "fail", 0) == -1) {
		db_err(db, "exam", err, errlen);
		goto out;
	}
	if (sqlite3_step(s) != SQLITE_DONE) {
		if (sqlite3_extended_errcode(db->h) ==
		    SQLITE_CONSTRAINT_FOREIGNKEY)
			store_err(err, errlen, "no person with id %lld",
			    (long long)x->person_id);
		else
			db_err(db, "exam", err, errlen);
		goto out;
	}
	x->id = sqlite3_last_insert_rowid(db->h);
	db_release(s);
	s = NULL;
	detail = xasprintf("%s on %s: %s", x->exam, date_format(x->day, d),
	    x->pass ? "pass" : "fail");
	if (store_audit_person(db, "add", "exam", x->id, x->person_id,
	    detail, err, errlen) == -1)
		goto out;
	ok = 1;
	ret = 0;
out:
	free(detail);
	db_release(s);
	return store_sp_end(db, ok, ret, err, errlen);
}

int
store_exam_get(struct db *db, int64_t id, struct exam_sat *x, char *err,
    size_t errlen)
{
	return path_get(db, sql_exam_get, "exam", id, exam_row_v, x, err,
	    errlen);
}

int
store_exam_list(struct db *db, int64_t person_id, struct exam_sat **out,
    size_t *n, char *err, size_t errlen)
{
	return path_list(db, sql_exam_list, "exam", person_id, exam_row_v,
	    sizeof(**out), (void **)out, n, err, errlen);
}

int
store_exam_rm(struct db *db, int64_t id, struct exam_sat *old, char *err,
    size_t errlen)
{
	char	detail[160], d[DATE_BUFSZ];

	if (store_exam_get(db, id, old, err, errlen) == -1)
		return -1;
	(void)cet_fmt(detail, sizeof(detail), "%s on %s: %s", old->exam,
	    date_format(old->day, d), old->pass ? "pass" : "fail");
	return path_rm(db, "exam", "exam", id, detail, err, errlen);
}

/* -- a credential's original issue date ------------------------------- */

static const char sql_issued_get[] =
    "SELECT issued FROM credential WHERE id = ?1";
static const char sql_issued_set[] =
    "UPDATE credential SET issued = ?2 WHERE id = ?1";

int
store_cred_issued_get(struct db *db, struct credential *c, char *err,
    size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	int		 rc, ret = -1;

	c->has_issued = 0;
	c->issued = 0;
	if (db_cached(db, &s, sql_issued_get, err, errlen) == -1)
		return -1;
	if (sqlite3_bind_int64(s, 1, c->id) != SQLITE_OK) {
		db_err(db, "credential", err, errlen);
		goto out;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_DONE)
		store_err(err, errlen, "no credential with id %lld",
		    (long long)c->id);
	else if (rc != SQLITE_ROW)
		db_err(db, "credential", err, errlen);
	else if (sqlite3_column_type(s, 0) == SQLITE_NULL)
		ret = 0;
	else if (store_column_date(s, 0, &c->issued) == -1)
		store_err(err, errlen, "credential %lld: stored issue date is "
		    "not a date", (long long)c->id);
	else {
		c->has_issued = 1;
		ret = 0;
	}
out:
	db_release(s);
	return ret;
}

/* No audit row: the caller's (cred add, cred set) covers it. */
int
store_cred_issued_set(struct db *db, int64_t cred_id, int has, int day,
    char *err, size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	int		 ret = -1;

	if (db_cached(db, &s, sql_issued_set, err, errlen) == -1)
		return -1;
	if (sqlite3_bind_int64(s, 1, cred_id) != SQLITE_OK ||
	    path_bind_date_or_none(s, 2, has ? day : -1) == -1) {
		db_err(db, "credential", err, errlen);
		goto out;
	}
	if (sqlite3_step(s) != SQLITE_DONE) {
		db_err(db, "credential", err, errlen);
		goto out;
	}
	if (sqlite3_changes(db->h) == 0) {
		store_err(err, errlen, "no credential with id %lld",
		    (long long)cred_id);
		goto out;
	}
	ret = 0;
out:
	db_release(s);
	return ret;
}
