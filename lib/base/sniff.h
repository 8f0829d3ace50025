/* SPDX-License-Identifier: ISC */
/*
 * The media type of a certificate from its first bytes ("magic numbers"),
 * for the formats a provider issues or a phone makes: PDF, PNG, JPEG, GIF,
 * WebP, TIFF, HEIC/HEIF and AVIF; anything else is
 * application/octet-stream. A small table instead of libmagic: cetrack
 * needs a dozen types, and libmagic would bring a 7 MB database and a
 * parser of its own into every program that stores a certificate.
 */
#ifndef CETRACK_SNIFF_H
#define CETRACK_SNIFF_H

#include <stddef.h>

#define SNIFF_OCTET	"application/octet-stream"
#define SNIFF_HEAD	32	/* bytes the sniffer looks at, at most */

/* The media type of data (len bytes, any content); never NULL. */
const char	*sniff_media_type(const void *data, size_t len);

#endif
