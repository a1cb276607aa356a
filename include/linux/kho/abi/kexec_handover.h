/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_KHO_ABI_KEXEC_HANDOVER_H
#define _LINUX_KHO_ABI_KEXEC_HANDOVER_H

#include <linux/types.h>
#include <linux/build_bug.h>
#include <asm/page.h>

/**
 * DOC: KHO root FDT ("kho-v4")
 *
 * The outgoing kernel hands one page to the next kernel: a flattened device
 * tree that is used purely as a container. Its layout is::
 *
 *   / {
 *       compatible = "kho-v4";
 *       preserved-memory-map = <u64>;   // phys of the radix root, 0 if none
 *       NAME {                          // one node per subtree
 *           preserved-data = <u64>;     // phys of the subtree blob
 *           blob-size = <u64>;          // size of the blob in bytes
 *       };
 *       ...
 *   };
 *
 * All integer properties that KHO itself defines are 8 bytes long and hold a
 * native-endian u64; there is no ``#address-cells``. The blobs are owned by
 * their users (most are FDTs themselves, but any byte string is allowed). The
 * root FDT page and every subtree blob are marked preserved in the
 * preserved-memory map, so the next kernel keeps them where they are.
 */

/* Root node compatible string; a different value rejects the handover. */
#define KHO_FDT_COMPATIBLE		"kho-v4"
/* Root property: u64 phys of the preserved-memory map root node, or 0. */
#define KHO_FDT_MEMORY_MAP_PROP_NAME	"preserved-memory-map"
/* Subtree node property: u64 phys of the subtree blob. */
#define KHO_FDT_SUB_TREE_PROP_NAME	"preserved-data"
/* Subtree node property: u64 size of the subtree blob in bytes. */
#define KHO_FDT_SUB_TREE_SIZE_PROP_NAME	"blob-size"

/**
 * DOC: KHO preserved-memory map
 *
 * Every preserved block of memory is a naturally aligned power-of-two number
 * of pages, described by its physical address and its order. A block is
 * turned into a single integer key that carries both::
 *
 *   shift = PAGE_SHIFT + order
 *   key   = (1 << (64 - shift)) | (phys >> shift)
 *
 * The highest set bit of the key (the "order bit") tells the order back: with
 * 4 KiB pages an order-0 key has bit 52 set, an order-1 key bit 51, and so on.
 * The bits below it are the block's address in units of its own size.
 *
 * The set of keys is stored as a radix tree of KHO_RADIX_LEVELS levels whose
 * nodes are each exactly one page:
 *
 * - Level 0 (leaf) nodes are bitmaps of ``PAGE_SIZE * 8`` bits, stored as
 *   native-endian u64 words: key bit ``n`` of the leaf lives in bit
 *   ``n % 64`` of word ``n / 64``. The leaf uses the low KHO_RADIX_LEAF_BITS
 *   bits of the key (bits 14..0 with 4 KiB pages).
 * - Levels 1 to KHO_RADIX_ROOT_LEVEL are tables of ``PAGE_SIZE / 8`` u64
 *   entries, each indexed by the next KHO_RADIX_TABLE_BITS bits of the key
 *   (level 1 uses bits 23..15, level 2 bits 32..24, ... level 5 bits 59..51
 *   with 4 KiB pages). An entry is the physical address of the next lower
 *   level's node page, or 0 if that part of the key space is empty.
 *
 * The root FDT's preserved-memory-map property points at the level
 * KHO_RADIX_ROOT_LEVEL node. The tree's own node pages are not marked in the
 * map: the next kernel must parse the tree before it lets anything allocate
 * outside the scratch areas.
 */

/* Key bits consumed by a level-0 bitmap page (15 with 4 KiB pages). */
#define KHO_RADIX_LEAF_BITS	(PAGE_SHIFT + 3)
/* Key bits consumed by each table level (9 with 4 KiB pages). */
#define KHO_RADIX_TABLE_BITS	(PAGE_SHIFT - 3)
/*
 * Number of levels: one leaf level plus enough table levels to cover the
 * 64 - PAGE_SHIFT + 1 bits of an order-0 key (53 bits with 4 KiB pages).
 */
#define KHO_RADIX_LEVELS	6
/* Level of the root node, the one the root FDT points at. */
#define KHO_RADIX_ROOT_LEVEL	(KHO_RADIX_LEVELS - 1)

/**
 * struct kho_scratch - one scratch area handed to the next kernel
 * @addr: physical start address
 * @size: size in bytes; 0 for an unused slot (mainline writes some), which
 *	the next kernel skips
 *
 * The layout is part of the wire format: the array of these structs is what
 * the x86 setup_data and the arm64 /chosen property point at.
 */
struct kho_scratch {
	phys_addr_t addr;
	phys_addr_t size;
};

/**
 * DOC: KHO vmalloc preservation
 *
 * A vmalloc area is handed over as a &struct kho_vmalloc, which its owner
 * stores in its own state (a subtree blob or another preserved structure).
 * The area's pages are preserved in groups of ``1 << order`` physically
 * contiguous pages; their physical addresses are listed, in the order of
 * the area, in a chain of one-page &struct kho_vmalloc_chunk::
 *
 *   kho_vmalloc.first -> chunk { next, phys[0..N-1] } -> chunk ... -> 0
 *
 * ``phys[]`` ends at the first 0 entry or at the end of the chunk; ``next``
 * is the physical address of the following chunk or 0. Every chunk page is
 * preserved as one order-0 page, every group with ``1 << order`` pages.
 * ``total_pages`` counts the pages of the area (not the groups), ``flags``
 * holds KHO_VMALLOC_* bits and must not hold any other. An area that was
 * never preserved, or is empty, is all zero.
 */

/* The area came from vmalloc (VM_ALLOC). */
#define KHO_VMALLOC_ALLOC	0x0001
/* Huge mappings were allowed for the area (VM_ALLOW_HUGE_VMAP). */
#define KHO_VMALLOC_HUGE_VMAP	0x0002
/* Every flag a preservation may carry. */
#define KHO_VMALLOC_FLAGS_MASK	(KHO_VMALLOC_ALLOC | KHO_VMALLOC_HUGE_VMAP)

/* Entries of phys[] in a chunk: 511 with 4 KiB pages. */
#define KHO_VMALLOC_CHUNK_ENTRIES	(PAGE_SIZE / sizeof(u64) - 1)

/**
 * struct kho_vmalloc_chunk - one page of the list of preserved page groups
 * @next: physical address of the next chunk, 0 in the last one
 * @phys: physical address of each group, in the order of the area;
 *	0-terminated unless the chunk is full
 */
struct kho_vmalloc_chunk {
	u64 next;
	u64 phys[KHO_VMALLOC_CHUNK_ENTRIES];
};

static_assert(sizeof(struct kho_vmalloc_chunk) == PAGE_SIZE);

/**
 * struct kho_vmalloc - a preserved vmalloc area
 * @first: physical address of the first &struct kho_vmalloc_chunk, or 0
 * @total_pages: number of pages of the area
 * @flags: KHO_VMALLOC_* flags
 * @order: order of each group of contiguous pages (0 for small pages)
 *
 * Natural alignment, 16 bytes, no padding.
 */
struct kho_vmalloc {
	u64 first;
	u32 total_pages;
	u16 flags;
	u16 order;
};

static_assert(sizeof(struct kho_vmalloc) == 16);

/**
 * DOC: KHO serialization blocks
 *
 * A list of fixed-size entries of unknown length is handed over as a chain
 * of one-page blocks, each allocated and preserved with
 * kho_alloc_preserve(PAGE_SIZE). A block starts with a
 * &struct kho_block_header_ser followed by ``count`` entries; the bytes
 * after the last entry are zero. ``next`` is the physical address of the
 * next block or 0. Writers fill a block before they start the next one and
 * append new blocks at the tail, so entries keep their order. A reader
 * uses each block's ``count``, not a fill level, and gives up after
 * KHO_BLOCKS_MAX blocks: a longer chain is taken as corrupt.
 */

/* Blocks a reader follows at most. */
#define KHO_BLOCKS_MAX		10000

/**
 * struct kho_block_header_ser - header of a serialization block
 * @next: physical address of the next block, 0 in the last one
 * @count: number of entries in this block
 */
struct kho_block_header_ser {
	u64 next;
	u64 count;
} __packed;

static_assert(sizeof(struct kho_block_header_ser) == 16);

#endif /* _LINUX_KHO_ABI_KEXEC_HANDOVER_H */
