#!/bin/sh
# SPDX-License-Identifier: ISC
# `make docs`: the README's example report, made from the project's own
# demo data. Builds the demo database (`cetrack demo`) in a temporary
# directory, renders the organization report as an A4 PDF and turns its
# first page into docs/report-page1.png (pdftoppm, 60 dpi) for the README,
# and the first page of its exceptions report (`report --exceptions`, the
# survey walkthrough) into docs/survey-exceptions.png.
# The report's generation time and as-of date are fixed so that the
# picture only changes when the data or the renderer does.
#
#   sh scripts/docs.sh [BUILD]      (default BUILD: build)
#
# Environment: DOCS_AS_OF (default 2026-11-24, the demo's own date),
# DOCS_OUT (default docs).
set -eu
BUILD=${1:-build}
AS_OF=${DOCS_AS_OF:-2026-11-24}
OUT=${DOCS_OUT:-docs}
CETRACK="$BUILD/cetrack"

if [ ! -x "$CETRACK" ]; then
	echo "docs.sh: $CETRACK: not built; run make first" >&2
	exit 1
fi
if ! command -v pdftoppm >/dev/null 2>&1; then
	echo "docs.sh: pdftoppm missing (poppler-utils; make test-deps)" >&2
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cetrack-docs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
# A private home: nothing of the user's configuration is read.
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config" \
    XDG_DATA_HOME="$tmp/home/.local/share"
unset CETRACK_CONFIG
mkdir -p "$HOME"
export CETRACK_DB="$tmp/demo.db"
export CETRACK_REPORT_GENERATED_AT="${AS_OF}T09:00:00Z"

"$CETRACK" init >"$tmp/demo.log"
"$CETRACK" demo --as-of "$AS_OF" >>"$tmp/demo.log"
"$CETRACK" report --all --as-of "$AS_OF" --format pdf --paper a4 \
    -o "$tmp/report.pdf"
mkdir -p "$OUT"
pdftoppm -png -r 60 -singlefile -f 1 -l 1 "$tmp/report.pdf" "$tmp/page1"
mv "$tmp/page1.png" "$OUT/report-page1.png"
echo "docs.sh: wrote $OUT/report-page1.png from $(pdfinfo "$tmp/report.pdf" |
    sed -n 's/^Pages: *//p')-page demo report (as of $AS_OF)"
"$CETRACK" report --org 1 --exceptions --as-of "$AS_OF" --format pdf \
    --paper a4 -o "$tmp/exceptions.pdf"
pdftoppm -png -r 60 -singlefile -f 1 -l 1 "$tmp/exceptions.pdf" "$tmp/exc1"
mv "$tmp/exc1.png" "$OUT/survey-exceptions.png"
echo "docs.sh: wrote $OUT/survey-exceptions.png from the demo's exceptions"
