/* SPDX-License-Identifier: ISC */
/*
 * cetrack: the command-line program. main() parses the global options,
 * finds the command in a git-style table, loads what that command needs
 * (configuration, rule packs), runs it and checks that everything written
 * to stdout really got out (so `cetrack person list >/dev/full` fails).
 */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "base/config.h"
#include "base/date.h"
#include "rules/programs.h"
#include "base/util.h"

#ifndef CETRACK_VERSION
#define CETRACK_VERSION "0.0.0"
#endif

struct main_cmd;

static int	main_help_cmd(struct cli *, int, char **);
static void	main_print_help(void);
static const struct main_cmd *main_find(const char *);
static int	main_wants_help(int, char **);
static int	main_setup(struct cli *, int, int);

/*
 * The command table: name, function, flags (what main loads first, and
 * CMD_FULL for a command cetrack-full runs), and the one-line summary
 * shown by `cetrack --help`. `check` loads the configuration and packs
 * itself because it reports their problems instead of stopping. A new
 * full-only command is a line here with CMD_FULL and its file in FULL_SRC.
 */
static const struct main_cmd {
	const char	*name;
	int		(*fn)(struct cli *, int, char **);
	int		 flags;
	const char	*summary;
} main_cmds[] = {
	{ "init",	cmd_init,	CMD_CONFIG,
	    "create or upgrade the database" },
	{ "person",	cmd_person,	CMD_CONFIG,
	    "add and list people" },
	{ "org",	cmd_org,	CMD_CONFIG,
	    "add, list and show organizations (employers)" },
	{ "cred",	cmd_cred,	CMD_CONFIG | CMD_PROGRAMS,
	    "add, list, show, renew credentials; set reminders" },
	{ "ce",		cmd_ce,		CMD_CONFIG | CMD_PROGRAMS,
	    "log, list and remove continuing-education activities" },
	{ "edu",	cmd_edu,	CMD_CONFIG,
	    "add, list and remove degrees (the path into a credential)" },
	{ "exp",	cmd_exp,	CMD_CONFIG,
	    "add, list and remove jobs and placements (experience)" },
	{ "exam",	cmd_exam,	CMD_CONFIG,
	    "add, list and remove exams sat" },
	{ "eligibility", cmd_eligibility, CMD_CONFIG,
	    "whether a person can sit an exam or apply for a license" },
	{ "status",	cmd_status,	CMD_CONFIG | CMD_PROGRAMS,
	    "where each credential stands" },
	{ "programs",	cmd_programs,	CMD_CONFIG | CMD_PROGRAMS,
	    "list and show credential programs (rule packs)" },
	{ "report",	cmd_report,	CMD_CONFIG | CMD_PROGRAMS,
	    "compliance reports: text, md, csv, json, html, pdf" },
	{ "calendar",	cmd_calendar,	CMD_CONFIG | CMD_PROGRAMS | CMD_FULL,
	    "export renewal dates as an iCalendar (.ics) file" },
	{ "notify",	cmd_notify,	CMD_CONFIG,
	    "list and retry reminders; test channels; new webhook secret" },
	{ "history",	cmd_history,	CMD_CONFIG,
	    "who changed what and when (the audit log)" },
	{ "import",	cmd_import,	CMD_CONFIG | CMD_PROGRAMS,
	    "import a roster, a CE transcript or an export (CSV)" },
	{ "export",	cmd_export,	CMD_CONFIG,
	    "export everything as CSV or JSON" },
	{ "demo",	cmd_demo,	CMD_CONFIG | CMD_PROGRAMS,
	    "fill an empty database with a fictional department" },
	{ "backup",	cmd_backup,	CMD_CONFIG,
	    "copy the database safely to a file" },
	{ "check",	cmd_check,	0,
	    "check the configuration, rule packs and database" },
	{ "help",	main_help_cmd,	0,
	    "show help for a command" }
};

static const char main_usage[] =
    "usage: cetrack [-c FILE] [-d DB] [--version] [--help] COMMAND [ARGS]\n"
    "\n"
    "options:\n"
    "  -c, --config FILE  configuration file (default: $CETRACK_CONFIG,\n"
    "                     $XDG_CONFIG_HOME/cetrack/cetrack.ini,\n"
    "                     /etc/cetrack/cetrack.ini, built-in defaults)\n"
    "  -d, --db DB        database file (default: $CETRACK_DB, then the\n"
    "                     configuration's [database] path)\n"
    "  --version          print the version and exit\n"
    "  -h, --help         print this help and exit\n"
    "\n"
    "commands:\n";

static void
main_print_help(void)
{
	size_t	i;

	fputs(main_usage, stdout);
	for (i = 0; i < ARRAY_SIZE(main_cmds); i++)
		printf("  %-10s %s\n", main_cmds[i].name, main_cmds[i].summary);
	fputs("\nRun 'cetrack COMMAND --help' for a command's options; "
	    "see cetrack(1).\n", stdout);
}

static const struct main_cmd *
main_find(const char *name)
{
	size_t	i;

	for (i = 0; i < ARRAY_SIZE(main_cmds); i++) {
		if (strcmp(main_cmds[i].name, name) == 0)
			return &main_cmds[i];
	}
	return NULL;
}

/* `cetrack help [COMMAND]`: the same as `cetrack COMMAND --help`. */
static int
main_help_cmd(struct cli *c, int argc, char **argv)
{
	static char		 help_arg[] = "--help";
	const struct main_cmd	*mc;
	char			*hargv[3];

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		main_print_help();
		return EXIT_OK;
	}
	if (argc > 2)
		return cli_error(c, EXIT_USAGE, "too many arguments, expected "
		    "'cetrack help [COMMAND]'");
	if ((mc = main_find(argv[1])) == NULL || mc->fn == main_help_cmd)
		return cli_error(c, EXIT_USAGE, "'%s' is not a command; see "
		    "'cetrack --help'", argv[1]);
	hargv[0] = argv[1];
	hargv[1] = help_arg;
	hargv[2] = NULL;
	c->cmd = mc->name;
	return mc->fn(c, 2, hargv);
}

/* Whether the command's arguments ask for help: then nothing is loaded,
 * so help works even with a broken configuration. */
static int
main_wants_help(int argc, char **argv)
{
	int	i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0)
			return 1;
	}
	return 0;
}

/* Load what the command needs; `warn`: print the rule packs' warnings
 * (not when cetrack has printed them before running cetrack-full). */
static int
main_setup(struct cli *c, int flags, int warn)
{
	struct errlist	 errs = { NULL, 0 };
	const char	*dir;
	size_t		 i;
	int		 rc = -1, n;

	if (flags & CMD_CONFIG) {
		if (config_load(&c->cfg, c->config_path, &errs) == -1) {
			for (i = 0; i < errs.n; i++)
				fprintf(stderr, "cetrack: %s\n", errs.v[i]);
			if (errs.n == 0)
				fprintf(stderr, "cetrack: cannot load the "
				    "configuration\n");
			goto out;
		}
		/* "Today" is the configured time zone's. */
		if (c->cfg.timezone[0] != '\0') {
			if (setenv("TZ", c->cfg.timezone, 1) == -1) {
				fprintf(stderr, "cetrack: TZ: %s\n",
				    strerror(errno));
				goto out;
			}
			tzset();
		}
		c->today = date_from_time(time(NULL));
	}
	if (flags & CMD_PROGRAMS) {
		dir = c->cfg.programs_dir[0] != '\0' ? c->cfg.programs_dir :
		    NULL;
		n = programs_load(&c->progs, dir, &errs);
		/* A refused pack is a warning: the others still work. */
		for (i = 0; i < errs.n; i++) {
			if (n == -1)
				fprintf(stderr, "cetrack: %s\n", errs.v[i]);
			else if (warn)
				cli_warn(c, "%s", errs.v[i]);
		}
		if (n == -1) {
			if (errs.n == 0)
				fprintf(stderr, "cetrack: %s: cannot read the "
				    "programs directory\n", dir ? dir : "");
			rc = -2;
			goto out;
		}
	}
	rc = 0;
out:
	errlist_free(&errs);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config",	required_argument,	NULL,	'c' },
		{ "db",		required_argument,	NULL,	'd' },
		{ "help",	no_argument,		NULL,	'h' },
		{ "version",	no_argument,		NULL,	'V' },
		{ NULL,		0,			NULL,	0 }
	};
	struct cli		 c;
	const struct main_cmd	*mc;
	const char		*env;
	int			 ch, rc, setup, warn;

	cli_exec_init(argc, argv);
	warn = !cli_exec_handed_over();
	memset(&c, 0, sizeof(c));
	config_defaults(&c.cfg);
	c.today = date_from_time(time(NULL));

	opterr = 0;
	/* "+": stop at the command word; the command parses the rest. */
	while ((ch = getopt_long(argc, argv, "+:c:d:h", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			c.config_path = optarg;
			break;
		case 'd':
			c.db_path = optarg;
			break;
		case 'h':
			main_print_help();
			rc = EXIT_OK;
			goto out;
		case 'V':
			printf("cetrack %s\n", CETRACK_VERSION);
			rc = EXIT_OK;
			goto out;
		default:
			rc = cli_bad_option(&c, ch, argv);
			goto out;
		}
	}
	if (optind >= argc) {
		rc = cli_error(&c, EXIT_USAGE, "missing command; see "
		    "'cetrack --help'");
		goto out;
	}
	if ((mc = main_find(argv[optind])) == NULL) {
		rc = cli_error(&c, EXIT_USAGE, "'%s' is not a command; see "
		    "'cetrack --help'", argv[optind]);
		goto out;
	}
	c.cmd = mc->name;
	if (c.config_path != NULL && c.config_path[0] == '\0') {
		rc = cli_error(NULL, EXIT_USAGE, "-c: empty, expected a file");
		goto out;
	}
	if (c.db_path == NULL && (env = getenv("CETRACK_DB")) != NULL &&
	    env[0] != '\0')
		c.db_path = env;
	if (c.db_path != NULL && c.db_path[0] == '\0') {
		rc = cli_error(NULL, EXIT_USAGE, "-d: empty, expected a "
		    "database file");
		goto out;
	}
	env = getenv("NO_COLOR");
	c.color = isatty(STDOUT_FILENO) && (env == NULL || env[0] == '\0');

	if (!main_wants_help(argc - optind, argv + optind)) {
		if ((setup = main_setup(&c, mc->flags, warn)) != 0) {
			rc = setup == -2 ? EXIT_FAIL : EXIT_USAGE;
			goto out;
		}
	}
	if ((mc->flags & CMD_FULL) && mc->fn == NULL)
		rc = cli_exec_full(mc->name);
	else
		rc = mc->fn(&c, argc - optind, argv + optind);
out:
	if (c.db_open)
		db_close(&c.db);
	programs_free(&c.progs);
	{
		char damaged[512];

		if (db_corruption_seen(damaged, sizeof(damaged)))
			fprintf(stderr, "cetrack: warning: %s\n", damaged);
	}
	/* Output that did not get out is a failure, reported once. */
	errno = 0;
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "cetrack: write error: %s\n",
		    errno != 0 ? strerror(errno) : "output failed");
		rc = EXIT_FAIL;
	} else if (fclose(stdout) == EOF) {
		fprintf(stderr, "cetrack: write error: %s\n", strerror(errno));
		rc = EXIT_FAIL;
	}
	return rc;
}
