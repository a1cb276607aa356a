#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Figures, not assertions: boot time to userspace with and without KHO,
# finalize time, handover sizes. Boots the kho_basic and kho_off scenarios
# (REPEAT times each) and reads the kernels' own timestamps from the logs.
source "$(dirname "$0")/lib.sh"

ARCH=${1:-x86_64}
arch_vars "$ARCH"
REPEAT=${REPEAT:-3}
"$TOP/scripts/build-kernel.sh" "$ARCH" >/dev/null
"$TOP/scripts/mk-initramfs.sh" "$ARCH" >/dev/null

# init_times LOG: per boot in the log, ms from the "Linux version" line to
# "Run /init". Differences, because arm64's printk clock keeps counting
# across kexec.
init_times() {
	sed -n 's/^\[ *\([0-9.]*\)\] \(Linux version\|Run \/init as init process\).*/\1 \2/p' "$1" |
		awk '$2 == "Linux" { t0 = $1 } $2 == "Run" { printf "%d\n", ($1 - t0) * 1000 }'
}

avg() { awk '{ s += $1; n++ } END { if (n) printf "%d", s / n; else print "n/a" }'; }

: > "$BUILD/bench-a"; : > "$BUILD/bench-b"; : > "$BUILD/bench-off"; : > "$BUILD/bench-fin"
for i in $(seq "$REPEAT"); do
	"$TOP/scripts/run-vm.sh" "$ARCH" kho_basic 2 bench-kho -- kho=on \
		reserve_mem=16K:4K:khotest >/dev/null || die "kho_basic failed"
	"$TOP/scripts/run-vm.sh" "$ARCH" kho_off 2 bench-off -- kho=off >/dev/null ||
		die "kho_off failed"
	init_times "$BUILD/logs/$ARCH-bench-kho.log" | sed -n 1p >> "$BUILD/bench-a"
	init_times "$BUILD/logs/$ARCH-bench-kho.log" | sed -n 2p >> "$BUILD/bench-b"
	init_times "$BUILD/logs/$ARCH-bench-off.log" | sed -n 2p >> "$BUILD/bench-off"
	grep -m1 'KHO: finalized in' "$BUILD/logs/$ARCH-bench-kho.log" >> "$BUILD/bench-fin"
done

fin=$(sed -n 's/.*finalized in \([0-9]*\) us.*/\1/p' "$BUILD/bench-fin" | avg)
last=$(tail -n 1 "$BUILD/bench-fin" | sed 's/^\[[^]]*\] //')
echo "KHO figures for $ARCH ($REPEAT runs each, TCG, kernel timestamps):"
echo "  boot to /init, cold boot with kho=on:  $(avg < "$BUILD/bench-a") ms"
echo "  boot to /init, KHO boot (kexec):       $(avg < "$BUILD/bench-b") ms"
echo "  boot to /init, kexec with kho=off:     $(avg < "$BUILD/bench-off") ms"
echo "  finalize (notifiers + root FDT):       $fin us"
echo "  last finalize: $last"
echo "  kernel image: $(stat -c %s "$BUILD/$ARCH/$IMAGE") bytes"
