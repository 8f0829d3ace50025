/* SPDX-License-Identifier: ISC */
/*
 * Compliance reports: one model, built once from the database with the
 * set-based scan (store_scan_*) and compliance_evaluate for every
 * credential, and rendered by one module per format (report_text.c,
 * report_md.c, report_csv.c, report_json.c, report_html.c, report_pdf.c).
 * Renderers only read the model: every number, date, sort order and total
 * is decided here, so all formats carry the same data.
 *
 * All text in the model is valid UTF-8 (it was validated on input) and
 * never NULL: a missing value is "" and renderers print REPORT_DASH for it
 * where a cell must not stay empty. Hours are centi-hours (hours.h), dates
 * are days since the epoch (date.h), COMP_NO_DATE where there is none.
 * Everything the model points to is owned by the report and released by
 * report_free.
 */
#ifndef CETRACK_REPORT_H
#define CETRACK_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "rules/compliance.h"
#include "store/db.h"
#include "base/hours.h"
#include "base/model.h"
#include "rules/programs.h"

#define REPORT_NSTATES	(COMP_INACTIVE + 1)	/* by_state[] size */
#define REPORT_DASH	"\xe2\x80\x94"		/* U+2014, for "no value" */
#define REPORT_ATTESTATION \
	"I attest that the continuing education listed above was completed " \
	"as shown."

enum report_paper {
	REPORT_A4,
	REPORT_LETTER
};

enum report_scope {
	REPORT_ALL,		/* everyone */
	REPORT_ORG,		/* the people of one organization */
	REPORT_PERSON		/* one person: the attestation block is shown */
};

/* A rule pack used by at least one credential in the report. */
struct report_pack {
	const char	*code;		/* "CCM" */
	const char	*name;		/* "Certified Case Manager" */
	const char	*version;	/* "2025-01-15" */
	const char	*origin;	/* "builtin:ccm.ini" or a path */
};

/* One line of a credential's hours: reqs[0] is the total. */
struct report_req {
	const char	*id;		/* "total", "ethics" */
	const char	*label;		/* "Total", "Ethics" */
	long		 required;	/* centi-hours */
	long		 counted;
	long		 remaining;
	int		 met;
	int		 once;		/* one-time requirement */
	int		 course_only;	/* met by one course, no hours */
	int		 outside;	/* owed, but not CE toward the total */
	int		 assumed;	/* owed because something it depends
					   on is unknown (comp_req.assumed) */
	int		 due;		/* its own due date, or COMP_NO_DATE:
					   the cycle's valid-through */
};

/* A credential's primary-source verification against the [reports]
 * policy (config.h: verify, verify_max_days). */
enum report_verify {
	REPORT_VERIFY_NOT_NEEDED,	/* the policy asks for none (or the
					   credential is retired, inactive) */
	REPORT_VERIFY_CURRENT,
	REPORT_VERIFY_NONE,		/* needed, none on record */
	REPORT_VERIFY_STALE		/* needed, the latest is too old */
};

/* Why a credential needs action (report_cred.action): its state, then its
 * verification. 0: it is in order. */
#define REPORT_ACT_LAPSED	0x01
#define REPORT_ACT_GRACE	0x02	/* late: in the late period */
#define REPORT_ACT_AT_RISK	0x04
#define REPORT_ACT_BEHIND	0x08
#define REPORT_ACT_UNVERIFIED	0x10
#define REPORT_ACT_STALE	0x20

struct report_cred {
	int64_t		 id;
	const char	*kind;		/* "license" or "certification",
					   from the rule pack */
	const char	*program;	/* "CCM" */
	const char	*program_name;	/* "Certified Case Manager" */
	const char	*number;
	const char	*jurisdiction;	/* "CA", or "" */
	enum cred_status status;
	int		 cycle_start;
	int		 valid_through;
	int		 renewal_index;
	enum comp_state	 state;
	int		 days_left;	/* negative after valid-through */
	int		 window_opens;	/* COMP_NO_DATE if the program has none */
	int		 window_closes;
	int		 late_until;	/* == valid_through when no late period */
	int		 count_from;	/* first day activities count */
	long		 required;	/* total line, centi-hours */
	long		 counted;	/* incl. carry_in */
	long		 remaining;
	long		 carry_in;
	long		 expected_now;	/* on a linear pace */
	long		 projected;	/* at valid-through, at the pace so far */
	long		 shortfall;	/* required - projected, at least 0;
					   0 when complete, retired, inactive */
	long		 missing;	/* the fewest hours that close every
					   requirement: max(total remaining,
					   largest requirement remaining inside
					   the total) + requirements outside it;
					   0 when retired or inactive */
	int		 exempt;
	int		 renewal_assumed; /* unknown means owed: the renewal
					   number would settle it */
	const char	*unknown_attrs;	/* "" or "older-adults,emergency-room":
					   attributes a rule depends on that
					   were not given (counted as owed) */
	struct report_req *reqs;	/* reqs[0] is the total */
	size_t		 nreqs;
	/* The latest primary-source verification, if any. */
	int		 verified_on;	/* COMP_NO_DATE: none on record */
	const char	*verified_by;	/* or "" */
	const char	*verify_source;	/* text or URL, or "" */
	enum report_verify verify;
	unsigned	 action;	/* REPORT_ACT_* bits; 0: in order */
};

/* A topic line of an activity, in the activity's own unit. */
struct report_topic {
	const char	*topic;		/* "ethics" */
	long		 centi;		/* -1: all of the activity */
};

struct report_approval {
	const char	*body;		/* "CCMC" */
	const char	*number;	/* approval number / activity code, or "" */
};

/* What an activity did for one credential of the same person. */
struct report_credit {
	size_t		 cred;		/* index into the person's creds[] */
	long		 counted;	/* program centi-hours after caps */
	const char	*why;		/* "" or why it counts less or not at all */
};

/* One entry of a person's CE transcript. */
struct report_activity {
	int64_t		 id;
	int		 date;
	const char	*title;
	const char	*provider;	/* or "" */
	const char	*format;	/* "live", "self-study", ... */
	struct hours_amount amount;	/* as printed on the certificate */
	int		 certificate;	/* 1: a copy is on file */
	struct report_topic *topics;
	size_t		 ntopics;
	struct report_approval *approvals;
	size_t		 napprovals;
	struct report_credit *credits;	/* every current cycle whose counting
					   window holds it, in creds[] order;
					   counted may be 0 (see why) */
	size_t		 ncredits;
};

struct report_person {
	int64_t		 id;
	const char	*name;
	const char	*email;		/* or "" */
	const char	*external_id;	/* or "" */
	int64_t		 org_id;	/* 0: none */
	const char	*org;		/* organization name, or "" */
	enum comp_state	 state;		/* most urgent state of its credentials
					   (COMP_COMPLETE when it has none) */
	int		 days_left;	/* of that credential; 0 if none */
	long		 missing;	/* sum of creds' missing when short */
	int		 is_short;	/* a credential behind, at risk, in grace
					   or lapsed with hours missing */
	int		 action;	/* some credential needs action */
	struct report_cred *creds;	/* licenses, then certifications; each
					   sorted by urgency, then days left
					   (with --exceptions, only those
					   that need action) */
	size_t		 ncreds;
	struct report_activity *acts;	/* transcript of the current cycles:
					   by date, then id */
	size_t		 nacts;
};

struct report_summary {
	size_t		 people;
	size_t		 credentials;
	size_t		 by_state[REPORT_NSTATES];	/* by enum comp_state */
	size_t		 expiring_30;	/* valid-through in [as_of, as_of+30] */
	size_t		 expiring_60;	/* ... +60 (includes the 30) */
	size_t		 expiring_90;	/* ... +90 (includes the 60) */
	size_t		 lapsed;	/* == by_state[COMP_LAPSED] */
	size_t		 grace;		/* == by_state[COMP_GRACE] */
	size_t		 people_short;	/* people with is_short */
	long		 hours_missing;	/* sum of their missing, centi-hours */
	size_t		 people_action;	/* people with action */
	size_t		 creds_action;	/* credentials with action != 0 */
	size_t		 unverified;	/* verify == REPORT_VERIFY_NONE */
	size_t		 stale;		/* verify == REPORT_VERIFY_STALE */
	size_t		 licenses;	/* credentials of kind "license" */
};

struct report {
	enum report_scope scope;
	const char	*organization;	/* the selected organization's name, the
					   only organization when every person
					   shares one, or "" */
	time_t		 generated_at;
	int		 as_of;
	const char	*version;	/* CETRACK_VERSION */
	struct report_pack *packs;	/* sorted by code */
	size_t		 npacks;
	struct report_summary summary;
	struct report_person *people;	/* sorted by urgency: the state of
					   their most urgent credential, then
					   its days left, then name, then id;
					   people without credentials last */
	size_t		 npeople;
	int		 exceptions;	/* 1: only people and credentials that
					   need action (the summary still
					   counts everyone selected) */
	int		 attestation;	/* 1: print the attestation block */
	int		 transcript;	/* 1: people carry their transcripts;
					   0: not asked for (acts empty) */
	char		**warnings;	/* e.g. a credential whose program is
					   not loaded (left out); the CLI
					   prints them on stderr */
	size_t		 nwarnings;
	int		 threads;	/* the query's: a renderer may write
					   with as many */
	void		*pool;		/* private: the strings' storage */
};

struct report_query {
	enum report_scope scope;
	int64_t		 person_id;	/* REPORT_PERSON */
	int64_t		 org_id;	/* REPORT_ORG */
	const char	*org_name;	/* REPORT_ORG: for the header */
	int		 as_of;
	time_t		 generated_at;
	const struct config *cfg;	/* what the engine takes from the
					   configuration (at_risk_days);
					   NULL: the built-in defaults */
	int		 transcript;	/* 1: each person's CE transcript too */
	int		 exceptions;	/* 1: only what needs action */
	int		 threads;	/* > 1: a report of many people is
					   built by up to 8 threads (a file
					   database); 0 or 1: one */
	size_t		 range;		/* people per range of work then;
					   0: 1000 */
	const char	*version;	/* NULL: CETRACK_VERSION if defined */
};

/* Build the model; returns 0, or -1 with a message in err. Release it with
 * report_free (also after a failure). */
int	 report_build(struct db *, const struct program_set *,
	    const struct report_query *, struct report *, char *err,
	    size_t errlen);
void	 report_free(struct report *);

/* Helpers shared by the renderers. */

/* Every state, most urgent first (lapsed, grace, at risk, behind, on
 * track, complete, inactive, retired): the order of summary lines. */
extern const enum comp_state report_states[REPORT_NSTATES];

/* "Lapsed", "In grace", "At risk", "Behind", "On track", "Complete",
 * "Retired", "Inactive". comp_state_name gives the machine names. */
const char *report_state_label(enum comp_state);

/* The generation time in UTC: "2026-03-01 09:30 UTC" (buf >= 32). */
char	*report_format_time(time_t, char *buf, size_t len);

/* An amount as printed, with short unit names: "1.5 h", "90 min",
 * "0.15 CEU", "3 sem", "2 qtr" (hours_format_label). */
char	*report_format_amount(const struct hours_amount *, char *buf,
	    size_t len);

/* A date, or REPORT_DASH for COMP_NO_DATE (buf >= DATE_BUFSZ). */
const char *report_format_date(int days, char *buf);

/* "CCM" or "RN CA" (program and jurisdiction). */
char	*report_cred_label(const struct report_cred *, char *buf, size_t len);

/*
 * A requirement's label as every format prints it: the pack's label, then
 * ", due DATE" when it has its own due date and " (owed until settled)"
 * when it is counted as owed because something is unknown.
 */
char	*report_req_label(const struct report_req *, char *buf, size_t len);

/*
 * What was unknown about a credential and counted as owed, with what
 * settles it, as one sentence without a final period; returns 0 with ""
 * when nothing was, else 1.
 */
int	 report_unknown_note(const struct report_cred *, char *buf,
	    size_t len);

/*
 * Why a credential needs action, as every format prints it: its state
 * ("Lapsed", "In grace", "At risk", "Behind") and what is wrong with its
 * verification ("not verified", "verification stale (DATE)"), joined by
 * "; " ("Lapsed; not verified", "Not verified"); "" when in order.
 */
char	*report_action_text(const struct report_cred *, char *buf,
	    size_t len);

/* The verification as one cell: "2026-11-02 by Ana Ruiz, Nursys",
 * "not verified", or REPORT_DASH when none is needed or on record. */
char	*report_verify_text(const struct report_cred *, char *buf,
	    size_t len);

/* Whether a credential is a license (else a certification). */
int	 report_is_license(const struct report_cred *);

/* Write s HTML-escaped (& < > " '); returns 0 or -1 on a write error. */
int	 report_html_escape(FILE *, const char *s);

/* Write s as one RFC 4180 CSV field (quoted when it holds , " CR LF or
 * leading/trailing space); returns 0 or -1. */
int	 report_csv_field(FILE *, const char *s);

/* Flush out and check it for a write error; 0, or -1 with a message. */
int	 report_write_done(FILE *out, char *err, size_t errlen);

/* Renderers: each writes the whole report to out and returns 0, or -1
 * with a message in err (a write error). */
int	 report_render_text(const struct report *, FILE *out, char *err,
	    size_t errlen);
int	 report_render_md(const struct report *, FILE *out, char *err,
	    size_t errlen);
int	 report_render_csv(const struct report *, FILE *out, char *err,
	    size_t errlen);
int	 report_render_csv_requirements(const struct report *, FILE *out,
	    char *err, size_t errlen);
int	 report_render_json(const struct report *, FILE *out, char *err,
	    size_t errlen);
int	 report_render_html(const struct report *, FILE *out, char *err,
	    size_t errlen);
/* Implemented in report_pdf.c (cairo + pango). */
int	 report_render_pdf(const struct report *, FILE *out,
	    enum report_paper, char *err, size_t errlen);

#endif
