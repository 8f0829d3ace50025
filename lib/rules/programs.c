/* SPDX-License-Identifier: ISC */
/*
 * Rule packs: the INI files that describe one credential program each (its
 * cycle, hours, topic minimums, caps, windows, approvers) turned into the
 * typed definitions of programs.h, and the date arithmetic that follows
 * from them. iniparser (through inifile.c) reads the text; every value is
 * then read as a string and checked here by our own parsers, because
 * iniparser's number and boolean getters accept garbage ("yellow" is true,
 * "08" is 0). Every problem of a pack is reported, each naming its file,
 * line, section and key, and a pack with any problem is refused whole.
 */

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/date.h"
#include "base/embedded.h"
#include "base/hours.h"
#include "base/inifile.h"
#include "rules/programs.h"
#include "base/util.h"

#define PROG_HOURS_MAX	100000L		/* 1,000 h: no board asks more */
#define PROG_FILE_MAX	(1024 * 1024)	/* a pack is a few kilobytes */
#define PROG_BUILTIN	"builtin:"

/* The state of parsing one section. */
struct prog_ctx {
	const struct inifile		*ini;
	const struct inifile_section	*sec;
	struct errlist			*errs;
	int				 nerr;
};

enum prog_list_kind {
	PROG_LIST_TOPICS,	/* a-z 0-9 '-', stored lower case */
	PROG_LIST_APPROVERS,	/* A-Z 0-9 '-', stored upper case */
	PROG_LIST_FORMATS	/* one of ACTIVITY_FORMATS */
};

static const char *const prog_program_keys[] = {
	"code", "name", "issuer", "kind", "jurisdiction", "version", "source",
	"fees", "note", "cycle_years", "cycle_months", "deadline",
	"deadline_dates", "deadline_years", "total_hours", "hour_minutes",
	"ceu_hours", "semester_hours", "quarter_hours", "approvers",
	"window_months", "window_days", "late_days", "count_months",
	"carryover_max", "first_renewal", "first_renewal_attr", "exempt_attr",
	"at_risk_days", "unchecked", NULL
};

static const char *const prog_req_keys[] = {
	"label", "hours", "share", "topics", "approvers", "formats", "counts",
	"every", "renewal", "once", "due_within_years", "lookback_years",
	"first_renewal",
	"keep_when_exempt", "attr", "unless_attr", "effective_from",
	"effective_to", "effective_by", "note", "unchecked", NULL
};

static const char *const prog_cap_keys[] = {
	"label", "max_hours", "topics", "formats", "approvers", NULL
};

static const char *const prog_formats[] = {
	"live", "live-online", "self-study", "academic", "presenting",
	"publication", NULL
};

static const char *const prog_kinds[] = { "certification", "license", NULL };
static const char *const prog_deadlines[] = { "anniversary", "fixed", NULL };
static const char *const prog_years[] = { "any", "odd", "even", NULL };
static const char *const prog_first[] = { "full", "exempt", NULL };
static const char *const prog_counts[] = {
	"within", "extra", "outside", NULL
};
static const char *const prog_req_first[] = { "exempt", "required", NULL };
static const char *const prog_by[] = { "end", "start", NULL };

static void	prog_error(struct prog_ctx *, int, const char *, const char *,
		    ...) __attribute__((format(printf, 4, 5)));

static void
prog_error(struct prog_ctx *c, int line, const char *key, const char *fmt,
    ...)
{
	va_list	ap;

	va_start(ap, fmt);
	inifile_verror(c->ini, c->errs, line, c->sec->name, key, fmt, ap);
	va_end(ap);
	c->nerr++;
}

/* A value as shown in an error: at most 40 bytes, cut between characters. */
static const char *
prog_show(const char *v, char *buf, size_t len)
{
	size_t	n = strlen(v);

	if (!cet_utf8_valid(v))
		return "(not UTF-8 text)";
	if (n <= 40) {
		(void)cet_fmt(buf, len, "%s", v);
		return buf;
	}
	n = 40;
	while (n > 0 && ((unsigned char)v[n] & 0xc0) == 0x80)
		n--;
	(void)cet_fmt(buf, len, "%.*s...", (int)n, v);
	return buf;
}

/* The value of key in the current section, or NULL; *line is its line. */
static const char *
prog_get(struct prog_ctx *c, const char *key, int *line)
{
	const struct inifile_key	*k;

	if ((k = inifile_key(c->sec, key)) == NULL)
		return NULL;
	*line = k->line;
	return k->value;
}

static void
prog_missing(struct prog_ctx *c, const char *key, const char *form)
{
	prog_error(c, c->sec->line, key, "missing, expected %s", form);
}

/*
 * Text: valid UTF-8 that fits. Required when form (what to write) is not
 * NULL. Returns 1 set, 0 absent, -1 bad.
 */
static int
prog_text(struct prog_ctx *c, const char *key, char *dst, size_t dstlen,
    const char *form)
{
	const char	*v;
	size_t		 n;
	int		 line = 0;

	if ((v = prog_get(c, key, &line)) == NULL) {
		if (form != NULL)
			prog_missing(c, key, form);
		return 0;
	}
	if (!cet_utf8_valid(v)) {
		prog_error(c, line, key, "not UTF-8 text, expected text "
		    "without control characters");
		return -1;
	}
	if (*v == '\0' && form != NULL) {
		prog_error(c, line, key, "empty, expected %s", form);
		return -1;
	}
	if (strlen(v) >= dstlen) {
		prog_error(c, line, key, "%zu bytes long, expected at most %zu",
		    strlen(v), dstlen - 1);
		return -1;
	}
	/* Runs of white space (a value continued on the next line keeps
	 * the indentation) become one space. */
	for (n = 0; *v != '\0'; v++) {
		if (isspace((unsigned char)*v)) {
			if (n > 0 && dst[n - 1] == ' ')
				continue;
			dst[n++] = ' ';
		} else
			dst[n++] = *v;
	}
	dst[n] = '\0';
	return 1;
}

static int
prog_int(struct prog_ctx *c, const char *key, int min, int max, int *out)
{
	char		 buf[64];
	const char	*v;
	long long	 ll;
	int		 line = 0;

	if ((v = prog_get(c, key, &line)) == NULL)
		return 0;
	if (cet_strtonum(v, min, max, &ll) == -1) {
		prog_error(c, line, key, "'%s' is not valid, expected a whole "
		    "number from %d to %d", prog_show(v, buf, sizeof(buf)),
		    min, max);
		return -1;
	}
	*out = (int)ll;
	return 1;
}

static int
prog_hours(struct prog_ctx *c, const char *key, long max, long *out)
{
	char		 buf[64], hb[HOURS_BUFSZ];
	const char	*v;
	long		 centi;
	int		 line = 0;

	if ((v = prog_get(c, key, &line)) == NULL)
		return 0;
	if (hours_parse_centi(v, &centi) == -1 || centi > max) {
		prog_error(c, line, key, "'%s' is not valid, expected hours "
		    "from 0 to %s with at most two decimals",
		    prog_show(v, buf, sizeof(buf)),
		    hours_format(max, hb, sizeof(hb)));
		return -1;
	}
	*out = centi;
	return 1;
}

/* One of names (case does not matter); *out is its index. */
static int
prog_enum(struct prog_ctx *c, const char *key, const char *const *names,
    int *out)
{
	char		 buf[64], form[128];
	const char	*v;
	size_t		 i;
	int		 line = 0;

	if ((v = prog_get(c, key, &line)) == NULL)
		return 0;
	for (i = 0; names[i] != NULL; i++)
		if (strcasecmp(v, names[i]) == 0) {
			*out = (int)i;
			return 1;
		}
	form[0] = '\0';
	for (i = 0; names[i] != NULL; i++) {
		if (i > 0)
			(void)cet_strlcpy(form + strlen(form), " or ",
			    sizeof(form) - strlen(form));
		(void)cet_strlcpy(form + strlen(form), names[i],
		    sizeof(form) - strlen(form));
	}
	prog_error(c, line, key, "'%s' is not valid, expected %s",
	    prog_show(v, buf, sizeof(buf)), form);
	return -1;
}

static int
prog_bool(struct prog_ctx *c, const char *key, int *out)
{
	static const char *const yes[] = { "yes", "true", "1", NULL };
	static const char *const no[] = { "no", "false", "0", NULL };
	char		 buf[64];
	const char	*v;
	size_t		 i;
	int		 line = 0;

	if ((v = prog_get(c, key, &line)) == NULL)
		return 0;
	for (i = 0; yes[i] != NULL; i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = 1;
			return 1;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = 0;
			return 1;
		}
	}
	prog_error(c, line, key, "'%s' is not valid, expected yes, no, true, "
	    "false, 1 or 0", prog_show(v, buf, sizeof(buf)));
	return -1;
}

static int
prog_date(struct prog_ctx *c, const char *key, int *out)
{
	char		 buf[64];
	const char	*v;
	int		 line = 0;

	if ((v = prog_get(c, key, &line)) == NULL)
		return 0;
	if (date_parse_iso(v, out) == -1) {
		prog_error(c, line, key, "'%s' is not a date, expected "
		    "YYYY-MM-DD", prog_show(v, buf, sizeof(buf)));
		return -1;
	}
	return 1;
}

/* Is s a name made of [a-z0-9-] (or [A-Z0-9-] when upper)? */
static int
prog_name_ok(const char *s, int upper)
{
	const unsigned char	*p = (const unsigned char *)s;

	if (*p == '\0' || *p == '-')
		return 0;
	for (; *p != '\0'; p++) {
		if (isdigit(*p) || *p == '-')
			continue;
		if (upper ? (*p >= 'A' && *p <= 'Z') : (*p >= 'a' && *p <= 'z'))
			continue;
		return 0;
	}
	return 1;
}

static void
prog_fold(char *s, int upper)
{
	for (; *s != '\0'; s++)
		*s = (char)(upper ? toupper((unsigned char)*s) :
		    tolower((unsigned char)*s));
}

/* An attribute: a-z 0-9 '-', stored lower case. */
static int
prog_attr(struct prog_ctx *c, const char *key, char *dst)
{
	char		 buf[64], tmp[ATTR_MAX_LEN];
	const char	*v;
	int		 line = 0, ok;

	if ((v = prog_get(c, key, &line)) == NULL)
		return 0;
	ok = cet_strlcpy(tmp, v, sizeof(tmp)) < sizeof(tmp);
	if (ok) {
		prog_fold(tmp, 0);
		ok = prog_name_ok(tmp, 0);
	}
	/* Room for its denial, "no-" + the name, which is not a name. */
	if (ok && (strlen(tmp) + strlen(ATTR_NEG) >= ATTR_MAX_LEN ||
	    attr_base(tmp) != tmp))
		ok = 0;
	if (!ok) {
		prog_error(c, line, key, "'%s' is not valid, expected an "
		    "attribute of a-z, 0-9 and '-', at most %d characters, "
		    "not starting with '%s'", prog_show(v, buf, sizeof(buf)),
		    (int)(ATTR_MAX_LEN - 1 - strlen(ATTR_NEG)), ATTR_NEG);
		return -1;
	}
	cet_strlcpy(dst, tmp, ATTR_MAX_LEN);
	return 1;
}

/* Split a comma-separated list; items are trimmed, none may be empty. */
static int
prog_list(struct prog_ctx *c, const char *key, enum prog_list_kind kind,
    struct prog_list *out)
{
	static const char *const form[] = {
		"topics of a-z, 0-9 and '-'",
		"approving-body codes of A-Z, 0-9 and '-'",
		("formats from " ACTIVITY_FORMATS)
	};
	char		 buf[64], item[ATTR_MAX_LEN];
	const char	*v, *p, *end;
	size_t		 n, i;
	int		 line = 0, ok;

	if ((v = prog_get(c, key, &line)) == NULL)
		return 0;
	memset(out, 0, sizeof(*out));
	for (p = v;; p = end + 1) {
		end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		while (p < end && isspace((unsigned char)*p))
			p++;
		n = (size_t)(end - p);
		while (n > 0 && isspace((unsigned char)p[n - 1]))
			n--;
		if (n == 0) {
			prog_error(c, line, key, "empty item, expected a "
			    "comma-separated list of %s", form[kind]);
			return -1;
		}
		if (out->n == PROG_LIST_MAX) {
			prog_error(c, line, key, "more than %d items, expected "
			    "at most %d", PROG_LIST_MAX, PROG_LIST_MAX);
			return -1;
		}
		ok = n < sizeof(item);
		if (ok) {
			memcpy(item, p, n);
			item[n] = '\0';
			prog_fold(item, kind == PROG_LIST_APPROVERS);
			if (kind == PROG_LIST_FORMATS) {
				ok = 0;
				for (i = 0; prog_formats[i] != NULL; i++)
					if (strcmp(item, prog_formats[i]) == 0)
						ok = 1;
			} else
				ok = prog_name_ok(item,
				    kind == PROG_LIST_APPROVERS);
		}
		if (!ok) {
			(void)cet_fmt(item, sizeof(item), "%.*s",
			    (int)(n < 24 ? n : 24), p);
			prog_error(c, line, key, "'%s' is not valid, expected "
			    "%s, at most %d characters each",
			    prog_show(item, buf, sizeof(buf)), form[kind],
			    ATTR_MAX_LEN - 1);
			return -1;
		}
		cet_strlcpy(out->v[out->n++], item, sizeof(out->v[0]));
		if (*end == '\0')
			break;
	}
	return 1;
}

/* Reject every key the section kind does not know. */
static void
prog_check_keys(struct prog_ctx *c, const char *const *known,
    const char *what)
{
	size_t	i, j;

	for (i = 0; i < c->sec->nkeys; i++) {
		for (j = 0; known[j] != NULL; j++)
			if (strcmp(c->sec->keys[i].name, known[j]) == 0)
				break;
		if (known[j] == NULL)
			prog_error(c, c->sec->keys[i].line,
			    c->sec->keys[i].name, "unknown key, expected a %s "
			    "key (see cetrack-programs(5))", what);
	}
}

static void
prog_code(struct prog_ctx *c, struct program *p)
{
	char		 buf[64], tmp[CODE_MAX_LEN];
	const char	*v;
	int		 line = 0, ok;

	if ((v = prog_get(c, "code", &line)) == NULL) {
		prog_missing(c, "code", "a program code such as CCM or "
		    "LCSW-TX");
		return;
	}
	ok = cet_strlcpy(tmp, v, sizeof(tmp)) < sizeof(tmp);
	if (ok) {
		prog_fold(tmp, 1);
		ok = prog_name_ok(tmp, 1);
	}
	if (!ok) {
		prog_error(c, line, "code", "'%s' is not valid, expected A-Z, "
		    "0-9 and '-', at most %d characters",
		    prog_show(v, buf, sizeof(buf)), CODE_MAX_LEN - 1);
		return;
	}
	cet_strlcpy(p->code, tmp, sizeof(p->code));
}

static void
prog_jurisdiction(struct prog_ctx *c, struct program *p)
{
	char		 buf[64];
	const char	*v;
	int		 line = 0;

	if ((v = prog_get(c, "jurisdiction", &line)) == NULL) {
		if (strcmp(p->kind, "license") == 0)
			prog_missing(c, "jurisdiction", "the two-letter "
			    "state of a license, e.g. TX");
		return;
	}
	if (strlen(v) != 2 || !isalpha((unsigned char)v[0]) ||
	    !isalpha((unsigned char)v[1])) {
		prog_error(c, line, "jurisdiction", "'%s' is not valid, "
		    "expected two letters, e.g. TX",
		    prog_show(v, buf, sizeof(buf)));
		return;
	}
	p->jurisdiction[0] = (char)toupper((unsigned char)v[0]);
	p->jurisdiction[1] = (char)toupper((unsigned char)v[1]);
	p->jurisdiction[2] = '\0';
}

/* source: one or more http(s) URLs, stored joined by ", ". */
static void
prog_source(struct prog_ctx *c, struct program *p)
{
	char		 buf[64], item[PROG_TEXT_MAX];
	const char	*v, *s, *end;
	size_t		 n, i, count = 0;
	int		 line = 0;

	if ((v = prog_get(c, "source", &line)) == NULL) {
		prog_missing(c, "source", "the URLs the rules come from, "
		    "comma-separated");
		return;
	}
	p->source[0] = '\0';
	for (s = v;; s = end + 1) {
		end = strchr(s, ',');
		if (end == NULL)
			end = s + strlen(s);
		while (s < end && isspace((unsigned char)*s))
			s++;
		n = (size_t)(end - s);
		while (n > 0 && isspace((unsigned char)s[n - 1]))
			n--;
		if (n >= sizeof(item))
			n = sizeof(item) - 1;
		memcpy(item, s, n);
		item[n] = '\0';
		for (i = 0; i < n; i++)
			if (isspace((unsigned char)item[i]) ||
			    !isprint((unsigned char)item[i]))
				break;
		if (i < n || (strncmp(item, "https://", 8) != 0 &&
		    strncmp(item, "http://", 7) != 0)) {
			prog_error(c, line, "source", "'%s' is not valid, "
			    "expected comma-separated http:// or https:// "
			    "URLs", prog_show(item, buf, sizeof(buf)));
			return;
		}
		if (cet_fmt(p->source + strlen(p->source),
		    sizeof(p->source) - strlen(p->source), "%s%s",
		    count++ > 0 ? ", " : "", item) == -1) {
			prog_error(c, line, "source", "too long, expected at "
			    "most %zu bytes of URLs", sizeof(p->source) - 1);
			return;
		}
		if (*end == '\0')
			break;
	}
}

/* deadline_dates: MM-DD, ...; a day every year has, so not 02-29. */
static void
prog_deadline_dates(struct prog_ctx *c, struct program *p)
{
	char		 buf[64];
	const char	*v, *s, *end;
	long long	 m, d;
	char		 mm[3], dd[3];
	size_t		 n;
	int		 line = 0, day;

	if ((v = prog_get(c, "deadline_dates", &line)) == NULL)
		return;
	for (s = v;; s = end + 1) {
		end = strchr(s, ',');
		if (end == NULL)
			end = s + strlen(s);
		while (s < end && isspace((unsigned char)*s))
			s++;
		n = (size_t)(end - s);
		while (n > 0 && isspace((unsigned char)s[n - 1]))
			n--;
		if (n != 5 || s[2] != '-' || !isdigit((unsigned char)s[0]) ||
		    !isdigit((unsigned char)s[1]) ||
		    !isdigit((unsigned char)s[3]) ||
		    !isdigit((unsigned char)s[4]))
			goto bad;
		mm[0] = s[0];
		mm[1] = s[1];
		mm[2] = '\0';
		dd[0] = s[3];
		dd[1] = s[4];
		dd[2] = '\0';
		/* 2023 is not a leap year: 02-29 is refused. */
		if (cet_strtonum(mm, 1, 12, &m) == -1 ||
		    cet_strtonum(dd, 1, 31, &d) == -1 ||
		    date_from_ymd(2023, (int)m, (int)d, &day) == -1)
			goto bad;
		if (p->ndeadline_md == ARRAY_SIZE(p->deadline_md)) {
			prog_error(c, line, "deadline_dates", "more than %zu "
			    "dates, expected at most %zu",
			    ARRAY_SIZE(p->deadline_md),
			    ARRAY_SIZE(p->deadline_md));
			return;
		}
		p->deadline_md[p->ndeadline_md++] = (int)(m * 100 + d);
		if (*end == '\0')
			break;
	}
	return;
bad:
	if (n > 24)
		n = 24;
	(void)cet_fmt(buf, sizeof(buf), "%.*s", (int)n, s);
	prog_error(c, line, "deadline_dates", "'%s' is not valid, expected "
	    "MM-DD[, MM-DD...] of days every year has (02-28, not 02-29)",
	    cet_utf8_valid(buf) ? buf : "(not UTF-8 text)");
}

static void
prog_program(struct prog_ctx *c, struct program *p)
{
	char		 buf[64];
	const char	*v;
	int		 n, r, ry, rm, y = 0, m = 0, line = 0, date;

	prog_check_keys(c, prog_program_keys, "[program]");

	prog_code(c, p);
	(void)prog_text(c, "name", p->name, sizeof(p->name),
	    "the full name of the credential");
	(void)prog_text(c, "issuer", p->issuer, sizeof(p->issuer),
	    "the board or body that issues it");
	if ((r = prog_enum(c, "kind", prog_kinds, &n)) == 1)
		cet_strlcpy(p->kind, prog_kinds[n], sizeof(p->kind));
	else if (r == 0)
		prog_missing(c, "kind", "certification or license");
	prog_jurisdiction(c, p);
	if ((v = prog_get(c, "version", &line)) == NULL)
		prog_missing(c, "version", "YYYY-MM-DD, the date the pack "
		    "was checked against its sources");
	else if (date_parse_iso(v, &date) == -1)
		prog_error(c, line, "version", "'%s' is not a date, expected "
		    "YYYY-MM-DD", prog_show(v, buf, sizeof(buf)));
	else
		cet_strlcpy(p->version, v, sizeof(p->version));
	prog_source(c, p);
	(void)prog_text(c, "fees", p->fees, sizeof(p->fees), NULL);
	(void)prog_text(c, "note", p->note, sizeof(p->note), NULL);
	(void)prog_text(c, "unchecked", p->unchecked, sizeof(p->unchecked),
	    NULL);

	/* The cycle: in years or in months, exactly one of them. */
	ry = prog_int(c, "cycle_years", 1, 10, &y);
	rm = prog_int(c, "cycle_months", 1, 120, &m);
	if (prog_get(c, "cycle_years", &line) != NULL &&
	    prog_get(c, "cycle_months", &line) != NULL)
		prog_error(c, line, "cycle_months", "given with cycle_years, "
		    "expected only one of them");
	else if (ry == 1)
		p->cycle_months = y * 12;
	else if (rm == 1)
		p->cycle_months = m;
	else if (ry == 0 && rm == 0)
		prog_missing(c, "cycle_years", "cycle_years = N or "
		    "cycle_months = N");

	/* Deadlines. */
	if (prog_enum(c, "deadline", prog_deadlines, &n) == 1)
		p->deadline = (enum prog_deadline)n;
	prog_deadline_dates(c, p);
	if (p->deadline == PROG_DEADLINE_FIXED &&
	    prog_get(c, "deadline_dates", &line) == NULL)
		prog_missing(c, "deadline_dates", "MM-DD[, MM-DD...] with "
		    "deadline = fixed");
	if (prog_enum(c, "deadline_years", prog_years, &n) == 1) {
		p->deadline_years = (enum prog_years)n;
		if (p->deadline != PROG_DEADLINE_FIXED &&
		    p->deadline_years != PROG_YEARS_ANY) {
			(void)prog_get(c, "deadline_years", &line);
			prog_error(c, line, "deadline_years", "only with "
			    "deadline = fixed, expected any or no key");
		}
	}

	/* Hours and units. */
	if (prog_hours(c, "total_hours", PROG_HOURS_MAX, &p->total_hours) == 0)
		prog_missing(c, "total_hours", "decimal hours per cycle, "
		    "e.g. 80 (0 allowed)");
	p->conv.hour_minutes = 60;
	if ((v = prog_get(c, "hour_minutes", &line)) != NULL) {
		if (strcmp(v, "50") == 0)
			p->conv.hour_minutes = 50;
		else if (strcmp(v, "60") != 0)
			prog_error(c, line, "hour_minutes", "'%s' is not valid, "
			    "expected 60 or 50", prog_show(v, buf, sizeof(buf)));
	}
	/*
	 * A CEU is 600 minutes (10 contact hours of 60 minutes), so in the
	 * program's own hours unless the pack says otherwise: 10 h of 60
	 * minutes, 12 h of 50 (68 IAC 1470.95(a)(5): 0.3 CEU is 3.6 h).
	 */
	p->conv.ceu_centi = hours_ceu_centi(p->conv.hour_minutes);
	(void)prog_hours(c, "ceu_hours", 10000, &p->conv.ceu_centi);
	(void)prog_hours(c, "semester_hours", 10000, &p->conv.semester_centi);
	(void)prog_hours(c, "quarter_hours", 10000, &p->conv.quarter_centi);

	/* Accepted approvers, or "*" for any activity. */
	if ((v = prog_get(c, "approvers", &line)) == NULL)
		prog_missing(c, "approvers", "approving-body codes, "
		    "comma-separated, or *");
	else if (strcmp(v, "*") == 0)
		p->approvers_any = 1;
	else
		(void)prog_list(c, "approvers", PROG_LIST_APPROVERS,
		    &p->approvers);

	/* The window, the grace period and the counting period. */
	(void)prog_int(c, "window_months", 1, 24, &p->window_months);
	(void)prog_int(c, "window_days", 1, 730, &p->window_days);
	if (prog_get(c, "window_months", &line) != NULL &&
	    prog_get(c, "window_days", &line) != NULL)
		prog_error(c, line, "window_days", "given with window_months, "
		    "expected only one of them");
	(void)prog_int(c, "late_days", 0, 3650, &p->late_days);
	(void)prog_int(c, "count_months", 1, 240, &p->count_months);
	(void)prog_hours(c, "carryover_max", PROG_HOURS_MAX,
	    &p->carryover_max);
	if (prog_enum(c, "first_renewal", prog_first, &n) == 1)
		p->first_renewal_exempt = n;
	if (prog_attr(c, "first_renewal_attr", p->first_renewal_attr) == 1 &&
	    !p->first_renewal_exempt) {
		(void)prog_get(c, "first_renewal_attr", &line);
		prog_error(c, line, "first_renewal_attr", "given without "
		    "an exemption, expected first_renewal = exempt with it");
	}
	(void)prog_attr(c, "exempt_attr", p->exempt_attr);
	(void)prog_int(c, "at_risk_days", 0, 3650, &p->at_risk_days);
}

static void
prog_req(struct prog_ctx *c, struct requirement *q, const char *id)
{
	const char	*v;
	int		 n, line = 0, hl = 0, sl = 0, lf = 0, lt = 0;

	memset(q, 0, sizeof(*q));
	cet_strlcpy(q->id, id, sizeof(q->id));
	q->line = c->sec->line;
	q->effective_from = PROG_NO_DATE;
	q->effective_to = PROG_NO_DATE;

	prog_check_keys(c, prog_req_keys, "[req.ID]");
	(void)prog_text(c, "label", q->label, sizeof(q->label),
	    "what the requirement is called in reports");

	if (prog_get(c, "hours", &hl) != NULL)
		(void)prog_hours(c, "hours", PROG_HOURS_MAX, &q->hours);
	if (prog_get(c, "share", &sl) != NULL)
		(void)prog_int(c, "share", 1, 100, &q->share);
	if (hl != 0 && sl != 0)
		prog_error(c, sl, "share", "given with hours, expected either "
		    "hours or share");
	else if (hl == 0 && sl == 0)
		prog_missing(c, "hours", "hours = H or share = PERCENT");

	(void)prog_list(c, "topics", PROG_LIST_TOPICS, &q->topics);
	(void)prog_list(c, "approvers", PROG_LIST_APPROVERS, &q->approvers);
	(void)prog_list(c, "formats", PROG_LIST_FORMATS, &q->formats);
	if (prog_enum(c, "counts", prog_counts, &n) == 1) {
		q->counts = (enum req_counts)n;
		(void)prog_get(c, "counts", &line);
		if (q->counts == REQ_COUNTS_OUTSIDE && q->topics.n == 0)
			prog_error(c, line, "counts", "outside needs topics, "
			    "expected topics = ... naming what is outside");
		if (q->counts != REQ_COUNTS_WITHIN && sl != 0)
			prog_error(c, line, "counts", "a share counts within "
			    "the total, expected within with share");
	}

	(void)prog_int(c, "every", 1, 20, &q->every);
	(void)prog_int(c, "renewal", 1, 100, &q->renewal);
	if (prog_get(c, "every", &line) != NULL &&
	    prog_get(c, "renewal", &line) != NULL)
		prog_error(c, line, "renewal", "given with every, expected "
		    "only one of them");
	/* once = in-cycle, or a boolean: yes is "ever". */
	if ((v = prog_get(c, "once", &line)) != NULL) {
		char buf[64];

		if (strcasecmp(v, "in-cycle") == 0)
			q->once = REQ_ONCE_IN_CYCLE;
		else if (strcasecmp(v, "yes") == 0 ||
		    strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0)
			q->once = REQ_ONCE_EVER;
		else if (strcasecmp(v, "no") == 0 ||
		    strcasecmp(v, "false") == 0 || strcmp(v, "0") == 0)
			q->once = REQ_ONCE_NO;
		else
			prog_error(c, line, "once", "'%s' is not valid, "
			    "expected yes (a course at any date counts), "
			    "in-cycle (counted in the cycle where it is first "
			    "owed) or no", prog_show(v, buf, sizeof(buf)));
	}
	(void)prog_int(c, "lookback_years", 1, 50, &q->lookback_years);
	if (q->once != REQ_ONCE_NO && q->lookback_years > 0) {
		(void)prog_get(c, "lookback_years", &line);
		prog_error(c, line, "lookback_years", "given with once = %s, "
		    "expected only one of them", q->once == REQ_ONCE_EVER ?
		    "yes" : "in-cycle");
	}
	if (prog_int(c, "due_within_years", 1, 50,
	    &q->due_within_years) == 1 && (q->once != REQ_ONCE_EVER ||
	    prog_get(c, "effective_from", &line) == NULL)) {
		(void)prog_get(c, "due_within_years", &line);
		prog_error(c, line, "due_within_years", "needs a one-time "
		    "requirement with a start, expected once = yes and "
		    "effective_from with it");
	}
	if (prog_enum(c, "first_renewal", prog_req_first, &n) == 1)
		q->first_renewal = n;
	(void)prog_bool(c, "keep_when_exempt", &q->keep_when_exempt);
	(void)prog_attr(c, "attr", q->attr);
	(void)prog_attr(c, "unless_attr", q->unless_attr);

	if (prog_date(c, "effective_from", &q->effective_from) == 1)
		(void)prog_get(c, "effective_from", &lf);
	if (prog_date(c, "effective_to", &q->effective_to) == 1)
		(void)prog_get(c, "effective_to", &lt);
	if (lf != 0 && lt != 0 && q->effective_to < q->effective_from)
		prog_error(c, lt, "effective_to", "before effective_from, "
		    "expected a date on or after it");
	if (prog_enum(c, "effective_by", prog_by, &n) == 1)
		q->effective_by = (enum req_effective_by)n;
	(void)prog_text(c, "note", q->note, sizeof(q->note), NULL);
	(void)prog_text(c, "unchecked", q->unchecked, sizeof(q->unchecked),
	    NULL);
}

static void
prog_cap(struct prog_ctx *c, struct cap *cp, const char *id)
{
	memset(cp, 0, sizeof(*cp));
	cet_strlcpy(cp->id, id, sizeof(cp->id));
	cp->line = c->sec->line;

	prog_check_keys(c, prog_cap_keys, "[cap.ID]");
	(void)prog_text(c, "label", cp->label, sizeof(cp->label),
	    "what the cap is called in reports");
	if (prog_hours(c, "max_hours", PROG_HOURS_MAX, &cp->max_hours) == 0)
		prog_missing(c, "max_hours", "the most hours that count");
	(void)prog_list(c, "topics", PROG_LIST_TOPICS, &cp->topics);
	(void)prog_list(c, "formats", PROG_LIST_FORMATS, &cp->formats);
	(void)prog_list(c, "approvers", PROG_LIST_APPROVERS, &cp->approvers);
	if (inifile_key(c->sec, "topics") == NULL &&
	    inifile_key(c->sec, "formats") == NULL &&
	    inifile_key(c->sec, "approvers") == NULL)
		prog_missing(c, "topics", "topics, formats or approvers "
		    "naming what the cap limits");
}

/* "req.ethics" -> "ethics" when the ID is well formed; NULL otherwise. */
static const char *
prog_section_id(const char *name, const char *prefix)
{
	size_t	n = strlen(prefix);

	if (strncmp(name, prefix, n) != 0)
		return NULL;
	name += n;
	if (strlen(name) >= PROG_ID_MAX || !prog_name_ok(name, 0))
		return NULL;
	return name;
}

/* The line number in "origin:LINE: ...", or 0. */
static long
prog_err_line(const char *e, size_t skip)
{
	long long	 ll;
	char		 num[16];
	size_t		 n;

	if (strlen(e) <= skip || e[skip] != ':')
		return 0;
	e += skip + 1;
	n = strspn(e, "0123456789");
	if (n == 0 || n >= sizeof(num) || e[n] != ':')
		return 0;
	memcpy(num, e, n);
	num[n] = '\0';
	return cet_strtonum(num, 1, INT_MAX, &ll) == 0 ? (long)ll : 0;
}

/*
 * Move a pack's errors to errs in line order (a stable insertion sort:
 * packs have few errors), so that a user reads them top to bottom.
 */
static void
prog_flush_errors(const char *origin, struct errlist *mine,
    struct errlist *errs)
{
	size_t	 i, j, skip = strlen(origin);
	char	*e;

	for (i = 1; i < mine->n; i++) {
		e = mine->v[i];
		for (j = i; j > 0 && prog_err_line(mine->v[j - 1], skip) >
		    prog_err_line(e, skip); j--)
			mine->v[j] = mine->v[j - 1];
		mine->v[j] = e;
	}
	for (i = 0; i < mine->n; i++)
		errlist_add(errs, "%s", mine->v[i]);
	errlist_free(mine);
}

static void
prog_sections(const struct inifile *ini, struct prog_ctx *c,
    struct program *out)
{
	const char	*id;
	size_t		 i;
	int		 have_program = 0;

	for (i = 0; i < ini->nsecs; i++) {
		c->sec = &ini->secs[i];
		if (strcmp(c->sec->name, "program") == 0) {
			prog_program(c, out);
			have_program = 1;
		} else if ((id = prog_section_id(c->sec->name, "req.")) !=
		    NULL) {
			out->reqs = xreallocarray(out->reqs, out->nreqs + 1,
			    sizeof(*out->reqs));
			prog_req(c, &out->reqs[out->nreqs++], id);
		} else if ((id = prog_section_id(c->sec->name, "cap.")) !=
		    NULL) {
			out->caps = xreallocarray(out->caps, out->ncaps + 1,
			    sizeof(*out->caps));
			prog_cap(c, &out->caps[out->ncaps++], id);
		} else if (strncmp(c->sec->name, "req.", 4) == 0 ||
		    strncmp(c->sec->name, "cap.", 4) == 0) {
			prog_error(c, c->sec->line, NULL, "bad ID, expected "
			    "a-z, 0-9 and '-' after the dot, at most %d "
			    "characters", PROG_ID_MAX - 1);
		} else
			prog_error(c, c->sec->line, NULL, "unknown section, "
			    "expected [program], [req.ID] or [cap.ID]");
	}
	if (!have_program) {
		inifile_error(ini, c->errs, 1, "program", NULL, "missing, "
		    "expected a [program] section with code, name, issuer ...");
		c->nerr++;
	}
}

int
program_parse(const char *origin, const char *text, struct program *out,
    struct errlist *errs)
{
	struct inifile	 ini;
	struct prog_ctx	 c;
	struct errlist	 mine;
	int		 rc;

	memset(out, 0, sizeof(*out));
	memset(&mine, 0, sizeof(mine));
	if ((rc = inifile_parse(&ini, origin, text, &mine)) == -1) {
		prog_flush_errors(origin, &mine, errs);
		return -1;
	}
	memset(&c, 0, sizeof(c));
	c.ini = &ini;
	c.errs = &mine;
	c.nerr = rc;
	prog_sections(&ini, &c, out);
	inifile_free(&ini);
	prog_flush_errors(origin, &mine, errs);
	if (c.nerr > 0) {
		program_release(out);
		return -1;
	}
	cet_strlcpy(out->origin, origin, sizeof(out->origin));
	return 0;
}

void
program_release(struct program *p)
{
	free(p->reqs);
	free(p->caps);
	memset(p, 0, sizeof(*p));
}

/* The line of [program] code in text, for errors found after parsing. */
static int
prog_code_line(const char *origin, const char *text)
{
	struct inifile			 ini;
	struct errlist			 scratch;
	const struct inifile_section	*s;
	const struct inifile_key	*k;
	int				 line = 1;

	memset(&scratch, 0, sizeof(scratch));
	if (inifile_parse(&ini, origin, text, &scratch) != -1) {
		if ((s = inifile_section(&ini, "program")) != NULL &&
		    (k = inifile_key(s, "code")) != NULL)
			line = k->line;
		inifile_free(&ini);
	}
	errlist_free(&scratch);
	return line;
}

static int
prog_is_builtin(const struct program *p)
{
	return strncmp(p->origin, PROG_BUILTIN, strlen(PROG_BUILTIN)) == 0;
}

/*
 * Add a parsed pack to the set: it replaces a built-in pack with the same
 * code; two packs from the same place with one code are an error. Takes
 * ownership of *p. Returns 0, or -1 if the pack was refused.
 */
static int
prog_set_add(struct program_set *set, struct program *p, const char *text,
    struct errlist *errs)
{
	size_t	i;

	p->text_hash = cet_fnv1a(CET_FNV_INIT, text, strlen(text));
	for (i = 0; i < set->n; i++) {
		if (strcasecmp(set->v[i].code, p->code) != 0)
			continue;
		if (prog_is_builtin(&set->v[i]) && !prog_is_builtin(p)) {
			program_release(&set->v[i]);
			set->v[i] = *p;
			set->pending[i] = NULL;
			return 0;
		}
		errlist_add(errs, "%s:%d: [program] code: %s is already "
		    "defined by %s, expected a code of its own", p->origin,
		    prog_code_line(p->origin, text), p->code,
		    set->v[i].origin);
		program_release(p);
		return -1;
	}
	set->v = xreallocarray(set->v, set->n + 1, sizeof(*set->v));
	set->pending = xreallocarray(set->pending, set->n + 1,
	    sizeof(*set->pending));
	set->pending[set->n] = NULL;
	set->v[set->n++] = *p;
	return 0;
}

/* Read a whole pack file as a NUL-free string; NULL with an error. */
char *
programs_read_file(const char *path, struct errlist *errs)
{
	struct stat	 st;
	char		*buf = NULL;
	size_t		 len = 0;
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		errlist_add(errs, "%s: cannot open: %s", path,
		    strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1) {
		errlist_add(errs, "%s: cannot stat: %s", path,
		    strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		errlist_add(errs, "%s: not a regular file", path);
		goto fail;
	}
	if (st.st_size > PROG_FILE_MAX) {
		errlist_add(errs, "%s: %lld bytes, expected a pack of at most "
		    "%d bytes", path, (long long)st.st_size, PROG_FILE_MAX);
		goto fail;
	}
	buf = xmalloc(PROG_FILE_MAX + 1);
	for (;;) {
		n = read(fd, buf + len, PROG_FILE_MAX + 1 - len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			errlist_add(errs, "%s: cannot read: %s", path,
			    strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > PROG_FILE_MAX) {
			errlist_add(errs, "%s: grew past %d bytes while read",
			    path, PROG_FILE_MAX);
			goto fail;
		}
	}
	buf[len] = '\0';
	if (strlen(buf) != len) {
		errlist_add(errs, "%s: contains a NUL byte, expected text",
		    path);
		goto fail;
	}
	close(fd);
	return buf;
fail:
	free(buf);
	close(fd);
	return NULL;
}

static int
prog_cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.ini names in dir, sorted; -1 if dir exists but cannot be read. */
int
programs_list_dir(const char *dir, char ***names, size_t *n,
    struct errlist *errs)
{
	DIR		*dp;
	struct dirent	*de;
	size_t		 len;

	*names = NULL;
	*n = 0;
	if ((dp = opendir(dir)) == NULL) {
		if (errno == ENOENT)
			return 0;
		errlist_add(errs, "%s: cannot read the programs directory: %s",
		    dir, strerror(errno));
		return -1;
	}
	for (;;) {
		errno = 0;
		if ((de = readdir(dp)) == NULL)
			break;
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len <= 4 ||
		    strcmp(de->d_name + len - 4, ".ini") != 0)
			continue;
		*names = xreallocarray(*names, *n + 1, sizeof(**names));
		(*names)[(*n)++] = xstrdup(de->d_name);
	}
	if (errno != 0) {
		errlist_add(errs, "%s: cannot read the programs directory: %s",
		    dir, strerror(errno));
		closedir(dp);
		return -1;
	}
	closedir(dp);
	if (*n > 0)
		qsort(*names, *n, sizeof(**names), prog_cmp_names);
	return 0;
}

/*
 * The code of a built-in pack without parsing it: "code = X" in its
 * [program] section, as inifile would read it (keys and the section name
 * case-insensitive, blanks around '=' and the value, ';' or '#' starting a
 * comment line). 0 and the code folded to upper case, or -1 when the text
 * does not have that plain form (the pack is then parsed at once).
 */
static int
prog_scan_code(const char *text, char *code, size_t len)
{
	const char	*l, *e, *v, *ve;
	int		 in = 0;
	size_t		 n;

	for (l = text; *l != '\0'; l = *e != '\0' ? e + 1 : e) {
		if ((e = strchr(l, '\n')) == NULL)
			e = l + strlen(l);
		while (l < e && (*l == ' ' || *l == '\t'))
			l++;
		if (l == e || *l == ';' || *l == '#')
			continue;
		if (*l == '[') {
			in = e - l >= 9 && strncasecmp(l, "[program]", 9) == 0;
			continue;
		}
		if (!in || e - l < 4 || strncasecmp(l, "code", 4) != 0)
			continue;
		for (v = l + 4; v < e && (*v == ' ' || *v == '\t'); v++)
			;
		if (v == e || *v != '=')
			continue;
		for (v++; v < e && (*v == ' ' || *v == '\t'); v++)
			;
		for (ve = e; ve > v && isspace((unsigned char)ve[-1]); ve--)
			;
		n = (size_t)(ve - v);
		if (n == 0 || n >= len)
			return -1;
		memcpy(code, v, n);
		code[n] = '\0';
		prog_fold(code, 1);
		return prog_name_ok(code, 1) ? 0 : -1;
	}
	return -1;
}

int
programs_load(struct program_set *set, const char *dir,
    struct errlist *errs)
{
	const struct embedded_file	*e;
	struct program			 p;
	char				*origin, *text, **names = NULL;
	size_t				 i, nnames = 0;
	int				 refused = 0, rc;

	memset(set, 0, sizeof(*set));

	/*
	 * The shipped packs: their code now, the rest when first used (one
	 * that does not parse is a bug, reported then and by `cetrack
	 * check`, and caught by test_programs).
	 */
	for (e = embedded_packs; e->name != NULL; e++) {
		origin = xasprintf("%s%s", PROG_BUILTIN, e->name);
		memset(&p, 0, sizeof(p));
		if (prog_scan_code(e->data, p.code, sizeof(p.code)) == 0) {
			cet_strlcpy(p.origin, origin, sizeof(p.origin));
			if (prog_set_add(set, &p, e->data, errs) == -1)
				refused++;
			else
				set->pending[set->n - 1] = e->data;
		} else if (program_parse(origin, e->data, &p, errs) == -1 ||
		    prog_set_add(set, &p, e->data, errs) == -1)
			refused++;
		free(origin);
	}

	if (dir == NULL || *dir == '\0')
		return refused;
	if (programs_list_dir(dir, &names, &nnames, errs) == -1)
		return -1;
	for (i = 0; i < nnames; i++) {
		origin = xasprintf("%s/%s", dir, names[i]);
		rc = -1;
		if ((text = programs_read_file(origin, errs)) != NULL &&
		    program_parse(origin, text, &p, errs) == 0)
			rc = prog_set_add(set, &p, text, errs);
		if (rc == -1)
			refused++;
		free(text);
		free(origin);
		free(names[i]);
	}
	free(names);
	return refused;
}

void
programs_free(struct program_set *set)
{
	size_t	i;

	for (i = 0; i < set->n; i++)
		program_release(&set->v[i]);
	free(set->v);
	free(set->pending);
	set->v = NULL;
	set->pending = NULL;
	set->n = 0;
}

/*
 * One lock for every set: parsing a pack is rare and short. pending[i] is
 * the text still to parse, NULL once parsed, prog_broken if it did not
 * parse. It is written under the lock only, NULL last (release) after the
 * entry is filled in, so a lookup that reads NULL (acquire) needs no lock:
 * the report and the pass look a program up for every credential, from two
 * threads. A parse fills in every member but the code, which lookups
 * compare unlocked.
 */
static pthread_mutex_t	prog_pending_lock = PTHREAD_MUTEX_INITIALIZER;
static const char	prog_broken[] = "";

/* Parse entry i if it is still pending: 0, or -1 if it does not parse or
 * its code is not the one scanned (the entry is then never found). The
 * entry's storage is the set's (set->v points to it), so a const set may
 * fill it in. */
static int
prog_ready(const struct program_set *set, size_t i, struct errlist *errs)
{
	struct program	 p;
	struct errlist	 mine;
	const char	*text;
	size_t		 skip = offsetof(struct program, name);
	int		 rc;

	if (set->pending == NULL ||
	    __atomic_load_n(&set->pending[i], __ATOMIC_ACQUIRE) == NULL)
		return 0;
	memset(&mine, 0, sizeof(mine));
	if (errs == NULL)
		errs = &mine;
	(void)pthread_mutex_lock(&prog_pending_lock);
	if ((text = set->pending[i]) != NULL && text != prog_broken) {
		if (program_parse(set->v[i].origin, text, &p, errs) == 0 &&
		    strcmp(p.code, set->v[i].code) == 0) {
			p.text_hash = set->v[i].text_hash;
			memcpy((char *)&set->v[i] + skip, (char *)&p + skip,
			    sizeof(p) - skip);
			__atomic_store_n(&set->pending[i], NULL,
			    __ATOMIC_RELEASE);
		} else {
			if (p.code[0] != '\0')
				errlist_add(errs, "%s: [program] code: read "
				    "as %s before parsing, %s after",
				    set->v[i].origin, set->v[i].code, p.code);
			program_release(&p);
			set->pending[i] = prog_broken;
		}
	}
	rc = set->pending[i] == prog_broken ? -1 : 0;
	(void)pthread_mutex_unlock(&prog_pending_lock);
	errlist_free(&mine);
	return rc;
}

int
programs_parse_all(struct program_set *set, struct errlist *errs)
{
	size_t	i, j;
	int	bad = 0;

	for (i = j = 0; i < set->n; i++) {
		if (prog_ready(set, i, errs) == -1) {
			program_release(&set->v[i]);
			bad++;
			continue;
		}
		set->v[j] = set->v[i];
		if (set->pending != NULL)
			set->pending[j] = NULL;
		j++;
	}
	set->n = j;
	return bad;
}

const struct program *
programs_find(const struct program_set *set, const char *code)
{
	size_t	i;

	if (code == NULL)
		return NULL;
	for (i = 0; i < set->n; i++)
		if (strcasecmp(set->v[i].code, code) == 0)
			return prog_ready(set, i, NULL) == 0 ? &set->v[i] :
			    NULL;
	return NULL;
}

int
prog_list_has(const struct prog_list *l, const char *s)
{
	size_t	i;

	if (s == NULL)
		return 0;
	/* The first letters first: most entries differ there, and this is
	 * asked for every activity of every credential in a report. */
	for (i = 0; i < l->n; i++)
		if ((l->v[i][0] | 0x20) == (s[0] | 0x20) &&
		    strcasecmp(l->v[i], s) == 0)
			return 1;
	return 0;
}

int
program_accepts(const struct program *p, const struct activity *a)
{
	size_t	i;

	if (p->approvers_any)
		return 1;
	for (i = 0; i < a->napprovals; i++)
		if (prog_list_has(&p->approvers, a->approvals[i].body))
			return 1;
	return 0;
}

static int
prog_year_ok(const struct program *p, int y)
{
	switch (p->deadline_years) {
	case PROG_YEARS_ODD:
		return y % 2 != 0;
	case PROG_YEARS_EVEN:
		return y % 2 == 0;
	default:
		return 1;
	}
}

/*
 * The first fixed deadline on or after `from` (after it when strict):
 * the earliest listed month-day in the first year that has one late
 * enough and the right parity. -1 if none within 20 years.
 */
static int
prog_deadline_from(const struct program *p, int from, int strict)
{
	size_t	i;
	int	y, y0, m, d, day, best;

	if (p->ndeadline_md == 0)
		return -1;
	date_to_ymd(from, &y0, &m, &d);
	for (y = y0; y <= y0 + 20 && y <= DATE_MAX_YEAR; y++) {
		if (!prog_year_ok(p, y))
			continue;
		best = INT_MAX;
		for (i = 0; i < p->ndeadline_md; i++) {
			if (date_from_ymd(y, p->deadline_md[i] / 100,
			    p->deadline_md[i] % 100, &day) == -1)
				continue;
			if (day < from || (strict && day == from))
				continue;
			if (day < best)
				best = day;
		}
		if (best != INT_MAX)
			return best;
	}
	return -1;
}

int
program_next_valid_through(const struct program *p, int valid_through)
{
	int	target;

	target = date_add_months(valid_through, p->cycle_months);
	if (p->deadline != PROG_DEADLINE_FIXED)
		return target;
	return prog_deadline_from(p, target, 0);
}

int
program_depends_on_renewal(const struct program *p)
{
	size_t	i;

	if (p->first_renewal_exempt)
		return 1;
	for (i = 0; i < p->nreqs; i++)
		if (p->reqs[i].every > 0 || p->reqs[i].renewal > 0 ||
		    p->reqs[i].once == REQ_ONCE_IN_CYCLE ||
		    p->reqs[i].due_within_years > 0)
			return 1;
	return 0;
}

int
program_cycle_start(const struct program *p, int valid_through)
{
	return date_add_months(valid_through, -p->cycle_months) + 1;
}

int
program_first_deadline(const struct program *p, int from)
{
	if (p->deadline != PROG_DEADLINE_FIXED)
		return -1;
	return prog_deadline_from(p, from, 1);
}

int
program_is_deadline(const struct program *p, int day)
{
	size_t	i;
	int	y, m, d;

	if (p->ndeadline_md == 0)
		return 1;
	date_to_ymd(day, &y, &m, &d);
	if (!prog_year_ok(p, y))
		return 0;
	for (i = 0; i < p->ndeadline_md; i++) {
		if (p->deadline_md[i] == m * 100 + d)
			return 1;
	}
	return 0;
}

int
program_next_deadline(const struct program *p, int from)
{
	int	day;

	for (day = from; day < from + PROG_DEADLINE_SEARCH_DAYS; day++) {
		if (program_is_deadline(p, day))
			return day;
	}
	return -1;
}

void
program_deadline_rule(const struct program *p, char *buf, size_t len)
{
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
	    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	size_t	i, used = 0;
	int	m, d, n;

	buf[0] = '\0';
	for (i = 0; i < p->ndeadline_md; i++) {
		m = p->deadline_md[i] / 100;
		d = p->deadline_md[i] % 100;
		if (m < 1 || m > 12)
			continue;
		n = snprintf(buf + used, len - used, "%s%s %d",
		    i == 0 ? "" : (i + 1 == p->ndeadline_md ? " or " : ", "),
		    months[m - 1], d);
		if (n < 0 || (size_t)n >= len - used)
			return;
		used += (size_t)n;
	}
	if (p->deadline_years == PROG_YEARS_ODD)
		(void)snprintf(buf + used, len - used, " of odd years");
	else if (p->deadline_years == PROG_YEARS_EVEN)
		(void)snprintf(buf + used, len - used, " of even years");
}
