#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Boot a Debian ppc64el kernel on QEMU's PowerNV machine (TCG; skiboot is
# the firmware, so the Linux EEH platform itself runs) with an initramfs
# holding busybox, the cross-built runner, the scenarios, the module and
# the e1000e/nvme drivers; run the in-guest tests and print their KTAP,
# taken from the serial console.
#
#   scripts/qemu-pnv.sh --vmlinux PATH --abi ABI [--module PATH]
#       [--machine powernv9|powernv8] [--timeout SECONDS] [--keep]
#
# 'make qemu-pnv' runs it for each kernel of scripts/kernels-pnv.sh, which
# prints the paths below. Environment: EEHLAB_KO (module, same as
# --module), EEHLAB (runner, default build/ppc64le/eehlab), EEHLAB_SYSROOT
# (the ppc64el sysroot its shared libraries come from), EEHLAB_MODDIR (the
# image's /lib/modules/<ABI>, depmod run), EEHLAB_BUSYBOX (a ppc64el
# static busybox), EEHLAB_QEMU_TIMEOUT (default 900 s), EEHLAB_QEMU_DIR
# (work directory, default build/qemu-pnv), SCENARIOS (default scenarios).
# powernv9 runs every test; powernv8 (PHB3) a subset.
# Exit 0: the plan is there and nothing failed. Exit 1: a 'not ok', a
# missing plan or result, a kernel panic or a timeout. Exit 2: usage or
# setup error.
set -eu

cd "$(dirname "$0")/.."
. scripts/common.sh

module=${EEHLAB_KO:-}
tmo=${EEHLAB_QEMU_TIMEOUT:-900}
work=${EEHLAB_QEMU_DIR:-build/qemu-pnv}
runner=${EEHLAB:-build/ppc64le/eehlab}
sysroot=${EEHLAB_SYSROOT:-}
moddir=${EEHLAB_MODDIR:-}
busybox=${EEHLAB_BUSYBOX:-}
scen=${SCENARIOS:-scenarios}
machine=powernv9
keep=0
vmlinux=${EEHLAB_VMLINUX:-}
abi=${EEHLAB_ABI:-}

die() { echo "qemu-pnv: $*" >&2; exit 2; }
fail() { echo "qemu-pnv: FAIL: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
	case "$1" in
	--module) [ $# -ge 2 ] || die "--module needs a path"; module=$2; shift 2 ;;
	--module=*) module=${1#--module=}; shift ;;
	--timeout) [ $# -ge 2 ] || die "--timeout needs seconds"; tmo=$2; shift 2 ;;
	--timeout=*) tmo=${1#--timeout=}; shift ;;
	--keep) keep=1; shift ;;
	--vmlinux) [ $# -ge 2 ] || die "--vmlinux needs a path"; vmlinux=$2; shift 2 ;;
	--abi) [ $# -ge 2 ] || die "--abi needs a kernel ABI"; abi=$2; shift 2 ;;
	--machine) [ $# -ge 2 ] || die "--machine needs a name"; machine=$2; shift 2 ;;
	-h|--help) sed -n '3,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
done

case "$machine" in
powernv9) tests="insmod module-live eeh-platform pes drivers scenarios-model scenarios-kernel compare list-real e1000e-recovers nvme-recovers isolation pelt-v-cascade data-path perm-failure rmmod dmesg-clean" ;;
powernv8) tests="insmod eeh-platform pes scenarios-kernel phb3-refused rmmod" ;;
*) die "--machine: powernv9 or powernv8" ;;
esac
[ -s "$vmlinux" ] || die "no kernel at '$vmlinux' (--vmlinux; scripts/kernels-pnv.sh prints VMLINUX=)"
[ -n "$abi" ] || abi=$(basename "$vmlinux" | sed 's/^vmlinux-//')
[ -z "$module" ] || [ -f "$module" ] || die "module '$module' not found"
[ -x "$runner" ] || die "runner '$runner' not built: run 'make runner-pnv PNV_SYSROOT=...' first"
[ -d "$scen" ] || die "scenario directory '$scen' not found"
[ -d "$sysroot/usr/lib" ] || die "EEHLAB_SYSROOT names no ppc64el sysroot (scripts/kernels-pnv.sh prints SYSROOT=)"
[ -f "$moddir/modules.dep" ] || die "EEHLAB_MODDIR names no modules directory with modules.dep (MODDIR=)"
[ -x "$busybox" ] || die "EEHLAB_BUSYBOX names no busybox (BUSYBOX=)"
sh scripts/deps.sh pnv >&2 || exit 2
for c in qemu-system-ppc64 powerpc64le-linux-gnu-readelf cpio gzip xz timeout; do
	command -v "$c" >/dev/null 2>&1 || die "'$c' not found"
done

mkdir -p "$work"
work=$(cd "$work" && pwd)

# ---- the initramfs ----
root=$work/root
rm -rf "$root"
mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/tmp" \
	"$root/eehlab" "$root/lib/modules/$abi"
cp "$busybox" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
# (the applet list is the host busybox's: the same version, and the
# ppc64el binary cannot run here)
for a in $(/bin/busybox --list 2>/dev/null || echo sh); do
	[ -e "$root/bin/$a" ] || ln -s busybox "$root/bin/$a"
done

# the runner's libraries: its NEEDED entries, resolved in the sysroot,
# recursively, and the dynamic loader
libdirs="lib/powerpc64le-linux-gnu usr/lib/powerpc64le-linux-gnu lib64"
copy_libs() { # copy_libs ELF
	interp=$(powerpc64le-linux-gnu-readelf -l "$1" |
		sed -n 's/.*Requesting program interpreter: \(.*\)\]$/\1/p')
	if [ -n "$interp" ] && [ ! -e "$root$interp" ]; then
		mkdir -p "$root$(dirname "$interp")"
		cp -L "$sysroot$interp" "$root$interp" || die "no $interp in the sysroot"
	fi
	for n in $(powerpc64le-linux-gnu-readelf -d "$1" |
		sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'); do
		found=""
		for d in $libdirs; do
			if [ -e "$sysroot/$d/$n" ]; then found=$d; break; fi
		done
		[ -n "$found" ] || die "$n (needed by $(basename "$1")) is not in the sysroot"
		[ -e "$root/$found/$n" ] && continue
		mkdir -p "$root/$found"
		cp -L "$sysroot/$found/$n" "$root/$found/$n"
		copy_libs "$root/$found/$n"
	done
}
cp "$runner" "$root/eehlab/eehlab"
# libpci's names for 'eehlab list' (package pci.ids: architecture-independent data)
if [ -f /usr/share/misc/pci.ids ]; then
	mkdir -p "$root/usr/share/misc"
	cp /usr/share/misc/pci.ids "$root/usr/share/misc/pci.ids"
fi
copy_libs "$runner"
cp -R "$scen" "$root/eehlab/scenarios"
[ -z "$module" ] || cp "$module" "$root/eehlab/eehlab.ko"

# e1000e and nvme with their dependencies, uncompressed, in load order
: > "$root/eehlab/modules.load"
add_module() { # add_module NAME
	line=$(grep -E "(^|/)$1\.ko(\.xz|\.zst|\.gz)?:" "$moddir/modules.dep" | head -n 1)
	[ -n "$line" ] || die "no $1 in $moddir/modules.dep"
	self=${line%%:*}
	deps=${line#*:}
	# modules.dep lists the dependencies last-needed first
	order=""
	for d in $deps; do order="$d $order"; done
	for m in $order $self; do
		ko=$(basename "$m" | sed 's/\.\(xz\|zst\|gz\)$//')
		grep -qx "$ko" "$root/eehlab/modules.load" && continue
		case "$m" in
		*.xz) xz -dc "$moddir/$m" > "$root/lib/modules/$abi/$ko" ;;
		*.zst) zstd -qdc "$moddir/$m" > "$root/lib/modules/$abi/$ko" ;;
		*.gz) gzip -dc "$moddir/$m" > "$root/lib/modules/$abi/$ko" ;;
		*) cp "$moddir/$m" "$root/lib/modules/$abi/$ko" ;;
		esac
		echo "$ko" >> "$root/eehlab/modules.load"
	done
}
add_module e1000e
add_module nvme

begin='=== eehlab-qemu-pnv begin ==='
end='=== eehlab-qemu-pnv end ==='
cat > "$root/init" <<EOF
#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
dmesg -n 1
cd /eehlab
echo '$begin'
TESTS='$tests' ABI='$abi' /bin/sh /eehlab/tests.sh
echo '$end'
poweroff -f
EOF
chmod +x "$root/init"

cat > "$root/eehlab/tests.sh" <<'EOF'
#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The in-guest tests: one KTAP suite, the tests named in $TESTS.
n=0
res() { # res STATUS NAME [DIRECTIVE]
	n=$((n + 1))
	if [ -n "${3:-}" ]; then echo "$1 $n $2 # $3"; else echo "$1 $n $2"; fi
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
	./eehlab run --backend kernel scenarios > /tmp/kernel.ktap 2>/tmp/kernel.err
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
	from=$(dmesg | wc -l)
	./eehlab inject --backend kernel --pe "${bdf%%:*}:$pe" --freeze both > "/tmp/inj.$drv" 2>&1
	rc=$?
	diag < "/tmp/inj.$drv"
	echo "# inject exited $rc"
	# the kernel's lines since (without the saved stack trace's entries)
	dmesg | tail -n +$((from + 1)) > /tmp/log.$drv
	grep -E 'EEH:|eehlab: emulated' /tmp/log.$drv | grep -v 'EEH: \[' | head -n 40 | diag
	frozen="EEH: Frozen PHB#$(printf %x $((0x${bdf%%:*})))-PE#${pe#0x} detected"
	bad=""
	[ $rc -eq 0 ] || bad="$bad inject-exit"
	grep -q "$frozen" /tmp/log.$drv || bad="$bad no-frozen-line"
	grep -q 'EEH: Recovery successful' /tmp/log.$drv || bad="$bad no-recovery-line"
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
	# (a mark in the kernel log: by now the ring is full, line counts shift)
	echo "eehlab-test: pelt-v-cascade" > /dev/kmsg
	./eehlab inject --backend kernel --pe "3:$top" --freeze both > /tmp/inj.casc 2>&1
	rc=$?
	diag < /tmp/inj.casc
	echo "# inject exited $rc"
	dmesg | sed -n '/eehlab-test: pelt-v-cascade/,$p' > /tmp/log.casc
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
# within the hour is a permanent failure, and its device is removed. Last
# before rmmod: the removal is for good.
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
	saved=$(cat "$mf")
	echo 5 > "$mf"
	echo "# eeh_max_freezes $saved, set to $(cat "$mf"); PE $pe of $bdf, driver $(basename "$(readlink "$d/driver" 2>/dev/null)" 2>/dev/null)"
	echo "eehlab-test: perm-failure" > /dev/kmsg
	bad=""
	i=1
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

echo "KTAP version 1"
echo "1..$(echo $TESTS | wc -w)"
echo "# kernel $(uname -r), $(grep -m1 '^cpu' /proc/cpuinfo | sed 's/[[:space:]]*:[[:space:]]*/ /')"
for t in $TESTS; do
	"t_$(echo "$t" | tr - _)"
done
EOF

initrd=$work/initrd.gz
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) |
	gzip -1 > "$initrd"

# ---- boot ----
nvme_img=$work/nvme.img
[ -f "$nvme_img" ] || truncate -s 16M "$nvme_img"
log=$work/console.log
rm -f "$log"
# powernv9 has six PHBs (root ports pcie.0-5), powernv8 three: there the
# switch takes pcie.2 and the direct edu is left out
if [ "$machine" = powernv9 ]; then
	edu_direct="-device edu,bus=pcie.2,addr=0x0"
	switch_bus=pcie.3
else
	edu_direct=""
	switch_bus=pcie.2
fi
echo "qemu-pnv: booting linux-image-$abi on $machine under TCG (timeout ${tmo}s)" >&2
t0=$(date +%s.%N)
set +e
timeout "$tmo" qemu-system-ppc64 -M "$machine" -m 2G -smp 1 -accel tcg \
	-display none -monitor none -serial "file:$log" -no-reboot \
	-kernel "$vmlinux" -initrd "$initrd" \
	-append "console=hvc0 loglevel=4 panic=-1" \
	-netdev user,id=n0 -device e1000e,bus=pcie.0,addr=0x0,netdev=n0 \
	-drive "file=$nvme_img,if=none,id=nv0,format=raw" \
	-device nvme,bus=pcie.1,addr=0x0,drive=nv0,serial=eehlab0 \
	$edu_direct \
	-device x3130-upstream,id=up0,bus=$switch_bus,addr=0x0 \
	-device xio3130-downstream,id=dn0,bus=up0,chassis=20,slot=1 \
	-device edu,bus=dn0,addr=0x0 \
	< /dev/null > "$work/qemu.err" 2>&1
qrc=$?
set -e
t1=$(date +%s.%N)
wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
[ "$keep" -eq 1 ] || rm -rf "$root"

# ---- the result, from the console ----
# drop \r and terminal escapes; skiboot writes to the same console
touch "$log"
sed 's/\r//g; s/\x1b\[[0-9;?]*[A-Za-z]//g; s/\x1b[c78]//g' "$log" > "$log.txt"
ktap=$work/result.ktap
# The tests' lines between the markers, without printk or skiboot lines
# ("[    1.234] ..." / "[  1.234567,5] ...").
qemu_ktap "$log.txt" "$ktap" "$begin" "$end"
cat "$ktap"
echo "qemu-pnv: $machine boot wall time ${wall}s (qemu exit $qrc)" >&2

why=$(qemu_verdict "$log.txt" "$ktap" "$begin" "$end" "$qrc" "$tmo" \
	"$(head -c 300 "$work/qemu.err")")
plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$ktap" | head -n 1)

if [ -n "$why" ]; then
	echo "qemu-pnv: last console lines:" >&2
	tail -n 20 "$log.txt" | sed 's/^/    /' >&2
	fail "$why (console: $log.txt)"
fi
echo "qemu-pnv: PASS: $plan tests, linux $abi on $machine" >&2
exit 0
