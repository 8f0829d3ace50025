/* SPDX-License-Identifier: ISC */
/*
 * The email channel: an RFC 5322 / MIME message (Date, Message-ID, From,
 * To, Subject, MIME-Version; a quoted-printable text/plain part and, when
 * given, a base64 attachment such as the deadline's .ics, together in a
 * multipart/mixed body) sent with libcurl SMTP: plain on loopback,
 * STARTTLS (required or optional) or SMTPS, AUTH with a password from
 * lib/secret, TLS verification always on, timeouts. email_format_message()
 * produces exactly the bytes email_send() transmits, for tests and
 * `cetrackd --dry-run`. Neither function prints, logs or exits.
 */
#ifndef CETRACK_EMAIL_H
#define CETRACK_EMAIL_H

#include <stddef.h>
#include <time.h>

#include "base/config.h"

#define EMAIL_DEFAULT_TIMEOUT	30		/* seconds, whole transaction */
#define EMAIL_MAX_BODY		(1024 * 1024)	/* text part, bytes */
#define EMAIL_MAX_ATTACHMENT	(1024 * 1024)	/* attachment, bytes */
#define EMAIL_REPLY_MAX		512		/* enough for a server reply line */

enum email_result {
	EMAIL_OK = 0,		/* the server accepted the message (250 after DATA) */
	EMAIL_TEMPFAIL,		/* retry later: connection refused or reset, timeout,
				 * DNS, TLS handshake or verification failure,
				 * STARTTLS required but not offered, 4xx reply */
	EMAIL_PERMFAIL		/* retrying cannot help: 5xx reply (bad address,
				 * 535 authentication failed), invalid message or
				 * configuration (see email_conf_check) */
};

/*
 * Strings are borrowed, not copied; NULL and "" both mean "not set".
 */
struct email_conf {
	const char	*smtp_url;	/* smtp://host[:port] or smtps://host[:port] */
	enum starttls_mode starttls;	/* for smtp:// (smtps:// is always TLS) */
	const char	*from;		/* "cetrack <cetrack@example.org>" or
					 * "cetrack@example.org" (ASCII address) */
	const char	*username;	/* set: AUTH with password */
	const char	*password;	/* bytes from lib/secret, no NUL inside */
	size_t		 passwordlen;
	const char	*ca_file;	/* PEM bundle; unset: the system's store */
	int		 timeout;	/* seconds; <= 0: EMAIL_DEFAULT_TIMEOUT */
	const char	*helo;		/* EHLO name; unset: the machine's
					 * host name (libcurl's default).
					 * Also the Message-ID domain when set. */
};

struct email_msg {
	const char	*to;		/* one recipient, as `from` */
	const char	*subject;	/* UTF-8, no control characters;
					 * RFC 2047 encoded when not ASCII */
	const char	*body;		/* UTF-8 text, "\n" or "\r\n" line ends */
	const char	*att_name;	/* attachment file name ("renewal.ics");
					 * unset: a single text/plain message */
	const char	*att_type;	/* e.g. "text/calendar; method=PUBLISH;
					 * charset=UTF-8" */
	const char	*att_data;	/* the attachment's bytes */
	size_t		 att_len;
	const char	*message_id;	/* "local@domain" without <>; unset: a
					 * random id @ the helo or From domain.
					 * Set it to keep one id across retries. */
};

/*
 * Validate a configuration without connecting: URL scheme smtp or smtps
 * and a host, no credentials in the URL, a valid From address, a password
 * when a username is set (and no NUL inside it), a readable ca_file, and
 * nothing sent in clear beyond the machine: starttls = off is accepted on
 * smtp:// only for 127.0.0.1, ::1 or localhost. With a username and a
 * non-loopback host, starttls = optional is treated as required, so that
 * the password never travels in clear. Returns 0 or -1 with one line in
 * err naming the key ("[email] starttls: ...").
 */
int	 email_conf_check(const struct email_conf *, char *err, size_t errlen);

/*
 * The whole message text (CRLF line ends, no dot-stuffing) into a malloc'ed,
 * NUL-terminated *out of *outlen bytes, with Date from `now` in the local
 * time zone (RFC 5322 form, "Tue, 02 Mar 2027 09:00:00 -0600"). Returns 0,
 * or -1 with a message (bad address, header text, oversized body).
 */
int	 email_format_message(const struct email_conf *,
	    const struct email_msg *, time_t now, char **out, size_t *outlen,
	    char *err, size_t errlen);

/*
 * Format and send one message. reply (may be NULL) receives the server's
 * last reply line, e.g. "250 2.0.0 Ok: queued as 1A2B" or "451 4.3.0 Try
 * again later" ("" when no reply was read); err receives why it failed.
 * Neither ever contains the password. Blocks at most conf->timeout
 * seconds. Thread-safe if curl_global_init() was called first.
 */
enum email_result email_send(const struct email_conf *,
	    const struct email_msg *, time_t now, char *reply, size_t replylen,
	    char *err, size_t errlen);

/* "ok", "tempfail", "permfail". */
const char *email_result_name(enum email_result);

#endif
