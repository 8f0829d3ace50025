/* SPDX-License-Identifier: ISC */
/*
 * `cetrack person add|list|set|rm`: the people whose credentials are
 * tracked. A person is referred to elsewhere by id, external (employee) id
 * or exact name, so an external id already in use is refused here, and so
 * is a second person of the same name in the same organization unless an
 * external id tells them apart. Removing a person deactivates them: their
 * history stays (export, history, person list --all) unless --purge.
 */

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "base/addr.h"
#include "base/model.h"
#include "store/store.h"
#include "store/store_org.h"
#include "base/util.h"

static int	person_add(struct cli *, int, char **);
static int	person_list(struct cli *, int, char **);
static int	person_set(struct cli *, int, char **);
static int	person_rm(struct cli *, int, char **);
static int	person_email_arg(struct cli *, const char *);

static const char person_usage[] =
    "usage: cetrack person add NAME [--email E] [--id EXTERNAL_ID]\n"
    "                          [--org ORG]\n"
    "       cetrack person list [--all] [--json]\n"
    "       cetrack person set P [--name NAME] [--email E|none]\n"
    "                          [--id EXTERNAL_ID|none] [--org ORG|none]\n"
    "       cetrack person rm P [--purge --yes]\n";

static const char person_set_usage[] =
    "usage: cetrack person set P [--name NAME] [--email E|none]\n"
    "                          [--id EXTERNAL_ID|none] [--org ORG|none]\n"
    "\n"
    "Correct a person (P: id, external id or exact name); what is not given\n"
    "stays. none clears an email, external id or organization. The change\n"
    "and the old values go to the audit log ('cetrack history').\n";

static const char person_rm_usage[] =
    "usage: cetrack person rm P [--purge --yes]\n"
    "\n"
    "Remove a person (P: id, external id or exact name): they leave status,\n"
    "reports and reminders (reminders not yet sent are skipped), and stay\n"
    "with their history in export, 'cetrack history' and 'person list\n"
    "--all'.\n"
    "\n"
    "  --purge   delete the person with every credential, cycle and\n"
    "            activity for good (needs --yes)\n";

static const char person_add_usage[] =
    "usage: cetrack person add NAME [--email E] [--id EXTERNAL_ID]\n"
    "                          [--org ORG]\n"
    "\n"
    "Add a person. NAME is the full name as it should appear in reports.\n"
    "\n"
    "  --email E        address for reminders\n"
    "  --id EXTERNAL_ID an employee or external id (unique), usable\n"
    "                   wherever a person is asked for\n"
    "  --org ORG        the organization (id or exact name) the person\n"
    "                   works for; see 'cetrack org list'\n";

static const char person_list_usage[] =
    "usage: cetrack person list [--all] [--json]\n"
    "\n"
    "List everyone: id, name, email, external id and organization.\n"
    "\n"
    "  --all     removed people too, marked (removed)\n";

static const struct cli_sub person_subs[] = {
	{ "add",	"person add",	person_add, 0 },
	{ "list",	"person list",	person_list, 0 },
	{ "set",	"person set",	person_set, 0 },
	{ "rm",		"person rm",	person_rm, 0 }
};

int
cmd_person(struct cli *c, int argc, char **argv)
{
	return cli_dispatch(c, person_subs, ARRAY_SIZE(person_subs),
	    person_usage, argc, argv);
}

/* The address rule of the mailer (base/addr.h): an address stored here
 * is one a reminder can be sent to. */
static int
person_email_arg(struct cli *c, const char *e)
{
	if (cli_text_arg(c, "--email", e, EMAIL_MAX_LEN, 0) == -1)
		return -1;
	if (addr_valid(e, strlen(e)) == -1)
		goto bad;
	return 0;
bad:
	cli_error(c, EXIT_USAGE, "--email: '%s' is not an email address, "
	    "expected NAME@DOMAIN", e);
	return -1;
}

static int
person_add(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "email",	required_argument,	NULL,	'e' },
		{ "id",		required_argument,	NULL,	'i' },
		{ "org",	required_argument,	NULL,	'o' },
		{ "help",	no_argument,		NULL,	'h' },
		{ NULL,		0,			NULL,	0 }
	};
	struct person	 p, other;
	struct organization org;
	const char	*email = NULL, *extid = NULL, *orgref = NULL;
	char		 err[1024];
	int		 ch;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'e':
			email = optarg;
			break;
		case 'i':
			extid = optarg;
			break;
		case 'o':
			orgref = optarg;
			break;
		case 'h':
			return cli_help(person_add_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind == argc)
		return cli_error(c, EXIT_USAGE, "NAME: missing, expected the "
		    "person's full name");
	if (argc - optind > 1)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'; "
		    "quote a NAME with spaces", argv[optind + 1]);

	memset(&p, 0, sizeof(p));
	p.active = 1;
	if (cli_text_arg(c, "NAME", argv[optind], NAME_MAX_LEN, 0) == -1)
		return EXIT_USAGE;
	cet_strlcpy(p.name, argv[optind], sizeof(p.name));
	if (email != NULL) {
		if (person_email_arg(c, email) == -1)
			return EXIT_USAGE;
		cet_strlcpy(p.email, email, sizeof(p.email));
	}
	if (extid != NULL) {
		if (cli_text_arg(c, "--id", extid, EXTID_MAX_LEN, 0) == -1)
			return EXIT_USAGE;
		cet_strlcpy(p.external_id, extid, sizeof(p.external_id));
	}
	if (orgref != NULL && cli_text_arg(c, "--org", orgref, NAME_MAX_LEN,
	    0) == -1)
		return EXIT_USAGE;

	if (cli_open_db(c) == -1)
		return EXIT_FAIL;
	if (orgref != NULL) {
		if (store_org_find(&c->db, orgref, &org, err,
		    sizeof(err)) == -1)
			return cli_error(c, EXIT_FAIL, "--org: %s; see "
			    "'cetrack org list'", err);
		p.org_id = org.id;
	}
	if (extid != NULL && store_person_find(&c->db, extid, &other, err,
	    sizeof(err)) == 0 && strcmp(other.external_id, extid) == 0)
		return cli_error(c, EXIT_FAIL, "--id: %s is already the "
		    "external id of person %" PRId64 " (%s)", extid, other.id,
		    other.name);

	/* Two people of one name in one organization: only with --id. */
	if (extid == NULL) {
		int64_t same;

		if (store_person_namesake(&c->db, &p, &same, err,
		    sizeof(err)) == -1)
			return cli_error(c, EXIT_FAIL, "%s", err);
		if (same != 0)
			return cli_error(c, EXIT_FAIL, "NAME: person %" PRId64
			    " is already called '%s'%s; give --id to tell "
			    "them apart, or use 'cetrack person set %" PRId64
			    "'", same, p.name, orgref != NULL ? " in that "
			    "organization" : "", same);
	}

	if (cli_begin(c) == -1)
		return EXIT_FAIL;
	if (store_person_add(&c->db, &p, err, sizeof(err)) == -1) {
		cli_rollback(c);
		return cli_error(c, EXIT_FAIL, "%s", err);
	}
	if (cli_commit(c) == -1)
		return EXIT_FAIL;
	printf("added person %" PRId64 ": %s\n", p.id, p.name);
	return EXIT_OK;
}

static int
person_list(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "all",	no_argument,	NULL,	'a' },
		{ "json",	no_argument,	NULL,	'j' },
		{ "help",	no_argument,	NULL,	'h' },
		{ NULL,		0,		NULL,	0 }
	};
	struct person	*v = NULL;
	struct organization *orgs = NULL;
	const char	*oname;
	json_t		*arr = NULL, *o;
	char		 err[1024], idbuf[32];
	size_t		 n = 0, norgs = 0, i, j, wname = 4, wmail = 5, len;
	size_t		 nall;
	int		 ch, json = 0, all = 0, rc = EXIT_FAIL;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			all = 1;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(person_list_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind != argc)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'; see "
		    "'cetrack person list --help'", argv[optind]);
	if (cli_open_db(c) == -1)
		return EXIT_FAIL;
	if (store_person_list(&c->db, &v, &n, err, sizeof(err)) == -1 ||
	    store_org_list(&c->db, &orgs, &norgs, err, sizeof(err)) == -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		goto out;
	}
	/* Removed people only with --all. */
	nall = n;
	if (!all) {
		for (i = j = 0; i < n; i++)
			if (v[i].active)
				v[j++] = v[i];
		n = j;
	}

	if (json) {
		if ((arr = json_array()) == NULL) {
			cli_error(c, EXIT_FAIL, "out of memory");
			goto out;
		}
		for (i = 0; i < n; i++) {
			for (j = 0; j < norgs; j++)
				if (orgs[j].id == v[i].org_id)
					break;
			o = json_pack("{s:I, s:o, s:o, s:o, s:b, s:o, s:o}",
			    "id", (json_int_t)v[i].id,
			    "name", cli_json_str(v[i].name),
			    "email", cli_json_str(v[i].email),
			    "external_id", cli_json_str(v[i].external_id),
			    "active", v[i].active,
			    "org_id", v[i].org_id > 0 ?
			    json_integer((json_int_t)v[i].org_id) : json_null(),
			    "org", cli_json_str(j < norgs ? orgs[j].name : ""));
			if (json_array_append_new(arr, o) == -1) {
				cli_error(c, EXIT_FAIL, "out of memory");
				goto out;
			}
		}
		o = json_pack("{s:o}", "people", arr);
		arr = NULL;
		rc = cli_json_print(o) == 0 ? EXIT_OK : EXIT_FAIL;
		goto out;
	}

	if (n == 0 && nall > 0) {
		printf("no people; %zu removed ('cetrack person list --all')\n",
		    nall);
		rc = EXIT_OK;
		goto out;
	}
	if (n == 0) {
		printf("no people yet; add one with 'cetrack person add "
		    "NAME'\n");
		rc = EXIT_OK;
		goto out;
	}
	for (i = 0; i < n; i++) {
		if ((len = cet_utf8_len(v[i].name)) > wname)
			wname = len;
		if ((len = strlen(v[i].email)) > wmail)
			wmail = len;
	}
	printf("%4s  ", "ID");
	cli_pad("NAME", wname);
	fputs("  ", stdout);
	cli_pad("EMAIL", wmail);
	fputs("  EXTERNAL ID  ORGANIZATION\n", stdout);
	for (i = 0; i < n; i++) {
		(void)cet_fmt(idbuf, sizeof(idbuf), "%" PRId64, v[i].id);
		printf("%4s  ", idbuf);
		cli_pad(v[i].name, wname);
		fputs("  ", stdout);
		cli_pad(v[i].email[0] != '\0' ? v[i].email : "-", wmail);
		for (j = 0; j < norgs; j++)
			if (orgs[j].id == v[i].org_id)
				break;
		oname = j < norgs ? orgs[j].name : "-";
		fputs("  ", stdout);
		cli_pad(v[i].external_id[0] != '\0' ? v[i].external_id : "-",
		    11);
		printf("  %s%s\n", oname, v[i].active ? "" : " (removed)");
	}
	rc = EXIT_OK;
out:
	json_decref(arr);
	free(orgs);
	free(v);
	return rc;
}

static int
person_set(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "name",	required_argument,	NULL,	'n' },
		{ "email",	required_argument,	NULL,	'e' },
		{ "id",		required_argument,	NULL,	'i' },
		{ "org",	required_argument,	NULL,	'o' },
		{ "help",	no_argument,		NULL,	'h' },
		{ NULL,		0,			NULL,	0 }
	};
	struct person	 p, old, other;
	struct organization org, oldorg;
	const char	*name = NULL, *email = NULL, *extid = NULL;
	const char	*orgref = NULL;
	char		 err[1024], diff[1024] = "", detail[1200];
	int64_t		 same;
	int		 ch;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			name = optarg;
			break;
		case 'e':
			email = optarg;
			break;
		case 'i':
			extid = optarg;
			break;
		case 'o':
			orgref = optarg;
			break;
		case 'h':
			return cli_help(person_set_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind == argc)
		return cli_error(c, EXIT_USAGE, "P: missing, expected a person "
		    "(id, external id or exact name)");
	if (argc - optind > 1)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'; "
		    "quote a name with spaces", argv[optind + 1]);
	if (name == NULL && email == NULL && extid == NULL && orgref == NULL)
		return cli_error(c, EXIT_USAGE, "nothing to set, expected "
		    "--name, --email, --id or --org");
	/* Every value's form before the database is touched. */
	if (name != NULL && cli_text_arg(c, "--name", name, NAME_MAX_LEN,
	    0) == -1)
		return EXIT_USAGE;
	if (email != NULL && strcmp(email, "none") != 0 &&
	    person_email_arg(c, email) == -1)
		return EXIT_USAGE;
	if (extid != NULL && strcmp(extid, "none") != 0 &&
	    cli_text_arg(c, "--id", extid, EXTID_MAX_LEN, 0) == -1)
		return EXIT_USAGE;
	if (orgref != NULL && cli_text_arg(c, "--org", orgref, NAME_MAX_LEN,
	    0) == -1)
		return EXIT_USAGE;

	if (cli_person(c, argv[optind], &p) == -1)
		return EXIT_FAIL;
	if (!p.active)
		return cli_error(c, EXIT_FAIL, "person %" PRId64 " (%s) was "
		    "removed; see 'cetrack person list --all'", p.id, p.name);
	old = p;
	if (name != NULL)
		cet_strlcpy(p.name, name, sizeof(p.name));
	if (email != NULL)
		cet_strlcpy(p.email, strcmp(email, "none") == 0 ? "" : email,
		    sizeof(p.email));
	if (extid != NULL)
		cet_strlcpy(p.external_id, strcmp(extid, "none") == 0 ? "" :
		    extid, sizeof(p.external_id));
	if (orgref != NULL && strcmp(orgref, "none") == 0)
		p.org_id = 0;
	else if (orgref != NULL) {
		if (store_org_find(&c->db, orgref, &org, err,
		    sizeof(err)) == -1)
			return cli_error(c, EXIT_FAIL, "--org: %s; see "
			    "'cetrack org list'", err);
		p.org_id = org.id;
	}
	if (extid != NULL && p.external_id[0] != '\0' &&
	    store_person_find(&c->db, p.external_id, &other, err,
	    sizeof(err)) == 0 && other.id != p.id &&
	    strcmp(other.external_id, p.external_id) == 0)
		return cli_error(c, EXIT_FAIL, "--id: %s is already the "
		    "external id of person %" PRId64 " (%s)", p.external_id,
		    other.id, other.name);
	if (p.external_id[0] == '\0' && (name != NULL || orgref != NULL)) {
		if (store_person_namesake(&c->db, &p, &same, err,
		    sizeof(err)) == -1)
			return cli_error(c, EXIT_FAIL, "%s", err);
		if (same != 0)
			return cli_error(c, EXIT_FAIL, "--name: person %" PRId64
			    " is already called '%s' there; give --id to tell "
			    "them apart", same, p.name);
	}

	cli_diff(diff, sizeof(diff), "name", old.name, p.name);
	cli_diff(diff, sizeof(diff), "email", old.email, p.email);
	cli_diff(diff, sizeof(diff), "external id", old.external_id,
	    p.external_id);
	if (old.org_id != p.org_id) {
		char a[NAME_MAX_LEN] = "", b[NAME_MAX_LEN] = "";

		if (old.org_id != 0 && store_org_get(&c->db, old.org_id,
		    &oldorg, err, sizeof(err)) == 0)
			cet_strlcpy(a, oldorg.name, sizeof(a));
		if (p.org_id != 0)
			cet_strlcpy(b, org.name, sizeof(b));
		cli_diff(diff, sizeof(diff), "organization", a, b);
	}
	if (diff[0] == '\0') {
		printf("person %" PRId64 " (%s) unchanged\n", p.id, p.name);
		return EXIT_OK;
	}
	(void)cet_fmt(detail, sizeof(detail), "%s: %s", old.name, diff);
	if (cli_begin(c) == -1)
		return EXIT_FAIL;
	if (store_person_update(&c->db, &p, detail, err, sizeof(err)) == -1) {
		cli_rollback(c);
		return cli_error(c, EXIT_FAIL, "%s", err);
	}
	if (cli_commit(c) == -1)
		return EXIT_FAIL;
	printf("person %" PRId64 ": %s\n", p.id, diff);
	return EXIT_OK;
}

static int
person_rm(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "purge",	no_argument,	NULL,	'p' },
		{ "yes",	no_argument,	NULL,	'y' },
		{ "help",	no_argument,	NULL,	'h' },
		{ NULL,		0,		NULL,	0 }
	};
	struct person	 p;
	char		 err[1024];
	int		 ch, purge = 0, yes = 0;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			purge = 1;
			break;
		case 'y':
			yes = 1;
			break;
		case 'h':
			return cli_help(person_rm_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind == argc)
		return cli_error(c, EXIT_USAGE, "P: missing, expected a person "
		    "(id, external id or exact name)");
	if (argc - optind > 1)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'; "
		    "quote a name with spaces", argv[optind + 1]);
	if (purge && !yes)
		return cli_error(c, EXIT_USAGE, "--purge: deletes the person "
		    "and all their history for good, expected --yes as well");
	if (yes && !purge)
		return cli_error(c, EXIT_USAGE, "--yes: only with --purge");
	if (cli_person(c, argv[optind], &p) == -1)
		return EXIT_FAIL;
	if (!purge && !p.active)
		return cli_error(c, EXIT_FAIL, "person %" PRId64 " (%s) is "
		    "already removed", p.id, p.name);
	if (cli_begin(c) == -1)
		return EXIT_FAIL;
	if ((purge ? store_person_rm(&c->db, p.id, err, sizeof(err)) :
	    store_person_deactivate(&c->db, p.id, err, sizeof(err))) == -1) {
		cli_rollback(c);
		return cli_error(c, EXIT_FAIL, "%s", err);
	}
	if (cli_commit(c) == -1)
		return EXIT_FAIL;
	if (purge)
		printf("deleted person %" PRId64 " (%s) with all their "
		    "history\n", p.id, p.name);
	else
		printf("removed person %" PRId64 " (%s): no longer in status, "
		    "reports or reminders; history kept\n", p.id, p.name);
	return EXIT_OK;
}
