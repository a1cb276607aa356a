/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: early mappings of the simulated physical memory (sim.c). */
#ifndef KHO_SHIM_ASM_EARLY_IOREMAP_H
#define KHO_SHIM_ASM_EARLY_IOREMAP_H
#include <linux/types.h>
void *early_memremap(phys_addr_t phys, unsigned long size);
void early_memunmap(void *addr, unsigned long size);
#endif
