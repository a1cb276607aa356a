// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/kexec_handover_blocks.c, compiled whole for the host tests
 * (luo_test.c provides kho_alloc_preserve() and kho_unpreserve_free()).
 */
#include <linux/kconfig.h>
#include "../../../kernel/kexec_handover_blocks.c"
