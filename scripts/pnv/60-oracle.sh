# SPDX-License-Identifier: GPL-2.0-only
# The model as an oracle for the host kernel's TCE hypercalls
# (eehlab-oracle, kvm/oracle.c, docs/kvm-oracle.md), sourced after
# 00-core.sh (its res, diag and nest) and 50-kvm.sh (kvm_load):
# eehlab-vmm runs a script against the real KVM, eehlab-oracle replays
# the same script on the model and compares each call's return code
# (and H_GET_TCE's entry) with KVM's.
# A difference is a finding, printed; the test passes when every call of
# every script was compared, whatever the number of differences.

# oracle_run NAME SCRIPT...: each script through eehlab-vmm, then
# eehlab-oracle; the tables as diagnostics, one result
oracle_run() {
	name=$1
	shift
	if [ ! -x ./eehlab-oracle ] || [ ! -x ./eehlab-vmm ]; then
		res ok "$name" "SKIP eehlab-oracle or eehlab-vmm not in the initramfs"; return
	fi
	for s in "$@"; do
		if [ ! -f "kvm/$s.vmm" ]; then
			res ok "$name" "SKIP kvm/$s.vmm not in the initramfs"; return
		fi
	done
	if ! kvm_load; then
		dmesg | grep -i kvm | tail -n 5 | diag
		res ok "$name" "SKIP no /dev/kvm (kvm-hv did not load)"; return
	fi
	bad=""
	total=0
	for s in "$@"; do
		echo "eehlab-test: $name $b" > /dev/kmsg
		./eehlab-vmm "kvm/$s.vmm" > "/tmp/orc-$s.ktap" 2>&1
		rc=$?
		echo "# eehlab-vmm kvm/$s.vmm: exit $rc (1: calls not as the script expects; compared below)"
		if [ $rc -eq 4 ]; then
			nest < "/tmp/orc-$s.ktap"
			res ok "$name" "SKIP $(sed -n 's/^1\.\.0 # SKIP //p' "/tmp/orc-$s.ktap")"; return
		fi
		./eehlab-oracle "kvm/$s.vmm" "/tmp/orc-$s.ktap" > "/tmp/orc-$s.out" 2>&1
		orc=$?
		diag < "/tmp/orc-$s.out"
		d=$(sed -n 's/^[0-9]* calls, \([0-9]*\) differences$/\1/p' "/tmp/orc-$s.out")
		if [ $orc -ne 0 ] || [ -z "$d" ]; then
			echo "# eehlab-vmm's output, not compared (eehlab-oracle exit $orc):"
			nest < "/tmp/orc-$s.ktap"
			bad="$bad $s-not-compared"
		else
			echo "# kvm/$s.vmm: $d differences between KVM and the model"
			total=$((total + d))
		fi
		dmesg | sed -n "/eehlab-test: $name $s/,\$p" | sed 1d > /tmp/orc.dmesg
		if [ -s /tmp/orc.dmesg ]; then
			echo "# the kernel's log during kvm/$s.vmm:"; head -n 60 /tmp/orc.dmesg | diag
		fi
	done
	echo "# $name: $total differences in all (findings: docs/kvm-oracle.md)"
	if [ -z "$bad" ]; then res ok "$name"
	else echo "# failed:$bad"; res "not ok" "$name"; fi
}

# tce.vmm (the VMM's own test) and oracle.vmm (ranges past the end of the
# kernel's window that stay inside its table's first page)
t_kvm_oracle() {
	oracle_run kvm-oracle tce oracle
}

# Opt-in (in no machine's list; EEHLAB_PNV_TESTS=kvm-oracle-past-end):
# tce-past-end.vmm, whose last call writes past the kernel's table on a
# 4 KiB-page kernel (an oops seen once on 6.12): a throw-away VM only.
t_kvm_oracle_past_end() {
	oracle_run kvm-oracle-past-end tce-past-end
}

# kvm-scenarios: the TCE hypercalls of the scenarios (scenarios/hcalls,
# guests, tiers, refusals), each turned into an eehlab-vmm script by
# `eehlab vmm-script` (made on the model, recorded as made), run against
# KVM by eehlab-vmm and compared with the model by eehlab-oracle. The
# table: one line a scenario (its calls, the same, the different, those
# finished on the other side of the exit, the list-staging calls and the
# calls the conversion dropped), then every difference as a finding at
# its scenario step. Passes when every call of every scenario was
# compared; a conversion, eehlab-vmm or eehlab-oracle that breaks fails.
t_kvm_scenarios() {
	name=kvm-scenarios
	if [ ! -x ./eehlab-oracle ] || [ ! -x ./eehlab-vmm ] || [ ! -x ./eehlab ]; then
		res ok "$name" "SKIP eehlab, eehlab-oracle or eehlab-vmm not in the initramfs"; return
	fi
	if [ ! -d scenarios/hcalls ]; then
		res ok "$name" "SKIP scenarios/hcalls not in the initramfs"; return
	fi
	if ! kvm_load; then
		dmesg | grep -i kvm | tail -n 5 | diag
		res ok "$name" "SKIP no /dev/kvm (kvm-hv did not load)"; return
	fi
	bad=""
	: > /tmp/ksc.table
	: > /tmp/ksc.findings
	: > /tmp/ksc.dropped
	none=0
	tc=0; ts=0; td=0; tw=0; tst=0; tdr=0; nsc=0
	for f in scenarios/hcalls/*.eeh scenarios/guests/*.eeh scenarios/tiers/*.eeh \
		 scenarios/refusals/*.eeh; do
		[ -f "$f" ] || continue
		s=${f#scenarios/}
		b=$(echo "${s%.eeh}" | tr / -)
		./eehlab vmm-script "$f" > "/tmp/ksc-$b.vmm" 2> "/tmp/ksc-$b.conv"
		rc=$?
		if [ $rc -eq 4 ]; then
			none=$((none + 1)); continue
		fi
		if [ $rc -ne 0 ]; then
			echo "# eehlab vmm-script $f: exit $rc"; diag < "/tmp/ksc-$b.conv"
			printf '%-36s %s\n' "$s" "conversion failed (exit $rc)" >> /tmp/ksc.table
			bad="$bad $s-conversion"; continue
		fi
		dr=$(sed -n 's/.* \([0-9]*\) dropped, .*/\1/p' "/tmp/ksc-$b.conv" | tail -n 1)
		grep ': dropped: ' "/tmp/ksc-$b.conv" >> /tmp/ksc.dropped
		echo "eehlab-test: $name $b" > /dev/kmsg
		./eehlab-vmm "/tmp/ksc-$b.vmm" > "/tmp/ksc-$b.ktap" 2>&1
		vrc=$?
		if [ $vrc -eq 4 ]; then
			nest < "/tmp/ksc-$b.ktap"
			res ok "$name" "SKIP $(sed -n 's/^1\.\.0 # SKIP //p' "/tmp/ksc-$b.ktap")"; return
		fi
		./eehlab-oracle "/tmp/ksc-$b.vmm" "/tmp/ksc-$b.ktap" > "/tmp/ksc-$b.out" 2>&1
		orc=$?
		sum=$(sed -n 's/^scenario calls: //p' "/tmp/ksc-$b.out")
		if [ $orc -ne 0 ] || [ -z "$sum" ]; then
			echo "# $s: not compared (eehlab-vmm exit $vrc, eehlab-oracle exit $orc):"
			diag < "/tmp/ksc-$b.out"
			echo "# eehlab-vmm's output:"; nest < "/tmp/ksc-$b.ktap"
			printf '%-36s %s\n' "$s" "not compared (eehlab-vmm $vrc, eehlab-oracle $orc)" \
				>> /tmp/ksc.table
			bad="$bad $s-not-compared"; continue
		fi
		echo "# $s: eehlab-vmm exit $vrc (1: calls not as the script expects; compared here)"
		diag < "/tmp/ksc-$b.out"
		# "N same: S differ: D other-side: W staging: X"
		# shellcheck disable=SC2046 # the numbers, one word each
		set -- $(echo "$sum" | sed 's/[a-z-]*: //g')
		printf '%-36s %5s %5s %5s %5s %5s %5s\n' "$s" "$1" "$2" "$3" "$4" "$5" "${dr:-0}" \
			>> /tmp/ksc.table
		nsc=$((nsc + 1)); tc=$((tc + $1)); ts=$((ts + $2)); td=$((td + $3))
		tw=$((tw + $4)); tst=$((tst + $5)); tdr=$((tdr + ${dr:-0}))
		sed -n 's/^DIFFERS line [0-9]* (\([^)]*\)): /\1: /p' "/tmp/ksc-$b.out" >> /tmp/ksc.findings
		dmesg | sed -n "/eehlab-test: $name $b\$/,\$p" | sed 1d > /tmp/ksc.dmesg
		if [ -s /tmp/ksc.dmesg ]; then
			echo "# the kernel's log during $s:"; head -n 40 /tmp/ksc.dmesg | diag
		fi
	done
	echo "# the TCE scenarios against KVM ($(uname -r)): KVM's answer to each call against the model's"
	printf '# %-36s %5s %5s %5s %5s %5s %5s\n' scenario calls same diff other stage drop
	diag < /tmp/ksc.table
	printf '# %-36s %5s %5s %5s %5s %5s %5s\n' "all ($nsc scenarios)" $tc $ts $td $tw $tst $tdr
	echo "# other: finished on the other side of the exit (kernel or VMM), not a difference;"
	echo "# stage: list-staging calls (not counted); drop: calls the conversion could not carry over"
	echo "# $none scenarios of these directories make no TCE hypercall: not run"
	if [ -s /tmp/ksc.findings ]; then
		echo "# findings (docs/kvm-oracle.md), KVM's answer against the model's:"
		sed 's/^/finding /' /tmp/ksc.findings | diag
	else
		echo "# findings: none"
	fi
	if [ -s /tmp/ksc.dropped ]; then
		echo "# not compared, dropped by the conversion:"; diag < /tmp/ksc.dropped
	fi
	if [ -z "$bad" ]; then res ok "$name"
	else echo "# failed:$bad"; res "not ok" "$name"; fi
}
