/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target for the date parsers (lib/base/date.h): date_parse_iso,
 * which reads every date of a CSV import, a rule pack and the command
 * line, and date_parse ("today", "yesterday"), what `--date` and `--as-of`
 * take; and the lists of days of [reminders] before/after and `notify set`
 * (lib/base/days.h), the other parser of numbers of days.
 *
 * Beyond "no crash, no undefined behaviour", a date that parses is in the
 * documented range and prints back as the very text that was read (there
 * is one spelling of each date), and the month arithmetic that follows a
 * parsed date (cycles, windows) stays defined for any month count, as
 * date.h promises. A list of days that parses is sorted, distinct and in
 * range.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "base/date.h"
#include "base/days.h"

#define FUZZ_DAYS_MAX	16

static void	fuzz_date_one(const char *, int32_t);
static void	fuzz_days(const char *, int);

static void
fuzz_date_one(const char *s, int32_t n)
{
	char	buf[DATE_BUFSZ];
	int	d, today, y, m, dd, e;

	if (date_parse_iso(s, &d) == 0) {
		FUZZ_CHECK(strlen(s) == 10);
		FUZZ_CHECK(strcmp(date_format(d, buf), s) == 0);
		date_to_ymd(d, &y, &m, &dd);
		FUZZ_CHECK(y >= DATE_MIN_YEAR && y <= DATE_MAX_YEAR);
		FUZZ_CHECK(dd >= 1 && dd <= date_days_in_month(y, m));
		FUZZ_CHECK(date_month_start(d) <= d);
		/* Saturating arithmetic: any int month count is allowed. */
		e = date_add_months(d, n);
		(void)date_format(e, buf);
		FUZZ_CHECK(strlen(buf) == 10);
		e = date_add_years(d, n);
		(void)date_format(e, buf);
		FUZZ_CHECK(strlen(buf) == 10);
		if (n > 0 && n < 12 * 100)
			FUZZ_CHECK(date_add_months(d, n) > d);
	}
	(void)date_from_ymd(2026, 11, 24, &today);
	if (date_parse(s, today, &d) == 0)
		FUZZ_CHECK(d == today || d == today - 1 ||
		    date_parse_iso(s, &e) == 0);
}

static void
fuzz_days(const char *s, int desc)
{
	struct days_problem	why;
	int			v[FUZZ_DAYS_MAX], n, i;

	if (days_parse(s, 0, 3660, FUZZ_DAYS_MAX, desc, v, &n, &why) == -1) {
		FUZZ_CHECK(n == 0);
		FUZZ_CHECK(why.error != DAYS_OK);
		FUZZ_CHECK(memchr(why.item, '\0', sizeof(why.item)) != NULL);
		return;
	}
	FUZZ_CHECK(n >= 0 && n <= FUZZ_DAYS_MAX);
	for (i = 0; i < n; i++) {
		FUZZ_CHECK(v[i] >= 0 && v[i] <= 3660);
		if (i > 0)
			FUZZ_CHECK(desc ? v[i - 1] > v[i] : v[i - 1] < v[i]);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	char	*s;
	int32_t	 n = 0;

	/* The last four bytes, when there are more, are a month count. */
	if (len > 10 + sizeof(n)) {
		memcpy(&n, data + len - sizeof(n), sizeof(n));
		s = fuzz_str(data, len - sizeof(n));
	} else
		s = fuzz_str(data, len);
	fuzz_date_one(s, n);
	fuzz_days(s, len > 0 && (data[0] & 1));
	free(s);
	return 0;
}
