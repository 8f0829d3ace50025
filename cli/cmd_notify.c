/* SPDX-License-Identifier: ISC */
/*
 * `cetrack notify list|retry|test|new-secret`: the outbox as people see
 * it. `notify list` shows every reminder cetrackd queued, sent, skipped or
 * gave up on, with the last error; `notify retry` puts a dead or failed
 * one back in the queue; `notify test` is cetrack-full's
 * (cmd_notify_test.c); `notify new-secret` prints a webhook signing
 * secret. Every change writes an audit row, and a refused command changes
 * nothing.
 */

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "base/date.h"
#include "base/model.h"
#include "base/secret.h"
#include "store/outbox.h"
#include "store/store.h"
#include "store/store_notify.h"
#include "base/util.h"

static int	notify_list(struct cli *, int, char **);
static int	notify_retry(struct cli *, int, char **);
static int	notify_new_secret(struct cli *, int, char **);
static json_t	*notify_json_time(time_t);
static json_t	*notify_json_item(const struct outbox_item *);
static const char *notify_time(time_t, char *, size_t);

static const char notify_usage[] =
    "usage: cetrack notify list [--status STATUS] [--json]\n"
    "       cetrack notify retry ID\n"
    "       cetrack notify test email [--to ADDRESS] | webhook\n"
    "       cetrack notify new-secret\n";

static const char notify_list_usage[] =
    "usage: cetrack notify list [--status STATUS] [--json]\n"
    "\n"
    "List the reminders cetrackd has queued: when each was created, for\n"
    "which credential and event, by which channel to whom, its status, the\n"
    "attempts made, the next attempt and the last error (or why it was\n"
    "skipped).\n"
    "\n"
    "  --status STATUS  only pending, sent, failed, dead or skipped\n"
    "  --json           machine-readable output\n"
    "\n"
    "Times are UTC.\n";

static const char notify_retry_usage[] =
    "usage: cetrack notify retry ID\n"
    "\n"
    "Queue a dead or failed notification again: it becomes pending, due\n"
    "now, with a new retry period; cetrackd sends it on its next pass. A\n"
    "webhook endpoint that was disabled (410 Gone) is enabled again.\n";

static const char notify_new_secret_usage[] =
    "usage: cetrack notify new-secret\n"
    "\n"
    "Print a new webhook signing secret: whsec_ followed by the base64 of\n"
    "32 random bytes from the kernel (getrandom(2)), the form Standard\n"
    "Webhooks receivers take. Give the same line to the receiver and keep\n"
    "it in the file that [webhook] secret_file names, readable by its\n"
    "owner only:\n"
    "\n"
    "  (umask 077; cetrack notify new-secret > /etc/cetrack/webhook-secret)\n";

static const struct cli_sub notify_subs[] = {
	{ "list",	"notify list",	notify_list, 0 },
	{ "retry",	"notify retry",	notify_retry, 0 },
	{ "test",	"notify test",	cmd_notify_test, CMD_FULL },
	{ "new-secret",	"notify new-secret", notify_new_secret, 0 }
};

int
cmd_notify(struct cli *c, int argc, char **argv)
{
	return cli_dispatch(c, notify_subs, ARRAY_SIZE(notify_subs),
	    notify_usage, argc, argv);
}

/* "2027-03-02T09:00:00Z", or "-" for none. */
static const char *
notify_time(time_t t, char *buf, size_t len)
{
	if (t == 0 || outbox_time_format(t, buf, len) == -1)
		return "-";
	return buf;
}

static json_t *
notify_json_time(time_t t)
{
	char	buf[OUTBOX_TIME_BUFSZ];

	if (t == 0 || outbox_time_format(t, buf, sizeof(buf)) == -1)
		return json_null();
	return json_string(buf);
}

static json_t *
notify_json_item(const struct outbox_item *it)
{
	json_t	*o;

	o = json_pack("{s:I, s:s, s:o, s:o, s:s, s:s, s:s, s:s, s:i, s:o, "
	    "s:o, s:o, s:o, s:o, s:o, s:s, s:o}",
	    "id", (json_int_t)it->id,
	    "dedup_key", it->dedup_key,
	    "credential_id", it->credential_id != 0 ?
	    json_integer((json_int_t)it->credential_id) : json_null(),
	    "cycle_id", it->cycle_id != 0 ?
	    json_integer((json_int_t)it->cycle_id) : json_null(),
	    "event", it->event,
	    "channel", it->channel,
	    "recipient", it->recipient,
	    "status", outbox_status_name(it->status),
	    "attempts", it->attempts,
	    "created", notify_json_time(it->created),
	    "next_attempt", notify_json_time(it->next_attempt),
	    "first_attempt", notify_json_time(it->first_attempt),
	    "sent", notify_json_time(it->sent),
	    "last_error", cli_json_str(it->last_error),
	    "skip_reason", cli_json_str(it->skip_reason),
	    "webhook_id", it->webhook_id,
	    "digest_group", cli_json_str(it->digest_group));
	return o;
}

static int
notify_list(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "status",	required_argument,	NULL,	's' },
		{ "json",	no_argument,		NULL,	'j' },
		{ "help",	no_argument,		NULL,	'h' },
		{ NULL,		0,			NULL,	0 }
	};
	struct outbox_item	*v = NULL;
	enum outbox_status	 st;
	json_t			*arr = NULL, *o;
	const char		*note;
	char			 err[1024], t1[OUTBOX_TIME_BUFSZ];
	char			 t2[OUTBOX_TIME_BUFSZ], cred[24];
	size_t			 n = 0, i, wrcpt = 9, wev = 5, len;
	int			 ch, json = 0, status = -1, rc = EXIT_FAIL;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			if (outbox_status_parse(optarg, &st) == -1)
				return cli_error(c, EXIT_USAGE, "--status: "
				    "'%s' is not a status, expected pending, "
				    "sent, failed, dead or skipped", optarg);
			status = (int)st;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(notify_list_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind != argc)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'; see "
		    "'cetrack notify list --help'", argv[optind]);
	if (cli_open_db(c) == -1)
		return EXIT_FAIL;
	if (outbox_list(&c->db, status, 0, &v, &n, err, sizeof(err)) == -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		goto out;
	}

	if (json) {
		if ((arr = json_array()) == NULL) {
			cli_error(c, EXIT_FAIL, "out of memory");
			goto out;
		}
		for (i = 0; i < n; i++) {
			if ((o = notify_json_item(&v[i])) == NULL ||
			    json_array_append_new(arr, o) == -1) {
				cli_error(c, EXIT_FAIL, "out of memory");
				goto out;
			}
		}
		o = json_pack("{s:o}", "notifications", arr);
		arr = NULL;
		rc = cli_json_print(o) == 0 ? EXIT_OK : EXIT_FAIL;
		goto out;
	}

	if (n == 0) {
		if (status < 0)
			printf("no notifications yet\n");
		else
			printf("no %s notifications\n",
			    outbox_status_name((enum outbox_status)status));
		rc = EXIT_OK;
		goto out;
	}
	for (i = 0; i < n; i++) {
		if ((len = cet_utf8_len(v[i].recipient)) > wrcpt)
			wrcpt = len;
		if ((len = strlen(v[i].event)) > wev)
			wev = len;
	}
	printf("%5s  %-20s  %5s  ", "ID", "CREATED", "CRED");
	cli_pad("EVENT", wev);
	printf("  %-7s  ", "CHANNEL");
	cli_pad("RECIPIENT", wrcpt);
	printf("  %-7s  %4s  %-20s  %s\n", "STATUS", "TRY", "NEXT ATTEMPT",
	    "LAST ERROR");
	for (i = 0; i < n; i++) {
		if (v[i].credential_id != 0)
			(void)cet_fmt(cred, sizeof(cred), "%" PRId64,
			    v[i].credential_id);
		else
			(void)cet_fmt(cred, sizeof(cred), "-");
		printf("%5" PRId64 "  %-20s  %5s  ", v[i].id,
		    notify_time(v[i].created, t1, sizeof(t1)), cred);
		cli_pad(v[i].event, wev);
		printf("  %-7s  ", v[i].channel);
		cli_pad(v[i].recipient[0] != '\0' ? v[i].recipient : "-",
		    wrcpt);
		if (v[i].status == OUTBOX_SKIPPED)
			note = v[i].skip_reason;
		else
			note = v[i].last_error;
		printf("  %-7s  %4d  %-20s  %s\n",
		    outbox_status_name(v[i].status), v[i].attempts,
		    notify_time(v[i].next_attempt, t2, sizeof(t2)),
		    note[0] != '\0' ? note : "-");
	}
	rc = EXIT_OK;
out:
	json_decref(arr);
	outbox_items_free(v, n);
	return rc;
}

static int
notify_retry(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help",	no_argument,	NULL,	'h' },
		{ NULL,		0,		NULL,	0 }
	};
	struct outbox_item	 it;
	enum outbox_status	 prev;
	char			 err[1024], detail[128];
	int64_t			 id;
	time_t			 now;
	int			 ch, enabled = 0, rc = EXIT_FAIL;

	memset(&it, 0, sizeof(it));
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			return cli_help(notify_retry_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind == argc)
		return cli_error(c, EXIT_USAGE, "ID: missing, expected a "
		    "notification id (see 'cetrack notify list')");
	if (argc - optind > 1)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'; see "
		    "'cetrack notify retry --help'", argv[optind + 1]);
	if (cli_id_arg(c, "ID", argv[optind], &id) == -1)
		return EXIT_USAGE;
	if (cli_open_db(c) == -1)
		return EXIT_FAIL;
	now = time(NULL);

	if (cli_begin(c) == -1)
		return EXIT_FAIL;
	if (outbox_get(&c->db, id, &it, err, sizeof(err)) == -1 ||
	    outbox_retry(&c->db, id, now, &prev, err, sizeof(err)) == -1)
		goto fail;
	/* Sending again to a receiver that said 410 means it is back. */
	if (strcmp(it.channel, "webhook") == 0 &&
	    store_webhook_enable(&c->db, it.recipient, &enabled, err,
	    sizeof(err)) == -1)
		goto fail;
	if (enabled && store_audit(&c->db, "enable", "webhook_endpoint", 0,
	    it.recipient, err, sizeof(err)) == -1)
		goto fail;
	(void)cet_fmt(detail, sizeof(detail), "%s -> pending after %d "
	    "attempt%s", outbox_status_name(prev), it.attempts,
	    it.attempts == 1 ? "" : "s");
	if (store_audit(&c->db, "retry", "notification", id, detail, err,
	    sizeof(err)) == -1)
		goto fail;
	if (cli_commit(c) == -1)
		goto out;
	printf("notification %" PRId64 " is pending again (was %s); cetrackd "
	    "sends it on its next pass\n", id, outbox_status_name(prev));
	if (enabled)
		printf("webhook endpoint %s enabled again\n", it.recipient);
	rc = EXIT_OK;
	goto out;
fail:
	cli_rollback(c);
	cli_error(c, EXIT_FAIL, "%s", err);
out:
	outbox_item_clear(&it);
	return rc;
}

static int
notify_new_secret(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help",	no_argument,	NULL,	'h' },
		{ NULL,		0,		NULL,	0 }
	};
	char	buf[WHSEC_NEW_BUFSZ];
	int	ch, rc = EXIT_OK;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			return cli_help(notify_new_secret_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind != argc)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'",
		    argv[optind]);
	if (whsec_new(buf, sizeof(buf)) == -1)
		return cli_error(c, EXIT_FAIL, "no random bytes from the "
		    "kernel: %s", strerror(errno));
	if (printf("%s\n", buf) < 0 || fflush(stdout) == EOF)
		rc = cli_error(c, EXIT_FAIL, "cannot write the secret: %s",
		    strerror(errno));
	explicit_bzero(buf, sizeof(buf));
	return rc;
}
