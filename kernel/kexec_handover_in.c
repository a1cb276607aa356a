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
	phys_addr_t ram_end;		/* no valid block ends above it */
	bool vetted;			/* kho_in_vet() ran */
	u32 kexec_count;
	char previous_release[KHO_KEXEC_METADATA_RELEASE_LEN];
} kho_in = {
	.map = { .lock = __MUTEX_INITIALIZER(kho_in.map.lock) },
	.restore_lock = __MUTEX_INITIALIZER(kho_in.restore_lock),
};

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
	return 0;
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
	return 0;
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
	ret = kho_radix_walk(map_root, &kho_check_ops, kho_map_max_nodes(),
			     &ctx);
	if (ret)
		goto rejected;

	/* Accepted: from now on early allocations stay inside scratch. */
	for (i = 0; i < ctx.nr_scratch; i++) {
		if (scratch[i].size)
			memblock_mark_kho_scratch(scratch[i].addr,
						  scratch[i].size);
	}
	memblock_reserve(scratch_phys, scratch_len);
	memblock_reserve(fdt_phys, fdt_len);
	memblock_set_kho_scratch_only();

	kho_in.fdt_phys = fdt_phys;
	kho_in.scratch_phys = scratch_phys;
	kho_in.scratch_len = scratch_len;
	kho_in.map_root = map_root;
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

static int __init kho_reserve_block(phys_addr_t phys, unsigned int order,
				    void *arg)
{
	return memblock_reserve(phys, PAGE_SIZE << order);
}

static int __init kho_reserve_node(phys_addr_t phys, unsigned int level,
				   void *arg)
{
	phys_addr_t start;
	unsigned int order;

	/*
	 * The owner of a preserved block may write to it once restored,
	 * while restores still read the map: no node may lie in a block.
	 */
	if (kho_in_find_block(phys, &start, &order)) {
		pr_err("handover dropped: map node %pa (level %u) lies in preserved block %pa order %u\n",
		       &phys, level, &start, order);
		return -EINVAL;
	}
	/*
	 * Nor may a node page be met twice (an entry pointing back up, or two
	 * sharing a child) or hold what this kernel reserved (the root FDT):
	 * restores clear leaf bits in the map, which would rewrite it through
	 * its other role, e.g. a pointer the next look-up follows.
	 */
	if (memblock_is_region_reserved(phys, PAGE_SIZE)) {
		pr_err("handover dropped: map node %pa (level %u) is used twice or reserved by this kernel\n",
		       &phys, level);
		return -EINVAL;
	}
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
	int ret;

	kho_in_vet();
	/*
	 * Until memory init ends, no memory was freed to the page allocator:
	 * on failure, what was reserved stays reserved and nothing is
	 * restored. memblock allocates from scratch until the walk is done.
	 */
	ret = kho_radix_walk(kho_in.map_root, &kho_reserve_ops,
			     kho_map_max_nodes(), NULL);
	memblock_clear_kho_scratch_only();
	if (ret) {
		kho_disable("cannot reserve the preserved memory, the handover is dropped");
		return;
	}
	kho_scratch_inherit(phys_to_virt(kho_in.scratch_phys),
			    kho_in.scratch_len / sizeof(struct kho_scratch));
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

/**
 * kho_in_check_preserved - whether memory handed over can be read
 * @phys: start of the range, as found in the previous kernel's state
 * @size: size of the range in bytes
 *
 * For readers of state the previous kernel handed over, which must take
 * every address in it as untrusted: the range must lie outside what early
 * boot wrote (scratch, the first MiB on x86), and every page of it in a
 * block of the incoming map that was not restored yet (the map was checked
 * at boot to hold only RAM outside scratch).
 *
 * Return: true if [@phys, @phys + @size) can be read.
 */
bool kho_in_check_preserved(phys_addr_t phys, u64 size)
{
	unsigned int nr_scratch;
	const struct kho_scratch *scratch;
	int area;

	if (!is_kho_boot() || !kho_in.map.root || !size ||
	    phys + size <= phys || phys + size > kho_in.ram_end)
		return false;
	scratch = kho_in_scratch(&nr_scratch);
	if (kho_early_clobbered(scratch, nr_scratch, phys, size, &area))
		return false;
	guard(mutex)(&kho_in.restore_lock);
	return kho_in_covered(phys, size);
}

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
