/* SPDX-License-Identifier: ISC */
/*
 * `cetrack init`: create the database, or upgrade an older one to this
 * binary's schema. Running it again is harmless: it says the database is
 * up to date. A database made by a newer cetrack is refused untouched.
 */

#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "store/db.h"

static const char init_usage[] =
    "usage: cetrack init\n"
    "\n"
    "Create the database (mode 0600, with its directory), or upgrade one\n"
    "made by an older cetrack. Safe to run again.\n";

int
cmd_init(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help",	no_argument,	NULL,	'h' },
		{ NULL,		0,		NULL,	0 }
	};
	char		 err[1024];
	const char	*path = cli_db_path(c);
	int		 ch, from = 0, to = 0;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			return cli_help(init_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind != argc)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'; see "
		    "'cetrack init --help'", argv[optind]);

	if (db_open(&c->db, path, DB_OPEN_CREATE, err, sizeof(err)) == -1)
		goto fail;
	c->db_open = 1;
	if (db_migrate(&c->db, &from, &to, err, sizeof(err)) == -1)
		goto fail;
	if (from == 0)
		printf("created %s (schema %d)\n", path, to);
	else if (from < to)
		printf("upgraded %s from schema %d to %d\n", path, from, to);
	else
		printf("%s is up to date (schema %d)\n", path, to);
	return EXIT_OK;
fail:
	if (strstr(err, path) == NULL)
		return cli_error(c, EXIT_FAIL, "%s: %s", path, err);
	return cli_error(c, EXIT_FAIL, "%s", err);
}
