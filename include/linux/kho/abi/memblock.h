/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_KHO_ABI_MEMBLOCK_H
#define _LINUX_KHO_ABI_MEMBLOCK_H

/**
 * DOC: memblock KHO subtree ("memblock-v1")
 *
 * memblock hands its reserve_mem regions to the next kernel in a subtree of
 * the KHO root FDT named MEMBLOCK_KHO_FDT. The subtree is an FDT of its own::
 *
 *   / {
 *       compatible = "memblock-v1";
 *       NAME {                          // one node per reserve_mem region
 *           compatible = "reserve-mem-v1";
 *           start = <u64>;              // phys of the region
 *           size = <u64>;               // size of the region in bytes
 *       };
 *       ...
 *   };
 *
 * The node name is the reserve_mem name. ``start`` and ``size`` are 8 bytes
 * each, native-endian u64. Each region's memory is marked preserved in the
 * preserved-memory map. The next kernel hands a region to a
 * ``reserve_mem=SIZE:ALIGN:NAME`` request with the same name when the size
 * and the alignment match.
 */

/* Name of the memblock node under the KHO root FDT. */
#define MEMBLOCK_KHO_FDT			"memblock"
/* Compatible of the memblock subtree's root node. */
#define MEMBLOCK_KHO_NODE_COMPATIBLE		"memblock-v1"
/* Compatible of each reserve_mem region node. */
#define RESERVE_MEM_KHO_NODE_COMPATIBLE		"reserve-mem-v1"
/* Region node property: u64 physical start address. */
#define RESERVE_MEM_KHO_START_PROP		"start"
/* Region node property: u64 size in bytes. */
#define RESERVE_MEM_KHO_SIZE_PROP		"size"

#endif /* _LINUX_KHO_ABI_MEMBLOCK_H */
