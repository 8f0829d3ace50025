/* SPDX-License-Identifier: ISC */
/*
 * CSV reading on libcsv and RFC 4180 writing. libcsv is a push parser that
 * reports fields and record ends through callbacks but not where they are
 * in the file; to number lines the reader feeds it one line at a time (a
 * segment ends after every CR or LF), counting CRLF, LF and a lone CR as
 * one line break each, and notes the line of the first byte of every
 * record. A segment holds at most one record end, so csvio_next returns
 * after the segment that completed a record with nothing queued.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <csv.h>

#include "exchange/csvio.h"
#include "base/util.h"

#define CSVIO_BUFSZ	65536

struct csvio_reader {
	FILE		*fp;
	int		 own;		/* fclose on close */
	char		 name[256];
	struct csv_parser p;
	int		 p_init;
	unsigned char	 buf[CSVIO_BUFSZ];
	size_t		 pos;
	size_t		 len;
	int		 eof;		/* the stream is exhausted */
	int		 finished;	/* csv_fini ran: nothing more */
	int		 first;		/* no byte read yet: BOM check */
	long		 line;		/* line of the next byte */
	int		 pending_cr;	/* the last byte fed was a CR */
	int		 at_start;	/* the next content byte starts a record */
	long long	 offset;
	long long	 size;

	/* The record being built, and the one handed out. */
	struct csvio_record rec;
	size_t		 cap;
	int		 done;		/* the record is complete */
	int		 cb_error;	/* a callback refused a field */
	long		 err_line;
	size_t		 err_field;
};

static void	csvio_field_cb(void *, size_t, void *);
static void	csvio_row_cb(int, void *);
static int	csvio_never_space(unsigned char);
static void	csvio_clear(struct csvio_reader *);
static int	csvio_fill(struct csvio_reader *, char *, size_t);
static int	csvio_fail(struct csvio_reader *, long, size_t, char *,
		    size_t, const char *, ...)
		    __attribute__((format(printf, 6, 7)));
static int	csvio_cb_fail(struct csvio_reader *, char *, size_t);
static int	csvio_needs_quotes(const char *, size_t);

/* Spaces are data in RFC 4180: never trim them. */
static int
csvio_never_space(unsigned char c)
{
	(void)c;
	return 0;
}

static int
csvio_fail(struct csvio_reader *r, long line, size_t field, char *err,
    size_t errlen, const char *fmt, ...)
{
	va_list	ap;

	r->err_line = line;
	r->err_field = field;
	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		(void)vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* What a callback refused. */
static int
csvio_cb_fail(struct csvio_reader *r, char *err, size_t errlen)
{
	if (r->cb_error == 1)
		return csvio_fail(r, r->rec.line, r->rec.n + 1, err, errlen,
		    "more than %d fields, expected at most %d",
		    CSVIO_MAX_FIELDS, CSVIO_MAX_FIELDS);
	return csvio_fail(r, r->rec.line, r->rec.n + 1, err, errlen,
	    "a field longer than %d bytes, expected at most %d",
	    CSVIO_MAX_FIELD, CSVIO_MAX_FIELD);
}

static void
csvio_field_cb(void *s, size_t len, void *data)
{
	struct csvio_reader	*r = data;

	if (r->cb_error != 0)
		return;
	if (r->rec.n == CSVIO_MAX_FIELDS) {
		r->cb_error = 1;
		return;
	}
	if (len > CSVIO_MAX_FIELD) {
		r->cb_error = 2;
		return;
	}
	if (r->rec.n == r->cap) {
		r->cap = r->cap == 0 ? 16 : r->cap * 2;
		r->rec.v = xreallocarray(r->rec.v, r->cap, sizeof(*r->rec.v));
		r->rec.len = xreallocarray(r->rec.len, r->cap,
		    sizeof(*r->rec.len));
	}
	r->rec.v[r->rec.n] = xmalloc(len + 1);
	/* libcsv passes no buffer at all for an empty first field. */
	if (len > 0)
		memcpy(r->rec.v[r->rec.n], s, len);
	r->rec.v[r->rec.n][len] = '\0';
	r->rec.len[r->rec.n] = len;
	r->rec.n++;
}

static void
csvio_row_cb(int c, void *data)
{
	struct csvio_reader	*r = data;

	(void)c;
	r->done = 1;
}

static void
csvio_clear(struct csvio_reader *r)
{
	size_t	i;

	for (i = 0; i < r->rec.n; i++)
		free(r->rec.v[i]);
	r->rec.n = 0;
	r->done = 0;
}

int
csvio_open_fp(FILE *fp, const char *name, struct csvio_reader **out,
    char *err, size_t errlen)
{
	struct csvio_reader	*r;
	struct stat		 st;

	*out = NULL;
	r = xcalloc(1, sizeof(*r));
	r->fp = fp;
	(void)cet_strlcpy(r->name, name != NULL ? name : "-", sizeof(r->name));
	if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		free(r);
		(void)snprintf(err, errlen, "%s: cannot start the CSV parser",
		    name);
		return -1;
	}
	r->p_init = 1;
	csv_set_space_func(&r->p, csvio_never_space);
	r->line = 1;
	r->first = 1;
	r->at_start = 1;
	r->size = -1;
	if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode))
		r->size = (long long)st.st_size;
	*out = r;
	return 0;
}

int
csvio_open(const char *path, struct csvio_reader **out, char *err,
    size_t errlen)
{
	struct stat	 st;
	FILE		*fp;

	*out = NULL;
	if (strcmp(path, "-") == 0)
		return csvio_open_fp(stdin, "-", out, err, errlen);
	if ((fp = fopen(path, "rb")) == NULL) {
		(void)snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		(void)snprintf(err, errlen, "%s: is a directory, expected a "
		    "CSV file", path);
		fclose(fp);
		return -1;
	}
	if (csvio_open_fp(fp, path, out, err, errlen) == -1) {
		fclose(fp);
		return -1;
	}
	(*out)->own = 1;
	return 0;
}

void
csvio_close(struct csvio_reader *r)
{
	if (r == NULL)
		return;
	csvio_clear(r);
	free(r->rec.v);
	free(r->rec.len);
	if (r->p_init)
		csv_free(&r->p);
	if (r->own)
		fclose(r->fp);
	free(r);
}

long
csvio_error_line(const struct csvio_reader *r)
{
	return r->err_line;
}

size_t
csvio_error_field(const struct csvio_reader *r)
{
	return r->err_field;
}

long long
csvio_offset(const struct csvio_reader *r)
{
	return r->offset;
}

long long
csvio_size(const struct csvio_reader *r)
{
	return r->size;
}

/* Refill the buffer; 0 with data or at EOF (r->eof), -1 on a read error. */
static int
csvio_fill(struct csvio_reader *r, char *err, size_t errlen)
{
	size_t	n;

	n = fread(r->buf, 1, sizeof(r->buf), r->fp);
	if (n == 0) {
		if (ferror(r->fp))
			return csvio_fail(r, r->line, 0, err, errlen, "%s: read "
			    "error: %s", r->name, strerror(errno));
		r->eof = 1;
	}
	r->pos = 0;
	r->len = n;
	if (r->first && n > 0) {
		r->first = 0;
		if (n >= 3 && r->buf[0] == 0xef && r->buf[1] == 0xbb &&
		    r->buf[2] == 0xbf) {
			r->pos = 3;	/* the UTF-8 byte-order mark */
			r->offset += 3;
		} else if (n >= 2 && ((r->buf[0] == 0xff && r->buf[1] == 0xfe) ||
		    (r->buf[0] == 0xfe && r->buf[1] == 0xff)))
			return csvio_fail(r, 1, 0, err, errlen, "%s:1: the file "
			    "is UTF-16, expected UTF-8 (save it as \"CSV UTF-8\")",
			    r->name);
	}
	return 0;
}

int
csvio_next(struct csvio_reader *r, struct csvio_record **out, char *err,
    size_t errlen)
{
	const unsigned char	*seg, *p;
	size_t			 seglen, fed;
	int			 rc;

	*out = NULL;
	csvio_clear(r);
	if (r->finished)
		return 0;
	while (!r->done) {
		if (r->pos == r->len && !r->eof) {
			if (csvio_fill(r, err, errlen) == -1)
				return -1;
			continue;
		}
		if (r->pos == r->len) {
			/* The end: a last record without a line end. */
			if (r->pending_cr) {
				r->pending_cr = 0;
				r->line++;
			}
			r->finished = 1;
			rc = csv_fini(&r->p, csvio_field_cb, csvio_row_cb, r);
			if (rc != 0)
				return csvio_fail(r, r->rec.line, r->rec.n + 1,
				    err, errlen, "a quoted field is not closed "
				    "before the end of the file");
			if (r->cb_error != 0)
				return csvio_cb_fail(r, err, errlen);
			break;
		}
		seg = r->buf + r->pos;
		/* A CR then something other than LF: the CR was a line end. */
		if (r->pending_cr) {
			r->pending_cr = 0;
			if (seg[0] != '\n')
				r->line++;
		}
		for (p = seg; p < r->buf + r->len; p++) {
			if (*p == '\n' || *p == '\r') {
				p++;
				break;
			}
		}
		seglen = (size_t)(p - seg);
		if (r->at_start && !(seglen == 1 && (seg[0] == '\n' ||
		    seg[0] == '\r'))) {
			r->at_start = 0;
			r->rec.line = r->line;
		}
		fed = csv_parse(&r->p, seg, seglen, csvio_field_cb,
		    csvio_row_cb, r);
		if (r->cb_error != 0)
			return csvio_cb_fail(r, err, errlen);
		if (fed < seglen) {
			if (csv_error(&r->p) == CSV_EPARSE)
				return csvio_fail(r, r->line, r->rec.n + 1, err,
				    errlen, "a quote inside an unquoted field "
				    "or text after a closing quote; expected "
				    "RFC 4180 quoting (a field with quotes is "
				    "quoted and its quotes doubled: "
				    "\"say \"\"hi\"\"\")");
			return csvio_fail(r, r->line, r->rec.n + 1, err, errlen,
			    "%s", csv_strerror(csv_error(&r->p)));
		}
		r->pos += seglen;
		r->offset += (long long)seglen;
		if (seg[seglen - 1] == '\n')
			r->line++;
		else if (seg[seglen - 1] == '\r')
			r->pending_cr = 1;
		if (r->done)
			r->at_start = 1;
	}
	if (!r->done)
		return 0;
	*out = &r->rec;
	return 1;
}

int
csvio_utf8(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	const unsigned char	*end = p + len;
	unsigned int		 c, min;
	size_t			 n, i;

	while (p < end) {
		c = *p;
		if (c < 0x80) {
			p++;
			continue;
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
			return 0;
		if ((size_t)(end - p) < n)
			return 0;
		for (i = 1; i < n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			c = (c << 6) | (p[i] & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return 0;
		p += n;
	}
	return 1;
}

/* -- writing --------------------------------------------------------- */

void
csvio_writer_init(struct csvio_writer *w, FILE *fp)
{
	w->fp = fp;
	w->nfield = 0;
	w->error = 0;
}

static int
csvio_needs_quotes(const char *s, size_t len)
{
	size_t	i;

	if (len == 0)
		return 0;
	if (s[0] == ' ' || s[len - 1] == ' ')
		return 1;
	for (i = 0; i < len; i++) {
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			return 1;
	}
	return 0;
}

void
csvio_putn(struct csvio_writer *w, const char *s, size_t len)
{
	const char	*p, *q, *end;

	if (w->error)
		return;
	if (w->nfield++ > 0 && putc(',', w->fp) == EOF)
		goto fail;
	if (s == NULL || len == 0)
		return;
	if (!csvio_needs_quotes(s, len)) {
		if (fwrite(s, 1, len, w->fp) != len)
			goto fail;
		return;
	}
	if (putc('"', w->fp) == EOF)
		goto fail;
	end = s + len;
	for (p = s; p < end; p = q) {
		/* Up to and including the next quote, which is doubled. */
		if ((q = memchr(p, '"', (size_t)(end - p))) == NULL)
			q = end;
		else
			q++;
		if (fwrite(p, 1, (size_t)(q - p), w->fp) != (size_t)(q - p))
			goto fail;
		if (q[-1] == '"' && putc('"', w->fp) == EOF)
			goto fail;
	}
	if (putc('"', w->fp) == EOF)
		goto fail;
	return;
fail:
	w->error = 1;
}

void
csvio_put(struct csvio_writer *w, const char *s)
{
	csvio_putn(w, s, s != NULL ? strlen(s) : 0);
}

void
csvio_end(struct csvio_writer *w)
{
	if (!w->error && fputs("\r\n", w->fp) == EOF)
		w->error = 1;
	w->nfield = 0;
}

int
csvio_writer_error(const struct csvio_writer *w)
{
	return w->error || ferror(w->fp);
}
