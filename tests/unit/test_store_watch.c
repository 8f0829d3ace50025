/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for lib/store_watch.c and the triggers of schema 4
 * (sql/004-pass-watch.sql) on the real schema in an in-memory database:
 * rows written and read back, who is due on a day, the scan over the due
 * people, the digest, and every write that must make a person due again.
 * Everyone here is fictional.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "helpers.h"
#include "base/date.h"
#include "store/db.h"
#include "base/model.h"
#include "store/store.h"
#include "store/store_watch.h"
#include "base/util.h"

static struct db	db;
static char		err[512];
static int64_t		dana, sam, cred_dana, act_dana;

static void
exec(const char *sql)
{
	char	*msg = NULL;

	cr_assert_eq(sqlite3_exec(db.h, sql, NULL, NULL, &msg), SQLITE_OK,
	    "%s: %s", sql, msg ? msg : "?");
}

static int64_t
add_person(const char *name)
{
	struct person	p;

	memset(&p, 0, sizeof(p));
	cet_strlcpy(p.name, name, sizeof(p.name));
	p.active = 1;
	cr_assert_eq(store_person_add(&db, &p, err, sizeof(err)), 0, "%s", err);
	return p.id;
}

static void
setup(void)
{
	struct credential	c;
	struct cycle		y;
	struct activity		a;

	cr_assert_eq(setenv("USER", "dreyes", 1), 0);
	cr_assert_eq(db_open(&db, ":memory:", DB_OPEN_CREATE, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(db_migrate(&db, NULL, NULL, err, sizeof(err)), 0, "%s",
	    err);
	dana = add_person("Dana Reyes");
	sam = add_person("Sam Okafor");
	memset(&c, 0, sizeof(c));
	memset(&y, 0, sizeof(y));
	c.person_id = dana;
	cet_strlcpy(c.program, "CCM", sizeof(c.program));
	cet_strlcpy(c.number, "CCM-100234", sizeof(c.number));
	c.status = CRED_ACTIVE;
	y.start = D("2022-06-01");
	y.valid_through = D("2027-05-31");
	y.renewal_index = 2;
	cr_assert_eq(store_cred_add(&db, &c, &y, err, sizeof(err)), 0, "%s",
	    err);
	cred_dana = c.id;
	memset(&a, 0, sizeof(a));
	a.person_id = dana;
	cet_strlcpy(a.title, "Ethics in Case Management", sizeof(a.title));
	cet_strlcpy(a.format, "live", sizeof(a.format));
	a.date = D("2026-03-02");
	a.amount.unit = HOURS_UNIT_HOUR;
	a.amount.centi = 150;
	cet_strlcpy(a.topics[0].topic, "ethics", sizeof(a.topics[0].topic));
	a.topics[0].centi = -1;
	a.ntopics = 1;
	cet_strlcpy(a.approvals[0].body, "CCMC", sizeof(a.approvals[0].body));
	a.napprovals = 1;
	cr_assert_eq(store_activity_add(&db, &a, err, sizeof(err)), 0, "%s",
	    err);
	act_dana = a.id;
}

static void
teardown(void)
{
	db_close(&db);
}

TestSuite(store_watch, .init = setup, .fini = teardown);

/* Both people evaluated on 2026-12-01, due again on 2027-01-01. */
static void
watch_both(void)
{
	cr_assert_eq(store_watch_put(&db, dana, D("2026-12-01"),
	    D("2027-01-01"), err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(store_watch_put(&db, sam, D("2026-12-01"), INT_MAX, err,
	    sizeof(err)), 0, "%s", err);
}

static int
watched(int64_t person)
{
	int	e, n, rc;

	rc = store_watch_get(&db, person, &e, &n, err, sizeof(err));
	cr_assert_neq(rc, -1, "%s", err);
	return rc;
}

static int64_t
due_on(const char *day)
{
	int64_t	ndue, npeople;

	cr_assert_eq(store_watch_due(&db, D(day), &ndue, &npeople, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(npeople, 2);
	return ndue;
}

Test(store_watch, rows_round_trip_and_never_is_stored_as_9999)
{
	int	e, n;

	watch_both();
	cr_assert_eq(store_watch_get(&db, dana, &e, &n, err, sizeof(err)), 1);
	cr_expect_eq(e, D("2026-12-01"));
	cr_expect_eq(n, D("2027-01-01"));
	cr_assert_eq(store_watch_get(&db, sam, &e, &n, err, sizeof(err)), 1);
	cr_expect_eq(n, INT_MAX);
	cr_expect_eq(store_watch_get(&db, 999, &e, &n, err, sizeof(err)), 0);
	/* A next day not after the day evaluated is refused. */
	cr_expect_eq(store_watch_put(&db, dana, D("2026-12-01"),
	    D("2026-12-01"), err, sizeof(err)), -1);
}

Test(store_watch, who_is_due_on_a_day)
{
	cr_expect_eq(due_on("2026-12-01"), 2, "no rows: everyone is due");
	watch_both();
	cr_expect_eq(due_on("2026-12-02"), 0);
	cr_expect_eq(due_on("2026-12-31"), 0);
	cr_expect_eq(due_on("2027-01-01"), 1, "Dana's day has come");
	cr_expect_eq(due_on("2030-01-01"), 1, "Sam never");
	/* A day before the pass that wrote the rows: the rows do not hold. */
	cr_expect_eq(due_on("2026-11-30"), 2);
}

/*
 * A batched pass (daemon/pass.c) claims the people it will evaluate, then
 * settles each claim; a write in between deletes the claim, and the
 * settled day of an evaluation of stale data is never stored.
 */
Test(store_watch, a_claim_is_due_and_a_write_meanwhile_keeps_the_person_due)
{
	int64_t	n;
	int	settled, e, next;
	char	sql[256];

	cr_assert_eq(store_watch_put(&db, sam, D("2026-12-01"),
	    D("2027-01-01"), err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(store_watch_claim(&db, D("2026-12-15"), &n, err,
	    sizeof(err)), 0, "%s", err);
	cr_expect_eq(n, 1, "only Dana was due");
	cr_expect_eq(due_on("2026-12-15"), 1, "a claim left by a pass that "
	    "died is due");
	cr_expect_eq(due_on("2026-12-16"), 1);

	/* Dana logs CE while the pass runs: her claim is gone. */
	(void)snprintf(sql, sizeof(sql), "UPDATE person SET email = "
	    "'dana.reyes@example.org' WHERE id = %lld", (long long)dana);
	exec(sql);
	cr_assert_eq(store_watch_settle(&db, dana, D("2026-12-15"),
	    D("2027-02-01"), &settled, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(settled, 0);
	cr_expect_eq(watched(dana), 0, "Dana is still due");

	/* The next pass: nothing changes meanwhile. */
	cr_assert_eq(store_watch_claim(&db, D("2026-12-16"), &n, err,
	    sizeof(err)), 0, "%s", err);
	cr_expect_eq(n, 1);
	cr_assert_eq(store_watch_settle(&db, dana, D("2026-12-16"),
	    D("2027-02-01"), &settled, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(settled, 1);
	cr_assert_eq(store_watch_get(&db, dana, &e, &next, err, sizeof(err)),
	    1);
	cr_expect_eq(e, D("2026-12-16"));
	cr_expect_eq(next, D("2027-02-01"));
	cr_expect_eq(due_on("2026-12-17"), 0);

	/* Settling without a claim changes nothing. */
	cr_assert_eq(store_watch_settle(&db, sam, D("2026-12-16"),
	    D("2026-12-20"), &settled, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(settled, 0);
	cr_assert_eq(store_watch_get(&db, sam, &e, &next, err, sizeof(err)),
	    1);
	cr_expect_eq(next, D("2027-01-01"));
	cr_expect_eq(store_watch_settle(&db, dana, D("2026-12-16"),
	    D("2026-12-16"), &settled, err, sizeof(err)), -1,
	    "a next day not after the day evaluated is refused");
}

Test(store_watch, the_due_scan_reads_exactly_the_due_people)
{
	struct store_scan	*sc;
	struct store_person_data pd;
	int			 n, seen = 0;

	watch_both();
	cr_assert_eq(store_scan_open_due(&db, D("2027-01-01"),
	    STORE_SCAN_LEAN, &sc, err, sizeof(err)), 0, "%s", err);
	while ((n = store_scan_next(sc, &pd, err, sizeof(err))) == 1) {
		cr_expect_eq(pd.person.id, dana);
		cr_expect_eq(pd.ncreds, 1);
		cr_expect_eq(pd.nacts, 1);
		cr_expect_eq(pd.acts[0].ntopics, 1);
		cr_expect_eq(pd.acts[0].napprovals, 1);
		seen++;
	}
	cr_assert_eq(n, 0, "%s", err);
	store_scan_close(sc);
	cr_expect_eq(seen, 1);
}

Test(store_watch, digest_is_kept_and_reset_forgets_every_row)
{
	char	buf[WATCH_DIGEST_MAX];

	cr_assert_eq(store_watch_digest(&db, buf, sizeof(buf), err,
	    sizeof(err)), 0, "%s", err);
	cr_expect_str_eq(buf, "");
	watch_both();
	cr_assert_eq(store_watch_reset(&db, "1-00000000000000aa", err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(store_watch_digest(&db, buf, sizeof(buf), err,
	    sizeof(err)), 0, "%s", err);
	cr_expect_str_eq(buf, "1-00000000000000aa");
	cr_expect_eq(watched(dana) + watched(sam), 0);
	cr_assert_eq(store_watch_reset(&db, "1-00000000000000bb", err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(store_watch_digest(&db, buf, sizeof(buf), err,
	    sizeof(err)), 0, "%s", err);
	cr_expect_str_eq(buf, "1-00000000000000bb");
}

/* Each write makes Dana due again, and leaves Sam's row alone. */
static void
expect_forgets_dana(const char *sql)
{
	watch_both();
	exec(sql);
	cr_expect_eq(watched(dana), 0, "Dana still watched after: %s", sql);
	cr_expect_eq(watched(sam), 1, "Sam forgotten after: %s", sql);
}

Test(store_watch, every_write_to_a_persons_data_makes_them_due)
{
	char	sql[512];

	expect_forgets_dana("UPDATE person SET email = 'dana.reyes@example.org' WHERE name = 'Dana Reyes'");
	expect_forgets_dana("UPDATE credential SET snooze_until = '2027-02-01'");
	expect_forgets_dana("UPDATE cycle SET carry_in = 100");
	expect_forgets_dana("INSERT INTO credential (person_id, program, number, created) SELECT id, 'ACM-RN', 'ACM-1', '2026-12-01T00:00:00Z' FROM person WHERE name = 'Dana Reyes'");
	expect_forgets_dana("INSERT INTO cycle (credential_id, start, valid_through) SELECT max(id), '2026-01-01', '2028-12-31' FROM credential");
	expect_forgets_dana("DELETE FROM cycle WHERE id = (SELECT max(id) FROM cycle)");
	expect_forgets_dana("DELETE FROM credential WHERE program = 'ACM-RN'");
	expect_forgets_dana("INSERT INTO activity (person_id, title, completed, amount, created) SELECT id, 'Care Transitions', '2026-11-01', 200, '2026-12-01T00:00:00Z' FROM person WHERE name = 'Dana Reyes'");
	expect_forgets_dana("UPDATE activity SET amount = 300 WHERE title = 'Care Transitions'");
	snprintf(sql, sizeof(sql), "INSERT INTO activity_topic (person_id, activity_id, topic) VALUES (%lld, %lld, 'law')", (long long)dana, (long long)act_dana);
	expect_forgets_dana(sql);
	expect_forgets_dana("UPDATE activity_topic SET amount = 50 WHERE topic = 'law'");
	expect_forgets_dana("DELETE FROM activity_topic WHERE topic = 'law'");
	snprintf(sql, sizeof(sql), "INSERT INTO activity_approval (person_id, activity_id, body) VALUES (%lld, %lld, 'ANCC')", (long long)dana, (long long)act_dana);
	expect_forgets_dana(sql);
	expect_forgets_dana("UPDATE activity_approval SET number = 'A-1' WHERE body = 'ANCC'");
	expect_forgets_dana("DELETE FROM activity_approval WHERE body = 'ANCC'");
	snprintf(sql, sizeof(sql), "INSERT INTO activity_target (person_id, activity_id, credential_id) VALUES (%lld, %lld, %lld)", (long long)dana, (long long)act_dana, (long long)cred_dana);
	expect_forgets_dana(sql);
	expect_forgets_dana("DELETE FROM activity_target");
	expect_forgets_dana("DELETE FROM activity WHERE title = 'Care Transitions'");
	/* Writing outbox items (what a pass does) changes nothing;
	 * deleting one does. */
	watch_both();
	exec("INSERT INTO notification (dedup_key, credential_id, event, channel, recipient, created, updated) VALUES ('k1', 1, 'before-90', 'log', '', '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z')");
	exec("UPDATE notification SET status = 'sent' WHERE dedup_key = 'k1'");
	cr_expect_eq(watched(dana), 1);
	expect_forgets_dana("DELETE FROM notification WHERE dedup_key = 'k1'");
}

Test(store_watch, an_organization_change_makes_its_people_due)
{
	exec("INSERT INTO organization (name, created) VALUES ('Riverside Example Medical Center', '2026-12-01T00:00:00Z')");
	exec("UPDATE person SET org_id = 1 WHERE name = 'Dana Reyes'");
	expect_forgets_dana("UPDATE organization SET contact_email = 'cm-director@example.org'");
	/* Deleting it sets the people's org_id to NULL: an update of them. */
	expect_forgets_dana("DELETE FROM organization");
}

Test(store_watch, a_deleted_person_takes_their_row)
{
	watch_both();
	exec("DELETE FROM person WHERE name = 'Sam Okafor'");
	cr_expect_eq(watched(sam), 0);
	cr_expect_eq(watched(dana), 1);
}
