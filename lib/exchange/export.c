/* SPDX-License-Identifier: ISC */
/*
 * The export format and its writers. export_recs lists each record type
 * with its table and columns (the database's names, with what each holds);
 * the CSV writer puts every record in one file under one header, with a
 * `record` column naming its type, parents before children; the JSON
 * writer streams one document, nesting cycles in their credential and
 * topics, approvals and targets in their activity by stepping the child
 * tables alongside the parent in id order (no query per row). Both read
 * inside one read transaction.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <nettle/base64.h>

#include "exchange/csvio.h"
#include "store/db.h"
#include "exchange/export.h"
#include "base/hours.h"
#include "base/model.h"
#include "store/cert.h"
#include "store/store_org.h"
#include "base/util.h"

#define X_ID		{ "id", XK_ID, 0, 1, 1, INT64_MAX, NULL }
#define X_CREATED	{ "created", XK_TIME, 0, 1, 0, 0, NULL }
#define X_REF(n, rec, null) { n, XK_REF, null, !(null), 1, INT64_MAX, rec }

static const struct export_col export_org_cols[] = {
	X_ID,
	{ "name", XK_TEXT, 0, 1, 0, NAME_MAX_LEN, NULL },
	{ "contact_email", XK_EMAIL, 1, 0, 0, EMAIL_MAX_LEN, NULL },
	{ "webhook_url", XK_TEXT, 1, 0, 0, ORG_URL_MAX_LEN, NULL },
	X_CREATED
};

static const struct export_col export_person_cols[] = {
	X_ID,
	X_REF("org_id", "org", 1),
	{ "name", XK_TEXT, 0, 1, 0, NAME_MAX_LEN, NULL },
	{ "email", XK_EMAIL, 1, 0, 0, EMAIL_MAX_LEN, NULL },
	{ "external_id", XK_TEXT, 1, 0, 0, EXTID_MAX_LEN, NULL },
	{ "active", XK_BOOL, 0, 1, 0, 1, NULL },
	X_CREATED
};

static const struct export_col export_cred_cols[] = {
	X_ID,
	X_REF("person_id", "person", 0),
	{ "program", XK_PROGRAM, 0, 1, 0, CODE_MAX_LEN, NULL },
	{ "number", XK_TEXT, 0, 1, 0, NUMBER_MAX_LEN, NULL },
	{ "state", XK_STATE, 0, 0, 0, STATE_MAX_LEN, NULL },
	{ "attrs", XK_ATTRS, 0, 0, 0, ATTRS_MAX_LEN, NULL },
	{ "status", XK_ENUM, 0, 1, 0, 0, "active|retired|inactive" },
	{ "remind_before", XK_DAYLIST, 1, 0, 0, 128, NULL },
	{ "remind_after", XK_DAYLIST, 1, 0, 0, 128, NULL },
	{ "snooze_until", XK_DATE, 1, 0, 0, 0, NULL },
	{ "opt_out", XK_ENUM, 0, 0, 0, 0, "|email|webhook|email,webhook|all" },
	X_CREATED,
	/* Schema 10: the original issue date, or empty. */
	{ "issued", XK_DATE, 1, 0, 0, 0, NULL }
};

static const struct export_col export_cycle_cols[] = {
	X_ID,
	X_REF("credential_id", "credential", 0),
	{ "start", XK_DATE, 0, 1, 0, 0, NULL },
	{ "valid_through", XK_DATE, 0, 1, 0, 0, NULL },
	{ "renewal_index", XK_INT, 0, 1, 1, 1000, NULL },
	{ "carry_in", XK_CENTI, 0, 1, 0, 100000, NULL },
	{ "closed", XK_DATE, 1, 0, 0, 0, NULL },
	{ "outcome", XK_ENUM, 1, 0, 0, 0, "ce|exam|lapsed|retired" },
	/* Empty (an export made before schema 5): 0, as the migration
	 * leaves closed cycles. */
	{ "renewal_assumed", XK_BOOL, 0, 0, 0, 1, NULL }
};

static const struct export_col export_verify_cols[] = {
	X_ID,
	X_REF("credential_id", "credential", 0),
	{ "verified_on", XK_DATE, 0, 1, 0, 0, NULL },
	{ "verified_by", XK_TEXT, 0, 1, 0, NAME_MAX_LEN, NULL },
	{ "source", XK_TEXT, 0, 1, 0, SOURCE_MAX_LEN, NULL },
	X_CREATED
};

/* Schema 10: the path into a credential. */
static const struct export_col export_edu_cols[] = {
	X_ID,
	X_REF("person_id", "person", 0),
	{ "level", XK_ENUM, 0, 1, 0, 0,
	    "associate|diploma|bachelor|master|doctorate" },
	{ "field", XK_ENUM, 0, 1, 0, 0,
	    "nursing|social-work|health|human-services|other" },
	{ "title", XK_TEXT, 0, 1, 0, EDU_TITLE_MAX_LEN, NULL },
	{ "conferred", XK_DATE, 0, 1, 0, 0, NULL },
	{ "institution", XK_TEXT, 1, 0, 0, NAME_MAX_LEN, NULL },
	{ "accreditor", XK_TEXT, 1, 0, 0, EDU_ACCRED_MAX_LEN, NULL },
	X_CREATED
};

static const struct export_col export_exp_cols[] = {
	X_ID,
	X_REF("person_id", "person", 0),
	{ "employer", XK_TEXT, 0, 1, 0, NAME_MAX_LEN, NULL },
	{ "role", XK_TEXT, 0, 1, 0, NAME_MAX_LEN, NULL },
	{ "start", XK_DATE, 0, 1, 0, 0, NULL },
	{ "end", XK_DATE, 1, 0, 0, 0, NULL },
	{ "hours_per_week", XK_CENTI, 1, 0, 1, 10000, NULL },
	{ "hours_total", XK_CENTI, 1, 0, 1, 100000000, NULL },
	{ "case_management", XK_BOOL, 0, 1, 0, 1, NULL },
	{ "supervised", XK_BOOL, 0, 1, 0, 1, NULL },
	{ "supervisor", XK_TEXT, 1, 0, 0, NAME_MAX_LEN, NULL },
	{ "supervisor_credential", XK_TEXT, 1, 0, 0, SUPCRED_MAX_LEN, NULL },
	{ "supervises_case_managers", XK_BOOL, 0, 1, 0, 1, NULL },
	{ "clinical", XK_BOOL, 0, 1, 0, 1, NULL },
	{ "paid", XK_BOOL, 1, 0, 0, 1, NULL },
	{ "setting", XK_ENUM, 1, 0, 0, 0, "hospital|payer|post-acute|"
	    "community|private-practice|workers-comp|other" },
	{ "tags", XK_TEXT, 0, 0, 0, ATTRS_MAX_LEN, NULL },
	X_CREATED
};

/* Schema 11. */
static const struct export_col export_log_cols[] = {
	X_ID,
	X_REF("person_id", "person", 0),
	{ "day", XK_DATE, 0, 1, 0, 0, NULL },
	{ "hours", XK_CENTI, 0, 1, 0, 16800, NULL },
	{ "supervision_minutes", XK_INT, 0, 1, 0, 10080, NULL },
	{ "format", XK_ENUM, 1, 0, 0, 0, "individual|group" },
	X_CREATED
};

static const struct export_col export_exam_cols[] = {
	X_ID,
	X_REF("person_id", "person", 0),
	{ "exam", XK_TEXT, 0, 1, 0, EXAM_MAX_LEN, NULL },
	{ "day", XK_DATE, 0, 1, 0, 0, NULL },
	{ "result", XK_ENUM, 0, 1, 0, 0, "pass|fail" },
	X_CREATED
};

static const struct export_col export_act_cols[] = {
	X_ID,
	X_REF("person_id", "person", 0),
	{ "title", XK_TEXT, 0, 1, 0, TITLE_MAX_LEN, NULL },
	{ "provider", XK_TEXT, 1, 0, 0, PROVIDER_MAX_LEN, NULL },
	{ "completed", XK_DATE, 0, 1, 0, 0, NULL },
	{ "format", XK_ENUM, 0, 1, 0, 0,
	    "live|live-online|self-study|academic|presenting|publication" },
	{ "unit", XK_ENUM, 0, 1, 0, 0, "hour|minute|ceu|semester|quarter" },
	{ "amount", XK_CENTI, 0, 1, 1, 1000000, NULL },
	{ "certificate", XK_DIGEST, 1, 0, 0, 0, NULL },
	X_CREATED
};

static const struct export_col export_topic_cols[] = {
	X_REF("activity_id", "activity", 0),
	{ "topic", XK_WORD, 0, 1, 0, ATTR_MAX_LEN, NULL },
	{ "amount", XK_CENTI, 1, 0, 1, 1000000, NULL }
};

static const struct export_col export_approval_cols[] = {
	X_REF("activity_id", "activity", 0),
	{ "body", XK_UWORD, 0, 1, 0, ATTR_MAX_LEN, NULL },
	{ "number", XK_TEXT, 0, 0, 0, APPROVAL_MAX_LEN, NULL }
};

static const struct export_col export_target_cols[] = {
	X_REF("activity_id", "activity", 0),
	X_REF("credential_id", "credential", 0)
};

static const struct export_col export_notif_cols[] = {
	X_ID,
	{ "dedup_key", XK_TEXT, 0, 1, 0, 1024, NULL },
	X_REF("credential_id", "credential", 1),
	X_REF("cycle_id", "cycle", 1),
	{ "event", XK_TEXT, 0, 1, 0, 128, NULL },
	{ "channel", XK_ENUM, 0, 1, 0, 0, "email|webhook|log" },
	{ "recipient", XK_TEXT, 0, 0, 0, 1024, NULL },
	{ "subject", XK_LINES, 1, 0, 0, 0, NULL },
	{ "body", XK_LINES, 1, 0, 0, 0, NULL },
	{ "payload", XK_LINES, 1, 0, 0, 0, NULL },
	{ "status", XK_ENUM, 0, 1, 0, 0, "pending|sent|failed|dead|skipped" },
	{ "attempts", XK_INT, 0, 1, 0, INT32_MAX, NULL },
	{ "next_attempt", XK_TIME, 1, 0, 0, 0, NULL },
	{ "first_attempt", XK_TIME, 1, 0, 0, 0, NULL },
	{ "sent", XK_TIME, 1, 0, 0, 0, NULL },
	{ "last_error", XK_LINES, 1, 0, 0, 0, NULL },
	{ "webhook_id", XK_TEXT, 1, 0, 0, 37, NULL },
	{ "digest_group", XK_TEXT, 1, 0, 0, 256, NULL },
	{ "skip_reason", XK_LINES, 1, 0, 0, 0, NULL },
	X_CREATED,
	{ "updated", XK_TIME, 0, 1, 0, 0, NULL }
};

/* Keyed by digest (no id): the same bytes are one row in any database. */
static const struct export_col export_cert_cols[] = {
	{ "digest", XK_DIGEST, 0, 1, 0, 0, NULL },
	{ "name", XK_TEXT, 1, 0, 0, CERT_NAME_MAX, NULL },
	{ "media_type", XK_TEXT, 1, 0, 0, CERT_TYPE_MAX, NULL },
	{ "size", XK_INT, 1, 0, 0, CERT_MAX_LIMIT, NULL },
	{ "created", XK_TIME, 1, 0, 0, 0, NULL },
	{ "data", XK_BASE64, 1, 0, 0, 0, NULL }
};

#define REC(r, t, o, j, p, pc, c) { r, t, o, j, p, pc, c, ARRAY_SIZE(c) }

/* Parents before children: import resolves references in file order. */
const struct export_rec export_recs[] = {
	REC("org", "organization", "id", "organizations", -1, NULL,
	    export_org_cols),
	REC("person", "person", "id", "people", -1, NULL, export_person_cols),
	REC("credential", "credential", "id", "credentials", -1, NULL,
	    export_cred_cols),
	REC("cycle", "cycle", "credential_id, id", "cycles", 2,
	    "credential_id", export_cycle_cols),
	REC("activity", "activity", "id", "activities", -1, NULL,
	    export_act_cols),
	REC("topic", "activity_topic", "activity_id, topic", "topics", 4,
	    "activity_id", export_topic_cols),
	REC("approval", "activity_approval", "activity_id, body", "approvals",
	    4, "activity_id", export_approval_cols),
	REC("target", "activity_target", "activity_id, credential_id",
	    "targets", 4, "activity_id", export_target_cols),
	REC("notification", "notification", "id", "notifications", -1, NULL,
	    export_notif_cols),
	/* Schema 9: an export made before has none. */
	REC("verification", "verification", "credential_id, id",
	    "verifications", 2, "credential_id", export_verify_cols),
	/* Schema 10: an export made before has none. */
	REC("education", "education", "id", "education", -1, NULL,
	    export_edu_cols),
	REC("experience", "experience", "id", "experience", -1, NULL,
	    export_exp_cols),
	REC("experience_log", "experience_log", "id", "experience_log", -1,
	    NULL, export_log_cols),
	REC("exam", "exam", "id", "exams", -1, NULL, export_exam_cols),
	/* Last: what an activity names need not come first, and an export
	 * made before schema 6 has none. */
	REC("certificate", "certificate", "digest", "certificates", -1, NULL,
	    export_cert_cols)
};
const size_t export_nrecs = ARRAY_SIZE(export_recs);

const char *const export_header[] = {
	"record", "id", "org_id", "person_id", "credential_id", "cycle_id",
	"activity_id", "name", "contact_email", "webhook_url", "email",
	"external_id", "active", "program", "number", "state", "attrs",
	"status", "remind_before", "remind_after", "snooze_until", "opt_out",
	"start", "valid_through", "renewal_index", "carry_in", "closed",
	"outcome", "renewal_assumed", "title", "provider", "completed", "format", "unit",
	"amount", "certificate", "topic", "body", "dedup_key", "event",
	"channel", "recipient", "subject", "payload", "attempts",
	"next_attempt", "first_attempt", "sent", "last_error", "webhook_id",
	"digest_group", "skip_reason", "digest", "media_type", "size",
	"created", "updated", "data", "verified_on", "verified_by", "source",
	"issued", "level", "field", "conferred", "institution", "accreditor",
	"employer", "role", "end", "hours_per_week", "hours_total",
	"case_management", "supervised", "supervisor", "supervisor_credential",
	"supervises_case_managers", "clinical", "paid", "setting", "tags",
	"exam", "day", "result", "hours", "supervision_minutes"
};
const size_t export_nheader = ARRAY_SIZE(export_header);

const char *
export_rec_noun(const char *record, size_t n)
{
	static const struct {
		const char	*rec, *one, *many;
	} nouns[] = {
		{ "verification", "verification", "verifications" },
		{ "education", "degree", "degrees" },
		{ "experience", "experience entry", "experience entries" },
		{ "experience_log", "log entry", "log entries" },
		{ "exam", "exam", "exams" },
		{ "certificate", "certificate", "certificates" }
	};
	size_t	i;

	for (i = 0; i < ARRAY_SIZE(nouns); i++)
		if (strcmp(nouns[i].rec, record) == 0)
			return n == 1 ? nouns[i].one : nouns[i].many;
	return record;
}
_Static_assert(ARRAY_SIZE(export_header) <= EXPORT_MAX_COLS,
    "export_header: raise EXPORT_MAX_COLS");

/* One record type being read, with the row it has read ahead. */
struct export_cursor {
	const struct export_rec	*rec;
	struct store_rows	*rows;
	const struct store_value *vals;
	int			 have;		/* vals holds a row */
	int			 parent_col;	/* index of rec->parent_col */
	json_t			*obj;		/* JSON: the row ahead, built */
	int64_t			 parent_id;
};

static const char *export_value(const struct export_col *,
		    const struct store_value *, char *, size_t, size_t *);
static json_t	*export_json_value(const struct export_col *,
		    const struct store_value *);
static json_t	*export_json_row(const struct export_rec *,
		    const struct store_value *);
static void	 export_csv_cell(struct csvio_writer *, const char *, size_t,
		    int);
static int	 export_csv(struct db *, FILE *, struct export_counts *,
		    char *, size_t);
static int	 export_json(struct db *, FILE *, struct export_counts *,
		    char *, size_t);
static int	 export_open(struct db *, size_t, struct export_cursor *,
		    char *, size_t);
static int	 export_step(struct export_cursor *, int, char *, size_t);
static void	 export_close(struct export_cursor *);

int
export_rec_find(const char *record)
{
	size_t	i;

	for (i = 0; i < export_nrecs; i++)
		if (strcmp(export_recs[i].record, record) == 0)
			return (int)i;
	return -1;
}

int
export_header_find(const char *name)
{
	size_t	i;

	for (i = 0; i < export_nheader; i++)
		if (strcmp(export_header[i], name) == 0)
			return (int)i;
	return -1;
}

/* A value as CSV text; buf holds numbers. Sets *len. */
static const char *
export_value(const struct export_col *col, const struct store_value *v,
    char *buf, size_t buflen, size_t *len)
{
	const char	*s;

	*len = 0;
	if (v->type == STORE_NULL)
		return NULL;
	if (v->type == STORE_INT) {
		if (col->kind == XK_CENTI)
			s = hours_format((long)v->i, buf, buflen);
		else {
			(void)snprintf(buf, buflen, "%" PRId64, v->i);
			s = buf;
		}
		*len = strlen(s);
		return s;
	}
	/* An empty day list means "no reminders", which is not unset. */
	if (col->kind == XK_DAYLIST && v->len == 0) {
		*len = 4;
		return "none";
	}
	*len = v->len;
	return v->s;
}

static json_t *
export_json_value(const struct export_col *col, const struct store_value *v)
{
	json_t	*j;
	char	*b64;
	size_t	 n;

	if (v->type == STORE_NULL)
		return json_null();
	if (v->type == STORE_BLOB) {
		n = BASE64_ENCODE_RAW_LENGTH(v->len);
		b64 = xmalloc(n + 1);
		base64_encode_raw(b64, v->len, (const uint8_t *)v->s);
		j = json_stringn(b64, n);
		free(b64);
		return j;
	}
	if (v->type == STORE_INT) {
		if (col->kind == XK_CENTI)
			return json_real((double)v->i / 100.0);
		if (col->kind == XK_BOOL)
			return json_boolean(v->i != 0);
		return json_integer((json_int_t)v->i);
	}
	return json_stringn(v->s, v->len);
}

static json_t *
export_json_row(const struct export_rec *rec, const struct store_value *vals)
{
	json_t	*o, *v;
	size_t	 i;

	if ((o = json_object()) == NULL)
		return NULL;
	for (i = 0; i < rec->ncols; i++) {
		if ((v = export_json_value(&rec->cols[i], &vals[i])) == NULL ||
		    json_object_set_new(o, rec->cols[i].name, v) == -1) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

static int
export_open(struct db *db, size_t r, struct export_cursor *c, char *err,
    size_t errlen)
{
	const char	*names[64];
	size_t		 i;

	memset(c, 0, sizeof(*c));
	c->rec = &export_recs[r];
	c->parent_col = -1;
	if (c->rec->ncols > ARRAY_SIZE(names)) {
		(void)cet_fmt(err, errlen, "export: too many columns");
		return -1;
	}
	for (i = 0; i < c->rec->ncols; i++) {
		names[i] = c->rec->cols[i].name;
		if (c->rec->parent_col != NULL &&
		    strcmp(names[i], c->rec->parent_col) == 0)
			c->parent_col = (int)i;
	}
	return store_rows_open(db, c->rec->table, names, c->rec->ncols,
	    c->rec->order, &c->rows, err, errlen);
}

/* Read the next row; with json, build its object now (the values do not
 * outlive the next step). */
static int
export_step(struct export_cursor *c, int json, char *err, size_t errlen)
{
	int	rc;

	json_decref(c->obj);
	c->obj = NULL;
	c->have = 0;
	if ((rc = store_rows_next(c->rows, &c->vals, err, errlen)) <= 0)
		return rc;
	c->have = 1;
	if (c->parent_col >= 0)
		c->parent_id = c->vals[c->parent_col].i;
	if (json && (c->obj = export_json_row(c->rec, c->vals)) == NULL) {
		(void)cet_fmt(err, errlen, "export: %s: out of memory or text "
		    "that is not UTF-8", c->rec->table);
		return -1;
	}
	return 1;
}

static void
export_close(struct export_cursor *c)
{
	json_decref(c->obj);
	c->obj = NULL;
	store_rows_close(c->rows);
	c->rows = NULL;
}

/*
 * A free-text cell a spreadsheet would evaluate (=HYPERLINK(...), @SUM,
 * +cmd|...) goes out behind an apostrophe, as OWASP recommends; so does
 * one that starts with an apostrophe, so that import, which takes one
 * leading apostrophe off such cells, gives back exactly what was there.
 */
static void
export_csv_cell(struct csvio_writer *w, const char *s, size_t len, int kind)
{
	char	*q;

	if (s == NULL || (kind != XK_TEXT && kind != XK_LINES) ||
	    (!cet_csv_formula(s, len) && (len == 0 || s[0] != '\''))) {
		csvio_putn(w, s, len);
		return;
	}
	q = xmalloc(len + 1);
	q[0] = '\'';
	memcpy(q + 1, s, len);
	csvio_putn(w, q, len + 1);
	free(q);
}

static int
export_csv(struct db *db, FILE *fp, struct export_counts *counts, char *err,
    size_t errlen)
{
	struct csvio_writer	 w;
	struct export_cursor	 c;
	const struct store_value *blob;
	const char		*field[EXPORT_MAX_COLS];
	size_t			 flen[EXPORT_MAX_COLS], i, r, len, off, n;
	int			 kind[EXPORT_MAX_COLS];
	int			 map[EXPORT_MAX_COLS], rc, ret = -1, bcol = 0;
	char			 num[EXPORT_MAX_COLS][32];
	char			*b64;

	memset(&c, 0, sizeof(c));
	b64 = xmalloc(BASE64_ENCODE_RAW_LENGTH(EXPORT_BLOB_CHUNK) + 1);
	csvio_writer_init(&w, fp);
	for (i = 0; i < export_nheader; i++)
		csvio_put(&w, export_header[i]);
	csvio_end(&w);
	for (r = 0; r < export_nrecs; r++) {
		if (export_open(db, r, &c, err, errlen) == -1)
			goto out;
		for (i = 0; i < c.rec->ncols; i++)
			map[i] = export_header_find(c.rec->cols[i].name);
		while ((rc = export_step(&c, 0, err, errlen)) == 1) {
			for (i = 0; i < export_nheader; i++) {
				field[i] = NULL;
				flen[i] = 0;
				kind[i] = XK_ID;
			}
			field[0] = c.rec->record;
			flen[0] = strlen(c.rec->record);
			blob = NULL;
			for (i = 0; i < c.rec->ncols; i++) {
				if (c.vals[i].type == STORE_BLOB) {
					blob = &c.vals[i];
					bcol = map[i];
					continue;
				}
				field[map[i]] = export_value(&c.rec->cols[i],
				    &c.vals[i], num[i], sizeof(num[i]), &len);
				flen[map[i]] = len;
				kind[map[i]] = c.rec->cols[i].kind;
			}
			/* The bytes in pieces: the first with the row, the
			 * rest each with the row's key (its first column). */
			off = 0;
			do {
				if (blob != NULL) {
					n = blob->len - off;
					if (n > EXPORT_BLOB_CHUNK)
						n = EXPORT_BLOB_CHUNK;
					base64_encode_raw(b64, n,
					    (const uint8_t *)blob->s + off);
					field[bcol] = b64;
					flen[bcol] = BASE64_ENCODE_RAW_LENGTH(n);
					off += n;
				}
				for (i = 0; i < export_nheader; i++)
					export_csv_cell(&w, field[i], flen[i],
					    kind[i]);
				csvio_end(&w);
				for (i = 1; i < export_nheader; i++) {
					if ((int)i == map[0])
						continue;
					field[i] = NULL;
					flen[i] = 0;
				}
			} while (blob != NULL && off < blob->len && !w.error);
			counts->rows[r]++;
			if (w.error)
				break;
		}
		export_close(&c);
		if (rc == -1)
			goto out;
		if (csvio_writer_error(&w)) {
			(void)cet_fmt(err, errlen, "write error: %s",
			    strerror(errno));
			goto out;
		}
	}
	ret = 0;
out:
	export_close(&c);
	free(b64);
	return ret;
}

static int
export_json(struct db *db, FILE *fp, struct export_counts *counts, char *err,
    size_t errlen)
{
	struct export_cursor	 top, kids[8];
	json_t			*arr;
	size_t			 r, k, nkids = 0, n;
	int64_t			 id;
	int			 rc, ret = -1, first = 1;
	const size_t		 flags = JSON_COMPACT | JSON_PRESERVE_ORDER |
				    JSON_REAL_PRECISION(15);

	memset(&top, 0, sizeof(top));
	memset(kids, 0, sizeof(kids));
	if (fprintf(fp, "{\n  \"format\": \"cetrack-export\",\n"
	    "  \"version\": %d", EXPORT_VERSION) < 0)
		goto werr;
	for (r = 0; r < export_nrecs; r++) {
		if (export_recs[r].parent != -1)
			continue;
		if (export_open(db, r, &top, err, errlen) == -1)
			goto out;
		/* The record types nested in this one, read alongside. */
		nkids = 0;
		for (k = 0; k < export_nrecs; k++) {
			if (export_recs[k].parent != (int)r)
				continue;
			if (nkids == ARRAY_SIZE(kids) ||
			    export_open(db, k, &kids[nkids], err,
			    errlen) == -1)
				goto out;
			nkids++;
			if (export_step(&kids[nkids - 1], 1, err, errlen) == -1)
				goto out;
		}
		if (fprintf(fp, ",\n  \"%s\": [", export_recs[r].json) < 0)
			goto werr;
		first = 1;
		while ((rc = export_step(&top, 1, err, errlen)) == 1) {
			id = top.vals[0].i;
			for (k = 0; k < nkids; k++) {
				if ((arr = json_array()) == NULL ||
				    json_object_set_new(top.obj,
				    kids[k].rec->json, arr) == -1) {
					(void)cet_fmt(err, errlen, "export: out "
					    "of memory");
					goto out;
				}
				/* Children are in parent order; skip none
				 * that belong to this row. */
				while (kids[k].have && kids[k].parent_id <= id) {
					n = kids[k].rec - export_recs;
					if (kids[k].parent_id == id) {
						if (json_array_append(arr,
						    kids[k].obj) == -1) {
							(void)cet_fmt(err,
							    errlen, "export: "
							    "out of memory");
							goto out;
						}
						counts->rows[n]++;
					}
					if (export_step(&kids[k], 1, err,
					    errlen) == -1)
						goto out;
				}
			}
			if (fputs(first ? "\n    " : ",\n    ", fp) == EOF ||
			    json_dumpf(top.obj, fp, flags) == -1)
				goto werr;
			first = 0;
			counts->rows[r]++;
		}
		if (rc == -1)
			goto out;
		if (fputs(first ? "]" : "\n  ]", fp) == EOF)
			goto werr;
		export_close(&top);
		for (k = 0; k < nkids; k++)
			export_close(&kids[k]);
		nkids = 0;
	}
	if (fputs("\n}\n", fp) == EOF)
		goto werr;
	ret = 0;
	goto out;
werr:
	(void)cet_fmt(err, errlen, "write error: %s", strerror(errno));
out:
	export_close(&top);
	for (k = 0; k < nkids; k++)
		export_close(&kids[k]);
	return ret;
}

int
export_write(struct db *db, FILE *fp, enum export_format format,
    struct export_counts *counts, char *err, size_t errlen)
{
	int	ret;

	memset(counts, 0, sizeof(*counts));
	if (store_snapshot_begin(db, err, errlen) == -1)
		return -1;
	if (format == EXPORT_JSON)
		ret = export_json(db, fp, counts, err, errlen);
	else
		ret = export_csv(db, fp, counts, err, errlen);
	store_snapshot_end(db);
	if (ret == 0 && fflush(fp) == EOF) {
		(void)cet_fmt(err, errlen, "write error: %s", strerror(errno));
		ret = -1;
	}
	return ret;
}
