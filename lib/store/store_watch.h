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

/* For store_scan.c: the ids of the people due on day ?1 (text). */
#define STORE_WATCH_DUE_SQL \
	"SELECT p.id FROM person p WHERE p.active = 1 AND NOT EXISTS " \
	"(SELECT 1 FROM " \
	"pass_watch w WHERE w.person_id = p.id AND w.next_eval > ?1 AND " \
	"w.evaluated <= ?1)"

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

/* The stored row of one person: 1 and the days, or 0 when none. */
int	 store_watch_get(struct db *, int64_t person_id, int *evaluated,
	    int *next_eval, char *err, size_t errlen);

#endif
