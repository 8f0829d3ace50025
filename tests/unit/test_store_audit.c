/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for lib/store/store_audit.c and the person each audit row is
 * about (store.c, schema 7), on the real schema in an in-memory database:
 * rows come back oldest first with what can be said of their entity now;
 * the person filter takes a person's credentials and courses, removed ones
 * included, and nothing of someone removed whose id SQLite handed on, even
 * with the clock set back; rows
 * from before schema 7 are placed through the current tables; since,
 * entity and limit. Everyone here is fictional.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "helpers.h"
#include "base/date.h"
#include "store/db.h"
#include "base/hours.h"
#include "base/model.h"
#include "store/store.h"
#include "store/store_org.h"
#include "base/util.h"

static struct db	db;
static char		err[512];

static void
setup(void)
{
	memdb_open(&db);
}

static void
teardown(void)
{
	db_close(&db);
}

TestSuite(audit, .init = setup, .fini = teardown);

static int64_t
add_person(const char *name)
{
	struct person	p;

	memset(&p, 0, sizeof(p));
	cet_strlcpy(p.name, name, sizeof(p.name));
	p.active = 1;
	cr_assert_eq(store_person_add(&db, &p, err, sizeof(err)), 0, "%s", err);
	return p.id;
}

static int64_t
add_cred(int64_t person, const char *program, const char *state,
    const char *number)
{
	struct credential	c;
	struct cycle		y;

	memset(&c, 0, sizeof(c));
	memset(&y, 0, sizeof(y));
	c.person_id = person;
	cet_strlcpy(c.program, program, sizeof(c.program));
	cet_strlcpy(c.state, state, sizeof(c.state));
	cet_strlcpy(c.number, number, sizeof(c.number));
	c.status = CRED_ACTIVE;
	y.start = D("2022-06-01");
	y.valid_through = D("2027-05-31");
	y.renewal_index = 1;
	cr_assert_eq(store_cred_add(&db, &c, &y, err, sizeof(err)), 0, "%s",
	    err);
	return c.id;
}

static int64_t
add_act(int64_t person, const char *title)
{
	struct activity	a;

	memset(&a, 0, sizeof(a));
	a.person_id = person;
	cet_strlcpy(a.title, title, sizeof(a.title));
	cet_strlcpy(a.format, "live-online", sizeof(a.format));
	a.date = D("2026-03-04");
	a.amount.unit = HOURS_UNIT_HOUR;
	a.amount.centi = 150;
	cr_assert_eq(store_activity_add(&db, &a, err, sizeof(err)), 0, "%s",
	    err);
	return a.id;
}

/* A row as an older cetrack, or the history a test needs, wrote it;
 * entity_id and person_id 0 for none. */
static void
raw_row(const char *at, const char *action, const char *entity,
    int64_t entity_id, int64_t person_id, const char *detail)
{
	sqlite3_stmt	*s;

	cr_assert_eq(sqlite3_prepare_v2(db.h, "INSERT INTO audit (at, actor, "
	    "action, entity, entity_id, detail, person_id) VALUES (?1, "
	    "'olduser', ?2, ?3, nullif(?4, 0), ?5, nullif(?6, 0))", -1, &s, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(s, 1, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, entity, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, entity_id);
	sqlite3_bind_text(s, 5, detail, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, person_id);
	cr_assert_eq(sqlite3_step(s), SQLITE_DONE, "%s",
	    sqlite3_errmsg(db.h));
	sqlite3_finalize(s);
}

/* A row kept after the walk, its strings copied (NULL stays NULL). */
struct kept {
	int64_t	 id, entity_id, person_id;
	char	*at, *actor, *action, *entity, *detail, *person, *label;
};

struct keep {
	struct kept	*v;
	size_t		 n;
	char		*buf;		/* "action entity id; ..." */
	size_t		 len;
	int		 stop_at;	/* 1-based row to stop at; 0: none */
};

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static int
keep_row(const struct store_audit_row *r, void *arg)
{
	struct keep	*k = arg;
	struct kept	*c;
	char		 one[128];

	if (k->stop_at > 0 && (size_t)k->stop_at == k->n + 1)
		return -1;
	k->v = xreallocarray(k->v, k->n + 1, sizeof(*k->v));
	c = &k->v[k->n];
	c->id = r->id;
	c->entity_id = r->entity_id;
	c->person_id = r->person_id;
	c->at = dup_or_null(r->at);
	c->actor = dup_or_null(r->actor);
	c->action = dup_or_null(r->action);
	c->entity = dup_or_null(r->entity);
	c->detail = dup_or_null(r->detail);
	c->person = dup_or_null(r->person);
	c->label = dup_or_null(r->label);
	if (k->n > 0)
		cr_assert_gt(c->id, k->v[k->n - 1].id, "not oldest first");
	cr_assert_eq(cet_fmt(one, sizeof(one), "%s%s %s %lld",
	    k->n > 0 ? "; " : "", r->action, r->entity,
	    (long long)r->entity_id), 0);
	cr_assert_lt(strlen(k->buf) + strlen(one), k->len);
	cet_strlcpy(k->buf + strlen(k->buf), one, k->len - strlen(k->buf));
	k->n++;
	return 0;
}

static void
kept_free(struct kept *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].at);
		free(v[i].actor);
		free(v[i].action);
		free(v[i].entity);
		free(v[i].detail);
		free(v[i].person);
		free(v[i].label);
	}
	free(v);
}

/* Walk with a filter; the rows' "action entity id" joined by "; " in
 * buf, the rows themselves in *keep (or freed when keep is NULL). */
static size_t
pick(const struct store_audit_filter *f, size_t limit, char *buf,
    size_t len, int64_t *total, struct kept **keep)
{
	struct keep	k;

	memset(&k, 0, sizeof(k));
	k.buf = buf;
	k.len = len;
	buf[0] = '\0';
	cr_assert_eq(store_audit_each(&db, f, limit, keep_row, &k, total, err,
	    sizeof(err)), 0, "%s", err);
	if (keep != NULL)
		*keep = k.v;
	else
		kept_free(k.v, k.n);
	return k.n;
}

Test(audit, rows_come_back_oldest_first_with_what_they_are_about)
{
	struct store_audit_filter	 f;
	struct kept			*v;
	char				 got[512];
	int64_t				 dana, total;

	memset(&f, 0, sizeof(f));
	dana = add_person("Dana Reyes, RN, CCM");
	add_cred(dana, "RN", "CA", "RN-654321");
	add_act(dana, "Ethics in Case Management");
	cr_assert_eq(pick(&f, 0, got, sizeof(got), &total, &v), 3);
	cr_assert_str_eq(got, "add person 1; add credential 1; "
	    "add activity 1");
	cr_assert_eq(total, 3);

	cr_assert_str_eq(v[0].actor, "dreyes");
	cr_assert_eq(strlen(v[0].at), 20);
	cr_assert_eq(v[0].at[10], 'T');
	cr_assert_eq(v[0].at[19], 'Z');
	cr_assert_eq(v[0].person_id, dana);
	cr_assert_str_eq(v[0].person, "Dana Reyes, RN, CCM");
	cr_assert_str_eq(v[0].label, "Dana Reyes, RN, CCM");
	cr_assert_str_eq(v[1].label, "RN CA RN-654321");
	cr_assert_str_eq(v[1].detail, "RN CA RN-654321 for person 1, valid "
	    "through 2027-05-31");
	cr_assert_eq(v[1].person_id, dana);
	cr_assert_str_eq(v[1].person, "Dana Reyes, RN, CCM");
	cr_assert_str_eq(v[2].label, "Ethics in Case Management");
	cr_assert_eq(v[2].person_id, dana);
	kept_free(v, 3);

	/* The writer recorded whose it was (schema 7). */
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM audit WHERE "
	    "person_id = 1"), 3);
}

Test(audit, a_person_takes_their_credentials_and_courses_removed_or_not)
{
	struct store_audit_filter	 f;
	struct kept			*v;
	char				 got[512];
	int64_t				 dana, sam, cred, act, total;

	dana = add_person("Dana Reyes");
	sam = add_person("Sam Ortiz");
	cred = add_cred(dana, "CCM", "", "00012345");
	add_cred(sam, "CCM", "", "00067890");
	act = add_act(dana, "Ethics webinar");
	add_act(sam, "Pain management");
	cr_assert_eq(store_activity_rm(&db, act, err, sizeof(err)), 0, "%s",
	    err);
	cr_assert_eq(store_cred_rm(&db, cred, err, sizeof(err)), 0, "%s", err);

	memset(&f, 0, sizeof(f));
	f.person_id = dana;
	cr_assert_eq(pick(&f, 0, got, sizeof(got), &total, &v), 5);
	cr_assert_str_eq(got, "add person 1; add credential 1; "
	    "add activity 1; remove activity 1; remove credential 1");
	cr_assert_eq(total, 5);
	/* Gone: no label, but still Dana's. */
	cr_assert_null(v[1].label);
	cr_assert_null(v[3].label);
	cr_assert_str_eq(v[3].detail, "Ethics webinar (person 1)");
	cr_assert_str_eq(v[4].person, "Dana Reyes");
	kept_free(v, 5);

	f.person_id = sam;
	cr_assert_eq(pick(&f, 0, got, sizeof(got), NULL, NULL), 3);
	cr_assert_str_eq(got, "add person 2; add credential 2; "
	    "add activity 2");
}

Test(audit, reminder_settings_and_retries_belong_to_the_credentials_owner)
{
	struct store_audit_filter	 f;
	char				 got[512], *msg = NULL;
	int64_t				 dana, cred;

	dana = add_person("Dana Reyes");
	add_person("Sam Ortiz");
	cred = add_cred(dana, "CCM", "", "00012345");
	/* What the CLI writes for `cred set` and `notify retry`. */
	cr_assert_eq(store_audit(&db, "set", "credential", cred, "snooze: "
	    "until 2027-01-31", err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(sqlite3_exec(db.h, "INSERT INTO notification (dedup_key, "
	    "credential_id, event, channel, recipient, created, updated) "
	    "VALUES ('1:1:before-90:email:d', 1, 'before-90', 'email', "
	    "'dana.reyes@example.org', '2026-01-01T00:00:00Z', "
	    "'2026-01-01T00:00:00Z')", NULL, NULL, &msg), SQLITE_OK, "%s",
	    msg != NULL ? msg : "");
	cr_assert_eq(store_audit(&db, "retry", "notification", 1, "dead -> "
	    "pending after 5 attempts", err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(store_audit(&db, "import", "file", 0, "roster.csv",
	    err, sizeof(err)), 0, "%s", err);

	memset(&f, 0, sizeof(f));
	f.person_id = dana;
	cr_assert_eq(pick(&f, 0, got, sizeof(got), NULL, NULL), 4);
	cr_assert_str_eq(got, "add person 1; add credential 1; "
	    "set credential 1; retry notification 1");
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM audit WHERE "
	    "person_id IS NULL AND entity = 'file'"), 1);
}

Test(audit, rows_from_before_schema_7_are_placed_through_the_tables)
{
	struct store_audit_filter	 f;
	char				 got[512];
	int64_t				 dana, cred;

	dana = add_person("Dana Reyes");
	cred = add_cred(dana, "CCM", "", "00012345");
	/* Written without a person: one about Dana's credential, one about
	 * a course removed since, which nothing can place any more. */
	raw_row("2099-01-01T00:00:00Z", "update", "credential", cred, 0,
	    "person 1, attributes '', active");
	raw_row("2099-01-01T00:00:01Z", "remove", "activity", 9, 0,
	    "Ethics webinar (person 1)");

	memset(&f, 0, sizeof(f));
	f.person_id = dana;
	cr_assert_eq(pick(&f, 0, got, sizeof(got), NULL, NULL), 3);
	cr_assert_str_eq(got, "add person 1; add credential 1; "
	    "update credential 1");
	memset(&f, 0, sizeof(f));
	cr_assert_eq(pick(&f, 0, got, sizeof(got), NULL, NULL), 4);
}

Test(audit, an_id_handed_on_takes_nothing_of_the_removed)
{
	struct store_audit_filter	 f;
	struct kept			*v;
	char				 got[512];
	int64_t				 lee;

	/* Person 2 and their credential 1, removed long ago. */
	raw_row("2020-01-01T00:00:00Z", "add", "person", 2, 2, "Ana Park");
	raw_row("2020-01-01T00:00:01Z", "add", "credential", 1, 2,
	    "CCM 00011111 for person 2, valid through 2021-05-31");
	raw_row("2020-02-01T00:00:00Z", "remove", "person", 2, 2,
	    "Ana Park");
	add_person("Dana Reyes");
	lee = add_person("Lee Chen");
	cr_assert_eq(lee, 2);
	add_cred(lee, "CDMS", "", "CDMS-4321");

	memset(&f, 0, sizeof(f));
	f.person_id = lee;
	cr_assert_eq(pick(&f, 0, got, sizeof(got), NULL, NULL), 2);
	cr_assert_str_eq(got, "add person 2; add credential 1");

	/* Nor are the old rows labelled with the new person's things. */
	memset(&f, 0, sizeof(f));
	cr_assert_eq(pick(&f, 0, got, sizeof(got), NULL, &v), 6);
	cr_assert_null(v[0].label);
	cr_assert_null(v[0].person);
	cr_assert_eq(v[0].person_id, 2);
	cr_assert_null(v[1].label);
	cr_assert_str_eq(v[4].label, "Lee Chen");
	cr_assert_str_eq(v[5].label, "CDMS CDMS-4321");
	kept_free(v, 6);
}

/* The person's own "add" row, not the clock, says where they begin. */
Test(audit, a_clock_set_back_loses_nothing_of_a_person)
{
	struct store_audit_filter	 f;
	struct kept			*v;
	char				 got[512], *msg = NULL;
	int64_t				 dana;

	dana = add_person("Dana Reyes");
	/* As if the clock had been ahead when Dana was added. */
	cr_assert_eq(sqlite3_exec(db.h, "UPDATE person SET created = "
	    "'2099-01-01T00:00:00Z'", NULL, NULL, &msg), SQLITE_OK, "%s",
	    msg != NULL ? msg : "");
	add_cred(dana, "CCM", "", "00012345");
	memset(&f, 0, sizeof(f));
	f.person_id = dana;
	cr_assert_eq(pick(&f, 0, got, sizeof(got), NULL, &v), 2);
	cr_assert_str_eq(got, "add person 1; add credential 1");
	/* Only the label, which goes by the clock, is not sure of it. */
	cr_assert_null(v[0].label);
	kept_free(v, 2);
}

/* Restored from an export, a person has no "add" row: their creation
 * time says where they begin. */
Test(audit, a_person_without_an_add_row_begins_when_created)
{
	struct store_audit_filter	 f;
	char				 got[512], *msg = NULL;

	raw_row("2020-01-01T00:00:00Z", "update", "person", 1, 1, "Ana Park");
	cr_assert_eq(sqlite3_exec(db.h, "INSERT INTO person (name, created) "
	    "VALUES ('Dana Reyes', '2026-01-05T10:00:00Z')", NULL, NULL, &msg),
	    SQLITE_OK, "%s", msg != NULL ? msg : "");
	raw_row("2026-01-05T10:00:00Z", "import", "file", 0, 0,
	    "export.csv (export): 1 records");
	raw_row("2026-02-01T09:00:00Z", "update", "person", 1, 1,
	    "Dana Reyes");
	memset(&f, 0, sizeof(f));
	f.person_id = 1;
	cr_assert_eq(pick(&f, 0, got, sizeof(got), NULL, NULL), 1);
	cr_assert_str_eq(got, "update person 1");
}

Test(audit, since_entity_and_limit)
{
	struct store_audit_filter	 f;
	char				 got[512];
	int64_t				 total;

	raw_row("2026-02-28T23:59:59Z", "add", "organization", 1, 0,
	    "Mercy Health");
	raw_row("2026-03-01T00:00:00Z", "add", "person", 1, 1,
	    "Dana Reyes");
	raw_row("2026-03-02T10:00:00Z", "add", "credential", 1, 1,
	    "CCM 00012345 for person 1");
	raw_row("2026-03-03T10:00:00Z", "import", "file", 0, 0,
	    "roster.csv: 2 added");
	raw_row("2026-03-04T10:00:00Z", "update", "credential", 1, 1,
	    "person 1, attributes 'direct-care', active");

	memset(&f, 0, sizeof(f));
	f.since = (time_t)D("2026-03-01") * 86400;
	cr_assert_eq(pick(&f, 0, got, sizeof(got), &total, NULL), 4);
	cr_assert_str_eq(got, "add person 1; add credential 1; "
	    "import file 0; update credential 1");
	cr_assert_eq(total, 4);

	f.entity = "credential";
	cr_assert_eq(pick(&f, 0, got, sizeof(got), &total, NULL), 2);
	cr_assert_str_eq(got, "add credential 1; update credential 1");

	/* The newest N, still oldest first; the total counts them all. */
	memset(&f, 0, sizeof(f));
	cr_assert_eq(pick(&f, 2, got, sizeof(got), &total, NULL), 2);
	cr_assert_str_eq(got, "import file 0; update credential 1");
	cr_assert_eq(total, 5);

	f.entity = "person";
	f.since = (time_t)D("2026-03-02") * 86400;
	cr_assert_eq(pick(&f, 0, got, sizeof(got), &total, NULL), 0);
	cr_assert_eq(total, 0);
}

/* A callback that says stop ends the walk: -1, and nothing more. */
Test(audit, a_callback_stops_the_walk)
{
	struct store_audit_filter	 f;
	struct keep			 k;
	char				 got[512];

	add_person("Dana Reyes");
	add_person("Sam Ortiz");
	add_person("Lee Chen");
	memset(&f, 0, sizeof(f));
	memset(&k, 0, sizeof(k));
	k.buf = got;
	k.len = sizeof(got);
	got[0] = '\0';
	k.stop_at = 2;
	cr_assert_eq(store_audit_each(&db, &f, 0, keep_row, &k, NULL, err,
	    sizeof(err)), -1);
	cr_assert_str_eq(err, "");
	cr_assert_eq(k.n, 1);
	kept_free(k.v, k.n);
	/* The statement was let go: the next walk works. */
	cr_assert_eq(pick(&f, 0, got, sizeof(got), NULL, NULL), 3);
}

Test(audit, the_entities_writers_name_are_known)
{
	cr_assert(store_audit_entity_known("person"));
	cr_assert(store_audit_entity_known("credential"));
	cr_assert(store_audit_entity_known("activity"));
	cr_assert(store_audit_entity_known("organization"));
	cr_assert(store_audit_entity_known("certificate"));
	cr_assert(store_audit_entity_known("notification"));
	cr_assert(store_audit_entity_known("webhook_endpoint"));
	cr_assert(store_audit_entity_known("file"));
	cr_assert_not(store_audit_entity_known("cred"));
	cr_assert_not(store_audit_entity_known(""));
	cr_assert_not(store_audit_entity_known("Person"));
}
