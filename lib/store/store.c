/* SPDX-License-Identifier: ISC */
/*
 * What the store modules share (store_int.h): messages, statements run for
 * effect, the savepoint around each write, binders, the audit log, and the
 * row readers of people, credentials and cycles that both the lookups
 * (store_cred.c, store_org.c) and the scan (store_scan.c) use. Structs
 * carry dates as day numbers and hours as hundredths; the tables hold
 * 'YYYY-MM-DD' text and integers, and the store converts between them.
 * Each write of a person's records (store_cred.c, store_org.c: people,
 * credentials, cycles, activities, organizations) appends its audit row
 * and runs inside a savepoint, so that a failed call leaves nothing
 * half-written even inside the caller's transaction. Not audited here: a
 * whole import (one "import file" row, exchange/import.c), rows copied in
 * bulk by store_insert_* (the import's), a credential's reminder settings
 * and outbox retries (the CLI writes those rows), and the daemon's own
 * bookkeeping (the outbox, the pass record, the watch list).
 */

#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "store/db.h"
#include "base/model.h"
#include "store/store.h"
#include "store/store_int.h"
#include "base/util.h"

static const char sql_sp_begin[] = "SAVEPOINT store";
static const char sql_sp_release[] = "RELEASE store";
static const char sql_sp_rollback[] = "ROLLBACK TO store";

/* The person a row is about, unless the writer says (?6): the entity's
 * owner as it is now, inside the write. */
static const char sql_audit_add[] =
    "INSERT INTO audit (at, actor, action, entity, entity_id, detail, "
    "person_id) VALUES (" STORE_NOW ", ?1, ?2, ?3, ?4, ?5, "
    "coalesce(?6, CASE ?3 "
    "WHEN 'person' THEN ?4 "
    "WHEN 'credential' THEN (SELECT person_id FROM credential WHERE id = ?4) "
    "WHEN 'activity' THEN (SELECT person_id FROM activity WHERE id = ?4) "
    "WHEN 'notification' THEN (SELECT c.person_id FROM notification n "
    "JOIN credential c ON c.id = n.credential_id WHERE n.id = ?4) END))";

static const char *store_actor(void);

/* store_audit_actor's name; "" for the default. */
static char	store_actor_name[STORE_ACTOR_MAX];

/*
 * A message that does not fit the caller's buffer is cut short: there is
 * nothing better to do with it, and the start says what happened.
 */
void
store_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list	ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Run a cached statement that returns no rows. */
int
store_run(struct db *db, const char *sql, char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	int		 ret = -1;

	if (db_cached(db, &s, sql, err, errlen) == -1)
		return -1;
	if (sqlite3_step(s) != SQLITE_DONE) {
		db_err(db, sql, err, errlen);
		goto out;
	}
	ret = 0;
out:
	db_release(s);
	return ret;
}

/*
 * A savepoint around each write: inside the caller's transaction it undoes
 * just this call on failure; outside one it is the transaction.
 */
int
store_sp_begin(struct db *db, char *err, size_t errlen)
{
	return store_run(db, sql_sp_begin, err, errlen);
}

int
store_sp_end(struct db *db, int ok, int ret, char *err, size_t errlen)
{
	if (!ok) {
		/* After some errors SQLite has rolled back everything already. */
		if (db_in_transaction(db)) {
			(void)store_run(db, sql_sp_rollback, NULL, 0);
			(void)store_run(db, sql_sp_release, NULL, 0);
		}
		return ret;
	}
	/* Releasing the outermost savepoint commits, and that can fail. */
	if (store_run(db, sql_sp_release, err, errlen) == -1) {
		if (db_in_transaction(db)) {
			(void)store_run(db, sql_sp_rollback, NULL, 0);
			(void)store_run(db, sql_sp_release, NULL, 0);
		}
		return -1;
	}
	return ret;
}

int
store_bind_date(sqlite3_stmt *s, int idx, int days)
{
	char	buf[DATE_BUFSZ];

	date_format(days, buf);
	return sqlite3_bind_text(s, idx, buf, -1, SQLITE_TRANSIENT) ==
	    SQLITE_OK ? 0 : -1;
}

/* An id, or NULL for 0 ("none"). */
int
store_bind_id(sqlite3_stmt *s, int idx, int64_t id)
{
	if (id <= 0)
		return sqlite3_bind_null(s, idx) == SQLITE_OK ? 0 : -1;
	return sqlite3_bind_int64(s, idx, id) == SQLITE_OK ? 0 : -1;
}

/*
 * Who audit rows name: a program that is not a person says so
 * (store_audit_actor: "cetrackd"); the person behind sudo is the one who
 * made the change; otherwise the OS account running us. The account's
 * name comes from the password database, not $USER, which a cron job,
 * `su` or a container may leave unset or set to someone else; it is
 * looked up once per process (an import audits thousands of rows, and an
 * NSS lookup may go over the network).
 */
static const char *
store_actor(void)
{
	static char	 name[STORE_ACTOR_MAX];
	static uid_t	 named = (uid_t)-1;
	struct passwd	 pw, *res = NULL;
	char		 buf[4096];
	const char	*s;
	uid_t		 uid;

	if (store_actor_name[0] != '\0')
		return store_actor_name;
	if ((s = getenv("SUDO_USER")) != NULL && s[0] != '\0')
		return s;
	uid = getuid();
	if (named != uid) {
		if (getpwuid_r(uid, &pw, buf, sizeof(buf), &res) != 0 ||
		    res == NULL || res->pw_name == NULL ||
		    res->pw_name[0] == '\0' ||
		    cet_fmt(name, sizeof(name), "%s", res->pw_name) == -1)
			(void)cet_fmt(name, sizeof(name), "uid %lu",
			    (unsigned long)uid);
		named = uid;
	}
	return name;
}

void
store_audit_actor(const char *name)
{
	(void)cet_strlcpy(store_actor_name, name != NULL ? name : "",
	    sizeof(store_actor_name));
}

int
store_audit(struct db *db, const char *action, const char *entity,
    int64_t entity_id, const char *detail, char *err, size_t errlen)
{
	return store_audit_person(db, action, entity, entity_id, 0, detail,
	    err, errlen);
}

int
store_audit_person(struct db *db, const char *action, const char *entity,
    int64_t entity_id, int64_t person_id, const char *detail, char *err,
    size_t errlen)
{
	sqlite3_stmt	*s;
	int		 ret = -1;

	if (db_cached(db, &s, sql_audit_add, err, errlen) == -1)
		return -1;
	if (db_bind_text(s, 1, store_actor(), 0) == -1 ||
	    db_bind_text(s, 2, action, 0) == -1 ||
	    db_bind_text(s, 3, entity, 0) == -1 ||
	    store_bind_id(s, 4, entity_id) == -1 ||
	    db_bind_text(s, 5, detail, 1) == -1 ||
	    store_bind_id(s, 6, person_id) == -1) {
		db_err(db, "audit", err, errlen);
		goto out;
	}
	if (sqlite3_step(s) != SQLITE_DONE) {
		db_err(db, "audit", err, errlen);
		goto out;
	}
	ret = 0;
out:
	db_release(s);
	return ret;
}

int
store_rows_collect(struct db *db, sqlite3_stmt *s, const char *entity,
    store_row_fn row, size_t size, void **out, size_t *n, char *err,
    size_t errlen)
{
	char	*v = NULL;
	size_t	 len = 0, cap = 0;
	int	 rc;

	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? cap * 2 : 8;
			v = xreallocarray(v, cap, size);
		}
		if (row(s, v + len * size, err, errlen) == -1) {
			free(v);
			return -1;
		}
		len++;
	}
	if (rc != SQLITE_DONE) {
		db_err(db, entity, err, errlen);
		free(v);
		return -1;
	}
	*out = v;
	*n = len;
	return 0;
}

/* -- row readers ----------------------------------------------------- */

int
store_person_row(sqlite3_stmt *s, struct person *p, char *err, size_t errlen)
{
	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(s, 0);
	if (store_copy(s, 1, p->name, sizeof(p->name), "person", p->id, err,
	    errlen) == -1 ||
	    store_copy(s, 2, p->email, sizeof(p->email), "person", p->id, err,
	    errlen) == -1 ||
	    store_copy(s, 4, p->external_id, sizeof(p->external_id), "person",
	    p->id, err, errlen) == -1)
		return -1;
	p->org_id = sqlite3_column_int64(s, 3);	/* 0 for NULL */
	p->active = sqlite3_column_int(s, 5);
	return 0;
}

/*
 * Step a prepared (bound) person SELECT to its end and collect the rows;
 * releases s in every case. Shared by every "list of people" read.
 */
int
store_people_collect(struct db *db, sqlite3_stmt *s, struct person **out,
    size_t *n, char *err, size_t errlen)
{
	struct person	*v = NULL;
	size_t		 len = 0, cap = 0;
	int		 rc, ret = -1;

	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		if (store_person_row(s, &v[len], err, errlen) == -1)
			goto out;
		len++;
	}
	if (rc != SQLITE_DONE) {
		db_err(db, "person", err, errlen);
		goto out;
	}
	*out = v;
	*n = len;
	v = NULL;
	ret = 0;
out:
	free(v);
	db_release(s);
	return ret;
}

int
store_cred_row(sqlite3_stmt *s, int col, struct credential *c, char *err,
    size_t errlen)
{
	char	status[16];

	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(s, col);
	c->person_id = sqlite3_column_int64(s, col + 1);
	if (store_copy(s, col + 2, c->program, sizeof(c->program),
	    "credential", c->id, err, errlen) == -1 ||
	    store_copy(s, col + 3, c->number, sizeof(c->number),
	    "credential", c->id, err, errlen) == -1 ||
	    store_copy(s, col + 4, c->state, sizeof(c->state),
	    "credential", c->id, err, errlen) == -1 ||
	    store_copy(s, col + 5, c->attrs, sizeof(c->attrs),
	    "credential", c->id, err, errlen) == -1 ||
	    store_copy(s, col + 6, status, sizeof(status),
	    "credential", c->id, err, errlen) == -1)
		return -1;
	if (cred_status_from_name(status, &c->status) == -1) {
		store_err(err, errlen, "credential %lld: unknown status '%s'",
		    (long long)c->id, status);
		return -1;
	}
	return 0;
}

int
store_cycle_row(sqlite3_stmt *s, int col, struct cycle *y, char *err,
    size_t errlen)
{
	memset(y, 0, sizeof(*y));
	y->id = sqlite3_column_int64(s, col);
	y->credential_id = sqlite3_column_int64(s, col + 1);
	y->renewal_index = sqlite3_column_int(s, col + 4);
	y->carry_in = (long)sqlite3_column_int64(s, col + 5);
	y->closed = -1;
	if (store_column_date(s, col + 2, &y->start) == -1 ||
	    store_column_date(s, col + 3, &y->valid_through) == -1 ||
	    (sqlite3_column_type(s, col + 6) != SQLITE_NULL &&
	    store_column_date(s, col + 6, &y->closed) == -1)) {
		store_err(err, errlen, "cycle %lld: stored date is not "
		    "YYYY-MM-DD", (long long)y->id);
		return -1;
	}
	y->renewal_assumed = sqlite3_column_int(s, col + 8) != 0;
	return store_copy(s, col + 7, y->outcome, sizeof(y->outcome), "cycle",
	    y->id, err, errlen);
}

int
store_db_uid(struct db *db, char *buf, size_t len, char *err, size_t errlen)
{
	static const char sql[] = "SELECT uid FROM database_meta WHERE id = 1";
	sqlite3_stmt	*s;
	int		 rc, ret = -1;

	if (len > 0)
		*buf = '\0';
	if (db_cached(db, &s, sql, err, errlen) == -1)
		return -1;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (db_column_copy(s, 0, buf, len) == -1)
			(void)cet_fmt(err, errlen, "database id: too long");
		else
			ret = 0;
	} else if (rc == SQLITE_DONE)
		(void)cet_fmt(err, errlen, "database '%s' has no id (schema "
		    "8); run 'cetrack init'", db->path);
	else
		db_err(db, "database id", err, errlen);
	db_release(s);
	return ret;
}
