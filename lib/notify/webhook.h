/* SPDX-License-Identifier: ISC */
/*
 * Webhook delivery the Standard Webhooks way: a JSON payload built with
 * jansson, signed with HMAC-SHA256 over "id.timestamp.body" and POSTed with
 * the headers webhook-id, webhook-timestamp and webhook-signature
 * ("v1,<base64>"). Many requests are sent at once through the curl multi
 * interface, at most `parallel` in flight; one slow endpoint never holds up
 * the others beyond its own timeout. Redirects are not followed, response
 * bodies are read up to a hard cap, TLS verification is always on and only
 * http and https URLs are accepted. No I/O besides the requests themselves,
 * no logging. The webhook-timestamp is the real time at which a request
 * starts, unless the caller gives one; the signing secret is decoded by
 * whsec_decode() (base/secret.h).
 */
#ifndef CETRACK_WEBHOOK_H
#define CETRACK_WEBHOOK_H

#include <signal.h>
#include <stddef.h>

#include "rules/compliance.h"
#include "base/model.h"
#include "base/secret.h"

#define WEBHOOK_SECRET_MAX	WHSEC_MAX	/* decoded secret bytes */
#define WEBHOOK_SIG_BUFSZ	64	/* "v1," + base64 of 32 bytes + NUL */
#define WEBHOOK_RESPONSE_CAP	65536	/* response bytes read at most */
#define WEBHOOK_TIMEOUT_DEFAULT	10	/* seconds */
#define WEBHOOK_PARALLEL_DEFAULT 32
#define WEBHOOK_PARALLEL_MAX	1024

struct webhook_req;

struct webhook_conf {
	const char	*url;		/* http:// or https:// */
	unsigned char	 secret[WEBHOOK_SECRET_MAX];
	size_t		 secretlen;	/* 0: refused by webhook_send_many */
	long		 timeout;	/* whole request, seconds; 0: default */
	int		 parallel;	/* max in flight; 0: default */
	const char	*ca_file;	/* NULL or "": the system's CA store */
	const char	*user_agent;	/* NULL: "cetrack/VERSION" */
	/* When set and *cancel becomes non-zero (a signal handler), the
	 * batch stops within about a second: requests in flight and not
	 * yet started are marked WEBHOOK_RETRY, "cancelled". */
	volatile sig_atomic_t *cancel;
	/* When set, called with each request as soon as its result is in
	 * (also one that could not start), before another request takes
	 * its slot: the caller can record it at once. Returning -1 starts
	 * no more requests; those in flight still finish and are reported,
	 * and the ones not started are marked WEBHOOK_RETRY, "not sent",
	 * without a call. */
	int		(*done)(void *arg, struct webhook_req *);
	void		*done_arg;
};

enum webhook_result {
	WEBHOOK_OK,		/* 2xx: accepted, done */
	WEBHOOK_RETRY,		/* 408, 429, 5xx, or no status received
				   (timeout, connection or TLS error): try
				   again later with the same id */
	WEBHOOK_GONE,		/* 410: disable the endpoint, never retry */
	WEBHOOK_FAIL		/* other 4xx, 1xx, 3xx (redirects are not
				   followed), a malformed request: permanent */
};

struct webhook_req {
	/* in */
	const char	*id;		/* webhook-id, stable across retries:
					   1 to 255 visible ASCII characters */
	const char	*body;		/* JSON, NUL-terminated */
	long		 timestamp;	/* webhook-timestamp, Unix seconds;
					   0: the real time when the request
					   starts (set here), which is what
					   receivers check against their
					   clock. A simulated clock must
					   never be used */
	/* out */
	enum webhook_result result;
	int		 http_status;	/* 0 when no response was received */
	int		 capped;	/* the response body was over the cap and
					   was cut off; the status still decides
					   (a 2xx is WEBHOOK_OK) */
	char		 error[256];	/* "" on a clean success; else why */
	char		 response_excerpt[256]; /* start of the body, printable */
};

/*
 * The signature header value for id, timestamp and body:
 * "v1," + base64(HMAC-SHA256(secret, "<id>.<timestamp>.<body>")).
 * out must hold WEBHOOK_SIG_BUFSZ bytes. Returns 0 or -1.
 */
int	 webhook_sign(const unsigned char *secret, size_t secretlen,
	    const char *id, long timestamp, const char *body,
	    char *out, size_t outsz);

/*
 * The JSON body of a reminder (see cetrack.ini(5) and the README):
 * {"type": "credential.reminder", "event": EVENT, "id": ID,
 *  "timestamp": TS, "data": {"person": {...}, "credential": {...},
 *  "cycle": {...}, "state", "days_left", "window_opens", "late_until",
 *  "hours": {...}, "requirements": [...]}}.
 * "timestamp" is ISO 8601 UTC ("2027-03-02T15:00:00Z") as the Standard
 * Webhooks payload structure has it; hours are JSON numbers in hours
 * (62.5); dates are "YYYY-MM-DD" or null; requirements[0] is the total.
 * Returns a malloc'ed compact string (free it), or NULL with err filled.
 */
char	*webhook_payload(const char *event, const char *id, long timestamp,
	    const struct person *, const struct credential *,
	    const struct cycle *, const struct comp_result *,
	    char *err, size_t errlen);

/*
 * Check a configured URL: http:// or https://, a host, no user:password,
 * at most 2048 bytes. Returns 0, or -1 with a message naming the accepted
 * form. For config validation; webhook_send_many checks it too.
 */
int	 webhook_url_check(const char *url, char *err, size_t errlen);

/*
 * Send every request, at most conf->parallel at a time, and fill each
 * one's result, http_status, error and response_excerpt. Returns 0 when
 * every request was attempted or the batch was cancelled (look at each
 * result), or -1 with err filled when the batch could not run (bad URL or
 * scheme, no secret, curl failed); then every request not finished is
 * marked WEBHOOK_RETRY with the same message (the configuration needs
 * fixing, the items keep their place in the outbox). A request with a bad id or a NULL body is
 * WEBHOOK_FAIL and is not sent.
 *
 * A threaded program calls curl_global_init() before any thread starts.
 */
int	 webhook_send_many(const struct webhook_conf *, struct webhook_req *,
	    size_t n, char *err, size_t errlen);

const char *webhook_result_name(enum webhook_result);	/* "ok", "retry", ... */

#endif
