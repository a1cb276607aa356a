// SPDX-License-Identifier: GPL-2.0
/*
 * Kexec HandOver: helpers for handing over memory that users allocate
 * themselves, the way mainline's users (LUO, memfd) do:
 *
 * - kho_alloc_preserve() and friends: a zeroed, preserved allocation for a
 *   piece of serialized state, and its release on either side;
 * - serialization block chains, read back in the next kernel
 *   (kho_blocks_read(), kho_blocks_restore_free());
 * - vmalloc areas: kho_preserve_vmalloc() writes the chunk list of
 *   &struct kho_vmalloc, kho_restore_vmalloc() maps the same pages again in
 *   the next kernel.
 *
 * What the next kernel reads here was written by another kernel: every
 * address goes through kho_in_check_preserved() before it is used.
 */

#define pr_fmt(fmt) "KHO: " fmt

#include <linux/err.h>
#include <linux/export.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/kasan.h>
#include <linux/kexec_handover.h>
#include <linux/kho/abi/kexec_handover.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include <asm/cacheflush.h>

#include "../mm/internal.h"
#include "kexec_handover_internal.h"

/* -------------------------------------------------------------------------
 * Preserved allocations
 */

/**
 * kho_alloc_preserve - allocate zeroed memory and preserve it
 * @size: size in bytes; a folio of get_order(@size) is allocated
 *
 * For serialized state that the next kernel reads: the memory keeps its
 * physical address and contents there, where kho_restore_free() releases
 * it. kho_unpreserve_free() undoes this call in the same kernel.
 *
 * Return: the memory (physically contiguous, in the linear map), or
 * ERR_PTR(-EINVAL) for a size of 0, ERR_PTR(-E2BIG) for a size larger than
 * the largest folio, ERR_PTR(-ENOMEM), or the error of kho_preserve_folio()
 * (-EOPNOTSUPP when KHO is off, -EBUSY after finalize).
 */
void *kho_alloc_preserve(size_t size)
{
	struct folio *folio;
	unsigned int order;
	int ret;

	if (!size)
		return ERR_PTR(-EINVAL);
	order = get_order(size);
	if (order > MAX_PAGE_ORDER)
		return ERR_PTR(-E2BIG);
	folio = folio_alloc(GFP_KERNEL | __GFP_ZERO, order);
	if (!folio)
		return ERR_PTR(-ENOMEM);
	ret = kho_preserve_folio(folio);
	if (ret) {
		folio_put(folio);
		return ERR_PTR(ret);
	}
	return folio_address(folio);
}
EXPORT_SYMBOL_GPL(kho_alloc_preserve);

/**
 * kho_unpreserve_free - undo kho_alloc_preserve()
 * @mem: the memory kho_alloc_preserve() returned; NULL is ignored
 *
 * Return: 0 on success; the error of kho_unpreserve_folio() otherwise
 * (-EBUSY after finalize, -ENOENT if it was not preserved), and then the
 * memory is not freed: it may belong to the next kernel.
 */
int kho_unpreserve_free(void *mem)
{
	struct folio *folio;
	int ret;

	if (!mem)
		return 0;
	folio = virt_to_folio(mem);
	ret = kho_unpreserve_folio(folio);
	if (ret)
		return ret;
	folio_put(folio);
	return 0;
}
EXPORT_SYMBOL_GPL(kho_unpreserve_free);

/**
 * kho_restore_free - free memory that the previous kernel preserved with
 *	kho_alloc_preserve()
 * @mem: the memory, in the linear map (phys_to_virt() of its address)
 *
 * Memory that was not preserved, or was restored already, is left alone
 * (kho_restore_folio() warns once).
 */
void kho_restore_free(void *mem)
{
	struct folio *folio;

	if (!mem)
		return;
	folio = kho_restore_folio(virt_to_phys(mem));
	if (folio)
		folio_put(folio);
}
EXPORT_SYMBOL_GPL(kho_restore_free);

/* -------------------------------------------------------------------------
 * Reading what the previous kernel wrote
 */

static const void *kho_in_map(phys_addr_t phys, void *arg)
{
	return phys_to_virt(phys);
}

static bool kho_in_valid(phys_addr_t phys, u64 size, void *arg)
{
	return kho_in_check_preserved(phys, size);
}

/* What kho_blocks_read() passes through kho_blocks_walk(). */
struct kho_blocks_read_ctx {
	kho_blocks_entry_fn fn;
	void *arg;
};

static int kho_blocks_read_entry(const void *entry, u64 index, void *arg)
{
	struct kho_blocks_read_ctx *ctx = arg;

	return ctx->fn(entry, index, ctx->arg);
}

static const struct kho_blocks_walk_ops kho_blocks_read_ops = {
	.map = kho_in_map,
	.valid = kho_in_valid,
	.entry = kho_blocks_read_entry,
};

/**
 * kho_blocks_read - read a serialization block chain of the previous kernel
 * @first: physical address of its first block, as handed over; 0 for an
 *	empty chain
 * @entry_size: size of one entry
 * @fn: called for every entry, numbered from 0 across the chain, with @arg;
 *	a non-zero return stops the walk and is returned
 * @arg: passed to @fn
 *
 * The whole chain is checked before @fn sees the first entry: every block
 * must be a preserved page outside scratch that was not restored yet, hold
 * no more entries than fit, and the chain must end within KHO_BLOCKS_MAX
 * blocks. A chain that fails is reported with one pr_err(). The blocks stay
 * preserved; kho_blocks_restore_free() frees them.
 *
 * Return: the number of entries, -ENOENT if this is not a KHO boot,
 * -EINVAL for a bad chain or entry size, -ELOOP for a chain that is too
 * long, or the error of @fn.
 */
long kho_blocks_read(phys_addr_t first, size_t entry_size,
		     kho_blocks_entry_fn fn, void *arg)
{
	struct kho_blocks_read_ctx ctx = { .fn = fn, .arg = arg };

	if (!is_kho_boot())
		return -ENOENT;
	if (!fn)
		return -EINVAL;
	return kho_blocks_walk(first, entry_size, &kho_blocks_read_ops, &ctx);
}
EXPORT_SYMBOL_GPL(kho_blocks_read);

/**
 * kho_blocks_restore_free - free the blocks of a chain of the previous kernel
 * @first: physical address of the first block, as handed over
 *
 * Walks the chain as kho_blocks_read() checks it and frees every block with
 * kho_restore_free(). If a block fails the checks, the walk stops there
 * (with a pr_err()) and the rest of the chain stays reserved.
 *
 * Return: 0 on success (also for an empty chain), -ENOENT if this is not a
 * KHO boot, -EINVAL for a bad block, -ELOOP for a chain that is too long.
 */
int kho_blocks_restore_free(phys_addr_t first)
{
	const struct kho_block_header_ser *blk;
	phys_addr_t phys = first;
	unsigned long nr;
	u64 next;

	if (!is_kho_boot())
		return -ENOENT;
	for (nr = 0; phys; nr++, phys = next) {
		if (nr >= KHO_BLOCKS_MAX) {
			pr_err("block chain at %#llx: more than %u blocks (a loop?)\n",
			       (u64)first, KHO_BLOCKS_MAX);
			return -ELOOP;
		}
		if (!PAGE_ALIGNED(phys) ||
		    !kho_in_check_preserved(phys, PAGE_SIZE)) {
			pr_err("block chain at %#llx: block %lu at %#llx is not a preserved page\n",
			       (u64)first, nr, (u64)phys);
			return -EINVAL;
		}
		blk = phys_to_virt(phys);
		memcpy(&next, &blk->next, sizeof(next));
		kho_restore_free((void *)blk);
	}
	return 0;
}
EXPORT_SYMBOL_GPL(kho_blocks_restore_free);

/* -------------------------------------------------------------------------
 * vmalloc areas
 */

/* vm_struct flags an area may have to be preserved, and what they become. */
#define KHO_VM_PRESERVED	(VM_ALLOC | VM_ALLOW_HUGE_VMAP)
/*
 * Flags that only say how this kernel keeps the area: kmemleak's deferred
 * registration, and the page ownership of an area kho_restore_vmalloc()
 * made.
 */
#define KHO_VM_IGNORED		(VM_DEFER_KMEMLEAK | VM_MAP_PUT_PAGES)

static unsigned int kho_vm_order(const struct vm_struct *vm)
{
#ifdef CONFIG_HAVE_ARCH_HUGE_VMALLOC
	return vm->page_order;
#else
	return 0;
#endif
}

/* Unpreserve and free the chunks of @v and unpreserve the groups listed. */
static int kho_vmalloc_release(const struct kho_vmalloc *v)
{
	struct kho_vmalloc_chunk *chunk, *next;
	int ret = 0, err;
	unsigned int i;

	chunk = v->first ? phys_to_virt(v->first) : NULL;
	while (chunk) {
		for (i = 0; i < KHO_VMALLOC_CHUNK_ENTRIES && chunk->phys[i]; i++) {
			err = kho_unpreserve_pages(pfn_to_page(PHYS_PFN(chunk->phys[i])),
						   1U << v->order);
			if (err && !ret)
				ret = err;
		}
		next = chunk->next ? phys_to_virt(chunk->next) : NULL;
		err = kho_unpreserve_free(chunk);
		if (err && !ret)
			ret = err;
		chunk = next;
	}
	return ret;
}

/**
 * kho_preserve_vmalloc - preserve a vmalloc area across kexec
 * @ptr: start of the area, as vmalloc() returned it
 * @preservation: filled in with what the next kernel needs; the caller
 *	hands it over in its own state
 *
 * Every page of the area is preserved (in groups of the area's page order)
 * and listed in a chain of preserved chunk pages, the format of
 * &struct kho_vmalloc. The next kernel maps the same pages again with
 * kho_restore_vmalloc(). The caller must not free the area while it is
 * preserved; kho_unpreserve_vmalloc() undoes this call.
 *
 * Return: 0 on success; -EINVAL if @ptr is not the start of a vmalloc area;
 * -EOPNOTSUPP for an area that does not come from vmalloc or has flags
 * that cannot be handed over (only VM_ALLOC and VM_ALLOW_HUGE_VMAP can), or
 * when KHO is off; -EBUSY after finalize; -ENOMEM. On failure nothing is
 * preserved.
 */
int kho_preserve_vmalloc(void *ptr, struct kho_vmalloc *preservation)
{
	struct kho_vmalloc_chunk *chunk, *new;
	struct kho_vmalloc v = { };
	unsigned int order, step, i, idx = 0;
	struct vm_struct *vm;
	int ret;

	if (!ptr || !preservation)
		return -EINVAL;
	vm = find_vm_area(ptr);
	if (!vm || vm->addr != ptr)
		return -EINVAL;
	if (!(vm->flags & VM_ALLOC) ||
	    (vm->flags & ~(KHO_VM_PRESERVED | KHO_VM_IGNORED)))
		return -EOPNOTSUPP;
	if (!vm->pages || !vm->nr_pages)
		return -EINVAL;
	order = kho_vm_order(vm);
	step = 1U << order;
	if (!IS_ALIGNED(vm->nr_pages, step))
		return -EINVAL;

	chunk = kho_alloc_preserve(PAGE_SIZE);
	if (IS_ERR(chunk))
		return PTR_ERR(chunk);
	v.first = virt_to_phys(chunk);
	v.order = order;
	for (i = 0; i < vm->nr_pages; i += step) {
		if (idx == KHO_VMALLOC_CHUNK_ENTRIES) {
			new = kho_alloc_preserve(PAGE_SIZE);
			if (IS_ERR(new)) {
				ret = PTR_ERR(new);
				goto fail;
			}
			chunk->next = virt_to_phys(new);
			chunk = new;
			idx = 0;
		}
		ret = kho_preserve_pages(vm->pages[i], step);
		if (ret)
			goto fail;
		chunk->phys[idx++] = page_to_phys(vm->pages[i]);
	}
	v.total_pages = vm->nr_pages;
	v.flags = KHO_VMALLOC_ALLOC;
	if (vm->flags & VM_ALLOW_HUGE_VMAP)
		v.flags |= KHO_VMALLOC_HUGE_VMAP;
	*preservation = v;
	return 0;

fail:
	kho_vmalloc_release(&v);
	return ret;
}
EXPORT_SYMBOL_GPL(kho_preserve_vmalloc);

/**
 * kho_unpreserve_vmalloc - undo kho_preserve_vmalloc()
 * @preservation: as filled in by kho_preserve_vmalloc(); zeroed on success
 *
 * The area itself stays allocated; its chunk pages are freed.
 *
 * Return: 0 on success (also for an all-zero @preservation), -EBUSY after
 * finalize (nothing changes then), -EOPNOTSUPP when KHO is off, or the
 * first error of unpreserving a page.
 */
int kho_unpreserve_vmalloc(struct kho_vmalloc *preservation)
{
	int ret;

	if (!kho_is_enabled())
		return -EOPNOTSUPP;
	if (kho_is_finalized())
		return -EBUSY;
	ret = kho_vmalloc_release(preservation);
	memset(preservation, 0, sizeof(*preservation));
	return ret;
}
EXPORT_SYMBOL_GPL(kho_unpreserve_vmalloc);

/* What kho_restore_vmalloc() collects while it walks the chunks. */
struct kho_vmalloc_restore_ctx {
	struct page **pages;
	unsigned int order;
	u64 restored;		/* groups restored, from the first one */
};

static int kho_vmalloc_restore_group(phys_addr_t phys, u64 index, void *arg)
{
	struct kho_vmalloc_restore_ctx *ctx = arg;
	unsigned int nr = 1U << ctx->order, i;
	struct page *page;

	page = kho_restore_pages(phys, nr);
	if (!page)
		return -ENOENT;
	for (i = 0; i < nr; i++)
		ctx->pages[(index << ctx->order) + i] = page + i;
	ctx->restored++;
	return 0;
}

static const struct kho_vmalloc_walk_ops kho_vmalloc_restore_ops = {
	.map = kho_in_map,
	.valid = kho_in_valid,
	.group = kho_vmalloc_restore_group,
};

/* Restore and free the chunk pages of a list kho_vmalloc_walk() checked. */
static void kho_vmalloc_free_chunks(phys_addr_t phys)
{
	const struct kho_vmalloc_chunk *chunk;
	phys_addr_t cur;
	struct page *page;

	while (phys) {
		cur = phys;
		chunk = phys_to_virt(cur);
		phys = READ_ONCE(chunk->next);
		page = kho_restore_pages(cur, 1);
		if (page)
			__free_page(page);
	}
}

/**
 * kho_restore_vmalloc - map a vmalloc area of the previous kernel again
 * @preservation: the &struct kho_vmalloc kho_preserve_vmalloc() filled in,
 *	as handed over
 *
 * The preservation is checked as a whole first: its flags and order, every
 * chunk and every group must be preserved memory outside scratch that was
 * not restored yet. Then every page is restored and mapped, in the same
 * order, into a new vmalloc area, and the chunk pages are freed. The area
 * is released with vfree() (which frees its pages) and can be preserved
 * again; it is mapped with small pages.
 *
 * Return: the area, or NULL for an empty or bad preservation (with one
 * pr_err() for a bad one) or when memory runs out. On failure every page
 * restored so far is freed.
 */
void *kho_restore_vmalloc(const struct kho_vmalloc *preservation)
{
	struct kho_vmalloc_restore_ctx ctx = { };
	unsigned long vm_flags = VM_ALLOC | VM_MAP_PUT_PAGES;
	struct vm_struct *area = NULL;
	struct kho_vmalloc v;
	unsigned long addr, size;
	u64 i;
	long ret;

	if (!is_kho_boot() || !preservation)
		return NULL;
	memcpy(&v, preservation, sizeof(v));
	if (kho_vmalloc_check(&v) || !v.first)
		return NULL;
	if (v.total_pages > totalram_pages()) {
		pr_err("vmalloc at %#llx: %u pages is more than the RAM\n",
		       v.first, v.total_pages);
		return NULL;
	}
	if (v.flags & KHO_VMALLOC_HUGE_VMAP)
		vm_flags |= VM_ALLOW_HUGE_VMAP;

	ctx.order = v.order;
	ctx.pages = kvmalloc_array(v.total_pages, sizeof(*ctx.pages),
				   GFP_KERNEL | __GFP_ZERO);
	if (!ctx.pages)
		return NULL;
	ret = kho_vmalloc_walk(&v, &kho_vmalloc_restore_ops, &ctx);
	if (ret < 0)
		goto free_pages;

	size = (unsigned long)v.total_pages << PAGE_SHIFT;
	area = get_vm_area_caller(size, vm_flags, __builtin_return_address(0));
	if (!area)
		goto free_pages;
	addr = (unsigned long)area->addr;
	if (vmap_pages_range_noflush(addr, addr + size, PAGE_KERNEL, ctx.pages,
				     PAGE_SHIFT)) {
		free_vm_area(area);
		goto free_pages;
	}
	flush_cache_vmap(addr, addr + size);
	area->pages = ctx.pages;
	area->nr_pages = v.total_pages;
	area->addr = kasan_unpoison_vmalloc(area->addr, size,
					    KASAN_VMALLOC_PROT_NORMAL);
	kho_vmalloc_free_chunks(v.first);
	return area->addr;

free_pages:
	for (i = 0; i < (ctx.restored << ctx.order); i++)
		__free_page(ctx.pages[i]);
	kvfree(ctx.pages);
	return NULL;
}
EXPORT_SYMBOL_GPL(kho_restore_vmalloc);
