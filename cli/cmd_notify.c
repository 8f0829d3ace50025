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

#define NOTIFY_LIMIT_DEFAULT	50
#define NOTIFY_LIMIT_MAX	1000000

static const char notify_usage[] =
    "usage: cetrack notify list [--status S] [--person P] [--credential ID]\n"
    "                           [--since DATE] [--limit N] [--json]\n"
    "       cetrack notify retry ID\n"
    "       cetrack notify test email [--to ADDRESS] | webhook\n"
    "       cetrack notify new-secret\n";

static const char notify_list_usage[] =
    "usage: cetrack notify list [--status S] [--person P] [--credential ID]\n"
    "                           [--since DATE] [--limit N] [--json]\n"
    "\n"
    "List the reminders cetrackd has queued: when each was created, for\n"
    "which credential and event, by which channel to whom, its status, the\n"
    "attempts made, the next attempt and the last error. Skipped ones (not\n"
    "to be sent, kept as a record) are counted per credential, with the\n"
    "latest and why, instead of one line each.\n"
    "\n"
    "  --status S        only pending, sent, failed, dead or skipped\n"
    "  --person P        only that person's (an id, external id or name)\n"
    "  --credential ID   only that credential's\n"
    "  --since DATE      only those created on or after DATE (YYYY-MM-DD,\n"
    "                    today, yesterday; UTC like the times shown)\n"
    "  --limit N         the newest N lines (default 50; --json: all)\n"
    "  --json            machine-readable output, one object per item\n"
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

/* "pending, sent, failed, dead or skipped": every status there is. */
static void
notify_status_names(char *buf, size_t len)
{
	const char	*name, *next;
	int		 i;

	buf[0] = '\0';
	for (i = 0; strcmp(name = outbox_status_name((enum outbox_status)i),
	    "?") != 0; i++) {
		next = outbox_status_name((enum outbox_status)(i + 1));
		(void)cet_strlcpy(buf + strlen(buf), i == 0 ? "" :
		    strcmp(next, "?") == 0 ? " or " : ", ", len - strlen(buf));
		(void)cet_strlcpy(buf + strlen(buf), name, len - strlen(buf));
	}
}

/* The filters applied, for --json. */
static json_t *
notify_json_filters(const struct outbox_filter *f, const char *person,
    const char *since)
{
	return json_pack("{s:o, s:o, s:o, s:o}",
	    "status", f->status < 0 ? json_null() :
	    json_string(outbox_status_name((enum outbox_status)f->status)),
	    "person", person != NULL ? json_string(person) : json_null(),
	    "credential", f->credential_id > 0 ?
	    json_integer((json_int_t)f->credential_id) : json_null(),
	    "since", since != NULL ? json_string(since) : json_null());
}

/* "credential 12 (Dana Reyes, CCM CCM-100234)" */
static void
notify_cred_label(struct cli *c, int64_t id, char *buf, size_t len)
{
	struct credential	 cr;
	struct person		 pe;
	char			 err[512];

	if (id == 0) {
		(void)cet_strlcpy(buf, "no credential", len);
		return;
	}
	if (store_cred_get(&c->db, id, &cr, err, sizeof(err)) == -1) {
		(void)cet_fmt(buf, len, "credential %" PRId64, id);
		return;
	}
	if (store_person_get(&c->db, cr.person_id, &pe, err, sizeof(err)) ==
	    -1)
		pe.name[0] = '\0';
	(void)cet_fmt(buf, len, "credential %" PRId64 " (%s%s%s%s%s)", id,
	    pe.name, pe.name[0] != '\0' ? ", " : "", cr.program,
	    cr.number[0] != '\0' ? " " : "", cr.number);
}

/*
 * One line for a credential's grouped items, rows v[0..n-1] of one
 * credential: "credential 1 (Dana Reyes, CCM CCM-100234): 5 skipped,
 * 2 superseded — latest: item 12, before-180 by email on
 * 2027-03-02T09:00:00Z: caught up: before-90 is more urgent".
 */
static void
notify_group_line(struct cli *c, const struct outbox_group_row *v, size_t n)
{
	struct outbox_item	 it;
	char			 label[600], err[512], t[OUTBOX_TIME_BUFSZ];
	size_t			 i;

	notify_cred_label(c, v[0].credential_id, label, sizeof(label));
	printf("%s:", label);
	for (i = 0; i < n; i++)
		printf("%s %" PRId64 " %s", i == 0 ? "" : ",", v[i].count,
		    outbox_status_name(v[i].status));
	memset(&it, 0, sizeof(it));
	if (outbox_get(&c->db, v[0].latest, &it, err, sizeof(err)) == 0) {
		printf(" \u2014 latest: item %" PRId64 ", %s by %s on %s",
		    it.id, it.event, it.channel, notify_time(it.created, t,
		    sizeof(t)));
		if (it.skip_reason[0] != '\0')
			printf(": %s", it.skip_reason);
		else if (it.last_error[0] != '\0')
			printf(": %s", it.last_error);
		outbox_item_clear(&it);
	}
	printf("\n");
}

static void
notify_table_header(size_t wev, size_t wrcpt)
{
	printf("%5s  %-20s  %5s  ", "ID", "CREATED", "CRED");
	cli_pad("EVENT", wev);
	printf("  %-7s  ", "CHANNEL");
	cli_pad("RECIPIENT", wrcpt);
	printf("  %-7s  %4s  %-20s  %s\n", "STATUS", "TRY", "NEXT ATTEMPT",
	    "LAST ERROR");
}

static void
notify_table_row(const struct outbox_item *it, size_t wev, size_t wrcpt)
{
	char		 t1[OUTBOX_TIME_BUFSZ], t2[OUTBOX_TIME_BUFSZ], cred[24];
	const char	*note;

	if (it->credential_id != 0)
		(void)cet_fmt(cred, sizeof(cred), "%" PRId64,
		    it->credential_id);
	else
		(void)cet_fmt(cred, sizeof(cred), "-");
	printf("%5" PRId64 "  %-20s  %5s  ", it->id,
	    notify_time(it->created, t1, sizeof(t1)), cred);
	cli_pad(it->event, wev);
	printf("  %-7s  ", it->channel);
	cli_pad(it->recipient[0] != '\0' ? it->recipient : "-", wrcpt);
	note = it->status == OUTBOX_SKIPPED ? it->skip_reason : it->last_error;
	printf("  %-7s  %4d  %-20s  %s\n", outbox_status_name(it->status),
	    it->attempts, notify_time(it->next_attempt, t2, sizeof(t2)),
	    note[0] != '\0' ? note : "-");
}

static int
notify_list(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "status",	required_argument,	NULL,	's' },
		{ "person",	required_argument,	NULL,	'p' },
		{ "credential",	required_argument,	NULL,	'c' },
		{ "since",	required_argument,	NULL,	'S' },
		{ "limit",	required_argument,	NULL,	'l' },
		{ "json",	no_argument,		NULL,	'j' },
		{ "help",	no_argument,		NULL,	'h' },
		{ NULL,		0,			NULL,	0 }
	};
	struct outbox_filter	 f;
	struct outbox_item	*v = NULL;
	struct outbox_group_row	*g = NULL;
	struct person		 pe;
	enum outbox_status	 st;
	json_t			*arr = NULL, *o;
	const char		*person = NULL, *since = NULL;
	char			 err[1024], names[128];
	size_t			 n = 0, ng = 0, i, j, k, wrcpt = 9, wev = 5;
	size_t			 len, limit = 0, rows, groups;
	int64_t			 total = 0, gitems = 0, gcreds = 0, shown;
	int			 ch, json = 0, day, filtered = 0;
	int			 rc = EXIT_FAIL, limited = 0;

	memset(&f, 0, sizeof(f));
	f.status = -1;
	f.grouped = -1;
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			if (outbox_status_parse(optarg, &st) == -1) {
				notify_status_names(names, sizeof(names));
				return cli_error(c, EXIT_USAGE, "--status: "
				    "'%s' is not a status, expected %s",
				    optarg, names);
			}
			f.status = (int)st;
			break;
		case 'p':
			if (cli_text_arg(c, "--person", optarg, NAME_MAX_LEN,
			    0) == -1)
				return EXIT_USAGE;
			person = optarg;
			break;
		case 'c':
			if (cli_id_arg(c, "--credential", optarg,
			    &f.credential_id) == -1)
				return EXIT_USAGE;
			break;
		case 'S':
			if (cli_date_arg(c, "--since", optarg, &day) == -1)
				return EXIT_USAGE;
			f.since = (time_t)day * 86400;
			/* 1970-01-01 would read as "no filter". */
			if (f.since == 0)
				f.since = 1;
			since = optarg;
			break;
		case 'l':
			if (cli_limit_arg(c, optarg, NOTIFY_LIMIT_MAX, &limit) == -1)
				return EXIT_USAGE;
			limited = 1;
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
	/* A script reads everything unless it asks for less. */
	if (!limited && !json)
		limit = NOTIFY_LIMIT_DEFAULT;
	if (cli_open_db(c) == -1)
		return EXIT_FAIL;
	if (person != NULL) {
		if (cli_person(c, person, &pe) == -1)
			return EXIT_FAIL;
		f.person_id = pe.id;
	}
	filtered = person != NULL || f.credential_id != 0 || since != NULL;

	if (json) {
		if (outbox_select(&c->db, &f, limit, &v, &n, &total, err,
		    sizeof(err)) == -1) {
			cli_error(c, EXIT_FAIL, "%s", err);
			goto out;
		}
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
		o = json_pack("{s:o, s:o, s:o, s:I}", "notifications", arr,
		    "filters", notify_json_filters(&f, person, since),
		    "limit", limit > 0 ? json_integer((json_int_t)limit) :
		    json_null(), "left_out", (json_int_t)(total - (int64_t)n));
		arr = NULL;
		rc = cli_json_print(o) == 0 ? EXIT_OK : EXIT_FAIL;
		goto out;
	}

	/* Items one by one, and the grouped ones per credential: the newest
	 * `limit` lines of the two together. */
	f.grouped = 0;
	if (outbox_select(&c->db, &f, limit, &v, &n, &total, err,
	    sizeof(err)) == -1 ||
	    outbox_groups(&c->db, &f, limit, &g, &ng, &gitems, &gcreds, err,
	    sizeof(err)) == -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		goto out;
	}
	if (n == 0 && ng == 0) {
		if (f.status < 0 && !filtered && total + gitems == 0)
			printf("no notifications yet\n");
		else if (!filtered)
			printf("no %s notifications\n",
			    outbox_status_name((enum outbox_status)f.status));
		else
			printf("no notifications match the filters\n");
		rc = EXIT_OK;
		goto out;
	}
	/* Merge newest first: rows from the end of v, groups from the end
	 * of g (one credential's rows are adjacent, by latest). */
	rows = n;
	groups = 0;
	for (k = ng; k > 0; k = j) {
		for (j = k - 1; j > 0 && g[j - 1].credential_id ==
		    g[k - 1].credential_id; j--)
			;
		groups++;
	}
	while (rows + groups > limit && limit > 0) {
		/* Drop the oldest line: the first row or the first group. */
		if (rows > 0 && (groups == 0 || v[n - rows].id <
		    g[0].latest)) {
			rows--;
		} else {
			for (j = 1; j < ng && g[j].credential_id ==
			    g[0].credential_id; j++)
				;
			memmove(g, g + j, (ng - j) * sizeof(*g));
			ng -= j;
			groups--;
		}
	}
	shown = (int64_t)rows;
	for (i = 0; i < ng; i++)
		shown += g[i].count;
	for (i = n - rows; i < n; i++) {
		if ((len = cet_utf8_len(v[i].recipient)) > wrcpt)
			wrcpt = len;
		if ((len = strlen(v[i].event)) > wev)
			wev = len;
	}
	if (rows > 0) {
		notify_table_header(wev, wrcpt);
		for (i = n - rows; i < n; i++)
			notify_table_row(&v[i], wev, wrcpt);
	}
	for (i = 0; i < ng; i = j) {
		for (j = i + 1; j < ng && g[j].credential_id ==
		    g[i].credential_id; j++)
			;
		notify_group_line(c, &g[i], j - i);
	}
	if (total + gitems > shown)
		printf("... %" PRId64 " more; use --limit or filters\n",
		    total + gitems - shown);
	rc = EXIT_OK;
out:
	json_decref(arr);
	outbox_items_free(v, n);
	free(g);
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
