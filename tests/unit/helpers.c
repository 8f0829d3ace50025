/* SPDX-License-Identifier: ISC */
/* Helpers shared by the unit tests (helpers.h). */
#include <sys/stat.h>

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <sqlite3.h>

#include "helpers.h"
#include "base/date.h"
#include "base/util.h"
#include "store/db.h"
#include "store/store.h"

int
D(const char *iso)
{
	int	d;

	cr_assert_eq(date_parse_iso(iso, &d), 0, "bad test date %s", iso);
	return d;
}

char *
slurp(const char *path, size_t *len)
{
	FILE	*f;
	char	*buf;
	long	 n;

	f = fopen(path, "r");
	cr_assert_not_null(f, "%s: %s (run from the source tree)", path,
	    strerror(errno));
	cr_assert_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	cr_assert_geq(n, 0);
	rewind(f);
	buf = xmalloc((size_t)n + 1);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n, "%s", path);
	buf[n] = '\0';
	fclose(f);
	if (len != NULL)
		*len = (size_t)n;
	return buf;
}

int
query_int(struct db *db, const char *sql)
{
	sqlite3_stmt	*s;
	int		 v;

	cr_assert_eq(sqlite3_prepare_v2(db->h, sql, -1, &s, NULL), SQLITE_OK,
	    "%s: %s", sql, sqlite3_errmsg(db->h));
	cr_assert_eq(sqlite3_step(s), SQLITE_ROW, "%s", sql);
	v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

void
scratch_make(char *dir, size_t len, const char *name)
{
	const char	*tmp = getenv("TMPDIR");

	cr_assert_eq(cet_fmt(dir, len, "%s/cetrack-%s-XXXXXX",
	    tmp != NULL && tmp[0] == '/' ? tmp : "/tmp", name), 0);
	cr_assert_not_null(mkdtemp(dir), "mkdtemp %s: %s", dir,
	    strerror(errno));
}

static int
scratch_rm_one(const char *path, const struct stat *sb, int flag,
    struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (flag == FTW_DP)
		(void)rmdir(path);
	else
		(void)unlink(path);
	return 0;
}

void
scratch_remove(const char *dir)
{
	if (dir == NULL || dir[0] != '/' || strstr(dir, "/cetrack-") == NULL)
		return;
	(void)nftw(dir, scratch_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

void
memdb_open(struct db *db)
{
	char	err[512];

	cr_assert_eq(unsetenv("SUDO_USER"), 0);
	store_audit_actor("dreyes");
	cr_assert_eq(db_open(db, ":memory:", DB_OPEN_CREATE, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(db_migrate(db, NULL, NULL, err, sizeof(err)), 0, "%s",
	    err);
}
