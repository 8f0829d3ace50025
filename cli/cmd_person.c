/* SPDX-License-Identifier: ISC */
/*
 * `cetrack person add|list`: the people whose credentials are tracked. A
 * person is referred to elsewhere by id, external (employee) id or exact
 * name, so an external id already in use is refused here.
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
static int	person_email_arg(struct cli *, const char *);

static const char person_usage[] =
    "usage: cetrack person add NAME [--email E] [--id EXTERNAL_ID]\n"
    "                          [--org ORG]\n"
    "       cetrack person list [--json]\n";

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
    "usage: cetrack person list [--json]\n"
    "\n"
    "List everyone: id, name, email, external id and organization.\n";

static const struct cli_sub person_subs[] = {
	{ "add",	"person add",	person_add, 0 },
	{ "list",	"person list",	person_list, 0 }
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
	int		 ch, json = 0, rc = EXIT_FAIL;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
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
		printf("  %s%s\n", oname, v[i].active ? "" : " (inactive)");
	}
	rc = EXIT_OK;
out:
	json_decref(arr);
	free(orgs);
	free(v);
	return rc;
}
