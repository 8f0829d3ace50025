#!/bin/sh
# SPDX-License-Identifier: ISC
# Add up the passes recorded by tests/run.sh and print the closing line.
set -u
pass=0
fail=0
for b in "$@"; do
	if [ -f "$b/test-summary" ]; then
		read -r p f <"$b/test-summary"
	else
		p=0; f=1
	fi
	pass=$((pass + p))
	fail=$((fail + f))
done
echo "check: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
