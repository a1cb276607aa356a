// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/kexec_handover_blocks.c, compiled whole for the host tests
 * (luo_test.c provides kho_alloc_preserve() and kho_unpreserve_free()).
 */
#include <linux/kconfig.h>
#include "../../../kernel/kexec_handover_blocks.c"

/*
 * The writer above needs these; the tests that write block chains
 * (luo_test.c) and kho-inspect define their own.
 */
__attribute__((weak)) void *kho_alloc_preserve(size_t size)
{
	return ERR_PTR(-EOPNOTSUPP);
}

__attribute__((weak)) int kho_unpreserve_free(void *mem)
{
	return -EOPNOTSUPP;
}
