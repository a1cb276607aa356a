/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_KHO_ABI_KEXEC_HANDOVER_H
#define _LINUX_KHO_ABI_KEXEC_HANDOVER_H

#include <linux/types.h>
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

#endif /* _LINUX_KHO_ABI_KEXEC_HANDOVER_H */
