/* SPDX-License-Identifier: ISC */
/*
 * Handing a command line over to cetrack-full (cli/heavy.h). Nothing has
 * been written when it happens: commands exec before they open the
 * database or print, so the user sees one program.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "heavy.h"
#include "libexec.h"
#include "util.h"

static char	**exec_argv;

void
cli_exec_init(int argc, char **argv)
{
	(void)argc;
	exec_argv = argv;
}

int
cli_exec_full(struct cli *c, const char *what)
{
	char	path[PATH_MAX];

	path[0] = '\0';
	errno = ENOENT;
	if (exec_argv != NULL &&
	    libexec_find("cetrack-full", path, sizeof(path)) == 0) {
		(void)fflush(stdout);
		(void)execv(path, exec_argv);
	}
	return cli_error(c, EXIT_FAIL, "%s needs cetrack-full (PDF, calendar "
	    "and network libraries): %s: %s; reinstall cetrack", what,
	    path[0] != '\0' ? path : "cetrack-full", strerror(errno));
}

int
cli_run_calendar(struct cli *c, int argc, char **argv)
{
	if (cli_heavy.calendar != NULL)
		return cli_heavy.calendar(c, argc, argv);
	return cli_exec_full(c, "calendar");
}

int
cli_run_notify_test(struct cli *c, int argc, char **argv)
{
	if (cli_heavy.notify_test != NULL)
		return cli_heavy.notify_test(c, argc, argv);
	return cli_exec_full(c, "notify test");
}
