#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Install (as root, with apt-get) or name (otherwise) what eehlab needs.
#   scripts/deps.sh build    compiler, make, libc headers, prove
# Exit 0 when everything is present; otherwise, when not root, print the
# exact apt-get line and exit 1.
set -eu

group=${1:-build}
case "$group" in
build)
	pkgs="gcc make libc6-dev perl"
	cmds="cc make prove"
	;;
*)
	echo "deps.sh: unknown group '$group' (known: build)" >&2
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

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "eehlab: installing:$missing"
	# 'update' may exit non-zero while a foreign index is being resynced
	apt-get -o DPkg::Lock::Timeout=600 update -qq || true
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
		install -y -qq --no-install-recommends $missing
	exit 0
fi

echo "eehlab: missing build dependencies:$missing" >&2
echo "eehlab: install them as root with:" >&2
echo "    apt-get install -y$missing" >&2
exit 1
