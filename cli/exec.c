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
#include "util.h"

#ifndef CETRACK_LIBEXECDIR
#define CETRACK_LIBEXECDIR "/usr/local/libexec"
#endif

static char	**exec_argv;

void
cli_exec_init(int argc, char **argv)
{
	(void)argc;
	exec_argv = argv;
}

/* Try dir/name; returns only if it could not be run (errno set). */
static void
cli_exec_try(const char *dir, const char *name, char *tried, size_t len)
{
	char	path[PATH_MAX];

	if (cet_fmt(path, sizeof(path), "%s/%s", dir, name) == -1)
		return;
	if (tried[0] == '\0')
		(void)cet_strlcpy(tried, path, len);
	if (access(path, X_OK) == -1)
		return;
	(void)fflush(stdout);
	(void)execv(path, exec_argv);
	(void)cet_strlcpy(tried, path, len);	/* it exists: say which */
}

int
cli_exec_full(struct cli *c, const char *what)
{
	char	self[PATH_MAX], dir[PATH_MAX + 32], tried[PATH_MAX];
	char	*slash;
	ssize_t	n;

	tried[0] = '\0';
	errno = ENOENT;
	if (exec_argv != NULL &&
	    (n = readlink("/proc/self/exe", self, sizeof(self) - 1)) > 0) {
		self[n] = '\0';
		if ((slash = strrchr(self, '/')) != NULL) {
			*slash = '\0';
			cli_exec_try(self, "cetrack-full", tried,
			    sizeof(tried));
			if (cet_fmt(dir, sizeof(dir), "%s/../libexec/cetrack",
			    self) == 0)
				cli_exec_try(dir, "cetrack-full", tried,
				    sizeof(tried));
		}
	}
	if (exec_argv != NULL)
		cli_exec_try(CETRACK_LIBEXECDIR "/cetrack", "cetrack-full",
		    tried, sizeof(tried));
	return cli_error(c, EXIT_FAIL, "%s needs cetrack-full (PDF, calendar "
	    "and network libraries): %s: %s; reinstall cetrack", what,
	    tried[0] != '\0' ? tried : "cetrack-full", strerror(errno));
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
