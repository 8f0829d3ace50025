/* SPDX-License-Identifier: ISC */
/*
 * Organizations, and the store calls that bulk import and export need on
 * top of store_cred.c: people by organization and external id, credentials
 * by their natural key, updates and removals (each with its audit row), a
 * duplicate check for transcript rows, and a generic whole-table reader
 * and writer driven by the column lists of export.c. Like store_cred.c,
 * every write runs in a savepoint of its own inside the caller's
 * transaction, and every statement that runs once per imported row is
 * cached (db_cached), so an import of 100,000 rows prepares each statement
 * once.
 */

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "store/db.h"
#include "base/model.h"
#include "store/store.h"
#include "store/store_org.h"
#include "store/store_int.h"
#include "base/util.h"

#define ORG_COLS	"id, name, contact_email, webhook_url, created"
#define CRED_COLS	"id, person_id, program, number, state, attrs, status"


static const char sql_snap_begin[] = "BEGIN DEFERRED";
/* 64 MiB (negative: KiB), for this connection only; and the journals of
 * the per-row savepoints in memory, not in temporary files. */
static const char sql_bulk_cache[] = "PRAGMA cache_size = -65536";
static const char sql_bulk_temp[] = "PRAGMA temp_store = MEMORY";
static const char sql_snap_end[] = "ROLLBACK";

static const char sql_org_add[] =
    "INSERT INTO organization (name, contact_email, created) "
    "VALUES (?1, ?2, " STORE_NOW ")";
static const char sql_org_by_id[] =
    "SELECT " ORG_COLS " FROM organization WHERE id = ?1";
static const char sql_org_by_name[] =
    "SELECT " ORG_COLS " FROM organization WHERE name = ?1";
static const char sql_org_all[] =
    "SELECT " ORG_COLS " FROM organization ORDER BY id";
/* Its people: the removed ones (person rm) are no longer counted. */
static const char sql_org_people[] =
    "SELECT " STORE_PERSON_COLS " FROM person WHERE org_id = ?1 "
    "AND active = 1 ORDER BY id";
static const char sql_org_rows[] =
    "SELECT (SELECT count(*) FROM organization) + "
    "(SELECT count(*) FROM person) + (SELECT count(*) FROM credential) + "
    "(SELECT count(*) FROM activity) + (SELECT count(*) FROM notification)";

static const char sql_person_by_ext[] =
    "SELECT " STORE_PERSON_COLS " FROM person WHERE org_id IS ?1 "
    "AND external_id = ?2";
static const char sql_person_ext_any[] =
    "SELECT " STORE_PERSON_COLS " FROM person WHERE external_id = ?1 "
    "ORDER BY id LIMIT 2";
static const char sql_person_name[] =
    "SELECT " STORE_PERSON_COLS " FROM person WHERE name = ?1 "
    "ORDER BY id LIMIT 2";
static const char sql_person_update[] =
    "UPDATE person SET name = ?2, email = ?3, org_id = ?4, "
    "external_id = ?5, active = ?6 WHERE id = ?1";
static const char sql_person_namesake[] =
    "SELECT id FROM person WHERE name = ?1 AND org_id IS ?2 AND active = 1 "
    "AND id != ?3 ORDER BY id LIMIT 1";
static const char sql_person_deactivate[] =
    "UPDATE person SET active = 0 WHERE id = ?1 AND active = 1 RETURNING name";
/* What a removed person would still have been sent. */
static const char sql_person_quiet[] =
    "UPDATE notification SET status = 'skipped', skip_reason = 'the person "
    "was removed', next_attempt = NULL, updated = " STORE_NOW " "
    "WHERE status IN ('pending', 'failed') AND credential_id IN "
    "(SELECT id FROM credential WHERE person_id = ?1)";
static const char sql_org_update[] =
    "UPDATE organization SET name = ?2, contact_email = ?3 WHERE id = ?1";
static const char sql_org_members[] =
    "SELECT count(*) FROM person WHERE org_id = ?1 AND active = 1";
static const char sql_org_rm[] =
    "DELETE FROM organization WHERE id = ?1 RETURNING name";
static const char sql_person_rm[] =
    "DELETE FROM person WHERE id = ?1 RETURNING name";

static const char sql_cred_by_key[] =
    "SELECT " CRED_COLS " FROM credential WHERE program = ?1 "
    "AND state = ?2 AND number = ?3";
static const char sql_cred_update[] =
    "UPDATE credential SET person_id = ?2, attrs = ?3, status = ?4, "
    "number = ?5, state = ?6 WHERE id = ?1";
static const char sql_cred_rm[] =
    "DELETE FROM credential WHERE id = ?1 "
    "RETURNING program, state, number, person_id";
static const char sql_cycle_update[] =
    "UPDATE cycle SET start = ?2, valid_through = ?3, renewal_index = ?4, "
    "renewal_assumed = ?5 WHERE credential_id = ?1 AND closed IS NULL "
    "RETURNING id";
static const char sql_cycle_insert[] =
    "INSERT INTO cycle (credential_id, start, valid_through, "
    "renewal_index, carry_in, renewal_assumed) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

static const char sql_act_same[] =
    "SELECT id FROM activity WHERE person_id = ?1 AND completed = ?2 "
    "AND title = ?3 AND unit = ?4 AND amount = ?5 LIMIT 1";

struct store_rows {
	struct db		*db;
	sqlite3_stmt		*s;
	size_t			 ncols;
	struct store_value	*vals;
};

struct store_insert {
	struct db	*db;
	sqlite3_stmt	*s;
	size_t		 ncols;
	char		*table;
};

static int	storg_org_row(sqlite3_stmt *, struct organization *, char *,
		    size_t);
static int	storg_org_one(struct db *, const char *, sqlite3_stmt *,
		    struct organization *, int *, char *, size_t);
static int	storg_person_one(struct db *, const char *, const char *,
		    struct person *, int *, char *, size_t);
static int	storg_ident_ok(const char *);









/* -- organizations --------------------------------------------------- */

static int
storg_org_row(sqlite3_stmt *s, struct organization *o, char *err,
    size_t errlen)
{
	memset(o, 0, sizeof(*o));
	o->id = sqlite3_column_int64(s, 0);
	if (store_copy(s, 1, o->name, sizeof(o->name), "organization", o->id,
	    err, errlen) == -1 ||
	    store_copy(s, 2, o->contact_email, sizeof(o->contact_email),
	    "organization", o->id, err, errlen) == -1 ||
	    store_copy(s, 3, o->webhook_url, sizeof(o->webhook_url),
	    "organization", o->id, err, errlen) == -1 ||
	    store_copy(s, 4, o->created, sizeof(o->created), "organization",
	    o->id, err, errlen) == -1)
		return -1;
	return 0;
}

/* Step a bound organization query; *found 0 or 1. Releases s. */
static int
storg_org_one(struct db *db, const char *what, sqlite3_stmt *s,
    struct organization *o, int *found, char *err, size_t errlen)
{
	int	rc, ret = -1;

	*found = 0;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (storg_org_row(s, o, err, errlen) == -1)
			goto out;
		*found = 1;
	} else if (rc != SQLITE_DONE) {
		db_err(db, what, err, errlen);
		goto out;
	}
	ret = 0;
out:
	db_release(s);
	return ret;
}

int
store_org_add(struct db *db, struct organization *o, char *err,
    size_t errlen)
{
	struct organization	 other;
	sqlite3_stmt		*s = NULL;
	int			 found, ok = 0, ret = -1;

	if (store_org_by_name(db, o->name, &other, &found, err, errlen) == -1)
		return -1;
	if (found) {
		store_err(err, errlen, "organization '%s' already exists "
		    "(id %lld)", o->name, (long long)other.id);
		return -1;
	}
	if (store_sp_begin(db, err, errlen) == -1)
		return -1;
	if (db_cached(db, &s, sql_org_add, err, errlen) == -1)
		goto out;
	if (db_bind_text(s, 1, o->name, 0) == -1 ||
	    db_bind_text(s, 2, o->contact_email, 1) == -1) {
		db_err(db, "organization", err, errlen);
		goto out;
	}
	if (sqlite3_step(s) != SQLITE_DONE) {
		db_err(db, "organization", err, errlen);
		goto out;
	}
	o->id = sqlite3_last_insert_rowid(db->h);
	db_release(s);
	s = NULL;
	if (store_audit(db, "add", "organization", o->id, o->name, err,
	    errlen) == -1)
		goto out;
	ok = 1;
	ret = 0;
out:
	db_release(s);
	return store_sp_end(db, ok, ret, err, errlen);
}

int
store_org_get(struct db *db, int64_t id, struct organization *o, char *err,
    size_t errlen)
{
	sqlite3_stmt	*s;
	int		 found;

	if (db_cached(db, &s, sql_org_by_id, err, errlen) == -1)
		return -1;
	if (sqlite3_bind_int64(s, 1, id) != SQLITE_OK) {
		db_release(s);
		db_err(db, "organization", err, errlen);
		return -1;
	}
	if (storg_org_one(db, "organization", s, o, &found, err, errlen) == -1)
		return -1;
	if (!found) {
		store_err(err, errlen, "no organization with id %lld",
		    (long long)id);
		return -1;
	}
	return 0;
}

int
store_org_by_name(struct db *db, const char *name, struct organization *o,
    int *found, char *err, size_t errlen)
{
	sqlite3_stmt	*s;

	*found = 0;
	if (db_cached(db, &s, sql_org_by_name, err, errlen) == -1)
		return -1;
	if (db_bind_text(s, 1, name, 0) == -1) {
		db_release(s);
		db_err(db, "organization", err, errlen);
		return -1;
	}
	return storg_org_one(db, "organization", s, o, found, err, errlen);
}

int
store_org_find(struct db *db, const char *ref, struct organization *o,
    char *err, size_t errlen)
{
	const char	*c;
	long long	 id;
	int		 found, digits = 1;

	if (ref == NULL || ref[0] == '\0') {
		store_err(err, errlen, "no organization given");
		return -1;
	}
	for (c = ref; *c != '\0'; c++)
		if (*c < '0' || *c > '9')
			digits = 0;
	/* An id first, then the name (a name may be all digits too). */
	if (digits && cet_strtonum(ref, 1, INT64_MAX, &id) == 0 &&
	    store_org_get(db, id, o, err, errlen) == 0)
		return 0;
	if (store_org_by_name(db, ref, o, &found, err, errlen) == -1)
		return -1;
	if (!found) {
		store_err(err, errlen, "no organization matches '%s'", ref);
		return -1;
	}
	return 0;
}

int
store_org_list(struct db *db, struct organization **out, size_t *n,
    char *err, size_t errlen)
{
	sqlite3_stmt		*s;
	struct organization	*v = NULL;
	size_t			 len = 0, cap = 0;
	int			 rc, ret = -1;

	*out = NULL;
	*n = 0;
	if (db_cached(db, &s, sql_org_all, err, errlen) == -1)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		if (storg_org_row(s, &v[len], err, errlen) == -1)
			goto out;
		len++;
	}
	if (rc != SQLITE_DONE) {
		db_err(db, "organization", err, errlen);
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
store_org_people(struct db *db, int64_t org_id, struct person **out,
    size_t *n, char *err, size_t errlen)
{
	sqlite3_stmt	*s;

	*out = NULL;
	*n = 0;
	if (db_cached(db, &s, sql_org_people, err, errlen) == -1)
		return -1;
	if (sqlite3_bind_int64(s, 1, org_id) != SQLITE_OK) {
		db_err(db, "person", err, errlen);
		db_release(s);
		return -1;
	}
	return store_people_collect(db, s, out, n, err, errlen);
}

int
store_org_rows(struct db *db, int64_t *n, char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	int		 ret = -1;

	if (db_cached(db, &s, sql_org_rows, err, errlen) == -1)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW) {
		db_err(db, "count", err, errlen);
		goto out;
	}
	*n = sqlite3_column_int64(s, 0);
	ret = 0;
out:
	db_release(s);
	return ret;
}

/* -- people ---------------------------------------------------------- */


/* Run a one-parameter person query; *found 0, 1 (p filled) or 2. */
static int
storg_person_one(struct db *db, const char *sql, const char *value,
    struct person *p, int *found, char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	int		 rc, ret = -1;

	*found = 0;
	if (db_cached(db, &s, sql, err, errlen) == -1)
		return -1;
	if (db_bind_text(s, 1, value, 0) == -1) {
		db_err(db, "person", err, errlen);
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*found == 0 && store_person_row(s, p, err, errlen) == -1)
			goto out;
		(*found)++;
	}
	if (rc != SQLITE_DONE) {
		db_err(db, "person", err, errlen);
		goto out;
	}
	ret = 0;
out:
	db_release(s);
	return ret;
}

int
store_person_by_ext(struct db *db, int64_t org_id, const char *ext,
    struct person *p, int *found, char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	int		 rc, ret = -1;

	*found = 0;
	if (db_cached(db, &s, sql_person_by_ext, err, errlen) == -1)
		return -1;
	if (store_bind_id(s, 1, org_id) == -1 ||
	    db_bind_text(s, 2, ext, 0) == -1) {
		db_err(db, "person", err, errlen);
		goto out;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (store_person_row(s, p, err, errlen) == -1)
			goto out;
		*found = 1;
	} else if (rc != SQLITE_DONE) {
		db_err(db, "person", err, errlen);
		goto out;
	}
	ret = 0;
out:
	db_release(s);
	return ret;
}

int
store_person_lookup(struct db *db, const char *ext, const char *name,
    struct person *p, int *found, char *err, size_t errlen)
{
	if (ext != NULL && ext[0] != '\0')
		return storg_person_one(db, sql_person_ext_any, ext, p, found,
		    err, errlen);
	return storg_person_one(db, sql_person_name, name != NULL ? name : "",
	    p, found, err, errlen);
}

int
store_person_update(struct db *db, const struct person *p,
    const char *detail, char *err, size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	int		 ok = 0, ret = -1;

	if (store_sp_begin(db, err, errlen) == -1)
		return -1;
	if (db_cached(db, &s, sql_person_update, err, errlen) == -1)
		goto out;
	if (sqlite3_bind_int64(s, 1, p->id) != SQLITE_OK ||
	    db_bind_text(s, 2, p->name, 0) == -1 ||
	    db_bind_text(s, 3, p->email, 1) == -1 ||
	    store_bind_id(s, 4, p->org_id) == -1 ||
	    db_bind_text(s, 5, p->external_id, 1) == -1 ||
	    sqlite3_bind_int(s, 6, p->active ? 1 : 0) != SQLITE_OK) {
		db_err(db, "person", err, errlen);
		goto out;
	}
	if (sqlite3_step(s) != SQLITE_DONE) {
		if (sqlite3_extended_errcode(db->h) == SQLITE_CONSTRAINT_UNIQUE)
			store_err(err, errlen, "another person of the "
			    "organization has external id '%s'",
			    p->external_id);
		else
			db_err(db, "person", err, errlen);
		goto out;
	}
	if (sqlite3_changes(db->h) != 1) {
		store_err(err, errlen, "no person with id %lld",
		    (long long)p->id);
		goto out;
	}
	db_release(s);
	s = NULL;
	if (store_audit(db, "update", "person", p->id, detail != NULL ?
	    detail : p->name, err, errlen) == -1)
		goto out;
	ok = 1;
	ret = 0;
out:
	db_release(s);
	return store_sp_end(db, ok, ret, err, errlen);
}

int
store_person_namesake(struct db *db, const struct person *p, int64_t *id,
    char *err, size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	int		 rc, ret = -1;

	*id = 0;
	if (db_cached(db, &s, sql_person_namesake, err, errlen) == -1)
		return -1;
	if (db_bind_text(s, 1, p->name, 0) == -1 ||
	    store_bind_id(s, 2, p->org_id) == -1 ||
	    sqlite3_bind_int64(s, 3, p->id) != SQLITE_OK) {
		db_err(db, "person", err, errlen);
		goto out;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	else if (rc != SQLITE_DONE) {
		db_err(db, "person", err, errlen);
		goto out;
	}
	ret = 0;
out:
	db_release(s);
	return ret;
}

int
store_person_deactivate(struct db *db, int64_t id, char *err, size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	char		 name[NAME_MAX_LEN], *detail = NULL;
	int		 rc, ok = 0, ret = -1;

	if (store_sp_begin(db, err, errlen) == -1)
		return -1;
	if (db_cached(db, &s, sql_person_deactivate, err, errlen) == -1)
		goto out;
	if (sqlite3_bind_int64(s, 1, id) != SQLITE_OK) {
		db_err(db, "person", err, errlen);
		goto out;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_DONE) {
		store_err(err, errlen, "person %lld is already removed",
		    (long long)id);
		goto out;
	}
	if (rc != SQLITE_ROW) {
		db_err(db, "person", err, errlen);
		goto out;
	}
	(void)db_column_copy(s, 0, name, sizeof(name));
	if (sqlite3_step(s) != SQLITE_DONE) {
		db_err(db, "person", err, errlen);
		goto out;
	}
	db_release(s);
	s = NULL;
	if (db_cached(db, &s, sql_person_quiet, err, errlen) == -1)
		goto out;
	if (sqlite3_bind_int64(s, 1, id) != SQLITE_OK ||
	    sqlite3_step(s) != SQLITE_DONE) {
		db_err(db, "notification", err, errlen);
		goto out;
	}
	detail = xasprintf("%s: active -> removed (history kept; %d "
	    "pending reminder%s skipped)", name, sqlite3_changes(db->h),
	    sqlite3_changes(db->h) == 1 ? "" : "s");
	db_release(s);
	s = NULL;
	if (store_audit(db, "remove", "person", id, detail, err, errlen) == -1)
		goto out;
	ok = 1;
	ret = 0;
out:
	free(detail);
	db_release(s);
	return store_sp_end(db, ok, ret, err, errlen);
}

int
store_org_update(struct db *db, const struct organization *o,
    const char *detail, char *err, size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	int		 ok = 0, ret = -1;

	if (store_sp_begin(db, err, errlen) == -1)
		return -1;
	if (db_cached(db, &s, sql_org_update, err, errlen) == -1)
		goto out;
	if (sqlite3_bind_int64(s, 1, o->id) != SQLITE_OK ||
	    db_bind_text(s, 2, o->name, 0) == -1 ||
	    db_bind_text(s, 3, o->contact_email, 1) == -1) {
		db_err(db, "organization", err, errlen);
		goto out;
	}
	if (sqlite3_step(s) != SQLITE_DONE) {
		if (sqlite3_extended_errcode(db->h) == SQLITE_CONSTRAINT_UNIQUE)
			store_err(err, errlen, "organization '%s' already "
			    "exists", o->name);
		else
			db_err(db, "organization", err, errlen);
		goto out;
	}
	if (sqlite3_changes(db->h) != 1) {
		store_err(err, errlen, "no organization with id %lld",
		    (long long)o->id);
		goto out;
	}
	db_release(s);
	s = NULL;
	if (store_audit(db, "update", "organization", o->id, detail != NULL ?
	    detail : o->name, err, errlen) == -1)
		goto out;
	ok = 1;
	ret = 0;
out:
	db_release(s);
	return store_sp_end(db, ok, ret, err, errlen);
}

int
store_org_rm(struct db *db, int64_t id, char *err, size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	char		 name[NAME_MAX_LEN];
	int64_t		 n;
	int		 rc, ok = 0, ret = -1;

	if (store_sp_begin(db, err, errlen) == -1)
		return -1;
	if (db_cached(db, &s, sql_org_members, err, errlen) == -1)
		goto out;
	if (sqlite3_bind_int64(s, 1, id) != SQLITE_OK ||
	    sqlite3_step(s) != SQLITE_ROW) {
		db_err(db, "organization", err, errlen);
		goto out;
	}
	n = sqlite3_column_int64(s, 0);
	db_release(s);
	s = NULL;
	if (n > 0) {
		store_err(err, errlen, "organization %lld still has %lld "
		    "%s; move them ('cetrack person set P --org ORG') or "
		    "remove them ('cetrack person rm P') first", (long long)id,
		    (long long)n, n == 1 ? "person" : "people");
		goto out;
	}
	if (db_cached(db, &s, sql_org_rm, err, errlen) == -1)
		goto out;
	if (sqlite3_bind_int64(s, 1, id) != SQLITE_OK) {
		db_err(db, "organization", err, errlen);
		goto out;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_DONE) {
		store_err(err, errlen, "no organization with id %lld",
		    (long long)id);
		goto out;
	}
	if (rc != SQLITE_ROW) {
		db_err(db, "organization", err, errlen);
		goto out;
	}
	(void)db_column_copy(s, 0, name, sizeof(name));
	if (sqlite3_step(s) != SQLITE_DONE) {
		db_err(db, "organization", err, errlen);
		goto out;
	}
	db_release(s);
	s = NULL;
	if (store_audit(db, "remove", "organization", id, name, err,
	    errlen) == -1)
		goto out;
	ok = 1;
	ret = 0;
out:
	db_release(s);
	return store_sp_end(db, ok, ret, err, errlen);
}

int
store_person_rm(struct db *db, int64_t id, char *err, size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	char		 name[NAME_MAX_LEN];
	int		 rc, ok = 0, ret = -1;

	if (store_sp_begin(db, err, errlen) == -1)
		return -1;
	if (db_cached(db, &s, sql_person_rm, err, errlen) == -1)
		goto out;
	if (sqlite3_bind_int64(s, 1, id) != SQLITE_OK) {
		db_err(db, "person", err, errlen);
		goto out;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_DONE) {
		store_err(err, errlen, "no person with id %lld", (long long)id);
		goto out;
	}
	if (rc != SQLITE_ROW) {
		db_err(db, "person", err, errlen);
		goto out;
	}
	(void)db_column_copy(s, 0, name, sizeof(name));
	if (sqlite3_step(s) != SQLITE_DONE) {
		db_err(db, "person", err, errlen);
		goto out;
	}
	db_release(s);
	s = NULL;
	if (store_audit(db, "remove", "person", id, name, err, errlen) == -1)
		goto out;
	ok = 1;
	ret = 0;
out:
	db_release(s);
	return store_sp_end(db, ok, ret, err, errlen);
}

/* -- credentials ----------------------------------------------------- */


int
store_cred_by_key(struct db *db, const char *program, const char *state,
    const char *number, struct credential *c, int *found, char *err,
    size_t errlen)
{
	sqlite3_stmt	*s;
	int		 rc, ret = -1;

	*found = 0;
	if (db_cached(db, &s, sql_cred_by_key, err, errlen) == -1)
		return -1;
	if (db_bind_text(s, 1, program, 0) == -1 ||
	    db_bind_text(s, 2, state != NULL ? state : "", 0) == -1 ||
	    db_bind_text(s, 3, number, 0) == -1) {
		db_err(db, "credential", err, errlen);
		goto out;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (store_cred_row(s, 0, c, err, errlen) == -1)
			goto out;
		*found = 1;
	} else if (rc != SQLITE_DONE) {
		db_err(db, "credential", err, errlen);
		goto out;
	}
	ret = 0;
out:
	db_release(s);
	return ret;
}

int
store_cred_update(struct db *db, const struct credential *c,
    const char *why, char *err, size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	char		*detail = NULL;
	int		 ok = 0, ret = -1;

	if (store_sp_begin(db, err, errlen) == -1)
		return -1;
	if (db_cached(db, &s, sql_cred_update, err, errlen) == -1)
		goto out;
	if (sqlite3_bind_int64(s, 1, c->id) != SQLITE_OK ||
	    sqlite3_bind_int64(s, 2, c->person_id) != SQLITE_OK ||
	    db_bind_text(s, 3, c->attrs, 0) == -1 ||
	    db_bind_text(s, 4, cred_status_name(c->status), 0) == -1 ||
	    db_bind_text(s, 5, c->number, 0) == -1 ||
	    db_bind_text(s, 6, c->state, 0) == -1) {
		db_err(db, "credential", err, errlen);
		goto out;
	}
	if (sqlite3_step(s) != SQLITE_DONE) {
		if (sqlite3_extended_errcode(db->h) == SQLITE_CONSTRAINT_UNIQUE)
			store_err(err, errlen, "another credential of %s%s%s "
			    "has number '%s'", c->program, c->state[0] ?
			    " in " : "", c->state, c->number);
		else
			db_err(db, "credential", err, errlen);
		goto out;
	}
	if (sqlite3_changes(db->h) != 1) {
		store_err(err, errlen, "no credential with id %lld",
		    (long long)c->id);
		goto out;
	}
	db_release(s);
	s = NULL;
	detail = why != NULL ? xstrdup(why) : xasprintf("person %lld, "
	    "attributes '%s', %s", (long long)c->person_id, c->attrs,
	    cred_status_name(c->status));
	if (store_audit(db, "update", "credential", c->id, detail, err,
	    errlen) == -1)
		goto out;
	ok = 1;
	ret = 0;
out:
	free(detail);
	db_release(s);
	return store_sp_end(db, ok, ret, err, errlen);
}

int
store_cycle_set_open(struct db *db, struct cycle *y, char *err,
    size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	char		*detail = NULL, a[DATE_BUFSZ], b[DATE_BUFSZ];
	char		 what[2 * DATE_BUFSZ + 16];
	int		 rc, ok = 0, ret = -1;

	if (store_sp_begin(db, err, errlen) == -1)
		return -1;
	if (db_cached(db, &s, sql_cycle_update, err, errlen) == -1)
		goto out;
	if (sqlite3_bind_int64(s, 1, y->credential_id) != SQLITE_OK ||
	    store_bind_date(s, 2, y->start) == -1 ||
	    store_bind_date(s, 3, y->valid_through) == -1 ||
	    sqlite3_bind_int(s, 4, y->renewal_index) != SQLITE_OK ||
	    sqlite3_bind_int(s, 5, y->renewal_assumed != 0) != SQLITE_OK) {
		db_err(db, "cycle", err, errlen);
		goto out;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		y->id = sqlite3_column_int64(s, 0);
		rc = sqlite3_step(s);
	} else if (rc == SQLITE_DONE) {
		/* No open cycle: open one. */
		db_release(s);
		s = NULL;
		if (db_cached(db, &s, sql_cycle_insert, err, errlen) == -1)
			goto out;
		if (sqlite3_bind_int64(s, 1, y->credential_id) != SQLITE_OK ||
		    store_bind_date(s, 2, y->start) == -1 ||
		    store_bind_date(s, 3, y->valid_through) == -1 ||
		    sqlite3_bind_int(s, 4, y->renewal_index) != SQLITE_OK ||
		    sqlite3_bind_int64(s, 5, y->carry_in) != SQLITE_OK ||
		    sqlite3_bind_int(s, 6, y->renewal_assumed != 0) !=
		    SQLITE_OK) {
			db_err(db, "cycle", err, errlen);
			goto out;
		}
		rc = sqlite3_step(s);
		y->id = sqlite3_last_insert_rowid(db->h);
	}
	if (rc != SQLITE_DONE) {
		(void)cet_fmt(what, sizeof(what), "cycle %s to %s",
		    date_format(y->start, a), date_format(y->valid_through, b));
		db_err(db, what, err, errlen);
		goto out;
	}
	db_release(s);
	s = NULL;
	detail = xasprintf("cycle %lld: %s to %s, renewal %d%s",
	    (long long)y->id, date_format(y->start, a),
	    date_format(y->valid_through, b), y->renewal_index,
	    y->renewal_assumed ? " (assumed)" : "");
	if (store_audit(db, "update", "credential", y->credential_id, detail,
	    err, errlen) == -1)
		goto out;
	ok = 1;
	ret = 0;
out:
	free(detail);
	db_release(s);
	return store_sp_end(db, ok, ret, err, errlen);
}

int
store_cred_rm(struct db *db, int64_t id, char *err, size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	char		*detail = NULL;
	int64_t		 person;
	int		 rc, ok = 0, ret = -1;

	if (store_sp_begin(db, err, errlen) == -1)
		return -1;
	/* Cycles and activity targets go with it (ON DELETE CASCADE). */
	if (db_cached(db, &s, sql_cred_rm, err, errlen) == -1)
		goto out;
	if (sqlite3_bind_int64(s, 1, id) != SQLITE_OK) {
		db_err(db, "credential", err, errlen);
		goto out;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_DONE) {
		store_err(err, errlen, "no credential with id %lld",
		    (long long)id);
		goto out;
	}
	if (rc != SQLITE_ROW) {
		db_err(db, "credential", err, errlen);
		goto out;
	}
	person = sqlite3_column_int64(s, 3);
	detail = xasprintf("%s%s%s %s of person %lld",
	    (const char *)sqlite3_column_text(s, 0),
	    sqlite3_column_bytes(s, 1) > 0 ? " " : "",
	    (const char *)sqlite3_column_text(s, 1),
	    (const char *)sqlite3_column_text(s, 2), (long long)person);
	if (sqlite3_step(s) != SQLITE_DONE) {
		db_err(db, "credential", err, errlen);
		goto out;
	}
	db_release(s);
	s = NULL;
	if (store_audit_person(db, "remove", "credential", id, person, detail,
	    err, errlen) == -1)
		goto out;
	ok = 1;
	ret = 0;
out:
	free(detail);
	db_release(s);
	return store_sp_end(db, ok, ret, err, errlen);
}

/* -- activities ------------------------------------------------------ */

int
store_activity_same(struct db *db, const struct activity *a, int64_t *id,
    char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	int		 rc, ret = -1;

	*id = 0;
	if (db_cached(db, &s, sql_act_same, err, errlen) == -1)
		return -1;
	if (sqlite3_bind_int64(s, 1, a->person_id) != SQLITE_OK ||
	    store_bind_date(s, 2, a->date) == -1 ||
	    db_bind_text(s, 3, a->title, 0) == -1 ||
	    db_bind_text(s, 4, hours_unit_name(a->amount.unit), 0) == -1 ||
	    sqlite3_bind_int64(s, 5, a->amount.centi) != SQLITE_OK) {
		db_err(db, "activity", err, errlen);
		goto out;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	else if (rc != SQLITE_DONE) {
		db_err(db, "activity", err, errlen);
		goto out;
	}
	ret = 0;
out:
	db_release(s);
	return ret;
}

/* -- whole tables ---------------------------------------------------- */

/* Table and column names come from our own constants; check anyway that
 * they are plain identifiers, since they are pasted into SQL. */
static int
storg_ident_ok(const char *s)
{
	if (s == NULL || *s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '_' || *s == ',' || *s == ' '))
			return 0;
	}
	return 1;
}

int
store_bulk_cache(struct db *db, char *err, size_t errlen)
{
	if (store_run(db, sql_bulk_cache, err, errlen) == -1)
		return -1;
	return store_run(db, sql_bulk_temp, err, errlen);
}

int
store_snapshot_begin(struct db *db, char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	int		 ret = -1;

	if (db_cached(db, &s, sql_snap_begin, err, errlen) == -1)
		return -1;
	if (sqlite3_step(s) != SQLITE_DONE) {
		db_err(db, "begin", err, errlen);
		goto out;
	}
	ret = 0;
out:
	db_release(s);
	return ret;
}

void
store_snapshot_end(struct db *db)
{
	if (db_in_transaction(db))
		(void)store_run(db, sql_snap_end, NULL, 0);
}

int
store_rows_open(struct db *db, const char *table, const char *const *cols,
    size_t ncols, const char *order, struct store_rows **out, char *err,
    size_t errlen)
{
	struct store_rows	*r;
	char			*sql = NULL, *next;
	size_t			 i;
	int			 ret = -1;

	*out = NULL;
	if (!storg_ident_ok(table) || !storg_ident_ok(order) || ncols == 0) {
		store_err(err, errlen, "bad table '%s'", table);
		return -1;
	}
	r = xcalloc(1, sizeof(*r));
	r->db = db;
	r->ncols = ncols;
	r->vals = xcalloc(ncols, sizeof(*r->vals));
	sql = xstrdup("SELECT ");
	for (i = 0; i < ncols; i++) {
		if (!storg_ident_ok(cols[i])) {
			store_err(err, errlen, "bad column '%s'", cols[i]);
			goto out;
		}
		next = xasprintf("%s%s%s", sql, i > 0 ? ", " : "", cols[i]);
		free(sql);
		sql = next;
	}
	next = xasprintf("%s FROM %s ORDER BY %s", sql, table, order);
	free(sql);
	sql = next;
	if (db_prepare(db, &r->s, sql, err, errlen) == -1)
		goto out;
	*out = r;
	r = NULL;
	ret = 0;
out:
	free(sql);
	store_rows_close(r);
	return ret;
}

int
store_rows_next(struct store_rows *r, const struct store_value **vals,
    char *err, size_t errlen)
{
	size_t	i;
	int	rc;

	*vals = NULL;
	if ((rc = sqlite3_step(r->s)) == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW) {
		db_err(r->db, "export", err, errlen);
		return -1;
	}
	for (i = 0; i < r->ncols; i++) {
		switch (sqlite3_column_type(r->s, (int)i)) {
		case SQLITE_NULL:
			r->vals[i].type = STORE_NULL;
			r->vals[i].s = NULL;
			r->vals[i].len = 0;
			break;
		case SQLITE_INTEGER:
			r->vals[i].type = STORE_INT;
			r->vals[i].i = sqlite3_column_int64(r->s, (int)i);
			break;
		case SQLITE_BLOB:
			r->vals[i].type = STORE_BLOB;
			r->vals[i].s = sqlite3_column_blob(r->s, (int)i);
			r->vals[i].len = (size_t)sqlite3_column_bytes(r->s,
			    (int)i);
			/* An empty blob comes back as NULL. */
			if (r->vals[i].s == NULL)
				r->vals[i].s = "";
			break;
		default:
			r->vals[i].type = STORE_TEXT;
			r->vals[i].s = (const char *)sqlite3_column_text(r->s,
			    (int)i);
			r->vals[i].len = (size_t)sqlite3_column_bytes(r->s,
			    (int)i);
			if (r->vals[i].s == NULL) {
				store_err(err, errlen, "export: out of memory");
				return -1;
			}
			break;
		}
	}
	*vals = r->vals;
	return 1;
}

void
store_rows_close(struct store_rows *r)
{
	if (r == NULL)
		return;
	sqlite3_finalize(r->s);
	free(r->vals);
	free(r);
}

int
store_insert_open(struct db *db, const char *table, const char *const *cols,
    size_t ncols, struct store_insert **out, char *err, size_t errlen)
{
	struct store_insert	*ins;
	char			*names = NULL, *params = NULL, *next, *sql = NULL;
	size_t			 i;
	int			 ret = -1;

	*out = NULL;
	if (!storg_ident_ok(table) || ncols == 0) {
		store_err(err, errlen, "bad table '%s'", table);
		return -1;
	}
	ins = xcalloc(1, sizeof(*ins));
	ins->db = db;
	ins->ncols = ncols;
	ins->table = xstrdup(table);
	names = xstrdup("");
	params = xstrdup("");
	for (i = 0; i < ncols; i++) {
		if (!storg_ident_ok(cols[i])) {
			store_err(err, errlen, "bad column '%s'", cols[i]);
			goto out;
		}
		next = xasprintf("%s%s%s", names, i > 0 ? ", " : "", cols[i]);
		free(names);
		names = next;
		next = xasprintf("%s%s?%zu", params, i > 0 ? ", " : "", i + 1);
		free(params);
		params = next;
	}
	/*
	 * An activity's topics, approvals and targets repeat its person
	 * (sql/003): take it from the activity, as store_activity_add does.
	 */
	if (strncmp(table, "activity_", 9) == 0) {
		for (i = 0; i < ncols && strcmp(cols[i], "activity_id") != 0;
		    i++)
			;
		if (i < ncols) {
			next = xasprintf("%s, person_id", names);
			free(names);
			names = next;
			next = xasprintf("%s, (SELECT person_id FROM activity "
			    "WHERE id = ?%zu)", params, i + 1);
			free(params);
			params = next;
		}
	}
	sql = xasprintf("INSERT INTO %s (%s) VALUES (%s)", table, names,
	    params);
	if (db_prepare(db, &ins->s, sql, err, errlen) == -1)
		goto out;
	*out = ins;
	ins = NULL;
	ret = 0;
out:
	free(names);
	free(params);
	free(sql);
	store_insert_close(ins);
	return ret;
}

int
store_insert_row(struct store_insert *ins, const struct store_value *vals,
    int64_t *rowid, char *err, size_t errlen)
{
	struct db	*db = ins->db;
	size_t		 i;
	int		 rc, ok = 0, ret = -1;

	if (store_sp_begin(db, err, errlen) == -1)
		return -1;
	for (i = 0; i < ins->ncols; i++) {
		switch (vals[i].type) {
		case STORE_NULL:
			rc = sqlite3_bind_null(ins->s, (int)i + 1);
			break;
		case STORE_INT:
			rc = sqlite3_bind_int64(ins->s, (int)i + 1, vals[i].i);
			break;
		case STORE_BLOB:
			rc = sqlite3_bind_blob64(ins->s, (int)i + 1, vals[i].s,
			    (sqlite3_uint64)vals[i].len, SQLITE_STATIC);
			break;
		default:
			rc = sqlite3_bind_text(ins->s, (int)i + 1, vals[i].s,
			    (int)vals[i].len, SQLITE_STATIC);
			break;
		}
		if (rc != SQLITE_OK) {
			db_err(db, ins->table, err, errlen);
			goto out;
		}
	}
	if (sqlite3_step(ins->s) != SQLITE_DONE) {
		store_err(err, errlen, "%s", sqlite3_errmsg(db->h));
		goto out;
	}
	*rowid = sqlite3_last_insert_rowid(db->h);
	ok = 1;
	ret = 0;
out:
	(void)sqlite3_reset(ins->s);
	(void)sqlite3_clear_bindings(ins->s);
	return store_sp_end(db, ok, ret, err, errlen);
}

void
store_insert_close(struct store_insert *ins)
{
	if (ins == NULL)
		return;
	sqlite3_finalize(ins->s);
	free(ins->table);
	free(ins);
}
