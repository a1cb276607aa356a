# SPDX-License-Identifier: GPL-2.0
# Common settings for the build and test scripts. Sourced, not run.

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${KHO_BUILD:-$TOP/build}
CACHE=${KHO_CACHE:-$HOME/.cache/kho}
BASE_TARBALL=/usr/src/linux-source-6.12.tar.xz
SRC=$BUILD/src/linux-source-6.12
JOBS=${JOBS:-$(nproc)}

export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
# Paths differ between clones; make ccache hash them relative to the repo.
export CCACHE_BASEDIR=$TOP
export CCACHE_NOHASHDIR=true
# Depend mode: a miss compiles once, without a separate preprocessor run
# (kbuild passes -Wp,-MMD), which a cold cache pays on every file.
export CCACHE_DEPEND=true
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-10G}
# Reproducible version strings keep ccache hits across rebuilds.
export KBUILD_BUILD_TIMESTAMP='Thu Jan  1 00:00:00 UTC 2026'
export KBUILD_BUILD_USER=kho
export KBUILD_BUILD_HOST=kho

say() { printf '==> %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# What the scripts know about each architecture is in one shell fragment per
# architecture, tools/testing/selftests/kho/arch/$ARCH.conf (also read by
# run-vm.sh and vmtest.sh); its name is the ARCH the scripts take.
ARCH_CONFS=$TOP/tools/testing/selftests/kho/arch

# arch_vars ARCH: source ARCH's .conf: KARCH, CROSS_COMPILE, IMAGE (make
# target), IMAGE_PATH, DEB_ARCH, TRIPLET, QEMU, QEMU_MACHINE, CONSOLE; and
# CROSS, the same as CROSS_COMPILE.
arch_vars() {
	local known
	if [[ "$1" != */* ]] && [ -f "$ARCH_CONFS/$1.conf" ]; then
		# shellcheck source=/dev/null
		source "$ARCH_CONFS/$1.conf"
		CROSS=$CROSS_COMPILE
		return
	fi
	known=$(cd "$ARCH_CONFS" && ls -- *.conf | sed 's/\.conf$//' | paste -sd' ')
	die "unknown ARCH '$1' (use one of: $known)"
}

now() { date +%s; }

# Kernel flavours (scripts/build-kernel.sh ARCH [FLAVOUR], or KHO_FLAVOUR):
#   tiny    tinyconfig + configs/{base,$ARCH,kho,test}.config (the default)
#   debug   the same + configs/debug.config (lockdep, DEBUG_VM, page checks)
#   kasan   the debug flavour + configs/kasan.config (generic KASAN)
#   debian  Debian's own config (linux-config-6.12) + the same fragments +
#           configs/debian-$ARCH.config (x86_64 only)
#   debian-debug  the debian flavour + configs/debug.config: a distribution's
#           debug kernel (the x86_64 kernel of make check)
KHO_FLAVOUR=${KHO_FLAVOUR:-tiny}

# out_dir ARCH: where the kernel, its .config and the initramfs of ARCH in
# flavour $KHO_FLAVOUR live: build/$ARCH for tiny, build/$ARCH-$KHO_FLAVOUR
# for the others.
out_dir() {
	case "$KHO_FLAVOUR" in
	tiny) echo "$BUILD/$1" ;;
	debug|kasan|debian|debian-debug) echo "$BUILD/$1-$KHO_FLAVOUR" ;;
	*) die "unknown KHO_FLAVOUR '$KHO_FLAVOUR' (use tiny, debug, kasan, debian or debian-debug)" ;;
	esac
}
