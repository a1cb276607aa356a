// SPDX-License-Identifier: GPL-2.0
/*
 * Kexec HandOver preserved-memory map: a radix tree of page-sized nodes whose
 * leaves are bitmaps of (phys, order) keys. The wire layout is described in
 * include/linux/kho/abi/kexec_handover.h.
 *
 * The outgoing kernel builds the tree with kho_radix_add() and friends and
 * hands the physical address of its root to the next kernel, which reads it
 * back with kho_radix_walk(). The walker trusts nothing it reads: every
 * pointer is checked before it is followed, so that a corrupt or hostile
 * handover is rejected instead of crashing the boot.
 *
 * This file is also compiled on the host (tools/testing/kho/ and
 * tools/kho/kho-inspect) against a small shim, so it sticks to a handful of
 * basic kernel interfaces.
 */

#define pr_fmt(fmt) "KHO: " fmt

#include <linux/align.h>
#include <linux/bitops.h>
#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/cleanup.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mmzone.h>
#include <linux/mutex.h>
#include <linux/pfn.h>
#include <linux/printk.h>
#include <linux/kho/abi/kexec_handover.h>

#include "kexec_handover_internal.h"

#define KHO_RADIX_TABLE_ENTRIES	BIT(KHO_RADIX_TABLE_BITS)
#define KHO_RADIX_LEAF_NR_BITS	BIT(KHO_RADIX_LEAF_BITS)
#define KHO_RADIX_LEAF_WORDS	(KHO_RADIX_LEAF_NR_BITS / 64)

/*
 * The order bit of a key sits at bit 64 - PAGE_SHIFT - order. It must stay at
 * bit 1 or above so that the address part is shifted by less than 64 bits:
 * orders 0 .. KHO_RADIX_NR_ORDERS - 1 can be encoded.
 */
#define KHO_RADIX_NR_ORDERS	(64 - PAGE_SHIFT)

/* A node is one page: a table of u64 entries or a bitmap of u64 words. */
static_assert(KHO_RADIX_TABLE_ENTRIES * sizeof(u64) == PAGE_SIZE);
static_assert(KHO_RADIX_LEAF_WORDS * sizeof(u64) == PAGE_SIZE);
/* The levels cover every key bit (up to the order-0 bit) and no more than 64. */
#define KHO_RADIX_KEY_BITS \
	(KHO_RADIX_LEAF_BITS + KHO_RADIX_ROOT_LEVEL * KHO_RADIX_TABLE_BITS)
static_assert(KHO_RADIX_KEY_BITS >= 64 - PAGE_SHIFT + 1);
static_assert(KHO_RADIX_KEY_BITS <= 64);

/**
 * kho_radix_encode_key - turn a block into its radix-tree key
 * @phys: physical address of the block, aligned to its size
 * @order: order of the block in pages
 *
 * Address bits below the block size are dropped, so callers that need an
 * exact round trip must pass an aligned @phys.
 *
 * Return: the key, or 0 (which is never a valid key) if @order is too large
 * to be encoded.
 */
u64 kho_radix_encode_key(phys_addr_t phys, unsigned int order)
{
	unsigned int shift = PAGE_SHIFT + order;

	if (order >= KHO_RADIX_NR_ORDERS)
		return 0;
	return BIT_ULL(64 - shift) | ((u64)phys >> shift);
}

/**
 * kho_radix_decode_key - turn a radix-tree key back into a block
 * @key: the key
 * @phys: where to store the physical address of the block
 * @order: where to store the order of the block
 *
 * Return: 0 on success, -EINVAL if @key does not encode a block (no order
 * bit, or an order bit above the one of order 0 or at bit 0).
 */
int kho_radix_decode_key(u64 key, phys_addr_t *phys, unsigned int *order)
{
	unsigned int top;

	if (!key)
		return -EINVAL;
	top = fls64(key) - 1;
	if (top < 1 || top > 64 - PAGE_SHIFT)
		return -EINVAL;
	*order = 64 - PAGE_SHIFT - top;
	*phys = (key ^ BIT_ULL(top)) << (64 - top);
	return 0;
}

/* Index of @key in a table node of @level (1 .. KHO_RADIX_ROOT_LEVEL). */
static unsigned int kho_radix_index(u64 key, unsigned int level)
{
	unsigned int shift = KHO_RADIX_LEAF_BITS +
			     (level - 1) * KHO_RADIX_TABLE_BITS;

	return (key >> shift) & (KHO_RADIX_TABLE_ENTRIES - 1);
}

/* Bit of @key in its level-0 bitmap. */
static unsigned int kho_radix_leaf_bit(u64 key)
{
	return key & (KHO_RADIX_LEAF_NR_BITS - 1);
}

static bool kho_radix_block_ok(phys_addr_t phys, unsigned int order)
{
	return order < KHO_RADIX_NR_ORDERS &&
	       IS_ALIGNED((u64)phys, BIT_ULL(PAGE_SHIFT + order));
}

static u64 *kho_radix_alloc_node(void)
{
	return (u64 *)get_zeroed_page(GFP_KERNEL);
}

/* What kho_radix_locate() does about nodes missing on the way down. */
enum kho_radix_missing {
	KHO_RADIX_MISSING_FAILS,	/* the block is not in the tree */
	KHO_RADIX_MISSING_ALLOC,	/* allocate them (adding a block) */
};

/**
 * struct kho_radix_slot - where the bit of one block lives in its leaf
 * @word: the leaf word holding the bit
 * @mask: the bit within @word
 */
struct kho_radix_slot {
	u64 *word;
	u64 mask;
};

/*
 * Find the leaf bit of the block (@phys, @order): the one lookup behind add,
 * del and test. Nodes allocated before an allocation failure stay in the
 * tree: they are empty, which the format allows, and kho_radix_destroy()
 * frees them. Called with tree->lock held.
 */
static int kho_radix_locate(struct kho_radix_tree *tree, phys_addr_t phys,
			    unsigned int order, enum kho_radix_missing missing,
			    struct kho_radix_slot *slot)
{
	unsigned int level, bit;
	u64 key, *node;

	if (!kho_radix_block_ok(phys, order))
		return -EINVAL;
	key = kho_radix_encode_key(phys, order);

	if (!tree->root) {
		if (missing == KHO_RADIX_MISSING_FAILS)
			return -ENOENT;
		tree->root = kho_radix_alloc_node();
		if (!tree->root)
			return -ENOMEM;
	}

	node = tree->root;
	for (level = KHO_RADIX_ROOT_LEVEL; level > 0; level--) {
		u64 *entry = &node[kho_radix_index(key, level)];

		if (!*entry) {
			u64 *child;

			if (missing == KHO_RADIX_MISSING_FAILS)
				return -ENOENT;
			child = kho_radix_alloc_node();
			if (!child)
				return -ENOMEM;
			*entry = virt_to_phys(child);
		}
		node = phys_to_virt(*entry);
	}

	bit = kho_radix_leaf_bit(key);
	slot->word = &node[bit / 64];
	slot->mask = BIT_ULL(bit % 64);
	return 0;
}

/* Set the leaf bit of a block. Called with tree->lock held. */
static int __kho_radix_add(struct kho_radix_tree *tree, phys_addr_t phys,
			   unsigned int order)
{
	struct kho_radix_slot slot;
	int ret;

	ret = kho_radix_locate(tree, phys, order, KHO_RADIX_MISSING_ALLOC,
			       &slot);
	if (!ret) {
		*slot.word |= slot.mask;
		tree->orders |= BIT_ULL(order);
	}
	return ret;
}

/* Whether the block is in the tree. Called with tree->lock held. */
static bool __kho_radix_test(struct kho_radix_tree *tree, phys_addr_t phys,
			     unsigned int order)
{
	struct kho_radix_slot slot;

	return !kho_radix_locate(tree, phys, order, KHO_RADIX_MISSING_FAILS,
				 &slot) &&
	       (*slot.word & slot.mask);
}

/* Whether any of bits @lo .. @hi (inclusive) of a leaf bitmap is set. */
static bool kho_radix_leaf_any(const u64 *leaf, unsigned int lo,
			       unsigned int hi)
{
	unsigned int w;

	for (w = lo / 64; w <= hi / 64; w++) {
		u64 mask = ~0ULL;

		if (w == lo / 64)
			mask &= ~0ULL << (lo % 64);
		if (w == hi / 64)
			mask &= ~0ULL >> (63 - hi % 64);
		if (leaf[w] & mask)
			return true;
	}
	return false;
}

/*
 * Whether any key in [@first, @last] is in the tree: with the keys of one
 * order, whether a block of that order lies in an address range. A missing
 * subtree is skipped whole, so the cost follows the nodes that exist, not
 * the size of the range. Called with tree->lock held.
 */
static bool kho_radix_any(struct kho_radix_tree *tree, u64 first, u64 last)
{
	u64 key = first;

	while (tree->root && key <= last) {
		unsigned int level, lo, hi;
		u64 *node = tree->root, span, next;

		for (level = KHO_RADIX_ROOT_LEVEL; level > 0; level--) {
			u64 entry = node[kho_radix_index(key, level)];

			if (!entry)
				break;
			node = phys_to_virt(entry);
		}
		if (level) {
			span = BIT_ULL(KHO_RADIX_LEAF_BITS +
				       (level - 1) * KHO_RADIX_TABLE_BITS);
		} else {
			span = KHO_RADIX_LEAF_NR_BITS;
			lo = kho_radix_leaf_bit(key);
			hi = KHO_RADIX_LEAF_NR_BITS - 1;
			if (last - (key - lo) < hi)
				hi = last - (key - lo);
			if (kho_radix_leaf_any(node, lo, hi))
				return true;
		}
		next = (key & ~(span - 1)) + span;
		if (next <= key)
			break;
		key = next;
	}
	return false;
}

/*
 * Whether the block (@phys, @order) shares a page with a block of another
 * order in the tree: one of a higher order that contains it, or one of a
 * lower order inside it. @same tells whether the very same block is in the
 * tree. Only the orders the tree has seen are searched. Called with
 * tree->lock held.
 */
static bool kho_radix_overlaps(struct kho_radix_tree *tree, phys_addr_t phys,
			       unsigned int order, bool *same)
{
	u64 orders = tree->orders, first;
	unsigned int o;

	*same = false;
	for (o = 0; orders; o++, orders >>= 1) {
		if (!(orders & 1))
			continue;
		if (o == order) {
			*same = __kho_radix_test(tree, phys, o);
		} else if (o > order) {
			phys_addr_t start = phys & ~(BIT_ULL(PAGE_SHIFT + o) - 1);

			if (__kho_radix_test(tree, start, o))
				return true;
		} else {
			first = kho_radix_encode_key(phys, o);
			if (kho_radix_any(tree, first,
					  first + BIT_ULL(order - o) - 1))
				return true;
		}
	}
	return false;
}

/**
 * kho_radix_add - mark a block as preserved
 * @tree: the tree
 * @phys: physical address of the block, aligned to PAGE_SIZE << @order
 * @order: order of the block in pages
 *
 * Adding a block that is already in the tree is not an error.
 *
 * Context: takes @tree->lock; may sleep to allocate node pages.
 * Return: 0 on success, -EINVAL for a misaligned @phys or an @order that
 * cannot be encoded, -ENOMEM if a node page could not be allocated, -EBUSY
 * while the tree is frozen.
 */
int kho_radix_add(struct kho_radix_tree *tree, phys_addr_t phys,
		  unsigned int order)
{
	guard(mutex)(&tree->lock);
	if (tree->frozen)
		return -EBUSY;
	return __kho_radix_add(tree, phys, order);
}

/**
 * kho_block_order - order of the next block when tiling a page range
 * @pfn: first page frame of what is left of the range
 * @end: page frame just past the range
 *
 * Page ranges are preserved as the largest naturally aligned blocks (at most
 * MAX_PAGE_ORDER) that tile them; preserve and restore walk them the same
 * way, so they agree on the blocks::
 *
 *	for (pfn = start; pfn < end; pfn += 1UL << order)
 *		order = kho_block_order(pfn, end);
 *
 * Return: the order of the block at @pfn.
 */
unsigned int kho_block_order(unsigned long pfn, unsigned long end)
{
	unsigned int order = fls64(end - pfn) - 1;

	if (order > MAX_PAGE_ORDER)
		order = MAX_PAGE_ORDER;
	if (pfn && __ffs64(pfn) < order)
		order = __ffs64(pfn);
	return order;
}

/**
 * kho_radix_preserve - mark a block as preserved on behalf of a user
 * @tree: the tree
 * @phys: physical address of the block, aligned to PAGE_SIZE << @order
 * @order: order of the block in pages
 *
 * Unlike kho_radix_add(), which only encodes the map, this keeps every page
 * in at most one block: a block that shares a page with a block of another
 * order (one containing it, or one inside it) is refused, so that the next
 * kernel never sees a page with two owners. Preserving the very same block
 * again is not an error.
 *
 * Context: takes @tree->lock; may sleep to allocate node pages.
 * Return: 0 on success; -EBUSY if the block overlaps a preserved block of
 * another order or the tree is frozen; -EINVAL, -ENOMEM as for
 * kho_radix_add().
 */
int kho_radix_preserve(struct kho_radix_tree *tree, phys_addr_t phys,
		       unsigned int order)
{
	bool same;

	if (!kho_radix_block_ok(phys, order))
		return -EINVAL;
	guard(mutex)(&tree->lock);
	if (tree->frozen)
		return -EBUSY;
	if (kho_radix_overlaps(tree, phys, order, &same))
		return -EBUSY;
	return same ? 0 : __kho_radix_add(tree, phys, order);
}

/**
 * kho_radix_preserve_range - mark a page range as preserved
 * @tree: the tree
 * @start: first page frame of the range
 * @nr_pages: number of pages
 *
 * The range is tiled into blocks with kho_block_order(), each checked as
 * by kho_radix_preserve(): no page of the range may lie in a preserved
 * block of another order. Preserving a range whose blocks are all
 * preserved already is not an error and changes nothing. A range of which
 * only some blocks are preserved already is refused: if a later block
 * failed, the undo could not tell the blocks this call added from those
 * that were there before. If a block cannot be added, the blocks this call
 * added are removed again, under the same lock, so that nobody sees a
 * half-preserved range.
 *
 * Context: takes @tree->lock; may sleep to allocate node pages.
 * Return: 0 on success; -EBUSY if a block overlaps a preserved block of
 * another order, only part of the range is preserved already, or the tree
 * is frozen; -EINVAL, -ENOMEM as for kho_radix_add().
 */
int kho_radix_preserve_range(struct kho_radix_tree *tree, unsigned long start,
			     unsigned long nr_pages)
{
	unsigned long pfn, end = start + nr_pages, nr_blocks = 0, nr_had = 0;
	unsigned int order;
	int ret = 0;

	guard(mutex)(&tree->lock);
	if (tree->frozen)
		return -EBUSY;
	for (pfn = start; pfn < end; pfn += 1UL << order) {
		bool same;

		order = kho_block_order(pfn, end);
		if (kho_radix_overlaps(tree, PFN_PHYS(pfn), order, &same))
			return -EBUSY;
		nr_blocks++;
		nr_had += same;
	}
	if (nr_had)
		return nr_had == nr_blocks ? 0 : -EBUSY;

	for (pfn = start; pfn < end; pfn += 1UL << order) {
		order = kho_block_order(pfn, end);
		ret = __kho_radix_add(tree, PFN_PHYS(pfn), order);
		if (ret)
			break;
	}
	if (!ret)
		return 0;
	/* Every block below @pfn is one this call added. */
	end = pfn;
	for (pfn = start; pfn < end; pfn += 1UL << order) {
		struct kho_radix_slot slot;

		order = kho_block_order(pfn, end);
		if (!kho_radix_locate(tree, PFN_PHYS(pfn), order,
				      KHO_RADIX_MISSING_FAILS, &slot))
			*slot.word &= ~slot.mask;
	}
	return ret;
}

/**
 * kho_radix_del - unmark a preserved block
 * @tree: the tree
 * @phys: physical address of the block
 * @order: order of the block in pages
 *
 * Only the exact (@phys, @order) block that was added is removed; nodes that
 * become empty are left in place (an empty node is valid on the wire).
 *
 * Context: takes @tree->lock.
 * Return: 0 on success, -EINVAL for a block that cannot be encoded, -ENOENT
 * if the block was not in the tree, -EBUSY while the tree is frozen.
 */
int kho_radix_del(struct kho_radix_tree *tree, phys_addr_t phys,
		  unsigned int order)
{
	struct kho_radix_slot slot;
	int ret;

	guard(mutex)(&tree->lock);
	if (tree->frozen)
		return -EBUSY;
	ret = kho_radix_locate(tree, phys, order, KHO_RADIX_MISSING_FAILS,
			       &slot);
	if (ret)
		return ret;
	if (!(*slot.word & slot.mask))
		return -ENOENT;
	*slot.word &= ~slot.mask;
	return 0;
}

/**
 * kho_radix_test - check whether a block is marked as preserved
 * @tree: the tree
 * @phys: physical address of the block
 * @order: order of the block in pages
 *
 * Only the exact (@phys, @order) block is looked up: a block of another order
 * that contains @phys does not count.
 *
 * Context: takes @tree->lock.
 * Return: true if the block is in the tree.
 */
bool kho_radix_test(struct kho_radix_tree *tree, phys_addr_t phys,
		    unsigned int order)
{
	guard(mutex)(&tree->lock);
	return __kho_radix_test(tree, phys, order);
}

/**
 * kho_radix_freeze - refuse changes to a tree
 * @tree: the tree
 *
 * Once a map is handed over, a block added or removed would not match what
 * its users described; from here on kho_radix_add() and kho_radix_del()
 * fail with -EBUSY, atomically with respect to them.
 *
 * Context: takes @tree->lock.
 */
void kho_radix_freeze(struct kho_radix_tree *tree)
{
	guard(mutex)(&tree->lock);
	tree->frozen = true;
}

/**
 * kho_radix_thaw - allow changes to a frozen tree again
 * @tree: the tree
 *
 * Context: takes @tree->lock.
 */
void kho_radix_thaw(struct kho_radix_tree *tree)
{
	guard(mutex)(&tree->lock);
	tree->frozen = false;
}

static void kho_radix_free_node(u64 *node, unsigned int level)
{
	unsigned long i;

	if (level > 0) {
		for (i = 0; i < KHO_RADIX_TABLE_ENTRIES; i++)
			if (node[i])
				kho_radix_free_node(phys_to_virt(node[i]),
						    level - 1);
	}
	free_page((unsigned long)node);
}

/**
 * kho_radix_destroy - free every node of a tree
 * @tree: the tree; it is empty (and reusable) afterwards
 *
 * Context: takes @tree->lock.
 */
void kho_radix_destroy(struct kho_radix_tree *tree)
{
	guard(mutex)(&tree->lock);
	if (tree->root)
		kho_radix_free_node(tree->root, KHO_RADIX_ROOT_LEVEL);
	tree->root = NULL;
	tree->orders = 0;
}

/**
 * kho_radix_max_nodes - most node pages a valid map can have
 * @ram_end: end of RAM: every preserved block lies below it
 *
 * The budget for walking a map from another kernel. Blocks of order @o
 * below @ram_end have consecutive keys, at most @ram_end >> (PAGE_SHIFT + o)
 * of them, so they touch at most one node per 2^(15 + 9L) keys (plus one for
 * a range that straddles a boundary) at each level L. Summed over every
 * order and level this bounds a valid tree, while a crafted one whose
 * entries loop back or share children is stopped after as many visits, not
 * after one per page of RAM.
 *
 * Return: the bound (at least 1).
 */
unsigned long kho_radix_max_nodes(u64 ram_end)
{
	unsigned long nodes = 1;
	unsigned int order, level;

	for (order = 0; order < KHO_RADIX_NR_ORDERS; order++) {
		u64 keys = ram_end >> (PAGE_SHIFT + order);

		if (!keys)
			break;
		for (level = 0; level <= KHO_RADIX_ROOT_LEVEL; level++) {
			unsigned int shift = KHO_RADIX_LEAF_BITS +
					     level * KHO_RADIX_TABLE_BITS;

			nodes += (keys >> shift) + 2;
		}
	}
	return nodes;
}

/*
 * One leaf word read by an overlap probe, per order: the probes of
 * consecutive blocks mostly hit the same word of each larger order.
 */
struct kho_radix_probe_cache {
	u64 tag;	/* (key >> 6) + 1 of the cached word, 0 if none */
	u64 word;
};

struct kho_radix_walk_ctx {
	const struct kho_radix_walk_ops *ops;
	void *arg;
	unsigned long nodes;
	unsigned long max_nodes;
	phys_addr_t root;
	u64 orders;		/* orders of the blocks seen so far */
	struct kho_radix_probe_cache cache[KHO_RADIX_NR_ORDERS];
};

/* Why a node pointer read from the tree cannot be followed, or NULL. */
static const char *kho_radix_bad_ptr(struct kho_radix_walk_ctx *ctx, u64 ptr)
{
	if (!IS_ALIGNED(ptr, PAGE_SIZE))
		return "is not page aligned";
	if (!ctx->ops->valid(ptr, PAGE_SIZE, ctx->arg))
		return "is not in RAM";
	return NULL;
}

static const u64 *kho_radix_map(struct kho_radix_walk_ctx *ctx,
				phys_addr_t phys, unsigned int level)
{
	const u64 *node = ctx->ops->map(phys, ctx->arg);

	if (!node)
		pr_err("preserved-memory map: cannot map level %u node %#llx\n",
		       level, (u64)phys);
	return node;
}

static void kho_radix_unmap(struct kho_radix_walk_ctx *ctx, const u64 *node)
{
	if (ctx->ops->unmap)
		ctx->ops->unmap(node, ctx->arg);
}

/*
 * Whether @key is set in the tree being walked, read from its root: 1 if
 * it is, 0 if not, -EINVAL if a node cannot be mapped. Only keys below the
 * one being visited are probed, whose paths the walk has checked already;
 * a pointer that would not pass kho_radix_bad_ptr() counts as absent.
 */
static int kho_radix_walk_probe(struct kho_radix_walk_ctx *ctx, u64 key,
				unsigned int order)
{
	struct kho_radix_probe_cache *c = &ctx->cache[order];
	phys_addr_t phys = ctx->root;
	unsigned int level;
	const u64 *node;
	u64 word = 0;

	if (c->tag == (key >> 6) + 1)
		return !!(c->word & BIT_ULL(key % 64));

	for (level = KHO_RADIX_ROOT_LEVEL; ; level--) {
		node = kho_radix_map(ctx, phys, level);
		if (!node)
			return -EINVAL;
		if (!level) {
			word = node[kho_radix_leaf_bit(key) / 64];
			kho_radix_unmap(ctx, node);
			break;
		}
		phys = node[kho_radix_index(key, level)];
		kho_radix_unmap(ctx, node);
		if (!phys || kho_radix_bad_ptr(ctx, phys))
			break;
	}
	c->tag = (key >> 6) + 1;
	c->word = word;
	return !!(word & BIT_ULL(key % 64));
}

/*
 * A page may belong to one block only. The walk visits the larger orders
 * first, so a block that shares a page with another lies inside a block
 * seen before: probe the aligned block around it at each larger order
 * seen so far.
 */
static int kho_radix_walk_overlap(struct kho_radix_walk_ctx *ctx,
				  phys_addr_t leaf, phys_addr_t phys,
				  unsigned int order)
{
	u64 orders = ctx->orders & ~(BIT_ULL(order + 1) - 1);
	phys_addr_t start;
	unsigned int o;
	int ret;

	for (; orders; orders &= orders - 1) {
		o = __ffs64(orders);
		start = phys & ~(BIT_ULL(PAGE_SHIFT + o) - 1);
		ret = kho_radix_walk_probe(ctx, kho_radix_encode_key(start, o),
					   o);
		if (ret < 0)
			return ret;
		if (ret) {
			pr_err("preserved-memory map: level 0 node %#llx: block %#llx order %u overlaps block %#llx order %u\n",
			       (u64)leaf, (u64)phys, order, (u64)start, o);
			return -EINVAL;
		}
	}
	ctx->orders |= BIT_ULL(order);
	return 0;
}

/* Decode one set leaf bit, check the block and report it. */
static int kho_radix_walk_block(struct kho_radix_walk_ctx *ctx,
				phys_addr_t leaf, u64 key)
{
	unsigned int order;
	phys_addr_t phys;
	int ret;

	if (kho_radix_decode_key(key, &phys, &order)) {
		pr_err("preserved-memory map: level 0 node %#llx bit %u: key %#llx is not a valid block\n",
		       (u64)leaf, kho_radix_leaf_bit(key), key);
		return -EINVAL;
	}
	if (!ctx->ops->valid(phys, BIT_ULL(PAGE_SHIFT + order), ctx->arg)) {
		pr_err("preserved-memory map: level 0 node %#llx: block %#llx order %u is not in RAM\n",
		       (u64)leaf, (u64)phys, order);
		return -EINVAL;
	}
	ret = kho_radix_walk_overlap(ctx, leaf, phys, order);
	if (ret)
		return ret;
	return ctx->ops->block ? ctx->ops->block(phys, order, ctx->arg) : 0;
}

/*
 * Visit the node at @phys, already checked by the caller, and everything
 * below it. @prefix holds the key bits chosen by the levels above. The depth
 * is bounded by the level number, so the recursion is at most
 * KHO_RADIX_LEVELS deep. A table node is unmapped while its children are
 * visited, so at most one node of the walk is mapped at any time, plus one
 * of an overlap probe: early_memremap() has only a few slots.
 */
static int kho_radix_walk_node(struct kho_radix_walk_ctx *ctx,
			       phys_addr_t phys, unsigned int level, u64 prefix)
{
	const struct kho_radix_walk_ops *ops = ctx->ops;
	const u64 *node;
	unsigned long i;
	int ret = 0;

	/*
	 * Entries may point back up or share children, which turns the tree
	 * into a DAG with exponentially many paths: the budget bounds that.
	 */
	if (++ctx->nodes > ctx->max_nodes) {
		pr_err("preserved-memory map: more than %lu nodes (at level %u node %#llx), loop or corrupt tree\n",
		       ctx->max_nodes, level, (u64)phys);
		return -E2BIG;
	}

	if (ops->node) {
		ret = ops->node(phys, level, ctx->arg);
		if (ret)
			return ret;
	}

	node = kho_radix_map(ctx, phys, level);
	if (!node)
		return -EINVAL;

	if (level == 0) {
		for (i = 0; i < KHO_RADIX_LEAF_WORDS && !ret; i++) {
			u64 word = node[i];

			while (word && !ret) {
				u64 key = (prefix << KHO_RADIX_LEAF_BITS) |
					  (i * 64 + __ffs64(word));

				word &= word - 1;
				ret = kho_radix_walk_block(ctx, phys, key);
			}
		}
		goto out;
	}

	for (i = 0; i < KHO_RADIX_TABLE_ENTRIES; i++) {
		u64 child = node[i];
		const char *why;

		if (!child)
			continue;
		why = kho_radix_bad_ptr(ctx, child);
		if (why) {
			pr_err("preserved-memory map: level %u node %#llx entry %lu: level %u pointer %#llx %s\n",
			       level, (u64)phys, i, level - 1, child, why);
			ret = -EINVAL;
			goto out;
		}

		kho_radix_unmap(ctx, node);
		ret = kho_radix_walk_node(ctx, child, level - 1,
					  (prefix << KHO_RADIX_TABLE_BITS) | i);
		if (ret)
			return ret;
		node = kho_radix_map(ctx, phys, level);
		if (!node)
			return -EINVAL;
	}
out:
	kho_radix_unmap(ctx, node);
	return ret;
}

/**
 * kho_radix_walk - check a serialized tree and report every preserved block
 * @root: physical address of the root (level KHO_RADIX_ROOT_LEVEL) node, or
 *	0 for an empty map
 * @ops: how to map and check memory, and what to call for each node/block;
 *	@ops->map and @ops->valid are required, @ops->unmap, @ops->node and
 *	@ops->block are optional
 * @max_nodes: visit budget; a tree with more node pages is rejected, which
 *	bounds the walk of a malicious tree whose entries loop back
 * @arg: passed to every callback
 *
 * The tree is walked depth-first in ascending key order, so blocks of larger
 * orders come first. Every node pointer must be page aligned and pass
 * @ops->valid for one page; every decoded block must be a valid key, pass
 * @ops->valid for its whole size and share no page with another block (a
 * page has one owner). At most two nodes are mapped at any time: the one
 * being visited (a table node may be mapped again after its children were
 * visited) and one that an overlap probe reads; @ops->node is called
 * before the node is mapped. The overlap probes cost a few node reads per
 * block and larger order present, mostly saved by a one-word cache per
 * order.
 *
 * Context: whatever @ops needs; the walk itself neither sleeps nor allocates.
 * Return: 0 after a complete walk; -EINVAL for a malformed tree and -E2BIG
 * when it has more than @max_nodes nodes, in both cases after a pr_err()
 * naming the problem; otherwise the first non-zero value returned by a
 * callback, which stops the walk.
 */
int kho_radix_walk(phys_addr_t root, const struct kho_radix_walk_ops *ops,
		   unsigned long max_nodes, void *arg)
{
	struct kho_radix_walk_ctx ctx = {
		.ops = ops, .arg = arg, .max_nodes = max_nodes, .root = root,
	};
	const char *why;

	if (!root)
		return 0;
	why = kho_radix_bad_ptr(&ctx, root);
	if (why) {
		pr_err("preserved-memory map: root pointer %#llx %s\n",
		       (u64)root, why);
		return -EINVAL;
	}
	return kho_radix_walk_node(&ctx, root, KHO_RADIX_ROOT_LEVEL, 0);
}
