/* SPDX-License-Identifier: ISC */
/*
 * The SQLite connection. db_open creates the file with mode 0600 itself
 * (so that the umask never widens it), turns on foreign keys, WAL and a
 * busy timeout, and checks the schema version; db_migrate applies the
 * migrations embedded from sql/NNN-*.sql, each in its own transaction that
 * also sets PRAGMA user_version. A read-only open never writes to the main
 * database file: it runs no PRAGMA that writes and never checkpoints. The
 * rest are the small helpers lib/store builds on: transactions, prepared and
 * cached statements, binding, backup and the integrity check.
 */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/db.h"
#include "base/embedded.h"
#include "base/util.h"

struct db_cached {
	const char	*sql;		/* the caller's constant: the key */
	sqlite3_stmt	*stmt;
};

static void	db_seterr(struct db *, int, const char *, char *, size_t);
static int	db_exec(struct db *, const char *, char *, size_t);
static int	db_query_int(struct db *, const char *, int *, char *,
		    size_t);
static int	db_query_text(struct db *, const char *, char *, size_t,
		    char *, size_t);
static int	db_mkdirs(const char *, char *, size_t);
static int	db_create_file(const char *, int, char *, size_t);
static int	db_migration_number(const char *);
static int	db_check_version(struct db *, char *, size_t);
static const char *db_text(sqlite3_stmt *, int);

/*
 * A full disk, in words that say what to do: SQLite says "disk I/O
 * error", and when there is no room for the -shm file even a command
 * that only reads fails so (issue 16). 1 when the last error was one.
 */
static int
db_full(struct db *db, char *err, size_t errlen)
{
	int	xrc;

	if (db->h == NULL)
		return 0;
	xrc = sqlite3_extended_errcode(db->h);
	if ((xrc & 0xff) != SQLITE_FULL && ((xrc & 0xff) != SQLITE_IOERR ||
	    sqlite3_system_errno(db->h) != ENOSPC))
		return 0;
	if (xrc == SQLITE_IOERR_SHMSIZE || xrc == SQLITE_IOERR_SHMOPEN ||
	    xrc == SQLITE_IOERR_SHMMAP)
		(void)cet_fmt(err, errlen, "database '%s': the disk is full: "
		    "SQLite cannot make '%s-shm', which it needs even to read "
		    "the database; free some space and try again", db->path,
		    db->path);
	else
		(void)cet_fmt(err, errlen, "database '%s': the disk is full "
		    "(%s); nothing was changed; free some space and try again",
		    db->path, strerror(ENOSPC));
	return 1;
}

/*
 * Error messages are one line for a person; when one does not fit the
 * caller's buffer it is cut short, which is the best that can be done.
 * This one is for the connection itself (open, PRAGMAs, transactions,
 * migrations): it names the file and says why it is locked or unusable.
 * A store statement's failure is db_err's "WHAT: message".
 */
static void
db_seterr(struct db *db, int rc, const char *what, char *err, size_t errlen)
{
	const char	*msg;
	int		 e;

	if (err == NULL || errlen == 0)
		return;
	msg = db->h != NULL ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);
	if (db_full(db, err, errlen))
		return;
	switch (rc & 0xff) {
	case SQLITE_NOTADB:
		(void)cet_fmt(err, errlen, "'%s' is not a cetrack database (%s)",
		    db->path, sqlite3_errstr(SQLITE_NOTADB));
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		(void)cet_fmt(err, errlen, "database '%s' is locked by another "
		    "process (%s)", db->path, msg);
		break;
	case SQLITE_CANTOPEN:
		/* "unable to open database file" alone does not say why. */
		e = db->h != NULL ? sqlite3_system_errno(db->h) : 0;
		(void)cet_fmt(err, errlen, "database '%s': %s%s%s%s", db->path,
		    msg, e != 0 ? " (" : "", e != 0 ? strerror(e) : "",
		    e != 0 ? ")" : "");
		break;
	default:
		(void)cet_fmt(err, errlen, "database '%s': %s: %s", db->path,
		    what, msg);
		break;
	}
}

static int
db_exec(struct db *db, const char *sql, char *err, size_t errlen)
{
	int	rc;

	if ((rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL)) != SQLITE_OK) {
		db_seterr(db, rc, sql, err, errlen);
		return -1;
	}
	return 0;
}

/* Run a statement that yields one integer (a PRAGMA's value). */
static int
db_query_int(struct db *db, const char *sql, int *out, char *err,
    size_t errlen)
{
	sqlite3_stmt	*stmt = NULL;
	int		 rc, ret = -1;

	if ((rc = sqlite3_prepare_v2(db->h, sql, -1, &stmt, NULL)) !=
	    SQLITE_OK) {
		db_seterr(db, rc, sql, err, errlen);
		goto out;
	}
	if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
		db_seterr(db, rc, sql, err, errlen);
		goto out;
	}
	*out = sqlite3_column_int(stmt, 0);
	ret = 0;
out:
	sqlite3_finalize(stmt);
	return ret;
}

static int
db_query_text(struct db *db, const char *sql, char *buf, size_t len,
    char *err, size_t errlen)
{
	sqlite3_stmt	*stmt = NULL;
	int		 rc, ret = -1;

	if ((rc = sqlite3_prepare_v2(db->h, sql, -1, &stmt, NULL)) !=
	    SQLITE_OK) {
		db_seterr(db, rc, sql, err, errlen);
		goto out;
	}
	if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
		db_seterr(db, rc, sql, err, errlen);
		goto out;
	}
	if (db_column_copy(stmt, 0, buf, len) == -1) {
		(void)cet_fmt(err, errlen, "database '%s': %s: result too long",
		    db->path, sql);
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(stmt);
	return ret;
}

int
db_is_memory(const char *path)
{
	/* SQLite's private in-memory and temporary databases. */
	return strcmp(path, ":memory:") == 0 || path[0] == '\0';
}

/* Create every missing directory above path, mode 0700, like mkdir -p. */
static int
db_mkdirs(const char *path, char *err, size_t errlen)
{
	char	 dir[4096];
	char	*p;

	if (cet_strlcpy(dir, path, sizeof(dir)) >= sizeof(dir)) {
		(void)cet_fmt(err, errlen, "database path too long: '%s'", path);
		return -1;
	}
	if ((p = strrchr(dir, '/')) == NULL || p == dir)
		return 0;
	*p = '\0';
	for (p = dir + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		if (p[-1] != '/') {
			char	c = *p;

			*p = '\0';
			if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
				(void)cet_fmt(err, errlen, "cannot create "
				    "directory '%s': %s", dir, strerror(errno));
				return -1;
			}
			*p = c;
		}
		if (*p == '\0')
			break;
	}
	return 0;
}

/*
 * Create the database file before SQLite sees it: SQLite would create it
 * with 0644 & ~umask, and a database of people's licenses is nobody else's
 * business. An existing file is left as it is (a service may have made it
 * 0660 for its group).
 */
static int
db_create_file(const char *path, int group, char *err, size_t errlen)
{
	int	fd;

	if (db_mkdirs(path, err, errlen) == -1)
		return -1;
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1 && errno == EEXIST) {
		/* An existing file keeps its mode; a link is still refused. */
		if ((fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC)) != -1) {
			close(fd);
			return 0;
		}
	}
	if (fd == -1) {
		(void)cet_fmt(err, errlen, "cannot create database '%s': %s",
		    path, strerror(errno));
		return -1;
	}
	/* [database] mode = group: 0660 whatever the umask says. */
	if (group && fchmod(fd, 0660) == -1) {
		(void)cet_fmt(err, errlen, "database '%s': %s", path,
		    strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* "001-initial.sql" -> 1; -1 without a number and a dash. */
static int
db_migration_number(const char *name)
{
	int	n = 0;

	if (name[0] < '0' || name[0] > '9')
		return -1;
	for (; *name >= '0' && *name <= '9'; name++) {
		if (n > 99999)
			return -1;
		n = n * 10 + (*name - '0');
	}
	return *name == '-' ? n : -1;
}

int
db_schema_latest(void)
{
	size_t	i;

	/*
	 * db_migrate applies embedded_sql[v] to a file at version v, so the
	 * files must be numbered 1, 2, 3 ... with no gap.
	 */
	for (i = 0; embedded_sql[i].name != NULL; i++) {
		if (db_migration_number(embedded_sql[i].name) != (int)i + 1)
			return -1;
	}
	return (int)i;
}

int
db_schema_version(struct db *db)
{
	int	v;

	if (db_query_int(db, "PRAGMA user_version", &v, NULL, 0) == -1)
		return -1;
	return v;
}

/* An existing file must carry exactly this binary's schema. */
static int
db_check_version(struct db *db, char *err, size_t errlen)
{
	int	v, latest;

	if ((latest = db_schema_latest()) < 0) {
		(void)cet_fmt(err, errlen, "the embedded schema migrations are "
		    "not numbered 001, 002, ... in order");
		return -1;
	}
	if (db_query_int(db, "PRAGMA user_version", &v, err, errlen) == -1)
		return -1;
	if (v == 0) {
		(void)cet_fmt(err, errlen, "database '%s' is not initialised; "
		    "run 'cetrack init'", db->path);
		return -1;
	}
	if (v < 0) {
		(void)cet_fmt(err, errlen, "database '%s' has schema version %d, "
		    "which no cetrack writes (expected 1 to %d)", db->path, v,
		    latest);
		return -1;
	}
	if (v < latest) {
		(void)cet_fmt(err, errlen, "database '%s' has schema version %d, "
		    "this cetrack needs %d; run 'cetrack init' to upgrade",
		    db->path, v, latest);
		return -1;
	}
	if (v > latest) {
		(void)cet_fmt(err, errlen, "database '%s' has schema version %d, "
		    "made by a newer cetrack (this one knows up to %d)",
		    db->path, v, latest);
		return -1;
	}
	return 0;
}

/* What SQLite's error log said of damage (db_corruption_seen). */
static _Atomic int	db_damaged;
static char		db_damaged_msg[256];
static char		db_damaged_path[4096];

static void
db_log(void *arg, int code, const char *msg)
{
	int expected = 0;

	(void)arg;
	/* Not SQLITE_NOTADB: the open says "is not a cetrack database". */
	if ((code & 0xff) != SQLITE_CORRUPT)
		return;
	if (atomic_compare_exchange_strong(&db_damaged, &expected, 1))
		(void)cet_strlcpy(db_damaged_msg, msg != NULL ? msg : "",
		    sizeof(db_damaged_msg));
}

int
db_corruption_seen(char *buf, size_t len)
{
	if (!atomic_load(&db_damaged))
		return 0;
	(void)cet_fmt(buf, len, "database '%s' is damaged (SQLite: %s); run "
	    "'cetrack check', and restore a backup", db_damaged_path,
	    db_damaged_msg);
	return 1;
}

/*
 * Wait for a lock by trying again every millisecond, for at least
 * DB_BUSY_TIMEOUT_MS. SQLite's own busy timeout sleeps ever longer between
 * tries (up to 100 ms), so a writer would miss the gaps that cetrackd's
 * batched pass leaves between its commits (daemon/pass.c) and could wait
 * out the whole pass (issue 16, item 7). A try costs a few system calls.
 */
static int
db_busy(void *arg, int count)
{
	struct timespec ts = { 0, 1000000 };

	(void)arg;
	if (count >= DB_BUSY_TIMEOUT_MS)
		return 0;
	(void)nanosleep(&ts, NULL);
	return 1;
}

int
db_open(struct db *db, const char *path, int flags, char *err, size_t errlen)
{
	struct stat	 sb;
	char		 mode[32];
	int		 oflags, rc, v, memory, readonly, writable, group;

	memset(db, 0, sizeof(*db));
	group = (flags & DB_OPEN_GROUP) != 0;
	flags &= ~DB_OPEN_GROUP;
	if (flags != DB_OPEN_EXISTING && flags != DB_OPEN_CREATE &&
	    flags != DB_OPEN_READONLY) {
		(void)cet_fmt(err, errlen, "db_open: bad flags %d", flags);
		return -1;
	}
	if (cet_strlcpy(db->path, path, sizeof(db->path)) >= sizeof(db->path)) {
		(void)cet_fmt(err, errlen, "database path too long: '%.64s...'",
		    path);
		return -1;
	}
	memory = db_is_memory(path);
	readonly = flags == DB_OPEN_READONLY;

	if (!memory && flags == DB_OPEN_CREATE) {
		if (db_create_file(path, group, err, errlen) == -1)
			return -1;
	} else if (!memory && stat(path, &sb) == -1) {
		if (errno == ENOENT)
			(void)cet_fmt(err, errlen, "database '%s' does not exist; "
			    "run 'cetrack init'", path);
		else
			(void)cet_fmt(err, errlen, "database '%s': %s", path,
			    strerror(errno));
		return -1;
	}

	/*
	 * NOMUTEX: a connection is only ever used by the thread that opened
	 * it, so SQLite need not lock around every call (7 % of a daemon
	 * pass went to the mutexes of sqlite3_column_*).
	 */
	/* Before SQLite initialises itself (the first open): its error log,
	 * where corruption is reported wherever it is met. */
	{
		static int logging;

		if (!logging) {
			logging = 1;
			(void)sqlite3_config(SQLITE_CONFIG_LOG, db_log, NULL);
		}
		if (!memory)
			(void)cet_strlcpy(db_damaged_path, path,
			    sizeof(db_damaged_path));
	}
	oflags = (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
	    SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX;
	if (flags == DB_OPEN_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	if ((rc = sqlite3_open_v2(path, &db->h, oflags, NULL)) != SQLITE_OK) {
		db_seterr(db, rc, "open", err, errlen);
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 1);
	if ((rc = sqlite3_busy_handler(db->h, db_busy, NULL)) != SQLITE_OK) {
		db_seterr(db, rc, "busy timeout", err, errlen);
		goto fail;
	}
	/*
	 * The last connection to close checkpoints the WAL into the main file;
	 * a reader must not, or "read-only" would still write.
	 */
	if (readonly && (rc = sqlite3_db_config(db->h,
	    SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL)) != SQLITE_OK) {
		db_seterr(db, rc, "no checkpoint on close", err, errlen);
		goto fail;
	}
	if (db_exec(db, "PRAGMA foreign_keys = ON", err, errlen) == -1)
		goto fail;
	/*
	 * The first statement that reads the file: a file that is not a
	 * database fails here (SQLITE_NOTADB), before anything is written.
	 */
	if (db_query_int(db, "PRAGMA user_version", &v, err, errlen) == -1)
		goto fail;
	if (flags != DB_OPEN_CREATE && db_check_version(db, err, errlen) == -1)
		goto fail;
	/* Before the journal mode is written: not one of ours, untouched. */
	if (flags == DB_OPEN_CREATE && v < 0) {
		(void)cet_fmt(err, errlen, "database '%s' has schema version %d, "
		    "which no cetrack writes (expected 0 to %d); it was left "
		    "untouched", path, v, db_schema_latest());
		goto fail;
	}

	/* SQLite opens a write-protected file read-only without a word. */
	writable = !readonly && sqlite3_db_readonly(db->h, "main") == 0;
	if (!memory && writable) {
		/* Setting the mode rewrites the header; skip it when it is set. */
		if (db_query_text(db, "PRAGMA journal_mode", mode, sizeof(mode),
		    err, errlen) == -1)
			goto fail;
		if (strcmp(mode, "wal") != 0) {
			if (db_query_text(db, "PRAGMA journal_mode = WAL", mode,
			    sizeof(mode), err, errlen) == -1)
				goto fail;
			if (strcmp(mode, "wal") != 0) {
				(void)cet_fmt(err, errlen, "database '%s': cannot "
				    "use WAL (journal mode stays %s)", path, mode);
				goto fail;
			}
		}
	}
	/* WAL makes NORMAL durable against crashes, only not power loss. */
	if (db_exec(db, "PRAGMA synchronous = NORMAL", err, errlen) == -1)
		goto fail;
	return 0;
fail:
	db_close(db);
	return -1;
}

void
db_close(struct db *db)
{
	size_t	i;

	if (db == NULL)
		return;
	for (i = 0; i < db->ncache; i++)
		sqlite3_finalize(db->cache[i].stmt);
	free(db->cache);
	db->cache = NULL;
	db->ncache = 0;
	/* _v2: a statement someone forgot keeps the handle alive, not leaked. */
	if (db->h != NULL)
		sqlite3_close_v2(db->h);
	db->h = NULL;
}

int
db_migrate(struct db *db, int *from, int *to, char *err, size_t errlen)
{
	const struct embedded_file	*m;
	char				 sql[64];
	char				*msg = NULL;
	int				 latest, first, cur, rc, intx = 0;
	int				 ret = -1;

	if ((latest = db_schema_latest()) < 0) {
		(void)cet_fmt(err, errlen, "the embedded schema migrations are "
		    "not numbered 001, 002, ... in order");
		return -1;
	}
	if (db_query_int(db, "PRAGMA user_version", &first, err, errlen) == -1)
		return -1;
	cur = first;
	for (;;) {
		/*
		 * Read the version again under the write lock: a second
		 * `cetrack init` running at the same time may have got there
		 * first, and must then not apply the same migration twice.
		 */
		if (db_begin(db, err, errlen) == -1)
			goto out;
		intx = 1;
		if (db_query_int(db, "PRAGMA user_version", &cur, err,
		    errlen) == -1)
			goto out;
		if (cur > latest) {
			(void)cet_fmt(err, errlen, "database '%s' has schema "
			    "version %d, made by a newer cetrack (this one "
			    "knows up to %d)", db->path, cur, latest);
			goto out;
		}
		/* A version no cetrack writes: index nothing with it. */
		if (cur < 0) {
			(void)cet_fmt(err, errlen, "database '%s' has schema "
			    "version %d, which no cetrack writes (expected 0 to "
			    "%d); it was left untouched", db->path, cur, latest);
			goto out;
		}
		if (cur == latest)
			break;
		m = &embedded_sql[cur];
		if ((rc = sqlite3_exec(db->h, m->data, NULL, NULL, &msg)) !=
		    SQLITE_OK) {
			(void)cet_fmt(err, errlen, "database '%s': migration %s "
			    "failed: %s", db->path, m->name,
			    msg != NULL ? msg : sqlite3_errstr(rc));
			goto out;
		}
		/* A PRAGMA takes no parameters; the number is ours. */
		if (cet_fmt(sql, sizeof(sql), "PRAGMA user_version = %d",
		    cur + 1) == -1) {
			(void)cet_fmt(err, errlen, "migration %s: version too "
			    "large", m->name);
			goto out;
		}
		if (db_exec(db, sql, err, errlen) == -1)
			goto out;
		if (db_commit(db, err, errlen) == -1)
			goto out;
		intx = 0;
		cur++;
	}
	if (db_commit(db, err, errlen) == -1)
		goto out;
	intx = 0;
	if (from != NULL)
		*from = first;
	if (to != NULL)
		*to = cur;
	ret = 0;
out:
	sqlite3_free(msg);
	if (intx)
		db_rollback(db);
	return ret;
}

int
db_begin(struct db *db, char *err, size_t errlen)
{
	return db_exec(db, "BEGIN IMMEDIATE", err, errlen);
}

int
db_begin_read(struct db *db, char *err, size_t errlen)
{
	return db_exec(db, "BEGIN DEFERRED", err, errlen);
}

int
db_commit(struct db *db, char *err, size_t errlen)
{
	return db_exec(db, "COMMIT", err, errlen);
}

void
db_rollback(struct db *db)
{
	/* A failed statement may already have rolled the transaction back. */
	if (db_in_transaction(db))
		(void)sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

int
db_in_transaction(struct db *db)
{
	return db->h != NULL && !sqlite3_get_autocommit(db->h);
}

int
db_err(struct db *db, const char *what, char *err, size_t errlen)
{
	if (err != NULL && errlen > 0 && !db_full(db, err, errlen))
		(void)cet_fmt(err, errlen, "%s: %s", what,
		    sqlite3_errmsg(db->h));
	return -1;
}

int
db_prepare(struct db *db, sqlite3_stmt **stmt, const char *sql, char *err,
    size_t errlen)
{
	int	rc;

	*stmt = NULL;
	if ((rc = sqlite3_prepare_v2(db->h, sql, -1, stmt, NULL)) != SQLITE_OK) {
		db_seterr(db, rc, "prepare", err, errlen);
		sqlite3_finalize(*stmt);
		*stmt = NULL;
		return -1;
	}
	return 0;
}

int
db_cached(struct db *db, sqlite3_stmt **stmt, const char *sql, char *err,
    size_t errlen)
{
	size_t	i;
	int	rc;

	*stmt = NULL;
	for (i = 0; i < db->ncache; i++) {
		if (db->cache[i].sql != sql)
			continue;
		/* Busy means a caller did not release it: nested use. */
		if (sqlite3_stmt_busy(db->cache[i].stmt)) {
			(void)cet_fmt(err, errlen, "database '%s': statement "
			    "already in use: %.60s", db->path, sql);
			return -1;
		}
		*stmt = db->cache[i].stmt;
		return 0;
	}
	/* PERSISTENT: SQLite expects the statement to live long. */
	if ((rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    stmt, NULL)) != SQLITE_OK) {
		db_seterr(db, rc, "prepare", err, errlen);
		sqlite3_finalize(*stmt);
		*stmt = NULL;
		return -1;
	}
	db->cache = xreallocarray(db->cache, db->ncache + 1,
	    sizeof(*db->cache));
	db->cache[db->ncache].sql = sql;
	db->cache[db->ncache].stmt = *stmt;
	db->ncache++;
	return 0;
}

void
db_release(sqlite3_stmt *stmt)
{
	if (stmt == NULL)
		return;
	/* Reset ends the statement's read of the database (and its lock). */
	(void)sqlite3_reset(stmt);
	(void)sqlite3_clear_bindings(stmt);
}

int
db_bind_text(sqlite3_stmt *stmt, int idx, const char *s, int null_if_empty)
{
	int	rc;

	if (s == NULL || (null_if_empty && s[0] == '\0'))
		rc = sqlite3_bind_null(stmt, idx);
	else
		rc = sqlite3_bind_text(stmt, idx, s, -1, SQLITE_TRANSIENT);
	return rc == SQLITE_OK ? 0 : -1;
}

int
db_column_copy(sqlite3_stmt *stmt, int col, char *buf, size_t len)
{
	const unsigned char	*s;
	size_t			 n;

	if (len == 0)
		return -1;
	if ((s = sqlite3_column_text(stmt, col)) == NULL) {
		buf[0] = '\0';
		return 0;
	}
	/* The length sqlite3 already knows, not strlen's. */
	n = (size_t)sqlite3_column_bytes(stmt, col);
	if (n >= len) {
		cet_strlcpy(buf, (const char *)s, len);
		return -1;
	}
	memcpy(buf, s, n + 1);
	return 0;
}

int
db_checkpoint(struct db *db, char *err, size_t errlen)
{
	int rc;

	rc = sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_PASSIVE,
	    NULL, NULL);
	/* BUSY: another connection is checkpointing; it does the work. */
	if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
		db_seterr(db, rc, "checkpoint", err, errlen);
		return -1;
	}
	return 0;
}

int
db_backup(struct db *db, const char *path, char *err, size_t errlen)
{
	sqlite3		*dst = NULL;
	sqlite3_backup	*b = NULL;
	int		 fd, rc, tries, ret = -1, created = 0;

	/* O_EXCL: a backup never overwrites anything, least of all a database. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1) {
		if (errno == EEXIST)
			(void)cet_fmt(err, errlen, "backup '%s' already exists; "
			    "choose a new file", path);
		else
			(void)cet_fmt(err, errlen, "cannot create backup '%s': %s",
			    path, strerror(errno));
		return -1;
	}
	close(fd);
	created = 1;

	if ((rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOFOLLOW, NULL)) != SQLITE_OK) {
		(void)cet_fmt(err, errlen, "backup '%s': %s", path,
		    dst != NULL ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
		goto out;
	}
	if ((b = sqlite3_backup_init(dst, "main", db->h, "main")) == NULL) {
		(void)cet_fmt(err, errlen, "backup '%s': %s", path,
		    sqlite3_errmsg(dst));
		goto out;
	}
	/*
	 * Copy everything in one step. In WAL mode a writer never blocks it;
	 * a checkpoint or a rollback-mode writer may, so wait a little.
	 */
	for (tries = 0; tries < 100; tries++) {
		rc = sqlite3_backup_step(b, -1);
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
		sqlite3_sleep(50);
	}
	rc = sqlite3_backup_finish(b);
	b = NULL;
	if (rc != SQLITE_OK) {
		(void)cet_fmt(err, errlen, "backup '%s': %s", path,
		    sqlite3_errmsg(dst));
		goto out;
	}
	ret = 0;
out:
	if (b != NULL)
		(void)sqlite3_backup_finish(b);
	if (dst != NULL && sqlite3_close(dst) != SQLITE_OK && ret == 0) {
		(void)cet_fmt(err, errlen, "backup '%s': close failed", path);
		ret = -1;
	}
	/* Leave no half-written copy that someone might restore from. */
	if (ret == -1 && created)
		(void)unlink(path);
	return ret;
}

/* Column text, never NULL. */
static const char *
db_text(sqlite3_stmt *stmt, int col)
{
	const unsigned char	*s;

	s = sqlite3_column_text(stmt, col);
	return s != NULL ? (const char *)s : "";
}

int
db_check(struct db *db, struct errlist *problems, char *err, size_t errlen)
{
	sqlite3_stmt	*stmt = NULL;
	const char	*s;
	int		 rc, bad = 0, ret = -1;

	if (db_prepare(db, &stmt, "PRAGMA integrity_check", err, errlen) == -1)
		goto out;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		s = db_text(stmt, 0);
		if (strcmp(s, "ok") == 0)
			continue;
		errlist_add(problems, "integrity: %s", s);
		bad = 1;
	}
	if (rc != SQLITE_DONE) {
		db_seterr(db, rc, "integrity_check", err, errlen);
		goto out;
	}
	sqlite3_finalize(stmt);
	stmt = NULL;

	if (db_prepare(db, &stmt, "PRAGMA foreign_key_check", err,
	    errlen) == -1)
		goto out;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		/* Columns: table, rowid (NULL WITHOUT ROWID), parent, fkid. */
		if (sqlite3_column_type(stmt, 1) == SQLITE_NULL)
			errlist_add(problems, "foreign key: a row of %s refers "
			    "to a missing %s", db_text(stmt, 0),
			    db_text(stmt, 2));
		else
			errlist_add(problems, "foreign key: %s %lld refers to "
			    "a missing %s", db_text(stmt, 0),
			    (long long)sqlite3_column_int64(stmt, 1),
			    db_text(stmt, 2));
		bad = 1;
	}
	if (rc != SQLITE_DONE) {
		db_seterr(db, rc, "foreign_key_check", err, errlen);
		goto out;
	}
	ret = bad;
out:
	sqlite3_finalize(stmt);
	return ret;
}
