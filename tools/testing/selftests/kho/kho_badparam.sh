#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A malformed kho_scratch= is reported and KHO stays off; the boot goes on.
# Command line: kho=on kho_scratch=12Q,,
. /kho/lib.sh

check "error names kho_scratch" sh -c "dmesg -s 1000000 | grep -q 'malformed kho_scratch='"
check "KHO stays off (no debugfs)" test ! -e "$KHO_DBG"
finish
