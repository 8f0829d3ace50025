/* SPDX-License-Identifier: ISC */
/*
 * `cetrack export [--format csv|json] [-o FILE]`: everything, to standard
 * output or to a file. A file is written under a temporary name in its
 * directory (mode 0600: it holds personal data) and renamed into place
 * only when complete, so a failed export never leaves half a file where a
 * good one was.
 */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "exchange/export.h"
#include "base/util.h"

/* "1 cycle", "2 cycles". */
#define EXPORT_PLURAL(i, word)	(counts.rows[i] == 1 ? word : word "s")

static const char export_usage[] =
    "usage: cetrack export [--format csv|json] [-o FILE]\n"
    "\n"
    "Write everything: organizations, people, credentials with every\n"
    "cycle, activities with their topics, approvals and targets,\n"
    "notifications, and certificates (their bytes in base64). The CSV\n"
    "form (the default) is read back by 'cetrack import'; see cetrack(1)\n"
    "for its columns.\n"
    "\n"
    "  --format csv|json  the format (default csv)\n"
    "  -o, --output FILE  write to FILE (mode 0600) instead of standard\n"
    "                     output\n";

int
cmd_export(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format",	required_argument,	NULL,	'f' },
		{ "output",	required_argument,	NULL,	'o' },
		{ "help",	no_argument,		NULL,	'h' },
		{ NULL,		0,			NULL,	0 }
	};
	struct export_counts	 counts;
	enum export_format	 fmt = EXPORT_CSV;
	struct cli_out		 o;
	const char		*out = NULL;
	char			 err[1024], extra[256];
	size_t			 i, n;
	int			 ch, file;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":ho:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (strcmp(optarg, "csv") == 0)
				fmt = EXPORT_CSV;
			else if (strcmp(optarg, "json") == 0)
				fmt = EXPORT_JSON;
			else
				return cli_error(c, EXIT_USAGE, "--format: '%s' "
				    "is not a format, expected csv or json",
				    optarg);
			break;
		case 'o':
			out = optarg;
			break;
		case 'h':
			return cli_help(export_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind != argc)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'; see "
		    "'cetrack export --help'", argv[optind]);
	if (out != NULL && out[0] == '\0')
		return cli_error(c, EXIT_USAGE, "-o: empty, expected a file");
	if (cli_open_db(c) == -1)
		return EXIT_FAIL;

	/* The summary only for a file: not into a pipe or the terminal. */
	file = out != NULL && strcmp(out, "-") != 0 && !cli_out_special(out);
	/* Personal data: 0600 (the umask does not widen it). */
	if (cli_out_open(c, &o, out, 0600) == -1)
		return EXIT_FAIL;
	if (export_write(&c->db, o.fp, fmt, &counts, err, sizeof(err)) == -1) {
		cli_error(c, EXIT_FAIL, "%s: %s", o.path, err);
		cli_out_abort(&o);
		return EXIT_FAIL;
	}
	if (cli_out_commit(c, &o) == -1)
		return EXIT_FAIL;
	/* The records of later schemas named only when there are some. */
	extra[0] = '\0';
	for (i = (size_t)export_rec_find("verification"); i < export_nrecs;
	    i++) {
		n = counts.rows[i];
		if (n > 0)
			(void)cet_fmt(extra + strlen(extra), sizeof(extra) -
			    strlen(extra), ", %zu %s", n,
			    export_rec_noun(export_recs[i].record, n));
	}
	if (file)
		printf("exported %zu %s, %zu %s, %zu %s, %zu %s, %zu %s, "
		    "%zu %s%s to %s\n",
		    counts.rows[0], EXPORT_PLURAL(0, "organization"),
		    counts.rows[1], counts.rows[1] == 1 ? "person" : "people",
		    counts.rows[2], EXPORT_PLURAL(2, "credential"),
		    counts.rows[3], EXPORT_PLURAL(3, "cycle"),
		    counts.rows[4], counts.rows[4] == 1 ? "activity" :
		    "activities",
		    counts.rows[8], EXPORT_PLURAL(8, "notification"),
		    extra, out);
	return EXIT_OK;
}
