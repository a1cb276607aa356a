/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KHO_SHIM_LINUX_ALIGN_H
#define KHO_SHIM_LINUX_ALIGN_H
#define ALIGN(x, a)		(((x) + ((__typeof__(x))(a) - 1)) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)
#endif
