#!/bin/sh
# SPDX-License-Identifier: ISC
# The tree's rules (README "Layout"): the layer lint passes on the tree and
# fails, naming the file and the rule, on each kind of planted violation;
# a light program that would link a full-only object is refused by the
# build, which names the object and what pulled it in.
. "$(dirname "$0")/lib.sh"

SRC=$(cd "$(dirname "$0")/../.." && pwd)

out=$(sh "$SRC/scripts/lint.sh" 2>&1)
t_eq "the lint passes on the tree" "0 lint: no banned calls, layers kept" "$? $out"

# plant NAME FILE LINE PATTERN: a copy of the sources with LINE added at
# the top of FILE (created when missing); the lint must fail with exactly
# one violation line matching PATTERN.
plant() {
	name=$1 file=$2 line=$3 pat=$4
	tree="$T_DIR/tree"
	rm -rf "$tree"
	mkdir -p "$tree/scripts"
	cp -R "$SRC/lib" "$SRC/cli" "$SRC/daemon" "$tree/"
	cp "$SRC/scripts/lint.sh" "$tree/scripts/"
	if [ -f "$tree/$file" ]; then
		{ echo "$line"; cat "$tree/$file"; } >"$tree/$file.new"
		mv "$tree/$file.new" "$tree/$file"
	else
		echo "$line" >"$tree/$file"
	fi
	sh "$tree/scripts/lint.sh" "$tree" >"$T_DIR/out" 2>"$T_DIR/err"
	T_RC=$?
	n=$(grep -c -E -- "$pat" "$T_DIR/err")
	if [ "$T_RC" -eq 0 ]; then t_fail "$name (lint passed)"
	elif [ "$n" -ne 1 ]; then t_fail "$name ($n lines match /$pat/)"
	elif [ "$(grep -c '^lib\|^cli\|^daemon' "$T_DIR/err")" -ne 1 ]; then
		t_fail "$name (more than the planted violation)"
	else t_pass; fi
}

plant "base includes store" lib/base/date.c '#include "store/db.h"' \
    '^lib/base/date.c:1: includes "store/db.h": lib/base/ may include only base \(layer rule\)$'
plant "rules include store" lib/rules/remind.c '#include "store/store.h"' \
    '^lib/rules/remind.c:1: includes "store/store.h": lib/rules/ may include only base rules \(layer rule\)$'
plant "store includes rules" lib/store/db.c '#include "rules/programs.h"' \
    '^lib/store/db.c:1: includes "rules/programs.h": lib/store/ may include only base store \(layer rule\)$'
plant "store includes report" lib/store/outbox.h '#include "report/report.h"' \
    '^lib/store/outbox.h:1: includes "report/report.h": lib/store/ may include only base store'
plant "rules include exchange" lib/rules/compliance.h '#include "exchange/import.h"' \
    '^lib/rules/compliance.h:1: includes "exchange/import.h": lib/rules/ may include only base rules'
plant "SQLite outside store" cli/cmd_status.c '#include <sqlite3.h>' \
    '^cli/cmd_status.c:1: includes <sqlite3.h>: SQLite is spoken only in lib/store/$'
plant "SQLite in report" lib/report/report.c '#include <sqlite3.h>' \
    '^lib/report/report.c:1: includes <sqlite3.h>: SQLite is spoken only in lib/store/$'
plant "libcurl outside notify" daemon/work.c '#include <curl/curl.h>' \
    '^daemon/work.c:1: includes <curl/curl.h>: libcurl is used only in lib/notify/$'
plant "a lib header without its folder" lib/store/store.c '#include "util.h"' \
    '^lib/store/store.c:1: includes "util.h": name a lib/ header with its folder'
plant "lib includes cli" lib/base/util.c '#include "cli.h"' \
    '^lib/base/util.c:1: includes "cli.h": lib/ includes no cli/ or daemon/ header$'
plant "a file directly in lib" lib/stray.c 'int stray;' \
    '^lib/stray.c: lib/ holds only layer folders'
plant "a banned call" lib/base/util.c 'static void f(char *d) { strcpy(d, "x"); }' \
    '^lib/base/util.c:1:.*strcpy'

# The build refuses a light cetrack that takes in a full-only object: a
# copy of the tree and of this build's objects, with `status` calling the
# PDF renderer directly, relinked by make.
tree="$T_DIR/build-tree"
mkdir -p "$tree/$BUILD"
cp -Rp "$SRC/Makefile" "$SRC/scripts" "$SRC/sql" "$SRC/config" "$SRC/lib" \
    "$SRC/cli" "$SRC/daemon" "$tree/"
BUILD_ABS=$(cd "$BUILD" && pwd)
for d in cli daemon lib gen libcetrack.a; do
	cp -Rp "$BUILD_ABS/$d" "$tree/$BUILD/"
done
cat >>"$tree/cli/cmd_status.c" <<'EOF'

int	 planted_pdf(void);
int
planted_pdf(void)
{
	return report_render_pdf(NULL, NULL, REPORT_LETTER, NULL, 0);
}
EOF
san=
case "$BUILD" in *san*) san="SANITIZE=address,undefined" ;; esac
make -C "$tree" --no-print-directory $san BUILD="$BUILD" "$BUILD/cetrack" \
    >"$T_DIR/out" 2>"$T_DIR/err"
T_RC=$?
if [ "$T_RC" -ne 0 ]; then t_pass; else t_fail "light cetrack linked the PDF renderer"; fi
if grep -qE "cetrack: links the full-only object $BUILD/lib/report/report_pdf.o, needed by $BUILD/cli/cmd_status.o \(report_render_pdf\)" "$T_DIR/err"; then
	t_pass
else
	t_fail "the refusal names the object and what pulled it in"
fi
if [ ! -e "$tree/$BUILD/cetrack" ]; then t_pass; else t_fail "the refused program was left behind"; fi
# The same copy without the plant links.
cp "$SRC/cli/cmd_status.c" "$tree/cli/cmd_status.c"
touch "$tree/cli/cmd_status.c"
make -C "$tree" --no-print-directory $san BUILD="$BUILD" "$BUILD/cetrack" \
    >"$T_DIR/out" 2>"$T_DIR/err"
T_RC=$?
if [ "$T_RC" -eq 0 ] && [ -x "$tree/$BUILD/cetrack" ]; then t_pass; else t_fail "the unplanted copy links (exit $T_RC)"; fi

t_done
