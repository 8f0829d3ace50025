/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for lib/outbox.c and lib/store_notify.c on the real schema
 * (migrations 1 and 2) in SQLite databases: dedup keys and webhook ids,
 * the backoff schedule with its jitter, idempotent enqueueing, the order
 * of due items, every status transition (sent, retried, dead, failed,
 * skipped, retried by hand), the daemon's heartbeat, per-credential
 * reminder settings, disabled webhook endpoints, and the upgrade of a
 * version-1 database that keeps its data. No clock is read: every "now"
 * is given. Everyone here is fictional.
 */

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "helpers.h"
#include "base/date.h"
#include "store/db.h"
#include "base/embedded.h"
#include "base/model.h"
#include "store/outbox.h"
#include "store/store.h"
#include "store/store_notify.h"
#include "base/util.h"

static struct db	db;
static char		err[512];
static int64_t		cred_id, cycle_id;

static const struct outbox_policy policy = {
	.retry_first = 60, .retry_max = 21600, .give_up_after = 259200,
	.seed = 42
};

static time_t
T(const char *s)
{
	time_t	t;

	cr_assert_eq(outbox_time_parse(s, &t), 0, "bad test time %s", s);
	return t;
}

static int
exec_sql(const char *sql)
{
	return sqlite3_exec(db.h, sql, NULL, NULL, NULL);
}

/* Dana Reyes, RN, CCM: one person, one CCM credential and its cycle. */
static void
add_dana(void)
{
	struct person		p;
	struct credential	c;
	struct cycle		cy;

	memset(&p, 0, sizeof(p));
	cet_strlcpy(p.name, "Dana Reyes", sizeof(p.name));
	cet_strlcpy(p.email, "dana.reyes@example.org", sizeof(p.email));
	p.active = 1;
	cr_assert_eq(store_person_add(&db, &p, err, sizeof(err)), 0, "%s",
	    err);
	memset(&c, 0, sizeof(c));
	memset(&cy, 0, sizeof(cy));
	c.person_id = p.id;
	cet_strlcpy(c.program, "CCM", sizeof(c.program));
	cet_strlcpy(c.number, "CCM-100234", sizeof(c.number));
	c.status = CRED_ACTIVE;
	cy.start = D("2022-06-01");
	cy.valid_through = D("2027-05-31");
	cy.renewal_index = 2;
	cy.closed = -1;
	cr_assert_eq(store_cred_add(&db, &c, &cy, err, sizeof(err)), 0, "%s",
	    err);
	cred_id = c.id;
	cycle_id = cy.id;
}

static void
setup(void)
{
	cr_assert_eq(unsetenv("SUDO_USER"), 0);
	cr_assert_eq(setenv("USER", "dreyes", 1), 0);
	cr_assert_eq(db_open(&db, ":memory:", DB_OPEN_CREATE, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(db_migrate(&db, NULL, NULL, err, sizeof(err)), 0, "%s",
	    err);
	add_dana();
}

static void
teardown(void)
{
	db_close(&db);
}

/* Enqueue a pending item for Dana's CCM; returns its id. */
static int64_t
enq(const char *event, const char *channel, const char *recipient,
    time_t now, time_t not_before, int want_new)
{
	struct outbox_new	n;
	int64_t			id = 0;
	int			created = -1;

	memset(&n, 0, sizeof(n));
	n.credential_id = cred_id;
	n.cycle_id = cycle_id;
	n.event = event;
	n.channel = channel;
	n.recipient = recipient;
	n.subject = "CCM renewal: 17.5 hours to go";
	n.body = "Dana Reyes, your CCM is valid through 2027-05-31.";
	n.not_before = not_before;
	cr_assert_eq(outbox_enqueue(&db, &n, now, &created, &id, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(created, want_new, "%s: created %d", event, created);
	cr_assert_gt(id, 0);
	return id;
}

TestSuite(outbox, .init = setup, .fini = teardown);

/* -- pure helpers ---------------------------------------------------- */

Test(outbox, dedup_key_format)
{
	char	k[OUTBOX_KEY_MAX], small[8];

	cr_assert_eq(outbox_dedup_key(k, sizeof(k), 7, 12, "before-30",
	    "email", "dana.reyes@example.org"), 0);
	cr_assert_str_eq(k, "7:12:before-30:email:dana.reyes@example.org");
	/* The recipient is last, so a URL's colons are fine. */
	cr_assert_eq(outbox_dedup_key(k, sizeof(k), 7, 12, "window-open",
	    "webhook", "https://hooks.example.org:8443/cetrack"), 0);
	cr_assert_str_eq(k,
	    "7:12:window-open:webhook:https://hooks.example.org:8443/cetrack");
	cr_assert_eq(outbox_dedup_key(k, sizeof(k), 0, 0, "dead-3", "log",
	    ""), 0);
	cr_assert_str_eq(k, "0:0:dead-3:log:");

	cr_assert_eq(outbox_dedup_key(k, sizeof(k), 7, 12, "before:30",
	    "email", "a@example.org"), -1, "':' in the event is ambiguous");
	cr_assert_eq(outbox_dedup_key(k, sizeof(k), 7, 12, "", "email",
	    "a@example.org"), -1);
	cr_assert_eq(outbox_dedup_key(k, sizeof(k), 7, 12, "before-30", "sms",
	    "a@example.org"), -1);
	cr_assert_eq(outbox_dedup_key(k, sizeof(k), 7, 12, "before-30",
	    "email", "a@example.org\nBcc: x@example.org"), -1);
	cr_assert_eq(outbox_dedup_key(k, sizeof(k), -1, 12, "before-30",
	    "email", "a@example.org"), -1);
	cr_assert_eq(outbox_dedup_key(small, sizeof(small), 7, 12,
	    "before-30", "email", "a@example.org"), -1, "truncation");
}

Test(outbox, webhook_id_is_stable)
{
	char	a[OUTBOX_WEBHOOK_ID_MAX], b[OUTBOX_WEBHOOK_ID_MAX];

	/* msg_ + the first 16 bytes of SHA-256 of the key, in hex
	 * (python3: hashlib.sha256(key).hexdigest()[:32]). */
	cr_assert_eq(outbox_webhook_id(
	    "7:12:before-30:webhook:https://hooks.example.org/cetrack", a,
	    sizeof(a)), 0);
	cr_assert_str_eq(a, "msg_5511899bf45f38178ce720d1c07ad7a2");
	cr_assert_eq(outbox_webhook_id(
	    "7:12:before-14:webhook:https://hooks.example.org/cetrack", b,
	    sizeof(b)), 0);
	cr_assert_str_neq(a, b);
	cr_assert_eq(outbox_webhook_id("x", a, 10), -1);
}

Test(outbox, time_round_trip)
{
	char	buf[OUTBOX_TIME_BUFSZ];
	time_t	t;

	cr_assert_eq(outbox_time_parse("1970-01-01T00:00:00Z", &t), 0);
	cr_assert_eq(t, 0);
	t = T("2027-03-02T09:00:00Z");
	cr_assert_eq(t, (time_t)D("2027-03-02") * 86400 + 9 * 3600);
	cr_assert_eq(outbox_time_format(t + 59, buf, sizeof(buf)), 0);
	cr_assert_str_eq(buf, "2027-03-02T09:00:59Z");
	cr_assert_eq(outbox_time_parse("2027-02-29T00:00:00Z", &t), -1);
	cr_assert_eq(outbox_time_parse("2027-03-02 09:00:00Z", &t), -1);
	cr_assert_eq(outbox_time_parse("2027-03-02T24:00:00Z", &t), -1);
	cr_assert_eq(outbox_time_parse("2027-03-02T09:00:00", &t), -1);
	cr_assert_eq(outbox_time_format(t, buf, 20), -1);
}

Test(outbox, status_names)
{
	enum outbox_status	s;

	cr_assert_str_eq(outbox_status_name(OUTBOX_DEAD), "dead");
	cr_assert_eq(outbox_status_parse("skipped", &s), 0);
	cr_assert_eq(s, OUTBOX_SKIPPED);
	cr_assert_eq(outbox_status_parse("sending", &s), -1);
}

Test(outbox, backoff_schedule)
{
	static const long	want[] = { 60, 120, 240, 480, 960, 1920,
				    3840, 7680, 15360, 21600, 21600, 21600 };
	size_t			i;

	for (i = 0; i < ARRAY_SIZE(want); i++)
		cr_assert_eq(outbox_backoff_base(&policy, (int)i + 1),
		    want[i], "attempt %zu", i + 1);
	/* No overflow however far it goes. */
	cr_assert_eq(outbox_backoff_base(&policy, INT_MAX), 21600);
	cr_assert_eq(outbox_backoff_base(&policy, 0), 60);
}

Test(outbox, backoff_jitter)
{
	struct outbox_policy	p2 = policy;
	long			b, j, first;
	int64_t			id;
	int			a, differs = 0, differs_seed = 0;

	p2.seed = 43;
	for (a = 1; a <= 14; a++) {
		b = outbox_backoff_base(&policy, a);
		first = outbox_backoff(&policy, 1, a);
		for (id = 1; id <= 50; id++) {
			j = outbox_backoff(&policy, id, a);
			cr_assert(j >= b - b / 5 && j <= b + b / 5,
			    "attempt %d item %lld: %ld not within 20%% of %ld",
			    a, (long long)id, j, b);
			cr_assert_eq(j, outbox_backoff(&policy, id, a),
			    "the same seed gives the same wait");
			if (j != first)
				differs = 1;
			if (j != outbox_backoff(&p2, id, a))
				differs_seed = 1;
		}
	}
	cr_assert(differs, "items failing together must not retry together");
	cr_assert(differs_seed, "the seed changes the jitter");
	p2.retry_first = p2.retry_max = 1;
	cr_assert_geq(outbox_backoff(&p2, 9, 3), 1);
}

/* -- enqueue ---------------------------------------------------------- */

Test(outbox, enqueue_is_idempotent)
{
	struct outbox_item	it;
	time_t			now = T("2027-03-02T09:00:00Z");
	int64_t			a, b;

	a = enq("before-90", "email", "dana.reyes@example.org", now, 0, 1);
	b = enq("before-90", "email", "dana.reyes@example.org", now + 60, 0,
	    0);
	cr_assert_eq(a, b);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM notification"), 1);
	/* Another channel or recipient is another item. */
	enq("before-90", "log", "", now, 0, 1);
	enq("before-90", "email", "case.mgr@example.org", now, 0, 1);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM notification"), 3);

	cr_assert_eq(outbox_get(&db, a, &it, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(it.status, OUTBOX_PENDING);
	cr_assert_eq(it.attempts, 0);
	cr_assert_eq(it.next_attempt, now);
	cr_assert_eq(it.created, now, "the first enqueue's time is kept");
	cr_assert_eq(it.credential_id, cred_id);
	cr_assert_eq(it.cycle_id, cycle_id);
	cr_assert_str_eq(it.channel, "email");
	cr_assert_str_eq(it.subject, "CCM renewal: 17.5 hours to go");
	cr_assert_eq(strncmp(it.webhook_id, "msg_", 4), 0);
	cr_assert_eq(strlen(it.webhook_id), 36);
	outbox_item_clear(&it);

	/* Even after it was sent, the same key adds nothing. */
	cr_assert_eq(outbox_record_sent(&db, &a, 1, NULL, now + 5, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(enq("before-90", "email", "dana.reyes@example.org",
	    now + 86400, 0, 0), a);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM notification WHERE "
	    "status = 'sent'"), 1);
}

/* outbox_has: whether the queue holds the key, whatever its status. */
Test(outbox, has_finds_the_key_in_any_status)
{
	time_t	now = T("2027-03-02T09:00:00Z");
	int64_t	a;

	cr_assert_eq(outbox_has(&db, cred_id, cycle_id, "before-90", "email",
	    "dana.reyes@example.org", err, sizeof(err)), 0, "%s", err);
	a = enq("before-90", "email", "dana.reyes@example.org", now, 0, 1);
	cr_assert_eq(outbox_has(&db, cred_id, cycle_id, "before-90", "email",
	    "dana.reyes@example.org", err, sizeof(err)), 1, "%s", err);
	/* Another recipient, event or cycle is not the same item. */
	cr_assert_eq(outbox_has(&db, cred_id, cycle_id, "before-90", "email",
	    "case.mgr@example.org", err, sizeof(err)), 0);
	cr_assert_eq(outbox_has(&db, cred_id, cycle_id, "before-60", "email",
	    "dana.reyes@example.org", err, sizeof(err)), 0);
	cr_assert_eq(outbox_has(&db, cred_id, cycle_id + 1, "before-90",
	    "email", "dana.reyes@example.org", err, sizeof(err)), 0);
	cr_assert_eq(outbox_record_sent(&db, &a, 1, NULL, now + 5, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(outbox_has(&db, cred_id, cycle_id, "before-90", "email",
	    "dana.reyes@example.org", err, sizeof(err)), 1);
	/* A key that cannot be made is an error, not "absent". */
	cr_assert_eq(outbox_has(&db, cred_id, cycle_id, "before:90", "email",
	    "dana.reyes@example.org", err, sizeof(err)), -1);
	cr_assert_eq(outbox_has(&db, cred_id, cycle_id, "before-90", "pager",
	    "x", err, sizeof(err)), -1);
}

Test(outbox, enqueue_refuses_bad_fields)
{
	struct outbox_new	n;
	int			created;

	memset(&n, 0, sizeof(n));
	n.credential_id = cred_id;
	n.cycle_id = cycle_id;
	n.event = "before-30";
	n.channel = "pager";
	n.recipient = "x";
	cr_assert_eq(outbox_enqueue(&db, &n, T("2027-03-02T09:00:00Z"),
	    &created, NULL, err, sizeof(err)), -1);
	cr_assert(strstr(err, "dedup key") != NULL, "%s", err);
	/* A credential that does not exist: the foreign key refuses it
	 * (an ON CONFLICT DO NOTHING must not swallow that). */
	n.channel = "log";
	n.credential_id = 999;
	cr_assert_eq(outbox_enqueue(&db, &n, T("2027-03-02T09:00:00Z"),
	    &created, NULL, err, sizeof(err)), -1);
	cr_assert(strstr(err, "FOREIGN KEY") != NULL, "%s", err);
	n.credential_id = cred_id;
	n.skip_reason = "";
	cr_assert_eq(outbox_enqueue(&db, &n, T("2027-03-02T09:00:00Z"),
	    &created, NULL, err, sizeof(err)), -1);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM notification"), 0);
}

Test(outbox, skipped_is_a_record)
{
	struct outbox_new	 n;
	struct outbox_item	*v = NULL, it;
	size_t			 nv = 0;
	time_t			 now = T("2027-03-02T09:00:00Z");
	int64_t			 id;
	int			 created;

	memset(&n, 0, sizeof(n));
	n.credential_id = cred_id;
	n.cycle_id = cycle_id;
	n.event = "before-180";
	n.channel = "email";
	n.recipient = "dana.reyes@example.org";
	n.skip_reason = "caught up: before-90 is more urgent";
	cr_assert_eq(outbox_enqueue(&db, &n, now, &created, &id, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(created, 1);
	cr_assert_eq(outbox_get(&db, id, &it, err, sizeof(err)), 0);
	cr_assert_eq(it.status, OUTBOX_SKIPPED);
	cr_assert_str_eq(it.skip_reason, "caught up: before-90 is more urgent");
	cr_assert_eq(it.next_attempt, 0);
	outbox_item_clear(&it);

	cr_assert_eq(outbox_due(&db, now + 86400 * 365, NULL, 0, &v, &nv, err,
	    sizeof(err)), 0);
	cr_assert_eq(nv, 0, "a skipped item is never due");
	outbox_items_free(v, nv);
	cr_assert_eq(outbox_next_due(&db, &now, err, sizeof(err)), 0);
	/* The same reminder enqueued later as pending stays skipped. */
	n.skip_reason = NULL;
	cr_assert_eq(outbox_enqueue(&db, &n, now, &created, NULL, err,
	    sizeof(err)), 0);
	cr_assert_eq(created, 0);
	/* Nor can it be retried by hand. */
	cr_assert_eq(outbox_retry(&db, id, now, NULL, err, sizeof(err)), -1);
	cr_assert(strstr(err, "is skipped") != NULL, "%s", err);
	cr_assert_eq(outbox_list(&db, OUTBOX_SKIPPED, 0, &v, &nv, err,
	    sizeof(err)), 0);
	cr_assert_eq(nv, 1);
	cr_assert_null(v[0].subject, "listings leave the text out");
	outbox_items_free(v, nv);
}

/* -- due items --------------------------------------------------------- */

Test(outbox, due_order_limit_channel)
{
	struct outbox_item	*v = NULL;
	size_t			 nv = 0;
	time_t			 now = T("2027-03-02T09:00:00Z"), when;
	int64_t			 a, b, c, d;

	cr_assert_eq(outbox_next_due(&db, &when, err, sizeof(err)), 0);
	a = enq("before-90", "email", "dana.reyes@example.org", now,
	    now + 300, 1);
	b = enq("window-open", "email", "dana.reyes@example.org", now,
	    now + 100, 1);
	c = enq("window-open", "webhook", "https://hooks.example.org/c", now,
	    0, 1);
	d = enq("before-60", "email", "dana.reyes@example.org", now,
	    now + 86400, 1);

	cr_assert_eq(outbox_next_due(&db, &when, err, sizeof(err)), 1);
	cr_assert_eq(when, now);

	cr_assert_eq(outbox_due(&db, now + 300, NULL, 0, &v, &nv, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(nv, 3, "the one due tomorrow is not due");
	cr_assert_eq(v[0].id, c);
	cr_assert_eq(v[1].id, b);
	cr_assert_eq(v[2].id, a);
	cr_assert_not_null(v[0].body, "due items carry their text");
	outbox_items_free(v, nv);

	cr_assert_eq(outbox_due(&db, now + 300, NULL, 2, &v, &nv, err,
	    sizeof(err)), 0);
	cr_assert_eq(nv, 2);
	cr_assert_eq(v[1].id, b);
	outbox_items_free(v, nv);

	cr_assert_eq(outbox_due(&db, now + 86400, "email", 0, &v, &nv, err,
	    sizeof(err)), 0);
	cr_assert_eq(nv, 3);
	cr_assert_eq(v[2].id, d);
	outbox_items_free(v, nv);

	cr_assert_eq(outbox_due(&db, now - 1, NULL, 0, &v, &nv, err,
	    sizeof(err)), 0);
	cr_assert_eq(nv, 0);
	outbox_items_free(v, nv);
}

/* -- outcomes ----------------------------------------------------------- */

Test(outbox, sent_as_a_digest)
{
	struct outbox_item	 it;
	time_t			 now = T("2027-03-02T09:00:00Z"), when;
	int64_t			 ids[2];

	ids[0] = enq("before-90", "email", "dana.reyes@example.org", now, 0,
	    1);
	ids[1] = enq("window-open", "email", "dana.reyes@example.org", now, 0,
	    1);
	cr_assert_eq(outbox_record_sent(&db, ids, 2,
	    "<20270302090000.1@cetrack.example.org>", now + 3, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(outbox_get(&db, ids[1], &it, err, sizeof(err)), 0);
	cr_assert_eq(it.status, OUTBOX_SENT);
	cr_assert_eq(it.attempts, 1);
	cr_assert_eq(it.sent, now + 3);
	cr_assert_eq(it.first_attempt, now + 3);
	cr_assert_eq(it.next_attempt, 0);
	cr_assert_str_eq(it.digest_group,
	    "<20270302090000.1@cetrack.example.org>");
	outbox_item_clear(&it);
	cr_assert_eq(outbox_next_due(&db, &when, err, sizeof(err)), 0);

	/* Recording it again (a duplicate report) changes nothing. */
	cr_assert_eq(outbox_record_sent(&db, ids, 1, NULL, now + 99, err,
	    sizeof(err)), 0);
	cr_assert_eq(outbox_get(&db, ids[0], &it, err, sizeof(err)), 0);
	cr_assert_eq(it.attempts, 1);
	cr_assert_eq(it.sent, now + 3);
	outbox_item_clear(&it);
	cr_assert_eq(outbox_record_sent(&db, ids, 1, "", now, err,
	    sizeof(err)), -1, "an empty group name is refused");
}

Test(outbox, temporary_failures_until_dead)
{
	struct outbox_item	it;
	enum outbox_status	st;
	time_t			now = T("2027-03-02T09:00:00Z"), t, prev;
	size_t			final;
	long			base;
	int64_t			id;
	int			n = 0;

	id = enq("before-30", "webhook", "https://hooks.example.org/c", now,
	    0, 1);
	/* Fail at every due time; the waits follow the schedule. */
	for (t = now;; ) {
		cr_assert_eq(outbox_record_failure(&db, &id, 1, &policy, 0,
		    "HTTP 503 Service Unavailable", t, &st, &final, err,
		    sizeof(err)), 0, "%s", err);
		n++;
		cr_assert_eq(outbox_get(&db, id, &it, err, sizeof(err)), 0);
		cr_assert_eq(it.attempts, n);
		cr_assert_eq(it.first_attempt, now);
		cr_assert_str_eq(it.last_error, "HTTP 503 Service Unavailable");
		outbox_item_clear(&it);
		if (st != OUTBOX_PENDING)
			break;
		cr_assert_eq(final, 0);
		cr_assert(t - now < 259200, "pending after give_up_after");
		base = outbox_backoff_base(&policy, n);
		cr_assert(it.next_attempt - t >= base - base / 5 &&
		    it.next_attempt - t <= base + base / 5,
		    "attempt %d: waits %lld, base %ld", n,
		    (long long)(it.next_attempt - t), base);
		cr_assert_eq(it.next_attempt - t, outbox_backoff(&policy, id,
		    n));
		prev = t;
		t = it.next_attempt;
		cr_assert_gt(t, prev);
	}
	cr_assert_eq(st, OUTBOX_DEAD);
	cr_assert_eq(final, 1, "the caller is told, to report it");
	cr_assert_geq(t - now, 259200);
	cr_assert_lt(t - now, 259200 + 21600 + 21600 / 5 + 1);
	/* 9 waits to reach the cap (~8.5 h), then ~6 h each for 3 days. */
	cr_assert(n >= 18 && n <= 24, "%d attempts", n);
	cr_assert_eq(outbox_get(&db, id, &it, err, sizeof(err)), 0);
	cr_assert_eq(it.status, OUTBOX_DEAD);
	cr_assert_eq(it.next_attempt, 0);
	outbox_item_clear(&it);

	/* A late report for a dead item changes nothing. */
	cr_assert_eq(outbox_record_failure(&db, &id, 1, &policy, 0, "late",
	    t + 1, &st, &final, err, sizeof(err)), 0);
	cr_assert_eq(st, OUTBOX_DEAD);
	cr_assert_eq(final, 0);
}

Test(outbox, give_up_counts_from_the_first_attempt)
{
	enum outbox_status	st;
	time_t			now = T("2027-03-02T09:00:00Z");
	int64_t			id;

	/* Queued a week ago while the daemon was down: its first failure
	 * today is not the end. */
	id = enq("before-30", "email", "dana.reyes@example.org",
	    now - 7 * 86400, 0, 1);
	cr_assert_eq(outbox_record_failure(&db, &id, 1, &policy, 0,
	    "connection refused", now, &st, NULL, err, sizeof(err)), 0);
	cr_assert_eq(st, OUTBOX_PENDING);
}

Test(outbox, permanent_failure_and_manual_retry)
{
	struct outbox_item	it;
	enum outbox_status	st[2], prev;
	time_t			now = T("2027-03-02T09:00:00Z"), when;
	size_t			final, count;
	int64_t			ids[2], other;

	ids[0] = enq("before-30", "email", "dana.reyes@example.org", now, 0,
	    1);
	ids[1] = enq("window-open", "email", "dana.reyes@example.org", now, 0,
	    1);
	cr_assert_eq(outbox_record_failure(&db, ids, 2, &policy, 1,
	    "550 5.1.1 mailbox unavailable\r\n", now, st, &final, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(st[0], OUTBOX_FAILED);
	cr_assert_eq(st[1], OUTBOX_FAILED);
	cr_assert_eq(final, 2);
	cr_assert_eq(outbox_get(&db, ids[0], &it, err, sizeof(err)), 0);
	cr_assert_str_eq(it.last_error, "550 5.1.1 mailbox unavailable  ",
	    "one line");
	cr_assert_eq(it.attempts, 1);
	outbox_item_clear(&it);
	cr_assert_eq(outbox_next_due(&db, &when, err, sizeof(err)), 0);

	/* By hand: pending now, with a whole new retry period. */
	cr_assert_eq(outbox_retry(&db, ids[0], now + 3600, &prev, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(prev, OUTBOX_FAILED);
	cr_assert_eq(outbox_get(&db, ids[0], &it, err, sizeof(err)), 0);
	cr_assert_eq(it.status, OUTBOX_PENDING);
	cr_assert_eq(it.next_attempt, now + 3600);
	cr_assert_eq(it.attempts, 0);
	cr_assert_eq(it.first_attempt, 0);
	cr_assert_str_eq(it.last_error, "550 5.1.1 mailbox unavailable  ",
	    "the last error is kept");
	outbox_item_clear(&it);
	cr_assert_eq(outbox_next_due(&db, &when, err, sizeof(err)), 1);
	cr_assert_eq(when, now + 3600);

	/* Only dead or failed items can be retried. */
	cr_assert_eq(outbox_retry(&db, ids[0], now, &prev, err, sizeof(err)),
	    -1);
	cr_assert(strstr(err, "is pending") != NULL, "%s", err);
	cr_assert_eq(outbox_retry(&db, 999, now, NULL, err, sizeof(err)), -1);
	cr_assert_str_eq(err, "no notification 999");

	/* A receiver that answered 410: every pending item for it fails. */
	other = enq("before-30", "webhook", "https://gone.example.org/h", now,
	    0, 1);
	enq("window-open", "webhook", "https://gone.example.org/h", now, 0, 1);
	enq("window-open", "webhook", "https://hooks.example.org/c", now, 0,
	    1);
	cr_assert_eq(outbox_fail_recipient(&db, "webhook",
	    "https://gone.example.org/h", "410 Gone: endpoint disabled", now,
	    &count, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(count, 2);
	cr_assert_eq(outbox_get(&db, other, &it, err, sizeof(err)), 0);
	cr_assert_eq(it.status, OUTBOX_FAILED);
	outbox_item_clear(&it);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM notification WHERE "
	    "status = 'pending' AND channel = 'webhook'"), 1);
}

Test(outbox, counts_and_list)
{
	struct outbox_item	*v = NULL;
	long			 c[5];
	size_t			 n = 0;
	time_t			 now = T("2027-03-02T09:00:00Z");
	int64_t			 a;

	a = enq("before-30", "email", "dana.reyes@example.org", now, 0, 1);
	enq("window-open", "email", "dana.reyes@example.org", now, 0, 1);
	cr_assert_eq(outbox_record_sent(&db, &a, 1, NULL, now, err,
	    sizeof(err)), 0);
	cr_assert_eq(outbox_counts(&db, c, err, sizeof(err)), 0);
	cr_assert_eq(c[OUTBOX_PENDING], 1);
	cr_assert_eq(c[OUTBOX_SENT], 1);
	cr_assert_eq(c[OUTBOX_DEAD], 0);
	cr_assert_eq(outbox_list(&db, -1, 1, &v, &n, err, sizeof(err)), 0);
	cr_assert_eq(n, 2);
	cr_assert_eq(v[0].id, a);
	cr_assert_not_null(v[0].body);
	outbox_items_free(v, n);
	cr_assert_eq(outbox_list(&db, OUTBOX_SENT, 0, &v, &n, err,
	    sizeof(err)), 0);
	cr_assert_eq(n, 1);
	outbox_items_free(v, n);
}

/* -- heartbeat ---------------------------------------------------------- */

Test(outbox, heartbeat)
{
	struct notify_pass	p;
	char			msg[256];
	time_t			now = T("2027-03-02T09:00:00Z");
	int64_t			id, id2;
	long			del;

	cr_assert_eq(store_pass_last(&db, &p, err, sizeof(err)), 0);
	cr_assert_eq(store_notify_heartbeat_warning(&db, now, msg, sizeof(msg),
	    err, sizeof(err)), 1, "%s", err);
	cr_assert_str_eq(msg, "cetrackd has never run; no reminders are "
	    "being sent");

	cr_assert_eq(store_pass_begin(&db, now, T("2027-05-30T09:00:00Z"),
	    &id, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(store_pass_last(&db, &p, err, sizeof(err)), 1);
	cr_assert_eq(p.id, id);
	cr_assert_eq(p.finished, 0, "still running");
	cr_assert_eq(store_pass_finish(&db, id, now + 12, 3, 2, 1, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(store_pass_last(&db, &p, err, sizeof(err)), 1);
	cr_assert_eq(p.started, now);
	cr_assert_eq(p.finished, now + 12);
	cr_assert_eq(p.now_used, T("2027-05-30T09:00:00Z"));
	cr_assert_eq(p.items_enqueued, 3);
	cr_assert_eq(p.items_sent, 2);
	cr_assert_eq(p.items_failed, 1);
	cr_assert_eq(store_pass_finish(&db, 999, now, 0, 0, 0, err,
	    sizeof(err)), -1);

	/* A day is fine, a day and a second is not. */
	cr_assert_eq(store_notify_heartbeat_warning(&db, now + 86400, msg,
	    sizeof(msg), err, sizeof(err)), 0);
	cr_assert_str_eq(msg, "");
	cr_assert_eq(store_notify_heartbeat_warning(&db, now + 86401, msg,
	    sizeof(msg), err, sizeof(err)), 1);
	cr_assert_str_eq(msg, "cetrackd has not run since 2027-03-02 09:00 "
	    "UTC; no reminders are being sent");

	/* Nothing to remind about: no warning. */
	cr_assert_eq(exec_sql("UPDATE credential SET status = 'retired'"),
	    SQLITE_OK);
	cr_assert_eq(store_notify_heartbeat_warning(&db, now + 86400 * 30,
	    msg, sizeof(msg), err, sizeof(err)), 0);

	/* Pruning keeps the latest pass whatever its age. */
	cr_assert_eq(store_pass_begin(&db, now + 3600, now + 3600, &id2, err,
	    sizeof(err)), 0);
	cr_assert_eq(store_pass_prune(&db, now + 86400 * 365, &del, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(del, 1);
	cr_assert_eq(store_pass_last(&db, &p, err, sizeof(err)), 1);
	cr_assert_eq(p.id, id2);
}

/* -- reminder settings -------------------------------------------------- */

Test(outbox, parse_days)
{
	int	v[CONFIG_MAX_OFFSETS], n;

	cr_assert_eq(notify_parse_days("30, 120,60", 0, 3650, 1, v, &n, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(n, 3);
	cr_assert_eq(v[0], 120);
	cr_assert_eq(v[2], 30);
	cr_assert_eq(notify_parse_days("30,1,7", 1, 3650, 0, v, &n, err,
	    sizeof(err)), 0);
	cr_assert_eq(v[0], 1);
	cr_assert_eq(notify_parse_days("none", 0, 3650, 1, v, &n, err,
	    sizeof(err)), 0);
	cr_assert_eq(n, 0);
	cr_assert_eq(notify_parse_days("120,x", 0, 3650, 1, v, &n, err,
	    sizeof(err)), -1);
	cr_assert_str_eq(err, "'x' is not a number of days");
	cr_assert_eq(notify_parse_days("60,60", 0, 3650, 1, v, &n, err,
	    sizeof(err)), -1);
	cr_assert_str_eq(err, "60 is listed twice");
	cr_assert_eq(notify_parse_days("4000", 0, 3650, 1, v, &n, err,
	    sizeof(err)), -1);
	cr_assert_eq(notify_parse_days("0", 1, 3650, 1, v, &n, err,
	    sizeof(err)), -1);
	cr_assert_eq(notify_parse_days("1,,2", 0, 3650, 1, v, &n, err,
	    sizeof(err)), -1);
	cr_assert_eq(notify_parse_days("", 0, 3650, 1, v, &n, err,
	    sizeof(err)), -1);
	cr_assert_eq(notify_parse_days("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,"
	    "16,17", 0, 3650, 1, v, &n, err, sizeof(err)), -1);
}

Test(outbox, opt_out_and_snooze)
{
	struct notify_settings	ns;
	unsigned		b;
	char			buf[32];

	cr_assert_eq(notify_parse_opt_out("webhook, email", &b, err,
	    sizeof(err)), 0);
	cr_assert_eq(b, NOTIFY_OPT_EMAIL | NOTIFY_OPT_WEBHOOK);
	cr_assert_eq(notify_format_opt_out(b, buf, sizeof(buf)), 0);
	cr_assert_str_eq(buf, "email,webhook");
	cr_assert_eq(notify_parse_opt_out("all", &b, err, sizeof(err)), 0);
	cr_assert_eq(b, NOTIFY_OPT_ALL);
	cr_assert_eq(notify_parse_opt_out("none", &b, err, sizeof(err)), 0);
	cr_assert_eq(b, 0);
	cr_assert_eq(notify_parse_opt_out("sms", &b, err, sizeof(err)), -1);
	cr_assert_eq(notify_parse_opt_out("", &b, err, sizeof(err)), -1);

	notify_settings_init(&ns, cred_id);
	cr_assert_eq(notify_opted_out(&ns, "email"), 0);
	ns.opt_out = NOTIFY_OPT_EMAIL;
	cr_assert_eq(notify_opted_out(&ns, "email"), 1);
	cr_assert_eq(notify_opted_out(&ns, "webhook"), 0);
	cr_assert_eq(notify_opted_out(&ns, "log"), 0);
	ns.opt_out = NOTIFY_OPT_ALL;
	cr_assert_eq(notify_opted_out(&ns, "log"), 1);
	cr_assert_eq(notify_snoozed(&ns, D("2027-03-02")), 0);
	ns.snooze_until = D("2027-04-01");
	cr_assert_eq(notify_snoozed(&ns, D("2027-04-01")), 1);
	cr_assert_eq(notify_snoozed(&ns, D("2027-04-02")), 0);
	cr_assert_eq(notify_snoozed(NULL, D("2027-04-01")), 0);
}

Test(outbox, settings_round_trip)
{
	struct notify_settings	 ns, got, *v = NULL;
	size_t			 n = 0;

	cr_assert_eq(store_notify_settings_get(&db, cred_id, &ns, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(ns.has_before, 0);
	cr_assert_eq(ns.has_after, 0);
	cr_assert_eq(ns.snooze_until, -1);
	cr_assert_eq(ns.opt_out, 0);
	cr_assert_eq(store_notify_settings_list(&db, &v, &n, err,
	    sizeof(err)), 0);
	cr_assert_eq(n, 0, "untouched credentials follow the policy");
	free(v);

	ns.has_before = 1;
	cr_assert_eq(notify_parse_days("120,60,30", 0, 3650, 1, ns.before,
	    &ns.nbefore, err, sizeof(err)), 0);
	ns.has_after = 1;
	ns.nafter = 0;			/* none */
	ns.snooze_until = D("2027-04-01");
	ns.opt_out = NOTIFY_OPT_WEBHOOK;
	cr_assert_eq(store_notify_settings_set(&db, &ns, err, sizeof(err)), 0,
	    "%s", err);
	cr_assert_eq(query_int(&db, "SELECT remind_before = '120,60,30' AND "
	    "remind_after = '' AND snooze_until = '2027-04-01' AND "
	    "opt_out = 'webhook' FROM credential"), 1);
	cr_assert_eq(store_notify_settings_get(&db, cred_id, &got, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(got.has_before, 1);
	cr_assert_eq(got.nbefore, 3);
	cr_assert_eq(got.before[0], 120);
	cr_assert_eq(got.before[2], 30);
	cr_assert_eq(got.has_after, 1);
	cr_assert_eq(got.nafter, 0);
	cr_assert_eq(got.snooze_until, D("2027-04-01"));
	cr_assert_eq(got.opt_out, NOTIFY_OPT_WEBHOOK);

	cr_assert_eq(store_notify_settings_list(&db, &v, &n, err,
	    sizeof(err)), 0);
	cr_assert_eq(n, 1);
	cr_assert_not_null(store_notify_settings_find(v, n, cred_id));
	cr_assert_null(store_notify_settings_find(v, n, cred_id + 1));
	free(v);

	/* Back to the policy. */
	notify_settings_init(&ns, cred_id);
	cr_assert_eq(store_notify_settings_set(&db, &ns, err, sizeof(err)), 0);
	cr_assert_eq(query_int(&db, "SELECT remind_before IS NULL AND "
	    "remind_after IS NULL AND snooze_until IS NULL AND opt_out = '' "
	    "FROM credential"), 1);

	cr_assert_eq(store_notify_settings_get(&db, 999, &got, err,
	    sizeof(err)), -1);
	cr_assert_str_eq(err, "no credential 999");
	ns.credential_id = 999;
	cr_assert_eq(store_notify_settings_set(&db, &ns, err, sizeof(err)),
	    -1);
}

Test(outbox, schema_checks)
{
	cr_assert_neq(exec_sql("UPDATE credential SET opt_out = 'sms'"),
	    SQLITE_OK);
	cr_assert_neq(exec_sql("UPDATE credential SET remind_before = '1;2'"),
	    SQLITE_OK);
	cr_assert_neq(exec_sql("UPDATE credential SET snooze_until = "
	    "'2027-02-30'"), SQLITE_OK);
	cr_assert_neq(exec_sql("INSERT INTO daemon_pass (started, now_used) "
	    "VALUES ('2027-03-02 09:00', '2027-03-02T09:00:00Z')"), SQLITE_OK);
	cr_assert_neq(exec_sql("INSERT INTO daemon_pass (started, finished, "
	    "now_used) VALUES ('2027-03-02T09:00:00Z', '2027-03-02T08:00:00Z', "
	    "'2027-03-02T09:00:00Z')"), SQLITE_OK);
	cr_assert_eq(exec_sql("INSERT INTO daemon_pass (started, now_used) "
	    "VALUES ('2027-03-02T09:00:00Z', '2027-03-02T09:00:00Z')"),
	    SQLITE_OK);
}

/* -- webhook endpoints -------------------------------------------------- */

Test(outbox, webhook_endpoint_disable)
{
	const char	*url = "https://hooks.example.org/cetrack";
	char		 reason[64];
	time_t		 now = T("2027-03-02T09:00:00Z"), when;
	int		 dis, changed;

	cr_assert_eq(store_webhook_disabled(&db, url, &dis, &when, reason,
	    sizeof(reason), err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(dis, 0);
	cr_assert_eq(store_webhook_disable(&db, url, "HTTP 410 Gone", now,
	    err, sizeof(err)), 0, "%s", err);
	/* Idempotent: the first time and reason stay. */
	cr_assert_eq(store_webhook_disable(&db, url, "again", now + 60, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(store_webhook_disabled(&db, url, &dis, &when, reason,
	    sizeof(reason), err, sizeof(err)), 0);
	cr_assert_eq(dis, 1);
	cr_assert_eq(when, now);
	cr_assert_str_eq(reason, "HTTP 410 Gone");
	cr_assert_eq(store_webhook_disabled(&db, "https://other.example.org/",
	    &dis, NULL, NULL, 0, err, sizeof(err)), 0);
	cr_assert_eq(dis, 0);

	cr_assert_eq(store_webhook_enable(&db, url, &changed, err,
	    sizeof(err)), 0);
	cr_assert_eq(changed, 1);
	cr_assert_eq(store_webhook_enable(&db, url, &changed, err,
	    sizeof(err)), 0);
	cr_assert_eq(changed, 0);
	cr_assert_eq(store_webhook_disabled(&db, url, &dis, NULL, NULL, 0,
	    err, sizeof(err)), 0);
	cr_assert_eq(dis, 0);
	/* Disabled again later: a new time. */
	cr_assert_eq(store_webhook_disable(&db, url, "HTTP 410 Gone",
	    now + 86400, err, sizeof(err)), 0);
	cr_assert_eq(store_webhook_disabled(&db, url, &dis, &when, NULL, 0,
	    err, sizeof(err)), 0);
	cr_assert_eq(when, now + 86400);
}

/* -- migration 1 -> 2 ---------------------------------------------------- */

Test(migration, version_1_is_upgraded_with_its_data)
{
	struct db		 d;
	struct outbox_item	 it;
	struct outbox_new	 n;
	char			 dir[] = "/tmp/cetrack-outbox-XXXXXX";
	char			 path[256], *msg = NULL;
	int			 from, to, latest, created;

	cr_assert_not_null(mkdtemp(dir));
	cr_assert_eq(cet_fmt(path, sizeof(path), "%s/v1.db", dir), 0);
	latest = db_schema_latest();
	cr_assert_geq(latest, 2);
	cr_assert_str_eq(embedded_sql[1].name, "002-reminders.sql");

	/* A database as cetrack 1 left it: schema 1 and some rows. */
	cr_assert_eq(db_open(&d, path, DB_OPEN_CREATE, err, sizeof(err)), 0,
	    "%s", err);
	cr_assert_eq(sqlite3_exec(d.h, embedded_sql[0].data, NULL, NULL, &msg),
	    SQLITE_OK, "%s", msg ? msg : "");
	cr_assert_eq(sqlite3_exec(d.h,
	    "PRAGMA user_version = 1;"
	    "INSERT INTO person (name, email, created) VALUES ('Dana Reyes', "
	    "'dana.reyes@example.org', '2026-01-05T10:00:00Z');"
	    "INSERT INTO credential (person_id, program, number, created) "
	    "VALUES (1, 'CCM', 'CCM-100234', '2026-01-05T10:00:00Z');"
	    "INSERT INTO cycle (credential_id, start, valid_through) VALUES "
	    "(1, '2022-06-01', '2027-05-31');"
	    "INSERT INTO notification (dedup_key, credential_id, cycle_id, "
	    "event, channel, recipient, status, attempts, created, updated) "
	    "VALUES ('1:1:before-90:log:', 1, 1, 'before-90', 'log', '', "
	    "'sent', 1, '2027-03-02T09:00:00Z', '2027-03-02T09:00:00Z');",
	    NULL, NULL, &msg), SQLITE_OK, "%s", msg ? msg : "");
	db_close(&d);

	/* This binary refuses it until it is upgraded. */
	cr_assert_eq(db_open(&d, path, DB_OPEN_EXISTING, err, sizeof(err)),
	    -1);
	cr_assert(strstr(err, "run 'cetrack init' to upgrade") != NULL, "%s",
	    err);

	cr_assert_eq(db_open(&d, path, DB_OPEN_CREATE, err, sizeof(err)), 0,
	    "%s", err);
	cr_assert_eq(db_migrate(&d, &from, &to, err, sizeof(err)), 0, "%s",
	    err);
	cr_assert_eq(from, 1);
	cr_assert_eq(to, latest);
	db_close(&d);

	cr_assert_eq(db_open(&db, path, DB_OPEN_EXISTING, err, sizeof(err)), 0,
	    "%s", err);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM person WHERE name = "
	    "'Dana Reyes'"), 1);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM credential WHERE "
	    "remind_before IS NULL AND opt_out = '' AND number = "
	    "'CCM-100234'"), 1);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM cycle"), 1);
	/* Schema 5: its renewal number 1 was the old default, so the open
	 * cycle now says it was never given (unknown means owed). */
	cr_assert_eq(query_int(&db, "SELECT renewal_assumed FROM cycle"), 1);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM notification WHERE "
	    "status = 'sent' AND webhook_id IS NULL"), 1);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM daemon_pass"), 0);
	/* The old item reads with a derived webhook id ... */
	cr_assert_eq(outbox_get(&db, 1, &it, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(strncmp(it.webhook_id, "msg_", 4), 0);
	outbox_item_clear(&it);
	/* ... and still deduplicates. */
	memset(&n, 0, sizeof(n));
	n.credential_id = 1;
	n.cycle_id = 1;
	n.event = "before-90";
	n.channel = "log";
	n.recipient = "";
	cr_assert_eq(outbox_enqueue(&db, &n, T("2027-03-03T09:00:00Z"),
	    &created, NULL, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(created, 0);
	db_close(&db);
	cr_assert_eq(unlink(path), 0);
	(void)cet_fmt(path, sizeof(path), "%s/v1.db-wal", dir);
	(void)unlink(path);
	(void)cet_fmt(path, sizeof(path), "%s/v1.db-shm", dir);
	(void)unlink(path);
	cr_assert_eq(rmdir(dir), 0);
}
