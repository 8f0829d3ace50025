/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for lib/store/store.c, store_cred.c and store_scan.c on the
 * real schema (sql/001-initial.sql) in an in-memory database: people and
 * how a reference finds them, credentials and their cycles (duplicates,
 * renewals that keep history), activities with topics, approvals and
 * targets, the schema's date checks, the audit log, and the set-based scan
 * that status and reports are built on. Everyone here is fictional.
 */

#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "helpers.h"
#include "base/date.h"
#include "store/db.h"
#include "base/hours.h"
#include "base/model.h"
#include "store/store.h"
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

TestSuite(store, .init = setup, .fini = teardown);

static int64_t
add_person(const char *name, const char *email, const char *ext)
{
	struct person	p;

	memset(&p, 0, sizeof(p));
	cet_strlcpy(p.name, name, sizeof(p.name));
	cet_strlcpy(p.email, email, sizeof(p.email));
	cet_strlcpy(p.external_id, ext, sizeof(p.external_id));
	p.active = 1;
	cr_assert_eq(store_person_add(&db, &p, err, sizeof(err)), 0, "%s", err);
	cr_assert_gt(p.id, 0);
	return p.id;
}

static void
make_cred(struct credential *c, struct cycle *y, int64_t person,
    const char *program, const char *state, const char *number,
    const char *start, const char *through)
{
	memset(c, 0, sizeof(*c));
	memset(y, 0, sizeof(*y));
	c->person_id = person;
	cet_strlcpy(c->program, program, sizeof(c->program));
	cet_strlcpy(c->state, state, sizeof(c->state));
	cet_strlcpy(c->number, number, sizeof(c->number));
	c->status = CRED_ACTIVE;
	y->start = D(start);
	y->valid_through = D(through);
	y->renewal_index = 1;
}

static int64_t
add_cred(int64_t person, const char *program, const char *state,
    const char *number, const char *start, const char *through)
{
	struct credential	c;
	struct cycle		y;

	make_cred(&c, &y, person, program, state, number, start, through);
	cr_assert_eq(store_cred_add(&db, &c, &y, err, sizeof(err)), 0, "%s",
	    err);
	return c.id;
}

static void
make_act(struct activity *a, int64_t person, const char *title,
    const char *date, long centi)
{
	memset(a, 0, sizeof(*a));
	a->person_id = person;
	cet_strlcpy(a->title, title, sizeof(a->title));
	cet_strlcpy(a->format, "live-online", sizeof(a->format));
	a->date = D(date);
	a->amount.unit = HOURS_UNIT_HOUR;
	a->amount.centi = centi;
}

static int64_t
add_act(int64_t person, const char *title, const char *date, long centi)
{
	struct activity	a;

	make_act(&a, person, title, date, centi);
	cr_assert_eq(store_activity_add(&db, &a, err, sizeof(err)), 0, "%s",
	    err);
	return a.id;
}

static void
add_topic(struct activity *a, const char *topic, long centi)
{
	cet_strlcpy(a->topics[a->ntopics].topic, topic,
	    sizeof(a->topics[0].topic));
	a->topics[a->ntopics++].centi = centi;
}

static void
add_approval(struct activity *a, const char *body, const char *number)
{
	cet_strlcpy(a->approvals[a->napprovals].body, body,
	    sizeof(a->approvals[0].body));
	cet_strlcpy(a->approvals[a->napprovals].number, number,
	    sizeof(a->approvals[0].number));
	a->napprovals++;
}

/* -- people ---------------------------------------------------------- */

Test(store, person_add_stores_empty_optional_text_as_null)
{
	struct person	p;
	int64_t		id;

	id = add_person("Dana Reyes", "", "");
	cr_assert_eq(query_int(&db, "SELECT email IS NULL AND external_id IS NULL "
	    "AND org_id IS NULL AND active = 1 FROM person"), 1);
	cr_assert_eq(query_int(&db, "SELECT created GLOB '[0-9][0-9][0-9][0-9]-"
	    "[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z' "
	    "FROM person"), 1);
	cr_assert_eq(store_person_get(&db, id, &p, err, sizeof(err)), 0, "%s",
	    err);
	cr_assert_str_eq(p.name, "Dana Reyes");
	cr_assert_str_eq(p.email, "");
	cr_assert_str_eq(p.external_id, "");
	cr_assert_eq(p.org_id, 0);
	cr_assert_eq(p.active, 1);
	cr_assert_eq(store_person_get(&db, 99, &p, err, sizeof(err)), -1);
	cr_assert_str_eq(err, "no person with id 99");
}

Test(store, person_find_resolves_id_external_id_and_name)
{
	static const struct {
		const char	*ref;
		int64_t		 want;
	} cases[] = {
		{ "1", 1 },			/* an id */
		{ "E-1001", 1 },		/* an external id */
		{ "Sam Okafor", 2 },		/* a unique name */
		{ "4471", 2 },			/* digits, no such id: ext id */
		{ "3", 3 },			/* ids win over external ids */
		{ "Lee Park", 3 },
	};
	struct person	p;
	size_t		i;

	cr_assert_eq(add_person("Dana Reyes", "dana.reyes@example.org",
	    "E-1001"), 1);
	cr_assert_eq(add_person("Sam Okafor", "", "4471"), 2);
	cr_assert_eq(add_person("Lee Park", "", "1"), 3);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		cr_assert_eq(store_person_find(&db, cases[i].ref, &p, err,
		    sizeof(err)), 0, "%s: %s", cases[i].ref, err);
		cr_assert_eq(p.id, cases[i].want, "%s -> %lld", cases[i].ref,
		    (long long)p.id);
	}
	cr_assert_str_eq(p.name, "Lee Park");
	cr_assert_eq(store_person_find(&db, "E-1001", &p, err, sizeof(err)),
	    0);
	cr_assert_str_eq(p.email, "dana.reyes@example.org");
}

Test(store, person_find_reports_ambiguous_and_missing)
{
	struct person	p;

	add_person("Dana Reyes", "", "");
	add_person("Sam Okafor", "", "");
	add_person("Dana Reyes", "", "");
	cr_assert_eq(store_person_find(&db, "Dana Reyes", &p, err,
	    sizeof(err)), -1);
	cr_assert_str_eq(err, "person 'Dana Reyes' is ambiguous: ids 1, 3; "
	    "use the id");
	cr_assert_eq(store_person_find(&db, "dana reyes", &p, err,
	    sizeof(err)), -1);
	cr_assert_str_eq(err, "no person matches 'dana reyes'");
	cr_assert_eq(store_person_find(&db, "42", &p, err, sizeof(err)), -1);
	cr_assert_str_eq(err, "no person matches '42'");
	cr_assert_eq(store_person_find(&db, "", &p, err, sizeof(err)), -1);
}

Test(store, person_external_id_is_unique_within_an_organization)
{
	struct person	p;
	int64_t		n;

	cr_assert_eq(sqlite3_exec(db.h, "INSERT INTO organization (id, name, "
	    "created) VALUES (5, 'Lakeside Health', '2026-01-05T10:00:00Z')",
	    NULL, NULL, NULL), SQLITE_OK);
	memset(&p, 0, sizeof(p));
	cet_strlcpy(p.name, "Dana Reyes", sizeof(p.name));
	cet_strlcpy(p.external_id, "E-1001", sizeof(p.external_id));
	p.org_id = 5;
	cr_assert_eq(store_person_add(&db, &p, err, sizeof(err)), 0, "%s", err);
	cet_strlcpy(p.name, "Sam Okafor", sizeof(p.name));
	cr_assert_eq(store_person_add(&db, &p, err, sizeof(err)), -1);
	cr_assert_str_eq(err, "a person with external id 'E-1001' already "
	    "exists (id 1)");
	p.org_id = 6;
	cr_assert_eq(store_person_add(&db, &p, err, sizeof(err)), -1);
	cr_assert_str_eq(err, "no organization with id 6");
	cr_assert_eq(store_person_count(&db, &n, err, sizeof(err)), 0);
	cr_assert_eq(n, 1);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM audit"), 1);
}

Test(store, person_list_and_count)
{
	struct person	*v;
	size_t		 n;
	int64_t		 count;

	cr_assert_eq(store_person_count(&db, &count, err, sizeof(err)), 0);
	cr_assert_eq(count, 0);
	cr_assert_eq(store_person_list(&db, &v, &n, err, sizeof(err)), 0);
	cr_assert_eq(n, 0);
	free(v);
	add_person("Dana Reyes", "", "");
	add_person("Sam Okafor", "", "");
	cr_assert_eq(store_person_list(&db, &v, &n, err, sizeof(err)), 0);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(v[0].name, "Dana Reyes");
	cr_assert_str_eq(v[1].name, "Sam Okafor");
	free(v);
	cr_assert_eq(store_person_count(&db, &count, err, sizeof(err)), 0);
	cr_assert_eq(count, 2);
}

/* -- credentials and cycles ------------------------------------------ */

Test(store, cred_add_sets_ids_and_opens_the_first_cycle)
{
	struct credential	c, got;
	struct cycle		y, open;
	int64_t			dana;

	dana = add_person("Dana Reyes", "", "");
	make_cred(&c, &y, dana, "CCM", "", "00012345", "2022-06-01",
	    "2027-05-31");
	cet_strlcpy(c.attrs, "direct-care,supervisor", sizeof(c.attrs));
	y.carry_in = 350;
	cr_assert_eq(store_cred_add(&db, &c, &y, err, sizeof(err)), 0, "%s",
	    err);
	cr_assert_gt(c.id, 0);
	cr_assert_gt(y.id, 0);
	cr_assert_eq(y.credential_id, c.id);

	cr_assert_eq(store_cred_get(&db, c.id, &got, err, sizeof(err)), 0);
	cr_assert_eq(got.person_id, dana);
	cr_assert_str_eq(got.program, "CCM");
	cr_assert_str_eq(got.state, "");
	cr_assert_str_eq(got.number, "00012345");
	cr_assert_str_eq(got.attrs, "direct-care,supervisor");
	cr_assert_eq(got.status, CRED_ACTIVE);

	cr_assert_eq(store_cycle_open(&db, c.id, &open, err, sizeof(err)), 0);
	cr_assert_eq(open.id, y.id);
	cr_assert_eq(open.start, D("2022-06-01"));
	cr_assert_eq(open.valid_through, D("2027-05-31"));
	cr_assert_eq(open.renewal_index, 1);
	cr_assert_eq(open.carry_in, 350);
	cr_assert_eq(open.closed, -1);
	cr_assert_str_eq(open.outcome, "");
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM cycle WHERE start = "
	    "'2022-06-01' AND valid_through = '2027-05-31'"), 1);
	cr_assert_eq(store_cred_get(&db, 77, &got, err, sizeof(err)), -1);
	cr_assert_str_eq(err, "no credential with id 77");
}

Test(store, cred_add_refuses_a_duplicate_and_writes_nothing)
{
	struct credential	c;
	struct cycle		y;
	int64_t			dana, sam, ccm, rn;

	dana = add_person("Dana Reyes", "", "");
	sam = add_person("Sam Okafor", "", "");
	ccm = add_cred(dana, "CCM", "", "00012345", "2022-06-01",
	    "2027-05-31");
	rn = add_cred(dana, "RN", "CA", "95012345", "2024-11-01",
	    "2026-10-31");
	/* The same number in another state is another license. */
	add_cred(sam, "RN", "TX", "95012345", "2025-01-01", "2026-12-31");
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM audit"), 5);

	make_cred(&c, &y, sam, "CCM", "", "00012345", "2023-01-01",
	    "2028-01-01");
	cr_assert_eq(store_cred_add(&db, &c, &y, err, sizeof(err)), -1);
	cr_assert_str_eq(err, "credential CCM 00012345 already exists "
	    "(id 1)");
	make_cred(&c, &y, sam, "RN", "CA", "95012345", "2023-01-01",
	    "2028-01-01");
	cr_assert_eq(store_cred_add(&db, &c, &y, err, sizeof(err)), -1);
	cr_assert_str_eq(err, "credential RN CA 95012345 already exists "
	    "(id 2)");
	cr_assert_eq(ccm, 1);
	cr_assert_eq(rn, 2);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM credential"), 3);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM cycle"), 3);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM audit"), 5);
}

Test(store, cred_add_for_a_missing_person_or_bad_cycle_fails_whole)
{
	struct credential	c;
	struct cycle		y;
	int64_t			dana;

	make_cred(&c, &y, 99, "CCM", "", "1", "2022-06-01", "2027-05-31");
	cr_assert_eq(store_cred_add(&db, &c, &y, err, sizeof(err)), -1);
	cr_assert_str_eq(err, "no person with id 99");

	/* The cycle fails after the credential row went in: both go. */
	dana = add_person("Dana Reyes", "", "");
	make_cred(&c, &y, dana, "CCM", "", "1", "2027-06-01", "2022-05-31");
	cr_assert_eq(store_cred_add(&db, &c, &y, err, sizeof(err)), -1);
	cr_assert(strstr(err, "cycle 2027-06-01 to 2022-05-31: CHECK "
	    "constraint failed") != NULL, "%s", err);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM credential"), 0);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM cycle"), 0);
}

Test(store, cred_list_orders_by_person_then_id)
{
	struct credential	*v;
	size_t			 n;
	int64_t			 dana, sam;

	dana = add_person("Dana Reyes", "", "");
	sam = add_person("Sam Okafor", "", "");
	add_cred(sam, "LCSW", "TX", "70001", "2024-01-01", "2025-12-31");
	add_cred(dana, "CCM", "", "12345", "2022-06-01", "2027-05-31");
	add_cred(dana, "RN", "CA", "95012345", "2024-11-01", "2026-10-31");
	cr_assert_eq(store_cred_list(&db, 0, &v, &n, err, sizeof(err)), 0);
	cr_assert_eq(n, 3);
	cr_assert_str_eq(v[0].program, "CCM");
	cr_assert_str_eq(v[1].program, "RN");
	cr_assert_str_eq(v[2].program, "LCSW");
	free(v);
	cr_assert_eq(store_cred_list(&db, sam, &v, &n, err, sizeof(err)), 0);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(v[0].number, "70001");
	free(v);
}

Test(store, renew_closes_the_cycle_and_opens_the_next_keeping_history)
{
	struct cycle	 next, open, *v;
	size_t		 n;
	int64_t		 dana, ccm;

	dana = add_person("Dana Reyes", "", "");
	ccm = add_cred(dana, "CCM", "", "00012345", "2022-06-01",
	    "2027-05-31");
	memset(&next, 0, sizeof(next));
	next.start = D("2027-06-01");
	next.valid_through = D("2032-05-31");
	next.renewal_index = 2;
	next.carry_in = 1000;
	cr_assert_eq(store_cred_renew(&db, ccm, D("2027-05-20"), "ce", &next,
	    err, sizeof(err)), 0, "%s", err);
	cr_assert_gt(next.id, 0);
	cr_assert_eq(next.credential_id, ccm);

	memset(&next, 0, sizeof(next));
	next.start = D("2032-06-01");
	next.valid_through = D("2037-05-31");
	next.renewal_index = 3;
	cr_assert_eq(store_cred_renew(&db, ccm, D("2032-04-02"), "exam", &next,
	    err, sizeof(err)), 0, "%s", err);

	cr_assert_eq(store_cycle_list(&db, ccm, &v, &n, err, sizeof(err)), 0);
	cr_assert_eq(n, 3);
	cr_assert_eq(v[0].start, D("2022-06-01"));
	cr_assert_eq(v[0].closed, D("2027-05-20"));
	cr_assert_str_eq(v[0].outcome, "ce");
	cr_assert_eq(v[1].renewal_index, 2);
	cr_assert_eq(v[1].carry_in, 1000);
	cr_assert_eq(v[1].closed, D("2032-04-02"));
	cr_assert_str_eq(v[1].outcome, "exam");
	cr_assert_eq(v[2].closed, -1);
	cr_assert_str_eq(v[2].outcome, "");
	free(v);
	cr_assert_eq(store_cycle_open(&db, ccm, &open, err, sizeof(err)), 0);
	cr_assert_eq(open.id, next.id);
	cr_assert_eq(open.valid_through, D("2037-05-31"));
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM cycle WHERE closed IS "
	    "NULL"), 1);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM audit WHERE action = "
	    "'renew' AND entity = 'credential'"), 2);
}

Test(store, renew_errors_change_nothing)
{
	struct cycle	next, open;
	int64_t		dana, ccm;

	dana = add_person("Dana Reyes", "", "");
	ccm = add_cred(dana, "CCM", "", "00012345", "2022-06-01",
	    "2027-05-31");
	memset(&next, 0, sizeof(next));
	next.start = D("2027-06-01");
	next.valid_through = D("2032-05-31");
	next.renewal_index = 2;
	cr_assert_eq(store_cred_renew(&db, ccm, D("2027-05-20"), "paid", &next,
	    err, sizeof(err)), -1);
	cr_assert_str_eq(err, "renewal outcome 'paid': expected ce, exam, "
	    "lapsed or retired");
	cr_assert_eq(store_cred_renew(&db, 9, D("2027-05-20"), "ce", &next,
	    err, sizeof(err)), -1);
	cr_assert_str_eq(err, "no credential with id 9");
	/* A next cycle that ends before it starts: the close is undone too. */
	next.valid_through = D("2027-01-01");
	cr_assert_eq(store_cred_renew(&db, ccm, D("2027-05-20"), "ce", &next,
	    err, sizeof(err)), -1);
	cr_assert_eq(store_cycle_open(&db, ccm, &open, err, sizeof(err)), 0,
	    "%s", err);
	cr_assert_eq(open.start, D("2022-06-01"));
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM cycle"), 1);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM audit WHERE action = "
	    "'renew'"), 0);
}

Test(store, schema_allows_one_open_cycle_per_credential)
{
	int64_t	dana, ccm;
	char	sql[256];

	dana = add_person("Dana Reyes", "", "");
	ccm = add_cred(dana, "CCM", "", "00012345", "2022-06-01",
	    "2027-05-31");
	cr_assert_eq(cet_fmt(sql, sizeof(sql), "INSERT INTO cycle "
	    "(credential_id, start, valid_through) VALUES (%lld, "
	    "'2027-06-01', '2032-05-31')", (long long)ccm), 0);
	cr_assert_eq(sqlite3_exec(db.h, sql, NULL, NULL, NULL) & 0xff,
	    SQLITE_CONSTRAINT);
	cr_assert_eq(sqlite3_extended_errcode(db.h), SQLITE_CONSTRAINT_UNIQUE);
}

/* -- activities ------------------------------------------------------ */

Test(store, activity_add_and_get_round_trip)
{
	struct activity	a, got;
	int64_t		dana, ccm, rn;

	dana = add_person("Dana Reyes", "", "");
	ccm = add_cred(dana, "CCM", "", "00012345", "2022-06-01",
	    "2027-05-31");
	rn = add_cred(dana, "RN", "CA", "95012345", "2024-11-01",
	    "2026-10-31");
	make_act(&a, dana, "Ethics in Case Management", "2026-03-04", 150);
	cet_strlcpy(a.provider, "Example CE Institute", sizeof(a.provider));
	cet_strlcpy(a.certificate, "9f86d081884c7d659a2feaa0c55ad015"
	    "a3bf4f1b2b0b822cd15d6c15b0f00a08", sizeof(a.certificate));
	add_topic(&a, "law", -1);
	add_topic(&a, "ethics", 100);
	add_approval(&a, "CCMC", "P00123");
	add_approval(&a, "ANCC", "");
	a.targets[a.ntargets++] = rn;
	a.targets[a.ntargets++] = ccm;
	cr_assert_eq(store_activity_add(&db, &a, err, sizeof(err)), 0, "%s",
	    err);
	cr_assert_gt(a.id, 0);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM activity_topic WHERE "
	    "topic = 'law' AND amount IS NULL"), 1);

	cr_assert_eq(store_activity_get(&db, a.id, &got, err, sizeof(err)), 0,
	    "%s", err);
	cr_assert_eq(got.id, a.id);
	cr_assert_eq(got.person_id, dana);
	cr_assert_str_eq(got.title, "Ethics in Case Management");
	cr_assert_str_eq(got.provider, "Example CE Institute");
	cr_assert_str_eq(got.format, "live-online");
	cr_assert_str_eq(got.certificate, a.certificate);
	cr_assert_eq(got.date, D("2026-03-04"));
	cr_assert_eq(got.amount.unit, HOURS_UNIT_HOUR);
	cr_assert_eq(got.amount.centi, 150);
	/* Lists come back in key order: topic, body, credential id. */
	cr_assert_eq(got.ntopics, 2);
	cr_assert_str_eq(got.topics[0].topic, "ethics");
	cr_assert_eq(got.topics[0].centi, 100);
	cr_assert_str_eq(got.topics[1].topic, "law");
	cr_assert_eq(got.topics[1].centi, -1);
	cr_assert_eq(got.napprovals, 2);
	cr_assert_str_eq(got.approvals[0].body, "ANCC");
	cr_assert_str_eq(got.approvals[0].number, "");
	cr_assert_str_eq(got.approvals[1].body, "CCMC");
	cr_assert_str_eq(got.approvals[1].number, "P00123");
	cr_assert_eq(got.ntargets, 2);
	cr_assert_eq(got.targets[0], ccm);
	cr_assert_eq(got.targets[1], rn);
}

Test(store, activity_without_lists_and_in_other_units)
{
	struct activity	a, got;
	int64_t		sam;

	sam = add_person("Sam Okafor", "", "");
	make_act(&a, sam, "Semester course: Social Work Practice",
	    "2025-12-15", 300);
	a.amount.unit = HOURS_UNIT_SEMESTER;
	cet_strlcpy(a.format, "academic", sizeof(a.format));
	cr_assert_eq(store_activity_add(&db, &a, err, sizeof(err)), 0, "%s",
	    err);
	cr_assert_eq(query_int(&db, "SELECT unit = 'semester' AND provider IS NULL "
	    "AND certificate IS NULL FROM activity"), 1);
	cr_assert_eq(store_activity_get(&db, a.id, &got, err, sizeof(err)), 0,
	    "%s", err);
	cr_assert_eq(got.amount.unit, HOURS_UNIT_SEMESTER);
	cr_assert_eq(got.amount.centi, 300);
	cr_assert_str_eq(got.provider, "");
	cr_assert_eq(got.ntopics, 0);
	cr_assert_eq(got.napprovals, 0);
	cr_assert_eq(got.ntargets, 0);
}

Test(store, activity_add_failures_leave_nothing_behind)
{
	static const struct {
		const char	*why;
		const char	*want;
	} cases[] = {
		{ "target", "person 1 has no credential with id 2" },
		{ "topic", "topic 'ethics' is given twice" },
		{ "format", "activity: CHECK constraint failed: format IN" },
		{ "person", "no person with id 42" },
		{ "separator", "topic contains a control character" },
	};
	struct activity	a;
	int64_t		dana, sam;
	size_t		i;

	dana = add_person("Dana Reyes", "", "");
	sam = add_person("Sam Okafor", "", "");
	add_cred(dana, "CCM", "", "00012345", "2022-06-01", "2027-05-31");
	add_cred(sam, "RN", "TX", "800100", "2025-01-01", "2026-12-31");
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM audit"), 4);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		make_act(&a, dana, "Ethics webinar", "2026-03-04", 150);
		add_topic(&a, "ethics", 100);
		add_approval(&a, "CCMC", "P00123");
		if (strcmp(cases[i].why, "target") == 0)
			a.targets[a.ntargets++] = 2;	/* Sam's RN */
		else if (strcmp(cases[i].why, "topic") == 0)
			add_topic(&a, "ethics", 50);
		else if (strcmp(cases[i].why, "format") == 0)
			cet_strlcpy(a.format, "podcast", sizeof(a.format));
		else if (strcmp(cases[i].why, "person") == 0)
			a.person_id = 42;
		else
			add_topic(&a, "law\x1f" "x", 50);
		cr_assert_eq(store_activity_add(&db, &a, err, sizeof(err)), -1,
		    "%s", cases[i].why);
		cr_assert(strncmp(err, cases[i].want, strlen(cases[i].want)) ==
		    0, "%s: %s", cases[i].why, err);
	}
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM activity"), 0);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM activity_topic"), 0);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM activity_approval"), 0);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM activity_target"), 0);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM audit"), 4);
}

Test(store, activity_rm_takes_its_lists_and_is_audited)
{
	struct activity	a, got;
	int64_t		dana, ccm, keep;

	dana = add_person("Dana Reyes", "", "");
	ccm = add_cred(dana, "CCM", "", "00012345", "2022-06-01",
	    "2027-05-31");
	make_act(&a, dana, "Ethics webinar", "2026-03-04", 150);
	add_topic(&a, "ethics", -1);
	add_approval(&a, "CCMC", "P00123");
	a.targets[a.ntargets++] = ccm;
	cr_assert_eq(store_activity_add(&db, &a, err, sizeof(err)), 0, "%s",
	    err);
	keep = add_act(dana, "Care transitions", "2026-04-01", 100);

	cr_assert_eq(store_activity_rm(&db, a.id, err, sizeof(err)), 0, "%s",
	    err);
	cr_assert_eq(store_activity_get(&db, a.id, &got, err, sizeof(err)), -1);
	cr_assert_str_eq(err, "no activity with id 1");
	cr_assert_eq(store_activity_get(&db, keep, &got, err, sizeof(err)), 0);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM activity_topic"), 0);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM activity_approval"), 0);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM activity_target"), 0);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM audit WHERE action = "
	    "'remove' AND entity = 'activity' AND entity_id = 1 AND detail = "
	    "'Ethics webinar (person 1)'"), 1);
	cr_assert_eq(store_activity_rm(&db, a.id, err, sizeof(err)), -1);
	cr_assert_str_eq(err, "no activity with id 1");
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM audit WHERE action = "
	    "'remove'"), 1);
}

Test(store, activity_list_filters_by_dates_inclusive_in_date_order)
{
	struct activity	*v;
	size_t		 n;
	int64_t		 dana, sam, late, early, mid, same;

	dana = add_person("Dana Reyes", "", "");
	sam = add_person("Sam Okafor", "", "");
	late = add_act(dana, "Late", "2026-09-30", 100);
	early = add_act(dana, "Early", "2026-01-01", 100);
	mid = add_act(dana, "Mid", "2026-05-05", 100);
	same = add_act(dana, "Mid too", "2026-05-05", 100);
	add_act(sam, "Not Dana's", "2026-05-05", 100);

	cr_assert_eq(store_activity_list(&db, dana, INT_MIN, INT_MAX, &v, &n,
	    err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(n, 4);
	cr_assert_eq(v[0].id, early);
	cr_assert_eq(v[1].id, mid);
	cr_assert_eq(v[2].id, same);
	cr_assert_eq(v[3].id, late);
	free(v);
	cr_assert_eq(store_activity_list(&db, dana, D("2026-01-01"),
	    D("2026-05-05"), &v, &n, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(n, 3);
	cr_assert_eq(v[2].id, same);
	free(v);
	cr_assert_eq(store_activity_list(&db, dana, D("2026-01-02"),
	    D("2026-05-04"), &v, &n, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(n, 0);
	free(v);
}

/* -- the schema's checks --------------------------------------------- */

Test(store, schema_checks_reject_impossible_dates)
{
	static const struct {
		const char	*sql;
		int		 ok;
	} cases[] = {
		{ "INSERT INTO activity (person_id, title, completed, amount, "
		    "created) VALUES (1, 't', '2026-02-28', 100, 'x')", 1 },
		{ "INSERT INTO activity (person_id, title, completed, amount, "
		    "created) VALUES (1, 't', '2026-02-30', 100, 'x')", 0 },
		{ "INSERT INTO activity (person_id, title, completed, amount, "
		    "created) VALUES (1, 't', '2024-02-29', 100, 'x')", 1 },
		{ "INSERT INTO activity (person_id, title, completed, amount, "
		    "created) VALUES (1, 't', '2025-02-29', 100, 'x')", 0 },
		{ "INSERT INTO activity (person_id, title, completed, amount, "
		    "created) VALUES (1, 't', '2026-3-4', 100, 'x')", 0 },
		{ "INSERT INTO activity (person_id, title, completed, amount, "
		    "created) VALUES (1, 't', '2026-03-04 10:00', 100, 'x')", 0 },
		{ "INSERT INTO activity (person_id, title, completed, amount, "
		    "created) VALUES (1, 't', '2026-03-04', 0, 'x')", 0 },
		{ "INSERT INTO cycle (credential_id, start, valid_through) "
		    "VALUES (1, '2026-02-30', '2031-02-28')", 0 },
		{ "INSERT INTO cycle (credential_id, start, valid_through) "
		    "VALUES (1, '2026-01-01', '2026-13-01')", 0 },
		{ "UPDATE cycle SET closed = '2026-04-31', outcome = 'ce'", 0 },
		{ "UPDATE cycle SET closed = '2026-04-30', outcome = NULL", 0 },
		{ "UPDATE cycle SET closed = '2026-04-30', outcome = 'ce'", 1 },
	};
	size_t	i;

	add_person("Dana Reyes", "", "");
	add_cred(1, "CCM", "", "00012345", "2022-06-01", "2027-05-31");
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int	rc = sqlite3_exec(db.h, cases[i].sql, NULL, NULL, NULL);

		if (cases[i].ok)
			cr_assert_eq(rc, SQLITE_OK, "%s: %s", cases[i].sql,
			    sqlite3_errmsg(db.h));
		else
			cr_assert_eq(sqlite3_extended_errcode(db.h),
			    SQLITE_CONSTRAINT_CHECK, "%s", cases[i].sql);
	}
}

/* -- audit ----------------------------------------------------------- */

Test(store, every_write_is_audited_with_the_actor)
{
	struct passwd	*pw;
	char		 sql[256], os[STORE_ACTOR_MAX];
	int64_t		 dana, act;

	dana = add_person("Dana Reyes", "", "");
	/* Not a program's name: the person behind sudo, whoever we run as. */
	store_audit_actor(NULL);
	cr_assert_eq(setenv("SUDO_USER", "it-admin", 1), 0);
	add_cred(dana, "CCM", "", "00012345", "2022-06-01", "2027-05-31");
	/* Without sudo, the OS account's name, whatever $USER says. */
	cr_assert_eq(unsetenv("SUDO_USER"), 0);
	cr_assert_eq(setenv("USER", "not-the-account", 1), 0);
	act = add_act(dana, "Ethics webinar", "2026-03-04", 150);
	cr_assert_eq(unsetenv("USER"), 0);
	if ((pw = getpwuid(getuid())) != NULL)
		cet_strlcpy(os, pw->pw_name, sizeof(os));
	else
		cr_assert_eq(cet_fmt(os, sizeof(os), "uid %lu",
		    (unsigned long)getuid()), 0);

	cr_assert_eq(query_int(&db, "SELECT count(*) FROM audit"), 3);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM audit WHERE action = "
	    "'add' AND entity = 'person' AND entity_id = 1 AND actor = "
	    "'dreyes' AND detail = 'Dana Reyes'"), 1);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM audit WHERE entity = "
	    "'credential' AND actor = 'it-admin' AND detail = 'CCM 00012345 "
	    "for person 1, valid through 2027-05-31'"), 1);
	cr_assert_eq(cet_fmt(sql, sizeof(sql), "SELECT count(*) FROM audit "
	    "WHERE entity = 'activity' AND actor = '%s' AND detail = "
	    "'Ethics webinar, 1.5h on 2026-03-04 for person 1'", os), 0);
	cr_assert_eq(query_int(&db, sql), 1, "actor is not '%s'", os);
	cr_assert_eq(act, 1);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM audit WHERE at GLOB "
	    "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]"
	    ":[0-9][0-9]Z'"), 3);
}

/* A program names itself, sudo or not (cetrackd). */
Test(store, a_program_names_itself_in_the_audit_log)
{
	cr_assert_eq(setenv("SUDO_USER", "it-admin", 1), 0);
	store_audit_actor("cetrackd");
	add_person("Dana Reyes", "", "");
	store_audit_actor("");
	add_person("Sam Ortiz", "", "");
	cr_assert_eq(unsetenv("SUDO_USER"), 0);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM audit WHERE actor = "
	    "'cetrackd' AND detail = 'Dana Reyes'"), 1);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM audit WHERE actor = "
	    "'it-admin' AND detail = 'Sam Ortiz'"), 1);
}

Test(store, audit_log_is_append_only)
{
	char	*msg = NULL;

	add_person("Dana Reyes", "", "");
	cr_assert_neq(sqlite3_exec(db.h, "UPDATE audit SET actor = 'nobody'",
	    NULL, NULL, &msg), SQLITE_OK);
	cr_assert_str_eq(msg, "the audit log is append-only");
	sqlite3_free(msg);
	msg = NULL;
	cr_assert_neq(sqlite3_exec(db.h, "DELETE FROM audit", NULL, NULL,
	    &msg), SQLITE_OK);
	cr_assert_str_eq(msg, "the audit log is append-only");
	sqlite3_free(msg);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM audit WHERE actor = "
	    "'dreyes'"), 1);
}

Test(store, a_rolled_back_command_leaves_no_row_and_no_audit)
{
	cr_assert_eq(db_begin(&db, err, sizeof(err)), 0, "%s", err);
	add_person("Dana Reyes", "", "");
	add_cred(1, "CCM", "", "00012345", "2022-06-01", "2027-05-31");
	db_rollback(&db);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM person"), 0);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM credential"), 0);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM audit"), 0);

	/* A failed call inside a command undoes itself, not the command. */
	cr_assert_eq(db_begin(&db, err, sizeof(err)), 0, "%s", err);
	add_person("Dana Reyes", "", "");
	cr_assert_eq(store_activity_rm(&db, 5, err, sizeof(err)), -1);
	cr_assert_eq(db_commit(&db, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM person"), 1);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM audit"), 1);
}

/* -- the scan -------------------------------------------------------- */

/*
 * Four people: Dana with two credentials (one renewed) and three
 * activities entered out of date order; Sam with nothing; Lee with a
 * credential and no activity; Ana with activities and no credential.
 */
struct fixture {
	int64_t	dana, sam, lee, ana;
	int64_t	dana_ccm, dana_rn, lee_lcsw;
	int64_t	dana_renewed;		/* the cycle opened by the renewal */
	int64_t	dana_a1, dana_a2, dana_a3, ana_a1, ana_a2;
};

static void
fixture(struct fixture *f)
{
	struct activity	a;
	struct cycle	next;

	f->dana = add_person("Dana Reyes", "", "E-1001");
	f->sam = add_person("Sam Okafor", "", "");
	f->lee = add_person("Lee Park", "", "");
	f->ana = add_person("Ana Silva", "", "");
	f->dana_ccm = add_cred(f->dana, "CCM", "", "00012345", "2017-06-01",
	    "2022-05-31");
	f->lee_lcsw = add_cred(f->lee, "LCSW", "TX", "70001", "2024-01-01",
	    "2025-12-31");
	f->dana_rn = add_cred(f->dana, "RN", "CA", "95012345", "2024-11-01",
	    "2026-10-31");
	memset(&next, 0, sizeof(next));
	next.start = D("2022-06-01");
	next.valid_through = D("2027-05-31");
	next.renewal_index = 2;
	cr_assert_eq(store_cred_renew(&db, f->dana_ccm, D("2022-05-10"), "ce",
	    &next, err, sizeof(err)), 0, "%s", err);
	f->dana_renewed = next.id;

	f->ana_a1 = add_act(f->ana, "Motivational interviewing", "2025-11-02",
	    200);
	make_act(&a, f->dana, "Ethics webinar", "2026-03-04", 150);
	add_topic(&a, "ethics", -1);
	add_approval(&a, "CCMC", "P00123");
	a.targets[a.ntargets++] = f->dana_ccm;
	cr_assert_eq(store_activity_add(&db, &a, err, sizeof(err)), 0, "%s",
	    err);
	f->dana_a2 = a.id;
	f->dana_a1 = add_act(f->dana, "Care transitions", "2025-09-15", 100);
	f->dana_a3 = add_act(f->dana, "Implicit bias", "2026-03-04", 200);
	f->ana_a2 = add_act(f->ana, "Documentation", "2025-01-20", 75);
}

Test(store, scan_returns_each_persons_exact_data)
{
	struct fixture		 f;
	struct store_scan	*sc;
	struct store_person_data d;

	fixture(&f);
	cr_assert_eq(store_scan_open(&db, 0, 0, &sc, err, sizeof(err)), 0, "%s",
	    err);

	cr_assert_eq(store_scan_next(sc, &d, err, sizeof(err)), 1, "%s", err);
	cr_assert_eq(d.person.id, f.dana);
	cr_assert_str_eq(d.person.external_id, "E-1001");
	cr_assert_eq(d.ncreds, 2);
	cr_assert_eq(d.creds[0].id, f.dana_ccm);
	cr_assert_eq(d.cycles[0].id, f.dana_renewed);
	cr_assert_eq(d.cycles[0].credential_id, f.dana_ccm);
	cr_assert_eq(d.cycles[0].renewal_index, 2);
	cr_assert_eq(d.cycles[0].valid_through, D("2027-05-31"));
	cr_assert_eq(d.cycles[0].closed, -1);
	cr_assert_eq(d.creds[1].id, f.dana_rn);
	cr_assert_str_eq(d.creds[1].state, "CA");
	cr_assert_eq(d.cycles[1].credential_id, f.dana_rn);
	cr_assert_eq(d.cycles[1].start, D("2024-11-01"));
	cr_assert_eq(d.nacts, 3);
	cr_assert_eq(d.acts[0].id, f.dana_a1);
	cr_assert_eq(d.acts[1].id, f.dana_a2);	/* same day: by id */
	cr_assert_eq(d.acts[2].id, f.dana_a3);
	cr_assert_eq(d.acts[1].ntopics, 1);
	cr_assert_str_eq(d.acts[1].topics[0].topic, "ethics");
	cr_assert_eq(d.acts[1].topics[0].centi, -1);
	cr_assert_eq(d.acts[1].napprovals, 1);
	cr_assert_str_eq(d.acts[1].approvals[0].number, "P00123");
	cr_assert_eq(d.acts[1].ntargets, 1);
	cr_assert_eq(d.acts[1].targets[0], f.dana_ccm);
	cr_assert_eq(d.acts[2].ntopics, 0);
	cr_assert_eq(d.acts[2].amount.centi, 200);

	cr_assert_eq(store_scan_next(sc, &d, err, sizeof(err)), 1, "%s", err);
	cr_assert_eq(d.person.id, f.sam);
	cr_assert_eq(d.ncreds, 0);
	cr_assert_eq(d.nacts, 0);

	cr_assert_eq(store_scan_next(sc, &d, err, sizeof(err)), 1, "%s", err);
	cr_assert_eq(d.person.id, f.lee);
	cr_assert_eq(d.ncreds, 1);
	cr_assert_eq(d.creds[0].id, f.lee_lcsw);
	cr_assert_eq(d.cycles[0].valid_through, D("2025-12-31"));
	cr_assert_eq(d.nacts, 0);

	cr_assert_eq(store_scan_next(sc, &d, err, sizeof(err)), 1, "%s", err);
	cr_assert_eq(d.person.id, f.ana);
	cr_assert_eq(d.ncreds, 0);
	cr_assert_eq(d.nacts, 2);
	cr_assert_eq(d.acts[0].id, f.ana_a2);
	cr_assert_eq(d.acts[1].id, f.ana_a1);
	cr_assert_str_eq(d.acts[1].title, "Motivational interviewing");

	cr_assert_eq(store_scan_next(sc, &d, err, sizeof(err)), 0, "%s", err);
	store_scan_close(sc);
}

/*
 * A person with many activities, logged newest first so that id order is
 * the reverse of date order, and a second one after: every topic and
 * approval reaches its own activity (the scan finds them by id in a table
 * that grows past its first size), none reaches the other person's.
 */
Test(store, scan_attaches_children_of_many_activities_out_of_id_order)
{
	struct store_scan	*sc;
	struct store_person_data d;
	struct activity		 a;
	char			 day[DATE_BUFSZ], topic[16];
	int64_t			 dana, lee;
	size_t			 i;
	int			 k;

	dana = add_person("Dana Reyes", "", "");
	lee = add_person("Lee Park", "", "");
	cr_assert_eq(db_begin(&db, err, sizeof(err)), 0, "%s", err);
	for (k = 299; k >= 0; k--) {
		make_act(&a, dana, "Webinar", date_format(D("2025-01-01") + k,
		    day), 100 + k);
		(void)snprintf(topic, sizeof(topic), "t%d", k);
		add_topic(&a, topic, k % 2 == 0 ? -1 : k);
		if (k % 3 == 0)
			add_approval(&a, "CCMC", "P1");
		cr_assert_eq(store_activity_add(&db, &a, err, sizeof(err)), 0,
		    "%s", err);
	}
	make_act(&a, lee, "Ethics", "2025-02-01", 100);
	add_topic(&a, "ethics", -1);
	cr_assert_eq(store_activity_add(&db, &a, err, sizeof(err)), 0, "%s",
	    err);
	cr_assert_eq(db_commit(&db, err, sizeof(err)), 0, "%s", err);

	cr_assert_eq(store_scan_open(&db, 0, STORE_SCAN_LEAN, &sc, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(store_scan_next(sc, &d, err, sizeof(err)), 1, "%s", err);
	cr_assert_eq(d.person.id, dana);
	cr_assert_eq(d.nacts, 300);
	for (i = 0; i < d.nacts; i++) {
		k = (int)i;	/* date order: day k first */
		(void)snprintf(topic, sizeof(topic), "t%d", k);
		cr_assert_eq(d.acts[i].amount.centi, 100 + k);
		cr_assert_eq(d.acts[i].ntopics, 1, "activity %zu", i);
		cr_assert_str_eq(d.acts[i].topics[0].topic, topic);
		cr_assert_eq(d.acts[i].topics[0].centi, k % 2 == 0 ? -1 : k);
		cr_assert_eq(d.acts[i].napprovals, k % 3 == 0 ? 1u : 0u);
		if (i > 0)
			cr_assert_lt(d.acts[i].id, d.acts[i - 1].id);
	}
	cr_assert_eq(store_scan_next(sc, &d, err, sizeof(err)), 1, "%s", err);
	cr_assert_eq(d.person.id, lee);
	cr_assert_eq(d.nacts, 1);
	cr_assert_eq(d.acts[0].ntopics, 1);
	cr_assert_str_eq(d.acts[0].topics[0].topic, "ethics");
	cr_assert_eq(d.acts[0].napprovals, 0);
	cr_assert_eq(store_scan_next(sc, &d, err, sizeof(err)), 0, "%s", err);
	store_scan_close(sc);
}

/* A lean scan: the same people, credentials and activities with their
 * topics, approving bodies and targets; title, provider, certificate and
 * approval numbers left out. */
Test(store, lean_scan_is_the_full_scan_without_titles)
{
	struct fixture		 f;
	struct store_scan	*full, *lean;
	struct store_person_data a, b;
	struct activity		 x, y;
	size_t			 i, j, people = 0, certs = 0, numbers = 0;
	int			 n;

	fixture(&f);
	/* A certificate to leave out. */
	cr_assert_eq(sqlite3_exec(db.h, "UPDATE activity SET certificate = "
	    "printf('%064d', id) WHERE title = 'Ethics webinar'", NULL, NULL,
	    NULL), SQLITE_OK);
	cr_assert_eq(store_scan_open(&db, 0, 0, &full, err, sizeof(err)), 0,
	    "%s", err);
	cr_assert_eq(store_scan_open(&db, 0, STORE_SCAN_LEAN, &lean, err,
	    sizeof(err)), 0, "%s", err);
	while ((n = store_scan_next(full, &a, err, sizeof(err))) == 1) {
		cr_assert_eq(store_scan_next(lean, &b, err, sizeof(err)), 1,
		    "%s", err);
		people++;
		cr_assert_eq(a.person.id, b.person.id);
		cr_assert_eq(a.ncreds, b.ncreds);
		cr_assert_eq(a.nacts, b.nacts);
		for (i = 0; i < a.nacts; i++) {
			cr_assert_str_eq(b.acts[i].title, "");
			cr_assert_str_eq(b.acts[i].provider, "");
			cr_assert_str_eq(b.acts[i].certificate, "");
			certs += a.acts[i].certificate[0] != '\0';
			for (j = 0; j < a.acts[i].napprovals; j++) {
				cr_assert_str_eq(b.acts[i].approvals[j].body,
				    a.acts[i].approvals[j].body);
				cr_assert_str_eq(b.acts[i].approvals[j].number,
				    "");
				numbers += a.acts[i].approvals[j].number[0] !=
				    '\0';
			}
			x = a.acts[i];
			y = b.acts[i];
			memset(x.title, 0, sizeof(x.title));
			memset(y.title, 0, sizeof(y.title));
			memset(x.provider, 0, sizeof(x.provider));
			memset(y.provider, 0, sizeof(y.provider));
			cr_assert_eq(x.id, y.id);
			cr_assert_eq(x.date, y.date);
			cr_assert_str_eq(x.format, y.format);
			cr_assert_eq(x.amount.centi, y.amount.centi);
			cr_assert_eq(x.amount.unit, y.amount.unit);
			cr_assert_eq(x.ntopics, y.ntopics);
			cr_assert_eq(x.napprovals, y.napprovals);
			cr_assert_eq(x.ntargets, y.ntargets);
			/* Field by field: the bytes after a topic's NUL are
			 * whatever the scan's buffer held before. */
			for (j = 0; j < x.ntopics; j++) {
				cr_assert_str_eq(x.topics[j].topic,
				    y.topics[j].topic);
				cr_assert_eq(x.topics[j].centi,
				    y.topics[j].centi);
			}
			cr_assert_eq(memcmp(x.targets, y.targets,
			    x.ntargets * sizeof(x.targets[0])), 0);
		}
	}
	cr_assert_eq(n, 0, "%s", err);
	cr_assert_eq(store_scan_next(lean, &b, err, sizeof(err)), 0);
	cr_assert_eq(people, 4);
	cr_assert_eq(certs, 1);
	cr_assert_eq(numbers, 1);
	store_scan_close(full);
	store_scan_close(lean);
}

/* An organization's scan: its people only, in order, with their data;
 * a range of ids within it; the cut into ranges of so many people. */
Test(store, scan_of_an_organization_and_its_ranges)
{
	struct fixture		 f;
	struct store_scan	*sc;
	struct store_person_data d;
	int64_t			 got[8], *ids;
	size_t			 n = 0;

	fixture(&f);
	cr_assert_eq(sqlite3_exec(db.h, "INSERT INTO organization (id, name, "
	    "created) VALUES (1, 'Riverbend Test Unit', "
	    "'2026-01-01T00:00:00Z'); UPDATE person SET org_id = 1 WHERE id "
	    "IN (1, 4)", NULL, NULL, NULL), SQLITE_OK);
	cr_assert_eq(f.dana, 1);
	cr_assert_eq(f.ana, 4);
	cr_assert_eq(store_scan_open_org(&db, 1, 1, INT64_MAX, 0, &sc, err,
	    sizeof(err)), 0, "%s", err);
	while (store_scan_next(sc, &d, err, sizeof(err)) == 1) {
		cr_assert_lt(n, ARRAY_SIZE(got));
		got[n++] = d.person.id;
		if (d.person.id == f.dana) {
			cr_assert_eq(d.ncreds, 2);
			cr_assert_eq(d.nacts, 3);
			cr_assert_eq(d.acts[1].ntopics, 1);
		} else
			cr_assert_eq(d.nacts, 2);
	}
	store_scan_close(sc);
	cr_assert_eq(n, 2);
	cr_assert_eq(got[0], f.dana);
	cr_assert_eq(got[1], f.ana);

	cr_assert_eq(store_scan_open_org(&db, 1, 2, INT64_MAX, 0, &sc, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(store_scan_next(sc, &d, err, sizeof(err)), 1);
	cr_assert_eq(d.person.id, f.ana);
	cr_assert_eq(store_scan_next(sc, &d, err, sizeof(err)), 0);
	store_scan_close(sc);

	/* Ranges of 2 people: org 1 holds 1 and 4; everyone is 1..4. */
	cr_assert_eq(store_scan_bounds(&db, 1, 1, &ids, &n, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(n, 2);
	cr_assert_eq(ids[0], 1);
	cr_assert_eq(ids[1], 4);
	free(ids);
	cr_assert_eq(store_scan_bounds(&db, 0, 3, &ids, &n, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(n, 2);
	cr_assert_eq(ids[0], 1);
	cr_assert_eq(ids[1], 4);
	free(ids);
	cr_assert_eq(store_scan_bounds(&db, 0, 2, &ids, &n, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(n, 2);
	cr_assert_eq(ids[0], 1);
	cr_assert_eq(ids[1], 3);
	free(ids);
	cr_assert_eq(store_scan_bounds(&db, 99, 2, &ids, &n, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(n, 0);
	cr_assert_null(ids);
}

Test(store, scan_of_one_person_and_of_a_credential_without_open_cycle)
{
	struct fixture		 f;
	struct store_scan	*sc;
	struct store_person_data d;

	fixture(&f);
	/* Lee's license lapsed: closed with no next cycle. */
	cr_assert_eq(sqlite3_exec(db.h, "UPDATE cycle SET closed = "
	    "'2026-01-31', outcome = 'lapsed' WHERE credential_id = 2", NULL,
	    NULL, NULL), SQLITE_OK);
	cr_assert_eq(f.lee_lcsw, 2);

	cr_assert_eq(store_scan_open(&db, f.lee, 0, &sc, err, sizeof(err)), 0,
	    "%s", err);
	cr_assert_eq(store_scan_next(sc, &d, err, sizeof(err)), 1, "%s", err);
	cr_assert_eq(d.person.id, f.lee);
	cr_assert_eq(d.ncreds, 1);
	cr_assert_eq(d.cycles[0].id, 0);
	cr_assert_eq(d.nacts, 0);
	cr_assert_eq(store_scan_next(sc, &d, err, sizeof(err)), 0);
	store_scan_close(sc);

	cr_assert_eq(store_scan_open(&db, f.dana, 0, &sc, err, sizeof(err)), 0,
	    "%s", err);
	cr_assert_eq(store_scan_next(sc, &d, err, sizeof(err)), 1, "%s", err);
	cr_assert_eq(d.ncreds, 2);
	cr_assert_eq(d.nacts, 3);
	cr_assert_eq(store_scan_next(sc, &d, err, sizeof(err)), 0);
	store_scan_close(sc);

	cr_assert_eq(store_scan_open(&db, 99, 0, &sc, err, sizeof(err)), 0);
	cr_assert_eq(store_scan_next(sc, &d, err, sizeof(err)), 0);
	store_scan_close(sc);
}

static int
count_starts(unsigned type, void *ctx, void *p, void *x)
{
	/* Trigger programs report "-- TRIGGER name"; count statements only. */
	if (strncmp((const char *)x, "--", 2) != 0)
		(*(int *)ctx)++;
	return 0;
}

/* people, credentials, activities, and topics, approvals and targets */
Test(store, scan_runs_six_statements_whatever_the_number_of_people)
{
	struct fixture		 f;
	struct store_scan	*sc;
	struct store_person_data d;
	int			 starts = 0, people = 0;

	fixture(&f);
	cr_assert_eq(sqlite3_trace_v2(db.h, SQLITE_TRACE_STMT, count_starts,
	    &starts), SQLITE_OK);
	cr_assert_eq(store_scan_open(&db, 0, 0, &sc, err, sizeof(err)), 0, "%s",
	    err);
	while (store_scan_next(sc, &d, err, sizeof(err)) == 1)
		people++;
	store_scan_close(sc);
	cr_assert_eq(people, 4);
	cr_assert_eq(starts, 6);
}

/*
 * The scan must stream in index order at 32,000 people and 2,000,000
 * activities: no statement may sort into a temporary B-tree.
 */
Test(store, scan_order_is_served_by_indexes)
{
	struct store_scan	*sc;
	sqlite3_stmt		*s, *plan;
	char			*sql;
	int			 n, rc;
	size_t			 i;
	/* everyone, one person, a range, an organization; full and lean */
	int64_t			 ids[] = { 0, 1, -1, -2, 0, 1, -1, -2 };
	int			 covering;

	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		int lean = i >= 4, fl = lean ? STORE_SCAN_LEAN : 0;

		cr_assert_null(sqlite3_next_stmt(db.h, NULL));
		if (ids[i] == -1)
			rc = store_scan_open_range(&db, 2, 7, fl, &sc, err,
			    sizeof(err));
		else if (ids[i] == -2)
			rc = store_scan_open_org(&db, 1, 1, INT64_MAX, fl, &sc,
			    err, sizeof(err));
		else
			rc = store_scan_open(&db, ids[i], fl, &sc, err,
			    sizeof(err));
		cr_assert_eq(rc, 0, "%s", err);
		n = 0;
		covering = 0;
		for (s = sqlite3_next_stmt(db.h, NULL); s != NULL;
		    s = sqlite3_next_stmt(db.h, s)) {
			n++;
			sql = xasprintf("EXPLAIN QUERY PLAN %s", sqlite3_sql(s));
			cr_assert_eq(sqlite3_prepare_v2(db.h, sql, -1, &plan,
			    NULL), SQLITE_OK);
			while ((rc = sqlite3_step(plan)) == SQLITE_ROW) {
				const char *detail = (const char *)
				    sqlite3_column_text(plan, 3);

				cr_assert(strstr(detail, "TEMP B-TREE") == NULL,
				    "%s: %s", sqlite3_sql(s), detail);
				if (strstr(detail, "COVERING INDEX "
				    "activity_person") != NULL)
					covering++;
				/* A table scan without an index is unordered,
				 * but for the rowid order of person and the key
				 * order of the WITHOUT ROWID child tables. */
				cr_assert(strncmp(detail, "SCAN ", 5) != 0 ||
				    strstr(detail, "USING") != NULL ||
				    strcmp(detail, "SCAN person") == 0 ||
				    strcmp(detail, "SCAN activity_topic") == 0 ||
				    strcmp(detail, "SCAN activity_approval") ==
				    0 ||
				    strcmp(detail, "SCAN activity_target") == 0,
				    "%s: %s", sqlite3_sql(s), detail);
			}
			cr_assert_eq(rc, SQLITE_DONE);
			sqlite3_finalize(plan);
			free(sql);
		}
		cr_assert_eq(n, 6);
		/* Lean: the activities come from the index alone. */
		if (lean)
			cr_assert_eq(covering, 1);
		store_scan_close(sc);
	}
}
