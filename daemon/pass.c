/* SPDX-License-Identifier: ISC */
/*
 * The evaluation half of a pass: walk every person with the set-based scan,
 * evaluate each open cycle, plan its reminders and put them in the outbox.
 * Everything a pass enqueues is written in one transaction, so a crash
 * leaves either the whole plan or none of it; the dedup key makes a second
 * pass (or a restart) enqueue nothing twice.
 *
 * A pass evaluates only the people who are due (store_watch.h): for each
 * person it evaluates, it records the first day on which anything can be
 * planned for them again (the earliest of every credential's next
 * reminder threshold, the next day its state can change with the date
 * alone, and the day after a snooze), in the same transaction as what it
 * enqueued. Writes to a person's data make them due at once (triggers of
 * schema 4); another configuration or rule pack (pass_digest) makes
 * everyone due, and so does --full.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
};

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
		if (ics_for_status(pc->pe, pc->cr, pc->cy, pc->st, p->now,
		    &pc->ics, err, sizeof(err)) == -1) {
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

/* One person's next day, kept until the scan is closed. */
struct pass_next {
	int64_t	person_id;
	int	next;
};

int
pass_evaluate(struct daemon *d, time_t now, long *enqueued)
{
	struct pass_ctx p;
	struct store_scan *scan = NULL;
	struct store_person_data pd;
	struct notify_pass last;
	struct organization org;
	struct pass_next *nv = NULL;
	size_t nn = 0, ncap = 0;
	char err[512], digest[WATCH_DIGEST_MAX], stored[WATCH_DIGEST_MAX];
	int64_t ndue = 0, npeople = 0, org_id = 0;
	int n, in_tx = 0, rc = -1, have_org = 0;
	size_t i;

	memset(&p, 0, sizeof(p));
	p.d = d;
	p.now = now;
	p.today = date_from_time(now);
	p.last_pass = COMP_NO_DATE;
	*enqueued = 0;

	memset(&last, 0, sizeof(last));
	if (store_pass_last(&d->db, &last, err, sizeof(err)) == -1) {
		log_warnx("last pass: %s", err);
		goto out;
	}
	if (last.id > 0 && last.now_used > 0)
		p.last_pass = date_from_time(last.now_used);
	if (store_notify_settings_list(&d->db, &p.settings, &p.nsettings, err,
	    sizeof(err)) == -1) {
		log_warnx("reminder settings: %s", err);
		goto out;
	}
	if (db_begin(&d->db, err, sizeof(err)) == -1) {
		log_warnx("%s", err);
		goto out;
	}
	in_tx = 1;
	/* Who is due: everyone after a change of configuration or packs. */
	pass_digest(d, digest, sizeof(digest));
	if (store_watch_digest(&d->db, stored, sizeof(stored), err,
	    sizeof(err)) == -1 ||
	    ((d->full || strcmp(stored, digest) != 0) &&
	    store_watch_reset(&d->db, digest, err, sizeof(err)) == -1) ||
	    store_watch_due(&d->db, p.today, &ndue, &npeople, err,
	    sizeof(err)) == -1) {
		log_warnx("%s", err);
		goto out;
	}
	log_debug("pass: %lld of %lld people due%s", (long long)ndue,
	    (long long)npeople, d->full ? " (--full)" :
	    strcmp(stored, digest) != 0 ? " (configuration or rule packs "
	    "changed)" : "");
	if ((ndue == npeople ? store_scan_open(&d->db, 0, STORE_SCAN_LEAN,
	    &scan, err, sizeof(err)) : store_scan_open_due(&d->db, p.today,
	    STORE_SCAN_LEAN, &scan, err, sizeof(err))) == -1) {
		log_warnx("%s", err);
		goto out;
	}
	while ((n = store_scan_next(scan, &pd, err, sizeof(err))) == 1) {
		const struct organization *po = NULL;
		int next = INT_MAX;

		if (nn == ncap) {
			ncap = ncap == 0 ? 256 : ncap * 2;
			nv = xreallocarray(nv, ncap, sizeof(*nv));
		}
		nv[nn].person_id = pd.person.id;
		/* Inactive: nothing until the person is changed. */
		if (!pd.person.active) {
			nv[nn++].next = INT_MAX;
			continue;
		}
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
	}
	if (n == -1) {
		log_warnx("%s", err);
		goto out;
	}
	store_scan_close(scan);
	scan = NULL;
	for (i = 0; i < nn; i++)
		if (store_watch_put(&d->db, nv[i].person_id, p.today,
		    nv[i].next, err, sizeof(err)) == -1) {
			log_warnx("%s", err);
			goto out;
		}
	if (d->dry_run) {
		db_rollback(&d->db);
		in_tx = 0;
	} else {
		if (db_commit(&d->db, err, sizeof(err)) == -1) {
			log_warnx("%s", err);
			goto out;
		}
		in_tx = 0;
	}
	*enqueued = p.enqueued;
	rc = 0;
out:
	store_scan_close(scan);
	if (in_tx)
		db_rollback(&d->db);
	free(nv);
	free(p.settings);
	return rc;
}
