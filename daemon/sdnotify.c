/* SPDX-License-Identifier: ISC */
/*
 * sd_notify without libsystemd, after systemd's notify-selfcontained-example
 * (MIT-0): only absolute or abstract AF_UNIX addresses, SOCK_DGRAM, and the
 * address length computed from the path so abstract sockets work.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sdnotify.h"
#include "base/util.h"

int
sd_notifyf(const char *fmt, ...)
{
	struct sockaddr_un sa;
	const char *path = getenv("NOTIFY_SOCKET");
	char msg[512];
	va_list ap;
	size_t len;
	socklen_t salen;
	int fd, rc = -1;

	if (path == NULL || *path == '\0')
		return 0;
	if ((path[0] != '/' && path[0] != '@') ||
	    (len = strlen(path)) >= sizeof(sa.sun_path))
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, len);
	if (sa.sun_path[0] == '@')
		sa.sun_path[0] = '\0';
	salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);

	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (sendto(fd, msg, strlen(msg), MSG_NOSIGNAL,
	    (struct sockaddr *)&sa, salen) >= 0)
		rc = 0;
	close(fd);
	return rc;
}

uint64_t
sd_watchdog_usec(void)
{
	const char *s = getenv("WATCHDOG_USEC"), *p = getenv("WATCHDOG_PID");
	long long v, pid;

	if (s == NULL || cet_strtonum(s, 1, (long long)1 << 50, &v) == -1)
		return 0;
	if (p != NULL && *p != '\0' &&
	    (cet_strtonum(p, 1, (long long)1 << 31, &pid) == -1 ||
	    pid != (long long)getpid()))
		return 0;
	return (uint64_t)v;
}

uint64_t
sd_monotonic_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}
