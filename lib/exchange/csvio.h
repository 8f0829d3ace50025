/* SPDX-License-Identifier: ISC */
/*
 * CSV files: reading with libcsv (RFC 4180 quoting, fields with embedded
 * newlines, CRLF or LF line ends, an optional UTF-8 byte-order mark) one
 * record at a time, each with the physical line it starts on, so that an
 * import can say "roster.csv:14: email: ..." even after a quoted field that
 * spans lines; and writing RFC 4180 (fields quoted when needed, CRLF).
 *
 * The reader is strict: a quote inside an unquoted field, text after a
 * closing quote or a quoted field still open at the end of the file is an
 * error, not a guess. Spaces are data (not trimmed). Blank lines are
 * skipped. It does not judge the text: csvio_utf8() is there for the
 * caller, which knows which column a field belongs to.
 */
#ifndef CETRACK_CSVIO_H
#define CETRACK_CSVIO_H

#include <stddef.h>
#include <stdio.h>

#define CSVIO_MAX_FIELDS	128		/* per record */
#define CSVIO_MAX_FIELD		(1024 * 1024)	/* bytes in one field */

struct csvio_reader;

struct csvio_record {
	char	**v;		/* fields, each NUL-terminated */
	size_t	 *len;		/* their lengths; len > strlen: a NUL byte */
	size_t	  n;
	long	  line;		/* physical line the record starts on (1-based) */
};

/*
 * Open path for reading ("-": standard input). Returns 0, or -1 with a
 * message naming the file.
 */
int	 csvio_open(const char *path, struct csvio_reader **, char *err,
	    size_t errlen);

/* Read from an open stream; name is used in messages. The stream is not
 * closed by csvio_close. */
int	 csvio_open_fp(FILE *, const char *name, struct csvio_reader **,
	    char *err, size_t errlen);

/*
 * The next record: 1 and *rec (valid until the next call), 0 at the end,
 * or -1 on a read or syntax error with a message in err and the place in
 * csvio_error_line() and csvio_error_field() (1-based field number in the
 * record, 0 if none). After an error the reader cannot go on.
 */
int	 csvio_next(struct csvio_reader *, struct csvio_record **rec,
	    char *err, size_t errlen);

long	 csvio_error_line(const struct csvio_reader *);
size_t	 csvio_error_field(const struct csvio_reader *);

/* Bytes read so far and the file's size (-1 when unknown: a pipe). */
long long csvio_offset(const struct csvio_reader *);
long long csvio_size(const struct csvio_reader *);

void	 csvio_close(struct csvio_reader *);

/* Return 1 if s[0..len) is valid UTF-8 (shortest forms, no surrogates, at
 * most U+10FFFF; control characters and NUL bytes are left to the caller). */
int	 csvio_utf8(const char *s, size_t len);

/*
 * Writing: csvio_put for each field of a record, csvio_end after the last.
 * A field is quoted when it holds a comma, a quote, CR or LF, or starts or
 * ends with a space; quotes are doubled. Records end with CRLF. Errors are
 * sticky: check csvio_writer_error (or ferror) at the end.
 */
struct csvio_writer {
	FILE	*fp;
	size_t	 nfield;	/* fields written in this record */
	int	 error;
};

void	 csvio_writer_init(struct csvio_writer *, FILE *);
void	 csvio_put(struct csvio_writer *, const char *s);	/* NULL: "" */
void	 csvio_putn(struct csvio_writer *, const char *s, size_t len);
void	 csvio_end(struct csvio_writer *);
int	 csvio_writer_error(const struct csvio_writer *);

#endif
