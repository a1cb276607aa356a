/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: the C library's character classes (ASCII, like the kernel's). */
#ifndef KHO_SHIM_LINUX_CTYPE_H
#define KHO_SHIM_LINUX_CTYPE_H
#include <ctype.h>
#endif
