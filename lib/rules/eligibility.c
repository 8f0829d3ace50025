/* SPDX-License-Identifier: ISC */
/*
 * Eligibility packs and the check (eligibility.h). The check is a pure
 * function of the pack, the records and the day, like compliance: no
 * database, no clock.
 *
 * Experience is counted day by day over an array that runs from the first
 * day any entry counts to ten years after the day asked about: each day
 * holds what the entries passing a requirement's filters contribute that
 * day (a full-time-equivalent share, at most 1 however many jobs overlap,
 * or hours). The sum over the look-back window is what the person has;
 * moving the window forward day by day, with only the entries that go on
 * (ongoing, or ending later) contributing, finds the first day the
 * requirement would be met: `earliest`. Months are calendar months: a
 * day of full-time work is 1/28 to 1/31 of a month, by the month it falls
 * in, so that eight months of full-time work from 2025-09-01 are 8.00 on
 * 2026-04-30, and twelve complete on 2026-08-31.
 */
#include <ctype.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/embedded.h"
#include "base/hours.h"
#include "base/inifile.h"
#include "base/model.h"
#include "base/util.h"
#include "rules/eligibility.h"
#include "rules/programs.h"

#define ELIG_BUILTIN	"builtin:"
#define ELIG_HORIZON	3653		/* days looked ahead for earliest */

static const char *const elig_types[] = {
	[ELIG_CREDENTIAL] = "credential", [ELIG_DEGREE] = "degree",
	[ELIG_EXPERIENCE] = "experience", [ELIG_CE] = "ce",
	[ELIG_EXAM] = "exam", [ELIG_ATTEST] = "attest",
	[ELIG_SUPERVISION] = "supervision", NULL
};

/* -- parsing ---------------------------------------------------------- */

struct elig_ctx {
	const struct inifile	*ini;
	struct errlist		*errs;
	int			 bad;
};

static void
elig_err(struct elig_ctx *x, int line, const char *sec, const char *key,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	inifile_verror(x->ini, x->errs, line, sec, key, fmt, ap);
	va_end(ap);
	x->bad = 1;
}

/* Copy a string key (may be absent: ""), refusing one too long. */
static void
elig_str(struct elig_ctx *x, const struct inifile_section *s,
    const char *key, char *buf, size_t len, int required)
{
	const struct inifile_key *k = inifile_key(s, key);

	buf[0] = '\0';
	if (k == NULL || k->value[0] == '\0') {
		if (required)
			elig_err(x, s->line, s->name, key, "missing, expected "
			    "a value");
		return;
	}
	if (cet_strlcpy(buf, k->value, len) >= len)
		elig_err(x, k->line, s->name, key, "too long, expected at "
		    "most %zu bytes", len - 1);
}

/* A whole number in [min, max], or def when absent. */
static long
elig_num(struct elig_ctx *x, const struct inifile_section *s,
    const char *key, long min, long max, long def)
{
	const struct inifile_key *k = inifile_key(s, key);
	long long	 v;

	if (k == NULL)
		return def;
	if (cet_strtonum(k->value, min, max, &v) == -1) {
		elig_err(x, k->line, s->name, key, "'%s' is not a whole number "
		    "from %ld to %ld", k->value, min, max);
		return def;
	}
	return (long)v;
}

/* A decimal amount (hours, months) in centi-units, > 0. */
static long
elig_centi(struct elig_ctx *x, const struct inifile_section *s,
    const char *key, int required)
{
	const struct inifile_key *k = inifile_key(s, key);
	long	 v;

	if (k == NULL) {
		if (required)
			elig_err(x, s->line, s->name, key, "missing, expected "
			    "a number");
		return 0;
	}
	if (hours_parse_centi(k->value, &v) == -1 || v <= 0) {
		elig_err(x, k->line, s->name, key, "'%s' is not a number above "
		    "0 with at most 2 decimals", k->value);
		return 0;
	}
	return v;
}

static int
elig_bool(struct elig_ctx *x, const struct inifile_section *s,
    const char *key)
{
	const struct inifile_key *k = inifile_key(s, key);

	if (k == NULL)
		return 0;
	if (strcmp(k->value, "yes") == 0)
		return 1;
	if (strcmp(k->value, "no") != 0)
		elig_err(x, k->line, s->name, key, "'%s' is not yes or no",
		    k->value);
	return 0;
}

static int
elig_date(struct elig_ctx *x, const struct inifile_section *s,
    const char *key)
{
	const struct inifile_key *k = inifile_key(s, key);
	int	 d;

	if (k == NULL)
		return -1;
	if (date_parse_iso(k->value, &d) == -1) {
		elig_err(x, k->line, s->name, key, "'%s' is not a date, "
		    "expected YYYY-MM-DD", k->value);
		return -1;
	}
	return d;
}

static int
elig_enum(struct elig_ctx *x, const struct inifile_section *s,
    const char *key, const char *const *names, int def)
{
	const struct inifile_key *k = inifile_key(s, key);
	int	 i;

	if (k == NULL)
		return def;
	for (i = 0; names[i] != NULL; i++)
		if (strcmp(k->value, names[i]) == 0)
			return i;
	elig_err(x, k->line, s->name, key, "'%s' is not one of the accepted "
	    "values", k->value);
	return def;
}

/* Every key of s must be one of keys. */
static void
elig_keys(struct elig_ctx *x, const struct inifile_section *s,
    const char *const *keys)
{
	size_t	i, j;

	for (i = 0; i < s->nkeys; i++) {
		for (j = 0; keys[j] != NULL; j++)
			if (strcmp(s->keys[i].name, keys[j]) == 0)
				break;
		if (keys[j] == NULL)
			elig_err(x, s->keys[i].line, s->name, s->keys[i].name,
			    "not a key of this section");
	}
}

/*
 * iniparser ends a value at ';' (an inline comment), so a label or a list
 * of sources with one would be cut short without a word: refuse it.
 */
static void
elig_semicolons(struct elig_ctx *x, const char *text)
{
	const char	*p, *eq, *end;
	int		 line = 1;

	for (p = text; *p != '\0'; p = *end != '\0' ? end + 1 : end, line++) {
		end = p + strcspn(p, "\n");
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end || *p == ';' || *p == '#' || *p == '[')
			continue;
		eq = memchr(p, '=', (size_t)(end - p));
		if (eq != NULL && memchr(eq, ';', (size_t)(end - eq)) != NULL)
			elig_err(x, line, NULL, NULL, "';' in a value starts a "
			    "comment and cuts the value short; use ','");
	}
}

static void
elig_parse_req(struct elig_ctx *x, const struct inifile_section *s,
    struct elig_req *q)
{
	static const char *const keys[] = {
		"type", "label", "effective_from", "effective_to", "attest",
		"programs", "held_months", "min_level", "fields", "measure",
		"min", "window_months", "case_management", "supervised",
		"supervises_case_managers", "clinical", "paid",
		"supervisor_credential", "settings", "min_tags", "topics",
		"exams", "valid_months", "after_degree_level",
		"after_degree_fields", "min_span_weeks", "max_hours_per_week",
		"max_per_month", "format", "min_avg_per_month", NULL
	};
	static const char *const measures[] = { "fte_months", "hours", NULL };
	const struct inifile_key *k;

	elig_keys(x, s, keys);
	(void)cet_strlcpy(q->id, s->name + 4, sizeof(q->id));
	if ((k = inifile_key(s, "type")) == NULL) {
		elig_err(x, s->line, s->name, "type", "missing, expected "
		    "credential, degree, experience, ce, exam or attest");
		return;
	}
	q->type = (enum elig_type)elig_enum(x, s, "type", elig_types, 0);
	elig_str(x, s, "label", q->label, sizeof(q->label), 1);
	q->from = elig_date(x, s, "effective_from");
	q->to = elig_date(x, s, "effective_to");
	elig_str(x, s, "attest", q->attest, sizeof(q->attest), 0);
	switch (q->type) {
	case ELIG_CREDENTIAL:
		elig_str(x, s, "programs", q->programs, sizeof(q->programs), 1);
		q->held_months = (int)elig_num(x, s, "held_months", 0, 600, 0);
		break;
	case ELIG_DEGREE:
		q->min_level = elig_enum(x, s, "min_level", edu_levels, 0);
		elig_str(x, s, "fields", q->fields, sizeof(q->fields), 0);
		break;
	case ELIG_EXPERIENCE:
	case ELIG_CE:
		q->measure = q->type == ELIG_CE ? ELIG_HOURS :
		    (enum elig_measure)elig_enum(x, s, "measure", measures, 1);
		if (q->type == ELIG_EXPERIENCE &&
		    inifile_key(s, "measure") == NULL)
			elig_err(x, s->line, s->name, "measure", "missing, "
			    "expected fte_months or hours");
		q->min = elig_centi(x, s, "min", 1);
		q->window_months = (int)elig_num(x, s, "window_months", 0, 600,
		    0);
		q->case_management = elig_bool(x, s, "case_management");
		q->supervised = elig_bool(x, s, "supervised");
		q->supervises_cms = elig_bool(x, s, "supervises_case_managers");
		q->clinical = elig_bool(x, s, "clinical");
		q->paid = elig_bool(x, s, "paid");
		elig_str(x, s, "supervisor_credential", q->supervisor_cred,
		    sizeof(q->supervisor_cred), 0);
		elig_str(x, s, "settings", q->settings, sizeof(q->settings), 0);
		q->min_tags = (int)elig_num(x, s, "min_tags", 0, 16, 0);
		q->after_level = inifile_key(s, "after_degree_level") != NULL ?
		    elig_enum(x, s, "after_degree_level", edu_levels, 0) : -1;
		elig_str(x, s, "after_degree_fields", q->after_fields,
		    sizeof(q->after_fields), 0);
		q->min_span_weeks = (int)elig_num(x, s, "min_span_weeks", 0,
		    2600, 0);
		q->max_per_week = inifile_key(s, "max_hours_per_week") != NULL ?
		    elig_centi(x, s, "max_hours_per_week", 1) : 0;
		elig_str(x, s, "topics", q->topics, sizeof(q->topics), 0);
		break;
	case ELIG_SUPERVISION:
		q->min_avg = inifile_key(s, "min_avg_per_month") != NULL ?
		    elig_centi(x, s, "min_avg_per_month", 1) : 0;
		q->min = q->min_avg > 0 ? 0 : elig_centi(x, s, "min", 1);
		q->max_per_month = inifile_key(s, "max_per_month") != NULL ?
		    elig_centi(x, s, "max_per_month", 1) : 0;
		q->window_months = (int)elig_num(x, s, "window_months", 0, 600,
		    0);
		q->after_level = inifile_key(s, "after_degree_level") != NULL ?
		    elig_enum(x, s, "after_degree_level", edu_levels, 0) : -1;
		elig_str(x, s, "after_degree_fields", q->after_fields,
		    sizeof(q->after_fields), 0);
		elig_str(x, s, "format", q->format, sizeof(q->format), 0);
		if (q->format[0] != '\0' && strcmp(q->format, "individual") !=
		    0 && strcmp(q->format, "group") != 0)
			elig_err(x, inifile_key(s, "format")->line, s->name,
			    "format", "'%s' is not individual or group",
			    q->format);
		break;
	case ELIG_EXAM:
		elig_str(x, s, "exams", q->exams, sizeof(q->exams), 1);
		q->valid_months = (int)elig_num(x, s, "valid_months", 0, 600,
		    0);
		break;
	case ELIG_ATTEST:
		break;
	}
}

int
elig_pack_parse(const char *origin, const char *text, struct elig_pack *p,
    struct errlist *errs)
{
	static const char *const pack_keys[] = {
		"code", "name", "issuer", "kind", "version", "sources",
		"confidence", "fulltime_hours", "assumption", "routes", NULL
	};
	static const char *const route_keys[] = {
		"label", "requires", "effective_from", "effective_to", NULL
	};
	static const char *const confidences[] = { "high", "medium", "low",
	    NULL };
	struct inifile			 ini;
	struct elig_ctx			 x;
	const struct inifile_section	*s;
	const struct inifile_key	*k;
	char				 list[1024], *tok, *save = NULL;
	char				 sec[64];
	size_t				 i, j;
	int				 rc, pack_line = 0;

	memset(p, 0, sizeof(*p));
	(void)cet_strlcpy(p->origin, origin, sizeof(p->origin));
	if ((rc = inifile_parse(&ini, origin, text, errs)) == -1)
		return -1;
	x.ini = &ini;
	x.errs = errs;
	x.bad = rc > 0;
	elig_semicolons(&x, text);
	if ((s = inifile_section(&ini, "pack")) == NULL) {
		elig_err(&x, 0, NULL, NULL, "no [pack] section");
		goto out;
	}
	elig_keys(&x, s, pack_keys);
	pack_line = (k = inifile_key(s, "routes")) != NULL ? k->line : s->line;
	elig_str(&x, s, "code", p->code, sizeof(p->code), 1);
	for (i = 0; p->code[i] != '\0'; i++)
		p->code[i] = (char)toupper((unsigned char)p->code[i]);
	elig_str(&x, s, "name", p->name, sizeof(p->name), 1);
	elig_str(&x, s, "issuer", p->issuer, sizeof(p->issuer), 1);
	elig_str(&x, s, "version", p->version, sizeof(p->version), 1);
	elig_str(&x, s, "sources", p->sources, sizeof(p->sources), 1);
	elig_str(&x, s, "assumption", p->assumption, sizeof(p->assumption), 0);
	(void)cet_strlcpy(p->confidence, confidences[elig_enum(&x, s,
	    "confidence", confidences, 1)], sizeof(p->confidence));
	if ((k = inifile_key(s, "kind")) != NULL &&
	    strcmp(k->value, "eligibility") != 0)
		elig_err(&x, k->line, "pack", "kind", "'%s': expected "
		    "eligibility", k->value);
	p->fulltime = inifile_key(s, "fulltime_hours") != NULL ?
	    elig_centi(&x, s, "fulltime_hours", 1) : 4000;
	p->fulltime_assumed = p->assumption[0] != '\0';

	/* The requirements, then the routes that name them. */
	for (i = 0; i < ini.nsecs; i++) {
		if (strncmp(ini.secs[i].name, "req.", 4) != 0)
			continue;
		p->reqs = xreallocarray(p->reqs, p->nreqs + 1,
		    sizeof(*p->reqs));
		memset(&p->reqs[p->nreqs], 0, sizeof(*p->reqs));
		elig_parse_req(&x, &ini.secs[i], &p->reqs[p->nreqs++]);
	}
	elig_str(&x, s, "routes", list, sizeof(list), 1);
	for (tok = strtok_r(list, ", ", &save); tok != NULL;
	    tok = strtok_r(NULL, ", ", &save)) {
		struct elig_route *r;
		char reqs[1024], *t2, *save2 = NULL;

		p->routes = xreallocarray(p->routes, p->nroutes + 1,
		    sizeof(*p->routes));
		r = &p->routes[p->nroutes++];
		memset(r, 0, sizeof(*r));
		(void)cet_strlcpy(r->id, tok, sizeof(r->id));
		(void)cet_fmt(sec, sizeof(sec), "route.%s", tok);
		for (j = 0; sec[j] != '\0'; j++)
			sec[j] = (char)tolower((unsigned char)sec[j]);
		if ((s = inifile_section(&ini, sec)) == NULL) {
			elig_err(&x, pack_line, "pack", "routes", "route '%s' "
			    "has no [%s] section", tok, sec);
			continue;
		}
		elig_keys(&x, s, route_keys);
		elig_str(&x, s, "label", r->label, sizeof(r->label), 1);
		r->from = elig_date(&x, s, "effective_from");
		r->to = elig_date(&x, s, "effective_to");
		elig_str(&x, s, "requires", reqs, sizeof(reqs), 1);
		for (t2 = strtok_r(reqs, ", ", &save2); t2 != NULL;
		    t2 = strtok_r(NULL, ", ", &save2)) {
			for (j = 0; j < p->nreqs; j++)
				if (strcasecmp(p->reqs[j].id, t2) == 0)
					break;
			if (j == p->nreqs) {
				elig_err(&x, s->line, sec, "requires", "no "
				    "[req.%s] section", t2);
				continue;
			}
			r->reqs = xreallocarray(r->reqs, r->nreqs + 1,
			    sizeof(*r->reqs));
			r->reqs[r->nreqs++] = j;
		}
	}
	if (p->nroutes == 0 && !x.bad)
		elig_err(&x, pack_line, "pack", "routes", "empty, expected at "
		    "least one route");
out:
	inifile_free(&ini);
	if (x.bad) {
		elig_pack_release(p);
		return -1;
	}
	return 0;
}

void
elig_pack_release(struct elig_pack *p)
{
	size_t	i;

	for (i = 0; i < p->nroutes; i++)
		free(p->routes[i].reqs);
	free(p->routes);
	free(p->reqs);
	p->routes = NULL;
	p->reqs = NULL;
	p->nroutes = p->nreqs = 0;
}

static int
elig_set_add(struct elig_set *set, struct elig_pack *p)
{
	size_t	i;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->v[i].code, p->code) == 0) {
			elig_pack_release(&set->v[i]);
			set->v[i] = *p;		/* a file replaces a builtin */
			return 0;
		}
	set->v = xreallocarray(set->v, set->n + 1, sizeof(*set->v));
	set->v[set->n++] = *p;
	return 0;
}

int
elig_load(struct elig_set *set, const char *dir, struct errlist *errs)
{
	const struct embedded_file	*e;
	struct elig_pack		 p;
	char				*origin, *text, **names = NULL;
	size_t				 i, n = 0;
	int				 bad = 0;

	memset(set, 0, sizeof(*set));
	for (e = embedded_eligibility; e->name != NULL; e++) {
		origin = xasprintf("%s%s", ELIG_BUILTIN, e->name);
		if (elig_pack_parse(origin, e->data, &p, errs) == 0)
			(void)elig_set_add(set, &p);
		else
			bad = 1;
		free(origin);
	}
	if (dir == NULL || *dir == '\0')
		return bad ? -1 : 0;
	if (programs_list_dir(dir, &names, &n, errs) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		origin = xasprintf("%s/%s", dir, names[i]);
		if ((text = programs_read_file(origin, errs)) != NULL &&
		    elig_pack_parse(origin, text, &p, errs) == 0)
			(void)elig_set_add(set, &p);
		else
			bad = 1;
		free(text);
		free(origin);
		free(names[i]);
	}
	free(names);
	return bad ? -1 : 0;
}

void
elig_free(struct elig_set *set)
{
	size_t	i;

	for (i = 0; i < set->n; i++)
		elig_pack_release(&set->v[i]);
	free(set->v);
	memset(set, 0, sizeof(*set));
}

const struct elig_pack *
elig_find(const struct elig_set *set, const char *code)
{
	size_t	i;

	for (i = 0; i < set->n; i++)
		if (strcasecmp(set->v[i].code, code) == 0)
			return &set->v[i];
	return NULL;
}

/* -- the check -------------------------------------------------------- */

static int	elig_after(const struct elig_req *, const struct elig_input *);

char *
elig_format(long centi, char *buf, size_t len)
{
	return hours_format(centi, buf, len);
}

/* Whether word is in the comma list (exact; with globs when glob). */
static int
elig_in(const char *list, const char *word, int glob)
{
	const char	*p, *end;
	char		 item[ELIG_LIST_LEN];

	for (p = list; *p != '\0'; p = *end != '\0' ? end + 1 : end) {
		while (*p == ' ')
			p++;
		end = p + strcspn(p, ",");
		(void)cet_fmt(item, sizeof(item), "%.*s", (int)(end - p), p);
		while (item[0] != '\0' && item[strlen(item) - 1] == ' ')
			item[strlen(item) - 1] = '\0';
		if (glob ? fnmatch(item, word, FNM_CASEFOLD) == 0 :
		    strcasecmp(item, word) == 0)
			return 1;
	}
	return 0;
}

static int
elig_in_effect(int from, int to, int day)
{
	return (from < 0 || day >= from) && (to < 0 || day <= to);
}

static int
elig_level(const char *name)
{
	int	i;

	for (i = 0; edu_levels[i] != NULL; i++)
		if (strcmp(edu_levels[i], name) == 0)
			return i;
	return -1;
}

static void
elig_credential(const struct elig_req *q, const struct elig_input *in,
    struct elig_req_result *r)
{
	char	 d[DATE_BUFSZ];
	size_t	 i;
	int	 best_unknown = -1, held, when;

	r->unit = "credential";
	r->need = 1;
	for (i = 0; i < in->ncreds; i++) {
		const struct credential	*c = &in->creds[i];
		const struct cycle	*y = &in->cycles[i];

		if (!elig_in(q->programs, c->program, 1) ||
		    c->status != CRED_ACTIVE || y->id == 0 ||
		    y->valid_through < in->as_of)
			continue;
		if (q->held_months > 0 && !c->has_issued) {
			best_unknown = (int)i;
			continue;
		}
		if (q->held_months > 0) {
			when = date_add_months(c->issued, q->held_months);
			held = when <= in->as_of;
			if (!held) {
				if (r->earliest < 0 || when < r->earliest)
					r->earliest = when;
				(void)cet_fmt(r->what, sizeof(r->what), "%s %s, "
				    "issued %s: held %d months on %s",
				    c->program, c->number,
				    date_format(c->issued, d), q->held_months,
				    date_format(when, d));
				continue;
			}
		}
		r->met = 1;
		r->have = 1;
		r->earliest = -1;
		(void)cet_fmt(r->what, sizeof(r->what), "%s %s, active, valid "
		    "through %s", c->program, c->number,
		    date_format(y->valid_through, d));
		return;
	}
	if (best_unknown >= 0) {
		(void)cet_fmt(r->what, sizeof(r->what), "%s %s: issue date "
		    "not given", in->creds[best_unknown].program,
		    in->creds[best_unknown].number);
		(void)cet_fmt(r->settle, sizeof(r->settle), "cetrack cred set "
		    "%lld --issued DATE", (long long)in->creds[best_unknown].id);
	} else if (r->what[0] == '\0')
		(void)cet_fmt(r->what, sizeof(r->what), "no active credential "
		    "of %s", q->programs);
}

static void
elig_degree(const struct elig_req *q, const struct elig_input *in,
    struct elig_req_result *r)
{
	char	d[DATE_BUFSZ];
	size_t	i;

	r->unit = "degree";
	r->need = 1;
	for (i = 0; i < in->nedu; i++) {
		const struct education *e = &in->edu[i];

		if (elig_level(e->level) < q->min_level ||
		    (q->fields[0] != '\0' && !elig_in(q->fields, e->field, 0)) ||
		    e->conferred > in->as_of)
			continue;
		r->met = 1;
		r->have = 1;
		(void)cet_fmt(r->what, sizeof(r->what), "%s (%s, %s), "
		    "conferred %s", e->title, e->level, e->field,
		    date_format(e->conferred, d));
		return;
	}
	(void)cet_fmt(r->what, sizeof(r->what), "no %s degree or higher%s%s",
	    edu_levels[q->min_level], q->fields[0] != '\0' ? " in " : "",
	    q->fields);
	(void)cet_fmt(r->settle, sizeof(r->settle), "cetrack edu add");
}

/* The distinct tags of the entries, counted. */
static int
elig_tag_count(const struct experience *const *v, size_t n)
{
	char		 seen[64][ATTR_MAX_LEN];
	const char	*p, *end;
	size_t		 i, k, ns = 0;

	for (i = 0; i < n; i++)
		for (p = v[i]->tags; *p != '\0'; p = *end != '\0' ? end + 1 :
		    end) {
			end = p + strcspn(p, ",");
			for (k = 0; k < ns; k++)
				if (strlen(seen[k]) == (size_t)(end - p) &&
				    strncmp(seen[k], p, (size_t)(end - p)) == 0)
					break;
			if (k == ns && ns < 64)
				(void)cet_fmt(seen[ns++], ATTR_MAX_LEN, "%.*s",
				    (int)(end - p), p);
		}
	return (int)ns;
}

static int
elig_exp_passes(const struct elig_req *q, const struct experience *x,
    int *paid_unknown)
{
	if (q->case_management && !x->case_management)
		return 0;
	if (q->supervised && !x->supervised)
		return 0;
	if (q->supervisor_cred[0] != '\0' && (!x->supervised ||
	    !elig_in(q->supervisor_cred, x->supervisor_cred, 1)))
		return 0;
	if (q->supervises_cms && !x->supervises_cms)
		return 0;
	if (q->clinical && !x->clinical)
		return 0;
	if (q->settings[0] != '\0' && !elig_in(q->settings, x->setting, 0))
		return 0;
	if (q->paid && x->paid != 1) {
		if (x->paid < 0)
			(*paid_unknown)++;
		return 0;
	}
	return 1;
}

/*
 * Experience and CE: the per-day contributions over [lo, as_of +
 * horizon], summed over the window, and the first day the sum reaches
 * the minimum.
 */
static void
elig_amount(const struct elig_req *q, const struct elig_pack *pk,
    const struct elig_input *in, struct elig_req_result *r)
{
	const struct experience	**pass = NULL;
	double			 *day = NULL, *fte = NULL, sum, need;
	char			  h1[HOURS_BUFSZ], h2[HOURS_BUFSZ];
	size_t			  i, npass = 0;
	int			  lo, hi, d, s, e, span, win, first, unknown = 0;
	int			  after, fday, spanok;
	long			  have;

	r->unit = q->measure == ELIG_FTE_MONTHS ? "months" : "hours";
	r->need = q->min;
	r->assumption = q->measure == ELIG_FTE_MONTHS && pk->fulltime_assumed;
	hi = in->as_of + ELIG_HORIZON;
	lo = q->window_months > 0 ? date_add_months(in->as_of,
	    -q->window_months) + 1 : in->as_of;
	/* Only after the conferral of the degree asked for. */
	if ((after = elig_after(q, in)) < 0) {
		(void)cet_fmt(r->what, sizeof(r->what), "none: only experience "
		    "after a %s degree%s%s counts, and none is recorded",
		    edu_levels[q->after_level], q->after_fields[0] != '\0' ?
		    " in " : "", q->after_fields);
		(void)cet_fmt(r->settle, sizeof(r->settle), "cetrack edu add");
		return;
	}
	if (q->type == ELIG_EXPERIENCE) {
		pass = xcalloc(in->nexp + 1, sizeof(*pass));
		for (i = 0; i < in->nexp; i++)
			if (elig_exp_passes(q, &in->exp[i], &unknown)) {
				pass[npass++] = &in->exp[i];
				if (q->window_months == 0 &&
				    in->exp[i].start < lo)
					lo = in->exp[i].start;
			}
		if (q->min_tags > 0 && elig_tag_count(pass, npass) <
		    q->min_tags) {
			(void)cet_fmt(r->what, sizeof(r->what), "%d distinct "
			    "domain tags on the entries, %d needed",
			    elig_tag_count(pass, npass), q->min_tags);
			(void)cet_fmt(r->settle, sizeof(r->settle), "cetrack "
			    "exp add ... --tag DOMAIN");
			r->earliest = -1;
			free(pass);
			return;
		}
	} else {
		for (i = 0; i < in->nacts; i++)
			if (q->window_months == 0 && in->acts[i].date < lo)
				lo = in->acts[i].date;
	}
	if (after > lo)
		lo = after;
	if (lo > hi)
		lo = hi;
	day = xcalloc((size_t)(hi - lo + 1), sizeof(*day));
	fte = xcalloc((size_t)(hi - lo + 1), sizeof(*fte));
	for (i = 0; i < npass; i++) {
		const struct experience *x = pass[i];
		double	perday, share;

		/* Ongoing: it goes on; ended: its span. */
		e = x->end >= 0 ? x->end : hi;
		span = (x->end >= 0 ? x->end : in->as_of) - x->start + 1;
		if (span < 1)
			span = 1;
		perday = x->per_week >= 0 ? x->per_week / 7.0 :
		    (double)x->total / span;
		share = perday * 7.0 / (double)pk->fulltime;
		if (share > 1.0)
			share = 1.0;
		for (d = x->start > lo ? x->start : lo; d <= e && d <= hi;
		    d++) {
			/* A total is spread over its span, and stops. */
			if (x->per_week < 0 && x->end < 0 && d > in->as_of)
				break;
			day[d - lo] += perday;
			fte[d - lo] += share;
		}
	}
	if (q->type == ELIG_CE)
		for (i = 0; i < in->nacts; i++) {
			const struct activity *a = &in->acts[i];
			long	c = hours_nominal_centi(&a->amount);
			size_t	t;
			int	hit = q->topics[0] == '\0';

			for (t = 0; !hit && t < a->ntopics; t++)
				if (elig_in(q->topics, a->topics[t].topic, 0)) {
					hit = 1;
					if (a->topics[t].centi >= 0) {
						struct hours_amount ta =
						    a->amount;

						ta.centi = a->topics[t].centi;
						c = hours_nominal_centi(&ta);
					}
				}
			if (hit && a->date >= lo && a->date <= in->as_of)
				day[a->date - lo] += (double)c;
		}
	/* Per day: hours (at most the week's cap / 7), or a full-time share
	 * of at most 1 as a part of its calendar month. */
	for (d = lo; d <= hi; d++) {
		int y, m, dd;

		if (q->max_per_week > 0 && day[d - lo] > q->max_per_week / 7.0)
			day[d - lo] = q->max_per_week / 7.0;
		if (fte[d - lo] > 1.0)
			fte[d - lo] = 1.0;
		date_to_ymd(d, &y, &m, &dd);
		fte[d - lo] = fte[d - lo] * 100.0 / date_days_in_month(y, m);
	}
	need = (double)q->min;
	win = q->window_months;
	/* Have, on the day. */
	sum = 0;
	s = win > 0 ? date_add_months(in->as_of, -win) + 1 : lo;
	for (d = s > lo ? s : lo; d <= in->as_of; d++)
		sum += q->measure == ELIG_FTE_MONTHS ? fte[d - lo] :
		    day[d - lo];
	have = (long)(sum + 1e-6);
	r->have = have;
	r->met = sum + 1e-6 >= need;
	/* Over a span of at least min_span_weeks: from the first day that
	 * counts to the last, up to the day. */
	fday = -1;
	spanok = 1;
	if (q->min_span_weeks > 0) {
		for (d = s > lo ? s : lo; d <= in->as_of; d++)
			if (day[d - lo] > 0 || fte[d - lo] > 0) {
				fday = d;
				break;
			}
		spanok = fday >= 0 && in->as_of - fday + 1 >=
		    q->min_span_weeks * 7;
		if (!spanok)
			r->met = 0;
	}
	(void)cet_fmt(r->what, sizeof(r->what), "%s of %s %s%s%s%s",
	    elig_format(have, h1, sizeof(h1)), elig_format(q->min, h2,
	    sizeof(h2)), r->unit, q->window_months > 0 ? " in the window" :
	    "", q->min_span_weeks > 0 && !spanok ? ", over too short a span" :
	    "", unknown > 0 ? "; entries whose pay was not said are left "
	    "out" : "");
	if (unknown > 0)
		(void)cet_fmt(r->settle, sizeof(r->settle), "say whether the "
		    "work was paid ('cetrack exp add ... --paid')");
	r->earliest = -1;
	if (r->met || q->type == ELIG_CE)
		goto out;
	/* The first later day the window's sum reaches the minimum. */
	first = -1;
	for (d = in->as_of + 1; d <= hi; d++) {
		sum += q->measure == ELIG_FTE_MONTHS ? fte[d - lo] :
		    day[d - lo];
		if (win > 0) {
			s = date_add_months(d, -win);	/* leaves the window */
			if (s >= lo && s < d)
				sum -= q->measure == ELIG_FTE_MONTHS ?
				    fte[s - lo] : day[s - lo];
		}
		if (fday < 0 && (day[d - lo] > 0 || fte[d - lo] > 0))
			fday = d;
		if (sum + 1e-6 >= need && (q->min_span_weeks == 0 ||
		    (fday >= 0 && d - fday + 1 >= q->min_span_weeks * 7))) {
			first = d;
			break;
		}
	}
	r->earliest = first;
out:
	free(pass);
	free(day);
	free(fte);
}

static void
elig_exam(const struct elig_req *q, const struct elig_input *in,
    struct elig_req_result *r)
{
	char	d[DATE_BUFSZ];
	size_t	i;

	r->unit = "exam";
	r->need = 1;
	for (i = 0; i < in->nexams; i++) {
		const struct exam_sat *x = &in->exams[i];

		if (!x->pass || !elig_in(q->exams, x->exam, 0) ||
		    x->day > in->as_of || (q->valid_months > 0 &&
		    date_add_months(x->day, q->valid_months) < in->as_of))
			continue;
		r->met = 1;
		r->have = 1;
		(void)cet_fmt(r->what, sizeof(r->what), "%s passed on %s",
		    x->exam, date_format(x->day, d));
		return;
	}
	(void)cet_fmt(r->what, sizeof(r->what), "no pass of %s%s", q->exams,
	    q->valid_months > 0 ? " still valid" : "");
	(void)cet_fmt(r->settle, sizeof(r->settle), "cetrack exam add");
}

/* The first day that counts after a degree of q's kind; -1 if none
 * (and nothing counts), 0 when q asks for none. */
static int
elig_after(const struct elig_req *q, const struct elig_input *in)
{
	size_t	i;
	int	after = -1;

	if (q->after_level < 0)
		return 0;
	for (i = 0; i < in->nedu; i++)
		if (elig_level(in->edu[i].level) >= q->after_level &&
		    (q->after_fields[0] == '\0' ||
		    elig_in(q->after_fields, in->edu[i].field, 0)) &&
		    (after < 0 || in->edu[i].conferred + 1 < after))
			after = in->edu[i].conferred + 1;
	return after;
}

/* Supervision from the log: per calendar month, capped; in all, or on
 * average over the months from the first logged to the last. */
static void
elig_supervision(const struct elig_req *q, const struct elig_input *in,
    struct elig_req_result *r)
{
	char	 h1[HOURS_BUFSZ], h2[HOURS_BUFSZ];
	size_t	 i;
	long	 month = 0, total = 0;
	int	 lo, after, cur = -1, first = -1, y, m, d, y0, m0, months;

	r->unit = q->min_avg > 0 ? "hours a month" : "hours";
	r->need = q->min_avg > 0 ? q->min_avg : q->min;
	lo = q->window_months > 0 ? date_add_months(in->as_of,
	    -q->window_months) + 1 : INT32_MIN;
	if ((after = elig_after(q, in)) < 0) {
		(void)cet_fmt(r->what, sizeof(r->what), "none: only "
		    "supervision after a %s degree counts, and none is "
		    "recorded", edu_levels[q->after_level]);
		(void)cet_fmt(r->settle, sizeof(r->settle), "cetrack edu add");
		return;
	}
	if (after > lo)
		lo = after;
	/* The log is by day: months come in order. */
	for (i = 0; i < in->nlogs; i++) {
		const struct exp_log *l = &in->logs[i];
		long c;

		if (l->sup_minutes <= 0 || l->day < lo || l->day > in->as_of ||
		    (q->format[0] != '\0' && strcmp(q->format, l->format) != 0))
			continue;
		date_to_ymd(l->day, &y, &m, &d);
		if (y * 12 + m != cur) {
			total += q->max_per_month > 0 && month >
			    q->max_per_month ? q->max_per_month : month;
			month = 0;
			cur = y * 12 + m;
		}
		if (first < 0)
			first = l->day;
		c = (long)l->sup_minutes * 100 / 60;
		month += c;
	}
	total += q->max_per_month > 0 && month > q->max_per_month ?
	    q->max_per_month : month;
	if (first < 0) {
		(void)cet_fmt(r->what, sizeof(r->what), "no supervision "
		    "logged%s%s", q->format[0] != '\0' ? " of format " : "",
		    q->format);
		(void)cet_fmt(r->settle, sizeof(r->settle), "cetrack exp log "
		    "--date DATE --hours H --supervision-minutes M --format "
		    "%s", q->format[0] != '\0' ? q->format : "individual");
		return;
	}
	if (q->min_avg > 0) {
		/* Over the months from the first logged to the last. */
		date_to_ymd(first, &y0, &m0, &d);
		months = cur - (y0 * 12 + m0) + 1;
		r->have = total / months;
		r->met = r->have >= q->min_avg;
		(void)cet_fmt(r->what, sizeof(r->what), "%s hours a month on "
		    "average over %d months, %s needed",
		    elig_format(r->have, h1, sizeof(h1)), months,
		    elig_format(q->min_avg, h2, sizeof(h2)));
		return;
	}
	r->have = total;
	r->met = total >= q->min;
	(void)cet_fmt(r->what, sizeof(r->what), "%s of %s hours%s",
	    elig_format(total, h1, sizeof(h1)), elig_format(q->min, h2,
	    sizeof(h2)), q->max_per_month > 0 ? " (at most the monthly cap "
	    "counted)" : "");
}

int
elig_check(const struct elig_pack *pk, const struct elig_input *in,
    struct elig_result *out)
{
	size_t	i, j;

	memset(out, 0, sizeof(*out));
	out->pack = pk;
	out->earliest = -1;
	out->routes = xcalloc(pk->nroutes + 1, sizeof(*out->routes));
	for (i = 0; i < pk->nroutes; i++) {
		const struct elig_route	*rt = &pk->routes[i];
		struct elig_route_result *rr;
		int			 dated = 1, latest = -1;

		if (!elig_in_effect(rt->from, rt->to, in->as_of))
			continue;
		rr = &out->routes[out->nroutes++];
		rr->route = rt;
		rr->earliest = -1;
		rr->reqs = xcalloc(rt->nreqs + 1, sizeof(*rr->reqs));
		rr->met = 1;
		for (j = 0; j < rt->nreqs; j++) {
			const struct elig_req	*q = &pk->reqs[rt->reqs[j]];
			struct elig_req_result	*r;

			if (!elig_in_effect(q->from, q->to, in->as_of))
				continue;
			r = &rr->reqs[rr->nreqs++];
			r->req = q;
			r->earliest = -1;
			switch (q->type) {
			case ELIG_CREDENTIAL:
				elig_credential(q, in, r);
				break;
			case ELIG_DEGREE:
				elig_degree(q, in, r);
				break;
			case ELIG_EXPERIENCE:
			case ELIG_CE:
				elig_amount(q, pk, in, r);
				break;
			case ELIG_EXAM:
				elig_exam(q, in, r);
				break;
			case ELIG_SUPERVISION:
				elig_supervision(q, in, r);
				break;
			case ELIG_ATTEST:
				r->unit = "attestation";
				(void)cet_fmt(r->what, sizeof(r->what), "to be "
				    "attested");
				break;
			}
			if (q->type == ELIG_ATTEST || (r->met &&
			    q->attest[0] != '\0')) {
				r->state = ELIG_TO_ATTEST;
				rr->attest = 1;
				continue;
			}
			r->state = r->met ? ELIG_MET : ELIG_NOT_MET;
			if (r->met)
				continue;
			rr->met = 0;
			if (r->earliest < 0)
				dated = 0;
			else if (r->earliest > latest)
				latest = r->earliest;
		}
		if (!rr->met && dated && latest >= 0)
			rr->earliest = latest;
		if (rr->met)
			out->eligible = 1;
		else if (rr->earliest >= 0 && (out->earliest < 0 ||
		    rr->earliest < out->earliest))
			out->earliest = rr->earliest;
	}
	if (out->eligible)
		out->earliest = -1;
	return 0;
}

void
elig_result_free(struct elig_result *r)
{
	size_t	i;

	if (r->routes != NULL)
		for (i = 0; i < r->nroutes; i++)
			free(r->routes[i].reqs);
	free(r->routes);
	memset(r, 0, sizeof(*r));
}
