/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KHO_SHIM_LINUX_BUILD_BUG_H
#define KHO_SHIM_LINUX_BUILD_BUG_H
/*
 * The kernel's static_assert(): the message is optional. <assert.h> comes
 * first because glibc's redefines static_assert each time it is included.
 */
#include <assert.h>
#undef static_assert
#define static_assert(expr, ...) __static_assert(expr, ##__VA_ARGS__, #expr)
#define __static_assert(expr, msg, ...) _Static_assert(expr, msg)

/* Zero, or a compile error if @e is true (the KSTATE field macros). */
#define BUILD_BUG_ON_ZERO(e)	((int)sizeof(struct { int:(-!!(e)); }))
#endif
