/* SPDX-License-Identifier: ISC */
/*
 * The eligibility engine (lib/rules/eligibility.c) over the shipped packs
 * and the criteria of shared/reference/eligibility-rules.md: the CCM's
 * routes and categories (12 months supervised by a CCM, 24 without, 12
 * supervising), full-time equivalents of part-time and overlapping jobs,
 * the day an ongoing job completes a requirement, ACM's change of 2016,
 * paid work that was not said to be paid, CDMS's look-back and domains,
 * CMGT-BC's CE in a window, and the pack parser's errors. Everyone here
 * is fictional.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/util.h"
#include "rules/eligibility.h"

static struct elig_set		 set;
static struct elig_input	 in;
static struct credential	 creds[4];
static struct cycle		 cycles[4];
static struct education		 edu[4];
static struct experience	 exps[8];
static struct activity		 acts[8];
static struct elig_result	 res;

static int
day(const char *s)
{
	int	d;

	cr_assert_eq(date_parse_iso(s, &d), 0, "%s", s);
	return d;
}

static void
setup(void)
{
	struct errlist errs = { 0 };

	cr_assert_eq(elig_load(&set, NULL, &errs), 0, "shipped packs: %s",
	    errs.n ? errs.v[0] : "?");
	errlist_free(&errs);
	memset(&in, 0, sizeof(in));
	memset(creds, 0, sizeof(creds));
	memset(cycles, 0, sizeof(cycles));
	memset(edu, 0, sizeof(edu));
	memset(exps, 0, sizeof(exps));
	memset(acts, 0, sizeof(acts));
	memset(&res, 0, sizeof(res));
	in.creds = creds;
	in.cycles = cycles;
	in.edu = edu;
	in.exp = exps;
	in.acts = acts;
}

static void
teardown(void)
{
	elig_result_free(&res);
	elig_free(&set);
}

/* Dana Reyes, RN: an active RN-CA license valid through 2027-08-31. */
static void
add_rn(void)
{
	struct credential *c = &creds[in.ncreds];
	struct cycle *y = &cycles[in.ncreds];

	c->id = (int64_t)in.ncreds + 1;
	(void)cet_strlcpy(c->program, "RN-CA", sizeof(c->program));
	(void)cet_strlcpy(c->number, "RN-95012345", sizeof(c->number));
	c->status = CRED_ACTIVE;
	y->id = c->id;
	y->start = day("2025-09-01");
	y->valid_through = day("2027-08-31");
	in.ncreds++;
}

static struct experience *
add_job(const char *from, const char *to, long per_week)
{
	struct experience *x = &exps[in.nexp++];

	(void)cet_strlcpy(x->employer, "Riverside Example Medical Center",
	    sizeof(x->employer));
	(void)cet_strlcpy(x->role, "Case Manager", sizeof(x->role));
	x->start = day(from);
	x->end = to != NULL ? day(to) : -1;
	x->per_week = per_week;
	x->total = -1;
	x->paid = -1;
	return x;
}

static struct experience *
add_cm_job(const char *from, const char *to, long per_week, const char *sup)
{
	struct experience *x = add_job(from, to, per_week);

	x->case_management = 1;
	if (sup != NULL) {
		x->supervised = 1;
		(void)cet_strlcpy(x->supervisor, "Lena Ortiz",
		    sizeof(x->supervisor));
		(void)cet_strlcpy(x->supervisor_cred, sup,
		    sizeof(x->supervisor_cred));
	}
	return x;
}

static const struct elig_route_result *
route(const char *id)
{
	size_t	i;

	for (i = 0; i < res.nroutes; i++)
		if (strcmp(res.routes[i].route->id, id) == 0)
			return &res.routes[i];
	cr_assert_fail("no route %s", id);
	return NULL;
}

static const struct elig_req_result *
req(const char *route_id, const char *id)
{
	const struct elig_route_result *r = route(route_id);
	size_t	i;

	for (i = 0; i < r->nreqs; i++)
		if (strcmp(r->reqs[i].req->id, id) == 0)
			return &r->reqs[i];
	cr_assert_fail("no requirement %s in %s", id, route_id);
	return NULL;
}

static void
check(const char *code, const char *as_of)
{
	const struct elig_pack *p = elig_find(&set, code);

	cr_assert_not_null(p, "no pack %s", code);
	in.as_of = day(as_of);
	elig_result_free(&res);
	cr_assert_eq(elig_check(p, &in, &res), 0);
}

Test(eligibility, every_shipped_pack_is_there, .init = setup,
    .fini = teardown)
{
	static const char *const codes[] = { "CCM", "ACM-RN", "ACM-SW",
	    "CMGT-BC", "CDMS" };
	size_t	i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		const struct elig_pack *p = elig_find(&set, codes[i]);

		cr_assert_not_null(p, "%s", codes[i]);
		cr_expect_neq(p->sources[0], '\0', "%s: no sources", codes[i]);
		cr_expect_gt(p->nroutes, 0);
	}
}

/* The walkthrough: 14 months full time, supervised by a CCM: eligible by
 * the license and category 1, once the license's independence and the
 * Code are attested. */
Test(eligibility, ccm_rn_with_14_months_supervised_by_a_ccm,
    .init = setup, .fini = teardown)
{
	add_rn();
	add_cm_job("2025-09-01", NULL, 4000, "CCM");
	check("CCM", "2026-10-31");
	cr_expect(res.eligible);
	cr_expect(route("license-cat1")->met);
	cr_expect(route("license-cat1")->attest);
	cr_expect_eq(req("license-cat1", "cat1")->state, ELIG_MET);
	cr_expect_eq(req("license-cat1", "cat1")->have, 1400);
	cr_expect_eq(req("license-cat1", "license")->state, ELIG_TO_ATTEST);
	cr_expect_eq(req("license-cat1", "conduct")->state, ELIG_TO_ATTEST);
	/* Not 24 months yet, and no degree recorded. */
	cr_expect_not(route("license-cat2")->met);
	cr_expect_not(route("degree-cat1")->met);
	cr_expect_eq(res.earliest, -1);
}

/* Eight months: not yet, and met the day the 12th month completes. */
Test(eligibility, ccm_eight_months_gives_the_day_of_the_twelfth,
    .init = setup, .fini = teardown)
{
	add_rn();
	add_cm_job("2025-09-01", NULL, 4000, "CCM");
	check("CCM", "2026-04-30");
	cr_expect_not(res.eligible);
	cr_expect_eq(req("license-cat1", "cat1")->have, 800);
	cr_expect_eq(req("license-cat1", "cat1")->earliest, day("2026-08-31"));
	cr_expect_eq(route("license-cat1")->earliest, day("2026-08-31"));
	cr_expect_eq(res.earliest, day("2026-08-31"));
	/* The day before, not yet; on it, yes. */
	check("CCM", "2026-08-30");
	cr_expect_not(res.eligible);
	check("CCM", "2026-08-31");
	cr_expect(res.eligible);
}

/* The job ended at eight months: no date can be promised. */
Test(eligibility, ccm_ended_job_gives_no_date, .init = setup,
    .fini = teardown)
{
	add_rn();
	add_cm_job("2025-09-01", "2026-04-30", 4000, "CCM");
	check("CCM", "2026-11-01");
	cr_expect_not(res.eligible);
	cr_expect_eq(req("license-cat1", "cat1")->have, 800);
	cr_expect_eq(res.earliest, -1);
}

/* Supervised by an LCSW, not a CCM: category 1 is not met, category 2
 * needs 24 months. */
Test(eligibility, ccm_category1_needs_a_ccm_supervisor, .init = setup,
    .fini = teardown)
{
	add_rn();
	add_cm_job("2025-01-01", NULL, 4000, "LCSW");
	check("CCM", "2026-06-30");
	cr_expect_eq(req("license-cat1", "cat1")->have, 0);
	cr_expect_eq(req("license-cat2", "cat2")->have, 1800);
	cr_expect_not(res.eligible);
	cr_expect_eq(req("license-cat2", "cat2")->earliest,
	    day("2026-12-31"));
}

/* Half time counts half; two jobs in the same weeks count at most one
 * full time. */
Test(eligibility, ccm_part_time_and_overlap, .init = setup,
    .fini = teardown)
{
	add_rn();
	add_cm_job("2025-01-01", "2025-12-31", 2000, "CCM");
	check("CCM", "2026-01-31");
	cr_expect_eq(req("license-cat1", "cat1")->have, 600);
	add_cm_job("2025-01-01", "2025-12-31", 3000, "CCM");
	check("CCM", "2026-01-31");
	cr_expect_eq(req("license-cat1", "cat1")->have, 1200);
	cr_expect(res.eligible);
}

/* A degree route: a BSN and category 3 (supervising case managers). */
Test(eligibility, ccm_degree_and_supervising, .init = setup,
    .fini = teardown)
{
	struct experience *x;

	(void)cet_strlcpy(edu[0].level, "bachelor", sizeof(edu[0].level));
	(void)cet_strlcpy(edu[0].field, "nursing", sizeof(edu[0].field));
	(void)cet_strlcpy(edu[0].title, "BSN", sizeof(edu[0].title));
	edu[0].conferred = day("2015-05-20");
	in.nedu = 1;
	x = add_job("2024-01-01", "2024-12-31", 4000);
	x->supervises_cms = 1;
	check("CCM", "2025-03-01");
	cr_expect(route("degree-cat3")->met);
	cr_expect_eq(req("degree-cat3", "degree")->state, ELIG_TO_ATTEST);
	cr_expect(res.eligible);
	/* An associate degree is not enough. */
	(void)cet_strlcpy(edu[0].level, "associate", sizeof(edu[0].level));
	check("CCM", "2025-03-01");
	cr_expect_not(res.eligible);
}

/* A lapsed license is no license. */
Test(eligibility, ccm_lapsed_license, .init = setup, .fini = teardown)
{
	add_rn();
	cycles[0].valid_through = day("2026-03-31");
	add_cm_job("2024-01-01", NULL, 4000, "CCM");
	check("CCM", "2026-06-01");
	cr_expect_eq(req("license-cat1", "license")->state, ELIG_NOT_MET);
	cr_expect_not(res.eligible);
}

/* ACM-RN: 2,080 hours of supervised, paid case management. Pay not said
 * is not counted, and the result says how to settle it. */
Test(eligibility, acm_rn_paid_hours, .init = setup, .fini = teardown)
{
	struct experience *x;

	add_rn();
	x = add_cm_job("2025-01-01", "2025-12-31", 4000, "CCM");
	check("ACM-RN", "2026-02-01");
	cr_expect_eq(req("rn", "experience")->have, 0);
	cr_expect_neq(req("rn", "experience")->settle[0], '\0');
	cr_expect_not(res.eligible);
	x->paid = 1;
	check("ACM-RN", "2026-02-01");
	cr_expect_eq(req("rn", "experience")->have, 208571);	/* 365 d */
	cr_expect(res.eligible);
}

/* Before 2016-12-20 ACM asked two years: the day picks the version. */
Test(eligibility, acm_rn_two_years_before_2016, .init = setup,
    .fini = teardown)
{
	struct experience *x;

	add_rn();
	cycles[0].start = day("2015-01-01");
	cycles[0].valid_through = day("2017-08-31");
	x = add_cm_job("2015-01-01", "2015-12-31", 4000, "CCM");
	x->paid = 1;
	check("ACM-RN", "2016-06-01");
	cr_expect_not(res.eligible);
	cr_expect_eq(req("rn", "experience-2yr")->state, ELIG_NOT_MET);
	check("ACM-RN", "2017-01-15");
	cr_expect(res.eligible);
}

/* CDMS: 2,080 paid hours in the last 36 months in at least two domains. */
Test(eligibility, cdms_window_and_domains, .init = setup, .fini = teardown)
{
	struct experience *x;

	add_rn();
	x = add_job("2019-01-01", "2020-12-31", 4000);
	x->paid = 1;
	(void)cet_strlcpy(x->tags, "disability-case-management,"
	    "leaves-and-benefits", sizeof(x->tags));
	check("CDMS", "2024-06-01");	/* too long ago */
	cr_expect_eq(req("rn", "hours")->have, 0);
	cr_expect_not(res.eligible);
	check("CDMS", "2021-06-01");
	cr_expect(res.eligible);
	(void)cet_strlcpy(x->tags, "leaves-and-benefits", sizeof(x->tags));
	check("CDMS", "2021-06-01");
	cr_expect_not(res.eligible);
}

/* CMGT-BC: 30 hours of CE in nursing case management in three years. */
Test(eligibility, cmgt_bc_ce_in_the_window, .init = setup,
    .fini = teardown)
{
	size_t	i;

	add_rn();
	add_cm_job("2022-01-01", NULL, 4000, NULL);
	for (i = 0; i < 3; i++) {
		acts[i].date = day(i < 2 ? "2025-03-01" : "2021-01-01");
		acts[i].amount.unit = HOURS_UNIT_HOUR;
		acts[i].amount.centi = 1500;
		(void)cet_strlcpy(acts[i].topics[0].topic, "case-management",
		    sizeof(acts[i].topics[0].topic));
		acts[i].topics[0].centi = -1;
		acts[i].ntopics = 1;
	}
	in.nacts = 3;
	check("CMGT-BC", "2026-01-01");
	cr_expect_eq(req("rn", "ncm-ce")->have, 3000);
	cr_expect(route("rn")->met);
	acts[1].topics[0].centi = 500;		/* 5 h of the 15 */
	check("CMGT-BC", "2026-01-01");
	cr_expect_eq(req("rn", "ncm-ce")->have, 2000);
	cr_expect_not(route("rn")->met);
}

/* A ';' would cut a label short without a word: refused. */
Test(eligibility, parser_refuses_a_semicolon_in_a_value, .init = setup,
    .fini = teardown)
{
	struct elig_pack	p;
	struct errlist		errs = { 0 };

	cr_assert_eq(elig_pack_parse("s.ini",
	    "[pack]\ncode = X\nname = X\nissuer = X\nversion = 2026-12-08\n"
	    "sources = A; B\nroutes = a\n[route.a]\nlabel = A\nrequires = r\n"
	    "[req.r]\ntype = attest\nlabel = R\n", &p, &errs), -1);
	cr_assert_gt(errs.n, 0);
	cr_expect_not_null(strstr(errs.v[0], "s.ini:6: ';' in a value"),
	    "%s", errs.v[0]);
	errlist_free(&errs);
}

/* The parser: a pack with the mistakes it must name, by line. */
Test(eligibility, parser_names_the_mistakes, .init = setup,
    .fini = teardown)
{
	struct elig_pack	p;
	struct errlist		errs = { 0 };
	size_t			i;
	int			seen_key = 0, seen_route = 0, seen_type = 0;

	cr_assert_eq(elig_pack_parse("t.ini",
	    "[pack]\ncode = X\nname = X\nissuer = X\nversion = 2026-12-08\n"
	    "sources = S\nroutes = a, b\n"
	    "[route.a]\nlabel = A\nrequires = r1, nope\n"
	    "[req.r1]\ntype = experience\nlabel = R\nmeasure = fte_months\n"
	    "min = 12\ncolour = blue\n"
	    "[req.r2]\nlabel = R2\n", &p, &errs), -1);
	for (i = 0; i < errs.n; i++) {
		seen_key |= strstr(errs.v[i], "t.ini:16: [req.r1] colour: not "
		    "a key") != NULL;
		seen_route |= strstr(errs.v[i], "t.ini:7: [pack] routes: "
		    "route 'b' has no [route.b] section") != NULL;
		seen_type |= strstr(errs.v[i], "[req.r2] type: missing") != NULL;
	}
	cr_expect(seen_key, "unknown key not named");
	cr_expect(seen_route, "missing route not named");
	cr_expect(seen_type, "missing type not named");
	for (i = 0; i < errs.n; i++)
		if (strstr(errs.v[i], "no [req.nope] section") != NULL)
			break;
	cr_expect_lt(i, errs.n, "missing requirement not named");
	errlist_free(&errs);
}

/* An MSW conferred on conferral, and a supervised job from `from`. */
static struct experience *
add_msw_job(const char *conferral, const char *from, long per_week,
    const char *sup)
{
	struct experience *x;

	(void)cet_strlcpy(edu[in.nedu].level, "master",
	    sizeof(edu[in.nedu].level));
	(void)cet_strlcpy(edu[in.nedu].field, "social-work",
	    sizeof(edu[in.nedu].field));
	(void)cet_strlcpy(edu[in.nedu].title, "MSW",
	    sizeof(edu[in.nedu].title));
	edu[in.nedu].conferred = day(conferral);
	in.nedu++;
	x = add_job(from, NULL, per_week);
	x->clinical = 1;
	x->supervised = 1;
	(void)cet_strlcpy(x->supervisor_cred, sup, sizeof(x->supervisor_cred));
	return x;
}

static struct exam_sat	exams[4];
static struct exp_log	logs[64];

/* Supervision logged: `minutes` on the 15th of each month from `from`
 * for `months` months. */
static void
add_logs(const char *from, int months, int minutes, const char *format)
{
	int	i, d0 = day(from);

	for (i = 0; i < months && in.nlogs < 64; i++) {
		logs[in.nlogs].day = date_add_months(d0, i);
		logs[in.nlogs].hours = 4000;
		logs[in.nlogs].sup_minutes = minutes;
		(void)cet_strlcpy(logs[in.nlogs].format, format,
		    sizeof(logs[in.nlogs].format));
		in.nlogs++;
	}
	in.logs = logs;
}

static void
add_exam(const char *name, const char *when)
{
	(void)cet_strlcpy(exams[in.nexams].exam, name,
	    sizeof(exams[in.nexams].exam));
	exams[in.nexams].day = day(when);
	exams[in.nexams].pass = 1;
	in.exams = exams;
	in.nexams++;
}

/*
 * California: 3,000 hours after the MSW, over at least 104 weeks, at most
 * 40 credited a week. Full time from 2020-06-01 passes 3,000 hours after
 * 75 weeks, but the 104th week ends on 2022-05-29.
 */
Test(eligibility, lcsw_ca_hours_and_104_weeks, .init = setup,
    .fini = teardown)
{
	add_msw_job("2020-05-15", "2020-06-01", 5000, "LCSW");
	add_exam("CA Law and Ethics", "2021-01-10");
	add_exam("ASWB Clinical", "2022-06-15");
	check("LCSW-CA", "2021-12-01");
	/* 549 days at 40 h a week (50 worked, 40 credited). */
	cr_expect_eq(req("msw", "hours")->have, 313714);
	cr_expect_eq(req("msw", "hours")->state, ELIG_NOT_MET);
	cr_expect_eq(req("msw", "hours")->earliest, day("2022-05-29"));
	cr_expect_not(res.eligible);
	check("LCSW-CA", "2022-07-01");
	cr_expect_eq(req("msw", "hours")->state, ELIG_MET);
	cr_expect(res.eligible);
	cr_expect(route("msw")->attest);
}

/* Hours before the degree do not count. */
Test(eligibility, lcsw_ca_only_after_the_degree, .init = setup,
    .fini = teardown)
{
	add_msw_job("2022-05-15", "2019-01-01", 4000, "LCSW");
	check("LCSW-CA", "2022-06-14");
	/* 2022-05-16 to 2022-06-14: 30 days. */
	cr_expect_eq(req("msw", "hours")->have, 17142);
}

/* Before 2019 the rule was 3,200 hours. */
Test(eligibility, lcsw_ca_rule_of_2002, .init = setup, .fini = teardown)
{
	add_msw_job("2015-05-15", "2015-06-01", 4000, "LCSW");
	check("LCSW-CA", "2017-06-30");
	cr_expect_eq(req("msw", "hours-2002")->need, 320000);
	check("LCSW-CA", "2019-06-30");
	cr_expect_eq(req("msw", "hours")->need, 300000);
}

/* Texas: 3,000 supervised clinical hours over at least 24 months. */
Test(eligibility, lcsw_tx_two_years, .init = setup, .fini = teardown)
{
	add_msw_job("2021-05-15", "2021-06-01", 4000, "LCSW");
	add_exam("ASWB Clinical", "2023-07-01");
	add_logs("2021-06-15", 24, 600, "individual");	/* 10 h a month */
	check("LCSW-TX", "2023-05-01");
	cr_expect_eq(req("msw", "hours")->state, ELIG_NOT_MET);
	cr_expect_eq(req("msw", "hours")->earliest, day("2023-05-29"));
	check("LCSW-TX", "2023-07-01");
	cr_expect(res.eligible);
}

/* Texas counts at most 10 hours of supervision a month: 9 months of 20
 * hours are 90, not enough; the log names what to add when empty. */
Test(eligibility, lcsw_tx_supervision_cap, .init = setup,
    .fini = teardown)
{
	add_msw_job("2021-05-15", "2021-06-01", 4000, "LCSW");
	check("LCSW-TX", "2023-07-01");
	cr_expect_eq(req("msw", "supervision")->state, ELIG_NOT_MET);
	cr_expect_neq(req("msw", "supervision")->settle[0], '\0');
	add_logs("2021-06-15", 9, 1200, "individual");
	check("LCSW-TX", "2023-07-01");
	cr_expect_eq(req("msw", "supervision")->have, 9000);
	cr_expect_eq(req("msw", "supervision")->state, ELIG_NOT_MET);
}

/* Illinois: the clinical exam counts for a year; a doctorate needs 2,000
 * hours. */
Test(eligibility, lcsw_il_exam_year_and_doctorate, .init = setup,
    .fini = teardown)
{
	add_msw_job("2018-05-15", "2018-06-01", 4000, "LCSW");
	add_exam("ASWB Clinical", "2020-01-10");
	add_logs("2018-06-15", 24, 240, "individual");	/* 4 h a month */
	check("LCSW-IL", "2020-06-01");
	cr_expect(route("msw")->met);
	cr_expect_eq(req("msw", "supervision")->have, 400);
	check("LCSW-IL", "2021-06-01");
	cr_expect_not(route("msw")->met);
	cr_expect_eq(req("msw", "clinical-exam")->state, ELIG_NOT_MET);
}
