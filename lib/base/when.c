/* SPDX-License-Identifier: ISC */
/*
 * Durations and instants for people (when.h). Pure but for the local time
 * zone, so that a unit test can set TZ and check every form.
 */
#include <time.h>

#include "base/util.h"
#include "base/when.h"

int
when_duration(long long secs, char *buf, size_t len)
{
	long long	 mins, days, hours;

	if (secs < 0)
		secs = 0;
	if (secs < 60)
		return cet_fmt(buf, len, "%lld s", secs);
	mins = (secs + 30) / 60;
	days = mins / (24 * 60);
	hours = mins / 60 % 24;
	mins %= 60;
	if (days > 0 && hours > 0)
		return cet_fmt(buf, len, "%lld day%s %lld h", days,
		    days == 1 ? "" : "s", hours);
	if (days > 0)
		return cet_fmt(buf, len, "%lld day%s", days,
		    days == 1 ? "" : "s");
	if (hours > 0 && mins > 0)
		return cet_fmt(buf, len, "%lld h %lld min", hours, mins);
	if (hours > 0)
		return cet_fmt(buf, len, "%lld h", hours);
	return cet_fmt(buf, len, "%lld min", mins);
}

int
when_local(time_t t, time_t now, char *buf, size_t len)
{
	struct tm	 tm, tn;
	size_t		 n;

	/* Up to the minute: "retry at 09:01" is never before the retry. */
	if (t % 60 != 0)
		t += 60 - t % 60;
	if (localtime_r(&t, &tm) == NULL || len == 0)
		return -1;
	if (now != 0 && localtime_r(&now, &tn) != NULL &&
	    tm.tm_year == tn.tm_year && tm.tm_yday == tn.tm_yday)
		n = strftime(buf, len, "%H:%M", &tm);
	else
		n = strftime(buf, len, "%Y-%m-%d %H:%M", &tm);
	if (n == 0) {
		buf[0] = '\0';
		return -1;
	}
	return 0;
}
