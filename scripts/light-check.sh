#!/bin/sh
# SPDX-License-Identifier: ISC
# light-check.sh PROGRAM MAP FULL_OBJ...: fail when the light PROGRAM took in
# a full-only object (Makefile FULL_SRC), named with what pulled it in. MAP
# is the linker's map (-Wl,-Map): archive members are listed as
# "ARCHIVE(member.o)" followed by "FILE (symbol)" that needed them, objects
# given on the command line as "LOAD FILE".
set -u
prog=$1
map=$2
shift 2
status=0
for obj in "$@"; do
	member=$(basename "$obj")
	why=$(awk -v obj="$obj" -v member="$member" '
		/^Archive member included/ { in_members = 1; next }
		/^(Discarded input sections|Memory Configuration|Allocating common)/ { in_members = 0 }
		in_members && index($1, "(" member ")") > 0 &&
		    substr($1, length($1) - length(member) - 1) == "(" member ")" {
			if (NF > 1) { $1 = ""; print substr($0, 2); exit }
			getline; sub(/^[ \t]+/, ""); print; exit
		}
		$1 == "LOAD" && $2 == obj { print "the link command"; exit }
	' "$map")
	if [ -n "$why" ]; then
		echo "$prog: links the full-only object $obj, needed by $why;" \
		    "a light program must not (FULL_SRC in the Makefile): mark" \
		    "the command CMD_FULL, or call it only from a full-only file" >&2
		status=1
	fi
done
exit "$status"
