// SPDX-License-Identifier: GPL-2.0
/*
 * memblock's part of Kexec HandOver (KHO).
 *
 * The outgoing kernel describes its reserve_mem regions in the "memblock"
 * subtree of the handover (format: include/linux/kho/abi/memblock.h) and
 * preserves their memory. The next kernel gives a reserve_mem= request the
 * region of the same name, at the same physical address, so that the data
 * users left there (pstore, a persistent trace buffer, ...) survives.
 */

#define pr_fmt(fmt) "reserve_mem: " fmt

#include <linux/cleanup.h>
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/kexec_handover.h>
#include <linux/kho/abi/memblock.h>
#include <linux/libfdt.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/string.h>

/* Outgoing side */

static DEFINE_MUTEX(reserve_mem_kho_lock);

/*
 * The folio holding the outgoing subtree. It is allocated at the first
 * finalize and kept for good: after an abort the next finalize rebuilds the
 * same content in it, so preserving it again neither leaks nor duplicates.
 */
static struct folio *reserve_mem_kho_folio;

static int reserve_mem_kho_errno(int fdt_err)
{
	if (!fdt_err)
		return 0;
	return fdt_err == -FDT_ERR_NOSPACE ? -ENOSPC : -EINVAL;
}

static int reserve_mem_kho_add_node(void *fdt, const char *name,
				    phys_addr_t start, phys_addr_t size)
{
	u64 val;
	int err;

	err = fdt_begin_node(fdt, name);
	if (err)
		return err;
	err = fdt_property_string(fdt, "compatible",
				  RESERVE_MEM_KHO_NODE_COMPATIBLE);
	if (err)
		return err;
	/* KHO's own properties are native-endian u64, not FDT cells */
	val = start;
	err = fdt_property(fdt, RESERVE_MEM_KHO_START_PROP, &val, sizeof(val));
	if (err)
		return err;
	val = size;
	err = fdt_property(fdt, RESERVE_MEM_KHO_SIZE_PROP, &val, sizeof(val));
	if (err)
		return err;
	return fdt_end_node(fdt);
}

/* reserve_mem_for_each() callback: preserve one region and describe it */
static int reserve_mem_kho_add_region(const char *name, phys_addr_t start,
				      phys_addr_t size, void *fdt)
{
	phys_addr_t first = ALIGN_DOWN(start, PAGE_SIZE);
	phys_addr_t end = PAGE_ALIGN(start + size);
	int err;

	err = kho_preserve_phys(first, end - first);
	if (err == -EINVAL) {
		/*
		 * Memory KHO refuses to preserve, typically a region that
		 * was allocated fresh from scratch memory on a KHO boot. Hand
		 * over the other regions; the next kernel allocates this one
		 * anew.
		 */
		pr_warn("region '%s' at %pa cannot be preserved, not handing it over\n",
			name, &start);
		return 0;
	}
	if (err) {
		pr_err("failed to preserve region '%s': %d\n",
		       name, err);
		return err;
	}

	return reserve_mem_kho_errno(reserve_mem_kho_add_node(fdt, name,
							      start, size));
}

static int reserve_mem_kho_build(void *fdt, size_t size)
{
	int err;

	err = fdt_create(fdt, size);
	if (!err)
		err = fdt_finish_reservemap(fdt);
	if (!err)
		err = fdt_begin_node(fdt, "");
	if (!err)
		err = fdt_property_string(fdt, "compatible",
					  MEMBLOCK_KHO_NODE_COMPATIBLE);
	if (err)
		return reserve_mem_kho_errno(err);

	err = reserve_mem_for_each(reserve_mem_kho_add_region, fdt);
	if (err)
		return err;

	err = fdt_end_node(fdt);
	if (!err)
		err = fdt_finish(fdt);
	return reserve_mem_kho_errno(err);
}

static int reserve_mem_kho_finalize(struct kho_serialization *ser)
{
	struct folio *folio;
	void *fdt;
	int err;

	guard(mutex)(&reserve_mem_kho_lock);

	if (!reserve_mem_kho_folio) {
		/* unmovable, so never in scratch (which only serves movable) */
		reserve_mem_kho_folio = folio_alloc(GFP_KERNEL, 0);
		if (!reserve_mem_kho_folio)
			return -ENOMEM;
	}
	folio = reserve_mem_kho_folio;
	fdt = folio_address(folio);

	err = reserve_mem_kho_build(fdt, folio_size(folio));
	if (err) {
		pr_err("failed to build the %s subtree: %d\n",
		       MEMBLOCK_KHO_FDT, err);
		return err;
	}

	err = kho_preserve_folio(folio);
	if (err)
		return err;

	return kho_add_subtree(ser, MEMBLOCK_KHO_FDT, fdt);
}

static int reserve_mem_kho_notifier(struct notifier_block *self,
				    unsigned long cmd, void *v)
{
	if (cmd == KEXEC_KHO_FINALIZE)
		return notifier_from_errno(reserve_mem_kho_finalize(v));

	/*
	 * KEXEC_KHO_ABORT: nothing to undo. The regions stay preserved
	 * (preservation is idempotent) and the next finalize reuses the folio.
	 */
	return NOTIFY_DONE;
}

static struct notifier_block reserve_mem_kho_nb = {
	.notifier_call = reserve_mem_kho_notifier,
};

static int reserve_mem_kho_count(const char *name, phys_addr_t start,
				 phys_addr_t size, void *arg)
{
	(*(unsigned int *)arg)++;
	return 0;
}

static int __init reserve_mem_kho_init(void)
{
	unsigned int nr = 0;
	int err;

	if (!kho_is_enabled())
		return 0;

	/* the table is complete once the command line has been parsed */
	reserve_mem_for_each(reserve_mem_kho_count, &nr);
	if (!nr)
		return 0;

	err = register_kho_notifier(&reserve_mem_kho_nb);
	if (err)
		pr_err("failed to register the KHO notifier: %d\n", err);
	return err;
}
late_initcall(reserve_mem_kho_init);

/* Incoming side */

/**
 * reserve_mem_kho_revive - reuse a reserve_mem region of the previous kernel
 * @name: name of the reserve_mem= request
 * @size: requested size in bytes
 * @align: requested alignment
 *
 * Called by reserve_mem() before it allocates memory for a request. On a
 * boot with a Kexec HandOver, look for a region called @name in the
 * "memblock" subtree. If there is one of the same size, aligned to @align,
 * reserve it in memblock and return it, so the request gets the memory, and
 * the data, the region had in the previous kernel.
 *
 * Context: early boot, while memblock is active and the direct map is set up.
 * Return: the physical start address of the region, or 0 if there is none
 * to reuse and the caller has to allocate memory.
 */
phys_addr_t __init reserve_mem_kho_revive(const char *name, phys_addr_t size,
					  phys_addr_t align)
{
	const void *fdt;
	phys_addr_t fdt_phys, start;
	u64 old_start, old_size;
	int node, err;

	if (!is_kho_boot())
		return 0;

	err = kho_retrieve_subtree(MEMBLOCK_KHO_FDT, &fdt_phys);
	if (err) {
		if (err != -ENOENT)
			pr_warn("cannot retrieve the %s subtree: %d\n",
				MEMBLOCK_KHO_FDT, err);
		pr_info("no region '%s' handed over, allocating it\n",
			name);
		return 0;
	}

	fdt = phys_to_virt(fdt_phys);
	if (fdt_check_header(fdt)) {
		pr_warn("the %s subtree is not a valid FDT, allocating '%s' anew\n",
			MEMBLOCK_KHO_FDT, name);
		return 0;
	}
	if (fdt_node_check_compatible(fdt, 0, MEMBLOCK_KHO_NODE_COMPATIBLE)) {
		pr_warn("the %s subtree is not %s, allocating '%s' anew\n",
			MEMBLOCK_KHO_FDT, MEMBLOCK_KHO_NODE_COMPATIBLE, name);
		return 0;
	}

	node = fdt_subnode_offset(fdt, 0, name);
	if (node < 0) {
		pr_info("no region '%s' handed over, allocating it\n",
			name);
		return 0;
	}

	if (fdt_node_check_compatible(fdt, node,
				      RESERVE_MEM_KHO_NODE_COMPATIBLE)) {
		pr_warn("handed over region '%s' is not %s, allocating it anew\n",
			name, RESERVE_MEM_KHO_NODE_COMPATIBLE);
		return 0;
	}

	if (kho_fdt_get_u64(fdt, node, RESERVE_MEM_KHO_START_PROP, &old_start) ||
	    kho_fdt_get_u64(fdt, node, RESERVE_MEM_KHO_SIZE_PROP, &old_size) ||
	    !old_size || old_start + old_size < old_start) {
		pr_warn("handed over region '%s' is malformed, allocating it anew\n",
			name);
		return 0;
	}

	start = old_start;
	if (old_size != size) {
		pr_warn("handed over region '%s' has size %#llx, not the requested %pa; allocating it anew\n",
			name, old_size, &size);
		return 0;
	}

	if (!IS_ALIGNED(start, align)) {
		pr_warn("handed over region '%s' at %pa is not aligned to %pa; allocating it anew\n",
			name, &start, &align);
		return 0;
	}

	if (!memblock_is_region_memory(start, size)) {
		pr_warn("handed over region '%s' at %pa is not in memory; allocating it anew\n",
			name, &start);
		return 0;
	}

	/* Not preserved (or in scratch): this kernel may be using it already. */
	if (!kho_is_preserved(start, size)) {
		pr_warn("handed over region '%s' at %pa is not preserved memory; allocating it anew\n",
			name, &start);
		return 0;
	}

	if (memblock_reserve(start, size)) {
		pr_warn("cannot reserve handed over region '%s' at %pa; allocating it anew\n",
			name, &start);
		return 0;
	}

	pr_info("revived region '%s' at %pa, size %pa\n",
		name, &start, &size);
	return start;
}
