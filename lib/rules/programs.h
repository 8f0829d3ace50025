/* SPDX-License-Identifier: ISC */
/*
 * Rule packs: one INI file per credential program, loaded with iniparser
 * into the typed definitions below and validated. The format is documented
 * for users in cetrack-programs(5); in short:
 *
 *   [program]            code, name, issuer, kind, jurisdiction, version,
 *                        source, cycle_years | cycle_months, deadline,
 *                        deadline_dates, deadline_years, total_hours,
 *                        hour_minutes, ceu_hours, semester_hours,
 *                        quarter_hours, approvers, window_months |
 *                        window_days, late_days, fees, count_months,
 *                        carryover_max, first_renewal,
 *                        first_renewal_attr, exempt_attr, at_risk_days,
 *                        note, unchecked
 *   [req.ID]             label, hours | share, topics, approvers, formats,
 *                        counts, every, renewal, once, due_within_years,
 *                        lookback_years, first_renewal, keep_when_exempt,
 *                        attr,
 *                        unless_attr, effective_from, effective_to,
 *                        effective_by, note, unchecked
 *   [cap.ID]             label, max_hours, topics, formats, approvers
 *
 * Every value is read as a string and checked by our own parsers; unknown
 * sections and keys are errors. Errors name "file:line: [section] key:
 * problem" so a user can fix a broken pack; a broken pack is refused whole
 * and the other packs still load.
 */
#ifndef CETRACK_PROGRAMS_H
#define CETRACK_PROGRAMS_H

#include <stddef.h>

#include "base/hours.h"
#include "base/model.h"
#include "base/util.h"

#define PROG_LIST_MAX	16	/* entries in one comma-separated list */
#define PROG_TEXT_MAX	1024	/* fits a pack's list of source URLs */
#define PROG_ID_MAX	32
#define PROG_NO_DATE	(-2147483647 - 1)	/* effective_* not set */

struct prog_list {
	char	v[PROG_LIST_MAX][ATTR_MAX_LEN];	/* lower case; approvers upper */
	size_t	n;
};

enum prog_deadline {
	PROG_DEADLINE_ANNIVERSARY,	/* valid-through + cycle length */
	PROG_DEADLINE_FIXED		/* a fixed calendar date, e.g. Feb 28 of odd years */
};

enum prog_years {
	PROG_YEARS_ANY,
	PROG_YEARS_ODD,
	PROG_YEARS_EVEN
};

enum req_counts {
	REQ_COUNTS_WITHIN,	/* a minimum inside the total (CCM ethics 8 of 80) */
	REQ_COUNTS_EXTRA,	/* adds to the total (FL RN domestic violence: 26 h) */
	REQ_COUNTS_OUTSIDE	/* owed, but its hours are not CE toward the total */
};

enum req_once {
	REQ_ONCE_NO,		/* owed at every renewal it applies to */
	REQ_ONCE_EVER,		/* once = yes: a matching course at any date */
	REQ_ONCE_IN_CYCLE	/* once = in-cycle: in the counting window of
				   the renewal where it is first owed */
};

enum req_effective_by {
	REQ_EFFECTIVE_BY_END,	/* compare effective dates with valid-through */
	REQ_EFFECTIVE_BY_START	/* ... with the cycle's start */
};

struct requirement {
	char	id[PROG_ID_MAX];	/* section "req.ethics" -> "ethics" */
	char	label[NAME_MAX_LEN];
	long	hours;			/* centi-hours, when share == 0 */
	int	share;			/* percent of the total, 1..100, or 0 */
	struct prog_list topics;	/* any of these topics; empty: any hours */
	struct prog_list approvers;	/* only activities approved by these */
	struct prog_list formats;	/* only activities in these formats */
	enum req_counts counts;
	int	every;			/* renewal index divisible by N; 0: always */
	int	renewal;		/* only at this renewal index; 0: any */
	enum req_once once;		/* one-time: met once in a lifetime */
	int	due_within_years;	/* due N years after the event that
					   starts its clock; 0: at renewal */
	int	lookback_years;		/* match in N years before valid-through */
	int	first_renewal;		/* owed even when first renewal is exempt */
	int	keep_when_exempt;	/* owed even under exempt_attr */
	char	attr[ATTR_MAX_LEN];	/* only credentials with this attribute */
	char	unless_attr[ATTR_MAX_LEN];
	int	effective_from;		/* PROG_NO_DATE if unset */
	int	effective_to;
	enum req_effective_by effective_by;
	char	note[PROG_TEXT_MAX];
	char	unchecked[PROG_TEXT_MAX];	/* what of it cetrack does not check */
	int	line;			/* line of its section in the pack */
};

struct cap {
	char	id[PROG_ID_MAX];
	char	label[NAME_MAX_LEN];
	long	max_hours;		/* centi-hours */
	struct prog_list topics;
	struct prog_list formats;
	struct prog_list approvers;
	int	line;
};

struct program {
	char	code[CODE_MAX_LEN];	/* upper case: "CCM", "LCSW-TX" */
	char	name[NAME_MAX_LEN];
	char	issuer[NAME_MAX_LEN];
	char	kind[16];		/* "certification" | "license" */
	char	jurisdiction[STATE_MAX_LEN];
	char	version[16];		/* date the pack was checked: YYYY-MM-DD */
	char	source[PROG_TEXT_MAX];	/* URLs, comma-separated */
	char	fees[PROG_TEXT_MAX];	/* descriptive, e.g. "renewal $285; late $175" */
	char	note[PROG_TEXT_MAX];
	char	unchecked[PROG_TEXT_MAX];	/* an issuer's rule no key expresses */
	char	origin[256];		/* "builtin:ccm.ini" or the file's path */
	uint64_t text_hash;		/* cet_fnv1a of the pack's text */

	int	cycle_months;		/* 60 for 5 years */
	enum prog_deadline deadline;
	int	deadline_md[12];	/* month*100+day: 531 = May 31 */
	size_t	ndeadline_md;
	enum prog_years deadline_years;

	long	total_hours;		/* centi-hours per cycle */
	struct hours_conv conv;
	struct prog_list approvers;	/* accepted approving bodies */
	int	approvers_any;		/* "*": any activity, approved or not */

	int	window_months;		/* opens on the 1st, N months before */
	int	window_days;		/* or N days before valid-through */
	int	late_days;		/* late/grace period after valid-through */
	int	count_months;		/* only the N months before valid-through */
	long	carryover_max;		/* centi-hours */
	int	first_renewal_exempt;
	char	first_renewal_attr[ATTR_MAX_LEN];	/* exempt only with it */
	char	exempt_attr[ATTR_MAX_LEN];
	int	at_risk_days;		/* 0: the configured default */

	struct requirement *reqs;
	size_t	nreqs;
	struct cap *caps;
	size_t	ncaps;
};

/*
 * The loaded packs. A built-in pack is parsed when it is first looked up
 * (programs_find) or when every pack is wanted (programs_parse_all): until
 * then its entry holds only code, origin and text_hash, and pending[i] its
 * text. Parsing 17 packs was half of every `status` (see programs.c).
 * pending is NULL in a set built by hand.
 */
struct program_set {
	struct program *v;
	size_t	n;
	const char **pending;
};

/*
 * Parse one pack from `text` (the file's contents); `origin` names it in
 * errors ("ccm.ini" or a path). On success fills *out (release it with
 * program_release) and returns 0; otherwise appends every problem found to
 * errs as "origin:line: [section] key: problem" and returns -1.
 */
int	 program_parse(const char *origin, const char *text,
	    struct program *out, struct errlist *errs);
void	 program_release(struct program *);

/*
 * Load the built-in packs, then every *.ini in dir (may be NULL or missing:
 * not an error if it does not exist). A pack in dir replaces a built-in pack
 * with the same code and adds one otherwise. Packs with errors are skipped
 * and their errors appended to errs; returns the number of refused packs
 * (0 when all loaded), or -1 if dir exists but cannot be read.
 */
int	 programs_load(struct program_set *, const char *dir,
	    struct errlist *errs);
void	 programs_free(struct program_set *);

/* The *.ini files of a directory, sorted (none if it does not exist; -1
 * if it cannot be read), and one of them read whole (NULL, with an error,
 * if it cannot be read or holds a NUL byte). Shared with the eligibility
 * packs (eligibility.c). */
int	 programs_list_dir(const char *dir, char ***names, size_t *n,
	    struct errlist *errs);
char	*programs_read_file(const char *path, struct errlist *errs);

/*
 * Parse every built-in pack not parsed yet, for the commands that show or
 * check them all: afterwards the set is what an eager load would have
 * made. A pack that does not parse (a bug of the build: test_programs
 * parses each) is dropped, its problems appended to errs; returns how many.
 */
int	 programs_parse_all(struct program_set *, struct errlist *errs);

/* Find a program by code, case-insensitively; NULL if none. Safe to call
 * from several threads on one set. */
const struct program *programs_find(const struct program_set *,
	    const char *code);

/* Return 1 if the activity's approvals satisfy the program (or list). */
int	 program_accepts(const struct program *, const struct activity *);
int	 prog_list_has(const struct prog_list *, const char *);

/*
 * The valid-through date that follows `valid_through` after one cycle: for
 * anniversary programs the same date cycle_months later (end-of-month
 * rule); for fixed deadlines the next matching deadline date at least
 * cycle_months later.
 */
int	 program_next_valid_through(const struct program *, int valid_through);

/*
 * The first day of the cycle that ends on `valid_through` when none is
 * given: the day after the same date cycle_months earlier (a day that
 * month lacks becomes its last, as date_add_months does). A 24-month cycle
 * ending 2027-05-31 starts 2025-06-01; one ending 2028-02-29, 2026-03-01.
 * Used by `cred add`, `import` and `demo`.
 */
int	 program_cycle_start(const struct program *, int valid_through);

/*
 * 1 if the program's rules depend on which renewal a cycle ends in: a
 * first-renewal exemption, or a requirement of every Nth or of one
 * renewal, counted where first owed (once = in-cycle) or due N years
 * after an event (due_within_years). Then an unknown renewal number makes them owed (compliance).
 */
int	 program_depends_on_renewal(const struct program *);

/* The program's deadline dates in words, for error messages:
 * "Feb 28 of odd years", "May 31 or Nov 30". */
void	 program_deadline_rule(const struct program *, char *buf, size_t len);

/* For a new credential with no date given: the first fixed deadline after
 * `from`; -1 for anniversary programs (the user must give it). */
int	 program_first_deadline(const struct program *, int from);

/*
 * Whether `day` may be a valid-through date of the program: one of its
 * deadline dates (deadline_md, in the years deadline_years allows) when it
 * lists any, as fixed programs and anniversary programs whose board uses
 * only certain dates (CCM: May 31 and Nov 30) do; any day otherwise. Packs
 * never list 02-29, so month and day compare exactly. Returns 1 or 0.
 */
int	 program_is_deadline(const struct program *, int day);

/* The first day >= from for which program_is_deadline holds, looking
 * PROG_DEADLINE_SEARCH_DAYS ahead (more than the longest gap between two
 * deadline dates, two years); -1 if there is none. */
#define PROG_DEADLINE_SEARCH_DAYS	(3 * 366)
int	 program_next_deadline(const struct program *, int from);

#endif
