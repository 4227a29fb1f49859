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
# EEHLAB_KO_DEBUG (the module built with EEHLAB_DEBUG=1, engine lock
# assertions on, for the nl-fuzz and concurrent tests), EEHLAB_NL_FUZZ
# (build/nl_fuzz), EEHLAB_FUZZ_SEED and EEHLAB_FUZZ_SECONDS (default 1
# and 20), EEHLAB_GENL_TEST
# (the netlink checks, build/genl_test; their tests skip without it),
# EEHLAB_QEMU_TIMEOUT
# (default 600 s), EEHLAB_QEMU_DIR (work directory, default build/qemu-x86),
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
module_debug=${EEHLAB_KO_DEBUG:-}
nl_fuzz=${EEHLAB_NL_FUZZ:-}
fuzz_seed=${EEHLAB_FUZZ_SEED:-1}
fuzz_seconds=${EEHLAB_FUZZ_SECONDS:-20}
tmo=${EEHLAB_QEMU_TIMEOUT:-600}
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
	-h|--help) sed -n '3,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
done

[ -z "$module" ] || [ -f "$module" ] || die "module '$module' not found"
[ -z "$genl_test" ] || [ -x "$genl_test" ] || die "genl_test '$genl_test' not found"
[ -z "$module_hooks" ] || [ -f "$module_hooks" ] || die "test-hooks module '$module_hooks' not found"
[ -z "$module_debug" ] || [ -f "$module_debug" ] || die "debug module '$module_debug' not found"
[ -z "$nl_fuzz" ] || [ -x "$nl_fuzz" ] || die "nl_fuzz '$nl_fuzz' not found"
case "$fuzz_seed$fuzz_seconds" in
*[!0-9]*) die "EEHLAB_FUZZ_SEED and EEHLAB_FUZZ_SECONDS are numbers" ;;
esac
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
if [ -n "$module_debug" ]; then
	cp "$module_debug" "$root/eehlab/eehlab-debug.ko"
fi
if [ -n "$nl_fuzz" ]; then
	cp "$nl_fuzz" "$root/eehlab/nl_fuzz"
fi
echo "fuzz_seed=$fuzz_seed fuzz_seconds=$fuzz_seconds" > "$root/eehlab/fuzz.conf"
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
echo "1..14"
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

# The kernel log's bad lines (the dmesg-clean test's, also checked
# after each test below for the lines it added)
bad_re='BUG:|WARNING:|Oops|Call Trace|KASAN|UBSAN|lockdep|refcount_t|leaked|possible recursive locking|circular locking|hung_task|blocked for more than'
# dmesg_since LINES: the kernel log's bad lines after its first LINES
dmesg_since() { dmesg | tail -n +$(($1 + 1)) | grep -E "$bad_re"; }
# The debug build's unload line: its engine lock checks, none failed
dbg_clean='eehlab: debug: [1-9][0-9]* engine lock checks, 0 failed$'
dbg_unloads() { dmesg | grep -c "$dbg_clean"; }
uptime_s() { cut -d' ' -f1 /proc/uptime; }
# insmod_debug [PARAM]: the debug build, with its lock self-test line
insmod_debug() {
	st=$(dmesg | grep -c 'debug build: engine lock assertions on (self-test passed)')
	insmod eehlab-debug.ko "$@" 2>/tmp/dbg.err || { diag < /tmp/dbg.err; return 1; }
	if [ "$(dmesg | grep -c 'debug build: engine lock assertions on (self-test passed)')" -ne $((st + 1)) ]; then
		echo "# the debug build did not report its lock self-test passed"
		rmmod eehlab
		return 1
	fi
}
# rmmod_debug: unload with 0 allocations live and no failed lock check
rmmod_debug() {
	u0=$(unloads); d0=$(dbg_unloads)
	if ! rmmod eehlab 2>/tmp/dbg.err || [ "$(unloads)" -ne $((u0 + 1)) ] ||
	   [ "$(dbg_unloads)" -ne $((d0 + 1)) ]; then
		diag < /tmp/dbg.err
		dmesg | grep 'eehlab: unloaded\|eehlab: debug:' | tail -n 2 | diag
		return 1
	fi
	dmesg | grep 'eehlab: debug:' | tail -n 1 | sed 's/.*eehlab: /# /'
}
. ./fuzz.conf

# The netlink fuzz (tests/kernel/nl_fuzz.c) on the debug build: the
# fixed corpus, then random and malformed messages for fuzz_seconds;
# every message answered, the sessions released; then the module still
# runs scenarios, unloads with nothing live and no lock check failed,
# and the kernel log gained no bad line.
if [ $loaded -ne 1 ]; then
	res ok nl-fuzz "SKIP module not loaded"
elif [ ! -f eehlab-debug.ko ]; then
	res ok nl-fuzz "SKIP no debug module given"
elif [ ! -x nl_fuzz ]; then
	res ok nl-fuzz "SKIP no nl_fuzz given"
elif grep -q '^eehlab ' /proc/modules; then
	echo "# eehlab is still loaded"
	res "not ok" nl-fuzz
else
	fz=ok
	mark=$(dmesg | wc -l)
	tt0=$(uptime_s)
	if ! insmod_debug mem_limit_mb=64; then
		fz="not ok"
	else
		./nl_fuzz fuzz --seed "$fuzz_seed" --seconds "$fuzz_seconds" --jobs 2 \
			--count 1000000 > /tmp/fuzz.out 2>&1
		rc=$?
		sed 's/^# //' /tmp/fuzz.out | diag
		if [ $rc -ne 0 ]; then echo "# nl_fuzz exited $rc"; fz="not ok"; fi
		./eehlab run --backend kernel scenarios/recovery scenarios/freeze \
			> /tmp/fuzz-after.ktap 2>&1
		rc=$?
		echo "# after the fuzz: $(grep -c '^ok ' /tmp/fuzz-after.ktap) scenarios pass on the kernel backend"
		if [ $rc -ne 0 ]; then
			nest < /tmp/fuzz-after.ktap
			echo "# the scenarios after the fuzz exited $rc"; fz="not ok"
		fi
		rmmod_debug || fz="not ok"
	fi
	if dmesg_since "$mark" > /tmp/bad.log; then diag < /tmp/bad.log; fz="not ok"; fi
	echo "# nl-fuzz took $(awk -v a="$tt0" -v b="$(uptime_s)" 'BEGIN { printf "%.1f", b - a }') s"
	res "$fz" nl-fuzz
fi

# Two vCPU threads of one guest racing its TCE hypercalls in the module
# (HCALL_RACE: kernel threads bound to two CPUs, outside the engine
# lock, as KVM's real mode runs them), scenarios/hostile/race-*.eeh on
# the debug build: every round one of the two serial orders (or, for two
# lists, entry by entry), every answer as alone, no lock check failed,
# the log clean; and the calls did run on two CPUs at once.
if [ $loaded -ne 1 ] || [ $kbackend -ne 1 ]; then
	res ok hcall-race "SKIP module not loaded or no kernel backend"
elif [ ! -f eehlab-debug.ko ]; then
	res ok hcall-race "SKIP no debug module given"
else
	hr=ok
	mark=$(dmesg | wc -l)
	tt0=$(uptime_s)
	if ! insmod_debug; then
		hr="not ok"
	else
		./eehlab run --backend kernel scenarios/hostile/race-*.eeh > /tmp/race.ktap 2>&1
		rc=$?
		awk '/# Subtest:/ { s = $NF }
		     /# measured: race of line/ { sub(/^ *# measured: /, ""); print s ": " $0 }' \
			/tmp/race.ktap | diag
		if [ $rc -ne 0 ]; then
			nest < /tmp/race.ktap
			echo "# eehlab run exited $rc"; hr="not ok"
		fi
		if ! grep -q 'on two CPUs [1-9]' /tmp/race.ktap; then
			echo "# no round made its two calls on two CPUs"; hr="not ok"
		fi
		rmmod_debug || hr="not ok"
	fi
	if dmesg_since "$mark" > /tmp/bad.log; then diag < /tmp/bad.log; hr="not ok"; fi
	echo "# hcall-race took $(awk -v a="$tt0" -v b="$(uptime_s)" 'BEGIN { printf "%.1f", b - a }') s"
	res "$hr" hcall-race
fi

# Concurrency on the debug build. (a) distinct PHBs: 8 runners at once,
# each running the scenarios on the kernel backend (each scenario in a
# session of its own: its own model and PHBs); each one's results (every
# scenario's and every step's ok / not ok) must be those of a serial run.
# (b) one PHB: 8 clients without a session at once on one PHB of the
# module's shared model, each freezing and recovering its own PE
# (nl_fuzz shared); what each saw must be what it sees when they run one
# after the other.
# the scenario directories of the concurrent test (bounded: about 90
# scenarios, some 2 s for one client under TCG)
conc_scen=""
for c_d in dma fence freeze functions guests hcalls isolation pages peltv \
	   real recovery refusals tiers topology; do
	[ -d "scenarios/$c_d" ] && conc_scen="$conc_scen scenarios/$c_d"
done
ktap_norm() { grep -E '^ *(not ok|ok) |^ *# Subtest:|^ *1\.\.|^ *# Totals' "$1"; }
if [ $loaded -ne 1 ] || [ $kbackend -ne 1 ]; then
	res ok concurrent "SKIP module not loaded or no kernel backend"
elif [ ! -f eehlab-debug.ko ]; then
	res ok concurrent "SKIP no debug module given"
elif [ ! -x nl_fuzz ]; then
	res ok concurrent "SKIP no nl_fuzz given"
elif grep -q '^eehlab ' /proc/modules; then
	echo "# eehlab is still loaded"
	res "not ok" concurrent
else
	cc=ok
	mark=$(dmesg | wc -l)
	tt0=$(uptime_s)
	if ! insmod_debug; then
		cc="not ok"
	else
		t0=$(uptime_s)
		./eehlab run --backend kernel $conc_scen > /tmp/conc-serial.ktap 2>/tmp/conc-serial.err
		rc=$?
		t1=$(uptime_s)
		if [ $rc -ne 0 ]; then
			diag < /tmp/conc-serial.err
			echo "# the serial run exited $rc"; cc="not ok"
		fi
		ktap_norm /tmp/conc-serial.ktap > /tmp/conc-serial.norm
		c_pids=""
		for c_i in 1 2 3 4 5 6 7 8; do
			./eehlab run --backend kernel $conc_scen > /tmp/conc-$c_i.ktap 2>/tmp/conc-$c_i.err &
			c_pids="$c_pids $!"
		done
		c_i=0
		for c_p in $c_pids; do
			c_i=$((c_i + 1))
			if ! wait "$c_p"; then
				echo "# client $c_i failed"; diag < /tmp/conc-$c_i.err
				cc="not ok"
			fi
		done
		t2=$(uptime_s)
		c_same=0
		for c_i in 1 2 3 4 5 6 7 8; do
			ktap_norm /tmp/conc-$c_i.ktap > /tmp/conc-$c_i.norm
			if cmp -s /tmp/conc-serial.norm /tmp/conc-$c_i.norm; then
				c_same=$((c_same + 1))
			else
				echo "# client $c_i differs from the serial run:"
				diff /tmp/conc-serial.norm /tmp/conc-$c_i.norm | head -n 20 | diag
				cc="not ok"
			fi
		done
		echo "# (a) distinct PHBs: $(grep -c '^ok ' /tmp/conc-serial.ktap) scenarios, $(wc -l < /tmp/conc-serial.norm) results; serial $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s, 8 clients at once $(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.1f", b - a }') s; $c_same of 8 the same as serial"
		./nl_fuzz shared --clients 8 --rounds 20 --serial > /tmp/shared-serial.out 2>/tmp/shared-serial.err
		rc=$?
		grep -v '^recoveries:' /tmp/shared-serial.err | sed 's/^# //' | diag
		if [ $rc -ne 0 ]; then diag < /tmp/shared-serial.out; echo "# shared, serial: exited $rc"; cc="not ok"; fi
		./nl_fuzz shared --clients 8 --rounds 20 > /tmp/shared-conc.out 2>/tmp/shared-conc.err
		rc=$?
		grep -v '^recoveries:' /tmp/shared-conc.err | sed 's/^# //' | diag
		# how often a client's RECOVER ran another client's freeze: the
		# clients did meet on the PHB (serially, never)
		c_other=$(sed -n 's/^recoveries: .* and \([0-9]*\) of other.*/\1/p' /tmp/shared-conc.err |
			awk '{ s += $1 } END { print s + 0 }')
		c_other_serial=$(sed -n 's/^recoveries: .* and \([0-9]*\) of other.*/\1/p' /tmp/shared-serial.err |
			awk '{ s += $1 } END { print s + 0 }')
		if [ $rc -ne 0 ]; then diag < /tmp/shared-conc.out; echo "# shared, at once: exited $rc"; cc="not ok"; fi
		sort /tmp/shared-serial.out > /tmp/shared-serial.sorted
		sort /tmp/shared-conc.out > /tmp/shared-conc.sorted
		if [ "$(grep -c '^client ' /tmp/shared-serial.sorted)" -ne 160 ]; then
			echo "# shared, serial: $(grep -c '^client ' /tmp/shared-serial.sorted) rounds reported, not 160"
			cc="not ok"
		elif [ "$c_other_serial" -ne 0 ]; then
			echo "# shared, serial: a RECOVER ran another client's event"
			cc="not ok"
		elif ! cmp -s /tmp/shared-serial.sorted /tmp/shared-conc.sorted; then
			echo "# (b) one PHB: the clients at once saw something else than one after the other:"
			diff /tmp/shared-serial.sorted /tmp/shared-conc.sorted | head -n 20 | diag
			cc="not ok"
		else
			echo "# (b) one PHB: 8 clients x 20 freeze/recover rounds, each its own PE; the same at once as one after the other; $c_other recoveries at once ran another client's event"
			head -n 1 /tmp/shared-serial.out | diag
		fi
		rmmod_debug || cc="not ok"
	fi
	if dmesg_since "$mark" > /tmp/bad.log; then diag < /tmp/bad.log; cc="not ok"; fi
	echo "# concurrent took $(awk -v a="$tt0" -v b="$(uptime_s)" 'BEGIN { printf "%.1f", b - a }') s"
	res "$cc" concurrent
fi

if dmesg | grep -E "$bad_re" > /tmp/bad.log; then
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
# two vCPUs: the concurrent test's clients run in the module at once
timeout "$tmo" qemu-system-x86_64 -M q35 -accel tcg -smp 2 -nographic -no-reboot \
	-m 512 -nic none -kernel "$vmlinuz" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 quiet log_buf_len=4M" < /dev/null > "$log" 2>&1
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
