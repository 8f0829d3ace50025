/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for lib/util.c: the strlcpy and bounded-format contracts that
 * every fixed-size field relies on, UTF-8 validation of user text, the
 * strict decimal parser and the error list.
 */

#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "base/util.h"

Test(util, strlcpy_copies_and_returns_source_length)
{
	char	buf[8];

	cr_assert_eq(cet_strlcpy(buf, "Reyes", sizeof(buf)), 5);
	cr_assert_str_eq(buf, "Reyes");
}

Test(util, strlcpy_truncates_and_terminates)
{
	char	buf[6];

	memset(buf, 'x', sizeof(buf));
	/* The return value is what lets a caller detect the truncation. */
	cr_assert_eq(cet_strlcpy(buf, "Dana Reyes, RN, CCM", sizeof(buf)), 19);
	cr_assert_str_eq(buf, "Dana ");
}

Test(util, strlcpy_with_zero_size_writes_nothing)
{
	char	buf[2] = { 'q', 'q' };

	cr_assert_eq(cet_strlcpy(buf, "abc", 0), 3);
	cr_assert_eq(buf[0], 'q');
}

Test(util, strlcpy_exact_fit)
{
	char	buf[4];

	cr_assert_eq(cet_strlcpy(buf, "CCM", sizeof(buf)), 3);
	cr_assert_str_eq(buf, "CCM");
}

Test(util, fmt_reports_truncation)
{
	char	buf[8];

	cr_assert_eq(cet_fmt(buf, sizeof(buf), "%s-%d", "RN", 42), 0);
	cr_assert_str_eq(buf, "RN-42");
	cr_assert_eq(cet_fmt(buf, sizeof(buf), "%s", "1234567"), 0);
	cr_assert_eq(cet_fmt(buf, sizeof(buf), "%s", "12345678"), -1);
	cr_assert_str_eq(buf, "1234567");
}

struct utf8_case {
	const char	*s;
	int		 valid;
	size_t		 len;	/* code points, when valid */
};

static const struct utf8_case utf8_cases[] = {
	{ "", 1, 0 },
	{ "Dana Reyes, RN, CCM", 1, 19 },
	{ "Jos\xc3\xa9 Mu\xc3\xb1oz", 1, 10 },		/* José Muñoz */
	{ "\xe2\x82\xac 40 fee", 1, 8 },		/* € */
	{ "\xf0\x9f\x93\x85", 1, 1 },			/* U+1F4C5 */
	{ "\xef\xbf\xbd", 1, 1 },			/* U+FFFD */
	{ "\xf4\x8f\xbf\xbf", 1, 1 },			/* U+10FFFF */
	{ "\xed\x9f\xbf", 1, 1 },			/* U+D7FF */
	{ "tab\there", 1, 8 },
	{ "line\nbreak", 0, 0 },
	{ "cr\r", 0, 0 },
	{ "\x1b[31m", 0, 0 },				/* ESC */
	{ "del\x7f", 0, 0 },
	{ "\xc3", 0, 0 },				/* truncated 2-byte */
	{ "\xe2\x82", 0, 0 },				/* truncated 3-byte */
	{ "\xf0\x9f\x93", 0, 0 },			/* truncated 4-byte */
	{ "\xe2\x82x", 0, 0 },				/* bad continuation */
	{ "\x80", 0, 0 },				/* stray continuation */
	{ "\xc0\xaf", 0, 0 },				/* overlong '/' */
	{ "\xc1\xbf", 0, 0 },				/* overlong */
	{ "\xe0\x80\xaf", 0, 0 },			/* overlong '/' */
	{ "\xe0\x9f\xbf", 0, 0 },			/* overlong U+07FF */
	{ "\xf0\x80\x80\xaf", 0, 0 },			/* overlong '/' */
	{ "\xf0\x8f\xbf\xbf", 0, 0 },			/* overlong U+FFFF */
	{ "\xed\xa0\x80", 0, 0 },			/* surrogate D800 */
	{ "\xed\xbf\xbf", 0, 0 },			/* surrogate DFFF */
	{ "\xf4\x90\x80\x80", 0, 0 },			/* U+110000 */
	{ "\xf5\x80\x80\x80", 0, 0 },
	{ "\xff", 0, 0 },
	{ "\xc2\x85", 1, 1 },				/* C1 NEL: not refused */
};

Test(util, utf8_valid_table)
{
	size_t	i;

	for (i = 0; i < ARRAY_SIZE(utf8_cases); i++) {
		const struct utf8_case *c = &utf8_cases[i];

		cr_expect_eq(cet_utf8_valid(c->s), c->valid,
		    "case %zu: expected %d", i, c->valid);
		if (c->valid)
			cr_expect_eq(cet_utf8_len(c->s), c->len,
			    "case %zu: length %zu", i, cet_utf8_len(c->s));
	}
}

Test(util, utf8_valid_rejects_null)
{
	cr_assert_eq(cet_utf8_valid(NULL), 0);
}

struct strtonum_case {
	const char	*s;
	long long	 min, max;
	int		 rc;
	long long	 v;
};

static const struct strtonum_case strtonum_cases[] = {
	{ "0", 0, 10, 0, 0 },
	{ "10", 0, 10, 0, 10 },
	{ "11", 0, 10, -1, 0 },
	{ "-1", 0, 10, -1, 0 },
	{ "-1", -5, 5, 0, -1 },
	{ "-0", -5, 5, 0, 0 },
	{ "007", 0, 10, 0, 7 },
	{ "9223372036854775807", LLONG_MIN, LLONG_MAX, 0, LLONG_MAX },
	{ "-9223372036854775808", LLONG_MIN, LLONG_MAX, 0, LLONG_MIN },
	{ "9223372036854775808", LLONG_MIN, LLONG_MAX, -1, 0 },
	{ "-9223372036854775809", LLONG_MIN, LLONG_MAX, -1, 0 },
	{ "", 0, 10, -1, 0 },
	{ "-", -10, 10, -1, 0 },
	{ "+1", 0, 10, -1, 0 },
	{ " 1", 0, 10, -1, 0 },
	{ "1 ", 0, 10, -1, 0 },
	{ "\t1", 0, 10, -1, 0 },
	{ "1x", 0, 10, -1, 0 },
	{ "0x10", 0, 100, -1, 0 },
	{ "1.0", 0, 10, -1, 0 },
	{ "1e3", 0, 10000, -1, 0 },
	{ "--1", -10, 10, -1, 0 },
	{ "5", 10, 0, -1, 0 },		/* empty range */
};

Test(util, strtonum_table)
{
	size_t	i;

	for (i = 0; i < ARRAY_SIZE(strtonum_cases); i++) {
		const struct strtonum_case *c = &strtonum_cases[i];
		long long v = 12345;
		int rc = cet_strtonum(c->s, c->min, c->max, &v);

		cr_expect_eq(rc, c->rc, "\"%s\": rc %d", c->s, rc);
		if (c->rc == 0)
			cr_expect_eq(v, c->v, "\"%s\": %lld", c->s, v);
		else
			cr_expect_eq(v, 12345, "\"%s\": out written", c->s);
	}
}

Test(util, strtonum_rejects_null)
{
	long long	v;

	cr_assert_eq(cet_strtonum(NULL, 0, 1, &v), -1);
}

Test(util, errlist_collects_formatted_lines)
{
	struct errlist	el = { NULL, 0 };
	size_t		i;

	errlist_add(&el, "%s: [%s] %s: expected %s", "cetrack.ini", "email",
	    "starttls", "required|optional|off");
	errlist_add(&el, "ccm.ini:%d: unknown key", 12);
	for (i = 0; i < 100; i++)
		errlist_add(&el, "line %zu", i);
	cr_assert_eq(el.n, 102);
	cr_assert_str_eq(el.v[0],
	    "cetrack.ini: [email] starttls: expected required|optional|off");
	cr_assert_str_eq(el.v[1], "ccm.ini:12: unknown key");
	cr_assert_str_eq(el.v[101], "line 99");
	errlist_free(&el);
	cr_assert_eq(el.n, 0);
	cr_assert_null(el.v);
	/* A freed list is empty and reusable. */
	errlist_add(&el, "again");
	cr_assert_eq(el.n, 1);
	errlist_free(&el);
}

Test(util, xasprintf_and_xstrdup)
{
	char	*s, *t;

	s = xasprintf("%s: %d/%d h", "CCM", 62, 80);
	cr_assert_str_eq(s, "CCM: 62/80 h");
	t = xstrdup(s);
	cr_assert_str_eq(t, s);
	cr_assert_neq(t, s);
	free(s);
	free(t);
}

Test(util, xallocations_return_usable_memory)
{
	int	*v;
	char	*z;
	size_t	 i;

	z = xcalloc(16, 1);
	for (i = 0; i < 16; i++)
		cr_assert_eq(z[i], 0);
	free(z);
	v = xreallocarray(NULL, 4, sizeof(*v));
	for (i = 0; i < 4; i++)
		v[i] = (int)i;
	v = xreallocarray(v, 1000, sizeof(*v));
	cr_assert_eq(v[3], 3);
	free(v);
	/* Zero-size requests still return a pointer that free accepts. */
	z = xmalloc(0);
	cr_assert_not_null(z);
	free(z);
}

/* Wrap "s" at width: the lines joined by '|'. */
static void
wrap_all(const char *s, size_t width, char *out, size_t len)
{
	const char	*p = s, *next;
	size_t		 n, cols, used = 0;

	out[0] = '\0';
	while (*p != '\0') {
		n = cet_wrap_line(p, width, &cols, &next);
		cr_assert_lt(used + n + 2, len);
		if (used > 0)
			out[used++] = '|';
		memcpy(out + used, p, n);
		used += n;
		out[used] = '\0';
		cr_assert_gt(next, p, "no progress at '%s'", p);
		p = next;
	}
}

/* Requirement labels wrap at spaces and are never cut inside a word. */
Test(util, wrap_line_breaks_at_spaces_never_inside_a_word)
{
	static const struct {
		const char	*s;
		size_t		 width;
		const char	*want;
	} cases[] = {
		{ "Clinical supervision (one-time)", 28,
		    "Clinical supervision|(one-time)" },
		{ "Ethics", 28, "Ethics" },
		{ "Sexual harassment prevention", 28,
		    "Sexual harassment prevention" },
		{ "Infection control and barrier precautions (incl. sepsis)",
		    28, "Infection control and|barrier precautions (incl.|"
		    "sepsis)" },
		{ "Supercalifragilisticexpialidocious course", 10,
		    "Supercalifragilisticexpialidocious|course" },
		{ "a  b", 1, "a|b" },
		{ "Éducation continue à Montréal", 12,
		    "Éducation|continue à|Montréal" },
		{ "", 28, "" },
	};
	char	out[256];
	size_t	i, cols;
	const char *next;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		wrap_all(cases[i].s, cases[i].width, out, sizeof(out));
		cr_expect_str_eq(out, cases[i].want, "case %zu: '%s'", i,
		    out);
	}
	/* Widths are in code points: "Éducation" is 9 wide, 10 bytes. */
	cr_expect_eq(cet_wrap_line("Éducation continue", 12, &cols, &next),
	    10);
	cr_expect_eq(cols, 9);
	cr_expect_str_eq(next, "continue");
}

/*
 * ASan reports the overflowing request itself and exits instead of letting
 * reallocarray return NULL, so this runs only in the plain build.
 */
#ifndef __SANITIZE_ADDRESS__
Test(util, xreallocarray_aborts_on_overflow, .signal = SIGABRT)
{
	/* nmemb * size overflows: reallocarray fails, and so must we, loudly. */
	(void)xreallocarray(NULL, SIZE_MAX / 2, 4);
}
#endif

/* OWASP's list of cell starts a spreadsheet evaluates (issue 16, 8). */
Test(util, csv_formula_starts)
{
	static const char *const yes[] = { "=1+1", "+cmd|' /C calc'!A0",
	    "-2+3", "@SUM(A1)", "\tx", "\rx" };
	static const char *const no[] = { "", "Ethics", "1.5", " =x", "'=x",
	    "A=B" };
	size_t	i;

	for (i = 0; i < ARRAY_SIZE(yes); i++)
		cr_expect(cet_csv_formula(yes[i], strlen(yes[i])), "%s", yes[i]);
	for (i = 0; i < ARRAY_SIZE(no); i++)
		cr_expect(!cet_csv_formula(no[i], strlen(no[i])), "%s", no[i]);
}

/* Issue 16, 3 and 10: what plain text must not hold, and how it shows. */
Test(util, text_unsafe_and_show)
{
	const char	*what;
	char		 buf[128];

	cr_expect_eq(cet_text_unsafe("Dana Reyes, RN", &what), 0);
	cr_expect_eq(cet_text_unsafe("Zoë Müller-Łukasik", &what), 0);
	cr_expect_eq(cet_text_unsafe("a\xc2\x9b" "b", &what), 0x9b);
	cr_expect_str_eq(what, "a C1 control character");
	cr_expect_eq(cet_text_unsafe("x\xe2\x80\xae" "y", &what), 0x202e);
	cr_expect_str_eq(what, "a bidirectional control");
	cr_expect_eq(cet_text_unsafe("x\xe2\x81\xa6" "y", NULL), 0x2066);
	cr_expect_eq(cet_text_unsafe("x\xe2\x80\xa8" "y", &what), 0x2028);
	cr_expect_eq(cet_text_unsafe("a\nb", NULL), '\n');
	cr_expect_eq(cet_text_unsafe("\xff", &what), -1);
	cr_expect_str_eq(cet_text_show("a\xc2\x9b" "b\xe2\x80\xae" "c\n\xff",
	    buf, sizeof(buf)), "a\\u{009B}b\\u{202E}c\\x0a\\xff");
	cr_expect_str_eq(cet_text_show("Zoë", buf, sizeof(buf)), "Zoë");
	/* Truncated at a whole unit, never inside an escape. */
	cr_expect_str_eq(cet_text_show("\xc2\x9b\xc2\x9b", buf, 14),
	    "\\u{009B}");
}
