/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim of mm/internal.h (found as "../mm/internal.h" through
 * -iquote include/asm): the page helpers are in <linux/mm.h>.
 */
#ifndef KHO_SHIM_MM_INTERNAL_H
#define KHO_SHIM_MM_INTERNAL_H
#include <linux/mm.h>
#endif
