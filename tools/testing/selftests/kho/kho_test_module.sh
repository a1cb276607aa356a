#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A chain of three KHO kexecs (four boots) with lib/test_kho.c: every boot
# verifies the folios, record array and page range that the previous one
# preserved (test_kho prints one PASS/FAIL line), its vmalloc area byte for
# byte and its serialization block chain (a second line), and prepares the
# next generation. Checked from here as well: the generation and the counts in
# the test_kho sub-FDT, in/kexec_count going 1, 2, 3, the range keeping its
# physical address and bytes (read through /dev/mem), the scratch areas
# staying the same, and kho-inspect finding the outgoing map consistent.
# Command line: kho=on test_kho.enable=1 test_kho.max_mem=32M
. /kho/lib.sh

OUT=$KHO_DBG/out
IN=$KHO_DBG/in
LAST=4

dmesg -s 1000000 | sed 's/^\[ *[0-9]*\.[0-9]*\] //' > /run/dmesg.txt

# sub_u64 FILE PROP: a u64 property of a test_kho sub-FDT, in decimal.
sub_u64() {
	local v
	v=$(fdt_u64 "$1" / "$2") || { echo bad; return; }
	printf '%d\n' "$v"
}

# The outgoing side: finalize, then compare the test_kho sub-FDT with what
# the module said when it prepared generation $STAGE, and remember it.
finalize_and_record() {
	local line nr kib sub=$OUT/sub_fdts/test_kho
	line=$(grep -m1 "^test_kho: generation $STAGE prepared: " /run/dmesg.txt)
	check "test_kho prepared generation $STAGE" test -n "$line"
	echo "# $line"
	nr=$(echo "$line" | sed -n 's/.* prepared: \([0-9]*\) folios (\([0-9]*\) KiB.*/\1/p')
	kib=$(echo "$line" | sed -n 's/.* prepared: \([0-9]*\) folios (\([0-9]*\) KiB.*/\2/p')

	check "test_kho verify before finalize" \
		sh -c 'echo 1 > /sys/module/test_kho/parameters/verify'
	check "test_kho VERIFY PASS generation $STAGE" sh -c \
		"dmesg -s 1000000 | grep -q 'test_kho: VERIFY PASS generation $STAGE: '"
	expect_eq "finalize" "$(write_result $OUT/finalize 1)" ok
	check "out/sub_fdts/test_kho exists" test -f $sub
	check "test_kho sub-FDT decompiles" sh -c "dtc -q -I dtb -O dts $sub > /run/test_kho.dts"
	check "test_kho sub-FDT is kho-test-v1" \
		grep -q 'compatible = "kho-test-v1"' /run/test_kho.dts
	check "test_kho node in the root FDT" \
		sh -c "dtc -q -I dtb -O dts $OUT/fdt | grep -q 'test_kho {'"
	expect_eq "outgoing generation" "$(sub_u64 $sub generation)" "$STAGE"
	expect_eq "outgoing nr-folios" "$(sub_u64 $sub nr-folios)" "$nr"
	expect_eq "outgoing folio-bytes" "$(sub_u64 $sub folio-bytes)" "$((kib * 1024))"
	check "at least 8 folios ($nr)" test "${nr:-0}" -ge 8
	sub_u64 $sub nr-folios > $STATE/nr
	sub_u64 $sub folio-bytes > $STATE/bytes
	# The vmalloc area and the block chain (test_kho's second line).
	line=$(grep -m1 "^test_kho: generation $STAGE prepared: vmalloc area of " /run/dmesg.txt)
	check "test_kho preserved a vmalloc area and blocks" test -n "$line"
	echo "# $line"
	echo "$line" | sed -n 's/.* vmalloc area of \([0-9]*\) pages .*/\1/p' > $STATE/vm_pages
	echo "$line" | sed -n 's/.*), \([0-9]*\) block entries in \([0-9]*\) blocks .*/\1/p' > $STATE/blk_entries
	echo "$line" | sed -n 's/.*), \([0-9]*\) block entries in \([0-9]*\) blocks .*/\2/p' > $STATE/blk_blocks
	expect_eq "outgoing block-entries" "$(sub_u64 $sub block-entries)" "$(cat $STATE/blk_entries)"

	kho-inspect --mem /dev/mem $OUT > /run/inspect.txt 2>&1
	expect_eq "kho-inspect on out/ (exit status)" "$?" 0
	sed -n '/^preserved blocks:/,/^[^ ]/p' /run/inspect.txt | sed 's/^/#   /'
	cat $OUT/scratch_phys $OUT/scratch_len | tr "\n" " " > /run/scratch
}

# range_sum: md5 of the test_kho range, read from physical memory.
range_sum() {
	mem_sum "$(cat $STATE/range)" $(($(cat $STATE/range_pages) * 4096))
}

case "$STAGE" in
1)
	check "no incoming handover" test ! -e $IN
	check "no test_kho FAIL" sh -c "! grep -q '^test_kho: FAIL' /run/dmesg.txt"
	finalize_and_record
	printf '0x%x\n' "$(sub_u64 $OUT/sub_fdts/test_kho range)" > $STATE/range
	sub_u64 $OUT/sub_fdts/test_kho range-pages > $STATE/range_pages
	range_sum > $STATE/range_md5
	cp /run/scratch $STATE/scratch
	check "kexec -s -l" load_next
	kexec_next
	;;
*)
	gen=$((STAGE - 1))
	line=$(test_kho_verdict)
	echo "# $line"
	expect_eq "test_kho verdict" "$line" \
		"test_kho: PASS restored $(cat $STATE/nr) folios ($(($(cat $STATE/bytes) / 1024)) KiB) + range ($(cat $STATE/range_pages) pages), generation $gen"
	line=$(test_kho_vmalloc_verdict)
	echo "# $line"
	expect_eq "test_kho vmalloc verdict" "$line" \
		"test_kho: PASS vmalloc: $(cat $STATE/vm_pages) pages ($(($(cat $STATE/vm_pages) * 4096)) bytes) verified byte for byte, $(cat $STATE/blk_entries) block entries in $(cat $STATE/blk_blocks) blocks, generation $gen"
	expect_eq "in/kexec_count" "$(cat $IN/kexec_count)" "$gen"
	expect_eq "incoming test_kho generation" \
		"$(sub_u64 $IN/sub_fdts/test_kho generation)" "$gen"
	expect_eq "range bytes at $(cat $STATE/range), via /dev/mem" \
		"$(range_sum)" "$(cat $STATE/range_md5)"
	if [ "$STAGE" -lt $LAST ]; then
		finalize_and_record
		expect_eq "range kept its physical address" \
			"$(printf '0x%x' "$(sub_u64 $OUT/sub_fdts/test_kho range)")" \
			"$(cat $STATE/range)"
		expect_eq "same scratch areas as generation 1" \
			"$(cat /run/scratch)" "$(cat $STATE/scratch)"
		check "kexec -s -l" load_next
		kexec_next
	fi
	finish
	;;
esac
