/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LINUX_KEXEC_HANDOVER_FDT_H
#define LINUX_KEXEC_HANDOVER_FDT_H

#include <linux/types.h>

/*
 * The KHO root FDT (wire layout: see include/linux/kho/abi/kexec_handover.h):
 * its writer, and the checks of an incoming one. Implemented in
 * kernel/kexec_handover_fdt.c with plain libfdt calls, so that the kernel,
 * the host tests in tools/testing/kho/ and tools/kho/kho-inspect share them.
 */

struct kho_scratch;
struct list_head;

int kho_check_scratch_array(const struct kho_scratch *areas, unsigned int cnt,
			    u64 align,
			    bool (*is_ram)(phys_addr_t phys, u64 size, void *arg),
			    void *arg);

int kho_fdt_get_u64(const void *fdt, int node, const char *name, u64 *val);
int kho_fdt_write_root(void *fdt, size_t size, u64 map_root,
		       const struct list_head *subtrees);

int kho_fdt_check_root(const void *fdt, size_t size, phys_addr_t *map_root);
int kho_fdt_get_subtree(const void *fdt, const char *name,
			phys_addr_t *phys, u64 *size);
int kho_fdt_next_subtree(const void *fdt, int node, const char **name,
			 phys_addr_t *phys, u64 *size);

#endif /* LINUX_KEXEC_HANDOVER_FDT_H */
