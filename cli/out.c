/* SPDX-License-Identifier: ISC */
/*
 * -o FILE, the one way every command writes a file: into a temporary file
 * beside it, synced, then renamed over it, so a reader never sees half a
 * file and a symbolic link planted at FILE is replaced, never followed into
 * someone else's file. A device or FIFO (/dev/null, /dev/stdout, a pipe)
 * is written in place: renaming over it would replace the device.
 */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "base/util.h"

int
cli_out_special(const char *path)
{
	struct stat	st;

	/*
	 * /dev/stdout and /dev/fd/N are links to whatever the descriptor is,
	 * a regular file when the shell redirects: written through, since
	 * nothing may be renamed into /dev or /proc.
	 */
	if (strncmp(path, "/dev/", 5) == 0 || strncmp(path, "/proc/", 6) == 0)
		return 1;
	/* Otherwise through a link only to what is not a regular file. */
	return stat(path, &st) == 0 && !S_ISREG(st.st_mode) &&
	    !S_ISDIR(st.st_mode);
}

int
cli_out_open(struct cli *c, struct cli_out *o, const char *path, int mode)
{
	struct stat	 st;
	char		*d, *b;
	mode_t		 um;
	int		 fd;

	memset(o, 0, sizeof(*o));
	if (path == NULL || strcmp(path, "-") == 0) {
		o->fp = stdout;
		o->path = "standard output";
		return 0;
	}
	o->path = path;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		cli_error(c, EXIT_FAIL, "-o: %s is a directory, expected a "
		    "file to write", path);
		return -1;
	}
	if (cli_out_special(path)) {
		if ((o->fp = fopen(path, "w")) == NULL) {
			cli_error(c, EXIT_FAIL, "-o: %s: %s", path,
			    strerror(errno));
			return -1;
		}
		return 0;
	}
	d = xstrdup(path);
	b = xstrdup(path);
	o->tmp = xasprintf("%s/.%s.XXXXXX", dirname(d), basename(b));
	free(d);
	free(b);
	if ((fd = mkstemp(o->tmp)) == -1) {
		cli_error(c, EXIT_FAIL, "-o: %s: %s", path, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	/* mkstemp makes 0600; -1 asks for what the umask allows. */
	if (mode < 0) {
		um = umask(0);
		(void)umask(um);
		mode = (int)(0666 & ~um);
	}
	if (fchmod(fd, (mode_t)mode) == -1 ||
	    (o->fp = fdopen(fd, "w")) == NULL) {
		cli_error(c, EXIT_FAIL, "-o: %s: %s", path, strerror(errno));
		(void)close(fd);
		cli_out_abort(o);
		return -1;
	}
	return 0;
}

int
cli_out_commit(struct cli *c, struct cli_out *o)
{
	FILE	*fp = o->fp;

	o->fp = NULL;
	/* Standard output is flushed and checked once, at exit (main.c). */
	if (fp == stdout)
		return 0;
	if (fflush(fp) == EOF || ferror(fp) || (o->tmp != NULL &&
	    fsync(fileno(fp)) == -1)) {
		cli_error(c, EXIT_FAIL, "-o: %s: %s", o->path, strerror(errno));
		(void)fclose(fp);
		cli_out_abort(o);
		return -1;
	}
	if (fclose(fp) == EOF) {
		cli_error(c, EXIT_FAIL, "-o: %s: %s", o->path, strerror(errno));
		cli_out_abort(o);
		return -1;
	}
	if (o->tmp != NULL && rename(o->tmp, o->path) == -1) {
		cli_error(c, EXIT_FAIL, "-o: %s: %s", o->path, strerror(errno));
		cli_out_abort(o);
		return -1;
	}
	free(o->tmp);
	o->tmp = NULL;
	return 0;
}

void
cli_out_abort(struct cli_out *o)
{
	if (o->fp != NULL && o->fp != stdout)
		(void)fclose(o->fp);
	o->fp = NULL;
	if (o->tmp != NULL)
		(void)unlink(o->tmp);
	free(o->tmp);
	o->tmp = NULL;
}

int
cli_write_file(struct cli *c, const char *field, const char *path,
    const void *data, size_t len)
{
	struct cli_out	o;

	if (cli_out_open(c, &o, path, 0600) == -1)
		return -1;
	if (len > 0 && fwrite(data, 1, len, o.fp) != len) {
		cli_error(c, EXIT_FAIL, "%s: %s: %s", field, o.path,
		    strerror(errno));
		cli_out_abort(&o);
		return -1;
	}
	return cli_out_commit(c, &o);
}
