/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim of the scope-based guards the KHO files use: guard(mutex)(&m)
 * locks @m and unlocks it when the enclosing scope ends, as in the kernel.
 */
#ifndef KHO_SHIM_LINUX_CLEANUP_H
#define KHO_SHIM_LINUX_CLEANUP_H

#include <linux/mutex.h>

typedef struct mutex *class_mutex_t;

static inline class_mutex_t class_mutex_constructor(struct mutex *m)
{
	mutex_lock(m);
	return m;
}

static inline void class_mutex_destructor(class_mutex_t *m)
{
	mutex_unlock(*m);
}

#define __KHO_SHIM_PASTE(a, b)	a##b
#define __KHO_SHIM_ID(a, b)	__KHO_SHIM_PASTE(a, b)

#define guard(name)							\
	class_##name##_t __KHO_SHIM_ID(__guard_, __COUNTER__)		\
	__attribute__((cleanup(class_##name##_destructor), unused)) =	\
	class_##name##_constructor

#endif
