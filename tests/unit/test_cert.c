/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for certificates: the media type from magic bytes
 * (lib/base/sniff.c), reading a file from outside (a FIFO never blocks, a
 * directory, a symbolic link and an over-limit file are refused with one
 * line each), and the certificate table (lib/store/cert.c) in an
 * in-memory database of the real schema: stored once per digest, bytes
 * that do not hash to their digest refused, given back byte for byte,
 * checked (a corrupted blob, an activity whose certificate is not stored)
 * and the folder of schema 5 taken in by the upgrade.
 */

#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "helpers.h"
#include "base/sniff.h"
#include "base/util.h"
#include "store/cert.h"
#include "store/db.h"
#include "store/store.h"

static struct db	db;
static char		err[1024];
static char		dir[256];

static void
setup(void)
{
	cr_assert_eq(db_open(&db, ":memory:", DB_OPEN_CREATE, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(db_migrate(&db, NULL, NULL, err, sizeof(err)), 0, "%s",
	    err);
	scratch_make(dir, sizeof(dir), "cert");
}

static void
teardown(void)
{
	db_close(&db);
	scratch_remove(dir);
}

TestSuite(cert, .init = setup, .fini = teardown);

/* Write len bytes to dir/name; the path into path. */
static void
put_file(const char *name, const void *data, size_t len, char *path,
    size_t plen)
{
	FILE	*f;

	cr_assert_neq(cet_fmt(path, plen, "%s/%s", dir, name), -1);
	cr_assert_not_null(f = fopen(path, "wb"));
	cr_assert_eq(fwrite(data, 1, len, f), len);
	cr_assert_eq(fclose(f), 0);
}

static int64_t
person_with_activity(const char *digest)
{
	struct person	p;
	struct activity	a;

	memset(&p, 0, sizeof(p));
	(void)cet_strlcpy(p.name, "Dana Reyes, RN, CCM", sizeof(p.name));
	p.active = 1;
	cr_assert_eq(store_person_add(&db, &p, err, sizeof(err)), 0, "%s",
	    err);
	memset(&a, 0, sizeof(a));
	a.person_id = p.id;
	(void)cet_strlcpy(a.title, "Ethics in Case Management",
	    sizeof(a.title));
	(void)cet_strlcpy(a.format, "live", sizeof(a.format));
	a.date = D("2026-03-02");
	a.amount.unit = HOURS_UNIT_HOUR;
	a.amount.centi = 150;
	(void)cet_strlcpy(a.certificate, digest, sizeof(a.certificate));
	cr_assert_eq(store_activity_add(&db, &a, err, sizeof(err)), 0, "%s",
	    err);
	return a.id;
}

/* -- sniffing -------------------------------------------------------- */

Test(cert, sniff_the_common_types)
{
	static const struct {
		const char	*bytes;
		size_t		 len;
		const char	*type;
	} t[] = {
		{ "%PDF-1.7\n", 9, "application/pdf" },
		{ "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, "image/png" },
		{ "\xff\xd8\xff\xe0\0\x10JFIF", 10, "image/jpeg" },
		{ "GIF89a\x01\0", 8, "image/gif" },
		{ "GIF87a", 6, "image/gif" },
		{ "RIFF\x24\0\0\0WEBPVP8 ", 16, "image/webp" },
		{ "II*\0\x08\0\0\0", 8, "image/tiff" },
		{ "MM\0*\0\0\0\x08", 8, "image/tiff" },
		{ "\0\0\0\x18" "ftypheic\0\0\0\0mif1heic", 24, "image/heic" },
		{ "\0\0\0\x18" "ftypmif1\0\0\0\0mif1heic", 24, "image/heif" },
		{ "\0\0\0\x1c" "ftypavif\0\0\0\0avifmif1", 24, "image/avif" },
		/* Near misses. */
		{ "RIFF\x24\0\0\0WAVEfmt ", 16, SNIFF_OCTET },
		{ "\0\0\0\x08" "ftypheic", 12, SNIFF_OCTET },
		{ "\0\0\0\x18" "ftypmp42", 12, SNIFF_OCTET },
		{ "%PD", 3, SNIFF_OCTET },
		{ "Certificate of completion", 25, SNIFF_OCTET },
		{ "", 0, SNIFF_OCTET }
	};
	size_t	i;

	for (i = 0; i < ARRAY_SIZE(t); i++)
		cr_expect_str_eq(sniff_media_type(t[i].bytes, t[i].len),
		    t[i].type, "case %zu", i);
	cr_expect_str_eq(sniff_media_type(NULL, 0), SNIFF_OCTET);
}

Test(cert, sniff_reads_only_the_head)
{
	unsigned char	*big;

	/* A magic number beyond SNIFF_HEAD does not count. */
	big = xcalloc(1, 4096);
	memcpy(big + SNIFF_HEAD, "%PDF-", 5);
	cr_expect_str_eq(sniff_media_type(big, 4096), SNIFF_OCTET);
	memcpy(big, "%PDF-", 5);
	cr_expect_str_eq(sniff_media_type(big, 4096), "application/pdf");
	free(big);
}

/* -- reading a file -------------------------------------------------- */

Test(cert, read_a_file)
{
	static const char	pdf[] = "%PDF-1.4\nDana Reyes, RN, CCM\n";
	struct cert		c;
	char			path[512], hex[CERT_HEX_LEN + 1];

	put_file("ethics.pdf", pdf, sizeof(pdf) - 1, path, sizeof(path));
	cr_assert_eq(cert_read(path, 1024, &c, err, sizeof(err)), 0, "%s",
	    err);
	cert_hash(pdf, sizeof(pdf) - 1, hex);
	cr_expect_str_eq(c.digest, hex);
	cr_expect_str_eq(c.name, "ethics.pdf");
	cr_expect_str_eq(c.media_type, "application/pdf");
	cr_expect_eq(c.size, (long long)sizeof(pdf) - 1);
	cr_expect_eq(memcmp(c.data, pdf, sizeof(pdf) - 1), 0);
	cert_free(&c);
	/* The SHA-256 of "abc" (FIPS 180-2). */
	cert_hash("abc", 3, hex);
	cr_expect_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a"
	    "9cb410ff61f20015ad");
}

Test(cert, refuse_what_is_not_a_regular_file)
{
	struct cert	c;
	char		path[512], link[512];
	time_t		t0;

	/* A FIFO with no writer: refused at once, not read forever. */
	cr_assert_neq(cet_fmt(path, sizeof(path), "%s/fifo", dir), -1);
	cr_assert_eq(mkfifo(path, 0600), 0);
	t0 = time(NULL);
	cr_expect_eq(cert_read(path, 1024, &c, err, sizeof(err)), -1);
	cr_expect(time(NULL) - t0 < 5);
	cr_expect(strstr(err, "not a regular file (a FIFO), expected a "
	    "certificate file") != NULL, "%s", err);
	cr_expect_eq(cert_read(dir, 1024, &c, err, sizeof(err)), -1);
	cr_expect(strstr(err, "not a regular file (a directory)") != NULL,
	    "%s", err);
	cr_expect_eq(cert_read("/dev/null", 1024, &c, err, sizeof(err)), -1);
	cr_expect(strstr(err, "(a device)") != NULL, "%s", err);

	put_file("real.pdf", "%PDF-", 5, path, sizeof(path));
	cr_assert_neq(cet_fmt(link, sizeof(link), "%s/link.pdf", dir), -1);
	cr_assert_eq(symlink(path, link), 0);
	cr_expect_eq(cert_read(link, 1024, &c, err, sizeof(err)), -1);
	cr_expect(strstr(err, "link.pdf: a symbolic link, expected the "
	    "certificate file itself") != NULL, "%s", err);
	put_file("empty.pdf", "", 0, path, sizeof(path));
	cr_expect_eq(cert_read(path, 1024, &c, err, sizeof(err)), -1);
	cr_expect(strstr(err, "empty.pdf: empty, expected a certificate "
	    "file") != NULL, "%s", err);
	cr_expect_eq(cert_read("/nonexistent/x.pdf", 1024, &c, err,
	    sizeof(err)), -1);
	cr_expect(strstr(err, "No such file") != NULL, "%s", err);
}

Test(cert, refuse_a_file_over_the_limit)
{
	struct cert	c;
	char		path[512], *big;

	big = xcalloc(1, 2048);
	put_file("big.pdf", big, 2048, path, sizeof(path));
	cr_expect_eq(cert_read(path, 2047, &c, err, sizeof(err)), -1);
	cr_expect(strstr(err, "big.pdf: 2 KiB, larger than 2 KiB, expected "
	    "at most that ([database] certificate_max_mb)") != NULL, "%s",
	    err);
	cr_expect_null(c.data);
	cr_expect_eq(cert_read(path, 2048, &c, err, sizeof(err)), 0, "%s",
	    err);
	cert_free(&c);
	free(big);
}

/* -- the table ------------------------------------------------------- */

Test(cert, stored_once_given_back_byte_for_byte)
{
	unsigned char	 bytes[3000];
	struct cert	 c, back;
	char		 path[512];
	size_t		 i;
	int		 added;

	for (i = 0; i < sizeof(bytes); i++)
		bytes[i] = (unsigned char)(i * 7 + 3);
	memcpy(bytes, "\x89PNG\r\n\x1a\n", 8);
	put_file("photo.png", bytes, sizeof(bytes), path, sizeof(path));
	cr_assert_eq(cert_read(path, 1 << 20, &c, err, sizeof(err)), 0);
	cr_assert_eq(store_cert_put(&db, &c, &added, err, sizeof(err)), 0,
	    "%s", err);
	cr_expect_eq(added, 1);
	cr_assert_eq(store_cert_put(&db, &c, &added, err, sizeof(err)), 0,
	    "%s", err);
	cr_expect_eq(added, 0, "the same bytes are stored once");
	cr_expect_eq(query_int(&db, "SELECT count(*) FROM certificate"), 1);

	cr_assert_eq(store_cert_get(&db, c.digest, 1, &back, err,
	    sizeof(err)), 0, "%s", err);
	cr_expect_str_eq(back.name, "photo.png");
	cr_expect_str_eq(back.media_type, "image/png");
	cr_expect_eq(back.size, (long long)sizeof(bytes));
	cr_expect_eq(memcmp(back.data, bytes, sizeof(bytes)), 0);
	cr_expect_eq(strlen(back.created), 20);
	cert_free(&back);
	/* Without the bytes: what it is, nothing read. */
	cr_assert_eq(store_cert_get(&db, c.digest, 0, &back, err,
	    sizeof(err)), 0, "%s", err);
	cr_expect_null(back.data);
	cr_expect_eq(back.size, (long long)sizeof(bytes));

	/* Bytes that do not hash to their digest are refused. */
	c.data[0] ^= 1;
	cr_expect_eq(store_cert_put(&db, &c, NULL, err, sizeof(err)), -1);
	cr_expect(strstr(err, "the bytes hash to") != NULL, "%s", err);
	cert_free(&c);

	cr_expect_eq(store_cert_get(&db, "00000000000000000000000000000000"
	    "00000000000000000000000000000000", 1, &back, err, sizeof(err)),
	    -1);
	cr_expect(strstr(err, "no certificate 0000") != NULL, "%s", err);
}

Test(cert, check_finds_a_corrupted_blob_and_a_missing_row)
{
	struct errlist	 probs = { NULL, 0 };
	struct cert	 c;
	char		 path[512];
	long long	 n;
	int64_t		 id;

	put_file("ethics.pdf", "%PDF-1.4 ethics", 15, path, sizeof(path));
	cr_assert_eq(cert_read(path, 1024, &c, err, sizeof(err)), 0);
	cr_assert_eq(store_cert_put(&db, &c, NULL, err, sizeof(err)), 0);
	id = person_with_activity(c.digest);
	cr_expect_eq(store_cert_check(&db, &probs, &n, err, sizeof(err)), 0,
	    "%s", probs.n > 0 ? probs.v[0] : err);
	cr_expect_eq(n, 1);

	/* The same length, other bytes. */
	cr_assert_eq(sqlite3_exec(db.h, "UPDATE certificate SET data = "
	    "zeroblob(size)", NULL, NULL, NULL), SQLITE_OK);
	cr_expect_eq(store_cert_check(&db, &probs, &n, err, sizeof(err)), 1);
	cr_assert_eq(probs.n, 1);
	cr_expect(strstr(probs.v[0], c.digest) != NULL, "%s", probs.v[0]);
	cr_expect(strstr(probs.v[0], "(activity 1)") != NULL, "%s",
	    probs.v[0]);
	cr_expect(strstr(probs.v[0], "the stored bytes hash to") != NULL,
	    "%s", probs.v[0]);
	errlist_free(&probs);
	memset(&probs, 0, sizeof(probs));

	/* An activity naming a certificate that is not stored. */
	cr_assert_eq(sqlite3_exec(db.h, "DELETE FROM certificate", NULL, NULL,
	    NULL), SQLITE_OK);
	cr_expect_eq(store_cert_check(&db, &probs, &n, err, sizeof(err)), 1);
	cr_assert_eq(probs.n, 1);
	cr_expect(strstr(probs.v[0], "activity 1: certificate") != NULL, "%s",
	    probs.v[0]);
	cr_expect(strstr(probs.v[0], "is not stored") != NULL, "%s",
	    probs.v[0]);
	cr_expect_eq(id, 1);
	errlist_free(&probs);
	cert_free(&c);
}

Test(cert, upgrade_takes_in_the_old_folder)
{
	struct errlist		 notes = { NULL, 0 };
	struct cert_upgrade	 u;
	char			 good[CERT_HEX_LEN + 1], bad[CERT_HEX_LEN + 1];
	char			 gone[CERT_HEX_LEN + 1], path[512];

	cert_hash("%PDF- good", 10, good);
	cert_hash("%PDF- was changed", 17, bad);
	cert_hash("lost", 4, gone);
	/* As cetrack before schema 6 left them: named by their digest. */
	put_file(good, "%PDF- good", 10, path, sizeof(path));
	put_file(bad, "%PDF- changed", 13, path, sizeof(path));
	(void)person_with_activity(good);
	(void)person_with_activity(bad);
	(void)person_with_activity(gone);
	cr_assert_eq(store_cert_upgrade(&db, dir, &u, &notes, err,
	    sizeof(err)), 0, "%s", err);
	cr_expect_eq(u.stored, 1);
	cr_expect_eq(u.mismatched, 1);
	cr_expect_eq(u.unreadable, 1);
	cr_assert_eq(notes.n, 2);
	cr_expect(strstr(notes.v[0], "activity 2: ") != NULL &&
	    strstr(notes.v[0], "not to the file's name; not stored") != NULL,
	    "%s", notes.v[0]);
	cr_expect(strstr(notes.v[1], "activity 3: ") != NULL &&
	    strstr(notes.v[1], "No such file") != NULL, "%s", notes.v[1]);
	cr_expect_eq(query_int(&db, "SELECT count(*) FROM certificate"), 1);
	cr_expect_eq(query_int(&db, "SELECT name IS NULL FROM certificate"), 1);
	errlist_free(&notes);
	memset(&notes, 0, sizeof(notes));
	/* Again: nothing more to take in, the same notes. */
	cr_assert_eq(store_cert_upgrade(&db, dir, &u, &notes, err,
	    sizeof(err)), 0, "%s", err);
	cr_expect_eq(u.stored, 0);
	cr_expect_eq(notes.n, 2);
	errlist_free(&notes);
}
