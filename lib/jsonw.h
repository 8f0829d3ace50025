/* SPDX-License-Identifier: ISC */
/*
 * A streaming JSON writer: values go straight to a FILE as they come, so
 * a document of any size needs no tree in memory. The bytes are those of
 * jansson's json_dumpf with JSON_INDENT(2) | JSON_PRESERVE_ORDER |
 * JSON_REAL_PRECISION(15) (two spaces per level, "key": value, [] and {}
 * when empty, reals as %.15g with ".0" added to whole numbers), so that
 * output made either way is the same. Strings must be UTF-8; one that is
 * not is written as "(invalid UTF-8)", as the report always did.
 *
 * Every call takes the key of the value in an object, or NULL in an
 * array or at the top. Errors of the FILE are left for the caller to see
 * with ferror(); nesting deeper than JSONW_DEPTH is a programming error
 * and sets jw->bad.
 */
#ifndef CETRACK_JSONW_H
#define CETRACK_JSONW_H

#include <stdint.h>
#include <stdio.h>

#define JSONW_DEPTH	16

struct jsonw {
	FILE	*fp;
	int	 depth;
	int	 empty[JSONW_DEPTH];	/* nothing written in this container yet */
	int	 bad;
};

void	jsonw_init(struct jsonw *, FILE *);
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
/* Finish the document with a newline; 0, or -1 when something failed. */
int	jsonw_end(struct jsonw *);

#endif
