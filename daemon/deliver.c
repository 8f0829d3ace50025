/* SPDX-License-Identifier: ISC */
/*
 * The delivery half of a pass: send what the outbox says is due and record
 * each result as soon as it is known, so that a crash repeats at most the
 * deliveries that were in flight. Email items for one recipient go out as
 * one message (a digest); webhooks go out concurrently, the configured
 * number in flight, each slot refilled as soon as its request is done;
 * log-channel items are written to the log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "base/date.h"
#include "notify/email.h"
#include "notify/notice.h"
#include "log.h"
#include "rules/compliance.h"
#include "rules/remind.h"
#include "store/store.h"
#include "store/outbox.h"
#include "store/store_notify.h"
#include "base/util.h"
#include "base/when.h"
#include "notify/webhook.h"

#define DELIVER_BATCH_MAX	1024
#define DELIVER_GONE		"not sent: the receiver answered HTTP 410 " \
				"Gone, so the endpoint is disabled"

/*
 * Tell [email] admin that deliveries gave up: the failure itself must not
 * go unnoticed. Queued like any item (its own dedup key, one per failed
 * item id), so it survives a crash and is retried. Not for items that are
 * themselves admin notices, which would loop.
 */
static void
deliver_tell_admin(struct daemon *d, int64_t first_id, size_t count,
    enum outbox_status st, const char *error, time_t now)
{
	struct outbox_new nw;
	struct outbox_item it;
	char event[OUTBOX_EVENT_MAX], err[512], *subject, *body;
	int created = 0;

	if (!d->cfg.email_enabled || d->cfg.admin[0] == '\0')
		return;
	memset(&it, 0, sizeof(it));
	if (outbox_get(&d->db, first_id, &it, err, sizeof(err)) == 0 &&
	    strncmp(it.event, "delivery-", 9) == 0) {
		outbox_item_clear(&it);
		return;
	}
	cet_fmt(event, sizeof(event), "delivery-%s-%lld",
	    outbox_status_name(st), (long long)first_id);
	subject = xasprintf("cetrack: %zu notification%s could not be "
	    "delivered", count, count == 1 ? "" : "s");
	body = xasprintf("cetrackd gave up on %zu notification%s (status %s)."
	    "\n\nFirst item: %lld, %s to %s (%s).\nLast error: %s\n\n"
	    "See 'cetrack notify list --status %s'; 'cetrack notify retry ID'"
	    "\nqueues one again.\n", count, count == 1 ? "" : "s",
	    outbox_status_name(st), (long long)first_id, it.channel,
	    it.recipient, it.event, error ? error : "-",
	    outbox_status_name(st));
	memset(&nw, 0, sizeof(nw));
	nw.event = event;
	nw.channel = "email";
	nw.recipient = d->cfg.admin;
	nw.subject = subject;
	nw.body = body;
	if (outbox_enqueue(&d->db, &nw, now, &created, NULL, err,
	    sizeof(err)) == -1)
		log_warnx("cannot queue the notice to %s: %s", d->cfg.admin,
		    err);
	outbox_item_clear(&it);
	free(subject);
	free(body);
}

/*
 * What happens next to a failed delivery, for the log: "will retry at
 * 10:05", or "gave up after 9 attempts over 3 days; `cetrack notify retry
 * 4` sends it again" (`cetrack notify retry ID` for several ids).
 */
static void
deliver_next(struct daemon *d, const int64_t *ids, size_t n, size_t final,
    enum outbox_status st, time_t now, char *buf, size_t len)
{
	struct outbox_item it;
	char err[512], at[WHEN_BUFSZ], over[WHEN_BUFSZ], retry[64];

	memset(&it, 0, sizeof(it));
	if (outbox_get(&d->db, ids[0], &it, err, sizeof(err)) == -1) {
		(void)cet_strlcpy(buf, final > 0 ? "not retried" :
		    "will retry", len);
		return;
	}
	if (final == 0) {
		if (it.next_attempt != 0 && when_local(it.next_attempt, now,
		    at, sizeof(at)) == 0)
			(void)cet_fmt(buf, len, "will retry at %s", at);
		else
			(void)cet_strlcpy(buf, "will retry", len);
		outbox_item_clear(&it);
		return;
	}
	if (final == 1 && n == 1)
		(void)cet_fmt(retry, sizeof(retry), "`cetrack notify retry "
		    "%lld` sends it again", (long long)ids[0]);
	else
		(void)cet_fmt(retry, sizeof(retry), "`cetrack notify retry ID` "
		    "sends each again");
	if (st == OUTBOX_FAILED)
		(void)cet_fmt(buf, len, "not retried, as the answer is final; "
		    "%s once that is fixed", retry);
	else if (it.first_attempt != 0 && it.first_attempt < now &&
	    when_duration((long long)(now - it.first_attempt), over,
	    sizeof(over)) == 0)
		(void)cet_fmt(buf, len, "gave up after %d attempt%s over %s; "
		    "%s", it.attempts, it.attempts == 1 ? "" : "s", over,
		    retry);
	else
		(void)cet_fmt(buf, len, "gave up after %d attempt%s; %s",
		    it.attempts, it.attempts == 1 ? "" : "s", retry);
	outbox_item_clear(&it);
}

/* Record a result for ids and report items that died; what names the
 * delivery for the log ("email to dana@example.org"). */
static void
deliver_record(struct daemon *d, const int64_t *ids, size_t n, int ok,
    int permanent, const char *error, const char *group, time_t now,
    long *sent, long *failed, const char *what)
{
	enum outbox_status *sts = NULL, st = OUTBOX_PENDING;
	size_t final = 0, i;
	char err[512], next[200];

	if (ok) {
		if (outbox_record_sent(&d->db, ids, n, group, now, err,
		    sizeof(err)) == -1)
			log_warnx("record sent: %s", err);
		else
			*sent += (long)n;
		return;
	}
	/* One status per item: a digest's items may end differently. */
	sts = xcalloc(n, sizeof(*sts));
	if (outbox_record_failure(&d->db, ids, n, &d->retry, permanent, error,
	    now, sts, &final, err, sizeof(err)) == -1) {
		log_warnx("record failure: %s", err);
		free(sts);
		return;
	}
	for (i = 0; i < n; i++)
		if (sts[i] == OUTBOX_DEAD || sts[i] == OUTBOX_FAILED)
			st = sts[i];
	free(sts);
	*failed += (long)n;
	deliver_next(d, ids, n, final, st, now, next, sizeof(next));
	if (final > 0) {
		log_warnx("%s not sent: %s; %s", what, error, next);
		deliver_tell_admin(d, ids[0], final, st, error, now);
	} else
		log_info("%s not sent: %s; %s", what, error, next);
}

/* Merge the VEVENTs of several calendars (our own output) into one, each
 * UID once. Returns a malloc'ed calendar or NULL. */
static char *
deliver_merge_ics(struct outbox_item *items, size_t n)
{
	char *out = NULL;
	const char *tail = NULL;
	size_t len = 0, i;
	FILE *f;

	f = open_memstream(&out, &len);
	if (f == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		const char *p = items[i].payload, *ev, *end;

		if (p == NULL || strncmp(p, "BEGIN:VCALENDAR", 15) != 0)
			continue;
		if (tail == NULL) {
			/* The first calendar's header, up to its events. */
			ev = strstr(p, "BEGIN:VEVENT");
			if (ev == NULL)
				continue;
			fwrite(p, 1, (size_t)(ev - p), f);
			tail = "END:VCALENDAR\r\n";
		}
		for (ev = strstr(p, "BEGIN:VEVENT"); ev != NULL;
		    ev = strstr(end, "BEGIN:VEVENT")) {
			const char *uid = strstr(ev, "UID:"), *eol;
			char uidbuf[256];
			size_t k;
			int dup = 0;

			end = strstr(ev, "END:VEVENT\r\n");
			if (end == NULL)
				break;
			end += strlen("END:VEVENT\r\n");
			/* Skip an event whose UID an earlier item had. */
			if (uid != NULL && uid < end &&
			    (eol = strstr(uid, "\r\n")) != NULL &&
			    (size_t)(eol - uid) < sizeof(uidbuf)) {
				memcpy(uidbuf, uid, (size_t)(eol - uid));
				uidbuf[eol - uid] = '\0';
				for (k = 0; k < i && !dup; k++)
					if (items[k].payload != NULL &&
					    strstr(items[k].payload, uidbuf))
						dup = 1;
			}
			if (!dup)
				fwrite(ev, 1, (size_t)(end - ev), f);
		}
	}
	if (tail != NULL)
		fputs(tail, f);
	if (fclose(f) != 0 || tail == NULL) {
		free(out);
		return NULL;
	}
	return out;
}

/*
 * What one email item is about, read again from the database as of now:
 * the person, the credential, its open cycle, where it stands and the
 * event (from the item's key, "-escalation" for the organization's
 * contact). A digest is rendered from these, so that each credential is
 * shown once with all of its events, under one greeting (lib/notify
 * notice_digest_*), whichever passes queued the items.
 */
struct deliver_about {
	struct person		 person;
	struct credential	 cred;
	struct cycle		 cycle;
	struct comp_result	 status;
	struct remind_event	 ev;
	int			 evaluated;
};

/*
 * Fill ab[i] for every item; returns 0, or -1 when an item cannot be
 * read as structured data (its credential or cycle is gone or renewed,
 * its program not loaded, its key unknown): the caller then sends the
 * stored texts.
 */
static int
deliver_digest_about(struct daemon *d, const struct outbox_item *items,
    size_t n, time_t now, struct deliver_about *ab)
{
	struct store_scan *scan;
	struct store_person_data pd;
	struct credential c;
	struct comp_input ci;
	const struct program *prog;
	char err[512], key[OUTBOX_EVENT_MAX], *esc;
	size_t i, j, k;
	int found, rc;

	for (i = 0; i < n; i++) {
		if (items[i].credential_id <= 0 || items[i].cycle_id <= 0)
			return -1;
		cet_strlcpy(key, items[i].event, sizeof(key));
		if ((esc = strstr(key, "-escalation")) != NULL &&
		    esc[strlen("-escalation")] == '\0')
			*esc = '\0';
		if (remind_key_parse(key, &ab[i].ev.kind, &ab[i].ev.offset) ==
		    -1)
			return -1;
		cet_strlcpy(ab[i].ev.key, key, sizeof(ab[i].ev.key));
		ab[i].ev.disp = REMIND_SEND;
	}
	for (i = 0; i < n; i++) {
		if (ab[i].evaluated)
			continue;
		if (store_cred_get(&d->db, items[i].credential_id, &c, err,
		    sizeof(err)) == -1)
			return -1;
		if (store_scan_open(&d->db, c.person_id, STORE_SCAN_LEAN, &scan,
		    err, sizeof(err)) == -1)
			return -1;
		rc = store_scan_next(scan, &pd, err, sizeof(err));
		if (rc != 1) {
			store_scan_close(scan);
			return -1;
		}
		/* Every item of this person, from this one scan. */
		for (j = i; j < n; j++) {
			if (ab[j].evaluated)
				continue;
			found = 0;
			for (k = 0; k < pd.ncreds && !found; k++) {
				if (pd.creds[k].id != items[j].credential_id)
					continue;
				found = 1;
				if (pd.cycles[k].id != items[j].cycle_id ||
				    (prog = programs_find(&d->progs,
				    pd.creds[k].program)) == NULL)
					break;
				compliance_input_init(&ci, &d->cfg,
				    date_from_time(now));
				ci.prog = prog;
				ci.cred = &pd.creds[k];
				ci.cycle = &pd.cycles[k];
				ci.acts = pd.acts;
				ci.nacts = pd.nacts;
				if (compliance_evaluate(&ci, &ab[j].status, err,
				    sizeof(err)) == -1)
					break;
				ab[j].person = pd.person;
				ab[j].cred = pd.creds[k];
				ab[j].cycle = pd.cycles[k];
				ab[j].evaluated = 1;
			}
			if (j == i && !ab[j].evaluated) {
				store_scan_close(scan);
				return -1;
			}
		}
		store_scan_close(scan);
	}
	return 0;
}

/* The digest's subject and body, or -1 to send the stored texts. */
static int
deliver_digest_render(struct daemon *d, const struct outbox_item *items,
    size_t n, time_t now, char **subject, char **body)
{
	struct deliver_about *ab;
	struct notice_item *ni;
	size_t i;
	int rc = -1;

	ab = xcalloc(n, sizeof(*ab));
	ni = xcalloc(n, sizeof(*ni));
	if (deliver_digest_about(d, items, n, now, ab) == -1)
		goto out;
	for (i = 0; i < n; i++) {
		ni[i].person = &ab[i].person;
		ni[i].cred = &ab[i].cred;
		ni[i].prog = programs_find(&d->progs, ab[i].cred.program);
		ni[i].cycle = &ab[i].cycle;
		ni[i].status = &ab[i].status;
		ni[i].ev = &ab[i].ev;
		ni[i].escalation = strstr(items[i].event, "-escalation") !=
		    NULL;
	}
	*subject = notice_digest_subject(ni, n);
	*body = notice_digest_body(ni, n);
	rc = 0;
out:
	for (i = 0; i < n; i++)
		if (ab[i].evaluated)
			comp_release(&ab[i].status);
	free(ab);
	free(ni);
	return rc;
}

/* One message for all due email items of one recipient. */
static void
deliver_email_group(struct daemon *d, struct outbox_item *items, size_t n,
    time_t now, long *sent, long *failed)
{
	struct email_conf ec;
	struct email_msg m;
	enum email_result r;
	char *body = NULL, *subject = NULL, *ics = NULL, reply[EMAIL_REPLY_MAX];
	char err[512], msgid[OUTBOX_WEBHOOK_ID_MAX + 16];
	char what[OUTBOX_RECIPIENT_MAX + 64];
	int64_t *ids;
	size_t i, len = 0;
	FILE *f;

	ids = xcalloc(n, sizeof(*ids));
	for (i = 0; i < n; i++)
		ids[i] = items[i].id;
	if (n == 1) {
		subject = xstrdup(items[0].subject ? items[0].subject :
		    "cetrack reminder");
		body = xstrdup(items[0].body ? items[0].body : "");
	} else if (deliver_digest_render(d, items, n, now, &subject,
	    &body) == 0) {
		/* One greeting, each credential once, its events together. */
	} else {
		log_warnx("digest to %s: a reminder's credential changed "
		    "since it was queued; sending the %zu texts as queued",
		    items[0].recipient, n);
		subject = xasprintf("cetrack: %zu renewal reminders - %s", n,
		    items[0].subject ? items[0].subject : "");
		f = open_memstream(&body, &len);
		if (f == NULL)
			goto out;
		fprintf(f, "%zu reminders from cetrack.\n", n);
		for (i = 0; i < n; i++)
			fprintf(f, "\n%s\n%s\n",
			    "----------------------------------------"
			    "--------------------------------------",
			    items[i].body ? items[i].body : "");
		if (fclose(f) != 0)
			goto out;
	}
	ics = deliver_merge_ics(items, n);

	memset(&ec, 0, sizeof(ec));
	ec.smtp_url = d->cfg.smtp_url;
	ec.starttls = d->cfg.starttls;
	ec.from = d->cfg.from;
	ec.username = d->cfg.username[0] ? d->cfg.username : NULL;
	ec.password = d->smtp_password.buf;
	ec.passwordlen = d->smtp_password.len;
	ec.ca_file = d->cfg.ca_file[0] ? d->cfg.ca_file : NULL;
	memset(&m, 0, sizeof(m));
	m.to = items[0].recipient;
	m.subject = subject;
	m.body = body;
	if (ics != NULL) {
		m.att_name = "renewal.ics";
		m.att_type = "text/calendar; method=PUBLISH; charset=UTF-8";
		m.att_data = ics;
		m.att_len = strlen(ics);
	}
	/* One Message-ID per digest, stable if the same group is retried. */
	cet_fmt(msgid, sizeof(msgid), "%s.%zu@cetrack", items[0].webhook_id,
	    n);
	m.message_id = msgid;
	reply[0] = err[0] = '\0';
	r = email_send(&ec, &m, now, reply, sizeof(reply), err, sizeof(err));
	if (n == 1)
		(void)cet_fmt(what, sizeof(what), "email to %s",
		    items[0].recipient);
	else
		(void)cet_fmt(what, sizeof(what), "email to %s (%zu "
		    "reminders)", items[0].recipient, n);
	if (r == EMAIL_OK) {
		log_info("email to %s accepted (%zu item%s): %s",
		    items[0].recipient, n, n == 1 ? "" : "s", reply);
		deliver_record(d, ids, n, 1, 0, NULL, msgid, now, sent,
		    failed, what);
	} else
		deliver_record(d, ids, n, 0, r == EMAIL_PERMFAIL,
		    err[0] ? err : reply, NULL, now, sent, failed, what);
out:
	free(ids);
	free(subject);
	free(body);
	free(ics);
}

static int
cmp_recipient(const void *a, const void *b)
{
	const struct outbox_item *x = a, *y = b;
	int c = strcmp(x->recipient, y->recipient);

	if (c != 0)
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int
deliver_email(struct daemon *d, time_t now, long *sent, long *failed)
{
	struct outbox_item *items = NULL;
	size_t n = 0, i, j;
	char err[512];

	if (outbox_due(&d->db, now, "email", DELIVER_BATCH_MAX, &items, &n,
	    err, sizeof(err)) == -1) {
		log_warnx("due email: %s", err);
		return -1;
	}
	if (n > 0 && !d->cfg.email_enabled) {
		log_warnx("%zu email notification%s due but [email] is not "
		    "enabled; they stay pending", n, n == 1 ? "" : "s");
		outbox_items_free(items, n);
		return 0;
	}
	if (n > 1)
		qsort(items, n, sizeof(*items), cmp_recipient);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && strcmp(items[j].recipient,
		    items[i].recipient) == 0; j++)
			;
		if (d->cfg.digest)
			deliver_email_group(d, &items[i], j - i, now, sent,
			    failed);
		else {
			size_t k;

			for (k = i; k < j; k++)
				deliver_email_group(d, &items[k], 1, now,
				    sent, failed);
		}
	}
	outbox_items_free(items, n);
	return 0;
}

/* What deliver_webhook_done needs for each result. */
struct deliver_wh {
	struct daemon		*d;
	struct outbox_item	*items;
	struct webhook_req	*reqs;
	time_t			 now;
	long			*sent;
	long			*failed;
	char			*reported;	/* per item: result recorded */
	int			 gone;		/* a 410 disabled the endpoint */
	int			 broken;	/* the database failed */
};

/*
 * One webhook's result, recorded in its own transaction as soon as it is
 * in, before another request takes its slot: a crash repeats at most the
 * requests in flight (parallel). A 410 disables the endpoint and starts
 * no more requests.
 */
static int
deliver_webhook_done(void *arg, struct webhook_req *r)
{
	struct deliver_wh	*w = arg;
	struct daemon		*d = w->d;
	struct outbox_item	*it = &w->items[r - w->reqs];
	char			 msg[600], err[512];
	char			 what[OUTBOX_RECIPIENT_MAX + 16];
	size_t			 count = 0;

	if (db_begin(&d->db, err, sizeof(err)) == -1) {
		log_warnx("%s", err);
		w->broken = 1;
		return -1;
	}
	w->reported[r - w->reqs] = 1;
	(void)cet_fmt(what, sizeof(what), "webhook to %s", it->recipient);
	if (r->result == WEBHOOK_OK)
		deliver_record(d, &it->id, 1, 1, 0, NULL, NULL, w->now,
		    w->sent, w->failed, what);
	else {
		cet_fmt(msg, sizeof(msg), "%s%s%s%s", r->error,
		    r->response_excerpt[0] ? ": \"" : "", r->response_excerpt,
		    r->response_excerpt[0] ? "\"" : "");
		deliver_record(d, &it->id, 1, 0, r->result != WEBHOOK_RETRY,
		    msg, NULL, w->now, w->sent, w->failed, what);
	}
	if (r->result == WEBHOOK_GONE && !w->gone) {
		w->gone = 1;
		log_warnx("webhook %s answered HTTP 410 Gone: endpoint "
		    "disabled, nothing more is sent to it; `cetrack notify "
		    "retry ID` enables it again", d->cfg.webhook_url);
		/* The endpoint's state changed: `cetrack history` says who
		 * did it, as it does for `notify retry` enabling it again. */
		if (store_webhook_disable(&d->db, d->cfg.webhook_url,
		    "410 Gone", w->now, err, sizeof(err)) == -1 ||
		    store_audit(&d->db, "disable", "webhook_endpoint", 0,
		    d->cfg.webhook_url, err, sizeof(err)) == -1)
			log_warnx("webhook %s: %s", d->cfg.webhook_url, err);
	}
	if (db_commit(&d->db, err, sizeof(err)) == -1) {
		log_warnx("%s", err);
		db_rollback(&d->db);
		w->reported[r - w->reqs] = 0;
		w->broken = 1;
		return -1;
	}
	if (w->gone) {
		/* What is still pending for the endpoint fails with it. */
		outbox_fail_recipient(&d->db, "webhook", d->cfg.webhook_url,
		    DELIVER_GONE, w->now, &count, err,
		    sizeof(err));
		*w->failed += (long)count;
		return -1;
	}
	return 0;
}

static int
deliver_webhook(struct daemon *d, time_t now, long *sent, long *failed)
{
	struct outbox_item *items = NULL;
	struct webhook_req *reqs = NULL;
	struct webhook_conf wc;
	struct deliver_wh w;
	size_t n = 0, i;
	char err[512], reason[256];
	time_t when;
	int disabled = 0, rc = -1;

	if (outbox_due(&d->db, now, "webhook", 0, &items, &n, err,
	    sizeof(err)) == -1) {
		log_warnx("due webhooks: %s", err);
		return -1;
	}
	if (n == 0) {
		rc = 0;
		goto out;
	}
	if (!d->cfg.webhook_enabled) {
		log_warnx("%zu webhook notification%s due but [webhook] is not "
		    "enabled; they stay pending", n, n == 1 ? "" : "s");
		rc = 0;
		goto out;
	}
	/* Items of a disabled endpoint (410 Gone) are not sent. */
	if (store_webhook_disabled(&d->db, d->cfg.webhook_url, &disabled,
	    &when, reason, sizeof(reason), err, sizeof(err)) == -1) {
		log_warnx("%s", err);
		goto out;
	}
	if (disabled) {
		size_t count = 0;

		outbox_fail_recipient(&d->db, "webhook", d->cfg.webhook_url,
		    DELIVER_GONE, now, &count, err,
		    sizeof(err));
		*failed += (long)count;
		rc = 0;
		goto out;
	}
	memset(&wc, 0, sizeof(wc));
	wc.url = d->cfg.webhook_url;
	if (d->webhook_secret.len > 0 && whsec_decode(d->webhook_secret.buf,
	    d->webhook_secret.len, wc.secret, sizeof(wc.secret),
	    &wc.secretlen, err, sizeof(err)) == -1) {
		log_warnx("[webhook] secret: %s", err);
		goto out;
	}
	wc.timeout = d->cfg.webhook_timeout;
	wc.parallel = d->cfg.parallel;
	wc.ca_file = d->cfg.ca_file[0] ? d->cfg.ca_file : NULL;

	reqs = xcalloc(n, sizeof(*reqs));
	for (i = 0; i < n; i++) {
		reqs[i].id = items[i].webhook_id;
		reqs[i].body = items[i].payload;
		/* timestamp 0: the real time each request leaves. `now` is
		 * the pass's clock, simulated under --now, and a receiver
		 * checks the header against its own. */
		reqs[i].timestamp = 0;
	}
	/*
	 * One run over every due item: `parallel` requests in flight, each
	 * result recorded as it comes in and its slot given to the next
	 * item at once (batches waited for their slowest request).
	 */
	memset(&w, 0, sizeof(w));
	w.d = d;
	w.items = items;
	w.reqs = reqs;
	w.now = now;
	w.sent = sent;
	w.failed = failed;
	w.reported = xcalloc(n, 1);
	wc.done = deliver_webhook_done;
	wc.done_arg = &w;
	if (webhook_send_many(&wc, reqs, n, err, sizeof(err)) == -1)
		log_warnx("webhook: %s", err);
	/*
	 * What was not reported one by one (the run could not start: no
	 * secret, a bad URL; or curl failed midway) is recorded as a failed
	 * attempt now, so it backs off instead of being retried at once.
	 * After a 410 the endpoint's items have failed already; after a
	 * database error nothing more is written.
	 */
	for (i = 0; i < n && !w.gone && !w.broken; i++) {
		if (w.reported[i])
			continue;
		if (deliver_webhook_done(&w, &reqs[i]) == -1)
			break;
	}
	free(w.reported);
	rc = 0;
out:
	free(reqs);
	outbox_items_free(items, n);
	return rc;
}

/*
 * Log-channel items, DELIVER_BATCH_MAX at a time: a first pass over a
 * large database can queue hundreds of thousands of them (every reminder
 * when no channel is configured), and reading them all at once held
 * 150 MB on the employer benchmark.
 */
static int
deliver_log(struct daemon *d, time_t now, long *sent, long *failed)
{
	struct outbox_item *items = NULL;
	size_t n = 0, i;
	long before;
	char err[512];

	do {
		before = *sent + *failed;
		if (outbox_due(&d->db, now, "log", DELIVER_BATCH_MAX, &items,
		    &n, err, sizeof(err)) == -1) {
			log_warnx("due log items: %s", err);
			return -1;
		}
		for (i = 0; i < n; i++) {
			log_info("reminder: %s", items[i].subject ?
			    items[i].subject : items[i].event);
			deliver_record(d, &items[i].id, 1, 1, 0, NULL, NULL,
			    now, sent, failed, "log");
		}
		outbox_items_free(items, n);
		items = NULL;
		/* Nothing recorded (the database refused): do not spin. */
		if (*sent + *failed == before)
			return n > 0 ? -1 : 0;
	} while (n == DELIVER_BATCH_MAX);
	return 0;
}

int
deliver_due(struct daemon *d, time_t now, long *sent, long *failed)
{
	int rc = 0;

	*sent = *failed = 0;
	if (deliver_log(d, now, sent, failed) == -1)
		rc = -1;
	if (deliver_webhook(d, now, sent, failed) == -1)
		rc = -1;
	if (deliver_email(d, now, sent, failed) == -1)
		rc = -1;
	return rc;
}
