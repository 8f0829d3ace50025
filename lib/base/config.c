/* SPDX-License-Identifier: ISC */
/*
 * cetrack.ini: the configuration file. Every key is one row of
 * config_table[] below (after tmux's options-table.c): its section, name,
 * type, range, default, where it lands in struct config and what it means.
 * The loader reads each value from iniparser as a string and validates it
 * with the parsers here, because iniparser's own number and boolean getters
 * accept garbage ("yesterday" is true, "12abc" is 12). Unknown sections and
 * keys are errors, and every problem of a file is reported, not only the
 * first, so that a user fixes the file in one go.
 */

#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <strings.h>
#include <unistd.h>

#include <iniparser.h>

#include "base/addr.h"
#include "base/config.h"
#include "base/days.h"
#include "base/embedded.h"
#include "base/util.h"

#ifndef CETRACK_SYSCONFDIR
#define CETRACK_SYSCONFDIR	"/etc"
#endif

/* A value is shown in an error message at most this long. */
#define CONFIG_QUOTE_MAX	48

/* The iniparser 4.1 messages that config_ini_error() rewrites. */
#define INI_FMT_SYNTAX	"iniparser: syntax error in %s (%d):\n-> %s\n"
#define INI_FMT_LONG	"iniparser: input line too long in %s (%d)\n"
#define INI_FMT_OPEN	"iniparser: cannot open %s\n"

enum config_type {
	CONFIG_STRING,		/* UTF-8 text up to the field's size */
	CONFIG_PATH,		/* absolute or "~/..." */
	CONFIG_BOOL,		/* yes|no|true|false|on|off|1|0 */
	CONFIG_INT,		/* decimal in [min, max] */
	CONFIG_INTLIST,		/* "a, b, c" each in [min, max], or "none" */
	CONFIG_TIME,		/* HH:MM, stored as minutes after midnight */
	CONFIG_ENUM,		/* one of choices, stored as its index */
	CONFIG_URL,		/* scheme in choices, host, no credentials */
	CONFIG_EMAIL,		/* user@domain, with "Name <...>" if min != 0 */
	CONFIG_TZ		/* a tz database name, "" for the system's */
};

/*
 * One configuration key. Fields:
 *
 * section, key	as written in the file (iniparser lowercases both).
 * type		how the value is parsed (above).
 * min, max	range of CONFIG_INT and of each CONFIG_INTLIST element;
 *		for CONFIG_EMAIL, min = 1 allows a display name.
 * choices	CONFIG_ENUM: the names, in the order of the enum's values;
 *		CONFIG_URL: the accepted schemes. NULL-terminated.
 * desc		CONFIG_INTLIST: stored largest first (else smallest first), so
 *		that both reminder lists are in chronological order.
 * def		the default, written as in the file and parsed by the same
 *		code, so that a default can never be a value the file could
 *		not hold. "" leaves the field zero or empty.
 * dflt		instead of def, for a default computed from the environment.
 * off, size	where the value goes in struct config: a char array of
 *		`size` bytes, an int, or an int array of `size` elements.
 * noff		CONFIG_INTLIST: where its element count goes.
 * what		the noun phrase of "'x' is not <what>".
 * form		the expected form for types whose form is not derived from
 *		min/max or choices.
 * help		what the key means, as cetrack.ini(5) explains it at length.
 */
struct config_entry {
	const char		 *section;
	const char		 *key;
	enum config_type	  type;
	long long		  min;
	long long		  max;
	const char *const	 *choices;
	int			  desc;
	const char		 *def;
	void			(*dflt)(char *, size_t);
	size_t			  off;
	size_t			  size;
	size_t			  noff;
	const char		 *what;
	const char		 *form;
	const char		 *help;
};

/* What a load has found so far; errors are counted even when errs is NULL. */
struct config_ctx {
	const char	*file;
	struct errlist	*errs;
	int		 nerr;
	int		 saw_iniparser;	/* iniparser reported something */
};

/* Per key: not given (or empty), given and valid, given but invalid. */
enum config_seen {
	SEEN_NO,
	SEEN_OK,
	SEEN_BAD
};

static void	config_default_db(char *, size_t);

#define FIELD(f)	.off = offsetof(struct config, f), \
			.size = sizeof(((struct config *)0)->f)
#define LIST(f, n)	.off = offsetof(struct config, f), \
			.size = ARRAY_SIZE(((struct config *)0)->f), \
			.noff = offsetof(struct config, n)

/* Stored through an int: see config_parse(). */
_Static_assert(sizeof(enum starttls_mode) == sizeof(int),
    "enum starttls_mode is stored as an int");

static const char *const config_db_mode_choices[] = {
	"private", "group", NULL	/* db_group: 0, 1 */
};
static const char *const config_verify_choices[] = {
	"licenses", "all", "none", NULL		/* enum config_verify */
};
static const char *const config_starttls_choices[] = {
	"required", "optional", "off", NULL	/* enum starttls_mode order */
};
static const char *const config_smtp_schemes[] = { "smtp", "smtps", NULL };
static const char *const config_http_schemes[] = { "https", "http", NULL };

#define PATH_FORM	"an absolute path or ~/PATH"

static const struct config_entry config_table[] = {
	{ .section = "database", .key = "path", .type = CONFIG_PATH,
	  .dflt = config_default_db, FIELD(db_path),
	  .what = "an absolute path", .form = PATH_FORM,
	  .help = "the SQLite database; default "
	      "$XDG_DATA_HOME/cetrack/cetrack.db" },
	{ .section = "database", .key = "certificate_max_mb",
	  .type = CONFIG_INT, .min = 1, .max = 64, .def = "10",
	  FIELD(cert_max_mb),
	  .what = "a size in MiB",
	  .help = "the largest certificate file `ce log --certificate` and a "
	      "transcript import store, in MiB (1 to 64)" },
	{ .section = "database", .key = "mode", .type = CONFIG_ENUM,
	  .choices = config_db_mode_choices, .def = "private",
	  FIELD(db_group),
	  .what = "a database mode",
	  .help = "who may open a database cetrack creates: private (mode "
	      "0600) or group (0660, for a service group sharing it)" },

	{ .section = "programs", .key = "dir", .type = CONFIG_PATH,
	  .def = "", FIELD(programs_dir),
	  .what = "an absolute path", .form = PATH_FORM,
	  .help = "directory of rule packs that override and extend the "
	      "built-in ones; empty: built-in packs only" },

	{ .section = "reminders", .key = "before", .type = CONFIG_INTLIST,
	  .min = 0, .max = 3650, .desc = 1,
	  .def = "180, 90, 60, 30, 14, 7, 1", LIST(before, nbefore),
	  .what = "a list of days",
	  .help = "days before valid-through on which to remind" },
	{ .section = "reminders", .key = "after", .type = CONFIG_INTLIST,
	  .min = 1, .max = 3650,
	  .def = "1, 7, 30", LIST(after, nafter),
	  .what = "a list of days",
	  .help = "days after valid-through, in grace or lapsed, on which to "
	      "remind" },
	{ .section = "reminders", .key = "window_open", .type = CONFIG_BOOL,
	  .def = "yes", FIELD(window_open),
	  .what = "a boolean",
	  .help = "remind when the renewal window opens" },
	{ .section = "reminders", .key = "digest", .type = CONFIG_BOOL,
	  .def = "yes", FIELD(digest),
	  .what = "a boolean",
	  .help = "one message per recipient and pass instead of one per "
	      "event" },
	{ .section = "reminders", .key = "send_time", .type = CONFIG_TIME,
	  .def = "09:00", FIELD(send_time),
	  .what = "a time of day",
	  .help = "local time of day of the pass that sends reminders" },
	{ .section = "reminders", .key = "timezone", .type = CONFIG_TZ,
	  .def = "", FIELD(timezone),
	  .what = "a time zone",
	  .form = "a tz database name such as America/Chicago, or empty "
	      "for the system's",
	  .help = "time zone of send_time and of \"today\"; empty: the "
	      "system's" },
	{ .section = "reminders", .key = "escalate", .type = CONFIG_BOOL,
	  .def = "yes", FIELD(escalate),
	  .what = "a boolean",
	  .help = "tell the organization's contact of at-risk and lapsed "
	      "credentials and of those in their late period too" },
	{ .section = "reminders", .key = "lapsed_repeat", .type = CONFIG_INT,
	  .min = 0, .max = 3650, .def = "0", FIELD(lapsed_repeat),
	  .what = "a number of days",
	  .help = "once a lapse has been announced, announce it again every "
	      "this many days until the credential is renewed or retired; 0: "
	      "once" },
	{ .section = "reminders", .key = "at_risk_days", .type = CONFIG_INT,
	  .min = 1, .max = 365, .def = "90", FIELD(at_risk_days),
	  .what = "a number of days",
	  .help = "an incomplete credential is at risk this many days before "
	      "valid-through" },

	{ .section = "email", .key = "enabled", .type = CONFIG_BOOL,
	  .def = "no", FIELD(email_enabled),
	  .what = "a boolean",
	  .help = "send reminders by email; needs smtp_url and from" },
	{ .section = "email", .key = "smtp_url", .type = CONFIG_URL,
	  .choices = config_smtp_schemes, .def = "", FIELD(smtp_url),
	  .what = "an SMTP URL",
	  .form = "smtp://HOST[:PORT] or smtps://HOST[:PORT]",
	  .help = "the mail server; smtps:// for implicit TLS" },
	{ .section = "email", .key = "starttls", .type = CONFIG_ENUM,
	  .choices = config_starttls_choices, .def = "required",
	  FIELD(starttls),
	  .what = "a STARTTLS mode",
	  .help = "STARTTLS on smtp:// URLs" },
	{ .section = "email", .key = "from", .type = CONFIG_EMAIL,
	  .min = 1, .def = "", FIELD(from),
	  .what = "an email address",
	  .form = "NAME <USER@DOMAIN> or USER@DOMAIN",
	  .help = "the sender of reminders" },
	{ .section = "email", .key = "username", .type = CONFIG_STRING,
	  .def = "", FIELD(username),
	  .what = "a user name",
	  .form = "a user name of at most 127 bytes",
	  .help = "SMTP AUTH user; empty: no AUTH" },
	{ .section = "email", .key = "password_file", .type = CONFIG_PATH,
	  .def = "", FIELD(password_file),
	  .what = "an absolute path", .form = PATH_FORM,
	  .help = "file holding the SMTP AUTH password" },
	{ .section = "email", .key = "ca_file", .type = CONFIG_PATH,
	  .def = "", FIELD(ca_file),
	  .what = "an absolute path", .form = PATH_FORM,
	  .help = "CA certificates for the server; empty: the system's" },
	{ .section = "email", .key = "admin", .type = CONFIG_EMAIL,
	  .def = "", FIELD(admin),
	  .what = "an email address", .form = "USER@DOMAIN",
	  .help = "told when deliveries keep failing" },

	{ .section = "webhook", .key = "enabled", .type = CONFIG_BOOL,
	  .def = "no", FIELD(webhook_enabled),
	  .what = "a boolean",
	  .help = "POST reminders as signed JSON; needs url" },
	{ .section = "webhook", .key = "url", .type = CONFIG_URL,
	  .choices = config_http_schemes, .def = "", FIELD(webhook_url),
	  .what = "a webhook URL",
	  .form = "https://HOST[:PORT]/PATH or http://HOST[:PORT]/PATH",
	  .help = "the receiver" },
	{ .section = "webhook", .key = "secret_file", .type = CONFIG_PATH,
	  .def = "", FIELD(secret_file),
	  .what = "an absolute path", .form = PATH_FORM,
	  .help = "file holding the signing secret" },
	{ .section = "webhook", .key = "timeout", .type = CONFIG_INT,
	  .min = 1, .max = 300, .def = "10", FIELD(webhook_timeout),
	  .what = "a number of seconds",
	  .help = "seconds before a request is abandoned" },
	{ .section = "webhook", .key = "parallel", .type = CONFIG_INT,
	  .min = 1, .max = 1024, .def = "32", FIELD(parallel),
	  .what = "a number of requests",
	  .help = "requests in flight at once" },

	{ .section = "delivery", .key = "retry_first", .type = CONFIG_INT,
	  .min = 1, .max = 86400, .def = "60", FIELD(retry_first),
	  .what = "a number of seconds",
	  .help = "seconds before the first retry; doubles after each "
	      "failure" },
	{ .section = "delivery", .key = "retry_max", .type = CONFIG_INT,
	  .min = 1, .max = 604800, .def = "21600", FIELD(retry_max),
	  .what = "a number of seconds",
	  .help = "longest wait between two attempts" },
	{ .section = "delivery", .key = "give_up_after", .type = CONFIG_INT,
	  .min = 60, .max = 2592000, .def = "259200", FIELD(give_up_after),
	  .what = "a number of seconds",
	  .help = "seconds after the first attempt when an item is dead" },

	{ .section = "reports", .key = "verify", .type = CONFIG_ENUM,
	  .choices = config_verify_choices, .def = "licenses",
	  FIELD(verify),
	  .what = "a verification policy",
	  .help = "which credentials need a primary-source verification "
	      "('cetrack cred verify'); one without a current one needs "
	      "action in reports: licenses, all or none" },
	{ .section = "reports", .key = "verify_max_days", .type = CONFIG_INT,
	  .min = 0, .max = 3650, .def = "0", FIELD(verify_max_days),
	  .what = "a number of days",
	  .help = "a verification older than this many days is stale; 0: "
	      "one made since the current cycle began is current" },
};

static const char *const config_sections[] = {
	"database", "programs", "reminders", "email", "webhook", "delivery",
	"reports"
};

/* iniparser reports through one process-wide callback: see config_file(). */
static struct config_ctx *config_ini_ctx;

static int	config_home(char *, size_t);
static void	config_quote(const char *, char *, size_t);
static void	config_err(struct config_ctx *, int, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static void	config_key_err(struct config_ctx *,
		    const struct config_entry *, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static void	config_form(const struct config_entry *, char *, size_t);
static int	config_ini_error(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
static int	config_parse_bool(const char *, int *);
static int	config_parse_list(const struct config_entry *, const char *,
		    int *, int *, char *, size_t);
static int	config_parse_time(const char *, int *);
static int	config_parse_path(const char *, char *, size_t, char *,
		    size_t);
static int	config_isalnum(int);
static int	config_email_valid(const char *, int);
static int	config_url_valid(const struct config_entry *, const char *,
		    char *, size_t);
static int	config_tz_valid(const struct config_entry *, const char *,
		    char *, size_t);
static void	config_set_int(const struct config_entry *, struct config *,
		    int);
static int	config_parse(const struct config_entry *, const char *,
		    struct config *, char *, size_t);
static int	config_entry_index(const char *, const char *);
static void	config_program_key(struct config_ctx *, struct config *,
		    const char *, const char *);
static void	config_cross_check(struct config_ctx *, struct config *,
		    const enum config_seen *);
static int	config_lookup(char *, size_t, struct config_ctx *);
static int	config_file(struct config *, const char *,
		    struct config_ctx *);

/*
 * The user's home directory: $HOME, or the password database when it is
 * unset (a systemd service without User= has none in its environment).
 */
static int
config_home(char *buf, size_t len)
{
	const char	*h;
	struct passwd	*pw;

	h = getenv("HOME");
	if (h == NULL || h[0] != '/') {
		if ((pw = getpwuid(getuid())) == NULL || pw->pw_dir == NULL)
			return -1;
		h = pw->pw_dir;
		if (h[0] != '/')
			return -1;
	}
	if (cet_strlcpy(buf, h, len) >= len)
		return -1;
	return 0;
}

/*
 * The default database: $XDG_DATA_HOME/cetrack/cetrack.db, else under the
 * home directory, else where the system service keeps it. The XDG base
 * directory specification says a relative $XDG_DATA_HOME is to be ignored.
 * A result too long for the buffer leaves it empty; config_load() reports it.
 */
static void
config_default_db(char *buf, size_t len)
{
	const char	*x;
	char		 home[PATH_MAX];
	int		 rc;

	x = getenv("XDG_DATA_HOME");
	if (x != NULL && x[0] == '/')
		rc = cet_fmt(buf, len, "%s/cetrack/cetrack.db", x);
	else if (config_home(home, sizeof(home)) == 0)
		rc = cet_fmt(buf, len, "%s/.local/share/cetrack/cetrack.db",
		    home);
	else
		rc = cet_fmt(buf, len, "/var/lib/cetrack/cetrack.db");
	if (rc != 0)
		buf[0] = '\0';
}

/*
 * Copy a value for an error message: at most CONFIG_QUOTE_MAX bytes, cut on
 * a character boundary and marked "...", with control characters and (in
 * text that is not UTF-8) every non-ASCII byte shown as '?', so that a
 * hostile file cannot send escape sequences to the user's terminal.
 */
static void
config_quote(const char *s, char *out, size_t outlen)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n = 0, max, len;
	int			 utf8;

	utf8 = cet_utf8_valid(s);
	max = outlen - 4 < CONFIG_QUOTE_MAX ? outlen - 4 : CONFIG_QUOTE_MAX;
	for (; *p != '\0'; p += len) {
		len = 1;
		if (utf8 && *p >= 0xc0)
			len = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : 2;
		if (n + len > max) {
			memcpy(out + n, "...", 3);
			n += 3;
			break;
		}
		if (*p < 0x20 || *p == 0x7f || (*p >= 0x80 && !utf8))
			out[n++] = '?';
		else {
			memcpy(out + n, p, len);
			n += len;
		}
	}
	out[n] = '\0';
}

/* Append "FILE: msg" (line 0) or "FILE:LINE: msg" to the context. */
static void
config_err(struct config_ctx *ctx, int line, const char *fmt, ...)
{
	va_list	ap;
	char	msg[1024];
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n < 0)
		cet_strlcpy(msg, "(unprintable error)", sizeof(msg));
	else if ((size_t)n >= sizeof(msg))
		memcpy(msg + sizeof(msg) - 4, "...", 4);
	ctx->nerr++;
	if (ctx->errs == NULL)
		return;
	if (line > 0)
		errlist_add(ctx->errs, "%s:%d: %s", ctx->file, line, msg);
	else
		errlist_add(ctx->errs, "%s: %s", ctx->file, msg);
}

/* "FILE: [section] key: problem, expected FORM". */
static void
config_key_err(struct config_ctx *ctx, const struct config_entry *e,
    const char *fmt, ...)
{
	va_list	ap;
	char	problem[512], form[256];
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(problem, sizeof(problem), fmt, ap);
	va_end(ap);
	if (n < 0)
		cet_strlcpy(problem, "invalid value", sizeof(problem));
	else if ((size_t)n >= sizeof(problem))
		memcpy(problem + sizeof(problem) - 4, "...", 4);
	config_form(e, form, sizeof(form));
	config_err(ctx, 0, "[%s] %s: %s, expected %s", e->section, e->key,
	    problem, form);
}

/* The "expected ..." part of a key's error messages. */
static void
config_form(const struct config_entry *e, char *buf, size_t len)
{
	size_t	i;
	int	rc = 0;

	switch (e->type) {
	case CONFIG_BOOL:
		rc = cet_fmt(buf, len, "yes|no|true|false|on|off|1|0");
		break;
	case CONFIG_INT:
		rc = cet_fmt(buf, len, "a whole number %lld..%lld", e->min,
		    e->max);
		break;
	case CONFIG_INTLIST:
		rc = cet_fmt(buf, len, "numbers %lld..%lld separated by commas",
		    e->min, e->max);
		break;
	case CONFIG_TIME:
		rc = cet_fmt(buf, len, "HH:MM from 00:00 to 23:59");
		break;
	case CONFIG_ENUM:
		buf[0] = '\0';
		for (i = 0; e->choices[i] != NULL && rc == 0; i++) {
			size_t	used = strlen(buf);

			rc = cet_fmt(buf + used, len - used, "%s%s",
			    i == 0 ? "" : "|", e->choices[i]);
		}
		break;
	default:
		rc = cet_fmt(buf, len, "%s", e->form);
		break;
	}
	/* The buffers are sized for the table; a cut form is still useful. */
	(void)rc;
}

/*
 * The iniparser error callback. iniparser 4.1 formats its messages for
 * stderr; the ones that carry a line number are recognized by their format
 * strings and rewritten as "FILE:LINE: problem", anything else is kept as
 * one line.
 */
static int
config_ini_error(const char *fmt, ...)
{
	struct config_ctx	*ctx = config_ini_ctx;
	va_list			 ap;
	const char		*text;
	char			 msg[1024], q[CONFIG_QUOTE_MAX + 4], *p;
	int			 line, saved = errno, n;

	if (ctx == NULL)
		return 0;
	ctx->saw_iniparser = 1;
	va_start(ap, fmt);
	if (strcmp(fmt, INI_FMT_SYNTAX) == 0) {
		(void)va_arg(ap, const char *);
		line = va_arg(ap, int);
		text = va_arg(ap, const char *);
		/* iniparser strips trailing but not leading blanks. */
		text += strspn(text, " \t");
		config_quote(text, q, sizeof(q));
		config_err(ctx, line, "syntax error in '%s', expected "
		    "[SECTION], KEY = VALUE or a ; comment", q);
	} else if (strcmp(fmt, INI_FMT_LONG) == 0) {
		(void)va_arg(ap, const char *);
		line = va_arg(ap, int);
		config_err(ctx, line, "line too long, expected at most 1022 "
		    "bytes per line");
	} else if (strcmp(fmt, INI_FMT_OPEN) == 0)
		config_err(ctx, 0, "cannot open: %s", strerror(saved));
	else {
		n = vsnprintf(msg, sizeof(msg), fmt, ap);
		if (n < 0)
			cet_strlcpy(msg, "iniparser: error", sizeof(msg));
		for (p = msg; *p != '\0'; p++)
			if (*p == '\n' || *p == '\t')
				*p = ' ';
		while (p > msg && p[-1] == ' ')
			*--p = '\0';
		p = msg;
		if (strncmp(p, "iniparser: ", 11) == 0)
			p += 11;
		config_err(ctx, 0, "%s", p);
	}
	va_end(ap);
	return 0;
}

/* Exactly yes|no|true|false|on|off|1|0, in any case. */
static int
config_parse_bool(const char *s, int *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t	i;

	for (i = 0; i < ARRAY_SIZE(yes); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

/*
 * "180, 90, 7": the list grammar of days_parse (base/days.h) with the
 * entry's range, order and size. On error, why holds the problem.
 */
static int
config_parse_list(const struct config_entry *e, const char *s, int *v,
    int *nv, char *why, size_t whylen)
{
	struct days_problem	 dp;
	char			 q[CONFIG_QUOTE_MAX + 4];

	if (days_parse(s, e->min, e->max, e->size, e->desc, v, nv, &dp) == 0)
		return 0;
	switch (dp.error) {
	case DAYS_OUT_OF_RANGE:
		config_quote(dp.item, q, sizeof(q));
		(void)cet_fmt(why, whylen, "'%s' is out of range", q);
		break;
	case DAYS_TWICE:
		(void)cet_fmt(why, whylen, "'%lld' is listed twice", dp.value);
		break;
	case DAYS_TOO_MANY:
		config_quote(s, q, sizeof(q));
		(void)cet_fmt(why, whylen, "'%s' has more than %zu values", q,
		    e->size);
		break;
	default:
		config_quote(s, q, sizeof(q));
		(void)cet_fmt(why, whylen, "'%s' is not %s", q, e->what);
		break;
	}
	return -1;
}

/* "H:MM" or "HH:MM", 00:00 to 23:59, as minutes after midnight. */
static int
config_parse_time(const char *s, int *out)
{
	const char	*colon;
	size_t		 hl;
	int		 h, m;

	if ((colon = strchr(s, ':')) == NULL)
		return -1;
	hl = (size_t)(colon - s);
	if (hl < 1 || hl > 2 || strlen(colon + 1) != 2)
		return -1;
	if (strspn(s, "0123456789") != hl ||
	    strspn(colon + 1, "0123456789") != 2)
		return -1;
	h = hl == 1 ? s[0] - '0' : (s[0] - '0') * 10 + (s[1] - '0');
	m = (colon[1] - '0') * 10 + (colon[2] - '0');
	if (h > 23 || m > 59)
		return -1;
	*out = h * 60 + m;
	return 0;
}

/*
 * An absolute path, or "~/..." under the home directory. Relative paths are
 * refused: the daemon's working directory is "/", the CLI's is anywhere, and
 * the two must agree on which database they open.
 */
static int
config_parse_path(const char *s, char *out, size_t outlen, char *why,
    size_t whylen)
{
	char	home[PATH_MAX], q[CONFIG_QUOTE_MAX + 4];
	size_t	len;

	config_quote(s, q, sizeof(q));
	if (strncmp(s, "~/", 2) == 0) {
		if (config_home(home, sizeof(home)) != 0) {
			(void)cet_fmt(why, whylen, "'%s' needs a home "
			    "directory and $HOME is not set", q);
			return -1;
		}
		if (cet_fmt(out, outlen, "%s/%s", home, s + 2) != 0)
			goto toolong;
		return 0;
	}
	if (s[0] != '/') {
		(void)cet_fmt(why, whylen, "'%s' is not an absolute path", q);
		return -1;
	}
	if ((len = cet_strlcpy(out, s, outlen)) >= outlen)
		goto toolong;
	return 0;

toolong:
	(void)cet_fmt(why, whylen, "'%s' is too long (at most %zu bytes)", q,
	    outlen - 1);
	return -1;
}

/* isalnum(3) for ASCII only, whatever the locale. */
static int
config_isalnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/*
 * "user@domain", or when allow_name is set "Name <user@domain>". A name
 * with commas or other specials goes in double quotes as a whole; quotes
 * and backslashes inside it are refused rather than unescaped, so that the
 * email module can put it into a header without surprises.
 */
static int
config_email_valid(const char *s, int allow_name)
{
	const char	*lt, *gt, *ne;

	if ((lt = strchr(s, '<')) == NULL) {
		if (strchr(s, '>') != NULL)
			return -1;
		return addr_valid(s, strlen(s));
	}
	if (!allow_name)
		return -1;
	gt = strchr(lt, '>');
	if (gt == NULL || gt[1] != '\0' || strchr(s, '>') != gt ||
	    strchr(lt + 1, '<') != NULL)
		return -1;
	if (addr_valid(lt + 1, (size_t)(gt - lt - 1)) != 0)
		return -1;
	for (ne = lt; ne > s && (ne[-1] == ' ' || ne[-1] == '\t'); ne--)
		;
	if (memchr(s, '\\', (size_t)(ne - s)) != NULL)
		return -1;
	if (memchr(s, '"', (size_t)(ne - s)) == NULL)
		return 0;
	/* Quoted: '"' first and last, none between. */
	if (ne - s < 2 || s[0] != '"' || ne[-1] != '"' ||
	    memchr(s + 1, '"', (size_t)(ne - s - 2)) != NULL)
		return -1;
	return 0;
}

/*
 * SCHEME://HOST[:PORT][/PATH] with a scheme from e->choices, printable
 * ASCII only. A user name or password in the URL is refused: secrets belong
 * in files that can be kept from other readers, not in the configuration.
 */
static int
config_url_valid(const struct config_entry *e, const char *s, char *why,
    size_t whylen)
{
	const unsigned char	*u;
	const char		*p, *sep, *aend, *hend, *port;
	char			 q[CONFIG_QUOTE_MAX + 4], num[8];
	size_t			 i, slen;
	long long		 n;

	config_quote(s, q, sizeof(q));
	for (u = (const unsigned char *)s; *u != '\0'; u++)
		if (*u <= 0x20 || *u >= 0x7f)
			goto bad;
	if ((sep = strstr(s, "://")) == NULL)
		goto bad;
	slen = (size_t)(sep - s);
	for (i = 0; e->choices[i] != NULL; i++)
		if (strlen(e->choices[i]) == slen &&
		    strncasecmp(s, e->choices[i], slen) == 0)
			break;
	if (e->choices[i] == NULL)
		goto bad;
	p = sep + 3;
	aend = p + strcspn(p, "/?#");
	if (memchr(p, '@', (size_t)(aend - p)) != NULL) {
		/* Not quoted back: it may hold a password. */
		(void)cet_fmt(why, whylen, "a user name or password in the "
		    "URL is not allowed");
		return -1;
	}
	if (*p == '[') {
		/* An IPv6 literal. */
		if ((hend = memchr(p, ']', (size_t)(aend - p))) == NULL ||
		    hend == p + 1)
			goto bad;
		for (sep = p + 1; sep < hend; sep++)
			if (strchr("0123456789abcdefABCDEF:.", *sep) == NULL)
				goto bad;
		port = hend + 1;
	} else {
		if ((hend = memchr(p, ':', (size_t)(aend - p))) == NULL)
			hend = aend;
		if (hend == p)
			goto bad;
		for (sep = p; sep < hend; sep++)
			if (!config_isalnum(*sep) &&
			    strchr(".-_", *sep) == NULL)
				goto bad;
		port = hend;
	}
	if (port != aend) {
		if (*port != ':' || aend - port - 1 < 1 ||
		    (size_t)(aend - port - 1) >= sizeof(num))
			goto bad;
		memcpy(num, port + 1, (size_t)(aend - port - 1));
		num[aend - port - 1] = '\0';
		if (strspn(num, "0123456789") != strlen(num) ||
		    cet_strtonum(num, 1, 65535, &n) != 0)
			goto bad;
	}
	return 0;

bad:
	(void)cet_fmt(why, whylen, "'%s' is not %s", q, e->what);
	return -1;
}

/*
 * A name from the tz database ("America/Chicago", "UTC"): a relative path
 * of letters, digits and "_+-" that names a file under $TZDIR or
 * /usr/share/zoneinfo. Without a tz database to look in, a well-formed name
 * is accepted and the date module has the last word.
 */
static int
config_tz_valid(const struct config_entry *e, const char *s, char *why,
    size_t whylen)
{
	struct stat	 st;
	const char	*dir, *p;
	char		 path[PATH_MAX], q[CONFIG_QUOTE_MAX + 4];

	config_quote(s, q, sizeof(q));
	if (strlen(s) >= e->size || s[0] == '/')
		goto bad;
	for (p = s; *p != '\0'; p++) {
		if (*p == '/' && (p[1] == '/' || p[1] == '\0'))
			goto bad;
		if (!config_isalnum(*p) && strchr("/_+-", *p) == NULL)
			goto bad;
	}
	dir = getenv("TZDIR");
	if (dir == NULL || dir[0] != '/')
		dir = "/usr/share/zoneinfo";
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return 0;
	if (cet_fmt(path, sizeof(path), "%s/%s", dir, s) != 0 ||
	    stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
		(void)cet_fmt(why, whylen, "'%s' is not a known time zone", q);
		return -1;
	}
	return 0;

bad:
	(void)cet_fmt(why, whylen, "'%s' is not %s", q, e->what);
	return -1;
}

/* Store an int into the field at e->off (an int or an int-sized enum). */
static void
config_set_int(const struct config_entry *e, struct config *cfg, int v)
{
	memcpy((char *)cfg + e->off, &v, sizeof(v));
}

/*
 * Parse a non-empty value for e into cfg. The field changes only when the
 * value is valid; otherwise why holds the problem ("'x' is not ...").
 */
static int
config_parse(const struct config_entry *e, const char *s, struct config *cfg,
    char *why, size_t whylen)
{
	char		*field = (char *)cfg + e->off;
	char		 q[CONFIG_QUOTE_MAX + 4], path[PATH_MAX];
	int		 v, list[CONFIG_MAX_OFFSETS], n;
	long long	 x;
	size_t		 i;

	config_quote(s, q, sizeof(q));
	if (!cet_utf8_valid(s)) {
		(void)cet_fmt(why, whylen, "'%s' contains control characters "
		    "or invalid UTF-8", q);
		return -1;
	}
	switch (e->type) {
	case CONFIG_STRING:
		if (strlen(s) >= e->size)
			goto toolong;
		cet_strlcpy(field, s, e->size);
		return 0;
	case CONFIG_PATH:
		if (config_parse_path(s, path, e->size, why, whylen) != 0)
			return -1;
		cet_strlcpy(field, path, e->size);
		return 0;
	case CONFIG_BOOL:
		if (config_parse_bool(s, &v) != 0)
			goto bad;
		config_set_int(e, cfg, v);
		return 0;
	case CONFIG_INT:
		if (cet_strtonum(s, LLONG_MIN, LLONG_MAX, &x) != 0)
			goto bad;
		if (x < e->min || x > e->max) {
			(void)cet_fmt(why, whylen, "'%s' is out of range", q);
			return -1;
		}
		config_set_int(e, cfg, (int)x);
		return 0;
	case CONFIG_INTLIST:
		if (e->size > CONFIG_MAX_OFFSETS ||
		    config_parse_list(e, s, list, &n, why, whylen) != 0)
			return -1;
		memcpy(field, list, (size_t)n * sizeof(list[0]));
		memcpy((char *)cfg + e->noff, &n, sizeof(n));
		return 0;
	case CONFIG_TIME:
		if (config_parse_time(s, &v) != 0)
			goto bad;
		config_set_int(e, cfg, v);
		return 0;
	case CONFIG_ENUM:
		for (i = 0; e->choices[i] != NULL; i++) {
			if (strcasecmp(s, e->choices[i]) == 0) {
				config_set_int(e, cfg, (int)i);
				return 0;
			}
		}
		goto bad;
	case CONFIG_URL:
		if (strlen(s) >= e->size)
			goto toolong;
		if (config_url_valid(e, s, why, whylen) != 0)
			return -1;
		cet_strlcpy(field, s, e->size);
		return 0;
	case CONFIG_EMAIL:
		if (strlen(s) >= e->size)
			goto toolong;
		if (config_email_valid(s, e->min != 0) != 0)
			goto bad;
		cet_strlcpy(field, s, e->size);
		return 0;
	case CONFIG_TZ:
		if (config_tz_valid(e, s, why, whylen) != 0)
			return -1;
		cet_strlcpy(field, s, e->size);
		return 0;
	}
	/* NOTREACHED */
	goto bad;

toolong:
	(void)cet_fmt(why, whylen, "'%s' is too long (at most %zu bytes)", q,
	    e->size - 1);
	return -1;
bad:
	(void)cet_fmt(why, whylen, "'%s' is not %s", q, e->what);
	return -1;
}

/* The index of section/key in config_table, or -1. */
static int
config_entry_index(const char *section, const char *key)
{
	size_t	i;

	for (i = 0; i < ARRAY_SIZE(config_table); i++) {
		if (strcmp(config_table[i].section, section) == 0 &&
		    strcmp(config_table[i].key, key) == 0)
			return (int)i;
	}
	return -1;
}

/*
 * Rules that involve more than one key. A key that was itself invalid has
 * been reported already and is not reported again as missing.
 */
static void
config_cross_check(struct config_ctx *ctx, struct config *cfg,
    const enum config_seen *seen)
{
	static const struct {
		const char	*section;
		const char	*key;
		const char	*when;
	} required[] = {
		{ "email", "smtp_url", "enabled = yes" },
		{ "email", "from", "enabled = yes" },
		{ "email", "username", "password_file is set" },
		{ "webhook", "url", "enabled = yes" },
	};
	const struct config_entry	*e;
	size_t				 i;
	int				 k, need, a, b, email, webhook, auth;

	email = cfg->email_enabled;
	webhook = cfg->webhook_enabled;
	auth = cfg->password_file[0] != '\0';
	for (i = 0; i < ARRAY_SIZE(required); i++) {
		if ((k = config_entry_index(required[i].section,
		    required[i].key)) == -1)
			continue;
		e = &config_table[k];
		if (strcmp(e->key, "username") == 0)
			need = auth;
		else if (strcmp(e->section, "email") == 0)
			need = email;
		else
			need = webhook;
		if (!need || ((char *)cfg + e->off)[0] != '\0')
			continue;
		if (seen[k] != SEEN_BAD)
			config_key_err(ctx, e, "required when %s",
			    required[i].when);
		/* What is left must not look usable to the caller. */
		if (strcmp(e->section, "email") == 0)
			cfg->email_enabled = 0;
		else
			cfg->webhook_enabled = 0;
	}

	/* The backoff must be able to grow before it gives up. */
	a = config_entry_index("delivery", "retry_first");
	b = config_entry_index("delivery", "retry_max");
	if (a != -1 && b != -1 && seen[a] != SEEN_BAD && seen[b] != SEEN_BAD &&
	    cfg->retry_first > cfg->retry_max)
		config_err(ctx, 0, "[delivery] retry_first: %d is more than "
		    "retry_max (%d), expected at most retry_max",
		    cfg->retry_first, cfg->retry_max);
	a = b;
	b = config_entry_index("delivery", "give_up_after");
	if (a != -1 && b != -1 && seen[a] != SEEN_BAD && seen[b] != SEEN_BAD &&
	    cfg->retry_max > cfg->give_up_after)
		config_err(ctx, 0, "[delivery] retry_max: %d is more than "
		    "give_up_after (%d), expected at most give_up_after",
		    cfg->retry_max, cfg->give_up_after);
}

/*
 * The first configuration file of the lookup order that exists. Returns 1
 * with its name in buf, 0 if there is none, -1 if a candidate exists but
 * cannot be examined. $CETRACK_CONFIG, when set, is taken as given: a
 * mistyped name there must be an error, not a silent fall back to another
 * file.
 */
static int
config_lookup(char *buf, size_t len, struct config_ctx *ctx)
{
	struct stat	 st;
	const char	*env;
	char		 home[PATH_MAX], cand[2][PATH_MAX];
	size_t		 i, n = 0;

	env = getenv("CETRACK_CONFIG");
	if (env != NULL && env[0] != '\0') {
		if (cet_strlcpy(buf, env, len) >= len) {
			ctx->file = "$CETRACK_CONFIG";
			config_err(ctx, 0, "is too long (at most %zu bytes)",
			    len - 1);
			return -1;
		}
		return 1;
	}
	env = getenv("XDG_CONFIG_HOME");
	if (env != NULL && env[0] == '/') {
		if (cet_fmt(cand[n], sizeof(cand[n]), "%s/cetrack/cetrack.ini",
		    env) == 0)
			n++;
	} else if (config_home(home, sizeof(home)) == 0) {
		if (cet_fmt(cand[n], sizeof(cand[n]),
		    "%s/.config/cetrack/cetrack.ini", home) == 0)
			n++;
	}
	cet_strlcpy(cand[n++], CETRACK_SYSCONFDIR "/cetrack/cetrack.ini",
	    sizeof(cand[0]));

	for (i = 0; i < n; i++) {
		if (stat(cand[i], &st) == 0) {
			if (cet_strlcpy(buf, cand[i], len) >= len)
				break;
			return 1;
		}
		if (errno == ENOENT || errno == ENOTDIR)
			continue;
		ctx->file = cand[i];
		config_err(ctx, 0, "cannot open: %s", strerror(errno));
		ctx->file = NULL;
		return -1;
	}
	return 0;
}

/* Load one file into cfg, which holds the defaults. */
static int
config_file(struct config *cfg, const char *path, struct config_ctx *ctx)
{
	enum config_seen		 seen[ARRAY_SIZE(config_table)];
	const struct config_entry	*e;
	struct stat			 st;
	dictionary			*d = NULL;
	const char			*key, *value;
	char				 why[512], q[CONFIG_QUOTE_MAX + 4];
	size_t				 i, j, len;
	int				 k;

	memset(seen, 0, sizeof(seen));
	if (stat(path, &st) != 0) {
		config_err(ctx, 0, "cannot open: %s", strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		config_err(ctx, 0, "is a directory, expected a configuration "
		    "file");
		goto out;
	}
	/*
	 * A FIFO would block the daemon in open() with SIGTERM blocked, and
	 * /dev/zero is read forever (issue 16, 6). /dev/null stays the usual
	 * way to say "no file": the built-in defaults.
	 */
	if (!S_ISREG(st.st_mode) && strcmp(path, "/dev/null") != 0) {
		config_err(ctx, 0, "is not a regular file (%s), expected a "
		    "configuration file", S_ISFIFO(st.st_mode) ? "a FIFO" :
		    S_ISSOCK(st.st_mode) ? "a socket" : "a device");
		goto out;
	}
	/*
	 * As ssh and msmtp do: whoever can write the file can point the
	 * daemon at their own mail server, webhook or database.
	 */
	if (S_ISREG(st.st_mode) && (st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		config_err(ctx, 0, "is writable by others; chmod go-w");
		goto out;
	}

	/*
	 * iniparser 4.1 prints to stderr unless given a callback, and the
	 * callback takes no argument: the context goes through a static,
	 * which makes config_load() not thread-safe.
	 */
	config_ini_ctx = ctx;
	iniparser_set_error_callback(config_ini_error);
	d = iniparser_load(path);
	iniparser_set_error_callback(NULL);
	config_ini_ctx = NULL;
	if (d == NULL || ctx->saw_iniparser) {
		/* A syntax error discards the file; the lines are reported. */
		if (!ctx->saw_iniparser)
			config_err(ctx, 0, "cannot be parsed");
		goto out;
	}

	/*
	 * Walk the dictionary itself (in file order: iniparser appends) to
	 * see every section and key, including a key above the first
	 * section, which no iniparser accessor reveals. Sections are the
	 * entries without a value.
	 */
	for (i = 0; i < (size_t)d->size; i++) {
		if ((key = d->key[i]) == NULL)
			continue;
		if (strncmp(key, "reminders.", 10) == 0) {
			config_program_key(ctx, cfg, key, d->val[i]);
			continue;
		}
		if (d->val[i] == NULL) {
			for (j = 0; j < ARRAY_SIZE(config_sections); j++)
				if (strcmp(key, config_sections[j]) == 0)
					break;
			if (j == ARRAY_SIZE(config_sections)) {
				config_quote(key, q, sizeof(q));
				config_err(ctx, 0, "[%s]: unknown section", q);
			}
			continue;
		}
		if (key[0] == ':') {
			config_quote(key + 1, q, sizeof(q));
			config_err(ctx, 0, "%s: outside any section, expected "
			    "a [SECTION] line above it", q);
			continue;
		}
		for (j = 0; j < ARRAY_SIZE(config_sections); j++) {
			len = strlen(config_sections[j]);
			if (strncmp(key, config_sections[j], len) == 0 &&
			    key[len] == ':')
				break;
		}
		if (j == ARRAY_SIZE(config_sections))
			continue;	/* its section is reported */
		if ((k = config_entry_index(config_sections[j],
		    key + len + 1)) == -1) {
			config_quote(key + len + 1, q, sizeof(q));
			config_err(ctx, 0, "[%s] %s: unknown key",
			    config_sections[j], q);
			continue;
		}
		e = &config_table[k];
		value = iniparser_getstring(d, key, "");
		if (value == NULL || value[0] == '\0')
			continue;	/* empty: the default */
		if (config_parse(e, value, cfg, why, sizeof(why)) != 0) {
			seen[k] = SEEN_BAD;
			config_key_err(ctx, e, "%s", why);
		} else
			seen[k] = SEEN_OK;
	}
	config_cross_check(ctx, cfg, seen);

out:
	if (d != NULL)
		iniparser_freedict(d);
	return ctx->nerr > 0 ? -1 : 0;
}

void
config_defaults(struct config *cfg)
{
	const struct config_entry	*e;
	char				 why[256];
	size_t				 i;

	memset(cfg, 0, sizeof(*cfg));
	for (i = 0; i < ARRAY_SIZE(config_table); i++) {
		e = &config_table[i];
		if (e->dflt != NULL)
			e->dflt((char *)cfg + e->off, e->size);
		else if (e->def[0] != '\0')
			/* The unit tests prove that every default parses. */
			(void)config_parse(e, e->def, cfg, why, sizeof(why));
	}
}

/*
 * [reminders.CODE] sections: a program's own before, after and
 * window_open, parsed by the same rows as [reminders]. iniparser hands us
 * "reminders.ccm" (the section) and "reminders.ccm:before" (its keys).
 */
static void
config_program_key(struct config_ctx *ctx, struct config *cfg,
    const char *key, const char *value)
{
	struct config_program_reminders *pr = NULL;
	struct config tmp;
	const struct config_entry *e;
	const char *colon = strchr(key, ':'), *code = key + 10;
	char sec[64], name[24], q[64], why[256];
	size_t n = colon ? (size_t)(colon - code) : strlen(code), i;
	int k;

	if (n == 0 || n >= sizeof(name)) {
		config_quote(key, q, sizeof(q));
		config_err(ctx, 0, "[%s]: not a program code, expected "
		    "[reminders.CODE] such as [reminders.CCM]", q);
		return;
	}
	for (i = 0; i < n; i++) {
		if (!config_isalnum((unsigned char)code[i]) && code[i] != '-') {
			config_quote(key, q, sizeof(q));
			config_err(ctx, 0, "[%s]: not a program code, "
			    "expected [reminders.CODE] such as "
			    "[reminders.CCM]", q);
			return;
		}
		name[i] = (char)toupper((unsigned char)code[i]);
	}
	name[n] = '\0';
	cet_fmt(sec, sizeof(sec), "reminders.%.*s", (int)n, code);
	for (i = 0; i < (size_t)cfg->nprog_rem; i++)
		if (strcmp(cfg->prog_rem[i].code, name) == 0)
			pr = &cfg->prog_rem[i];
	if (pr == NULL) {
		if (cfg->nprog_rem == CONFIG_MAX_PROGRAM_REMINDERS) {
			config_err(ctx, 0, "[%s]: more than %d program "
			    "sections", sec, CONFIG_MAX_PROGRAM_REMINDERS);
			return;
		}
		pr = &cfg->prog_rem[cfg->nprog_rem++];
		memset(pr, 0, sizeof(*pr));
		cet_strlcpy(pr->code, name, sizeof(pr->code));
	}
	if (colon == NULL)
		return;		/* the section line itself */
	if (strcmp(colon + 1, "before") != 0 && strcmp(colon + 1, "after") != 0 &&
	    strcmp(colon + 1, "window_open") != 0) {
		config_quote(colon + 1, q, sizeof(q));
		config_err(ctx, 0, "[%s] %s: unknown key, expected before, "
		    "after or window_open", sec, q);
		return;
	}
	if (value == NULL || value[0] == '\0')
		return;
	if ((k = config_entry_index("reminders", colon + 1)) == -1)
		return;
	e = &config_table[k];
	memset(&tmp, 0, sizeof(tmp));
	if (config_parse(e, value, &tmp, why, sizeof(why)) != 0) {
		config_err(ctx, 0, "[%s] %s: %s", sec, colon + 1, why);
		return;
	}
	if (strcmp(colon + 1, "before") == 0) {
		pr->has_before = 1;
		memcpy(pr->before, tmp.before, sizeof(pr->before));
		pr->nbefore = tmp.nbefore;
	} else if (strcmp(colon + 1, "after") == 0) {
		pr->has_after = 1;
		memcpy(pr->after, tmp.after, sizeof(pr->after));
		pr->nafter = tmp.nafter;
	} else {
		pr->has_window_open = 1;
		pr->window_open = tmp.window_open;
	}
}

const struct config_program_reminders *
config_program_reminders(const struct config *cfg, const char *code)
{
	int i;

	for (i = 0; i < cfg->nprog_rem; i++)
		if (strcasecmp(cfg->prog_rem[i].code, code) == 0)
			return &cfg->prog_rem[i];
	return NULL;
}

int
config_load(struct config *cfg, const char *path, struct errlist *errs)
{
	struct config_ctx	ctx;
	char			file[PATH_MAX];
	int			rc;

	memset(&ctx, 0, sizeof(ctx));
	ctx.errs = errs;
	ctx.file = path;
	/*
	 * Copied before config_defaults() clears cfg: a reload passes
	 * cfg->path itself.
	 */
	if (path != NULL && cet_strlcpy(file, path, sizeof(file)) >=
	    sizeof(file)) {
		config_defaults(cfg);
		config_err(&ctx, 0, "file name too long (at most %zu bytes)",
		    sizeof(file) - 1);
		return -1;
	}
	config_defaults(cfg);
	if (path == NULL) {
		if ((rc = config_lookup(file, sizeof(file), &ctx)) == -1)
			return -1;
		if (rc == 0) {
			ctx.file = "(built-in defaults)";
			goto check;
		}
	}
	ctx.file = file;
	cet_strlcpy(cfg->path, file, sizeof(cfg->path));
	(void)config_file(cfg, file, &ctx);

check:
	/* config_default_db() leaves the path empty when it does not fit. */
	if (cfg->db_path[0] == '\0')
		config_err(&ctx, 0, "[database] path: the default location is "
		    "too long, expected %s", PATH_FORM);
	return ctx.nerr > 0 ? -1 : 0;
}

const char *
config_default_text(void)
{
	return embedded_config;
}

int
config_host_is_loopback(const char *host)
{
	return strcmp(host, "127.0.0.1") == 0 || strcmp(host, "[::1]") == 0 ||
	    strcasecmp(host, "localhost") == 0;
}

/*
 * The host of a URL that config_url_valid() accepted, as libcurl gives it
 * (an IPv6 literal keeps its brackets); *tls is 1 for smtps://.
 */
static int
config_url_host(const char *url, char *host, size_t len, int *tls)
{
	const char	*p, *e;

	*tls = strncasecmp(url, "smtps://", 8) == 0;
	if ((p = strstr(url, "://")) == NULL)
		return -1;
	p += 3;
	if (*p == '[') {
		if ((e = strchr(p, ']')) == NULL)
			return -1;
		e++;
	} else
		e = p + strcspn(p, ":/?#");
	if (e == p || (size_t)(e - p) >= len)
		return -1;
	memcpy(host, p, (size_t)(e - p));
	host[e - p] = '\0';
	return 0;
}

/*
 * A secret that comes from a systemd credential while no credentials are
 * passed (a shell, not the service): with notes, say it was not checked.
 */
static int
config_cred_unseen(const char *path, const char *file, const char *key,
    const char *name, struct errlist *notes)
{
	const char	*dir = getenv("CREDENTIALS_DIRECTORY");

	if (notes == NULL || path[0] != '\0' || (dir != NULL && *dir != '\0'))
		return 0;
	errlist_add(notes, "%s: %s: empty, so the secret is the systemd "
	    "credential %s, which only the service sees; not checked here",
	    file, key, name);
	return 1;
}

int
config_check_delivery(const struct config *cfg, struct secret *smtp,
    struct secret *hook, struct errlist *errs, struct errlist *notes)
{
	struct secret	 pw, sec;
	unsigned char	 key[WHSEC_MAX];
	const char	*file;
	char		 host[256], err[512], where[PATH_MAX + 40];
	size_t		 keylen;
	int		 n = 0, tls;

	memset(&pw, 0, sizeof(pw));
	memset(&sec, 0, sizeof(sec));
	file = cfg->path[0] != '\0' ? cfg->path : "(built-in defaults)";
	if (cfg->email_enabled &&
	    config_url_host(cfg->smtp_url, host, sizeof(host), &tls) == 0 &&
	    !tls && cfg->starttls == STARTTLS_OFF &&
	    !config_host_is_loopback(host)) {
		errlist_add(errs, "%s: [email] starttls: off would send %s in "
		    "clear to %s; use required, or smtps://, or a relay on "
		    "127.0.0.1, [::1] or localhost", file,
		    cfg->username[0] != '\0' ? "the password" : "mail", host);
		n++;
	}
	if ((cfg->email_enabled || cfg->webhook_enabled) &&
	    cfg->ca_file[0] != '\0' && access(cfg->ca_file, R_OK) == -1) {
		errlist_add(errs, "%s: [email] ca_file: %s: %s", file,
		    cfg->ca_file, strerror(errno));
		n++;
	}
	if (cfg->email_enabled && cfg->username[0] != '\0' &&
	    !config_cred_unseen(cfg->password_file, file,
	    "[email] password_file", "smtp-password", notes)) {
		if (secret_read(cfg->password_file, "smtp-password", &pw, err,
		    sizeof(err)) == -1) {
			errlist_add(errs, "%s: [email] password_file: %s", file,
			    err);
			n++;
		} else if (memchr(pw.buf, '\0', pw.len) != NULL) {
			errlist_add(errs, "%s: [email] password_file: the "
			    "password contains a NUL byte", file);
			n++;
		}
	}
	if (cfg->webhook_enabled && !config_cred_unseen(cfg->secret_file,
	    file, "[webhook] secret_file", "webhook-secret", notes)) {
		if (cfg->secret_file[0] != '\0')
			(void)cet_fmt(where, sizeof(where), "%s",
			    cfg->secret_file);
		else
			(void)cet_fmt(where, sizeof(where),
			    "$CREDENTIALS_DIRECTORY/webhook-secret");
		if (secret_read(cfg->secret_file, "webhook-secret", &sec, err,
		    sizeof(err)) == -1) {
			errlist_add(errs, "%s: [webhook] secret_file: %s", file,
			    err);
			n++;
		} else if (whsec_decode(sec.buf, sec.len, key, sizeof(key),
		    &keylen, err, sizeof(err)) == -1) {
			if (cfg->secret_file[0] != '\0')
				errlist_add(errs, "%s: [webhook] secret_file: "
				    "%s %s; expected whsec_ followed by base64 "
				    "(Standard Webhooks); make one with: (umask "
				    "077; cetrack notify new-secret > %s)", file,
				    where, err, where);
			else
				errlist_add(errs, "%s: [webhook] secret_file: "
				    "%s %s; expected whsec_ followed by base64 "
				    "(Standard Webhooks); make one with `cetrack "
				    "notify new-secret` into the file "
				    "LoadCredential= names", file, where, err);
			n++;
		}
		explicit_bzero(key, sizeof(key));
	}
	if (smtp != NULL)
		*smtp = pw;
	else
		secret_free(&pw);
	if (hook != NULL)
		*hook = sec;
	else
		secret_free(&sec);
	return n;
}
