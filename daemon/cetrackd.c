/* SPDX-License-Identifier: ISC */
/*
 * cetrackd: watches every open renewal cycle and tells people, in time,
 * what is still missing. Startup order after OpenNTPD: options, log,
 * configuration and rule packs (all validated before anything is touched),
 * the database, the one-instance lock, then the loop.
 *
 * The loop: a pass (evaluate and enqueue once a day at send_time, and at
 * startup; deliver whatever is due), then sleep in sigtimedwait() until the
 * next due item, the next send_time, the watchdog or a signal. No polling:
 * an idle daemon wakes only when something can be due. Signal handlers do
 * not exist: SIGHUP, SIGTERM and SIGINT are blocked and taken synchronously.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"
#include "base/date.h"
#include "log.h"
#include "sdnotify.h"
#include "store/store.h"
#include "store/store_notify.h"
#include "base/util.h"
#include "base/when.h"

static const char usage_text[] =
    "usage: cetrackd [-c FILE] [-d DB] [--foreground] [--once] "
    "[--now DATETIME]\n"
    "                [--dry-run] [--full] [-v] [--help] [--version]\n"
    "\n"
    "  -c, --config FILE  configuration (default: the lookup in "
    "cetrack.ini(5))\n"
    "  -d, --db DB        database (default: [database] path)\n"
    "  -f, --foreground   stay in the foreground (the only mode; for "
    "systemd)\n"
    "  -1, --once         one pass (evaluate, enqueue, deliver), then exit\n"
    "  -n, --now T        run as if it were T (YYYY-MM-DDTHH:MM[:SS], "
    "local time)\n"
    "  -D, --dry-run      print what one pass would send; change nothing\n"
    "  -F, --full         evaluate every credential, not only those due\n"
    "  -v, --verbose      debug logging\n"
    "  -h, --help         this help\n"
    "  -V, --version      print the version\n";

time_t
daemon_now(const struct daemon *d)
{
	time_t t = time(NULL);

	if (d->fixed_now != 0)
		return d->fixed_now + (t - d->started);
	return t;
}

/* "YYYY-MM-DDTHH:MM[:SS]" (or a space for T) in local time. */
/* A pass where this program can run one (daemon.h). */
static int
daemon_pass(struct daemon *d, int evaluate, long *progress)
{
	if (daemon_pass_here != NULL)
		return daemon_pass_here(d, evaluate, progress);
	return spawn_pass(d, evaluate, progress);
}

static int
parse_now(const char *s, time_t *out)
{
	struct tm tm;
	int day, y, mo, dd, hh = 0, mi = 0, ss = 0, n = 0;
	char date[DATE_BUFSZ];
	size_t len = strlen(s);

	if (len < 10 || len > 19)
		return -1;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (date_parse_iso(date, &day) == -1)
		return -1;
	if (len > 10) {
		if ((s[10] != 'T' && s[10] != ' ') ||
		    (sscanf(s + 11, "%2d:%2d%n", &hh, &mi, &n) != 2))
			return -1;
		if (s[11 + n] == ':' && sscanf(s + 12 + n, "%2d", &ss) != 1)
			return -1;
		if (hh > 23 || mi > 59 || ss > 59 || hh < 0 || mi < 0 ||
		    ss < 0)
			return -1;
		if (s[11 + n] != '\0' && (s[11 + n] != ':' || len != 19))
			return -1;
	}
	date_to_ymd(day, &y, &mo, &dd);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = dd;
	tm.tm_hour = hh;
	tm.tm_min = mi;
	tm.tm_sec = ss;
	tm.tm_isdst = -1;
	*out = mktime(&tm);
	return *out == (time_t)-1 ? -1 : 0;
}

/* Load configuration, packs and secrets into fresh structs; on any error
 * keep what is in force (SIGHUP must never leave the daemon without a
 * working set). */
static int
daemon_load(struct daemon *d, int initial)
{
	struct config cfg;
	struct program_set progs;
	struct secret smtp, hook;
	struct errlist errs = { 0 };
	size_t i;
	int rc = -1;

	memset(&progs, 0, sizeof(progs));
	memset(&smtp, 0, sizeof(smtp));
	memset(&hook, 0, sizeof(hook));
	if (config_load(&cfg, d->config_path, &errs) == -1)
		goto report;
	if (cfg.timezone[0] != '\0')
		setenv("TZ", cfg.timezone, 1);
	tzset();
	/* Every pack now, so that a broken one is said at start. */
	if (programs_load(&progs, cfg.programs_dir, &errs) != 0 ||
	    programs_parse_all(&progs, &errs) != 0) {
		/* Refused packs: the others still work; say which (once:
		 * the parent has said it for a pass's child). */
		for (i = 0; i < errs.n && !d->child; i++)
			log_warnx("%s", errs.v[i]);
		errlist_free(&errs);
	}
	/* What a send would refuse is refused now, as `cetrack check`
	 * does: a daemon that started would leave it pending forever. */
	if (config_check_delivery(&cfg, &smtp, &hook, &errs, NULL) > 0)
		goto report;
	if (!initial) {
		programs_free(&d->progs);
		secret_free(&d->smtp_password);
		secret_free(&d->webhook_secret);
	}
	d->cfg = cfg;
	d->progs = progs;
	d->smtp_password = smtp;
	d->webhook_secret = hook;
	memset(&progs, 0, sizeof(progs));
	memset(&smtp, 0, sizeof(smtp));
	memset(&hook, 0, sizeof(hook));
	d->retry.retry_first = cfg.retry_first;
	d->retry.retry_max = cfg.retry_max;
	d->retry.give_up_after = cfg.give_up_after;
	d->retry.seed = (uint64_t)getpid() ^ (uint64_t)time(NULL);
	rc = 0;
report:
	for (i = 0; i < errs.n; i++)
		log_warnx("%s", errs.v[i]);
	errlist_free(&errs);
	programs_free(&progs);
	secret_free(&smtp);
	secret_free(&hook);
	return rc;
}

/* The next local send_time strictly after t. */
static time_t
next_send_time(const struct daemon *d, time_t t)
{
	struct tm tm;
	time_t s;

	localtime_r(&t, &tm);
	tm.tm_hour = d->cfg.send_time / 60;
	tm.tm_min = d->cfg.send_time % 60;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	s = mktime(&tm);
	if (s <= t) {
		tm.tm_mday++;
		tm.tm_isdst = -1;
		s = mktime(&tm);
	}
	return s;
}

/* "next pass in 17 h 39 min, at 2026-12-08 09:00": what the loop waits
 * for, said once per wake-up time (watchdog pings do not repeat it). */
static void
wake_log(time_t wake, time_t now, const char *what)
{
	char	in[WHEN_BUFSZ], at[WHEN_BUFSZ];

	if (when_duration(wake > now ? (long long)(wake - now) : 0, in,
	    sizeof(in)) == -1 || when_local(wake, now, at, sizeof(at)) == -1)
		log_info("%s in %lld s", what, wake > now ?
		    (long long)(wake - now) : 0LL);
	else
		log_info("%s in %s, at %s", what, in, at);
}

static int
lock_database(const char *dbpath)
{
	char path[PATH_MAX];
	int fd;

	if (cet_fmt(path, sizeof(path), "%s.lock", dbpath) == -1)
		fatalx("database path too long: %s", dbpath);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1)
		fatal("cannot open lock file %s", path);
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno == EWOULDBLOCK)
			fatalx("another cetrackd is already running on %s",
			    dbpath);
		fatal("cannot lock %s", path);
	}
	return fd;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 'd' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "once", no_argument, NULL, '1' },
		{ "now", required_argument, NULL, 'n' },
		{ "dry-run", no_argument, NULL, 'D' },
		{ "full", no_argument, NULL, 'F' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		/* Between cetrackd and cetrackd-full (spawn.c): */
		{ "child-at", required_argument, NULL, 'C' },
		{ "deliver-only", no_argument, NULL, 'O' },
		{ NULL, 0, NULL, 0 }
	};
	struct daemon d;
	sigset_t set;
	siginfo_t si;
	struct timespec ts;
	const char *dbpath, *envdb, *now_arg = NULL;
	char err[512];
	time_t now, next_eval, due, wake, said = 0;
	uint64_t wd;
	int ch, lockfd, sig, quit = 0, rc, stalled = 1;
	long progress = 0;

	memset(&d, 0, sizeof(d));
	while ((ch = getopt_long(argc, argv, "c:d:f1n:DFvhV", opts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			d.config_path = optarg;
			break;
		case 'd':
			d.db_arg = optarg;
			break;
		case 'f':
			break;
		case '1':
			d.once = 1;
			break;
		case 'n':
			now_arg = optarg;
			if (parse_now(optarg, &d.fixed_now) == -1) {
				fprintf(stderr, "cetrackd: --now: '%s' is not "
				    "a time, expected YYYY-MM-DDTHH:MM[:SS]\n",
				    optarg);
				return 2;
			}
			break;
		case 'D':
			d.dry_run = 1;
			break;
		case 'F':
			d.full = 1;
			break;
		case 'v':
			d.verbose = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		case 'V':
			printf("cetrackd %s\n", CETRACK_VERSION);
			return 0;
		case 'C': {
			long long v;

			if (cet_strtonum(optarg, 1, LLONG_MAX, &v) == -1) {
				fprintf(stderr, "cetrackd: --child-at: '%s' "
				    "is not a time\n", optarg);
				return 2;
			}
			d.child = 1;
			d.once = 1;
			d.fixed_now = (time_t)v;
			break;
		}
		case 'O':
			d.deliver_only = 1;
			break;
		default:
			fputs(usage_text, stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "cetrackd: unexpected argument '%s'\n",
		    argv[optind]);
		return 2;
	}
	/*
	 * cetrackd-full passes in its own process; cetrackd runs each pass
	 * as a child cetrackd-full, and one pass (--once, --dry-run) is
	 * cetrackd-full's whole job.
	 */
	if (daemon_pass_here != NULL)
		daemon_full_init();
	else if ((d.once || d.dry_run) && !d.child)
		spawn_exec_full(argv);
	else
		spawn_init(argv);
	d.started = time(NULL);
	log_init(d.verbose);
	/* A child's messages go to its parent's log; systemd hears from
	 * the parent alone. */
	if (d.child)
		unsetenv("NOTIFY_SOCKET");

	/* Signals are taken synchronously by sigtimedwait(). */
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (daemon_load(&d, 1) == -1)
		fatalx("configuration refused; not starting");
	/* --now is local time in the configured time zone, which is in
	 * force only now that the configuration is loaded. */
	if (now_arg != NULL && parse_now(now_arg, &d.fixed_now) == -1)
		fatalx("--now: '%s' is not a time", now_arg);
	/* A dry run prints one pass; looping would print nothing new. */
	if (d.dry_run)
		d.once = 1;

	/* What the service changes is the service's doing, whichever
	 * account it runs as. */
	store_audit_actor("cetrackd");
	envdb = getenv("CETRACK_DB");
	dbpath = d.db_arg ? d.db_arg : (envdb && *envdb) ? envdb :
	    d.cfg.db_path;
	/* The service may start on a new state directory: create and
	 * upgrade the database as `cetrack init` would. */
	if (db_open(&d.db, dbpath, DB_OPEN_CREATE | (d.cfg.db_group ?
	    DB_OPEN_GROUP : 0), err, sizeof(err)) == -1 ||
	    db_migrate(&d.db, NULL, NULL, err, sizeof(err)) == -1)
		fatalx("%s", err);
	/* A child runs under its parent's lock. */
	lockfd = d.dry_run || d.child ? -1 : lock_database(dbpath);
	if (d.child) {
		rc = daemon_pass(&d, !d.deliver_only, NULL);
		goto done;
	}
	log_info("cetrackd %s started on %s%s", CETRACK_VERSION, dbpath,
	    d.dry_run ? " (dry run)" : "");
	sd_notifyf("READY=1\nSTATUS=started");

	wd = sd_watchdog_usec();
	rc = daemon_pass(&d, 1, &progress);
	stalled = progress == 0;
	now = daemon_now(&d);
	next_eval = next_send_time(&d, now);
	while (!d.once && !quit) {
		now = daemon_now(&d);
		wake = next_eval;
		due = 0;
		if (outbox_next_due(&d.db, &due, err, sizeof(err)) == -1)
			log_warnx("%s", err);
		else if (due != 0 && due < wake && (due > now || !stalled))
			wake = due;
		/*
		 * Items that are due but could not be attempted (their channel
		 * is not enabled) keep their next_attempt: waking for them at
		 * once would spin. Look again after retry_first.
		 */
		if (stalled && due != 0 && due <= now &&
		    now + d.cfg.retry_first < wake)
			wake = now + d.cfg.retry_first;
		ts.tv_sec = wake > now ? wake - now : 0;
		ts.tv_nsec = 0;
		if (wd > 0 && (uint64_t)ts.tv_sec * 2000000u > wd)
			ts.tv_sec = (time_t)(wd / 2000000u);
		if (wake != said) {
			wake_log(wake, now, wake == next_eval ? "next pass" :
			    wake == due ? "next delivery attempt" :
			    "looking at pending notifications again");
			said = wake;
		}
		sig = sigtimedwait(&set, &si, &ts);
		if (wd > 0)
			sd_notifyf("WATCHDOG=1");
		if (sig == SIGTERM || sig == SIGINT) {
			quit = 1;
			break;
		}
		if (sig == SIGHUP) {
			sd_notifyf("RELOADING=1\nMONOTONIC_USEC=%llu",
			    (unsigned long long)sd_monotonic_usec());
			if (daemon_load(&d, 0) == 0)
				log_info("configuration and rule packs "
				    "reloaded");
			else
				log_warnx("reload refused; keeping the last "
				    "good configuration");
			sd_notifyf("READY=1");
			continue;
		}
		now = daemon_now(&d);
		if (now >= next_eval) {
			daemon_pass(&d, 1, &progress);
			next_eval = next_send_time(&d, daemon_now(&d));
			stalled = progress == 0;
		} else if (due != 0 && now >= due) {
			daemon_pass(&d, 0, &progress);
			stalled = progress == 0;
		}
	}
	sd_notifyf("STOPPING=1");
	log_info("stopping");
done:
	db_close(&d.db);
	if (lockfd != -1)
		close(lockfd);
	programs_free(&d.progs);
	secret_free(&d.smtp_password);
	secret_free(&d.webhook_secret);
	if (daemon_full_fini != NULL)
		daemon_full_fini();
	return rc == 0 ? 0 : 1;
}
