/* SPDX-License-Identifier: ISC */
/*
 * Reminder wording: the subject and body of one event and of a digest, for
 * results computed by the real compliance engine with the shipped CCM and
 * RN-CA packs. The key phrases a person relies on are checked exactly
 * ("17.5 h", "5 h to go", "2027-03-01", "ready to renew"), and every line
 * of every message is checked for width and UTF-8. Every person is
 * fictional.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "rules/compliance.h"
#include "base/date.h"
#include "notify/notice.h"
#include "rules/programs.h"
#include "rules/remind.h"
#include "base/util.h"

static struct program_set set;
static struct person dana;
static struct credential ccm, rn;
static struct cycle ccm_cy, rn_cy;
static struct activity acts[16];
static size_t nacts;
static struct comp_result ccm_st, rn_st;
static struct remind_event ev[4];

static void
setup(void)
{
	struct errlist errs = { 0 };

	cr_assert_eq(programs_load(&set, NULL, &errs), 0);
	errlist_free(&errs);
	memset(&dana, 0, sizeof(dana));
	dana.id = 1;
	cet_strlcpy(dana.name, "Dana Reyes", sizeof(dana.name));
	cet_strlcpy(dana.email, "dana.reyes@example.org", sizeof(dana.email));

	memset(&ccm, 0, sizeof(ccm));
	ccm.id = 7;
	ccm.person_id = 1;
	cet_strlcpy(ccm.program, "CCM", sizeof(ccm.program));
	cet_strlcpy(ccm.number, "CCM-100234", sizeof(ccm.number));
	ccm.status = CRED_ACTIVE;
	memset(&ccm_cy, 0, sizeof(ccm_cy));
	ccm_cy.id = 3;
	ccm_cy.credential_id = 7;
	ccm_cy.start = D("2022-06-01");
	ccm_cy.valid_through = D("2027-05-31");
	ccm_cy.renewal_index = 2;
	ccm_cy.closed = -1;

	memset(&rn, 0, sizeof(rn));
	rn.id = 8;
	rn.person_id = 1;
	cet_strlcpy(rn.program, "RN-CA", sizeof(rn.program));
	cet_strlcpy(rn.number, "95012345", sizeof(rn.number));
	cet_strlcpy(rn.state, "CA", sizeof(rn.state));
	rn.status = CRED_ACTIVE;
	memset(&rn_cy, 0, sizeof(rn_cy));
	rn_cy.id = 4;
	rn_cy.credential_id = 8;
	rn_cy.start = D("2025-05-01");
	rn_cy.valid_through = D("2027-04-30");
	rn_cy.renewal_index = 3;
	rn_cy.closed = -1;

	memset(acts, 0, sizeof(acts));
	nacts = 0;
	memset(&ccm_st, 0, sizeof(ccm_st));
	memset(&rn_st, 0, sizeof(rn_st));
	memset(ev, 0, sizeof(ev));
}

static void
teardown(void)
{
	comp_release(&ccm_st);
	comp_release(&rn_st);
	programs_free(&set);
}

TestSuite(notice, .init = setup, .fini = teardown);

static void
act(const char *date, const char *hours, const char *approver, int ethics)
{
	struct activity *a = &acts[nacts];

	cr_assert_lt(nacts, ARRAY_SIZE(acts));
	memset(a, 0, sizeof(*a));
	a->id = (int64_t)++nacts;
	a->person_id = 1;
	a->date = D(date);
	cr_assert_eq(hours_parse(hours, &a->amount), 0);
	cet_strlcpy(a->format, "live", sizeof(a->format));
	snprintf(a->title, sizeof(a->title), "Course %zu", nacts);
	cet_strlcpy(a->approvals[0].body, approver, ATTR_MAX_LEN);
	a->napprovals = 1;
	if (ethics) {
		cet_strlcpy(a->topics[0].topic, "ethics", ATTR_MAX_LEN);
		a->topics[0].centi = -1;
		a->ntopics = 1;
	}
}

/* Dana's CCM: 62.5 of 80 h, 3 of 8 ethics. */
static void
dana_ccm_hours(void)
{
	act("2023-02-10", "40", "CCMC", 0);
	act("2024-09-12", "19.5", "CCMC", 0);
	act("2025-04-01", "1.5", "CCMC", 1);
	act("2026-01-20", "1.5", "CCMC", 1);
}

static void
eval(const struct credential *c, const struct cycle *cy,
    struct comp_result *r, const char *as_of)
{
	struct comp_input in;
	char err[256];

	comp_release(r);
	memset(&in, 0, sizeof(in));
	in.prog = programs_find(&set, c->program);
	cr_assert_not_null(in.prog);
	in.cred = c;
	in.cycle = cy;
	in.acts = acts;
	in.nacts = nacts;
	in.as_of = D(as_of);
	cr_assert_eq(compliance_evaluate(&in, r, err, sizeof(err)), 0, "%s",
	    err);
}

static struct remind_event *
event(size_t i, const char *key)
{
	struct remind_event *e = &ev[i];

	memset(e, 0, sizeof(*e));
	cet_strlcpy(e->key, key, sizeof(e->key));
	cr_assert_eq(remind_key_parse(key, &e->kind, &e->offset), 0);
	e->disp = REMIND_SEND;
	return e;
}

static struct notice_item
item(const struct credential *c, const struct cycle *cy,
    const struct comp_result *r, const struct remind_event *e)
{
	struct notice_item it;

	memset(&it, 0, sizeof(it));
	it.person = &dana;
	it.cred = c;
	it.prog = programs_find(&set, c->program);
	it.cycle = cy;
	it.status = r;
	it.ev = e;
	return it;
}

/* Every line at most 78 code points, valid UTF-8, no stray controls. */
static void
check_lines(const char *text)
{
	char *copy = xstrdup(text), *line, *save = NULL;

	cr_expect_eq(text[strlen(text) - 1], '\n', "text ends with newline");
	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		cr_expect(cet_utf8_valid(line), "not UTF-8: %s", line);
		cr_expect_leq(cet_utf8_len(line), 78, "line too long (%zu): %s",
		    cet_utf8_len(line), line);
	}
	free(copy);
}

static void
has(const char *text, const char *phrase)
{
	cr_expect_not_null(strstr(text, phrase), "missing '%s' in:\n%s",
	    phrase, text);
}

static void
hasnt(const char *text, const char *phrase)
{
	cr_expect_null(strstr(text, phrase), "unexpected '%s' in:\n%s",
	    phrase, text);
}

static size_t
occurrences(const char *text, const char *phrase)
{
	size_t n = 0;
	const char *p = text;

	while ((p = strstr(p, phrase)) != NULL) {
		n++;
		p += strlen(phrase);
	}
	return n;
}

/* The example, word for word where it matters. */
Test(notice, dana_ccm_90_days)
{
	struct notice_item it;
	char *subj, *body;

	dana_ccm_hours();
	eval(&ccm, &ccm_cy, &ccm_st, "2027-03-02");
	it = item(&ccm, &ccm_cy, &ccm_st, event(0, "before-90"));
	subj = notice_subject(&it);
	cr_expect_str_eq(subj, "CCM CCM-100234: 17.5 h still needed, 90 days "
	    "left (valid through 2027-05-31)");
	body = notice_body(&it);
	has(body, "Hello Dana Reyes,");
	has(body, "Person: Dana Reyes");
	has(body, "Credential: CCM CCM-100234 (Certified Case Manager)");
	has(body, "Cycle: 2022-06-01 to 2027-05-31");
	has(body, "Days left: 90");
	has(body, "17.5 h still needed");
	has(body, "Total: 62.5 of 80 h, 17.5 h to go");
	has(body, "Ethics: 3 of 8 h, 5 h to go");
	has(body, "renewal window opened 2027-03-01");
	has(body, "late renewal possible until 2027-06-30");
	has(body, "Reminder: 90 days left.");
	has(body, "Pace: ");
	hasnt(body, "ready to renew");
	check_lines(body);
	free(subj);
	free(body);
}

Test(notice, window_not_yet_open_and_days_wording)
{
	struct notice_item it;
	char *subj, *body;

	dana_ccm_hours();
	eval(&ccm, &ccm_cy, &ccm_st, "2026-12-02");
	it = item(&ccm, &ccm_cy, &ccm_st, event(0, "before-180"));
	body = notice_body(&it);
	has(body, "renewal window opens 2027-03-01");
	hasnt(body, "window opened");
	has(body, "Reminder: 180 days left.");
	check_lines(body);
	free(body);

	/* The window's first day and the day before it. */
	eval(&ccm, &ccm_cy, &ccm_st, "2027-03-01");
	it = item(&ccm, &ccm_cy, &ccm_st, event(0, "window-open"));
	body = notice_body(&it);
	has(body, "renewal window opened 2027-03-01");
	has(body, "Reminder: renewal window open.");
	free(body);
	eval(&ccm, &ccm_cy, &ccm_st, "2027-02-28");
	body = notice_body(&it);
	has(body, "renewal window opens 2027-03-01");
	free(body);

	eval(&ccm, &ccm_cy, &ccm_st, "2027-05-30");
	it = item(&ccm, &ccm_cy, &ccm_st, event(0, "before-1"));
	subj = notice_subject(&it);
	cr_expect_str_eq(subj, "CCM CCM-100234: 17.5 h still needed, 1 day "
	    "left (valid through 2027-05-31)");
	body = notice_body(&it);
	has(body, "Reminder: 1 day left.");
	check_lines(body);
	free(subj);
	free(body);
}

/* Complete: "ready to renew", and no word about missing hours. */
Test(notice, complete_reads_ready_to_renew)
{
	struct notice_item it;
	char *subj, *body;

	dana_ccm_hours();
	act("2026-06-01", "12.5", "CCMC", 0);
	act("2026-07-01", "5", "CCMC", 1);
	eval(&ccm, &ccm_cy, &ccm_st, "2026-12-02");
	cr_assert_eq(ccm_st.state, COMP_COMPLETE);
	it = item(&ccm, &ccm_cy, &ccm_st, event(0, "before-180"));
	subj = notice_subject(&it);
	cr_expect_str_eq(subj, "CCM CCM-100234: ready to renew; window opens "
	    "2027-03-01 (valid through 2027-05-31)");
	body = notice_body(&it);
	has(body, "ready to renew; window opens 2027-03-01");
	has(body, "Hours: 80 of 80 h, every requirement met");
	hasnt(body, "still needed");
	hasnt(body, "to go");
	hasnt(body, "Still open");
	hasnt(body, "short");
	hasnt(body, "missing");
	check_lines(body);
	free(subj);
	free(body);

	/* Once the window is open: days left instead. */
	eval(&ccm, &ccm_cy, &ccm_st, "2027-04-01");
	it = item(&ccm, &ccm_cy, &ccm_st, event(0, "before-60"));
	subj = notice_subject(&it);
	cr_expect_str_eq(subj, "CCM CCM-100234: ready to renew, 60 days left "
	    "(valid through 2027-05-31)");
	body = notice_body(&it);
	has(body, "renewal window opened 2027-03-01");
	hasnt(body, "still needed");
	free(subj);
	free(body);
}

/* Total met, a topic minimum still open: the topic is named. */
Test(notice, only_a_topic_open)
{
	struct notice_item it;
	char *subj, *body;

	dana_ccm_hours();
	act("2026-06-01", "20", "CCMC", 0);
	eval(&ccm, &ccm_cy, &ccm_st, "2027-03-02");
	it = item(&ccm, &ccm_cy, &ccm_st, event(0, "at-risk"));
	subj = notice_subject(&it);
	cr_expect_str_eq(subj, "CCM CCM-100234: 5 h still needed for Ethics, "
	    "90 days left (valid through 2027-05-31)");
	body = notice_body(&it);
	has(body, "Ethics: 3 of 8 h, 5 h to go");
	hasnt(body, "Total: ");
	has(body, "Reminder: at risk.");
	check_lines(body);
	free(subj);
	free(body);
}

Test(notice, grace_and_lapsed)
{
	struct notice_item it;
	char *subj, *body;

	dana_ccm_hours();
	eval(&ccm, &ccm_cy, &ccm_st, "2027-06-07");
	cr_assert_eq(ccm_st.state, COMP_GRACE);
	it = item(&ccm, &ccm_cy, &ccm_st, event(0, "after-7"));
	subj = notice_subject(&it);
	cr_expect_str_eq(subj, "CCM CCM-100234: expired on 2027-05-31; late "
	    "renewal possible until 2027-06-30");
	body = notice_body(&it);
	has(body, "expired on 2027-05-31; late renewal possible until "
	    "2027-06-30");
	has(body, "Expired 7 days ago");
	has(body, "Reminder: 7 days after valid-through.");
	has(body, "Ethics: 3 of 8 h, 5 h to go");
	hasnt(body, "Days left");
	hasnt(body, "Pace");
	check_lines(body);
	free(subj);
	free(body);

	eval(&ccm, &ccm_cy, &ccm_st, "2027-07-01");
	cr_assert_eq(ccm_st.state, COMP_LAPSED);
	it = item(&ccm, &ccm_cy, &ccm_st, event(0, "lapsed"));
	subj = notice_subject(&it);
	cr_expect_str_eq(subj, "CCM CCM-100234: lapsed (valid through "
	    "2027-05-31, late period ended 2027-06-30)");
	body = notice_body(&it);
	has(body, "lapsed");
	has(body, "Reminder: lapsed.");
	hasnt(body, "late renewal possible");
	check_lines(body);
	free(subj);
	free(body);
}

/* One message for one recipient: each credential once, its events
 * listed; the more urgent credential first. */
Test(notice, digest_groups_events_by_credential)
{
	struct notice_item it[3];
	char *subj, *body, *single;
	const char *c, *r;

	dana_ccm_hours();
	act("2026-03-01", "12", "CA-BRN", 0);
	eval(&ccm, &ccm_cy, &ccm_st, "2027-03-02");
	eval(&rn, &rn_cy, &rn_st, "2027-03-02");
	cr_assert_eq(rn_st.state, COMP_AT_RISK);
	/* Given in an order the digest must not keep. */
	it[0] = item(&ccm, &ccm_cy, &ccm_st, event(0, "at-risk"));
	it[1] = item(&rn, &rn_cy, &rn_st, event(1, "at-risk"));
	it[2] = item(&ccm, &ccm_cy, &ccm_st, event(2, "before-90"));
	subj = notice_digest_subject(it, 3);
	cr_expect_str_eq(subj, "2 credentials need attention; most urgent: "
	    "RN-CA 95012345, at risk");
	body = notice_digest_body(it, 3);
	has(body, "Hello Dana Reyes,");
	has(body, "2 credentials need your attention.");
	cr_expect_eq(occurrences(body, "* CCM CCM-100234: 17.5 h still "
	    "needed, 90 days left"), 1);
	cr_expect_eq(occurrences(body, "* RN-CA 95012345: 18 h still needed, "
	    "59 days left"), 1);
	cr_expect_eq(occurrences(body, "Person: Dana Reyes"), 2);
	has(body, "Reminders: 90 days left \xc2\xb7 at risk.");
	has(body, "Reminder: at risk.");
	has(body, "Ethics: 3 of 8 h, 5 h to go");
	has(body, "Total: 12 of 30 h, 18 h to go");
	has(body, "Credential: RN-CA 95012345 (Registered Nurse (California)),"
	    " CA");
	has(body, "renewal window opened 2027-03-01");
	c = strstr(body, "* CCM");
	r = strstr(body, "* RN-CA");
	cr_assert(c != NULL && r != NULL);
	cr_expect_lt(r, c, "the credential with fewer days left comes first");
	check_lines(body);
	free(subj);
	free(body);

	/* A digest of one credential reads like its single message. */
	subj = notice_digest_subject(&it[0], 1);
	single = notice_subject(&it[0]);
	cr_expect_str_eq(subj, single);
	free(subj);
	it[1] = it[2];
	subj = notice_digest_subject(it, 2);
	cr_expect_str_eq(subj, single);
	body = notice_digest_body(it, 2);
	has(body, "One credential needs your attention.");
	has(body, "Reminders: 90 days left \xc2\xb7 at risk.");
	free(single);
	free(subj);
	free(body);
}

/* Many credentials: the subject counts them and names the most urgent. */
Test(notice, digest_subject_stays_short)
{
	struct credential c[5];
	struct notice_item it[5];
	char *subj;
	size_t i;

	dana_ccm_hours();
	eval(&ccm, &ccm_cy, &ccm_st, "2027-03-02");
	for (i = 0; i < 5; i++) {
		c[i] = ccm;
		c[i].id = 100 + (int64_t)i;
		snprintf(c[i].number, sizeof(c[i].number), "CCM-90000%zu", i);
		it[i] = item(&c[i], &ccm_cy, &ccm_st, event(0, "before-90"));
	}
	subj = notice_digest_subject(it, 5);
	cr_expect_str_eq(subj, "5 credentials need attention; most urgent: "
	    "CCM CCM-900000, at risk");
	free(subj);
}

/* To the organization contact: no personal greeting, the person named. */
Test(notice, escalation_to_the_contact)
{
	struct notice_item it;
	char *subj, *body;

	dana_ccm_hours();
	eval(&ccm, &ccm_cy, &ccm_st, "2027-03-02");
	it = item(&ccm, &ccm_cy, &ccm_st, event(0, "at-risk"));
	it.escalation = 1;
	subj = notice_subject(&it);
	cr_expect_str_eq(subj, "Dana Reyes: CCM CCM-100234: 17.5 h still "
	    "needed, 90 days left (valid through 2027-05-31)");
	body = notice_body(&it);
	has(body, "Hello,\n");
	hasnt(body, "Hello Dana");
	has(body, "organization's contact");
	has(body, "Person: Dana Reyes");
	check_lines(body);
	free(subj);
	free(body);
}

/* Long labels and names wrap within 78 columns, counted in characters,
 * and "17.5 h" never splits across lines. */
Test(notice, long_text_wraps)
{
	struct comp_result r;
	struct comp_req reqs[3];
	struct notice_item it;
	char *body, *p;

	memset(&r, 0, sizeof(r));
	memset(reqs, 0, sizeof(reqs));
	cet_strlcpy(dana.name, "María-José Ñúñez-Ølberg de la Concepción "
	    "Hernández y Villaseñor Quiñones", sizeof(dana.name));
	cet_strlcpy(reqs[0].label, "Total", sizeof(reqs[0].label));
	reqs[0].required = 3000;
	reqs[0].counted = 1250;
	reqs[0].remaining = 1750;
	cet_strlcpy(reqs[1].label, "Implicit bias in the delivery of health "
	    "care, first renewal, direct participation in the training "
	    "(AB 1407)", sizeof(reqs[1].label));
	reqs[1].required = 100;
	reqs[1].remaining = 100;
	cet_strlcpy(reqs[2].label, "Infection control", sizeof(reqs[2].label));
	reqs[2].course_only = 1;
	r.state = COMP_AT_RISK;
	r.required = 3000;
	r.counted = 1250;
	r.remaining = 1750;
	r.days_left = 59;
	r.window_opens = COMP_NO_DATE;
	r.late_until = rn_cy.valid_through;
	r.expected_now = 2800;
	r.projected = 1400;
	r.reqs = reqs;
	r.nreqs = 3;
	it = item(&rn, &rn_cy, &r, event(0, "at-risk"));
	body = notice_body(&it);
	check_lines(body);
	has(body, "Infection control: one matching course, not yet taken");
	has(body, "Renew by 2027-04-30.");
	has(body, "Late period: none");
	has(body, "at your pace you will be 16 h");
	for (p = body; (p = strstr(p, "17.5")) != NULL; p++)
		cr_expect_eq(p[4], ' ', "17.5 split from its unit:\n%s", body);
	has(body, "(AB 1407): 0 of 1 h, 1 h to go");
	free(body);
	body = notice_digest_body(&it, 1);
	check_lines(body);
	free(body);
}

Test(notice, event_labels)
{
	static const struct {
		const char *key, *label;
	} t[] = {
		{ "before-90", "90 days left" },
		{ "before-1", "1 day left" },
		{ "before-0", "last day of validity" },
		{ "after-1", "1 day after valid-through" },
		{ "after-30", "30 days after valid-through" },
		{ "window-open", "renewal window open" },
		{ "at-risk", "at risk" },
		{ "behind", "behind pace" },
		{ "lapsed", "lapsed" },
	};
	char buf[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++)
		cr_expect_str_eq(notice_event_label(event(0, t[i].key), buf,
		    sizeof(buf)), t[i].label, "%s", t[i].key);
}

/*
 * A digest as it is sent, compared with a golden file: the person's, with
 * three events of one credential in one section and one greeting, and
 * the organization contact's, a section per person. CETRACK_GOLDEN=write
 * rewrites the files (then read them before committing).
 */
static void
golden(const char *name, const char *subject, const char *body)
{
	char path[256], *want, *got;
	FILE *f;

	got = xasprintf("Subject: %s\n\n%s", subject, body);
	snprintf(path, sizeof(path), "tests/data/notice/%s", name);
	if (getenv("CETRACK_GOLDEN") != NULL &&
	    strcmp(getenv("CETRACK_GOLDEN"), "write") == 0) {
		cr_assert_not_null(f = fopen(path, "w"));
		fputs(got, f);
		fclose(f);
	}
	want = slurp(path, NULL);
	cr_expect_str_eq(got, want, "%s differs; got:\n%s", path, got);
	free(want);
	free(got);
}

Test(notice, digest_golden_person_and_contact)
{
	static struct person owen;
	static struct credential owen_ccm;
	static struct cycle owen_cy;
	static struct comp_result owen_st;
	struct remind_event e5[2];
	struct notice_item it[5];
	char *subj, *body;
	size_t i;

	dana_ccm_hours();
	act("2026-03-01", "12", "CA-BRN", 0);
	eval(&ccm, &ccm_cy, &ccm_st, "2027-03-02");
	eval(&rn, &rn_cy, &rn_st, "2027-03-02");
	/* Dana: three events of the CCM, one of the RN license. */
	it[0] = item(&ccm, &ccm_cy, &ccm_st, event(0, "window-open"));
	it[1] = item(&ccm, &ccm_cy, &ccm_st, event(1, "at-risk"));
	it[2] = item(&rn, &rn_cy, &rn_st, event(2, "at-risk"));
	it[3] = item(&ccm, &ccm_cy, &ccm_st, event(3, "before-90"));
	subj = notice_digest_subject(it, 4);
	body = notice_digest_body(it, 4);
	cr_expect_eq(occurrences(body, "Hello"), 1);
	cr_expect_eq(occurrences(body, "\n-- \n"), 1);
	cr_expect_eq(occurrences(body, "* CCM CCM-100234"), 1);
	check_lines(body);
	golden("digest-person.txt", subj, body);
	free(subj);
	free(body);

	/* The contact: Dana's two at-risk credentials and Owen's lapsed
	 * CCM, escalated. */
	memset(&owen, 0, sizeof(owen));
	owen.id = 2;
	cet_strlcpy(owen.name, "Owen Castillo", sizeof(owen.name));
	owen_ccm = ccm;
	owen_ccm.id = 9;
	owen_ccm.person_id = 2;
	cet_strlcpy(owen_ccm.number, "CCM-200871", sizeof(owen_ccm.number));
	owen_cy = ccm_cy;
	owen_cy.id = 5;
	owen_cy.credential_id = 9;
	owen_cy.start = D("2021-12-01");
	owen_cy.valid_through = D("2026-11-30");
	memset(&owen_st, 0, sizeof(owen_st));
	eval(&owen_ccm, &owen_cy, &owen_st, "2027-03-02");
	cr_assert_eq(owen_st.state, COMP_LAPSED);
	memset(e5, 0, sizeof(e5));
	cet_strlcpy(e5[0].key, "lapsed", sizeof(e5[0].key));
	e5[0].kind = REMIND_LAPSED;
	it[0] = item(&ccm, &ccm_cy, &ccm_st, event(1, "at-risk"));
	it[1] = item(&owen_ccm, &owen_cy, &owen_st, &e5[0]);
	it[1].person = &owen;
	it[2] = item(&rn, &rn_cy, &rn_st, event(2, "at-risk"));
	for (i = 0; i < 3; i++)
		it[i].escalation = 1;
	subj = notice_digest_subject(it, 3);
	body = notice_digest_body(it, 3);
	cr_expect_eq(occurrences(body, "Hello"), 1);
	cr_expect_eq(occurrences(body, "Dana Reyes:\n"), 1);
	cr_expect_eq(occurrences(body, "Owen Castillo:\n"), 1);
	cr_expect_lt(strstr(body, "Owen Castillo:"), strstr(body,
	    "Dana Reyes:"), "the person with the lapsed credential first");
	check_lines(body);
	golden("digest-contact.txt", subj, body);
	free(subj);
	free(body);
	comp_release(&owen_st);
}

/*
 * Unknown means owed (issue 14): a reminder for a credential whose renewal
 * number or a rule's attribute was never given says that the hours are
 * counted as owed and which command settles it.
 */
Test(notice, unknown_renewal_and_attribute_are_said)
{
	struct notice_item it;
	char *body;

	dana_ccm_hours();
	eval(&ccm, &ccm_cy, &ccm_st, "2027-03-02");
	it = item(&ccm, &ccm_cy, &ccm_st, event(0, "before-90"));
	body = notice_body(&it);
	hasnt(body, "Counted as owed");
	free(body);

	ccm_st.renewal_assumed = 1;
	cet_strlcpy(ccm_st.unknown_attrs, "older-adults",
	    sizeof(ccm_st.unknown_attrs));
	body = notice_body(&it);
	has(body, "Counted as owed because cetrack was not told which renewal "
	    "this is");
	has(body, "--renewal-index N' settles it.");
	has(body, "not told whether the credential has");
	has(body, "--attr older-adults' (or --attr");
	has(body, "no-older-adults) settles it.");
	check_lines(body);
	free(body);
}
