/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim: the tests are single threaded, so a mutex only checks that it
 * is used in balanced, non-recursive pairs.
 */
#ifndef KHO_SHIM_LINUX_MUTEX_H
#define KHO_SHIM_LINUX_MUTEX_H
#include <stdlib.h>

struct mutex {
	int locked;
};

#define __MUTEX_INITIALIZER(name)	{ 0 }
#define DEFINE_MUTEX(name)	struct mutex name = { 0 }

static inline void mutex_init(struct mutex *m)
{
	m->locked = 0;
}

static inline void mutex_lock(struct mutex *m)
{
	if (m->locked)
		abort();	/* recursive locking */
	m->locked = 1;
}

static inline void mutex_unlock(struct mutex *m)
{
	if (!m->locked)
		abort();	/* unlocking an unlocked mutex */
	m->locked = 0;
}

/* guard(mutex), as the kernel's <linux/mutex.h> gives it. */
#include <linux/cleanup.h>
#endif
