/* SPDX-License-Identifier: ISC */
/*
 * What the libFuzzer targets share (tests/fuzz/harness.c): exact-size
 * copies of the input, so that AddressSanitizer sees a read one byte past
 * a field; the input cut into fields; a scratch directory for the parsers
 * that read files; and a check that an error list keeps its contract.
 *
 * A target that finds a broken property calls FUZZ_CHECK, which prints
 * the condition and aborts: libFuzzer then saves the input as a crash.
 */
#ifndef CETRACK_FUZZ_HARNESS_H
#define CETRACK_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>

struct errlist;

#define FUZZ_FIELDS_MAX	16

#define FUZZ_CHECK(c) do {						\
	if (!(c))							\
		fuzz_fail(__FILE__, __LINE__, #c);			\
} while (0)

/* The input cut at NUL bytes, each field its own NUL-terminated copy. */
struct fuzz_fields {
	char	*v[FUZZ_FIELDS_MAX];
	size_t	 len[FUZZ_FIELDS_MAX];
	size_t	 n;
};

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

void	 fuzz_fail(const char *file, int line, const char *what)
	    __attribute__((noreturn));

/* A malloc'ed copy of len bytes with a NUL after them. */
char	*fuzz_str(const uint8_t *data, size_t len);

/*
 * Cut data at NUL bytes into at most `want` fields (the last one keeps any
 * further NULs as they are); missing fields are "". Free with
 * fuzz_fields_free.
 */
void	 fuzz_split(const uint8_t *data, size_t len, size_t want,
	    struct fuzz_fields *);
void	 fuzz_fields_free(struct fuzz_fields *);

/*
 * A directory of the process's own under $TMPDIR (or /tmp), made on the
 * first call and removed with everything in it when the process exits
 * normally (a crashing run leaves it behind, beside the crash).
 */
const char *fuzz_tmpdir(void);

/* Write len bytes to path with mode, replacing the file. Aborts on error. */
void	 fuzz_write(const char *path, const void *data, size_t len, int mode);

/*
 * Whether the finding `id` is listed in $FUZZ_KNOWN (words separated by
 * blanks): a bug found and reported but not fixed yet, which the target
 * then tolerates in its exact shape so that it can look for others.
 * tests/fuzz/run.sh lists the open ones (tests/fuzz/README).
 */
int	 fuzz_known(const char *id);

/* Every entry one line (util.h: "without the trailing newline"). */
void	 fuzz_check_errlist(const struct errlist *);

#endif
