/* SPDX-License-Identifier: ISC */
/*
 * iCalendar export with libical: events are collected in a plain array of
 * owned copies, then turned into a libical component tree and serialized
 * in one go, so that libical does the escaping of TEXT values, the
 * VALUE=DATE parameters, the CRLF line ends and the folding of long lines
 * (RFC 5545 §3.1) instead of hand-written code. libical is Debian-packaged
 * and maintained, and what Evolution and KDE's calendars are built on.
 */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/hours.h"
#include "report/ics.h"
#include "base/util.h"

#ifndef CETRACK_VERSION
#define CETRACK_VERSION "0.0.0"
#endif

#define ICS_PRODID	"-//cetrack//cetrack " CETRACK_VERSION "//EN"
#define ICS_TEXT_MAX	4096		/* a summary or description */
#define ICS_ALARM_MAX	3660		/* ten years of days */

/* An owned copy of an event. */
struct ics_item {
	char	*uid;
	char	*summary;
	char	*description;		/* "" when none */
	int	 date;
	int	 alarm_days;
};

static int	ics_text_ok(const char *, int);
static char	*ics_refold(const char *);
static int	ics_date_ok(int);
static struct icaltimetype ics_date(int);
static icalcomponent *ics_vevent(const struct ics_item *,
		    struct icaltimetype);
static void	ics_describe(char *, size_t, const struct person *,
		    const struct credential *, const struct cycle *,
		    const struct comp_result *);
static const char *ics_kind_name(enum ics_kind);
static const char *ics_state_words(enum comp_state);
static void	ics_cred_label(char *, size_t, const struct credential *);
static void	ics_cut(char *);

void
ics_init(struct ics_calendar *cal)
{
	memset(cal, 0, sizeof(*cal));
}

void
ics_free(struct ics_calendar *cal)
{
	size_t	i;

	if (cal == NULL)
		return;
	for (i = 0; i < cal->n; i++) {
		free(cal->v[i].uid);
		free(cal->v[i].summary);
		free(cal->v[i].description);
	}
	free(cal->v);
	memset(cal, 0, sizeof(*cal));
}

/*
 * Valid UTF-8 without control characters; a description may also hold
 * line feeds (libical writes them as "\n" escapes).
 */
static int
ics_text_ok(const char *s, int newlines)
{
	char	buf[ICS_TEXT_MAX], *line, *next;

	if (cet_strlcpy(buf, s, sizeof(buf)) >= sizeof(buf))
		return 0;
	for (line = buf; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL) {
			if (!newlines)
				return 0;
			*next++ = '\0';
		}
		if (!cet_utf8_valid(line))
			return 0;
	}
	return 1;
}

static int
ics_date_ok(int days)
{
	int	y, m, d;

	if (days == COMP_NO_DATE)
		return 0;
	date_to_ymd(days, &y, &m, &d);
	return y >= DATE_MIN_YEAR && y <= DATE_MAX_YEAR;
}

static struct icaltimetype
ics_date(int days)
{
	struct icaltimetype	t = icaltime_null_date();
	int			y, m, d;

	date_to_ymd(days, &y, &m, &d);
	t.year = y;
	t.month = m;
	t.day = d;
	t.is_date = 1;
	return t;
}

int
ics_add(struct ics_calendar *cal, const struct ics_event *ev, char *err,
    size_t errlen)
{
	struct ics_item	*it;
	const char	*desc = ev->description ? ev->description : "";

	if (ev->uid == NULL || ev->uid[0] == '\0' ||
	    !ics_text_ok(ev->uid, 0)) {
		cet_fmt(err, errlen, "calendar event: uid: empty or not "
		    "printable UTF-8");
		return -1;
	}
	if (ev->summary == NULL || ev->summary[0] == '\0' ||
	    !ics_text_ok(ev->summary, 0)) {
		cet_fmt(err, errlen, "calendar event %s: summary: empty, too "
		    "long or not printable UTF-8", ev->uid);
		return -1;
	}
	if (!ics_text_ok(desc, 1)) {
		cet_fmt(err, errlen, "calendar event %s: description: too "
		    "long or not printable UTF-8", ev->uid);
		return -1;
	}
	if (!ics_date_ok(ev->date)) {
		cet_fmt(err, errlen, "calendar event %s: date: out of range, "
		    "expected a year from %d to %d", ev->uid, DATE_MIN_YEAR,
		    DATE_MAX_YEAR);
		return -1;
	}
	if (ev->alarm_days != ICS_NO_ALARM &&
	    (ev->alarm_days < 0 || ev->alarm_days > ICS_ALARM_MAX)) {
		cet_fmt(err, errlen, "calendar event %s: alarm: %d days, "
		    "expected 0 to %d days before", ev->uid, ev->alarm_days,
		    ICS_ALARM_MAX);
		return -1;
	}
	if (cal->n == cal->cap) {
		cal->cap = cal->cap ? cal->cap * 2 : 8;
		cal->v = xreallocarray(cal->v, cal->cap, sizeof(*cal->v));
	}
	it = &cal->v[cal->n++];
	it->uid = xstrdup(ev->uid);
	it->summary = xstrdup(ev->summary);
	it->description = xstrdup(desc);
	it->date = ev->date;
	it->alarm_days = ev->alarm_days;
	return 0;
}

static const char *
ics_kind_name(enum ics_kind k)
{
	switch (k) {
	case ICS_DEADLINE:
		return "deadline";
	case ICS_WINDOW_OPENS:
		return "window-opens";
	case ICS_LATE_UNTIL:
		return "late-until";
	}
	return "event";
}

/* States in words for people: "at risk", not "at_risk". */
static const char *
ics_state_words(enum comp_state s)
{
	switch (s) {
	case COMP_COMPLETE:
		return "complete";
	case COMP_ON_TRACK:
		return "on track";
	case COMP_BEHIND:
		return "behind";
	case COMP_AT_RISK:
		return "at risk";
	case COMP_GRACE:
		return "in the late renewal period";
	case COMP_LAPSED:
		return "lapsed";
	case COMP_RETIRED:
		return "retired";
	case COMP_INACTIVE:
		return "inactive";
	}
	return "unknown";
}

/* "CCM 00012345", "RN-CA 654321" (the jurisdiction is in the code), or
 * "LPN TX 1234" when the code does not name it. */
static void
ics_cred_label(char *buf, size_t len, const struct credential *cr)
{
	size_t	pl = strlen(cr->program), sl = strlen(cr->state);
	int	named;

	named = sl == 0 || (pl > sl && cr->program[pl - sl - 1] == '-' &&
	    strcmp(cr->program + pl - sl, cr->state) == 0);
	(void)snprintf(buf, len, "%s%s%s %s", cr->program, named ? "" : " ",
	    named ? "" : cr->state, cr->number);
}

int
ics_uid(char *buf, size_t len, const char *dbuid, int64_t cred_id,
    int64_t cycle_id, enum ics_kind kind)
{
	int have = dbuid != NULL && dbuid[0] != '\0';

	return cet_fmt(buf, len, "cetrack-cred-%lld-cycle-%lld-%s@%s%scetrack",
	    (long long)cred_id, (long long)cycle_id, ics_kind_name(kind),
	    have ? dbuid : "", have ? "." : "");
}

/*
 * Drop a character that snprintf cut in half at the end of s: text cut
 * short must still be UTF-8, or ics_add refuses it.
 */
static void
ics_cut(char *s)
{
	size_t		n = strlen(s), i = n, need;
	unsigned char	c;

	while (i > 0 && ((unsigned char)s[i - 1] & 0xc0) == 0x80)
		i--;
	if (i == 0)
		return;
	c = (unsigned char)s[--i];
	need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	if (n - i < need)
		s[i] = '\0';
}

/*
 * The description shared by a cycle's events: where the credential stood
 * when the calendar was made and what is still open. The evaluation date
 * is valid-through minus days_left. Cut short when it does not fit, between
 * two characters.
 */
static void
ics_describe(char *buf, size_t len, const struct person *pe,
    const struct credential *cr, const struct cycle *cy,
    const struct comp_result *res)
{
	char	d1[DATE_BUFSZ], d2[DATE_BUFSZ], h1[HOURS_BUFSZ];
	char	h2[HOURS_BUFSZ], h3[HOURS_BUFSZ];
	char	label[CODE_MAX_LEN + STATE_MAX_LEN + NUMBER_MAX_LEN];
	size_t	i, used;
	int	n;

	ics_cred_label(label, sizeof(label), cr);
	n = snprintf(buf, len, "%s: %s, valid through %s.\n"
	    "State on %s: %s.", pe->name, label,
	    date_format(cy->valid_through, d1),
	    date_format(cy->valid_through - res->days_left, d2),
	    ics_state_words(res->state));
	if (n < 0 || (size_t)n >= len)
		goto cut;	/* truncated: a valid string all the same */
	used = (size_t)n;
	if (res->required > 0 || res->counted > 0) {
		n = snprintf(buf + used, len - used, "\nHours: %s of %s "
		    "counted, %s to go.",
		    hours_format(res->counted, h1, sizeof(h1)),
		    hours_format(res->required, h2, sizeof(h2)),
		    hours_format(res->remaining, h3, sizeof(h3)));
		if (n < 0 || (size_t)n >= len - used)
			goto cut;
		used += (size_t)n;
	}
	/* reqs[0] is the total, already said. */
	for (i = 1; i < res->nreqs; i++) {
		const struct comp_req *q = &res->reqs[i];

		if (q->met)
			continue;
		if (q->course_only)
			n = snprintf(buf + used, len - used, "\nStill open: "
			    "%s (one course).", q->label);
		else
			n = snprintf(buf + used, len - used, "\nStill open: "
			    "%s, %s h to go.", q->label,
			    hours_format(q->remaining, h1, sizeof(h1)));
		if (n < 0 || (size_t)n >= len - used)
			goto cut;
		used += (size_t)n;
	}
	if (res->window_opens != COMP_NO_DATE) {
		n = snprintf(buf + used, len - used, "\nRenewal window: %s to "
		    "%s.", date_format(res->window_opens, d1),
		    date_format(res->window_closes, d2));
		if (n < 0 || (size_t)n >= len - used)
			goto cut;
		used += (size_t)n;
	}
	if (res->late_until > cy->valid_through)
		(void)snprintf(buf + used, len - used, "\nLate renewal "
		    "possible until %s.", date_format(res->late_until, d1));
cut:
	ics_cut(buf);
}

int
ics_add_cycle(struct ics_calendar *cal, const struct person *pe,
    const struct credential *cr, const struct cycle *cy,
    const struct comp_result *res, char *err, size_t errlen)
{
	struct ics_event	 ev;
	char			 uid[128], summary[512], desc[ICS_TEXT_MAX];
	char			 what[256];
	char			 label[CODE_MAX_LEN + STATE_MAX_LEN +
				    NUMBER_MAX_LEN];

	if (cy->id == 0 || cy->closed != -1 || cr->status != CRED_ACTIVE ||
	    res->state == COMP_RETIRED || res->state == COMP_INACTIVE)
		return 0;
	ics_cred_label(label, sizeof(label), cr);
	if (cet_fmt(what, sizeof(what), "%s (%s)", label, pe->name) == -1) {
		cet_fmt(err, errlen, "credential %lld: name too long for a "
		    "calendar entry", (long long)cr->id);
		return -1;
	}
	ics_describe(desc, sizeof(desc), pe, cr, cy, res);

	memset(&ev, 0, sizeof(ev));
	ev.uid = uid;
	ev.summary = summary;
	ev.description = desc;

	/* Deadline: the last day of validity, with a month's notice. */
	if (ics_uid(uid, sizeof(uid), cal->dbuid, cr->id, cy->id, ICS_DEADLINE) == -1 ||
	    cet_fmt(summary, sizeof(summary), "Renewal deadline: %s",
	    what) == -1)
		goto toolong;
	ev.date = cy->valid_through;
	ev.alarm_days = 30;
	if (ics_add(cal, &ev, err, errlen) == -1)
		return -1;

	/* Window opens: renewal can be filed from this day. */
	if (res->window_opens != COMP_NO_DATE) {
		if (ics_uid(uid, sizeof(uid), cal->dbuid, cr->id, cy->id,
		    ICS_WINDOW_OPENS) == -1 || cet_fmt(summary,
		    sizeof(summary), "Renewal window opens: %s", what) == -1)
			goto toolong;
		ev.date = res->window_opens;
		ev.alarm_days = 0;
		if (ics_add(cal, &ev, err, errlen) == -1)
			return -1;
	}

	/* Late-until: the last day of the late (grace) period, if any. */
	if (res->late_until != COMP_NO_DATE &&
	    res->late_until > cy->valid_through) {
		if (ics_uid(uid, sizeof(uid), cal->dbuid, cr->id, cy->id,
		    ICS_LATE_UNTIL) == -1 || cet_fmt(summary,
		    sizeof(summary), "Late renewal period ends: %s",
		    what) == -1)
			goto toolong;
		ev.date = res->late_until;
		ev.alarm_days = 7;
		if (ics_add(cal, &ev, err, errlen) == -1)
			return -1;
	}
	return 0;
toolong:
	cet_fmt(err, errlen, "credential %lld: text too long for a calendar "
	    "entry", (long long)cr->id);
	return -1;
}

/* One all-day VEVENT with its optional display alarm. */
static icalcomponent *
ics_vevent(const struct ics_item *it, struct icaltimetype stamp)
{
	icalcomponent		*ev, *alarm;
	struct icaltriggertype	 trig;
	struct icaldurationtype	 dur;

	ev = icalcomponent_vanew(ICAL_VEVENT_COMPONENT,
	    icalproperty_new_uid(it->uid),
	    icalproperty_new_dtstamp(stamp),
	    icalproperty_new_dtstart(ics_date(it->date)),
	    /* DTEND is exclusive: an all-day event ends the next day. */
	    icalproperty_new_dtend(ics_date(it->date + 1)),
	    icalproperty_new_summary(it->summary),
	    /* A reminder date does not make anyone busy. */
	    icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT),
	    (void *)0);
	if (ev == NULL)
		return NULL;
	if (it->description[0] != '\0')
		icalcomponent_add_property(ev,
		    icalproperty_new_description(it->description));
	if (it->alarm_days != ICS_NO_ALARM) {
		/* "-P30D", built by hand: from seconds libical would
		 * write weeks, which RFC 5545 does not let mix with days. */
		dur = icaldurationtype_null_duration();
		dur.is_neg = it->alarm_days > 0;
		dur.days = (unsigned int)it->alarm_days;
		memset(&trig, 0, sizeof(trig));
		trig.time = icaltime_null_time();
		trig.duration = dur;
		alarm = icalcomponent_vanew(ICAL_VALARM_COMPONENT,
		    icalproperty_new_action(ICAL_ACTION_DISPLAY),
		    icalproperty_new_trigger(trig),
		    icalproperty_new_description(it->summary),
		    (void *)0);
		if (alarm == NULL) {
			icalcomponent_free(ev);
			return NULL;
		}
		icalcomponent_add_component(ev, alarm);
	}
	return ev;
}

/*
 * libical 3.0 folds some long runs without blanks (73 or 74 octets) inside
 * the CRLF that ends a content line, leaving a bare CR and a bare LF
 * (issue 16, 9; a 71-character name reaches it). Undo every fold (CRLF
 * then a space or tab), which also joins the split CRLF again, and fold
 * each content line ourselves: at most 75 octets a line, never inside a
 * UTF-8 sequence (RFC 5545 3.1). TEXT values hold no raw CR or LF (libical
 * escapes them), so nothing else is joined.
 */
static char *
ics_refold(const char *s)
{
	char		*flat, *out;
	const char	*p, *end;
	size_t		 len = strlen(s), i, n, o, col;

	flat = xmalloc(len + 1);
	for (i = n = 0; i < len; i++) {
		if (s[i] == '\r' && s[i + 1] == '\n' && (s[i + 2] == ' ' ||
		    s[i + 2] == '\t')) {
			i += 2;
			continue;
		}
		flat[n++] = s[i];
	}
	flat[n] = '\0';
	/* A fold (3 octets) at most every 72 octets: twice is plenty. */
	out = xmalloc(2 * n + 3);
	for (p = flat, o = 0; *p != '\0'; p = end + (*end != '\0' ? 2 : 0)) {
		if ((end = strstr(p, "\r\n")) == NULL)
			end = p + strlen(p);
		for (col = 0; p < end; ) {
			/* A whole UTF-8 sequence, or a fold before it. */
			n = 1;
			while (p + n < end && ((unsigned char)p[n] & 0xc0) ==
			    0x80)
				n++;
			if (col + n > 75) {
				memcpy(out + o, "\r\n ", 3);
				o += 3;
				col = 1;
			}
			memcpy(out + o, p, n);
			o += n;
			col += n;
			p += n;
		}
		if (*end != '\0') {
			memcpy(out + o, "\r\n", 2);
			o += 2;
		}
	}
	out[o] = '\0';
	free(flat);
	return out;
}

int
ics_render(const struct ics_calendar *cal, time_t dtstamp, char **out,
    char *err, size_t errlen)
{
	icalcomponent		*root = NULL, *ev;
	struct icaltimetype	 stamp;
	char			*s = NULL;
	size_t			 i;
	int			 rc = -1;

	*out = NULL;
	stamp = icaltime_from_timet_with_zone(dtstamp, 0,
	    icaltimezone_get_utc_timezone());
	root = icalcomponent_vanew(ICAL_VCALENDAR_COMPONENT,
	    icalproperty_new_prodid(ICS_PRODID),
	    icalproperty_new_version("2.0"),
	    icalproperty_new_calscale("GREGORIAN"),
	    icalproperty_new_method(ICAL_METHOD_PUBLISH),
	    (void *)0);
	if (root == NULL) {
		cet_fmt(err, errlen, "calendar: %s",
		    icalerror_strerror(icalerrno));
		goto out;
	}
	for (i = 0; i < cal->n; i++) {
		if ((ev = ics_vevent(&cal->v[i], stamp)) == NULL) {
			cet_fmt(err, errlen, "calendar event %s: %s",
			    cal->v[i].uid, icalerror_strerror(icalerrno));
			goto out;
		}
		icalcomponent_add_component(root, ev);
	}
	if ((s = icalcomponent_as_ical_string_r(root)) == NULL) {
		cet_fmt(err, errlen, "calendar: %s",
		    icalerror_strerror(icalerrno));
		goto out;
	}
	/* Our own copy, folded again (ics_refold), freed with free(). */
	*out = ics_refold(s);
	rc = 0;
out:
	if (s != NULL)
		icalmemory_free_buffer(s);
	if (root != NULL)
		icalcomponent_free(root);
	return rc;
}

int
ics_for_status(const char *dbuid, const struct person *pe,
    const struct credential *cr, const struct cycle *cy,
    const struct comp_result *res, time_t dtstamp, char **out, char *err,
    size_t errlen)
{
	struct ics_calendar	cal;
	int			rc = -1;

	*out = NULL;
	ics_init(&cal);
	if (dbuid != NULL)
		(void)cet_strlcpy(cal.dbuid, dbuid, sizeof(cal.dbuid));
	if (ics_add_cycle(&cal, pe, cr, cy, res, err, errlen) == -1)
		goto out;
	if (ics_render(&cal, dtstamp, out, err, errlen) == -1)
		goto out;
	rc = 0;
out:
	ics_free(&cal);
	return rc;
}
