/* SPDX-License-Identifier: ISC */
/* cetrack-full: every command in this program (cli/heavy.h). */
#include "heavy.h"

const struct cli_heavy cli_heavy = {
	.calendar = cmd_calendar,
	.notify_test = cmd_notify_test,
	.render_pdf = report_render_pdf
};
