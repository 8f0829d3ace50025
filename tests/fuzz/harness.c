/* SPDX-License-Identifier: ISC */
/* Helpers shared by the libFuzzer targets (harness.h). */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "base/util.h"

static int	fuzz_rm(const char *, const struct stat *, int, struct FTW *);
static void	fuzz_cleanup(void);

static char	fuzz_dir[512];
static pid_t	fuzz_owner;

void
fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
	abort();
}

char *
fuzz_str(const uint8_t *data, size_t len)
{
	char	*s;

	s = xmalloc(len + 1);
	if (len > 0)
		memcpy(s, data, len);
	s[len] = '\0';
	return s;
}

void
fuzz_split(const uint8_t *data, size_t len, size_t want,
    struct fuzz_fields *f)
{
	const uint8_t	*p = data, *end = data + len, *nul;
	size_t		 n;

	memset(f, 0, sizeof(*f));
	if (want > FUZZ_FIELDS_MAX)
		want = FUZZ_FIELDS_MAX;
	while (f->n < want) {
		if (f->n + 1 == want || p == end || (nul = memchr(p, '\0',
		    (size_t)(end - p))) == NULL)
			nul = end;
		n = (size_t)(nul - p);
		f->v[f->n] = fuzz_str(p, n);
		f->len[f->n] = n;
		f->n++;
		p = nul < end ? nul + 1 : end;
	}
}

void
fuzz_fields_free(struct fuzz_fields *f)
{
	size_t	i;

	for (i = 0; i < f->n; i++)
		free(f->v[i]);
	memset(f, 0, sizeof(*f));
}

static int
fuzz_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)remove(path);
	return 0;
}

/* Only the process that made the directory removes it: libFuzzer's
 * -fork mode runs children that share the parent's atexit list. */
static void
fuzz_cleanup(void)
{
	if (fuzz_dir[0] != '\0' && getpid() == fuzz_owner)
		(void)nftw(fuzz_dir, fuzz_rm, 16, FTW_DEPTH | FTW_PHYS);
}

const char *
fuzz_tmpdir(void)
{
	const char	*t;

	if (fuzz_dir[0] != '\0')
		return fuzz_dir;
	if ((t = getenv("TMPDIR")) == NULL || t[0] != '/')
		t = "/tmp";
	if (cet_fmt(fuzz_dir, sizeof(fuzz_dir), "%s/cetrack-fuzz-XXXXXX",
	    t) == -1 || mkdtemp(fuzz_dir) == NULL) {
		fprintf(stderr, "fuzz: cannot make a directory in %s: %s\n",
		    t, strerror(errno));
		abort();
	}
	fuzz_owner = getpid();
	(void)atexit(fuzz_cleanup);
	return fuzz_dir;
}

void
fuzz_write(const char *path, const void *data, size_t len, int mode)
{
	const char	*p = data;
	ssize_t		 n;
	int		 fd;

	(void)unlink(path);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    mode)) == -1) {
		fprintf(stderr, "fuzz: %s: %s\n", path, strerror(errno));
		abort();
	}
	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "fuzz: %s: %s\n", path,
			    strerror(errno));
			abort();
		}
		p += n;
		len -= (size_t)n;
	}
	/* open() honours the umask; the readers check the mode. */
	if (fchmod(fd, (mode_t)mode) == -1 || close(fd) == -1) {
		fprintf(stderr, "fuzz: %s: %s\n", path, strerror(errno));
		abort();
	}
}

int
fuzz_known(const char *id)
{
	const char	*k, *p;
	size_t		 n = strlen(id);

	if ((k = getenv("FUZZ_KNOWN")) == NULL)
		return 0;
	for (p = k; (p = strstr(p, id)) != NULL; p += n)
		if ((p == k || p[-1] == ' ' || p[-1] == '\t') &&
		    (p[n] == '\0' || p[n] == ' ' || p[n] == '\t'))
			return 1;
	return 0;
}

void
fuzz_check_errlist(const struct errlist *el)
{
	size_t	i;

	for (i = 0; i < el->n; i++) {
		FUZZ_CHECK(el->v[i] != NULL);
		FUZZ_CHECK(strchr(el->v[i], '\n') == NULL);
	}
}
