/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for lib/webhook.c. The pure parts: secret decoding, the
 * Standard Webhooks reference signature, the JSON payload (parsed back with
 * jansson) and URL checks. Delivery is tested against the real receiver,
 * tests/integration/webhook_receiver.py, started by each test on a free
 * port of 127.0.0.1 and stopped by the fixture: signatures verified by the
 * receiver, 500 then 200 with one id, 410, every status class, a hanging
 * endpoint in a batch of good ones, parallelism bounds, oversize responses,
 * refused URLs, bad ids and cancellation.
 */

#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <curl/curl.h>
#include <jansson.h>

#include "base/date.h"
#include "base/util.h"
#include "notify/webhook.h"

#define RECEIVER	"tests/integration/webhook_receiver.py"
#define PYTHON		"/usr/bin/python3"
/* The Standard Webhooks reference test (libraries/go/webhook_test.go,
 * TestWebhookSign, in standard-webhooks/standard-webhooks). */
#define REF_SECRET	"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
#define REF_ID		"msg_p5jXN8AQM9LWM0D4loKWxJek"
#define REF_TS		1614265330L
#define REF_BODY	"{\"test\": 2432232314}"
#define REF_SIG		"v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

static pid_t	rx_pid = -1;
static int	rx_port;
static char	rx_dir[64];
static char	rx_log[128], rx_stats[128], rx_secret[128];

/* ---- the receiver ---- */

static void
rx_stop(void)
{
	char	tmp[160];
	int	status;

	if (rx_pid > 0) {
		(void)kill(rx_pid, SIGTERM);
		(void)waitpid(rx_pid, &status, 0);
		rx_pid = -1;
	}
	if (rx_dir[0] != '\0') {
		(void)unlink(rx_log);
		(void)unlink(rx_stats);
		(void)unlink(rx_secret);
		if (cet_fmt(tmp, sizeof(tmp), "%s.tmp", rx_stats) == 0)
			(void)unlink(tmp);
		(void)rmdir(rx_dir);
		rx_dir[0] = '\0';
	}
}

static void
rx_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

static void
rx_fini(void)
{
	rx_stop();
	curl_global_cleanup();
}

/* Start the receiver with the reference secret and extra arguments
 * (NULL-terminated); read "PORT n" from its stdout. */
static void
rx_start(const char *arg, ...)
{
	const char	*argv[24];
	char		 line[64];
	struct pollfd	 pfd;
	va_list		 ap;
	size_t		 n = 0, got = 0;
	ssize_t		 r;
	int		 p[2], fd;
	long long	 port;

	cet_strlcpy(rx_dir, "/tmp/cetrack-wh.XXXXXX", sizeof(rx_dir));
	cr_assert_not_null(mkdtemp(rx_dir));
	cr_assert_eq(cet_fmt(rx_log, sizeof(rx_log), "%s/log", rx_dir), 0);
	cr_assert_eq(cet_fmt(rx_stats, sizeof(rx_stats), "%s/stats", rx_dir), 0);
	cr_assert_eq(cet_fmt(rx_secret, sizeof(rx_secret), "%s/secret",
	    rx_dir), 0);
	fd = open(rx_secret, O_WRONLY | O_CREAT | O_EXCL, 0600);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, REF_SECRET "\n", sizeof(REF_SECRET)),
	    (ssize_t)sizeof(REF_SECRET));
	(void)close(fd);

	argv[n++] = PYTHON;
	argv[n++] = RECEIVER;
	argv[n++] = "--secret-file";
	argv[n++] = rx_secret;
	argv[n++] = "--log";
	argv[n++] = rx_log;
	argv[n++] = "--stats";
	argv[n++] = rx_stats;
	va_start(ap, arg);
	for (; arg != NULL && n < ARRAY_SIZE(argv) - 1;
	    arg = va_arg(ap, const char *))
		argv[n++] = arg;
	va_end(ap);
	argv[n] = NULL;

	cr_assert_eq(pipe(p), 0);
	rx_pid = fork();
	cr_assert_geq(rx_pid, 0);
	if (rx_pid == 0) {
		(void)prctl(PR_SET_PDEATHSIG, SIGTERM);
		(void)dup2(p[1], STDOUT_FILENO);
		(void)close(p[0]);
		(void)close(p[1]);
		execv(PYTHON, (char *const *)(uintptr_t)argv);
		_exit(127);
	}
	(void)close(p[1]);
	pfd.fd = p[0];
	pfd.events = POLLIN;
	while (got < sizeof(line) - 1 && memchr(line, '\n', got) == NULL) {
		cr_assert_eq(poll(&pfd, 1, 20000), 1, "receiver did not start");
		r = read(p[0], line + got, sizeof(line) - 1 - got);
		cr_assert_gt(r, 0, "receiver exited");
		got += (size_t)r;
		line[got] = '\0';
	}
	(void)close(p[0]);
	cr_assert_eq(strncmp(line, "PORT ", 5), 0, "got \"%s\"", line);
	line[strcspn(line, "\n")] = '\0';
	cr_assert_eq(cet_strtonum(line + 5, 1, 65535, &port), 0);
	rx_port = (int)port;
}

static void
rx_url(char *buf, size_t len, const char *path)
{
	cr_assert_eq(cet_fmt(buf, len, "http://127.0.0.1:%d%s", rx_port,
	    path), 0);
}

/* The receiver's counter `key` from its stats file. */
static long long
rx_stat(const char *key)
{
	json_error_t	 e;
	json_t		*o, *v;
	long long	 n;

	o = json_load_file(rx_stats, 0, &e);
	cr_assert_not_null(o, "stats: %s", e.text);
	v = json_object_get(o, key);
	cr_assert(json_is_integer(v), "stats: no %s", key);
	n = json_integer_value(v);
	json_decref(o);
	return n;
}

/* The accepted deliveries the receiver logged, as a JSON array. */
static json_t *
rx_deliveries(void)
{
	json_t	*a, *o;
	FILE	*f;
	char	 line[65536];
	json_error_t e;

	a = json_array();
	if ((f = fopen(rx_log, "r")) == NULL)
		return a;
	while (fgets(line, sizeof(line), f) != NULL) {
		o = json_loads(line, 0, &e);
		cr_assert_not_null(o, "log line: %s", e.text);
		json_array_append_new(a, o);
	}
	(void)fclose(f);
	return a;
}

static size_t
rx_count_id(json_t *log, const char *id)
{
	size_t	 i, n = 0;
	json_t	*o;

	json_array_foreach(log, i, o)
		if (strcmp(json_string_value(json_object_get(o, "webhook_id")),
		    id) == 0)
			n++;
	return n;
}

static void
conf_init(struct webhook_conf *c, const char *url)
{
	char	err[256];

	memset(c, 0, sizeof(*c));
	c->url = url;
	c->timeout = 10;
	c->parallel = 4;
	cr_assert_eq(whsec_decode(REF_SECRET, strlen(REF_SECRET), c->secret,
	    sizeof(c->secret), &c->secretlen, err, sizeof(err)), 0, "%s", err);
}

static void
req_init(struct webhook_req *r, const char *id)
{
	memset(r, 0, sizeof(*r));
	r->id = id;
	r->body = REF_BODY;
	r->timestamp = REF_TS;
	r->result = WEBHOOK_FAIL;
	r->http_status = -1;
}

/* Send one request to path; return its result. */
static enum webhook_result
send_one(const char *path, struct webhook_req *r)
{
	struct webhook_conf	c;
	char			url[128], err[256];

	rx_url(url, sizeof(url), path);
	conf_init(&c, url);
	cr_assert_eq(webhook_send_many(&c, r, 1, err, sizeof(err)), 0,
	    "%s", err);
	return r->result;
}

/* ---- pure functions ---- */

/* Secret decoding (whsec_decode) is tested in test_secret.c. */

Test(webhook, sign_matches_the_standard_webhooks_reference)
{
	unsigned char	key[WEBHOOK_SECRET_MAX];
	size_t		len;
	char		sig[WEBHOOK_SIG_BUFSZ], err[128];

	cr_assert_eq(whsec_decode(REF_SECRET, strlen(REF_SECRET), key,
	    sizeof(key), &len, err, sizeof(err)), 0);
	cr_assert_eq(webhook_sign(key, len, REF_ID, REF_TS, REF_BODY, sig,
	    sizeof(sig)), 0);
	cr_assert_str_eq(sig, REF_SIG);
	/* Any change of id, timestamp or body changes it. */
	cr_assert_eq(webhook_sign(key, len, REF_ID, REF_TS + 1, REF_BODY, sig,
	    sizeof(sig)), 0);
	cr_assert_str_neq(sig, REF_SIG);
	cr_assert_eq(webhook_sign(key, len, "msg_2", REF_TS, REF_BODY, sig,
	    sizeof(sig)), 0);
	cr_assert_str_neq(sig, REF_SIG);
	cr_assert_eq(webhook_sign(key, len, REF_ID, REF_TS, "{\"test\": 1}",
	    sig, sizeof(sig)), 0);
	cr_assert_str_neq(sig, REF_SIG);
}

Test(webhook, sign_refuses_a_small_buffer_or_no_secret)
{
	char	sig[WEBHOOK_SIG_BUFSZ];

	cr_assert_eq(webhook_sign((const unsigned char *)"k", 1, "a", 1, "{}",
	    sig, 40), -1);
	cr_assert_eq(webhook_sign((const unsigned char *)"k", 0, "a", 1, "{}",
	    sig, sizeof(sig)), -1);
}

/* Dana's CCM: 62.5 of 80 hours, 3 of 8 ethics hours. */
static void
dana(struct person *pe, struct credential *cr, struct cycle *cy,
    struct comp_result *res, struct comp_req reqs[2])
{
	memset(pe, 0, sizeof(*pe));
	memset(cr, 0, sizeof(*cr));
	memset(cy, 0, sizeof(*cy));
	memset(res, 0, sizeof(*res));
	memset(reqs, 0, 2 * sizeof(*reqs));
	pe->id = 7;
	cet_strlcpy(pe->name, "Dana \"DJ\" Reyes-N\xc3\xba\xc3\xb1""ez, RN",
	    sizeof(pe->name));
	cet_strlcpy(pe->email, "dana.reyes@example.org", sizeof(pe->email));
	cr->id = 12;
	cr->person_id = 7;
	cet_strlcpy(cr->program, "CCM", sizeof(cr->program));
	cet_strlcpy(cr->number, "CCM-000123", sizeof(cr->number));
	cy->id = 3;
	cy->credential_id = 12;
	cr_assert_eq(date_parse_iso("2022-06-01", &cy->start), 0);
	cr_assert_eq(date_parse_iso("2027-05-31", &cy->valid_through), 0);
	cy->renewal_index = 2;
	cy->closed = -1;
	res->state = COMP_BEHIND;
	res->days_left = 90;
	cr_assert_eq(date_parse_iso("2027-03-01", &res->window_opens), 0);
	res->late_until = COMP_NO_DATE;
	res->required = 8000;
	res->counted = 6250;
	res->remaining = 1750;
	cet_strlcpy(reqs[0].id, "total", sizeof(reqs[0].id));
	cet_strlcpy(reqs[0].label, "Total", sizeof(reqs[0].label));
	reqs[0].required = 8000;
	reqs[0].counted = 6250;
	reqs[0].remaining = 1750;
	cet_strlcpy(reqs[1].id, "ethics", sizeof(reqs[1].id));
	cet_strlcpy(reqs[1].label, "Ethics", sizeof(reqs[1].label));
	reqs[1].required = 800;
	reqs[1].counted = 300;
	reqs[1].remaining = 500;
	res->reqs = reqs;
	res->nreqs = 2;
}

static double
jnum(json_t *root, const char *path)
{
	json_t	*v = json_object_get(root, "data");
	char	 buf[128], *save = NULL, *k;

	cet_strlcpy(buf, path, sizeof(buf));
	for (k = strtok_r(buf, ".", &save); k != NULL;
	    k = strtok_r(NULL, ".", &save))
		v = json_object_get(v, k);
	cr_assert(json_is_number(v), "%s is not a number", path);
	return json_number_value(v);
}

Test(webhook, payload_has_every_field)
{
	struct person		pe;
	struct credential	cr;
	struct cycle		cy;
	struct comp_result	res;
	struct comp_req		reqs[2];
	json_error_t		e;
	json_t			*root, *d, *rq;
	char			err[256], *body;

	dana(&pe, &cr, &cy, &res, reqs);
	body = webhook_payload("before-90", "cet_12_3_before-90", 1803999600L,
	    &pe, &cr, &cy, &res, err, sizeof(err));
	cr_assert_not_null(body, "%s", err);
	/* Hundredths print exactly; no float noise. */
	cr_assert(strstr(body, "62.5") != NULL, "%s", body);
	cr_assert(strstr(body, "17.5") != NULL, "%s", body);
	root = json_loads(body, 0, &e);
	cr_assert_not_null(root, "%s: %s", e.text, body);
	cr_assert_str_eq(json_string_value(json_object_get(root, "type")),
	    "credential.reminder");
	cr_assert_str_eq(json_string_value(json_object_get(root, "event")),
	    "before-90");
	cr_assert_str_eq(json_string_value(json_object_get(root, "id")),
	    "cet_12_3_before-90");
	cr_assert_str_eq(json_string_value(json_object_get(root,
	    "timestamp")), "2027-03-02T15:00:00Z");
	d = json_object_get(root, "data");
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(d,
	    "person"), "name")), "Dana \"DJ\" Reyes-N\xc3\xba\xc3\xb1""ez, RN");
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(d,
	    "person"), "email")), "dana.reyes@example.org");
	cr_assert_eq(jnum(root, "person.id"), 7);
	cr_assert_eq(jnum(root, "credential.id"), 12);
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(d,
	    "credential"), "program")), "CCM");
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(d,
	    "credential"), "number")), "CCM-000123");
	cr_assert(json_is_null(json_object_get(json_object_get(d,
	    "credential"), "jurisdiction")));
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(d,
	    "cycle"), "start")), "2022-06-01");
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(d,
	    "cycle"), "valid_through")), "2027-05-31");
	cr_assert_eq(jnum(root, "cycle.renewal_index"), 2);
	cr_assert_str_eq(json_string_value(json_object_get(d, "state")),
	    "behind");
	cr_assert_eq(jnum(root, "days_left"), 90);
	cr_assert_str_eq(json_string_value(json_object_get(d,
	    "window_opens")), "2027-03-01");
	cr_assert(json_is_null(json_object_get(d, "late_until")));
	cr_assert_eq(jnum(root, "hours.required"), 80.0);
	cr_assert_eq(jnum(root, "hours.counted"), 62.5);
	cr_assert_eq(jnum(root, "hours.remaining"), 17.5);
	rq = json_object_get(d, "requirements");
	cr_assert_eq(json_array_size(rq), 2);
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(rq,
	    1), "id")), "ethics");
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(rq,
	    1), "label")), "Ethics");
	cr_assert_eq(json_number_value(json_object_get(json_array_get(rq, 1),
	    "required")), 8.0);
	cr_assert_eq(json_number_value(json_object_get(json_array_get(rq, 1),
	    "counted")), 3.0);
	cr_assert_eq(json_number_value(json_object_get(json_array_get(rq, 1),
	    "remaining")), 5.0);
	cr_assert(json_is_false(json_object_get(json_array_get(rq, 1),
	    "met")));
	json_decref(root);
	free(body);
}

Test(webhook, payload_refuses_text_that_is_not_utf8)
{
	struct person		pe;
	struct credential	cr;
	struct cycle		cy;
	struct comp_result	res;
	struct comp_req		reqs[2];
	char			err[256], *body;

	dana(&pe, &cr, &cy, &res, reqs);
	cet_strlcpy(pe.name, "Dana \xff Reyes", sizeof(pe.name));
	err[0] = '\0';
	body = webhook_payload("before-90", "x", 0, &pe, &cr, &cy, &res, err,
	    sizeof(err));
	cr_assert_null(body);
	cr_assert(strstr(err, "UTF-8") != NULL, "%s", err);
}

Test(webhook, url_check)
{
	char	err[256];

	cr_assert_eq(webhook_url_check("https://hooks.example.org/cetrack",
	    err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(webhook_url_check("http://127.0.0.1:8080/h", err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(webhook_url_check("ftp://hooks.example.org/x", err,
	    sizeof(err)), -1);
	cr_assert(strstr(err, "http or https") != NULL, "%s", err);
	cr_assert_eq(webhook_url_check("file:///etc/passwd", err,
	    sizeof(err)), -1);
	cr_assert_eq(webhook_url_check("gopher://hooks.example.org/", err,
	    sizeof(err)), -1);
	cr_assert_eq(webhook_url_check("hooks.example.org/x", err,
	    sizeof(err)), -1);
	cr_assert_eq(webhook_url_check("", err, sizeof(err)), -1);
	cr_assert_eq(webhook_url_check("https://user:pw@hooks.example.org/",
	    err, sizeof(err)), -1);
	cr_assert(strstr(err, "password") != NULL, "%s", err);
}

Test(webhook, result_names)
{
	cr_assert_str_eq(webhook_result_name(WEBHOOK_OK), "ok");
	cr_assert_str_eq(webhook_result_name(WEBHOOK_RETRY), "retry");
	cr_assert_str_eq(webhook_result_name(WEBHOOK_GONE), "gone");
	cr_assert_str_eq(webhook_result_name(WEBHOOK_FAIL), "fail");
}

/* ---- delivery against the receiver ---- */

TestSuite(send, .init = rx_init, .fini = rx_fini, .timeout = 40);

Test(send, signature_accepted_by_the_receiver)
{
	struct webhook_req	r;
	json_t			*log, *o;
	char			ua[32];

	rx_start(NULL);
	req_init(&r, REF_ID);
	cr_assert_eq(send_one("/ok", &r), WEBHOOK_OK, "%s", r.error);
	cr_assert_eq(r.http_status, 200);
	cr_assert_str_eq(r.error, "");
	cr_assert_str_eq(r.response_excerpt, "ok");
	cr_assert_eq(rx_stat("bad_signature"), 0);
	log = rx_deliveries();
	cr_assert_eq(json_array_size(log), 1);
	o = json_array_get(log, 0);
	cr_assert_str_eq(json_string_value(json_object_get(o, "webhook_id")),
	    REF_ID);
	cr_assert_str_eq(json_string_value(json_object_get(o, "timestamp")),
	    "1614265330");
	cr_assert_str_eq(json_string_value(json_object_get(o, "body")),
	    REF_BODY);
	cr_assert_str_eq(json_string_value(json_object_get(o,
	    "content_type")), "application/json");
	(void)cet_fmt(ua, sizeof(ua), "cetrack/%s", CETRACK_VERSION);
	cr_assert_str_eq(json_string_value(json_object_get(o, "user_agent")),
	    ua);
	json_decref(log);
}

Test(send, wrong_secret_is_rejected_by_the_receiver)
{
	struct webhook_conf	c;
	struct webhook_req	r;
	char			url[128], err[256];

	rx_start(NULL);
	rx_url(url, sizeof(url), "/ok");
	conf_init(&c, url);
	c.secret[0] ^= 1;
	req_init(&r, REF_ID);
	cr_assert_eq(webhook_send_many(&c, &r, 1, err, sizeof(err)), 0);
	cr_assert_eq(r.result, WEBHOOK_FAIL);
	cr_assert_eq(r.http_status, 401);
	cr_assert_str_eq(r.error, "the receiver answered HTTP 401");
	cr_assert_eq(rx_stat("bad_signature"), 1);
	cr_assert_eq(rx_stat("accepted"), 0);
}

Test(send, payload_round_trip_through_the_receiver)
{
	struct person		pe;
	struct credential	cr;
	struct cycle		cy;
	struct comp_result	res;
	struct comp_req		reqs[2];
	struct webhook_req	r;
	json_t			*log;
	char			err[256], *body;

	dana(&pe, &cr, &cy, &res, reqs);
	body = webhook_payload("before-90", "cet_12_3", 1803999600L, &pe, &cr,
	    &cy, &res, err, sizeof(err));
	cr_assert_not_null(body, "%s", err);
	rx_start(NULL);
	req_init(&r, "cet_12_3");
	r.body = body;
	r.timestamp = 1803999600L;
	cr_assert_eq(send_one("/ok", &r), WEBHOOK_OK, "%s", r.error);
	log = rx_deliveries();
	cr_assert_eq(json_array_size(log), 1);
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(log,
	    0), "body")), body);
	json_decref(log);
	free(body);
}

Test(send, server_error_then_ok_keeps_the_id_and_delivers_once)
{
	struct webhook_req	r;
	json_t			*log;

	rx_start(NULL);
	req_init(&r, "cet_12_3_before-90");
	cr_assert_eq(send_one("/fail-first/1", &r), WEBHOOK_RETRY);
	cr_assert_eq(r.http_status, 500);
	cr_assert_str_eq(r.error, "the receiver answered HTTP 500");
	cr_assert_str_eq(r.response_excerpt, "failing on purpose");
	/* The caller retries the same request: same id. */
	cr_assert_eq(send_one("/fail-first/1", &r), WEBHOOK_OK, "%s", r.error);
	cr_assert_eq(r.http_status, 200);
	cr_assert_str_eq(r.error, "");
	log = rx_deliveries();
	cr_assert_eq(json_array_size(log), 1);
	cr_assert_eq(rx_count_id(log, "cet_12_3_before-90"), 1);
	cr_assert_eq(rx_stat("requests"), 2);
	json_decref(log);
}

Test(send, gone_disables)
{
	struct webhook_req	r;

	rx_start(NULL);
	req_init(&r, "cet_1");
	cr_assert_eq(send_one("/gone", &r), WEBHOOK_GONE);
	cr_assert_eq(r.http_status, 410);
	cr_assert_eq(rx_stat("accepted"), 0);
}

Test(send, status_classes)
{
	static const struct {
		const char		*path;
		int			 status;
		enum webhook_result	 want;
	} t[] = {
		{ "/status/200", 200, WEBHOOK_OK },
		{ "/status/202", 202, WEBHOOK_OK },
		{ "/status/204", 204, WEBHOOK_OK },
		{ "/status/302", 302, WEBHOOK_FAIL },
		{ "/status/307", 307, WEBHOOK_FAIL },
		{ "/status/400", 400, WEBHOOK_FAIL },
		{ "/status/404", 404, WEBHOOK_FAIL },
		{ "/status/408", 408, WEBHOOK_RETRY },
		{ "/status/410", 410, WEBHOOK_GONE },
		{ "/status/429", 429, WEBHOOK_RETRY },
		{ "/status/500", 500, WEBHOOK_RETRY },
		{ "/status/503", 503, WEBHOOK_RETRY },
	};
	struct webhook_req	r;
	size_t			i;

	rx_start(NULL);
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		req_init(&r, "cet_s");
		cr_assert_eq(send_one(t[i].path, &r), t[i].want, "%s: %s",
		    t[i].path, webhook_result_name(r.result));
		cr_assert_eq(r.http_status, t[i].status, "%s", t[i].path);
	}
	/* The redirect was not followed: /ok saw nothing. */
	req_init(&r, "cet_s");
	cr_assert_eq(send_one("/status/301", &r), WEBHOOK_FAIL);
	cr_assert(strstr(r.error, "redirect") != NULL, "%s", r.error);
	cr_assert_eq(rx_stat("requests"), (long long)ARRAY_SIZE(t) + 1);
}

Test(send, hanging_request_times_out_without_blocking_the_batch)
{
	struct webhook_conf	c;
	struct webhook_req	r[6];
	static const char *const ids[] = { "hang.1", "ok.1", "ok.2", "ok.3",
	    "ok.4", "ok.5" };
	json_t			*log;
	char			url[128], err[256];
	size_t			i;

	rx_start(NULL);
	rx_url(url, sizeof(url), "/by-id");
	conf_init(&c, url);
	c.timeout = 2;
	c.parallel = 2;		/* the hang holds one slot all along */
	for (i = 0; i < ARRAY_SIZE(r); i++)
		req_init(&r[i], ids[i]);
	cr_assert_eq(webhook_send_many(&c, r, ARRAY_SIZE(r), err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(r[0].result, WEBHOOK_RETRY);
	cr_assert_eq(r[0].http_status, 0);
	/* "no answer from 127.0.0.1:PORT within 2 s (timed out)" */
	cr_assert_eq(strncmp(r[0].error, "no answer from 127.0.0.1:", 25), 0,
	    "%s", r[0].error);
	cr_assert(strstr(r[0].error, " within 2 s (timed out)") != NULL, "%s",
	    r[0].error);
	for (i = 1; i < ARRAY_SIZE(r); i++)
		cr_assert_eq(r[i].result, WEBHOOK_OK, "%s: %s", ids[i],
		    r[i].error);
	log = rx_deliveries();
	cr_assert_eq(json_array_size(log), 5);
	cr_assert_eq(rx_count_id(log, "hang.1"), 0);
	json_decref(log);
}

static void
send_slow_batch(size_t n, int parallel, char ids[][16])
{
	struct webhook_conf	 c;
	struct webhook_req	*r;
	json_t			*log;
	char			 url[128], err[256];
	size_t			 i;

	r = xcalloc(n, sizeof(*r));
	rx_url(url, sizeof(url), "/slow/200");
	conf_init(&c, url);
	c.parallel = parallel;
	for (i = 0; i < n; i++) {
		cr_assert_eq(cet_fmt(ids[i], 16, "cet_%zu", i), 0);
		req_init(&r[i], ids[i]);
	}
	cr_assert_eq(webhook_send_many(&c, r, n, err, sizeof(err)), 0,
	    "%s", err);
	for (i = 0; i < n; i++)
		cr_assert_eq(r[i].result, WEBHOOK_OK, "%s: %s", ids[i],
		    r[i].error);
	log = rx_deliveries();
	cr_assert_eq(json_array_size(log), n);
	for (i = 0; i < n; i++)
		cr_assert_eq(rx_count_id(log, ids[i]), 1, "%s", ids[i]);
	json_decref(log);
	free(r);
}

Test(send, many_in_flight_each_delivered_once)
{
	char	ids[50][16];

	rx_start(NULL);
	send_slow_batch(50, 25, ids);
	cr_assert_gt(rx_stat("max_in_flight"), 1);
	cr_assert_leq(rx_stat("max_in_flight"), 25);
	cr_assert_eq(rx_stat("requests"), 50);
}

Test(send, parallel_one_sends_one_at_a_time)
{
	char	ids[4][16];

	rx_start(NULL);
	send_slow_batch(4, 1, ids);
	cr_assert_eq(rx_stat("max_in_flight"), 1);
}

Test(send, oversize_response_is_cut_off)
{
	struct webhook_req	r;

	rx_start(NULL);
	/* Announced by Content-Length: refused before the body. */
	req_init(&r, "cet_big");
	cr_assert_eq(send_one("/big/200000", &r), WEBHOOK_OK, "%s", r.error);
	cr_assert_eq(r.capped, 1);
	cr_assert(strstr(r.error, "cut off") != NULL, "%s", r.error);
	/* No length, the end is the closed connection: counted. */
	req_init(&r, "cet_stream");
	cr_assert_eq(send_one("/big-stream/300000", &r), WEBHOOK_OK, "%s",
	    r.error);
	cr_assert_eq(r.capped, 1);
	cr_assert_eq(strlen(r.response_excerpt), 255);
	/* Under the cap: read whole, the excerpt is its start. */
	req_init(&r, "cet_small");
	cr_assert_eq(send_one("/big-stream/60000", &r), WEBHOOK_OK, "%s",
	    r.error);
	cr_assert_eq(r.capped, 0);
	cr_assert_str_eq(r.error, "");
	cr_assert_eq(strlen(r.response_excerpt), 255);
	cr_assert_eq(r.response_excerpt[0], 'y');
}

Test(send, bad_scheme_refused_nothing_sent)
{
	static const char *const urls[] = { "ftp://127.0.0.1/x",
	    "file:///etc/passwd", "smtp://127.0.0.1/", "not a url" };
	struct webhook_conf	c;
	struct webhook_req	r[2];
	char			err[256];
	size_t			i;

	rx_start(NULL);
	for (i = 0; i < ARRAY_SIZE(urls); i++) {
		conf_init(&c, urls[i]);
		req_init(&r[0], "cet_a");
		req_init(&r[1], "cet_b");
		err[0] = '\0';
		cr_assert_eq(webhook_send_many(&c, r, 2, err, sizeof(err)), -1,
		    "%s", urls[i]);
		cr_assert(strstr(err, "webhook url") != NULL, "%s", err);
		cr_assert_eq(r[0].result, WEBHOOK_RETRY);
		cr_assert_eq(r[1].result, WEBHOOK_RETRY);
		cr_assert_str_eq(r[1].error, err);
	}
	cr_assert_eq(rx_stat("requests"), 0);
}

Test(send, no_secret_refused)
{
	struct webhook_conf	c;
	struct webhook_req	r;
	char			url[128], err[256];

	rx_start(NULL);
	rx_url(url, sizeof(url), "/ok");
	conf_init(&c, url);
	c.secretlen = 0;
	req_init(&r, "cet_a");
	cr_assert_eq(webhook_send_many(&c, &r, 1, err, sizeof(err)), -1);
	cr_assert(strstr(err, "secret") != NULL, "%s", err);
	cr_assert_eq(rx_stat("requests"), 0);
}

Test(send, connection_refused_is_retried)
{
	struct sockaddr_in	sa;
	socklen_t		len = sizeof(sa);
	struct webhook_conf	c;
	struct webhook_req	r;
	char			url[128], err[256];
	int			s;

	/* A port that was free a moment ago and has no listener. */
	s = socket(AF_INET, SOCK_STREAM, 0);
	cr_assert_geq(s, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(s, (struct sockaddr *)&sa, sizeof(sa)), 0);
	cr_assert_eq(getsockname(s, (struct sockaddr *)&sa, &len), 0);
	cr_assert_eq(cet_fmt(url, sizeof(url), "http://127.0.0.1:%d/ok",
	    ntohs(sa.sin_port)), 0);
	conf_init(&c, url);
	req_init(&r, "cet_a");
	cr_assert_eq(webhook_send_many(&c, &r, 1, err, sizeof(err)), 0);
	(void)close(s);
	cr_assert_eq(r.result, WEBHOOK_RETRY);
	cr_assert_eq(r.http_status, 0);
	cr_assert_str_neq(r.error, "");
}

Test(send, bad_id_fails_alone)
{
	struct webhook_conf	c;
	struct webhook_req	r[4];
	char			url[128], err[256], longid[300];
	json_t			*log;

	rx_start(NULL);
	rx_url(url, sizeof(url), "/ok");
	conf_init(&c, url);
	memset(longid, 'a', sizeof(longid) - 1);
	longid[sizeof(longid) - 1] = '\0';
	req_init(&r[0], "cet_a\r\nX-Injected: 1");
	req_init(&r[1], "cet_ok");
	req_init(&r[2], "has space");
	req_init(&r[3], longid);
	cr_assert_eq(webhook_send_many(&c, r, 4, err, sizeof(err)), 0);
	cr_assert_eq(r[0].result, WEBHOOK_FAIL);
	cr_assert_eq(r[1].result, WEBHOOK_OK, "%s", r[1].error);
	cr_assert_eq(r[2].result, WEBHOOK_FAIL);
	cr_assert_eq(r[3].result, WEBHOOK_FAIL);
	cr_assert(strstr(r[0].error, "webhook-id") != NULL, "%s", r[0].error);
	log = rx_deliveries();
	cr_assert_eq(json_array_size(log), 1);
	json_decref(log);
	cr_assert_eq(rx_stat("requests"), 1);
}

Test(send, cancelled_batch_stays_to_be_retried)
{
	static volatile sig_atomic_t stop = 1;
	struct webhook_conf	c;
	struct webhook_req	r[3];
	char			url[128], err[256];
	size_t			i;

	rx_start(NULL);
	rx_url(url, sizeof(url), "/ok");
	conf_init(&c, url);
	c.cancel = &stop;
	for (i = 0; i < ARRAY_SIZE(r); i++)
		req_init(&r[i], "cet_c");
	cr_assert_eq(webhook_send_many(&c, r, 3, err, sizeof(err)), 0);
	for (i = 0; i < ARRAY_SIZE(r); i++) {
		cr_assert_eq(r[i].result, WEBHOOK_RETRY);
		cr_assert_str_eq(r[i].error, "cancelled");
	}
	cr_assert_eq(rx_stat("requests"), 0);
}

static volatile sig_atomic_t cancel_flag;

/* Set the cancel flag once the receiver holds the request. */
static void *
cancel_when_in_flight(void *arg)
{
	struct pollfd	none;

	(void)arg;
	memset(&none, 0, sizeof(none));
	while (rx_stat("in_flight") < 1)
		(void)poll(&none, 0, 20);
	cancel_flag = 1;
	return NULL;
}

Test(send, cancel_stops_a_request_in_flight)
{
	struct webhook_conf	c;
	struct webhook_req	r[2];
	pthread_t		th;
	char			url[128], err[256];

	rx_start(NULL);
	rx_url(url, sizeof(url), "/hang");
	conf_init(&c, url);
	c.timeout = 50;		/* longer than the suite's timeout */
	c.parallel = 1;
	c.cancel = &cancel_flag;
	req_init(&r[0], "cet_h1");
	req_init(&r[1], "cet_h2");
	cr_assert_eq(pthread_create(&th, NULL, cancel_when_in_flight, NULL),
	    0);
	cr_assert_eq(webhook_send_many(&c, r, 2, err, sizeof(err)), 0);
	cr_assert_eq(pthread_join(th, NULL), 0);
	cr_assert_eq(r[0].result, WEBHOOK_RETRY);
	cr_assert_str_eq(r[0].error, "cancelled");
	cr_assert_eq(r[1].result, WEBHOOK_RETRY);
	cr_assert_str_eq(r[1].error, "cancelled");
	cr_assert_eq(rx_stat("requests"), 1);
}

Test(send, receiver_checks_the_timestamp_tolerance)
{
	struct webhook_req	r;

	rx_start("--tolerance", "300", "--now", "1614265330", NULL);
	req_init(&r, "cet_t");
	r.timestamp = REF_TS + 299;
	cr_assert_eq(send_one("/ok", &r), WEBHOOK_OK, "%s", r.error);
	r.timestamp = REF_TS - 301;
	cr_assert_eq(send_one("/ok", &r), WEBHOOK_FAIL);
	cr_assert_eq(r.http_status, 401);
	cr_assert_eq(rx_stat("bad_signature"), 1);
}

/*
 * Without a timestamp the request is signed with the real time as it
 * leaves (a simulated clock must never reach the header): the receiver,
 * on the real clock with a 5 s tolerance, accepts it and logs that time.
 */
Test(send, timestamp_zero_is_the_real_time_of_sending)
{
	struct webhook_req	r;
	time_t			before, after;

	rx_start("--tolerance", "5", NULL);
	req_init(&r, "cet_now");
	r.timestamp = 0;
	before = time(NULL);
	cr_assert_eq(send_one("/ok", &r), WEBHOOK_OK, "%s", r.error);
	after = time(NULL);
	cr_assert_geq(r.timestamp, (long)before);
	cr_assert_leq(r.timestamp, (long)after);
	cr_assert_eq(rx_stat("bad_signature"), 0);
	cr_assert_eq(rx_stat("accepted"), 1);
}

/* The order in which conf->done saw the requests. */
struct done_log {
	const struct webhook_req *base;
	size_t	 order[16];
	size_t	 n;
	size_t	 stop_after;	/* 0: never stop */
};

static int
done_record(void *arg, struct webhook_req *r)
{
	struct done_log	*d = arg;

	cr_assert_lt(d->n, ARRAY_SIZE(d->order));
	d->order[d->n++] = (size_t)(r - d->base);
	return d->stop_after != 0 && d->n >= d->stop_after ? -1 : 0;
}

/*
 * Each result is reported as it comes in and its slot is given to the
 * next request: with two slots and one slow request, all the quick ones
 * go through the other slot and are reported before the slow one ends
 * (batches of two would have waited for it after the first pair).
 */
Test(send, done_reports_each_result_and_refills_the_slot)
{
	struct webhook_conf	c;
	struct webhook_req	r[8];
	static const char *const ids[] = { "slow+1500.1", "ok.1", "ok.2",
	    "ok.3", "ok.4", "ok.5", "ok.6", "ok.7" };
	struct done_log		d;
	char			url[128], err[256];
	size_t			i, seen[8] = { 0 };

	rx_start(NULL);
	rx_url(url, sizeof(url), "/by-id");
	conf_init(&c, url);
	c.parallel = 2;
	memset(&d, 0, sizeof(d));
	d.base = r;
	c.done = done_record;
	c.done_arg = &d;
	for (i = 0; i < ARRAY_SIZE(r); i++)
		req_init(&r[i], ids[i]);
	cr_assert_eq(webhook_send_many(&c, r, ARRAY_SIZE(r), err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(d.n, ARRAY_SIZE(r));
	for (i = 0; i < d.n; i++) {
		seen[d.order[i]]++;
		cr_assert_eq(r[d.order[i]].result, WEBHOOK_OK, "%s: %s",
		    ids[d.order[i]], r[d.order[i]].error);
	}
	for (i = 0; i < ARRAY_SIZE(r); i++)
		cr_assert_eq(seen[i], 1, "%s reported %zu times", ids[i],
		    seen[i]);
	cr_assert_eq(d.order[d.n - 1], 0, "the slow request ends last: %zu %zu %zu %zu %zu %zu %zu %zu", d.order[0], d.order[1], d.order[2], d.order[3], d.order[4], d.order[5], d.order[6], d.order[7]);
	cr_assert_leq(rx_stat("max_in_flight"), 2);
}

/* done returning -1 starts nothing more; what is in flight finishes. */
Test(send, done_can_stop_the_run)
{
	struct webhook_conf	c;
	struct webhook_req	r[5];
	struct done_log		d;
	char			url[128], err[256], id[5][16];
	size_t			i;

	rx_start(NULL);
	rx_url(url, sizeof(url), "/ok");
	conf_init(&c, url);
	c.parallel = 1;
	memset(&d, 0, sizeof(d));
	d.base = r;
	d.stop_after = 2;
	c.done = done_record;
	c.done_arg = &d;
	for (i = 0; i < ARRAY_SIZE(r); i++) {
		cr_assert_eq(cet_fmt(id[i], sizeof(id[i]), "cet_stop_%zu", i),
		    0);
		req_init(&r[i], id[i]);
	}
	cr_assert_eq(webhook_send_many(&c, r, ARRAY_SIZE(r), err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(d.n, 2);
	cr_assert_eq(r[0].result, WEBHOOK_OK);
	cr_assert_eq(r[1].result, WEBHOOK_OK);
	for (i = 2; i < ARRAY_SIZE(r); i++) {
		cr_assert_eq(r[i].result, WEBHOOK_RETRY);
		cr_assert_str_eq(r[i].error, "not sent");
	}
	cr_assert_eq(rx_stat("requests"), 2);
}

/*
 * done returning -1 while others are in flight (deliver.c does on a 410):
 * nothing more starts, and the ones in flight still finish and are
 * reported. All three slots are filled before any request can end, so
 * whichever ends first stops the run and the other two follow.
 */
Test(send, done_stop_lets_the_ones_in_flight_finish)
{
	struct webhook_conf	c;
	struct webhook_req	r[6];
	struct done_log		d;
	char			url[128], err[256], id[6][16];
	size_t			i, seen[3] = { 0 };

	rx_start(NULL);
	rx_url(url, sizeof(url), "/ok");
	conf_init(&c, url);
	c.parallel = 3;
	memset(&d, 0, sizeof(d));
	d.base = r;
	d.stop_after = 1;
	c.done = done_record;
	c.done_arg = &d;
	for (i = 0; i < ARRAY_SIZE(r); i++) {
		cr_assert_eq(cet_fmt(id[i], sizeof(id[i]), "cet_fly_%zu", i),
		    0);
		req_init(&r[i], id[i]);
	}
	cr_assert_eq(webhook_send_many(&c, r, ARRAY_SIZE(r), err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(d.n, 3);
	for (i = 0; i < d.n; i++) {
		cr_assert_lt(d.order[i], 3, "request %zu was started",
		    d.order[i]);
		seen[d.order[i]]++;
	}
	for (i = 0; i < 3; i++) {
		cr_assert_eq(seen[i], 1, "%s reported %zu times", id[i],
		    seen[i]);
		cr_assert_eq(r[i].result, WEBHOOK_OK, "%s: %s", id[i],
		    r[i].error);
	}
	for (i = 3; i < ARRAY_SIZE(r); i++) {
		cr_assert_eq(r[i].result, WEBHOOK_RETRY);
		cr_assert_str_eq(r[i].error, "not sent");
	}
	cr_assert_eq(rx_stat("requests"), 3);
}
