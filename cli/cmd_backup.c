/* SPDX-License-Identifier: ISC */
/*
 * `cetrack backup FILE` copies the database with SQLite's online backup
 * API (safe while the daemon writes).
 */

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "store/db.h"
#include "base/util.h"

static const char backup_usage[] =
    "usage: cetrack backup FILE\n"
    "\n"
    "Copy the database to FILE (a new file, mode 0600) with SQLite's online\n"
    "backup, safe while cetrack or cetrackd write to it.\n";

int
cmd_backup(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help",	no_argument,	NULL,	'h' },
		{ NULL,		0,		NULL,	0 }
	};
	char		 err[1024];
	const char	*dst;
	int		 ch;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			return cli_help(backup_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind == argc)
		return cli_error(c, EXIT_USAGE, "FILE: missing, expected the "
		    "file to write the backup to");
	if (argc - optind > 1)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'",
		    argv[optind + 1]);
	dst = argv[optind];
	if (dst[0] == '\0')
		return cli_error(c, EXIT_USAGE, "FILE: empty, expected a file");
	if (cli_open_db(c) == -1)
		return EXIT_FAIL;
	if (strcmp(dst, cli_db_path(c)) == 0)
		return cli_error(c, EXIT_USAGE, "FILE: %s is the database "
		    "itself, expected another file", dst);
	if (db_backup(&c->db, dst, err, sizeof(err)) == -1)
		return cli_error(c, EXIT_FAIL, "%s", err);
	printf("backed up %s to %s\n", cli_db_path(c), dst);
	return EXIT_OK;
}
