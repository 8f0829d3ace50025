#!/bin/sh
# SPDX-License-Identifier: ISC
# The banned-call lint (after curl's checksrc): these calls either cannot
# bound their output or cannot report errors.
set -u
cd "$(dirname "$0")/.."
bad=$(grep -nE '\b(gets|sprintf|vsprintf|strcpy|strcat|strncpy|strncat|strtok|atoi|atol|atof)[[:space:]]*\(' lib/*/*.c lib/*/*.h cli/*.c cli/*.h 2>/dev/null | grep -v 'snprintf\|vsnprintf')
if [ -n "$bad" ]; then
	echo "lint: banned calls:" >&2
	echo "$bad" >&2
	exit 1
fi
echo "lint: no banned calls"
