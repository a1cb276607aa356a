/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim: a fake linear map. Pages from get_zeroed_page() live in one
 * arena whose first byte has physical address KHO_SHIM_PHYS_BASE.
 */
#ifndef KHO_SHIM_LINUX_IO_H
#define KHO_SHIM_LINUX_IO_H
#include <linux/types.h>

phys_addr_t virt_to_phys(const void *virt);
void *phys_to_virt(phys_addr_t phys);
#endif
