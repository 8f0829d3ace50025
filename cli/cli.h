/* SPDX-License-Identifier: ISC */
/*
 * The cetrack command-line program: the shared context of every command and
 * the helpers that keep their behaviour alike (error lines, exit codes,
 * argument validation, colour, JSON output). One file per command group,
 * cmd_GROUP.c, holding that group and nothing else; main.c holds the
 * command table, exec.c the hand-over to cetrack-full, util.c the helpers.
 *
 * cetrack and cetrack-full are the same program but for the sources of
 * FULL_SRC (Makefile), which only cetrack-full links: the commands that
 * need pango/cairo (PDF), libical (calendar) or libcurl (notify test).
 * Loading those 76 shared libraries cost about 11 ms of every `status`
 * and `ce log`, so cetrack runs without them and execs cetrack-full, with
 * the same arguments, for a command marked CMD_FULL (git keeps libcurl
 * out of git the same way, in git-remote-https). Their functions are
 * declared CET_FULL_ONLY below: NULL in cetrack.
 */
#ifndef CETRACK_CLI_H
#define CETRACK_CLI_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "base/config.h"
#include "store/db.h"
#include "base/hours.h"
#include "rules/programs.h"
#include "base/util.h"
#include "report/report.h"

/* What a command needs (the command table's and cli_sub's flags). */
#define CMD_CONFIG	0x01	/* main loads the configuration */
#define CMD_PROGRAMS	0x02	/* and the rule packs */
#define CMD_FULL	0x04	/* run by cetrack-full (its fn is CET_FULL_ONLY) */

/* Exit codes (documented in cetrack(1)). */
enum cli_exit {
	EXIT_OK		= 0,
	EXIT_FAIL	= 1,	/* the command could not be done: data, I/O */
	EXIT_USAGE	= 2	/* bad options or option values */
};

struct cli {
	const char	*cmd;		/* "ce log", for error lines */
	const char	*config_path;	/* -c, or NULL */
	const char	*db_path;	/* -d, or NULL: the config's */
	struct config	 cfg;
	struct program_set progs;
	struct db	 db;
	int		 db_open;
	int		 today;		/* days since epoch, local time */
	int		 color;		/* stdout is a TTY and NO_COLOR unset */
};

/* Print "cetrack: CMD: message" on stderr; returns `code` so that a
 * command can `return cli_error(c, EXIT_USAGE, ...)`. */
int	 cli_error(struct cli *, int code, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	 cli_warn(struct cli *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Open the configured database (must exist and be current). Returns 0 or
 * prints the error and returns -1. */
int	 cli_open_db(struct cli *);

/* Run the command's writes in one transaction: begin, and commit or roll
 * back (prints the error). */
int	 cli_begin(struct cli *);
int	 cli_commit(struct cli *);
void	 cli_rollback(struct cli *);

/*
 * Validate a text argument: valid UTF-8 without control characters, not
 * empty (unless allow_empty), fewer than `size` bytes (size is the buffer
 * size from model.h). Prints "CMD: FIELD: problem, expected FORM" and
 * returns -1 on error.
 */
int	 cli_text_arg(struct cli *, const char *field, const char *value,
	    size_t size, int allow_empty);

/* Parse a user date ("YYYY-MM-DD", "today", "yesterday"); prints the error
 * naming `field`. */
int	 cli_date_arg(struct cli *, const char *field, const char *value,
	    int *out);

/* Resolve a person reference, or the only person when ref is NULL. */
struct person;
int	 cli_person(struct cli *, const char *ref, struct person *);

/* Print a JSON value to stdout (indent 2, sorted as built) and a newline;
 * returns 0 or -1 (write error). Takes ownership of v. */
int	 cli_json_print(json_t *v);

/* Hours as a JSON number in hours (6250 -> 62.5), exact for 2 decimals. */
json_t	*cli_json_hours(long centi);

/* ANSI colour around s when c->color, else s itself; returns a static
 * buffer that the next call overwrites. */
const char *cli_paint(struct cli *, const char *sgr, const char *s);

/*
 * Helpers added with the commands (cli/util.c).
 */

/* Parse a positive id ("3"); prints "CMD: FIELD: ..." and returns -1. */
int	 cli_id_arg(struct cli *, const char *field, const char *value,
	    int64_t *out);

/* Parse --limit: a count from 1 to max; prints "CMD: --limit: ..." and
 * returns -1. */
int	 cli_limit_arg(struct cli *, const char *value, long long max,
	    size_t *out);

/* Report a getopt_long failure as one line (ch is '?' or ':', from an
 * option string starting with ':'); returns EXIT_USAGE. */
int	 cli_bad_option(struct cli *, int ch, char **argv);

/* Reset getopt for a command's own option parsing. */
void	 cli_getopt_reset(void);

/* Print a usage text on stdout (for --help); returns EXIT_OK. */
int	 cli_help(const char *usage);

/* A command group's subcommands ("person add", "person list"). */
struct cli_sub {
	const char	*name;		/* "add" */
	const char	*cmd;		/* "person add", for error lines */
	int		(*fn)(struct cli *, int, char **);
	int		 flags;		/* CMD_FULL or 0 */
};

/* Run the subcommand named by argv[1] (argv[0] is the group); --help on
 * the group prints `usage`. A CMD_FULL subcommand that this program does
 * not have is run by cetrack-full. Returns an exit code. */
int	 cli_dispatch(struct cli *, const struct cli_sub *, size_t nsub,
	    const char *usage, int argc, char **argv);

/* The database file in use: -d, $CETRACK_DB or the configuration's. */
const char *cli_db_path(const struct cli *);

/* Whether -o PATH names something that is not a regular file (a device
 * such as /dev/null, a FIFO, a terminal): written to directly, never
 * replaced by renaming a finished file over it. 1 or 0. */
int	 cli_out_special(const char *path);

/*
 * -o FILE (cli/out.c): cli_out_open gives o->fp to write to: standard
 * output for NULL or "-", the device itself for cli_out_special, else a
 * temporary file beside FILE with mode (-1: 0666 less the umask) that
 * cli_out_commit syncs and renames over FILE (replacing a symbolic link,
 * never following it). cli_out_abort removes it. Errors are printed
 * ("-o: FILE: why"); -1.
 */
struct cli_out {
	FILE		*fp;
	const char	*path;
	char		*tmp;
};
int	 cli_out_open(struct cli *, struct cli_out *, const char *path,
	    int mode);
int	 cli_out_commit(struct cli *, struct cli_out *);
void	 cli_out_abort(struct cli_out *);

/*
 * Write len bytes to path (mode 0600) as a whole, through cli_out: a
 * temporary file renamed into place ("-": standard output). field names
 * the option in the one error line printed. Returns 0, or -1.
 */
int	 cli_write_file(struct cli *, const char *field, const char *path,
	    const void *data, size_t len);

/* Append "field: old -> new" (an empty value shown as none) to the
 * "; "-separated list of changes in buf, unless old and new agree: what a
 * correction says, and its audit row keeps. */
void	 cli_diff(char *buf, size_t len, const char *field, const char *old,
	    const char *new);

/* An amount for people, with long unit names: "1.5 h", "90 min",
 * "0.15 CEU", "3 semester credits" (hours_format_label). */
char	*cli_amount(const struct hours_amount *, char *buf, size_t len);

/* Print s on stdout padded with spaces to `width` characters (code
 * points, so that names with accents line up). */
void	 cli_pad(const char *s, size_t width);

/* JSON helpers: a date ("YYYY-MM-DD", or null for -1 and INT_MIN), a
 * string (null for "" or NULL). */
json_t	*cli_json_date(int days);
json_t	*cli_json_str(const char *s);

/*
 * The hand-over to cetrack-full (exec.c). cli_exec_init remembers main's
 * arguments. cli_exec_full runs this very command line in cetrack-full:
 * beside the running program, then in ../libexec/cetrack/ from it, then
 * in LIBEXECDIR/cetrack/; it returns only on failure, with one line on
 * stderr naming `what`, and EXIT_FAIL. Nothing has been written when it
 * runs. cli_exec_handed_over: 1 in a cetrack-full that cetrack ran, which
 * has printed the rule packs' warnings already; 0 otherwise.
 */
void	 cli_exec_init(int argc, char **argv);
int	 cli_exec_full(const char *what);
int	 cli_exec_handed_over(void);

/* 1 in cetrack-full, 0 in cetrack. */
int	 cli_full(void);

/* Commands: argv[0] is the command word ("status"); return an exit code. */
int	 cmd_init(struct cli *, int argc, char **argv);
int	 cmd_person(struct cli *, int argc, char **argv);
int	 cmd_cred(struct cli *, int argc, char **argv);
int	 cmd_ce(struct cli *, int argc, char **argv);
/* The path into a credential: degrees, experience, exams (cmd_path.c). */
int	 cmd_edu(struct cli *, int argc, char **argv);
int	 cmd_exp(struct cli *, int argc, char **argv);
int	 cmd_exam(struct cli *, int argc, char **argv);
int	 cmd_eligibility(struct cli *, int argc, char **argv);
int	 cmd_status(struct cli *, int argc, char **argv);
int	 cmd_programs(struct cli *, int argc, char **argv);
int	 cmd_backup(struct cli *, int argc, char **argv);
int	 cmd_check(struct cli *, int argc, char **argv);
int	 cmd_notify(struct cli *, int argc, char **argv);
int	 cmd_report(struct cli *, int argc, char **argv);
/* Organizations, import, export and the demo data (cmd_org.c,
 * cmd_import.c, cmd_export.c, cmd_demo.c). */
int	 cmd_org(struct cli *, int argc, char **argv);
int	 cmd_import(struct cli *, int argc, char **argv);
int	 cmd_export(struct cli *, int argc, char **argv);
int	 cmd_demo(struct cli *, int argc, char **argv);
/* The audit log (cmd_history.c). */
int	 cmd_history(struct cli *, int argc, char **argv);

/* Full-only (FULL_SRC): cmd_calendar.c, cmd_notify_test.c, and the PDF
 * format of `report` (cmd_report_pdf.c). */
int	 cmd_calendar(struct cli *, int argc, char **argv) CET_FULL_ONLY;
int	 cmd_notify_test(struct cli *, int argc, char **argv) CET_FULL_ONLY;
int	 cmd_report_pdf(const struct report *, FILE *, enum report_paper,
	    char *err, size_t errlen) CET_FULL_ONLY;

#endif
