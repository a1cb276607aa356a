#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kho=on but no finalize before kexec -e: the next kernel boots normally,
# without a handover, and says why.
. /kho/lib.sh

case "$STAGE" in
1)
	expect_eq "not finalized" "$(cat $KHO_DBG/out/finalize)" 0
	check "kexec -s -l" load_next
	kexec_next
	;;
2)
	check "no incoming handover" test ! -e "$KHO_DBG/in"
	check "notice: previous kernel did not finalize" sh -c \
		"dmesg -s 1000000 | grep -q 'did not finalize KHO'"
	check "KHO still usable for the next kexec" test -e "$KHO_DBG/out/finalize"
	finish
	;;
esac
