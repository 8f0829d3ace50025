/* SPDX-License-Identifier: ISC */
/*
 * HMAC-SHA256 and base64 on top of OpenSSL. OpenSSL's EVP_DecodeBlock
 * accepts surrounding whitespace and returns the padding as zero bytes, so
 * the decoder checks the text itself first (alphabet, length, where '='
 * may stand) and subtracts the padding from the length it reports.
 */

#include <limits.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "notify/hmac.h"

static int	hmac_b64_char(int);

int
hmac_sha256(const void *key, size_t keylen, const void *msg, size_t msglen,
    unsigned char out[HMAC_SHA256_LEN])
{
	static const unsigned char empty[1];
	unsigned int	 len = 0;

	if (keylen > INT_MAX)
		return -1;
	/* OpenSSL treats a NULL key as "reuse the previous one". */
	if (key == NULL || keylen == 0)
		key = empty;
	if (msg == NULL)
		msg = empty;
	if (HMAC(EVP_sha256(), key, (int)keylen, msg, msglen, out,
	    &len) == NULL || len != HMAC_SHA256_LEN)
		return -1;
	return 0;
}

long
base64_encode(const void *in, size_t n, char *out, size_t outsz)
{
	int	len;

	if (n > (size_t)INT_MAX / 4 * 3 - 3 || outsz < BASE64_ENCODED_SIZE(n))
		return -1;
	if (n == 0) {
		out[0] = '\0';
		return 0;
	}
	len = EVP_EncodeBlock((unsigned char *)out, in, (int)n);
	if (len < 0)
		return -1;
	return len;
}

static int
hmac_b64_char(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '+' || c == '/';
}

long
base64_decode(const char *in, size_t inlen, unsigned char *out, size_t outsz)
{
	size_t	i, pad = 0;
	int	len;

	if (inlen % 4 != 0 || inlen > INT_MAX)
		return -1;
	if (inlen == 0)
		return 0;
	if (in[inlen - 1] == '=')
		pad = in[inlen - 2] == '=' ? 2 : 1;
	for (i = 0; i < inlen - pad; i++)
		if (!hmac_b64_char((unsigned char)in[i]))
			return -1;
	if (outsz < inlen / 4 * 3)
		return -1;
	len = EVP_DecodeBlock(out, (const unsigned char *)in, (int)inlen);
	if (len < 0 || (size_t)len != inlen / 4 * 3)
		return -1;
	return len - (long)pad;
}
