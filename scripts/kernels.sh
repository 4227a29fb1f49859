#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The Debian 12 amd64 kernels the module supports, fetched without
# installing anything:
#   scripts/kernels.sh bookworm    6.1: KDIR of the installed headers
#                                  (scripts/deps.sh kernel), and its vmlinuz
#   scripts/kernels.sh backports   6.12 from bookworm-backports: headers,
#                                  -common and linux-kbuild unpacked into
#                                  build/kernels/<ABI>/, and its vmlinuz
# Each prints KDIR=<dir>, VMLINUZ=<file> and ABI=<abi> lines on stdout.
# The backports suite comes from the mirror the machine's own apt sources
# name, through a private apt state under build/apt-backports/ (the
# machine's apt configuration is left alone). Downloads are cached.
set -eu

cd "$(dirname "$0")/.."
. scripts/common.sh
top=$(pwd)

die() { echo "kernels: $*" >&2; exit 2; }

sandbox=""
[ "$(id -u)" -ne 0 ] || sandbox="-o APT::Sandbox::User=root"


# ---- the private apt state for bookworm-backports ----
apt_state=$top/build/apt-backports
apt_opts=""

backports_apt() {
	uri=$(debian_uri)
	[ -n "$uri" ] || die "no 'bookworm' suite in the machine's apt sources"
	mkdir -p "$apt_state/lists/partial" "$apt_state/cache/archives/partial"
	list=$apt_state/sources.list
	echo "deb [arch=amd64] $uri bookworm-backports main" > "$list.tmp"
	mv "$list.tmp" "$list"
	apt_opts="-o Dir::Etc::sourcelist=$list -o Dir::Etc::sourceparts=-
-o Dir::State::Lists=$apt_state/lists -o Dir::Cache=$apt_state/cache
-o Dir::State::status=$apt_state/status -o APT::Architecture=amd64
-o APT::Architectures=amd64"
	: > "$apt_state/status.new"
	[ -f "$apt_state/status" ] || mv "$apt_state/status.new" "$apt_state/status"
	rm -f "$apt_state/status.new"
	echo "kernels: apt-get update ($uri bookworm-backports)" >&2
	# shellcheck disable=SC2086 # option list
	apt-get -q $apt_opts $sandbox update >&2 || {
		rc=$?
		# 100: an index failed (e.g. a foreign one resyncing); what we
		# need may still be there, which the resolution below checks
		[ "$rc" -eq 100 ] || die "apt-get update failed ($rc)"
		echo "kernels: apt-get update exited 100, continuing" >&2
	}
}

# shellcheck disable=SC2086 # option list
bp_cache() { apt-cache $apt_opts "$@"; }

# The 6.12 ABI: what linux-headers-amd64 depends on in backports, or else
# the newest linux-headers-6.12*-amd64 there.
backports_abi() {
	a=$(bp_cache depends linux-headers-amd64 2>/dev/null |
		sed -n 's/^ *Depends: linux-headers-\(6\.12[^ ]*-amd64\)$/\1/p' |
		head -n 1)
	if [ -z "$a" ]; then
		a=$(bp_cache pkgnames linux-headers-6.12 2>/dev/null |
			sed -n 's/^linux-headers-\(6\.12[^ ]*-amd64\)$/\1/p' |
			sort -V | tail -n 1)
	fi
	echo "$a"
}

# download <dir> <package>...: fetch the debs into <dir> (cached there)
download() {
	d=$1
	shift
	mkdir -p "$d"
	for p in "$@"; do
		set -- "$d/${p}"_*.deb
		[ -f "$1" ] && continue
		echo "kernels: downloading $p" >&2
		# shellcheck disable=SC2086 # option lists
		(cd "$d" && apt-get -q $apt_opts $sandbox download "$p" >&2) ||
			die "apt-get download $p failed"
	done
}

deb_of() {
	f=""
	for g in "$1/$2"_*.deb; do [ -f "$g" ] && f=$g; done
	[ -n "$f" ] || die "no $2 deb in $1"
	echo "$f"
}

# vmlinuz <abi> <dir>: boot/vmlinuz-<abi> from linux-image-<abi>
vmlinuz() {
	v=$2/vmlinuz-$1
	if [ ! -s "$v" ]; then
		download "$2/debs" "linux-image-$1"
		deb=$(deb_of "$2/debs" "linux-image-$1")
		dpkg-deb --fsys-tarfile "$deb" |
			tar -xO "./boot/vmlinuz-$1" > "$v.tmp" ||
			die "cannot extract ./boot/vmlinuz-$1 from $deb"
		mv "$v.tmp" "$v"
		rm -f "$deb"
	fi
	echo "$v"
}

# fixlinks <root>: symlinks that point at the system's /usr/src or
# /usr/lib/linux-kbuild-* now point inside <root>
fixlinks() {
	find "$1" -type l | while read -r l; do
		t=$(readlink "$l")
		case "$t" in
		/usr/src/* | /usr/lib/linux-kbuild-*)
			ln -sfn "$1$t" "$l" ;;
		esac
	done
}

# These headers ship vmlinux, so with CONFIG_DEBUG_INFO_BTF_MODULES the
# module build runs pahole (Debian: dwarves) to generate its BTF.
need_pahole() {
	grep -q '^CONFIG_DEBUG_INFO_BTF_MODULES=y' "$1/.config" || return 0
	[ -f "$1/vmlinux" ] || return 0
	command -v pahole >/dev/null 2>&1 && return 0
	if [ "$(id -u)" -eq 0 ]; then
		echo "kernels: installing dwarves (pahole, for the module's BTF)" >&2
		DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
			install -y -qq --no-install-recommends dwarves >&2 ||
			die "apt-get install dwarves failed"
	else
		echo "kernels: warning: 'make module' needs pahole here; install it as root with:" >&2
		echo "    apt-get install -y dwarves" >&2
	fi
}

backports() {
	backports_apt
	abi=$(backports_abi)
	[ -n "$abi" ] || die "no linux-headers-6.12*-amd64 in bookworm-backports"
	dir=$top/build/kernels/$abi
	root=$dir/root
	kdir=$root/usr/src/linux-headers-$abi
	if [ ! -f "$dir/.unpacked" ]; then
		common=$(bp_cache depends "linux-headers-$abi" 2>/dev/null |
			sed -n 's/^ *Depends: \(linux-headers-[^ ]*-common\)$/\1/p' |
			head -n 1)
		kbuild=$(bp_cache depends "linux-headers-$abi" 2>/dev/null |
			sed -n 's/^ *Depends: \(linux-kbuild-[0-9][^ ]*\)$/\1/p' |
			head -n 1)
		[ -n "$common" ] || die "linux-headers-$abi names no -common package"
		[ -n "$kbuild" ] || die "linux-headers-$abi names no linux-kbuild package"
		download "$dir/debs" "linux-headers-$abi" "$common" "$kbuild"
		rm -rf "$root"
		mkdir -p "$root"
		for p in "linux-headers-$abi" "$common" "$kbuild"; do
			dpkg-deb -x "$(deb_of "$dir/debs" "$p")" "$root"
		done
		# the arch headers' Makefile includes the -common tree by an
		# absolute path
		sed -i "s|/usr/src/|$root/usr/src/|g" "$kdir/Makefile"
		fixlinks "$root"
		rm -f "$dir/debs"/linux-headers-*.deb "$dir/debs"/linux-kbuild-*.deb
		touch "$dir/.unpacked"
	fi
	[ -f "$kdir/Makefile" ] || die "no Makefile in $kdir"
	need_pahole "$kdir"
	v=$(vmlinuz "$abi" "$dir")
	echo "KDIR=$kdir"
	echo "VMLINUZ=$v"
	echo "ABI=$abi"
}

bookworm() {
	kdir=$(sh scripts/deps.sh kernel | sed -n 's/^KDIR=//p')
	[ -n "$kdir" ] || die "scripts/deps.sh kernel named no KDIR"
	abi=${kdir##*/linux-headers-}
	dir=$top/build/kernels/$abi
	mkdir -p "$dir"
	v=$(vmlinuz "$abi" "$dir")
	echo "KDIR=$kdir"
	echo "VMLINUZ=$v"
	echo "ABI=$abi"
}

case "${1:-}" in
bookworm) bookworm ;;
backports | bookworm-backports) backports ;;
-h | --help) sed -n '3,14p' "$0" | sed 's/^# \{0,1\}//' ;;
*) die "usage: scripts/kernels.sh bookworm|backports" ;;
esac
