/* SPDX-License-Identifier: ISC */
/*
 * Reminder planning: which events are due on a day and which of them are
 * sent, as tables over synthetic compliance results, plus the issue's
 * scenario (Dana Reyes's CCM, valid through 2027-05-31) evaluated by the
 * real compliance engine with the shipped CCM pack. Every person is
 * fictional.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "rules/compliance.h"
#include "base/config.h"
#include "base/date.h"
#include "rules/programs.h"
#include "rules/remind.h"
#include "base/util.h"

static struct credential cred;
static struct cycle cyc;
static struct comp_result st;
static struct remind_policy pol;
static struct remind_list out;
static int nsent;

static void
setup(void)
{
	memset(&cred, 0, sizeof(cred));
	memset(&cyc, 0, sizeof(cyc));
	memset(&st, 0, sizeof(st));
	memset(&out, 0, sizeof(out));
	cred.id = 7;
	cred.person_id = 1;
	cet_strlcpy(cred.program, "CCM", sizeof(cred.program));
	cet_strlcpy(cred.number, "CCM-100234", sizeof(cred.number));
	cred.status = CRED_ACTIVE;
	remind_policy_defaults(&pol);
}

TestSuite(remind, .init = setup);

/*
 * A cycle from `start` to `vt` with the CCM shape: window opening on
 * `window` ("" for none), late period of late_days, compliance state s.
 */
static void
cycle_of(const char *start, const char *vt, const char *window, int late_days,
    enum comp_state s)
{
	cyc.id = 3;
	cyc.credential_id = cred.id;
	cyc.start = D(start);
	cyc.valid_through = D(vt);
	cyc.renewal_index = 2;
	cyc.closed = -1;
	st.state = s;
	st.window_opens = window[0] ? D(window) : COMP_NO_DATE;
	st.window_closes = cyc.valid_through;
	st.late_until = cyc.valid_through + late_days;
	st.required = 8000;
	st.counted = s == COMP_COMPLETE ? 8000 : 6250;
	st.remaining = st.required - st.counted;
}

/* Plan on `today` after a pass on `last` (NULL: never ran). */
static void
plan_d(int today, int last)
{
	struct remind_input in;

	memset(&in, 0, sizeof(in));
	in.cred = &cred;
	in.cycle = &cyc;
	in.status = &st;
	in.today = today;
	in.last_pass = last;
	st.days_left = cyc.valid_through - today;
	nsent = remind_plan(&pol, &in, &out);
}

static void
plan(const char *today, const char *last)
{
	plan_d(D(today), last ? D(last) : COMP_NO_DATE);
}

static const struct remind_event *
find(const char *key)
{
	size_t i;

	for (i = 0; i < out.n; i++)
		if (strcmp(out.ev[i].key, key) == 0)
			return &out.ev[i];
	return NULL;
}

static void
expect_send(const char *key)
{
	const struct remind_event *e = find(key);

	cr_assert_not_null(e, "%s not emitted", key);
	cr_expect_eq(e->disp, REMIND_SEND, "%s skipped (%s), want sent", key,
	    e->reason ? e->reason : "?");
	cr_expect_null(e->reason, "%s sent with a reason", key);
}

static void
expect_skip(const char *key, const char *why)
{
	const struct remind_event *e = find(key);

	cr_assert_not_null(e, "%s not emitted", key);
	cr_expect_eq(e->disp, REMIND_SKIP, "%s sent, want skipped (%s)", key,
	    why);
	cr_expect_str_eq(e->reason ? e->reason : "(null)", why, "%s reason",
	    key);
}

static void
expect_absent(const char *key)
{
	cr_expect_null(find(key), "%s emitted, want nothing", key);
}

static size_t
count_send(void)
{
	size_t i, n = 0;

	for (i = 0; i < out.n; i++)
		if (out.ev[i].disp == REMIND_SEND)
			n++;
	cr_expect_eq((int)n, nsent, "remind_plan returned %d, %zu sent",
	    nsent, n);
	return n;
}

/* Each default threshold, on its own day in daily operation. */
Test(remind, each_before_threshold_individually)
{
	static const int offs[] = { 180, 90, 60, 30, 14, 7, 1 };
	char key[REMIND_KEY_MAX];
	size_t i, j;

	cycle_of("2022-06-01", "2027-05-31", "", 30, COMP_ON_TRACK);
	for (i = 0; i < ARRAY_SIZE(offs); i++) {
		int today = cyc.valid_through - offs[i];

		plan_d(today, today - 1);
		snprintf(key, sizeof(key), "before-%d", offs[i]);
		expect_send(key);
		cr_expect_eq(count_send(), 1, "%s: only one event sent", key);
		for (j = 0; j < ARRAY_SIZE(offs); j++) {
			const struct remind_event *e;

			snprintf(key, sizeof(key), "before-%d", offs[j]);
			e = find(key);
			if (offs[j] < offs[i])
				cr_expect_null(e, "%s emitted too early", key);
			else if (offs[j] > offs[i])
				expect_skip(key, REMIND_WHY_SUPERSEDED);
			else
				cr_expect_eq(e->threshold, today);
		}
	}
	/* The day before a threshold nothing new is due: the current
	 * event (before-180, where the credential stands) is planned
	 * again, and the outbox, which has it, makes that a no-op. */
	plan_d(cyc.valid_through - 91, cyc.valid_through - 92);
	cr_expect_eq(count_send(), 1);
	expect_absent("before-90");
	expect_send("before-180");
	cr_expect(find("before-180")->current);
}

Test(remind, before_event_fields)
{
	const struct remind_event *e;

	cycle_of("2022-06-01", "2027-05-31", "", 30, COMP_ON_TRACK);
	plan("2027-03-02", "2027-03-01");
	e = find("before-90");
	cr_assert_not_null(e);
	cr_expect_eq(e->kind, REMIND_BEFORE);
	cr_expect_eq(e->offset, 90);
	cr_expect_eq(e->threshold, D("2027-03-02"));
}

/* 100 days without a pass: of the thresholds crossed, only the most
 * urgent is sent; the others are recorded as skipped. */
Test(remind, catch_up_after_100_days_sends_exactly_one)
{
	cycle_of("2022-06-01", "2027-05-31", "", 30, COMP_AT_RISK);
	plan_d(D("2027-05-11"), D("2027-05-11") - 100);	/* 2027-01-31 */
	cr_expect_eq(count_send(), 1);
	expect_send("before-30");
	expect_skip("before-90", REMIND_WHY_SUPERSEDED);
	expect_skip("before-60", REMIND_WHY_SUPERSEDED);
	expect_skip("at-risk", REMIND_WHY_SUPERSEDED);
	expect_skip("before-180", REMIND_WHY_SUPERSEDED);
	expect_absent("before-14");
}

Test(remind, catch_up_across_expiry_sends_the_lapse_only)
{
	cycle_of("2022-06-01", "2027-05-31", "", 30, COMP_LAPSED);
	plan("2027-07-10", "2027-04-01");
	cr_expect_eq(count_send(), 1);
	expect_send("lapsed");
	expect_skip("after-30", REMIND_WHY_SUPERSEDED);
	expect_skip("after-7", REMIND_WHY_SUPERSEDED);
	expect_skip("after-1", REMIND_WHY_SUPERSEDED);
	expect_skip("before-1", REMIND_WHY_SUPERSEDED);
	expect_skip("before-30", REMIND_WHY_SUPERSEDED);
	/* Threshold on the day of the last pass: that pass had it. */
	expect_skip("before-60", REMIND_WHY_SUPERSEDED);
	expect_skip("before-90", REMIND_WHY_SUPERSEDED);
}

/* Two days of downtime are more than catch-up 1 ... */
Test(remind, catch_up_window_is_configurable)
{
	cycle_of("2022-06-01", "2027-05-31", "", 30, COMP_ON_TRACK);
	plan("2027-05-24", "2027-05-16");	/* crosses 14 and 7 */
	cr_expect_eq(count_send(), 1);
	expect_send("before-7");
	expect_skip("before-14", REMIND_WHY_SUPERSEDED);
	/* ... but within catch-up 10 both are sent. */
	pol.catchup_days = 10;
	plan("2027-05-24", "2027-05-16");
	cr_expect_eq(count_send(), 2);
	expect_send("before-7");
	expect_send("before-14");
}

/* Urgency order: lapsed > after-N (larger N first) > before-N (smaller N
 * first) > at-risk > behind > window-open; the list is in that order. */
Test(remind, urgency_order)
{
	size_t i;

	cr_expect_lt(remind_urgency(REMIND_LAPSED, 0),
	    remind_urgency(REMIND_AFTER, 30));
	cr_expect_lt(remind_urgency(REMIND_AFTER, 30),
	    remind_urgency(REMIND_AFTER, 7));
	cr_expect_lt(remind_urgency(REMIND_AFTER, 1),
	    remind_urgency(REMIND_BEFORE, 0));
	cr_expect_lt(remind_urgency(REMIND_BEFORE, 1),
	    remind_urgency(REMIND_BEFORE, 7));
	cr_expect_lt(remind_urgency(REMIND_BEFORE, 3650),
	    remind_urgency(REMIND_AT_RISK, 0));
	cr_expect_lt(remind_urgency(REMIND_AT_RISK, 0),
	    remind_urgency(REMIND_BEHIND, 0));
	cr_expect_lt(remind_urgency(REMIND_BEHIND, 0),
	    remind_urgency(REMIND_WINDOW_OPEN, 0));

	cycle_of("2022-06-01", "2027-05-31", "2027-03-01", 30, COMP_AT_RISK);
	plan("2027-05-30", NULL);
	cr_assert_gt(out.n, 3);
	for (i = 1; i < out.n; i++)
		cr_expect_leq(remind_urgency(out.ev[i - 1].kind,
		    out.ev[i - 1].offset), remind_urgency(out.ev[i].kind,
		    out.ev[i].offset), "%s before %s", out.ev[i - 1].key,
		    out.ev[i].key);
	cr_expect_str_eq(out.ev[0].key, "before-1");
	cr_expect_str_eq(out.ev[out.n - 1].key, "window-open");
}

/* A complete credential gets the before-N reminders too (notice words
 * them "ready to renew"), and never an at-risk or behind warning. */
Test(remind, complete_and_incomplete_both_get_before_events)
{
	static const enum comp_state states[] = { COMP_COMPLETE,
	    COMP_ON_TRACK, COMP_BEHIND, COMP_AT_RISK };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(states); i++) {
		cycle_of("2022-06-01", "2027-05-31", "", 30, states[i]);
		plan("2027-05-01", "2027-04-30");
		expect_send("before-30");
		if (states[i] == COMP_COMPLETE) {
			expect_absent("at-risk");
			expect_absent("behind");
			cr_expect_eq(count_send(), 1);
		}
	}
}

Test(remind, snoozed_credential_keeps_records_but_sends_nothing)
{
	size_t i;

	cycle_of("2022-06-01", "2027-05-31", "2027-03-01", 30, COMP_AT_RISK);
	pol.snoozed_until = D("2027-05-01");
	plan("2027-05-01", "2027-04-30");
	cr_expect_eq(count_send(), 0);
	cr_expect_gt(out.n, 0);
	for (i = 0; i < out.n; i++)
		expect_skip(out.ev[i].key, REMIND_WHY_SNOOZED);
	expect_skip("before-30", REMIND_WHY_SNOOZED);
	/* The day after the snooze ends, reminders flow again, where the
	 * credential stands first. */
	plan("2027-05-02", "2027-05-01");
	expect_send("at-risk");
	expect_send("before-30");
	expect_skip("before-60", REMIND_WHY_SUPERSEDED);
	plan("2027-05-17", "2027-05-16");
	expect_send("before-14");
}

/* No previous pass: L = today - catchup_days, so only the last day's
 * thresholds are new; older ones are superseded by the current one. */
Test(remind, first_pass_ever)
{
	cycle_of("2022-06-01", "2027-05-31", "2027-03-01", 30, COMP_ON_TRACK);
	plan("2027-03-02", NULL);
	expect_send("before-90");
	expect_skip("window-open", REMIND_WHY_SUPERSEDED);
	expect_skip("before-180", REMIND_WHY_SUPERSEDED);
	cr_expect_eq(count_send(), 1);
	/* A day late, the first pass still tells where it stands. */
	plan("2027-03-03", NULL);
	cr_expect_eq(count_send(), 1);
	expect_send("before-90");
	cr_expect(find("before-90")->current);
	expect_skip("before-180", REMIND_WHY_SUPERSEDED);
	/* A longer catch-up on the first pass sends what it covers. */
	pol.catchup_days = 2;
	plan("2027-03-02", NULL);
	cr_expect_eq(count_send(), 2);
	expect_send("window-open");
	expect_send("before-90");
}

/* A second pass on the same day still sends today's events (a credential
 * added between the passes); the outbox's dedup key stops repeats. */
Test(remind, second_pass_same_day)
{
	cycle_of("2022-06-01", "2027-05-31", "", 30, COMP_AT_RISK);
	plan("2027-03-02", "2027-03-02");
	expect_send("before-90");
	expect_send("at-risk");
	cr_expect_eq(count_send(), 2);
	/* The next day: before-90 is still the current event (a no-op in
	 * the outbox, which has it), at-risk holds and is planned again. */
	plan("2027-03-03", "2027-03-02");
	expect_send("before-90");
	expect_send("at-risk");
	expect_skip("before-180", REMIND_WHY_SUPERSEDED);
}

Test(remind, window_open)
{
	cycle_of("2022-06-01", "2027-05-31", "2027-03-01", 30, COMP_ON_TRACK);
	plan("2027-03-01", "2027-02-28");
	expect_send("window-open");
	cr_expect_eq(find("window-open")->threshold, D("2027-03-01"));
	cr_expect_eq(find("window-open")->kind, REMIND_WINDOW_OPEN);
	/* With before-180, the current event (a no-op in the outbox). */
	expect_send("before-180");
	cr_expect_eq(count_send(), 2);
	plan("2027-02-28", "2027-02-27");
	expect_absent("window-open");
	pol.window_open = 0;
	plan("2027-03-01", "2027-02-28");
	expect_absent("window-open");
	pol.window_open = 1;
	cycle_of("2022-06-01", "2027-05-31", "", 30, COMP_ON_TRACK);
	plan("2027-03-01", "2027-02-28");
	expect_absent("window-open");
	/* A complete credential is told too. */
	cycle_of("2022-06-01", "2027-05-31", "2027-03-01", 30, COMP_COMPLETE);
	plan("2027-03-01", "2027-02-28");
	expect_send("window-open");
}

/* at-risk and behind are conditions: due while the state holds, on any
 * day (the outbox sends each once per cycle), and only then. */
Test(remind, at_risk_and_behind_only_while_the_state_holds)
{
	static const struct {
		enum comp_state s;
		int at_risk, behind;
	} t[] = {
		{ COMP_ON_TRACK, 0, 0 },
		{ COMP_BEHIND, 0, 1 },
		{ COMP_AT_RISK, 1, 0 },
		{ COMP_COMPLETE, 0, 0 },
		{ COMP_GRACE, 0, 0 },
		{ COMP_LAPSED, 0, 0 },
	};
	const struct remind_event *e;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		cycle_of("2022-06-01", "2027-05-31", "", 30, t[i].s);
		plan("2027-04-10", "2027-04-09");
		e = find("at-risk");
		cr_expect_eq(e != NULL, t[i].at_risk, "state %s: at-risk",
		    comp_state_name(t[i].s));
		if (e != NULL) {
			cr_expect_eq(e->disp, REMIND_SEND);
			cr_expect_eq(e->threshold, D("2027-04-10"));
			cr_expect_eq(e->kind, REMIND_AT_RISK);
		}
		e = find("behind");
		cr_expect_eq(e != NULL, t[i].behind, "state %s: behind",
		    comp_state_name(t[i].s));
		if (e != NULL)
			cr_expect_eq(e->disp, REMIND_SEND);
	}
	/* Turned off by the policy. */
	cycle_of("2022-06-01", "2027-05-31", "", 30, COMP_BEHIND);
	pol.behind = 0;
	plan("2025-04-10", "2025-04-09");
	expect_absent("behind");
	cycle_of("2022-06-01", "2027-05-31", "", 30, COMP_AT_RISK);
	pol.at_risk = 0;
	plan("2027-04-10", "2027-04-09");
	expect_absent("at-risk");
}

Test(remind, grace_after_1_and_after_7)
{
	cycle_of("2022-06-01", "2027-05-31", "2027-03-01", 30, COMP_GRACE);
	plan("2027-06-01", "2027-05-31");
	expect_send("after-1");
	cr_expect_eq(find("after-1")->threshold, D("2027-06-01"));
	cr_expect_eq(find("after-1")->kind, REMIND_AFTER);
	cr_expect_eq(find("after-1")->offset, 1);
	expect_skip("before-1", REMIND_WHY_SUPERSEDED);
	expect_absent("after-7");
	expect_absent("lapsed");
	cr_expect_eq(count_send(), 1);
	plan("2027-06-07", "2027-06-06");
	expect_send("after-7");
	expect_skip("after-1", REMIND_WHY_SUPERSEDED);
	cr_expect_eq(count_send(), 1);
	/* Still before valid-through: no after-N even with the state
	 * forced, since the thresholds are in the future. */
	cycle_of("2022-06-01", "2027-05-31", "", 30, COMP_AT_RISK);
	plan("2027-05-31", "2027-05-30");
	expect_absent("after-1");
	expect_send("at-risk");
}

Test(remind, lapsed)
{
	cycle_of("2022-06-01", "2027-05-31", "2027-03-01", 30, COMP_LAPSED);
	plan("2027-07-01", "2027-06-30");
	expect_send("lapsed");
	cr_expect_eq(find("lapsed")->threshold, D("2027-07-01"));
	cr_expect_eq(find("lapsed")->kind, REMIND_LAPSED);
	expect_skip("after-30", REMIND_WHY_SUPERSEDED);
	cr_expect_eq(count_send(), 1);
	cr_expect_str_eq(out.ev[0].key, "lapsed");
	/* No late period (CMGT-BC): lapsed the day after valid-through;
	 * after-1, due the same day, is superseded by the lapse. */
	cycle_of("2022-06-01", "2027-05-31", "", 0, COMP_LAPSED);
	plan("2027-06-01", "2027-05-31");
	expect_send("lapsed");
	expect_skip("after-1", REMIND_WHY_SUPERSEDED);
	cr_expect_eq(count_send(), 1);
}

Test(remind, nothing_for_retired_inactive_or_closed)
{
	cycle_of("2022-06-01", "2027-05-31", "2027-03-01", 30, COMP_AT_RISK);
	cred.status = CRED_RETIRED;
	plan("2027-03-02", "2027-03-01");
	cr_expect_eq(out.n, 0);
	cr_expect_eq(nsent, 0);
	cred.status = CRED_INACTIVE;
	plan("2027-03-02", "2027-03-01");
	cr_expect_eq(out.n, 0);
	cred.status = CRED_ACTIVE;
	cycle_of("2022-06-01", "2027-05-31", "2027-03-01", 30, COMP_RETIRED);
	plan("2027-03-02", "2027-03-01");
	cr_expect_eq(out.n, 0);
	cycle_of("2022-06-01", "2027-05-31", "2027-03-01", 30, COMP_AT_RISK);
	cyc.closed = D("2027-03-01");
	plan("2027-03-02", "2027-03-01");
	cr_expect_eq(out.n, 0);
}

/* A short first cycle: thresholds before its start do not exist. */
Test(remind, nothing_before_the_cycle_start)
{
	cycle_of("2027-01-15", "2027-05-31", "", 30, COMP_ON_TRACK);
	plan("2027-03-02", "2027-03-01");
	expect_absent("before-180");
	expect_send("before-90");
	cr_expect_eq(count_send(), 1);
}

Test(remind, policy_overrides)
{
	char err[256];
	int v[CONFIG_MAX_OFFSETS], n = 0;

	cr_assert_eq(remind_policy_parse_offsets("120,60,30", v, &n, err,
	    sizeof(err)), 0, "%s", err);
	memcpy(pol.before, v, sizeof(v));
	pol.nbefore = n;
	cycle_of("2022-06-01", "2027-05-31", "", 30, COMP_ON_TRACK);
	plan_d(cyc.valid_through - 120, cyc.valid_through - 121);
	expect_send("before-120");
	plan_d(cyc.valid_through - 90, cyc.valid_through - 91);
	expect_absent("before-90");
	expect_send("before-120");	/* current; the outbox has it */
	cr_expect_eq(count_send(), 1);
	/* after[] too, and an empty list. */
	pol.nbefore = 0;
	pol.after[0] = 3;
	pol.nafter = 1;
	cycle_of("2022-06-01", "2027-05-31", "", 30, COMP_GRACE);
	plan("2027-06-03", "2027-06-02");
	expect_send("after-3");
	expect_absent("after-1");
	expect_absent("before-1");
}

Test(remind, policy_from_config)
{
	static const int want[] = { 180, 90, 60, 30, 14, 7, 1 };
	struct config c;
	size_t i;

	config_defaults(&c);
	remind_policy_from_config(&c, &pol);
	cr_expect_eq(pol.nbefore, 7);
	for (i = 0; i < 7; i++)
		cr_expect_eq(pol.before[i], want[i]);
	cr_expect_eq(pol.nafter, 3);
	cr_expect_eq(pol.after[2], 30);
	cr_expect_eq(pol.window_open, 1);
	cr_expect_eq(pol.catchup_days, 1);
	cr_expect_eq(pol.snoozed_until, COMP_NO_DATE);
	cr_expect_eq(pol.lapsed_repeat, 0);
	c.window_open = 0;
	c.nbefore = 1;
	c.before[0] = 45;
	c.lapsed_repeat = 30;
	remind_policy_from_config(&c, &pol);
	cr_expect_eq(pol.lapsed_repeat, 30);
	cr_expect_eq(pol.window_open, 0);
	cr_expect_eq(pol.nbefore, 1);
	cr_expect_eq(pol.before[0], 45);
}

Test(remind, parse_offsets_table)
{
	static const struct {
		const char *in;
		int ok;
		int n;
		int first, last;
	} t[] = {
		{ "120,60,30", 1, 3, 120, 30 },
		{ "30, 120 ,60", 1, 3, 120, 30 },
		{ "0", 1, 1, 0, 0 },
		{ "3650", 1, 1, 3650, 3650 },
		{ "none", 1, 0, 0, 0 },
		{ "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16", 1, 16, 16, 1 },
		{ "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17", 0, 0, 0, 0 },
		{ "3651", 0, 0, 0, 0 },
		{ "-1", 0, 0, 0, 0 },
		{ "+5", 0, 0, 0, 0 },
		{ "60,60", 0, 0, 0, 0 },
		{ "60,,30", 0, 0, 0, 0 },
		{ "60,", 0, 0, 0, 0 },
		{ ",60", 0, 0, 0, 0 },
		{ "", 0, 0, 0, 0 },
		{ "six", 0, 0, 0, 0 },
		{ "1.5", 0, 0, 0, 0 },
		{ "6 0", 0, 0, 0, 0 },
		{ "0x10", 0, 0, 0, 0 },
	};
	char err[256];
	int v[CONFIG_MAX_OFFSETS], n;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		int rc;

		n = -1;
		err[0] = '\0';
		v[0] = -7;
		rc = remind_policy_parse_offsets(t[i].in, v, &n, err,
		    sizeof(err));
		if (!t[i].ok) {
			cr_expect_eq(rc, -1, "'%s' accepted", t[i].in);
			cr_expect_eq(n, -1, "'%s': count changed", t[i].in);
			cr_expect_eq(v[0], -7, "'%s': out changed", t[i].in);
			cr_expect_not_null(strstr(err, "0..3650"),
			    "'%s': message names the form: %s", t[i].in, err);
			cr_expect_not_null(strstr(err, "120,60,30"),
			    "'%s': message shows an example: %s", t[i].in,
			    err);
			continue;
		}
		cr_expect_eq(rc, 0, "'%s' refused: %s", t[i].in, err);
		cr_expect_eq(n, t[i].n, "'%s': %d offsets", t[i].in, n);
		if (n > 0) {
			cr_expect_eq(v[0], t[i].first, "'%s' first", t[i].in);
			cr_expect_eq(v[n - 1], t[i].last, "'%s' last",
			    t[i].in);
		}
	}
}

Test(remind, keys_round_trip)
{
	static const struct {
		enum remind_kind k;
		int off;
		const char *key;
	} t[] = {
		{ REMIND_BEFORE, 180, "before-180" },
		{ REMIND_BEFORE, 0, "before-0" },
		{ REMIND_BEFORE, 3650, "before-3650" },
		{ REMIND_AFTER, 7, "after-7" },
		{ REMIND_WINDOW_OPEN, 0, "window-open" },
		{ REMIND_AT_RISK, 0, "at-risk" },
		{ REMIND_BEHIND, 0, "behind" },
		{ REMIND_LAPSED, 0, "lapsed" },
	};
	static const char *bad[] = { "before-", "before-x", "before-007",
	    "before-3651", "after--1", "lapse", "", "window_open", "before-1 " };
	char buf[REMIND_KEY_MAX];
	enum remind_kind k;
	int off;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		cr_expect_eq(remind_key_format(t[i].k, t[i].off, buf,
		    sizeof(buf)), 0);
		cr_expect_str_eq(buf, t[i].key);
		cr_expect_eq(remind_key_parse(t[i].key, &k, &off), 0, "%s",
		    t[i].key);
		cr_expect_eq(k, t[i].k, "%s kind", t[i].key);
		cr_expect_eq(off, t[i].off, "%s offset", t[i].key);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		cr_expect_eq(remind_key_parse(bad[i], &k, &off), -1,
		    "'%s' accepted", bad[i]);
	cr_expect_eq(remind_key_format(REMIND_BEFORE, 90, buf, 5), -1);
	cr_expect_str_eq(remind_kind_name(REMIND_WINDOW_OPEN), "window-open");
}

Test(remind, next_threshold)
{
	struct remind_input in;

	cycle_of("2022-06-01", "2027-05-31", "2027-03-01", 30, COMP_ON_TRACK);
	memset(&in, 0, sizeof(in));
	in.cred = &cred;
	in.cycle = &cyc;
	in.status = &st;
	in.last_pass = COMP_NO_DATE;
	in.today = D("2027-02-20");
	cr_expect_eq(remind_next_threshold(&pol, &in), D("2027-03-01"));
	in.today = D("2027-03-01");
	cr_expect_eq(remind_next_threshold(&pol, &in), D("2027-03-02"));
	in.today = D("2027-05-31");
	cr_expect_eq(remind_next_threshold(&pol, &in), D("2027-06-01"));
	in.today = D("2027-06-30");
	cr_expect_eq(remind_next_threshold(&pol, &in), D("2027-07-01"));
	in.today = D("2027-07-01");
	cr_expect_eq(remind_next_threshold(&pol, &in), COMP_NO_DATE);
	cred.status = CRED_RETIRED;
	in.today = D("2027-02-20");
	cr_expect_eq(remind_next_threshold(&pol, &in), COMP_NO_DATE);
}

/*
 * The issue's scenario with the real engine: Dana Reyes's CCM, valid
 * through 2027-05-31, 62.5 of 80 h and 3 of 8 ethics.
 */
static struct program_set set;
static struct activity acts[4];

static void
scenario_eval(const struct program *p, const char *as_of)
{
	struct comp_input in;
	char err[256];

	comp_release(&st);
	memset(&in, 0, sizeof(in));
	in.prog = p;
	in.cred = &cred;
	in.cycle = &cyc;
	in.acts = acts;
	in.nacts = ARRAY_SIZE(acts);
	in.as_of = D(as_of);
	cr_assert_eq(compliance_evaluate(&in, &st, err, sizeof(err)), 0,
	    "%s", err);
}

static void
scenario_act(size_t i, const char *date, const char *hours, int ethics)
{
	struct activity *a = &acts[i];

	memset(a, 0, sizeof(*a));
	a->id = (int64_t)i + 1;
	a->person_id = 1;
	a->date = D(date);
	cr_assert_eq(hours_parse(hours, &a->amount), 0);
	cet_strlcpy(a->format, "live", sizeof(a->format));
	cet_strlcpy(a->approvals[0].body, "CCMC", ATTR_MAX_LEN);
	a->napprovals = 1;
	if (ethics) {
		cet_strlcpy(a->topics[0].topic, "ethics", ATTR_MAX_LEN);
		a->topics[0].centi = -1;
		a->ntopics = 1;
	}
}

Test(remind, issue_scenario_dana_ccm)
{
	struct errlist errs = { 0 };
	struct remind_input in;
	const struct program *p;

	cr_assert_eq(programs_load(&set, NULL, &errs), 0);
	errlist_free(&errs);
	p = programs_find(&set, "CCM");
	cr_assert_not_null(p);
	cyc.id = 3;
	cyc.credential_id = cred.id;
	cyc.start = D("2022-06-01");
	cyc.valid_through = D("2027-05-31");
	cyc.renewal_index = 2;
	cyc.closed = -1;
	scenario_act(0, "2023-02-10", "40", 0);
	scenario_act(1, "2024-09-12", "19.5", 0);
	scenario_act(2, "2025-04-01", "1.5", 1);
	scenario_act(3, "2026-01-20", "1.5", 1);

	/* First pass ever, 2027-03-02. */
	scenario_eval(p, "2027-03-02");
	cr_assert_eq(st.remaining, 1750);
	cr_assert_eq(st.window_opens, D("2027-03-01"));
	cr_assert_eq(st.state, COMP_AT_RISK);
	memset(&in, 0, sizeof(in));
	in.cred = &cred;
	in.cycle = &cyc;
	in.status = &st;
	in.today = D("2027-03-02");
	in.last_pass = COMP_NO_DATE;
	nsent = remind_plan(&pol, &in, &out);
	expect_send("before-90");
	expect_send("at-risk");
	/* At risk wins over behind: one state, one warning. */
	expect_absent("behind");
	/* The window opened on 2027-03-01, outside (L, today]. */
	expect_skip("window-open", REMIND_WHY_SUPERSEDED);
	expect_skip("before-180", REMIND_WHY_SUPERSEDED);
	cr_expect_eq(count_send(), 2);

	/* Next pass 2027-05-30 after a pass on 2027-03-02: only the 1-day
	 * reminder. */
	scenario_eval(p, "2027-05-30");
	in.today = D("2027-05-30");
	in.last_pass = D("2027-03-02");
	nsent = remind_plan(&pol, &in, &out);
	expect_send("before-1");
	expect_skip("before-60", REMIND_WHY_SUPERSEDED);
	expect_skip("before-30", REMIND_WHY_SUPERSEDED);
	expect_skip("before-14", REMIND_WHY_SUPERSEDED);
	expect_skip("before-7", REMIND_WHY_SUPERSEDED);
	expect_skip("at-risk", REMIND_WHY_SUPERSEDED);
	expect_skip("before-90", REMIND_WHY_SUPERSEDED);
	cr_expect_eq(count_send(), 1);

	comp_release(&st);
	programs_free(&set);
}

/*
 * Current state first: a roster imported with an RN license that lapsed
 * 73 days ago and a CCM in its late period. The first pass that sees
 * them (no pass before, or a daily daemon) tells each where it stands:
 * the lapse, and the most recent after-N of the late period; everything
 * older is superseded, nothing is left unsaid.
 */
Test(remind, current_state_first_for_a_lapsed_import)
{
	/* Lapsed: late period of 30 days ended, 73 days ago. */
	cycle_of("2024-09-01", "2026-08-31", "", 30, COMP_LAPSED);
	plan_d(cyc.valid_through + 30 + 73, COMP_NO_DATE);
	cr_expect_eq(count_send(), 1);
	expect_send("lapsed");
	cr_expect(find("lapsed")->current);
	expect_skip("after-30", REMIND_WHY_SUPERSEDED);
	expect_skip("after-7", REMIND_WHY_SUPERSEDED);
	expect_skip("after-1", REMIND_WHY_SUPERSEDED);
	expect_skip("before-1", REMIND_WHY_SUPERSEDED);
	/* The same when a daily daemon meets the new credential. */
	plan_d(cyc.valid_through + 30 + 73, cyc.valid_through + 30 + 72);
	cr_expect_eq(count_send(), 1);
	expect_send("lapsed");

	/* Late period: 12 days after valid-through, 90 days of grace. */
	cycle_of("2022-06-01", "2026-11-30", "", 90, COMP_GRACE);
	plan_d(cyc.valid_through + 12, COMP_NO_DATE);
	cr_expect_eq(count_send(), 1);
	expect_send("after-7");
	cr_expect(find("after-7")->current);
	expect_skip("after-1", REMIND_WHY_SUPERSEDED);
	expect_skip("before-1", REMIND_WHY_SUPERSEDED);
	expect_absent("after-30");
	expect_absent("lapsed");
}

/* After a downtime the current event is sent, the thresholds crossed
 * meanwhile are superseded by it (not "missed"). */
Test(remind, downtime_supersedes_what_it_missed)
{
	cycle_of("2022-06-01", "2027-05-31", "", 30, COMP_ON_TRACK);
	plan("2027-05-24", "2027-05-10");	/* crosses 14 and 7 */
	cr_expect_eq(count_send(), 1);
	expect_send("before-7");
	expect_skip("before-14", REMIND_WHY_SUPERSEDED);
	expect_skip("before-30", REMIND_WHY_SUPERSEDED);
}

/* Once lapsed, nothing but the lapse: after-N offsets beyond the late
 * period are superseded, and with lapsed_repeat the lapse is told again
 * every N days (the latest repeat is the current event). */
Test(remind, lapse_is_told_once_unless_repeated)
{
	pol.after[0] = 1;
	pol.after[1] = 60;
	pol.nafter = 2;
	cycle_of("2022-06-01", "2027-05-31", "", 30, COMP_LAPSED);
	/* valid-through + 60: lapsed since +31, after-60 due today. */
	plan_d(cyc.valid_through + 60, cyc.valid_through + 59);
	cr_expect_eq(count_send(), 1);
	expect_send("lapsed");
	expect_skip("after-60", REMIND_WHY_SUPERSEDED);
	expect_absent("lapsed-30");
	cr_expect_eq(remind_next_threshold(&pol, &(struct remind_input){
	    .cred = &cred, .cycle = &cyc, .status = &st,
	    .today = cyc.valid_through + 60,
	    .last_pass = COMP_NO_DATE }), COMP_NO_DATE);

	pol.lapsed_repeat = 30;
	/* Lapsed on +31; +61 is the first repeat, +91 the second. */
	plan_d(cyc.valid_through + 61, cyc.valid_through + 60);
	cr_expect_eq(count_send(), 1);
	expect_send("lapsed-30");
	cr_expect(find("lapsed-30")->current);
	cr_expect_eq(find("lapsed-30")->kind, REMIND_LAPSED_AGAIN);
	cr_expect_eq(find("lapsed-30")->threshold, cyc.valid_through + 61);
	expect_skip("lapsed", REMIND_WHY_SUPERSEDED);
	plan_d(cyc.valid_through + 100, cyc.valid_through + 99);
	expect_send("lapsed-60");
	expect_absent("lapsed-30");
	cr_expect_eq(remind_next_threshold(&pol, &(struct remind_input){
	    .cred = &cred, .cycle = &cyc, .status = &st,
	    .today = cyc.valid_through + 100,
	    .last_pass = COMP_NO_DATE }), cyc.valid_through + 121);
	/* Before the first repeat: the lapse itself. */
	plan_d(cyc.valid_through + 45, cyc.valid_through + 44);
	expect_send("lapsed");
	expect_absent("lapsed-30");
}

Test(remind, lapsed_repeat_keys)
{
	enum remind_kind k;
	int off;
	char key[REMIND_KEY_MAX];

	cr_assert_eq(remind_key_parse("lapsed-30", &k, &off), 0);
	cr_expect_eq(k, REMIND_LAPSED_AGAIN);
	cr_expect_eq(off, 30);
	cr_assert_eq(remind_key_parse("lapsed", &k, &off), 0);
	cr_expect_eq(k, REMIND_LAPSED);
	cr_expect_eq(remind_key_parse("lapsed-0", &k, &off), -1);
	cr_expect_eq(remind_key_parse("lapsed-", &k, &off), -1);
	cr_assert_eq(remind_key_format(REMIND_LAPSED_AGAIN, 3650, key,
	    sizeof(key)), 0);
	cr_expect_str_eq(key, "lapsed-3650");
	cr_expect_lt(remind_urgency(REMIND_LAPSED_AGAIN, 60),
	    remind_urgency(REMIND_LAPSED_AGAIN, 30));
	cr_expect_lt(remind_urgency(REMIND_LAPSED_AGAIN, 30),
	    remind_urgency(REMIND_LAPSED, 0));
}
