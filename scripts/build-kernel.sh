#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the VM-test kernel for one architecture and flavour:
#   build-kernel.sh ARCH [FLAVOUR]     (FLAVOUR defaults to $KHO_FLAVOUR or tiny)
#   tiny:   tinyconfig + configs/{base,$ARCH,kho,test}.config
#           -> build/$ARCH/{bzImage|Image,.config}
#   debug:  the same + configs/debug.config        -> build/$ARCH-debug/
#   kasan:  the same + configs/debug.config + configs/kasan.config
#                                                   -> build/$ARCH-kasan/
#   debian: Debian's config.amd64_none_cloud-amd64 (package linux-config-6.12)
#           with every module (=m) turned off, + the same fragments +
#           configs/debian-$ARCH.config; modules (test_kho.ko) are installed
#           under build/$ARCH-debian/modules for the guest  -> build/$ARCH-debian/
#   debian-debug: the debian flavour + configs/debug.config, as a distribution
#           builds its debug kernel             -> build/$ARCH-debian-debug/
source "$(dirname "$0")/lib.sh"

ARCH=${1:-x86_64}
KHO_FLAVOUR=${2:-$KHO_FLAVOUR}
arch_vars "$ARCH"
"$TOP/scripts/deps.sh" --check
"$TOP/scripts/prepare-tree.sh"

OUT=$(out_dir "$ARCH")
LABEL=$(basename "$OUT")	# x86_64, x86_64-debian, ...
OBJ=$OUT/obj
mkdir -p "$OBJ"
FRAGS=("$TOP/configs/base.config" "$TOP/configs/$ARCH.config")
[ -f "$TOP/configs/kho.config" ] && FRAGS+=("$TOP/configs/kho.config")
grep -qx CONFIG_KEXEC_HANDOVER=y "${FRAGS[@]}" && FRAGS+=("$TOP/configs/test.config")

BASECONFIG=
case "$KHO_FLAVOUR" in
debug)
	FRAGS+=("$TOP/configs/debug.config") ;;
kasan)
	FRAGS+=("$TOP/configs/debug.config" "$TOP/configs/kasan.config") ;;
debian|debian-debug)
	[ -f "$TOP/configs/debian-$ARCH.config" ] ||
		die "no Debian flavour for $ARCH (configs/debian-$ARCH.config)"
	BASECONFIG=/usr/src/linux-config-6.12/config.${DEB_ARCH}_none_cloud-${DEB_ARCH}.xz
	[ -f "$BASECONFIG" ] || die "$BASECONFIG missing (make deps: linux-config-6.12)"
	FRAGS+=("$TOP/configs/debian-$ARCH.config")
	[ "$KHO_FLAVOUR" = debian ] || FRAGS+=("$TOP/configs/debug.config") ;;
esac

CC="ccache ${CROSS}gcc"
KMAKE=(make -s -C "$SRC" O="$OBJ" ARCH="$KARCH" CROSS_COMPILE="$CROSS"
       CC="$CC" HOSTCC="ccache gcc")

start=$(now)
stamp=$( { cat "${FRAGS[@]}"; [ -z "$BASECONFIG" ] || xz -dc "$BASECONFIG"; } |
	 sha1sum | cut -c1-40)
if [ ! -f "$OBJ/.config" ] || [ "$(cat "$OBJ/.kho-frags" 2>/dev/null)" != "$stamp" ]; then
	if [ -n "$BASECONFIG" ]; then
		say "configuring $LABEL: ${BASECONFIG##*/} without modules + ${FRAGS[*]##*/}"
		# Every module off: the fragments turn on the few the tests use.
		xz -dc "$BASECONFIG" |
			sed 's/^\(CONFIG_[A-Za-z0-9_]*\)=m$/# \1 is not set/' > "$OBJ/.config"
	else
		say "configuring $LABEL: tinyconfig + ${FRAGS[*]##*/}"
		"${KMAKE[@]}" tinyconfig >/dev/null
	fi
	# merge_config.sh leaves temporary files in the current directory.
	( cd "$OBJ" && KCONFIG_CONFIG=$OBJ/.config \
		"$SRC/scripts/kconfig/merge_config.sh" -m -O "$OBJ" \
		"$OBJ/.config" "${FRAGS[@]}" >/dev/null )
	echo "$stamp" > "$OBJ/.kho-frags"
fi
"${KMAKE[@]}" olddefconfig >/dev/null

# Every option a fragment asks for must have survived Kconfig. A later
# fragment may override an earlier one (debian: test_kho as a module); the
# last value asked for is the one checked.
bad=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=n) opt=${line%%=*}
		grep -q "^$opt=" "$OBJ/.config" && { echo "  wanted: $line" >&2; bad=1; } ;;
	CONFIG_*=*) grep -qx -- "$line" "$OBJ/.config" ||
		{ echo "  wanted: $line, got: $(grep "^${line%%=*}=\|# ${line%%=*} " "$OBJ/.config")" >&2; bad=1; } ;;
	esac
done < <(cat "${FRAGS[@]}" | sed -n 's/^\(CONFIG_[A-Za-z0-9_]*=.*\)/\1/p' |
	 awk -F= '{ last[$1] = $0; order[$1] = NR } END { for (o in last) print order[o], last[o] }' |
	 sort -n | cut -d' ' -f2-)
[ $bad = 0 ] || die "Kconfig dropped options requested by configs/ (see above)"

say "building $LABEL $IMAGE (ccache, -j$JOBS)"
"${KMAKE[@]}" -j"$JOBS" "$IMAGE"
cp "$OBJ/$IMAGE_PATH" "$OUT/$IMAGE"
cp "$OBJ/.config" "$OUT/.config"
if grep -qx CONFIG_MODULES=y "$OBJ/.config" && grep -q '=m$' "$OBJ/.config"; then
	say "building $LABEL modules"
	"${KMAKE[@]}" -j"$JOBS" modules
	rm -rf "$OUT/modules"
	"${KMAKE[@]}" INSTALL_MOD_PATH="$OUT/modules" INSTALL_MOD_STRIP=1 \
		DEPMOD=true modules_install >/dev/null
fi
say "$LABEL kernel: $OUT/$IMAGE ($(stat -c %s "$OUT/$IMAGE") bytes) built in $(( $(now) - start ))s"
