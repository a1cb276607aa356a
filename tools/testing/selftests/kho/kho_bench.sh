#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The guest side of scripts/bench.sh (not a scenario of make check): boot 1
# finalizes if KHO is on and kexecs into boot 2, which only reports. The
# figures are read from the kernel log by the host; nothing is asserted
# beyond the kexec itself.
. /kho/lib.sh

case "$STAGE" in
1)
	if [ -e $KHO_DBG/out/finalize ]; then
		expect_eq "finalize" "$(write_result $KHO_DBG/out/finalize 1)" ok
	fi
	make_initrd
	check "kexec -s -l" kexec -s -l /boot/kernel --initrd=/run/initrd.cpio \
		--append="$(cmdline_for_stage 2) test_kho.enable=0"
	kexec_next
	;;
*)
	ok "booted stage $STAGE"
	finish
	;;
esac
