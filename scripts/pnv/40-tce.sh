# SPDX-License-Identifier: GPL-2.0-only
# The in-guest tests of the module-side guest that owns a real PE's TCE
# table (eehlab realguest, driver/eehlab_tce_real.c), sourced after
# 00-core.sh (its res, diag and $loaded): the direct edu's PE taken from
# the host, TCEs put with each hypercall in the tiers, the edu's DMA
# through them verified byte for byte in the guest's pages, a DMA
# through a cleared TCE that does not land and freezes the PE (left to
# its owner, thawed by the release), and the PE given back to the host
# driver, whose DMA works again.
tce_edu=0002:01:00.0
tce_drv() { basename "$(readlink "/sys/bus/pci/devices/$1/driver" 2>/dev/null)" 2>/dev/null; }
# tce_rg ARGS...: eehlab realguest ARGS, its output in /tmp/rg.out and
# as diagnostics; its exit status
tce_rg() {
	echo "# \$ eehlab realguest $*"
	./eehlab realguest "$@" > /tmp/rg.out 2>&1
	tce_rc=$?
	diag < /tmp/rg.out
	return $tce_rc
}
# tce_want REGEX WHAT: the last output has a line matching REGEX
tce_want() { grep -q -- "$1" /tmp/rg.out || bad="$bad $2"; }

t_tce_real() {
	name=tce-real
	if [ $loaded -ne 1 ]; then res ok $name "SKIP module not loaded"; return; fi
	b=$tce_edu; bad=""
	if [ ! -e /sys/bus/pci/devices/$b ]; then res ok $name "SKIP no $b"; return; fi
	drv=$(tce_drv $b)
	echo "# $b: driver ${drv:-none}, PE state $(cat /sys/bus/pci/devices/$b/eeh_pe_state 2>/dev/null)"
	# refused while a driver is bound, the driver named
	if [ -n "$drv" ]; then
		tce_rg take $b && bad="$bad taken-while-bound"
		tce_want "has the driver $drv bound" refusal-names-driver
		echo $b > /sys/bus/pci/devices/$b/driver/unbind
		[ -z "$(tce_drv $b)" ] || bad="$bad still-bound"
	fi
	echo "eehlab-test: tce-real" > /dev/kmsg
	t0=$(date +%s)
	tce_rg take $b --pages 16 || bad="$bad take"
	tce_want "^took PE 0x[0-9a-f]* of PHB 0002 .*LIOBN 0x[0-9a-f]* (from the real tier on)" take-line
	# guest pages: A gpa 0x1000 (source), B 0x2000 and C 0x3000
	# (destinations), the indirect list at 0x8000
	tce_rg put 0x1000 0x1001 || bad="$bad put"
	tce_want "^H_PUT_TCE(.*) = H_SUCCESS (0) in the real tier; real entry now 0x[0-9a-f]*001$" put-real
	tce_rg indirect 0x2000 0x8000 0x2002 0x3003 --tier virtual || bad="$bad indirect"
	tce_want "^H_PUT_TCE_INDIRECT(.*, 2) = H_SUCCESS (0) in the virtual tier" indirect-virtual
	tce_rg indirect 0x4000 0x8000 0x4003 || bad="$bad indirect-real"
	tce_want "= H_SUCCESS (0) in the real tier; real entry now 0x[0-9a-f]*003$" indirect-real
	# the definitive refusals, first tier that sees them
	tce_rg put 0x1001 0x1001; tce_want "= H_PARAMETER (-4) in the real tier" put-unaligned-ioba
	tce_rg put 0x4000000 0x1001; tce_want "= H_PARAMETER (-4) in the real tier" put-ioba-outside
	tce_rg put 0x5000 0x100003; tce_want "= H_PARAMETER (-4) in the real tier" put-gpa-outside
	tce_rg put 0x5000 0x1803; tce_want "= H_PARAMETER (-4) in the real tier" put-gpa-unaligned
	tce_rg stuff 0x5000 0x1 1; tce_want "= H_PARAMETER (-4) in the real tier" stuff-with-r
	tce_rg indirect 0x5000 0x8008 0x5003; tce_want "= H_PARAMETER (-4) in the real tier" list-unaligned
	tce_rg indirect 0x5000 0x8000 0x5003 0x100003; tce_want "= H_PARAMETER (-4) in the real tier" list-entry-outside
	# an unknown LIOBN: no kernel tier knows it, userspace refuses it
	tce_rg put 0x5000 0x5003 --liobn 0x1
	tce_want "handed to userspace" unknown-liobn-handed
	tce_rg put 0x5000 0x5003 --liobn 0x1 --tier user; tce_want "= H_PARAMETER (-4) in the user tier" unknown-liobn-user
	# the VMM's own put (QEMU's path through the kernel)
	tce_rg put 0x5000 0x5003 --tier user; tce_want "= H_SUCCESS (0) in the user tier" put-user
	# DMA: A (pattern) -> edu -> B and C, byte for byte
	tce_rg fill 0x1000 4095 0x5eed || bad="$bad fill"
	tce_rg dma from-ram 0x1000 4095 || bad="$bad dma-from-a"
	tce_want "engine finished" dma-from-a-line
	tce_rg dma to-ram 0x2000 4095 || bad="$bad dma-to-b"
	tce_rg verify 0x2000 4095 0x5eed || bad="$bad landed-b"
	tce_rg dma to-ram 0x3000 4095 || bad="$bad dma-to-c"
	tce_rg verify 0x3000 4095 0x5eed || bad="$bad landed-c"
	tce_rg dma to-ram 0x4000 100 || bad="$bad dma-to-d"
	tce_rg verify 0x4000 100 0x5eed || bad="$bad landed-d"
	# C's TCE cleared by H_STUFF_TCE: the DMA must not land
	tce_rg stuff 0x3000 0 1 || bad="$bad stuff"
	tce_want "^H_STUFF_TCE(.*) = H_SUCCESS (0) in the real tier; real entry now 0x0$" stuff-clears
	tce_rg fill 0x3000 4095 0xdead || bad="$bad poison"
	tce_rg dma to-ram 0x3000 4095
	tce_want "TCE access fault at bus 0x3000" fault-seen
	# the PHB's reaction, emulated: the PE frozen, left to its owner
	tce_want "emulated freeze raised" freeze-raised
	tce_rg verify 0x3000 4095 0xdead || bad="$bad landed-through-cleared-tce"
	tce_rg status
	st=$(cat /sys/bus/pci/devices/$b/eeh_pe_state 2>/dev/null)
	echo "# $b: PE state $st (owned, after the fault)"
	case "$st" in 0x00000078*) bad="$bad not-frozen-while-owned" ;; esac
	tce_rg release || bad="$bad release"
	tce_want "the host's default DMA table is back" host-table-back
	t1=$(date +%s)
	echo "# take .. release: $((t1 - t0)) s"
	st=$(cat /sys/bus/pci/devices/$b/eeh_pe_state 2>/dev/null)
	echo "# $b: PE state $st (released: the owner's release thawed it)"
	case "$st" in 0x00000078*) ;; *) bad="$bad not-thawed-after-release" ;; esac
	# the host's EEH core never handled it: the owner's
	dmesg | sed -n '/eehlab-test: tce-real$/,$p' | grep -q "EEH: Frozen PHB#2-PE#" &&
		bad="$bad host-recovered-an-owned-pe"
	# a second guest, whose LIOBN only the VMM knows
	tce_rg take $b --liobn-tier user || bad="$bad take-user"
	tce_rg put 0x1000 0x1003
	tce_want "handed to userspace" user-handed
	tce_want "= H_SUCCESS (0) in the user tier" user-put
	tce_rg release || bad="$bad release-user"
	tce_rg release; tce_want "no PE taken" release-twice
	dmesg | grep 'real guest:' | tail -n 40 | diag
	# back to the host driver, its DMA through the host's table
	if [ -z "$drv" ] && [ -d /sys/bus/pci/drivers/eehlab_edu ]; then drv=eehlab_edu; fi
	if [ -n "$drv" ] && [ -d /sys/bus/pci/drivers/$drv ]; then
		echo $b > /sys/bus/pci/drivers/$drv/bind
		[ "$(tce_drv $b)" = "$drv" ] || bad="$bad not-rebound"
		echo "# $b: driver $(tce_drv $b) again"
		if [ "$drv" = eehlab_edu ]; then
			./eehlab edu --bdf $b --dma --len 4095 --seed 9 > /tmp/rg.out 2>&1 ||
				bad="$bad host-dma"
			diag < /tmp/rg.out
			tce_want "^dma $b: 4095 bytes verified" host-dma-verified
		fi
	else
		echo "# no driver to bind $b to again: the host DMA check is skipped"
	fi
	if [ -z "$bad" ]; then res ok $name
	else echo "# failed:$bad"; res "not ok" $name; fi
}
