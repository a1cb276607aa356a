#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the VM-test kernel for one architecture:
#   tinyconfig + configs/{base,$ARCH,kho,test}.config  ->  build/$ARCH/{bzImage|Image,.config}
source "$(dirname "$0")/lib.sh"

ARCH=${1:-x86_64}
arch_vars "$ARCH"
"$TOP/scripts/deps.sh" --check
"$TOP/scripts/prepare-tree.sh"

OUT=$BUILD/$ARCH
OBJ=$OUT/obj
mkdir -p "$OBJ"
FRAGS=("$TOP/configs/base.config" "$TOP/configs/$ARCH.config")
[ -f "$TOP/configs/kho.config" ] && FRAGS+=("$TOP/configs/kho.config")
grep -qx CONFIG_KEXEC_HANDOVER=y "${FRAGS[@]}" && FRAGS+=("$TOP/configs/test.config")

CC="ccache ${CROSS}gcc"
KMAKE=(make -s -C "$SRC" O="$OBJ" ARCH="$KARCH" CROSS_COMPILE="$CROSS"
       CC="$CC" HOSTCC="ccache gcc")

start=$(now)
stamp=$(cat "${FRAGS[@]}" | sha1sum | cut -c1-40)
if [ ! -f "$OBJ/.config" ] || [ "$(cat "$OBJ/.kho-frags" 2>/dev/null)" != "$stamp" ]; then
	say "configuring $ARCH: tinyconfig + ${FRAGS[*]##*/}"
	"${KMAKE[@]}" tinyconfig >/dev/null
	# merge_config.sh leaves temporary files in the current directory.
	( cd "$OBJ" && KCONFIG_CONFIG=$OBJ/.config \
		"$SRC/scripts/kconfig/merge_config.sh" -m -O "$OBJ" \
		"$OBJ/.config" "${FRAGS[@]}" >/dev/null )
	echo "$stamp" > "$OBJ/.kho-frags"
fi
"${KMAKE[@]}" olddefconfig >/dev/null

# Every option a fragment asks for must have survived Kconfig.
bad=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=n) opt=${line%%=*}
		grep -q "^$opt=" "$OBJ/.config" && { echo "  wanted: $line" >&2; bad=1; } ;;
	CONFIG_*=*) grep -qx -- "$line" "$OBJ/.config" ||
		{ echo "  wanted: $line, got: $(grep "^${line%%=*}=\|# ${line%%=*} " "$OBJ/.config")" >&2; bad=1; } ;;
	esac
done < <(cat "${FRAGS[@]}")
[ $bad = 0 ] || die "Kconfig dropped options requested by configs/ (see above)"

say "building $ARCH $IMAGE (ccache, -j$JOBS)"
"${KMAKE[@]}" -j"$JOBS" "$IMAGE"
cp "$OBJ/$IMAGE_PATH" "$OUT/$IMAGE"
cp "$OBJ/.config" "$OUT/.config"
say "$ARCH kernel: $OUT/$IMAGE ($(stat -c %s "$OUT/$IMAGE") bytes) built in $(( $(now) - start ))s"
