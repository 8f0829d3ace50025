/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for lib/import.c, lib/export.c and lib/store_org.c on a real
 * SQLite file in a temporary directory with the built-in rule packs: each
 * import shape, the roster's add/update/renew/remove rules (and that a row
 * left out removes nothing), transcripts (duplicates skipped), every bad
 * row of a file reported as FILE:LINE: COLUMN: problem with nothing kept,
 * and the export read back with the same ids (and renumbered into a
 * database that has data). Everyone here is fictional.
 */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "helpers.h"
#include "base/date.h"
#include "store/db.h"
#include "exchange/export.h"
#include "exchange/import.h"
#include "base/model.h"
#include "rules/programs.h"
#include "store/store.h"
#include "store/store_org.h"
#include "base/util.h"

static struct db		db;
static struct program_set	progs;
static char			dir[256], dbpath[512], err[1024];
static struct errlist		errs;
static struct errlist		warns;
static struct import_counts	counts;
static int			today;

static void
setup(void)
{
	struct errlist	perrs = { NULL, 0 };

	cr_assert_eq(unsetenv("SUDO_USER"), 0);
	cr_assert_eq(setenv("USER", "dreyes", 1), 0);
	scratch_make(dir, sizeof(dir), "import");
	(void)snprintf(dbpath, sizeof(dbpath), "%s/t.db", dir);
	cr_assert_eq(db_open(&db, dbpath, DB_OPEN_CREATE, err, sizeof(err)),
	    0, "%s", err);
	cr_assert_eq(db_migrate(&db, NULL, NULL, err, sizeof(err)), 0, "%s",
	    err);
	cr_assert_eq(programs_load(&progs, NULL, &perrs), 0);
	errlist_free(&perrs);
	cr_assert_eq(date_parse_iso("2026-11-24", &today), 0);
	memset(&errs, 0, sizeof(errs));
}

static void
teardown(void)
{

	errlist_free(&errs);
	db_close(&db);
	programs_free(&progs);
	scratch_remove(dir);
}

TestSuite(import, .init = setup, .fini = teardown);

static const char *
write_file(const char *name, const char *text)
{
	static char	path[4][600];
	static int	next;
	char		*p = path[next++ % 4];
	FILE		*f;

	(void)snprintf(p, sizeof(path[0]), "%s/%s", dir, name);
	cr_assert_not_null(f = fopen(p, "w"));
	cr_assert_eq(fputs(text, f) >= 0, 1);
	cr_assert_eq(fclose(f), 0);
	return p;
}

/* Import in a transaction; commit when good (and not dry), else roll
 * back. Returns import_run's result. */
static int
run(const char *path, int dry)
{
	struct import_opts	 o;
	struct import		*imp;
	int			 rc;

	memset(&o, 0, sizeof(o));
	o.path = path;
	o.dry_run = dry;
	o.today = today;
	o.progs = &progs;
	o.cert_max = 0;	/* CERT_MAX_LIMIT */
	o.warns = &warns;
	errlist_free(&errs);
	errlist_free(&warns);
	cr_assert_eq(db_begin(&db, err, sizeof(err)), 0, "%s", err);
	imp = import_new(&o);
	rc = import_run(imp, &db, &counts, &errs, err, sizeof(err));
	if (rc == 0 && !dry)
		cr_assert_eq(db_commit(&db, err, sizeof(err)), 0, "%s", err);
	else
		db_rollback(&db);
	import_free(imp);
	return rc;
}

static int64_t
add_org(const char *name)
{
	struct organization	o;

	memset(&o, 0, sizeof(o));
	(void)cet_strlcpy(o.name, name, sizeof(o.name));
	(void)cet_strlcpy(o.contact_email, "hr@example.org",
	    sizeof(o.contact_email));
	cr_assert_eq(store_org_add(&db, &o, err, sizeof(err)), 0, "%s", err);
	return o.id;
}

/* The problems found, with TEST_VERBOSE set (for debugging a test). */
static void
dump_errs(void)
{
	size_t	i;

	if (getenv("TEST_VERBOSE") == NULL)
		return;
	for (i = 0; i < errs.n; i++)
		fprintf(stderr, "  %s\n", errs.v[i]);
}

#define ROSTER_HEADER "action,org,external_id,name,email,program,number," \
	"state,valid_through,cycle_start,renewal_index,attrs\n"
#define TRANSCRIPT_HEADER "external_id,name,date,title,provider,hours," \
	"format,topics,approvals,certificate\n"

static const char roster[] = ROSTER_HEADER
    "A,Mercy Example Health,E-1001,Dana Reyes,dana.reyes@example.org,CCM,"
    "CCM-100234,,2027-05-31,,2,\n"
    "A,Mercy Example Health,E-1001,Dana Reyes,,RN-CA,RN-654321,ca,"
    "2026-08-31,,3,direct-care;Supervisor\n"
    "A,Mercy Example Health,E-1002,\"Okafor, Sam\",sam.okafor@example.org,"
    "LCSW-CA,LCSW-80412,,2027-03-31,2025-04-01,2,\n"
    "A,Mercy Example Health,E-1003,Marcus Bell,,,,,,,,\n";

/* -- organizations --------------------------------------------------- */

Test(import, org_add_find_list)
{
	struct organization	 o, *v;
	struct person		*pv;
	size_t			 n;
	int64_t			 id;
	int			 found;

	id = add_org("Mercy Example Health");
	cr_assert_eq(store_org_find(&db, "Mercy Example Health", &o, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(o.id, id);
	cr_assert_str_eq(o.contact_email, "hr@example.org");
	cr_assert_eq(strlen(o.created), 20);
	cr_assert_eq(store_org_find(&db, "1", &o, err, sizeof(err)), 0);
	cr_assert_str_eq(o.name, "Mercy Example Health");
	cr_assert_eq(store_org_find(&db, "Nowhere", &o, err, sizeof(err)), -1);
	cr_assert_str_eq(err, "no organization matches 'Nowhere'");
	cr_assert_eq(store_org_get(&db, 42, &o, err, sizeof(err)), -1);
	cr_assert_str_eq(err, "no organization with id 42");
	/* Names are unique. */
	memset(&o, 0, sizeof(o));
	(void)cet_strlcpy(o.name, "Mercy Example Health", sizeof(o.name));
	cr_assert_eq(store_org_add(&db, &o, err, sizeof(err)), -1);
	cr_assert_str_eq(err, "organization 'Mercy Example Health' already "
	    "exists (id 1)");
	cr_assert_eq(store_org_by_name(&db, "mercy example health", &o,
	    &found, err, sizeof(err)), 0);
	cr_assert_eq(found, 0, "names match exactly");
	(void)add_org("Valley Example Clinic");
	cr_assert_eq(store_org_list(&db, &v, &n, err, sizeof(err)), 0);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(v[1].name, "Valley Example Clinic");
	free(v);
	cr_assert_eq(store_org_people(&db, id, &pv, &n, err, sizeof(err)), 0);
	cr_assert_eq(n, 0);
	free(pv);
	/* Each add is audited. */
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM audit WHERE entity = "
	    "'organization'"), 2);
}

/* -- roster ---------------------------------------------------------- */

Test(import, roster_adds_people_and_credentials)
{
	struct person		 p;
	struct credential	 c;
	struct cycle		 y;
	char			 d[DATE_BUFSZ];
	int			 found;
	int64_t			 org;

	org = add_org("Mercy Example Health");
	cr_assert_eq(run(write_file("r.csv", roster), 0), 0, "%s", err);
	cr_assert_eq(counts.shape, IMPORT_ROSTER);
	cr_assert_eq(counts.records, 4);
	cr_assert_eq(counts.people_added, 3);
	cr_assert_eq(counts.creds_added, 3);
	cr_assert_eq(store_person_by_ext(&db, org, "E-1002", &p, &found, err,
	    sizeof(err)), 0);
	cr_assert_eq(found, 1);
	cr_assert_str_eq(p.name, "Okafor, Sam");
	cr_assert_eq(p.org_id, org);
	cr_assert_eq(store_cred_by_key(&db, "RN-CA", "CA", "RN-654321", &c,
	    &found, err, sizeof(err)), 0);
	cr_assert_eq(found, 1, "the state was upper-cased");
	cr_assert_str_eq(c.attrs, "direct-care,supervisor");
	cr_assert_eq(store_cycle_open(&db, c.id, &y, err, sizeof(err)), 0);
	cr_assert_str_eq(date_format(y.start, d), "2024-09-01",
	    "one cycle before valid-through");
	cr_assert_eq(y.renewal_index, 3);
	cr_assert_eq(store_cred_by_key(&db, "LCSW-CA", "CA", "LCSW-80412", &c,
	    &found, err, sizeof(err)), 0);
	cr_assert_eq(store_cycle_open(&db, c.id, &y, err, sizeof(err)), 0);
	cr_assert_str_eq(date_format(y.start, d), "2025-04-01");
	/* The audit log has the import and every row's change. */
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM audit WHERE action = "
	    "'import'"), 1);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM audit WHERE entity = "
	    "'credential'"), 3);
}

Test(import, roster_twice_changes_nothing)
{
	(void)add_org("Mercy Example Health");
	cr_assert_eq(run(write_file("r.csv", roster), 0), 0);
	cr_assert_eq(run(write_file("r.csv", roster), 0), 0);
	cr_assert_eq(counts.people_added + counts.people_updated +
	    counts.creds_added + counts.creds_updated + counts.creds_renewed,
	    0);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM person"), 3);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM cycle"), 3);
}

Test(import, roster_updates_renews_and_leaves_missing_rows)
{
	struct cycle	*v;
	size_t		 n;
	char		 a[DATE_BUFSZ];

	(void)add_org("Mercy Example Health");
	cr_assert_eq(run(write_file("r.csv", roster), 0), 0);
	/* Dana renamed and her RN renewed; Sam and Marcus not in the file. */
	cr_assert_eq(run(write_file("r2.csv", ROSTER_HEADER
	    "A,Mercy Example Health,E-1001,Dana Reyes-Moreno,,RN-CA,"
	    "RN-654321,CA,2028-08-31,,,\n"), 0), 0, "%s", err);
	dump_errs();
	cr_assert_eq(counts.people_updated, 1);
	cr_assert_eq(counts.creds_renewed, 1);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM person"), 3,
	    "a person left out of the file is kept");
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM credential"), 3,
	    "a credential left out of the file is kept");
	cr_assert_eq(store_cycle_list(&db, 2, &v, &n, err, sizeof(err)), 0);
	cr_assert_eq(n, 2, "history is kept");
	cr_assert_str_eq(v[0].outcome, "ce");
	cr_assert_str_eq(date_format(v[0].closed, a), "2026-08-31");
	cr_assert_str_eq(date_format(v[1].start, a), "2026-09-01");
	cr_assert_eq(v[1].renewal_index, 4);
	free(v);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM person WHERE name = "
	    "'Dana Reyes-Moreno' AND email = 'dana.reyes@example.org'"), 1,
	    "an empty email keeps the stored one");

	/* A cycle is not moved back. */
	cr_assert_eq(run(write_file("r3.csv", ROSTER_HEADER
	    "A,Mercy Example Health,E-1001,Dana Reyes-Moreno,,RN-CA,"
	    "RN-654321,CA,2026-08-31,,,\n"), 0), 1);
	cr_assert_eq(errs.n, 1);
	cr_assert(strstr(errs.v[0], ":2: valid_through: 2026-08-31 is before "
	    "the current cycle's valid-through 2028-08-31") != NULL, "%s",
	    errs.v[0]);
}

Test(import, roster_removes_credentials_and_people)
{
	(void)add_org("Mercy Example Health");
	cr_assert_eq(run(write_file("r.csv", roster), 0), 0);
	cr_assert_eq(run(write_file("rm.csv", ROSTER_HEADER
	    "R,Mercy Example Health,E-1001,,,RN-CA,RN-654321,,,,,\n"
	    "R,Mercy Example Health,E-1003,Marcus Bell,,,,,,,,\n"), 0), 0,
	    "%s", err);
	dump_errs();
	cr_assert_eq(counts.creds_removed, 1);
	cr_assert_eq(counts.people_removed, 1);
	/* The person is deactivated, with their history (issue 15). */
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM person WHERE "
	    "active = 1"), 2);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM person"), 3);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM credential WHERE "
	    "program = 'RN-CA'"), 0);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM credential WHERE "
	    "program = 'CCM'"), 1, "her other credential stays");
	/*
	 * Removing what is not there is a warning, not an error and not a
	 * silent no-op, so a roster can be sent twice; a name that does not
	 * match is still an error.
	 */
	cr_assert_eq(run(write_file("rm2.csv", ROSTER_HEADER
	    "R,Mercy Example Health,E-1001,,,RN-CA,RN-654321,,,,,\n"
	    "R,Mercy Example Health,E-9999,,,,,,,,,\n"
	    "R,Mercy Example Health,E-1003,,,,,,,,,\n"), 0), 0, "%s", err);
	cr_assert_eq(warns.n, 3);
	cr_assert_eq(counts.removals_skipped, 3);
	cr_assert(strstr(warns.v[0], ":2: number: Dana Reyes has no credential "
	    "RN-CA CA RN-654321 to remove; row skipped") != NULL, "%s",
	    warns.v[0]);
	cr_assert(strstr(warns.v[1], ":3: external_id: no person with external "
	    "id 'E-9999' in Mercy Example Health to remove") != NULL, "%s",
	    warns.v[1]);
	cr_assert(strstr(warns.v[2], ":4: external_id: already removed: "
	    "external id 'E-1003'") != NULL, "%s", warns.v[2]);
	cr_assert_eq(run(write_file("rm3.csv", ROSTER_HEADER
	    "R,Mercy Example Health,E-1002,Sam Okafor,,,,,,,,\n"), 0), 1);
	cr_assert_eq(errs.n, 1);
	cr_assert(strstr(errs.v[0], ":2: name: 'Sam Okafor' is not the name "
	    "of the person with external id 'E-1002' (Okafor, Sam)") != NULL,
	    "%s", errs.v[0]);
}

Test(import, roster_refuses_a_credential_of_someone_else)
{
	(void)add_org("Mercy Example Health");
	cr_assert_eq(run(write_file("r.csv", roster), 0), 0);
	cr_assert_eq(run(write_file("steal.csv", ROSTER_HEADER
	    "A,Mercy Example Health,E-1003,Marcus Bell,,CCM,CCM-100234,,"
	    "2027-05-31,,,\n"), 0), 1);
	cr_assert_eq(errs.n, 1);
	cr_assert(strstr(errs.v[0], ": number: credential CCM CCM-100234 "
	    "belongs to person 1") != NULL, "%s", errs.v[0]);
}

Test(import, every_bad_row_is_reported_and_nothing_kept)
{
	const char	*path;
	char		 want[1024];
	size_t		 i;
	static const char *const expected[] = {
	    ":2: valid_through: 2027-02-30 is not a real date",
	    ":3: name: contains a line break or control character",
	    ":3: email: 'owen@' is not an email address, expected NAME@DOMAIN",
	    ":5: action: 'X' is not an action, expected A (add or update) or "
	    "R (remove)",
	    ":5: program: unknown program 'XYZ'",
	    ":5: renewal_index: '0' is not a renewal index",
	    ":6: org: no organization matches 'Nowhere Example Clinic'",
	    ":6: valid_through: 2027-06-15 is not a deadline of CCM, expected "
	    "May 31 or Nov 30",
	    ":7: state: TX is not the jurisdiction of RN-CA, expected CA",
	    ":8: record: 3 fields, expected 12 as in the header"
	};

	(void)add_org("Mercy Example Health");
	path = write_file("bad.csv", ROSTER_HEADER
	    "A,Mercy Example Health,E-2001,Lena Marsh,,RN-CA,RN-690035,CA,"
	    "2027-02-30,,2,\r\n"
	    "A,Mercy Example Health,E-2002,\"Owen\r\nCastillo\",owen@,CCM,"
	    "CCM-555,,2027-05-31,,2,\r\n"
	    "X,Mercy Example Health,E-2003,Hiroshi Tanaka,,XYZ,N-1,,,,0,\r\n"
	    "A,Nowhere Example Clinic,E-2004,Amara Osei,,CCM,CCM-103377,,"
	    "2027-06-15,,1,\r\n"
	    "A,Mercy Example Health,E-2005,Jordan Pike,,RN-CA,RN-655720,TX,"
	    "2027-04-01,,2,\r\n"
	    "A,too,few\r\n"
	    "A,Mercy Example Health,E-2006,Good Row,,,,,,,,\r\n");
	cr_assert_eq(run(path, 0), 1);
	dump_errs();
	cr_assert_eq(errs.n, ARRAY_SIZE(expected));
	for (i = 0; i < ARRAY_SIZE(expected); i++) {
		(void)snprintf(want, sizeof(want), "%s%s", path, expected[i]);
		cr_assert(strncmp(errs.v[i], want, strlen(want)) == 0,
		    "line %zu: got '%s', expected '%s...'", i, errs.v[i], want);
	}
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM person"), 0,
	    "the good row was rolled back too");
}

Test(import, dry_run_counts_and_keeps_nothing)
{
	(void)add_org("Mercy Example Health");
	cr_assert_eq(run(write_file("r.csv", roster), 1), 0);
	cr_assert_eq(counts.people_added, 3);
	cr_assert_eq(counts.creds_added, 3);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM person"), 0);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM audit WHERE action = "
	    "'import'"), 0);
}

Test(import, header_problems)
{
	cr_assert_eq(run(write_file("h.csv", "name,favourite colour\nx,y\n"),
	    0), 1);
	cr_assert_eq(errs.n, 1);
	cr_assert(strstr(errs.v[0], "h.csv:1: header: not a header cetrack "
	    "knows") != NULL, "%s", errs.v[0]);
	cr_assert_eq(run(write_file("h2.csv", "action,org,external_id,name,"
	    "colour,name\n"), 0), 1);
	cr_assert_eq(errs.n, 2);
	cr_assert(strstr(errs.v[0], "h2.csv:1: colour: not a column of a "
	    "roster file") != NULL, "%s", errs.v[0]);
	cr_assert(strstr(errs.v[1], "h2.csv:1: name: the column is given "
	    "twice") != NULL, "%s", errs.v[1]);
	cr_assert_eq(run(write_file("h3.csv", ""), 0), 1);
	cr_assert(strstr(errs.v[0], "h3.csv:1: header: the file is empty") !=
	    NULL, "%s", errs.v[0]);
	/* Columns may come in any order, in any case, with spaces. */
	(void)add_org("Mercy Example Health");
	cr_assert_eq(run(write_file("h4.csv", " Name ,External_ID,ACTION,org\n"
	    "Dana Reyes,E-1,a,Mercy Example Health\n"), 0), 0, "%s", err);
	dump_errs();
	cr_assert_eq(counts.people_added, 1);
}

Test(import, bad_utf8_and_syntax_errors)
{
	(void)add_org("Mercy Example Health");
	cr_assert_eq(run(write_file("u.csv", ROSTER_HEADER
	    "A,Mercy Example Health,E-1,Zo\xe9 Martin,,,,,,,,\n"), 0), 1);
	cr_assert_eq(errs.n, 1);
	cr_assert(strstr(errs.v[0], "u.csv:2: name: not valid UTF-8") != NULL,
	    "%s", errs.v[0]);
	/* A stray quote ends the file; the rows before it still report. */
	cr_assert_eq(run(write_file("q.csv", ROSTER_HEADER
	    "Z,Mercy Example Health,E-1,Dana,,,,,,,,\n"
	    "A,Mercy Example Health,E-2,Dana \"D\" Reyes,,,,,,,,\n"
	    "A,Mercy Example Health,E-3,Sam,,,,,,,,\n"), 0), 1);
	dump_errs();
	cr_assert_eq(errs.n, 2);
	cr_assert(strstr(errs.v[0], "q.csv:2: action:") != NULL, "%s",
	    errs.v[0]);
	cr_assert(strstr(errs.v[1], "q.csv:3: name: a quote inside an unquoted "
	    "field") != NULL, "%s", errs.v[1]);
	/* A BOM and CRLF are fine. */
	cr_assert_eq(run(write_file("b.csv", "\xef\xbb\xbf" "action,org,"
	    "external_id,name\r\nA,Mercy Example Health,E-1,Zo\xc3\xab "
	    "Martin\r\n"), 0), 0, "%s", err);
	cr_assert_eq(counts.people_added, 1);
}

/* -- transcript ------------------------------------------------------ */

static const char transcript[] = TRANSCRIPT_HEADER
    "E-1001,Dana Reyes,2025-03-12,Ethics in Care Transitions,Example CE "
    "Institute,1.5,live-online,ethics,CCMC:C-12345;ca-brn:CEP-16789,\n"
    "E-1001,,2023-04-01,Case Management Foundations,,20,,,CCMC:C-20001,\n"
    ",\"Okafor, Sam\",2026-02-10,\"Law and Ethics, Part 1\",,90m,live,"
    "law-ethics=60m,CA-BBS:1234,\n";

Test(import, transcript_adds_activities_once)
{
	struct activity	*v;
	size_t		 n;

	(void)add_org("Mercy Example Health");
	cr_assert_eq(run(write_file("r.csv", roster), 0), 0);
	cr_assert_eq(run(write_file("t.csv", transcript), 0), 0, "%s", err);
	dump_errs();
	cr_assert_eq(counts.shape, IMPORT_TRANSCRIPT);
	cr_assert_eq(counts.acts_added, 3);
	cr_assert_eq(store_activity_list(&db, 1, INT_MIN, INT_MAX, &v, &n, err,
	    sizeof(err)), 0);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(v[1].title, "Ethics in Care Transitions");
	cr_assert_str_eq(v[1].format, "live-online");
	cr_assert_eq(v[1].amount.centi, 150);
	cr_assert_eq(v[1].napprovals, 2);
	cr_assert_str_eq(v[1].approvals[0].body, "CA-BRN");
	cr_assert_str_eq(v[1].approvals[1].number, "C-12345");
	cr_assert_eq(v[1].ntopics, 1);
	cr_assert_eq(v[1].topics[0].centi, -1);
	cr_assert_str_eq(v[0].format, "live", "the default format");
	free(v);
	cr_assert_eq(store_activity_list(&db, 2, INT_MIN, INT_MAX, &v, &n, err,
	    sizeof(err)), 0);
	cr_assert_eq(n, 1);
	cr_assert_eq(v[0].amount.unit, HOURS_UNIT_MINUTE);
	cr_assert_eq(v[0].topics[0].centi, 6000);
	free(v);
	/* The same transcript again adds nothing. */
	cr_assert_eq(run(write_file("t.csv", transcript), 0), 0);
	cr_assert_eq(counts.acts_added, 0);
	cr_assert_eq(counts.acts_same, 3);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM activity"), 3);
}

Test(import, transcript_rows_checked_as_ce_log)
{
	(void)add_org("Mercy Example Health");
	cr_assert_eq(run(write_file("r.csv", roster), 0), 0);
	cr_assert_eq(run(write_file("t.csv", TRANSCRIPT_HEADER
	    "E-1001,,2026-11-25,Tomorrow's Course,,1,,,,\n"
	    "E-1001,,2026-01-05,Too Long,,101,,,,\n"
	    "E-1001,,2026-01-05,Bad Hours,,1.555,,,,\n"
	    "E-1001,,2026-01-05,Topics,,1,,ethics=2,,\n"
	    "E-1001,,2026-01-05,Format,,1,webinar,,,\n"
	    "E-1001,,2026-01-05,Approval,,1,,,CCMC:1;ccmc:2,\n"
	    "E-4040,,2026-01-05,Nobody,,1,,,,\n"
	    "E-1001,Sam Okafor,2026-01-05,Wrong Name,,1,,,,\n"
	    ",,2026-01-05,No One,,1,,,,\n"
	    "E-1001,,2026-01-05,,,1,,,,\n"), 0), 1);
	dump_errs();
	cr_assert_eq(errs.n, 10);
	cr_assert(strstr(errs.v[0], "t.csv:2: date: 2026-11-25 is in the "
	    "future, expected a completion date on or before 2026-11-24") !=
	    NULL, "%s", errs.v[0]);
	cr_assert(strstr(errs.v[1], "t.csv:3: hours: 101h (101 h) is more "
	    "than one activity can carry (at most 100 h)") != NULL, "%s",
	    errs.v[1]);
	cr_assert(strstr(errs.v[2], "t.csv:4: hours: '1.555' is not an "
	    "amount") != NULL, "%s", errs.v[2]);
	cr_assert(strstr(errs.v[3], "t.csv:5: topics: topic hours (2h) exceed "
	    "the activity's hours (1h)") != NULL, "%s", errs.v[3]);
	cr_assert(strstr(errs.v[4], "t.csv:6: format: 'webinar' is not a "
	    "format") != NULL, "%s", errs.v[4]);
	cr_assert(strstr(errs.v[5], "t.csv:7: approvals: CCMC is given twice")
	    != NULL, "%s", errs.v[5]);
	cr_assert(strstr(errs.v[6], "t.csv:8: external_id: no person with "
	    "external id 'E-4040'") != NULL, "%s", errs.v[6]);
	cr_assert(strstr(errs.v[7], "t.csv:9: name: 'Sam Okafor' is not the "
	    "name of the person with external id 'E-1001' (Dana Reyes)") !=
	    NULL, "%s", errs.v[7]);
	cr_assert(strstr(errs.v[8], "t.csv:10: external_id: empty") != NULL,
	    "%s", errs.v[8]);
	cr_assert(strstr(errs.v[9], "t.csv:11: title: empty") != NULL, "%s",
	    errs.v[9]);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM activity"), 0);
}

/* -- export ---------------------------------------------------------- */

static void
export_to(const char *name, enum export_format fmt, char *path, size_t len)
{
	struct export_counts	 xc;
	FILE			*f;

	(void)snprintf(path, len, "%s/%s", dir, name);
	cr_assert_not_null(f = fopen(path, "w"));
	cr_assert_eq(export_write(&db, f, fmt, &xc, err, sizeof(err)), 0, "%s",
	    err);
	cr_assert_eq(fclose(f), 0);
}

/* Fill the database with every kind of row: closed cycles, targets,
 * topics with amounts, a notification. */
static void
fill(void)
{
	struct cycle	next;

	(void)add_org("Mercy Example Health");
	cr_assert_eq(run(write_file("r.csv", roster), 0), 0);
	cr_assert_eq(run(write_file("t.csv", transcript), 0), 0);
	memset(&next, 0, sizeof(next));
	cr_assert_eq(date_parse_iso("2026-09-01", &next.start), 0);
	cr_assert_eq(date_parse_iso("2028-08-31", &next.valid_through), 0);
	next.renewal_index = 4;
	next.carry_in = 250;
	cr_assert_eq(store_cred_renew(&db, 2, next.start - 1, "ce", &next, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(sqlite3_exec(db.h, "INSERT INTO activity_target (activity_id, "
	    "credential_id, person_id) SELECT 1, 1, person_id FROM activity "
	    "WHERE id = 1; "
	    /* A key as cetrackd makes it: import makes it again (issue 16). */
	    "INSERT INTO notification (dedup_key, credential_id, "
	    "cycle_id, event, channel, recipient, subject, body, status, "
	    "created, updated) VALUES ('1:1:before-90:email:dana.reyes@"
	    "example.org', 1, 1, 'before-90', 'email', "
	    "'dana.reyes@example.org', 'CCM: 90 days', 'line one\nline \"two\""
	    ", with a comma', 'sent', '2026-11-01T09:00:00Z', "
	    "'2026-11-01T09:00:05Z'); UPDATE credential SET remind_before = '' "
	    "WHERE id = 3; UPDATE credential SET remind_after = '7,30' WHERE "
	    "id = 1", NULL, NULL, NULL), SQLITE_OK, "%s",
	    sqlite3_errmsg(db.h));
}

Test(import, export_header_covers_every_column)
{
	size_t	r, i;

	for (r = 0; r < export_nrecs; r++)
		for (i = 0; i < export_recs[r].ncols; i++)
			cr_assert_geq(export_header_find(
			    export_recs[r].cols[i].name), 0, "%s.%s",
			    export_recs[r].record, export_recs[r].cols[i].name);
}

Test(import, export_import_export_is_identical)
{
	char	a[600], b[600], *ta, *tb;

	fill();
	export_to("e1.csv", EXPORT_CSV, a, sizeof(a));
	ta = slurp(a, NULL);
	cr_assert(strstr(ta, "\r\nnotification,1,") != NULL);
	cr_assert(strstr(ta, "\"line one\nline \"\"two\"\", with a comma\"") !=
	    NULL, "multi-line text is quoted");
	cr_assert(strstr(ta, ",none,") != NULL, "an empty day list");

	/* Into a fresh database: the same ids, the same bytes. */
	db_close(&db);
	(void)snprintf(dbpath, sizeof(dbpath), "%s/fresh.db", dir);
	cr_assert_eq(db_open(&db, dbpath, DB_OPEN_CREATE, err, sizeof(err)),
	    0);
	cr_assert_eq(db_migrate(&db, NULL, NULL, err, sizeof(err)), 0);
	cr_assert_eq(run(a, 0), 0, "%s", err);
	dump_errs();
	cr_assert_eq(counts.shape, IMPORT_EXPORT);
	cr_assert_eq(counts.ids_kept, 1);
	cr_assert_eq(counts.rows[3], 4, "every cycle, the closed one too");
	export_to("e2.csv", EXPORT_CSV, b, sizeof(b));
	tb = slurp(b, NULL);
	cr_assert_str_eq(ta, tb);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM credential WHERE "
	    "remind_before = ''"), 1, "'' and NULL stay apart");
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM credential WHERE "
	    "remind_before IS NULL"), 2);
	free(ta);
	free(tb);
}

Test(import, export_into_a_database_with_data_renumbers)
{
	char	a[600];

	fill();
	export_to("e1.csv", EXPORT_CSV, a, sizeof(a));
	db_close(&db);
	(void)snprintf(dbpath, sizeof(dbpath), "%s/other.db", dir);
	cr_assert_eq(db_open(&db, dbpath, DB_OPEN_CREATE, err, sizeof(err)),
	    0);
	cr_assert_eq(db_migrate(&db, NULL, NULL, err, sizeof(err)), 0);
	(void)add_org("Valley Example Clinic");
	cr_assert_eq(run(write_file("v.csv", ROSTER_HEADER
	    "A,Valley Example Clinic,V-1,Lena Marsh,,RN-CA,RN-690035,CA,"
	    "2027-01-31,,2,\n"), 0), 0);
	cr_assert_eq(run(a, 0), 0, "%s", err);
	dump_errs();
	cr_assert_eq(counts.ids_kept, 0);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM person"), 4);
	/* Dana's activity still targets Dana's CCM, whatever its new id. */
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM activity_target g JOIN "
	    "activity a ON a.id = g.activity_id JOIN credential c ON c.id = "
	    "g.credential_id WHERE c.number = 'CCM-100234' AND a.person_id = "
	    "c.person_id"), 1);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM notification n JOIN "
	    "cycle y ON y.id = n.cycle_id WHERE y.credential_id = "
	    "n.credential_id"), 1);
	cr_assert_eq(query_int(&db, "SELECT max(id) FROM organization"), 2);
}

Test(import, export_rows_checked)
{
	const char	*path;

	/* A partial header is fine: missing columns are empty. */
	path = write_file("x.csv", "record,id,name,created,person_id,title,"
	    "completed,format,unit,amount,active,org_id\n"
	    "org,1,Mercy Example Health,2026-01-01T00:00:00Z,,,,,,,,\n"
	    "person,1,Dana Reyes,2026-01-01T00:00:00Z,,,,,,,1,1\n"
	    "person,2,Sam Okafor,2026-13-01T00:00:00Z,,,,,,,2,\n"
	    "person,3,Lena Marsh,2026-01-01T00:00:00Z,,,,,,,1,7\n"
	    "activity,1,,2026-01-01T00:00:00Z,1,Course,2099-01-01,live,hour,"
	    "1.5,,\n"
	    "widget,1,,,,,,,,,,\n"
	    "org,2,Again,2026-01-01T00:00:00Z,,Title,,,,,,\n"
	    "org,1,Twice,2026-01-01T00:00:00Z,,,,,,,,\n");
	cr_assert_eq(run(path, 0), 1);
	dump_errs();
	cr_assert_eq(errs.n, 7);
	cr_assert(strstr(errs.v[0], "x.csv:4: active: '2' is not 0 or 1") !=
	    NULL, "%s", errs.v[0]);
	cr_assert(strstr(errs.v[1], "x.csv:4: created: '2026-13-01T00:00:00Z' "
	    "is not a time") != NULL, "%s", errs.v[1]);
	cr_assert(strstr(errs.v[2], "x.csv:5: org_id: no org with id 7 "
	    "earlier in the file") != NULL, "%s", errs.v[2]);
	cr_assert(strstr(errs.v[3], "x.csv:6: completed: 2099-01-01 is in the "
	    "future") != NULL, "%s", errs.v[3]);
	cr_assert(strstr(errs.v[4], "x.csv:7: record: 'widget' is not a "
	    "record type") != NULL, "%s", errs.v[4]);
	cr_assert(strstr(errs.v[5], "x.csv:8: title: not a column of org "
	    "records, expected it empty") != NULL, "%s", errs.v[5]);
	cr_assert(strstr(errs.v[6], "x.csv:9: id: org 1 is given twice") !=
	    NULL, "%s", errs.v[6]);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM organization"), 0);
}

Test(import, json_export_nests_children)
{
	char		 a[600];
	json_t		*j, *c, *act;
	json_error_t	 je;

	fill();
	export_to("e.json", EXPORT_JSON, a, sizeof(a));
	cr_assert_not_null(j = json_load_file(a, 0, &je), "%s", je.text);
	cr_assert_str_eq(json_string_value(json_object_get(j, "format")),
	    "cetrack-export");
	cr_assert_eq(json_array_size(json_object_get(j, "people")), 3);
	c = json_array_get(json_object_get(j, "credentials"), 1);
	cr_assert_eq(json_array_size(json_object_get(c, "cycles")), 2);
	cr_assert(json_is_null(json_object_get(json_array_get(
	    json_object_get(c, "cycles"), 1), "closed")));
	cr_assert_eq(json_real_value(json_object_get(json_array_get(
	    json_object_get(c, "cycles"), 1), "carry_in")), 2.5);
	act = json_array_get(json_object_get(j, "activities"), 0);
	cr_assert_eq(json_array_size(json_object_get(act, "approvals")), 2);
	cr_assert_eq(json_array_size(json_object_get(act, "targets")), 1);
	cr_assert(json_is_true(json_object_get(json_array_get(
	    json_object_get(j, "people"), 0), "active")));
	cr_assert_eq(json_array_size(json_object_get(j, "notifications")), 1);
	json_decref(j);
}
