/* SPDX-License-Identifier: ISC */
/*
 * libcurl helpers private to lib/notify/: what a failed transfer means,
 * said for people ("could not connect to smtp.example.org:587:
 * connection refused") rather than in libcurl's words.
 */
#ifndef CETRACK_NOTIFY_NET_INT_H
#define CETRACK_NOTIFY_NET_INT_H

#include <stddef.h>

#include <curl/curl.h>

/* "HOST:PORT" of url, the scheme's port when it names none ("smtp" 25,
 * "https" 443). Returns 0, or -1 (buf then holds the URL as given). */
int	 net_where(const char *url, char *buf, size_t len);

/*
 * Why the transfer on h ended with cc, where is "HOST:PORT", timeout the
 * limit in seconds that was set, ebuf libcurl's error buffer (may be ""):
 *   could not find the host HOST (DNS)
 *   could not connect to WHERE: connection refused
 *   no answer from WHERE within 30 s (timed out)
 *   TLS with WHERE failed: ...
 *   the connection to WHERE was lost: ...
 */
void	 net_why(CURL *h, CURLcode cc, const char *ebuf, const char *where,
	    long timeout, char *buf, size_t len);

#endif
