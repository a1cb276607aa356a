#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The guest side of "make demo": a kexec with Kexec HandOver (KHO) from
# kernel A into kernel B, told in plain words. In the guest it is
# /kho/demo.sh (kho_test=demo), beside the VM tests' /kho/lib.sh. "DEMO: "
# lines are the story, "DEMO| " lines show command output verbatim;
# scripts/demo.sh on the host shows those and the interesting kernel
# messages. The demo also checks what it claims (same bytes at the same
# address, the kexec count), so it fails loudly instead of telling a wrong
# story.
# Command line: kho=on reserve_mem=64K:4K:demo_mem
. /kho/lib.sh

OUT=$KHO_DBG/out
IN=$KHO_DBG/in
NAME=demo_mem
SIZE=65536

say() { echo "DEMO: $*"; }
# show CMD...: print the command and its output; its exit status in $RC.
show() {
	echo "DEMO| \$ $*"
	RC=0
	"$@" > /run/show.out 2>&1 || RC=$?
	sed 's/^/DEMO|   /' /run/show.out
}
blank() { echo "DEMO:"; }

# put VALUE FILE: echo VALUE > FILE, shown as a command; exit status in $RC.
put() {
	echo "DEMO| \$ echo $1 > $2"
	RC=0
	(echo "$1" > "$2") 2> /run/show.out || RC=$?
	sed 's/^/DEMO|   /' /run/show.out
}

# Every scratch area as "address + size".
scratch_list() {
	paste $OUT/scratch_phys $OUT/scratch_len | while read -r a l; do
		printf '%s + %s (%d MiB)\n' "$a" "$l" $((l >> 20))
	done
}

# The pattern: 1024 lines of 64 bytes that say who wrote them.
make_pattern() {
	awk -v who="$1" 'BEGIN {
		for (i = 0; i < 1024; i++)
			printf "%-63.63s\n", sprintf("KHO demo: line %04d, written by %s", i, who)
	}'
}

# region_lines START: the first two and the last line of the region.
region_lines() {
	dd if=/dev/mem bs=4096 skip=$(($1 / 4096)) count=$((SIZE / 4096)) 2>/dev/null |
		sed -n '1,2p;$p' | sed 's/ *$//'
}

case "$STAGE" in
1)
	say "This is kernel A ($(uname -r), $(cat /etc/kho-arch)), booted from firmware with:"
	say "  kho=on                      enable Kexec HandOver"
	say "  reserve_mem=64K:4K:$NAME  set aside 64 KiB of RAM named '$NAME'"
	blank
	say "At boot KHO set aside scratch memory: the only memory the next kernel"
	say "may use before it knows what we preserved. Here it is (out/scratch_phys,"
	say "out/scratch_len):"
	scratch_list | sed 's/^/DEMO|   /'
	blank
	say "Nothing is handed over yet: out/finalize reads $(cat $OUT/finalize)."
	say "Finalizing asks every KHO user to describe what it keeps; the"
	say "description becomes a flattened device tree (FDT). First a dry run,"
	say "to learn where reserve_mem put '$NAME':"
	put 1 $OUT/finalize
	expect_eq "finalize (dry run)" "$RC" 0
	show dtc -q -I dtb -O dts $OUT/sub_fdts/memblock
	start=$(fdt_u64 $OUT/sub_fdts/memblock /$NAME start)
	check "memblock sub-FDT has $NAME at $start" test "$start" != bad
	cells=$(for c in $(fdtget -t x $OUT/sub_fdts/memblock /$NAME start); do
		printf '0x%02x ' 0x$c; done)
	cells=${cells% }
	say "'$NAME' starts at physical address $start. KHO stores 64-bit values"
	say "in the CPU's byte order; dtc reads them as two big-endian 32-bit cells,"
	say "so <$cells> above means $start."
	say "Until kexec we may change our mind: writing 0 aborts the finalize."
	put 0 $OUT/finalize
	expect_eq "abort" "$RC" 0
	say "out/finalize reads $(cat $OUT/finalize) again, out/fdt is gone: $(ls $OUT | tr '\n' ' ')"
	blank

	say "Now fill '$NAME' with a pattern anyone can recognise, through /dev/mem:"
	make_pattern "kernel A before kexec" > $STATE/pattern
	check "pattern is exactly $SIZE bytes" test "$(wc -c < $STATE/pattern)" = $SIZE
	mem_write "$start" $STATE/pattern
	region_lines "$start" | sed 's/^/DEMO|   /'
	sum=$(mem_sum "$start" $SIZE)
	expect_eq "pattern written to $NAME" "$sum" \
		"$(md5sum < $STATE/pattern | cut -d' ' -f1)"
	say "md5 of the 64 KiB at $start: $sum"
	echo "$start" > $STATE/start
	echo "$sum" > $STATE/sum
	blank

	say "Finalize for real. The root FDT (out/fdt) lists the preserved-memory"
	say "map and one node per subtree; each subtree is a blob of its own user:"
	put 1 $OUT/finalize
	expect_eq "finalize" "$RC" 0
	show dtc -q -I dtb -O dts $OUT/fdt
	map=$(fdt_u64 $OUT/fdt / preserved-memory-map)
	say "In plain words: the map of preserved pages is a radix tree whose root"
	say "page is at $map; the 'memblock' subtree is the FDT shown above (the"
	say "reserve_mem regions) and 'kexec-metadata' says which kernel handed over."
	blank
	say "kho-inspect checks the whole handover with the kernel's own parser and"
	say "walks the map in physical memory (/dev/mem):"
	show kho-inspect --mem /dev/mem $OUT
	expect_eq "kho-inspect on out/ (exit status)" "$RC" 0
	check "kho-inspect: no problem in the outgoing handover" \
		grep -qx 'no problems found' /run/show.out
	blank

	say "Load kernel B with kexec_file_load (kexec -s is what passes the"
	say "handover; plain kexec -l would boot without it):"
	make_initrd
	cmd="$(cmdline_for_stage 2)"
	echo "DEMO| \$ kexec -s -l /boot/kernel --initrd=/run/initrd.cpio --append=\"$cmd\""
	RC=0
	kexec -s -l /boot/kernel --initrd=/run/initrd.cpio --append="$cmd" || RC=$?
	expect_eq "kexec -s -l (exit status)" "$RC" 0
	say "Jump: kexec -e starts kernel B right away, no firmware, no reboot."
	say "The memory is not copied anywhere: kernel B finds it where it is."
	kexec_next
	;;
2)
	start=$(cat $STATE/start)
	say "This is kernel B ($(uname -r)). Its KHO messages above say it accepted"
	say "the handover, kept the preserved pages and gave reserve_mem the same"
	say "'$NAME' region again before anything else could allocate it."
	blank
	say "What kernel B received is in $IN:"
	show ls -C $IN $IN/sub_fdts
	say "  previous_release: $(cat $IN/previous_release)   kexec_count: $(cat $IN/kexec_count)"
	expect_eq "in/kexec_count" "$(cat $IN/kexec_count)" 1
	expect_eq "in/previous_release" "$(cat $IN/previous_release)" "$(uname -r)"
	new=$(fdt_u64 $IN/sub_fdts/memblock /$NAME start)
	say "The memblock subtree kernel B received still says '$NAME' is at $new,"
	say "and reserve_mem=64K:4K:$NAME on this command line got that very range."
	expect_eq "$NAME handed over at the same address" "$new" "$start"
	blank
	say "The bytes at $start, read in kernel B:"
	region_lines "$start" | sed 's/^/DEMO|   /'
	sum=$(mem_sum "$start" $SIZE)
	say "md5 now: $sum; in kernel A: $(cat $STATE/sum)"
	expect_eq "same bytes at $start" "$sum" "$(cat $STATE/sum)"
	blank
	say "kho-inspect on the incoming handover (in/):"
	show kho-inspect --mem /dev/mem $IN
	expect_eq "kho-inspect on in/ (exit status)" "$RC" 0
	check "kho-inspect: no problem in the incoming handover" \
		grep -qx 'no problems found' /run/show.out
	blank
	say "Kernel B could finalize and kexec again: KHO stays on after a KHO boot"
	say "(out/finalize reads $(cat $OUT/finalize))."
	finish
	;;
esac
