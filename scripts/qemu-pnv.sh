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
# (work directory, default build/qemu-pnv), SCENARIOS (default scenarios),
# EEHLAB_PNV_TESTS (the tests to run, by name, instead of the machine's).
# The tests are the t_NAME functions of scripts/pnv/*.sh; powernv9 runs
# every one, powernv8 (PHB3) a subset.
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
	-h|--help) sed -n '3,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
done

case "$machine" in
powernv9) tests="insmod module-live eeh-platform pes drivers edu-bound edu-dma scenarios-model scenarios-kernel scenarios-host compare list-real hw-inject-mem hw-inject-dma hw-inject-io hw-inject-range hw-inject-cfg e1000e-recovers nvme-recovers isolation edu-recovers tce-real kvm-tce kvm-rtas kvm-vfio kvm-vfio-eeh kvm-thaw-release kvm-oracle kvm-scenarios pelt-v-cascade data-path perm-failure rmmod dmesg-clean" ;;
powernv8) tests="insmod eeh-platform pes scenarios-kernel scenarios-host phb3-refused rmmod" ;;
*) die "--machine: powernv9 or powernv8" ;;
esac
# The real-device scenarios name QEMU powernv9's devices by default; on
# powernv8 the switch and its edu sit on PHB 0002
real_vars=""
[ "$machine" = powernv8 ] && real_vars="-D EEHLAB_SWITCH_UP=0002:01:00.0 -D EEHLAB_SWITCH_DOWN=0002:02:00.0 -D EEHLAB_SWITCH_LEAF=0002:03:00.0 -D EEHLAB_EDU=0002:03:00.0"
# EEHLAB_PNV_TESTS: run these tests instead (names as above, in order)
[ -z "${EEHLAB_PNV_TESTS:-}" ] || tests=$EEHLAB_PNV_TESTS
for t in $tests; do
	grep -q "^t_$(echo "$t" | tr - _)()" scripts/pnv/*.sh ||
		die "no test '$t' in scripts/pnv/*.sh"
done
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
# the KVM test VMM (static) and its scripts, when built beside the runner
if [ -x "$(dirname "$runner")/eehlab-vmm" ]; then
	cp "$(dirname "$runner")/eehlab-vmm" "$root/eehlab/eehlab-vmm"
	cp -R kvm/scripts "$root/eehlab/kvm"
	if [ -x "$(dirname "$runner")/eehlab-oracle" ]; then
		cp "$(dirname "$runner")/eehlab-oracle" "$root/eehlab/"
	fi
fi
# libpci's names for 'eehlab list' (package pci.ids: architecture-independent data)
if [ -f /usr/share/misc/pci.ids ]; then
	mkdir -p "$root/usr/share/misc"
	cp /usr/share/misc/pci.ids "$root/usr/share/misc/pci.ids"
fi
copy_libs "$runner"
cp -R "$scen" "$root/eehlab/scenarios"
[ -z "$module" ] || cp "$module" "$root/eehlab/eehlab.ko"

# e1000e, nvme and kvm-hv with their dependencies, uncompressed, in load order
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
add_module kvm-hv
add_module vfio-pci
add_module vfio_iommu_spapr_tce

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
TESTS='$tests' ABI='$abi' REAL_VARS='$real_vars' /bin/sh /eehlab/tests.sh
echo '$end'
poweroff -f
EOF
chmod +x "$root/init"

# the tests: the t_NAME functions of scripts/pnv/*.sh, in name order
{
	echo '#!/bin/sh'
	echo '# SPDX-License-Identifier: GPL-2.0-only'
	echo '# The in-guest tests: one KTAP suite, the tests named in $TESTS.'
	for f in scripts/pnv/*.sh; do
		sed '/^# SPDX-License-Identifier/d' "$f"
	done
	cat <<'EOF'
echo "KTAP version 1"
echo "1..$(echo $TESTS | wc -w)"
echo "# kernel $(uname -r), $(grep -m1 '^cpu' /proc/cpuinfo | sed 's/[[:space:]]*:[[:space:]]*/ /')"
# The tests freeze the same PEs many times within the hour: the EEH
# core's limit (eeh_max_freezes, 5) would fail them for good halfway.
# Raised for the run; perm-failure sets 5 itself and counts the freezes.
mf=/sys/kernel/debug/powerpc/eeh_max_freezes
if [ -w $mf ]; then
	echo "# eeh_max_freezes $(cat $mf), raised to 1000 for the tests"
	echo 1000 > $mf
fi
for t in $TESTS; do
	"t_$(echo "$t" | tr - _)"
done
EOF
} > "$root/eehlab/tests.sh"

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
	-append "console=hvc0 loglevel=4 panic=-1 log_buf_len=4M" \
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
