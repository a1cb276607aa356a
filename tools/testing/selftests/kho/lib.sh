# SPDX-License-Identifier: GPL-2.0
# Helpers for the KHO VM-test scenarios (sourced by /kho/<scenario>.sh).
# Output is KTAP, written by the kselftest helpers
# (tools/testing/selftests/kselftest/ktap_helpers.sh of the kernel tree,
# which scripts/mk-initramfs.sh copies to /kselftest/ in the guest): per
# boot (stage) the header, one "ok N ..." / "not ok N ..." per check, the
# plan "1..N" once the stage is over, the totals, and one
# "KHO-RESULT: PASS|FAIL ..." line when the scenario ends. run-vm.sh on the
# host judges the scenario from these lines on the console.

. "$(dirname "$0")/../kselftest/ktap_helpers.sh"

KHO_DBG=/sys/kernel/debug/kho
STAGE=${1:-1}
SCENARIO=$(basename "$0" .sh)

# ktap HELPER [ARG...]: call a function of ktap_helpers.sh. The guest shell
# is busybox ash, which runs them as they are (local, $((...)), echo -n),
# but they print with the arguments unquoted ("echo $result $KTAP_TESTNO
# $description"), so a description would be split at blanks and its * or ?
# expanded against the files of the current directory. Here they run with
# no field splitting (IFS empty) and no globbing, and their variables
# (result, description, directive) do not leak into the scenario.
# shellcheck disable=SC2034 # result, description, directive: see above
ktap() {
	local IFS= result description directive
	case $- in
	*f*) "$@" ;;
	*) set -f; "$@"; set +f ;;
	esac
}

ktap ktap_print_header
ktap ktap_print_msg "KHO-STAGE $SCENARIO $STAGE: $(uname -r) $(cat /etc/kho-arch)"
ktap ktap_print_msg "cmdline: $(cat /proc/cmdline)"

# A kernel with test_kho as a module (the debian flavour) ships it under
# /lib/modules: load it with the test_kho.* parameters of the command line,
# which a built-in test_kho takes at boot. Without any it stays unloaded
# (built in, it is idle then too).
load_test_kho() {
	local ko arg params=
	[ -d /sys/module/test_kho ] && return 0
	ko=$(find /lib/modules/"$(uname -r)" -name test_kho.ko 2>/dev/null | head -n 1)
	[ -n "$ko" ] || return 0
	for arg in $(cat /proc/cmdline); do
		case "$arg" in
		test_kho.*) params="$params ${arg#test_kho.}" ;;
		esac
	done
	[ -n "$params" ] || return 0
	# As a module test_kho defaults to enable=1; built in, to 0.
	# shellcheck disable=SC2086 # params is a list of module parameters
	echo "# insmod $ko enable=0$params"
	insmod "$ko" enable=0 $params || echo "# insmod failed: $?"
}
load_test_kho

ok() {
	ktap ktap_test_pass "$*"
}

not_ok() {
	ktap ktap_test_fail "$*"
}

# check DESCRIPTION CMD...: run CMD, ok if it succeeds. (ktap_test_result
# runs its command unquoted, "if $@", which would split arguments such as
# the script of "sh -c '...'".)
check() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# test_kho's verdicts in the kernel log (/run/dmesg.txt): the line of its
# folios, and the line of its vmalloc area and block chain.
test_kho_verdict() {
	grep '^test_kho: \(PASS\|FAIL\)' /run/dmesg.txt |
		grep -v '^test_kho: \(PASS\|FAIL\) vmalloc'
}

test_kho_vmalloc_verdict() {
	grep '^test_kho: \(PASS\|FAIL\) vmalloc' /run/dmesg.txt
}

# expect_eq DESCRIPTION GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1 ($2)"
	else
		not_ok "$1: got '$2', want '$3'"
	fi
}

# end_stage: the plan (the checks of this boot) and the totals; succeeds if
# every check passed. ktap_finished prints the totals and exits with the
# kselftest status, hence the subshell: a stage ends with a reboot or a
# kexec, not with an exit.
end_stage() {
	ktap ktap_set_plan $((KTAP_TESTNO - 1))
	(ktap ktap_finished)
}

# finish: end the scenario here (last stage), report and power off.
finish() {
	local n=$((KTAP_TESTNO - 1))
	if end_stage && [ "$n" -gt 0 ]; then
		echo "KHO-RESULT: PASS $SCENARIO stage $STAGE ($n checks)"
	else
		echo "KHO-RESULT: FAIL $SCENARIO stage $STAGE ($KTAP_CNT_FAIL of $n checks failed)"
	fi
	reboot -f
}

# cmdline_for_stage N: this boot's command line with kho_stage=N.
cmdline_for_stage() {
	local out= arg
	for arg in $(cat /proc/cmdline); do
		case "$arg" in
		kho_stage=*) ;;
		*) out="$out $arg" ;;
		esac
	done
	echo "${out# } kho_stage=$1"
}

# make_initrd: pack this initramfs (including /boot/kernel) again, so the
# next kernel gets the same userspace. /run is a separate tmpfs, so
# "find -xdev" leaves it (and /proc, /sys, /dev) out.
make_initrd() {
	(cd / && find . -xdev | cpio -o -H newc > /run/initrd.cpio 2>/dev/null)
}

# load_next [kexec options]: kexec_file_load the same kernel for stage+1.
load_next() {
	make_initrd
	kexec -s -l /boot/kernel --initrd=/run/initrd.cpio \
		--append="$(cmdline_for_stage $((STAGE + 1)))" "$@"
}

# kexec_next: report this stage and jump to the loaded kernel.
kexec_next() {
	if ! end_stage; then
		echo "KHO-RESULT: FAIL $SCENARIO stage $STAGE ($KTAP_CNT_FAIL of $((KTAP_TESTNO - 1)) checks failed)"
		reboot -f
	fi
	echo "# KHO-STAGE $SCENARIO $STAGE done, kexec into stage $((STAGE + 1))"
	kexec -e
	echo "KHO-RESULT: FAIL kexec -e returned: $?"
	reboot -f
}

# ---- KHO helpers -----------------------------------------------------------

# State that must survive into the next kernel: make_initrd packs /kho-state.
STATE=/kho-state
mkdir -p "$STATE"

# write_result FILE VALUE: write VALUE to FILE, print "ok" or the error text
# (busybox prints e.g. "write error: File exists").
write_result() {
	local err
	if err=$( (echo "$2" > "$1") 2>&1 ); then
		echo ok
	else
		case "$err" in
		*"File exists"*) echo EEXIST ;;
		*"No such file"*) echo ENOENT ;;
		*"Invalid argument"*) echo EINVAL ;;
		*"Device or resource busy"*) echo EBUSY ;;
		*) echo "other: $err" ;;
		esac
	fi
}

# fdt_u64 FILE NODE PROP: a native-endian (little-endian here) u64 property,
# printed as 0x... (dtc/fdtget read cells as big-endian, so decode bytes).
fdt_u64() {
	local b v=0 i=0
	for b in $(fdtget -t bx "$1" "$2" "$3" 2>/dev/null); do
		v=$((v | (0x$b << (8 * i))))
		i=$((i + 1))
	done
	[ "$i" = 8 ] || { echo "bad"; return 1; }
	printf '0x%x\n' "$v"
}

# mem_sum PHYS SIZE: md5 of SIZE bytes of physical memory at PHYS (/dev/mem).
mem_sum() {
	dd if=/dev/mem bs=4096 skip=$(($1 / 4096)) count=$(($2 / 4096)) 2>/dev/null |
		md5sum | cut -d' ' -f1
}

# mem_write PHYS FILE: copy FILE (whole pages) to physical memory at PHYS.
mem_write() {
	dd if="$2" of=/dev/mem bs=4096 seek=$(($1 / 4096)) conv=notrunc 2>/dev/null
}

# dmesg_has PATTERN: the kernel log has a line matching PATTERN (grep BRE).
dmesg_has() {
	dmesg -s 1000000 | grep -q -- "$1"
}

# not CMD...: succeeds if CMD fails.
not() {
	! "$@"
}

# dts FILE: decompile an FDT (fails if dtc cannot).
dts() {
	dtc -q -I dtb -O dts "$1"
}

# bytes_offset FILE "HEX BYTES": byte offset of the first occurrence of the
# bytes (e.g. "6b 68 6f") in FILE.
bytes_offset() {
	od -An -v -tx1 "$1" | tr -s ' \n' ' ' | awk -v pat="$2" '{
		n = split($0, b, " "); m = split(pat, p, " ")
		for (i = 1; i <= n - m + 1; i++) {
			for (j = 1; j <= m && b[i + j - 1] == p[j]; j++)
				;
			if (j > m) { print i - 1; exit }
		}
	}'
}

# blob_offset FILE STRING: byte offset of the first STRING in FILE (binary).
blob_offset() {
	bytes_offset "$1" "$(printf '%s' "$2" | od -An -v -tx1 | tr -s ' \n' ' ')"
}

# u64_bytes VALUE: the 8 little-endian bytes of VALUE, as "xx xx ...".
u64_bytes() {
	local v=$(($1)) i=0 out=
	while [ $i -lt 8 ]; do
		out="$out $(printf '%02x' $(((v >> (8 * i)) & 255)))"
		i=$((i + 1))
	done
	echo "$out"
}

# u64_offset FILE VALUE: byte offset of the first little-endian u64 VALUE.
u64_offset() {
	bytes_offset "$1" "$(u64_bytes "$2")"
}

# put_u64 PHYS VALUE: write VALUE as a little-endian u64 to physical memory.
put_u64() {
	local b s=
	for b in $(u64_bytes "$2"); do
		s="$s\\$(printf '%03o' $((0x$b)))"
	done
	printf "$s" | dd of=/dev/mem bs=1 seek=$(($1)) conv=notrunc 2>/dev/null
}

# get_u64 PHYS: read a little-endian u64 from physical memory, as 0x...
get_u64() {
	local b v=0 i=0
	for b in $(dd if=/dev/mem bs=1 skip=$(($1)) count=8 2>/dev/null | od -An -v -tx1); do
		v=$((v | (0x$b << (8 * i))))
		i=$((i + 1))
	done
	printf '0x%x\n' "$v"
}

# scratch_bytes: total size of the scratch areas (out/scratch_len).
scratch_bytes() {
	local t=0 l
	for l in $(cat $KHO_DBG/out/scratch_len); do
		t=$((t + l))
	done
	echo $t
}

# cma_bytes: bytes in CMA pageblocks, from /proc/pagetypeinfo.
cma_bytes() {
	awk '
	/^Page block order:/ { order = $4 }
	/^Number of blocks type/ {
		# "Number of blocks type" then one column per migrate type; a
		# row is "Node N, zone NAME" then the counts: same field index.
		for (i = 1; i <= NF; i++) if ($i == "CMA") col = i
		table = 1; next
	}
	table && /^Node/ { n += $col }
	table && !/^Node/ { table = 0 }
	END {
		bytes = n * 4096	# busybox awk has no ^
		for (i = 0; i < order; i++)
			bytes *= 2
		printf "%d\n", bytes
	}' /proc/pagetypeinfo
}

# meminfo_kb FIELD: a /proc/meminfo value in kB.
meminfo_kb() {
	awk -v f="$1:" '$1 == f { print $2 }' /proc/meminfo
}

# check_cma_free: scratch is CMA that only movable allocations use, so in an
# idle guest most of it is free. Scratch whose pageblocks lost their CMA type
# (e.g. to deferred struct page init) still counts in CmaTotal but its pages
# sit on the movable free lists: CmaFree drops to almost nothing.
check_cma_free() {
	local total free
	total=$(meminfo_kb CmaTotal) free=$(meminfo_kb CmaFree)
	check "CmaFree at least half of CmaTotal (CmaFree ${free:-?} kB, CmaTotal ${total:-?} kB)" \
		test "${total:-0}" -gt 0 -a "$((${free:-0} * 2))" -ge "${total:-0}"
}

# check_scratch_nodes: with more than one memory node, each node has a
# scratch area of its own (out/scratch_phys, matched against the memory
# blocks of /sys/devices/system/node/nodeN). Silent with one node or without
# memory block sysfs.
check_scratch_nodes() {
	local blk node nid phys found
	[ -d /sys/devices/system/node/node1 ] || return 0
	[ -r /sys/devices/system/memory/block_size_bytes ] || return 0
	blk=$((0x$(cat /sys/devices/system/memory/block_size_bytes)))
	echo "# scratch_phys: $(cat $KHO_DBG/out/scratch_phys | tr '\n' ' ')"
	echo "# scratch_len:  $(cat $KHO_DBG/out/scratch_len | tr '\n' ' ')"
	for node in /sys/devices/system/node/node[0-9]*; do
		nid=${node##*node}
		grep -q . "$node/meminfo" 2>/dev/null || continue
		found=
		for phys in $(cat $KHO_DBG/out/scratch_phys); do
			[ -e "$node/memory$((phys / blk))" ] && found="$found $(printf '0x%x' $phys)"
		done
		check "node $nid has scratch (at${found:- nothing})" test -n "$found"
	done
}

# fill_pattern NAME START SIZE: fill SIZE bytes of physical memory at START
# with random bytes and keep a copy (and START) in $STATE for the next
# kernel; checks that the bytes landed.
fill_pattern() {
	dd if=/dev/urandom of=$STATE/pattern bs=4096 count=$(($3 / 4096)) 2>/dev/null
	echo "$2" > $STATE/start
	mem_write "$2" $STATE/pattern
	expect_eq "pattern written to $1" "$(mem_sum $2 $3)" \
		"$(md5sum < $STATE/pattern | cut -d' ' -f1)"
}
