/* SPDX-License-Identifier: ISC */
/*
 * The outbox (see outbox.h): a durable queue in the notification table.
 * Enqueueing is an INSERT that does nothing on a dedup-key conflict (and
 * only on that one: INSERT OR IGNORE would also swallow CHECK failures);
 * delivery outcomes are single UPDATEs guarded by status = 'pending', so
 * that recording an outcome twice, or for an item someone else changed in
 * between, changes nothing. The backoff schedule and its jitter are pure
 * functions of the policy, the item and the attempt, so they can be tested
 * without a clock.
 */

#include <nettle/sha2.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "store/outbox.h"
#include "base/util.h"

#define OUTBOX_COLS_HEAD \
	"id, dedup_key, webhook_id, credential_id, cycle_id, event, " \
	"channel, recipient, "
#define OUTBOX_COLS_TAIL \
	", status, attempts, next_attempt, first_attempt, sent, " \
	"last_error, skip_reason, digest_group, created, updated"
#define OUTBOX_COLS_TEXT \
	OUTBOX_COLS_HEAD "subject, body, payload" OUTBOX_COLS_TAIL
#define OUTBOX_COLS_NOTEXT \
	OUTBOX_COLS_HEAD "NULL, NULL, NULL" OUTBOX_COLS_TAIL

static const char sql_enqueue[] =
    "INSERT INTO notification (dedup_key, webhook_id, credential_id, "
    "cycle_id, event, channel, recipient, subject, body, payload, status, "
    "skip_reason, next_attempt, created, updated) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
    "?14) ON CONFLICT (dedup_key) DO NOTHING";
static const char sql_id_by_key[] =
    "SELECT id FROM notification WHERE dedup_key = ?1";
static const char sql_due[] =
    "SELECT " OUTBOX_COLS_TEXT " FROM notification "
    "WHERE status = 'pending' AND next_attempt <= ?1 "
    "AND (?2 IS NULL OR channel = ?2) "
    "ORDER BY next_attempt, id LIMIT ?3";
static const char sql_next_due[] =
    "SELECT min(next_attempt) FROM notification WHERE status = 'pending'";
static const char sql_sent[] =
    "UPDATE notification SET status = 'sent', attempts = attempts + 1, "
    "sent = ?2, first_attempt = coalesce(first_attempt, ?2), "
    "next_attempt = NULL, digest_group = ?3, updated = ?2 "
    "WHERE id = ?1 AND status = 'pending'";
static const char sql_state[] =
    "SELECT status, attempts, first_attempt FROM notification "
    "WHERE id = ?1";
static const char sql_failure[] =
    "UPDATE notification SET status = ?2, attempts = ?3, "
    "first_attempt = ?4, next_attempt = ?5, last_error = ?6, "
    "updated = ?7 WHERE id = ?1 AND status = 'pending' AND attempts = ?8";
static const char sql_fail_recipient[] =
    "UPDATE notification SET status = 'failed', next_attempt = NULL, "
    "last_error = ?3, updated = ?4 "
    "WHERE status = 'pending' AND channel = ?1 AND recipient = ?2";
static const char sql_retry[] =
    "UPDATE notification SET status = 'pending', attempts = 0, "
    "first_attempt = NULL, next_attempt = ?2, updated = ?2 "
    "WHERE id = ?1 AND status IN ('dead', 'failed')";
static const char sql_get[] =
    "SELECT " OUTBOX_COLS_TEXT " FROM notification WHERE id = ?1";
static const char sql_list_text[] =
    "SELECT " OUTBOX_COLS_TEXT " FROM notification "
    "WHERE ?1 IS NULL OR status = ?1 ORDER BY id";
static const char sql_list_notext[] =
    "SELECT " OUTBOX_COLS_NOTEXT " FROM notification "
    "WHERE ?1 IS NULL OR status = ?1 ORDER BY id";
/*
 * notify list's filters, ?1 to ?5 (outbox_filter), on the notification
 * table named in full so that a query may join it. ?5: 1 for grouped
 * items only, 0 for the others (outbox_status_grouped says the same).
 */
#define OUTBOX_FILTER \
	"(?1 IS NULL OR notification.status = ?1) " \
	"AND (?2 IS NULL OR notification.credential_id IN " \
	"(SELECT id FROM credential WHERE person_id = ?2)) " \
	"AND (?3 IS NULL OR notification.credential_id = ?3) " \
	"AND (?4 IS NULL OR notification.created >= ?4) " \
	"AND (?5 IS NULL OR (notification.status NOT IN ('pending', " \
	"'sent', 'failed', 'dead')) = ?5)"
static const char sql_select[] =
    "SELECT " OUTBOX_COLS_NOTEXT " FROM notification WHERE " OUTBOX_FILTER
    " ORDER BY id DESC LIMIT ?6";
static const char sql_select_count[] =
    "SELECT count(*) FROM notification WHERE " OUTBOX_FILTER;
static const char sql_groups[] =
    "WITH g AS (SELECT credential_id AS cid, max(id) AS latest "
    "FROM notification WHERE " OUTBOX_FILTER " GROUP BY credential_id "
    "ORDER BY latest DESC LIMIT ?6) "
    "SELECT g.cid, notification.status, count(*), g.latest "
    "FROM notification JOIN g ON notification.credential_id IS g.cid "
    "WHERE " OUTBOX_FILTER " GROUP BY g.cid, notification.status "
    "ORDER BY g.latest, notification.status";
static const char sql_groups_count[] =
    "SELECT count(*), count(DISTINCT coalesce(credential_id, 0)) "
    "FROM notification WHERE " OUTBOX_FILTER;
static const char sql_counts[] =
    "SELECT status, count(*) FROM notification GROUP BY status";

static const char *const outbox_status_names[] = {
	"pending", "sent", "failed", "dead", "skipped"
};

static int	outbox_text_ok(const char *);
static int	outbox_channel_ok(const char *);
static char	*outbox_strdup_col(sqlite3_stmt *, int);
static int	outbox_time_col(sqlite3_stmt *, int, time_t *);
static int	outbox_row(sqlite3_stmt *, struct outbox_item *, char *,
		    size_t);
static int	outbox_bind_time(sqlite3_stmt *, int, time_t);
static int	outbox_bind_id(sqlite3_stmt *, int, int64_t);
static int	outbox_collect(struct db *, sqlite3_stmt *,
		    struct outbox_item **, size_t *, char *, size_t);
static uint64_t	outbox_mix(uint64_t);

/* No control characters (tab included: these are single-line fields). */
static int
outbox_text_ok(const char *s)
{
	if (!cet_utf8_valid(s))
		return 0;
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	}
	return 1;
}

static int
outbox_channel_ok(const char *s)
{
	return s != NULL && (strcmp(s, "email") == 0 ||
	    strcmp(s, "webhook") == 0 || strcmp(s, "log") == 0);
}

const char *
outbox_status_name(enum outbox_status s)
{
	if ((size_t)s >= ARRAY_SIZE(outbox_status_names))
		return "?";
	return outbox_status_names[s];
}

int
outbox_status_parse(const char *s, enum outbox_status *out)
{
	size_t	i;

	for (i = 0; i < ARRAY_SIZE(outbox_status_names); i++) {
		if (strcmp(s, outbox_status_names[i]) == 0) {
			*out = (enum outbox_status)i;
			return 0;
		}
	}
	return -1;
}

int
outbox_time_format(time_t t, char *buf, size_t len)
{
	struct tm	tm;

	if (len < OUTBOX_TIME_BUFSZ || gmtime_r(&t, &tm) == NULL)
		return -1;
	if (tm.tm_year + 1900 < DATE_MIN_YEAR ||
	    tm.tm_year + 1900 > DATE_MAX_YEAR)
		return -1;
	if (strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) !=
	    OUTBOX_TIME_BUFSZ - 1)
		return -1;
	return 0;
}

int
outbox_time_parse(const char *s, time_t *out)
{
	static const char	 form[] = "dddd-dd-ddTdd:dd:ddZ";
	int			 v[6], days, i, k;
	const char		*f;

	if (strlen(s) != sizeof(form) - 1)
		return -1;
	for (f = form, i = 0; *f != '\0'; f++, i++) {
		if (*f == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != *f)
			return -1;
	}
	/* Fields start at 0, 5, 8, 11, 14, 17. */
	v[0] = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	for (k = 1; k < 6; k++)
		v[k] = (s[2 + 3 * k] - '0') * 10 + (s[3 + 3 * k] - '0');
	if (v[3] > 23 || v[4] > 59 || v[5] > 59)
		return -1;
	if (date_from_ymd(v[0], v[1], v[2], &days) == -1)
		return -1;
	*out = (time_t)days * 86400 + v[3] * 3600 + v[4] * 60 + v[5];
	return 0;
}

int
outbox_dedup_key(char *buf, size_t len, int64_t credential_id,
    int64_t cycle_id, const char *event, const char *channel,
    const char *recipient)
{
	if (credential_id < 0 || cycle_id < 0 || event == NULL ||
	    recipient == NULL || !outbox_channel_ok(channel))
		return -1;
	if (event[0] == '\0' || strlen(event) >= OUTBOX_EVENT_MAX ||
	    strchr(event, ':') != NULL || !outbox_text_ok(event))
		return -1;
	if (strlen(recipient) >= OUTBOX_RECIPIENT_MAX ||
	    !outbox_text_ok(recipient))
		return -1;
	return cet_fmt(buf, len, "%lld:%lld:%s:%s:%s",
	    (long long)credential_id, (long long)cycle_id, event, channel,
	    recipient);
}

int
outbox_webhook_id(const char *key, char *buf, size_t len)
{
	static const char	hex[] = "0123456789abcdef";
	unsigned char		md[SHA256_DIGEST_SIZE];
	struct sha256_ctx	ctx;
	size_t			i;

	if (len < OUTBOX_WEBHOOK_ID_MAX - 3)
		return -1;
	sha256_init(&ctx);
	sha256_update(&ctx, strlen(key), (const uint8_t *)key);
	sha256_digest(&ctx, sizeof(md), md);
	memcpy(buf, "msg_", 4);
	for (i = 0; i < 16; i++) {
		buf[4 + 2 * i] = hex[md[i] >> 4];
		buf[5 + 2 * i] = hex[md[i] & 0xf];
	}
	buf[36] = '\0';
	return 0;
}

long
outbox_backoff_base(const struct outbox_policy *p, int attempt)
{
	long	b, max;
	int	i;

	b = p->retry_first > 0 ? p->retry_first : 1;
	max = p->retry_max >= b ? p->retry_max : b;
	/* Doubling stops at the cap, so it cannot overflow. */
	for (i = 1; i < attempt && b < max; i++)
		b *= 2;
	return b < max ? b : max;
}

/* splitmix64's finalizer: a well-mixed 64-bit value from any input. */
static uint64_t
outbox_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

long
outbox_backoff(const struct outbox_policy *p, int64_t item_id, int attempt)
{
	uint64_t	h;
	long		base, span, j;

	base = outbox_backoff_base(p, attempt);
	span = base / 5;		/* 20% */
	h = outbox_mix(p->seed ^ outbox_mix((uint64_t)item_id) ^
	    ((uint64_t)(unsigned)attempt << 40));
	j = (long)(h % (uint64_t)(2 * span + 1)) - span;
	return base + j >= 1 ? base + j : 1;
}

static int
outbox_bind_time(sqlite3_stmt *s, int idx, time_t t)
{
	char	buf[OUTBOX_TIME_BUFSZ];

	if (t == 0)
		return sqlite3_bind_null(s, idx) == SQLITE_OK ? 0 : -1;
	if (outbox_time_format(t, buf, sizeof(buf)) == -1)
		return -1;
	return db_bind_text(s, idx, buf, 0);
}

static int
outbox_bind_id(sqlite3_stmt *s, int idx, int64_t id)
{
	if (id == 0)
		return sqlite3_bind_null(s, idx) == SQLITE_OK ? 0 : -1;
	return sqlite3_bind_int64(s, idx, id) == SQLITE_OK ? 0 : -1;
}

int
outbox_enqueue(struct db *db, const struct outbox_new *n, time_t now,
    int *created, int64_t *id, char *err, size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	char		 key[OUTBOX_KEY_MAX], wid[OUTBOX_WEBHOOK_ID_MAX];
	int		 rc, ret = -1;

	*created = 0;
	if (outbox_dedup_key(key, sizeof(key), n->credential_id, n->cycle_id,
	    n->event, n->channel, n->recipient) == -1) {
		(void)cet_fmt(err, errlen, "notification: cannot make a dedup "
		    "key of credential %lld, cycle %lld, event '%.48s', "
		    "channel '%.8s', recipient '%.64s'",
		    (long long)n->credential_id, (long long)n->cycle_id,
		    n->event != NULL ? n->event : "",
		    n->channel != NULL ? n->channel : "",
		    n->recipient != NULL ? n->recipient : "");
		return -1;
	}
	if (n->skip_reason != NULL && (n->skip_reason[0] == '\0' ||
	    strlen(n->skip_reason) >= OUTBOX_ERROR_MAX ||
	    !outbox_text_ok(n->skip_reason))) {
		(void)cet_fmt(err, errlen, "notification %s: the skip reason "
		    "must be one line of 1 to %d bytes", key,
		    OUTBOX_ERROR_MAX - 1);
		return -1;
	}
	if (outbox_webhook_id(key, wid, sizeof(wid)) == -1) {
		(void)cet_fmt(err, errlen, "notification %s: cannot compute "
		    "its webhook id (SHA-256)", key);
		return -1;
	}
	if (db_cached(db, &s, sql_enqueue, err, errlen) == -1)
		return -1;
	if (db_bind_text(s, 1, key, 0) == -1 ||
	    db_bind_text(s, 2, wid, 0) == -1 ||
	    outbox_bind_id(s, 3, n->credential_id) == -1 ||
	    outbox_bind_id(s, 4, n->cycle_id) == -1 ||
	    db_bind_text(s, 5, n->event, 0) == -1 ||
	    db_bind_text(s, 6, n->channel, 0) == -1 ||
	    db_bind_text(s, 7, n->recipient, 0) == -1 ||
	    db_bind_text(s, 8, n->subject, 0) == -1 ||
	    db_bind_text(s, 9, n->body, 0) == -1 ||
	    db_bind_text(s, 10, n->payload, 0) == -1 ||
	    db_bind_text(s, 11, n->skip_reason != NULL ? "skipped" :
	    "pending", 0) == -1 ||
	    db_bind_text(s, 12, n->skip_reason, 0) == -1 ||
	    outbox_bind_time(s, 13, n->skip_reason != NULL ? 0 :
	    (n->not_before != 0 ? n->not_before : now)) == -1 ||
	    outbox_bind_time(s, 14, now) == -1) {
		(void)cet_fmt(err, errlen, "notification %s: cannot bind its "
		    "fields (time out of range?)", key);
		goto out;
	}
	if ((rc = sqlite3_step(s)) != SQLITE_DONE) {
		db_err(db, "notifications: enqueue", err, errlen);
		goto out;
	}
	if (sqlite3_changes(db->h) == 1) {
		*created = 1;
		if (id != NULL)
			*id = sqlite3_last_insert_rowid(db->h);
		ret = 0;
		goto out;
	}
	db_release(s);
	s = NULL;
	if (id == NULL) {
		ret = 0;
		goto out;
	}
	if (db_cached(db, &s, sql_id_by_key, err, errlen) == -1)
		goto out;
	if (db_bind_text(s, 1, key, 0) == -1) {
		db_err(db, "notifications: enqueue", err, errlen);
		goto out;
	}
	if (sqlite3_step(s) != SQLITE_ROW) {
		db_err(db, "notifications: enqueue: find the existing "
		    "item", err, errlen);
		goto out;
	}
	*id = sqlite3_column_int64(s, 0);
	ret = 0;
out:
	db_release(s);
	return ret;
}

int
outbox_has(struct db *db, int64_t credential_id, int64_t cycle_id,
    const char *event, const char *channel, const char *recipient,
    char *err, size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	char		 key[OUTBOX_KEY_MAX];
	int		 rc, ret = -1;

	if (outbox_dedup_key(key, sizeof(key), credential_id, cycle_id,
	    event, channel, recipient) == -1) {
		(void)cet_fmt(err, errlen, "notification: cannot make a dedup "
		    "key of credential %lld, event '%.48s'",
		    (long long)credential_id, event != NULL ? event : "");
		return -1;
	}
	if (db_cached(db, &s, sql_id_by_key, err, errlen) == -1)
		return -1;
	if (db_bind_text(s, 1, key, 0) == -1) {
		db_err(db, "notifications: lookup", err, errlen);
		goto out;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		ret = 1;
	else if (rc == SQLITE_DONE)
		ret = 0;
	else
		db_err(db, "notifications: lookup", err, errlen);
out:
	db_release(s);
	return ret;
}

static char *
outbox_strdup_col(sqlite3_stmt *s, int col)
{
	const unsigned char	*t;

	if ((t = sqlite3_column_text(s, col)) == NULL)
		return NULL;
	return xstrdup((const char *)t);
}

static int
outbox_time_col(sqlite3_stmt *s, int col, time_t *out)
{
	const unsigned char	*t;

	*out = 0;
	if ((t = sqlite3_column_text(s, col)) == NULL)
		return 0;
	return outbox_time_parse((const char *)t, out);
}

/* One row of the OUTBOX_COLS_* column list. */
static int
outbox_row(sqlite3_stmt *s, struct outbox_item *it, char *err,
    size_t errlen)
{
	const char	*st;

	memset(it, 0, sizeof(*it));
	it->id = sqlite3_column_int64(s, 0);
	if (db_column_copy(s, 1, it->dedup_key, sizeof(it->dedup_key)) == -1 ||
	    db_column_copy(s, 2, it->webhook_id, sizeof(it->webhook_id)) ==
	    -1 ||
	    db_column_copy(s, 5, it->event, sizeof(it->event)) == -1 ||
	    db_column_copy(s, 6, it->channel, sizeof(it->channel)) == -1 ||
	    db_column_copy(s, 7, it->recipient, sizeof(it->recipient)) == -1 ||
	    db_column_copy(s, 16, it->last_error, sizeof(it->last_error)) ==
	    -1 ||
	    db_column_copy(s, 17, it->skip_reason, sizeof(it->skip_reason)) ==
	    -1 ||
	    db_column_copy(s, 18, it->digest_group,
	    sizeof(it->digest_group)) == -1) {
		(void)cet_fmt(err, errlen, "notification %lld: a stored field "
		    "is too long", (long long)it->id);
		return -1;
	}
	/* Items from before schema 2 have no stored webhook id. */
	if (it->webhook_id[0] == '\0' && outbox_webhook_id(it->dedup_key,
	    it->webhook_id, sizeof(it->webhook_id)) == -1) {
		(void)cet_fmt(err, errlen, "notification %lld: cannot compute "
		    "its webhook id", (long long)it->id);
		return -1;
	}
	it->credential_id = sqlite3_column_int64(s, 3);
	it->cycle_id = sqlite3_column_int64(s, 4);
	st = (const char *)sqlite3_column_text(s, 11);
	if (st == NULL || outbox_status_parse(st, &it->status) == -1) {
		(void)cet_fmt(err, errlen, "notification %lld: unknown status "
		    "'%s'", (long long)it->id, st != NULL ? st : "");
		return -1;
	}
	it->attempts = sqlite3_column_int(s, 12);
	if (outbox_time_col(s, 13, &it->next_attempt) == -1 ||
	    outbox_time_col(s, 14, &it->first_attempt) == -1 ||
	    outbox_time_col(s, 15, &it->sent) == -1 ||
	    outbox_time_col(s, 19, &it->created) == -1 ||
	    outbox_time_col(s, 20, &it->updated) == -1) {
		(void)cet_fmt(err, errlen, "notification %lld: a stored time "
		    "is not YYYY-MM-DDTHH:MM:SSZ", (long long)it->id);
		return -1;
	}
	it->subject = outbox_strdup_col(s, 8);
	it->body = outbox_strdup_col(s, 9);
	it->payload = outbox_strdup_col(s, 10);
	return 0;
}

void
outbox_item_clear(struct outbox_item *it)
{
	if (it == NULL)
		return;
	free(it->subject);
	free(it->body);
	free(it->payload);
	it->subject = it->body = it->payload = NULL;
}

void
outbox_items_free(struct outbox_item *v, size_t n)
{
	size_t	i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		outbox_item_clear(&v[i]);
	free(v);
}

/* Step a bound statement and collect its rows. */
static int
outbox_collect(struct db *db, sqlite3_stmt *s, struct outbox_item **out,
    size_t *n, char *err, size_t errlen)
{
	struct outbox_item	*v = NULL;
	size_t			 nv = 0, cap = 0;
	int			 rc, ret = -1;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (nv == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		if (outbox_row(s, &v[nv], err, errlen) == -1) {
			outbox_item_clear(&v[nv]);
			goto out;
		}
		nv++;
	}
	if (rc != SQLITE_DONE) {
		db_err(db, "notifications: read", err, errlen);
		goto out;
	}
	ret = 0;
out:
	if (ret == -1) {
		outbox_items_free(v, nv);
		v = NULL;
		nv = 0;
	}
	*out = v;
	*n = nv;
	return ret;
}

int
outbox_due(struct db *db, time_t now, const char *channel, size_t limit,
    struct outbox_item **out, size_t *n, char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	int		 ret = -1;

	*out = NULL;
	*n = 0;
	if (db_cached(db, &s, sql_due, err, errlen) == -1)
		return -1;
	if (outbox_bind_time(s, 1, now) == -1 ||
	    db_bind_text(s, 2, channel, 1) == -1 ||
	    sqlite3_bind_int64(s, 3, limit == 0 || limit > INT64_MAX ? -1 :
	    (sqlite3_int64)limit) != SQLITE_OK) {
		db_err(db, "notifications: due items", err, errlen);
		goto out;
	}
	ret = outbox_collect(db, s, out, n, err, errlen);
out:
	db_release(s);
	return ret;
}

int
outbox_next_due(struct db *db, time_t *when, char *err, size_t errlen)
{
	sqlite3_stmt		*s;
	const unsigned char	*t;
	int			 ret = -1;

	if (db_cached(db, &s, sql_next_due, err, errlen) == -1)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW) {
		db_err(db, "notifications: next due item", err, errlen);
		goto out;
	}
	if ((t = sqlite3_column_text(s, 0)) == NULL) {
		ret = 0;
		goto out;
	}
	if (outbox_time_parse((const char *)t, when) == -1) {
		(void)cet_fmt(err, errlen, "notifications: next_attempt '%s' "
		    "is not YYYY-MM-DDTHH:MM:SSZ", (const char *)t);
		goto out;
	}
	ret = 1;
out:
	db_release(s);
	return ret;
}

int
outbox_record_sent(struct db *db, const int64_t *ids, size_t n,
    const char *group, time_t now, char *err, size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	size_t		 i;
	int		 ret = -1;

	if (group != NULL && (group[0] == '\0' ||
	    strlen(group) >= OUTBOX_GROUP_MAX || !outbox_text_ok(group))) {
		(void)cet_fmt(err, errlen, "notifications: digest group must "
		    "be one line of 1 to %d bytes", OUTBOX_GROUP_MAX - 1);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (db_cached(db, &s, sql_sent, err, errlen) == -1)
			return -1;
		if (sqlite3_bind_int64(s, 1, ids[i]) != SQLITE_OK ||
		    outbox_bind_time(s, 2, now) == -1 ||
		    db_bind_text(s, 3, group, 0) == -1) {
			db_err(db, "notifications: record sent", err, errlen);
			goto out;
		}
		if (sqlite3_step(s) != SQLITE_DONE) {
			db_err(db, "notifications: record sent", err, errlen);
			goto out;
		}
		db_release(s);
		s = NULL;
	}
	ret = 0;
out:
	db_release(s);
	return ret;
}

int
outbox_record_failure(struct db *db, const int64_t *ids, size_t n,
    const struct outbox_policy *p, int permanent, const char *error,
    time_t now, enum outbox_status *result, size_t *final, char *err,
    size_t errlen)
{
	sqlite3_stmt		*s = NULL;
	char			 msg[OUTBOX_ERROR_MAX];
	const char		*st;
	enum outbox_status	 cur, next;
	time_t			 first, when;
	size_t			 i, nfinal = 0;
	int			 attempts, ret = -1;

	if (final != NULL)
		*final = 0;
	/* last_error is one line: keep what fits, without control bytes. */
	(void)cet_strlcpy(msg, error != NULL && error[0] != '\0' ? error :
	    "unknown error", sizeof(msg));
	for (i = 0; msg[i] != '\0'; i++) {
		if ((unsigned char)msg[i] < 0x20 || msg[i] == 0x7f)
			msg[i] = ' ';
	}
	if (!cet_utf8_valid(msg))
		(void)cet_strlcpy(msg, "delivery failed (the error text was "
		    "not valid UTF-8)", sizeof(msg));

	for (i = 0; i < n; i++) {
		if (db_cached(db, &s, sql_state, err, errlen) == -1)
			return -1;
		if (sqlite3_bind_int64(s, 1, ids[i]) != SQLITE_OK) {
			db_err(db, "notifications: record failure", err, errlen);
			goto out;
		}
		if (sqlite3_step(s) != SQLITE_ROW) {
			(void)cet_fmt(err, errlen, "no notification %lld",
			    (long long)ids[i]);
			goto out;
		}
		st = (const char *)sqlite3_column_text(s, 0);
		if (st == NULL || outbox_status_parse(st, &cur) == -1) {
			(void)cet_fmt(err, errlen, "notification %lld: unknown "
			    "status", (long long)ids[i]);
			goto out;
		}
		attempts = sqlite3_column_int(s, 1);
		if (outbox_time_col(s, 2, &first) == -1) {
			(void)cet_fmt(err, errlen, "notification %lld: bad "
			    "first_attempt", (long long)ids[i]);
			goto out;
		}
		db_release(s);
		s = NULL;
		if (cur != OUTBOX_PENDING) {
			if (result != NULL)
				result[i] = cur;
			continue;
		}

		if (first == 0 || first > now)
			first = now;
		when = 0;
		if (permanent)
			next = OUTBOX_FAILED;
		else if (now - first >= (time_t)p->give_up_after)
			next = OUTBOX_DEAD;
		else {
			next = OUTBOX_PENDING;
			when = now + outbox_backoff(p, ids[i], attempts + 1);
		}

		if (db_cached(db, &s, sql_failure, err, errlen) == -1)
			return -1;
		if (sqlite3_bind_int64(s, 1, ids[i]) != SQLITE_OK ||
		    db_bind_text(s, 2, outbox_status_name(next), 0) == -1 ||
		    sqlite3_bind_int(s, 3, attempts + 1) != SQLITE_OK ||
		    outbox_bind_time(s, 4, first) == -1 ||
		    outbox_bind_time(s, 5, when) == -1 ||
		    db_bind_text(s, 6, msg, 0) == -1 ||
		    outbox_bind_time(s, 7, now) == -1 ||
		    sqlite3_bind_int(s, 8, attempts) != SQLITE_OK) {
			db_err(db, "notifications: record failure", err, errlen);
			goto out;
		}
		if (sqlite3_step(s) != SQLITE_DONE) {
			db_err(db, "notifications: record failure", err, errlen);
			goto out;
		}
		if (sqlite3_changes(db->h) == 0) {
			/* Changed under us (a concurrent retry): leave it. */
			next = cur;
		} else if (next != OUTBOX_PENDING)
			nfinal++;
		db_release(s);
		s = NULL;
		if (result != NULL)
			result[i] = next;
	}
	if (final != NULL)
		*final = nfinal;
	ret = 0;
out:
	db_release(s);
	return ret;
}

int
outbox_fail_recipient(struct db *db, const char *channel,
    const char *recipient, const char *error, time_t now, size_t *count,
    char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	int		 ret = -1;

	if (count != NULL)
		*count = 0;
	if (db_cached(db, &s, sql_fail_recipient, err, errlen) == -1)
		return -1;
	if (db_bind_text(s, 1, channel, 0) == -1 ||
	    db_bind_text(s, 2, recipient, 0) == -1 ||
	    db_bind_text(s, 3, error != NULL && error[0] != '\0' ? error :
	    "the recipient is disabled", 0) == -1 ||
	    outbox_bind_time(s, 4, now) == -1) {
		db_err(db, "notifications: fail recipient", err, errlen);
		goto out;
	}
	if (sqlite3_step(s) != SQLITE_DONE) {
		db_err(db, "notifications: fail recipient", err, errlen);
		goto out;
	}
	if (count != NULL)
		*count = (size_t)sqlite3_changes(db->h);
	ret = 0;
out:
	db_release(s);
	return ret;
}

int
outbox_retry(struct db *db, int64_t id, time_t now, enum outbox_status *prev,
    char *err, size_t errlen)
{
	struct outbox_item	 it;
	sqlite3_stmt		*s = NULL;
	int			 ret = -1;

	memset(&it, 0, sizeof(it));
	if (outbox_get(db, id, &it, err, errlen) == -1)
		return -1;
	if (prev != NULL)
		*prev = it.status;
	if (it.status != OUTBOX_DEAD && it.status != OUTBOX_FAILED) {
		(void)cet_fmt(err, errlen, "notification %lld is %s; only dead "
		    "or failed notifications can be retried", (long long)id,
		    outbox_status_name(it.status));
		goto out;
	}
	if (db_cached(db, &s, sql_retry, err, errlen) == -1)
		goto out;
	if (sqlite3_bind_int64(s, 1, id) != SQLITE_OK ||
	    outbox_bind_time(s, 2, now) == -1) {
		db_err(db, "notifications: retry", err, errlen);
		goto out;
	}
	if (sqlite3_step(s) != SQLITE_DONE) {
		db_err(db, "notifications: retry", err, errlen);
		goto out;
	}
	if (sqlite3_changes(db->h) != 1) {
		(void)cet_fmt(err, errlen, "notification %lld changed while "
		    "being retried; try again", (long long)id);
		goto out;
	}
	ret = 0;
out:
	db_release(s);
	outbox_item_clear(&it);
	return ret;
}

int
outbox_get(struct db *db, int64_t id, struct outbox_item *it, char *err,
    size_t errlen)
{
	sqlite3_stmt	*s;
	int		 rc, ret = -1;

	memset(it, 0, sizeof(*it));
	if (db_cached(db, &s, sql_get, err, errlen) == -1)
		return -1;
	if (sqlite3_bind_int64(s, 1, id) != SQLITE_OK) {
		db_err(db, "notifications: get", err, errlen);
		goto out;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_DONE) {
		(void)cet_fmt(err, errlen, "no notification %lld",
		    (long long)id);
		goto out;
	}
	if (rc != SQLITE_ROW) {
		db_err(db, "notifications: get", err, errlen);
		goto out;
	}
	if (outbox_row(s, it, err, errlen) == -1) {
		outbox_item_clear(it);
		goto out;
	}
	ret = 0;
out:
	db_release(s);
	return ret;
}

int
outbox_list(struct db *db, int status, int with_text,
    struct outbox_item **out, size_t *n, char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	int		 ret = -1;

	*out = NULL;
	*n = 0;
	if (db_cached(db, &s, with_text ? sql_list_text : sql_list_notext, err,
	    errlen) == -1)
		return -1;
	if (db_bind_text(s, 1, status < 0 ? NULL :
	    outbox_status_name((enum outbox_status)status), 0) == -1) {
		db_err(db, "notifications: list", err, errlen);
		goto out;
	}
	ret = outbox_collect(db, s, out, n, err, errlen);
out:
	db_release(s);
	return ret;
}

int
outbox_counts(struct db *db, long counts[5], char *err, size_t errlen)
{
	sqlite3_stmt		*s;
	const char		*st;
	enum outbox_status	 k;
	int			 rc, i, ret = -1;

	for (i = 0; i < 5; i++)
		counts[i] = 0;
	if (db_cached(db, &s, sql_counts, err, errlen) == -1)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		st = (const char *)sqlite3_column_text(s, 0);
		if (st != NULL && outbox_status_parse(st, &k) == 0)
			counts[k] = (long)sqlite3_column_int64(s, 1);
	}
	if (rc != SQLITE_DONE) {
		db_err(db, "notifications: counts", err, errlen);
		goto out;
	}
	ret = 0;
out:
	db_release(s);
	return ret;
}

int
outbox_status_grouped(enum outbox_status s)
{
	return s != OUTBOX_PENDING && s != OUTBOX_SENT &&
	    s != OUTBOX_FAILED && s != OUTBOX_DEAD;
}

/* Bind ?1 to ?5 of OUTBOX_FILTER; grouped overrides f->grouped. */
static int
outbox_bind_filter(sqlite3_stmt *s, const struct outbox_filter *f,
    int grouped)
{
	if (db_bind_text(s, 1, f->status < 0 ? NULL :
	    outbox_status_name((enum outbox_status)f->status), 1) == -1 ||
	    (f->person_id > 0 ? sqlite3_bind_int64(s, 2, f->person_id) :
	    sqlite3_bind_null(s, 2)) != SQLITE_OK ||
	    (f->credential_id > 0 ? sqlite3_bind_int64(s, 3,
	    f->credential_id) : sqlite3_bind_null(s, 3)) != SQLITE_OK ||
	    outbox_bind_time(s, 4, f->since) == -1 ||
	    (grouped < 0 ? sqlite3_bind_null(s, 5) :
	    sqlite3_bind_int(s, 5, grouped != 0)) != SQLITE_OK)
		return -1;
	return 0;
}

/* The single row of a count query over OUTBOX_FILTER: columns 0, 1. */
static int
outbox_filter_count(struct db *db, const char *sql,
    const struct outbox_filter *f, int grouped, int64_t *a, int64_t *b,
    char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	int		 ret = -1;

	if (db_cached(db, &s, sql, err, errlen) == -1)
		return -1;
	if (outbox_bind_filter(s, f, grouped) == -1 ||
	    sqlite3_step(s) != SQLITE_ROW) {
		db_err(db, "notifications: count", err, errlen);
		goto out;
	}
	if (a != NULL)
		*a = sqlite3_column_int64(s, 0);
	if (b != NULL)
		*b = sqlite3_column_int64(s, 1);
	ret = 0;
out:
	db_release(s);
	return ret;
}

int
outbox_select(struct db *db, const struct outbox_filter *f, size_t limit,
    struct outbox_item **out, size_t *n, int64_t *total, char *err,
    size_t errlen)
{
	struct outbox_item	 tmp;
	sqlite3_stmt		*s;
	size_t			 i;
	int			 ret = -1;

	*out = NULL;
	*n = 0;
	if (total != NULL && outbox_filter_count(db, sql_select_count, f,
	    f->grouped, total, NULL, err, errlen) == -1)
		return -1;
	if (db_cached(db, &s, sql_select, err, errlen) == -1)
		return -1;
	if (outbox_bind_filter(s, f, f->grouped) == -1 ||
	    sqlite3_bind_int64(s, 6, limit == 0 || limit > INT64_MAX ? -1 :
	    (sqlite3_int64)limit) != SQLITE_OK) {
		db_err(db, "notifications: list", err, errlen);
		goto out;
	}
	if ((ret = outbox_collect(db, s, out, n, err, errlen)) == 0) {
		/* Newest first from SQL; oldest first for people. */
		for (i = 0; i < *n / 2; i++) {
			tmp = (*out)[i];
			(*out)[i] = (*out)[*n - 1 - i];
			(*out)[*n - 1 - i] = tmp;
		}
	}
out:
	db_release(s);
	return ret;
}

int
outbox_groups(struct db *db, const struct outbox_filter *f, size_t limit,
    struct outbox_group_row **out, size_t *n, int64_t *items,
    int64_t *creds, char *err, size_t errlen)
{
	struct outbox_group_row	*v = NULL;
	sqlite3_stmt		*s;
	const char		*st;
	size_t			 nv = 0, cap = 0;
	int			 rc, ret = -1;

	*out = NULL;
	*n = 0;
	if ((items != NULL || creds != NULL) && outbox_filter_count(db,
	    sql_groups_count, f, 1, items, creds, err, errlen) == -1)
		return -1;
	if (db_cached(db, &s, sql_groups, err, errlen) == -1)
		return -1;
	if (outbox_bind_filter(s, f, 1) == -1 ||
	    sqlite3_bind_int64(s, 6, limit == 0 || limit > INT64_MAX ? -1 :
	    (sqlite3_int64)limit) != SQLITE_OK) {
		db_err(db, "notifications: groups", err, errlen);
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (nv == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		st = (const char *)sqlite3_column_text(s, 1);
		if (st == NULL || outbox_status_parse(st, &v[nv].status) ==
		    -1) {
			(void)cet_fmt(err, errlen, "notifications: unknown "
			    "status '%s'", st != NULL ? st : "");
			goto out;
		}
		v[nv].credential_id = sqlite3_column_int64(s, 0);
		v[nv].count = sqlite3_column_int64(s, 2);
		v[nv].latest = sqlite3_column_int64(s, 3);
		nv++;
	}
	if (rc != SQLITE_DONE) {
		db_err(db, "notifications: groups", err, errlen);
		goto out;
	}
	ret = 0;
out:
	db_release(s);
	if (ret == -1) {
		free(v);
		v = NULL;
		nv = 0;
	}
	*out = v;
	*n = nv;
	return ret;
}
