/* SPDX-License-Identifier: ISC */
/*
 * `cetrack notify list|retry` and `cetrack cred set`: the outbox as people
 * see it, and each credential's reminder settings. `notify list` shows
 * every reminder cetrackd queued, sent, skipped or gave up on, with the
 * last error; `notify retry` puts a dead or failed one back in the queue;
 * `cred set` gives a credential its own reminder days, a snooze and the
 * channels it opts out of. Every change writes an audit row, and a refused
 * command changes nothing.
 */

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "base/date.h"
#include "heavy.h"
#include "base/model.h"
#include "store/outbox.h"
#include "store/store.h"
#include "store/store_notify.h"
#include "base/util.h"

static int	notify_list(struct cli *, int, char **);
static int	notify_retry(struct cli *, int, char **);
static json_t	*notify_json_time(time_t);
static json_t	*notify_json_item(const struct outbox_item *);
static const char *notify_time(time_t, char *, size_t);
static void	notify_describe(const struct notify_settings *,
		    const struct config *, char *, size_t);

static const char notify_usage[] =
    "usage: cetrack notify list [--status STATUS] [--json]\n"
    "       cetrack notify retry ID\n"
    "       cetrack notify test email [--to ADDRESS] | webhook\n";

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

static const char cred_set_usage[] =
    "usage: cetrack cred set ID [--remind DAYS|default|none]\n"
    "                   [--remind-after DAYS|default|none]\n"
    "                   [--snooze-until DATE|none]\n"
    "                   [--opt-out email|webhook|all|none]\n"
    "\n"
    "Set a credential's own reminder settings; what is not given stays.\n"
    "\n"
    "  --remind DAYS        days before valid-through on which to remind,\n"
    "                       e.g. 120,60,30 (0 to 3650, at most 16); default:\n"
    "                       the configuration's [reminders] before; none:\n"
    "                       no reminders before the deadline\n"
    "  --remind-after DAYS  days after valid-through (1 to 3650), default\n"
    "                       or none, likewise\n"
    "  --snooze-until DATE  send nothing for this credential through DATE\n"
    "                       (today or later); none ends a snooze\n"
    "  --opt-out CHANNELS   email, webhook, email,webhook, all (every\n"
    "                       channel, log included) or none; replaces the\n"
    "                       previous choice\n"
    "\n"
    "Reminders that are not sent are still recorded (notify list shows them\n"
    "as skipped). DATE is YYYY-MM-DD, today or yesterday.\n";

static const struct cli_sub notify_subs[] = {
	{ "list",	"notify list",	notify_list },
	{ "retry",	"notify retry",	notify_retry },
	{ "test",	"notify test",	cli_run_notify_test }
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

/* -- cred set -------------------------------------------------------- */

/* One line for people: what the credential's reminders now are. */
static void
notify_describe(const struct notify_settings *ns, const struct config *cfg,
    char *buf, size_t len)
{
	char	bdays[96], adays[96], opt[32], day[DATE_BUFSZ], snooze[48];

	if (notify_format_days(ns->has_before ? ns->before : cfg->before,
	    ns->has_before ? ns->nbefore : cfg->nbefore, bdays,
	    sizeof(bdays)) == -1)
		(void)cet_strlcpy(bdays, "?", sizeof(bdays));
	if (notify_format_days(ns->has_after ? ns->after : cfg->after,
	    ns->has_after ? ns->nafter : cfg->nafter, adays,
	    sizeof(adays)) == -1)
		(void)cet_strlcpy(adays, "?", sizeof(adays));
	if (ns->snooze_until >= 0)
		(void)cet_fmt(snooze, sizeof(snooze), "until %s",
		    date_format(ns->snooze_until, day));
	else
		(void)cet_strlcpy(snooze, "none", sizeof(snooze));
	if (notify_format_opt_out(ns->opt_out, opt, sizeof(opt)) == -1 ||
	    opt[0] == '\0')
		(void)cet_strlcpy(opt, "none", sizeof(opt));
	(void)cet_fmt(buf, len, "before: %s%s%s%s; after: %s%s%s%s; "
	    "snooze: %s; opt-out: %s",
	    ns->has_before ? "" : "default (", bdays,
	    strcmp(bdays, "none") != 0 ? " days" : "",
	    ns->has_before ? "" : ")",
	    ns->has_after ? "" : "default (", adays,
	    strcmp(adays, "none") != 0 ? " days" : "",
	    ns->has_after ? "" : ")", snooze, opt);
}

int
cmd_cred_set(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "remind",		required_argument,	NULL,	'r' },
		{ "remind-after",	required_argument,	NULL,	'a' },
		{ "snooze-until",	required_argument,	NULL,	's' },
		{ "opt-out",		required_argument,	NULL,	'o' },
		{ "help",		no_argument,		NULL,	'h' },
		{ NULL,			0,			NULL,	0 }
	};
	struct notify_settings	 ns, old;
	struct credential	 cr;
	const char		*remind = NULL, *after = NULL, *snooze = NULL;
	const char		*optout = NULL;
	char			 err[1024], why[256], desc[512];
	int			 before_v[CONFIG_MAX_OFFSETS];
	int			 after_v[CONFIG_MAX_OFFSETS];
	int			 nbefore = 0, nafter = 0, snooze_day = -1;
	unsigned		 opt_bits = 0;
	int64_t			 id;
	int			 ch, rc = EXIT_FAIL;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			remind = optarg;
			break;
		case 'a':
			after = optarg;
			break;
		case 's':
			snooze = optarg;
			break;
		case 'o':
			optout = optarg;
			break;
		case 'h':
			return cli_help(cred_set_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind == argc)
		return cli_error(c, EXIT_USAGE, "ID: missing, expected a "
		    "credential id (see 'cetrack cred list')");
	if (argc - optind > 1)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'; see "
		    "'cetrack cred set --help'", argv[optind + 1]);
	if (cli_id_arg(c, "ID", argv[optind], &id) == -1)
		return EXIT_USAGE;
	if (remind == NULL && after == NULL && snooze == NULL &&
	    optout == NULL)
		return cli_error(c, EXIT_USAGE, "nothing to set, expected "
		    "--remind, --remind-after, --snooze-until or --opt-out");

	/* Every value's form before the database is touched. */
	if (remind != NULL && strcmp(remind, "default") != 0 &&
	    notify_parse_days(remind, 0, NOTIFY_DAYS_MAX, 1, before_v,
	    &nbefore, why, sizeof(why)) == -1)
		return cli_error(c, EXIT_USAGE, "--remind: %s, expected days "
		    "before valid-through such as 120,60,30 (0 to %d, at most "
		    "%d), default or none", why, NOTIFY_DAYS_MAX,
		    CONFIG_MAX_OFFSETS);
	if (after != NULL && strcmp(after, "default") != 0 &&
	    notify_parse_days(after, 1, NOTIFY_DAYS_MAX, 0, after_v, &nafter,
	    why, sizeof(why)) == -1)
		return cli_error(c, EXIT_USAGE, "--remind-after: %s, expected "
		    "days after valid-through such as 1,7,30 (1 to %d, at most "
		    "%d), default or none", why, NOTIFY_DAYS_MAX,
		    CONFIG_MAX_OFFSETS);
	if (snooze != NULL && strcmp(snooze, "none") != 0) {
		if (cli_date_arg(c, "--snooze-until", snooze, &snooze_day) ==
		    -1)
			return EXIT_USAGE;
		if (snooze_day < c->today)
			return cli_error(c, EXIT_USAGE, "--snooze-until: %s is "
			    "in the past, expected today or a later date "
			    "(YYYY-MM-DD), or none", snooze);
	}
	if (optout != NULL && notify_parse_opt_out(optout, &opt_bits, why,
	    sizeof(why)) == -1)
		return cli_error(c, EXIT_USAGE, "--opt-out: %s, expected "
		    "email, webhook, email,webhook, all or none", why);

	if (cli_open_db(c) == -1)
		return EXIT_FAIL;
	if (cli_begin(c) == -1)
		return EXIT_FAIL;
	if (store_cred_get(&c->db, id, &cr, err, sizeof(err)) == -1 ||
	    store_notify_settings_get(&c->db, id, &ns, err, sizeof(err)) == -1)
		goto fail;
	old = ns;
	if (remind != NULL) {
		ns.has_before = strcmp(remind, "default") != 0;
		ns.nbefore = ns.has_before ? nbefore : 0;
		memcpy(ns.before, before_v, sizeof(ns.before));
	}
	if (after != NULL) {
		ns.has_after = strcmp(after, "default") != 0;
		ns.nafter = ns.has_after ? nafter : 0;
		memcpy(ns.after, after_v, sizeof(ns.after));
	}
	if (snooze != NULL)
		ns.snooze_until = snooze_day;
	if (optout != NULL)
		ns.opt_out = opt_bits;
	notify_describe(&ns, &c->cfg, desc, sizeof(desc));

	if (old.has_before == ns.has_before && old.nbefore == ns.nbefore &&
	    memcmp(old.before, ns.before, sizeof(int) * (size_t)ns.nbefore) ==
	    0 && old.has_after == ns.has_after && old.nafter == ns.nafter &&
	    memcmp(old.after, ns.after, sizeof(int) * (size_t)ns.nafter) ==
	    0 && old.snooze_until == ns.snooze_until &&
	    old.opt_out == ns.opt_out) {
		cli_rollback(c);
		printf("credential %" PRId64 " (%s %s) unchanged: %s\n", id,
		    cr.program, cr.number, desc);
		rc = EXIT_OK;
		goto out;
	}
	if (store_notify_settings_set(&c->db, &ns, err, sizeof(err)) == -1 ||
	    store_audit(&c->db, "set", "credential", id, desc, err,
	    sizeof(err)) == -1)
		goto fail;
	if (cli_commit(c) == -1)
		goto out;
	printf("credential %" PRId64 " (%s %s): %s\n", id, cr.program,
	    cr.number, desc);
	rc = EXIT_OK;
	goto out;
fail:
	cli_rollback(c);
	cli_error(c, EXIT_FAIL, "%s", err);
out:
	return rc;
}
