/* SPDX-License-Identifier: ISC */
/*
 * Organizations (employers) and the extra store calls that bulk import and
 * export need: finding a person by organization and external id, finding a
 * credential by its natural key (program, state, number), updating and
 * removing people and credentials, restoring rows with their original ids,
 * and streaming every table in id order. Like store.h: writers run inside
 * the caller's transaction (each in its own savepoint), every function
 * returns 0 or -1 with a one-line message in err, and all statements are
 * cached with db_cached, so a 100,000-row import prepares each once.
 */
#ifndef CETRACK_STORE_ORG_H
#define CETRACK_STORE_ORG_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "base/model.h"

#define ORG_URL_MAX_LEN	1024	/* webhook URL, bytes including the NUL */
#define STORE_TIME_LEN	24	/* "YYYY-MM-DDTHH:MM:SSZ" + NUL */

struct organization {
	int64_t	id;
	char	name[NAME_MAX_LEN];
	char	contact_email[EMAIL_MAX_LEN];	/* "" if none */
	char	webhook_url[ORG_URL_MAX_LEN];	/* "" if none */
	char	created[STORE_TIME_LEN];	/* UTC, set by the store */
};

/* -- organizations --------------------------------------------------- */

/* Insert; sets o->id and writes the audit row. A duplicate name is refused
 * with "organization 'X' already exists (id N)". */
int	 store_org_add(struct db *, struct organization *, char *err, size_t);

/* By id; -1 with "no organization with id N" if there is none. */
int	 store_org_get(struct db *, int64_t id, struct organization *,
	    char *err, size_t);

/* Resolve the CLI's ORG: a numeric id, else an exact name (names are
 * unique). -1 with "no organization matches 'X'" if none. */
int	 store_org_find(struct db *, const char *ref, struct organization *,
	    char *err, size_t);

/* By exact name; sets *found to 0 or 1 (no error when absent). */
int	 store_org_by_name(struct db *, const char *name,
	    struct organization *, int *found, char *err, size_t);

/* All organizations ordered by id; *out is malloc'ed (free it). */
int	 store_org_list(struct db *, struct organization **out, size_t *n,
	    char *err, size_t);

/* People of one organization ordered by id; *out is malloc'ed. */
int	 store_org_people(struct db *, int64_t org_id, struct person **out,
	    size_t *n, char *err, size_t);

/* -- people and credentials for import ------------------------------- */

/* The person of an organization (org_id 0: none) with this external id;
 * *found 0 or 1. */
int	 store_person_by_ext(struct db *, int64_t org_id, const char *ext,
	    struct person *, int *found, char *err, size_t);

/* For a transcript row: the people whose external id is ext (any
 * organization) when ext is not empty, else those named name exactly.
 * *found is 0, 1 (p filled) or 2 (more than one). */
int	 store_person_lookup(struct db *, const char *ext, const char *name,
	    struct person *, int *found, char *err, size_t);

/* Update name, email, organization, external id and active flag of p->id;
 * writes the audit row. */
int	 store_person_update(struct db *, const struct person *,
	    const char *detail, char *err, size_t);

/* An active person other than p (p->id 0: any) with p's name in p's
 * organization: *id, or 0. */
int	 store_person_namesake(struct db *, const struct person *, int64_t *id,
	    char *err, size_t);

/* Deactivate a person: gone from status, reports and reminders (what was
 * still to be sent is skipped), kept with their history; audited. */
int	 store_person_deactivate(struct db *, int64_t id, char *err, size_t);

/* Rename an organization or change its contact; the audit row carries
 * detail (NULL: the name). */
int	 store_org_update(struct db *, const struct organization *,
	    const char *detail, char *err, size_t);

/* Delete an organization none of whose active people remain; audited. */
int	 store_org_rm(struct db *, int64_t id, char *err, size_t);

/* Delete a person with everything of theirs (credentials, cycles,
 * activities: ON DELETE CASCADE); writes the audit row. */
int	 store_person_rm(struct db *, int64_t id, char *err, size_t);

/* The credential with this program, state ("" for none) and number;
 * *found 0 or 1. */
int	 store_cred_by_key(struct db *, const char *program, const char *state,
	    const char *number, struct credential *, int *found, char *err,
	    size_t);

/* Update a credential's person, attributes, status, number and state
 * (the program stays); writes the audit row with detail (NULL: the new
 * values). */
int	 store_cred_update(struct db *, const struct credential *,
	    const char *detail, char *err, size_t);

/* Set the open cycle's start, valid-through and renewal index (the dates a
 * roster states). Opens a cycle if the credential has none. */
int	 store_cycle_set_open(struct db *, struct cycle *, char *err, size_t);

/* Delete a credential with its cycles and targets; writes the audit row. */
int	 store_cred_rm(struct db *, int64_t id, char *err, size_t);

/* An activity of a->person_id with the same completion date, title, unit
 * and amount; *id is its id, or 0 if there is none. */
int	 store_activity_same(struct db *, const struct activity *, int64_t *id,
	    char *err, size_t);

/* -- counts ---------------------------------------------------------- */

/* Rows in organization, person, credential, activity and notification
 * together: 0 means an empty database. */
int	 store_org_rows(struct db *, int64_t *n, char *err, size_t);

/* -- whole tables, for export and restore ---------------------------- */

/*
 * Export reads every row of a table and import writes them back, column
 * by column, with the names the caller gives (constants of export.c, never
 * user input). Values are typed as SQLite keeps them.
 */
enum store_vtype {
	STORE_NULL,
	STORE_INT,
	STORE_TEXT,
	STORE_BLOB		/* a certificate's bytes */
};

struct store_value {
	enum store_vtype type;
	int64_t		 i;
	const char	*s;		/* STORE_TEXT: NUL-terminated;
					 * STORE_BLOB: len bytes */
	size_t		 len;
};

struct store_rows;

/* For a bulk write (an import): a page cache large enough that a long
 * transaction does not spill pages to the WAL before it commits, and the
 * savepoint journals in memory. Call it outside a transaction (SQLite
 * ignores temp_store inside one). */
int	 store_bulk_cache(struct db *, char *err, size_t);

/* A read transaction, so that several reads see one snapshot while the
 * daemon goes on writing (BEGIN DEFERRED; end with ROLLBACK: nothing to
 * keep). */
int	 store_snapshot_begin(struct db *, char *err, size_t);
void	 store_snapshot_end(struct db *);

/* SELECT cols FROM table ORDER BY order. */
int	 store_rows_open(struct db *, const char *table,
	    const char *const *cols, size_t ncols, const char *order,
	    struct store_rows **, char *err, size_t);

/* The next row: 1 with *vals (ncols values, valid until the next call),
 * 0 at the end, -1 on error. */
int	 store_rows_next(struct store_rows *, const struct store_value **vals,
	    char *err, size_t);
void	 store_rows_close(struct store_rows *);

struct store_insert;

/* INSERT INTO table (cols) VALUES (...), prepared once. */
int	 store_insert_open(struct db *, const char *table,
	    const char *const *cols, size_t ncols, struct store_insert **,
	    char *err, size_t);

/* Insert one row (inside the caller's transaction, in a savepoint); sets
 * *rowid. A constraint failure is -1 with SQLite's message. */
int	 store_insert_row(struct store_insert *, const struct store_value *,
	    int64_t *rowid, char *err, size_t);
void	 store_insert_close(struct store_insert *);

#endif
