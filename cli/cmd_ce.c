/* SPDX-License-Identifier: ISC */
/*
 * `cetrack ce log|list|rm`: continuing-education activities. `ce log` is
 * the command people type most, so it checks everything before it writes
 * (hours, date, topics, approvals, credentials, certificate), writes in one
 * transaction, and then says which credentials the course counts toward,
 * warning when it counts toward none.
 */

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/cert.h"
#include "cli.h"
#include "base/date.h"
#include "base/model.h"
#include "store/store.h"
#include "store/store_org.h"
#include "base/util.h"

#define CE_MAX_NOMINAL	10000	/* 100 clock hours, in hundredths */
#define CE_MAX_ARGS	32	/* repeated options kept before checking */

static int	ce_log(struct cli *, int, char **);
static int	ce_list(struct cli *, int, char **);
static int	ce_rm(struct cli *, int, char **);
static int	ce_cert(struct cli *, int, char **);
static int	ce_edit(struct cli *, int, char **);
static void	ce_lists(const struct activity *, char *, size_t, char *,
		    size_t, char *, size_t);
static int	ce_hours_arg(struct cli *, const char *, struct hours_amount *);
static const char *ce_unit_plural(enum hours_unit);
static int	ce_topic_arg(struct cli *, struct activity *, const char *);
static int	ce_topic_amount(struct cli *, const struct activity *,
		    const char *, const char *, long *);
static int	ce_approval_arg(struct cli *, struct activity *, const char *);
static void	ce_counts_toward(struct cli *, const struct person *,
		    const struct activity *, char *, size_t);
static json_t	*ce_json_activity(const struct activity *);

static const char ce_usage[] =
    "usage: cetrack ce log TITLE --hours H [--person P] [--date DATE]\n"
    "                  [--provider P] [--approval BODY[:NUMBER]]...\n"
    "                  [--topic TOPIC[=H]]... [--format F] [--for CRED_ID]...\n"
    "                  [--certificate FILE]\n"
    "                  [--again]\n"
    "       cetrack ce edit ID [--title T] [--hours H] [--date DATE]\n"
    "                  [--provider P|none] [--approval BODY[:NUMBER]]...\n"
    "                  [--topic TOPIC[=H]]... [--format F] [--for CRED_ID]...\n"
    "                  [--certificate FILE|none]\n"
    "       cetrack ce list [--person P] [--cycle current|all] [--json]\n"
    "       cetrack ce rm ID\n"
    "       cetrack ce cert ID [-o FILE] [--json]\n";

static const char ce_edit_usage[] =
    "usage: cetrack ce edit ID [--title T] [--hours H] [--date DATE]\n"
    "                  [--provider P|none] [--approval BODY[:NUMBER]]...\n"
    "                  [--topic TOPIC[=H]]... [--format F] [--for CRED_ID]...\n"
    "                  [--certificate FILE|none]\n"
    "\n"
    "Correct an activity (see 'cetrack ce list' for its ID); what is not\n"
    "given stays. The options are those of ce log; a list option\n"
    "(--approval, --topic, --for) replaces the whole list, and\n"
    "'--approval none', '--topic none' or '--for all' empties it. The old\n"
    "and new values go to the audit log ('cetrack history').\n";

static const char ce_log_usage[] =
    "usage: cetrack ce log TITLE --hours H [--person P] [--date DATE]\n"
    "                  [--provider P] [--approval BODY[:NUMBER]]...\n"
    "                  [--topic TOPIC[=H]]... [--format F] [--for CRED_ID]...\n"
    "                  [--certificate FILE] [--again]\n"
    "\n"
    "Log a course, webinar or other CE activity as printed on its\n"
    "certificate. It counts toward every credential of the person whose\n"
    "rules accept it (or only those given with --for). The same activity\n"
    "(title, date, hours and provider) logged twice for one person is\n"
    "refused, naming the first, unless --again says it was taken twice.\n"
    "\n"
    "  --hours H            1.5, 1.5h, 90m, 1h30m, 0.15ceu, 3sem, 2qtr\n"
    "                       (more than 0, at most 100 clock hours)\n"
    "  --person P           id, external id or exact name (may be left out\n"
    "                       when the database holds one person)\n"
    "  --date DATE          completion date (default today; not in the\n"
    "                       future)\n"
    "  --provider P         who gave the course\n"
    "  --approval BODY[:NUMBER]\n"
    "                       approving body and approval number, e.g.\n"
    "                       CCMC:A1B2C3 or ANCC; repeatable\n"
    "  --topic TOPIC[=H]    a topic (ethics, law, ...), with the hours of the\n"
    "                       activity it covers (default: all); repeatable\n"
    "  --format F           " ACTIVITY_FORMATS "\n"
    "                       (default live)\n"
    "  --for CRED_ID        count only toward this credential; repeatable\n"
    "  --certificate FILE   store the certificate (a PDF or an image, at\n"
    "                       most [database] certificate_max_mb) in the\n"
    "                       database; 'cetrack ce cert ID' gives it back\n"
    "  --again              log it although the person has the same activity\n";

static const char ce_list_usage[] =
    "usage: cetrack ce list [--person P] [--cycle current|all] [--json]\n"
    "\n"
    "List a person's activities: those of the current cycles (since the\n"
    "earliest start of the person's open cycles; the default) or all.\n";

static const char ce_rm_usage[] =
    "usage: cetrack ce rm ID\n"
    "\n"
    "Remove an activity logged by mistake (the audit log keeps a record).\n";

static const char ce_cert_usage[] =
    "usage: cetrack ce cert ID [-o FILE] [--json]\n"
    "\n"
    "Show the certificate stored with activity ID (its file name, media\n"
    "type, size and SHA-256), or with -o write it out byte for byte.\n"
    "\n"
    "  -o, --output FILE    write the certificate to FILE (mode 0600,\n"
    "                       replaced whole, never through a symbolic\n"
    "                       link); - for standard output\n"
    "  --json               show it as JSON\n";

static const struct cli_sub ce_subs[] = {
	{ "log",	"ce log",	ce_log, 0 },
	{ "list",	"ce list",	ce_list, 0 },
	{ "rm",		"ce rm",	ce_rm, 0 },
	{ "edit",	"ce edit",	ce_edit, 0 },
	{ "cert",	"ce cert",	ce_cert, 0 }
};

int
cmd_ce(struct cli *c, int argc, char **argv)
{
	return cli_dispatch(c, ce_subs, ARRAY_SIZE(ce_subs), ce_usage, argc,
	    argv);
}

/* Parse --hours with errors that say what was wrong. */
static int
ce_hours_arg(struct cli *c, const char *arg, struct hours_amount *out)
{
	char		 num[HOURS_BUFSZ], nominal[HOURS_BUFSZ];
	const char	*p;
	long		 n;
	int		 digits = 0, zero = 1;

	if (hours_parse(arg, out) == 0) {
		n = hours_nominal_centi(out);
		if (n > CE_MAX_NOMINAL) {
			hours_format(n, nominal, sizeof(nominal));
			if (out->unit == HOURS_UNIT_HOUR)
				cli_error(c, EXIT_USAGE, "--hours: %s h is more "
				    "than one activity can carry (at most "
				    "100 h)", nominal);
			else
				cli_error(c, EXIT_USAGE, "--hours: %s (%s h) is "
				    "more than one activity can carry (at most "
				    "100 h)", hours_format_amount(out, num,
				    sizeof(num)), nominal);
			return -1;
		}
		return 0;
	}
	if (arg[0] == '-') {
		cli_error(c, EXIT_USAGE, "--hours: %s is negative, expected a "
		    "positive amount such as 1.5 or 90m", arg);
		return -1;
	}
	for (p = arg; (*p >= '0' && *p <= '9') || *p == '.'; p++) {
		if (*p != '.')
			digits++;
		if (*p != '0' && *p != '.')
			zero = 0;
	}
	if (digits > 0 && zero) {
		cli_error(c, EXIT_USAGE, "--hours: %s is not more than zero, "
		    "expected a positive amount such as 1.5 or 90m", arg);
		return -1;
	}
	cli_error(c, EXIT_USAGE, "--hours: '%s' is not an amount, expected "
	    "hours such as 1.5, 90m, 1h30m, 0.15ceu, 3sem or 2qtr (at most 2 "
	    "decimals)", arg);
	return -1;
}



static const char *
ce_unit_plural(enum hours_unit u)
{
	switch (u) {
	case HOURS_UNIT_HOUR:
		return "hours";
	case HOURS_UNIT_MINUTE:
		return "minutes";
	case HOURS_UNIT_CEU:
		return "CEUs";
	case HOURS_UNIT_SEMESTER:
		return "semester credits";
	case HOURS_UNIT_QUARTER:
		return "quarter credits";
	}
	return "?";
}

/*
 * A topic's hours in the activity's unit. Clock hours and minutes convert
 * into each other (rounding down); other units must match.
 */
static int
ce_topic_amount(struct cli *c, const struct activity *a, const char *topic,
    const char *arg, long *out)
{
	struct hours_amount	t;
	long			v;

	if (hours_parse(arg, &t) == -1) {
		cli_error(c, EXIT_USAGE, "--topic: %s=%s: '%s' is not an "
		    "amount, expected TOPIC=H with H such as 1, 0.5 or 30m",
		    topic, arg, arg);
		return -1;
	}
	if (t.unit == a->amount.unit)
		v = t.centi;
	else if (t.unit == HOURS_UNIT_MINUTE &&
	    a->amount.unit == HOURS_UNIT_HOUR)
		v = t.centi / 60;
	else if (t.unit == HOURS_UNIT_HOUR &&
	    a->amount.unit == HOURS_UNIT_MINUTE) {
		if (__builtin_mul_overflow(t.centi, 60L, &v))
			v = LONG_MAX;
	} else {
		cli_error(c, EXIT_USAGE, "--topic: %s=%s is in %s but --hours "
		    "is in %s, expected the same unit", topic, arg,
		    ce_unit_plural(t.unit), ce_unit_plural(a->amount.unit));
		return -1;
	}
	if (v <= 0) {
		cli_error(c, EXIT_USAGE, "--topic: %s=%s is less than 0.01 of "
		    "the activity's unit, expected a larger amount", topic,
		    arg);
		return -1;
	}
	*out = v;
	return 0;
}

/* TOPIC[=H]; the amount is checked against --hours later. */
static int
ce_topic_arg(struct cli *c, struct activity *a, const char *arg)
{
	struct activity_topic	*t;
	const char		*eq;
	size_t			 n, i;

	if (a->ntopics >= ACT_MAX_TOPICS) {
		cli_error(c, EXIT_USAGE, "--topic: more than %d topics, expected "
		    "at most %d", ACT_MAX_TOPICS, ACT_MAX_TOPICS);
		return -1;
	}
	t = &a->topics[a->ntopics];
	n = (eq = strchr(arg, '=')) != NULL ? (size_t)(eq - arg) : strlen(arg);
	if (n == 0 || n >= sizeof(t->topic))
		goto bad;
	for (i = 0; i < n; i++)
		t->topic[i] = (char)tolower((unsigned char)arg[i]);
	t->topic[n] = '\0';
	if (!model_word_ok(t->topic, 0))
		goto bad;
	for (i = 0; i < a->ntopics; i++) {
		if (strcmp(a->topics[i].topic, t->topic) == 0) {
			cli_error(c, EXIT_USAGE, "--topic: %s is given twice, "
			    "expected each topic once", t->topic);
			return -1;
		}
	}
	t->centi = -1;
	if (eq != NULL && ce_topic_amount(c, a, t->topic, eq + 1,
	    &t->centi) == -1)
		return -1;
	a->ntopics++;
	return 0;
bad:
	cli_error(c, EXIT_USAGE, "--topic: '%s' is not a topic, expected "
	    "TOPIC[=H] with TOPIC made of a-z, 0-9 and - (e.g. ethics=1.5)",
	    arg);
	return -1;
}

/* BODY[:NUMBER]: "CCMC:A1B2C3", "ancc" (upper-cased). */
static int
ce_approval_arg(struct cli *c, struct activity *a, const char *arg)
{
	struct activity_approval	*ap;
	const char			*colon;
	size_t				 n, i;

	if (a->napprovals >= ACT_MAX_APPROVALS) {
		cli_error(c, EXIT_USAGE, "--approval: more than %d approvals, "
		    "expected at most %d", ACT_MAX_APPROVALS, ACT_MAX_APPROVALS);
		return -1;
	}
	ap = &a->approvals[a->napprovals];
	colon = strchr(arg, ':');
	n = colon != NULL ? (size_t)(colon - arg) : strlen(arg);
	if (n == 0 || n >= sizeof(ap->body))
		goto bad;
	for (i = 0; i < n; i++)
		ap->body[i] = (char)toupper((unsigned char)arg[i]);
	ap->body[n] = '\0';
	if (!model_word_ok(ap->body, 1))
		goto bad;
	for (i = 0; i < a->napprovals; i++) {
		if (strcmp(a->approvals[i].body, ap->body) == 0) {
			cli_error(c, EXIT_USAGE, "--approval: %s is given twice, "
			    "expected each approving body once", ap->body);
			return -1;
		}
	}
	ap->number[0] = '\0';
	if (colon != NULL) {
		if (cli_text_arg(c, "--approval", colon + 1, APPROVAL_MAX_LEN,
		    1) == -1)
			return -1;
		cet_strlcpy(ap->number, colon + 1, sizeof(ap->number));
	}
	a->napprovals++;
	return 0;
bad:
	cli_error(c, EXIT_USAGE, "--approval: '%s' is not an approval, "
	    "expected BODY[:NUMBER] with BODY made of letters, digits and - "
	    "(e.g. CCMC:A1B2C3)", arg);
	return -1;
}

/*
 * The codes of the person's active credentials the activity counts
 * toward ("CCM, RN-CA"): named by --for (or all), accepted by the
 * program's approver rules, and in a unit the program takes.
 */
static void
ce_counts_toward(struct cli *c, const struct person *p,
    const struct activity *a, char *buf, size_t len)
{
	const struct program	*prog;
	struct credential	*v = NULL;
	char			 err[1024];
	size_t			 n = 0, i, j, used = 0;
	long			 conv;
	int			 w;

	buf[0] = '\0';
	if (store_cred_list(&c->db, p->id, &v, &n, err, sizeof(err)) == -1)
		return;
	for (i = 0; i < n; i++) {
		if (v[i].status != CRED_ACTIVE)
			continue;
		if (a->ntargets > 0) {
			for (j = 0; j < a->ntargets; j++)
				if (a->targets[j] == v[i].id)
					break;
			if (j == a->ntargets)
				continue;
		}
		if ((prog = programs_find(&c->progs, v[i].program)) == NULL ||
		    !program_accepts(prog, a) ||
		    hours_convert(&a->amount, &prog->conv, &conv) == -1)
			continue;
		w = snprintf(buf + used, len - used, "%s%s",
		    used > 0 ? ", " : "", v[i].program);
		if (w < 0 || (size_t)w >= len - used)
			break;
		used += (size_t)w;
	}
	free(v);
}

static int
ce_log(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "hours",	 required_argument,	NULL,	'H' },
		{ "person",	 required_argument,	NULL,	'p' },
		{ "date",	 required_argument,	NULL,	'd' },
		{ "provider",	 required_argument,	NULL,	'P' },
		{ "approval",	 required_argument,	NULL,	'a' },
		{ "topic",	 required_argument,	NULL,	't' },
		{ "format",	 required_argument,	NULL,	'f' },
		{ "for",	 required_argument,	NULL,	'F' },
		{ "certificate", required_argument,	NULL,	'C' },
		{ "again",	 no_argument,		NULL,	'A' },
		{ "help",	 no_argument,		NULL,	'h' },
		{ NULL,		 0,			NULL,	0 }
	};
	struct activity		 a, same;
	int64_t			 same_id;
	int			 again = 0;
	struct person		 person;
	struct credential	 cr;
	const char		*hours = NULL, *pref = NULL, *date = NULL;
	const char		*provider = NULL, *format = "live";
	const char		*cert = NULL;
	const char		*topics[CE_MAX_ARGS], *approvals[CE_MAX_ARGS];
	const char		*fors[CE_MAX_ARGS];
	struct cert		 cf;
	char			 err[1024], amt[64], toward[512];
	char			 h1[HOURS_BUFSZ], h2[HOURS_BUFSZ];
	char			 day[DATE_BUFSZ];
	struct hours_amount	 sum;
	size_t			 ntopics = 0, napprovals = 0, nfors = 0, i, j;
	int64_t			 id;
	int			 ch, intx = 0, rc = EXIT_FAIL;

	memset(&a, 0, sizeof(a));
	memset(&cf, 0, sizeof(cf));
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'H':
			hours = optarg;
			break;
		case 'p':
			pref = optarg;
			break;
		case 'd':
			date = optarg;
			break;
		case 'P':
			provider = optarg;
			break;
		case 'a':
			if (napprovals == CE_MAX_ARGS)
				return cli_error(c, EXIT_USAGE, "--approval: "
				    "too many, expected at most %d",
				    ACT_MAX_APPROVALS);
			approvals[napprovals++] = optarg;
			break;
		case 't':
			if (ntopics == CE_MAX_ARGS)
				return cli_error(c, EXIT_USAGE, "--topic: too "
				    "many, expected at most %d",
				    ACT_MAX_TOPICS);
			topics[ntopics++] = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 'F':
			if (nfors == CE_MAX_ARGS)
				return cli_error(c, EXIT_USAGE, "--for: too "
				    "many, expected at most %d",
				    ACT_MAX_TARGETS);
			fors[nfors++] = optarg;
			break;
		case 'C':
			cert = optarg;
			break;
		case 'A':
			again = 1;
			break;
		case 'h':
			return cli_help(ce_log_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind == argc)
		return cli_error(c, EXIT_USAGE, "TITLE: missing, expected the "
		    "activity's title as printed on its certificate");
	if (argc - optind > 1)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'; "
		    "quote a TITLE with spaces", argv[optind + 1]);

	/* The form of every argument, before anything is read or written. */
	if (cli_text_arg(c, "TITLE", argv[optind], TITLE_MAX_LEN, 0) == -1)
		return EXIT_USAGE;
	cet_strlcpy(a.title, argv[optind], sizeof(a.title));
	if (hours == NULL)
		return cli_error(c, EXIT_USAGE, "--hours: missing, expected "
		    "hours such as 1.5, 90m, 1h30m or 0.15ceu");
	if (ce_hours_arg(c, hours, &a.amount) == -1)
		return EXIT_USAGE;
	a.date = c->today;
	if (date != NULL) {
		if (cli_date_arg(c, "--date", date, &a.date) == -1)
			return EXIT_USAGE;
		if (a.date > c->today)
			return cli_error(c, EXIT_USAGE, "--date: %s is in the "
			    "future, expected a completion date on or before "
			    "today", date_format(a.date, day));
	}
	if (provider != NULL) {
		if (cli_text_arg(c, "--provider", provider, PROVIDER_MAX_LEN,
		    0) == -1)
			return EXIT_USAGE;
		cet_strlcpy(a.provider, provider, sizeof(a.provider));
	}
	for (i = 0; i < napprovals; i++) {
		if (ce_approval_arg(c, &a, approvals[i]) == -1)
			return EXIT_USAGE;
	}
	memset(&sum, 0, sizeof(sum));
	sum.unit = a.amount.unit;
	for (i = 0; i < ntopics; i++) {
		if (ce_topic_arg(c, &a, topics[i]) == -1)
			return EXIT_USAGE;
		if (a.topics[i].centi > 0 && __builtin_add_overflow(sum.centi,
		    a.topics[i].centi, &sum.centi))
			sum.centi = LONG_MAX;
	}
	if (sum.centi > a.amount.centi)
		return cli_error(c, EXIT_USAGE, "--topic: topic hours (%s) "
		    "exceed the activity's hours (%s)",
		    hours_format_amount(&sum, h1, sizeof(h1)),
		    hours_format_amount(&a.amount, h2, sizeof(h2)));
	if (!activity_format_ok(format))
		return cli_error(c, EXIT_USAGE, "--format: '%s' is not a "
		    "format, expected one of %s", format, ACTIVITY_FORMATS);
	cet_strlcpy(a.format, format, sizeof(a.format));
	for (i = 0; i < nfors; i++) {
		if (cli_id_arg(c, "--for", fors[i], &id) == -1)
			return EXIT_USAGE;
		for (j = 0; j < a.ntargets; j++)
			if (a.targets[j] == id)
				break;
		if (j < a.ntargets)
			continue;
		if (a.ntargets == ACT_MAX_TARGETS)
			return cli_error(c, EXIT_USAGE, "--for: more than %d "
			    "credentials, expected at most %d",
			    ACT_MAX_TARGETS, ACT_MAX_TARGETS);
		a.targets[a.ntargets++] = id;
	}
	if (cert != NULL && cert[0] == '\0')
		return cli_error(c, EXIT_USAGE, "--certificate: empty, "
		    "expected a file");

	/* Then the data: the person and the credentials named. */
	if (cli_person(c, pref, &person) == -1)
		return EXIT_FAIL;
	a.person_id = person.id;
	for (i = 0; i < a.ntargets; i++) {
		if (store_cred_get(&c->db, a.targets[i], &cr, err,
		    sizeof(err)) == -1)
			return cli_error(c, EXIT_FAIL, "--for: %s", err);
		if (cr.person_id != person.id)
			return cli_error(c, EXIT_FAIL, "--for: credential %"
			    PRId64 " is not %s's, expected one of their "
			    "credentials (see 'cetrack cred list --person "
			    "%" PRId64 "')", cr.id, person.name, person.id);
	}

	/*
	 * The same course logged twice would count twice: refused, naming
	 * the first, unless --again says it was really taken twice.
	 */
	if (!again) {
		if (store_activity_same(&c->db, &a, &same_id, err,
		    sizeof(err)) == -1)
			return cli_error(c, EXIT_FAIL, "%s", err);
		if (same_id != 0 && store_activity_get(&c->db, same_id, &same,
		    err, sizeof(err)) == 0 && strcmp(same.provider,
		    a.provider) == 0)
			return cli_error(c, EXIT_FAIL, "TITLE: %s already has "
			    "this activity (%" PRId64 ": same title, date, hours "
			    "and provider); give --again if it was taken twice",
			    person.name, same_id);
	}

	/* The file read whole before the transaction; its digest goes into
	 * the row, its bytes into the same transaction. */
	if (cert != NULL) {
		if (cert_read(cert, (long long)c->cfg.cert_max_mb * 1024 * 1024,
		    &cf, err, sizeof(err)) == -1)
			return cli_error(c, EXIT_FAIL, "--certificate: %s",
			    err);
		(void)cet_strlcpy(a.certificate, cf.digest,
		    sizeof(a.certificate));
	}
	if (cli_begin(c) == -1)
		goto out;
	intx = 1;
	if (cert != NULL && store_cert_put(&c->db, &cf, NULL, err,
	    sizeof(err)) == -1) {
		cli_error(c, EXIT_FAIL, "--certificate: %s", err);
		goto out;
	}
	if (store_activity_add(&c->db, &a, err, sizeof(err)) == -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		goto out;
	}
	intx = 0;
	if (cli_commit(c) == -1)
		goto out;

	ce_counts_toward(c, &person, &a, toward, sizeof(toward));
	cli_amount(&a.amount, amt, sizeof(amt));
	if (toward[0] != '\0')
		printf("logged activity %" PRId64 ": %s (%s) for %s\n", a.id,
		    a.title, amt, toward);
	else {
		printf("logged activity %" PRId64 ": %s (%s)\n", a.id, a.title,
		    amt);
		cli_warn(c, "counts toward none of %s's credentials",
		    person.name);
	}
	rc = EXIT_OK;
out:
	if (intx)
		cli_rollback(c);
	cert_free(&cf);
	return rc;
}

/* An activity's list option as text, for the audit row. */
static void
ce_lists(const struct activity *a, char *t, size_t tl, char *ap, size_t al,
    char *f, size_t fl)
{
	char	h[HOURS_BUFSZ];
	size_t	i, n;

	t[0] = ap[0] = f[0] = '\0';
	for (i = 0; i < a->ntopics; i++) {
		n = strlen(t);
		if (a->topics[i].centi < 0)
			(void)cet_fmt(t + n, tl - n, "%s%s", i ? "," : "",
			    a->topics[i].topic);
		else {
			struct hours_amount x = { a->amount.unit,
			    a->topics[i].centi };

			(void)cet_fmt(t + n, tl - n, "%s%s=%s", i ? "," : "",
			    a->topics[i].topic, hours_format_amount(&x, h,
			    sizeof(h)));
		}
	}
	for (i = 0; i < a->napprovals; i++) {
		n = strlen(ap);
		(void)cet_fmt(ap + n, al - n, "%s%s%s%s", i ? "," : "",
		    a->approvals[i].body, a->approvals[i].number[0] ? ":" : "",
		    a->approvals[i].number);
	}
	for (i = 0; i < a->ntargets; i++) {
		n = strlen(f);
		(void)cet_fmt(f + n, fl - n, "%s%lld", i ? "," : "",
		    (long long)a->targets[i]);
	}
}

static int
ce_edit(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "title",	 required_argument,	NULL,	'T' },
		{ "hours",	 required_argument,	NULL,	'H' },
		{ "date",	 required_argument,	NULL,	'd' },
		{ "provider",	 required_argument,	NULL,	'P' },
		{ "approval",	 required_argument,	NULL,	'a' },
		{ "topic",	 required_argument,	NULL,	't' },
		{ "format",	 required_argument,	NULL,	'f' },
		{ "for",	 required_argument,	NULL,	'F' },
		{ "certificate", required_argument,	NULL,	'C' },
		{ "help",	 no_argument,		NULL,	'h' },
		{ NULL,		 0,			NULL,	0 }
	};
	struct activity		 a, old;
	struct person		 person;
	struct credential	 cr;
	const char		*title = NULL, *hours = NULL, *date = NULL;
	const char		*provider = NULL, *format = NULL;
	const char		*certarg = NULL;
	struct cert		 cf;
	int			 newcert = 0;
	const char		*topics[CE_MAX_ARGS], *approvals[CE_MAX_ARGS];
	const char		*fors[CE_MAX_ARGS];
	char			 err[1024], diff[2048] = "", detail[2304];
	char			 o1[512], o2[512], o3[256], n1[512], n2[512];
	char			 n3[256], h1[HOURS_BUFSZ], h2[HOURS_BUFSZ];
	char			 d1[DATE_BUFSZ], d2[DATE_BUFSZ], toward[512];
	struct hours_amount	 sum;
	size_t			 ntopics = 0, napprovals = 0, nfors = 0, i, j;
	int64_t			 id, cid;
	int			 ch;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'T':
			title = optarg;
			break;
		case 'H':
			hours = optarg;
			break;
		case 'd':
			date = optarg;
			break;
		case 'P':
			provider = optarg;
			break;
		case 'a':
			if (napprovals == CE_MAX_ARGS)
				return cli_error(c, EXIT_USAGE, "--approval: "
				    "too many, expected at most %d",
				    ACT_MAX_APPROVALS);
			approvals[napprovals++] = optarg;
			break;
		case 't':
			if (ntopics == CE_MAX_ARGS)
				return cli_error(c, EXIT_USAGE, "--topic: too "
				    "many, expected at most %d",
				    ACT_MAX_TOPICS);
			topics[ntopics++] = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 'F':
			if (nfors == CE_MAX_ARGS)
				return cli_error(c, EXIT_USAGE, "--for: too "
				    "many, expected at most %d",
				    ACT_MAX_TARGETS);
			fors[nfors++] = optarg;
			break;
		case 'C':
			certarg = optarg;
			break;
		case 'h':
			return cli_help(ce_edit_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind == argc)
		return cli_error(c, EXIT_USAGE, "ID: missing, expected an "
		    "activity id; see 'cetrack ce list'");
	if (argc - optind > 1)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'; "
		    "give a new title with --title", argv[optind + 1]);
	if (cli_id_arg(c, "ID", argv[optind], &id) == -1)
		return EXIT_USAGE;
	if (title == NULL && hours == NULL && date == NULL &&
	    provider == NULL && format == NULL && ntopics == 0 &&
	    napprovals == 0 && nfors == 0 && certarg == NULL)
		return cli_error(c, EXIT_USAGE, "nothing to change, expected "
		    "--title, --hours, --date, --provider, --approval, "
		    "--topic, --format, --for or --certificate");
	if (certarg != NULL && certarg[0] == '\0')
		return cli_error(c, EXIT_USAGE, "--certificate: empty, "
		    "expected a file, or none");
	if (cli_open_db(c) == -1)
		return EXIT_FAIL;
	if (store_activity_get(&c->db, id, &old, err, sizeof(err)) == -1)
		return cli_error(c, EXIT_FAIL, "ID: %s; see 'cetrack ce list'",
		    err);
	a = old;

	/* The new values, checked as ce log checks them. */
	if (title != NULL) {
		if (cli_text_arg(c, "--title", title, TITLE_MAX_LEN, 0) == -1)
			return EXIT_USAGE;
		cet_strlcpy(a.title, title, sizeof(a.title));
	}
	if (hours != NULL && ce_hours_arg(c, hours, &a.amount) == -1)
		return EXIT_USAGE;
	if (date != NULL) {
		if (cli_date_arg(c, "--date", date, &a.date) == -1)
			return EXIT_USAGE;
		if (a.date > c->today)
			return cli_error(c, EXIT_USAGE, "--date: %s is in the "
			    "future, expected a completion date on or before "
			    "today", date_format(a.date, d1));
	}
	if (provider != NULL) {
		if (strcmp(provider, "none") == 0)
			a.provider[0] = '\0';
		else if (cli_text_arg(c, "--provider", provider,
		    PROVIDER_MAX_LEN, 0) == -1)
			return EXIT_USAGE;
		else
			cet_strlcpy(a.provider, provider, sizeof(a.provider));
	}
	if (napprovals > 0) {
		a.napprovals = 0;
		for (i = 0; i < napprovals; i++) {
			if (napprovals == 1 && strcmp(approvals[i], "none") == 0)
				break;
			if (ce_approval_arg(c, &a, approvals[i]) == -1)
				return EXIT_USAGE;
		}
	}
	if (ntopics > 0) {
		a.ntopics = 0;
		for (i = 0; i < ntopics; i++) {
			if (ntopics == 1 && strcmp(topics[i], "none") == 0)
				break;
			if (ce_topic_arg(c, &a, topics[i]) == -1)
				return EXIT_USAGE;
		}
	} else if (hours != NULL && a.amount.unit != old.amount.unit) {
		/* Topic hours are in the activity's unit. */
		for (i = 0; i < a.ntopics; i++)
			if (a.topics[i].centi >= 0)
				return cli_error(c, EXIT_USAGE, "--hours: the "
				    "unit changes and the topics have hours "
				    "of their own; give the --topic options "
				    "again");
	}
	memset(&sum, 0, sizeof(sum));
	sum.unit = a.amount.unit;
	for (i = 0; i < a.ntopics; i++)
		if (a.topics[i].centi > 0 && __builtin_add_overflow(sum.centi,
		    a.topics[i].centi, &sum.centi))
			sum.centi = LONG_MAX;
	if (sum.centi > a.amount.centi)
		return cli_error(c, EXIT_USAGE, "--topic: topic hours (%s) "
		    "exceed the activity's hours (%s)",
		    hours_format_amount(&sum, h1, sizeof(h1)),
		    hours_format_amount(&a.amount, h2, sizeof(h2)));
	if (format != NULL) {
		if (!activity_format_ok(format))
			return cli_error(c, EXIT_USAGE, "--format: '%s' is not "
			    "a format, expected one of %s", format,
			    ACTIVITY_FORMATS);
		cet_strlcpy(a.format, format, sizeof(a.format));
	}
	if (nfors > 0) {
		a.ntargets = 0;
		for (i = 0; i < nfors; i++) {
			if (nfors == 1 && strcmp(fors[i], "all") == 0)
				break;
			if (cli_id_arg(c, "--for", fors[i], &cid) == -1)
				return EXIT_USAGE;
			for (j = 0; j < a.ntargets; j++)
				if (a.targets[j] == cid)
					break;
			if (j < a.ntargets)
				continue;
			if (a.ntargets == ACT_MAX_TARGETS)
				return cli_error(c, EXIT_USAGE, "--for: more "
				    "than %d credentials, expected at most %d",
				    ACT_MAX_TARGETS, ACT_MAX_TARGETS);
			a.targets[a.ntargets++] = cid;
		}
	}
	if (store_person_get(&c->db, a.person_id, &person, err,
	    sizeof(err)) == -1)
		return cli_error(c, EXIT_FAIL, "%s", err);
	for (i = 0; i < a.ntargets; i++) {
		if (store_cred_get(&c->db, a.targets[i], &cr, err,
		    sizeof(err)) == -1)
			return cli_error(c, EXIT_FAIL, "--for: %s", err);
		if (cr.person_id != person.id)
			return cli_error(c, EXIT_FAIL, "--for: credential %"
			    PRId64 " is not %s's, expected one of their "
			    "credentials (see 'cetrack cred list --person "
			    "%" PRId64 "')", cr.id, person.name, person.id);
	}

	/* A certificate read whole before the transaction, as ce log. */
	if (certarg != NULL && strcmp(certarg, "none") == 0)
		a.certificate[0] = '\0';
	else if (certarg != NULL) {
		if (cert_read(certarg, (long long)c->cfg.cert_max_mb * 1024 *
		    1024, &cf, err, sizeof(err)) == -1)
			return cli_error(c, EXIT_FAIL, "--certificate: %s",
			    err);
		(void)cet_strlcpy(a.certificate, cf.digest,
		    sizeof(a.certificate));
		newcert = 1;
	}

	/* What changed, old and new, for the audit log. */
	cli_diff(diff, sizeof(diff), "title", old.title, a.title);
	cli_diff(diff, sizeof(diff), "hours", hours_format_amount(&old.amount,
	    h1, sizeof(h1)), hours_format_amount(&a.amount, h2, sizeof(h2)));
	cli_diff(diff, sizeof(diff), "date", date_format(old.date, d1),
	    date_format(a.date, d2));
	cli_diff(diff, sizeof(diff), "provider", old.provider, a.provider);
	cli_diff(diff, sizeof(diff), "format", old.format, a.format);
	cli_diff(diff, sizeof(diff), "certificate", old.certificate,
	    a.certificate);
	ce_lists(&old, o1, sizeof(o1), o2, sizeof(o2), o3, sizeof(o3));
	ce_lists(&a, n1, sizeof(n1), n2, sizeof(n2), n3, sizeof(n3));
	cli_diff(diff, sizeof(diff), "topics", o1, n1);
	cli_diff(diff, sizeof(diff), "approvals", o2, n2);
	cli_diff(diff, sizeof(diff), "credentials", o3[0] ? o3 : "all",
	    n3[0] ? n3 : "all");
	if (diff[0] == '\0') {
		if (newcert)
			cert_free(&cf);
		printf("activity %" PRId64 " (%s) unchanged\n", id, a.title);
		return EXIT_OK;
	}
	(void)cet_fmt(detail, sizeof(detail), "%s (person %" PRId64 "): %s",
	    old.title, a.person_id, diff);
	if (cli_begin(c) == -1) {
		if (newcert)
			cert_free(&cf);
		return EXIT_FAIL;
	}
	if ((newcert && store_cert_put(&c->db, &cf, NULL, err,
	    sizeof(err)) == -1) || store_activity_update(&c->db, &a, detail,
	    err, sizeof(err)) == -1) {
		cli_rollback(c);
		if (newcert)
			cert_free(&cf);
		return cli_error(c, EXIT_FAIL, "%s", err);
	}
	if (newcert)
		cert_free(&cf);
	if (cli_commit(c) == -1)
		return EXIT_FAIL;
	printf("edited activity %" PRId64 ": %s\n", id, diff);
	ce_counts_toward(c, &person, &a, toward, sizeof(toward));
	if (toward[0] == '\0')
		cli_warn(c, "counts toward none of %s's credentials",
		    person.name);
	return EXIT_OK;
}

static json_t *
ce_json_activity(const struct activity *a)
{
	json_t	*topics, *approvals, *targets, *o;
	size_t	 i;

	topics = json_array();
	approvals = json_array();
	targets = json_array();
	if (topics == NULL || approvals == NULL || targets == NULL)
		goto fail;
	for (i = 0; i < a->ntopics; i++) {
		o = json_pack("{s:s, s:o}", "topic", a->topics[i].topic,
		    "amount", a->topics[i].centi < 0 ? json_null() :
		    cli_json_hours(a->topics[i].centi));
		if (json_array_append_new(topics, o) == -1)
			goto fail;
	}
	for (i = 0; i < a->napprovals; i++) {
		o = json_pack("{s:s, s:o}", "body", a->approvals[i].body,
		    "number", cli_json_str(a->approvals[i].number));
		if (json_array_append_new(approvals, o) == -1)
			goto fail;
	}
	for (i = 0; i < a->ntargets; i++) {
		if (json_array_append_new(targets,
		    json_integer((json_int_t)a->targets[i])) == -1)
			goto fail;
	}
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:o, "
	    "s:o, s:o}",
	    "id", (json_int_t)a->id,
	    "date", cli_json_date(a->date),
	    "title", cli_json_str(a->title),
	    "provider", cli_json_str(a->provider),
	    "format", cli_json_str(a->format),
	    "amount", cli_json_hours(a->amount.centi),
	    "unit", hours_unit_name(a->amount.unit),
	    "hours", cli_json_hours(hours_nominal_centi(&a->amount)),
	    "topics", topics,
	    "approvals", approvals,
	    "for", targets,
	    "certificate", cli_json_str(a->certificate));
fail:
	json_decref(topics);
	json_decref(approvals);
	json_decref(targets);
	return NULL;
}

static int
ce_list(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "person",	required_argument,	NULL,	'p' },
		{ "cycle",	required_argument,	NULL,	'c' },
		{ "json",	no_argument,		NULL,	'j' },
		{ "help",	no_argument,		NULL,	'h' },
		{ NULL,		0,			NULL,	0 }
	};
	struct person		 person;
	struct credential	*creds = NULL;
	struct activity		*acts = NULL;
	struct cycle		 cy;
	const char		*pref = NULL, *cycle = "current";
	json_t			*arr = NULL, *o;
	char			 err[1024], day[DATE_BUFSZ], amt[64];
	char			 h[HOURS_BUFSZ], idbuf[32];
	size_t			 ncreds = 0, nacts = 0, i, j;
	int			 ch, json = 0, all, from = INT_MIN;
	int			 rc = EXIT_FAIL;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			pref = optarg;
			break;
		case 'c':
			cycle = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(ce_list_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind != argc)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'; see "
		    "'cetrack ce list --help'", argv[optind]);
	if (strcmp(cycle, "current") != 0 && strcmp(cycle, "all") != 0)
		return cli_error(c, EXIT_USAGE, "--cycle: '%s' is not a choice, "
		    "expected current or all", cycle);
	all = strcmp(cycle, "all") == 0;
	if (cli_person(c, pref, &person) == -1)
		return EXIT_FAIL;

	if (!all) {
		if (store_cred_list(&c->db, person.id, &creds, &ncreds, err,
		    sizeof(err)) == -1) {
			cli_error(c, EXIT_FAIL, "%s", err);
			goto out;
		}
		for (i = 0; i < ncreds; i++) {
			/* A credential without an open cycle is history. */
			if (store_cycle_open(&c->db, creds[i].id, &cy, err,
			    sizeof(err)) == -1)
				continue;
			if (from == INT_MIN || cy.start < from)
				from = cy.start;
		}
	}
	if (store_activity_list(&c->db, person.id, from, INT_MAX, &acts,
	    &nacts, err, sizeof(err)) == -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		goto out;
	}

	if (json) {
		if ((arr = json_array()) == NULL)
			goto oom;
		for (i = 0; i < nacts; i++) {
			if (json_array_append_new(arr,
			    ce_json_activity(&acts[i])) == -1)
				goto oom;
		}
		o = json_pack("{s:I, s:o, s:s, s:o, s:o}",
		    "person_id", (json_int_t)person.id,
		    "person", cli_json_str(person.name),
		    "cycle", all ? "all" : "current",
		    "from", cli_json_date(from),
		    "activities", arr);
		arr = NULL;
		rc = cli_json_print(o) == 0 ? EXIT_OK : EXIT_FAIL;
		goto out;
	}

	if (from != INT_MIN)
		printf("%s: activities since %s (current cycles)\n",
		    person.name, date_format(from, day));
	else
		printf("%s: all activities\n", person.name);
	if (nacts == 0) {
		printf("none logged; log one with 'cetrack ce log TITLE "
		    "--hours H'\n");
		rc = EXIT_OK;
		goto out;
	}
	printf("%4s  %-10s  %-9s  %-11s  %s\n", "ID", "DATE", "AMOUNT",
	    "FORMAT", "TITLE");
	for (i = 0; i < nacts; i++) {
		(void)cet_fmt(idbuf, sizeof(idbuf), "%" PRId64, acts[i].id);
		printf("%4s  %-10s  %-9s  %-11s  %s", idbuf,
		    date_format(acts[i].date, day),
		    cli_amount(&acts[i].amount, amt, sizeof(amt)),
		    acts[i].format, acts[i].title);
		for (j = 0; j < acts[i].ntopics; j++) {
			printf("%s%s", j == 0 ? " [" : ", ",
			    acts[i].topics[j].topic);
			if (acts[i].topics[j].centi >= 0)
				printf("=%s", hours_format(
				    acts[i].topics[j].centi, h, sizeof(h)));
		}
		if (acts[i].ntopics > 0)
			putchar(']');
		for (j = 0; j < acts[i].napprovals; j++) {
			printf("%s%s", j == 0 ? " (" : ", ",
			    acts[i].approvals[j].body);
			if (acts[i].approvals[j].number[0] != '\0')
				printf(" %s", acts[i].approvals[j].number);
		}
		if (acts[i].napprovals > 0)
			putchar(')');
		putchar('\n');
	}
	rc = EXIT_OK;
	goto out;
oom:
	cli_error(c, EXIT_FAIL, "out of memory");
out:
	json_decref(arr);
	free(creds);
	free(acts);
	return rc;
}

static int
ce_rm(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help",	no_argument,	NULL,	'h' },
		{ NULL,		0,		NULL,	0 }
	};
	struct activity	a;
	char		err[1024];
	int64_t		id;
	int		ch;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			return cli_help(ce_rm_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind == argc)
		return cli_error(c, EXIT_USAGE, "ID: missing, expected an "
		    "activity id; see 'cetrack ce list'");
	if (argc - optind > 1)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'",
		    argv[optind + 1]);
	if (cli_id_arg(c, "ID", argv[optind], &id) == -1)
		return EXIT_USAGE;
	if (cli_open_db(c) == -1)
		return EXIT_FAIL;
	if (store_activity_get(&c->db, id, &a, err, sizeof(err)) == -1)
		return cli_error(c, EXIT_FAIL, "%s", err);
	if (cli_begin(c) == -1)
		return EXIT_FAIL;
	if (store_activity_rm(&c->db, id, err, sizeof(err)) == -1) {
		cli_rollback(c);
		return cli_error(c, EXIT_FAIL, "%s", err);
	}
	if (cli_commit(c) == -1)
		return EXIT_FAIL;
	printf("removed activity %" PRId64 ": %s\n", id, a.title);
	return EXIT_OK;
}

/* `ce cert ID [-o FILE]`: the certificate of an activity, or what it is. */
static int
ce_cert(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output",	required_argument,	NULL,	'o' },
		{ "json",	no_argument,		NULL,	'j' },
		{ "help",	no_argument,		NULL,	'h' },
		{ NULL,		0,			NULL,	0 }
	};
	struct activity	 a;
	struct cert	 cf;
	const char	*out = NULL;
	char		 err[1024], size[32];
	int64_t		 id;
	int		 ch, json = 0, rc = EXIT_FAIL;

	memset(&cf, 0, sizeof(cf));
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":ho:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			out = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(ce_cert_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind == argc)
		return cli_error(c, EXIT_USAGE, "ID: missing, expected an "
		    "activity id; see 'cetrack ce list'");
	if (argc - optind > 1)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'",
		    argv[optind + 1]);
	if (cli_id_arg(c, "ID", argv[optind], &id) == -1)
		return EXIT_USAGE;
	if (out != NULL && out[0] == '\0')
		return cli_error(c, EXIT_USAGE, "-o: empty, expected a file, or "
		    "- for standard output");
	if (out != NULL && json)
		return cli_error(c, EXIT_USAGE, "--json: not with -o, expected "
		    "one of them");
	if (cli_open_db(c) == -1)
		return EXIT_FAIL;
	if (store_activity_get(&c->db, id, &a, err, sizeof(err)) == -1)
		return cli_error(c, EXIT_FAIL, "%s", err);
	if (a.certificate[0] == '\0')
		return cli_error(c, EXIT_FAIL, "activity %" PRId64 " (%s) has no "
		    "certificate; store one with 'cetrack ce log "
		    "--certificate FILE'", id, a.title);
	if (store_cert_get(&c->db, a.certificate, out != NULL, &cf, err,
	    sizeof(err)) == -1)
		return cli_error(c, EXIT_FAIL, "activity %" PRId64 ": %s; "
		    "'cetrack check' lists every such activity", id, err);
	if (out == NULL) {
		if (json)
			rc = cli_json_print(json_pack("{s:I, s:s, s:o, s:s, "
			    "s:I, s:s}", "activity", (json_int_t)id,
			    "digest", cf.digest, "name", cli_json_str(cf.name),
			    "media_type", cf.media_type, "size",
			    (json_int_t)cf.size, "created", cf.created)) == 0 ?
			    EXIT_OK : EXIT_FAIL;
		else {
			printf("activity %" PRId64 ": %s\n", id, a.title);
			printf("name:   %s\n", cf.name[0] != '\0' ? cf.name :
			    "(not known)");
			printf("type:   %s\n", cf.media_type);
			printf("size:   %s", cert_size_text(cf.size, size,
			    sizeof(size)));
			if (cf.size >= 1024)
				printf(" (%lld bytes)", cf.size);
			putchar('\n');
			printf("sha256: %s\n", cf.digest);
			printf("stored: %s\n", cf.created);
			rc = EXIT_OK;
		}
		goto out;
	}
	if (strcmp(out, "-") == 0) {
		if (fwrite(cf.data, 1, (size_t)cf.size, stdout) !=
		    (size_t)cf.size || fflush(stdout) == EOF) {
			cli_error(c, EXIT_FAIL, "-o: standard output: %s",
			    strerror(errno));
			goto out;
		}
		rc = EXIT_OK;
		goto out;
	}
	if (cli_write_file(c, "-o", out, cf.data, (size_t)cf.size) == -1)
		goto out;
	printf("wrote the certificate of activity %" PRId64 " to %s (%s, %s)\n",
	    id, out, cf.media_type, cert_size_text(cf.size, size,
	    sizeof(size)));
	rc = EXIT_OK;
out:
	cert_free(&cf);
	return rc;
}
