/* SPDX-License-Identifier: ISC */
/*
 * cetrackd's shared state: the configuration and rule packs in force, the
 * database, the channels' secrets, and the clock. cetrackd.c owns the loop
 * and signals; pass.c evaluates every open cycle and enqueues reminders;
 * deliver.c sends what is due.
 */
#ifndef CETRACKD_DAEMON_H
#define CETRACKD_DAEMON_H

#include <time.h>

#include "base/config.h"
#include "store/db.h"
#include "store/outbox.h"
#include "rules/programs.h"
#include "base/secret.h"

struct daemon {
	const char	*config_path;	/* -c, or NULL for the lookup */
	const char	*db_arg;	/* -d, or NULL */
	struct config	 cfg;
	struct program_set progs;
	struct db	 db;
	struct secret	 smtp_password;	/* empty when no AUTH */
	struct secret	 webhook_secret;
	struct outbox_policy retry;
	int		 dry_run;
	int		 full;		/* --full: evaluate everyone */
	int		 once;
	int		 verbose;
	time_t		 fixed_now;	/* --now, or 0 */
	time_t		 started;	/* wall clock at start, for --now */
	int		 child;		/* a pass for cetrackd (spawn.c) */
	int		 deliver_only;	/* child: no evaluation */
};

/* The daemon's clock: --now plus the time elapsed since start, or the
 * wall clock. */
time_t	 daemon_now(const struct daemon *);

/*
 * One evaluation: every open cycle as of `now`'s local date, reminders
 * planned (lib/remind) and enqueued in ONE transaction, skipped ones kept
 * as records. With dry_run, prints what would be enqueued and changes
 * nothing. Sets *enqueued. Returns 0 or -1 (logged).
 */
int	 pass_evaluate(struct daemon *, time_t now, long *enqueued);

/*
 * One pass: evaluate (when asked) and deliver what is due, with the
 * heartbeat record. Sets *progress (may be NULL) to items sent + failed.
 * cetrackd-full runs it in its own process (work.c); cetrackd runs
 * cetrackd-full as a child for it (spawn.c). Returns 0 or -1.
 */
int	 daemon_pass(struct daemon *, int evaluate, long *progress);

/* Set up what the passes need (work.c: libcurl); spawn.c remembers argv
 * and, when one_pass (--once, --dry-run), execs cetrackd-full. */
void	 daemon_runtime_init(char **argv, int one_pass);
void	 daemon_runtime_fini(void);

/*
 * Deliver every due item: email grouped by recipient into one message (a
 * digest), webhooks concurrently, log-channel items to the log; each result
 * recorded as soon as it is known. Sets *sent and *failed. Returns 0 or -1.
 */
int	 deliver_due(struct daemon *, time_t now, long *sent, long *failed);

#endif
