#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The KHO KUnit suites (kernel/kexec_handover_test.c and
# kernel/kexec_handover_mem_test.c, built in) and the KSTATE one
# (kernel/kstate_test.c) run at boot with kunit.enable=1: first on a cold
# boot, then again on the KHO boot that follows, where the API suite checks
# the handover it received. Each suite must report "pass:N fail:0" with at
# least the number of cases it has today, none may be skipped, no KUnit
# result line (case or parameter) may be "not ok", and the results of all
# cases and parameters add up.
# The finalize/abort cases must leave KHO unfinalized for userspace.
# Command line: kho=on kunit.enable=1
. /kho/lib.sh

# suite:minimum number of cases (a parameterized case counts once)
SUITES="kexec_handover_radix:8 kexec_handover_scratch:2 kexec_handover_api:8
	kexec_handover_mem:10 kstate:12"
# Minimum number of results, parameters one by one (8 + 24 + 1 + 8 + 10 for
# KHO, 11 + 26 for kstate).
MIN_RESULTS=88

# The kernel log without the printk time stamps.
dmesg -s 1000000 | sed 's/^\[ *[0-9]*\.[0-9]*\] //' > /run/kunit.log

check_suites() {
	local s name min line pass fail skip total
	for s in $SUITES; do
		name=${s%:*}
		min=${s#*:}
		line=$(grep -m1 "^# $name: pass:" /run/kunit.log)
		if [ -z "$line" ]; then
			not_ok "KUnit suite $name ran (no summary line)"
			continue
		fi
		echo "# $line"
		pass=$(echo "$line" | sed -n 's/.* pass:\([0-9]*\).*/\1/p')
		fail=$(echo "$line" | sed -n 's/.* fail:\([0-9]*\).*/\1/p')
		skip=$(echo "$line" | sed -n 's/.* skip:\([0-9]*\).*/\1/p')
		total=$(echo "$line" | sed -n 's/.* total:\([0-9]*\).*/\1/p')
		expect_eq "$name: no failures" "$fail" 0
		expect_eq "$name: nothing skipped" "$skip" 0
		check "$name: $pass of $total passed, at least $min" \
			test "$pass" = "$total" -a "$pass" -ge "$min"
		grep -q "^ok [0-9]* $name\$" /run/kunit.log ||
			not_ok "$name: top-level result line is not ok"
	done
	# Any failed case, parameter or suite, at any indentation.
	if grep -q '^ *not ok ' /run/kunit.log; then
		grep '^ *not ok \|EXPECTATION FAILED\|ASSERTION FAILED' /run/kunit.log |
			head -n 20 | sed 's/^/#   /'
		not_ok "no KUnit case failed"
	else
		ok "no KUnit case failed"
	fi
	# One "# Totals:" line per suite, with every parameter counted.
	expect_eq "KUnit Totals lines with failures" \
		"$(grep '^# Totals: ' /run/kunit.log | grep -cv ' fail:0 ')" 0
	results=$(sed -n 's/^# Totals: pass:\([0-9]*\) .*/\1/p' /run/kunit.log |
		  awk '{ n += $1 } END { print n + 0 }')
	check "$results KUnit results passed, at least $MIN_RESULTS" \
		test "$results" -ge $MIN_RESULTS
}

case "$STAGE" in
1)
	check_suites
	check "API suite saw a cold boot" \
		grep -q '# kho_test_retrieve: cold boot' /run/kunit.log
	expect_eq "KUnit left KHO unfinalized" "$(cat $KHO_DBG/out/finalize)" 0
	expect_eq "finalize" "$(write_result $KHO_DBG/out/finalize 1)" ok
	check "kexec -s -l" load_next
	kexec_next
	;;
2)
	check_suites
	expect_eq "in/kexec_count" "$(cat $KHO_DBG/in/kexec_count)" 1
	check "API suite saw the KHO boot (kexec count 1)" \
		grep -q '# kho_test_retrieve: KHO boot: kexec count 1$' /run/kunit.log
	finish
	;;
esac
