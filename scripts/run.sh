#!/bin/sh
# SPDX-License-Identifier: ISC
# `make run`: the main job on the embedded default configuration. Creates
# (or upgrades) the database in $XDG_DATA_HOME/cetrack/, then starts the
# reminder service in the foreground when it is built; until then shows the
# status of every credential and how to add the first one.
set -eu
BUILD=${1:-build}
"$BUILD/cetrack" init
if [ -x "$BUILD/cetrackd" ]; then
	exec "$BUILD/cetrackd" --foreground
fi
echo
"$BUILD/cetrack" status
echo
echo "Next: cetrack person add NAME; cetrack cred add PROGRAM ...; cetrack ce log TITLE --hours H"
echo "      ($BUILD/cetrack --help, or man ./man/cetrack.1)"
