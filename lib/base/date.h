/* SPDX-License-Identifier: ISC */
/*
 * Civil dates in the proleptic Gregorian calendar, as a count of days since
 * 1970-01-01 (an int; negative before it). Only dates from 1900-01-01 to
 * 2199-12-31 are accepted from text: nothing a license could carry is
 * outside that range, and it keeps every computation far from overflow.
 */
#ifndef CETRACK_DATE_H
#define CETRACK_DATE_H

#include <time.h>

#define DATE_BUFSZ	11		/* "YYYY-MM-DD" + NUL */
#define DATE_MIN_YEAR	1900
#define DATE_MAX_YEAR	2199

int	 date_is_leap(int year);
int	 date_days_in_month(int year, int month);

/* Days since the epoch for y-m-d; -1 if the date does not exist (2026-02-30)
 * or is out of range, leaving *out untouched. */
int	 date_from_ymd(int y, int m, int d, int *out);
void	 date_to_ymd(int days, int *y, int *m, int *d);

/* Strict ISO-8601 calendar date "YYYY-MM-DD" (exactly 10 characters). */
int	 date_parse_iso(const char *s, int *out);

/* What a user may type: "YYYY-MM-DD", "today" or "yesterday" relative to
 * `today`. Returns 0 or -1. */
int	 date_parse(const char *s, int today, int *out);

/* Format as "YYYY-MM-DD" into buf (at least DATE_BUFSZ bytes); returns buf. */
char	*date_format(int days, char *buf);

/* Add n months (n may be negative). A day that does not exist in the target
 * month becomes its last day: 2024-01-31 + 1 month = 2024-02-29. */
int	 date_add_months(int days, int n);

/* Add n years with the same rule: 2024-02-29 + 1 year = 2025-02-28. */
int	 date_add_years(int days, int n);

/* The calendar date of the instant t in the process's local time zone. */
int	 date_from_time(time_t t);

/* The first day of the month that contains `days`. */
int	 date_month_start(int days);

#endif
