/* SPDX-License-Identifier: ISC */
/*
 * Secrets (the SMTP password, the webhook signing secret) read from a file
 * named in the configuration or, when none is named, from the systemd
 * credential $CREDENTIALS_DIRECTORY/<name> (LoadCredential=). As ssh does
 * with private keys, a file that group or others may read or write is
 * refused. Secret bytes never appear in an error message, and
 * secret_free() wipes them before freeing.
 */
#ifndef CETRACK_SECRET_H
#define CETRACK_SECRET_H

#include <stddef.h>

#define SECRET_MAX_SIZE	65536	/* bytes, before the newline is stripped */

struct secret {
	char	*buf;		/* malloc'ed, len bytes plus a NUL after them */
	size_t	 len;		/* may contain NUL bytes: use len, not strlen */
};

/*
 * Read the regular file `path` or, when path is NULL or "",
 * $CREDENTIALS_DIRECTORY/name (name: no "/"). One trailing "\n" (or
 * "\r\n") is removed; an empty result is an error. Returns 0, or -1 with
 * a message naming the file (never its contents) and *s zeroed.
 */
int	 secret_read(const char *path, const char *name, struct secret *s,
	    char *err, size_t errlen);

/* Wipe and free; safe on a zeroed or already freed struct. */
void	 secret_free(struct secret *s);

#endif
