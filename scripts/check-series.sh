#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bisectability of patches/series: apply the series one patch at a time to a
# tree of its own (build/series/src/linux-source-6.12, made by prepare-tree.sh
# with our files linked in) and build the base tree first (its warnings are
# only reported), then after every patch:
#
#   x86_64  after every patch;
#   arm64   after every patch that touches more than arch/x86/, tools/,
#           Documentation/ and MAINTAINERS, and after the last one;
#   memblock simulator (built and run) after patches touching memblock.
#
# The kernels use configs/{base,$ARCH,kho,test}.config (as build-kernel.sh)
# plus CONFIG_MODULES=y and CONFIG_TEST_KEXEC_HANDOVER=m, so that modpost
# checks that lib/test_kho.c only uses exported symbols. Options a patch has
# not introduced yet are simply absent; after the last patch every option the
# fragments ask for must be set, and test_kho.ko must exist. A build fails
# on errors and on warnings.
#
# Prints one line per patch, then "N passed, M failed"; exits non-zero on any
# failure. Builds are incremental from patch to patch (ccache), but this still
# takes long: it is not part of make check. Logs: build/series/logs/.
source "$(dirname "$0")/lib.sh"
set +e

SB=$BUILD/series		# everything of this check lives here
SSRC=$SB/src/linux-source-6.12
LOGS=$SB/logs
mkdir -p "$LOGS"
rm -f "$LOGS"/*.log

"$TOP/scripts/deps.sh" --check || exit 1

mapfile -t PATCHES < <(grep -v '^\s*\(#\|$\)' "$TOP/patches/series")
N=${#PATCHES[@]}
[ "$N" -gt 0 ] || die "patches/series is empty"

# The extra fragment: test_kho as a module.
MODFRAG=$SB/modules.config
printf '%s\n' "CONFIG_MODULES=y" "CONFIG_TEST_KEXEC_HANDOVER=m" > "$MODFRAG"

frags() {	# frags ARCH: the config fragments, in merge order
	local f=("$TOP/configs/base.config" "$TOP/configs/$1.config")
	[ -f "$TOP/configs/kho.config" ] && f+=("$TOP/configs/kho.config")
	f+=("$TOP/configs/test.config" "$MODFRAG")
	printf '%s\n' "${f[@]}"
}

# build ARCH LOG [final]: configure from the fragments (only rewriting
# .config when the result changes, to keep the build incremental) and build
# the image and the modules.
build() {
	local arch=$1 log=$2 final=${3:-} cfg obj kmake f bad=0 line opt
	local -a fr
	arch_vars "$arch"
	cfg=$SB/$arch/cfg
	obj=$SB/$arch/obj
	mkdir -p "$cfg" "$obj"
	mapfile -t fr < <(frags "$arch")
	kmake=(make -s -C "$SSRC" ARCH="$KARCH" CROSS_COMPILE="$CROSS"
	       CC="ccache ${CROSS}gcc" HOSTCC="ccache gcc")
	{
		"${kmake[@]}" O="$cfg" tinyconfig >/dev/null &&
		( cd "$cfg" && KCONFIG_CONFIG=$cfg/.config \
			"$SSRC/scripts/kconfig/merge_config.sh" -m -O "$cfg" \
			"$cfg/.config" "${fr[@]}" >/dev/null ) &&
		"${kmake[@]}" O="$cfg" olddefconfig >/dev/null
	} >> "$log" 2>&1 || { echo "configuring $arch failed" >> "$log"; return 1; }
	cmp -s "$cfg/.config" "$obj/.config" || cp "$cfg/.config" "$obj/.config"

	echo "=== building $arch $IMAGE modules" >> "$log"
	"${kmake[@]}" O="$obj" -j"$JOBS" "$IMAGE" modules > "$log.make" 2>&1
	local rc=$?
	cat "$log.make" >> "$log"
	# A patch must not add warnings either (the build is incremental, so
	# only what it made recompile is seen).
	WARNINGS=$(grep -c ': warning:\|^WARNING:' "$log.make")
	rm -f "$log.make"
	[ "$rc" = 0 ] || { WARNINGS=0; return 1; }	# reported as FAILED
	[ "$WARNINGS" = 0 ] || return 1

	KHO_STATE=$(grep -q '^CONFIG_KEXEC_HANDOVER=y' "$obj/.config" &&
		    echo "KHO=y" || echo "KHO=n")
	[ -f "$obj/lib/test_kho.ko" ] && KHO_STATE+=",test_kho.ko"
	[ -n "$final" ] || return 0

	# After the last patch, every option asked for must have survived.
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=n) opt=${line%%=*}
			grep -q "^$opt=" "$obj/.config" &&
				{ echo "wanted: $line" >> "$log"; bad=1; } ;;
		CONFIG_*=*) grep -qx -- "$line" "$obj/.config" ||
				{ echo "wanted: $line" >> "$log"; bad=1; } ;;
		esac
	done < <(for f in "${fr[@]}"; do
			# the module fragment overrides test.config
			grep -v '^CONFIG_TEST_KEXEC_HANDOVER=y' "$f"
		 done)
	[ -f "$obj/lib/test_kho.ko" ] ||
		{ echo "lib/test_kho.ko was not built" >> "$log"; bad=1; }
	[ "$bad" = 0 ]
}

# memblock_sim LOG: build and run the memblock simulator of the series tree.
memblock_sim() {
	local log=$1 ok notok
	echo "=== memblock simulator" >> "$log"
	( make -s -C "$SSRC/tools/testing/memblock" clean &&
	  make -s -C "$SSRC/tools/testing/memblock" -j"$JOBS" &&
	  "$SSRC/tools/testing/memblock/main" -v ) > "$log.sim" 2>&1
	local rc=$?
	cat "$log.sim" >> "$log"
	ok=$(grep -c '^ok ' "$log.sim")
	notok=$(grep -c '^not ok' "$log.sim")
	rm -f "$log.sim"
	SIM_STATE="memblock-sim $ok ok"
	[ "$rc" = 0 ] && [ "$notok" = 0 ]
}

pass=0 fail=0
T0=$(now)
# Step 0 is the base tree: it is built in full, and whatever it warns about
# is not the fault of the first patch. Step i applies patches 1..i.
for ((i = 0; i <= N; i++)); do
	num=$(printf '%02d' "$i")
	if [ "$i" = 0 ]; then
		p="(base tree)"
		log=$LOGS/00-base.log
	else
		p=${PATCHES[$((i - 1))]}
		log=$LOGS/$num-${p%.patch}.log
	fi
	t=$(now)
	printf '%s\n' "${PATCHES[@]:0:$i}" | grep -v '^$' > "$SB/series.prefix"
	if ! KHO_BUILD=$SB KHO_SERIES=$SB/series.prefix \
	     "$TOP/scripts/prepare-tree.sh" > "$log" 2>&1; then
		echo "FAIL $num/$N $p: does not apply (log: ${log#$TOP/})"
		fail=$((fail + 1))
		break
	fi

	if [ "$i" = 0 ]; then
		files="mm/memblock.c"	# build everything, run the simulator
	else
		files=$(sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' "$TOP/patches/$p")
	fi
	arches=(x86_64)
	if [ "$i" = "$N" ] ||
	   echo "$files" | grep -qv '^\(arch/x86/\|tools/\|Documentation/\|MAINTAINERS$\)'; then
		arches+=(arm64)
	fi
	final=
	[ "$i" = "$N" ] && final=final

	ok=1 what=()
	for arch in "${arches[@]}"; do
		KHO_STATE= WARNINGS=0
		if build "$arch" "$log" $final; then
			what+=("$arch[$KHO_STATE]")
		elif [ "$WARNINGS" != 0 ]; then
			what+=("$arch[$WARNINGS WARNINGS]")
			# the base tree's own warnings are only reported
			[ "$i" = 0 ] || ok=0
		else
			what+=("$arch[FAILED]")
			ok=0
		fi
	done
	if echo "$files" | grep -q '^\(mm/memblock\.c\|include/linux/memblock\.h\|tools/testing/memblock/\)'; then
		SIM_STATE=memblock-sim
		if memblock_sim "$log"; then
			what+=("$SIM_STATE")
		else
			what+=("$SIM_STATE[FAILED]")
			ok=0
		fi
	fi

	t=$(( $(now) - t ))
	if [ "$i" = 0 ]; then
		echo "$([ $ok = 1 ] && echo BASE || echo FAIL) $num/$N $p: ${what[*]} (${t}s)"
		[ $ok = 1 ] || die "the base tree does not build (log: ${log#$TOP/})"
	elif [ $ok = 1 ]; then
		pass=$((pass + 1))
		echo "PASS $num/$N $p: ${what[*]} (${t}s)"
	else
		fail=$((fail + 1))
		echo "FAIL $num/$N $p: ${what[*]} (${t}s, log: ${log#$TOP/})"
	fi
done
echo "TIME check-series: $(( $(now) - T0 ))s"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" = "$N" ]
