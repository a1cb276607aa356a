/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim: printk goes to stderr (unless silenced) and the last message is
 * kept so that tests can check that a rejection was reported.
 */
#ifndef KHO_SHIM_LINUX_PRINTK_H
#define KHO_SHIM_LINUX_PRINTK_H

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

#include <linux/types.h>

__printf(2, 3) void kho_shim_printk(const char *level, const char *fmt, ...);

#define pr_err(fmt, ...)	kho_shim_printk("err", pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	kho_shim_printk("warn", pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...)	kho_shim_printk("notice", pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn_once(fmt, ...)	kho_shim_printk("warn", pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	kho_shim_printk("info", pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)	\
	do { if (0) kho_shim_printk("debug", pr_fmt(fmt), ##__VA_ARGS__); } while (0)

#endif
