#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the KHO VM tests of one architecture, kselftest style (KTAP output).
# This is the one VM-test runner: "make check" (scripts/check.sh) runs it
# per architecture and counts its result lines.
#
#   ./vmtest.sh [-n] ARCH [SCENARIO...]
#
# ARCH is x86_64 (or x86) or arm64 (or aarch64); what the scripts know
# about it is in arch/$ARCH.conf. The kernel and the guest initramfs are
# built first with scripts/build-kernel.sh and scripts/mk-initramfs.sh
# (output in build/logs/$ARCH-build.log; -n: use what is built already).
# Then each scenario of the "scenarios" file (or only the ones named) boots
# in QEMU through scripts/run-vm.sh, which judges it from the guest's
# console. KHO_BUILD selects the build directory, as for the scripts;
# KHO_FLAVOUR the kernel flavour (README "Kernel flavours"), which names
# the results "ARCH-FLAVOUR ..." and may have its own scenarios-FLAVOUR.
#
# One result line per step, the details after " # ":
#   ok 1 x86_64 build # kernel and initramfs, 95s (log: build/logs/x86_64-build.log)
#   ok 2 x86_64 kho_basic # 2 boot(s), 30 checks, 8.6s (log: build/logs/x86_64-kho_basic.log)
#   not ok 3 x86_64 kho_off # timed out after 360s (360.2s, log: build/logs/x86_64-kho_off.log)
# A failure is preceded by "# " lines: the end of its log.
#
# Exit status: 0 all passed, 1 a build or a scenario failed, 4 (kselftest
# "skip") when QEMU for ARCH is not installed.
set -u

DIR=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$DIR/../../../.." && pwd)
BUILD=${KHO_BUILD:-$TOP/build}
LOGDIR=$BUILD/logs
KSFT_SKIP=4

build=1
if [ "${1:-}" = -n ]; then
	build=0
	shift
fi
case "${1:-}" in
x86) arch=x86_64 ;;
aarch64) arch=arm64 ;;
*) arch=${1:-} ;;
esac
if [ -z "$arch" ] || [[ "$arch" == */* ]] || [ ! -f "$DIR/arch/$arch.conf" ]; then
	echo "usage: $0 [-n] ARCH [SCENARIO...]; ARCH: $(cd "$DIR/arch" &&
		ls -- *.conf | sed 's/\.conf$//' | paste -sd' ')" >&2
	exit 2
fi
shift
only=" $* "
# shellcheck source=arch/x86_64.conf
. "$DIR/arch/$arch.conf"
label=$arch
[ "${KHO_FLAVOUR:-tiny}" = tiny ] || label=$arch-$KHO_FLAVOUR

echo "TAP version 13"
if ! command -v "$QEMU" >/dev/null; then
	echo "1..0 # SKIP $QEMU not installed (make deps)"
	exit $KSFT_SKIP
fi

# The scenarios to run on this architecture: "name boots log extra..." lines.
tests=()
while read -r name boots log extra; do
	[ "$only" = "  " ] || [[ "$only" == *" $name "* ]] || continue
	tests+=("$name $boots $log $extra")
done < <("$DIR/list-scenarios.sh" "$arch")

echo "1..$(( ${#tests[@]} + build ))"
num=0
fail=0
if [ $build = 1 ]; then
	num=1
	mkdir -p "$LOGDIR"
	blog=$LOGDIR/$label-build.log
	start=$(date +%s)
	{ "$TOP/scripts/build-kernel.sh" "$arch" &&
	  "$TOP/scripts/mk-initramfs.sh" "$arch"; } > "$blog" 2>&1
	rc=$?
	secs=$(( $(date +%s) - start ))
	if [ $rc = 0 ]; then
		echo "ok 1 $label build # kernel and initramfs, ${secs}s (log: ${blog#$TOP/})"
	else
		tail -n 20 "$blog" | sed 's/^/#     | /'
		echo "not ok 1 $label build # exit status $rc (${secs}s, log: ${blog#$TOP/})"
		# Nothing to boot: the scenarios are skipped.
		for t in "${tests[@]}"; do
			read -r name boots log extra <<< "$t"
			num=$((num + 1))
			echo "ok $num $label $log # SKIP no kernel, the build failed"
		done
		exit 1
	fi
fi

for t in "${tests[@]}"; do
	read -r name boots log extra <<< "$t"
	num=$((num + 1))
	# run-vm.sh prints "PASS|FAIL ARCH LOG: details" first, on a failure
	# then the end of the console log.
	# shellcheck disable=SC2086 # extra is a list of kernel parameters
	out=$("$TOP/scripts/run-vm.sh" "$arch" "$name" "$boots" "$log" -- $extra 2>&1)
	rc=$?
	summary=$(printf '%s\n' "$out" | head -n 1)
	case "$summary" in
	"PASS $label $log: "*|"FAIL $label $log: "*) details=${summary#*: } ;;
	*) details="run-vm.sh: $summary" ;;
	esac
	if [ $rc = 0 ]; then
		echo "ok $num $label $log # $details"
	else
		fail=$((fail + 1))
		printf '%s\n' "$out" | tail -n +2 | sed 's/^/# /'
		echo "not ok $num $label $log # $details"
	fi
done
echo "# $label: $((${#tests[@]} - fail)) passed, $fail failed"
[ $fail = 0 ]
