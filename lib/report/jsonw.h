/* SPDX-License-Identifier: ISC */
/*
 * A streaming JSON writer: values go out as they come, through a buffer
 * of the writer's own (not stdio's, whose per-call cost was a fifth of an
 * organization's JSON report), so a document of any size needs no tree in
 * memory. The bytes are those of jansson's json_dumpf with JSON_INDENT(2)
 * | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15) (two spaces per level,
 * "key": value, [] and {} when empty, reals as %.15g with ".0" added to
 * whole numbers), so that output made either way is the same. Strings
 * must be UTF-8; one that is not is written as "(invalid UTF-8)", as the
 * report always did.
 *
 * A writer on a FILE writes its buffer out when it fills, on jsonw_flush
 * and on jsonw_end; a writer on NULL keeps everything in memory
 * (jsonw_data), which is how a part of a document is made by another
 * thread and then put in with jsonw_raw.
 *
 * Every call takes the key of the value in an object, or NULL in an
 * array or at the top. Errors of the FILE are left for the caller to see
 * with ferror(); nesting deeper than JSONW_DEPTH is a programming error
 * and sets jw->bad.
 */
#ifndef CETRACK_JSONW_H
#define CETRACK_JSONW_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSONW_DEPTH	16

struct jsonw {
	FILE	*fp;			/* NULL: in memory only */
	char	*buf;
	size_t	 len;
	size_t	 cap;
	int	 depth;
	int	 empty[JSONW_DEPTH];	/* nothing written in this container yet */
	int	 bad;
};

void	jsonw_init(struct jsonw *, FILE *);
/* A writer on fp (or NULL) that goes on where `like` stands: the same
 * containers open, the same ones still empty. */
void	jsonw_init_like(struct jsonw *, FILE *, const struct jsonw *like);
void	jsonw_open(struct jsonw *, const char *key, int array);
void	jsonw_close(struct jsonw *, int array);
void	jsonw_str(struct jsonw *, const char *key, const char *v);
/* v, or null when v is NULL or "". */
void	jsonw_str_null(struct jsonw *, const char *key, const char *v);
void	jsonw_int(struct jsonw *, const char *key, long long v);
void	jsonw_real(struct jsonw *, const char *key, double v);
/* A number in hundredths (hours), printed as jsonw_real(centi / 100.0). */
void	jsonw_centi(struct jsonw *, const char *key, long long centi);
void	jsonw_bool(struct jsonw *, const char *key, int v);
void	jsonw_null(struct jsonw *, const char *key);
/* Bytes made by another writer, as they are. */
void	jsonw_raw(struct jsonw *, const char *, size_t);
/* Write the buffer to the FILE (nothing for a writer in memory). */
void	jsonw_flush(struct jsonw *);
/* What a writer in memory holds, and forgetting it (the buffer stays). */
const char *jsonw_data(const struct jsonw *, size_t *len);
void	jsonw_clear(struct jsonw *);
/* Finish the document with a newline and flush; 0, or -1 when something
 * failed. A writer on a FILE lets its buffer go. */
int	jsonw_end(struct jsonw *);
/* Let the buffer go (a writer in memory, or one given up). */
void	jsonw_free(struct jsonw *);

#endif
