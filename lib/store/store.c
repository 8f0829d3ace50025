/* SPDX-License-Identifier: ISC */
/*
 * Typed reads and writes of people, credentials, cycles, activities and the
 * audit log, on the schema of sql/001-initial.sql. Structs carry dates as
 * day numbers and hours as hundredths; the tables hold 'YYYY-MM-DD' text
 * and integers, and this file converts between them. Every write also
 * appends its audit row and runs inside a savepoint, so that a failed call
 * leaves nothing half-written even inside the caller's transaction.
 *
 * The scan for status and reports (store_scan_*) is set-based: three
 * statements (people, credentials with their open cycle, activities with
 * their topics, approvals and targets folded in) are stepped side by side in
 * person order, so that a report over 32,000 people holds one person in
 * memory and runs three queries, not one per person.
 */

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "store/db.h"
#include "base/hours.h"
#include "base/model.h"
#include "store/store.h"
#include "store/store_int.h"
#include "store/store_watch.h"
#include "base/util.h"

/* UTC, as every timestamp in the schema. */
#define STORE_NOW	"strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

/*
 * Separators for the lists folded into one activity row: ASCII record and
 * unit separators, which no stored text may contain (checked on write).
 */
#define STORE_RS	'\x1e'
#define STORE_US	'\x1f'

#define PERSON_COLS	"id, name, email, org_id, external_id, active"
#define CRED_COLS	"c.id, c.person_id, c.program, c.number, c.state, " \
			"c.attrs, c.status"
#define CYCLE_COLS	"y.id, y.credential_id, y.start, y.valid_through, " \
			"y.renewal_index, y.carry_in, y.closed, y.outcome"
#define CRED_NCOLS	7
#define STORE_SCAN_KIDS	3

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

/*
 * The same columns without the children, for the scan, which reads the
 * children as three streams of their own in person order (sql/003).
 */
#define ACT_SELECT_BARE \
	"SELECT a.id, a.person_id, a.title, a.provider, a.completed, " \
	"a.format, a.unit, a.amount, a.certificate " \
	"FROM activity a"

static const char sql_sp_begin[] = "SAVEPOINT store";
static const char sql_sp_release[] = "RELEASE store";
static const char sql_sp_rollback[] = "ROLLBACK TO store";

static const char sql_audit_add[] =
    "INSERT INTO audit (at, actor, action, entity, entity_id, detail) "
    "VALUES (" STORE_NOW ", ?1, ?2, ?3, ?4, ?5)";

static const char sql_person_add[] =
    "INSERT INTO person (name, email, org_id, external_id, active, created) "
    "VALUES (?1, ?2, ?3, ?4, ?5, " STORE_NOW ")";
static const char sql_person_by_id[] =
    "SELECT " PERSON_COLS " FROM person WHERE id = ?1";
static const char sql_person_by_ext[] =
    "SELECT " PERSON_COLS " FROM person WHERE external_id = ?1 "
    "ORDER BY id LIMIT 11";
static const char sql_person_by_name[] =
    "SELECT " PERSON_COLS " FROM person WHERE name = ?1 "
    "ORDER BY id LIMIT 11";
static const char sql_person_dup[] =
    "SELECT id FROM person WHERE org_id IS ?1 AND external_id = ?2";
static const char sql_person_all[] =
    "SELECT " PERSON_COLS " FROM person ORDER BY id";
static const char sql_person_count[] = "SELECT count(*) FROM person";

static const char sql_cred_add[] =
    "INSERT INTO credential (person_id, program, number, state, attrs, "
    "status, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, " STORE_NOW ")";
static const char sql_cred_dup[] =
    "SELECT id FROM credential WHERE program = ?1 AND state = ?2 "
    "AND number = ?3";
static const char sql_cred_by_id[] =
    "SELECT " CRED_COLS " FROM credential c WHERE c.id = ?1";
static const char sql_cred_of[] =
    "SELECT " CRED_COLS " FROM credential c WHERE c.person_id = ?1 "
    "ORDER BY c.id";
static const char sql_cred_all[] =
    "SELECT " CRED_COLS " FROM credential c ORDER BY c.person_id, c.id";

static const char sql_cycle_add[] =
    "INSERT INTO cycle (credential_id, start, valid_through, renewal_index, "
    "carry_in) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_cycle_open[] =
    "SELECT " CYCLE_COLS " FROM cycle y WHERE y.credential_id = ?1 "
    "AND y.closed IS NULL";
static const char sql_cycle_all[] =
    "SELECT " CYCLE_COLS " FROM cycle y WHERE y.credential_id = ?1 "
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
static const char sql_act_rm[] =
    "DELETE FROM activity WHERE id = ?1 RETURNING person_id, title";

/*
 * The scan: one statement per table, all in person order, in four modes
 * (enum store_scan_mode): everyone; the people with ids in [?1, ?2] (their
 * children from ?1 on); the people of organization ?1 with ids in [?2, ?3];
 * the people a daemon
 * pass on day ?1 must evaluate (store_watch.h). The organization's and the
 * due people come as an ordered IN list, so every statement still reads its
 * index in person order without sorting (test_store checks the plans).
 */
enum store_scan_mode {
	SCAN_MODE_ALL,
	SCAN_MODE_RANGE,
	SCAN_MODE_ORG,
	SCAN_MODE_DUE,
	SCAN_NMODES
};
#define SCAN_W_RANGE(col)	" WHERE " col " BETWEEN ?1 AND ?2"
/* The children of a range: from its first person on, no upper bound, so
 * that SQLite seeks once and compares no row with the end; the scan stops
 * stepping them after the range's last person. */
#define SCAN_W_FROM(col)	" WHERE " col " >= ?1"
#define SCAN_W_ORG(col)		" WHERE " col " IN (SELECT id FROM person " \
				"WHERE org_id = ?1 AND id BETWEEN ?2 AND ?3)"
#define SCAN_W_DUE(col)		" WHERE " col " IN (" STORE_WATCH_DUE_SQL ")"
#define SCAN_PEOPLE	"SELECT " PERSON_COLS " FROM person"
static const char *const sql_scan_people[SCAN_NMODES] = {
	SCAN_PEOPLE " ORDER BY id",
	SCAN_PEOPLE SCAN_W_RANGE("id") " ORDER BY id",
	SCAN_PEOPLE " WHERE org_id = ?1 AND id BETWEEN ?2 AND ?3 ORDER BY id",
	SCAN_PEOPLE SCAN_W_DUE("id") " ORDER BY id"
};
#define SCAN_CREDS	"SELECT " CRED_COLS ", " CYCLE_COLS " FROM credential c " \
			"LEFT JOIN cycle y ON y.credential_id = c.id AND " \
			"y.closed IS NULL"
#define SCAN_CREDS_ORDER " ORDER BY c.person_id, c.id"
static const char *const sql_scan_creds[SCAN_NMODES] = {
	SCAN_CREDS SCAN_CREDS_ORDER,
	SCAN_CREDS SCAN_W_FROM("c.person_id") SCAN_CREDS_ORDER,
	SCAN_CREDS SCAN_W_ORG("c.person_id") SCAN_CREDS_ORDER,
	SCAN_CREDS SCAN_W_DUE("c.person_id") SCAN_CREDS_ORDER
};
/*
 * [lean][mode]: lean reads what compliance needs, from the activity_person
 * index alone: no title, provider or certificate (store_scan_act_row).
 */
#define ACT_SELECT_LEAN \
	"SELECT a.id, a.person_id, NULL, NULL, a.completed, " \
	"a.format, a.unit, a.amount FROM activity a"
#define SCAN_ACTS_ORDER	" ORDER BY a.person_id, a.completed, a.id"
static const char *const sql_scan_acts[2][SCAN_NMODES] = {
	{ ACT_SELECT_BARE SCAN_ACTS_ORDER,
	  ACT_SELECT_BARE SCAN_W_FROM("a.person_id") SCAN_ACTS_ORDER,
	  ACT_SELECT_BARE SCAN_W_ORG("a.person_id") SCAN_ACTS_ORDER,
	  ACT_SELECT_BARE SCAN_W_DUE("a.person_id") SCAN_ACTS_ORDER },
	{ ACT_SELECT_LEAN SCAN_ACTS_ORDER,
	  ACT_SELECT_LEAN SCAN_W_FROM("a.person_id") SCAN_ACTS_ORDER,
	  ACT_SELECT_LEAN SCAN_W_ORG("a.person_id") SCAN_ACTS_ORDER,
	  ACT_SELECT_LEAN SCAN_W_DUE("a.person_id") SCAN_ACTS_ORDER }
};
/* Children: column 0 person, 1 activity, then the values. */
#define SCAN_TOPICS	"SELECT person_id, activity_id, ifnull(amount, -1), " \
			"topic FROM activity_topic"
#define SCAN_APPROVALS	"SELECT person_id, activity_id, body, number " \
			"FROM activity_approval"
/* Lean: the approving body without the approval number. */
#define SCAN_APPROVALS_LEAN "SELECT person_id, activity_id, body, NULL " \
			"FROM activity_approval"
#define SCAN_TARGETS	"SELECT person_id, activity_id, credential_id " \
			"FROM activity_target"
#define SCAN_KIDS_ORDER	" ORDER BY person_id, activity_id, "
#define SCAN_KIDS(ap, w) { \
	SCAN_TOPICS w SCAN_KIDS_ORDER "topic", \
	ap w SCAN_KIDS_ORDER "body", \
	SCAN_TARGETS w SCAN_KIDS_ORDER "credential_id" }
#define SCAN_KIDS_MODES(ap) { \
	SCAN_KIDS(ap, ""), \
	SCAN_KIDS(ap, SCAN_W_FROM("person_id")), \
	SCAN_KIDS(ap, SCAN_W_ORG("person_id")), \
	SCAN_KIDS(ap, SCAN_W_DUE("person_id")) }
/* [lean][mode][stream] */
static const char *const sql_scan_kids[2][SCAN_NMODES][STORE_SCAN_KIDS] = {
	SCAN_KIDS_MODES(SCAN_APPROVALS),
	SCAN_KIDS_MODES(SCAN_APPROVALS_LEAN)
};

struct store_scan {
	struct db	*db;
	sqlite3_stmt	*people;
	sqlite3_stmt	*creds;
	sqlite3_stmt	*acts;
	sqlite3_stmt	*kids[STORE_SCAN_KIDS];	/* topics, approvals, targets */
	int		 lean;		/* STORE_SCAN_LEAN */
	int		 creds_rc;	/* SQLITE_ROW: a row is waiting */
	int		 acts_rc;
	int		 kids_rc[STORE_SCAN_KIDS];
	struct credential *cred_v;
	struct cycle	*cycle_v;
	size_t		 cred_cap;
	struct activity	*act_v;
	size_t		 act_cap;
	uint32_t	*act_hash;	/* act_v by id: index + 1, 0 empty */
	size_t		 hash_cap;
	size_t		 hash_mask;	/* a power of 2 (> 2 * activities), - 1 */
};

static int	store_column_date(sqlite3_stmt *, int, int *);
static int	store_cycle_row(sqlite3_stmt *, int, struct cycle *, char *,
		    size_t);
static int	store_scan_act_row(sqlite3_stmt *, int, struct activity *,
		    char *, size_t);
static int	store_act_row(sqlite3_stmt *, struct activity *, char *,
		    size_t);
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
static const char *store_actor(char *, size_t);

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

static int
store_column_date(sqlite3_stmt *s, int col, int *out)
{
	return date_parse_iso((const char *)sqlite3_column_text(s, col), out);
}

/* Copy a text column; text longer than the struct's field is refused. */
int
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

static const char *
store_actor(char *buf, size_t len)
{
	const char	*s;

	/* The person behind sudo is the one who made the change. */
	if ((s = getenv("SUDO_USER")) != NULL && s[0] != '\0')
		return s;
	if ((s = getenv("USER")) != NULL && s[0] != '\0')
		return s;
	if (cet_fmt(buf, len, "uid %lu", (unsigned long)getuid()) == -1)
		return "unknown";
	return buf;
}

int
store_audit(struct db *db, const char *action, const char *entity,
    int64_t entity_id, const char *detail, char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	char		 actor[32];
	int		 ret = -1;

	if (db_cached(db, &s, sql_audit_add, err, errlen) == -1)
		return -1;
	if (db_bind_text(s, 1, store_actor(actor, sizeof(actor)), 0) == -1 ||
	    db_bind_text(s, 2, action, 0) == -1 ||
	    db_bind_text(s, 3, entity, 0) == -1 ||
	    store_bind_id(s, 4, entity_id) == -1 ||
	    db_bind_text(s, 5, detail, 1) == -1) {
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

/* -- people ---------------------------------------------------------- */

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
	int		 rc, n = 0, ret = -1;

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
	if (rc != SQLITE_DONE) {
		db_err(db, "person", err, errlen);
		goto out;
	}
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

static int
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
	return store_copy(s, col + 7, y->outcome, sizeof(y->outcome), "cycle",
	    y->id, err, errlen);
}

/* Insert an open cycle; y->credential_id must be set. */
static int
store_cycle_insert(struct db *db, struct cycle *y, char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	char		 a[DATE_BUFSZ], b[DATE_BUFSZ], what[2 * DATE_BUFSZ + 16];
	int		 ret = -1;

	if (db_cached(db, &s, sql_cycle_add, err, errlen) == -1)
		return -1;
	if (sqlite3_bind_int64(s, 1, y->credential_id) != SQLITE_OK ||
	    store_bind_date(s, 2, y->start) == -1 ||
	    store_bind_date(s, 3, y->valid_through) == -1 ||
	    sqlite3_bind_int(s, 4, y->renewal_index) != SQLITE_OK ||
	    sqlite3_bind_int64(s, 5, y->carry_in) != SQLITE_OK) {
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

int
store_activity_add(struct db *db, struct activity *a, char *err,
    size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	char		*detail = NULL, h[HOURS_BUFSZ], day[DATE_BUFSZ];
	char		 what[ATTR_MAX_LEN + 16];
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
	detail = xasprintf("%s (person %lld)", store_text(s, 1),
	    (long long)sqlite3_column_int64(s, 0));
	if (sqlite3_step(s) != SQLITE_DONE) {
		db_err(db, "activity", err, errlen);
		goto out;
	}
	db_release(s);
	s = NULL;
	if (store_audit(db, "remove", "activity", id, detail, err,
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

/* -- set-based scan -------------------------------------------------- */

int
store_scan_bounds(struct db *db, int64_t org_id, size_t per, int64_t **ids,
    size_t *n, char *err, size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	size_t		 cap = 0;
	int		 rc, ret = -1;

	*ids = NULL;
	*n = 0;
	/* org_id 0: everyone. Every per-th id in id order starts a range. */
	if (db_prepare(db, &s, "SELECT id FROM (SELECT id, row_number() OVER "
	    "(ORDER BY id) - 1 AS k FROM person WHERE ?1 = 0 OR org_id = ?1) "
	    "WHERE k % ?2 = 0 ORDER BY id", err, errlen) == -1)
		return -1;
	if (sqlite3_bind_int64(s, 1, org_id) != SQLITE_OK ||
	    sqlite3_bind_int64(s, 2, per > 0 ? (sqlite3_int64)per : 1) !=
	    SQLITE_OK) {
		db_err(db, "scan ranges", err, errlen);
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*ids = xreallocarray(*ids, cap, sizeof(**ids));
		}
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	if (rc != SQLITE_DONE) {
		db_err(db, "scan ranges", err, errlen);
		goto out;
	}
	ret = 0;
out:
	if (ret == -1) {
		free(*ids);
		*ids = NULL;
		*n = 0;
	}
	sqlite3_finalize(s);
	return ret;
}

int
store_scan_org_span(struct db *db, int64_t org_id, size_t *n, int64_t *lo,
    int64_t *hi, size_t *span, char *err, size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	int		 ret = -1;

	*n = *span = 0;
	*lo = *hi = 0;
	if (db_prepare(db, &s, "WITH o(n, lo, hi) AS (SELECT count(*), "
	    "min(id), max(id) FROM person WHERE org_id = ?1) SELECT n, lo, hi, "
	    "(SELECT count(*) FROM person WHERE id BETWEEN o.lo AND o.hi) "
	    "FROM o", err, errlen) == -1)
		return -1;
	if (sqlite3_bind_int64(s, 1, org_id) != SQLITE_OK ||
	    sqlite3_step(s) != SQLITE_ROW) {
		db_err(db, "organization span", err, errlen);
		goto out;
	}
	*n = (size_t)sqlite3_column_int64(s, 0);
	*lo = sqlite3_column_int64(s, 1);
	*hi = sqlite3_column_int64(s, 2);
	*span = (size_t)sqlite3_column_int64(s, 3);
	ret = 0;
out:
	sqlite3_finalize(s);
	return ret;
}

static int	store_scan_start(struct db *, int, int64_t, int64_t, int64_t,
		    int, struct store_scan **, char *, size_t);

/* Fibonacci hashing of an id to a slot of the table of size mask + 1. */
static inline size_t
store_scan_slot(int64_t id, size_t mask)
{
	return (size_t)(((uint64_t)id * 0x9E3779B97F4A7C15ULL) >> 32) & mask;
}

/* The one activity of the current person with this id, or NULL. */
static struct activity *
store_scan_find(struct store_scan *sc, int64_t id)
{
	size_t		mask = sc->hash_mask, h;
	uint32_t	v;

	for (h = store_scan_slot(id, mask); (v = sc->act_hash[h]) != 0;
	    h = (h + 1) & mask)
		if (sc->act_v[v - 1].id == id)
			return &sc->act_v[v - 1];
	return NULL;
}

/* Add child row s of stream k (topics, approvals, targets) to a. */
static int
store_scan_kid(size_t k, sqlite3_stmt *s, struct activity *a, char *err,
    size_t errlen)
{
	static const char *const what[STORE_SCAN_KIDS] = {
		"topics", "approvals", "targets"
	};
	static const int max[STORE_SCAN_KIDS] = {
		ACT_MAX_TOPICS, ACT_MAX_APPROVALS, ACT_MAX_TARGETS
	};
	struct activity_approval *ap;

	switch (k) {
	case 0:
		if (a->ntopics == ACT_MAX_TOPICS ||
		    store_copy(s, 3, a->topics[a->ntopics].topic,
		    sizeof(a->topics[0].topic), "activity", a->id, err,
		    errlen) == -1)
			goto bad;
		a->topics[a->ntopics++].centi =
		    (long)sqlite3_column_int64(s, 2);
		return 0;
	case 1:
		if (a->napprovals == ACT_MAX_APPROVALS)
			goto bad;
		ap = &a->approvals[a->napprovals];
		if (store_copy(s, 2, ap->body, sizeof(ap->body), "activity",
		    a->id, err, errlen) == -1 ||
		    store_copy(s, 3, ap->number, sizeof(ap->number),
		    "activity", a->id, err, errlen) == -1)
			goto bad;
		a->napprovals++;
		return 0;
	default:
		if (a->ntargets == ACT_MAX_TARGETS)
			goto bad;
		a->targets[a->ntargets++] = sqlite3_column_int64(s, 2);
		return 0;
	}
bad:
	store_err(err, errlen, "activity %lld: stored %s do not fit "
	    "(at most %d)", (long long)a->id, what[k], max[k]);
	return -1;
}

/*
 * An activity row without the children (sql_scan_acts, and the first
 * columns of ACT_SELECT for store_act_row), in a lean scan without the
 * title, provider and certificate.
 */
static int
store_scan_act_row(sqlite3_stmt *s, int lean, struct activity *a, char *err,
    size_t errlen)
{
	const char	*unit;

	a->id = sqlite3_column_int64(s, 0);
	a->person_id = sqlite3_column_int64(s, 1);
	a->ntopics = a->napprovals = a->ntargets = 0;
	if (lean)
		a->title[0] = a->provider[0] = a->certificate[0] = '\0';
	else if (store_copy(s, 2, a->title, sizeof(a->title), "activity",
	    a->id, err, errlen) == -1 ||
	    store_copy(s, 3, a->provider, sizeof(a->provider), "activity",
	    a->id, err, errlen) == -1 ||
	    store_copy(s, 8, a->certificate, sizeof(a->certificate),
	    "activity", a->id, err, errlen) == -1)
		return -1;
	if (store_copy(s, 5, a->format, sizeof(a->format), "activity", a->id,
	    err, errlen) == -1)
		return -1;
	if (store_column_date(s, 4, &a->date) == -1) {
		store_err(err, errlen, "activity %lld: stored date is not "
		    "YYYY-MM-DD", (long long)a->id);
		return -1;
	}
	unit = (const char *)sqlite3_column_text(s, 6);
	if (hours_unit_from_name(unit, &a->amount.unit) == -1) {
		store_err(err, errlen, "activity %lld: unknown unit '%s'",
		    (long long)a->id, unit != NULL ? unit : "");
		return -1;
	}
	a->amount.centi = (long)sqlite3_column_int64(s, 7);
	return 0;
}

/*
 * Attach the children of person pid's nacts activities. Each child stream
 * is in (person, activity) order, so this person's rows are the next run
 * of each; rows of a smaller person id belong to no person and are passed
 * over.
 */
static int
store_scan_kids(struct store_scan *sc, int64_t pid, size_t nacts, char *err,
    size_t errlen)
{
	struct activity	*a;
	sqlite3_stmt	*s;
	int64_t		 kp;
	size_t		 i, k, h, size;

	/* The activities by id: an open-addressed table, half empty. */
	for (size = 64; size <= 2 * nacts; size *= 2)
		;
	if (size > sc->hash_cap) {
		free(sc->act_hash);
		sc->act_hash = xreallocarray(NULL, size, sizeof(*sc->act_hash));
		sc->hash_cap = size;
	}
	sc->hash_mask = size - 1;
	memset(sc->act_hash, 0, size * sizeof(*sc->act_hash));
	for (i = 0; i < nacts; i++) {
		for (h = store_scan_slot(sc->act_v[i].id, sc->hash_mask);
		    sc->act_hash[h] != 0; h = (h + 1) & sc->hash_mask)
			;
		sc->act_hash[h] = (uint32_t)(i + 1);
	}
	for (k = 0; k < STORE_SCAN_KIDS; k++) {
		s = sc->kids[k];
		while (sc->kids_rc[k] == SQLITE_ROW) {
			if ((kp = sqlite3_column_int64(s, 0)) > pid)
				break;
			if (kp == pid && (a = store_scan_find(sc,
			    sqlite3_column_int64(s, 1))) != NULL &&
			    store_scan_kid(k, s, a, err, errlen) == -1)
				return -1;
			sc->kids_rc[k] = sqlite3_step(s);
		}
		if (sc->kids_rc[k] != SQLITE_ROW &&
		    sc->kids_rc[k] != SQLITE_DONE) {
			db_err(sc->db, "scan activities", err, errlen);
			return -1;
		}
	}
	return 0;
}

int
store_scan_open(struct db *db, int64_t person_id, int flags,
    struct store_scan **out, char *err, size_t errlen)
{
	if (person_id > 0)
		return store_scan_open_range(db, person_id, person_id, flags,
		    out, err, errlen);
	return store_scan_start(db, SCAN_MODE_ALL, 0, 0, 0, flags, out, err,
	    errlen);
}

int
store_scan_open_range(struct db *db, int64_t first, int64_t last, int flags,
    struct store_scan **out, char *err, size_t errlen)
{
	return store_scan_start(db, SCAN_MODE_RANGE, 0, first, last, flags,
	    out, err, errlen);
}

int
store_scan_open_org(struct db *db, int64_t org_id, int64_t first,
    int64_t last, int flags, struct store_scan **out, char *err,
    size_t errlen)
{
	return store_scan_start(db, SCAN_MODE_ORG, org_id, first, last,
	    flags, out, err, errlen);
}

int
store_scan_open_due(struct db *db, int today, int flags,
    struct store_scan **out, char *err, size_t errlen)
{
	return store_scan_start(db, SCAN_MODE_DUE, 0, today, 0, flags, out,
	    err, errlen);
}

/* Bind the mode's parameters: range ?1, ?2; organization ?1, range ?2, ?3;
 * due: the day (first) as ?1. */
static int
store_scan_bind(struct db *db, sqlite3_stmt *s, int mode, int64_t org,
    int64_t first, int64_t last, char *err, size_t errlen)
{
	int	i = 1;

	if (mode == SCAN_MODE_ALL)
		return 0;
	if (mode == SCAN_MODE_DUE) {
		char	d[DATE_BUFSZ];

		if (db_bind_text(s, 1, date_format((int)first, d), 0) == -1) {
			db_err(db, "scan", err, errlen);
			return -1;
		}
		return 0;
	}
	/* A range's children take only its first id (SCAN_W_FROM). */
	if ((mode == SCAN_MODE_ORG &&
	    sqlite3_bind_int64(s, i++, org) != SQLITE_OK) ||
	    sqlite3_bind_int64(s, i++, first) != SQLITE_OK ||
	    (sqlite3_bind_parameter_count(s) >= i &&
	    sqlite3_bind_int64(s, i, last) != SQLITE_OK)) {
		db_err(db, "scan", err, errlen);
		return -1;
	}
	return 0;
}

static int
store_scan_start(struct db *db, int mode, int64_t org, int64_t first,
    int64_t last, int flags, struct store_scan **out, char *err,
    size_t errlen)
{
	struct store_scan	*sc;
	size_t			 k;

	*out = NULL;
	sc = xcalloc(1, sizeof(*sc));
	sc->db = db;
	sc->lean = (flags & STORE_SCAN_LEAN) != 0;
	/*
	 * Not cached: these live across calls, and a caller may run other
	 * store reads between two store_scan_next.
	 */
	if (db_prepare(db, &sc->people, sql_scan_people[mode], err,
	    errlen) == -1 ||
	    db_prepare(db, &sc->creds, sql_scan_creds[mode], err,
	    errlen) == -1 ||
	    db_prepare(db, &sc->acts, sql_scan_acts[sc->lean][mode], err,
	    errlen) == -1)
		goto fail;
	for (k = 0; k < STORE_SCAN_KIDS; k++)
		if (db_prepare(db, &sc->kids[k],
		    sql_scan_kids[sc->lean][mode][k], err, errlen) == -1)
			goto fail;
	if (store_scan_bind(db, sc->people, mode, org, first, last, err,
	    errlen) == -1 ||
	    store_scan_bind(db, sc->creds, mode, org, first, last, err,
	    errlen) == -1 ||
	    store_scan_bind(db, sc->acts, mode, org, first, last, err,
	    errlen) == -1)
		goto fail;
	for (k = 0; k < STORE_SCAN_KIDS; k++)
		if (store_scan_bind(db, sc->kids[k], mode, org, first, last,
		    err, errlen) == -1)
			goto fail;
	/*
	 * Step the children now. While the people statement is active all
	 * three read in the one implicit read transaction, so the scan sees
	 * one snapshot even when the daemon writes meanwhile.
	 */
	sc->creds_rc = sqlite3_step(sc->creds);
	sc->acts_rc = sqlite3_step(sc->acts);
	if ((sc->creds_rc != SQLITE_ROW && sc->creds_rc != SQLITE_DONE) ||
	    (sc->acts_rc != SQLITE_ROW && sc->acts_rc != SQLITE_DONE)) {
		db_err(db, "scan", err, errlen);
		goto fail;
	}
	for (k = 0; k < STORE_SCAN_KIDS; k++) {
		sc->kids_rc[k] = sqlite3_step(sc->kids[k]);
		if (sc->kids_rc[k] != SQLITE_ROW &&
		    sc->kids_rc[k] != SQLITE_DONE) {
			db_err(db, "scan", err, errlen);
			goto fail;
		}
	}
	*out = sc;
	return 0;
fail:
	store_scan_close(sc);
	return -1;
}

int
store_scan_next(struct store_scan *sc, struct store_person_data *out,
    char *err, size_t errlen)
{
	struct db	*db = sc->db;
	int64_t		 pid, id;
	size_t		 n;
	int		 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = sqlite3_step(sc->people)) == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW) {
		db_err(db, "scan people", err, errlen);
		return -1;
	}
	if (store_person_row(sc->people, &out->person, err, errlen) == -1)
		return -1;
	pid = out->person.id;

	/*
	 * Merge by person id: take the child rows of this person; rows of a
	 * smaller id belong to no person and are passed over.
	 */
	for (n = 0; sc->creds_rc == SQLITE_ROW; ) {
		if ((id = sqlite3_column_int64(sc->creds, 1)) > pid)
			break;
		if (id == pid) {
			if (n == sc->cred_cap) {
				sc->cred_cap = sc->cred_cap == 0 ? 8 :
				    sc->cred_cap * 2;
				sc->cred_v = xreallocarray(sc->cred_v,
				    sc->cred_cap, sizeof(*sc->cred_v));
				sc->cycle_v = xreallocarray(sc->cycle_v,
				    sc->cred_cap, sizeof(*sc->cycle_v));
			}
			if (store_cred_row(sc->creds, 0, &sc->cred_v[n], err,
			    errlen) == -1)
				return -1;
			if (sqlite3_column_type(sc->creds, CRED_NCOLS) ==
			    SQLITE_NULL) {
				memset(&sc->cycle_v[n], 0, sizeof(sc->cycle_v[n]));
				sc->cycle_v[n].closed = -1;
			} else if (store_cycle_row(sc->creds, CRED_NCOLS,
			    &sc->cycle_v[n], err, errlen) == -1)
				return -1;
			n++;
		}
		sc->creds_rc = sqlite3_step(sc->creds);
	}
	if (sc->creds_rc != SQLITE_ROW && sc->creds_rc != SQLITE_DONE) {
		db_err(db, "scan credentials", err, errlen);
		return -1;
	}
	out->creds = sc->cred_v;
	out->cycles = sc->cycle_v;
	out->ncreds = n;

	for (n = 0; sc->acts_rc == SQLITE_ROW; ) {
		if ((id = sqlite3_column_int64(sc->acts, 1)) > pid)
			break;
		if (id == pid) {
			if (n == sc->act_cap) {
				sc->act_cap = sc->act_cap == 0 ? 32 :
				    sc->act_cap * 2;
				sc->act_v = xreallocarray(sc->act_v,
				    sc->act_cap, sizeof(*sc->act_v));
			}
			if (store_scan_act_row(sc->acts, sc->lean,
			    &sc->act_v[n], err, errlen) == -1)
				return -1;
			n++;
		}
		sc->acts_rc = sqlite3_step(sc->acts);
	}
	if (sc->acts_rc != SQLITE_ROW && sc->acts_rc != SQLITE_DONE) {
		db_err(db, "scan activities", err, errlen);
		return -1;
	}
	if (store_scan_kids(sc, pid, n, err, errlen) == -1)
		return -1;
	out->acts = sc->act_v;
	out->nacts = n;
	return 1;
}

void
store_scan_close(struct store_scan *sc)
{
	size_t	k;

	if (sc == NULL)
		return;
	sqlite3_finalize(sc->people);
	sqlite3_finalize(sc->creds);
	sqlite3_finalize(sc->acts);
	for (k = 0; k < STORE_SCAN_KIDS; k++)
		sqlite3_finalize(sc->kids[k]);
	free(sc->cred_v);
	free(sc->cycle_v);
	free(sc->act_v);
	free(sc->act_hash);
	free(sc);
}
