#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Scratch too small for the segments: kexec -s -l fails with EADDRNOTAVAIL
# and the kernel names the size it needed. Command line: kho=on kho_scratch=4M,4M,0
. /kho/lib.sh

cat $KHO_DBG/out/scratch_len | sed 's/^/# scratch_len /'
if load_next 2>/run/err; then not_ok "kexec -s -l should fail"; else ok "kexec -s -l fails"; fi
sed 's/^/# kexec: /' /run/err
dmesg -s 1000000 | grep 'KHO: no room' | sed 's/^/# /'
check "message names the size" sh -c "dmesg -s 1000000 | grep -q 'KHO: no room in scratch for a kexec segment of [0-9]* bytes'"
check "EADDRNOTAVAIL" grep -q "Cannot assign requested address" /run/err
finish
