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
#include "store/store.h"
#include "base/util.h"

#define HISTORY_LIMIT_DEFAULT	50
#define HISTORY_LIMIT_MAX	1000000
#define HISTORY_WIDTH		80
#define HISTORY_WHEN_COLS	20	/* "2026-12-07T14:03:22Z" */
#define HISTORY_WHO_MAX		16	/* wider names push their row */
#define HISTORY_WRAP_MIN	24

static char	*history_clean(const char *);
static void	 history_entities(char *, size_t);
static char	*history_what(const struct store_audit_row *);
static void	 history_wrap(const char *, size_t, size_t);
static void	 history_row(const struct store_audit_row *, size_t);
static json_t	*history_json_row(const struct store_audit_row *);

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
    "               webhook_endpoint or file (imports)\n"
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
	struct store_audit_row		*v = NULL;
	struct person			 pe;
	json_t				*arr = NULL, *o;
	const char			*person = NULL;
	char				 err[1024], names[160];
	char				 since[DATE_BUFSZ] = "";
	size_t				 n = 0, i, wwho = 3, len, limit = 0;
	int64_t				 total = 0;
	long long			 lim;
	int				 ch, day, json = 0, limited = 0;
	int				 rc = EXIT_FAIL;

	memset(&f, 0, sizeof(f));
	memset(&pe, 0, sizeof(pe));
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
			if (cet_strtonum(optarg, 1, HISTORY_LIMIT_MAX, &lim) ==
			    -1)
				return cli_error(c, EXIT_USAGE, "--limit: '%s' "
				    "is not a count, expected a number from 1 "
				    "to %d", optarg, HISTORY_LIMIT_MAX);
			limit = (size_t)lim;
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
	if (store_audit_select(&c->db, &f, limit, &v, &n, &total, err,
	    sizeof(err)) == -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		goto out;
	}

	if (json) {
		if ((arr = json_array()) == NULL)
			goto oom;
		for (i = 0; i < n; i++) {
			if ((o = history_json_row(&v[i])) == NULL ||
			    json_array_append_new(arr, o) == -1)
				goto oom;
		}
		o = json_pack("{s:o, s:{s:o, s:o, s:o, s:o}, s:o, s:I}",
		    "history", arr,
		    "filters",
		    "person_id", person != NULL ?
		    json_integer((json_int_t)pe.id) : json_null(),
		    "person", person != NULL ? cli_json_str(pe.name) :
		    json_null(),
		    "since", since[0] != '\0' ? json_string(since) :
		    json_null(),
		    "entity", cli_json_str(f.entity),
		    "limit", limit > 0 ? json_integer((json_int_t)limit) :
		    json_null(),
		    "left_out", (json_int_t)(total - (int64_t)n));
		arr = NULL;
		if (o == NULL)
			goto oom;
		rc = cli_json_print(o) == 0 ? EXIT_OK : EXIT_FAIL;
		goto out;
	}

	if (n == 0) {
		if (person == NULL && f.since == 0 && f.entity == NULL)
			printf("no history yet: nothing has been changed\n");
		else
			printf("no changes match the filters\n");
		rc = EXIT_OK;
		goto out;
	}
	for (i = 0; i < n; i++) {
		len = v[i].actor != NULL ? cet_utf8_len(v[i].actor) : 1;
		if (len > wwho && len <= HISTORY_WHO_MAX)
			wwho = len;
	}
	cli_pad("WHEN (UTC)", HISTORY_WHEN_COLS);
	printf("  ");
	cli_pad("WHO", wwho);
	printf("  WHAT\n");
	for (i = 0; i < n; i++)
		history_row(&v[i], wwho);
	if (total > (int64_t)n)
		printf("... %" PRId64 " earlier; use --limit or filters\n",
		    total - (int64_t)n);
	rc = EXIT_OK;
	goto out;
oom:
	cli_error(c, EXIT_FAIL, "out of memory");
out:
	json_decref(arr);
	store_audit_rows_free(v, n);
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
static void
history_row(const struct store_audit_row *r, size_t wwho)
{
	char	*who, *what, *detail;
	size_t	 col;

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
}

/* The row for --json: every field, null where there is nothing. */
static json_t *
history_json_row(const struct store_audit_row *r)
{
	json_t	*o;
	char	*actor, *label, *person, *detail;

	actor = history_clean(r->actor);
	label = history_clean(r->label);
	person = history_clean(r->person);
	detail = history_clean(r->detail);
	o = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
	    "id", (json_int_t)r->id,
	    "at", cli_json_str(r->at),
	    "actor", cli_json_str(actor),
	    "action", cli_json_str(r->action),
	    "entity", cli_json_str(r->entity),
	    "entity_id", r->entity_id != 0 ?
	    json_integer((json_int_t)r->entity_id) : json_null(),
	    "label", cli_json_str(label),
	    "person_id", r->person_id != 0 ?
	    json_integer((json_int_t)r->person_id) : json_null(),
	    "person", cli_json_str(person),
	    "detail", cli_json_str(detail));
	free(actor);
	free(label);
	free(person);
	free(detail);
	return o;
}
