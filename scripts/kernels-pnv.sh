#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The Debian 12 ppc64el kernels the PowerNV harness boots, fetched without
# installing anything:
#   scripts/kernels-pnv.sh bookworm    6.1 (bookworm, -updates, -security)
#   scripts/kernels-pnv.sh backports   6.12 from bookworm-backports
# The ABI is what linux-image-powerpc64le:ppc64el depends on, resolved at
# every run. Into build/pnv/<ABI>/ go: the image's vmlinux and its
# /lib/modules (depmod run), the headers (+ -common, + the host's
# linux-kbuild of the same version) with their absolute /usr/src paths
# rewritten, busybox-static:ppc64el, and a ppc64el sysroot (libc6, libnl,
# libpci and what they need) for the cross-built runner.
# Prints KDIR=, VMLINUX=, ABI=, SYSROOT=, MODDIR= and BUSYBOX= lines on
# stdout. The packages come from the mirror the machine's own apt sources
# name, through a private apt state under build/apt-pnv-<NAME>/ (the
# machine's apt configuration is left alone). Downloads are cached.
set -eu

cd "$(dirname "$0")/.."
. scripts/common.sh
top=$(pwd)

die() { echo "kernels-pnv: $*" >&2; exit 2; }

name=${1:-}
case "$name" in
bookworm) ;;
backports | bookworm-backports) name=backports ;;
-h | --help) sed -n '3,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
*) die "usage: scripts/kernels-pnv.sh bookworm|backports" ;;
esac

for c in apt-get apt-cache dpkg-deb depmod; do
	PATH=$PATH:/sbin:/usr/sbin command -v "$c" >/dev/null 2>&1 ||
		die "'$c' not found (scripts/deps.sh pnv)"
done

sandbox=""
[ "$(id -u)" -ne 0 ] || sandbox="-o APT::Sandbox::User=root"
host_arch=$(dpkg --print-architecture)


# ---- the private apt state: ppc64el native, the host arch foreign ----
apt_state=$top/build/apt-pnv-$name
srcs=$(bookworm_sources)
echo "$srcs" | grep -q ' bookworm$' ||
	die "no 'bookworm' suite in the machine's apt sources"
mkdir -p "$apt_state/lists/partial" "$apt_state/cache/archives/partial"
list=$apt_state/sources.list
echo "$srcs" | while read -r uri suite; do
	echo "deb [arch=ppc64el,$host_arch] $uri $suite main"
done > "$list.tmp"
if [ "$name" = backports ]; then
	uri=$(echo "$srcs" | awk '$2 == "bookworm" { print $1; exit }')
	echo "deb [arch=ppc64el,$host_arch] $uri bookworm-backports main" >> "$list.tmp"
fi
mv "$list.tmp" "$list"
[ -f "$apt_state/status" ] || : > "$apt_state/status"
apt_opts="-o Dir::Etc::sourcelist=$list -o Dir::Etc::sourceparts=-
-o Dir::State::Lists=$apt_state/lists -o Dir::Cache=$apt_state/cache
-o Dir::State::status=$apt_state/status -o APT::Architecture=ppc64el
-o APT::Architectures::=ppc64el -o APT::Architectures::=$host_arch"
# backports: its packages are the candidates (priority 990, not 100)
[ "$name" = bookworm ] || apt_opts="$apt_opts -o APT::Default-Release=bookworm-backports"

# 'update' once per hour at most: the indices are a few MB per suite
stamp=$apt_state/.updated
if [ -z "$(find "$stamp" -mmin -60 2>/dev/null)" ]; then
	echo "kernels-pnv: apt-get update ($name, ppc64el + $host_arch)" >&2
	# shellcheck disable=SC2086 # option list
	if apt-get -q $apt_opts $sandbox update >&2; then
		touch "$stamp"
	else
		rc=$?
		# 100: an index failed (e.g. a foreign one resyncing); what we
		# need may still be there, which the resolution below checks
		[ "$rc" -eq 100 ] || die "apt-get update failed ($rc)"
		echo "kernels-pnv: apt-get update exited 100, continuing" >&2
	fi
fi

# shellcheck disable=SC2086 # option list
pc() { apt-cache $apt_opts "$@" 2>/dev/null; }

# The ABI: linux-image-powerpc64le depends on linux-image-<ABI>
abi=$(pc depends linux-image-powerpc64le:ppc64el |
	sed -n 's/^ *Depends: linux-image-\([0-9][^ :]*-powerpc64le\)\(:ppc64el\)\{0,1\}$/\1/p' |
	head -n 1)
[ -n "$abi" ] || die "cannot resolve the ppc64el kernel ABI from linux-image-powerpc64le"
case "$name:$abi" in
bookworm:6.1.* | backports:6.12.*) ;;
*) echo "kernels-pnv: warning: $name resolved to $abi" >&2 ;;
esac
# the source version (e.g. 6.1.192-2): the headers and linux-kbuild match it
ver=$(pc show --no-all-versions "linux-image-$abi:ppc64el" |
	sed -n 's/^Version: //p' | head -n 1)
[ -n "$ver" ] || die "no version for linux-image-$abi"
common=$(pc depends "linux-headers-$abi:ppc64el" |
	sed -n 's/^ *Depends: \(linux-headers-[^ :]*-common\)\(:[a-z0-9]*\)\{0,1\}$/\1/p' | head -n 1)
kbuild=$(pc depends "linux-headers-$abi:ppc64el" |
	sed -n 's/^ *Depends: \(linux-kbuild-[0-9][^ :]*\)\(:[a-z0-9]*\)\{0,1\}$/\1/p' | head -n 1)
[ -n "$common" ] || die "linux-headers-$abi names no -common package"
[ -n "$kbuild" ] || die "linux-headers-$abi names no linux-kbuild package"

dir=$top/build/pnv/$abi
debs=$dir/debs
mkdir -p "$debs"

# download <package-spec>...: fetch the debs into $debs (cached there);
# a spec is name[:arch][=version|/release], its file name_*_arch.deb
download() {
	for spec in "$@"; do
		p=${spec%%=*}
		p=${p%%/*}
		n=${p%%:*}
		a=ppc64el
		case "$p" in *:*) a=${p#*:} ;; esac
		set -- "$debs/${n}"_*_"$a".deb "$debs/${n}"_*_all.deb
		{ [ -f "$1" ] || [ -f "$2" ]; } && continue
		echo "kernels-pnv: downloading $spec" >&2
		# shellcheck disable=SC2086 # option lists
		(cd "$debs" && apt-get -q $apt_opts $sandbox download "$spec" >&2) ||
			die "apt-get download $spec failed"
	done
}

deb_of() { # deb_of NAME [ARCH]
	f=""
	for g in "$debs/$1"_*_"${2:-ppc64el}".deb "$debs/$1"_*_all.deb; do
		[ -f "$g" ] && f=$g
	done
	[ -n "$f" ] || die "no $1 deb in $debs"
	echo "$f"
}

# ---- the kernel: vmlinux and the modules (e1000e, nvme and the rest) ----
img=$dir/image
vmlinux=$img/boot/vmlinux-$abi
moddir=$img/lib/modules/$abi
if [ ! -f "$dir/.image" ]; then
	download "linux-image-$abi:ppc64el=$ver"
	rm -rf "$img"
	mkdir -p "$img"
	dpkg-deb -x "$(deb_of "linux-image-$abi")" "$img"
	[ -s "$vmlinux" ] || die "linux-image-$abi has no /boot/vmlinux-$abi"
	# the image deb ships no modules.dep
	PATH=$PATH:/sbin:/usr/sbin depmod -b "$img" "$abi" ||
		die "depmod -b $img $abi failed"
	find "$img" -name '*.d' -type d -prune -exec rm -rf {} +
	touch "$dir/.image"
fi

# ---- the headers, for the cross-built module ----
hroot=$dir/headers
kdir=$hroot/usr/src/linux-headers-$abi
if [ ! -f "$dir/.headers" ]; then
	download "linux-headers-$abi:ppc64el=$ver" "$common:ppc64el=$ver" \
		"$kbuild:$host_arch=$ver"
	rm -rf "$hroot"
	mkdir -p "$hroot"
	dpkg-deb -x "$(deb_of "linux-headers-$abi")" "$hroot"
	dpkg-deb -x "$(deb_of "$common" all)" "$hroot"
	dpkg-deb -x "$(deb_of "$kbuild" "$host_arch")" "$hroot"
	# the arch headers' Makefile includes the -common tree by an
	# absolute path
	sed -i "s|/usr/src/|$hroot/usr/src/|g" "$kdir/Makefile"
	# symlinks into the system's /usr/src or /usr/lib/linux-kbuild-*
	# point inside the tree
	find "$hroot" -type l | while read -r l; do
		t=$(readlink "$l")
		case "$t" in
		/usr/src/* | /usr/lib/linux-kbuild-*) ln -sfn "$hroot$t" "$l" ;;
		esac
	done
	touch "$dir/.headers"
fi
[ -f "$kdir/Makefile" ] || die "no Makefile in $kdir"

# ---- busybox and the sysroot (the runner's ppc64el libraries) ----
# libpci3 needs libudev1 (which needs libcap2); libc6-dev's headers need
# linux-libc-dev; the -dev packages give the .so links, .a files and .pc.
sysroot_pkgs="libc6 libc6-dev linux-libc-dev libgcc-s1 libnl-3-200
libnl-genl-3-200 libnl-3-dev libnl-genl-3-dev libpci3 libpci-dev libudev1
libudev-dev libcap2 zlib1g"
sysroot=$dir/sysroot
busybox=$dir/busybox/bin/busybox
if [ ! -f "$dir/.sysroot" ]; then
	# the bookworm versions: backports' newer ones would need more
	# shellcheck disable=SC2086 # a list of package names
	download busybox-static:ppc64el/bookworm $(for p in $sysroot_pkgs; do
		echo "$p:ppc64el/bookworm"; done)
	rm -rf "$sysroot" "$dir/busybox"
	mkdir -p "$sysroot" "$dir/busybox"
	dpkg-deb -x "$(deb_of busybox-static)" "$dir/busybox"
	for p in $sysroot_pkgs; do
		dpkg-deb -x "$(deb_of "$p")" "$sysroot"
	done
	# absolute symlinks (e.g. libudev.so -> /lib/...) stay in the sysroot
	find "$sysroot" -type l | while read -r l; do
		t=$(readlink "$l")
		case "$t" in /*) ln -sfn "$sysroot$t" "$l" ;; esac
	done
	# nothing named *.d under build/: the Makefile includes those
	find "$sysroot" "$dir/busybox" -name '*.d' -type d -prune \
		-exec rm -rf {} +
	touch "$dir/.sysroot"
fi
[ -x "$busybox" ] || die "no busybox in busybox-static:ppc64el"

echo "KDIR=$kdir"
echo "VMLINUX=$vmlinux"
echo "ABI=$abi"
echo "SYSROOT=$sysroot"
echo "MODDIR=$moddir"
echo "BUSYBOX=$busybox"
