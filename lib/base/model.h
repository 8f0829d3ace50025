/* SPDX-License-Identifier: ISC */
/*
 * The data model shared by store (which reads and writes it), compliance
 * (which evaluates it) and the CLI (which prints it). Plain structs with
 * fixed-size text fields: every text is validated against these limits
 * before it is stored, so nothing is ever silently truncated.
 */
#ifndef CETRACK_MODEL_H
#define CETRACK_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "base/hours.h"

/* Text limits, in bytes including the NUL; enforced on input. */
#define NAME_MAX_LEN	128	/* person, organization */
#define EMAIL_MAX_LEN	255
#define EXTID_MAX_LEN	64
#define CODE_MAX_LEN	24	/* program code: "LCSW-TX" */
#define NUMBER_MAX_LEN	64	/* credential number */
#define STATE_MAX_LEN	8	/* jurisdiction: "CA" */
#define ATTR_MAX_LEN	32	/* credential attribute, topic, approver, format */
#define ATTRS_MAX_LEN	256	/* comma-joined attributes */
#define TITLE_MAX_LEN	256	/* activity title */
#define PROVIDER_MAX_LEN 128
#define APPROVAL_MAX_LEN 64	/* approval number / activity code */
#define DIGEST_MAX_LEN	65	/* hex SHA-256 */
#define SOURCE_MAX_LEN	512	/* where a credential was verified */

#define ACT_MAX_TOPICS	 8
#define ACT_MAX_APPROVALS 8
#define ACT_MAX_TARGETS	 8

/* Activity formats (DESIGN.md §3); rule packs name them in caps. */
#define ACTIVITY_FORMATS "live, live-online, self-study, academic, presenting, publication"

struct person {
	int64_t	id;
	char	name[NAME_MAX_LEN];
	char	email[EMAIL_MAX_LEN];
	char	external_id[EXTID_MAX_LEN];
	int64_t	org_id;			/* 0: none */
	int	active;
};

enum cred_status {
	CRED_ACTIVE,
	CRED_RETIRED,
	CRED_INACTIVE
};

struct credential {
	int64_t	id;
	int64_t	person_id;
	char	program[CODE_MAX_LEN];
	char	number[NUMBER_MAX_LEN];
	char	state[STATE_MAX_LEN];	/* jurisdiction, "" if none */
	char	attrs[ATTRS_MAX_LEN];	/* "direct-care,supervisor" */
	enum cred_status status;
	int	has_issued;		/* issued was given (schema 10) */
	int	issued;			/* original issue date */
};

/*
 * The path into a credential (schema 10): a degree, a job or placement,
 * an exam sat. Text fields are "" when not given; the enumerations are
 * checked by the CLI against the lists in model.c and by the schema.
 */
#define EDU_TITLE_MAX_LEN	64	/* "BSN", "MSW" */
#define EDU_ACCRED_MAX_LEN	32	/* "CSWE", "CCNE" */
#define EXAM_MAX_LEN		64	/* "NCLEX-RN", "CCM" */
#define SUPCRED_MAX_LEN		64	/* "CCM", "LCSW" */

struct education {
	int64_t	id;
	int64_t	person_id;
	char	level[16];		/* edu_levels[] */
	char	field[16];		/* edu_fields[] */
	char	title[EDU_TITLE_MAX_LEN];
	int	conferred;
	char	institution[NAME_MAX_LEN];
	char	accreditor[EDU_ACCRED_MAX_LEN];
};

struct experience {
	int64_t	id;
	int64_t	person_id;
	char	employer[NAME_MAX_LEN];
	char	role[NAME_MAX_LEN];
	int	start;
	int	end;			/* -1: ongoing */
	long	per_week;		/* centi-hours a week, or -1 */
	long	total;			/* centi-hours in all, or -1 */
	int	case_management;
	int	supervised;
	char	supervisor[NAME_MAX_LEN];
	char	supervisor_cred[SUPCRED_MAX_LEN];
	int	supervises_cms;		/* supervises case managers */
	int	clinical;
	int	paid;			/* 1, 0, or -1: not said */
	char	setting[24];		/* exp_settings[] or "" */
	char	tags[ATTRS_MAX_LEN];	/* "transitions,utilization" */
};

/* A day (or the week ending on it) of a person's log: hours worked, and
 * the minutes of supervision, individual or group (schema 11). */
struct exp_log {
	int64_t	id;
	int64_t	person_id;
	int	day;
	long	hours;			/* centi-hours */
	int	sup_minutes;		/* 0: none */
	char	format[16];		/* "individual", "group", "" */
};

struct exam_sat {
	int64_t	id;
	int64_t	person_id;
	char	exam[EXAM_MAX_LEN];
	int	day;
	int	pass;
};

/* NULL-terminated lists of the accepted names. */
extern const char *const edu_levels[];	/* diploma ... doctorate, lowest
						   first */
extern const char *const edu_fields[];	/* nursing, social-work, ... */
extern const char *const exp_settings[]; /* hospital, payer, ... */

/* One primary-source verification of a credential (never changed). */
struct verification {
	int64_t	id;
	int64_t	credential_id;
	int	on;			/* the day it was checked */
	char	by[NAME_MAX_LEN];	/* who checked */
	char	source[SOURCE_MAX_LEN];	/* where: "Nursys", a URL */
	char	recorded[24];		/* UTC, when it was entered */
};

struct cycle {
	int64_t	id;
	int64_t	credential_id;
	int	start;			/* days since epoch */
	int	valid_through;
	int	renewal_index;		/* 1 = this cycle ends in the first renewal */
	int	renewal_assumed;	/* 1: nobody gave renewal_index; what
					   depends on it is owed (compliance) */
	long	carry_in;		/* centi-hours carried over from the last cycle */
	int	closed;			/* days since epoch, or -1 while open */
	char	outcome[16];		/* "", "ce", "exam", "lapsed", "retired" */
};

struct activity_topic {
	char	topic[ATTR_MAX_LEN];	/* "ethics" */
	long	centi;			/* in the activity's unit; -1: all of it */
};

struct activity_approval {
	char	body[ATTR_MAX_LEN];	/* normalized upper case: "CCMC", "CA-BRN" */
	char	number[APPROVAL_MAX_LEN];
};

struct activity {
	int64_t	id;
	int64_t	person_id;
	char	title[TITLE_MAX_LEN];
	char	provider[PROVIDER_MAX_LEN];
	int	date;			/* completion date */
	char	format[ATTR_MAX_LEN];	/* "live", "self-study", ... */
	struct hours_amount amount;
	char	certificate[DIGEST_MAX_LEN]; /* SHA-256 of the stored copy, or "" */
	struct activity_topic topics[ACT_MAX_TOPICS];
	size_t	ntopics;
	struct activity_approval approvals[ACT_MAX_APPROVALS];
	size_t	napprovals;
	int64_t	targets[ACT_MAX_TARGETS];	/* credential ids; none = all */
	size_t	ntargets;
};

/* "active" / "retired" / "inactive", and back; -1 if unknown. */
const char *cred_status_name(enum cred_status);
int	 cred_status_from_name(const char *, enum cred_status *);

/* A topic, attribute or approver word: [a-z0-9-] (or [A-Z0-9-] when
 * upper), 1 to ATTR_MAX_LEN-1 bytes. Returns 1 or 0. */
int	 model_word_ok(const char *s, int upper);

/* Whether f is one of ACTIVITY_FORMATS. Returns 1 or 0. */
int	 activity_format_ok(const char *f);

/* Return 1 if the comma-joined list has the attribute. */
int	 attrs_has(const char *attrs, const char *attr);

/*
 * An attribute is given ("older-adults"), denied ("no-older-adults") or
 * not known (neither): 1, 0 or -1. Rules never read an unknown attribute
 * as absent; unknown means owed.
 */
#define ATTR_NEG	"no-"
int	 attrs_state(const char *attrs, const char *attr);

/* The attribute a names, without its "no-": "older-adults" for both. */
const char *attr_base(const char *a);

/*
 * Add a (already validated, lower case) to the list, replacing its
 * opposite: "no-x" replaces "x" and the other way round. Returns 0, or -1
 * when the list would not fit in len bytes (the list is then unchanged).
 */
int	 attrs_put(char *attrs, size_t len, const char *a);

#endif
