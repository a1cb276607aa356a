// SPDX-License-Identifier: GPL-2.0
/*
 * Kexec HandOver scratch areas: memory that never holds preserved data.
 *
 * A cold boot with kho=on sizes them (kho_scratch=, or a multiple of the
 * kernel's own early reservations) and reserves them in memblock; a KHO boot
 * inherits the areas its predecessor used and hands the same ones on. Either
 * way the page allocator gets them as CMA pageblocks: only movable
 * allocations land there, so the next kernel can boot from them again.
 */

#define pr_fmt(fmt) "KHO: " fmt

#include <linux/cma.h>
#include <linux/init.h>
#include <linux/kexec_handover.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/nodemask.h>
#include <linux/page-isolation.h>

#include "../mm/internal.h"
#include "kexec_handover_internal.h"

struct kho_scratch *kho_scratch;
unsigned int kho_scratch_cnt;

static struct kho_scratch_sizes kho_scratch_req __initdata = {
	.percent = KHO_SCRATCH_DEFAULT_PERCENT,
};

static bool kho_scratch_malformed __initdata;
static bool kho_scratch_given __initdata;

/**
 * kho_parse_scratch_sizes - parse the value of kho_scratch=
 * @p: "N%" or "LOW,GLOBAL,PERNODE" (each with an optional K/M/G suffix)
 * @sizes: receives the result
 *
 * Return: 0 on success, -EINVAL if @p is malformed (@sizes is then
 * unchanged).
 */
int kho_parse_scratch_sizes(const char *p, struct kho_scratch_sizes *sizes)
{
	unsigned long long val[3];
	unsigned int percent, i;
	char *end;

	if (!p || !*p)
		return -EINVAL;

	end = strchr(p, '%');
	if (end) {
		char num[16];

		if (end[1] || end == p || end - p >= sizeof(num))
			return -EINVAL;
		memcpy(num, p, end - p);
		num[end - p] = '\0';
		if (kstrtouint(num, 10, &percent) || !percent ||
		    percent > KHO_SCRATCH_MAX_PERCENT)
			return -EINVAL;
		*sizes = (struct kho_scratch_sizes){ .percent = percent };
		return 0;
	}

	for (i = 0; i < ARRAY_SIZE(val); i++) {
		if (!isdigit(*p))
			return -EINVAL;
		val[i] = memparse(p, &end);
		if (*end != (i == ARRAY_SIZE(val) - 1 ? '\0' : ','))
			return -EINVAL;
		p = end + 1;
	}
	/* The low-memory and global areas are needed to boot at all. */
	if (!val[0] || !val[1])
		return -EINVAL;

	*sizes = (struct kho_scratch_sizes){
		.lowmem = val[0], .global = val[1], .pernode = val[2],
	};
	return 0;
}

static int __init kho_parse_scratch(char *p)
{
	if (kho_parse_scratch_sizes(p, &kho_scratch_req)) {
		pr_err("malformed kho_scratch=%s (want N%% or LOW,GLOBAL,PERNODE)\n",
		       p ? p : "");
		kho_scratch_malformed = true;
	}
	kho_scratch_given = true;
	return 0;
}
early_param("kho_scratch", kho_parse_scratch);

static phys_addr_t __init kho_scratch_size(phys_addr_t explicit,
					   phys_addr_t limit, int nid,
					   phys_addr_t floor)
{
	phys_addr_t size = explicit;

	if (!kho_scratch_req.lowmem) {
		size = memblock_reserved_kern_size(limit, nid) *
		       kho_scratch_req.percent / 100;
		size = max(size, floor);
	}
	return round_up(size, CMA_MIN_ALIGNMENT_BYTES);
}

/**
 * kho_scratch_reserve - set aside scratch for the next kernel (cold boot)
 *
 * Sizes the low-memory, global and per-node areas, allocates them from
 * memblock and marks them as scratch. Turns KHO off if kho_scratch= was
 * malformed or an area cannot be allocated.
 */
void __init kho_scratch_reserve(void)
{
	unsigned int max_cnt, cnt = 0, i;
	struct kho_scratch *plan;
	int nid;

	if (kho_scratch_malformed) {
		kho_disable("kho_scratch= is malformed");
		return;
	}

	max_cnt = 2 + nodes_weight(node_states[N_MEMORY]);
	kho_scratch = memblock_alloc(max_cnt * sizeof(*kho_scratch), PAGE_SIZE);
	plan = memblock_alloc(max_cnt * sizeof(*plan), PAGE_SIZE);
	if (!kho_scratch || !plan) {
		kho_disable("cannot allocate the scratch array");
		goto fail;
	}

	/*
	 * Size every area before allocating any: the scratch allocations are
	 * kernel reservations themselves and must not inflate the sizes.
	 * plan[].addr holds the upper limit of each allocation.
	 */
	plan[0] = (struct kho_scratch){
		ARCH_LOW_ADDRESS_LIMIT,
		kho_scratch_size(kho_scratch_req.lowmem, ARCH_LOW_ADDRESS_LIMIT,
				 NUMA_NO_NODE, KHO_SCRATCH_MIN_LOWMEM),
	};
	plan[1] = (struct kho_scratch){
		MEMBLOCK_ALLOC_ACCESSIBLE,
		kho_scratch_size(kho_scratch_req.global, MEMBLOCK_ALLOC_ANYWHERE,
				 NUMA_NO_NODE, KHO_SCRATCH_MIN_GLOBAL),
	};
	i = 2;
	for_each_node_state(nid, N_MEMORY)
		plan[i++] = (struct kho_scratch){
			MEMBLOCK_ALLOC_ACCESSIBLE,
			kho_scratch_size(kho_scratch_req.pernode,
					 MEMBLOCK_ALLOC_ANYWHERE, nid, 0),
		};

	nid = NUMA_NO_NODE;
	for (i = 0; i < max_cnt; i++) {
		phys_addr_t size = plan[i].size, addr;
		bool exact_nid;

		/* Areas past the first two are per node, in node order. */
		if (i >= 2)
			nid = i == 2 ? first_memory_node : next_memory_node(nid);
		if (!size)
			continue;
		exact_nid = nid != NUMA_NO_NODE;
		addr = memblock_alloc_range_nid(size, CMA_MIN_ALIGNMENT_BYTES,
						0, plan[i].addr, nid,
						exact_nid);
		if (!addr) {
			kho_disable("cannot allocate %pa of scratch (node %d)",
				    &size, nid);
			goto fail;
		}
		kho_scratch[cnt++] = (struct kho_scratch){ addr, size };
	}
	kho_scratch_cnt = cnt;
	for (i = 0; i < cnt; i++)
		memblock_mark_kho_scratch(kho_scratch[i].addr,
					  kho_scratch[i].size);
	pr_info("scratch: %u areas: %pa low, %pa global, %pa on node %d\n",
		cnt, &plan[0].size, &plan[1].size, &plan[2].size,
		first_memory_node);
	memblock_free(plan, max_cnt * sizeof(*plan));
	return;

fail:
	for (i = 0; i < cnt; i++)
		memblock_phys_free(kho_scratch[i].addr, kho_scratch[i].size);
	if (kho_scratch)
		memblock_free(kho_scratch, max_cnt * sizeof(*kho_scratch));
	if (plan)
		memblock_free(plan, max_cnt * sizeof(*plan));
	kho_scratch = NULL;
	kho_scratch_cnt = 0;
}

/**
 * kho_scratch_inherit - take over the scratch areas of a handover (KHO boot)
 * @areas: the scratch array the previous kernel handed over (checked by
 *	kho_populate(), and reserved for the whole boot)
 * @cnt: number of @areas
 *
 * The areas become this boot's scratch, handed on at the next kexec. Their
 * pageblocks are marked CMA now, before memblock frees their pages, so the
 * pages land on the CMA free lists. With deferred struct page init their
 * struct pages may not be initialised yet: do it first, the pageblock type
 * and the zone's CMA count need them (the deferred pass keeps CMA types).
 */
void __init kho_scratch_inherit(struct kho_scratch *areas, unsigned int cnt)
{
	unsigned int i;

	kho_scratch = areas;
	kho_scratch_cnt = cnt;
	for (i = 0; i < cnt; i++) {
		unsigned long pfn = PHYS_PFN(areas[i].addr);
		unsigned long end = pfn + PHYS_PFN(areas[i].size);

		for (; pfn < end; pfn += pageblock_nr_pages) {
			struct page *page = pfn_to_page(pfn);
			int nid = early_pfn_to_nid(pfn);
			unsigned long j;

			for (j = 0; j < pageblock_nr_pages; j++)
				init_deferred_page(pfn + j, nid);
			set_pageblock_migratetype(page, MIGRATE_CMA);
			page_zone(page)->cma_pages += pageblock_nr_pages;
		}
	}
	if (kho_scratch_given)
		pr_info("kho_scratch= ignored: a KHO boot reuses the scratch areas it was handed\n");
}

/* Cold boot: memblock kept the areas reserved; free each pageblock as CMA. */
static void __init kho_scratch_release_reserved(void)
{
	unsigned int i;

	for (i = 0; i < kho_scratch_cnt; i++) {
		unsigned long pfn = PHYS_PFN(kho_scratch[i].addr);
		unsigned long end = PHYS_PFN(kho_scratch[i].addr +
					     kho_scratch[i].size);

		for (; pfn < end; pfn += pageblock_nr_pages)
			init_cma_reserved_pageblock(pfn_to_page(pfn));
	}
}

/**
 * kho_scratch_late_init - give scratch to the page allocator as CMA
 *
 * On a cold boot the reserved areas are freed to the buddy allocator as CMA
 * pageblocks now that it is up (a KHO boot did the equivalent in
 * kho_scratch_inherit()). Either way the areas are counted in CmaTotal only
 * now: the boot-time "Memory:" line subtracts CMA from memory that, on a KHO
 * boot, already includes the scratch pages.
 */
void __init kho_scratch_late_init(void)
{
	unsigned int i;

	if (kho_get_mode() == KHO_MODE_COLD)
		kho_scratch_release_reserved();
	for (i = 0; i < kho_scratch_cnt; i++)
		totalcma_pages += kho_scratch[i].size >> PAGE_SHIFT;
}
