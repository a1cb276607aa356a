/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: the type check the KSTATE field macros use. */
#ifndef KHO_SHIM_LINUX_COMPILER_H
#define KHO_SHIM_LINUX_COMPILER_H
#define __same_type(a, b) \
	__builtin_types_compatible_p(__typeof__(a), __typeof__(b))
#endif
