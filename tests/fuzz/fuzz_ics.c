/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target for the iCalendar builder (lib/report/ics.h): names,
 * titles and dates that came in through imports, as `cetrack calendar`
 * and the email attachment turn them into a VCALENDAR with libical.
 *
 * The first byte chooses the way in. Even: up to three events given to
 * ics_add directly, each five fields of the rest cut at NUL bytes (uid,
 * summary, description, date as YYYY-MM-DD or a day count, alarm days).
 * Odd: one credential's cycle through ics_add_cycle, the next 28 bytes
 * its dates, hours and number of requirements still open, then fields:
 * person name, program, number, state, and labels for those
 * requirements (used in turn). A cycle whose texts are valid UTF-8 that
 * fits the model's fields must make a calendar.
 *
 * The text rendered must be well formed (RFC 5545 3.1): every line ends
 * in CRLF with no bare CR or LF, is at most 75 octets, and no folded
 * line is empty; unfolded, it is one VCALENDAR with one VEVENT per event,
 * whose UID, SUMMARY and DESCRIPTION unescape to the texts given.
 *
 * libical 3.0 folds a property line together with its CRLF, so that a
 * long token ended as "CR, fold, LF" (a bare CR and a bare LF) or left a
 * line that is only the fold's blank (libical PR #1338; issue 16,
 * finding 9): ics_render folds the lines itself since 5ef3da5, and the
 * shortest inputs that showed it, tests/fuzz/crashes/ics-fold-*.bin, run
 * as regression seeds.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "base/date.h"
#include "base/model.h"
#include "base/util.h"
#include "report/ics.h"
#include "rules/compliance.h"

#define FUZZ_EVENTS	3
#define FUZZ_LABELS	10
#define FUZZ_REQS	48	/* open requirements, at most */
#define FUZZ_STAMP	1798794000	/* 2027-01-01T21:00:00Z */

struct fuzz_want {
	const char	*uid;
	const char	*summary;
	const char	*description;
};

static int	fuzz_day(const char *, int);
static int	fuzz_events(const uint8_t *, size_t, struct ics_calendar *,
		    struct fuzz_want *);
static int	fuzz_cycle(const uint8_t *, size_t, struct ics_calendar *,
		    struct fuzz_want *);
static void	fuzz_check(char *, const struct fuzz_want *, int);
static char	*fuzz_unescape(const char *, size_t);
static const char *fuzz_prop(const char *, const char *, const char *);

static struct fuzz_fields	ff;

static int
fuzz_day(const char *s, int dflt)
{
	long long	v;
	int		d;

	if (date_parse_iso(s, &d) == 0)
		return d;
	if (cet_strtonum(s, INT_MIN, INT_MAX, &v) == 0)
		return (int)v;
	return dflt;
}

static int
fuzz_events(const uint8_t *data, size_t len, struct ics_calendar *cal,
    struct fuzz_want *want)
{
	struct ics_event	 ev;
	long long		 v;
	char			 err[512];
	int			 n = 0, i, dflt;

	(void)date_from_ymd(2027, 5, 31, &dflt);
	fuzz_split(data, len, 5 * FUZZ_EVENTS, &ff);
	for (i = 0; i < FUZZ_EVENTS; i++) {
		if (i > 0 && ff.len[5 * i] == 0 && ff.len[5 * i + 1] == 0)
			break;
		memset(&ev, 0, sizeof(ev));
		ev.uid = ff.v[5 * i];
		ev.summary = ff.v[5 * i + 1];
		ev.description = ff.v[5 * i + 2];
		ev.date = fuzz_day(ff.v[5 * i + 3], dflt);
		ev.alarm_days = ICS_NO_ALARM;
		if (cet_strtonum(ff.v[5 * i + 4], INT_MIN, INT_MAX, &v) == 0)
			ev.alarm_days = (int)v;
		if (ics_add(cal, &ev, err, sizeof(err)) == -1) {
			FUZZ_CHECK(err[0] != '\0');
			continue;
		}
		want[n].uid = ev.uid;
		want[n].summary = ev.summary;
		want[n].description = ev.description;
		n++;
	}
	return n;
}

/* 28 bytes of dates, hours and a count, then the texts. */
static int
fuzz_cycle(const uint8_t *data, size_t len, struct ics_calendar *cal,
    struct fuzz_want *want)
{
	struct person		 pe;
	struct credential	 cr;
	struct cycle		 cy;
	struct comp_result	 res;
	struct comp_req		 reqs[1 + FUZZ_REQS];
	int32_t			 x[7];
	char			 err[512];
	size_t			 i, nlab, nreq;
	int			 valid = 1, rc, base;

	if (len < sizeof(x))
		return -1;
	memcpy(x, data, sizeof(x));
	fuzz_split(data + sizeof(x), len - sizeof(x), 4 + FUZZ_LABELS, &ff);
	(void)date_from_ymd(2027, 5, 31, &base);

	memset(&pe, 0, sizeof(pe));
	memset(&cr, 0, sizeof(cr));
	memset(&cy, 0, sizeof(cy));
	memset(&res, 0, sizeof(res));
	memset(reqs, 0, sizeof(reqs));
	pe.id = 1;
	cr.id = 3;
	cr.person_id = 1;
	cr.status = CRED_ACTIVE;
	cy.id = 7;
	cy.credential_id = 3;
	cy.closed = -1;
	/* Within about 55 years of 2027: inside what ics_add accepts. */
	cy.valid_through = base + (int)((uint32_t)x[0] % 40000) - 20000;
	cy.start = cy.valid_through - 730;
	res.state = (enum comp_state)((uint32_t)x[1] % 6);
	res.days_left = (int)((uint32_t)x[1] % 4000) - 2000;
	res.window_opens = x[2] & 1 ? COMP_NO_DATE :
	    cy.valid_through - (int)((uint32_t)x[2] % 800);
	res.window_closes = cy.valid_through;
	res.late_until = x[3] & 1 ? COMP_NO_DATE :
	    cy.valid_through + (int)((uint32_t)x[3] % 400) - 100;
	res.required = (long)((uint32_t)x[4] % 10000000);
	res.counted = (long)((uint32_t)x[5] % 10000000);
	res.remaining = res.required > res.counted ?
	    res.required - res.counted : 0;

	valid &= cet_strlcpy(pe.name, ff.v[0], sizeof(pe.name)) <
	    sizeof(pe.name) && cet_utf8_valid(ff.v[0]);
	valid &= cet_strlcpy(cr.program, ff.v[1], sizeof(cr.program)) <
	    sizeof(cr.program) && cet_utf8_valid(ff.v[1]);
	valid &= cet_strlcpy(cr.number, ff.v[2], sizeof(cr.number)) <
	    sizeof(cr.number) && cet_utf8_valid(ff.v[2]);
	valid &= cet_strlcpy(cr.state, ff.v[3], sizeof(cr.state)) <
	    sizeof(cr.state) && cet_utf8_valid(ff.v[3]);
	(void)cet_strlcpy(reqs[0].id, "total", sizeof(reqs[0].id));
	for (nlab = 0; nlab < FUZZ_LABELS && ff.len[4 + nlab] > 0; nlab++)
		valid &= ff.len[4 + nlab] < sizeof(reqs[0].label) &&
		    cet_utf8_valid(ff.v[4 + nlab]);
	nreq = nlab > 0 ? (uint32_t)x[6] % (FUZZ_REQS + 1) : 0;
	for (i = 0; i < nreq; i++) {
		struct comp_req	*q = &reqs[1 + i];

		(void)cet_strlcpy(q->label, ff.v[4 + i % nlab],
		    sizeof(q->label));
		q->remaining = (long)(i * 150);
		q->course_only = i % 3 == 2;
	}
	res.reqs = reqs;
	res.nreqs = 1 + nreq;

	rc = ics_add_cycle(cal, &pe, &cr, &cy, &res, err, sizeof(err));
	if (rc == -1) {
		FUZZ_CHECK(err[0] != '\0');
		if (valid)
			fprintf(stderr, "fuzz_ics: %s\n", err);
		FUZZ_CHECK(!valid);
		return -1;
	}
	/* Texts made by ics_add_cycle: want[] stays empty, not compared. */
	FUZZ_CHECK(cal->n >= 1 && cal->n <= FUZZ_EVENTS);
	return (int)cal->n;
}

/* TEXT unescaped (RFC 5545 3.3.11). */
static char *
fuzz_unescape(const char *s, size_t len)
{
	char	*out, *w;
	size_t	 i;

	out = w = xmalloc(len + 1);
	for (i = 0; i < len; i++) {
		if (s[i] != '\\' || i + 1 == len) {
			*w++ = s[i];
			continue;
		}
		i++;
		*w++ = s[i] == 'n' || s[i] == 'N' ? '\n' : s[i];
	}
	*w = '\0';
	return out;
}

/* The value of "NAME:" in the unfolded block [s, end), or NULL. */
static const char *
fuzz_prop(const char *s, const char *end, const char *name)
{
	const char	*p;
	size_t		 n = strlen(name);

	for (p = s; p < end; p = strchr(p, '\n') + 1)
		if (strncmp(p, name, n) == 0)
			return p + n;
	return NULL;
}

static void
fuzz_check(char *ics, const struct fuzz_want *want, int nev)
{
	const char	*p, *ev, *evend, *v, *alarm;
	char		*u, *got, *w;
	size_t		 n, col = 0;
	int		 k;

	for (p = ics; *p != '\0'; p++) {
		if (*p == '\r') {
			FUZZ_CHECK(p[1] == '\n');	/* no bare CR */
			FUZZ_CHECK(col <= 75);
			/* A fold with nothing after it. */
			FUZZ_CHECK(!(col == 1 && p[-1] == ' ' &&
			    p - ics >= 3 && p[-2] == '\n'));
			col = 0;
			p++;
			continue;
		}
		FUZZ_CHECK(*p != '\n');			/* no bare LF */
		col++;
	}
	FUZZ_CHECK(col == 0);

	/* Unfold: CRLF and the blank after it go; CRLF becomes LF. */
	u = w = xstrdup(ics);
	for (p = ics; *p != '\0'; p++) {
		if (p[0] == '\r' && (p[2] == ' ' || p[2] == '\t')) {
			p += 2;
			continue;
		}
		if (p[0] == '\r')
			continue;
		*w++ = *p;
	}
	*w = '\0';
	FUZZ_CHECK(strncmp(u, "BEGIN:VCALENDAR\n", 16) == 0);
	n = strlen(u);
	FUZZ_CHECK(n >= 14 && strcmp(u + n - 14, "END:VCALENDAR\n") == 0);
	ev = u;
	for (k = 0; k < nev; k++) {
		ev = strstr(ev, "\nBEGIN:VEVENT\n");
		FUZZ_CHECK(ev != NULL);
		ev += 1;
		evend = strstr(ev, "\nEND:VEVENT\n");
		FUZZ_CHECK(evend != NULL);
		evend += 1;
		if ((alarm = strstr(ev, "\nBEGIN:VALARM\n")) != NULL &&
		    alarm < evend)
			evend = alarm + 1;
		if (want[k].summary != NULL) {
			v = fuzz_prop(ev, evend, "UID:");
			FUZZ_CHECK(v != NULL);
			got = fuzz_unescape(v, strcspn(v, "\n"));
			FUZZ_CHECK(strcmp(got, want[k].uid) == 0);
			free(got);
			v = fuzz_prop(ev, evend, "SUMMARY:");
			FUZZ_CHECK(v != NULL);
			got = fuzz_unescape(v, strcspn(v, "\n"));
			FUZZ_CHECK(strcmp(got, want[k].summary) == 0);
			free(got);
			v = fuzz_prop(ev, evend, "DESCRIPTION:");
			if (want[k].description[0] == '\0')
				FUZZ_CHECK(v == NULL);
			else {
				FUZZ_CHECK(v != NULL);
				got = fuzz_unescape(v, strcspn(v, "\n"));
				FUZZ_CHECK(strcmp(got, want[k].description) == 0);
				free(got);
			}
		}
		ev = evend;
	}
	FUZZ_CHECK(strstr(ev, "\nBEGIN:VEVENT\n") == NULL);
	free(u);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct ics_calendar	 cal;
	struct fuzz_want	 want[FUZZ_EVENTS];
	char			*out = NULL, err[512];
	int			 n;

	if (len == 0)
		return 0;
	ics_init(&cal);
	memset(want, 0, sizeof(want));
	if (data[0] & 1)
		n = fuzz_cycle(data + 1, len - 1, &cal, want);
	else
		n = fuzz_events(data + 1, len - 1, &cal, want);
	if (n >= 0) {
		FUZZ_CHECK(ics_render(&cal, FUZZ_STAMP, &out, err,
		    sizeof(err)) == 0);
		/* To look at what a crash made: FUZZ_ICS_DUMP=1. */
		if (getenv("FUZZ_ICS_DUMP") != NULL)
			fputs(out, stderr);
		fuzz_check(out, want, n);
		free(out);
	}
	ics_free(&cal);
	fuzz_fields_free(&ff);
	return 0;
}
