/* SPDX-License-Identifier: ISC */
/*
 * INI text read through iniparser, with line numbers. iniparser 4.1 loads
 * only named files, prints its syntax errors on stderr and forgets where
 * each key was. This wrapper loads a string through an anonymous memfd,
 * turns iniparser's complaints into "origin:line: ..." entries of an
 * errlist, and indexes every section and key with the line it is on, so
 * that a schema checker built on top can point at the right line.
 */
#ifndef CETRACK_INIFILE_H
#define CETRACK_INIFILE_H

#include <stdarg.h>
#include <stddef.h>

#include <iniparser.h>

#include "base/util.h"

/* iniparser's ASCIILINESZ: its longest line, continuations included. */
#define INIFILE_LINE_MAX	1023

struct inifile_key {
	char		*name;		/* lower case, as iniparser stores it */
	const char	*value;		/* owned by the dictionary; never NULL */
	int		 line;		/* where "name =" is */
};

struct inifile_section {
	char		*name;		/* lower case, as iniparser stores it */
	int		 line;		/* of its first [header] */
	struct inifile_key *keys;	/* in file order */
	size_t		 nkeys;
};

struct inifile {
	char		*origin;	/* names the text in errors */
	dictionary	*dict;
	struct inifile_section *secs;	/* in file order */
	size_t		 nsecs;
};

/*
 * Parse text. Returns -1 if iniparser could not read it (a syntax error, a
 * line too long): every problem is appended to errs and nothing needs
 * freeing. Otherwise returns the number of structural problems appended to
 * errs (a key outside any section, a section or key given twice: 0 when
 * none) and the caller releases the result with inifile_free.
 */
int	 inifile_parse(struct inifile *, const char *origin, const char *text,
	    struct errlist *errs);
void	 inifile_free(struct inifile *);

const struct inifile_section *inifile_section(const struct inifile *,
	    const char *name);
const struct inifile_key *inifile_key(const struct inifile_section *,
	    const char *name);

/*
 * Append one error: "origin:line: [section] key: message". Without a key
 * "origin:line: [section]: message"; without a section "origin:line:
 * message".
 */
void	 inifile_error(const struct inifile *, struct errlist *, int line,
	    const char *section, const char *key, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));
void	 inifile_verror(const struct inifile *, struct errlist *, int line,
	    const char *section, const char *key, const char *fmt, va_list)
	    __attribute__((format(printf, 6, 0)));

#endif
