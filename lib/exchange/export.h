/* SPDX-License-Identifier: ISC */
/*
 * `cetrack export`: everything in the database that is the users' data
 * (organizations, people, credentials with every cycle, activities with
 * their topics, approvals and targets, notifications, certificates with
 * their bytes in base64) as one CSV file or one JSON document. The CSV form is also an import shape: `cetrack import`
 * reads it back, and exporting the result gives the same bytes.
 *
 * The format is described once, here, as a list of record types and their
 * columns (export_recs); the writer, the JSON nesting and the importer's
 * validation all follow it. Column names are the database's.
 */
#ifndef CETRACK_EXPORT_H
#define CETRACK_EXPORT_H

#include <stddef.h>
#include <stdio.h>

#include "store/db.h"

#define EXPORT_VERSION	1
#define EXPORT_MAX_COLS	128	/* at least export_nheader */

/* What a column holds, for formatting and for validating on import. */
enum export_kind {
	XK_ID,		/* the record's own id: a positive integer */
	XK_REF,		/* the id of an earlier record (ref names its type) */
	XK_TEXT,	/* one line of UTF-8 text, fewer than max bytes */
	XK_LINES,	/* UTF-8 text that may hold line breaks and tabs */
	XK_EMAIL,	/* NAME@DOMAIN */
	XK_DATE,	/* YYYY-MM-DD */
	XK_TIME,	/* YYYY-MM-DDTHH:MM:SSZ (UTC) */
	XK_INT,		/* an integer in [min, max] */
	XK_BOOL,	/* 0 or 1 */
	XK_CENTI,	/* a decimal ("1.5") kept as hundredths, in [min, max] */
	XK_ENUM,	/* one of values ("a|b|c") */
	XK_PROGRAM,	/* a known program code */
	XK_STATE,	/* a jurisdiction: 2 to 7 capital letters, or empty */
	XK_ATTRS,	/* comma-joined attributes [a-z0-9-] */
	XK_WORD,	/* a topic: [a-z0-9-] */
	XK_UWORD,	/* an approving body: [A-Z0-9-] */
	XK_DIGEST,	/* 64 lower-case hex digits */
	XK_DAYLIST,	/* "120,60,30"; "none" for no days; empty: unset */
	XK_BASE64	/* bytes (a certificate), as base64 (RFC 4648) */
};

/*
 * A certificate's bytes in CSV: at most this many per record, so that a
 * field is 512 KiB of base64, half of what csvio reads in one field. A
 * larger certificate continues on the records that follow, each with only
 * `record`, `digest` and the next piece in `data`. JSON has no such limit
 * and writes each certificate whole.
 */
#define EXPORT_BLOB_CHUNK	(384 * 1024)

struct export_col {
	const char	*name;
	enum export_kind kind;
	int		 nullable;	/* an empty field is NULL (else '') */
	int		 required;	/* an empty field is an error */
	long long	 min;		/* XK_INT, XK_CENTI */
	long long	 max;		/* XK_INT, XK_CENTI; XK_TEXT: buffer size */
	const char	*values;	/* XK_ENUM: "a|b|c"; XK_REF: record name */
};

struct export_rec {
	const char	*record;	/* the CSV `record` value: "person" */
	const char	*table;
	const char	*order;		/* ORDER BY for a stable, nestable order */
	const char	*json;		/* JSON key: "people" */
	int		 parent;	/* JSON: nested in this record, or -1 */
	const char	*parent_col;	/* the column naming the parent */
	const struct export_col *cols;
	size_t		 ncols;
};

extern const struct export_rec	 export_recs[];
extern const size_t		 export_nrecs;

/* The CSV header: "record" and every column name, each once. */
extern const char *const	 export_header[];
extern const size_t		 export_nheader;

/* Index of a record type by name, or -1. */
int	 export_rec_find(const char *record);

/*
 * What a summary calls n records of a type added after schema 5 (from
 * "verification" on in export_recs, and "certificate"): "1 degree", "3
 * experience entries". Summaries name these only when there are some.
 */
const char *export_rec_noun(const char *record, size_t n);

/* Index of a column name in export_header, or -1. */
int	 export_header_find(const char *name);

enum export_format {
	EXPORT_CSV,
	EXPORT_JSON
};

struct export_counts {
	size_t	rows[16];	/* per record type, as export_recs */
};

/*
 * Write everything to fp in one read transaction (a consistent snapshot
 * while the daemon keeps working). Returns 0, or -1 with a message (a
 * database or write error).
 */
int	 export_write(struct db *, FILE *, enum export_format,
	    struct export_counts *, char *err, size_t errlen);

#endif
