/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for lib/base/addr.c: the one email address rule that people,
 * organizations, imports, cetrack.ini and the mailer share.
 */

#include <string.h>

#include <criterion/criterion.h>

#include "base/addr.h"

struct addr_case {
	const char	*s;
	int		 ok;
};

static const struct addr_case addr_cases[] = {
	{ "dana.reyes@example.org", 1 },
	{ "a@b", 1 },
	{ "it-alerts@example.org", 1 },
	{ "o'brien+ce@mail-1.example.org", 1 },
	{ "!#$%&'*+/=?^_`{|}~-@example.org", 1 },
	{ "x@123.example", 1 },
	{ "", 0 },
	{ "dana", 0 },
	{ "@example.org", 0 },
	{ "dana@", 0 },
	{ "dana@@example.org", 0 },
	{ "ce@example@org", 0 },
	{ "dana reyes@example.org", 0 },
	{ "dana@example.org ", 0 },
	{ "dana\t@example.org", 0 },
	{ ".dana@example.org", 0 },
	{ "dana.@example.org", 0 },
	{ "dana..reyes@example.org", 0 },
	{ "\"dana\"@example.org", 0 },
	{ "dana(x)@example.org", 0 },
	{ "dana@example..org", 0 },
	{ "dana@.example.org", 0 },
	{ "dana@example.org.", 0 },
	{ "dana@-example.org", 0 },
	{ "dana@example-.org", 0 },
	{ "dana@exa_mple.org", 0 },
	{ "dana@[192.0.2.1]", 0 },
	{ "d\xc3\xa9@example.org", 0 },
	{ "dana@ex\xc3\xa9mple.org", 0 },
	{ "dana@example.org\r\nBcc: x@example.org", 0 },
};

Test(addr, cases)
{
	size_t	i;

	for (i = 0; i < sizeof(addr_cases) / sizeof(addr_cases[0]); i++) {
		const struct addr_case *c = &addr_cases[i];

		cr_expect_eq(addr_valid(c->s, strlen(c->s)), c->ok ? 0 : -1,
		    "addr_valid(\"%s\") should be %s", c->s,
		    c->ok ? "accepted" : "refused");
	}
}

/* Only len bytes count: an address inside a longer string ("<...>"). */
Test(addr, length_bounded)
{
	const char	*s = "Dana <dana@example.org>";

	cr_expect_eq(addr_valid(s + 6, 16), 0);
	cr_expect_eq(addr_valid(s + 6, 17), -1);	/* with '>' */
	cr_expect_eq(addr_valid("a@b.org\0x", 9), -1);	/* NUL inside */
	cr_expect_eq(addr_valid("a\0b@example.org", 15), -1);
}

Test(addr, limits)
{
	char	buf[400];

	/* 64 bytes of local part pass, 65 do not. */
	memset(buf, 'l', 64);
	memcpy(buf + 64, "@example.org", 13);
	cr_expect_eq(addr_valid(buf, strlen(buf)), 0);
	memset(buf, 'l', 65);
	memcpy(buf + 65, "@example.org", 13);
	cr_expect_eq(addr_valid(buf, strlen(buf)), -1);

	/* A label of 63 bytes passes, 64 do not. */
	memcpy(buf, "a@", 2);
	memset(buf + 2, 'd', 63);
	memcpy(buf + 65, ".org", 5);
	cr_expect_eq(addr_valid(buf, strlen(buf)), 0);
	memset(buf + 2, 'd', 64);
	memcpy(buf + 66, ".org", 5);
	cr_expect_eq(addr_valid(buf, strlen(buf)), -1);

	/* ADDR_MAX (254) bytes in all pass, 255 do not. */
	memcpy(buf, "a@", 2);
	memset(buf + 2, 'd', 252);
	for (size_t i = 2 + 63; i < 254; i += 64)
		buf[i] = '.';
	buf[254] = '\0';
	cr_expect_eq(addr_valid(buf, 254), 0, "%s", buf);
	buf[254] = 'd';
	buf[255] = '\0';
	cr_expect_eq(addr_valid(buf, 255), -1);
}

Test(addr, domain)
{
	cr_expect_eq(addr_domain_valid("mail.example.org", 16), 0);
	cr_expect_eq(addr_domain_valid("localhost", 9), 0);
	cr_expect_eq(addr_domain_valid("", 0), -1);
	cr_expect_eq(addr_domain_valid("bad host", 8), -1);
	cr_expect_eq(addr_domain_valid("-x.org", 6), -1);
	cr_expect_eq(addr_domain_valid("x..org", 6), -1);
	cr_expect_eq(addr_domain_valid("x@org", 5), -1);
}
