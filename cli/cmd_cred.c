/* SPDX-License-Identifier: ISC */
/*
 * `cetrack cred add|list|show|renew`: a person's credentials (licenses and
 * certifications) and their renewal cycles. Adding checks the dates
 * against the program's deadline rule so that a cycle can never start on a
 * date the board would not use; renewing closes the open cycle and opens
 * the next, carrying over the excess hours the compliance engine finds.
 * `cred set` gives a credential its own reminder days, a snooze and the
 * channels it opts out of.
 */

#include <ctype.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rules/compliance.h"
#include "base/date.h"
#include "base/model.h"
#include "store/store.h"
#include "store/store_notify.h"
#include "store/store_org.h"
#include "base/util.h"

#define CRED_MAX_RENEWAL_INDEX	100

static int	cred_add(struct cli *, int, char **);
static int	cred_list(struct cli *, int, char **);
static int	cred_show(struct cli *, int, char **);
static int	cred_renew(struct cli *, int, char **);
static int	cred_set(struct cli *, int, char **);
static int	cred_rm(struct cli *, int, char **);
static int	cred_verify(struct cli *, int, char **);
static int	cred_issued_arg(struct cli *, const char *, int *);
static void	cred_describe_reminders(const struct notify_settings *,
		    const struct config *, char *, size_t);
static const struct program *cred_program(struct cli *, const char *);
static int	cred_deadline_arg(struct cli *, const char *,
		    const struct program *, int);
static int	cred_attr_add(struct cli *, char *, size_t, const char *);
static int	cred_renewal_arg(struct cli *, const char *, int, long long *);
static int	cred_program_uses_attr(const struct program *, const char *);
static void	cred_warn_unknown_attrs(struct cli *, const struct program *,
		    const struct credential *);
static json_t	*cred_json_cycle(const struct cycle *);
static json_t	*cred_json_attrs(const char *);
static const struct cycle *cred_current(const struct cycle *, size_t);
static const struct person *cred_person_by_id(const struct person *, size_t,
		    int64_t);

static const char cred_usage[] =
    "usage: cetrack cred add PROGRAM --person P --number N [--state ST]\n"
    "                   [--valid-through DATE] [--cycle-start DATE]\n"
    "                   [--renewal-index N | --first-renewal] [--attr A]...\n"
    "       cetrack cred list [--person P] [--json]\n"
    "       cetrack cred show ID [--json]\n"
    "       cetrack cred renew ID [--on DATE] [--method ce|exam]\n"
    "                   [--valid-through DATE]\n"
    "       cetrack cred set ID [--remind DAYS|default|none]\n"
    "                   [--remind-after DAYS|default|none]\n"
    "                   [--snooze-until DATE|none] [--opt-out CHANNELS]\n"
    "                   [--renewal-index N | --first-renewal] [--attr A]...\n"
    "                   [--status active|retired|inactive] [--number N]\n"
    "                   [--state ST] [--valid-through DATE]\n"
    "       cetrack cred verify ID --on DATE --by NAME --source TEXT|URL\n"
    "       cetrack cred rm ID\n";

static const char cred_verify_usage[] =
    "usage: cetrack cred verify ID --on DATE --by NAME --source TEXT|URL\n"
    "\n"
    "Record a primary-source verification of a credential: that NAME\n"
    "checked it on DATE at SOURCE (the state board's license lookup,\n"
    "Nursys, the certifying body's registry; a name or a URL). Each one is\n"
    "kept, and audited; 'cred show' lists them and reports show the\n"
    "latest. A credential the [reports] policy wants verified and that\n"
    "has no current verification needs action in 'cetrack report'.\n"
    "\n"
    "  --on DATE          the day it was checked (YYYY-MM-DD, today or\n"
    "                     yesterday; not in the future)\n"
    "  --by NAME          who checked it (at most 127 bytes)\n"
    "  --source TEXT|URL  where (at most 511 bytes)\n";

static const char cred_rm_usage[] =
    "usage: cetrack cred rm ID\n"
    "\n"
    "Delete a credential entered by mistake, with its cycles and the links\n"
    "of activities to it (the activities stay, and count for the person's\n"
    "other credentials). The audit log keeps what it was. A credential\n"
    "that ended or was given up is not a mistake: 'cred set ID --status\n"
    "retired' keeps its history.\n";

static const char cred_add_usage[] =
    "usage: cetrack cred add PROGRAM --person P --number N [--state ST]\n"
    "                   [--valid-through DATE] [--cycle-start DATE]\n"
    "                   [--renewal-index N | --first-renewal] [--attr A]...\n"
    "                   [--issued DATE]\n"
    "\n"
    "Add a credential of PROGRAM (see 'cetrack programs list') and its\n"
    "current cycle.\n"
    "\n"
    "  --person P           id, external id or exact name (may be left out\n"
    "                       when the database holds one person)\n"
    "  --number N           the license or certificate number\n"
    "  --state ST           jurisdiction; defaults to the program's, and\n"
    "                       must be it when the program has one\n"
    "  --valid-through DATE the last day of the current cycle; required for\n"
    "                       anniversary programs, default the next deadline\n"
    "                       for fixed-date programs\n"
    "  --cycle-start DATE   default: one cycle before valid-through\n"
    "  --renewal-index N    which renewal this cycle ends in: 1 for the\n"
    "                       first renewal after initial licensure (at most\n"
    "                       100). Without it (or --first-renewal) the number\n"
    "                       is unknown: whatever a rule makes depend on it\n"
    "                       (first-renewal exemptions, every-Nth courses) is\n"
    "                       counted as owed until 'cred set ID\n"
    "                       --renewal-index N' gives it\n"
    "  --first-renewal      the same as --renewal-index 1: licensed during\n"
    "                       this cycle\n"
    "  --attr A             an attribute conditional rules use, e.g.\n"
    "                       direct-care (a-z, 0-9, -); repeatable\n"
    "  --issued DATE        the day it was first issued (licensed since),\n"
    "                       for the experience exams require\n"
    "\n"
    "DATE is YYYY-MM-DD, today or yesterday.\n";

static const char cred_list_usage[] =
    "usage: cetrack cred list [--person P] [--json]\n"
    "\n"
    "List credentials (everyone's, or one person's) with their\n"
    "jurisdiction, current cycle and status.\n";

static const char cred_show_usage[] =
    "usage: cetrack cred show ID [--json]\n"
    "\n"
    "Show a credential, its program, its reminder settings (the days\n"
    "before and after valid-through, each its own or the policy default;\n"
    "a snooze; channels opted out of), every cycle with its outcome, and\n"
    "its primary-source verifications, latest first ('cred verify').\n";

static const char cred_renew_usage[] =
    "usage: cetrack cred renew ID [--on DATE] [--method ce|exam]\n"
    "                   [--valid-through DATE]\n"
    "\n"
    "Record a renewal: close the open cycle and open the next one, which\n"
    "starts the day after the old valid-through date.\n"
    "\n"
    "  --on DATE            the day the renewal was granted (default today)\n"
    "  --method ce|exam     renewed by continuing education (default; the\n"
    "                       excess hours the program allows carry over) or\n"
    "                       by examination (nothing carries over)\n"
    "  --valid-through DATE the new cycle's last day (default: one cycle\n"
    "                       after the old one, by the program's rule)\n";

static const char cred_set_usage[] =
    "usage: cetrack cred set ID [--remind DAYS|default|none]\n"
    "                   [--remind-after DAYS|default|none]\n"
    "                   [--snooze-until DATE|none]\n"
    "                   [--opt-out email|webhook|all|none]\n"
    "                   [--renewal-index N | --first-renewal] [--attr A]...\n"
    "                   [--status active|retired|inactive] [--number N]\n"
    "                   [--state ST] [--valid-through DATE]\n"
    "                   [--issued DATE|none]\n"
    "\n"
    "Set which renewal a credential's open cycle ends in, its attributes,\n"
    "its status, corrections of its number, jurisdiction and current\n"
    "valid-through (checked as cred add checks them), or its own reminder\n"
    "settings; what is not given stays. Old and new values go to the\n"
    "audit log ('cetrack history').\n"
    "\n"
    "  --renewal-index N    the open cycle ends in renewal N (1: the first\n"
    "                       after initial licensure)\n"
    "  --first-renewal      the same as --renewal-index 1\n"
    "  --attr A             give the attribute A, or deny it with no-A\n"
    "                       (no-older-adults); either replaces the other.\n"
    "                       An attribute a rule depends on and that is\n"
    "                       neither given nor denied counts as owed\n"
    "  --status S           active, retired (given up: no CE owed) or\n"
    "                       inactive\n"
    "  --number N, --state ST, --valid-through DATE\n"
    "                       correct what cred add was told (the open\n"
    "                       cycle's last day)\n"
    "  --issued DATE|none   the day it was first issued, or not known\n"
    "  --remind DAYS        days before valid-through on which to remind,\n"
    "                       e.g. 120,60,30 (0 to 3650, at most 16); default:\n"
    "                       the configuration's [reminders] before; none:\n"
    "                       no reminders before the deadline\n"
    "  --remind-after DAYS  days after valid-through (1 to 3650), default\n"
    "                       or none, likewise\n"
    "  --snooze-until DATE  send nothing for this credential through DATE\n"
    "                       (today or later); none ends a snooze\n"
    "  --opt-out CHANNELS   email, webhook, email,webhook, all (every\n"
    "                       channel, log included) or none; replaces the\n"
    "                       previous choice\n"
    "\n"
    "Reminders that are not sent are still recorded (notify list shows them\n"
    "as skipped). DATE is YYYY-MM-DD, today or yesterday.\n";

static const struct cli_sub cred_subs[] = {
	{ "add",	"cred add",	cred_add, 0 },
	{ "list",	"cred list",	cred_list, 0 },
	{ "show",	"cred show",	cred_show, 0 },
	{ "renew",	"cred renew",	cred_renew, 0 },
	{ "set",	"cred set",	cred_set, 0 },
	{ "verify",	"cred verify",	cred_verify, 0 },
	{ "rm",		"cred rm",	cred_rm, 0 }
};

int
cmd_cred(struct cli *c, int argc, char **argv)
{
	return cli_dispatch(c, cred_subs, ARRAY_SIZE(cred_subs), cred_usage,
	    argc, argv);
}

/* Look a program up; an unknown code is a data problem (exit 1). */
static const struct program *
cred_program(struct cli *c, const char *code)
{
	const struct program	*p;

	if ((p = programs_find(&c->progs, code)) == NULL)
		cli_error(c, EXIT_FAIL, "unknown program '%s'; see 'cetrack "
		    "programs list'", code);
	return p;
}

/* A valid-through date must be one of the program's deadline dates. */
static int
cred_deadline_arg(struct cli *c, const char *field, const struct program *p,
    int day)
{
	char	rule[256], a[DATE_BUFSZ], b[DATE_BUFSZ];
	int	next;

	if (program_is_deadline(p, day))
		return 0;
	program_deadline_rule(p, rule, sizeof(rule));
	if ((next = program_next_deadline(p, day + 1)) == -1)
		cli_error(c, EXIT_USAGE, "%s: %s is not a deadline of %s, "
		    "expected %s", field, date_format(day, a), p->code, rule);
	else
		cli_error(c, EXIT_USAGE, "%s: %s is not a deadline of %s, "
		    "expected %s (the next is %s)", field, date_format(day, a),
		    p->code, rule, date_format(next, b));
	return -1;
}

/*
 * --renewal-index N and --first-renewal (the same as 1): *idx is N, 1, or
 * left as it is when neither is given. Prints the error; -1.
 */
static int
cred_renewal_arg(struct cli *c, const char *idx_arg, int first,
    long long *idx)
{
	long long	n = 1;

	if (idx_arg != NULL && cet_strtonum(idx_arg, 1, CRED_MAX_RENEWAL_INDEX,
	    &n) == -1) {
		cli_error(c, EXIT_USAGE, "--renewal-index: '%s' is not a "
		    "renewal index, expected a number from 1 to %d", idx_arg,
		    CRED_MAX_RENEWAL_INDEX);
		return -1;
	}
	if (first && idx_arg != NULL && n != 1) {
		cli_error(c, EXIT_USAGE, "--first-renewal: renewal 1, but "
		    "--renewal-index says %lld; give one of them", n);
		return -1;
	}
	if (idx_arg != NULL || first)
		*idx = n;
	return 0;
}

/* Validate one --attr and add it to the comma-joined list. */
static int
cred_attr_add(struct cli *c, char *attrs, size_t len, const char *arg)
{
	char		 a[ATTR_MAX_LEN];
	const char	*p;
	size_t		 n = strlen(arg), i;

	if (n == 0 || n >= sizeof(a))
		goto bad;
	for (i = 0, p = arg; *p != '\0'; p++, i++) {
		a[i] = (char)tolower((unsigned char)*p);
		if (!((a[i] >= 'a' && a[i] <= 'z') ||
		    (a[i] >= '0' && a[i] <= '9') || a[i] == '-'))
			goto bad;
	}
	a[i] = '\0';
	if (attrs_has(attrs, a))
		return 0;
	if (attrs_state(attrs, attr_base(a)) != -1) {
		cli_error(c, EXIT_USAGE, "--attr: '%s' and '%s%s' contradict "
		    "each other, expected one of them", attr_base(a), ATTR_NEG,
		    attr_base(a));
		return -1;
	}
	if (cet_fmt(attrs + strlen(attrs), len - strlen(attrs), "%s%s",
	    attrs[0] != '\0' ? "," : "", a) == -1) {
		cli_error(c, EXIT_USAGE, "--attr: too many attributes, "
		    "expected at most %d bytes in all", ATTRS_MAX_LEN - 1);
		return -1;
	}
	return 0;
bad:
	cli_error(c, EXIT_USAGE, "--attr: '%s' is not an attribute, expected "
	    "1 to %d letters, digits and dashes (e.g. direct-care, or "
	    "no-direct-care to deny it)", arg, ATTR_MAX_LEN - 1);
	return -1;
}

/* Whether any rule of the program looks at the attribute: a warning for
 * what is probably a typo. */
static int
cred_program_uses_attr(const struct program *p, const char *a)
{
	size_t	i;

	a = attr_base(a);
	if (strcmp(p->exempt_attr, a) == 0 ||
	    strcmp(p->first_renewal_attr, a) == 0)
		return 1;
	for (i = 0; i < p->nreqs; i++) {
		if (strcmp(p->reqs[i].attr, a) == 0 ||
		    strcmp(p->reqs[i].unless_attr, a) == 0)
			return 1;
	}
	return 0;
}

/*
 * Unknown means owed: name the attributes the program's requirements
 * depend on that the credential neither has nor denies, and how to give
 * them.
 */
static void
cred_warn_unknown_attrs(struct cli *c, const struct program *p,
    const struct credential *cr)
{
	char	 list[ATTRS_MAX_LEN] = "";
	size_t	 i;

	for (i = 0; i < p->nreqs; i++) {
		const char *a[2] = { p->reqs[i].attr, p->reqs[i].unless_attr };
		int k;

		for (k = 0; k < 2; k++)
			if (a[k][0] != '\0' && attrs_state(cr->attrs, a[k]) < 0 &&
			    !attrs_has(list, a[k]))
				(void)attrs_put(list, sizeof(list), a[k]);
	}
	if (list[0] == '\0')
		return;
	cli_warn(c, "%s's rules depend on attributes this credential does not "
	    "state (%s); each is counted as owed until 'cetrack cred set %"
	    PRId64 " --attr A' (or --attr no-A) gives it", p->code, list,
	    cr->id);
}

static int
cred_add(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "person",		required_argument,	NULL,	'p' },
		{ "number",		required_argument,	NULL,	'n' },
		{ "state",		required_argument,	NULL,	's' },
		{ "valid-through",	required_argument,	NULL,	'v' },
		{ "cycle-start",	required_argument,	NULL,	'S' },
		{ "renewal-index",	required_argument,	NULL,	'r' },
		{ "first-renewal",	no_argument,		NULL,	'1' },
		{ "attr",		required_argument,	NULL,	'a' },
		{ "issued",		required_argument,	NULL,	'I' },
		{ "help",		no_argument,		NULL,	'h' },
		{ NULL,			0,			NULL,	0 }
	};
	const struct program	*prog;
	struct credential	 cr;
	struct cycle		 cy;
	struct person		 person;
	const char		*pref = NULL, *number = NULL, *state = NULL;
	const char		*vt_arg = NULL, *start_arg = NULL;
	const char		*issued_arg = NULL;
	const char		*idx_arg = NULL, *p, *end;
	char			 err[1024], a[DATE_BUFSZ], b[DATE_BUFSZ];
	char			 attr[ATTR_MAX_LEN];
	long long		 idx = 1;
	size_t			 i, n;
	int			 ch, vt = -1, start = -1, first = 0;

	memset(&cr, 0, sizeof(cr));
	memset(&cy, 0, sizeof(cy));
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			pref = optarg;
			break;
		case 'n':
			number = optarg;
			break;
		case 's':
			state = optarg;
			break;
		case 'v':
			vt_arg = optarg;
			break;
		case 'S':
			start_arg = optarg;
			break;
		case 'r':
			idx_arg = optarg;
			break;
		case '1':
			first = 1;
			break;
		case 'a':
			if (cred_attr_add(c, cr.attrs, sizeof(cr.attrs),
			    optarg) == -1)
				return EXIT_USAGE;
			break;
		case 'I':
			issued_arg = optarg;
			break;
		case 'h':
			return cli_help(cred_add_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind == argc)
		return cli_error(c, EXIT_USAGE, "PROGRAM: missing, expected a "
		    "program code such as CCM; see 'cetrack programs list'");
	if (argc - optind > 1)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'; see "
		    "'cetrack cred add --help'", argv[optind + 1]);

	/* Every argument's form first: exit 2 before any lookup. */
	if (cli_text_arg(c, "PROGRAM", argv[optind], CODE_MAX_LEN, 0) == -1)
		return EXIT_USAGE;
	if (number == NULL)
		return cli_error(c, EXIT_USAGE, "--number: missing, expected "
		    "the credential's number as printed on it");
	if (cli_text_arg(c, "--number", number, NUMBER_MAX_LEN, 0) == -1)
		return EXIT_USAGE;
	cet_strlcpy(cr.number, number, sizeof(cr.number));
	if (state != NULL) {
		n = strlen(state);
		if (n < 2 || n >= STATE_MAX_LEN)
			goto badstate;
		for (i = 0; i < n; i++) {
			if (!isalpha((unsigned char)state[i]))
				goto badstate;
			cr.state[i] = (char)toupper((unsigned char)state[i]);
		}
		cr.state[n] = '\0';
	}
	if (vt_arg != NULL && cli_date_arg(c, "--valid-through", vt_arg,
	    &vt) == -1)
		return EXIT_USAGE;
	if (start_arg != NULL && cli_date_arg(c, "--cycle-start", start_arg,
	    &start) == -1)
		return EXIT_USAGE;
	if (cred_renewal_arg(c, idx_arg, first, &idx) == -1)
		return EXIT_USAGE;
	if (issued_arg != NULL && cred_issued_arg(c, issued_arg,
	    &cr.issued) == -1)
		return EXIT_USAGE;
	cr.has_issued = issued_arg != NULL;

	/* Then what the program says. */
	if ((prog = cred_program(c, argv[optind])) == NULL)
		return EXIT_FAIL;
	cet_strlcpy(cr.program, prog->code, sizeof(cr.program));
	if (prog->jurisdiction[0] != '\0') {
		if (cr.state[0] == '\0')
			cet_strlcpy(cr.state, prog->jurisdiction,
			    sizeof(cr.state));
		else if (strcmp(cr.state, prog->jurisdiction) != 0)
			return cli_error(c, EXIT_USAGE, "--state: %s is not the "
			    "jurisdiction of %s, expected %s", cr.state,
			    prog->code, prog->jurisdiction);
	}
	if (vt == -1) {
		if (prog->deadline != PROG_DEADLINE_FIXED)
			return cli_error(c, EXIT_USAGE, "--valid-through: "
			    "missing, expected the last day of the current "
			    "cycle as printed on the %s credential "
			    "(YYYY-MM-DD)", prog->code);
		if ((vt = program_first_deadline(prog, c->today)) < 0)
			return cli_error(c, EXIT_FAIL, "%s has no deadline "
			    "after today; give --valid-through", prog->code);
	} else if (cred_deadline_arg(c, "--valid-through", prog, vt) == -1)
		return EXIT_USAGE;
	if (start == -1)
		start = program_cycle_start(prog, vt);
	if (start > vt)
		return cli_error(c, EXIT_USAGE, "--cycle-start: %s is after "
		    "the valid-through date %s, expected an earlier date",
		    date_format(start, a), date_format(vt, b));
	cy.start = start;
	cy.valid_through = vt;
	cy.renewal_index = (int)idx;
	cy.renewal_assumed = idx_arg == NULL && !first;
	cy.carry_in = 0;
	cy.closed = -1;
	cr.status = CRED_ACTIVE;

	if (cli_person(c, pref, &person) == -1)
		return EXIT_FAIL;
	cr.person_id = person.id;

	if (cli_begin(c) == -1)
		return EXIT_FAIL;
	if (store_cred_add(&c->db, &cr, &cy, err, sizeof(err)) == -1 ||
	    (cr.has_issued && store_cred_issued_set(&c->db, cr.id, 1,
	    cr.issued, err, sizeof(err)) == -1)) {
		cli_rollback(c);
		return cli_error(c, EXIT_FAIL, "%s", err);
	}
	if (cli_commit(c) == -1)
		return EXIT_FAIL;

	printf("added credential %" PRId64 ": %s %s for %s, cycle %s to %s\n",
	    cr.id, cr.program, cr.number, person.name,
	    date_format(cy.start, a), date_format(cy.valid_through, b));
	/* Unknown means owed: say what settles it. */
	if (cy.renewal_assumed && program_depends_on_renewal(prog))
		cli_warn(c, "%s's rules depend on which renewal this is; until "
		    "'cetrack cred set %" PRId64 " --renewal-index N' (1: the "
		    "first renewal after licensure) gives it, everything they "
		    "make depend on it is counted as owed", prog->code, cr.id);
	cred_warn_unknown_attrs(c, prog, &cr);
	/* An attribute no rule reads is probably a typo. */
	for (p = cr.attrs; *p != '\0'; p = *end != '\0' ? end + 1 : end) {
		end = p + strcspn(p, ",");
		(void)cet_fmt(attr, sizeof(attr), "%.*s", (int)(end - p), p);
		if (!cred_program_uses_attr(prog, attr))
			cli_warn(c, "no rule of %s uses the attribute '%s'",
			    prog->code, attr);
	}
	return EXIT_OK;
badstate:
	return cli_error(c, EXIT_USAGE, "--state: '%s' is not a "
	    "jurisdiction, expected a code of 2 to %d letters such as CA",
	    state, STATE_MAX_LEN - 1);
}

/* The open cycle, or the last one when all are closed; NULL if none. */
static const struct cycle *
cred_current(const struct cycle *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (v[i].closed == -1)
			return &v[i];
	}
	return n > 0 ? &v[n - 1] : NULL;
}

static json_t *
cred_json_cycle(const struct cycle *y)
{
	if (y == NULL)
		return json_null();
	return json_pack("{s:I, s:o, s:o, s:i, s:b, s:o, s:o, s:o}",
	    "id", (json_int_t)y->id,
	    "start", cli_json_date(y->start),
	    "valid_through", cli_json_date(y->valid_through),
	    "renewal_index", y->renewal_index,
	    "renewal_assumed", y->renewal_assumed,
	    "carry_in", cli_json_hours(y->carry_in),
	    "closed", cli_json_date(y->closed),
	    "outcome", cli_json_str(y->outcome));
}

static json_t *
cred_json_attrs(const char *attrs)
{
	json_t		*arr;
	const char	*p, *end;

	if ((arr = json_array()) == NULL)
		return NULL;
	for (p = attrs; *p != '\0'; p = *end != '\0' ? end + 1 : end) {
		end = p + strcspn(p, ",");
		if (json_array_append_new(arr, json_stringn(p,
		    (size_t)(end - p))) == -1) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

/* Binary search in the id-ordered list of people. */
static const struct person *
cred_person_by_id(const struct person *v, size_t n, int64_t id)
{
	size_t	lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v[mid].id == id)
			return &v[mid];
		if (v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int
cred_list(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "person",	required_argument,	NULL,	'p' },
		{ "json",	no_argument,		NULL,	'j' },
		{ "help",	no_argument,		NULL,	'h' },
		{ NULL,		0,			NULL,	0 }
	};
	struct person		 one, *people = NULL;
	const struct person	*pp;
	struct credential	*v = NULL;
	struct cycle		*cycles = NULL;
	const struct cycle	*cur;
	const char		*pref = NULL, *pname;
	json_t			*arr = NULL, *o;
	char			 err[1024], buf[DATE_BUFSZ], idbuf[32];
	size_t			 n = 0, npeople = 0, ncycles, i, wname = 6;
	size_t			 wnum = 6, wprog = 7, len;
	int64_t			 pid = 0;
	int			 ch, json = 0, rc = EXIT_FAIL;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			pref = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(cred_list_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind != argc)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'; see "
		    "'cetrack cred list --help'", argv[optind]);
	if (cli_open_db(c) == -1)
		return EXIT_FAIL;
	if (pref != NULL) {
		if (cli_person(c, pref, &one) == -1)
			return EXIT_FAIL;
		pid = one.id;
	}
	if (store_person_list(&c->db, &people, &npeople, err,
	    sizeof(err)) == -1 ||
	    store_cred_list(&c->db, pid, &v, &n, err, sizeof(err)) == -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		goto out;
	}
	if (json && (arr = json_array()) == NULL)
		goto oom;
	if (!json && n == 0) {
		printf("no credentials yet; add one with 'cetrack cred add "
		    "PROGRAM --person P --number N'\n");
		rc = EXIT_OK;
		goto out;
	}
	for (i = 0; !json && i < n; i++) {
		pp = cred_person_by_id(people, npeople, v[i].person_id);
		if (pp != NULL && (len = cet_utf8_len(pp->name)) > wname)
			wname = len;
		if ((len = strlen(v[i].number)) > wnum)
			wnum = len;
		if ((len = strlen(v[i].program)) > wprog)
			wprog = len;
	}
	/*
	 * JURISDICTION, not STATE: the column holds a board's jurisdiction
	 * ("CA"; --state and the JSON's "jurisdiction"), and STATE is the
	 * compliance state everywhere else (status, reports). The program
	 * column is as wide as its longest code, not 10, which wins back
	 * most of what the longer header takes.
	 */
	if (!json) {
		printf("%4s  ", "ID");
		cli_pad("PERSON", wname);
		printf("  %-*s  ", (int)wprog, "PROGRAM");
		cli_pad("NUMBER", wnum);
		printf("  %-12s  %-10s  %-10s  %s\n", "JURISDICTION", "START",
		    "VALID THRU", "STATUS");
	}
	for (i = 0; i < n; i++) {
		if (store_cycle_list(&c->db, v[i].id, &cycles, &ncycles, err,
		    sizeof(err)) == -1) {
			cli_error(c, EXIT_FAIL, "%s", err);
			goto out;
		}
		cur = cred_current(cycles, ncycles);
		pp = cred_person_by_id(people, npeople, v[i].person_id);
		pname = pp != NULL ? pp->name : "?";
		if (json) {
			o = json_pack("{s:I, s:I, s:o, s:s, s:o, s:o, s:o, "
			    "s:s, s:o}",
			    "id", (json_int_t)v[i].id,
			    "person_id", (json_int_t)v[i].person_id,
			    "person", cli_json_str(pname),
			    "program", v[i].program,
			    "number", cli_json_str(v[i].number),
			    "jurisdiction", cli_json_str(v[i].state),
			    "attrs", cred_json_attrs(v[i].attrs),
			    "status", cred_status_name(v[i].status),
			    "cycle", cred_json_cycle(cur));
			if (json_array_append_new(arr, o) == -1)
				goto oom;
		} else {
			(void)cet_fmt(idbuf, sizeof(idbuf), "%" PRId64,
			    v[i].id);
			printf("%4s  ", idbuf);
			cli_pad(pname, wname);
			printf("  %-*s  ", (int)wprog, v[i].program);
			cli_pad(v[i].number, wnum);
			printf("  %-12s  ", v[i].state[0] != '\0' ?
			    v[i].state : "-");
			printf("%-10s  ", cur != NULL ?
			    date_format(cur->start, buf) : "-");
			printf("%-10s  ", cur != NULL ?
			    date_format(cur->valid_through, buf) : "-");
			printf("%s\n", cred_status_name(v[i].status));
		}
		free(cycles);
		cycles = NULL;
	}
	if (json) {
		o = json_pack("{s:o}", "credentials", arr);
		arr = NULL;
		rc = cli_json_print(o) == 0 ? EXIT_OK : EXIT_FAIL;
		goto out;
	}
	rc = EXIT_OK;
	goto out;
oom:
	cli_error(c, EXIT_FAIL, "out of memory");
out:
	json_decref(arr);
	free(cycles);
	free(people);
	free(v);
	return rc;
}

static int
cred_show(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json",	no_argument,	NULL,	'j' },
		{ "help",	no_argument,	NULL,	'h' },
		{ NULL,		0,		NULL,	0 }
	};
	const struct program	*prog;
	const struct config_program_reminders *pr;
	struct credential	 cr;
	struct person		 person;
	struct cycle		*cycles = NULL;
	struct notify_settings	 ns;
	struct verification	*vs = NULL;
	json_t			*arr = NULL, *o, *jp, *jr, *jd[2], *jopt;
	json_t			*jv = NULL;
	char			 err[1024], a[DATE_BUFSZ], b[DATE_BUFSZ];
	char			 h[HOURS_BUFSZ], days[96], from[48];
	const char		*src[2];
	const int		*dv[2];
	size_t			 ncycles = 0, nvs = 0, i, k;
	int64_t			 id;
	int			 dn[2];
	int			 ch, json = 0, rc = EXIT_FAIL;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(cred_show_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind == argc)
		return cli_error(c, EXIT_USAGE, "ID: missing, expected a "
		    "credential id; see 'cetrack cred list'");
	if (argc - optind > 1)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'",
		    argv[optind + 1]);
	if (cli_id_arg(c, "ID", argv[optind], &id) == -1)
		return EXIT_USAGE;
	if (cli_open_db(c) == -1)
		return EXIT_FAIL;
	if (store_cred_get(&c->db, id, &cr, err, sizeof(err)) == -1 ||
	    store_person_get(&c->db, cr.person_id, &person, err,
	    sizeof(err)) == -1 ||
	    store_cycle_list(&c->db, id, &cycles, &ncycles, err,
	    sizeof(err)) == -1 ||
	    store_notify_settings_get(&c->db, id, &ns, err,
	    sizeof(err)) == -1 ||
	    store_verify_list(&c->db, id, &vs, &nvs, err, sizeof(err)) == -1 ||
	    store_cred_issued_get(&c->db, &cr, err, sizeof(err)) == -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		goto out;
	}
	prog = programs_find(&c->progs, cr.program);
	/*
	 * The reminder days in force and where they come from, in the
	 * daemon's order (daemon/pass.c): the credential's own (cred set),
	 * else the program's [reminders.CODE], else [reminders].
	 */
	pr = config_program_reminders(&c->cfg, cr.program);
	dv[0] = ns.has_before ? ns.before : pr != NULL && pr->has_before ?
	    pr->before : c->cfg.before;
	dn[0] = ns.has_before ? ns.nbefore : pr != NULL && pr->has_before ?
	    pr->nbefore : c->cfg.nbefore;
	src[0] = ns.has_before ? "credential" : pr != NULL &&
	    pr->has_before ? "program" : "configuration";
	dv[1] = ns.has_after ? ns.after : pr != NULL && pr->has_after ?
	    pr->after : c->cfg.after;
	dn[1] = ns.has_after ? ns.nafter : pr != NULL && pr->has_after ?
	    pr->nafter : c->cfg.nafter;
	src[1] = ns.has_after ? "credential" : pr != NULL &&
	    pr->has_after ? "program" : "configuration";

	if (json) {
		if ((arr = json_array()) == NULL)
			goto oom;
		for (i = 0; i < ncycles; i++) {
			if (json_array_append_new(arr,
			    cred_json_cycle(&cycles[i])) == -1)
				goto oom;
		}
		if (prog != NULL)
			jp = json_pack("{s:s, s:o, s:o, s:b}",
			    "code", prog->code,
			    "name", cli_json_str(prog->name),
			    "issuer", cli_json_str(prog->issuer),
			    "loaded", 1);
		else
			jp = json_pack("{s:s, s:b}", "code", cr.program,
			    "loaded", 0);
		for (k = 0; k < 2; k++) {
			if ((jd[k] = json_array()) == NULL)
				goto oom;
			for (i = 0; i < (size_t)dn[k]; i++)
				(void)json_array_append_new(jd[k],
				    json_integer(dv[k][i]));
		}
		if ((jopt = json_array()) == NULL)
			goto oom;
		if (ns.opt_out & NOTIFY_OPT_ALL)
			(void)json_array_append_new(jopt, json_string("all"));
		else {
			if (ns.opt_out & NOTIFY_OPT_EMAIL)
				(void)json_array_append_new(jopt,
				    json_string("email"));
			if (ns.opt_out & NOTIFY_OPT_WEBHOOK)
				(void)json_array_append_new(jopt,
				    json_string("webhook"));
		}
		jr = json_pack("{s:b, s:{s:o, s:s}, s:{s:o, s:s}, s:o, s:b, "
		    "s:o}",
		    "own", ns.has_before || ns.has_after ||
		    ns.snooze_until >= 0 || ns.opt_out != 0,
		    "before", "days", jd[0], "from", src[0],
		    "after", "days", jd[1], "from", src[1],
		    "snooze_until", ns.snooze_until >= 0 ?
		    cli_json_date(ns.snooze_until) : json_null(),
		    "snoozed", notify_snoozed(&ns, c->today),
		    "opt_out", jopt);
		if ((jv = json_array()) == NULL)
			goto oom;
		for (i = 0; i < nvs; i++)
			if (json_array_append_new(jv, json_pack("{s:o, s:o, "
			    "s:o, s:s}", "on", cli_json_date(vs[i].on),
			    "by", cli_json_str(vs[i].by),
			    "source", cli_json_str(vs[i].source),
			    "recorded", vs[i].recorded)) == -1)
				goto oom;
		o = json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:s, s:o, "
		    "s:o, s:o}",
		    "id", (json_int_t)cr.id,
		    "person_id", (json_int_t)person.id,
		    "person", cli_json_str(person.name),
		    "program", jp,
		    "number", cli_json_str(cr.number),
		    "jurisdiction", cli_json_str(cr.state),
		    "attrs", cred_json_attrs(cr.attrs),
		    "status", cred_status_name(cr.status),
		    "reminders", jr,
		    "cycles", arr,
		    "verifications", jv);
		if (o != NULL && json_object_set_new(o, "issued", cr.has_issued ?
		    cli_json_date(cr.issued) : json_null()) == -1)
			goto oom;
		arr = NULL;
		jv = NULL;
		if (o == NULL)
			goto oom;
		rc = cli_json_print(o) == 0 ? EXIT_OK : EXIT_FAIL;
		goto out;
	}

	printf("credential %" PRId64 ": %s %s\n", cr.id, cr.program,
	    cr.number);
	if (prog != NULL) {
		printf("  program:      %s\n", prog->name);
		printf("  issuer:       %s\n", prog->issuer[0] != '\0' ?
		    prog->issuer : "-");
	} else
		printf("  program:      %s (not loaded: no such rule pack)\n",
		    cr.program);
	printf("  person:       %s (id %" PRId64 ")\n", person.name, person.id);
	printf("  jurisdiction: %s\n", cr.state[0] != '\0' ? cr.state : "-");
	printf("  attributes:   %s\n", cr.attrs[0] != '\0' ? cr.attrs : "-");
	printf("  status:       %s\n", cred_status_name(cr.status));
	printf("  issued:       %s\n", cr.has_issued ?
	    date_format(cr.issued, a) : "not given ('cred set ID --issued "
	    "DATE')");
	/* Reminders: the days in force, and whose they are. */
	for (k = 0; k < 2; k++) {
		if (notify_format_days(dv[k], dn[k], days, sizeof(days)) == -1)
			(void)cet_strlcpy(days, "?", sizeof(days));
		if (strcmp(src[k], "credential") == 0)
			(void)cet_strlcpy(from, "own", sizeof(from));
		else if (strcmp(src[k], "program") == 0)
			(void)cet_fmt(from, sizeof(from), "policy default, "
			    "[reminders.%s]", pr->code);
		else
			(void)cet_strlcpy(from, "policy default",
			    sizeof(from));
		printf("  %-14s%-7s %s%s (%s)\n", k == 0 ? "reminders:" : "",
		    k == 0 ? "before:" : "after:", days,
		    strcmp(days, "none") != 0 ? " days" : "", from);
	}
	if (ns.snooze_until >= 0)
		printf("  snooze:       until %s%s\n",
		    date_format(ns.snooze_until, a),
		    notify_snoozed(&ns, c->today) ? "" : " (ended)");
	else
		printf("  snooze:       none\n");
	if (ns.opt_out & NOTIFY_OPT_ALL)
		(void)cet_strlcpy(days, "all channels, log included",
		    sizeof(days));
	else if (notify_format_opt_out(ns.opt_out, days, sizeof(days)) ==
	    -1 || days[0] == '\0')
		(void)cet_strlcpy(days, "none", sizeof(days));
	printf("  opt-out:      %s\n", days);
	printf("  cycles:\n");
	for (i = 0; i < ncycles; i++) {
		/* Unknown, where the program's rules read it. */
		if (cycles[i].renewal_assumed && prog != NULL &&
		    program_depends_on_renewal(prog))
			printf("    ?. %s to %s (renewal not given)",
			    date_format(cycles[i].start, a),
			    date_format(cycles[i].valid_through, b));
		else
			printf("    %d. %s to %s", cycles[i].renewal_index,
			    date_format(cycles[i].start, a),
			    date_format(cycles[i].valid_through, b));
		if (cycles[i].carry_in > 0)
			printf(", %s h carried in", hours_format(
			    cycles[i].carry_in, h, sizeof(h)));
		if (cycles[i].closed == -1)
			printf(", %s\n", cli_paint(c, "1", "open"));
		else
			printf(", closed %s (%s)\n",
			    date_format(cycles[i].closed, a),
			    cycles[i].outcome);
	}
	/* Primary-source verifications, latest first. */
	if (nvs == 0)
		printf("  verified:     never ('cetrack cred verify %" PRId64
		    "')\n", cr.id);
	for (i = 0; i < nvs; i++)
		printf("  %-14s%s by %s, %s\n", i == 0 ? "verified:" : "",
		    date_format(vs[i].on, a), vs[i].by, vs[i].source);
	rc = EXIT_OK;
	goto out;
oom:
	cli_error(c, EXIT_FAIL, "out of memory");
out:
	json_decref(arr);
	json_decref(jv);
	free(vs);
	free(cycles);
	return rc;
}

static int
cred_renew(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "on",			required_argument,	NULL,	'o' },
		{ "method",		required_argument,	NULL,	'm' },
		{ "valid-through",	required_argument,	NULL,	'v' },
		{ "help",		no_argument,		NULL,	'h' },
		{ NULL,			0,			NULL,	0 }
	};
	const struct program	*prog;
	struct credential	 cr;
	struct cycle		 old, next;
	struct activity		*acts = NULL;
	struct comp_input	 in;
	struct comp_result	 res;
	const char		*method = "ce", *on_arg = NULL, *vt_arg = NULL;
	char			 err[1024], a[DATE_BUFSZ], b[DATE_BUFSZ];
	char			 h1[HOURS_BUFSZ], h2[HOURS_BUFSZ];
	size_t			 nacts = 0, i;
	int64_t			 id;
	int			 ch, on, vt = -1, evaluated = 0, rc = EXIT_FAIL;

	memset(&res, 0, sizeof(res));
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			on_arg = optarg;
			break;
		case 'm':
			method = optarg;
			break;
		case 'v':
			vt_arg = optarg;
			break;
		case 'h':
			return cli_help(cred_renew_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind == argc)
		return cli_error(c, EXIT_USAGE, "ID: missing, expected a "
		    "credential id; see 'cetrack cred list'");
	if (argc - optind > 1)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'",
		    argv[optind + 1]);
	if (cli_id_arg(c, "ID", argv[optind], &id) == -1)
		return EXIT_USAGE;
	if (strcmp(method, "ce") != 0 && strcmp(method, "exam") != 0)
		return cli_error(c, EXIT_USAGE, "--method: '%s' is not a "
		    "renewal method, expected ce or exam", method);
	on = c->today;
	if (on_arg != NULL && cli_date_arg(c, "--on", on_arg, &on) == -1)
		return EXIT_USAGE;
	if (on > c->today)
		return cli_error(c, EXIT_USAGE, "--on: %s is in the future, "
		    "expected a renewal that has happened", date_format(on, a));
	if (vt_arg != NULL && cli_date_arg(c, "--valid-through", vt_arg,
	    &vt) == -1)
		return EXIT_USAGE;

	if (cli_open_db(c) == -1)
		return EXIT_FAIL;
	if (store_cred_get(&c->db, id, &cr, err, sizeof(err)) == -1 ||
	    store_cycle_open(&c->db, id, &old, err, sizeof(err)) == -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		goto out;
	}
	if (cr.status != CRED_ACTIVE) {
		cli_error(c, EXIT_FAIL, "credential %" PRId64 " is %s, expected "
		    "an active credential", id, cred_status_name(cr.status));
		goto out;
	}
	if ((prog = programs_find(&c->progs, cr.program)) == NULL) {
		cli_error(c, EXIT_FAIL, "credential %" PRId64 "'s program %s "
		    "is not loaded; see 'cetrack check'", id, cr.program);
		goto out;
	}
	if (on < old.start) {
		cli_error(c, EXIT_USAGE, "--on: %s is before the cycle's start "
		    "%s, expected a date in the cycle or after it",
		    date_format(on, a), date_format(old.start, b));
		rc = EXIT_USAGE;
		goto out;
	}

	memset(&next, 0, sizeof(next));
	next.credential_id = cr.id;
	next.start = old.valid_through + 1;
	next.renewal_index = old.renewal_index + 1;
	next.renewal_assumed = old.renewal_assumed;
	next.closed = -1;
	if (vt == -1)
		vt = program_next_valid_through(prog, old.valid_through);
	else if (vt <= next.start) {
		cli_error(c, EXIT_USAGE, "--valid-through: %s is not after the "
		    "new cycle's start %s, expected a later date",
		    date_format(vt, a), date_format(next.start, b));
		rc = EXIT_USAGE;
		goto out;
	} else if (cred_deadline_arg(c, "--valid-through", prog, vt) == -1) {
		rc = EXIT_USAGE;
		goto out;
	}
	next.valid_through = vt;

	/* Excess hours carry over only into a cycle renewed by CE, as the
	 * engine counts them on the last day of the closing cycle. */
	if (strcmp(method, "ce") == 0) {
		if (store_activity_list(&c->db, cr.person_id, INT_MIN, INT_MAX,
		    &acts, &nacts, err, sizeof(err)) == -1) {
			cli_error(c, EXIT_FAIL, "%s", err);
			goto out;
		}
		compliance_input_init(&in, &c->cfg, old.valid_through);
		in.prog = prog;
		in.cred = &cr;
		in.cycle = &old;
		in.acts = acts;
		in.nacts = nacts;
		if (compliance_evaluate(&in, &res, err, sizeof(err)) == -1) {
			cli_error(c, EXIT_FAIL, "%s", err);
			goto out;
		}
		evaluated = 1;
		next.carry_in = res.carry_out;
		if (next.carry_in > prog->carryover_max)
			next.carry_in = prog->carryover_max;
		if (next.carry_in < 0)
			next.carry_in = 0;
	}

	if (cli_begin(c) == -1)
		goto out;
	if (store_cred_renew(&c->db, cr.id, on, method, &next, err,
	    sizeof(err)) == -1) {
		cli_rollback(c);
		cli_error(c, EXIT_FAIL, "%s", err);
		goto out;
	}
	if (cli_commit(c) == -1)
		goto out;

	printf("renewed credential %" PRId64 " (%s %s) by %s on %s; ",
	    cr.id, cr.program, cr.number, method, date_format(on, a));
	printf("next cycle %s to %s", date_format(next.start, a),
	    date_format(next.valid_through, b));
	if (next.carry_in > 0)
		printf(", %s h carried over", hours_format(next.carry_in, h1,
		    sizeof(h1)));
	putchar('\n');
	/* Renewing is the board's decision; still, say what was missing. */
	for (i = 0; evaluated && i < res.nreqs; i++) {
		if (res.reqs[i].met)
			continue;
		cli_warn(c, "%s %s was not complete on %s (%s: %s of %s h); "
		    "renewed anyway", cr.program, cr.number,
		    date_format(old.valid_through, b), res.reqs[i].label,
		    hours_format(res.reqs[i].counted, h1, sizeof(h1)),
		    hours_format(res.reqs[i].required, h2, sizeof(h2)));
		break;
	}
	rc = EXIT_OK;
out:
	if (evaluated)
		comp_release(&res);
	free(acts);
	return rc;
}

/* One line for people: what the credential's reminders now are. */
static void
cred_describe_reminders(const struct notify_settings *ns, const struct config *cfg,
    char *buf, size_t len)
{
	char	bdays[96], adays[96], opt[32], day[DATE_BUFSZ], snooze[48];

	if (notify_format_days(ns->has_before ? ns->before : cfg->before,
	    ns->has_before ? ns->nbefore : cfg->nbefore, bdays,
	    sizeof(bdays)) == -1)
		(void)cet_strlcpy(bdays, "?", sizeof(bdays));
	if (notify_format_days(ns->has_after ? ns->after : cfg->after,
	    ns->has_after ? ns->nafter : cfg->nafter, adays,
	    sizeof(adays)) == -1)
		(void)cet_strlcpy(adays, "?", sizeof(adays));
	if (ns->snooze_until >= 0)
		(void)cet_fmt(snooze, sizeof(snooze), "until %s",
		    date_format(ns->snooze_until, day));
	else
		(void)cet_strlcpy(snooze, "none", sizeof(snooze));
	if (notify_format_opt_out(ns->opt_out, opt, sizeof(opt)) == -1 ||
	    opt[0] == '\0')
		(void)cet_strlcpy(opt, "none", sizeof(opt));
	(void)cet_fmt(buf, len, "before: %s%s%s%s; after: %s%s%s%s; "
	    "snooze: %s; opt-out: %s",
	    ns->has_before ? "" : "default (", bdays,
	    strcmp(bdays, "none") != 0 ? " days" : "",
	    ns->has_before ? "" : ")",
	    ns->has_after ? "" : "default (", adays,
	    strcmp(adays, "none") != 0 ? " days" : "",
	    ns->has_after ? "" : ")", snooze, opt);
}

static int
cred_set(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "remind",		required_argument,	NULL,	'r' },
		{ "remind-after",	required_argument,	NULL,	'a' },
		{ "snooze-until",	required_argument,	NULL,	's' },
		{ "opt-out",		required_argument,	NULL,	'o' },
		{ "renewal-index",	required_argument,	NULL,	'i' },
		{ "first-renewal",	no_argument,		NULL,	'1' },
		{ "attr",		required_argument,	NULL,	'A' },
		{ "status",		required_argument,	NULL,	'T' },
		{ "number",		required_argument,	NULL,	'N' },
		{ "state",		required_argument,	NULL,	'J' },
		{ "valid-through",	required_argument,	NULL,	'V' },
		{ "issued",		required_argument,	NULL,	'I' },
		{ "help",		no_argument,		NULL,	'h' },
		{ NULL,			0,			NULL,	0 }
	};
	const char		*issued_arg = NULL;
	int			 issued = -1;
	struct notify_settings	 ns, old;
	struct credential	 oldcr;
	const struct program	*prog;
	const char		*status_arg = NULL, *number = NULL;
	const char		*state_arg = NULL, *vt_arg = NULL;
	enum cred_status	 status = CRED_ACTIVE;
	char			 state[STATE_MAX_LEN] = "", fix[768] = "";
	char			 d1[DATE_BUFSZ], d2[DATE_BUFSZ];
	int			 vt = -1, corr = 0;
	char			 attrs[ATTRS_MAX_LEN] = "";
	char			 newattrs[ATTRS_MAX_LEN];
	const char		*ap, *aend;
	char			 a1[ATTR_MAX_LEN];
	int			 did = 0;
	struct credential	 cr;
	struct cycle		 cy;
	const char		*remind = NULL, *after = NULL, *snooze = NULL;
	const char		*optout = NULL, *idx_arg = NULL;
	long long		 idx = 0;
	int			 first = 0;
	char			 err[1024], why[256], desc[512];
	int			 before_v[CONFIG_MAX_OFFSETS];
	int			 after_v[CONFIG_MAX_OFFSETS];
	int			 nbefore = 0, nafter = 0, snooze_day = -1;
	unsigned		 opt_bits = 0;
	int64_t			 id;
	int			 ch, rc = EXIT_FAIL;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			remind = optarg;
			break;
		case 'a':
			after = optarg;
			break;
		case 's':
			snooze = optarg;
			break;
		case 'o':
			optout = optarg;
			break;
		case 'i':
			idx_arg = optarg;
			break;
		case '1':
			first = 1;
			break;
		case 'A':
			if (cred_attr_add(c, attrs, sizeof(attrs), optarg) ==
			    -1)
				return EXIT_USAGE;
			break;
		case 'T':
			status_arg = optarg;
			break;
		case 'N':
			number = optarg;
			break;
		case 'J':
			state_arg = optarg;
			break;
		case 'V':
			vt_arg = optarg;
			break;
		case 'I':
			issued_arg = optarg;
			break;
		case 'h':
			return cli_help(cred_set_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind == argc)
		return cli_error(c, EXIT_USAGE, "ID: missing, expected a "
		    "credential id (see 'cetrack cred list')");
	if (argc - optind > 1)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'; see "
		    "'cetrack cred set --help'", argv[optind + 1]);
	if (cli_id_arg(c, "ID", argv[optind], &id) == -1)
		return EXIT_USAGE;
	if (remind == NULL && after == NULL && snooze == NULL &&
	    optout == NULL && idx_arg == NULL && !first && attrs[0] == '\0' &&
	    status_arg == NULL && number == NULL && state_arg == NULL &&
	    vt_arg == NULL && issued_arg == NULL)
		return cli_error(c, EXIT_USAGE, "nothing to set, expected "
		    "--remind, --remind-after, --snooze-until, --opt-out, "
		    "--renewal-index, --first-renewal, --attr, --status, "
		    "--number, --state, --valid-through or --issued");
	if (issued_arg != NULL && strcmp(issued_arg, "none") != 0 &&
	    cred_issued_arg(c, issued_arg, &issued) == -1)
		return EXIT_USAGE;
	if (cred_renewal_arg(c, idx_arg, first, &idx) == -1)
		return EXIT_USAGE;
	if (status_arg != NULL && cred_status_from_name(status_arg,
	    &status) == -1)
		return cli_error(c, EXIT_USAGE, "--status: '%s' is not a "
		    "status, expected active, retired or inactive", status_arg);
	if (number != NULL && cli_text_arg(c, "--number", number,
	    NUMBER_MAX_LEN, 0) == -1)
		return EXIT_USAGE;
	if (state_arg != NULL) {
		size_t i, n = strlen(state_arg);

		for (i = 0; i < n && n >= 2 && n < STATE_MAX_LEN; i++) {
			if (!isalpha((unsigned char)state_arg[i]))
				break;
			state[i] = (char)toupper((unsigned char)state_arg[i]);
		}
		if (n < 2 || n >= STATE_MAX_LEN || i != n)
			return cli_error(c, EXIT_USAGE, "--state: '%s' is not a "
			    "jurisdiction, expected a code of 2 to %d letters "
			    "such as CA", state_arg, STATE_MAX_LEN - 1);
		state[n] = '\0';
	}
	if (vt_arg != NULL && cli_date_arg(c, "--valid-through", vt_arg,
	    &vt) == -1)
		return EXIT_USAGE;

	/* Every value's form before the database is touched. */
	if (remind != NULL && strcmp(remind, "default") != 0 &&
	    notify_parse_days(remind, 0, NOTIFY_DAYS_MAX, 1, before_v,
	    &nbefore, why, sizeof(why)) == -1)
		return cli_error(c, EXIT_USAGE, "--remind: %s, expected days "
		    "before valid-through such as 120,60,30 (0 to %d, at most "
		    "%d), default or none", why, NOTIFY_DAYS_MAX,
		    CONFIG_MAX_OFFSETS);
	if (after != NULL && strcmp(after, "default") != 0 &&
	    notify_parse_days(after, 1, NOTIFY_DAYS_MAX, 0, after_v, &nafter,
	    why, sizeof(why)) == -1)
		return cli_error(c, EXIT_USAGE, "--remind-after: %s, expected "
		    "days after valid-through such as 1,7,30 (1 to %d, at most "
		    "%d), default or none", why, NOTIFY_DAYS_MAX,
		    CONFIG_MAX_OFFSETS);
	if (snooze != NULL && strcmp(snooze, "none") != 0) {
		if (cli_date_arg(c, "--snooze-until", snooze, &snooze_day) ==
		    -1)
			return EXIT_USAGE;
		if (snooze_day < c->today)
			return cli_error(c, EXIT_USAGE, "--snooze-until: %s is "
			    "in the past, expected today or a later date "
			    "(YYYY-MM-DD), or none", snooze);
	}
	if (optout != NULL && notify_parse_opt_out(optout, &opt_bits, why,
	    sizeof(why)) == -1)
		return cli_error(c, EXIT_USAGE, "--opt-out: %s, expected "
		    "email, webhook, email,webhook, all or none", why);

	if (cli_open_db(c) == -1)
		return EXIT_FAIL;
	if (cli_begin(c) == -1)
		return EXIT_FAIL;
	if (store_cred_get(&c->db, id, &cr, err, sizeof(err)) == -1 ||
	    store_notify_settings_get(&c->db, id, &ns, err, sizeof(err)) == -1)
		goto fail;
	/*
	 * Corrections of the credential and its current cycle, validated as
	 * cred add validates them; one audit row says old and new.
	 */
	oldcr = cr;
	prog = programs_find(&c->progs, cr.program);
	if (status_arg != NULL)
		cr.status = status;
	if (number != NULL)
		cet_strlcpy(cr.number, number, sizeof(cr.number));
	if (state_arg != NULL) {
		if (prog != NULL && prog->jurisdiction[0] != '\0' &&
		    strcmp(state, prog->jurisdiction) != 0) {
			(void)cet_fmt(err, sizeof(err), "--state: %s is not the "
			    "jurisdiction of %s, expected %s", state,
			    prog->code, prog->jurisdiction);
			goto fail;
		}
		cet_strlcpy(cr.state, state, sizeof(cr.state));
	}
	if (vt_arg != NULL) {
		if (store_cycle_open(&c->db, id, &cy, err, sizeof(err)) == -1) {
			(void)cet_fmt(err, sizeof(err), "credential %" PRId64
			    " has no open cycle; renew it first ('cetrack cred "
			    "renew %" PRId64 "')", id, id);
			goto fail;
		}
		if (prog != NULL && !program_is_deadline(prog, vt)) {
			cli_rollback(c);
			(void)cred_deadline_arg(c, "--valid-through", prog, vt);
			return EXIT_USAGE;
		}
		if (vt < cy.start) {
			(void)cet_fmt(err, sizeof(err), "--valid-through: %s is "
			    "before the cycle's start %s, expected a later "
			    "date", date_format(vt, d1), date_format(cy.start,
			    d2));
			goto fail;
		}
		if (vt != cy.valid_through) {
			cli_diff(fix, sizeof(fix), "valid through",
			    date_format(cy.valid_through, d1),
			    date_format(vt, d2));
			cy.valid_through = vt;
			if (store_cycle_set_open(&c->db, &cy, err,
			    sizeof(err)) == -1)
				goto fail;
		}
	}
	cli_diff(fix, sizeof(fix), "status", cred_status_name(oldcr.status),
	    cred_status_name(cr.status));
	cli_diff(fix, sizeof(fix), "number", oldcr.number, cr.number);
	cli_diff(fix, sizeof(fix), "jurisdiction", oldcr.state, cr.state);
	if (cr.status != oldcr.status || strcmp(cr.number, oldcr.number) ||
	    strcmp(cr.state, oldcr.state)) {
		char detail[1024];

		(void)cet_fmt(detail, sizeof(detail), "%s %s: %s", cr.program,
		    oldcr.number, fix);
		if (store_cred_update(&c->db, &cr, detail, err,
		    sizeof(err)) == -1)
			goto fail;
	}
	/* The original issue date: a correction like the others. */
	if (issued_arg != NULL) {
		char detail[256];

		cr.id = id;
		if (store_cred_issued_get(&c->db, &cr, err, sizeof(err)) == -1)
			goto fail;
		if (cr.has_issued != (issued >= 0) || (issued >= 0 &&
		    cr.issued != issued)) {
			cli_diff(fix, sizeof(fix), "issued", cr.has_issued ?
			    date_format(cr.issued, d1) : "none", issued >= 0 ?
			    date_format(issued, d2) : "none");
			(void)cet_fmt(detail, sizeof(detail), "%s %s: issued: "
			    "%s -> %s", cr.program, cr.number, cr.has_issued ?
			    date_format(cr.issued, d1) : "none", issued >= 0 ?
			    date_format(issued, d2) : "none");
			if (store_cred_issued_set(&c->db, id, issued >= 0,
			    issued, err, sizeof(err)) == -1 ||
			    store_audit(&c->db, "set", "credential", id, detail,
			    err, sizeof(err)) == -1)
				goto fail;
		}
	}
	corr = status_arg != NULL || number != NULL || state_arg != NULL ||
	    vt_arg != NULL || issued_arg != NULL;
	if (corr)
		did = 1;

	/* Which renewal the open cycle ends in: given now, never assumed. */
	if (idx > 0) {
		if (store_cycle_open(&c->db, id, &cy, err, sizeof(err)) == -1) {
			(void)cet_fmt(err, sizeof(err), "credential %" PRId64
			    " has no open cycle; renew it first ('cetrack cred "
			    "renew %" PRId64 "')", id, id);
			goto fail;
		}
		if (cy.renewal_index != (int)idx || cy.renewal_assumed) {
			cy.renewal_index = (int)idx;
			cy.renewal_assumed = 0;
			if (store_cycle_set_open(&c->db, &cy, err,
			    sizeof(err)) == -1)
				goto fail;
		}
		did = 1;
	}
	/* Attributes: each given one replaces its opposite. */
	if (attrs[0] != '\0') {
		(void)cet_strlcpy(newattrs, cr.attrs, sizeof(newattrs));
		for (ap = attrs; *ap != '\0'; ap = *aend != '\0' ? aend + 1 :
		    aend) {
			aend = ap + strcspn(ap, ",");
			(void)cet_fmt(a1, sizeof(a1), "%.*s", (int)(aend - ap),
			    ap);
			if (attrs_put(newattrs, sizeof(newattrs), a1) == -1) {
				(void)cet_fmt(err, sizeof(err), "--attr: too "
				    "many attributes, expected at most %d "
				    "bytes in all", ATTRS_MAX_LEN - 1);
				goto fail;
			}
		}
		if (strcmp(newattrs, cr.attrs) != 0) {
			char detail[ATTRS_MAX_LEN * 2 + 64];

			(void)cet_fmt(detail, sizeof(detail), "%s %s: "
			    "attributes: %s -> %s", cr.program, cr.number,
			    cr.attrs[0] != '\0' ? cr.attrs : "none", newattrs);
			(void)cet_strlcpy(cr.attrs, newattrs, sizeof(cr.attrs));
			if (store_cred_update(&c->db, &cr, detail, err,
			    sizeof(err)) == -1)
				goto fail;
		}
		did = 2;
	}
	if (did && remind == NULL && after == NULL && snooze == NULL &&
	    optout == NULL) {
		if (cli_commit(c) == -1)
			goto out;
		if (idx > 0)
			printf("credential %" PRId64 " (%s %s): this cycle ends "
			    "in renewal %lld%s\n", id, cr.program, cr.number,
			    idx, idx == 1 ? ", the first after initial "
			    "licensure" : "");
		if (corr)
			printf("credential %" PRId64 " (%s %s): %s\n", id,
			    cr.program, cr.number, fix[0] != '\0' ? fix :
			    "unchanged");
		if (attrs[0] != '\0') {
			printf("credential %" PRId64 " (%s %s): attributes %s\n",
			    id, cr.program, cr.number, cr.attrs[0] != '\0' ?
			    cr.attrs : "none");
			prog = programs_find(&c->progs, cr.program);
			for (ap = attrs; prog != NULL && *ap != '\0';
			    ap = *aend != '\0' ? aend + 1 : aend) {
				aend = ap + strcspn(ap, ",");
				(void)cet_fmt(a1, sizeof(a1), "%.*s",
				    (int)(aend - ap), ap);
				if (!cred_program_uses_attr(prog, a1))
					cli_warn(c, "no rule of %s uses the "
					    "attribute '%s'", prog->code, a1);
			}
		}
		rc = EXIT_OK;
		goto out;
	}
	old = ns;
	if (remind != NULL) {
		ns.has_before = strcmp(remind, "default") != 0;
		ns.nbefore = ns.has_before ? nbefore : 0;
		memcpy(ns.before, before_v, sizeof(ns.before));
	}
	if (after != NULL) {
		ns.has_after = strcmp(after, "default") != 0;
		ns.nafter = ns.has_after ? nafter : 0;
		memcpy(ns.after, after_v, sizeof(ns.after));
	}
	if (snooze != NULL)
		ns.snooze_until = snooze_day;
	if (optout != NULL)
		ns.opt_out = opt_bits;
	cred_describe_reminders(&ns, &c->cfg, desc, sizeof(desc));

	if (old.has_before == ns.has_before && old.nbefore == ns.nbefore &&
	    memcmp(old.before, ns.before, sizeof(int) * (size_t)ns.nbefore) ==
	    0 && old.has_after == ns.has_after && old.nafter == ns.nafter &&
	    memcmp(old.after, ns.after, sizeof(int) * (size_t)ns.nafter) ==
	    0 && old.snooze_until == ns.snooze_until &&
	    old.opt_out == ns.opt_out) {
		cli_rollback(c);
		printf("credential %" PRId64 " (%s %s) unchanged: %s\n", id,
		    cr.program, cr.number, desc);
		rc = EXIT_OK;
		goto out;
	}
	if (store_notify_settings_set(&c->db, &ns, err, sizeof(err)) == -1 ||
	    store_audit(&c->db, "set", "credential", id, desc, err,
	    sizeof(err)) == -1)
		goto fail;
	if (cli_commit(c) == -1)
		goto out;
	printf("credential %" PRId64 " (%s %s): %s\n", id, cr.program,
	    cr.number, desc);
	rc = EXIT_OK;
	goto out;
fail:
	cli_rollback(c);
	cli_error(c, EXIT_FAIL, "%s", err);
out:
	return rc;
}

static int
cred_rm(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help",	no_argument,	NULL,	'h' },
		{ NULL,		0,		NULL,	0 }
	};
	struct credential	 cr;
	char			 err[1024];
	int64_t			 id;
	int			 ch;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			return cli_help(cred_rm_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind == argc)
		return cli_error(c, EXIT_USAGE, "ID: missing, expected a "
		    "credential id (see 'cetrack cred list')");
	if (argc - optind > 1)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'; see "
		    "'cetrack cred rm --help'", argv[optind + 1]);
	if (cli_id_arg(c, "ID", argv[optind], &id) == -1)
		return EXIT_USAGE;
	if (cli_open_db(c) == -1)
		return EXIT_FAIL;
	if (cli_begin(c) == -1)
		return EXIT_FAIL;
	if (store_cred_get(&c->db, id, &cr, err, sizeof(err)) == -1 ||
	    store_cred_rm(&c->db, id, err, sizeof(err)) == -1) {
		cli_rollback(c);
		return cli_error(c, EXIT_FAIL, "%s", err);
	}
	if (cli_commit(c) == -1)
		return EXIT_FAIL;
	printf("deleted credential %" PRId64 " (%s %s) with its cycles\n", id,
	    cr.program, cr.number);
	return EXIT_OK;
}

/* An original issue date: a date, not in the future. */
static int
cred_issued_arg(struct cli *c, const char *v, int *out)
{
	char	d[DATE_BUFSZ];

	if (cli_date_arg(c, "--issued", v, out) == -1)
		return -1;
	if (*out > c->today) {
		(void)cli_error(c, EXIT_USAGE, "--issued: %s is in the future, "
		    "expected the day the credential was first issued",
		    date_format(*out, d));
		return -1;
	}
	return 0;
}

static int
cred_verify(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "on",		required_argument,	NULL,	'o' },
		{ "by",		required_argument,	NULL,	'b' },
		{ "source",	required_argument,	NULL,	's' },
		{ "help",	no_argument,		NULL,	'h' },
		{ NULL,		0,			NULL,	0 }
	};
	const char		*on = NULL, *by = NULL, *src = NULL;
	struct verification	 v;
	struct credential	 cr;
	char			 err[1024], d[DATE_BUFSZ];
	int64_t			 id;
	int			 ch;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			on = optarg;
			break;
		case 'b':
			by = optarg;
			break;
		case 's':
			src = optarg;
			break;
		case 'h':
			return cli_help(cred_verify_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind == argc)
		return cli_error(c, EXIT_USAGE, "ID: missing, expected a "
		    "credential id (see 'cetrack cred list')");
	if (argc - optind > 1)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'; see "
		    "'cetrack cred verify --help'", argv[optind + 1]);
	if (cli_id_arg(c, "ID", argv[optind], &id) == -1)
		return EXIT_USAGE;
	memset(&v, 0, sizeof(v));
	v.credential_id = id;
	if (on == NULL)
		return cli_error(c, EXIT_USAGE, "--on: missing, expected the "
		    "day the credential was checked (YYYY-MM-DD)");
	if (by == NULL)
		return cli_error(c, EXIT_USAGE, "--by: missing, expected the "
		    "name of who checked it");
	if (src == NULL)
		return cli_error(c, EXIT_USAGE, "--source: missing, expected "
		    "where it was checked (a name such as Nursys, or a URL)");
	if (cli_date_arg(c, "--on", on, &v.on) == -1 ||
	    cli_text_arg(c, "--by", by, sizeof(v.by), 0) == -1 ||
	    cli_text_arg(c, "--source", src, sizeof(v.source), 0) == -1)
		return EXIT_USAGE;
	if (v.on > c->today)
		return cli_error(c, EXIT_USAGE, "--on: %s is in the future, "
		    "expected the day it was checked, today or earlier",
		    date_format(v.on, d));
	(void)cet_strlcpy(v.by, by, sizeof(v.by));
	(void)cet_strlcpy(v.source, src, sizeof(v.source));
	if (cli_open_db(c) == -1)
		return EXIT_FAIL;
	if (cli_begin(c) == -1)
		return EXIT_FAIL;
	if (store_verify_add(&c->db, &v, err, sizeof(err)) == -1 ||
	    store_cred_get(&c->db, id, &cr, err, sizeof(err)) == -1) {
		cli_rollback(c);
		return cli_error(c, EXIT_FAIL, "%s", err);
	}
	if (cli_commit(c) == -1)
		return EXIT_FAIL;
	printf("verified credential %" PRId64 " (%s %s) on %s by %s\n", id,
	    cr.program, cr.number, date_format(v.on, d), v.by);
	return EXIT_OK;
}
