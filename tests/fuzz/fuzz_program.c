/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target for the rule-pack parser (lib/rules/programs.h
 * program_parse): the INI files a user drops into [programs] dir, read by
 * every command and by cetrackd on each reload.
 *
 * A pack that is refused says why, each problem on one line starting
 * with the file's name; a pack that is accepted is then used as the
 * commands use it, so that a value the parser let through cannot break
 * what comes after: its deadline rule is put in words, the next deadline
 * and cycle dates are computed, and a credential with a few courses is
 * evaluated against it (lib/rules/compliance.h) at three renewals.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "base/date.h"
#include "base/hours.h"
#include "base/util.h"
#include "rules/compliance.h"
#include "rules/programs.h"

#define FUZZ_ORIGIN	"fuzz.ini"
#define FUZZ_NACTS	4

static void	fuzz_use(const struct program *);
static void	fuzz_acts(struct activity *);

/* Courses of each unit, approver and topic the shipped packs name. */
static void
fuzz_acts(struct activity *a)
{
	static const char *const hours[FUZZ_NACTS] = {
		"1.5", "90m", "0.3ceu", "1sem"
	};
	static const char *const body[FUZZ_NACTS] = {
		"CCMC", "ANCC", "NASW", "CA-BRN"
	};
	static const char *const format[FUZZ_NACTS] = {
		"live", "self-study", "live-online", "academic"
	};
	static const char *const topic[FUZZ_NACTS] = {
		"ethics", "law", "implicit-bias", "human-trafficking"
	};
	size_t	i;

	memset(a, 0, FUZZ_NACTS * sizeof(*a));
	for (i = 0; i < FUZZ_NACTS; i++) {
		a[i].id = (int64_t)i + 1;
		a[i].person_id = 1;
		(void)date_from_ymd(2024 + (int)i, 3 + (int)i, 15, &a[i].date);
		(void)hours_parse(hours[i], &a[i].amount);
		(void)cet_strlcpy(a[i].title, "Course", sizeof(a[i].title));
		(void)cet_strlcpy(a[i].format, format[i], sizeof(a[i].format));
		(void)cet_strlcpy(a[i].approvals[0].body, body[i],
		    sizeof(a[i].approvals[0].body));
		a[i].napprovals = 1;
		(void)cet_strlcpy(a[i].topics[0].topic, topic[i],
		    sizeof(a[i].topics[0].topic));
		a[i].topics[0].centi = i == 0 ? 100 : -1;
		a[i].ntopics = 1;
	}
}

static void
fuzz_use(const struct program *p)
{
	struct activity		acts[FUZZ_NACTS];
	struct credential	cred;
	struct cycle		cy;
	struct comp_input	in;
	struct comp_result	r;
	char			buf[256], err[256];
	int			from, vt, i;

	program_deadline_rule(p, buf, sizeof(buf));
	FUZZ_CHECK(memchr(buf, '\0', sizeof(buf)) != NULL);
	(void)date_from_ymd(2025, 1, 1, &from);
	vt = program_first_deadline(p, from);
	if (vt == -1 && (vt = program_next_deadline(p, from)) == -1)
		vt = from + 400;
	FUZZ_CHECK(program_is_deadline(p, vt) == 1 ||
	    p->deadline == PROG_DEADLINE_ANNIVERSARY);
	(void)program_next_valid_through(p, vt);
	(void)program_depends_on_renewal(p);

	fuzz_acts(acts);
	memset(&cred, 0, sizeof(cred));
	cred.id = 1;
	cred.person_id = 1;
	cred.status = CRED_ACTIVE;
	(void)cet_strlcpy(cred.program, p->code, sizeof(cred.program));
	(void)cet_strlcpy(cred.attrs, "direct-care", sizeof(cred.attrs));
	for (i = 1; i <= 3; i++) {
		memset(&cy, 0, sizeof(cy));
		cy.id = i;
		cy.credential_id = 1;
		cy.valid_through = vt;
		cy.start = program_cycle_start(p, vt);
		cy.renewal_index = i;
		cy.closed = -1;
		compliance_input_init(&in, NULL, vt - 100 * i);
		in.prog = p;
		in.cred = &cred;
		in.cycle = &cy;
		in.acts = acts;
		in.nacts = FUZZ_NACTS;
		memset(&r, 0, sizeof(r));
		if (compliance_evaluate(&in, &r, err, sizeof(err)) == 0) {
			FUZZ_CHECK(r.nreqs >= 1);
			FUZZ_CHECK(r.state >= COMP_COMPLETE &&
			    r.state <= COMP_INACTIVE);
			(void)compliance_next_change(&in, &r);
		}
		comp_release(&r);
		vt = program_next_valid_through(p, vt);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct program	 p;
	struct errlist	 errs = { NULL, 0 };
	char		*text;
	size_t		 i;

	text = fuzz_str(data, len);
	if (program_parse(FUZZ_ORIGIN, text, &p, &errs) == 0) {
		FUZZ_CHECK(errs.n == 0);
		FUZZ_CHECK(p.code[0] != '\0');
		fuzz_use(&p);
		program_release(&p);
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
