/* SPDX-License-Identifier: ISC */
/*
 * Reading the audit log back (`cetrack history`). The rows are written by
 * store_audit (store.c) and never change; what they are about may have
 * changed since, or be gone. Each row comes back with what is cheap to
 * say about its entity now: the name of the person it is about and a
 * label for the entity itself (a person's or organization's name, a
 * credential's program, jurisdiction and number, a course's title). Only
 * the rows returned are looked up, and the log is counted only when the
 * limit left rows out: `history` on an employer's log of a million rows
 * reads the newest 50 without touching the rest.
 *
 * SQLite may give a removed row's id to the next row added, so a join on
 * an id alone could name the wrong thing: a row is only matched to an
 * entity created at or before it, and `--person` only takes rows written
 * since that person was added: after the person's latest "add" row, which
 * holds even if the clock was set back since; for a person who came in
 * without one (an export restored), by the person's creation time.
 *
 * The person a row is about is the one its writer recorded (schema 7);
 * rows written before that are matched through the current tables, which
 * cannot find what was removed before the upgrade.
 */

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/db.h"
#include "store/outbox.h"
#include "store/store.h"
#include "store/store_int.h"
#include "base/util.h"

/*
 * The person a row is about: the one its writer recorded, else (rows from
 * before schema 7) the entity's owner now, if the entity is still there
 * and not newer than the row. Scalar subqueries rather than joins, so
 * that only the rows asked for pay for them.
 */
#define AUDIT_PID \
    "coalesce(a.person_id, CASE a.entity " \
    "WHEN 'person' THEN a.entity_id " \
    "WHEN 'credential' THEN (SELECT person_id FROM credential " \
    "WHERE id = a.entity_id AND created <= a.at) " \
    "WHEN 'activity' THEN (SELECT person_id FROM activity " \
    "WHERE id = a.entity_id AND created <= a.at) " \
    "WHEN 'notification' THEN (SELECT c.person_id FROM notification n " \
    "JOIN credential c ON c.id = n.credential_id " \
    "WHERE n.id = a.entity_id AND n.created <= a.at) END)"

/* What the entity is now, if it is still there and not newer. */
#define AUDIT_LABEL \
    "CASE a.entity " \
    "WHEN 'person' THEN (SELECT name FROM person " \
    "WHERE id = a.entity_id AND created <= a.at) " \
    "WHEN 'organization' THEN (SELECT name FROM organization " \
    "WHERE id = a.entity_id AND created <= a.at) " \
    "WHEN 'credential' THEN (SELECT program || " \
    "iif(state <> '', ' ' || state, '') || ' ' || number FROM credential " \
    "WHERE id = a.entity_id AND created <= a.at) " \
    "WHEN 'activity' THEN (SELECT title FROM activity " \
    "WHERE id = a.entity_id AND created <= a.at) END"

/*
 * The filters, NULL for any: ?1 a person (from their latest "add" row,
 * else from their creation), ?2 the earliest time (UTC text, which sorts
 * as time does), ?3 an entity.
 */
#define AUDIT_WHERE \
    "WHERE (?1 IS NULL OR (" AUDIT_PID " = ?1 AND coalesce(" \
    "a.id >= (SELECT max(id) FROM audit WHERE entity = 'person' " \
    "AND entity_id = ?1 AND action = 'add'), " \
    "a.at >= (SELECT created FROM person WHERE id = ?1)))) " \
    "AND (?2 IS NULL OR a.at >= ?2) AND (?3 IS NULL OR a.entity = ?3)"

/* The newest ?4 rows (-1: all) that pass, oldest first. */
static const char sql_audit_select[] =
    "SELECT id, at, actor, action, entity, entity_id, detail, pid, label, "
    "(SELECT name FROM person WHERE id = pid AND created <= at) FROM ("
    "SELECT a.id, a.at, a.actor, a.action, a.entity, a.entity_id, "
    "a.detail, " AUDIT_PID " AS pid, " AUDIT_LABEL " AS label "
    "FROM audit a " AUDIT_WHERE " ORDER BY a.id DESC LIMIT ?4) "
    "ORDER BY id";

/* How many pass in all: asked only when the limit left some out. */
static const char sql_audit_count[] =
    "SELECT count(*) FROM audit a " AUDIT_WHERE;

/* Every entity a writer names, for filters and their error messages. */
const char *const store_audit_entities[] = {
	"person", "credential", "activity", "organization", "certificate",
	"notification", "webhook_endpoint", "file", "education",
	"experience", "experience_log", "exam", NULL
};

static const char *store_audit_col(sqlite3_stmt *, int);
static int	 store_audit_bind(sqlite3_stmt *, const struct store_audit_filter *,
		    const char *);

int
store_audit_entity_known(const char *entity)
{
	size_t	i;

	for (i = 0; store_audit_entities[i] != NULL; i++) {
		if (strcmp(store_audit_entities[i], entity) == 0)
			return 1;
	}
	return 0;
}

/* A text column, or NULL for NULL. */
static const char *
store_audit_col(sqlite3_stmt *s, int col)
{
	return (const char *)sqlite3_column_text(s, col);
}

/* The filters as ?1 to ?3; since is f->since as text, or NULL. */
static int
store_audit_bind(sqlite3_stmt *s, const struct store_audit_filter *f,
    const char *since)
{
	if (store_bind_id(s, 1, f->person_id) == -1 ||
	    (since != NULL ? sqlite3_bind_text(s, 2, since, -1,
	    SQLITE_TRANSIENT) : sqlite3_bind_null(s, 2)) != SQLITE_OK ||
	    (f->entity != NULL ? sqlite3_bind_text(s, 3, f->entity, -1,
	    SQLITE_TRANSIENT) : sqlite3_bind_null(s, 3)) != SQLITE_OK)
		return -1;
	return 0;
}

int
store_audit_each(struct db *db, const struct store_audit_filter *f,
    size_t limit, store_audit_fn fn, void *arg, int64_t *total, char *err,
    size_t errlen)
{
	struct store_audit_row	 r;
	sqlite3_stmt		*s;
	char			 since[OUTBOX_TIME_BUFSZ];
	size_t			 n = 0;
	int64_t			 all;
	int			 rc, ret = -1;

	if (total != NULL)
		*total = 0;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (f->since != 0 && outbox_time_format(f->since, since,
	    sizeof(since)) == -1) {
		store_err(err, errlen, "audit: the time %lld is out of range",
		    (long long)f->since);
		return -1;
	}
	if (db_cached(db, &s, sql_audit_select, err, errlen) == -1)
		return -1;
	if (store_audit_bind(s, f, f->since != 0 ? since : NULL) == -1 ||
	    sqlite3_bind_int64(s, 4, limit > 0 && limit < INT64_MAX ?
	    (sqlite3_int64)limit : -1) != SQLITE_OK) {
		db_err(db, "audit", err, errlen);
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&r, 0, sizeof(r));
		r.id = sqlite3_column_int64(s, 0);
		r.at = store_audit_col(s, 1);
		r.actor = store_audit_col(s, 2);
		r.action = store_audit_col(s, 3);
		r.entity = store_audit_col(s, 4);
		r.entity_id = sqlite3_column_int64(s, 5);	/* 0 for NULL */
		r.detail = store_audit_col(s, 6);
		r.person_id = sqlite3_column_int64(s, 7);
		r.label = store_audit_col(s, 8);
		r.person = store_audit_col(s, 9);
		n++;
		if (fn(&r, arg) == -1)
			goto out;
	}
	if (rc != SQLITE_DONE) {
		db_err(db, "audit", err, errlen);
		goto out;
	}
	db_release(s);
	s = NULL;
	/* Counting scans the log: only when the limit left some out. */
	all = (int64_t)n;
	if (total != NULL && limit > 0 && n == limit) {
		if (db_cached(db, &s, sql_audit_count, err, errlen) == -1)
			goto out;
		if (store_audit_bind(s, f, f->since != 0 ? since : NULL) ==
		    -1 || sqlite3_step(s) != SQLITE_ROW) {
			db_err(db, "audit", err, errlen);
			goto out;
		}
		/* A row written in between cannot make it fewer. */
		if ((all = sqlite3_column_int64(s, 0)) < (int64_t)n)
			all = (int64_t)n;
	}
	if (total != NULL)
		*total = all;
	ret = 0;
out:
	db_release(s);
	return ret;
}
