/* SPDX-License-Identifier: ISC */
/*
 * Eligibility for an exam or a license (issue 18): packs of rules as data
 * (config/eligibility/NAME.ini, embedded, overridable like the rule
 * packs), and one pure function that checks a person's records against a
 * pack on a day.
 *
 * A pack is any-of routes, each an all-of list of requirements
 * (eligibility-rules.md section 6, pattern 1). A requirement is one of:
 *
 *   credential  a credential of one of the programs listed (globs:
 *               "RN-*"), active and current on the day, optionally held
 *               for at least held_months since its original issue date
 *   degree      a degree of at least min_level, in one of fields (empty:
 *               any), conferred on or before the day
 *   experience  fte_months or hours of the experience entries that pass
 *               the filters (case_management, supervised with a
 *               supervisor_credential, supervises_case_managers,
 *               clinical, paid, settings, at least min_tags distinct
 *               tags), within window_months before the day (0: all),
 *               after the conferral of a degree of after_degree_level
 *               (in after_degree_fields), at most max_hours_per_week
 *               credited a week, over at least min_span_weeks;
 *               an ongoing entry counts up to the day, and says when the
 *               requirement would be met if it goes on as it is
 *   ce          hours of CE activities with one of topics (empty: any)
 *               within window_months before the day
 *   exam        an exam of exams passed, within valid_months (0: ever)
 *   supervision hours of supervision in the log ('cetrack exp log'), of
 *               a format (individual, group; empty: any), at most
 *               max_per_month counted in a calendar month, within
 *               window_months and after a degree like experience; or,
 *               with min_avg_per_month, an average over the months
 *               from the first logged to the last
 *   attest      a statement the person (or a supervisor) must attest;
 *               never met by records
 *
 * Any requirement may also carry `attest`: what the records cannot show
 * (a license "unrestricted", a degree's supervised field experience); the
 * requirement is then met by the records and still to be attested. Routes
 * and requirements may carry effective_from and effective_to, so that a
 * rule that changed (ACM: 2 years of experience before 2016-12-20, 1
 * after) keeps both versions and the day picks one.
 *
 * Unknown means not met: an experience entry whose pay was not said does
 * not count toward a paid-only requirement, a credential without an issue
 * date does not count as held for N months; the result says so and what
 * would settle it.
 */
#ifndef CETRACK_ELIGIBILITY_H
#define CETRACK_ELIGIBILITY_H

#include <stddef.h>
#include <stdint.h>

#include "base/model.h"
#include "base/util.h"

#define ELIG_ID_LEN	32
#define ELIG_TEXT_LEN	256
#define ELIG_LIST_LEN	256

enum elig_type {
	ELIG_CREDENTIAL,
	ELIG_DEGREE,
	ELIG_EXPERIENCE,
	ELIG_CE,
	ELIG_EXAM,
	ELIG_ATTEST,
	ELIG_SUPERVISION
};

enum elig_measure {
	ELIG_FTE_MONTHS,	/* full-time-equivalent months, centi */
	ELIG_HOURS		/* centi-hours */
};

struct elig_req {
	char		 id[ELIG_ID_LEN];
	char		 label[ELIG_TEXT_LEN];
	enum elig_type	 type;
	int		 from, to;	/* effective dates, -1: open */
	char		 attest[ELIG_TEXT_LEN];	/* "" or a statement */
	/* credential */
	char		 programs[ELIG_LIST_LEN];
	int		 held_months;
	/* degree */
	int		 min_level;	/* index into edu_levels */
	char		 fields[ELIG_LIST_LEN];	/* "" : any */
	/* experience, ce */
	enum elig_measure measure;
	long		 min;		/* centi-months or centi-hours */
	int		 window_months;	/* 0: no look-back limit */
	int		 case_management, supervised, supervises_cms;
	int		 clinical, paid;
	char		 supervisor_cred[ELIG_LIST_LEN];
	char		 settings[ELIG_LIST_LEN];
	int		 min_tags;
	int		 after_level;	/* -1, or count only after the
					   conferral of such a degree */
	char		 after_fields[ELIG_LIST_LEN];
	int		 min_span_weeks; /* first to last counted day */
	long		 max_per_week;	/* centi-hours credited a week, 0: no
					   cap */
	char		 topics[ELIG_LIST_LEN];	/* ce */
	/* exam */
	char		 exams[ELIG_LIST_LEN];
	int		 valid_months;
	/* supervision */
	long		 max_per_month;	/* centi-hours, 0: no cap */
	long		 min_avg;	/* centi-hours a month, 0: none */
	char		 format[16];	/* "individual", "group", "" */
};

struct elig_route {
	char		 id[ELIG_ID_LEN];
	char		 label[ELIG_TEXT_LEN];
	int		 from, to;
	size_t		*reqs;		/* indexes into pack->reqs */
	size_t		 nreqs;
};

struct elig_pack {
	char		 code[CODE_MAX_LEN];	/* "CCM" */
	char		 name[128];
	char		 issuer[128];
	char		 version[16];		/* when its rules were checked */
	char		 sources[512];
	char		 confidence[16];	/* high, medium, low */
	long		 fulltime;		/* centi-hours a week */
	int		 fulltime_assumed;	/* the pack says it assumes it */
	char		 assumption[512];	/* "" or what it assumes */
	char		 origin[300];		/* "builtin:ccm.ini" or a path */
	struct elig_route *routes;
	size_t		 nroutes;
	struct elig_req	*reqs;
	size_t		 nreqs;
};

struct elig_set {
	struct elig_pack *v;
	size_t		 n;
};

/* Parse one pack; 0, or -1 with every problem in errs ("origin:line:
 * [section] key: ..."). Release with elig_pack_release. */
int	 elig_pack_parse(const char *origin, const char *text,
	    struct elig_pack *, struct errlist *errs);
void	 elig_pack_release(struct elig_pack *);

/* The embedded packs, then those of dir (may be NULL or ""), a file of the
 * same code replacing the embedded one. 0, or -1 with errs. */
int	 elig_load(struct elig_set *, const char *dir, struct errlist *errs);
void	 elig_free(struct elig_set *);
const struct elig_pack *elig_find(const struct elig_set *, const char *code);

/* A person's records, as of a day. Each credential's open cycle is
 * cycles[i] (id 0: none). */
struct elig_input {
	int			 as_of;
	const struct credential	*creds;
	const struct cycle	*cycles;
	size_t			 ncreds;
	const struct education	*edu;
	size_t			 nedu;
	const struct experience	*exp;
	size_t			 nexp;
	const struct exam_sat	*exams;
	size_t			 nexams;
	const struct activity	*acts;
	size_t			 nacts;
	const struct exp_log	*logs;
	size_t			 nlogs;
};

enum elig_state {
	ELIG_MET,
	ELIG_NOT_MET,
	ELIG_TO_ATTEST		/* an attest item, or met but to attest */
};

struct elig_req_result {
	const struct elig_req *req;
	enum elig_state	 state;
	int		 met;		/* the records meet it */
	long		 have;		/* centi-units (months, hours), or a
					   count */
	long		 need;
	const char	*unit;		/* "months", "hours", "credential", ... */
	char		 what[ELIG_TEXT_LEN];	/* what the records show */
	char		 settle[ELIG_TEXT_LEN];	/* "" or what would settle it */
	int		 earliest;	/* the day it would be met if the
					   ongoing entries go on; -1: none */
	int		 assumption;	/* depends on the pack's assumption */
};

struct elig_route_result {
	const struct elig_route *route;
	int		 met;		/* every non-attest requirement met */
	int		 attest;	/* of which some are still to attest */
	int		 earliest;	/* -1: not known (or met) */
	struct elig_req_result *reqs;
	size_t		 nreqs;
};

struct elig_result {
	const struct elig_pack *pack;
	int		 eligible;	/* some route met */
	int		 earliest;	/* -1: met, or no date can be given */
	struct elig_route_result *routes;	/* those in effect */
	size_t		 nroutes;
};

/* Check; 0, or -1 (out of memory is fatal: never). Release with
 * elig_result_free. */
int	 elig_check(const struct elig_pack *, const struct elig_input *,
	    struct elig_result *);
void	 elig_result_free(struct elig_result *);

/* Format centi-units for output: 1250 months -> "12.5". */
char	*elig_format(long centi, char *buf, size_t len);

#endif
