/* SPDX-License-Identifier: ISC */
/*
 * Tests for lib/email.c and lib/secret.c. The message tests check the
 * bytes email_format_message() produces (headers, Date and Message-ID
 * forms, boundaries, quoted-printable and base64 parts, RFC 2047 subjects)
 * and parse them back with Python's email package as an independent
 * reader. The delivery tests run tests/integration/smtpd.py (aiosmtpd) on
 * 127.0.0.1 with test certificates made by the openssl CLI, and check what
 * the server received or why it refused: plain on loopback, STARTTLS with
 * AUTH, SMTPS, wrong password, STARTTLS missing, wrong CA, connection
 * refused, 451 then success, 550, and a server that never answers.
 */

#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <curl/curl.h>
#include <openssl/evp.h>

#include "notify/email.h"
#include "base/secret.h"
#include "base/util.h"

#define PYTHON		"/usr/bin/python3"
#define OPENSSL		"/usr/bin/openssl"
#define SMTPD		"tests/integration/smtpd.py"
#define PASSWORD	"correct horse battery staple"

/* Tue, 02 Mar 2027 15:00:00 UTC: 09:00 in Chicago (CST, -0600). */
#define NOW_2027_03_02	((time_t)1803999600)

static const char body_text[] =
    "Dana Reyes, RN, CCM\n"
    "\n"
    "Your CCM certification CCM-100234 is valid through 2027-05-31.\n"
    "Still missing: 17.5 h of the 80 h total, and 5 h of ethics (3 of 8 h).\n"
    "The renewal window opens 2027-03-01.\n"
    "A line with = signs, trailing blanks and caf\xc3\xa9 \xe2\x80\x94 "
    "accents:   \n"
    "A deliberately long line that must be broken with soft line breaks "
    "because quoted-printable lines may not exceed seventy-six characters.\n"
    ".A line that starts with a dot\n";

static const char ics_text[] =
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//cetrack//test//EN\r\n"
    "METHOD:PUBLISH\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:cred-1-cycle-2-deadline@example.org\r\n"
    "DTSTAMP:20270302T150000Z\r\n"
    "DTSTART;VALUE=DATE:20270531\r\n"
    "SUMMARY:CCM renewal deadline (Dana Reyes)\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n";

/* Python's email package reads the message back: one KEY=value a line. */
static const char py_parse[] =
    "import email, email.policy, sys\n"
    "m = email.message_from_binary_file(open(sys.argv[1], 'rb'),\n"
    "    policy=email.policy.default)\n"
    "print('SUBJECT=' + str(m['subject']))\n"
    "print('FROM=' + str(m['from']))\n"
    "print('TO=' + str(m['to']))\n"
    "print('TYPE=' + m.get_content_type())\n"
    "b = m.get_body(preferencelist=('plain',))\n"
    "print('BODY=' + b.get_content().replace('\\n', '|'))\n"
    "for a in m.iter_attachments():\n"
    "    print('ATT=%s %s %s' % (a.get_filename(), a.get_content_type(),\n"
    "        a.get_content().replace('\\r\\n', '|')))\n"
    "n = len(m.defects) + sum(len(p.defects) for p in m.walk())\n"
    "print('DEFECTS=%d' % n)\n";

struct smtpd {
	pid_t	pid;
	int	port;
};

static char	tmpdir[64];
static char	cert_pem[128], key_pem[128], other_pem[128], other_key[128];
static char	maildir[128], passfile[128];

static int
rm_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static void
setup(void)
{
	cr_assert(cet_strlcpy(tmpdir, "/tmp/cet-email-XXXXXX",
	    sizeof(tmpdir)) < sizeof(tmpdir));
	cr_assert_not_null(mkdtemp(tmpdir));
	(void)snprintf(maildir, sizeof(maildir), "%s/mail", tmpdir);
	(void)snprintf(passfile, sizeof(passfile), "%s/smtp-password", tmpdir);
	cr_assert_eq(curl_global_init(CURL_GLOBAL_DEFAULT), CURLE_OK);
}

static void
teardown(void)
{
	curl_global_cleanup();
	if (tmpdir[0] != '\0')
		(void)nftw(tmpdir, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
}

/* Run argv, stdout into out (may be NULL); returns the exit status. */
/* execv() wants char *const[]; the arguments here are string constants. */
static void
exec_argv(const char *const *argv)
{
	union {
		const char *const	*c;
		char *const		*v;
	} u;

	u.c = argv;
	execv(u.v[0], u.v);
	_exit(127);
}

static int
run(const char *const argv[], char *out, size_t outlen)
{
	int	 fd[2], status, devnull;
	size_t	 len = 0;
	ssize_t	 n;
	pid_t	 pid;

	cr_assert_eq(pipe(fd), 0);
	cr_assert_neq(pid = fork(), -1);
	if (pid == 0) {
		devnull = open("/dev/null", O_WRONLY);
		(void)dup2(fd[1], 1);
		(void)dup2(devnull, 2);
		(void)close(fd[0]);
		exec_argv(argv);
	}
	(void)close(fd[1]);
	for (;;) {
		char	junk[512];

		if (out != NULL && len + 1 < outlen)
			n = read(fd[0], out + len, outlen - 1 - len);
		else
			n = read(fd[0], junk, sizeof(junk));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (out != NULL && len + 1 < outlen)
			len += (size_t)n;
	}
	if (out != NULL)
		out[len] = '\0';
	(void)close(fd[0]);
	while (waitpid(pid, &status, 0) == -1)
		cr_assert_eq(errno, EINTR);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A self-signed certificate for IP 127.0.0.1 (it is its own CA). */
static void
make_cert(const char *cert, const char *key)
{
	const char *argv[] = {
		OPENSSL, "req", "-x509",
		"-newkey", "ec",
		"-pkeyopt", "ec_paramgen_curve:prime256v1",
		"-nodes", "-days", "2",
		"-subj", "/CN=127.0.0.1",
		"-addext", "subjectAltName=IP:127.0.0.1",
		"-keyout", key, "-out", cert,
		NULL
	};

	cr_assert_eq(run(argv, NULL, 0), 0, "openssl req failed");
}

static void
make_certs(void)
{
	(void)snprintf(cert_pem, sizeof(cert_pem), "%s/cert.pem", tmpdir);
	(void)snprintf(key_pem, sizeof(key_pem), "%s/key.pem", tmpdir);
	(void)snprintf(other_pem, sizeof(other_pem), "%s/other.pem", tmpdir);
	(void)snprintf(other_key, sizeof(other_key), "%s/other-key.pem",
	    tmpdir);
	make_cert(cert_pem, key_pem);
	make_cert(other_pem, other_key);
}

static void
write_file(const char *path, const char *data, size_t len, mode_t mode)
{
	int	 fd;

	(void)unlink(path);
	cr_assert_neq(fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600), -1,
	    "%s: %s", path, strerror(errno));
	cr_assert_eq(write(fd, data, len), (ssize_t)len);
	cr_assert_eq(fchmod(fd, mode), 0);
	cr_assert_eq(close(fd), 0);
}

/* Read a whole file (NULL if missing). */
static char *
read_file(const char *path)
{
	FILE	*f;
	char	*buf;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	cr_assert_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	buf = xmalloc((size_t)n + 1);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	(void)fclose(f);
	return buf;
}

/*
 * Start smtpd.py with the given options (NULL-terminated) and wait for its
 * "PORT n" line. It dies with this test process if an assertion ends it.
 */
static void
smtpd_start(struct smtpd *s, const char *opt, ...)
{
	const char	*argv[32];
	char		 line[64];
	const char	*a;
	va_list		 ap;
	struct pollfd	 pfd;
	size_t		 argc = 0, len = 0;
	ssize_t		 n;
	int		 fd[2];

	argv[argc++] = PYTHON;
	argv[argc++] = SMTPD;
	argv[argc++] = "--maildir";
	argv[argc++] = maildir;
	va_start(ap, opt);
	for (a = opt; a != NULL && argc + 1 < ARRAY_SIZE(argv);
	    a = va_arg(ap, const char *))
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;

	cr_assert_eq(pipe(fd), 0);
	cr_assert_neq(s->pid = fork(), -1);
	if (s->pid == 0) {
		(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
		(void)dup2(fd[1], 1);
		(void)close(fd[0]);
		exec_argv(argv);
	}
	(void)close(fd[1]);
	pfd.fd = fd[0];
	pfd.events = POLLIN;
	while (len + 1 < sizeof(line) && memchr(line, '\n', len) == NULL) {
		cr_assert_eq(poll(&pfd, 1, 15000), 1, "smtpd.py did not start");
		n = read(fd[0], line + len, sizeof(line) - 1 - len);
		cr_assert_gt(n, 0, "smtpd.py exited before listening");
		len += (size_t)n;
	}
	line[len] = '\0';
	(void)close(fd[0]);
	cr_assert_eq(sscanf(line, "PORT %d", &s->port), 1, "got '%s'", line);
}

static void
smtpd_stop(struct smtpd *s)
{
	int	 status;

	cr_assert_eq(kill(s->pid, SIGTERM), 0);
	cr_assert_eq(waitpid(s->pid, &status, 0), s->pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "smtpd.py did not stop cleanly");
}

static void
url(char *buf, size_t len, const char *scheme, int port)
{
	cr_assert_eq(cet_fmt(buf, len, "%s://127.0.0.1:%d", scheme, port), 0);
}

static void
conf_init(struct email_conf *c, const char *u)
{
	memset(c, 0, sizeof(*c));
	c->smtp_url = u;
	c->starttls = STARTTLS_OFF;
	c->from = "cetrack <cetrack@example.org>";
	c->timeout = 10;
}

static void
msg_init(struct email_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->to = "Dana Reyes <dana.reyes@example.org>";
	m->subject = "CCM renewal: 17.5 h and 5 h of ethics still missing";
	m->body = body_text;
	m->att_name = "ccm-renewal.ics";
	m->att_type = "text/calendar; method=PUBLISH; charset=UTF-8";
	m->att_data = ics_text;
	m->att_len = strlen(ics_text);
}

static char *
format(const struct email_conf *c, const struct email_msg *m)
{
	char	*out, err[256];
	size_t	 len;

	cr_assert_eq(email_format_message(c, m, NOW_2027_03_02, &out, &len,
	    err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(strlen(out), len);
	return out;
}

/* Parse a message file with Python; KEY=value lines into out. */
static void
py_read(const char *path, char *out, size_t outlen)
{
	const char *argv[] = { PYTHON, "-c", py_parse,
		    path, NULL };

	cr_assert_eq(run(argv, out, outlen), 0, "python could not parse %s",
	    path);
}

static int
has_line(const char *text, const char *line)
{
	const char	*p = text;
	size_t		 n = strlen(line);

	while ((p = strstr(p, line)) != NULL) {
		if ((p == text || p[-1] == '\n') &&
		    (p[n] == '\n' || p[n] == '\r' || p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

/* The value of header `name` in the header block ("" if none). */
static void
header(const char *msg, const char *name, char *buf, size_t len)
{
	const char	*p = msg, *e;
	size_t		 n = strlen(name);

	buf[0] = '\0';
	while (*p != '\0' && strncmp(p, "\r\n", 2) != 0) {
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			p += n + 1;
			while (*p == ' ')
				p++;
			e = strstr(p, "\r\n");
			cr_assert_not_null(e);
			/* Folded continuation lines, unfolded. */
			while (e[2] == ' ' || e[2] == '\t')
				e = strstr(e + 2, "\r\n");
			cr_assert_lt((size_t)(e - p), len);
			memcpy(buf, p, (size_t)(e - p));
			buf[e - p] = '\0';
			return;
		}
		p = strstr(p, "\r\n");
		cr_assert_not_null(p);
		p += 2;
	}
}

static int
matches(const char *s, const char *re)
{
	regex_t	 r;
	int	 rc;

	cr_assert_eq(regcomp(&r, re, REG_EXTENDED | REG_NOSUB), 0);
	rc = regexec(&r, s, 0, NULL, 0);
	regfree(&r);
	return rc == 0;
}

/* ---------------------------------------------------------------- */
/* The message                                                       */

Test(email_format, headers_and_their_forms, .init = setup, .fini = teardown)
{
	struct email_conf	 c;
	struct email_msg	 m;
	char			*msg, v[512];
	const char		*p;

	setenv("TZ", "America/Chicago", 1);
	tzset();
	conf_init(&c, "smtp://127.0.0.1:25");
	msg_init(&m);
	msg = format(&c, &m);

	header(msg, "Date", v, sizeof(v));
	cr_assert_str_eq(v, "Tue, 02 Mar 2027 09:00:00 -0600");
	header(msg, "From", v, sizeof(v));
	cr_assert_str_eq(v, "cetrack <cetrack@example.org>");
	header(msg, "To", v, sizeof(v));
	cr_assert_str_eq(v, "Dana Reyes <dana.reyes@example.org>");
	header(msg, "Subject", v, sizeof(v));
	cr_assert_str_eq(v, m.subject);
	header(msg, "MIME-Version", v, sizeof(v));
	cr_assert_str_eq(v, "1.0");
	header(msg, "Message-ID", v, sizeof(v));
	cr_assert(matches(v, "^<20270302150000\\.[0-9a-f]{24}@example\\.org>$"),
	    "Message-ID %s", v);
	header(msg, "Content-Type", v, sizeof(v));
	cr_assert(matches(v, "^multipart/mixed;\r\n boundary=\"=_cetrack_"
	    "[0-9a-f]{32}\"$"), "Content-Type %s", v);

	/* Every line ends in CRLF and stays within 78 characters. */
	for (p = msg; *p != '\0'; p += 2) {
		const char *e = strstr(p, "\r\n");

		cr_assert_not_null(e, "unterminated last line");
		cr_assert_null(memchr(p, '\n', (size_t)(e - p)), "bare LF");
		cr_assert_leq(e - p, 78, "line too long: %.*s",
		    (int)(e - p), p);
		p = e;
	}
	free(msg);
}

Test(email_format, date_follows_the_local_zone, .init = setup,
    .fini = teardown)
{
	struct email_conf	 c;
	struct email_msg	 m;
	char			*msg, v[128];

	conf_init(&c, "smtp://127.0.0.1:25");
	msg_init(&m);
	setenv("TZ", "UTC", 1);
	tzset();
	msg = format(&c, &m);
	header(msg, "Date", v, sizeof(v));
	cr_assert_str_eq(v, "Tue, 02 Mar 2027 15:00:00 +0000");
	free(msg);

	setenv("TZ", "Asia/Kolkata", 1);
	tzset();
	msg = format(&c, &m);
	header(msg, "Date", v, sizeof(v));
	cr_assert_str_eq(v, "Tue, 02 Mar 2027 20:30:00 +0530");
	free(msg);
}

Test(email_format, message_ids_are_unique_or_given, .init = setup,
    .fini = teardown)
{
	struct email_conf	 c;
	struct email_msg	 m;
	char			*a, *b, va[128], vb[128];

	conf_init(&c, "smtp://127.0.0.1:25");
	msg_init(&m);
	a = format(&c, &m);
	b = format(&c, &m);
	header(a, "Message-ID", va, sizeof(va));
	header(b, "Message-ID", vb, sizeof(vb));
	cr_assert_str_neq(va, vb);
	free(a);
	free(b);

	/* The helo name is the id's domain when set. */
	c.helo = "cetrack.example.org";
	a = format(&c, &m);
	header(a, "Message-ID", va, sizeof(va));
	cr_assert(matches(va, "@cetrack\\.example\\.org>$"), "%s", va);
	free(a);

	/* A caller's id (stable across retries) is used as given. */
	m.message_id = "notify-42.1803999600@cetrack.example.org";
	a = format(&c, &m);
	header(a, "Message-ID", va, sizeof(va));
	cr_assert_str_eq(va, "<notify-42.1803999600@cetrack.example.org>");
	free(a);
	m.message_id = "no-at-sign";
	cr_assert_eq(email_format_message(&c, &m, NOW_2027_03_02, &a,
	    &(size_t){ 0 }, va, sizeof(va)), -1);
	cr_assert_null(a);
}

Test(email_format, multipart_structure, .init = setup, .fini = teardown)
{
	struct email_conf	 c;
	struct email_msg	 m;
	char			*msg, v[256], boundary[80], delim[96], *p;
	const char		*text, *att;
	int			 count = 0;

	conf_init(&c, "smtp://127.0.0.1:25");
	msg_init(&m);
	msg = format(&c, &m);
	header(msg, "Content-Type", v, sizeof(v));
	p = strstr(v, "boundary=\"");
	cr_assert_not_null(p);
	cr_assert_eq(sscanf(p, "boundary=\"%79[^\"]\"", boundary), 1);

	/* Two parts, then the close delimiter as the very last line. */
	(void)snprintf(delim, sizeof(delim), "\r\n--%s\r\n", boundary);
	for (p = msg; (p = strstr(p, delim)) != NULL; p++)
		count++;
	cr_assert_eq(count, 2);
	(void)snprintf(delim, sizeof(delim), "\r\n--%s--\r\n", boundary);
	p = strstr(msg, delim);
	cr_assert_not_null(p);
	cr_assert_eq(p[strlen(delim)], '\0');

	text = strstr(msg, "\r\n\r\n--");
	cr_assert_not_null(text);
	cr_assert_not_null(strstr(text, "Content-Type: text/plain; "
	    "charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable"
	    "\r\n\r\n"));
	att = strstr(msg, "Content-Type: text/calendar; method=PUBLISH; "
	    "charset=UTF-8;\r\n name=\"ccm-renewal.ics\"\r\n"
	    "Content-Disposition: attachment;\r\n"
	    " filename=\"ccm-renewal.ics\"\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n");
	cr_assert_not_null(att, "attachment headers:\n%s", msg);
	free(msg);
}

Test(email_format, text_part_is_quoted_printable, .init = setup,
    .fini = teardown)
{
	struct email_conf	 c;
	struct email_msg	 m;
	char			*msg;

	conf_init(&c, "smtp://127.0.0.1:25");
	msg_init(&m);
	msg = format(&c, &m);
	cr_assert_not_null(strstr(msg, "Still missing: 17.5 h of the 80 h "
	    "total, and 5 h of ethics (3 of 8 h).\r\n"));
	/* "=" encoded, UTF-8 bytes encoded, trailing blank encoded. */
	cr_assert_not_null(strstr(msg, "with =3D signs"));
	cr_assert_not_null(strstr(msg, "caf=C3=A9 =E2=80=94 accents:  =20\r\n"),
	    "%s", msg);
	/* The long line has a soft break. */
	cr_assert(matches(msg, "soft line breaks [a-z ]*=\r\n"), "%s", msg);
	free(msg);
}

Test(email_format, attachment_is_base64_of_the_calendar, .init = setup,
    .fini = teardown)
{
	struct email_conf	 c;
	struct email_msg	 m;
	char			*msg, *b64, *w;
	const char		*p, *e;
	unsigned char		 dec[1024];
	int			 n, pad = 0;

	conf_init(&c, "smtp://127.0.0.1:25");
	msg_init(&m);
	msg = format(&c, &m);
	p = strstr(msg, "Content-Transfer-Encoding: base64\r\n\r\n");
	cr_assert_not_null(p);
	p += strlen("Content-Transfer-Encoding: base64\r\n\r\n");
	e = strstr(p, "\r\n\r\n--");
	cr_assert_not_null(e);
	b64 = xmalloc((size_t)(e - p) + 1);
	for (w = b64; p < e; p++) {
		if (*p != '\r' && *p != '\n')
			*w++ = *p;
	}
	*w = '\0';
	if (w > b64 && w[-1] == '=')
		pad++;
	if (w - 1 > b64 && w[-2] == '=')
		pad++;
	n = EVP_DecodeBlock(dec, (unsigned char *)b64, (int)(w - b64));
	cr_assert_gt(n, 0);
	n -= pad;
	cr_assert_eq((size_t)n, strlen(ics_text));
	cr_assert_eq(memcmp(dec, "BEGIN:VCALENDAR\r\n", 17), 0);
	cr_assert_eq(memcmp(dec, ics_text, (size_t)n), 0);
	free(b64);
	free(msg);
}

Test(email_format, python_reads_it_back, .init = setup, .fini = teardown)
{
	struct email_conf	 c;
	struct email_msg	 m;
	char			*msg, path[128], out[8192], want[1024], *w;
	const char		*p;

	conf_init(&c, "smtp://127.0.0.1:25");
	msg_init(&m);
	msg = format(&c, &m);
	(void)snprintf(path, sizeof(path), "%s/msg.eml", tmpdir);
	write_file(path, msg, strlen(msg), 0600);
	py_read(path, out, sizeof(out));

	cr_assert(has_line(out, "SUBJECT=CCM renewal: 17.5 h and 5 h of ethics "
	    "still missing"), "%s", out);
	cr_assert(has_line(out, "FROM=cetrack <cetrack@example.org>"), "%s",
	    out);
	cr_assert(has_line(out, "TO=Dana Reyes <dana.reyes@example.org>"));
	cr_assert(has_line(out, "TYPE=multipart/mixed"));
	cr_assert(has_line(out, "DEFECTS=0"), "%s", out);
	/* The decoded text is the body exactly ("|" for newlines). */
	(void)cet_strlcpy(want, "BODY=", sizeof(want));
	w = want + strlen(want);
	for (p = body_text; *p != '\0'; p++)
		*w++ = *p == '\n' ? '|' : *p;
	*w = '\0';
	cr_assert(has_line(out, want), "want %s\ngot %s", want, out);
	cr_assert_not_null(strstr(out, "ATT=ccm-renewal.ics text/calendar "
	    "BEGIN:VCALENDAR|VERSION:2.0|"), "%s", out);
	free(msg);
}

Test(email_format, non_ascii_subject_is_rfc2047, .init = setup,
    .fini = teardown)
{
	struct email_conf	 c;
	struct email_msg	 m;
	char			*msg, v[1024], path[128], out[8192], want[600];
	/* Long enough to need several encoded words. */
	const char		*subj = "Rappel\xc2\xa0: 17,5 h \xc3\xa0 "
	    "compl\xc3\xa9ter avant le 31 mai \xe2\x80\x94 CCM, dont 5 h "
	    "d\xe2\x80\x99\xc3\xa9thique \xe2\x9c\x94 \xf0\x9f\x93\x85";

	conf_init(&c, "smtp://127.0.0.1:25");
	c.from = "\xc3\x89quipe cetrack <cetrack@example.org>";
	msg_init(&m);
	m.subject = subj;
	m.to = "\"Reyes, Dana\" <dana.reyes@example.org>";
	msg = format(&c, &m);
	header(msg, "Subject", v, sizeof(v));
	cr_assert(matches(v, "^=\\?UTF-8\\?B\\?[A-Za-z0-9+/=]+\\?=\r\n "
	    "=\\?UTF-8\\?B\\?"), "Subject %s", v);
	header(msg, "To", v, sizeof(v));
	cr_assert_str_eq(v, "\"Reyes, Dana\" <dana.reyes@example.org>");

	(void)snprintf(path, sizeof(path), "%s/msg.eml", tmpdir);
	write_file(path, msg, strlen(msg), 0600);
	py_read(path, out, sizeof(out));
	(void)snprintf(want, sizeof(want), "SUBJECT=%s", subj);
	cr_assert(has_line(out, want), "%s", out);
	cr_assert(has_line(out, "FROM=\xc3\x89quipe cetrack "
	    "<cetrack@example.org>"), "%s", out);
	cr_assert(has_line(out, "TO=\"Reyes, Dana\" <dana.reyes@example.org>"),
	    "%s", out);
	cr_assert(has_line(out, "DEFECTS=0"), "%s", out);
	free(msg);
}

Test(email_format, long_ascii_subject_is_folded, .init = setup,
    .fini = teardown)
{
	struct email_conf	 c;
	struct email_msg	 m;
	char			*msg, v[512], path[128], out[8192], want[400];
	const char		*subj = "Renewal reminder for Dana Reyes, RN, CCM: "
	    "17.5 hours of continuing education and 5 hours of ethics are "
	    "still missing before 2027-05-31";

	conf_init(&c, "smtp://127.0.0.1:25");
	msg_init(&m);
	m.subject = subj;
	msg = format(&c, &m);
	header(msg, "Subject", v, sizeof(v));
	cr_assert_not_null(strstr(v, "\r\n "), "not folded: %s", v);
	(void)snprintf(path, sizeof(path), "%s/msg.eml", tmpdir);
	write_file(path, msg, strlen(msg), 0600);
	py_read(path, out, sizeof(out));
	(void)snprintf(want, sizeof(want), "SUBJECT=%s", subj);
	cr_assert(has_line(out, want), "%s", out);
	free(msg);
}

Test(email_format, without_attachment_a_single_part, .init = setup,
    .fini = teardown)
{
	struct email_conf	 c;
	struct email_msg	 m;
	char			*msg, v[256];

	conf_init(&c, "smtp://127.0.0.1:25");
	msg_init(&m);
	m.att_name = NULL;
	msg = format(&c, &m);
	header(msg, "Content-Type", v, sizeof(v));
	cr_assert_str_eq(v, "text/plain; charset=UTF-8");
	header(msg, "Content-Transfer-Encoding", v, sizeof(v));
	cr_assert_str_eq(v, "quoted-printable");
	cr_assert_null(strstr(msg, "=_cetrack_"));
	free(msg);
}

Test(email_format, refuses_header_injection_and_bad_text, .init = setup,
    .fini = teardown)
{
	struct email_conf	 c;
	struct email_msg	 m;
	char			*msg, err[256];
	size_t			 len;

	conf_init(&c, "smtp://127.0.0.1:25");
	msg_init(&m);
	m.subject = "Renewal\r\nBcc: victim@example.org";
	cr_assert_eq(email_format_message(&c, &m, NOW_2027_03_02, &msg, &len,
	    err, sizeof(err)), -1);
	cr_assert_null(msg);
	cr_assert(matches(err, "^subject: "), "%s", err);

	msg_init(&m);
	m.to = "dana.reyes@example.org\r\nBcc: victim@example.org";
	cr_assert_eq(email_format_message(&c, &m, NOW_2027_03_02, &msg, &len,
	    err, sizeof(err)), -1);
	cr_assert(matches(err, "^recipient: "), "%s", err);

	m.to = "Dana <dana.reyes@example.org> <other@example.org>";
	cr_assert_eq(email_format_message(&c, &m, NOW_2027_03_02, &msg, &len,
	    err, sizeof(err)), -1);
	m.to = "dana reyes@example.org";
	cr_assert_eq(email_format_message(&c, &m, NOW_2027_03_02, &msg, &len,
	    err, sizeof(err)), -1);
	m.to = "dana..reyes@example.org";
	cr_assert_eq(email_format_message(&c, &m, NOW_2027_03_02, &msg, &len,
	    err, sizeof(err)), -1);

	msg_init(&m);
	m.body = "caf\xe9 in Latin-1\n";
	cr_assert_eq(email_format_message(&c, &m, NOW_2027_03_02, &msg, &len,
	    err, sizeof(err)), -1);
	cr_assert(matches(err, "^body: "), "%s", err);

	msg_init(&m);
	m.att_name = "../../etc/x.ics";
	cr_assert_eq(email_format_message(&c, &m, NOW_2027_03_02, &msg, &len,
	    err, sizeof(err)), -1);
	msg_init(&m);
	m.att_type = "text/calendar\r\nX-Evil: 1";
	cr_assert_eq(email_format_message(&c, &m, NOW_2027_03_02, &msg, &len,
	    err, sizeof(err)), -1);

	msg_init(&m);
	c.from = "not an address";
	cr_assert_eq(email_format_message(&c, &m, NOW_2027_03_02, &msg, &len,
	    err, sizeof(err)), -1);
	cr_assert(matches(err, "^\\[email\\] from: "), "%s", err);
}

/* ---------------------------------------------------------------- */
/* Configuration                                                     */

Test(email_conf, check, .init = setup, .fini = teardown)
{
	struct email_conf	 c;
	char			 err[256];

	conf_init(&c, "smtp://127.0.0.1:2525");
	cr_assert_eq(email_conf_check(&c, err, sizeof(err)), 0, "%s", err);

	c.smtp_url = "http://127.0.0.1/";
	cr_assert_eq(email_conf_check(&c, err, sizeof(err)), -1);
	cr_assert(matches(err, "^\\[email\\] smtp_url: "), "%s", err);
	c.smtp_url = "smtp://user:secret@mail.example.org";
	cr_assert_eq(email_conf_check(&c, err, sizeof(err)), -1);
	cr_assert_null(strstr(err, "secret"), "%s", err);
	c.smtp_url = "";
	cr_assert_eq(email_conf_check(&c, err, sizeof(err)), -1);

	/* A username needs a password. */
	conf_init(&c, "smtp://127.0.0.1:2525");
	c.username = "cetrack";
	cr_assert_eq(email_conf_check(&c, err, sizeof(err)), -1);
	cr_assert(matches(err, "^\\[email\\] password_file: "), "%s", err);
	c.password = PASSWORD;
	c.passwordlen = strlen(PASSWORD);
	cr_assert_eq(email_conf_check(&c, err, sizeof(err)), 0, "%s", err);
	c.passwordlen = strlen(PASSWORD) + 1;	/* the NUL included */
	cr_assert_eq(email_conf_check(&c, err, sizeof(err)), -1);
	c.passwordlen = strlen(PASSWORD);

	/* AUTH in clear: loopback only. */
	c.smtp_url = "smtp://localhost:2525";
	cr_assert_eq(email_conf_check(&c, err, sizeof(err)), 0, "%s", err);
	c.smtp_url = "smtp://[::1]:2525";
	cr_assert_eq(email_conf_check(&c, err, sizeof(err)), 0, "%s", err);
	c.smtp_url = "smtp://mail.example.org:587";
	cr_assert_eq(email_conf_check(&c, err, sizeof(err)), -1);
	cr_assert(matches(err, "^\\[email\\] starttls: off would send the "
	    "password in clear to mail.example.org"), "%s", err);
	cr_assert_null(strstr(err, PASSWORD));
	c.starttls = STARTTLS_OPTIONAL;	/* then sent as required */
	cr_assert_eq(email_conf_check(&c, err, sizeof(err)), 0, "%s", err);
	c.starttls = STARTTLS_REQUIRED;
	cr_assert_eq(email_conf_check(&c, err, sizeof(err)), 0, "%s", err);
	c.starttls = STARTTLS_OFF;
	c.smtp_url = "smtps://mail.example.org";
	cr_assert_eq(email_conf_check(&c, err, sizeof(err)), 0, "%s", err);

	/* Without AUTH, off is still loopback only: reminders name people. */
	c.username = NULL;
	c.smtp_url = "smtp://mail.example.org:25";
	cr_assert_eq(email_conf_check(&c, err, sizeof(err)), -1);
	cr_assert(matches(err, "^\\[email\\] starttls: off would send mail "
	    "in clear to mail.example.org"), "%s", err);
	c.starttls = STARTTLS_OPTIONAL;
	cr_assert_eq(email_conf_check(&c, err, sizeof(err)), 0, "%s", err);
	c.starttls = STARTTLS_OFF;
	c.smtp_url = "smtp://127.0.0.1:25";

	c.ca_file = "/nonexistent/ca.pem";
	cr_assert_eq(email_conf_check(&c, err, sizeof(err)), -1);
	cr_assert(matches(err, "^\\[email\\] ca_file: /nonexistent/ca.pem: "),
	    "%s", err);
	c.ca_file = NULL;
	c.helo = "bad host name";
	cr_assert_eq(email_conf_check(&c, err, sizeof(err)), -1);
	cr_assert(matches(err, "^\\[email\\] helo: "), "%s", err);

	cr_assert_str_eq(email_result_name(EMAIL_OK), "ok");
	cr_assert_str_eq(email_result_name(EMAIL_TEMPFAIL), "tempfail");
	cr_assert_str_eq(email_result_name(EMAIL_PERMFAIL), "permfail");
}

/* ---------------------------------------------------------------- */
/* Secrets                                                           */

Test(secret, reads_and_strips_one_newline, .init = setup, .fini = teardown)
{
	struct secret	 s;
	char		 err[256];

	write_file(passfile, PASSWORD "\n", strlen(PASSWORD) + 1, 0600);
	cr_assert_eq(secret_read(passfile, "smtp-password", &s, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(s.len, strlen(PASSWORD));
	cr_assert_str_eq(s.buf, PASSWORD);
	secret_free(&s);
	cr_assert_null(s.buf);
	cr_assert_eq(s.len, 0);
	secret_free(&s);		/* twice is harmless */

	/* Only one newline goes; CRLF counts as one. */
	write_file(passfile, "pw\n\n", 4, 0400);
	cr_assert_eq(secret_read(passfile, NULL, &s, err, sizeof(err)), 0);
	cr_assert_eq(s.len, 3);
	cr_assert_eq(memcmp(s.buf, "pw\n", 3), 0);
	secret_free(&s);
	write_file(passfile, "pw\r\n", 4, 0600);
	cr_assert_eq(secret_read(passfile, NULL, &s, err, sizeof(err)), 0);
	cr_assert_eq(s.len, 2);
	secret_free(&s);
	/* Binary bytes are kept, NUL included. */
	write_file(passfile, "a\0b", 3, 0600);
	cr_assert_eq(secret_read(passfile, NULL, &s, err, sizeof(err)), 0);
	cr_assert_eq(s.len, 3);
	cr_assert_eq(memcmp(s.buf, "a\0b", 3), 0);
	secret_free(&s);
}

Test(secret, refuses_files_others_can_access, .init = setup,
    .fini = teardown)
{
	struct secret	 s;
	char		 err[512], want[400];

	write_file(passfile, PASSWORD "\n", strlen(PASSWORD) + 1, 0644);
	cr_assert_eq(secret_read(passfile, NULL, &s, err, sizeof(err)), -1);
	cr_assert_null(s.buf);
	(void)snprintf(want, sizeof(want), "%s: is readable by others "
	    "(mode 0644); chmod 600 %s", passfile, passfile);
	cr_assert_str_eq(err, want);
	cr_assert_null(strstr(err, "horse"));

	write_file(passfile, PASSWORD, strlen(PASSWORD), 0640);
	cr_assert_eq(secret_read(passfile, NULL, &s, err, sizeof(err)), -1);
	cr_assert(matches(err, "is readable by its group \\(mode 0640\\)"),
	    "%s", err);
	write_file(passfile, PASSWORD, strlen(PASSWORD), 0620);
	cr_assert_eq(secret_read(passfile, NULL, &s, err, sizeof(err)), -1);
	cr_assert(matches(err, "is writable by its group \\(mode 0620\\)"),
	    "%s", err);
	write_file(passfile, PASSWORD, strlen(PASSWORD), 0602);
	cr_assert_eq(secret_read(passfile, NULL, &s, err, sizeof(err)), -1);
	cr_assert(matches(err, "is writable by others"), "%s", err);
	cr_assert_null(strstr(err, "horse"));
}

Test(secret, other_refusals, .init = setup, .fini = teardown)
{
	struct secret	 s;
	char		 err[256], *big;

	write_file(passfile, "\n", 1, 0600);
	cr_assert_eq(secret_read(passfile, NULL, &s, err, sizeof(err)), -1);
	cr_assert(matches(err, ": is empty$"), "%s", err);

	big = xmalloc(SECRET_MAX_SIZE + 1);
	memset(big, 'k', SECRET_MAX_SIZE + 1);
	write_file(passfile, big, SECRET_MAX_SIZE + 1, 0600);
	free(big);
	cr_assert_eq(secret_read(passfile, NULL, &s, err, sizeof(err)), -1);
	cr_assert(matches(err, "larger than 65536 bytes"), "%s", err);

	cr_assert_eq(chmod(tmpdir, 0700), 0);
	cr_assert_eq(secret_read(tmpdir, NULL, &s, err, sizeof(err)), -1);
	cr_assert(matches(err, "not a regular file"), "%s", err);
	cr_assert_eq(secret_read("/nonexistent/pw", NULL, &s, err,
	    sizeof(err)), -1);
	cr_assert_str_eq(err, "/nonexistent/pw: No such file or directory");
}

Test(secret, credentials_directory, .init = setup, .fini = teardown)
{
	struct secret	 s;
	char		 err[256], path[128];

	(void)snprintf(path, sizeof(path), "%s/webhook-secret", tmpdir);
	write_file(path, "whsec-test\n", 11, 0400);
	cr_assert_eq(setenv("CREDENTIALS_DIRECTORY", tmpdir, 1), 0);
	cr_assert_eq(secret_read("", "webhook-secret", &s, err, sizeof(err)),
	    0, "%s", err);
	cr_assert_eq(s.len, 10);
	cr_assert_str_eq(s.buf, "whsec-test");
	secret_free(&s);
	cr_assert_eq(secret_read(NULL, "smtp-password", &s, err, sizeof(err)),
	    -1);
	cr_assert(matches(err, "/smtp-password: No such file"), "%s", err);
	/* A name cannot leave the directory. */
	cr_assert_eq(secret_read(NULL, "../etc/passwd", &s, err, sizeof(err)),
	    -1);

	/* The configured file wins over the credential. */
	write_file(passfile, "from-file", 9, 0600);
	cr_assert_eq(secret_read(passfile, "webhook-secret", &s, err,
	    sizeof(err)), 0);
	cr_assert_str_eq(s.buf, "from-file");
	secret_free(&s);

	cr_assert_eq(unsetenv("CREDENTIALS_DIRECTORY"), 0);
	cr_assert_eq(secret_read(NULL, "webhook-secret", &s, err, sizeof(err)),
	    -1);
	cr_assert_str_eq(err, "no secret file given and $CREDENTIALS_DIRECTORY "
	    "is not set (for credential webhook-secret)");
}

/* ---------------------------------------------------------------- */
/* Delivery                                                          */

static char *
mail_file(int n, const char *ext)
{
	char	path[160];

	(void)snprintf(path, sizeof(path), "%s/%d.%s", maildir, n, ext);
	return read_file(path);
}

/* Whether message n was delivered (its .eml and .env both written). */
static int
delivered(int n)
{
	char	*eml = mail_file(n, "eml"), *env = mail_file(n, "env");
	int	 yes = eml != NULL && env != NULL;

	free(eml);
	free(env);
	return yes;
}

static void
assert_no_mail(void)
{
	char	*f = mail_file(1, "eml");

	cr_assert_null(f, "a message was delivered:\n%s", f);
}

Test(email_send, plain_on_loopback, .init = setup, .fini = teardown,
    .timeout = 30)
{
	struct smtpd		 d;
	struct email_conf	 c;
	struct email_msg	 m;
	char			 u[64], reply[EMAIL_REPLY_MAX], err[256];
	char			 path[160], out[8192], *env, *eml;
	char			 host[256], want[300];

	smtpd_start(&d, NULL);
	url(u, sizeof(u), "smtp", d.port);
	conf_init(&c, u);
	msg_init(&m);
	cr_assert_eq(email_send(&c, &m, NOW_2027_03_02, reply, sizeof(reply),
	    err, sizeof(err)), EMAIL_OK, "%s", err);
	cr_assert_str_eq(reply, "250 2.0.0 Ok: queued as CET0001");
	smtpd_stop(&d);

	env = mail_file(1, "env");
	cr_assert_not_null(env);
	cr_assert(has_line(env, "MAIL FROM:<cetrack@example.org>"), "%s", env);
	cr_assert(has_line(env, "RCPT TO:<dana.reyes@example.org>"), "%s", env);
	cr_assert(has_line(env, "TLS: no"));
	cr_assert(has_line(env, "AUTH: "));
	/* Without helo, libcurl says EHLO with the machine's name. */
	cr_assert_eq(gethostname(host, sizeof(host) - 1), 0);
	host[sizeof(host) - 1] = '\0';
	(void)snprintf(want, sizeof(want), "HELO: %s", host);
	cr_assert(has_line(env, want), "%s", env);
	free(env);
	eml = mail_file(1, "eml");
	cr_assert_not_null(eml);
	/* The server got what --dry-run shows, the leading dot unstuffed. */
	cr_assert_not_null(strstr(eml, "\r\n.A line that starts with a dot"));
	cr_assert_not_null(strstr(eml, "17.5 h of the 80 h total"));
	free(eml);
	(void)snprintf(path, sizeof(path), "%s/1.eml", maildir);
	py_read(path, out, sizeof(out));
	cr_assert(has_line(out, "SUBJECT=CCM renewal: 17.5 h and 5 h of "
	    "ethics still missing"), "%s", out);
	cr_assert(has_line(out, "DEFECTS=0"), "%s", out);
	cr_assert_not_null(strstr(out, "ATT=ccm-renewal.ics text/calendar "
	    "BEGIN:VCALENDAR|"), "%s", out);
}

Test(email_send, auth_in_clear_on_loopback, .init = setup, .fini = teardown,
    .timeout = 30)
{
	struct smtpd		 d;
	struct email_conf	 c;
	struct email_msg	 m;
	char			 u[64], err[256], auth[160], *env;

	write_file(passfile, PASSWORD "\n", strlen(PASSWORD) + 1, 0600);
	(void)snprintf(auth, sizeof(auth), "cetrack:%s", passfile);
	smtpd_start(&d, "--auth", auth, NULL);
	url(u, sizeof(u), "smtp", d.port);
	conf_init(&c, u);
	msg_init(&m);
	/* Without credentials: refused by the server (530), permanently. */
	cr_assert_eq(email_send(&c, &m, NOW_2027_03_02, NULL, 0, err,
	    sizeof(err)), EMAIL_PERMFAIL);
	c.username = "cetrack";
	c.password = PASSWORD;
	c.passwordlen = strlen(PASSWORD);
	cr_assert_eq(email_send(&c, &m, NOW_2027_03_02, NULL, 0, err,
	    sizeof(err)), EMAIL_OK, "%s", err);
	smtpd_stop(&d);
	env = mail_file(1, "env");
	cr_assert_not_null(env);
	cr_assert(has_line(env, "AUTH: cetrack"), "%s", env);
	free(env);
}

Test(email_send, starttls_required_with_auth, .init = setup,
    .fini = teardown, .timeout = 30)
{
	struct smtpd		 d;
	struct email_conf	 c;
	struct email_msg	 m;
	struct secret		 pw;
	char			 u[64], reply[EMAIL_REPLY_MAX], err[256];
	char			 auth[160], *env;

	make_certs();
	write_file(passfile, PASSWORD "\n", strlen(PASSWORD) + 1, 0600);
	cr_assert_eq(secret_read(passfile, NULL, &pw, err, sizeof(err)), 0);
	(void)snprintf(auth, sizeof(auth), "cetrack:%s", passfile);
	smtpd_start(&d, "--require-starttls", "--cert", cert_pem, "--key",
	    key_pem, "--auth", auth, NULL);
	url(u, sizeof(u), "smtp", d.port);
	conf_init(&c, u);
	c.starttls = STARTTLS_REQUIRED;
	c.ca_file = cert_pem;
	c.username = "cetrack";
	c.password = pw.buf;
	c.passwordlen = pw.len;
	c.helo = "cetrack.example.org";
	msg_init(&m);
	cr_assert_eq(email_send(&c, &m, NOW_2027_03_02, reply, sizeof(reply),
	    err, sizeof(err)), EMAIL_OK, "%s", err);
	cr_assert_str_eq(reply, "250 2.0.0 Ok: queued as CET0001");

	/* A wrong password: 535, permanent, and never echoed. */
	c.password = "wrong password";
	c.passwordlen = strlen(c.password);
	cr_assert_eq(email_send(&c, &m, NOW_2027_03_02, reply, sizeof(reply),
	    err, sizeof(err)), EMAIL_PERMFAIL);
	cr_assert(matches(reply, "^535 "), "%s", reply);
	cr_assert_null(strstr(err, "wrong password"), "%s", err);
	cr_assert_null(strstr(err, PASSWORD));
	cr_assert_null(strstr(reply, "wrong"));
	smtpd_stop(&d);
	secret_free(&pw);

	env = mail_file(1, "env");
	cr_assert_not_null(env);
	cr_assert(has_line(env, "TLS: yes"), "%s", env);
	cr_assert(has_line(env, "AUTH: cetrack"), "%s", env);
	cr_assert(has_line(env, "HELO: cetrack.example.org"), "%s", env);
	free(env);
	cr_assert(!delivered(2), "the wrong password delivered");
}

Test(email_send, starttls_optional, .init = setup, .fini = teardown,
    .timeout = 30)
{
	struct smtpd		 d;
	struct email_conf	 c;
	struct email_msg	 m;
	char			 u[64], err[256], *env;

	make_certs();
	smtpd_start(&d, "--starttls", "--cert", cert_pem, "--key", key_pem,
	    NULL);
	url(u, sizeof(u), "smtp", d.port);
	conf_init(&c, u);
	c.starttls = STARTTLS_OPTIONAL;
	c.ca_file = cert_pem;
	msg_init(&m);
	cr_assert_eq(email_send(&c, &m, NOW_2027_03_02, NULL, 0, err,
	    sizeof(err)), EMAIL_OK, "%s", err);
	/* off: stays plain even though STARTTLS is offered. */
	c.starttls = STARTTLS_OFF;
	cr_assert_eq(email_send(&c, &m, NOW_2027_03_02, NULL, 0, err,
	    sizeof(err)), EMAIL_OK, "%s", err);
	smtpd_stop(&d);
	env = mail_file(1, "env");
	cr_assert_not_null(env);
	cr_assert(has_line(env, "TLS: yes"), "%s", env);
	free(env);
	env = mail_file(2, "env");
	cr_assert_not_null(env);
	cr_assert(has_line(env, "TLS: no"), "%s", env);
	free(env);
}

Test(email_send, starttls_required_but_not_offered, .init = setup,
    .fini = teardown, .timeout = 30)
{
	struct smtpd		 d;
	struct email_conf	 c;
	struct email_msg	 m;
	char			 u[64], err[256];

	make_certs();
	smtpd_start(&d, NULL);
	url(u, sizeof(u), "smtp", d.port);
	conf_init(&c, u);
	c.starttls = STARTTLS_REQUIRED;
	c.ca_file = cert_pem;
	msg_init(&m);
	cr_assert_eq(email_send(&c, &m, NOW_2027_03_02, NULL, 0, err,
	    sizeof(err)), EMAIL_TEMPFAIL);
	cr_assert(matches(err, "^127\\.0\\.0\\.1:[0-9]+ does not offer TLS \\(STARTTLS\\)"), "%s",
	    err);

	/* The same server with optional: delivered in clear (no AUTH). */
	c.starttls = STARTTLS_OPTIONAL;
	cr_assert_eq(email_send(&c, &m, NOW_2027_03_02, NULL, 0, err,
	    sizeof(err)), EMAIL_OK, "%s", err);
	smtpd_stop(&d);
	/* Exactly one message: the one sent with optional. */
	cr_assert(delivered(1));
	cr_assert(!delivered(2), "required sent in clear");
}

Test(email_send, wrong_ca_is_refused, .init = setup, .fini = teardown,
    .timeout = 30)
{
	struct smtpd		 d;
	struct email_conf	 c;
	struct email_msg	 m;
	char			 u[64], err[256];

	make_certs();
	smtpd_start(&d, "--require-starttls", "--cert", cert_pem, "--key",
	    key_pem, NULL);
	url(u, sizeof(u), "smtp", d.port);
	conf_init(&c, u);
	c.starttls = STARTTLS_REQUIRED;
	c.ca_file = other_pem;
	msg_init(&m);
	cr_assert_eq(email_send(&c, &m, NOW_2027_03_02, NULL, 0, err,
	    sizeof(err)), EMAIL_TEMPFAIL);
	cr_assert(matches(err, "certificate|SSL"), "%s", err);
	/* Not even the system store trusts a self-signed test certificate. */
	c.ca_file = NULL;
	cr_assert_eq(email_send(&c, &m, NOW_2027_03_02, NULL, 0, err,
	    sizeof(err)), EMAIL_TEMPFAIL);
	smtpd_stop(&d);
	assert_no_mail();
}

Test(email_send, smtps, .init = setup, .fini = teardown, .timeout = 30)
{
	struct smtpd		 d;
	struct email_conf	 c;
	struct email_msg	 m;
	char			 u[64], err[256], *env;

	make_certs();
	smtpd_start(&d, "--tls", "--cert", cert_pem, "--key", key_pem, NULL);
	url(u, sizeof(u), "smtps", d.port);
	conf_init(&c, u);
	c.starttls = STARTTLS_OFF;	/* irrelevant: TLS from the start */
	c.ca_file = cert_pem;
	msg_init(&m);
	cr_assert_eq(email_send(&c, &m, NOW_2027_03_02, NULL, 0, err,
	    sizeof(err)), EMAIL_OK, "%s", err);
	c.ca_file = other_pem;
	cr_assert_eq(email_send(&c, &m, NOW_2027_03_02, NULL, 0, err,
	    sizeof(err)), EMAIL_TEMPFAIL);
	smtpd_stop(&d);
	env = mail_file(1, "env");
	cr_assert_not_null(env);
	cr_assert(has_line(env, "TLS: yes"), "%s", env);
	free(env);
	cr_assert(!delivered(2));
}

/* A port on 127.0.0.1 that nothing listens on. */
static int
free_port(void)
{
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof(sin);
	int			 fd, port;

	cr_assert_neq(fd = socket(AF_INET, SOCK_STREAM, 0), -1);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	port = ntohs(sin.sin_port);
	(void)close(fd);
	return port;
}

Test(email_send, connection_refused_is_tempfail, .init = setup,
    .fini = teardown, .timeout = 30)
{
	struct email_conf	 c;
	struct email_msg	 m;
	char			 u[64], reply[EMAIL_REPLY_MAX], err[256];

	url(u, sizeof(u), "smtp", free_port());
	conf_init(&c, u);
	msg_init(&m);
	cr_assert_eq(email_send(&c, &m, NOW_2027_03_02, reply, sizeof(reply),
	    err, sizeof(err)), EMAIL_TEMPFAIL);
	cr_assert_str_eq(reply, "");
	cr_assert(matches(err, "^could not connect to 127\\.0\\.0\\.1:[0-9]+: connection refused$"), "%s",
	    err);
}

Test(email_send, fail_first_then_ok, .init = setup, .fini = teardown,
    .timeout = 30)
{
	struct smtpd		 d;
	struct email_conf	 c;
	struct email_msg	 m;
	char			 u[64], reply[EMAIL_REPLY_MAX], err[256];

	smtpd_start(&d, "--fail-first", "1", NULL);
	url(u, sizeof(u), "smtp", d.port);
	conf_init(&c, u);
	msg_init(&m);
	m.message_id = "notify-7@cetrack.example.org";
	cr_assert_eq(email_send(&c, &m, NOW_2027_03_02, reply, sizeof(reply),
	    err, sizeof(err)), EMAIL_TEMPFAIL);
	cr_assert_str_eq(reply, "451 4.3.0 Temporary failure, try again later");
	cr_assert(matches(err, "^the mail server 127\\.0\\.0\\.1:[0-9]+ answered: 451 "), "%s", err);
	assert_no_mail();
	cr_assert_eq(email_send(&c, &m, NOW_2027_03_02, reply, sizeof(reply),
	    err, sizeof(err)), EMAIL_OK, "%s", err);
	cr_assert_str_eq(reply, "250 2.0.0 Ok: queued as CET0001");
	smtpd_stop(&d);
	cr_assert(delivered(1));
	cr_assert(!delivered(2));
}

Test(email_send, rejected_recipient_is_permfail, .init = setup,
    .fini = teardown, .timeout = 30)
{
	struct smtpd		 d;
	struct email_conf	 c;
	struct email_msg	 m;
	char			 u[64], reply[EMAIL_REPLY_MAX], err[256];

	smtpd_start(&d, "--reject", NULL);
	url(u, sizeof(u), "smtp", d.port);
	conf_init(&c, u);
	msg_init(&m);
	cr_assert_eq(email_send(&c, &m, NOW_2027_03_02, reply, sizeof(reply),
	    err, sizeof(err)), EMAIL_PERMFAIL);
	cr_assert(matches(reply, "^550 5\\.1\\.1 <dana\\.reyes@example\\.org>"),
	    "%s", reply);
	smtpd_stop(&d);
	assert_no_mail();
}

Test(email_send, silent_server_times_out, .init = setup, .fini = teardown,
    .timeout = 30)
{
	struct sockaddr_in	 sin;
	struct timespec		 t0, t1;
	struct email_conf	 c;
	struct email_msg	 m;
	socklen_t		 len = sizeof(sin);
	char			 u[64], err[256];
	double			 elapsed;
	int			 fd;

	/* Listening, so the kernel completes the handshake, but nobody
	 * ever accepts or speaks. */
	cr_assert_neq(fd = socket(AF_INET, SOCK_STREAM, 0), -1);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	cr_assert_eq(listen(fd, 4), 0);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	url(u, sizeof(u), "smtp", ntohs(sin.sin_port));
	conf_init(&c, u);
	c.timeout = 2;
	msg_init(&m);
	cr_assert_eq(clock_gettime(CLOCK_MONOTONIC, &t0), 0);
	cr_assert_eq(email_send(&c, &m, NOW_2027_03_02, NULL, 0, err,
	    sizeof(err)), EMAIL_TEMPFAIL);
	cr_assert_eq(clock_gettime(CLOCK_MONOTONIC, &t1), 0);
	elapsed = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	cr_assert(elapsed >= 1.5 && elapsed < 4.0, "took %.2f s", elapsed);
	cr_assert(matches(err, "[Tt]imeout|timed out"), "%s", err);
	(void)close(fd);
}

Test(email_send, invalid_configuration_is_permfail, .init = setup,
    .fini = teardown)
{
	struct email_conf	 c;
	struct email_msg	 m;
	char			 err[256];

	/* Refused before any connection: nothing listens there anyway. */
	conf_init(&c, "smtp://mail.example.org:587");
	c.username = "cetrack";
	c.password = PASSWORD;
	c.passwordlen = strlen(PASSWORD);
	msg_init(&m);
	cr_assert_eq(email_send(&c, &m, NOW_2027_03_02, NULL, 0, err,
	    sizeof(err)), EMAIL_PERMFAIL);
	cr_assert(matches(err, "^\\[email\\] starttls: off would send"), "%s",
	    err);
	conf_init(&c, "smtp://127.0.0.1:25");
	m.to = "nobody";
	cr_assert_eq(email_send(&c, &m, NOW_2027_03_02, NULL, 0, err,
	    sizeof(err)), EMAIL_PERMFAIL);
	cr_assert(matches(err, "^recipient: "), "%s", err);
}
