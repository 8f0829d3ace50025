/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for lib/model.c: credential status names and the attribute
 * lookup that conditional rules use.
 */

#include <criterion/criterion.h>

#include "base/model.h"
#include "base/util.h"

Test(model, cred_status_names_round_trip)
{
	static const struct {
		enum cred_status	 status;
		const char		*name;
	} names[] = {
		{ CRED_ACTIVE, "active" },
		{ CRED_RETIRED, "retired" },
		{ CRED_INACTIVE, "inactive" },
	};
	enum cred_status	s;
	size_t			i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		cr_expect_str_eq(cred_status_name(names[i].status),
		    names[i].name);
		cr_expect_eq(cred_status_from_name(names[i].name, &s), 0);
		cr_expect_eq(s, names[i].status);
	}
	s = CRED_RETIRED;
	cr_assert_eq(cred_status_from_name("Active", &s), -1);
	cr_assert_eq(cred_status_from_name("lapsed", &s), -1);
	cr_assert_eq(cred_status_from_name("", &s), -1);
	cr_assert_eq(cred_status_from_name(NULL, &s), -1);
	cr_assert_eq(s, CRED_RETIRED);
}

Test(model, attrs_has_table)
{
	static const struct {
		const char	*attrs, *attr;
		int		 has;
	} cases[] = {
		{ "direct-care,supervisor", "direct-care", 1 },
		{ "direct-care,supervisor", "supervisor", 1 },
		{ "direct-care, supervisor", "supervisor", 1 },
		{ " direct-care ,\tsupervisor ", "direct-care", 1 },
		{ "supervisor", "supervisor", 1 },
		{ "supervisor", " supervisor ", 1 },
		{ "direct-care,supervisor", "care", 0 },
		{ "direct-care,supervisor", "direct", 0 },
		{ "direct-care,supervisor", "supervisors", 0 },
		{ "direct-care,supervisor", "Supervisor", 0 },
		{ "serves-adults-26plus", "serves-adults", 0 },
		{ "a,,b", "", 0 },
		{ ",", "", 0 },
		{ "", "", 0 },
		{ "", "supervisor", 0 },
		{ "a,b,", "b", 1 },
		{ ",a", "a", 1 },
	};
	size_t	i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		cr_expect_eq(attrs_has(cases[i].attrs, cases[i].attr),
		    cases[i].has, "\"%s\" has \"%s\"", cases[i].attrs,
		    cases[i].attr);
	cr_assert_eq(attrs_has(NULL, "a"), 0);
	cr_assert_eq(attrs_has("a", NULL), 0);
}

Test(model, words_are_lower_or_upper_ascii_digits_and_dashes)
{
	cr_expect(model_word_ok("ethics", 0));
	cr_expect(model_word_ok("serves-adults-26plus", 0));
	cr_expect(model_word_ok("CA-BRN", 1));
	cr_expect(!model_word_ok("Ethics", 0));
	cr_expect(!model_word_ok("ca-brn", 1));
	cr_expect(!model_word_ok("", 0));
	cr_expect(!model_word_ok("law ethics", 0));
	cr_expect(!model_word_ok("l\xc3\xa9gal", 0));
	cr_expect(!model_word_ok("abcdefghijabcdefghijabcdefghij12", 0));
	cr_expect(model_word_ok("abcdefghijabcdefghijabcdefghij1", 0));
}

Test(model, formats_are_exactly_the_documented_ones)
{
	cr_expect(activity_format_ok("live"));
	cr_expect(activity_format_ok("live-online"));
	cr_expect(activity_format_ok("publication"));
	cr_expect(!activity_format_ok("liv"));
	cr_expect(!activity_format_ok("online"));
	cr_expect(!activity_format_ok(""));
	cr_expect(!activity_format_ok("live, live-online"));
}

/* Given, denied (no-A) or unknown: unknown is never read as absent. */
Test(model, attrs_state_given_denied_unknown)
{
	cr_expect_eq(attrs_state("older-adults", "older-adults"), 1);
	cr_expect_eq(attrs_state("a,no-older-adults", "older-adults"), 0);
	cr_expect_eq(attrs_state("", "older-adults"), -1);
	cr_expect_eq(attrs_state("older-adults-x", "older-adults"), -1);
	cr_expect_str_eq(attr_base("no-x"), "x");
	cr_expect_str_eq(attr_base("x"), "x");
	cr_expect_str_eq(attr_base("no-"), "no-");
}

/* attrs_put replaces the opposite, keeps the order, and refuses what
 * would not fit without changing the list. */
Test(model, attrs_put_replaces_the_opposite)
{
	char	l[ATTRS_MAX_LEN] = "direct-care,no-older-adults";
	char	small[16] = "abc";

	cr_assert_eq(attrs_put(l, sizeof(l), "older-adults"), 0);
	cr_expect_str_eq(l, "direct-care,older-adults");
	cr_assert_eq(attrs_put(l, sizeof(l), "no-direct-care"), 0);
	cr_expect_str_eq(l, "older-adults,no-direct-care");
	cr_assert_eq(attrs_put(l, sizeof(l), "older-adults"), 0);
	cr_expect_str_eq(l, "no-direct-care,older-adults");
	cr_expect_eq(attrs_put(small, sizeof(small), "much-too-long-x"), -1);
	cr_expect_str_eq(small, "abc");
}
