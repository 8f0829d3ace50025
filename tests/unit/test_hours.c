/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for lib/hours.c: the amount grammar users type ("1.5",
 * "90m", "1h30m", "0.15ceu" ...), plain decimal hours from rule packs,
 * formatting, and conversion into a program's hours under 60- and
 * 50-minute hours, CEUs and academic credits, always rounding down.
 */

#include <limits.h>
#include <string.h>

#include <criterion/criterion.h>

#include "base/hours.h"
#include "base/util.h"

struct parse_case {
	const char	*s;
	int		 ok;
	enum hours_unit	 unit;
	long		 centi;
};

static const struct parse_case parse_cases[] = {
	{ "1.5", 1, HOURS_UNIT_HOUR, 150 },
	{ "1.5h", 1, HOURS_UNIT_HOUR, 150 },
	{ "1.5H", 1, HOURS_UNIT_HOUR, 150 },
	{ "2h", 1, HOURS_UNIT_HOUR, 200 },
	{ "2", 1, HOURS_UNIT_HOUR, 200 },
	{ "0.25", 1, HOURS_UNIT_HOUR, 25 },
	{ "0.05", 1, HOURS_UNIT_HOUR, 5 },
	{ "0.01", 1, HOURS_UNIT_HOUR, 1 },
	{ "1.50", 1, HOURS_UNIT_HOUR, 150 },
	{ "01.5", 1, HOURS_UNIT_HOUR, 150 },
	{ "80", 1, HOURS_UNIT_HOUR, 8000 },
	{ "90m", 1, HOURS_UNIT_MINUTE, 9000 },
	{ "90min", 1, HOURS_UNIT_MINUTE, 9000 },
	{ "90MIN", 1, HOURS_UNIT_MINUTE, 9000 },
	{ "90M", 1, HOURS_UNIT_MINUTE, 9000 },
	{ "7.5m", 1, HOURS_UNIT_MINUTE, 750 },
	{ "1h30m", 1, HOURS_UNIT_MINUTE, 9000 },
	{ "1H30M", 1, HOURS_UNIT_MINUTE, 9000 },
	{ "1h30min", 1, HOURS_UNIT_MINUTE, 9000 },
	{ "2h05m", 1, HOURS_UNIT_MINUTE, 12500 },
	{ "2h5m", 1, HOURS_UNIT_MINUTE, 12500 },
	{ "1h59m", 1, HOURS_UNIT_MINUTE, 11900 },
	{ "1h0m", 1, HOURS_UNIT_MINUTE, 6000 },
	{ "0h45m", 1, HOURS_UNIT_MINUTE, 4500 },
	{ "1h", 1, HOURS_UNIT_HOUR, 100 },
	{ "0.15ceu", 1, HOURS_UNIT_CEU, 15 },
	{ "1.2CEU", 1, HOURS_UNIT_CEU, 120 },
	{ "3sem", 1, HOURS_UNIT_SEMESTER, 300 },
	{ "3Sem", 1, HOURS_UNIT_SEMESTER, 300 },
	{ "2qtr", 1, HOURS_UNIT_QUARTER, 200 },
	{ "4.5QTR", 1, HOURS_UNIT_QUARTER, 450 },
	{ "999999999", 1, HOURS_UNIT_HOUR, 99999999900L },

	{ "", 0, 0, 0 },
	{ "h", 0, 0, 0 },
	{ "m", 0, 0, 0 },
	{ "0", 0, 0, 0 },
	{ "0.00", 0, 0, 0 },
	{ "0h", 0, 0, 0 },
	{ "0m", 0, 0, 0 },
	{ "0h0m", 0, 0, 0 },
	{ "0ceu", 0, 0, 0 },
	{ "-1", 0, 0, 0 },
	{ "+1", 0, 0, 0 },
	{ "-1.5h", 0, 0, 0 },
	{ "1.555", 0, 0, 0 },
	{ "1.", 0, 0, 0 },
	{ ".5", 0, 0, 0 },
	{ "1..5", 0, 0, 0 },
	{ "1.5.0", 0, 0, 0 },
	{ "1,5", 0, 0, 0 },
	{ " 1.5", 0, 0, 0 },
	{ "1.5 ", 0, 0, 0 },
	{ "1.5 h", 0, 0, 0 },
	{ "1 h 30 m", 0, 0, 0 },
	{ "1h60m", 0, 0, 0 },
	{ "1h90m", 0, 0, 0 },
	{ "1h100m", 0, 0, 0 },
	{ "1h30", 0, 0, 0 },
	{ "1h30h", 0, 0, 0 },
	{ "1h30s", 0, 0, 0 },
	{ "1.5h30m", 0, 0, 0 },
	{ "1h30.5m", 0, 0, 0 },
	{ "1h-30m", 0, 0, 0 },
	{ "1hm", 0, 0, 0 },
	{ "1hr", 0, 0, 0 },
	{ "1hours", 0, 0, 0 },
	{ "1mins", 0, 0, 0 },
	{ "1ce", 0, 0, 0 },
	{ "1ceus", 0, 0, 0 },
	{ "1semester", 0, 0, 0 },
	{ "1q", 0, 0, 0 },
	{ "1e2", 0, 0, 0 },
	{ "0x10", 0, 0, 0 },
	{ "inf", 0, 0, 0 },
	{ "nan", 0, 0, 0 },
	{ "1\n", 0, 0, 0 },
	{ "1000000000", 0, 0, 0 },
	{ "99999999999999999999999999", 0, 0, 0 },
	{ "99999999999999999999h30m", 0, 0, 0 },
};

Test(hours, parse_table)
{
	size_t			i;
	struct hours_amount	a;

	for (i = 0; i < ARRAY_SIZE(parse_cases); i++) {
		const struct parse_case *c = &parse_cases[i];

		a.unit = HOURS_UNIT_QUARTER;
		a.centi = -7;
		cr_expect_eq(hours_parse(c->s, &a), c->ok ? 0 : -1,
		    "\"%s\"", c->s);
		if (c->ok) {
			cr_expect_eq(a.unit, c->unit, "\"%s\": unit %d",
			    c->s, (int)a.unit);
			cr_expect_eq(a.centi, c->centi, "\"%s\": %ld",
			    c->s, a.centi);
		} else
			cr_expect_eq(a.centi, -7, "\"%s\": out written", c->s);
	}
}

Test(hours, parse_null_is_an_error)
{
	struct hours_amount	a;
	long			v;

	cr_assert_eq(hours_parse(NULL, &a), -1);
	cr_assert_eq(hours_parse_centi(NULL, &v), -1);
}

struct centi_case {
	const char	*s;
	int		 ok;
	long		 centi;
};

static const struct centi_case centi_cases[] = {
	{ "80", 1, 8000 },
	{ "62.5", 1, 6250 },
	{ "0.25", 1, 25 },
	{ "0", 1, 0 },
	{ "0.0", 1, 0 },
	{ "12", 1, 1200 },
	{ "2.05", 1, 205 },
	{ "", 0, 0 },
	{ "-1", 0, 0 },
	{ "+1", 0, 0 },
	{ "1h", 0, 0 },
	{ "90m", 0, 0 },
	{ "1.234", 0, 0 },
	{ ".5", 0, 0 },
	{ "5.", 0, 0 },
	{ " 5", 0, 0 },
	{ "5 ", 0, 0 },
	{ "ten", 0, 0 },
	{ "1000000000", 0, 0 },
};

Test(hours, parse_centi_table)
{
	size_t	i;
	long	v;

	for (i = 0; i < ARRAY_SIZE(centi_cases); i++) {
		const struct centi_case *c = &centi_cases[i];

		v = -7;
		cr_expect_eq(hours_parse_centi(c->s, &v), c->ok ? 0 : -1,
		    "\"%s\"", c->s);
		cr_expect_eq(v, c->ok ? c->centi : -7, "\"%s\": %ld", c->s, v);
	}
}

struct format_case {
	long		 centi;
	const char	*s;
};

static const struct format_case format_cases[] = {
	{ 6250, "62.5" },
	{ 8000, "80" },
	{ 25, "0.25" },
	{ 5, "0.05" },
	{ 10, "0.1" },
	{ 0, "0" },
	{ 1, "0.01" },
	{ 150, "1.5" },
	{ 205, "2.05" },
	{ -150, "-1.5" },
	{ -5, "-0.05" },
	{ -8000, "-80" },
	{ 99999999900L, "999999999" },
	{ LONG_MAX, "92233720368547758.07" },
	{ LONG_MIN, "-92233720368547758.08" },
};

Test(hours, format_table)
{
	size_t	i;
	char	buf[HOURS_BUFSZ];
	long	back;

	for (i = 0; i < ARRAY_SIZE(format_cases); i++) {
		const struct format_case *c = &format_cases[i];

		cr_expect_str_eq(hours_format(c->centi, buf, sizeof(buf)), c->s,
		    "%ld", c->centi);
		/* What is printed reads back as the same amount. */
		if (c->centi >= 0 && c->centi < 100000000000L) {
			cr_expect_eq(hours_parse_centi(buf, &back), 0, "%s", buf);
			cr_expect_eq(back, c->centi, "%s", buf);
		}
	}
}

Test(hours, format_truncates_safely_into_a_short_buffer)
{
	char	buf[4];

	cr_assert_str_eq(hours_format(6250, buf, sizeof(buf)), "62.");
	cr_assert_eq(hours_format(6250, buf, 0), buf);
}

Test(hours, format_amount_round_trips)
{
	static const char	*inputs[] = {
		"1.5h", "90m", "0.15ceu", "3sem", "2qtr", "7.5m", "0.05h",
		"80h", "1.25ceu"
	};
	struct hours_amount	 a, b;
	char			 buf[HOURS_BUFSZ];
	size_t			 i;

	for (i = 0; i < ARRAY_SIZE(inputs); i++) {
		cr_assert_eq(hours_parse(inputs[i], &a), 0, "%s", inputs[i]);
		cr_expect_str_eq(hours_format_amount(&a, buf, sizeof(buf)),
		    inputs[i]);
		cr_assert_eq(hours_parse(buf, &b), 0, "%s", buf);
		cr_expect(a.unit == b.unit && a.centi == b.centi, "%s", buf);
	}
}

Test(hours, format_amount_of_mixed_form_is_minutes)
{
	struct hours_amount	a;
	char			buf[HOURS_BUFSZ];

	cr_assert_eq(hours_parse("1h30m", &a), 0);
	cr_assert_str_eq(hours_format_amount(&a, buf, sizeof(buf)), "90m");
	cr_assert_eq(hours_parse("1.5", &a), 0);
	cr_assert_str_eq(hours_format_amount(&a, buf, sizeof(buf)), "1.5h");
}

Test(hours, unit_names_round_trip)
{
	static const struct {
		enum hours_unit	 unit;
		const char	*name;
	} names[] = {
		{ HOURS_UNIT_HOUR, "hour" },
		{ HOURS_UNIT_MINUTE, "minute" },
		{ HOURS_UNIT_CEU, "ceu" },
		{ HOURS_UNIT_SEMESTER, "semester" },
		{ HOURS_UNIT_QUARTER, "quarter" },
	};
	enum hours_unit	u;
	size_t		i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		cr_expect_str_eq(hours_unit_name(names[i].unit), names[i].name);
		cr_expect_eq(hours_unit_from_name(names[i].name, &u), 0);
		cr_expect_eq(u, names[i].unit);
	}
	u = HOURS_UNIT_CEU;
	cr_assert_eq(hours_unit_from_name("hours", &u), -1);
	cr_assert_eq(hours_unit_from_name("Hour", &u), -1);
	cr_assert_eq(hours_unit_from_name("", &u), -1);
	cr_assert_eq(hours_unit_from_name(NULL, &u), -1);
	cr_assert_eq(u, HOURS_UNIT_CEU);
}

/* Illinois social work counts 50-minute hours. */
static const struct hours_conv conv50 = { 50, 1000, 1500, 1000 };
/* A board with quarter credits of 12.5 h and no CEUs or semesters. */
static const struct hours_conv conv_qtr = { 60, 0, 0, 1250 };
/* A board that takes only clock hours. */
static const struct hours_conv conv_hours_only = { 60, 0, 0, 0 };

struct convert_case {
	const char			*amount;
	const struct hours_conv		*conv;
	int				 ok;
	long				 centi;
};

static const struct convert_case convert_cases[] = {
	{ "1.5h", &hours_conv_default, 1, 150 },
	{ "90m", &hours_conv_default, 1, 150 },
	{ "1h30m", &hours_conv_default, 1, 150 },
	{ "7m", &hours_conv_default, 1, 11 },		/* 0.1166 -> 0.11 */
	{ "0.15ceu", &hours_conv_default, 1, 150 },
	{ "1.2ceu", &hours_conv_default, 1, 1200 },
	{ "3sem", &hours_conv_default, 1, 4500 },
	{ "2qtr", &hours_conv_default, 1, 2000 },
	{ "0.01h", &hours_conv_default, 1, 1 },

	{ "1.5h", &conv50, 1, 180 },
	{ "90m", &conv50, 1, 180 },
	{ "1h30m", &conv50, 1, 180 },
	{ "50m", &conv50, 1, 100 },
	{ "1h", &conv50, 1, 120 },
	{ "0.01h", &conv50, 1, 1 },			/* 0.012 -> 0.01 */
	{ "1m", &conv50, 1, 2 },			/* 0.02 */
	{ "0.15ceu", &conv50, 1, 150 },

	{ "2qtr", &conv_qtr, 1, 2500 },
	{ "0.5qtr", &conv_qtr, 1, 625 },
	{ "0.01qtr", &conv_qtr, 1, 12 },		/* 0.125 -> 0.12 */
	{ "3sem", &conv_qtr, 0, 0 },
	{ "0.15ceu", &conv_qtr, 0, 0 },
	{ "1.5h", &conv_qtr, 1, 150 },

	{ "1.5h", &conv_hours_only, 1, 150 },
	{ "90m", &conv_hours_only, 1, 150 },
	{ "1ceu", &conv_hours_only, 0, 0 },
	{ "1sem", &conv_hours_only, 0, 0 },
	{ "1qtr", &conv_hours_only, 0, 0 },
};

Test(hours, convert_table)
{
	size_t			i;
	struct hours_amount	a;
	long			v;

	for (i = 0; i < ARRAY_SIZE(convert_cases); i++) {
		const struct convert_case *c = &convert_cases[i];

		cr_assert_eq(hours_parse(c->amount, &a), 0, "%s", c->amount);
		v = -7;
		cr_expect_eq(hours_convert(&a, c->conv, &v), c->ok ? 0 : -1,
		    "case %zu: %s", i, c->amount);
		cr_expect_eq(v, c->ok ? c->centi : -7, "case %zu: %s -> %ld",
		    i, c->amount, v);
	}
}

Test(hours, convert_refuses_a_program_without_minutes_per_hour)
{
	static const struct hours_conv	zero = { 0, 1000, 1500, 1000 };
	struct hours_amount		a = { HOURS_UNIT_HOUR, 150 };
	long				v;

	cr_assert_eq(hours_convert(&a, &zero, &v), -1);
	a.unit = HOURS_UNIT_MINUTE;
	cr_assert_eq(hours_convert(&a, &zero, &v), -1);
	a.unit = HOURS_UNIT_CEU;
	cr_assert_eq(hours_convert(&a, &zero, &v), 0);
	cr_assert_eq(v, 1500);
}

Test(hours, convert_refuses_bad_amounts_and_overflow)
{
	static const struct hours_conv	huge = { 60, LONG_MAX, 1500, 1000 };
	struct hours_amount		a = { HOURS_UNIT_HOUR, -150 };
	long				v;

	cr_assert_eq(hours_convert(&a, &hours_conv_default, &v), -1);
	a.unit = (enum hours_unit)42;
	a.centi = 150;
	cr_assert_eq(hours_convert(&a, &hours_conv_default, &v), -1);
	a.unit = HOURS_UNIT_CEU;
	cr_assert_eq(hours_convert(&a, &huge, &v), -1);
	cr_assert_eq(hours_convert(NULL, &hours_conv_default, &v), -1);
	cr_assert_eq(hours_convert(&a, NULL, &v), -1);
}

Test(hours, nominal_uses_the_customary_conversions)
{
	static const struct {
		const char	*s;
		long		 centi;
	} cases[] = {
		{ "1.5", 150 }, { "90m", 150 }, { "1h30m", 150 },
		{ "0.15ceu", 150 }, { "1ceu", 1000 }, { "3sem", 4500 },
		{ "2qtr", 2000 }, { "999999999sem", 1499999998500L },
	};
	struct hours_amount	a;
	size_t			i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		cr_assert_eq(hours_parse(cases[i].s, &a), 0, "%s", cases[i].s);
		cr_expect_eq(hours_nominal_centi(&a), cases[i].centi, "%s",
		    cases[i].s);
	}
	cr_assert_eq(hours_conv_default.hour_minutes, 60);
	cr_assert_eq(hours_conv_default.ceu_centi, 1000);
	cr_assert_eq(hours_conv_default.semester_centi, 1500);
	cr_assert_eq(hours_conv_default.quarter_centi, 1000);
}

/* The one wording of an amount for people: the CLI's long unit names and
 * the reports' short ones (golden files depend on both). */
Test(hours, label_names_every_unit_long_and_short)
{
	static const struct {
		enum hours_unit	 unit;
		long		 centi;
		const char	*shortname, *longname;
	} cases[] = {
		{ HOURS_UNIT_HOUR, 150, "1.5 h", "1.5 h" },
		{ HOURS_UNIT_HOUR, 8000, "80 h", "80 h" },
		{ HOURS_UNIT_MINUTE, 9000, "90 min", "90 min" },
		{ HOURS_UNIT_CEU, 15, "0.15 CEU", "0.15 CEU" },
		{ HOURS_UNIT_SEMESTER, 300, "3 sem", "3 semester credits" },
		{ HOURS_UNIT_QUARTER, 250, "2.5 qtr", "2.5 quarter credits" },
		{ (enum hours_unit)99, 100, "1 ?", "1 ?" },
	};
	char	buf[64];
	size_t	i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct hours_amount a = { cases[i].unit, cases[i].centi };

		cr_expect_str_eq(hours_format_label(&a, HOURS_NAMES_SHORT, buf,
		    sizeof(buf)), cases[i].shortname);
		cr_expect_str_eq(hours_format_label(&a, HOURS_NAMES_LONG, buf,
		    sizeof(buf)), cases[i].longname);
	}
}

Test(hours, label_too_long_for_its_buffer_is_empty)
{
	struct hours_amount	 a = { HOURS_UNIT_SEMESTER, 300 };
	char			 buf[8];

	cr_expect_str_eq(hours_format_label(&a, HOURS_NAMES_LONG, buf,
	    sizeof(buf)), "");
	cr_expect_str_eq(hours_format_label(&a, HOURS_NAMES_SHORT, buf,
	    sizeof(buf)), "3 sem");
}

/*
 * A CEU is 10 contact hours of 60 minutes (IACET; ce-rules.md S18), 600
 * minutes, so in a program of 50-minute hours it is 12 of them: 68 IAC
 * 1470.95(a)(5), "One CE hour shall equal 50 minutes" (Illinois social
 * work), makes 0.3 CEU 3.6 h, not 3.0 (rule audit 2026-12, D9 and P1).
 */
Test(hours, ceu_is_six_hundred_minutes_of_the_programs_hours)
{
	struct hours_conv	conv = { 50, 0, 1500, 1000 };
	struct hours_amount	a;
	long			v;

	cr_expect_eq(hours_ceu_centi(60), 1000);
	cr_expect_eq(hours_ceu_centi(50), 1200);
	cr_expect_eq(hours_ceu_centi(0), -1);
	cr_expect_eq(hours_ceu_centi(-50), -1);

	conv.ceu_centi = hours_ceu_centi(conv.hour_minutes);
	cr_assert_eq(hours_parse("0.3ceu", &a), 0);
	cr_assert_eq(hours_convert(&a, &conv, &v), 0);
	cr_expect_eq(v, 360);
	/* 0.3 CEU is 180 minutes: the same as logging the minutes. */
	cr_assert_eq(hours_parse("180m", &a), 0);
	cr_assert_eq(hours_convert(&a, &conv, &v), 0);
	cr_expect_eq(v, 360);
}
