/* SPDX-License-Identifier: ISC */
/*
 * INI text through iniparser 4.1, with line numbers and without stderr.
 *
 * iniparser_load() takes only a path, so the text is written to an
 * anonymous memfd and loaded as /proc/self/fd/N. Its error callback is
 * global and variadic: while one load runs, the callback formats each
 * message into a static buffer and appends it to a static list, which is
 * then rewritten as "origin:line: ..." errors. That is not thread-safe;
 * cetrack loads rule packs from one thread only.
 *
 * iniparser keeps no line numbers, so the text is also scanned here with
 * the same line rules (comments, [sections], key = value, a trailing
 * backslash continuing a line) to index each section and key with its
 * line. Values always come from iniparser's dictionary.
 */

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/inifile.h"

/* Where the section in force changes: for placing iniparser's errors. */
struct inifile_header {
	int	line;
	size_t	sec;
};

struct inifile_scan {
	struct inifile_header *hdrs;
	size_t	nhdrs;
};

static int	inifile_callback(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
static char	*inifile_strip(char *);
static void	inifile_lower(char *);
static int	inifile_add_section(struct inifile *, struct inifile_scan *,
		    const char *, int, struct errlist *);
static int	inifile_add_key(struct inifile *, size_t, const char *, int,
		    struct errlist *);
static int	inifile_line(struct inifile *, struct inifile_scan *, char *,
		    int, size_t *, struct errlist *);
static int	inifile_scan(struct inifile *, struct inifile_scan *,
		    const char *, struct errlist *);
static dictionary *inifile_load(const char *, struct errlist *, char *,
		    size_t);
static const char *inifile_section_at(const struct inifile *,
		    const struct inifile_scan *, int);
static void	inifile_report(const struct inifile *,
		    const struct inifile_scan *, const char *, const char *,
		    struct errlist *);

/* iniparser's messages during one load; see the comment at the top. */
static struct errlist	*inifile_sink;
static char		 inifile_msgbuf[2 * INIFILE_LINE_MAX + 256];

static int
inifile_callback(const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(inifile_msgbuf, sizeof(inifile_msgbuf), fmt, ap);
	va_end(ap);
	/* A message longer than the buffer keeps its start, which holds the
	 * file name and line number that matter. */
	if (n >= 0 && inifile_sink != NULL)
		errlist_add(inifile_sink, "%s", inifile_msgbuf);
	return n;
}

/* Strip leading and trailing white space in place, as iniparser does. */
static char *
inifile_strip(char *s)
{
	size_t	len;

	while (isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
	return s;
}

static void
inifile_lower(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)tolower((unsigned char)*s);
}

static int
inifile_add_section(struct inifile *ini, struct inifile_scan *sc,
    const char *name, int line, struct errlist *errs)
{
	struct inifile_section	*s;
	size_t			 i;
	int			 nerr = 0;

	for (i = 0; i < ini->nsecs; i++)
		if (strcmp(ini->secs[i].name, name) == 0)
			break;
	if (i < ini->nsecs) {
		/* iniparser merges a repeated section into the first. */
		inifile_error(ini, errs, line, name, NULL,
		    "section given twice (first at line %d), expected each "
		    "section once", ini->secs[i].line);
		nerr++;
	} else {
		ini->secs = xreallocarray(ini->secs, ini->nsecs + 1,
		    sizeof(*ini->secs));
		s = &ini->secs[ini->nsecs++];
		memset(s, 0, sizeof(*s));
		s->name = xstrdup(name);
		s->line = line;
	}
	sc->hdrs = xreallocarray(sc->hdrs, sc->nhdrs + 1, sizeof(*sc->hdrs));
	sc->hdrs[sc->nhdrs].line = line;
	sc->hdrs[sc->nhdrs].sec = i;
	sc->nhdrs++;
	return nerr;
}

static int
inifile_add_key(struct inifile *ini, size_t sec, const char *name, int line,
    struct errlist *errs)
{
	struct inifile_section	*s = &ini->secs[sec];
	struct inifile_key	*k;
	const struct inifile_key *old;

	if ((old = inifile_key(s, name)) != NULL) {
		inifile_error(ini, errs, line, s->name, name,
		    "key given twice (first at line %d), expected each key "
		    "once in a section", old->line);
		return 1;
	}
	s->keys = xreallocarray(s->keys, s->nkeys + 1, sizeof(*s->keys));
	k = &s->keys[s->nkeys++];
	k->name = xstrdup(name);
	k->value = "";
	k->line = line;
	return 0;
}

/*
 * One logical line (continuations joined), classified as iniparser's
 * iniparser_line() does. Lines it calls syntax errors are left to it.
 */
static int
inifile_line(struct inifile *ini, struct inifile_scan *sc, char *buf,
    int line, size_t *cur, struct errlist *errs)
{
	char	*s, *end, *eq;
	size_t	 len;

	s = inifile_strip(buf);
	len = strlen(s);
	if (len == 0 || *s == '#' || *s == ';')
		return 0;
	if (s[0] == '[' && s[len - 1] == ']') {
		if ((end = strchr(s + 1, ']')) == NULL)
			return 0;
		*end = '\0';
		s = inifile_strip(s + 1);
		if (*s == '\0') {
			inifile_error(ini, errs, line, NULL, NULL,
			    "empty section name, expected [name]");
			return 1;
		}
		inifile_lower(s);
		if (inifile_add_section(ini, sc, s, line, errs) != 0) {
			*cur = sc->hdrs[sc->nhdrs - 1].sec;
			return 1;
		}
		*cur = ini->nsecs - 1;
		return 0;
	}
	if ((eq = strchr(s, '=')) == NULL || eq == s)
		return 0;	/* iniparser reports it */
	*eq = '\0';
	s = inifile_strip(s);
	inifile_lower(s);
	if (*cur == SIZE_MAX) {
		inifile_error(ini, errs, line, NULL, s,
		    "key outside any section, expected it below a [section] "
		    "header");
		return 1;
	}
	return inifile_add_key(ini, *cur, s, line, errs);
}

static int
inifile_scan(struct inifile *ini, struct inifile_scan *sc, const char *text,
    struct errlist *errs)
{
	const char	*p = text, *nl;
	char		*buf = NULL, *s;
	size_t		 len, blen = 0, bsz = 0, cur = SIZE_MAX;
	int		 lineno = 0, first = 0, nerr = 0;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		lineno++;
		if (blen == 0)
			first = lineno;
		if (blen + len + 1 > bsz) {
			bsz = blen + len + 1;
			buf = xreallocarray(buf, bsz, 1);
		}
		memcpy(buf + blen, p, len);
		blen += len;
		buf[blen] = '\0';
		p = nl != NULL ? nl + 1 : p + len;

		/* A line ending in a backslash continues on the next one. */
		while (blen > 0 && isspace((unsigned char)buf[blen - 1]))
			buf[--blen] = '\0';
		if (blen > 0 && buf[blen - 1] == '\\') {
			buf[--blen] = '\0';
			if (*p != '\0')
				continue;
			/*
			 * iniparser drops a line continued past the end of
			 * the text: indexing its key would make it read as
			 * "" (found by tests/fuzz/fuzz_inifile.c). A comment
			 * may end so.
			 */
			s = inifile_strip(buf);
			if (*s != '\0' && *s != '#' && *s != ';') {
				inifile_error(ini, errs, first, cur == SIZE_MAX ?
				    NULL : ini->secs[cur].name, NULL,
				    "continued (ends with a backslash) past "
				    "the end of the file, expected a line "
				    "after it or no backslash");
				nerr++;
			}
			break;
		}
		nerr += inifile_line(ini, sc, buf, first, &cur, errs);
		blen = 0;
	}
	free(buf);
	return nerr;
}

/* Load text with iniparser; its messages are appended to msgs. */
static dictionary *
inifile_load(const char *text, struct errlist *msgs, char *path,
    size_t pathlen)
{
	dictionary	*d = NULL;
	const char	*p = text;
	size_t		 left = strlen(text);
	ssize_t		 n;
	int		 fd;

	if ((fd = memfd_create("cetrack-ini", MFD_CLOEXEC)) == -1) {
		errlist_add(msgs, "cannot create a memfd: %s",
		    strerror(errno));
		return NULL;
	}
	while (left > 0) {
		if ((n = write(fd, p, left)) == -1) {
			if (errno == EINTR)
				continue;
			errlist_add(msgs, "cannot write a memfd: %s",
			    strerror(errno));
			goto out;
		}
		p += n;
		left -= (size_t)n;
	}
	if (cet_fmt(path, pathlen, "/proc/self/fd/%d", fd) == -1) {
		errlist_add(msgs, "memfd path too long");
		goto out;
	}
	inifile_sink = msgs;
	iniparser_set_error_callback(inifile_callback);
	d = iniparser_load(path);
	iniparser_set_error_callback(NULL);
	inifile_sink = NULL;
out:
	close(fd);
	return d;
}

static const char *
inifile_section_at(const struct inifile *ini, const struct inifile_scan *sc,
    int line)
{
	const char	*name = NULL;
	size_t		 i;

	for (i = 0; i < sc->nhdrs && sc->hdrs[i].line <= line; i++)
		name = ini->secs[sc->hdrs[i].sec].name;
	return name;
}

/* Rewrite one of iniparser's messages as "origin:line: ...". */
static void
inifile_report(const struct inifile *ini, const struct inifile_scan *sc,
    const char *path, const char *msg, struct errlist *errs)
{
	const char	*p, *text;
	char		 shown[64];
	long long	 ll;
	char		 num[16];
	size_t		 n, i;
	int		 line = 0;

	if ((p = strstr(msg, path)) != NULL &&
	    strncmp(p + strlen(path), " (", 2) == 0) {
		p += strlen(path) + 2;
		n = strspn(p, "0123456789");
		if (n > 0 && n < sizeof(num) && p[n] == ')') {
			memcpy(num, p, n);
			num[n] = '\0';
			if (cet_strtonum(num, 1, INT32_MAX, &ll) == 0)
				line = (int)ll;
		}
	}
	if (line == 0) {
		/* Not about a line (e.g. out of memory): pass it on whole. */
		n = strcspn(msg, "\n");
		errlist_add(errs, "%s: %.*s", ini->origin, (int)n, msg);
		return;
	}
	if (strstr(msg, "too long") != NULL) {
		inifile_error(ini, errs, line, inifile_section_at(ini, sc,
		    line), NULL,
		    "line too long, expected at most %d characters",
		    INIFILE_LINE_MAX);
		return;
	}
	/* "iniparser: syntax error in PATH (N):\n-> TEXT\n" */
	text = (p = strstr(msg, "\n-> ")) != NULL ? p + 4 : "";
	n = strcspn(text, "\n");
	if (n > 40) {
		/* Cut on a character boundary and say so. */
		i = 40;
		while (i > 0 && ((unsigned char)text[i] & 0xc0) == 0x80)
			i--;
		(void)cet_fmt(shown, sizeof(shown), "%.*s...", (int)i, text);
	} else
		(void)cet_fmt(shown, sizeof(shown), "%.*s", (int)n, text);
	inifile_error(ini, errs, line, inifile_section_at(ini, sc, line), NULL,
	    "syntax error in '%s', expected key = value, a [section] header "
	    "or a ; comment", shown);
}

int
inifile_parse(struct inifile *ini, const char *origin, const char *text,
    struct errlist *errs)
{
	struct inifile_scan	 sc;
	struct errlist		 msgs;
	char			 path[64];
	const char		*v;
	char			*full;
	size_t			 i, j;
	int			 nerr, rc = -1;

	memset(ini, 0, sizeof(*ini));
	memset(&sc, 0, sizeof(sc));
	memset(&msgs, 0, sizeof(msgs));
	path[0] = '\0';
	ini->origin = xstrdup(origin);
	/* A byte-order mark from a Windows editor is not a syntax error. */
	if (strncmp(text, "\xef\xbb\xbf", 3) == 0)
		text += 3;

	nerr = inifile_scan(ini, &sc, text, errs);
	ini->dict = inifile_load(text, &msgs, path, sizeof(path));
	for (i = 0; i < msgs.n; i++)
		inifile_report(ini, &sc, path, msgs.v[i], errs);
	if (ini->dict == NULL || msgs.n > 0) {
		if (msgs.n == 0)
			errlist_add(errs, "%s: cannot be parsed", origin);
		goto out;
	}

	/* Values come from iniparser, which handled quotes and comments. */
	for (i = 0; i < ini->nsecs; i++) {
		struct inifile_section *s = &ini->secs[i];

		for (j = 0; j < s->nkeys; j++) {
			full = xasprintf("%s:%s", s->name, s->keys[j].name);
			v = iniparser_getstring(ini->dict, full, NULL);
			free(full);
			s->keys[j].value = v != NULL ? v : "";
		}
	}
	rc = nerr;
out:
	free(sc.hdrs);
	errlist_free(&msgs);
	if (rc == -1)
		inifile_free(ini);
	return rc;
}

void
inifile_free(struct inifile *ini)
{
	size_t	i, j;

	for (i = 0; i < ini->nsecs; i++) {
		for (j = 0; j < ini->secs[i].nkeys; j++)
			free(ini->secs[i].keys[j].name);
		free(ini->secs[i].keys);
		free(ini->secs[i].name);
	}
	free(ini->secs);
	if (ini->dict != NULL)
		iniparser_freedict(ini->dict);
	free(ini->origin);
	memset(ini, 0, sizeof(*ini));
}

const struct inifile_section *
inifile_section(const struct inifile *ini, const char *name)
{
	size_t	i;

	for (i = 0; i < ini->nsecs; i++)
		if (strcmp(ini->secs[i].name, name) == 0)
			return &ini->secs[i];
	return NULL;
}

const struct inifile_key *
inifile_key(const struct inifile_section *s, const char *name)
{
	size_t	i;

	for (i = 0; i < s->nkeys; i++)
		if (strcmp(s->keys[i].name, name) == 0)
			return &s->keys[i];
	return NULL;
}

void
inifile_error(const struct inifile *ini, struct errlist *errs, int line,
    const char *section, const char *key, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	inifile_verror(ini, errs, line, section, key, fmt, ap);
	va_end(ap);
}

void
inifile_verror(const struct inifile *ini, struct errlist *errs, int line,
    const char *section, const char *key, const char *fmt, va_list ap)
{
	va_list	 aq;
	char	*msg;
	int	 n;

	/* Measure, then format: a message is never cut short. */
	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		n = 0;
	msg = xmalloc((size_t)n + 1);
	if (vsnprintf(msg, (size_t)n + 1, fmt, ap) < 0)
		msg[0] = '\0';

	if (section != NULL && key != NULL)
		errlist_add(errs, "%s:%d: [%s] %s: %s", ini->origin, line,
		    section, key, msg);
	else if (section != NULL)
		errlist_add(errs, "%s:%d: [%s]: %s", ini->origin, line,
		    section, msg);
	else if (key != NULL)
		errlist_add(errs, "%s:%d: %s: %s", ini->origin, line, key, msg);
	else
		errlist_add(errs, "%s:%d: %s", ini->origin, line, msg);
	free(msg);
}
