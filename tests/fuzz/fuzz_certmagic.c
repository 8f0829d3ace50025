/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target for the certificate media-type sniffer
 * (lib/base/sniff.c), the parser of outside bytes that `ce log
 * --certificate`, a transcript import and the upgrade of an old
 * certificates/ folder run on every file. It must return one of its
 * known types for any input, read nothing past len (ASan) and, as it
 * looks at the first SNIFF_HEAD bytes only, give the same answer for
 * any longer input with the same head.
 *
 * Built and run with the other targets: `make fuzz` (tests/fuzz/README).
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "base/sniff.h"

static const char *const known[] = {
	"application/pdf", "image/png", "image/jpeg", "image/gif",
	"image/webp", "image/tiff", "image/heic", "image/heic-sequence",
	"image/heif", "image/heif-sequence", "image/avif", SNIFF_OCTET
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const char	*t, *u;
	uint8_t		*copy;
	size_t		 i;

	/* An exact-size copy, so ASan sees a read past the end. */
	if ((copy = malloc(len > 0 ? len : 1)) == NULL)
		return 0;
	if (len > 0)
		memcpy(copy, data, len);
	t = sniff_media_type(copy, len);
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(t, known[i]) == 0)
			break;
	if (i == sizeof(known) / sizeof(known[0]))
		abort();
	if (len > SNIFF_HEAD) {
		u = sniff_media_type(copy, SNIFF_HEAD);
		if (strcmp(t, u) != 0)
			abort();
	}
	free(copy);
	return 0;
}
