#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Legacy kexec_load (kexec -l without -s) with KHO finalized: the image loads
# and boots as a plain kexec, with a one-line notice that KHO data is not
# passed.
. /kho/lib.sh

case "$STAGE" in
1)
	expect_eq "finalize" "$(write_result $KHO_DBG/out/finalize 1)" ok
	make_initrd
	check "kexec -l (kexec_load)" kexec -l /boot/kernel --initrd=/run/initrd.cpio \
		--append="$(cmdline_for_stage 2)"
	check "notice: KHO data not passed" sh -c \
		"dmesg -s 1000000 | grep -qi 'kexec_load.*KHO\|KHO.*kexec_load'"
	kexec_next
	;;
2)
	check "no incoming handover" test ! -e "$KHO_DBG/in"
	finish
	;;
esac
