/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for lib/base/when.c: durations and instants as the daemon's
 * log says them to people.
 */

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <criterion/criterion.h>

#include "base/when.h"

static void
dur(long long secs, const char *want)
{
	char	buf[WHEN_BUFSZ];

	cr_assert_eq(when_duration(secs, buf, sizeof(buf)), 0, "%lld", secs);
	cr_expect_str_eq(buf, want, "%lld s: \"%s\", expected \"%s\"", secs,
	    buf, want);
}

Test(when, duration)
{
	dur(-5, "0 s");
	dur(0, "0 s");
	dur(45, "45 s");
	dur(59, "59 s");
	dur(60, "1 min");
	dur(89, "1 min");
	dur(90, "2 min");
	dur(3599, "1 h");		/* rounded to the minute */
	dur(3600, "1 h");
	dur(3660, "1 h 1 min");
	dur(63535, "17 h 39 min");	/* the "sleeping 63535 s" */
	dur(86400, "1 day");
	dur(86400 + 4 * 3600 + 59 * 60, "1 day 4 h");	/* minutes dropped */
	dur(12 * 86400, "12 days");
	dur(2 * 86400 + 3600, "2 days 1 h");
}

Test(when, duration_small_buffer)
{
	char	buf[6];

	cr_expect_eq(when_duration(63535, buf, sizeof(buf)), -1);
	cr_expect_eq(when_duration(45, buf, sizeof(buf)), 0);
	cr_expect_str_eq(buf, "45 s");
}

static time_t
local(int y, int mo, int d, int h, int mi)
{
	struct tm	tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

Test(when, local)
{
	char	buf[WHEN_BUFSZ];
	time_t	now;

	setenv("TZ", "America/Chicago", 1);
	tzset();
	now = local(2026, 12, 7, 15, 21);
	cr_assert_eq(when_local(local(2026, 12, 7, 22, 5), now, buf,
	    sizeof(buf)), 0);
	cr_expect_str_eq(buf, "22:05");
	cr_assert_eq(when_local(local(2026, 12, 8, 9, 0), now, buf,
	    sizeof(buf)), 0);
	cr_expect_str_eq(buf, "2026-12-08 09:00");
	cr_assert_eq(when_local(now, 0, buf, sizeof(buf)), 0);
	cr_expect_str_eq(buf, "2026-12-07 15:21");
	/* Local, not UTC: 2026-12-08 03:30 UTC is the 7th in Chicago. */
	cr_assert_eq(when_local((time_t)1796700600, now, buf, sizeof(buf)),
	    0);
	cr_expect_str_eq(buf, "21:30");
	/* Seconds round up: a retry at 15:21:48 is "at 15:22". */
	cr_assert_eq(when_local(now + 48, now, buf, sizeof(buf)), 0);
	cr_expect_str_eq(buf, "15:22");
	cr_assert_eq(when_local(now + 60, now, buf, sizeof(buf)), 0);
	cr_expect_str_eq(buf, "15:22");
	cr_expect_eq(when_local(now, 0, buf, 8), -1);
}
