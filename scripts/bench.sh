#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Figures, not assertions: what KHO costs. For each row, boots the kernel,
# lets test_kho preserve folios (or only a reserve_mem region), finalizes
# and kexecs into a second kernel that restores them (guest side:
# tools/testing/selftests/kho/kho_bench.sh), REPEAT times, and prints one
# table: fastest / median of
#   preserve   ns per kho_preserve_folio() (test_kho, first kernel)
#   finalize   ms of the finalize (notifiers, map, root FDT)
#   map        bytes of the preserved-memory map (node pages)
#   early      ms of the next kernel's KHO steps before printk has a clock
#              (map check + reservation + restore records, cycle counter)
#   /init      ms from "Linux version" to "Run /init" of the next kernel,
#              minus the median of a kexec with kho=off (kernel timestamps;
#              they miss what runs before printk has a clock, see "early")
#   restore    ns per kho_restore_folio() in the next kernel
# Usage: scripts/bench.sh [ARCH]; REPEAT (default 5), VM_MEM (default 3G),
# ROWS (a subset of the row names below, default all).
source "$(dirname "$0")/lib.sh"

ARCH=${1:-x86_64}
arch_vars "$ARCH"
REPEAT=${REPEAT:-5}
export VM_MEM=${VM_MEM:-3G}
OUTDIR=$BUILD/bench/$ARCH
"$TOP/scripts/build-kernel.sh" "$ARCH" >/dev/null
"$TOP/scripts/mk-initramfs.sh" "$ARCH" >/dev/null

# The next kernel keeps what it restored, as a user would: freeing 1 GiB
# of sparse folios before /init would take seconds of the boot measured.
T="kho=on test_kho.enable=1 test_kho.check_data=0 test_kho.release=0"
# name|what|kernel command line
ALL_ROWS=(
	"off|kho=off (reference)|kho=off"
	"rmem|reserve_mem 64M only|kho=on reserve_mem=64M:4K:khobench"
	"d1k|1k order-0, dense|$T test_kho.order=0 test_kho.max_mem=4M"
	"s1k|1k order-0, sparse|$T test_kho.pattern=sparse test_kho.max_mem=4M"
	"d16k|16k order-0, dense|$T test_kho.order=0 test_kho.max_mem=64M"
	"s16k|16k order-0, sparse|$T test_kho.pattern=sparse test_kho.max_mem=64M"
	"d262k|262k order-0, dense|$T test_kho.order=0 test_kho.max_mem=1G"
	"s262k|262k order-0, sparse|$T test_kho.pattern=sparse test_kho.max_mem=1G"
	"mixed|orders 0-10 (256M) + reserve_mem 64M|$T test_kho.max_mem=256M reserve_mem=64M:4K:khobench"
)

# init_times LOG: per boot in the log, ms from "Linux version" to
# "Run /init" (differences: arm64's printk clock keeps counting across
# kexec).
init_times() {
	sed -n 's/^\[ *\([0-9.]*\)\] \(Linux version\|Run \/init as init process\).*/\1 \2/p' "$1" |
		awk '$2 == "Linux" { t0 = $1 } $2 == "Run" { printf "%d\n", ($1 - t0) * 1000 }'
}

# stats FILE: "fastest / median" of the numbers in FILE, "-" if none.
stats() {
	[ -s "$1" ] || { echo "-"; return; }
	sort -n "$1" | awk '{ v[NR] = $1 } END {
		m = (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2)
		printf "%d / %d\n", v[1], m }'
}

median() {
	sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print 0 }'
}

rows=()
for r in "${ALL_ROWS[@]}"; do
	name=${r%%|*}
	if [ -z "${ROWS:-}" ] || [[ " $ROWS off " == *" $name "* ]]; then
		rows+=("$r")
	fi
done

rm -rf "$OUTDIR"
mkdir -p "$OUTDIR"
for i in $(seq "$REPEAT"); do
	for r in "${rows[@]}"; do
		name=${r%%|*}
		cmd=${r##*|}
		d=$OUTDIR/$name
		mkdir -p "$d"
		log=$BUILD/logs/$ARCH-bench-$name.log
		if ! "$TOP/scripts/run-vm.sh" "$ARCH" kho_bench 2 "bench-$name" -- \
			$cmd >/dev/null; then
			echo "bench: $name run $i failed (log: $log)" >&2
			continue
		fi
		init_times "$log" | sed -n 2p >> "$d/init"
		sed -n 's/.*test_kho: preserved [0-9]* folios in [0-9]* us (\([0-9]*\) ns per folio).*/\1/p' "$log" | head -n 1 >> "$d/preserve"
		sed -n 's/.*test_kho: restored [0-9]* folios in [0-9]* us (\([0-9]*\) ns per folio).*/\1/p' "$log" | head -n 1 >> "$d/restore"
		sed -n 's/.*KHO: finalized in \([0-9]*\) us: .*/\1/p' "$log" | head -n 1 |
			awk '{ printf "%d\n", $1 / 1000 }' >> "$d/finalize"
		sed -n 's/.*KHO: finalized in .*: \([0-9]*\) node pages, .*/\1/p' "$log" | head -n 1 |
			awk '{ print $1 * 4096 }' >> "$d/map"
		sed -n 's/.*KHO: boot: map checked in \([0-9]*\) us, memory reserved in \([0-9]*\) us, released in [0-9]* us, restore records in \([0-9]*\) us.*/\1 \2 \3/p' "$log" |
			awk '{ printf "%d\n", ($1 + $2 + $3) / 1000 }' >> "$d/early"
		grep -m1 'test_kho: \(PASS\|FAIL\)' "$log" | sed 's/^\[[^]]*\] //' > "$d/verdict" || true
	done
done

off=$(median "$OUTDIR/off/init")
echo "What KHO costs on $ARCH ($REPEAT runs per row, QEMU TCG, $VM_MEM,"
echo "$(nproc) host CPUs: $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)), fastest / median:"
echo
printf '%-38s %-13s %-11s %-9s %-11s %-13s %-13s\n' "handover" "preserve ns" "finalize ms" "map KiB" "early ms" "/init +ms" "restore ns"
for r in "${rows[@]}"; do
	name=${r%%|*}
	what=${r#*|}
	what=${what%%|*}
	d=$OUTDIR/$name
	[ -s "$d/init" ] && awk -v off="$off" '{ print $1 - off }' "$d/init" > "$d/extra"
	map=$(stats "$d/map" | awk '{ if ($1 == "-") print "-"; else print $1 / 1024 }')
	printf '%-38s %-13s %-11s %-9s %-11s %-13s %-13s\n' "$what" \
		"$(stats "$d/preserve")" "$(stats "$d/finalize")" "$map" \
		"$(stats "$d/early")" "$(stats "$d/extra")" "$(stats "$d/restore")"
done
echo
echo "kho=off boot to /init (median): $off ms; logs: build/logs/$ARCH-bench-*.log"
