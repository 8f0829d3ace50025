/* SPDX-License-Identifier: ISC */
/*
 * The compliance engine: a pure function from a program, a credential, its
 * open cycle, the person's activities and an as-of date to where the
 * credential stands. No I/O and no clock: callers pass "now".
 *
 * For the cycle it takes the activities completed in the counting window
 * (the cycle, or count_months before valid-through) up to the as-of date,
 * keeps those the program accepts (approver, --for targets, unit), converts
 * them to the program's hours, applies caps in date order, adds carried-in
 * hours, and allocates hours to the total and to every requirement that
 * applies at this renewal. Then it derives the state and the pace.
 */
#ifndef CETRACK_COMPLIANCE_H
#define CETRACK_COMPLIANCE_H

#include <stddef.h>

#include "base/model.h"
#include "rules/programs.h"

enum comp_state {
	COMP_COMPLETE,
	COMP_ON_TRACK,
	COMP_BEHIND,
	COMP_AT_RISK,
	COMP_GRACE,
	COMP_LAPSED,
	COMP_RETIRED,
	COMP_INACTIVE
};

#define COMP_DEFAULT_AT_RISK_DAYS 90
#define COMP_NO_DATE (-2147483647 - 1)

struct config;

/* Fill it with compliance_input_init, then set prog, cred, cycle, acts. */
struct comp_input {
	const struct program	*prog;
	const struct credential	*cred;
	const struct cycle	*cycle;
	const struct activity	*acts;	/* all of the person's activities */
	size_t			 nacts;
	int			 as_of;
	int			 at_risk_days;	/* configured default; a program's
					   own at_risk_days wins; 0: 90 */
};

#define COMP_ASSUMED_RENEWAL	0x1	/* the renewal number (renewal_assumed) */
#define COMP_ASSUMED_ATTR	0x2	/* an attribute (unknown_attrs) */

struct comp_req {
	char	id[PROG_ID_MAX];	/* "total" for the total line */
	char	label[NAME_MAX_LEN];
	long	required;		/* centi-hours */
	long	counted;
	long	remaining;
	int	met;
	int	once;			/* one-time requirement */
	int	course_only;		/* no hours set: one matching course */
	int	assumed;		/* owed because something it depends
					   on is not known: COMP_ASSUMED_* */
	int	due;			/* its own due date (due_within_years),
					   or COMP_NO_DATE: valid-through */
	const struct requirement *rule;	/* NULL for the total */
};

/* What one activity contributed to this credential's total. */
struct comp_contrib {
	int64_t	activity_id;
	long	full;		/* converted hours before caps */
	long	counted;	/* after caps (0 if not accepted) */
	const char *why;	/* NULL, or why it counts less or not at all */
};

struct comp_result {
	enum comp_state state;
	int	days_left;		/* to valid-through; negative after it */
	int	window_opens;		/* COMP_NO_DATE when the program has none */
	int	window_closes;
	int	late_until;		/* last day of the late/grace period */
	int	count_from;		/* first day activities count */
	long	required;		/* total required (centi-hours) */
	long	counted;		/* total counted, incl. carry_in */
	long	remaining;
	long	carry_in;
	long	carry_out;		/* excess that would carry to the next cycle */
	long	expected_now;		/* on a linear pace */
	long	projected;		/* at the end, at the pace so far */
	int	exempt;			/* first-renewal or attribute exemption */
	int	renewal_assumed;	/* something is owed only because nobody
					   gave the renewal number: giving it
					   (cred set --renewal-index) settles it */
	char	unknown_attrs[ATTRS_MAX_LEN];	/* attributes a rule depends on
					   that the credential neither has nor
					   denies ("older-adults"): what is
					   owed because of them is counted;
					   cred set --attr A or no-A settles
					   it */
	struct comp_req *reqs;		/* reqs[0] is the total */
	size_t	nreqs;
	struct comp_contrib *contribs;	/* window activities, by date and id */
	size_t	ncontribs;
};

/*
 * Start an input for an evaluation on as_of: every field zero but as_of
 * and what the configuration decides (at_risk_days); cfg NULL stands for
 * the built-in defaults. The one place where the configuration reaches the
 * engine: every caller fills its input here, then sets prog, cred, cycle,
 * acts and nacts.
 */
void	 compliance_input_init(struct comp_input *, const struct config *cfg,
	    int as_of);

/* Evaluate; returns 0, or -1 with a message in err (a bad program or
 * cycle; never for ordinary data). Release the result with comp_release. */
int	 compliance_evaluate(const struct comp_input *, struct comp_result *,
	    char *err, size_t errlen);
void	 comp_release(struct comp_result *);

/*
 * The first day after in->as_of on which compliance_evaluate, given the
 * same data, could return another state than r (its result for in), or
 * COMP_NO_DATE when no later day can. The candidates: the day an activity
 * dated after as_of starts to count, the first day at risk (valid-through
 * less at_risk_days), the day a linear pace first expects more than is
 * counted, the first day of grace and the first day lapsed. Conservative:
 * the state may also stay the same on the day returned, never change
 * before it. Lets cetrackd skip credentials on days nothing can happen.
 */
int	 compliance_next_change(const struct comp_input *in,
	    const struct comp_result *r);

const char *comp_state_name(enum comp_state);	/* "on_track", ... */

/* Sort key: lapsed, grace, at_risk, behind first; used by status and
 * reports. Lower is more urgent. */
int	 comp_state_urgency(enum comp_state);

#endif
