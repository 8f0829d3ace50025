/* SPDX-License-Identifier: ISC */
/*
 * The report as one RFC 4180 CSV file for HR systems and spreadsheets:
 * CRLF line ends, a header row, and the same columns on every row.
 *
 * The default shape (report_render_csv) is one row per credential, with
 * named columns that filter and pivot as they are: the person, the
 * credential (kind, program, number, jurisdiction), its state and hours,
 * its unmet requirements in one cell, its latest primary-source
 * verification, why it needs action, and what cetrack was not told and
 * counted as owed (with the command that settles it). A person without credentials has
 * one row with the credential columns empty, so that the roster is
 * complete.
 *
 * The requirements shape (report_render_csv_requirements, --csv-shape
 * requirements) is the older one. Its first column, `section`, says what
 * a row is:
 *
 *   requirement  one per person x credential x requirement (the first of
 *                each credential is "total"): person, credential and
 *                requirement columns filled, activity columns empty;
 *   activity     one per entry of a person's transcript of the current
 *                cycles: person and activity columns filled;
 *   person       a person with no credential in the report, so that the
 *                roster is complete.
 *
 * Hours are decimal hours ("27.5"); dates YYYY-MM-DD, empty where there is
 * none. Lists inside a cell are separated by "; ". The column names are a
 * contract, documented in cetrack(1); new columns are only ever appended.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/hours.h"
#include "report/report.h"
#include "base/util.h"

static const char *const csv_columns[] = {
	"section", "as_of", "person_id", "person", "email", "external_id",
	"organization", "credential_id", "program", "number",
	"jurisdiction", "cycle_start", "valid_through", "renewal_index",
	"state", "days_left", "window_opens", "window_closes", "late_until",
	"requirement_id", "requirement", "required", "counted", "remaining",
	"met", "projected_shortfall", "activity_id", "date", "title",
	"provider", "format", "amount", "unit", "topics", "approvals",
	"certificate", "counted_toward", "due", "unknown", "kind",
	"verified_on", "verified_by", "verification_source", "action"
};

#define CSV_NCOLS	(sizeof(csv_columns) / sizeof(csv_columns[0]))
#define CSV_PERSON_COLS	7	/* section .. organization */
#define CSV_CRED_COLS	12	/* credential_id .. late_until */
#define CSV_REQ_COLS	7	/* requirement_id .. projected_shortfall */
#define CSV_ACT_COLS	11	/* activity_id .. counted_toward */
#define CSV_TAIL_COLS	7	/* due .. action: requirement rows */
_Static_assert(CSV_PERSON_COLS + CSV_CRED_COLS + CSV_REQ_COLS + CSV_ACT_COLS +
    CSV_TAIL_COLS == CSV_NCOLS, "CSV column groups");

/* A growing line buffer for cells built from several parts. */
struct csv_buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

static void	csv_add(struct csv_buf *, const char *);
static void	csv_sep(FILE *, int *);
static void	csv_str(FILE *, int *, const char *);
static void	csv_num(FILE *, int *, long long);
static void	csv_hours(FILE *, int *, long);
static void	csv_date(FILE *, int *, int);
static void	csv_empty(FILE *, int *, size_t);
static void	csv_person(FILE *, int *, const struct report *,
		    const struct report_person *, const char *);
static void	csv_cred(FILE *, int *, const struct report_cred *);
static void	csv_activity(FILE *, int *, const struct report_person *,
		    const struct report_activity *, struct csv_buf *);
static void	csv_verify(FILE *, int *, const struct report_cred *);

static void
csv_add(struct csv_buf *b, const char *s)
{
	size_t	n = strlen(s);

	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xreallocarray(b->s, b->cap, 1);
	}
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

static void
csv_sep(FILE *fp, int *first)
{
	if (!*first)
		putc(',', fp);
	*first = 0;
}

static void
csv_str(FILE *fp, int *first, const char *s)
{
	csv_sep(fp, first);
	(void)report_csv_field(fp, s);
}

static void
csv_num(FILE *fp, int *first, long long v)
{
	csv_sep(fp, first);
	fprintf(fp, "%lld", v);
}

static void
csv_hours(FILE *fp, int *first, long centi)
{
	char	h[HOURS_BUFSZ];

	csv_sep(fp, first);
	fputs(hours_format(centi, h, sizeof(h)), fp);
}

static void
csv_date(FILE *fp, int *first, int days)
{
	char	d[DATE_BUFSZ];

	csv_sep(fp, first);
	if (days != COMP_NO_DATE)
		fputs(date_format(days, d), fp);
}

static void
csv_empty(FILE *fp, int *first, size_t n)
{
	while (n-- > 0)
		csv_sep(fp, first);
}

static void
csv_person(FILE *fp, int *first, const struct report *r,
    const struct report_person *p, const char *section)
{
	csv_str(fp, first, section);
	csv_date(fp, first, r->as_of);
	csv_num(fp, first, (long long)p->id);
	csv_str(fp, first, p->name);
	csv_str(fp, first, p->email);
	csv_str(fp, first, p->external_id);
	csv_str(fp, first, p->org);
}

static void
csv_cred(FILE *fp, int *first, const struct report_cred *c)
{
	csv_num(fp, first, (long long)c->id);
	csv_str(fp, first, c->program);
	csv_str(fp, first, c->number);
	csv_str(fp, first, c->jurisdiction);
	csv_date(fp, first, c->cycle_start);
	csv_date(fp, first, c->valid_through);
	if (c->renewal_assumed)
		csv_str(fp, first, "");	/* not given: see unknown */
	else
		csv_num(fp, first, c->renewal_index);
	csv_str(fp, first, comp_state_name(c->state));
	csv_num(fp, first, c->days_left);
	csv_date(fp, first, c->window_opens);
	csv_date(fp, first, c->window_closes);
	csv_date(fp, first, c->late_until);
}

static void
csv_activity(FILE *fp, int *first, const struct report_person *p,
    const struct report_activity *t, struct csv_buf *b)
{
	char	h[HOURS_BUFSZ], lbl[64];
	size_t	j, n;

	csv_num(fp, first, (long long)t->id);
	csv_date(fp, first, t->date);
	csv_str(fp, first, t->title);
	csv_str(fp, first, t->provider);
	csv_str(fp, first, t->format);
	csv_hours(fp, first, t->amount.centi);
	csv_str(fp, first, hours_unit_name(t->amount.unit));

	/* "ethics 1.5; pain" (in the activity's unit; no number: all). */
	b->len = 0;
	csv_add(b, "");
	for (j = 0; j < t->ntopics; j++) {
		if (j > 0)
			csv_add(b, "; ");
		csv_add(b, t->topics[j].topic);
		if (t->topics[j].centi >= 0) {
			csv_add(b, " ");
			csv_add(b, hours_format(t->topics[j].centi, h,
			    sizeof(h)));
		}
	}
	csv_str(fp, first, b->s);

	/* "CCMC C-12345; CA-BRN CEP-16789" */
	b->len = 0;
	csv_add(b, "");
	for (j = 0; j < t->napprovals; j++) {
		if (j > 0)
			csv_add(b, "; ");
		csv_add(b, t->approvals[j].body);
		if (*t->approvals[j].number != '\0') {
			csv_add(b, " ");
			csv_add(b, t->approvals[j].number);
		}
	}
	csv_str(fp, first, b->s);
	csv_str(fp, first, t->certificate ? "yes" : "no");

	/* "CCM 1.5; RN-CA 1.5": what it counted toward, in hours. */
	b->len = 0;
	csv_add(b, "");
	for (j = n = 0; j < t->ncredits; j++) {
		if (t->credits[j].counted <= 0)
			continue;
		if (n++ > 0)
			csv_add(b, "; ");
		csv_add(b, report_cred_label(&p->creds[t->credits[j].cred],
		    lbl, sizeof(lbl)));
		csv_add(b, " ");
		csv_add(b, hours_format(t->credits[j].counted, h, sizeof(h)));
	}
	csv_str(fp, first, b->s);
}

/* verified_on, verified_by, verification_source: empty when none. */
static void
csv_verify(FILE *fp, int *first, const struct report_cred *c)
{
	csv_date(fp, first, c->verified_on);
	csv_str(fp, first, c->verified_by);
	csv_str(fp, first, c->verify_source);
}

int
report_render_csv_requirements(const struct report *r, FILE *fp, char *err,
    size_t errlen)
{
	struct csv_buf	b = { NULL, 0, 0 };
	char		note[512];
	size_t		i, j, k;
	int		first;

	for (i = 0; i < CSV_NCOLS; i++)
		fprintf(fp, "%s%s", i > 0 ? "," : "", csv_columns[i]);
	fputs("\r\n", fp);
	for (i = 0; i < r->npeople; i++) {
		const struct report_person *p = &r->people[i];

		if (p->ncreds == 0) {
			first = 1;
			csv_person(fp, &first, r, p, "person");
			csv_empty(fp, &first, CSV_NCOLS - CSV_PERSON_COLS);
			fputs("\r\n", fp);
		}
		for (j = 0; j < p->ncreds; j++) {
			const struct report_cred *c = &p->creds[j];

			for (k = 0; k < c->nreqs; k++) {
				const struct report_req *q = &c->reqs[k];

				first = 1;
				csv_person(fp, &first, r, p, "requirement");
				csv_cred(fp, &first, c);
				csv_str(fp, &first, q->id);
				csv_str(fp, &first, q->label);
				csv_hours(fp, &first, q->required);
				csv_hours(fp, &first, q->counted);
				csv_hours(fp, &first, q->remaining);
				csv_str(fp, &first, q->met ? "yes" : "no");
				csv_hours(fp, &first, c->shortfall);
				csv_empty(fp, &first, CSV_ACT_COLS);
				csv_date(fp, &first, q->due);
				csv_str(fp, &first, (k == 0 || q->assumed) &&
				    report_unknown_note(c, note, sizeof(note)) ?
				    note : "");
				csv_str(fp, &first, c->kind);
				csv_verify(fp, &first, c);
				csv_str(fp, &first, report_action_text(c, note,
				    sizeof(note)));
				fputs("\r\n", fp);
			}
		}
		for (j = 0; j < p->nacts; j++) {
			first = 1;
			csv_person(fp, &first, r, p, "activity");
			csv_empty(fp, &first, CSV_CRED_COLS + CSV_REQ_COLS);
			csv_activity(fp, &first, p, &p->acts[j], &b);
			csv_empty(fp, &first, CSV_TAIL_COLS);
			fputs("\r\n", fp);
		}
	}
	free(b.s);
	return report_write_done(fp, err, errlen);
}

/* -- one row per credential ------------------------------------------- */

static const char *const csv_cred_columns[] = {
	"as_of", "person_id", "person", "external_id", "email",
	"organization", "credential_id", "kind", "program", "number",
	"jurisdiction", "status", "state", "cycle_start", "valid_through",
	"days_left", "required", "counted", "remaining", "unmet",
	"verified_on", "verified_by", "verification_source", "verification",
	"action", "unknown"
};

#define CSV_CRED_NCOLS	(sizeof(csv_cred_columns) / sizeof(csv_cred_columns[0]))

static const char *
csv_verify_name(enum report_verify v)
{
	switch (v) {
	case REPORT_VERIFY_CURRENT:
		return "current";
	case REPORT_VERIFY_NONE:
		return "none";
	case REPORT_VERIFY_STALE:
		return "stale";
	case REPORT_VERIFY_NOT_NEEDED:
		break;
	}
	return "not_required";
}

/* "Total 52.5 h; Ethics 6.5 h; Implicit bias course": what is not met. */
static void
csv_unmet(struct csv_buf *b, const struct report_cred *c)
{
	char	lbl[256], h[HOURS_BUFSZ];
	size_t	k, n = 0;

	b->len = 0;
	csv_add(b, "");
	if (c->state == COMP_RETIRED || c->state == COMP_INACTIVE)
		return;
	for (k = 0; k < c->nreqs; k++) {
		const struct report_req *q = &c->reqs[k];

		if (q->met)
			continue;
		if (n++ > 0)
			csv_add(b, "; ");
		csv_add(b, report_req_label(q, lbl, sizeof(lbl)));
		if (!q->course_only && q->remaining > 0) {
			csv_add(b, " ");
			csv_add(b, hours_format(q->remaining, h, sizeof(h)));
			csv_add(b, " h");
		}
	}
}

int
report_render_csv(const struct report *r, FILE *fp, char *err, size_t errlen)
{
	struct csv_buf	b = { NULL, 0, 0 };
	char		note[512];
	size_t		i, j;
	int		first;

	for (i = 0; i < CSV_CRED_NCOLS; i++)
		fprintf(fp, "%s%s", i > 0 ? "," : "", csv_cred_columns[i]);
	fputs("\r\n", fp);
	for (i = 0; i < r->npeople; i++) {
		const struct report_person *p = &r->people[i];

		for (j = 0; j < p->ncreds || (j == 0 && p->ncreds == 0); j++) {
			const struct report_cred *c = p->ncreds > 0 ?
			    &p->creds[j] : NULL;

			first = 1;
			csv_date(fp, &first, r->as_of);
			csv_num(fp, &first, (long long)p->id);
			csv_str(fp, &first, p->name);
			csv_str(fp, &first, p->external_id);
			csv_str(fp, &first, p->email);
			csv_str(fp, &first, p->org);
			if (c == NULL) {
				csv_empty(fp, &first, CSV_CRED_NCOLS - 6);
				fputs("\r\n", fp);
				continue;
			}
			csv_num(fp, &first, (long long)c->id);
			csv_str(fp, &first, c->kind);
			csv_str(fp, &first, c->program);
			csv_str(fp, &first, c->number);
			csv_str(fp, &first, c->jurisdiction);
			csv_str(fp, &first, cred_status_name(c->status));
			csv_str(fp, &first, comp_state_name(c->state));
			csv_date(fp, &first, c->cycle_start);
			csv_date(fp, &first, c->valid_through);
			csv_num(fp, &first, c->days_left);
			csv_hours(fp, &first, c->required);
			csv_hours(fp, &first, c->counted);
			csv_hours(fp, &first, c->remaining);
			csv_unmet(&b, c);
			csv_str(fp, &first, b.s);
			csv_verify(fp, &first, c);
			csv_str(fp, &first, csv_verify_name(c->verify));
			csv_str(fp, &first, report_action_text(c, note,
			    sizeof(note)));
			csv_str(fp, &first, report_unknown_note(c, note,
			    sizeof(note)) ? note : "");
			fputs("\r\n", fp);
		}
	}
	free(b.s);
	return report_write_done(fp, err, errlen);
}
