#!/bin/sh
# SPDX-License-Identifier: ISC
# Install the Debian 12 packages cetrack needs to build (and, with --test,
# to run its tests), but only those that are missing, so that a machine that
# has them all runs no apt-get at all.
set -eu

build_pkgs="build-essential pkg-config libsqlite3-dev libcurl4-openssl-dev libiniparser-dev libjansson-dev libssl-dev nettle-dev libcsv-dev libical-dev libpango1.0-dev libcairo2-dev fonts-dejavu-core"
test_pkgs="libcriterion-dev sqlite3 python3-aiosmtpd python3-icalendar faketime poppler-utils openssl systemd procps nodejs"
# The fuzz targets (tests/fuzz, tests/cli/test_fuzz_smoke.sh) need clang
# and its libFuzzer runtime, which the clang packages only recommend:
# without libclang-rt-dev, --no-install-recommends leaves
# -fsanitize=fuzzer unable to link.
test_pkgs="$test_pkgs clang libclang-rt-dev"
# The official Standard Webhooks library runs on Node
# (tests/integration/test_standard_webhooks.sh). NodeSource's nodejs
# carries npm and conflicts with Debian's npm package: ask for it only
# when there is no npm.
command -v npm >/dev/null 2>&1 || test_pkgs="$test_pkgs npm"
# The HTML report is measured in a real browser
# (tests/integration/test_browser.sh): Debian's Chromium, driven by the
# playwright-core npm package that the test installs, pinned, into the
# build folder (it downloads no browser of its own).
test_pkgs="$test_pkgs chromium"

want="$build_pkgs"
[ "${1:-}" = "--test" ] && want="$want $test_pkgs"

missing=""
for p in $want; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "deps.sh: installing:$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
# An apt index older than the image may lack the packages; refresh once.
$SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null 2>&1 || {
	$SUDO apt-get update -q >/dev/null
	$SUDO apt-get install -y -q --no-install-recommends $missing
}
