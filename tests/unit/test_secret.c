/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the webhook signing secret (lib/base/secret.c:
 * whsec_decode, the parser of the secret file, and whsec_new) and for
 * config_check_delivery (lib/base/config.c), the one rule by which
 * `cetrack check` passes a configuration and cetrackd starts on it.
 *
 * The reference secret is the one of the Standard Webhooks specification
 * and its libraries' tests. Run from the top of the source tree.
 */

#include <sys/stat.h>

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "helpers.h"
#include "base/config.h"
#include "base/secret.h"
#include "base/util.h"

#define REF_SECRET	"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

static int
dec(const char *text, unsigned char *out, size_t *len, char *err,
    size_t errlen)
{
	return whsec_decode(text, strlen(text), out, WHSEC_MAX, len, err,
	    errlen);
}

/* ---- whsec_decode ---- */

Test(whsec, reference_secret_is_base64_decoded)
{
	unsigned char	out[WHSEC_MAX];
	size_t		len = 0;
	char		err[256];

	cr_assert_eq(dec(REF_SECRET, out, &len, err, sizeof(err)), 0, "%s",
	    err);
	cr_assert_eq(len, 24);
	/* "MfKQ" decodes to 31 f2 90, "LaSw" ends in ...2d a4 b0. */
	cr_assert_eq(out[0], 0x31);
	cr_assert_eq(out[1], 0xf2);
	cr_assert_eq(out[2], 0x90);
	cr_assert_eq(out[23], 0xb0);
}

Test(whsec, surrounding_white_space_is_ignored)
{
	static const char *const ok[] = {
		REF_SECRET "\n", REF_SECRET "\r\n", "  " REF_SECRET " \t\n\n",
		"\n" REF_SECRET,
	};
	unsigned char	out[WHSEC_MAX];
	size_t		len, i;
	char		err[256];

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		len = 0;
		cr_expect_eq(dec(ok[i], out, &len, err, sizeof(err)), 0,
		    "%zu: %s", i, err);
		cr_expect_eq(len, 24, "%zu", i);
	}
}

Test(whsec, padding_and_lengths)
{
	unsigned char	out[WHSEC_MAX];
	size_t		len;
	char		err[256];

	cr_assert_eq(dec("whsec_QQ==", out, &len, err, sizeof(err)), 0, "%s",
	    err);
	cr_assert_eq(len, 1);
	cr_assert_eq(out[0], 'A');
	cr_assert_eq(dec("whsec_QUI=", out, &len, err, sizeof(err)), 0);
	cr_assert_eq(len, 2);
	cr_assert_eq(dec("whsec_QUJD", out, &len, err, sizeof(err)), 0);
	cr_assert_eq(len, 3);
	cr_assert_eq(memcmp(out, "ABC", 3), 0);
}

Test(whsec, anything_else_is_refused)
{
	static const struct {
		const char	*text;
		const char	*why;
	} bad[] = {
		{ "", "is empty" },
		{ " \n\t", "is empty" },
		{ "correct horse battery staple", "does not start with whsec_" },
		{ "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "does not start with" },
		{ "WHSEC_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "does not start" },
		{ "whsec", "does not start with whsec_" },
		{ "whsec_", "nothing after whsec_" },
		{ "whsec_\n", "nothing after whsec_" },
		{ "whsec_not*base64", "not padded base64" },
		{ "whsec_QQ", "not padded base64" },		/* no padding */
		{ "whsec_QUI", "not padded base64" },
		{ "whsec_QR==", "not padded base64" },		/* bits left */
		{ "whsec_QUJ=", "not padded base64" },
		{ "whsec_====", "not padded base64" },
		{ "whsec_Q===", "not padded base64" },
		{ "whsec_QQ==QUJD", "not padded base64" },	/* = inside */
		{ "whsec_QUJD QUJD", "not padded base64" },	/* space inside */
		{ "whsec_QUJD\nQUJD", "not padded base64" },
		{ "whsec_-_-_", "not padded base64" },		/* URL-safe */
		{ "whsec_QUJDRA", "not padded base64" },
		{ " whsec_ QUJD", "not padded base64" },
	};
	unsigned char	out[WHSEC_MAX];
	size_t		len, i;
	char		err[256];

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		len = 99;
		err[0] = '\0';
		cr_expect_eq(dec(bad[i].text, out, &len, err, sizeof(err)), -1,
		    "%zu: '%s' accepted", i, bad[i].text);
		cr_expect_eq(len, 0, "%zu", i);
		cr_expect(strstr(err, bad[i].why) != NULL, "%zu: '%s': %s", i,
		    bad[i].text, err);
	}
}

/* A NUL byte in the file is no base64 character. */
Test(whsec, nul_byte_refused)
{
	static const char	text[] = "whsec_QU\0D";
	unsigned char		out[WHSEC_MAX];
	size_t			len;
	char			err[256];

	cr_assert_eq(whsec_decode(text, sizeof(text) - 1, out, sizeof(out),
	    &len, err, sizeof(err)), -1);
}

Test(whsec, at_most_WHSEC_MAX_bytes)
{
	unsigned char	raw[WHSEC_MAX + 3], out[WHSEC_MAX];
	char		text[8 + (WHSEC_MAX + 5) / 3 * 4 + 8], err[256];
	size_t		len, i, n;
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	for (i = 0; i < sizeof(raw); i++)
		raw[i] = (unsigned char)(i * 7);
	/* Base64 by hand, so the test does not share the code it tests. */
	for (n = WHSEC_MAX; n <= WHSEC_MAX + 3; n += 3) {
		size_t	o = 0, j;

		memcpy(text, "whsec_", 6);
		o = 6;
		for (j = 0; j + 2 < n; j += 3) {
			unsigned v = (unsigned)raw[j] << 16 |
			    (unsigned)raw[j + 1] << 8 | raw[j + 2];

			text[o++] = b64[v >> 18 & 63];
			text[o++] = b64[v >> 12 & 63];
			text[o++] = b64[v >> 6 & 63];
			text[o++] = b64[v & 63];
		}
		if (n - j == 1) {
			text[o++] = b64[raw[j] >> 2];
			text[o++] = b64[(raw[j] & 3) << 4];
			text[o++] = '=';
			text[o++] = '=';
		}
		text[o] = '\0';
		if (n == WHSEC_MAX) {
			cr_assert_eq(dec(text, out, &len, err, sizeof(err)), 0,
			    "%s", err);
			cr_assert_eq(len, WHSEC_MAX);
			cr_assert_eq(memcmp(out, raw, WHSEC_MAX), 0);
		} else {
			cr_assert_eq(dec(text, out, &len, err, sizeof(err)),
			    -1);
			cr_assert(strstr(err, "longer than 256") != NULL, "%s",
			    err);
		}
	}
}

/* The message says what is wrong, never what the secret is. */
Test(whsec, messages_never_quote_the_secret)
{
	unsigned char	out[WHSEC_MAX];
	size_t		len;
	char		err[256];

	cr_assert_eq(dec("hunter2-hunter2", out, &len, err, sizeof(err)),
	    -1);
	cr_assert_null(strstr(err, "hunter2"), "%s", err);
	cr_assert_eq(dec("whsec_hunter2*", out, &len, err, sizeof(err)), -1);
	cr_assert_null(strstr(err, "hunter2"), "%s", err);
}

/* ---- whsec_new ---- */

Test(whsec, new_secrets_decode_to_32_random_bytes)
{
	unsigned char	a[WHSEC_MAX], b[WHSEC_MAX];
	char		s1[WHSEC_NEW_BUFSZ], s2[WHSEC_NEW_BUFSZ], err[256];
	size_t		la, lb;

	cr_assert_eq(whsec_new(s1, sizeof(s1)), 0);
	cr_assert_eq(whsec_new(s2, sizeof(s2)), 0);
	cr_assert_eq(strlen(s1), 6 + 44);
	cr_assert_eq(strncmp(s1, "whsec_", 6), 0);
	cr_assert_eq(s1[49], '=');
	cr_assert_str_neq(s1, s2);
	cr_assert_eq(dec(s1, a, &la, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(dec(s2, b, &lb, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(la, 32);
	cr_assert_eq(lb, 32);
	cr_assert_neq(memcmp(a, b, 32), 0);
}

Test(whsec, new_refuses_a_small_buffer)
{
	char	s[WHSEC_NEW_BUFSZ];

	cr_assert_eq(whsec_new(s, sizeof(s) - 1), -1);
}

/* ---- config_check_delivery ---- */

static char	tmp[PATH_MAX];

static void
setup(void)
{
	scratch_make(tmp, sizeof(tmp), "secret");
	unsetenv("CETRACK_CONFIG");
	unsetenv("CREDENTIALS_DIRECTORY");
}

static void
teardown(void)
{
	scratch_remove(tmp);
}

static char *
put(const char *name, const char *text, mode_t mode)
{
	char	*path;
	int	 fd;

	path = xasprintf("%s/%s", tmp, name);
	(void)unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	cr_assert_geq(fd, 0, "%s", path);
	cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	cr_assert_eq(fchmod(fd, mode), 0);
	cr_assert_eq(close(fd), 0);
	return path;
}

/* text with each "{T}" replaced by the scratch directory. */
static char *
expand(const char *text)
{
	const char	*p, *q;
	char		*out, *o;
	size_t		 n = 0;

	for (p = text; (q = strstr(p, "{T}")) != NULL; p = q + 3)
		n++;
	out = xmalloc(strlen(text) + n * strlen(tmp) + 1);
	o = out;
	for (p = text; (q = strstr(p, "{T}")) != NULL; p = q + 3) {
		memcpy(o, p, (size_t)(q - p));
		o += q - p;
		memcpy(o, tmp, strlen(tmp));
		o += strlen(tmp);
	}
	memcpy(o, p, strlen(p) + 1);
	return out;
}

/* Load text as t.ini and run the check; returns the problems. */
static int
check(const char *text, struct errlist *errs, struct secret *hook)
{
	struct config	 cfg;
	char		*ini, *body;
	int		 n;

	body = expand(text);
	ini = put("t.ini", body, 0600);
	cr_assert_eq(config_load(&cfg, ini, errs), 0, "%s",
	    errs->n > 0 ? errs->v[0] : "");
	n = config_check_delivery(&cfg, NULL, hook, errs, NULL);
	cr_assert_eq((size_t)n, errs->n);
	free(ini);
	free(body);
	return n;
}

static const char hook_ini[] =
    "[webhook]\nenabled = yes\nurl = http://127.0.0.1:9/h\n"
    "secret_file = {T}/hook\n";

TestSuite(delivery, .init = setup, .fini = teardown);

Test(delivery, good_webhook_secret_is_handed_back)
{
	struct errlist	errs = { NULL, 0 };
	struct secret	hook;

	free(put("hook", REF_SECRET "\n", 0600));
	cr_assert_eq(check(hook_ini, &errs, &hook), 0, "%s",
	    errs.n > 0 ? errs.v[0] : "");
	cr_assert_eq(hook.len, strlen(REF_SECRET));
	cr_assert_eq(memcmp(hook.buf, REF_SECRET, hook.len), 0);
	secret_free(&hook);
}

Test(delivery, raw_webhook_secret_refused_in_one_line)
{
	struct errlist	errs = { NULL, 0 };
	char		want[PATH_MAX * 2];

	free(put("hook", "correct horse battery staple\n", 0600));
	cr_assert_eq(check(hook_ini, &errs, NULL), 1);
	(void)cet_fmt(want, sizeof(want), "%s/t.ini: [webhook] secret_file: "
	    "%s/hook does not start with whsec_; expected whsec_ followed by "
	    "base64 (Standard Webhooks); make one with: (umask 077; cetrack "
	    "notify new-secret > %s/hook)", tmp, tmp, tmp);
	cr_assert_str_eq(errs.v[0], want);
	cr_assert_null(strstr(errs.v[0], "horse"));
	errlist_free(&errs);
}

Test(delivery, secret_files_others_can_read_refused)
{
	struct errlist	errs = { NULL, 0 };

	free(put("hook", REF_SECRET "\n", 0644));
	cr_assert_eq(check(hook_ini, &errs, NULL), 1);
	cr_assert(strstr(errs.v[0], "t.ini: [webhook] secret_file: ") != NULL,
	    "%s", errs.v[0]);
	cr_assert(strstr(errs.v[0], "is readable by others") != NULL, "%s",
	    errs.v[0]);
	errlist_free(&errs);

	free(put("pw", "s3cret\n", 0640));
	cr_assert_eq(check("[email]\nenabled = yes\n"
	    "smtp_url = smtp://127.0.0.1:25\nstarttls = off\n"
	    "from = a@example.org\nusername = u\npassword_file = {T}/pw\n",
	    &errs, NULL), 1);
	cr_assert(strstr(errs.v[0], "[email] password_file: ") != NULL, "%s",
	    errs.v[0]);
	cr_assert(strstr(errs.v[0], "readable by its group") != NULL, "%s",
	    errs.v[0]);
	errlist_free(&errs);
}

Test(delivery, missing_secret_file_refused)
{
	struct errlist	errs = { NULL, 0 };

	cr_assert_eq(check(hook_ini, &errs, NULL), 1);
	cr_assert(strstr(errs.v[0], "No such file") != NULL, "%s", errs.v[0]);
	errlist_free(&errs);
}

Test(delivery, starttls_off_only_towards_loopback)
{
	static const struct {
		const char	*url;
		int		 problems;
	} t[] = {
		{ "smtp://127.0.0.1:2525", 0 },
		{ "smtp://localhost", 0 },
		{ "smtp://LocalHost:25", 0 },
		{ "smtp://[::1]:25", 0 },
		{ "smtps://mail.example.org", 0 },
		{ "smtp://mail.example.org:587", 1 },
		{ "smtp://10.0.0.1", 1 },
		{ "smtp://127.0.0.2", 1 },
	};
	struct errlist	errs = { NULL, 0 };
	char		*ini;
	size_t		 i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		ini = xasprintf("[email]\nenabled = yes\nsmtp_url = %s\n"
		    "starttls = off\nfrom = a@example.org\n", t[i].url);
		cr_expect_eq(check(ini, &errs, NULL), t[i].problems, "%s: %s",
		    t[i].url, errs.n > 0 ? errs.v[0] : "");
		if (t[i].problems > 0)
			cr_expect(strstr(errs.v[0], "[email] starttls: off "
			    "would send mail in clear to ") != NULL, "%s",
			    errs.v[0]);
		errlist_free(&errs);
		errs.v = NULL;
		errs.n = 0;
		free(ini);
	}
}

Test(delivery, unreadable_ca_file_refused)
{
	struct errlist	errs = { NULL, 0 };

	free(put("hook", REF_SECRET "\n", 0600));
	cr_assert_eq(check("[email]\nca_file = {T}/nope.pem\n[webhook]\n"
	    "enabled = yes\nurl = https://127.0.0.1:9/h\n"
	    "secret_file = {T}/hook\n", &errs, NULL), 1);
	cr_assert(strstr(errs.v[0], "[email] ca_file: ") != NULL, "%s",
	    errs.v[0]);
	errlist_free(&errs);
}

/* Every problem is reported, not the first alone. */
Test(delivery, all_problems_at_once)
{
	struct errlist	errs = { NULL, 0 };

	free(put("hook", "raw\n", 0600));
	free(put("pw", "pw\n", 0644));
	cr_assert_eq(check("[email]\nenabled = yes\n"
	    "smtp_url = smtp://mail.example.org\nstarttls = off\n"
	    "from = a@example.org\nusername = u\npassword_file = {T}/pw\n"
	    "[webhook]\nenabled = yes\nurl = http://127.0.0.1:9/h\n"
	    "secret_file = {T}/hook\n", &errs, NULL), 3);
	cr_assert(strstr(errs.v[0], "the password in clear") != NULL, "%s",
	    errs.v[0]);
	errlist_free(&errs);
}

Test(delivery, disabled_channels_are_not_checked)
{
	struct errlist	errs = { NULL, 0 };

	cr_assert_eq(check("[webhook]\nenabled = no\n"
	    "secret_file = {T}/none\n", &errs, NULL), 0);
}

Test(delivery, loopback_rule)
{
	cr_assert(config_host_is_loopback("127.0.0.1"));
	cr_assert(config_host_is_loopback("[::1]"));
	cr_assert(config_host_is_loopback("LOCALHOST"));
	cr_assert(!config_host_is_loopback("127.0.0.1.example.org"));
	cr_assert(!config_host_is_loopback("::1"));
	cr_assert(!config_host_is_loopback(""));
}

/* In a shell, a secret the service gets as a systemd credential cannot be
 * read: check notes it; the daemon (no notes) refuses to start. */
Test(delivery, systemd_credential_outside_the_service)
{
	struct errlist	 errs = { NULL, 0 }, notes = { NULL, 0 };
	struct config	 cfg;
	char		*ini;

	ini = put("t.ini", "[webhook]\nenabled = yes\n"
	    "url = http://127.0.0.1:9/h\n", 0600);
	cr_assert_eq(config_load(&cfg, ini, &errs), 0);
	cr_assert_eq(config_check_delivery(&cfg, NULL, NULL, &errs, &notes),
	    0);
	cr_assert_eq(notes.n, 1);
	cr_assert(strstr(notes.v[0], "[webhook] secret_file: empty, so the "
	    "secret is the systemd credential webhook-secret") != NULL, "%s",
	    notes.v[0]);
	cr_assert_eq(config_check_delivery(&cfg, NULL, NULL, &errs, NULL), 1);
	cr_assert(strstr(errs.v[0], "$CREDENTIALS_DIRECTORY is not set") !=
	    NULL, "%s", errs.v[0]);
	errlist_free(&errs);
	errlist_free(&notes);

	/* Under the service, the credential is read and checked. */
	errs.v = NULL;
	errs.n = 0;
	notes.v = NULL;
	notes.n = 0;
	free(put("webhook-secret", "raw\n", 0600));
	setenv("CREDENTIALS_DIRECTORY", tmp, 1);
	cr_assert_eq(config_check_delivery(&cfg, NULL, NULL, &errs, &notes),
	    1);
	cr_assert_eq(notes.n, 0);
	cr_assert(strstr(errs.v[0], "$CREDENTIALS_DIRECTORY/webhook-secret "
	    "does not start with whsec_") != NULL, "%s", errs.v[0]);
	errlist_free(&errs);
	free(ini);
}
