/* SPDX-License-Identifier: ISC */
/*
 * Logging for cetrackd. Only the daemon logs; the library reports errors to
 * its caller. errno is preserved across every call so that log_warn can be
 * used on a failure path before errno is inspected again.
 */
#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"

static int log_verbose;
static int log_prefix;	/* "<N>" priority prefixes for journald */

/*
 * Whether stderr is the journal: systemd sets JOURNAL_STREAM to
 * "DEVICE:INODE" (decimal) of the stream it connected, and only when
 * stderr is still that stream is it the journal (sd_journal_stream_fd(3),
 * systemd.exec(5)). A variable inherited by a process whose stderr was
 * redirected, or a pipe or file that merely is not a terminal, is not.
 */
static int
log_is_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	struct stat sb;
	uintmax_t dev, ino;
	int n = 0;

	if (js == NULL || *js == '\0')
		return 0;
	if (sscanf(js, "%ju:%ju%n", &dev, &ino, &n) != 2 || js[n] != '\0')
		return 0;
	if (fstat(STDERR_FILENO, &sb) == -1)
		return 0;
	return (uintmax_t)sb.st_dev == dev && (uintmax_t)sb.st_ino == ino;
}

void
log_init(int verbose)
{
	log_verbose = verbose;
	log_prefix = log_is_journal();
}

static void
vlog(int pri, const char *fmt, va_list ap, const char *suffix)
{
	int saved = errno;
	char msg[2048];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (log_prefix)
		fprintf(stderr, "<%d>%s%s%s\n", pri, msg,
		    suffix ? ": " : "", suffix ? suffix : "");
	else
		fprintf(stderr, "cetrackd: %s%s%s\n", msg,
		    suffix ? ": " : "", suffix ? suffix : "");
	fflush(stderr);
	errno = saved;
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;
	char *e = strerror(errno);

	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap, e);
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap, NULL);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_INFO, fmt, ap, NULL);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (!log_verbose)
		return;
	va_start(ap, fmt);
	vlog(LOG_DEBUG, fmt, ap, NULL);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list ap;
	char *e = strerror(errno);

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap, e);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap, NULL);
	va_end(ap);
	exit(1);
}
