/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: the largest buddy order of a default x86_64/arm64 4K kernel. */
#ifndef KHO_SHIM_LINUX_MMZONE_H
#define KHO_SHIM_LINUX_MMZONE_H
#define MAX_PAGE_ORDER	10
#endif
