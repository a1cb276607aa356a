/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim: what every kernel file gets without asking (IS_ENABLED(),
 * READ_ONCE(), strscpy()), for the kernel files the simulator compiles
 * whole (sim_in.c, sim_memblock.c, sim_kstate.c). Include it first.
 */
#ifndef KHO_SHIM_LINUX_KCONFIG_H
#define KHO_SHIM_LINUX_KCONFIG_H

#include <string.h>
#include <linux/types.h>
#include <linux/init.h>

/* The simulated machine: an x86_64 KHO kernel. */
#define CONFIG_X86 1
#define CONFIG_KEXEC_HANDOVER 1
#define CONFIG_KSTATE 1

#define __ARG_PLACEHOLDER_1 0,
#define __take_second_arg(__ignored, val, ...) val
#define __is_defined(x)			___is_defined(x)
#define ___is_defined(val)		____is_defined(__ARG_PLACEHOLDER_##val)
#define ____is_defined(arg1_or_junk)	__take_second_arg(arg1_or_junk 1, 0)
#define IS_ENABLED(option)		__is_defined(option)

#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v)	(*(volatile __typeof__(x) *)&(x) = (v))

/* The kernel's strscpy(): always terminates, -E2BIG on truncation. */
static inline long strscpy(char *dst, const char *src, size_t size)
{
	size_t len = strnlen(src, size);

	if (!size)
		return -7;
	if (len == size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = 0;
		return -7;
	}
	memcpy(dst, src, len + 1);
	return len;
}

#endif
