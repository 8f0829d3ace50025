/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target for the email address rule (lib/base/addr.h
 * addr_valid, addr_domain_valid), which person and organization
 * contacts, imports and cetrack.ini all go through.
 *
 * The answer is compared with a second reading of addr.h's grammar
 * written here from the header alone, and an address addr_valid accepts
 * must be one the mailer formats a message to (lib/notify/email.h):
 * "an address that is stored must be one the mailer can send to, or a
 * reminder would silently never leave".
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "base/addr.h"
#include "notify/email.h"

static int	ref_alnum(int);
static int	ref_domain(const uint8_t *, size_t);
static int	ref_addr(const uint8_t *, size_t);
static void	fuzz_mailer(const char *);

static int
ref_alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/* Labels of 1..63 letters, digits and '-', no '-' at either end. */
static int
ref_domain(const uint8_t *s, size_t len)
{
	size_t	i, start = 0;

	if (len < 1 || len > ADDR_DOMAIN_MAX)
		return -1;
	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != '.') {
			if (!ref_alnum(s[i]) && s[i] != '-')
				return -1;
			continue;
		}
		if (i == start || i - start > 63 || s[start] == '-' ||
		    s[i - 1] == '-')
			return -1;
		start = i + 1;
	}
	return 0;
}

/* A dot-atom of 1..64 bytes, one '@', a domain; at most 254 bytes. */
static int
ref_addr(const uint8_t *s, size_t len)
{
	static const char	 special[] = "!#$%&'*+/=?^_`{|}~-";
	size_t			 i, at = len, nat = 0;

	if (len > ADDR_MAX)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] == '@') {
			if (nat++ == 0)
				at = i;
		}
	}
	if (nat != 1 || at == 0 || at > ADDR_LOCAL_MAX)
		return -1;
	if (s[0] == '.' || s[at - 1] == '.')
		return -1;
	for (i = 0; i < at; i++) {
		if (s[i] == '.') {
			if (s[i + 1] == '.')
				return -1;
			continue;
		}
		if (!ref_alnum(s[i]) && (s[i] == '\0' ||
		    strchr(special, s[i]) == NULL))
			return -1;
	}
	return ref_domain(s + at + 1, len - at - 1);
}

/* The mailer takes the address as a recipient. */
static void
fuzz_mailer(const char *to)
{
	struct email_conf	 c;
	struct email_msg	 m;
	char			*out = NULL, err[256];
	size_t			 outlen;

	memset(&c, 0, sizeof(c));
	c.smtp_url = "smtp://127.0.0.1:25";
	c.starttls = STARTTLS_OFF;
	c.from = "cetrack <cetrack@example.org>";
	memset(&m, 0, sizeof(m));
	m.to = to;
	m.subject = "CCM: renewal due 2027-05-31";
	m.body = "Hello.\n";
	m.message_id = "1@example.org";
	FUZZ_CHECK(email_format_message(&c, &m, 0, &out, &outlen, err,
	    sizeof(err)) == 0);
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	char	*s, *e;
	int	 a, d;

	/* An exact-size copy, with no NUL after it: the functions take
	 * (s, len), and ASan sees a read past len. */
	if ((e = malloc(len > 0 ? len : 1)) == NULL)
		abort();
	if (len > 0)
		memcpy(e, data, len);
	a = addr_valid(e, len);
	d = addr_domain_valid(e, len);
	free(e);
	FUZZ_CHECK(a == 0 || a == -1);
	FUZZ_CHECK(d == 0 || d == -1);
	FUZZ_CHECK(a == ref_addr(data, len));
	FUZZ_CHECK(d == ref_domain(data, len));
	if (a == 0) {
		s = fuzz_str(data, len);
		fuzz_mailer(s);
		free(s);
	}
	return 0;
}
