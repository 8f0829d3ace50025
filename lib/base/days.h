/* SPDX-License-Identifier: ISC */
/*
 * Lists of days such as "120, 60, 30": the [reminders] before and after
 * keys of cetrack.ini and a credential's own reminder settings (`notify
 * set`, store_notify.c) are the same grammar, parsed here once. Each
 * caller words its own messages from the problem reported.
 */
#ifndef CETRACK_DAYS_H
#define CETRACK_DAYS_H

#include <stddef.h>

#define DAYS_ITEM_MAX	32	/* bytes of one item, NUL included */

enum days_error {
	DAYS_OK,
	DAYS_NOT_LIST,		/* an empty item, or one too long to be a number */
	DAYS_NOT_NUMBER,	/* item is not a decimal integer */
	DAYS_OUT_OF_RANGE,	/* item (value) is outside [min, max] */
	DAYS_TWICE,		/* value appears a second time */
	DAYS_TOO_MANY		/* more than maxn values */
};

struct days_problem {
	enum days_error	 error;
	char		 item[DAYS_ITEM_MAX];	/* NOT_NUMBER, OUT_OF_RANGE */
	long long	 value;			/* OUT_OF_RANGE, TWICE */
};

/*
 * Parse s: integers in [min, max] (within the range of int) separated by commas, blanks (space, tab)
 * allowed around each, every value at most once, at most maxn of them;
 * "none" in any case is the empty list. On success stores them in out
 * (room for maxn) sorted largest first when desc is set, else smallest
 * first, sets *n and returns 0. Otherwise returns -1 with the first
 * problem, scanning left to right, in *why; *n is then 0.
 */
int	 days_parse(const char *s, long long min, long long max, size_t maxn,
	    int desc, int *out, int *n, struct days_problem *why);

#endif
