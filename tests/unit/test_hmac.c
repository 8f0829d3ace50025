/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for lib/hmac.c: HMAC-SHA256 against every RFC 4231 test case
 * (case 5 compared on its first 128 bits, as the RFC gives it), and base64
 * against the RFC 4648 section 10 vectors, round trips of every length and
 * byte value, and the malformed inputs the decoder must refuse.
 */

#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "notify/hmac.h"

static void
hex(const unsigned char *p, size_t n, char *out)
{
	size_t	i;

	for (i = 0; i < n; i++)
		(void)snprintf(out + 2 * i, 3, "%02x", p[i]);
}

static void
check_hmac(const unsigned char *key, size_t keylen, const char *msg,
    size_t msglen, const char *want, size_t wantbytes)
{
	unsigned char	mac[HMAC_SHA256_LEN];
	char		got[2 * HMAC_SHA256_LEN + 1];

	cr_assert_eq(hmac_sha256(key, keylen, msg, msglen, mac), 0);
	hex(mac, wantbytes, got);
	cr_assert_str_eq(got, want);
}

Test(hmac, rfc4231_case1)
{
	unsigned char	key[20];

	memset(key, 0x0b, sizeof(key));
	check_hmac(key, sizeof(key), "Hi There", 8,
	    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
	    32);
}

Test(hmac, rfc4231_case2_short_key)
{
	const char	*msg = "what do ya want for nothing?";

	check_hmac((const unsigned char *)"Jefe", 4, msg, strlen(msg),
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
	    32);
}

Test(hmac, rfc4231_case3)
{
	unsigned char	key[20];
	char		msg[50];

	memset(key, 0xaa, sizeof(key));
	memset(msg, 0xdd, sizeof(msg));
	check_hmac(key, sizeof(key), msg, sizeof(msg),
	    "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
	    32);
}

Test(hmac, rfc4231_case4)
{
	unsigned char	key[25];
	char		msg[50];
	size_t		i;

	for (i = 0; i < sizeof(key); i++)
		key[i] = (unsigned char)(i + 1);
	memset(msg, 0xcd, sizeof(msg));
	check_hmac(key, sizeof(key), msg, sizeof(msg),
	    "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
	    32);
}

Test(hmac, rfc4231_case5_truncated_to_128_bits)
{
	unsigned char	key[20];

	memset(key, 0x0c, sizeof(key));
	check_hmac(key, sizeof(key), "Test With Truncation", 20,
	    "a3b6167473100ee06e0c796c2955552b", 16);
}

Test(hmac, rfc4231_case6_key_longer_than_block)
{
	unsigned char	 key[131];
	const char	*msg =
	    "Test Using Larger Than Block-Size Key - Hash Key First";

	memset(key, 0xaa, sizeof(key));
	check_hmac(key, sizeof(key), msg, strlen(msg),
	    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
	    32);
}

Test(hmac, rfc4231_case7_key_and_data_longer_than_block)
{
	unsigned char	 key[131];
	const char	*msg = "This is a test using a larger than block-size "
	    "key and a larger than block-size data. The key needs to be "
	    "hashed before being used by the HMAC algorithm.";

	memset(key, 0xaa, sizeof(key));
	check_hmac(key, sizeof(key), msg, strlen(msg),
	    "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
	    32);
}

Test(hmac, one_changed_byte_changes_the_mac)
{
	unsigned char	a[HMAC_SHA256_LEN], b[HMAC_SHA256_LEN];

	cr_assert_eq(hmac_sha256("k", 1, "Dana Reyes", 10, a), 0);
	cr_assert_eq(hmac_sha256("k", 1, "Dana Reyez", 10, b), 0);
	cr_assert_neq(memcmp(a, b, sizeof(a)), 0);
}

/* RFC 4648 section 10. */
Test(base64, rfc4648_vectors)
{
	static const char *const v[][2] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" },
		{ "foo", "Zm9v" }, { "foob", "Zm9vYg==" },
		{ "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
	};
	unsigned char	dec[16];
	char		enc[16];
	size_t		i;
	long		n;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		n = base64_encode(v[i][0], strlen(v[i][0]), enc, sizeof(enc));
		cr_assert_eq(n, (long)strlen(v[i][1]), "case %zu", i);
		cr_assert_str_eq(enc, v[i][1]);
		n = base64_decode(v[i][1], strlen(v[i][1]), dec, sizeof(dec));
		cr_assert_eq(n, (long)strlen(v[i][0]), "case %zu", i);
		cr_assert_eq(memcmp(dec, v[i][0], (size_t)n), 0);
	}
}

Test(base64, round_trip_every_length_and_byte)
{
	unsigned char	in[300], out[300];
	char		enc[BASE64_ENCODED_SIZE(300)];
	size_t		len, i;
	long		n;

	for (i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)(i * 7 + 3);
	for (len = 0; len <= sizeof(in); len++) {
		n = base64_encode(in, len, enc, sizeof(enc));
		cr_assert_eq(n, (long)((len + 2) / 3 * 4));
		cr_assert_eq(strlen(enc), (size_t)n);
		n = base64_decode(enc, (size_t)n, out, sizeof(out));
		cr_assert_eq(n, (long)len, "length %zu", len);
		cr_assert_eq(memcmp(in, out, len), 0);
	}
}

Test(base64, encode_refuses_a_small_buffer)
{
	char	enc[8];

	/* 6 bytes need 8 characters and the NUL. */
	cr_assert_eq(base64_encode("foobar", 6, enc, sizeof(enc)), -1);
	cr_assert_eq(base64_encode("fooba", 5, enc, sizeof(enc)), -1);
	cr_assert_eq(base64_encode("foo", 3, enc, 5), 4);
}

Test(base64, decode_refuses_malformed_input)
{
	static const char *const bad[] = {
		"Zg=",		/* not a multiple of 4 */
		"Zg",		/* unpadded */
		"Z===",		/* three pads */
		"Zm=v",		/* pad in the middle */
		"=Zm9",		/* pad first */
		"Zm9 ",		/* whitespace */
		"Zm9\n",
		"Zm9v\n   ",
		"Zm9-",		/* URL-safe alphabet */
		"Zm9_",
		"Zm9*",
	};
	unsigned char	out[16];
	size_t		i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(base64_decode(bad[i], strlen(bad[i]), out,
		    sizeof(out)), -1, "accepted \"%s\"", bad[i]);
}

Test(base64, decode_refuses_a_small_buffer)
{
	unsigned char	out[5];

	cr_assert_eq(base64_decode("Zm9vYmFy", 8, out, sizeof(out)), -1);
	cr_assert_eq(base64_decode("Zm9vYg==", 8, out, 6), 4);
}
