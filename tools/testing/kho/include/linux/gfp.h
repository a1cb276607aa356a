/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: pages come from a fake physical memory arena (shim.c). */
#ifndef KHO_SHIM_LINUX_GFP_H
#define KHO_SHIM_LINUX_GFP_H
#include <linux/types.h>

#define GFP_KERNEL	0u
#define __GFP_ZERO	0u

unsigned long get_zeroed_page(gfp_t gfp);
void free_page(unsigned long addr);
#endif
