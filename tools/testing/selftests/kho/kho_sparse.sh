#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# test_kho across one KHO kexec with the folio layout of the command line,
# by default test_kho.pattern=sparse: order-0 folios on every other page,
# so that no two preserved blocks touch (the worst case for the next
# kernel's reservation). Stage 1 prepares and finalizes; stage 2 restores
# every folio and checks its address, order and contents (test_kho prints
# one PASS/FAIL line) and does not prepare a next generation. Correctness
# only; scripts/bench.sh boots the same scenario for figures.
# Command line: kho=on test_kho.enable=1 test_kho.pattern=sparse
#               test_kho.max_mem=256M
. /kho/lib.sh

OUT=$KHO_DBG/out
IN=$KHO_DBG/in

dmesg -s 1000000 | sed 's/^\[ *[0-9]*\.[0-9]*\] //' > /run/dmesg.txt

# show PATTERN: echo the first kernel line matching PATTERN as a comment.
show() {
	grep -m1 -- "$1" /run/dmesg.txt | sed 's/^/# /'
}

case "$STAGE" in
1)
	check "no incoming handover" test ! -e $IN
	line=$(grep -m1 '^test_kho: generation 1 prepared: ' /run/dmesg.txt)
	check "test_kho prepared generation 1" test -n "$line"
	echo "# $line"
	show '^test_kho: preserved [0-9]* folios in'
	echo "$line" | sed -n 's/.* prepared: \([0-9]*\) folios.*/\1/p' > $STATE/nr
	echo "$line" | sed -n 's/.* folios (\([0-9]*\) KiB.*/\1/p' > $STATE/kib
	expect_eq "finalize" "$(write_result $OUT/finalize 1)" ok
	dmesg -s 1000000 | sed 's/^\[ *[0-9]*\.[0-9]*\] //' > /run/dmesg.txt
	show '^KHO: finalized in'
	if grep -q 'test_kho.pattern=sparse' /proc/cmdline; then
		# Each folio is a block of its own, plus the record array,
		# the range and the sub-FDT.
		blocks=$(sed -n 's/^KHO: finalized in .*, \([0-9]*\) blocks .*/\1/p' /run/dmesg.txt)
		check "sparse: at least one block per folio (${blocks:-?})" \
			test "${blocks:-0}" -gt "$(cat $STATE/nr)"
	fi
	make_initrd
	# The next kernel restores and checks, and prepares nothing.
	check "kexec -s -l" kexec -s -l /boot/kernel --initrd=/run/initrd.cpio \
		--append="$(cmdline_for_stage 2) test_kho.enable=0"
	kexec_next
	;;
*)
	show '^KHO: handover accepted'
	show '^KHO: boot: '
	show '^test_kho: restored [0-9]* folios in'
	line=$(test_kho_verdict)
	echo "# $line"
	expect_eq "test_kho verdict" "$line" \
		"test_kho: PASS restored $(cat $STATE/nr) folios ($(cat $STATE/kib) KiB) + range (37 pages), generation 1"
	check "test_kho vmalloc verdict is PASS" \
		grep -q '^test_kho: PASS vmalloc: ' /run/dmesg.txt
	check "no folio reported bad" \
		sh -c "! grep -q '^test_kho: folio [0-9]* at ' /run/dmesg.txt"
	finish
	;;
esac
