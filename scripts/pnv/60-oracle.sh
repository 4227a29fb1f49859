# SPDX-License-Identifier: GPL-2.0-only
# The model as an oracle for the host kernel's TCE hypercalls
# (eehlab-oracle, kvm/oracle.c, docs/kvm-oracle.md), sourced after
# 00-core.sh (its res, diag and nest): eehlab-vmm runs a script against
# the real KVM, eehlab-oracle replays the same script on the model and
# compares each call's return code (and H_GET_TCE's entry) with KVM's.
# A difference is a finding, printed; the test passes when every call of
# every script was compared, whatever the number of differences.

# oracle_kvm: kvm and kvm-hv from the initramfs, if not loaded; 0 when
# /dev/kvm is there
oracle_kvm() {
	for m in kvm kvm-hv; do
		grep -q "^$(echo $m | tr - _) " /proc/modules && continue
		[ -f "/lib/modules/$ABI/$m.ko" ] || { echo "# no $m.ko in the initramfs"; continue; }
		insmod "/lib/modules/$ABI/$m.ko" 2>/tmp/orc-insmod.err || {
			echo "# insmod $m.ko failed:"; diag < /tmp/orc-insmod.err; }
	done
	[ -c /dev/kvm ]
}

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
	if ! oracle_kvm; then
		dmesg | grep -i kvm | tail -n 5 | diag
		res ok "$name" "SKIP no /dev/kvm (kvm-hv did not load)"; return
	fi
	bad=""
	total=0
	for s in "$@"; do
		echo "eehlab-test: $name $s" > /dev/kmsg
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
