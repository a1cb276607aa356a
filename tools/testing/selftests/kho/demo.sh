#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The guest side of "make demo": narrate a kexec from kernel A into kernel B.
. /kho/lib.sh

demo() { echo "DEMO: $*"; }

case "$STAGE" in
1)
	demo "This is kernel A, the first boot ($(uname -r), $(cat /etc/kho-arch))."
	demo "Loading the next kernel with kexec_file_load: kexec -s -l /boot/kernel"
	check "kexec -s -l" load_next
	demo "Jumping into kernel B with kexec -e; no firmware, no reboot."
	kexec_next
	;;
2)
	demo "This is kernel B. Its command line says kho_stage=2, which only kernel A sets:"
	demo "  $(cat /proc/cmdline)"
	expect_eq "second boot marker" "$(grep -o 'kho_stage=[0-9]*' /proc/cmdline)" kho_stage=2
	finish
	;;
esac
