# SPDX-License-Identifier: GPL-2.0
# KHO for Linux 6.12: build and test entry points. The logic is in scripts/.
#
#   make deps                 install the Debian packages we need
#   make kernel [ARCH=...]    build build/x86_64/bzImage or build/arm64/Image
#               [FLAVOUR=debug|debian|debian-debug]  ... or build/$ARCH-$FLAVOUR/ (README)
#   make demo                 boot x86_64 in QEMU and show a KHO kexec
#   make check                build both arches and run every test
#   make check-series         build after every patch of patches/series (slow)
#   make fuzz                 run the handover-parser and kstate fuzzers longer
#   make bench [ARCH=...]     what KHO costs, a table (no assertions)

ARCH ?= x86_64
FLAVOUR ?= tiny
export KHO_FLAVOUR := $(FLAVOUR)

.PHONY: all deps kernel initramfs demo check check-series fuzz bench clean

all: kernel

deps:
	@scripts/deps.sh

kernel:
	@scripts/build-kernel.sh $(ARCH)

initramfs: kernel
	@scripts/mk-initramfs.sh $(ARCH)

demo:
	@scripts/demo.sh

check:
	@scripts/check.sh

check-series:
	@scripts/check-series.sh

fuzz:
	@scripts/deps.sh --check
	@$(MAKE) -C tools/testing/kho fuzz FUZZ_SECONDS=$${FUZZ_SECONDS:-300}

bench:
	@scripts/bench.sh $(ARCH)

clean:
	rm -rf build
