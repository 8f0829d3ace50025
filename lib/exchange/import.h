/* SPDX-License-Identifier: ISC */
/*
 * `cetrack import`: CSV files of three shapes, told apart by their header
 * row (documented in cetrack(1)):
 *
 *   roster      action,org,external_id,name,email,program,number,state,
 *               valid_through,cycle_start,renewal_index,attrs[,
 *               verified_on,verified_by,verification_source]
 *               People and their credentials, as a Nursys e-Notify nurse
 *               list: A adds or updates, R removes; a row that is missing
 *               removes nothing.
 *   transcript  external_id,name,date,title,provider,hours,format,topics,
 *               approvals,certificate
 *               CE activities of people already known.
 *   export      what `cetrack export --format csv` writes (record,id,...):
 *               everything, read back losslessly.
 *
 * Every row is checked by the rules the commands use (text limits, real
 * dates, the hours grammar, known programs, ...) and applied through the
 * store inside the caller's transaction, so that later rows are checked
 * against earlier ones. Every problem is collected as
 * "FILE:LINE: COLUMN: problem" (LINE: where the record starts); with any
 * problem the caller rolls the whole file back.
 */
#ifndef CETRACK_IMPORT_H
#define CETRACK_IMPORT_H

#include <stddef.h>

#include "store/db.h"
#include "rules/programs.h"
#include "base/util.h"

#define IMPORT_MAX_NOMINAL	10000	/* 100 clock hours per activity */
#define IMPORT_PROGRESS_EVERY	1000	/* records between progress calls */

enum import_shape {
	IMPORT_UNKNOWN,
	IMPORT_ROSTER,
	IMPORT_TRANSCRIPT,
	IMPORT_EXPORT
};

struct import_opts {
	const char	*path;		/* the CSV file; "-": standard input */
	int		 dry_run;	/* the caller rolls back (certificates
					 * are read and checked all the same) */
	int		 today;		/* no activity may be later */
	const struct program_set *progs;
	long long	 cert_max;	/* a transcript's certificate file, at
					 * most (bytes); 0: CERT_MAX_LIMIT */
	/* Called every IMPORT_PROGRESS_EVERY records (may be NULL). */
	void		(*progress)(void *, size_t records, long long done,
			    long long total);
	void		*progress_arg;
	/* The folder certificate paths must lie under (NULL: the CSV file's
	 * own folder; from standard input, none may be read). */
	const char	*cert_from;
	/* Rows applied with a remark, e.g. an R row for someone already
	 * removed ("FILE:LINE: column: message"; may be NULL). */
	struct errlist	*warns;
};

struct import_counts {
	enum import_shape shape;
	size_t	records;		/* data records read */
	size_t	people_added;
	size_t	people_updated;
	size_t	people_removed;
	size_t	creds_added;
	size_t	creds_updated;
	size_t	creds_renewed;
	size_t	creds_removed;
	size_t	removals_skipped;	/* R rows for no one present: warned */
	size_t	notifs_not_sent;	/* export: pending or failed rows left
					   out (cetrackd plans them again) */
	size_t	acts_added;
	size_t	acts_same;		/* already recorded: skipped */
	size_t	verifications_added;	/* roster: verification columns */
	size_t	rows[16];		/* export shape: per record type */
	int	ids_kept;		/* export shape: the file's ids kept */
};

struct import;

struct import *import_new(const struct import_opts *);

/*
 * Read the whole file and apply it. Returns 0 when every row was good, 1
 * when some were not (each problem in errs; roll back), or -1 when the
 * import could not go on (the file cannot be read, a database error), with
 * a message in err.
 */
int	 import_run(struct import *, struct db *, struct import_counts *,
	    struct errlist *errs, char *err, size_t errlen);

void	 import_free(struct import *);

const char *import_shape_name(enum import_shape);

#endif
