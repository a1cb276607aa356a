#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# KHO under memory pressure: before finalize, fill most of RAM with shmem
# (a tmpfs file) and anonymous memory (a dd whose buffer stays alive), so
# the scratch areas, which the page allocator hands out as CMA to movable
# allocations, are mostly in use when the next kernel is loaded into them.
# The next kernel must still boot inside scratch, and the test_kho data and
# a reserve_mem pattern must arrive intact. There the memory is filled
# again and test_kho checks its data once more: memory that the new kernel
# failed to keep reserved would now be someone else's and be overwritten.
# Command line: kho=on test_kho.enable=1 test_kho.max_mem=64M
#               reserve_mem=1M:4K:khopress
. /kho/lib.sh

OUT=$KHO_DBG/out
IN=$KHO_DBG/in
NAME=khopress
SIZE=1048576

dmesg -s 1000000 | sed 's/^\[ *[0-9]*\.[0-9]*\] //' > /run/dmesg.txt

meminfo() {
	sed -n "s/^$1: *\([0-9]*\) kB/\1/p" /proc/meminfo
}

show_meminfo() {
	echo "# $1: MemTotal $(meminfo MemTotal) kB, MemFree $(meminfo MemFree) kB," \
	     "Shmem $(meminfo Shmem) kB, AnonPages $(meminfo AnonPages) kB," \
	     "CmaTotal $(meminfo CmaTotal) kB, CmaFree $(meminfo CmaFree) kB"
}

# Leave this much memory for packing the initrd (about 8 MiB, in /run) and
# for kexec -s -l (kernel and initrd copies).
SPARE_KB=$((96 * 1024))

# fill_memory: fill all but SPARE_KB of the available memory, 2/5 with a
# tmpfs file of zeroes (tmpfs allocates a page for each), 3/5 with
# anonymous memory held by a dd: dd reads its whole block into its buffer
# before it writes to the FIFO, the first byte out proves the buffer is
# filled, and with nobody reading further dd stays blocked, holding it.
fill_memory() {
	local avail fill shm_kb anon_kb reserve
	avail=$(meminfo MemAvailable)
	fill=$((avail - SPARE_KB))
	# Free memory that MemAvailable leaves out (watermarks, reserves): it
	# grows with the size of the VM and stays free.
	reserve=$(($(meminfo MemFree) - avail))
	[ $reserve -gt 0 ] || reserve=0
	check "enough memory to fill ($fill kB)" test $fill -gt $((64 * 1024))
	shm_kb=$((fill * 2 / 5))
	anon_kb=$((fill - shm_kb))

	mkdir -p /fill
	mount -t tmpfs -o size=$((shm_kb + 1024))k tmpfs /fill
	dd if=/dev/zero of=/fill/shm bs=1M count=$((shm_kb / 1024)) 2>/dev/null
	expect_eq "tmpfs file size" "$(stat -c %s /fill/shm)" \
		$((shm_kb / 1024 * 1048576))

	# One read() returns at most 2 GiB - 4 KiB, so in a bigger VM one dd
	# would fill only that much: hogs of 1 GiB at most, held on fds 3-9.
	local left=$((anon_kb / 1024)) got=0 n=0 mb
	while [ $left -gt 0 ] && [ $n -lt 7 ]; do
		mb=$((left > 1024 ? 1024 : left))
		mkfifo /run/hog$n
		dd if=/dev/zero of=/run/hog$n bs=${mb}M count=1 2>/dev/null &
		eval "exec $((n + 3))</run/hog$n"
		eval "head -c 1 <&$((n + 3))" | wc -c | grep -qx 1 &&
			got=$((got + mb))
		left=$((left - mb)) n=$((n + 1))
	done
	expect_eq "anonymous hogs filled ($n, MiB)" $got $((anon_kb / 1024))
	show_meminfo "after filling"
	check "most of RAM in use (MemFree $(meminfo MemFree) kB)" \
		test "$(meminfo MemFree)" -lt $((SPARE_KB + reserve + 64 * 1024))
}

case "$STAGE" in
1)
	line=$(grep -m1 '^test_kho: generation 1 prepared: ' /run/dmesg.txt)
	check "test_kho prepared generation 1" test -n "$line"
	nr=$(echo "$line" | sed -n 's/.* prepared: \([0-9]*\) folios (\([0-9]*\) KiB.*/\1/p')
	kib=$(echo "$line" | sed -n 's/.* prepared: \([0-9]*\) folios (\([0-9]*\) KiB.*/\2/p')
	echo "$nr $kib" > $STATE/test_kho
	# Free CMA pages now are the scratch areas (CmaTotal only counts CMA
	# areas set up by the CMA allocator itself).
	cma_total=$(meminfo CmaFree)
	scratch_kb=0
	for len in $(cat $OUT/scratch_len); do
		scratch_kb=$((scratch_kb + len / 1024))
	done
	check "scratch ($scratch_kb kB) is free CMA ($cma_total kB)" \
		test "${cma_total:-0}" -gt $((scratch_kb * 3 / 4)) -a \
		     "$cma_total" -le "$scratch_kb"
	show_meminfo "before filling"

	fill_memory
	cma_free=$(meminfo CmaFree)
	check "most of scratch in use (CmaFree $cma_free of $cma_total kB)" \
		test "$cma_free" -lt $((cma_total / 2))

	expect_eq "finalize under pressure" "$(write_result $OUT/finalize 1)" ok
	start=$(fdt_u64 $OUT/sub_fdts/memblock /$NAME start)
	check "$NAME start page aligned ($start)" test $((start % 4096)) = 0
	fill_pattern $NAME $start $SIZE
	cp $OUT/scratch_phys $STATE/scratch_phys
	echo "$scratch_kb" > $STATE/scratch_kb

	# Packs the initrd (with $STATE) into /run and loads the next kernel
	# into scratch, all under pressure.
	check "kexec -s -l under memory pressure" load_next
	show_meminfo "after kexec -s -l"
	kexec_next
	;;
2)
	read -r nr kib < $STATE/test_kho
	line=$(test_kho_verdict)
	echo "# $line"
	expect_eq "test_kho verdict" "$line" \
		"test_kho: PASS restored $nr folios ($kib KiB) + range (37 pages), generation 1"
	line=$(test_kho_vmalloc_verdict)
	echo "# $line"
	check "test_kho vmalloc verdict: PASS" \
		sh -c "echo '$line' | grep -q '^test_kho: PASS vmalloc: .*, generation 1\$'"
	expect_eq "in/kexec_count" "$(cat $IN/kexec_count)" 1
	start=$(cat $STATE/start)
	expect_eq "incoming memblock start of $NAME" \
		"$(fdt_u64 $IN/sub_fdts/memblock /$NAME start)" "$start"
	expect_eq "same bytes at $start" "$(mem_sum $start $SIZE)" \
		"$(md5sum < $STATE/pattern | cut -d' ' -f1)"
	# The inherited scratch areas are CMA again, ready for the next kexec.
	cma_free=$(meminfo CmaFree)
	check "inherited scratch is free CMA ($cma_free kB)" \
		test "${cma_free:-0}" -gt $(($(cat $STATE/scratch_kb) * 3 / 4))
	fill_memory
	check "test_kho data unchanged under pressure (verify)" \
		sh -c 'echo 1 > /sys/module/test_kho/parameters/verify'
	check "test_kho VERIFY PASS" sh -c \
		"dmesg -s 1000000 | grep -q 'test_kho: VERIFY PASS generation 2: '"
	expect_eq "same bytes at $start under pressure" "$(mem_sum $start $SIZE)" \
		"$(md5sum < $STATE/pattern | cut -d' ' -f1)"
	expect_eq "same scratch areas" "$(tr "\n" " " < $OUT/scratch_phys)" \
		"$(tr "\n" " " < $STATE/scratch_phys)"
	finish
	;;
esac
