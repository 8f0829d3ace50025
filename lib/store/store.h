/* SPDX-License-Identifier: ISC */
/*
 * Typed reads and writes of people, credentials, cycles, activities and the
 * audit log (store.c, store_cred.c, store_scan.c, store_audit.c). Writers
 * do not begin or commit: the caller wraps a whole command in
 * db_begin/db_commit so that a command changes everything it says or
 * nothing. Every function returns 0
 * on success or -1 with a one-line message in err; "not found" is -1 with a
 * message such as "no person matches 'Dana'".
 *
 * Reads for status and reports are set-based: one query per table for the
 * whole selection, streamed in person order (store_scan_*), never one query
 * per person.
 */
#ifndef CETRACK_STORE_H
#define CETRACK_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store/db.h"
#include "base/model.h"

/* -- the database itself --------------------------------------------- */

/* This database's own id (schema 8): 32 hex digits, made at init and never
 * changed; calendar UIDs end in it (report/ics.h). buf: at least 33. */
#define STORE_DB_UID_SIZE	33
int	 store_db_uid(struct db *, char *buf, size_t len, char *err, size_t);

/* -- people ---------------------------------------------------------- */

/* Insert; sets p->id. Also writes the audit row. */
int	 store_person_add(struct db *, struct person *, char *err, size_t);

/* Resolve a reference the way the CLI documents it: a numeric id, an
 * external id, or an exact name. Ambiguous names are an error that lists
 * the matching ids. */
int	 store_person_find(struct db *, const char *ref, struct person *,
	    char *err, size_t);
int	 store_person_get(struct db *, int64_t id, struct person *, char *err,
	    size_t);

/* All people ordered by id; *out is malloc'ed (free it). */
int	 store_person_list(struct db *, struct person **out, size_t *n,
	    char *err, size_t);

/* The number of people, 0 for an empty database. */
int	 store_person_count(struct db *, int64_t *n, char *err, size_t);

/* -- credentials and cycles ------------------------------------------ */

/* Insert the credential and its first (open) cycle; sets both ids.
 * A duplicate program/state/number is refused with a clear message. */
int	 store_cred_add(struct db *, struct credential *, struct cycle *,
	    char *err, size_t);
int	 store_cred_get(struct db *, int64_t id, struct credential *,
	    char *err, size_t);

/* Credentials of one person (person_id > 0) or of everyone, ordered by
 * person, then id; *out is malloc'ed. */
int	 store_cred_list(struct db *, int64_t person_id,
	    struct credential **out, size_t *n, char *err, size_t);

/* The open cycle of a credential (-1 with a message if none). */
int	 store_cycle_open(struct db *, int64_t cred_id, struct cycle *,
	    char *err, size_t);

/* Every cycle of a credential, oldest first; *out is malloc'ed. */
int	 store_cycle_list(struct db *, int64_t cred_id, struct cycle **out,
	    size_t *n, char *err, size_t);

/* Close the open cycle on `closed` with outcome ("ce", "exam", "lapsed",
 * "retired") and open `next` (sets next->id). */
int	 store_cred_renew(struct db *, int64_t cred_id, int closed,
	    const char *outcome, struct cycle *next, char *err, size_t);

/* -- activities ------------------------------------------------------ */

/* Insert with topics, approvals and targets; sets a->id. */
int	 store_activity_add(struct db *, struct activity *, char *err, size_t);
int	 store_activity_get(struct db *, int64_t id, struct activity *,
	    char *err, size_t);
int	 store_activity_rm(struct db *, int64_t id, char *err, size_t);
/* Replace activity a->id (of a->person_id) with a, its topics, approvals
 * and credentials included; the audit row carries detail (what changed). */
int	 store_activity_update(struct db *, const struct activity *,
	    const char *detail, char *err, size_t);

/* Activities of one person completed in [from, to] (inclusive; pass
 * INT_MIN/INT_MAX for no bound), ordered by date then id. */
int	 store_activity_list(struct db *, int64_t person_id, int from, int to,
	    struct activity **out, size_t *n, char *err, size_t);

/*
 * Primary-source verification (store_cred.c). store_verify_add appends one
 * check of v->credential_id (the credential must exist) and an audit row;
 * v->id and v->recorded are set. store_verify_list gives a credential's
 * checks, latest first (by day, then id); store_verify_latest the latest
 * check made on or before `day` of every credential that has one, by
 * credential id. Free *out.
 */
int	 store_verify_add(struct db *, struct verification *, char *err,
	    size_t);
int	 store_verify_list(struct db *, int64_t cred_id,
	    struct verification **out, size_t *n, char *err, size_t);
int	 store_verify_latest(struct db *, int day,
	    struct verification **out, size_t *n, char *err, size_t);

/*
 * The path into a credential (store_path.c, schema 10). *_add sets the
 * id and writes an audit row naming the person; *_list gives a person's
 * records by date, then id (free *out); *_rm removes one, handing back
 * what it was, or fails with "no ENTITY with id N".
 */
int	 store_edu_add(struct db *, struct education *, char *err, size_t);
int	 store_edu_get(struct db *, int64_t id, struct education *,
	    char *err, size_t);
int	 store_edu_list(struct db *, int64_t person_id, struct education **out,
	    size_t *n, char *err, size_t);
int	 store_edu_rm(struct db *, int64_t id, struct education *old,
	    char *err, size_t);
int	 store_exp_add(struct db *, struct experience *, char *err, size_t);
int	 store_exp_get(struct db *, int64_t id, struct experience *,
	    char *err, size_t);
int	 store_exp_list(struct db *, int64_t person_id,
	    struct experience **out, size_t *n, char *err, size_t);
int	 store_exp_rm(struct db *, int64_t id, struct experience *old,
	    char *err, size_t);
int	 store_explog_add(struct db *, struct exp_log *, char *err, size_t);
int	 store_explog_list(struct db *, int64_t person_id,
	    struct exp_log **out, size_t *n, char *err, size_t);
int	 store_explog_rm(struct db *, int64_t id, struct exp_log *old,
	    char *err, size_t);
int	 store_exam_add(struct db *, struct exam_sat *, char *err, size_t);
int	 store_exam_get(struct db *, int64_t id, struct exam_sat *,
	    char *err, size_t);
int	 store_exam_list(struct db *, int64_t person_id, struct exam_sat **out,
	    size_t *n, char *err, size_t);
int	 store_exam_rm(struct db *, int64_t id, struct exam_sat *old,
	    char *err, size_t);

/* A credential's original issue date: c->id in, has_issued and issued
 * out; set (has 0: clear) without an audit row of its own. */
int	 store_cred_issued_get(struct db *, struct credential *c, char *err,
	    size_t);
int	 store_cred_issued_set(struct db *, int64_t cred_id, int has, int day,
	    char *err, size_t);

/* -- audit ----------------------------------------------------------- */

/*
 * Append one audit row: at = now (UTC); actor = the name given to
 * store_audit_actor, else $SUDO_USER (the person behind sudo), else the
 * OS account's name (the password database's, not $USER), else "uid N".
 */
int	 store_audit(struct db *, const char *action, const char *entity,
	    int64_t entity_id, const char *detail, char *err, size_t);

/* Name every later audit row of this process after a program rather
 * than its user ("cetrackd"); NULL or "" goes back to the user. At most
 * STORE_ACTOR_MAX - 1 bytes are kept. */
#define STORE_ACTOR_MAX	64
void	 store_audit_actor(const char *name);

/*
 * Reading it back (store_audit.c). A filter's fields are "any" when 0 or
 * NULL. person_id: the rows about that person, their credentials and
 * courses and their credentials' reminders, written since the person was
 * added (an id SQLite handed on from someone removed takes nothing of
 * theirs); rows from before schema 7 about a credential or course removed
 * before the upgrade cannot be placed and are left out. since: rows
 * written at or after that time. entity: one of store_audit_entities.
 */
struct store_audit_filter {
	int64_t		 person_id;
	time_t		 since;
	const char	*entity;
};

/* One row, with what can be said of its entity now. Strings are NULL
 * when the column is, and live until the callback returns. */
struct store_audit_row {
	int64_t		 id;
	const char	*at;		/* UTC, "2026-12-07T14:03:22Z" */
	const char	*actor;		/* "dreyes", "cetrackd" */
	const char	*action;	/* "add", "update", "remove", ... */
	const char	*entity;	/* "person", "credential", ... */
	int64_t		 entity_id;	/* 0: none */
	const char	*detail;	/* what the writer said */
	int64_t		 person_id;	/* the person it is about; 0: none
					   known */
	const char	*person;	/* that person's name now; NULL if
					   removed */
	const char	*label;		/* the entity now: a name, "CCM
					   12345", a course's title; NULL if
					   removed */
};

/* The entities writers name, NULL-terminated; whether s is one. */
extern const char *const store_audit_entities[];
int	 store_audit_entity_known(const char *s);

/*
 * Call fn with each of the newest `limit` rows that pass f (0: all),
 * oldest first, streaming: an employer's log may hold millions. fn
 * returns 0 to go on, or -1 to stop, and then store_audit_each returns
 * -1 with err empty. *total (may be NULL) is how many pass in all.
 */
typedef int (*store_audit_fn)(const struct store_audit_row *, void *);
int	 store_audit_each(struct db *, const struct store_audit_filter *,
	    size_t limit, store_audit_fn fn, void *arg, int64_t *total,
	    char *err, size_t);

/* -- set-based scan for status and reports --------------------------- */

/* Everything needed to evaluate one person's credentials. */
struct store_person_data {
	struct person	 person;
	struct credential *creds;	/* ordered by id */
	struct cycle	*cycles;	/* cycles[i]: open cycle of creds[i];
					   id 0 when the credential has none */
	size_t		 ncreds;
	struct activity	*acts;		/* ordered by date, id */
	size_t		 nacts;
};

struct store_scan;	/* opaque: six statements stepping in step */

/* What compliance needs, read from the activity_person index alone:
 * activities without title, provider and certificate, approvals without
 * their numbers (all ""). */
#define STORE_SCAN_LEAN	0x1

/* Start a scan over one person (person_id > 0) or everyone; flags 0 or
 * STORE_SCAN_LEAN. */
int	 store_scan_open(struct db *, int64_t person_id, int flags,
	    struct store_scan **, char *err, size_t);
/* The same over the people with first <= id <= last (first >= 1). */
int	 store_scan_open_range(struct db *, int64_t first, int64_t last,
	    int flags, struct store_scan **, char *err, size_t);
/* The same over the people of one organization with first <= id <= last
 * (1 and INT64_MAX: all of them). */
int	 store_scan_open_org(struct db *, int64_t org_id, int64_t first,
	    int64_t last, int flags, struct store_scan **, char *err, size_t);
/* The same over the people a daemon pass on `today` must evaluate
 * (store_watch.h). */
int	 store_scan_open_due(struct db *, int today, int flags,
	    struct store_scan **, char *err, size_t);
/* Person ids that cut a scan of everyone (org_id 0) or of an organization
 * into ranges of `per` people (the last may have fewer): range i runs from
 * (*ids)[i] to (*ids)[i + 1] - 1, the last to the end. *ids is malloc'ed
 * (NULL and *n 0 without people). */
int	 store_scan_bounds(struct db *, int64_t org_id, size_t per,
	    int64_t **ids, size_t *n, char *err, size_t errlen);
/* An organization's people: how many (*n), the smallest and largest id,
 * and how many people of any organization have ids in between (*span). */
int	 store_scan_org_span(struct db *, int64_t org_id, size_t *n,
	    int64_t *lo, int64_t *hi, size_t *span, char *err, size_t errlen);

/* Fill *out with the next person (its arrays are reused between calls and
 * freed by store_scan_close). Returns 1 for a person, 0 at the end, -1 on
 * error. */
int	 store_scan_next(struct store_scan *, struct store_person_data *out,
	    char *err, size_t);
void	 store_scan_close(struct store_scan *);

#endif
