/* SPDX-License-Identifier: ISC */
/*
 * The report as GitHub-flavoured Markdown, for a wiki page or a pull
 * request: headings per person and pipe tables. Text from the database is
 * escaped so that it can neither break a table (| and newlines) nor
 * become markup or HTML (* _ ` [ ] < > & \ #).
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/hours.h"
#include "report/report.h"
#include "base/util.h"

static void	md_text(FILE *, const char *);
static void	md_cell(FILE *, const char *);
static void	md_header(const struct report *, FILE *);
static void	md_summary(const struct report *, FILE *);
static void	md_creds(const struct report_person *, FILE *);
static void	md_group(const struct report_person *, size_t, size_t,
		    FILE *);
static void	md_exceptions(const struct report *, FILE *);
static void	md_transcript(const struct report_person *, FILE *);
static void	md_person(const struct report *, const struct report_person *,
		    size_t, FILE *);

/* Escaped inline text. */
static void
md_text(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '<':
			fputs("&lt;", fp);
			break;
		case '>':
			fputs("&gt;", fp);
			break;
		case '&':
			fputs("&amp;", fp);
			break;
		case '\n':
		case '\r':
		case '\t':
			putc(' ', fp);
			break;
		case '\\':
		case '|':
		case '*':
		case '_':
		case '`':
		case '[':
		case ']':
		case '#':
		case '~':
			putc('\\', fp);
			putc(*s, fp);
			break;
		default:
			putc(*s, fp);
			break;
		}
	}
}

/* " text |": a table cell, a dash when empty. */
static void
md_cell(FILE *fp, const char *s)
{
	putc(' ', fp);
	if (s == NULL || *s == '\0')
		fputs(REPORT_DASH, fp);
	else
		md_text(fp, s);
	fputs(" |", fp);
}

static void
md_header(const struct report *r, FILE *fp)
{
	char	t[32], d[DATE_BUFSZ];
	size_t	i;

	fputs("# CE compliance report\n\n", fp);
	fputs("| | |\n|---|---|\n", fp);
	fputs("| Organization |", fp);
	md_cell(fp, r->organization);
	fprintf(fp, "\n| As of | %s |\n", date_format(r->as_of, d));
	fprintf(fp, "| Generated | %s |\n",
	    report_format_time(r->generated_at, t, sizeof(t)));
	fputs("| cetrack |", fp);
	md_cell(fp, r->version);
	fputs("\n\n## Rule packs\n\n", fp);
	if (r->npacks == 0) {
		fputs("None used.\n", fp);
		return;
	}
	fputs("| Program | Name | Version | Origin |\n"
	    "|---|---|---|---|\n", fp);
	for (i = 0; i < r->npacks; i++) {
		putc('|', fp);
		md_cell(fp, r->packs[i].code);
		md_cell(fp, r->packs[i].name);
		md_cell(fp, r->packs[i].version);
		md_cell(fp, r->packs[i].origin);
		putc('\n', fp);
	}
}

static void
md_summary(const struct report *r, FILE *fp)
{
	const struct report_summary *s = &r->summary;
	char	h[HOURS_BUFSZ];
	size_t	i;

	fputs("\n## Summary\n\n| | Count |\n|---|---:|\n", fp);
	fprintf(fp, "| People | %zu |\n", s->people);
	fprintf(fp, "| Credentials | %zu |\n", s->credentials);
	for (i = 0; i < REPORT_NSTATES; i++)
		fprintf(fp, "| %s | %zu |\n",
		    report_state_label(report_states[i]),
		    s->by_state[report_states[i]]);
	fprintf(fp, "| Expiring within 30 days | %zu |\n", s->expiring_30);
	fprintf(fp, "| Expiring within 60 days | %zu |\n", s->expiring_60);
	fprintf(fp, "| Expiring within 90 days | %zu |\n", s->expiring_90);
	fprintf(fp, "| People with hours short | %zu |\n", s->people_short);
	fprintf(fp, "| Hours missing in all | %s |\n",
	    hours_format(s->hours_missing, h, sizeof(h)));
	fprintf(fp, "| Licenses | %zu |\n", s->licenses);
	fprintf(fp, "| Certifications | %zu |\n",
	    s->credentials - s->licenses);
	fprintf(fp, "| Not verified | %zu |\n", s->unverified);
	fprintf(fp, "| Verification stale | %zu |\n", s->stale);
	fprintf(fp, "| People needing action | %zu |\n", s->people_action);
	fprintf(fp, "| Credentials needing action | %zu |\n",
	    s->creds_action);
}

/* Licenses, then certifications: each group under its own heading. */
static void
md_creds(const struct report_person *p, FILE *fp)
{
	size_t	i, j;

	for (i = 0; i < p->ncreds; i = j) {
		for (j = i + 1; j < p->ncreds &&
		    report_is_license(&p->creds[j]) ==
		    report_is_license(&p->creds[i]); j++)
			;
		fprintf(fp, "\n#### %s\n", report_is_license(&p->creds[i]) ?
		    "Licenses" : "Certifications");
		md_group(p, i, j, fp);
	}
}

/* Every credential that needs action, in report order. */
static void
md_exceptions(const struct report *r, FILE *fp)
{
	char	lbl[64], d[DATE_BUFSZ], why[160];
	size_t	i, j;

	fputs("\n## Exceptions\n\n", fp);
	if (r->summary.creds_action == 0) {
		fputs("None: every credential is in order.\n", fp);
		return;
	}
	fputs("| Person | Credential | Kind | Number | Valid through "
	    "| Needs action | Verified |\n|---|---|---|---|---|---|---|\n", fp);
	for (i = 0; i < r->npeople; i++) {
		const struct report_person *p = &r->people[i];

		for (j = 0; j < p->ncreds; j++) {
			const struct report_cred *c = &p->creds[j];
			char	v[SOURCE_MAX_LEN + 256];

			if (c->action == 0)
				continue;
			putc('|', fp);
			md_cell(fp, p->name);
			md_cell(fp, report_cred_label(c, lbl, sizeof(lbl)));
			md_cell(fp, c->kind);
			md_cell(fp, c->number);
			fprintf(fp, " %s |", date_format(c->valid_through, d));
			md_cell(fp, report_action_text(c, why, sizeof(why)));
			md_cell(fp, report_verify_text(c, v, sizeof(v)));
			putc('\n', fp);
		}
	}
}

static void
md_group(const struct report_person *p, size_t from, size_t to, FILE *fp)
{
	char	lbl[64], d1[DATE_BUFSZ], d2[DATE_BUFSZ], buf[64];
	char	note[512], rl[256], v[SOURCE_MAX_LEN + 256];
	char	h1[HOURS_BUFSZ], h2[HOURS_BUFSZ], h3[HOURS_BUFSZ];
	size_t	i, j;

	fputs("\n| Credential | Number | Program | Cycle | Valid through "
	    "| State | Days left | Window | Late until | Shortfall at current pace "
	    "| Verified | Needs action "
	    "|\n|---|---|---|---|---|---|---:|---|---|---:|---|---|\n", fp);
	for (i = from; i < to; i++) {
		const struct report_cred *c = &p->creds[i];

		putc('|', fp);
		md_cell(fp, report_cred_label(c, lbl, sizeof(lbl)));
		md_cell(fp, c->number);
		md_cell(fp, c->program_name);
		if (c->renewal_assumed)
			fprintf(fp, " %s to %s (renewal not given: counted "
			    "as owed) | %s | %s |",
			    date_format(c->cycle_start, d1),
			    date_format(c->valid_through, d2), d2,
			    report_state_label(c->state));
		else
			fprintf(fp, " %s to %s (renewal %d) | %s | %s |",
			    date_format(c->cycle_start, d1),
			    date_format(c->valid_through, d2),
			    c->renewal_index, d2,
			    report_state_label(c->state));
		if (c->state == COMP_RETIRED || c->state == COMP_INACTIVE)
			fputs(" " REPORT_DASH " |", fp);
		else
			fprintf(fp, " %d |", c->days_left);
		if (c->window_opens != COMP_NO_DATE)
			fprintf(fp, " %s to %s |",
			    date_format(c->window_opens, d1),
			    date_format(c->window_closes, d2));
		else
			fprintf(fp, " by %s |",
			    date_format(c->window_closes, d2));
		fprintf(fp, " %s | %s |",
		    c->late_until > c->valid_through ?
		    report_format_date(c->late_until, d1) : REPORT_DASH,
		    c->shortfall > 0 ?
		    hours_format(c->shortfall, h1, sizeof(h1)) : REPORT_DASH);
		md_cell(fp, report_verify_text(c, v, sizeof(v)));
		md_cell(fp, c->action != 0 ? report_action_text(c, note,
		    sizeof(note)) : REPORT_DASH);
		putc('\n', fp);
	}
	for (i = from; i < to; i++)
		if (report_unknown_note(&p->creds[i], note, sizeof(note))) {
			fputs("\n", fp);
			md_text(fp, report_cred_label(&p->creds[i], lbl,
			    sizeof(lbl)));
			fputs(": ", fp);
			md_text(fp, note);
			fputs(".\n", fp);
		}
	fputs("\n| Credential | Requirement | Required | Counted | Remaining "
	    "| Met |\n|---|---|---:|---:|---:|---|\n", fp);
	for (i = from; i < to; i++) {
		const struct report_cred *c = &p->creds[i];

		if (c->state == COMP_RETIRED || c->state == COMP_INACTIVE)
			continue;	/* no CE owed */
		for (j = 0; j < c->nreqs; j++) {
			const struct report_req *q = &c->reqs[j];

			putc('|', fp);
			md_cell(fp, report_cred_label(c, lbl, sizeof(lbl)));
			md_cell(fp, report_req_label(q, rl, sizeof(rl)));
			if (q->course_only)
				(void)cet_fmt(buf, sizeof(buf),
				    " course | %s | %s |",
				    q->met ? "done" : "none",
				    q->met ? "0" : "course");
			else
				(void)cet_fmt(buf, sizeof(buf), " %s | %s | %s |",
				    hours_format(q->required, h1, sizeof(h1)),
				    hours_format(q->counted, h2, sizeof(h2)),
				    hours_format(q->remaining, h3,
				    sizeof(h3)));
			fprintf(fp, "%s %s |\n", buf, q->met ? "yes" : "no");
		}
	}
}

static void
md_transcript(const struct report_person *p, FILE *fp)
{
	char	d[DATE_BUFSZ], a[48], h[HOURS_BUFSZ], lbl[64];
	size_t	i, j, n;

	fputs("\n#### CE transcript, current cycles\n\n", fp);
	if (p->nacts == 0) {
		fputs("No activities in the current cycles.\n", fp);
		return;
	}
	fputs("| Date | Title | Provider | Approval | Hours | Topics "
	    "| Certificate | Counted toward |\n"
	    "|---|---|---|---|---:|---|---|---|\n", fp);
	for (i = 0; i < p->nacts; i++) {
		const struct report_activity *t = &p->acts[i];

		fprintf(fp, "| %s |", date_format(t->date, d));
		md_cell(fp, t->title);
		md_cell(fp, t->provider);
		putc(' ', fp);
		if (t->napprovals == 0)
			fputs(REPORT_DASH, fp);
		for (j = 0; j < t->napprovals; j++) {
			if (j > 0)
				fputs("; ", fp);
			md_text(fp, t->approvals[j].body);
			if (*t->approvals[j].number != '\0') {
				putc(' ', fp);
				md_text(fp, t->approvals[j].number);
			}
		}
		fprintf(fp, " | %s | ",
		    report_format_amount(&t->amount, a, sizeof(a)));
		if (t->ntopics == 0)
			fputs(REPORT_DASH, fp);
		for (j = 0; j < t->ntopics; j++) {
			struct hours_amount ta = t->amount;

			if (t->topics[j].centi >= 0)
				ta.centi = t->topics[j].centi;
			if (j > 0)
				fputs("; ", fp);
			md_text(fp, t->topics[j].topic);
			fprintf(fp, " %s", report_format_amount(&ta, a,
			    sizeof(a)));
		}
		fprintf(fp, " | %s | ", t->certificate ? "on file" : "no");
		for (j = n = 0; j < t->ncredits; j++) {
			const struct report_credit *k = &t->credits[j];

			if (k->counted <= 0)
				continue;
			if (n++ > 0)
				fputs("; ", fp);
			md_text(fp, report_cred_label(&p->creds[k->cred], lbl,
			    sizeof(lbl)));
			fprintf(fp, " %s h", hours_format(k->counted, h,
			    sizeof(h)));
		}
		if (n == 0)
			fputs("none", fp);
		fputs(" |\n", fp);
	}
}

static void
md_person(const struct report *r, const struct report_person *p, size_t n,
    FILE *fp)
{
	char	h[HOURS_BUFSZ];

	fprintf(fp, "\n### %zu. ", n);
	md_text(fp, p->name);
	fputs("\n\n| Email | ID | Organization | Overall | Hours missing |\n"
	    "|---|---|---|---|---:|\n|", fp);
	md_cell(fp, p->email);
	md_cell(fp, p->external_id);
	md_cell(fp, p->org);
	fprintf(fp, " %s | %s |\n",
	    p->ncreds == 0 ? "no credentials" : report_state_label(p->state),
	    p->is_short ? hours_format(p->missing, h, sizeof(h)) : "0");
	if (p->ncreds > 0)
		md_creds(p, fp);
	if (r->transcript)
		md_transcript(p, fp);
	if (r->attestation)
		fprintf(fp, "\n#### Attestation\n\n%s\n\n"
		    "Signature: ______________________________\n\n"
		    "Date: ______________\n", REPORT_ATTESTATION);
}

int
report_render_md(const struct report *r, FILE *fp, char *err, size_t errlen)
{
	size_t	i;

	md_header(r, fp);
	md_summary(r, fp);
	if (r->scope != REPORT_PERSON || r->exceptions)
		md_exceptions(r, fp);
	fputs("\n## People\n", fp);
	if (r->npeople == 0)
		fputs(r->exceptions && r->summary.people > 0 ?
		    "\nNobody needs action.\n" : "\nNo people match.\n", fp);
	for (i = 0; i < r->npeople; i++)
		md_person(r, &r->people[i], i + 1, fp);
	return report_write_done(fp, err, errlen);
}
