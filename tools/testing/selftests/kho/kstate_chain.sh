#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# KSTATE across a chain of three KHO kexecs (four boots) with
# lib/test_kstate.c. Every boot restores the test_kstate.nr "tk" objects
# (every field kind: int, pointer, char[10], folio, pages, nested struct,
# array of pointers, custom field), which must come back with the CRC32,
# folio and pages addresses the previous boot printed, then fills them
# anew. The "tkv"
# object changes its description from boot to boot, through module
# parameters on the command line of each kexec:
#   boot 1: version 1 writes base and old;
#   boot 2: version 2 reads it: base and old (deprecated after version 1)
#           come back, added (from version 2 on) and the subsection's
#           extra keep their defaults; it writes base, added, tkv_extra;
#   boot 3: version 2 without the subsection: old is not read from
#           version 2, tkv_extra is ignored (N+1 hands over to N);
#   boot 4: min_version 3: refused with one message, the tk objects are
#           restored all the same.
# Checked from here as well: the kstate sub-FDT decompiles, has the
# compatible, the nodes and the property sizes of the wire format, and the
# folio property matches the address the module printed. Stage 1 prints
# the bytes per object on the wire against a packed stream.
# Command line: kho=on test_kstate.enable=1 test_kstate.version=1
. /kho/lib.sh

OUT=$KHO_DBG/out
IN=$KHO_DBG/in
LAST=4
NR=3

dmesg -s 1000000 | sed 's/^\[ *[0-9]*\.[0-9]*\] //' > /run/dmesg.txt

# ids: the instance numbers of the tk objects.
ids() {
	local i=0
	while [ $i -lt $NR ]; do
		echo $i
		i=$((i + 1))
	done
}

# params_for STAGE: the test_kstate parameters of that boot.
params_for() {
	case $1 in
	1) echo "test_kstate.version=1" ;;
	2) echo "test_kstate.version=2" ;;
	3) echo "test_kstate.version=2 test_kstate.subsection=0" ;;
	*) echo "test_kstate.version=3 test_kstate.min_version=3" ;;
	esac
}

# load_stage: kexec_file_load the next boot, with its test_kstate parameters.
load_stage() {
	local args
	args=$(cmdline_for_stage $((STAGE + 1)) |
	       sed -E 's/ test_kstate\.(version|min_version|subsection)=[^ ]*//g')
	make_initrd
	kexec -s -l /boot/kernel --initrd=/run/initrd.cpio \
		--append="$args $(params_for $((STAGE + 1)))"
}

# fdt_u32 FILE NODE PROP: a native-endian u32 property, in decimal.
fdt_u32() {
	local b v=0 i=0
	for b in $(fdtget -t bx "$1" "$2" "$3" 2>/dev/null); do
		v=$((v | (0x$b << (8 * i))))
		i=$((i + 1))
	done
	[ "$i" = 4 ] || { echo "bad"; return 1; }
	echo "$v"
}

# fdt_phys FILE NODE PROP: the phys (first u64) of a kstate_mem_ser property.
fdt_phys() {
	local b v=0 i=0
	for b in $(fdtget -t bx "$1" "$2" "$3" 2>/dev/null); do
		[ $i -lt 8 ] && v=$((v | (0x$b << (8 * i))))
		i=$((i + 1))
	done
	[ "$i" = 16 ] || { echo "bad"; return 1; }
	printf '0x%x\n' "$v"
}

# prop_len FILE NODE PROP: length of a property in bytes.
prop_len() {
	fdtget -t bx "$1" "$2" "$3" 2>/dev/null | wc -w
}

# fdt_hdr FILE OFFSET: a big-endian u32 of the FDT header.
fdt_hdr() {
	od -An -tu1 -j "$2" -N 4 "$1" |
		awk '{ print (($1 * 256 + $2) * 256 + $3) * 256 + $4 }'
}

# node_sizes FILE NODE: "FDT-bytes payload-bytes" of a node and its
# children: the structure block it takes (tokens, name, property headers
# and padding; property names are in the shared strings block) and the
# bytes of its values alone, what a packed stream would carry.
node_sizes() {
	local name=${2##*/} fdt=0 pay=0 p n c
	fdt=$((4 + (${#name} + 1 + 3) / 4 * 4 + 4))
	for p in $(fdtget -p "$1" "$2"); do
		n=$(prop_len "$1" "$2" "$p")
		fdt=$((fdt + 12 + (n + 3) / 4 * 4))
		pay=$((pay + n))
	done
	for c in $(fdtget -l "$1" "$2"); do
		set -- "$1" "$2" $(node_sizes "$1" "${2%/}/$c")
		fdt=$((fdt + $3))
		pay=$((pay + $4))
	done
	echo "$fdt $pay"
}

# The outgoing side: the module's prepare lines, finalize, the sub-FDT.
finalize_and_record() {
	local gen=$STAGE sub=$OUT/sub_fdts/kstate i line tkv
	for i in $(ids); do
		line=$(grep -m1 "^test_kstate: tk@$i prepared: generation $gen, " /run/dmesg.txt)
		check "tk@$i prepared, generation $gen" test -n "$line"
		echo "# $line"
		echo "$line" | sed 's/.* prepared: //' > $STATE/tk.$i
		echo "$line" | sed -n 's/.* folio \(0x[0-9a-f]*\) order.*/\1/p' > $STATE/phys.$i
		echo "$line" | sed -n 's/.* pages \(0x[0-9a-f]*\)$/\1/p' > $STATE/pages.$i
	done
	tkv=$(grep -m1 "^test_kstate: tkv prepared by version " /run/dmesg.txt)
	check "tkv prepared" test -n "$tkv"
	echo "# $tkv"
	echo "$tkv" | sed 's/.*: //' > $STATE/tkv

	expect_eq "finalize" "$(write_result $OUT/finalize 1)" ok
	check "out/sub_fdts/kstate exists" test -f $sub
	check "kstate sub-FDT decompiles" sh -c "dtc -q -I dtb -O dts $sub > /run/kstate.dts"
	check "kstate sub-FDT is kstate-v1" \
		grep -q 'compatible = "kstate-v1"' /run/kstate.dts
	check "kstate node in the root FDT" \
		sh -c "dtc -q -I dtb -O dts $OUT/fdt | grep -q 'kstate {'"
	expect_eq "tk@1 id" "$(fdt_u32 $sub /tk@1 id)" $((0x7e570001))
	expect_eq "tk@1 version" "$(fdt_u32 $sub /tk@1 version)" 1
	expect_eq "tk@1 generation" "$(printf '%d' "$(fdt_u64 $sub /tk@1 generation)")" "$gen"
	expect_eq "tk@1 comm: char[10]" "$(prop_len $sub /tk@1 comm)" 10
	expect_eq "tk@1 ptr: unsigned long" "$(prop_len $sub /tk@1 ptr)" 8
	expect_eq "tk@1 folio: phys, order, flags" "$(prop_len $sub /tk@1 folio)" 16
	expect_eq "tk@1 pages: phys, order, flags" "$(prop_len $sub /tk@1 pages)" 16
	expect_eq "tk@1 stamp: custom, 16 hex digits and a NUL" "$(prop_len $sub /tk@1 stamp)" 17
	expect_eq "tk@1 inner: nested node" "$(fdtget -l $sub /tk@1)" inner
	expect_eq "tk@1 inner.c: u16" "$(prop_len $sub /tk@1/inner c)" 2
	check "tk@1 arr: whole u64s" sh -c \
		"n=\$(fdtget -t bx $sub /tk@1 arr | wc -w); [ \$n -ge 8 ] && [ \$((n % 8)) = 0 ]"
	expect_eq "tk@1 folio address as printed" \
		"$(fdt_phys $sub /tk@1 folio)" "$(cat $STATE/phys.1)"
	expect_eq "tk@1 pages address as printed" \
		"$(fdt_phys $sub /tk@1 pages)" "$(cat $STATE/pages.1)"
	expect_eq "tkv@0 version" "$(fdt_u32 $sub /tkv@0 version)" \
		"$(echo "$tkv" | sed -n 's/.* by version \([0-9]*\):.*/\1/p')"

	kho-inspect --mem /dev/mem $OUT > /run/inspect.txt 2>&1
	expect_eq "kho-inspect on out/ (exit status)" "$?" 0
	check "kho-inspect prints tk@1 field by field" \
		grep -q '^ *comm  *10  \[' /run/inspect.txt
	check "kho-inspect checked the folio of tk@1 ($(cat $STATE/phys.1))" \
		grep -q "folio phys $(cat $STATE/phys.1) order" /run/inspect.txt
	check "kho-inspect checked the pages of tk@1 ($(cat $STATE/pages.1))" \
		grep -q "pages phys $(cat $STATE/pages.1) order 1" /run/inspect.txt
}

# The bytes per object on the wire, against a packed stream.
report_sizes() {
	local sub=$OUT/sub_fdts/kstate total strings structb tk tkv all
	total=$(fdt_hdr $sub 4)
	strings=$(fdt_hdr $sub 32)
	structb=$(fdt_hdr $sub 36)
	tk=$(node_sizes $sub /tk@0)
	tkv=$(node_sizes $sub /tkv@0)
	all=$(node_sizes $sub /)
	echo "# kstate wire: $((NR + 1)) objects in $total bytes (header 40, reserve map 16, structure $structb, strings $strings)"
	echo "# kstate wire: tk@0 (10 fields + nested struct): ${tk% *} bytes in the structure block, ${tk#* } bytes of values (packed stream)"
	echo "# kstate wire: tkv@0 (2 fields): ${tkv% *} bytes in the structure block, ${tkv#* } bytes of values (packed stream)"
	echo "# kstate wire: all objects: ${all% *} bytes in the structure block (+ 4 for FDT_END), ${all#* } bytes of values (packed stream, with the root's compatible)"
	expect_eq "structure block adds up" "$((${all% *} + 4))" "$structb"
	check "kstate FDT is smaller than a page ($total bytes)" test "$total" -lt 4096
	# What dtc shows of one object.
	awk '/tk@0 \{/ { p = 1 } p { print "# dts: " $0 } p && /^\t\};/ { exit }' \
		/run/kstate.dts | head -n 30
	# And what kho-inspect prints of it.
	awk '/^ *tk@0: id/ { p = 1 } /^ *tk@1: id/ { exit } p { print "# kho-inspect: " $0 }' \
		/run/inspect.txt | head -n 30
}

# tkv_expect STAGE: what tkv must print as restored, from the saved line.
tkv_expect() {
	local saved base old added
	saved=$(cat $STATE/tkv)
	base=$(echo "$saved" | sed -n 's/.*base=\([^ ]*\).*/\1/p')
	old=$(echo "$saved" | sed -n 's/.*old=\([^ ]*\).*/\1/p')
	added=$(echo "$saved" | sed -n 's/.*added=\([^ ]*\).*/\1/p')
	case $1 in
	2) echo "tkv restored by version 2: base=$base old=$old added=0xadded extra=0x0" ;;
	3) echo "tkv restored by version 2: base=$base old=0x0 added=$added extra=0x0" ;;
	esac
}

check "no test_kstate FAIL" sh -c "! grep -q '^test_kstate: FAIL' /run/dmesg.txt"

case "$STAGE" in
1)
	check "no incoming handover" test ! -e $IN
	check "no kstate error" sh -c "! grep -q '^kstate: ' /run/dmesg.txt"
	check "nothing restored on a cold boot" \
		sh -c "! grep -q '^test_kstate: .* restored' /run/dmesg.txt"
	finalize_and_record
	report_sizes
	check "kexec -s -l" load_stage
	kexec_next
	;;
*)
	gen=$((STAGE - 1))
	expect_eq "test_kstate verdict" \
		"$(grep '^test_kstate: \(PASS\|FAIL\) ' /run/dmesg.txt)" \
		"test_kstate: PASS restored $NR objects, generation $gen"
	for i in $(ids); do
		line=$(grep -m1 "^test_kstate: tk@$i restored: " /run/dmesg.txt)
		echo "# $line"
		expect_eq "tk@$i generation, crc, folio and pages as saved" \
			"$(echo "$line" | sed 's/.* restored: //')" "$(cat $STATE/tk.$i)"
	done
	check "in/sub_fdts/kstate decompiles" sh -c "dtc -q -I dtb -O dts $IN/sub_fdts/kstate > /dev/null"
	line=$(grep -m1 '^test_kstate: tkv \(restored\|refused\)' /run/dmesg.txt | sed 's/^test_kstate: //')
	echo "# $line"
	case "$STAGE" in
	2|3)
		expect_eq "tkv after version change" "$line" "$(tkv_expect $STAGE)"
		check "no kstate error" sh -c "! grep -q '^kstate: ' /run/dmesg.txt"
		;;
	4)
		expect_eq "tkv refused as too old" "$line" \
			"tkv refused (-34), registered again: 0"
		expect_eq "kstate message" "$(grep '^kstate: ' /run/dmesg.txt)" \
			"kstate: tkv@0: tkv saved as version 2, this kernel reads versions 3 to 3: not restored"
		;;
	esac
	if [ "$STAGE" = 2 ]; then
		# Version 2 writes added and the subsection, not the deprecated old.
		finalize_and_record
		check "tkv@0 has added" \
			sh -c "fdtget $OUT/sub_fdts/kstate /tkv@0 added > /dev/null"
		check "tkv@0 has no old (deprecated)" \
			sh -c "! fdtget $OUT/sub_fdts/kstate /tkv@0 old > /dev/null 2>&1"
		expect_eq "tkv@0 subsection" "$(fdtget -l $OUT/sub_fdts/kstate /tkv@0)" tkv_extra
		check "kexec -s -l" load_stage
		kexec_next
	elif [ "$STAGE" -lt $LAST ]; then
		finalize_and_record
		check "tkv@0 without subsection" \
			test -z "$(fdtget -l $OUT/sub_fdts/kstate /tkv@0)"
		check "kexec -s -l" load_stage
		kexec_next
	fi
	finish
	;;
esac
