/* SPDX-License-Identifier: ISC */
/*
 * The scan for status and reports (store_scan_*, store.h) is set-based:
 * three statements (people, credentials with their open cycle, activities)
 * and three more for the activities' topics, approvals and targets are
 * stepped side by side in person order, so that a report over 32,000
 * people holds one person in memory and runs six queries, not one per
 * person.
 */

#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "store/db.h"
#include "base/hours.h"
#include "base/model.h"
#include "store/store.h"
#include "store/store_int.h"
#include "store/store_watch.h"
#include "base/util.h"

#define CRED_NCOLS	7
#define STORE_SCAN_KIDS	3

/*
 * The columns of store_cred.c's ACT_SELECT without the children, for the
 * scan, which reads the children as three streams of their own in person
 * order (sql/003).
 */
#define ACT_SELECT_BARE \
	"SELECT a.id, a.person_id, a.title, a.provider, a.completed, " \
	"a.format, a.unit, a.amount, a.certificate " \
	"FROM activity a"

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
#define SCAN_PEOPLE	"SELECT " STORE_PERSON_COLS " FROM person"
/*
 * Removed people (person rm: active = 0) are left out here only: their
 * credentials and activities come in the child streams and, having no
 * person row, are passed over by the merge (store_scan_next).
 */
#define SCAN_ACTIVE	" AND active = 1"
static const char *const sql_scan_people[SCAN_NMODES] = {
	SCAN_PEOPLE " WHERE active = 1 ORDER BY id",
	SCAN_PEOPLE SCAN_W_RANGE("id") SCAN_ACTIVE " ORDER BY id",
	SCAN_PEOPLE " WHERE org_id = ?1 AND id BETWEEN ?2 AND ?3" SCAN_ACTIVE
	    " ORDER BY id",
	SCAN_PEOPLE SCAN_W_DUE("id") SCAN_ACTIVE " ORDER BY id"
};
#define SCAN_CREDS	"SELECT " STORE_CRED_COLS ", " STORE_CYCLE_COLS \
			" FROM credential c " \
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

static int	store_scan_start(struct db *, int, int64_t, int64_t, int64_t,
		    int, struct store_scan **, char *, size_t);

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
int
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
