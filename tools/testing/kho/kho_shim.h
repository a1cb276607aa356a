/* SPDX-License-Identifier: GPL-2.0 */
/* Test hooks of the host shim (shim.c). */
#ifndef KHO_SHIM_H
#define KHO_SHIM_H

#include <linux/types.h>

/* Physical address of the first page of the fake RAM arena. */
#define KHO_SHIM_PHYS_BASE	0x100000000ULL
/* Size of the arena (reserved lazily, only touched pages cost memory). */
#define KHO_SHIM_ARENA_SIZE	(1ULL << 30)

/* Number of arena pages currently allocated. */
unsigned long kho_shim_pages_in_use(void);
/* Make allocations fail after @n more successes; -1 never fails. */
void kho_shim_fail_alloc_after(long n);
/* The arena page at @phys if it is allocated, else NULL. */
void *kho_shim_map(phys_addr_t phys);

/* Translates physical addresses outside the arena, if set (sim.c). */
extern void *(*kho_shim_phys_hook)(phys_addr_t phys);

/* printk capture: set kho_shim_quiet to keep messages off stderr. */
extern int kho_shim_quiet;
extern unsigned long kho_shim_msg_count;
extern char kho_shim_last_msg[512];
/* If set, gets every message instead of stderr. */
extern void (*kho_shim_log_hook)(const char *level, const char *msg);

/* A broken rule of the host model: "@who: <message>" on stderr, abort(). */
__noreturn __printf(2, 3) void kho_shim_bug(const char *who,
					      const char *fmt, ...);

#endif
