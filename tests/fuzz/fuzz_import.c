/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target for `cetrack import` (lib/exchange/import.h
 * import_run): the input is written to a CSV file in a scratch directory
 * and imported, as the command does, inside a transaction that is then
 * rolled back, so that every input starts from the same database.
 *
 * There are two in-memory databases of the current schema, made once: an
 * empty one, and one that holds an organization and the people and
 * credentials of a small roster (so that transcript rows find their people). An export goes to
 * either, by the parity of its length: into the empty one it keeps its
 * ids, into the other it is renumbered. The scratch directory holds a
 * small PDF, certs/ethics-2025.pdf, for the certificate column.
 *
 * Properties: import_run answers 0 with no problem, 1 with problems (each
 * "FILE:LINE: ..."), and never -1 (the file is there and the
 * database is sound); the transaction is still open for the caller to end;
 * and no problem is the database's own refusal (a constraint failure
 * that SQLite logged and the problem repeats): bad input is caught by
 * the import's checks, which name the column and the accepted form,
 * before SQLite's constraints see it.
 */
#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "harness.h"
#include "base/date.h"
#include "base/util.h"
#include "exchange/import.h"
#include "rules/programs.h"
#include "store/db.h"
#include "store/store_org.h"

#define FUZZ_CERT_MAX	(64 * 1024)

static const char fuzz_roster[] =
    "action,org,external_id,name,email,program,number,state,valid_through,"
    "cycle_start,renewal_index,attrs\n"
    "A,Mercy Example Health,E-1001,Dana Reyes,dana.reyes@example.org,CCM,"
    "CCM-100234,,2027-05-31,,2,\n"
    "A,Mercy Example Health,E-1001,Dana Reyes,,RN-CA,RN-654321,ca,"
    "2026-08-31,,3,\n"
    "A,Mercy Example Health,E-1002,Sam Okafor,sam.okafor@example.org,"
    "LCSW-CA,LCSW-80412,,2027-03-31,2025-04-01,2,direct-care;supervisor\n";

static const char fuzz_pdf[] =
    "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";

static int	fuzz_import(struct db *, const char *, int);
static void	fuzz_sqlite_log(void *, int, const char *);
static const char *fuzz_constraint_in(const char *);
static void	fuzz_init(void);

static struct db		fuzz_empty, fuzz_seeded;
static struct program_set	fuzz_progs;
static char			fuzz_csv[600];
static int			fuzz_today;
/* SQLite's constraint failures, by extended code, and their messages. */
static const struct {
	int		 code;
	const char	*text;
} fuzz_kinds[] = {
	{ SQLITE_CONSTRAINT_UNIQUE,	"UNIQUE constraint failed" },
	{ SQLITE_CONSTRAINT_PRIMARYKEY,	"UNIQUE constraint failed" },
	{ SQLITE_CONSTRAINT_CHECK,	"CHECK constraint failed" },
	{ SQLITE_CONSTRAINT_NOTNULL,	"NOT NULL constraint failed" },
	{ SQLITE_CONSTRAINT_FOREIGNKEY,	"FOREIGN KEY constraint failed" },
	{ SQLITE_CONSTRAINT_TRIGGER,	"constraint failed" }
};
static int			fuzz_seen[ARRAY_SIZE(fuzz_kinds)];

/*
 * SQLite's log sees every error a statement returns, whatever the caller
 * makes of it (its text is cut at about 200 bytes, often before the
 * message): the kinds of constraint failure are noted here, so that a
 * problem that repeats SQLite's message can be told from one that quotes
 * such words from the input.
 */
static void
fuzz_sqlite_log(void *arg, int code, const char *msg)
{
	size_t	i;

	for (i = 0; i < ARRAY_SIZE(fuzz_kinds); i++)
		if (code == fuzz_kinds[i].code)
			fuzz_seen[i] = 1;
}

/* The message of a constraint failure that problem repeats, or NULL. */
static const char *
fuzz_constraint_in(const char *problem)
{
	size_t	i;

	for (i = 0; i < ARRAY_SIZE(fuzz_kinds); i++)
		if (fuzz_seen[i] && strstr(problem, fuzz_kinds[i].text) != NULL)
			return fuzz_kinds[i].text;
	return NULL;
}

/* Import path into db; commit when asked and good, else roll back. */

static int
fuzz_import(struct db *db, const char *path, int commit)
{
	struct import_opts	 o;
	struct import_counts	 counts;
	struct import		*imp;
	struct errlist		 errs = { NULL, 0 }, warns = { NULL, 0 };
	char			 err[1024];
	size_t			 i;
	const char		*c;
	int			 rc;

	memset(&o, 0, sizeof(o));
	o.path = path;
	o.today = fuzz_today;
	o.progs = &fuzz_progs;
	o.cert_max = FUZZ_CERT_MAX;
	o.warns = &warns;
	err[0] = '\0';
	if (db_begin(db, err, sizeof(err)) == -1) {
		fprintf(stderr, "fuzz_import: %s\n", err);
		abort();
	}
	imp = import_new(&o);
	memset(fuzz_seen, 0, sizeof(fuzz_seen));
	rc = import_run(imp, db, &counts, &errs, err, sizeof(err));
	if (rc == -1)
		fprintf(stderr, "fuzz_import: %s\n", err);
	FUZZ_CHECK(rc == 0 || rc == 1);
	FUZZ_CHECK((rc == 1) == (errs.n > 0));
	FUZZ_CHECK(db_in_transaction(db));
	/*
	 * A problem may quote a field with its line breaks: `cetrack
	 * import` escapes control characters as it prints each problem
	 * (import_put_line), so only the start of each is checked.
	 */
	for (i = 0; i < errs.n; i++) {
		FUZZ_CHECK(strncmp(errs.v[i], path, strlen(path)) == 0);
		if ((c = fuzz_constraint_in(errs.v[i])) != NULL) {
			fprintf(stderr, "fuzz_import: %s\n", errs.v[i]);
			FUZZ_CHECK(!"a row reached a constraint");
		}
	}
	if (commit)
		for (i = 0; i < errs.n; i++)
			fprintf(stderr, "fuzz_import: %s\n", errs.v[i]);
	if (commit && rc == 0) {
		if (db_commit(db, err, sizeof(err)) == -1) {
			fprintf(stderr, "fuzz_import: %s\n", err);
			abort();
		}
	} else
		db_rollback(db);
	FUZZ_CHECK(!db_in_transaction(db));
	import_free(imp);
	errlist_free(&errs);
	errlist_free(&warns);
	return rc;
}

static void
fuzz_init(void)
{
	struct organization	 org;
	struct errlist	 errs = { NULL, 0 };
	char		 err[1024], path[600];
	struct db	*dbs[2] = { &fuzz_empty, &fuzz_seeded };
	size_t		 i;

	/* Before the first connection: SQLite takes it only then. */
	if (sqlite3_config(SQLITE_CONFIG_LOG, fuzz_sqlite_log, NULL) !=
	    SQLITE_OK)
		abort();
	if (cet_fmt(fuzz_csv, sizeof(fuzz_csv), "%s/in.csv",
	    fuzz_tmpdir()) == -1 || cet_fmt(path, sizeof(path), "%s/certs",
	    fuzz_tmpdir()) == -1 || mkdir(path, 0700) == -1 ||
	    cet_fmt(path, sizeof(path), "%s/certs/ethics-2025.pdf",
	    fuzz_tmpdir()) == -1)
		abort();
	fuzz_write(path, fuzz_pdf, sizeof(fuzz_pdf) - 1, 0600);
	if (date_parse_iso("2026-11-24", &fuzz_today) == -1 ||
	    programs_load(&fuzz_progs, NULL, &errs) != 0)
		abort();
	errlist_free(&errs);
	for (i = 0; i < 2; i++) {
		if (db_open(dbs[i], ":memory:", DB_OPEN_CREATE, err,
		    sizeof(err)) == -1 || db_migrate(dbs[i], NULL, NULL, err,
		    sizeof(err)) == -1) {
			fprintf(stderr, "fuzz_import: %s\n", err);
			abort();
		}
	}
	memset(&org, 0, sizeof(org));
	(void)cet_strlcpy(org.name, "Mercy Example Health", sizeof(org.name));
	(void)cet_strlcpy(org.contact_email, "hr@example.org",
	    sizeof(org.contact_email));
	if (store_org_add(&fuzz_seeded, &org, err, sizeof(err)) == -1) {
		fprintf(stderr, "fuzz_import: %s\n", err);
		abort();
	}
	fuzz_write(fuzz_csv, fuzz_roster, sizeof(fuzz_roster) - 1, 0600);
	if (fuzz_import(&fuzz_seeded, fuzz_csv, 1) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static int	 ready;
	struct db	*db;

	if (!ready) {
		fuzz_init();
		ready = 1;
	}
	db = &fuzz_seeded;
	if (len >= 6 && memcmp(data, "record", 6) == 0 && (len & 1) == 0)
		db = &fuzz_empty;
	fuzz_write(fuzz_csv, data, len, 0600);
	(void)fuzz_import(db, fuzz_csv, 0);
	return 0;
}
