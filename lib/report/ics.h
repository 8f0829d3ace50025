/* SPDX-License-Identifier: ISC */
/*
 * iCalendar (RFC 5545) export of renewal dates, built with libical: a
 * VCALENDAR (PRODID "-//cetrack//cetrack VERSION//EN", VERSION 2.0, METHOD
 * PUBLISH) of all-day VEVENTs (DTSTART;VALUE=DATE, DTEND the day after),
 * each with a stable UID so that a calendar application that imports the
 * file again updates its events instead of duplicating them, and an
 * optional display alarm some days before. DTSTAMP is passed in so that
 * the same data gives the same bytes. The text is CRLF-terminated and
 * folded at 75 octets, as libical writes it.
 *
 * For each open cycle of a credential cetrack exports up to three events:
 * the deadline (valid-through), the day the renewal window opens, and the
 * last day of the late (grace) period when the program has one.
 */
#ifndef CETRACK_ICS_H
#define CETRACK_ICS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "rules/compliance.h"
#include "base/model.h"

#define ICS_NO_ALARM	(-1)

/* Which date of a cycle an event marks; part of the UID. */
enum ics_kind {
	ICS_DEADLINE,		/* "deadline": valid-through */
	ICS_WINDOW_OPENS,	/* "window-opens" */
	ICS_LATE_UNTIL		/* "late-until" */
};

/* One all-day event; the strings are copied by ics_add. */
struct ics_event {
	const char	*uid;		/* ics_uid */
	int		 date;		/* days since epoch */
	const char	*summary;
	const char	*description;	/* may be NULL or "" */
	int		 alarm_days;	/* alarm N days before; ICS_NO_ALARM */
};

/* A calendar being built: a growing array of owned events. */
struct ics_item;
struct ics_calendar {
	struct ics_item	*v;
	size_t		 n;
	size_t		 cap;
	char		 dbuid[33];	/* the database's id; "" if none */
};

void	 ics_init(struct ics_calendar *);
void	 ics_free(struct ics_calendar *);

/* Add one event (copied). Returns 0, or -1 for a date out of range or
 * text that is not valid UTF-8. */
int	 ics_add(struct ics_calendar *, const struct ics_event *,
	    char *err, size_t errlen);

/*
 * The UID of a cycle's event: "cetrack-cred-<credential id>-cycle-<cycle
 * id>-<deadline|window-opens|late-until>@<dbuid>.cetrack", where dbuid is
 * the database's own id (store_db_uid), so that the calendars of two
 * databases never share a UID; "@cetrack" when dbuid is "" (no database).
 * Returns 0, or -1 if buf is too small (128 bytes is always enough).
 */
int	 ics_uid(char *buf, size_t len, const char *dbuid, int64_t cred_id,
	    int64_t cycle_id, enum ics_kind);

/*
 * Add the events of one credential's open cycle from its evaluation:
 * the deadline (alarm 30 days before), the window opening (when the
 * program has a window; alarm on the day) and the late-until date (when it
 * is after valid-through; alarm 7 days before). Summaries name the person
 * and the credential; descriptions say the state and the hours still open.
 * A closed cycle or a retired/inactive credential adds nothing.
 */
int	 ics_add_cycle(struct ics_calendar *, const struct person *,
	    const struct credential *, const struct cycle *,
	    const struct comp_result *, char *err, size_t errlen);

/* Render the calendar; *out is a malloc'ed NUL-terminated string (free
 * it). An empty calendar is a valid VCALENDAR without events. */
int	 ics_render(const struct ics_calendar *, time_t dtstamp, char **out,
	    char *err, size_t errlen);

/* The whole calendar of one credential: ics_add_cycle + ics_render, the
 * UIDs ending in dbuid. */
int	 ics_for_status(const char *dbuid, const struct person *,
	    const struct credential *,
	    const struct cycle *, const struct comp_result *, time_t dtstamp,
	    char **out, char *err, size_t errlen);

#endif
