/* SPDX-License-Identifier: ISC */
/*
 * Certificates of completion: a copy of the file a provider issued, kept
 * next to the database under the hex SHA-256 of its contents (so the same
 * certificate stored twice is one file, and the digest in the activity row
 * proves which file it was). Digests use OpenSSL's EVP interface (-lcrypto).
 */
#ifndef CETRACK_CERT_H
#define CETRACK_CERT_H

#include <stddef.h>

#define CERT_HEX_LEN	64			/* hex SHA-256 */
#define CERT_MAX_SIZE	(64L * 1024 * 1024)	/* a PDF or a photo, not a video */
#define CERT_DIR_NAME	"certificates"

/* The hex SHA-256 of the file at path into hex (CERT_HEX_LEN + 1 bytes).
 * Returns 0, or -1 with a message naming the file. */
int	 cert_digest(const char *path, char *hex, char *err, size_t errlen);

/* The certificate directory for a database: "<dir of db>/certificates". */
int	 cert_dir(const char *db_path, char *buf, size_t len);

/*
 * Copy the regular file src (at most CERT_MAX_SIZE bytes) into dir, which
 * is created with mode 0700 if missing, as "<dir>/<sha256>" with mode 0600,
 * hashing what is copied so the name always matches the contents. Sets hex
 * and *created (0 when an identical copy was already stored). Returns 0, or
 * -1 with a message and nothing left behind.
 */
int	 cert_store(const char *src, const char *dir, char *hex, int *created,
	    char *err, size_t errlen);

/* Remove a stored copy (to undo cert_store when the database write that
 * needed it failed). Returns 0 or -1. */
int	 cert_remove(const char *dir, const char *hex);

#endif
