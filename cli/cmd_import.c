/* SPDX-License-Identifier: ISC */
/*
 * `cetrack import FILE.csv [--dry-run]`: a roster, a transcript or an
 * export, in one transaction. Any bad row rejects the file: every problem
 * is printed as "FILE:LINE: COLUMN: problem" (the form compilers use, so
 * editors jump to it), then one summary line, and the database is left as
 * it was. --dry-run does everything, then rolls back and says what the
 * import would have done. On a terminal a progress bar shows on stderr.
 */

#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "exchange/export.h"
#include "exchange/import.h"
#include "store/store_org.h"
#include "base/util.h"

#define IMPORT_BAR_WIDTH	30

struct import_bar {
	int	shown;
};

static void	import_progress(void *, size_t, long long, long long);
static void	import_summary(const struct import_counts *, int, char *,
		    size_t);
static void	import_count(char *, size_t, size_t *, int *, size_t,
		    const char *, const char *);
static void	import_put_line(const char *);

static const char import_usage[] =
    "usage: cetrack import FILE.csv [--dry-run] [--certificates-from DIR]\n"
    "\n"
    "Import a CSV file (UTF-8, RFC 4180). Its header row names its shape:\n"
    "\n"
    "  roster      action,org,external_id,name,email,program,number,state,\n"
    "              valid_through,cycle_start,renewal_index,attrs\n"
    "              A adds or updates a person (by org and external_id) and\n"
    "              a credential (by program, state and number); R removes\n"
    "              the credential, or the person when program is empty.\n"
    "              A person or credential missing from the file is kept.\n"
    "  transcript  external_id,name,date,title,provider,hours,format,\n"
    "              topics,approvals,certificate\n"
    "              activities, e.g. topics \"ethics=1;law\", approvals\n"
    "              \"CCMC:C-123;CA-BRN:CEP-1\"\n"
    "  export      what 'cetrack export --format csv' writes\n"
    "\n"
    "The file is one transaction: any bad row rejects all of it, and every\n"
    "problem is listed as FILE:LINE: COLUMN: problem.\n"
    "\n"
    "  --dry-run   check everything and say what would change; change\n"
    "              nothing\n"
    "  --certificates-from DIR\n"
    "              where a transcript's certificate files may be read\n"
    "              (default: under the CSV file's own folder)\n";

/* A bar on stderr; only called when stderr is a terminal. */
static void
import_progress(void *arg, size_t records, long long done, long long total)
{
	struct import_bar	*bar = arg;
	char			 cells[IMPORT_BAR_WIDTH + 1];
	int			 pct, fill, i;

	if (total > 0) {
		pct = (int)(done * 100 / total);
		if (pct > 100)
			pct = 100;
		fill = pct * IMPORT_BAR_WIDTH / 100;
		for (i = 0; i < IMPORT_BAR_WIDTH; i++)
			cells[i] = i < fill ? '#' : '.';
		cells[IMPORT_BAR_WIDTH] = '\0';
		fprintf(stderr, "\rimporting [%s] %3d%% %zu records", cells,
		    pct, records);
	} else
		fprintf(stderr, "\rimporting: %zu records", records);
	fflush(stderr);
	bar->shown = 1;
}

/* One error line, control characters shown as \xNN. */
static void
import_put_line(const char *s)
{
	const unsigned char	*p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			fprintf(stderr, "\\x%02x", *p);
		else
			fputc(*p, stderr);
	}
	fputc('\n', stderr);
}

/* Append "N things" to buf, with a separator after the first. */
static void
import_count(char *buf, size_t len, size_t *used, int *first, size_t n,
    const char *one, const char *many)
{
	int	w;

	if (*used >= len)
		return;
	w = snprintf(buf + *used, len - *used, "%s%zu %s", *first ? "" : ", ",
	    n, n == 1 ? one : many);
	if (w > 0)
		*used += (size_t)w;
	*first = 0;
}

static void
import_summary(const struct import_counts *k, int dry, char *buf, size_t len)
{
	size_t	used = 0, i;
	int	first = 1, w;

	w = snprintf(buf, len, "%s ", dry ? "would add" : "added");
	used = w > 0 ? (size_t)w : 0;
	if (k->shape == IMPORT_EXPORT) {
		import_count(buf, len, &used, &first, k->rows[0],
		    "organization", "organizations");
		import_count(buf, len, &used, &first, k->rows[1], "person",
		    "people");
		import_count(buf, len, &used, &first, k->rows[2], "credential",
		    "credentials");
		import_count(buf, len, &used, &first, k->rows[3], "cycle",
		    "cycles");
		import_count(buf, len, &used, &first, k->rows[4], "activity",
		    "activities");
		import_count(buf, len, &used, &first, k->rows[8],
		    "notification", "notifications");
		/* Named only when there are some: the records of later
		 * schemas (certificates 6, verifications 9, the path 10). */
		for (i = (size_t)export_rec_find("verification");
		    i < export_nrecs; i++)
			if (k->rows[i] > 0)
				import_count(buf, len, &used, &first,
				    k->rows[i], export_rec_noun(
				    export_recs[i].record, 1), export_rec_noun(
				    export_recs[i].record, 2));
		if (used < len) {
			w = snprintf(buf + used, len - used, " (%s)",
			    k->ids_kept ? "ids kept" : "renumbered: the "
			    "database was not empty");
			used += w > 0 ? (size_t)w : 0;
		}
		if (k->notifs_not_sent > 0 && used < len)
			(void)snprintf(buf + used, len - used, "; %zu unsent "
			    "notification%s left out (cetrackd plans what is "
			    "due again)", k->notifs_not_sent,
			    k->notifs_not_sent == 1 ? "" : "s");
		return;
	}
	import_count(buf, len, &used, &first, k->people_added, "person",
	    "people");
	import_count(buf, len, &used, &first, k->creds_added, "credential",
	    "credentials");
	import_count(buf, len, &used, &first, k->acts_added, "activity",
	    "activities");
	if (k->verifications_added > 0)
		import_count(buf, len, &used, &first, k->verifications_added,
		    "verification", "verifications");
	if (k->people_updated + k->creds_updated > 0 && used < len) {
		w = snprintf(buf + used, len - used, "; %s ",
		    dry ? "would update" : "updated");
		used += w > 0 ? (size_t)w : 0;
		first = 1;
		import_count(buf, len, &used, &first, k->people_updated,
		    "person", "people");
		import_count(buf, len, &used, &first, k->creds_updated,
		    "credential", "credentials");
	}
	if (k->creds_renewed > 0 && used < len) {
		w = snprintf(buf + used, len - used, "; %s ",
		    dry ? "would renew" : "renewed");
		used += w > 0 ? (size_t)w : 0;
		first = 1;
		import_count(buf, len, &used, &first, k->creds_renewed,
		    "credential", "credentials");
	}
	if (k->people_removed + k->creds_removed > 0 && used < len) {
		w = snprintf(buf + used, len - used, "; %s ",
		    dry ? "would remove" : "removed");
		used += w > 0 ? (size_t)w : 0;
		first = 1;
		import_count(buf, len, &used, &first, k->people_removed,
		    "person", "people");
		import_count(buf, len, &used, &first, k->creds_removed,
		    "credential", "credentials");
	}
	if (k->removals_skipped > 0 && used < len) {
		w = snprintf(buf + used, len - used, "; %zu removal%s with "
		    "nothing to remove", k->removals_skipped,
		    k->removals_skipped == 1 ? "" : "s");
		used += w > 0 ? (size_t)w : 0;
	}
	if (k->acts_same > 0 && used < len)
		(void)snprintf(buf + used, len - used, "; %zu %s already "
		    "recorded", k->acts_same, k->acts_same == 1 ?
		    "activity" : "activities");
}

int
cmd_import(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dry-run",	no_argument,	NULL,	'n' },
		{ "certificates-from", required_argument, NULL, 'C' },
		{ "help",	no_argument,	NULL,	'h' },
		{ NULL,		0,		NULL,	0 }
	};
	struct import_opts	 o;
	struct import_counts	 counts;
	struct import_bar	 bar = { 0 };
	struct errlist		 errs = { NULL, 0 }, warns = { NULL, 0 };
	struct import		*imp = NULL;
	char			 err[1024], summary[1024];
	size_t			 i;
	int			 ch, dry = 0, ret, intx = 0, rc = EXIT_FAIL;
	const char		*certs_from = NULL;
	struct stat		 st;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			dry = 1;
			break;
		case 'C':
			certs_from = optarg;
			break;
		case 'h':
			return cli_help(import_usage);
		default:
			return cli_bad_option(c, ch, argv);
		}
	}
	if (optind == argc)
		return cli_error(c, EXIT_USAGE, "FILE: missing, expected a CSV "
		    "file (roster, transcript or export; see 'cetrack import "
		    "--help')");
	if (argc - optind > 1)
		return cli_error(c, EXIT_USAGE, "unexpected argument '%s'; "
		    "import one file at a time", argv[optind + 1]);
	if (argv[optind][0] == '\0')
		return cli_error(c, EXIT_USAGE, "FILE: empty, expected a CSV "
		    "file");
	if (certs_from != NULL && (stat(certs_from, &st) == -1 ||
	    !S_ISDIR(st.st_mode)))
		return cli_error(c, EXIT_USAGE, "--certificates-from: %s is not "
		    "a directory, expected the folder certificates are read "
		    "from", certs_from);
	if (access(argv[optind], R_OK) == -1 && strcmp(argv[optind], "-") != 0)
		return cli_error(c, EXIT_FAIL, "%s: cannot read the file: %s",
		    argv[optind], strerror(errno));

	if (cli_open_db(c) == -1)
		return EXIT_FAIL;
	/* Before the transaction: SQLite ignores temp_store inside one. */
	if (store_bulk_cache(&c->db, err, sizeof(err)) == -1)
		return cli_error(c, EXIT_FAIL, "%s", err);
	memset(&o, 0, sizeof(o));
	o.path = argv[optind];
	o.dry_run = dry;
	o.today = c->today;
	o.progs = &c->progs;
	o.cert_max = (long long)c->cfg.cert_max_mb * 1024 * 1024;
	o.warns = &warns;
	o.cert_from = certs_from;
	if (isatty(STDERR_FILENO)) {
		o.progress = import_progress;
		o.progress_arg = &bar;
	}
	imp = import_new(&o);
	if (cli_begin(c) == -1)
		goto out;
	intx = 1;
	ret = import_run(imp, &c->db, &counts, &errs, err, sizeof(err));
	if (bar.shown)
		fputs("\n", stderr);
	if (ret == -1) {
		cli_error(c, EXIT_FAIL, "%s", err);
		goto out;
	}
	if (ret == 1) {
		fflush(stdout);
		for (i = 0; i < errs.n; i++)
			import_put_line(errs.v[i]);
		cli_error(c, EXIT_FAIL, "%s: %zu %s; nothing was imported",
		    o.path, errs.n, errs.n == 1 ? "problem" : "problems");
		goto out;
	}
	import_summary(&counts, dry, summary, sizeof(summary));
	for (i = 0; i < warns.n; i++)
		cli_warn(c, "%s", warns.v[i]);
	if (dry) {
		printf("%s (%s, %zu records), dry run: %s; nothing was "
		    "changed\n", o.path, import_shape_name(counts.shape),
		    counts.records, summary);
		rc = EXIT_OK;
		goto out;
	}
	intx = 0;
	if (cli_commit(c) == -1)
		goto out;
	printf("%s (%s, %zu records): %s\n", o.path,
	    import_shape_name(counts.shape), counts.records, summary);
	rc = EXIT_OK;
out:
	if (intx)
		cli_rollback(c);
	import_free(imp);
	errlist_free(&errs);
	errlist_free(&warns);
	return rc;
}
