/* SPDX-License-Identifier: ISC */
/*
 * Reminder planning (see remind.h): which reminder events are due for one
 * credential on one day, and which of them to send. The function only
 * compares dates: the compliance result says where the credential stands,
 * the policy says which thresholds exist, and the previous pass's date says
 * which thresholds were crossed since. It never looks at the clock or at the
 * outbox; the outbox's unique dedup key is what makes a repeat harmless.
 */
#include <stdlib.h>
#include <string.h>

#include "rules/remind.h"
#include "base/util.h"

static const int remind_default_before[] = { 180, 90, 60, 30, 14, 7, 1 };
static const int remind_default_after[] = { 1, 7, 30 };

static const char *const remind_kind_names[] = {
	[REMIND_BEFORE] = "before",
	[REMIND_WINDOW_OPEN] = "window-open",
	[REMIND_AT_RISK] = "at-risk",
	[REMIND_BEHIND] = "behind",
	[REMIND_AFTER] = "after",
	[REMIND_LAPSED] = "lapsed",
	[REMIND_LAPSED_AGAIN] = "lapsed"
};

static int	remind_offsets_cmp(const void *, const void *);
static int	remind_event_cmp(const void *, const void *);
static void	remind_add(struct remind_list *, const struct remind_input *,
		    enum remind_kind, int, int);
static int	remind_offset_ok(int);

void
remind_policy_defaults(struct remind_policy *p)
{
	size_t	 i;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < ARRAY_SIZE(remind_default_before); i++)
		p->before[i] = remind_default_before[i];
	p->nbefore = (int)ARRAY_SIZE(remind_default_before);
	for (i = 0; i < ARRAY_SIZE(remind_default_after); i++)
		p->after[i] = remind_default_after[i];
	p->nafter = (int)ARRAY_SIZE(remind_default_after);
	p->window_open = 1;
	p->behind = 1;
	p->at_risk = 1;
	p->snoozed_until = COMP_NO_DATE;
	p->catchup_days = REMIND_DEFAULT_CATCHUP;
}

void
remind_policy_from_config(const struct config *c, struct remind_policy *p)
{
	int	 i, n;

	remind_policy_defaults(p);
	n = c->nbefore;
	if (n < 0)
		n = 0;
	if (n > CONFIG_MAX_OFFSETS)
		n = CONFIG_MAX_OFFSETS;
	for (i = 0; i < n; i++)
		p->before[i] = c->before[i];
	p->nbefore = n;
	n = c->nafter;
	if (n < 0)
		n = 0;
	if (n > CONFIG_MAX_OFFSETS)
		n = CONFIG_MAX_OFFSETS;
	for (i = 0; i < n; i++)
		p->after[i] = c->after[i];
	p->nafter = n;
	p->window_open = c->window_open != 0;
	p->lapsed_repeat = c->lapsed_repeat > 0 ? c->lapsed_repeat : 0;
}

static int
remind_offsets_cmp(const void *a, const void *b)
{
	int	 x = *(const int *)a, y = *(const int *)b;

	/* Largest first. */
	return (x < y) - (x > y);
}

int
remind_policy_parse_offsets(const char *s, int *out, int *nout, char *err,
    size_t errlen)
{
	static const char form[] = "expected distinct whole days 0..3650 "
	    "separated by commas, at most 16 (e.g. 120,60,30), or none";
	int	 v[CONFIG_MAX_OFFSETS];
	int	 n = 0, i, rc = -1;
	char	*copy = NULL, *tok, *save = NULL, *p, *e;
	long long num;

	if (s == NULL) {
		(void)cet_fmt(err, errlen, "%s", form);
		goto done;
	}
	while (*s == ' ' || *s == '\t')
		s++;
	if (strcmp(s, "none") == 0) {
		*nout = 0;
		rc = 0;
		goto done;
	}
	/* Empty fields (",,", a trailing comma) are refused, so check the
	 * commas before strtok_r would merge them. */
	if (*s == '\0' || *s == ',' || s[strlen(s) - 1] == ',' ||
	    strstr(s, ",,") != NULL) {
		(void)cet_fmt(err, errlen, "'%s': %s", s, form);
		goto done;
	}
	copy = xstrdup(s);
	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		p = tok;
		while (*p == ' ' || *p == '\t')
			p++;
		e = p + strlen(p);
		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			*--e = '\0';
		if (*p == '\0' || *p == '-' ||
		    cet_strtonum(p, 0, REMIND_OFFSET_MAX, &num) == -1) {
			(void)cet_fmt(err, errlen, "'%s': %s", p, form);
			goto done;
		}
		if (n == CONFIG_MAX_OFFSETS) {
			(void)cet_fmt(err, errlen, "more than %d offsets: %s",
			    CONFIG_MAX_OFFSETS, form);
			goto done;
		}
		for (i = 0; i < n; i++)
			if (v[i] == (int)num)
				break;
		if (i < n) {
			(void)cet_fmt(err, errlen, "%lld given twice: %s", num,
			    form);
			goto done;
		}
		v[n++] = (int)num;
	}
	qsort(v, (size_t)n, sizeof(v[0]), remind_offsets_cmp);
	for (i = 0; i < n; i++)
		out[i] = v[i];
	*nout = n;
	rc = 0;
done:
	free(copy);
	return rc;
}

int
remind_urgency(enum remind_kind k, int offset)
{
	switch (k) {
	case REMIND_LAPSED_AGAIN:
		return -offset;
	case REMIND_LAPSED:
		return 0;
	case REMIND_AFTER:
		return 1 + (REMIND_OFFSET_MAX - offset);
	case REMIND_BEFORE:
		return 4000 + offset;
	case REMIND_AT_RISK:
		return 8000;
	case REMIND_BEHIND:
		return 8001;
	case REMIND_WINDOW_OPEN:
		return 8002;
	}
	return 9000;
}

const char *
remind_kind_name(enum remind_kind k)
{
	if ((unsigned)k >= ARRAY_SIZE(remind_kind_names))
		return "?";
	return remind_kind_names[k];
}

int
remind_key_format(enum remind_kind k, int offset, char *buf, size_t len)
{
	if (k == REMIND_BEFORE || k == REMIND_AFTER ||
	    k == REMIND_LAPSED_AGAIN)
		return cet_fmt(buf, len, "%s-%d", remind_kind_name(k), offset);
	return cet_fmt(buf, len, "%s", remind_kind_name(k));
}

int
remind_key_parse(const char *key, enum remind_kind *k, int *offset)
{
	long long	 num;
	const char	*num_s;
	size_t		 i;

	if (strncmp(key, "before-", 7) == 0) {
		*k = REMIND_BEFORE;
		num_s = key + 7;
	} else if (strncmp(key, "after-", 6) == 0) {
		*k = REMIND_AFTER;
		num_s = key + 6;
	} else if (strncmp(key, "lapsed-", 7) == 0) {
		*k = REMIND_LAPSED_AGAIN;
		num_s = key + 7;
	} else {
		for (i = 0; i < ARRAY_SIZE(remind_kind_names); i++) {
			if (i == REMIND_BEFORE || i == REMIND_AFTER ||
			    i == REMIND_LAPSED_AGAIN)
				continue;
			if (strcmp(key, remind_kind_names[i]) == 0) {
				*k = (enum remind_kind)i;
				*offset = 0;
				return 0;
			}
		}
		return -1;
	}
	/* Canonical digits only, so that a key round-trips. */
	if (*num_s < '0' || *num_s > '9' || (num_s[0] == '0' && num_s[1]) ||
	    cet_strtonum(num_s, 0, REMIND_OFFSET_MAX, &num) == -1)
		return -1;
	if (*k == REMIND_LAPSED_AGAIN && num < 1)
		return -1;
	*offset = (int)num;
	return 0;
}

static int
remind_offset_ok(int n)
{
	return n >= 0 && n <= REMIND_OFFSET_MAX;
}

/* Add an event whose threshold has been reached, unless it is before the
 * cycle or already listed (a policy with a repeated offset). */
static void
remind_add(struct remind_list *l, const struct remind_input *in,
    enum remind_kind k, int offset, int threshold)
{
	struct remind_event	*e;
	size_t			 i;

	if (threshold > in->today || threshold < in->cycle->start)
		return;
	if (l->n == REMIND_MAX_EVENTS)
		return;
	for (i = 0; i < l->n; i++)
		if (l->ev[i].kind == k && l->ev[i].offset == offset)
			return;
	e = &l->ev[l->n];
	memset(e, 0, sizeof(*e));
	if (remind_key_format(k, offset, e->key, sizeof(e->key)) == -1)
		return;
	e->kind = k;
	e->offset = offset;
	e->threshold = threshold;
	e->disp = REMIND_SKIP;
	e->reason = REMIND_WHY_SUPERSEDED;
	l->n++;
}

static int
remind_event_cmp(const void *a, const void *b)
{
	const struct remind_event *x = a, *y = b;
	int	 ux, uy;

	ux = remind_urgency(x->kind, x->offset);
	uy = remind_urgency(y->kind, y->offset);
	return (ux > uy) - (ux < uy);
}

/* Whether the credential can have reminders at all. */
static int
remind_applies(const struct remind_input *in)
{
	if (in->cred->status != CRED_ACTIVE || in->cycle->closed != -1)
		return 0;
	if (in->status->state == COMP_RETIRED ||
	    in->status->state == COMP_INACTIVE)
		return 0;
	return 1;
}

/*
 * The latest repeat of a lapse notice on or before today: K, a multiple of
 * policy.lapsed_repeat, with late_until + 1 + K <= today; 0 if none.
 */
static int
remind_lapsed_again(const struct remind_policy *p,
    const struct remind_input *in)
{
	long long	 since, k;

	if (p->lapsed_repeat <= 0 || in->status->state != COMP_LAPSED)
		return 0;
	since = (long long)in->today - ((long long)in->status->late_until + 1);
	if (since < p->lapsed_repeat)
		return 0;
	k = since - since % p->lapsed_repeat;
	return k > REMIND_OFFSET_MAX ? REMIND_OFFSET_MAX -
	    REMIND_OFFSET_MAX % p->lapsed_repeat : (int)k;
}

int
remind_plan(const struct remind_policy *p, const struct remind_input *in,
    struct remind_list *out)
{
	const struct comp_result *st = in->status;
	long long	 L, gap;
	int		 vt, i, nb, na, catchup, snoozed, daily, nsend = 0, k;
	size_t		 j;

	memset(out, 0, sizeof(*out));
	if (!remind_applies(in))
		return 0;
	vt = in->cycle->valid_through;
	nb = p->nbefore < 0 ? 0 : p->nbefore > CONFIG_MAX_OFFSETS ?
	    CONFIG_MAX_OFFSETS : p->nbefore;
	na = p->nafter < 0 ? 0 : p->nafter > CONFIG_MAX_OFFSETS ?
	    CONFIG_MAX_OFFSETS : p->nafter;

	for (i = 0; i < nb; i++)
		if (remind_offset_ok(p->before[i]))
			remind_add(out, in, REMIND_BEFORE, p->before[i],
			    vt - p->before[i]);
	if (p->window_open && st->window_opens != COMP_NO_DATE)
		remind_add(out, in, REMIND_WINDOW_OPEN, 0, st->window_opens);
	if (p->at_risk && st->state == COMP_AT_RISK)
		remind_add(out, in, REMIND_AT_RISK, 0, in->today);
	if (p->behind && st->state == COMP_BEHIND)
		remind_add(out, in, REMIND_BEHIND, 0, in->today);
	if (st->state == COMP_GRACE || st->state == COMP_LAPSED)
		for (i = 0; i < na; i++)
			if (p->after[i] >= 1 && remind_offset_ok(p->after[i]))
				remind_add(out, in, REMIND_AFTER, p->after[i],
				    vt + p->after[i]);
	if (st->state == COMP_LAPSED) {
		remind_add(out, in, REMIND_LAPSED, 0, st->late_until + 1);
		if ((k = remind_lapsed_again(p, in)) > 0)
			remind_add(out, in, REMIND_LAPSED_AGAIN, k,
			    st->late_until + 1 + k);
	}

	qsort(out->ev, out->n, sizeof(out->ev[0]), remind_event_cmp);

	catchup = p->catchup_days < 0 ? 0 :
	    p->catchup_days > REMIND_OFFSET_MAX ? REMIND_OFFSET_MAX :
	    p->catchup_days;
	L = in->last_pass != COMP_NO_DATE ? in->last_pass :
	    (long long)in->today - catchup;
	gap = (long long)in->today - L;
	daily = gap <= catchup;
	snoozed = p->snoozed_until != COMP_NO_DATE &&
	    in->today <= p->snoozed_until;

	for (j = 0; j < out->n; j++) {
		struct remind_event *e = &out->ev[j];
		int fresh = e->threshold > L || e->threshold == in->today;
		int lapse = e->kind == REMIND_LAPSED ||
		    e->kind == REMIND_LAPSED_AGAIN;

		e->current = j == 0;
		if (snoozed) {
			e->disp = REMIND_SKIP;
			e->reason = REMIND_WHY_SNOOZED;
		} else if (e->current || (fresh && daily &&
		    (st->state != COMP_LAPSED || lapse))) {
			e->disp = REMIND_SEND;
			e->reason = NULL;
			nsend++;
		} else {
			e->disp = REMIND_SKIP;
			e->reason = REMIND_WHY_SUPERSEDED;
		}
	}
	return nsend;
}

int
remind_next_threshold(const struct remind_policy *p,
    const struct remind_input *in)
{
	const struct comp_result *st = in->status;
	long long	 best = (long long)COMP_NO_DATE, t;
	int		 vt, i, nb, na;

	if (!remind_applies(in))
		return COMP_NO_DATE;
	vt = in->cycle->valid_through;
	nb = p->nbefore < 0 ? 0 : p->nbefore > CONFIG_MAX_OFFSETS ?
	    CONFIG_MAX_OFFSETS : p->nbefore;
	na = p->nafter < 0 ? 0 : p->nafter > CONFIG_MAX_OFFSETS ?
	    CONFIG_MAX_OFFSETS : p->nafter;

#define REMIND_CONSIDER(x) do {						\
	t = (x);							\
	if (t > in->today && t >= in->cycle->start &&			\
	    (best == (long long)COMP_NO_DATE || t < best))		\
		best = t;						\
} while (0)
	for (i = 0; i < nb; i++)
		if (remind_offset_ok(p->before[i]))
			REMIND_CONSIDER((long long)vt - p->before[i]);
	if (p->window_open && st->window_opens != COMP_NO_DATE)
		REMIND_CONSIDER((long long)st->window_opens);
	for (i = 0; i < na; i++)
		if (p->after[i] >= 1 && remind_offset_ok(p->after[i]))
			REMIND_CONSIDER((long long)vt + p->after[i]);
	REMIND_CONSIDER((long long)st->late_until + 1);
	if (p->lapsed_repeat > 0 && st->state == COMP_LAPSED)
		REMIND_CONSIDER((long long)st->late_until + 1 +
		    remind_lapsed_again(p, in) + p->lapsed_repeat);
#undef REMIND_CONSIDER
	return (int)best;
}
