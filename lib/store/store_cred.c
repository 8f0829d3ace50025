/* SPDX-License-Identifier: ISC */
/*
 * Typed writes and lookups of people, credentials, cycles and activities,
 * on the schema of sql/001-initial.sql (store.h). Each write runs inside a
 * savepoint and appends its audit row (store.c). An activity's topics,
 * approvals and targets are read folded into its row as lists.
 */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "store/db.h"
#include "base/hours.h"
#include "base/model.h"
#include "store/store.h"
#include "store/store_int.h"
#include "base/util.h"

/*
 * Separators for the lists folded into one activity row: ASCII record and
 * unit separators, which no stored text may contain (checked on write).
 */
#define STORE_RS	'\x1e'
#define STORE_US	'\x1f'

/*
 * One activity per row with its children as joined lists. The correlated
 * subqueries are primary-key lookups in the WITHOUT ROWID child tables, so
 * their lists come out in key order (topic, body, credential id).
 */
#define ACT_SELECT \
	"SELECT a.id, a.person_id, a.title, a.provider, a.completed, " \
	"a.format, a.unit, a.amount, a.certificate, " \
	"(SELECT group_concat(ifnull(t.amount, -1) || char(30) || t.topic, " \
	"char(31)) FROM activity_topic t WHERE t.person_id = a.person_id " \
	"AND t.activity_id = a.id), " \
	"(SELECT group_concat(p.body || char(30) || p.number, char(31)) " \
	"FROM activity_approval p WHERE p.person_id = a.person_id " \
	"AND p.activity_id = a.id), " \
	"(SELECT group_concat(g.credential_id, char(31)) " \
	"FROM activity_target g WHERE g.person_id = a.person_id " \
	"AND g.activity_id = a.id) " \
	"FROM activity a"

static const char sql_person_add[] =
    "INSERT INTO person (name, email, org_id, external_id, active, created) "
    "VALUES (?1, ?2, ?3, ?4, ?5, " STORE_NOW ")";
static const char sql_person_by_id[] =
    "SELECT " STORE_PERSON_COLS " FROM person WHERE id = ?1";
/* Active people first: a removed person does not make a name ambiguous
 * (store_person_match). */
static const char sql_person_by_ext[] =
    "SELECT " STORE_PERSON_COLS " FROM person WHERE external_id = ?1 "
    "ORDER BY active DESC, id LIMIT 11";
static const char sql_person_by_name[] =
    "SELECT " STORE_PERSON_COLS " FROM person WHERE name = ?1 "
    "ORDER BY active DESC, id LIMIT 11";
static const char sql_person_dup[] =
    "SELECT id FROM person WHERE org_id IS ?1 AND external_id = ?2";
static const char sql_person_all[] =
    "SELECT " STORE_PERSON_COLS " FROM person ORDER BY id";
static const char sql_person_count[] = "SELECT count(*) FROM person";

static const char sql_cred_add[] =
    "INSERT INTO credential (person_id, program, number, state, attrs, "
    "status, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, " STORE_NOW ")";
static const char sql_cred_dup[] =
    "SELECT id FROM credential WHERE program = ?1 AND state = ?2 "
    "AND number = ?3";
static const char sql_cred_by_id[] =
    "SELECT " STORE_CRED_COLS " FROM credential c WHERE c.id = ?1";
static const char sql_cred_of[] =
    "SELECT " STORE_CRED_COLS " FROM credential c WHERE c.person_id = ?1 "
    "ORDER BY c.id";
static const char sql_cred_all[] =
    "SELECT " STORE_CRED_COLS " FROM credential c ORDER BY c.person_id, c.id";

static const char sql_cycle_add[] =
    "INSERT INTO cycle (credential_id, start, valid_through, renewal_index, "
    "carry_in, renewal_assumed) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_cycle_open[] =
    "SELECT " STORE_CYCLE_COLS " FROM cycle y WHERE y.credential_id = ?1 "
    "AND y.closed IS NULL";
static const char sql_cycle_all[] =
    "SELECT " STORE_CYCLE_COLS " FROM cycle y WHERE y.credential_id = ?1 "
    "ORDER BY y.valid_through, y.id";
static const char sql_cycle_close[] =
    "UPDATE cycle SET closed = ?2, outcome = ?3 WHERE credential_id = ?1 "
    "AND closed IS NULL RETURNING id";

static const char sql_act_add[] =
    "INSERT INTO activity (person_id, title, provider, completed, format, "
    "unit, amount, certificate, created) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, " STORE_NOW ")";
static const char sql_act_topic_add[] =
    "INSERT INTO activity_topic (activity_id, topic, amount, person_id) "
    "VALUES (?1, ?2, ?3, ?4)";
static const char sql_act_approval_add[] =
    "INSERT INTO activity_approval (activity_id, body, number, person_id) "
    "VALUES (?1, ?2, ?3, ?4)";
/* A target must be a credential of the activity's own person. */
static const char sql_act_target_add[] =
    "INSERT INTO activity_target (activity_id, credential_id, person_id) "
    "SELECT ?1, id, ?3 FROM credential WHERE id = ?2 AND person_id = ?3";
static const char sql_act_by_id[] = ACT_SELECT " WHERE a.id = ?1";
static const char sql_act_list[] = ACT_SELECT
    " WHERE a.person_id = ?1 AND a.completed BETWEEN ?2 AND ?3"
    " ORDER BY a.completed, a.id";
static const char sql_act_update[] =
    "UPDATE activity SET title = ?2, provider = ?3, completed = ?4, "
    "format = ?5, unit = ?6, amount = ?7, certificate = ?8 "
    "WHERE id = ?1 AND person_id = ?9";
static const char *const sql_act_clear[] = {
    "DELETE FROM activity_topic WHERE activity_id = ?1",
    "DELETE FROM activity_approval WHERE activity_id = ?1",
    "DELETE FROM activity_target WHERE activity_id = ?1"
};
static const char sql_act_rm[] =
    "DELETE FROM activity WHERE id = ?1 RETURNING person_id, title";

static int	store_act_row(sqlite3_stmt *, struct activity *, char *,
		    size_t);
static int	store_act_children(struct db *, const struct activity *,
		    char *, size_t);
static int	store_act_topics(const char *, struct activity *, char *,
		    size_t);
static int	store_act_approvals(const char *, struct activity *, char *,
		    size_t);
static int	store_act_targets(const char *, struct activity *, char *,
		    size_t);
static int	store_person_match(struct db *, const char *, const char *,
		    struct person *, int *, char *, size_t);
static int	store_text_ok(const char *);
static const char *store_text(sqlite3_stmt *, int);
static int	store_cycle_insert(struct db *, struct cycle *, char *,
		    size_t);

/* Column text, never NULL. */
static const char *
store_text(sqlite3_stmt *s, int col)
{
	const unsigned char	*t;

	t = sqlite3_column_text(s, col);
	return t != NULL ? (const char *)t : "";
}

static int
store_text_ok(const char *s)
{
	return strchr(s, STORE_RS) == NULL && strchr(s, STORE_US) == NULL;
}

/* -- people ---------------------------------------------------------- */

int
store_person_add(struct db *db, struct person *p, char *err, size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	int		 rc, dup = 0, ok = 0, ret = -1;

	if (store_sp_begin(db, err, errlen) == -1)
		return -1;
	if (db_cached(db, &s, sql_person_add, err, errlen) == -1)
		goto out;
	if (db_bind_text(s, 1, p->name, 0) == -1 ||
	    db_bind_text(s, 2, p->email, 1) == -1 ||
	    store_bind_id(s, 3, p->org_id) == -1 ||
	    db_bind_text(s, 4, p->external_id, 1) == -1 ||
	    sqlite3_bind_int(s, 5, p->active ? 1 : 0) != SQLITE_OK) {
		db_err(db, "person", err, errlen);
		goto out;
	}
	if ((rc = sqlite3_step(s)) != SQLITE_DONE) {
		rc = sqlite3_extended_errcode(db->h);
		if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
			store_err(err, errlen, "no organization with id %lld",
			    (long long)p->org_id);
		else if (rc == SQLITE_CONSTRAINT_UNIQUE)
			dup = 1;
		else
			db_err(db, "person", err, errlen);
		if (!dup)
			goto out;
	}
	db_release(s);
	s = NULL;
	if (dup) {
		if (db_cached(db, &s, sql_person_dup, err, errlen) == -1)
			goto out;
		if (store_bind_id(s, 1, p->org_id) == -1 ||
		    db_bind_text(s, 2, p->external_id, 0) == -1 ||
		    sqlite3_step(s) != SQLITE_ROW) {
			db_err(db, "person", err, errlen);
			goto out;
		}
		store_err(err, errlen, "a person with external id '%s' already "
		    "exists (id %lld)", p->external_id,
		    (long long)sqlite3_column_int64(s, 0));
		goto out;
	}
	p->id = sqlite3_last_insert_rowid(db->h);
	if (store_audit(db, "add", "person", p->id, p->name, err, errlen) == -1)
		goto out;
	ok = 1;
	ret = 0;
out:
	db_release(s);
	return store_sp_end(db, ok, ret, err, errlen);
}

int
store_person_get(struct db *db, int64_t id, struct person *p, char *err,
    size_t errlen)
{
	sqlite3_stmt	*s;
	int		 rc, ret = -1;

	if (db_cached(db, &s, sql_person_by_id, err, errlen) == -1)
		return -1;
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
	ret = store_person_row(s, p, err, errlen);
out:
	db_release(s);
	return ret;
}

/*
 * Look ref up with one of the by-external-id or by-name queries. Sets
 * *found to the number of matches (0, 1, or more); fills p for exactly one
 * and writes the "ambiguous" message for more.
 */
static int
store_person_match(struct db *db, const char *sql, const char *ref,
    struct person *p, int *found, char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	char		 ids[256];
	size_t		 len = 0;
	int		 rc, n = 0, nactive = 0, ret = -1;

	*found = 0;
	ids[0] = '\0';
	if (db_cached(db, &s, sql, err, errlen) == -1)
		return -1;
	if (db_bind_text(s, 1, ref, 0) == -1) {
		db_err(db, "person", err, errlen);
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == 0 && store_person_row(s, p, err, errlen) == -1)
			goto out;
		/* Active rows come first; one active match is the match. */
		if (sqlite3_column_int(s, 5) != 0)
			nactive++;
		else if (nactive == 1)
			break;
		if (n < 10 && len < sizeof(ids)) {
			rc = snprintf(ids + len, sizeof(ids) - len, "%s%lld",
			    n > 0 ? ", " : "",
			    (long long)sqlite3_column_int64(s, 0));
			len += rc > 0 ? (size_t)rc : 0;
		} else if (n == 10 && len < sizeof(ids))
			len += (size_t)snprintf(ids + len, sizeof(ids) - len,
			    ", ...");
		n++;
	}
	if (rc != SQLITE_DONE && !(rc == SQLITE_ROW && nactive == 1)) {
		db_err(db, "person", err, errlen);
		goto out;
	}
	if (nactive == 1)
		n = 1;
	/* A cut-off list would name a wrong id; say so instead. */
	if (len >= sizeof(ids))
		(void)cet_strlcpy(ids, "(too many to list)", sizeof(ids));
	if (n > 1)
		store_err(err, errlen, "person '%s' is ambiguous: ids %s; "
		    "use the id", ref, ids);
	*found = n;
	ret = 0;
out:
	db_release(s);
	return ret;
}

int
store_person_find(struct db *db, const char *ref, struct person *p,
    char *err, size_t errlen)
{
	const char	*c;
	long long	 id;
	int		 found, digits;

	if (ref == NULL || ref[0] == '\0') {
		store_err(err, errlen, "no person given");
		return -1;
	}
	digits = 1;
	for (c = ref; *c != '\0'; c++)
		if (*c < '0' || *c > '9')
			digits = 0;
	/* An id first; employee numbers are often digits too, so go on. */
	if (digits && cet_strtonum(ref, 1, INT64_MAX, &id) == 0) {
		if (store_person_get(db, id, p, err, errlen) == 0)
			return 0;
	}
	if (store_person_match(db, sql_person_by_ext, ref, p, &found, err,
	    errlen) == -1)
		return -1;
	if (found == 1)
		return 0;
	if (found > 1)
		return -1;
	if (store_person_match(db, sql_person_by_name, ref, p, &found, err,
	    errlen) == -1)
		return -1;
	if (found == 1)
		return 0;
	if (found == 0)
		store_err(err, errlen, "no person matches '%s'", ref);
	return -1;
}

int
store_person_list(struct db *db, struct person **out, size_t *n, char *err,
    size_t errlen)
{
	sqlite3_stmt	*s;

	*out = NULL;
	*n = 0;
	if (db_cached(db, &s, sql_person_all, err, errlen) == -1)
		return -1;
	return store_people_collect(db, s, out, n, err, errlen);
}

int
store_person_count(struct db *db, int64_t *n, char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	int		 ret = -1;

	if (db_cached(db, &s, sql_person_count, err, errlen) == -1)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW) {
		db_err(db, "person", err, errlen);
		goto out;
	}
	*n = sqlite3_column_int64(s, 0);
	ret = 0;
out:
	db_release(s);
	return ret;
}

/* -- credentials and cycles ------------------------------------------ */

/* Insert an open cycle; y->credential_id must be set. */
static int
store_cycle_insert(struct db *db, struct cycle *y, char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	char		 a[DATE_BUFSZ], b[DATE_BUFSZ];
	char		 what[2 * DATE_BUFSZ + 16];
	int		 ret = -1;

	if (db_cached(db, &s, sql_cycle_add, err, errlen) == -1)
		return -1;
	if (sqlite3_bind_int64(s, 1, y->credential_id) != SQLITE_OK ||
	    store_bind_date(s, 2, y->start) == -1 ||
	    store_bind_date(s, 3, y->valid_through) == -1 ||
	    sqlite3_bind_int(s, 4, y->renewal_index) != SQLITE_OK ||
	    sqlite3_bind_int64(s, 5, y->carry_in) != SQLITE_OK ||
	    sqlite3_bind_int(s, 6, y->renewal_assumed != 0) != SQLITE_OK) {
		db_err(db, "cycle", err, errlen);
		goto out;
	}
	if (sqlite3_step(s) != SQLITE_DONE) {
		(void)cet_fmt(what, sizeof(what), "cycle %s to %s",
		    date_format(y->start, a), date_format(y->valid_through, b));
		db_err(db, what, err, errlen);
		goto out;
	}
	y->id = sqlite3_last_insert_rowid(db->h);
	y->closed = -1;
	y->outcome[0] = '\0';
	ret = 0;
out:
	db_release(s);
	return ret;
}

int
store_cred_add(struct db *db, struct credential *c, struct cycle *y,
    char *err, size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	char		*detail = NULL, vt[DATE_BUFSZ];
	int		 rc, dup = 0, ok = 0, ret = -1;

	if (store_sp_begin(db, err, errlen) == -1)
		return -1;
	if (db_cached(db, &s, sql_cred_add, err, errlen) == -1)
		goto out;
	if (sqlite3_bind_int64(s, 1, c->person_id) != SQLITE_OK ||
	    db_bind_text(s, 2, c->program, 0) == -1 ||
	    db_bind_text(s, 3, c->number, 0) == -1 ||
	    db_bind_text(s, 4, c->state, 0) == -1 ||
	    db_bind_text(s, 5, c->attrs, 0) == -1 ||
	    db_bind_text(s, 6, cred_status_name(c->status), 0) == -1) {
		db_err(db, "credential", err, errlen);
		goto out;
	}
	if ((rc = sqlite3_step(s)) != SQLITE_DONE) {
		rc = sqlite3_extended_errcode(db->h);
		if (rc == SQLITE_CONSTRAINT_UNIQUE)
			dup = 1;
		else if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
			store_err(err, errlen, "no person with id %lld",
			    (long long)c->person_id);
		else
			db_err(db, "credential", err, errlen);
		if (!dup)
			goto out;
	}
	db_release(s);
	s = NULL;
	if (dup) {
		if (db_cached(db, &s, sql_cred_dup, err, errlen) == -1)
			goto out;
		if (db_bind_text(s, 1, c->program, 0) == -1 ||
		    db_bind_text(s, 2, c->state, 0) == -1 ||
		    db_bind_text(s, 3, c->number, 0) == -1 ||
		    sqlite3_step(s) != SQLITE_ROW) {
			db_err(db, "credential", err, errlen);
			goto out;
		}
		store_err(err, errlen, "credential %s%s%s %s already exists "
		    "(id %lld)", c->program, c->state[0] != '\0' ? " " : "",
		    c->state, c->number, (long long)sqlite3_column_int64(s, 0));
		goto out;
	}
	c->id = sqlite3_last_insert_rowid(db->h);
	y->credential_id = c->id;
	if (store_cycle_insert(db, y, err, errlen) == -1)
		goto out;
	detail = xasprintf("%s%s%s %s for person %lld, valid through %s",
	    c->program, c->state[0] != '\0' ? " " : "",
	    c->state, c->number, (long long)c->person_id,
	    date_format(y->valid_through, vt));
	if (store_audit(db, "add", "credential", c->id, detail, err,
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
store_cred_get(struct db *db, int64_t id, struct credential *c, char *err,
    size_t errlen)
{
	sqlite3_stmt	*s;
	int		 rc, ret = -1;

	if (db_cached(db, &s, sql_cred_by_id, err, errlen) == -1)
		return -1;
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
	ret = store_cred_row(s, 0, c, err, errlen);
out:
	db_release(s);
	return ret;
}

int
store_cred_list(struct db *db, int64_t person_id, struct credential **out,
    size_t *n, char *err, size_t errlen)
{
	sqlite3_stmt		*s;
	struct credential	*v = NULL;
	size_t			 len = 0, cap = 0;
	int			 rc, ret = -1;

	*out = NULL;
	*n = 0;
	if (db_cached(db, &s, person_id > 0 ? sql_cred_of : sql_cred_all, err,
	    errlen) == -1)
		return -1;
	if (person_id > 0 && sqlite3_bind_int64(s, 1, person_id) != SQLITE_OK) {
		db_err(db, "credential", err, errlen);
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		if (store_cred_row(s, 0, &v[len], err, errlen) == -1)
			goto out;
		len++;
	}
	if (rc != SQLITE_DONE) {
		db_err(db, "credential", err, errlen);
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
store_cycle_open(struct db *db, int64_t cred_id, struct cycle *y, char *err,
    size_t errlen)
{
	sqlite3_stmt	*s;
	int		 rc, ret = -1;

	if (db_cached(db, &s, sql_cycle_open, err, errlen) == -1)
		return -1;
	if (sqlite3_bind_int64(s, 1, cred_id) != SQLITE_OK) {
		db_err(db, "cycle", err, errlen);
		goto out;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_DONE) {
		store_err(err, errlen, "credential %lld has no open cycle",
		    (long long)cred_id);
		goto out;
	}
	if (rc != SQLITE_ROW) {
		db_err(db, "cycle", err, errlen);
		goto out;
	}
	ret = store_cycle_row(s, 0, y, err, errlen);
out:
	db_release(s);
	return ret;
}

int
store_cycle_list(struct db *db, int64_t cred_id, struct cycle **out,
    size_t *n, char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	struct cycle	*v = NULL;
	size_t		 len = 0, cap = 0;
	int		 rc, ret = -1;

	*out = NULL;
	*n = 0;
	if (db_cached(db, &s, sql_cycle_all, err, errlen) == -1)
		return -1;
	if (sqlite3_bind_int64(s, 1, cred_id) != SQLITE_OK) {
		db_err(db, "cycle", err, errlen);
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap == 0 ? 4 : cap * 2;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		if (store_cycle_row(s, 0, &v[len], err, errlen) == -1)
			goto out;
		len++;
	}
	if (rc != SQLITE_DONE) {
		db_err(db, "cycle", err, errlen);
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
store_cred_renew(struct db *db, int64_t cred_id, int closed,
    const char *outcome, struct cycle *next, char *err, size_t errlen)
{
	static const char *const outcomes[] = { "ce", "exam", "lapsed",
	    "retired" };
	sqlite3_stmt	*s = NULL;
	struct credential c;
	char		*detail = NULL, a[DATE_BUFSZ], b[DATE_BUFSZ];
	char		 what[DATE_BUFSZ + 32];
	int64_t		 old;
	size_t		 i;
	int		 rc, ok = 0, ret = -1;

	for (i = 0; i < ARRAY_SIZE(outcomes); i++)
		if (outcome != NULL && strcmp(outcome, outcomes[i]) == 0)
			break;
	if (i == ARRAY_SIZE(outcomes)) {
		store_err(err, errlen, "renewal outcome '%s': expected ce, exam, "
		    "lapsed or retired", outcome != NULL ? outcome : "");
		return -1;
	}
	if (store_cred_get(db, cred_id, &c, err, errlen) == -1)
		return -1;
	if (store_sp_begin(db, err, errlen) == -1)
		return -1;
	/* History is kept: the old cycle is closed, never rewritten. */
	if (db_cached(db, &s, sql_cycle_close, err, errlen) == -1)
		goto out;
	if (sqlite3_bind_int64(s, 1, cred_id) != SQLITE_OK ||
	    store_bind_date(s, 2, closed) == -1 ||
	    db_bind_text(s, 3, outcome, 0) == -1) {
		db_err(db, "cycle", err, errlen);
		goto out;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_DONE) {
		store_err(err, errlen, "credential %lld has no open cycle",
		    (long long)cred_id);
		goto out;
	}
	if (rc != SQLITE_ROW) {
		(void)cet_fmt(what, sizeof(what), "closing the cycle on %s",
		    date_format(closed, a));
		db_err(db, what, err, errlen);
		goto out;
	}
	old = sqlite3_column_int64(s, 0);
	/* RETURNING finishes its update only when stepped to the end. */
	if (sqlite3_step(s) != SQLITE_DONE) {
		db_err(db, "cycle", err, errlen);
		goto out;
	}
	db_release(s);
	s = NULL;
	next->credential_id = cred_id;
	if (store_cycle_insert(db, next, err, errlen) == -1)
		goto out;
	detail = xasprintf("cycle %lld closed %s (%s); cycle %lld valid "
	    "through %s", (long long)old,
	    date_format(closed, a), outcome, (long long)next->id,
	    date_format(next->valid_through, b));
	if (store_audit(db, "renew", "credential", cred_id, detail, err,
	    errlen) == -1)
		goto out;
	ok = 1;
	ret = 0;
out:
	free(detail);
	db_release(s);
	return store_sp_end(db, ok, ret, err, errlen);
}

/* -- activities ------------------------------------------------------ */

/* "amount RS topic US amount RS topic ..."; amount -1 is the whole. */
static int
store_act_topics(const char *list, struct activity *a, char *err,
    size_t errlen)
{
	char		 buf[1024], *p, *item, *sep;
	long long	 v;

	if (list == NULL)
		return 0;
	if (cet_strlcpy(buf, list, sizeof(buf)) >= sizeof(buf))
		goto bad;
	p = buf;
	while ((item = strsep(&p, "\x1f")) != NULL) {
		if (a->ntopics == ACT_MAX_TOPICS ||
		    (sep = strchr(item, STORE_RS)) == NULL)
			goto bad;
		*sep++ = '\0';
		if (cet_strtonum(item, -1, LONG_MAX, &v) == -1 ||
		    cet_strlcpy(a->topics[a->ntopics].topic, sep,
		    sizeof(a->topics[0].topic)) >= sizeof(a->topics[0].topic))
			goto bad;
		a->topics[a->ntopics++].centi = (long)v;
	}
	return 0;
bad:
	store_err(err, errlen, "activity %lld: stored topics do not fit "
	    "(at most %d)", (long long)a->id, ACT_MAX_TOPICS);
	return -1;
}

/* "body RS number US body RS number ...". */
static int
store_act_approvals(const char *list, struct activity *a, char *err,
    size_t errlen)
{
	struct activity_approval	*ap;
	char				 buf[2048], *p, *item, *sep;

	if (list == NULL)
		return 0;
	if (cet_strlcpy(buf, list, sizeof(buf)) >= sizeof(buf))
		goto bad;
	p = buf;
	while ((item = strsep(&p, "\x1f")) != NULL) {
		if (a->napprovals == ACT_MAX_APPROVALS ||
		    (sep = strchr(item, STORE_RS)) == NULL)
			goto bad;
		*sep++ = '\0';
		ap = &a->approvals[a->napprovals];
		if (cet_strlcpy(ap->body, item, sizeof(ap->body)) >=
		    sizeof(ap->body) ||
		    cet_strlcpy(ap->number, sep, sizeof(ap->number)) >=
		    sizeof(ap->number))
			goto bad;
		a->napprovals++;
	}
	return 0;
bad:
	store_err(err, errlen, "activity %lld: stored approvals do not fit "
	    "(at most %d)", (long long)a->id, ACT_MAX_APPROVALS);
	return -1;
}

/* "id US id ...". */
static int
store_act_targets(const char *list, struct activity *a, char *err,
    size_t errlen)
{
	char		 buf[512], *p, *item;
	long long	 v;

	if (list == NULL)
		return 0;
	if (cet_strlcpy(buf, list, sizeof(buf)) >= sizeof(buf))
		goto bad;
	p = buf;
	while ((item = strsep(&p, "\x1f")) != NULL) {
		if (a->ntargets == ACT_MAX_TARGETS ||
		    cet_strtonum(item, 1, INT64_MAX, &v) == -1)
			goto bad;
		a->targets[a->ntargets++] = v;
	}
	return 0;
bad:
	store_err(err, errlen, "activity %lld: stored targets do not fit "
	    "(at most %d)", (long long)a->id, ACT_MAX_TARGETS);
	return -1;
}

/* One row of ACT_SELECT. */
static int
store_act_row(sqlite3_stmt *s, struct activity *a, char *err, size_t errlen)
{
	/* The columns of a scan row, then the children folded in. */
	if (store_scan_act_row(s, 0, a, err, errlen) == -1)
		return -1;
	if (store_act_topics((const char *)sqlite3_column_text(s, 9), a, err,
	    errlen) == -1 ||
	    store_act_approvals((const char *)sqlite3_column_text(s, 10), a,
	    err, errlen) == -1 ||
	    store_act_targets((const char *)sqlite3_column_text(s, 11), a, err,
	    errlen) == -1)
		return -1;
	return 0;
}

/* Insert an activity's topics, approvals and credentials (targets). */
static int
store_act_children(struct db *db, const struct activity *a, char *err,
    size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	char		 what[ATTR_MAX_LEN + 16];
	size_t		 i;
	int		 ret = -1;

	for (i = 0; i < a->ntopics; i++) {
		if (db_cached(db, &s, sql_act_topic_add, err, errlen) == -1)
			goto out;
		if (sqlite3_bind_int64(s, 1, a->id) != SQLITE_OK ||
		    db_bind_text(s, 2, a->topics[i].topic, 0) == -1 ||
		    (a->topics[i].centi < 0 ?
		    sqlite3_bind_null(s, 3) :
		    sqlite3_bind_int64(s, 3, a->topics[i].centi)) != SQLITE_OK ||
		    sqlite3_bind_int64(s, 4, a->person_id) != SQLITE_OK) {
			db_err(db, "topic", err, errlen);
			goto out;
		}
		if (sqlite3_step(s) != SQLITE_DONE) {
			if (sqlite3_extended_errcode(db->h) ==
			    SQLITE_CONSTRAINT_PRIMARYKEY)
				store_err(err, errlen, "topic '%s' is given "
				    "twice", a->topics[i].topic);
			else {
				(void)cet_fmt(what, sizeof(what), "topic '%s'",
				    a->topics[i].topic);
				db_err(db, what, err, errlen);
			}
			goto out;
		}
		db_release(s);
		s = NULL;
	}
	for (i = 0; i < a->napprovals; i++) {
		if (db_cached(db, &s, sql_act_approval_add, err, errlen) == -1)
			goto out;
		if (sqlite3_bind_int64(s, 1, a->id) != SQLITE_OK ||
		    db_bind_text(s, 2, a->approvals[i].body, 0) == -1 ||
		    db_bind_text(s, 3, a->approvals[i].number, 0) == -1 ||
		    sqlite3_bind_int64(s, 4, a->person_id) != SQLITE_OK) {
			db_err(db, "approval", err, errlen);
			goto out;
		}
		if (sqlite3_step(s) != SQLITE_DONE) {
			if (sqlite3_extended_errcode(db->h) ==
			    SQLITE_CONSTRAINT_PRIMARYKEY)
				store_err(err, errlen, "approval by %s is given "
				    "twice", a->approvals[i].body);
			else {
				(void)cet_fmt(what, sizeof(what),
				    "approval by %s", a->approvals[i].body);
				db_err(db, what, err, errlen);
			}
			goto out;
		}
		db_release(s);
		s = NULL;
	}
	for (i = 0; i < a->ntargets; i++) {
		if (db_cached(db, &s, sql_act_target_add, err, errlen) == -1)
			goto out;
		if (sqlite3_bind_int64(s, 1, a->id) != SQLITE_OK ||
		    sqlite3_bind_int64(s, 2, a->targets[i]) != SQLITE_OK ||
		    sqlite3_bind_int64(s, 3, a->person_id) != SQLITE_OK) {
			db_err(db, "credential", err, errlen);
			goto out;
		}
		if (sqlite3_step(s) != SQLITE_DONE) {
			if (sqlite3_extended_errcode(db->h) ==
			    SQLITE_CONSTRAINT_PRIMARYKEY)
				store_err(err, errlen, "credential %lld is given "
				    "twice", (long long)a->targets[i]);
			else
				db_err(db, "credential", err, errlen);
			goto out;
		}
		if (sqlite3_changes(db->h) != 1) {
			store_err(err, errlen, "person %lld has no credential "
			    "with id %lld", (long long)a->person_id,
			    (long long)a->targets[i]);
			goto out;
		}
		db_release(s);
		s = NULL;
	}
	ret = 0;
out:
	db_release(s);
	return ret;
}

int
store_activity_add(struct db *db, struct activity *a, char *err,
    size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	char		*detail = NULL, h[HOURS_BUFSZ], day[DATE_BUFSZ];
	size_t		 i;
	int		 ok = 0, ret = -1;

	if (a->ntopics > ACT_MAX_TOPICS || a->napprovals > ACT_MAX_APPROVALS ||
	    a->ntargets > ACT_MAX_TARGETS) {
		store_err(err, errlen, "activity: at most %d topics, %d "
		    "approvals and %d credentials", ACT_MAX_TOPICS,
		    ACT_MAX_APPROVALS, ACT_MAX_TARGETS);
		return -1;
	}
	/* The separators of the folded lists must not occur in the text. */
	for (i = 0; i < a->ntopics; i++) {
		if (!store_text_ok(a->topics[i].topic)) {
			store_err(err, errlen, "topic contains a control "
			    "character");
			return -1;
		}
	}
	for (i = 0; i < a->napprovals; i++) {
		if (!store_text_ok(a->approvals[i].body) ||
		    !store_text_ok(a->approvals[i].number)) {
			store_err(err, errlen, "approval contains a control "
			    "character");
			return -1;
		}
	}

	if (store_sp_begin(db, err, errlen) == -1)
		return -1;
	if (db_cached(db, &s, sql_act_add, err, errlen) == -1)
		goto out;
	if (sqlite3_bind_int64(s, 1, a->person_id) != SQLITE_OK ||
	    db_bind_text(s, 2, a->title, 0) == -1 ||
	    db_bind_text(s, 3, a->provider, 1) == -1 ||
	    store_bind_date(s, 4, a->date) == -1 ||
	    db_bind_text(s, 5, a->format, 0) == -1 ||
	    db_bind_text(s, 6, hours_unit_name(a->amount.unit), 0) == -1 ||
	    sqlite3_bind_int64(s, 7, a->amount.centi) != SQLITE_OK ||
	    db_bind_text(s, 8, a->certificate, 1) == -1) {
		db_err(db, "activity", err, errlen);
		goto out;
	}
	if (sqlite3_step(s) != SQLITE_DONE) {
		if (sqlite3_extended_errcode(db->h) ==
		    SQLITE_CONSTRAINT_FOREIGNKEY)
			store_err(err, errlen, "no person with id %lld",
			    (long long)a->person_id);
		else
			db_err(db, "activity", err, errlen);
		goto out;
	}
	a->id = sqlite3_last_insert_rowid(db->h);
	db_release(s);
	s = NULL;

	if (store_act_children(db, a, err, errlen) == -1)
		goto out;
	detail = xasprintf("%s, %s on %s for person %lld", a->title, hours_format_amount(&a->amount, h, sizeof(h)),
	    date_format(a->date, day), (long long)a->person_id);
	if (store_audit(db, "add", "activity", a->id, detail, err,
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
store_activity_update(struct db *db, const struct activity *a,
    const char *detail, char *err, size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	size_t		 i;
	int		 ok = 0, ret = -1;

	if (a->ntopics > ACT_MAX_TOPICS || a->napprovals > ACT_MAX_APPROVALS ||
	    a->ntargets > ACT_MAX_TARGETS) {
		store_err(err, errlen, "activity: at most %d topics, %d "
		    "approvals and %d credentials", ACT_MAX_TOPICS,
		    ACT_MAX_APPROVALS, ACT_MAX_TARGETS);
		return -1;
	}
	if (store_sp_begin(db, err, errlen) == -1)
		return -1;
	if (db_cached(db, &s, sql_act_update, err, errlen) == -1)
		goto out;
	if (sqlite3_bind_int64(s, 1, a->id) != SQLITE_OK ||
	    db_bind_text(s, 2, a->title, 0) == -1 ||
	    db_bind_text(s, 3, a->provider, 1) == -1 ||
	    store_bind_date(s, 4, a->date) == -1 ||
	    db_bind_text(s, 5, a->format, 0) == -1 ||
	    db_bind_text(s, 6, hours_unit_name(a->amount.unit), 0) == -1 ||
	    sqlite3_bind_int64(s, 7, a->amount.centi) != SQLITE_OK ||
	    db_bind_text(s, 8, a->certificate, 1) == -1 ||
	    sqlite3_bind_int64(s, 9, a->person_id) != SQLITE_OK) {
		db_err(db, "activity", err, errlen);
		goto out;
	}
	if (sqlite3_step(s) != SQLITE_DONE) {
		db_err(db, "activity", err, errlen);
		goto out;
	}
	if (sqlite3_changes(db->h) != 1) {
		store_err(err, errlen, "no activity with id %lld",
		    (long long)a->id);
		goto out;
	}
	db_release(s);
	s = NULL;
	/* The lists are replaced whole: what the edit says is what holds. */
	for (i = 0; i < ARRAY_SIZE(sql_act_clear); i++) {
		if (db_cached(db, &s, sql_act_clear[i], err, errlen) == -1)
			goto out;
		if (sqlite3_bind_int64(s, 1, a->id) != SQLITE_OK ||
		    sqlite3_step(s) != SQLITE_DONE) {
			db_err(db, "activity", err, errlen);
			goto out;
		}
		db_release(s);
		s = NULL;
	}
	if (store_act_children(db, a, err, errlen) == -1)
		goto out;
	if (store_audit(db, "edit", "activity", a->id, detail, err,
	    errlen) == -1)
		goto out;
	ok = 1;
	ret = 0;
out:
	db_release(s);
	return store_sp_end(db, ok, ret, err, errlen);
}

int
store_activity_get(struct db *db, int64_t id, struct activity *a, char *err,
    size_t errlen)
{
	sqlite3_stmt	*s;
	int		 rc, ret = -1;

	if (db_cached(db, &s, sql_act_by_id, err, errlen) == -1)
		return -1;
	if (sqlite3_bind_int64(s, 1, id) != SQLITE_OK) {
		db_err(db, "activity", err, errlen);
		goto out;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_DONE) {
		store_err(err, errlen, "no activity with id %lld",
		    (long long)id);
		goto out;
	}
	if (rc != SQLITE_ROW) {
		db_err(db, "activity", err, errlen);
		goto out;
	}
	memset(a, 0, sizeof(*a));
	ret = store_act_row(s, a, err, errlen);
out:
	db_release(s);
	return ret;
}

int
store_activity_rm(struct db *db, int64_t id, char *err, size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	char		*detail = NULL;
	int64_t		 person;
	int		 rc, ok = 0, ret = -1;

	if (store_sp_begin(db, err, errlen) == -1)
		return -1;
	/* Topics, approvals and targets go with it (ON DELETE CASCADE). */
	if (db_cached(db, &s, sql_act_rm, err, errlen) == -1)
		goto out;
	if (sqlite3_bind_int64(s, 1, id) != SQLITE_OK) {
		db_err(db, "activity", err, errlen);
		goto out;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_DONE) {
		store_err(err, errlen, "no activity with id %lld",
		    (long long)id);
		goto out;
	}
	if (rc != SQLITE_ROW) {
		db_err(db, "activity", err, errlen);
		goto out;
	}
	person = sqlite3_column_int64(s, 0);
	detail = xasprintf("%s (person %lld)", store_text(s, 1),
	    (long long)person);
	if (sqlite3_step(s) != SQLITE_DONE) {
		db_err(db, "activity", err, errlen);
		goto out;
	}
	db_release(s);
	s = NULL;
	if (store_audit_person(db, "remove", "activity", id, person, detail,
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
store_activity_list(struct db *db, int64_t person_id, int from, int to,
    struct activity **out, size_t *n, char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	struct activity	*v = NULL;
	char		 lo[DATE_BUFSZ], hi[DATE_BUFSZ];
	size_t		 len = 0, cap = 0;
	int		 rc, ret = -1;

	*out = NULL;
	*n = 0;
	/* Dates compare as text; these bounds sort outside every date. */
	if (from == INT_MIN)
		(void)cet_strlcpy(lo, "0000-00-00", sizeof(lo));
	else
		date_format(from, lo);
	if (to == INT_MAX)
		(void)cet_strlcpy(hi, "9999-99-99", sizeof(hi));
	else
		date_format(to, hi);
	if (db_cached(db, &s, sql_act_list, err, errlen) == -1)
		return -1;
	if (sqlite3_bind_int64(s, 1, person_id) != SQLITE_OK ||
	    db_bind_text(s, 2, lo, 0) == -1 ||
	    db_bind_text(s, 3, hi, 0) == -1) {
		db_err(db, "activity", err, errlen);
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		memset(&v[len], 0, sizeof(v[len]));
		if (store_act_row(s, &v[len], err, errlen) == -1)
			goto out;
		len++;
	}
	if (rc != SQLITE_DONE) {
		db_err(db, "activity", err, errlen);
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

/* -- verification ---------------------------------------------------- */

static const char sql_verify_add[] =
    "INSERT INTO verification (credential_id, verified_on, verified_by, "
    "source, created) VALUES (?1, ?2, ?3, ?4, " STORE_NOW ") "
    "RETURNING id, created";
static const char sql_verify_list[] =
    "SELECT id, credential_id, verified_on, verified_by, source, created "
    "FROM verification WHERE credential_id = ?1 "
    "ORDER BY verified_on DESC, id DESC";
/* The latest of each credential on a day: the index walks (credential,
 * day, id). */
static const char sql_verify_latest[] =
    "SELECT v.id, v.credential_id, v.verified_on, v.verified_by, v.source, "
    "v.created FROM verification v WHERE v.id = (SELECT w.id FROM "
    "verification w WHERE w.credential_id = v.credential_id AND "
    "w.verified_on <= ?1 ORDER BY w.verified_on DESC, w.id DESC LIMIT 1) "
    "ORDER BY v.credential_id";

static int
store_verify_row(sqlite3_stmt *s, struct verification *v, char *err,
    size_t errlen)
{
	memset(v, 0, sizeof(*v));
	v->id = sqlite3_column_int64(s, 0);
	v->credential_id = sqlite3_column_int64(s, 1);
	if (store_column_date(s, 2, &v->on) == -1) {
		store_err(err, errlen, "verification %lld: stored day is not "
		    "a date", (long long)v->id);
		return -1;
	}
	if (store_copy(s, 3, v->by, sizeof(v->by), "verification", v->id,
	    err, errlen) == -1 ||
	    store_copy(s, 4, v->source, sizeof(v->source), "verification",
	    v->id, err, errlen) == -1 ||
	    store_copy(s, 5, v->recorded, sizeof(v->recorded), "verification",
	    v->id, err, errlen) == -1)
		return -1;
	return 0;
}

int
store_verify_add(struct db *db, struct verification *v, char *err,
    size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	struct credential c;
	char		*detail = NULL, day[DATE_BUFSZ];
	int		 ok = 0, ret = -1;

	if (store_cred_get(db, v->credential_id, &c, err, errlen) == -1)
		return -1;
	if (store_sp_begin(db, err, errlen) == -1)
		return -1;
	if (db_cached(db, &s, sql_verify_add, err, errlen) == -1)
		goto out;
	if (sqlite3_bind_int64(s, 1, v->credential_id) != SQLITE_OK ||
	    store_bind_date(s, 2, v->on) == -1 ||
	    db_bind_text(s, 3, v->by, 0) == -1 ||
	    db_bind_text(s, 4, v->source, 0) == -1 ||
	    sqlite3_step(s) != SQLITE_ROW) {
		db_err(db, "verification", err, errlen);
		goto out;
	}
	v->id = sqlite3_column_int64(s, 0);
	if (db_column_copy(s, 1, v->recorded, sizeof(v->recorded)) == -1)
		v->recorded[0] = '\0';
	/* RETURNING finishes its insert only when stepped to the end. */
	if (sqlite3_step(s) != SQLITE_DONE) {
		db_err(db, "verification", err, errlen);
		goto out;
	}
	db_release(s);
	s = NULL;
	detail = xasprintf("%s%s%s %s verified on %s by %s at %s", c.program,
	    c.state[0] != '\0' ? " " : "", c.state, c.number,
	    date_format(v->on, day), v->by, v->source);
	if (store_audit(db, "verify", "credential", v->credential_id, detail,
	    err, errlen) == -1)
		goto out;
	ok = 1;
	ret = 0;
out:
	free(detail);
	db_release(s);
	return store_sp_end(db, ok, ret, err, errlen);
}

static int
store_verify_row_v(sqlite3_stmt *s, void *v, char *err, size_t errlen)
{
	return store_verify_row(s, v, err, errlen);
}

int
store_verify_list(struct db *db, int64_t cred_id, struct verification **out,
    size_t *n, char *err, size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	int		 ret = -1;

	*out = NULL;
	*n = 0;
	if (db_cached(db, &s, sql_verify_list, err, errlen) == -1)
		return -1;
	if (sqlite3_bind_int64(s, 1, cred_id) != SQLITE_OK) {
		db_err(db, "verification", err, errlen);
		goto out;
	}
	ret = store_rows_collect(db, s, "verification", store_verify_row_v,
	    sizeof(**out), (void **)out, n, err, errlen);
out:
	db_release(s);
	return ret;
}

int
store_verify_latest(struct db *db, int day, struct verification **out,
    size_t *n, char *err, size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	int		 ret = -1;

	*out = NULL;
	*n = 0;
	if (db_cached(db, &s, sql_verify_latest, err, errlen) == -1)
		return -1;
	if (store_bind_date(s, 1, day) == -1)
		db_err(db, "verification", err, errlen);
	else
		ret = store_rows_collect(db, s, "verification",
		    store_verify_row_v, sizeof(**out), (void **)out, n, err,
		    errlen);
	db_release(s);
	return ret;
}
