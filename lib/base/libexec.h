/* SPDX-License-Identifier: ISC */
/*
 * Where the helper programs live. cetrack runs cetrack-full for the few
 * commands that need the PDF, calendar and network libraries, and cetrackd
 * runs cetrackd-full for each pass, so that the programs that start often
 * (cetrack) or stay resident (cetrackd) do not load those libraries.
 */
#ifndef CETRACK_LIBEXEC_H
#define CETRACK_LIBEXEC_H

#include <stddef.h>

/*
 * The path of helper `name`: beside the running program (a build tree,
 * or both installed in one directory), then in ../libexec/cetrack/ from
 * it, then in LIBEXECDIR/cetrack/ (set at build time); the first that is
 * executable. Returns 0 with the path in out, or -1 with errno set and,
 * in out for the message, where it was looked for: "DIR or
 * LIBEXECDIR/cetrack" (the ../libexec/cetrack step follows from DIR).
 */
int	 libexec_find(const char *name, char *out, size_t len);

#endif
