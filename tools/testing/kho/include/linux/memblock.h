/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim: memblock of the simulated machine (sim.c). The memory regions
 * come from the fuzzer input; reservations are only recorded.
 */
#ifndef KHO_SHIM_LINUX_MEMBLOCK_H
#define KHO_SHIM_LINUX_MEMBLOCK_H
#include <linux/types.h>
#include <linux/export.h>
#include <linux/printk.h>

enum memblock_flags {
	MEMBLOCK_NONE		= 0x0,
	MEMBLOCK_NOMAP		= 0x4,
	MEMBLOCK_KHO_SCRATCH	= 0x40,
};

struct memblock_region {
	phys_addr_t base;
	phys_addr_t size;
	enum memblock_flags flags;
};

extern struct memblock_region kho_sim_mem[];
extern unsigned int kho_sim_nr_mem;

#define for_each_mem_region(r)						\
	for (r = kho_sim_mem; r < kho_sim_mem + kho_sim_nr_mem; r++)

bool memblock_is_region_memory(phys_addr_t base, phys_addr_t size);
phys_addr_t memblock_end_of_DRAM(void);
int memblock_reserve(phys_addr_t base, phys_addr_t size);
bool memblock_is_region_reserved(phys_addr_t base, phys_addr_t size);
int memblock_reserve_sorted(const struct memblock_region *ranges,
			    unsigned long cnt);
int memblock_clear_kho_scratch(phys_addr_t base, phys_addr_t size);

/*
 * Allocations: physical ones come from an arena of the simulated machine
 * above its RAM (mapped like RAM), virtual ones from the host heap.
 */
#define MEMBLOCK_ALLOC_ANYWHERE	(~(phys_addr_t)0)
#define SMP_CACHE_BYTES		64
phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end);
void memblock_phys_free(phys_addr_t base, phys_addr_t size);
void *memblock_alloc(phys_addr_t size, phys_addr_t align);
void memblock_free(void *ptr, size_t size);
void memblock_free_late(phys_addr_t base, phys_addr_t size);
int memblock_mark_kho_scratch(phys_addr_t base, phys_addr_t size);
void memblock_set_kho_scratch_only(void);
void memblock_clear_kho_scratch_only(void);

int reserve_mem_for_each(int (*fn)(const char *name, phys_addr_t start,
				   phys_addr_t size, void *arg), void *arg);
phys_addr_t reserve_mem_kho_revive(const char *name, phys_addr_t size,
				   phys_addr_t align);
#endif
