/* SPDX-License-Identifier: ISC */
/*
 * cetrack report: the compliance report for one person, one organization
 * or everyone, in text, Markdown, CSV, JSON, HTML or PDF. The model is
 * built once (lib/report.c) and handed to the renderer of the format.
 * With -o the report is written to a temporary file in the same directory
 * and renamed over FILE only when complete, so a reader never sees half a
 * report and a failed run leaves an older report as it was.
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "base/date.h"
#include "report/report.h"
#include "store/store.h"
#include "store/store_org.h"
#include "base/util.h"

enum report_format {
	FMT_TEXT,
	FMT_MD,
	FMT_CSV,
	FMT_JSON,
	FMT_HTML,
	FMT_PDF,
	FMT_CSV_REQS		/* --format csv --csv-shape requirements */
};

static const char *const report_formats[] = {
	[FMT_TEXT] = "text",
	[FMT_MD] = "md",
	[FMT_CSV] = "csv",
	[FMT_JSON] = "json",
	[FMT_HTML] = "html",
	[FMT_PDF] = "pdf"
};

static const char report_usage[] =
    "usage: cetrack report [--person P | --org ORG | --all] [--as-of DATE]\n"
    "                      [--format text|md|csv|json|html|pdf]\n"
    "                      [--paper a4|letter] [-o FILE]\n"
    "                      [--transcript | --no-transcript] [--exceptions]\n"
    "                      [--csv-shape credentials|requirements]\n"
    "\n"
    "The compliance report: a summary by state, the exceptions (every\n"
    "credential that needs action: lapsed, in grace, at risk, behind, not\n"
    "verified or verified too long ago), then every person in order of\n"
    "urgency with their licenses and certifications, each credential's\n"
    "hours per requirement, the projected shortfall and its latest\n"
    "primary-source verification. A one-person report adds the CE\n"
    "transcript of the current cycles and ends with an attestation block\n"
    "to sign.\n"
    "\n"
    "  -p, --person P     one person (id, external id or exact name)\n"
    "  -O, --org ORG      the people of one organization (id or name)\n"
    "  -A, --all          everyone (the default)\n"
    "  -a, --as-of DATE   evaluate on DATE (YYYY-MM-DD, today, yesterday)\n"
    "  -f, --format F     text (default), md, csv, json, html or pdf\n"
    "      --paper SIZE   a4 (default) or letter; for --format pdf\n"
    "      --transcript   every person's CE transcript too (the default\n"
    "                     for --person only)\n"
    "      --no-transcript  no transcript, also for --person\n"
    "  -x, --exceptions   only the people and credentials that need action\n"
    "                     (the summary still counts everyone selected)\n"
    "      --csv-shape S  credentials (default): one row per credential;\n"
    "                     requirements: one row per requirement and per\n"
    "                     transcript entry, as before 0.2\n"
    "  -o, --output FILE  write FILE (atomically) instead of stdout (-)\n"
    "  -h, --help         show this help\n"
    "\n"
    "PDF is not written to a terminal: use -o FILE or redirect stdout.\n";

static int	report_generated_at(struct cli *, const char *, const char *,
		    time_t *);
static int	report_render(const struct report *, enum report_format,
		    enum report_paper, FILE *, char *, size_t);
static int	report_write_file(struct cli *, const struct report *,
		    enum report_format, enum report_paper, const char *);

/*
 * The generation time printed in the header: now, or for reproducible
 * output (golden tests, archived reports) --generated-at or
 * $CETRACK_REPORT_GENERATED_AT as "YYYY-MM-DDTHH:MM:SSZ" (UTC), else
 * $SOURCE_DATE_EPOCH in seconds.
 */
static int
report_generated_at(struct cli *c, const char *field, const char *s,
    time_t *out)
{
	char		 day[DATE_BUFSZ];
	long long	 hh, mm, ss;
	char		 b[3];
	int		 days;

	if (strlen(s) != 20 || s[10] != 'T' || s[13] != ':' ||
	    s[16] != ':' || s[19] != 'Z')
		goto bad;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (date_parse_iso(day, &days) == -1)
		goto bad;
	b[2] = '\0';
	memcpy(b, s + 11, 2);
	if (cet_strtonum(b, 0, 23, &hh) == -1)
		goto bad;
	memcpy(b, s + 14, 2);
	if (cet_strtonum(b, 0, 59, &mm) == -1)
		goto bad;
	memcpy(b, s + 17, 2);
	if (cet_strtonum(b, 0, 59, &ss) == -1)
		goto bad;
	*out = (time_t)days * 86400 + (time_t)(hh * 3600 + mm * 60 + ss);
	return 0;
bad:
	cli_error(c, EXIT_USAGE, "%s: '%s' is not a time, expected "
	    "YYYY-MM-DDTHH:MM:SSZ (UTC)", field, s);
	return -1;
}

static int
report_render(const struct report *r, enum report_format f,
    enum report_paper paper, FILE *fp, char *err, size_t errlen)
{
	switch (f) {
	case FMT_TEXT:
		return report_render_text(r, fp, err, errlen);
	case FMT_MD:
		return report_render_md(r, fp, err, errlen);
	case FMT_CSV:
		return report_render_csv(r, fp, err, errlen);
	case FMT_CSV_REQS:
		return report_render_csv_requirements(r, fp, err, errlen);
	case FMT_JSON:
		return report_render_json(r, fp, err, errlen);
	case FMT_HTML:
		return report_render_html(r, fp, err, errlen);
	case FMT_PDF:
		if (cmd_report_pdf == NULL)
			break;	/* cmd_report has run cetrack-full */
		return cmd_report_pdf(r, fp, paper, err, errlen);
	}
	(void)cet_fmt(err, errlen, "unknown format");
	return -1;
}

/* Render into a temporary file renamed over path (cli/out.c). */
static int
report_write_file(struct cli *c, const struct report *r,
    enum report_format f, enum report_paper paper, const char *path)
{
	struct cli_out	o;
	char		err[512];

	if (cli_out_open(c, &o, path, -1) == -1)
		return -1;
	if (report_render(r, f, paper, o.fp, err, sizeof(err)) == -1) {
		cli_error(c, EXIT_FAIL, "-o: %s: %s", path, err);
		cli_out_abort(&o);
		return -1;
	}
	return cli_out_commit(c, &o);
}

int
cmd_report(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "person",	required_argument,	NULL,	'p' },
		{ "org",	required_argument,	NULL,	'O' },
		{ "all",	no_argument,		NULL,	'A' },
		{ "as-of",	required_argument,	NULL,	'a' },
		{ "format",	required_argument,	NULL,	'f' },
		{ "paper",	required_argument,	NULL,	'P' },
		{ "output",	required_argument,	NULL,	'o' },
		{ "generated-at", required_argument,	NULL,	'G' },
		{ "transcript",	no_argument,		NULL,	'T' },
		{ "no-transcript", no_argument,		NULL,	'N' },
		{ "exceptions",	no_argument,		NULL,	'x' },
		{ "csv-shape",	required_argument,	NULL,	'S' },
		{ "help",	no_argument,		NULL,	'h' },
		{ NULL,		0,			NULL,	0 }
	};
	const char		*person_ref = NULL, *org_ref = NULL;
	const char		*as_of_arg = NULL, *format_arg = "text";
	const char		*paper_arg = NULL, *out_path = NULL;
	const char		*gen_arg = NULL, *gen_field = "--generated-at";
	const char		*sde;
	long			 ncpu;
	long long		 epoch;
	struct report_query	 q;
	struct report		 rep;
	struct person		 one;
	struct organization	 org;
	enum report_format	 fmt;
	enum report_paper	 paper = REPORT_A4;
	char			 err[512];
	size_t			 i, nsel = 0;
	int			 ch, all = 0, rc = EXIT_FAIL;
	int			 transcript = -1;	/* -1: by scope */
	int			 exceptions = 0, by_req = 0;
	const char		*shape_arg = NULL;

	memset(&rep, 0, sizeof(rep));
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":p:O:Aa:f:o:xh", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'p':
			person_ref = optarg;
			break;
		case 'O':
			org_ref = optarg;
			break;
		case 'A':
			all = 1;
			break;
		case 'a':
			as_of_arg = optarg;
			break;
		case 'f':
			format_arg = optarg;
			break;
		case 'P':
			paper_arg = optarg;
			break;
		case 'o':
			out_path = optarg;
			break;
		case 'G':
			gen_arg = optarg;
			break;
		case 'T':
		case 'N':
			if (transcript != -1 && transcript != (ch == 'T'))
				return cli_error(c, EXIT_USAGE, "--transcript "
				    "and --no-transcript: give at most one");
			transcript = ch == 'T';
			break;
		case 'x':
			exceptions = 1;
			break;
		case 'S':
			shape_arg = optarg;
			break;
		case 'h':
			return cli_help(report_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind < argc)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'",
		    argv[optind]);
	nsel = (person_ref != NULL) + (org_ref != NULL) + all;
	if (nsel > 1)
		return cli_error(c, EXIT_USAGE, "--person, --org and --all: "
		    "give at most one");
	for (i = 0; i < ARRAY_SIZE(report_formats); i++)
		if (strcmp(format_arg, report_formats[i]) == 0)
			break;
	if (i == ARRAY_SIZE(report_formats))
		return cli_error(c, EXIT_USAGE, "--format: '%s' is not a "
		    "format, expected text, md, csv, json, html or pdf",
		    format_arg);
	fmt = (enum report_format)i;
	if (paper_arg != NULL) {
		if (strcmp(paper_arg, "a4") == 0)
			paper = REPORT_A4;
		else if (strcmp(paper_arg, "letter") == 0)
			paper = REPORT_LETTER;
		else
			return cli_error(c, EXIT_USAGE, "--paper: '%s' is not "
			    "a paper size, expected a4 or letter", paper_arg);
		if (fmt != FMT_PDF)
			return cli_error(c, EXIT_USAGE, "--paper: only for "
			    "--format pdf");
	}
	if (shape_arg != NULL) {
		if (strcmp(shape_arg, "requirements") == 0)
			by_req = 1;
		else if (strcmp(shape_arg, "credentials") != 0)
			return cli_error(c, EXIT_USAGE, "--csv-shape: '%s' is "
			    "not a shape, expected credentials or requirements",
			    shape_arg);
		if (fmt != FMT_CSV)
			return cli_error(c, EXIT_USAGE, "--csv-shape: only for "
			    "--format csv");
	}
	if (by_req)
		fmt = FMT_CSV_REQS;
	if (out_path != NULL && out_path[0] == '\0')
		return cli_error(c, EXIT_USAGE, "-o: empty, expected a file");
	if (out_path != NULL && strcmp(out_path, "-") == 0)
		out_path = NULL;	/* as calendar: "-" is stdout */
	if (fmt == FMT_PDF && out_path == NULL && isatty(STDOUT_FILENO))
		return cli_error(c, EXIT_USAGE, "--format pdf: stdout is a "
		    "terminal, expected -o FILE or a redirection");
	/* PDF is drawn by cetrack-full; nothing has been done yet. */
	if (fmt == FMT_PDF && cmd_report_pdf == NULL)
		return cli_exec_full("report --format pdf");

	memset(&q, 0, sizeof(q));
	q.scope = REPORT_ALL;
	q.as_of = c->today;
	q.cfg = &c->cfg;
	q.generated_at = time(NULL);
	if (as_of_arg != NULL && cli_date_arg(c, "--as-of", as_of_arg,
	    &q.as_of) == -1)
		return EXIT_USAGE;
	if (gen_arg == NULL && (gen_arg = getenv("CETRACK_REPORT_GENERATED_AT"))
	    != NULL && gen_arg[0] != '\0')
		gen_field = "CETRACK_REPORT_GENERATED_AT";
	else if (gen_arg != NULL && gen_arg[0] == '\0')
		gen_arg = NULL;
	if (gen_arg != NULL) {
		if (report_generated_at(c, gen_field, gen_arg,
		    &q.generated_at) == -1)
			return EXIT_USAGE;
	} else if ((sde = getenv("SOURCE_DATE_EPOCH")) != NULL &&
	    sde[0] != '\0') {
		/* The reproducible-builds convention, as `calendar` uses. */
		if (cet_strtonum(sde, 0, 253402300799LL, &epoch) == -1)
			return cli_error(c, EXIT_USAGE, "SOURCE_DATE_EPOCH: "
			    "'%s' is not a time, expected seconds since "
			    "1970-01-01 UTC", sde);
		q.generated_at = (time_t)epoch;
	}

	if (cli_open_db(c) == -1)
		return EXIT_FAIL;
	if (person_ref != NULL) {
		if (cli_person(c, person_ref, &one) == -1)
			return EXIT_FAIL;
		q.scope = REPORT_PERSON;
		q.person_id = one.id;
	} else if (org_ref != NULL) {
		if (cli_text_arg(c, "--org", org_ref, NAME_MAX_LEN, 0) == -1)
			return EXIT_USAGE;
		if (store_org_find(&c->db, org_ref, &org, err,
		    sizeof(err)) == -1)
			return cli_error(c, EXIT_FAIL, "%s", err);
		q.scope = REPORT_ORG;
		q.org_id = org.id;
		q.org_name = org.name;
	}

	/*
	 * A transcript is one person's evidence; an organization's report
	 * is who stands where (with every transcript, 32,000 people made a
	 * 1.3 GB JSON file). --transcript asks for them all.
	 */
	q.transcript = transcript != -1 ? transcript :
	    q.scope == REPORT_PERSON;
	q.exceptions = exceptions;
	/* A thread per processor for a report of many people, at most 8
	 * (CETRACK_REPORT_THREADS=N: N, e.g. 1 to compare). */
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	q.threads = ncpu > 8 ? 8 : ncpu > 1 ? (int)ncpu : 1;
	if ((sde = getenv("CETRACK_REPORT_THREADS")) != NULL) {
		char	*end;
		long	 v;

		errno = 0;
		v = strtol(sde, &end, 10);
		if (errno != 0 || end == sde || *end != '\0' || v < 1 || v > 8)
			cli_warn(c, "CETRACK_REPORT_THREADS: '%s' is not a "
			    "number from 1 to 8; using %d", sde, q.threads);
		else
			q.threads = (int)v;
	}
	if (report_build(&c->db, &c->progs, &q, &rep, err, sizeof(err)) ==
	    -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		goto out;
	}
	for (i = 0; i < rep.nwarnings; i++)
		cli_warn(c, "%s", rep.warnings[i]);
	if (out_path != NULL) {
		if (report_write_file(c, &rep, fmt, paper, out_path) == -1)
			goto out;
	} else if (report_render(&rep, fmt, paper, stdout, err,
	    sizeof(err)) == -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		/* Reported once: main need not say it again. */
		clearerr(stdout);
		goto out;
	}
	rc = EXIT_OK;
out:
	report_free(&rep);
	return rc;
}
