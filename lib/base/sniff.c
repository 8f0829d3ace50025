/* SPDX-License-Identifier: ISC */
/*
 * Media types by magic numbers. Each entry is a byte string expected at an
 * offset; an entry may need a second one (RIFF....WEBP). ISO base media
 * files (HEIC, HEIF, AVIF) are told apart by the major brand of their
 * leading `ftyp` box, read with its length checked. Only the first
 * SNIFF_HEAD bytes are ever read, so the outside input is bounded however
 * long the file is (tests/fuzz/fuzz_certmagic.c runs it on anything).
 */

#include <string.h>

#include "base/sniff.h"
#include "base/util.h"

struct sniff_magic {
	size_t		 off;
	const char	*bytes;
	size_t		 len;
	size_t		 off2;		/* a second string, when len2 > 0 */
	const char	*bytes2;
	size_t		 len2;
	const char	*type;
};

#define M(o, b, t)		{ o, b, sizeof(b) - 1, 0, NULL, 0, t }
#define M2(o, b, o2, b2, t)	{ o, b, sizeof(b) - 1, o2, b2, sizeof(b2) - 1, t }

static const struct sniff_magic sniff_table[] = {
	M(0, "%PDF-", "application/pdf"),
	M(0, "\x89PNG\r\n\x1a\n", "image/png"),
	M(0, "\xff\xd8\xff", "image/jpeg"),
	M(0, "GIF87a", "image/gif"),
	M(0, "GIF89a", "image/gif"),
	M2(0, "RIFF", 8, "WEBP", "image/webp"),
	M(0, "II*\0", "image/tiff"),
	M(0, "MM\0*", "image/tiff")
};

/* ftyp major brands (ISO/IEC 23008-12 and the AV1 image format). */
static const struct {
	const char	*brand;
	const char	*type;
} sniff_brands[] = {
	{ "heic", "image/heic" }, { "heix", "image/heic" },
	{ "heim", "image/heic" }, { "heis", "image/heic" },
	{ "hevc", "image/heic-sequence" }, { "hevx", "image/heic-sequence" },
	{ "mif1", "image/heif" }, { "msf1", "image/heif-sequence" },
	{ "avif", "image/avif" }, { "avis", "image/avif" }
};

static const char	*sniff_ftyp(const unsigned char *, size_t);
static int		 sniff_at(const unsigned char *, size_t, size_t,
			    const char *, size_t);

static int
sniff_at(const unsigned char *p, size_t len, size_t off, const char *b,
    size_t n)
{
	return off <= len && n <= len - off && memcmp(p + off, b, n) == 0;
}

/*
 * An ISO base media file starts with a box: a 32-bit big-endian size
 * (at least 16 for "ftyp" and a major brand; 1 would mean a 64-bit size,
 * which no ftyp box needs), "ftyp", then the major brand.
 */
static const char *
sniff_ftyp(const unsigned char *p, size_t len)
{
	unsigned long	size;
	size_t		i;

	if (len < 12 || memcmp(p + 4, "ftyp", 4) != 0)
		return NULL;
	size = (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	    (unsigned long)p[2] << 8 | p[3];
	if (size < 16)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(sniff_brands); i++)
		if (memcmp(p + 8, sniff_brands[i].brand, 4) == 0)
			return sniff_brands[i].type;
	return NULL;
}

const char *
sniff_media_type(const void *data, size_t len)
{
	const unsigned char	*p = data;
	const char		*t;
	size_t			 i;

	if (p == NULL)
		return SNIFF_OCTET;
	if (len > SNIFF_HEAD)
		len = SNIFF_HEAD;
	for (i = 0; i < ARRAY_SIZE(sniff_table); i++) {
		if (!sniff_at(p, len, sniff_table[i].off, sniff_table[i].bytes,
		    sniff_table[i].len))
			continue;
		if (sniff_table[i].len2 > 0 && !sniff_at(p, len,
		    sniff_table[i].off2, sniff_table[i].bytes2,
		    sniff_table[i].len2))
			continue;
		return sniff_table[i].type;
	}
	if ((t = sniff_ftyp(p, len)) != NULL)
		return t;
	return SNIFF_OCTET;
}
