/* SPDX-License-Identifier: ISC */
/*
 * Reminder settings per credential, disabled webhook endpoints and the
 * daemon's passes (see store_notify.h). The settings live in four columns
 * of credential (schema 2): NULL means "the policy", so a credential that
 * was never touched costs nothing and the daemon reads only the ones that
 * differ. Lists of days are stored as "120,60,30", the channels opted out
 * of as "email", "webhook", "email,webhook" or "all".
 */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "base/date.h"
#include "base/days.h"
#include "store/outbox.h"
#include "store/store_notify.h"
#include "base/util.h"

static const char sql_settings_get[] =
    "SELECT id, remind_before, remind_after, snooze_until, opt_out "
    "FROM credential WHERE id = ?1";
static const char sql_settings_set[] =
    "UPDATE credential SET remind_before = ?2, remind_after = ?3, "
    "snooze_until = ?4, opt_out = ?5 WHERE id = ?1";
static const char sql_settings_list[] =
    "SELECT id, remind_before, remind_after, snooze_until, opt_out "
    "FROM credential WHERE remind_before IS NOT NULL OR "
    "remind_after IS NOT NULL OR snooze_until IS NOT NULL OR opt_out <> '' "
    "ORDER BY id";
static const char sql_webhook_disable[] =
    "INSERT INTO webhook_endpoint (url, disabled_at, reason) "
    "VALUES (?1, ?2, ?3) ON CONFLICT (url) DO UPDATE SET "
    "disabled_at = coalesce(disabled_at, excluded.disabled_at), "
    "reason = CASE WHEN disabled_at IS NULL THEN excluded.reason "
    "ELSE reason END";
static const char sql_webhook_disabled[] =
    "SELECT disabled_at, reason FROM webhook_endpoint "
    "WHERE url = ?1 AND disabled_at IS NOT NULL";
static const char sql_webhook_enable[] =
    "UPDATE webhook_endpoint SET disabled_at = NULL, reason = NULL "
    "WHERE url = ?1 AND disabled_at IS NOT NULL";
static const char sql_pass_begin[] =
    "INSERT INTO daemon_pass (started, now_used) VALUES (?1, ?2)";
static const char sql_pass_finish[] =
    "UPDATE daemon_pass SET finished = max(?2, started), "
    "items_enqueued = ?3, items_sent = ?4, items_failed = ?5 "
    "WHERE id = ?1";
static const char sql_pass_last[] =
    "SELECT id, started, finished, now_used, items_enqueued, items_sent, "
    "items_failed FROM daemon_pass ORDER BY started DESC, id DESC LIMIT 1";
static const char sql_pass_prune[] =
    "DELETE FROM daemon_pass WHERE started < ?1 AND id <> (SELECT id FROM "
    "daemon_pass ORDER BY started DESC, id DESC LIMIT 1)";
static const char sql_active_creds[] =
    "SELECT EXISTS (SELECT 1 FROM credential WHERE status = 'active')";

static int	notify_settings_row(sqlite3_stmt *, struct notify_settings *,
		    char *, size_t);
static int	notify_bind_time(sqlite3_stmt *, int, time_t);
static int	notify_time_col(sqlite3_stmt *, int, time_t *);

/* The grammar of the [reminders] lists of cetrack.ini (base/days.h). */
int
notify_parse_days(const char *s, int min, int max, int desc, int *out,
    int *n, char *err, size_t errlen)
{
	struct days_problem	 dp;

	if (days_parse(s, min, max, CONFIG_MAX_OFFSETS, desc, out, n,
	    &dp) == 0)
		return 0;
	switch (dp.error) {
	case DAYS_NOT_NUMBER:
		(void)cet_fmt(err, errlen, "'%s' is not a number of days",
		    dp.item);
		break;
	case DAYS_OUT_OF_RANGE:
		(void)cet_fmt(err, errlen, "%lld is out of range (%d to %d "
		    "days)", dp.value, min, max);
		break;
	case DAYS_TWICE:
		(void)cet_fmt(err, errlen, "%lld is listed twice", dp.value);
		break;
	case DAYS_TOO_MANY:
		(void)cet_fmt(err, errlen, "more than %d values",
		    CONFIG_MAX_OFFSETS);
		break;
	default:
		(void)cet_fmt(err, errlen, "'%.64s' is not a list of days", s);
		break;
	}
	return -1;
}

int
notify_format_days(const int *days, int n, char *buf, size_t len)
{
	size_t	used = 0;
	int	i, w;

	if (len == 0)
		return -1;
	if (n == 0)
		return cet_fmt(buf, len, "none");
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		w = snprintf(buf + used, len - used, "%s%d", i > 0 ? "," : "",
		    days[i]);
		if (w < 0 || (size_t)w >= len - used)
			return -1;
		used += (size_t)w;
	}
	return 0;
}

int
notify_parse_opt_out(const char *s, unsigned *bits, char *err, size_t errlen)
{
	char		 item[16];
	const char	*p, *end;
	size_t		 len;
	unsigned	 b = 0;

	*bits = 0;
	if (strcmp(s, "none") == 0)
		return 0;
	for (p = s;; p = end + 1) {
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		p += strspn(p, " \t");
		len = (size_t)(end - p);
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len == 0 || len >= sizeof(item))
			goto bad;
		memcpy(item, p, len);
		item[len] = '\0';
		if (strcmp(item, "email") == 0)
			b |= NOTIFY_OPT_EMAIL;
		else if (strcmp(item, "webhook") == 0)
			b |= NOTIFY_OPT_WEBHOOK;
		else if (strcmp(item, "all") == 0)
			b |= NOTIFY_OPT_ALL;
		else
			goto bad;
		if (*end == '\0')
			break;
	}
	*bits = (b & NOTIFY_OPT_ALL) ? NOTIFY_OPT_ALL : b;
	return 0;
bad:
	(void)cet_fmt(err, errlen, "'%.64s' is not a channel", s);
	return -1;
}

int
notify_format_opt_out(unsigned bits, char *buf, size_t len)
{
	if (bits & NOTIFY_OPT_ALL)
		return cet_fmt(buf, len, "all");
	if ((bits & NOTIFY_OPT_EMAIL) && (bits & NOTIFY_OPT_WEBHOOK))
		return cet_fmt(buf, len, "email,webhook");
	if (bits & NOTIFY_OPT_EMAIL)
		return cet_fmt(buf, len, "email");
	if (bits & NOTIFY_OPT_WEBHOOK)
		return cet_fmt(buf, len, "webhook");
	return cet_fmt(buf, len, "%s", "");
}

int
notify_opted_out(const struct notify_settings *ns, const char *channel)
{
	if (ns == NULL)
		return 0;
	if (ns->opt_out & NOTIFY_OPT_ALL)
		return 1;
	if (strcmp(channel, "email") == 0)
		return (ns->opt_out & NOTIFY_OPT_EMAIL) != 0;
	if (strcmp(channel, "webhook") == 0)
		return (ns->opt_out & NOTIFY_OPT_WEBHOOK) != 0;
	return 0;
}

int
notify_snoozed(const struct notify_settings *ns, int day)
{
	return ns != NULL && ns->snooze_until >= 0 && day <= ns->snooze_until;
}

void
notify_settings_init(struct notify_settings *ns, int64_t credential_id)
{
	memset(ns, 0, sizeof(*ns));
	ns->credential_id = credential_id;
	ns->snooze_until = -1;
}

/* -- per-credential settings ----------------------------------------- */

static int
notify_settings_row(sqlite3_stmt *s, struct notify_settings *ns, char *err,
    size_t errlen)
{
	const char	*t;
	char		 why[128];
	int64_t		 id;

	id = sqlite3_column_int64(s, 0);
	notify_settings_init(ns, id);
	if ((t = (const char *)sqlite3_column_text(s, 1)) != NULL) {
		ns->has_before = 1;
		if (t[0] != '\0' && notify_parse_days(t, 0, NOTIFY_DAYS_MAX, 1,
		    ns->before, &ns->nbefore, why, sizeof(why)) == -1)
			goto bad;
	}
	if ((t = (const char *)sqlite3_column_text(s, 2)) != NULL) {
		ns->has_after = 1;
		if (t[0] != '\0' && notify_parse_days(t, 1, NOTIFY_DAYS_MAX, 0,
		    ns->after, &ns->nafter, why, sizeof(why)) == -1)
			goto bad;
	}
	if ((t = (const char *)sqlite3_column_text(s, 3)) != NULL &&
	    date_parse_iso(t, &ns->snooze_until) == -1) {
		(void)cet_fmt(why, sizeof(why), "snooze_until '%.16s' is not "
		    "a date", t);
		goto bad;
	}
	if ((t = (const char *)sqlite3_column_text(s, 4)) != NULL &&
	    t[0] != '\0' && notify_parse_opt_out(t, &ns->opt_out, why,
	    sizeof(why)) == -1)
		goto bad;
	return 0;
bad:
	(void)cet_fmt(err, errlen, "credential %lld: stored reminder settings: "
	    "%s", (long long)id, why);
	return -1;
}

int
store_notify_settings_get(struct db *db, int64_t credential_id,
    struct notify_settings *ns, char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	int		 rc, ret = -1;

	notify_settings_init(ns, credential_id);
	if (db_cached(db, &s, sql_settings_get, err, errlen) == -1)
		return -1;
	if (sqlite3_bind_int64(s, 1, credential_id) != SQLITE_OK) {
		db_err(db, "reminder settings", err, errlen);
		goto out;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_DONE) {
		(void)cet_fmt(err, errlen, "no credential %lld",
		    (long long)credential_id);
		goto out;
	}
	if (rc != SQLITE_ROW) {
		db_err(db, "reminder settings", err, errlen);
		goto out;
	}
	ret = notify_settings_row(s, ns, err, errlen);
out:
	db_release(s);
	return ret;
}

int
store_notify_settings_set(struct db *db, const struct notify_settings *ns,
    char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	char		 before[128], after[128], opt[32], day[DATE_BUFSZ];
	int		 ret = -1;

	before[0] = after[0] = '\0';
	if (ns->nbefore < 0 || ns->nbefore > CONFIG_MAX_OFFSETS ||
	    ns->nafter < 0 || ns->nafter > CONFIG_MAX_OFFSETS ||
	    (ns->nbefore > 0 && notify_format_days(ns->before, ns->nbefore,
	    before, sizeof(before)) == -1) ||
	    (ns->nafter > 0 && notify_format_days(ns->after, ns->nafter,
	    after, sizeof(after)) == -1) ||
	    notify_format_opt_out(ns->opt_out, opt, sizeof(opt)) == -1) {
		(void)cet_fmt(err, errlen, "credential %lld: reminder settings "
		    "out of range", (long long)ns->credential_id);
		return -1;
	}
	if (db_cached(db, &s, sql_settings_set, err, errlen) == -1)
		return -1;
	if (sqlite3_bind_int64(s, 1, ns->credential_id) != SQLITE_OK ||
	    db_bind_text(s, 2, ns->has_before ? before : NULL, 0) == -1 ||
	    db_bind_text(s, 3, ns->has_after ? after : NULL, 0) == -1 ||
	    db_bind_text(s, 4, ns->snooze_until >= 0 ?
	    date_format(ns->snooze_until, day) : NULL, 0) == -1 ||
	    db_bind_text(s, 5, opt, 0) == -1) {
		db_err(db, "reminder settings", err, errlen);
		goto out;
	}
	if (sqlite3_step(s) != SQLITE_DONE) {
		db_err(db, "reminder settings", err, errlen);
		goto out;
	}
	if (sqlite3_changes(db->h) != 1) {
		(void)cet_fmt(err, errlen, "no credential %lld",
		    (long long)ns->credential_id);
		goto out;
	}
	ret = 0;
out:
	db_release(s);
	return ret;
}

int
store_notify_settings_list(struct db *db, struct notify_settings **out,
    size_t *n, char *err, size_t errlen)
{
	struct notify_settings	*v = NULL;
	sqlite3_stmt		*s;
	size_t			 nv = 0, cap = 0;
	int			 rc, ret = -1;

	*out = NULL;
	*n = 0;
	if (db_cached(db, &s, sql_settings_list, err, errlen) == -1)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (nv == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		if (notify_settings_row(s, &v[nv], err, errlen) == -1)
			goto out;
		nv++;
	}
	if (rc != SQLITE_DONE) {
		db_err(db, "reminder settings", err, errlen);
		goto out;
	}
	*out = v;
	*n = nv;
	v = NULL;
	ret = 0;
out:
	free(v);
	db_release(s);
	return ret;
}

const struct notify_settings *
store_notify_settings_find(const struct notify_settings *v, size_t n,
    int64_t credential_id)
{
	size_t	lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v[mid].credential_id == credential_id)
			return &v[mid];
		if (v[mid].credential_id < credential_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* -- webhook endpoints ----------------------------------------------- */

static int
notify_bind_time(sqlite3_stmt *s, int idx, time_t t)
{
	char	buf[OUTBOX_TIME_BUFSZ];

	if (outbox_time_format(t, buf, sizeof(buf)) == -1)
		return -1;
	return db_bind_text(s, idx, buf, 0);
}

static int
notify_time_col(sqlite3_stmt *s, int col, time_t *out)
{
	const unsigned char	*t;

	*out = 0;
	if ((t = sqlite3_column_text(s, col)) == NULL)
		return 0;
	return outbox_time_parse((const char *)t, out);
}

int
store_webhook_disable(struct db *db, const char *url, const char *reason,
    time_t now, char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	char		 why[OUTBOX_ERROR_MAX];
	int		 ret = -1;

	(void)cet_strlcpy(why, reason != NULL && reason[0] != '\0' ? reason :
	    "disabled", sizeof(why));
	if (url == NULL || url[0] == '\0' || strlen(url) >= 1024) {
		(void)cet_fmt(err, errlen, "webhook endpoint: the URL must be "
		    "1 to 1023 bytes");
		return -1;
	}
	if (db_cached(db, &s, sql_webhook_disable, err, errlen) == -1)
		return -1;
	if (db_bind_text(s, 1, url, 0) == -1 ||
	    notify_bind_time(s, 2, now) == -1 ||
	    db_bind_text(s, 3, why, 0) == -1) {
		db_err(db, "webhook endpoint", err, errlen);
		goto out;
	}
	if (sqlite3_step(s) != SQLITE_DONE) {
		db_err(db, "webhook endpoint", err, errlen);
		goto out;
	}
	ret = 0;
out:
	db_release(s);
	return ret;
}

int
store_webhook_disabled(struct db *db, const char *url, int *disabled,
    time_t *when, char *reason, size_t reasonlen, char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	time_t		 t;
	int		 rc, ret = -1;

	*disabled = 0;
	if (when != NULL)
		*when = 0;
	if (reason != NULL && reasonlen > 0)
		reason[0] = '\0';
	if (db_cached(db, &s, sql_webhook_disabled, err, errlen) == -1)
		return -1;
	if (db_bind_text(s, 1, url, 0) == -1) {
		db_err(db, "webhook endpoint", err, errlen);
		goto out;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_DONE) {
		ret = 0;
		goto out;
	}
	if (rc != SQLITE_ROW) {
		db_err(db, "webhook endpoint", err, errlen);
		goto out;
	}
	if (notify_time_col(s, 0, &t) == -1) {
		(void)cet_fmt(err, errlen, "webhook endpoint: bad disabled_at");
		goto out;
	}
	/* A reason cut short is still a reason. */
	if (reason != NULL && reasonlen > 0)
		(void)db_column_copy(s, 1, reason, reasonlen);
	if (when != NULL)
		*when = t;
	*disabled = 1;
	ret = 0;
out:
	db_release(s);
	return ret;
}

int
store_webhook_enable(struct db *db, const char *url, int *changed, char *err,
    size_t errlen)
{
	sqlite3_stmt	*s;
	int		 ret = -1;

	if (changed != NULL)
		*changed = 0;
	if (db_cached(db, &s, sql_webhook_enable, err, errlen) == -1)
		return -1;
	if (db_bind_text(s, 1, url, 0) == -1) {
		db_err(db, "webhook endpoint", err, errlen);
		goto out;
	}
	if (sqlite3_step(s) != SQLITE_DONE) {
		db_err(db, "webhook endpoint", err, errlen);
		goto out;
	}
	if (changed != NULL)
		*changed = sqlite3_changes(db->h) > 0;
	ret = 0;
out:
	db_release(s);
	return ret;
}

/* -- daemon passes --------------------------------------------------- */

int
store_pass_begin(struct db *db, time_t started, time_t now_used,
    int64_t *id, char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	int		 ret = -1;

	if (db_cached(db, &s, sql_pass_begin, err, errlen) == -1)
		return -1;
	if (notify_bind_time(s, 1, started) == -1 ||
	    notify_bind_time(s, 2, now_used) == -1) {
		(void)cet_fmt(err, errlen, "daemon pass: time out of range");
		goto out;
	}
	if (sqlite3_step(s) != SQLITE_DONE) {
		db_err(db, "daemon pass", err, errlen);
		goto out;
	}
	*id = sqlite3_last_insert_rowid(db->h);
	ret = 0;
out:
	db_release(s);
	return ret;
}

int
store_pass_finish(struct db *db, int64_t id, time_t finished, long enqueued,
    long sent, long failed, char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	int		 ret = -1;

	if (db_cached(db, &s, sql_pass_finish, err, errlen) == -1)
		return -1;
	if (sqlite3_bind_int64(s, 1, id) != SQLITE_OK ||
	    notify_bind_time(s, 2, finished) == -1 ||
	    sqlite3_bind_int64(s, 3, enqueued) != SQLITE_OK ||
	    sqlite3_bind_int64(s, 4, sent) != SQLITE_OK ||
	    sqlite3_bind_int64(s, 5, failed) != SQLITE_OK) {
		(void)cet_fmt(err, errlen, "daemon pass %lld: time out of "
		    "range", (long long)id);
		goto out;
	}
	if (sqlite3_step(s) != SQLITE_DONE) {
		db_err(db, "daemon pass", err, errlen);
		goto out;
	}
	if (sqlite3_changes(db->h) != 1) {
		(void)cet_fmt(err, errlen, "no daemon pass %lld",
		    (long long)id);
		goto out;
	}
	ret = 0;
out:
	db_release(s);
	return ret;
}

int
store_pass_last(struct db *db, struct notify_pass *p, char *err,
    size_t errlen)
{
	sqlite3_stmt	*s;
	int		 rc, ret = -1;

	memset(p, 0, sizeof(*p));
	if (db_cached(db, &s, sql_pass_last, err, errlen) == -1)
		return -1;
	if ((rc = sqlite3_step(s)) == SQLITE_DONE) {
		ret = 0;
		goto out;
	}
	if (rc != SQLITE_ROW) {
		db_err(db, "daemon pass", err, errlen);
		goto out;
	}
	p->id = sqlite3_column_int64(s, 0);
	if (notify_time_col(s, 1, &p->started) == -1 ||
	    notify_time_col(s, 2, &p->finished) == -1 ||
	    notify_time_col(s, 3, &p->now_used) == -1) {
		(void)cet_fmt(err, errlen, "daemon pass %lld: a stored time "
		    "is not YYYY-MM-DDTHH:MM:SSZ", (long long)p->id);
		goto out;
	}
	p->items_enqueued = (long)sqlite3_column_int64(s, 4);
	p->items_sent = (long)sqlite3_column_int64(s, 5);
	p->items_failed = (long)sqlite3_column_int64(s, 6);
	ret = 1;
out:
	db_release(s);
	return ret;
}

int
store_pass_prune(struct db *db, time_t before, long *deleted, char *err,
    size_t errlen)
{
	sqlite3_stmt	*s;
	int		 ret = -1;

	if (deleted != NULL)
		*deleted = 0;
	if (db_cached(db, &s, sql_pass_prune, err, errlen) == -1)
		return -1;
	if (notify_bind_time(s, 1, before) == -1) {
		(void)cet_fmt(err, errlen, "daemon pass: time out of range");
		goto out;
	}
	if (sqlite3_step(s) != SQLITE_DONE) {
		db_err(db, "daemon pass", err, errlen);
		goto out;
	}
	if (deleted != NULL)
		*deleted = (long)sqlite3_changes(db->h);
	ret = 0;
out:
	db_release(s);
	return ret;
}

int
store_notify_heartbeat_warning(struct db *db, time_t now, char *msg,
    size_t msglen, char *err, size_t errlen)
{
	struct notify_pass	 p;
	struct tm		 tm;
	sqlite3_stmt		*s;
	char			 when[32];
	int			 active, rc, ret = -1;

	if (msglen > 0)
		msg[0] = '\0';
	if (db_cached(db, &s, sql_active_creds, err, errlen) == -1)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW) {
		db_err(db, "credentials", err, errlen);
		goto out;
	}
	active = sqlite3_column_int(s, 0);
	db_release(s);
	s = NULL;
	if (!active) {
		ret = 0;
		goto out;
	}
	if ((rc = store_pass_last(db, &p, err, errlen)) == -1)
		goto out;
	if (rc == 0) {
		if (cet_fmt(msg, msglen, "cetrackd has never run; no reminders "
		    "are being sent") == -1) {
			(void)cet_fmt(err, errlen, "heartbeat warning: buffer "
			    "too small");
			goto out;
		}
		ret = 1;
		goto out;
	}
	if (now - p.started <= NOTIFY_STALE_SECS) {
		ret = 0;
		goto out;
	}
	if (gmtime_r(&p.started, &tm) == NULL ||
	    strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", &tm) == 0) {
		(void)cet_fmt(err, errlen, "daemon pass %lld: bad time",
		    (long long)p.id);
		goto out;
	}
	if (cet_fmt(msg, msglen, "cetrackd has not run since %s; no "
	    "reminders are being sent", when) == -1) {
		(void)cet_fmt(err, errlen, "heartbeat warning: buffer too "
		    "small");
		goto out;
	}
	ret = 1;
out:
	db_release(s);
	return ret;
}
