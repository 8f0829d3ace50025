/* SPDX-License-Identifier: ISC */
/*
 * The SQLite connection: open (WAL, foreign keys, busy timeout), schema
 * migrations embedded from sql/NNN-*.sql and tracked in PRAGMA user_version,
 * transactions, and small statement helpers. Only lib/store/ knows SQL.
 */
#ifndef CETRACK_DB_H
#define CETRACK_DB_H

#include <sqlite3.h>
#include <stddef.h>

#define DB_BUSY_TIMEOUT_MS	5000

enum db_open_flags {
	DB_OPEN_EXISTING = 0,	/* the file must exist and carry our schema */
	DB_OPEN_CREATE	 = 1,	/* create it (mode 0600) and its directory */
	DB_OPEN_READONLY = 2,
	DB_OPEN_GROUP	 = 0x10	/* with CREATE: a new file is 0660 */
};

struct db_cached;

struct db {
	sqlite3	*h;
	char	 path[4096];
	struct db_cached *cache;	/* statements kept by db_cached() */
	size_t	 ncache;
};

/*
 * Open the database. With DB_OPEN_EXISTING the file must exist and be at
 * the current schema version (an older one asks for `cetrack init`; a newer
 * one is refused). Returns 0, or -1 with a one-line message in err naming
 * the file (missing, not a database, locked, ...).
 */
int	 db_open(struct db *, const char *path, int flags, char *err,
	    size_t errlen);
void	 db_close(struct db *);
/* 1 when path names an in-memory (":memory:") or temporary ("") database,
 * which a second connection would not see. */
int	 db_is_memory(const char *path);

/*
 * Whether SQLite has reported a damaged database (SQLITE_CORRUPT, through
 * its error log) in this process, on any
 * connection and whatever the caller made of the error: 1 and a line
 * for a person in buf ("database 'F' is damaged (...); run 'cetrack
 * check' and restore a backup"), or 0. A command that read a damaged
 * page says so even when it could go on.
 */
int	 db_corruption_seen(char *buf, size_t len);

/* Apply every embedded migration above the file's user_version, each in its
 * own transaction. Sets *from and *to (may be NULL). Returns 0 or -1. */
int	 db_migrate(struct db *, int *from, int *to, char *err, size_t errlen);

/* The schema version this binary carries (number of the last migration). */
int	 db_schema_latest(void);
int	 db_schema_version(struct db *);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. Writers take the lock up front so
 * that a busy database waits (busy timeout) instead of failing mid-way. */
int	 db_begin(struct db *, char *err, size_t errlen);
/* A read transaction (BEGIN DEFERRED): every read until db_commit sees one
 * snapshot, and no write lock is taken. */
int	 db_begin_read(struct db *, char *err, size_t errlen);
int	 db_commit(struct db *, char *err, size_t errlen);
void	 db_rollback(struct db *);
/* 1 when a transaction is open on the connection (db_begin, db_begin_read
 * or a savepoint, not yet committed or rolled back), 0 in autocommit mode
 * or when the connection is closed. */
int	 db_in_transaction(struct db *);

/*
 * The message of a statement that failed: "WHAT: <SQLite's message>" in err
 * (cut short if it does not fit; NULL err is allowed). Returns -1, so that
 * a caller may `return db_err(...)`. Every store module reports SQLite's
 * errors through it.
 */
int	 db_err(struct db *, const char *what, char *err, size_t errlen);

/* Prepare a statement; on failure err holds SQLite's message. */
int	 db_prepare(struct db *, sqlite3_stmt **, const char *sql, char *err,
	    size_t errlen);

/*
 * A statement prepared once per connection and kept until db_close, keyed
 * by the address of sql (pass a string constant). Store calls run many
 * times per command (an import adds millions of rows), and preparing costs
 * more than the insert itself. Hand it back with db_release, which resets
 * it and clears its bindings; never finalize it. A statement still in use
 * (not released) is refused.
 */
int	 db_cached(struct db *, sqlite3_stmt **, const char *sql, char *err,
	    size_t errlen);
void	 db_release(sqlite3_stmt *);

/* Bind text, or NULL for an empty string when null_if_empty. */
int	 db_bind_text(sqlite3_stmt *, int idx, const char *s, int null_if_empty);

/* Copy column text into buf ("" for NULL); returns -1 if it did not fit. */
int	 db_column_copy(sqlite3_stmt *, int col, char *buf, size_t len);

/*
 * Copy what the WAL holds into the database file now (a passive
 * checkpoint: it waits for no one, and writers go on meanwhile), so that
 * the next writer's commit does not pay for it. Returns 0 or -1.
 */
int	 db_checkpoint(struct db *, char *err, size_t errlen);

/* Online backup (sqlite3_backup_*) of the whole database into path. */
int	 db_backup(struct db *, const char *path, char *err, size_t errlen);

/* PRAGMA integrity_check and foreign_key_check; problems go to errs as
 * lines; returns 0 if the database is sound, 1 if not, -1 on error. */
struct errlist;
int	 db_check(struct db *, struct errlist *problems, char *err,
	    size_t errlen);

#endif
