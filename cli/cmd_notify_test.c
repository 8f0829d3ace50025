/* SPDX-License-Identifier: ISC */
/*
 * cetrack notify test email|webhook: send one real test message through
 * the configured channel and report the server's answer, so that an admin
 * can check SMTP credentials, TLS and a webhook receiver's signature check
 * before the first real reminder is due. Nothing is written to the
 * database.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"
#include "notify/email.h"
#include "notify/net.h"
#include "base/secret.h"
#include "base/util.h"
#include "notify/webhook.h"

static const char notify_test_usage[] =
    "usage: cetrack notify test email [--to ADDRESS]\n"
    "       cetrack notify test webhook\n"
    "\n"
    "Send one test message through the configured channel ([email] or\n"
    "[webhook] in cetrack.ini) and print the server's answer. The email\n"
    "goes to --to, or to [email] admin. Exit 0 when the server accepted it.\n";

static int
notify_test_email(struct cli *c, const char *to)
{
	struct email_conf ec;
	struct email_msg m;
	struct secret pw;
	enum email_result r;
	char err[512], reply[EMAIL_REPLY_MAX], host[256];
	char *body = NULL;
	int rc = EXIT_FAIL;

	memset(&pw, 0, sizeof(pw));
	if (!c->cfg.email_enabled)
		return cli_error(c, EXIT_FAIL, "[email] is not enabled in %s",
		    c->cfg.path[0] ? c->cfg.path : "the configuration");
	if (to == NULL || *to == '\0')
		to = c->cfg.admin;
	if (*to == '\0')
		return cli_error(c, EXIT_USAGE, "--to: missing, expected an "
		    "address (or set [email] admin)");
	if (cli_text_arg(c, "--to", to, EMAIL_MAX_LEN, 0) == -1)
		return EXIT_USAGE;
	if (c->cfg.username[0] != '\0' && secret_read(c->cfg.password_file,
	    "smtp-password", &pw, err, sizeof(err)) == -1)
		return cli_error(c, EXIT_FAIL, "[email] password: %s", err);

	memset(&ec, 0, sizeof(ec));
	ec.smtp_url = c->cfg.smtp_url;
	ec.starttls = c->cfg.starttls;
	ec.from = c->cfg.from;
	ec.username = c->cfg.username[0] ? c->cfg.username : NULL;
	ec.password = pw.buf;
	ec.passwordlen = pw.len;
	ec.ca_file = c->cfg.ca_file[0] ? c->cfg.ca_file : NULL;
	/* Its messages name the section already ("[email] from: ..."). */
	if (email_conf_check(&ec, err, sizeof(err)) == -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		goto out;
	}
	if (gethostname(host, sizeof(host)) == -1)
		cet_strlcpy(host, "this host", sizeof(host));
	host[sizeof(host) - 1] = '\0';
	body = xasprintf("This is a test message from cetrack on %s.\n\n"
	    "If you can read it, cetrackd can send renewal reminders through\n"
	    "%s.\n", host, c->cfg.smtp_url);
	memset(&m, 0, sizeof(m));
	m.to = to;
	m.subject = "cetrack test message";
	m.body = body;
	reply[0] = err[0] = '\0';
	r = email_send(&ec, &m, time(NULL), reply, sizeof(reply), err,
	    sizeof(err));
	if (r != EMAIL_OK) {
		cli_error(c, EXIT_FAIL, "test email to %s not sent: %s; %s", to,
		    err[0] ? err : reply[0] ? reply : "unknown error",
		    r == EMAIL_TEMPFAIL ? "cetrackd would retry it later" :
		    "cetrackd would not retry it");
		goto out;
	}
	printf("email to %s accepted by %s: %s\n", to, c->cfg.smtp_url,
	    reply[0] ? reply : "OK");
	rc = EXIT_OK;
out:
	free(body);
	secret_free(&pw);
	return rc;
}

static int
notify_test_webhook(struct cli *c)
{
	struct webhook_conf wc;
	struct webhook_req req;
	struct secret sec;
	json_t *o = NULL;
	char err[512], id[64], *body = NULL;
	time_t now = time(NULL);
	int rc = EXIT_FAIL;

	memset(&sec, 0, sizeof(sec));
	memset(&wc, 0, sizeof(wc));
	if (!c->cfg.webhook_enabled)
		return cli_error(c, EXIT_FAIL, "[webhook] is not enabled in %s",
		    c->cfg.path[0] ? c->cfg.path : "the configuration");
	if (secret_read(c->cfg.secret_file, "webhook-secret", &sec, err,
	    sizeof(err)) == -1)
		return cli_error(c, EXIT_FAIL, "[webhook] secret: %s", err);
	if (whsec_decode(sec.buf, sec.len, wc.secret, sizeof(wc.secret),
	    &wc.secretlen, err, sizeof(err)) == -1) {
		cli_error(c, EXIT_FAIL, "[webhook] secret_file: %s; expected "
		    "whsec_ + base64 (make one with `cetrack notify "
		    "new-secret`)", err);
		goto out;
	}
	wc.url = c->cfg.webhook_url;
	wc.timeout = c->cfg.webhook_timeout;
	wc.parallel = 1;
	wc.ca_file = c->cfg.ca_file[0] ? c->cfg.ca_file : NULL;

	cet_fmt(id, sizeof(id), "msg_test_%lld_%ld", (long long)now,
	    (long)getpid());
	o = json_pack("{s:s, s:s, s:I, s:{s:s}}", "type", "cetrack.test",
	    "id", id, "timestamp", (json_int_t)now, "data", "message",
	    "test message from cetrack notify test");
	if (o == NULL || (body = json_dumps(o, JSON_COMPACT)) == NULL) {
		cli_error(c, EXIT_FAIL, "cannot build the test payload");
		goto out;
	}
	memset(&req, 0, sizeof(req));
	req.id = id;
	req.body = body;
	req.timestamp = (long)now;
	if (net_init() == -1) {
		cli_error(c, EXIT_FAIL, "cannot initialise libcurl");
		goto out;
	}
	if (webhook_send_many(&wc, &req, 1, err, sizeof(err)) == -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		goto cleanup;
	}
	if (req.result != WEBHOOK_OK) {
		cli_error(c, EXIT_FAIL, "test webhook to %s not delivered: "
		    "%s%s%s%s; %s", wc.url, req.error[0] ? req.error :
		    "unknown error", req.response_excerpt[0] ? ": \"" : "",
		    req.response_excerpt, req.response_excerpt[0] ? "\"" : "",
		    req.result == WEBHOOK_RETRY ? "cetrackd would retry it "
		    "later" : req.result == WEBHOOK_GONE ? "cetrackd would "
		    "disable the endpoint" : "cetrackd would not retry it");
		goto cleanup;
	}
	printf("webhook %s answered HTTP %d (webhook-id %s)\n", wc.url,
	    req.http_status, id);
	rc = EXIT_OK;
cleanup:
	net_fini();
out:
	explicit_bzero(wc.secret, sizeof(wc.secret));
	free(body);
	json_decref(o);
	secret_free(&sec);
	return rc;
}

int
cmd_notify_test(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "to",		required_argument, NULL, 't' },
		{ "help",	no_argument,	NULL,	'h' },
		{ NULL,		0,		NULL,	0 }
	};
	const char *to = NULL;
	int ch;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":t:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 't':
			to = optarg;
			break;
		case 'h':
			return cli_help(notify_test_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind == argc)
		return cli_error(c, EXIT_USAGE, "CHANNEL: missing, expected "
		    "email or webhook");
	if (argc - optind > 1)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'",
		    argv[optind + 1]);
	if (strcmp(argv[optind], "email") == 0)
		return notify_test_email(c, to);
	if (strcmp(argv[optind], "webhook") == 0) {
		if (to != NULL)
			return cli_error(c, EXIT_USAGE, "--to: only for email");
		return notify_test_webhook(c);
	}
	return cli_error(c, EXIT_USAGE, "CHANNEL: '%s' is not a channel, "
	    "expected email or webhook", argv[optind]);
}
