/* SPDX-License-Identifier: ISC */
/*
 * Small helpers every module uses: allocation that aborts on out-of-memory
 * (as tmux's xmalloc does; there is nothing useful to do after it), strlcpy
 * (glibc 2.36 lacks it), bounded formatting, and an error list that
 * collects every problem of a file so that the user sees them all at once.
 */
#ifndef CETRACK_UTIL_H
#define CETRACK_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * A function defined only in a full program (cetrack-full, cetrackd-full:
 * the sources of FULL_SRC in the Makefile). Declared weak, it is NULL in
 * the light cetrack and cetrackd, which do not link those sources; the
 * caller tests it and hands the work to the full program instead
 * (cli/exec.c, daemon/spawn.c). The Makefile refuses a light program
 * that links a full-only object.
 */
#define CET_FULL_ONLY	__attribute__((weak))

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));

/* Copy src into dst of size dsz, always NUL-terminated; returns strlen(src). */
size_t	 cet_strlcpy(char *dst, const char *src, size_t dsz);

/* snprintf into buf; returns 0, or -1 if the result was truncated. */
int	 cet_fmt(char *buf, size_t len, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* Return 1 if s is valid UTF-8 without control characters (tab allowed). */
int	 cet_utf8_valid(const char *s);

/* FNV-1a, 64 bits, continuing from h (start with CET_FNV_INIT): a digest
 * for noticing that something changed, not for security. */
#define CET_FNV_INIT	UINT64_C(0xcbf29ce484222325)
uint64_t cet_fnv1a(uint64_t h, const void *p, size_t n);

/* Number of code points in a valid UTF-8 string. */
size_t	 cet_utf8_len(const char *s);
/*
 * 1 if a spreadsheet would evaluate a CSV cell starting like s (=, +, -,
 * @, TAB, CR: OWASP's CSV injection list), else 0. The reports and the
 * export write such a cell with a leading apostrophe.
 */
int	 cet_csv_formula(const char *s, size_t len);

/* 1 if s is well-formed UTF-8 (control characters allowed), else 0. */
int	 cet_utf8_form(const char *s);

/*
 * The first code point of s that plain text must not hold: a C0 control
 * but tab, DEL, a C1 control (U+0080-U+009F: U+009B is a terminal's CSI),
 * a bidirectional embedding, override, isolate or mark (U+061C,
 * U+200E-U+200F, U+202A-U+202E, U+2066-U+2069: they reorder what a
 * reader sees) or a line or paragraph separator (U+2028, U+2029). 0 when
 * there is none; -1 when s is not UTF-8. *what (may be NULL) names it.
 */
long	 cet_text_unsafe(const char *s, const char **what);

/*
 * s for a terminal or a text file: C0 controls (tab too) and DEL written
 * as "\xhh", the other code points cet_text_unsafe refuses as
 * "\u{XXXX}", bytes that are not UTF-8 as "\xhh",
 * so what an older database holds cannot drive the terminal. Returns buf
 * (truncated to len).
 */
char	*cet_text_show(const char *s, char *buf, size_t len);

/*
 * Word wrap for a column of text: the first line of s when lines hold at
 * most width code points and break at spaces. Returns the line's length in
 * bytes (trailing spaces left out), sets *cols to its width in code points
 * and *next to where the next line starts (spaces skipped; "" at the end).
 * A word longer than width is never cut: it makes a line of its own, wider
 * than the column. s starts with a word, as trimmed labels do.
 */
size_t	 cet_wrap_line(const char *s, size_t width, size_t *cols,
	    const char **next);

/* Parse a decimal integer in [min, max]; returns 0 or -1 (trailing junk,
 * overflow, out of range). */
int	 cet_strtonum(const char *s, long long min, long long max,
	    long long *out);

/*
 * An error list: each entry one complete line without the trailing newline,
 * e.g. "cetrack.ini: [email] starttls: expected required|optional|off".
 */
struct errlist {
	char	**v;
	size_t	  n;
};

void	 errlist_add(struct errlist *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	 errlist_free(struct errlist *);

#endif
