#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# make fuzz: run each fuzz target for SECONDS from a fresh copy of its
# seed corpus (fuzz/corpus/<target>/, never written to). A crash, a
# sanitizer report, a leak, a timeout or an invariant violation (the
# targets abort()) fails it; the input is left in DIR/artifacts/<target>/
# and the log in DIR/<target>.log. Prints per target: executions, exec/s,
# coverage (libFuzzer's cov: edges, ft: features).
# SECONDS 0: run each target over its seed corpus only (make fuzz-smoke).
# Usage: fuzz/run.sh DIR SECONDS TARGET...
set -u

dir=$1
secs=$2
shift 2
top=$(cd "$(dirname "$0")/.." && pwd)
failed=""

for t in "$@"; do
	bin=$dir/fuzz_$t
	work=$dir/work/$t
	art=$dir/artifacts/$t/
	log=$dir/$t.log
	rm -rf "$work" "$art"
	mkdir -p "$work" "$art"
	if [ -d "$top/fuzz/corpus/$t" ]; then
		cp "$top/fuzz/corpus/$t"/* "$work"/ 2>/dev/null || true
	fi
	# the operation streams get their full length from the start
	case "$t" in
	parse|vmmscript) maxlen=16384 lenctl=100 ;;
	*) maxlen=8192 lenctl=0 ;;
	esac
	if [ "$secs" -eq 0 ]; then
		limit=-runs=0		# the corpus alone (make fuzz-smoke)
	else
		limit=-max_total_time=$secs
	fi
	"$bin" "$limit" -timeout=10 -rss_limit_mb=2048 \
		-max_len="$maxlen" -len_control="$lenctl" -print_final_stats=1 \
		-artifact_prefix="$art" "$work" > "$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	cov=$(grep -E '^#[0-9]+' "$log" | tail -n 1 | sed -n 's/.*\(cov: [0-9]* ft: [0-9]*\).*/\1/p')
	if [ "$rc" -eq 0 ]; then
		echo "fuzz $t: ok, ${execs:-?} execs, ${eps:-?} exec/s, ${cov:-cov: ?} (${secs}s)"
	else
		echo "fuzz $t: FAILED (exit $rc) after ${execs:-?} execs; log $log"
		grep -E 'ERROR|SUMMARY|fuzz: |runtime error|Test unit written' "$log" | head -n 8 | sed 's/^/    /'
		failed="$failed $t"
	fi
done
if [ -n "$failed" ]; then
	echo "make fuzz: failed:$failed (reproduce: $dir/fuzz_TARGET FILE)" >&2
	exit 1
fi
echo "make fuzz: all passed"
