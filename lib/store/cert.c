/* SPDX-License-Identifier: ISC */
/*
 * Certificates: reading one from a file, and its row in the database.
 *
 * A file comes from outside (an argument, a transcript's cell, the old
 * folder), so cert_read opens it O_NONBLOCK (a FIFO or a terminal never
 * blocks the open) and O_NOFOLLOW (a symbolic link is refused rather than
 * followed to wherever it points), then fstat()s the descriptor it opened
 * and refuses anything but a regular file, before reading a byte. The size
 * is checked against fstat and again while reading, as the file may grow.
 *
 * The row is written with ON CONFLICT (digest) DO NOTHING rather than
 * INSERT OR IGNORE: the bytes are stored once, but a CHECK that fails is
 * still an error and not a silently skipped row.
 */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nettle/sha2.h>

#include "base/sniff.h"
#include "base/util.h"
#include "store/cert.h"
#include "store/db.h"
#include "store/store_int.h"

#define CERT_BUFSZ		65536
#define CERT_REPORT_MAX		20	/* activities listed per problem */

static const char	*cert_kind(mode_t);
static int		 cert_read_fd(int, const char *, long long,
			    long long, struct cert *, char *, size_t);
static void		 cert_ids(struct db *, const char *, char *, size_t);

static const char sql_cert_put[] =
    "INSERT INTO certificate (digest, name, media_type, size, data, created) "
    "VALUES (?1, ?2, ?3, ?4, ?5, COALESCE(?6, " STORE_NOW ")) "
    "ON CONFLICT (digest) DO NOTHING";
static const char sql_cert_get[] =
    "SELECT name, media_type, size, created, CASE WHEN ?2 THEN data END "
    "FROM certificate WHERE digest = ?1";
static const char sql_cert_all[] =
    "SELECT digest, size, data FROM certificate ORDER BY digest";
/* Through the covering index activity_person (003): no blob, no table. */
static const char sql_cert_missing[] =
    "SELECT a.certificate, count(*), min(a.id) FROM activity a "
    "WHERE a.certificate IS NOT NULL AND NOT EXISTS "
    "(SELECT 1 FROM certificate c WHERE c.digest = a.certificate) "
    "GROUP BY a.certificate ORDER BY min(a.id)";
static const char sql_cert_users[] =
    "SELECT id FROM activity WHERE certificate = ?1 ORDER BY id";

/* What a file that is not a regular file is, for the message. */
static const char *
cert_kind(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISCHR(m) || S_ISBLK(m))
		return "a device";
	if (S_ISSOCK(m))
		return "a socket";
	return "of another kind";
}

void
cert_hash(const void *data, size_t len, char *hex)
{
	static const char	digits[] = "0123456789abcdef";
	struct sha256_ctx	ctx;
	unsigned char		md[SHA256_DIGEST_SIZE];
	size_t			i;

	sha256_init(&ctx);
	/* nettle takes the length as size_t but feeds it in blocks. */
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, sizeof(md), md);
	for (i = 0; i < sizeof(md); i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 0xf];
	}
	hex[2 * sizeof(md)] = '\0';
}

int
cert_hex_ok(const char *s)
{
	return strlen(s) == CERT_HEX_LEN &&
	    strspn(s, "0123456789abcdef") == CERT_HEX_LEN;
}

char *
cert_size_text(long long size, char *buf, size_t len)
{
	if (size >= 1024LL * 1024)
		(void)cet_fmt(buf, len, "%.1f MiB", (double)size /
		    (1024.0 * 1024.0));
	else if (size >= 1024)
		(void)cet_fmt(buf, len, "%lld KiB", (size + 1023) / 1024);
	else
		(void)cet_fmt(buf, len, "%lld byte%s", size,
		    size == 1 ? "" : "s");
	return buf;
}

void
cert_free(struct cert *c)
{
	if (c == NULL)
		return;
	free(c->data);
	c->data = NULL;
}

/* Read all of fd (hint: its size by fstat) into c->data. */
static int
cert_read_fd(int fd, const char *path, long long hint, long long max,
    struct cert *c, char *err, size_t errlen)
{
	char		 lim[32];
	size_t		 cap, n = 0;
	ssize_t		 r;

	cap = hint > 0 ? (size_t)hint + 1 : CERT_BUFSZ;
	c->data = xmalloc(cap);
	for (;;) {
		if (n == cap) {
			cap = cap * 2 > (size_t)max + 1 ? (size_t)max + 1 :
			    cap * 2;
			c->data = xreallocarray(c->data, cap, 1);
		}
		if ((r = read(fd, c->data + n, cap - n)) == -1) {
			if (errno == EINTR)
				continue;
			(void)cet_fmt(err, errlen, "%s: %s", path,
			    strerror(errno));
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		/* It grew past the limit after fstat. */
		if ((long long)n > max) {
			(void)cet_fmt(err, errlen, "%s: larger than %s, "
			    "expected at most that ([database] "
			    "certificate_max_mb)", path,
			    cert_size_text(max, lim, sizeof(lim)));
			return -1;
		}
	}
	c->size = (long long)n;
	return 0;
}

int
cert_read(const char *path, long long max, struct cert *c, char *err,
    size_t errlen)
{
	struct stat	 st;
	const char	*base;
	char		 lim[32], sz[32];
	int		 fd, e, rc = -1;

	memset(c, 0, sizeof(*c));
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY |
	    O_CLOEXEC);
	if (fd == -1) {
		e = errno;
		/* O_NOFOLLOW fails with ELOOP on a symbolic link. */
		if (e == ELOOP && lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
			(void)cet_fmt(err, errlen, "%s: a symbolic link, "
			    "expected the certificate file itself", path);
		else
			(void)cet_fmt(err, errlen, "%s: %s", path, strerror(e));
		return -1;
	}
	if (fstat(fd, &st) == -1) {
		(void)cet_fmt(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		(void)cet_fmt(err, errlen, "%s: not a regular file (%s), "
		    "expected a certificate file such as a PDF or an image",
		    path, cert_kind(st.st_mode));
		goto out;
	}
	if (st.st_size > max) {
		(void)cet_fmt(err, errlen, "%s: %s, larger than %s, expected "
		    "at most that ([database] certificate_max_mb)", path,
		    cert_size_text(st.st_size, sz, sizeof(sz)),
		    cert_size_text(max, lim, sizeof(lim)));
		goto out;
	}
	if (cert_read_fd(fd, path, st.st_size, max, c, err, errlen) == -1)
		goto out;
	if (c->size == 0) {
		(void)cet_fmt(err, errlen, "%s: empty, expected a certificate "
		    "file such as a PDF or an image", path);
		goto out;
	}
	cert_hash(c->data, (size_t)c->size, c->digest);
	(void)cet_strlcpy(c->media_type, sniff_media_type(c->data,
	    (size_t)c->size), sizeof(c->media_type));
	base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	/* A name that does not fit, or is not one line of UTF-8, is not
	 * kept: the bytes are what matters. */
	if (cet_strlcpy(c->name, base, sizeof(c->name)) >= sizeof(c->name) ||
	    !cet_utf8_valid(c->name) || strpbrk(c->name, "\r\n\t") != NULL)
		c->name[0] = '\0';
	rc = 0;
out:
	(void)close(fd);
	if (rc == -1)
		cert_free(c);
	return rc;
}

int
store_cert_put(struct db *db, const struct cert *c, int *added, char *err,
    size_t errlen)
{
	sqlite3_stmt	*s;
	char		 hex[CERT_HEX_LEN + 1];
	int		 ret = -1;

	if (added != NULL)
		*added = 0;
	if (c->size < 0 || (c->size > 0 && c->data == NULL)) {
		store_err(err, errlen, "certificate: no bytes to store");
		return -1;
	}
	cert_hash(c->data != NULL ? c->data : (const unsigned char *)"",
	    (size_t)c->size, hex);
	if (strcmp(hex, c->digest) != 0) {
		store_err(err, errlen, "certificate %s: the bytes hash to %s, "
		    "expected the digest they are stored under", c->digest,
		    hex);
		return -1;
	}
	if (db_cached(db, &s, sql_cert_put, err, errlen) == -1)
		return -1;
	if (db_bind_text(s, 1, c->digest, 0) == -1 ||
	    db_bind_text(s, 2, c->name, 1) == -1 ||
	    db_bind_text(s, 3, c->media_type, 0) == -1 ||
	    sqlite3_bind_int64(s, 4, c->size) != SQLITE_OK ||
	    sqlite3_bind_blob64(s, 5, c->data != NULL ? c->data :
	    (const void *)"", (sqlite3_uint64)c->size, SQLITE_STATIC) !=
	    SQLITE_OK ||
	    db_bind_text(s, 6, c->created, 1) == -1) {
		db_err(db, "certificate", err, errlen);
		goto out;
	}
	if (sqlite3_step(s) != SQLITE_DONE) {
		db_err(db, "certificate", err, errlen);
		goto out;
	}
	if (added != NULL)
		*added = sqlite3_changes(db->h) > 0;
	ret = 0;
out:
	db_release(s);
	return ret;
}

int
store_cert_get(struct db *db, const char *digest, int with_data,
    struct cert *c, char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	const void	*blob;
	int		 rc, ret = -1;

	memset(c, 0, sizeof(*c));
	if (db_cached(db, &s, sql_cert_get, err, errlen) == -1)
		return -1;
	if (db_bind_text(s, 1, digest, 0) == -1 ||
	    sqlite3_bind_int(s, 2, with_data != 0) != SQLITE_OK) {
		db_err(db, "certificate", err, errlen);
		goto out;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_DONE) {
		store_err(err, errlen, "no certificate %s is stored", digest);
		goto out;
	}
	if (rc != SQLITE_ROW) {
		db_err(db, "certificate", err, errlen);
		goto out;
	}
	(void)cet_strlcpy(c->digest, digest, sizeof(c->digest));
	if (db_column_copy(s, 0, c->name, sizeof(c->name)) == -1 ||
	    db_column_copy(s, 1, c->media_type, sizeof(c->media_type)) == -1 ||
	    db_column_copy(s, 3, c->created, sizeof(c->created)) == -1) {
		store_err(err, errlen, "certificate %s: a stored field is too "
		    "long", digest);
		goto out;
	}
	c->size = sqlite3_column_int64(s, 2);
	if (with_data) {
		blob = sqlite3_column_blob(s, 4);
		/* The bytes, whatever size says: check() compares them. */
		c->size = sqlite3_column_bytes(s, 4);
		c->data = xmalloc(c->size > 0 ? (size_t)c->size : 1);
		if (c->size > 0)
			memcpy(c->data, blob, (size_t)c->size);
	}
	ret = 0;
out:
	db_release(s);
	return ret;
}

/* "activity 3" or "activities 3, 7, 12 ..." using digest (for a problem). */
static void
cert_ids(struct db *db, const char *digest, char *buf, size_t len)
{
	sqlite3_stmt	*s;
	size_t		 used = 0, n = 0;
	int		 w;

	buf[0] = '\0';
	if (db_cached(db, &s, sql_cert_users, NULL, 0) == -1)
		return;
	if (db_bind_text(s, 1, digest, 0) == -1)
		goto out;
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (n == CERT_REPORT_MAX) {
			w = snprintf(buf + used, len - used, " ...");
			break;
		}
		w = snprintf(buf + used, len - used, "%s%" PRId64,
		    n == 0 ? "" : ", ", (int64_t)sqlite3_column_int64(s, 0));
		if (w < 0 || (size_t)w >= len - used)
			break;
		used += (size_t)w;
		n++;
	}
	if (n == 0)
		(void)cet_strlcpy(buf, "no activity", len);
out:
	db_release(s);
}

long
store_cert_check(struct db *db, struct errlist *problems, long long *ncerts,
    char *err, size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	const void	*blob;
	char		 hex[CERT_HEX_LEN + 1], digest[CERT_HEX_LEN + 1];
	char		 ids[256];
	long long	 size, n;
	long		 bad = 0, ret = -1;
	int		 rc;

	*ncerts = 0;
	if (db_prepare(db, &s, sql_cert_all, err, errlen) == -1)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		(*ncerts)++;
		if (db_column_copy(s, 0, digest, sizeof(digest)) == -1)
			digest[0] = '\0';
		size = sqlite3_column_int64(s, 1);
		blob = sqlite3_column_blob(s, 2);
		n = sqlite3_column_bytes(s, 2);
		cert_hash(blob != NULL ? blob : "", (size_t)n, hex);
		if (strcmp(hex, digest) == 0 && n == size)
			continue;
		cert_ids(db, digest, ids, sizeof(ids));
		if (strcmp(hex, digest) != 0)
			errlist_add(problems, "certificate %s (activity %s): "
			    "the stored bytes hash to %s, expected their "
			    "digest; restore it from a backup or log the file "
			    "again", digest, ids, hex);
		else
			errlist_add(problems, "certificate %s (activity %s): "
			    "%lld bytes stored, expected %lld", digest, ids,
			    n, size);
		bad++;
	}
	if (rc != SQLITE_DONE) {
		db_err(db, "certificate", err, errlen);
		goto out;
	}
	sqlite3_finalize(s);
	if (db_prepare(db, &s, sql_cert_missing, err, errlen) == -1)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (db_column_copy(s, 0, digest, sizeof(digest)) == -1)
			digest[0] = '\0';
		n = sqlite3_column_int64(s, 1);
		if (n == 1)
			errlist_add(problems, "activity %lld: certificate %s "
			    "is not stored; log the file again with 'cetrack "
			    "ce log --certificate' or restore a backup",
			    (long long)sqlite3_column_int64(s, 2), digest);
		else
			errlist_add(problems, "activity %lld and %lld more: "
			    "certificate %s is not stored; log the file again "
			    "or restore a backup",
			    (long long)sqlite3_column_int64(s, 2), n - 1,
			    digest);
		bad++;
	}
	if (rc != SQLITE_DONE) {
		db_err(db, "activity", err, errlen);
		goto out;
	}
	ret = bad;
out:
	sqlite3_finalize(s);
	return ret;
}

int
cert_dir(const char *db_path, char *buf, size_t len)
{
	const char	*slash;
	int		 n;

	if ((slash = strrchr(db_path, '/')) == NULL)
		return cet_fmt(buf, len, "%s", CERT_DIR_NAME);
	if (slash == db_path)
		return cet_fmt(buf, len, "/%s", CERT_DIR_NAME);
	n = (int)(slash - db_path);
	return cet_fmt(buf, len, "%.*s/%s", n, db_path, CERT_DIR_NAME);
}

int
store_cert_upgrade(struct db *db, const char *dir, struct cert_upgrade *u,
    struct errlist *notes, char *err, size_t errlen)
{
	sqlite3_stmt	*s = NULL;
	struct cert	 c;
	char		 path[4096], msg[1024], ids[256];
	char		 (*want)[CERT_HEX_LEN + 1] = NULL;
	size_t		 nwant = 0, i;
	int		 rc, ret = -1;

	memset(u, 0, sizeof(*u));
	/* The digests first: no statement stays open across the writes. */
	if (db_prepare(db, &s, sql_cert_missing, err, errlen) == -1)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		want = xreallocarray(want, nwant + 1, sizeof(*want));
		if (db_column_copy(s, 0, want[nwant], sizeof(*want)) == -1 ||
		    !cert_hex_ok(want[nwant]))
			continue;	/* the CHECK of 001 makes it 64 long */
		nwant++;
	}
	if (rc != SQLITE_DONE) {
		db_err(db, "activity", err, errlen);
		goto out;
	}
	sqlite3_finalize(s);
	s = NULL;
	for (i = 0; i < nwant; i++) {
		cert_ids(db, want[i], ids, sizeof(ids));
		if (cet_fmt(path, sizeof(path), "%s/%s", dir, want[i]) == -1) {
			store_err(err, errlen, "%s: the path is too long", dir);
			goto out;
		}
		if (cert_read(path, CERT_MAX_LIMIT, &c, msg, sizeof(msg)) ==
		    -1) {
			errlist_add(notes, "activity %s: %s; not stored", ids,
			    msg);
			u->unreadable++;
			continue;
		}
		if (strcmp(c.digest, want[i]) != 0) {
			errlist_add(notes, "activity %s: %s: the bytes hash to "
			    "%s, not to the file's name; not stored", ids,
			    path, c.digest);
			u->mismatched++;
			cert_free(&c);
			continue;
		}
		/* Named by its digest: the original name was never kept. */
		c.name[0] = '\0';
		rc = store_cert_put(db, &c, NULL, err, errlen);
		cert_free(&c);
		if (rc == -1)
			goto out;
		u->stored++;
	}
	ret = 0;
out:
	sqlite3_finalize(s);
	free(want);
	return ret;
}
