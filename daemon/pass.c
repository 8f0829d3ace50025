/* SPDX-License-Identifier: ISC */
/*
 * The evaluation half of a pass: walk every person with the set-based scan,
 * evaluate each open cycle, plan its reminders and put them in the outbox.
 * Everything a pass enqueues is written in one transaction, so a crash
 * leaves either the whole plan or none of it; the dedup key makes a second
 * pass (or a restart) enqueue nothing twice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compliance.h"
#include "daemon.h"
#include "date.h"
#include "ics.h"
#include "log.h"
#include "notice.h"
#include "outbox.h"
#include "remind.h"
#include "store.h"
#include "store_notify.h"
#include "store_org.h"
#include "util.h"
#include "webhook.h"

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

static int
pass_put(struct pass_ctx *p, const struct notice_item *ni,
    const char *channel, const char *recipient, const char *event,
    const char *payload, const char *skip)
{
	struct outbox_new nw;
	char *subject = NULL, *body = NULL, err[512];
	int created = 0, rc = -1;

	subject = notice_subject(ni);
	body = notice_body(ni);
	if (subject == NULL || body == NULL) {
		log_warnx("credential %lld: cannot render the reminder",
		    (long long)ni->cred->id);
		goto out;
	}
	p->planned++;
	if (p->d->dry_run) {
		printf("%s %s %s -> %s%s%s: %s\n", skip ? "skip" : "send",
		    channel, event, *recipient ? recipient : "(log)",
		    skip ? " " : "", skip ? skip : "", subject);
		rc = 0;
		goto out;
	}
	memset(&nw, 0, sizeof(nw));
	nw.credential_id = ni->cred->id;
	nw.cycle_id = ni->cycle->id;
	nw.event = event;
	nw.channel = channel;
	nw.recipient = recipient;
	nw.subject = subject;
	nw.body = body;
	nw.payload = payload;
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
	return rc;
}

/* Plan and enqueue one credential's reminders on every channel. */
static int
pass_credential(struct pass_ctx *p, const struct person *pe,
    const struct organization *org, const struct credential *cr,
    const struct cycle *cy, const struct program *prog,
    const struct comp_result *st)
{
	struct daemon *d = p->d;
	const struct notify_settings *ns;
	struct remind_policy pol;
	struct remind_input in;
	struct remind_list plan;
	char err[512], wid[OUTBOX_WEBHOOK_ID_MAX], key[OUTBOX_KEY_MAX];
	char *ics = NULL, *payload = NULL;
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
	remind_plan(&pol, &in, &plan);
	if (plan.n == 0)
		return 0;

	if (ics_for_status(pe, cr, cy, st, p->now, &ics, err,
	    sizeof(err)) == -1) {
		log_warnx("credential %lld: calendar: %s", (long long)cr->id,
		    err);
		ics = NULL;
	}
	for (i = 0; i < plan.n && rc == 0; i++) {
		const struct remind_event *ev = &plan.ev[i];
		const char *skip = ev->disp == REMIND_SKIP ? ev->reason : NULL;
		struct notice_item ni;

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
			rc = pass_put(p, &ni, "email", pe->email, ev->key,
			    ics, why);
			channels++;
		}
		if (rc == 0 && d->cfg.webhook_enabled) {
			const char *why = skip;

			if (ns != NULL && notify_opted_out(ns, "webhook"))
				why = "opted out";
			if (outbox_dedup_key(key, sizeof(key), cr->id, cy->id,
			    ev->key, "webhook", d->cfg.webhook_url) == -1 ||
			    outbox_webhook_id(key, wid, sizeof(wid)) == -1) {
				log_warnx("credential %lld: webhook id",
				    (long long)cr->id);
				rc = -1;
				break;
			}
			free(payload);
			payload = webhook_payload(ev->key, wid, (long)p->now,
			    pe, cr, cy, st, err, sizeof(err));
			if (payload == NULL) {
				log_warnx("credential %lld: payload: %s",
				    (long long)cr->id, err);
				rc = -1;
				break;
			}
			rc = pass_put(p, &ni, "webhook", d->cfg.webhook_url,
			    ev->key, payload, why);
			channels++;
		}
		/* The log channel when no other reaches this person. */
		if (rc == 0 && channels == 0) {
			const char *why = skip;

			if (ns != NULL && notify_opted_out(ns, "log"))
				why = "opted out";
			rc = pass_put(p, &ni, "log", "", ev->key, NULL, why);
		}
		/* Escalation: the organization's contact hears of at-risk
		 * and lapsed credentials too. */
		if (rc == 0 && d->cfg.email_enabled && d->cfg.escalate &&
		    org != NULL &&
		    org->contact_email[0] != '\0' &&
		    (ev->kind == REMIND_AT_RISK ||
		    ev->kind == REMIND_LAPSED)) {
			char event[OUTBOX_EVENT_MAX];

			ni.escalation = 1;
			cet_fmt(event, sizeof(event), "%s-escalation", ev->key);
			rc = pass_put(p, &ni, "email", org->contact_email,
			    event, ics, skip);
		}
	}
	free(payload);
	free(ics);
	return rc;
}

int
pass_evaluate(struct daemon *d, time_t now, long *enqueued)
{
	struct pass_ctx p;
	struct store_scan *scan = NULL;
	struct store_person_data pd;
	struct notify_pass last;
	struct organization org;
	char err[512];
	int n, in_tx = 0, rc = -1;
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
	if (store_scan_open(&d->db, 0, &scan, err, sizeof(err)) == -1) {
		log_warnx("%s", err);
		goto out;
	}
	while ((n = store_scan_next(scan, &pd, err, sizeof(err))) == 1) {
		const struct organization *po = NULL;

		if (!pd.person.active)
			continue;
		if (pd.person.org_id > 0 && store_org_get(&d->db,
		    pd.person.org_id, &org, err, sizeof(err)) == 0)
			po = &org;
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
			memset(&ci, 0, sizeof(ci));
			ci.prog = prog;
			ci.cred = &pd.creds[i];
			ci.cycle = &pd.cycles[i];
			ci.acts = pd.acts;
			ci.nacts = pd.nacts;
			ci.as_of = p.today;
			ci.at_risk_days = d->cfg.at_risk_days;
			if (compliance_evaluate(&ci, &st, err,
			    sizeof(err)) == -1) {
				log_warnx("credential %lld: %s",
				    (long long)pd.creds[i].id, err);
				continue;
			}
			n = pass_credential(&p, &pd.person, po, &pd.creds[i],
			    &pd.cycles[i], prog, &st);
			comp_release(&st);
			if (n == -1)
				goto out;
		}
	}
	if (n == -1) {
		log_warnx("%s", err);
		goto out;
	}
	store_scan_close(scan);
	scan = NULL;
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
	free(p.settings);
	return rc;
}
