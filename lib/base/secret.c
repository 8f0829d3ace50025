/* SPDX-License-Identifier: ISC */
/*
 * Secret files: opened once, checked on the open descriptor (so the file
 * checked is the file read), refused when group or others have any read
 * or write permission, read with a size cap into memory that is wiped
 * before it is freed, including on every error path.
 */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
		(void)snprintf(err, errlen, "%s: not a regular file", path);
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
	if ((fd = open(file, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1) {
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
