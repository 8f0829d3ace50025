/* SPDX-License-Identifier: ISC */
/*
 * The importer. csvio reads records; the header row picks the shape; each
 * data record is checked field by field (every problem of a row is
 * reported, not only the first) and, when it is good, applied at once
 * through the store inside the caller's transaction, so that a later row
 * is checked against what the earlier ones did (a credential added on line
 * 3 and removed on line 9). Rows keep being checked after a bad one, so
 * that one run lists every problem of the file; the caller then rolls back.
 *
 * The export shape maps the file's ids: into an empty database they are
 * kept (so that export, import and export again give the same bytes), into
 * a database with data they are renumbered and every reference follows.
 * Either way a reference must name a record earlier in the file.
 */

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <nettle/base64.h>

#include "base/addr.h"
#include "store/cert.h"
#include "exchange/csvio.h"
#include "base/date.h"
#include "store/db.h"
#include "store/outbox.h"
#include "exchange/export.h"
#include "base/hours.h"
#include "exchange/import.h"
#include "base/model.h"
#include "rules/programs.h"
#include "store/store.h"
#include "store/store_org.h"
#include "base/util.h"

#define IMP_MAX_RENEWAL_INDEX	100	/* as `cred add --renewal-index` */
#define IMP_MSGSZ		1024

enum {
	R_ACTION, R_ORG, R_EXT, R_NAME, R_EMAIL, R_PROGRAM, R_NUMBER, R_STATE,
	R_VT, R_START, R_INDEX, R_ATTRS, R_VON, R_VBY, R_VSRC, R_N
};
static const char *const imp_roster_cols[R_N] = {
	"action", "org", "external_id", "name", "email", "program", "number",
	"state", "valid_through", "cycle_start", "renewal_index", "attrs",
	"verified_on", "verified_by", "verification_source"
};

enum {
	T_EXT, T_NAME, T_DATE, T_TITLE, T_PROVIDER, T_HOURS, T_FORMAT,
	T_TOPICS, T_APPROVALS, T_CERT, T_N
};
static const char *const imp_transcript_cols[T_N] = {
	"external_id", "name", "date", "title", "provider", "hours", "format",
	"topics", "approvals", "certificate"
};

#define IMP_MAX_COLS	128
_Static_assert(IMP_MAX_COLS >= EXPORT_MAX_COLS, "IMP_MAX_COLS: the export's "
    "header must fit");

/* Old id -> new id, open addressing; key 0 marks a free slot. */
struct imp_map {
	int64_t	*keys;
	int64_t	*vals;
	size_t	 cap;
	size_t	 n;
};

struct import {
	struct import_opts	 o;
	char			 dir[4096];	/* the CSV file's directory */
	char			 xkey[1200];	/* a notification's dedup key, */
	char			 xwid[OUTBOX_WEBHOOK_ID_MAX]; /* and webhook id */
	struct db		*db;
	struct errlist		*errs;
	struct import_counts	*counts;
	enum import_shape	 shape;

	/* The header: file column -> known column, and back. */
	char			*names[CSVIO_MAX_FIELDS];
	size_t			 ncols;
	int			 pos[IMP_MAX_COLS];	/* known -> file, or -1 */

	/* The record being checked. */
	long			 line;
	const char		*f[IMP_MAX_COLS];	/* known column values */
	int			 bad;

	/* Export shape: the certificate being read, piece by piece
	 * (EXPORT_BLOB_CHUNK), stored when its last piece is in. */
	struct cert		 cert;
	size_t			 cert_want;	/* its size, as declared */
	long			 cert_line;	/* where it starts */
	int			 cert_open;

	/* Export shape. */
	int			 keep_ids;
	struct imp_map		 maps[16];
	struct store_insert	*ins[16];
	char			 last_rec[32];
	int			 order_warned;
};

static void	imp_bad(struct import *, const char *, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static int	imp_header(struct import *, struct csvio_record *);
static int	imp_record(struct import *, struct csvio_record *, char *,
		    size_t);
static int	imp_roster(struct import *, char *, size_t);
static int	imp_roster_verify(struct import *, int64_t, int, char *,
		    size_t);
static int	imp_transcript(struct import *, char *, size_t);
/* The id map's value for a record of an export that was refused: rows
 * that name it are refused in silence (imp_xvalue), as nothing comes in
 * and its problem was reported. */
#define IMP_REFUSED	(-1)
static void	imp_refused(struct import *, int, int64_t);
static int	imp_export(struct import *, struct csvio_record *, char *,
		    size_t);
static int	imp_text(struct import *, const char *, const char *, size_t,
		    int);
static int	imp_email(struct import *, const char *, const char *);
static int	imp_date(struct import *, const char *, const char *, int *);
static int	imp_time_ok(const char *);
static int	imp_state(struct import *, const char *, const char *,
		    char *);
static int	imp_attrs(struct import *, const char *, const char *, char *,
		    size_t);
static int	imp_hours(struct import *, const char *, const char *,
		    struct hours_amount *);
static int	imp_topics(struct import *, const char *, struct activity *);
static int	imp_approvals(struct import *, const char *,
		    struct activity *);
static int	imp_cert_inside(struct import *, const char *);
static int	imp_certificate(struct import *, const char *,
		    struct activity *, char *, size_t);
static void	imp_cert_piece(struct import *, const struct store_value *);
static int	imp_cert_flush(struct import *, char *, size_t);
static void	imp_xvalue(struct import *, const struct export_col *,
		    const char *, struct store_value *, int64_t *);
static size_t	imp_map_slot(const struct imp_map *, int64_t);
static int	imp_store_err(struct import *, const char *, const char *,
		    const char *, char *, size_t);
static int64_t	*imp_map_get(const struct imp_map *, int64_t);
static void	imp_map_put(struct imp_map *, int64_t, int64_t);
static void	imp_map_free(struct imp_map *);

const char *
import_shape_name(enum import_shape s)
{
	switch (s) {
	case IMPORT_ROSTER:
		return "roster";
	case IMPORT_TRANSCRIPT:
		return "transcript";
	case IMPORT_EXPORT:
		return "export";
	default:
		return "unknown";
	}
}

struct import *
import_new(const struct import_opts *o)
{
	struct import	*imp;
	const char	*slash;
	size_t		 i;

	imp = xcalloc(1, sizeof(*imp));
	imp->o = *o;
	for (i = 0; i < IMP_MAX_COLS; i++)
		imp->pos[i] = -1;
	/* Certificate paths in a transcript are relative to the file. */
	if (o->path != NULL && (slash = strrchr(o->path, '/')) != NULL &&
	    strcmp(o->path, "-") != 0)
		(void)cet_fmt(imp->dir, sizeof(imp->dir), "%.*s",
		    (int)(slash - o->path), o->path[0] == '/' &&
		    slash == o->path ? "/" : o->path);
	else
		(void)cet_strlcpy(imp->dir, ".", sizeof(imp->dir));
	if (imp->dir[0] == '\0')
		(void)cet_strlcpy(imp->dir, "/", sizeof(imp->dir));
	return imp;
}

void
import_free(struct import *imp)
{
	size_t	i;

	if (imp == NULL)
		return;
	for (i = 0; i < imp->ncols; i++)
		free(imp->names[i]);
	for (i = 0; i < ARRAY_SIZE(imp->maps); i++) {
		imp_map_free(&imp->maps[i]);
		store_insert_close(imp->ins[i]);
	}
	cert_free(&imp->cert);
	free(imp);
}

/* -- helpers --------------------------------------------------------- */

/* "FILE:LINE: COLUMN: problem" */
static void
imp_bad(struct import *imp, const char *col, const char *fmt, ...)
{
	char	msg[IMP_MSGSZ];
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n < 0)
		(void)cet_strlcpy(msg, "(unprintable message)", sizeof(msg));
	else if ((size_t)n >= sizeof(msg))
		memcpy(msg + sizeof(msg) - 4, "...", 4);
	errlist_add(imp->errs, "%s:%ld: %s: %s", imp->o.path, imp->line, col,
	    msg);
	imp->bad = 1;
}

/* A row applied with a remark (o.warns), e.g. nothing left to remove. */
static void
imp_warn(struct import *imp, const char *col, const char *fmt, ...)
{
	char	msg[IMP_MSGSZ];
	va_list	ap;
	int	n;

	if (imp->o.warns == NULL)
		return;
	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n < 0)
		(void)cet_strlcpy(msg, "(unprintable message)", sizeof(msg));
	else if ((size_t)n >= sizeof(msg))
		memcpy(msg + sizeof(msg) - 4, "...", 4);
	errlist_add(imp->o.warns, "%s:%ld: %s: %s", imp->o.path, imp->line,
	    col, msg);
}

/* A store call failed: a data problem of this row (reported), or the
 * database failing (returned as -1). */
static int
imp_store_err(struct import *imp, const char *col, const char *what,
    const char *msg, char *err, size_t errlen)
{
	if (strstr(msg, "disk I/O") != NULL || strstr(msg, "database is "
	    "locked") != NULL || strstr(msg, "out of memory") != NULL ||
	    strstr(msg, "database disk image") != NULL) {
		(void)cet_fmt(err, errlen, "%s: %s", what, msg);
		return -1;
	}
	imp_bad(imp, col, "%s", msg);
	return 0;
}

/* As cli_text_arg: one line of UTF-8, not blank unless allowed, short. */
static int
imp_text(struct import *imp, const char *col, const char *v, size_t size,
    int required)
{
	const unsigned char	*p;
	const char		*what;
	size_t			 len = strlen(v);
	long			 cp;

	for (p = (const unsigned char *)v; *p != '\0'; p++) {
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f) {
			imp_bad(imp, col, "contains a line break or control "
			    "character, expected one line of text");
			return -1;
		}
	}
	/* C1 controls reach the terminal; bidi controls reorder names. */
	if ((cp = cet_text_unsafe(v, &what)) > 0) {
		imp_bad(imp, col, "contains U+%04lX (%s), expected plain text",
		    cp, what);
		return -1;
	}
	if (required && v[strspn(v, " \t")] == '\0') {
		imp_bad(imp, col, "empty, expected text of at most %zu bytes",
		    size - 1);
		return -1;
	}
	if (len >= size) {
		imp_bad(imp, col, "too long (%zu bytes), expected at most %zu "
		    "bytes", len, size - 1);
		return -1;
	}
	return 0;
}

/* As `person add --email`: the mailer's address rule (base/addr.h). */
static int
imp_email(struct import *imp, const char *col, const char *e)
{
	if (imp_text(imp, col, e, EMAIL_MAX_LEN, 1) == -1)
		return -1;
	if (addr_valid(e, strlen(e)) == -1) {
		imp_bad(imp, col, "'%s' is not an email address, expected "
		    "NAME@DOMAIN", e);
		return -1;
	}
	return 0;
}

static int
imp_date(struct import *imp, const char *col, const char *v, int *out)
{
	int	shaped, i;

	if (date_parse_iso(v, out) == 0)
		return 0;
	shaped = strlen(v) == 10 && v[4] == '-' && v[7] == '-';
	for (i = 0; shaped && i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)v[i]))
			shaped = 0;
	if (shaped)
		imp_bad(imp, col, "%s is not a real date (or is outside "
		    "%d..%d), expected YYYY-MM-DD", v, DATE_MIN_YEAR,
		    DATE_MAX_YEAR);
	else
		imp_bad(imp, col, "'%s' is not a date, expected YYYY-MM-DD",
		    v);
	return -1;
}

/* "YYYY-MM-DDTHH:MM:SSZ" with a real date and time. */
static int
imp_time_ok(const char *v)
{
	char	day[DATE_BUFSZ];
	int	d, i, hh, mm, ss;

	if (strlen(v) != 20 || v[10] != 'T' || v[13] != ':' || v[16] != ':' ||
	    v[19] != 'Z')
		return 0;
	for (i = 11; i < 19; i++)
		if (i != 13 && i != 16 && !isdigit((unsigned char)v[i]))
			return 0;
	memcpy(day, v, 10);
	day[10] = '\0';
	if (date_parse_iso(day, &d) == -1)
		return 0;
	hh = (v[11] - '0') * 10 + (v[12] - '0');
	mm = (v[14] - '0') * 10 + (v[15] - '0');
	ss = (v[17] - '0') * 10 + (v[18] - '0');
	return hh < 24 && mm < 60 && ss < 60;
}

/* A jurisdiction: 2..7 letters, upper-cased into out (STATE_MAX_LEN). */
static int
imp_state(struct import *imp, const char *col, const char *v, char *out)
{
	size_t	n = strlen(v), i;

	if (n < 2 || n >= STATE_MAX_LEN)
		goto bad;
	for (i = 0; i < n; i++) {
		if (!isalpha((unsigned char)v[i]))
			goto bad;
		out[i] = (char)toupper((unsigned char)v[i]);
	}
	out[n] = '\0';
	return 0;
bad:
	imp_bad(imp, col, "'%s' is not a jurisdiction, expected a code of 2 "
	    "to %d letters such as CA", v, STATE_MAX_LEN - 1);
	return -1;
}

/* Attributes separated by ';' or ',', normalized to "a,b" (lower case,
 * each once). */
static int
imp_attrs(struct import *imp, const char *col, const char *v, char *out,
    size_t outlen)
{
	char		 a[ATTR_MAX_LEN];
	const char	*p, *end;
	size_t		 n, i;

	out[0] = '\0';
	for (p = v; *p != '\0'; p = *end != '\0' ? end + 1 : end) {
		end = p + strcspn(p, ";,");
		n = (size_t)(end - p);
		while (n > 0 && *p == ' ') {
			p++;
			n--;
		}
		while (n > 0 && p[n - 1] == ' ')
			n--;
		if (n == 0)
			continue;
		if (n >= sizeof(a))
			goto bad;
		for (i = 0; i < n; i++)
			a[i] = (char)tolower((unsigned char)p[i]);
		a[n] = '\0';
		if (!model_word_ok(a, 0))
			goto bad;
		if (attrs_has(out, a))
			continue;
		if (attrs_state(out, attr_base(a)) != -1) {
			imp_bad(imp, col, "'%s' and '%s%s' contradict each "
			    "other, expected one of them", attr_base(a),
			    ATTR_NEG, attr_base(a));
			return -1;
		}
		if (cet_fmt(out + strlen(out), outlen - strlen(out), "%s%s",
		    out[0] != '\0' ? "," : "", a) == -1) {
			imp_bad(imp, col, "too many attributes, expected at "
			    "most %zu bytes in all", outlen - 1);
			return -1;
		}
	}
	return 0;
bad:
	imp_bad(imp, col, "'%.*s' is not an attribute, expected 1 to %d "
	    "letters, digits and dashes (e.g. direct-care, or no-direct-care "
	    "to deny it), separated by ;",
	    (int)n, p, ATTR_MAX_LEN - 1);
	return -1;
}

/* As `ce log --hours`. */
static int
imp_hours(struct import *imp, const char *col, const char *v,
    struct hours_amount *out)
{
	char	num[HOURS_BUFSZ], nominal[HOURS_BUFSZ];
	long	n;

	if (hours_parse(v, out) == -1) {
		if (v[0] == '-')
			imp_bad(imp, col, "%s is negative, expected a positive "
			    "amount such as 1.5 or 90m", v);
		else
			imp_bad(imp, col, "'%s' is not an amount, expected "
			    "hours such as 1.5, 90m, 1h30m, 0.15ceu, 3sem or "
			    "2qtr (more than 0, at most 2 decimals)", v);
		return -1;
	}
	n = hours_nominal_centi(out);
	if (n > IMPORT_MAX_NOMINAL) {
		imp_bad(imp, col, "%s (%s h) is more than one activity can "
		    "carry (at most 100 h)", hours_format_amount(out, num,
		    sizeof(num)), hours_format(n, nominal, sizeof(nominal)));
		return -1;
	}
	return 0;
}

/* "ethics=1;law": as `ce log --topic`, separated by ';'. */
static int
imp_topics(struct import *imp, const char *v, struct activity *a)
{
	struct activity_topic	*t;
	struct hours_amount	 h, sum;
	char			 item[128], s1[HOURS_BUFSZ], s2[HOURS_BUFSZ];
	const char		*p, *end, *eq;
	size_t			 n, i;
	long			 amt;

	memset(&sum, 0, sizeof(sum));
	sum.unit = a->amount.unit;
	for (p = v; *p != '\0'; p = *end != '\0' ? end + 1 : end) {
		end = p + strcspn(p, ";");
		n = (size_t)(end - p);
		while (n > 0 && *p == ' ') {
			p++;
			n--;
		}
		while (n > 0 && p[n - 1] == ' ')
			n--;
		if (n == 0)
			continue;
		if (n >= sizeof(item))
			n = sizeof(item) - 1;
		memcpy(item, p, n);
		item[n] = '\0';
		if (a->ntopics == ACT_MAX_TOPICS) {
			imp_bad(imp, "topics", "more than %d topics, expected at "
			    "most %d", ACT_MAX_TOPICS, ACT_MAX_TOPICS);
			return -1;
		}
		t = &a->topics[a->ntopics];
		eq = strchr(item, '=');
		n = eq != NULL ? (size_t)(eq - item) : strlen(item);
		if (n == 0 || n >= sizeof(t->topic))
			goto bad;
		for (i = 0; i < n; i++)
			t->topic[i] = (char)tolower((unsigned char)item[i]);
		t->topic[n] = '\0';
		if (!model_word_ok(t->topic, 0))
			goto bad;
		for (i = 0; i < a->ntopics; i++) {
			if (strcmp(a->topics[i].topic, t->topic) == 0) {
				imp_bad(imp, "topics", "%s is given twice, "
				    "expected each topic once", t->topic);
				return -1;
			}
		}
		t->centi = -1;
		if (eq != NULL) {
			if (hours_parse(eq + 1, &h) == -1) {
				imp_bad(imp, "topics", "%s: '%s' is not an "
				    "amount, expected TOPIC=H with H such as 1, "
				    "0.5 or 30m", item, eq + 1);
				return -1;
			}
			if (h.unit == a->amount.unit)
				amt = h.centi;
			else if (h.unit == HOURS_UNIT_MINUTE &&
			    a->amount.unit == HOURS_UNIT_HOUR)
				amt = h.centi / 60;
			else if (h.unit == HOURS_UNIT_HOUR &&
			    a->amount.unit == HOURS_UNIT_MINUTE) {
				if (__builtin_mul_overflow(h.centi, 60L, &amt))
					amt = LONG_MAX;
			} else {
				imp_bad(imp, "topics", "%s is not in the unit of "
				    "hours (%s), expected the same unit", item,
				    hours_unit_name(a->amount.unit));
				return -1;
			}
			if (amt <= 0) {
				imp_bad(imp, "topics", "%s is less than 0.01 of "
				    "the activity's unit", item);
				return -1;
			}
			t->centi = amt;
			if (__builtin_add_overflow(sum.centi, amt, &sum.centi))
				sum.centi = LONG_MAX;
		}
		a->ntopics++;
	}
	if (sum.centi > a->amount.centi) {
		imp_bad(imp, "topics", "topic hours (%s) exceed the activity's "
		    "hours (%s)", hours_format_amount(&sum, s1, sizeof(s1)),
		    hours_format_amount(&a->amount, s2, sizeof(s2)));
		return -1;
	}
	return 0;
bad:
	imp_bad(imp, "topics", "'%s' is not a topic, expected TOPIC[=H] with "
	    "TOPIC made of a-z, 0-9 and - (e.g. ethics=1.5), separated by ;",
	    item);
	return -1;
}

/* "CCMC:C-123;CA-BRN:CEP-1": as `ce log --approval`. */
static int
imp_approvals(struct import *imp, const char *v, struct activity *a)
{
	struct activity_approval	*ap;
	char				 item[256];
	const char			*p, *end, *colon;
	size_t				 n, i;

	for (p = v; *p != '\0'; p = *end != '\0' ? end + 1 : end) {
		end = p + strcspn(p, ";");
		n = (size_t)(end - p);
		while (n > 0 && *p == ' ') {
			p++;
			n--;
		}
		while (n > 0 && p[n - 1] == ' ')
			n--;
		if (n == 0)
			continue;
		if (n >= sizeof(item))
			n = sizeof(item) - 1;
		memcpy(item, p, n);
		item[n] = '\0';
		if (a->napprovals == ACT_MAX_APPROVALS) {
			imp_bad(imp, "approvals", "more than %d approvals, "
			    "expected at most %d", ACT_MAX_APPROVALS,
			    ACT_MAX_APPROVALS);
			return -1;
		}
		ap = &a->approvals[a->napprovals];
		colon = strchr(item, ':');
		n = colon != NULL ? (size_t)(colon - item) : strlen(item);
		if (n == 0 || n >= sizeof(ap->body))
			goto bad;
		for (i = 0; i < n; i++)
			ap->body[i] = (char)toupper((unsigned char)item[i]);
		ap->body[n] = '\0';
		if (!model_word_ok(ap->body, 1))
			goto bad;
		for (i = 0; i < a->napprovals; i++) {
			if (strcmp(a->approvals[i].body, ap->body) == 0) {
				imp_bad(imp, "approvals", "%s is given twice, "
				    "expected each approving body once",
				    ap->body);
				return -1;
			}
		}
		ap->number[0] = '\0';
		if (colon != NULL) {
			if (imp_text(imp, "approvals", colon + 1,
			    APPROVAL_MAX_LEN, 0) == -1)
				return -1;
			(void)cet_strlcpy(ap->number, colon + 1,
			    sizeof(ap->number));
		}
		a->napprovals++;
	}
	return 0;
bad:
	imp_bad(imp, "approvals", "'%s' is not an approval, expected "
	    "BODY[:NUMBER] with BODY made of letters, digits and - (e.g. "
	    "CCMC:A1B2C3), separated by ;", item);
	return -1;
}

/*
 * The certificate column: the hex SHA-256 of a certificate already stored
 * (what an export writes), or a file (relative to the CSV file), read and
 * stored in the database like `ce log --certificate`, inside the import's
 * transaction (a dry run or a bad row rolls it back with the rest).
 */
/*
 * A certificate cell names a file to copy into the database, which any
 * export or report then hands on: only files under the CSV's own folder
 * (or --certificates-from DIR) may be read, not /etc/shadow or
 * /proc/self/environ (issue 16, 12). Links are resolved first.
 */
static int
imp_cert_inside(struct import *imp, const char *path)
{
	const char	*base;
	char		 rb[PATH_MAX], rp[PATH_MAX];
	size_t		 n;

	if (imp->o.cert_from == NULL && strcmp(imp->o.path, "-") == 0) {
		imp_bad(imp, "certificate", "a file named from standard input, "
		    "expected --certificates-from DIR to say where "
		    "certificates may be read");
		return -1;
	}
	base = imp->o.cert_from != NULL ? imp->o.cert_from : imp->dir;
	if (realpath(base, rb) == NULL) {
		imp_bad(imp, "certificate", "%s: %s", base, strerror(errno));
		return -1;
	}
	/* A file that is not there: cert_read says so. */
	if (realpath(path, rp) == NULL)
		return 0;
	n = strlen(rb);
	if (strncmp(rp, rb, n) == 0 && (rp[n] == '/' || (n == 1 &&
	    rb[0] == '/')))
		return 0;
	imp_bad(imp, "certificate", "%s is outside %s, expected a file under "
	    "%s (or --certificates-from DIR)", path, rb,
	    imp->o.cert_from != NULL ? "that folder" : "the CSV file's folder");
	return -1;
}

static int
imp_certificate(struct import *imp, const char *v, struct activity *a,
    char *err, size_t errlen)
{
	struct cert	c;
	char		path[4096], msg[IMP_MSGSZ];
	int		rc = 0;

	if (cert_hex_ok(v)) {
		(void)cet_strlcpy(a->certificate, v, sizeof(a->certificate));
		return 0;
	}
	if (imp_text(imp, "certificate", v, sizeof(path), 1) == -1)
		return 0;
	if (cet_fmt(path, sizeof(path), "%s%s%s", v[0] == '/' ? "" : imp->dir,
	    v[0] == '/' ? "" : "/", v) == -1) {
		imp_bad(imp, "certificate", "the path is too long");
		return 0;
	}
	if (imp_cert_inside(imp, path) == -1)
		return 0;
	if (cert_read(path, imp->o.cert_max > 0 ? imp->o.cert_max :
	    CERT_MAX_LIMIT, &c, msg, sizeof(msg)) == -1) {
		imp_bad(imp, "certificate", "%s", msg);
		return 0;
	}
	if (store_cert_put(imp->db, &c, NULL, msg, sizeof(msg)) == -1)
		rc = imp_store_err(imp, "certificate", "certificate", msg, err,
		    errlen);
	else
		(void)cet_strlcpy(a->certificate, c.digest,
		    sizeof(a->certificate));
	cert_free(&c);
	return rc;
}

/* -- id maps --------------------------------------------------------- */

static size_t
imp_map_slot(const struct imp_map *m, int64_t key)
{
	uint64_t	h = (uint64_t)key * 0x9e3779b97f4a7c15ULL;

	return (size_t)(h >> 17) & (m->cap - 1);
}

static int64_t *
imp_map_get(const struct imp_map *m, int64_t key)
{
	size_t	i;

	if (m->cap == 0)
		return NULL;
	for (i = imp_map_slot(m, key); m->keys[i] != 0;
	    i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == key)
			return &m->vals[i];
	return NULL;
}

static void
imp_map_put(struct imp_map *m, int64_t key, int64_t val)
{
	struct imp_map	 old = *m;
	size_t		 i;

	if ((m->n + 1) * 2 > m->cap) {
		m->cap = old.cap == 0 ? 1024 : old.cap * 2;
		m->keys = xcalloc(m->cap, sizeof(*m->keys));
		m->vals = xcalloc(m->cap, sizeof(*m->vals));
		m->n = 0;
		for (i = 0; i < old.cap; i++)
			if (old.keys[i] != 0)
				imp_map_put(m, old.keys[i], old.vals[i]);
		free(old.keys);
		free(old.vals);
	}
	for (i = imp_map_slot(m, key); m->keys[i] != 0 && m->keys[i] != key;
	    i = (i + 1) & (m->cap - 1))
		;
	if (m->keys[i] == 0)
		m->n++;
	m->keys[i] = key;
	m->vals[i] = val;
}

static void
imp_map_free(struct imp_map *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* -- header ---------------------------------------------------------- */

static int
imp_header(struct import *imp, struct csvio_record *rec)
{
	static const char *const *shapes[] = { imp_roster_cols,
	    imp_transcript_cols };
	const char	*const *known;
	size_t		 nknown, i, j;
	char		*p;
	int		 k;

	imp->line = rec->line;
	for (i = 0; i < rec->n; i++) {
		/* Names are trimmed and compared in lower case. */
		p = rec->v[i];
		while (*p == ' ')
			p++;
		imp->names[i] = xstrdup(p);
		for (j = strlen(imp->names[i]); j > 0 &&
		    imp->names[i][j - 1] == ' '; j--)
			imp->names[i][j - 1] = '\0';
		for (p = imp->names[i]; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
		imp->ncols++;
	}
	for (i = 0; i < imp->ncols; i++) {
		if (strcmp(imp->names[i], "record") == 0)
			imp->shape = IMPORT_EXPORT;
		else if (strcmp(imp->names[i], "action") == 0 &&
		    imp->shape == IMPORT_UNKNOWN)
			imp->shape = IMPORT_ROSTER;
		else if (strcmp(imp->names[i], "title") == 0 &&
		    imp->shape == IMPORT_UNKNOWN)
			imp->shape = IMPORT_TRANSCRIPT;
	}
	if (imp->shape == IMPORT_UNKNOWN) {
		imp_bad(imp, "header", "not a header cetrack knows, expected "
		    "a roster (action,org,external_id,name,...), a transcript "
		    "(external_id,name,date,title,...) or an export "
		    "(record,id,...); see cetrack(1)");
		return -1;
	}
	if (imp->shape == IMPORT_EXPORT) {
		known = export_header;
		nknown = export_nheader;
	} else {
		known = shapes[imp->shape == IMPORT_ROSTER ? 0 : 1];
		nknown = imp->shape == IMPORT_ROSTER ? R_N : T_N;
	}
	for (i = 0; i < imp->ncols; i++) {
		for (k = 0; k < (int)nknown; k++)
			if (strcmp(imp->names[i], known[k]) == 0)
				break;
		if (k == (int)nknown) {
			imp_bad(imp, imp->names[i][0] != '\0' ? imp->names[i] :
			    "header", "not a column of a %s file, expected "
			    "one of %s's columns (see cetrack(1))",
			    import_shape_name(imp->shape),
			    import_shape_name(imp->shape));
			continue;
		}
		if (imp->pos[k] != -1) {
			imp_bad(imp, imp->names[i], "the column is given twice");
			continue;
		}
		imp->pos[k] = (int)i;
	}
	if (imp->shape == IMPORT_ROSTER) {
		for (k = 0; k < R_N; k++)
			if ((k == R_ACTION || k == R_EXT || k == R_NAME) &&
			    imp->pos[k] == -1)
				imp_bad(imp, "header", "no %s column, expected "
				    "one in a roster", imp_roster_cols[k]);
	} else if (imp->shape == IMPORT_TRANSCRIPT) {
		for (k = 0; k < T_N; k++)
			if ((k == T_DATE || k == T_TITLE || k == T_HOURS) &&
			    imp->pos[k] == -1)
				imp_bad(imp, "header", "no %s column, expected "
				    "one in a transcript",
				    imp_transcript_cols[k]);
		if (imp->pos[T_EXT] == -1 && imp->pos[T_NAME] == -1)
			imp_bad(imp, "header", "no external_id or name column, "
			    "expected one to find each person");
	} else if (imp->pos[0] == -1 || imp->pos[1] == -1)
		imp_bad(imp, "header", "no record or id column");
	return imp->bad ? -1 : 0;
}

/* -- records --------------------------------------------------------- */

static int
imp_record(struct import *imp, struct csvio_record *rec, char *err,
    size_t errlen)
{
	const char	*col;
	size_t		 i, j, n;
	char		*v;
	int		 blank = 1, k;

	imp->line = rec->line;
	imp->bad = 0;
	for (i = 0; i < rec->n; i++)
		if (rec->v[i][strspn(rec->v[i], " \t")] != '\0')
			blank = 0;
	/* A row of empty cells, as spreadsheets leave at the end. */
	if (blank)
		return 0;
	imp->counts->records++;
	if (rec->n != imp->ncols) {
		imp_bad(imp, "record", "%zu fields, expected %zu as in the "
		    "header", rec->n, imp->ncols);
		return 0;
	}
	for (i = 0; i < rec->n; i++) {
		col = imp->names[i];
		if (rec->len[i] != strlen(rec->v[i]))
			imp_bad(imp, col, "contains a NUL byte, expected text");
		else if (!csvio_utf8(rec->v[i], rec->len[i]))
			imp_bad(imp, col, "not valid UTF-8, expected UTF-8 text "
			    "(save the file as \"CSV UTF-8\")");
	}
	if (imp->bad)
		return 0;
	for (k = 0; k < IMP_MAX_COLS; k++) {
		imp->f[k] = "";
		if (imp->pos[k] == -1)
			continue;
		v = rec->v[imp->pos[k]];
		/* Exported text is kept exactly; typed files are trimmed. */
		if (imp->shape != IMPORT_EXPORT) {
			while (*v == ' ' || *v == '\t')
				v++;
			n = strlen(v);
			for (j = n; j > 0 && (v[j - 1] == ' ' ||
			    v[j - 1] == '\t'); j--)
				v[j - 1] = '\0';
		}
		imp->f[k] = v;
	}
	switch (imp->shape) {
	case IMPORT_ROSTER:
		return imp_roster(imp, err, errlen);
	case IMPORT_TRANSCRIPT:
		return imp_transcript(imp, err, errlen);
	default:
		return imp_export(imp, rec, err, errlen);
	}
}

/* -- roster ---------------------------------------------------------- */

static int
imp_roster(struct import *imp, char *err, size_t errlen)
{
	const char		*const *f = imp->f;
	const struct program	*prog = NULL;
	struct organization	 org;
	struct person		 p;
	struct credential	 cr, found_cr;
	struct cycle		 cy, open;
	char			 msg[IMP_MSGSZ], state[STATE_MAX_LEN] = "";
	char			 attrs[ATTRS_MAX_LEN] = "", a[DATE_BUFSZ];
	char			 b[DATE_BUFSZ], rule[256];
	long long		 idx = 0;
	int			 remove, vt = -1, start = -1, found, has_open;
	int			 changed, von = -1, nv;

	memset(&org, 0, sizeof(org));
	memset(&p, 0, sizeof(p));
	memset(&cr, 0, sizeof(cr));
	memset(&cy, 0, sizeof(cy));

	/* The form of every field first. */
	if (strcasecmp(f[R_ACTION], "A") == 0)
		remove = 0;
	else if (strcasecmp(f[R_ACTION], "R") == 0)
		remove = 1;
	else {
		imp_bad(imp, "action", "'%s' is not an action, expected A (add "
		    "or update) or R (remove)", f[R_ACTION]);
		remove = -1;
	}
	if (f[R_ORG][0] != '\0' && imp_text(imp, "org", f[R_ORG],
	    NAME_MAX_LEN, 1) == 0 && store_org_find(imp->db, f[R_ORG], &org,
	    msg, sizeof(msg)) == -1)
		imp_bad(imp, "org", "no organization matches '%s'; add it first "
		    "with 'cetrack org add'", f[R_ORG]);
	(void)imp_text(imp, "external_id", f[R_EXT], EXTID_MAX_LEN, 1);
	if (remove != 1 || f[R_NAME][0] != '\0')
		(void)imp_text(imp, "name", f[R_NAME], NAME_MAX_LEN, 1);
	if (f[R_EMAIL][0] != '\0')
		(void)imp_email(imp, "email", f[R_EMAIL]);
	if (f[R_PROGRAM][0] != '\0') {
		if ((prog = programs_find(imp->o.progs, f[R_PROGRAM])) == NULL)
			imp_bad(imp, "program", "unknown program '%s'; see "
			    "'cetrack programs list'", f[R_PROGRAM]);
		(void)imp_text(imp, "number", f[R_NUMBER], NUMBER_MAX_LEN, 1);
	} else if (f[R_NUMBER][0] != '\0')
		imp_bad(imp, "program", "empty, expected the program of "
		    "credential %s (a program code such as CCM)", f[R_NUMBER]);
	if (f[R_STATE][0] != '\0' && imp_state(imp, "state", f[R_STATE],
	    state) == 0 && prog != NULL && prog->jurisdiction[0] != '\0' &&
	    strcmp(state, prog->jurisdiction) != 0)
		imp_bad(imp, "state", "%s is not the jurisdiction of %s, "
		    "expected %s", state, prog->code, prog->jurisdiction);
	if (prog != NULL && prog->jurisdiction[0] != '\0' && state[0] == '\0')
		(void)cet_strlcpy(state, prog->jurisdiction, sizeof(state));
	if (f[R_VT][0] != '\0' && imp_date(imp, "valid_through", f[R_VT],
	    &vt) == 0 && prog != NULL && !program_is_deadline(prog, vt)) {
		program_deadline_rule(prog, rule, sizeof(rule));
		imp_bad(imp, "valid_through", "%s is not a deadline of %s, "
		    "expected %s", f[R_VT], prog->code, rule);
		vt = -1;
	}
	if (f[R_START][0] != '\0')
		(void)imp_date(imp, "cycle_start", f[R_START], &start);
	if (start != -1 && vt != -1 && start > vt)
		imp_bad(imp, "cycle_start", "%s is after valid_through %s, "
		    "expected an earlier date", f[R_START], f[R_VT]);
	if (f[R_INDEX][0] != '\0' && cet_strtonum(f[R_INDEX], 1,
	    IMP_MAX_RENEWAL_INDEX, &idx) == -1)
		imp_bad(imp, "renewal_index", "'%s' is not a renewal index, "
		    "expected a number from 1 to %d", f[R_INDEX],
		    IMP_MAX_RENEWAL_INDEX);
	if (f[R_ATTRS][0] != '\0')
		(void)imp_attrs(imp, "attrs", f[R_ATTRS], attrs, sizeof(attrs));
	/* A verification: all three columns, of an A row's credential. */
	nv = (f[R_VON][0] != '\0') + (f[R_VBY][0] != '\0') +
	    (f[R_VSRC][0] != '\0');
	if (nv > 0 && nv < 3)
		imp_bad(imp, f[R_VON][0] == '\0' ? "verified_on" :
		    f[R_VBY][0] == '\0' ? "verified_by" :
		    "verification_source", "empty, expected verified_on, "
		    "verified_by and verification_source together (or none)");
	else if (nv == 3 && (remove == 1 || f[R_PROGRAM][0] == '\0'))
		imp_bad(imp, "verified_on", "a verification needs the "
		    "credential it verifies, expected an A row with program "
		    "and number");
	else if (nv == 3 && imp_date(imp, "verified_on", f[R_VON],
	    &von) == 0) {
		if (von > imp->o.today) {
			imp_bad(imp, "verified_on", "%s is in the future, "
			    "expected the day it was checked", f[R_VON]);
			von = -1;
		}
		(void)imp_text(imp, "verified_by", f[R_VBY], NAME_MAX_LEN, 1);
		(void)imp_text(imp, "verification_source", f[R_VSRC],
		    SOURCE_MAX_LEN, 1);
	}
	if (imp->bad)
		return 0;

	/* Then the data. */
	if (store_person_by_ext(imp->db, org.id, f[R_EXT], &p, &found, msg,
	    sizeof(msg)) == -1)
		return imp_store_err(imp, "external_id", "person", msg, err,
		    errlen);
	/*
	 * An R row removes: the person is deactivated (history kept), the
	 * credential deleted. Sending the same roster again must be
	 * harmless, so removing what is not there is a warning.
	 */
	if (remove) {
		if (!found || (prog == NULL && !p.active)) {
			imp_warn(imp, "external_id", "%s external id '%s'%s%s "
			    "to remove; row skipped", found ? "already removed:"
			    : "no person with", f[R_EXT], org.id > 0 ? " in " :
			    "", org.id > 0 ? org.name : "");
			imp->counts->removals_skipped++;
			return 0;
		}
		if (f[R_NAME][0] != '\0' && strcmp(f[R_NAME], p.name) != 0) {
			imp_bad(imp, "name", "'%s' is not the name of the person "
			    "with external id '%s' (%s)", f[R_NAME], f[R_EXT],
			    p.name);
			return 0;
		}
		if (prog == NULL) {
			if (store_person_deactivate(imp->db, p.id, msg,
			    sizeof(msg)) == -1)
				return imp_store_err(imp, "external_id",
				    "person", msg, err, errlen);
			imp->counts->people_removed++;
			return 0;
		}
		if (store_cred_by_key(imp->db, prog->code, state, f[R_NUMBER],
		    &found_cr, &found, msg, sizeof(msg)) == -1)
			return imp_store_err(imp, "number", "credential", msg,
			    err, errlen);
		if (found && found_cr.person_id != p.id) {
			imp_bad(imp, "number", "%s%s%s %s is not %s's credential, "
			    "expected one of theirs to remove", prog->code,
			    state[0] != '\0' ? " " : "", state, f[R_NUMBER],
			    p.name);
			return 0;
		}
		if (!found) {
			imp_warn(imp, "number", "%s has no credential %s%s%s %s "
			    "to remove; row skipped", p.name, prog->code,
			    state[0] != '\0' ? " " : "", state, f[R_NUMBER]);
			imp->counts->removals_skipped++;
			return 0;
		}
		if (store_cred_rm(imp->db, found_cr.id, msg, sizeof(msg)) == -1)
			return imp_store_err(imp, "number", "credential", msg,
			    err, errlen);
		imp->counts->creds_removed++;
		return 0;
	}

	/* Add or update the person. */
	if (found) {
		changed = strcmp(p.name, f[R_NAME]) != 0 || !p.active ||
		    (f[R_EMAIL][0] != '\0' && strcmp(p.email, f[R_EMAIL]) != 0);
		if (changed) {
			(void)cet_strlcpy(p.name, f[R_NAME], sizeof(p.name));
			if (f[R_EMAIL][0] != '\0')
				(void)cet_strlcpy(p.email, f[R_EMAIL],
				    sizeof(p.email));
			p.active = 1;
			if (store_person_update(imp->db, &p, NULL, msg,
			    sizeof(msg)) == -1)
				return imp_store_err(imp, "name", "person", msg,
				    err, errlen);
			imp->counts->people_updated++;
		}
	} else {
		(void)cet_strlcpy(p.name, f[R_NAME], sizeof(p.name));
		(void)cet_strlcpy(p.email, f[R_EMAIL], sizeof(p.email));
		(void)cet_strlcpy(p.external_id, f[R_EXT],
		    sizeof(p.external_id));
		p.org_id = org.id;
		p.active = 1;
		if (store_person_add(imp->db, &p, msg, sizeof(msg)) == -1)
			return imp_store_err(imp, "external_id", "person", msg,
			    err, errlen);
		imp->counts->people_added++;
	}
	if (prog == NULL)
		return 0;

	/* And the credential. */
	if (store_cred_by_key(imp->db, prog->code, state, f[R_NUMBER],
	    &found_cr, &found, msg, sizeof(msg)) == -1)
		return imp_store_err(imp, "number", "credential", msg, err,
		    errlen);
	if (!found) {
		if (vt == -1) {
			if (prog->deadline != PROG_DEADLINE_FIXED) {
				imp_bad(imp, "valid_through", "empty, expected "
				    "the last day of the current cycle of the "
				    "new %s credential (YYYY-MM-DD)", prog->code);
				return 0;
			}
			if ((vt = program_first_deadline(prog,
			    imp->o.today)) < 0) {
				imp_bad(imp, "valid_through", "%s has no "
				    "deadline after today; give one",
				    prog->code);
				return 0;
			}
		}
		if (start == -1)
			start = program_cycle_start(prog, vt);
		if (start > vt) {
			imp_bad(imp, "cycle_start", "%s is after valid_through "
			    "%s, expected an earlier date", date_format(start, a),
			    date_format(vt, b));
			return 0;
		}
		cr.person_id = p.id;
		(void)cet_strlcpy(cr.program, prog->code, sizeof(cr.program));
		(void)cet_strlcpy(cr.number, f[R_NUMBER], sizeof(cr.number));
		(void)cet_strlcpy(cr.state, state, sizeof(cr.state));
		(void)cet_strlcpy(cr.attrs, attrs, sizeof(cr.attrs));
		cr.status = CRED_ACTIVE;
		cy.start = start;
		cy.valid_through = vt;
		/* No renewal_index: assumed, and what depends on it is
		 * owed until it is given (as cred add). */
		cy.renewal_index = idx > 0 ? (int)idx : 1;
		cy.renewal_assumed = idx <= 0;
		cy.closed = -1;
		if (store_cred_add(imp->db, &cr, &cy, msg, sizeof(msg)) == -1)
			return imp_store_err(imp, "number", "credential", msg,
			    err, errlen);
		imp->counts->creds_added++;
		return imp_roster_verify(imp, cr.id, von, err, errlen);
	}
	if (found_cr.person_id != p.id) {
		imp_bad(imp, "number", "credential %s%s%s %s belongs to person "
		    "%lld, not to '%s'; remove it there first (action R)",
		    prog->code, state[0] != '\0' ? " " : "", state, f[R_NUMBER],
		    (long long)found_cr.person_id, f[R_EXT]);
		return 0;
	}
	changed = 0;
	if (f[R_ATTRS][0] != '\0' && strcmp(attrs, found_cr.attrs) != 0) {
		(void)cet_strlcpy(found_cr.attrs, attrs,
		    sizeof(found_cr.attrs));
		if (store_cred_update(imp->db, &found_cr, NULL, msg,
		    sizeof(msg)) == -1)
			return imp_store_err(imp, "attrs", "credential", msg,
			    err, errlen);
		changed = 1;
	}
	has_open = store_cycle_open(imp->db, found_cr.id, &open, msg,
	    sizeof(msg)) == 0;
	if (vt != -1 && has_open && vt > open.valid_through) {
		/* A later expiry: the credential was renewed. */
		memset(&cy, 0, sizeof(cy));
		cy.start = start != -1 ? start : open.valid_through + 1;
		cy.valid_through = vt;
		cy.renewal_index = idx > 0 ? (int)idx :
		    (open.renewal_index < 1000 ? open.renewal_index + 1 : 1000);
		cy.renewal_assumed = idx > 0 ? 0 : open.renewal_assumed;
		if (cy.start > vt) {
			imp_bad(imp, "cycle_start", "%s is after valid_through "
			    "%s, expected an earlier date",
			    date_format(cy.start, a), date_format(vt, b));
			return 0;
		}
		if (store_cred_renew(imp->db, found_cr.id,
		    open.valid_through < imp->o.today ? open.valid_through :
		    imp->o.today, "ce", &cy, msg, sizeof(msg)) == -1)
			return imp_store_err(imp, "valid_through", "credential",
			    msg, err, errlen);
		imp->counts->creds_renewed++;
		return imp_roster_verify(imp, found_cr.id, von, err, errlen);
	}
	if (vt != -1 && has_open && vt < open.valid_through) {
		imp_bad(imp, "valid_through", "%s is before the current cycle's "
		    "valid-through %s; an import does not move a cycle back",
		    date_format(vt, a), date_format(open.valid_through, b));
		return 0;
	}
	if (!has_open && vt == -1 && (start != -1 || idx > 0)) {
		imp_bad(imp, "valid_through", "empty, expected the last day of "
		    "a new cycle (credential %lld has no open cycle)",
		    (long long)found_cr.id);
		return 0;
	}
	if (!has_open && vt != -1) {
		memset(&open, 0, sizeof(open));
		open.credential_id = found_cr.id;
		open.valid_through = vt;
		open.start = start != -1 ? start :
		    program_cycle_start(prog, vt);
		open.renewal_index = idx > 0 ? (int)idx : 1;
		open.renewal_assumed = idx <= 0;
		if (store_cycle_set_open(imp->db, &open, msg, sizeof(msg)) == -1)
			return imp_store_err(imp, "valid_through", "cycle", msg,
			    err, errlen);
		changed = 1;
	} else if (has_open && ((start != -1 && start != open.start) ||
	    (idx > 0 && (idx != open.renewal_index ||
	    open.renewal_assumed)))) {
		if (start != -1)
			open.start = start;
		if (idx > 0) {
			open.renewal_index = (int)idx;
			open.renewal_assumed = 0;
		}
		if (open.start > open.valid_through) {
			imp_bad(imp, "cycle_start", "%s is after the cycle's "
			    "valid-through %s, expected an earlier date",
			    date_format(open.start, a),
			    date_format(open.valid_through, b));
			return 0;
		}
		if (store_cycle_set_open(imp->db, &open, msg, sizeof(msg)) == -1)
			return imp_store_err(imp, "cycle_start", "cycle", msg,
			    err, errlen);
		changed = 1;
	}
	if (changed)
		imp->counts->creds_updated++;
	return imp_roster_verify(imp, found_cr.id, von, err, errlen);
}

/*
 * A roster row's verification of its credential (verified_on, verified_by,
 * verification_source), unless the latest one on record says the same:
 * sending a roster again adds nothing.
 */
static int
imp_roster_verify(struct import *imp, int64_t cred_id, int on, char *err,
    size_t errlen)
{
	struct verification	 v, *old = NULL;
	char			 msg[IMP_MSGSZ];
	size_t			 n = 0;
	int			 same;

	if (on == -1)
		return 0;
	if (store_verify_list(imp->db, cred_id, &old, &n, msg,
	    sizeof(msg)) == -1)
		return imp_store_err(imp, "verified_on", "verification", msg,
		    err, errlen);
	same = n > 0 && old[0].on == on &&
	    strcmp(old[0].by, imp->f[R_VBY]) == 0 &&
	    strcmp(old[0].source, imp->f[R_VSRC]) == 0;
	free(old);
	if (same)
		return 0;
	memset(&v, 0, sizeof(v));
	v.credential_id = cred_id;
	v.on = on;
	(void)cet_strlcpy(v.by, imp->f[R_VBY], sizeof(v.by));
	(void)cet_strlcpy(v.source, imp->f[R_VSRC], sizeof(v.source));
	if (store_verify_add(imp->db, &v, msg, sizeof(msg)) == -1)
		return imp_store_err(imp, "verified_on", "verification", msg,
		    err, errlen);
	imp->counts->verifications_added++;
	return 0;
}

/* -- transcript ------------------------------------------------------ */

static int
imp_transcript(struct import *imp, char *err, size_t errlen)
{
	const char	*const *f = imp->f;
	struct activity	 a;
	struct person	 p;
	char		 msg[IMP_MSGSZ], day[DATE_BUFSZ], today[DATE_BUFSZ];
	int64_t		 same;
	int		 found = 0;

	memset(&a, 0, sizeof(a));
	if (f[T_EXT][0] != '\0')
		(void)imp_text(imp, "external_id", f[T_EXT], EXTID_MAX_LEN, 1);
	if (f[T_NAME][0] != '\0')
		(void)imp_text(imp, "name", f[T_NAME], NAME_MAX_LEN, 1);
	if (f[T_EXT][0] == '\0' && f[T_NAME][0] == '\0')
		imp_bad(imp, imp->pos[T_EXT] != -1 ? "external_id" : "name",
		    "empty, expected the person's external id or exact name");
	if (f[T_DATE][0] == '\0')
		imp_bad(imp, "date", "empty, expected the completion date "
		    "(YYYY-MM-DD)");
	else if (imp_date(imp, "date", f[T_DATE], &a.date) == 0 &&
	    a.date > imp->o.today)
		imp_bad(imp, "date", "%s is in the future, expected a "
		    "completion date on or before %s", date_format(a.date, day),
		    date_format(imp->o.today, today));
	if (imp_text(imp, "title", f[T_TITLE], TITLE_MAX_LEN, 1) == 0)
		(void)cet_strlcpy(a.title, f[T_TITLE], sizeof(a.title));
	if (f[T_PROVIDER][0] != '\0' && imp_text(imp, "provider",
	    f[T_PROVIDER], PROVIDER_MAX_LEN, 1) == 0)
		(void)cet_strlcpy(a.provider, f[T_PROVIDER],
		    sizeof(a.provider));
	if (f[T_HOURS][0] == '\0')
		imp_bad(imp, "hours", "empty, expected hours such as 1.5, 90m "
		    "or 0.15ceu");
	else if (imp_hours(imp, "hours", f[T_HOURS], &a.amount) == 0) {
		if (f[T_TOPICS][0] != '\0')
			(void)imp_topics(imp, f[T_TOPICS], &a);
	}
	(void)cet_strlcpy(a.format, f[T_FORMAT][0] != '\0' ? f[T_FORMAT] :
	    "live", sizeof(a.format));
	if (!activity_format_ok(f[T_FORMAT][0] != '\0' ? f[T_FORMAT] : "live"))
		imp_bad(imp, "format", "'%s' is not a format, expected one of "
		    "%s", f[T_FORMAT], ACTIVITY_FORMATS);
	if (f[T_APPROVALS][0] != '\0')
		(void)imp_approvals(imp, f[T_APPROVALS], &a);
	if (imp->bad)
		return 0;

	if (store_person_lookup(imp->db, f[T_EXT], f[T_NAME], &p, &found, msg,
	    sizeof(msg)) == -1)
		return imp_store_err(imp, "external_id", "person", msg, err,
		    errlen);
	if (found == 0) {
		if (f[T_EXT][0] != '\0')
			imp_bad(imp, "external_id", "no person with external id "
			    "'%s'; add people with a roster first", f[T_EXT]);
		else
			imp_bad(imp, "name", "no person named '%s'", f[T_NAME]);
		return 0;
	}
	if (found > 1) {
		if (f[T_EXT][0] != '\0')
			imp_bad(imp, "external_id", "'%s' is the external id of "
			    "several people (in different organizations)",
			    f[T_EXT]);
		else
			imp_bad(imp, "name", "'%s' is the name of several "
			    "people, expected an external_id", f[T_NAME]);
		return 0;
	}
	if (f[T_EXT][0] != '\0' && f[T_NAME][0] != '\0' &&
	    strcmp(p.name, f[T_NAME]) != 0) {
		imp_bad(imp, "name", "'%s' is not the name of the person with "
		    "external id '%s' (%s)", f[T_NAME], f[T_EXT], p.name);
		return 0;
	}
	a.person_id = p.id;
	if (f[T_CERT][0] != '\0' && imp_certificate(imp, f[T_CERT], &a, err,
	    errlen) == -1)
		return -1;
	if (imp->bad)
		return 0;
	if (store_activity_same(imp->db, &a, &same, msg, sizeof(msg)) == -1)
		return imp_store_err(imp, "title", "activity", msg, err,
		    errlen);
	if (same != 0) {
		/* Importing a transcript twice adds nothing. */
		imp->counts->acts_same++;
		return 0;
	}
	if (store_activity_add(imp->db, &a, msg, sizeof(msg)) == -1)
		return imp_store_err(imp, "title", "activity", msg, err,
		    errlen);
	imp->counts->acts_added++;
	return 0;
}

/* -- export shape ---------------------------------------------------- */

/* One field of an export record into a store value; an XK_ID column
 * also sets *id_out. */
static void
imp_xvalue(struct import *imp, const struct export_col *col, const char *v,
    struct store_value *out, int64_t *id_out)
{
	const struct program	*prog;
	const char		*p;
	char			 buf[ATTRS_MAX_LEN];
	long long		 n;
	long			 centi;
	int64_t			*mapped;
	int			 day, r;

	out->type = STORE_TEXT;
	out->s = v;
	out->len = strlen(v);
	if (v[0] == '\0') {
		if (col->required)
			imp_bad(imp, col->name, "empty, expected a value");
		out->type = col->nullable ? STORE_NULL : STORE_TEXT;
		/* An optional flag left empty (a file older than the
		 * column) is 0. */
		if (col->kind == XK_BOOL && !col->required &&
		    !col->nullable) {
			out->type = STORE_INT;
			out->i = 0;
		}
		return;
	}
	/* export.c's apostrophe before a cell a spreadsheet would run. */
	if ((col->kind == XK_TEXT || col->kind == XK_LINES) && v[0] == '\'') {
		v++;
		out->s = v;
		out->len--;
	}
	if (col->kind != XK_LINES && col->kind != XK_BASE64 &&
	    imp_text(imp, col->name, v,
	    col->kind == XK_TEXT || col->kind == XK_EMAIL ? (size_t)col->max :
	    4096, 0) == -1)
		return;
	switch (col->kind) {
	case XK_ID:
	case XK_REF:
	case XK_INT:
	case XK_BOOL:
		if (cet_strtonum(v, col->min, col->max, &n) == -1) {
			if (col->kind == XK_BOOL)
				imp_bad(imp, col->name, "'%s' is not 0 or 1", v);
			else
				imp_bad(imp, col->name, "'%s' is not a whole "
				    "number from %lld to %lld", v, col->min,
				    col->max);
			return;
		}
		out->type = STORE_INT;
		out->i = n;
		if (col->kind == XK_ID)
			*id_out = n;
		if (col->kind == XK_REF) {
			r = export_rec_find(col->values);
			if (r < 0 || (mapped = imp_map_get(&imp->maps[r],
			    n)) == NULL) {
				imp_bad(imp, col->name, "no %s with id %lld "
				    "earlier in the file", col->values, n);
				return;
			}
			/* Its record was refused, and said so: nothing
			 * comes in, and one problem is enough. */
			if (*mapped == IMP_REFUSED) {
				imp->bad = 1;
				return;
			}
			out->i = *mapped;
		}
		return;
	case XK_CENTI:
		if (hours_parse_centi(v, &centi) == -1 || centi < col->min ||
		    centi > col->max) {
			imp_bad(imp, col->name, "'%s' is not a number from %s "
			    "to %lld with at most 2 decimals", v,
			    col->min > 0 ? "0.01" : "0", col->max / 100);
			return;
		}
		out->type = STORE_INT;
		out->i = centi;
		return;
	case XK_EMAIL:
		(void)imp_email(imp, col->name, v);
		return;
	case XK_DATE:
		(void)imp_date(imp, col->name, v, &day);
		return;
	case XK_TIME:
		if (!imp_time_ok(v))
			imp_bad(imp, col->name, "'%s' is not a time, expected "
			    "YYYY-MM-DDTHH:MM:SSZ (UTC)", v);
		return;
	case XK_ENUM:
		for (p = col->values; ; p += strcspn(p, "|") + 1) {
			if (strncmp(p, v, strcspn(p, "|")) == 0 &&
			    strcspn(p, "|") == strlen(v))
				return;
			if (p[strcspn(p, "|")] == '\0')
				break;
		}
		imp_bad(imp, col->name, "'%s' is not one of %s", v,
		    col->values[0] == '|' ? col->values + 1 : col->values);
		return;
	case XK_PROGRAM:
		if ((prog = programs_find(imp->o.progs, v)) == NULL ||
		    strcmp(prog->code, v) != 0)
			imp_bad(imp, col->name, "unknown program '%s'; see "
			    "'cetrack programs list'", v);
		return;
	case XK_STATE:
		if (imp_state(imp, col->name, v, buf) == 0 &&
		    strcmp(buf, v) != 0)
			imp_bad(imp, col->name, "'%s' is not in capitals, "
			    "expected %s", v, buf);
		return;
	case XK_ATTRS:
		if (imp_attrs(imp, col->name, v, buf, sizeof(buf)) == 0 &&
		    strcmp(buf, v) != 0)
			imp_bad(imp, col->name, "'%s' is not normalized, "
			    "expected %s", v, buf);
		return;
	case XK_WORD:
	case XK_UWORD:
		if (!model_word_ok(v, col->kind == XK_UWORD))
			imp_bad(imp, col->name, "'%s' is not a code, expected "
			    "%s, digits and -", v, col->kind == XK_UWORD ?
			    "A-Z" : "a-z");
		return;
	case XK_DIGEST:
		if (strlen(v) != CERT_HEX_LEN || strspn(v,
		    "0123456789abcdef") != CERT_HEX_LEN)
			imp_bad(imp, col->name, "'%s' is not a SHA-256 digest, "
			    "expected 64 lower-case hex digits", v);
		return;
	case XK_DAYLIST:
		if (strcmp(v, "none") == 0) {
			out->s = "";
			out->len = 0;
			return;
		}
		if (strspn(v, "0123456789,") != strlen(v) ||
		    strlen(v) >= (size_t)col->max)
			imp_bad(imp, col->name, "'%s' is not a list of days, "
			    "expected days such as 120,60,30, or none", v);
		return;
	case XK_LINES:
		/* Any UTF-8 text (checked for every field already). */
		return;
	case XK_BASE64:
		/* Decoded with the record (imp_cert_piece). */
		if (out->len % 4 != 0 || strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789+/=") != out->len)
			imp_bad(imp, col->name, "not base64, expected the "
			    "bytes in base64 (RFC 4648, padded)");
		return;
	case XK_TEXT:
		if (col->required && v[strspn(v, " ")] == '\0')
			imp_bad(imp, col->name, "blank, expected text");
		return;
	}
}

static void
imp_refused(struct import *imp, int r, int64_t id)
{
	if (id != 0 && imp_map_get(&imp->maps[r], id) == NULL)
		imp_map_put(&imp->maps[r], id, IMP_REFUSED);
}

/*
 * An export's record that is in the database already (a UNIQUE
 * constraint): the field, the value and what to do, rather than
 * SQLite's "UNIQUE constraint failed: organization.name". Columns as
 * export.c's export_*_cols.
 */
static void
imp_export_unique(struct import *imp, const struct export_rec *xr,
    const struct store_value *vals, const char *msg)
{
	static const char again[] = "an export is restored into a new "
	    "database (cetrack init -d FILE)";

	if (strcmp(xr->record, "org") == 0)
		imp_bad(imp, "name", "an organization named '%s' is in the "
		    "database already; %s, or one of them renamed first "
		    "(cetrack org set)", vals[1].s, again);
	else if (strcmp(xr->record, "person") == 0)
		imp_bad(imp, "external_id", "'%s' is the external id of a "
		    "person of the same organization in the database "
		    "already; %s", vals[4].s, again);
	else if (strcmp(xr->record, "credential") == 0)
		imp_bad(imp, "number", "%s %s%s%s is in the database already; "
		    "%s", vals[2].s, vals[3].s, vals[4].s[0] != '\0' ?
		    ", jurisdiction " : "", vals[4].s, again);
	else if (strcmp(xr->record, "cycle") == 0)
		imp_bad(imp, "closed", "empty, but the credential has an "
		    "open cycle earlier in the file; expected one open cycle "
		    "per credential");
	else
		imp_bad(imp, "record", "this %s is in the database already "
		    "(%s); %s", xr->record, msg, again);
}

static int
imp_export(struct import *imp, struct csvio_record *rec, char *err,
    size_t errlen)
{
	const struct export_rec	*xr;
	const struct program	*prog;
	struct store_value	 vals[64];
	struct hours_amount	 amt;
	const char		*names[64];
	char			 msg[IMP_MSGSZ], day[DATE_BUFSZ], d2[DATE_BUFSZ];
	int64_t			 id = 0, rowid;
	size_t			 i, j;
	int			 r, k, used[IMP_MAX_COLS], d, d1;

	(void)rec;
	/* A certificate is whole when a record other than its next piece
	 * (same digest, no size) comes. */
	if (imp->cert_open && (strcmp(imp->f[0], "certificate") != 0 ||
	    strcmp(imp->f[export_header_find("digest")],
	    imp->cert.digest) != 0 ||
	    imp->f[export_header_find("size")][0] != '\0') &&
	    imp_cert_flush(imp, err, errlen) == -1)
		return -1;
	if ((r = export_rec_find(imp->f[0])) < 0) {
		imp_bad(imp, "record", "'%s' is not a record type, expected "
		    "org, person, credential, cycle, activity, topic, "
		    "approval, target, notification, verification, "
		    "education, experience, experience_log, exam or "
		    "certificate",
		    imp->f[0]);
		return 0;
	}
	xr = &export_recs[r];
	memset(used, 0, sizeof(used));
	used[0] = 1;
	for (i = 0; i < xr->ncols; i++) {
		k = export_header_find(xr->cols[i].name);
		used[k] = 1;
		names[i] = xr->cols[i].name;
		imp_xvalue(imp, &xr->cols[i], imp->f[k], &vals[i], &id);
	}
	/* A value in another record type's column is a mistake. */
	for (j = 0; j < export_nheader; j++)
		if (!used[j] && imp->f[j][0] != '\0')
			imp_bad(imp, export_header[j], "not a column of %s "
			    "records, expected it empty", xr->record);
	if (imp->bad) {
		imp_refused(imp, r, id);
		return 0;
	}
	if (strcmp(xr->record, "certificate") == 0) {
		imp_cert_piece(imp, vals);
		return 0;
	}

	/* The checks the commands make beyond the columns' form. */
	if (strcmp(xr->record, "credential") == 0) {
		prog = programs_find(imp->o.progs, vals[2].s);
		if (prog != NULL && prog->jurisdiction[0] != '\0' &&
		    strcmp(prog->jurisdiction, vals[4].s) != 0)
			imp_bad(imp, "state", "'%s' is not the jurisdiction of "
			    "%s, expected %s", vals[4].s, prog->code,
			    prog->jurisdiction);
	} else if (strcmp(xr->record, "cycle") == 0) {
		if (date_parse_iso(vals[2].s, &d) == 0 &&
		    date_parse_iso(vals[3].s, &d1) == 0 && d > d1)
			imp_bad(imp, "start", "%s is after valid_through %s",
			    vals[2].s, vals[3].s);
		if ((vals[6].type == STORE_NULL) != (vals[7].type == STORE_NULL))
			imp_bad(imp, vals[6].type == STORE_NULL ? "closed" :
			    "outcome", "empty, expected closed and outcome "
			    "together (or neither, for the open cycle)");
	} else if (strcmp(xr->record, "notification") == 0) {
		/*
		 * Never mail to send (issue 16, 2): a pending or failed row
		 * would be delivered by cetrackd with whatever recipient and
		 * body the file says; cetrackd plans what is still due again.
		 * History comes in with its dedup key and webhook id made
		 * again from the row's own (renumbered) ids, so a key from
		 * another database neither blocks nor repeats a reminder.
		 */
		if (vals[10].type == STORE_TEXT &&
		    (strcmp(vals[10].s, "pending") == 0 ||
		    strcmp(vals[10].s, "failed") == 0)) {
			imp->counts->notifs_not_sent++;
			return 0;
		}
		if (vals[2].type == STORE_INT && vals[3].type == STORE_INT) {
			if (outbox_dedup_key(imp->xkey, sizeof(imp->xkey),
			    vals[2].i, vals[3].i, vals[4].s, vals[5].s,
			    vals[6].type == STORE_TEXT ? vals[6].s : "") == -1) {
				imp_bad(imp, "dedup_key", "cannot be made from "
				    "the event, channel and recipient");
				return 0;
			}
			vals[1].type = STORE_TEXT;
			vals[1].s = imp->xkey;
			vals[1].len = strlen(imp->xkey);
		}
		vals[16].type = STORE_NULL;
		if (strcmp(vals[5].s, "webhook") == 0) {
			if (outbox_webhook_id(vals[1].s, imp->xwid,
			    sizeof(imp->xwid)) == -1) {
				imp_bad(imp, "webhook_id", "cannot be made");
				return 0;
			}
			vals[16].type = STORE_TEXT;
			vals[16].s = imp->xwid;
			vals[16].len = strlen(imp->xwid);
		}
	} else if (strcmp(xr->record, "experience") == 0) {
		if (vals[5].type == STORE_TEXT &&
		    date_parse_iso(vals[4].s, &d) == 0 &&
		    date_parse_iso(vals[5].s, &d1) == 0 && d > d1)
			imp_bad(imp, "end", "%s is before start %s, expected "
			    "the last day, on or after the first", vals[5].s,
			    vals[4].s);
		if ((vals[6].type == STORE_NULL) == (vals[7].type == STORE_NULL))
			imp_bad(imp, "hours_per_week", "%s, expected "
			    "hours_per_week or hours_total (one of them)",
			    vals[6].type == STORE_NULL ? "empty with "
			    "hours_total empty" : "given with hours_total");
		if (vals[9].type == STORE_INT && vals[9].i == 0 &&
		    (vals[10].type != STORE_NULL || vals[11].type != STORE_NULL))
			imp_bad(imp, "supervisor", "given, expected it only "
			    "with supervised 1");
	} else if (strcmp(xr->record, "experience_log") == 0) {
		if ((vals[4].type == STORE_INT && vals[4].i > 0) !=
		    (vals[5].type != STORE_NULL))
			imp_bad(imp, "format", "%s, expected supervision_minutes "
			    "above 0 and a format together (or 0 and none)",
			    vals[5].type == STORE_NULL ? "empty" : "given");
	} else if (strcmp(xr->record, "activity") == 0) {
		if (date_parse_iso(vals[4].s, &d) == 0 && d > imp->o.today)
			imp_bad(imp, "completed", "%s is in the future, expected "
			    "a date on or before %s", vals[4].s,
			    date_format(imp->o.today, day));
		if (hours_unit_from_name(vals[6].s, &amt.unit) == 0) {
			amt.centi = (long)vals[7].i;
			if (hours_nominal_centi(&amt) > IMPORT_MAX_NOMINAL)
				imp_bad(imp, "amount", "%s %s is more than one "
				    "activity can carry (at most 100 h)",
				    hours_format(amt.centi, d2, sizeof(d2)),
				    vals[6].s);
		}
	}
	if (imp->bad) {
		imp_refused(imp, r, id);
		return 0;
	}

	if (id != 0) {
		if (imp_map_get(&imp->maps[r], id) != NULL) {
			imp_bad(imp, "id", "%s %lld is given twice", xr->record,
			    (long long)id);
			return 0;
		}
		if (!imp->keep_ids)
			vals[0].type = STORE_NULL;
	}
	if (imp->ins[r] == NULL && store_insert_open(imp->db, xr->table, names,
	    xr->ncols, &imp->ins[r], err, errlen) == -1)
		return -1;
	if (store_insert_row(imp->ins[r], vals, &rowid, msg, sizeof(msg)) == -1) {
		if (strncmp(msg, "UNIQUE constraint failed", 24) == 0) {
			imp_export_unique(imp, xr, vals, msg);
			imp_refused(imp, r, id);
			return 0;
		}
		return imp_store_err(imp, "record", xr->table, msg, err,
		    errlen);
	}
	if (id != 0)
		imp_map_put(&imp->maps[r], id, rowid);
	imp->counts->rows[r]++;
	return 0;
}

/*
 * One certificate record of an export: the first (digest, name,
 * media_type, size, created, data) or a further piece of the same
 * certificate (digest and data only; imp_export sends every other record
 * to imp_cert_flush first). Columns as export_cert_cols.
 */
static void
imp_cert_piece(struct import *imp, const struct store_value *vals)
{
	struct base64_decode_ctx	 ctx;
	struct cert			*c = &imp->cert;
	size_t				 n;

	if (!imp->cert_open) {
		if (vals[2].type == STORE_NULL || vals[3].type == STORE_NULL) {
			imp_bad(imp, vals[2].type == STORE_NULL ? "media_type" :
			    "size", "empty, expected it on the first record of "
			    "certificate %s (a further piece follows the one "
			    "before it)", vals[0].s);
			return;
		}
		cert_free(c);
		memset(c, 0, sizeof(*c));
		(void)cet_strlcpy(c->digest, vals[0].s, sizeof(c->digest));
		if (vals[1].type != STORE_NULL)
			(void)cet_strlcpy(c->name, vals[1].s, sizeof(c->name));
		(void)cet_strlcpy(c->media_type, vals[2].s,
		    sizeof(c->media_type));
		if (vals[4].type != STORE_NULL)
			(void)cet_strlcpy(c->created, vals[4].s,
			    sizeof(c->created));
		imp->cert_want = (size_t)vals[3].i;
		/* Room for what the decoder may write past the end (the
		 * length it estimates counts the padding). */
		c->data = xmalloc(imp->cert_want + 3);
		imp->cert_line = imp->line;
		imp->cert_open = 1;
	} else if (vals[1].type != STORE_NULL || vals[2].type != STORE_NULL ||
	    vals[4].type != STORE_NULL) {
		imp_bad(imp, vals[1].type != STORE_NULL ? "name" :
		    vals[2].type != STORE_NULL ? "media_type" : "created",
		    "not empty, expected only digest and data on a further "
		    "piece of a certificate");
		return;
	}
	if (vals[5].type == STORE_NULL)
		return;
	n = BASE64_DECODE_LENGTH(vals[5].len);
	if (n > imp->cert_want + 3 - (size_t)c->size) {
		imp_bad(imp, "data", "more bytes than the size %zu given on "
		    "line %ld", imp->cert_want, imp->cert_line);
		return;
	}
	base64_decode_init(&ctx);
	if (base64_decode_update(&ctx, &n, c->data + c->size, vals[5].len,
	    vals[5].s) != 1 || base64_decode_final(&ctx) != 1) {
		imp_bad(imp, "data", "not base64, expected the bytes in base64 "
		    "(RFC 4648, padded)");
		return;
	}
	c->size += (long long)n;
}

/* Store the certificate read so far: its bytes must be as many as its
 * size says and hash to its digest. Returns -1 only when the database
 * fails. */
static int
imp_cert_flush(struct import *imp, char *err, size_t errlen)
{
	struct cert	*c = &imp->cert;
	char		 msg[IMP_MSGSZ];
	long		 line = imp->line;
	int		 rc = 0;

	if (!imp->cert_open)
		return 0;
	imp->cert_open = 0;
	imp->line = imp->cert_line;
	if ((size_t)c->size != imp->cert_want)
		imp_bad(imp, "data", "%lld bytes, expected the size %zu",
		    c->size, imp->cert_want);
	else if (store_cert_put(imp->db, c, NULL, msg, sizeof(msg)) == -1)
		rc = imp_store_err(imp, "data", "certificate", msg, err,
		    errlen);
	else
		imp->counts->rows[export_rec_find("certificate")]++;
	imp->line = line;
	cert_free(c);
	return rc;
}

/* -- the file -------------------------------------------------------- */

int
import_run(struct import *imp, struct db *db, struct import_counts *counts,
    struct errlist *errs, char *err, size_t errlen)
{
	struct csvio_reader	*rd = NULL;
	struct csvio_record	*rec;
	char			 msg[IMP_MSGSZ];
	const char		*col;
	int64_t			 rows;
	size_t			 field;
	int			 rc, header = 1, ret = -1;

	memset(counts, 0, sizeof(*counts));
	imp->db = db;
	imp->errs = errs;
	imp->counts = counts;
	if (csvio_open(imp->o.path, &rd, err, errlen) == -1)
		return -1;
	while ((rc = csvio_next(rd, &rec, msg, sizeof(msg))) == 1) {
		if (header) {
			header = 0;
			if (imp_header(imp, rec) == -1)
				break;
			counts->shape = imp->shape;
			if (imp->shape == IMPORT_EXPORT) {
				if (store_org_rows(db, &rows, err, errlen) == -1)
					goto out;
				imp->keep_ids = rows == 0;
				counts->ids_kept = imp->keep_ids;
			}
			continue;
		}
		if (imp_record(imp, rec, err, errlen) == -1)
			goto out;
		if (imp->o.progress != NULL &&
		    counts->records % IMPORT_PROGRESS_EVERY == 0 &&
		    counts->records > 0)
			imp->o.progress(imp->o.progress_arg, counts->records,
			    csvio_offset(rd), csvio_size(rd));
	}
	if (rc == -1) {
		/* The syntax error ends the file: report it as a bad row. */
		if (csvio_error_line(rd) == 0) {
			(void)cet_strlcpy(err, msg, errlen);
			goto out;
		}
		imp->line = csvio_error_line(rd);
		field = csvio_error_field(rd);
		col = field > 0 && field <= imp->ncols ? imp->names[field - 1] :
		    "record";
		if (strncmp(msg, imp->o.path, strlen(imp->o.path)) == 0) {
			/* csvio named the file and line already. */
			errlist_add(errs, "%s", msg);
			imp->bad = 1;
		} else
			imp_bad(imp, col, "%s", msg);
	}
	if (imp->cert_open && imp_cert_flush(imp, err, errlen) == -1)
		goto out;
	if (header && errs->n == 0)
		errlist_add(errs, "%s:1: header: the file is empty, expected a "
		    "header row (see cetrack(1))", imp->o.path);
	if (errs->n == 0 && imp->o.progress != NULL && counts->records >=
	    IMPORT_PROGRESS_EVERY)
		imp->o.progress(imp->o.progress_arg, counts->records,
		    csvio_offset(rd), csvio_size(rd));
	/*
	 * The file's audit row, when it changed something: the same roster
	 * sent twice leaves the database as it was, byte for byte.
	 */
	if (errs->n == 0 && (counts->people_added + counts->people_updated +
	    counts->people_removed + counts->creds_added +
	    counts->creds_updated + counts->creds_renewed +
	    counts->creds_removed + counts->acts_added > 0 ||
	    imp->shape == IMPORT_EXPORT)) {
		(void)cet_fmt(msg, sizeof(msg), "%s (%s): %zu records",
		    imp->o.path, import_shape_name(imp->shape),
		    counts->records);
		if (store_audit(db, "import", "file", 0, msg, err,
		    errlen) == -1)
			goto out;
	}
	ret = errs->n > 0 ? 1 : 0;
out:
	csvio_close(rd);
	return ret;
}
