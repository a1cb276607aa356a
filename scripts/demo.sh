#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The demo: build the x86_64 kernel and guest, boot it in QEMU and walk
# through a kexec with Kexec HandOver (KHO), printing what happens in plain
# words. The guest side of the story is tools/kho/demo/demo.sh;
# this script shows its "DEMO" lines and the kernel messages that matter,
# and leaves the rest of the console in the log. "demo.sh --shell" boots
# the same VM with a shell instead (tools/kho/demo/shell.sh).
source "$(dirname "$0")/lib.sh"

ARCH=x86_64
arch_vars "$ARCH"
NAME=demo
LOG=$BUILD/logs/$ARCH-$NAME.log
CMDLINE="kho=on reserve_mem=64K:4K:demo_mem"

say "building the x86_64 kernel and the guest userspace"
"$TOP/scripts/build-kernel.sh" "$ARCH"
"$TOP/scripts/mk-initramfs.sh" "$ARCH"

# --shell: the same VM with a shell on the console, to follow
# Documentation/admin-guide/mm/kho.rst by hand.
if [ "${1:-}" = --shell ]; then
	say "booting the demo VM with a shell (QEMU: Ctrl-a x quits)"
	# shellcheck disable=SC2086 # QEMU_MACHINE is a list of options
	exec "$QEMU" $QEMU_MACHINE -smp 2 -m "${VM_MEM:-1G}" \
		-kernel "$BUILD/$ARCH/$IMAGE" -initrd "$BUILD/$ARCH/initramfs.cpio" \
		-append "console=$CONSOLE kho_test=shell kho_stage=1 $CMDLINE" \
		-nographic -no-reboot
fi

cat <<TXT

==> Booting kernel A in QEMU (TCG) with: $CMDLINE
    Lines starting with "|" are commands run in the guest and their output,
    "[kernel]" lines are kernel messages; everything else is narration.
    Full console log: ${LOG#$TOP/}

TXT

# Show the console as it is written. The log is created first and followed
# by descriptor (tail -f, not -F): QEMU truncates and writes the same file,
# and run-vm.sh replaces it by a cleaned copy at the end, which must not be
# shown twice. tail stops by itself once run-vm.sh has exited.
story() {
	tr -d '\r' | sed -u 's/\x1b\[[0-9;?]*[a-zA-Z]//g; s/\x1bc//g' |
	awk -v kernels=0 '
	function out(s) { print s; fflush() }
	/Linux version/ {
		kernels++
		sub(/.*Linux version /, "")
		out("")
		out("==> kernel " (kernels == 1 ? "A" : "B") " is booting: Linux " $1)
		next
	}
	/^DEMO: ?/ { sub(/^DEMO: ?/, ""); out("  " $0); next }
	/^DEMO\| ?/ { sub(/^DEMO\| ?/, ""); out("  | " $0); next }
	/^not ok / { out("  CHECK FAILED: " $0); next }
	/^KHO-RESULT:/ { out(""); out("==> " $0); next }
	/^\[ *[0-9]+\.[0-9]+\] / {
		msg = $0
		sub(/^\[ *[0-9]+\.[0-9]+\] /, "", msg)
		if (msg ~ /^(KHO|kexec|kexec_core|setup): / ||
		    msg ~ /region '"'"'/ || msg ~ /^Command line:/)
			out("  [kernel] " msg)
		next
	}'
}

mkdir -p "$(dirname "$LOG")"
: > "$LOG"
VM_TIMEOUT=${VM_TIMEOUT:-600} "$TOP/scripts/run-vm.sh" "$ARCH" demo 2 "$NAME" -- \
	$CMDLINE > "$BUILD/logs/$ARCH-$NAME.verdict" &
vm=$!
tail -n +1 -f --pid=$vm "$LOG" 2>/dev/null | story &
shown=$!
rc=0
wait $vm || rc=$?
wait $shown || true

echo
cat "$BUILD/logs/$ARCH-$NAME.verdict"
if [ $rc = 0 ]; then
	say "demo finished: kernel B found the bytes kernel A preserved, at the same address"
else
	say "demo FAILED; see ${LOG#$TOP/}"
fi
exit $rc
