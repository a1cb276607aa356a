// SPDX-License-Identifier: GPL-2.0
/*
 * Kexec HandOver: the two chained formats of user state, serialization
 * block chains and vmalloc chunk lists (wire layout: see
 * include/linux/kho/abi/kexec_handover.h).
 *
 * The writer of a block chain and the readers of both formats. The readers
 * take everything they read as untrusted: every pointer goes through the
 * caller's valid() check before it is mapped, every count is bounded by
 * what fits, and a chain is walked at most KHO_BLOCKS_MAX blocks far, so a
 * loop ends too. A reader checks the whole chain before it hands the first
 * entry to its caller, so a bad chain is refused as a whole, with one
 * pr_err(). This file is also compiled on the host by tools/testing/kho.
 */

#define pr_fmt(fmt) "KHO: " fmt

#include <linux/align.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mmzone.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/kexec_handover.h>
#include <linux/kho/abi/kexec_handover.h>

#include "kexec_handover_internal.h"

/* -------------------------------------------------------------------------
 * Block chains: writing
 */

/* Entries of @entry_size bytes that fit in one block. */
static size_t kho_blocks_capacity(size_t entry_size)
{
	if (!entry_size || entry_size > PAGE_SIZE -
	    sizeof(struct kho_block_header_ser))
		return 0;
	return (PAGE_SIZE - sizeof(struct kho_block_header_ser)) / entry_size;
}

/**
 * kho_blocks_init - start an empty chain of serialization blocks
 * @blocks: the chain
 * @entry_size: size of one entry, at most a page minus the block header
 */
void kho_blocks_init(struct kho_blocks *blocks, size_t entry_size)
{
	memset(blocks, 0, sizeof(*blocks));
	blocks->entry_size = entry_size;
}
EXPORT_SYMBOL_GPL(kho_blocks_init);

/**
 * kho_blocks_add - append one entry to a chain of serialization blocks
 * @blocks: the chain
 *
 * The entry goes into the last block; when it is full, a new block is
 * allocated and preserved with kho_alloc_preserve(PAGE_SIZE) and linked
 * at the tail.
 *
 * Return: the new entry, zeroed, for the caller to fill in; ERR_PTR(-EINVAL)
 * for an entry size that does not fit in a block, or the error of
 * kho_alloc_preserve().
 */
void *kho_blocks_add(struct kho_blocks *blocks)
{
	size_t cap = kho_blocks_capacity(blocks->entry_size);
	struct kho_block_header_ser *blk = blocks->last;
	void *entry;

	if (!cap)
		return ERR_PTR(-EINVAL);
	if (!blk || blk->count >= cap) {
		blk = kho_alloc_preserve(PAGE_SIZE);
		if (IS_ERR(blk))
			return blk;
		if (blocks->last)
			blocks->last->next = virt_to_phys(blk);
		else
			blocks->first = blk;
		blocks->last = blk;
		blocks->nr_blocks++;
	}
	entry = (u8 *)(blk + 1) + blk->count * blocks->entry_size;
	blk->count++;
	blocks->nr_entries++;
	return entry;
}
EXPORT_SYMBOL_GPL(kho_blocks_add);

/**
 * kho_blocks_phys - where a chain of serialization blocks starts
 * @blocks: the chain
 *
 * Return: the physical address of the first block, to hand over, or 0 for
 * an empty chain.
 */
phys_addr_t kho_blocks_phys(const struct kho_blocks *blocks)
{
	return blocks->first ? virt_to_phys(blocks->first) : 0;
}
EXPORT_SYMBOL_GPL(kho_blocks_phys);

/**
 * kho_blocks_destroy - unpreserve and free a chain this kernel wrote
 * @blocks: the chain; empty afterwards, with the same entry size
 *
 * Return: 0, or the first error of kho_unpreserve_free() (-EBUSY after
 * finalize); a block that cannot be unpreserved is not freed either.
 */
int kho_blocks_destroy(struct kho_blocks *blocks)
{
	struct kho_block_header_ser *blk = blocks->first, *next;
	int ret = 0, err;

	while (blk) {
		next = blk->next ? phys_to_virt(blk->next) : NULL;
		err = kho_unpreserve_free(blk);
		if (err && !ret)
			ret = err;
		blk = next;
	}
	kho_blocks_init(blocks, blocks->entry_size);
	return ret;
}
EXPORT_SYMBOL_GPL(kho_blocks_destroy);

/* -------------------------------------------------------------------------
 * Block chains: reading
 */

/*
 * One pass over the chain at @first: with @call false, check every block;
 * with @call true, also hand every block and entry to @ops.
 */
static long kho_blocks_pass(phys_addr_t first, size_t entry_size,
			    const struct kho_blocks_walk_ops *ops, void *arg,
			    bool call)
{
	size_t cap = kho_blocks_capacity(entry_size);
	const struct kho_block_header_ser *blk;
	struct kho_block_header_ser hdr;
	phys_addr_t phys = first, next;
	unsigned long nr;
	long total = 0;
	u64 count, i;
	int ret;

	for (nr = 0; phys; nr++, phys = next) {
		if (nr >= KHO_BLOCKS_MAX) {
			pr_err("block chain at %#llx: more than %u blocks (a loop?)\n",
			       (u64)first, KHO_BLOCKS_MAX);
			return -ELOOP;
		}
		if (!IS_ALIGNED(phys, PAGE_SIZE) ||
		    !ops->valid(phys, PAGE_SIZE, arg)) {
			pr_err("block chain at %#llx: block %lu at %#llx is not a preserved page\n",
			       (u64)first, nr, (u64)phys);
			return -EINVAL;
		}
		blk = ops->map(phys, arg);
		if (!blk) {
			pr_err("block chain at %#llx: cannot map block %lu at %#llx\n",
			       (u64)first, nr, (u64)phys);
			return -EINVAL;
		}
		/* One copy of the header: it is read once, then trusted. */
		memcpy(&hdr, blk, sizeof(hdr));
		next = hdr.next;
		count = hdr.count;
		ret = 0;
		if (count > cap) {
			pr_err("block chain at %#llx: block %lu at %#llx holds %llu entries, at most %zu fit\n",
			       (u64)first, nr, (u64)phys, count, cap);
			ret = -EINVAL;
		}
		if (!ret && call && ops->block)
			ret = ops->block(phys, nr, count, arg);
		for (i = 0; !ret && call && ops->entry && i < count; i++)
			ret = ops->entry((const u8 *)(blk + 1) + i * entry_size,
					 total + i, arg);
		if (ops->unmap)
			ops->unmap(blk, arg);
		if (ret)
			return ret;
		total += count;
	}
	return total;
}

/**
 * kho_blocks_walk - read a chain of serialization blocks
 * @first: physical address of the first block, 0 for an empty chain
 * @entry_size: size of one entry
 * @ops: how to check and map a block, and what to call for each block
 *	and entry (@ops->valid and @ops->map are required)
 * @arg: passed to @ops
 *
 * The chain is checked as a whole before @ops->block and @ops->entry are
 * called: every block must be page aligned and pass @ops->valid, hold no
 * more entries than fit, and the chain must end within KHO_BLOCKS_MAX
 * blocks. Problems are reported with one pr_err(). Entries are numbered
 * from 0 across the whole chain.
 *
 * Return: the number of entries, -EINVAL for a bad block or entry size,
 * -ELOOP for a chain that is too long, or the first error of a callback.
 */
long kho_blocks_walk(phys_addr_t first, size_t entry_size,
		     const struct kho_blocks_walk_ops *ops, void *arg)
{
	long ret;

	if (!kho_blocks_capacity(entry_size))
		return -EINVAL;
	ret = kho_blocks_pass(first, entry_size, ops, arg, false);
	if (ret < 0)
		return ret;
	return kho_blocks_pass(first, entry_size, ops, arg, true);
}

/* -------------------------------------------------------------------------
 * vmalloc chunk lists: reading
 */

/*
 * One pass over the chunks of @v (copied by the caller), as for block
 * chains. Returns the number of groups or a negative error.
 */
static long kho_vmalloc_pass(const struct kho_vmalloc *v,
			     const struct kho_vmalloc_walk_ops *ops, void *arg,
			     bool call)
{
	u64 groups = v->total_pages >> v->order, found = 0;
	u64 group_size = (u64)PAGE_SIZE << v->order;
	/* Enough for every group, plus one empty chunk at the end. */
	u64 max_chunks = groups / KHO_VMALLOC_CHUNK_ENTRIES + 1;
	phys_addr_t first = v->first, phys = first, next, p;
	const struct kho_vmalloc_chunk *chunk;
	unsigned long nr;
	int ret;
	u64 i;

	for (nr = 0; phys; nr++, phys = next) {
		if (nr >= max_chunks) {
			pr_err("vmalloc at %#llx: more than %llu chunks for %llu groups\n",
			       (u64)first, max_chunks, groups);
			return -EINVAL;
		}
		if (!IS_ALIGNED(phys, PAGE_SIZE) ||
		    !ops->valid(phys, PAGE_SIZE, arg)) {
			pr_err("vmalloc at %#llx: chunk %lu at %#llx is not a preserved page\n",
			       (u64)first, nr, (u64)phys);
			return -EINVAL;
		}
		chunk = ops->map(phys, arg);
		if (!chunk) {
			pr_err("vmalloc at %#llx: cannot map chunk %lu at %#llx\n",
			       (u64)first, nr, (u64)phys);
			return -EINVAL;
		}
		next = READ_ONCE(chunk->next);
		ret = 0;
		if (call && ops->chunk)
			ret = ops->chunk(phys, nr, arg);
		for (i = 0; !ret && i < KHO_VMALLOC_CHUNK_ENTRIES; i++) {
			p = READ_ONCE(chunk->phys[i]);
			if (!p)
				break;
			if (found == groups) {
				pr_err("vmalloc at %#llx: more than %llu groups\n",
				       (u64)first, groups);
				ret = -EINVAL;
			} else if (!IS_ALIGNED(p, group_size) ||
				   !ops->valid(p, group_size, arg)) {
				pr_err("vmalloc at %#llx: group %llu at %#llx is not preserved memory of order %u\n",
				       (u64)first, found, (u64)p, v->order);
				ret = -EINVAL;
			} else if (call && ops->group) {
				ret = ops->group(p, found, arg);
			}
			found++;
		}
		if (ops->unmap)
			ops->unmap(chunk, arg);
		if (ret)
			return ret;
		/* A chunk that is not full ends the list. */
		if (i < KHO_VMALLOC_CHUNK_ENTRIES && next) {
			pr_err("vmalloc at %#llx: chunk %lu at %#llx is not full but has a next chunk\n",
			       (u64)first, nr, (u64)phys);
			return -EINVAL;
		}
	}
	if (found != groups) {
		pr_err("vmalloc at %#llx: %llu groups listed, %u pages of order %u need %llu\n",
		       (u64)first, found, v->total_pages, v->order, groups);
		return -EINVAL;
	}
	return found;
}

/**
 * kho_vmalloc_check - check the header of a preserved vmalloc area
 * @v: the preservation, as handed over
 *
 * Return: 0 if @v is empty (all zero) or has known flags, a supported order
 * and a page count that is a whole number of groups; -EINVAL (with a
 * pr_err()) otherwise.
 */
int kho_vmalloc_check(const struct kho_vmalloc *v)
{
	if (!v->first && !v->total_pages && !v->flags && !v->order)
		return 0;
	if (v->flags & ~KHO_VMALLOC_FLAGS_MASK) {
		pr_err("vmalloc at %#llx: unknown flags %#x\n", v->first,
		       v->flags);
		return -EINVAL;
	}
	if (v->order > MAX_PAGE_ORDER || !v->total_pages || !v->first ||
	    !IS_ALIGNED(v->total_pages, 1U << v->order)) {
		pr_err("vmalloc at %#llx: %u pages in groups of order %u is not a valid area\n",
		       v->first, v->total_pages, v->order);
		return -EINVAL;
	}
	return 0;
}

/**
 * kho_vmalloc_walk - read the chunk list of a preserved vmalloc area
 * @preservation: the preservation, as handed over
 * @ops: how to check and map a chunk, and what to call for each chunk and
 *	group (@ops->valid and @ops->map are required)
 * @arg: passed to @ops
 *
 * Checks the header with kho_vmalloc_check(), then the whole list before
 * the first callback: every chunk must be a page that passes @ops->valid,
 * every group be aligned to its size and pass @ops->valid for all of it,
 * and the list must hold exactly the groups the page count needs, in at
 * most one chunk more than they fill. Problems are reported with one
 * pr_err().
 *
 * Return: the number of groups (0 for an empty area), -EINVAL for a bad
 * preservation, or the first error of a callback.
 */
long kho_vmalloc_walk(const struct kho_vmalloc *preservation,
		      const struct kho_vmalloc_walk_ops *ops, void *arg)
{
	struct kho_vmalloc v;
	long ret;

	memcpy(&v, preservation, sizeof(v));
	ret = kho_vmalloc_check(&v);
	if (ret || !v.first)
		return ret;
	ret = kho_vmalloc_pass(&v, ops, arg, false);
	if (ret < 0)
		return ret;
	return kho_vmalloc_pass(&v, ops, arg, true);
}
