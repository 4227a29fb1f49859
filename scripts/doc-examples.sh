#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Run every scenario example in the documentation: each ```eeh block of
# README.md and docs/*.md is written out as a scenario (beside a copy of
# scenarios/lib, so its includes resolve as they would in scenarios/) and
# must pass. Usage: doc-examples.sh EEHLAB OUTDIR
set -eu
eehlab=$1
out=$2
rm -rf "$out"
mkdir -p "$out/examples"
cp -r scenarios/lib "$out/lib"
for doc in README.md docs/*.md; do
	awk -v dir="$out/examples" -v base="$(basename "$doc" .md)" '
		/^```eeh[ \t]*$/ { n++; f = sprintf("%s/%s-%d.eeh", dir, base, n); inblk = 1; next }
		/^```/ { inblk = 0; next }
		inblk { print > f }
	' "$doc"
done
count=$(ls "$out/examples" | wc -l)
if [ "$count" -eq 0 ]; then
	echo "doc-examples: no \`\`\`eeh blocks found" >&2
	exit 1
fi
if ! "$eehlab" run "$out/examples" > "$out/ktap.txt" 2>&1; then
	grep -E '^(not ok|    not ok|    # line|[^ ].*:[0-9]+: )' "$out/ktap.txt" >&2 || cat "$out/ktap.txt" >&2
	echo "doc-examples: a documented scenario fails (output in $out/ktap.txt)" >&2
	exit 1
fi
echo "doc-examples: $count documented scenarios pass"
