/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: CMA's alignment on x86_64 (pageblock order 9). */
#ifndef KHO_SHIM_LINUX_CMA_H
#define KHO_SHIM_LINUX_CMA_H
#include <asm/page.h>
#define CMA_MIN_ALIGNMENT_PAGES	512UL
#define CMA_MIN_ALIGNMENT_BYTES	(PAGE_SIZE * CMA_MIN_ALIGNMENT_PAGES)
#endif
