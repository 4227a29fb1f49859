# SPDX-License-Identifier: GPL-2.0-only
# The in-guest tests of firmware's error injection (eehlab inject --hw:
# eeh_pe_inject_err(), OPAL_PCI_ERR_INJECT), sourced into the guest's
# tests.sh after 00-core.sh (its res, diag, loaded). skiboot's PHB4
# (hw/phb4.c phb4_err_inject) answers by function class: MEM and DMA
# OPAL_UNSUPPORTED (-7), IO OPAL_PARAMETER (-1), CFG accepted (armed in
# the PHB's PAPR error-injection registers). Each injection goes to the
# e1000e's PE on PHB 0000; nothing may change there or elsewhere.

# hw_try NAME FUNC EXPECT [TYPE]: one injection firmware must answer with
# EXPECT (unsupported, parameter); appends to $bad what went wrong.
hw_try() {
	hb=/sys/bus/pci/devices/0000:01:00.0
	hpe=$(cat "$hb/eeh_pe_config_addr"); hst0=$(cat "$hb/eeh_pe_state")
	echo "eehlab-test: hw $2 type ${4:-0}" > /dev/kmsg
	./eehlab inject --backend kernel --pe "0000:$hpe" --hw "$2" --type "${4:-0}" \
		--expect-firmware "$3" > "/tmp/hw.$1" 2>&1
	hrc=$?
	sed "s/^/$2 type ${4:-0}: /" "/tmp/hw.$1" | diag
	dmesg | sed -n "/eehlab-test: hw $2 type ${4:-0}\$/,\$p" > "/tmp/hwlog.$1"
	grep -E 'pnv_eeh_err_inject|eehlab: firmware injection' "/tmp/hwlog.$1" | diag
	hst=$(cat "$hb/eeh_pe_state")
	[ $hrc -eq 0 ] || bad="$bad $2-$3-exit-$hrc"
	grep -q "^injection: hardware (eeh_pe_inject_err) PHB 0000 PE $hpe func $2 " "/tmp/hw.$1" ||
		bad="$bad $2-no-injection-line"
	grep -q "^firmware: $3 (" "/tmp/hw.$1" || bad="$bad $2-not-$3"
	grep -q 'EEH: Frozen' "/tmp/hwlog.$1" && bad="$bad $2-froze"
	[ "$hst" = "$hst0" ] || bad="$bad $2-state-$hst0-$hst"
}
hw_result() { # hw_result NAME
	if [ $loaded -ne 1 ]; then res ok "$1" "SKIP module not loaded"
	elif [ -z "$bad" ]; then res ok "$1"
	else echo "# failed:$bad"; res "not ok" "$1"; fi
}
# MEM functions (load/store address and data, 32- and 64-bit): unsupported
t_hw_inject_mem() {
	bad=""
	if [ $loaded -eq 1 ]; then
		hw_try mem0 LD_MEM_ADDR unsupported 0
		hw_try mem1 LD_MEM_ADDR unsupported 1
		hw_try mem2 ST_MEM_DATA unsupported 0
	fi
	hw_result hw-inject-mem
}
# DMA functions (read and write, address to target): unsupported
t_hw_inject_dma() {
	bad=""
	if [ $loaded -eq 1 ]; then
		hw_try dma0 DMA_RD_ADDR unsupported 0
		hw_try dma1 DMA_WR_TARGET unsupported 1
	fi
	hw_result hw-inject-dma
}
# IO functions: no I/O space behind a PHB4, firmware refuses the parameter
t_hw_inject_io() {
	bad=""
	if [ $loaded -eq 1 ]; then
		hw_try io0 LD_IO_ADDR parameter 0
		hw_try io1 ST_IO_DATA parameter 0
	fi
	hw_result hw-inject-io
}
# A function past EEH_ERR_FUNC_MAX: the EEH core refuses it (-EINVAL),
# firmware is never asked (exit 2), nothing logged by the PowerNV backend.
t_hw_inject_range() {
	name=hw-inject-range
	if [ $loaded -ne 1 ]; then res ok $name "SKIP module not loaded"; return; fi
	pe=$(cat /sys/bus/pci/devices/0000:01:00.0/eeh_pe_config_addr)
	echo "eehlab-test: hw range" > /dev/kmsg
	./eehlab inject --backend kernel --pe "0000:$pe" --hw 20 > /tmp/hw.range 2>&1
	rc=$?
	diag < /tmp/hw.range; echo "# inject exited $rc"
	bad=""
	[ $rc -eq 2 ] || bad="$bad exit-$rc"
	grep -q '^firmware: not asked: the kernel refused (eeh_pe_inject_err -22' /tmp/hw.range ||
		bad="$bad no-refusal-line"
	dmesg | sed -n '/eehlab-test: hw range$/,$p' | grep -q 'pnv_eeh_err_inject' &&
		bad="$bad firmware-asked"
	if [ -z "$bad" ]; then res ok $name
	else echo "# failed:$bad"; res "not ok" $name; fi
}
# A CFG function: firmware accepts and arms it; the next config access of
# the PE should trip it and freeze the PE. QEMU's PHB4 model takes the
# registers but never trips them: no freeze follows, the PE stays normal
# and nothing else changes (a SKIP of "trips on the next access", not a
# pass of it).
t_hw_inject_cfg() {
	name=hw-inject-cfg
	if [ $loaded -ne 1 ]; then res ok $name "SKIP module not loaded"; return; fi
	b=/sys/bus/pci/devices/0000:01:00.0
	pe=$(cat "$b/eeh_pe_config_addr"); st0=$(cat "$b/eeh_pe_state")
	echo "eehlab-test: hw cfg" > /dev/kmsg
	./eehlab inject --backend kernel --pe "0000:$pe" --hw LD_CFG_ADDR \
		--expect-firmware accepted --timeout 3 > /tmp/hw.cfg 2>&1
	rc=$?
	diag < /tmp/hw.cfg; echo "# inject exited $rc"
	dmesg | sed -n '/eehlab-test: hw cfg$/,$p' > /tmp/hwlog.cfg
	grep -E 'pnv_eeh_err_inject|eehlab: |EEH: Frozen' /tmp/hwlog.cfg | diag
	st=$(cat "$b/eeh_pe_state")
	echo "# eeh_pe_state $st0 before, $st after"
	bad=""
	grep -q '^firmware: accepted (OPAL_SUCCESS, 0)$' /tmp/hw.cfg || bad="$bad not-accepted"
	grep -q "^access: config read of 0000:01:00.0: " /tmp/hw.cfg || bad="$bad no-access"
	grep -q '^eeh_dev_check_failure(0000:01:00.0): ' /tmp/hw.cfg || bad="$bad no-check"
	if [ -n "$bad" ]; then echo "# failed:$bad"; res "not ok" $name; return; fi
	if grep -q '^no freeze within 3 s' /tmp/hw.cfg; then
		if [ $rc -eq 0 ] && [ "$st" = "$st0" ] &&
		   grep -q '^isolation: the [0-9]* other PEs unchanged' /tmp/hw.cfg &&
		   ! grep -q 'EEH: Frozen' /tmp/hwlog.cfg; then
			res ok $name "SKIP firmware accepted and armed it, QEMU's PHB4 never trips it (no freeze in 3 s, nothing changed)"
		else
			echo "# failed: no freeze, but exit $rc or something changed"; res "not ok" $name
		fi
	elif [ $rc -eq 0 ] && grep -q '^recovered: ' /tmp/hw.cfg; then
		res ok $name
	else
		res "not ok" $name
	fi
}
