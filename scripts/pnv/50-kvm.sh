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
	vmm_all_ok /tmp/vmm.ktap
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

# The guest's own RTAS calls without a VFIO function (kvm/rtas.vmm, both
# kernels: no VFIO needed): H_RTAS comes out to the VMM, whose RTAS
# layer answers every EEH call -3 (no PE behind the PHB), an unknown
# token -3 with H_PARAMETER, and a buffer that leaves guest memory
# H_PARAMETER with nothing written.
t_kvm_rtas() {
	name=kvm-rtas
	if [ ! -x ./eehlab-vmm ] || [ ! -f kvm/rtas.vmm ]; then
		res ok $name "SKIP eehlab-vmm not in the initramfs (make vmm-pnv)"; return
	fi
	# a script error: file:line, exit 2, before anything is run
	printf 'rtas set-eeh-option sideways\n' > /tmp/bad-rtas.vmm
	./eehlab-vmm /tmp/bad-rtas.vmm > /tmp/bad-rtas.out 2>&1
	brc=$?
	if [ $brc -ne 2 ] ||
	   ! grep -qx "/tmp/bad-rtas.vmm:1: rtas set-eeh-option: unknown OPTION 'sideways'" /tmp/bad-rtas.out; then
		diag < /tmp/bad-rtas.out
		echo "# a bad rtas line: exit $brc"; res "not ok" $name; return
	fi
	if ! kvm_load; then res ok $name "SKIP no /dev/kvm"; return; fi
	bad=""
	echo "eehlab-test: kvm-rtas" > /dev/kmsg
	./eehlab-vmm kvm/rtas.vmm > /tmp/rtas.ktap 2>&1
	rc=$?
	nest < /tmp/rtas.ktap
	echo "# eehlab-vmm exited $rc"
	[ $rc -eq 0 ] || bad="$bad vmm-exit-$rc"
	vmm_all_ok /tmp/rtas.ktap
	# every call came out to the VMM's RTAS layer, none to an ioctl
	nx=$(grep -c '^ok .* rtas .* by the VMM (1 exit), RTAS ' /tmp/rtas.ktap)
	[ "$nx" -eq "${plan:-0}" ] || bad="$bad $nx-rtas-exits"
	grep -q '<- VFIO_EEH_PE_OP' /tmp/rtas.ktap && bad="$bad an-ioctl-without-vfio"
	grep -q '^ok .* rtas configure-pe status=-3 # H_SUCCESS by the VMM (1 exit), RTAS ibm,configure-pe: status -3 (parameter error: no PHB with this BUID (no VFIO function))' \
		/tmp/rtas.ktap || bad="$bad no-configure-refusal"
	grep -q '^ok .* rtas configure-pe token=0x2fff expect=H_PARAMETER status=-3 # H_PARAMETER by the VMM (1 exit), RTAS token 0x2fff: status -3 (parameter error: unknown token)' \
		/tmp/rtas.ktap || bad="$bad no-unknown-token"
	grep -q '^ok .* rtas configure-pe gpa=0xffffe4 status=-3 # H_SUCCESS' /tmp/rtas.ktap ||
		bad="$bad no-buffer-at-the-end"
	grep -q '^ok .* rtas configure-pe gpa=0x1000000 expect=H_PARAMETER # H_PARAMETER by the VMM (1 exit), RTAS ibm,configure-pe: no rets\[0\] in guest memory' \
		/tmp/rtas.ktap || bad="$bad no-buffer-past-memory"
	dmesg | sed -n '/eehlab-test: kvm-rtas/,$p' | sed 1d | head -n 40 | diag
	if [ -z "$bad" ]; then res ok $name
	else echo "# failed:$bad"; res "not ok" $name; fi
}

# vfio_load: vfio, vfio_iommu_spapr_tce, vfio-pci (and what they need)
# from the initramfs, in modules.load's order, if not loaded
vfio_load() {
	grep -E '^vfio' modules.load | while read -r ko; do
		m=${ko%.ko}
		grep -q "^$(echo "$m" | tr - _) " /proc/modules && continue
		insmod "/lib/modules/$ABI/$ko" 2>/tmp/vfio.err || {
			echo "# insmod $ko failed:"; diag < /tmp/vfio.err; }
	done
	[ -c /dev/vfio/vfio ]
}

# the driver PCI function $1 is bound to, "" for none
pci_drv() { basename "$(readlink "/sys/bus/pci/devices/$1/driver" 2>/dev/null)" 2>/dev/null; }

# vfio_kernel: 0 on a kernel where VFIO works on powerpc (6.4 and
# later: the iommu ops VFIO needs); sets $ver for the SKIP's reason
vfio_kernel() {
	ver=$(uname -r); vk_maj=${ver%%.*}; vk_min=${ver#*.}; vk_min=${vk_min%%[!0-9]*}
	[ "$vk_maj" -gt 6 ] || { [ "$vk_maj" -eq 6 ] && [ "$vk_min" -ge 4 ]; }
}

# kvm_vfio_take BDF: from its driver, if any, to vfio-pci (the override
# set, probed again); 0 when vfio-pci has it
kvm_vfio_take() {
	echo vfio-pci > "/sys/bus/pci/devices/$1/driver_override"
	[ -z "$(pci_drv "$1")" ] || echo "$1" > "/sys/bus/pci/devices/$1/driver/unbind"
	echo "$1" > /sys/bus/pci/drivers_probe
	[ "$(pci_drv "$1")" = vfio-pci ]
}

# vmm_all_ok KTAP: eehlab-vmm's plan is there and every point of it ok;
# adds to $bad
vmm_all_ok() {
	plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$1")
	oks=$(grep -c '^ok ' "$1")
	[ -n "$plan" ] && [ "$plan" -gt 0 ] && [ "$oks" -eq "$plan" ] || bad="$bad $oks-of-${plan:-none}-ok"
}

# kvm_vfio_give_back BDF DRIVER: off vfio-pci, the override cleared, probed
# again (DRIVER, when it had one, must take it back)
kvm_vfio_give_back() {
	d=/sys/bus/pci/devices/$1
	echo > "$d/driver_override"
	[ "$(pci_drv "$1")" = vfio-pci ] && echo "$1" > /sys/bus/pci/drivers/vfio-pci/unbind
	echo "$1" > /sys/bus/pci/drivers_probe
	echo "# $1 given back: driver $(pci_drv "$1")"
	[ -z "$2" ] || [ "$(pci_drv "$1")" = "$2" ] || bad="$bad not-back-to-$2"
}

# The direct edu (its own PE under a root port) assigned to a KVM guest
# through VFIO: kvm/vfio-edu.vmm (docs/kvm.md). The guest's TCE
# hypercalls, finished in the kernel, reach the PE's real table; the
# edu's DMA lands in the guest's pages through them, and not after the
# entry is cleared. The function is bound to vfio-pci for the run and
# given back to its driver after it, with a DMA round trip.
t_kvm_vfio() {
	name=kvm-vfio; bdf=0002:01:00.0; d=/sys/bus/pci/devices/$bdf
	if [ ! -x ./eehlab-vmm ] || [ ! -f kvm/vfio-edu.vmm ]; then
		res ok $name "SKIP eehlab-vmm not in the initramfs (make vmm-pnv)"; return
	fi
	if ! vfio_kernel; then
		res ok $name "SKIP VFIO on powerpc needs 6.4 or later (the iommu ops VFIO needs: vfio-pci probe fails with -22 on $ver); the VMM without VFIO: kvm-tce"
		return
	fi
	if [ ! -e "$d" ]; then echo "# no $bdf"; res "not ok" $name; return; fi
	if ! kvm_load; then
		dmesg | grep -i kvm | tail -n 5 | diag
		res ok $name "SKIP no /dev/kvm (kvm-hv did not load)"; return
	fi
	if ! vfio_load; then echo "# no /dev/vfio/vfio"; res "not ok" $name; return; fi
	bad=""
	orig=$(pci_drv $bdf)
	echo "eehlab-test: kvm-vfio" > /dev/kmsg
	kvm_vfio_take $bdf
	grp=$(basename "$(readlink "$d/iommu_group")")
	echo "# $bdf: from ${orig:-no driver} to $(pci_drv $bdf), iommu group $grp"
	if [ "$(pci_drv $bdf)" != vfio-pci ] || [ ! -c "/dev/vfio/$grp" ]; then
		dmesg | sed -n '/eehlab-test: kvm-vfio/,$p' | sed 1d | tail -n 10 | diag
		bad="$bad not-on-vfio-pci"
	else
		t0=$(date +%s)
		./eehlab-vmm --timeout 120 kvm/vfio-edu.vmm > /tmp/vfio.ktap 2>/tmp/vfio.err
		rc=$?
		t1=$(date +%s)
		nest < /tmp/vfio.ktap; diag < /tmp/vfio.err
		echo "# eehlab-vmm exited $rc after $((t1 - t0)) s"
		[ $rc -eq 0 ] || bad="$bad vmm-exit-$rc"
		vmm_all_ok /tmp/vfio.ktap
		grep -q '^# vfio: KVM VFIO device: GROUP_ADD, SET_SPAPR_TCE: ' /tmp/vfio.ktap ||
			bad="$bad no-set-spapr-tce"
		# the put finished in the kernel, the DMA through it landed byte for byte
		grep -q '^ok .* h-put-tce 0x1000 0x1000 0x101003 # H_SUCCESS in the kernel (no exit)' \
			/tmp/vfio.ktap || bad="$bad no-kernel-put"
		[ "$(grep -c '^ok .* edu-dma to-ram 0x1000 4095 0x101000 # landed: 4095 bytes at 0x101000 byte for byte' \
			/tmp/vfio.ktap)" -eq 2 ] || bad="$bad no-landing"
		grep -q '^ok .* edu-dma to-ram 0x3000 100 0x103000 # landed: 100 bytes' /tmp/vfio.ktap ||
			bad="$bad no-indirect-landing"
		# cleared in the kernel: nothing lands
		grep -q '^ok .* h-stuff-tce 0x1000 0x1000 0x0 2 # H_SUCCESS in the kernel (no exit)' \
			/tmp/vfio.ktap || bad="$bad no-kernel-stuff"
		grep -q '^ok .* edu-dma to-ram 0x1000 4095 0x101000 # did not land' /tmp/vfio.ktap ||
			bad="$bad landed-after-clear"
		grep -q '^# vfio: group .* and the container released' /tmp/vfio.ktap || bad="$bad not-released"
		k=$(sed -n 's/^# kernel finished \([0-9]*\) of \([0-9]*\) hypercalls, \([0-9]*\) came out.*/\1 \2 \3/p' \
			/tmp/vfio.ktap)
		if [ -n "$k" ]; then
			# shellcheck disable=SC2086 # three numbers
			set -- $k
			echo "# the kernel finished $1 of $2 TCE hypercalls on the VFIO window, $3 came out to the VMM"
			[ "$1" -gt 0 ] && [ "$3" -gt 0 ] || bad="$bad one-path-only"
		else
			bad="$bad no-totals"
		fi
		sed -n 's/^# vfio: device .* open in \([0-9]*\) ms.*/# device open: \1 ms/p; s/^# vfio: device closed in \([0-9]*\) ms/# device close: \1 ms/p' \
			/tmp/vfio.ktap
	fi
	kvm_vfio_give_back $bdf "$orig"
	if [ "$orig" = eehlab_edu ]; then
		./eehlab edu --bdf $bdf --dma > /tmp/vfio.edu 2>&1
		rc=$?
		diag < /tmp/vfio.edu
		[ $rc -eq 0 ] && grep -q "^dma $bdf: [0-9]* bytes verified" /tmp/vfio.edu ||
			bad="$bad edu-dma-after-$rc"
	fi
	dmesg | sed -n '/eehlab-test: kvm-vfio/,$p' | sed 1d > /tmp/vfio.dmesg
	if [ -s /tmp/vfio.dmesg ]; then
		echo "# the kernel's log during the run:"; head -n 60 /tmp/vfio.dmesg | diag
	fi
	if [ -z "$bad" ]; then res ok $name
	else echo "# failed:$bad"; res "not ok" $name; fi
}

# kvm_vfio_eeh_rtas KTAP: the guest's RTAS calls in eehlab-vmm's output:
# the thaw without a reset (stopped-dma after thaw-mmio, normal after
# thaw-dma) and, in order after the last freeze, the PE seen stopped,
# the hot reset, its end, configure (bus master set again), the state
# normal and the edu's DMA landing after it. Adds to $bad.
kvm_vfio_eeh_rtas() {
	k=$1
	# the first line after the second freeze with that call, answered so
	rl() { grep -n "^ok [0-9]* rtas $1 # H_SUCCESS by the VMM (1 exit), RTAS ibm,$2: status 0$3" "$k" |
		cut -d: -f1 | awk -v a="${inj:-0}" '$1 > a { print; exit }'; }
	grep -q '^ok [0-9]* rtas set-eeh-option thaw-mmio # H_SUCCESS by the VMM (1 exit), RTAS ibm,set-eeh-option: status 0 <- VFIO_EEH_PE_OP unfreeze-io: 0' "$k" &&
		grep -q '^ok [0-9]* rtas read-slot-reset-state2 state=stopped-dma # .*: status 0, state 4 (stopped-dma)' "$k" &&
		grep -q '^ok [0-9]* rtas set-eeh-option thaw-dma # H_SUCCESS by the VMM (1 exit), RTAS ibm,set-eeh-option: status 0 <- VFIO_EEH_PE_OP unfreeze-dma: 0' "$k" ||
		bad="$bad rtas-no-thaw"
	inj=$(grep -n '^ok [0-9]* run ./eehlab inject .*vfio-eeh.inj3' "$k" | cut -d: -f1)
	stopped=$(rl 'read-slot-reset-state2 state=stopped' read-slot-reset-state2 \
		', state 2 (stopped), EEH supported, 1000 <- VFIO_EEH_PE_OP get-state: 2 (stopped)')
	hot=$(rl 'set-slot-reset hot' set-slot-reset ' <- VFIO_EEH_PE_OP reset-hot: 0')
	off=$(rl 'set-slot-reset off' set-slot-reset ' <- VFIO_EEH_PE_OP reset-off: 0')
	cfg=$(rl configure-pe configure-pe \
		' <- VFIO_EEH_PE_OP configure: 0, in [0-9]* ms; command register 0x[0-9a-f]*, memory space and bus master set again')
	normal=$(rl 'read-slot-reset-state2 state=normal' read-slot-reset-state2 \
		', state 0 (normal), EEH supported, 1000 <- VFIO_EEH_PE_OP get-state: 0 (normal)')
	landed=$(grep -n '^ok [0-9]* edu-dma to-ram 0x1000 4095 0x101000 # landed' "$k" | tail -n 1 | cut -d: -f1)
	echo "# the guest's recovery, lines of the output: freeze $inj, stopped $stopped, hot reset $hot, off $off, configure $cfg, normal $normal, DMA landed $landed"
	for v in inj stopped hot off cfg normal landed; do
		eval "[ -n \"\$$v\" ]" || { bad="$bad rtas-no-$v"; return; }
	done
	[ "$inj" -lt "$stopped" ] && [ "$stopped" -lt "$hot" ] && [ "$hot" -lt "$off" ] &&
		[ "$off" -lt "$cfg" ] && [ "$cfg" -lt "$normal" ] && [ "$normal" -lt "$landed" ] ||
		bad="$bad rtas-out-of-order"
	# the refusals: -3 from the guest's point of view, no ioctl behind them
	nref=$(grep -c '^ok .* rtas .* status=-3 # H_[A-Z]* by the VMM (1 exit), RTAS .*: status -3 (parameter error' "$k")
	[ "$nref" -ge 12 ] || bad="$bad rtas-$nref-refusals"
	grep '^ok .* rtas .* status=-3 #' "$k" | grep -q '<- VFIO_EEH_PE_OP' && bad="$bad an-ioctl-for-a-refusal"
}

# EEH of the assigned edu's PE (powernv9 on 6.4 and later, after
# kvm-vfio), kvm/vfio-eeh.vmm. eehlab freezes the PE while the VMM holds it
# (passed to its owner: the EEH core leaves it alone); the guest's own
# RTAS calls, answered by the VMM through VFIO_EEH_PE_OP, see it stopped,
# try a thaw, then reset and configure it, and the edu's DMA must land
# again.
t_kvm_vfio_eeh() {
	name=kvm-vfio-eeh; bdf=0002:01:00.0; d=/sys/bus/pci/devices/$bdf
	if [ ! -x ./eehlab-vmm ] || [ ! -f kvm/vfio-eeh.vmm ]; then
		res ok $name "SKIP eehlab-vmm not in the initramfs (make vmm-pnv)"; return
	fi
	if ! vfio_kernel; then
		res ok $name "SKIP VFIO on powerpc needs 6.4 or later"; return
	fi
	if [ "${loaded:-0}" -ne 1 ]; then res ok $name "SKIP module not loaded"; return; fi
	if ! kvm_load || ! vfio_load; then echo "# no /dev/kvm or /dev/vfio/vfio"; res "not ok" $name; return; fi
	bad=""
	orig=$(pci_drv $bdf)
	pe=$(cat "$d/eeh_pe_config_addr")
	sed "s/@PE@/${bdf%%:*}:$pe/" kvm/vfio-eeh.vmm > /tmp/vfio-eeh.vmm
	# every other PE, before and after: the host's, untouched
	./eehlab list --backend kernel > /tmp/vfio-eeh.before 2>&1
	echo "eehlab-test: kvm-vfio-eeh" > /dev/kmsg
	kvm_vfio_take $bdf
	if [ "$(pci_drv $bdf)" != vfio-pci ]; then
		bad="$bad not-on-vfio-pci"
	else
		./eehlab-vmm --timeout 120 /tmp/vfio-eeh.vmm > /tmp/vfio-eeh.ktap 2>/tmp/vfio-eeh.err
		rc=$?
		nest < /tmp/vfio-eeh.ktap; diag < /tmp/vfio-eeh.err
		echo "# eehlab-vmm exited $rc; eehlab inject said:"
		diag < /tmp/vfio-eeh.inj
		for f in /tmp/vfio-eeh.inj2 /tmp/vfio-eeh.inj3; do
			[ ! -f $f ] || diag < $f
		done
		[ $rc -eq 0 ] || bad="$bad vmm-exit-$rc"
		kvm_vfio_eeh_rtas /tmp/vfio-eeh.ktap
	fi
	kvm_vfio_give_back $bdf "$orig"
	if [ "$orig" = eehlab_edu ]; then
		./eehlab edu --bdf $bdf --dma > /tmp/vfio.edu 2>&1 || bad="$bad edu-dma-after"
		diag < /tmp/vfio.edu
	fi
	./eehlab list --backend kernel > /tmp/vfio-eeh.after 2>&1
	echo "^${bdf%%:*}: PE $pe (" > /tmp/vfio-eeh.skip
	pe_lines /tmp/vfio-eeh.before | grep -v -f /tmp/vfio-eeh.skip > /tmp/vfio-eeh.b
	pe_lines /tmp/vfio-eeh.after | grep -v -f /tmp/vfio-eeh.skip > /tmp/vfio-eeh.a
	if [ -s /tmp/vfio-eeh.b ] && cmp -s /tmp/vfio-eeh.b /tmp/vfio-eeh.a; then
		echo "# the $(wc -l < /tmp/vfio-eeh.b) other PEs: state, flags and freeze count unchanged"
	else
		echo "# the other PEs before and after differ:"; diff /tmp/vfio-eeh.b /tmp/vfio-eeh.a | diag
		bad="$bad other-pes-changed"
	fi
	# the host's EEH core left the owned PE to its owner
	dmesg | sed -n '/eehlab-test: kvm-vfio-eeh/,$p' | grep -q "EEH: Frozen PHB#" &&
		bad="$bad host-recovered-an-owned-pe"
	dmesg | sed -n '/eehlab-test: kvm-vfio-eeh/,$p' | sed 1d | grep -v 'EEH: \[' | head -n 60 | diag
	if [ -z "$bad" ]; then res ok $name
	else echo "# failed:$bad"; res "not ok" $name; fi
}
