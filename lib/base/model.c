/* SPDX-License-Identifier: ISC */
/*
 * The few functions of the shared data model: the names of a credential's
 * status as they are stored and printed, and the lookup of an attribute in
 * a credential's comma-joined attribute list, which conditional rules
 * ("only for credentials with direct-care") depend on.
 */

#include <stdio.h>
#include <string.h>

#include "base/model.h"

static const struct {
	enum cred_status	 status;
	const char		*name;
} cred_statuses[] = {
	{ CRED_ACTIVE,		"active" },
	{ CRED_RETIRED,		"retired" },
	{ CRED_INACTIVE,	"inactive" }
};

#define CRED_NSTATUSES	(sizeof(cred_statuses) / sizeof(cred_statuses[0]))

const char *
cred_status_name(enum cred_status status)
{
	size_t	i;

	for (i = 0; i < CRED_NSTATUSES; i++) {
		if (cred_statuses[i].status == status)
			return cred_statuses[i].name;
	}
	return "unknown";
}

int
cred_status_from_name(const char *name, enum cred_status *out)
{
	size_t	i;

	if (name == NULL)
		return -1;
	for (i = 0; i < CRED_NSTATUSES; i++) {
		if (strcmp(cred_statuses[i].name, name) == 0) {
			*out = cred_statuses[i].status;
			return 0;
		}
	}
	return -1;
}

static int
model_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

int
attrs_has(const char *attrs, const char *attr)
{
	const char	*p, *end, *a, *b;
	size_t		 alen;

	if (attrs == NULL || attr == NULL)
		return 0;
	/* Trim the attribute asked for too: "supervisor " is "supervisor". */
	while (model_is_blank(*attr))
		attr++;
	alen = strlen(attr);
	while (alen > 0 && model_is_blank(attr[alen - 1]))
		alen--;
	if (alen == 0)
		return 0;

	for (p = attrs;; p = end + 1) {
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		/* The entry is [a, b) without surrounding blanks. */
		a = p;
		b = end;
		while (a < b && model_is_blank(*a))
			a++;
		while (b > a && model_is_blank(b[-1]))
			b--;
		if ((size_t)(b - a) == alen && memcmp(a, attr, alen) == 0)
			return 1;
		if (*end == '\0')
			break;
	}
	return 0;
}

const char *
attr_base(const char *a)
{
	size_t	n = strlen(ATTR_NEG);

	return strncmp(a, ATTR_NEG, n) == 0 && a[n] != '\0' ? a + n : a;
}

int
attrs_state(const char *attrs, const char *attr)
{
	char	neg[ATTR_MAX_LEN + sizeof(ATTR_NEG)];

	if (attrs_has(attrs, attr))
		return 1;
	(void)snprintf(neg, sizeof(neg), "%s%s", ATTR_NEG, attr);
	return attrs_has(attrs, neg) ? 0 : -1;
}

int
attrs_put(char *attrs, size_t len, const char *a)
{
	char		 out[ATTRS_MAX_LEN], opp[ATTR_MAX_LEN + sizeof(ATTR_NEG)];
	const char	*p, *end;
	size_t		 n, used = 0;

	if (attr_base(a) != a)
		(void)snprintf(opp, sizeof(opp), "%s", attr_base(a));
	else
		(void)snprintf(opp, sizeof(opp), "%s%s", ATTR_NEG, a);
	out[0] = '\0';
	for (p = attrs; *p != '\0'; p = *end != '\0' ? end + 1 : end) {
		end = p + strcspn(p, ",");
		n = (size_t)(end - p);
		if (n == 0 || (n == strlen(opp) && strncmp(p, opp, n) == 0) ||
		    (n == strlen(a) && strncmp(p, a, n) == 0))
			continue;
		if (used + n + 2 > sizeof(out))
			return -1;
		used += (size_t)snprintf(out + used, sizeof(out) - used,
		    "%s%.*s", used > 0 ? "," : "", (int)n, p);
	}
	if (used + strlen(a) + 2 > sizeof(out) || used + strlen(a) + 2 > len)
		return -1;
	(void)snprintf(out + used, sizeof(out) - used, "%s%s",
	    used > 0 ? "," : "", a);
	(void)snprintf(attrs, len, "%s", out);
	return 0;
}

int
model_word_ok(const char *s, int upper)
{
	size_t	n = 0;

	for (; *s != '\0'; s++, n++) {
		if (!((upper ? (*s >= 'A' && *s <= 'Z') :
		    (*s >= 'a' && *s <= 'z')) || (*s >= '0' && *s <= '9') ||
		    *s == '-'))
			return 0;
	}
	return n > 0 && n < ATTR_MAX_LEN;
}

int
activity_format_ok(const char *f)
{
	const char	*p, *end;
	size_t		 n = strlen(f);

	for (p = ACTIVITY_FORMATS; *p != '\0'; p = end) {
		end = p + strcspn(p, ",");
		if ((size_t)(end - p) == n && strncmp(p, f, n) == 0)
			return 1;
		while (*end == ',' || *end == ' ')
			end++;
	}
	return 0;
}

/* Lowest first: a nursing diploma is below an associate degree. The
 * eligibility packs compare levels by this order. */
const char *const edu_levels[] = {
	"diploma", "associate", "bachelor", "master", "doctorate", NULL
};

const char *const edu_fields[] = {
	"nursing", "social-work", "health", "human-services", "other", NULL
};

const char *const exp_settings[] = {
	"hospital", "payer", "post-acute", "community", "private-practice",
	"workers-comp", "other", NULL
};
