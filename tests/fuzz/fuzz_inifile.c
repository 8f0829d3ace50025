/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target for the INI reader under the rule packs
 * (lib/base/inifile.h inifile_parse): iniparser reads the text through a
 * memfd while inifile.c scans the same text itself, with the same line
 * rules, to know the line of each section and key.
 *
 * Besides memory safety, the two readings of a text without problems
 * must agree: every section and key that iniparser's dictionary holds
 * was indexed by the scan (else a key would escape the schema checker's
 * "unknown key" and be ignored without a word), every key the scan
 * indexed is in the dictionary (else its value would silently read as
 * ""), and lines are ascending and within the text. Refused text reports
 * at least one problem, each on one line.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "base/inifile.h"
#include "base/util.h"

#define FUZZ_ORIGIN	"fuzz.ini"

static void	fuzz_agree(const struct inifile *, int);
static int	fuzz_lines(const char *);

static int
fuzz_lines(const char *s)
{
	int	n = 1;

	for (; *s != '\0'; s++)
		if (*s == '\n')
			n++;
	return n;
}

static void
fuzz_agree(const struct inifile *ini, int nlines)
{
	const struct inifile_section	*s;
	const struct inifile_key	*k;
	const char			*colon, *name;
	char				*full;
	char				 sec[INIFILE_LINE_MAX + 2];
	size_t				 i, j, n;
	int				 last = 0, found;

	for (i = 0; i < ini->nsecs; i++) {
		s = &ini->secs[i];
		FUZZ_CHECK(inifile_section(ini, s->name) == s);
		FUZZ_CHECK(s->line > last && s->line <= nlines);
		last = s->line;
		for (j = 0; j < s->nkeys; j++) {
			k = &s->keys[j];
			FUZZ_CHECK(inifile_key(s, k->name) == k);
			FUZZ_CHECK(k->value != NULL);
			full = xasprintf("%s:%s", s->name, k->name);
			FUZZ_CHECK(iniparser_find_entry(ini->dict, full) == 1);
			free(full);
			FUZZ_CHECK(k->line > s->line && k->line <= nlines);
			FUZZ_CHECK(j == 0 || k->line > s->keys[j - 1].line);
		}
	}
	for (i = 0; i < (size_t)ini->dict->size; i++) {
		if ((name = ini->dict->key[i]) == NULL)
			continue;
		if (ini->dict->val[i] == NULL) {
			/* A section: an entry without a value. */
			FUZZ_CHECK(inifile_section(ini, name) != NULL);
			continue;
		}
		/* "section:key", where either may hold a ':' of its own. */
		found = 0;
		for (colon = strchr(name, ':'); colon != NULL && !found;
		    colon = strchr(colon + 1, ':')) {
			n = (size_t)(colon - name);
			FUZZ_CHECK(n < sizeof(sec));
			memcpy(sec, name, n);
			sec[n] = '\0';
			if ((s = inifile_section(ini, sec)) != NULL &&
			    inifile_key(s, colon + 1) != NULL)
				found = 1;
		}
		FUZZ_CHECK(found);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct inifile	 ini;
	struct errlist	 errs = { NULL, 0 };
	char		*text;
	size_t		 i;
	int		 rc;

	text = fuzz_str(data, len);
	rc = inifile_parse(&ini, FUZZ_ORIGIN, text, &errs);
	if (rc == -1)
		FUZZ_CHECK(errs.n > 0);
	else {
		FUZZ_CHECK((size_t)rc == errs.n);
		/* With structural problems the caller refuses the text. */
		if (rc == 0)
			fuzz_agree(&ini, fuzz_lines(text));
		inifile_free(&ini);
	}
	fuzz_check_errlist(&errs);
	for (i = 0; i < errs.n; i++)
		FUZZ_CHECK(strncmp(errs.v[i], FUZZ_ORIGIN,
		    strlen(FUZZ_ORIGIN)) == 0);
	errlist_free(&errs);
	free(text);
	return 0;
}
