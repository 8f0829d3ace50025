/* SPDX-License-Identifier: ISC */
/*
 * The path into a credential (issue 18): `cetrack edu` (degrees), `exp`
 * (jobs and placements) and `exam` (exams sat), each with add, list and
 * rm. The eligibility packs read these records; here they are entered,
 * checked (an end before a start, a future conferral, more than 100 hours
 * a week are refused, with one line naming the field) and audited.
 * Overlapping experience entries are allowed: two part-time jobs at once
 * are common.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "base/date.h"
#include "base/hours.h"
#include "base/model.h"
#include "store/store.h"
#include "base/util.h"

#define PATH_MAX_WEEK	10000	/* centi-hours: 100 h a week */
#define PATH_MAX_TOTAL	100000000 /* centi-hours: 1,000,000 h */

static int	edu_add(struct cli *, int, char **);
static int	edu_list(struct cli *, int, char **);
static int	edu_rm(struct cli *, int, char **);
static int	exp_add(struct cli *, int, char **);
static int	exp_list(struct cli *, int, char **);
static int	exp_rm(struct cli *, int, char **);
static int	exp_log(struct cli *, int, char **);
static int	exp_log_list(struct cli *, int, char **);
static int	exp_log_rm(struct cli *, int, char **);
static int	exam_add(struct cli *, int, char **);
static int	exam_list(struct cli *, int, char **);
static int	exam_rm(struct cli *, int, char **);

/* -- shared ---------------------------------------------------------- */

/* value is one of names[]; else "FIELD: 'v' is not a WHAT, expected ...". */
static int
path_enum(struct cli *c, const char *field, const char *what,
    const char *value, const char *const *names)
{
	char	list[256] = "";
	size_t	i, n = 0;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(value, names[i]) == 0)
			return 0;
	for (i = 0; names[i] != NULL; i++) {
		n = strlen(list);
		(void)cet_fmt(list + n, sizeof(list) - n, "%s%s",
		    i == 0 ? "" : names[i + 1] == NULL ? " or " : ", ",
		    names[i]);
	}
	return cli_error(c, EXIT_USAGE, "%s: '%s' is not %s, expected %s",
	    field, value, what, list) == 0 ? 0 : -1;
}

/* The person of a list or add: --person, or the only one. */
static int
path_person(struct cli *c, const char *ref, struct person *p)
{
	if (cli_open_db(c) == -1)
		return -1;
	return cli_person(c, ref, p);
}

/* ID of an rm: one argument, a positive id. */
static int
path_rm_id(struct cli *c, const char *cmd, int argc, char **argv,
    int64_t *id)
{
	if (optind == argc)
		return cli_error(c, EXIT_USAGE, "ID: missing, expected the id "
		    "'cetrack %s list' shows", cmd) == 0 ? 0 : -1;
	if (argc - optind > 1)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'; see "
		    "'cetrack %s rm --help'", argv[optind + 1], cmd) == 0 ?
		    0 : -1;
	return cli_id_arg(c, "ID", argv[optind], id);
}

static int
path_no_args(struct cli *c, const char *cmd, int argc, char **argv)
{
	if (optind < argc) {
		(void)cli_error(c, EXIT_USAGE, "unexpected argument '%s'; see "
		    "'cetrack %s --help'", argv[optind], cmd);
		return -1;
	}
	return 0;
}

/* -- edu -------------------------------------------------------------- */

static const char edu_usage[] =
    "usage: cetrack edu add --person P --level LEVEL --field FIELD\n"
    "                   --title TITLE --conferred DATE\n"
    "                   [--institution NAME] [--accreditor BODY]\n"
    "       cetrack edu list [--person P] [--json]\n"
    "       cetrack edu rm ID\n"
    "\n"
    "A person's degrees, for the eligibility of exams and licenses.\n"
    "\n"
    "  --level LEVEL      diploma, associate, bachelor, master or doctorate\n"
    "  --field FIELD      nursing, social-work, health, human-services or\n"
    "                     other\n"
    "  --title TITLE      as on the diploma: BSN, MSW, ADN (at most 63 bytes)\n"
    "  --conferred DATE   the day it was conferred (not in the future)\n"
    "  --institution NAME the school (at most 127 bytes)\n"
    "  --accreditor BODY  its accreditor or approval: CSWE, CCNE, ACEN\n";

static const struct cli_sub edu_subs[] = {
	{ "add",	"edu add",	edu_add, 0 },
	{ "list",	"edu list",	edu_list, 0 },
	{ "rm",		"edu rm",	edu_rm, 0 }
};

int
cmd_edu(struct cli *c, int argc, char **argv)
{
	return cli_dispatch(c, edu_subs, ARRAY_SIZE(edu_subs), edu_usage,
	    argc, argv);
}

static int
edu_add(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "person",	required_argument,	NULL,	'p' },
		{ "level",	required_argument,	NULL,	'l' },
		{ "field",	required_argument,	NULL,	'f' },
		{ "title",	required_argument,	NULL,	't' },
		{ "conferred",	required_argument,	NULL,	'c' },
		{ "institution", required_argument,	NULL,	'i' },
		{ "accreditor",	required_argument,	NULL,	'a' },
		{ "help",	no_argument,		NULL,	'h' },
		{ NULL,		0,			NULL,	0 }
	};
	const char		*ref = NULL, *level = NULL, *field = NULL;
	const char		*title = NULL, *conf = NULL, *inst = NULL;
	const char		*acc = NULL;
	struct education	 e;
	struct person		 p;
	char			 err[1024], d[DATE_BUFSZ];
	int			 ch;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			ref = optarg;
			break;
		case 'l':
			level = optarg;
			break;
		case 'f':
			field = optarg;
			break;
		case 't':
			title = optarg;
			break;
		case 'c':
			conf = optarg;
			break;
		case 'i':
			inst = optarg;
			break;
		case 'a':
			acc = optarg;
			break;
		case 'h':
			return cli_help(edu_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (path_no_args(c, "edu add", argc, argv) == -1)
		return EXIT_USAGE;
	memset(&e, 0, sizeof(e));
	if (level == NULL)
		return cli_error(c, EXIT_USAGE, "--level: missing, expected "
		    "diploma, associate, bachelor, master or doctorate");
	if (field == NULL)
		return cli_error(c, EXIT_USAGE, "--field: missing, expected "
		    "nursing, social-work, health, human-services or other");
	if (title == NULL)
		return cli_error(c, EXIT_USAGE, "--title: missing, expected "
		    "the degree as on the diploma (BSN, MSW)");
	if (conf == NULL)
		return cli_error(c, EXIT_USAGE, "--conferred: missing, expected "
		    "the day it was conferred (YYYY-MM-DD)");
	if (path_enum(c, "--level", "a degree level", level,
	    edu_levels) == -1 ||
	    path_enum(c, "--field", "a field", field, edu_fields) == -1 ||
	    cli_text_arg(c, "--title", title, sizeof(e.title), 0) == -1 ||
	    cli_date_arg(c, "--conferred", conf, &e.conferred) == -1 ||
	    (inst != NULL && cli_text_arg(c, "--institution", inst,
	    sizeof(e.institution), 0) == -1) ||
	    (acc != NULL && cli_text_arg(c, "--accreditor", acc,
	    sizeof(e.accreditor), 0) == -1))
		return EXIT_USAGE;
	if (e.conferred > c->today)
		return cli_error(c, EXIT_USAGE, "--conferred: %s is in the "
		    "future, expected a degree already conferred",
		    date_format(e.conferred, d));
	(void)cet_strlcpy(e.level, level, sizeof(e.level));
	(void)cet_strlcpy(e.field, field, sizeof(e.field));
	(void)cet_strlcpy(e.title, title, sizeof(e.title));
	if (inst != NULL)
		(void)cet_strlcpy(e.institution, inst, sizeof(e.institution));
	if (acc != NULL)
		(void)cet_strlcpy(e.accreditor, acc, sizeof(e.accreditor));
	if (path_person(c, ref, &p) == -1)
		return EXIT_FAIL;
	e.person_id = p.id;
	if (cli_begin(c) == -1)
		return EXIT_FAIL;
	if (store_edu_add(&c->db, &e, err, sizeof(err)) == -1) {
		cli_rollback(c);
		return cli_error(c, EXIT_FAIL, "%s", err);
	}
	if (cli_commit(c) == -1)
		return EXIT_FAIL;
	printf("added education %" PRId64 " for %s: %s (%s, %s), conferred "
	    "%s\n", e.id, p.name, e.title, e.level, e.field,
	    date_format(e.conferred, d));
	return EXIT_OK;
}

static int
edu_list(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "person",	required_argument,	NULL,	'p' },
		{ "json",	no_argument,		NULL,	'j' },
		{ "help",	no_argument,		NULL,	'h' },
		{ NULL,		0,			NULL,	0 }
	};
	const char		*ref = NULL;
	struct education	*v = NULL;
	struct person		 p;
	json_t			*arr, *o;
	char			 err[1024], d[DATE_BUFSZ];
	size_t			 n = 0, i;
	int			 ch, json = 0, rc = EXIT_FAIL;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			ref = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(edu_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (path_no_args(c, "edu list", argc, argv) == -1)
		return EXIT_USAGE;
	if (path_person(c, ref, &p) == -1)
		return EXIT_FAIL;
	if (store_edu_list(&c->db, p.id, &v, &n, err, sizeof(err)) == -1)
		return cli_error(c, EXIT_FAIL, "%s", err);
	if (json) {
		if ((arr = json_array()) == NULL)
			goto oom;
		for (i = 0; i < n; i++) {
			o = json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o}",
			    "id", (json_int_t)v[i].id, "level", v[i].level,
			    "field", v[i].field, "title",
			    cli_json_str(v[i].title), "conferred",
			    cli_json_date(v[i].conferred), "institution",
			    v[i].institution[0] != '\0' ?
			    cli_json_str(v[i].institution) : json_null(),
			    "accreditor", v[i].accreditor[0] != '\0' ?
			    cli_json_str(v[i].accreditor) : json_null());
			if (o == NULL || json_array_append_new(arr, o) == -1) {
				json_decref(arr);
				goto oom;
			}
		}
		o = json_pack("{s:I, s:o}", "person_id", (json_int_t)p.id,
		    "education", arr);
		rc = cli_json_print(o) == 0 ? EXIT_OK : EXIT_FAIL;
		goto out;
	}
	if (n == 0)
		printf("no education recorded for %s; add a degree with "
		    "'cetrack edu add'\n", p.name);
	else
		printf("%4s  %-10s  %-9s  %-14s  %-10s  %s\n", "ID", "CONFERRED",
		    "LEVEL", "FIELD", "TITLE", "INSTITUTION");
	for (i = 0; i < n; i++)
		printf("%4" PRId64 "  %-10s  %-9s  %-14s  %-10s  %s%s%s%s\n",
		    v[i].id, date_format(v[i].conferred, d), v[i].level,
		    v[i].field, v[i].title, v[i].institution[0] != '\0' ?
		    v[i].institution : "-", v[i].accreditor[0] != '\0' ?
		    " (" : "", v[i].accreditor, v[i].accreditor[0] != '\0' ?
		    ")" : "");
	rc = EXIT_OK;
	goto out;
oom:
	cli_error(c, EXIT_FAIL, "out of memory");
out:
	free(v);
	return rc;
}

static int
edu_rm(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help",	no_argument,	NULL,	'h' },
		{ NULL,		0,		NULL,	0 }
	};
	struct education	 e;
	char			 err[1024];
	int64_t			 id;
	int			 ch;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		if (ch == 'h')
			return cli_help(edu_usage);
		return cli_bad_option(c, ch, argv);
	}
	if (path_rm_id(c, "edu", argc, argv, &id) == -1)
		return EXIT_USAGE;
	if (cli_open_db(c) == -1 || cli_begin(c) == -1)
		return EXIT_FAIL;
	if (store_edu_rm(&c->db, id, &e, err, sizeof(err)) == -1) {
		cli_rollback(c);
		return cli_error(c, EXIT_FAIL, "%s", err);
	}
	if (cli_commit(c) == -1)
		return EXIT_FAIL;
	printf("removed education %" PRId64 " (%s)\n", id, e.title);
	return EXIT_OK;
}

/* -- exp -------------------------------------------------------------- */

static const char exp_usage[] =
    "usage: cetrack exp add --person P --employer E --role R --from DATE\n"
    "                   [--to DATE] (--hours-per-week H | --hours TOTAL)\n"
    "                   [--case-management] [--supervised --supervisor NAME\n"
    "                   --supervisor-credential CODE]\n"
    "                   [--supervises-case-managers] [--clinical]\n"
    "                   [--paid | --unpaid] [--setting S] [--tag DOMAIN]...\n"
    "       cetrack exp list [--person P] [--json]\n"
    "       cetrack exp rm ID\n"
    "       cetrack exp log --person P --date DATE --hours H\n"
    "                   [--supervision-minutes M --format individual|group]\n"
    "       cetrack exp log-list [--person P] [--json]\n"
    "       cetrack exp log-rm ID\n"
    "\n"
    "A person's jobs and placements, for the experience that exams and\n"
    "licenses require. Entries may overlap (two part-time jobs).\n"
    "\n"
    "  --from DATE, --to DATE   the span (no --to: ongoing, counted up to\n"
    "                     the day asked about); --from not in the future\n"
    "  --hours-per-week H the average week (at most 100), or\n"
    "  --hours TOTAL      the hours of the whole span, as logged\n"
    "  --case-management  the work was case management\n"
    "  --supervised       under supervision; --supervisor NAME and\n"
    "                     --supervisor-credential CODE (CCM, LCSW) say whose\n"
    "  --supervises-case-managers  the person supervised case managers\n"
    "  --clinical         clinical work\n"
    "  --paid, --unpaid   paid or not (not given: not said)\n"
    "  --setting S        hospital, payer, post-acute, community,\n"
    "                     private-practice, workers-comp or other\n"
    "  --tag DOMAIN       a domain of the work (a-z, 0-9, -), repeatable\n"
    "\n"
    "exp log records a day (or the week ending on it) of a log kept for a\n"
    "board: the hours worked (shown; the entries above count the hours)\n"
    "and the minutes of supervision, individual or group, which the\n"
    "eligibility packs count (Texas: at most 10 hours a month).\n";

static const struct cli_sub exp_subs[] = {
	{ "add",	"exp add",	exp_add, 0 },
	{ "list",	"exp list",	exp_list, 0 },
	{ "rm",		"exp rm",	exp_rm, 0 },
	{ "log",	"exp log",	exp_log, 0 },
	{ "log-list",	"exp log-list",	exp_log_list, 0 },
	{ "log-rm",	"exp log-rm",	exp_log_rm, 0 }
};

int
cmd_exp(struct cli *c, int argc, char **argv)
{
	return cli_dispatch(c, exp_subs, ARRAY_SIZE(exp_subs), exp_usage,
	    argc, argv);
}

/* A tag: a-z, 0-9 and '-', starting with a letter, at most 31 bytes. */
static int
exp_tag_ok(const char *t)
{
	size_t	n = strlen(t);

	if (n == 0 || n >= ATTR_MAX_LEN || t[0] < 'a' || t[0] > 'z')
		return 0;
	return strspn(t, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

static int
exp_hours_arg(struct cli *c, const char *field, const char *v, long max,
    long *out)
{
	char	h[HOURS_BUFSZ];

	if (hours_parse_centi(v, out) == -1 || *out <= 0)
		return cli_error(c, EXIT_USAGE, "%s: '%s' is not a number of "
		    "hours, expected a decimal such as 40 or 37.5", field,
		    v) == 0 ? 0 : -1;
	if (*out > max)
		return cli_error(c, EXIT_USAGE, "%s: %s is more than %s, "
		    "expected at most %s", field, v, max == PATH_MAX_WEEK ?
		    "a week holds to work" : "one entry can carry",
		    hours_format(max, h, sizeof(h))) == 0 ? 0 : -1;
	return 0;
}

static int
exp_add(struct cli *c, int argc, char **argv)
{
	enum {
		O_EMPLOYER = 256, O_ROLE, O_FROM, O_TO, O_WEEK, O_HOURS,
		O_CM, O_SUP, O_SUPNAME, O_SUPCRED, O_SUPCMS, O_CLIN, O_PAID,
		O_UNPAID, O_SETTING, O_TAG
	};
	static const struct option longopts[] = {
		{ "person",	required_argument,	NULL,	'p' },
		{ "employer",	required_argument,	NULL,	O_EMPLOYER },
		{ "role",	required_argument,	NULL,	O_ROLE },
		{ "from",	required_argument,	NULL,	O_FROM },
		{ "to",		required_argument,	NULL,	O_TO },
		{ "hours-per-week", required_argument,	NULL,	O_WEEK },
		{ "hours",	required_argument,	NULL,	O_HOURS },
		{ "case-management", no_argument,	NULL,	O_CM },
		{ "supervised",	no_argument,		NULL,	O_SUP },
		{ "supervisor",	required_argument,	NULL,	O_SUPNAME },
		{ "supervisor-credential", required_argument, NULL, O_SUPCRED },
		{ "supervises-case-managers", no_argument, NULL, O_SUPCMS },
		{ "clinical",	no_argument,		NULL,	O_CLIN },
		{ "paid",	no_argument,		NULL,	O_PAID },
		{ "unpaid",	no_argument,		NULL,	O_UNPAID },
		{ "setting",	required_argument,	NULL,	O_SETTING },
		{ "tag",	required_argument,	NULL,	O_TAG },
		{ "help",	no_argument,		NULL,	'h' },
		{ NULL,		0,			NULL,	0 }
	};
	const char		*ref = NULL, *employer = NULL, *role = NULL;
	const char		*from = NULL, *to = NULL, *week = NULL;
	const char		*total = NULL, *supname = NULL, *supcred = NULL;
	const char		*setting = NULL;
	struct experience	 x;
	struct person		 p;
	char			 err[1024], a[DATE_BUFSZ], b[DATE_BUFSZ];
	size_t			 n;
	int			 ch;

	memset(&x, 0, sizeof(x));
	x.end = -1;
	x.per_week = -1;
	x.total = -1;
	x.paid = -1;
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			ref = optarg;
			break;
		case O_EMPLOYER:
			employer = optarg;
			break;
		case O_ROLE:
			role = optarg;
			break;
		case O_FROM:
			from = optarg;
			break;
		case O_TO:
			to = optarg;
			break;
		case O_WEEK:
			week = optarg;
			break;
		case O_HOURS:
			total = optarg;
			break;
		case O_CM:
			x.case_management = 1;
			break;
		case O_SUP:
			x.supervised = 1;
			break;
		case O_SUPNAME:
			supname = optarg;
			break;
		case O_SUPCRED:
			supcred = optarg;
			break;
		case O_SUPCMS:
			x.supervises_cms = 1;
			break;
		case O_CLIN:
			x.clinical = 1;
			break;
		case O_PAID:
		case O_UNPAID:
			if (x.paid != -1 && x.paid != (ch == O_PAID))
				return cli_error(c, EXIT_USAGE, "--paid and "
				    "--unpaid: give at most one");
			x.paid = ch == O_PAID;
			break;
		case O_SETTING:
			setting = optarg;
			break;
		case O_TAG:
			if (!exp_tag_ok(optarg))
				return cli_error(c, EXIT_USAGE, "--tag: '%s' is "
				    "not a tag, expected a-z, 0-9 and -, "
				    "starting with a letter", optarg);
			n = strlen(x.tags);
			if (n + strlen(optarg) + 2 > sizeof(x.tags))
				return cli_error(c, EXIT_USAGE, "--tag: too "
				    "many tags, expected at most %zu bytes in "
				    "all", sizeof(x.tags) - 1);
			(void)cet_fmt(x.tags + n, sizeof(x.tags) - n, "%s%s",
			    n > 0 ? "," : "", optarg);
			break;
		case 'h':
			return cli_help(exp_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (path_no_args(c, "exp add", argc, argv) == -1)
		return EXIT_USAGE;
	if (employer == NULL)
		return cli_error(c, EXIT_USAGE, "--employer: missing, expected "
		    "the employer's name");
	if (role == NULL)
		return cli_error(c, EXIT_USAGE, "--role: missing, expected the "
		    "job title (Case Manager)");
	if (from == NULL)
		return cli_error(c, EXIT_USAGE, "--from: missing, expected the "
		    "first day (YYYY-MM-DD)");
	if ((week == NULL) == (total == NULL))
		return cli_error(c, EXIT_USAGE, "--hours-per-week and --hours: "
		    "give one, expected the average week or the total");
	if (cli_text_arg(c, "--employer", employer, sizeof(x.employer),
	    0) == -1 ||
	    cli_text_arg(c, "--role", role, sizeof(x.role), 0) == -1 ||
	    cli_date_arg(c, "--from", from, &x.start) == -1 ||
	    (to != NULL && cli_date_arg(c, "--to", to, &x.end) == -1) ||
	    (week != NULL && exp_hours_arg(c, "--hours-per-week", week,
	    PATH_MAX_WEEK, &x.per_week) == -1) ||
	    (total != NULL && exp_hours_arg(c, "--hours", total,
	    PATH_MAX_TOTAL, &x.total) == -1) ||
	    (setting != NULL && path_enum(c, "--setting", "a setting", setting,
	    exp_settings) == -1))
		return EXIT_USAGE;
	if (x.start > c->today)
		return cli_error(c, EXIT_USAGE, "--from: %s is in the future, "
		    "expected a job already begun", date_format(x.start, a));
	if (x.end >= 0 && x.end < x.start)
		return cli_error(c, EXIT_USAGE, "--to: %s is before --from %s, "
		    "expected the last day, on or after the first",
		    date_format(x.end, a), date_format(x.start, b));
	if ((supname != NULL || supcred != NULL) && !x.supervised)
		return cli_error(c, EXIT_USAGE, "--%s: only with --supervised",
		    supname != NULL ? "supervisor" : "supervisor-credential");
	if ((supname != NULL && cli_text_arg(c, "--supervisor", supname,
	    sizeof(x.supervisor), 0) == -1) ||
	    (supcred != NULL && cli_text_arg(c, "--supervisor-credential",
	    supcred, sizeof(x.supervisor_cred), 0) == -1))
		return EXIT_USAGE;
	(void)cet_strlcpy(x.employer, employer, sizeof(x.employer));
	(void)cet_strlcpy(x.role, role, sizeof(x.role));
	if (supname != NULL)
		(void)cet_strlcpy(x.supervisor, supname, sizeof(x.supervisor));
	if (supcred != NULL)
		(void)cet_strlcpy(x.supervisor_cred, supcred,
		    sizeof(x.supervisor_cred));
	if (setting != NULL)
		(void)cet_strlcpy(x.setting, setting, sizeof(x.setting));
	if (path_person(c, ref, &p) == -1)
		return EXIT_FAIL;
	x.person_id = p.id;
	if (cli_begin(c) == -1)
		return EXIT_FAIL;
	if (store_exp_add(&c->db, &x, err, sizeof(err)) == -1) {
		cli_rollback(c);
		return cli_error(c, EXIT_FAIL, "%s", err);
	}
	if (cli_commit(c) == -1)
		return EXIT_FAIL;
	printf("added experience %" PRId64 " for %s: %s at %s, %s to %s\n",
	    x.id, p.name, x.role, x.employer, date_format(x.start, a),
	    x.end >= 0 ? date_format(x.end, b) : "ongoing");
	return EXIT_OK;
}

/* "a,b" as ["a", "b"]; [] for "". */
static json_t *
exp_json_tags(const char *tags)
{
	json_t		*a = json_array();
	const char	*p, *end;

	for (p = tags; a != NULL && *p != '\0'; p = *end != '\0' ? end + 1 :
	    end) {
		end = p + strcspn(p, ",");
		if (json_array_append_new(a, json_stringn(p,
		    (size_t)(end - p))) == -1) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *
exp_json(const struct experience *x)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:b, s:o, "
	    "s:o, s:b, s:b, s:o, s:o, s:o}",
	    "id", (json_int_t)x->id,
	    "employer", cli_json_str(x->employer),
	    "role", cli_json_str(x->role),
	    "from", cli_json_date(x->start),
	    "to", x->end >= 0 ? cli_json_date(x->end) : json_null(),
	    "hours_per_week", x->per_week >= 0 ?
	    cli_json_hours(x->per_week) : json_null(),
	    "hours", x->total >= 0 ? cli_json_hours(x->total) : json_null(),
	    "case_management", x->case_management,
	    "supervised", x->supervised,
	    "supervisor", x->supervisor[0] != '\0' ?
	    cli_json_str(x->supervisor) : json_null(),
	    "supervisor_credential", x->supervisor_cred[0] != '\0' ?
	    cli_json_str(x->supervisor_cred) : json_null(),
	    "supervises_case_managers", x->supervises_cms,
	    "clinical", x->clinical,
	    "paid", x->paid < 0 ? json_null() : json_boolean(x->paid),
	    "setting", x->setting[0] != '\0' ? json_string(x->setting) :
	    json_null(),
	    "tags", exp_json_tags(x->tags));
}

static int
exp_list(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "person",	required_argument,	NULL,	'p' },
		{ "json",	no_argument,		NULL,	'j' },
		{ "help",	no_argument,		NULL,	'h' },
		{ NULL,		0,			NULL,	0 }
	};
	const char		*ref = NULL;
	struct experience	*v = NULL;
	struct person		 p;
	json_t			*arr, *o;
	char			 err[1024], a[DATE_BUFSZ], b[DATE_BUFSZ];
	char			 h[HOURS_BUFSZ], what[256];
	size_t			 n = 0, i;
	int			 ch, json = 0, rc = EXIT_FAIL;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			ref = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(exp_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (path_no_args(c, "exp list", argc, argv) == -1)
		return EXIT_USAGE;
	if (path_person(c, ref, &p) == -1)
		return EXIT_FAIL;
	if (store_exp_list(&c->db, p.id, &v, &n, err, sizeof(err)) == -1)
		return cli_error(c, EXIT_FAIL, "%s", err);
	if (json) {
		if ((arr = json_array()) == NULL)
			goto oom;
		for (i = 0; i < n; i++)
			if ((o = exp_json(&v[i])) == NULL ||
			    json_array_append_new(arr, o) == -1) {
				json_decref(arr);
				goto oom;
			}
		o = json_pack("{s:I, s:o}", "person_id", (json_int_t)p.id,
		    "experience", arr);
		rc = cli_json_print(o) == 0 ? EXIT_OK : EXIT_FAIL;
		goto out;
	}
	if (n == 0)
		printf("no experience recorded for %s; add a job with "
		    "'cetrack exp add'\n", p.name);
	for (i = 0; i < n; i++) {
		const struct experience *x = &v[i];

		printf("%4" PRId64 "  %s to %s  %s at %s\n", x->id,
		    date_format(x->start, a), x->end >= 0 ?
		    date_format(x->end, b) : "ongoing   ", x->role,
		    x->employer);
		(void)cet_fmt(what, sizeof(what), "%s h%s%s%s%s%s%s%s",
		    hours_format(x->per_week >= 0 ? x->per_week : x->total, h,
		    sizeof(h)), x->per_week >= 0 ? " a week" : " in all",
		    x->case_management ? ", case management" : "",
		    x->clinical ? ", clinical" : "",
		    x->supervises_cms ? ", supervises case managers" : "",
		    x->paid == 1 ? ", paid" : x->paid == 0 ? ", unpaid" : "",
		    x->setting[0] != '\0' ? ", " : "", x->setting);
		printf("        %s\n", what);
		if (x->supervised)
			printf("        supervised%s%s%s%s%s\n",
			    x->supervisor[0] != '\0' ? " by " : "",
			    x->supervisor, x->supervisor_cred[0] != '\0' ?
			    " (" : "", x->supervisor_cred,
			    x->supervisor_cred[0] != '\0' ? ")" : "");
		if (x->tags[0] != '\0')
			printf("        tags: %s\n", x->tags);
	}
	rc = EXIT_OK;
	goto out;
oom:
	cli_error(c, EXIT_FAIL, "out of memory");
out:
	free(v);
	return rc;
}

static int
exp_rm(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help",	no_argument,	NULL,	'h' },
		{ NULL,		0,		NULL,	0 }
	};
	struct experience	 x;
	char			 err[1024];
	int64_t			 id;
	int			 ch;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		if (ch == 'h')
			return cli_help(exp_usage);
		return cli_bad_option(c, ch, argv);
	}
	if (path_rm_id(c, "exp", argc, argv, &id) == -1)
		return EXIT_USAGE;
	if (cli_open_db(c) == -1 || cli_begin(c) == -1)
		return EXIT_FAIL;
	if (store_exp_rm(&c->db, id, &x, err, sizeof(err)) == -1) {
		cli_rollback(c);
		return cli_error(c, EXIT_FAIL, "%s", err);
	}
	if (cli_commit(c) == -1)
		return EXIT_FAIL;
	printf("removed experience %" PRId64 " (%s at %s)\n", id, x.role,
	    x.employer);
	return EXIT_OK;
}

/* -- exam ------------------------------------------------------------- */

static const char exam_usage[] =
    "usage: cetrack exam add --person P --exam NAME --date DATE\n"
    "                   --result pass|fail\n"
    "       cetrack exam list [--person P] [--json]\n"
    "       cetrack exam rm ID\n"
    "\n"
    "Exams a person sat: NCLEX-RN, ASWB Clinical, CCM, ... (at most 63\n"
    "bytes), on a day not in the future.\n";

static const struct cli_sub exam_subs[] = {
	{ "add",	"exam add",	exam_add, 0 },
	{ "list",	"exam list",	exam_list, 0 },
	{ "rm",		"exam rm",	exam_rm, 0 }
};

int
cmd_exam(struct cli *c, int argc, char **argv)
{
	return cli_dispatch(c, exam_subs, ARRAY_SIZE(exam_subs), exam_usage,
	    argc, argv);
}

static int
exam_add(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "person",	required_argument,	NULL,	'p' },
		{ "exam",	required_argument,	NULL,	'e' },
		{ "date",	required_argument,	NULL,	'd' },
		{ "result",	required_argument,	NULL,	'r' },
		{ "help",	no_argument,		NULL,	'h' },
		{ NULL,		0,			NULL,	0 }
	};
	static const char *const results[] = { "pass", "fail", NULL };
	const char	*ref = NULL, *exam = NULL, *date = NULL, *res = NULL;
	struct exam_sat	 x;
	struct person	 p;
	char		 err[1024], d[DATE_BUFSZ];
	int		 ch;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			ref = optarg;
			break;
		case 'e':
			exam = optarg;
			break;
		case 'd':
			date = optarg;
			break;
		case 'r':
			res = optarg;
			break;
		case 'h':
			return cli_help(exam_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (path_no_args(c, "exam add", argc, argv) == -1)
		return EXIT_USAGE;
	memset(&x, 0, sizeof(x));
	if (exam == NULL)
		return cli_error(c, EXIT_USAGE, "--exam: missing, expected the "
		    "exam's name (NCLEX-RN, CCM)");
	if (date == NULL)
		return cli_error(c, EXIT_USAGE, "--date: missing, expected the "
		    "day it was sat (YYYY-MM-DD)");
	if (res == NULL)
		return cli_error(c, EXIT_USAGE, "--result: missing, expected "
		    "pass or fail");
	if (cli_text_arg(c, "--exam", exam, sizeof(x.exam), 0) == -1 ||
	    cli_date_arg(c, "--date", date, &x.day) == -1 ||
	    path_enum(c, "--result", "a result", res, results) == -1)
		return EXIT_USAGE;
	if (x.day > c->today)
		return cli_error(c, EXIT_USAGE, "--date: %s is in the future, "
		    "expected an exam already sat", date_format(x.day, d));
	(void)cet_strlcpy(x.exam, exam, sizeof(x.exam));
	x.pass = strcmp(res, "pass") == 0;
	if (path_person(c, ref, &p) == -1)
		return EXIT_FAIL;
	x.person_id = p.id;
	if (cli_begin(c) == -1)
		return EXIT_FAIL;
	if (store_exam_add(&c->db, &x, err, sizeof(err)) == -1) {
		cli_rollback(c);
		return cli_error(c, EXIT_FAIL, "%s", err);
	}
	if (cli_commit(c) == -1)
		return EXIT_FAIL;
	printf("added exam %" PRId64 " for %s: %s on %s, %s\n", x.id, p.name,
	    x.exam, date_format(x.day, d), x.pass ? "pass" : "fail");
	return EXIT_OK;
}

static int
exam_list(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "person",	required_argument,	NULL,	'p' },
		{ "json",	no_argument,		NULL,	'j' },
		{ "help",	no_argument,		NULL,	'h' },
		{ NULL,		0,			NULL,	0 }
	};
	const char	*ref = NULL;
	struct exam_sat	*v = NULL;
	struct person	 p;
	json_t		*arr, *o;
	char		 err[1024], d[DATE_BUFSZ];
	size_t		 n = 0, i;
	int		 ch, json = 0, rc = EXIT_FAIL;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			ref = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(exam_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (path_no_args(c, "exam list", argc, argv) == -1)
		return EXIT_USAGE;
	if (path_person(c, ref, &p) == -1)
		return EXIT_FAIL;
	if (store_exam_list(&c->db, p.id, &v, &n, err, sizeof(err)) == -1)
		return cli_error(c, EXIT_FAIL, "%s", err);
	if (json) {
		if ((arr = json_array()) == NULL)
			goto oom;
		for (i = 0; i < n; i++) {
			o = json_pack("{s:I, s:o, s:o, s:s}",
			    "id", (json_int_t)v[i].id,
			    "exam", cli_json_str(v[i].exam),
			    "date", cli_json_date(v[i].day),
			    "result", v[i].pass ? "pass" : "fail");
			if (o == NULL || json_array_append_new(arr, o) == -1) {
				json_decref(arr);
				goto oom;
			}
		}
		o = json_pack("{s:I, s:o}", "person_id", (json_int_t)p.id,
		    "exams", arr);
		rc = cli_json_print(o) == 0 ? EXIT_OK : EXIT_FAIL;
		goto out;
	}
	if (n == 0)
		printf("no exams recorded for %s; add one with 'cetrack exam "
		    "add'\n", p.name);
	for (i = 0; i < n; i++)
		printf("%4" PRId64 "  %s  %-4s  %s\n", v[i].id,
		    date_format(v[i].day, d), v[i].pass ? "pass" : "fail",
		    v[i].exam);
	rc = EXIT_OK;
	goto out;
oom:
	cli_error(c, EXIT_FAIL, "out of memory");
out:
	free(v);
	return rc;
}

static int
exam_rm(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help",	no_argument,	NULL,	'h' },
		{ NULL,		0,		NULL,	0 }
	};
	struct exam_sat	 x;
	char		 err[1024];
	int64_t		 id;
	int		 ch;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		if (ch == 'h')
			return cli_help(exam_usage);
		return cli_bad_option(c, ch, argv);
	}
	if (path_rm_id(c, "exam", argc, argv, &id) == -1)
		return EXIT_USAGE;
	if (cli_open_db(c) == -1 || cli_begin(c) == -1)
		return EXIT_FAIL;
	if (store_exam_rm(&c->db, id, &x, err, sizeof(err)) == -1) {
		cli_rollback(c);
		return cli_error(c, EXIT_FAIL, "%s", err);
	}
	if (cli_commit(c) == -1)
		return EXIT_FAIL;
	printf("removed exam %" PRId64 " (%s)\n", id, x.exam);
	return EXIT_OK;
}

/* -- exp log ---------------------------------------------------------- */

static int
exp_log(struct cli *c, int argc, char **argv)
{
	enum { O_MIN = 256, O_FORMAT };
	static const struct option longopts[] = {
		{ "person",	required_argument,	NULL,	'p' },
		{ "date",	required_argument,	NULL,	'd' },
		{ "hours",	required_argument,	NULL,	'H' },
		{ "supervision-minutes", required_argument, NULL, O_MIN },
		{ "format",	required_argument,	NULL,	O_FORMAT },
		{ "help",	no_argument,		NULL,	'h' },
		{ NULL,		0,			NULL,	0 }
	};
	static const char *const formats[] = { "individual", "group", NULL };
	const char	*ref = NULL, *date = NULL, *hours = NULL;
	const char	*minutes = NULL, *format = NULL;
	struct exp_log	 l;
	struct person	 p;
	char		 err[1024], d[DATE_BUFSZ], h[HOURS_BUFSZ];
	long long	 m = 0;
	int		 ch;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			ref = optarg;
			break;
		case 'd':
			date = optarg;
			break;
		case 'H':
			hours = optarg;
			break;
		case O_MIN:
			minutes = optarg;
			break;
		case O_FORMAT:
			format = optarg;
			break;
		case 'h':
			return cli_help(exp_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (path_no_args(c, "exp log", argc, argv) == -1)
		return EXIT_USAGE;
	memset(&l, 0, sizeof(l));
	if (date == NULL)
		return cli_error(c, EXIT_USAGE, "--date: missing, expected the "
		    "day (or the last day of the week) logged, YYYY-MM-DD");
	if (hours == NULL)
		return cli_error(c, EXIT_USAGE, "--hours: missing, expected the "
		    "hours worked");
	if (cli_date_arg(c, "--date", date, &l.day) == -1)
		return EXIT_USAGE;
	if (l.day > c->today)
		return cli_error(c, EXIT_USAGE, "--date: %s is in the future, "
		    "expected a day already worked", date_format(l.day, d));
	if (hours_parse_centi(hours, &l.hours) == -1 || l.hours > 16800)
		return cli_error(c, EXIT_USAGE, "--hours: '%s' is not a number "
		    "of hours from 0 to 168 (a week)", hours);
	if ((minutes == NULL) != (format == NULL))
		return cli_error(c, EXIT_USAGE, "--%s: missing, expected "
		    "--supervision-minutes and --format together",
		    minutes == NULL ? "supervision-minutes" : "format");
	if (minutes != NULL) {
		if (cet_strtonum(minutes, 1, 10080, &m) == -1)
			return cli_error(c, EXIT_USAGE, "--supervision-minutes: "
			    "'%s' is not a number of minutes from 1 to 10080 "
			    "(a week)", minutes);
		if (path_enum(c, "--format", "a supervision format", format,
		    formats) == -1)
			return EXIT_USAGE;
		l.sup_minutes = (int)m;
		(void)cet_strlcpy(l.format, format, sizeof(l.format));
	}
	if (path_person(c, ref, &p) == -1)
		return EXIT_FAIL;
	l.person_id = p.id;
	if (cli_begin(c) == -1)
		return EXIT_FAIL;
	if (store_explog_add(&c->db, &l, err, sizeof(err)) == -1) {
		cli_rollback(c);
		return cli_error(c, EXIT_FAIL, "%s", err);
	}
	if (cli_commit(c) == -1)
		return EXIT_FAIL;
	printf("logged %s for %s: %s h", date_format(l.day, d), p.name,
	    hours_format(l.hours, h, sizeof(h)));
	if (l.sup_minutes > 0)
		printf(", %d min of %s supervision", l.sup_minutes, l.format);
	printf(" (entry %" PRId64 ")\n", l.id);
	return EXIT_OK;
}

static int
exp_log_list(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "person",	required_argument,	NULL,	'p' },
		{ "json",	no_argument,		NULL,	'j' },
		{ "help",	no_argument,		NULL,	'h' },
		{ NULL,		0,			NULL,	0 }
	};
	const char	*ref = NULL;
	struct exp_log	*v = NULL;
	struct person	 p;
	json_t		*arr, *o;
	char		 err[1024], d[DATE_BUFSZ], h[HOURS_BUFSZ];
	size_t		 n = 0, i;
	long		 tot = 0, sup = 0;
	int		 ch, json = 0, rc = EXIT_FAIL;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			ref = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(exp_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (path_no_args(c, "exp log-list", argc, argv) == -1)
		return EXIT_USAGE;
	if (path_person(c, ref, &p) == -1)
		return EXIT_FAIL;
	if (store_explog_list(&c->db, p.id, &v, &n, err, sizeof(err)) == -1)
		return cli_error(c, EXIT_FAIL, "%s", err);
	if (json) {
		if ((arr = json_array()) == NULL)
			goto oom;
		for (i = 0; i < n; i++) {
			o = json_pack("{s:I, s:o, s:o, s:i, s:o}",
			    "id", (json_int_t)v[i].id,
			    "date", cli_json_date(v[i].day),
			    "hours", cli_json_hours(v[i].hours),
			    "supervision_minutes", v[i].sup_minutes,
			    "format", v[i].format[0] != '\0' ?
			    json_string(v[i].format) : json_null());
			if (o == NULL || json_array_append_new(arr, o) == -1) {
				json_decref(arr);
				goto oom;
			}
		}
		o = json_pack("{s:I, s:o}", "person_id", (json_int_t)p.id,
		    "log", arr);
		rc = cli_json_print(o) == 0 ? EXIT_OK : EXIT_FAIL;
		goto out;
	}
	if (n == 0)
		printf("no log for %s; add a day with 'cetrack exp log'\n",
		    p.name);
	for (i = 0; i < n; i++) {
		printf("%4" PRId64 "  %s  %6s h", v[i].id,
		    date_format(v[i].day, d), hours_format(v[i].hours, h,
		    sizeof(h)));
		if (v[i].sup_minutes > 0)
			printf("  %4d min %s", v[i].sup_minutes, v[i].format);
		putchar('\n');
		tot += v[i].hours;
		sup += v[i].sup_minutes;
	}
	if (n > 0)
		printf("in all: %s h worked, %ld h %ld min of supervision\n",
		    hours_format(tot, h, sizeof(h)), sup / 60, sup % 60);
	rc = EXIT_OK;
	goto out;
oom:
	cli_error(c, EXIT_FAIL, "out of memory");
out:
	free(v);
	return rc;
}

static int
exp_log_rm(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help",	no_argument,	NULL,	'h' },
		{ NULL,		0,		NULL,	0 }
	};
	struct exp_log	 l;
	char		 err[1024], d[DATE_BUFSZ];
	int64_t		 id;
	int		 ch;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		if (ch == 'h')
			return cli_help(exp_usage);
		return cli_bad_option(c, ch, argv);
	}
	if (optind == argc)
		return cli_error(c, EXIT_USAGE, "ID: missing, expected the id "
		    "'cetrack exp log-list' shows");
	if (argc - optind > 1)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'; see "
		    "'cetrack exp --help'", argv[optind + 1]);
	if (cli_id_arg(c, "ID", argv[optind], &id) == -1)
		return EXIT_USAGE;
	if (cli_open_db(c) == -1 || cli_begin(c) == -1)
		return EXIT_FAIL;
	if (store_explog_rm(&c->db, id, &l, err, sizeof(err)) == -1) {
		cli_rollback(c);
		return cli_error(c, EXIT_FAIL, "%s", err);
	}
	if (cli_commit(c) == -1)
		return EXIT_FAIL;
	printf("removed log entry %" PRId64 " (%s)\n", id,
	    date_format(l.day, d));
	return EXIT_OK;
}
