/* SPDX-License-Identifier: ISC */
/*
 * The report as one JSON document (jsonw) for HR systems and scripts.
 * Keys are stable and documented in cetrack(1) ("format_version" changes
 * if one ever has to change meaning; new keys may be added). Hours are
 * JSON numbers in hours (62.5), dates "YYYY-MM-DD", and a missing value
 * is null, never "".
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "base/hours.h"
#include "report/jsonw.h"
#include "report/report.h"
#include "base/util.h"

#define REPORT_JSON_VERSION	1

/* People per part when two threads write (report_json_people). */
#define JSON_PART	128

static void	 json_date(struct jsonw *, const char *, int);
static void	 json_hours(struct jsonw *, const char *, long);
static void	 json_cred(struct jsonw *, const struct report_cred *);
static void	 json_act(struct jsonw *, const struct report_person *,
		    const struct report_activity *);
static void	 json_person(struct jsonw *, const struct report *,
		    const struct report_person *);
static void	 json_summary(struct jsonw *, const struct report *);

static void
json_date(struct jsonw *w, const char *key, int days)
{
	char	d[DATE_BUFSZ];

	if (days == COMP_NO_DATE)
		jsonw_null(w, key);
	else
		jsonw_str(w, key, date_format(days, d));
}

static void
json_hours(struct jsonw *w, const char *key, long centi)
{
	jsonw_centi(w, key, centi);
}

/* The latest primary-source verification and what the policy makes of
 * it: "current", "none", "stale" or "not_required". */
static void
json_verification(struct jsonw *w, const struct report_cred *c)
{
	static const char *const names[] = {
		[REPORT_VERIFY_NOT_NEEDED] = "not_required",
		[REPORT_VERIFY_CURRENT] = "current",
		[REPORT_VERIFY_NONE] = "none",
		[REPORT_VERIFY_STALE] = "stale"
	};

	jsonw_open(w, "verification", 0);
	jsonw_str(w, "state", names[c->verify]);
	json_date(w, "on", c->verified_on);
	jsonw_str_null(w, "by", c->verified_by);
	jsonw_str_null(w, "source", c->verify_source);
	jsonw_close(w, 0);
}

static void
json_cred(struct jsonw *w, const struct report_cred *c)
{
	static const struct {
		unsigned	 bit;
		const char	*name;
	} acts[] = {
		{ REPORT_ACT_LAPSED, "lapsed" },
		{ REPORT_ACT_GRACE, "grace" },
		{ REPORT_ACT_AT_RISK, "at_risk" },
		{ REPORT_ACT_BEHIND, "behind" },
		{ REPORT_ACT_UNVERIFIED, "unverified" },
		{ REPORT_ACT_STALE, "verification_stale" }
	};
	const char	*p, *end;
	char		 d[DATE_BUFSZ];
	size_t		 i;

	jsonw_open(w, NULL, 0);
	jsonw_int(w, "id", (long long)c->id);
	jsonw_str(w, "kind", c->kind);
	jsonw_str(w, "program", c->program);
	jsonw_str(w, "program_name", c->program_name);
	jsonw_str(w, "number", c->number);
	jsonw_str_null(w, "jurisdiction", c->jurisdiction);
	jsonw_str(w, "status", cred_status_name(c->status));
	jsonw_str(w, "state", comp_state_name(c->state));
	jsonw_int(w, "days_left", c->days_left);
	jsonw_open(w, "cycle", 0);
	json_date(w, "start", c->cycle_start);
	json_date(w, "valid_through", c->valid_through);
	jsonw_int(w, "renewal_index", c->renewal_index);
	jsonw_close(w, 0);
	json_date(w, "window_opens", c->window_opens);
	json_date(w, "window_closes", c->window_closes);
	json_date(w, "late_until", c->late_until);
	json_date(w, "counts_from", c->count_from);
	jsonw_open(w, "hours", 0);
	json_hours(w, "required", c->required);
	json_hours(w, "counted", c->counted);
	json_hours(w, "remaining", c->remaining);
	json_hours(w, "carry_in", c->carry_in);
	jsonw_close(w, 0);
	jsonw_open(w, "pace", 0);
	json_hours(w, "expected_by_now", c->expected_now);
	json_hours(w, "projected", c->projected);
	json_hours(w, "projected_shortfall", c->shortfall);
	jsonw_close(w, 0);
	json_hours(w, "hours_missing", c->missing);
	jsonw_bool(w, "exempt", c->exempt);
	json_verification(w, c);
	jsonw_bool(w, "needs_action", c->action != 0);
	jsonw_open(w, "action", 1);
	for (i = 0; i < sizeof(acts) / sizeof(acts[0]); i++)
		if (c->action & acts[i].bit)
			jsonw_str(w, NULL, acts[i].name);
	jsonw_close(w, 1);
	jsonw_bool(w, "renewal_assumed", c->renewal_assumed);
	jsonw_open(w, "unknown", 1);
	if (c->renewal_assumed) {
		char settle[96];

		(void)cet_fmt(settle, sizeof(settle), "cetrack cred set %lld "
		    "--renewal-index N", (long long)c->id);
		jsonw_open(w, NULL, 0);
		jsonw_str(w, "what", "which renewal this cycle ends in");
		jsonw_str(w, "settle", settle);
		jsonw_close(w, 0);
	}
	for (p = c->unknown_attrs; *p != '\0'; p = *end != '\0' ? end + 1 :
	    end) {
		char a[ATTR_MAX_LEN], what[96], settle[160];

		end = p + strcspn(p, ",");
		(void)cet_fmt(a, sizeof(a), "%.*s", (int)(end - p), p);
		(void)cet_fmt(what, sizeof(what), "whether the credential has "
		    "the attribute %s", a);
		(void)cet_fmt(settle, sizeof(settle), "cetrack cred set %lld "
		    "--attr %s (or --attr %s%s)", (long long)c->id, a, ATTR_NEG,
		    a);
		jsonw_open(w, NULL, 0);
		jsonw_str(w, "what", what);
		jsonw_str(w, "attribute", a);
		jsonw_str(w, "settle", settle);
		jsonw_close(w, 0);
	}
	jsonw_close(w, 1);
	jsonw_open(w, "requirements", 1);
	for (i = 0; i < c->nreqs; i++) {
		const struct report_req *r = &c->reqs[i];

		jsonw_open(w, NULL, 0);
		jsonw_str(w, "id", r->id);
		jsonw_str(w, "label", r->label);
		json_hours(w, "required", r->required);
		json_hours(w, "counted", r->counted);
		json_hours(w, "remaining", r->remaining);
		jsonw_bool(w, "met", r->met);
		jsonw_bool(w, "once", r->once);
		jsonw_bool(w, "course_only", r->course_only);
		jsonw_bool(w, "outside_total", r->outside);
		jsonw_bool(w, "assumed", r->assumed);
		if (r->due != COMP_NO_DATE)
			jsonw_str(w, "due", date_format(r->due, d));
		jsonw_close(w, 0);
	}
	jsonw_close(w, 1);
	jsonw_close(w, 0);
}

static void
json_act(struct jsonw *w, const struct report_person *p,
    const struct report_activity *t)
{
	char	 a[48];
	size_t	 j;

	jsonw_open(w, NULL, 0);
	jsonw_int(w, "id", (long long)t->id);
	json_date(w, "date", t->date);
	jsonw_str(w, "title", t->title);
	jsonw_str_null(w, "provider", t->provider);
	jsonw_str(w, "format", t->format);
	jsonw_open(w, "amount", 0);
	json_hours(w, "value", t->amount.centi);
	jsonw_str(w, "unit", hours_unit_name(t->amount.unit));
	jsonw_str(w, "text", report_format_amount(&t->amount, a, sizeof(a)));
	jsonw_close(w, 0);

	jsonw_open(w, "topics", 1);
	for (j = 0; j < t->ntopics; j++) {
		jsonw_open(w, NULL, 0);
		jsonw_str(w, "topic", t->topics[j].topic);
		if (t->topics[j].centi < 0)
			jsonw_null(w, "amount");
		else
			json_hours(w, "amount", t->topics[j].centi);
		jsonw_close(w, 0);
	}
	jsonw_close(w, 1);

	jsonw_open(w, "approvals", 1);
	for (j = 0; j < t->napprovals; j++) {
		jsonw_open(w, NULL, 0);
		jsonw_str(w, "body", t->approvals[j].body);
		jsonw_str_null(w, "number", t->approvals[j].number);
		jsonw_close(w, 0);
	}
	jsonw_close(w, 1);
	jsonw_bool(w, "certificate", t->certificate);

	jsonw_open(w, "credits", 1);
	for (j = 0; j < t->ncredits; j++) {
		const struct report_credit *k = &t->credits[j];
		const struct report_cred *c = &p->creds[k->cred];

		jsonw_open(w, NULL, 0);
		jsonw_int(w, "credential_id", (long long)c->id);
		jsonw_str(w, "program", c->program);
		json_hours(w, "hours", k->counted);
		jsonw_str_null(w, "note", k->why);
		jsonw_close(w, 0);
	}
	jsonw_close(w, 1);
	jsonw_close(w, 0);
}

static void
json_person(struct jsonw *w, const struct report *r,
    const struct report_person *p)
{
	size_t	 i;

	jsonw_open(w, NULL, 0);
	jsonw_int(w, "id", (long long)p->id);
	jsonw_str(w, "name", p->name);
	jsonw_str_null(w, "email", p->email);
	jsonw_str_null(w, "external_id", p->external_id);
	if (p->org_id > 0)
		jsonw_int(w, "organization_id", (long long)p->org_id);
	else
		jsonw_null(w, "organization_id");
	jsonw_str_null(w, "organization", p->org);
	if (p->ncreds > 0) {
		jsonw_str(w, "state", comp_state_name(p->state));
		jsonw_int(w, "days_left", p->days_left);
	} else {
		jsonw_null(w, "state");
		jsonw_null(w, "days_left");
	}
	jsonw_bool(w, "hours_short", p->is_short);
	jsonw_bool(w, "needs_action", p->action);
	json_hours(w, "hours_missing", p->missing);
	jsonw_open(w, "credentials", 1);
	for (i = 0; i < p->ncreds; i++)
		json_cred(w, &p->creds[i]);
	jsonw_close(w, 1);
	/* null: not asked for; []: none. */
	if (!r->transcript)
		jsonw_null(w, "transcript");
	else {
		jsonw_open(w, "transcript", 1);
		for (i = 0; i < p->nacts; i++)
			json_act(w, p, &p->acts[i]);
		jsonw_close(w, 1);
	}
	jsonw_close(w, 0);
}

static void
json_summary(struct jsonw *w, const struct report *r)
{
	const struct report_summary *s = &r->summary;
	size_t	i;

	jsonw_open(w, "summary", 0);
	jsonw_int(w, "people", (long long)s->people);
	jsonw_int(w, "credentials", (long long)s->credentials);
	jsonw_open(w, "by_state", 0);
	for (i = 0; i < REPORT_NSTATES; i++)
		jsonw_int(w, comp_state_name(report_states[i]),
		    (long long)s->by_state[report_states[i]]);
	jsonw_close(w, 0);
	jsonw_int(w, "expiring_30", (long long)s->expiring_30);
	jsonw_int(w, "expiring_60", (long long)s->expiring_60);
	jsonw_int(w, "expiring_90", (long long)s->expiring_90);
	jsonw_int(w, "lapsed", (long long)s->lapsed);
	jsonw_int(w, "grace", (long long)s->grace);
	jsonw_int(w, "people_short", (long long)s->people_short);
	json_hours(w, "hours_missing", s->hours_missing);
	jsonw_int(w, "licenses", (long long)s->licenses);
	jsonw_int(w, "certifications", (long long)(s->credentials -
	    s->licenses));
	jsonw_int(w, "unverified", (long long)s->unverified);
	jsonw_int(w, "verification_stale", (long long)s->stale);
	jsonw_int(w, "people_needing_action", (long long)s->people_action);
	jsonw_int(w, "credentials_needing_action",
	    (long long)s->creds_action);
	jsonw_close(w, 0);
}

/*
 * The people in parts of JSON_PART, by two threads: this one writes the
 * even parts to the output, the helper the odd ones into one of two
 * buffers in memory, which this one puts in after the part before. The
 * helper is at most two parts ahead, so memory stays a few megabytes
 * whatever the number of people.
 */
struct json_helper {
	const struct report	*r;
	struct jsonw		 part[2];	/* in memory */
	int			 full[2];	/* part[i] waits to be put in */
	int			 stop;		/* the writer gave up */
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
};

static void
json_part(struct jsonw *w, const struct report *r, size_t part)
{
	size_t	i, end;

	end = (part + 1) * JSON_PART;
	if (end > r->npeople)
		end = r->npeople;
	for (i = part * JSON_PART; i < end; i++)
		json_person(w, r, &r->people[i]);
}

static void *
json_helper_run(void *arg)
{
	struct json_helper	*h = arg;
	size_t			 part, k;

	for (part = 1, k = 0; part * JSON_PART < h->r->npeople;
	    part += 2, k ^= 1) {
		pthread_mutex_lock(&h->mu);
		while (h->full[k] && !h->stop)
			pthread_cond_wait(&h->cv, &h->mu);
		pthread_mutex_unlock(&h->mu);
		if (h->stop)
			break;
		jsonw_clear(&h->part[k]);
		json_part(&h->part[k], h->r, part);
		pthread_mutex_lock(&h->mu);
		h->full[k] = 1;
		pthread_cond_broadcast(&h->cv);
		pthread_mutex_unlock(&h->mu);
	}
	return NULL;
}

/* The elements of the "people" array, w standing just inside it. */
static void
report_json_people(struct jsonw *w, const struct report *r, FILE *fp)
{
	struct json_helper	 h;
	struct jsonw		 like;
	pthread_t		 t;
	const char		*data;
	size_t			 part, k, n;

	if (r->threads < 2 || r->npeople <= JSON_PART) {
		for (n = 0; n < r->npeople && !ferror(fp); n++)
			json_person(w, r, &r->people[n]);
		return;
	}
	memset(&h, 0, sizeof(h));
	h.r = r;
	/* The helper's parts come after the first: the array is not empty. */
	like = *w;
	like.empty[like.depth] = 0;
	jsonw_init_like(&h.part[0], NULL, &like);
	jsonw_init_like(&h.part[1], NULL, &like);
	pthread_mutex_init(&h.mu, NULL);
	pthread_cond_init(&h.cv, NULL);
	if (pthread_create(&t, NULL, json_helper_run, &h) != 0) {
		/* No thread to be had: one writes it all. */
		for (n = 0; n < r->npeople && !ferror(fp); n++)
			json_person(w, r, &r->people[n]);
		goto out;
	}
	for (part = 0, k = 0; part * JSON_PART < r->npeople; part += 2,
	    k ^= 1) {
		json_part(w, r, part);
		if ((part + 1) * JSON_PART >= r->npeople)
			break;
		pthread_mutex_lock(&h.mu);
		while (!h.full[k])
			pthread_cond_wait(&h.cv, &h.mu);
		pthread_mutex_unlock(&h.mu);
		data = jsonw_data(&h.part[k], &n);
		jsonw_raw(w, data, n);
		if (h.part[k].bad)
			w->bad = 1;
		pthread_mutex_lock(&h.mu);
		h.full[k] = 0;
		if (ferror(fp))
			h.stop = 1;
		pthread_cond_broadcast(&h.cv);
		pthread_mutex_unlock(&h.mu);
		if (h.stop)
			break;
	}
	(void)pthread_join(t, NULL);
out:
	jsonw_free(&h.part[0]);
	jsonw_free(&h.part[1]);
	pthread_cond_destroy(&h.cv);
	pthread_mutex_destroy(&h.mu);
}

/*
 * The document is written as it is walked (jsonw), so that a report of
 * tens of thousands of people holds no more JSON in memory than a few
 * parts of it.
 */
int
report_render_json(const struct report *r, FILE *fp, char *err,
    size_t errlen)
{
	static const char *const scopes[] = {
		[REPORT_ALL] = "all",
		[REPORT_ORG] = "organization",
		[REPORT_PERSON] = "person"
	};
	struct jsonw	 w;
	struct tm	 tm;
	char		 t[32], d[DATE_BUFSZ];
	size_t		 i;
	int		 bad;

	if (gmtime_r(&r->generated_at, &tm) == NULL ||
	    strftime(t, sizeof(t), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		t[0] = '\0';
	jsonw_init(&w, fp);
	jsonw_open(&w, NULL, 0);
	jsonw_str(&w, "report", "cetrack compliance report");
	jsonw_int(&w, "format_version", REPORT_JSON_VERSION);
	jsonw_str(&w, "generated_at", t);
	jsonw_str(&w, "as_of", date_format(r->as_of, d));
	jsonw_str(&w, "cetrack_version", r->version);
	jsonw_str(&w, "scope", scopes[r->scope]);
	jsonw_str_null(&w, "organization", r->organization);
	jsonw_bool(&w, "exceptions_only", r->exceptions);
	jsonw_open(&w, "rule_packs", 1);
	for (i = 0; i < r->npacks; i++) {
		jsonw_open(&w, NULL, 0);
		jsonw_str(&w, "code", r->packs[i].code);
		jsonw_str(&w, "name", r->packs[i].name);
		jsonw_str(&w, "version", r->packs[i].version);
		jsonw_str(&w, "origin", r->packs[i].origin);
		jsonw_close(&w, 0);
	}
	jsonw_close(&w, 1);
	json_summary(&w, r);
	jsonw_open(&w, "people", 1);
	report_json_people(&w, r, fp);
	jsonw_close(&w, 1);
	if (r->attestation)
		jsonw_str(&w, "attestation", REPORT_ATTESTATION);
	else
		jsonw_null(&w, "attestation");
	jsonw_close(&w, 0);
	bad = jsonw_end(&w);
	if (report_write_done(fp, err, errlen) == -1)
		return -1;
	if (bad) {
		(void)cet_fmt(err, errlen, "cannot write the JSON document");
		return -1;
	}
	return 0;
}
