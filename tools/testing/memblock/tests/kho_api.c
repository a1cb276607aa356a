// SPDX-License-Identifier: GPL-2.0-or-later
#include <limits.h>
#include "kho_api.h"

/*
 * Tests of memblock's support for Kexec HandOver (KHO): the
 * MEMBLOCK_KHO_SCRATCH flag of memory regions, the scratch-only allocation
 * mode, the accounting of MEMBLOCK_RSRV_KERN reservations and the
 * reservation of many sorted ranges at once.
 */

#define FUNC_NAME	"memblock_kho"

/* Is [@addr, @addr + @size) inside [@base, @base + @len)? */
static bool range_within(phys_addr_t addr, phys_addr_t size,
			 phys_addr_t base, phys_addr_t len)
{
	return addr >= base && addr + size <= base + len;
}

/* A page-aligned address inside the dummy memory, @offset above its start */
static phys_addr_t page_in_memory(phys_addr_t offset)
{
	return PAGE_ALIGN(memblock_start_of_DRAM()) + offset;
}

static phys_addr_t kern_size(phys_addr_t limit, int nid)
{
	return memblock_reserved_kern_size(limit, nid);
}

/*
 * A test that marks a part of a memory region as scratch and clears the mark
 * again:
 *
 *  |         +---------+          |
 *  |         | scratch |          |
 *  +---------+---------+----------+
 *
 * Expect the region to be split in three with only the middle one flagged,
 * and to be merged back into one region when the flag is cleared.
 */
static int kho_mark_scratch_check(void)
{
	struct memblock_region *rgn;
	phys_addr_t base;

	PREFIX_PUSH();
	setup_memblock();
	base = memblock_start_of_DRAM();

	ASSERT_EQ(memblock_mark_kho_scratch(base + SZ_8K, SZ_4K), 0);

	ASSERT_EQ(memblock.memory.cnt, 3);
	ASSERT_EQ(memblock.memory.total_size, MEM_SIZE);
	rgn = &memblock.memory.regions[1];
	ASSERT_EQ(rgn->base, base + SZ_8K);
	ASSERT_EQ(rgn->size, SZ_4K);
	ASSERT_EQ(rgn->flags, MEMBLOCK_KHO_SCRATCH);
	ASSERT_TRUE(memblock_is_kho_scratch(rgn));
	ASSERT_EQ(memblock.memory.regions[0].flags, MEMBLOCK_NONE);
	ASSERT_EQ(memblock.memory.regions[2].flags, MEMBLOCK_NONE);

	/* Marking the same range again changes nothing. */
	ASSERT_EQ(memblock_mark_kho_scratch(base + SZ_8K, SZ_4K), 0);
	ASSERT_EQ(memblock.memory.cnt, 3);

	ASSERT_EQ(memblock_clear_kho_scratch(base + SZ_8K, SZ_4K), 0);

	ASSERT_EQ(memblock.memory.cnt, 1);
	rgn = &memblock.memory.regions[0];
	ASSERT_EQ(rgn->base, base);
	ASSERT_EQ(rgn->size, MEM_SIZE);
	ASSERT_EQ(rgn->flags, MEMBLOCK_NONE);
	ASSERT_EQ(memblock.reserved.cnt, 0);

	test_pass_pop();

	return 0;
}

/*
 * A test that marks scratch inside a region that has another flag, and
 * clears a part of the scratch again. Expect the scratch flag to be added to
 * and removed from the other flag, which stays set everywhere.
 */
static int kho_mark_scratch_flags_check(void)
{
	struct memblock_region *rgn;
	phys_addr_t base;

	PREFIX_PUSH();
	setup_memblock();
	base = memblock_start_of_DRAM();

	ASSERT_EQ(memblock_mark_hotplug(base, MEM_SIZE), 0);
	ASSERT_EQ(memblock_mark_kho_scratch(base, SZ_16K), 0);

	ASSERT_EQ(memblock.memory.cnt, 2);
	rgn = &memblock.memory.regions[0];
	ASSERT_EQ(rgn->base, base);
	ASSERT_EQ(rgn->size, SZ_16K);
	ASSERT_EQ(rgn->flags, MEMBLOCK_HOTPLUG | MEMBLOCK_KHO_SCRATCH);
	ASSERT_EQ(memblock.memory.regions[1].flags, MEMBLOCK_HOTPLUG);

	/* Clear the first half of the scratch: it merges with nothing. */
	ASSERT_EQ(memblock_clear_kho_scratch(base, SZ_8K), 0);

	ASSERT_EQ(memblock.memory.cnt, 3);
	ASSERT_EQ(memblock.memory.regions[0].flags, MEMBLOCK_HOTPLUG);
	ASSERT_EQ(memblock.memory.regions[1].base, base + SZ_8K);
	ASSERT_EQ(memblock.memory.regions[1].flags,
		  MEMBLOCK_HOTPLUG | MEMBLOCK_KHO_SCRATCH);
	ASSERT_EQ(memblock.memory.regions[2].flags, MEMBLOCK_HOTPLUG);

	/* Clearing the rest merges everything into one hotplug region. */
	ASSERT_EQ(memblock_clear_kho_scratch(base, MEM_SIZE), 0);

	ASSERT_EQ(memblock.memory.cnt, 1);
	ASSERT_EQ(memblock.memory.regions[0].flags, MEMBLOCK_HOTPLUG);
	ASSERT_EQ(memblock.memory.total_size, MEM_SIZE);

	test_pass_pop();

	return 0;
}

/*
 * A test that allocates in scratch-only mode from a memory region with a
 * scratch area in its middle:
 *
 *  |         +---------+          |
 *  |         | scratch |          |
 *  +---------+---------+----------+
 *
 * Expect every allocation to land in the scratch area, at the end the
 * allocation direction prefers, and to be reserved as a kernel reservation.
 * Once the scratch area is used up, allocations fail although there is free
 * memory outside it. After scratch-only mode is cleared, allocations succeed
 * outside the scratch area.
 */
static int kho_scratch_only_alloc_generic_check(void)
{
	struct memblock_region *rgn = &memblock.reserved.regions[0];
	phys_addr_t scratch_base, scratch_size = SZ_4K;
	phys_addr_t expected, addr;
	void *ptr;

	PREFIX_PUSH();
	setup_memblock();
	scratch_base = page_in_memory(SZ_8K);

	ASSERT_EQ(memblock_mark_kho_scratch(scratch_base, scratch_size), 0);
	memblock_set_kho_scratch_only();

	ptr = memblock_alloc(SZ_1K, SMP_CACHE_BYTES);
	ASSERT_NE(ptr, NULL);
	addr = (phys_addr_t)ptr;
	if (memblock_bottom_up())
		expected = scratch_base;
	else
		expected = scratch_base + scratch_size - SZ_1K;
	ASSERT_EQ(addr, expected);
	ASSERT_EQ(rgn->base, addr);
	ASSERT_EQ(rgn->size, SZ_1K);
	ASSERT_EQ(rgn->flags, MEMBLOCK_RSRV_KERN);

	/* The rest of the scratch area. */
	addr = memblock_phys_alloc(scratch_size - SZ_1K, SMP_CACHE_BYTES);
	ASSERT_NE(addr, 0);
	ASSERT_TRUE(range_within(addr, scratch_size - SZ_1K,
				 scratch_base, scratch_size));
	ASSERT_EQ(memblock.reserved.cnt, 1);
	ASSERT_EQ(memblock.reserved.total_size, scratch_size);

	/* Scratch is exhausted: allocations fail, whatever the API. */
	ASSERT_EQ(memblock_alloc(SMP_CACHE_BYTES, SMP_CACHE_BYTES), NULL);
	ASSERT_EQ(memblock_alloc_raw(SMP_CACHE_BYTES, SMP_CACHE_BYTES), NULL);
	ASSERT_EQ(memblock_phys_alloc(SMP_CACHE_BYTES, SMP_CACHE_BYTES), 0);
	ASSERT_EQ(memblock_alloc_try_nid(SMP_CACHE_BYTES, SMP_CACHE_BYTES,
					 memblock_start_of_DRAM(),
					 memblock_end_of_DRAM(),
					 NUMA_NO_NODE), NULL);
	ASSERT_EQ(memblock.reserved.total_size, scratch_size);

	memblock_clear_kho_scratch_only();

	ptr = memblock_alloc(SZ_1K, SMP_CACHE_BYTES);
	ASSERT_NE(ptr, NULL);
	addr = (phys_addr_t)ptr;
	ASSERT_FALSE(range_within(addr, SZ_1K, scratch_base, scratch_size));
	ASSERT_TRUE(range_within(addr, SZ_1K, memblock_start_of_DRAM(),
				 MEM_SIZE));
	ASSERT_EQ(memblock.reserved.total_size, scratch_size + SZ_1K);

	test_pass_pop();

	return 0;
}

/*
 * A test that allocates in scratch-only mode with two scratch areas, 2K and
 * 4K in size:
 *
 *  |   +----+        +--------+      |
 *  |   | s1 |        |   s2   |      |
 *  +---+----+--------+--------+------+
 *
 * Expect a 5K request to fail, as no single scratch area can hold it, a 3K
 * request to land in s2 and a 2K request then in s1.
 */
static int kho_scratch_only_two_areas_generic_check(void)
{
	phys_addr_t s1_base, s1_size = SZ_2K;
	phys_addr_t s2_base, s2_size = SZ_4K;
	phys_addr_t addr;

	PREFIX_PUSH();
	setup_memblock();
	s1_base = page_in_memory(SZ_4K);
	s2_base = page_in_memory(SZ_16K);

	ASSERT_EQ(memblock_mark_kho_scratch(s1_base, s1_size), 0);
	ASSERT_EQ(memblock_mark_kho_scratch(s2_base, s2_size), 0);
	memblock_set_kho_scratch_only();

	ASSERT_EQ(memblock_phys_alloc(SZ_4K + SZ_1K, SMP_CACHE_BYTES), 0);

	addr = memblock_phys_alloc(SZ_2K + SZ_1K, SMP_CACHE_BYTES);
	ASSERT_TRUE(range_within(addr, SZ_2K + SZ_1K, s2_base, s2_size));

	addr = memblock_phys_alloc(SZ_2K, SMP_CACHE_BYTES);
	ASSERT_TRUE(range_within(addr, SZ_2K, s1_base, s1_size));

	ASSERT_EQ(memblock.reserved.total_size, SZ_4K + SZ_1K);

	memblock_clear_kho_scratch_only();

	test_pass_pop();

	return 0;
}

/*
 * A test that allocates in scratch-only mode from a physical range. Expect
 * the allocation to fail when the range holds no scratch, although it has
 * free memory, and to land in the scratch part of a range that has some.
 */
static int kho_scratch_only_range_generic_check(void)
{
	phys_addr_t scratch_base, scratch_size = SZ_4K;
	phys_addr_t start, addr;

	PREFIX_PUSH();
	setup_memblock();
	start = memblock_start_of_DRAM();
	scratch_base = page_in_memory(SZ_16K);

	ASSERT_EQ(memblock_mark_kho_scratch(scratch_base, scratch_size), 0);
	memblock_set_kho_scratch_only();

	addr = memblock_phys_alloc_range(SZ_1K, SMP_CACHE_BYTES, start,
					 scratch_base);
	ASSERT_EQ(addr, 0);

	addr = memblock_phys_alloc_range(SZ_1K, SMP_CACHE_BYTES, start,
					 scratch_base + SZ_2K);
	ASSERT_TRUE(range_within(addr, SZ_1K, scratch_base, SZ_2K));

	ASSERT_EQ(memblock.reserved.cnt, 1);

	memblock_clear_kho_scratch_only();

	addr = memblock_phys_alloc_range(SZ_1K, SMP_CACHE_BYTES, start,
					 scratch_base);
	ASSERT_TRUE(range_within(addr, SZ_1K, start, scratch_base - start));

	test_pass_pop();

	return 0;
}

/*
 * A test that walks memory with the iterators while scratch-only mode is on.
 * Expect them to see all memory: the mode restricts allocations only.
 */
static int kho_scratch_only_iterators_check(void)
{
	phys_addr_t start, end, total;
	u64 i;

	PREFIX_PUSH();
	setup_memblock();

	ASSERT_EQ(memblock_mark_kho_scratch(page_in_memory(SZ_8K), SZ_4K), 0);
	memblock_set_kho_scratch_only();

	total = 0;
	for_each_mem_range(i, &start, &end)
		total += end - start;
	ASSERT_EQ(total, MEM_SIZE);

	total = 0;
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &start, &end,
				NULL)
		total += end - start;
	ASSERT_EQ(total, MEM_SIZE);

	memblock_clear_kho_scratch_only();

	test_pass_pop();

	return 0;
}

/*
 * A test that makes memblock double the reserved regions array in
 * scratch-only mode. The scratch area is at the end of memory the allocation
 * direction would pick last:
 *
 *  top-down:   +---------+--------+    bottom-up:  +--------+---------+
 *              | scratch |        |                |        | scratch |
 *              +---------+--------+                +--------+---------+
 *
 * Expect the new array to be allocated, and reserved, inside the scratch
 * area.
 */
static int kho_scratch_only_double_array_generic_check(void)
{
	struct memblock_region *orig_regions = memblock.reserved.regions;
	phys_addr_t scratch_base, scratch_size = MEM_SIZE / 2;
	phys_addr_t fake_base = SZ_128K;
	phys_addr_t new_array, new_array_size;
	int i;

	PREFIX_PUSH();
	reset_memblock_regions();
	memblock_allow_resize();
	memblock_add(dummy_physical_memory_base(), MEM_SIZE);

	if (memblock_bottom_up())
		scratch_base = memblock_end_of_DRAM() - scratch_size;
	else
		scratch_base = memblock_start_of_DRAM();
	ASSERT_EQ(memblock_mark_kho_scratch(scratch_base, scratch_size), 0);
	memblock_set_kho_scratch_only();

	/* Fill the array with regions outside memory, with gaps between. */
	for (i = 0; i < INIT_MEMBLOCK_RESERVED_REGIONS; i++) {
		ASSERT_EQ(memblock_reserve(fake_base, SZ_1K), 0);
		fake_base += SZ_2K;
	}
	ASSERT_EQ(memblock.reserved.max, INIT_MEMBLOCK_RESERVED_REGIONS);

	/* One more region makes memblock double the array. */
	ASSERT_EQ(memblock_reserve(fake_base, SZ_1K), 0);
	ASSERT_EQ(memblock.reserved.max, INIT_MEMBLOCK_RESERVED_REGIONS * 2);

	new_array = (phys_addr_t)memblock.reserved.regions;
	new_array_size = PAGE_ALIGN(INIT_MEMBLOCK_RESERVED_REGIONS * 2 *
				    sizeof(struct memblock_region));
	ASSERT_TRUE(range_within(new_array, new_array_size, scratch_base,
				 scratch_size));
	ASSERT_TRUE(memblock_is_region_reserved(new_array, new_array_size));

	memblock_clear_kho_scratch_only();

	/* The new array is in the dummy memory: go back to the static one. */
	memblock.reserved.regions = orig_regions;
	memblock.reserved.cnt = INIT_MEMBLOCK_RESERVED_REGIONS;
	memblock.reserved.max = INIT_MEMBLOCK_RESERVED_REGIONS;

	test_pass_pop();

	return 0;
}

/*
 * A test of memblock_reserved_kern_size() with plain and kernel
 * reservations. Expect only kernel reservations (memblock_reserve_kern() and
 * allocations) to be counted, cut at the limit, also when a plain
 * reservation is made over one of them, and not when they lie outside
 * memory.
 */
static int kho_reserved_kern_size_check(void)
{
	struct memblock_region *rgn;
	phys_addr_t base, kern_base;
	void *ptr;

	PREFIX_PUSH();
	setup_memblock();
	base = memblock_start_of_DRAM();
	kern_base = page_in_memory(SZ_4K);

	ASSERT_EQ(kern_size(MEMBLOCK_ALLOC_ANYWHERE, NUMA_NO_NODE), 0);

	ASSERT_EQ(memblock_reserve(base, SZ_1K), 0);
	ASSERT_EQ(kern_size(MEMBLOCK_ALLOC_ANYWHERE, NUMA_NO_NODE), 0);

	ASSERT_EQ(memblock_reserve_kern(kern_base, SZ_2K), 0);
	ASSERT_EQ(kern_size(MEMBLOCK_ALLOC_ANYWHERE, NUMA_NO_NODE), SZ_2K);
	ASSERT_EQ(memblock.reserved.cnt, 2);
	ASSERT_EQ(memblock.reserved.regions[1].flags, MEMBLOCK_RSRV_KERN);

	/* The limit cuts. */
	ASSERT_EQ(kern_size(kern_base + SZ_1K, NUMA_NO_NODE), SZ_1K);
	ASSERT_EQ(kern_size(kern_base, NUMA_NO_NODE), 0);
	ASSERT_EQ(kern_size(base, NUMA_NO_NODE), 0);

#ifndef CONFIG_NUMA
	/* Without NUMA, all memory is node 0. */
	ASSERT_EQ(kern_size(MEMBLOCK_ALLOC_ANYWHERE, 0), SZ_2K);
#endif

	ptr = memblock_alloc(SZ_512, SMP_CACHE_BYTES);
	ASSERT_NE(ptr, NULL);
	ASSERT_EQ(kern_size(MEMBLOCK_ALLOC_ANYWHERE, NUMA_NO_NODE),
		  SZ_2K + SZ_512);

	/*
	 * A plain reservation over the kernel one, sticking out on both
	 * sides, leaves the kernel part as it is.
	 */
	ASSERT_EQ(memblock_reserve(kern_base - SZ_1K, SZ_4K), 0);
	ASSERT_EQ(kern_size(MEMBLOCK_ALLOC_ANYWHERE, NUMA_NO_NODE),
		  SZ_2K + SZ_512);
	rgn = &memblock.reserved.regions[2];
	ASSERT_EQ(rgn->base, kern_base);
	ASSERT_EQ(rgn->size, SZ_2K);
	ASSERT_EQ(rgn->flags, MEMBLOCK_RSRV_KERN);
	ASSERT_EQ(rgn[-1].base, kern_base - SZ_1K);
	ASSERT_EQ(rgn[-1].flags, MEMBLOCK_NONE);
	ASSERT_EQ(rgn[1].base, kern_base + SZ_2K);
	ASSERT_EQ(rgn[1].size, SZ_1K);
	ASSERT_EQ(rgn[1].flags, MEMBLOCK_NONE);

	/* Freeing shrinks the count. */
	memblock_free(ptr, SZ_512);
	ASSERT_EQ(kern_size(MEMBLOCK_ALLOC_ANYWHERE, NUMA_NO_NODE), SZ_2K);
	ASSERT_EQ(memblock_phys_free(kern_base, SZ_1K), 0);
	ASSERT_EQ(kern_size(MEMBLOCK_ALLOC_ANYWHERE, NUMA_NO_NODE), SZ_1K);

	/* Kernel reservations outside memory are not counted. */
	ASSERT_EQ(memblock_reserve_kern(SZ_128K, SZ_4K), 0);
	ASSERT_EQ(kern_size(MEMBLOCK_ALLOC_ANYWHERE, NUMA_NO_NODE), SZ_1K);

	test_pass_pop();

	return 0;
}

#ifdef CONFIG_NUMA
/*
 * contains the fraction of MEM_SIZE contained in each node in basis point
 * units (one hundredth of 1% or 1/10000)
 */
static const unsigned int node_fractions[] = {
	2500, /* 1/4  */
	 625, /* 1/16 */
	1250, /* 1/8  */
	1250, /* 1/8  */
	 625, /* 1/16 */
	 625, /* 1/16 */
	2500, /* 1/4  */
	 625, /* 1/16 */
};

/*
 * A test of memblock_reserved_kern_size() per node, with allocations on
 * nodes 2 and 5 and a kernel reservation across the boundary of nodes 0
 * and 1. Expect every node to count its own part only.
 */
static int kho_reserved_kern_size_numa_check(void)
{
	struct memblock_region *node1, *node2, *node5;
	phys_addr_t start, end;
	void *ptr;

	PREFIX_PUSH();
	setup_numa_memblock(node_fractions);
	node1 = &memblock.memory.regions[1];
	node2 = &memblock.memory.regions[2];
	node5 = &memblock.memory.regions[5];
	start = memblock_start_of_DRAM();
	end = memblock_end_of_DRAM();

	ptr = memblock_alloc_exact_nid_raw(SZ_512, SMP_CACHE_BYTES, start, end,
					   2);
	ASSERT_NE(ptr, NULL);
	ASSERT_TRUE(range_within((phys_addr_t)ptr, SZ_512, node2->base,
				 node2->size));

	ptr = memblock_alloc_exact_nid_raw(SZ_1K, SMP_CACHE_BYTES, start, end,
					   5);
	ASSERT_NE(ptr, NULL);
	ASSERT_TRUE(range_within((phys_addr_t)ptr, SZ_1K, node5->base,
				 node5->size));

	ASSERT_EQ(memblock_reserve_kern(node1->base - SZ_256, SZ_512), 0);

	ASSERT_EQ(kern_size(MEMBLOCK_ALLOC_ANYWHERE, 0), SZ_256);
	ASSERT_EQ(kern_size(MEMBLOCK_ALLOC_ANYWHERE, 1), SZ_256);
	ASSERT_EQ(kern_size(MEMBLOCK_ALLOC_ANYWHERE, 2), SZ_512);
	ASSERT_EQ(kern_size(MEMBLOCK_ALLOC_ANYWHERE, 3), 0);
	ASSERT_EQ(kern_size(MEMBLOCK_ALLOC_ANYWHERE, 5), SZ_1K);
	ASSERT_EQ(kern_size(MEMBLOCK_ALLOC_ANYWHERE, NUMA_NO_NODE),
		  SZ_256 + SZ_256 + SZ_512 + SZ_1K);

	/* The limit and the node together. */
	ASSERT_EQ(kern_size(node1->base, NUMA_NO_NODE), SZ_256);
	ASSERT_EQ(kern_size(node1->base, 1), 0);
	ASSERT_EQ(kern_size(node2->base, 1), SZ_256);

	test_pass_pop();

	return 0;
}

/*
 * A test that allocates on nodes in scratch-only mode, with all of node 6
 * scratch. Expect an allocation that may fall back to other nodes to land
 * in node 6, one on the exact node 1 to fail, and one on node 6 to succeed.
 */
static int kho_scratch_only_numa_check(void)
{
	struct memblock_region *node6;
	phys_addr_t start, end;
	void *ptr;

	PREFIX_PUSH();
	setup_numa_memblock(node_fractions);
	node6 = &memblock.memory.regions[6];
	start = memblock_start_of_DRAM();
	end = memblock_end_of_DRAM();

	ASSERT_EQ(memblock_mark_kho_scratch(node6->base, node6->size), 0);
	memblock_set_kho_scratch_only();

	ptr = memblock_alloc_try_nid(SZ_512, SMP_CACHE_BYTES, start, end, 1);
	ASSERT_NE(ptr, NULL);
	ASSERT_TRUE(range_within((phys_addr_t)ptr, SZ_512, node6->base,
				 node6->size));

	ptr = memblock_alloc_exact_nid_raw(SZ_512, SMP_CACHE_BYTES, start, end,
					   1);
	ASSERT_EQ(ptr, NULL);

	ptr = memblock_alloc_exact_nid_raw(SZ_512, SMP_CACHE_BYTES, start, end,
					   6);
	ASSERT_NE(ptr, NULL);
	ASSERT_TRUE(range_within((phys_addr_t)ptr, SZ_512, node6->base,
				 node6->size));

	memblock_clear_kho_scratch_only();

	test_pass_pop();

	return 0;
}

static void kho_numa_checks(void)
{
	test_print("\tRunning %s NUMA tests...\n", FUNC_NAME);
	kho_reserved_kern_size_numa_check();
	kho_scratch_only_numa_check();
}
#else
static void kho_numa_checks(void)
{
}
#endif /* CONFIG_NUMA */

static int kho_scratch_only_alloc_check(void)
{
	test_print("\tRunning %s...\n", __func__);
	run_top_down(kho_scratch_only_alloc_generic_check);
	run_bottom_up(kho_scratch_only_alloc_generic_check);

	return 0;
}

static int kho_scratch_only_two_areas_check(void)
{
	test_print("\tRunning %s...\n", __func__);
	run_top_down(kho_scratch_only_two_areas_generic_check);
	run_bottom_up(kho_scratch_only_two_areas_generic_check);

	return 0;
}

static int kho_scratch_only_range_check(void)
{
	test_print("\tRunning %s...\n", __func__);
	run_top_down(kho_scratch_only_range_generic_check);
	run_bottom_up(kho_scratch_only_range_generic_check);

	return 0;
}

static int kho_scratch_only_double_array_check(void)
{
	test_print("\tRunning %s...\n", __func__);
	run_top_down(kho_scratch_only_double_array_generic_check);
	run_bottom_up(kho_scratch_only_double_array_generic_check);

	return 0;
}

/*
 * A test of memblock_reserve_sorted(), which KHO uses to reserve what the
 * previous kernel preserved, with ranges outside the dummy memory:
 *
 *  ranges:    |AB|  |C-overlaps-K|  |D|  |E|P|  F0 F1 F2 ... (sparse)
 *  reserved:            |K|              |P|
 *
 * K is a kernel reservation (MEMBLOCK_RSRV_KERN), P a plain one. Expect A
 * and B to become one region, C to go around K, which keeps its flag, E to
 * be merged with P, and the sparse ranges, more than the initial array
 * holds, to make the array grow (in scratch, in scratch-only mode), all
 * with the sizes added up. Unsorted, overlapping or empty ranges are
 * refused and change nothing.
 */
static int kho_reserve_sorted_check(void)
{
	struct memblock_region *orig_regions = memblock.reserved.regions;
	const unsigned long nr_sparse = INIT_MEMBLOCK_RESERVED_REGIONS + 40;
	phys_addr_t scratch_base, scratch_size = MEM_SIZE / 2;
	phys_addr_t base, k, p;
	struct memblock_region *r, *rgn;
	unsigned long i, n = 0;

	PREFIX_PUSH();
	reset_memblock_regions();
	memblock_allow_resize();
	memblock_add(dummy_physical_memory_base(), MEM_SIZE);
	base = memblock_end_of_DRAM() + SZ_1M;
	k = base + SZ_64K;
	p = base + SZ_128K;
	scratch_base = memblock_start_of_DRAM();
	ASSERT_EQ(memblock_mark_kho_scratch(scratch_base, scratch_size), 0);
	memblock_set_kho_scratch_only();

	ASSERT_EQ(memblock_reserve_kern(k, SZ_4K), 0);
	ASSERT_EQ(memblock_reserve(p, SZ_4K), 0);

	r = calloc(nr_sparse + 5, sizeof(*r));
	ASSERT_NE(r, NULL);
	r[n].base = base;			/* A */
	r[n++].size = SZ_4K;
	r[n].base = base + SZ_4K;		/* B */
	r[n++].size = SZ_4K;
	r[n].base = k - SZ_4K;			/* C, over K */
	r[n++].size = SZ_16K;
	r[n].base = base + SZ_32K + SZ_64K;		/* D */
	r[n++].size = SZ_8K;
	r[n].base = p - SZ_4K;			/* E, just below P */
	r[n++].size = SZ_4K;
	for (i = 0; i < nr_sparse; i++) {	/* F0, F1, ... */
		r[n].base = base + SZ_1M + i * SZ_8K;
		r[n++].size = SZ_4K;
	}

	/* Refused: out of order, overlapping, empty. */
	r[0].base = base + SZ_8K;
	ASSERT_EQ(memblock_reserve_sorted(r, n), -EINVAL);
	r[0].base = base;
	r[1].base -= 1;
	ASSERT_EQ(memblock_reserve_sorted(r, n), -EINVAL);
	r[1].base += 1;
	r[3].size = 0;
	ASSERT_EQ(memblock_reserve_sorted(r, n), -EINVAL);
	r[3].size = SZ_8K;
	ASSERT_EQ(memblock.reserved.cnt, 2);

	ASSERT_EQ(memblock_reserve_sorted(r, n), 0);

	/* The new array, and its reservation, are in scratch. */
	ASSERT_TRUE(memblock.reserved.max >= 5 + nr_sparse);
	ASSERT_TRUE(range_within((phys_addr_t)memblock.reserved.regions,
				 memblock.reserved.max * sizeof(*rgn),
				 scratch_base, scratch_size));
	rgn = memblock.reserved.regions;
	/* The array itself, in the dummy memory, comes first. */
	ASSERT_TRUE(rgn[0].base < base);
	rgn++;
	ASSERT_EQ(rgn[0].base, base);			/* A + B */
	ASSERT_EQ(rgn[0].size, SZ_8K);
	ASSERT_EQ(rgn[1].base, k - SZ_4K);		/* C below K */
	ASSERT_EQ(rgn[1].size, SZ_4K);
	ASSERT_EQ(rgn[2].base, k);			/* K */
	ASSERT_EQ(rgn[2].size, SZ_4K);
	ASSERT_EQ(rgn[2].flags, MEMBLOCK_RSRV_KERN);
	ASSERT_EQ(rgn[3].base, k + SZ_4K);		/* C above K */
	ASSERT_EQ(rgn[3].size, SZ_8K);
	ASSERT_EQ(rgn[3].flags, MEMBLOCK_NONE);
	ASSERT_EQ(rgn[4].base, base + SZ_32K + SZ_64K);		/* D */
	ASSERT_EQ(rgn[5].base, p - SZ_4K);		/* E + P */
	ASSERT_EQ(rgn[5].size, SZ_8K);
	for (i = 0; i < nr_sparse; i++) {
		ASSERT_EQ(rgn[6 + i].base, base + SZ_1M + i * SZ_8K);
		ASSERT_EQ(rgn[6 + i].size, SZ_4K);
	}
	ASSERT_EQ(memblock.reserved.cnt, 1 + 6 + nr_sparse);
	ASSERT_EQ(memblock.reserved.total_size,
		  rgn[-1].size + SZ_8K + SZ_16K + SZ_8K + SZ_8K +
		  nr_sparse * SZ_4K);

	free(r);
	memblock_clear_kho_scratch_only();
	memblock.reserved.regions = orig_regions;
	memblock.reserved.cnt = 0;
	memblock.reserved.max = INIT_MEMBLOCK_RESERVED_REGIONS;

	test_pass_pop();

	return 0;
}

int memblock_kho_checks(void)
{
	prefix_reset();
	prefix_push(FUNC_NAME);
	test_print("Running %s tests...\n", FUNC_NAME);

	reset_memblock_attributes();
	dummy_physical_memory_init();

	kho_mark_scratch_check();
	kho_mark_scratch_flags_check();
	kho_scratch_only_alloc_check();
	kho_scratch_only_two_areas_check();
	kho_scratch_only_range_check();
	kho_scratch_only_iterators_check();
	kho_scratch_only_double_array_check();
	run_top_down(kho_reserved_kern_size_check);
	run_top_down(kho_reserve_sorted_check);
	kho_numa_checks();

	memblock_set_bottom_up(false);
	dummy_physical_memory_cleanup();

	prefix_pop();

	return 0;
}
