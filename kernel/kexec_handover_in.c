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
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/page-isolation.h>

#include <asm/early_ioremap.h>

#include "../mm/internal.h"
#include "kexec_handover_fdt.h"
#include "kexec_handover_internal.h"

/* The accepted handover; set by kho_populate(), valid while is_kho_boot(). */
static struct {
	phys_addr_t fdt_phys;
	phys_addr_t scratch_phys;
	u64 scratch_len;
	phys_addr_t map_root;
	struct kho_radix_tree map;	/* incoming map, for restore */
	struct mutex restore_lock;	/* look-up and claim of a restore */
	u32 kexec_count;
	char previous_release[KHO_KEXEC_METADATA_RELEASE_LEN];
} kho_in = {
	.map = { .lock = __MUTEX_INITIALIZER(kho_in.map.lock) },
	.restore_lock = __MUTEX_INITIALIZER(kho_in.restore_lock),
};

/* -------------------------------------------------------------------------
 * Early boot: accept the handover
 */

/* What the check of the map found, for the "accepted" message. */
struct kho_check_ctx {
	const struct kho_scratch *scratch;
	unsigned int nr_scratch;
	unsigned long blocks;
	u64 bytes;
};

static const void * __init kho_early_map(phys_addr_t phys, void *arg)
{
	return early_memremap(phys, PAGE_SIZE);
}

static void __init kho_early_unmap(const void *virt, void *arg)
{
	early_memunmap((void *)virt, PAGE_SIZE);
}

static const void * __init kho_linear_map(phys_addr_t phys, void *arg)
{
	return phys_to_virt(phys);
}

static bool __init kho_is_ram(phys_addr_t phys, u64 size, void *arg)
{
	return size && phys + size > phys &&
	       memblock_is_region_memory(phys, size);
}

static int __init kho_check_block(phys_addr_t phys, unsigned int order,
				  void *arg)
{
	struct kho_check_ctx *ctx = arg;
	u64 size = PAGE_SIZE << order;
	int i = kho_scratch_overlap(ctx->scratch, ctx->nr_scratch, phys, size);

	if (i >= 0) {
		pr_err("handover rejected: preserved block %pa order %u lies in scratch area %d\n",
		       &phys, order, i);
		return -EINVAL;
	}
	ctx->blocks++;
	ctx->bytes += size;
	return 0;
}

/* Check the map before the handover is accepted (no memory is touched). */
static const struct kho_radix_walk_ops kho_check_ops __initconst = {
	.map = kho_early_map,
	.unmap = kho_early_unmap,
	.valid = kho_is_ram,
	.block = kho_check_block,
};

static int __init kho_check_scratch(const struct kho_scratch *scratch,
				    unsigned int cnt)
{
	unsigned int i;

	for (i = 0; i < cnt; i++) {
		phys_addr_t addr = scratch[i].addr;
		phys_addr_t size = scratch[i].size;

		if (!size || !IS_ALIGNED(addr | size, CMA_MIN_ALIGNMENT_BYTES) ||
		    !kho_is_ram(addr, size, NULL)) {
			pr_err("handover rejected: scratch area %u [%pa + %pa] is not aligned RAM\n",
			       i, &addr, &size);
			return -EINVAL;
		}
	}
	return 0;
}

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
	ret = kho_check_scratch(scratch, ctx.nr_scratch);
	if (ret)
		goto rejected;
	ret = kho_radix_walk(map_root, &kho_check_ops, kho_map_max_nodes(),
			     &ctx);
	if (ret)
		goto rejected;

	/* Accepted: from now on early allocations stay inside scratch. */
	for (i = 0; i < ctx.nr_scratch; i++)
		memblock_mark_kho_scratch(scratch[i].addr, scratch[i].size);
	memblock_reserve(scratch_phys, scratch_len);
	memblock_reserve(fdt_phys, fdt_len);
	memblock_set_kho_scratch_only();

	kho_in.fdt_phys = fdt_phys;
	kho_in.scratch_phys = scratch_phys;
	kho_in.scratch_len = scratch_len;
	kho_in.map_root = map_root;
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
 * Memory init: keep preserved memory out of the page allocator
 */

static int __init kho_reserve_block(phys_addr_t phys, unsigned int order,
				    void *arg)
{
	return memblock_reserve(phys, PAGE_SIZE << order);
}

static int __init kho_reserve_node(phys_addr_t phys, unsigned int level,
				   void *arg)
{
	/* Keep the incoming map: kho_restore_*() look blocks up in it. */
	return memblock_reserve(phys, PAGE_SIZE);
}

/* Reserve every preserved block and the map's own node pages. */
static const struct kho_radix_walk_ops kho_reserve_ops __initconst = {
	.map = kho_linear_map,
	.valid = kho_is_ram,
	.node = kho_reserve_node,
	.block = kho_reserve_block,
};

/**
 * kho_in_memory_init - reserve what was preserved (KHO boot)
 *
 * Called by kho_memory_init() before memblock frees memory: reserves every
 * preserved block and the incoming map, takes over the scratch areas as
 * CMA, and lets memblock allocate outside scratch again.
 */
void __init kho_in_memory_init(void)
{
	if (kho_radix_walk(kho_in.map_root, &kho_reserve_ops,
			   kho_map_max_nodes(), NULL))
		pr_err("reserving preserved memory failed; its contents may be lost\n");
	if (kho_in.map_root)
		kho_in.map.root = phys_to_virt(kho_in.map_root);
	kho_scratch_inherit(phys_to_virt(kho_in.scratch_phys),
			    kho_in.scratch_len / sizeof(struct kho_scratch));
	memblock_clear_kho_scratch_only();
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
	return kho_fdt_get_subtree(phys_to_virt(kho_in.fdt_phys), name, phys,
				   &size);
}
EXPORT_SYMBOL_GPL(kho_retrieve_subtree);

/* Turn reserved memblock pages into ordinary pages owned by the caller. */
static void kho_claim_pages(struct page *page, unsigned long nr)
{
	unsigned long i;

	for (i = 0; i < nr; i++)
		__ClearPageReserved(page + i);
	adjust_managed_page_count(page, nr);
}

/*
 * Find the order of the preserved, not yet restored block at @phys and take
 * it out of the incoming map. Return: the order, or -ENOENT.
 */
static int kho_take_block(phys_addr_t phys)
{
	unsigned int order;

	guard(mutex)(&kho_in.restore_lock);
	for (order = 0; order <= MAX_PAGE_ORDER; order++) {
		if (!IS_ALIGNED(phys, PAGE_SIZE << order))
			break;
		if (!kho_radix_test(&kho_in.map, phys, order))
			continue;
		/* Preserved memory stays reserved until restored. */
		if (!PageReserved(pfn_to_page(PHYS_PFN(phys)))) {
			pr_warn_once("restore of %pa: preserved block was not reserved at boot\n",
				     &phys);
			return -EINVAL;
		}
		kho_radix_del(&kho_in.map, phys, order);
		return order;
	}
	pr_warn_once("restore of %pa: not preserved or restored already\n",
		     &phys);
	return -ENOENT;
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
	struct page *page = pfn_to_page(PHYS_PFN(phys));
	unsigned long i;
	int order;

	if (!is_kho_boot() || !kho_in.map.root)
		return NULL;

	order = kho_take_block(phys);
	if (order < 0)
		return NULL;
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
	unsigned int order;

	if (!is_kho_boot() || !kho_in.map.root || !nr_pages ||
	    !PAGE_ALIGNED(phys))
		return NULL;

	guard(mutex)(&kho_in.restore_lock);
	for (pfn = start; pfn < end; pfn += 1UL << order) {
		order = kho_block_order(pfn, end);
		if (!kho_radix_test(&kho_in.map, PFN_PHYS(pfn), order) ||
		    !PageReserved(pfn_to_page(pfn))) {
			pr_warn_once("restore of %u pages at %pa: not preserved or restored already\n",
				     nr_pages, &phys);
			return NULL;
		}
	}
	for (pfn = start; pfn < end; pfn += 1UL << order) {
		order = kho_block_order(pfn, end);
		kho_radix_del(&kho_in.map, PFN_PHYS(pfn), order);
		kho_claim_pages(pfn_to_page(pfn), 1UL << order);
	}
	return pfn_to_page(start);
}
EXPORT_SYMBOL_GPL(kho_restore_pages);
