/* SPDX-License-Identifier: ISC */
/* libcurl's process-wide set-up (notify/net.h), and its failures said
 * for people (notify/net_int.h). */
#include <ctype.h>
#include <string.h>

#include <curl/curl.h>

#include "base/util.h"
#include "notify/net.h"
#include "notify/net_int.h"

int
net_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void
net_fini(void)
{
	curl_global_cleanup();
}

int
net_where(const char *url, char *buf, size_t len)
{
	CURLU	*u;
	char	*host = NULL, *port = NULL;
	int	 rc = -1;

	if ((u = curl_url()) != NULL &&
	    curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) ==
	    CURLUE_OK)
		rc = cet_fmt(buf, len, "%s:%s", host, port);
	if (rc == -1)
		(void)cet_strlcpy(buf, url, len);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return rc;
}

void
net_why(CURL *h, CURLcode cc, const char *ebuf, const char *where,
    long timeout, char *buf, size_t len)
{
	const char	*detail = ebuf != NULL && *ebuf != '\0' ? ebuf :
			    curl_easy_strerror(cc);
	char		 os[128], host[256], *colon;
	long		 oserr = 0;

	switch (cc) {
	case CURLE_COULDNT_RESOLVE_HOST:
		(void)cet_strlcpy(host, where, sizeof(host));
		if ((colon = strrchr(host, ':')) != NULL)
			*colon = '\0';
		(void)cet_fmt(buf, len, "could not find the host %s (DNS)",
		    host);
		return;
	case CURLE_COULDNT_CONNECT:
		if (h != NULL && curl_easy_getinfo(h, CURLINFO_OS_ERRNO,
		    &oserr) == CURLE_OK && oserr != 0) {
			(void)cet_strlcpy(os, strerror((int)oserr), sizeof(os));
			os[0] = (char)tolower((unsigned char)os[0]);
		} else
			(void)cet_strlcpy(os, detail, sizeof(os));
		(void)cet_fmt(buf, len, "could not connect to %s: %s", where,
		    os);
		return;
	case CURLE_OPERATION_TIMEDOUT:
		(void)cet_fmt(buf, len, "no answer from %s within %ld s "
		    "(timed out)", where, timeout);
		return;
	case CURLE_USE_SSL_FAILED:
		(void)cet_fmt(buf, len, "%s does not offer TLS (STARTTLS), "
		    "which is required", where);
		return;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
		(void)cet_fmt(buf, len, "TLS with %s failed: %s", where,
		    detail);
		return;
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
		(void)cet_fmt(buf, len, "the connection to %s was lost: %s",
		    where, detail);
		return;
	default:
		(void)cet_fmt(buf, len, "sending to %s failed: %s", where,
		    detail);
		return;
	}
}
