/* SPDX-License-Identifier: ISC */
/*
 * cetrack calendar: the renewal dates of every open cycle in the selection
 * (one person, an organization's people, or everyone) as an RFC 5545
 * iCalendar file that calendar applications import: the deadline, the day
 * the renewal window opens and the end of the late period. People are read
 * with one set-based scan and evaluated as `cetrack status` does; the
 * calendar itself is built by lib/ics (libical).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "rules/compliance.h"
#include "base/date.h"
#include "report/ics.h"
#include "store/store.h"
#include "store/store_org.h"
#include "base/util.h"

static const char calendar_usage[] =
    "usage: cetrack calendar [--person P | --org ORG] [--as-of DATE]\n"
    "                        [-o FILE.ics]\n"
    "\n"
    "Export the renewal deadlines, renewal window openings and late-renewal\n"
    "end dates of every open cycle as an iCalendar (RFC 5545) file.\n"
    "\n"
    "  -p, --person P    only this person (id, external id or exact name)\n"
    "  -O, --org ORG     only the people of this organization (id or name)\n"
    "  -a, --as-of DATE  evaluate on DATE for the event descriptions\n"
    "                    (YYYY-MM-DD, today, yesterday; default today)\n"
    "  -o, --output FILE write to FILE instead of standard output\n"
    "  -h, --help        show this help\n"
    "\n"
    "DTSTAMP is the current time, or $SOURCE_DATE_EPOCH when it is set.\n";

/* The DTSTAMP: now, or SOURCE_DATE_EPOCH for reproducible files. */
static int
calendar_stamp(struct cli *c, time_t *out)
{
	const char	*env = getenv("SOURCE_DATE_EPOCH");
	long long	 v;

	if (env == NULL || env[0] == '\0') {
		*out = time(NULL);
		return 0;
	}
	if (cet_strtonum(env, 0, 253402300799LL, &v) == -1) {
		cli_error(c, EXIT_USAGE, "SOURCE_DATE_EPOCH: '%s', expected "
		    "seconds since 1970-01-01 UTC", env);
		return -1;
	}
	*out = (time_t)v;
	return 0;
}

/* Write the calendar to path (or stdout for NULL or "-"), as every -o
 * is written (cli/out.c): a temporary file renamed into place. */
static int
calendar_write(struct cli *c, const char *path, const char *text)
{
	struct cli_out	o;
	size_t		len = strlen(text);

	if (cli_out_open(c, &o, path, -1) == -1)
		return -1;
	if (fwrite(text, 1, len, o.fp) != len) {
		cli_error(c, -1, "-o: %s: write error: %s", o.path,
		    strerror(errno));
		cli_out_abort(&o);
		return -1;
	}
	return cli_out_commit(c, &o);
}

int
cmd_calendar(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "person", required_argument, NULL, 'p' },
		{ "org", required_argument, NULL, 'O' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *person_ref = NULL, *org_ref = NULL, *as_of_arg = NULL;
	const char *out_path = NULL;
	struct store_scan *scan = NULL;
	struct store_person_data pd;
	struct person one;
	struct organization org;
	struct ics_calendar cal;
	struct comp_result res;
	const struct program *prog;
	char err[1024], *text = NULL;
	time_t stamp;
	int ch, as_of = c->today, rc = EXIT_FAIL, n, have_res = 0;
	size_t i;

	ics_init(&cal);
	memset(&res, 0, sizeof(res));
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":p:O:a:o:h", opts,
	    NULL)) != -1) {
		switch (ch) {
		case 'p':
			person_ref = optarg;
			break;
		case 'O':
			org_ref = optarg;
			break;
		case 'a':
			as_of_arg = optarg;
			break;
		case 'o':
			out_path = optarg;
			break;
		case 'h':
			return cli_help(calendar_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind < argc)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'",
		    argv[optind]);
	if (person_ref != NULL && org_ref != NULL)
		return cli_error(c, EXIT_USAGE, "--person and --org: expected "
		    "one of them, not both");
	if (as_of_arg != NULL && cli_date_arg(c, "--as-of", as_of_arg,
	    &as_of) == -1)
		return EXIT_USAGE;
	if (out_path != NULL && out_path[0] == '\0')
		return cli_error(c, EXIT_USAGE, "-o: empty, expected a file "
		    "name or '-'");
	if (org_ref != NULL && cli_text_arg(c, "--org", org_ref,
	    NAME_MAX_LEN, 0) == -1)
		return EXIT_USAGE;
	if (calendar_stamp(c, &stamp) == -1)
		return EXIT_USAGE;

	if (cli_open_db(c) == -1)
		return EXIT_FAIL;
	memset(&one, 0, sizeof(one));
	memset(&org, 0, sizeof(org));
	if (person_ref != NULL && cli_person(c, person_ref, &one) == -1)
		return EXIT_FAIL;
	if (org_ref != NULL && store_org_find(&c->db, org_ref, &org, err,
	    sizeof(err)) == -1)
		return cli_error(c, EXIT_FAIL, "%s", err);
	/* UIDs unique across databases (schema 8). */
	if (store_db_uid(&c->db, cal.dbuid, sizeof(cal.dbuid), err,
	    sizeof(err)) == -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		goto out;
	}
	/* An organization is a filter on the one scan over everyone. */
	if (store_scan_open(&c->db, one.id, STORE_SCAN_LEAN, &scan, err,
	    sizeof(err)) == -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		goto out;
	}
	while ((n = store_scan_next(scan, &pd, err, sizeof(err))) == 1) {
		if (org.id != 0 && pd.person.org_id != org.id)
			continue;
		for (i = 0; i < pd.ncreds; i++) {
			struct comp_input in;

			if (pd.cycles[i].id == 0 ||
			    pd.creds[i].status != CRED_ACTIVE)
				continue;
			prog = programs_find(&c->progs, pd.creds[i].program);
			if (prog == NULL) {
				cli_warn(c, "credential %lld: program '%s' is "
				    "not loaded; skipped",
				    (long long)pd.creds[i].id,
				    pd.creds[i].program);
				continue;
			}
			compliance_input_init(&in, &c->cfg, as_of);
			in.prog = prog;
			in.cred = &pd.creds[i];
			in.cycle = &pd.cycles[i];
			in.acts = pd.acts;
			in.nacts = pd.nacts;
			if (compliance_evaluate(&in, &res, err,
			    sizeof(err)) == -1) {
				cli_error(c, EXIT_FAIL, "credential %lld: %s",
				    (long long)pd.creds[i].id, err);
				goto out;
			}
			have_res = 1;
			if (ics_add_cycle(&cal, &pd.person, &pd.creds[i],
			    &pd.cycles[i], &res, err, sizeof(err)) == -1) {
				cli_error(c, EXIT_FAIL, "%s", err);
				goto out;
			}
			comp_release(&res);
			have_res = 0;
		}
	}
	if (n == -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		goto out;
	}
	if (ics_render(&cal, stamp, &text, err, sizeof(err)) == -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		goto out;
	}
	if (calendar_write(c, out_path, text) == -1)
		goto out;
	if (out_path != NULL && strcmp(out_path, "-") != 0)
		fprintf(stderr, "cetrack: calendar: %zu event%s written to "
		    "%s\n", cal.n, cal.n == 1 ? "" : "s", out_path);
	rc = EXIT_OK;
out:
	if (have_res)
		comp_release(&res);
	free(text);
	ics_free(&cal);
	store_scan_close(scan);
	return rc;
}
