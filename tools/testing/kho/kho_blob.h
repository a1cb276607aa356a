/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One-blob handover format for the fuzzer and the tests: a KHO root FDT
 * (fdt_totalsize() bytes) followed by a memory image whose page i sits at
 * physical address KHO_BLOB_MEM_BASE + i * PAGE_SIZE. RAM is
 * [0, KHO_BLOB_RAM_END).
 */
#ifndef KHO_BLOB_H
#define KHO_BLOB_H

#include <linux/types.h>

#define KHO_BLOB_MEM_BASE	0x100000ULL
#define KHO_BLOB_RAM_END	(1ULL << 32)

struct kho_blob_result {
	phys_addr_t map_root;
	unsigned long subtrees;
	unsigned long nodes;
	unsigned long blocks;
	u64 bytes;
};

/* One page of a tree at a physical address (radix-pages.bin records). */
struct kho_mem_page {
	u64 phys;
	u32 level;
	u8 *page;
};

struct kho_blob_subtree {
	const char *name;
	u64 phys;
	u64 size;
};

/* Root checks, subtree enumeration and radix walk; 0 if all is well. */
int kho_parse_blob(const u8 *data, size_t size, struct kho_blob_result *res);

/*
 * Build a blob from tree pages (rebased into the image, pointers rewritten),
 * the root page's original address and a list of subtrees. Returns a
 * malloc()ed buffer or NULL.
 */
u8 *kho_blob_build(const struct kho_mem_page *pages, size_t npages,
		   u64 root_phys, const struct kho_blob_subtree *subs,
		   size_t nsubs, size_t *size);

#endif
