#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The demo: build the x86_64 kernel and guest, boot it in QEMU and walk
# through a kexec with KHO, printing what happens in plain words. The guest
# side of the story is tools/testing/selftests/kho/demo.sh.
source "$(dirname "$0")/lib.sh"

ARCH=x86_64
say "building the x86_64 kernel and the guest userspace"
"$TOP/scripts/build-kernel.sh" "$ARCH"
"$TOP/scripts/mk-initramfs.sh" "$ARCH"

cat <<'TXT'

==> Booting kernel A in QEMU (TCG). The guest prints "DEMO:" lines that say
    what it is doing; kernel messages are filtered to the interesting ones.
    Full console log: build/logs/x86_64-demo.log

TXT
VM_TIMEOUT=${VM_TIMEOUT:-600} "$TOP/scripts/run-vm.sh" "$ARCH" demo 2 demo -- kho=on \
	reserve_mem=64K:4K:demo_mem &
pid=$!
log=$BUILD/logs/$ARCH-demo.log
# Follow the console while the VM runs; show the story, not every line.
tail -n +1 -F "$log" 2>/dev/null --pid=$pid |
	grep --line-buffered -E '^(DEMO|  )|KHO|kho|kexec_core|Linux version|Command line|reserve_mem|ok [0-9]' |
	grep --line-buffered -v '^# cmdline' &
tailpid=$!
rc=0
wait $pid || rc=$?
sleep 0.2 2>/dev/null; kill $tailpid 2>/dev/null; wait $tailpid 2>/dev/null
echo
if [ $rc = 0 ]; then
	say "demo finished: the second kernel saw what the first one handed over"
else
	say "demo FAILED; see $log"
fi
exit $rc
