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
#include "base/util.h"

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
 * One pass in this process: evaluate (when asked) and deliver what is due,
 * with the heartbeat record. Sets *progress (may be NULL) to items sent +
 * failed. Returns 0 or -1. Full-only (work.c): NULL in cetrackd, which
 * runs each pass as a child, cetrackd-full (spawn_pass). cetrackd.c
 * chooses by this one test.
 */
int	 daemon_pass_here(struct daemon *, int evaluate, long *progress)
	    CET_FULL_ONLY;
/* What the passes of cetrackd-full need set up (libcurl) and torn down
 * (work.c; full-only with daemon_pass_here). */
void	 daemon_full_init(void) CET_FULL_ONLY;
void	 daemon_full_fini(void) CET_FULL_ONLY;

/*
 * spawn.c, cetrackd's side: remember argv for the children; run one pass
 * as a child cetrackd-full and wait for it (same contract as
 * daemon_pass_here); exec cetrackd-full outright for --once and --dry-run,
 * whose one pass is its whole job (does not return).
 */
void	 spawn_init(char **argv);
int	 spawn_pass(struct daemon *, int evaluate, long *progress);
void	 spawn_exec_full(char **argv) __attribute__((noreturn));

/*
 * Deliver every due item: email grouped by recipient into one message (a
 * digest), webhooks concurrently, log-channel items to the log; each result
 * recorded as soon as it is known. Sets *sent and *failed. Returns 0 or -1.
 */
int	 deliver_due(struct daemon *, time_t now, long *sent, long *failed);

#endif
