/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: the slab allocator is malloc(), so LeakSanitizer sees leaks. */
#ifndef KHO_SHIM_LINUX_SLAB_H
#define KHO_SHIM_LINUX_SLAB_H
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/gfp.h>

#define __GFP_NOWARN	0u

static inline void *kzalloc(size_t size, gfp_t gfp)
{
	return calloc(1, size);
}

static inline void *kmalloc(size_t size, gfp_t gfp)
{
	return malloc(size ? size : 1);
}

static inline void *krealloc_array(void *p, size_t n, size_t size, gfp_t gfp)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return realloc(p, n && size ? n * size : 1);
}

static inline void kfree(const void *p)
{
	free((void *)p);
}

/* Blocks from kvmemdup() not yet given to kvfree(), for leak checks. */
extern long kho_shim_kv_live;

static inline void *kvmemdup(const void *src, size_t len, gfp_t gfp)
{
	void *p = malloc(len ? len : 1);

	if (p) {
		memcpy(p, src, len);
		kho_shim_kv_live++;
	}
	return p;
}

static inline void kvfree(const void *p)
{
	if (p)
		kho_shim_kv_live--;
	free((void *)p);
}

static inline int vscnprintf(char *buf, size_t size, const char *fmt,
			     va_list args)
{
	int len = vsnprintf(buf, size, fmt, args);

	if (len < 0)
		return 0;
	return (size_t)len >= size ? (size ? size - 1 : 0) : len;
}
#endif
