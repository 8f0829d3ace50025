/* SPDX-License-Identifier: ISC */
/*
 * What cetrackd's next pass may skip (schema 4, sql/004-pass-watch.sql):
 * per person, the day of the pass that last evaluated them and the first
 * day on which anything can be planned for them again. Triggers delete a
 * person's row on every write that can change what is planned; a person
 * with no row is due. The digest sums up what the configuration and the
 * rule packs contribute; the daemon forgets every row when it changes.
 * Writers do not begin or commit (store.h).
 */
#ifndef CETRACK_STORE_WATCH_H
#define CETRACK_STORE_WATCH_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

#define WATCH_DIGEST_MAX	65	/* hex, NUL included */
/* next_eval for people nothing is planned for until their data change. */
#define WATCH_NEVER_ISO		"9999-12-31"

/*
 * next_eval of a claim: a pass that commits in batches (daemon/pass.c)
 * first claims everyone it will evaluate, then settles each claim with
 * the real day. A write to the person meanwhile deletes the claim (the
 * triggers), so the settled day of a stale evaluation is never stored;
 * a claim left by a pass that died is due.
 */
#define WATCH_CLAIM_ISO		"9999-12-30"
/* For store_scan.c: the ids of the people due on day ?1 (text). */
#define STORE_WATCH_DUE_SQL \
	"SELECT p.id FROM person p WHERE p.active = 1 AND NOT EXISTS " \
	"(SELECT 1 FROM " \
	"pass_watch w WHERE w.person_id = p.id AND w.next_eval > ?1 AND " \
	"w.evaluated <= ?1 AND w.next_eval <> '" WATCH_CLAIM_ISO "')"

/* The stored digest into buf (WATCH_DIGEST_MAX), "" when none. */
int	 store_watch_digest(struct db *, char *buf, size_t len, char *err,
	    size_t errlen);

/* Forget every row and store digest: every person is due. */
int	 store_watch_reset(struct db *, const char *digest, char *err,
	    size_t errlen);

/* How many people a pass on `today` must evaluate, and how many there
 * are. */
int	 store_watch_due(struct db *, int today, int64_t *ndue,
	    int64_t *npeople, char *err, size_t errlen);

/* Record that person was evaluated on `evaluated` and is due again on
 * next_eval (> evaluated; INT_MAX for never). */
int	 store_watch_put(struct db *, int64_t person_id, int evaluated,
	    int next_eval, char *err, size_t errlen);

/* Claim every person due on `today` (a claim is due too); *nclaimed
 * says how many. */
int	 store_watch_claim(struct db *, int today, int64_t *nclaimed,
	    char *err, size_t errlen);
/* Settle person's claim like store_watch_put; *settled is 0 when the
 * claim is gone (the person changed since it was made: still due). */
int	 store_watch_settle(struct db *, int64_t person_id, int evaluated,
	    int next_eval, int *settled, char *err, size_t errlen);
/* The stored row of one person: 1 and the days, or 0 when none. */
int	 store_watch_get(struct db *, int64_t person_id, int *evaluated,
	    int *next_eval, char *err, size_t errlen);

#endif
