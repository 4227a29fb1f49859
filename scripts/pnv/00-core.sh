# SPDX-License-Identifier: GPL-2.0-only
# The in-guest tests of scripts/qemu-pnv.sh, sourced into the guest's
# tests.sh (POSIX sh, busybox): the helpers every test uses, and the
# tests of the module, the EEH platform, the emulated freeze and the
# recovery of the real drivers. Each test is a function t_NAME (NAME
# with '-' as '_') that prints KTAP diagnostics and one result with res().
ktap_n=0
res() { # res STATUS NAME [DIRECTIVE]
	ktap_n=$((ktap_n + 1))
	if [ -n "${3:-}" ]; then echo "$1 $ktap_n $2 # $3"; else echo "$1 $ktap_n $2"; fi
}
diag() { sed 's/^/# /'; }
nest() { sed 's/^/    /'; }
loaded=0

t_insmod() {
	if [ ! -f eehlab.ko ]; then res ok insmod "SKIP no module given"
	elif insmod eehlab.ko 2>/tmp/insmod.err; then loaded=1; res ok insmod
	else diag < /tmp/insmod.err; res "not ok" insmod; fi
}
t_module_live() {
	st=$(cat /sys/module/eehlab/initstate 2>/dev/null)
	if [ $loaded -ne 1 ]; then res ok module-live "SKIP module not loaded"
	elif grep -q '^eehlab ' /proc/modules && [ "$st" = live ]; then
		grep '^eehlab ' /proc/modules | diag; res ok module-live
	else echo "# initstate is '$st'"; res "not ok" module-live; fi
}
t_eeh_platform() {
	if dmesg | grep -q 'EEH: PowerNV platform initialized'; then
		dmesg | grep 'EEH: ' | head -n 3 | diag; res ok eeh-platform
	else dmesg | grep -i eeh | head -n 10 | diag; res "not ok" eeh-platform; fi
}
t_pes() {
	bad=0; cnt=0
	for d in /sys/bus/pci/devices/*; do
		cnt=$((cnt + 1))
		b=${d##*/}
		id="$(cat "$d/vendor" 2>/dev/null):$(cat "$d/device" 2>/dev/null)"
		if [ -r "$d/eeh_pe_config_addr" ] && [ -r "$d/eeh_pe_state" ]; then
			echo "# $b $id class $(cat "$d/class") pe $(cat "$d/eeh_pe_config_addr") state $(cat "$d/eeh_pe_state")"
		else
			echo "# $b $id: no eeh_pe_config_addr/eeh_pe_state"; bad=1
		fi
	done
	if [ $cnt -eq 0 ]; then echo "# no PCI devices"; bad=1; fi
	if [ $bad -eq 0 ]; then res ok pes; else res "not ok" pes; fi
}
t_drivers() {
	ok=1
	while read -r ko; do
		m=${ko%.ko}
		grep -q "^$(echo "$m" | tr - _) " /proc/modules && continue
		insmod "/lib/modules/$ABI/$ko" 2>/tmp/drv.err || {
			echo "# insmod $ko failed:"; diag < /tmp/drv.err; }
	done < modules.load
	sleep 2
	for drv in e1000e nvme; do
		l=$(ls -d /sys/bus/pci/drivers/$drv/0* 2>/dev/null | head -n 1)
		if [ -n "$l" ] && [ -e "$l/driver" ]; then
			echo "# $drv bound to ${l##*/}"
		else
			echo "# $drv bound to no device"; ok=0
		fi
	done
	[ -e /sys/class/nvme/nvme0 ] && echo "# /sys/class/nvme/nvme0 is there"
	if [ $ok -eq 1 ]; then res ok drivers; else res "not ok" drivers; fi
}
t_scenarios_model() {
	./eehlab run scenarios > /tmp/model.ktap 2>/tmp/model.err
	rc=$?
	nest < /tmp/model.ktap; diag < /tmp/model.err
	if [ $rc -eq 0 ]; then res ok scenarios-model
	else echo "# eehlab run exited $rc"; res "not ok" scenarios-model; fi
}
t_scenarios_kernel() {
	if [ $loaded -ne 1 ]; then res ok scenarios-kernel "SKIP module not loaded"; return; fi
	./eehlab run --backend kernel $REAL_VARS scenarios > /tmp/kernel.ktap 2>/tmp/kernel.err
	rc=$?
	nest < /tmp/kernel.ktap
	if [ $rc -eq 0 ]; then res ok scenarios-kernel
	elif grep -q "unknown backend" /tmp/kernel.err; then
		res ok scenarios-kernel "SKIP runner has no kernel backend"
	else diag < /tmp/kernel.err; echo "# exited $rc"; res "not ok" scenarios-kernel; fi
}
t_compare() {
	if [ $loaded -ne 1 ]; then res ok compare "SKIP module not loaded"; return; fi
	./eehlab run --compare model,kernel scenarios > /tmp/compare.ktap 2>/tmp/compare.err
	rc=$?
	nest < /tmp/compare.ktap; diag < /tmp/compare.err
	if [ $rc -eq 0 ]; then res ok compare
	else echo "# eehlab run --compare exited $rc"; res "not ok" compare; fi
}
t_list_real() {
	if [ $loaded -ne 1 ]; then res ok list-real "SKIP module not loaded"; return; fi
	./eehlab list --backend kernel > /tmp/list.out 2>/tmp/list.err
	rc=$?
	if grep -qE "unknown (command|option)" /tmp/list.err; then
		res ok list-real "SKIP $(grep -E 'unknown (command|option)' /tmp/list.err | head -n 1)"
		return
	fi
	diag < /tmp/list.out; diag < /tmp/list.err
	# every PCI domain (one per PHB) must be in the listing
	miss=""
	for dom in $(ls /sys/bus/pci/devices | cut -d: -f1 | sort -u); do
		grep -qi "$dom" /tmp/list.out || miss="$miss $dom"
	done
	if [ $rc -ne 0 ]; then echo "# eehlab list exited $rc"; res "not ok" list-real
	elif [ -n "$miss" ]; then echo "# PCI domains missing from the listing:$miss"; res "not ok" list-real
	else res ok list-real; fi
}
# freeze_marked NAME DOMAIN:PE: the emulated freeze of a real PE
# (eehlab inject --backend kernel) and the EEH core's recovery of it: the
# output in /tmp/inj.NAME (and as diagnostics), $rc its exit status, the
# kernel log since in /tmp/log.NAME (from a mark written first: the ring
# is full by now, line counts shift).
freeze_marked() {
	echo "eehlab-test: $1" > /dev/kmsg
	./eehlab inject --backend kernel --pe "$2" --freeze both > "/tmp/inj.$1" 2>&1
	rc=$?
	diag < "/tmp/inj.$1"
	echo "# inject exited $rc"
	dmesg | sed -n "/eehlab-test: $1\$/,\$p" > "/tmp/log.$1"
}
# The emulated freeze of a real PE (eehlab inject --backend kernel) and
# the EEH core's recovery of it through the real driver.
# recovers DRIVER BDF: the result is "DRIVER-recovers"; the inject output
# stays in /tmp/inj.DRIVER for the isolation test.
recovers() {
	name=$1-recovers; drv=$1; bdf=$2; d=/sys/bus/pci/devices/$2
	if [ $loaded -ne 1 ]; then res ok "$name" "SKIP module not loaded"; return; fi
	if [ ! -e "$d/driver" ] || [ "$(basename "$(readlink "$d/driver")")" != "$drv" ]; then
		echo "# $bdf is not bound to $drv"; res "not ok" "$name"; return
	fi
	pe=$(cat "$d/eeh_pe_config_addr")
	[ -f /tmp/iso.before ] || ./eehlab list --backend kernel > /tmp/iso.before 2>&1
	freeze_marked "$drv" "${bdf%%:*}:$pe"
	# (without the saved stack trace's entries)
	grep -E 'EEH:|eehlab: emulated' /tmp/log.$drv | grep -v 'EEH: \[' | head -n 40 | diag
	frozen="EEH: Frozen PHB#$(printf %x $((0x${bdf%%:*})))-PE#${pe#0x} detected"
	bad=""
	[ $rc -eq 0 ] || bad="$bad inject-exit"
	grep -q "$frozen" /tmp/log.$drv || bad="$bad no-frozen-line"
	grep -q 'EEH: Recovery successful' /tmp/log.$drv || bad="$bad no-recovery-line"
	grep -q '^injection: emulated (PEST A/B + PEEV) ' "/tmp/inj.$drv" || bad="$bad no-injection-line"
	# the driver's callbacks as the EEH core logged them, parsed by eehlab
	cbs="callbacks: $bdf $drv: error_detected(frozen) -> need reset, slot_reset -> recovered, resume"
	grep -qxF "$cbs" "/tmp/inj.$drv" || bad="$bad no-callbacks-line"
	if [ ! -e "$d/driver" ] || [ "$(basename "$(readlink "$d/driver")")" != "$drv" ]; then
		bad="$bad unbound"
	fi
	case $drv in
	e1000e)
		ifc=$(ls "$d/net" 2>/dev/null | head -n 1)
		if [ -z "$ifc" ] || ! ip link show "$ifc" > /dev/null 2>&1; then
			bad="$bad no-netdev"
		else
			ip link set "$ifc" up
			i=0
			while [ "$(cat "/sys/class/net/$ifc/carrier" 2>/dev/null)" != 1 ] && [ $i -lt 50 ]; do
				usleep 200000; i=$((i + 1))
			done
			echo "# $ifc: operstate $(cat "/sys/class/net/$ifc/operstate"), carrier $(cat "/sys/class/net/$ifc/carrier" 2>/dev/null)"
			[ "$(cat "/sys/class/net/$ifc/carrier" 2>/dev/null)" = 1 ] || bad="$bad no-carrier"
		fi ;;
	nvme)
		if dd if=/dev/nvme0n1 of=/dev/null bs=4096 count=16 2>/tmp/dd.err; then
			echo "# dd: 16 blocks read from /dev/nvme0n1 after the recovery"
		else
			diag < /tmp/dd.err; bad="$bad no-read"
		fi ;;
	esac
	t=$(sed -n 's/^recovered: .* in \([0-9]*\) ms$/\1/p' "/tmp/inj.$drv")
	[ -n "$t" ] && echo "# $drv: recovered in $t ms"
	if [ -z "$bad" ]; then res ok "$name"
	else echo "# failed:$bad"; res "not ok" "$name"; fi
}
t_e1000e_recovers() {
	# the link up before the freeze: the driver's resume brings it back
	ifc=$(ls /sys/bus/pci/devices/0000:01:00.0/net 2>/dev/null | head -n 1)
	[ -n "$ifc" ] && ip link set "$ifc" up 2>/dev/null
	recovers e1000e 0000:01:00.0
}
t_nvme_recovers() { recovers nvme 0001:01:00.0; }
# Each PE line of a listing, with its PHB in front: "0000: PE 0x1fd (...".
pe_lines() { awk '/^PHB /{ phb = $2 } /^ +PE 0x/{ sub(/^ +/, ""); print phb " " $0 }' "$1"; }
t_isolation() {
	if [ $loaded -ne 1 ]; then res ok isolation "SKIP module not loaded"; return; fi
	if [ ! -f /tmp/inj.e1000e ] || [ ! -f /tmp/inj.nvme ] || [ ! -f /tmp/iso.before ]; then
		res "not ok" isolation; return
	fi
	./eehlab list --backend kernel > /tmp/iso.after 2>&1
	# the frozen PEs themselves left out: their freeze counts went up
	: > /tmp/iso.skip
	for b in 0000:01:00.0 0001:01:00.0; do
		echo "^${b%%:*}: PE $(cat /sys/bus/pci/devices/$b/eeh_pe_config_addr) (" >> /tmp/iso.skip
	done
	pe_lines /tmp/iso.before | grep -v -f /tmp/iso.skip > /tmp/iso.b
	pe_lines /tmp/iso.after | grep -v -f /tmp/iso.skip > /tmp/iso.a
	ok=1
	grep -h '^isolation:' /tmp/inj.e1000e /tmp/inj.nvme | diag
	for f in /tmp/inj.e1000e /tmp/inj.nvme; do
		grep -q '^isolation: the [0-9]* other PEs unchanged' "$f" || ok=0
	done
	if ! cmp -s /tmp/iso.b /tmp/iso.a; then
		echo "# the other PEs before and after both freezes differ:"
		diff /tmp/iso.b /tmp/iso.a | diag; ok=0
	fi
	[ -s /tmp/iso.b ] || ok=0
	echo "# $(wc -l < /tmp/iso.b) other PEs: state, flags and freeze count unchanged"
	if [ $ok -eq 1 ]; then res ok isolation; else res "not ok" isolation; fi
}
# PHB3 (powernv8): QEMU's model keeps no PEST, so the emulated freeze is
# refused (exit 2, the module's reason) and nothing is frozen or queued.
t_phb3_refused() {
	if [ $loaded -ne 1 ]; then res ok phb3-refused "SKIP module not loaded"; return; fi
	pe=$(cat /sys/bus/pci/devices/0000:01:00.0/eeh_pe_config_addr)
	st0=$(cat /sys/bus/pci/devices/0000:01:00.0/eeh_pe_state)
	./eehlab inject --backend kernel --pe "0000:$pe" --freeze both > /tmp/inj.phb3 2>&1
	rc=$?
	diag < /tmp/inj.phb3
	st=$(cat /sys/bus/pci/devices/0000:01:00.0/eeh_pe_state)
	echo "# inject exited $rc; eeh_pe_state $st0 before, $st after"
	if [ $rc -eq 2 ] && grep -q 'did not keep PE .* PEST stop bits' /tmp/inj.phb3 &&
	   [ "$st" = "$st0" ]; then
		res ok phb3-refused
	else res "not ok" phb3-refused; fi
}
# The edu behind the switch on PHB 0003: its PE under the PEs of the
# switch's ports. Freezing the top one (the upstream port's PE) must stop
# the PEs under it (its PELT-V) too; the EEH core recovers the top one
# and, with it, the children; the other PHBs' PEs stay as they were.
t_pelt_v_cascade() {
	name=pelt-v-cascade
	if [ $loaded -ne 1 ]; then res ok $name "SKIP module not loaded"; return; fi
	up=/sys/bus/pci/devices/0003:01:00.0; edu=/sys/bus/pci/devices/0003:03:00.0
	if [ ! -r "$up/eeh_pe_config_addr" ] || [ ! -r "$edu/eeh_pe_config_addr" ]; then
		echo "# no switch with an edu behind it on PHB 0003"; res "not ok" $name; return
	fi
	top=$(cat "$up/eeh_pe_config_addr"); leaf=$(cat "$edu/eeh_pe_config_addr")
	./eehlab list --backend kernel > /tmp/casc.before 2>&1
	awk '/^PHB 0003/{ p = 1; next } /^PHB /{ p = 0 } p' /tmp/casc.before | diag
	kids=$(awk -v top="PE $top " '/^PHB 0003/{ p = 1; next } /^PHB /{ p = 0 }
		p && /^ +PE 0x/ { n = match($0, /[^ ]/) - 1
			if (ind && n > ind) print $2
			else if (index($0, top)) ind = n
			else if (ind && n <= ind) ind = 0 }' /tmp/casc.before)
	echo "# top PE $top (0003:01:00.0), PEs under it:" $kids
	freeze_marked casc "3:$top"
	grep -E 'EEH:|eehlab: emulated|0003:' /tmp/log.casc | grep -vE 'EEH: (\[|PCI-E|of node|PCI cmd|PCI dev|Bridge)' |
		head -n 50 | diag
	bad=""
	[ $rc -eq 0 ] || bad="$bad inject-exit"
	[ -n "$kids" ] || bad="$bad no-children"
	echo "$kids" | grep -q "^$leaf\$" || bad="$bad edu-pe-$leaf-not-under-$top"
	grep -q "EEH: Frozen PHB#3-PE#${top#0x} detected" /tmp/log.casc || bad="$bad no-frozen-line"
	grep -q 'EEH: Recovery successful' /tmp/log.casc || bad="$bad no-recovery-line"
	for k in $kids; do
		# stopped; eeh_pe_get_state() answers 5 (temporarily unavailable)
		# for a PE whose parent is isolated or recovering
		grep -q "PELT-V child PE#${k#0x} stopped too (PESTA 0x8000000000000000 PESTB 0x8000000000000000), eeh_pe_get_state 5$" \
			/tmp/log.casc || bad="$bad $k-not-frozen"
		t=$(sed -n "s/^cascade: PHB 0003 PE $k (PELT-V of PE $top) back to normal in \([0-9]*\) ms.*/\1/p" /tmp/inj.casc)
		if [ -n "$t" ]; then echo "# PE $k: recovered in $t ms"; else bad="$bad $k-not-recovered"; fi
	done
	t=$(sed -n 's/^recovered: .* in \([0-9]*\) ms$/\1/p' /tmp/inj.casc)
	[ -n "$t" ] && echo "# PE $top: recovered in $t ms"
	grep -q '^isolation: the [0-9]* PEs under PE' /tmp/inj.casc || bad="$bad isolation"
	if [ -r "$edu/eeh_pe_state" ]; then
		echo "# 0003:03:00.0 after: pe $(cat "$edu/eeh_pe_config_addr") state $(cat "$edu/eeh_pe_state")"
	else
		bad="$bad edu-gone"
	fi
	if [ -z "$bad" ]; then res ok $name
	else echo "# failed:$bad"; res "not ok" $name; fi
}
# eeh_max_freezes (default 5): the 6th freeze of the edu's PE on PHB 0002
# within the hour is a permanent failure, and its device is removed. The
# freezes earlier tests gave the PE count: they are read from the EEH
# core's freeze count first. Last before rmmod: the removal is for good.
t_perm_failure() {
	name=perm-failure; bdf=0002:01:00.0; d=/sys/bus/pci/devices/$bdf
	mf=/sys/kernel/debug/powerpc/eeh_max_freezes
	if [ $loaded -ne 1 ]; then res ok $name "SKIP module not loaded"; return; fi
	[ -e /sys/kernel/debug/powerpc ] || mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
	if [ ! -w "$mf" ]; then res ok $name "SKIP no writable $mf (debugfs, CONFIG_EEH)"; return; fi
	if [ ! -r "$d/eeh_pe_config_addr" ]; then
		echo "# no $bdf"; res "not ok" $name; return
	fi
	pe=$(cat "$d/eeh_pe_config_addr")
	before=$(./eehlab list --backend kernel 2>/dev/null | awk -v pe="PE $pe " '
		/^PHB 0002/{ p = 1; next } /^PHB /{ p = 0 }
		p && index($0, pe) { sub(/.*freezes /, ""); sub(/[^0-9].*/, ""); print; exit }')
	[ -n "$before" ] || before=0
	saved=$(cat "$mf")
	echo 5 > "$mf"
	echo "# eeh_max_freezes $saved, set to $(cat "$mf"); PE $pe of $bdf, driver $(basename "$(readlink "$d/driver" 2>/dev/null)" 2>/dev/null), frozen $before times in the last hour already"
	echo "eehlab-test: perm-failure" > /dev/kmsg
	bad=""
	i=$((before + 1))
	while [ $i -le 6 ]; do
		./eehlab inject --backend kernel --pe "2:$pe" --freeze both > /tmp/inj.perm.$i 2>&1
		rc=$?
		grep -E '^(recovered|permanent|timeout|isolation|cascade)' /tmp/inj.perm.$i | sed "s/^/# freeze $i: /"
		t=$(sed -n 's/^recovered: .* in \([0-9]*\) ms$/\1/p' /tmp/inj.perm.$i)
		if [ $i -le 5 ]; then
			if [ $rc -eq 0 ] && [ -n "$t" ]; then echo "# freeze $i: PE $pe recovered in $t ms"
			else diag < /tmp/inj.perm.$i; bad="$bad freeze-$i-rc-$rc"; break; fi
		else
			echo "# freeze $i: inject exited $rc"
			[ $rc -eq 1 ] || bad="$bad freeze-6-rc-$rc"
			grep -q "^permanent failure: PE $pe permanently failed: device removed" /tmp/inj.perm.$i ||
				bad="$bad no-permanent-message"
		fi
		i=$((i + 1))
	done
	echo "$saved" > "$mf"
	echo "# eeh_max_freezes restored to $(cat "$mf")"
	dmesg | sed -n '/eehlab-test: perm-failure/,$p' > /tmp/log.perm
	grep -E 'EEH:|0002:01' /tmp/log.perm | grep -v 'EEH: \[' | tail -n 25 | diag
	grep -q "EEH: PHB#2-PE#${pe#0x} has failed 6 times in the last hour and has been permanently disabled" \
		/tmp/log.perm || bad="$bad no-permanent-line"
	if [ -e "$d" ]; then bad="$bad $bdf-still-there"; else echo "# $bdf is gone"; fi
	if [ -z "$bad" ]; then res ok $name
	else echo "# failed:$bad"; res "not ok" $name; fi
}
t_data_path() {
	res ok data-path "SKIP QEMU powernv does not model a frozen PE's data path (MMIO loads, dropped stores, blocked DMA)"
}
t_rmmod() {
	if [ $loaded -ne 1 ]; then res ok rmmod "SKIP module not loaded"; return; fi
	line='eehlab: unloaded: 0 allocations live$'
	before=$(dmesg | grep -c "$line")
	if rmmod eehlab 2>/tmp/rmmod.err && ! grep -q '^eehlab ' /proc/modules &&
	   [ "$(dmesg | grep -c "$line")" -eq $((before + 1)) ]; then
		res ok rmmod
	else
		diag < /tmp/rmmod.err; dmesg | grep 'eehlab: unloaded' | tail -n 1 | diag
		res "not ok" rmmod
	fi
}
t_dmesg_clean() {
	# (the EEH core's "EEH: Call Trace:" is the saved trace of a detected freeze)
	if dmesg | grep -E 'BUG:|WARNING:|Oops|Call Trace|KASAN|lockdep' |
	   grep -v 'EEH: Call Trace:' > /tmp/bad.log; then
		diag < /tmp/bad.log; res "not ok" dmesg-clean
	else res ok dmesg-clean; fi
}
