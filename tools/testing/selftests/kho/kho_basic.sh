#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# KHO end to end: a reserve_mem region filled with random bytes survives a
# KHO kexec at the same physical address; the debugfs ABI behaves as the
# spec says (errno of finalize/abort, FDT files that dtc decompiles).
# Command line: kho=on reserve_mem=16K:4K:khotest
. /kho/lib.sh

OUT=$KHO_DBG/out
IN=$KHO_DBG/in
NAME=khotest
SIZE=16384

case "$STAGE" in
1)
	check "debugfs kho/out exists" test -d "$OUT"
	check "no incoming handover on a cold boot" test ! -e "$IN"
	expect_eq "scratch released to the page allocator as CMA (bytes)" \
		"$(cma_bytes)" "$(scratch_bytes)"
	expect_eq "CmaTotal counts the scratch (kB)" \
		"$(awk '/^CmaTotal:/ { print $2 }' /proc/meminfo)" $(($(scratch_bytes) / 1024))
	check_cma_free
	check_scratch_nodes
	expect_eq "finalize reads 0" "$(cat $OUT/finalize)" 0
	expect_eq "abort when not finalized" "$(write_result $OUT/finalize 0)" ENOENT
	expect_eq "invalid finalize input" "$(write_result $OUT/finalize 2)" EINVAL
	expect_eq "finalize" "$(write_result $OUT/finalize 1)" ok
	expect_eq "finalize reads 1" "$(cat $OUT/finalize)" 1
	expect_eq "finalize twice" "$(write_result $OUT/finalize 1)" EEXIST
	expect_eq "abort" "$(write_result $OUT/finalize 0)" ok
	check "out/fdt gone after abort" test ! -e "$OUT/fdt"
	expect_eq "finalize again after abort" "$(write_result $OUT/finalize 1)" ok

	dts $OUT/fdt > /run/root.dts
	echo "# out/fdt:"; sed 's/^/#   /' /run/root.dts
	check "root compatible kho-v4" grep -q 'compatible = "kho-v4"' /run/root.dts
	map=$(fdt_u64 $OUT/fdt / preserved-memory-map)
	check "preserved-memory-map non-zero ($map)" test "$map" != 0x0 -a "$map" != bad
	check "memblock subtree in root FDT" grep -q 'memblock {' /run/root.dts
	check "kexec-metadata subtree in root FDT" grep -q 'kexec-metadata {' /run/root.dts
	dts $OUT/sub_fdts/memblock > /run/memblock.dts
	echo "# out/sub_fdts/memblock:"; sed 's/^/#   /' /run/memblock.dts
	check "memblock-v1 compatible" grep -q 'compatible = "memblock-v1"' /run/memblock.dts
	check "$NAME node reserve-mem-v1" fdtget $OUT/sub_fdts/memblock /$NAME compatible
	start=$(fdt_u64 $OUT/sub_fdts/memblock /$NAME start)
	size=$(fdt_u64 $OUT/sub_fdts/memblock /$NAME size)
	expect_eq "$NAME size" "$size" "$(printf '0x%x' $SIZE)"
	check "$NAME start page aligned ($start)" test $((start % 4096)) = 0

	# Fill the region with random bytes; remember them for the next kernel.
	fill_pattern $NAME $start $SIZE

	check "kexec -s -l" load_next
	kexec_next
	;;
2)
	start=$(cat $STATE/start)
	check "in/fdt exists" test -f $IN/fdt
	expect_eq "inherited scratch is CMA again (bytes)" "$(cma_bytes)" "$(scratch_bytes)"
	expect_eq "CmaTotal counts the inherited scratch (kB)" \
		"$(awk '/^CmaTotal:/ { print $2 }' /proc/meminfo)" $(($(scratch_bytes) / 1024))
	check_cma_free
	check_scratch_nodes
	dts $IN/fdt > /run/in.dts
	check "in/fdt is kho-v4" grep -q 'compatible = "kho-v4"' /run/in.dts
	expect_eq "in/kexec_count" "$(cat $IN/kexec_count)" 1
	expect_eq "in/previous_release" "$(cat $IN/previous_release)" "$(uname -r)"
	expect_eq "incoming memblock start of $NAME" \
		"$(fdt_u64 $IN/sub_fdts/memblock /$NAME start)" "$start"
	expect_eq "same bytes at $start" "$(mem_sum $start $SIZE)" \
		"$(md5sum < $STATE/pattern | cut -d' ' -f1)"
	check "handover accepted message" sh -c \
		"dmesg -s 1000000 | grep -q 'KHO: handover accepted'"
	# reserve_mem in this kernel revived the same range: finalizing shows it.
	expect_eq "finalize in the second kernel" "$(write_result $KHO_DBG/out/finalize 1)" ok
	expect_eq "$NAME revived at the same address" \
		"$(fdt_u64 $KHO_DBG/out/sub_fdts/memblock /$NAME start)" "$start"
	finish
	;;
esac
