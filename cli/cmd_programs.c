/* SPDX-License-Identifier: ISC */
/*
 * `cetrack programs list|show`: the credential programs the loaded rule
 * packs define. `show` prints everything a pack says, so that a user can
 * check cetrack's reading of a board's rules against the board's own text
 * (and the sources it cites).
 */

#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "base/date.h"
#include "rules/programs.h"
#include "base/util.h"

static int	programs_list_cmd(struct cli *, int, char **);
static int	programs_show_cmd(struct cli *, int, char **);
static void	programs_cycle_text(int, char *, size_t);
static void	programs_list_text(const struct prog_list *, char *, size_t);
static void	programs_print_req(const struct requirement *);
static void	programs_print_sources(const char *);
static void	programs_print_unchecked(const struct program *);
static json_t	*programs_json_list(const struct prog_list *);
static json_t	*programs_json_csv(const char *);
static json_t	*programs_json(const struct program *);
static json_t	*programs_json_req(const struct requirement *);
static json_t	*programs_json_cap(const struct cap *);
static json_t	*programs_json_unit(long);

static const char programs_usage[] =
    "usage: cetrack programs list [--json]\n"
    "       cetrack programs show CODE [--json]\n";

static const char programs_list_usage[] =
    "usage: cetrack programs list [--json]\n"
    "\n"
    "List the credential programs of the loaded rule packs: code, name,\n"
    "cycle and hours per cycle.\n";

static const char programs_show_usage[] =
    "usage: cetrack programs show CODE [--json]\n"
    "\n"
    "Show everything a program's rule pack says: cycle, deadline rule,\n"
    "renewal window, late period, unit conversions, approvers, every\n"
    "requirement with its conditions, caps, sources (one a line), version\n"
    "and origin, then what the pack says cetrack does not check.\n";

static const struct cli_sub programs_subs[] = {
	{ "list",	"programs list",	programs_list_cmd, 0 },
	{ "show",	"programs show",	programs_show_cmd, 0 }
};

static const char *const programs_months[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

int
cmd_programs(struct cli *c, int argc, char **argv)
{
	return cli_dispatch(c, programs_subs, ARRAY_SIZE(programs_subs),
	    programs_usage, argc, argv);
}

/* "5 years", "18 months". */
static void
programs_cycle_text(int months, char *buf, size_t len)
{
	if (months % 12 == 0)
		(void)cet_fmt(buf, len, "%d year%s", months / 12,
		    months == 12 ? "" : "s");
	else
		(void)cet_fmt(buf, len, "%d months", months);
}

static void
programs_list_text(const struct prog_list *l, char *buf, size_t len)
{
	size_t	i, used = 0;
	int	n;

	buf[0] = '\0';
	for (i = 0; i < l->n; i++) {
		n = snprintf(buf + used, len - used, "%s%s", i > 0 ? ", " : "",
		    l->v[i]);
		if (n < 0 || (size_t)n >= len - used)
			return;
		used += (size_t)n;
	}
}

static int
programs_list_cmd(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json",	no_argument,	NULL,	'j' },
		{ "help",	no_argument,	NULL,	'h' },
		{ NULL,		0,		NULL,	0 }
	};
	const struct program	*p;
	struct errlist		 errs;
	json_t			*arr = NULL, *o;
	char			 cyc[32], h[HOURS_BUFSZ];
	size_t			 i, wname = 4, len;
	int			 ch, json = 0;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(programs_list_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind != argc)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'; see "
		    "'cetrack programs list --help'", argv[optind]);

	/* The built-in packs are parsed when first used: all of them here. */
	memset(&errs, 0, sizeof(errs));
	(void)programs_parse_all(&c->progs, &errs);
	for (i = 0; i < errs.n; i++)
		cli_warn(c, "%s", errs.v[i]);
	errlist_free(&errs);
	if (json) {
		if ((arr = json_array()) == NULL)
			return cli_error(c, EXIT_FAIL, "out of memory");
		for (i = 0; i < c->progs.n; i++) {
			p = &c->progs.v[i];
			o = json_pack("{s:s, s:o, s:o, s:o, s:o, s:i, s:o, "
			    "s:o}",
			    "code", p->code,
			    "name", cli_json_str(p->name),
			    "issuer", cli_json_str(p->issuer),
			    "kind", cli_json_str(p->kind),
			    "jurisdiction", cli_json_str(p->jurisdiction),
			    "cycle_months", p->cycle_months,
			    "total_hours", cli_json_hours(p->total_hours),
			    "origin", cli_json_str(p->origin));
			if (json_array_append_new(arr, o) == -1) {
				json_decref(arr);
				return cli_error(c, EXIT_FAIL, "out of memory");
			}
		}
		return cli_json_print(json_pack("{s:o}", "programs", arr)) ==
		    0 ? EXIT_OK : EXIT_FAIL;
	}
	if (c->progs.n == 0) {
		printf("no programs loaded; see 'cetrack check'\n");
		return EXIT_OK;
	}
	for (i = 0; i < c->progs.n; i++) {
		if ((len = cet_utf8_len(c->progs.v[i].name)) > wname)
			wname = len;
	}
	printf("%-10s  ", "CODE");
	cli_pad("NAME", wname);
	printf("  %-9s  %s\n", "CYCLE", "HOURS");
	for (i = 0; i < c->progs.n; i++) {
		p = &c->progs.v[i];
		programs_cycle_text(p->cycle_months, cyc, sizeof(cyc));
		printf("%-10s  ", p->code);
		cli_pad(p->name, wname);
		printf("  %-9s  %s\n", cyc, hours_format(p->total_hours, h,
		    sizeof(h)));
	}
	return EXIT_OK;
}

static void
programs_print_req(const struct requirement *r)
{
	char	buf[PROG_LIST_MAX * ATTR_MAX_LEN], h[HOURS_BUFSZ];
	char	a[DATE_BUFSZ];

	printf("  %s: %s\n", r->id, r->label);
	if (r->share > 0)
		printf("    hours:            %d%% of the total\n", r->share);
	else
		printf("    hours:            %s\n", hours_format(r->hours, h,
		    sizeof(h)));
	printf("    counts:           %s\n",
	    r->counts == REQ_COUNTS_WITHIN ? "within the total" :
	    r->counts == REQ_COUNTS_EXTRA ? "in addition to the total" :
	    "owed, but not toward the total");
	if (r->topics.n > 0) {
		programs_list_text(&r->topics, buf, sizeof(buf));
		printf("    topics:           %s\n", buf);
	}
	if (r->approvers.n > 0) {
		programs_list_text(&r->approvers, buf, sizeof(buf));
		printf("    approvers:        %s\n", buf);
	}
	if (r->formats.n > 0) {
		programs_list_text(&r->formats, buf, sizeof(buf));
		printf("    formats:          %s\n", buf);
	}
	if (r->every > 0)
		printf("    when:             every %d renewals\n", r->every);
	if (r->renewal > 0)
		printf("    when:             only at renewal %d\n", r->renewal);
	if (r->once == REQ_ONCE_EVER)
		printf("    once:             one time in a lifetime; a course "
		    "at any earlier date meets it\n");
	else if (r->once == REQ_ONCE_IN_CYCLE)
		printf("    once:             one time in a lifetime, counted "
		    "in the renewal where it is\n"
		    "                      first owed; later renewals accept "
		    "that course\n");
	if (r->due_within_years > 0)
		printf("    due:              within %d years of the first "
		    "renewal on or after its\n"
		    "                      effective date, or of initial "
		    "licensure if later\n", r->due_within_years);
	if (r->lookback_years > 0)
		printf("    lookback:         in the %d years before "
		    "valid-through\n", r->lookback_years);
	if (r->first_renewal)
		printf("    first renewal:    owed even when the first renewal "
		    "is exempt\n");
	if (r->keep_when_exempt)
		printf("    exemption:        owed even under the program's "
		    "exemption\n");
	if (r->attr[0] != '\0')
		printf("    only with:        attribute %s\n", r->attr);
	if (r->unless_attr[0] != '\0')
		printf("    not with:         attribute %s\n", r->unless_attr);
	if (r->effective_from != PROG_NO_DATE)
		printf("    effective from:   %s\n",
		    date_format(r->effective_from, a));
	if (r->effective_to != PROG_NO_DATE)
		printf("    effective to:     %s\n",
		    date_format(r->effective_to, a));
	if (r->effective_from != PROG_NO_DATE ||
	    r->effective_to != PROG_NO_DATE)
		printf("    effective by:     the cycle's %s\n",
		    r->effective_by == REQ_EFFECTIVE_BY_START ? "start" :
		    "valid-through date");
	if (r->note[0] != '\0')
		printf("    note:             %s\n", r->note);
}

static int
programs_show_cmd(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json",	no_argument,	NULL,	'j' },
		{ "help",	no_argument,	NULL,	'h' },
		{ NULL,		0,		NULL,	0 }
	};
	const struct program	*p;
	char			 buf[PROG_LIST_MAX * ATTR_MAX_LEN];
	char			 cyc[32], h[HOURS_BUFSZ];
	size_t			 i, used;
	int			 ch, json = 0, m, n;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(programs_show_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind == argc)
		return cli_error(c, EXIT_USAGE, "CODE: missing, expected a "
		    "program code; see 'cetrack programs list'");
	if (argc - optind > 1)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'",
		    argv[optind + 1]);
	if (cli_text_arg(c, "CODE", argv[optind], CODE_MAX_LEN, 0) == -1)
		return EXIT_USAGE;
	if ((p = programs_find(&c->progs, argv[optind])) == NULL)
		return cli_error(c, EXIT_FAIL, "unknown program '%s'; see "
		    "'cetrack programs list'", argv[optind]);
	if (json)
		return cli_json_print(programs_json(p)) == 0 ? EXIT_OK :
		    EXIT_FAIL;

	programs_cycle_text(p->cycle_months, cyc, sizeof(cyc));
	printf("%s: %s\n", p->code, p->name);
	printf("  issuer:           %s\n", p->issuer[0] ? p->issuer : "-");
	printf("  kind:             %s\n", p->kind[0] ? p->kind : "-");
	printf("  jurisdiction:     %s\n",
	    p->jurisdiction[0] ? p->jurisdiction : "-");
	printf("  cycle:            %s\n", cyc);
	used = 0;
	buf[0] = '\0';
	for (i = 0; i < p->ndeadline_md; i++) {
		m = p->deadline_md[i] / 100;
		if (m < 1 || m > 12)
			continue;
		n = snprintf(buf + used, sizeof(buf) - used, "%s%s %d",
		    used > 0 ? ", " : "", programs_months[m - 1],
		    p->deadline_md[i] % 100);
		if (n < 0 || (size_t)n >= sizeof(buf) - used)
			break;
		used += (size_t)n;
	}
	if (p->deadline == PROG_DEADLINE_FIXED)
		printf("  deadline:         fixed: %s%s\n", buf,
		    p->deadline_years == PROG_YEARS_ODD ? " of odd years" :
		    p->deadline_years == PROG_YEARS_EVEN ? " of even years" :
		    "");
	else if (used > 0)
		printf("  deadline:         anniversary: valid-through + %s, "
		    "always on %s\n", cyc, buf);
	else
		printf("  deadline:         anniversary: valid-through + %s\n",
		    cyc);
	printf("  total:            %s h per cycle\n",
	    hours_format(p->total_hours, h, sizeof(h)));
	printf("  hour:             %d minutes\n", p->conv.hour_minutes);
	printf("  CEU:              ");
	if (p->conv.ceu_centi > 0)
		printf("%s h\n", hours_format(p->conv.ceu_centi, h, sizeof(h)));
	else
		printf("not accepted\n");
	printf("  semester credit:  ");
	if (p->conv.semester_centi > 0)
		printf("%s h\n", hours_format(p->conv.semester_centi, h,
		    sizeof(h)));
	else
		printf("not accepted\n");
	printf("  quarter credit:   ");
	if (p->conv.quarter_centi > 0)
		printf("%s h\n", hours_format(p->conv.quarter_centi, h,
		    sizeof(h)));
	else
		printf("not accepted\n");
	programs_list_text(&p->approvers, buf, sizeof(buf));
	printf("  approvers:        %s\n", p->approvers_any ?
	    "any (approved or not)" : buf[0] ? buf : "-");
	if (p->window_months > 0)
		printf("  renewal window:   opens on the 1st, %d month%s "
		    "before valid-through\n", p->window_months,
		    p->window_months == 1 ? "" : "s");
	else if (p->window_days > 0)
		printf("  renewal window:   opens %d days before "
		    "valid-through\n", p->window_days);
	else
		printf("  renewal window:   none\n");
	if (p->late_days > 0)
		printf("  late period:      %d days\n", p->late_days);
	else
		printf("  late period:      none\n");
	if (p->count_months > 0)
		printf("  counting:         the last %d months before "
		    "valid-through\n", p->count_months);
	else
		printf("  counting:         the whole cycle\n");
	if (p->carryover_max > 0)
		printf("  carry-over:       up to %s h\n",
		    hours_format(p->carryover_max, h, sizeof(h)));
	else
		printf("  carry-over:       none\n");
	if (p->first_renewal_exempt && p->first_renewal_attr[0] != '\0')
		printf("  first renewal:    exempt only with attribute %s\n",
		    p->first_renewal_attr);
	else
		printf("  first renewal:    %s\n", p->first_renewal_exempt ?
		    "exempt" : "not exempt");
	if (p->exempt_attr[0] != '\0')
		printf("  exempt with:      attribute %s\n", p->exempt_attr);
	if (p->at_risk_days > 0)
		printf("  at risk:          %d days before valid-through\n",
		    p->at_risk_days);
	if (p->fees[0] != '\0')
		printf("  fees:             %s\n", p->fees);
	printf("  version:          %s\n", p->version[0] ? p->version : "-");
	printf("  origin:           %s\n", p->origin);
	programs_print_sources(p->source);
	if (p->note[0] != '\0')
		printf("  note:             %s\n", p->note);
	printf("requirements:\n");
	if (p->nreqs == 0)
		printf("  (none besides the total)\n");
	for (i = 0; i < p->nreqs; i++)
		programs_print_req(&p->reqs[i]);
	if (p->ncaps > 0)
		printf("caps:\n");
	for (i = 0; i < p->ncaps; i++) {
		printf("  %s: %s: at most %s h", p->caps[i].id,
		    p->caps[i].label, hours_format(p->caps[i].max_hours, h,
		    sizeof(h)));
		if (p->caps[i].topics.n > 0) {
			programs_list_text(&p->caps[i].topics, buf, sizeof(buf));
			printf("; topics %s", buf);
		}
		if (p->caps[i].formats.n > 0) {
			programs_list_text(&p->caps[i].formats, buf,
			    sizeof(buf));
			printf("; formats %s", buf);
		}
		if (p->caps[i].approvers.n > 0) {
			programs_list_text(&p->caps[i].approvers, buf,
			    sizeof(buf));
			printf("; approvers %s", buf);
		}
		putchar('\n');
	}
	programs_print_unchecked(p);
	return EXIT_OK;
}

/* The pack's sources ("a, b", as stored), one URL a line. */
static void
programs_print_sources(const char *s)
{
	const char	*p, *end, *a, *b;
	int		 n = 0;

	for (p = s; *p != '\0'; p = *end != '\0' ? end + 1 : end) {
		end = p + strcspn(p, ",");
		for (a = p; a < end && *a == ' '; a++)
			;
		for (b = end; b > a && b[-1] == ' '; b--)
			;
		if (a == b)
			continue;
		printf("  %-18s%.*s\n", n++ == 0 ? "sources:" : "",
		    (int)(b - a), a);
	}
}

/*
 * What the pack says cetrack does not check (its unchecked keys): the
 * program's own note, then each requirement's, one a line.
 */
static void
programs_print_unchecked(const struct program *p)
{
	size_t	i;
	int	any = p->unchecked[0] != '\0';

	for (i = 0; i < p->nreqs; i++)
		if (p->reqs[i].unchecked[0] != '\0')
			any = 1;
	if (!any)
		return;
	printf("not checked:\n");
	if (p->unchecked[0] != '\0')
		printf("  %s\n", p->unchecked);
	for (i = 0; i < p->nreqs; i++)
		if (p->reqs[i].unchecked[0] != '\0')
			printf("  %s: %s\n", p->reqs[i].id,
			    p->reqs[i].unchecked);
}

static json_t *
programs_json_list(const struct prog_list *l)
{
	json_t	*arr;
	size_t	 i;

	if ((arr = json_array()) == NULL)
		return NULL;
	for (i = 0; i < l->n; i++) {
		if (json_array_append_new(arr, cli_json_str(l->v[i])) == -1) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

/* "a, b" (the pack's comma-separated sources) as an array. */
static json_t *
programs_json_csv(const char *s)
{
	json_t		*arr;
	const char	*p, *end, *a, *b;

	if ((arr = json_array()) == NULL)
		return NULL;
	for (p = s; *p != '\0'; p = *end != '\0' ? end + 1 : end) {
		end = p + strcspn(p, ",");
		for (a = p; a < end && *a == ' '; a++)
			;
		for (b = end; b > a && b[-1] == ' '; b--)
			;
		if (a == b)
			continue;
		if (json_array_append_new(arr, json_stringn(a,
		    (size_t)(b - a))) == -1) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

/* Hours per unit, or null when the unit is not accepted. */
static json_t *
programs_json_unit(long centi)
{
	return centi > 0 ? cli_json_hours(centi) : json_null();
}

static json_t *
programs_json_req(const struct requirement *r)
{
	return json_pack("{s:s, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o, "
	    "s:b, s:o, s:o, s:o, s:b, s:b, s:o, s:o, s:o, s:o, s:s, s:o, "
	    "s:o}",
	    "id", r->id,
	    "label", cli_json_str(r->label),
	    "hours", r->share > 0 ? json_null() : cli_json_hours(r->hours),
	    "share", r->share > 0 ? json_integer(r->share) : json_null(),
	    "counts", r->counts == REQ_COUNTS_WITHIN ? "within" :
	    r->counts == REQ_COUNTS_EXTRA ? "extra" : "outside",
	    "topics", programs_json_list(&r->topics),
	    "approvers", programs_json_list(&r->approvers),
	    "formats", programs_json_list(&r->formats),
	    "every", r->every > 0 ? json_integer(r->every) : json_null(),
	    "renewal", r->renewal > 0 ? json_integer(r->renewal) :
	    json_null(),
	    "once", r->once != REQ_ONCE_NO,
	    "once_counted", r->once == REQ_ONCE_IN_CYCLE ? json_string(
	    "in-cycle") : r->once == REQ_ONCE_EVER ? json_string("ever") :
	    json_null(),
	    "due_within_years", r->due_within_years > 0 ?
	    json_integer(r->due_within_years) : json_null(),
	    "lookback_years", r->lookback_years > 0 ?
	    json_integer(r->lookback_years) : json_null(),
	    "first_renewal", r->first_renewal,
	    "keep_when_exempt", r->keep_when_exempt,
	    "attr", cli_json_str(r->attr),
	    "unless_attr", cli_json_str(r->unless_attr),
	    "effective_from", cli_json_date(r->effective_from),
	    "effective_to", cli_json_date(r->effective_to),
	    "effective_by", r->effective_by == REQ_EFFECTIVE_BY_START ?
	    "start" : "end",
	    "note", cli_json_str(r->note),
	    "unchecked", cli_json_str(r->unchecked));
}

static json_t *
programs_json_cap(const struct cap *k)
{
	return json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}",
	    "id", k->id,
	    "label", cli_json_str(k->label),
	    "max_hours", cli_json_hours(k->max_hours),
	    "topics", programs_json_list(&k->topics),
	    "formats", programs_json_list(&k->formats),
	    "approvers", programs_json_list(&k->approvers));
}

static json_t *
programs_json(const struct program *p)
{
	json_t	*dates = NULL, *reqs = NULL, *caps = NULL, *deadline, *conv;
	json_t	*window;
	char	 md[8];
	size_t	 i;

	if ((dates = json_array()) == NULL || (reqs = json_array()) == NULL ||
	    (caps = json_array()) == NULL)
		goto fail;
	for (i = 0; i < p->ndeadline_md; i++) {
		(void)cet_fmt(md, sizeof(md), "%02d-%02d",
		    p->deadline_md[i] / 100, p->deadline_md[i] % 100);
		if (json_array_append_new(dates, json_string(md)) == -1)
			goto fail;
	}
	for (i = 0; i < p->nreqs; i++) {
		if (json_array_append_new(reqs,
		    programs_json_req(&p->reqs[i])) == -1)
			goto fail;
	}
	for (i = 0; i < p->ncaps; i++) {
		if (json_array_append_new(caps,
		    programs_json_cap(&p->caps[i])) == -1)
			goto fail;
	}
	deadline = json_pack("{s:s, s:o, s:s}",
	    "rule", p->deadline == PROG_DEADLINE_FIXED ? "fixed" :
	    "anniversary",
	    "dates", dates,
	    "years", p->deadline_years == PROG_YEARS_ODD ? "odd" :
	    p->deadline_years == PROG_YEARS_EVEN ? "even" : "any");
	dates = NULL;
	conv = json_pack("{s:i, s:o, s:o, s:o}",
	    "hour_minutes", p->conv.hour_minutes,
	    "ceu_hours", programs_json_unit(p->conv.ceu_centi),
	    "semester_hours", programs_json_unit(p->conv.semester_centi),
	    "quarter_hours", programs_json_unit(p->conv.quarter_centi));
	window = json_pack("{s:o, s:o}",
	    "months", p->window_months > 0 ? json_integer(p->window_months) :
	    json_null(),
	    "days", p->window_days > 0 ? json_integer(p->window_days) :
	    json_null());
	return json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
	    "s:i, s:o, s:o, s:o, s:o, s:b, s:o, s:i, s:i, s:o, s:b, s:o, "
	    "s:o, s:o, s:o, s:o, s:o}",
	    "code", p->code,
	    "name", cli_json_str(p->name),
	    "issuer", cli_json_str(p->issuer),
	    "kind", cli_json_str(p->kind),
	    "jurisdiction", cli_json_str(p->jurisdiction),
	    "version", cli_json_str(p->version),
	    "sources", programs_json_csv(p->source),
	    "fees", cli_json_str(p->fees),
	    "note", cli_json_str(p->note),
	    "origin", cli_json_str(p->origin),
	    "cycle_months", p->cycle_months,
	    "deadline", deadline,
	    "total_hours", cli_json_hours(p->total_hours),
	    "conversions", conv,
	    "approvers", programs_json_list(&p->approvers),
	    "approvers_any", p->approvers_any,
	    "window", window,
	    "late_days", p->late_days,
	    "count_months", p->count_months,
	    "carryover_max", cli_json_hours(p->carryover_max),
	    "first_renewal_exempt", p->first_renewal_exempt,
	    "first_renewal_attr", cli_json_str(p->first_renewal_attr),
	    "exempt_attr", cli_json_str(p->exempt_attr),
	    "at_risk_days", p->at_risk_days > 0 ?
	    json_integer(p->at_risk_days) : json_null(),
	    "requirements", reqs,
	    "caps", caps,
	    "unchecked", cli_json_str(p->unchecked));
fail:
	json_decref(dates);
	json_decref(reqs);
	json_decref(caps);
	return NULL;
}
