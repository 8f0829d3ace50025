/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target for the building of a reminder email
 * (lib/notify/email.h email_format_message): the From of cetrack.ini, a
 * person's address and name, a subject and a body made from names and
 * titles that came in through imports, a Message-ID and an attachment.
 * The input is seven fields cut at NUL bytes: from, to, subject, body,
 * message id, attachment name, attachment bytes (the last may hold NULs).
 *
 * What a message that is formatted must be:
 *   - lines end in CRLF, no bare CR or LF anywhere (SMTP, RFC 5322 2.3),
 *     and no line is longer than 998 octets (RFC 5322 2.1.1);
 *   - the header holds each of its fields once and nothing else: no text
 *     that came in can start a header line of its own;
 *   - the Subject, unfolded and its encoded words decoded (RFC 2047),
 *     is the subject given;
 *   - the text part, its quoted-printable decoded, is the body given
 *     with CRLF for each line end, in lines of at most 76 characters
 *     (RFC 2045 6.7); the attachment's base64 decodes to its bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "harness.h"
#include "base/util.h"
#include "notify/email.h"

enum { F_FROM, F_TO, F_SUBJECT, F_BODY, F_ID, F_ATT_NAME, F_ATT, F_N };

#define FUZZ_ATT_TYPE	"text/calendar; method=PUBLISH; charset=UTF-8"

static const char *const fuzz_fields_ok[] = {
	"Date", "From", "To", "Subject", "Message-ID", "MIME-Version",
	"Auto-Submitted", "Content-Type", "Content-Transfer-Encoding"
};

static void	fuzz_lines(const char *, size_t);
static size_t	fuzz_headers(const char *, size_t, int);
static void	fuzz_subject(const char *, size_t, const char *);
static void	fuzz_qp(const char *, size_t, const char *);
static void	fuzz_b64(const char *, size_t, const char *, size_t);
static int	fuzz_hex(int);
static size_t	fuzz_unb64(const char *, size_t, unsigned char *);

/* CRLF only; lines of at most 998 octets. */
static void
fuzz_lines(const char *s, size_t len)
{
	size_t	i, start = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '\r') {
			FUZZ_CHECK(i + 1 < len && s[i + 1] == '\n');
			FUZZ_CHECK(i - start <= 998);
		} else if (s[i] == '\n') {
			FUZZ_CHECK(i > 0 && s[i - 1] == '\r');
			start = i + 1;
		}
	}
	FUZZ_CHECK(len >= 2 && s[len - 2] == '\r' && s[len - 1] == '\n');
}

/* The header's fields, each once; returns where the body starts. */
static size_t
fuzz_headers(const char *s, size_t len, int multipart)
{
	const char	*end, *line, *eol, *colon;
	int		 seen[ARRAY_SIZE(fuzz_fields_ok)];
	size_t		 i, n;

	memset(seen, 0, sizeof(seen));
	end = memmem(s, len, "\r\n\r\n", 4);
	FUZZ_CHECK(end != NULL);
	for (line = s; line < end + 2; line = eol + 2) {
		eol = memmem(line, (size_t)(end + 2 - line), "\r\n", 2);
		if (line[0] == ' ' || line[0] == '\t') {
			FUZZ_CHECK(line != s);
			continue;
		}
		colon = memchr(line, ':', (size_t)(eol - line));
		FUZZ_CHECK(colon != NULL && colon[1] == ' ');
		n = (size_t)(colon - line);
		for (i = 0; i < ARRAY_SIZE(fuzz_fields_ok); i++)
			if (strlen(fuzz_fields_ok[i]) == n &&
			    memcmp(line, fuzz_fields_ok[i], n) == 0)
				break;
		FUZZ_CHECK(i < ARRAY_SIZE(fuzz_fields_ok));
		FUZZ_CHECK(seen[i]++ == 0);
	}
	for (i = 0; i < ARRAY_SIZE(fuzz_fields_ok); i++)
		FUZZ_CHECK(seen[i] == 1 || (multipart &&
		    strcmp(fuzz_fields_ok[i], "Content-Transfer-Encoding") == 0));
	return (size_t)(end + 4 - s);
}

static int
fuzz_hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Base64 of n characters (a multiple of 4) into out; returns the bytes. */
static size_t
fuzz_unb64(const char *s, size_t n, unsigned char *out)
{
	int	m;

	FUZZ_CHECK(n % 4 == 0);
	if (n == 0)
		return 0;
	m = EVP_DecodeBlock(out, (const unsigned char *)s, (int)n);
	FUZZ_CHECK(m >= 0);
	if (s[n - 1] == '=')
		m--;
	if (s[n - 2] == '=')
		m--;
	return (size_t)m;
}

/* Unfold the Subject and decode its encoded words. */
static void
fuzz_subject(const char *msg, size_t hlen, const char *want)
{
	const char	*p, *end, *q;
	char		*text;
	size_t		 n = 0;

	p = memmem(msg, hlen, "\r\nSubject: ", 11);
	FUZZ_CHECK(p != NULL);
	p += 11;
	text = xmalloc(hlen + 1);
	/* Unfold: a CRLF before a blank goes, the blank stays. */
	for (end = p; end < msg + hlen; end++) {
		if (end[0] == '\r' && end[2] != ' ' && end[2] != '\t')
			break;
		if (end[0] == '\r') {
			end++;
			continue;
		}
		text[n++] = *end;
	}
	text[n] = '\0';
	if (strncmp(text, "=?UTF-8?B?", 10) == 0) {
		unsigned char	*dec = xmalloc(n + 1);
		size_t		 dn = 0;

		for (p = text; *p != '\0'; p = q + 2) {
			FUZZ_CHECK(strncmp(p, "=?UTF-8?B?", 10) == 0);
			p += 10;
			q = strstr(p, "?=");
			FUZZ_CHECK(q != NULL);
			dn += fuzz_unb64(p, (size_t)(q - p), dec + dn);
			if (q[2] == ' ')
				q++;
		}
		FUZZ_CHECK(dn == strlen(want) && memcmp(dec, want, dn) == 0);
		free(dec);
	} else
		FUZZ_CHECK(strcmp(text, want) == 0);
	free(text);
}

/* Quoted-printable s[0..len) against the body it was made from. */
static void
fuzz_qp(const char *s, size_t len, const char *body)
{
	char	*got, *want;
	size_t	 i, n = 0, w = 0, col = 0, blen = strlen(body);
	int	 hi, lo;

	got = xmalloc(len + 1);
	for (i = 0; i < len; i++) {
		if (s[i] == '\r') {
			FUZZ_CHECK(col <= 76);
			col = 0;
			got[n++] = '\n';
			i++;
			continue;
		}
		col++;
		if (s[i] != '=') {
			FUZZ_CHECK((s[i] >= 33 && s[i] <= 126) || s[i] == ' ' ||
			    s[i] == '\t');
			got[n++] = s[i];
			continue;
		}
		FUZZ_CHECK(i + 2 < len);
		if (s[i + 1] == '\r') {
			/* A soft line break. */
			FUZZ_CHECK(col <= 76);
			col = 0;
			i += 2;
			continue;
		}
		hi = fuzz_hex((unsigned char)s[i + 1]);
		lo = fuzz_hex((unsigned char)s[i + 2]);
		FUZZ_CHECK(hi != -1 && lo != -1);
		got[n++] = (char)(hi << 4 | lo);
		col += 2;
		i += 2;
	}
	want = xmalloc(blen + 2);
	for (i = 0; i < blen; i++) {
		if (body[i] == '\r' && body[i + 1] == '\n')
			continue;
		want[w++] = body[i];
	}
	if (blen == 0 || body[blen - 1] != '\n')
		want[w++] = '\n';
	FUZZ_CHECK(n == w && memcmp(got, want, n) == 0);
	free(got);
	free(want);
}

/* Base64 lines of s[0..len) against the attachment's bytes. */
static void
fuzz_b64(const char *s, size_t len, const char *att, size_t attlen)
{
	unsigned char	*got;
	const char	*p, *eol;
	size_t		 n = 0;

	got = xmalloc(len + 1);
	for (p = s; p < s + len; p = eol + 2) {
		eol = memmem(p, (size_t)(s + len - p), "\r\n", 2);
		FUZZ_CHECK(eol != NULL && eol - p <= 76);
		n += fuzz_unb64(p, (size_t)(eol - p), got + n);
	}
	FUZZ_CHECK(n == attlen && memcmp(got, att, n) == 0);
	free(got);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const char	 qp[] = "Content-Transfer-Encoding: "
				    "quoted-printable\r\n\r\n";
	static const char	 b64[] = "Content-Transfer-Encoding: "
				    "base64\r\n\r\n";
	struct fuzz_fields	 f;
	struct email_conf	 c;
	struct email_msg	 m;
	char			*out = NULL, err[512];
	const char		*text, *part, *end;
	size_t			 outlen, hlen;
	int			 multipart;

	fuzz_split(data, len, F_N, &f);
	memset(&c, 0, sizeof(c));
	c.smtp_url = "smtp://127.0.0.1:25";
	c.starttls = STARTTLS_OFF;
	c.from = f.v[F_FROM];
	memset(&m, 0, sizeof(m));
	m.to = f.v[F_TO];
	m.subject = f.v[F_SUBJECT];
	m.body = f.v[F_BODY];
	m.message_id = f.v[F_ID];
	m.att_name = f.v[F_ATT_NAME];
	m.att_type = FUZZ_ATT_TYPE;
	m.att_data = f.v[F_ATT];
	m.att_len = f.len[F_ATT];
	multipart = m.att_name[0] != '\0';
	if (email_format_message(&c, &m, 1798794000, &out, &outlen, err,
	    sizeof(err)) == -1) {
		FUZZ_CHECK(out == NULL && err[0] != '\0');
		goto done;
	}
	FUZZ_CHECK(out != NULL && strlen(out) == outlen);
	fuzz_lines(out, outlen);
	hlen = fuzz_headers(out, outlen, multipart);
	fuzz_subject(out, hlen, m.subject);
	text = memmem(out, outlen, qp, sizeof(qp) - 1);
	FUZZ_CHECK(text != NULL);
	text += sizeof(qp) - 1;
	if (!multipart) {
		fuzz_qp(text, (size_t)(out + outlen - text), m.body);
		goto done;
	}
	/* "=_" is in no quoted-printable text: the boundary ends it. */
	end = memmem(text, (size_t)(out + outlen - text), "\r\n--=_cetrack_",
	    14);
	FUZZ_CHECK(end != NULL);
	fuzz_qp(text, (size_t)(end - text), m.body);
	part = memmem(end, (size_t)(out + outlen - end), b64, sizeof(b64) - 1);
	FUZZ_CHECK(part != NULL);
	part += sizeof(b64) - 1;
	end = memmem(part, (size_t)(out + outlen - part), "\r\n--=_cetrack_",
	    14);
	FUZZ_CHECK(end != NULL);
	fuzz_b64(part, (size_t)(end - part), m.att_data, m.att_len);
done:
	free(out);
	fuzz_fields_free(&f);
	return 0;
}
