/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for lib/csvio.c: RFC 4180 quoting, fields with embedded
 * newlines and the physical line each record starts on, CRLF, LF and lone
 * CR line ends, the UTF-8 byte-order mark, blank lines, strict refusals
 * (a stray quote, an unterminated quoted field, UTF-16), the UTF-8 check,
 * and the writer, read back by the reader.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "exchange/csvio.h"
#include "base/util.h"

static char	 err[512];
static FILE	*fp;
static struct csvio_reader *rd;

static void
open_text(const char *text, size_t len)
{
	/* fmemopen keeps a pointer: give it a copy that lives long enough. */
	static char	buf[8192];

	cr_assert_lt(len, sizeof(buf));
	memcpy(buf, text, len);
	cr_assert_not_null(fp = fmemopen(buf, len, "r"));
	cr_assert_eq(csvio_open_fp(fp, "test.csv", &rd, err, sizeof(err)), 0,
	    "%s", err);
}

static void
close_text(void)
{
	csvio_close(rd);
	rd = NULL;
	if (fp != NULL)
		fclose(fp);
	fp = NULL;
}

TestSuite(csvio, .fini = close_text);

/* Read the next record and check its line and fields ("|"-joined). */
static void
expect(long line, const char *joined)
{
	struct csvio_record	*rec;
	char			 got[1024];
	size_t			 i, used = 0;

	cr_assert_eq(csvio_next(rd, &rec, err, sizeof(err)), 1, "%s", err);
	got[0] = '\0';
	for (i = 0; i < rec->n; i++) {
		cr_assert_eq(rec->len[i], strlen(rec->v[i]));
		used += (size_t)snprintf(got + used, sizeof(got) - used, "%s%s",
		    i > 0 ? "|" : "", rec->v[i]);
	}
	cr_assert_str_eq(got, joined);
	cr_assert_eq(rec->line, line, "record '%s' starts on line %ld, "
	    "expected %ld", joined, rec->line, line);
}

static void
expect_end(void)
{
	struct csvio_record	*rec;

	cr_assert_eq(csvio_next(rd, &rec, err, sizeof(err)), 0, "%s", err);
	/* And it stays at the end. */
	cr_assert_eq(csvio_next(rd, &rec, err, sizeof(err)), 0, "%s", err);
}

#define OPEN(s)	open_text((s), sizeof(s) - 1)

Test(csvio, plain_and_quoted_fields)
{
	OPEN("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"\"\n");
	expect(1, "a|b|c");
	expect(2, "x, y|say \"hi\"|");
	expect_end();
}

Test(csvio, empty_fields_and_spaces_are_data)
{
	OPEN("a,,b,\n  padded  , \" q \" \n");
	expect(1, "a||b|");
	cr_assert_eq(csvio_next(rd, &(struct csvio_record *){ NULL }, err,
	    sizeof(err)), -1, "text after a closing quote is refused");
	cr_assert_eq(csvio_error_line(rd), 2);
	cr_assert_eq(csvio_error_field(rd), 2);
}

Test(csvio, leading_spaces_kept)
{
	OPEN("  padded  ,x\n");
	expect(1, "  padded  |x");
	expect_end();
}

Test(csvio, embedded_newlines_count_as_lines)
{
	/* Line 2 holds a field over three lines; the next record is on 5. */
	OPEN("h1,h2\n\"first\nsecond\nthird\",x\nafter,y\n");
	expect(1, "h1|h2");
	expect(2, "first\nsecond\nthird|x");
	expect(5, "after|y");
	expect_end();
}

Test(csvio, crlf_inside_and_between_records)
{
	OPEN("a,b\r\n\"one\r\ntwo\",c\r\nd,e\r\n");
	expect(1, "a|b");
	expect(2, "one\r\ntwo|c");
	expect(4, "d|e");
	expect_end();
}

Test(csvio, lone_cr_line_ends)
{
	OPEN("a\rb\r\rc\n");
	expect(1, "a");
	expect(2, "b");
	expect(4, "c");
	expect_end();
}

Test(csvio, blank_lines_are_skipped_and_counted)
{
	OPEN("\n\na,b\n\n\r\nc,d");
	expect(3, "a|b");
	expect(6, "c|d");
	expect_end();
}

Test(csvio, last_record_without_line_end)
{
	OPEN("a,b\nc,\"d\ne\"");
	expect(1, "a|b");
	expect(2, "c|d\ne");
	expect_end();
}

Test(csvio, utf8_bom_is_dropped)
{
	OPEN("\xef\xbb\xbfname,email\nZo\xc3\xab,z@example.org\n");
	expect(1, "name|email");
	expect(2, "Zo\xc3\xab|z@example.org");
	expect_end();
}

Test(csvio, utf16_is_refused)
{
	struct csvio_record	*rec;

	OPEN("\xff\xfen\0a\0m\0e\0");
	cr_assert_eq(csvio_next(rd, &rec, err, sizeof(err)), -1);
	cr_assert(strstr(err, "UTF-16") != NULL, "%s", err);
	cr_assert_eq(csvio_error_line(rd), 1);
}

Test(csvio, stray_quote_is_an_error_with_its_place)
{
	struct csvio_record	*rec;

	OPEN("a,b\nc,d\"e\n");
	expect(1, "a|b");
	cr_assert_eq(csvio_next(rd, &rec, err, sizeof(err)), -1);
	cr_assert_eq(csvio_error_line(rd), 2);
	cr_assert_eq(csvio_error_field(rd), 2);
	cr_assert(strstr(err, "RFC 4180") != NULL, "%s", err);
}

Test(csvio, unterminated_quote_names_the_record_start)
{
	struct csvio_record	*rec;

	OPEN("a,b\nc,\"never closed\nmore\nlines\n");
	expect(1, "a|b");
	cr_assert_eq(csvio_next(rd, &rec, err, sizeof(err)), -1);
	cr_assert_eq(csvio_error_line(rd), 2);
	cr_assert(strstr(err, "not closed") != NULL, "%s", err);
}

Test(csvio, nul_byte_shows_in_the_length)
{
	struct csvio_record	*rec;

	OPEN("a\0b,c\n");
	cr_assert_eq(csvio_next(rd, &rec, err, sizeof(err)), 1, "%s", err);
	cr_assert_eq(rec->n, 2);
	cr_assert_eq(rec->len[0], 3);
	cr_assert_neq(strlen(rec->v[0]), rec->len[0]);
}

Test(csvio, too_many_fields)
{
	char			 line[CSVIO_MAX_FIELDS * 2 + 8];
	struct csvio_record	*rec;
	size_t			 i;

	for (i = 0; i <= CSVIO_MAX_FIELDS; i++) {
		line[2 * i] = 'x';
		line[2 * i + 1] = ',';
	}
	line[2 * CSVIO_MAX_FIELDS + 1] = '\n';
	open_text(line, 2 * CSVIO_MAX_FIELDS + 2);
	cr_assert_eq(csvio_next(rd, &rec, err, sizeof(err)), -1);
	cr_assert(strstr(err, "fields") != NULL, "%s", err);
}

Test(csvio, many_records_across_buffer_refills)
{
	struct csvio_record	*rec;
	char			*text, *p, want[64];
	size_t			 i, n = 20000, cap = 20000 * 48;
	long			 line = 1;
	int			 w;

	/* Several read buffers, with a two-line field every 100 records:
	 * the line numbers must stay right across refills. */
	text = p = xmalloc(cap);
	for (i = 0; i < n; i++) {
		w = snprintf(p, cap - (size_t)(p - text), i % 100 == 0 ?
		    "%zu,\"two\r\nlines\"\r\n" : "%zu,plain\r\n", i);
		cr_assert(w > 0);
		p += w;
	}
	cr_assert_not_null(fp = fmemopen(text, (size_t)(p - text), "r"));
	cr_assert_eq(csvio_open_fp(fp, "big.csv", &rd, err, sizeof(err)), 0);
	for (i = 0; i < n; i++) {
		cr_assert_eq(csvio_next(rd, &rec, err, sizeof(err)), 1, "%s",
		    err);
		cr_assert_eq(rec->line, line, "record %zu on line %ld, expected "
		    "%ld", i, rec->line, line);
		(void)snprintf(want, sizeof(want), "%zu", i);
		cr_assert_str_eq(rec->v[0], want);
		line += i % 100 == 0 ? 2 : 1;
	}
	cr_assert_eq(csvio_next(rd, &rec, err, sizeof(err)), 0);
	cr_assert_eq(csvio_offset(rd), (long long)(p - text));
	close_text();
	free(text);
}

Test(csvio, utf8_check)
{
	cr_assert(csvio_utf8("plain", 5));
	cr_assert(csvio_utf8("Zo\xc3\xab \xe2\x80\x94 \xf0\x9f\x98\x80", 13));
	cr_assert(csvio_utf8("tab\tnew\nline", 12), "controls are allowed");
	cr_assert(!csvio_utf8("\xff", 1), "not UTF-8");
	cr_assert(!csvio_utf8("\xc0\xaf", 2), "overlong '/'");
	cr_assert(!csvio_utf8("\xed\xa0\x80", 3), "a surrogate");
	cr_assert(!csvio_utf8("\xf4\x90\x80\x80", 4), "above U+10FFFF");
	cr_assert(!csvio_utf8("\xc3", 1), "truncated");
	cr_assert(!csvio_utf8("Zo\xe9", 3), "Latin-1");
}

Test(csvio, writer_quotes_only_when_needed)
{
	struct csvio_writer	 w;
	char			*buf = NULL;
	size_t			 len = 0;
	FILE			*out;

	cr_assert_not_null(out = open_memstream(&buf, &len));
	csvio_writer_init(&w, out);
	csvio_put(&w, "plain");
	csvio_put(&w, "a,b");
	csvio_put(&w, "say \"hi\"");
	csvio_put(&w, NULL);
	csvio_put(&w, "two\nlines");
	csvio_put(&w, " lead");
	csvio_put(&w, "");
	csvio_end(&w);
	cr_assert_eq(csvio_writer_error(&w), 0);
	cr_assert_eq(fclose(out), 0);
	cr_assert_str_eq(buf, "plain,\"a,b\",\"say \"\"hi\"\"\",,\"two\n"
	    "lines\",\" lead\",\r\n");
	free(buf);
}

Test(csvio, written_records_read_back)
{
	static const char *const vals[] = { "Dana Reyes", "x,y", "\"q\"",
	    "multi\r\nline", " spaced ", "", "Zo\xc3\xab" };
	struct csvio_writer	 w;
	struct csvio_record	*rec;
	char			*buf = NULL;
	size_t			 len = 0, i;
	FILE			*out;

	cr_assert_not_null(out = open_memstream(&buf, &len));
	csvio_writer_init(&w, out);
	for (i = 0; i < ARRAY_SIZE(vals); i++)
		csvio_put(&w, vals[i]);
	csvio_end(&w);
	csvio_put(&w, "second");
	csvio_end(&w);
	cr_assert_eq(fclose(out), 0);
	open_text(buf, len);
	cr_assert_eq(csvio_next(rd, &rec, err, sizeof(err)), 1, "%s", err);
	cr_assert_eq(rec->n, ARRAY_SIZE(vals));
	for (i = 0; i < ARRAY_SIZE(vals); i++)
		cr_assert_str_eq(rec->v[i], vals[i]);
	expect(3, "second");
	expect_end();
	free(buf);
}

Test(csvio, writer_reports_a_full_disk)
{
	struct csvio_writer	 w;
	FILE			*full;
	int			 i;

	full = fopen("/dev/full", "w");
	if (full == NULL)
		cr_skip_test("no /dev/full");
	csvio_writer_init(&w, full);
	for (i = 0; i < 10000; i++) {
		csvio_put(&w, "x");
		csvio_end(&w);
	}
	(void)fflush(full);
	cr_assert(csvio_writer_error(&w), "a write to /dev/full succeeded");
	fclose(full);
}
