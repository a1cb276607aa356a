#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install every Debian package the project needs. With --check, install only
# when something is missing (the other scripts call it that way).
source "$(dirname "$0")/lib.sh"

PKGS="linux-source-6.12 linux-config-6.12 build-essential bc bison flex libelf-dev libssl-dev
cpio xz-utils patch quilt ccache python3 qemu-system-x86 qemu-system-arm
gcc-aarch64-linux-gnu libc6-dev-arm64-cross device-tree-compiler libfdt-dev
kexec-tools busybox-static sparse clang libclang-rt-14-dev liburcu-dev python3-sphinx"

missing() {
	local p
	for p in $PKGS; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q 'install ok installed' || echo "$p"
	done
	# The guest userspace for arm64 comes from Debian's arm64 packages.
	dpkg --print-foreign-architectures | grep -qx arm64 || echo "arch:arm64"
}

todo=$(missing)
if [ "${1:-}" = --check ] && [ -z "$todo" ]; then
	exit 0
fi

SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
say "installing packages: ${todo:-none missing, refreshing}"
$SUDO dpkg --add-architecture arm64
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
	$PKGS >/dev/null
todo=$(missing)
[ -z "$todo" ] || die "still missing after install: $todo"
say "dependencies installed"
