/* SPDX-License-Identifier: ISC */
/*
 * What only cetrack-full carries. The cetrack program every command
 * starts is linked without pango/cairo (PDF), libical (calendar) and
 * libcurl (notify test): with them, loading and relocating 76 shared
 * libraries cost about 11 ms of every `status` and `ce log`. The few
 * commands that need them are run by cetrack-full, the same program with
 * everything linked, which the light one execs with its arguments
 * unchanged (git keeps libcurl out of git the same way, in
 * git-remote-https). cli/light.c and cli/heavy.c each define cli_heavy
 * for one of the two binaries.
 */
#ifndef CETRACK_CLI_HEAVY_H
#define CETRACK_CLI_HEAVY_H

#include <stdio.h>

#include "cli.h"
#include "report/report.h"

struct cli_heavy {
	int	(*calendar)(struct cli *, int, char **);
	int	(*notify_test)(struct cli *, int, char **);
	int	(*render_pdf)(const struct report *, FILE *,
		    enum report_paper, char *, size_t);
};

/* NULL members in cetrack, every member in cetrack-full. */
extern const struct cli_heavy cli_heavy;

/* Remember main's arguments for cli_exec_full. */
void	 cli_exec_init(int argc, char **argv);

/*
 * Run this very command line in cetrack-full: beside the running program,
 * then in ../libexec/cetrack/ from it, then in LIBEXECDIR/cetrack/. Returns
 * only on failure, with one line on stderr naming `what` and EXIT_FAIL.
 */
int	 cli_exec_full(const char *what);

/*
 * In cetrack-full: 1 if cetrack ran it, which has loaded the rule packs
 * and printed their warnings already (main does not repeat them); 0 when
 * run directly.
 */
int	 cli_exec_handed_over(void);

/* The table entries of the commands: cetrack-full's own, or the exec. */
int	 cli_run_calendar(struct cli *, int, char **);
int	 cli_run_notify_test(struct cli *, int, char **);

#endif
