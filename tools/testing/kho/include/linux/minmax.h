/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KHO_SHIM_LINUX_MINMAX_H
#define KHO_SHIM_LINUX_MINMAX_H
#define swap(a, b) \
	do { __typeof__(a) __tmp = (a); (a) = (b); (b) = __tmp; } while (0)
#endif
