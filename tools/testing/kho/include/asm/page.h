/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: the KHO wire format is only defined for 4 KiB pages here. */
#ifndef KHO_SHIM_ASM_PAGE_H
#define KHO_SHIM_ASM_PAGE_H
#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#endif
