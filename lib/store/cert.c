/* SPDX-License-Identifier: ISC */
/*
 * Certificate files: the SHA-256 digest of a file and its content-addressed
 * copy beside the database. The copy is written to a temporary file in the
 * target directory while it is hashed, synced, and then renamed to its
 * digest, so a reader never sees a half-written certificate and the name is
 * the digest of exactly the bytes stored (the source may change meanwhile).
 */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nettle/sha2.h>

#include "store/cert.h"
#include "base/util.h"

#define CERT_BUFSZ	65536

static int	cert_open_src(const char *, int *, char *, size_t);
static void	cert_hex(const unsigned char *, unsigned int, char *);
static int	cert_write_all(int, const unsigned char *, size_t);
static int	cert_hash_fd(int, int, const char *, char *, char *, size_t);

/* Open a regular file of acceptable size for reading. */
static int
cert_open_src(const char *path, int *fdp, char *err, size_t errlen)
{
	struct stat	st;
	int		fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1) {
		(void)snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1) {
		(void)snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	/* A device or a FIFO could be endless: only regular files. */
	if (!S_ISREG(st.st_mode)) {
		(void)snprintf(err, errlen, "%s: not a regular file", path);
		goto fail;
	}
	if (st.st_size > CERT_MAX_SIZE) {
		(void)snprintf(err, errlen, "%s: larger than %ld MiB", path,
		    CERT_MAX_SIZE / (1024 * 1024));
		goto fail;
	}
	*fdp = fd;
	return 0;
fail:
	(void)close(fd);
	return -1;
}

static void
cert_hex(const unsigned char *md, unsigned int n, char *hex)
{
	static const char	digits[] = "0123456789abcdef";
	unsigned int		i;

	for (i = 0; i < n; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 0xf];
	}
	hex[2 * n] = '\0';
}

static int
cert_write_all(int fd, const unsigned char *p, size_t n)
{
	ssize_t	w;

	while (n > 0) {
		if ((w = write(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * Hash everything readable from fd into hex; when out is not -1, also copy
 * it there. The size is checked again while reading because the file may
 * grow after fstat.
 */
static int
cert_hash_fd(int fd, int out, const char *path, char *hex, char *err,
    size_t errlen)
{
	unsigned char	 buf[CERT_BUFSZ], md[SHA256_DIGEST_SIZE];
	struct sha256_ctx ctx;
	ssize_t		 r;
	long		 total = 0;
	int		 rc = -1;

	sha256_init(&ctx);
	for (;;) {
		if ((r = read(fd, buf, sizeof(buf))) == -1) {
			if (errno == EINTR)
				continue;
			(void)snprintf(err, errlen, "%s: %s", path,
			    strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		total += r;
		if (total > CERT_MAX_SIZE) {
			(void)snprintf(err, errlen, "%s: larger than %ld MiB",
			    path, CERT_MAX_SIZE / (1024 * 1024));
			goto out;
		}
		sha256_update(&ctx, (size_t)r, buf);
		if (out != -1 && cert_write_all(out, buf, (size_t)r) == -1) {
			(void)snprintf(err, errlen, "writing the copy of %s: %s",
			    path, strerror(errno));
			goto out;
		}
	}
	sha256_digest(&ctx, sizeof(md), md);
	cert_hex(md, sizeof(md), hex);
	rc = 0;
out:
	return rc;
}

int
cert_digest(const char *path, char *hex, char *err, size_t errlen)
{
	int	fd, rc;

	if (cert_open_src(path, &fd, err, errlen) == -1)
		return -1;
	rc = cert_hash_fd(fd, -1, path, hex, err, errlen);
	(void)close(fd);
	return rc;
}

int
cert_dir(const char *db_path, char *buf, size_t len)
{
	const char	*slash;
	int		 n;

	if ((slash = strrchr(db_path, '/')) == NULL)
		return cet_fmt(buf, len, "%s", CERT_DIR_NAME);
	if (slash == db_path)
		return cet_fmt(buf, len, "/%s", CERT_DIR_NAME);
	n = (int)(slash - db_path);
	return cet_fmt(buf, len, "%.*s/%s", n, db_path, CERT_DIR_NAME);
}

int
cert_store(const char *src, const char *dir, char *hex, int *created,
    char *err, size_t errlen)
{
	char		 tmp[4096], dst[4096];
	struct stat	 st;
	int		 in = -1, out = -1, rc = -1, dfd;

	*created = 0;
	if (cert_open_src(src, &in, err, errlen) == -1)
		return -1;
	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		(void)snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		goto out;
	}
	if (cet_fmt(tmp, sizeof(tmp), "%s/.tmp-XXXXXX", dir) == -1) {
		(void)snprintf(err, errlen, "%s: path too long", dir);
		goto out;
	}
	/* mkstemp creates the file 0600, as a certificate should be. */
	if ((out = mkostemp(tmp, O_CLOEXEC)) == -1) {
		(void)snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		tmp[0] = '\0';
		goto out;
	}
	if (cert_hash_fd(in, out, src, hex, err, errlen) == -1)
		goto out;
	if (fsync(out) == -1) {
		(void)snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	if (cet_fmt(dst, sizeof(dst), "%s/%s", dir, hex) == -1) {
		(void)snprintf(err, errlen, "%s: path too long", dir);
		goto out;
	}
	if (lstat(dst, &st) == 0) {
		/* Already stored: the name is the digest of its contents. */
		rc = 0;
		goto out;
	}
	if (rename(tmp, dst) == -1) {
		(void)snprintf(err, errlen, "%s: %s", dst, strerror(errno));
		goto out;
	}
	tmp[0] = '\0';
	*created = 1;
	/* Make the new name durable too. */
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		(void)fsync(dfd);
		(void)close(dfd);
	}
	rc = 0;
out:
	if (out != -1)
		(void)close(out);
	if (out != -1 && tmp[0] != '\0')
		(void)unlink(tmp);
	(void)close(in);
	return rc;
}

int
cert_remove(const char *dir, const char *hex)
{
	char	path[4096];

	if (cet_fmt(path, sizeof(path), "%s/%s", dir, hex) == -1)
		return -1;
	return unlink(path);
}
