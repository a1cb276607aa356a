#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every test: host-side tests, then for each architecture build the kernel
# and the guest userspace and run the VM scenarios. Prints one line per test
# and, last, "N passed, M failed"; exits non-zero on any failure.
source "$(dirname "$0")/lib.sh"
set +e

ARCHES=${ARCHES:-x86_64 arm64}
PASS=0
FAIL=0
FAILED=()
T0=$(now)

result() {	# result NAME RC
	if [ "$2" = 0 ]; then
		PASS=$((PASS + 1))
	else
		FAIL=$((FAIL + 1))
		FAILED+=("$1")
	fi
}

"$TOP/scripts/deps.sh" --check || exit 1

# Scenarios: name, number of boots, extra kernel command line.
SCENARIOS=(
	"kexec_basic 2"
)
[ -f "$TOP/tools/testing/selftests/kho/scenarios" ] &&
	mapfile -t SCENARIOS < <(grep -v '^\s*\(#\|$\)' "$TOP/tools/testing/selftests/kho/scenarios")

for arch in $ARCHES; do
	t=$(now)
	if ! "$TOP/scripts/build-kernel.sh" "$arch" || ! "$TOP/scripts/mk-initramfs.sh" "$arch"; then
		echo "FAIL $arch build"
		result "$arch build" 1
		continue
	fi
	echo "TIME build $arch: $(( $(now) - t ))s"
	result "$arch build" 0
	t=$(now)
	for s in "${SCENARIOS[@]}"; do
		read -r name boots extra <<< "$s"
		"$TOP/scripts/run-vm.sh" "$arch" "$name" "$boots" "$name" -- $extra
		result "$arch $name" $?
	done
	echo "TIME vm tests $arch: $(( $(now) - t ))s"
done

echo "TIME total: $(( $(now) - T0 ))s"
[ ${#FAILED[@]} = 0 ] || printf 'failed: %s\n' "${FAILED[@]}"
echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
