/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for lib/base/days.c: the lists of days of the [reminders]
 * keys of cetrack.ini and of `notify set`, one grammar for both.
 */

#include <string.h>

#include <criterion/criterion.h>

#include "base/days.h"
#include "base/util.h"

#define MAXN	8

static void
ok(const char *s, int desc, const int *want, int nwant)
{
	struct days_problem	 why;
	int			 v[MAXN], n = -1, i;

	cr_assert_eq(days_parse(s, 0, 3650, MAXN, desc, v, &n, &why), 0,
	    "\"%s\" should parse (error %d)", s, (int)why.error);
	cr_assert_eq(n, nwant, "\"%s\": %d values", s, n);
	for (i = 0; i < n; i++)
		cr_expect_eq(v[i], want[i], "\"%s\"[%d] = %d, expected %d", s,
		    i, v[i], want[i]);
}

static struct days_problem
bad(const char *s, long long min, enum days_error want)
{
	struct days_problem	 why;
	int			 v[MAXN], n = -1;

	cr_assert_eq(days_parse(s, min, 3650, MAXN, 1, v, &n, &why), -1,
	    "\"%s\" should be refused", s);
	cr_expect_eq(n, 0);
	cr_expect_eq(why.error, want, "\"%s\": error %d, expected %d", s,
	    (int)why.error, (int)want);
	return why;
}

Test(days, lists_are_sorted_in_the_asked_order)
{
	static const int desc[] = { 120, 60, 30 }, asc[] = { 1, 7, 30 };
	static const int one[] = { 0 };

	ok("30, 120,60", 1, desc, 3);
	ok("120,60,30", 1, desc, 3);
	ok("\t120 ,\t60 , 30 ", 1, desc, 3);
	ok("30,1,7", 0, asc, 3);
	ok("0", 1, one, 1);
	ok("none", 1, NULL, 0);
	ok("NONE", 0, NULL, 0);
}

Test(days, each_problem_is_named_with_its_item)
{
	struct days_problem	 why;

	bad("", 0, DAYS_NOT_LIST);
	bad("30,,7", 0, DAYS_NOT_LIST);
	bad("30,", 0, DAYS_NOT_LIST);
	bad(" , 7", 0, DAYS_NOT_LIST);
	bad("123456789012345678901234567890123", 0, DAYS_NOT_LIST);

	why = bad("120,x", 0, DAYS_NOT_NUMBER);
	cr_expect_str_eq(why.item, "x");
	why = bad("7 days", 0, DAYS_NOT_NUMBER);
	cr_expect_str_eq(why.item, "7 days");
	bad("1.5", 0, DAYS_NOT_NUMBER);

	why = bad("30, 3651", 0, DAYS_OUT_OF_RANGE);
	cr_expect_str_eq(why.item, "3651");
	cr_expect_eq(why.value, 3651);
	why = bad("0", 1, DAYS_OUT_OF_RANGE);
	cr_expect_eq(why.value, 0);
	bad("-1", 0, DAYS_OUT_OF_RANGE);

	why = bad("30,60, 30", 0, DAYS_TWICE);
	cr_expect_eq(why.value, 30);

	bad("1,2,3,4,5,6,7,8,9", 0, DAYS_TOO_MANY);
}

/* The first problem from the left is the one reported. */
Test(days, the_first_problem_wins)
{
	bad("x,9999", 0, DAYS_NOT_NUMBER);
	bad("9999,x", 0, DAYS_OUT_OF_RANGE);
	bad("7,7,x", 0, DAYS_TWICE);
}

Test(days, exactly_maxn_values_fit)
{
	static const int want[] = { 8, 7, 6, 5, 4, 3, 2, 1 };

	ok("1,2,3,4,5,6,7,8", 1, want, 8);
}
