#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# arm64: the KHO handover travels in /chosen of the DT the kexec_file loader
# builds: linux,kho-fdt (the root FDT page) and linux,kho-scratch (the array
# of scratch areas), one address/size pair each in the root's cell sizes.
#   1  cold boot: no KHO properties; finalize; kexec -s
#   2  KHO boot: both properties, pointing at the bytes of in/fdt and at the
#      scratch areas of boot 1; finalize again; kexec -s
#   3  chained KHO boot: exactly one pair each (the stale ones of boot 2
#      were replaced), a new root FDT; then a legacy kexec_load with a DT
#      whose linux,kho-fdt is malformed
#   4  the malformed property is reported and ignored; the boot goes on
#      without a handover; legacy kexec_load with only linux,kho-scratch
#   5  the lone property is reported and ignored
# Command line: kho=on. Skips on other architectures.
. /kho/lib.sh

FDT=/sys/firmware/fdt
IN=$KHO_DBG/in
OUT=$KHO_DBG/out

if [ "$(cat /etc/kho-arch)" != arm64 ]; then
	ok "# SKIP not arm64"
	finish
fi

# logged TEXT: whether the kernel log holds TEXT.
logged() {
	dmesg -s 1000000 | grep -qF "$1"
}

# cells PROP: the u32 cells of a /chosen property, in hex.
cells() {
	fdtget -t x $FDT /chosen "$1" 2>/dev/null
}

# chosen_pair PROP: "ADDR SIZE" of a /chosen address/size pair in the cell
# sizes of the root node; fails unless the property is exactly one pair.
chosen_pair() {
	local ac sc addr=0 size=0 c

	ac=$(fdtget -t u $FDT / '#address-cells') || return 1
	sc=$(fdtget -t u $FDT / '#size-cells') || return 1
	set -- $(cells "$1")
	[ $# -gt 0 ] && [ $# = $((ac + sc)) ] || return 1
	for c in $(seq "$ac"); do
		addr=$(((addr << 32) | 0x$1))
		shift
	done
	for c in $(seq "$sc"); do
		size=$(((size << 32) | 0x$1))
		shift
	done
	printf '0x%x 0x%x\n' "$addr" "$size"
}

# mem_bytes PHYS LEN: LEN bytes of physical memory at PHYS (any alignment).
mem_bytes() {
	local off=$(($1 % 4096))

	dd if=/dev/mem bs=4096 skip=$(($1 / 4096)) \
		count=$(((off + $2 + 4095) / 4096)) 2>/dev/null |
		tail -c +$((off + 1)) | head -c $(($2))
}

# is_pair PROP: whether a /chosen property is one address/size pair.
is_pair() {
	chosen_pair "$1" > /dev/null
}

# scratch_list: "ADDR SIZE" lines of this kernel's scratch areas (debugfs).
scratch_list() {
	awk 'NR == FNR { a[FNR] = $1; next } { print a[FNR], $1 }' \
		$OUT/scratch_phys $OUT/scratch_len
}

# scratch_array PHYS LEN: decode an array of struct kho_scratch (two
# native-endian u64 per area) into "ADDR SIZE" lines.
scratch_array() {
	mem_bytes "$1" "$2" | od -A n -t x8 -v | tr -s ' ' '\n' | grep . |
		while read -r a && read -r s; do
			printf '0x%x 0x%x\n' "0x$a" "0x$s"
		done
}

# in_scratch PHYS: whether PHYS lies inside one of this kernel's scratch areas.
in_scratch() {
	local a s

	scratch_list > /run/scratch.list
	while read -r a s; do
		[ $(($1)) -ge $((a)) ] && [ $(($1)) -lt $((a + s)) ] && return 0
	done < /run/scratch.list
	return 1
}

# accepted_fdt: root FDT address from the "handover accepted" message.
accepted_fdt() {
	local a

	a=$(dmesg -s 1000000 |
	    sed -n 's/.*KHO: handover accepted: root FDT at \(0x[0-9a-f]*\).*/\1/p')
	[ -n "$a" ] && printf '0x%x\n' "$a"
}

# check_handover N: the /chosen properties of a KHO boot (kexec number N).
check_handover() {
	local count=$1 fdt fsize sc ssize n kernel

	dtc -q -I dtb -O dts $FDT > /run/boot.dts
	echo "# /chosen KHO properties of this boot:"
	grep 'linux,kho-' /run/boot.dts | sed 's/^/#  /'
	check "linux,kho-fdt is one address/size pair" is_pair linux,kho-fdt
	check "linux,kho-scratch is one address/size pair" \
		is_pair linux,kho-scratch
	set -- $(chosen_pair linux,kho-fdt) $(chosen_pair linux,kho-scratch)
	fdt=$1 fsize=$2 sc=$3 ssize=$4
	echo "$fdt" > $STATE/fdt.$STAGE

	expect_eq "linux,kho-fdt size is one page" "$fsize" 0x1000
	check "linux,kho-fdt address page aligned ($fdt)" \
		test $((fdt % 4096)) = 0
	expect_eq "the kernel took over the FDT at linux,kho-fdt" \
		"$(accepted_fdt)" "$fdt"
	# The root FDT in memory is what this kernel got and what the previous
	# one finalized.
	mem_bytes "$fdt" "$(wc -c < $IN/fdt)" > /run/fdt.mem
	check "bytes at linux,kho-fdt are in/fdt" cmp -s /run/fdt.mem $IN/fdt
	expect_eq "in/fdt is the previous kernel's out/fdt" \
		"$(md5sum < $IN/fdt | cut -d' ' -f1)" "$(cat $STATE/out-fdt.md5)"
	expect_eq "in/kexec_count" "$(cat $IN/kexec_count)" "$count"

	# The scratch array: the previous kernel's scratch areas, in order.
	n=$(wc -l < $STATE/scratch.prev)
	expect_eq "linux,kho-scratch size ($n areas)" "$ssize" \
		"$(printf '0x%x' $((n * 16)))"
	scratch_array "$sc" "$ssize" > /run/scratch.chosen
	echo "# scratch areas at linux,kho-scratch:"
	sed 's/^/#  /' /run/scratch.chosen
	check "linux,kho-scratch holds the previous kernel's scratch areas" \
		cmp -s /run/scratch.chosen $STATE/scratch.prev
	scratch_list > /run/scratch.now
	check "this kernel inherited the same scratch areas" \
		cmp -s /run/scratch.now $STATE/scratch.prev
	check "the scratch array lies inside scratch ($sc)" in_scratch "$sc"
	kernel=0x$(sed -n 's/^ *\([0-9a-f]*\)-.* : Kernel code$/\1/p' /proc/iomem)
	check "the kernel image lies inside scratch ($kernel)" in_scratch "$kernel"
}

# finalize_and_load: finalize, remember what goes to the next kernel, load it.
finalize_and_load() {
	expect_eq "finalize" "$(write_result $OUT/finalize 1)" ok
	md5sum < $OUT/fdt | cut -d' ' -f1 > $STATE/out-fdt.md5
	scratch_list > $STATE/scratch.prev
	check "kexec -s -l" load_next
}

case "$STAGE" in
1)
	check "/sys/firmware/fdt decompiles" sh -c "dtc -q -I dtb -O dts $FDT > /run/boot.dts"
	check "cold boot: no linux,kho-fdt" sh -c "! grep -q 'linux,kho-' /run/boot.dts"
	check "cold boot: no incoming handover" test ! -e $IN
	finalize_and_load
	kexec_next
	;;
2)
	check_handover 1
	finalize_and_load
	kexec_next
	;;
3)
	check_handover 2
	check "a new root FDT: not the stale one of boot 2" \
		test "$(cat $STATE/fdt.3)" != "$(cat $STATE/fdt.2)"

	# Legacy kexec_load with a DT of our own: linux,kho-fdt has three
	# cells instead of four, linux,kho-scratch stays valid.
	cp $FDT /run/bad.dtb
	fdt=$(cat $STATE/fdt.3)
	fdtput -t x /run/bad.dtb /chosen linux,kho-fdt 0 "${fdt#0x}" 1000
	expect_eq "crafted DT has a 3-cell linux,kho-fdt" \
		"$(fdtget -t x /run/bad.dtb /chosen linux,kho-fdt | wc -w)" 3
	make_initrd
	check "kexec -l (kexec_load) with the crafted DT" \
		kexec -l /boot/kernel --initrd=/run/initrd.cpio \
		--dtb=/run/bad.dtb --append="$(cmdline_for_stage 4)"
	kexec_next
	;;
4)
	expect_eq "the malformed property reached this kernel" \
		"$(cells linux,kho-fdt | wc -w)" 3
	check "malformed linux,kho-fdt reported" logged \
		"KHO handover: /chosen/linux,kho-fdt is 12 bytes, want 16"
	check "handover ignored" logged \
		"KHO handover: malformed /chosen properties; ignoring the handover"
	check "no handover accepted" sh -c \
		"! dmesg -s 1000000 | grep -q 'KHO: handover accepted'"
	check "no incoming handover" test ! -e $IN
	check "KHO usable for the next kexec" test -e $OUT/finalize

	# Legacy kexec_load with linux,kho-scratch alone.
	cp $FDT /run/lone.dtb
	fdtput -d /run/lone.dtb /chosen linux,kho-fdt
	check "crafted DT has only linux,kho-scratch" sh -c \
		"! fdtget /run/lone.dtb /chosen linux,kho-fdt 2>/dev/null &&
		 fdtget /run/lone.dtb /chosen linux,kho-scratch > /dev/null"
	make_initrd
	check "kexec -l (kexec_load) with the crafted DT" \
		kexec -l /boot/kernel --initrd=/run/initrd.cpio \
		--dtb=/run/lone.dtb --append="$(cmdline_for_stage 5)"
	kexec_next
	;;
5)
	check "linux,kho-scratch alone reached this kernel" sh -c \
		"! fdtget $FDT /chosen linux,kho-fdt 2>/dev/null &&
		 fdtget $FDT /chosen linux,kho-scratch > /dev/null"
	check "lone linux,kho-scratch reported" logged \
		"KHO handover: /chosen has linux,kho-scratch but not linux,kho-fdt"
	check "no handover accepted" sh -c \
		"! dmesg -s 1000000 | grep -q 'KHO: handover accepted'"
	check "no incoming handover" test ! -e $IN
	finish
	;;
esac
