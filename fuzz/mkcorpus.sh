#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Regenerate the committed seed corpus (fuzz/corpus/<target>/):
#   parse      every scenario of scenarios/, with the files it includes
#              appended ("#@file NAME" then the text, as fuzz_parse.c
#              serves them)
#   vmmscript  eehlab-vmm's scripts (kvm/scripts/*.vmm)
#   hcall, session, rtas, utce
#              the operation streams of fuzz/mkseeds.c
#   nl         fuzz/mkseeds.c's generic netlink requests
# Usage: fuzz/mkcorpus.sh MKSEEDS   (make fuzz-corpus builds MKSEEDS)
set -eu

mkseeds=$1
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/fuzz/corpus
cd "$top"

# the includes of $1, recursively (each once), as "#@file" sections
emit_includes() {
	dir=$(dirname "$1")
	sed -n 's/^include  *"\([^"]*\)".*/\1/p' "$1" | while read -r rel; do
		inc="$dir/$rel"
		base=$(basename "$rel")
		case " $seen " in *" $base "*) continue ;; esac
		seen="$seen $base"
		[ -f "$inc" ] || continue
		echo "#@file $base"
		cat "$inc"
		emit_includes "$inc"
	done
}

# the generated seeds are replaced; the inputs of findings (finding-*) stay
for t in parse vmmscript hcall session rtas utce nl; do
	mkdir -p "$out/$t"
	find "$out/$t" -type f ! -name 'finding-*' -exec rm -f {} +
done
find scenarios -name '*.eeh' | LC_ALL=C sort | while read -r f; do
	name=$(echo "${f#scenarios/}" | tr / -)
	seen=""
	{ cat "$f"; emit_includes "$f"; } > "$out/parse/$name"
done
for f in kvm/scripts/*.vmm; do
	cp "$f" "$out/vmmscript/"
done
"$mkseeds" "$out"
echo "fuzz/corpus: $(find "$out" -type f | wc -l) seeds"
