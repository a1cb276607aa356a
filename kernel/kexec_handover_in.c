// SPDX-License-Identifier: GPL-2.0
/*
 * Kexec HandOver, incoming side: what this kernel received.
 *
 * In the order a KHO boot meets it: kho_populate() checks the handover as
 * soon as memblock knows the RAM and confines early allocations to scratch;
 * kho_in_memory_init() reserves every preserved block before memblock frees
 * memory; kho_in_init() reads the kexec metadata late in boot. From then on
 * subsystems find their subtrees with kho_retrieve_subtree() and take their
 * memory back with kho_restore_folio() and kho_restore_pages().
 *
 * Everything read here was written by another kernel and is checked before
 * it is used; a handover that fails a check is dropped as a whole and the
 * boot goes on without it.
 */

#define pr_fmt(fmt) "KHO: " fmt

#include <linux/cleanup.h>
#include <linux/cma.h>
#include <linux/crash_dump.h>
#include <linux/io.h>
#include <linux/kexec_handover.h>
#include <linux/kho/abi/kexec_handover.h>
#include <linux/kho/abi/kexec_metadata.h>
#include <linux/libfdt.h>
#include <linux/math64.h>
#include <linux/memblock.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/page-isolation.h>
#include <linux/timex.h>

#include <asm/early_ioremap.h>
#ifdef CONFIG_X86
#include <asm/tsc.h>
#endif
#ifdef CONFIG_ARM_ARCH_TIMER
#include <clocksource/arm_arch_timer.h>
#endif

#include "../mm/internal.h"
#include "kexec_handover_fdt.h"
#include "kexec_handover_internal.h"

/* The accepted handover; set by kho_populate(), valid while is_kho_boot(). */
static struct {
	phys_addr_t fdt_phys;
	phys_addr_t scratch_phys;
	u64 scratch_len;
	phys_addr_t map_root;
	struct kho_radix_tree map;	/* incoming map, read during init */
	phys_addr_t list;		/* first page of the list of blocks */
	unsigned long nr_blocks;	/* blocks in the list */
	struct mutex restore_lock;	/* the vetting by a first reader */
	phys_addr_t ram_end;		/* no valid block ends above it */
	bool vetted;			/* kho_in_vet() ran */
	bool recorded;			/* blocks carry restore records */
	u32 kexec_count;
	char previous_release[KHO_KEXEC_METADATA_RELEASE_LEN];
} kho_in = {
	.map = { .lock = __MUTEX_INITIALIZER(kho_in.map.lock) },
	.restore_lock = __MUTEX_INITIALIZER(kho_in.restore_lock),
};

/*
 * What the early steps of a KHO boot cost, in get_cycles() units: printk
 * has no clock yet when most of them run. Printed by kho_in_init().
 */
enum kho_prof_step {
	KHO_PROF_CHECK,		/* kho_populate(): walk and check the map */
	KHO_PROF_RESERVE,	/* kho_in_memory_init(): reserve the blocks */
	KHO_PROF_RELEASE,	/* memblock releases memory (mem_init()) */
	KHO_PROF_LATE,		/* kho_memory_init_late() */
	KHO_PROF_NR,
};

static u64 kho_prof[KHO_PROF_NR] __initdata;
static cycles_t kho_prof_mark __initdata;

static void __init kho_prof_start(void)
{
	kho_prof_mark = get_cycles();
}

static void __init kho_prof_end(enum kho_prof_step step)
{
	cycles_t now = get_cycles();

	kho_prof[step] += now - kho_prof_mark;
	kho_prof_mark = now;
}

/* Microseconds from get_cycles() units, 0 where the rate is unknown. */
static u64 __init kho_prof_us(enum kho_prof_step step)
{
	u64 rate_khz = 0;

#ifdef CONFIG_X86
	rate_khz = tsc_khz;
#elif defined(CONFIG_ARM_ARCH_TIMER)
	rate_khz = arch_timer_get_rate() / 1000;
#endif
	return rate_khz ? div64_u64(kho_prof[step] * 1000, rate_khz) : 0;
}

/*
 * From kho_memory_init_late() until its restore, what a preserved block is
 * sits in the private field of the struct page of its first page: a tag and
 * the order of the block. A restore checks and clears this one word instead
 * of looking the block up in the map. Only blocks of at most MAX_PAGE_ORDER
 * get one: larger ones cannot be restored and stay reserved.
 */
#define KHO_RECORD_TAG		0x4b484f00UL	/* "KHO" */
#define KHO_RECORD_ORDER	0xffUL

static unsigned long kho_record_make(unsigned int order)
{
	return KHO_RECORD_TAG | order;
}

static bool kho_record_valid(unsigned long rec)
{
	return (rec & ~KHO_RECORD_ORDER) == KHO_RECORD_TAG &&
	       (rec & KHO_RECORD_ORDER) <= MAX_PAGE_ORDER;
}

static unsigned int kho_record_order(unsigned long rec)
{
	return rec & KHO_RECORD_ORDER;
}

/*
 * Besides scratch, the memory a KHO boot writes before it has reserved what
 * was preserved: on x86 the first MiB, where early boot puts the real-mode
 * trampoline (see x86_kho_populate()). Nothing handed over may lie there.
 */
#define KHO_EARLY_LOW_END	(IS_ENABLED(CONFIG_X86) ? SZ_1M : 0)

/*
 * Why [@phys, @phys + @size) cannot hold anything handed over, because
 * this kernel writes it before it reserves preserved memory; NULL if it can.
 * @area receives the index of the scratch area it overlaps, or -1.
 */
static const char *kho_early_clobbered(const struct kho_scratch *scratch,
				       unsigned int nr_scratch,
				       phys_addr_t phys, u64 size, int *area)
{
	*area = kho_scratch_overlap(scratch, nr_scratch, phys, size);
	if (*area >= 0)
		return "lies in scratch";
	if (phys < KHO_EARLY_LOW_END)
		return "lies in the first MiB";
	return NULL;
}

/*
 * RAM this kernel maps: memblock memory, but not MEMBLOCK_NOMAP regions
 * (arm64 firmware tables), which are missing from the linear map.
 */
static bool __init kho_is_ram(phys_addr_t phys, u64 size, void *arg)
{
	struct memblock_region *r;

	if (!size || phys + size <= phys ||
	    !memblock_is_region_memory(phys, size))
		return false;
	for_each_mem_region(r) {
		if ((r->flags & MEMBLOCK_NOMAP) && phys < r->base + r->size &&
		    r->base < phys + size)
			return false;
	}
	return true;
}

/* -------------------------------------------------------------------------
 * Early boot: accept the handover
 */

/*
 * The map is walked once, by kho_populate(), which lists what it found in
 * pages allocated from scratch: memory init reserves the blocks from this
 * list and writes their restore records, then frees it. An entry is the
 * page-aligned address of a block with its order in the bits below, or of a
 * node page of the map with KHO_LIST_NODE and its level there.
 */
struct kho_list_page {
	u64 next;	/* physical address of the next page, 0 for the last */
	u64 nr;		/* entries used */
	u64 entry[];
};

#define KHO_LIST_ENTRIES \
	((PAGE_SIZE - sizeof(struct kho_list_page)) / sizeof(u64))
#define KHO_LIST_NODE		0x800	/* above any order, below PAGE_SIZE */

/* What the check of the map found. */
struct kho_check_ctx {
	const struct kho_scratch *scratch;
	unsigned int nr_scratch;
	unsigned long blocks;
	u64 bytes;
	phys_addr_t list;		/* first page of the list */
	struct kho_list_page *cur;	/* last page, mapped */
};

/* Append an entry to the list, in a new page of scratch if need be. */
static int __init kho_list_add(struct kho_check_ctx *ctx, u64 entry)
{
	struct kho_list_page *page = ctx->cur, *next;
	phys_addr_t phys;

	if (!page || page->nr >= KHO_LIST_ENTRIES) {
		phys = memblock_phys_alloc_range(PAGE_SIZE, PAGE_SIZE, 0,
						 MEMBLOCK_ALLOC_ANYWHERE);
		next = phys ? early_memremap(phys, PAGE_SIZE) : NULL;
		if (!next) {
			if (phys)
				memblock_phys_free(phys, PAGE_SIZE);
			pr_err("handover rejected: no scratch memory for the list of preserved blocks\n");
			return -ENOMEM;
		}
		next->next = 0;
		next->nr = 0;
		if (page) {
			page->next = phys;
			early_memunmap(page, PAGE_SIZE);
		} else {
			ctx->list = phys;
		}
		ctx->cur = next;
		page = next;
	}
	page->entry[page->nr++] = entry;
	return 0;
}

/* Free the list of a rejected handover (early boot). */
static void __init kho_list_free_early(phys_addr_t phys)
{
	struct kho_list_page *page;
	phys_addr_t next;

	while (phys) {
		page = early_memremap(phys, PAGE_SIZE);
		if (!page)
			return;
		next = page->next;
		early_memunmap(page, PAGE_SIZE);
		memblock_phys_free(phys, PAGE_SIZE);
		phys = next;
	}
}

/*
 * Call @fn for every entry of the list at @phys (linear map), with its
 * address and its order (or KHO_LIST_NODE | level); stop at the first non-zero
 * return, which is returned. The list is this boot's own, in memory that
 * stayed reserved: its entries are the ones kho_populate() checked.
 */
static int __init kho_list_for_each(phys_addr_t phys,
				    int (*fn)(phys_addr_t phys,
					      unsigned int order, void *arg),
				    void *arg)
{
	const struct kho_list_page *page;
	unsigned long i;
	int ret;

	for (; phys; phys = page->next) {
		page = phys_to_virt(phys);
		for (i = 0; i < page->nr; i++) {
			u64 e = page->entry[i];

			ret = fn(e & PAGE_MASK, e & ~PAGE_MASK, arg);
			if (ret)
				return ret;
		}
	}
	return 0;
}

static const void * __init kho_early_map(phys_addr_t phys, void *arg)
{
	return early_memremap(phys, PAGE_SIZE);
}

static void __init kho_early_unmap(const void *virt, void *arg)
{
	early_memunmap((void *)virt, PAGE_SIZE);
}

static int __init kho_check_block(phys_addr_t phys, unsigned int order,
				  void *arg)
{
	struct kho_check_ctx *ctx = arg;
	u64 size = PAGE_SIZE << order;
	const char *why;
	int i;

	why = kho_early_clobbered(ctx->scratch, ctx->nr_scratch, phys, size, &i);
	if (why && i >= 0) {
		pr_err("handover rejected: preserved block %pa order %u lies in scratch area %d\n",
		       &phys, order, i);
		return -EINVAL;
	}
	if (why) {
		pr_err("handover rejected: preserved block %pa order %u %s\n",
		       &phys, order, why);
		return -EINVAL;
	}
	ctx->blocks++;
	ctx->bytes += size;
	return kho_list_add(ctx, phys | order);
}

/*
 * The map's own node pages are read until the last restore: early boot must
 * not overwrite them before they are reserved.
 */
static int __init kho_check_node(phys_addr_t phys, unsigned int level,
				 void *arg)
{
	struct kho_check_ctx *ctx = arg;
	const char *why;
	int i;

	why = kho_early_clobbered(ctx->scratch, ctx->nr_scratch, phys,
				  PAGE_SIZE, &i);
	if (why) {
		pr_err("handover rejected: map node %pa (level %u) %s\n",
		       &phys, level, why);
		return -EINVAL;
	}
	return kho_list_add(ctx, phys | KHO_LIST_NODE | level);
}

/* Check the map before the handover is accepted (no memory is touched). */
static const struct kho_radix_walk_ops kho_check_ops __initconst = {
	.map = kho_early_map,
	.unmap = kho_early_unmap,
	.valid = kho_is_ram,
	.node = kho_check_node,
	.block = kho_check_block,
};

/* What a valid tree for this RAM can hold bounds the walk of any tree. */
static unsigned long __init kho_map_max_nodes(void)
{
	return kho_radix_max_nodes(memblock_end_of_DRAM());
}

/**
 * kho_populate - accept the handover of the previous kernel
 * @fdt_phys: physical address of the root FDT
 * @fdt_len: its size as handed over
 * @scratch_phys: physical address of the array of &struct kho_scratch
 * @scratch_len: size of the array in bytes
 *
 * Called by architecture code once memblock knows the RAM and before it
 * allocates anything. Checks everything that is handed over; on any problem
 * it says what is wrong and returns with KHO off, so the boot continues
 * normally. On success, memblock allocates only from the scratch areas until
 * kho_memory_init() has reserved all preserved memory.
 */
void __init kho_populate(phys_addr_t fdt_phys, u64 fdt_len,
			 phys_addr_t scratch_phys, u64 scratch_len)
{
	struct kho_check_ctx ctx = { };
	struct kho_scratch *scratch = NULL;
	phys_addr_t map_root = 0;
	void *fdt = NULL;
	unsigned int i;
	int ret;

	if (is_kdump_kernel()) {
		pr_info("crash kernel: ignoring the handover\n");
		return;
	}
	if (!kho_handover_allowed()) {
		pr_notice("kho=off: ignoring the handover of the previous kernel\n");
		return;
	}
	if (!fdt_phys || fdt_len < sizeof(struct fdt_header) ||
	    fdt_len > PAGE_SIZE) {
		pr_err("handover rejected: root FDT [%pa + %#llx] has no address or a bad size\n",
		       &fdt_phys, fdt_len);
		goto rejected;
	}
	if (!kho_is_ram(fdt_phys, fdt_len, NULL)) {
		pr_err("handover rejected: root FDT [%pa + %#llx] is not RAM\n",
		       &fdt_phys, fdt_len);
		goto rejected;
	}
	if (!scratch_len || scratch_len % sizeof(*scratch) ||
	    scratch_len > PAGE_SIZE) {
		pr_err("handover rejected: scratch array [%pa + %#llx] has a bad size\n",
		       &scratch_phys, scratch_len);
		goto rejected;
	}
	if (!kho_is_ram(scratch_phys, scratch_len, NULL)) {
		pr_err("handover rejected: scratch array [%pa + %#llx] is not RAM\n",
		       &scratch_phys, scratch_len);
		goto rejected;
	}
	/* libfdt and the u64 fields of the scratch array need 8 bytes. */
	if (!IS_ALIGNED(fdt_phys | scratch_phys, 8)) {
		pr_err("handover rejected: root FDT at %pa or scratch array at %pa is not 8-byte aligned\n",
		       &fdt_phys, &scratch_phys);
		goto rejected;
	}

	fdt = early_memremap(fdt_phys, fdt_len);
	scratch = early_memremap(scratch_phys, scratch_len);
	if (!fdt || !scratch) {
		pr_err("handover rejected: cannot map the %s\n",
		       fdt ? "scratch array" : "root FDT");
		goto rejected;
	}
	if (fdt_magic(fdt) == 0) {
		pr_notice("the previous kernel did not finalize KHO: booting without a handover\n");
		goto out;
	}
	ret = kho_fdt_check_root(fdt, fdt_len, &map_root);
	if (ret)
		goto rejected;
	early_memunmap(fdt, fdt_len);
	fdt = NULL;

	ctx.scratch = scratch;
	ctx.nr_scratch = scratch_len / sizeof(*scratch);
	ret = kho_check_scratch_array(scratch, ctx.nr_scratch,
				      CMA_MIN_ALIGNMENT_BYTES, kho_is_ram, NULL);
	if (ret)
		goto rejected;

	/*
	 * From now on early allocations stay inside scratch, starting with
	 * the list of what the map holds, undone if the map is rejected.
	 * The scratch array and the root FDT may lie in scratch (kexec
	 * places its segments there): reserve them first.
	 */
	memblock_reserve(scratch_phys, scratch_len);
	memblock_reserve(fdt_phys, fdt_len);
	for (i = 0; i < ctx.nr_scratch; i++) {
		if (scratch[i].size)
			memblock_mark_kho_scratch(scratch[i].addr,
						  scratch[i].size);
	}
	memblock_set_kho_scratch_only();
	kho_prof_start();
	ret = kho_radix_walk(map_root, &kho_check_ops, kho_map_max_nodes(),
			     &ctx);
	kho_prof_end(KHO_PROF_CHECK);
	if (ctx.cur)
		early_memunmap(ctx.cur, PAGE_SIZE);
	if (ret) {
		kho_list_free_early(ctx.list);
		memblock_clear_kho_scratch_only();
		for (i = 0; i < ctx.nr_scratch; i++) {
			if (scratch[i].size)
				memblock_clear_kho_scratch(scratch[i].addr,
							   scratch[i].size);
		}
		/*
		 * The root FDT and scratch array stay reserved: freeing them
		 * could cut a reservation made before this one.
		 */
		goto rejected;
	}

	/* Accepted. */
	kho_in.fdt_phys = fdt_phys;
	kho_in.scratch_phys = scratch_phys;
	kho_in.scratch_len = scratch_len;
	kho_in.map_root = map_root;
	kho_in.list = ctx.list;
	kho_in.nr_blocks = ctx.blocks;
	kho_in.ram_end = memblock_end_of_DRAM();
	kho_set_inherited();
	pr_info("handover accepted: root FDT at %pa, %u scratch areas, %lu preserved blocks (%llu KiB)\n",
		&fdt_phys, ctx.nr_scratch, ctx.blocks, ctx.bytes >> 10);
	goto out;

rejected:
	pr_warn("booting without the handover\n");
out:
	if (fdt)
		early_memunmap(fdt, fdt_len);
	if (scratch)
		early_memunmap(scratch, scratch_len);
}

/* -------------------------------------------------------------------------
 * Once the linear map is up: vet the subtrees
 */

static const struct kho_scratch *kho_in_scratch(unsigned int *cnt)
{
	*cnt = kho_in.scratch_len / sizeof(struct kho_scratch);
	return phys_to_virt(kho_in.scratch_phys);
}

/*
 * The block of the incoming map that contains the page at @phys, if any:
 * its address in @start and its order. Returns false if no block does.
 */
static bool kho_in_find_block(phys_addr_t phys, phys_addr_t *start,
			      unsigned int *order)
{
	for (*order = 0; *order < 64 - PAGE_SHIFT; (*order)++) {
		u64 size = PAGE_SIZE << *order;

		*start = ALIGN_DOWN(phys, size);
		if (kho_radix_test(&kho_in.map, *start, *order))
			return true;
		/* No valid block is larger than RAM. */
		if (*start == 0 && size >= kho_in.ram_end)
			break;
	}
	return false;
}

/* Whether every page of [@phys, @phys + @size) lies in a preserved block. */
static bool kho_in_covered(phys_addr_t phys, u64 size)
{
	phys_addr_t end = phys + size, start;
	unsigned int order;

	for (phys = ALIGN_DOWN(phys, PAGE_SIZE); phys < end;
	     phys = start + (PAGE_SIZE << order)) {
		if (!kho_in_find_block(phys, &start, &order))
			return false;
	}
	return true;
}

/*
 * Why memory handed over at [@phys, @phys + @size) cannot be used, or NULL
 * if it can: it must be RAM this kernel maps, outside what early boot
 * writes, and preserved by the previous kernel.
 */
static const char * __init kho_in_check_range(phys_addr_t phys, u64 size)
{
	unsigned int nr_scratch;
	const struct kho_scratch *scratch = kho_in_scratch(&nr_scratch);
	const char *why;
	int area;

	if (!kho_is_ram(phys, size, NULL))
		return "is not RAM";
	why = kho_early_clobbered(scratch, nr_scratch, phys, size, &area);
	if (why)
		return why;
	if (!kho_in_covered(phys, size))
		return "is not preserved";
	return NULL;
}

/*
 * A subtree whose blob cannot be used is dropped on its own: its node is
 * turned into NOPs in the incoming root FDT, so that no reader (users,
 * the kexec metadata, debugfs) sees it, and the rest of the handover
 * stays. Returns true if it dropped one; the caller starts over, as the
 * walk cannot continue from a NOP'd node.
 */
static bool __init kho_in_drop_bad_subtree(void *fdt)
{
	const char *name, *why;
	phys_addr_t phys;
	int node = 0, ret;
	u64 size;

	while ((node = kho_fdt_next_subtree(fdt, node, &name, &phys,
					    &size)) > 0) {
		why = kho_in_check_range(phys, size);
		if (!why)
			continue;
		pr_err("subtree '%s' dropped: blob [%pa + %#llx] %s\n",
		       name, &phys, size, why);
		ret = fdt_nop_node(fdt, node);
		if (!ret)
			return true;
		/*
		 * kho_fdt_check_root() made sure every node has an end, so
		 * this cannot happen; if it does, no subtree can be trusted.
		 */
		pr_err("root FDT: cannot drop subtree '%s' (%s), dropping them all\n",
		       name, fdt_strerror(ret));
		fdt_set_magic(fdt, 0);
		return false;
	}
	return false;
}

/*
 * Vet what kho_populate() could not check without the linear map, once,
 * before the first reader: the subtree blobs. The map itself was checked
 * then and lies outside everything early boot writes, so it can be read
 * from here on.
 */
static void __init kho_in_vet(void)
{
	void *fdt = phys_to_virt(kho_in.fdt_phys);

	if (kho_in.vetted)
		return;
	kho_in.vetted = true;
	if (kho_in.map_root)
		kho_in.map.root = phys_to_virt(kho_in.map_root);
	while (kho_in_drop_bad_subtree(fdt))
		;
}

/*
 * kho_retrieve_subtree() runs during init (reserve_mem revival comes
 * first) and after it. The handover is vetted during init at the latest
 * (kho_in_memory_init()), while the memblock data the vetting reads is
 * still there; after init this only reads the flag.
 */
static void __ref kho_in_vet_once(void)
{
	if (!READ_ONCE(kho_in.vetted)) {
		guard(mutex)(&kho_in.restore_lock);
		kho_in_vet();
	}
}

/**
 * kho_is_preserved - whether memory was handed over as preserved
 * @phys: start of the range
 * @size: size of the range in bytes
 *
 * For core users of the handover that find a range in their own subtree
 * (reserve_mem revival): the range must be RAM, outside scratch and
 * covered by preserved blocks before they use it.
 *
 * Context: early boot, before kho_memory_init() returns.
 * Return: true if [@phys, @phys + @size) can be taken over.
 */
bool __init kho_is_preserved(phys_addr_t phys, u64 size)
{
	if (!is_kho_boot())
		return false;
	kho_in_vet_once();
	return !kho_in_check_range(phys, size);
}

/* -------------------------------------------------------------------------
 * Memory init: keep preserved memory out of the page allocator
 */

/* Ranges of preserved memory being gathered from the list. */
struct kho_ranges {
	struct memblock_region *r;
	unsigned long nr;
};

/* Append a block, merged with the previous range if it follows it. */
static int __init kho_range_add(phys_addr_t phys, unsigned int order,
				void *arg)
{
	struct kho_ranges *rs = arg;
	struct memblock_region *last = rs->nr ? &rs->r[rs->nr - 1] : NULL;
	u64 size;

	if (order & KHO_LIST_NODE)
		return 0;
	size = PAGE_SIZE << order;
	if (last && last->base + last->size == phys) {
		last->size += size;
		return 0;
	}
	rs->r[rs->nr].base = phys;
	rs->r[rs->nr].size = size;
	rs->nr++;
	return 0;
}

/* Length of the ascending run of ranges that starts at @r[0]. */
static unsigned long __init kho_run_len(const struct memblock_region *r,
					unsigned long nr)
{
	unsigned long i;

	for (i = 1; i < nr && r[i].base >= r[i - 1].base; i++)
		;
	return i;
}

/*
 * Merge two ascending runs into @out, merging ranges that touch. Return:
 * the number of ranges written, 0 if two ranges overlap (a page with two
 * owners, which the check of the map rules out).
 */
static unsigned long __init kho_merge_two(const struct memblock_region *a,
					  unsigned long na,
					  const struct memblock_region *b,
					  unsigned long nb,
					  struct memblock_region *out)
{
	unsigned long n = 0;

	while (na || nb) {
		const struct memblock_region *r;

		if (!nb || (na && a->base <= b->base)) {
			r = a++;
			na--;
		} else {
			r = b++;
			nb--;
		}
		if (n && out[n - 1].base + out[n - 1].size > r->base)
			return 0;
		if (n && out[n - 1].base + out[n - 1].size == r->base) {
			out[n - 1].size += r->size;
			continue;
		}
		out[n++] = *r;
	}
	return n;
}

/*
 * Sort the ranges: the walk lists blocks in ascending address order per
 * order, larger orders first, so they come as a few ascending runs, which
 * are merged pairwise (log2 of the number of orders passes). @tmp has room
 * for @rs->nr ranges; @rs->r ends up pointing to the sorted ones.
 */
static int __init kho_ranges_sort(struct kho_ranges *rs,
				  struct memblock_region *tmp)
{
	struct memblock_region *in = rs->r, *out = tmp;
	unsigned long i, n, la, lb, nr = rs->nr;

	while (nr && kho_run_len(in, nr) < nr) {
		for (i = 0, n = 0; i < nr; i += la + lb) {
			unsigned long merged;

			la = kho_run_len(in + i, nr - i);
			lb = i + la < nr ? kho_run_len(in + i + la,
						      nr - i - la) : 0;
			merged = kho_merge_two(in + i, la, in + i + la, lb,
					       out + n);
			if (!merged)
				return -EINVAL;
			n += merged;
		}
		swap(in, out);
		nr = n;
	}
	rs->r = in;
	rs->nr = nr;
	return 0;
}

/* Whether @phys lies in one of the sorted ranges. */
static bool __init kho_ranges_find(const struct kho_ranges *rs,
				   phys_addr_t phys)
{
	unsigned long lo = 0, hi = rs->nr, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (rs->r[mid].base + rs->r[mid].size <= phys)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < rs->nr && rs->r[lo].base <= phys;
}

/*
 * The owner of a preserved block writes to it once restored: no node of the
 * map may lie in a block (a valid map never does).
 */
static int __init kho_node_check(phys_addr_t phys, unsigned int order,
				 void *arg)
{
	phys_addr_t start;
	unsigned int o;

	if (!(order & KHO_LIST_NODE))
		return 0;
	if (kho_ranges_find(arg, phys)) {
		if (!kho_in_find_block(phys, &start, &o)) {
			start = phys;
			o = 0;
		}
		pr_err("handover dropped: map node %pa (level %u) lies in preserved block %pa order %u\n",
		       &phys, order & ~KHO_LIST_NODE, &start, o);
		return -EINVAL;
	}
	/*
	 * Nor may a node page be met twice (an entry pointing back up, or two
	 * sharing a child) or hold what this kernel reserved (the root FDT):
	 * a kernel never writes such a map. Each node is reserved here, which
	 * is how a second visit shows.
	 */
	if (memblock_is_region_reserved(phys, PAGE_SIZE)) {
		pr_err("handover dropped: map node %pa (level %u) is used twice or reserved by this kernel\n",
		       &phys, order & ~KHO_LIST_NODE);
		return -EINVAL;
	}
	return memblock_reserve(phys, PAGE_SIZE);
}

/* Give a node page of the map back: nothing reads it after memory init. */
static int __init kho_node_release(phys_addr_t phys, unsigned int order,
				   void *arg)
{
	if (order & KHO_LIST_NODE)
		memblock_phys_free(phys, PAGE_SIZE);
	return 0;
}

/*
 * Keep every preserved block out of the page allocator: gather the blocks
 * of the list into ranges, sort them and reserve them in one go, in time
 * linear in the number of blocks however they lie.
 */
static int __init kho_in_reserve(void)
{
	struct memblock_region *buf;
	struct kho_ranges rs = { };
	size_t size;
	int ret;

	if (!kho_in.nr_blocks)
		return 0;
	size = array_size(2 * sizeof(*buf), kho_in.nr_blocks);
	buf = memblock_alloc(size, SMP_CACHE_BYTES);
	if (!buf)
		return -ENOMEM;
	rs.r = buf;
	kho_list_for_each(kho_in.list, kho_range_add, &rs);
	ret = kho_ranges_sort(&rs, buf + kho_in.nr_blocks);
	if (!ret)
		ret = kho_list_for_each(kho_in.list, kho_node_check, &rs);
	if (!ret)
		ret = memblock_reserve_sorted(rs.r, rs.nr);
	/* debugfs keeps the map: kho-inspect reads it through in/. */
	if (!ret && !IS_ENABLED(CONFIG_KEXEC_HANDOVER_DEBUGFS))
		kho_list_for_each(kho_in.list, kho_node_release, NULL);
	memblock_free(buf, size);
	return ret;
}

/**
 * kho_in_memory_init - reserve what was preserved (KHO boot)
 *
 * Called by kho_memory_init() before memblock frees memory: reserves every
 * preserved block and the incoming map, takes over the scratch areas as
 * CMA, and lets memblock allocate outside scratch again.
 */
void __init kho_in_memory_init(void)
{
	int ret;

	kho_in_vet();
	/*
	 * Until memory init ends, no memory was freed to the page allocator:
	 * on failure, what was reserved stays reserved and nothing is
	 * restored. memblock allocates from scratch until the walk is done.
	 */
	kho_prof_start();
	ret = kho_in_reserve();
	kho_prof_end(KHO_PROF_RESERVE);
	memblock_clear_kho_scratch_only();
	if (ret) {
		kho_disable("cannot reserve the preserved memory, the handover is dropped");
		return;
	}
	kho_scratch_inherit(phys_to_virt(kho_in.scratch_phys),
			    kho_in.scratch_len / sizeof(struct kho_scratch));
}

/* Write the restore record of a block. */
static int __init kho_record_block(phys_addr_t phys, unsigned int order,
				   void *arg)
{
	if (order <= MAX_PAGE_ORDER)
		set_page_private(pfn_to_page(PHYS_PFN(phys)),
				 kho_record_make(order));
	return 0;
}

/* The list is not needed any more: give its pages to the page allocator. */
static void __init kho_list_free(phys_addr_t phys)
{
	const struct kho_list_page *page;
	phys_addr_t next;

	for (; phys; phys = next) {
		page = phys_to_virt(phys);
		next = page->next;
		memblock_free_late(phys, PAGE_SIZE);
	}
}

/**
 * kho_in_memory_init_late - record what each preserved block is (KHO boot)
 *
 * Called by kho_memory_init_late() once memblock has given free memory to
 * the page allocator and initialised the struct pages of reserved memory
 * (which, with CONFIG_DEFERRED_STRUCT_PAGE_INIT, happens only then), and
 * before anything can restore: writes the restore record of every block.
 */
void __init kho_in_memory_init_late(void)
{
	kho_prof_end(KHO_PROF_RELEASE);
	kho_list_for_each(kho_in.list, kho_record_block, NULL);
	kho_list_free(kho_in.list);
	kho_in.list = 0;
	kho_prof_end(KHO_PROF_LATE);
	WRITE_ONCE(kho_in.recorded, true);
}

/* -------------------------------------------------------------------------
 * Late init: the kexec metadata
 */

static int __init kho_read_metadata(void)
{
	const struct kho_kexec_metadata *meta;
	phys_addr_t phys;
	u64 size;
	int ret;

	ret = kho_fdt_get_subtree(phys_to_virt(kho_in.fdt_phys),
				  KHO_KEXEC_METADATA_NODE, &phys, &size);
	if (ret == -ENOENT) {
		pr_info("handover has no %s subtree\n", KHO_KEXEC_METADATA_NODE);
		return ret;
	}
	if (ret)
		return ret;
	if (size < sizeof(*meta)) {
		pr_warn("%s subtree is %llu bytes, want %zu; ignoring it\n",
			KHO_KEXEC_METADATA_NODE, size, sizeof(*meta));
		return -EINVAL;
	}
	meta = phys_to_virt(phys);
	if (meta->version != KHO_KEXEC_METADATA_VERSION) {
		pr_warn("%s version %u unknown; ignoring it\n",
			KHO_KEXEC_METADATA_NODE, meta->version);
		return -EINVAL;
	}
	strscpy(kho_in.previous_release, meta->previous_release,
		sizeof(kho_in.previous_release));
	kho_in.kexec_count = meta->kexec_count;
	pr_info("handed over by Linux %s, kexec #%u\n",
		kho_in.previous_release, kho_in.kexec_count);
	return 0;
}

/**
 * kho_in_init - late init of a KHO boot
 *
 * Reads the kexec-metadata subtree and shows what came in under debugfs.
 */
void __init kho_in_init(void)
{
	pr_info("boot: map checked in %llu us, memory reserved in %llu us, released in %llu us, restore records in %llu us\n",
		kho_prof_us(KHO_PROF_CHECK), kho_prof_us(KHO_PROF_RESERVE),
		kho_prof_us(KHO_PROF_RELEASE), kho_prof_us(KHO_PROF_LATE));
	kho_read_metadata();
	kho_debugfs_publish_in(phys_to_virt(kho_in.fdt_phys),
			       kho_in.previous_release, kho_in.kexec_count);
}

/**
 * kho_in_kexec_count - number of KHO kexecs that led to this boot
 *
 * Return: the count from the kexec-metadata subtree, 0 on a cold boot or if
 * the previous kernel did not say.
 */
u32 kho_in_kexec_count(void)
{
	return kho_in.kexec_count;
}

/**
 * kho_in_retire - make the received handover unusable for a later kernel
 *
 * This kernel is done with the handover it received once it kexecs.
 * Invalidate its root FDT, so that a stale reference to it (the /chosen
 * properties that kexec_load user space copies from this kernel's DT) cannot
 * be taken over again by the next kernel.
 */
void kho_in_retire(void)
{
	if (is_kho_boot())
		fdt_set_magic(phys_to_virt(kho_in.fdt_phys), 0);
}

/* -------------------------------------------------------------------------
 * Subsystems take their state back
 */

/**
 * kho_retrieve_subtree - find a subtree the previous kernel handed over
 * @name: node name of the subtree
 * @phys: receives the physical address of the blob
 *
 * Return: 0 on success, -ENOENT if this is not a KHO boot or there is no such
 * subtree, -EINVAL for a NULL @phys or a malformed node.
 */
int kho_retrieve_subtree(const char *name, phys_addr_t *phys)
{
	u64 size;

	if (!name || !phys)
		return -EINVAL;
	if (!is_kho_boot())
		return -ENOENT;
	kho_in_vet_once();
	return kho_fdt_get_subtree(phys_to_virt(kho_in.fdt_phys), name, phys,
				   &size);
}
EXPORT_SYMBOL_GPL(kho_retrieve_subtree);

/**
 * kho_retrieve_subtree_raw - find a subtree blob and its size
 * @name: node name of the subtree
 * @phys: receives the physical address of the blob
 * @size: receives the size of the blob in bytes (its blob-size)
 *
 * For subtrees whose blob is not an FDT (see kho_add_subtree_raw()). The
 * blob was checked at boot: it is RAM outside scratch, covered by
 * preserved memory.
 *
 * Return: 0 on success, -ENOENT if this is not a KHO boot or there is no such
 * subtree, -EINVAL for a NULL pointer or a malformed node.
 */
int kho_retrieve_subtree_raw(const char *name, phys_addr_t *phys,
			     size_t *size)
{
	u64 sz;
	int ret;

	if (!name || !phys || !size)
		return -EINVAL;
	if (!is_kho_boot())
		return -ENOENT;
	kho_in_vet_once();
	ret = kho_fdt_get_subtree(phys_to_virt(kho_in.fdt_phys), name, phys,
				  &sz);
	if (ret)
		return ret;
	if (sz > SIZE_MAX)
		return -EINVAL;
	*size = sz;
	return 0;
}
EXPORT_SYMBOL_GPL(kho_retrieve_subtree_raw);

/* Turn reserved memblock pages into ordinary pages owned by the caller. */
static void kho_claim_pages(struct page *page, unsigned long nr)
{
	unsigned long i;

	for (i = 0; i < nr; i++)
		__ClearPageReserved(page + i);
	adjust_managed_page_count(page, nr);
}

/*
 * The record of the preserved, not yet restored block that starts at @pfn,
 * or 0 if there is none. A record is trusted only on a page that is still
 * reserved: what the previous kernel preserved stays reserved until it is
 * restored, and the record is written only there.
 */
static unsigned long kho_block_record(unsigned long pfn)
{
	unsigned long rec;
	struct page *page;

	if (!pfn_valid(pfn))
		return 0;
	page = pfn_to_page(pfn);
	rec = READ_ONCE(page->private);
	if (!kho_record_valid(rec))
		return 0;
	if (!PageReserved(page)) {
		pr_warn_once("restore of %#llx: preserved block was not reserved at boot\n",
			     (u64)PFN_PHYS(pfn));
		return 0;
	}
	return rec;
}

/*
 * Take the block at @pfn, whose record is @rec: clear the record, atomically,
 * so that of two restores of one block only one succeeds.
 */
static bool kho_take_record(unsigned long pfn, unsigned long rec)
{
	return try_cmpxchg(&pfn_to_page(pfn)->private, &rec, 0);
}

/*
 * The block of a preserved, not yet restored block that holds @pfn: its
 * first page and order, from the record on its first page. Return: false
 * if no such block holds @pfn.
 */
static bool kho_unrestored_block(unsigned long pfn, unsigned long *head,
				 unsigned int *order)
{
	unsigned long rec;
	unsigned int o;

	for (o = 0; o <= MAX_PAGE_ORDER; o++) {
		*head = ALIGN_DOWN(pfn, 1UL << o);
		rec = kho_block_record(*head);
		if (rec && kho_record_order(rec) == o) {
			*order = o;
			return true;
		}
	}
	return false;
}

/**
 * kho_in_check_preserved - whether memory handed over can be read
 * @phys: start of the range, as found in the previous kernel's state
 * @size: size of the range in bytes
 *
 * For readers of state the previous kernel handed over, which must take
 * every address in it as untrusted: the range must lie outside what early
 * boot wrote (scratch, the first MiB on x86), and every page of it in a
 * preserved block that was not restored yet: one whose restore record is
 * still there (the map was checked at boot to hold only RAM outside
 * scratch).
 *
 * Return: true if [@phys, @phys + @size) can be read.
 */
bool kho_in_check_preserved(phys_addr_t phys, u64 size)
{
	unsigned long pfn, end, head;
	const struct kho_scratch *scratch;
	unsigned int nr_scratch, order;
	int area;

	if (!READ_ONCE(kho_in.recorded) || !size || phys + size <= phys ||
	    phys + size > kho_in.ram_end)
		return false;
	scratch = kho_in_scratch(&nr_scratch);
	if (kho_early_clobbered(scratch, nr_scratch, phys, size, &area))
		return false;
	end = PHYS_PFN(phys + size - 1) + 1;
	for (pfn = PHYS_PFN(phys); pfn < end; pfn = head + (1UL << order)) {
		if (!kho_unrestored_block(pfn, &head, &order))
			return false;
	}
	return true;
}

/**
 * kho_restore_folio - get back a folio preserved by the previous kernel
 * @phys: its physical address
 *
 * Return: the folio, of the order it was preserved with and with a
 * reference held by the caller, or NULL (with a warning) if nothing was
 * preserved at @phys or it was restored already.
 */
struct folio *kho_restore_folio(phys_addr_t phys)
{
	unsigned long pfn = PHYS_PFN(phys), rec, i;
	unsigned int order;
	struct page *page;

	/* Records exist only on a KHO boot that kept its handover. */
	if (!READ_ONCE(kho_in.recorded))
		return NULL;

	rec = PAGE_ALIGNED(phys) ? kho_block_record(pfn) : 0;
	if (!rec || !kho_take_record(pfn, rec)) {
		pr_warn_once("restore of %pa: not preserved or restored already\n",
			     &phys);
		return NULL;
	}
	order = kho_record_order(rec);
	page = pfn_to_page(pfn);
	kho_claim_pages(page, 1UL << order);
	/* Tail pages of a compound page carry no reference of their own. */
	for (i = 1; i < (1UL << order); i++)
		set_page_count(page + i, 0);
	if (order)
		prep_compound_page(page, order);
	return page_folio(page);
}
EXPORT_SYMBOL_GPL(kho_restore_folio);

/**
 * kho_restore_pages - get back pages preserved with kho_preserve_pages()
 * @phys: physical address of the first page
 * @nr_pages: number of pages, as preserved
 *
 * Return: the first page; every page is an order-0 page with one reference.
 * NULL (with a warning) if the range was not preserved that way or was
 * restored already; nothing is restored then.
 */
struct page *kho_restore_pages(phys_addr_t phys, unsigned int nr_pages)
{
	unsigned long start = PHYS_PFN(phys), end = start + nr_pages, pfn;
	unsigned long rec, undo;
	unsigned int order;

	if (!READ_ONCE(kho_in.recorded) || !nr_pages || !PAGE_ALIGNED(phys))
		return NULL;

	/* The range is preserved as the blocks that tile it, each whole. */
	for (pfn = start; pfn < end; pfn += 1UL << order) {
		order = kho_block_order(pfn, end);
		rec = kho_block_record(pfn);
		if (!rec || kho_record_order(rec) != order ||
		    !kho_take_record(pfn, rec))
			goto fail;
	}
	for (pfn = start; pfn < end; pfn += 1UL << order) {
		order = kho_block_order(pfn, end);
		kho_claim_pages(pfn_to_page(pfn), 1UL << order);
	}
	return pfn_to_page(start);

fail:
	/* Give the blocks taken so far their records back. */
	undo = pfn;
	for (pfn = start; pfn < undo; pfn += 1UL << order) {
		order = kho_block_order(pfn, end);
		WRITE_ONCE(pfn_to_page(pfn)->private,
			   kho_record_make(order));
	}
	pr_warn_once("restore of %u pages at %pa: not preserved or restored already\n",
		     nr_pages, &phys);
	return NULL;
}
EXPORT_SYMBOL_GPL(kho_restore_pages);
