/* SPDX-License-Identifier: ISC */
/*
 * Lists of days (see days.h): the grammar of the [reminders] lists of
 * cetrack.ini and of `notify set --remind/--after`.
 */

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/days.h"
#include "base/util.h"

static int	days_cmp_asc(const void *, const void *);
static int	days_cmp_desc(const void *, const void *);

static int
days_cmp_asc(const void *a, const void *b)
{
	int	x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static int
days_cmp_desc(const void *a, const void *b)
{
	return days_cmp_asc(b, a);
}

int
days_parse(const char *s, long long min, long long max, size_t maxn,
    int desc, int *out, int *n, struct days_problem *why)
{
	const char	*p, *end;
	long long	 x;
	size_t		 len, nv = 0, i;

	*n = 0;
	memset(why, 0, sizeof(*why));
	if (strcasecmp(s, "none") == 0)
		return 0;
	for (p = s;; p = end + 1) {
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		p += strspn(p, " \t");
		len = (size_t)(end - p);
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len == 0 || len >= sizeof(why->item)) {
			why->error = DAYS_NOT_LIST;
			return -1;
		}
		memcpy(why->item, p, len);
		why->item[len] = '\0';
		if (cet_strtonum(why->item, LLONG_MIN, LLONG_MAX, &x) != 0) {
			why->error = DAYS_NOT_NUMBER;
			return -1;
		}
		why->value = x;
		if (x < min || x > max) {
			why->error = DAYS_OUT_OF_RANGE;
			return -1;
		}
		for (i = 0; i < nv; i++) {
			if (out[i] == x) {
				why->error = DAYS_TWICE;
				return -1;
			}
		}
		if (nv == maxn) {
			why->error = DAYS_TOO_MANY;
			return -1;
		}
		out[nv++] = (int)x;
		if (*end == '\0')
			break;
	}
	qsort(out, nv, sizeof(*out), desc ? days_cmp_desc : days_cmp_asc);
	*n = (int)nv;
	return 0;
}
