/* SPDX-License-Identifier: ISC */
/*
 * cetrackd-full: a pass in this process (evaluate, enqueue, deliver),
 * with libcurl for the deliveries. cetrackd proper runs this program as a
 * child for each pass (daemon/spawn.c), and execs it for --once and
 * --dry-run.
 */
#include <stdio.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "daemon.h"
#include "log.h"
#include "notify/net.h"
#include "sdnotify.h"
#include "store/store_notify.h"

void
daemon_full_init(void)
{
	if (net_init() == -1)
		fatalx("cannot initialise libcurl");
#ifdef __GLIBC__
	/*
	 * This process lives for one pass. glibc gives the top of the heap
	 * back to the kernel whenever more than the trim threshold is free
	 * there, and a batched pass (pass.c) frees SQLite's temporary
	 * b-trees of every INSERT at the top: on the employer dataset the
	 * heap shrank and grew 616,000 times, and the cold pass took 138 s
	 * instead of 12 s. Keep what the pass has used until it exits.
	 */
	(void)mallopt(M_MMAP_THRESHOLD, 4 << 20);
	(void)mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

void
daemon_full_fini(void)
{
	net_fini();
}

int
daemon_pass_here(struct daemon *d, int evaluate, long *progress)
{
	time_t now = daemon_now(d);
	long enq = 0, sent = 0, failed = 0;
	int64_t pid = 0;
	char err[512], when[32];
	int rc = 0;

	if (!d->dry_run && store_pass_begin(&d->db, time(NULL), now, &pid,
	    err, sizeof(err)) == -1)
		log_warnx("heartbeat: %s", err);
	if (evaluate && pass_evaluate(d, now, &enq) == -1)
		rc = -1;
	if (!d->dry_run && deliver_due(d, now, &sent, &failed) == -1)
		rc = -1;
	if (!d->dry_run && pid > 0 && store_pass_finish(&d->db, pid,
	    time(NULL), enq, sent, failed, err, sizeof(err)) == -1)
		log_warnx("heartbeat: %s", err);
	/* Damage SQLite met on the way, whatever became of the error. */
	if (db_corruption_seen(err, sizeof(err)))
		log_warnx("%s", err);
	outbox_time_format(now, when, sizeof(when));
	if (evaluate || sent > 0 || failed > 0)
		log_info("pass at %s: %ld enqueued, %ld sent, %ld failed",
		    when, enq, sent, failed);
	sd_notifyf("STATUS=last pass %s: %ld enqueued, %ld sent, %ld failed",
	    when, enq, sent, failed);
	if (progress != NULL)
		*progress = sent + failed;
	return rc;
}
