/* SPDX-License-Identifier: ISC */
/*
 * Reminder planning: a pure function from a reminder policy, a credential
 * with its open cycle and compliance result, "today" and the date of the
 * daemon's previous pass to the reminder events that are due, each marked
 * SEND or SKIP. No I/O and no clock. The outbox turns every returned event
 * into one record per channel and recipient under the dedup key
 * credential:cycle:<event key>:channel:recipient, so an event is sent at
 * most once per cycle however many passes emit it; SKIP events are stored
 * as `skipped`, which keeps the record and stops them being sent later.
 *
 * Events (key, threshold date):
 *   before-N     valid_through - N                  (policy.before[])
 *   window-open  the renewal window's first day     (program has a window,
 *                                                    policy.window_open)
 *   at-risk      today, while state is at_risk      (policy.at_risk)
 *   behind       today, while state is behind       (policy.behind)
 *   after-N      valid_through + N, N >= 1, in grace or lapsed
 *                                                   (policy.after[])
 *   lapsed       late_until + 1, once lapsed
 *   lapsed-K     late_until + 1 + K, K a multiple of policy.lapsed_repeat
 *                (days; 0, the default, repeats nothing), once lapsed
 * An event is emitted when its threshold is on or before today, on or after
 * the cycle start, and its condition holds. Nothing for a retired or
 * inactive credential or a closed cycle. A complete credential still gets
 * before-N and window-open (worded "ready to renew" by notice).
 *
 * Current state first (DESIGN.md §6). The CURRENT event is the most urgent
 * one emitted: where the credential stands now. It is always SEND, however
 * old its threshold, so a credential that no reminder has reached for its
 * cycle (a new database, an import, a new credential, a daemon that was
 * down) is told where it stands on the first pass that sees it; the
 * outbox's dedup key makes it a no-op once it has been recorded. L is
 * last_pass, or today - catchup_days when there was none. Another event
 * is NEW when its threshold is in (L, today] or is today itself (a second
 * pass on the same day still sends today's events; the dedup key makes
 * the repeat harmless). In daily operation (today - L <= catchup_days)
 * every NEW event is SEND too, and a digest shows them with the current
 * one; otherwise, and for every older event, SKIP ("superseded": the
 * current notice says where the credential stands). Once lapsed, only the
 * lapse and its repeats are sent; everything else of the cycle is
 * superseded by it. Snoozed (today <= snoozed_until): every event SKIP
 * ("snoozed").
 *
 * Urgency, most urgent first: lapsed-K (larger K first), lapsed, after-N
 * (larger N first), before-N (smaller N first), at-risk, behind,
 * window-open.
 */
#ifndef CETRACK_REMIND_H
#define CETRACK_REMIND_H

#include <stddef.h>

#include "rules/compliance.h"
#include "base/config.h"
#include "base/model.h"

#define REMIND_KEY_MAX		16	/* "before-3650" + NUL fits */
#define REMIND_OFFSET_MAX	3650
/* before[] + after[] + window-open, at-risk, behind, lapsed, and the
 * latest lapsed-K (only the latest repeat is emitted) */
#define REMIND_MAX_EVENTS	(2 * CONFIG_MAX_OFFSETS + 5)
#define REMIND_DEFAULT_CATCHUP	1

/* Reasons carried by SKIP events (static strings). */
#define REMIND_WHY_SUPERSEDED	"superseded by a more urgent reminder"
#define REMIND_WHY_SNOOZED	"snoozed"

enum remind_kind {
	REMIND_BEFORE,
	REMIND_WINDOW_OPEN,
	REMIND_AT_RISK,
	REMIND_BEHIND,
	REMIND_AFTER,
	REMIND_LAPSED,
	REMIND_LAPSED_AGAIN		/* lapsed-K: K days after the lapse */
};

enum remind_disp {
	REMIND_SEND,
	REMIND_SKIP
};

struct remind_policy {
	int	before[CONFIG_MAX_OFFSETS];	/* days before valid-through */
	int	nbefore;
	int	after[CONFIG_MAX_OFFSETS];	/* days after, grace/lapsed */
	int	nafter;
	int	window_open;		/* bool */
	int	behind;			/* bool */
	int	at_risk;		/* bool */
	int	snoozed_until;		/* date, or COMP_NO_DATE */
	int	catchup_days;		/* >= 0; default 1 */
	int	lapsed_repeat;		/* days between lapse notices; 0: once */
};

struct remind_input {
	const struct credential	*cred;
	const struct cycle	*cycle;		/* the open cycle */
	const struct comp_result *status;	/* evaluated as of today */
	int			 today;
	int			 last_pass;	/* date of the previous pass,
						   or COMP_NO_DATE */
};

struct remind_event {
	char		 key[REMIND_KEY_MAX];	/* "before-90", "at-risk" */
	enum remind_kind kind;
	int		 offset;	/* N of before-N / after-N, else 0 */
	int		 threshold;	/* date the event became due */
	enum remind_disp disp;
	const char	*reason;	/* NULL for SEND; REMIND_WHY_* */
	int		 current;	/* the most urgent: where it stands now */
};

struct remind_list {
	struct remind_event ev[REMIND_MAX_EVENTS];
	size_t		 n;
};

/* The built-in policy: before 180,90,60,30,14,7,1; after 1,7,30; window
 * open, behind and at-risk on; not snoozed; catch-up 1 day. */
void	 remind_policy_defaults(struct remind_policy *);

/* The policy of cetrack.ini's [reminders] (before, after, window_open,
 * lapsed_repeat); behind and at-risk on, not snoozed, catch-up 1 day. */
void	 remind_policy_from_config(const struct config *,
	    struct remind_policy *);

/*
 * Parse a per-credential offset list such as "120,60,30" (spaces allowed
 * around commas; "none" for an empty list) into out[] (room for
 * CONFIG_MAX_OFFSETS), sorted largest first. Each value a whole number of
 * days 0..3650, all distinct, at most CONFIG_MAX_OFFSETS. Returns 0, or -1
 * with a message naming the accepted form in err (out untouched).
 */
int	 remind_policy_parse_offsets(const char *s, int *out, int *nout,
	    char *err, size_t errlen);

/*
 * Plan the events for one credential: fills *out, most urgent first.
 * Returns the number of SEND events (0 or more).
 */
int	 remind_plan(const struct remind_policy *, const struct remind_input *,
	    struct remind_list *out);

/*
 * The earliest threshold after `today` of a dated event (before-N,
 * window-open, after-N, lapsed) under this policy, or COMP_NO_DATE; lets
 * the daemon sleep until something can become due. at-risk/behind follow
 * the compliance state and are not predicted.
 */
int	 remind_next_threshold(const struct remind_policy *,
	    const struct remind_input *);

/* Urgency rank of an event, lower is more urgent (see above). */
int	 remind_urgency(enum remind_kind, int offset);

/* "before", "window-open", "at-risk", "behind", "after", "lapsed",
 * "lapsed" (for lapsed-K too). */
const char *remind_kind_name(enum remind_kind);

/* Format an event key ("before-90") into buf (REMIND_KEY_MAX); returns 0,
 * or -1 on truncation. */
int	 remind_key_format(enum remind_kind, int offset, char *buf,
	    size_t len);

/* Parse an event key back, e.g. from an outbox row; returns 0 or -1. */
int	 remind_key_parse(const char *key, enum remind_kind *, int *offset);

#endif
