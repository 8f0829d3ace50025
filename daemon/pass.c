/* SPDX-License-Identifier: ISC */
/*
 * The evaluation half of a pass: walk every person with the set-based scan,
 * evaluate each open cycle, plan its reminders and put them in the outbox.
 * The scan reads one snapshot through a second connection; what a pass
 * enqueues is written through the first in batches of whole people, each
 * in one transaction of at most PASS_BATCH_MS, so that the CLI can write
 * while a large pass runs. A crash leaves every person's plan either whole
 * or not begun: the people of the batches not committed are still due,
 * and the dedup key makes the next pass enqueue nothing twice.
 *
 * A pass evaluates only the people who are due (store_watch.h): for each
 * person it evaluates, it records the first day on which anything can be
 * planned for them again (the earliest of every credential's next
 * reminder threshold, the next day its state can change with the date
 * alone, and the day after a snooze), in the same transaction as what it
 * enqueued. Writes to a person's data make them due at once (triggers of
 * schema 4); another configuration or rule pack (pass_digest) makes
 * everyone due, and so does --full. The pass claims the people it will
 * evaluate before it takes its snapshot, and a write during the pass
 * deletes the claim, so a day computed from data that changed meanwhile
 * is never stored (store_watch_claim, store_watch_settle).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rules/compliance.h"
#include "daemon.h"
#include "base/date.h"
#include "report/ics.h"
#include "log.h"
#include "notify/notice.h"
#include "store/outbox.h"
#include "rules/remind.h"
#include "store/store.h"
#include "store/store_notify.h"
#include "store/store_org.h"
#include "store/store_watch.h"
#include "base/util.h"
#include "notify/webhook.h"

struct pass_ctx {
	struct daemon		*d;
	time_t			 now;
	int			 today;
	int			 last_pass;
	struct notify_settings	*settings;
	size_t			 nsettings;
	long			 enqueued;
	long			 planned;
	int			 batched;	/* commit in batches */
	int			 in_tx;
	int64_t			 tx_start;	/* ms, CLOCK_MONOTONIC */
	int64_t			 batches;
	long			 batch_ms;	/* PASS_BATCH_MS or env */
	long			 gap_ms;	/* PASS_GAP_MS or env */
	char			 dbuid[STORE_DB_UID_SIZE];	/* ics UIDs */
};

/*
 * A batch of a pass is written in one transaction of at most about
 * PASS_BATCH_MS; after each, the pass leaves the write lock free for
 * PASS_GAP_MS, which a waiting writer polling every millisecond (db.c)
 * takes. On the employer dataset a cold pass held the lock for 7-12 s in
 * one transaction, and concurrent `ce log` failed (issue 16, item 7).
 */
#define PASS_BATCH_MS	200
#define PASS_GAP_MS	5
/* At most this many people's days wait to be settled in a batch. */
#define PASS_SETTLE_MAX	1000

static int	pass_tx(struct pass_ctx *, char *, size_t);

/* Bump when what decides a person's next day changes: rows written by an
 * older cetrackd are then forgotten. */
#define PASS_WATCH_LOGIC	"1"

/* The earliest of *best and t, for t > today (COMP_NO_DATE: none). */
static void
pass_sooner(int *best, int t, int today)
{
	if (t != COMP_NO_DATE && t > today && t < *best)
		*best = t;
}

/*
 * What the configuration and the rule packs contribute to a pass's plan,
 * as a digest: the reminder policies, at_risk_days, escalation, the
 * channels and their recipients, and every pack's text.
 */
static void
pass_digest(const struct daemon *d, char *buf, size_t len)
{
	const struct config *c = &d->cfg;
	uint64_t h = CET_FNV_INIT;
	int i;
	size_t j;

#define PASS_MIX(x) (h = cet_fnv1a(h, &(x), sizeof(x)))
	PASS_MIX(c->nbefore);
	for (i = 0; i < c->nbefore && i < CONFIG_MAX_OFFSETS; i++)
		PASS_MIX(c->before[i]);
	PASS_MIX(c->nafter);
	for (i = 0; i < c->nafter && i < CONFIG_MAX_OFFSETS; i++)
		PASS_MIX(c->after[i]);
	PASS_MIX(c->window_open);
	PASS_MIX(c->at_risk_days);
	PASS_MIX(c->escalate);
	PASS_MIX(c->email_enabled);
	PASS_MIX(c->webhook_enabled);
	h = cet_fnv1a(h, c->webhook_url, strlen(c->webhook_url) + 1);
	PASS_MIX(c->nprog_rem);
	for (i = 0; i < c->nprog_rem && i < CONFIG_MAX_PROGRAM_REMINDERS;
	    i++) {
		const struct config_program_reminders *r = &c->prog_rem[i];
		int k;

		h = cet_fnv1a(h, r->code, strlen(r->code) + 1);
		PASS_MIX(r->has_before);
		PASS_MIX(r->nbefore);
		for (k = 0; k < r->nbefore && k < CONFIG_MAX_OFFSETS; k++)
			PASS_MIX(r->before[k]);
		PASS_MIX(r->has_after);
		PASS_MIX(r->nafter);
		for (k = 0; k < r->nafter && k < CONFIG_MAX_OFFSETS; k++)
			PASS_MIX(r->after[k]);
		PASS_MIX(r->has_window_open);
		PASS_MIX(r->window_open);
	}
	for (j = 0; j < d->progs.n; j++) {
		h = cet_fnv1a(h, d->progs.v[j].code,
		    strlen(d->progs.v[j].code) + 1);
		PASS_MIX(d->progs.v[j].text_hash);
	}
#undef PASS_MIX
	(void)cet_fmt(buf, len, "%s-%016llx", PASS_WATCH_LOGIC,
	    (unsigned long long)h);
}

/*
 * What one credential's items share. The calendar and the texts are made
 * only for an item the queue does not have yet: a pass plans every event
 * whose date has come, most of them already queued (or skipped) by an
 * earlier pass, and rendering them all again was most of a pass's time.
 */
struct pass_cred {
	const struct person	*pe;
	const struct credential	*cr;
	const struct cycle	*cy;
	const struct comp_result *st;
	char			*ics;
	int			 ics_done;
};

static const char *
pass_ics(struct pass_ctx *p, struct pass_cred *pc)
{
	char err[512];

	if (!pc->ics_done) {
		pc->ics_done = 1;
		if (ics_for_status(p->dbuid, pc->pe, pc->cr, pc->cy, pc->st,
		    p->now, &pc->ics, err, sizeof(err)) == -1) {
			log_warnx("credential %lld: calendar: %s",
			    (long long)pc->cr->id, err);
			pc->ics = NULL;
		}
	}
	return pc->ics;
}

static int
pass_put(struct pass_ctx *p, struct pass_cred *pc,
    const struct notice_item *ni, const char *channel, const char *recipient,
    const char *event, const char *skip)
{
	struct outbox_new nw;
	char *subject = NULL, *body = NULL, *payload = NULL, err[512];
	char key[OUTBOX_KEY_MAX], wid[OUTBOX_WEBHOOK_ID_MAX];
	int created = 0, rc = -1, have;

	p->planned++;
	if ((have = outbox_has(&p->d->db, pc->cr->id, pc->cy->id, event,
	    channel, recipient, err, sizeof(err))) == -1) {
		log_warnx("%s", err);
		return -1;
	}
	/* A dry run says what a pass would do: "have" for what the outbox
	 * already holds (planning it again changes nothing). */
	if (p->d->dry_run) {
		if ((subject = notice_subject(ni)) == NULL) {
			log_warnx("credential %lld: cannot render the "
			    "reminder", (long long)pc->cr->id);
			return -1;
		}
		printf("%s %s %s -> %s%s%s: %s\n", have ? "have" :
		    skip ? "skip" : "send", channel, event,
		    *recipient ? recipient : "(log)", skip && !have ? " " : "",
		    skip && !have ? skip : "", subject);
		free(subject);
		return 0;
	}
	if (have)
		return 0;
	subject = notice_subject(ni);
	body = notice_body(ni);
	if (subject == NULL || body == NULL) {
		log_warnx("credential %lld: cannot render the reminder",
		    (long long)pc->cr->id);
		goto out;
	}
	memset(&nw, 0, sizeof(nw));
	if (strcmp(channel, "email") == 0)
		nw.payload = pass_ics(p, pc);
	else if (strcmp(channel, "webhook") == 0) {
		if (outbox_dedup_key(key, sizeof(key), pc->cr->id,
		    pc->cy->id, event, channel, recipient) == -1 ||
		    outbox_webhook_id(key, wid, sizeof(wid)) == -1) {
			log_warnx("credential %lld: webhook id",
			    (long long)pc->cr->id);
			goto out;
		}
		payload = webhook_payload(event, wid, (long)p->now, pc->pe,
		    pc->cr, pc->cy, pc->st, err, sizeof(err));
		if (payload == NULL) {
			log_warnx("credential %lld: payload: %s",
			    (long long)pc->cr->id, err);
			goto out;
		}
		nw.payload = payload;
	}
	nw.credential_id = pc->cr->id;
	nw.cycle_id = pc->cy->id;
	nw.event = event;
	nw.channel = channel;
	nw.recipient = recipient;
	nw.subject = subject;
	nw.body = body;
	nw.skip_reason = skip;
	if (pass_tx(p, err, sizeof(err)) == -1) {
		log_warnx("%s", err);
		goto out;
	}
	if (outbox_enqueue(&p->d->db, &nw, p->now, &created, NULL, err,
	    sizeof(err)) == -1) {
		log_warnx("enqueue: %s", err);
		goto out;
	}
	if (created && skip == NULL)
		p->enqueued++;
	rc = 0;
out:
	free(subject);
	free(body);
	free(payload);
	return rc;
}

/* Plan and enqueue one credential's reminders on every channel. */
static int
pass_credential(struct pass_ctx *p, const struct person *pe,
    const struct organization *org, const struct credential *cr,
    const struct cycle *cy, const struct program *prog,
    const struct comp_result *st, int *next)
{
	struct daemon *d = p->d;
	const struct notify_settings *ns;
	struct remind_policy pol;
	struct remind_input in;
	struct remind_list plan;
	struct pass_cred pc;
	size_t i;
	int rc = 0, channels;

	remind_policy_from_config(&d->cfg, &pol);
	/* [reminders.CODE] overrides [reminders]; cred set overrides both. */
	{
		const struct config_program_reminders *pr =
		    config_program_reminders(&d->cfg, cr->program);

		if (pr != NULL && pr->has_before) {
			memcpy(pol.before, pr->before, sizeof(pol.before));
			pol.nbefore = pr->nbefore;
		}
		if (pr != NULL && pr->has_after) {
			memcpy(pol.after, pr->after, sizeof(pol.after));
			pol.nafter = pr->nafter;
		}
		if (pr != NULL && pr->has_window_open)
			pol.window_open = pr->window_open;
	}
	ns = store_notify_settings_find(p->settings, p->nsettings, cr->id);
	if (ns != NULL) {
		if (ns->has_before) {
			memcpy(pol.before, ns->before, sizeof(pol.before));
			pol.nbefore = ns->nbefore;
		}
		if (ns->has_after) {
			memcpy(pol.after, ns->after, sizeof(pol.after));
			pol.nafter = ns->nafter;
		}
		if (ns->snooze_until >= 0)
			pol.snoozed_until = ns->snooze_until;
	}
	memset(&in, 0, sizeof(in));
	in.cred = cr;
	in.cycle = cy;
	in.status = st;
	in.today = p->today;
	in.last_pass = p->last_pass;
	pass_sooner(next, remind_next_threshold(&pol, &in), p->today);
	if (pol.snoozed_until != COMP_NO_DATE && pol.snoozed_until >= p->today &&
	    pol.snoozed_until < INT_MAX)
		pass_sooner(next, pol.snoozed_until + 1, p->today);
	remind_plan(&pol, &in, &plan);
	if (plan.n == 0)
		return 0;

	memset(&pc, 0, sizeof(pc));
	pc.pe = pe;
	pc.cr = cr;
	pc.cy = cy;
	pc.st = st;
	for (i = 0; i < plan.n && rc == 0; i++) {
		const struct remind_event *ev = &plan.ev[i];
		const char *skip = ev->disp == REMIND_SKIP ? ev->reason : NULL;
		struct notice_item ni;
		char superseded[32 + REMIND_KEY_MAX];

		/* Name the notice that says where the credential stands. */
		if (skip != NULL && strcmp(skip, REMIND_WHY_SUPERSEDED) == 0 &&
		    cet_fmt(superseded, sizeof(superseded), "superseded by %s",
		    plan.ev[0].key) == 0)
			skip = superseded;

		memset(&ni, 0, sizeof(ni));
		ni.person = pe;
		ni.cred = cr;
		ni.prog = prog;
		ni.cycle = cy;
		ni.status = st;
		ni.ev = ev;
		channels = 0;

		if (d->cfg.email_enabled && pe->email[0] != '\0') {
			const char *why = skip;

			if (ns != NULL && notify_opted_out(ns, "email"))
				why = "opted out";
			rc = pass_put(p, &pc, &ni, "email", pe->email,
			    ev->key, why);
			channels++;
		}
		if (rc == 0 && d->cfg.webhook_enabled) {
			const char *why = skip;

			if (ns != NULL && notify_opted_out(ns, "webhook"))
				why = "opted out";
			rc = pass_put(p, &pc, &ni, "webhook",
			    d->cfg.webhook_url, ev->key, why);
			channels++;
		}
		/* The log channel when no other reaches this person. */
		if (rc == 0 && channels == 0) {
			const char *why = skip;

			if (ns != NULL && notify_opted_out(ns, "log"))
				why = "opted out";
			rc = pass_put(p, &pc, &ni, "log", "", ev->key, why);
		}
		/* Escalation: the organization's contact hears of at-risk
		 * credentials, those in their late period and lapsed ones
		 * too. */
		if (rc == 0 && d->cfg.email_enabled && d->cfg.escalate &&
		    org != NULL &&
		    org->contact_email[0] != '\0' &&
		    (ev->kind == REMIND_AT_RISK || ev->kind == REMIND_AFTER ||
		    ev->kind == REMIND_LAPSED ||
		    ev->kind == REMIND_LAPSED_AGAIN)) {
			char event[OUTBOX_EVENT_MAX];

			ni.escalation = 1;
			cet_fmt(event, sizeof(event), "%s-escalation", ev->key);
			rc = pass_put(p, &pc, &ni, "email",
			    org->contact_email, event, skip);
		}
	}
	free(pc.ics);
	return rc;
}

/* One person's next day, kept until it is settled. */
struct pass_next {
	int64_t	person_id;
	int	next;
};

static int64_t
pass_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Before a write: the batch's transaction, begun if need be. */
static int
pass_tx(struct pass_ctx *p, char *err, size_t errlen)
{
	if (p->in_tx)
		return 0;
	if (db_begin(&p->d->db, err, errlen) == -1)
		return -1;
	p->in_tx = 1;
	p->tx_start = pass_ms();
	return 0;
}

/*
 * Settle the claims of the people evaluated since the last call (the
 * batch's people), in the batch's transaction; then, when the batch is
 * over (`end`, or PASS_BATCH_MS old in a batched pass), commit it.
 */
static int
pass_flush(struct pass_ctx *p, struct pass_next *nv, size_t *from,
    size_t to, int end, char *err, size_t errlen)
{
	int settled;

	if (!end && (!p->batched || ((!p->in_tx ||
	    pass_ms() - p->tx_start < p->batch_ms) &&
	    to - *from < PASS_SETTLE_MAX)))
		return 0;
	for (; *from < to; (*from)++) {
		if (pass_tx(p, err, errlen) == -1)
			return -1;
		/* One transaction (a dry run, memory): nothing can come in
		 * between, and nothing was claimed. */
		if (!p->batched) {
			if (store_watch_put(&p->d->db, nv[*from].person_id,
			    p->today, nv[*from].next, err, errlen) == -1)
				return -1;
			continue;
		}
		if (store_watch_settle(&p->d->db, nv[*from].person_id,
		    p->today, nv[*from].next, &settled, err, errlen) == -1)
			return -1;
		if (!settled)
			log_debug("person %lld changed during the pass: due "
			    "again", (long long)nv[*from].person_id);
	}
	if (!p->in_tx || p->d->dry_run)
		return 0;
	if (db_commit(&p->d->db, err, errlen) == -1)
		return -1;
	p->in_tx = 0;
	p->batches++;
	if (p->batched && !end && p->gap_ms > 0) {
		struct timespec gap;

		gap.tv_sec = p->gap_ms / 1000;
		gap.tv_nsec = (p->gap_ms % 1000) * 1000000L;
		(void)nanosleep(&gap, NULL);
	}
	return 0;
}

/* A duration in ms from the environment (cetrackd(8)), or def. */
static long
pass_env_ms(const char *name, long def)
{
	const char *v = getenv(name);
	long long n;

	if (v == NULL || *v == '\0')
		return def;
	if (cet_strtonum(v, 0, 60000, &n) == -1) {
		log_warnx("%s: expected milliseconds from 0 to 60000, not "
		    "'%.32s'; using %ld", name, v, def);
		return def;
	}
	return (long)n;
}

int
pass_evaluate(struct daemon *d, time_t now, long *enqueued)
{
	struct pass_ctx p;
	struct store_scan *scan = NULL;
	struct store_person_data pd;
	struct notify_pass last;
	struct organization org;
	struct pass_next *nv = NULL;
	struct db rd, *scan_db = &d->db;
	size_t nn = 0, ncap = 0, settled = 0;
	char err[512], digest[WATCH_DIGEST_MAX], stored[WATCH_DIGEST_MAX];
	int64_t ndue = 0, npeople = 0, nclaimed = 0, org_id = 0;
	int n, rc = -1, have_org = 0, rd_open = 0;
	size_t i;

	memset(&p, 0, sizeof(p));
	memset(&rd, 0, sizeof(rd));
	p.d = d;
	p.now = now;
	p.today = date_from_time(now);
	p.last_pass = COMP_NO_DATE;
	/* A dry run rolls back what it wrote; an in-memory database has no
	 * second connection to scan with. Both keep one transaction. */
	p.batched = !d->dry_run && !db_is_memory(d->db.path);
	p.batch_ms = pass_env_ms("CETRACKD_PASS_BATCH_MS", PASS_BATCH_MS);
	p.gap_ms = pass_env_ms("CETRACKD_PASS_GAP_MS", PASS_GAP_MS);
	*enqueued = 0;

	memset(&last, 0, sizeof(last));
	if (store_pass_last(&d->db, &last, err, sizeof(err)) == -1) {
		log_warnx("last pass: %s", err);
		goto out;
	}
	if (last.id > 0 && last.now_used > 0)
		p.last_pass = date_from_time(last.now_used);
	if (store_db_uid(&d->db, p.dbuid, sizeof(p.dbuid), err,
	    sizeof(err)) == -1) {
		log_warnx("%s", err);
		goto out;
	}
	if (store_notify_settings_list(&d->db, &p.settings, &p.nsettings, err,
	    sizeof(err)) == -1) {
		log_warnx("reminder settings: %s", err);
		goto out;
	}
	if (pass_tx(&p, err, sizeof(err)) == -1) {
		log_warnx("%s", err);
		goto out;
	}
	/* Who is due: everyone after a change of configuration or packs.
	 * A batched pass claims them (store_watch.h) before the scan's
	 * snapshot is taken. */
	pass_digest(d, digest, sizeof(digest));
	if (store_watch_digest(&d->db, stored, sizeof(stored), err,
	    sizeof(err)) == -1 ||
	    ((d->full || strcmp(stored, digest) != 0) &&
	    store_watch_reset(&d->db, digest, err, sizeof(err)) == -1) ||
	    store_watch_due(&d->db, p.today, &ndue, &npeople, err,
	    sizeof(err)) == -1 ||
	    (p.batched && store_watch_claim(&d->db, p.today, &nclaimed, err,
	    sizeof(err)) == -1)) {
		log_warnx("%s", err);
		goto out;
	}
	log_debug("pass: %lld of %lld people due%s", (long long)ndue,
	    (long long)npeople, d->full ? " (--full)" :
	    strcmp(stored, digest) != 0 ? " (configuration or rule packs "
	    "changed)" : "");
	/*
	 * A batched pass reads through a second connection, in one snapshot,
	 * and writes through the first in transactions of at most
	 * PASS_BATCH_MS: the CLI's writers wait no longer than that.
	 */
	if (p.batched) {
		if (db_commit(&d->db, err, sizeof(err)) == -1 ||
		    (p.in_tx = 0, db_open(&rd, d->db.path, DB_OPEN_READONLY,
		    err, sizeof(err))) == -1) {
			log_warnx("%s", err);
			goto out;
		}
		rd_open = 1;
		if (db_begin_read(&rd, err, sizeof(err)) == -1) {
			log_warnx("%s", err);
			goto out;
		}
		scan_db = &rd;
	}
	if ((ndue == npeople ? store_scan_open(scan_db, 0, STORE_SCAN_LEAN,
	    &scan, err, sizeof(err)) : store_scan_open_due(scan_db, p.today,
	    STORE_SCAN_LEAN, &scan, err, sizeof(err))) == -1) {
		log_warnx("%s", err);
		goto out;
	}
	while ((n = store_scan_next(scan, &pd, err, sizeof(err))) == 1) {
		const struct organization *po = NULL;
		int next = INT_MAX;

		/* Inactive: never due, never claimed; nothing until the
		 * person is changed. */
		if (!pd.person.active)
			continue;
		if (nn == ncap) {
			ncap = ncap == 0 ? 256 : ncap * 2;
			nv = xreallocarray(nv, ncap, sizeof(*nv));
		}
		nv[nn].person_id = pd.person.id;
		if (pd.person.org_id > 0) {
			if (!have_org || org_id != pd.person.org_id) {
				have_org = store_org_get(&d->db,
				    pd.person.org_id, &org, err,
				    sizeof(err)) == 0;
				org_id = pd.person.org_id;
			}
			if (have_org)
				po = &org;
		}
		for (i = 0; i < pd.ncreds; i++) {
			const struct program *prog;
			struct comp_input ci;
			struct comp_result st;

			if (pd.cycles[i].id == 0)
				continue;
			prog = programs_find(&d->progs, pd.creds[i].program);
			if (prog == NULL) {
				log_debug("credential %lld: program %s not "
				    "loaded", (long long)pd.creds[i].id,
				    pd.creds[i].program);
				continue;
			}
			compliance_input_init(&ci, &d->cfg, p.today);
			ci.prog = prog;
			ci.cred = &pd.creds[i];
			ci.cycle = &pd.cycles[i];
			ci.acts = pd.acts;
			ci.nacts = pd.nacts;
			if (compliance_evaluate(&ci, &st, err,
			    sizeof(err)) == -1) {
				log_warnx("credential %lld: %s",
				    (long long)pd.creds[i].id, err);
				/* Try again tomorrow. */
				pass_sooner(&next, p.today + 1, p.today);
				continue;
			}
			pass_sooner(&next, compliance_next_change(&ci, &st),
			    p.today);
			n = pass_credential(&p, &pd.person, po, &pd.creds[i],
			    &pd.cycles[i], prog, &st, &next);
			comp_release(&st);
			if (n == -1)
				goto out;
		}
		nv[nn++].next = next;
		/* The scan of one connection must not see its own writes to
		 * pass_watch: without a second one, settle after the scan. */
		if (p.batched && pass_flush(&p, nv, &settled, nn, 0, err,
		    sizeof(err)) == -1) {
			log_warnx("%s", err);
			goto out;
		}
	}
	if (n == -1) {
		log_warnx("%s", err);
		goto out;
	}
	store_scan_close(scan);
	scan = NULL;
	if (pass_flush(&p, nv, &settled, nn, 1, err, sizeof(err)) == -1) {
		log_warnx("%s", err);
		goto out;
	}
	/* While the snapshot was open nothing the pass wrote could be
	 * checkpointed (hundreds of MB on a cold pass): do it here rather
	 * than in the commit of the next `cetrack` that writes. */
	if (rd_open) {
		db_close(&rd);
		rd_open = 0;
		if (db_checkpoint(&d->db, err, sizeof(err)) == -1)
			log_warnx("%s", err);
	}
	if (d->dry_run) {
		db_rollback(&d->db);
		p.in_tx = 0;
	}
	log_debug("pass: %lld claimed, %zu evaluated, %lld batches",
	    (long long)nclaimed, nn, (long long)p.batches);
	*enqueued = p.enqueued;
	rc = 0;
out:
	store_scan_close(scan);
	if (rd_open)
		db_close(&rd);
	if (p.in_tx)
		db_rollback(&d->db);
	free(nv);
	free(p.settings);
	return rc;
}
