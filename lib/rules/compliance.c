/* SPDX-License-Identifier: ISC */
/*
 * The compliance engine: where one credential stands on an as-of date.
 * Pure: it reads only its arguments and allocates only the result.
 *
 * The order of work matters and mirrors how a board counts:
 *  1. decide which requirements apply at this renewal (every Nth, only at
 *     renewal N, one-time, attribute, effective dates, exemptions);
 *  2. for every activity, decide whether it counts at all for this
 *     credential (targets, approver, unit) and convert it to the
 *     program's hours, topic by topic;
 *  3. walk the activities of the counting window in date order and apply
 *     the caps, so that the earliest hours are the ones that count, as a
 *     board reviewing a transcript would;
 *  4. add carried-in hours, allocate hours to the total and to every
 *     requirement, and derive the state and the pace.
 */
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "rules/compliance.h"
#include "base/config.h"
#include "base/date.h"
#include "base/util.h"

/* Per-activity working data for one evaluation. */
struct work {
	const struct activity *a;
	int	 ok;			/* counts for this credential at all */
	const char *why;		/* why not, or why less */
	long	 full;			/* converted hours */
	long	 th[ACT_MAX_TOPICS];	/* converted topic hours (<= full) */
	long	 counted;		/* after caps (in window only) */
	long	 cth[ACT_MAX_TOPICS];	/* topic hours after caps */
	int	 in_window;
};

static const char *state_names[] = {
	[COMP_COMPLETE] = "complete",
	[COMP_ON_TRACK] = "on_track",
	[COMP_BEHIND] = "behind",
	[COMP_AT_RISK] = "at_risk",
	[COMP_GRACE] = "grace",
	[COMP_LAPSED] = "lapsed",
	[COMP_RETIRED] = "retired",
	[COMP_INACTIVE] = "inactive"
};

const char *
comp_state_name(enum comp_state s)
{
	if ((size_t)s >= ARRAY_SIZE(state_names))
		return "unknown";
	return state_names[s];
}

int
comp_state_urgency(enum comp_state s)
{
	switch (s) {
	case COMP_LAPSED:
		return 0;
	case COMP_GRACE:
		return 1;
	case COMP_AT_RISK:
		return 2;
	case COMP_BEHIND:
		return 3;
	case COMP_ON_TRACK:
		return 4;
	case COMP_COMPLETE:
		return 5;
	case COMP_INACTIVE:
		return 6;
	case COMP_RETIRED:
		return 7;
	}
	return 8;
}

void
comp_release(struct comp_result *r)
{
	if (r == NULL)
		return;
	free(r->reqs);
	free(r->contribs);
	r->reqs = NULL;
	r->contribs = NULL;
	r->nreqs = r->ncontribs = 0;
}

static int
act_has_approver(const struct activity *a, const struct prog_list *l)
{
	size_t i;

	for (i = 0; i < a->napprovals; i++)
		if (prog_list_has(l, a->approvals[i].body))
			return 1;
	return 0;
}

/*
 * Does a requirement apply to this credential at this renewal? When the
 * renewal number was never given (cy->renewal_assumed), a requirement of
 * every Nth or of one renewal is owed, and *assumed has
 * COMP_ASSUMED_RENEWAL; when the credential neither has nor denies the
 * attribute a requirement depends on (attr, unless_attr), it is owed and
 * *assumed has COMP_ASSUMED_ATTR: unknown means owed.
 */
static int
req_applies(const struct requirement *q, const struct credential *cred,
    const struct cycle *cy, int first_exempt, int attr_exempt, int *assumed)
{
	int idx = cy->renewal_index, d, st;

	*assumed = 0;
	if (q->every > 0 && (cy->renewal_assumed ?
	    (*assumed |= COMP_ASSUMED_RENEWAL, 0) : idx % q->every != 0))
		return 0;
	if (q->renewal > 0 && (cy->renewal_assumed ?
	    (*assumed |= COMP_ASSUMED_RENEWAL, 0) : idx != q->renewal))
		return 0;
	if (q->attr[0] != '\0') {
		if ((st = attrs_state(cred->attrs, q->attr)) == 0)
			return 0;
		if (st < 0)
			*assumed |= COMP_ASSUMED_ATTR;
	}
	if (q->unless_attr[0] != '\0') {
		if ((st = attrs_state(cred->attrs, q->unless_attr)) == 1)
			return 0;
		if (st < 0)
			*assumed |= COMP_ASSUMED_ATTR;
	}
	d = q->effective_by == REQ_EFFECTIVE_BY_START ? cy->start :
	    cy->valid_through;
	if (q->effective_from != PROG_NO_DATE && d < q->effective_from)
		return 0;
	if (q->effective_to != PROG_NO_DATE && d > q->effective_to)
		return 0;
	if (first_exempt && !q->first_renewal)
		return 0;
	if (attr_exempt && !q->keep_when_exempt)
		return 0;
	return 1;
}

/* Note an attribute nobody gave, once. */
static void
unknown_attr(struct comp_result *r, const char *a)
{
	if (!attrs_has(r->unknown_attrs, a))
		(void)attrs_put(r->unknown_attrs, sizeof(r->unknown_attrs), a);
}

/* The renewals a one-time requirement looks back over, at most. */
#define PRIOR_MAX	100

/*
 * How many renewals before this cycle's the requirement was already in
 * force for this credential: the credential had them (its renewal index;
 * with skip_first, its first renewal does not count, being exempt) and
 * the date effective_by chooses was on or after effective_from. Earlier
 * cycles are taken as whole cycles of the program ending cycle_months
 * apart. An unknown renewal number reaches back as far as effective_from
 * allows (PRIOR_MAX without it): the holder is taken as a long-time
 * licensee, as for P2.
 */
static int
prior_renewals(const struct program *p, const struct requirement *q,
    const struct cycle *cy, int skip_first)
{
	int	k, vtk, d, idx;

	for (k = 0; k < PRIOR_MAX; k++) {
		vtk = date_add_months(cy->valid_through,
		    -(k + 1) * p->cycle_months);
		if (!cy->renewal_assumed) {
			idx = cy->renewal_index - (k + 1);
			if (idx < 1 || (idx == 1 && skip_first))
				break;
		}
		if (q->effective_from != PROG_NO_DATE) {
			d = q->effective_by == REQ_EFFECTIVE_BY_START ?
			    program_cycle_start(p, vtk) : vtk;
			if (d < q->effective_from)
				break;
		}
	}
	return k;
}

/*
 * due_within_years: the requirement's own due date, N years after the
 * event that starts its clock. That event is the first renewal on or
 * after effective_from, or initial licensure (the start of the
 * credential's first cycle) when that came on or after effective_from,
 * being the earlier of the two (PA organ donation, 20 Pa.C.S. 8628:
 * "within 5 years of initial licensure or within 5 years of licensure
 * renewal, whichever occurs first").
 */
static int
req_due(const struct program *p, const struct requirement *q,
    const struct cycle *cy)
{
	int	k, vtk, event, start1;

	k = prior_renewals(p, q, cy, 0);
	vtk = date_add_months(cy->valid_through, -k * p->cycle_months);
	event = vtk;
	if (!cy->renewal_assumed && cy->renewal_index - k == 1) {
		start1 = k == 0 ? cy->start : program_cycle_start(p, vtk);
		if (start1 >= q->effective_from)
			event = start1;
	}
	return date_add_years(event, q->due_within_years);
}

/* Is day d in the counting window of the cycle k renewals back? */
static int
in_prior_window(const struct program *p, const struct cycle *cy, int k,
    int d)
{
	int	vtk, from;

	vtk = date_add_months(cy->valid_through, -k * p->cycle_months);
	from = p->count_months > 0 ? date_add_months(vtk, -p->count_months) +
	    1 : program_cycle_start(p, vtk);
	return d >= from && d <= vtk;
}

/* Convert an activity and its topic split; sets w->ok and w->why. */
static void
work_init(struct work *w, const struct activity *a,
    const struct comp_input *in)
{
	const struct program *p = in->prog;
	size_t i;
	int targeted;

	/* th and cth are read for the activity's topics only. */
	memset(w, 0, offsetof(struct work, th));
	w->counted = 0;
	w->in_window = 0;
	w->a = a;
	if (a->ntargets > 0) {
		targeted = 0;
		for (i = 0; i < a->ntargets; i++)
			if (a->targets[i] == in->cred->id)
				targeted = 1;
		if (!targeted) {
			w->why = "logged for other credentials only";
			return;
		}
	}
	if (!program_accepts(p, a)) {
		w->why = "approving body not accepted";
		return;
	}
	if (hours_convert(&a->amount, &p->conv, &w->full) == -1) {
		w->why = "unit not accepted";
		return;
	}
	for (i = 0; i < a->ntopics && i < ACT_MAX_TOPICS; i++) {
		struct hours_amount t;

		if (a->topics[i].centi < 0) {
			w->th[i] = w->full;
			continue;
		}
		t.unit = a->amount.unit;
		t.centi = a->topics[i].centi;
		if (hours_convert(&t, &p->conv, &w->th[i]) == -1)
			w->th[i] = 0;
		if (w->th[i] > w->full)
			w->th[i] = w->full;
	}
	w->ok = 1;
	w->counted = w->full;
	memcpy(w->cth, w->th, i * sizeof(w->th[0]));	/* i: the topics */
}

/* Hours of the activity in any of the listed topics (each topic once,
 * never more than the whole activity). */
static long
topic_hours(const struct activity *a, const long *th, long whole,
    const struct prog_list *topics)
{
	long sum = 0;
	size_t i;

	for (i = 0; i < a->ntopics && i < ACT_MAX_TOPICS; i++)
		if (prog_list_has(topics, a->topics[i].topic))
			sum += th[i];
	return sum > whole ? whole : sum;
}

/* Apply one cap to one activity, consuming *rem (centi-hours left). */
static void
cap_apply(const struct cap *cp, struct work *w, long *rem)
{
	const struct activity *a = w->a;
	long m, excess;
	size_t i;

	if (cp->formats.n > 0 && !prog_list_has(&cp->formats, a->format))
		return;
	if (cp->approvers.n > 0 && !act_has_approver(a, &cp->approvers))
		return;
	if (cp->topics.n > 0)
		m = topic_hours(a, w->cth, w->counted, &cp->topics);
	else
		m = w->counted;
	if (m <= 0)
		return;
	excess = m > *rem ? m - *rem : 0;
	*rem -= m - excess;
	if (excess == 0)
		return;
	w->why = "over a cap";
	if (cp->topics.n > 0) {
		/* Only the capped topics lose hours, proportionally. */
		for (i = 0; i < a->ntopics && i < ACT_MAX_TOPICS; i++)
			if (prog_list_has(&cp->topics, a->topics[i].topic))
				w->cth[i] -= (long)((long long)w->cth[i] *
				    excess / m);
		w->counted -= excess;
	} else {
		long before = w->counted;

		w->counted -= excess;
		for (i = 0; i < a->ntopics && i < ACT_MAX_TOPICS; i++)
			w->cth[i] = before > 0 ? (long)((long long)w->cth[i] *
			    w->counted / before) : 0;
	}
	if (w->counted < 0)
		w->counted = 0;
}

static int
cmp_work(const void *x, const void *y)
{
	const struct work *a = x, *b = y;

	if (a->a->date != b->a->date)
		return a->a->date < b->a->date ? -1 : 1;
	if (a->a->id != b->a->id)
		return a->a->id < b->a->id ? -1 : 1;
	return 0;
}

/* Hours one activity gives a requirement. */
static long
req_hours(const struct requirement *q, const struct work *w, int capped)
{
	const struct activity *a = w->a;
	long whole = capped ? w->counted : w->full;

	if (q->approvers.n > 0 && !act_has_approver(a, &q->approvers))
		return 0;
	if (q->formats.n > 0 && !prog_list_has(&q->formats, a->format))
		return 0;
	if (q->topics.n == 0)
		return whole;
	return topic_hours(a, capped ? w->cth : w->th, whole, &q->topics);
}

void
compliance_input_init(struct comp_input *in, const struct config *cfg,
    int as_of)
{
	memset(in, 0, sizeof(*in));
	in->as_of = as_of;
	if (cfg != NULL)
		in->at_risk_days = cfg->at_risk_days;
}

int
compliance_evaluate(const struct comp_input *in, struct comp_result *r,
    char *err, size_t errlen)
{
	const struct program *p = in->prog;
	const struct cycle *cy = in->cycle;
	struct work *w = NULL;
	long *caprem = NULL;
	const struct requirement **app = NULL;
	int *assumed = NULL, *dues = NULL;
	size_t i, j, napp = 0, nw = 0;
	int first_exempt, first_can, attr_exempt, vt, count_to, at_risk, fa;
	int rc = -1;
	long required, earned = 0;

	memset(r, 0, sizeof(*r));
	if (p == NULL || in->cred == NULL || cy == NULL) {
		cet_fmt(err, errlen, "compliance: missing program, "
		    "credential or cycle");
		return -1;
	}
	if (cy->start > cy->valid_through) {
		cet_fmt(err, errlen, "compliance: cycle %lld starts after it "
		    "ends", (long long)cy->id);
		return -1;
	}
	vt = cy->valid_through;

	/* 1. Which requirements apply. */
	/*
	 * An assumed renewal number is never the first: unknown means owed.
	 * An exemption limited to an attribute (first_renewal_attr) needs
	 * it given: denied, there is no exemption and so nothing to assume;
	 * not known, the exemption is not granted and the attribute is named
	 * as what would settle it.
	 */
	fa = p->first_renewal_attr[0] == '\0' ? 1 :
	    attrs_state(in->cred->attrs, p->first_renewal_attr);
	first_can = p->first_renewal_exempt && fa == 1;
	first_exempt = first_can && cy->renewal_index == 1 &&
	    !cy->renewal_assumed;
	r->renewal_assumed = p->first_renewal_exempt && fa != 0 &&
	    cy->renewal_assumed;
	if (p->first_renewal_exempt && fa < 0 && (cy->renewal_assumed ||
	    cy->renewal_index == 1))
		unknown_attr(r, p->first_renewal_attr);
	attr_exempt = p->exempt_attr[0] != '\0' &&
	    attrs_has(in->cred->attrs, p->exempt_attr);
	r->exempt = first_exempt || attr_exempt;
	app = xcalloc(p->nreqs + 1, sizeof(*app));
	assumed = xcalloc(p->nreqs + 1, sizeof(*assumed));
	dues = xcalloc(p->nreqs + 1, sizeof(*dues));
	for (i = 0; i < p->nreqs; i++) {
		const struct requirement *q = &p->reqs[i];

		if (!req_applies(q, in->cred, cy, first_exempt, attr_exempt,
		    &assumed[napp]))
			continue;
		dues[napp] = COMP_NO_DATE;
		if (q->due_within_years > 0) {
			/* Owed from the cycle its due date falls in. */
			dues[napp] = req_due(p, q, cy);
			if (dues[napp] > vt)
				continue;
			if (cy->renewal_assumed)
				assumed[napp] |= COMP_ASSUMED_RENEWAL;
		}
		if (assumed[napp] & COMP_ASSUMED_RENEWAL)
			r->renewal_assumed = 1;
		if (q->attr[0] != '\0' &&
		    attrs_state(in->cred->attrs, q->attr) < 0)
			unknown_attr(r, q->attr);
		if (q->unless_attr[0] != '\0' &&
		    attrs_state(in->cred->attrs, q->unless_attr) < 0)
			unknown_attr(r, q->unless_attr);
		app[napp++] = q;
	}

	if (r->exempt) {
		/* Exempt: only what is still owed, and nothing else. */
		required = 0;
		for (i = 0; i < napp; i++)
			if (app[i]->counts != REQ_COUNTS_OUTSIDE &&
			    app[i]->share == 0)
				required += app[i]->hours;
	} else {
		required = p->total_hours;
		for (i = 0; i < napp; i++)
			if (app[i]->counts == REQ_COUNTS_EXTRA &&
			    app[i]->share == 0)
				required += app[i]->hours;
	}

	/* The counting window. */
	r->count_from = cy->start;
	if (p->count_months > 0)
		r->count_from = date_add_months(vt, -p->count_months) + 1;
	count_to = in->as_of < vt ? in->as_of : vt;

	/* 2. Convert every activity. */
	nw = in->nacts;
	w = xreallocarray(NULL, nw + 1, sizeof(*w));	/* work_init clears */
	for (i = 0; i < nw; i++) {
		work_init(&w[i], &in->acts[i], in);
		w[i].in_window = in->acts[i].date >= r->count_from &&
		    in->acts[i].date <= count_to;
	}
	/* The store reads them in this order; sort only what is not. */
	for (i = 1; i < nw && cmp_work(&w[i - 1], &w[i]) <= 0; i++)
		;
	if (i < nw)
		qsort(w, nw, sizeof(*w), cmp_work);

	/* 3. Caps, in date order, over the window. */
	caprem = xcalloc(p->ncaps + 1, sizeof(*caprem));
	for (j = 0; j < p->ncaps; j++)
		caprem[j] = p->caps[j].max_hours;
	for (i = 0; i < nw; i++) {
		if (!w[i].ok || !w[i].in_window)
			continue;
		for (j = 0; j < p->ncaps; j++)
			cap_apply(&p->caps[j], &w[i], &caprem[j]);
	}

	/* 4. The total: window activities, less hours in "outside" topics. */
	r->contribs = xcalloc(nw + 1, sizeof(*r->contribs));
	for (i = 0; i < nw; i++) {
		struct comp_contrib *c;
		long out = 0;

		if (!w[i].in_window)
			continue;
		c = &r->contribs[r->ncontribs++];
		c->activity_id = w[i].a->id;
		c->why = w[i].why;
		if (!w[i].ok)
			continue;
		for (j = 0; j < napp; j++)
			if (app[j]->counts == REQ_COUNTS_OUTSIDE &&
			    app[j]->topics.n > 0)
				out += topic_hours(w[i].a, w[i].cth,
				    w[i].counted, &app[j]->topics);
		if (out > w[i].counted)
			out = w[i].counted;
		c->full = w[i].full;
		c->counted = w[i].counted - out;
		earned += c->counted;
	}
	r->carry_in = cy->carry_in;
	r->required = required;
	r->counted = earned + cy->carry_in;
	r->remaining = r->required > r->counted ? r->required - r->counted : 0;

	/* Requirements: reqs[0] is the total. */
	r->reqs = xcalloc(napp + 1, sizeof(*r->reqs));
	r->nreqs = napp + 1;
	cet_strlcpy(r->reqs[0].id, "total", sizeof(r->reqs[0].id));
	cet_strlcpy(r->reqs[0].label, "Total", sizeof(r->reqs[0].label));
	r->reqs[0].required = r->required;
	r->reqs[0].counted = r->counted;
	r->reqs[0].remaining = r->remaining;
	r->reqs[0].met = r->counted >= r->required;
	r->reqs[0].due = COMP_NO_DATE;
	for (j = 0; j < napp; j++) {
		const struct requirement *q = app[j];
		struct comp_req *o = &r->reqs[j + 1];
		int from, to, nmatch = 0, back = 0;
		long got = 0, h;

		cet_strlcpy(o->id, q->id, sizeof(o->id));
		cet_strlcpy(o->label, q->label, sizeof(o->label));
		o->rule = q;
		o->once = q->once != REQ_ONCE_NO;
		o->assumed = assumed[j];
		o->due = dues[j];
		o->required = q->share > 0 ?
		    (long)((long long)r->required * q->share / 100) : q->hours;
		if (q->once == REQ_ONCE_IN_CYCLE) {
			/*
			 * Counted in the window of the renewal where it is
			 * first owed; a later renewal also takes a course
			 * from an earlier owed renewal's window, and owes
			 * nothing more. With an unknown renewal number only
			 * this window counts: unknown means owed.
			 */
			back = prior_renewals(p, q, cy, first_can &&
			    !q->first_renewal);
			if (cy->renewal_assumed && back > 0) {
				back = 0;
				o->assumed |= COMP_ASSUMED_RENEWAL;
				r->renewal_assumed = 1;
			}
			from = back > 0 ? INT_MIN : r->count_from;
			to = count_to;
		} else if (q->once == REQ_ONCE_EVER) {
			from = INT_MIN;
			to = in->as_of;
		} else if (q->lookback_years > 0) {
			from = date_add_years(vt, -q->lookback_years) + 1;
			to = count_to;
		} else {
			from = r->count_from;
			to = count_to;
		}
		for (i = 0; i < nw; i++) {
			if (!w[i].ok || w[i].a->date < from ||
			    w[i].a->date > to)
				continue;
			if (back > 0 && !w[i].in_window) {
				int k;

				for (k = 1; k <= back; k++)
					if (in_prior_window(p, cy, k,
					    w[i].a->date))
						break;
				if (k > back)
					continue;
			}
			/* Caps shape what counts inside the window; older
			 * history (one-time, look-back) counts as earned. */
			h = req_hours(q, &w[i], w[i].in_window);
			if (h > 0)
				nmatch++;
			got += h;
		}
		o->counted = got;
		o->remaining = o->required > got ? o->required - got : 0;
		/* "hours = 0": a course is owed but no length is sourced,
		 * so any one matching activity meets it. */
		if (o->required == 0 && q->share == 0)
			o->met = nmatch > 0;
		else
			o->met = got >= o->required;
		o->course_only = o->required == 0 && q->share == 0;
	}

	/* State and dates. */
	r->days_left = vt - in->as_of;
	r->window_closes = vt;
	if (p->window_months > 0)
		r->window_opens = date_month_start(date_add_months(vt,
		    -p->window_months));
	else if (p->window_days > 0)
		r->window_opens = vt - p->window_days;
	else
		r->window_opens = COMP_NO_DATE;
	r->late_until = vt + p->late_days;

	/* Pace over the counting window, linear. */
	{
		long long days = (long long)vt - r->count_from + 1;
		long long el = (long long)(in->as_of < vt ? in->as_of : vt) -
		    r->count_from + 1;

		if (days < 1)
			days = 1;
		if (el < 0)
			el = 0;
		if (el > days)
			el = days;
		r->expected_now = (long)((long long)r->required * el / days);
		r->projected = cy->carry_in + (el > 0 ?
		    (long)((long long)earned * days / el) : 0);
	}

	/* What would carry to the next cycle: hours earned in this one
	 * beyond the requirement, up to the program's maximum. */
	{
		long excess = r->counted - r->required;

		if (excess > earned)
			excess = earned;
		if (excess > p->carryover_max)
			excess = p->carryover_max;
		r->carry_out = excess > 0 ? excess : 0;
	}

	at_risk = p->at_risk_days > 0 ? p->at_risk_days :
	    in->at_risk_days > 0 ? in->at_risk_days :
	    COMP_DEFAULT_AT_RISK_DAYS;
	{
		int complete = 1;

		for (j = 0; j < r->nreqs; j++)
			if (!r->reqs[j].met)
				complete = 0;
		if (in->cred->status == CRED_RETIRED)
			r->state = COMP_RETIRED;
		else if (in->cred->status == CRED_INACTIVE)
			r->state = COMP_INACTIVE;
		else if (in->as_of > r->late_until)
			r->state = COMP_LAPSED;
		else if (in->as_of > vt)
			r->state = COMP_GRACE;
		else if (complete)
			r->state = COMP_COMPLETE;
		else if (r->days_left <= at_risk)
			r->state = COMP_AT_RISK;
		else if (r->counted < r->expected_now)
			r->state = COMP_BEHIND;
		else
			r->state = COMP_ON_TRACK;
	}
	rc = 0;

	free(caprem);
	free(app);
	free(assumed);
	free(dues);
	free(w);
	if (rc == -1)
		comp_release(r);
	return rc;
}

/* expected_now of compliance_evaluate on day d. */
static long
comp_expected_on(const struct comp_input *in, const struct comp_result *r,
    long long d)
{
	long long vt = in->cycle->valid_through;
	long long days = vt - r->count_from + 1;
	long long el = (d < vt ? d : vt) - r->count_from + 1;

	if (days < 1)
		days = 1;
	if (el < 0)
		el = 0;
	if (el > days)
		el = days;
	return (long)((long long)r->required * el / days);
}

int
compliance_next_change(const struct comp_input *in,
    const struct comp_result *r)
{
	const struct program *p = in->prog;
	long long best = (long long)COMP_NO_DATE, t, lo, hi, mid;
	long long vt, as_of = in->as_of;
	size_t i;
	int at_risk;

	if (r->state == COMP_RETIRED || r->state == COMP_INACTIVE ||
	    r->state == COMP_LAPSED)
		return COMP_NO_DATE;	/* only new data changes these */
	vt = in->cycle->valid_through;
	at_risk = p->at_risk_days > 0 ? p->at_risk_days :
	    in->at_risk_days > 0 ? in->at_risk_days :
	    COMP_DEFAULT_AT_RISK_DAYS;
#define COMP_CONSIDER(x) do {						\
	t = (x);							\
	if (t > as_of && (best == (long long)COMP_NO_DATE || t < best))	\
		best = t;						\
} while (0)
	/* An activity dated ahead counts from its day (one-time
	 * requirements count it whenever it comes). */
	for (i = 0; i < in->nacts; i++)
		COMP_CONSIDER((long long)in->acts[i].date);
	COMP_CONSIDER(vt - at_risk);
	COMP_CONSIDER(vt + 1);
	COMP_CONSIDER((long long)r->late_until + 1);
	/* The pace: expected_now only grows with the day; the first day it
	 * passes what is counted, found by bisection over (as_of, vt]. */
	if (r->counted >= comp_expected_on(in, r, as_of) &&
	    as_of < vt && comp_expected_on(in, r, vt) > r->counted) {
		lo = as_of;	/* expected <= counted */
		hi = vt;	/* expected > counted */
		while (hi - lo > 1) {
			mid = lo + (hi - lo) / 2;
			if (comp_expected_on(in, r, mid) > r->counted)
				hi = mid;
			else
				lo = mid;
		}
		COMP_CONSIDER(hi);
	}
#undef COMP_CONSIDER
	return (int)best;
}
