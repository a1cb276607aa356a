/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: the kernel's basic types on top of the system headers. */
#ifndef KHO_SHIM_LINUX_TYPES_H
#define KHO_SHIM_LINUX_TYPES_H

#include_next <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s8 s8;
typedef __s16 s16;
typedef __s32 s32;
typedef __s64 s64;
typedef u64 phys_addr_t;
typedef unsigned int gfp_t;

/* glibc's <sys/cdefs.h> already provides __always_inline. */
#define __packed		__attribute__((__packed__))
#define __aligned(x)		__attribute__((__aligned__(x)))
#define __maybe_unused		__attribute__((__unused__))
#define __printf(a, b)		__attribute__((format(printf, a, b)))
#define __noreturn		__attribute__((__noreturn__))
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)

#endif
