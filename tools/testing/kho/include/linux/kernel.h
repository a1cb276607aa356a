/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: ARRAY_SIZE(), max(), snprintf(), kstrtou32() and pr_err(). */
#ifndef KHO_SHIM_LINUX_KERNEL_H
#define KHO_SHIM_LINUX_KERNEL_H
#include <stdio.h>
#include <linux/kstrtox.h>
#include <linux/printk.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define max(a, b)	((a) > (b) ? (a) : (b))
#endif
