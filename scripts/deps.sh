#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Install (as root, with apt-get) or name (otherwise) what eehlab needs.
#   scripts/deps.sh build    compiler, make, libc headers, prove, libnl-genl-3
#                            and pkg-config (the runner's kernel backend),
#                            libpci (device names in eehlab list)
#   scripts/deps.sh kernel   headers of the current Debian amd64 kernel
#                            (for make module); prints KDIR=<path>
#   scripts/deps.sh kernel-tests  libnl-genl-3 (static archives) and
#                            pkg-config, for the in-guest build/genl_test
#   scripts/deps.sh pnv      the ppc64le (QEMU powernv) harness: QEMU, the
#                            cross compiler, kmod (depmod), cpio, pkg-config
#   scripts/deps.sh fuzz     clang and its libFuzzer runtime (make fuzz)
# Exit 0 when everything is present; otherwise, when not root, print the
# exact apt-get line and exit 1.
set -eu

group=${1:-build}
case "$group" in
build)
	pkgs="gcc make libc6-dev perl libnl-genl-3-dev libpci-dev pkg-config"
	cmds="cc make prove pkg-config"
	;;
kernel)
	# The ABI of the current Debian amd64 kernel, resolved at run time:
	# linux-headers-amd64 depends on linux-headers-<ABI>.
	resolve_hdr() {
		apt-cache depends linux-headers-amd64 2>/dev/null | \
			sed -n 's/^ *Depends: \(linux-headers-[0-9][^ ]*-amd64\)$/\1/p' | \
			head -n 1
	}
	hdr=$(resolve_hdr)
	# As root, refresh the package lists unless the headers they name are
	# installed already: stale lists may name an ABI the mirror has dropped.
	# ('update' exits 100 while a foreign index is being resynced.)
	if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 && \
	   ! dpkg-query -W -f='${Status}' "$hdr" 2>/dev/null | grep -q "install ok installed"; then
		apt-get -o DPkg::Lock::Timeout=600 update -qq >&2 || true
		hdr=$(resolve_hdr)
	fi
	if [ -z "$hdr" ]; then
		echo "eehlab: cannot resolve the kernel ABI from linux-headers-amd64" >&2
		echo "eehlab: run 'apt-get update' as root, or pass KDIR= to make module" >&2
		exit 1
	fi
	pkgs=$hdr
	cmds=""
	kdir=/usr/src/$hdr
	;;
kernel-tests)
	pkgs="libnl-genl-3-dev pkg-config"
	cmds="pkg-config"
	;;
pnv)
	pkgs="qemu-system-ppc gcc-powerpc64le-linux-gnu binutils-powerpc64le-linux-gnu kmod cpio pkg-config make"
	cmds="qemu-system-ppc64 powerpc64le-linux-gnu-gcc depmod cpio pkg-config"
	;;
fuzz)
	# bookworm's clang is clang-14; libFuzzer (libclang_rt.fuzzer*.a) and
	# the sanitizer runtimes are in libclang-rt-14-dev
	pkgs="clang libclang-rt-14-dev"
	cmds="clang"
	;;
*)
	echo "deps.sh: unknown group '$group' (known: build, kernel, kernel-tests, pnv, fuzz)" >&2
	exit 2
	;;
esac

missing=""
if command -v dpkg-query >/dev/null 2>&1; then
	for p in $pkgs; do
		st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
		case "$st" in
		*"install ok installed"*) ;;
		*) missing="$missing $p" ;;
		esac
	done
else
	# Not a Debian system: check the commands and say what is needed.
	for c in $cmds; do
		command -v "$c" >/dev/null 2>&1 || missing="$missing $c"
	done
	if [ -n "$missing" ]; then
		echo "eehlab: missing commands:$missing" >&2
		echo "eehlab: install them with your distribution's package manager" >&2
		exit 1
	fi
	exit 0
fi

# the kernel group says where the headers are
say_kdir() {
	[ "$group" = kernel ] && echo "KDIR=$kdir"
	return 0
}

[ -z "$missing" ] && { say_kdir; exit 0; }

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "eehlab: installing:$missing"
	# 'update' may exit non-zero while a foreign index is being resynced
	apt-get -o DPkg::Lock::Timeout=600 update -qq || true
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
		install -y -qq --no-install-recommends $missing
	say_kdir
	exit 0
fi

echo "eehlab: missing $group dependencies:$missing" >&2
echo "eehlab: install them as root with:" >&2
echo "    apt-get install -y$missing" >&2
exit 1
