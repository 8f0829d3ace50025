/* SPDX-License-Identifier: ISC */
/*
 * Reading the audit log back (`cetrack history`). The rows are written by
 * store_audit (store.c) and never change; what they are about may have
 * changed since, or be gone. Each row comes back with what is cheap to
 * say about its entity now, from one query: the name of the person it is
 * about and a label for the entity itself (a person's or organization's
 * name, a credential's program, jurisdiction and number, a course's
 * title).
 *
 * SQLite may give a removed row's id to the next row added, so a join on
 * an id alone could name the wrong thing: a row is only joined to an
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
 * The newest ?4 rows (-1: all) that pass the filters, oldest first, each
 * with the number that pass in all. ?1: a person, ?2: the earliest time
 * (UTC text, which sorts as time does), ?3: an entity; NULL for any.
 */
static const char sql_audit_select[] =
    "SELECT id, at, actor, action, entity, entity_id, detail, pid, label, "
    "(SELECT name FROM person WHERE id = pid AND created <= at), total "
    "FROM (SELECT *, count(*) OVER () AS total FROM ("
    "SELECT a.id, a.at, a.actor, a.action, a.entity, a.entity_id, a.detail, "
    "coalesce(a.person_id, CASE a.entity "
    "WHEN 'person' THEN a.entity_id "
    "WHEN 'credential' THEN c.person_id "
    "WHEN 'activity' THEN t.person_id "
    "WHEN 'notification' THEN (SELECT c2.person_id FROM notification n "
    "JOIN credential c2 ON c2.id = n.credential_id "
    "WHERE n.id = a.entity_id AND n.created <= a.at) END) AS pid, "
    "CASE a.entity "
    "WHEN 'person' THEN p.name "
    "WHEN 'organization' THEN o.name "
    "WHEN 'credential' THEN c.program || "
    "iif(c.state <> '', ' ' || c.state, '') || ' ' || c.number "
    "WHEN 'activity' THEN t.title END AS label "
    "FROM audit a "
    "LEFT JOIN person p ON a.entity = 'person' AND p.id = a.entity_id "
    "AND p.created <= a.at "
    "LEFT JOIN organization o ON a.entity = 'organization' "
    "AND o.id = a.entity_id AND o.created <= a.at "
    "LEFT JOIN credential c ON a.entity = 'credential' "
    "AND c.id = a.entity_id AND c.created <= a.at "
    "LEFT JOIN activity t ON a.entity = 'activity' AND t.id = a.entity_id "
    "AND t.created <= a.at) "
    "WHERE (?1 IS NULL OR (pid = ?1 AND coalesce("
    "id >= (SELECT max(id) FROM audit WHERE entity = 'person' "
    "AND entity_id = ?1 AND action = 'add'), "
    "at >= (SELECT created FROM person WHERE id = ?1)))) "
    "AND (?2 IS NULL OR at >= ?2) AND (?3 IS NULL OR entity = ?3) "
    "ORDER BY id DESC LIMIT ?4) "
    "ORDER BY id";

/* Every entity a writer names, for filters and their error messages. */
const char *const store_audit_entities[] = {
	"person", "credential", "activity", "organization", "certificate",
	"notification", "webhook_endpoint", "file", NULL
};

static char	*store_audit_text(sqlite3_stmt *, int);

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

/* A text column as a string of its own; NULL for NULL. */
static char *
store_audit_text(sqlite3_stmt *s, int col)
{
	const unsigned char	*t;

	if ((t = sqlite3_column_text(s, col)) == NULL)
		return NULL;
	return xstrdup((const char *)t);
}

int
store_audit_select(struct db *db, const struct store_audit_filter *f,
    size_t limit, struct store_audit_row **out, size_t *n, int64_t *total,
    char *err, size_t errlen)
{
	struct store_audit_row	*v = NULL, *r;
	sqlite3_stmt		*s;
	char			 since[OUTBOX_TIME_BUFSZ];
	size_t			 len = 0, cap = 0;
	int64_t			 all = 0;
	int			 rc, ret = -1;

	*out = NULL;
	*n = 0;
	if (total != NULL)
		*total = 0;
	if (f->since != 0 && outbox_time_format(f->since, since,
	    sizeof(since)) == -1) {
		store_err(err, errlen, "audit: the time %lld is out of range",
		    (long long)f->since);
		return -1;
	}
	if (db_cached(db, &s, sql_audit_select, err, errlen) == -1)
		return -1;
	if (store_bind_id(s, 1, f->person_id) == -1 ||
	    (f->since != 0 ? sqlite3_bind_text(s, 2, since, -1,
	    SQLITE_TRANSIENT) : sqlite3_bind_null(s, 2)) != SQLITE_OK ||
	    (f->entity != NULL ? sqlite3_bind_text(s, 3, f->entity, -1,
	    SQLITE_TRANSIENT) : sqlite3_bind_null(s, 3)) != SQLITE_OK ||
	    sqlite3_bind_int64(s, 4, limit > 0 && limit < INT64_MAX ?
	    (sqlite3_int64)limit : -1) != SQLITE_OK) {
		db_err(db, "audit", err, errlen);
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		r = &v[len++];
		memset(r, 0, sizeof(*r));
		r->id = sqlite3_column_int64(s, 0);
		(void)db_column_copy(s, 1, r->at, sizeof(r->at));
		r->actor = store_audit_text(s, 2);
		r->action = store_audit_text(s, 3);
		r->entity = store_audit_text(s, 4);
		r->entity_id = sqlite3_column_int64(s, 5);	/* 0 for NULL */
		r->detail = store_audit_text(s, 6);
		r->person_id = sqlite3_column_int64(s, 7);
		r->label = store_audit_text(s, 8);
		r->person = store_audit_text(s, 9);
		all = sqlite3_column_int64(s, 10);
	}
	if (rc != SQLITE_DONE) {
		db_err(db, "audit", err, errlen);
		goto out;
	}
	*out = v;
	*n = len;
	v = NULL;
	len = 0;
	if (total != NULL)
		*total = all;
	ret = 0;
out:
	db_release(s);
	store_audit_rows_free(v, len);
	return ret;
}

void
store_audit_rows_free(struct store_audit_row *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].actor);
		free(v[i].action);
		free(v[i].entity);
		free(v[i].detail);
		free(v[i].label);
		free(v[i].person);
	}
	free(v);
}
