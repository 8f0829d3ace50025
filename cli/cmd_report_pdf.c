/* SPDX-License-Identifier: ISC */
/*
 * `cetrack report --format pdf`: the one format that needs pango and
 * cairo, so only cetrack-full links it (FULL_SRC); cmd_report.c hands a
 * PDF report to cetrack-full before it reads anything.
 */
#include "cli.h"
#include "report/report.h"

int
cmd_report_pdf(const struct report *r, FILE *fp, enum report_paper paper,
    char *err, size_t errlen)
{
	return report_render_pdf(r, fp, paper, err, errlen);
}
