/* SPDX-License-Identifier: ISC */
/*
 * The report as one JSON document (jansson) for HR systems and scripts.
 * Keys are stable and documented in cetrack(1) ("format_version" changes
 * if one ever has to change meaning; new keys may be added). Hours are
 * JSON numbers in hours (62.5), dates "YYYY-MM-DD", and a missing value
 * is null, never "".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "date.h"
#include "hours.h"
#include "report.h"
#include "util.h"

#define REPORT_JSON_VERSION	1

/* Building state: fails once, stays failed (out of memory). */
struct jb {
	int	bad;
};

static void	 jset(struct jb *, json_t *, const char *, json_t *);
static void	 jadd(struct jb *, json_t *, json_t *);
static json_t	*jstr(const char *);
static json_t	*jstr_null(const char *);
static json_t	*jdate(int);
static json_t	*jhours(long);
static json_t	*json_cred(struct jb *, const struct report_cred *);
static json_t	*json_act(struct jb *, const struct report_person *,
		    const struct report_activity *);
static json_t	*json_person(struct jb *, const struct report_person *);
static json_t	*json_summary(struct jb *, const struct report *);
static int	 json_put(FILE *, const char *, json_t *, int, int *);

static void
jset(struct jb *b, json_t *o, const char *key, json_t *v)
{
	if (o == NULL || v == NULL || json_object_set_new(o, key, v) == -1)
		b->bad = 1;
}

static void
jadd(struct jb *b, json_t *a, json_t *v)
{
	if (a == NULL || v == NULL || json_array_append_new(a, v) == -1)
		b->bad = 1;
}

static json_t *
jstr(const char *s)
{
	json_t	*v;

	/* Stored text is validated UTF-8; should it not be, say so. */
	if ((v = json_string(s)) == NULL)
		v = json_string("(invalid UTF-8)");
	return v;
}

static json_t *
jstr_null(const char *s)
{
	return *s == '\0' ? json_null() : jstr(s);
}

static json_t *
jdate(int days)
{
	char	d[DATE_BUFSZ];

	if (days == COMP_NO_DATE)
		return json_null();
	return json_string(date_format(days, d));
}

static json_t *
jhours(long centi)
{
	return json_real((double)centi / 100.0);
}

static json_t *
json_cred(struct jb *b, const struct report_cred *c)
{
	json_t	*o = json_object(), *cy = json_object(), *h = json_object();
	json_t	*pace = json_object(), *reqs = json_array(), *q;
	size_t	 i;

	jset(b, o, "id", json_integer((json_int_t)c->id));
	jset(b, o, "program", jstr(c->program));
	jset(b, o, "program_name", jstr(c->program_name));
	jset(b, o, "number", jstr(c->number));
	jset(b, o, "jurisdiction", jstr_null(c->jurisdiction));
	jset(b, o, "status", json_string(cred_status_name(c->status)));
	jset(b, o, "state", json_string(comp_state_name(c->state)));
	jset(b, o, "days_left", json_integer(c->days_left));
	jset(b, cy, "start", jdate(c->cycle_start));
	jset(b, cy, "valid_through", jdate(c->valid_through));
	jset(b, cy, "renewal_index", json_integer(c->renewal_index));
	jset(b, o, "cycle", cy);
	jset(b, o, "window_opens", jdate(c->window_opens));
	jset(b, o, "window_closes", jdate(c->window_closes));
	jset(b, o, "late_until", jdate(c->late_until));
	jset(b, o, "counts_from", jdate(c->count_from));
	jset(b, h, "required", jhours(c->required));
	jset(b, h, "counted", jhours(c->counted));
	jset(b, h, "remaining", jhours(c->remaining));
	jset(b, h, "carry_in", jhours(c->carry_in));
	jset(b, o, "hours", h);
	jset(b, pace, "expected_by_now", jhours(c->expected_now));
	jset(b, pace, "projected", jhours(c->projected));
	jset(b, pace, "projected_shortfall", jhours(c->shortfall));
	jset(b, o, "pace", pace);
	jset(b, o, "hours_missing", jhours(c->missing));
	jset(b, o, "exempt", json_boolean(c->exempt));
	for (i = 0; i < c->nreqs; i++) {
		const struct report_req *r = &c->reqs[i];

		q = json_object();
		jset(b, q, "id", jstr(r->id));
		jset(b, q, "label", jstr(r->label));
		jset(b, q, "required", jhours(r->required));
		jset(b, q, "counted", jhours(r->counted));
		jset(b, q, "remaining", jhours(r->remaining));
		jset(b, q, "met", json_boolean(r->met));
		jset(b, q, "once", json_boolean(r->once));
		jset(b, q, "course_only", json_boolean(r->course_only));
		jset(b, q, "outside_total", json_boolean(r->outside));
		jadd(b, reqs, q);
	}
	jset(b, o, "requirements", reqs);
	return o;
}

static json_t *
json_act(struct jb *b, const struct report_person *p,
    const struct report_activity *t)
{
	json_t	*o = json_object(), *am = json_object(), *v, *x;
	char	 a[48];
	size_t	 j;

	jset(b, o, "id", json_integer((json_int_t)t->id));
	jset(b, o, "date", jdate(t->date));
	jset(b, o, "title", jstr(t->title));
	jset(b, o, "provider", jstr_null(t->provider));
	jset(b, o, "format", jstr(t->format));
	jset(b, am, "value", jhours(t->amount.centi));
	jset(b, am, "unit", json_string(hours_unit_name(t->amount.unit)));
	jset(b, am, "text", json_string(report_format_amount(&t->amount, a,
	    sizeof(a))));
	jset(b, o, "amount", am);

	v = json_array();
	for (j = 0; j < t->ntopics; j++) {
		x = json_object();
		jset(b, x, "topic", jstr(t->topics[j].topic));
		jset(b, x, "amount", t->topics[j].centi < 0 ? json_null() :
		    jhours(t->topics[j].centi));
		jadd(b, v, x);
	}
	jset(b, o, "topics", v);

	v = json_array();
	for (j = 0; j < t->napprovals; j++) {
		x = json_object();
		jset(b, x, "body", jstr(t->approvals[j].body));
		jset(b, x, "number", jstr_null(t->approvals[j].number));
		jadd(b, v, x);
	}
	jset(b, o, "approvals", v);
	jset(b, o, "certificate", json_boolean(t->certificate));

	v = json_array();
	for (j = 0; j < t->ncredits; j++) {
		const struct report_credit *k = &t->credits[j];
		const struct report_cred *c = &p->creds[k->cred];

		x = json_object();
		jset(b, x, "credential_id", json_integer((json_int_t)c->id));
		jset(b, x, "program", jstr(c->program));
		jset(b, x, "hours", jhours(k->counted));
		jset(b, x, "note", jstr_null(k->why));
		jadd(b, v, x);
	}
	jset(b, o, "credits", v);
	return o;
}

static json_t *
json_person(struct jb *b, const struct report_person *p)
{
	json_t	*o = json_object(), *v;
	size_t	 i;

	jset(b, o, "id", json_integer((json_int_t)p->id));
	jset(b, o, "name", jstr(p->name));
	jset(b, o, "email", jstr_null(p->email));
	jset(b, o, "external_id", jstr_null(p->external_id));
	jset(b, o, "organization_id", p->org_id > 0 ?
	    json_integer((json_int_t)p->org_id) : json_null());
	jset(b, o, "organization", jstr_null(p->org));
	jset(b, o, "state", p->ncreds > 0 ?
	    json_string(comp_state_name(p->state)) : json_null());
	jset(b, o, "days_left", p->ncreds > 0 ?
	    json_integer(p->days_left) : json_null());
	jset(b, o, "hours_short", json_boolean(p->is_short));
	jset(b, o, "hours_missing", jhours(p->missing));
	v = json_array();
	for (i = 0; i < p->ncreds; i++)
		jadd(b, v, json_cred(b, &p->creds[i]));
	jset(b, o, "credentials", v);
	v = json_array();
	for (i = 0; i < p->nacts; i++)
		jadd(b, v, json_act(b, p, &p->acts[i]));
	jset(b, o, "transcript", v);
	return o;
}

static json_t *
json_summary(struct jb *b, const struct report *r)
{
	const struct report_summary *s = &r->summary;
	json_t	*o = json_object(), *st = json_object();
	size_t	 i;

	jset(b, o, "people", json_integer((json_int_t)s->people));
	jset(b, o, "credentials", json_integer((json_int_t)s->credentials));
	for (i = 0; i < REPORT_NSTATES; i++)
		jset(b, st, comp_state_name(report_states[i]),
		    json_integer((json_int_t)s->by_state[report_states[i]]));
	jset(b, o, "by_state", st);
	jset(b, o, "expiring_30", json_integer((json_int_t)s->expiring_30));
	jset(b, o, "expiring_60", json_integer((json_int_t)s->expiring_60));
	jset(b, o, "expiring_90", json_integer((json_int_t)s->expiring_90));
	jset(b, o, "lapsed", json_integer((json_int_t)s->lapsed));
	jset(b, o, "grace", json_integer((json_int_t)s->grace));
	jset(b, o, "people_short", json_integer((json_int_t)s->people_short));
	jset(b, o, "hours_missing", jhours(s->hours_missing));
	return o;
}

/*
 * Write `"key": value` at two spaces of indent, the value as jansson
 * prints it with JSON_INDENT(2), shifted right by `shift` spaces so that
 * the pieces make one document indented as a whole. Takes v.
 */
static int
json_put(FILE *fp, const char *key, json_t *v, int shift, int *first)
{
	char		*s;
	const char	*p;
	int		 rc = 0;

	if (v == NULL)
		return -1;
	/* 15 significant digits: hundredths print exactly (0.1). */
	s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(15) | JSON_ENCODE_ANY);
	json_decref(v);
	if (s == NULL)
		return -1;
	fputs(*first ? "\n" : ",\n", fp);
	*first = 0;
	fprintf(fp, "%*s", shift, "");
	if (key != NULL)
		fprintf(fp, "\"%s\": ", key);
	for (p = s; *p != '\0'; p++) {
		if (putc(*p, fp) == EOF) {
			rc = -1;
			break;
		}
		/* Raw newlines only ever separate structure. */
		if (*p == '\n')
			fprintf(fp, "%*s", shift, "");
	}
	free(s);
	return rc;
}

/*
 * The document is written a person at a time, so that a report of tens of
 * thousands of people never holds more than one person's JSON tree; the
 * bytes are those of dumping the whole tree with JSON_INDENT(2).
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
	struct jb	 b = { 0 };
	json_t		*v, *x;
	struct tm	 tm;
	char		 t[32], d[DATE_BUFSZ];
	size_t		 i;
	int		 first = 1, pfirst = 1, bad = 0;

	if (gmtime_r(&r->generated_at, &tm) == NULL ||
	    strftime(t, sizeof(t), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		t[0] = '\0';
	putc('{', fp);
	bad |= json_put(fp, "report", json_string("cetrack compliance report"),
	    2, &first);
	bad |= json_put(fp, "format_version",
	    json_integer(REPORT_JSON_VERSION), 2, &first);
	bad |= json_put(fp, "generated_at", json_string(t), 2, &first);
	bad |= json_put(fp, "as_of", json_string(date_format(r->as_of, d)), 2,
	    &first);
	bad |= json_put(fp, "cetrack_version", jstr(r->version), 2, &first);
	bad |= json_put(fp, "scope", json_string(scopes[r->scope]), 2, &first);
	bad |= json_put(fp, "organization", jstr_null(r->organization), 2,
	    &first);
	v = json_array();
	for (i = 0; i < r->npacks; i++) {
		x = json_object();
		jset(&b, x, "code", jstr(r->packs[i].code));
		jset(&b, x, "name", jstr(r->packs[i].name));
		jset(&b, x, "version", jstr(r->packs[i].version));
		jset(&b, x, "origin", jstr(r->packs[i].origin));
		jadd(&b, v, x);
	}
	bad |= json_put(fp, "rule_packs", v, 2, &first);
	bad |= json_put(fp, "summary", json_summary(&b, r), 2, &first);
	if (r->npeople == 0)
		bad |= json_put(fp, "people", json_array(), 2, &first);
	else {
		fputs(",\n  \"people\": [", fp);
		for (i = 0; i < r->npeople && !bad && !b.bad; i++)
			bad |= json_put(fp, NULL, json_person(&b,
			    &r->people[i]), 4, &pfirst);
		fputs("\n  ]", fp);
	}
	bad |= json_put(fp, "attestation", r->attestation ?
	    json_string(REPORT_ATTESTATION) : json_null(), 2, &first);
	fputs("\n}\n", fp);
	if (report_write_done(fp, err, errlen) == -1)
		return -1;
	if (bad || b.bad) {
		(void)cet_fmt(err, errlen, "out of memory building JSON");
		return -1;
	}
	return 0;
}
