/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: Linux error numbers are the same in user space. */
#ifndef KHO_SHIM_LINUX_ERRNO_H
#define KHO_SHIM_LINUX_ERRNO_H
#include_next <linux/errno.h>
#endif
