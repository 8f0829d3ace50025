/* SPDX-License-Identifier: ISC */
/*
 * Hours as fixed-point integers: a long holding hundredths ("centi-hours"),
 * so 62.5 h is 6250 and no total ever drifts by floating-point rounding.
 *
 * An activity's amount is kept as printed on its certificate: a number of
 * hundredths of a unit (60-minute clock hours, minutes, CEUs, semester or
 * quarter credits). Each program converts it to its own hours under its own
 * rules (a 50-minute hour in Illinois social work, a CEU of 600 minutes,
 * ...).
 */
#ifndef CETRACK_HOURS_H
#define CETRACK_HOURS_H

#include <stddef.h>

#define HOURS_BUFSZ	24

enum hours_unit {
	HOURS_UNIT_HOUR,	/* 60-minute clock hour */
	HOURS_UNIT_MINUTE,
	HOURS_UNIT_CEU,		/* IACET CEU: 10 contact hours of 60 minutes */
	HOURS_UNIT_SEMESTER,	/* academic semester credit */
	HOURS_UNIT_QUARTER	/* academic quarter credit */
};

struct hours_amount {
	enum hours_unit	unit;
	long		centi;	/* hundredths of the unit; always > 0 */
};

/*
 * How a program turns an amount into its hours. A zero field means the
 * program does not accept that unit.
 */
struct hours_conv {
	int	hour_minutes;	/* minutes in one of the program's hours: 60 or 50 */
	long	ceu_centi;	/* program hours per CEU, in hundredths (1000 = 10 h);
				 * a pack's default: hours_ceu_centi() */
	long	semester_centi;	/* per semester credit (1500 = 15 h) */
	long	quarter_centi;	/* per quarter credit (1000 or 1250) */
};

/*
 * Parse what a user types for an activity's hours:
 *   "1.5" or "1.5h"  clock hours          "90m" or "90min"  minutes
 *   "1h30m"          hours and minutes    "0.15ceu"         CEUs
 *   "3sem"           semester credits     "2qtr"            quarter credits
 * At most two decimals; no sign; the amount must be greater than zero.
 * Returns 0, or -1 for anything else.
 */
int	 hours_parse(const char *s, struct hours_amount *out);

/* Parse a plain decimal number of hours ("80", "62.5", "0.25") into
 * hundredths; zero allowed, no sign. Returns 0 or -1. */
int	 hours_parse_centi(const char *s, long *out);

/* Format hundredths as a short decimal: 6250 -> "62.5", 8000 -> "80",
 * 25 -> "0.25", -150 -> "-1.5". Returns buf. */
char	*hours_format(long centi, char *buf, size_t len);

/* Format an amount as the user typed it: "1.5h", "90m", "0.15ceu", "3sem". */
char	*hours_format_amount(const struct hours_amount *, char *buf, size_t len);

/* Unit names for people: short ones for report tables, long ones for the
 * command line. They differ only for academic credits. */
enum hours_names {
	HOURS_NAMES_SHORT,	/* "3 sem", "2 qtr" */
	HOURS_NAMES_LONG	/* "3 semester credits", "2 quarter credits" */
};

/*
 * Format an amount for people, number and unit name with a space between:
 * "1.5 h", "90 min", "0.15 CEU", then "3 sem" / "2 qtr" (HOURS_NAMES_SHORT)
 * or "3 semester credits" / "2 quarter credits" (HOURS_NAMES_LONG); "?"
 * for an unknown unit. Returns buf, empty if it is too small.
 */
char	*hours_format_label(const struct hours_amount *, enum hours_names,
	    char *buf, size_t len);

const char *hours_unit_name(enum hours_unit);	/* "hour", "minute", ... */
int	 hours_unit_from_name(const char *, enum hours_unit *);

/* Convert an amount into a program's hundredths of an hour, rounding down
 * (a board never credits more than earned). Returns -1 if the program does
 * not accept the unit. */
int	 hours_convert(const struct hours_amount *, const struct hours_conv *,
	    long *out);

/* The amount in 60-minute clock hours with the customary conversions
 * (CEU = 10 h, semester = 15 h, quarter = 10 h); used for sanity bounds. */
long	 hours_nominal_centi(const struct hours_amount *);

/*
 * Program hours per CEU, in hundredths, for a program whose hour is
 * hour_minutes long: a CEU is 10 contact hours of 60 minutes, 600 minutes,
 * so 1000 (10 h) for 60-minute hours and 1200 (12 h) for 50-minute ones.
 * Rounds down; -1 for hour_minutes <= 0.
 */
long	 hours_ceu_centi(int hour_minutes);

/* The default conversion: 60-minute hours, CEU 10, semester 15, quarter 10. */
extern const struct hours_conv hours_conv_default;

#endif
