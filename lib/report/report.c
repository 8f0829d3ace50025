/* SPDX-License-Identifier: ISC */
/*
 * The report model: one pass of the set-based scan over the selected
 * people, compliance_evaluate for every credential's open cycle, and the
 * transcript of each person's current cycles (the activities in some
 * credential's counting window, with what each counted toward). The
 * summary, the urgency order and the list of rule packs used are computed
 * here so that every renderer shows the same thing. Text is copied into a
 * pool of large blocks that the report owns, so a report of thousands of
 * people is a few allocations per person, and one report_free.
 */
#include <errno.h>
#include <sys/types.h>

#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "rules/compliance.h"
#include "base/date.h"
#include "store/db.h"
#include "report/report.h"
#include "store/store.h"
#include "store/store_org.h"
#include "base/config.h"
#include "base/util.h"

#define POOL_BLOCK	(64 * 1024)

struct pool_block {
	struct pool_block	*next;
	size_t			 used;
	size_t			 size;
	max_align_t		 data[];
};

struct report_pool {
	struct pool_block	*head;
};

/* One evaluated credential of the person being built. */
struct report_row {
	const struct credential	*cred;
	const struct cycle	*cycle;
	const struct program	*prog;
	struct comp_result	 res;
	size_t			 next;	/* cursor into res.contribs */
};

/* Everything report_build carries between people. */
struct report_ctx {
	struct report		*r;
	const struct program_set *progs;
	const struct report_query *q;
	struct organization	*orgs;
	size_t			 norgs;
	const struct program	**used;
	size_t			 nused;
	size_t			 capused;
	size_t			 cappeople;
	struct report_row	*rows;
	size_t			 caprows;
	struct report_credit	*credits;
	size_t			 capcredits;
	int			 by_range;	/* report_scan */
	const struct verification *verif; /* the latest of each credential,
					   by credential id (shared) */
	size_t			 nverif;
	const char		**itab;		/* report_intern: pool copies */
	size_t			 icap;		/* a power of 2, or 0 */
	size_t			 nintern;
};

static void	*report_raw(struct report *, size_t, size_t);
static void	*report_alloc(struct report *, size_t, size_t);
static const char *report_strdup(struct report *, const char *);
static const char *report_intern(struct report_ctx *, const char *);
static void	 report_warn(struct report *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static const char *report_org_name(const struct report_ctx *, int64_t);
static int	 report_row_cmp(const void *, const void *);
static int	 report_person_cmp(const void *, const void *);
static int	 report_pack_cmp(const void *, const void *);
static void	 report_use_program(struct report_ctx *,
		    const struct program *);
static void	 report_fill_cred(struct report_ctx *, struct report_cred *,
		    const struct report_row *);
static void	 report_fill_verify(struct report_ctx *, struct report_cred *);
static void	 report_keep_action(struct report_person *);
static void	 report_fill_acts(struct report_ctx *, struct report_person *,
		    const struct store_person_data *, size_t);
static int	 report_add_person(struct report_ctx *,
		    const struct store_person_data *, char *, size_t);
static void	 report_finish(struct report_ctx *);

/* -- pool -------------------------------------------------------------- */

/* n * size bytes of the pool, not cleared. */
static void *
report_raw(struct report *r, size_t n, size_t size)
{
	struct report_pool	*p = r->pool;
	struct pool_block	*b;
	size_t			 bytes, al = sizeof(max_align_t);

	if (n == 0 || size == 0)
		return NULL;
	if (size > SIZE_MAX / n)
		abort();	/* as xreallocarray: nothing sensible to do */
	bytes = (n * size + al - 1) / al * al;
	b = p->head;
	if (b == NULL || b->size - b->used < bytes) {
		size_t bsz = bytes > POOL_BLOCK ? bytes : POOL_BLOCK;

		b = xmalloc(sizeof(*b) + bsz);
		b->size = bsz;
		b->used = 0;
		/* A big one-off block goes second, keeping the current one. */
		if (p->head != NULL && bytes > POOL_BLOCK) {
			b->next = p->head->next;
			p->head->next = b;
		} else {
			b->next = p->head;
			p->head = b;
		}
	}
	b->used += bytes;
	return (char *)b->data + b->used - bytes;
}

static void *
report_alloc(struct report *r, size_t n, size_t size)
{
	void	*p;

	if ((p = report_raw(r, n, size)) != NULL)
		memset(p, 0, n * size);
	return p;
}

static const char *
report_strdup(struct report *r, const char *s)
{
	size_t	 n;
	char	*d;

	if (s == NULL || *s == '\0')
		return "";
	n = strlen(s) + 1;
	d = report_raw(r, n, 1);
	memcpy(d, s, n);
	return d;
}

/* The slot of s in the intern table: where it is, or the empty one. */
static size_t
report_intern_slot(const struct report_ctx *x, const char *s)
{
	const unsigned char	*p;
	size_t			 h, mask = x->icap - 1;
	uint32_t		 v;

	for (v = 2166136261u, p = (const unsigned char *)s; *p != '\0'; p++)
		v = (v ^ *p) * 16777619u;	/* FNV-1a */
	for (h = v & mask; x->itab[h] != NULL; h = (h + 1) & mask)
		if (strcmp(x->itab[h], s) == 0)
			break;
	return h;
}

/*
 * One pool copy of each distinct string, for the text that repeats from
 * credential to credential (program names, requirement labels, the
 * organization): 100,000 credentials need a few hundred strings, not
 * 600,000 copies. An open-addressed table, kept at most half full.
 */
static const char *
report_intern(struct report_ctx *x, const char *s)
{
	const char	**old;
	size_t		  h, i, oldcap;

	if (s == NULL || *s == '\0')
		return "";
	if (2 * (x->nintern + 1) > x->icap) {
		old = x->itab;
		oldcap = x->icap;
		x->icap = oldcap ? oldcap * 2 : 256;
		x->itab = xcalloc(x->icap, sizeof(*x->itab));
		for (i = 0; i < oldcap; i++)
			if (old[i] != NULL)
				x->itab[report_intern_slot(x, old[i])] = old[i];
		free(old);
	}
	h = report_intern_slot(x, s);
	if (x->itab[h] == NULL) {
		x->itab[h] = report_strdup(x->r, s);
		x->nintern++;
	}
	return x->itab[h];
}

static void
report_warn(struct report *r, const char *fmt, ...)
{
	va_list	 ap;
	char	 buf[512];

	va_start(ap, fmt);
	if (vsnprintf(buf, sizeof(buf), fmt, ap) < 0)
		buf[0] = '\0';
	va_end(ap);
	r->warnings = xreallocarray(r->warnings, r->nwarnings + 1,
	    sizeof(*r->warnings));
	r->warnings[r->nwarnings++] = xstrdup(buf);
}

void
report_free(struct report *r)
{
	struct report_pool	*p;
	struct pool_block	*b, *next;
	size_t			 i;

	if (r == NULL)
		return;
	if ((p = r->pool) != NULL) {
		for (b = p->head; b != NULL; b = next) {
			next = b->next;
			free(b);
		}
		free(p);
	}
	for (i = 0; i < r->nwarnings; i++)
		free(r->warnings[i]);
	free(r->warnings);
	free(r->people);
	memset(r, 0, sizeof(*r));
}

/* -- sorting ----------------------------------------------------------- */

static int
report_row_cmp(const void *x, const void *y)
{
	const struct report_row *a = x, *b = y;
	int ua = comp_state_urgency(a->res.state);
	int ub = comp_state_urgency(b->res.state);

	if (ua != ub)
		return ua < ub ? -1 : 1;
	if (a->res.days_left != b->res.days_left)
		return a->res.days_left < b->res.days_left ? -1 : 1;
	return a->cred->id < b->cred->id ? -1 : a->cred->id > b->cred->id;
}

static int
report_person_cmp(const void *x, const void *y)
{
	const struct report_person *a = x, *b = y;
	int ua, ub, c;

	/* People without credentials come last. */
	if ((a->ncreds == 0) != (b->ncreds == 0))
		return a->ncreds == 0 ? 1 : -1;
	if (a->ncreds > 0) {
		ua = comp_state_urgency(a->state);
		ub = comp_state_urgency(b->state);
		if (ua != ub)
			return ua < ub ? -1 : 1;
		if (a->days_left != b->days_left)
			return a->days_left < b->days_left ? -1 : 1;
	}
	if ((c = strcmp(a->name, b->name)) != 0)
		return c < 0 ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

static int
report_pack_cmp(const void *x, const void *y)
{
	const struct report_pack *a = x, *b = y;

	return strcmp(a->code, b->code);
}

/* -- building ---------------------------------------------------------- */

static const char *
report_org_name(const struct report_ctx *x, int64_t id)
{
	size_t	lo = 0, hi = x->norgs, mid;

	/* store_org_list returns them ordered by id. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (x->orgs[mid].id == id)
			return x->orgs[mid].name;
		if (x->orgs[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return "";
}

static void
report_use_program(struct report_ctx *x, const struct program *p)
{
	size_t	i;

	for (i = 0; i < x->nused; i++)
		if (x->used[i] == p)
			return;
	if (x->nused == x->capused) {
		x->capused = x->capused ? x->capused * 2 : 8;
		x->used = xreallocarray(x->used, x->capused, sizeof(*x->used));
	}
	x->used[x->nused++] = p;
}

static void
report_fill_cred(struct report_ctx *x, struct report_cred *c,
    const struct report_row *w)
{
	struct report		*r = x->r;
	const struct comp_result *s = &w->res;
	long	 m, outside = 0;
	size_t	 i;

	c->id = w->cred->id;
	c->kind = report_intern(x, w->prog->kind);
	c->program = report_intern(x, w->cred->program);
	c->program_name = report_intern(x, w->prog->name);
	c->number = report_strdup(r, w->cred->number);
	c->jurisdiction = report_intern(x, w->cred->state);
	c->status = w->cred->status;
	c->cycle_start = w->cycle->start;
	c->valid_through = w->cycle->valid_through;
	c->renewal_index = w->cycle->renewal_index;
	c->state = s->state;
	c->days_left = s->days_left;
	c->window_opens = s->window_opens;
	c->window_closes = s->window_closes;
	c->late_until = s->late_until;
	c->count_from = s->count_from;
	c->required = s->required;
	c->counted = s->counted;
	c->remaining = s->remaining;
	c->carry_in = s->carry_in;
	c->expected_now = s->expected_now;
	c->projected = s->projected;
	c->exempt = s->exempt;
	c->renewal_assumed = s->renewal_assumed;
	c->unknown_attrs = report_intern(x, s->unknown_attrs);
	c->nreqs = s->nreqs;
	c->reqs = report_alloc(r, s->nreqs, sizeof(*c->reqs));
	m = s->nreqs > 0 ? s->reqs[0].remaining : 0;
	for (i = 0; i < s->nreqs; i++) {
		const struct comp_req	*cq = &s->reqs[i];
		struct report_req	*q = &c->reqs[i];

		q->id = report_intern(x, cq->id);
		q->label = report_intern(x, cq->label);
		q->required = cq->required;
		q->counted = cq->counted;
		q->remaining = cq->remaining;
		q->met = cq->met;
		q->once = cq->once;
		q->course_only = cq->course_only;
		q->assumed = cq->assumed;
		q->due = cq->due;
		q->outside = cq->rule != NULL &&
		    cq->rule->counts == REQ_COUNTS_OUTSIDE;
		if (i == 0)
			continue;
		if (q->outside)
			outside += q->remaining;
		else if (q->remaining > m)
			m = q->remaining;
	}
	switch (s->state) {
	case COMP_ON_TRACK:
	case COMP_BEHIND:
	case COMP_AT_RISK:
		c->shortfall = s->required - s->projected;
		if (c->shortfall < 0)
			c->shortfall = 0;
		c->missing = m + outside;
		break;
	case COMP_GRACE:
	case COMP_LAPSED:
		/* The cycle is over: what is missing is the shortfall. */
		c->shortfall = s->remaining;
		c->missing = m + outside;
		break;
	case COMP_COMPLETE:
		c->missing = m + outside;	/* 0 unless a course is owed */
		break;
	default:
		break;
	}
	report_fill_verify(x, c);
}

static const struct verification *
report_find_verif(const struct report_ctx *x, int64_t cred_id)
{
	size_t	lo = 0, hi = x->nverif, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (x->verif[mid].credential_id == cred_id)
			return &x->verif[mid];
		if (x->verif[mid].credential_id < cred_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The latest verification, what the policy makes of it, and why the
 * credential needs action. */
static void
report_fill_verify(struct report_ctx *x, struct report_cred *c)
{
	const struct config	 *cfg = x->q->cfg;
	const struct verification *v = report_find_verif(x, c->id);
	int			  policy, maxd, needed;

	policy = cfg != NULL ? cfg->verify : CONFIG_VERIFY_LICENSES;
	maxd = cfg != NULL ? cfg->verify_max_days : 0;
	c->verified_on = COMP_NO_DATE;
	c->verified_by = "";
	c->verify_source = "";
	if (v != NULL) {
		c->verified_on = v->on;
		c->verified_by = report_intern(x, v->by);
		c->verify_source = report_intern(x, v->source);
	}
	needed = c->state != COMP_RETIRED && c->state != COMP_INACTIVE &&
	    (policy == CONFIG_VERIFY_ALL ||
	    (policy == CONFIG_VERIFY_LICENSES && report_is_license(c)));
	if (!needed)
		c->verify = REPORT_VERIFY_NOT_NEEDED;
	else if (v == NULL)
		c->verify = REPORT_VERIFY_NONE;
	else if (maxd > 0 ? v->on < x->q->as_of - maxd :
	    v->on < c->cycle_start)
		c->verify = REPORT_VERIFY_STALE;
	else
		c->verify = REPORT_VERIFY_CURRENT;

	switch (c->state) {
	case COMP_LAPSED:
		c->action = REPORT_ACT_LAPSED;
		break;
	case COMP_GRACE:
		c->action = REPORT_ACT_GRACE;
		break;
	case COMP_AT_RISK:
		c->action = REPORT_ACT_AT_RISK;
		break;
	case COMP_BEHIND:
		c->action = REPORT_ACT_BEHIND;
		break;
	default:
		c->action = 0;
		break;
	}
	if (c->verify == REPORT_VERIFY_NONE)
		c->action |= REPORT_ACT_UNVERIFIED;
	else if (c->verify == REPORT_VERIFY_STALE)
		c->action |= REPORT_ACT_STALE;
}

/*
 * Keep only the credentials that need action (--exceptions), and of the
 * transcript what counted toward them: credit indexes follow the
 * credentials they name.
 */
static void
report_keep_action(struct report_person *pp)
{
	size_t	map[64], *mp, i, j, k, n = 0, na = 0;

	mp = pp->ncreds <= 64 ? map : xreallocarray(NULL, pp->ncreds,
	    sizeof(*mp));
	for (i = 0; i < pp->ncreds; i++) {
		mp[i] = SIZE_MAX;
		if (pp->creds[i].action == 0)
			continue;
		mp[i] = n;
		pp->creds[n++] = pp->creds[i];
	}
	pp->ncreds = n;
	for (i = 0; i < pp->nacts; i++) {
		struct report_activity *a = &pp->acts[i];

		for (j = k = 0; j < a->ncredits; j++) {
			if (mp[a->credits[j].cred] == SIZE_MAX)
				continue;
			a->credits[k] = a->credits[j];
			a->credits[k++].cred = mp[a->credits[j].cred];
		}
		a->ncredits = k;
		if (k > 0)
			pp->acts[na++] = *a;
	}
	pp->nacts = na;
	if (mp != map)
		free(mp);
}

/*
 * The transcript: every activity in the counting window of at least one
 * of the person's current cycles. compliance_evaluate lists its window
 * activities in the order of the input (date, then id), so one merge walk
 * per credential finds them.
 */
static void
report_fill_acts(struct report_ctx *x, struct report_person *pp,
    const struct store_person_data *pd, size_t nrows)
{
	struct report		*r = x->r;
	struct report_activity	*v;
	size_t			 i, j, k, n = 0, nc;

	if (nrows > x->capcredits) {
		x->capcredits = nrows;
		x->credits = xreallocarray(x->credits, nrows,
		    sizeof(*x->credits));
	}
	v = report_alloc(r, pd->nacts, sizeof(*v));
	for (i = 0; i < pd->nacts; i++) {
		const struct activity	*a = &pd->acts[i];
		struct report_activity	*ra;

		for (k = nc = 0; k < nrows; k++) {
			struct report_row *w = &x->rows[k];
			const struct comp_contrib *cb;

			if (w->next >= w->res.ncontribs)
				continue;
			cb = &w->res.contribs[w->next];
			if (cb->activity_id != a->id)
				continue;
			w->next++;
			x->credits[nc].cred = k;
			x->credits[nc].counted = cb->counted;
			x->credits[nc].why = cb->why != NULL ? cb->why : "";
			nc++;
		}
		if (nc == 0)
			continue;
		ra = &v[n++];
		ra->id = a->id;
		ra->date = a->date;
		ra->title = report_strdup(r, a->title);
		ra->provider = report_strdup(r, a->provider);
		ra->format = report_intern(x, a->format);
		ra->amount = a->amount;
		ra->certificate = a->certificate[0] != '\0';
		ra->ntopics = a->ntopics;
		ra->topics = report_alloc(r, a->ntopics, sizeof(*ra->topics));
		for (j = 0; j < a->ntopics; j++) {
			ra->topics[j].topic = report_intern(x,
			    a->topics[j].topic);
			ra->topics[j].centi = a->topics[j].centi;
		}
		ra->napprovals = a->napprovals;
		ra->approvals = report_alloc(r, a->napprovals,
		    sizeof(*ra->approvals));
		for (j = 0; j < a->napprovals; j++) {
			ra->approvals[j].body = report_intern(x,
			    a->approvals[j].body);
			ra->approvals[j].number = report_strdup(r,
			    a->approvals[j].number);
		}
		ra->ncredits = nc;
		ra->credits = report_alloc(r, nc, sizeof(*ra->credits));
		for (j = 0; j < nc; j++) {
			ra->credits[j] = x->credits[j];
			ra->credits[j].why = report_intern(x,
			    x->credits[j].why);
		}
	}
	pp->acts = v;
	pp->nacts = n;
}

static int
report_add_person(struct report_ctx *x, const struct store_person_data *pd,
    char *err, size_t errlen)
{
	struct report		*r = x->r;
	struct report_summary	*sm = &r->summary;
	struct report_person	*pp;
	size_t			 i, nrows = 0, nlic;
	int			 ret = -1, pdays = 0;
	enum comp_state		 pstate = COMP_COMPLETE;

	if (pd->ncreds > x->caprows) {
		x->caprows = pd->ncreds;
		x->rows = xreallocarray(x->rows, x->caprows, sizeof(*x->rows));
	}
	for (i = 0; i < pd->ncreds; i++) {
		struct report_row	*w = &x->rows[nrows];
		struct comp_input	 in;
		char			 e[256];

		memset(w, 0, sizeof(*w));
		w->cred = &pd->creds[i];
		w->cycle = &pd->cycles[i];
		if (w->cycle->id == 0) {
			report_warn(r, "credential %lld (%s %s of %s) has no "
			    "open cycle; left out", (long long)w->cred->id,
			    w->cred->program, w->cred->number,
			    pd->person.name);
			continue;
		}
		w->prog = programs_find(x->progs, w->cred->program);
		if (w->prog == NULL) {
			report_warn(r, "credential %lld (%s %s of %s): program "
			    "'%s' is not loaded; left out",
			    (long long)w->cred->id, w->cred->program,
			    w->cred->number, pd->person.name,
			    w->cred->program);
			continue;
		}
		compliance_input_init(&in, x->q->cfg, x->q->as_of);
		in.prog = w->prog;
		in.cred = w->cred;
		in.cycle = w->cycle;
		in.acts = pd->acts;
		in.nacts = pd->nacts;
		if (compliance_evaluate(&in, &w->res, e, sizeof(e)) == -1) {
			(void)cet_fmt(err, errlen, "credential %lld: %s",
			    (long long)w->cred->id, e);
			comp_release(&w->res);
			goto out;
		}
		report_use_program(x, w->prog);
		nrows++;
	}
	if (nrows > 1)
		qsort(x->rows, nrows, sizeof(*x->rows), report_row_cmp);
	/* The person's urgency is their most urgent credential's. */
	if (nrows > 0) {
		pstate = x->rows[0].res.state;
		pdays = x->rows[0].res.days_left;
	}
	/* Licenses first, then certifications, each still by urgency. */
	for (i = 0, nlic = 0; i < nrows; i++) {
		struct report_row t;
		size_t	j;

		if (strcmp(x->rows[i].prog->kind, "license") != 0)
			continue;
		t = x->rows[i];
		for (j = i; j > nlic; j--)
			x->rows[j] = x->rows[j - 1];
		x->rows[nlic++] = t;
	}

	if (r->npeople == x->cappeople) {
		x->cappeople = x->cappeople ? x->cappeople * 2 : 64;
		r->people = xreallocarray(r->people, x->cappeople,
		    sizeof(*r->people));
	}
	pp = &r->people[r->npeople++];
	memset(pp, 0, sizeof(*pp));
	pp->id = pd->person.id;
	pp->name = report_strdup(r, pd->person.name);
	pp->email = report_strdup(r, pd->person.email);
	pp->external_id = report_strdup(r, pd->person.external_id);
	pp->org_id = pd->person.org_id;
	pp->org = pp->org_id > 0 ?
	    report_intern(x, report_org_name(x, pp->org_id)) : "";
	pp->state = COMP_COMPLETE;
	pp->ncreds = nrows;
	pp->creds = report_alloc(r, nrows, sizeof(*pp->creds));
	for (i = 0; i < nrows; i++) {
		struct report_cred *c = &pp->creds[i];

		report_fill_cred(x, c, &x->rows[i]);
		sm->credentials++;
		sm->by_state[c->state]++;
		if (report_is_license(c))
			sm->licenses++;
		if (c->action != 0) {
			sm->creds_action++;
			pp->action = 1;
		}
		if (c->verify == REPORT_VERIFY_NONE)
			sm->unverified++;
		else if (c->verify == REPORT_VERIFY_STALE)
			sm->stale++;
		if (c->state != COMP_RETIRED && c->state != COMP_INACTIVE &&
		    c->days_left >= 0) {
			if (c->days_left <= 30)
				sm->expiring_30++;
			if (c->days_left <= 60)
				sm->expiring_60++;
			if (c->days_left <= 90)
				sm->expiring_90++;
		}
		switch (c->state) {
		case COMP_BEHIND:
		case COMP_AT_RISK:
		case COMP_GRACE:
		case COMP_LAPSED:
			if (c->missing > 0) {
				pp->is_short = 1;
				pp->missing += c->missing;
			}
			break;
		default:
			break;
		}
	}
	pp->state = pstate;
	pp->days_left = pdays;
	sm->people++;
	if (pp->is_short) {
		sm->people_short++;
		sm->hours_missing += pp->missing;
	}
	if (pp->action)
		sm->people_action++;
	if (x->q->transcript)
		report_fill_acts(x, pp, pd, nrows);
	if (x->q->exceptions) {
		if (!pp->action)
			r->npeople--;	/* counted, not shown */
		else
			report_keep_action(pp);
	}
	ret = 0;
out:
	for (i = 0; i < nrows; i++)
		comp_release(&x->rows[i].res);
	return ret;
}

static void
report_finish(struct report_ctx *x)
{
	struct report	*r = x->r;
	size_t		 i;
	int64_t		 org = -1;

	/* The people are in urgency order already (report_build). */
	r->summary.lapsed = r->summary.by_state[COMP_LAPSED];
	r->summary.grace = r->summary.by_state[COMP_GRACE];

	r->npacks = x->nused;
	r->packs = report_alloc(r, x->nused, sizeof(*r->packs));
	for (i = 0; i < x->nused; i++) {
		r->packs[i].code = report_strdup(r, x->used[i]->code);
		r->packs[i].name = report_strdup(r, x->used[i]->name);
		r->packs[i].version = report_strdup(r, x->used[i]->version);
		r->packs[i].origin = report_strdup(r, x->used[i]->origin);
	}
	if (r->npacks > 1)
		qsort(r->packs, r->npacks, sizeof(*r->packs), report_pack_cmp);

	if (r->scope == REPORT_ORG) {
		r->organization = report_strdup(r, x->q->org_name);
		return;
	}
	/* Everyone in one organization: name it. */
	for (i = 0; i < r->npeople; i++) {
		if (org == -1)
			org = r->people[i].org_id;
		else if (org != r->people[i].org_id)
			org = 0;
	}
	r->organization = org > 0 ?
	    report_strdup(r, report_org_name(x, org)) : "";
}

/* The report's fields every half starts with. */
static void
report_init(struct report *r, const struct report_query *q)
{
	memset(r, 0, sizeof(*r));
	r->pool = xcalloc(1, sizeof(struct report_pool));
	r->scope = q->scope;
	r->organization = "";
	r->generated_at = q->generated_at;
	r->as_of = q->as_of;
	r->exceptions = q->exceptions;
	r->attestation = q->scope == REPORT_PERSON && !q->exceptions;
	r->transcript = q->transcript;
	r->threads = q->threads;
}

static void
report_ctx_free(struct report_ctx *x)
{
	free(x->orgs);
	free(x->used);
	free(x->rows);
	free(x->credits);
	free(x->itab);
}

/*
 * Add the selected people with first <= id <= last (0, 0: everyone). An
 * organization's people are read as a range of ids (and the others in it
 * passed over) when x->by_range, else through the list of its ids.
 */
static int
report_scan(struct report_ctx *x, struct db *db, int64_t first, int64_t last,
    char *err, size_t errlen)
{
	const struct report_query *q = x->q;
	struct store_scan	*scan = NULL;
	struct store_person_data pd;
	int			 flags, n, ret = -1;

	flags = q->transcript ? 0 : STORE_SCAN_LEAN;
	/* Organization names first: one query, before the scan starts. */
	if (x->orgs == NULL && store_org_list(db, &x->orgs, &x->norgs, err,
	    errlen) == -1)
		goto out;
	if (q->scope == REPORT_ORG && x->by_range)
		n = store_scan_open_range(db, first, last, flags, &scan, err,
		    errlen);
	else if (q->scope == REPORT_ORG)
		n = store_scan_open_org(db, q->org_id, first > 0 ? first : 1,
		    first > 0 ? last : INT64_MAX, flags, &scan, err, errlen);
	else if (first > 0)
		n = store_scan_open_range(db, first, last, flags, &scan, err,
		    errlen);
	else
		n = store_scan_open(db, q->scope == REPORT_PERSON ?
		    q->person_id : 0, flags, &scan, err, errlen);
	if (n == -1)
		goto out;
	while ((n = store_scan_next(scan, &pd, err, errlen)) == 1) {
		if (q->scope == REPORT_ORG && pd.person.org_id != q->org_id)
			continue;
		if (report_add_person(x, &pd, err, errlen) == -1)
			goto out;
	}
	if (n == -1)
		goto out;
	ret = 0;
out:
	store_scan_close(scan);
	return ret;
}

/*
 * A report of many people is built by several threads, each on a
 * connection of its own (SQLite connections are not shared between
 * threads; programs are only read, compliance is pure). The people are
 * cut into ranges of ids of REPORT_RANGE people (q->range), and each thread
 * takes the next range not taken until none is left, so a thread that
 * the machine slows down takes fewer: the threads finish together. Each
 * thread reads all its ranges in one read transaction, a snapshot of its
 * own, and sorts its people; the sorted runs are merged at the end.
 */
#define REPORT_RANGE	1000
#define REPORT_WORKERS	8

struct report_shared {
	const int64_t		*bounds;	/* range i: [bounds[i],
						   bounds[i + 1] - 1] */
	size_t			 nranges;
	int64_t			 end;		/* the last range ends here */
	size_t			 next;		/* the first range not taken */
	int			 stop;		/* a worker failed */
	pthread_mutex_t		 mu;
};

struct report_worker {
	struct report_shared	*sh;
	const char		*path;		/* NULL: use db as it is */
	struct db		*db;
	struct report		 r;
	struct report_ctx	 x;
	size_t			*wrange;	/* the range of each warning */
	int			 rc;
	char			 err[512];
};

/* The next range for a worker, or -1 when there is none (or to stop). */
static ssize_t
report_take(struct report_shared *sh)
{
	ssize_t	i = -1;

	pthread_mutex_lock(&sh->mu);
	if (!sh->stop && sh->next < sh->nranges)
		i = (ssize_t)sh->next++;
	pthread_mutex_unlock(&sh->mu);
	return i;
}

static void *
report_worker_run(void *arg)
{
	struct report_worker	*k = arg;
	struct report_shared	*sh = k->sh;
	struct db		 own;
	size_t			 w, n = 0;
	ssize_t			 i;
	int			 txn = 0;
	int64_t			 last;

	k->rc = -1;
	memset(&own, 0, sizeof(own));
	if (k->path != NULL) {
		if (db_open(&own, k->path, DB_OPEN_READONLY, k->err,
		    sizeof(k->err)) == -1)
			goto out;
		k->db = &own;
	}
	/* One snapshot for all of this worker's ranges. */
	if (!db_in_transaction(k->db)) {
		if (db_begin_read(k->db, k->err, sizeof(k->err)) == -1)
			goto out;
		txn = 1;
	}
	while ((i = report_take(sh)) != -1) {
		last = (size_t)i + 1 < sh->nranges ? sh->bounds[i + 1] - 1 :
		    sh->end;
		if (report_scan(&k->x, k->db, sh->bounds[i], last, k->err,
		    sizeof(k->err)) == -1)
			goto out;
		if (k->r.nwarnings > n) {
			k->wrange = xreallocarray(k->wrange, k->r.nwarnings,
			    sizeof(*k->wrange));
			for (w = n; w < k->r.nwarnings; w++)
				k->wrange[w] = (size_t)i;
			n = k->r.nwarnings;
		}
	}
	if (k->r.npeople > 1)
		qsort(k->r.people, k->r.npeople, sizeof(*k->r.people),
		    report_person_cmp);
	k->rc = 0;
out:
	if (k->rc == -1) {
		pthread_mutex_lock(&sh->mu);
		sh->stop = 1;
		pthread_mutex_unlock(&sh->mu);
	}
	if (txn && db_commit(k->db, NULL, 0) == -1)
		db_rollback(k->db);
	if (k->path != NULL) {
		db_close(&own);
		k->db = NULL;
	}
	return NULL;
}

/* The workers' warnings into r, in the order of their ranges. */
static void
report_merge_warnings(struct report *r, struct report_worker *wk, size_t nw)
{
	size_t	at[REPORT_WORKERS], i, best, total = 0;

	for (i = 0; i < nw; i++) {
		at[i] = 0;
		total += wk[i].r.nwarnings;
	}
	if (total == 0)
		return;
	r->warnings = xreallocarray(r->warnings, r->nwarnings + total,
	    sizeof(*r->warnings));
	for (;;) {
		best = nw;
		for (i = 0; i < nw; i++)
			if (at[i] < wk[i].r.nwarnings && (best == nw ||
			    wk[i].wrange[at[i]] < wk[best].wrange[at[best]]))
				best = i;
		if (best == nw)
			break;
		r->warnings[r->nwarnings++] =
		    wk[best].r.warnings[at[best]++];
	}
	for (i = 0; i < nw; i++)
		wk[i].r.nwarnings = 0;	/* r has them now */
}

/*
 * Put the workers' reports together in x->r: their people merged in
 * urgency order (each run is sorted), their text (the pool blocks), the
 * counts, the programs, and the warnings in range order, as one scan
 * would have made them.
 */
static void
report_merge(struct report_ctx *x, struct report_worker *wk, size_t nw)
{
	struct report		*r = x->r;
	struct report_pool	*pa = r->pool;
	struct pool_block	*tail;
	size_t			 at[REPORT_WORKERS], i, j, n, total = 0, best;

	for (i = 0; i < nw; i++) {
		total += wk[i].r.npeople;
		at[i] = 0;
	}
	free(r->people);
	r->people = xreallocarray(NULL, total + 1, sizeof(*r->people));
	for (n = 0; n < total; n++) {
		best = nw;
		for (i = 0; i < nw; i++)
			if (at[i] < wk[i].r.npeople && (best == nw ||
			    report_person_cmp(&wk[i].r.people[at[i]],
			    &wk[best].r.people[at[best]]) < 0))
				best = i;
		r->people[n] = wk[best].r.people[at[best]++];
	}
	r->npeople = total;
	x->cappeople = total + 1;
	for (i = 0; i < nw; i++) {
		struct report		*o = &wk[i].r;
		struct report_pool	*pb = o->pool;

		/* Their text lives in o's blocks: r owns them from now on. */
		if (pb->head != NULL) {
			for (tail = pb->head; tail->next != NULL;
			    tail = tail->next)
				;
			tail->next = pa->head;
			pa->head = pb->head;
			pb->head = NULL;
		}
		r->summary.people += o->summary.people;
		r->summary.credentials += o->summary.credentials;
		for (j = 0; j < REPORT_NSTATES; j++)
			r->summary.by_state[j] += o->summary.by_state[j];
		r->summary.expiring_30 += o->summary.expiring_30;
		r->summary.expiring_60 += o->summary.expiring_60;
		r->summary.expiring_90 += o->summary.expiring_90;
		r->summary.people_short += o->summary.people_short;
		r->summary.hours_missing += o->summary.hours_missing;
		r->summary.people_action += o->summary.people_action;
		r->summary.creds_action += o->summary.creds_action;
		r->summary.unverified += o->summary.unverified;
		r->summary.stale += o->summary.stale;
		r->summary.licenses += o->summary.licenses;
		for (j = 0; j < wk[i].x.nused; j++)
			report_use_program(x, wk[i].x.used[j]);
	}
	report_merge_warnings(r, wk, nw);
}

/*
 * The build. One worker (this thread, on db) for one person, for a
 * database in memory, or when one thread is asked for; otherwise up to
 * q->threads, the others on connections of their own.
 */
int
report_build(struct db *db, const struct program_set *progs,
    const struct report_query *q, struct report *r, char *err, size_t errlen)
{
	struct report_ctx	 x;
	struct report_shared	 sh;
	struct report_worker	 wk[REPORT_WORKERS];
	pthread_t		 t[REPORT_WORKERS];
	int64_t			*bounds = NULL, lo = 0, hi = 0;
	struct verification	*verif = NULL;
	size_t			 nverif = 0;
	size_t			 nb = 0, nw = 1, started = 0, i, n, span;
	int			 ret = -1, mu = 0;

	report_init(r, q);
	memset(&x, 0, sizeof(x));
	memset(&sh, 0, sizeof(sh));
	memset(wk, 0, sizeof(wk));
#ifdef CETRACK_VERSION
	r->version = q->version != NULL ? q->version : CETRACK_VERSION;
#else
	r->version = q->version != NULL ? q->version : "";
#endif
	r->version = report_strdup(r, r->version);
	x.r = r;
	x.progs = progs;
	x.q = q;
	/* The latest verifications, read once and shared by the workers. */
	if (store_verify_latest(db, q->as_of, &verif, &nverif, err,
	    errlen) == -1)
		goto out;
	x.verif = verif;
	x.nverif = nverif;

	/*
	 * An organization that holds (nearly) everyone between its first and
	 * last id is read as that range, the few others passed over: a list
	 * of its ids costs every statement a seek per person (9 % of the
	 * employer's report).
	 */
	if (q->scope == REPORT_ORG) {
		if (store_scan_org_span(db, q->org_id, &n, &lo, &hi, &span, err,
		    errlen) == -1)
			goto out;
		x.by_range = n > 0 && span - n <= n / 8;
	}
	if (q->threads > 1 && q->scope != REPORT_PERSON &&
	    !db_is_memory(db->path)) {
		if (store_scan_bounds(db, q->scope == REPORT_ORG ? q->org_id :
		    0, q->range > 0 ? q->range : REPORT_RANGE, &bounds, &nb,
		    err, errlen) == -1)
			goto out;
		nw = (size_t)q->threads < REPORT_WORKERS ?
		    (size_t)q->threads : REPORT_WORKERS;
		if (nw > nb)
			nw = nb;
	}
	if (nw <= 1) {
		/* One scan of everyone selected. */
		if (report_scan(&x, db, x.by_range ? lo : 0, x.by_range ? hi :
		    0, err, errlen) == -1)
			goto out;
		if (r->npeople > 1)
			qsort(r->people, r->npeople, sizeof(*r->people),
			    report_person_cmp);
		report_finish(&x);
		ret = 0;
		goto out;
	}

	sh.bounds = bounds;
	sh.nranges = nb;
	sh.end = x.by_range ? hi : INT64_MAX;
	pthread_mutex_init(&sh.mu, NULL);
	mu = 1;
	for (i = 0; i < nw; i++) {
		wk[i].sh = &sh;
		wk[i].path = i == 0 ? NULL : db->path;
		wk[i].db = db;
		report_init(&wk[i].r, q);
		wk[i].x.r = &wk[i].r;
		wk[i].x.progs = progs;
		wk[i].x.q = q;
		wk[i].x.by_range = x.by_range;
		wk[i].x.verif = verif;
		wk[i].x.nverif = nverif;
	}
	for (started = 1; started < nw; started++)
		if (pthread_create(&t[started], NULL, report_worker_run,
		    &wk[started]) != 0)
			break;	/* fewer helpers: the ranges still get done */
	(void)report_worker_run(&wk[0]);
	for (i = 1; i < started; i++)
		(void)pthread_join(t[i], NULL);
	for (i = 0; i < started; i++)
		if (wk[i].rc == -1) {
			(void)cet_fmt(err, errlen, "%s", wk[i].err);
			goto out;
		}
	report_merge(&x, wk, started);
	/* The organization names, for report_finish. */
	x.orgs = wk[0].x.orgs;
	x.norgs = wk[0].x.norgs;
	wk[0].x.orgs = NULL;
	report_finish(&x);
	ret = 0;
out:
	for (i = 0; i < nw; i++) {
		if (wk[i].r.pool != NULL)
			report_free(&wk[i].r);
		report_ctx_free(&wk[i].x);
		free(wk[i].wrange);
	}
	if (mu)
		pthread_mutex_destroy(&sh.mu);
	free(bounds);
	free(verif);
	report_ctx_free(&x);
	return ret;
}


/* -- helpers for the renderers ----------------------------------------- */

const enum comp_state report_states[REPORT_NSTATES] = {
	COMP_LAPSED, COMP_GRACE, COMP_AT_RISK, COMP_BEHIND, COMP_ON_TRACK,
	COMP_COMPLETE, COMP_INACTIVE, COMP_RETIRED
};

int
report_write_done(FILE *out, char *err, size_t errlen)
{
	if (fflush(out) == EOF || ferror(out)) {
		(void)cet_fmt(err, errlen, "writing the report: %s",
		    errno != 0 ? strerror(errno) : "write error");
		return -1;
	}
	return 0;
}

const char *
report_state_label(enum comp_state s)
{
	switch (s) {
	case COMP_COMPLETE:
		return "Complete";
	case COMP_ON_TRACK:
		return "On track";
	case COMP_BEHIND:
		return "Behind";
	case COMP_AT_RISK:
		return "At risk";
	case COMP_GRACE:
		return "In grace";
	case COMP_LAPSED:
		return "Lapsed";
	case COMP_RETIRED:
		return "Retired";
	case COMP_INACTIVE:
		return "Inactive";
	}
	return "Unknown";
}

char *
report_format_time(time_t t, char *buf, size_t len)
{
	struct tm	tm;

	if (len == 0)
		return buf;
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%d %H:%M UTC", &tm) == 0)
		buf[0] = '\0';
	return buf;
}

char *
report_format_amount(const struct hours_amount *a, char *buf, size_t len)
{
	return hours_format_label(a, HOURS_NAMES_SHORT, buf, len);
}

const char *
report_format_date(int days, char *buf)
{
	if (days == COMP_NO_DATE)
		return REPORT_DASH;
	return date_format(days, buf);
}

char *
report_cred_label(const struct report_cred *c, char *buf, size_t len)
{
	size_t	pl = strlen(c->program), jl = strlen(c->jurisdiction);
	int	rc;

	/* "RN-CA" already names its state; "LCSW" in TX becomes "LCSW TX". */
	if (jl == 0 || (pl > jl && c->program[pl - jl - 1] == '-' &&
	    strcasecmp(c->program + pl - jl, c->jurisdiction) == 0))
		rc = cet_fmt(buf, len, "%s", c->program);
	else
		rc = cet_fmt(buf, len, "%s %s", c->program, c->jurisdiction);
	if (rc == -1 && len > 0)
		buf[0] = '\0';
	return buf;
}

char *
report_req_label(const struct report_req *q, char *buf, size_t len)
{
	char	d[DATE_BUFSZ];

	if (cet_fmt(buf, len, "%s%s%s%s", q->label,
	    q->due != COMP_NO_DATE ? ", due " : "",
	    q->due != COMP_NO_DATE ? date_format(q->due, d) : "",
	    q->assumed ? " (owed until settled)" : "") == -1)
		(void)cet_fmt(buf, len, "%s", q->label);
	return buf;
}

int
report_unknown_note(const struct report_cred *c, char *buf, size_t len)
{
	char	r[128] = "", a[ATTRS_MAX_LEN + 128] = "";

	if (c->renewal_assumed)
		(void)cet_fmt(r, sizeof(r), "which renewal this is "
		    "('cetrack cred set %lld --renewal-index N')",
		    (long long)c->id);
	if (c->unknown_attrs != NULL && strchr(c->unknown_attrs, ',') != NULL)
		(void)cet_fmt(a, sizeof(a), "whether it has the attributes %s "
		    "('cetrack cred set %lld --attr A' or --attr no-A, for "
		    "each)", c->unknown_attrs, (long long)c->id);
	else if (c->unknown_attrs != NULL && c->unknown_attrs[0] != '\0')
		(void)cet_fmt(a, sizeof(a), "whether it has the attribute %s "
		    "('cetrack cred set %lld --attr %s' or --attr no-%s)",
		    c->unknown_attrs, (long long)c->id, c->unknown_attrs,
		    c->unknown_attrs);
	if (r[0] == '\0' && a[0] == '\0') {
		if (len > 0)
			buf[0] = '\0';
		return 0;
	}
	(void)cet_fmt(buf, len, "Counted as owed until given: %s%s%s", r,
	    r[0] != '\0' && a[0] != '\0' ? "; " : "", a);
	return 1;
}

int
report_is_license(const struct report_cred *c)
{
	return c->kind != NULL && strcmp(c->kind, "license") == 0;
}

char *
report_action_text(const struct report_cred *c, char *buf, size_t len)
{
	char		 d[DATE_BUFSZ], v[64] = "";
	const char	*st = "";

	if (len == 0)
		return buf;
	if (c->action & (REPORT_ACT_LAPSED | REPORT_ACT_GRACE |
	    REPORT_ACT_AT_RISK | REPORT_ACT_BEHIND))
		st = report_state_label(c->state);
	if (c->action & REPORT_ACT_UNVERIFIED)
		(void)cet_fmt(v, sizeof(v), "%s", st[0] != '\0' ?
		    "not verified" : "Not verified");
	else if (c->action & REPORT_ACT_STALE)
		(void)cet_fmt(v, sizeof(v), "%s (%s)", st[0] != '\0' ?
		    "verification stale" : "Verification stale",
		    date_format(c->verified_on, d));
	if (cet_fmt(buf, len, "%s%s%s", st, st[0] != '\0' && v[0] != '\0' ?
	    "; " : "", v) == -1)
		buf[0] = '\0';
	return buf;
}

char *
report_verify_text(const struct report_cred *c, char *buf, size_t len)
{
	char	d[DATE_BUFSZ];

	if (c->verified_on != COMP_NO_DATE)
		(void)cet_fmt(buf, len, "%s by %s, %s",
		    date_format(c->verified_on, d), c->verified_by,
		    c->verify_source);
	else if (c->verify == REPORT_VERIFY_NONE)
		(void)cet_fmt(buf, len, "not verified");
	else
		(void)cet_fmt(buf, len, "%s", REPORT_DASH);
	return buf;
}

int
report_html_escape(FILE *fp, const char *s)
{
	const char	*e;

	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&':
			e = "&amp;";
			break;
		case '<':
			e = "&lt;";
			break;
		case '>':
			e = "&gt;";
			break;
		case '"':
			e = "&quot;";
			break;
		case '\'':
			e = "&#39;";
			break;
		default:
			e = NULL;
			break;
		}
		if (e != NULL ? fputs(e, fp) == EOF : putc(*s, fp) == EOF)
			return -1;
	}
	return 0;
}

int
report_csv_field(FILE *fp, const char *s)
{
	size_t	n = strlen(s);

	/* A cell a spreadsheet would run: quoted, behind an apostrophe. */
	if (cet_csv_formula(s, n)) {
		if (fputs("\"'", fp) == EOF)
			return -1;
		for (; *s != '\0'; s++) {
			if (*s == '"' && putc('"', fp) == EOF)
				return -1;
			if (putc(*s, fp) == EOF)
				return -1;
		}
		return putc('"', fp) == EOF ? -1 : 0;
	}
	if (strpbrk(s, ",\"\r\n") == NULL && (n == 0 ||
	    (s[0] != ' ' && s[0] != '\t' && s[n - 1] != ' ' &&
	    s[n - 1] != '\t')))
		return fputs(s, fp) == EOF ? -1 : 0;
	if (putc('"', fp) == EOF)
		return -1;
	for (; *s != '\0'; s++) {
		if (*s == '"' && putc('"', fp) == EOF)
			return -1;
		if (putc(*s, fp) == EOF)
			return -1;
	}
	return putc('"', fp) == EOF ? -1 : 0;
}
