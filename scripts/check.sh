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
LOGDIR=$BUILD/logs
mkdir -p "$LOGDIR"

# counted NAME LOG RC: a suite that prints "N passed, M failed" adds its
# own counts; RC must be 0 as well.
counted() {
	local line p f
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$2" | tail -n 1)
	p=$(echo "$line" | cut -d' ' -f1)
	f=$(echo "$line" | cut -d' ' -f3)
	if [ -z "$line" ]; then
		p=0 f=1
	elif [ "$3" != 0 ] && [ "$f" = 0 ]; then
		f=1
	fi
	PASS=$((PASS + p))
	FAIL=$((FAIL + f))
	[ "$f" = 0 ] || FAILED+=("$1")
	echo "$([ "$f" = 0 ] && echo PASS || echo FAIL) $1: $p passed, $f failed (log: ${2#$TOP/})"
}

# ---- host-side tests ---------------------------------------------------------
t=$(now)
make -s -C "$TOP/tools/testing/kho" run > "$LOGDIR/host-tests.log" 2>&1
counted "host tests (tools/testing/kho)" "$LOGDIR/host-tests.log" $?

make -s -C "$TOP/tools/testing/kho" fuzz FUZZ_SECONDS=${FUZZ_SECONDS:-20} \
	> "$LOGDIR/fuzz.log" 2>&1
rc=$?
echo "$([ $rc = 0 ] && echo PASS || echo FAIL) fuzz: $(grep -Eo 'Done [0-9]+ runs in [0-9]+ second\(s\)' "$LOGDIR/fuzz.log" | tail -n 1) (log: ${LOGDIR#$TOP/}/fuzz.log)"
result "fuzz" $rc

"$TOP/scripts/prepare-tree.sh"
( make -s -C "$SRC/tools/testing/memblock" clean &&
  make -s -C "$SRC/tools/testing/memblock" -j"$JOBS" &&
  "$SRC/tools/testing/memblock/main" -v ) > "$LOGDIR/memblock-sim.log" 2>&1
rc=$?
mp=$(grep -c '^ok ' "$LOGDIR/memblock-sim.log")
mf=$(grep -c '^not ok' "$LOGDIR/memblock-sim.log")
[ $rc = 0 ] || mf=$((mf + 1))
echo "$mp passed, $mf failed" >> "$LOGDIR/memblock-sim.log"
counted "memblock simulator (tools/testing/memblock)" "$LOGDIR/memblock-sim.log" $rc

"$TOP/scripts/check-style.sh" > "$LOGDIR/style.log" 2>&1
counted "checkpatch --strict (our sources and patches)" "$LOGDIR/style.log" $?

"$TOP/scripts/check-docs.sh" > "$LOGDIR/docs.log" 2>&1
rc=$?
echo "$(tail -n 1 "$LOGDIR/docs.log") (log: ${LOGDIR#$TOP/}/docs.log)"
result "docs" $rc
echo "TIME host tests: $(( $(now) - t ))s"

# ---- VM tests: tools/testing/selftests/kho/scenarios, per architecture ----
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
	while read -r name boots log extra; do
		"$TOP/scripts/run-vm.sh" "$arch" "$name" "$boots" "$log" -- $extra
		result "$arch $log" $?
	done < <("$TOP/tools/testing/selftests/kho/list-scenarios.sh" "$arch")
	echo "TIME vm tests $arch: $(( $(now) - t ))s"
done

echo "TIME total: $(( $(now) - T0 ))s"
[ ${#FAILED[@]} = 0 ] || printf 'failed: %s\n' "${FAILED[@]}"
echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
