/* SPDX-License-Identifier: ISC */
/*
 * What the Criterion unit tests share (tests/unit/helpers.c, linked into
 * each of them). Each helper fails the running test with a message naming
 * its argument rather than returning an error.
 */
#ifndef CETRACK_TEST_HELPERS_H
#define CETRACK_TEST_HELPERS_H

#include <stddef.h>

struct db;

/* A test date, "YYYY-MM-DD", as days since the epoch. */
int	 D(const char *iso);

/* A whole file, NUL-terminated, from malloc; its length in *len when len
 * is not NULL. Paths are relative to the source tree, where tests run. */
char	*slurp(const char *path, size_t *len);

/* An in-memory database at the latest schema, its audit actor pinned to
 * "dreyes" (not whoever runs the tests: SUDO_USER unset). */
void	 memdb_open(struct db *);

/* The first column of the first row of sql, which must return one. */
int	 query_int(struct db *, const char *sql);

/*
 * A scratch directory of the test's own: mkdtemp of
 * $TMPDIR/cetrack-NAME-XXXXXX (or /tmp) into dir, of len bytes.
 * scratch_remove deletes it and everything in it, and nothing else: a
 * path that is not such a directory is left alone.
 */
void	 scratch_make(char *dir, size_t len, const char *name);
void	 scratch_remove(const char *dir);

#endif
