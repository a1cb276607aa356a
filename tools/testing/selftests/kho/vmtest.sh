#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the KHO VM tests of one architecture, kselftest style (KTAP output).
#
#   ./vmtest.sh [-n] ARCH [SCENARIO...]
#
# ARCH is x86_64 (or x86) or arm64 (or aarch64); what the scripts know
# about it is in arch/$ARCH.conf. The kernel and the guest
# initramfs are built first with scripts/build-kernel.sh and
# scripts/mk-initramfs.sh (-n: use what is built already). Then each
# scenario of the "scenarios" file (or only the ones named) boots in QEMU
# through scripts/run-vm.sh, which judges it from the guest's console.
# KHO_BUILD selects the build directory, as for the scripts.
#
# Exit status: 0 all passed, 1 a build or a scenario failed, 4 (kselftest
# "skip") when QEMU for ARCH is not installed.
set -u

DIR=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$DIR/../../../.." && pwd)
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
	out=$( { "$TOP/scripts/build-kernel.sh" "$arch" &&
		 "$TOP/scripts/mk-initramfs.sh" "$arch"; } 2>&1 )
	rc=$?
	printf '%s\n' "$out" | tail -n 20 | sed 's/^/# /'
	if [ $rc = 0 ]; then
		echo "ok 1 $arch build"
	else
		echo "not ok 1 $arch build"
		# Nothing to boot: the scenarios are skipped.
		for t in "${tests[@]}"; do
			read -r name boots log extra <<< "$t"
			num=$((num + 1))
			echo "ok $num $arch $log # SKIP no kernel, the build failed"
		done
		exit 1
	fi
fi

for t in "${tests[@]}"; do
	read -r name boots log extra <<< "$t"
	num=$((num + 1))
	# shellcheck disable=SC2086 # extra is a list of kernel parameters
	out=$("$TOP/scripts/run-vm.sh" "$arch" "$name" "$boots" "$log" -- $extra 2>&1)
	rc=$?
	summary=$(printf '%s\n' "$out" | head -n 1)
	if [ $rc = 0 ]; then
		echo "ok $num $arch $log # ${summary#*: }"
	else
		fail=$((fail + 1))
		printf '%s\n' "$out" | sed 's/^/# /'
		echo "not ok $num $arch $log"
	fi
done
echo "# $arch: $((${#tests[@]} - fail)) passed, $fail failed"
[ $fail = 0 ]
