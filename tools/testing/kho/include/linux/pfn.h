/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KHO_SHIM_LINUX_PFN_H
#define KHO_SHIM_LINUX_PFN_H
#include <asm/page.h>
#include <linux/types.h>

#define PFN_PHYS(x)	((phys_addr_t)(x) << PAGE_SHIFT)
#define PHYS_PFN(x)	((unsigned long)((x) >> PAGE_SHIFT))
#endif
