/* SPDX-License-Identifier: ISC */
/*
 * `cetrack history`: the audit log as people read it. Every change a
 * command or cetrackd makes writes one row (store_audit): when, who,
 * what, and what the writer said about it. Shown oldest first and newest
 * last, as journalctl and `notify list` do, so that the last line is the
 * latest change and --limit N keeps the newest N. Each row says what its
 * entity is now (a name, a credential's number, a course's title) where
 * that is still there to say.
 */

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "base/date.h"
#include "base/model.h"
#include "report/jsonw.h"
#include "store/store.h"
#include "base/util.h"

#define HISTORY_LIMIT_DEFAULT	50
#define HISTORY_LIMIT_MAX	1000000
#define HISTORY_WIDTH		80
#define HISTORY_WHEN_COLS	20	/* "2026-12-07T14:03:22Z" */
#define HISTORY_WHO_MAX		16	/* wider names push their row */
#define HISTORY_WRAP_MIN	24

struct history_out;

static char	*history_clean(const char *);
static void	 history_entities(char *, size_t);
static char	*history_what(const struct store_audit_row *);
static void	 history_wrap(const char *, size_t, size_t);
static int	 history_width(const struct store_audit_row *, void *);
static int	 history_row(const struct store_audit_row *, void *);
static int	 history_json_row(const struct store_audit_row *, void *);
static void	 history_json_str(struct jsonw *, const char *, const char *);

/* What the callbacks share: the output so far. */
struct history_out {
	struct jsonw	 jw;
	size_t		 wwho;		/* the WHO column's width */
	size_t		 n;		/* rows seen */
};

static const char history_usage[] =
    "usage: cetrack history [--person P] [--since DATE] [--entity E]\n"
    "                       [--limit N] [--json]\n"
    "\n"
    "Show the audit log: every change to people, credentials, courses,\n"
    "organizations and reminders, when it was made (UTC), by whom (the OS\n"
    "user, the user behind sudo, or cetrackd), what it was, and what was\n"
    "recorded about it. Oldest first, newest last.\n"
    "\n"
    "  --person P   only what concerns that person (an id, external id or\n"
    "               exact name): the person, their credentials, courses\n"
    "               and reminders, removed ones included\n"
    "  --since DATE only changes made on or after DATE (YYYY-MM-DD, today,\n"
    "               yesterday), from 00:00 UTC\n"
    "  --entity E   only changes to person, credential, activity,\n"
    "               organization, certificate, notification,\n"
    "               webhook_endpoint, file (imports), education,\n"
    "               experience, experience_log or exam\n"
    "  --limit N    the newest N (default 50; --json: all)\n"
    "  --json       machine-readable output, one object per change\n";

int
cmd_history(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "person",	required_argument,	NULL,	'p' },
		{ "since",	required_argument,	NULL,	's' },
		{ "entity",	required_argument,	NULL,	'e' },
		{ "limit",	required_argument,	NULL,	'l' },
		{ "json",	no_argument,		NULL,	'j' },
		{ "help",	no_argument,		NULL,	'h' },
		{ NULL,		0,			NULL,	0 }
	};
	struct store_audit_filter	 f;
	struct history_out		 ho;
	struct person			 pe;
	const char			*person = NULL;
	char				 err[1024], names[160];
	char				 since[DATE_BUFSZ] = "";
	size_t				 limit = 0;
	int64_t				 total = 0;
	int				 ch, day, json = 0, limited = 0;
	int				 rc = EXIT_FAIL;

	memset(&f, 0, sizeof(f));
	memset(&pe, 0, sizeof(pe));
	memset(&ho, 0, sizeof(ho));
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			if (cli_text_arg(c, "--person", optarg, NAME_MAX_LEN,
			    0) == -1)
				return EXIT_USAGE;
			person = optarg;
			break;
		case 's':
			if (cli_date_arg(c, "--since", optarg, &day) == -1)
				return EXIT_USAGE;
			f.since = (time_t)day * 86400;
			/* 1970-01-01 would read as "no filter". */
			if (f.since == 0)
				f.since = 1;
			(void)date_format(day, since);
			break;
		case 'e':
			if (!store_audit_entity_known(optarg)) {
				history_entities(names, sizeof(names));
				return cli_error(c, EXIT_USAGE, "--entity: '%s' "
				    "is not an entity, expected %s", optarg,
				    names);
			}
			f.entity = optarg;
			break;
		case 'l':
			if (cli_limit_arg(c, optarg, HISTORY_LIMIT_MAX, &limit) == -1)
				return EXIT_USAGE;
			limited = 1;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help(history_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind != argc)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'; see "
		    "'cetrack history --help'", argv[optind]);
	/* A script reads everything unless it asks for less. */
	if (!limited && !json)
		limit = HISTORY_LIMIT_DEFAULT;
	if (cli_open_db(c) == -1)
		return EXIT_FAIL;
	if (person != NULL) {
		if (cli_person(c, person, &pe) == -1)
			return EXIT_FAIL;
		f.person_id = pe.id;
	}
	/*
	 * Streamed: the log may hold millions of rows, and neither the
	 * rows nor the JSON are kept. Text lines up its WHO column, which
	 * takes a first walk over the same rows to measure; one read
	 * transaction makes both walks (and the count) see the same rows.
	 */
	if (db_begin_read(&c->db, err, sizeof(err)) == -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		return EXIT_FAIL;
	}
	if (json) {
		jsonw_init(&ho.jw, stdout);
		jsonw_open(&ho.jw, NULL, 0);
		jsonw_open(&ho.jw, "history", 1);
		if (store_audit_each(&c->db, &f, limit, history_json_row, &ho,
		    &total, err, sizeof(err)) == -1) {
			/* What was written stands, cut short: end its line,
			 * and say why on stderr (a write error: main). */
			jsonw_flush(&ho.jw);
			jsonw_free(&ho.jw);
			putchar('\n');
			if (err[0] != '\0')
				cli_error(c, EXIT_FAIL, "%s", err);
			goto out;
		}
		jsonw_close(&ho.jw, 1);
		jsonw_open(&ho.jw, "filters", 0);
		if (person != NULL) {
			jsonw_int(&ho.jw, "person_id", pe.id);
			history_json_str(&ho.jw, "person", pe.name);
		} else {
			jsonw_null(&ho.jw, "person_id");
			jsonw_null(&ho.jw, "person");
		}
		jsonw_str_null(&ho.jw, "since", since);
		jsonw_str_null(&ho.jw, "entity", f.entity);
		jsonw_close(&ho.jw, 0);
		if (limit > 0)
			jsonw_int(&ho.jw, "limit", (long long)limit);
		else
			jsonw_null(&ho.jw, "limit");
		jsonw_int(&ho.jw, "left_out", total - (int64_t)ho.n);
		jsonw_close(&ho.jw, 0);
		rc = jsonw_end(&ho.jw) == 0 ? EXIT_OK : EXIT_FAIL;
		goto out;
	}

	ho.wwho = 3;
	if (store_audit_each(&c->db, &f, limit, history_width, &ho, &total,
	    err, sizeof(err)) == -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		goto out;
	}
	if (ho.n == 0) {
		if (person == NULL && f.since == 0 && f.entity == NULL)
			printf("no history yet: nothing has been changed\n");
		else
			printf("no changes match the filters\n");
		rc = EXIT_OK;
		goto out;
	}
	cli_pad("WHEN (UTC)", HISTORY_WHEN_COLS);
	printf("  ");
	cli_pad("WHO", ho.wwho);
	printf("  WHAT\n");
	ho.n = 0;
	if (store_audit_each(&c->db, &f, limit, history_row, &ho, &total,
	    err, sizeof(err)) == -1) {
		/* Empty: we stopped on a write error, which main reports. */
		if (err[0] != '\0')
			cli_error(c, EXIT_FAIL, "%s", err);
		goto out;
	}
	if (total > (int64_t)ho.n)
		printf("... %" PRId64 " earlier; use --limit or filters\n",
		    total - (int64_t)ho.n);
	rc = EXIT_OK;
out:
	/* Only read: nothing to keep or lose. */
	db_rollback(&c->db);
	return rc;
}

/* "person, credential, ... or file": every entity there is. */
static void
history_entities(char *buf, size_t len)
{
	size_t	i;

	buf[0] = '\0';
	for (i = 0; store_audit_entities[i] != NULL; i++) {
		(void)cet_strlcpy(buf + strlen(buf), i == 0 ? "" :
		    store_audit_entities[i + 1] == NULL ? " or " : ", ",
		    len - strlen(buf));
		(void)cet_strlcpy(buf + strlen(buf), store_audit_entities[i],
		    len - strlen(buf));
	}
}

/*
 * Stored text made safe to show: control characters (C0, DEL and C1,
 * which a terminal may take as commands) and bytes that are not UTF-8
 * become '?'. The CLI refuses such text, but an import's file name or a
 * database written by other means may carry it. NULL for NULL.
 */
static char *
history_clean(const char *s)
{
	const unsigned char	*p;
	char			*out, *q;
	size_t			 k, need;

	if (s == NULL)
		return NULL;
	out = q = xmalloc(strlen(s) + 1);
	for (p = (const unsigned char *)s; *p != '\0'; p += need) {
		need = 1;
		if (*p >= 0xc2 && *p <= 0xdf)
			need = 2;
		else if (*p >= 0xe0 && *p <= 0xef)
			need = 3;
		else if (*p >= 0xf0 && *p <= 0xf4)
			need = 4;
		else if (*p < 0x20 || *p == 0x7f || *p >= 0x80) {
			*q++ = '?';
			continue;
		}
		for (k = 1; k < need; k++) {
			if ((p[k] & 0xc0) != 0x80)
				break;
		}
		/* A broken sequence, or a C1 control (U+0080..U+009F). */
		if (k < need || (need == 2 && p[0] == 0xc2 && p[1] < 0xa0)) {
			*q++ = '?';
			need = k < need ? k : need;
			continue;
		}
		memcpy(q, p, need);
		q += need;
	}
	*q = '\0';
	return out;
}

/*
 * "add credential 3: CCM 12345 (Dana Reyes)": the action, the entity and
 * its id, what it is now, and whose. The name is left out where it says
 * the same as the label (a person's own rows).
 */
static char *
history_what(const struct store_audit_row *r)
{
	char	 id[32] = "", *s, *label, *person;
	int	 self;

	if (r->entity_id != 0)
		(void)cet_fmt(id, sizeof(id), " %" PRId64, r->entity_id);
	label = history_clean(r->label);
	person = history_clean(r->person);
	self = r->entity != NULL && strcmp(r->entity, "person") == 0;
	s = xasprintf("%s %s%s%s%s%s%s%s",
	    r->action != NULL ? r->action : "?",
	    r->entity != NULL ? r->entity : "?", id,
	    label != NULL ? ": " : "", label != NULL ? label : "",
	    person != NULL && !self ? " (" : "",
	    person != NULL && !self ? person : "",
	    person != NULL && !self ? ")" : "");
	free(label);
	free(person);
	return s;
}

/* Text from column `col` on, wrapped at spaces to HISTORY_WIDTH; the
 * first line continues the one already started. */
static void
history_wrap(const char *s, size_t col, size_t indent)
{
	const char	*next;
	size_t		 n, cols, width;

	width = HISTORY_WIDTH > col + HISTORY_WRAP_MIN ?
	    HISTORY_WIDTH - col : HISTORY_WRAP_MIN;
	while (*s == ' ')
		s++;
	n = cet_wrap_line(s, width, &cols, &next);
	printf("%.*s\n", (int)n, s);
	width = HISTORY_WIDTH > indent + HISTORY_WRAP_MIN ?
	    HISTORY_WIDTH - indent : HISTORY_WRAP_MIN;
	for (s = next; *s != '\0'; s = next) {
		n = cet_wrap_line(s, width, &cols, &next);
		printf("%*s%.*s\n", (int)indent, "", (int)n, s);
	}
}

/*
 * One change: when, who and what, the what wrapped in its column; below
 * it, two columns further in, what the writer recorded, unless that is
 * only the label again ("add person 1: Dana Reyes" recorded "Dana
 * Reyes").
 */
static int
history_row(const struct store_audit_row *r, void *arg)
{
	struct history_out	*ho = arg;
	char			*who, *what, *detail;
	size_t			 col, wwho = ho->wwho;

	who = history_clean(r->actor != NULL ? r->actor : "?");
	what = history_what(r);
	detail = history_clean(r->detail);
	cli_pad(r->at, HISTORY_WHEN_COLS);
	printf("  ");
	cli_pad(who, wwho);
	printf("  ");
	col = HISTORY_WHEN_COLS + 2 + wwho + 2;
	history_wrap(what, col, col);
	if (detail != NULL && detail[strspn(detail, " ")] != '\0' &&
	    (r->label == NULL || strcmp(r->detail, r->label) != 0)) {
		printf("%*s", (int)col + 2, "");
		history_wrap(detail, col + 2, col + 2);
	}
	free(who);
	free(what);
	free(detail);
	ho->n++;
	/* Stop at a write error (a closed pipe) rather than format on. */
	return ferror(stdout) ? -1 : 0;
}

/* The first walk of text output: how wide WHO must be. */
static int
history_width(const struct store_audit_row *r, void *arg)
{
	struct history_out	*ho = arg;
	char			*who;
	size_t			 len;

	who = history_clean(r->actor != NULL ? r->actor : "?");
	len = cet_utf8_len(who);
	free(who);
	if (len > ho->wwho && len <= HISTORY_WHO_MAX)
		ho->wwho = len;
	ho->n++;
	return 0;
}

/* A string made safe, or null. */
static void
history_json_str(struct jsonw *jw, const char *key, const char *v)
{
	char	*clean;

	clean = history_clean(v);
	jsonw_str_null(jw, key, clean);
	free(clean);
}

/* The row for --json: every member, null where there is nothing. */
static int
history_json_row(const struct store_audit_row *r, void *arg)
{
	struct history_out	*ho = arg;
	struct jsonw		*jw = &ho->jw;

	jsonw_open(jw, NULL, 0);
	jsonw_int(jw, "id", r->id);
	history_json_str(jw, "at", r->at);
	history_json_str(jw, "actor", r->actor);
	history_json_str(jw, "action", r->action);
	history_json_str(jw, "entity", r->entity);
	if (r->entity_id != 0)
		jsonw_int(jw, "entity_id", r->entity_id);
	else
		jsonw_null(jw, "entity_id");
	history_json_str(jw, "label", r->label);
	if (r->person_id != 0)
		jsonw_int(jw, "person_id", r->person_id);
	else
		jsonw_null(jw, "person_id");
	history_json_str(jw, "person", r->person);
	history_json_str(jw, "detail", r->detail);
	jsonw_close(jw, 0);
	ho->n++;
	return ferror(stdout) ? -1 : 0;
}
