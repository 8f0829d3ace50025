/* SPDX-License-Identifier: ISC */
/*
 * The outbox: a durable queue of reminders in the notification table. Each
 * item has a unique dedup key "credential:cycle:event:channel:recipient",
 * so enqueueing the same reminder twice (a second pass, a restart after a
 * crash) adds nothing. An item stays `pending` until the server accepted it
 * (there is no "sending" state that a crash could strand); a temporary
 * failure schedules a retry with exponential backoff and jitter, and an
 * item that keeps failing past give_up_after becomes `dead`; a permanent
 * failure (webhook 410, SMTP 5xx) makes it `failed` at once. Items that are
 * not to be sent (snoozed, opted out, caught up) are kept as `skipped` with
 * the reason, as a record.
 *
 * Times are time_t (UTC) here and "YYYY-MM-DDTHH:MM:SSZ" in SQL. Like
 * store.h, writers do not begin or commit; each call is one statement per
 * item, so an unwrapped call is atomic per item, and a caller that must
 * change several things together wraps them in db_begin/db_commit.
 * Functions return 0, or -1 with a one-line message in err.
 */
#ifndef CETRACK_OUTBOX_H
#define CETRACK_OUTBOX_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store/db.h"

#define OUTBOX_TIME_BUFSZ	21	/* "2027-03-02T09:00:00Z" + NUL */
#define OUTBOX_EVENT_MAX	48	/* "before-30", "window-open", ... */
#define OUTBOX_CHANNEL_MAX	8	/* "email", "webhook", "log" */
#define OUTBOX_RECIPIENT_MAX	1024	/* an address or a webhook URL */
#define OUTBOX_KEY_MAX		1200	/* the dedup key */
#define OUTBOX_WEBHOOK_ID_MAX	40	/* "msg_" + 32 hex digits + NUL */
#define OUTBOX_ERROR_MAX	512	/* last_error, skip reason */
#define OUTBOX_GROUP_MAX	256	/* digest group (e.g. a Message-ID) */

enum outbox_status {
	OUTBOX_PENDING,		/* waiting for (another) attempt */
	OUTBOX_SENT,		/* the server accepted it */
	OUTBOX_FAILED,		/* permanent failure: never retried by itself */
	OUTBOX_DEAD,		/* temporary failures past give_up_after */
	OUTBOX_SKIPPED		/* not to be sent; kept with the reason */
};

/* Retry policy: [delivery] of cetrack.ini, in seconds, and the jitter
 * seed (the daemon passes a random value; tests a fixed one). */
struct outbox_policy {
	int		retry_first;	/* first retry after this (60) */
	int		retry_max;	/* doubling stops here (21600) */
	int		give_up_after;	/* dead this long after the first
					   attempt (259200) */
	uint64_t	seed;
};

/* What to enqueue. Text fields other than event, channel and recipient
 * may be NULL. */
struct outbox_new {
	int64_t		 credential_id;	/* 0: none (stored NULL; key "0") */
	int64_t		 cycle_id;	/* 0: none */
	const char	*event;		/* no ':' ; e.g. "before-30" */
	const char	*channel;	/* "email", "webhook" or "log" */
	const char	*recipient;	/* address, URL, or "" for log */
	const char	*subject;
	const char	*body;		/* text/plain body */
	const char	*payload;	/* webhook JSON, stored as given */
	const char	*skip_reason;	/* non-NULL: enqueue as `skipped` */
	time_t		 not_before;	/* first attempt; 0: now */
};

/* One row of the notification table. */
struct outbox_item {
	int64_t		 id;
	char		 dedup_key[OUTBOX_KEY_MAX];
	char		 webhook_id[OUTBOX_WEBHOOK_ID_MAX];
	int64_t		 credential_id;	/* 0 if NULL */
	int64_t		 cycle_id;	/* 0 if NULL */
	char		 event[OUTBOX_EVENT_MAX];
	char		 channel[OUTBOX_CHANNEL_MAX];
	char		 recipient[OUTBOX_RECIPIENT_MAX];
	char		*subject;	/* malloc'ed, NULL if none */
	char		*body;
	char		*payload;
	enum outbox_status status;
	int		 attempts;
	time_t		 next_attempt;	/* 0 if none (not pending) */
	time_t		 first_attempt;	/* 0 before the first attempt */
	time_t		 sent;		/* 0 unless sent */
	char		 last_error[OUTBOX_ERROR_MAX];
	char		 skip_reason[OUTBOX_ERROR_MAX];
	char		 digest_group[OUTBOX_GROUP_MAX];
	time_t		 created;
	time_t		 updated;
};

/* -- pure helpers ---------------------------------------------------- */

/* "pending", "sent", ...; and back (-1 for an unknown name). */
const char *outbox_status_name(enum outbox_status);
int	 outbox_status_parse(const char *, enum outbox_status *);

/* UTC "YYYY-MM-DDTHH:MM:SSZ" (buf of OUTBOX_TIME_BUFSZ); returns 0 or -1.
 * Parse accepts exactly that form. */
int	 outbox_time_format(time_t, char *buf, size_t len);
int	 outbox_time_parse(const char *, time_t *);

/*
 * The dedup key "credential:cycle:event:channel:recipient", e.g.
 * "7:12:before-30:email:dana.reyes@example.org". The event must be
 * non-empty without ':' and the channel one of email, webhook, log; the
 * recipient (last, so it may hold ':') must be free of control
 * characters. Returns 0, or -1 (bad field, or buf too small).
 */
int	 outbox_dedup_key(char *buf, size_t len, int64_t credential_id,
	    int64_t cycle_id, const char *event, const char *channel,
	    const char *recipient);

/* The Standard Webhooks message id of a dedup key: "msg_" and the first
 * 16 bytes of its SHA-256 in hex; the same on every retry and every run.
 * buf needs OUTBOX_WEBHOOK_ID_MAX bytes. Returns 0 or -1. */
int	 outbox_webhook_id(const char *dedup_key, char *buf, size_t len);

/* The wait after the attempt-th failure (attempt >= 1), without jitter:
 * retry_first * 2^(attempt-1), capped at retry_max. */
long	 outbox_backoff_base(const struct outbox_policy *, int attempt);

/* The same with jitter: within +/- 20% of the base, at least 1 second,
 * determined by (seed, item id, attempt), so a test can repeat it and
 * items failing together do not retry together. */
long	 outbox_backoff(const struct outbox_policy *, int64_t item_id,
	    int attempt);

/* -- the queue ------------------------------------------------------- */

/*
 * Enqueue one item (pending, or skipped when skip_reason is set) with
 * INSERT OR IGNORE on the dedup key. *created is 1 when it is new, 0 when
 * an item with that key already existed (whatever its status), and
 * *id (may be NULL) the item's id in both cases.
 */
int	 outbox_enqueue(struct db *, const struct outbox_new *, time_t now,
	    int *created, int64_t *id, char *err, size_t errlen);

/*
 * Whether an item with this dedup key exists, whatever its status: 1 or
 * 0, -1 on error. Lets a pass skip rendering what the queue already has.
 */
int	 outbox_has(struct db *, int64_t credential_id, int64_t cycle_id,
	    const char *event, const char *channel, const char *recipient,
	    char *err, size_t errlen);

/* Pending items with next_attempt <= now, ordered by next_attempt, then
 * id, at most `limit` (0: no limit); channel NULL for every channel.
 * *out is malloc'ed: free with outbox_items_free. The daemon groups email
 * items by recipient itself for a digest. */
int	 outbox_due(struct db *, time_t now, const char *channel,
	    size_t limit, struct outbox_item **out, size_t *n, char *err,
	    size_t errlen);

/* The earliest next_attempt of any pending item: returns 1 and sets *when,
 * 0 when nothing is pending, -1 on error. */
int	 outbox_next_due(struct db *, time_t *when, char *err, size_t errlen);

/*
 * The server accepted ids[0..n-1] (one message, or one digest carrying
 * them all: group names it, e.g. its Message-ID; NULL for none): each
 * pending one becomes sent, attempts + 1, sent = now. Items no longer
 * pending are left alone.
 */
int	 outbox_record_sent(struct db *, const int64_t *ids, size_t n,
	    const char *group, time_t now, char *err, size_t errlen);

/*
 * Delivery of ids[0..n-1] failed with `error` (one line). Each pending
 * item: attempts + 1, last_error set, first_attempt set if unset; then
 *  - permanent: `failed`;
 *  - temporary, now - first_attempt >= give_up_after: `dead`;
 *  - else stays pending, next_attempt = now + outbox_backoff().
 * result (may be NULL) receives each item's new status, so that the
 * caller logs and reports the ones that are now failed or dead; an item
 * that was not pending gets its current status. *final (may be NULL) is
 * the number of items that became failed or dead.
 */
int	 outbox_record_failure(struct db *, const int64_t *ids, size_t n,
	    const struct outbox_policy *, int permanent, const char *error,
	    time_t now, enum outbox_status *result, size_t *final, char *err,
	    size_t errlen);

/* Every pending item of channel+recipient becomes `failed` with error
 * (a webhook endpoint answered 410 Gone); *count (may be NULL) is how
 * many. */
int	 outbox_fail_recipient(struct db *, const char *channel,
	    const char *recipient, const char *error, time_t now,
	    size_t *count, char *err, size_t errlen);

/*
 * Manual retry (`cetrack notify retry ID`): a dead or failed item becomes
 * pending with next_attempt = now, attempts and first_attempt reset (it
 * gets a whole new retry period); last_error is kept. Any other status is
 * refused with a message naming it. *prev (may be NULL) gets the status
 * it had.
 */
int	 outbox_retry(struct db *, int64_t id, time_t now,
	    enum outbox_status *prev, char *err, size_t errlen);

/* One item by id ("no notification N" if none). Free its strings with
 * outbox_item_clear. */
int	 outbox_get(struct db *, int64_t id, struct outbox_item *, char *err,
	    size_t errlen);

/* Every item, or those of one status (status < 0: all), ordered by id;
 * with_text 0 leaves subject/body/payload NULL (cheaper for listings). */
int	 outbox_list(struct db *, int status, int with_text,
	    struct outbox_item **out, size_t *n, char *err, size_t errlen);

/*
 * What `cetrack notify list` asks for. Items that were never to be sent
 * and need nothing more (skipped, and any other such status a later
 * schema adds: not pending, sent, failed or dead) are "grouped": listed
 * per credential rather than one by one (outbox_status_grouped).
 */
struct outbox_filter {
	int		 status;	/* -1: any */
	int64_t		 person_id;	/* 0: any; items of that person's
					   credentials */
	int64_t		 credential_id;	/* 0: any */
	time_t		 since;		/* 0: any; created at or after */
	int		 grouped;	/* -1: any; 0: only items listed one by
					   one; 1: only grouped ones */
};

/* Whether items of this status are grouped per credential in listings. */
int	 outbox_status_grouped(enum outbox_status);

/*
 * The newest `limit` items matching f (0: all), returned oldest first,
 * without subject/body/payload; *total (may be NULL) is how many match
 * in all.
 */
int	 outbox_select(struct db *, const struct outbox_filter *, size_t limit,
	    struct outbox_item **out, size_t *n, int64_t *total, char *err,
	    size_t errlen);

/* One credential's grouped items of one status (credential_id 0: items
 * without a credential). */
struct outbox_group_row {
	int64_t		 credential_id;
	enum outbox_status status;
	int64_t		 count;
	int64_t		 latest;	/* largest id of the credential's
					   grouped items, all statuses */
};

/*
 * The grouped items matching f (f->grouped is ignored), per credential
 * and status, for the `limit` credentials with the newest such items (0:
 * all), ordered by latest then status. *items and *creds (may be NULL)
 * are how many grouped items and credentials match in all.
 */
int	 outbox_groups(struct db *, const struct outbox_filter *, size_t limit,
	    struct outbox_group_row **out, size_t *n, int64_t *items,
	    int64_t *creds, char *err, size_t errlen);

/* Number of items per status: counts[OUTBOX_PENDING] ... (5 entries). */
int	 outbox_counts(struct db *, long counts[5], char *err, size_t errlen);

void	 outbox_item_clear(struct outbox_item *);
void	 outbox_items_free(struct outbox_item *, size_t n);

#endif
