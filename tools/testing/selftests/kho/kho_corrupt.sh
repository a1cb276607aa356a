#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A corrupted handover is rejected with one clear error and the next kernel
# boots normally without it. After finalize, the test damages the root FDT
# in memory through /dev/mem, as a bug or a stray write would:
#   kho_corrupt=compat   compatible "kho-v4" becomes "kho-v9"
#   kho_corrupt=map      the map's root node points far outside RAM
# Command line: kho=on kho_corrupt=compat|map
. /kho/lib.sh

OUT=$KHO_DBG/out
what=$(sed -n 's/.*kho_corrupt=\([a-z]*\).*/\1/p' /proc/cmdline)

case "$STAGE" in
1)
	expect_eq "finalize" "$(write_result $OUT/finalize 1)" ok
	fdt=$(dmesg -s 1000000 | sed -n 's/.*KHO: finalized.*root FDT at \(0x[0-9a-f]*\).*/\1/p' | tail -n 1)
	check "root FDT address in the log ($fdt)" test -n "$fdt"
	case "$what" in
	compat)
		# Offset of the string in the blob, then one byte of it in RAM.
		off=$(blob_offset $OUT/fdt kho-v4)
		check "found the compatible string at offset $off" test -n "$off"
		printf '9' | dd of=/dev/mem bs=1 seek=$((fdt + off + 5)) conv=notrunc 2>/dev/null
		expect_eq "compatible damaged in memory" \
			"$(dd if=/dev/mem bs=1 skip=$((fdt + off)) count=6 2>/dev/null)" kho-v9
		want="not compatible with \"kho-v4\""
		;;
	map)
		# Entry 3 of the map's root node (unused by low addresses) gets
		# a pointer far beyond RAM: a tree that points outside RAM.
		map=$(fdt_u64 $OUT/fdt / preserved-memory-map)
		check "map root in out/fdt ($map)" test "$map" != 0x0 -a "$map" != bad
		printf '\000\000\000\000\000\000\377\000' |
			dd of=/dev/mem bs=1 seek=$((map + 3 * 8)) conv=notrunc 2>/dev/null
		want="outside\|not RAM\|RAM"
		;;
	esac
	echo "$want" > $STATE/want
	check "kexec -s -l" load_next
	kexec_next
	;;
2)
	want=$(cat $STATE/want)
	dmesg -s 1000000 | grep 'KHO' | sed 's/^/# /'
	check "error names the problem" sh -c "dmesg -s 1000000 | grep 'KHO' | grep -q '$want'"
	check "boots without the handover" sh -c "dmesg -s 1000000 | grep -q 'KHO: booting without the handover'"
	check "no incoming handover" test ! -e "$KHO_DBG/in"
	check "no panic, userspace runs" test -d /proc/self
	finish
	;;
esac
