/* SPDX-License-Identifier: ISC */
/*
 * Reminder text (see notice.h). A message says what is missing, not only a
 * date: the headline names the hours still needed and the days left, the
 * body lists every open requirement, the renewal window, the late period and
 * the pace. Text is assembled in a growing buffer; paragraphs are wrapped to
 * 78 columns, counting UTF-8 code points rather than bytes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/hours.h"
#include "notify/notice.h"
#include "base/util.h"

#define NOTICE_WIDTH	78

struct nbuf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

static void	nb_add(struct nbuf *, const char *, size_t);
static void	nb_vprintf(struct nbuf *, const char *, va_list)
		    __attribute__((format(printf, 2, 0)));
static void	nb_printf(struct nbuf *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static void	nb_wrapf(struct nbuf *, const char *, const char *,
		    const char *, ...) __attribute__((format(printf, 4, 5)));
static void	nb_wrap(struct nbuf *, const char *, const char *,
		    const char *);
static int	nb_is_unit(const char *, size_t);
static char	*nb_finish(struct nbuf *);
static int	notice_today(const struct notice_item *);
static int	notice_past(const struct notice_item *);
static int	notice_complete(const struct notice_item *);
static size_t	notice_open_count(const struct notice_item *,
		    const struct comp_req **);
static void	notice_cred_name(const struct notice_item *, char *, size_t);
static void	notice_headline(struct nbuf *, const struct notice_item *);
static void	notice_req_line(struct nbuf *, const char *, const char *,
		    const struct comp_req *);
static void	notice_details(struct nbuf *, const struct notice_item *,
		    const char *);
static void	notice_greeting(struct nbuf *, const struct notice_item *,
		    size_t);
static int	notice_item_cmp(const void *, const void *);

/* -- buffer ---------------------------------------------------------- */

static void
nb_add(struct nbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t	 cap = b->cap ? b->cap : 256;

		while (b->len + n + 1 > cap)
			cap *= 2;
		b->s = xreallocarray(b->s, cap, 1);
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
nb_vprintf(struct nbuf *b, const char *fmt, va_list ap)
{
	va_list	 cp;
	int	 n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n <= 0)
		return;			/* nothing, or an encoding error */
	nb_add(b, "", 0);
	if (b->len + (size_t)n + 1 > b->cap) {
		b->cap = b->len + (size_t)n + 1;
		b->s = xreallocarray(b->s, b->cap, 1);
	}
	if (vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap) == n)
		b->len += (size_t)n;
	b->s[b->len] = '\0';
}

static void
nb_printf(struct nbuf *b, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	nb_vprintf(b, fmt, ap);
	va_end(ap);
}

/* Format a paragraph and append it wrapped (see nb_wrap). */
static void
nb_wrapf(struct nbuf *b, const char *first, const char *rest,
    const char *fmt, ...)
{
	struct nbuf	 t = { NULL, 0, 0 };
	va_list		 ap;

	va_start(ap, fmt);
	nb_vprintf(&t, fmt, ap);
	va_end(ap);
	nb_wrap(b, first, rest, nb_finish(&t));
	free(t.s);
}

/*
 * Append `text` as a paragraph wrapped to NOTICE_WIDTH columns: the first
 * line starts with `first`, the following ones with `rest`. A word longer
 * than a line is left whole.
 */
static void
nb_wrap(struct nbuf *b, const char *first, const char *rest,
    const char *text)
{
	const char	*p = text, *w;
	size_t		 col, wlen, wcols, i;
	int		 atstart = 1;

	nb_add(b, first, strlen(first));
	col = cet_utf8_len(first);
	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		w = p;
		while (*p != '\0' && *p != ' ')
			p++;
		/* Keep a number with its unit: "17.5 h" is one word. */
		if (*p == ' ') {
			const char *n = p + 1, *e = n;

			while (*e != '\0' && *e != ' ')
				e++;
			if (nb_is_unit(n, (size_t)(e - n)))
				p = e;
		}
		wlen = (size_t)(p - w);
		for (wcols = 0, i = 0; i < wlen; i++)
			if (((unsigned char)w[i] & 0xc0) != 0x80)
				wcols++;
		if (!atstart && col + 1 + wcols > NOTICE_WIDTH) {
			nb_add(b, "\n", 1);
			nb_add(b, rest, strlen(rest));
			col = cet_utf8_len(rest);
			atstart = 1;
		}
		if (!atstart) {
			nb_add(b, " ", 1);
			col++;
		}
		nb_add(b, w, wlen);
		col += wcols;
		atstart = 0;
	}
	nb_add(b, "\n", 1);
}

/* Whether a word is the unit "h", possibly followed by punctuation. */
static int
nb_is_unit(const char *w, size_t wlen)
{
	size_t	 i;

	if (wlen == 0 || w[0] != 'h')
		return 0;
	for (i = 1; i < wlen; i++)
		if (strchr(",.;:)", w[i]) == NULL)
			return 0;
	return 1;
}

static char *
nb_finish(struct nbuf *b)
{
	if (b->s == NULL)
		nb_add(b, "", 0);
	return b->s;
}

/* -- facts ----------------------------------------------------------- */

static int
notice_today(const struct notice_item *it)
{
	return it->cycle->valid_through - it->status->days_left;
}

static int
notice_past(const struct notice_item *it)
{
	return it->status->state == COMP_GRACE ||
	    it->status->state == COMP_LAPSED || it->status->days_left < 0;
}

static int
notice_complete(const struct notice_item *it)
{
	size_t	 i;

	for (i = 0; i < it->status->nreqs; i++)
		if (!it->status->reqs[i].met)
			return 0;
	return 1;
}

/* The number of open requirements; *one is set to the first open one
 * other than the total. */
static size_t
notice_open_count(const struct notice_item *it, const struct comp_req **one)
{
	size_t	 i, n = 0;

	*one = NULL;
	for (i = 0; i < it->status->nreqs; i++) {
		if (it->status->reqs[i].met)
			continue;
		n++;
		if (*one == NULL && i > 0)
			*one = &it->status->reqs[i];
	}
	return n;
}

static void
notice_cred_name(const struct notice_item *it, char *buf, size_t len)
{
	const char	*code = it->prog != NULL ? it->prog->code :
	    it->cred->program;

	if (cet_fmt(buf, len, "%s %s", code, it->cred->number) == -1)
		(void)cet_fmt(buf, len, "%s", code);
}

/* Round centi-hours to the nearest tenth of an hour, for estimates. */
static long
notice_tenth(long c)
{
	return c >= 0 ? (c + 5) / 10 * 10 : -((-c + 5) / 10 * 10);
}

static const char *
notice_days(int n)
{
	return n == 1 || n == -1 ? "day" : "days";
}

/* The one-line summary used as the subject and the body's headline,
 * without the credential name. */
static void
notice_headline(struct nbuf *b, const struct notice_item *it)
{
	const struct comp_result *st = it->status;
	const struct comp_req *one;
	char	 vt[DATE_BUFSZ], d[DATE_BUFSZ], h[HOURS_BUFSZ];
	size_t	 nopen;
	int	 today = notice_today(it);

	date_format(it->cycle->valid_through, vt);
	if (st->state == COMP_LAPSED) {
		if (st->late_until > it->cycle->valid_through)
			nb_printf(b, "lapsed (valid through %s, late period "
			    "ended %s)", vt, date_format(st->late_until, d));
		else
			nb_printf(b, "lapsed (valid through %s, no late "
			    "period)", vt);
		return;
	}
	if (notice_past(it)) {
		nb_printf(b, "expired on %s; late renewal possible until %s",
		    vt, date_format(st->late_until, d));
		return;
	}
	if (notice_complete(it)) {
		if (st->window_opens != COMP_NO_DATE &&
		    today < st->window_opens)
			nb_printf(b, "ready to renew; window opens %s "
			    "(valid through %s)", date_format(st->window_opens,
			    d), vt);
		else
			nb_printf(b, "ready to renew, %d %s left (valid "
			    "through %s)", st->days_left,
			    notice_days(st->days_left), vt);
		return;
	}
	nopen = notice_open_count(it, &one);
	if (st->remaining > 0)
		nb_printf(b, "%s h still needed",
		    hours_format(st->remaining, h, sizeof(h)));
	else if (nopen == 1 && one != NULL && one->course_only)
		nb_printf(b, "%s course still needed", one->label);
	else if (nopen == 1 && one != NULL)
		nb_printf(b, "%s h still needed for %s",
		    hours_format(one->remaining, h, sizeof(h)), one->label);
	else
		nb_printf(b, "%zu requirements still open", nopen);
	nb_printf(b, ", %d %s left (valid through %s)", st->days_left,
	    notice_days(st->days_left), vt);
}

static void
notice_req_line(struct nbuf *b, const char *first, const char *rest,
    const struct comp_req *q)
{
	char	 req[HOURS_BUFSZ], got[HOURS_BUFSZ], rem[HOURS_BUFSZ];

	if (q->course_only) {
		nb_wrapf(b, first, rest, "%s: one matching course, not yet "
		    "taken", q->label);
		return;
	}
	hours_format(q->required, req, sizeof(req));
	hours_format(q->counted, got, sizeof(got));
	hours_format(q->remaining, rem, sizeof(rem));
	nb_wrapf(b, first, rest, "%s: %s of %s h, %s h to go", q->label, got,
	    req, rem);
}

const char *
notice_event_label(const struct remind_event *e, char *buf, size_t len)
{
	switch (e->kind) {
	case REMIND_BEFORE:
		if (e->offset == 0)
			return "last day of validity";
		if (cet_fmt(buf, len, "%d %s left", e->offset,
		    notice_days(e->offset)) == -1)
			return "before valid-through";
		return buf;
	case REMIND_AFTER:
		if (cet_fmt(buf, len, "%d %s after valid-through", e->offset,
		    notice_days(e->offset)) == -1)
			return "after valid-through";
		return buf;
	case REMIND_WINDOW_OPEN:
		return "renewal window open";
	case REMIND_AT_RISK:
		return "at risk";
	case REMIND_BEHIND:
		return "behind pace";
	case REMIND_LAPSED:
		return "lapsed";
	case REMIND_LAPSED_AGAIN:
		if (cet_fmt(buf, len, "still lapsed, %d %s on", e->offset,
		    notice_days(e->offset)) == -1)
			return "still lapsed";
		return buf;
	}
	return "reminder";
}

/*
 * The facts of one credential, each line starting with `ind`: who, what,
 * the cycle, the hours, the open requirements, window, late period, pace.
 */
static void
notice_details(struct nbuf *b, const struct notice_item *it, const char *ind)
{
	const struct comp_result *st = it->status;
	struct nbuf	 ind2 = { NULL, 0, 0 }, ind4 = { NULL, 0, 0 };
	struct nbuf	 bullet = { NULL, 0, 0 };
	char		 d1[DATE_BUFSZ], d2[DATE_BUFSZ], name[160];
	char		 h1[HOURS_BUFSZ], h2[HOURS_BUFSZ], h3[HOURS_BUFSZ];
	const char	*in2, *state_sep;
	size_t		 i;
	int		 today = notice_today(it), past = notice_past(it);
	int		 complete = notice_complete(it);

	nb_printf(&ind2, "%s  ", ind);
	nb_printf(&ind4, "%s    ", ind);
	nb_printf(&bullet, "%s  - ", ind);
	in2 = ind2.s;
	state_sep = it->cred->state[0] != '\0' ? ", " : "";
	notice_cred_name(it, name, sizeof(name));
	date_format(it->cycle->valid_through, d2);

	nb_wrapf(b, ind, in2, "Person: %s", it->person->name);
	if (it->prog != NULL && it->prog->name[0] != '\0')
		nb_wrapf(b, ind, in2, "Credential: %s (%s)%s%s", name,
		    it->prog->name, state_sep, it->cred->state);
	else
		nb_wrapf(b, ind, in2, "Credential: %s%s%s", name, state_sep,
		    it->cred->state);
	nb_wrapf(b, ind, in2, "Cycle: %s to %s",
	    date_format(it->cycle->start, d1), d2);
	if (st->days_left >= 0)
		nb_wrapf(b, ind, in2, "Days left: %d (valid through %s)",
		    st->days_left, d2);
	else
		nb_wrapf(b, ind, in2, "Expired %d %s ago (valid through %s)",
		    -st->days_left, notice_days(st->days_left), d2);

	hours_format(st->counted, h1, sizeof(h1));
	hours_format(st->required, h2, sizeof(h2));
	hours_format(st->remaining, h3, sizeof(h3));
	if (st->exempt && complete)
		nb_wrapf(b, ind, in2, "Hours: exempt from CE hours this "
		    "renewal");
	else if (complete)
		nb_wrapf(b, ind, in2, "Hours: %s of %s h, every requirement "
		    "met", h1, h2);
	else if (st->remaining > 0)
		nb_wrapf(b, ind, in2, "Hours: %s of %s h, %s h still needed",
		    h1, h2, h3);
	else
		nb_wrapf(b, ind, in2, "Hours: %s of %s h; some requirements "
		    "still open", h1, h2);
	if (st->carry_in > 0)
		nb_wrapf(b, in2, in2, "(includes %s h carried over from the "
		    "last cycle)", hours_format(st->carry_in, h1, sizeof(h1)));

	if (!complete) {
		nb_wrapf(b, ind, in2, "Still open:");
		for (i = 0; i < st->nreqs; i++)
			if (!st->reqs[i].met)
				notice_req_line(b, bullet.s, ind4.s,
				    &st->reqs[i]);
	}
	/* Unknown means owed: say so, and what settles it. */
	if (st->renewal_assumed)
		nb_wrapf(b, ind, in2, "Counted as owed because cetrack was "
		    "not told which renewal this is: 'cetrack cred set %lld "
		    "--renewal-index N' settles it.", (long long)it->cred->id);
	if (strchr(st->unknown_attrs, ',') != NULL)
		nb_wrapf(b, ind, in2, "Counted as owed because cetrack was "
		    "not told whether the credential has %s: 'cetrack cred "
		    "set %lld --attr A' (or --attr no-A) settles each.",
		    st->unknown_attrs, (long long)it->cred->id);
	else if (st->unknown_attrs[0] != '\0')
		nb_wrapf(b, ind, in2, "Counted as owed because cetrack was "
		    "not told whether the credential has %s: 'cetrack cred "
		    "set %lld --attr %s' (or --attr no-%s) settles it.",
		    st->unknown_attrs, (long long)it->cred->id,
		    st->unknown_attrs, st->unknown_attrs);

	/* The renewal window and the late period. */
	if (!past && st->window_opens != COMP_NO_DATE) {
		date_format(st->window_opens, d1);
		if (today < st->window_opens)
			nb_wrapf(b, ind, in2, "The renewal window opens %s "
			    "and closes %s.", d1, d2);
		else
			nb_wrapf(b, ind, in2, "The renewal window opened %s "
			    "and closes %s.", d1, d2);
	} else if (!past)
		nb_wrapf(b, ind, in2, "Renew by %s.", d2);
	date_format(st->late_until, d1);
	if (st->state == COMP_LAPSED && st->late_until <=
	    it->cycle->valid_through)
		nb_wrapf(b, ind, in2, "The credential lapsed after %s (there "
		    "is no late period). Ask the issuer how to reinstate it.",
		    d2);
	else if (st->state == COMP_LAPSED)
		nb_wrapf(b, ind, in2, "The credential lapsed: the late period "
		    "ended %s. Ask the issuer how to reinstate it.", d1);
	else if (past)
		nb_wrapf(b, ind, in2, "It expired on %s; late renewal possible "
		    "until %s (a late fee may apply).", d2, d1);
	else if (st->late_until > it->cycle->valid_through)
		nb_wrapf(b, ind, in2, "Late period: late renewal possible "
		    "until %s.", d1);
	else
		nb_wrapf(b, ind, in2, "Late period: none; the credential "
		    "lapses after %s.", d2);

	/* Pace, only while hours are still missing before the deadline. */
	if (!complete && !past && st->required > 0) {
		hours_format(notice_tenth(st->expected_now), h1, sizeof(h1));
		hours_format(notice_tenth(st->projected), h2, sizeof(h2));
		hours_format(notice_tenth(st->required - st->projected), h3,
		    sizeof(h3));
		if (st->projected >= st->required)
			nb_wrapf(b, ind, in2, "Pace: %s h expected by now on "
			    "a steady pace; at your pace you will reach %s h "
			    "in time.", h1, h2);
		else
			nb_wrapf(b, ind, in2, "Pace: %s h expected by now on "
			    "a steady pace; at your pace you will be %s h "
			    "short.", h1, h3);
	}
	free(ind2.s);
	free(ind4.s);
	free(bullet.s);
}

static void
notice_greeting(struct nbuf *b, const struct notice_item *it, size_t n)
{
	size_t	 i;
	int	 same = 1, one = 1;

	for (i = 1; i < n; i++) {
		if (it[i].person->id != it[0].person->id)
			same = 0;
		if (it[i].cred->id != it[0].cred->id)
			one = 0;
	}
	if (it[0].escalation || !same || it[0].person->name[0] == '\0')
		nb_printf(b, "Hello,\n\n");
	else {
		nb_wrapf(b, "", "", "Hello %s,", it[0].person->name);
		nb_add(b, "\n", 1);
	}
	if (it[0].escalation && one)
		nb_wrap(b, "", "", "You receive this as the organization's "
		    "contact: a credential below needs attention.");
	else if (it[0].escalation)
		nb_wrap(b, "", "", "You receive this as the organization's "
		    "contact: the credentials below need attention.");
	if (it[0].escalation)
		nb_add(b, "\n", 1);
}

static void
notice_signature(struct nbuf *b)
{
	nb_printf(b, "\n-- \ncetrack: continuing-education tracking\n");
}

/* -- public ---------------------------------------------------------- */

char *
notice_subject(const struct notice_item *it)
{
	struct nbuf	 b = { NULL, 0, 0 };
	char		 name[160];

	notice_cred_name(it, name, sizeof(name));
	if (it->escalation)
		nb_printf(&b, "%s: ", it->person->name);
	nb_printf(&b, "%s: ", name);
	notice_headline(&b, it);
	return nb_finish(&b);
}

char *
notice_body(const struct notice_item *it)
{
	struct nbuf	 b = { NULL, 0, 0 }, h = { NULL, 0, 0 };
	char		 name[160], lbl[64];

	notice_greeting(&b, it, 1);
	notice_cred_name(it, name, sizeof(name));
	nb_printf(&h, "%s: ", name);
	notice_headline(&h, it);
	nb_add(&h, ".", 1);
	nb_wrap(&b, "", "", h.s);
	free(h.s);
	nb_add(&b, "\n", 1);
	nb_wrapf(&b, "", "  ", "Reminder: %s.",
	    notice_event_label(it->ev, lbl, sizeof(lbl)));
	nb_add(&b, "\n", 1);
	notice_details(&b, it, "");
	notice_signature(&b);
	return nb_finish(&b);
}

/* Order a digest: credential by credential, the most urgent credential
 * first, each credential's events most urgent first. */
static int
notice_item_cmp(const void *a, const void *b)
{
	const struct notice_item *x = *(const struct notice_item *const *)a;
	const struct notice_item *y = *(const struct notice_item *const *)b;
	int	 ux, uy;

	ux = comp_state_urgency(x->status->state);
	uy = comp_state_urgency(y->status->state);
	if (ux != uy)
		return ux < uy ? -1 : 1;
	if (x->status->days_left != y->status->days_left)
		return x->status->days_left < y->status->days_left ? -1 : 1;
	if (x->cred->id != y->cred->id)
		return x->cred->id < y->cred->id ? -1 : 1;
	ux = remind_urgency(x->ev->kind, x->ev->offset);
	uy = remind_urgency(y->ev->kind, y->ev->offset);
	return (ux > uy) - (ux < uy);
}

static const struct notice_item **
notice_sorted(const struct notice_item *it, size_t n)
{
	const struct notice_item **v;
	size_t	 i;

	v = xreallocarray(NULL, n ? n : 1, sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = &it[i];
	qsort(v, n, sizeof(*v), notice_item_cmp);
	return v;
}

/* Where a credential stands, in a few words, for a digest's subject. */
static const char *
notice_state_words(const struct notice_item *it)
{
	switch (it->status->state) {
	case COMP_LAPSED:
		return "lapsed";
	case COMP_GRACE:
		return "in its late period";
	case COMP_AT_RISK:
		return "at risk";
	case COMP_BEHIND:
		return "behind pace";
	case COMP_ON_TRACK:
		return "on track";
	case COMP_COMPLETE:
		return "ready to renew";
	case COMP_RETIRED:
		return "retired";
	case COMP_INACTIVE:
		return "inactive";
	}
	return "needs attention";
}

/*
 * The digest's order: credentials most urgent first, each credential's
 * events together; for the organization's contact, each person's
 * credentials together, the person with the most urgent one first.
 * Returns n pointers into it (free the array).
 */
static const struct notice_item **
notice_digest_order(const struct notice_item *it, size_t n)
{
	const struct notice_item **v, **w;
	size_t	 i, j, k = 0;
	int64_t	 person;

	v = notice_sorted(it, n);
	if (!it[0].escalation)
		return v;
	w = xreallocarray(NULL, n ? n : 1, sizeof(*w));
	for (i = 0; i < n; i++) {
		if (v[i] == NULL)
			continue;
		person = v[i]->person->id;
		/* From i on: v[i], the person's most urgent item, first. */
		for (j = i; j < n; j++) {
			if (v[j] != NULL && v[j]->person->id == person) {
				w[k++] = v[j];
				v[j] = NULL;
			}
		}
	}
	free(v);
	return w;
}

char *
notice_digest_subject(const struct notice_item *it, size_t n)
{
	const struct notice_item **v;
	struct nbuf	 b = { NULL, 0, 0 };
	char		 name[160];
	size_t		 i, j, ncred = 0, npeople = 0;

	if (n <= 1)
		return notice_subject(it);
	v = notice_sorted(it, n);
	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			if (v[j]->cred->id == v[i]->cred->id)
				break;
		ncred += j == i;
		for (j = 0; j < i; j++)
			if (v[j]->person->id == v[i]->person->id)
				break;
		npeople += j == i;
	}
	if (ncred == 1) {
		const struct notice_item *first = v[0];

		free(v);
		return notice_subject(first);
	}
	/* v[0] is the most urgent credential. */
	notice_cred_name(v[0], name, sizeof(name));
	if (it[0].escalation && npeople > 1)
		nb_printf(&b, "%zu credentials of %zu people need attention; "
		    "most urgent: %s, %s, %s", ncred, npeople,
		    v[0]->person->name, name, notice_state_words(v[0]));
	else if (it[0].escalation)
		nb_printf(&b, "%s: %zu credentials need attention; most "
		    "urgent: %s, %s", v[0]->person->name, ncred, name,
		    notice_state_words(v[0]));
	else
		nb_printf(&b, "%zu credentials need attention; most urgent: "
		    "%s, %s", ncred, name, notice_state_words(v[0]));
	free(v);
	return nb_finish(&b);
}

char *
notice_digest_body(const struct notice_item *it, size_t n)
{
	const struct notice_item **v;
	struct nbuf	 b = { NULL, 0, 0 }, h = { NULL, 0, 0 };
	char		 name[160], lbl[64];
	size_t		 i, j, k, ncred = 0;
	int		 by_person;

	if (n == 0)
		return xstrdup("");
	v = notice_digest_order(it, n);
	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			if (v[j]->cred->id == v[i]->cred->id)
				break;
		ncred += j == i;
	}
	by_person = it[0].escalation;
	notice_greeting(&b, it, n);
	if (ncred == 1)
		nb_wrap(&b, "", "", "One credential needs your attention.");
	else {
		nb_printf(&h, "%zu credentials need your attention.", ncred);
		nb_wrap(&b, "", "", h.s);
		h.len = 0;
	}
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && v[j]->cred->id == v[i]->cred->id; j++)
			;
		nb_add(&b, "\n", 1);
		/* The contact's digest: a section per person. */
		if (by_person && (i == 0 ||
		    v[i]->person->id != v[i - 1]->person->id)) {
			h.len = 0;
			nb_printf(&h, "%s:", v[i]->person->name[0] != '\0' ?
			    v[i]->person->name : "(no name)");
			nb_wrap(&b, "", "  ", h.s);
			nb_add(&b, "\n", 1);
		}
		notice_cred_name(v[i], name, sizeof(name));
		h.len = 0;
		nb_printf(&h, "* %s: ", name);
		notice_headline(&h, v[i]);
		nb_wrap(&b, "", "  ", h.s);
		h.len = 0;
		nb_printf(&h, "Reminder%s: ", j - i > 1 ? "s" : "");
		for (k = i; k < j; k++)
			nb_printf(&h, "%s%s", k > i ? " \xc2\xb7 " : "",
			    notice_event_label(v[k]->ev, lbl, sizeof(lbl)));
		nb_add(&h, ".", 1);
		nb_wrap(&b, "  ", "    ", h.s);
		notice_details(&b, v[i], "  ");
	}
	notice_signature(&b);
	free(h.s);
	free(v);
	return nb_finish(&b);
}
