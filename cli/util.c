/* SPDX-License-Identifier: ISC */
/*
 * The helpers every cetrack command shares, so that all of them report
 * errors alike ("cetrack: CMD: FIELD: problem, expected FORM", one line),
 * validate text, dates and ids the same way, open the database and wrap
 * their writes in one transaction, and print JSON through one path.
 */

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "base/date.h"
#include "base/model.h"
#include "store/store.h"
#include "base/util.h"

#define CLI_MSGSZ	1024

static void	cli_vprint(const char *, const char *, const char *, va_list)
		    __attribute__((format(printf, 3, 0)));
static void	cli_put_safe(const char *);

/*
 * Write a message so that it stays one line whatever user input it echoes
 * and cannot drive the terminal (cet_text_show): control characters and
 * bytes that are not UTF-8 shown as \xNN, C1 and bidirectional controls
 * as \u{XXXX}.
 */
static void
cli_put_safe(const char *s)
{
	char	buf[CLI_MSGSZ * 3];

	fputs(cet_text_show(s, buf, sizeof(buf)), stderr);
}

static void
cli_vprint(const char *prefix, const char *cmd, const char *fmt, va_list ap)
{
	char	msg[CLI_MSGSZ];
	int	n;

	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	if (n < 0)
		cet_strlcpy(msg, "(unprintable message)", sizeof(msg));
	else if ((size_t)n >= sizeof(msg))
		memcpy(msg + sizeof(msg) - 4, "...", 4);
	fflush(stdout);
	fputs("cetrack: ", stderr);
	if (prefix != NULL)
		fputs(prefix, stderr);
	if (cmd != NULL) {
		fputs(cmd, stderr);
		fputs(": ", stderr);
	}
	cli_put_safe(msg);
	fputc('\n', stderr);
}

int
cli_error(struct cli *c, int code, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	cli_vprint(NULL, c != NULL ? c->cmd : NULL, fmt, ap);
	va_end(ap);
	return code;
}

void
cli_warn(struct cli *c, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	cli_vprint("warning: ", NULL, fmt, ap);
	va_end(ap);
}

const char *
cli_db_path(const struct cli *c)
{
	if (c->db_path != NULL && c->db_path[0] != '\0')
		return c->db_path;
	return c->cfg.db_path;
}

int
cli_open_db(struct cli *c)
{
	char		 err[1024];
	const char	*path = cli_db_path(c);

	if (c->db_open)
		return 0;
	if (db_open(&c->db, path, DB_OPEN_EXISTING, err, sizeof(err)) == -1) {
		/* Every database error names the file. */
		if (strstr(err, path) == NULL)
			cli_error(c, EXIT_FAIL, "%s: %s", path, err);
		else
			cli_error(c, EXIT_FAIL, "%s", err);
		return -1;
	}
	c->db_open = 1;
	return 0;
}

int
cli_begin(struct cli *c)
{
	char	err[1024];

	if (db_begin(&c->db, err, sizeof(err)) == -1) {
		cli_error(c, EXIT_FAIL, "%s: %s", cli_db_path(c), err);
		return -1;
	}
	return 0;
}

int
cli_commit(struct cli *c)
{
	char	err[1024];

	if (db_commit(&c->db, err, sizeof(err)) == -1) {
		db_rollback(&c->db);
		cli_error(c, EXIT_FAIL, "%s: %s", cli_db_path(c), err);
		return -1;
	}
	return 0;
}

void
cli_rollback(struct cli *c)
{
	db_rollback(&c->db);
}

int
cli_text_arg(struct cli *c, const char *field, const char *value,
    size_t size, int allow_empty)
{
	const unsigned char	*p;
	const char		*what;
	size_t			 len;
	long			 cp;

	if (value == NULL)
		value = "";
	len = strlen(value);
	for (p = (const unsigned char *)value; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			cli_error(c, EXIT_USAGE, "%s: contains a control "
			    "character, expected one line of text", field);
			return -1;
		}
	}
	if (!cet_utf8_valid(value)) {
		cli_error(c, EXIT_USAGE, "%s: not valid UTF-8, expected "
		    "UTF-8 text", field);
		return -1;
	}
	/* C1 controls reach the terminal; bidi controls reorder names. */
	if ((cp = cet_text_unsafe(value, &what)) > 0) {
		cli_error(c, EXIT_USAGE, "%s: contains U+%04lX (%s), expected "
		    "plain text", field, cp, what);
		return -1;
	}
	if (!allow_empty && value[strspn(value, " ")] == '\0') {
		cli_error(c, EXIT_USAGE, "%s: empty, expected text of at most "
		    "%zu bytes", field, size - 1);
		return -1;
	}
	if (len >= size) {
		cli_error(c, EXIT_USAGE, "%s: too long (%zu bytes), expected "
		    "at most %zu bytes", field, len, size - 1);
		return -1;
	}
	return 0;
}

int
cli_date_arg(struct cli *c, const char *field, const char *value, int *out)
{
	int	y = 0, i, shaped;

	if (date_parse(value, c->today, out) == 0)
		return 0;
	/* Tell a date that does not exist from text that is not a date. */
	shaped = strlen(value) == 10 && value[4] == '-' && value[7] == '-';
	for (i = 0; shaped && i < 10; i++) {
		if (i != 4 && i != 7 && (value[i] < '0' || value[i] > '9'))
			shaped = 0;
	}
	if (!shaped) {
		cli_error(c, EXIT_USAGE, "%s: '%s' is not a date, expected "
		    "YYYY-MM-DD, today or yesterday", field, value);
		return -1;
	}
	for (i = 0; i < 4; i++)
		y = y * 10 + (value[i] - '0');
	if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR)
		cli_error(c, EXIT_USAGE, "%s: %s is out of range, expected a "
		    "date from %d-01-01 to %d-12-31", field, value,
		    DATE_MIN_YEAR, DATE_MAX_YEAR);
	else
		cli_error(c, EXIT_USAGE, "%s: %s does not exist, expected a "
		    "real calendar date (YYYY-MM-DD)", field, value);
	return -1;
}

int
cli_id_arg(struct cli *c, const char *field, const char *value,
    int64_t *out)
{
	long long	v;

	if (cet_strtonum(value, 1, INT64_MAX, &v) == -1) {
		cli_error(c, EXIT_USAGE, "%s: '%s' is not an id, expected a "
		    "positive number", field, value);
		return -1;
	}
	*out = v;
	return 0;
}

int
cli_limit_arg(struct cli *c, const char *value, long long max, size_t *out)
{
	long long	v;

	if (cet_strtonum(value, 1, max, &v) == -1) {
		cli_error(c, EXIT_USAGE, "--limit: '%s' is not a count, "
		    "expected a number from 1 to %lld", value, max);
		return -1;
	}
	*out = (size_t)v;
	return 0;
}

int
cli_person(struct cli *c, const char *ref, struct person *p)
{
	char		 err[1024];
	struct person	*v = NULL;
	size_t		 n = 0;
	int64_t		 count;
	int		 rc = -1;

	if (cli_open_db(c) == -1)
		return -1;
	if (ref != NULL) {
		if (cli_text_arg(c, "--person", ref, NAME_MAX_LEN, 0) == -1)
			return -1;
		if (store_person_find(&c->db, ref, p, err, sizeof(err)) == -1) {
			cli_error(c, EXIT_FAIL, "%s", err);
			return -1;
		}
		return 0;
	}
	if (store_person_count(&c->db, &count, err, sizeof(err)) == -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		return -1;
	}
	if (count == 0) {
		cli_error(c, EXIT_FAIL, "no people yet; add one with "
		    "'cetrack person add NAME'");
		return -1;
	}
	if (count > 1) {
		cli_error(c, EXIT_FAIL, "--person: missing; there are %" PRId64
		    " people, expected --person P (an id, external id or "
		    "name)", count);
		return -1;
	}
	if (store_person_list(&c->db, &v, &n, err, sizeof(err)) == -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		goto out;
	}
	if (n != 1) {
		cli_error(c, EXIT_FAIL, "--person: missing, expected --person P");
		goto out;
	}
	*p = v[0];
	rc = 0;
out:
	free(v);
	return rc;
}

int
cli_json_print(json_t *v)
{
	int	rc;

	if (v == NULL) {
		fprintf(stderr, "cetrack: out of memory building JSON\n");
		return -1;
	}
	/* 15 significant digits: hundredths print exactly (0.1, not
	 * 0.10000000000000001). */
	rc = json_dumpf(v, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(15));
	json_decref(v);
	if (rc == -1 || putchar('\n') == EOF || ferror(stdout))
		return -1;
	return 0;
}

json_t *
cli_json_hours(long centi)
{
	return json_real((double)centi / 100.0);
}

json_t *
cli_json_date(int days)
{
	char	buf[DATE_BUFSZ];

	if (days == -1 || days == INT_MIN)
		return json_null();
	return json_string(date_format(days, buf));
}

json_t *
cli_json_str(const char *s)
{
	json_t	*v;

	if (s == NULL || *s == '\0')
		return json_null();
	/* Stored text is validated UTF-8; should it not be, say nothing
	 * rather than fail the whole output. */
	if ((v = json_string(s)) == NULL)
		return json_null();
	return v;
}

const char *
cli_paint(struct cli *c, const char *sgr, const char *s)
{
	static char	buf[1024];

	if (!c->color || sgr == NULL)
		return s;
	if (cet_fmt(buf, sizeof(buf), "\033[%sm%s\033[0m", sgr, s) == -1)
		return s;
	return buf;
}

char *
cli_amount(const struct hours_amount *a, char *buf, size_t len)
{
	return hours_format_label(a, HOURS_NAMES_LONG, buf, len);
}

void
cli_pad(const char *s, size_t width)
{
	char	buf[1024];
	size_t	n;

	/* What an older database holds must not drive the terminal. */
	s = cet_text_show(s, buf, sizeof(buf));
	n = cet_utf8_len(s);
	fputs(s, stdout);
	for (; n < width; n++)
		putchar(' ');
}

void
cli_getopt_reset(void)
{
	/* GNU getopt: 0 re-initialises its state, including permutation. */
	optind = 0;
	opterr = 0;
}

int
cli_bad_option(struct cli *c, int ch, char **argv)
{
	const char	*arg = optind > 0 ? argv[optind - 1] : "";
	const char	*cmd = c->cmd != NULL ? c->cmd : "";
	const char	*sp = c->cmd != NULL ? " " : "";
	char		 name[64];
	size_t		 n;

	/* Show "--foo", not "--foo=value". */
	n = strcspn(arg, "=");
	if (n >= sizeof(name))
		n = sizeof(name) - 1;
	memcpy(name, arg, n);
	name[n] = '\0';
	if (ch == ':')
		return cli_error(c, EXIT_USAGE, "%s: missing value; see "
		    "'cetrack %s%s--help'", name, cmd, sp);
	if (optopt != 0 && strncmp(name, "--", 2) != 0)
		return cli_error(c, EXIT_USAGE, "unknown option '-%c'; see "
		    "'cetrack %s%s--help'", optopt, cmd, sp);
	/* A known long option that got "=value" it does not take. */
	if (optopt != 0 && arg[n] == '=')
		return cli_error(c, EXIT_USAGE, "%s: takes no value; see "
		    "'cetrack %s%s--help'", name, cmd, sp);
	return cli_error(c, EXIT_USAGE, "unknown option '%s'; see "
	    "'cetrack %s%s--help'", name, cmd, sp);
}

int
cli_help(const char *usage)
{
	fputs(usage, stdout);
	return EXIT_OK;
}

int
cli_dispatch(struct cli *c, const struct cli_sub *subs, size_t nsub,
    const char *usage, int argc, char **argv)
{
	size_t	i;

	if (argc < 2)
		return cli_error(c, EXIT_USAGE, "missing subcommand; see "
		    "'cetrack %s --help'", c->cmd);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cli_help(usage);
	for (i = 0; i < nsub; i++) {
		if (strcmp(argv[1], subs[i].name) == 0) {
			c->cmd = subs[i].cmd;
			if ((subs[i].flags & CMD_FULL) && subs[i].fn == NULL)
				return cli_exec_full(subs[i].cmd);
			return subs[i].fn(c, argc - 1, argv + 1);
		}
	}
	return cli_error(c, EXIT_USAGE, "'%s' is not a subcommand; see "
	    "'cetrack %s --help'", argv[1], c->cmd);
}


void
cli_diff(char *buf, size_t len, const char *field, const char *old,
    const char *new)
{
	size_t	n = strlen(buf);

	if (strcmp(old, new) == 0)
		return;
	(void)cet_fmt(buf + n, len - n, "%s%s: %s -> %s", n > 0 ? "; " : "",
	    field, old[0] != '\0' ? old : "none", new[0] != '\0' ? new :
	    "none");
}
