/* SPDX-License-Identifier: ISC */
/*
 * Certificates of completion, kept in the database (table certificate,
 * sql/006-certificates.sql) under the hex SHA-256 of their bytes, with the
 * file's name, its media type (base/sniff.h) and size. activity.certificate
 * names the digest; the same file logged for two activities is one row.
 *
 * cert_read takes a file from outside: it opens it without blocking and
 * without following a symbolic link, accepts only a regular file of at
 * most `max` bytes, and reads, hashes (nettle's SHA-256) and sniffs it.
 * The store functions write and read the rows inside the caller's
 * transaction, check them (`cetrack check`) and read in the certificates/
 * folder that cetrack kept beside a database before schema 6 (`cetrack
 * init`).
 */
#ifndef CETRACK_CERT_H
#define CETRACK_CERT_H

#include <stddef.h>

#include "store/db.h"
#include "base/util.h"

#define CERT_HEX_LEN	64			/* hex SHA-256 */
#define CERT_NAME_MAX	256			/* a file name, with its NUL */
#define CERT_TYPE_MAX	128			/* a media type, with its NUL */
#define CERT_TIME_MAX	24			/* YYYY-MM-DDTHH:MM:SSZ */
/* The largest certificate a configuration may allow ([database]
 * certificate_max_mb), and what cetrack before schema 6 accepted into
 * its folder (an upgrade takes in every file the old one took). */
#define CERT_MAX_LIMIT	(64LL * 1024 * 1024)
#define CERT_DIR_NAME	"certificates"

struct cert {
	char		 digest[CERT_HEX_LEN + 1];
	char		 name[CERT_NAME_MAX];	/* "" : not known */
	char		 media_type[CERT_TYPE_MAX];
	long long	 size;
	unsigned char	*data;			/* size bytes, malloc'ed; NULL
						 * when not read */
	char		 created[CERT_TIME_MAX];/* "" : now, on store */
};

/*
 * Read the certificate at path: a regular file (not a directory, FIFO,
 * device or symbolic link), not empty, of at most max bytes. Fills every field (name:
 * the last component of path). Returns 0, or -1 with a one-line message
 * that starts with path and says what is accepted.
 */
int	 cert_read(const char *path, long long max, struct cert *, char *err,
	    size_t errlen);
void	 cert_free(struct cert *);

/* The hex SHA-256 of len bytes into hex (CERT_HEX_LEN + 1 bytes). */
void	 cert_hash(const void *, size_t len, char *hex);

/* 1 when s is 64 lower-case hex digits. */
int	 cert_hex_ok(const char *s);

/* "4.2 MiB", "812 KiB", "312 bytes". */
char	*cert_size_text(long long size, char *buf, size_t len);

/*
 * Store a certificate (data and size set, digest their SHA-256: checked
 * here, whoever filled it). The same digest stored already is kept as it
 * is, and *added (may be NULL) is 0. Returns 0 or -1.
 */
int	 store_cert_put(struct db *, const struct cert *, int *added,
	    char *err, size_t errlen);

/* The certificate with this digest, with its bytes when with_data (free
 * them with cert_free). Not there: -1 with "no certificate DIGEST...". */
int	 store_cert_get(struct db *, const char *digest, int with_data,
	    struct cert *, char *err, size_t errlen);

/*
 * Every stored certificate's bytes against its digest and size, and every
 * activity's certificate against the table: each problem one line in
 * problems. Sets *ncerts to the number of certificates stored. Returns
 * the number of problems, or -1 with a message.
 */
long	 store_cert_check(struct db *, struct errlist *problems,
	    long long *ncerts, char *err, size_t errlen);

/* The certificates/ folder a database of schema 5 or older kept beside
 * itself: "<dir of db>/certificates". */
int	 cert_dir(const char *db_path, char *buf, size_t len);

struct cert_upgrade {
	size_t	 stored;	/* files taken into the table */
	size_t	 mismatched;	/* a file whose bytes do not hash to its name */
	size_t	 unreadable;	/* missing, not a regular file, too large ... */
};

/*
 * Take into the table, from dir, the file named by each digest that an
 * activity names and the table lacks, when its bytes hash to its name
 * (name NULL, the type sniffed). A file that is missing, unreadable or
 * does not match is left out, with one line in notes naming it and the
 * activities that refer to it. Inside the caller's transaction; the
 * folder is not changed. Returns 0 or -1 (a database error).
 */
int	 store_cert_upgrade(struct db *, const char *dir,
	    struct cert_upgrade *, struct errlist *notes, char *err,
	    size_t errlen);

#endif
