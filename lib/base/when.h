/* SPDX-License-Identifier: ISC */
/*
 * Times for people, as the daemon's log says them: a duration in days,
 * hours and minutes ("17 h 39 min"), and an instant in local time (the
 * process's zone: cetrackd sets TZ from [general] timezone), with the date
 * left out when it is the day of `now` ("10:05") and given otherwise
 * ("2026-12-08 09:00").
 */
#ifndef CETRACK_WHEN_H
#define CETRACK_WHEN_H

#include <stddef.h>
#include <time.h>

#define WHEN_BUFSZ	32	/* fits either form */

/*
 * The duration of secs seconds in at most two units, rounded to the
 * minute: "45 s" below a minute, "5 min", "17 h 39 min", "3 h", "1 day
 * 4 h", "12 days" (with days, minutes are dropped). A negative duration is
 * "0 s". Returns 0, or -1 if buf is too small.
 */
int	 when_duration(long long secs, char *buf, size_t len);

/* "HH:MM" if t falls on the local day of now, else "YYYY-MM-DD HH:MM"
 * (now 0: always with the date); t with seconds is rounded up to the next
 * minute, so that "at 09:01" is never before t. Returns 0, or -1. */
int	 when_local(time_t t, time_t now, char *buf, size_t len);

#endif
