/* SPDX-License-Identifier: ISC */
/*
 * The iCalendar export: calendars built by lib/ics are parsed back with
 * libical's own parser and checked property by property (all-day dates,
 * stable UIDs, DTSTAMP, alarms, escaping), and the raw text is checked for
 * what RFC 5545 demands of the octets (CRLF, lines folded at 75 octets
 * without splitting a UTF-8 character). Every person is fictional.
 */
#include <criterion/criterion.h>
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "rules/compliance.h"
#include "base/date.h"
#include "report/ics.h"
#include "rules/programs.h"
#include "base/util.h"

/* 2027-03-02T09:00:00Z */
#define STAMP	((time_t)1803978000)

static struct program_set set;
static struct person pe;
static struct credential cred;
static struct cycle cyc;
static struct activity acts[8];
static size_t nacts;
static struct comp_result res;
static char *text;
static icalcomponent *parsed;

static void
setup(void)
{
	struct errlist errs = { 0 };

	cr_assert_eq(programs_load(&set, NULL, &errs), 0,
	    "shipped packs refused: %s", errs.n ? errs.v[0] : "?");
	errlist_free(&errs);
	memset(&pe, 0, sizeof(pe));
	memset(&cred, 0, sizeof(cred));
	memset(&cyc, 0, sizeof(cyc));
	memset(acts, 0, sizeof(acts));
	memset(&res, 0, sizeof(res));
	nacts = 0;
	text = NULL;
	parsed = NULL;
	pe.id = 1;
	cet_strlcpy(pe.name, "Dana Reyes, RN, CCM", sizeof(pe.name));
	cred.id = 3;
	cred.person_id = 1;
	cred.status = CRED_ACTIVE;
	cet_strlcpy(cred.program, "CCM", sizeof(cred.program));
	cet_strlcpy(cred.number, "00012345", sizeof(cred.number));
	cyc.id = 7;
	cyc.credential_id = 3;
	cyc.renewal_index = 2;
	cyc.closed = -1;
}

static void
teardown(void)
{
	if (parsed != NULL)
		icalcomponent_free(parsed);
	free(text);
	comp_release(&res);
	programs_free(&set);
}

TestSuite(ics, .init = setup, .fini = teardown);

static void
act(const char *date, const char *hours, const char *topic)
{
	struct activity *a = &acts[nacts];

	a->id = (int64_t)++nacts;
	a->person_id = 1;
	a->date = D(date);
	cr_assert_eq(hours_parse(hours, &a->amount), 0);
	cet_strlcpy(a->format, "live", sizeof(a->format));
	cet_strlcpy(a->approvals[0].body, "CCMC", ATTR_MAX_LEN);
	a->napprovals = 1;
	if (topic != NULL) {
		cet_strlcpy(a->topics[0].topic, topic, ATTR_MAX_LEN);
		a->topics[0].centi = -1;
		a->ntopics = 1;
	}
}

/* Dana's CCM of the reminder scenario: 62.5 of 80 h, 3 of 8 ethics. */
static void
dana(const char *as_of)
{
	struct comp_input in;
	char err[256];

	cyc.start = D("2022-06-01");
	cyc.valid_through = D("2027-05-31");
	act("2023-02-10", "40", NULL);
	act("2024-09-12", "19.5", NULL);
	act("2025-04-01", "1.5", "ethics");
	act("2026-01-20", "1.5", "ethics");
	memset(&in, 0, sizeof(in));
	in.prog = programs_find(&set, "CCM");
	cr_assert_not_null(in.prog);
	in.cred = &cred;
	in.cycle = &cyc;
	in.acts = acts;
	in.nacts = nacts;
	in.as_of = D(as_of);
	cr_assert_eq(compliance_evaluate(&in, &res, err, sizeof(err)), 0,
	    "%s", err);
}

/* Parse `text` back; the parser must see no error at all. */
static void
parse(void)
{
	cr_assert_not_null(text);
	parsed = icalparser_parse_string(text);
	cr_assert_not_null(parsed, "libical could not parse:\n%s", text);
	cr_assert_eq(icalcomponent_isa(parsed), ICAL_VCALENDAR_COMPONENT);
	cr_assert_eq(icalcomponent_count_errors(parsed), 0,
	    "parse errors in:\n%s", text);
}

static icalcomponent *
event(const char *uid)
{
	icalcomponent *c;

	for (c = icalcomponent_get_first_component(parsed,
	    ICAL_VEVENT_COMPONENT); c != NULL;
	    c = icalcomponent_get_next_component(parsed,
	    ICAL_VEVENT_COMPONENT)) {
		if (strcmp(icalcomponent_get_uid(c), uid) == 0)
			return c;
	}
	cr_assert_fail("no event %s in:\n%s", uid, text);
	return NULL;
}

static void
expect_date(icalcomponent *ev, const char *ymd)
{
	struct icaltimetype t = icalcomponent_get_dtstart(ev);
	struct icaltimetype e = icalcomponent_get_dtend(ev);
	char got[DATE_BUFSZ];
	int d;

	cr_expect(t.is_date, "DTSTART is not a DATE");
	cr_expect(e.is_date, "DTEND is not a DATE");
	cr_assert_eq(date_from_ymd(t.year, t.month, t.day, &d), 0);
	cr_expect_str_eq(date_format(d, got), ymd);
	cr_assert_eq(date_from_ymd(e.year, e.month, e.day, &d), 0);
	cr_expect_eq(d, D(ymd) + 1, "DTEND is not the next day");
}

static int
count_events(void)
{
	return icalcomponent_count_components(parsed, ICAL_VEVENT_COMPONENT);
}

/* The alarm's trigger, as text ("-P30D"). */
static const char *
trigger(icalcomponent *ev)
{
	icalcomponent *al;
	icalproperty *p;

	al = icalcomponent_get_first_component(ev, ICAL_VALARM_COMPONENT);
	if (al == NULL)
		return NULL;
	p = icalcomponent_get_first_property(al, ICAL_TRIGGER_PROPERTY);
	cr_assert_not_null(p);
	return icalproperty_get_value_as_string(p);
}

Test(ics, dana_ccm_has_deadline_window_and_late_until)
{
	char err[256];
	icalcomponent *ev;

	dana("2027-03-02");
	cr_assert_eq(ics_for_status("", &pe, &cred, &cyc, &res, STAMP, &text,
	    err, sizeof(err)), 0, "%s", err);
	parse();

	cr_expect_str_eq(icalproperty_get_prodid(icalcomponent_get_first_property(
	    parsed, ICAL_PRODID_PROPERTY)), "-//cetrack//cetrack "
	    CETRACK_VERSION "//EN");
	cr_expect_str_eq(icalproperty_get_version(
	    icalcomponent_get_first_property(parsed, ICAL_VERSION_PROPERTY)),
	    "2.0");
	cr_expect_eq(icalproperty_get_method(icalcomponent_get_first_property(
	    parsed, ICAL_METHOD_PROPERTY)), ICAL_METHOD_PUBLISH);
	cr_expect_eq(count_events(), 3);

	ev = event("cetrack-cred-3-cycle-7-deadline@cetrack");
	expect_date(ev, "2027-05-31");
	cr_expect_str_eq(icalcomponent_get_summary(ev),
	    "Renewal deadline: CCM 00012345 (Dana Reyes, RN, CCM)");
	cr_expect_str_eq(trigger(ev), "-P30D");
	cr_expect(strstr(icalcomponent_get_description(ev),
	    "Hours: 62.5 of 80 counted, 17.5 to go.") != NULL, "%s",
	    icalcomponent_get_description(ev));
	cr_expect(strstr(icalcomponent_get_description(ev), ", 5 h to go.")
	    != NULL, "ethics missing: %s", icalcomponent_get_description(ev));
	cr_expect(strstr(icalcomponent_get_description(ev),
	    "State on 2027-03-02: at risk.") != NULL, "%s",
	    icalcomponent_get_description(ev));

	ev = event("cetrack-cred-3-cycle-7-window-opens@cetrack");
	expect_date(ev, "2027-03-01");
	cr_expect_str_eq(trigger(ev), "PT0S");

	ev = event("cetrack-cred-3-cycle-7-late-until@cetrack");
	expect_date(ev, "2027-06-30");
	cr_expect_str_eq(trigger(ev), "-P7D");

	/* DTSTAMP is the instant passed in, in UTC. */
	cr_expect(strstr(text, "\r\nDTSTAMP:20270302T090000Z\r\n") != NULL);
	cr_expect(strstr(text, "\r\nDTSTART;VALUE=DATE:20270531\r\n") !=
	    NULL);
}

/* The octets: CRLF only, no line over 75 octets, a folded line never
 * splits a UTF-8 sequence, and the text ends with CRLF. */
static void
expect_octets(void)
{
	const unsigned char *p = (const unsigned char *)text, *line = p;

	cr_assert_gt(strlen(text), 2);
	cr_expect_str_eq(text + strlen(text) - 2, "\r\n");
	for (; *p != '\0'; p++) {
		if (*p == '\n') {
			cr_assert(p > line && p[-1] == '\r',
			    "bare LF at offset %td", (const char *)p - text);
			cr_expect_leq(p - 1 - line, 75, "line of %td octets",
			    p - 1 - line);
			/* A continuation must not begin inside a UTF-8
			 * sequence (after the folding space). */
			if (p[1] == ' ')
				cr_expect_neq(p[2] & 0xc0, 0x80,
				    "fold splits a UTF-8 character");
			line = p + 1;
		} else if (*p == '\r')
			cr_assert_eq(p[1], '\n', "bare CR");
	}
}

Test(ics, long_unicode_text_folds_and_comes_back_intact)
{
	struct ics_calendar cal;
	struct ics_event ev;
	char err[256];
	const char *summary = "Renewal deadline: LCSW-TX 88; José Núñez-"
	    "Ødegård, LCSW, \"clinical\" — supervisor of the Ñandú "
	    "outpatient team, Ærø campus, 東京 liaison";
	const char *desc = "Line one, with a comma; and a semicolon.\n"
	    "Line two: ünïcödé tëxt that is long enough to need folding "
	    "more than once at seventy-five octets per line, ☃☃☃☃☃☃☃☃☃☃.";

	ics_init(&cal);
	memset(&ev, 0, sizeof(ev));
	ev.uid = "cetrack-test-1@cetrack";
	ev.date = D("2028-02-29");
	ev.summary = summary;
	ev.description = desc;
	ev.alarm_days = ICS_NO_ALARM;
	cr_assert_eq(ics_add(&cal, &ev, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(ics_render(&cal, STAMP, &text, err, sizeof(err)), 0,
	    "%s", err);
	ics_free(&cal);
	expect_octets();
	parse();
	cr_expect_str_eq(icalcomponent_get_summary(event(ev.uid)), summary);
	cr_expect_str_eq(icalcomponent_get_description(event(ev.uid)), desc);
	expect_date(event(ev.uid), "2028-02-29");
	cr_expect_null(trigger(event(ev.uid)));
	/* TEXT escaping by libical, not by hand. */
	cr_expect(strstr(text, "comma\\; and") != NULL, "%s", text);
}

/*
 * A description cut short ends between two characters: with many open
 * requirements named in two-byte letters it used to end in half of one,
 * which ics_add refused, and the credential had no calendar (found with
 * tests/fuzz/fuzz_ics.c). Both parities of the cut are tried.
 */
Test(ics, a_long_description_is_cut_between_characters)
{
	struct comp_result	r;
	struct comp_req		reqs[41];
	char			err[256];
	const char		*desc;
	size_t			i, n, skew;

	cyc.start = D("2025-06-01");
	cyc.valid_through = D("2027-05-31");
	for (skew = 0; skew < 2; skew++) {
		memset(&r, 0, sizeof(r));
		memset(reqs, 0, sizeof(reqs));
		r.state = COMP_AT_RISK;
		r.window_opens = COMP_NO_DATE;
		r.late_until = COMP_NO_DATE;
		cet_strlcpy(reqs[0].id, "total", sizeof(reqs[0].id));
		for (i = 1; i < 41; i++) {
			n = 0;
			if (skew)
				reqs[i].label[n++] = 'a';
			while (n + 2 < sizeof(reqs[i].label)) {
				reqs[i].label[n++] = '\xc3';	/* é */
				reqs[i].label[n++] = '\xa9';
			}
			reqs[i].remaining = 100;
		}
		r.reqs = reqs;
		r.nreqs = 41;
		free(text);
		text = NULL;
		cr_assert_eq(ics_for_status("", &pe, &cred, &cyc, &r, STAMP, &text,
		    err, sizeof(err)), 0, "skew %zu: %s", skew, err);
		if (parsed != NULL)
			icalcomponent_free(parsed);
		parse();
		desc = icalcomponent_get_description(
		    event("cetrack-cred-3-cycle-7-deadline@cetrack"));
		cr_assert_not_null(desc);
		cr_expect(cet_utf8_form(desc), "skew %zu", skew);
		cr_expect_gt(strlen(desc), 3000);
	}
}

Test(ics, same_data_same_bytes)
{
	char err[256], *again = NULL;

	dana("2027-03-02");
	cr_assert_eq(ics_for_status("", &pe, &cred, &cyc, &res, STAMP, &text,
	    err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(ics_for_status("", &pe, &cred, &cyc, &res, STAMP, &again,
	    err, sizeof(err)), 0, "%s", err);
	cr_expect_str_eq(text, again);
	free(again);
	expect_octets();
}

Test(ics, empty_calendar_is_valid)
{
	struct ics_calendar cal;
	char err[256];

	ics_init(&cal);
	cr_assert_eq(ics_render(&cal, STAMP, &text, err, sizeof(err)), 0,
	    "%s", err);
	ics_free(&cal);
	parse();
	cr_expect_eq(count_events(), 0);
	cr_expect(strncmp(text, "BEGIN:VCALENDAR\r\n", 17) == 0, "%s", text);
}

Test(ics, retired_or_closed_adds_nothing)
{
	struct ics_calendar cal;
	char err[256];

	dana("2027-03-02");
	ics_init(&cal);
	cred.status = CRED_RETIRED;
	cr_assert_eq(ics_add_cycle(&cal, &pe, &cred, &cyc, &res, err,
	    sizeof(err)), 0, "%s", err);
	cr_expect_eq(cal.n, 0);
	cred.status = CRED_ACTIVE;
	cyc.closed = D("2027-04-01");
	cr_assert_eq(ics_add_cycle(&cal, &pe, &cred, &cyc, &res, err,
	    sizeof(err)), 0, "%s", err);
	cr_expect_eq(cal.n, 0);
	ics_free(&cal);
}

/* Without a window or a late period only the deadline is exported. */
Test(ics, no_window_no_late_period_only_deadline)
{
	char err[256];

	dana("2027-03-02");
	res.window_opens = COMP_NO_DATE;
	res.late_until = cyc.valid_through;
	cr_assert_eq(ics_for_status("", &pe, &cred, &cyc, &res, STAMP, &text,
	    err, sizeof(err)), 0, "%s", err);
	parse();
	cr_expect_eq(count_events(), 1);
	expect_date(event("cetrack-cred-3-cycle-7-deadline@cetrack"),
	    "2027-05-31");
}

Test(ics, uid_is_stable_and_bounded)
{
	char buf[64], big[128];

	cr_assert_eq(ics_uid(buf, sizeof(buf), "", 12, 345, ICS_LATE_UNTIL),
	    0);
	cr_expect_str_eq(buf, "cetrack-cred-12-cycle-345-late-until@cetrack");
	cr_expect_eq(ics_uid(buf, sizeof(buf), "", INT64_MAX, INT64_MAX,
	    ICS_WINDOW_OPENS), -1);
	cr_expect_eq(ics_uid(buf, 16, "", 1, 1, ICS_DEADLINE), -1);
	/* 128 bytes hold the longest, with a database's id. */
	cr_expect_eq(ics_uid(big, sizeof(big),
	    "0123456789abcdef0123456789abcdef", INT64_MAX, INT64_MAX,
	    ICS_WINDOW_OPENS), 0);
}

/* Two databases number their credentials alike; their UIDs differ by the
 * database's id (schema 8, issue 17). */
Test(ics, uid_names_the_database)
{
	char a[128], b[128], err[256];

	cr_assert_eq(ics_uid(a, sizeof(a), "0123456789abcdef0123456789abcdef",
	    1, 1, ICS_DEADLINE), 0);
	cr_expect_str_eq(a, "cetrack-cred-1-cycle-1-deadline@"
	    "0123456789abcdef0123456789abcdef.cetrack");
	cr_assert_eq(ics_uid(b, sizeof(b), "fedcba9876543210fedcba9876543210",
	    1, 1, ICS_DEADLINE), 0);
	cr_expect_str_neq(a, b);
	dana("2027-03-02");
	cr_assert_eq(ics_for_status("0123456789abcdef0123456789abcdef", &pe,
	    &cred, &cyc, &res, STAMP, &text, err, sizeof(err)), 0, "%s", err);
	parse();
	/* Longer than a line: folded, and read back whole. */
	expect_date(event("cetrack-cred-3-cycle-7-deadline@"
	    "0123456789abcdef0123456789abcdef.cetrack"), "2027-05-31");
}

Test(ics, bad_events_are_refused)
{
	struct ics_calendar cal;
	struct ics_event ev;
	char err[256];

	ics_init(&cal);
	memset(&ev, 0, sizeof(ev));
	ev.uid = "x@cetrack";
	ev.summary = "ok";
	ev.date = D("2027-01-01");
	ev.alarm_days = ICS_NO_ALARM;

	ev.date = COMP_NO_DATE;
	cr_expect_eq(ics_add(&cal, &ev, err, sizeof(err)), -1);
	cr_expect(strstr(err, "date") != NULL, "%s", err);
	ev.date = D("2027-01-01");

	ev.summary = "bad \xff byte";
	cr_expect_eq(ics_add(&cal, &ev, err, sizeof(err)), -1);
	cr_expect(strstr(err, "summary") != NULL, "%s", err);
	ev.summary = "two\nlines";
	cr_expect_eq(ics_add(&cal, &ev, err, sizeof(err)), -1);
	ev.summary = "";
	cr_expect_eq(ics_add(&cal, &ev, err, sizeof(err)), -1);
	ev.summary = "ok";

	ev.description = "bell \a";
	cr_expect_eq(ics_add(&cal, &ev, err, sizeof(err)), -1);
	cr_expect(strstr(err, "description") != NULL, "%s", err);
	ev.description = NULL;

	ev.uid = "";
	cr_expect_eq(ics_add(&cal, &ev, err, sizeof(err)), -1);
	cr_expect(strstr(err, "uid") != NULL, "%s", err);
	ev.uid = "x@cetrack";

	ev.alarm_days = -5;
	cr_expect_eq(ics_add(&cal, &ev, err, sizeof(err)), -1);
	cr_expect(strstr(err, "alarm") != NULL, "%s", err);
	ev.alarm_days = ICS_NO_ALARM;

	cr_expect_eq(cal.n, 0, "a refused event was kept");
	cr_expect_eq(ics_add(&cal, &ev, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(cal.n, 1);
	ics_free(&cal);
}
