/* SPDX-License-Identifier: ISC */
/*
 * The streaming JSON writer (jsonw.h). It replaced building a jansson tree
 * per person and re-indenting its dump one character at a time, which was
 * most of the time of an organization's JSON report (bench/RESULTS.md);
 * later its bytes went from stdio's putc and fputs, one call per token,
 * to a buffer of its own (the employer's JSON report is 200 MB).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/jsonw.h"
#include "base/util.h"

/* What a writer on a FILE holds before it writes. */
#define JSONW_BUFSZ	(64 * 1024)

void
jsonw_init(struct jsonw *w, FILE *fp)
{
	memset(w, 0, sizeof(*w));
	w->fp = fp;
	w->empty[0] = 1;
}

void
jsonw_init_like(struct jsonw *w, FILE *fp, const struct jsonw *like)
{
	jsonw_init(w, fp);
	w->depth = like->depth;
	memcpy(w->empty, like->empty, sizeof(w->empty));
}

void
jsonw_flush(struct jsonw *w)
{
	if (w->fp != NULL && w->len > 0) {
		/* A short write leaves ferror(fp) set for the caller. */
		(void)fwrite(w->buf, 1, w->len, w->fp);
		w->len = 0;
	}
}

/* Room for n more bytes, or -1: write them straight to the FILE. */
static int
jsonw_room(struct jsonw *w, size_t n)
{
	size_t	cap;

	if (w->fp != NULL) {
		jsonw_flush(w);
		if (w->cap == 0) {
			w->buf = xmalloc(JSONW_BUFSZ);
			w->cap = JSONW_BUFSZ;
		}
		return n <= w->cap ? 0 : -1;
	}
	cap = w->cap > 0 ? w->cap : JSONW_BUFSZ;
	while (cap - w->len < n)
		cap *= 2;
	w->buf = xreallocarray(w->buf, cap, 1);
	w->cap = cap;
	return 0;
}

static inline void
jsonw_put(struct jsonw *w, const char *p, size_t n)
{
	if (n == 0)
		return;
	if (w->cap - w->len < n && jsonw_room(w, n) == -1) {
		(void)fwrite(p, 1, n, w->fp);
		return;
	}
	memcpy(w->buf + w->len, p, n);
	w->len += n;
}

static inline void
jsonw_putc(struct jsonw *w, char c)
{
	if (w->len == w->cap)
		(void)jsonw_room(w, 1);
	w->buf[w->len++] = c;
}

void
jsonw_raw(struct jsonw *w, const char *p, size_t n)
{
	jsonw_put(w, p, n);
}

const char *
jsonw_data(const struct jsonw *w, size_t *len)
{
	*len = w->len;
	return w->buf;
}

void
jsonw_clear(struct jsonw *w)
{
	w->len = 0;
}

void
jsonw_free(struct jsonw *w)
{
	free(w->buf);
	w->buf = NULL;
	w->len = w->cap = 0;
}

static void
jsonw_indent(struct jsonw *w, int depth)
{
	/* A newline and 2 * JSONW_DEPTH spaces; depth < JSONW_DEPTH. */
	static const char	nl[] = "\n"
	    "                                ";

	jsonw_put(w, nl, 1 + 2 * (size_t)depth);
}

/* Printable ASCII that needs no escape. */
static inline int
jsonw_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

static void
jsonw_string(struct jsonw *w, const char *s)
{
	static const char	hex[] = "0123456789ABCDEF";
	const unsigned char	*p;
	const char		*run;
	char			 e[6];

	/* Most text is printable ASCII with no quote: one pass, one copy. */
	for (p = (const unsigned char *)s; jsonw_plain(*p); p++)
		;
	jsonw_putc(w, '"');
	if (*p == '\0') {
		jsonw_put(w, s, (size_t)((const char *)p - s));
		jsonw_putc(w, '"');
		return;
	}
	/* Only text beyond ASCII needs the UTF-8 check. */
	for (; *p != '\0' && *p < 0x80; p++)
		;
	if (*p != '\0' && !cet_utf8_form((const char *)p))
		s = "(invalid UTF-8)";
	for (run = s, p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p >= 0x20 && *p != '"' && *p != '\\')
			continue;
		jsonw_put(w, run, (size_t)((const char *)p - run));
		run = (const char *)p + 1;
		e[0] = '\\';
		switch (*p) {
		case '"':
		case '\\':
			e[1] = (char)*p;
			break;
		case '\b':
			e[1] = 'b';
			break;
		case '\f':
			e[1] = 'f';
			break;
		case '\n':
			e[1] = 'n';
			break;
		case '\r':
			e[1] = 'r';
			break;
		case '\t':
			e[1] = 't';
			break;
		default:
			memcpy(e + 1, "u00", 3);
			e[4] = hex[*p >> 4];
			e[5] = hex[*p & 15];
			jsonw_put(w, e, 6);
			continue;
		}
		jsonw_put(w, e, 2);
	}
	jsonw_put(w, run, (size_t)((const char *)p - run));
	jsonw_putc(w, '"');
}

/* Separator, indent and key before a value. */
static void
jsonw_key(struct jsonw *w, const char *key)
{
	if (w->depth > 0) {
		if (!w->empty[w->depth])
			jsonw_putc(w, ',');
		jsonw_indent(w, w->depth);
	}
	w->empty[w->depth] = 0;
	if (key != NULL) {
		jsonw_string(w, key);
		jsonw_put(w, ": ", 2);
	}
}

void
jsonw_open(struct jsonw *w, const char *key, int array)
{
	jsonw_key(w, key);
	jsonw_putc(w, array ? '[' : '{');
	if (w->depth + 1 >= JSONW_DEPTH) {
		w->bad = 1;
		return;
	}
	w->empty[++w->depth] = 1;
}

void
jsonw_close(struct jsonw *w, int array)
{
	if (w->depth == 0) {
		w->bad = 1;
		return;
	}
	if (!w->empty[w->depth--])
		jsonw_indent(w, w->depth);
	jsonw_putc(w, array ? ']' : '}');
}

void
jsonw_str(struct jsonw *w, const char *key, const char *v)
{
	jsonw_key(w, key);
	jsonw_string(w, v);
}

void
jsonw_str_null(struct jsonw *w, const char *key, const char *v)
{
	if (v == NULL || *v == '\0')
		jsonw_null(w, key);
	else
		jsonw_str(w, key, v);
}

/* The decimal digits of u, written backwards ending at end. */
static char *
jsonw_digits(unsigned long long u, char *end)
{
	do
		*--end = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	return end;
}

void
jsonw_int(struct jsonw *w, const char *key, long long v)
{
	char			 buf[32], *p;
	unsigned long long	 u;

	jsonw_key(w, key);
	/* As %lld, LLONG_MIN included. */
	u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	p = jsonw_digits(u, buf + sizeof(buf));
	if (v < 0)
		*--p = '-';
	jsonw_put(w, p, (size_t)(buf + sizeof(buf) - p));
}

/* As jansson's jsonp_dtostr: %.15g, and ".0" when it reads as integer. */
void
jsonw_real(struct jsonw *w, const char *key, double v)
{
	char	buf[64], *e, *q;
	int	n;

	jsonw_key(w, key);
	n = snprintf(buf, sizeof(buf), "%.15g", v);
	if (n < 0 || (size_t)n >= sizeof(buf) - 2) {
		w->bad = 1;
		return;
	}
	if (strpbrk(buf, ".eEn") == NULL)	/* n: nan, inf */
		memcpy(buf + n, ".0", 3);
	else if ((e = strchr(buf, 'e')) != NULL) {
		/* "1e+20" -> "1e20", "1e-05" -> "1e-5" */
		q = ++e;
		if (*q == '-')
			e = ++q;
		else if (*q == '+')
			q++;
		while (*q == '0' && q[1] != '\0')
			q++;
		memmove(e, q, strlen(q) + 1);
	}
	jsonw_put(w, buf, strlen(buf));
}

/*
 * centi / 100 as jsonw_real prints it, without the floating point: for
 * fewer than 15 digits %.15g of the double nearest to a number with two
 * decimals prints that number, trailing zeros dropped ("62.5", "80.0").
 */
void
jsonw_centi(struct jsonw *w, const char *key, long long centi)
{
	unsigned long long	u;
	char			buf[32], *p = buf + sizeof(buf);

	if (centi <= -100000000000000LL || centi >= 100000000000000LL) {
		jsonw_real(w, key, (double)centi / 100.0);
		return;
	}
	jsonw_key(w, key);
	u = centi < 0 ? (unsigned long long)-centi : (unsigned long long)centi;
	/* Written backwards: hundredths (unless 0), tenths, '.', units. */
	if (u % 10 != 0)
		*--p = (char)('0' + u % 10);
	*--p = (char)('0' + u / 10 % 10);
	*--p = '.';
	p = jsonw_digits(u / 100, p);
	if (centi < 0)
		*--p = '-';
	jsonw_put(w, p, (size_t)(buf + sizeof(buf) - p));
}

void
jsonw_bool(struct jsonw *w, const char *key, int v)
{
	jsonw_key(w, key);
	if (v)
		jsonw_put(w, "true", 4);
	else
		jsonw_put(w, "false", 5);
}

void
jsonw_null(struct jsonw *w, const char *key)
{
	jsonw_key(w, key);
	jsonw_put(w, "null", 4);
}

int
jsonw_end(struct jsonw *w)
{
	jsonw_putc(w, '\n');
	jsonw_flush(w);
	if (w->fp != NULL)
		jsonw_free(w);
	return w->bad || w->depth != 0 ? -1 : 0;
}
