/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for lib/date.c: the day count against known dates and a full
 * round trip over the accepted range, the strict ISO parser, "today" and
 * "yesterday", and the end-of-month rules of month and year arithmetic that
 * renewal deadlines depend on.
 */

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <criterion/criterion.h>

#include "base/date.h"
#include "base/util.h"

/* Parse a date the test knows is good. */
static int
d(const char *s)
{
	int	v;

	cr_assert_eq(date_parse_iso(s, &v), 0, "\"%s\" should parse", s);
	return v;
}

static const char *
fmt(int days, char *buf)
{
	return date_format(days, buf);
}

Test(date, leap_years)
{
	cr_assert(date_is_leap(2024));
	cr_assert(date_is_leap(2000));
	cr_assert(date_is_leap(1904));
	cr_assert(!date_is_leap(2025));
	cr_assert(!date_is_leap(1900));
	cr_assert(!date_is_leap(2100));
	cr_assert(!date_is_leap(2026));
}

Test(date, days_in_month)
{
	static const int	m2025[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int			m;

	for (m = 1; m <= 12; m++)
		cr_expect_eq(date_days_in_month(2025, m), m2025[m - 1]);
	cr_assert_eq(date_days_in_month(2024, 2), 29);
	cr_assert_eq(date_days_in_month(1900, 2), 28);
	cr_assert_eq(date_days_in_month(2000, 2), 29);
	cr_assert_eq(date_days_in_month(2025, 0), 0);
	cr_assert_eq(date_days_in_month(2025, 13), 0);
}

struct known_day {
	int	y, m, d;
	int	days;
};

/* Day counts checked against `date -u -d YYYY-MM-DD +%s` / 86400. */
static const struct known_day known_days[] = {
	{ 1970, 1, 1, 0 },
	{ 1969, 12, 31, -1 },
	{ 1900, 1, 1, -25567 },
	{ 2000, 1, 1, 10957 },
	{ 2000, 2, 29, 11016 },
	{ 2000, 3, 1, 11017 },
	{ 2024, 2, 29, 19782 },
	{ 2026, 1, 1, 20454 },
	{ 2027, 5, 31, 20969 },
	{ 2199, 12, 31, 84005 },
};

Test(date, known_day_counts)
{
	size_t	i;
	int	v, y, m, dd;

	for (i = 0; i < ARRAY_SIZE(known_days); i++) {
		const struct known_day *k = &known_days[i];

		v = 123456;
		cr_expect_eq(date_from_ymd(k->y, k->m, k->d, &v), 0);
		cr_expect_eq(v, k->days, "%04d-%02d-%02d: %d, want %d",
		    k->y, k->m, k->d, v, k->days);
		date_to_ymd(k->days, &y, &m, &dd);
		cr_expect(y == k->y && m == k->m && dd == k->d,
		    "%d -> %04d-%02d-%02d", k->days, y, m, dd);
	}
}

Test(date, round_trip_over_the_whole_range)
{
	int	first, last, v, y, m, dd, back, prev_y, prev_m, prev_d;
	char	buf[DATE_BUFSZ];

	first = d("1900-01-01");
	last = d("2199-12-31");
	prev_y = 1899, prev_m = 12, prev_d = 31;
	for (v = first; v <= last; v++) {
		date_to_ymd(v, &y, &m, &dd);
		/* Each day is the successor of the one before. */
		if (dd == 1 && m == 1)
			cr_assert(prev_y == y - 1 && prev_m == 12 &&
			    prev_d == 31, "day %d", v);
		else if (dd == 1)
			cr_assert(prev_y == y && prev_m == m - 1 &&
			    prev_d == date_days_in_month(y, m - 1), "day %d", v);
		else
			cr_assert(prev_y == y && prev_m == m &&
			    prev_d == dd - 1, "day %d", v);
		cr_assert_eq(date_from_ymd(y, m, dd, &back), 0);
		cr_assert_eq(back, v);
		cr_assert_eq(date_parse_iso(date_format(v, buf), &back), 0);
		cr_assert_eq(back, v, "%s", buf);
		prev_y = y, prev_m = m, prev_d = dd;
	}
}

struct parse_case {
	const char	*s;
	int		 ok;
};

static const struct parse_case iso_cases[] = {
	{ "2026-01-01", 1 },
	{ "2024-02-29", 1 },
	{ "2000-02-29", 1 },
	{ "1900-01-01", 1 },
	{ "2199-12-31", 1 },
	{ "2026-12-31", 1 },
	{ "2026-04-30", 1 },
	{ "2026-02-30", 0 },
	{ "2025-02-29", 0 },
	{ "1900-02-29", 0 },
	{ "2100-02-29", 0 },
	{ "2026-04-31", 0 },
	{ "2026-13-01", 0 },
	{ "2026-00-10", 0 },
	{ "2026-01-00", 0 },
	{ "2026-01-32", 0 },
	{ "1899-12-31", 0 },
	{ "2200-01-01", 0 },
	{ "0000-01-01", 0 },
	{ "2026-2-3", 0 },
	{ "2026-02-3", 0 },
	{ "26-02-03", 0 },
	{ " 2026-01-01", 0 },
	{ "2026-01-01 ", 0 },
	{ "2026-01-01x", 0 },
	{ "2026-01-01T00:00:00Z", 0 },
	{ "2026/01/01", 0 },
	{ "20260101", 0 },
	{ "2026-01-1a", 0 },
	{ "2026--1-01", 0 },
	{ "+026-01-01", 0 },
	{ "2026-+1-01", 0 },
	{ "2026-01- 1", 0 },
	{ "", 0 },
	{ "today", 0 },
	{ "01/02/2026", 0 },
};

Test(date, parse_iso_table)
{
	size_t	i;
	int	v;
	char	buf[DATE_BUFSZ];

	for (i = 0; i < ARRAY_SIZE(iso_cases); i++) {
		const struct parse_case *c = &iso_cases[i];

		v = 424242;
		cr_expect_eq(date_parse_iso(c->s, &v), c->ok ? 0 : -1,
		    "\"%s\"", c->s);
		if (c->ok)
			cr_expect_str_eq(date_format(v, buf), c->s);
		else
			cr_expect_eq(v, 424242, "\"%s\": out written", c->s);
	}
}

Test(date, parse_iso_null_is_an_error)
{
	int	v;

	cr_assert_eq(date_parse_iso(NULL, &v), -1);
	cr_assert_eq(date_parse(NULL, 0, &v), -1);
}

Test(date, from_ymd_rejects_nonexistent_dates_without_writing)
{
	int	v = 7;

	cr_assert_eq(date_from_ymd(2026, 2, 30, &v), -1);
	cr_assert_eq(date_from_ymd(2026, 0, 1, &v), -1);
	cr_assert_eq(date_from_ymd(1899, 12, 31, &v), -1);
	cr_assert_eq(date_from_ymd(2200, 1, 1, &v), -1);
	cr_assert_eq(date_from_ymd(2026, 1, -1, &v), -1);
	cr_assert_eq(v, 7);
}

Test(date, parse_today_and_yesterday)
{
	int	today = d("2026-03-01"), v;
	char	buf[DATE_BUFSZ];

	cr_assert_eq(date_parse("today", today, &v), 0);
	cr_assert_eq(v, today);
	cr_assert_eq(date_parse("yesterday", today, &v), 0);
	cr_assert_str_eq(fmt(v, buf), "2026-02-28");
	cr_assert_eq(date_parse("Today", today, &v), 0);
	cr_assert_eq(v, today);
	cr_assert_eq(date_parse("2025-12-31", today, &v), 0);
	cr_assert_str_eq(fmt(v, buf), "2025-12-31");
	cr_assert_eq(date_parse("tomorrow", today, &v), -1);
	cr_assert_eq(date_parse("today ", today, &v), -1);
	cr_assert_eq(date_parse("", today, &v), -1);
	cr_assert_eq(date_parse("2026-02-30", today, &v), -1);
}

Test(date, format_out_of_four_digit_years_gives_no_plausible_date)
{
	char	buf[DATE_BUFSZ];
	int	v;

	cr_assert_str_eq(fmt(2147483647, buf), "0000-00-00");
	cr_assert_str_eq(fmt(-2147483647 - 1, buf), "0000-00-00");
	cr_assert_eq(date_parse_iso(buf, &v), -1);
}

struct add_case {
	const char	*from;
	int		 n;
	const char	*to;
};

static const struct add_case month_cases[] = {
	{ "2024-01-31", 1, "2024-02-29" },
	{ "2025-01-31", 1, "2025-02-28" },
	{ "2026-01-15", 1, "2026-02-15" },
	{ "2026-03-31", 1, "2026-04-30" },
	{ "2026-12-31", 1, "2027-01-31" },
	{ "2026-11-30", 2, "2027-01-30" },
	{ "2023-05-31", 60, "2028-05-31" },
	{ "2024-02-29", 12, "2025-02-28" },
	{ "2024-02-29", 48, "2028-02-29" },
	{ "2026-03-31", -1, "2026-02-28" },
	{ "2024-03-31", -1, "2024-02-29" },
	{ "2026-01-31", -2, "2025-11-30" },
	{ "2026-05-31", -24, "2024-05-31" },
	{ "2026-01-01", -1, "2025-12-01" },
	{ "2026-07-04", 0, "2026-07-04" },
	{ "1900-01-31", 1, "1900-02-28" },
	{ "2199-12-31", -1, "2199-11-30" },
	{ "2027-05-31", -3, "2027-02-28" },	/* window opens 3 months before */
};

Test(date, add_months_table)
{
	size_t	i;
	char	buf[DATE_BUFSZ];

	for (i = 0; i < ARRAY_SIZE(month_cases); i++) {
		const struct add_case *c = &month_cases[i];

		cr_expect_str_eq(fmt(date_add_months(d(c->from), c->n), buf),
		    c->to, "%s %+d months", c->from, c->n);
	}
}

static const struct add_case year_cases[] = {
	{ "2024-02-29", 1, "2025-02-28" },
	{ "2024-02-29", 4, "2028-02-29" },
	{ "2024-02-29", -1, "2023-02-28" },
	{ "2096-02-29", 4, "2100-02-28" },
	{ "2026-05-31", 5, "2031-05-31" },
	{ "2026-05-31", -2, "2024-05-31" },
	{ "2026-01-01", 0, "2026-01-01" },
	{ "2199-06-15", 1, "2200-06-15" },	/* arithmetic may leave the range */
};

Test(date, add_years_table)
{
	size_t	i;
	char	buf[DATE_BUFSZ];

	for (i = 0; i < ARRAY_SIZE(year_cases); i++) {
		const struct add_case *c = &year_cases[i];

		cr_expect_str_eq(fmt(date_add_years(d(c->from), c->n), buf),
		    c->to, "%s %+d years", c->from, c->n);
	}
}

Test(date, add_saturates_instead_of_overflowing)
{
	char	buf[DATE_BUFSZ];
	int	v = d("2026-01-31");

	cr_assert_str_eq(fmt(date_add_months(v, 2147483647), buf),
	    "9999-12-31");
	cr_assert_str_eq(fmt(date_add_months(v, -2147483647 - 1), buf),
	    "0000-01-01");
	cr_assert_str_eq(fmt(date_add_years(v, 2147483647), buf),
	    "9999-12-31");
	cr_assert_str_eq(fmt(date_add_years(v, -2147483647 - 1), buf),
	    "0000-01-01");
}

Test(date, month_start)
{
	char	buf[DATE_BUFSZ];

	cr_assert_str_eq(fmt(date_month_start(d("2026-03-17")), buf),
	    "2026-03-01");
	cr_assert_str_eq(fmt(date_month_start(d("2024-02-29")), buf),
	    "2024-02-01");
	cr_assert_str_eq(fmt(date_month_start(d("2026-01-01")), buf),
	    "2026-01-01");
	cr_assert_str_eq(fmt(date_month_start(d("1970-01-01") - 1), buf),
	    "1969-12-01");
}

Test(date, from_time_uses_local_time_zone)
{
	char	buf[DATE_BUFSZ];

	/* 2026-03-01T03:30:00Z is still Feb 28 in Chicago (UTC-6). */
	cr_assert_eq(setenv("TZ", "America/Chicago", 1), 0);
	tzset();
	cr_assert_str_eq(fmt(date_from_time((time_t)1772335800), buf),
	    "2026-02-28");
	cr_assert_eq(setenv("TZ", "UTC", 1), 0);
	tzset();
	cr_assert_str_eq(fmt(date_from_time((time_t)1772335800), buf),
	    "2026-03-01");
	cr_assert_str_eq(fmt(date_from_time((time_t)0), buf), "1970-01-01");
	cr_assert_str_eq(fmt(date_from_time((time_t)-1), buf), "1969-12-31");
}
