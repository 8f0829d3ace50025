/* SPDX-License-Identifier: ISC */
/*
 * Webhooks: the reminder payload (jansson), its Standard Webhooks signature
 * (HMAC-SHA256 over "id.timestamp.body") and delivery of a batch through the
 * curl multi interface. A fixed number of slots holds the transfers in
 * flight; whenever one finishes, the next request takes its slot, so one
 * slow endpoint costs at most its own timeout and never stalls the rest.
 * Each response body is counted against a hard cap and only its start is
 * kept, as an excerpt for the outbox record.
 */

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <jansson.h>

#include "base/date.h"
#include "notify/hmac.h"
#include "notify/net_int.h"
#include "base/util.h"
#include "notify/webhook.h"

#ifndef CETRACK_VERSION
#define CETRACK_VERSION "0"
#endif

#define WEBHOOK_URL_MAX		2048
#define WEBHOOK_ID_MAX		255
#define WEBHOOK_POLL_MS		1000

/* One transfer in flight. */
struct wh_xfer {
	CURL			*easy;
	struct curl_slist	*hdrs;
	struct webhook_req	*req;
	size_t			 got;		/* response bytes seen */
	size_t			 nexcerpt;
	int			 capped;
	long			 timeout;	/* seconds, for the message */
	char			 errbuf[CURL_ERROR_SIZE];
	char			 where[300];	/* "HOST:PORT", for the message */
};

static json_t	*wh_hours(long);
static json_t	*wh_date(int);
static json_t	*wh_str(const char *);
static int	 wh_id_valid(const char *);
static size_t	 wh_write(char *, size_t, size_t, void *);
static void	 wh_req_set(struct webhook_req *, enum webhook_result, int,
		    const char *);
static int	 wh_start(const struct webhook_conf *, CURLM *,
		    struct wh_xfer *, struct webhook_req *, const char *);
static void	 wh_finish(CURLM *, struct wh_xfer *, CURLcode, long);
static void	 wh_release(CURLM *, struct wh_xfer *);
static void	 wh_mark_rest(struct webhook_req *, size_t, size_t,
		    const char *);
static enum webhook_result wh_classify(long);

const char *
webhook_result_name(enum webhook_result r)
{
	switch (r) {
	case WEBHOOK_OK:
		return "ok";
	case WEBHOOK_RETRY:
		return "retry";
	case WEBHOOK_GONE:
		return "gone";
	case WEBHOOK_FAIL:
		return "fail";
	}
	return "?";
}

int
webhook_sign(const unsigned char *secret, size_t secretlen, const char *id,
    long timestamp, const char *body, char *out, size_t outsz)
{
	unsigned char	 mac[HMAC_SHA256_LEN];
	char		*content = NULL;
	int		 rc = -1;

	if (secretlen == 0 || id == NULL || body == NULL ||
	    outsz < sizeof("v1,") - 1 + BASE64_ENCODED_SIZE(HMAC_SHA256_LEN))
		goto out;
	content = xasprintf("%s.%ld.%s", id, timestamp, body);
	if (hmac_sha256(secret, secretlen, content, strlen(content), mac) == -1)
		goto out;
	memcpy(out, "v1,", 3);
	if (base64_encode(mac, sizeof(mac), out + 3, outsz - 3) == -1)
		goto out;
	rc = 0;
out:
	free(content);
	return rc;
}

/* Hours as a JSON number: 6250 -> 62.5. Dumped with 15 significant
 * digits, so hundredths print exactly. */
static json_t *
wh_hours(long centi)
{
	return json_real((double)centi / 100.0);
}

static json_t *
wh_date(int days)
{
	char	buf[DATE_BUFSZ];

	if (days == COMP_NO_DATE)
		return json_null();
	return json_string(date_format(days, buf));
}

static json_t *
wh_str(const char *s)
{
	if (s == NULL || *s == '\0')
		return json_null();
	return json_string(s);
}

char *
webhook_payload(const char *event, const char *id, long timestamp,
    const struct person *pe, const struct credential *cr,
    const struct cycle *cy, const struct comp_result *res,
    char *err, size_t errlen)
{
	json_t		*root = NULL, *reqs = NULL, *q;
	struct tm	 tm;
	time_t		 t = (time_t)timestamp;
	char		 ts[32], *out = NULL;
	size_t		 i;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
		(void)snprintf(err, errlen, "webhook payload: timestamp %ld "
		    "out of range", timestamp);
		goto out;
	}
	if ((reqs = json_array()) == NULL)
		goto nomem;
	for (i = 0; i < res->nreqs; i++) {
		const struct comp_req *cq = &res->reqs[i];

		q = json_pack("{s:s, s:s, s:o, s:o, s:o, s:b}",
		    "id", cq->id, "label", cq->label,
		    "required", wh_hours(cq->required),
		    "counted", wh_hours(cq->counted),
		    "remaining", wh_hours(cq->remaining),
		    "met", cq->met);
		if (q == NULL || json_array_append_new(reqs, q) == -1)
			goto bad;
	}
	/* "o" steals the reference to reqs, even when json_pack fails. */
	root = json_pack("{s:s, s:s, s:s, s:s, s:{"
	    "s:{s:I, s:s, s:o, s:o},"
	    " s:{s:I, s:s, s:s, s:o},"
	    " s:{s:o, s:o, s:i},"
	    " s:s, s:i, s:o, s:o,"
	    " s:{s:o, s:o, s:o},"
	    " s:o}}",
	    "type", "credential.reminder",
	    "event", event,
	    "id", id,
	    "timestamp", ts,
	    "data",
	    "person",
	    "id", (json_int_t)pe->id,
	    "name", pe->name,
	    "email", wh_str(pe->email),
	    "external_id", wh_str(pe->external_id),
	    "credential",
	    "id", (json_int_t)cr->id,
	    "program", cr->program,
	    "number", cr->number,
	    "jurisdiction", wh_str(cr->state),
	    "cycle",
	    "start", wh_date(cy->start),
	    "valid_through", wh_date(cy->valid_through),
	    "renewal_index", cy->renewal_index,
	    "state", comp_state_name(res->state),
	    "days_left", res->days_left,
	    "window_opens", wh_date(res->window_opens),
	    "late_until", wh_date(res->late_until),
	    "hours",
	    "required", wh_hours(res->required),
	    "counted", wh_hours(res->counted),
	    "remaining", wh_hours(res->remaining),
	    "requirements", reqs);
	reqs = NULL;
	if (root == NULL)
		goto bad;
	out = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(15));
	if (out == NULL)
		goto nomem;
	goto out;
bad:
	/* json_pack fails on text that is not UTF-8 or a NULL string. */
	(void)snprintf(err, errlen, "webhook payload: a text field is "
	    "missing or not valid UTF-8");
	goto out;
nomem:
	(void)snprintf(err, errlen, "webhook payload: out of memory");
out:
	json_decref(reqs);
	json_decref(root);
	return out;
}

int
webhook_url_check(const char *url, char *err, size_t errlen)
{
	CURLU	*u = NULL;
	char	*scheme = NULL, *host = NULL, *user = NULL;
	int	 rc = -1;

	if (url == NULL || *url == '\0') {
		(void)snprintf(err, errlen, "webhook url: empty; expected "
		    "http://HOST[:PORT]/PATH or https://...");
		goto out;
	}
	if (strlen(url) > WEBHOOK_URL_MAX) {
		(void)snprintf(err, errlen, "webhook url: longer than %d "
		    "bytes", WEBHOOK_URL_MAX);
		goto out;
	}
	if ((u = curl_url()) == NULL) {
		(void)snprintf(err, errlen, "webhook url: out of memory");
		goto out;
	}
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    *host == '\0') {
		(void)snprintf(err, errlen, "webhook url: \"%.64s\": expected "
		    "http://HOST[:PORT]/PATH or https://...", url);
		goto out;
	}
	if (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0) {
		(void)snprintf(err, errlen, "webhook url: scheme \"%.16s\" "
		    "refused; expected http or https", scheme);
		goto out;
	}
	if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK) {
		(void)snprintf(err, errlen, "webhook url: user or password "
		    "in the URL refused (it would be logged); the signature "
		    "authenticates the sender");
		goto out;
	}
	rc = 0;
out:
	curl_free(user);
	curl_free(host);
	curl_free(scheme);
	curl_url_cleanup(u);
	return rc;
}

/* A webhook-id goes into a header: visible ASCII only, bounded. */
static int
wh_id_valid(const char *id)
{
	size_t	i;

	if (id == NULL || *id == '\0')
		return 0;
	for (i = 0; id[i] != '\0'; i++)
		if (i >= WEBHOOK_ID_MAX || id[i] <= ' ' || id[i] > '~')
			return 0;
	return 1;
}

/* Count the body against the cap; keep its start as the excerpt.
 * Returning less than asked aborts the transfer. */
static size_t
wh_write(char *p, size_t size, size_t nmemb, void *arg)
{
	struct wh_xfer	*x = arg;
	char		*ex = x->req->response_excerpt;
	size_t		 n = size * nmemb, i;
	unsigned char	 c;

	if (n > WEBHOOK_RESPONSE_CAP - x->got) {
		x->capped = 1;
		return 0;
	}
	x->got += n;
	for (i = 0; i < n && x->nexcerpt < sizeof(x->req->response_excerpt)
	    - 1; i++) {
		c = (unsigned char)p[i];
		ex[x->nexcerpt++] = (c < ' ' || c > '~') ? ' ' : (char)c;
	}
	ex[x->nexcerpt] = '\0';
	return n;
}

static void
wh_req_set(struct webhook_req *r, enum webhook_result res, int status,
    const char *error)
{
	r->result = res;
	r->http_status = status;
	(void)cet_strlcpy(r->error, error, sizeof(r->error));
}

static enum webhook_result
wh_classify(long status)
{
	if (status >= 200 && status <= 299)
		return WEBHOOK_OK;
	if (status == 410)
		return WEBHOOK_GONE;
	if (status == 408 || status == 429 || (status >= 500 &&
	    status <= 599))
		return WEBHOOK_RETRY;
	if (status >= 100 && status <= 499)
		return WEBHOOK_FAIL;
	/* Nothing, or nothing that is HTTP: as a broken connection. */
	return WEBHOOK_RETRY;
}

/* Set up one request and add it to the multi handle. On failure the
 * request is marked and the slot left empty. */
static int
wh_start(const struct webhook_conf *conf, CURLM *multi, struct wh_xfer *x,
    struct webhook_req *r, const char *ua)
{
	struct curl_slist	*l;
	char			 sig[WEBHOOK_SIG_BUFSZ];
	/* No "Expect: 100-continue" round trip before the body. */
	char			 h[5][WEBHOOK_ID_MAX + 64] = {
	    "Content-Type: application/json", "Expect:" };
	long			 timeout;
	size_t			 i;
	const char		*why = "out of memory";

	memset(x, 0, sizeof(*x));
	x->req = r;
	r->http_status = 0;
	r->capped = 0;
	r->error[0] = '\0';
	r->response_excerpt[0] = '\0';
	if (!wh_id_valid(r->id) || r->body == NULL) {
		wh_req_set(r, WEBHOOK_FAIL, 0, "bad request: webhook-id must "
		    "be 1 to 255 visible ASCII characters and a body given");
		return -1;
	}
	/* Signed as it leaves: a request that waited for a slot is not
	 * older than it is by the receiver's tolerance (5 minutes). */
	if (r->timestamp == 0)
		r->timestamp = (long)time(NULL);
	if (webhook_sign(conf->secret, conf->secretlen, r->id, r->timestamp,
	    r->body, sig, sizeof(sig)) == -1) {
		why = "cannot compute the signature";
		goto fail;
	}
	if (cet_fmt(h[2], sizeof(h[2]), "webhook-id: %s", r->id) == -1 ||
	    cet_fmt(h[3], sizeof(h[3]), "webhook-timestamp: %ld",
	    r->timestamp) == -1 ||
	    cet_fmt(h[4], sizeof(h[4]), "webhook-signature: %s", sig) == -1)
		goto fail;
	for (i = 0; i < ARRAY_SIZE(h); i++) {
		if ((l = curl_slist_append(x->hdrs, h[i])) == NULL)
			goto fail;
		x->hdrs = l;
	}
	if ((x->easy = curl_easy_init()) == NULL)
		goto fail;
	timeout = conf->timeout > 0 ? conf->timeout : WEBHOOK_TIMEOUT_DEFAULT;
	x->timeout = timeout;
	(void)net_where(conf->url, x->where, sizeof(x->where));
	why = "cannot set up the transfer";
	if (curl_easy_setopt(x->easy, CURLOPT_URL, conf->url) != CURLE_OK ||
	    curl_easy_setopt(x->easy, CURLOPT_PROTOCOLS_STR,
	    "http,https") != CURLE_OK ||
	    curl_easy_setopt(x->easy, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK ||
	    curl_easy_setopt(x->easy, CURLOPT_NOSIGNAL, 1L) != CURLE_OK ||
	    curl_easy_setopt(x->easy, CURLOPT_TIMEOUT, timeout) != CURLE_OK ||
	    curl_easy_setopt(x->easy, CURLOPT_SSL_VERIFYPEER, 1L) != CURLE_OK ||
	    curl_easy_setopt(x->easy, CURLOPT_SSL_VERIFYHOST, 2L) != CURLE_OK ||
	    curl_easy_setopt(x->easy, CURLOPT_HTTPHEADER, x->hdrs) !=
	    CURLE_OK ||
	    curl_easy_setopt(x->easy, CURLOPT_USERAGENT, ua) != CURLE_OK ||
	    curl_easy_setopt(x->easy, CURLOPT_POST, 1L) != CURLE_OK ||
	    curl_easy_setopt(x->easy, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)strlen(r->body)) != CURLE_OK ||
	    curl_easy_setopt(x->easy, CURLOPT_POSTFIELDS, r->body) !=
	    CURLE_OK ||
	    curl_easy_setopt(x->easy, CURLOPT_WRITEFUNCTION, wh_write) !=
	    CURLE_OK ||
	    curl_easy_setopt(x->easy, CURLOPT_WRITEDATA, x) != CURLE_OK ||
	    curl_easy_setopt(x->easy, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)WEBHOOK_RESPONSE_CAP) != CURLE_OK ||
	    curl_easy_setopt(x->easy, CURLOPT_ERRORBUFFER, x->errbuf) !=
	    CURLE_OK ||
	    curl_easy_setopt(x->easy, CURLOPT_PRIVATE, x) != CURLE_OK)
		goto fail;
	if (conf->ca_file != NULL && *conf->ca_file != '\0' &&
	    curl_easy_setopt(x->easy, CURLOPT_CAINFO, conf->ca_file) !=
	    CURLE_OK)
		goto fail;
	if (curl_multi_add_handle(multi, x->easy) != CURLM_OK)
		goto fail;
	return 0;
fail:
	wh_req_set(r, WEBHOOK_RETRY, 0, why);
	curl_easy_cleanup(x->easy);
	curl_slist_free_all(x->hdrs);
	memset(x, 0, sizeof(*x));
	return -1;
}

/*
 * Record the outcome of a finished transfer. Once a status line has come,
 * it decides: the receiver has answered, and a body cut off at the cap or
 * a connection lost while reading it does not undo a 2xx (a retry would
 * deliver the event twice). Without a status the request is retried.
 */
static void
wh_finish(CURLM *multi, struct wh_xfer *x, CURLcode cc, long status)
{
	struct webhook_req	*r = x->req;
	char			 msg[sizeof(r->error)];
	const char		*why;
	enum webhook_result	 res;

	why = x->errbuf[0] != '\0' ? x->errbuf : curl_easy_strerror(cc);
	if (status < 100 || status > 599) {
		/* For people: what went wrong on the way to the receiver. */
		if (cc == CURLE_OK)
			(void)snprintf(msg, sizeof(msg), "the receiver's answer "
			    "had no HTTP status");
		else
			net_why(x->easy, cc, x->errbuf, x->where, x->timeout,
			    msg, sizeof(msg));
		wh_req_set(r, WEBHOOK_RETRY, 0, msg);
		goto out;
	}
	res = wh_classify(status);
	if (x->capped || cc == CURLE_FILESIZE_EXCEEDED) {
		r->capped = 1;
		(void)snprintf(msg, sizeof(msg), "the receiver answered HTTP "
		    "%ld with a body over %d bytes, cut off", status,
		    WEBHOOK_RESPONSE_CAP);
	} else if (cc != CURLE_OK)
		(void)snprintf(msg, sizeof(msg), "the receiver answered HTTP "
		    "%ld, then the connection failed: %.160s", status, why);
	else if (res == WEBHOOK_OK)
		msg[0] = '\0';
	else if (status >= 300 && status <= 399)
		(void)snprintf(msg, sizeof(msg), "the receiver answered HTTP "
		    "%ld, a redirect, which is not followed: set [webhook] url "
		    "to the final URL", status);
	else
		(void)snprintf(msg, sizeof(msg), "the receiver answered HTTP "
		    "%ld", status);
	wh_req_set(r, res, (int)status, msg);
out:
	wh_release(multi, x);
}

static void
wh_release(CURLM *multi, struct wh_xfer *x)
{
	if (x->easy != NULL) {
		(void)curl_multi_remove_handle(multi, x->easy);
		curl_easy_cleanup(x->easy);
	}
	curl_slist_free_all(x->hdrs);
	memset(x, 0, sizeof(*x));
}

/* Mark requests [from, n) as to be retried with the message. */
static void
wh_mark_rest(struct webhook_req *reqs, size_t from, size_t n,
    const char *msg)
{
	for (; from < n; from++)
		wh_req_set(&reqs[from], WEBHOOK_RETRY, 0, msg);
}

int
webhook_send_many(const struct webhook_conf *conf, struct webhook_req *reqs,
    size_t n, char *err, size_t errlen)
{
	struct wh_xfer	*slots = NULL, *x;
	CURLM		*multi = NULL;
	CURLMsg		*m;
	CURLMcode	 mc = CURLM_OK;
	CURLcode	 cc;
	char		 ua[64], *priv;
	const char	*agent;
	struct webhook_req *r;
	size_t		 next = 0, nslots, i, inflight = 0;
	long		 status;
	int		 still, left, rc = -1, cancelled = 0, stop = 0;
	int		 freed = 0;

	if (webhook_url_check(conf->url, err, errlen) == -1)
		goto refuse;
	if (conf->secretlen == 0 || conf->secretlen > WEBHOOK_SECRET_MAX) {
		(void)snprintf(err, errlen, "webhook secret: not set");
		goto refuse;
	}
	if ((multi = curl_multi_init()) == NULL) {
		(void)snprintf(err, errlen, "webhook: cannot set up curl");
		goto refuse;
	}
	agent = conf->user_agent;
	if (agent == NULL) {
		(void)cet_fmt(ua, sizeof(ua), "cetrack/%s", CETRACK_VERSION);
		agent = ua;
	}
	nslots = conf->parallel > 0 ? (size_t)conf->parallel :
	    WEBHOOK_PARALLEL_DEFAULT;
	if (nslots > WEBHOOK_PARALLEL_MAX)
		nslots = WEBHOOK_PARALLEL_MAX;
	if (nslots > n)
		nslots = n;
	slots = xcalloc(nslots > 0 ? nslots : 1, sizeof(*slots));

	while (mc == CURLM_OK) {
		if (conf->cancel != NULL && *conf->cancel) {
			cancelled = 1;
			break;
		}
		/* Fill every empty slot; a request that cannot start is
		 * marked, reported and skipped. */
		for (i = 0; i < nslots && next < n && !stop; i++) {
			if (slots[i].easy != NULL)
				continue;
			while (next < n && !stop && wh_start(conf, multi,
			    &slots[i], &reqs[next], agent) == -1) {
				if (conf->done != NULL && conf->done(
				    conf->done_arg, &reqs[next]) == -1)
					stop = 1;
				next++;
			}
			if (next < n && !stop) {
				next++;
				inflight++;
			}
		}
		if (inflight == 0)
			break;
		if ((mc = curl_multi_perform(multi, &still)) != CURLM_OK)
			break;
		while ((m = curl_multi_info_read(multi, &left)) != NULL) {
			if (m->msg != CURLMSG_DONE)
				continue;
			cc = m->data.result;
			priv = NULL;
			if (curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE,
			    &priv) != CURLE_OK || priv == NULL)
				continue;
			x = (struct wh_xfer *)(void *)priv;
			if (curl_easy_getinfo(m->easy_handle,
			    CURLINFO_RESPONSE_CODE, &status) != CURLE_OK)
				status = 0;
			/* m is invalid once the handle is removed. */
			r = x->req;
			wh_finish(multi, x, cc, status);
			inflight--;
			freed = 1;
			if (conf->done != NULL && conf->done(conf->done_arg,
			    r) == -1)
				stop = 1;
		}
		/*
		 * A slot that just came free is filled at once; waiting for
		 * activity first would leave it empty while a slow request
		 * holds the others (up to WEBHOOK_POLL_MS each time).
		 */
		if (inflight > 0 && !(freed && next < n && !stop))
			mc = curl_multi_poll(multi, NULL, 0, WEBHOOK_POLL_MS,
			    NULL);
		freed = 0;
	}
	rc = 0;
	if (stop && mc == CURLM_OK && !cancelled)
		wh_mark_rest(reqs, next, n, "not sent");
	if (mc != CURLM_OK) {
		(void)snprintf(err, errlen, "webhook: %s",
		    curl_multi_strerror(mc));
		rc = -1;
	} else if (cancelled)
		(void)snprintf(err, errlen, "cancelled");
	if (mc != CURLM_OK || cancelled) {
		/* Whatever did not finish stays to be retried. */
		for (i = 0; i < nslots; i++) {
			if (slots[i].easy == NULL)
				continue;
			wh_req_set(slots[i].req, WEBHOOK_RETRY, 0, err);
			wh_release(multi, &slots[i]);
		}
		wh_mark_rest(reqs, next, n, err);
	}
	goto out;
refuse:
	wh_mark_rest(reqs, 0, n, err);
out:
	free(slots);
	if (multi != NULL)
		(void)curl_multi_cleanup(multi);
	return rc;
}
