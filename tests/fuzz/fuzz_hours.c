/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target for the hours parsers (lib/base/hours.h): hours_parse,
 * what `ce log --hours`, `--topic T=H` and the hours column of a
 * transcript take ("1.5", "90m", "1h30m", "0.15ceu", "3sem"), and
 * hours_parse_centi, the plain decimals of rule packs; and cet_strtonum
 * (lib/base/util.h), which every other number typed or read goes through.
 *
 * Properties: an amount that parses is positive and in a known unit, and
 * converts to a program's hours without overflow; within the 100 clock
 * hours that every caller allows (IMPORT_MAX_NOMINAL, CE_MAX_NOMINAL),
 * printing it with hours_format_amount and parsing that again gives the
 * same amount, as the import of an export relies on. A plain decimal
 * prints back to the same value. A number from cet_strtonum is in range.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "base/hours.h"
#include "base/util.h"

#define FUZZ_NOMINAL_MAX	10000	/* 100 clock hours, as the callers */

static void	fuzz_amount(const char *);
static void	fuzz_centi(const char *);
static void	fuzz_number(const char *);

static void
fuzz_amount(const char *s)
{
	static const struct hours_conv fifty = {
		.hour_minutes = 50, .ceu_centi = 1200, .semester_centi = 1500,
		.quarter_centi = 1250
	};
	struct hours_amount	a, b;
	char			buf[HOURS_BUFSZ + 8], label[64];
	long			v, nominal;

	if (hours_parse(s, &a) == -1)
		return;
	FUZZ_CHECK(a.centi > 0);
	FUZZ_CHECK(strcmp(hours_unit_name(a.unit), "unknown") != 0);
	FUZZ_CHECK(hours_convert(&a, &hours_conv_default, &v) == 0 && v >= 0);
	FUZZ_CHECK(hours_convert(&a, &fifty, &v) == 0 && v >= 0);
	nominal = hours_nominal_centi(&a);
	FUZZ_CHECK(nominal >= 0);
	(void)hours_format_label(&a, HOURS_NAMES_LONG, label, sizeof(label));
	FUZZ_CHECK(label[0] != '\0');
	if (nominal > FUZZ_NOMINAL_MAX)
		return;
	hours_format_amount(&a, buf, sizeof(buf));
	FUZZ_CHECK(hours_parse(buf, &b) == 0);
	FUZZ_CHECK(b.unit == a.unit && b.centi == a.centi);
}

static void
fuzz_centi(const char *s)
{
	char	buf[HOURS_BUFSZ];
	long	v, w;

	if (hours_parse_centi(s, &v) == -1)
		return;
	FUZZ_CHECK(v >= 0);
	hours_format(v, buf, sizeof(buf));
	FUZZ_CHECK(hours_parse_centi(buf, &w) == 0 && w == v);
}

static void
fuzz_number(const char *s)
{
	long long	v;

	if (cet_strtonum(s, -1000, 100000, &v) == 0)
		FUZZ_CHECK(v >= -1000 && v <= 100000);
	(void)cet_strtonum(s, LLONG_MIN, LLONG_MAX, &v);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	char	*s;

	s = fuzz_str(data, len);
	fuzz_amount(s);
	fuzz_centi(s);
	fuzz_number(s);
	free(s);
	return 0;
}
