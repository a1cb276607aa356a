#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Plain kexec: boot A, kexec_file_load + kexec -e into B; B must see that it
# is the second boot (kho_stage=2 on its command line, set only by A).
. /kho/lib.sh

case "$STAGE" in
1)
	check "kernel image present" test -s /boot/kernel
	check "kexec -s -l loads the next kernel" load_next
	expect_eq "kexec image loaded" "$(cat /sys/kernel/kexec_loaded)" 1
	kexec_next
	;;
2)
	expect_eq "second boot marker on the command line" \
		"$(grep -o 'kho_stage=[0-9]*' /proc/cmdline)" "kho_stage=2"
	finish
	;;
esac
