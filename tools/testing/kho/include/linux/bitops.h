/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KHO_SHIM_LINUX_BITOPS_H
#define KHO_SHIM_LINUX_BITOPS_H
#include <linux/bits.h>
#include <linux/types.h>

/* 1-based index of the most significant set bit, 0 for 0. */
static inline int fls64(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

/* 0-based index of the least significant set bit; undefined for 0. */
static inline unsigned int __ffs64(u64 x)
{
	return __builtin_ctzll(x);
}
#endif
