# SPDX-License-Identifier: GPL-2.0-only
#
# Shell functions shared by the kernel-fetching and QEMU scripts; sourced,
# never run.

# "URI SUITE" for every bookworm* suite of the machine's apt sources
# (deb822 .sources or one-line .list files), e.g.
# "http://<mirror>/debian bookworm-updates".
bookworm_sources() {
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		 /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		case "$f" in
		*.sources)
			awk '
			function flush(  n, i, s) {
				if (uri != "" && types ~ /(^| )deb( |$)/ && enabled != "no") {
					n = split(suites, s, " ")
					for (i = 1; i <= n; i++)
						if (s[i] ~ /^bookworm(-updates|-security)?$/)
							print uri, s[i]
				}
				uri = ""; suites = ""; types = ""; enabled = ""
			}
			/^[ \t]*$/ { flush(); next }
			/^[ \t]*#/ { next }
			tolower($1) == "uris:" { uri = $2 }
			tolower($1) == "suites:" { $1 = ""; suites = $0 " " }
			tolower($1) == "types:" { $1 = ""; types = $0 " " }
			tolower($1) == "enabled:" { enabled = tolower($2) }
			END { flush() }' "$f"
			;;
		*)
			# deb [options] URI suite components...
			sed -n 's/^[ \t]*deb[ \t]\{1,\}\(\[[^]]*\][ \t]\{1,\}\)\{0,1\}\([^ \t]\{1,\}\)[ \t]\{1,\}\(bookworm\(-updates\|-security\)\{0,1\}\)[ \t].*/\2 \3/p' "$f"
			;;
		esac
	done | awk '!seen[$0]++'
}

# The Debian archive URI of the machine's plain bookworm suite
debian_uri() {
	bookworm_sources | awk '$2 == "bookworm" { print $1; exit }'
}

# qemu_ktap LOG KTAP BEGIN END: the test lines between the markers of the
# cleaned console LOG (the markers end their line: firmware may leave
# text before them), without any printk line that slipped in.
qemu_ktap() {
	awk -v b="$3" -v e="$4" '
		function ends(s) { return substr($0, length($0) - length(s) + 1) == s }
		inb && ends(e) { exit }
		inb && !/^\[ *[0-9]+\.[0-9]+[],]/ { print }
		ends(b) { inb = 1 }' "$1" > "$2"
}

# qemu_verdict LOG KTAP BEGIN END QEMU_RC TIMEOUT [DETAIL]: prints why the
# run failed (empty: it passed): a timeout, a QEMU error (DETAIL added), a
# panic, a missing marker or plan, missing results, a 'not ok'.
qemu_verdict() {
	why=""
	if [ "$5" -eq 124 ]; then
		why="guest timed out after ${6}s"
	elif [ "$5" -ne 0 ]; then
		why="qemu exited $5${7:+: $7}"
	fi
	if grep -q 'Kernel panic' "$1"; then
		why="${why:+$why; }kernel panic"
	fi
	if ! grep -q -- "$3\$" "$1"; then
		why="${why:+$why; }no start marker: /init never ran the tests"
	elif ! grep -q -- "$4\$" "$1"; then
		why="${why:+$why; }no end marker: the tests did not finish"
	fi
	plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$2" | head -n 1)
	results=$(grep -cE '^(not )?ok [0-9]+' "$2" || true)
	notok=$(grep -cE '^not ok [0-9]+' "$2" || true)
	if [ -z "$plan" ]; then
		why="${why:+$why; }no KTAP plan"
	elif [ "$results" -ne "$plan" ]; then
		why="${why:+$why; }$results results for a plan of $plan"
	elif grep -oE '^(not )?ok [0-9]+' "$2" | awk '$NF != NR { bad = 1 } END { exit !bad }'; then
		why="${why:+$why; }the results are not numbered 1..$plan in order"
	fi
	[ "$notok" -eq 0 ] || why="${why:+$why; }$notok test(s) not ok"
	echo "$why"
}
