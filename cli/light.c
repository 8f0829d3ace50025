/* SPDX-License-Identifier: ISC */
/* cetrack: none of the heavy commands here; cli_exec_full runs them. */
#include "heavy.h"

const struct cli_heavy cli_heavy = { NULL, NULL, NULL };
