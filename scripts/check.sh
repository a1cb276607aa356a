#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every test: host-side tests, then for each architecture
# tools/testing/selftests/kho/vmtest.sh, which builds the kernel and the
# guest userspace and runs the VM scenarios. Prints one line per test and,
# last, "N passed, M failed"; exits non-zero on any failure.
source "$(dirname "$0")/lib.sh"
set +e

# The VM-test runs, ARCH/FLAVOUR (README "Kernel flavours"). x86_64 runs
# every scenario on Debian's config with the debug options (lockdep,
# DEBUG_VM, page checks), arm64 on tinyconfig. Also possible: x86_64/tiny,
# x86_64/debug, x86_64/debian, x86_64/kasan, arm64/debug.
VM_RUNS=${VM_RUNS:-x86_64/debian-debug arm64/tiny}
PASS=0
FAIL=0
FAILED=()
T0=$(now)

# The kernels of the runs after the first are built in the background, at
# the lowest priority, from when the tree is ready: they take the CPU time
# that the host tests and the first run's VMs leave idle (TCG keeps about
# one of two CPUs busy), which from a cold ccache hides most of a kernel
# build. One build at a time (flock); vm_tests waits for its run's build,
# and the build vmtest.sh then does finds everything up to date (or, if the
# background build failed, fails again and says why).
declare -A PREBUILD_PID
prebuild_start() {
	local run label
	for run in ${VM_RUNS#* }; do
		[ "$run" != "$VM_RUNS" ] || break	# a single run
		label=${run/\//-}
		( flock 9
		  KHO_FLAVOUR=${run#*/} nice -n 19 "$TOP/scripts/build-kernel.sh" \
			"${run%/*}" > "$LOGDIR/prebuild-$label.log" 2>&1
		) 9> "$LOGDIR/.prebuild.lock" &
		PREBUILD_PID[$run]=$!
	done
}

prebuild_wait() {	# prebuild_wait ARCH/FLAVOUR
	local pid=${PREBUILD_PID[$1]:-} secs
	[ -n "$pid" ] || return 0
	wait "$pid"
	secs=$(sed -n 's/.* built in \([0-9]*\)s$/\1/p' \
		"$LOGDIR/prebuild-${1/\//-}.log")
	echo "TIME background build ${1/\//-}: ${secs:-?}s (log: ${LOGDIR#$TOP/}/prebuild-${1/\//-}.log)"
}

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
# fuzz_kho, fuzz_inspect, then fuzz_kstate: "Done N runs in S second(s)" each
fuzz_done=$(grep -Eo 'Done [0-9]+ runs in [0-9]+ second\(s\)' "$LOGDIR/fuzz.log" |
	    paste -d' ' <(printf '%s\n' fuzz_kho fuzz_inspect fuzz_kstate) - | head -n 3 |
	    paste -sd, - | sed 's/,/, /g')
echo "$([ $rc = 0 ] && echo PASS || echo FAIL) fuzz: $fuzz_done (log: ${LOGDIR#$TOP/}/fuzz.log)"
result "fuzz" $rc

"$TOP/scripts/prepare-tree.sh"
prebuild_start
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

# ---- VM tests: tools/testing/selftests/kho/vmtest.sh, per architecture ----
# vmtest.sh builds the kernel and the guest, then runs every scenario; each
# of its KTAP result lines becomes one line here and counts once:
#   ok N ARCH NAME # DETAILS        ->  PASS ARCH NAME: DETAILS
#   not ok N ARCH NAME # DETAILS    ->  FAIL ARCH NAME: DETAILS, then the
#                                       "# " lines before it (end of the log)
#   ok N ARCH NAME # SKIP REASON    ->  SKIP ARCH NAME: REASON (not counted:
#                                       the failed build that causes it is)
# A run without results (plan "1..0 # SKIP ...": no QEMU), with fewer
# results than planned or a failing exit status without a "not ok" counts
# as one more failure.
VMTEST=$TOP/tools/testing/selftests/kho/vmtest.sh
END_MARK="@@ vmtest.sh exit status"

vm_tests() {	# vm_tests ARCH [FLAVOUR]
	local arch=$1 flavour=${2:-tiny} label=$1 line word num desc details
	local diag=() t rc= plan='' results=0 failed=0 built=0
	[ "$flavour" = tiny ] || label=$arch-$flavour
	t=$(now)
	while IFS= read -r line; do
		case "$line" in
		"$END_MARK "*)
			rc=${line#"$END_MARK "} ;;
		"TAP version "*) ;;
		"1..0 # SKIP"*)
			plan=0
			echo "FAIL $label: no VM test ran: ${line#1..0 # SKIP }"
			result "$label vmtest.sh" 1 ;;
		1..*)
			plan=${line#1..} ;;
		"ok "*|"not ok "*)
			word=${line%% [0-9]*}	# "ok" or "not ok"
			num=${line#"$word "}
			desc=${num#* }
			details=
			if [[ "$desc" == *" # "* ]]; then
				details=${desc#* # }
				desc=${desc%% # *}
			fi
			results=$((results + 1))
			if [ "$word" = ok ] && [[ "$details" == SKIP* ]]; then
				details=${details#SKIP}
				echo "SKIP $desc:${details:- skipped}"
			elif [ "$word" = ok ]; then
				echo "PASS $desc: $details"
				result "$desc" 0
			else
				echo "FAIL $desc: ${details:-failed}"
				[ ${#diag[@]} = 0 ] || printf '%s\n' "${diag[@]}"
				result "$desc" 1
				failed=$((failed + 1))
			fi
			if [ "$desc" = "$label build" ] && [ "$word" = ok ]; then
				built=1
				echo "TIME build $label: $(( $(now) - t ))s"
				t=$(now)
			fi
			diag=() ;;
		"# "*)
			diag+=("${line#\# }") ;;
		*)	# not KTAP: an error message of vmtest.sh
			diag+=("$line") ;;
		esac
	done < <(KHO_FLAVOUR=$flavour "$VMTEST" "$arch" 2>&1; echo "$END_MARK $?")

	if [ "$plan" != 0 ] && [ "$results" != "${plan:-none}" ]; then
		echo "FAIL $label: vmtest.sh gave $results of ${plan:-no} planned results (exit status $rc)"
		[ ${#diag[@]} = 0 ] || printf '%s\n' "${diag[@]}" | tail -n 20
		result "$label vmtest.sh" 1
	elif [ "$plan" != 0 ] && [ "$rc" != 0 ] && [ "$failed" = 0 ]; then
		echo "FAIL $label: vmtest.sh exit status $rc without a failed test"
		result "$label vmtest.sh" 1
	fi
	[ $built = 0 ] || echo "TIME vm tests $label: $(( $(now) - t ))s"
}

for run in $VM_RUNS; do
	prebuild_wait "$run"
	vm_tests "${run%/*}" "${run#*/}"
done

echo "TIME total: $(( $(now) - T0 ))s"
[ ${#FAILED[@]} = 0 ] || printf 'failed: %s\n' "${FAILED[@]}"
echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
