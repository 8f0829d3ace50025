/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for lib/db.c: creating the file (0600 whatever the umask, its
 * directory 0700), WAL, the version checks and their messages, migrations
 * (in order, one transaction each, a failed one changing nothing), a file
 * that is not a database, read-only opens that leave the file's bytes as
 * they were, the online backup, the integrity check and the message of a
 * failed statement (db_err).
 *
 * This file brings its own embedded migrations so that the version checks
 * have an older and a newer version to test against; the real schema is
 * exercised by test_store.c. Migration 002 fails on purpose when table box
 * holds the row 13, so that a failing migration can be tested too.
 */

#include <sys/stat.h>

#include <fcntl.h>
#include <stdarg.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "helpers.h"
#include "store/db.h"
#include "base/embedded.h"
#include "base/util.h"

const struct embedded_file embedded_sql[] = {
	{ "001-box.sql",
	    "CREATE TABLE box (id INTEGER PRIMARY KEY, label TEXT NOT NULL);\n"
	    "CREATE TABLE item (id INTEGER PRIMARY KEY,\n"
	    "    box_id INTEGER NOT NULL REFERENCES box(id));\n" },
	{ "002-shelf.sql",
	    "CREATE TABLE shelf (id INTEGER PRIMARY KEY CHECK (id <> 13));\n"
	    "INSERT INTO shelf SELECT id FROM box;\n" },
	{ 0, 0 }
};
const struct embedded_file embedded_packs[] = { { 0, 0 } };
const char embedded_config[] = "";

#define LATEST	2

struct tmp {
	char	dir[64];
	char	path[128];
};

/* err must be exactly the message fmt makes. */
static void
assert_err(const char *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
assert_err(const char *err, const char *fmt, ...)
{
	va_list	ap;
	char	want[512];
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(want, sizeof(want), fmt, ap);
	va_end(ap);
	cr_assert(n > 0 && (size_t)n < sizeof(want));
	cr_assert_str_eq(err, want);
}

static void
tmp_make(struct tmp *t, const char *name)
{
	scratch_make(t->dir, sizeof(t->dir), "db");
	cr_assert_eq(cet_fmt(t->path, sizeof(t->path), "%s/%s", t->dir, name),
	    0);
}

static void
tmp_clean(struct tmp *t)
{
	scratch_remove(t->dir);
}

static void
exec_ok(struct db *db, const char *sql)
{
	char	*msg = NULL;

	cr_assert_eq(sqlite3_exec(db->h, sql, NULL, NULL, &msg), SQLITE_OK,
	    "%s: %s", sql, msg != NULL ? msg : "");
}

/* A database at the latest version with two boxes, closed again. */
static void
make_db(const char *path)
{
	struct db	db;
	char		err[256];

	cr_assert_eq(db_open(&db, path, DB_OPEN_CREATE, err, sizeof(err)), 0,
	    "%s", err);
	cr_assert_eq(db_migrate(&db, NULL, NULL, err, sizeof(err)), 0, "%s",
	    err);
	exec_ok(&db, "INSERT INTO box VALUES (1, 'CCM renewal 2027'), "
	    "(2, 'RN-CA 2026');");
	db_close(&db);
}

/* A file with the given user_version and nothing else. */
static void
make_version(const char *path, int version)
{
	sqlite3	*h;
	char	 sql[64];

	cr_assert_eq(sqlite3_open(path, &h), SQLITE_OK);
	cr_assert_eq(cet_fmt(sql, sizeof(sql), "PRAGMA user_version = %d",
	    version), 0);
	cr_assert_eq(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

Test(db, schema_latest_is_the_last_migration_number)
{
	cr_assert_eq(db_schema_latest(), LATEST);
}

Test(db, create_makes_private_file_and_directory_despite_umask)
{
	struct tmp	t;
	struct stat	sb;
	struct db	db;
	char		err[256], dir[128], wal[160];

	/* With umask 0 SQLite on its own would create the file 0644. */
	umask(0);
	tmp_make(&t, "");
	cr_assert_eq(cet_fmt(dir, sizeof(dir), "%s/data/cetrack", t.dir), 0);
	cr_assert_eq(cet_fmt(t.path, sizeof(t.path), "%s/cetrack.db", dir), 0);
	cr_assert_eq(db_open(&db, t.path, DB_OPEN_CREATE, err, sizeof(err)), 0,
	    "%s", err);
	cr_assert_eq(db_migrate(&db, NULL, NULL, err, sizeof(err)), 0, "%s",
	    err);
	cr_assert_eq(stat(t.path, &sb), 0);
	cr_assert_eq(sb.st_mode & 07777, 0600, "mode %o", sb.st_mode & 07777);
	cr_assert_eq(stat(dir, &sb), 0);
	cr_assert_eq(sb.st_mode & 07777, 0700, "dir mode %o",
	    sb.st_mode & 07777);
	/* SQLite gives the WAL the database file's mode. */
	cr_assert_eq(cet_fmt(wal, sizeof(wal), "%s-wal", t.path), 0);
	cr_assert_eq(stat(wal, &sb), 0);
	cr_assert_eq(sb.st_mode & 07777, 0600);
	db_close(&db);
	tmp_clean(&t);
}

/*
 * Issue 16, 11: [database] mode = group. The documented shared setup (a
 * 2770 directory, UMask=0007) gave group members "Permission denied" on
 * a file always made 0600; DB_OPEN_GROUP makes it 0660 whatever the umask,
 * and the WAL and shared memory follow.
 */
Test(db, group_mode_makes_a_group_file_despite_umask)
{
	struct tmp	t;
	struct stat	sb;
	struct db	db;
	char		err[256], side[160];

	umask(077);
	tmp_make(&t, "group.db");
	cr_assert_eq(db_open(&db, t.path, DB_OPEN_CREATE | DB_OPEN_GROUP, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(db_migrate(&db, NULL, NULL, err, sizeof(err)), 0, "%s",
	    err);
	cr_assert_eq(stat(t.path, &sb), 0);
	cr_expect_eq(sb.st_mode & 07777, 0660, "mode %o", sb.st_mode & 07777);
	cr_assert_eq(cet_fmt(side, sizeof(side), "%s-wal", t.path), 0);
	cr_assert_eq(stat(side, &sb), 0);
	cr_expect_eq(sb.st_mode & 07777, 0660, "wal mode %o",
	    sb.st_mode & 07777);
	cr_assert_eq(cet_fmt(side, sizeof(side), "%s-shm", t.path), 0);
	cr_assert_eq(stat(side, &sb), 0);
	cr_expect_eq(sb.st_mode & 07777, 0660, "shm mode %o",
	    sb.st_mode & 07777);
	db_close(&db);
	/* An existing file keeps its mode: group never widens it later. */
	cr_assert_eq(chmod(t.path, 0600), 0);
	cr_assert_eq(db_open(&db, t.path, DB_OPEN_CREATE | DB_OPEN_GROUP, err,
	    sizeof(err)), 0, "%s", err);
	db_close(&db);
	cr_assert_eq(stat(t.path, &sb), 0);
	cr_expect_eq(sb.st_mode & 07777, 0600);
	umask(022);
	tmp_clean(&t);
}

Test(db, create_leaves_an_existing_files_mode_alone)
{
	struct tmp	t;
	struct stat	sb;
	struct db	db;
	char		err[256];
	int		fd;

	/* A service may share the file with its group (0660). */
	tmp_make(&t, "shared.db");
	cr_assert_neq(fd = open(t.path, O_CREAT | O_WRONLY, 0600), -1);
	close(fd);
	cr_assert_eq(chmod(t.path, 0660), 0);
	cr_assert_eq(db_open(&db, t.path, DB_OPEN_CREATE, err, sizeof(err)), 0,
	    "%s", err);
	db_close(&db);
	cr_assert_eq(stat(t.path, &sb), 0);
	cr_assert_eq(sb.st_mode & 07777, 0660);
	tmp_clean(&t);
}

Test(db, open_uses_wal_foreign_keys_and_normal_sync)
{
	struct tmp	t;
	struct db	db;
	char		err[256];
	sqlite3_stmt	*s;

	tmp_make(&t, "c.db");
	make_db(t.path);
	cr_assert_eq(db_open(&db, t.path, DB_OPEN_EXISTING, err, sizeof(err)),
	    0, "%s", err);
	cr_assert_eq(sqlite3_prepare_v2(db.h, "PRAGMA journal_mode", -1, &s,
	    NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
	cr_assert_str_eq((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	cr_assert_eq(query_int(&db, "PRAGMA foreign_keys"), 1);
	cr_assert_eq(query_int(&db, "PRAGMA synchronous"), 1);	/* NORMAL */
	/* Foreign keys are enforced, not just declared. */
	cr_assert_neq(sqlite3_exec(db.h, "INSERT INTO item VALUES (1, 99)",
	    NULL, NULL, NULL), SQLITE_OK);
	db_close(&db);
	tmp_clean(&t);
}

Test(db, migrate_applies_every_step_once)
{
	struct db	db;
	char		err[256];
	int		from = -1, to = -1;

	cr_assert_eq(db_open(&db, ":memory:", DB_OPEN_CREATE, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(db_schema_version(&db), 0);
	cr_assert_eq(db_migrate(&db, &from, &to, err, sizeof(err)), 0, "%s",
	    err);
	cr_assert_eq(from, 0);
	cr_assert_eq(to, LATEST);
	cr_assert_eq(db_schema_version(&db), LATEST);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM sqlite_schema "
	    "WHERE name IN ('box', 'item', 'shelf')"), 3);
	/* A second init is a no-op, not "table box already exists". */
	cr_assert_eq(db_migrate(&db, &from, &to, err, sizeof(err)), 0, "%s",
	    err);
	cr_assert_eq(from, LATEST);
	cr_assert_eq(to, LATEST);
	db_close(&db);
}

Test(db, migrate_upgrades_an_older_file)
{
	struct tmp	t;
	struct db	db;
	char		err[256];
	int		from, to;

	tmp_make(&t, "old.db");
	cr_assert_eq(db_open(&db, t.path, DB_OPEN_CREATE, err, sizeof(err)), 0,
	    "%s", err);
	exec_ok(&db, embedded_sql[0].data);
	exec_ok(&db, "INSERT INTO box VALUES (7, 'kept');"
	    "PRAGMA user_version = 1;");
	db_close(&db);

	cr_assert_eq(db_open(&db, t.path, DB_OPEN_EXISTING, err, sizeof(err)),
	    -1);
	assert_err(err, "database '%s' has schema version 1, this "
	    "cetrack needs 2; run 'cetrack init' to upgrade", t.path);

	cr_assert_eq(db_open(&db, t.path, DB_OPEN_CREATE, err, sizeof(err)), 0,
	    "%s", err);
	cr_assert_eq(db_migrate(&db, &from, &to, err, sizeof(err)), 0, "%s",
	    err);
	cr_assert_eq(from, 1);
	cr_assert_eq(to, 2);
	cr_assert_eq(query_int(&db, "SELECT id FROM shelf"), 7);
	db_close(&db);
	cr_assert_eq(db_open(&db, t.path, DB_OPEN_EXISTING, err, sizeof(err)),
	    0, "%s", err);
	db_close(&db);
	tmp_clean(&t);
}

Test(db, failed_migration_changes_nothing)
{
	struct db	db;
	char		err[256];

	cr_assert_eq(db_open(&db, ":memory:", DB_OPEN_CREATE, err,
	    sizeof(err)), 0, "%s", err);
	exec_ok(&db, embedded_sql[0].data);
	exec_ok(&db, "INSERT INTO box VALUES (13, 'unlucky');"
	    "PRAGMA user_version = 1;");
	cr_assert_eq(db_migrate(&db, NULL, NULL, err, sizeof(err)), -1);
	cr_assert(strstr(err, "migration 002-shelf.sql failed") != NULL, "%s",
	    err);
	cr_assert(strstr(err, "CHECK constraint failed") != NULL, "%s", err);
	/* The table it created is gone and the version did not move. */
	cr_assert_eq(db_schema_version(&db), 1);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM sqlite_schema "
	    "WHERE name = 'shelf'"), 0);
	cr_assert(sqlite3_get_autocommit(db.h));
	db_close(&db);
}

Test(db, open_existing_reports_missing_file)
{
	struct tmp	t;
	struct db	db;
	char		err[256];

	tmp_make(&t, "nope.db");
	cr_assert_eq(db_open(&db, t.path, DB_OPEN_EXISTING, err, sizeof(err)),
	    -1);
	assert_err(err, "database '%s' does not exist; run 'cetrack "
	    "init'", t.path);
	cr_assert_eq(db_open(&db, t.path, DB_OPEN_READONLY, err, sizeof(err)),
	    -1);
	assert_err(err, "database '%s' does not exist; run 'cetrack "
	    "init'", t.path);
	/* And it did not create it on the way. */
	cr_assert_eq(access(t.path, F_OK), -1);
	tmp_clean(&t);
}

Test(db, open_existing_checks_the_version)
{
	static const struct {
		int		 version;
		const char	*says;	/* after "database 'PATH'" */
	} cases[] = {
		{ 0, " is not initialised; run 'cetrack init'" },
		{ 1, " has schema version 1, this cetrack needs 2; "
		    "run 'cetrack init' to upgrade" },
		{ 3, " has schema version 3, made by a newer "
		    "cetrack (this one knows up to 2)" },
	};
	struct tmp	t;
	struct db	db;
	char		err[256], name[16];
	size_t		i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		cr_assert_eq(cet_fmt(name, sizeof(name), "v%d.db",
		    cases[i].version), 0);
		tmp_make(&t, name);
		make_version(t.path, cases[i].version);
		cr_assert_eq(db_open(&db, t.path, DB_OPEN_EXISTING, err,
		    sizeof(err)), -1);
		assert_err(err, "database '%s'%s", t.path, cases[i].says);
		cr_assert_eq(db_open(&db, t.path, DB_OPEN_READONLY, err,
		    sizeof(err)), -1);
		assert_err(err, "database '%s'%s", t.path, cases[i].says);
		tmp_clean(&t);
	}
}

Test(db, migrate_refuses_a_newer_file)
{
	struct tmp	t;
	struct db	db;
	char		err[256];

	tmp_make(&t, "new.db");
	make_version(t.path, 3);
	cr_assert_eq(db_open(&db, t.path, DB_OPEN_CREATE, err, sizeof(err)), 0,
	    "%s", err);
	cr_assert_eq(db_migrate(&db, NULL, NULL, err, sizeof(err)), -1);
	cr_assert(strstr(err, "made by a newer cetrack") != NULL, "%s", err);
	cr_assert_eq(db_schema_version(&db), 3);
	db_close(&db);
	tmp_clean(&t);
}

/*
 * Issue 16, finding 1: a negative user_version indexed the embedded
 * migrations out of bounds (-1 reset to 0, -2 to -10 ran rule-pack text
 * as SQL, -1000 crashed). Any version outside 0..latest is refused with
 * one line and the file is left as it was.
 */
Test(db, migrate_and_open_refuse_a_negative_version)
{
	static const int versions[] = { -1, -2, -10, -1000, -2147483647 };
	struct tmp	 t;
	struct db	 db;
	char		 err[256], *before, *after;
	size_t		 i, nb, na;

	for (i = 0; i < ARRAY_SIZE(versions); i++) {
		tmp_make(&t, "neg.db");
		make_version(t.path, versions[i]);
		before = slurp(t.path, &nb);
		cr_assert_eq(db_open(&db, t.path, DB_OPEN_EXISTING, err,
		    sizeof(err)), -1, "version %d opened", versions[i]);
		cr_expect(strstr(err, "which no cetrack writes") != NULL, "%s",
		    err);
		/* cetrack init: refused before anything is written. */
		cr_assert_eq(db_open(&db, t.path, DB_OPEN_CREATE, err,
		    sizeof(err)), -1, "version %d opened", versions[i]);
		cr_expect(strstr(err, "which no cetrack writes") != NULL, "%s",
		    err);
		after = slurp(t.path, &na);
		cr_expect(nb == na && memcmp(before, after, nb) == 0,
		    "version %d: the file changed", versions[i]);
		free(before);
		free(after);
		tmp_clean(&t);
	}
}

Test(db, not_a_database_is_named_and_left_untouched)
{
	static const int flags[] = { DB_OPEN_EXISTING, DB_OPEN_READONLY,
	    DB_OPEN_CREATE };
	static const char text[] =
	    "name,license,valid_through\n"
	    "Dana Reyes,CCM 00012345,2027-05-31\n"
	    "Sam Okafor,RN-CA 95012345,2026-10-31\n"
	    "This is a CSV export that somebody passed with -d by mistake.\n";
	struct tmp	t;
	struct db	db;
	char		err[256], wal[160];
	char		*after;
	size_t		i, len;
	int		fd;

	tmp_make(&t, "staff.csv");
	cr_assert_neq(fd = open(t.path, O_CREAT | O_WRONLY, 0600), -1);
	cr_assert_eq(write(fd, text, sizeof(text) - 1),
	    (ssize_t)(sizeof(text) - 1));
	close(fd);
	cr_assert_eq(cet_fmt(wal, sizeof(wal), "%s-wal", t.path), 0);
	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		cr_assert_eq(db_open(&db, t.path, flags[i], err, sizeof(err)),
		    -1);
		assert_err(err, "'%s' is not a cetrack database (file is not "
		    "a database)", t.path);
		after = slurp(t.path, &len);
		cr_assert_eq(len, sizeof(text) - 1);
		cr_assert_eq(memcmp(after, text, len), 0);
		free(after);
		cr_assert_eq(access(wal, F_OK), -1);
	}
	tmp_clean(&t);
}

Test(db, readonly_open_leaves_the_file_bytes_alone)
{
	struct tmp	 t;
	struct db	 db;
	struct stat	 sb1, sb2;
	char		 err[256];
	char		*before, *after;
	size_t		 n1, n2;

	tmp_make(&t, "ro.db");
	make_db(t.path);
	before = slurp(t.path, &n1);
	cr_assert_eq(stat(t.path, &sb1), 0);
	cr_assert_eq(db_open(&db, t.path, DB_OPEN_READONLY, err, sizeof(err)),
	    0, "%s", err);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM box"), 2);
	cr_assert_eq(sqlite3_exec(db.h, "INSERT INTO box VALUES (3, 'x')",
	    NULL, NULL, NULL), SQLITE_READONLY);
	db_close(&db);
	after = slurp(t.path, &n2);
	cr_assert_eq(stat(t.path, &sb2), 0);
	cr_assert_eq(n1, n2);
	cr_assert_eq(memcmp(before, after, n1), 0);
	cr_assert_eq(sb1.st_mtim.tv_sec, sb2.st_mtim.tv_sec);
	cr_assert_eq(sb1.st_mtim.tv_nsec, sb2.st_mtim.tv_nsec);
	free(before);
	free(after);
	tmp_clean(&t);
}

Test(db, readonly_close_does_not_checkpoint_a_pending_wal)
{
	struct tmp	 t;
	struct db	 db;
	struct stat	 sb;
	char		 err[256], wal[160];
	char		*before, *after;
	size_t		 n1, n2;

	/* A writer that died leaves committed pages in the WAL only. */
	tmp_make(&t, "wal.db");
	make_db(t.path);
	cr_assert_eq(db_open(&db, t.path, DB_OPEN_EXISTING, err, sizeof(err)),
	    0, "%s", err);
	cr_assert_eq(sqlite3_db_config(db.h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
	    1, NULL), SQLITE_OK);
	exec_ok(&db, "PRAGMA wal_autocheckpoint = 0;"
	    "INSERT INTO box VALUES (3, 'CDMS 2028');");
	db_close(&db);

	cr_assert_eq(cet_fmt(wal, sizeof(wal), "%s-wal", t.path), 0);
	cr_assert_eq(stat(wal, &sb), 0);
	cr_assert_gt(sb.st_size, 0);
	before = slurp(t.path, &n1);
	cr_assert_eq(db_open(&db, t.path, DB_OPEN_READONLY, err, sizeof(err)),
	    0, "%s", err);
	/* The third box is only in the WAL. */
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM box"), 3);
	db_close(&db);
	after = slurp(t.path, &n2);
	cr_assert_eq(n1, n2);
	cr_assert_eq(memcmp(before, after, n1), 0);
	free(before);
	free(after);
	tmp_clean(&t);
}

Test(db, readonly_open_keeps_a_rollback_journal_file_as_it_is)
{
	struct tmp	 t;
	struct db	 db;
	char		 err[256];
	char		*bytes;
	size_t		 n;
	sqlite3		*h;

	/* A file made by hand with sqlite3(1): rollback journal, version 2. */
	tmp_make(&t, "legacy.db");
	cr_assert_eq(sqlite3_open(t.path, &h), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(h, "CREATE TABLE box (id INTEGER PRIMARY "
	    "KEY); PRAGMA user_version = 2;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);

	cr_assert_eq(db_open(&db, t.path, DB_OPEN_READONLY, err, sizeof(err)),
	    0, "%s", err);
	db_close(&db);
	bytes = slurp(t.path, &n);
	/* Header bytes 18 and 19: 1 = rollback journal, 2 = WAL. */
	cr_assert_eq(bytes[18], 1);
	free(bytes);

	cr_assert_eq(db_open(&db, t.path, DB_OPEN_EXISTING, err, sizeof(err)),
	    0, "%s", err);
	db_close(&db);
	bytes = slurp(t.path, &n);
	cr_assert_eq(bytes[18], 2);
	free(bytes);
	tmp_clean(&t);
}

Test(db, bad_flags_are_refused)
{
	struct db	db;
	char		err[256];

	cr_assert_eq(db_open(&db, ":memory:", DB_OPEN_CREATE | DB_OPEN_READONLY,
	    err, sizeof(err)), -1);
	cr_assert(strstr(err, "bad flags") != NULL);
	cr_assert_null(db.h);
}

Test(db, backup_round_trip_and_no_overwrite)
{
	struct tmp	 t;
	struct db	 db, copy;
	struct stat	 sb;
	char		 err[256], bak[160];
	char		*before, *after;
	size_t		 n1, n2;

	umask(0);
	tmp_make(&t, "live.db");
	make_db(t.path);
	cr_assert_eq(cet_fmt(bak, sizeof(bak), "%s/backup.db", t.dir), 0);
	cr_assert_eq(db_open(&db, t.path, DB_OPEN_EXISTING, err, sizeof(err)),
	    0, "%s", err);
	cr_assert_eq(db_backup(&db, bak, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(stat(bak, &sb), 0);
	cr_assert_eq(sb.st_mode & 07777, 0600);

	/* A second backup to the same name is refused and changes nothing. */
	before = slurp(bak, &n1);
	cr_assert_eq(db_backup(&db, bak, err, sizeof(err)), -1);
	assert_err(err, "backup '%s' already exists; choose a new file",
	    bak);
	after = slurp(bak, &n2);
	cr_assert_eq(n1, n2);
	cr_assert_eq(memcmp(before, after, n1), 0);
	free(before);
	free(after);
	db_close(&db);

	cr_assert_eq(db_open(&copy, bak, DB_OPEN_EXISTING, err, sizeof(err)),
	    0, "%s", err);
	cr_assert_eq(db_schema_version(&copy), LATEST);
	cr_assert_eq(query_int(&copy, "SELECT count(*) FROM box"), 2);
	cr_assert_eq(query_int(&copy, "SELECT count(*) FROM box WHERE label "
	    "= 'CCM renewal 2027'"), 1);
	cr_assert_eq(db_check(&copy, &(struct errlist){ 0 }, err, sizeof(err)),
	    0);
	db_close(&copy);
	tmp_clean(&t);
}

Test(db, backup_into_a_missing_directory_fails_cleanly)
{
	struct db	db;
	char		err[256];

	cr_assert_eq(db_open(&db, ":memory:", DB_OPEN_CREATE, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(db_backup(&db, "/nonexistent-cetrack-dir/b.db", err,
	    sizeof(err)), -1);
	cr_assert_str_eq(err, "cannot create backup "
	    "'/nonexistent-cetrack-dir/b.db': No such file or directory");
	db_close(&db);
}

Test(db, check_passes_a_sound_database_and_reports_orphans)
{
	struct errlist	problems = { 0 };
	struct db	db;
	char		err[256];

	cr_assert_eq(db_open(&db, ":memory:", DB_OPEN_CREATE, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(db_migrate(&db, NULL, NULL, err, sizeof(err)), 0, "%s",
	    err);
	exec_ok(&db, "INSERT INTO box VALUES (1, 'a'); "
	    "INSERT INTO item VALUES (1, 1);");
	cr_assert_eq(db_check(&db, &problems, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(problems.n, 0);

	/* What an old tool with foreign keys off could have left behind. */
	exec_ok(&db, "PRAGMA foreign_keys = OFF; "
	    "INSERT INTO item VALUES (2, 42); PRAGMA foreign_keys = ON;");
	cr_assert_eq(db_check(&db, &problems, err, sizeof(err)), 1, "%s", err);
	cr_assert_eq(problems.n, 1);
	cr_assert_str_eq(problems.v[0], "foreign key: item 2 refers to a "
	    "missing box");
	errlist_free(&problems);
	db_close(&db);
}

Test(db, transactions_commit_and_roll_back)
{
	struct db	db;
	char		err[256];

	cr_assert_eq(db_open(&db, ":memory:", DB_OPEN_CREATE, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(db_migrate(&db, NULL, NULL, err, sizeof(err)), 0, "%s",
	    err);
	cr_assert_eq(db_in_transaction(&db), 0);
	cr_assert_eq(db_begin(&db, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(db_in_transaction(&db), 1);
	exec_ok(&db, "INSERT INTO box VALUES (1, 'a')");
	db_rollback(&db);
	cr_assert_eq(db_in_transaction(&db), 0);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM box"), 0);
	cr_assert_eq(db_begin(&db, err, sizeof(err)), 0, "%s", err);
	exec_ok(&db, "INSERT INTO box VALUES (1, 'a')");
	cr_assert_eq(db_commit(&db, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(db_in_transaction(&db), 0);
	cr_assert_eq(query_int(&db, "SELECT count(*) FROM box"), 1);
	cr_assert_eq(db_begin_read(&db, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(db_in_transaction(&db), 1);
	cr_assert_eq(db_commit(&db, err, sizeof(err)), 0, "%s", err);
	/* Rolling back with no transaction open is harmless. */
	db_rollback(&db);
	cr_assert_eq(db_commit(&db, err, sizeof(err)), -1);
	db_close(&db);
	cr_assert_eq(db_in_transaction(&db), 0);
}

Test(db, cached_statements_are_reused_and_not_nested)
{
	static const char sql[] = "SELECT label FROM box WHERE id = ?1";
	struct db	 db;
	sqlite3_stmt	*s1, *s2;
	char		 err[256], buf[8];

	cr_assert_eq(db_open(&db, ":memory:", DB_OPEN_CREATE, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(db_migrate(&db, NULL, NULL, err, sizeof(err)), 0, "%s",
	    err);
	exec_ok(&db, "INSERT INTO box VALUES (1, 'short'), "
	    "(2, 'much too long'), (3, '')");

	cr_assert_eq(db_cached(&db, &s1, sql, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(sqlite3_bind_int(s1, 1, 1), SQLITE_OK);
	cr_assert_eq(sqlite3_step(s1), SQLITE_ROW);
	/* In use: asking again is a bug in the caller and is refused. */
	cr_assert_eq(db_cached(&db, &s2, sql, err, sizeof(err)), -1);
	cr_assert(strstr(err, "already in use") != NULL);
	cr_assert_eq(db_column_copy(s1, 0, buf, sizeof(buf)), 0);
	cr_assert_str_eq(buf, "short");
	db_release(s1);

	cr_assert_eq(db_cached(&db, &s2, sql, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(s1, s2);
	/* Released statements lose their bindings: id is NULL, no row. */
	cr_assert_eq(sqlite3_step(s2), SQLITE_DONE);
	db_release(s2);

	cr_assert_eq(db_cached(&db, &s2, sql, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(sqlite3_bind_int(s2, 1, 2), SQLITE_OK);
	cr_assert_eq(sqlite3_step(s2), SQLITE_ROW);
	cr_assert_eq(db_column_copy(s2, 0, buf, sizeof(buf)), -1);
	db_release(s2);
	db_close(&db);
}

Test(db, bind_text_stores_empty_as_null_on_request)
{
	struct db	 db;
	sqlite3_stmt	*s;
	char		 err[256];

	cr_assert_eq(db_open(&db, ":memory:", DB_OPEN_CREATE, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(db_prepare(&db, &s, "SELECT ?1 IS NULL, ?2 IS NULL, "
	    "?3 IS NULL, ?4", err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(db_bind_text(s, 1, "", 1), 0);
	cr_assert_eq(db_bind_text(s, 2, "", 0), 0);
	cr_assert_eq(db_bind_text(s, 3, NULL, 0), 0);
	cr_assert_eq(db_bind_text(s, 4, "Reyes", 1), 0);
	cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
	cr_assert_eq(sqlite3_column_int(s, 0), 1);
	cr_assert_eq(sqlite3_column_int(s, 1), 0);
	cr_assert_eq(sqlite3_column_int(s, 2), 1);
	cr_assert_str_eq((const char *)sqlite3_column_text(s, 3), "Reyes");
	sqlite3_finalize(s);
	cr_assert_eq(db_prepare(&db, &s, "SELEC nonsense", err, sizeof(err)),
	    -1);
	cr_assert_null(s);
	cr_assert(strstr(err, "syntax error") != NULL, "%s", err);
	db_close(&db);
}

Test(db, err_names_what_failed_and_says_sqlites_message)
{
	struct db	 db;
	sqlite3_stmt	*s = NULL;
	char		 err[256], small[8];

	cr_assert_eq(db_open(&db, ":memory:", DB_OPEN_CREATE, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(db_migrate(&db, NULL, NULL, err, sizeof(err)), 0, "%s",
	    err);

	/* A statement that does not prepare. */
	cr_assert_neq(sqlite3_prepare_v2(db.h, "SELEC label FROM box", -1, &s,
	    NULL), SQLITE_OK);
	cr_assert_null(s);
	cr_assert_eq(db_err(&db, "boxes", err, sizeof(err)), -1);
	cr_assert_str_eq(err, "boxes: near \"SELEC\": syntax error");

	/* A constraint that fails when stepped. */
	cr_assert_eq(sqlite3_prepare_v2(db.h, "INSERT INTO box (id, label) "
	    "VALUES (1, NULL)", -1, &s, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(s) & 0xff, SQLITE_CONSTRAINT);
	cr_assert_eq(db_err(&db, "box 1", err, sizeof(err)), -1);
	cr_assert_str_eq(err, "box 1: NOT NULL constraint failed: box.label");

	/* Cut short to the buffer; no buffer at all is allowed. */
	cr_assert_eq(db_err(&db, "box 1", small, sizeof(small)), -1);
	cr_assert_str_eq(small, "box 1: ");
	cr_assert_eq(db_err(&db, "box 1", NULL, 0), -1);
	sqlite3_finalize(s);
	db_close(&db);
}

Test(db, open_says_why_a_file_cannot_be_opened)
{
	struct tmp	t;
	struct db	db;
	char		err[256];

	/* A directory where the database should be. */
	tmp_make(&t, "cetrack.db");
	cr_assert_eq(mkdir(t.path, 0700), 0);
	cr_assert_eq(db_open(&db, t.path, DB_OPEN_EXISTING, err, sizeof(err)),
	    -1);
	assert_err(err, "database '%s': unable to open database file (Is a "
	    "directory)", t.path);
	cr_assert_eq(db_open(&db, t.path, DB_OPEN_CREATE, err, sizeof(err)),
	    -1);
	assert_err(err, "cannot create database '%s': Is a directory", t.path);
	tmp_clean(&t);
}
