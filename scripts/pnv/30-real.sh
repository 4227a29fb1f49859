# SPDX-License-Identifier: GPL-2.0-only
# The real-device scenarios (scenarios/real) on the host backend: no
# module, only the kernel's own sysfs, debugfs and log. Under QEMU
# powernv eeh_dev_break freezes nothing, so the freezes are SKIPs with
# that reason; the firmware injections, eeh_force_recover's recovery and
# config reads run.
t_scenarios_host() {
	[ -e /sys/kernel/debug/powerpc ] || mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
	./eehlab run --backend host $REAL_VARS scenarios > /tmp/host.ktap 2>/tmp/host.err
	rc=$?
	nest < /tmp/host.ktap; diag < /tmp/host.err
	bad=""
	[ $rc -eq 0 ] || bad="$bad exit-$rc"
	# what must have run, not skipped: config space; the injections and
	# eeh_force_recover's recovery (written for PHB4: skipped with that
	# reason on a PHB3)
	grep -q "^ok [0-9]* real/config.eeh\$" /tmp/host.ktap || bad="$bad real/config.eeh"
	for s in real/hw-inject.eeh real/force-recover.eeh; do
		grep -q "^ok [0-9]* $s\$" /tmp/host.ktap ||
			grep -q "^ok [0-9]* $s # SKIP .*, not ibm,power9-pciex (phb=phb4)\$" /tmp/host.ktap ||
			bad="$bad $s"
	done
	grep -q "^ok [0-9]* real/e1000e-freeze.eeh$" /tmp/host.ktap &&
		grep -q "# SKIP eeh_dev_break on 0000:01:00.0 froze nothing" /tmp/host.ktap ||
		bad="$bad e1000e-freeze-not-skipped-with-reason"
	if [ -z "$bad" ]; then res ok scenarios-host
	else echo "# failed:$bad"; res "not ok" scenarios-host; fi
}
