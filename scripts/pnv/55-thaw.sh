# SPDX-License-Identifier: GPL-2.0-only
# A guest thaws its PE without a reset and gives it back: what the host's
# EEH core keeps (docs/kvm.md, "A thaw without a reset, then the
# release"). Sourced after 00-core.sh (res, diag, nest, pe_lines,
# freeze_marked, $loaded) and 50-kvm.sh (kvm_load, vfio_load, pci_drv,
# kvm_vfio_give_back).
#
# The first GET_STATE that finds an owned PE frozen marks it isolated
# (EEH_PE_ISOLATED, pnv_eeh_get_pe_state()). The guest's thaw
# (VFIO_EEH_PE_UNFREEZE_IO/DMA, eeh_pe_set_option() -> eeh_pci_enable())
# makes the hardware state normal and leaves the mark. At the release,
# eeh_dev_release() -> eeh_pe_change_owner() returns early for a PE whose
# state is active ("Unfrozen PE, nothing to do"), so the mark stays, and
# eeh_dev_check_failure() ignores the PE from then on: the host detects
# none of its freezes until something resets it.

# thaw_now_ms: milliseconds since boot (/proc/uptime, 10 ms steps)
thaw_now_ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }

# thaw_pe_line FILE: the edu PE's line of a listing ("0002: PE 0xfd (...")
thaw_pe_line() { pe_lines "$1" | grep "^$thaw_dom: PE $thaw_pe (" | head -n 1; }

# thaw_flags LINE: the flag names of a PE line ("isolated pri-bus")
thaw_flags() { echo "$1" | sed -n 's/.*; flags 0x[0-9a-f]* \([^;]*\);.*/\1/p'; }

# thaw_has_flag NAME LINE: 0 when the PE line's flags name NAME
thaw_has_flag() { case " $(thaw_flags "$2") " in *" $1 "*) return 0 ;; esac; return 1; }

# thaw_view TAG: the host's view of the edu's PE now: its listing line
# and sysfs eeh_pe_state (the platform's state, then the EEH core's
# flags: EEH_PE_ISOLATED is bit 0x1). Sets thaw_line, thaw_sysfs.
thaw_view() {
	./eehlab list --backend kernel > "/tmp/thaw-release.$1" 2>&1
	thaw_line=$(thaw_pe_line "/tmp/thaw-release.$1")
	thaw_sysfs=$(cat "$thaw_d/eeh_pe_state" 2>/dev/null)
	echo "# $1: ${thaw_line:-no line for PE $thaw_pe}"
	echo "# $1: sysfs eeh_pe_state ${thaw_sysfs:-unreadable}"
}

# thaw_sysfs_isolated: 0 when the EEH core's flags in $thaw_sysfs have
# EEH_PE_ISOLATED
thaw_sysfs_isolated() {
	# shellcheck disable=SC2086 # two numbers
	set -- $thaw_sysfs
	[ -n "${2:-}" ] && [ $(($2 & 1)) -eq 1 ]
}

t_kvm_thaw_release() {
	name=kvm-thaw-release; bdf=0002:01:00.0
	thaw_d=/sys/bus/pci/devices/$bdf; thaw_dom=${bdf%%:*}
	dbg=/sys/kernel/debug/powerpc
	if [ ! -x ./eehlab-vmm ] || [ ! -f kvm/vfio-thaw-release.vmm ]; then
		res ok $name "SKIP eehlab-vmm not in the initramfs (make vmm-pnv)"; return
	fi
	if ! vfio_kernel; then
		# shellcheck disable=SC2154 # $ver: set by vfio_kernel (50-kvm.sh)
		res ok $name "SKIP VFIO on powerpc needs 6.4 or later (vfio-pci's probe fails with -22 on $ver): no guest owns a PE here"
		return
	fi
	if [ "${loaded:-0}" -ne 1 ]; then res ok $name "SKIP module not loaded"; return; fi
	[ -e $dbg ] || mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
	if [ ! -w $dbg/eeh_force_recover ] || [ ! -w $dbg/eeh_dev_check ]; then
		res ok $name "SKIP no writable $dbg/eeh_force_recover and eeh_dev_check (debugfs): no way to recover the PE after"
		return
	fi
	if [ ! -r "$thaw_d/eeh_pe_config_addr" ]; then echo "# no $bdf"; res "not ok" $name; return; fi
	if ! kvm_load || ! vfio_load; then echo "# no /dev/kvm or /dev/vfio/vfio"; res "not ok" $name; return; fi
	bad=""
	t_start=$(thaw_now_ms)
	orig=$(pci_drv $bdf)
	thaw_pe=$(cat "$thaw_d/eeh_pe_config_addr")
	phbpe="PHB#$(printf %x $((0x$thaw_dom)))-PE#${thaw_pe#0x}"
	sed "s/@PE@/$thaw_dom:$thaw_pe/" kvm/vfio-thaw-release.vmm > /tmp/thaw-release.vmm
	rm -f /tmp/thaw-release.inj /tmp/thaw-release.owned

	# before: the PE must not be isolated, or nothing is shown
	thaw_view before
	freezes0=$(echo "$thaw_line" | sed -n 's/.*; freezes \([0-9]*\).*/\1/p')
	if [ -z "$thaw_line" ] || thaw_has_flag isolated "$thaw_line" || thaw_sysfs_isolated; then
		echo "# PE $thaw_pe is isolated (or not listed) before the run: nothing to show"
		res "not ok" $name; return
	fi

	# the guest freezes, thaws and gives the PE back (VFIO's release)
	echo "eehlab-test: kvm-thaw-release" > /dev/kmsg
	if ! kvm_vfio_take $bdf; then
		kvm_vfio_give_back $bdf "$orig"
		echo "# $bdf did not bind to vfio-pci"; res "not ok" $name; return
	fi
	k=/tmp/thaw-release.ktap
	t0=$(thaw_now_ms)
	./eehlab-vmm --timeout 120 /tmp/thaw-release.vmm > $k 2>/tmp/thaw-release.err
	rc=$?
	t1=$(thaw_now_ms)
	nest < $k; diag < /tmp/thaw-release.err
	[ ! -f /tmp/thaw-release.inj ] || { echo "# eehlab inject (in the script) said:"; diag < /tmp/thaw-release.inj; }
	echo "# eehlab-vmm exited $rc after $((t1 - t0)) ms"
	[ $rc -eq 0 ] || bad="$bad vmm-exit-$rc"
	vmm_all_ok $k
	grep -q '^ok [0-9]* rtas read-slot-reset-state2 state=stopped # .*state 2 (stopped)' $k ||
		bad="$bad not-seen-stopped"
	grep -q '^ok [0-9]* rtas set-eeh-option thaw-mmio # H_SUCCESS by the VMM (1 exit), RTAS ibm,set-eeh-option: status 0 <- VFIO_EEH_PE_OP unfreeze-io: 0' $k &&
		grep -q '^ok [0-9]* rtas read-slot-reset-state2 state=stopped-dma # .*state 4 (stopped-dma)' $k &&
		grep -q '^ok [0-9]* rtas set-eeh-option thaw-dma # H_SUCCESS by the VMM (1 exit), RTAS ibm,set-eeh-option: status 0 <- VFIO_EEH_PE_OP unfreeze-dma: 0' $k ||
		bad="$bad no-thaw"
	# normal after the thaw, and the DMA after it landed
	thawed=$(grep -n '^ok [0-9]* rtas set-eeh-option thaw-dma ' $k | cut -d: -f1)
	normal=$(grep -n '^ok [0-9]* rtas read-slot-reset-state2 state=normal # .*state 0 (normal)' $k |
		cut -d: -f1 | awk -v a="${thawed:-0}" '$1 > a { print; exit }')
	landed=$(grep -n '^ok [0-9]* edu-dma to-ram 0x1000 4095 0x101000 # landed' $k |
		cut -d: -f1 | awk -v a="${normal:-0}" '$1 > a { print; exit }')
	[ -n "$thawed" ] && [ -n "$normal" ] && [ -n "$landed" ] || bad="$bad no-dma-after-the-thaw"
	# and no reset of any kind while the guest had it
	grep -q 'VFIO_EEH_PE_OP reset-' $k && bad="$bad a-reset"
	grep -q '^# vfio: group .* and the container released' $k || bad="$bad not-released"
	close_ms=$(sed -n 's/^# vfio: device closed in \([0-9]*\) ms.*/\1/p' $k)
	owned=$(thaw_pe_line /tmp/thaw-release.owned 2>/dev/null)
	echo "# while the VMM owned it, after the thaw: ${owned:-no listing}"
	iso_owned=0
	thaw_has_flag isolated "$owned" && iso_owned=1
	kvm_vfio_give_back $bdf "$orig"
	t_back=$(thaw_now_ms)

	# the host's view after the release: the three pieces of evidence
	thaw_view released
	iso_list=0; iso_sysfs=0; ev_refused=0; ev_accepted=0; chk=""
	thaw_has_flag isolated "$thaw_line" && iso_list=1
	thaw_sysfs_isolated && iso_sysfs=1
	# eeh_dev_check_failure() on the function (debugfs eeh_dev_check):
	# for an isolated PE it returns 1 without a look at the hardware and
	# queues no recovery event
	echo "eehlab-test: kvm-thaw-release check" > /dev/kmsg
	echo $bdf > $dbg/eeh_dev_check
	usleep 500000
	dmesg | sed -n '/eehlab-test: kvm-thaw-release check$/,$p' > /tmp/thaw-release.check
	chk=$(sed -n "s/.*eeh_dev_check_failure($bdf) = \([0-9-]*\).*/\1/p" /tmp/thaw-release.check | tail -n 1)
	echo "# debugfs eeh_dev_check, the kernel's answer:"
	grep "eeh_dev_check_failure($bdf) = " /tmp/thaw-release.check | diag
	grep -E "EEH: (Frozen|Recovering|Notify|Detected)|$phbpe" /tmp/thaw-release.check | diag
	ev_check=0
	grep -qE "EEH: (Frozen|Recovering|Notify|Detected)" /tmp/thaw-release.check && ev_check=1
	# eehlab's emulated freeze: refused for an isolated PE, as the EEH
	# core would ignore it
	freeze_marked thaw-evidence "$thaw_dom:$thaw_pe"
	irc=$rc
	if [ $irc -ne 0 ] && grep -q "PHB $thaw_dom PE $thaw_pe is isolated or recovering already" /tmp/inj.thaw-evidence; then
		ev_refused=1
	elif [ $irc -eq 0 ] && grep -q '^recovered: ' /tmp/inj.thaw-evidence; then
		ev_accepted=1
	fi
	echo "# evidence: isolated while owned after the thaw $iso_owned; after the release: listing flags '$(thaw_flags "$thaw_line")' (isolated $iso_list), sysfs flags bit 0x1 $iso_sysfs, eeh_dev_check_failure ${chk:-?} (event queued $ev_check), inject exit $irc (refused as isolated $ev_refused, accepted and recovered $ev_accepted)"
	if [ $iso_list -eq 1 ] && [ $iso_sysfs -eq 1 ] && [ "$chk" = 1 ] && [ $ev_check -eq 0 ] &&
	   [ $ev_refused -eq 1 ]; then
		outcome=kept
		echo "# outcome: KEPT. The guest thawed the PE without a reset and VFIO gave it back: the hardware state is normal, but the host's EEH core still has EEH_PE_ISOLATED on it (eeh_pe_change_owner(): 'Unfrozen PE, nothing to do'); eeh_dev_check_failure() returns 1 with no recovery, a freeze is not detected"
	elif [ $iso_list -eq 0 ] && [ $iso_sysfs -eq 0 ] && [ "$chk" = 0 ] && [ $ev_check -eq 0 ] &&
	     [ $ev_accepted -eq 1 ]; then
		outcome=cleared
		echo "# outcome: CLEARED. On $ver the release cleared EEH_PE_ISOLATED: the host detected and recovered the next freeze (not the behaviour this test documents for 6.12)"
	else
		outcome=mixed
		echo "# outcome: neither kept nor cleared: the evidence disagrees"
		diag < /tmp/inj.thaw-evidence
		bad="$bad evidence-mixed"
	fi
	t_evid=$(thaw_now_ms)

	# clean up: a host recovery resets the PE and clears the mark
	# (debugfs eeh_force_recover "PHB:PE" in hex queues a recovery event
	# for the PE, whatever its state; the EEH core resets it through
	# eehlab_edu's error handlers, eeh_pe_reenable_devices() clears
	# EEH_PE_ISOLATED)
	rec_ms=""
	if [ "$outcome" != cleared ]; then
		echo "eehlab-test: kvm-thaw-release recover" > /dev/kmsg
		t2=$(thaw_now_ms)
		if printf '%x:%x\n' $((0x$thaw_dom)) $((thaw_pe)) > $dbg/eeh_force_recover; then
			echo "# eeh_force_recover: $(printf '%x:%x' $((0x$thaw_dom)) $((thaw_pe))) written"
		else
			bad="$bad force-recover-refused"
		fi
		i=0; done_rec=0
		while [ $i -lt 600 ]; do
			l=$(./eehlab list --backend kernel 2>/dev/null > /tmp/thaw-release.poll; thaw_pe_line /tmp/thaw-release.poll)
			if [ -n "$l" ] && ! thaw_has_flag isolated "$l" && ! thaw_has_flag recovering "$l" &&
			   dmesg | sed -n '/eehlab-test: kvm-thaw-release recover$/,$p' | grep -q 'EEH: Recovery successful'; then
				done_rec=1; break
			fi
			usleep 200000; i=$((i + 1))
		done
		t3=$(thaw_now_ms)
		rec_ms=$((t3 - t2))
		dmesg | sed -n '/eehlab-test: kvm-thaw-release recover$/,$p' > /tmp/thaw-release.rec
		grep -E 'EEH:|eehlab_edu' /tmp/thaw-release.rec | grep -vE 'EEH: (\[|PCI-E|of node|PCI cmd|PCI dev|Bridge)' |
			head -n 30 | diag
		if [ $done_rec -eq 1 ]; then
			echo "# host recovery (eeh_force_recover): isolated flag gone after $rec_ms ms"
		else
			echo "# host recovery (eeh_force_recover): not done after $rec_ms ms"; bad="$bad not-recovered"
		fi
		grep -q "eehlab_edu $bdf: error_detected(frozen)" /tmp/thaw-release.rec || bad="$bad rec-no-error-detected"
		grep -q "eehlab_edu $bdf: slot_reset: .*recovered" /tmp/thaw-release.rec || bad="$bad rec-no-slot-reset"
	fi
	thaw_view recovered
	if thaw_has_flag isolated "$thaw_line" || thaw_sysfs_isolated; then bad="$bad still-isolated"; fi
	# the host detects and recovers the PE's freezes again
	freeze_marked thaw-after "$thaw_dom:$thaw_pe"
	grep -E 'EEH:|eehlab_edu' /tmp/log.thaw-after | grep -vE 'EEH: (\[|PCI-E|of node|PCI cmd|PCI dev|Bridge)' |
		head -n 20 | diag
	[ $rc -eq 0 ] || bad="$bad inject-after-exit-$rc"
	grep -q "EEH: Frozen $phbpe detected" /tmp/log.thaw-after || bad="$bad after-no-frozen-line"
	grep -q 'EEH: Recovery successful' /tmp/log.thaw-after || bad="$bad after-no-recovery-line"
	inj_ms=$(sed -n 's/^recovered: .* in \([0-9]*\) ms$/\1/p' /tmp/inj.thaw-after)
	[ -n "$inj_ms" ] || bad="$bad after-not-recovered"
	if [ "$(pci_drv $bdf)" = eehlab_edu ]; then
		./eehlab edu --bdf $bdf --dma > /tmp/thaw-release.edu 2>&1
		erc=$?
		diag < /tmp/thaw-release.edu
		[ $erc -eq 0 ] && grep -q "^dma $bdf: [0-9]* bytes verified" /tmp/thaw-release.edu ||
			bad="$bad edu-dma-after-$erc"
		# bound afresh: later tests find the driver's counts from zero
		echo $bdf > /sys/bus/pci/drivers/eehlab_edu/unbind
		echo $bdf > /sys/bus/pci/drivers/eehlab_edu/bind
		[ "$(pci_drv $bdf)" = eehlab_edu ] || bad="$bad not-bound-again"
	else
		bad="$bad not-on-eehlab_edu"
	fi
	thaw_view end
	freezes1=$(echo "$thaw_line" | sed -n 's/.*; freezes \([0-9]*\).*/\1/p')
	t_end=$(thaw_now_ms)
	echo "# timings: eehlab-vmm $((t1 - t0)) ms (device close ${close_ms:-?} ms), release to evidence $((t_evid - t_back)) ms, host recovery ${rec_ms:-none} ms, the freeze after it recovered in ${inj_ms:-?} ms, the whole test $((t_end - t_start)) ms; the PE's freeze count ${freezes0:-?} -> ${freezes1:-?}"
	echo "# outcome on $ver: $outcome"
	dmesg | sed -n '/eehlab-test: kvm-thaw-release$/,/eehlab-test: kvm-thaw-release check$/p' |
		grep -v 'EEH: \[' | head -n 40 | diag
	if [ -z "$bad" ]; then res ok $name
	else echo "# failed:$bad"; res "not ok" $name; fi
}
