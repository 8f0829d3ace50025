/* SPDX-License-Identifier: ISC */
/*
 * cetrack status: where every credential stands on a date, as text for a
 * person or as the JSON contract of DESIGN.md §7 for scripts. People are
 * read with one set-based scan (store_scan_*), so the cost is one pass over
 * the tables whether it is one person or a whole employer.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "rules/compliance.h"
#include "base/date.h"
#include "store/store.h"
#include "store/store_notify.h"
#include "base/util.h"

static const char status_usage[] =
    "usage: cetrack status [--person P] [--as-of DATE] [--json]\n"
    "\n"
    "Show where each credential stands: hours counted per requirement,\n"
    "state, days left, renewal window and pace.\n"
    "\n"
    "  -p, --person P   only this person (id, external id or exact name)\n"
    "  -a, --as-of DATE evaluate on DATE (YYYY-MM-DD, today, yesterday)\n"
    "  -j, --json       print the JSON contract described in cetrack(1)\n"
    "  -h, --help       show this help\n";

/* One evaluated credential, kept for sorting. */
struct row {
	struct credential	 cred;
	struct cycle		 cycle;
	const struct program	*prog;
	struct comp_result	 res;
};

static int
cmp_row(const void *x, const void *y)
{
	const struct row *a = x, *b = y;
	int ua = comp_state_urgency(a->res.state);
	int ub = comp_state_urgency(b->res.state);

	if (ua != ub)
		return ua < ub ? -1 : 1;
	if (a->res.days_left != b->res.days_left)
		return a->res.days_left < b->res.days_left ? -1 : 1;
	return a->cred.id < b->cred.id ? -1 : a->cred.id > b->cred.id;
}

static json_t *
json_date(int d)
{
	char buf[DATE_BUFSZ];

	if (d == COMP_NO_DATE)
		return json_null();
	return json_string(date_format(d, buf));
}

/*
 * What the evaluation did not know and counted as owed, each with the
 * command that settles it: [{what, attribute?, settle}].
 */
static json_t *
status_unknown_json(int64_t id, const struct comp_result *s)
{
	char		 settle[160], a[ATTR_MAX_LEN], what[96];
	const char	*p, *end;
	json_t		*u = json_array();

	if (s->renewal_assumed) {
		(void)cet_fmt(settle, sizeof(settle), "cetrack cred set %lld "
		    "--renewal-index N", (long long)id);
		json_array_append_new(u, json_pack("{s:s, s:s}", "what",
		    "which renewal this cycle ends in", "settle", settle));
	}
	for (p = s->unknown_attrs; *p != '\0'; p = *end != '\0' ? end + 1 :
	    end) {
		end = p + strcspn(p, ",");
		(void)cet_fmt(a, sizeof(a), "%.*s", (int)(end - p), p);
		(void)cet_fmt(what, sizeof(what), "whether the credential has "
		    "the attribute %s", a);
		(void)cet_fmt(settle, sizeof(settle), "cetrack cred set %lld "
		    "--attr %s (or --attr %s%s)", (long long)id, a, ATTR_NEG, a);
		json_array_append_new(u, json_pack("{s:s, s:s, s:s}", "what",
		    what, "attribute", a, "settle", settle));
	}
	return u;
}

static json_t *
row_json(const struct person *pe, const struct row *r)
{
	const struct comp_result *s = &r->res;
	json_t *o, *reqs, *q;
	long shortfall;
	size_t i;

	reqs = json_array();
	for (i = 0; i < s->nreqs; i++) {
		const struct comp_req *cq = &s->reqs[i];

		q = json_pack("{s:s, s:s, s:o, s:o, s:o, s:b, s:b, s:b, s:b}",
		    "id", cq->id, "label", cq->label,
		    "required", cli_json_hours(cq->required),
		    "counted", cli_json_hours(cq->counted),
		    "remaining", cli_json_hours(cq->remaining),
		    "met", cq->met, "once", cq->once,
		    "course_only", cq->course_only,
		    "assumed", cq->assumed);
		if (q != NULL && cq->due != COMP_NO_DATE)
			json_object_set_new(q, "due", json_date(
			    cq->due));
		json_array_append_new(reqs, q);
	}
	shortfall = s->required - s->projected;
	if (shortfall < 0)
		shortfall = 0;
	o = json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:i,"
	    " s:{s:o, s:o, s:i}, s:o, s:o, s:o,"
	    " s:{s:o, s:o, s:o, s:o, s:o},"
	    " s:{s:o, s:o, s:o}, s:b, s:o}",
	    "id", (json_int_t)r->cred.id,
	    "person", pe->name,
	    "person_id", (json_int_t)pe->id,
	    "program", r->cred.program,
	    "program_name", r->prog->name,
	    "number", r->cred.number,
	    "jurisdiction", r->cred.state,
	    "state", comp_state_name(s->state),
	    "days_left", s->days_left,
	    "cycle",
	    "start", json_date(r->cycle.start),
	    "valid_through", json_date(r->cycle.valid_through),
	    "renewal_index", r->cycle.renewal_index,
	    "window_opens", json_date(s->window_opens),
	    "window_closes", json_date(s->window_closes),
	    "late_until", json_date(s->late_until),
	    "hours",
	    "required", cli_json_hours(s->required),
	    "counted", cli_json_hours(s->counted),
	    "remaining", cli_json_hours(s->remaining),
	    "carry_in", cli_json_hours(s->carry_in),
	    "counts_from", json_date(s->count_from),
	    "pace",
	    "expected_by_now", cli_json_hours(s->expected_now),
	    "projected", cli_json_hours(s->projected),
	    "projected_shortfall", cli_json_hours(shortfall),
	    "exempt", s->exempt,
	    "requirements", reqs);
	/* Unknown means owed, and what would settle it. */
	json_object_set_new(json_object_get(o, "cycle"), "renewal_assumed",
	    json_boolean(r->cycle.renewal_assumed));
	json_object_set_new(o, "unknown", status_unknown_json(r->cred.id, s));
	return o;
}

static const char *
state_sgr(enum comp_state s)
{
	switch (s) {
	case COMP_COMPLETE:
		return "32";		/* green */
	case COMP_ON_TRACK:
		return "0";
	case COMP_BEHIND:
		return "33";		/* yellow */
	case COMP_AT_RISK:
	case COMP_GRACE:
		return "1;33";
	case COMP_LAPSED:
		return "1;31";		/* bold red */
	default:
		return "2";
	}
}

/*
 * A requirement's label in its column of STATUS_LABEL_COLS code points,
 * then the rest of its line (what, and how it stands): a label too long for
 * the column is wrapped at spaces onto the lines below, never cut inside a
 * word.
 */
#define STATUS_LABEL_COLS	28

static void
status_req_line(const char *label, const char *what, const char *how)
{
	const char	*next;
	size_t		 n, cols;

	n = cet_wrap_line(label, STATUS_LABEL_COLS, &cols, &next);
	printf("      %.*s%*s %14s  %s\n", (int)n, label,
	    (int)(cols < STATUS_LABEL_COLS ? STATUS_LABEL_COLS - cols : 0), "",
	    what, how);
	/* Continued lines two columns in, so they read as one label. */
	while (*next != '\0') {
		label = next;
		n = cet_wrap_line(label, STATUS_LABEL_COLS - 2, &cols, &next);
		printf("        %.*s\n", (int)n, label);
	}
}

static void
row_text(struct cli *c, const struct row *r)
{
	const struct comp_result *s = &r->res;
	char d1[DATE_BUFSZ], d2[DATE_BUFSZ], h1[HOURS_BUFSZ], h2[HOURS_BUFSZ];
	char h3[HOURS_BUFSZ], st[32], num[256];
	size_t i;

	cet_fmt(st, sizeof(st), "%-9s", comp_state_name(s->state));
	printf("  %-8s %-14s %s ", r->cred.program, cet_text_show(
	    r->cred.number, num, sizeof(num)), cli_paint(c, state_sgr(s->state),
	    st));
	if (s->days_left >= 0)
		printf("%d day%s left, valid through %s\n", s->days_left,
		    s->days_left == 1 ? "" : "s",
		    date_format(r->cycle.valid_through, d1));
	else
		printf("expired %s (%d day%s ago)\n",
		    date_format(r->cycle.valid_through, d1), -s->days_left,
		    s->days_left == -1 ? "" : "s");
	for (i = 0; i < s->nreqs; i++) {
		const struct comp_req *q = &s->reqs[i];
		char frac[64], togo[64];

		if (q->course_only) {
			status_req_line(q->label, "course",
			    q->met ? "met" : "not yet logged");
			continue;
		}
		cet_fmt(frac, sizeof(frac), "%s / %s h",
		    hours_format(q->counted, h1, sizeof(h1)),
		    hours_format(q->required, h2, sizeof(h2)));
		if (q->met)
			cet_fmt(togo, sizeof(togo), "met");
		else if (q->due != COMP_NO_DATE)
			cet_fmt(togo, sizeof(togo), "%s h to go, due %s",
			    hours_format(q->remaining, h3, sizeof(h3)),
			    date_format(q->due, d2));
		else
			cet_fmt(togo, sizeof(togo), "%s h to go",
			    hours_format(q->remaining, h3, sizeof(h3)));
		status_req_line(q->label, frac, togo);
	}
	if (s->exempt)
		printf("      exempt from the general hours this cycle\n");
	if (s->renewal_assumed)
		printf("      counted as owed: which renewal this is was not "
		    "given;\n      'cetrack cred set %lld --renewal-index N' "
		    "settles it (1: the first after licensure)\n",
		    (long long)r->cred.id);
	if (s->unknown_attrs[0] != '\0') {
		char		 note[512];
		const char	*p, *next;
		size_t		 n, cols;

		if (strchr(s->unknown_attrs, ',') != NULL)
			(void)cet_fmt(note, sizeof(note), "counted as owed: "
			    "attributes not given (%s); 'cetrack cred set %lld "
			    "--attr A' (or --attr no-A) settles each",
			    s->unknown_attrs, (long long)r->cred.id);
		else
			(void)cet_fmt(note, sizeof(note), "counted as owed: "
			    "attribute %s not given; 'cetrack cred set %lld "
			    "--attr %s' (or no-%s) settles it",
			    s->unknown_attrs, (long long)r->cred.id,
			    s->unknown_attrs, s->unknown_attrs);
		for (p = note; *p != '\0'; p = next) {
			n = cet_wrap_line(p, 80 - 6, &cols, &next);
			printf("      %.*s\n", (int)n, p);
		}
	}
	if (s->carry_in > 0)
		printf("      includes %s h carried over\n",
		    hours_format(s->carry_in, h1, sizeof(h1)));
	if (s->window_opens != COMP_NO_DATE)
		printf("      renewal window %s to %s", date_format(
		    s->window_opens, d1), date_format(s->window_closes, d2));
	else
		printf("      renew by %s", date_format(s->window_closes, d2));
	if (s->late_until > r->cycle.valid_through)
		printf("; late until %s", date_format(s->late_until, d1));
	printf("\n");
	if (s->state != COMP_COMPLETE && s->state < COMP_GRACE &&
	    s->projected < s->required)
		printf("      at this pace: %s h by %s, %s h short\n",
		    hours_format(s->projected, h1, sizeof(h1)),
		    date_format(r->cycle.valid_through, d1),
		    hours_format(s->required - s->projected, h2, sizeof(h2)));
}

int
cmd_status(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "person", required_argument, NULL, 'p' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *person_ref = NULL, *as_of_arg = NULL;
	struct store_scan *scan = NULL;
	struct store_person_data pd;
	struct person one;
	struct row *rows = NULL;
	json_t *root = NULL, *list = NULL;
	char err[512], d[DATE_BUFSZ];
	int ch, json = 0, as_of = c->today, rc = EXIT_FAIL, n;
	size_t i, nrows = 0, cap = 0, shown = 0;
	char shown_name[1024];

	optind = 1;
	while ((ch = getopt_long(argc, argv, "p:a:jh", opts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			person_ref = optarg;
			break;
		case 'a':
			as_of_arg = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			fputs(status_usage, stdout);
			return EXIT_OK;
		default:
			fputs(status_usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'",
		    argv[optind]);
	if (as_of_arg != NULL && cli_date_arg(c, "--as-of", as_of_arg,
	    &as_of) == -1)
		return EXIT_USAGE;

	if (cli_open_db(c) == -1)
		return EXIT_FAIL;
	memset(&one, 0, sizeof(one));
	if (person_ref != NULL && cli_person(c, person_ref, &one) == -1)
		return EXIT_FAIL;
	/* Reminders depend on the service: say so when it is not running. */
	{
		char msg[256];

		if (store_notify_heartbeat_warning(&c->db, time(NULL), msg,
		    sizeof(msg), err, sizeof(err)) == 1)
			cli_warn(c, "%s", msg);
	}
	if (store_scan_open(&c->db, one.id, STORE_SCAN_LEAN, &scan, err,
	    sizeof(err)) == -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		goto out;
	}
	if (json) {
		root = json_object();
		list = json_array();
		json_object_set_new(root, "as_of",
		    json_string(date_format(as_of, d)));
		json_object_set_new(root, "credentials", list);
	}
	while ((n = store_scan_next(scan, &pd, err, sizeof(err))) == 1) {
		nrows = 0;
		for (i = 0; i < pd.ncreds; i++) {
			struct comp_input in;
			struct row *r;

			if (pd.cycles[i].id == 0)
				continue;
			if (nrows == cap) {
				cap = cap ? cap * 2 : 8;
				rows = xreallocarray(rows, cap, sizeof(*rows));
			}
			r = &rows[nrows];
			memset(r, 0, sizeof(*r));
			r->cred = pd.creds[i];
			r->cycle = pd.cycles[i];
			r->prog = programs_find(&c->progs, r->cred.program);
			if (r->prog == NULL) {
				cli_warn(c, "credential %lld: program '%s' is "
				    "not loaded; skipped",
				    (long long)r->cred.id, r->cred.program);
				continue;
			}
			compliance_input_init(&in, &c->cfg, as_of);
			in.prog = r->prog;
			in.cred = &r->cred;
			in.cycle = &r->cycle;
			in.acts = pd.acts;
			in.nacts = pd.nacts;
			if (compliance_evaluate(&in, &r->res, err,
			    sizeof(err)) == -1) {
				cli_error(c, EXIT_FAIL, "credential %lld: %s",
				    (long long)r->cred.id, err);
				goto out;
			}
			nrows++;
		}
		if (nrows > 1)
			qsort(rows, nrows, sizeof(*rows), cmp_row);
		if (!json && (nrows > 0 || person_ref != NULL)) {
			/* An older database may hold what drives a terminal. */
			printf("%s%s (id %lld)\n", shown ? "\n" : "",
			    cli_paint(c, "1", cet_text_show(pd.person.name,
			    shown_name, sizeof(shown_name))),
			    (long long)pd.person.id);
			if (nrows == 0)
				printf("  no credentials; add one with "
				    "'cetrack cred add'\n");
			shown++;
		}
		for (i = 0; i < nrows; i++) {
			if (json)
				json_array_append_new(list,
				    row_json(&pd.person, &rows[i]));
			else
				row_text(c, &rows[i]);
			comp_release(&rows[i].res);
		}
		nrows = 0;
	}
	if (n == -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		goto out;
	}
	if (json) {
		if (cli_json_print(root) == -1)
			goto out_noroot;
		root = NULL;
	} else if (shown == 0)
		printf("no credentials yet; see 'cetrack cred add --help'\n");
	rc = EXIT_OK;
	goto out;
out_noroot:
	root = NULL;
out:
	for (i = 0; i < nrows; i++)
		comp_release(&rows[i].res);
	free(rows);
	json_decref(root);
	store_scan_close(scan);
	return rc;
}
