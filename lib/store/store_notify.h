/* SPDX-License-Identifier: ISC */
/*
 * What the reminder service keeps besides the outbox: each credential's
 * reminder settings (its own offsets, snooze, opted-out channels), webhook
 * endpoints disabled after a 410 Gone, and one row per daemon pass, which
 * is the heartbeat that `cetrack status` checks. Writers do not begin or
 * commit (see store.h); the functions return 0, or -1 with a one-line
 * message in err.
 */
#ifndef CETRACK_STORE_NOTIFY_H
#define CETRACK_STORE_NOTIFY_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "base/config.h"
#include "store/db.h"

/* A credential's reminder settings; all unset = the configured policy. */
#define NOTIFY_OPT_EMAIL	0x01
#define NOTIFY_OPT_WEBHOOK	0x02
#define NOTIFY_OPT_ALL		0x80	/* every channel, log included */

#define NOTIFY_DAYS_MAX		3650
#define NOTIFY_STALE_SECS	86400	/* cetrackd "has not run" after a day */

struct notify_settings {
	int64_t	credential_id;
	int	has_before;		/* 0: the policy's [reminders] before */
	int	before[CONFIG_MAX_OFFSETS];	/* distinct, largest first */
	int	nbefore;		/* may be 0: no reminders before */
	int	has_after;		/* 0: the policy's after */
	int	after[CONFIG_MAX_OFFSETS];	/* distinct, smallest first */
	int	nafter;
	int	snooze_until;		/* days since epoch: nothing is sent
					   through that day; -1: none */
	unsigned opt_out;		/* NOTIFY_OPT_* bits; 0: none */
};

/*
 * Parse a list of days such as "120,60,30" (or "120, 60, 30"): at most
 * CONFIG_MAX_OFFSETS distinct integers in [min, max], sorted largest first
 * (desc) or smallest first; "none" is the empty list. Returns 0, or -1
 * with a message such as "'x' is not a number of days" (no field name:
 * the caller adds it).
 */
int	 notify_parse_days(const char *s, int min, int max, int desc,
	    int *out, int *n, char *err, size_t errlen);

/* Format a list back: "120,60,30", or "none" when empty. */
int	 notify_format_days(const int *days, int n, char *buf, size_t len);

/* Parse "email", "webhook", "all", "none" or a comma list of the first
 * two into NOTIFY_OPT_* bits; format back ("" for none). */
int	 notify_parse_opt_out(const char *s, unsigned *bits, char *err,
	    size_t errlen);
int	 notify_format_opt_out(unsigned bits, char *buf, size_t len);

/* Whether the settings opt the credential out of a channel ("email",
 * "webhook", "log"). */
int	 notify_opted_out(const struct notify_settings *, const char *channel);

/* Whether a credential is snoozed on `day` (days since epoch). */
int	 notify_snoozed(const struct notify_settings *, int day);

/* Reset to "use the policy": no offsets of its own, no snooze, no opt-out. */
void	 notify_settings_init(struct notify_settings *, int64_t credential_id);

/* -- per-credential settings ----------------------------------------- */

/* Read one credential's settings ("no credential N" if it does not
 * exist). */
int	 store_notify_settings_get(struct db *, int64_t credential_id,
	    struct notify_settings *, char *err, size_t errlen);

/* Write all of one credential's settings (the audit row is the caller's,
 * who knows what changed). */
int	 store_notify_settings_set(struct db *, const struct notify_settings *,
	    char *err, size_t errlen);

/* Every credential whose settings differ from the policy, ordered by
 * credential id (for the daemon's pass: one query, then bsearch with
 * store_notify_settings_find). *out is malloc'ed. */
int	 store_notify_settings_list(struct db *, struct notify_settings **out,
	    size_t *n, char *err, size_t errlen);
const struct notify_settings *store_notify_settings_find(
	    const struct notify_settings *, size_t n, int64_t credential_id);

/* -- webhook endpoints ----------------------------------------------- */

/* Mark an endpoint URL disabled (410 Gone) with a reason; idempotent (the
 * first time and reason are kept). */
int	 store_webhook_disable(struct db *, const char *url, const char *reason,
	    time_t now, char *err, size_t errlen);

/* *disabled = 1 and *when (may be NULL) and reason (may be NULL) filled
 * when the URL is disabled; 0 otherwise. */
int	 store_webhook_disabled(struct db *, const char *url, int *disabled,
	    time_t *when, char *reason, size_t reasonlen, char *err,
	    size_t errlen);

/* Enable it again (an administrator fixed the receiver); *changed (may be
 * NULL) is 1 if it was disabled. */
int	 store_webhook_enable(struct db *, const char *url, int *changed,
	    char *err, size_t errlen);

/* -- daemon passes (heartbeat) --------------------------------------- */

struct notify_pass {
	int64_t	id;
	time_t	started;		/* wall clock */
	time_t	finished;		/* 0 while running (or crashed) */
	time_t	now_used;		/* the pass's "now" (--now) */
	long	items_enqueued;
	long	items_sent;
	long	items_failed;
};

/* Record the start of a pass; sets *id. */
int	 store_pass_begin(struct db *, time_t started, time_t now_used,
	    int64_t *id, char *err, size_t errlen);

/* Record its end with its counts. */
int	 store_pass_finish(struct db *, int64_t id, time_t finished,
	    long enqueued, long sent, long failed, char *err, size_t errlen);

/* The most recent pass (by start): returns 1 and fills *out, 0 if there
 * has never been one, -1 on error. */
int	 store_pass_last(struct db *, struct notify_pass *out, char *err,
	    size_t errlen);

/* Delete passes that started before `before`, keeping the most recent
 * one in any case; *deleted may be NULL. */
int	 store_pass_prune(struct db *, time_t before, long *deleted,
	    char *err, size_t errlen);

/*
 * The warning `cetrack status` prints: when active credentials exist and
 * the last pass started more than NOTIFY_STALE_SECS before `now` (or no
 * pass ever ran), returns 1 with one line in msg, e.g.
 *   "cetrackd has not run since 2027-03-01 09:00 UTC; no reminders are
 *    being sent"
 *   "cetrackd has never run; no reminders are being sent"
 * 0 when all is well (msg ""), -1 on error.
 */
int	 store_notify_heartbeat_warning(struct db *, time_t now, char *msg,
	    size_t msglen, char *err, size_t errlen);

#endif
