/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the report model (lib/report.c) and its renderers, on a
 * real SQLite file in a temporary directory with two inline rule packs:
 * the urgency order, the summary counts, the transcript of the current
 * cycles and what each activity counted toward, the organization and
 * person selections, credentials left out with a warning, the escaping of
 * HTML, Markdown and CSV, and write errors. Everyone here is fictional.
 */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "helpers.h"
#include "base/date.h"
#include "store/db.h"
#include "base/hours.h"
#include "base/model.h"
#include "rules/programs.h"
#include "report/report.h"
#include "store/store.h"
#include "store/store_org.h"
#include "base/util.h"

static struct db		db;
static struct program_set	progs;
static struct report		rep;
static char			dir[64], path[128], err[512];
static int64_t			org_a, org_b;
static int64_t			alice, bob, carol, dan;

static const char pack_tst[] =
    "[program]\n"
    "code = TST\nname = Test Certification\nissuer = Test board\n"
    "kind = certification\nversion = 2025-01-15\n"
    "source = https://example.org/rules\n"
    "cycle_months = 24\ntotal_hours = 20\napprovers = *\nlate_days = 30\n"
    "[req.ethics]\nlabel = Ethics\nhours = 2\ntopics = ethics\n";

static const char pack_tsl[] =
    "[program]\n"
    "code = TSL\nname = Test License\nissuer = Test board\n"
    "kind = certification\nversion = 2024-07-01\n"
    "source = https://example.org/rules\n"
    "cycle_months = 24\ntotal_hours = 10\napprovers = TB\n";

static int64_t
person(const char *name, const char *ext, int64_t org)
{
	struct person	p;

	memset(&p, 0, sizeof(p));
	cet_strlcpy(p.name, name, sizeof(p.name));
	cet_strlcpy(p.external_id, ext, sizeof(p.external_id));
	cet_fmt(p.email, sizeof(p.email), "%s@example.org", ext);
	p.org_id = org;
	p.active = 1;
	cr_assert_eq(store_person_add(&db, &p, err, sizeof(err)), 0, "%s", err);
	return p.id;
}

static int64_t
cred(int64_t pid, const char *prog, const char *num, const char *start,
    const char *vt)
{
	struct credential	c;
	struct cycle		y;

	memset(&c, 0, sizeof(c));
	memset(&y, 0, sizeof(y));
	c.person_id = pid;
	cet_strlcpy(c.program, prog, sizeof(c.program));
	cet_strlcpy(c.number, num, sizeof(c.number));
	c.status = CRED_ACTIVE;
	y.start = D(start);
	y.valid_through = D(vt);
	y.renewal_index = 2;
	y.closed = -1;
	cr_assert_eq(store_cred_add(&db, &c, &y, err, sizeof(err)), 0, "%s",
	    err);
	return c.id;
}

/* An activity in clock hours; topic and approver may be NULL. */
static int64_t
act(int64_t pid, const char *date, const char *title, const char *hours,
    const char *topic, const char *approver)
{
	struct activity	a;

	memset(&a, 0, sizeof(a));
	a.person_id = pid;
	cet_strlcpy(a.title, title, sizeof(a.title));
	cet_strlcpy(a.provider, "Example CE & Co", sizeof(a.provider));
	cet_strlcpy(a.format, "live", sizeof(a.format));
	a.date = D(date);
	cr_assert_eq(hours_parse(hours, &a.amount), 0);
	if (topic != NULL) {
		cet_strlcpy(a.topics[0].topic, topic, sizeof(a.topics[0].topic));
		a.topics[0].centi = -1;
		a.ntopics = 1;
	}
	if (approver != NULL) {
		cet_strlcpy(a.approvals[0].body, approver,
		    sizeof(a.approvals[0].body));
		cet_strlcpy(a.approvals[0].number, "N-1",
		    sizeof(a.approvals[0].number));
		a.napprovals = 1;
	}
	cr_assert_eq(store_activity_add(&db, &a, err, sizeof(err)), 0, "%s",
	    err);
	return a.id;
}

static int64_t
org(const char *name)
{
	struct organization o;

	memset(&o, 0, sizeof(o));
	cet_strlcpy(o.name, name, sizeof(o.name));
	cr_assert_eq(store_org_add(&db, &o, err, sizeof(err)), 0, "%s", err);
	return o.id;
}

/*
 * On 2026-03-01:
 *   Bob    TST 2024-01-16..2026-01-15, 5 of 20 h: lapsed (late to 02-14)
 *   Dan    TSL 2024-05-01..2026-04-30, 4 of 10 h: at_risk (60 days);
 *          and a credential of a program that is not loaded
 *   Alice  TST 2025-01-01..2026-12-31, 0 h: behind (305 days)
 *   Carol  TST 2024-03-21..2026-03-20, 20 h with 2 ethics: complete (19)
 *   Eve    no credentials
 * Alice and Bob are in org A, Carol in org B, Dan and Eve in none.
 */
static void
setup(void)
{
	struct errlist	errs = { NULL, 0 };

	cr_assert_eq(setenv("USER", "reporttest", 1), 0);
	cet_strlcpy(dir, "/tmp/cetrack-report-XXXXXX", sizeof(dir));
	cr_assert_not_null(mkdtemp(dir));
	cet_fmt(path, sizeof(path), "%s/test.db", dir);
	cr_assert_eq(db_open(&db, path, DB_OPEN_CREATE, err, sizeof(err)), 0,
	    "%s", err);
	cr_assert_eq(db_migrate(&db, NULL, NULL, err, sizeof(err)), 0, "%s",
	    err);

	progs.v = xcalloc(2, sizeof(*progs.v));
	cr_assert_eq(program_parse("tst.ini", pack_tst, &progs.v[0], &errs),
	    0, "%s", errs.n ? errs.v[0] : "?");
	progs.n++;
	cr_assert_eq(program_parse("tsl.ini", pack_tsl, &progs.v[1], &errs),
	    0, "%s", errs.n ? errs.v[0] : "?");
	progs.n++;
	errlist_free(&errs);

	org_a = org("Riverbend Test Unit");
	org_b = org("Lakeside Test Clinic");
	alice = person("Alice <b>Ames</b> & Co", "E-1", org_a);
	bob = person("Bob Baker", "E-2", org_a);
	carol = person("Carol Chen", "E-3", org_b);
	dan = person("Dan Diaz", "E-4", 0);
	(void)person("Eve Evans", "E-5", 0);

	cred(alice, "TST", "A-1", "2025-01-01", "2026-12-31");
	cred(bob, "TST", "B-1", "2024-01-16", "2026-01-15");
	cred(carol, "TST", "C-1", "2024-03-21", "2026-03-20");
	cred(dan, "TSL", "D-1", "2024-05-01", "2026-04-30");
	cred(dan, "GONE", "D-2", "2024-05-01", "2026-04-30");

	act(bob, "2023-12-01", "Before the cycle", "3", NULL, NULL);
	act(bob, "2025-02-02", "Bob's course", "5", NULL, NULL);
	act(carol, "2025-01-10", "Ethics <Part 1>", "2", "ethics", NULL);
	act(carol, "2025-06-10", "Everything else", "18", NULL, NULL);
	act(dan, "2025-01-05", "Board course", "4", NULL, "TB");
	act(dan, "2025-02-05", "Unapproved course", "3", NULL, NULL);
}

static void
teardown(void)
{
	char	wal[160];

	report_free(&rep);
	programs_free(&progs);
	db_close(&db);
	(void)unlink(path);
	cet_fmt(wal, sizeof(wal), "%s-wal", path);
	(void)unlink(wal);
	cet_fmt(wal, sizeof(wal), "%s-shm", path);
	(void)unlink(wal);
	(void)rmdir(dir);
}

TestSuite(report, .init = setup, .fini = teardown);

/* Transcripts in every scope unless a test says otherwise. */
static int	want_transcript = 1;
static int	want_threads = 1;
static size_t	want_range;		/* 0: the default */

static void
build(enum report_scope scope, int64_t id)
{
	struct report_query q;

	memset(&q, 0, sizeof(q));
	q.scope = scope;
	q.person_id = scope == REPORT_PERSON ? id : 0;
	q.org_id = scope == REPORT_ORG ? id : 0;
	q.org_name = scope == REPORT_ORG ? "Riverbend Test Unit" : NULL;
	q.as_of = D("2026-03-01");
	q.generated_at = 1772357400;	/* 2026-03-01 09:30 UTC */
	q.version = "9.9.9";
	q.transcript = want_transcript;
	q.threads = want_threads;
	q.range = want_range;
	report_free(&rep);
	cr_assert_eq(report_build(&db, &progs, &q, &rep, err, sizeof(err)), 0,
	    "%s", err);
}

static const struct report_person *
find(const char *prefix)
{
	size_t	i;

	for (i = 0; i < rep.npeople; i++)
		if (strncmp(rep.people[i].name, prefix, strlen(prefix)) == 0)
			return &rep.people[i];
	cr_assert_fail("no person %s in the report", prefix);
	return NULL;
}

/* Render into a string with open_memstream; returns malloc'ed text. */
static char *
render(int (*fn)(const struct report *, FILE *, char *, size_t))
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*fp;

	cr_assert_not_null(fp = open_memstream(&buf, &len));
	cr_assert_eq(fn(&rep, fp, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(fclose(fp), 0);
	return buf;
}

/* The JSON of scope/id built by so many threads in ranges of so many
 * people (0: the default) must be want, to the byte. */
static void
expect_json_with(enum report_scope scope, int64_t id, int threads,
    size_t range, const char *want)
{
	int	 t = want_threads;
	size_t	 r = want_range;
	char	*got;

	want_threads = threads;
	want_range = range;
	build(scope, id);
	got = render(report_render_json);
	cr_expect_str_eq(got, want, "%d threads, ranges of %zu", threads,
	    range);
	free(got);
	want_threads = t;
	want_range = r;
}

Test(report, everyone_sorted_by_urgency)
{
	build(REPORT_ALL, 0);
	cr_assert_eq(rep.npeople, 5);
	cr_expect_str_eq(rep.people[0].name, "Bob Baker");
	cr_expect_eq(rep.people[0].state, COMP_LAPSED);
	cr_expect_str_eq(rep.people[1].name, "Dan Diaz");
	cr_expect_eq(rep.people[1].state, COMP_AT_RISK);
	cr_expect_eq(rep.people[1].days_left, 60);
	cr_expect_str_eq(rep.people[2].name, "Alice <b>Ames</b> & Co");
	cr_expect_eq(rep.people[2].state, COMP_BEHIND);
	cr_expect_str_eq(rep.people[3].name, "Carol Chen");
	cr_expect_eq(rep.people[3].state, COMP_COMPLETE);
	/* No credentials: last. */
	cr_expect_str_eq(rep.people[4].name, "Eve Evans");
	cr_expect_eq(rep.people[4].ncreds, 0);
	cr_expect_eq(rep.scope, REPORT_ALL);
	cr_expect_eq(rep.attestation, 0);
	cr_expect_str_eq(rep.organization, "");	/* several orgs */
	cr_expect_str_eq(rep.version, "9.9.9");
}

Test(report, summary_counts)
{
	const struct report_summary *s;

	build(REPORT_ALL, 0);
	s = &rep.summary;
	cr_expect_eq(s->people, 5);
	cr_expect_eq(s->credentials, 4);	/* GONE is left out */
	cr_expect_eq(s->by_state[COMP_LAPSED], 1);
	cr_expect_eq(s->by_state[COMP_AT_RISK], 1);
	cr_expect_eq(s->by_state[COMP_BEHIND], 1);
	cr_expect_eq(s->by_state[COMP_COMPLETE], 1);
	cr_expect_eq(s->by_state[COMP_ON_TRACK], 0);
	cr_expect_eq(s->lapsed, 1);
	cr_expect_eq(s->grace, 0);
	cr_expect_eq(s->expiring_30, 1);	/* Carol, 19 days */
	cr_expect_eq(s->expiring_60, 2);	/* and Dan, 60 */
	cr_expect_eq(s->expiring_90, 2);
	/* Bob 15 (lapsed), Dan 6 (at risk), Alice 20 (behind). */
	cr_expect_eq(s->people_short, 3);
	cr_expect_eq(s->hours_missing, 4100);
	cr_expect_eq(find("Bob")->missing, 1500);
	cr_expect_eq(find("Dan")->missing, 600);
	cr_expect_eq(find("Carol")->is_short, 0);
}

Test(report, credential_lines_and_shortfall)
{
	const struct report_cred *c;

	build(REPORT_ALL, 0);
	c = &find("Carol")->creds[0];
	cr_expect_str_eq(c->program, "TST");
	cr_expect_str_eq(c->program_name, "Test Certification");
	cr_expect_eq(c->valid_through, D("2026-03-20"));
	cr_expect_eq(c->days_left, 19);
	cr_assert_eq(c->nreqs, 2);
	cr_expect_str_eq(c->reqs[0].id, "total");
	cr_expect_eq(c->reqs[0].counted, 2000);
	cr_expect_str_eq(c->reqs[1].label, "Ethics");
	cr_expect_eq(c->reqs[1].counted, 200);
	cr_expect_eq(c->shortfall, 0);

	c = &find("Bob")->creds[0];
	cr_expect_eq(c->state, COMP_LAPSED);
	cr_expect_eq(c->late_until, D("2026-02-14"));
	cr_expect_eq(c->shortfall, 1500);	/* over: what is missing */

	c = &find("Alice")->creds[0];
	cr_expect_eq(c->state, COMP_BEHIND);
	cr_expect_eq(c->projected, 0);
	cr_expect_eq(c->shortfall, 2000);
	cr_expect_eq(c->missing, 2000);
}

Test(report, transcript_of_the_current_cycles)
{
	const struct report_person *p;

	build(REPORT_ALL, 0);
	p = find("Bob");
	/* The 2023 course is before the cycle. */
	cr_assert_eq(p->nacts, 1);
	cr_expect_str_eq(p->acts[0].title, "Bob's course");
	cr_expect_eq(p->acts[0].amount.centi, 500);
	cr_assert_eq(p->acts[0].ncredits, 1);
	cr_expect_eq(p->acts[0].credits[0].cred, 0);
	cr_expect_eq(p->acts[0].credits[0].counted, 500);

	/* Dan: the unapproved course is listed, counted toward nothing. */
	p = find("Dan");
	cr_assert_eq(p->nacts, 2);
	cr_expect_str_eq(p->acts[0].approvals[0].body, "TB");
	cr_expect_eq(p->acts[0].credits[0].counted, 400);
	cr_expect_eq(p->acts[1].credits[0].counted, 0);
	cr_expect_neq(p->acts[1].credits[0].why[0], '\0');

	p = find("Carol");
	cr_assert_eq(p->nacts, 2);
	cr_assert_eq(p->acts[0].ntopics, 1);
	cr_expect_str_eq(p->acts[0].topics[0].topic, "ethics");
	cr_expect_eq(p->acts[0].topics[0].centi, -1);
	cr_expect_eq(p->acts[0].certificate, 0);
}

Test(report, rule_packs_used_and_warnings)
{
	build(REPORT_ALL, 0);
	cr_assert_eq(rep.npacks, 2);
	cr_expect_str_eq(rep.packs[0].code, "TSL");
	cr_expect_str_eq(rep.packs[0].version, "2024-07-01");
	cr_expect_str_eq(rep.packs[1].code, "TST");
	cr_expect_str_eq(rep.packs[1].origin, "tst.ini");
	cr_assert_eq(rep.nwarnings, 1);
	cr_expect_not_null(strstr(rep.warnings[0], "'GONE' is not loaded"),
	    "%s", rep.warnings[0]);
}

Test(report, one_organization)
{
	build(REPORT_ORG, org_a);
	cr_assert_eq(rep.npeople, 2);
	cr_expect_str_eq(rep.people[0].name, "Bob Baker");
	cr_expect_str_eq(rep.people[1].name, "Alice <b>Ames</b> & Co");
	cr_expect_str_eq(rep.people[1].org, "Riverbend Test Unit");
	cr_expect_str_eq(rep.organization, "Riverbend Test Unit");
	cr_expect_eq(rep.summary.people, 2);
	cr_expect_eq(rep.summary.credentials, 2);
	cr_expect_eq(rep.npacks, 1);
	cr_expect_eq(rep.attestation, 0);
}

Test(report, one_person_has_the_attestation)
{
	char	*s;

	build(REPORT_PERSON, carol);
	cr_assert_eq(rep.npeople, 1);
	cr_expect_str_eq(rep.people[0].name, "Carol Chen");
	cr_expect_eq(rep.attestation, 1);
	/* Her organization names the report. */
	cr_expect_str_eq(rep.organization, "Lakeside Test Clinic");
	s = render(report_render_text);
	cr_expect_not_null(strstr(s, REPORT_ATTESTATION));
	cr_expect_not_null(strstr(s, "Signature: ____"));
	free(s);
	build(REPORT_ALL, 0);
	s = render(report_render_text);
	cr_expect_null(strstr(s, REPORT_ATTESTATION));
	free(s);
}

Test(report, html_escape)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*fp;

	cr_assert_not_null(fp = open_memstream(&buf, &len));
	cr_assert_eq(report_html_escape(fp,
	    "<script>alert('x')</script> & \"Co\""), 0);
	cr_assert_eq(fclose(fp), 0);
	cr_expect_str_eq(buf, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
	    " &amp; &quot;Co&quot;");
	free(buf);
}

Test(report, html_is_escaped_and_self_contained)
{
	char	*s;

	build(REPORT_ALL, 0);
	s = render(report_render_html);
	cr_expect_not_null(strstr(s, "Alice &lt;b&gt;Ames&lt;/b&gt; &amp; Co"));
	cr_expect_null(strstr(s, "<b>Ames"));
	cr_expect_not_null(strstr(s, "Ethics &lt;Part 1&gt;"));
	cr_expect_not_null(strstr(s, "thead{display:table-header-group}"));
	cr_expect_not_null(strstr(s, "page-break-before:always"));
	cr_expect_not_null(strstr(s, "@page{"));
	cr_expect_null(strstr(s, "<script"));
	cr_expect_null(strstr(s, "http"));	/* nothing external */
	cr_expect_null(strstr(s, "src="));
	free(s);
}

Test(report, markdown_escapes_table_breakers)
{
	char	*s;

	build(REPORT_ALL, 0);
	s = render(report_render_md);
	cr_expect_not_null(strstr(s, "Alice &lt;b&gt;Ames&lt;/b&gt; &amp; Co"));
	cr_expect_not_null(strstr(s, "Bob's course"));
	free(s);
}

Test(report, csv_field_quoting)
{
	static const struct {
		const char *in, *out;
	} t[] = {
		{ "plain", "plain" },
		{ "", "" },
		{ "a,b", "\"a,b\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "two\nlines", "\"two\nlines\"" },
		{ "cr\r", "\"cr\r\"" },
		{ " lead", "\" lead\"" },
		{ "trail ", "\"trail \"" },
		{ "Tomás <&>", "Tomás <&>" }
	};
	char	*buf;
	size_t	 i, len;
	FILE	*fp;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		buf = NULL;
		len = 0;
		cr_assert_not_null(fp = open_memstream(&buf, &len));
		cr_assert_eq(report_csv_field(fp, t[i].in), 0);
		cr_assert_eq(fclose(fp), 0);
		cr_expect_str_eq(buf, t[i].out, "field %zu", i);
		free(buf);
	}
}

Test(report, csv_rows_and_sections)
{
	char	*s, *line, *save = NULL;
	size_t	 req = 0, acts = 0, persons = 0, ncols = 0, n;

	build(REPORT_ALL, 0);
	s = render(report_render_csv_requirements);
	cr_expect_not_null(strstr(s, "\r\n"));
	for (line = strtok_r(s, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		const char *p;

		/* The fixture has no comma inside a field. */
		for (n = 1, p = line; *p != '\0'; p++)
			n += *p == ',';
		if (ncols == 0)
			ncols = n;
		else
			cr_expect_eq(n, ncols, "%s", line);
		req += strncmp(line, "requirement,", 12) == 0;
		acts += strncmp(line, "activity,", 9) == 0;
		persons += strncmp(line, "person,", 7) == 0;
	}
	/* 37, then due and unknown (issue 14), then kind, verified_on,
	 * verified_by, verification_source and action (issue 17). */
	cr_expect_eq(ncols, 44);
	cr_expect_eq(req, 7);		/* 3 TST x 2 + TSL x 1 */
	cr_expect_eq(acts, 5);
	cr_expect_eq(persons, 1);	/* Eve */
	free(s);
}

/* The default shape: one row per credential, and one for a person with
 * none, every row with the header's 26 columns. */
Test(report, csv_one_row_per_credential)
{
	char	*s, *line, *save = NULL;
	size_t	 rows = 0, ncols = 0, n, creds = 0;

	build(REPORT_ALL, 0);
	s = render(report_render_csv);
	cr_expect_eq(strncmp(s, "as_of,person_id,person,", 23), 0);
	for (line = strtok_r(s, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		const char *p;

		for (n = 1, p = line; *p != '\0'; p++)
			n += *p == ',';
		if (ncols == 0)
			ncols = n;
		else {
			cr_expect_eq(n, ncols, "%s", line);
			rows++;
		}
	}
	cr_expect_eq(ncols, 26);
	creds = rep.summary.credentials;
	cr_expect_eq(rows, creds + 1);	/* and Eve, who has none */
	free(s);
}

Test(report, json_has_the_documented_keys)
{
	json_t		*j, *p, *c;
	json_error_t	 je;
	char		*s;

	build(REPORT_ALL, 0);
	s = render(report_render_json);
	j = json_loads(s, 0, &je);
	cr_assert_not_null(j, "%s", je.text);
	cr_expect_str_eq(json_string_value(json_object_get(j, "as_of")),
	    "2026-03-01");
	cr_expect_str_eq(json_string_value(json_object_get(j, "generated_at")),
	    "2026-03-01T09:30:00Z");
	cr_expect(json_is_null(json_object_get(j, "organization")));
	cr_expect_eq(json_integer_value(json_object_get(json_object_get(
	    json_object_get(j, "summary"), "by_state"), "lapsed")), 1);
	p = json_array_get(json_object_get(j, "people"), 0);
	cr_expect_str_eq(json_string_value(json_object_get(p, "state")),
	    "lapsed");
	c = json_array_get(json_object_get(p, "credentials"), 0);
	cr_expect_eq(json_real_value(json_object_get(json_object_get(c,
	    "hours"), "remaining")), 15.0);
	cr_expect_str_eq(json_string_value(json_object_get(json_object_get(c,
	    "cycle"), "valid_through")), "2026-01-15");
	free(s);
	json_decref(j);
}

/* Built by two threads (two halves of the people, merged): the same
 * report to the byte, in every format, with and without transcripts. */
Test(report, two_threads_build_the_same_report)
{
	int	(*fn[])(const struct report *, FILE *, char *, size_t) = {
		report_render_text, report_render_md, report_render_csv,
		report_render_json, report_render_html
	};
	char	*one, *two;
	size_t	 i;
	int	 t;

	for (t = 0; t < 2; t++) {
		want_transcript = t;
		for (i = 0; i < sizeof(fn) / sizeof(fn[0]); i++) {
			want_threads = 1;
			build(REPORT_ALL, 0);
			one = render(fn[i]);
			cr_assert_gt(rep.npeople, 2);
			want_threads = 2;
			build(REPORT_ALL, 0);
			two = render(fn[i]);
			cr_expect_str_eq(two, one, "format %zu", i);
			free(one);
			free(two);
		}
	}
	want_transcript = 1;
	want_threads = 1;
	/* Warnings come once, in the order of the people. */
	build(REPORT_ALL, 0);
	i = rep.nwarnings;
	want_threads = 2;
	build(REPORT_ALL, 0);
	want_threads = 1;
	cr_expect_eq(rep.nwarnings, i);
}

/*
 * Enough people that the JSON is written in parts by two threads (a part
 * is 128 people; 5 + 400 make four parts, the last short): the same
 * document to the byte as one thread writes, and a write error is still
 * an error.
 */
Test(report, json_of_many_people_written_by_two_threads)
{
	char	*one, name[64], num[32];
	FILE	*fp;
	int64_t	 id;
	int	 i;

	cr_assert_eq(db_begin(&db, err, sizeof(err)), 0, "%s", err);
	for (i = 0; i < 400; i++) {
		cet_fmt(name, sizeof(name), "Test Person %03d", i);
		cet_fmt(num, sizeof(num), "M-%d", i);
		id = person(name, num, i % 2 ? org_a : org_b);
		if (i % 5 == 4)
			continue;
		cred(id, "TST", num, "2024-06-01", "2026-05-31");
		act(id, i % 3 ? "2025-03-03" : "2026-01-02", "Test webinar",
		    i % 4 ? "2" : "21", i % 2 ? "ethics" : NULL, NULL);
	}
	cr_assert_eq(db_commit(&db, err, sizeof(err)), 0, "%s", err);
	for (i = 0; i < 2; i++) {
		want_transcript = i;
		want_threads = 1;
		build(REPORT_ALL, 0);
		cr_assert_eq(rep.npeople, 405);
		one = render(report_render_json);
		cr_expect_gt(strlen(one), 100000);
		expect_json_with(REPORT_ALL, 0, 2, 0, one);
		free(one);
	}
	want_threads = 2;
	build(REPORT_ALL, 0);
	cr_assert_eq(rep.threads, 2);
	cr_assert_not_null(fp = fopen("/dev/full", "w"));
	err[0] = '\0';
	cr_expect_eq(report_render_json(&rep, fp, err, sizeof(err)), -1);
	cr_expect_not_null(strstr(err, "writing the report"), "%s", err);
	fclose(fp);
	want_transcript = 1;
	want_threads = 1;
}

/*
 * Many ranges of work (405 people in ranges of 7) taken by 1, 2, 3 and 8
 * threads: the same report to the byte, and the warnings (a credential of
 * a program that is not loaded, here and there) in the same order.
 */
Test(report, any_number_of_threads_and_ranges_build_the_same_report)
{
	char	*one, name[64], num[32], **w1;
	size_t	 i, nwarn;
	int64_t	 id;
	int	 k, threads[] = { 2, 3, 8 };

	cr_assert_eq(db_begin(&db, err, sizeof(err)), 0, "%s", err);
	for (k = 0; k < 400; k++) {
		cet_fmt(name, sizeof(name), "Range Person %03d", k);
		cet_fmt(num, sizeof(num), "R-%d", k);
		id = person(name, num, k % 3 ? org_a : 0);
		cred(id, k % 37 == 0 ? "GONE" : "TST", num, "2024-06-01",
		    "2026-05-31");
		act(id, "2025-03-03", "Test webinar", k % 4 ? "2" : "21",
		    k % 2 ? "ethics" : NULL, NULL);
	}
	cr_assert_eq(db_commit(&db, err, sizeof(err)), 0, "%s", err);
	want_range = 7;
	want_threads = 1;
	build(REPORT_ALL, 0);
	one = render(report_render_json);
	nwarn = rep.nwarnings;
	cr_assert_gt(nwarn, 10);
	w1 = xcalloc(nwarn, sizeof(*w1));
	for (i = 0; i < nwarn; i++)
		w1[i] = xstrdup(rep.warnings[i]);
	for (k = 0; k < 3; k++) {
		expect_json_with(REPORT_ALL, 0, threads[k], 7, one);
		cr_assert_eq(rep.nwarnings, nwarn);
		for (i = 0; i < nwarn; i++)
			cr_expect_str_eq(rep.warnings[i], w1[i],
			    "%d threads, warning %zu", threads[k], i);
	}
	/* An organization's report the same way. */
	want_threads = 1;
	build(REPORT_ORG, org_a);
	free(one);
	one = render(report_render_json);
	expect_json_with(REPORT_ORG, org_a, 2, 7, one);
	free(one);
	/* Everyone in one organization: the report names it. */
	cr_assert_eq(sqlite3_exec(db.h, "UPDATE person SET org_id = 1",
	    NULL, NULL, NULL), SQLITE_OK);
	for (k = 1; k <= 2; k++) {
		want_threads = k;
		build(REPORT_ALL, 0);
		cr_expect_str_eq(rep.organization, "Riverbend Test Unit",
		    "%d threads", k);
	}
	for (i = 0; i < nwarn; i++)
		free(w1[i]);
	free(w1);
	want_range = 0;
	want_threads = 1;
}

/*
 * An organization that holds nearly everyone between its first and last
 * id is read as a range, the others in it passed over: 41 people of
 * Riverbend with 2 of Lakeside among them (and the fixture's three
 * others before them: 5 of 48, few enough). The report has Riverbend's
 * people only, each with their own hours, with one thread or three.
 */
Test(report, an_organization_read_as_a_range_leaves_the_others_out)
{
	char	*one, name[64], num[32];
	size_t	 i, j, seen = 0;
	int64_t	 id;
	int	 k;

	cr_assert_eq(db_begin(&db, err, sizeof(err)), 0, "%s", err);
	for (k = 0; k < 43; k++) {
		int	 other = k == 20 || k == 41;

		cet_fmt(name, sizeof(name), "Span Person %02d", k);
		cet_fmt(num, sizeof(num), "S-%d", k);
		id = person(name, num, other ? org_b : org_a);
		cred(id, "TST", num, "2024-06-01", "2026-05-31");
		act(id, "2025-03-03", "Test webinar", other ? "19" : "2",
		    NULL, NULL);
	}
	cr_assert_eq(db_commit(&db, err, sizeof(err)), 0, "%s", err);
	want_threads = 1;
	build(REPORT_ORG, org_a);
	one = render(report_render_json);
	for (i = 0; i < rep.npeople; i++) {
		cr_expect_eq(rep.people[i].org_id, org_a, "%s",
		    rep.people[i].name);
		if (strncmp(rep.people[i].name, "Span Person", 11) != 0)
			continue;
		seen++;
		for (j = 0; j < rep.people[i].ncreds; j++)
			cr_expect_eq(rep.people[i].creds[j].counted, 200, "%s",
			    rep.people[i].name);
	}
	cr_expect_eq(seen, 41);
	cr_expect_eq(rep.npeople, 43);	/* and Alice and Bob */
	expect_json_with(REPORT_ORG, org_a, 3, 4, one);
	free(one);
	want_threads = 1;
}

/* An organization's report without transcripts: no activity anywhere. */
Test(report, without_transcripts)
{
	json_t		*j, *p;
	json_error_t	 je;
	char		*s;
	size_t		 i;

	want_transcript = 0;
	build(REPORT_ALL, 0);
	want_transcript = 1;
	cr_assert_eq(rep.transcript, 0);
	for (i = 0; i < rep.npeople; i++)
		cr_expect_eq(rep.people[i].nacts, 0);
	/* Hours are still counted from the activities. */
	cr_expect_eq(find("Bob")->creds[0].counted, 500);
	s = render(report_render_text);
	cr_expect_null(strstr(s, "CE transcript"), "%s", s);
	free(s);
	s = render(report_render_md);
	cr_expect_null(strstr(s, "CE transcript"), "%s", s);
	free(s);
	s = render(report_render_html);
	cr_expect_null(strstr(s, "CE transcript"), "%s", s);
	free(s);
	s = render(report_render_csv);
	cr_expect_null(strstr(s, "\nactivity,"), "%s", s);
	free(s);
	s = render(report_render_json);
	j = json_loads(s, 0, &je);
	cr_assert_not_null(j, "%s", je.text);
	p = json_array_get(json_object_get(j, "people"), 0);
	cr_assert_not_null(p);
	cr_expect(json_is_null(json_object_get(p, "transcript")));
	json_decref(j);
	free(s);
}

Test(report, write_errors_are_reported)
{
	FILE	*fp;

	build(REPORT_ALL, 0);
	cr_assert_not_null(fp = fopen("/dev/full", "w"));
	err[0] = '\0';
	cr_expect_eq(report_render_text(&rep, fp, err, sizeof(err)), -1);
	cr_expect_not_null(strstr(err, "writing the report"), "%s", err);
	fclose(fp);
	cr_assert_not_null(fp = fopen("/dev/full", "w"));
	cr_expect_eq(report_render_json(&rep, fp, err, sizeof(err)), -1);
	fclose(fp);
}

Test(report, helpers)
{
	struct hours_amount	a = { HOURS_UNIT_MINUTE, 9000 };
	struct report_cred	c;
	char			buf[64], d[DATE_BUFSZ];

	cr_expect_str_eq(report_format_amount(&a, buf, sizeof(buf)),
	    "90 min");
	a.unit = HOURS_UNIT_CEU;
	a.centi = 15;
	cr_expect_str_eq(report_format_amount(&a, buf, sizeof(buf)),
	    "0.15 CEU");
	cr_expect_str_eq(report_format_time(1772357400, buf, sizeof(buf)),
	    "2026-03-01 09:30 UTC");
	cr_expect_str_eq(report_format_date(COMP_NO_DATE, d), REPORT_DASH);
	cr_expect_str_eq(report_state_label(COMP_AT_RISK), "At risk");
	memset(&c, 0, sizeof(c));
	c.program = "RN-CA";
	c.jurisdiction = "CA";
	cr_expect_str_eq(report_cred_label(&c, buf, sizeof(buf)), "RN-CA");
	c.program = "LCSW";
	c.jurisdiction = "TX";
	cr_expect_str_eq(report_cred_label(&c, buf, sizeof(buf)), "LCSW TX");
	c.jurisdiction = "";
	cr_expect_str_eq(report_cred_label(&c, buf, sizeof(buf)), "LCSW");
	cr_expect_eq(report_states[0], COMP_LAPSED);
	cr_expect_eq(report_states[REPORT_NSTATES - 1], COMP_RETIRED);
}

Test(report, an_empty_selection_still_renders)
{
	json_t		*j;
	json_error_t	 je;
	char		*s;
	int64_t		 empty = org("Empty Test Office");

	build(REPORT_ORG, empty);
	cr_expect_eq(rep.npeople, 0);
	cr_expect_eq(rep.npacks, 0);
	s = render(report_render_json);
	j = json_loads(s, 0, &je);
	cr_assert_not_null(j, "%s: %s", je.text, s);
	cr_expect_eq(json_array_size(json_object_get(j, "people")), 0);
	cr_expect_eq(json_array_size(json_object_get(j, "rule_packs")), 0);
	json_decref(j);
	free(s);
	s = render(report_render_text);
	cr_expect_not_null(strstr(s, "No people match."));
	free(s);
	s = render(report_render_csv);
	cr_expect_eq(strchr(s, '\n'), strrchr(s, '\n'), "header only");
	free(s);
}
