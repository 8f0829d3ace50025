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
#define WHSEC_PREFIX	"whsec_"
#define WHSEC_MAX	256	/* decoded webhook secret bytes at most */
#define WHSEC_NEW_BYTES	32	/* random bytes in a new secret */
/* "whsec_" + padded base64 of WHSEC_NEW_BYTES + NUL */
#define WHSEC_NEW_BUFSZ	(sizeof(WHSEC_PREFIX) + (WHSEC_NEW_BYTES + 2) / 3 * 4)

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

/*
 * A Standard Webhooks signing secret as read from its file: "whsec_"
 * followed by standard padded base64 (RFC 4648, section 4), surrounding
 * whitespace ignored. The HMAC key is the decoded bytes, as the official
 * libraries take it. Nothing else is accepted: raw text, base64 without
 * the prefix, the URL-safe alphabet, missing padding or padding bits that
 * are not zero, an empty key or one over WHSEC_MAX bytes. Returns 0 with
 * the key in out (outsz >= WHSEC_MAX), or -1 with a message that never
 * quotes the secret.
 */
int	 whsec_decode(const char *text, size_t len, unsigned char *out,
	    size_t outsz, size_t *outlen, char *err, size_t errlen);

/*
 * A new secret: "whsec_" + base64 of WHSEC_NEW_BYTES bytes from
 * getrandom(2), NUL-terminated, into buf (WHSEC_NEW_BUFSZ bytes).
 * Returns 0, or -1 with errno set when the kernel gave no random bytes.
 */
int	 whsec_new(char *buf, size_t bufsz);

#endif
