/* SPDX-License-Identifier: ISC */
/*
 * The plain-text report, for a terminal or a mail body: the header, the
 * summary, then every person in urgency order with each credential's
 * state, cycle, window and hours per requirement, the projected shortfall,
 * the CE transcript of the current cycles and, for a one-person report,
 * the attestation block. Columns are padded by code points, so names with
 * accents line up; nothing here depends on a terminal.
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/hours.h"
#include "report/report.h"
#include "base/util.h"

#define TEXT_WIDTH	80	/* columns of every line */
#define TEXT_RULE \
    "================================================================" \
    "================"

static void	text_pad(FILE *, const char *, size_t);
static void	text_header(const struct report *, FILE *);
static void	text_row(FILE *, size_t, const char *, const char *);
static void	text_summary(const struct report *, FILE *);
static void	text_para(FILE *, int, const char *);
static void	text_req(FILE *, const char *, const char *, const char *,
		    const char *);
static void	text_cred(const struct report_cred *, FILE *);
static void	text_verify(const struct report_cred *, FILE *);
static void	text_exceptions(const struct report *, FILE *);
static void	text_transcript(const struct report_person *, FILE *);
static void	text_person(const struct report *, const struct report_person *,
		    FILE *);

/* s, then spaces up to width code points (at least one space after). */
static void
text_pad(FILE *fp, const char *s, size_t width)
{
	size_t	n = cet_utf8_valid(s) ? cet_utf8_len(s) : strlen(s);

	fputs(s, fp);
	do
		putc(' ', fp);
	while (++n < width);
}

static void
text_header(const struct report *r, FILE *fp)
{
	char	t[32], d[DATE_BUFSZ];
	size_t	i;

	fputs("CE COMPLIANCE REPORT\n\n", fp);
	fprintf(fp, "Organization:  %s\n",
	    *r->organization != '\0' ? r->organization : REPORT_DASH);
	fprintf(fp, "As of:         %s\n", date_format(r->as_of, d));
	fprintf(fp, "Generated:     %s by cetrack %s\n",
	    report_format_time(r->generated_at, t, sizeof(t)), r->version);
	fputs("Rule packs:    ", fp);
	if (r->npacks == 0)
		fputs(REPORT_DASH "\n", fp);
	for (i = 0; i < r->npacks; i++)
		fprintf(fp, "%s%s %s (%s)\n", i > 0 ? "               " : "",
		    r->packs[i].code, r->packs[i].version, r->packs[i].origin);
}

/* "  LABEL ....... VALUE" with the values in one column. */
static void
text_row(FILE *fp, size_t indent, const char *label, const char *value)
{
	fprintf(fp, "%*s", (int)indent, "");
	text_pad(fp, label, 30 - indent);
	fprintf(fp, "%s\n", value);
}

static void
text_summary(const struct report *r, FILE *fp)
{
	const struct report_summary *s = &r->summary;
	char	h[HOURS_BUFSZ], v[64];
	size_t	i;

	fputs("\nSUMMARY\n", fp);
	(void)cet_fmt(v, sizeof(v), "%zu", s->people);
	text_row(fp, 2, "People", v);
	(void)cet_fmt(v, sizeof(v), "%zu", s->credentials);
	text_row(fp, 2, "Credentials", v);
	for (i = 0; i < REPORT_NSTATES; i++) {
		(void)cet_fmt(v, sizeof(v), "%zu",
		    s->by_state[report_states[i]]);
		text_row(fp, 4, report_state_label(report_states[i]), v);
	}
	(void)cet_fmt(v, sizeof(v), "%zu", s->expiring_30);
	text_row(fp, 2, "Expiring within 30 days", v);
	(void)cet_fmt(v, sizeof(v), "%zu", s->expiring_60);
	text_row(fp, 2, "Expiring within 60 days", v);
	(void)cet_fmt(v, sizeof(v), "%zu", s->expiring_90);
	text_row(fp, 2, "Expiring within 90 days", v);
	(void)cet_fmt(v, sizeof(v), "%zu", s->lapsed);
	text_row(fp, 2, "Lapsed", v);
	(void)cet_fmt(v, sizeof(v), "%zu", s->grace);
	text_row(fp, 2, "In grace", v);
	(void)cet_fmt(v, sizeof(v), "%zu", s->people_short);
	text_row(fp, 2, "People with hours short", v);
	(void)cet_fmt(v, sizeof(v), "%s h",
	    hours_format(s->hours_missing, h, sizeof(h)));
	text_row(fp, 2, "Hours missing in all", v);
	(void)cet_fmt(v, sizeof(v), "%zu", s->licenses);
	text_row(fp, 2, "Licenses", v);
	(void)cet_fmt(v, sizeof(v), "%zu", s->credentials - s->licenses);
	text_row(fp, 2, "Certifications", v);
	(void)cet_fmt(v, sizeof(v), "%zu", s->unverified);
	text_row(fp, 2, "Not verified", v);
	(void)cet_fmt(v, sizeof(v), "%zu", s->stale);
	text_row(fp, 2, "Verification stale", v);
	(void)cet_fmt(v, sizeof(v), "%zu", s->people_action);
	text_row(fp, 2, "People needing action", v);
	(void)cet_fmt(v, sizeof(v), "%zu", s->creds_action);
	text_row(fp, 2, "Credentials needing action", v);
}

/*
 * Every credential that needs action, in report order: one entry each,
 * "- NAME: CREDENTIAL NUMBER, valid through DATE: WHY", wrapped at spaces
 * to TEXT_WIDTH with the lines after the first indented under it.
 */
static void
text_exceptions(const struct report *r, FILE *fp)
{
	char		 lbl[64], d[DATE_BUFSZ], why[160], sh[1024];
	char		 line[2048];
	const char	*s, *next;
	size_t		 i, j, n, cols;
	int		 first;

	fputs("\nEXCEPTIONS\n", fp);
	if (r->summary.creds_action == 0) {
		fputs("  None: every credential is in order.\n", fp);
		return;
	}
	for (i = 0; i < r->npeople; i++) {
		const struct report_person *p = &r->people[i];

		for (j = 0; j < p->ncreds; j++) {
			const struct report_cred *c = &p->creds[j];

			if (c->action == 0)
				continue;
			(void)cet_fmt(line, sizeof(line), "%s: %s %s, valid "
			    "through %s: %s", cet_text_show(p->name, sh,
			    sizeof(sh)), report_cred_label(c, lbl, sizeof(lbl)),
			    c->number, date_format(c->valid_through, d),
			    report_action_text(c, why, sizeof(why)));
			for (s = line, first = 1; *s != '\0'; s = next) {
				n = cet_wrap_line(s, TEXT_WIDTH - 4, &cols,
				    &next);
				fprintf(fp, "%s%.*s\n", first ? "  - " : "    ",
				    (int)n, s);
				first = 0;
			}
		}
	}
}

/*
 * One requirement row: three numbers, then the label, which runs to column
 * TEXT_WIDTH and wraps at spaces onto lines indented under it (never cut
 * inside a word).
 */
#define TEXT_REQ_INDENT	35	/* 4 + 3 columns of 9 + 1 + 1 + 2 */

/* A sentence wrapped at spaces to TEXT_WIDTH, every line indented. */
static void
text_para(FILE *fp, int indent, const char *s)
{
	const char	*next;
	size_t		 n, cols;

	while (*s != '\0') {
		n = cet_wrap_line(s, TEXT_WIDTH - (size_t)indent, &cols, &next);
		fprintf(fp, "%*s%.*s\n", indent, "", (int)n, s);
		s = next;
	}
}

static void
text_req(FILE *fp, const char *req, const char *cnt, const char *rem,
    const char *label)
{
	const char	*next;
	size_t		 n, cols;

	n = cet_wrap_line(label, TEXT_WIDTH - TEXT_REQ_INDENT, &cols, &next);
	fprintf(fp, "    %9s %9s %9s  %.*s\n", req, cnt, rem, (int)n, label);
	while (*next != '\0') {
		label = next;
		n = cet_wrap_line(label, TEXT_WIDTH - TEXT_REQ_INDENT, &cols,
		    &next);
		fprintf(fp, "%*s%.*s\n", TEXT_REQ_INDENT, "", (int)n, label);
	}
}

/* The latest verification, when one is on record or needed, and why
 * the credential needs action. */
static void
text_verify(const struct report_cred *c, FILE *fp)
{
	char	v[SOURCE_MAX_LEN + 256], sh[SOURCE_MAX_LEN * 4 + 256];

	if (c->verify != REPORT_VERIFY_NOT_NEEDED ||
	    c->verified_on != COMP_NO_DATE) {
		(void)report_verify_text(c, v, sizeof(v));
		fprintf(fp, "    Verified:    %s%s\n",
		    cet_text_show(v, sh, sizeof(sh)),
		    c->verify == REPORT_VERIFY_STALE ? " (stale)" : "");
	}
	if (c->action != 0)
		fprintf(fp, "    Needs action: %s\n",
		    report_action_text(c, v, sizeof(v)));
}

static void
text_cred(const struct report_cred *c, FILE *fp)
{
	char	lbl[64], rl[256], d1[DATE_BUFSZ], d2[DATE_BUFSZ];
	char	h1[HOURS_BUFSZ], h2[HOURS_BUFSZ], h3[HOURS_BUFSZ];
	size_t	i;

	fprintf(fp, "\n  %s %s  %s\n", report_cred_label(c, lbl, sizeof(lbl)),
	    c->number, c->program_name);
	fprintf(fp, "    State:       %s", report_state_label(c->state));
	if (c->state == COMP_RETIRED || c->state == COMP_INACTIVE) {
		fprintf(fp, "\n    Cycle:       %s to %s (renewal %d)\n"
		    "    No CE is owed while %s.\n",
		    date_format(c->cycle_start, d1),
		    date_format(c->valid_through, d2), c->renewal_index,
		    c->state == COMP_RETIRED ? "retired" : "inactive");
		text_verify(c, fp);
		return;
	}
	if (c->days_left >= 0)
		fprintf(fp, ", %d day%s left\n", c->days_left,
		    c->days_left == 1 ? "" : "s");
	else
		fprintf(fp, ", expired %d day%s ago\n", -c->days_left,
		    c->days_left == -1 ? "" : "s");
	if (c->renewal_assumed)
		fprintf(fp, "    Cycle:       %s to %s (renewal not given)\n",
		    date_format(c->cycle_start, d1),
		    date_format(c->valid_through, d2));
	else
		fprintf(fp, "    Cycle:       %s to %s (renewal %d)\n",
		    date_format(c->cycle_start, d1),
		    date_format(c->valid_through, d2), c->renewal_index);
	if (c->window_opens != COMP_NO_DATE)
		fprintf(fp, "    Window:      %s to %s",
		    date_format(c->window_opens, d1),
		    date_format(c->window_closes, d2));
	else
		fprintf(fp, "    Window:      renew by %s",
		    date_format(c->window_closes, d2));
	if (c->late_until != COMP_NO_DATE && c->late_until > c->valid_through)
		fprintf(fp, ", late until %s", date_format(c->late_until, d1));
	putc('\n', fp);
	/* Numbers first: labels run long ("From provider types ..."). */
	fprintf(fp, "    %9s %9s %9s  %s\n", "Required", "Counted",
	    "Remaining", "Requirement");
	for (i = 0; i < c->nreqs; i++) {
		const struct report_req *q = &c->reqs[i];

		(void)report_req_label(q, rl, sizeof(rl));
		if (q->course_only)
			text_req(fp, "course", q->met ? "done" : "none",
			    q->met ? "0" : "course", rl);
		else
			text_req(fp, hours_format(q->required, h1, sizeof(h1)),
			    hours_format(q->counted, h2, sizeof(h2)),
			    hours_format(q->remaining, h3, sizeof(h3)), rl);
	}
	if (c->exempt)
		fputs("    Exempt from the general hours this cycle.\n", fp);
	if (c->renewal_assumed)
		fprintf(fp, "    Counted as owed: which renewal this is was not "
		    "given;\n    'cetrack cred set %lld --renewal-index N' "
		    "settles it.\n", (long long)c->id);
	if (c->unknown_attrs[0] != '\0') {
		char	note[512];

		if (strchr(c->unknown_attrs, ',') != NULL)
			(void)cet_fmt(note, sizeof(note), "Counted as owed: "
			    "attributes not given (%s); 'cetrack cred set %lld "
			    "--attr A' (or --attr no-A) settles each.",
			    c->unknown_attrs, (long long)c->id);
		else
			(void)cet_fmt(note, sizeof(note), "Counted as owed: "
			    "attribute %s not given; 'cetrack cred set %lld "
			    "--attr %s' (or no-%s) settles it.",
			    c->unknown_attrs, (long long)c->id,
			    c->unknown_attrs, c->unknown_attrs);
		text_para(fp, 4, note);
	}
	if (c->carry_in > 0)
		fprintf(fp, "    Includes %s h carried over.\n",
		    hours_format(c->carry_in, h1, sizeof(h1)));
	text_verify(c, fp);
	if (c->shortfall > 0 && (c->state == COMP_GRACE ||
	    c->state == COMP_LAPSED))
		fprintf(fp, "    Shortfall:   %s h not earned by %s\n",
		    hours_format(c->shortfall, h1, sizeof(h1)),
		    date_format(c->valid_through, d1));
	else if (c->shortfall > 0)
		fprintf(fp, "    Projected:   %s h by %s at the current pace, "
		    "%s h short\n", hours_format(c->projected, h1, sizeof(h1)),
		    date_format(c->valid_through, d1),
		    hours_format(c->shortfall, h2, sizeof(h2)));
}

static void
text_transcript(const struct report_person *p, FILE *fp)
{
	char	d[DATE_BUFSZ], a[48], h[HOURS_BUFSZ], lbl[64], sh[1024];
	size_t	i, j, n;

	fputs("\n  CE transcript, current cycles\n", fp);
	if (p->nacts == 0) {
		fputs("    No activities in the current cycles.\n", fp);
		return;
	}
	for (i = 0; i < p->nacts; i++) {
		const struct report_activity *t = &p->acts[i];

		fprintf(fp, "    %s  %s\n", date_format(t->date, d),
		    cet_text_show(t->title, sh, sizeof(sh)));
		fprintf(fp, "                %s, %s",
		    report_format_amount(&t->amount, a, sizeof(a)), t->format);
		if (*t->provider != '\0')
			fprintf(fp, "; %s", cet_text_show(t->provider, sh,
			    sizeof(sh)));
		putc('\n', fp);
		fputs("                Approval: ", fp);
		if (t->napprovals == 0)
			fputs("none", fp);
		for (j = 0; j < t->napprovals; j++)
			fprintf(fp, "%s%s%s%s", j > 0 ? "; " : "",
			    t->approvals[j].body,
			    *t->approvals[j].number != '\0' ? " " : "",
			    t->approvals[j].number);
		putc('\n', fp);
		if (t->ntopics > 0) {
			fputs("                Topics: ", fp);
			for (j = 0; j < t->ntopics; j++) {
				struct hours_amount ta = t->amount;

				if (t->topics[j].centi >= 0)
					ta.centi = t->topics[j].centi;
				fprintf(fp, "%s%s %s", j > 0 ? "; " : "",
				    t->topics[j].topic, report_format_amount(
				    &ta, a, sizeof(a)));
			}
			putc('\n', fp);
		}
		fprintf(fp, "                Certificate: %s\n",
		    t->certificate ? "on file" : "not on file");
		fputs("                Counted toward: ", fp);
		for (j = n = 0; j < t->ncredits; j++) {
			const struct report_credit *k = &t->credits[j];

			if (k->counted <= 0)
				continue;
			fprintf(fp, "%s%s %s h", n++ > 0 ? "; " : "",
			    report_cred_label(&p->creds[k->cred], lbl,
			    sizeof(lbl)), hours_format(k->counted, h,
			    sizeof(h)));
		}
		if (n == 0)
			fputs("none", fp);
		putc('\n', fp);
	}
}

static void
text_person(const struct report *r, const struct report_person *p,
    FILE *fp)
{
	char	h[HOURS_BUFSZ], sh[1024];
	size_t	i;

	/* What an older database holds must not drive the terminal. */
	fprintf(fp, "\n%s\n%s\n", TEXT_RULE, cet_text_show(p->name, sh,
	    sizeof(sh)));
	fprintf(fp, "  Email: %s   ID: %s\n", *p->email != '\0' ? p->email :
	    REPORT_DASH, *p->external_id != '\0' ?
	    cet_text_show(p->external_id, sh, sizeof(sh)) : REPORT_DASH);
	fprintf(fp, "  Organization: %s\n", *p->org != '\0' ?
	    cet_text_show(p->org, sh, sizeof(sh)) : REPORT_DASH);
	if (p->ncreds == 0)
		fputs("  No credentials recorded.\n", fp);
	else if (p->is_short)
		fprintf(fp, "  Overall: %s; %s h missing\n",
		    report_state_label(p->state),
		    hours_format(p->missing, h, sizeof(h)));
	else
		fprintf(fp, "  Overall: %s\n", report_state_label(p->state));
	for (i = 0; i < p->ncreds; i++) {
		/* Licenses first, then certifications (report.h). */
		if (i == 0 || report_is_license(&p->creds[i - 1]) !=
		    report_is_license(&p->creds[i]))
			fprintf(fp, "\n  %s\n", report_is_license(&p->creds[i]) ?
			    "LICENSES" : "CERTIFICATIONS");
		text_cred(&p->creds[i], fp);
	}
	if (r->transcript)
		text_transcript(p, fp);
	if (r->attestation) {
		fprintf(fp, "\n  %s\n\n", REPORT_ATTESTATION);
		fputs("  Signature: ______________________________   "
		    "Date: ______________\n", fp);
	}
}

int
report_render_text(const struct report *r, FILE *fp, char *err,
    size_t errlen)
{
	size_t	i;

	text_header(r, fp);
	text_summary(r, fp);
	if (r->scope != REPORT_PERSON || r->exceptions)
		text_exceptions(r, fp);
	if (r->npeople == 0)
		fputs(r->exceptions && r->summary.people > 0 ?
		    "\nNobody needs action.\n" : "\nNo people match.\n", fp);
	for (i = 0; i < r->npeople; i++)
		text_person(r, &r->people[i], fp);
	return report_write_done(fp, err, errlen);
}
