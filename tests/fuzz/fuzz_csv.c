/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target for the CSV reader and writer (lib/exchange/csvio.h),
 * under every import: the reader runs on a stream over the input, as
 * `cetrack import -` reads standard input.
 *
 * Properties: a record holds at most CSVIO_MAX_FIELDS fields, each
 * terminated after its len bytes, and records start on ascending lines
 * within the text; an error names a line. Every record read, written
 * back with csvio_putn/csvio_end and read again, is the same record: the
 * writer quotes whatever the reader would otherwise take apart, which is
 * what lets `cetrack import` read an export losslessly. Two shapes are
 * left out, as no export writes them: a record of a single empty field
 * (the writer makes it an empty line, which readers skip), and a first
 * field that starts with a byte-order mark (a header row comes first).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "base/util.h"
#include "exchange/csvio.h"

#define FUZZ_RECORDS_MAX	256

struct fuzz_rec {
	char	**v;
	size_t	 *len;
	size_t	  n;
};

static size_t	fuzz_read(FILE *, struct fuzz_rec *, size_t, long);
static void	fuzz_recs_free(struct fuzz_rec *, size_t);

/* Read up to max records into copies; returns how many. */
static size_t
fuzz_read(FILE *fp, struct fuzz_rec *out, size_t max, long nlines)
{
	struct csvio_reader	*r;
	struct csvio_record	*rec;
	char			 err[512];
	size_t			 n = 0, i;
	long			 last = 0;
	int			 rc;

	FUZZ_CHECK(csvio_open_fp(fp, "fuzz.csv", &r, err, sizeof(err)) == 0);
	while (n < max && (rc = csvio_next(r, &rec, err, sizeof(err))) == 1) {
		FUZZ_CHECK(rec->n >= 1 && rec->n <= CSVIO_MAX_FIELDS);
		FUZZ_CHECK(rec->line > last && rec->line <= nlines);
		last = rec->line;
		out[n].n = rec->n;
		out[n].v = xreallocarray(NULL, rec->n, sizeof(*out[n].v));
		out[n].len = xreallocarray(NULL, rec->n, sizeof(*out[n].len));
		for (i = 0; i < rec->n; i++) {
			FUZZ_CHECK(rec->v[i][rec->len[i]] == '\0');
			FUZZ_CHECK(strlen(rec->v[i]) <= rec->len[i]);
			(void)csvio_utf8(rec->v[i], rec->len[i]);
			out[n].v[i] = xmalloc(rec->len[i] + 1);
			memcpy(out[n].v[i], rec->v[i], rec->len[i] + 1);
			out[n].len[i] = rec->len[i];
		}
		n++;
	}
	if (n < max && rc == -1) {
		FUZZ_CHECK(csvio_error_line(r) >= 1 &&
		    csvio_error_line(r) <= nlines);
		FUZZ_CHECK(err[0] != '\0' && strchr(err, '\n') == NULL);
	}
	csvio_close(r);
	return n;
}

static void
fuzz_recs_free(struct fuzz_rec *v, size_t n)
{
	size_t	i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < v[i].n; j++)
			free(v[i].v[j]);
		free(v[i].v);
		free(v[i].len);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct fuzz_rec	 a[FUZZ_RECORDS_MAX], b[FUZZ_RECORDS_MAX + 1];
	struct csvio_writer	 w;
	FILE			*fp;
	char			*text = NULL, *copy;
	size_t			 na, nb, i, j, k, textlen = 0;
	long			 nlines = 1;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++)
		if (data[i] == '\n' || data[i] == '\r')
			nlines++;
	copy = fuzz_str(data, len);
	if ((fp = fmemopen(copy, len, "r")) == NULL)
		abort();
	na = fuzz_read(fp, a, FUZZ_RECORDS_MAX, nlines);
	fclose(fp);
	free(copy);

	if ((fp = open_memstream(&text, &textlen)) == NULL)
		abort();
	csvio_writer_init(&w, fp);
	csvio_put(&w, "header");
	csvio_end(&w);
	for (i = 0; i < na; i++) {
		for (j = 0; j < a[i].n; j++)
			csvio_putn(&w, a[i].v[j], a[i].len[j]);
		csvio_end(&w);
	}
	FUZZ_CHECK(!csvio_writer_error(&w));
	if (fclose(fp) != 0)
		abort();

	/* A CR alone ends a line too: an upper bound, as above. */
	nlines = 1;
	for (i = 0; i < textlen; i++)
		if (text[i] == '\n' || text[i] == '\r')
			nlines++;
	if ((fp = fmemopen(text, textlen, "r")) == NULL)
		abort();
	nb = fuzz_read(fp, b, FUZZ_RECORDS_MAX + 1, nlines);
	fclose(fp);
	free(text);

	FUZZ_CHECK(nb >= 1 && b[0].n == 1 && strcmp(b[0].v[0], "header") == 0);
	for (i = 0, k = 1; i < na; i++) {
		if (a[i].n == 1 && a[i].len[0] == 0)
			continue;
		FUZZ_CHECK(k < nb);
		FUZZ_CHECK(a[i].n == b[k].n);
		for (j = 0; j < a[i].n; j++) {
			FUZZ_CHECK(a[i].len[j] == b[k].len[j]);
			FUZZ_CHECK(memcmp(a[i].v[j], b[k].v[j],
			    a[i].len[j]) == 0);
		}
		k++;
	}
	FUZZ_CHECK(k == nb);
	fuzz_recs_free(a, na);
	fuzz_recs_free(b, nb);
	return 0;
}
