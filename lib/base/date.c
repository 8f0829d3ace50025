/* SPDX-License-Identifier: ISC */
/*
 * Civil dates as days since 1970-01-01 in the proleptic Gregorian calendar.
 * The conversions are Howard Hinnant's days_from_civil and civil_from_days
 * ("chrono-Compatible Low-Level Date Algorithms"): exact for every year,
 * with no table and no dependence on time_t or the time zone, which is what
 * lets compliance and reminder logic stay pure. Text is accepted only for
 * 1900..2199; arithmetic saturates at years 0..9999 so that a formatted date
 * always fits "YYYY-MM-DD".
 */

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "base/date.h"

/* The range date arithmetic saturates to: four-digit years. */
#define DATE_CALC_MIN_YEAR	0
#define DATE_CALC_MAX_YEAR	9999
#define DATE_CALC_MIN_DAY	(-719528)	/* 0000-01-01 */
#define DATE_CALC_MAX_DAY	2932896		/* 9999-12-31 */

static int	date_days_from_civil(int, int, int);
static void	date_civil_from_days(int, int *, int *, int *);

/*
 * Hinnant's days_from_civil: shift the year to start on March 1 so that the
 * leap day is the last day of the (shifted) year, then count whole 400-year
 * eras (146097 days each) plus the day of the era. 719468 is the day of the
 * era of 1970-01-01 counted from 0000-03-01.
 */
static int
date_days_from_civil(int y, int m, int d)
{
	int	era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;				/* [0, 399] */
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1; /* [0, 365] */
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;	/* [0, 146096] */
	return era * 146097 + doe - 719468;
}

/*
 * Hinnant's civil_from_days, the inverse of the above; in long long so that
 * any int day count converts without overflow.
 */
static void
date_civil_from_days(int days, int *yp, int *mp, int *dp)
{
	long long	z, era, doe, yoe, doy, mpp, d, m;

	z = (long long)days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;				/* [0, 146096] */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);	/* [0, 365] */
	mpp = (5 * doy + 2) / 153;			/* [0, 11], March = 0 */
	d = doy - (153 * mpp + 2) / 5 + 1;		/* [1, 31] */
	m = mpp < 10 ? mpp + 3 : mpp - 9;		/* [1, 12] */
	*yp = (int)(yoe + era * 400 + (m <= 2));
	*mp = (int)m;
	*dp = (int)d;
}

int
date_is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int
date_days_in_month(int year, int month)
{
	static const int	mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && date_is_leap(year))
		return 29;
	return mdays[month - 1];
}

int
date_from_ymd(int y, int m, int d, int *out)
{
	if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR)
		return -1;
	if (m < 1 || m > 12)
		return -1;
	if (d < 1 || d > date_days_in_month(y, m))
		return -1;
	*out = date_days_from_civil(y, m, d);
	return 0;
}

void
date_to_ymd(int days, int *y, int *m, int *d)
{
	date_civil_from_days(days, y, m, d);
}

/* Two or four ASCII digits at s as a number; -1 if any is not a digit. */
static int
date_digits(const char *s, size_t n)
{
	size_t	i;
	int	v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
date_parse_iso(const char *s, int *out)
{
	int	y, m, d;

	/*
	 * Exactly "YYYY-MM-DD": no sign, no white space, no time part and
	 * no short forms such as "2026-2-3", which sort wrongly as text.
	 */
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if ((y = date_digits(s, 4)) == -1 ||
	    (m = date_digits(s + 5, 2)) == -1 ||
	    (d = date_digits(s + 8, 2)) == -1)
		return -1;
	return date_from_ymd(y, m, d, out);
}

int
date_parse(const char *s, int today, int *out)
{
	if (s == NULL)
		return -1;
	if (strcasecmp(s, "today") == 0) {
		*out = today;
		return 0;
	}
	if (strcasecmp(s, "yesterday") == 0) {
		*out = today - 1;
		return 0;
	}
	return date_parse_iso(s, out);
}

char *
date_format(int days, char *buf)
{
	int	y, m, d;

	date_civil_from_days(days, &y, &m, &d);
	/*
	 * Arithmetic keeps years to four digits; a day count from elsewhere
	 * that is outside them gets a marker that no parser accepts rather
	 * than a truncated, plausible-looking date.
	 */
	if (y < DATE_CALC_MIN_YEAR || y > DATE_CALC_MAX_YEAR) {
		memcpy(buf, "0000-00-00", DATE_BUFSZ);
		return buf;
	}
	/* By hand: reports format a date per line, snprintf was 3 %. */
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
	return buf;
}

int
date_add_months(int days, int n)
{
	long long	months;
	int		y, m, d, dim;

	date_civil_from_days(days, &y, &m, &d);
	/* Month arithmetic in long long: n may be anything an int holds. */
	months = (long long)y * 12 + (m - 1) + n;
	if (months < (long long)DATE_CALC_MIN_YEAR * 12)
		return DATE_CALC_MIN_DAY;
	if (months > (long long)DATE_CALC_MAX_YEAR * 12 + 11)
		return DATE_CALC_MAX_DAY;
	y = (int)(months / 12);
	m = (int)(months % 12) + 1;
	dim = date_days_in_month(y, m);
	if (d > dim)
		d = dim;
	return date_days_from_civil(y, m, d);
}

int
date_add_years(int days, int n)
{
	/* Twelve months keeps the Feb 29 rule in one place. */
	if (n > DATE_CALC_MAX_YEAR + 1)
		n = DATE_CALC_MAX_YEAR + 1;
	else if (n < -(DATE_CALC_MAX_YEAR + 1))
		n = -(DATE_CALC_MAX_YEAR + 1);
	return date_add_months(days, n * 12);
}

int
date_from_time(time_t t)
{
	struct tm	tm;
	long long	q;

	if (localtime_r(&t, &tm) != NULL &&
	    tm.tm_year >= DATE_CALC_MIN_YEAR - 1900 &&
	    tm.tm_year <= DATE_CALC_MAX_YEAR - 1900)
		return date_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday);

	/* Only for instants far outside any license: UTC's day, saturated. */
	q = (long long)t / 86400;
	if ((long long)t % 86400 < 0)
		q--;
	if (q > DATE_CALC_MAX_DAY)
		q = DATE_CALC_MAX_DAY;
	else if (q < DATE_CALC_MIN_DAY)
		q = DATE_CALC_MIN_DAY;
	return (int)q;
}

int
date_month_start(int days)
{
	int	y, m, d;

	/* Step back rather than rebuild, which stays exact for any int. */
	date_civil_from_days(days, &y, &m, &d);
	return days - (d - 1);
}
