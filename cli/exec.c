/* SPDX-License-Identifier: ISC */
/*
 * Handing a command line over to cetrack-full (cli.h). Nothing has been
 * written when it happens: commands exec before they open the database or
 * print, so the user sees one program.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "base/libexec.h"
#include "base/util.h"

/*
 * Set for cetrack-full by cetrack: main has already loaded the rule packs
 * and printed their warnings, which cetrack-full must not print again.
 */
#define EXEC_MARK	"CETRACK_FROM_LIGHT"

static char	**exec_argv;

void
cli_exec_init(int argc, char **argv)
{
	(void)argc;
	exec_argv = argv;
}

int
cli_exec_handed_over(void)
{
	if (!cli_full() || getenv(EXEC_MARK) == NULL)
		return 0;	/* cetrack itself, or cetrack-full run directly */
	/* Forget it: it is for this one process. */
	(void)unsetenv(EXEC_MARK);
	return 1;
}

int
cli_exec_full(const char *what)
{
	char	path[PATH_MAX];
	int	saved;

	if (exec_argv == NULL ||
	    libexec_find("cetrack-full", path, sizeof(path)) == -1)
		return cli_error(NULL, EXIT_FAIL, "%s needs cetrack-full, not "
		    "found in %s; reinstall cetrack", what, path);
	(void)fflush(stdout);
	(void)setenv(EXEC_MARK, "1", 1);
	(void)execv(path, exec_argv);
	saved = errno;
	(void)unsetenv(EXEC_MARK);
	return cli_error(NULL, EXIT_FAIL, "%s needs cetrack-full: %s: %s; "
	    "reinstall cetrack", what, path, strerror(saved));
}

/* cetrack-full is the program that links the full-only commands. */
int
cli_full(void)
{
	return cmd_calendar != NULL;
}
