#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# x86_64 placement on a chain of KHO kexecs: the kernel (wherever KASLR or
# nokaslr put it), the initrd and the setup_data of a KHO boot all lie inside
# the scratch areas, which stay the same over the chain; the real-mode
# trampoline still gets its sub-1M memory; preserved bytes survive.
# Stage 3 boots with nokaslr. Command line: kho=on reserve_mem=64K:4K:khotest
. /kho/lib.sh

OUT=$KHO_DBG/out
NAME=khotest
SIZE=65536

paste $OUT/scratch_phys $OUT/scratch_len > /run/scratch
echo "# scratch areas:"; sed 's/^/#   /' /run/scratch

# in_scratch START END: [START, END] (inclusive) lies inside one scratch area.
in_scratch() {
	s=$(($1)); e=$(($2))
	while read -r a l; do
		[ $((a)) -le $s ] && [ $e -lt $((a + l)) ] && return 0
	done < /run/scratch
	return 1
}

# iomem_range NAME: "0xSTART 0xEND" of a /proc/iomem entry.
iomem_range() {
	grep -m1 ": $1\$" /proc/iomem | sed 's/^ *\([0-9a-f]*\)-\([0-9a-f]*\) .*/0x\1 0x\2/'
}

log() {
	dmesg -s 1000000
}

check_placement() {
	set -- $(iomem_range "Kernel code")
	kstart=$1
	set -- $(iomem_range "Kernel bss")
	kend=$2
	check "kernel [$kstart-$kend] inside scratch" in_scratch $kstart $kend

	rd=$(log | sed -n 's/.*RAMDISK: \[mem \(0x[0-9a-f]*\)-\(0x[0-9a-f]*\)\].*/\1 \2/p')
	check "initrd [$rd] inside scratch" in_scratch $rd

	# e820__reserve_setup_data() logs every setup_data entry it reserves.
	n=0
	for r in $(log | sed -n 's/.*e820: update \[mem \(0x[0-9a-f]*\)-\(0x[0-9a-f]*\)\] usable ==> usable.*/\1-\2/p'); do
		check "setup_data [$r] inside scratch" in_scratch ${r%-*} ${r#*-}
		n=$((n + 1))
	done
	check "setup_data entries found ($n)" test $n -gt 0

	check "handover accepted" sh -c "dmesg -s 1000000 | grep -q 'KHO: handover accepted'"
	expect_eq "scratch unchanged since the cold boot" \
		"$(md5sum < /run/scratch | cut -d' ' -f1)" "$(cat $STATE/scratch)"
	expect_eq "$NAME bytes survive" "$(mem_sum $(cat $STATE/start) $SIZE)" \
		"$(md5sum < $STATE/pattern | cut -d' ' -f1)"
}

check "real-mode trampoline allocated below 1M" sh -c \
	"! dmesg -s 1000000 | grep -q 'No sub-1M memory is available for the trampoline'"

case "$STAGE" in
1)
	md5sum < /run/scratch | cut -d' ' -f1 > $STATE/scratch
	expect_eq "finalize" "$(write_result $OUT/finalize 1)" ok
	start=$(fdt_u64 $OUT/sub_fdts/memblock /$NAME start)
	echo "$start" > $STATE/start
	dd if=/dev/urandom of=$STATE/pattern bs=4096 count=$((SIZE / 4096)) 2>/dev/null
	mem_write "$start" $STATE/pattern
	check "kexec -s -l" load_next
	kexec_next
	;;
2)
	check_placement
	expect_eq "finalize" "$(write_result $OUT/finalize 1)" ok
	make_initrd
	check "kexec -s -l with nokaslr" kexec -s -l /boot/kernel \
		--initrd=/run/initrd.cpio \
		--append="$(cmdline_for_stage 3) nokaslr"
	kexec_next
	;;
3)
	check "nokaslr on the command line" grep -qw nokaslr /proc/cmdline
	check_placement
	finish
	;;
esac
