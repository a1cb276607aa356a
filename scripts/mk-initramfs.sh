#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the guest userspace for the VM tests of one architecture:
# build/$ARCH/initramfs.cpio with static busybox, kexec-tools (kexec -s),
# dtc/fdtget, kho-inspect, the guest scripts and the kernel image itself at
# /boot/kernel, so the guest can kexec into it again. Guest scripts, in
# /kho/ (run by /init as kho_test=NAME): the VM-test scenarios and their
# lib.sh (tools/testing/selftests/kho, not its host-side scripts), the demo
# and the demo shell (tools/kho/demo); lib.sh uses the kernel tree's
# KTAP helpers, at /kselftest/ktap_helpers.sh as in the kernel tree.
# The binaries come from Debian's packages for the target architecture, so
# the arm64 guest gets arm64 binaries.
source "$(dirname "$0")/lib.sh"

ARCH=${1:-x86_64}
arch_vars "$ARCH"
"$TOP/scripts/deps.sh" --check

OUT=$(out_dir "$ARCH")	# KHO_FLAVOUR picks the kernel
KERNEL=$OUT/$IMAGE
[ -f "$KERNEL" ] || die "$KERNEL missing: run make kernel ARCH=$ARCH first"
SELFTESTS=$TOP/tools/testing/selftests/kho
KTAP=$SRC/tools/testing/selftests/kselftest/ktap_helpers.sh
[ -f "$KTAP" ] || die "$KTAP missing: run scripts/prepare-tree.sh (make kernel)"
# Scripts of $SELFTESTS that run on the host, not in the guest.
HOST_SCRIPTS="vmtest.sh list-scenarios.sh"

# Packages whose files the guest needs, and the shared libraries they use.
PKGS="busybox-static kexec-tools device-tree-compiler libfdt1 libyaml-0-2
libc6 libgcc-s1 zlib1g liblzma5 libxenmisc4.17 libxencall1 libxendevicemodel1
libxenevtchn1 libxenforeignmemory1 libxengnttab1 libxenhypfs1 libxenstore4
libxentoolcore1 libxentoollog1 libyajl2 libuuid1"
BINS="bin/busybox sbin/kexec usr/bin/dtc usr/bin/fdtget usr/bin/fdtdump usr/bin/fdtput"

DEBS=$CACHE/debs/$DEB_ARCH
STAGE=$OUT/debroot
ROOT=$OUT/rootfs

# any_exists FILE...: one of the files (unmatched globs stay as they are) exists.
any_exists() {
	local f
	for f in "$@"; do
		[ -e "$f" ] && return 0
	done
	return 1
}

fetch_debs() {
	local p
	mkdir -p "$DEBS"
	for p in $PKGS; do
		any_exists "$DEBS/${p}_"*"_$DEB_ARCH.deb" "$DEBS/${p}_"*_all.deb && continue
		( cd "$DEBS" && apt-get download -qq -o APT::Sandbox::User=root "$p:$DEB_ARCH" ) ||
			die "apt-get download $p:$DEB_ARCH failed (make deps)"
	done
}

extract_debs() {
	local d
	[ -f "$STAGE/.done" ] && [ "$STAGE/.done" -nt "$0" ] && return
	rm -rf "$STAGE"
	mkdir -p "$STAGE"
	for d in "$DEBS"/*.deb; do
		dpkg-deb -x "$d" "$STAGE"
	done
	touch "$STAGE/.done"
}

# Copy a binary and, recursively, the libraries it needs from the staging tree.
copy_with_libs() {
	local f=$1 lib src
	[ -e "$ROOT/$f" ] && return
	mkdir -p "$ROOT/$(dirname "$f")"
	cp -L "$STAGE/$f" "$ROOT/$f"
	for lib in $(LC_ALL=C readelf -d "$STAGE/$f" 2>/dev/null |
		     sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
		src=
		for d in lib/$TRIPLET usr/lib/$TRIPLET lib usr/lib; do
			[ -e "$STAGE/$d/$lib" ] && { src=$d/$lib; break; }
		done
		[ -n "$src" ] || die "library $lib needed by $f not found in $PKGS"
		copy_with_libs "$src"
	done
}

fetch_debs
extract_debs

# Our own guest tools, built statically for the target architecture.
say "building kho-inspect for $ARCH"
make -s -C "$TOP/tools/kho" O="$OUT/tools-kho" CROSS_COMPILE="$CROSS_COMPILE" \
	KERNEL_SRC="$SRC" >/dev/null
mkdir -p "$OUT/guest-bin"
${CROSS_COMPILE}strip -o "$OUT/guest-bin/kho-inspect" "$OUT/tools-kho/kho-inspect"

rm -rf "$ROOT"
mkdir -p "$ROOT"/{bin,sbin,usr/bin,proc,sys,dev,run,tmp,boot,kho,kselftest,etc}
for b in $BINS; do
	copy_with_libs "$b"
done
# The dynamic loader, at the path the binaries ask for.
interp=$(LC_ALL=C readelf -l "$STAGE/sbin/kexec" |
	 sed -n 's/.*Requesting program interpreter: \(.*\)\]/\1/p')
mkdir -p "$ROOT/$(dirname "$interp")"
cp -L "$STAGE/$interp" "$ROOT/$interp"
ln -s busybox "$ROOT/bin/sh"

cp "$SELFTESTS/init" "$ROOT/init"
for f in "$SELFTESTS"/*.sh "$TOP"/tools/kho/demo/*.sh; do
	[[ " $HOST_SCRIPTS " == *" $(basename "$f") "* ]] || cp "$f" "$ROOT/kho/"
done
cp "$KTAP" "$ROOT/kselftest/"
for extra in "$OUT"/guest-bin/*; do
	[ -e "$extra" ] && cp "$extra" "$ROOT/usr/bin/"
done
chmod +x "$ROOT/init" "$ROOT"/kho/*.sh
cp "$KERNEL" "$ROOT/boot/kernel"
# Kernels with modules (the debian flavour: test_kho.ko) ship them; the
# guest's lib.sh loads test_kho from there.
if [ -d "$OUT/modules/lib/modules" ]; then
	mkdir -p "$ROOT/lib"
	cp -a "$OUT/modules/lib/modules" "$ROOT/lib/"
fi
echo "$ARCH" > "$ROOT/etc/kho-arch"

( cd "$ROOT" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet ) > "$OUT/initramfs.cpio"
say "$ARCH initramfs: $OUT/initramfs.cpio ($(stat -c %s "$OUT/initramfs.cpio") bytes)"
