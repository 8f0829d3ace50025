/* SPDX-License-Identifier: ISC */
/* Finding the helper programs (libexec.h). */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "base/libexec.h"
#include "base/util.h"

#ifndef CETRACK_LIBEXECDIR
#define CETRACK_LIBEXECDIR "/usr/local/libexec"
#endif

/* dir/name into out when executable: 1; else 0. */
static int
libexec_try(const char *dir, const char *name, char *out, size_t len)
{
	char	path[PATH_MAX];

	if (cet_fmt(path, sizeof(path), "%s/%s", dir, name) == -1 ||
	    access(path, X_OK) == -1)
		return 0;
	return cet_strlcpy(out, path, len) < len;
}

int
libexec_find(const char *name, char *out, size_t len)
{
	char	self[PATH_MAX], dir[PATH_MAX + 32], *slash;
	ssize_t	n;

	self[0] = '\0';
	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) > 0) {
		self[n] = '\0';
		if ((slash = strrchr(self, '/')) != NULL) {
			*slash = '\0';
			if (libexec_try(self[0] != '\0' ? self : "/", name,
			    out, len))
				return 0;
			if (cet_fmt(dir, sizeof(dir), "%s/../libexec/cetrack",
			    self) == 0 && libexec_try(dir, name, out, len))
				return 0;
		}
	}
	if (libexec_try(CETRACK_LIBEXECDIR "/cetrack", name, out, len))
		return 0;
	if (n > 0)
		(void)cet_fmt(out, len, "%s or %s", self[0] != '\0' ? self :
		    "/", CETRACK_LIBEXECDIR "/cetrack");
	else
		(void)cet_fmt(out, len, "%s", CETRACK_LIBEXECDIR "/cetrack");
	errno = ENOENT;
	return -1;
}
