/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target for the secrets (lib/base/secret.h): secret_read, which
 * reads the SMTP password and the webhook secret from their files, and
 * whsec_decode, which turns the webhook secret's text into the HMAC key.
 * The input is written to a file of mode 0600 (a file others may read is
 * refused before it is read), read back, and decoded, as
 * config_check_delivery() does; it is also decoded as it is.
 *
 * Properties: the file reads back as its bytes less one trailing "\n" or
 * "\r\n", and is refused exactly when that leaves nothing; a key that
 * decodes is 1..WHSEC_MAX bytes, and "whsec_" + its padded base64 is the
 * text given without its surrounding white space, since whsec.h accepts
 * one encoding per key.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "harness.h"
#include "base/secret.h"
#include "base/util.h"

static void	fuzz_decode(const char *, size_t);

static void
fuzz_decode(const char *text, size_t len)
{
	unsigned char	 key[WHSEC_MAX];
	unsigned char	 enc[sizeof(WHSEC_PREFIX) + (WHSEC_MAX + 2) / 3 * 4];
	char		 err[256];
	size_t		 klen, s = 0, e = len, n;
	char		*copy;

	/* An exact-size copy: whsec_decode takes (text, len). */
	if ((copy = malloc(len > 0 ? len : 1)) == NULL)
		abort();
	if (len > 0)
		memcpy(copy, text, len);
	if (whsec_decode(copy, len, key, sizeof(key), &klen, err,
	    sizeof(err)) == -1) {
		FUZZ_CHECK(klen == 0 && err[0] != '\0');
		free(copy);
		return;
	}
	free(copy);
	FUZZ_CHECK(klen >= 1 && klen <= WHSEC_MAX);
	while (s < e && isspace((unsigned char)text[s]))
		s++;
	while (e > s && isspace((unsigned char)text[e - 1]))
		e--;
	n = (size_t)EVP_EncodeBlock(enc, key, (int)klen);
	FUZZ_CHECK(e - s == strlen(WHSEC_PREFIX) + n);
	FUZZ_CHECK(memcmp(text + s, WHSEC_PREFIX, strlen(WHSEC_PREFIX)) == 0);
	FUZZ_CHECK(memcmp(text + s + strlen(WHSEC_PREFIX), enc, n) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct secret	 sec;
	char		 path[600], err[1024];
	size_t		 want = len;

	if (len > SECRET_MAX_SIZE + 16)
		return 0;
	fuzz_decode((const char *)data, len);

	if (cet_fmt(path, sizeof(path), "%s/secret", fuzz_tmpdir()) == -1)
		abort();
	fuzz_write(path, data, len, 0600);
	if (want > 0 && data[want - 1] == '\n') {
		want--;
		if (want > 0 && data[want - 1] == '\r')
			want--;
	}
	if (secret_read(path, NULL, &sec, err, sizeof(err)) == -1) {
		FUZZ_CHECK(sec.buf == NULL && sec.len == 0);
		FUZZ_CHECK(want == 0 || len > SECRET_MAX_SIZE);
		FUZZ_CHECK(strncmp(err, path, strlen(path)) == 0);
		return 0;
	}
	FUZZ_CHECK(want > 0 && len <= SECRET_MAX_SIZE);
	FUZZ_CHECK(sec.len == want && memcmp(sec.buf, data, want) == 0);
	FUZZ_CHECK(sec.buf[sec.len] == '\0');
	fuzz_decode(sec.buf, sec.len);
	secret_free(&sec);
	FUZZ_CHECK(sec.buf == NULL);
	return 0;
}
