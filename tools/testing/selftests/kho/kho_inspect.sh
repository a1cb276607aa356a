#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kho-inspect inside the guest: validate the outgoing handover after
# finalize (kernel A) and the incoming one (kernel B), walking the
# preserved-memory map in physical memory through /dev/mem. Its summary
# must agree with what the kernel says elsewhere: the map root in out/fdt,
# the reserve_mem region in the memblock sub-FDT, the root FDT address in
# dmesg, the kexec count. A damaged copy of the root FDT must be refused.
# Command line: kho=on reserve_mem=16K:4K:khotest
. /kho/lib.sh

OUT=$KHO_DBG/out
IN=$KHO_DBG/in
NAME=khotest
SIZE=16384

# inspect DIR [options]: run kho-inspect on DIR, output in /run/inspect.txt
# (echoed as "# " lines), exit status in $RC.
inspect() {
	local dir=$1
	shift
	RC=0
	kho-inspect --mem /dev/mem "$@" "$dir" > /run/inspect.txt 2>&1 || RC=$?
	sed 's/^/#   /' /run/inspect.txt
}

# field PATTERN N: field N of the first line of the summary matching PATTERN.
field() {
	awk -v pat="$1" -v n="$2" '$0 ~ pat { print $n; exit }' /run/inspect.txt
}

# The checks that hold for both the outgoing and the incoming handover.
# check_summary MAP_ROOT START RELEASE COUNT
check_summary() {
	expect_eq "kho-inspect exit status" "$RC" 0
	check "kho-inspect found no problem" \
		grep -qx 'no problems found' /run/inspect.txt
	check "kho-inspect printed no PROBLEM/WARNING line" \
		sh -c '! grep -q "^PROBLEM\|^WARNING" /run/inspect.txt'
	expect_eq "map root in the summary" \
		"$(field '^compatible "kho-v4"' 4)" "$1"
	nodes=$(field '^preserved-memory map: root' 5)
	check "map walked from /dev/mem: $nodes node pages" \
		test "${nodes:-0}" -ge 6
	blocks=$(field '^preserved blocks:' 3 | tr -d ,)
	check "preserved blocks counted: $blocks" test "${blocks:-0}" -gt 0
	expect_eq "reserve_mem $NAME start in the summary" \
		"$(field "^ +reserve_mem +$NAME " 4)" "$2"
	expect_eq "reserve_mem $NAME size in the summary" \
		"$(field "^ +reserve_mem +$NAME " 6)" "$(printf '%#x' $SIZE)"
	check "memblock sub-FDT read by kho-inspect" \
		grep -q '^    memblock FDT, read from file' /run/inspect.txt
	expect_eq "kexec metadata in the summary" \
		"$(sed -n 's/^    version \([0-9]*\), previous release "\(.*\)", kexec count \([0-9]*\)$/\1 \2 \3/p' /run/inspect.txt)" \
		"1 $3 $4"
}

case "$STAGE" in
1)
	check "kho-inspect is in the guest" command -v kho-inspect
	check "debugfs kho/out exists" test -d "$OUT"
	expect_eq "finalize" "$(write_result $OUT/finalize 1)" ok
	fdt_phys=$(dmesg -s 1000000 | sed -n 's/.*KHO: finalized.* root FDT at \(0x[0-9a-f]*\) .*/\1/p' |
		   tail -n 1)
	check "root FDT address in dmesg ($fdt_phys)" test -n "$fdt_phys"
	map=$(fdt_u64 $OUT/fdt / preserved-memory-map)
	start=$(fdt_u64 $OUT/sub_fdts/memblock /$NAME start)
	check "memblock sub-FDT has $NAME at $start" test "$start" != bad

	inspect $OUT --fdt-phys "$fdt_phys"
	check_summary "$map" "$start" "$(uname -r)" 1

	# The subtree blobs again, this time from physical memory at the
	# address the root FDT gives rather than from debugfs.
	inspect $OUT/fdt
	expect_eq "kho-inspect exit status (blobs from memory)" "$RC" 0
	check "memblock sub-FDT found in memory" \
		grep -q '^    memblock FDT, read from memory' /run/inspect.txt
	expect_eq "reserve_mem $NAME start (blobs from memory)" \
		"$(field "^ +reserve_mem +$NAME " 4)" "$start"

	# The tool must be able to fail: a root FDT with another compatible,
	# and a RAM layout that leaves out the preserved region.
	cp $OUT/fdt /run/bad.fdt
	fdtput -t s /run/bad.fdt / compatible kho-v3
	inspect /run/bad.fdt
	expect_eq "kho-inspect refuses compatible kho-v3 (exit status)" "$RC" 1
	check "kho-inspect names the wrong compatible" \
		grep -q '^PROBLEM: .*root FDT: not compatible with "kho-v4"' /run/inspect.txt
	inspect $OUT --ram 0x0-$start
	expect_eq "kho-inspect with $NAME outside RAM (exit status)" "$RC" 1
	check "kho-inspect reports a problem outside RAM" \
		grep -q '^PROBLEM: ' /run/inspect.txt

	# Remember what kernel A handed over.
	echo "$start" > $STATE/start
	echo "$map" > $STATE/map
	md5sum < $OUT/fdt | cut -d' ' -f1 > $STATE/fdt.md5
	md5sum < $OUT/sub_fdts/memblock | cut -d' ' -f1 > $STATE/memblock.md5
	check "kexec -s -l" load_next
	kexec_next
	;;
2)
	start=$(cat $STATE/start)
	map=$(cat $STATE/map)
	check "debugfs kho/in exists" test -d "$IN"
	expect_eq "in/fdt is the root FDT kernel A wrote" \
		"$(md5sum < $IN/fdt | cut -d' ' -f1)" "$(cat $STATE/fdt.md5)"
	expect_eq "in/sub_fdts/memblock is kernel A's" \
		"$(md5sum < $IN/sub_fdts/memblock | cut -d' ' -f1)" \
		"$(cat $STATE/memblock.md5)"
	fdt_phys=$(dmesg -s 1000000 | sed -n 's/.*KHO: handover accepted: root FDT at \(0x[0-9a-f]*\),.*/\1/p')
	check "handover accepted in dmesg ($fdt_phys)" test -n "$fdt_phys"

	inspect $IN --fdt-phys "$fdt_phys"
	check_summary "$map" "$start" "$(uname -r)" "$(cat $IN/kexec_count)"
	expect_eq "in/kexec_count" "$(cat $IN/kexec_count)" 1
	finish
	;;
esac
