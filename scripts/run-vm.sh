#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run one VM-test scenario: one QEMU (TCG) invocation with a hard timeout,
# serial console captured to build/logs/$ARCH-$NAME.log. The verdict comes
# from what the guest printed, not from QEMU's exit code:
#   pass = "KHO-RESULT: PASS" printed, no "not ok" check, no kernel panic or
#          oops, and the last stage reached is the one expected.
#
# usage: run-vm.sh ARCH SCENARIO STAGES [NAME] [-- extra kernel command line]
# Words of the extra command line that start with "vm." set up the VM
# instead of going to the kernel: vm.mem=SIZE (as VM_MEM), vm.numa=N (N
# NUMA nodes sharing the memory equally).
source "$(dirname "$0")/lib.sh"

ARCH=$1 SCENARIO=$2 STAGES=$3
NAME=$SCENARIO
shift 3
if [ $# -gt 0 ] && [ "$1" != -- ]; then
	NAME=$1
	shift
fi
[ "${1:-}" = -- ] && shift
EXTRA=
VM_NUMA=1
for word in "$@"; do
	case "$word" in
	vm.mem=*) VM_MEM=${word#vm.mem=} ;;
	vm.numa=*) VM_NUMA=${word#vm.numa=} ;;
	vm.*) die "unknown VM option '$word'" ;;
	*) EXTRA="$EXTRA $word" ;;
	esac
done
arch_vars "$ARCH"

OUT=$(out_dir "$ARCH")
LABEL=$(basename "$OUT")	# x86_64, or x86_64-debian etc. (KHO_FLAVOUR)
LOGDIR=$BUILD/logs
LOG=$LOGDIR/$LABEL-$NAME.log
mkdir -p "$LOGDIR"
TIMEOUT=${VM_TIMEOUT:-$((120 + 120 * STAGES))}
MEM=${VM_MEM:-1G}
if [ "$VM_NUMA" -gt 1 ]; then
	# -m must be exactly the sum of the nodes' memory.
	NODE_MIB=$(( $(numfmt --from=iec "$MEM") / 1048576 / VM_NUMA ))
	MEM=$((NODE_MIB * VM_NUMA))M
fi

CMDLINE="panic=-1 oops=panic kho_test=$SCENARIO kho_stage=1${EXTRA}"
# QEMU binary, machine line and console: tools/testing/selftests/kho/arch/.
# shellcheck disable=SC2206 # QEMU_MACHINE is a list of options
VM=("$QEMU" $QEMU_MACHINE -smp 2 -m "$MEM"
    -kernel "$OUT/$IMAGE" -append "console=$CONSOLE $CMDLINE"
    -initrd "$OUT/initramfs.cpio" -nographic -no-reboot -monitor none
    -serial "file:$LOG" -display none)
for ((n = 0; VM_NUMA > 1 && n < VM_NUMA; n++)); do
	VM+=(-object "memory-backend-ram,id=m$n,size=${NODE_MIB}M"
	     -numa "node,nodeid=$n,memdev=m$n")
done
# More QEMU options (word-split on purpose).
# shellcheck disable=SC2206
VM+=(${VM_QEMU_ARGS:-})

# Console lines that fail a scenario whatever the guest says. The debug
# flavour adds what lockdep, KASAN, UBSAN and the page checks print (not
# just "lockdep": the boot says "RCU lockdep checking is enabled").
BAD='Kernel panic\|BUG:\|Oops\|WARNING:.*CPU'
[[ "$KHO_FLAVOUR" =~ ^(debug|kasan|debian-debug)$ ]] &&
	BAD="$BAD"'\|possible circular locking\|possible recursive locking\|inconsistent lock state\|suspicious RCU usage\|DEBUG_LOCKS_WARN_ON\|turning off the locking correctness validator\|KASAN:\|Bad page state\|UBSAN'

start=$(date +%s.%N)
rc=0
timeout --foreground -k 5 "$TIMEOUT" "${VM[@]}" </dev/null >/dev/null 2>"$LOG.qemu" || rc=$?
secs=$(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)")

why=
tr -d '\r' < "$LOG" > "$LOG.txt" && mv "$LOG.txt" "$LOG"
last=$(sed -n "s/^# KHO-STAGE $SCENARIO \([0-9]*\):.*/\1/p" "$LOG" | tail -n 1)
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	why="timed out after ${TIMEOUT}s"
elif grep -q "$BAD" "$LOG"; then
	why="kernel panic/oops/warning: $(grep -m1 "$BAD" "$LOG")"
elif grep -q '^not ok' "$LOG"; then
	why="failed check: $(grep -m1 '^not ok' "$LOG")"
elif grep -q '^KHO-RESULT: FAIL' "$LOG"; then
	why=$(grep -m1 '^KHO-RESULT: FAIL' "$LOG")
elif ! grep -q '^KHO-RESULT: PASS' "$LOG"; then
	why="no result line (guest did not finish)"
elif [ "$last" != "$STAGES" ]; then
	why="last stage reached was '${last:-none}', expected $STAGES"
fi

checks=$(grep -c '^ok ' "$LOG" || true)
if [ -z "$why" ]; then
	echo "PASS $LABEL $NAME: $STAGES boot(s), $checks checks, ${secs}s (log: ${LOG#$TOP/})"
	exit 0
fi
echo "FAIL $LABEL $NAME: $why (${secs}s, log: ${LOG#$TOP/})"
tail -n 25 "$LOG" | sed 's/^/    | /'
exit 1
