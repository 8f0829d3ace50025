/* SPDX-License-Identifier: ISC */
/*
 * cetrackd's record of the people its next pass may skip (store_watch.h).
 * Days are stored as YYYY-MM-DD, like every date of the schema, so that
 * they compare as text.
 */
#include <limits.h>
#include <string.h>

#include "base/date.h"
#include "store/store_watch.h"
#include "base/util.h"

static const char sql_digest_get[] =
    "SELECT digest FROM pass_watch_meta WHERE id = 1";
static const char sql_digest_set[] =
    "INSERT INTO pass_watch_meta (id, digest) VALUES (1, ?1) "
    "ON CONFLICT (id) DO UPDATE SET digest = excluded.digest";
static const char sql_forget[] = "DELETE FROM pass_watch";
/* Due: no row, its day has come, or it was written on a later day. */
static const char sql_due[] =
    "SELECT (SELECT count(*) FROM (" STORE_WATCH_DUE_SQL ")), "
    "(SELECT count(*) FROM person WHERE active = 1)";
static const char sql_put[] =
    "INSERT INTO pass_watch (person_id, evaluated, next_eval) "
    "VALUES (?1, ?2, ?3) ON CONFLICT (person_id) DO UPDATE SET "
    "evaluated = excluded.evaluated, next_eval = excluded.next_eval";
/* WHERE 1: an upsert's SELECT needs a WHERE before ON CONFLICT. */
static const char sql_claim[] =
    "INSERT INTO pass_watch (person_id, evaluated, next_eval) "
    "SELECT id, ?1, '" WATCH_CLAIM_ISO "' FROM (" STORE_WATCH_DUE_SQL ") "
    "WHERE 1 ON CONFLICT (person_id) DO UPDATE SET "
    "evaluated = excluded.evaluated, next_eval = excluded.next_eval";
static const char sql_settle[] =
    "UPDATE pass_watch SET evaluated = ?2, next_eval = ?3 "
    "WHERE person_id = ?1 AND next_eval = '" WATCH_CLAIM_ISO "'";
static const char sql_get[] =
    "SELECT evaluated, next_eval FROM pass_watch WHERE person_id = ?1";

/* A day as YYYY-MM-DD; INT_MAX (never) as WATCH_NEVER_ISO. */
static const char *
watch_day(int day, char *buf)
{
	if (day == INT_MAX)
		return WATCH_NEVER_ISO;
	return date_format(day, buf);
}

int
store_watch_digest(struct db *db, char *buf, size_t len, char *err,
    size_t errlen)
{
	sqlite3_stmt	*s;
	int		 rc, ret = -1;

	if (len > 0)
		*buf = '\0';
	if (db_cached(db, &s, sql_digest_get, err, errlen) == -1)
		return -1;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (db_column_copy(s, 0, buf, len) == -1) {
			(void)cet_fmt(err, errlen, "pass watch: the stored "
			    "digest is too long");
			goto out;
		}
	} else if (rc != SQLITE_DONE) {
		db_err(db, "pass watch", err, errlen);
		goto out;
	}
	ret = 0;
out:
	db_release(s);
	return ret;
}

int
store_watch_reset(struct db *db, const char *digest, char *err,
    size_t errlen)
{
	sqlite3_stmt	*s;
	int		 ret = -1;

	if (db_cached(db, &s, sql_forget, err, errlen) == -1)
		return -1;
	if (sqlite3_step(s) != SQLITE_DONE) {
		db_err(db, "pass watch", err, errlen);
		db_release(s);
		return -1;
	}
	db_release(s);
	if (db_cached(db, &s, sql_digest_set, err, errlen) == -1)
		return -1;
	if (db_bind_text(s, 1, digest, 0) == -1 ||
	    sqlite3_step(s) != SQLITE_DONE)
		db_err(db, "pass watch digest", err, errlen);
	else
		ret = 0;
	db_release(s);
	return ret;
}

int
store_watch_due(struct db *db, int today, int64_t *ndue, int64_t *npeople,
    char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	char		 d[DATE_BUFSZ];
	int		 ret = -1;

	*ndue = *npeople = 0;
	if (db_cached(db, &s, sql_due, err, errlen) == -1)
		return -1;
	if (db_bind_text(s, 1, date_format(today, d), 0) == -1 ||
	    sqlite3_step(s) != SQLITE_ROW) {
		db_err(db, "pass watch", err, errlen);
		goto out;
	}
	*ndue = sqlite3_column_int64(s, 0);
	*npeople = sqlite3_column_int64(s, 1);
	ret = 0;
out:
	db_release(s);
	return ret;
}

/* One person's row through sql (sql_put or sql_settle); *changed: whether
 * a row was written. */
static int
watch_write(struct db *db, const char *sql, int64_t person_id, int evaluated,
    int next_eval, int *changed, char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	char		 a[DATE_BUFSZ], b[DATE_BUFSZ];
	int		 ret = -1;

	*changed = 0;
	if (next_eval <= evaluated) {
		(void)cet_fmt(err, errlen, "pass watch: person %lld: next "
		    "day not after the day evaluated", (long long)person_id);
		return -1;
	}
	if (db_cached(db, &s, sql, err, errlen) == -1)
		return -1;
	if (sqlite3_bind_int64(s, 1, person_id) != SQLITE_OK ||
	    db_bind_text(s, 2, watch_day(evaluated, a), 0) == -1 ||
	    db_bind_text(s, 3, watch_day(next_eval, b), 0) == -1 ||
	    sqlite3_step(s) != SQLITE_DONE)
		db_err(db, "pass watch", err, errlen);
	else {
		*changed = sqlite3_changes(db->h) > 0;
		ret = 0;
	}
	db_release(s);
	return ret;
}

int
store_watch_put(struct db *db, int64_t person_id, int evaluated,
    int next_eval, char *err, size_t errlen)
{
	int	changed;

	return watch_write(db, sql_put, person_id, evaluated, next_eval,
	    &changed, err, errlen);
}

int
store_watch_claim(struct db *db, int today, int64_t *nclaimed, char *err,
    size_t errlen)
{
	sqlite3_stmt	*s;
	char		 d[DATE_BUFSZ];
	int		 ret = -1;

	*nclaimed = 0;
	if (db_cached(db, &s, sql_claim, err, errlen) == -1)
		return -1;
	if (db_bind_text(s, 1, date_format(today, d), 0) == -1 ||
	    sqlite3_step(s) != SQLITE_DONE)
		db_err(db, "pass watch", err, errlen);
	else {
		*nclaimed = sqlite3_changes64(db->h);
		ret = 0;
	}
	db_release(s);
	return ret;
}

int
store_watch_settle(struct db *db, int64_t person_id, int evaluated,
    int next_eval, int *settled, char *err, size_t errlen)
{
	return watch_write(db, sql_settle, person_id, evaluated, next_eval,
	    settled, err, errlen);
}

int
store_watch_get(struct db *db, int64_t person_id, int *evaluated,
    int *next_eval, char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	const char	*e, *n;
	int		 rc, ret = -1;

	if (db_cached(db, &s, sql_get, err, errlen) == -1)
		return -1;
	if (sqlite3_bind_int64(s, 1, person_id) != SQLITE_OK) {
		db_err(db, "pass watch", err, errlen);
		goto out;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_DONE) {
		ret = 0;
		goto out;
	}
	if (rc != SQLITE_ROW) {
		db_err(db, "pass watch", err, errlen);
		goto out;
	}
	e = (const char *)sqlite3_column_text(s, 0);
	n = (const char *)sqlite3_column_text(s, 1);
	if (e == NULL || n == NULL || date_parse_iso(e, evaluated) == -1 ||
	    (strcmp(n, WATCH_NEVER_ISO) == 0 ? (*next_eval = INT_MAX, 0) :
	    date_parse_iso(n, next_eval)) == -1) {
		(void)cet_fmt(err, errlen, "pass watch: person %lld: a stored "
		    "day is not YYYY-MM-DD", (long long)person_id);
		goto out;
	}
	ret = 1;
out:
	db_release(s);
	return ret;
}
