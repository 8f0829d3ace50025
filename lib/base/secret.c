/* SPDX-License-Identifier: ISC */
/*
 * Secret files: opened once, checked on the open descriptor (so the file
 * checked is the file read), refused when group or others have any read
 * or write permission, read with a size cap into memory that is wiped
 * before it is freed, including on every error path. And the one form a
 * webhook signing secret may take, "whsec_" + base64, decoded and made
 * here with nettle's base64 (nettle is in the light programs already, so
 * `cetrack check`, cetrackd and `notify new-secret` need no OpenSSL).
 */

#include <sys/random.h>
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nettle/base64.h>

#include "base/secret.h"
#include "base/util.h"

static int	secret_path(const char *, const char *, char *, size_t,
		    char *, size_t);
static int	secret_check(int, const char *, char *, size_t);

/* The file to read: path, or $CREDENTIALS_DIRECTORY/name. */
static int
secret_path(const char *path, const char *name, char *buf, size_t len,
    char *err, size_t errlen)
{
	const char	*dir;

	if (path != NULL && *path != '\0') {
		if (cet_fmt(buf, len, "%s", path) == -1) {
			(void)snprintf(err, errlen, "secret file name too long");
			return -1;
		}
		return 0;
	}
	if (name == NULL || *name == '\0' || strchr(name, '/') != NULL ||
	    strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
		(void)snprintf(err, errlen, "no secret file given");
		return -1;
	}
	dir = getenv("CREDENTIALS_DIRECTORY");
	if (dir == NULL || *dir == '\0') {
		(void)snprintf(err, errlen, "no secret file given and "
		    "$CREDENTIALS_DIRECTORY is not set (for credential %s)",
		    name);
		return -1;
	}
	if (cet_fmt(buf, len, "%s/%s", dir, name) == -1) {
		(void)snprintf(err, errlen, "$CREDENTIALS_DIRECTORY/%s: "
		    "name too long", name);
		return -1;
	}
	return 0;
}

/* A regular file of bounded size that only its owner may access. */
static int
secret_check(int fd, const char *path, char *err, size_t errlen)
{
	struct stat	st;

	if (fstat(fd, &st) == -1) {
		(void)snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		(void)snprintf(err, errlen, "%s: not a regular file, expected "
		    "a file holding the secret", path);
		return -1;
	}
	/* As ssh does with its keys: someone else's file is not ours. */
	if (st.st_uid != geteuid() && st.st_uid != 0) {
		(void)snprintf(err, errlen, "%s: is owned by uid %u, expected "
		    "uid %u (who runs cetrack) or root; chown it", path,
		    (unsigned int)st.st_uid, (unsigned int)geteuid());
		return -1;
	}
	if ((st.st_mode & (S_IRGRP | S_IROTH)) != 0) {
		(void)snprintf(err, errlen, "%s: is readable by %s (mode %04o); "
		    "chmod 600 %s", path,
		    (st.st_mode & S_IROTH) ? "others" : "its group",
		    (unsigned int)(st.st_mode & 07777), path);
		return -1;
	}
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		(void)snprintf(err, errlen, "%s: is writable by %s (mode %04o); "
		    "chmod 600 %s", path,
		    (st.st_mode & S_IWOTH) ? "others" : "its group",
		    (unsigned int)(st.st_mode & 07777), path);
		return -1;
	}
	if (st.st_size > SECRET_MAX_SIZE) {
		(void)snprintf(err, errlen, "%s: larger than %d bytes", path,
		    SECRET_MAX_SIZE);
		return -1;
	}
	return 0;
}

int
secret_read(const char *path, const char *name, struct secret *s,
    char *err, size_t errlen)
{
	char		 file[PATH_MAX];
	char		*buf = NULL;
	size_t		 len = 0;
	ssize_t		 n;
	int		 fd = -1, rc = -1;

	s->buf = NULL;
	s->len = 0;
	if (secret_path(path, name, file, sizeof(file), err, errlen) == -1)
		return -1;
	/* O_NONBLOCK: a FIFO must not hang the daemon in open() (issue 16,
	 * 6); secret_check then refuses anything but a regular file. */
	if ((fd = open(file, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)) ==
	    -1) {
		(void)snprintf(err, errlen, "%s: %s", file, strerror(errno));
		goto done;
	}
	if (secret_check(fd, file, err, errlen) == -1)
		goto done;

	/* One byte more than allowed, to notice a file that grew. */
	buf = xmalloc(SECRET_MAX_SIZE + 2);
	for (;;) {
		n = read(fd, buf + len, SECRET_MAX_SIZE + 1 - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			(void)snprintf(err, errlen, "%s: %s", file,
			    strerror(errno));
			goto done;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > SECRET_MAX_SIZE) {
			(void)snprintf(err, errlen, "%s: larger than %d bytes",
			    file, SECRET_MAX_SIZE);
			goto done;
		}
	}
	/* Editors and `echo` add a newline that is no part of the secret. */
	if (len > 0 && buf[len - 1] == '\n') {
		len--;
		if (len > 0 && buf[len - 1] == '\r')
			len--;
	}
	if (len == 0) {
		(void)snprintf(err, errlen, "%s: is empty", file);
		goto done;
	}
	/* An exact-size copy; realloc() could leave an unwiped copy behind. */
	s->buf = xmalloc(len + 1);
	memcpy(s->buf, buf, len);
	s->buf[len] = '\0';
	s->len = len;
	rc = 0;
done:
	if (buf != NULL) {
		explicit_bzero(buf, SECRET_MAX_SIZE + 2);
		free(buf);
	}
	if (fd != -1)
		(void)close(fd);
	return rc;
}

void
secret_free(struct secret *s)
{
	if (s == NULL)
		return;
	if (s->buf != NULL) {
		explicit_bzero(s->buf, s->len + 1);
		free(s->buf);
	}
	s->buf = NULL;
	s->len = 0;
}

static int
whsec_b64_char(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '+' || c == '/';
}

int
whsec_decode(const char *text, size_t len, unsigned char *out, size_t outsz,
    size_t *outlen, char *err, size_t errlen)
{
	struct base64_decode_ctx	 ctx;
	unsigned char			 key[BASE64_DECODE_LENGTH(
					    BASE64_ENCODE_RAW_LENGTH(WHSEC_MAX))];
	const char			*s, *e;
	size_t				 n, i, pad = 0, klen = 0;
	int				 rc = -1;

	*outlen = 0;
	s = text;
	e = text + len;
	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	n = (size_t)(e - s);
	if (n == 0) {
		(void)snprintf(err, errlen, "is empty");
		return -1;
	}
	if (n < sizeof(WHSEC_PREFIX) - 1 ||
	    memcmp(s, WHSEC_PREFIX, sizeof(WHSEC_PREFIX) - 1) != 0) {
		(void)snprintf(err, errlen, "does not start with %s",
		    WHSEC_PREFIX);
		return -1;
	}
	s += sizeof(WHSEC_PREFIX) - 1;
	n -= sizeof(WHSEC_PREFIX) - 1;
	if (n == 0) {
		(void)snprintf(err, errlen, "has nothing after %s",
		    WHSEC_PREFIX);
		return -1;
	}
	if (n > BASE64_ENCODE_RAW_LENGTH(WHSEC_MAX) ||
	    outsz < WHSEC_MAX) {
		(void)snprintf(err, errlen, "is longer than %d bytes once "
		    "decoded", WHSEC_MAX);
		return -1;
	}
	if (n % 4 != 0)
		goto bad;
	if (s[n - 1] == '=')
		pad = s[n - 2] == '=' ? 2 : 1;
	for (i = 0; i < n - pad; i++)
		if (!whsec_b64_char((unsigned char)s[i]))
			goto bad;
	/* nettle skips white space, checks the padding and that the bits
	 * it leaves unused are zero (one encoding per key). */
	base64_decode_init(&ctx);
	klen = sizeof(key);
	if (base64_decode_update(&ctx, &klen, key, n, s) != 1 ||
	    base64_decode_final(&ctx) != 1)
		goto bad;
	if (klen == 0 || klen > WHSEC_MAX) {
		(void)snprintf(err, errlen, "decodes to %zu bytes, expected "
		    "1 to %d", klen, WHSEC_MAX);
		goto out;
	}
	memcpy(out, key, klen);
	*outlen = klen;
	rc = 0;
	goto out;
bad:
	(void)snprintf(err, errlen, "is not padded base64 after %s",
	    WHSEC_PREFIX);
out:
	explicit_bzero(key, sizeof(key));
	explicit_bzero(&ctx, sizeof(ctx));
	return rc;
}

int
whsec_new(char *buf, size_t bufsz)
{
	unsigned char	r[WHSEC_NEW_BYTES];
	ssize_t		n;
	size_t		p = sizeof(WHSEC_PREFIX) - 1;

	if (bufsz < WHSEC_NEW_BUFSZ) {
		errno = ERANGE;
		return -1;
	}
	/* getrandom(2) without flags: blocks only until the pool is
	 * initialised, then never fails short for 32 bytes. */
	do {
		n = getrandom(r, sizeof(r), 0);
	} while (n == -1 && errno == EINTR);
	if (n != (ssize_t)sizeof(r)) {
		if (n != -1)
			errno = EIO;
		explicit_bzero(r, sizeof(r));
		return -1;
	}
	memcpy(buf, WHSEC_PREFIX, p);
	base64_encode_raw(buf + p, sizeof(r), r);
	buf[p + BASE64_ENCODE_RAW_LENGTH(sizeof(r))] = '\0';
	explicit_bzero(r, sizeof(r));
	return 0;
}
