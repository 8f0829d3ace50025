/* SPDX-License-Identifier: ISC */
/*
 * The streaming JSON writer (jsonw.h). It replaced building a jansson tree
 * per person and re-indenting its dump one character at a time, which was
 * most of the time of an organization's JSON report (bench/RESULTS.md).
 * The FILE belongs to one thread, so its lock is not taken per character.
 */
#include <stdio.h>
#include <string.h>

#include "jsonw.h"
#include "util.h"

void
jsonw_init(struct jsonw *w, FILE *fp)
{
	memset(w, 0, sizeof(*w));
	w->fp = fp;
	w->empty[0] = 1;
}

static void
jsonw_indent(struct jsonw *w, int depth)
{
	/* A newline and 2 * JSONW_DEPTH spaces; depth < JSONW_DEPTH. */
	static const char	nl[] = "\n"
	    "                                ";

	fwrite_unlocked(nl, 1, 1 + 2 * (size_t)depth, w->fp);
}

static void
jsonw_string(FILE *fp, const char *s)
{
	static const char	hex[] = "0123456789ABCDEF";
	const unsigned char	*p;
	const char		*run;

	/* Only text beyond ASCII needs the UTF-8 check. */
	for (p = (const unsigned char *)s; *p != '\0' && *p < 0x80; p++)
		;
	if (*p != '\0' && !cet_utf8_form((const char *)p))
		s = "(invalid UTF-8)";
	putc_unlocked('"', fp);
	for (run = s, p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p >= 0x20 && *p != '"' && *p != '\\')
			continue;
		fwrite_unlocked(run, 1, (size_t)((const char *)p - run), fp);
		run = (const char *)p + 1;
		putc_unlocked('\\', fp);
		switch (*p) {
		case '"':
		case '\\':
			putc_unlocked(*p, fp);
			break;
		case '\b':
			putc_unlocked('b', fp);
			break;
		case '\f':
			putc_unlocked('f', fp);
			break;
		case '\n':
			putc_unlocked('n', fp);
			break;
		case '\r':
			putc_unlocked('r', fp);
			break;
		case '\t':
			putc_unlocked('t', fp);
			break;
		default:
			fputs_unlocked("u00", fp);
			putc_unlocked(hex[*p >> 4], fp);
			putc_unlocked(hex[*p & 15], fp);
			break;
		}
	}
	fputs_unlocked(run, fp);
	putc_unlocked('"', fp);
}

/* Separator, indent and key before a value. */
static void
jsonw_key(struct jsonw *w, const char *key)
{
	if (w->depth > 0) {
		if (!w->empty[w->depth])
			putc_unlocked(',', w->fp);
		jsonw_indent(w, w->depth);
	}
	w->empty[w->depth] = 0;
	if (key != NULL) {
		jsonw_string(w->fp, key);
		fputs_unlocked(": ", w->fp);
	}
}

void
jsonw_open(struct jsonw *w, const char *key, int array)
{
	jsonw_key(w, key);
	putc_unlocked(array ? '[' : '{', w->fp);
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
	putc_unlocked(array ? ']' : '}', w->fp);
}

void
jsonw_str(struct jsonw *w, const char *key, const char *v)
{
	jsonw_key(w, key);
	jsonw_string(w->fp, v);
}

void
jsonw_str_null(struct jsonw *w, const char *key, const char *v)
{
	if (v == NULL || *v == '\0')
		jsonw_null(w, key);
	else
		jsonw_str(w, key, v);
}

void
jsonw_int(struct jsonw *w, const char *key, long long v)
{
	jsonw_key(w, key);
	fprintf(w->fp, "%lld", v);
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
	fputs_unlocked(buf, w->fp);
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
	u /= 100;
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (centi < 0)
		*--p = '-';
	fwrite_unlocked(p, 1, (size_t)(buf + sizeof(buf) - p), w->fp);
}

void
jsonw_bool(struct jsonw *w, const char *key, int v)
{
	jsonw_key(w, key);
	fputs_unlocked(v ? "true" : "false", w->fp);
}

void
jsonw_null(struct jsonw *w, const char *key)
{
	jsonw_key(w, key);
	fputs_unlocked("null", w->fp);
}

int
jsonw_end(struct jsonw *w)
{
	putc_unlocked('\n', w->fp);
	return w->bad || w->depth != 0 ? -1 : 0;
}
