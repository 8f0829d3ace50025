/* SPDX-License-Identifier: ISC */
/*
 * The report as one self-contained HTML file: inline CSS, no scripts, no
 * images, fonts or links to anything outside the file, so it can be mailed
 * or archived as is and prints the same anywhere. The print stylesheet
 * sets the page margins, starts every person on a new page and repeats
 * table headers on every printed page (thead as table-header-group). Every
 * text from the database goes through report_html_escape.
 *
 * The page is never wider than the window: the wide tables sit each in a
 * box of its own (div.wrap) that scrolls sideways when the table cannot
 * shrink enough, headers and text cells wrap, and nothing that is read as
 * one token ever breaks, not even at its hyphens: numbers and hours (.n),
 * dates (.d; a range breaks only after "to"), credential labels, license,
 * approval and employee numbers and topics (.id). A list entry of the
 * transcript (.e: an approval, a topic, a credit) stays on one line on
 * screen; in print, where nothing can scroll, it may wrap between its
 * tokens under a hanging indent, and the tables are set smaller, so that
 * they fit the width of an A4 or Letter page. tests/integration/
 * test_browser.sh measures this in Chromium.
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/hours.h"
#include "report/report.h"
#include "base/util.h"

static const char html_css[] =
    "body{font:11pt/1.35 -apple-system,\"Segoe UI\",\"DejaVu Sans\","
    "Arial,sans-serif;color:#111;margin:2em auto;max-width:76em;"
    "padding:0 1em}\n"
    "h1{font-size:1.6em;margin:0 0 .4em}\n"
    "h2{font-size:1.3em;margin:1.2em 0 .3em;border-bottom:2px solid #333}\n"
    "h3{font-size:1.05em;margin:1em 0 .3em}\n"
    "table{border-collapse:collapse;width:100%;margin:.3em 0 .8em}\n"
    ".wrap{overflow-x:auto;margin:.3em 0 .8em}\n"
    ".wrap>table{margin:0}\n"
    "th,td{border:1px solid #bbb;padding:.2em .45em;text-align:left;"
    "vertical-align:top}\n"
    "th{background:#eee}\n"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    "td.n,span.n,.d,.id,.e{white-space:nowrap}\n"
    "table.meta{width:auto}\n"
    "table.meta th{background:none;border:0;padding-left:0}\n"
    "table.meta td{border:0}\n"
    ".st{font-weight:bold;white-space:nowrap}\n"
    ".st-lapsed{color:#a00}\n"
    ".st-grace,.st-at_risk{color:#b35900}\n"
    ".st-behind{color:#8a6d00}\n"
    ".st-complete{color:#176117}\n"
    ".st-retired,.st-inactive{color:#666}\n"
    ".muted{color:#555}\n"
    ".note{margin:.2em 0 .6em;color:#8a4b00}\n"
    ".act{color:#a00;font-weight:bold}\n"
    ".src{overflow-wrap:anywhere}\n"
    "tr.sub td{border-top:0;font-size:.92em}\n"
    "h4{font-size:1em;margin:.6em 0 .2em}\n"
    ".attest{margin-top:1.5em;border:1px solid #333;padding:.8em 1em}\n"
    ".sign{display:inline-block;min-width:20em;border-bottom:1px solid #111;"
    "margin-right:2em}\n"
    ".date{display:inline-block;min-width:9em;border-bottom:1px solid #111}\n"
    "thead{display:table-header-group}\n"
    "tr{page-break-inside:avoid;break-inside:avoid}\n"
    "@page{size:auto;margin:16mm 14mm 18mm}\n"
    "@media print{\n"
    "body{margin:0;max-width:none;padding:0;font-size:9.5pt}\n"
    ".wrap{overflow:visible}\n"
    "table{font-size:8pt}\n"
    "th,td{padding:.15em .25em}\n"
    ".e{display:inline-block;white-space:normal;padding-left:.8em;"
    "text-indent:-.8em}\n"
    "section.person{page-break-before:always;break-before:page}\n"
    "section.solo{page-break-before:auto;break-before:auto}\n"
    "h2,h3{page-break-after:avoid;break-after:avoid}\n"
    ".attest{page-break-inside:avoid;break-inside:avoid}\n"
    "th{background:none}\n"
    "}\n";

static void	h(FILE *, const char *);
static void	h_or_dash(FILE *, const char *);
static void	html_state(FILE *, enum comp_state);
static void	html_header(const struct report *, FILE *);
static void	html_summary(const struct report *, FILE *);
static void	html_exceptions(const struct report *, FILE *);
static void	html_creds(const struct report_person *, size_t, size_t,
		    FILE *);
static void	html_reqs(const struct report_person *, size_t, size_t,
		    FILE *);
static void	html_transcript(const struct report_person *, FILE *);
static void	html_person(const struct report *, const struct report_person *,
		    size_t, FILE *);

static void
h(FILE *fp, const char *s)
{
	(void)report_html_escape(fp, s);
}

static void
h_or_dash(FILE *fp, const char *s)
{
	if (*s == '\0')
		fputs(REPORT_DASH, fp);
	else
		h(fp, s);
}

static void
html_state(FILE *fp, enum comp_state s)
{
	fprintf(fp, "<span class=\"st st-%s\">%s</span>", comp_state_name(s),
	    report_state_label(s));
}

static void
html_header(const struct report *r, FILE *fp)
{
	char	t[32], d[DATE_BUFSZ];
	size_t	i;

	fputs("<header>\n<h1>CE compliance report</h1>\n"
	    "<table class=\"meta\">\n<tr><th>Organization</th><td>", fp);
	h_or_dash(fp, r->organization);
	fprintf(fp, "</td></tr>\n<tr><th>As of</th><td>%s</td></tr>\n",
	    date_format(r->as_of, d));
	fprintf(fp, "<tr><th>Generated</th><td>%s by cetrack ",
	    report_format_time(r->generated_at, t, sizeof(t)));
	h(fp, r->version);
	fputs("</td></tr>\n<tr><th>Rule packs</th><td>", fp);
	if (r->npacks == 0)
		fputs(REPORT_DASH, fp);
	for (i = 0; i < r->npacks; i++) {
		if (i > 0)
			fputs("<br>\n", fp);
		h(fp, r->packs[i].code);
		putc(' ', fp);
		h(fp, r->packs[i].version);
		fputs(" <span class=\"muted\">(", fp);
		h(fp, r->packs[i].origin);
		fputs(")</span>", fp);
	}
	fputs("</td></tr>\n</table>\n</header>\n", fp);
}

static void
html_summary(const struct report *r, FILE *fp)
{
	const struct report_summary *s = &r->summary;
	char	hb[HOURS_BUFSZ];
	size_t	i;

	fputs("<section class=\"summary\">\n<h2>Summary</h2>\n"
	    "<table>\n<thead><tr><th>Credentials by state</th>"
	    "<th class=\"n\">Count</th></tr></thead>\n<tbody>\n", fp);
	for (i = 0; i < REPORT_NSTATES; i++) {
		fputs("<tr><td>", fp);
		html_state(fp, report_states[i]);
		fprintf(fp, "</td><td class=\"n\">%zu</td></tr>\n",
		    s->by_state[report_states[i]]);
	}
	fprintf(fp, "<tr><td>All credentials</td><td class=\"n\">%zu</td>"
	    "</tr>\n</tbody>\n</table>\n", s->credentials);
	fputs("<table>\n<thead><tr><th>People and deadlines</th>"
	    "<th class=\"n\">Count</th></tr></thead>\n<tbody>\n", fp);
	fprintf(fp, "<tr><td>People</td><td class=\"n\">%zu</td></tr>\n",
	    s->people);
	fprintf(fp, "<tr><td>Expiring within 30 days</td>"
	    "<td class=\"n\">%zu</td></tr>\n", s->expiring_30);
	fprintf(fp, "<tr><td>Expiring within 60 days</td>"
	    "<td class=\"n\">%zu</td></tr>\n", s->expiring_60);
	fprintf(fp, "<tr><td>Expiring within 90 days</td>"
	    "<td class=\"n\">%zu</td></tr>\n", s->expiring_90);
	fprintf(fp, "<tr><td>Lapsed</td><td class=\"n\">%zu</td></tr>\n",
	    s->lapsed);
	fprintf(fp, "<tr><td>In grace</td><td class=\"n\">%zu</td></tr>\n",
	    s->grace);
	fprintf(fp, "<tr><td>People with hours short</td>"
	    "<td class=\"n\">%zu</td></tr>\n", s->people_short);
	fprintf(fp, "<tr><td>Hours missing in all</td>"
	    "<td class=\"n\">%s</td></tr>\n</tbody>\n</table>\n",
	    hours_format(s->hours_missing, hb, sizeof(hb)));
	fputs("<table>\n<thead><tr><th>Licenses and certifications</th>"
	    "<th class=\"n\">Count</th></tr></thead>\n<tbody>\n", fp);
	fprintf(fp, "<tr><td>Licenses</td><td class=\"n\">%zu</td></tr>\n",
	    s->licenses);
	fprintf(fp, "<tr><td>Certifications</td><td class=\"n\">%zu</td>"
	    "</tr>\n", s->credentials - s->licenses);
	fprintf(fp, "<tr><td>Not verified</td><td class=\"n\">%zu</td></tr>\n",
	    s->unverified);
	fprintf(fp, "<tr><td>Verification stale</td><td class=\"n\">%zu</td>"
	    "</tr>\n", s->stale);
	fprintf(fp, "<tr><td>People needing action</td><td class=\"n\">%zu"
	    "</td></tr>\n", s->people_action);
	fprintf(fp, "<tr><td>Credentials needing action</td>"
	    "<td class=\"n\">%zu</td></tr>\n</tbody>\n</table>\n</section>\n",
	    s->creds_action);
}

/* A name in a narrow cell: it may wrap between its words, never inside
 * one (a word is escaped on its own, so no entity is split). */
static void
h_words(FILE *fp, const char *s)
{
	char	 w[NAME_MAX_LEN];
	size_t	 n;

	while (*s != '\0') {
		n = strcspn(s, " ");
		if (n > 0) {
			(void)cet_fmt(w, sizeof(w), "%.*s", (int)n, s);
			fputs("<span class=\"id\">", fp);
			h(fp, w);
			fputs("</span>", fp);
		}
		s += n;
		for (; *s == ' '; s++)
			putc(' ', fp);
	}
}

/*
 * The latest verification: the date kept whole, the source (a URL, often)
 * free to break anywhere, so that it never widens a table past the page.
 */
static void
html_verify(FILE *fp, const struct report_cred *c)
{
	char	d[DATE_BUFSZ];

	if (c->verified_on == COMP_NO_DATE) {
		fputs(c->verify == REPORT_VERIFY_NONE ? "not verified" :
		    REPORT_DASH, fp);
		return;
	}
	fprintf(fp, "<span class=\"d\">%s</span> by ",
	    date_format(c->verified_on, d));
	h(fp, c->verified_by);
	fputs(", <span class=\"src\">", fp);
	h(fp, c->verify_source);
	fputs("</span>", fp);
}

/* Why a credential needs action; its dates kept whole. */
static void
html_action(FILE *fp, const struct report_cred *c)
{
	char	 why[160];
	char	*paren;

	(void)report_action_text(c, why, sizeof(why));
	if ((paren = strstr(why, " (")) == NULL) {
		h(fp, why);
		return;
	}
	*paren = '\0';
	h(fp, why);
	fputs(" <span class=\"d\">", fp);
	h(fp, paren + 1);
	fputs("</span>", fp);
}

/* Every credential that needs action, in report order, each linked to
 * its person's section. */
static void
html_exceptions(const struct report *r, FILE *fp)
{
	char	lbl[64], d[DATE_BUFSZ];
	size_t	i, j;

	fputs("<section class=\"exceptions\" id=\"exceptions\">\n"
	    "<h2>Exceptions</h2>\n", fp);
	if (r->summary.creds_action == 0) {
		fputs("<p>None: every credential is in order.</p>\n"
		    "</section>\n", fp);
		return;
	}
	fprintf(fp, "<p>%zu of %zu people, %zu of %zu credentials need "
	    "action.</p>\n", r->summary.people_action, r->summary.people,
	    r->summary.creds_action, r->summary.credentials);
	fputs("<div class=\"wrap\"><table>\n<thead><tr><th>Person</th>"
	    "<th>Credential</th>"
	    "<th>Number</th><th>Valid through</th><th>Needs action</th>"
	    "<th>Verified</th></tr></thead>\n<tbody>\n", fp);
	for (i = 0; i < r->npeople; i++) {
		const struct report_person *p = &r->people[i];

		for (j = 0; j < p->ncreds; j++) {
			const struct report_cred *c = &p->creds[j];

			if (c->action == 0)
				continue;
			fprintf(fp, "<tr><td><a "
			    "href=\"#person-%lld\">", (long long)p->id);
			h_words(fp, p->name);
			fputs("</a></td><td>", fp);
			fputs("<span class=\"id\">", fp);
			h(fp, report_cred_label(c, lbl, sizeof(lbl)));
			fputs("</span><br><span class=\"muted\">", fp);
			h(fp, c->kind);
			fputs("</span></td><td class=\"id\">", fp);
			h(fp, c->number);
			fprintf(fp, "</td><td class=\"d\">%s</td><td>",
			    date_format(c->valid_through, d));
			html_action(fp, c);
			fputs("</td><td>", fp);
			html_verify(fp, c);
			fputs("</td></tr>\n", fp);
		}
	}
	fputs("</tbody>\n</table></div>\n</section>\n", fp);
}

static void
html_creds(const struct report_person *p, size_t from, size_t to, FILE *fp)
{
	char	lbl[64], d1[DATE_BUFSZ], d2[DATE_BUFSZ], hb[HOURS_BUFSZ];
	char	note[512];
	size_t	i;

	fprintf(fp, "<h3>%s</h3>\n<div class=\"wrap\"><table>\n"
	    "<thead><tr><th>Credential</th>"
	    "<th>Number</th><th>Cycle</th><th>Valid through</th>"
	    "<th>State</th><th class=\"n\">Days left</th><th>Window</th>"
	    "<th>Late until</th><th class=\"n\">Shortfall at current pace</th>"
	    "</tr></thead>\n<tbody>\n",
	    report_is_license(&p->creds[from]) ? "Licenses" : "Certifications");
	for (i = from; i < to; i++) {
		const struct report_cred *c = &p->creds[i];

		fputs("<tr><td><span class=\"id\">", fp);
		h(fp, report_cred_label(c, lbl, sizeof(lbl)));
		fputs("</span><br><span class=\"muted\">", fp);
		h(fp, c->program_name);
		fputs("</span></td><td class=\"id\">", fp);
		h(fp, c->number);
		if (c->renewal_assumed)
			fprintf(fp, "</td><td><span class=\"d\">%s to</span> "
			    "<span class=\"d\">%s</span><br>"
			    "<span class=\"muted\" title=\"counted as owed "
			    "until cetrack cred set %lld --renewal-index N\">"
			    "renewal not given</span></td>",
			    date_format(c->cycle_start, d1),
			    date_format(c->valid_through, d2),
			    (long long)c->id);
		else
			fprintf(fp, "</td><td><span class=\"d\">%s to</span> "
			    "<span class=\"d\">%s</span><br>"
			    "<span class=\"muted\">renewal %d</span></td>",
			    date_format(c->cycle_start, d1),
			    date_format(c->valid_through, d2),
			    c->renewal_index);
		fprintf(fp, "<td class=\"d\">%s</td><td>", d2);
		html_state(fp, c->state);
		if (c->state == COMP_RETIRED || c->state == COMP_INACTIVE)
			fputs("</td><td class=\"n\">" REPORT_DASH "</td>", fp);
		else
			fprintf(fp, "</td><td class=\"n\">%d</td>",
			    c->days_left);
		if (c->window_opens != COMP_NO_DATE)
			fprintf(fp, "<td><span class=\"d\">%s to</span> "
			    "<span class=\"d\">%s</span></td>",
			    date_format(c->window_opens, d1),
			    date_format(c->window_closes, d2));
		else
			fprintf(fp, "<td class=\"d\">by %s</td>",
			    date_format(c->window_closes, d2));
		fprintf(fp, "<td class=\"d\">%s</td><td class=\"n\">%s</td>"
		    "</tr>\n", c->late_until > c->valid_through ?
		    report_format_date(c->late_until, d1) : REPORT_DASH,
		    c->shortfall > 0 ? hours_format(c->shortfall, hb,
		    sizeof(hb)) : REPORT_DASH);
		/* Verification and action on a row of their own under it:
		 * a URL would widen a column past the page. */
		if (c->verify == REPORT_VERIFY_NOT_NEEDED &&
		    c->verified_on == COMP_NO_DATE && c->action == 0)
			continue;
		fputs("<tr class=\"sub\"><td></td><td colspan=\"8\">", fp);
		if (c->verify != REPORT_VERIFY_NOT_NEEDED ||
		    c->verified_on != COMP_NO_DATE) {
			fputs("Verified: ", fp);
			html_verify(fp, c);
		}
		if (c->action != 0) {
			if (c->verify != REPORT_VERIFY_NOT_NEEDED ||
			    c->verified_on != COMP_NO_DATE)
				fputs(" \xc2\xb7 ", fp);
			fputs("<span class=\"act\">Needs action: ", fp);
			html_action(fp, c);
			fputs("</span>", fp);
		}
		fputs("</td></tr>\n", fp);
	}
	fputs("</tbody>\n</table></div>\n", fp);
	for (i = from; i < to; i++)
		if (report_unknown_note(&p->creds[i], note, sizeof(note))) {
			fputs("<p class=\"note\">", fp);
			h(fp, report_cred_label(&p->creds[i], lbl, sizeof(lbl)));
			fputs(": ", fp);
			h(fp, note);
			fputs(".</p>\n", fp);
		}
}

static void
html_reqs(const struct report_person *p, size_t from, size_t to, FILE *fp)
{
	char	lbl[64], h1[HOURS_BUFSZ], h2[HOURS_BUFSZ], h3[HOURS_BUFSZ];
	char	rl[256];
	size_t	i, j;

	for (i = from; i < to; i++)
		if (p->creds[i].state != COMP_RETIRED &&
		    p->creds[i].state != COMP_INACTIVE)
			break;
	if (i == to)
		return;		/* no CE owed */
	fputs("<h4>Hours</h4>\n<div class=\"wrap\"><table>\n"
	    "<thead><tr><th>Credential</th>"
	    "<th>Requirement</th><th class=\"n\">Required</th>"
	    "<th class=\"n\">Counted</th><th class=\"n\">Remaining</th>"
	    "<th>Met</th></tr></thead>\n<tbody>\n", fp);
	for (i = from; i < to; i++) {
		const struct report_cred *c = &p->creds[i];

		if (c->state == COMP_RETIRED || c->state == COMP_INACTIVE)
			continue;	/* no CE owed */
		for (j = 0; j < c->nreqs; j++) {
			const struct report_req *q = &c->reqs[j];

			fputs("<tr><td class=\"id\">", fp);
			h(fp, report_cred_label(c, lbl, sizeof(lbl)));
			fputs("</td><td>", fp);
			h(fp, report_req_label(q, rl, sizeof(rl)));
			if (q->course_only)
				fprintf(fp, "</td><td class=\"n\">course</td>"
				    "<td class=\"n\">%s</td>"
				    "<td class=\"n\">%s</td>",
				    q->met ? "done" : "none",
				    q->met ? "0" : "course");
			else
				fprintf(fp, "</td><td class=\"n\">%s</td>"
				    "<td class=\"n\">%s</td>"
				    "<td class=\"n\">%s</td>",
				    hours_format(q->required, h1, sizeof(h1)),
				    hours_format(q->counted, h2, sizeof(h2)),
				    hours_format(q->remaining, h3,
				    sizeof(h3)));
			fprintf(fp, "<td>%s</td></tr>\n", q->met ? "yes" : "no");
		}
	}
	fputs("</tbody>\n</table></div>\n", fp);
}

static void
html_transcript(const struct report_person *p, FILE *fp)
{
	char	d[DATE_BUFSZ], a[48], hb[HOURS_BUFSZ], lbl[64];
	size_t	i, j, n;

	fputs("<h3>CE transcript, current cycles</h3>\n", fp);
	if (p->nacts == 0) {
		fputs("<p>No activities in the current cycles.</p>\n", fp);
		return;
	}
	fputs("<div class=\"wrap\"><table>\n"
	    "<thead><tr><th>Date</th><th>Title</th>"
	    "<th>Provider</th><th>Approval</th><th class=\"n\">Hours</th>"
	    "<th>Topics</th><th>Certificate</th><th>Counted toward</th>"
	    "</tr></thead>\n<tbody>\n", fp);
	for (i = 0; i < p->nacts; i++) {
		const struct report_activity *t = &p->acts[i];

		fprintf(fp, "<tr><td class=\"d\">%s</td><td>",
		    date_format(t->date, d));
		h(fp, t->title);
		fputs("<br><span class=\"muted\">", fp);
		h(fp, t->format);
		fputs("</span></td><td>", fp);
		h_or_dash(fp, t->provider);
		fputs("</td><td>", fp);
		if (t->napprovals == 0)
			fputs(REPORT_DASH, fp);
		for (j = 0; j < t->napprovals; j++) {
			if (j > 0)
				fputs("<br>", fp);
			fputs("<span class=\"e\"><span class=\"id\">", fp);
			h(fp, t->approvals[j].body);
			fputs("</span>", fp);
			if (*t->approvals[j].number != '\0') {
				fputs(" <span class=\"id\">", fp);
				h(fp, t->approvals[j].number);
				fputs("</span>", fp);
			}
			fputs("</span>", fp);
		}
		fprintf(fp, "</td><td class=\"n\">%s</td><td>",
		    report_format_amount(&t->amount, a, sizeof(a)));
		if (t->ntopics == 0)
			fputs(REPORT_DASH, fp);
		for (j = 0; j < t->ntopics; j++) {
			struct hours_amount ta = t->amount;

			if (t->topics[j].centi >= 0)
				ta.centi = t->topics[j].centi;
			if (j > 0)
				fputs("<br>", fp);
			fputs("<span class=\"e\"><span class=\"id\">", fp);
			h(fp, t->topics[j].topic);
			fprintf(fp, "</span> <span class=\"n\">%s</span>"
			    "</span>", report_format_amount(&ta, a, sizeof(a)));
		}
		fprintf(fp, "</td><td>%s</td><td>",
		    t->certificate ? "on file" : "no");
		for (j = n = 0; j < t->ncredits; j++) {
			const struct report_credit *k = &t->credits[j];

			if (k->counted <= 0)
				continue;
			if (n++ > 0)
				fputs("<br>", fp);
			fputs("<span class=\"e\"><span class=\"id\">", fp);
			h(fp, report_cred_label(&p->creds[k->cred], lbl,
			    sizeof(lbl)));
			fprintf(fp, "</span> <span class=\"n\">%s h</span>"
			    "</span>", hours_format(k->counted, hb,
			    sizeof(hb)));
		}
		if (n == 0)
			fputs("none", fp);
		fputs("</td></tr>\n", fp);
	}
	fputs("</tbody>\n</table></div>\n", fp);
}

static void
html_person(const struct report *r, const struct report_person *p,
    size_t n, FILE *fp)
{
	char	hb[HOURS_BUFSZ];
	size_t	i, j;

	/* One person's report: no page of its own after the summary. */
	fprintf(fp, "<section class=\"person%s\" id=\"person-%lld\">\n"
	    "<h2>%zu. ", r->scope == REPORT_PERSON ? " solo" : "",
	    (long long)p->id, n);
	h(fp, p->name);
	fputs("</h2>\n<table class=\"meta\">\n<tr><th>Email</th><td>", fp);
	h_or_dash(fp, p->email);
	fputs("</td></tr>\n<tr><th>ID</th><td class=\"id\">", fp);
	h_or_dash(fp, p->external_id);
	fputs("</td></tr>\n<tr><th>Organization</th><td>", fp);
	h_or_dash(fp, p->org);
	fputs("</td></tr>\n<tr><th>Overall</th><td>", fp);
	if (p->ncreds == 0)
		fputs("no credentials recorded", fp);
	else
		html_state(fp, p->state);
	if (p->is_short)
		fprintf(fp, "; %s h missing", hours_format(p->missing, hb,
		    sizeof(hb)));
	fputs("</td></tr>\n</table>\n", fp);
	/* Licenses, then certifications (report.h), each a section. */
	for (i = 0; i < p->ncreds; i = j) {
		for (j = i + 1; j < p->ncreds &&
		    report_is_license(&p->creds[j]) ==
		    report_is_license(&p->creds[i]); j++)
			;
		html_creds(p, i, j, fp);
		html_reqs(p, i, j, fp);
	}
	if (r->transcript)
		html_transcript(p, fp);
	if (r->attestation) {
		fputs("<div class=\"attest\">\n<p>", fp);
		h(fp, REPORT_ATTESTATION);
		fputs("</p>\n<p>Name: ", fp);
		h(fp, p->name);
		fputs("</p>\n<p>Signature: <span class=\"sign\">&nbsp;</span>"
		    " Date: <span class=\"date\">&nbsp;</span></p>\n</div>\n",
		    fp);
	}
	fputs("</section>\n", fp);
}

int
report_render_html(const struct report *r, FILE *fp, char *err,
    size_t errlen)
{
	char	d[DATE_BUFSZ];
	size_t	i;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta name=\"generator\" content=\"cetrack ", fp);
	h(fp, r->version);
	fputs("\">\n<title>CE compliance report", fp);
	if (*r->organization != '\0') {
		fputs(" \xe2\x80\x93 ", fp);
		h(fp, r->organization);
	}
	fprintf(fp, ", as of %s</title>\n<style>\n%s</style>\n</head>\n"
	    "<body>\n", date_format(r->as_of, d), html_css);
	html_header(r, fp);
	/* An organization's report opens with what needs action. */
	if (r->scope != REPORT_PERSON || r->exceptions)
		html_exceptions(r, fp);
	html_summary(r, fp);
	if (r->npeople == 0)
		fputs(r->exceptions && r->summary.people > 0 ?
		    "<p>Nobody needs action.</p>\n" : "<p>No people match.</p>\n",
		    fp);
	for (i = 0; i < r->npeople; i++)
		html_person(r, &r->people[i], i + 1, fp);
	fputs("</body>\n</html>\n", fp);
	return report_write_done(fp, err, errlen);
}
