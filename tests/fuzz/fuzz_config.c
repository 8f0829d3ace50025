/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target for the cetrack.ini parser (lib/base/config.h
 * config_load): the input is written to a file of mode 0600 (a file
 * others may write is refused before it is parsed) and loaded as `-c
 * FILE` loads it. config_load reads only a named file, so the target
 * goes through one; no seam in the library is needed.
 *
 * Properties: a load fails exactly when it reports problems, each on one
 * line naming the file; a load that succeeds leaves a configuration that
 * keeps config.h's promises (reminder lists distinct and in
 * chronological order, a time of day inside the day, a channel enabled
 * only with what it needs, a backoff that can grow before it gives up,
 * every text field terminated).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "base/config.h"
#include "base/util.h"

#define FUZZ_TERMINATED(a)	(memchr((a), '\0', sizeof(a)) != NULL)

static void	fuzz_check_config(const struct config *);
static void	fuzz_check_list(const int *, int, int);

static struct config	cfg;

static void
fuzz_check_list(const int *v, int n, int desc)
{
	int	i;

	FUZZ_CHECK(n >= 0 && n <= CONFIG_MAX_OFFSETS);
	for (i = 1; i < n; i++)
		FUZZ_CHECK(desc ? v[i - 1] > v[i] : v[i - 1] < v[i]);
}

static void
fuzz_check_config(const struct config *c)
{
	const struct config_program_reminders	*pr;
	int					 i;

	FUZZ_CHECK(FUZZ_TERMINATED(c->path));
	FUZZ_CHECK(FUZZ_TERMINATED(c->db_path) && c->db_path[0] != '\0');
	FUZZ_CHECK(FUZZ_TERMINATED(c->programs_dir));
	FUZZ_CHECK(FUZZ_TERMINATED(c->timezone));
	FUZZ_CHECK(FUZZ_TERMINATED(c->smtp_url));
	FUZZ_CHECK(FUZZ_TERMINATED(c->from));
	FUZZ_CHECK(FUZZ_TERMINATED(c->username));
	FUZZ_CHECK(FUZZ_TERMINATED(c->password_file));
	FUZZ_CHECK(FUZZ_TERMINATED(c->ca_file));
	FUZZ_CHECK(FUZZ_TERMINATED(c->admin));
	FUZZ_CHECK(FUZZ_TERMINATED(c->webhook_url));
	FUZZ_CHECK(FUZZ_TERMINATED(c->secret_file));
	fuzz_check_list(c->before, c->nbefore, 1);
	fuzz_check_list(c->after, c->nafter, 0);
	FUZZ_CHECK(c->send_time >= 0 && c->send_time < 24 * 60);
	if (c->email_enabled)
		FUZZ_CHECK(c->smtp_url[0] != '\0' && c->from[0] != '\0');
	if (c->webhook_enabled)
		FUZZ_CHECK(c->webhook_url[0] != '\0');
	FUZZ_CHECK(c->retry_first <= c->retry_max);
	FUZZ_CHECK(c->retry_max <= c->give_up_after);
	FUZZ_CHECK(c->nprog_rem >= 0 &&
	    c->nprog_rem <= CONFIG_MAX_PROGRAM_REMINDERS);
	for (i = 0; i < c->nprog_rem; i++) {
		pr = &c->prog_rem[i];
		FUZZ_CHECK(FUZZ_TERMINATED(pr->code) && pr->code[0] != '\0');
		FUZZ_CHECK(config_program_reminders(c, pr->code) == pr);
		fuzz_check_list(pr->before, pr->nbefore, 1);
		fuzz_check_list(pr->after, pr->nafter, 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct errlist	errs = { NULL, 0 };
	char		path[600];
	int		rc;

	if (cet_fmt(path, sizeof(path), "%s/cetrack.ini", fuzz_tmpdir()) == -1)
		abort();
	fuzz_write(path, data, len, 0600);
	rc = config_load(&cfg, path, &errs);
	FUZZ_CHECK(rc == 0 || rc == -1);
	FUZZ_CHECK((rc == -1) == (errs.n > 0));
	fuzz_check_errlist(&errs);
	if (rc == 0)
		fuzz_check_config(&cfg);
	errlist_free(&errs);
	return 0;
}
