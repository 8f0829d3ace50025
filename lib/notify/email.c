/* SPDX-License-Identifier: ISC */
/*
 * The email channel. The message is built here as text and the same bytes
 * are uploaded with libcurl SMTP (CURLOPT_READFUNCTION + CURLOPT_UPLOAD),
 * rather than assembled with libcurl's MIME API (curl_mime_*, MIMEPOST):
 * libcurl has no public way to serialize a curl_mime, and chooses its own
 * random boundary, so `--dry-run` and the unit tests could only ever show
 * a second, hand-built rendering of the message, not the one sent. One
 * builder means the bytes a test inspects are the bytes the server gets.
 * The structure is the one libcurl's MIME API would produce: a
 * multipart/mixed body with a quoted-printable text/plain part and a
 * base64 attachment part, with RFC 2047 encoded words in headers.
 *
 * Security: TLS verification is always on; a password is only ever sent
 * over TLS, or in clear to a loopback address; header fields are
 * validated so that no CR, LF or control character can inject a header;
 * the libcurl handle never runs verbose (its debug output would show the
 * AUTH exchange).
 */

#include <sys/random.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <curl/curl.h>
#include <openssl/evp.h>

#include "base/addr.h"
#include "notify/email.h"
#include "notify/net_int.h"
#include "base/util.h"

#define EMAIL_ADDR_MAX		ADDR_MAX
#define EMAIL_NAME_MAX		256	/* display name, bytes */
#define EMAIL_SUBJECT_MAX	900	/* bytes, keeps header lines < 998 */
#define EMAIL_ID_MAX		250
#define EMAIL_LINE		76	/* encoded line length (RFC 2045) */
#define EMAIL_HEADER_LINE	78	/* header fold target (RFC 5322) */
#define EMAIL_WORD_BYTES	42	/* raw bytes per encoded word: 56 b64 */
#define EMAIL_MAX_TIMEOUT	3600

struct email_buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

/* An address split into an optional display name and an addr-spec. */
struct email_addr {
	char	name[EMAIL_NAME_MAX];
	char	addr[EMAIL_ADDR_MAX + 1];
};

struct email_upload {
	const char	*p;
	size_t		 len;
	size_t		 off;
};

struct email_reply {
	char	line[EMAIL_REPLY_MAX];
};

static void	buf_add(struct email_buf *, const void *, size_t);
static void	buf_str(struct email_buf *, const char *);
static void	buf_fmt(struct email_buf *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static int	email_text_ok(const char *, size_t);
static int	email_is_ascii(const char *);
static int	email_addr_parse(const char *, struct email_addr *);
static int	email_url_host(const char *, char *, size_t, int *);
static void	email_date(time_t, char *, size_t);
static int	email_random_hex(char *, size_t);
static void	email_encoded_words(struct email_buf *, const char *, size_t);
static void	email_phrase(struct email_buf *, const char *);
static int	email_token_ok(const char *, const char *);
static void	email_address_header(struct email_buf *, const char *,
		    const struct email_addr *);
static void	email_subject(struct email_buf *, const char *);
static void	email_qp(struct email_buf *, const char *, size_t);
static void	email_base64(struct email_buf *, const char *, size_t);
static int	email_msg_check(const struct email_msg *, char *, size_t);
static size_t	email_read_cb(char *, size_t, size_t, void *);
static size_t	email_header_cb(char *, size_t, size_t, void *);

static void
buf_add(struct email_buf *b, const void *p, size_t n)
{
	size_t	 cap;

	if (b->len + n + 1 > b->cap) {
		cap = b->cap == 0 ? 4096 : b->cap;
		while (cap < b->len + n + 1)
			cap *= 2;
		b->p = xreallocarray(b->p, cap, 1);
		b->cap = cap;
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
buf_str(struct email_buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static void
buf_fmt(struct email_buf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n == -1) {
		/* As xmalloc: nothing useful can follow. */
		abort();
	}
	buf_add(b, s, (size_t)n);
	free(s);
}

/* Valid UTF-8 text: no control characters but tab, CR and LF. */
static int
email_text_ok(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n, k;
	unsigned int		 cp, min;

	while (i < len) {
		if (p[i] < 0x80) {
			if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\r' &&
			    p[i] != '\n') || p[i] == 0x7f)
				return 0;
			i++;
			continue;
		}
		if ((p[i] & 0xe0) == 0xc0) {
			n = 1;
			cp = p[i] & 0x1f;
			min = 0x80;
		} else if ((p[i] & 0xf0) == 0xe0) {
			n = 2;
			cp = p[i] & 0x0f;
			min = 0x800;
		} else if ((p[i] & 0xf8) == 0xf0) {
			n = 3;
			cp = p[i] & 0x07;
			min = 0x10000;
		} else
			return 0;
		if (len - i <= n)
			return 0;
		for (k = 1; k <= n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		/* C1 controls are as unwelcome as C0 ones. */
		if (cp >= 0x80 && cp < 0xa0)
			return 0;
		i += n + 1;
	}
	return 1;
}

static int
email_is_ascii(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s >= 0x80)
			return 0;
	}
	return 1;
}

/*
 * "Name <local@domain>", "\"Reyes, Dana\" <local@domain>" or
 * "local@domain". Returns 0 or -1.
 */
static int
email_addr_parse(const char *spec, struct email_addr *a)
{
	const char	*lt, *gt, *s, *e;
	size_t		 n;
	char		*w;

	memset(a, 0, sizeof(*a));
	if (spec == NULL || !email_text_ok(spec, strlen(spec)) ||
	    strpbrk(spec, "\r\n\t") != NULL)
		return -1;
	if ((lt = strchr(spec, '<')) == NULL) {
		s = spec;
		e = spec + strlen(spec);
		while (*s == ' ')
			s++;
		while (e > s && e[-1] == ' ')
			e--;
		n = (size_t)(e - s);
		if (n == 0 || n > EMAIL_ADDR_MAX)
			return -1;
		memcpy(a->addr, s, n);
		a->addr[n] = '\0';
		return addr_valid(a->addr, strlen(a->addr));
	}
	if ((gt = strchr(lt, '>')) == NULL || strchr(gt + 1, '<') != NULL)
		return -1;
	for (s = gt + 1; *s != '\0'; s++) {
		if (*s != ' ')
			return -1;
	}
	n = (size_t)(gt - lt - 1);
	if (n == 0 || n > EMAIL_ADDR_MAX)
		return -1;
	memcpy(a->addr, lt + 1, n);
	a->addr[n] = '\0';
	if (addr_valid(a->addr, strlen(a->addr)) == -1)
		return -1;

	/* The display name, without surrounding blanks and quotes. */
	s = spec;
	e = lt;
	while (*s == ' ')
		s++;
	while (e > s && e[-1] == ' ')
		e--;
	if (e - s >= 2 && *s == '"' && e[-1] == '"') {
		s++;
		e--;
	}
	if ((size_t)(e - s) >= sizeof(a->name))
		return -1;
	for (w = a->name; s < e; s++) {
		if (*s == '\\' && s + 1 < e)
			s++;
		else if (*s == '"' || *s == '\\')
			return -1;
		*w++ = *s;
	}
	*w = '\0';
	return 0;
}

/* The host of an SMTP URL, and whether the scheme is smtps. */
static int
email_url_host(const char *url, char *host, size_t hostlen, int *smtps)
{
	CURLU		*u;
	char		*scheme = NULL, *h = NULL, *user = NULL, *pw = NULL;
	int		 rc = -1;

	if ((u = curl_url()) == NULL)
		return -1;
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
		goto done;
	if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &h, 0) != CURLUE_OK)
		goto done;
	/* Credentials belong in username and password_file, not the URL. */
	if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PASSWORD, &pw, 0) == CURLUE_OK)
		goto done;
	if (strcmp(scheme, "smtp") == 0)
		*smtps = 0;
	else if (strcmp(scheme, "smtps") == 0)
		*smtps = 1;
	else
		goto done;
	if (*h == '\0' || cet_fmt(host, hostlen, "%s", h) == -1)
		goto done;
	rc = 0;
done:
	curl_free(scheme);
	curl_free(h);
	curl_free(user);
	curl_free(pw);
	curl_url_cleanup(u);
	return rc;
}

int
email_conf_check(const struct email_conf *c, char *err, size_t errlen)
{
	struct email_addr	 from;
	char			 host[256];
	int			 smtps;

	if (c->smtp_url == NULL || *c->smtp_url == '\0') {
		(void)snprintf(err, errlen, "[email] smtp_url: not set "
		    "(expected smtp://HOST[:PORT] or smtps://HOST[:PORT])");
		return -1;
	}
	if (email_url_host(c->smtp_url, host, sizeof(host), &smtps) == -1) {
		(void)snprintf(err, errlen, "[email] smtp_url: expected "
		    "smtp://HOST[:PORT] or smtps://HOST[:PORT] without "
		    "user name or password");
		return -1;
	}
	if (c->starttls != STARTTLS_REQUIRED &&
	    c->starttls != STARTTLS_OPTIONAL && c->starttls != STARTTLS_OFF) {
		(void)snprintf(err, errlen, "[email] starttls: expected "
		    "required|optional|off");
		return -1;
	}
	if (c->from == NULL || email_addr_parse(c->from, &from) == -1) {
		(void)snprintf(err, errlen, "[email] from: expected an address "
		    "such as \"cetrack <cetrack@example.org>\"");
		return -1;
	}
	if (c->helo != NULL && *c->helo != '\0' &&
	    addr_domain_valid(c->helo, strlen(c->helo)) == -1) {
		(void)snprintf(err, errlen, "[email] helo: expected a host "
		    "name such as mail.example.org");
		return -1;
	}
	if (c->timeout < 0 || c->timeout > EMAIL_MAX_TIMEOUT) {
		(void)snprintf(err, errlen, "[email] timeout: expected 0 to "
		    "%d seconds", EMAIL_MAX_TIMEOUT);
		return -1;
	}
	if (c->ca_file != NULL && *c->ca_file != '\0' &&
	    access(c->ca_file, R_OK) == -1) {
		(void)snprintf(err, errlen, "[email] ca_file: %s: %s",
		    c->ca_file, strerror(errno));
		return -1;
	}
	/* starttls = off: mail (and any password) in clear, loopback only. */
	if (!smtps && c->starttls == STARTTLS_OFF &&
	    !config_host_is_loopback(host)) {
		(void)snprintf(err, errlen, "[email] starttls: off would send "
		    "%s in clear to %s; use required, or smtps://, or a relay "
		    "on 127.0.0.1, [::1] or localhost",
		    c->username != NULL && *c->username != '\0' ?
		    "the password" : "mail", host);
		return -1;
	}
	if (c->username == NULL || *c->username == '\0')
		return 0;
	if (strpbrk(c->username, "\r\n") != NULL ||
	    !email_text_ok(c->username, strlen(c->username))) {
		(void)snprintf(err, errlen, "[email] username: expected UTF-8 "
		    "text without control characters");
		return -1;
	}
	if (c->password == NULL || c->passwordlen == 0) {
		(void)snprintf(err, errlen, "[email] password_file: a username "
		    "is set but no password was read");
		return -1;
	}
	if (memchr(c->password, '\0', c->passwordlen) != NULL) {
		(void)snprintf(err, errlen, "[email] password_file: the "
		    "password contains a NUL byte");
		return -1;
	}
	return 0;
}

/* RFC 5322 date-time in the local time zone, in English whatever the
 * locale: "Tue, 02 Mar 2027 09:00:00 -0600". */
static void
email_date(time_t now, char *buf, size_t len)
{
	static const char *const days[] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
	};
	static const char *const months[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
	};
	struct tm	 tm;
	long		 off;

	if (localtime_r(&now, &tm) == NULL) {
		now = 0;
		(void)gmtime_r(&now, &tm);
		tm.tm_gmtoff = 0;
	}
	off = tm.tm_gmtoff / 60;
	(void)snprintf(buf, len, "%s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld",
	    days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
	    off < 0 ? '-' : '+', labs(off) / 60, labs(off) % 60);
}

/* nbytes random bytes as hex into buf (2 * nbytes + 1). */
static int
email_random_hex(char *buf, size_t nbytes)
{
	static const char	 hex[] = "0123456789abcdef";
	unsigned char		 r[32];
	size_t			 i;
	ssize_t			 n;

	if (nbytes > sizeof(r))
		return -1;
	do {
		n = getrandom(r, nbytes, 0);
	} while (n == -1 && errno == EINTR);
	if (n != (ssize_t)nbytes)
		return -1;
	for (i = 0; i < nbytes; i++) {
		buf[2 * i] = hex[r[i] >> 4];
		buf[2 * i + 1] = hex[r[i] & 0xf];
	}
	buf[2 * nbytes] = '\0';
	return 0;
}

/*
 * RFC 2047 "B" encoded words of at most EMAIL_WORD_BYTES bytes each, never
 * splitting a UTF-8 sequence, separated by folding white space (which
 * decoders drop between adjacent encoded words).
 */
static void
email_encoded_words(struct email_buf *b, const char *s, size_t len)
{
	unsigned char	 out[4 * EMAIL_WORD_BYTES / 3 + 4];
	size_t		 off = 0, n;
	int		 m;

	while (off < len) {
		n = len - off;
		if (n > EMAIL_WORD_BYTES) {
			n = EMAIL_WORD_BYTES;
			while (n > 0 && ((unsigned char)s[off + n] & 0xc0) == 0x80)
				n--;
		}
		m = EVP_EncodeBlock(out, (const unsigned char *)s + off, (int)n);
		if (off > 0)
			buf_str(b, "\r\n ");
		buf_str(b, "=?UTF-8?B?");
		buf_add(b, out, (size_t)m);
		buf_str(b, "?=");
		off += n;
	}
}

/* A display name: as is, quoted, or encoded. */
static void
email_phrase(struct email_buf *b, const char *name)
{
	static const char	 atext[] = "!#$%&'*+-/=?^_`{|}~ ";
	const char		*p;
	int			 plain = 1;

	if (!email_is_ascii(name) || strstr(name, "=?") != NULL) {
		email_encoded_words(b, name, strlen(name));
		return;
	}
	for (p = name; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr(atext, *p) != NULL))
			plain = 0;
	}
	if (plain) {
		buf_str(b, name);
		return;
	}
	buf_str(b, "\"");
	for (p = name; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_str(b, "\\");
		buf_add(b, p, 1);
	}
	buf_str(b, "\"");
}

static void
email_address_header(struct email_buf *b, const char *field,
    const struct email_addr *a)
{
	buf_fmt(b, "%s: ", field);
	if (a->name[0] != '\0') {
		email_phrase(b, a->name);
		buf_fmt(b, " <%s>\r\n", a->addr);
	} else
		buf_fmt(b, "%s\r\n", a->addr);
}

/* Subject: ASCII folded at blanks, anything else as encoded words. */
static void
email_subject(struct email_buf *b, const char *s)
{
	const char	*p, *q;
	size_t		 col, seg;

	buf_str(b, "Subject: ");
	if (!email_is_ascii(s) || strstr(s, "=?") != NULL) {
		email_encoded_words(b, s, strlen(s));
		buf_str(b, "\r\n");
		return;
	}
	/* Segments start at each blank; a fold goes before the blank, so
	 * unfolding (removing CRLF) restores the text exactly. */
	col = strlen("Subject: ");
	for (p = s; *p != '\0'; p = q) {
		q = p + 1;
		while (*q != '\0' && *q != ' ')
			q++;
		seg = (size_t)(q - p);
		if (*p == ' ' && col + seg > EMAIL_HEADER_LINE &&
		    col > strlen("Subject: ")) {
			buf_str(b, "\r\n");
			col = 0;
		}
		buf_add(b, p, seg);
		col += seg;
	}
	buf_str(b, "\r\n");
}

/*
 * Quoted-printable (RFC 2045 6.7): lines end in CRLF whatever the input
 * used, encoded lines are at most 76 characters, trailing blanks and
 * every byte outside printable ASCII (and "=") are encoded.
 */
static void
email_qp(struct email_buf *b, const char *s, size_t len)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, col = 0, tlen;
	char			 tok[3];
	int			 eol;

	for (i = 0; i < len; i++) {
		if (p[i] == '\n' || (p[i] == '\r' && i + 1 < len &&
		    p[i + 1] == '\n')) {
			if (p[i] == '\r')
				i++;
			buf_str(b, "\r\n");
			col = 0;
			continue;
		}
		eol = i + 1 == len || p[i + 1] == '\n' ||
		    (p[i + 1] == '\r' && i + 2 < len && p[i + 2] == '\n');
		if ((p[i] >= 33 && p[i] <= 126 && p[i] != '=') ||
		    ((p[i] == ' ' || p[i] == '\t') && !eol)) {
			tok[0] = (char)p[i];
			tlen = 1;
		} else {
			tok[0] = '=';
			tok[1] = hex[p[i] >> 4];
			tok[2] = hex[p[i] & 0xf];
			tlen = 3;
		}
		/* Room for the token, plus a soft break "=" unless the
		 * token ends the line. */
		if (col + tlen + (eol ? 0 : 1) > EMAIL_LINE) {
			buf_str(b, "=\r\n");
			col = 0;
		}
		buf_add(b, tok, tlen);
		col += tlen;
	}
	if (len == 0 || p[len - 1] != '\n')
		buf_str(b, "\r\n");
}

/* Base64 in lines of 76 characters. */
static void
email_base64(struct email_buf *b, const char *s, size_t len)
{
	unsigned char	 out[EMAIL_LINE + 4];
	size_t		 off, n;
	int		 m;

	for (off = 0; off < len; off += n) {
		n = len - off > 57 ? 57 : len - off;
		m = EVP_EncodeBlock(out, (const unsigned char *)s + off, (int)n);
		buf_add(b, out, (size_t)m);
		buf_str(b, "\r\n");
	}
}

/* A header parameter or type: printable ASCII without quotes. */
static int
email_token_ok(const char *s, const char *extra_bad)
{
	for (; *s != '\0'; s++) {
		if (*s < 0x20 || *s > 0x7e || strchr(extra_bad, *s) != NULL)
			return 0;
	}
	return 1;
}

static int
email_msg_check(const struct email_msg *m, char *err, size_t errlen)
{
	const char	*at;

	if (m->subject == NULL || *m->subject == '\0' ||
	    strlen(m->subject) > EMAIL_SUBJECT_MAX ||
	    !cet_utf8_valid(m->subject)) {
		(void)snprintf(err, errlen, "subject: expected 1 to %d bytes of "
		    "UTF-8 text without control characters", EMAIL_SUBJECT_MAX);
		return -1;
	}
	if (m->body == NULL || strlen(m->body) > EMAIL_MAX_BODY ||
	    !email_text_ok(m->body, strlen(m->body))) {
		(void)snprintf(err, errlen, "body: expected at most %d bytes of "
		    "UTF-8 text", EMAIL_MAX_BODY);
		return -1;
	}
	if (m->att_name != NULL && *m->att_name != '\0') {
		if (strlen(m->att_name) > 100 || !email_token_ok(m->att_name,
		    "\"\\/") || m->att_name[0] == '.') {
			(void)snprintf(err, errlen, "attachment name: expected "
			    "an ASCII file name such as renewal.ics");
			return -1;
		}
		if (m->att_type == NULL || strchr(m->att_type, '/') == NULL ||
		    strlen(m->att_type) > 200 ||
		    !email_token_ok(m->att_type, "")) {
			(void)snprintf(err, errlen, "attachment type: expected "
			    "a MIME type such as text/calendar");
			return -1;
		}
		if (m->att_data == NULL || m->att_len > EMAIL_MAX_ATTACHMENT) {
			(void)snprintf(err, errlen, "attachment: expected at "
			    "most %d bytes", EMAIL_MAX_ATTACHMENT);
			return -1;
		}
	}
	if (m->message_id != NULL && *m->message_id != '\0') {
		at = strchr(m->message_id, '@');
		if (at == NULL || at == m->message_id || at[1] == '\0' ||
		    strchr(at + 1, '@') != NULL ||
		    strlen(m->message_id) > EMAIL_ID_MAX ||
		    !email_token_ok(m->message_id, " <>\"\\()[],;:")) {
			(void)snprintf(err, errlen, "message id: expected "
			    "LOCAL@DOMAIN in printable ASCII");
			return -1;
		}
	}
	return 0;
}

int
email_format_message(const struct email_conf *c, const struct email_msg *m,
    time_t now, char **out, size_t *outlen, char *err, size_t errlen)
{
	struct email_buf	 b = { NULL, 0, 0 };
	struct email_addr	 from, to;
	char			 date[64], rnd[33], boundary[64];
	const char		*domain;
	struct tm		 tm;

	*out = NULL;
	*outlen = 0;
	if (c->from == NULL || email_addr_parse(c->from, &from) == -1) {
		(void)snprintf(err, errlen, "[email] from: expected an address "
		    "such as \"cetrack <cetrack@example.org>\"");
		return -1;
	}
	if (m->to == NULL || email_addr_parse(m->to, &to) == -1) {
		(void)snprintf(err, errlen, "recipient: expected an address "
		    "such as dana.reyes@example.org");
		return -1;
	}
	if (email_msg_check(m, err, errlen) == -1)
		return -1;
	if (email_random_hex(rnd, 16) == -1) {
		(void)snprintf(err, errlen, "getrandom: %s", strerror(errno));
		return -1;
	}
	/* "=_" can appear neither in quoted-printable nor in base64. */
	(void)snprintf(boundary, sizeof(boundary), "=_cetrack_%s", rnd);

	email_date(now, date, sizeof(date));
	buf_fmt(&b, "Date: %s\r\n", date);
	email_address_header(&b, "From", &from);
	email_address_header(&b, "To", &to);
	email_subject(&b, m->subject);
	if (m->message_id != NULL && *m->message_id != '\0')
		buf_fmt(&b, "Message-ID: <%s>\r\n", m->message_id);
	else {
		domain = (c->helo != NULL && *c->helo != '\0') ? c->helo :
		    strchr(from.addr, '@') + 1;
		if (gmtime_r(&now, &tm) == NULL ||
		    email_random_hex(rnd, 12) == -1) {
			(void)snprintf(err, errlen, "cannot make a Message-ID");
			goto fail;
		}
		buf_fmt(&b, "Message-ID: <%04d%02d%02d%02d%02d%02d.%s@%s>\r\n",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec, rnd, domain);
	}
	buf_str(&b, "MIME-Version: 1.0\r\n");
	/* RFC 3834: keeps vacation responders from answering a robot. */
	buf_str(&b, "Auto-Submitted: auto-generated\r\n");

	if (m->att_name == NULL || *m->att_name == '\0') {
		buf_str(&b, "Content-Type: text/plain; charset=UTF-8\r\n"
		    "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
		email_qp(&b, m->body, strlen(m->body));
	} else {
		buf_fmt(&b, "Content-Type: multipart/mixed;\r\n"
		    " boundary=\"%s\"\r\n\r\n", boundary);
		buf_str(&b, "This is a multi-part message in MIME format.\r\n");
		buf_fmt(&b, "\r\n--%s\r\n", boundary);
		buf_str(&b, "Content-Type: text/plain; charset=UTF-8\r\n"
		    "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
		email_qp(&b, m->body, strlen(m->body));
		buf_fmt(&b, "\r\n--%s\r\n", boundary);
		buf_fmt(&b, "Content-Type: %s;\r\n name=\"%s\"\r\n",
		    m->att_type, m->att_name);
		buf_fmt(&b, "Content-Disposition: attachment;\r\n"
		    " filename=\"%s\"\r\n", m->att_name);
		buf_str(&b, "Content-Transfer-Encoding: base64\r\n\r\n");
		email_base64(&b, m->att_data, m->att_len);
		buf_fmt(&b, "\r\n--%s--\r\n", boundary);
	}
	*out = b.p;
	*outlen = b.len;
	return 0;
fail:
	free(b.p);
	return -1;
}

static size_t
email_read_cb(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct email_upload	*u = arg;
	size_t			 n = size * nmemb;

	if (n > u->len - u->off)
		n = u->len - u->off;
	memcpy(dst, u->p + u->off, n);
	u->off += n;
	return n;
}

/*
 * libcurl hands every SMTP reply line to the header callback: keep the
 * last one, printable ASCII only, but not the 221 that answers the QUIT
 * libcurl sends when it closes the connection after a failure.
 */
static size_t
email_header_cb(char *line, size_t size, size_t nmemb, void *arg)
{
	struct email_reply	*r = arg;
	size_t			 n = size * nmemb, i, j = 0;

	if (n >= 4 && strncmp(line, "221", 3) == 0 &&
	    (line[3] == ' ' || line[3] == '-'))
		return n;
	for (i = 0; i < n && j + 1 < sizeof(r->line); i++) {
		if (line[i] == '\r' || line[i] == '\n')
			break;
		r->line[j++] = (line[i] >= 0x20 && line[i] < 0x7f) ?
		    line[i] : '?';
	}
	r->line[j] = '\0';
	return size * nmemb;
}

/* Set an option or leave through the setopt label with cc set. */
#define EMAIL_SETOPT(h, opt, val) do {					\
	if ((cc = curl_easy_setopt((h), (opt), (val))) != CURLE_OK)	\
		goto setopt;						\
} while (0)

enum email_result
email_send(const struct email_conf *c, const struct email_msg *m, time_t now,
    char *reply, size_t replylen, char *err, size_t errlen)
{
	struct email_addr	 from, to;
	struct email_upload	 up = { NULL, 0, 0 };
	struct email_reply	 rep;
	struct curl_slist	*rcpt = NULL;
	enum email_result	 res = EMAIL_PERMFAIL;
	CURL			*h = NULL;
	CURLU			*u = NULL;
	CURLcode		 cc = CURLE_OK;
	char			 ebuf[CURL_ERROR_SIZE], host[256], where[300];
	char			 envfrom[EMAIL_ADDR_MAX + 3];
	char			 envto[EMAIL_ADDR_MAX + 3], path[300];
	char			*msg = NULL, *pw = NULL;
	size_t			 msglen;
	long			 code = 0, usessl, timeout;
	int			 smtps, auth;

	memset(&rep, 0, sizeof(rep));
	ebuf[0] = '\0';
	if (reply != NULL && replylen > 0)
		reply[0] = '\0';
	if (email_conf_check(c, err, errlen) == -1)
		return EMAIL_PERMFAIL;
	if (email_url_host(c->smtp_url, host, sizeof(host), &smtps) == -1 ||
	    email_addr_parse(c->from, &from) == -1) {
		(void)snprintf(err, errlen, "[email] smtp_url: invalid");
		return EMAIL_PERMFAIL;
	}
	if (email_format_message(c, m, now, &msg, &msglen, err, errlen) == -1)
		return EMAIL_PERMFAIL;
	/* email_format_message validated the recipient already. */
	(void)email_addr_parse(m->to, &to);
	(void)snprintf(envfrom, sizeof(envfrom), "<%s>", from.addr);
	(void)snprintf(envto, sizeof(envto), "<%s>", to.addr);
	up.p = msg;
	up.len = msglen;

	auth = c->username != NULL && *c->username != '\0';
	timeout = c->timeout > 0 ? c->timeout : EMAIL_DEFAULT_TIMEOUT;
	if (smtps || c->starttls == STARTTLS_REQUIRED)
		usessl = CURLUSESSL_ALL;
	else if (c->starttls == STARTTLS_OPTIONAL)
		/* A password never travels in clear beyond loopback. */
		usessl = (auth && !config_host_is_loopback(host)) ? CURLUSESSL_ALL :
		    CURLUSESSL_TRY;
	else
		usessl = CURLUSESSL_NONE;

	res = EMAIL_TEMPFAIL;	/* resource trouble is worth a retry */
	if ((h = curl_easy_init()) == NULL || (u = curl_url()) == NULL) {
		(void)snprintf(err, errlen, "cannot initialise libcurl");
		goto done;
	}
	if (curl_url_set(u, CURLUPART_URL, c->smtp_url, 0) != CURLUE_OK) {
		res = EMAIL_PERMFAIL;
		(void)snprintf(err, errlen, "[email] smtp_url: invalid");
		goto done;
	}
	/* libcurl takes the EHLO name from the URL's path. */
	if (c->helo != NULL && *c->helo != '\0') {
		(void)snprintf(path, sizeof(path), "/%s", c->helo);
		if (curl_url_set(u, CURLUPART_PATH, path, 0) != CURLUE_OK) {
			(void)snprintf(err, errlen, "[email] helo: invalid");
			res = EMAIL_PERMFAIL;
			goto done;
		}
	}
	if ((rcpt = curl_slist_append(NULL, envto)) == NULL) {
		(void)snprintf(err, errlen, "out of memory");
		goto done;
	}

	EMAIL_SETOPT(h, CURLOPT_ERRORBUFFER, ebuf);
	EMAIL_SETOPT(h, CURLOPT_CURLU, u);
	EMAIL_SETOPT(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	EMAIL_SETOPT(h, CURLOPT_NOSIGNAL, 1L);
	EMAIL_SETOPT(h, CURLOPT_VERBOSE, 0L);
	EMAIL_SETOPT(h, CURLOPT_TIMEOUT, timeout);
	EMAIL_SETOPT(h, CURLOPT_CONNECTTIMEOUT, timeout);
	EMAIL_SETOPT(h, CURLOPT_USE_SSL, usessl);
	EMAIL_SETOPT(h, CURLOPT_SSL_VERIFYPEER, 1L);
	EMAIL_SETOPT(h, CURLOPT_SSL_VERIFYHOST, 2L);
	if (c->ca_file != NULL && *c->ca_file != '\0')
		EMAIL_SETOPT(h, CURLOPT_CAINFO, c->ca_file);
	EMAIL_SETOPT(h, CURLOPT_MAIL_FROM, envfrom);
	EMAIL_SETOPT(h, CURLOPT_MAIL_RCPT, rcpt);
	EMAIL_SETOPT(h, CURLOPT_UPLOAD, 1L);
	EMAIL_SETOPT(h, CURLOPT_READFUNCTION, email_read_cb);
	EMAIL_SETOPT(h, CURLOPT_READDATA, &up);
	EMAIL_SETOPT(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)msglen);
	EMAIL_SETOPT(h, CURLOPT_HEADERFUNCTION, email_header_cb);
	EMAIL_SETOPT(h, CURLOPT_HEADERDATA, &rep);
	if (auth) {
		/* A NUL-terminated copy for libcurl, wiped below. */
		pw = xmalloc(c->passwordlen + 1);
		memcpy(pw, c->password, c->passwordlen);
		pw[c->passwordlen] = '\0';
		EMAIL_SETOPT(h, CURLOPT_USERNAME, c->username);
		EMAIL_SETOPT(h, CURLOPT_PASSWORD, pw);
	}

	cc = curl_easy_perform(h);
	if (reply != NULL && replylen > 0)
		(void)cet_strlcpy(reply, rep.line, replylen);
	/* The code of the reply kept, which is not the QUIT's. */
	if (rep.line[0] >= '1' && rep.line[0] <= '5' &&
	    rep.line[1] >= '0' && rep.line[1] <= '9' &&
	    rep.line[2] >= '0' && rep.line[2] <= '9')
		code = (rep.line[0] - '0') * 100 + (rep.line[1] - '0') * 10 +
		    (rep.line[2] - '0');
	else if (curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code) !=
	    CURLE_OK)
		code = 0;
	if (cc == CURLE_OK) {
		res = EMAIL_OK;
		goto done;
	}
	/* The server's word decides; without one, what libcurl met. */
	if (code >= 500 && code < 600)
		res = EMAIL_PERMFAIL;
	else if (code >= 400 && code < 500)
		res = EMAIL_TEMPFAIL;
	else if (cc == CURLE_LOGIN_DENIED || cc == CURLE_URL_MALFORMAT ||
	    cc == CURLE_UNSUPPORTED_PROTOCOL)
		res = EMAIL_PERMFAIL;
	else
		res = EMAIL_TEMPFAIL;
	/* For people: the server's own answer when it gave one, else what
	 * went wrong on the way to it (notify/net_int.h). */
	(void)net_where(c->smtp_url, where, sizeof(where));
	if (rep.line[0] != '\0' && code >= 400 && (cc == CURLE_LOGIN_DENIED ||
	    code == 535))
		(void)snprintf(err, errlen, "the mail server %s refused the "
		    "login: %s; check [email] username and password_file",
		    where, rep.line);
	else if (rep.line[0] != '\0' && code >= 400)
		(void)snprintf(err, errlen, "the mail server %s answered: %s",
		    where, rep.line);
	else if (cc == CURLE_LOGIN_DENIED)
		(void)snprintf(err, errlen, "the mail server %s refused the "
		    "login; check [email] username and password_file", where);
	else
		net_why(h, cc, ebuf, where, timeout, err, errlen);
	goto done;
setopt:
	res = EMAIL_PERMFAIL;
	(void)snprintf(err, errlen, "libcurl: %s", curl_easy_strerror(cc));
done:
	/* The QUIT of a cached connection is exchanged here; rep may still
	 * be written but the caller's copy is already taken. */
	curl_easy_cleanup(h);
	curl_url_cleanup(u);
	curl_slist_free_all(rcpt);
	if (pw != NULL) {
		explicit_bzero(pw, c->passwordlen + 1);
		free(pw);
	}
	free(msg);
	return res;
}

const char *
email_result_name(enum email_result r)
{
	switch (r) {
	case EMAIL_OK:
		return "ok";
	case EMAIL_TEMPFAIL:
		return "tempfail";
	case EMAIL_PERMFAIL:
		return "permfail";
	}
	return "unknown";
}
