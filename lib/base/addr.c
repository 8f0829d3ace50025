/* SPDX-License-Identifier: ISC */
/*
 * Email address syntax (see addr.h): the strict rule of the mailer, shared
 * by everything that takes an address from a user or a file.
 */

#include <string.h>

#include "base/addr.h"

static int	addr_isalnum(int);
static int	addr_isatext(int);

/* isalnum(3) for ASCII only, whatever the locale. */
static int
addr_isalnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/* atext of RFC 5322 3.2.3. */
static int
addr_isatext(int c)
{
	return addr_isalnum(c) ||
	    (c != '\0' && strchr("!#$%&'*+/=?^_`{|}~-", c) != NULL);
}

int
addr_domain_valid(const char *s, size_t len)
{
	const char	*p, *end = s + len, *label;

	if (len == 0 || len > ADDR_DOMAIN_MAX)
		return -1;
	label = s;
	for (p = s; p <= end; p++) {
		if (p < end && *p != '.')
			continue;
		if (p == label || p - label > 63 || label[0] == '-' ||
		    p[-1] == '-')
			return -1;
		for (; label < p; label++) {
			if (!addr_isalnum((unsigned char)*label) &&
			    *label != '-')
				return -1;
		}
		label = p + 1;
	}
	return 0;
}

int
addr_valid(const char *s, size_t len)
{
	const char	*at, *p, *end = s + len;

	if (len > ADDR_MAX || (at = memchr(s, '@', len)) == NULL)
		return -1;
	if (at == s || at - s > ADDR_LOCAL_MAX)
		return -1;
	for (p = s; p < at; p++) {
		if (*p == '.') {
			if (p == s || p + 1 == at || p[1] == '.')
				return -1;
		} else if (!addr_isatext((unsigned char)*p))
			return -1;
	}
	/* A second '@' is not a host name character. */
	return addr_domain_valid(at + 1, (size_t)(end - at - 1));
}
