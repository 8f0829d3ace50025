/* SPDX-License-Identifier: ISC */
/*
 * Fixed-point hours: parsing what a user types for an activity's amount,
 * formatting hundredths back into short decimals, and converting an amount
 * in its printed unit (clock hours, minutes, CEUs, academic credits) into a
 * program's own hours. Everything is integer arithmetic on hundredths so
 * that totals never drift, and every conversion rounds down because a board
 * never credits more than was earned.
 */

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/hours.h"
#include "base/util.h"

/*
 * At most nine integer digits: far beyond any real amount (sanity bounds are
 * the callers' business), and small enough that hundredths times any sane
 * conversion factor cannot overflow a long.
 */
#define HOURS_MAX_INT_DIGITS	9

/* An IACET CEU is 10 contact hours of 60 minutes. */
#define HOURS_CEU_MINUTES	600

const struct hours_conv hours_conv_default = {
	.hour_minutes = 60,
	.ceu_centi = 1000,
	.semester_centi = 1500,
	.quarter_centi = 1000
};

static const struct {
	enum hours_unit	 unit;
	const char	*name;
	const char	*suffix;	/* as hours_format_amount writes it */
	const char	*label[2];	/* hours_format_label: short, long */
} hours_units[] = {
	{ HOURS_UNIT_HOUR,	"hour",		"h",	{ "h", "h" } },
	{ HOURS_UNIT_MINUTE,	"minute",	"m",	{ "min", "min" } },
	{ HOURS_UNIT_CEU,	"ceu",		"ceu",	{ "CEU", "CEU" } },
	{ HOURS_UNIT_SEMESTER,	"semester",	"sem",
	    { "sem", "semester credits" } },
	{ HOURS_UNIT_QUARTER,	"quarter",	"qtr",
	    { "qtr", "quarter credits" } }
};

#define HOURS_NUNITS	(sizeof(hours_units) / sizeof(hours_units[0]))

/*
 * Scan an unsigned integer of 1..maxdigits digits at *sp; advance *sp past
 * it. Returns -1 if there is no digit or too many.
 */
static long
hours_scan_int(const char **sp, int maxdigits)
{
	const char	*s = *sp;
	long		 v = 0;
	int		 n = 0;

	while (*s >= '0' && *s <= '9') {
		if (++n > maxdigits)
			return -1;
		v = v * 10 + (*s - '0');
		s++;
	}
	if (n == 0)
		return -1;
	*sp = s;
	return v;
}

/*
 * Scan "D[.D[D]]" at *sp into hundredths and advance *sp past it. A bare
 * ".5" or "1." is refused: both are more often typos than intent.
 */
static long
hours_scan_decimal(const char **sp)
{
	const char	*s = *sp;
	long		 v, frac = 0;

	if ((v = hours_scan_int(&s, HOURS_MAX_INT_DIGITS)) == -1)
		return -1;
	if (*s == '.') {
		s++;
		if (*s < '0' || *s > '9')
			return -1;
		frac = (*s++ - '0') * 10;
		if (*s >= '0' && *s <= '9')
			frac += *s++ - '0';
		if (*s >= '0' && *s <= '9')
			return -1;	/* a third decimal */
	}
	*sp = s;
	return v * 100 + frac;
}

int
hours_parse(const char *s, struct hours_amount *out)
{
	const char	*p;
	long		 v, h, m;

	if (s == NULL)
		return -1;
	p = s;
	if ((v = hours_scan_decimal(&p)) == -1)
		return -1;

	/* "1h30m": whole hours and whole minutes, kept as minutes. */
	if ((*p == 'h' || *p == 'H') && p[1] >= '0' && p[1] <= '9') {
		if (strchr(s, '.') != NULL)
			return -1;
		h = v / 100;
		p++;
		if ((m = hours_scan_int(&p, 2)) == -1 || m >= 60)
			return -1;
		if (strcasecmp(p, "m") != 0 && strcasecmp(p, "min") != 0)
			return -1;
		v = (h * 60 + m) * 100;
		if (v <= 0)
			return -1;
		out->unit = HOURS_UNIT_MINUTE;
		out->centi = v;
		return 0;
	}

	if (v <= 0)
		return -1;
	if (*p == '\0' || strcasecmp(p, "h") == 0)
		out->unit = HOURS_UNIT_HOUR;
	else if (strcasecmp(p, "m") == 0 || strcasecmp(p, "min") == 0)
		out->unit = HOURS_UNIT_MINUTE;
	else if (strcasecmp(p, "ceu") == 0)
		out->unit = HOURS_UNIT_CEU;
	else if (strcasecmp(p, "sem") == 0)
		out->unit = HOURS_UNIT_SEMESTER;
	else if (strcasecmp(p, "qtr") == 0)
		out->unit = HOURS_UNIT_QUARTER;
	else
		return -1;
	out->centi = v;
	return 0;
}

int
hours_parse_centi(const char *s, long *out)
{
	const char	*p;
	long		 v;

	if (s == NULL)
		return -1;
	p = s;
	if ((v = hours_scan_decimal(&p)) == -1 || *p != '\0')
		return -1;
	*out = v;
	return 0;
}

char *
hours_format(long centi, char *buf, size_t len)
{
	unsigned long	 mag;
	const char	*sign = "";

	if (len == 0)
		return buf;
	/* Negate in unsigned arithmetic: -LONG_MIN does not fit a long. */
	if (centi < 0) {
		sign = "-";
		mag = 0UL - (unsigned long)centi;
	} else
		mag = (unsigned long)centi;

	/* Truncation can only come from a buffer under HOURS_BUFSZ. */
	if (mag % 100 == 0)
		(void)snprintf(buf, len, "%s%lu", sign, mag / 100);
	else if (mag % 10 == 0)
		(void)snprintf(buf, len, "%s%lu.%lu", sign, mag / 100,
		    (mag % 100) / 10);
	else
		(void)snprintf(buf, len, "%s%lu.%02lu", sign, mag / 100,
		    mag % 100);
	return buf;
}

char *
hours_format_amount(const struct hours_amount *a, char *buf, size_t len)
{
	char	num[HOURS_BUFSZ];
	size_t	i;

	if (len == 0)
		return buf;
	hours_format(a->centi, num, sizeof(num));
	for (i = 0; i < HOURS_NUNITS; i++) {
		if (hours_units[i].unit == a->unit) {
			(void)snprintf(buf, len, "%s%s", num,
			    hours_units[i].suffix);
			return buf;
		}
	}
	(void)snprintf(buf, len, "%s?", num);
	return buf;
}

char *
hours_format_label(const struct hours_amount *a, enum hours_names names,
    char *buf, size_t len)
{
	char		 num[HOURS_BUFSZ];
	const char	*unit = "?";
	size_t		 i;

	hours_format(a->centi, num, sizeof(num));
	for (i = 0; i < HOURS_NUNITS; i++) {
		if (hours_units[i].unit == a->unit) {
			unit = hours_units[i].label[names == HOURS_NAMES_LONG];
			break;
		}
	}
	if (cet_fmt(buf, len, "%s %s", num, unit) == -1 && len > 0)
		buf[0] = '\0';
	return buf;
}

const char *
hours_unit_name(enum hours_unit unit)
{
	size_t	i;

	for (i = 0; i < HOURS_NUNITS; i++) {
		if (hours_units[i].unit == unit)
			return hours_units[i].name;
	}
	return "unknown";
}

int
hours_unit_from_name(const char *name, enum hours_unit *out)
{
	size_t	i;

	if (name == NULL)
		return -1;
	for (i = 0; i < HOURS_NUNITS; i++) {
		if (strcmp(hours_units[i].name, name) == 0) {
			*out = hours_units[i].unit;
			return 0;
		}
	}
	return -1;
}

/* *out = a * b / c, rounded down; -1 on overflow or a non-positive c. */
static int
hours_muldiv(long a, long b, long c, long *out)
{
	long	p;

	if (c <= 0 || __builtin_mul_overflow(a, b, &p))
		return -1;
	*out = p / c;
	return 0;
}

int
hours_convert(const struct hours_amount *a, const struct hours_conv *conv,
    long *out)
{
	long	factor, num, den;

	if (a == NULL || conv == NULL || a->centi < 0)
		return -1;
	switch (a->unit) {
	case HOURS_UNIT_HOUR:
		/* A 60-minute hour is 60/50 of a 50-minute one. */
		factor = conv->hour_minutes;
		num = 60;
		den = conv->hour_minutes;
		break;
	case HOURS_UNIT_MINUTE:
		/* Hundredths of a minute over minutes per hour. */
		factor = conv->hour_minutes;
		num = 1;
		den = conv->hour_minutes;
		break;
	case HOURS_UNIT_CEU:
		factor = num = conv->ceu_centi;
		den = 100;
		break;
	case HOURS_UNIT_SEMESTER:
		factor = num = conv->semester_centi;
		den = 100;
		break;
	case HOURS_UNIT_QUARTER:
		factor = num = conv->quarter_centi;
		den = 100;
		break;
	default:
		return -1;
	}
	/* Zero means the program does not take the unit; negative is junk. */
	if (factor <= 0)
		return -1;
	return hours_muldiv(a->centi, num, den, out);
}

long
hours_ceu_centi(int hour_minutes)
{
	if (hour_minutes <= 0)
		return -1;
	return HOURS_CEU_MINUTES * 100L / hour_minutes;
}

long
hours_nominal_centi(const struct hours_amount *a)
{
	long	v;

	if (hours_convert(a, &hours_conv_default, &v) == -1)
		return -1;
	return v;
}
