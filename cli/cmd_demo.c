/* SPDX-License-Identifier: ISC */
/*
 * `cetrack demo [--as-of DATE]`: fill an empty database with a fictional
 * hospital case-management department, for trying the commands and for
 * the README's report examples. Every date is relative to the as-of date
 * (default 2026-11-24) and snapped to the program's deadline dates, and
 * the activities are chosen so that on that date every state shows up:
 * complete, on track, behind, at risk, in grace, lapsed, and a retired
 * certification. Each activity counts toward the one credential it is
 * logged for (--for), so that the states do not depend on one another.
 * Everyone here is fictional.
 */

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "base/date.h"
#include "base/model.h"
#include "rules/programs.h"
#include "store/store.h"
#include "store/store_org.h"
#include "base/util.h"

#define DEMO_AS_OF	"2026-11-24"
#define DEMO_ORG	"Riverside Example Medical Center \xe2\x80\x94 " \
			"Case Management"
#define DEMO_CONTACT	"cm-director@example.org"
#define DEMO_GRACE	(-1000000)	/* offset: inside a late period */

struct demo_person {
	const char	*name;
	const char	*ext;
	const char	*email;
};

/*
 * A credential: valid through as-of + offset days, moved to the first
 * deadline date of the program on or after it (DEMO_GRACE: the last
 * deadline before as-of whose late period covers it).
 */
struct demo_cred {
	int		 person;
	const char	*program;
	const char	*number;
	int		 offset;
	int		 renewal_index;
	int		 retired;
	int		 verify;	/* DEMO_V_*: its primary-source check */
	const char	*state;		/* as of 2026-11-24, for the reader */
};

/* A license's verification (cred verify): none, three weeks into its
 * cycle (current), or from before the cycle began (stale). */
#define DEMO_V_NONE	0
#define DEMO_V_CURRENT	1
#define DEMO_V_STALE	2
#define DEMO_VERIFIER	"Lena Ortiz"

/* An activity, dated `at` per mille of the way from the cycle's start to
 * the as-of date (or valid-through, if earlier). */
struct demo_act {
	int		 cred;
	const char	*title;
	const char	*provider;
	const char	*approval;
	const char	*topic;		/* the whole activity, or NULL */
	long		 centi;
	int		 at;
	const char	*format;
};

static const struct demo_person demo_people[] = {
	{ "Dana Reyes",		"RMC-1001", "dana.reyes@example.org" },
	{ "Sam Okafor",		"RMC-1002", "sam.okafor@example.org" },
	{ "Priya Natarajan",	"RMC-1003", "priya.natarajan@example.org" },
	{ "Marcus Bell",	"RMC-1004", "marcus.bell@example.org" },
	{ "Elena Vasquez",	"RMC-1005", "elena.vasquez@example.org" },
	{ "Tom\xc3\xa1s Lindqvist", "RMC-1006",
	    "tomas.lindqvist@example.org" },
	{ "Grace Whitfield",	"RMC-1007", "grace.whitfield@example.org" },
	{ "Hiroshi Tanaka",	"RMC-1008", "hiroshi.tanaka@example.org" },
	{ "Amara Osei",		"RMC-1009", "amara.osei@example.org" },
	{ "Jordan Pike",	"RMC-1010", "jordan.pike@example.org" },
	{ "Lena Marsh",		"RMC-1011", "lena.marsh@example.org" },
	{ "Owen Castillo",	"RMC-1012", "owen.castillo@example.org" }
};

static const struct demo_cred demo_creds[] = {
	{ 0, "CCM",	"CCM-100234",	400,  2, 0, DEMO_V_NONE, "complete" },
	{ 0, "RN-CA",	"RN-654321",	300,  3, 0, DEMO_V_CURRENT, "on_track" },
	{ 1, "LCSW-CA",	"LCSW-80412",	200,  2, 0, DEMO_V_CURRENT, "behind" },
	{ 1, "ACM-SW",	"ACM-51190",	700,  1, 0, DEMO_V_NONE, "on_track" },
	{ 2, "RN-CA",	"RN-702215",	45,   2, 0, DEMO_V_CURRENT, "at_risk" },
	{ 2, "CMGT-BC",	"CMGT-40077",	900,  1, 0, DEMO_V_NONE, "on_track" },
	{ 3, "CDMS",	"CDMS-21876",	DEMO_GRACE, 1, 0, DEMO_V_NONE, "grace" },
	{ 3, "RN-CA",	"RN-598340",	500,  4, 0, DEMO_V_CURRENT, "on_track" },
	{ 4, "RN-CA",	"RN-611908",	-60,  2, 0, DEMO_V_NONE, "lapsed" },
	{ 5, "ACM-RN",	"ACM-52311",	800,  1, 0, DEMO_V_NONE, "behind" },
	{ 5, "RN-CA",	"RN-687004",	150,  2, 0, DEMO_V_STALE, "complete" },
	{ 6, "CCM",	"CCM-098812",	200,  3, 1, DEMO_V_NONE, "retired" },
	{ 6, "LCSW-CA",	"LCSW-79555",	600,  5, 0, DEMO_V_CURRENT, "on_track" },
	{ 7, "CCM",	"CCM-103377",	500,  1, 0, DEMO_V_NONE, "behind" },
	{ 7, "RN-CA",	"RN-640188",	250,  2, 0, DEMO_V_CURRENT, "complete" },
	{ 8, "LCSW-CA",	"LCSW-81230",	20,   3, 0, DEMO_V_CURRENT, "at_risk" },
	{ 8, "ACM-SW",	"ACM-50466",	1000, 2, 0, DEMO_V_NONE, "complete" },
	{ 9, "CMGT-BC",	"CMGT-39821",	-100, 1, 0, DEMO_V_NONE, "lapsed" },
	{ 9, "RN-CA",	"RN-655720",	400,  3, 0, DEMO_V_NONE, "on_track" },
	{ 10, "RN-CA",	"RN-690035",	400,  2, 0, DEMO_V_CURRENT, "behind" },
	{ 11, "CDMS",	"CDMS-22410",	700,  1, 0, DEMO_V_NONE, "on_track" },
	{ 11, "RN-CA",	"RN-601452",	100,  2, 0, DEMO_V_CURRENT, "on_track" }
};

#define P_INST	"Example CE Institute"
#define P_RMC	"Riverside Example Medical Center Education"
#define P_PAC	"Pacific Example Nursing Academy"
#define P_SW	"Golden State Example Social Work Seminars"

static const struct demo_act demo_acts[] = {
	/* Dana Reyes: CCM complete (82 h, 8 ethics), RN-CA on track. */
	{ 0, "Case Management Foundations", P_INST, "CCMC:C-20001", NULL,
	    2000, 100, "self-study" },
	{ 0, "Transitions of Care Across Settings", P_INST, "CCMC:C-20417",
	    NULL, 2000, 300, "live-online" },
	{ 0, "Ethics in Care Transitions", P_RMC, "CCMC:C-12345", "ethics",
	    800, 450, "live" },
	{ 0, "Utilization Review Fundamentals", P_INST, "CCMC:C-21090", NULL,
	    2000, 600, "self-study" },
	{ 0, "Motivational Interviewing for Care Coordination", P_RMC,
	    "CCMC:C-22871", NULL, 1400, 850, "live" },
	{ 1, "Medication Reconciliation at Discharge", P_PAC,
	    "CA-BRN:CEP-16789", NULL, 800, 200, "live-online" },
	{ 1, "Sepsis Recognition Update", P_PAC, "CA-BRN:CEP-16789", NULL,
	    600, 500, "live" },
	{ 1, "Implicit Bias in Clinical Care", P_PAC, "CA-BRN:CEP-16789",
	    "implicit-bias", 600, 800, "live-online" },

	/* Sam Okafor: LCSW-CA behind (12 of 36 h), ACM-SW on track. */
	{ 2, "California Law and Ethics for Clinicians", P_SW, "CA-BBS:1234",
	    "law-ethics", 600, 300, "live-online" },
	{ 2, "Suicide Risk Assessment and Intervention", P_SW, "CA-BBS:1234",
	    "suicide-prevention", 600, 700, "live" },
	{ 3, "Care Coordination in Behavioral Health", P_INST, "NASW:886421",
	    "case-management", 1200, 250, "self-study" },
	{ 3, "Discharge Planning for Complex Patients", P_RMC, "ACMA:AC-3310",
	    "case-management", 1200, 750, "live" },

	/* Priya Natarajan: RN-CA at risk (12 of 30 h, 45 days left),
	 * CMGT-BC on track. */
	{ 4, "Heart Failure Readmissions", P_PAC, "CA-BRN:CEP-16789", NULL,
	    600, 300, "live-online" },
	{ 4, "Wound Care Essentials", P_PAC, "CA-BRN:CEP-16789", NULL, 600,
	    700, "self-study" },
	{ 5, "Nursing Case Management Review", P_INST, "ANCC:P0117", NULL,
	    1500, 200, "self-study" },
	{ 5, "Payer Systems and Authorizations", P_INST, "ANCC:P0117", NULL,
	    1500, 500, "live-online" },
	{ 5, "Population Health for Case Managers", P_RMC, "ANCC:P0117",
	    NULL, 1500, 800, "live" },

	/* Marcus Bell: CDMS in its grace period, RN-CA on track. */
	{ 6, "Disability Management Principles", P_INST, "CDMS:D-7701", NULL,
	    2000, 200, "self-study" },
	{ 6, "Return-to-Work Planning", P_INST, "CDMS:D-7702", NULL, 2600,
	    600, "live-online" },
	{ 6, "Ethics in Disability Management", P_INST, "CDMS:D-7703",
	    "ethics", 400, 900, "live-online" },
	{ 7, "Pain Management and Opioid Safety", P_PAC, "CA-BRN:CEP-16789",
	    NULL, 600, 300, "live" },
	{ 7, "Infection Prevention Refresher", P_PAC, "CA-BRN:CEP-16789",
	    NULL, 600, 800, "self-study" },

	/* Elena Vasquez: RN-CA lapsed 60 days ago. */
	{ 8, "Fall Prevention in Acute Care", P_PAC, "CA-BRN:CEP-16789",
	    NULL, 800, 400, "live" },
	{ 8, "Stroke Care Update", P_PAC, "CA-BRN:CEP-16789", NULL, 600,
	    800, "live-online" },

	/* Tomás Lindqvist: ACM-RN behind, RN-CA complete. */
	{ 9, "Case Management Models", P_INST, "ANCC:P0117",
	    "case-management", 600, 500, "self-study" },
	{ 10, "Critical Care Pharmacology", P_PAC, "CA-BRN:CEP-16789", NULL,
	    1000, 150, "live" },
	{ 10, "Chronic Kidney Disease Management", P_PAC, "CA-BRN:CEP-16789",
	    NULL, 1000, 450, "live-online" },
	{ 10, "End-of-Life Care Conversations", P_PAC, "CA-BRN:CEP-16789",
	    NULL, 1000, 750, "live" },

	/* Grace Whitfield: CCM retired, LCSW-CA on track. */
	{ 11, "Advanced Care Planning", P_INST, "CCMC:C-23001", NULL, 1500,
	    300, "self-study" },
	{ 11, "Ethics for Case Managers", P_INST, "CCMC:C-23002", "ethics",
	    800, 600, "live-online" },
	{ 12, "Law and Ethics Update", P_SW, "CA-BBS:1234", "law-ethics", 600,
	    400, "live-online" },
	{ 12, "Telehealth Practice Standards", P_SW, "CA-BBS:1234",
	    "telehealth", 300, 800, "self-study" },

	/* Hiroshi Tanaka: CCM behind (25 of 80 h), RN-CA complete. */
	{ 13, "Case Management Across the Continuum", P_INST, "CCMC:C-24410",
	    NULL, 1200, 200, "self-study" },
	{ 13, "Professional Ethics Refresher", P_RMC, "CCMC:C-24411",
	    "ethics", 300, 500, "live" },
	{ 13, "Care Transitions Toolkit", P_INST, "CCMC:C-24412", NULL, 1000,
	    800, "live-online" },
	{ 14, "Emergency Nursing Update", P_PAC, "CA-BRN:CEP-16789", NULL,
	    1100, 200, "live" },
	{ 14, "Diabetes Management Today", P_PAC, "CA-BRN:CEP-16789", NULL,
	    1000, 500, "live-online" },
	{ 14, "Patient Safety and Medical Errors", P_PAC, "CA-BRN:CEP-16789",
	    NULL, 1000, 800, "self-study" },

	/* Amara Osei: LCSW-CA at risk (20 days left), ACM-SW complete. */
	{ 15, "Law and Ethics for LCSWs", P_SW, "CA-BBS:1234", "law-ethics",
	    600, 200, "live" },
	{ 15, "Trauma-Informed Care", P_SW, "CA-BBS:1234", NULL, 800, 500,
	    "live-online" },
	{ 15, "Crisis Intervention Skills", P_SW, "CA-BBS:1234", NULL, 600,
	    800, "live" },
	{ 16, "Social Work Case Management Intensive", P_INST, "NASW:886421",
	    "case-management", 1600, 150, "live" },
	{ 16, "Hospital Discharge Planning", P_RMC, "ACMA:AC-3310",
	    "case-management", 1600, 450, "live" },
	{ 16, "Health Literacy in Practice", P_INST, "NASW:886421", NULL,
	    1000, 750, "self-study" },

	/* Jordan Pike: CMGT-BC lapsed, RN-CA on track. */
	{ 17, "Nursing Case Management Certification Review", P_INST,
	    "ANCC:P0117", NULL, 3000, 300, "self-study" },
	{ 17, "Quality Improvement in Case Management", P_INST, "ANCC:P0117",
	    NULL, 3000, 700, "live-online" },
	{ 18, "Cardiac Rhythm Interpretation", P_PAC, "CA-BRN:CEP-16789",
	    NULL, 800, 300, "live" },
	{ 18, "Geriatric Assessment", P_PAC, "CA-BRN:CEP-16789", NULL, 700,
	    800, "live-online" },

	/* Lena Marsh: RN-CA behind (4 of 30 h). */
	{ 19, "Respiratory Care Basics", P_PAC, "CA-BRN:CEP-16789", NULL,
	    400, 500, "self-study" },

	/* Owen Castillo: CDMS on track, RN-CA on track. */
	{ 20, "Vocational Rehabilitation Today", P_INST, "CDMS:D-7704", NULL,
	    2300, 200, "self-study" },
	{ 20, "Workers' Compensation Essentials", P_INST, "CDMS:D-7705", NULL,
	    2300, 600, "live-online" },
	{ 20, "Ethics in Disability Case Management", P_INST, "CDMS:D-7706",
	    "ethics", 400, 900, "live" },
	{ 21, "Telemetry Nursing Review", P_PAC, "CA-BRN:CEP-16789", NULL,
	    1000, 200, "live" },
	{ 21, "Behavioral Health in Medical Units", P_PAC, "CA-BRN:CEP-16789",
	    NULL, 900, 500, "live-online" },
	{ 21, "Antibiotic Stewardship", P_PAC, "CA-BRN:CEP-16789", NULL, 800,
	    800, "self-study" }
};

static const char demo_usage[] =
    "usage: cetrack demo [--as-of DATE]\n"
    "\n"
    "Fill an empty database with a fictional hospital case-management\n"
    "department: one organization, 12 people, their RN and LCSW licenses\n"
    "and CCM, ACM, CMGT-BC and CDMS certifications, and CE activities, so\n"
    "that on DATE (default " DEMO_AS_OF ") every state appears: complete,\n"
    "on_track, behind, at_risk, grace, lapsed and retired. Refused when\n"
    "the database already has people.\n"
    "\n"
    "  --as-of DATE   the day the states are planned for (dates are\n"
    "                 relative to it)\n";

static int	demo_valid_through(const struct program *, int, int);

static int
demo_valid_through(const struct program *p, int as_of, int offset)
{
	int	day;

	if (offset == DEMO_GRACE) {
		/* The latest deadline before as-of whose late period
		 * covers it; failing that, the latest one. */
		for (day = as_of - 1; day > as_of - PROG_DEADLINE_SEARCH_DAYS; day--)
			if (program_is_deadline(p, day) &&
			    as_of <= day + p->late_days)
				return day;
		for (day = as_of - 1; day > as_of - PROG_DEADLINE_SEARCH_DAYS; day--)
			if (program_is_deadline(p, day))
				return day;
		return as_of - 1;
	}
	/* As `cred add`: a valid-through must be one of the program's
	 * dates. */
	if ((day = program_next_deadline(p, as_of + offset)) == -1)
		return as_of + offset;
	return day;
}

int
cmd_demo(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "as-of",	required_argument,	NULL,	'a' },
		{ "help",	no_argument,		NULL,	'h' },
		{ NULL,		0,			NULL,	0 }
	};
	const struct demo_act	*da;
	const struct program	*prog;
	struct organization	 org;
	struct person		 p;
	struct credential	 cr[ARRAY_SIZE(demo_creds)];
	struct cycle		 cy[ARRAY_SIZE(demo_creds)];
	struct activity		 a;
	struct verification	 v;
	const char		*as_of_arg = DEMO_AS_OF, *colon;
	char			 err[1024], day[DATE_BUFSZ];
	int64_t			 people[ARRAY_SIZE(demo_people)], count;
	size_t			 i, n;
	int			 ch, as_of, end, grace_ok = 1;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			as_of_arg = optarg;
			break;
		case 'h':
			return cli_help(demo_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind != argc)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'; see "
		    "'cetrack demo --help'", argv[optind]);
	if (cli_date_arg(c, "--as-of", as_of_arg, &as_of) == -1)
		return EXIT_USAGE;
	for (i = 0; i < ARRAY_SIZE(demo_creds); i++) {
		if (programs_find(&c->progs, demo_creds[i].program) == NULL)
			return cli_error(c, EXIT_FAIL, "the demo needs the "
			    "program %s, which is not loaded; see 'cetrack "
			    "programs list'", demo_creds[i].program);
	}
	if (cli_open_db(c) == -1)
		return EXIT_FAIL;
	if (store_person_count(&c->db, &count, err, sizeof(err)) == -1)
		return cli_error(c, EXIT_FAIL, "%s", err);
	if (count > 0)
		return cli_error(c, EXIT_FAIL, "the database already has %"
		    PRId64 " %s; the demo fills an empty one only (try "
		    "'cetrack -d demo.db init' first)", count,
		    count == 1 ? "person" : "people");

	if (cli_begin(c) == -1)
		return EXIT_FAIL;
	memset(&org, 0, sizeof(org));
	(void)cet_strlcpy(org.name, DEMO_ORG, sizeof(org.name));
	(void)cet_strlcpy(org.contact_email, DEMO_CONTACT,
	    sizeof(org.contact_email));
	if (store_org_add(&c->db, &org, err, sizeof(err)) == -1)
		goto fail;
	for (i = 0; i < ARRAY_SIZE(demo_people); i++) {
		memset(&p, 0, sizeof(p));
		(void)cet_strlcpy(p.name, demo_people[i].name, sizeof(p.name));
		(void)cet_strlcpy(p.email, demo_people[i].email,
		    sizeof(p.email));
		(void)cet_strlcpy(p.external_id, demo_people[i].ext,
		    sizeof(p.external_id));
		p.org_id = org.id;
		p.active = 1;
		if (store_person_add(&c->db, &p, err, sizeof(err)) == -1)
			goto fail;
		people[i] = p.id;
	}
	for (i = 0; i < ARRAY_SIZE(demo_creds); i++) {
		prog = programs_find(&c->progs, demo_creds[i].program);
		memset(&cr[i], 0, sizeof(cr[i]));
		memset(&cy[i], 0, sizeof(cy[i]));
		cr[i].person_id = people[demo_creds[i].person];
		(void)cet_strlcpy(cr[i].program, prog->code,
		    sizeof(cr[i].program));
		(void)cet_strlcpy(cr[i].number, demo_creds[i].number,
		    sizeof(cr[i].number));
		(void)cet_strlcpy(cr[i].state, prog->jurisdiction,
		    sizeof(cr[i].state));
		cr[i].status = demo_creds[i].retired ? CRED_RETIRED :
		    CRED_ACTIVE;
		cy[i].valid_through = demo_valid_through(prog, as_of,
		    demo_creds[i].offset);
		if (demo_creds[i].offset == DEMO_GRACE &&
		    as_of > cy[i].valid_through + prog->late_days)
			grace_ok = 0;
		cy[i].start = program_cycle_start(prog,
		    cy[i].valid_through);
		cy[i].renewal_index = demo_creds[i].renewal_index;
		cy[i].closed = -1;
		if (store_cred_add(&c->db, &cr[i], &cy[i], err,
		    sizeof(err)) == -1)
			goto fail;
		if (demo_creds[i].verify == DEMO_V_NONE)
			continue;
		/* Checked at the board's lookup: three weeks into the
		 * cycle (not after as-of), or before the cycle began. */
		memset(&v, 0, sizeof(v));
		v.credential_id = cr[i].id;
		v.on = demo_creds[i].verify == DEMO_V_STALE ?
		    cy[i].start - 40 : cy[i].start + 21 < as_of ?
		    cy[i].start + 21 : as_of;
		(void)cet_strlcpy(v.by, DEMO_VERIFIER, sizeof(v.by));
		(void)cet_strlcpy(v.source, strncmp(cr[i].program, "RN", 2) ==
		    0 ? "Nursys QuickConfirm" : "https://search.dca.ca.gov/",
		    sizeof(v.source));
		if (store_verify_add(&c->db, &v, err, sizeof(err)) == -1)
			goto fail;
	}
	for (n = 0; n < ARRAY_SIZE(demo_acts); n++) {
		da = &demo_acts[n];
		i = (size_t)da->cred;
		memset(&a, 0, sizeof(a));
		a.person_id = cr[i].person_id;
		(void)cet_strlcpy(a.title, da->title, sizeof(a.title));
		(void)cet_strlcpy(a.provider, da->provider, sizeof(a.provider));
		(void)cet_strlcpy(a.format, da->format, sizeof(a.format));
		end = cy[i].valid_through < as_of ? cy[i].valid_through : as_of;
		a.date = cy[i].start + (int)((long long)(end - cy[i].start) *
		    da->at / 1000);
		a.amount.unit = HOURS_UNIT_HOUR;
		a.amount.centi = da->centi;
		colon = strchr(da->approval, ':');
		(void)cet_fmt(a.approvals[0].body, sizeof(a.approvals[0].body),
		    "%.*s", (int)(colon - da->approval), da->approval);
		(void)cet_strlcpy(a.approvals[0].number, colon + 1,
		    sizeof(a.approvals[0].number));
		a.napprovals = 1;
		if (da->topic != NULL) {
			(void)cet_strlcpy(a.topics[0].topic, da->topic,
			    sizeof(a.topics[0].topic));
			a.topics[0].centi = -1;
			a.ntopics = 1;
		}
		a.targets[0] = cr[i].id;
		a.ntargets = 1;
		if (store_activity_add(&c->db, &a, err, sizeof(err)) == -1)
			goto fail;
	}
	if (cli_commit(c) == -1)
		return EXIT_FAIL;
	printf("added the demo department \"%s\" (organization %" PRId64 "): "
	    "%zu people, %zu credentials, %zu activities, planned for %s\n",
	    org.name, org.id, ARRAY_SIZE(demo_people),
	    ARRAY_SIZE(demo_creds), ARRAY_SIZE(demo_acts),
	    date_format(as_of, day));
	printf("try: cetrack status --as-of %s\n", day);
	if (!grace_ok)
		cli_warn(c, "no program's grace period covers %s: the CDMS "
		    "credential meant to be in grace is lapsed", day);
	return EXIT_OK;
fail:
	cli_rollback(c);
	return cli_error(c, EXIT_FAIL, "%s", err);
}
