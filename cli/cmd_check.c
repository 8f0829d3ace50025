/* SPDX-License-Identifier: ISC */
/*
 * `cetrack check` checks what the programs depend on: the configuration,
 * the rule packs and the database's integrity. It reports every problem
 * it finds rather than stopping at the first, and fails if there was any.
 */

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "store/db.h"
#include "rules/eligibility.h"
#include "rules/programs.h"
#include "store/cert.h"
#include "store/store.h"
#include "base/util.h"

static size_t	check_report(struct cli *, struct errlist *);

static const char check_usage[] =
    "usage: cetrack check\n"
    "\n"
    "Check the configuration, what sending needs (the secret files, their\n"
    "permissions and form, TLS towards the mail server), the rule packs\n"
    "and the database (integrity, foreign keys, every stored certificate\n"
    "against its SHA-256, every activity's certificate stored). cetrackd\n"
    "refuses to start on what this reports. Prints an ok line for each\n"
    "part that is sound and one line per problem; exits 1 if there is\n"
    "any problem.\n";

/* Print the problems of one part; returns how many there were. */
static size_t
check_report(struct cli *c, struct errlist *errs)
{
	size_t	i, n = errs->n;

	for (i = 0; i < errs->n; i++)
		cli_error(c, EXIT_FAIL, "%s", errs->v[i]);
	errlist_free(errs);
	errs->v = NULL;
	errs->n = 0;
	return n;
}

int
cmd_check(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help",	no_argument,	NULL,	'h' },
		{ NULL,		0,		NULL,	0 }
	};
	struct errlist		 errs = { NULL, 0 }, notes = { NULL, 0 };
	struct credential	*creds = NULL;
	const char		*dir, *ok;
	char			 err[1024];
	size_t			 i, builtin = 0, ncreds = 0, problems = 0;
	int64_t			 npeople = 0;
	long long		 ncerts = 0;
	long			 nbad;
	int			 ch, n, bad;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			return cli_help(check_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind != argc)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'",
		    argv[optind]);
	ok = cli_paint(c, "32", "ok");

	/* The configuration: on errors the rest is checked with what was
	 * valid plus defaults. */
	if (config_load(&c->cfg, c->config_path, &errs) == -1) {
		if (errs.n == 0)
			errlist_add(&errs, "cannot load the configuration");
		problems += check_report(c, &errs);
	} else
		printf("%s: configuration %s\n", ok, c->cfg.path[0] != '\0' ?
		    c->cfg.path : "(built-in defaults)");

	/* What a send would refuse, by the rule cetrackd starts by. */
	if (config_check_delivery(&c->cfg, NULL, NULL, &errs, &notes) > 0)
		problems += check_report(c, &errs);
	else if (c->cfg.email_enabled || c->cfg.webhook_enabled)
		printf("%s: delivery settings (%s%s%s)\n", ok,
		    c->cfg.email_enabled ? "email" : "",
		    c->cfg.email_enabled && c->cfg.webhook_enabled ? ", " : "",
		    c->cfg.webhook_enabled ? "webhook" : "");
	for (i = 0; i < notes.n; i++)
		printf("note: %s\n", notes.v[i]);
	errlist_free(&notes);

	/* Rule packs. */
	dir = c->cfg.programs_dir[0] != '\0' ? c->cfg.programs_dir : NULL;
	if ((n = programs_load(&c->progs, dir, &errs)) != -1)
		n += programs_parse_all(&c->progs, &errs);
	if (n != 0) {
		if (errs.n == 0)
			errlist_add(&errs, "%s: cannot read the programs "
			    "directory", dir != NULL ? dir : "");
		problems += check_report(c, &errs);
		if (n > 0)
			cli_error(c, EXIT_FAIL, "%d rule pack%s refused", n,
			    n == 1 ? "" : "s");
	}
	for (i = 0; i < c->progs.n; i++) {
		if (strncmp(c->progs.v[i].origin, "builtin:", 8) == 0)
			builtin++;
	}
	if (dir != NULL)
		printf("%s: %zu programs (%zu built-in, %zu from %s)\n",
		    n == 0 ? ok : "loaded", c->progs.n, builtin,
		    c->progs.n - builtin, dir);
	else
		printf("%s: %zu programs (built-in)\n", n == 0 ? ok : "loaded",
		    c->progs.n);

	/* Eligibility packs: the built-in ones and [programs] dir's. */
	{
		struct elig_set	eset;
		char		edir[PATH_MAX + 16];

		(void)cet_fmt(edir, sizeof(edir), "%s%s", dir != NULL ? dir :
		    "", dir != NULL ? "/eligibility" : "");
		if (elig_load(&eset, edir, &errs) == -1) {
			if (errs.n == 0)
				errlist_add(&errs, "%s: cannot read the "
				    "eligibility packs", edir);
			problems += check_report(c, &errs);
		} else
			printf("%s: %zu eligibility packs\n", ok, eset.n);
		elig_free(&eset);
	}

	/* The database. */
	if (cli_open_db(c) == -1) {
		problems++;
		goto out;
	}
	if ((bad = db_check(&c->db, &errs, err, sizeof(err))) == -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		problems++;
		goto out;
	}
	if (bad) {
		problems += check_report(c, &errs);
		goto out;
	}
	if (store_person_count(&c->db, &npeople, err, sizeof(err)) == -1 ||
	    store_cred_list(&c->db, 0, &creds, &ncreds, err,
	    sizeof(err)) == -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		problems++;
		goto out;
	}
	/* A credential whose pack is gone cannot be evaluated. */
	for (i = 0; i < ncreds; i++) {
		if (programs_find(&c->progs, creds[i].program) == NULL) {
			cli_error(c, EXIT_FAIL, "credential %" PRId64 ": "
			    "program %s is not loaded", creds[i].id,
			    creds[i].program);
			problems++;
		}
	}
	printf("%s: database %s (schema %d, %" PRId64 " people, %zu "
	    "credentials)\n", ok, cli_db_path(c), db_schema_version(&c->db),
	    npeople, ncreds);
	/* Certificates: every stored one's bytes against its digest, and
	 * every activity's certificate against the table. */
	if ((nbad = store_cert_check(&c->db, &errs, &ncerts, err,
	    sizeof(err))) == -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		problems++;
		goto out;
	}
	if (nbad > 0)
		problems += check_report(c, &errs);
	else
		printf("%s: %lld certificate%s (each matches its SHA-256)\n",
		    ok, ncerts, ncerts == 1 ? "" : "s");
out:
	errlist_free(&errs);
	free(creds);
	if (problems > 0) {
		cli_error(c, EXIT_FAIL, "%zu problem%s found", problems,
		    problems == 1 ? "" : "s");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
