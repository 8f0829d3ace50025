/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for lib/programs.c (and lib/inifile.c under it): every shipped
 * rule pack parses with no error and says what the research notes say;
 * broken packs are refused with the exact "file:line: [section] key:"
 * error, all errors of a pack at once; a programs directory overrides and
 * extends the built-in packs while a broken file is refused alone; and the
 * deadline arithmetic for anniversary and fixed-date programs.
 *
 * Fixtures live in tests/data/{good,bad}/programs; tests run from the
 * top of the source tree (tests/run.sh).
 */

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/redirect.h>

#include "helpers.h"
#include "base/date.h"
#include "base/embedded.h"
#include "rules/programs.h"
#include "base/util.h"

#define GOOD_DIR	"tests/data/good/programs"
#define BAD_DIR		"tests/data/bad/programs"

static void
copy_file(const char *from, const char *dir, const char *name)
{
	char	*text, *path;
	FILE	*f;

	text = slurp(from, NULL);
	path = xasprintf("%s/%s", dir, name);
	f = fopen(path, "w");
	cr_assert_not_null(f, "cannot create %s", path);
	cr_assert_eq(fputs(text, f) >= 0, 1);
	cr_assert_eq(fclose(f), 0);
	free(path);
	free(text);
}

/* Remove a scratch directory of plain files. */
static void
remove_dir(const char *dir)
{
	DIR		*dp;
	struct dirent	*de;
	char		*path;

	dp = opendir(dir);
	cr_assert_not_null(dp);
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		cr_expect_eq(unlink(path), 0, "unlink %s", path);
		free(path);
	}
	closedir(dp);
	cr_expect_eq(rmdir(dir), 0);
}

static int
day(const char *iso)
{
	int	d;

	cr_assert_eq(date_parse_iso(iso, &d), 0, "bad test date %s", iso);
	return d;
}

static const struct requirement *
find_req(const struct program *p, const char *id)
{
	size_t	i;

	for (i = 0; i < p->nreqs; i++)
		if (strcmp(p->reqs[i].id, id) == 0)
			return &p->reqs[i];
	cr_assert_fail("%s has no requirement %s", p->code, id);
	return NULL;
}

static int
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Parse text that must be accepted; fails the test with its errors. */
static void
parse_ok(const char *text, struct program *p)
{
	struct errlist	errs = { 0 };
	int		rc;

	rc = program_parse("inline.ini", text, p, &errs);
	cr_assert_eq(rc, 0, "refused: %s", errs.n > 0 ? errs.v[0] : "?");
	cr_assert_eq(errs.n, 0);
	errlist_free(&errs);
}

#define MINIMAL \
	"[program]\n" \
	"code = demo\n" \
	"name = Demonstration Certificate\n" \
	"issuer = Example Credentialing Board\n" \
	"kind = certification\n" \
	"version = 2026-01-15\n" \
	"source = https://example.org/demo\n" \
	"cycle_years = 2\n" \
	"total_hours = 20\n" \
	"approvers = *\n"

/* The 17 shipped packs: the file name is the code in lower case. */
static const char *const shipped[] = {
	"CCM", "ACM-RN", "ACM-SW", "CMGT-BC", "CDMS",
	"RN-CA", "RN-FL", "RN-TX", "RN-NY", "RN-PA", "RN-IL",
	"LCSW-CA", "LCSW-FL", "LCSW-TX", "LCSW-NY", "LCSW-PA", "LCSW-IL"
};

Test(programs, every_shipped_pack_parses_without_errors)
{
	const struct embedded_file	*e;
	struct program			 p;
	struct errlist			 errs = { 0 };
	char				 want[64];
	size_t				 n = 0, i;
	int				 d;

	for (e = embedded_packs; e->name != NULL; e++) {
		cr_expect_eq(program_parse(e->name, e->data, &p, &errs), 0,
		    "%s refused", e->name);
		for (i = 0; i < errs.n; i++)
			cr_expect_fail("%s", errs.v[i]);
		errlist_free(&errs);
		/* ccm.ini holds CCM, lcsw-tx.ini LCSW-TX ... */
		cr_assert_lt(strlen(e->name), sizeof(want));
		for (i = 0; e->name[i] != '.' && e->name[i] != '\0'; i++)
			want[i] = (char)(e->name[i] >= 'a' && e->name[i] <= 'z' ?
			    e->name[i] - 'a' + 'A' : e->name[i]);
		want[i] = '\0';
		cr_expect_str_eq(p.code, want);
		cr_expect_neq(p.name[0], '\0');
		cr_expect_neq(p.source[0], '\0');
		cr_expect_gt(p.cycle_months, 0);
		cr_expect_eq(date_parse_iso(p.version, &d), 0, "%s", p.code);
		program_release(&p);
		n++;
	}
	cr_assert_eq(n, ARRAY_SIZE(shipped));
}

Test(programs, builtin_set_holds_every_shipped_program)
{
	struct program_set	set;
	struct errlist		errs = { 0 };
	size_t			i;

	cr_assert_eq(programs_load(&set, NULL, &errs), 0);
	cr_assert_eq(errs.n, 0);
	cr_assert_eq(set.n, ARRAY_SIZE(shipped));
	for (i = 0; i < ARRAY_SIZE(shipped); i++)
		cr_expect_not_null(programs_find(&set, shipped[i]), "%s",
		    shipped[i]);
	cr_expect_not_null(programs_find(&set, "lcsw-tx"));
	cr_expect_null(programs_find(&set, "LCSW"));
	cr_expect_str_eq(programs_find(&set, "CCM")->origin, "builtin:ccm.ini");
	programs_free(&set);
	errlist_free(&errs);
}

/*
 * The built-in packs are parsed when first looked up (status of one person
 * needs two or three of the 17): the entry found then is the one an eager
 * parse makes, and programs_parse_all leaves nothing pending.
 */
Test(programs, builtin_packs_are_parsed_when_first_found)
{
	const struct embedded_file	*e;
	const struct program		*got;
	struct program_set		 set;
	struct program			 p;
	struct errlist			 errs = { 0 };
	size_t				 i = 0, k;

	cr_assert_eq(programs_load(&set, NULL, &errs), 0);
	cr_assert_not_null(set.pending);
	for (e = embedded_packs; e->name != NULL; e++, i++) {
		cr_assert_lt(i, set.n);
		cr_expect_eq(set.pending[i], e->data, "%s not deferred",
		    e->name);
		cr_expect_eq(set.v[i].name[0], '\0');
		cr_assert_eq(program_parse(e->name, e->data, &p, &errs), 0);
		cr_expect_str_eq(set.v[i].code, p.code);
		got = programs_find(&set, p.code);
		cr_assert_eq(got, &set.v[i]);
		cr_expect_null(set.pending[i]);
		cr_expect_str_eq(got->name, p.name);
		cr_expect_str_eq(got->version, p.version);
		cr_expect_eq(got->cycle_months, p.cycle_months);
		cr_expect_eq(got->total_hours, p.total_hours);
		cr_expect_eq(got->late_days, p.late_days);
		cr_assert_eq(got->nreqs, p.nreqs, "%s", p.code);
		for (k = 0; k < p.nreqs; k++) {
			cr_expect_str_eq(got->reqs[k].id, p.reqs[k].id);
			cr_expect_eq(got->reqs[k].hours, p.reqs[k].hours);
			cr_expect_eq(got->reqs[k].share, p.reqs[k].share);
		}
		cr_expect_eq(got->ncaps, p.ncaps);
		cr_expect(strncmp(got->origin, "builtin:", 8) == 0 &&
		    strcmp(got->origin + 8, e->name) == 0, "%s", got->origin);
		program_release(&p);
	}
	cr_expect_eq(programs_parse_all(&set, &errs), 0);
	cr_expect_eq(errs.n, 0);
	cr_expect_eq(set.n, ARRAY_SIZE(shipped));
	programs_free(&set);

	/* Nothing found yet: parse_all parses them all, in place. */
	cr_assert_eq(programs_load(&set, NULL, &errs), 0);
	cr_expect_eq(programs_parse_all(&set, &errs), 0);
	for (i = 0; i < set.n; i++) {
		cr_expect_null(set.pending[i]);
		cr_expect_neq(set.v[i].name[0], '\0', "%s", set.v[i].code);
	}
	programs_free(&set);
	errlist_free(&errs);
}

/* Two report threads look packs up in one set at once. */
static int	find_missed;

static void *
find_all(void *arg)
{
	const struct program_set	*set = arg;
	size_t				 i, round;

	for (round = 0; round < 50; round++)
		for (i = 0; i < ARRAY_SIZE(shipped); i++)
			if (programs_find(set, shipped[i]) == NULL)
				__atomic_add_fetch(&find_missed, 1,
				    __ATOMIC_RELAXED);
	return NULL;
}

Test(programs, two_threads_may_find_in_one_set)
{
	struct program_set	 set;
	struct errlist		 errs = { 0 };
	pthread_t		 t;
	size_t			 i;

	cr_assert_eq(programs_load(&set, NULL, &errs), 0);
	cr_assert_eq(pthread_create(&t, NULL, find_all, &set), 0);
	(void)find_all(&set);
	cr_assert_eq(pthread_join(t, NULL), 0);
	cr_expect_eq(find_missed, 0);
	for (i = 0; i < set.n; i++) {
		cr_expect_null(set.pending[i]);
		cr_expect_neq(set.v[i].name[0], '\0');
	}
	programs_free(&set);
	errlist_free(&errs);
}

Test(programs, shipped_values_match_the_research_notes)
{
	struct program_set		 set;
	struct errlist			 errs = { 0 };
	const struct program		*p;
	const struct requirement	*q;

	cr_assert_eq(programs_load(&set, NULL, &errs), 0);

	p = programs_find(&set, "CCM");
	cr_expect_eq(p->total_hours, 8000);
	cr_expect_eq(p->cycle_months, 60);
	cr_expect_eq(p->window_months, 2);
	cr_expect_eq(p->late_days, 30);
	cr_expect_eq(p->deadline, PROG_DEADLINE_ANNIVERSARY);
	cr_expect_eq(p->ndeadline_md, 2);
	cr_expect_eq(p->deadline_md[0], 531);
	cr_expect_eq(p->deadline_md[1], 1130);
	cr_expect(prog_list_has(&p->approvers, "CCMC"));
	cr_expect_eq(p->approvers_any, 0);
	cr_expect_str_eq(p->fees, "renewal by CE $285 (older page: $275), "
	    "by exam $470; late $175");
	q = find_req(p, "ethics");
	cr_expect_eq(q->hours, 800);
	cr_expect_eq(q->counts, REQ_COUNTS_WITHIN);
	cr_expect(prog_list_has(&q->topics, "ethics"));

	p = programs_find(&set, "ACM-RN");
	cr_expect_eq(p->total_hours, 4000);
	cr_expect_eq(p->cycle_months, 48);
	cr_expect_eq(find_req(p, "case-management")->hours, 3000);
	cr_expect(prog_list_has(&p->approvers, "ACMA"));
	cr_expect(prog_list_has(&p->approvers, "NASW"));
	cr_expect(prog_list_has(&p->approvers, "TX-BON"));

	p = programs_find(&set, "CMGT-BC");
	cr_expect_eq(p->total_hours, 7500);
	cr_expect_eq(p->late_days, 0);
	cr_expect_eq(p->conv.semester_centi, 1500);
	cr_expect_eq(p->conv.quarter_centi, 0);

	p = programs_find(&set, "CDMS");
	cr_expect_eq(p->late_days, 90);
	cr_expect_eq(p->window_months, 1);
	cr_expect_eq(p->ndeadline_md, 3);
	cr_expect_eq(find_req(p, "ethics")->hours, 400);

	p = programs_find(&set, "RN-CA");
	cr_expect_eq(p->first_renewal_exempt, 1);
	q = find_req(p, "implicit-bias-new");
	cr_expect_eq(q->renewal, 1);
	cr_expect_eq(q->first_renewal, 1);
	cr_expect_eq(q->hours, 100);

	p = programs_find(&set, "RN-FL");
	cr_expect_eq(p->total_hours, 2400);
	cr_expect_str_eq(p->exempt_attr, "specialty-certified");
	q = find_req(p, "domestic-violence");
	cr_expect_eq(q->every, 3);
	cr_expect_eq(q->counts, REQ_COUNTS_EXTRA);
	cr_expect_eq(find_req(p, "impairment")->every, 2);
	cr_expect_eq(find_req(p, "human-trafficking")->keep_when_exempt, 1);
	cr_expect_eq(find_req(p, "hiv-aids")->renewal, 1);
	cr_expect_str_eq(p->first_renewal_attr, "licensed-by-exam");
	cr_expect_eq(find_req(p, "medical-errors")->first_renewal, 1);

	p = programs_find(&set, "RN-TX");
	cr_expect_eq(p->conv.quarter_centi, 1000);
	cr_expect_str_eq(find_req(p, "human-trafficking")->attr,
	    "direct-care");

	p = programs_find(&set, "RN-NY");
	cr_expect_eq(p->total_hours, 0);
	cr_expect_eq(find_req(p, "infection-control")->lookback_years, 4);

	p = programs_find(&set, "RN-IL");
	cr_expect_eq(p->conv.quarter_centi, 1250);
	cr_expect_eq(p->count_months, 24);
	cr_expect_eq(p->deadline_years, PROG_YEARS_EVEN);

	p = programs_find(&set, "LCSW-IL");
	cr_expect_eq(p->conv.hour_minutes, 50);
	cr_expect_eq(p->conv.semester_centi, 1500);
	cr_expect_eq(p->conv.quarter_centi, 1000);
	q = find_req(p, "supervision");
	cr_expect_eq(q->once, REQ_ONCE_IN_CYCLE);
	cr_expect_eq(q->effective_from, day("2027-11-30"));

	p = programs_find(&set, "LCSW-TX");
	cr_expect_eq(p->carryover_max, 1000);
	q = find_req(p, "listed-providers");
	cr_expect_eq(q->share, 50);
	cr_expect_eq(q->hours, 0);

	p = programs_find(&set, "LCSW-NY");
	cr_expect_eq(p->ncaps, 1);
	cr_expect_eq(p->caps[0].max_hours, 1200);
	cr_expect(prog_list_has(&p->caps[0].formats, "self-study"));
	q = find_req(p, "boundaries");
	cr_expect_eq(q->effective_by, REQ_EFFECTIVE_BY_START);
	cr_expect_eq(find_req(p, "child-abuse")->counts, REQ_COUNTS_OUTSIDE);

	p = programs_find(&set, "LCSW-FL");
	cr_expect_eq(p->caps[0].max_hours, 600);
	cr_expect_eq(p->deadline_years, PROG_YEARS_ODD);

	programs_free(&set);
	errlist_free(&errs);
}

/* One broken pack each: the exact start of its error and how many. */
struct bad_case {
	const char	*file;
	const char	*error;
};

static const struct bad_case bad_cases[] = {
	{ "unknown-key.ini", "unknown-key.ini:14: [program] colour: unknown key" },
	{ "bad-number.ini", "bad-number.ini:14: [program] late_days: '3O' is not valid, expected a whole number" },
	{ "bad-date.ini", "bad-date.ini:19: [req.ethics] effective_from: '2026-02-30' is not a date, expected YYYY-MM-DD" },
	{ "missing-key.ini", "missing-key.ini:3: [program] name: missing, expected" },
	{ "hours-and-share.ini", "hours-and-share.ini:18: [req.ethics] share: given with hours" },
	{ "unknown-section.ini", "unknown-section.ini:15: [requirement.ethics]: unknown section" },
	{ "syntax-error.ini", "syntax-error.ini:14: [program]: syntax error in 'late days 30'" },
	{ "duplicate-key.ini", "duplicate-key.ini:14: [program] cycle_years: key given twice (first at line 10)" },
};

Test(programs, each_broken_pack_names_file_line_section_and_key)
{
	struct program	 p;
	struct errlist	 errs = { 0 };
	char		*path, *text;
	size_t		 i;

	for (i = 0; i < ARRAY_SIZE(bad_cases); i++) {
		path = xasprintf("%s/%s", BAD_DIR, bad_cases[i].file);
		text = slurp(path, NULL);
		cr_expect_eq(program_parse(bad_cases[i].file, text, &p, &errs),
		    -1, "%s accepted", bad_cases[i].file);
		cr_expect_eq(errs.n, 1, "%s: %zu errors", bad_cases[i].file,
		    errs.n);
		if (errs.n > 0) {
			cr_expect(starts(errs.v[0], bad_cases[i].error),
			    "got: %s", errs.v[0]);
			/* Every error says what was expected. */
			cr_expect_not_null(strstr(errs.v[0], "expected"),
			    "%s", errs.v[0]);
		}
		errlist_free(&errs);
		free(text);
		free(path);
	}
}

Test(programs, all_errors_of_a_pack_are_reported_in_line_order)
{
	static const char *const want[] = {
		"several-errors.ini:7: [program] kind: 'badge' is not valid",
		"several-errors.ini:8: [program] version: '2026-13-01' is not a date",
		"several-errors.ini:11: [program] total_hours: 'twenty' is not valid",
		"several-errors.ini:13: [program] hour_minutes: '45' is not valid, expected 60 or 50",
		"several-errors.ini:15: [req.ethics] label: missing",
		"several-errors.ini:17: [req.ethics] once: 'perhaps' is not valid, expected yes (a course at any date counts), in-cycle (counted in the cycle where it is first owed) or no",
		"several-errors.ini:18: [req.ethics] topics: empty item",
		"several-errors.ini:20: [cap.self-study] topics: missing",
		"several-errors.ini:24: [extras]: unknown section",
	};
	struct program	 p;
	struct errlist	 errs = { 0 };
	char		*text;
	size_t		 i;

	text = slurp(BAD_DIR "/several-errors.ini", NULL);
	cr_assert_eq(program_parse("several-errors.ini", text, &p, &errs), -1);
	cr_assert_eq(errs.n, ARRAY_SIZE(want), "%zu errors", errs.n);
	for (i = 0; i < ARRAY_SIZE(want); i++)
		cr_expect(starts(errs.v[i], want[i]), "error %zu: got %s", i,
		    errs.v[i]);
	/* A refused pack leaves nothing to free. */
	cr_expect_null(p.reqs);
	cr_expect_null(p.caps);
	errlist_free(&errs);
	free(text);
}

Test(programs, inline_problems_are_reported_with_their_lines)
{
	static const struct {
		const char	*extra;
		const char	*error;
	} cases[] = {
		{ "cycle_months = 24\n", "inline.ini:11: [program] cycle_months: given with cycle_years" },
		{ "window_months = 2\nwindow_days = 30\n", "inline.ini:12: [program] window_days: given with window_months" },
		{ "deadline = fixed\n", "inline.ini:1: [program] deadline_dates: missing" },
		{ "deadline_years = odd\n", "inline.ini:11: [program] deadline_years: only with deadline = fixed" },
		{ "deadline = fixed\ndeadline_dates = 02-29\n", "inline.ini:12: [program] deadline_dates: '02-29' is not valid" },
		{ "deadline = fixed\ndeadline_dates = 5-31\n", "inline.ini:12: [program] deadline_dates: '5-31' is not valid" },
		{ "late_days = -1\n", "inline.ini:11: [program] late_days: '-1' is not valid" },
		{ "late_days = 0x10\n", "inline.ini:11: [program] late_days: '0x10' is not valid" },
		{ "approvers = CCMC\n", "inline.ini:11: [program] approvers: key given twice" },
		{ "exempt_attr = has space\n", "inline.ini:11: [program] exempt_attr: 'has space' is not valid" },
		/* "no-" denies an attribute on a credential: not a name. */
		{ "exempt_attr = no-board\n", "inline.ini:11: [program] exempt_attr: 'no-board' is not valid, expected an attribute of a-z, 0-9 and '-', at most 28 characters, not starting with 'no-'" },
		{ "\n[req.x]\nlabel = X\nhours = 1\nattr = abcdefghijklmnopqrstuvwxyz123\n", "inline.ini:15: [req.x] attr: 'abcdefghijklmnopqrstuvwxyz123' is not valid" },
		{ "\n[req.x]\nlabel = X\n", "inline.ini:12: [req.x] hours: missing, expected hours = H or share = PERCENT" },
		{ "\n[req.x]\nlabel = X\nshare = 101\n", "inline.ini:14: [req.x] share: '101' is not valid" },
		{ "\n[req.x]\nlabel = X\nhours = 1\ncounts = outside\n", "inline.ini:15: [req.x] counts: outside needs topics" },
		{ "\n[req.x]\nlabel = X\nhours = 1\nevery = 2\nrenewal = 1\n", "inline.ini:16: [req.x] renewal: given with every" },
		{ "\n[req.x]\nlabel = X\nhours = 1\nformats = webinar\n", "inline.ini:15: [req.x] formats: 'webinar' is not valid" },
		{ "\n[req.x]\nlabel = X\nhours = 1\neffective_from = 2025-01-01\neffective_to = 2024-12-31\n", "inline.ini:16: [req.x] effective_to: before effective_from" },
		{ "\n[req.x]\nlabel = X\nhours = 1\nonce = yes\nlookback_years = 4\n", "inline.ini:16: [req.x] lookback_years: given with once = yes" },
		{ "\n[req.Bad_Id]\nlabel = X\nhours = 1\n", "inline.ini:12: [req.bad_id]: bad ID" },
		{ "\n[cap.x]\nlabel = X\nmax_hours = 6\n", "inline.ini:12: [cap.x] topics: missing" },
		{ "\n[program]\nnote = again\n", "inline.ini:12: [program]: section given twice (first at line 1)" },
	};
	struct program	 p;
	struct errlist	 errs = { 0 };
	char		*text;
	size_t		 i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		text = xasprintf(MINIMAL "%s", cases[i].extra);
		cr_expect_eq(program_parse("inline.ini", text, &p, &errs), -1,
		    "case %zu accepted", i);
		cr_expect_eq(errs.n, 1, "case %zu: %zu errors", i, errs.n);
		if (errs.n > 0)
			cr_expect(starts(errs.v[0], cases[i].error),
			    "case %zu: got %s", i, errs.v[0]);
		errlist_free(&errs);
		free(text);
	}
}

Test(programs, hours_with_three_decimals_are_refused)
{
	struct program	 p;
	struct errlist	 errs = { 0 };
	const char	*want = "inline.ini:9: [program] total_hours: '1.555' "
	    "is not valid";

	cr_assert_eq(program_parse("inline.ini", "[program]\ncode = demo\n"
	    "name = D\nissuer = E\nkind = certification\n"
	    "version = 2026-01-15\nsource = https://example.org/d\n"
	    "cycle_years = 2\ntotal_hours = 1.555\napprovers = *\n", &p,
	    &errs), -1);
	cr_assert_eq(errs.n, 1);
	cr_expect(starts(errs.v[0], want), "got %s", errs.v[0]);
	errlist_free(&errs);
}

Test(programs, defaults_fill_what_a_minimal_pack_leaves_out)
{
	struct program	p;

	parse_ok(MINIMAL "\n[req.x]\nlabel = X\nhours = 1.5\n", &p);
	cr_expect_str_eq(p.code, "DEMO");
	cr_expect_str_eq(p.origin, "inline.ini");
	cr_expect_eq(p.cycle_months, 24);
	cr_expect_eq(p.total_hours, 2000);
	cr_expect_eq(p.conv.hour_minutes, 60);
	cr_expect_eq(p.conv.ceu_centi, 1000);
	cr_expect_eq(p.conv.semester_centi, 0);
	cr_expect_eq(p.conv.quarter_centi, 0);
	cr_expect_eq(p.approvers_any, 1);
	cr_expect_eq(p.deadline, PROG_DEADLINE_ANNIVERSARY);
	cr_expect_eq(p.deadline_years, PROG_YEARS_ANY);
	cr_expect_eq(p.window_months, 0);
	cr_expect_eq(p.window_days, 0);
	cr_expect_eq(p.late_days, 0);
	cr_expect_eq(p.count_months, 0);
	cr_expect_eq(p.carryover_max, 0);
	cr_expect_eq(p.first_renewal_exempt, 0);
	cr_expect_eq(p.at_risk_days, 0);
	cr_expect_str_eq(p.jurisdiction, "");
	cr_assert_eq(p.nreqs, 1);
	cr_expect_eq(p.reqs[0].hours, 150);
	cr_expect_eq(p.reqs[0].counts, REQ_COUNTS_WITHIN);
	cr_expect_eq(p.reqs[0].first_renewal, 0);
	cr_expect_eq(p.reqs[0].effective_from, PROG_NO_DATE);
	cr_expect_eq(p.reqs[0].effective_to, PROG_NO_DATE);
	cr_expect_eq(p.reqs[0].effective_by, REQ_EFFECTIVE_BY_END);
	cr_expect_eq(p.reqs[0].line, 12);
	program_release(&p);
}

/*
 * A CEU is 600 minutes in the program's own hours unless the pack sets
 * ceu_hours: 12 h of 50 minutes (68 IAC 1470.95(a)(5); CEU = 10 contact
 * hours, ce-rules.md S18), and ceu_hours still wins when given.
 */
Test(programs, ceu_default_follows_the_hour_length)
{
	struct program	p;

	parse_ok(MINIMAL "hour_minutes = 50\n", &p);
	cr_expect_eq(p.conv.ceu_centi, 1200);
	program_release(&p);
	parse_ok(MINIMAL "hour_minutes = 50\nceu_hours = 10\n", &p);
	cr_expect_eq(p.conv.ceu_centi, 1000);
	program_release(&p);
	parse_ok(MINIMAL "hour_minutes = 60\n", &p);
	cr_expect_eq(p.conv.ceu_centi, 1000);
	program_release(&p);
	parse_ok(MINIMAL "hour_minutes = 50\nceu_hours = 0\n", &p);
	cr_expect_eq(p.conv.ceu_centi, 0);
	program_release(&p);
}

Test(programs, every_key_and_spelling_variant_is_read)
{
	struct program			 p;
	const struct requirement	*q;
	char				*text;

	text = slurp(GOOD_DIR "/demo.ini", NULL);
	parse_ok(text, &p);
	free(text);
	cr_expect_str_eq(p.code, "DEMO-CM");
	cr_expect_str_eq(p.kind, "license");
	cr_expect_str_eq(p.jurisdiction, "TX");
	cr_expect_str_eq(p.source,
	    "https://example.org/demo/rules, http://example.org/demo/fees");
	cr_expect_str_eq(p.fees, "renewal $100; late $50");
	cr_expect_str_eq(p.note, "A fictional program used in tests.");
	cr_expect_eq(p.cycle_months, 36);
	cr_expect_eq(p.deadline, PROG_DEADLINE_FIXED);
	cr_expect_eq(p.deadline_years, PROG_YEARS_EVEN);
	cr_expect_eq(p.total_hours, 4550);
	cr_expect_eq(p.conv.hour_minutes, 50);
	cr_expect_eq(p.conv.ceu_centi, 1200);
	cr_expect_eq(p.conv.quarter_centi, 1250);
	cr_expect(prog_list_has(&p.approvers, "EXB"));
	cr_expect_str_eq(p.approvers.v[0], "EXB");
	cr_expect_eq(p.window_days, 45);
	cr_expect_eq(p.late_days, 14);
	cr_expect_eq(p.count_months, 30);
	cr_expect_eq(p.carryover_max, 725);
	cr_expect_eq(p.first_renewal_exempt, 1);
	cr_expect_str_eq(p.exempt_attr, "board-certified");
	cr_expect_eq(p.at_risk_days, 120);
	cr_expect_str_eq(p.unchecked, "Half of the hours live in the first "
	    "cycle only; not checked.");

	q = find_req(&p, "ethics");
	cr_expect_eq(q->topics.n, 2);
	cr_expect_eq(q->formats.n, 2);
	cr_expect_eq(q->every, 2);
	cr_expect_eq(q->once, 0);
	cr_expect_eq(q->lookback_years, 4);
	cr_expect_eq(q->first_renewal, 1);
	cr_expect_eq(q->keep_when_exempt, 1);
	cr_expect_str_eq(q->attr, "direct-care");
	cr_expect_str_eq(q->unless_attr, "emeritus");
	cr_expect_eq(q->effective_from, day("2024-01-01"));
	cr_expect_eq(q->effective_to, day("2030-12-31"));
	cr_expect_eq(q->effective_by, REQ_EFFECTIVE_BY_START);
	cr_expect_str_eq(q->note, "Ethics for the demonstration.");
	cr_expect_str_eq(q->unchecked, "Ethics owed within a year of "
	    "licensure.");
	q = find_req(&p, "half-live");
	cr_expect_eq(q->share, 50);
	cr_expect_eq(q->renewal, 2);
	cr_expect_eq(q->once, 1);
	cr_expect_eq(find_req(&p, "trafficking")->counts, REQ_COUNTS_EXTRA);
	cr_expect_eq(find_req(&p, "child-abuse")->once, 1);
	cr_assert_eq(p.ncaps, 1);
	cr_expect_str_eq(p.caps[0].id, "self-study");
	cr_expect_eq(p.caps[0].max_hours, 1000);
	cr_expect_eq(p.caps[0].approvers.n, 1);
	program_release(&p);
}

Test(programs, booleans_accept_exactly_yes_no_true_false_1_0)
{
	static const struct {
		const char	*v;
		int		 ok, want;
	} cases[] = {
		{ "yes", 1, 1 }, { "Yes", 1, 1 }, { "true", 1, 1 },
		{ "1", 1, 1 }, { "no", 1, 0 }, { "FALSE", 1, 0 },
		{ "0", 1, 0 }, { "y", 0, 0 }, { "yellow", 0, 0 },
		{ "on", 0, 0 }, { "2", 0, 0 }, { "", 0, 0 },
	};
	struct program	 p;
	struct errlist	 errs = { 0 };
	char		*text;
	size_t		 i;
	int		 rc;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		text = xasprintf(MINIMAL "[req.x]\nlabel = X\nhours = 1\n"
		    "once = %s\n", cases[i].v);
		rc = program_parse("inline.ini", text, &p, &errs);
		cr_expect_eq(rc, cases[i].ok ? 0 : -1, "'%s'", cases[i].v);
		if (rc == 0) {
			cr_expect_eq(p.reqs[0].once, cases[i].want, "'%s'",
			    cases[i].v);
			program_release(&p);
		}
		errlist_free(&errs);
		free(text);
	}
}

Test(programs, syntax_errors_are_captured_not_printed,
    .init = cr_redirect_stderr)
{
	struct program	 p;
	struct errlist	 errs = { 0 };

	cr_assert_eq(program_parse("inline.ini", MINIMAL "oops\n[req.x\n",
	    &p, &errs), -1);
	cr_assert_eq(errs.n, 2);
	cr_expect_str_eq(errs.v[0], "inline.ini:11: [program]: syntax error "
	    "in 'oops', expected key = value, a [section] header or a ; "
	    "comment");
	cr_expect_str_eq(errs.v[1], "inline.ini:12: [program]: syntax error "
	    "in '[req.x', expected key = value, a [section] header or a ; "
	    "comment");
	errlist_free(&errs);

	/* The callback is reset: a good pack parses afterwards. */
	parse_ok(MINIMAL, &p);
	program_release(&p);
	fflush(stderr);
	cr_expect_stderr_eq_str("");
}

Test(programs, a_line_longer_than_iniparser_reads_is_an_error)
{
	struct program	 p;
	struct errlist	 errs = { 0 };
	char		 note[1101];
	char		*text;

	memset(note, 'x', sizeof(note) - 1);
	note[sizeof(note) - 1] = '\0';
	text = xasprintf(MINIMAL "note = %s\n", note);
	cr_assert_eq(program_parse("inline.ini", text, &p, &errs), -1);
	cr_assert_eq(errs.n, 1);
	cr_expect_str_eq(errs.v[0], "inline.ini:11: [program]: line too long, "
	    "expected at most 1023 characters");
	errlist_free(&errs);
	free(text);
}

/*
 * iniparser drops a last line that continues past the end of the text;
 * the key it held must not be taken for an empty value (found by
 * tests/fuzz/fuzz_inifile.c).
 */
Test(programs, a_last_line_continued_past_the_end_is_an_error)
{
	struct program	 p;
	struct errlist	 errs = { 0 };

	cr_assert_eq(program_parse("inline.ini", MINIMAL "note = A course "
	    "list. \\\n", &p, &errs), -1);
	cr_assert_eq(errs.n, 1);
	cr_expect_str_eq(errs.v[0], "inline.ini:11: [program]: continued (ends "
	    "with a backslash) past the end of the file, expected a line "
	    "after it or no backslash");
	errlist_free(&errs);

	/* A comment may end so: iniparser and the scan both drop it. */
	parse_ok(MINIMAL "; see C:\\packs\\", &p);
	program_release(&p);
}

Test(programs, a_byte_order_mark_and_crlf_lines_are_accepted)
{
	struct program	 p;
	const char	*s;
	char		*text, *d;

	/* MINIMAL with CRLF line ends, after a UTF-8 byte-order mark. */
	text = xmalloc(3 + 2 * sizeof(MINIMAL));
	memcpy(text, "\xef\xbb\xbf", 3);
	for (s = MINIMAL, d = text + 3; *s != '\0'; s++) {
		if (*s == '\n')
			*d++ = '\r';
		*d++ = *s;
	}
	*d = '\0';
	parse_ok(text, &p);
	cr_expect_str_eq(p.code, "DEMO");
	cr_expect_str_eq(p.name, "Demonstration Certificate");
	program_release(&p);
	free(text);
}

Test(programs, a_key_outside_any_section_is_an_error)
{
	struct program	 p;
	struct errlist	 errs = { 0 };

	cr_assert_eq(program_parse("inline.ini", "code = X\n" MINIMAL, &p,
	    &errs), -1);
	cr_assert_eq(errs.n, 1);
	cr_expect_str_eq(errs.v[0], "inline.ini:1: code: key outside any "
	    "section, expected it below a [section] header");
	errlist_free(&errs);
}

Test(programs, an_empty_pack_needs_a_program_section)
{
	struct program	 p;
	struct errlist	 errs = { 0 };

	cr_assert_eq(program_parse("empty.ini", "; nothing\n", &p, &errs), -1);
	cr_assert_eq(errs.n, 1);
	cr_expect(starts(errs.v[0], "empty.ini:1: [program]: missing"),
	    "got %s", errs.v[0]);
	errlist_free(&errs);
}

Test(programs, a_directory_overrides_and_extends_and_refuses_broken_packs)
{
	struct program_set	 set;
	struct errlist		 errs = { 0 };
	const struct program	*p;
	char			 dir[] = "/tmp/cetrack-test-programs-XXXXXX";
	char			*want;

	cr_assert_not_null(mkdtemp(dir));
	copy_file(GOOD_DIR "/ccm.ini", dir, "ccm.ini");
	copy_file(GOOD_DIR "/demo.ini", dir, "demo.ini");
	copy_file(BAD_DIR "/unknown-key.ini", dir, "broken.ini");
	copy_file(GOOD_DIR "/demo.ini", dir, "not-a-pack.txt");

	cr_assert_eq(programs_load(&set, dir, &errs), 1);
	cr_assert_eq(errs.n, 1);
	want = xasprintf("%s/broken.ini:14: [program] colour: unknown key",
	    dir);
	cr_expect(starts(errs.v[0], want), "got %s", errs.v[0]);
	free(want);

	/* The 17 built-ins, one of them replaced, plus the new one. */
	cr_expect_eq(set.n, ARRAY_SIZE(shipped) + 1);
	p = programs_find(&set, "CCM");
	cr_assert_not_null(p);
	cr_expect_eq(p->late_days, 90);
	cr_expect_str_eq(p->name, "Certified Case Manager (local copy)");
	want = xasprintf("%s/ccm.ini", dir);
	cr_expect_str_eq(p->origin, want);
	free(want);
	cr_expect_not_null(programs_find(&set, "DEMO-CM"));
	cr_expect_null(programs_find(&set, "DEMO-BAD"));
	cr_expect_str_eq(programs_find(&set, "RN-CA")->origin,
	    "builtin:rn-ca.ini");
	programs_free(&set);
	errlist_free(&errs);

	/* Two files in the directory with one code: the second is refused. */
	copy_file(GOOD_DIR "/demo.ini", dir, "demo-copy.ini");
	cr_assert_eq(programs_load(&set, dir, &errs), 2);
	cr_assert_eq(errs.n, 2);
	want = xasprintf("%s/demo.ini:6: [program] code: DEMO-CM is already "
	    "defined by %s/demo-copy.ini", dir, dir);
	cr_expect(starts(errs.v[1], want), "got %s", errs.v[1]);
	free(want);
	programs_free(&set);
	errlist_free(&errs);

	remove_dir(dir);
}

Test(programs, a_missing_directory_is_fine_and_an_unreadable_one_is_not)
{
	struct program_set	set;
	struct errlist		errs = { 0 };

	cr_expect_eq(programs_load(&set, "/nonexistent/cetrack/programs",
	    &errs), 0);
	cr_expect_eq(errs.n, 0);
	cr_expect_eq(set.n, ARRAY_SIZE(shipped));
	programs_free(&set);

	/* A file where a directory should be cannot be read as one. */
	cr_expect_eq(programs_load(&set, GOOD_DIR "/ccm.ini", &errs), -1);
	cr_assert_eq(errs.n, 1);
	cr_expect_not_null(strstr(errs.v[0], "cannot read"));
	cr_expect_eq(set.n, ARRAY_SIZE(shipped), "built-ins stay loaded");
	programs_free(&set);
	errlist_free(&errs);
}

Test(programs, next_valid_through_follows_anniversary_and_fixed_dates)
{
	static const struct {
		const char	*code, *from, *want;
	} cases[] = {
		{ "CCM", "2027-05-31", "2032-05-31" },
		{ "CCM", "2027-11-30", "2032-11-30" },
		{ "CCM", "2028-02-29", "2033-02-28" },	/* leap day */
		{ "CCM", "2027-02-28", "2032-02-28" },	/* stays the 28th */
		{ "RN-CA", "2024-02-29", "2026-02-28" },
		{ "ACM-RN", "2026-08-15", "2030-08-15" },
		{ "LCSW-PA", "2027-02-28", "2029-02-28" },
		{ "LCSW-IL", "2027-11-30", "2029-11-30" },
		{ "LCSW-FL", "2025-03-31", "2027-03-31" },
		{ "RN-IL", "2026-05-31", "2028-05-31" },
		/* Off the calendar: the next deadline a full cycle later. */
		{ "LCSW-PA", "2027-06-15", "2031-02-28" },
		{ "LCSW-IL", "2026-11-30", "2029-11-30" },
	};
	struct program_set	 set;
	struct errlist		 errs = { 0 };
	char			 buf[DATE_BUFSZ];
	size_t			 i;
	int			 got;

	cr_assert_eq(programs_load(&set, NULL, &errs), 0);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		got = program_next_valid_through(programs_find(&set,
		    cases[i].code), day(cases[i].from));
		cr_expect_eq(got, day(cases[i].want), "%s %s: got %s",
		    cases[i].code, cases[i].from, date_format(got, buf));
	}
	programs_free(&set);
}

Test(programs, first_deadline_is_the_next_fixed_date_after_from)
{
	static const struct {
		const char	*code, *from, *want;
	} cases[] = {
		{ "LCSW-PA", "2026-11-24", "2027-02-28" },
		{ "LCSW-PA", "2027-02-27", "2027-02-28" },
		{ "LCSW-PA", "2027-02-28", "2029-02-28" },	/* after, not on */
		{ "LCSW-IL", "2026-01-01", "2027-11-30" },
		{ "LCSW-IL", "2027-12-01", "2029-11-30" },
		{ "LCSW-FL", "2026-04-01", "2027-03-31" },
		{ "RN-IL", "2026-05-30", "2026-05-31" },
		{ "RN-IL", "2026-05-31", "2028-05-31" },
		{ "RN-IL", "2027-01-01", "2028-05-31" },
	};
	struct program_set	 set;
	struct errlist		 errs = { 0 };
	struct program		 p;
	char			 buf[DATE_BUFSZ];
	size_t			 i;
	int			 got;

	cr_assert_eq(programs_load(&set, NULL, &errs), 0);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		got = program_first_deadline(programs_find(&set,
		    cases[i].code), day(cases[i].from));
		cr_expect_eq(got, day(cases[i].want), "%s %s: got %s",
		    cases[i].code, cases[i].from, date_format(got, buf));
	}
	/* Anniversary programs have none: the user gives the date. */
	cr_expect_eq(program_first_deadline(programs_find(&set, "CCM"),
	    day("2026-01-01")), -1);
	programs_free(&set);

	/* Several dates a year: the earliest one still ahead. */
	parse_ok(MINIMAL "deadline = fixed\ndeadline_dates = 09-30, 03-31\n",
	    &p);
	cr_expect_eq(program_first_deadline(&p, day("2026-04-01")),
	    day("2026-09-30"));
	cr_expect_eq(program_first_deadline(&p, day("2026-10-01")),
	    day("2027-03-31"));
	cr_expect_eq(program_next_valid_through(&p, day("2026-03-31")),
	    day("2028-03-31"));
	program_release(&p);
}

/* A new credential's cycle when only its valid-through date is given. */
Test(programs, cycle_start_is_the_day_after_one_cycle_back)
{
	static const struct {
		const char	*code, *vt, *want;
	} cases[] = {
		{ "CCM", "2027-05-31", "2022-06-01" },		/* 60 months */
		{ "CCM", "2027-11-30", "2022-12-01" },
		{ "RN-CA", "2026-07-13", "2024-07-14" },	/* 24 months */
		{ "RN-CA", "2026-02-28", "2024-02-29" },	/* into a leap year */
		{ "RN-CA", "2028-02-29", "2026-03-01" },	/* out of one */
		{ "LCSW-IL", "2027-11-30", "2025-12-01" },
	};
	struct program_set	 set;
	struct errlist		 errs = { 0 };
	char			 buf[DATE_BUFSZ];
	size_t			 i;
	int			 got;

	cr_assert_eq(programs_load(&set, NULL, &errs), 0);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		got = program_cycle_start(programs_find(&set, cases[i].code),
		    day(cases[i].vt));
		cr_expect_eq(got, day(cases[i].want), "%s %s: got %s",
		    cases[i].code, cases[i].vt, date_format(got, buf));
	}
	programs_free(&set);
}

/* What `cred add`, `import` and `demo` accept as a valid-through date. */
Test(programs, is_deadline_and_next_deadline_follow_the_listed_dates)
{
	static const struct {
		const char	*code, *day;
		int		 is;
		const char	*next;	/* from day; NULL: day itself */
	} cases[] = {
		/* Anniversary, but the board uses only May 31 and Nov 30. */
		{ "CCM", "2027-05-31", 1, NULL },
		{ "CCM", "2027-11-30", 1, NULL },
		{ "CCM", "2027-05-30", 0, "2027-05-31" },
		{ "CCM", "2027-06-01", 0, "2027-11-30" },
		{ "CCM", "2027-12-01", 0, "2028-05-31" },
		/* Fixed, even years only. */
		{ "RN-IL", "2026-05-31", 1, NULL },
		{ "RN-IL", "2027-05-31", 0, "2028-05-31" },
		{ "RN-IL", "2026-06-01", 0, "2028-05-31" },
		/* Fixed, odd years only. */
		{ "LCSW-FL", "2027-03-31", 1, NULL },
		{ "LCSW-FL", "2026-03-31", 0, "2027-03-31" },
		{ "LCSW-FL", "2027-04-01", 0, "2029-03-31" },
		/* No dates listed: any day. */
		{ "RN-CA", "2026-07-13", 1, NULL },
		{ "ACM-RN", "2028-02-29", 1, NULL },
	};
	struct program_set	 set;
	struct errlist		 errs = { 0 };
	const struct program	*p;
	char			 buf[DATE_BUFSZ];
	size_t			 i;
	int			 d, got;

	cr_assert_eq(programs_load(&set, NULL, &errs), 0);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		cr_assert_not_null(p = programs_find(&set, cases[i].code));
		d = day(cases[i].day);
		cr_expect_eq(program_is_deadline(p, d), cases[i].is, "%s %s",
		    cases[i].code, cases[i].day);
		got = program_next_deadline(p, d);
		cr_expect_eq(got, day(cases[i].next != NULL ? cases[i].next :
		    cases[i].day), "%s %s: next %s", cases[i].code,
		    cases[i].day, date_format(got, buf));
	}
	programs_free(&set);
}

/* A date no search reaches: the caller's message has no "next". */
Test(programs, next_deadline_is_minus_one_when_none_is_near)
{
	struct program	p;

	memset(&p, 0, sizeof(p));
	p.deadline = PROG_DEADLINE_FIXED;
	p.deadline_md[0] = 1301;	/* no such month: never a deadline */
	p.ndeadline_md = 1;
	cr_expect_eq(program_is_deadline(&p, day("2027-01-13")), 0);
	cr_expect_eq(program_next_deadline(&p, day("2027-01-01")), -1);
}

Test(programs, accepts_activities_approved_by_a_listed_body)
{
	struct program_set	 set;
	struct errlist		 errs = { 0 };
	struct activity		 a;

	cr_assert_eq(programs_load(&set, NULL, &errs), 0);
	memset(&a, 0, sizeof(a));
	cet_strlcpy(a.title, "Ethics in case management (Dana Reyes, RN, "
	    "CCM)", sizeof(a.title));
	cr_expect_eq(program_accepts(programs_find(&set, "CCM"), &a), 0,
	    "no approval at all");
	cr_expect_eq(program_accepts(programs_find(&set, "RN-FL"), &a), 1,
	    "RN-FL accepts any activity");

	cet_strlcpy(a.approvals[0].body, "ANCC", sizeof(a.approvals[0].body));
	a.napprovals = 1;
	cr_expect_eq(program_accepts(programs_find(&set, "CCM"), &a), 0);
	cr_expect_eq(program_accepts(programs_find(&set, "CMGT-BC"), &a), 1);
	cr_expect_eq(program_accepts(programs_find(&set, "ACM-SW"), &a), 1);

	cet_strlcpy(a.approvals[1].body, "ccmc", sizeof(a.approvals[1].body));
	a.napprovals = 2;
	cr_expect_eq(program_accepts(programs_find(&set, "CCM"), &a), 1);
	cr_expect_eq(program_accepts(programs_find(&set, "CDMS"), &a), 0);
	programs_free(&set);
}

Test(programs, list_lookup_is_exact_and_case_insensitive)
{
	struct prog_list	l;

	memset(&l, 0, sizeof(l));
	cet_strlcpy(l.v[0], "ethics", sizeof(l.v[0]));
	cet_strlcpy(l.v[1], "CA-BRN", sizeof(l.v[1]));
	l.n = 2;
	cr_expect_eq(prog_list_has(&l, "ethics"), 1);
	cr_expect_eq(prog_list_has(&l, "ETHICS"), 1);
	cr_expect_eq(prog_list_has(&l, "ca-brn"), 1);
	cr_expect_eq(prog_list_has(&l, "ethic"), 0);
	cr_expect_eq(prog_list_has(&l, "ethics2"), 0);
	cr_expect_eq(prog_list_has(&l, "CA"), 0);
	cr_expect_eq(prog_list_has(&l, ""), 0);
}

Test(programs, long_values_and_lists_are_bounded)
{
	struct program	 p;
	struct errlist	 errs = { 0 };
	char		*text, *many;
	size_t		 i;

	/* 17 approvers: one more than a list holds. */
	many = xstrdup("A0");
	for (i = 1; i <= PROG_LIST_MAX; i++) {
		text = xasprintf("%s, A%zu", many, i);
		free(many);
		many = text;
	}
	text = xasprintf("[program]\ncode = demo\nname = D\nissuer = E\n"
	    "kind = certification\nversion = 2026-01-15\n"
	    "source = https://example.org/d\ncycle_years = 2\n"
	    "total_hours = 20\napprovers = %s\n", many);
	cr_assert_eq(program_parse("inline.ini", text, &p, &errs), -1);
	cr_assert_eq(errs.n, 1);
	cr_expect(starts(errs.v[0], "inline.ini:10: [program] approvers: "
	    "more than 16 items"), "got %s", errs.v[0]);
	errlist_free(&errs);
	free(text);
	free(many);

	/* A code of 24 characters is one too many. */
	text = xasprintf("[program]\ncode = ABCDEFGHIJKLMNOPQRSTUVWX\n"
	    "name = D\nissuer = E\nkind = certification\n"
	    "version = 2026-01-15\nsource = https://example.org/d\n"
	    "cycle_years = 2\ntotal_hours = 20\napprovers = *\n");
	cr_assert_eq(program_parse("inline.ini", text, &p, &errs), -1);
	cr_assert_eq(errs.n, 1);
	cr_expect(starts(errs.v[0], "inline.ini:2: [program] code: "
	    "'ABCDEFGHIJKLMNOPQRSTUVWX' is not valid"), "got %s", errs.v[0]);
	errlist_free(&errs);
	free(text);

	/* A source that is not a URL. */
	text = xasprintf("[program]\ncode = demo\nname = D\nissuer = E\n"
	    "kind = certification\nversion = 2026-01-15\n"
	    "source = https://example.org/d, the board's site\n"
	    "cycle_years = 2\ntotal_hours = 20\napprovers = *\n");
	cr_assert_eq(program_parse("inline.ini", text, &p, &errs), -1);
	cr_assert_eq(errs.n, 1);
	cr_expect(starts(errs.v[0], "inline.ini:7: [program] source: "
	    "'the board's site' is not valid"), "got %s", errs.v[0]);
	errlist_free(&errs);
	free(text);
}
