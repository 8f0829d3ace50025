/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target for the eligibility-pack parser (lib/rules/
 * eligibility.h elig_pack_parse): the INI files a user drops into the
 * eligibility folder of [programs] dir, read by `cetrack eligibility` and
 * `cetrack check`.
 *
 * A pack that is refused says why, each problem on one line starting with
 * the file's name; a pack that is accepted is then checked as the command
 * checks it, against a person with a license, a degree, an ongoing and an
 * ended job, a course and a log of supervision, on three days, so that a value the parser let
 * through cannot break the check: every route and requirement result is
 * sound (have and need not negative, a date only when not met).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "base/date.h"
#include "base/util.h"
#include "rules/eligibility.h"

#define FUZZ_ORIGIN	"fuzz.ini"

static void
fuzz_use(const struct elig_pack *p)
{
	struct credential	cred;
	struct cycle		cy;
	struct education	edu;
	struct experience	exp[2];
	struct exam_sat		exam;
	struct activity		act;
	struct exp_log		logs[3];
	struct elig_input	in;
	struct elig_result	r;
	size_t			i, j;
	int			k;

	memset(&cred, 0, sizeof(cred));
	cred.id = 1;
	(void)cet_strlcpy(cred.program, "RN-CA", sizeof(cred.program));
	cred.status = CRED_ACTIVE;
	cred.has_issued = 1;
	(void)date_from_ymd(2019, 8, 1, &cred.issued);
	memset(&cy, 0, sizeof(cy));
	cy.id = 1;
	(void)date_from_ymd(2025, 9, 1, &cy.start);
	(void)date_from_ymd(2027, 8, 31, &cy.valid_through);
	memset(&edu, 0, sizeof(edu));
	(void)cet_strlcpy(edu.level, "bachelor", sizeof(edu.level));
	(void)cet_strlcpy(edu.field, "nursing", sizeof(edu.field));
	(void)date_from_ymd(2019, 5, 18, &edu.conferred);
	memset(exp, 0, sizeof(exp));
	(void)date_from_ymd(2025, 9, 1, &exp[0].start);
	exp[0].end = -1;
	exp[0].per_week = 4000;
	exp[0].total = -1;
	exp[0].case_management = exp[0].supervised = 1;
	exp[0].paid = 1;
	(void)cet_strlcpy(exp[0].supervisor_cred, "CCM",
	    sizeof(exp[0].supervisor_cred));
	(void)cet_strlcpy(exp[0].tags, "transitions,leaves-and-benefits",
	    sizeof(exp[0].tags));
	(void)date_from_ymd(2020, 1, 1, &exp[1].start);
	(void)date_from_ymd(2022, 6, 30, &exp[1].end);
	exp[1].per_week = -1;
	exp[1].total = 300000;
	exp[1].paid = -1;
	memset(&exam, 0, sizeof(exam));
	(void)cet_strlcpy(exam.exam, "NCLEX-RN", sizeof(exam.exam));
	(void)date_from_ymd(2019, 7, 1, &exam.day);
	exam.pass = 1;
	memset(&act, 0, sizeof(act));
	(void)date_from_ymd(2025, 3, 1, &act.date);
	act.amount.unit = HOURS_UNIT_HOUR;
	act.amount.centi = 1500;
	(void)cet_strlcpy(act.topics[0].topic, "case-management",
	    sizeof(act.topics[0].topic));
	act.topics[0].centi = -1;
	act.ntopics = 1;

	memset(logs, 0, sizeof(logs));
	for (k = 0; k < 3; k++) {
		(void)date_from_ymd(2021, 1 + 4 * k, 15, &logs[k].day);
		logs[k].hours = 4000;
		logs[k].sup_minutes = k == 2 ? 0 : 600 * (k + 1);
		(void)cet_strlcpy(logs[k].format, k == 0 ? "individual" :
		    k == 1 ? "group" : "", sizeof(logs[k].format));
	}
	memset(&in, 0, sizeof(in));
	in.logs = logs;
	in.nlogs = 3;
	in.creds = &cred;
	in.cycles = &cy;
	in.ncreds = 1;
	in.edu = &edu;
	in.nedu = 1;
	in.exp = exp;
	in.nexp = 2;
	in.exams = &exam;
	in.nexams = 1;
	in.acts = &act;
	in.nacts = 1;
	for (k = 0; k < 3; k++) {
		(void)date_from_ymd(2016 + 5 * k, 6, 30, &in.as_of);
		FUZZ_CHECK(elig_check(p, &in, &r) == 0);
		FUZZ_CHECK(r.nroutes <= p->nroutes);
		for (i = 0; i < r.nroutes; i++)
			for (j = 0; j < r.routes[i].nreqs; j++) {
				const struct elig_req_result *q =
				    &r.routes[i].reqs[j];

				FUZZ_CHECK(q->have >= 0 && q->need >= 0);
				FUZZ_CHECK(q->earliest < 0 ||
				    (q->state == ELIG_NOT_MET &&
				    q->earliest > in.as_of));
			}
		FUZZ_CHECK(!r.eligible || r.earliest == -1);
		elig_result_free(&r);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct elig_pack p;
	struct errlist	 errs = { NULL, 0 };
	char		*text;
	size_t		 i;

	text = fuzz_str(data, len);
	if (elig_pack_parse(FUZZ_ORIGIN, text, &p, &errs) == 0) {
		FUZZ_CHECK(errs.n == 0);
		FUZZ_CHECK(p.code[0] != '\0' && p.nroutes > 0);
		fuzz_use(&p);
		elig_pack_release(&p);
	} else
		FUZZ_CHECK(errs.n > 0);
	fuzz_check_errlist(&errs);
	for (i = 0; i < errs.n; i++)
		FUZZ_CHECK(strncmp(errs.v[i], FUZZ_ORIGIN,
		    strlen(FUZZ_ORIGIN)) == 0);
	errlist_free(&errs);
	free(text);
	return 0;
}
