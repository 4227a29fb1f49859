# SPDX-License-Identifier: GPL-2.0-only
# The in-guest tests of the KVM test VMM (eehlab-vmm, kvm/, docs/kvm.md),
# sourced after 00-core.sh (its res, diag and nest): a KVM guest inside
# the powernv guest makes the TCE hypercalls of kvm/tce.vmm on a window
# the kernel owns and on one the VMM owns. The VMM checks each call's
# return, who finished it and the entries it reads back; here, that it
# passed and that both paths were taken.

# kvm_load: kvm and kvm-hv from the initramfs, if not loaded; 0 when
# /dev/kvm is there
kvm_load() {
	for m in kvm kvm-hv; do
		grep -q "^$(echo $m | tr - _) " /proc/modules && continue
		[ -f "/lib/modules/$ABI/$m.ko" ] || { echo "# no $m.ko in the initramfs"; continue; }
		insmod "/lib/modules/$ABI/$m.ko" 2>/tmp/kvm.err || {
			echo "# insmod $m.ko failed:"; diag < /tmp/kvm.err; }
	done
	[ -c /dev/kvm ]
}

t_kvm_tce() {
	name=kvm-tce
	if [ ! -x ./eehlab-vmm ] || [ ! -f kvm/tce.vmm ]; then
		res ok $name "SKIP eehlab-vmm not in the initramfs (make vmm-pnv)"; return
	fi
	# a script error: file:line, exit 2, before anything is run
	printf 'window 0x1000 0x100000\nh-put-tce 0x1000 0x0 zz\n' > /tmp/bad.vmm
	./eehlab-vmm /tmp/bad.vmm > /tmp/bad.out 2>&1
	brc=$?
	if [ $brc -ne 2 ] || ! grep -qx "/tmp/bad.vmm:2: TCE: 'zz' is not a number" /tmp/bad.out; then
		diag < /tmp/bad.out; echo "# a bad script: exit $brc"; res "not ok" $name; return
	fi
	echo "# a bad script: exit 2, $(cat /tmp/bad.out)"
	if ! kvm_load; then
		dmesg | grep -i kvm | tail -n 5 | diag
		res ok $name "SKIP no /dev/kvm (kvm-hv did not load)"; return
	fi
	echo "eehlab-test: kvm-tce" > /dev/kmsg
	t0=$(date +%s)
	./eehlab-vmm kvm/tce.vmm > /tmp/vmm.ktap 2>/tmp/vmm.err
	rc=$?
	t1=$(date +%s)
	nest < /tmp/vmm.ktap; diag < /tmp/vmm.err
	echo "# eehlab-vmm exited $rc after $((t1 - t0)) s"
	if [ $rc -eq 4 ]; then
		res ok $name "SKIP $(sed -n 's/^1\.\.0 # SKIP //p' /tmp/vmm.ktap)"; return
	fi
	bad=""
	[ $rc -eq 0 ] || bad="$bad vmm-exit-$rc"
	plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' /tmp/vmm.ktap)
	oks=$(grep -c '^ok ' /tmp/vmm.ktap)
	[ -n "$plan" ] && [ "$oks" -eq "$plan" ] || bad="$bad $oks-of-${plan:-none}-ok"
	grep -q "^# window 0x1000: .*the kernel's" /tmp/vmm.ktap || bad="$bad no-kernel-window"
	# both paths: calls finished in the kernel, calls out to the VMM
	grep -q '^ok .* # H_SUCCESS in the kernel (no exit), entry 0x0 = 0x100003 in the mmap' \
		/tmp/vmm.ktap || bad="$bad no-kernel-put"
	grep -q '^ok .* # H_SUCCESS by the VMM (1 exit), entry 0x0 = 0x106003 in the VMM.s table' \
		/tmp/vmm.ktap || bad="$bad no-vmm-put"
	grep -q '^ok .* # H_PARAMETER in the kernel (no exit)' /tmp/vmm.ktap || bad="$bad no-kernel-refusal"
	grep -q '^ok .* # H_PARAMETER by the VMM' /tmp/vmm.ktap || bad="$bad no-vmm-refusal"
	k=$(sed -n 's/^# kernel finished \([0-9]*\) of \([0-9]*\) hypercalls, \([0-9]*\) came out.*/\1 \2 \3/p' \
		/tmp/vmm.ktap)
	if [ -n "$k" ]; then
		# shellcheck disable=SC2086 # three numbers
		set -- $k
		echo "# the kernel finished $1 of $2 TCE hypercalls, $3 came out to the VMM"
		[ "$1" -gt 0 ] && [ "$3" -gt 0 ] || bad="$bad one-path-only"
	else
		bad="$bad no-totals"
	fi
	[ -n "$bad" ] || kvm_timing 100
	# what the kernel said meanwhile (nothing, when all is well)
	dmesg | sed -n '/eehlab-test: kvm-tce/,$p' | sed 1d > /tmp/kvm.dmesg
	if [ -s /tmp/kvm.dmesg ]; then
		echo "# the kernel's log during the run:"; head -n 60 /tmp/kvm.dmesg | diag
	fi
	if [ -z "$bad" ]; then res ok $name
	else echo "# failed:$bad"; res "not ok" $name; fi
}

# kvm_timing N: N H_PUT_TCE the kernel finishes, then N the VMM answers;
# the averages the VMM measured with the guest's timebase around `sc 1`
kvm_timing() {
	i=0
	{
		echo "window 0x1000 0x1000000 in-kernel"
		echo "window 0x2000 0x1000000 user"
		while [ $i -lt "$1" ]; do
			echo "h-put-tce 0x1000 $((i * 4096)) $((0x100003 + i * 4096)) expect=H_SUCCESS by=kernel"
			i=$((i + 1))
		done
		i=0
		while [ $i -lt "$1" ]; do
			echo "h-put-tce 0x2000 $((i * 4096)) $((0x100003 + i * 4096)) expect=H_SUCCESS by=vmm"
			i=$((i + 1))
		done
	} > /tmp/timing.vmm
	./eehlab-vmm /tmp/timing.vmm > /tmp/timing.ktap 2>&1
	echo "# timing, $1 + $1 H_PUT_TCE (exit $?):"
	grep -E '^# (the guest made|kernel finished|in the kernel:|out to the VMM:|Totals)' /tmp/timing.ktap
}

# Opt-in (in no machine's list; EEHLAB_PNV_TESTS=kvm-tce-past-end): the
# ranges that run past the end of the kernel's window, which PAPR
# refuses and the kernels measured accept (kvm/scripts/tce-past-end.vmm).
# On a 4 KiB-page kernel the last call writes past the kernel's table.
t_kvm_tce_past_end() {
	name=kvm-tce-past-end
	if [ ! -x ./eehlab-vmm ] || [ ! -f kvm/tce-past-end.vmm ]; then
		res ok $name "SKIP eehlab-vmm not in the initramfs (make vmm-pnv)"; return
	fi
	if ! kvm_load; then res ok $name "SKIP no /dev/kvm"; return; fi
	echo "eehlab-test: kvm-tce-past-end" > /dev/kmsg
	./eehlab-vmm kvm/tce-past-end.vmm > /tmp/pe.ktap 2>&1
	rc=$?
	nest < /tmp/pe.ktap
	echo "# eehlab-vmm exited $rc"
	dmesg | sed -n '/eehlab-test: kvm-tce-past-end/,$p' | sed 1d | head -n 80 | diag
	if [ $rc -eq 0 ]; then res ok $name
	else res "not ok" $name; fi
}
