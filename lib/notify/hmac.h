/* SPDX-License-Identifier: ISC */
/*
 * HMAC-SHA256 (RFC 2104 with SHA-256, through OpenSSL) and standard base64
 * (RFC 4648 section 4, with padding) for signing webhooks. Pure functions:
 * no I/O, no global state.
 */
#ifndef CETRACK_HMAC_H
#define CETRACK_HMAC_H

#include <stddef.h>

#define HMAC_SHA256_LEN	32

/* out receives 32 bytes. Returns 0, or -1 if OpenSSL failed. */
int	 hmac_sha256(const void *key, size_t keylen, const void *msg,
	    size_t msglen, unsigned char out[HMAC_SHA256_LEN]);

/* Bytes needed to encode n bytes, including the NUL. */
#define BASE64_ENCODED_SIZE(n)	((((n) + 2) / 3) * 4 + 1)

/* Encode n bytes into out (outsz >= BASE64_ENCODED_SIZE(n)), padded and
 * NUL-terminated. Returns the length written, or -1 if out is too small. */
long	 base64_encode(const void *in, size_t n, char *out, size_t outsz);

/*
 * Decode standard padded base64 (length a multiple of 4, '=' only at the
 * end, no whitespace) into out. Returns the number of bytes, or -1 for bad
 * input or an out buffer that is too small (it needs 3 bytes for every 4
 * characters).
 */
long	 base64_decode(const char *in, size_t inlen, unsigned char *out,
	    size_t outsz);

#endif
