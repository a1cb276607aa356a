#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A legacy kexec_load from a KHO boot must boot as a plain kexec. On arm64,
# kexec-tools copies /sys/firmware/fdt, stale linux,kho-* properties included.
# Command line: kho=on (3 boots)
. /kho/lib.sh

case "$STAGE" in
1)
	expect_eq "finalize" "$(write_result $KHO_DBG/out/finalize 1)" ok
	check "kexec -s -l" load_next
	kexec_next
	;;
2)
	check "KHO boot" test -e $KHO_DBG/in/fdt
	make_initrd
	check "kexec -l (kexec_load)" kexec -l /boot/kernel \
		--initrd=/run/initrd.cpio --append="$(cmdline_for_stage 3)"
	kexec_next
	;;
3)
	check "no stale handover accepted" sh -c \
		"! dmesg -s 1000000 | grep -q 'KHO: handover accepted'"
	check "no incoming handover" test ! -e $KHO_DBG/in
	finish
	;;
esac
