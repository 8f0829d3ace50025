/* SPDX-License-Identifier: ISC */
/*
 * `cetrack init`: create the database, or upgrade an older one to this
 * binary's schema. Running it again is harmless: it says the database is
 * up to date. A database made by a newer cetrack is refused untouched.
 */

#include <sys/stat.h>

#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "store/cert.h"
#include "store/db.h"
#include "store/store.h"

static int	init_certificates(struct cli *, const char *);

static const char init_usage[] =
    "usage: cetrack init\n"
    "\n"
    "Create the database (mode 0600, with its directory), or upgrade one\n"
    "made by an older cetrack. Safe to run again. An upgraded database\n"
    "takes in the certificates that older versions kept in a\n"
    "certificates/ folder beside it; the folder is left as it is.\n";

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

	if (db_open(&c->db, path, DB_OPEN_CREATE | (c->cfg.db_group ?
	    DB_OPEN_GROUP : 0), err, sizeof(err)) == -1)
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
	return init_certificates(c, path);
fail:
	if (strstr(err, path) == NULL)
		return cli_error(c, EXIT_FAIL, "%s: %s", path, err);
	return cli_error(c, EXIT_FAIL, "%s", err);
}

/*
 * Before schema 6, certificates were files in a certificates/ folder
 * beside the database, named by their SHA-256. Each one an activity of
 * this database names, and the table lacks, is taken in when its bytes
 * hash to its name; what is missing or does not match is reported and
 * left out (`cetrack check` goes on naming those activities). The folder
 * is left in place: every database in the directory shared it, and the
 * others may not be upgraded yet. Runs on every init, so a folder
 * restored later is taken in then; with nothing to take in it says
 * nothing.
 */
static int
init_certificates(struct cli *c, const char *path)
{
	struct cert_upgrade	 u;
	struct errlist		 notes = { NULL, 0 };
	struct stat		 st;
	char			 dir[4096], err[1024], detail[256];
	size_t			 i;
	int			 rc = EXIT_FAIL;

	if (db_is_memory(path) || cert_dir(path, dir, sizeof(dir)) == -1 ||
	    lstat(dir, &st) == -1 || !S_ISDIR(st.st_mode))
		return EXIT_OK;
	if (cli_begin(c) == -1)
		return EXIT_FAIL;
	if (store_cert_upgrade(&c->db, dir, &u, &notes, err,
	    sizeof(err)) == -1) {
		cli_rollback(c);
		cli_error(c, EXIT_FAIL, "%s: %s", dir, err);
		goto out;
	}
	if (u.stored > 0) {
		(void)cet_fmt(detail, sizeof(detail), "%zu from %s", u.stored,
		    dir);
		if (store_audit(&c->db, "upgrade", "certificate", 0, detail,
		    err, sizeof(err)) == -1) {
			cli_rollback(c);
			cli_error(c, EXIT_FAIL, "%s", err);
			goto out;
		}
	}
	if (cli_commit(c) == -1)
		goto out;
	if (u.stored > 0)
		printf("stored %zu certificate%s from %s in the database; the "
		    "folder is left as it is (other databases beside this one "
		    "may still use it)\n", u.stored, u.stored == 1 ? "" : "s",
		    dir);
	for (i = 0; i < notes.n; i++)
		cli_warn(c, "%s", notes.v[i]);
	rc = EXIT_OK;
out:
	errlist_free(&notes);
	return rc;
}
