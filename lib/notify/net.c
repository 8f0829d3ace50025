/* SPDX-License-Identifier: ISC */
/* libcurl's process-wide set-up (notify/net.h). */
#include <curl/curl.h>

#include "notify/net.h"

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
