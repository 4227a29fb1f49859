#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Boot the current Debian amd64 kernel under QEMU (TCG) with an initramfs
# holding busybox, the runner, the scenarios and (optionally) the kernel
# module; run the in-guest tests and print their KTAP, taken from the
# serial console.
#
#   scripts/qemu-x86.sh [--module PATH] [--vmlinuz PATH [--abi ABI]] [--timeout SECONDS] [--keep]
#
# Environment: EEHLAB_KO (module, same as --module), EEHLAB_KO_HOOKS (the
# same module built with EEHLAB_TEST_HOOKS=1, for the fail-nth test),
# EEHLAB_GENL_TEST
# (the netlink checks, build/genl_test; their tests skip without it),
# EEHLAB_QEMU_TIMEOUT
# (default 180 s), EEHLAB_QEMU_DIR (work directory, default build/qemu-x86),
# EEHLAB (runner, default build/eehlab), SCENARIOS (default scenarios).
# Exit 0: the plan is there and nothing failed. Exit 1: a 'not ok', a
# missing plan or result, a kernel panic or a timeout. Exit 2: usage or
# setup error.
set -eu

cd "$(dirname "$0")/.."
. scripts/common.sh

module=${EEHLAB_KO:-}
genl_test=${EEHLAB_GENL_TEST:-}
module_hooks=${EEHLAB_KO_HOOKS:-}
tmo=${EEHLAB_QEMU_TIMEOUT:-180}
work=${EEHLAB_QEMU_DIR:-build/qemu-x86}
runner=${EEHLAB:-build/eehlab}
scen=${SCENARIOS:-scenarios}
keep=0
vmlinuz_opt=${EEHLAB_VMLINUZ:-}
abi_opt=${EEHLAB_ABI:-}

die() { echo "qemu-x86: $*" >&2; exit 2; }
fail() { echo "qemu-x86: FAIL: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
	case "$1" in
	--module) [ $# -ge 2 ] || die "--module needs a path"; module=$2; shift 2 ;;
	--module=*) module=${1#--module=}; shift ;;
	--timeout) [ $# -ge 2 ] || die "--timeout needs seconds"; tmo=$2; shift 2 ;;
	--timeout=*) tmo=${1#--timeout=}; shift ;;
	--keep) keep=1; shift ;;
	--vmlinuz) [ $# -ge 2 ] || die "--vmlinuz needs a path"; vmlinuz_opt=$2; shift 2 ;;
	--abi) [ $# -ge 2 ] || die "--abi needs a kernel ABI"; abi_opt=$2; shift 2 ;;
	-h|--help) sed -n '3,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
done

[ -z "$module" ] || [ -f "$module" ] || die "module '$module' not found"
[ -z "$genl_test" ] || [ -x "$genl_test" ] || die "genl_test '$genl_test' not found"
[ -z "$module_hooks" ] || [ -f "$module_hooks" ] || die "test-hooks module '$module_hooks' not found"
[ -x "$runner" ] || die "runner '$runner' not built: run 'make' first"
[ -d "$scen" ] || die "scenario directory '$scen' not found"

# ---- host dependencies ----
need="qemu-system-x86 busybox-static cpio"
missing=""
for p in $need; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" -eq 0 ]; then
		echo "qemu-x86: installing:$missing" >&2
		# 'update' may exit non-zero while a foreign index is resynced
		apt-get -o DPkg::Lock::Timeout=600 update -qq >&2 || true
		# shellcheck disable=SC2086 # a list of package names
		DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
			install -y -qq --no-install-recommends $missing >&2 ||
			die "apt-get install failed"
	else
		echo "qemu-x86: missing packages:$missing" >&2
		echo "qemu-x86: install them as root with:" >&2
		echo "    apt-get install -y$missing" >&2
		exit 2
	fi
fi
for c in qemu-system-x86_64 cpio gzip timeout dpkg-deb apt-get apt-cache ldd; do
	command -v "$c" >/dev/null 2>&1 || die "'$c' not found"
done
busybox=/bin/busybox
[ -x "$busybox" ] || die "$busybox not found (busybox-static)"

# ---- the kernel: resolve the ABI, fetch and extract vmlinuz (cached) ----
mkdir -p "$work"
work=$(cd "$work" && pwd)
if [ -n "$vmlinuz_opt" ]; then
	# a kernel given by the caller (scripts/kernels.sh prints both)
	[ -s "$vmlinuz_opt" ] || die "no kernel image at $vmlinuz_opt"
	vmlinuz=$(cd "$(dirname "$vmlinuz_opt")" && pwd)/$(basename "$vmlinuz_opt")
	abi=${abi_opt:-$(basename "$vmlinuz_opt" | sed 's/^vmlinuz-//')}
else
	abi=$(apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\([0-9][^ ]*-amd64\)$/\1/p' | head -n 1)
	[ -n "$abi" ] || die "cannot resolve the kernel ABI from 'apt-cache depends linux-image-amd64' (run apt-get update?)"
	vmlinuz=$work/vmlinuz-$abi
	if [ ! -s "$vmlinuz" ]; then
		echo "qemu-x86: fetching linux-image-$abi" >&2
		rm -f "$work"/linux-image-"$abi"_*.deb
		sandbox=""
		[ "$(id -u)" -ne 0 ] || sandbox="-o APT::Sandbox::User=root"
		# shellcheck disable=SC2086 # empty or one option
		if ! (cd "$work" && apt-get download -q $sandbox "linux-image-$abi" >&2); then
			# stale package lists may name an ABI the mirror has dropped
			[ "$(id -u)" -eq 0 ] || die "apt-get download linux-image-$abi failed (run apt-get update?)"
			apt-get -o DPkg::Lock::Timeout=600 update -qq >&2 || true
			abi=$(apt-cache depends linux-image-amd64 2>/dev/null |
				sed -n 's/^ *Depends: linux-image-\([0-9][^ ]*-amd64\)$/\1/p' | head -n 1)
			vmlinuz=$work/vmlinuz-$abi
			(cd "$work" && apt-get download -q $sandbox "linux-image-$abi" >&2) ||
				die "apt-get download linux-image-$abi failed"
		fi
		deb=""
		for f in "$work"/linux-image-"$abi"_*.deb; do [ -f "$f" ] && deb=$f; done
		[ -n "$deb" ] || die "apt-get download left no linux-image-$abi deb"
		dpkg-deb --fsys-tarfile "$deb" |
			tar -xO "./boot/vmlinuz-$abi" > "$vmlinuz.tmp" ||
			die "cannot extract ./boot/vmlinuz-$abi from $deb"
		mv "$vmlinuz.tmp" "$vmlinuz"
		rm -f "$deb"
	fi
fi

if [ -n "$module" ] && PATH=$PATH:/sbin:/usr/sbin command -v modinfo >/dev/null; then
	vm=$(PATH=$PATH:/sbin:/usr/sbin modinfo -F vermagic "$module" 2>/dev/null | cut -d' ' -f1 || true)
	if [ -n "$vm" ] && [ "$vm" != "$abi" ]; then
		echo "qemu-x86: warning: $module is built for $vm, booting $abi" >&2
	fi
fi

# ---- the initramfs ----
root=$work/root
rm -rf "$root"
mkdir -p "$root/bin" "$root/sbin" "$root/usr/bin" "$root/usr/sbin" \
	"$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/eehlab"
cp "$busybox" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
for a in $("$busybox" --list); do
	[ -e "$root/bin/$a" ] || ln -s busybox "$root/bin/$a"
done
cp "$runner" "$root/eehlab/eehlab"
for lib in $(ldd "$runner" | grep -o '/[^ ]*'); do
	cp --parents -L "$lib" "$root"
done
cp -R "$scen" "$root/eehlab/scenarios"
if [ -n "$module" ]; then
	cp "$module" "$root/eehlab/eehlab.ko"
fi
if [ -n "$module_hooks" ]; then
	cp "$module_hooks" "$root/eehlab/eehlab-hooks.ko"
fi
if [ -n "$genl_test" ]; then
	cp "$genl_test" "$root/eehlab/genl_test"
	# static normally; a dynamic build brings its libraries along
	if ldd "$genl_test" >/dev/null 2>&1; then
		for lib in $(ldd "$genl_test" | grep -o '/[^ ]*'); do
			cp --parents -L "$lib" "$root"
		done
	fi
fi

begin='=== eehlab-qemu-x86 begin ==='
end='=== eehlab-qemu-x86 end ==='
cat > "$root/init" <<EOF
#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
dmesg -n 1
cd /eehlab
echo '$begin'
/bin/sh /eehlab/tests.sh
echo '$end'
poweroff -f
EOF
chmod +x "$root/init"

cat > "$root/eehlab/tests.sh" <<'EOF'
#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The in-guest tests: one KTAP suite.
n=0
res() { # res STATUS NAME [DIRECTIVE]
	n=$((n + 1))
	if [ -n "${3:-}" ]; then echo "$1 $n $2 # $3"; else echo "$1 $n $2"; fi
}
diag() { sed 's/^/# /'; }
nest() { sed 's/^/    /'; }

echo "KTAP version 1"
echo "1..11"
echo "# kernel $(uname -r)"
loaded=0
if [ ! -f eehlab.ko ]; then
	res ok insmod "SKIP no module given"
	res ok module-live "SKIP no module given"
elif insmod eehlab.ko 2>/tmp/insmod.err; then
	loaded=1
	res ok insmod
	st=$(cat /sys/module/eehlab/initstate 2>/dev/null)
	if grep -q '^eehlab ' /proc/modules && [ "$st" = live ]; then
		grep '^eehlab ' /proc/modules | diag
		res ok module-live
	else
		echo "# /proc/modules has no eehlab, or initstate is '$st'"
		res "not ok" module-live
	fi
else
	diag < /tmp/insmod.err
	res "not ok" insmod
	res "not ok" module-live
fi

./eehlab run scenarios > /tmp/model.ktap 2>/tmp/model.err
rc=$?
nest < /tmp/model.ktap
diag < /tmp/model.err
if [ $rc -eq 0 ]; then res ok scenarios-model
else echo "# eehlab run exited $rc"; res "not ok" scenarios-model; fi

if [ $loaded -ne 1 ]; then
	res ok scenarios-kernel "SKIP module not loaded"
elif ./eehlab run --backend kernel scenarios > /tmp/kernel.ktap 2>/tmp/kernel.err; then
	nest < /tmp/kernel.ktap
	res ok scenarios-kernel
elif grep -q "unknown backend" /tmp/kernel.err; then
	res ok scenarios-kernel "SKIP runner has no kernel backend"
else
	nest < /tmp/kernel.ktap
	diag < /tmp/kernel.err
	res "not ok" scenarios-kernel
fi

# Every step on the model (the oracle) and in the module: ok only when
# no step differs (a nested KTAP test).
if [ $loaded -ne 1 ]; then
	res ok compare "SKIP module not loaded"
else
	./eehlab run --compare model,kernel scenarios > /tmp/compare.ktap 2>/tmp/compare.err
	rc=$?
	nest < /tmp/compare.ktap
	diag < /tmp/compare.err
	if [ $rc -eq 0 ]; then res ok compare
	else echo "# eehlab run --compare exited $rc"; res "not ok" compare; fi
fi

# The netlink checks: a nested KTAP test.
if [ $loaded -ne 1 ]; then
	res ok genl-test "SKIP module not loaded"
elif [ ! -x genl_test ]; then
	res ok genl-test "SKIP no genl_test given"
else
	./genl_test > /tmp/genl.ktap 2>/tmp/genl.err
	rc=$?
	nest < /tmp/genl.ktap
	diag < /tmp/genl.err
	case $rc in
	0) res ok genl-test ;;
	4) res ok genl-test "SKIP family not found" ;;
	*) echo "# genl_test exited $rc"; res "not ok" genl-test ;;
	esac
fi

# The module's unload line (driver/eehlab_main.c) with zero live blocks
clean_unload='eehlab: unloaded: 0 allocations live$'
unloads() { dmesg | grep -c "$clean_unload"; }

if [ $loaded -ne 1 ]; then
	res ok rmmod "SKIP module not loaded"
else
	before=$(unloads)
	if rmmod eehlab 2>/tmp/rmmod.err && ! grep -q '^eehlab ' /proc/modules &&
	   [ "$(unloads)" -eq $((before + 1)) ]; then
		res ok rmmod
	else
		diag < /tmp/rmmod.err
		dmesg | grep 'eehlab: unloaded' | tail -n 1 | diag
		res "not ok" rmmod
	fi
fi

# The fail_nth walk: the test-hooks build of the module, genl_test
# failnth (every allocation point reachable over netlink failed once,
# no leak each time), rmmod with zero live allocations.
# The module's own init, walked: insmod with its Nth allocation failing
# must fail cleanly with nothing live, until an N that init survives.
init_walk() {
	k=0
	while [ $k -lt 64 ]; do
		k=$((k + 1))
		nfail=$(dmesg | grep -c 'eehlab: init failed')
		if insmod eehlab-hooks.ko fail_init_nth=$k 2>/tmp/iw.err; then
			rmmod eehlab
			echo "# init: $((k - 1)) allocation points walked, each failing cleanly"
			return 0
		fi
		# (busybox insmod tries finit_module, then init_module: one or two lines)
		now=$(dmesg | grep -c 'eehlab: init failed')
		if [ "$now" -le "$nfail" ]; then
			echo "# init with allocation $k failing: insmod failed without its line"
			diag < /tmp/iw.err
			return 1
		fi
		if dmesg | grep 'eehlab: init failed' | tail -n $((now - nfail)) |
		   grep -v ': 0 allocations live$' > /tmp/iw.bad; then
			echo "# init with allocation $k failing left allocations live:"
			diag < /tmp/iw.bad
			return 1
		fi
	done
	echo "# init still failing at allocation $k"
	return 1
}
if [ ! -f eehlab-hooks.ko ]; then
	res ok fail-nth "SKIP no test-hooks module given"
elif [ ! -x genl_test ]; then
	res ok fail-nth "SKIP no genl_test given"
elif grep -q '^eehlab ' /proc/modules; then
	echo "# eehlab is still loaded"
	res "not ok" fail-nth
elif ! init_walk; then
	res "not ok" fail-nth
elif ! insmod eehlab-hooks.ko 2>/tmp/hooks.err; then
	diag < /tmp/hooks.err
	res "not ok" fail-nth
else
	./genl_test failnth > /tmp/failnth.ktap 2>&1
	rc=$?
	nest < /tmp/failnth.ktap
	before=$(unloads)
	if ! rmmod eehlab 2>/tmp/hooks.err || [ "$(unloads)" -ne $((before + 1)) ]; then
		diag < /tmp/hooks.err
		dmesg | grep 'eehlab: unloaded' | tail -n 1 | diag
		res "not ok" fail-nth
	elif [ $rc -eq 0 ]; then
		res ok fail-nth
	else
		echo "# genl_test failnth exited $rc"; res "not ok" fail-nth
	fi
fi

# The module-wide memory limit: loaded with mem_limit_mb=8, a session
# filling more host memory than that gets ENOMEM, not an oops.
if [ $loaded -ne 1 ]; then
	res ok mem-limit "SKIP module not loaded"
elif [ ! -x genl_test ]; then
	res ok mem-limit "SKIP no genl_test given"
elif ! insmod eehlab.ko mem_limit_mb=8 2>/tmp/ml.err; then
	diag < /tmp/ml.err
	res "not ok" mem-limit
else
	./genl_test memlimit > /tmp/ml.ktap 2>&1
	rc=$?
	nest < /tmp/ml.ktap
	before=$(unloads)
	if ! rmmod eehlab 2>/tmp/ml.err || [ "$(unloads)" -ne $((before + 1)) ]; then
		diag < /tmp/ml.err
		res "not ok" mem-limit
	elif [ $rc -eq 0 ]; then
		res ok mem-limit
	else
		res "not ok" mem-limit
	fi
fi

# The soak: 50 x (insmod, a client churning PHBs and leaving one
# populated, a client running a few scenarios on the kernel backend in
# the background, rmmod); every unload must report zero live allocations.
kbackend=0
soak_scen=scenarios
if [ $loaded -eq 1 ] && [ -n "$soak_scen" ] &&
   ! grep -q "unknown backend" /tmp/kernel.err 2>/dev/null; then
	kbackend=1
fi
if [ $loaded -ne 1 ]; then
	res ok load-unload-50 "SKIP module not loaded"
elif [ ! -x genl_test ]; then
	res ok load-unload-50 "SKIP no genl_test given"
else
	soak=ok
	i=0
	midrun=0
	done_scen=0
	while [ $i -lt 50 ]; do
		i=$((i + 1))
		before=$(unloads)
		if ! insmod eehlab.ko 2>/tmp/soak.err; then
			echo "# round $i: insmod failed"; diag < /tmp/soak.err
			soak="not ok"; break
		fi
		if ! ./genl_test churn 5 --leave > /tmp/soak.out 2>&1; then
			echo "# round $i: churn failed"; diag < /tmp/soak.out
			soak="not ok"
		fi
		# a client running the whole suite on the kernel backend, caught
		# mid-run by rmmod once it has finished a scenario or two (its
		# later failures are expected: the module goes away)
		bg=""
		if [ $kbackend -eq 1 ]; then
			./eehlab run --backend kernel $soak_scen > /tmp/soak.run 2>&1 &
			bg=$!
			w=0
			while [ $w -lt 100 ] && kill -0 "$bg" 2>/dev/null &&
			      [ "$(grep -c '^ok ' /tmp/soak.run)" -lt 2 ]; do
				sleep 0.05; w=$((w + 1))
			done
			if kill -0 "$bg" 2>/dev/null; then
				midrun=$((midrun + 1))
				done_scen=$((done_scen + $(grep -c '^ok ' /tmp/soak.run)))
			fi
		fi
		# rmmod may meet the client mid-command: retry a little
		tries=0
		until rmmod eehlab 2>/tmp/soak.err; do
			tries=$((tries + 1))
			[ $tries -lt 50 ] || break
			sleep 0.1
		done
		[ -z "$bg" ] || wait "$bg" 2>/dev/null
		if grep -q '^eehlab ' /proc/modules; then
			echo "# round $i: rmmod failed"; diag < /tmp/soak.err
			soak="not ok"; break
		fi
		if [ "$(unloads)" -ne $((before + 1)) ]; then
			echo "# round $i: the unload did not report 0 allocations live:"
			dmesg | grep 'eehlab: unloaded' | tail -n 1 | diag
			soak="not ok"; break
		fi
		[ "$soak" = ok ] || break
	done
	echo "# $i rounds, $(unloads) clean unloads in all"
	if [ $kbackend -eq 1 ]; then
		echo "# a kernel-backend client was mid-run at $midrun of $i unloads ($done_scen scenarios passed before them)"
		if [ "$soak" = ok ] && [ $midrun -lt $((i / 2)) ]; then
			echo "# the client was mid-run at fewer than half of the unloads"
			soak="not ok"
		fi
	fi
	res "$soak" load-unload-50
fi

if dmesg | grep -E 'BUG:|WARNING:|Oops|Call Trace|KASAN|lockdep|leaked' > /tmp/bad.log; then
	diag < /tmp/bad.log
	res "not ok" dmesg-clean
else
	res ok dmesg-clean
fi
EOF

initrd=$work/initrd.gz
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) |
	gzip -1 > "$initrd"

# ---- boot ----
log=$work/console.log
echo "qemu-x86: booting linux-image-$abi under TCG (timeout ${tmo}s)" >&2
t0=$(date +%s.%N)
set +e
timeout "$tmo" qemu-system-x86_64 -M q35 -accel tcg -nographic -no-reboot \
	-m 512 -nic none -kernel "$vmlinuz" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 quiet" < /dev/null > "$log" 2>&1
qrc=$?
set -e
t1=$(date +%s.%N)
wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
[ "$keep" -eq 1 ] || rm -rf "$root"

# ---- the result, from the console ----
# drop \r and the terminal escapes SeaBIOS and the kernel send
sed 's/\r//g; s/\x1b\[[0-9;?]*[A-Za-z]//g; s/\x1b[c78]//g' "$log" > "$log.txt"
ktap=$work/result.ktap
qemu_ktap "$log.txt" "$ktap" "$begin" "$end"
cat "$ktap"
echo "qemu-x86: boot wall time ${wall}s (qemu exit $qrc)" >&2

why=$(qemu_verdict "$log.txt" "$ktap" "$begin" "$end" "$qrc" "$tmo")
plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$ktap" | head -n 1)

if [ -n "$why" ]; then
	echo "qemu-x86: last console lines:" >&2
	tail -n 20 "$log.txt" | sed 's/^/    /' >&2
	fail "$why (console: $log.txt)"
fi
echo "qemu-x86: PASS: $plan tests, linux $abi" >&2
exit 0
