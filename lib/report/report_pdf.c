/* SPDX-License-Identifier: ISC */
/*
 * The PDF renderer of the compliance report: A4 or US Letter pages with a
 * header on every page (report name, organization, as-of date), "page N of
 * M" in the footer, the summary first, then one new page per person with
 * the credentials, the hours per requirement and the CE transcript. A
 * one-person report has no summary: it starts with the person and her open
 * credentials, and ends with the attestation block, on the page of the
 * transcript's last rows. Tables repeat their header row after a page
 * break; long titles wrap inside their cell.
 *
 * Why cairo + pango: both are well kept (GNOME/freedesktop, decades of
 * use), packaged in Debian, and together they do real text layout: font
 * fallback, shaping, bidi and any Unicode a name may hold, word wrapping
 * with measured line heights, and PDF output with embedded subset fonts
 * that opens in any viewer. Writing PDF operators by hand would mean
 * re-implementing all of that; a PDF-only library (libharu) has no shaping
 * and no wrapping.
 *
 * Page numbers "of M" need the page count before the first footer is
 * drawn. The renderer runs its layout twice over the same code: a first
 * pass measures every text with pango on a PDF surface whose output is
 * discarded and draws nothing, only counting pages; the second pass draws
 * into the real surface with the total known. Layout depends only on the
 * report and the fonts, so both passes break pages at the same places.
 * (The alternative, one recording surface per page replayed at the end,
 * keeps every page of a 32,000-person report in memory at once.)
 */
#include <cairo-pdf.h>
#include <errno.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "base/hours.h"
#include "report/report.h"
#include "base/util.h"

#define PDF_FONT	"DejaVu Sans"
#define PDF_A4_W	595.276		/* 210 mm in points */
#define PDF_A4_H	841.890		/* 297 mm */
#define PDF_LETTER_W	612.0		/* 8.5 in */
#define PDF_LETTER_H	792.0		/* 11 in */
#define PDF_MARGIN_X	42.0
#define PDF_TOP		62.0		/* content starts below the header */
#define PDF_BOTTOM	50.0		/* and ends above the footer */
#define PDF_PAD_X	3.0		/* cell padding */
#define PDF_PAD_Y	2.5
#define PDF_CELL_MAX	10		/* columns of the widest table */

enum pdf_font {
	PF_BODY,
	PF_BOLD,
	PF_SMALL,
	PF_SMALL_BOLD,
	PF_CELL,
	PF_CELL_BOLD,
	PF_H2,
	PF_H1,
	PF_TITLE,
	PF_COUNT
};

/* Text colours: black, grey, and one per group of states. */
enum pdf_color {
	PC_TEXT,
	PC_MUTED,
	PC_BAD,		/* lapsed */
	PC_WARN,	/* grace, at risk */
	PC_BEHIND,
	PC_GOOD		/* complete */
};

static const double pdf_rgb[][3] = {
	{ 0.0, 0.0, 0.0 },
	{ 0.38, 0.38, 0.38 },
	{ 0.72, 0.0, 0.0 },
	{ 0.72, 0.33, 0.0 },
	{ 0.52, 0.42, 0.0 },
	{ 0.0, 0.45, 0.12 }
};

struct pdf_col {
	const char	*title;
	double		 frac;		/* share of the content width */
	int		 right;		/* right-aligned (numbers) */
};

struct pdf_cell {
	const char	*text;
	int		 bold;
	enum pdf_color	 color;
};

struct pdf {
	const struct report	*rep;
	cairo_surface_t		*surf;
	cairo_t			*cr;
	PangoFontMap		*fontmap;
	PangoContext		*ctx;
	PangoFontDescription	*fonts[PF_COUNT];
	double			 pw, ph;	/* page size */
	double			 x0, x1;	/* content left and right */
	double			 top, bottom;
	double			 y;		/* next free line */
	int			 page;		/* current page, from 1 */
	int			 npages;	/* total; 0 in the layout pass */
	int			 draw;		/* 0: layout pass */
	int			 used;		/* something on this page */
	const struct pdf_col	*cols;		/* the open table, if any */
	size_t			 ncols;
	double			 tx1;		/* its right edge */
	FILE			*out;
	int			 werrno;	/* errno of a failed write */
};

/* -- output streams ---------------------------------------------------- */

static cairo_status_t
pdf_write(void *closure, const unsigned char *data, unsigned int len)
{
	struct pdf	*p = closure;

	if (fwrite(data, 1, len, p->out) != len) {
		p->werrno = errno != 0 ? errno : EIO;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t
pdf_discard(void *closure, const unsigned char *data, unsigned int len)
{
	return CAIRO_STATUS_SUCCESS;
}

/* -- text primitives --------------------------------------------------- */

static PangoLayout *
pdf_layout(struct pdf *p, const char *text, enum pdf_font f, double width,
    int right)
{
	PangoLayout	*l;

	l = pango_layout_new(p->ctx);
	pango_layout_set_font_description(l, p->fonts[f]);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, right ? PANGO_ALIGN_RIGHT :
	    PANGO_ALIGN_LEFT);
	pango_layout_set_text(l, text != NULL && text[0] != '\0' ? text :
	    REPORT_DASH, -1);
	return l;
}

static double
pdf_height(PangoLayout *l)
{
	int	w, h;

	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

static void
pdf_show(struct pdf *p, PangoLayout *l, double x, double y,
    enum pdf_color c)
{
	if (!p->draw)
		return;
	cairo_set_source_rgb(p->cr, pdf_rgb[c][0], pdf_rgb[c][1],
	    pdf_rgb[c][2]);
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
}

/* A horizontal rule from the left margin to x1. */
static void
pdf_hline(struct pdf *p, double y, double x1, double gray, double width)
{
	if (!p->draw)
		return;
	cairo_set_source_rgb(p->cr, gray, gray, gray);
	cairo_set_line_width(p->cr, width);
	cairo_move_to(p->cr, p->x0, y);
	cairo_line_to(p->cr, x1, y);
	cairo_stroke(p->cr);
}

/*
 * One line in a box of width w at (x, y), cut with an ellipsis if it is
 * longer: for the running header and footer and the labels under the
 * signature lines, which have one line of room.
 */
static void
pdf_put_line(struct pdf *p, const char *text, enum pdf_font f, double x,
    double y, double w, int right, enum pdf_color c)
{
	PangoLayout	*l = pdf_layout(p, text, f, w, right);

	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	pdf_show(p, l, x, y, c);
	g_object_unref(l);
}

/* -- pages ------------------------------------------------------------- */

static void
pdf_page_header(struct pdf *p)
{
	const struct report	*r = p->rep;
	char			 d[DATE_BUFSZ], buf[128];
	const char		*who = r->organization;
	double			 w = p->x1 - p->x0;

	if (r->scope == REPORT_PERSON && r->npeople == 1)
		who = r->people[0].name;	/* on every page she hands in */
	else if (who[0] == '\0')
		who = "All people";
	pdf_put_line(p, "cetrack compliance report", PF_SMALL_BOLD, p->x0,
	    24, w * 0.3, 0, PC_TEXT);
	pdf_put_line(p, who, PF_SMALL, p->x0 + w * 0.3, 24, w * 0.5, 0,
	    PC_TEXT);
	(void)cet_fmt(buf, sizeof(buf), "as of %s", date_format(r->as_of, d));
	pdf_put_line(p, buf, PF_SMALL, p->x0 + w * 0.8, 24, w * 0.2, 1,
	    PC_TEXT);
	pdf_hline(p, 40, p->x1, 0.3, 0.6);
}

static void
pdf_page_footer(struct pdf *p)
{
	char	buf[128], t[32];
	double	y = p->ph - PDF_BOTTOM + 14, w = p->x1 - p->x0;

	pdf_hline(p, y - 4, p->x1, 0.6, 0.4);
	(void)cet_fmt(buf, sizeof(buf), "generated %s by cetrack %s",
	    report_format_time(p->rep->generated_at, t, sizeof(t)),
	    p->rep->version);
	pdf_put_line(p, buf, PF_SMALL, p->x0, y, w * 0.7, 0, PC_MUTED);
	(void)cet_fmt(buf, sizeof(buf), "page %d of %d", p->page,
	    p->npages);
	pdf_put_line(p, buf, PF_SMALL, p->x0 + w * 0.7, y, w * 0.3, 1,
	    PC_MUTED);
}

static void
pdf_page_open(struct pdf *p)
{
	p->page++;
	p->y = p->top;
	p->used = 0;
	if (p->draw)
		pdf_page_header(p);
}

static void
pdf_page_close(struct pdf *p)
{
	if (!p->draw)
		return;
	pdf_page_footer(p);
	cairo_show_page(p->cr);
}

static void	pdf_table_header(struct pdf *);

/* Continue on a new page; an open table repeats its header row. */
static void
pdf_break(struct pdf *p)
{
	pdf_page_close(p);
	pdf_page_open(p);
	if (p->cols != NULL)
		pdf_table_header(p);
}

/* Make room for h points, breaking the page if this one is not empty. */
static void
pdf_need(struct pdf *p, double h)
{
	if (p->used && p->y + h > p->bottom)
		pdf_break(p);
}

/* A paragraph across the content width. */
static void
pdf_para(struct pdf *p, const char *text, enum pdf_font f, enum pdf_color c,
    double after)
{
	PangoLayout	*l = pdf_layout(p, text, f, p->x1 - p->x0, 0);
	double		 h = pdf_height(l);

	pdf_need(p, h);
	pdf_show(p, l, p->x0, p->y, c);
	g_object_unref(l);
	p->y += h + after;
	p->used = 1;
}

/* A heading kept with at least `keep` points of what follows. */
static void
pdf_heading(struct pdf *p, const char *text, enum pdf_font f, double keep)
{
	PangoLayout	*l = pdf_layout(p, text, f, p->x1 - p->x0, 0);
	double		 h = pdf_height(l);

	if (p->used)
		p->y += 8;
	pdf_need(p, h + keep);
	pdf_show(p, l, p->x0, p->y, PC_TEXT);
	g_object_unref(l);
	p->y += h + 4;
	p->used = 1;
}

/* -- tables ------------------------------------------------------------ */

static double
pdf_col_x(const struct pdf *p, size_t i)
{
	double	x = p->x0;
	size_t	j;

	for (j = 0; j < i; j++)
		x += p->cols[j].frac * (p->x1 - p->x0);
	return x;
}

/* Lay out one row's cells; returns the row height. */
static double
pdf_row_layout(struct pdf *p, PangoLayout **ls, const char **texts,
    const int *bold, int header)
{
	double	h = 0, w, lh;
	size_t	i;

	for (i = 0; i < p->ncols; i++) {
		w = p->cols[i].frac * (p->x1 - p->x0) - 2 * PDF_PAD_X;
		ls[i] = pdf_layout(p, texts[i], header || bold[i] ?
		    PF_CELL_BOLD : PF_CELL, w, p->cols[i].right);
		if ((lh = pdf_height(ls[i])) > h)
			h = lh;
	}
	return h + 2 * PDF_PAD_Y;
}

static void
pdf_table_header(struct pdf *p)
{
	PangoLayout	*ls[PDF_CELL_MAX];
	const char	*texts[PDF_CELL_MAX];
	int		 bold[PDF_CELL_MAX] = { 0 };
	double		 h;
	size_t		 i;

	for (i = 0; i < p->ncols; i++)
		texts[i] = p->cols[i].title;
	h = pdf_row_layout(p, ls, texts, bold, 1);
	if (p->draw) {
		cairo_set_source_rgb(p->cr, 0.9, 0.9, 0.9);
		cairo_rectangle(p->cr, p->x0, p->y, p->tx1 - p->x0, h);
		cairo_fill(p->cr);
	}
	for (i = 0; i < p->ncols; i++) {
		pdf_show(p, ls[i], pdf_col_x(p, i) + PDF_PAD_X,
		    p->y + PDF_PAD_Y, PC_TEXT);
		g_object_unref(ls[i]);
	}
	p->y += h;
	pdf_hline(p, p->y, p->tx1, 0.3, 0.6);
	p->used = 1;
}

/* Start a table: its header and at least one row must fit. */
static void
pdf_table_begin(struct pdf *p, const struct pdf_col *cols, size_t ncols)
{
	p->cols = NULL;
	pdf_need(p, 48);
	p->cols = cols;
	p->ncols = ncols;
	p->tx1 = pdf_col_x(p, ncols);
	pdf_table_header(p);
}

static void
pdf_table_row(struct pdf *p, const struct pdf_cell *cells)
{
	PangoLayout	*ls[PDF_CELL_MAX];
	const char	*texts[PDF_CELL_MAX];
	int		 bold[PDF_CELL_MAX];
	double		 h;
	size_t		 i;

	for (i = 0; i < p->ncols; i++) {
		texts[i] = cells[i].text;
		bold[i] = cells[i].bold;
	}
	h = pdf_row_layout(p, ls, texts, bold, 0);
	if (p->y + h > p->bottom)
		pdf_break(p);
	for (i = 0; i < p->ncols; i++) {
		pdf_show(p, ls[i], pdf_col_x(p, i) + PDF_PAD_X,
		    p->y + PDF_PAD_Y, cells[i].color);
		g_object_unref(ls[i]);
	}
	p->y += h;
	pdf_hline(p, p->y, p->tx1, 0.8, 0.4);
}

static void
pdf_table_end(struct pdf *p)
{
	p->cols = NULL;
	p->ncols = 0;
	p->y += 10;
}

/* -- report content ---------------------------------------------------- */

static enum pdf_color
pdf_state_color(enum comp_state s)
{
	switch (s) {
	case COMP_LAPSED:
		return PC_BAD;
	case COMP_GRACE:
	case COMP_AT_RISK:
		return PC_WARN;
	case COMP_BEHIND:
		return PC_BEHIND;
	case COMP_COMPLETE:
		return PC_GOOD;
	case COMP_RETIRED:
	case COMP_INACTIVE:
		return PC_MUTED;
	default:
		return PC_TEXT;
	}
}

/* "in 45 days", "today", "12 days ago". */
static char *
pdf_days(int days, char *buf, size_t len)
{
	if (days == 0)
		(void)cet_fmt(buf, len, "today");
	else if (days > 0)
		(void)cet_fmt(buf, len, "in %d day%s", days,
		    days == 1 ? "" : "s");
	else
		(void)cet_fmt(buf, len, "%d day%s ago", -days,
		    days == -1 ? "" : "s");
	return buf;
}

/* "62.5 h"; a dash for nothing. */
static char *
pdf_hours(long centi, char *buf, size_t len)
{
	char	h[HOURS_BUFSZ];

	(void)cet_fmt(buf, len, "%s h", hours_format(centi, h, sizeof(h)));
	return buf;
}

static void
pdf_cover(struct pdf *p)
{
	const struct report	*r = p->rep;
	char			 buf[512], d[DATE_BUFSZ], t[32];

	pdf_para(p, "Compliance report", PF_TITLE, PC_TEXT, 4);
	if (r->organization[0] != '\0')
		pdf_para(p, r->organization, PF_H1, PC_TEXT, 4);
	else if (r->scope == REPORT_PERSON && r->npeople == 1)
		pdf_para(p, r->people[0].name, PF_H1, PC_TEXT, 4);
	(void)cet_fmt(buf, sizeof(buf), "As of %s. Generated %s by cetrack "
	    "%s.", date_format(r->as_of, d),
	    report_format_time(r->generated_at, t, sizeof(t)), r->version);
	pdf_para(p, buf, PF_BODY, PC_MUTED, 10);
}

/* The rule packs used: after the summary, the exceptions come first. */
static void
pdf_packs(struct pdf *p)
{
	static const struct pdf_col cols[] = {
		{ "Program", 0.14, 0 },
		{ "Name", 0.44, 0 },
		{ "Rules checked", 0.16, 0 },
		{ "Source", 0.26, 0 }
	};
	const struct report	*r = p->rep;
	struct pdf_cell		 cells[4];
	size_t			 i;

	if (r->npacks == 0)
		return;
	pdf_heading(p, "Rule packs used", PF_H2, 40);
	pdf_table_begin(p, cols, ARRAY_SIZE(cols));
	memset(cells, 0, sizeof(cells));
	for (i = 0; i < r->npacks; i++) {
		cells[0].text = r->packs[i].code;
		cells[0].bold = 1;
		cells[1].text = r->packs[i].name;
		cells[2].text = r->packs[i].version;
		cells[3].text = r->packs[i].origin;
		pdf_table_row(p, cells);
	}
	pdf_table_end(p);
}

static void
pdf_summary(struct pdf *p)
{
	static const struct pdf_col cols[] = {
		{ "Credentials by state", 0.45, 0 },
		{ "Count", 0.15, 1 }
	};
	static const struct pdf_col cols2[] = {
		{ "Deadlines and hours", 0.45, 0 },
		{ "Count", 0.15, 1 }
	};
	static const struct pdf_col cols3[] = {
		{ "Licenses, certifications, verification", 0.45, 0 },
		{ "Count", 0.15, 1 }
	};
	static const enum comp_state order[] = {
		COMP_LAPSED, COMP_GRACE, COMP_AT_RISK, COMP_BEHIND,
		COMP_ON_TRACK, COMP_COMPLETE, COMP_RETIRED, COMP_INACTIVE
	};
	const struct report_summary *s = &p->rep->summary;
	struct pdf_cell	 cells[2];
	char		 buf[256], n[32];
	size_t		 i;

	pdf_heading(p, "Summary", PF_H1, 80);
	(void)cet_fmt(buf, sizeof(buf), "%zu %s, %zu %s.", s->people,
	    s->people == 1 ? "person" : "people", s->credentials,
	    s->credentials == 1 ? "credential" : "credentials");
	pdf_para(p, buf, PF_BODY, PC_TEXT, 6);

	memset(cells, 0, sizeof(cells));
	pdf_table_begin(p, cols, ARRAY_SIZE(cols));
	for (i = 0; i < ARRAY_SIZE(order); i++) {
		enum comp_state st = order[i];
		size_t count = st < REPORT_NSTATES ? s->by_state[st] : 0;

		cells[0].text = report_state_label(st);
		cells[0].color = pdf_state_color(st);
		/* The states that need someone to act now stand out. */
		cells[0].bold = count > 0 && (st == COMP_LAPSED ||
		    st == COMP_GRACE || st == COMP_AT_RISK);
		(void)cet_fmt(n, sizeof(n), "%zu", count);
		cells[1].text = n;
		pdf_table_row(p, cells);
	}
	pdf_table_end(p);

	memset(cells, 0, sizeof(cells));
	pdf_table_begin(p, cols2, ARRAY_SIZE(cols2));
#define SUMROW(label, fmt, v) do {					\
		cells[0].text = (label);				\
		(void)cet_fmt(n, sizeof(n), fmt, v);			\
		cells[1].text = n;					\
		pdf_table_row(p, cells);				\
	} while (0)
	SUMROW("Valid-through within 30 days", "%zu", s->expiring_30);
	SUMROW("Valid-through within 60 days", "%zu", s->expiring_60);
	SUMROW("Valid-through within 90 days", "%zu", s->expiring_90);
	SUMROW("Lapsed", "%zu", s->lapsed);
	SUMROW("In grace (late renewal period)", "%zu", s->grace);
	SUMROW("People with an hours shortfall", "%zu", s->people_short);
	cells[0].text = "Hours missing in total";
	cells[1].text = pdf_hours(s->hours_missing, n, sizeof(n));
	pdf_table_row(p, cells);
	pdf_table_end(p);

	memset(cells, 0, sizeof(cells));
	pdf_table_begin(p, cols3, ARRAY_SIZE(cols3));
	SUMROW("Licenses", "%zu", s->licenses);
	SUMROW("Certifications", "%zu", s->credentials - s->licenses);
	SUMROW("Not verified", "%zu", s->unverified);
	SUMROW("Verification stale", "%zu", s->stale);
	SUMROW("People needing action", "%zu", s->people_action);
	SUMROW("Credentials needing action", "%zu", s->creds_action);
#undef SUMROW
	pdf_table_end(p);
}

static void
pdf_warnings(struct pdf *p)
{
	const struct report	*r = p->rep;
	size_t			 i;

	if (r->nwarnings == 0)
		return;
	pdf_heading(p, "Notes", PF_H2, 20);
	for (i = 0; i < r->nwarnings; i++)
		pdf_para(p, r->warnings[i], PF_SMALL, PC_MUTED, 2);
}

/* The people in urgency order, one line each. */
static void
pdf_people(struct pdf *p)
{
	static const struct pdf_col cols[] = {
		{ "Person", 0.34, 0 },
		{ "Most urgent", 0.16, 0 },
		{ "Deadline", 0.16, 0 },
		{ "Credentials", 0.14, 1 },
		{ "Hours missing", 0.20, 1 }
	};
	const struct report	*r = p->rep;
	struct pdf_cell		 cells[5];
	char			 days[48], nc[16], miss[32];
	size_t			 i;

	if (r->npeople < 2)
		return;
	pdf_heading(p, "People, most urgent first", PF_H2, 40);
	pdf_table_begin(p, cols, ARRAY_SIZE(cols));
	memset(cells, 0, sizeof(cells));
	for (i = 0; i < r->npeople; i++) {
		const struct report_person *pe = &r->people[i];

		cells[0].text = pe->name;
		cells[1].text = pe->ncreds > 0 ?
		    report_state_label(pe->state) : "";
		cells[1].color = pdf_state_color(pe->state);
		cells[2].text = pe->ncreds > 0 ?
		    pdf_days(pe->days_left, days, sizeof(days)) : "";
		(void)cet_fmt(nc, sizeof(nc), "%zu", pe->ncreds);
		cells[3].text = nc;
		cells[4].text = pe->missing > 0 ?
		    pdf_hours(pe->missing, miss, sizeof(miss)) : "";
		pdf_table_row(p, cells);
	}
	pdf_table_end(p);
}

/* Every credential that needs action, in report order: what an
 * organization's report opens with. */
static void
pdf_exceptions(struct pdf *p)
{
	static const struct pdf_col cols[] = {
		{ "Person", 0.22, 0 },
		{ "Credential", 0.18, 0 },
		{ "Number", 0.14, 0 },
		{ "Valid through", 0.11, 0 },
		{ "Needs action", 0.17, 0 },
		{ "Verified", 0.18, 0 }
	};
	const struct report	*r = p->rep;
	struct pdf_cell		 cells[6];
	char			 buf[256], lbl[64], cred[160], d[DATE_BUFSZ];
	char			 why[160], v[SOURCE_MAX_LEN + 256];
	size_t			 i, j;

	pdf_heading(p, "Exceptions", PF_H1, 80);
	if (r->summary.creds_action == 0) {
		pdf_para(p, "None: every credential is in order.", PF_BODY,
		    PC_GOOD, 6);
		return;
	}
	(void)cet_fmt(buf, sizeof(buf), "%zu of %zu people, %zu of %zu "
	    "credentials need action.", r->summary.people_action,
	    r->summary.people, r->summary.creds_action,
	    r->summary.credentials);
	pdf_para(p, buf, PF_BODY, PC_TEXT, 6);
	pdf_table_begin(p, cols, ARRAY_SIZE(cols));
	memset(cells, 0, sizeof(cells));
	for (i = 0; i < r->npeople; i++) {
		const struct report_person *pe = &r->people[i];

		for (j = 0; j < pe->ncreds; j++) {
			const struct report_cred *c = &pe->creds[j];

			if (c->action == 0)
				continue;
			(void)cet_fmt(cred, sizeof(cred), "%s\n%s",
			    report_cred_label(c, lbl, sizeof(lbl)), c->kind);
			cells[0].text = pe->name;
			cells[1].text = cred;
			cells[2].text = c->number;
			cells[3].text = date_format(c->valid_through, d);
			cells[4].text = report_action_text(c, why, sizeof(why));
			cells[4].color = c->action & (REPORT_ACT_LAPSED |
			    REPORT_ACT_GRACE | REPORT_ACT_AT_RISK |
			    REPORT_ACT_BEHIND) ? pdf_state_color(c->state) :
			    PC_BAD;
			cells[4].bold = 1;
			cells[5].text = report_verify_text(c, v, sizeof(v));
			pdf_table_row(p, cells);
		}
	}
	pdf_table_end(p);
}

/* Which of a person's credentials a table shows. */
enum pdf_pick {
	PDF_ALL,
	PDF_OPEN,	/* not complete, retired or inactive: owes something */
	PDF_REST	/* the others */
};

static void	pdf_cred_group(struct pdf *, const struct report_person *,
		    size_t, size_t, const char *, enum pdf_pick);

static int
pdf_is_open(const struct report_cred *c)
{
	return c->state != COMP_COMPLETE && c->state != COMP_RETIRED &&
	    c->state != COMP_INACTIVE;
}

static int
pdf_picked(const struct report_cred *c, enum pdf_pick pick)
{
	return pick == PDF_ALL || (pick == PDF_OPEN) == pdf_is_open(c);
}

/*
 * A person's credentials of one pick: licenses, then certifications, each
 * under its own heading ("Licenses", or with `which` "Open licenses").
 */
static void
pdf_creds(struct pdf *p, const struct report_person *pe, const char *which,
    enum pdf_pick pick)
{
	char	heading[64];
	size_t	i, j, k, n;
	int	lic;

	for (i = 0; i < pe->ncreds; i = j) {
		for (j = i + 1; j < pe->ncreds &&
		    report_is_license(&pe->creds[j]) ==
		    report_is_license(&pe->creds[i]); j++)
			;
		for (k = i, n = 0; k < j; k++)
			n += pdf_picked(&pe->creds[k], pick);
		if (n == 0)
			continue;
		lic = report_is_license(&pe->creds[i]);
		if (which == NULL)
			(void)cet_fmt(heading, sizeof(heading), "%s", lic ?
			    "Licenses" : "Certifications");
		else
			(void)cet_fmt(heading, sizeof(heading), "%s %s", which,
			    lic ? "licenses" : "certifications");
		pdf_cred_group(p, pe, i, j, heading, pick);
	}
}

static void
pdf_cred_group(struct pdf *p, const struct report_person *pe, size_t from,
    size_t to, const char *heading, enum pdf_pick pick)
{
	static const struct pdf_col cols[] = {
		{ "Credential", 0.20, 0 },
		{ "Number", 0.12, 0 },
		{ "Cycle (valid through)", 0.14, 0 },
		{ "State", 0.09, 0 },
		{ "Deadline", 0.11, 0 },
		{ "Hours done / due", 0.11, 1 },
		{ "Shortfall at pace", 0.10, 1 },
		{ "Renewal window", 0.13, 0 }
	};
	struct pdf_cell	 cells[8];
	char		 label[128], cred[512], cyc[64], days[48], hrs[64];
	char		 sf[32], win[128], d1[DATE_BUFSZ], d2[DATE_BUFSZ];
	char		 h1[HOURS_BUFSZ], h2[HOURS_BUFSZ];
	char		 v[SOURCE_MAX_LEN + 256];
	size_t		 i;

	pdf_heading(p, heading, PF_H2, 40);
	pdf_table_begin(p, cols, ARRAY_SIZE(cols));
	memset(cells, 0, sizeof(cells));
	for (i = from; i < to; i++) {
		const struct report_cred *c = &pe->creds[i];
		int n;

		if (!pdf_picked(c, pick))
			continue;
		report_cred_label(c, label, sizeof(label));
		(void)cet_fmt(cred, sizeof(cred), "%s\n%s", label,
		    c->program_name);
		(void)cet_fmt(cyc, sizeof(cyc), "%s to\n%s%s",
		    report_format_date(c->cycle_start, d1),
		    report_format_date(c->valid_through, d2),
		    c->renewal_assumed ? "\nrenewal not given" : "");
		(void)cet_fmt(hrs, sizeof(hrs), "%s / %s h",
		    hours_format(c->counted, h1, sizeof(h1)),
		    hours_format(c->required, h2, sizeof(h2)));
		if (c->window_opens != COMP_NO_DATE)
			n = snprintf(win, sizeof(win), "opens %s",
			    report_format_date(c->window_opens, d1));
		else
			n = snprintf(win, sizeof(win), "by %s",
			    report_format_date(c->window_closes, d1));
		if (n > 0 && (size_t)n < sizeof(win) &&
		    c->late_until > c->valid_through)
			(void)snprintf(win + n, sizeof(win) - (size_t)n,
			    "; late until %s",
			    report_format_date(c->late_until, d2));
		cells[0].text = cred;
		cells[0].bold = 0;
		cells[1].text = c->number;
		cells[2].text = cyc;
		cells[3].text = report_state_label(c->state);
		cells[3].color = pdf_state_color(c->state);
		cells[3].bold = c->state == COMP_LAPSED ||
		    c->state == COMP_GRACE || c->state == COMP_AT_RISK;
		cells[4].text = pdf_days(c->days_left, days, sizeof(days));
		cells[5].text = hrs;
		cells[6].text = c->shortfall > 0 ?
		    pdf_hours(c->shortfall, sf, sizeof(sf)) : "none";
		cells[7].text = win;
		pdf_table_row(p, cells);
	}
	pdf_table_end(p);
	/* The primary-source verification, a line each: a URL does not
	 * fit a column. */
	for (i = from; i < to; i++) {
		const struct report_cred *c = &pe->creds[i];
		char line[SOURCE_MAX_LEN + 512];

		if (!pdf_picked(c, pick))
			continue;
		if (c->verify == REPORT_VERIFY_NOT_NEEDED &&
		    c->verified_on == COMP_NO_DATE)
			continue;
		(void)report_verify_text(c, v, sizeof(v));
		(void)cet_fmt(line, sizeof(line), "%s %s: %s%s%s",
		    report_cred_label(c, label, sizeof(label)), c->number,
		    c->verified_on != COMP_NO_DATE ? "verified " : "", v,
		    c->verify == REPORT_VERIFY_STALE ? " (stale)" : "");
		pdf_para(p, line, c->action & (REPORT_ACT_UNVERIFIED |
		    REPORT_ACT_STALE) ? PF_BOLD : PF_SMALL,
		    c->action & (REPORT_ACT_UNVERIFIED | REPORT_ACT_STALE) ?
		    PC_BAD : PC_TEXT, 2);
	}
}

static void
pdf_reqs(struct pdf *p, const struct report_person *pe, const char *heading,
    enum pdf_pick pick)
{
	static const struct pdf_col cols[] = {
		{ "Credential", 0.14, 0 },
		{ "Requirement", 0.38, 0 },
		{ "Required", 0.12, 1 },
		{ "Counted", 0.12, 1 },
		{ "Remaining", 0.12, 1 },
		{ "Status", 0.12, 0 }
	};
	struct pdf_cell	 cells[6];
	char		 label[128], req[512], rl[256], h1[32], h2[32], h3[32];
	char		 note[512], line[640];
	size_t		 i, j;

	pdf_heading(p, heading, PF_H2, 40);
	pdf_table_begin(p, cols, ARRAY_SIZE(cols));
	memset(cells, 0, sizeof(cells));
	for (i = 0; i < pe->ncreds; i++) {
		const struct report_cred *c = &pe->creds[i];

		if (!pdf_picked(c, pick))
			continue;
		report_cred_label(c, label, sizeof(label));
		for (j = 0; j < c->nreqs; j++) {
			const struct report_req *q = &c->reqs[j];

			(void)report_req_label(q, rl, sizeof(rl));
			(void)cet_fmt(req, sizeof(req), "%s%s%s", rl,
			    q->once && strstr(q->label, "one-time") == NULL &&
			    strstr(q->label, "once") == NULL ? " (once)" : "",
			    q->outside ? " (owed outside the total)" : "");
			cells[0].text = j == 0 ? label : "";
			cells[0].bold = j == 0;
			cells[1].text = req;
			cells[1].bold = j == 0;
			if (q->course_only) {
				cells[2].text = "one course";
				cells[3].text = q->met ? "logged" : "";
				cells[4].text = q->met ? "" : "one course";
			} else {
				cells[2].text = pdf_hours(q->required, h1,
				    sizeof(h1));
				cells[3].text = pdf_hours(q->counted, h2,
				    sizeof(h2));
				cells[4].text = pdf_hours(q->remaining, h3,
				    sizeof(h3));
			}
			if (j == 0 && c->exempt)
				cells[5].text = "exempt";
			else
				cells[5].text = q->met ? "met" : "open";
			cells[5].color = q->met ? PC_GOOD : PC_TEXT;
			pdf_table_row(p, cells);
		}
	}
	pdf_table_end(p);
	for (i = 0; i < pe->ncreds; i++)
		if (pdf_picked(&pe->creds[i], pick) &&
		    report_unknown_note(&pe->creds[i], note, sizeof(note))) {
			(void)cet_fmt(line, sizeof(line), "%s: %s.",
			    report_cred_label(&pe->creds[i], label,
			    sizeof(label)), note);
			pdf_para(p, line, PF_SMALL, PC_WARN, 3);
		}
}

/* Start a new line of a multi-line cell (GString: no length limit). */
static void
pdf_nl(GString *g)
{
	if (g->len > 0)
		g_string_append_c(g, '\n');
}

/* The multi-line cells of a transcript row. */
struct pdf_actbuf {
	GString		*appr, *topics, *counted;
};

static void
pdf_actbuf_init(struct pdf_actbuf *b)
{
	b->appr = g_string_new(NULL);
	b->topics = g_string_new(NULL);
	b->counted = g_string_new(NULL);
}

static void
pdf_actbuf_free(struct pdf_actbuf *b)
{
	g_string_free(b->appr, TRUE);
	g_string_free(b->topics, TRUE);
	g_string_free(b->counted, TRUE);
}

/* The transcript's heading, then its table header or "no activities". */
static void
pdf_transcript_begin(struct pdf *p, const struct report_person *pe)
{
	static const struct pdf_col cols[] = {
		{ "Date", 0.11, 0 },
		{ "Title", 0.24, 0 },
		{ "Provider", 0.13, 0 },
		{ "Approval", 0.14, 0 },
		{ "Hours", 0.08, 1 },
		{ "Topics", 0.10, 0 },
		{ "Counted", 0.13, 0 },
		{ "Cert.", 0.07, 0 }
	};

	pdf_heading(p, "CE transcript, current cycles", PF_H2, 40);
	if (pe->nacts == 0) {
		pdf_para(p, "No continuing-education activities in the "
		    "current cycles.", PF_BODY, PC_MUTED, 6);
		return;
	}
	pdf_table_begin(p, cols, ARRAY_SIZE(cols));
}

/* Rows from..to-1 of the open transcript table. */
static void
pdf_transcript_rows(struct pdf *p, const struct report_person *pe,
    size_t from, size_t to, struct pdf_actbuf *b)
{
	struct pdf_cell	 cells[8];
	GString		*appr = b->appr, *topics = b->topics;
	GString		*counted = b->counted;
	char		 d[DATE_BUFSZ], amt[32], a2[32], label[128];
	char		 h[HOURS_BUFSZ];
	const char	*why;
	size_t		 i, j;

	memset(cells, 0, sizeof(cells));
	for (i = from; i < to && i < pe->nacts; i++) {
		const struct report_activity *a = &pe->acts[i];

		g_string_truncate(appr, 0);
		g_string_truncate(topics, 0);
		g_string_truncate(counted, 0);
		for (j = 0; j < a->napprovals; j++) {
			pdf_nl(appr);
			g_string_append_printf(appr, "%s%s%s",
			    a->approvals[j].body,
			    a->approvals[j].number[0] ? " " : "",
			    a->approvals[j].number);
		}
		for (j = 0; j < a->ntopics; j++) {
			struct hours_amount ta;

			pdf_nl(topics);
			g_string_append(topics, a->topics[j].topic);
			if (a->topics[j].centi < 0)
				continue;
			ta.unit = a->amount.unit;
			ta.centi = a->topics[j].centi;
			g_string_append_printf(topics, " %s",
			    report_format_amount(&ta, a2, sizeof(a2)));
		}
		/* What counted, and for what; a credential that does not
		 * accept the activity at all is left out unless none does. */
		why = NULL;
		for (j = 0; j < a->ncredits; j++) {
			const struct report_credit *cr = &a->credits[j];

			if (cr->cred >= pe->ncreds)
				continue;
			if (cr->counted == 0) {
				if (why == NULL && cr->why[0] != '\0')
					why = cr->why;
				continue;
			}
			report_cred_label(&pe->creds[cr->cred], label,
			    sizeof(label));
			pdf_nl(counted);
			/* A no-break space keeps "30 h" on one line. */
			g_string_append_printf(counted, "%s %s\xc2\xa0h", label,
			    hours_format(cr->counted, h, sizeof(h)));
			if (cr->why[0] != '\0')
				g_string_append_printf(counted, " (%s)",
				    cr->why);
		}
		if (counted->len == 0 && why != NULL)
			g_string_append_printf(counted, "none (%s)", why);
		cells[0].text = date_format(a->date, d);
		cells[1].text = a->title;
		cells[2].text = a->provider;
		cells[3].text = appr->str;
		cells[4].text = report_format_amount(&a->amount, amt,
		    sizeof(amt));
		cells[5].text = topics->str;
		cells[6].text = counted->str;
		cells[7].text = a->certificate ? "on file" : "none";
		cells[7].color = a->certificate ? PC_TEXT : PC_MUTED;
		pdf_table_row(p, cells);
	}
}

static void
pdf_transcript(struct pdf *p, const struct report_person *pe)
{
	struct pdf_actbuf	b;

	pdf_transcript_begin(p, pe);
	if (pe->nacts == 0)
		return;
	pdf_actbuf_init(&b);
	pdf_transcript_rows(p, pe, 0, pe->nacts, &b);
	pdf_table_end(p);
	pdf_actbuf_free(&b);
}

/* Signature and date lines, kept together on one page. */
static void
pdf_attestation(struct pdf *p, const struct report_person *pe)
{
	char	buf[256];
	double	w = p->x1 - p->x0, y;

	if (p->used)
		p->y += 12;
	pdf_need(p, 150);
	pdf_heading(p, "Attestation", PF_H2, 120);
	pdf_para(p, REPORT_ATTESTATION, PF_BODY, PC_TEXT, 6);
	(void)cet_fmt(buf, sizeof(buf), "Name: %s", pe->name);
	pdf_para(p, buf, PF_BODY, PC_TEXT, 36);
	y = p->y;
	if (p->draw) {
		cairo_set_source_rgb(p->cr, 0, 0, 0);
		cairo_set_line_width(p->cr, 0.6);
		cairo_move_to(p->cr, p->x0, y);
		cairo_line_to(p->cr, p->x0 + w * 0.58, y);
		cairo_move_to(p->cr, p->x0 + w * 0.68, y);
		cairo_line_to(p->cr, p->x1, y);
		cairo_stroke(p->cr);
	}
	pdf_put_line(p, "Signature", PF_SMALL, p->x0, y + 3, w * 0.5, 0,
	    PC_MUTED);
	pdf_put_line(p, "Date", PF_SMALL, p->x0 + w * 0.68, y + 3, w * 0.3, 0,
	    PC_MUTED);
	p->y = y + 20;
}

/* "ID EMP-1001 · dana@example.org · Mercy Example Hospital" */
static void
pdf_person_meta(struct pdf *p, const struct report_person *pe)
{
	GString	*meta = g_string_new(NULL);

	if (pe->external_id[0] != '\0')
		g_string_append_printf(meta, "ID %s", pe->external_id);
	if (pe->email[0] != '\0')
		g_string_append_printf(meta, "%s%s", meta->len ?
		    " \xc2\xb7 " : "", pe->email);
	if (pe->org[0] != '\0')
		g_string_append_printf(meta, "%s%s", meta->len ?
		    " \xc2\xb7 " : "", pe->org);
	if (meta->len > 0)
		pdf_para(p, meta->str, PF_BODY, PC_MUTED, 2);
	g_string_free(meta, TRUE);
}

/* "Most urgent: Behind, deadline in 456 days; 52.5 h missing." */
static void
pdf_most_urgent(struct pdf *p, const struct report_person *pe)
{
	char	buf[512], h[32], days[48];

	(void)cet_fmt(buf, sizeof(buf), "Most urgent: %s, deadline "
	    "%s%s%s%s.", report_state_label(pe->state),
	    pdf_days(pe->days_left, days, sizeof(days)),
	    pe->missing > 0 ? "; " : "",
	    pe->missing > 0 ? pdf_hours(pe->missing, h, sizeof(h)) :
	    "", pe->missing > 0 ? " missing" : "");
	pdf_para(p, buf, PF_BOLD, pdf_state_color(pe->state), 4);
}

static void
pdf_person(struct pdf *p, const struct report_person *pe)
{
	pdf_para(p, pe->name, PF_H1, PC_TEXT, 2);
	pdf_person_meta(p, pe);
	if (pe->ncreds == 0) {
		pdf_para(p, "No credentials.", PF_BODY, PC_MUTED, 6);
	} else {
		pdf_most_urgent(p, pe);
		pdf_creds(p, pe, NULL, PDF_ALL);
		pdf_reqs(p, pe, "Hours by requirement", PDF_ALL);
	}
	if (p->rep->transcript)
		pdf_transcript(p, pe);
	if (p->rep->attestation)
		pdf_attestation(p, pe);
}

/* -- a one-person report ------------------------------------------------ */

/*
 * A one-person report is what its holder hands to an employer or a board:
 * it starts with who it is about and what is still open, not with an
 * organization's counts by state (mostly zeros for one person), and it
 * ends with the attestation on the same page as the end of the transcript
 * it vouches for.
 */

typedef void pdf_block(struct pdf *, const void *);

/*
 * Would drawing blk(arg) from here go onto another page? With fresh, from
 * the top of the next page instead. Laid out only (nothing is drawn), and
 * every position is restored after, so both passes ask the same question
 * at the same place and get the same answer.
 */
static int
pdf_crosses(struct pdf *p, pdf_block *blk, const void *arg, int fresh)
{
	struct pdf	saved = *p;
	int		page, crossed;

	p->draw = 0;
	if (fresh)
		pdf_break(p);
	page = p->page;
	blk(p, arg);
	crossed = p->page != page;
	*p = saved;
	return crossed;
}

/* Keep blk(arg) on one page: break now if it does not fit on this page
 * but fits on the next. */
static void
pdf_keep(struct pdf *p, pdf_block *blk, const void *arg)
{
	if (p->used && pdf_crosses(p, blk, arg, 0) &&
	    !pdf_crosses(p, blk, arg, 1))
		pdf_break(p);
}

#define PDF_KEEP_ROWS	3	/* transcript rows kept with the attestation */

/* The end of a one-person report: what comes before the attestation on its
 * page, then the attestation. */
struct pdf_end {
	const struct report_person *pe;
	struct pdf_actbuf	*b;
	size_t			 from;	/* the transcript from this row */
	int			 begin;	/* 1: from the transcript's heading */
	const char		*reqs;	/* no transcript: this hours table */
	enum pdf_pick		 pick;	/* of these credentials instead */
};

static void
pdf_end(struct pdf *p, const void *arg)
{
	const struct pdf_end	*e = arg;

	if (e->reqs != NULL)
		pdf_reqs(p, e->pe, e->reqs, e->pick);
	else if (p->rep->transcript) {
		if (e->begin)
			pdf_transcript_begin(p, e->pe);
		if (e->pe->nacts > 0) {
			pdf_transcript_rows(p, e->pe, e->from, e->pe->nacts,
			    e->b);
			pdf_table_end(p);
		}
	}
	if (p->rep->attestation)
		pdf_attestation(p, e->pe);
}

/* The person, the report's date and the rules checked. */
static void
pdf_person_cover(struct pdf *p, const struct report_person *pe)
{
	const struct report	*r = p->rep;
	GString			*g = g_string_new(NULL);
	char			 d[DATE_BUFSZ], t[32];
	size_t			 i;

	pdf_para(p, pe->name, PF_TITLE, PC_TEXT, 2);
	pdf_person_meta(p, pe);
	g_string_append_printf(g, "Compliance report as of %s. Generated %s "
	    "by cetrack %s.", date_format(r->as_of, d),
	    report_format_time(r->generated_at, t, sizeof(t)), r->version);
	for (i = 0; i < r->npacks; i++)
		g_string_append_printf(g, "%s %s %s (%s)", i == 0 ?
		    " Rules checked:" : ",", r->packs[i].code,
		    r->packs[i].version, r->packs[i].origin);
	if (r->npacks > 0)
		g_string_append_c(g, '.');
	pdf_para(p, g->str, PF_SMALL, PC_MUTED, 8);
	g_string_free(g, TRUE);
}

static void
pdf_person_report(struct pdf *p, const struct report_person *pe)
{
	struct pdf_actbuf	 b;
	struct pdf_end		 e;
	size_t			 i, nopen = 0;

	for (i = 0; i < pe->ncreds; i++)
		nopen += pdf_is_open(&pe->creds[i]);
	pdf_person_cover(p, pe);
	if (pe->ncreds == 0)
		pdf_para(p, "No credentials.", PF_BODY, PC_MUTED, 6);
	else {
		pdf_most_urgent(p, pe);
		if (nopen == 0)
			pdf_para(p, "Nothing open: no credential is short of "
			    "hours.", PF_BODY, PC_GOOD, 4);
	}
	pdf_warnings(p);

	memset(&e, 0, sizeof(e));
	e.pe = pe;
	e.b = &b;
	/* Open credentials first, each group with its hours table. */
	if (nopen > 0) {
		pdf_creds(p, pe, "Open", PDF_OPEN);
		e.reqs = "Hours by requirement, open credentials";
		e.pick = PDF_OPEN;
	}
	if (nopen < pe->ncreds) {
		if (e.reqs != NULL)
			pdf_reqs(p, pe, e.reqs, e.pick);
		pdf_creds(p, pe, nopen > 0 ? "Other" : NULL, PDF_REST);
		e.reqs = nopen > 0 ? "Hours by requirement, other "
		    "credentials" : "Hours by requirement";
		e.pick = PDF_REST;
	}
	/* Without a transcript, the last hours table ends the report. */
	if (p->rep->transcript && e.reqs != NULL) {
		pdf_reqs(p, pe, e.reqs, e.pick);
		e.reqs = NULL;
	}

	/*
	 * The attestation stays with the transcript's last rows (or the
	 * whole transcript when it is short, or the last hours table when
	 * there is no transcript): they go to the next page together when
	 * they do not fit on this one.
	 */
	pdf_actbuf_init(&b);
	if (p->rep->transcript && pe->nacts > PDF_KEEP_ROWS) {
		pdf_transcript_begin(p, pe);
		e.from = pe->nacts - PDF_KEEP_ROWS;
		pdf_transcript_rows(p, pe, 0, e.from, &b);
	} else
		e.begin = 1;
	pdf_keep(p, pdf_end, &e);
	pdf_end(p, &e);
	pdf_actbuf_free(&b);
}

/* The whole document; the same calls in both passes. */
static void
pdf_run(struct pdf *p)
{
	const struct report	*r = p->rep;
	char			 link[64];
	size_t			 i;

	p->page = 0;
	p->cols = NULL;
	p->ncols = 0;
	pdf_page_open(p);
	if (r->scope == REPORT_PERSON && r->npeople == 1) {
		if (p->draw)
			cairo_pdf_surface_add_outline(p->surf,
			    CAIRO_PDF_OUTLINE_ROOT, r->people[0].name,
			    "page=1", 0);
		pdf_person_report(p, &r->people[0]);
		pdf_page_close(p);
		return;
	}
	if (p->draw)
		cairo_pdf_surface_add_outline(p->surf, CAIRO_PDF_OUTLINE_ROOT,
		    "Summary", "page=1", 0);
	pdf_cover(p);
	/* An organization's report opens with what needs action. */
	if (r->scope != REPORT_PERSON || r->exceptions)
		pdf_exceptions(p);
	pdf_summary(p);
	pdf_packs(p);
	pdf_warnings(p);
	pdf_people(p);
	for (i = 0; i < r->npeople; i++) {
		if (p->used)
			pdf_break(p);
		if (p->draw && cet_fmt(link, sizeof(link), "page=%d",
		    p->page) == 0)
			cairo_pdf_surface_add_outline(p->surf,
			    CAIRO_PDF_OUTLINE_ROOT, r->people[i].name, link, 0);
		pdf_person(p, &r->people[i]);
	}
	pdf_page_close(p);
}

/* -- set-up ------------------------------------------------------------ */

static void
pdf_fonts(struct pdf *p)
{
	static const struct {
		double		size;
		PangoWeight	weight;
	} spec[PF_COUNT] = {
		[PF_BODY] = { 10.0, PANGO_WEIGHT_NORMAL },
		[PF_BOLD] = { 10.0, PANGO_WEIGHT_BOLD },
		[PF_SMALL] = { 7.5, PANGO_WEIGHT_NORMAL },
		[PF_SMALL_BOLD] = { 7.5, PANGO_WEIGHT_BOLD },
		[PF_CELL] = { 8.5, PANGO_WEIGHT_NORMAL },
		[PF_CELL_BOLD] = { 8.5, PANGO_WEIGHT_BOLD },
		[PF_H2] = { 12.0, PANGO_WEIGHT_BOLD },
		[PF_H1] = { 16.0, PANGO_WEIGHT_BOLD },
		[PF_TITLE] = { 24.0, PANGO_WEIGHT_BOLD }
	};
	size_t	i;

	for (i = 0; i < PF_COUNT; i++) {
		p->fonts[i] = pango_font_description_new();
		pango_font_description_set_family(p->fonts[i], PDF_FONT);
		pango_font_description_set_weight(p->fonts[i],
		    spec[i].weight);
		pango_font_description_set_size(p->fonts[i],
		    (int)(spec[i].size * PANGO_SCALE));
	}
}

static void
pdf_close(struct pdf *p)
{
	if (p->ctx != NULL)
		g_object_unref(p->ctx);
	if (p->cr != NULL)
		cairo_destroy(p->cr);
	if (p->surf != NULL)
		cairo_surface_destroy(p->surf);
	p->ctx = NULL;
	p->cr = NULL;
	p->surf = NULL;
}

/* Open a surface (writing to p->out, or discarding when !p->draw) with
 * its drawing context and pango context. */
static int
pdf_open(struct pdf *p, char *err, size_t errlen)
{
	cairo_status_t	st;

	p->surf = cairo_pdf_surface_create_for_stream(p->draw ? pdf_write :
	    pdf_discard, p, p->pw, p->ph);
	if ((st = cairo_surface_status(p->surf)) != CAIRO_STATUS_SUCCESS) {
		cet_fmt(err, errlen, "PDF: %s", cairo_status_to_string(st));
		return -1;
	}
	p->cr = cairo_create(p->surf);
	if ((st = cairo_status(p->cr)) != CAIRO_STATUS_SUCCESS) {
		cet_fmt(err, errlen, "PDF: %s", cairo_status_to_string(st));
		return -1;
	}
	/*
	 * A font map of our own rather than pango's per-thread default, so
	 * that everything it caches (fontconfig patterns, faces) is released
	 * with it when the report is done.
	 */
	if (p->fontmap == NULL)
		p->fontmap = pango_cairo_font_map_new();
	p->ctx = pango_font_map_create_context(p->fontmap);
	pango_cairo_update_context(p->cr, p->ctx);
	/* Surface units are points: 72 per inch, not pango's 96. */
	pango_cairo_context_set_resolution(p->ctx, 72.0);
	return 0;
}

/* PDF metadata from the report, so that the same report gives the same
 * file: the creation date is the report's generation time. */
static void
pdf_metadata(struct pdf *p)
{
	const struct report	*r = p->rep;
	struct tm		 tm;
	char			 buf[256];

	if (cet_fmt(buf, sizeof(buf), "Compliance report%s%s",
	    r->organization[0] ? ": " : "", r->organization) == 0)
		cairo_pdf_surface_set_metadata(p->surf,
		    CAIRO_PDF_METADATA_TITLE, buf);
	if (cet_fmt(buf, sizeof(buf), "cetrack %s", r->version) == 0)
		cairo_pdf_surface_set_metadata(p->surf,
		    CAIRO_PDF_METADATA_CREATOR, buf);
	if (gmtime_r(&r->generated_at, &tm) != NULL &&
	    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm) > 0) {
		cairo_pdf_surface_set_metadata(p->surf,
		    CAIRO_PDF_METADATA_CREATE_DATE, buf);
		cairo_pdf_surface_set_metadata(p->surf,
		    CAIRO_PDF_METADATA_MOD_DATE, buf);
	}
}

int
report_render_pdf(const struct report *r, FILE *out, enum report_paper paper,
    char *err, size_t errlen)
{
	struct pdf	p;
	cairo_status_t	st;
	size_t		i;
	int		rc = -1;

	memset(&p, 0, sizeof(p));
	p.rep = r;
	p.out = out;
	if (paper == REPORT_LETTER) {
		p.pw = PDF_LETTER_W;
		p.ph = PDF_LETTER_H;
	} else {
		p.pw = PDF_A4_W;
		p.ph = PDF_A4_H;
	}
	p.x0 = PDF_MARGIN_X;
	p.x1 = p.pw - PDF_MARGIN_X;
	p.top = PDF_TOP;
	p.bottom = p.ph - PDF_BOTTOM;
	pdf_fonts(&p);

	/* Pass 1: lay out, count pages. */
	p.draw = 0;
	if (pdf_open(&p, err, errlen) == -1)
		goto out;
	pdf_run(&p);
	p.npages = p.page;
	pdf_close(&p);

	/* Pass 2: draw. */
	p.draw = 1;
	if (pdf_open(&p, err, errlen) == -1)
		goto out;
	pdf_metadata(&p);
	pdf_run(&p);
	cairo_surface_finish(p.surf);
	if ((st = cairo_status(p.cr)) == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(p.surf);
	if (st != CAIRO_STATUS_SUCCESS) {
		if (st == CAIRO_STATUS_WRITE_ERROR && p.werrno != 0)
			cet_fmt(err, errlen, "PDF: write error: %s",
			    strerror(p.werrno));
		else
			cet_fmt(err, errlen, "PDF: %s",
			    cairo_status_to_string(st));
		goto out;
	}
	if (p.page != p.npages) {
		cet_fmt(err, errlen, "PDF: layout gave %d pages, then %d",
		    p.npages, p.page);
		goto out;
	}
	if (fflush(out) == EOF || ferror(out)) {
		cet_fmt(err, errlen, "PDF: write error: %s", strerror(errno));
		goto out;
	}
	rc = 0;
out:
	pdf_close(&p);
	if (p.fontmap != NULL)
		g_object_unref(p.fontmap);
	for (i = 0; i < PF_COUNT; i++) {
		if (p.fonts[i] != NULL)
			pango_font_description_free(p.fonts[i]);
	}
	return rc;
}
