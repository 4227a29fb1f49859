#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Run the kernel's checkpatch.pl (--no-tree --strict) over the portable
# code that the kernel module compiles: model/, inject/, recovery/ and
# include/eehlab/, plus the module itself (driver/) and its netlink
# contract (include/uapi/linux/eehlab.h). driver/compat.h is the one
# place kernel versions are tested, so LINUX_VERSION_CODE is allowed there;
# include/eehlab/linux_eeh.h spells its flags (1 << n) as asm/eeh.h does.
#
# checkpatch.pl comes from $CHECKPATCH if set, else from Debian's
# linux-source-6.1 package, unpacked once into build/tools/ (apt-get
# download needs no root, only the package lists).
set -eu

tools=build/tools
cp=${CHECKPATCH:-}
if [ -z "$cp" ]; then
	cp=$tools/linux/scripts/checkpatch.pl
	if [ ! -x "$cp" ]; then
		mkdir -p "$tools"
		pkg=$(apt-cache depends linux-source 2>/dev/null | \
		      sed -n 's/.*Depends: \(linux-source-[0-9.]*\)$/\1/p' | head -n 1)
		[ -n "$pkg" ] || pkg=linux-source-6.1
		if ! ls "$tools"/"$pkg"_*.deb >/dev/null 2>&1; then
			(cd "$tools" && apt-get download "$pkg" >/dev/null 2>&1) || {
				if [ "$(id -u)" -eq 0 ]; then
					apt-get -o DPkg::Lock::Timeout=600 update -qq || true
					(cd "$tools" && apt-get download "$pkg")
				else
					echo "checkpatch: cannot download $pkg; run 'apt-get update' as root, or set CHECKPATCH=/path/to/checkpatch.pl" >&2
					exit 1
				fi
			}
		fi
		deb=$(ls "$tools"/"$pkg"_*.deb | head -n 1)
		ver=${pkg#linux-source-}
		dpkg-deb --fsys-tarfile "$deb" | \
			tar -xO "./usr/src/linux-source-$ver.tar.xz" | \
			tar -xJ -C "$tools" \
				"linux-source-$ver/scripts/checkpatch.pl" \
				"linux-source-$ver/scripts/spelling.txt" \
				"linux-source-$ver/scripts/const_structs.checkpatch"
		rm -rf "$tools/linux"
		mv "$tools/linux-source-$ver" "$tools/linux"
	fi
fi

files=$(ls model/*.c model/*.h inject/*.c inject/*.h recovery/*.c recovery/*.h \
	include/eehlab/*.h driver/*.c driver/*.h include/uapi/linux/*.h 2>/dev/null | \
	grep -v -e 'model/shim_user.c' -e 'include/eehlab/shim_user.h' -e '\.mod\.c$' || true)
rc=0
for f in $files; do
	ignore=""
	[ "$f" = driver/compat.h ] && ignore="--ignore LINUX_VERSION_CODE"
	# spelled as asm/eeh.h spells them, (1 << n), so they may meet it
	[ "$f" = include/eehlab/linux_eeh.h ] && ignore="--ignore BIT_MACRO"
	out=$(perl "$cp" --no-tree --strict --quiet --show-types $ignore -f "$f" 2>&1) || {
		rc=1
		printf '%s\n' "$out"
	}
done
[ $rc -eq 0 ] && echo "checkpatch: $(echo $files | wc -w) files clean (--strict)"
exit $rc
