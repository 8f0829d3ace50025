/* SPDX-License-Identifier: ISC */
/*
 * The words people receive: subject and plain-text body of a reminder for
 * one event, and of a digest that covers several events for one recipient.
 * Pure text rendering (no I/O, no clock); every result is a malloc'ed,
 * NUL-terminated UTF-8 string the caller frees, never NULL (allocation
 * failure aborts, as xmalloc does). Lines stay within 78 columns except
 * where a single long word (a name, a number) does not fit.
 *
 * What a body says: the person, the credential (program code and name,
 * number, jurisdiction), the cycle, the days left, every requirement still
 * open with required, counted and remaining hours ("Ethics: 3 of 8 h, 5 h
 * to go"), the renewal window ("renewal window opened 2027-03-01" /
 * "opens ..."), the late period and the pace. A complete credential reads
 * "ready to renew; window opens ..." and never speaks of hours missing; in
 * grace "expired on ...; late renewal possible until ..."; once lapsed,
 * "lapsed".
 */
#ifndef CETRACK_NOTICE_H
#define CETRACK_NOTICE_H

#include <stddef.h>

#include "rules/compliance.h"
#include "base/model.h"
#include "rules/programs.h"
#include "rules/remind.h"

/*
 * One event of one credential. "Today" is the status's as-of date
 * (cycle->valid_through - status->days_left). prog may be NULL (the code
 * from cred is used); escalation is 1 when the recipient is the
 * organization contact rather than the person.
 */
struct notice_item {
	const struct person	*person;
	const struct credential	*cred;
	const struct program	*prog;
	const struct cycle	*cycle;
	const struct comp_result *status;
	const struct remind_event *ev;
	int			 escalation;
};

/* e.g. "CCM CCM-100234: 17.5 h still needed, 90 days left (valid through
 * 2027-05-31)". */
char	*notice_subject(const struct notice_item *);
char	*notice_body(const struct notice_item *);

/*
 * A digest for one recipient: items in any order; several items of the
 * same credential (same cred->id) are shown once with their events listed.
 * With n == 1 the digest subject is notice_subject's. n must be >= 1.
 */
char	*notice_digest_subject(const struct notice_item *, size_t n);
char	*notice_digest_body(const struct notice_item *, size_t n);

/* A one-line description of an event: "90 days before valid-through",
 * "renewal window opened", "at risk", "lapsed", ... (static string or
 * buf, which must hold 64 bytes). */
const char *notice_event_label(const struct remind_event *, char *buf,
	    size_t len);

#endif
