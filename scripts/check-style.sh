#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch.pl --strict on our kernel sources and on every patch of the
# series. ERRORs and WARNINGs fail; CHECKs are listed (some, like CamelCase
# for the kernel's own __ClearPageReserved, cannot be avoided). Prints
# "N passed, M failed" (one per file) last.
source "$(dirname "$0")/lib.sh"
set +e

"$TOP/scripts/prepare-tree.sh" >/dev/null || die "prepare-tree.sh failed"
CP=$SRC/scripts/checkpatch.pl
cd "$TOP" || exit 1
pass=0 fail=0
run() {	# run FILE checkpatch-args...
	local f=$1 out
	shift
	out=$(perl "$CP" --strict --no-tree --terse --show-types "$@" 2>&1 |
	      grep -E ': (ERROR|WARNING|CHECK):')
	if printf '%s\n' "$out" | grep -qE ': (ERROR|WARNING):'; then
		fail=$((fail + 1))
		echo "FAIL $f"
	else
		pass=$((pass + 1))
	fi
	[ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/    /'
}
for f in kernel/kexec_handover*.[ch] include/linux/kexec_handover.h \
	 include/linux/kho/*.h include/linux/kho/abi/*.h mm/memblock-kho.c lib/test_kho.c \
	 kernel/kstate*.[ch] include/linux/kstate.h lib/test_kstate.c \
	 tools/testing/memblock/tests/kho_api.[ch]; do
	[ -f "$f" ] && run "$f" -f "$f"
done
# Patches go by absolute path: given a path that git ls-files prints as
# is (a relative one, from here), checkpatch takes the patch for a source
# file and flags every blank context line as trailing whitespace.
# lib/fdt*.c only #include libfdt's sources, so their exports cannot follow
# the functions as checkpatch wants.
while read -r p; do
	ignore=()
	[ "$p" = lib-export-libfdt-for-kho-modules.patch ] &&
		ignore=(--ignore EXPORT_SYMBOL)
	run "patches/$p" "${ignore[@]}" "$TOP/patches/$p"
done < <(grep -v '^\s*\(#\|$\)' patches/series)
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
