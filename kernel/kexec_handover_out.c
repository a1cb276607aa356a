// SPDX-License-Identifier: GPL-2.0
/*
 * Kexec HandOver, outgoing side: what this kernel hands to the next one.
 *
 * Subsystems preserve memory at any time (it goes into the preserved-memory
 * map) and register a notifier. Finalize runs the notifiers, which describe
 * their state in sub-FDTs, then writes the root FDT into a page that was
 * set aside at boot and never moves: kexec_file can load the next kernel
 * before or after finalize. Abort undoes finalize; preserved memory stays
 * preserved until its owner unpreserves it.
 */

#define pr_fmt(fmt) "KHO: " fmt

#include <linux/cleanup.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/kexec_handover.h>
#include <linux/kho/abi/kexec_handover.h>
#include <linux/kho/abi/kexec_metadata.h>
#include <linux/ktime.h>
#include <linux/libfdt.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/notifier.h>
#include <linux/slab.h>
#include <linux/utsname.h>

#include "kexec_handover_fdt.h"
#include "kexec_handover_internal.h"

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
	bool kexec_started;		/* no abort: the state is on its way */
} kho_out = {
	.lock = __MUTEX_INITIALIZER(kho_out.lock),
	.chain = BLOCKING_NOTIFIER_INIT(kho_out.chain),
	.map = { .lock = __MUTEX_INITIALIZER(kho_out.map.lock) },
	.ser = { .subtrees = LIST_HEAD_INIT(kho_out.ser.subtrees) },
};

/**
 * kho_out_init - allocate the pages of the outgoing root FDT and metadata
 *
 * Both pages are fixed for the whole boot, so that a kexec image loaded
 * before finalize still points at the right root FDT.
 *
 * Return: 0 on success, -ENOMEM.
 */
int __init kho_out_init(void)
{
	kho_out.fdt = (void *)get_zeroed_page(GFP_KERNEL);
	kho_out.meta = (void *)get_zeroed_page(GFP_KERNEL);
	if (kho_out.fdt && kho_out.meta)
		return 0;
	free_page((unsigned long)kho_out.fdt);
	free_page((unsigned long)kho_out.meta);
	kho_out.fdt = NULL;
	kho_out.meta = NULL;
	return -ENOMEM;
}

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
 * Preserving memory
 */

static int kho_check_preserve(phys_addr_t phys, u64 size)
{
	if (!kho_is_enabled())
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

static int kho_preserve_range(unsigned long start, unsigned long nr_pages)
{
	int ret;

	ret = kho_check_preserve(PFN_PHYS(start), (u64)nr_pages << PAGE_SHIFT);
	if (ret)
		return ret;
	return kho_radix_preserve_range(&kho_out.map, start, nr_pages);
}

/**
 * kho_preserve_folio - preserve a folio across kexec
 * @folio: the folio
 *
 * The folio keeps its physical address and contents in the next kernel,
 * which gets it back with kho_restore_folio().
 *
 * Preserving the same folio again is not an error.
 *
 * Return: 0 on success, -EINVAL if it overlaps a scratch area, -EBUSY after
 * finalize or if it shares a page with a preserved block of another order,
 * -ENOMEM, or -EOPNOTSUPP when KHO is off.
 */
int kho_preserve_folio(struct folio *folio)
{
	phys_addr_t phys = PFN_PHYS(folio_pfn(folio));
	unsigned int order = folio_order(folio);
	int ret;

	ret = kho_check_preserve(phys, PAGE_SIZE << order);
	if (ret)
		return ret;
	return kho_radix_preserve(&kho_out.map, phys, order);
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
	if (!kho_is_enabled())
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
 * Preserving the same range again is not an error; a range that is only
 * partly preserved already, or that shares a page with a preserved block
 * of another order, is refused. On failure nothing that was preserved
 * before the call changes.
 *
 * Return: 0 on success, -EINVAL for an unaligned range or one overlapping a
 * scratch area, -EBUSY after finalize or for an overlap as above, -ENOMEM,
 * or -EOPNOTSUPP when KHO is off.
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

/**
 * kho_unpreserve_pages - undo kho_preserve_pages()
 * @page: first page, as preserved
 * @nr_pages: number of pages, as preserved
 *
 * Only a range that was preserved as a whole (with kho_preserve_pages() or
 * kho_preserve_phys() of the same range) can be unpreserved; if any of its
 * blocks is not preserved, nothing changes.
 *
 * Return: 0 on success, -EINVAL for an empty range, -ENOENT if the range is
 * not preserved that way, -EBUSY after finalize, -EOPNOTSUPP when KHO is
 * off.
 */
int kho_unpreserve_pages(struct page *page, unsigned int nr_pages)
{
	unsigned long start = page_to_pfn(page), end = start + nr_pages, pfn;
	unsigned int order;

	if (!kho_is_enabled())
		return -EOPNOTSUPP;
	if (!nr_pages)
		return -EINVAL;
	if (READ_ONCE(kho_out.state) == KHO_OUT_FINALIZED)
		return -EBUSY;
	for (pfn = start; pfn < end; pfn += 1UL << order) {
		order = kho_block_order(pfn, end);
		if (!kho_radix_test(&kho_out.map, PFN_PHYS(pfn), order))
			return -ENOENT;
	}
	for (pfn = start; pfn < end; pfn += 1UL << order) {
		order = kho_block_order(pfn, end);
		kho_radix_del(&kho_out.map, PFN_PHYS(pfn), order);
	}
	return 0;
}
EXPORT_SYMBOL_GPL(kho_unpreserve_pages);

/* -------------------------------------------------------------------------
 * Notifiers and subtrees
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
	if (!kho_is_enabled())
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
	if (!kho_is_enabled())
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

/**
 * kho_add_subtree_raw - record a subtree whose blob is not an FDT
 * @ser: the handle passed to the notifier
 * @name: node name, unique among subtrees
 * @blob: the blob, in the linear map (e.g. from kho_alloc_preserve()); the
 *	caller preserves its pages
 * @size: size of the blob in bytes, handed over as its blob-size
 *
 * The next kernel finds the blob and its size with
 * kho_retrieve_subtree_raw(). Only valid from a KEXEC_KHO_FINALIZE
 * notifier.
 *
 * Return: 0 on success, -EEXIST for a duplicate name, -EINVAL for a bad
 * name, an empty blob or one outside the linear map, -ENOMEM.
 */
int kho_add_subtree_raw(struct kho_serialization *ser, const char *name,
			const void *blob, size_t size)
{
	if (!ser || !blob || !size || !virt_addr_valid(blob) ||
	    !virt_addr_valid((const u8 *)blob + size - 1))
		return -EINVAL;
	return kho_record_subtree(ser, name, blob, size);
}
EXPORT_SYMBOL_GPL(kho_add_subtree_raw);

static void kho_free_subtrees(struct kho_serialization *ser)
{
	struct kho_subtree *sub, *tmp;

	list_for_each_entry_safe(sub, tmp, &ser->subtrees, list) {
		list_del(&sub->list);
		kfree(sub->name);
		kfree(sub);
	}
}

/* -------------------------------------------------------------------------
 * Finalize and abort
 */

static void kho_fill_metadata(struct kho_kexec_metadata *meta)
{
	memset(meta, 0, sizeof(*meta));
	meta->version = KHO_KEXEC_METADATA_VERSION;
	strscpy(meta->previous_release, init_utsname()->release,
		sizeof(meta->previous_release));
	meta->kexec_count = kho_in_kexec_count() + 1;
}

/*
 * Everything a finalize writes, in order: the core's own pages and the
 * kexec-metadata subtree, the notifiers' subtrees, then the root FDT (only
 * now is the map complete) and its debugfs view. Called with kho_out.lock
 * held; on failure the caller unwinds with kho_out_unwind().
 */
static int kho_out_serialize(u64 *map_root)
{
	int ret;

	kho_fill_metadata(kho_out.meta);
	ret = kho_radix_add(&kho_out.map, virt_to_phys(kho_out.fdt), 0);
	if (ret)
		return ret;
	ret = kho_radix_add(&kho_out.map, virt_to_phys(kho_out.meta), 0);
	if (ret)
		return ret;
	ret = kho_record_subtree(&kho_out.ser, KHO_KEXEC_METADATA_NODE,
				 kho_out.meta, sizeof(*kho_out.meta));
	if (ret)
		return ret;

	ret = blocking_notifier_call_chain(&kho_out.chain, KEXEC_KHO_FINALIZE,
					   &kho_out.ser);
	ret = notifier_to_errno(ret);
	if (ret)
		return ret;

	/*
	 * Every notifier has run: the map is complete. Preserve and unpreserve
	 * fail from now on, atomically with respect to them, until abort.
	 */
	kho_radix_freeze(&kho_out.map);
	*map_root = virt_to_phys(kho_out.map.root);
	ret = kho_fdt_write_root(kho_out.fdt, PAGE_SIZE, *map_root,
				 &kho_out.ser.subtrees);
	if (ret) {
		pr_err("root FDT does not fit in a page\n");
		return ret;
	}
	return kho_debugfs_publish_out(kho_out.fdt, &kho_out.ser.subtrees);
}

/*
 * Undo a finalize, whole or partial: hide the outgoing FDTs, tell the
 * notifiers, then drop what the core itself preserved and recorded. Called
 * with kho_out.lock held.
 */
static void kho_out_unwind(void)
{
	kho_debugfs_clear_out();
	WRITE_ONCE(kho_out.state, KHO_OUT_FINALIZING);
	kho_radix_thaw(&kho_out.map);
	blocking_notifier_call_chain(&kho_out.chain, KEXEC_KHO_ABORT, NULL);
	kho_radix_del(&kho_out.map, virt_to_phys(kho_out.fdt), 0);
	kho_radix_del(&kho_out.map, virt_to_phys(kho_out.meta), 0);
	kho_free_subtrees(&kho_out.ser);
	memset(kho_out.fdt, 0, PAGE_SIZE);
	WRITE_ONCE(kho_out.state, KHO_OUT_IDLE);
}

/* Size of a map, for the finalize message: node pages and preserved bytes. */
struct kho_map_stats {
	unsigned long nodes;
	unsigned long blocks;
	u64 bytes;
};

static const void *kho_stats_map(phys_addr_t phys, void *arg)
{
	return phys_to_virt(phys);
}

static bool kho_stats_valid(phys_addr_t phys, u64 size, void *arg)
{
	return true;	/* our own map, built by kho_radix_add() */
}

static int kho_stats_node(phys_addr_t phys, unsigned int level, void *arg)
{
	((struct kho_map_stats *)arg)->nodes++;
	return 0;
}

static int kho_stats_block(phys_addr_t phys, unsigned int order, void *arg)
{
	struct kho_map_stats *st = arg;

	st->blocks++;
	st->bytes += PAGE_SIZE << order;
	return 0;
}

/* Count the nodes and blocks of the map this kernel just finalized. */
static const struct kho_radix_walk_ops kho_stats_ops = {
	.map = kho_stats_map,
	.valid = kho_stats_valid,
	.node = kho_stats_node,
	.block = kho_stats_block,
};

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
	struct kho_map_stats st = { };
	u64 map_root;
	int ret;

	if (!kho_is_enabled() || !kho_out.fdt)
		return -EOPNOTSUPP;

	guard(mutex)(&kho_out.lock);
	if (kho_out.state == KHO_OUT_FINALIZED)
		return -EEXIST;
	WRITE_ONCE(kho_out.state, KHO_OUT_FINALIZING);

	ret = kho_out_serialize(&map_root);
	if (ret) {
		pr_err("finalize failed (%d), aborting\n", ret);
		kho_out_unwind();
		return ret;
	}
	WRITE_ONCE(kho_out.state, KHO_OUT_FINALIZED);

	kho_radix_walk(map_root, &kho_stats_ops, ULONG_MAX, &st);
	pr_info("finalized in %lld us: root FDT at %#llx (%u bytes), map at %#llx: %lu node pages, %lu blocks (%llu KiB)\n",
		ktime_us_delta(ktime_get(), start),
		(u64)virt_to_phys(kho_out.fdt), fdt_totalsize(kho_out.fdt),
		map_root, st.nodes, st.blocks, st.bytes >> 10);
	return 0;
}

/**
 * kho_abort - undo kho_finalize()
 *
 * Notifiers get KEXEC_KHO_ABORT; preservations made outside notifiers stay.
 *
 * Return: 0 on success, -ENOENT if not finalized, -EBUSY once a kexec into
 * the next kernel has started, -EOPNOTSUPP when KHO is off.
 */
int kho_abort(void)
{
	if (!kho_is_enabled() || !kho_out.fdt)
		return -EOPNOTSUPP;

	guard(mutex)(&kho_out.lock);
	if (kho_out.state != KHO_OUT_FINALIZED)
		return -ENOENT;
	if (kho_out.kexec_started)
		return -EBUSY;
	kho_out_unwind();
	pr_info("finalize aborted\n");
	return 0;
}

/**
 * kho_out_kexec_begin - keep the outgoing state as it is for a kexec
 *
 * Called when the kexec into the next kernel starts: from here on an abort
 * fails with -EBUSY, so the root FDT the next kernel gets stays finalized.
 *
 * Return: whether the outgoing state is finalized.
 */
bool kho_out_kexec_begin(void)
{
	guard(mutex)(&kho_out.lock);
	if (kho_out.state != KHO_OUT_FINALIZED)
		return false;
	kho_out.kexec_started = true;
	return true;
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
