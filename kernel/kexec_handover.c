// SPDX-License-Identifier: GPL-2.0
/*
 * Kexec HandOver (KHO): hand selected memory and state to the next kernel.
 *
 * The outgoing kernel tracks preserved memory in a radix tree (the
 * preserved-memory map, see include/linux/kho/abi/kexec_handover.h), lets
 * subsystems describe their state in sub-FDTs through a notifier chain, and
 * on "finalize" writes a root FDT that points at both. kexec_file passes the
 * root FDT and the scratch areas to the next kernel.
 *
 * Scratch areas are physically contiguous memory ranges that never hold
 * preserved data: they are reserved on a cold boot and afterwards only given
 * to the page allocator as CMA (movable allocations only). The next kernel
 * runs its early boot entirely inside them, so it cannot step on preserved
 * memory before it has read the map and reserved everything in it.
 */

#define pr_fmt(fmt) "KHO: " fmt

#include <linux/cma.h>
#include <linux/crash_dump.h>
#include <linux/io.h>
#include <linux/kexec.h>
#include <linux/kexec_handover.h>
#include <linux/kho/abi/kexec_handover.h>
#include <linux/kho/abi/kexec_metadata.h>
#include <linux/ktime.h>
#include <linux/libfdt.h>
#include <linux/list.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/notifier.h>
#include <linux/page-isolation.h>
#include <linux/slab.h>
#include <linux/utsname.h>

#include <asm/early_ioremap.h>

#include "../mm/internal.h"
#include "kexec_handover_fdt.h"
#include "kexec_handover_internal.h"

/* -------------------------------------------------------------------------
 * Command line
 */

/* kho=: -1 not given, 0 off, 1 on */
static int kho_param __initdata = -1;
static bool kho_enable __ro_after_init;

static int __init kho_parse_enable(char *p)
{
	bool on;

	if (kstrtobool(p, &on)) {
		pr_err("malformed kho=%s (want on or off); KHO stays off\n", p);
		kho_param = 0;
		return 0;
	}
	kho_param = on;
	kho_enable = on;
	return 0;
}
early_param("kho", kho_parse_enable);

static struct kho_scratch_sizes kho_scratch_req __initdata = {
	.percent = KHO_SCRATCH_DEFAULT_PERCENT,
};

static bool kho_scratch_bad __initdata;
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
		kho_scratch_bad = true;
	}
	kho_scratch_given = true;
	return 0;
}
early_param("kho_scratch", kho_parse_scratch);

/* -------------------------------------------------------------------------
 * State
 */

struct kho_scratch *kho_scratch;
unsigned int kho_scratch_cnt;

/**
 * struct kho_serialization - state of one finalize, passed to notifiers
 * @subtrees: list of &struct kho_subtree
 */
struct kho_serialization {
	struct list_head subtrees;
};

enum kho_out_state {
	KHO_OUT_IDLE,
	KHO_OUT_FINALIZING,
	KHO_OUT_FINALIZED,
};

static struct {
	struct mutex lock;		/* finalize and abort */
	struct blocking_notifier_head chain;
	struct kho_radix_tree map;
	void *fdt;			/* root FDT page, fixed for the boot */
	struct kho_kexec_metadata *meta;
	struct kho_serialization ser;
	enum kho_out_state state;
} kho_out = {
	.lock = __MUTEX_INITIALIZER(kho_out.lock),
	.chain = BLOCKING_NOTIFIER_INIT(kho_out.chain),
	.map = { .lock = __MUTEX_INITIALIZER(kho_out.map.lock) },
	.ser = { .subtrees = LIST_HEAD_INIT(kho_out.ser.subtrees) },
};

static struct {
	bool valid;
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

/**
 * kho_is_enabled - whether KHO hands memory over at the next kexec
 *
 * True when booted with kho=on (and scratch could be set up) or when this
 * boot itself received a handover, so chains of kexecs keep working.
 *
 * Return: true if KHO is enabled.
 */
bool kho_is_enabled(void)
{
	return kho_enable;
}
EXPORT_SYMBOL_GPL(kho_is_enabled);

/**
 * is_kho_boot - whether this boot received a valid handover
 *
 * Return: true if the previous kernel handed over a finalized KHO state
 * that this kernel accepted.
 */
bool is_kho_boot(void)
{
	return kho_in.valid;
}
EXPORT_SYMBOL_GPL(is_kho_boot);

/**
 * kho_out_fdt_phys - physical address of the outgoing root FDT page
 *
 * Return: the address, or 0 when KHO is off.
 */
phys_addr_t kho_out_fdt_phys(void)
{
	return kho_out.fdt ? virt_to_phys(kho_out.fdt) : 0;
}

/* -------------------------------------------------------------------------
 * Preserving memory (outgoing)
 */

/* Index of the first of @cnt @areas that [@phys, @phys + @size) overlaps, or -1. */
static int kho_scratch_overlap(const struct kho_scratch *areas,
			       unsigned int cnt, phys_addr_t phys, u64 size)
{
	unsigned int i;

	for (i = 0; i < cnt; i++) {
		if (phys < areas[i].addr + areas[i].size &&
		    areas[i].addr < phys + size)
			return i;
	}
	return -1;
}

static int kho_check_preserve(phys_addr_t phys, u64 size)
{
	if (!kho_enable)
		return -EOPNOTSUPP;
	if (!size || !PAGE_ALIGNED(phys) || !PAGE_ALIGNED(size))
		return -EINVAL;
	if (READ_ONCE(kho_out.state) == KHO_OUT_FINALIZED)
		return -EBUSY;
	if (kho_scratch_overlap(kho_scratch, kho_scratch_cnt, phys, size) >= 0) {
		pr_warn("cannot preserve [%pa + %#llx]: it overlaps a scratch area\n",
			&phys, size);
		return -EINVAL;
	}
	return 0;
}

/*
 * Page ranges are preserved as the largest naturally aligned blocks (at most
 * MAX_PAGE_ORDER) that tile them; preserve and restore walk them the same
 * way, so they agree on the blocks:
 *
 *	for (pfn = start; pfn < end; pfn += 1UL << order)
 *		order = kho_block_order(pfn, end);
 */
static unsigned int kho_block_order(unsigned long pfn, unsigned long end)
{
	unsigned int order = min_t(unsigned int, MAX_PAGE_ORDER,
				   ilog2(end - pfn));

	return pfn ? min_t(unsigned int, order, __ffs(pfn)) : order;
}

static int kho_preserve_range(unsigned long start, unsigned long nr_pages)
{
	unsigned long pfn, end = start + nr_pages;
	unsigned int order;
	int ret;

	ret = kho_check_preserve(PFN_PHYS(start), (u64)nr_pages << PAGE_SHIFT);
	if (ret)
		return ret;
	for (pfn = start; pfn < end; pfn += 1UL << order) {
		order = kho_block_order(pfn, end);
		ret = kho_radix_add(&kho_out.map, PFN_PHYS(pfn), order);
		if (ret)
			goto undo;
	}
	return 0;
undo:
	end = pfn;
	for (pfn = start; pfn < end; pfn += 1UL << order) {
		order = kho_block_order(pfn, end);
		kho_radix_del(&kho_out.map, PFN_PHYS(pfn), order);
	}
	return ret;
}

/**
 * kho_preserve_folio - preserve a folio across kexec
 * @folio: the folio
 *
 * The folio keeps its physical address and contents in the next kernel,
 * which gets it back with kho_restore_folio().
 *
 * Return: 0 on success, -EINVAL if it overlaps a scratch area, -EBUSY after
 * finalize, -ENOMEM, or -EOPNOTSUPP when KHO is off.
 */
int kho_preserve_folio(struct folio *folio)
{
	phys_addr_t phys = PFN_PHYS(folio_pfn(folio));
	unsigned int order = folio_order(folio);
	int ret;

	ret = kho_check_preserve(phys, PAGE_SIZE << order);
	if (ret)
		return ret;
	return kho_radix_add(&kho_out.map, phys, order);
}
EXPORT_SYMBOL_GPL(kho_preserve_folio);

/**
 * kho_unpreserve_folio - undo kho_preserve_folio()
 * @folio: a folio preserved with kho_preserve_folio()
 *
 * Return: 0 on success, -ENOENT if it was not preserved, -EBUSY after
 * finalize, -EOPNOTSUPP when KHO is off.
 */
int kho_unpreserve_folio(struct folio *folio)
{
	if (!kho_enable)
		return -EOPNOTSUPP;
	if (READ_ONCE(kho_out.state) == KHO_OUT_FINALIZED)
		return -EBUSY;
	return kho_radix_del(&kho_out.map, PFN_PHYS(folio_pfn(folio)),
			     folio_order(folio));
}
EXPORT_SYMBOL_GPL(kho_unpreserve_folio);

/**
 * kho_preserve_phys - preserve a physically contiguous range across kexec
 * @phys: page-aligned start address
 * @size: page-aligned size in bytes
 *
 * Return: 0 on success, -EINVAL for an unaligned range or one overlapping a
 * scratch area, -EBUSY after finalize, -ENOMEM, or -EOPNOTSUPP when KHO is
 * off.
 */
int kho_preserve_phys(phys_addr_t phys, size_t size)
{
	if (!PAGE_ALIGNED(phys) || !PAGE_ALIGNED(size))
		return -EINVAL;
	return kho_preserve_range(PHYS_PFN(phys), size >> PAGE_SHIFT);
}
EXPORT_SYMBOL_GPL(kho_preserve_phys);

/**
 * kho_preserve_pages - preserve a range of contiguous pages across kexec
 * @page: first page
 * @nr_pages: number of pages
 *
 * The next kernel gets them back with kho_restore_pages().
 *
 * Return: as for kho_preserve_phys().
 */
int kho_preserve_pages(struct page *page, unsigned int nr_pages)
{
	return kho_preserve_range(page_to_pfn(page), nr_pages);
}
EXPORT_SYMBOL_GPL(kho_preserve_pages);

/* -------------------------------------------------------------------------
 * Restoring memory (incoming)
 */

/* Turn reserved memblock pages into ordinary pages owned by the caller. */
static void kho_claim_pages(struct page *page, unsigned long nr)
{
	unsigned long i;

	for (i = 0; i < nr; i++)
		__ClearPageReserved(page + i);
	adjust_managed_page_count(page, nr);
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
	unsigned int order;
	unsigned long i;

	if (!kho_in.valid || !kho_in.map.root)
		return NULL;

	mutex_lock(&kho_in.restore_lock);
	for (order = 0; order <= MAX_PAGE_ORDER; order++) {
		if (!IS_ALIGNED(phys, PAGE_SIZE << order))
			break;
		if (kho_radix_test(&kho_in.map, phys, order))
			goto found;
	}
	mutex_unlock(&kho_in.restore_lock);
	pr_warn_once("restore of %pa: not preserved or restored already\n",
		     &phys);
	return NULL;

found:
	/* Preserved memory stays reserved until restored; anything else is a bug. */
	if (!PageReserved(page)) {
		mutex_unlock(&kho_in.restore_lock);
		pr_warn_once("restore of %pa: preserved block was not reserved at boot\n",
			     &phys);
		return NULL;
	}
	kho_radix_del(&kho_in.map, phys, order);
	mutex_unlock(&kho_in.restore_lock);
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

	if (!kho_in.valid || !kho_in.map.root || !nr_pages ||
	    !PAGE_ALIGNED(phys))
		return NULL;

	mutex_lock(&kho_in.restore_lock);
	for (pfn = start; pfn < end; pfn += 1UL << order) {
		order = kho_block_order(pfn, end);
		if (!kho_radix_test(&kho_in.map, PFN_PHYS(pfn), order) ||
		    !PageReserved(pfn_to_page(pfn))) {
			mutex_unlock(&kho_in.restore_lock);
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
	mutex_unlock(&kho_in.restore_lock);
	return pfn_to_page(start);
}
EXPORT_SYMBOL_GPL(kho_restore_pages);

/* -------------------------------------------------------------------------
 * Notifiers, subtrees and finalize
 */

/**
 * register_kho_notifier - get called on finalize and abort
 * @nb: notifier; called with KEXEC_KHO_FINALIZE and the serialization
 *	handle, or KEXEC_KHO_ABORT and NULL
 *
 * Return: 0 on success, -EOPNOTSUPP when KHO is off.
 */
int register_kho_notifier(struct notifier_block *nb)
{
	if (!kho_enable)
		return -EOPNOTSUPP;
	return blocking_notifier_chain_register(&kho_out.chain, nb);
}
EXPORT_SYMBOL_GPL(register_kho_notifier);

/**
 * unregister_kho_notifier - undo register_kho_notifier()
 * @nb: the notifier
 *
 * Return: 0 on success, -ENOENT if it was not registered, -EOPNOTSUPP when
 * KHO is off.
 */
int unregister_kho_notifier(struct notifier_block *nb)
{
	if (!kho_enable)
		return -EOPNOTSUPP;
	return blocking_notifier_chain_unregister(&kho_out.chain, nb);
}
EXPORT_SYMBOL_GPL(unregister_kho_notifier);

static int kho_record_subtree(struct kho_serialization *ser, const char *name,
			      const void *blob, u64 size)
{
	struct kho_subtree *sub;

	if (!name || !*name || strchr(name, '/') || strchr(name, '@'))
		return -EINVAL;
	list_for_each_entry(sub, &ser->subtrees, list) {
		if (!strcmp(sub->name, name))
			return -EEXIST;
	}
	sub = kzalloc(sizeof(*sub), GFP_KERNEL);
	if (!sub)
		return -ENOMEM;
	sub->name = kstrdup(name, GFP_KERNEL);
	if (!sub->name) {
		kfree(sub);
		return -ENOMEM;
	}
	sub->phys = virt_to_phys((void *)blob);
	sub->size = size;
	sub->blob = blob;
	list_add_tail(&sub->list, &ser->subtrees);
	return 0;
}

/**
 * kho_add_subtree - record a sub-FDT in the root FDT
 * @ser: the handle passed to the notifier
 * @name: node name, unique among subtrees
 * @fdt: the sub-FDT; the caller preserves its pages (e.g. with
 *	kho_preserve_folio())
 *
 * Only valid from a KEXEC_KHO_FINALIZE notifier.
 *
 * Return: 0 on success, -EEXIST for a duplicate name, -EINVAL for a bad name
 * or an invalid FDT, -ENOMEM.
 */
int kho_add_subtree(struct kho_serialization *ser, const char *name, void *fdt)
{
	if (!ser || !fdt || fdt_check_header(fdt))
		return -EINVAL;
	return kho_record_subtree(ser, name, fdt, fdt_totalsize(fdt));
}
EXPORT_SYMBOL_GPL(kho_add_subtree);

static void kho_free_subtrees(struct kho_serialization *ser)
{
	struct kho_subtree *sub, *tmp;

	list_for_each_entry_safe(sub, tmp, &ser->subtrees, list) {
		list_del(&sub->list);
		kfree(sub->name);
		kfree(sub);
	}
}

static int kho_write_root_fdt(void *fdt, u64 map_root,
			      struct kho_serialization *ser)
{
	struct kho_subtree *sub;
	int err;

	err = fdt_create(fdt, PAGE_SIZE);
	err |= fdt_finish_reservemap(fdt);
	err |= fdt_begin_node(fdt, "");
	err |= fdt_property_string(fdt, "compatible", KHO_FDT_COMPATIBLE);
	err |= fdt_property(fdt, KHO_FDT_MEMORY_MAP_PROP_NAME, &map_root,
			    sizeof(map_root));
	list_for_each_entry(sub, &ser->subtrees, list) {
		u64 phys = sub->phys;

		err |= fdt_begin_node(fdt, sub->name);
		err |= fdt_property(fdt, KHO_FDT_SUB_TREE_PROP_NAME, &phys,
				    sizeof(phys));
		err |= fdt_property(fdt, KHO_FDT_SUB_TREE_SIZE_PROP_NAME,
				    &sub->size, sizeof(sub->size));
		err |= fdt_end_node(fdt);
	}
	err |= fdt_end_node(fdt);
	err |= fdt_finish(fdt);
	return err ? -ENOSPC : 0;
}

static void kho_fill_metadata(void)
{
	struct kho_kexec_metadata *meta = kho_out.meta;

	memset(meta, 0, sizeof(*meta));
	meta->version = KHO_KEXEC_METADATA_VERSION;
	strscpy(meta->previous_release, init_utsname()->release,
		sizeof(meta->previous_release));
	meta->kexec_count = kho_in.kexec_count + 1;
}

/* Undo what the core itself preserved and recorded for a finalize. */
static void kho_unwind_core(void)
{
	kho_radix_del(&kho_out.map, virt_to_phys(kho_out.fdt), 0);
	kho_radix_del(&kho_out.map, virt_to_phys(kho_out.meta), 0);
	kho_free_subtrees(&kho_out.ser);
	memset(kho_out.fdt, 0, PAGE_SIZE);
}

static const void *kho_late_map(phys_addr_t phys, void *arg)
{
	return phys_to_virt(phys);
}

static void kho_late_unmap(const void *virt, void *arg)
{
}

/* Size of a map, for the finalize message: node pages and preserved bytes. */
struct kho_map_stats {
	unsigned long nodes;
	unsigned long blocks;
	u64 bytes;
};

static bool kho_any_ram(phys_addr_t phys, u64 size, void *arg)
{
	return true;
}

static int kho_count_node(phys_addr_t phys, unsigned int level, void *arg)
{
	((struct kho_map_stats *)arg)->nodes++;
	return 0;
}

static int kho_count_block(phys_addr_t phys, unsigned int order, void *arg)
{
	struct kho_map_stats *st = arg;

	st->blocks++;
	st->bytes += PAGE_SIZE << order;
	return 0;
}

static void kho_map_stats(phys_addr_t root, struct kho_map_stats *st)
{
	const struct kho_radix_walk_ops ops = {
		.map = kho_late_map,
		.unmap = kho_late_unmap,
		.valid = kho_any_ram,
		.node = kho_count_node,
		.block = kho_count_block,
		.max_nodes = ULONG_MAX,
	};

	*st = (struct kho_map_stats){ };
	kho_radix_walk(root, &ops, st);
}

/**
 * kho_finalize - run the notifiers and write the root FDT
 *
 * Return: 0 on success, -EEXIST if finalized already, -EOPNOTSUPP when KHO
 * is off, or the error of the failing notifier or step (after every
 * notifier got KEXEC_KHO_ABORT).
 */
int kho_finalize(void)
{
	ktime_t start = ktime_get();
	struct kho_map_stats st;
	u64 map_root;
	int ret;

	if (!kho_enable || !kho_out.fdt)
		return -EOPNOTSUPP;

	mutex_lock(&kho_out.lock);
	if (kho_out.state == KHO_OUT_FINALIZED) {
		ret = -EEXIST;
		goto out;
	}
	WRITE_ONCE(kho_out.state, KHO_OUT_FINALIZING);

	kho_fill_metadata();
	ret = kho_radix_add(&kho_out.map, virt_to_phys(kho_out.fdt), 0);
	if (!ret)
		ret = kho_radix_add(&kho_out.map, virt_to_phys(kho_out.meta), 0);
	if (!ret)
		ret = kho_record_subtree(&kho_out.ser, KHO_KEXEC_METADATA_NODE,
					 kho_out.meta, sizeof(*kho_out.meta));
	if (!ret) {
		ret = blocking_notifier_call_chain(&kho_out.chain,
						   KEXEC_KHO_FINALIZE,
						   &kho_out.ser);
		ret = notifier_to_errno(ret);
	}
	if (!ret) {
		/* Every notifier has run: the map is complete now. */
		map_root = virt_to_phys(kho_out.map.root);
		ret = kho_write_root_fdt(kho_out.fdt, map_root, &kho_out.ser);
		if (ret)
			pr_err("root FDT does not fit in a page\n");
	}
	if (!ret)
		ret = kho_debugfs_publish_out(kho_out.fdt, &kho_out.ser.subtrees);
	if (ret) {
		pr_err("finalize failed (%d), aborting\n", ret);
		blocking_notifier_call_chain(&kho_out.chain, KEXEC_KHO_ABORT,
					     NULL);
		kho_debugfs_clear_out();
		kho_unwind_core();
		WRITE_ONCE(kho_out.state, KHO_OUT_IDLE);
		goto out;
	}
	WRITE_ONCE(kho_out.state, KHO_OUT_FINALIZED);
	kho_map_stats(map_root, &st);
	pr_info("finalized in %lld us: root FDT at %#llx (%u bytes), map at %#llx: %lu node pages, %lu blocks (%llu KiB)\n",
		ktime_us_delta(ktime_get(), start),
		(u64)virt_to_phys(kho_out.fdt), fdt_totalsize(kho_out.fdt),
		map_root, st.nodes, st.blocks, st.bytes >> 10);
out:
	mutex_unlock(&kho_out.lock);
	return ret;
}

/**
 * kho_abort - undo kho_finalize()
 *
 * Notifiers get KEXEC_KHO_ABORT; preservations made outside notifiers stay.
 *
 * Return: 0 on success, -ENOENT if not finalized, -EOPNOTSUPP when KHO is
 * off.
 */
int kho_abort(void)
{
	int ret = 0;

	if (!kho_enable || !kho_out.fdt)
		return -EOPNOTSUPP;

	mutex_lock(&kho_out.lock);
	if (kho_out.state != KHO_OUT_FINALIZED) {
		ret = -ENOENT;
		goto out;
	}
	kho_debugfs_clear_out();
	WRITE_ONCE(kho_out.state, KHO_OUT_FINALIZING);
	blocking_notifier_call_chain(&kho_out.chain, KEXEC_KHO_ABORT, NULL);
	kho_unwind_core();
	WRITE_ONCE(kho_out.state, KHO_OUT_IDLE);
	pr_info("finalize aborted\n");
out:
	mutex_unlock(&kho_out.lock);
	return ret;
}

/**
 * kho_is_finalized - whether the outgoing state is finalized
 *
 * Return: true between a successful finalize and an abort.
 */
bool kho_is_finalized(void)
{
	return READ_ONCE(kho_out.state) == KHO_OUT_FINALIZED;
}

/**
 * kho_kexec_prepare - last word of KHO before kexec jumps
 * @image: the image about to be executed
 *
 * The next kernel gets the root FDT page whatever its state; an unfinalized
 * one is all zeroes, which the next kernel takes as "no handover". Say so
 * here, where the user can still see it. Also retire the handover this
 * kernel received, so that it is never passed on a second time.
 */
void kho_kexec_prepare(struct kimage *image)
{
	/*
	 * This kernel is done with the handover it received. Invalidate its
	 * root FDT, so that a stale reference to it (the /chosen properties
	 * that kexec_load user space copies from this kernel's DT) cannot be
	 * taken over again by the next kernel.
	 */
	if (kho_in.valid && !image->preserve_context)
		fdt_set_magic(phys_to_virt(kho_in.fdt_phys), 0);
	if (!image->kho.fdt)
		return;
	if (!kho_is_finalized())
		pr_notice("enabled but not finalized: the next kernel boots without a handover\n");
}

/* -------------------------------------------------------------------------
 * Retrieving subtrees (incoming)
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
	if (!kho_in.valid)
		return -ENOENT;
	return kho_fdt_get_subtree(phys_to_virt(kho_in.fdt_phys), name, phys,
				   &size);
}
EXPORT_SYMBOL_GPL(kho_retrieve_subtree);

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

/* -------------------------------------------------------------------------
 * Early boot of a KHO kernel: accept the handover
 */

struct kho_walk_ctx {
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

static bool __init kho_is_ram(phys_addr_t phys, u64 size, void *arg)
{
	return size && phys + size > phys &&
	       memblock_is_region_memory(phys, size);
}

static int __init kho_check_block(phys_addr_t phys, unsigned int order, void *arg)
{
	struct kho_walk_ctx *ctx = arg;
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
	struct kho_walk_ctx ctx = { };
	struct kho_scratch *scratch = NULL;
	phys_addr_t map_root = 0;
	void *fdt = NULL;
	unsigned int i;
	int ret;

	if (is_kdump_kernel()) {
		pr_info("crash kernel: ignoring the handover\n");
		return;
	}
	if (kho_param == 0) {
		pr_notice("kho=off: ignoring the handover of the previous kernel\n");
		return;
	}
	if (!fdt_phys || fdt_len < sizeof(struct fdt_header) ||
	    fdt_len > PAGE_SIZE || !kho_is_ram(fdt_phys, fdt_len, NULL)) {
		pr_err("handover rejected: root FDT [%pa + %#llx] is not RAM\n",
		       &fdt_phys, fdt_len);
		return;
	}
	if (!scratch_len || scratch_len % sizeof(*scratch) ||
	    scratch_len > PAGE_SIZE ||
	    !kho_is_ram(scratch_phys, scratch_len, NULL)) {
		pr_err("handover rejected: scratch array [%pa + %#llx] is malformed\n",
		       &scratch_phys, scratch_len);
		return;
	}

	fdt = early_memremap(fdt_phys, fdt_len);
	scratch = early_memremap(scratch_phys, scratch_len);
	if (!fdt || !scratch) {
		pr_err("handover rejected: cannot map it\n");
		goto out;
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

	if (map_root) {
		const struct kho_radix_walk_ops ops = {
			.map = kho_early_map,
			.unmap = kho_early_unmap,
			.valid = kho_is_ram,
			.block = kho_check_block,
			.max_nodes = memblock_phys_mem_size() >> PAGE_SHIFT,
		};

		ret = kho_radix_walk(map_root, &ops, &ctx);
		if (ret)
			goto rejected;
	}

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
	kho_in.valid = true;
	kho_enable = true;
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
 * Memory init: reserve what was preserved, or set up scratch on a cold boot
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

static void __init kho_reserve_preserved(void)
{
	const struct kho_radix_walk_ops ops = {
		.map = kho_late_map,
		.unmap = kho_late_unmap,
		.valid = kho_is_ram,
		.node = kho_reserve_node,
		.block = kho_reserve_block,
		.max_nodes = memblock_phys_mem_size() >> PAGE_SHIFT,
	};

	if (kho_in.map_root && kho_radix_walk(kho_in.map_root, &ops, NULL))
		pr_err("reserving preserved memory failed; its contents may be lost\n");
	if (kho_in.map_root)
		kho_in.map.root = phys_to_virt(kho_in.map_root);
}

/*
 * Scratch memory is handed to the page allocator as CMA pageblocks: only
 * movable allocations use it, so the next kernel can use it as scratch
 * again. On a KHO boot (@reserved false) the pageblocks are marked before
 * memblock frees their pages, which then land on the CMA free lists; on a
 * cold boot (@reserved true) memblock had reserved the areas, and each
 * pageblock is freed to the buddy allocator as CMA once it is up.
 */
static void __init kho_scratch_to_cma(bool reserved)
{
	unsigned int i;

	for (i = 0; i < kho_scratch_cnt; i++) {
		unsigned long pfn = PHYS_PFN(kho_scratch[i].addr);
		unsigned long end = PHYS_PFN(kho_scratch[i].addr +
					     kho_scratch[i].size);

		for (; pfn < end; pfn += pageblock_nr_pages) {
			struct page *page = pfn_to_page(pfn);

			if (reserved) {
				init_cma_reserved_pageblock(page);
			} else {
				set_pageblock_migratetype(page, MIGRATE_CMA);
				page_zone(page)->cma_pages += pageblock_nr_pages;
			}
		}
	}
}

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

/* Cold boot with kho=on: set aside scratch for the next kernel. */
static void __init kho_reserve_scratch(void)
{
	unsigned int max_cnt, cnt = 0, i;
	struct kho_scratch *plan;
	int nid;

	max_cnt = 2 + nodes_weight(node_states[N_MEMORY]);
	kho_scratch = memblock_alloc(max_cnt * sizeof(*kho_scratch), PAGE_SIZE);
	plan = memblock_alloc(max_cnt * sizeof(*plan), PAGE_SIZE);
	if (!kho_scratch || !plan) {
		pr_err("cannot allocate the scratch array; KHO stays off\n");
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

		/* Areas past the first two are per node, in node order. */
		if (i >= 2)
			nid = i == 2 ? first_memory_node : next_memory_node(nid);
		if (!size)
			continue;
		addr = memblock_alloc_range_nid(size, CMA_MIN_ALIGNMENT_BYTES,
						0, plan[i].addr, nid,
						nid != NUMA_NO_NODE);
		if (!addr) {
			pr_err("cannot allocate %pa of scratch (node %d); KHO stays off\n",
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
	kho_enable = false;
}

/**
 * kho_memory_init - KHO's part of memory init
 *
 * Called from mm_core_init() before memblock releases memory to the buddy
 * allocator. On a KHO boot: reserve every preserved block, turn scratch into
 * CMA and let memblock allocate anywhere again. On a cold boot with kho=on:
 * reserve the scratch areas.
 */
void __init kho_memory_init(void)
{
	if (kho_in.valid) {
		kho_scratch = phys_to_virt(kho_in.scratch_phys);
		kho_scratch_cnt = kho_in.scratch_len / sizeof(*kho_scratch);
		kho_reserve_preserved();
		kho_scratch_to_cma(false);
		memblock_clear_kho_scratch_only();
		if (kho_scratch_given)
			pr_info("kho_scratch= ignored: a KHO boot reuses the scratch areas it was handed\n");
		return;
	}
	if (kho_scratch_bad && kho_enable) {
		pr_err("KHO stays off because kho_scratch= is malformed\n");
		kho_enable = false;
	}
	if (kho_enable)
		kho_reserve_scratch();
}

/* -------------------------------------------------------------------------
 * Late init
 */

static int __init kho_init(void)
{
	unsigned int i;
	int ret;

	if (!kho_enable)
		return 0;

	kho_out.fdt = (void *)get_zeroed_page(GFP_KERNEL);
	kho_out.meta = (void *)get_zeroed_page(GFP_KERNEL);
	if (!kho_out.fdt || !kho_out.meta) {
		pr_err("cannot allocate the root FDT; KHO stays off\n");
		free_page((unsigned long)kho_out.fdt);
		free_page((unsigned long)kho_out.meta);
		kho_out.fdt = NULL;
		kho_out.meta = NULL;
		kho_enable = false;
		return -ENOMEM;
	}

	if (kho_in.valid)
		kho_read_metadata();
	else
		kho_scratch_to_cma(true);
	/*
	 * CmaTotal in /proc/meminfo. Counted only now: the boot-time "Memory:"
	 * line subtracts it from memory that, on a KHO boot, already includes
	 * the scratch pages.
	 */
	for (i = 0; i < kho_scratch_cnt; i++)
		totalcma_pages += kho_scratch[i].size >> PAGE_SHIFT;

	ret = kho_debugfs_init();
	if (ret)
		pr_warn("debugfs interface unavailable (%d)\n", ret);
	if (kho_in.valid)
		kho_debugfs_publish_in(phys_to_virt(kho_in.fdt_phys),
				       kho_in.previous_release,
				       kho_in.kexec_count);
	return 0;
}
fs_initcall(kho_init);
