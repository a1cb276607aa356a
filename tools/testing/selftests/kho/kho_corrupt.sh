#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A corrupted handover gets one clear error and the next kernel boots
# normally. After finalize, the test damages the handover in memory through
# /dev/mem, as a bug or a stray write would. A problem in the root or the
# map rejects the whole handover:
#   kho_corrupt=compat   compatible "kho-v4" becomes "kho-v9"
#   kho_corrupt=map      the map's root node points far outside RAM
#   kho_corrupt=node     the map's root node points at a page in scratch
# A problem confined to one subtree drops only that subtree (or region):
#   kho_corrupt=blob     kexec-metadata's blob is at 0x00fffffffffff000
#   kho_corrupt=revive   reserve_mem region khotest moved into scratch
# Command line: kho=on kho_corrupt=WHAT (blob, revive: and
# reserve_mem=16K:4K:khotest)
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
	node)
		# Entry 3 of the map's root node gets a page 2 MiB into the
		# first scratch area, which the next kernel allocates from
		# before it has read the map.
		map=$(fdt_u64 $OUT/fdt / preserved-memory-map)
		node=$(($(head -n 1 $OUT/scratch_phys) + 0x200000))
		put_u64 $((map + 3 * 8)) $node
		expect_eq "root entry 3 in memory" "$(get_u64 $((map + 3 * 8)))" \
			"$(printf '0x%x' $node)"
		want="map node .* lies in scratch"
		;;
	blob)
		# kexec-metadata's preserved-data: far outside RAM.
		fill_pattern khotest "$(fdt_u64 $OUT/sub_fdts/memblock /khotest start)" 16384
		md=$(fdt_u64 $OUT/fdt /kexec-metadata preserved-data)
		off=$(u64_offset $OUT/fdt $md)
		check "found kexec-metadata's preserved-data at offset $off" test -n "$off"
		put_u64 $((fdt + off)) 0x00fffffffffff000
		expect_eq "preserved-data damaged in memory" \
			"$(get_u64 $((fdt + off)))" 0xfffffffffff000
		want="subtree 'kexec-metadata' dropped: blob \[0x0*fffffffffff000 + 0x49\] is not RAM"
		;;
	revive)
		# khotest's start in the memblock subtree: 2 MiB into the first
		# scratch area, memory the next kernel already uses.
		mb=$(fdt_u64 $OUT/fdt /memblock preserved-data)
		start=$(fdt_u64 $OUT/sub_fdts/memblock /khotest start)
		off=$(u64_offset $OUT/sub_fdts/memblock $start)
		check "found khotest's start at offset $off" test -n "$off"
		bad=$(printf '0x%x' $(($(head -n 1 $OUT/scratch_phys) + 0x200000)))
		put_u64 $((mb + off)) $bad
		expect_eq "khotest start damaged in memory" "$(get_u64 $((mb + off)))" $bad
		echo $bad > $STATE/bad
		want="region 'khotest' at 0x0*${bad#0x} is not preserved memory; allocating it anew"
		;;
	esac
	echo "$want" > $STATE/want
	check "kexec -s -l" load_next
	kexec_next
	;;
2)
	want=$(cat $STATE/want)
	dmesg -s 1000000 | grep 'KHO' | sed 's/^/# /'
	dmesg -s 1000000 | grep 'reserve_mem' | sed 's/^/# /'
	check "error names the problem" dmesg_has "$want"
	case "$what" in
	blob)
		check "handover accepted" dmesg_has 'KHO: handover accepted'
		check "in/ has the memblock subtree" test -f "$KHO_DBG/in/sub_fdts/memblock"
		check "in/ has no kexec-metadata subtree" test ! -e "$KHO_DBG/in/sub_fdts/kexec-metadata"
		check "in/fdt has no kexec-metadata node" \
			not fdtget -t x $KHO_DBG/in/fdt /kexec-metadata blob-size
		start=$(cat $STATE/start)
		check "khotest revived at $start" \
			dmesg_has "revived region 'khotest' at 0x0*${start#0x},"
		expect_eq "khotest bytes intact" "$(mem_sum $start 16384)" \
			"$(md5sum < $STATE/pattern | cut -d' ' -f1)"
		;;
	revive)
		check "handover accepted" dmesg_has 'KHO: handover accepted'
		check "khotest not revived" not dmesg_has "revived region 'khotest'"
		;;
	*)
		check "boots without the handover" dmesg_has 'KHO: booting without the handover'
		check "no incoming handover" test ! -e "$KHO_DBG/in"
		;;
	esac
	check "no panic, userspace runs" test -d /proc/self
	finish
	;;
esac
