# SPDX-License-Identifier: GPL-2.0-only
# The in-guest tests of the module's PCI driver for QEMU's edu device
# (driver/eehlab_edu.c), sourced after 00-core.sh (its res, diag, nest
# and $loaded): both edus bound to eehlab_edu, a DMA round trip through
# each, and the EEH core's recovery of the direct edu's PE through the
# driver's error handlers, with a round trip verified after it.
edu_direct=0002:01:00.0
edu_switch=0003:03:00.0
edu_drv() { basename "$(readlink "/sys/bus/pci/devices/$1/driver" 2>/dev/null)" 2>/dev/null; }

t_edu_bound() {
	name=edu-bound
	if [ $loaded -ne 1 ]; then res ok $name "SKIP module not loaded"; return; fi
	bad=""
	for b in $edu_direct $edu_switch; do
		d=$(edu_drv $b)
		echo "# $b: $(cat /sys/bus/pci/devices/$b/vendor 2>/dev/null):$(cat /sys/bus/pci/devices/$b/device 2>/dev/null) driver ${d:-none}"
		[ "$d" = eehlab_edu ] || bad="$bad $b-not-bound"
	done
	dmesg | grep 'eehlab_edu .*: edu 0x' | diag
	./eehlab edu > /tmp/edu.status 2>&1
	rc=$?
	diag < /tmp/edu.status
	[ $rc -eq 0 ] || bad="$bad status-exit-$rc"
	for b in $edu_direct $edu_switch; do
		grep -q "^edu $b PE 0x[0-9a-f]*: callbacks none; DMA 0 ok, 0 failed$" /tmp/edu.status ||
			bad="$bad $b-status"
	done
	if [ -z "$bad" ]; then res ok $name
	else echo "# failed:$bad"; res "not ok" $name; fi
}

# edu_dma BDF LEN SEED: one round trip, "bad" extended when it fails
edu_dma() {
	./eehlab edu --bdf "$1" --dma --len "$2" --seed "$3" > /tmp/edu.dma 2>&1
	rc=$?
	diag < /tmp/edu.dma
	if [ $rc -ne 0 ] || ! grep -q "^dma $1: $2 bytes verified (seed $(printf 0x%x "$3"), bus address 0x[0-9a-f]*, id 0x010000ed)$" /tmp/edu.dma; then
		bad="$bad $1-len-$2-rc-$rc"
	fi
}

t_edu_dma() {
	name=edu-dma
	if [ $loaded -ne 1 ]; then res ok $name "SKIP module not loaded"; return; fi
	bad=""
	for b in $edu_direct $edu_switch; do
		edu_dma $b 4095 0
		edu_dma $b 1 7
		edu_dma $b 1000 24301
	done
	# unbound and bound again through sysfs: the buffers go and come back
	echo $edu_switch > /sys/bus/pci/drivers/eehlab_edu/unbind
	[ -z "$(edu_drv $edu_switch)" ] || bad="$bad still-bound-after-unbind"
	echo $edu_switch > /sys/bus/pci/drivers/eehlab_edu/bind
	[ "$(edu_drv $edu_switch)" = eehlab_edu ] || bad="$bad not-bound-again"
	edu_dma $edu_switch 4095 3
	# refusals: exit 2 with the module's reason
	./eehlab edu --bdf 0000:01:00.0 --dma > /tmp/edu.ref 2>&1
	rc=$?
	diag < /tmp/edu.ref
	[ $rc -eq 2 ] && grep -q 'no edu device bound at 0000:01:00.0' /tmp/edu.ref ||
		bad="$bad no-refusal-rc-$rc"
	./eehlab edu --bdf $edu_direct --dma --len 4096 > /tmp/edu.ref 2>&1
	rc=$?
	[ $rc -eq 2 ] || bad="$bad len-4096-rc-$rc"
	./eehlab edu > /tmp/edu.status 2>&1
	diag < /tmp/edu.status
	grep -q "^edu $edu_direct PE .*: callbacks none; DMA 3 ok, 0 failed$" /tmp/edu.status ||
		bad="$bad $edu_direct-counts"
	grep -q "^edu $edu_switch PE .*: callbacks none; DMA 1 ok, 0 failed$" /tmp/edu.status ||
		bad="$bad $edu_switch-counts"
	if [ -z "$bad" ]; then res ok $name
	else echo "# failed:$bad"; res "not ok" $name; fi
}

# The emulated freeze of the direct edu's PE: the EEH core calls the
# driver's error_detected(frozen), resets the PE (the fundamental reset,
# as the driver asks for a reset), then slot_reset and resume; resume
# runs a DMA round trip. The edu's freeze count goes up by one. eehlab
# inject prints the three calls again as the driver's events.
t_edu_recovers() {
	name=edu-recovers; bdf=$edu_direct; d=/sys/bus/pci/devices/$edu_direct
	if [ $loaded -ne 1 ]; then res ok $name "SKIP module not loaded"; return; fi
	if [ "$(edu_drv $bdf)" != eehlab_edu ]; then
		echo "# $bdf is not bound to eehlab_edu"; res "not ok" $name; return
	fi
	pe=$(cat "$d/eeh_pe_config_addr")
	# what the driver recorded before (earlier tests and scenarios)
	./eehlab edu --bdf $bdf > /tmp/edu.before 2>&1
	cbs=$(sed -n "s/^edu $bdf PE $pe: callbacks \(.*\); DMA [0-9]* ok.*/\1/p" /tmp/edu.before)
	oks=$(sed -n "s/^edu $bdf PE $pe: callbacks .*; DMA \([0-9]*\) ok.*/\1/p" /tmp/edu.before)
	case "$cbs" in none | "") cbs="" ;; *) cbs="$cbs " ;; esac
	freeze_marked edu "2:$pe"
	grep -E 'EEH:|eehlab_edu' /tmp/log.edu | grep -vE 'EEH: (\[|PCI-E|of node|PCI cmd|PCI dev|Bridge)' |
		head -n 30 | diag
	bad=""
	[ $rc -eq 0 ] || bad="$bad inject-exit"
	grep -q "EEH: Frozen PHB#2-PE#${pe#0x} detected" /tmp/log.edu || bad="$bad no-frozen-line"
	grep -q 'EEH: Recovery successful' /tmp/log.edu || bad="$bad no-recovery-line"
	grep -q "eehlab_edu $bdf: error_detected(frozen)" /tmp/log.edu || bad="$bad no-error-detected"
	grep -q "eehlab_edu $bdf: slot_reset: identification register 0x010000ed: recovered" /tmp/log.edu ||
		bad="$bad no-slot-reset"
	grep -q "eehlab_edu $bdf: resume: DMA verified after recovery: 4095 bytes" /tmp/log.edu ||
		bad="$bad no-resume-dma"
	# the same three calls as the driver's multicast events, in order
	ev="event: $bdf PE $pe"
	want=$(printf '%s\n' "$ev error_detected(frozen) -> need reset" \
		"$ev slot_reset -> recovered" "$ev resume")
	[ "$(grep "^event: $bdf " /tmp/inj.edu)" = "$want" ] || bad="$bad events"
	[ "$(edu_drv $bdf)" = eehlab_edu ] || bad="$bad unbound"
	./eehlab edu --bdf $bdf > /tmp/edu.status 2>&1
	diag < /tmp/edu.status
	# one more error_detected, slot_reset, resume, and the resume's round trip
	grep -qF "edu $bdf PE $pe: callbacks ${cbs}error_detected(frozen) slot_reset resume; DMA $((${oks:-0} + 1)) ok, 0 failed; resume DMA verified" \
		/tmp/edu.status || bad="$bad status"
	# and a round trip asked for after it
	edu_dma $bdf 4095 9
	t=$(sed -n 's/^recovered: .* in \([0-9]*\) ms$/\1/p' /tmp/inj.edu)
	[ -n "$t" ] && echo "# $bdf (eehlab_edu): recovered in $t ms"
	if [ -z "$bad" ]; then res ok $name
	else echo "# failed:$bad"; res "not ok" $name; fi
}
