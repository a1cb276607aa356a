#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Control run with kho=off: no KHO debugfs, and a kexec_file kexec carries
# no handover (the next kernel has no kho/in).
. /kho/lib.sh

case "$STAGE" in
1)
	check "no kho debugfs with kho=off" test ! -e "$KHO_DBG"
	check "kexec -s -l" load_next
	kexec_next
	;;
2)
	check "no incoming handover" test ! -e "$KHO_DBG/in"
	check "no handover message" sh -c "! dmesg -s 1000000 | grep -q 'KHO: handover accepted'"
	finish
	;;
esac
