/* SPDX-License-Identifier: ISC */
/*
 * Small helpers every module uses: allocation that aborts on out-of-memory,
 * strlcpy (glibc 2.36 has none), bounded formatting, UTF-8 validation of
 * user text, a strict decimal parser in place of the unchecked ato*()
 * and strtol() idioms, and the error list that collects every problem of a
 * file. Allocation failure is the one place where the library prints: after
 * it there is nothing a caller could do, so it says why and aborts.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

static void	util_oom(const char *, size_t, size_t) __attribute__((noreturn));

static void
util_oom(const char *what, size_t nmemb, size_t size)
{
	fprintf(stderr, "cetrack: %s: out of memory (%zu * %zu bytes)\n",
	    what, nmemb, size);
	abort();
}

void *
xmalloc(size_t size)
{
	void	*p;

	/* malloc(0) may return NULL on success; ask for one byte instead. */
	if (size == 0)
		size = 1;
	if ((p = malloc(size)) == NULL)
		util_oom("xmalloc", 1, size);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void	*p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if ((p = calloc(nmemb, size)) == NULL)
		util_oom("xcalloc", nmemb, size);
	return p;
}

void *
xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	void	*p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	/* reallocarray(3) checks nmemb * size for overflow. */
	if ((p = reallocarray(ptr, nmemb, size)) == NULL)
		util_oom("xreallocarray", nmemb, size);
	return p;
}

char *
xstrdup(const char *s)
{
	char	*p;

	if ((p = strdup(s)) == NULL)
		util_oom("xstrdup", 1, strlen(s) + 1);
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		util_oom("xasprintf", 1, 0);
	return s;
}

size_t
cet_strlcpy(char *dst, const char *src, size_t dsz)
{
	size_t	 slen;

	slen = strlen(src);
	if (dsz != 0) {
		size_t	n = slen < dsz - 1 ? slen : dsz - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return slen;
}

int
cet_fmt(char *buf, size_t len, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len)
		return -1;
	return 0;
}

/*
 * Decode one UTF-8 sequence at s. Returns its length in bytes and stores the
 * code point, or returns 0 for anything that is not the shortest encoding of
 * a Unicode scalar value: stray continuation bytes, truncated sequences,
 * overlong forms (which smuggle '/' or NUL past naive filters), UTF-16
 * surrogates and values above U+10FFFF.
 */
static size_t
utf8_decode(const unsigned char *s, uint32_t *cp)
{
	uint32_t	c, min;
	size_t		n, i;

	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else
		return 0;	/* continuation byte, 0xc0/0xc1 or 0xf5.. */
	for (i = 1; i < n; i++) {
		/* Also stops at the NUL of a truncated sequence. */
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

int
cet_utf8_valid(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 cp;
	size_t			 n;

	if (s == NULL)
		return 0;
	while (*p != '\0') {
		if ((n = utf8_decode(p, &cp)) == 0)
			return 0;
		/* Control characters would corrupt reports and mail headers. */
		if ((cp < 0x20 && cp != '\t') || cp == 0x7f)
			return 0;
		p += n;
	}
	return 1;
}

int
cet_utf8_form(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 cp;
	size_t			 n;

	for (; *p != '\0'; p += n)
		if ((n = utf8_decode(p, &cp)) == 0)
			return 0;
	return 1;
}

size_t
cet_utf8_len(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 len = 0;

	/* Count every byte that does not continue a sequence. */
	for (; *p != '\0'; p++) {
		if ((*p & 0xc0) != 0x80)
			len++;
	}
	return len;
}

size_t
cet_wrap_line(const char *s, size_t width, size_t *cols, const char **next)
{
	const char	*w, *e, *end;
	size_t		 used = 0, wc;
	int		 any = 0;

	end = w = s;
	while (*w != '\0') {
		/* The word [w, e) and its width in code points. */
		for (e = w, wc = 0; *e != '\0' && *e != ' '; e++)
			if (((unsigned char)*e & 0xc0) != 0x80)
				wc++;
		if (any && used + 1 + wc > width)
			break;
		used += (any ? 1 : 0) + wc;
		any = 1;
		end = e;
		for (w = e; *w == ' '; w++)
			;
	}
	*cols = used;
	*next = w;
	return (size_t)(end - s);
}

int
cet_strtonum(const char *s, long long min, long long max, long long *out)
{
	const char	*p;
	long long	 v;
	char		*end;

	if (s == NULL || min > max)
		return -1;
	/*
	 * strtoll(3) skips leading white space and accepts '+' and "0x" in
	 * base 0; the check below leaves only an optional '-' and digits.
	 */
	p = s;
	if (*p == '-')
		p++;
	if (*p < '0' || *p > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

void
errlist_add(struct errlist *el, const char *fmt, ...)
{
	va_list	 ap;
	char	*line;
	int	 n;

	va_start(ap, fmt);
	n = vasprintf(&line, fmt, ap);
	va_end(ap);
	if (n < 0)
		util_oom("errlist_add", 1, 0);
	el->v = xreallocarray(el->v, el->n + 1, sizeof(*el->v));
	el->v[el->n++] = line;
}

void
errlist_free(struct errlist *el)
{
	size_t	i;

	if (el == NULL)
		return;
	for (i = 0; i < el->n; i++)
		free(el->v[i]);
	free(el->v);
	el->v = NULL;
	el->n = 0;
}

uint64_t
cet_fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char	*c = p;
	size_t			 i;

	for (i = 0; i < n; i++) {
		h ^= c[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

int
cet_csv_formula(const char *s, size_t len)
{
	return len > 0 && strchr("=+-@\t\r", s[0]) != NULL;
}

/* Is cp one that plain text must not hold (cet_text_unsafe)? */
static const char *
text_unsafe_cp(uint32_t cp)
{
	if ((cp < 0x20 && cp != '\t') || cp == 0x7f)
		return "a control character";
	if (cp >= 0x80 && cp <= 0x9f)
		return "a C1 control character";
	if (cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return "a bidirectional control";
	if (cp == 0x2028 || cp == 0x2029)
		return "a line separator";
	return NULL;
}

long
cet_text_unsafe(const char *s, const char **what)
{
	const unsigned char	*p = (const unsigned char *)s;
	const char		*w;
	uint32_t		 cp;
	size_t			 n;

	if (what != NULL)
		*what = NULL;
	for (; *p != '\0'; p += n) {
		if ((n = utf8_decode(p, &cp)) == 0) {
			if (what != NULL)
				*what = "not UTF-8";
			return -1;
		}
		if ((w = text_unsafe_cp(cp)) != NULL) {
			if (what != NULL)
				*what = w;
			return (long)cp;
		}
	}
	return 0;
}

char *
cet_text_show(const char *s, char *buf, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 cp;
	size_t			 n, used = 0;
	int			 w;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (; *p != '\0'; p += n) {
		if ((n = utf8_decode(p, &cp)) == 0) {
			n = 1;
			w = snprintf(buf + used, len - used, "\\x%02x", *p);
		} else if (cp < 0x20 || cp == 0x7f)
			w = snprintf(buf + used, len - used, "\\x%02x",
			    (unsigned int)cp);
		else if (text_unsafe_cp(cp) != NULL)
			w = snprintf(buf + used, len - used, "\\u{%04X}",
			    (unsigned int)cp);
		else
			w = snprintf(buf + used, len - used, "%.*s", (int)n,
			    (const char *)p);
		if (w < 0 || (size_t)w >= len - used) {
			buf[used] = '\0';
			break;
		}
		used += (size_t)w;
	}
	return buf;
}
