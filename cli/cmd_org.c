/* SPDX-License-Identifier: ISC */
/*
 * `cetrack org add|list|show|set|rm`: organizations (employers). People belong to
 * one with `person add --org` or a roster import; `org show` lists its
 * people with their credentials and current valid-through dates, and
 * `report --org` builds on the same link.
 */

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "base/addr.h"
#include "base/date.h"
#include "base/model.h"
#include "store/store.h"
#include "store/store_org.h"
#include "base/util.h"

static int	org_add(struct cli *, int, char **);
static int	org_list(struct cli *, int, char **);
static int	org_show(struct cli *, int, char **);
static int	org_set(struct cli *, int, char **);
static int	org_rm(struct cli *, int, char **);
static int	org_email_arg(struct cli *, const char *, const char *);
static json_t	*org_json(const struct organization *);

static const char org_usage[] =
    "usage: cetrack org add NAME [--contact EMAIL]\n"
    "       cetrack org list [--json]\n"
    "       cetrack org show ORG [--json]\n"
    "       cetrack org set ORG [--name NAME] [--contact EMAIL|none]\n"
    "       cetrack org rm ORG\n";

static const char org_set_usage[] =
    "usage: cetrack org set ORG [--name NAME] [--contact EMAIL|none]\n"
    "\n"
    "Rename an organization (ORG: its id or exact name) or change its\n"
    "contact; none clears the contact. What is not given stays.\n";

static const char org_rm_usage[] =
    "usage: cetrack org rm ORG\n"
    "\n"
    "Delete an organization. Refused while people belong to it: move them\n"
    "('cetrack person set P --org OTHER') or remove them ('cetrack person\n"
    "rm P') first. Removed people keep their history, without it.\n";

static const char org_add_usage[] =
    "usage: cetrack org add NAME [--contact EMAIL]\n"
    "\n"
    "Add an organization (an employer). NAME is unique.\n"
    "\n"
    "  --contact EMAIL  who hears about the organization's staff (the\n"
    "                   compliance lead)\n";

static const char org_list_usage[] =
    "usage: cetrack org list [--json]\n"
    "\n"
    "List the organizations: id, name, contact and number of people.\n";

static const char org_show_usage[] =
    "usage: cetrack org show ORG [--json]\n"
    "\n"
    "Show an organization (ORG: its id or exact name), its people and\n"
    "their credentials.\n";

static const struct cli_sub org_subs[] = {
	{ "add",	"org add",	org_add, 0 },
	{ "list",	"org list",	org_list, 0 },
	{ "show",	"org show",	org_show, 0 },
	{ "set",	"org set",	org_set, 0 },
	{ "rm",		"org rm",	org_rm, 0 }
};

int
cmd_org(struct cli *c, int argc, char **argv)
{
	return cli_dispatch(c, org_subs, ARRAY_SIZE(org_subs), org_usage,
	    argc, argv);
}

/* As `person add --email`: the mailer's address rule (base/addr.h). */
static int
org_email_arg(struct cli *c, const char *field, const char *e)
{
	if (cli_text_arg(c, field, e, EMAIL_MAX_LEN, 0) == -1)
		return -1;
	if (addr_valid(e, strlen(e)) == -1) {
		cli_error(c, EXIT_USAGE, "%s: '%s' is not an email address, "
		    "expected NAME@DOMAIN", field, e);
		return -1;
	}
	return 0;
}

static int
org_add(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "contact",	required_argument,	NULL,	'e' },
		{ "help",	no_argument,		NULL,	'h' },
		{ NULL,		0,			NULL,	0 }
	};
	struct organization	 o;
	const char		*contact = NULL;
	char			 err[1024];
	int			 ch;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'e':
			contact = optarg;
			break;
		case 'h':
			return cli_help(org_add_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind == argc)
		return cli_error(c, EXIT_USAGE, "NAME: missing, expected the "
		    "organization's name");
	if (argc - optind > 1)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'; "
		    "quote a NAME with spaces", argv[optind + 1]);
	memset(&o, 0, sizeof(o));
	if (cli_text_arg(c, "NAME", argv[optind], NAME_MAX_LEN, 0) == -1)
		return EXIT_USAGE;
	(void)cet_strlcpy(o.name, argv[optind], sizeof(o.name));
	if (contact != NULL) {
		if (org_email_arg(c, "--contact", contact) == -1)
			return EXIT_USAGE;
		(void)cet_strlcpy(o.contact_email, contact,
		    sizeof(o.contact_email));
	}
	if (cli_open_db(c) == -1 || cli_begin(c) == -1)
		return EXIT_FAIL;
	if (store_org_add(&c->db, &o, err, sizeof(err)) == -1) {
		cli_rollback(c);
		return cli_error(c, EXIT_FAIL, "%s", err);
	}
	if (cli_commit(c) == -1)
		return EXIT_FAIL;
	printf("added organization %" PRId64 ": %s\n", o.id, o.name);
	return EXIT_OK;
}

static json_t *
org_json(const struct organization *o)
{
	return json_pack("{s:I, s:o, s:o, s:o}",
	    "id", (json_int_t)o->id,
	    "name", cli_json_str(o->name),
	    "contact_email", cli_json_str(o->contact_email),
	    "created", cli_json_str(o->created));
}

static int
org_list(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json",	no_argument,	NULL,	'j' },
		{ "help",	no_argument,	NULL,	'h' },
		{ NULL,		0,		NULL,	0 }
	};
	struct organization	*v = NULL;
	struct person		*pv = NULL;
	json_t			*arr = NULL, *o;
	char			 err[1024], idbuf[32];
	size_t			 n = 0, np, i, wname = 4, len;
	size_t			*people = NULL;
	int			 ch, json = 0, rc = EXIT_FAIL;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(org_list_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind != argc)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'; see "
		    "'cetrack org list --help'", argv[optind]);
	if (cli_open_db(c) == -1)
		return EXIT_FAIL;
	if (store_org_list(&c->db, &v, &n, err, sizeof(err)) == -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		goto out;
	}
	people = xcalloc(n + 1, sizeof(*people));
	for (i = 0; i < n; i++) {
		if (store_org_people(&c->db, v[i].id, &pv, &np, err,
		    sizeof(err)) == -1) {
			cli_error(c, EXIT_FAIL, "%s", err);
			goto out;
		}
		free(pv);
		pv = NULL;
		people[i] = np;
	}

	if (json) {
		if ((arr = json_array()) == NULL)
			goto oom;
		for (i = 0; i < n; i++) {
			if ((o = org_json(&v[i])) == NULL ||
			    json_object_set_new(o, "people",
			    json_integer((json_int_t)people[i])) == -1 ||
			    json_array_append_new(arr, o) == -1)
				goto oom;
		}
		o = json_pack("{s:o}", "organizations", arr);
		arr = NULL;
		rc = cli_json_print(o) == 0 ? EXIT_OK : EXIT_FAIL;
		goto out;
	}
	if (n == 0) {
		printf("no organizations yet; add one with 'cetrack org add "
		    "NAME'\n");
		rc = EXIT_OK;
		goto out;
	}
	for (i = 0; i < n; i++)
		if ((len = cet_utf8_len(v[i].name)) > wname)
			wname = len;
	printf("%4s  ", "ID");
	cli_pad("NAME", wname);
	printf("  %6s  CONTACT\n", "PEOPLE");
	for (i = 0; i < n; i++) {
		(void)cet_fmt(idbuf, sizeof(idbuf), "%" PRId64, v[i].id);
		printf("%4s  ", idbuf);
		cli_pad(v[i].name, wname);
		printf("  %6zu  %s\n", people[i], v[i].contact_email[0] !=
		    '\0' ? v[i].contact_email : "-");
	}
	rc = EXIT_OK;
	goto out;
oom:
	cli_error(c, EXIT_FAIL, "out of memory");
out:
	json_decref(arr);
	free(people);
	free(v);
	return rc;
}

static int
org_show(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json",	no_argument,	NULL,	'j' },
		{ "help",	no_argument,	NULL,	'h' },
		{ NULL,		0,		NULL,	0 }
	};
	struct organization	 o;
	struct person		*pv = NULL;
	struct credential	*cv = NULL;
	struct cycle		 cy;
	json_t			*top = NULL, *people = NULL, *pj, *creds = NULL, *cj;
	char			 err[1024], vt[DATE_BUFSZ];
	size_t			 np = 0, nc = 0, i, j;
	int			 ch, json = 0, open, rc = EXIT_FAIL;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(org_show_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind == argc)
		return cli_error(c, EXIT_USAGE, "ORG: missing, expected an "
		    "organization's id or exact name");
	if (argc - optind > 1)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'; "
		    "quote an ORG with spaces", argv[optind + 1]);
	if (cli_text_arg(c, "ORG", argv[optind], NAME_MAX_LEN, 0) == -1)
		return EXIT_USAGE;
	if (cli_open_db(c) == -1)
		return EXIT_FAIL;
	if (store_org_find(&c->db, argv[optind], &o, err, sizeof(err)) == -1)
		return cli_error(c, EXIT_FAIL, "%s; see 'cetrack org list'",
		    err);
	if (store_org_people(&c->db, o.id, &pv, &np, err, sizeof(err)) == -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		goto out;
	}
	if (json) {
		if ((top = org_json(&o)) == NULL ||
		    (people = json_array()) == NULL)
			goto oom;
	} else {
		printf("%s (organization %" PRId64 ")\n", o.name, o.id);
		printf("contact: %s\n", o.contact_email[0] != '\0' ?
		    o.contact_email : "-");
		printf("%zu %s\n", np, np == 1 ? "person" : "people");
	}
	for (i = 0; i < np; i++) {
		if (store_cred_list(&c->db, pv[i].id, &cv, &nc, err,
		    sizeof(err)) == -1) {
			cli_error(c, EXIT_FAIL, "%s", err);
			goto out;
		}
		if (json) {
			pj = json_pack("{s:I, s:o, s:o, s:o, s:b}",
			    "id", (json_int_t)pv[i].id,
			    "name", cli_json_str(pv[i].name),
			    "email", cli_json_str(pv[i].email),
			    "external_id", cli_json_str(pv[i].external_id),
			    "active", pv[i].active);
			if (pj == NULL || json_array_append_new(people,
			    pj) == -1 || (creds = json_array()) == NULL ||
			    json_object_set_new(pj, "credentials", creds) == -1)
				goto oom;
		} else {
			printf("\n%s (id %" PRId64 "%s%s)%s\n", pv[i].name,
			    pv[i].id, pv[i].external_id[0] != '\0' ? ", " : "",
			    pv[i].external_id, pv[i].active ? "" :
			    " (inactive)");
			if (nc == 0)
				printf("  no credentials\n");
		}
		for (j = 0; j < nc; j++) {
			open = store_cycle_open(&c->db, cv[j].id, &cy, err,
			    sizeof(err)) == 0;
			if (json) {
				cj = json_pack("{s:I, s:s, s:s, s:o, s:s, s:o}",
				    "id", (json_int_t)cv[j].id,
				    "program", cv[j].program,
				    "number", cv[j].number,
				    "jurisdiction", cli_json_str(cv[j].state),
				    "status", cred_status_name(cv[j].status),
				    "valid_through", open ?
				    cli_json_date(cy.valid_through) :
				    json_null());
				if (cj == NULL || json_array_append_new(creds,
				    cj) == -1)
					goto oom;
				continue;
			}
			printf("  %-8s %-14s %-3s valid through %s%s\n",
			    cv[j].program, cv[j].number, cv[j].state[0] !=
			    '\0' ? cv[j].state : "-", open ?
			    date_format(cy.valid_through, vt) : "-",
			    cv[j].status == CRED_ACTIVE ? "" :
			    cv[j].status == CRED_RETIRED ? " (retired)" :
			    " (inactive)");
		}
		free(cv);
		cv = NULL;
	}
	if (json) {
		if (json_object_set_new(top, "people", people) == -1) {
			people = NULL;
			goto oom;
		}
		people = NULL;
		rc = cli_json_print(top) == 0 ? EXIT_OK : EXIT_FAIL;
		top = NULL;
		goto out;
	}
	rc = EXIT_OK;
	goto out;
oom:
	cli_error(c, EXIT_FAIL, "out of memory");
out:
	json_decref(top);
	json_decref(people);
	free(cv);
	free(pv);
	return rc;
}

static int
org_set(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "name",	required_argument,	NULL,	'n' },
		{ "contact",	required_argument,	NULL,	'c' },
		{ "help",	no_argument,		NULL,	'h' },
		{ NULL,		0,			NULL,	0 }
	};
	struct organization o, old;
	const char	*name = NULL, *contact = NULL;
	char		 err[1024], diff[768] = "", detail[1024];
	int		 ch;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			name = optarg;
			break;
		case 'c':
			contact = optarg;
			break;
		case 'h':
			return cli_help(org_set_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind == argc)
		return cli_error(c, EXIT_USAGE, "ORG: missing, expected an "
		    "organization's id or exact name");
	if (argc - optind > 1)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'; "
		    "quote a name with spaces", argv[optind + 1]);
	if (name == NULL && contact == NULL)
		return cli_error(c, EXIT_USAGE, "nothing to set, expected "
		    "--name or --contact");
	if (cli_text_arg(c, "ORG", argv[optind], NAME_MAX_LEN, 0) == -1)
		return EXIT_USAGE;
	if (name != NULL && cli_text_arg(c, "--name", name, NAME_MAX_LEN,
	    0) == -1)
		return EXIT_USAGE;
	if (contact != NULL && strcmp(contact, "none") != 0 &&
	    org_email_arg(c, "--contact", contact) == -1)
		return EXIT_USAGE;
	if (cli_open_db(c) == -1)
		return EXIT_FAIL;
	if (store_org_find(&c->db, argv[optind], &o, err, sizeof(err)) == -1)
		return cli_error(c, EXIT_FAIL, "ORG: %s; see 'cetrack org "
		    "list'", err);
	old = o;
	if (name != NULL)
		cet_strlcpy(o.name, name, sizeof(o.name));
	if (contact != NULL)
		cet_strlcpy(o.contact_email, strcmp(contact, "none") == 0 ? "" :
		    contact, sizeof(o.contact_email));
	cli_diff(diff, sizeof(diff), "name", old.name, o.name);
	cli_diff(diff, sizeof(diff), "contact", old.contact_email,
	    o.contact_email);
	if (diff[0] == '\0') {
		printf("organization %" PRId64 " (%s) unchanged\n", o.id,
		    o.name);
		return EXIT_OK;
	}
	(void)cet_fmt(detail, sizeof(detail), "%s: %s", old.name, diff);
	if (cli_begin(c) == -1)
		return EXIT_FAIL;
	if (store_org_update(&c->db, &o, detail, err, sizeof(err)) == -1) {
		cli_rollback(c);
		return cli_error(c, EXIT_FAIL, "%s", err);
	}
	if (cli_commit(c) == -1)
		return EXIT_FAIL;
	printf("organization %" PRId64 ": %s\n", o.id, diff);
	return EXIT_OK;
}

static int
org_rm(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help",	no_argument,	NULL,	'h' },
		{ NULL,		0,		NULL,	0 }
	};
	struct organization o;
	char		 err[1024];
	int		 ch;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			return cli_help(org_rm_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind == argc)
		return cli_error(c, EXIT_USAGE, "ORG: missing, expected an "
		    "organization's id or exact name");
	if (argc - optind > 1)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'; "
		    "quote a name with spaces", argv[optind + 1]);
	if (cli_text_arg(c, "ORG", argv[optind], NAME_MAX_LEN, 0) == -1)
		return EXIT_USAGE;
	if (cli_open_db(c) == -1)
		return EXIT_FAIL;
	if (store_org_find(&c->db, argv[optind], &o, err, sizeof(err)) == -1)
		return cli_error(c, EXIT_FAIL, "ORG: %s; see 'cetrack org "
		    "list'", err);
	if (cli_begin(c) == -1)
		return EXIT_FAIL;
	if (store_org_rm(&c->db, o.id, err, sizeof(err)) == -1) {
		cli_rollback(c);
		return cli_error(c, EXIT_FAIL, "%s", err);
	}
	if (cli_commit(c) == -1)
		return EXIT_FAIL;
	printf("deleted organization %" PRId64 " (%s)\n", o.id, o.name);
	return EXIT_OK;
}
