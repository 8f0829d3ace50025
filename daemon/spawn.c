/* SPDX-License-Identifier: ISC */
/*
 * cetrackd: the resident program runs each pass as a child, cetrackd-full,
 * and waits for it. Only the child loads libcurl and libical (with ICU and
 * libstdc++) and holds a pass's memory; the program that sleeps between
 * passes stays small (DESIGN.md §9: an idle daemon under 10 MB). The child
 * is killed with its parent (PR_SET_PDEATHSIG), so a kill -9 stops the
 * deliveries in flight as it did when they ran in one process; it records
 * each result as it comes in (daemon/deliver.c), so a crash repeats at
 * most what was in flight. --once and --dry-run exec cetrackd-full
 * outright.
 */
#include <sys/prctl.h>
#include <sys/wait.h>

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "base/libexec.h"
#include "log.h"
#include "sdnotify.h"
#include "store/store_notify.h"
#include "base/util.h"

static char	**spawn_argv;

void
spawn_init(char **argv)
{
	spawn_argv = argv;
}

void
spawn_exec_full(char **argv)
{
	char	path[PATH_MAX];

	if (libexec_find("cetrackd-full", path, sizeof(path)) == -1)
		fatalx("cetrackd-full not found in %s; reinstall cetrack",
		    path);
	(void)execv(path, argv);
	fatal("cannot run %s", path);
}

int
spawn_pass(struct daemon *d, int evaluate, long *progress)
{
	struct notify_pass last;
	const char *av[12];
	char path[PATH_MAX], at[32], err[512], when[32];
	pid_t pid, parent = getpid();
	int ac = 0, status;

	if (progress != NULL)
		*progress = 0;
	if (libexec_find("cetrackd-full", path, sizeof(path)) == -1) {
		log_warnx("cannot run a pass: cetrackd-full not found in %s",
		    path);
		return -1;
	}
	(void)cet_fmt(at, sizeof(at), "%lld", (long long)daemon_now(d));
	av[ac++] = spawn_argv != NULL && spawn_argv[0] != NULL ?
	    spawn_argv[0] : "cetrackd";
	av[ac++] = "--child-at";
	av[ac++] = at;
	if (!evaluate)
		av[ac++] = "--deliver-only";
	if (d->config_path != NULL) {
		av[ac++] = "-c";
		av[ac++] = d->config_path;
	}
	av[ac++] = "-d";
	av[ac++] = d->db.path;
	if (d->verbose)
		av[ac++] = "-v";
	av[ac] = NULL;

	if ((pid = fork()) == -1) {
		log_warn("cannot run a pass: fork");
		return -1;
	}
	if (pid == 0) {
		/* Die with the parent; it may already be gone. */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1 ||
		    getppid() != parent)
			_exit(1);
		(void)execv(path, (char *const *)(uintptr_t)av);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR) {
			log_warn("pass: waitpid");
			return -1;
		}
	}
	if (WIFSIGNALED(status))
		log_warnx("pass: %s killed by signal %d", path,
		    WTERMSIG(status));
	else if (WEXITSTATUS(status) == 127)
		log_warnx("pass: cannot run %s", path);
	/* What the pass did is in its record; the child does not notify. */
	if (store_pass_last(&d->db, &last, err, sizeof(err)) == -1)
		log_warnx("heartbeat: %s", err);
	else if (last.id > 0 && last.finished != 0) {
		if (progress != NULL)
			*progress = last.items_sent + last.items_failed;
		outbox_time_format(last.now_used, when, sizeof(when));
		sd_notifyf("STATUS=last pass %s: %ld enqueued, %ld sent, %ld "
		    "failed", when, last.items_enqueued, last.items_sent,
		    last.items_failed);
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}
