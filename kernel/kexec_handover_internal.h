/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LINUX_KEXEC_HANDOVER_INTERNAL_H
#define LINUX_KEXEC_HANDOVER_INTERNAL_H

#include <linux/types.h>
#include <linux/mutex.h>

/*
 * Radix-tree preserved-memory map (wire layout: see
 * include/linux/kho/abi/kexec_handover.h). Implemented in
 * kernel/kexec_handover_radix.c, which is also built on the host by the
 * user-space tests in tools/testing/kho/.
 */

/**
 * struct kho_radix_tree - an outgoing preserved-memory map being built
 * @root: virtual address of the level-5 root node page, NULL while empty
 * @lock: serialises updates of the tree
 */
struct kho_radix_tree {
	u64 *root;
	struct mutex lock;
};

u64 kho_radix_encode_key(phys_addr_t phys, unsigned int order);
int kho_radix_decode_key(u64 key, phys_addr_t *phys, unsigned int *order);

int kho_radix_add(struct kho_radix_tree *tree, phys_addr_t phys,
		  unsigned int order);
int kho_radix_del(struct kho_radix_tree *tree, phys_addr_t phys,
		  unsigned int order);
bool kho_radix_test(struct kho_radix_tree *tree, phys_addr_t phys,
		    unsigned int order);
void kho_radix_destroy(struct kho_radix_tree *tree);

/**
 * struct kho_radix_walk_ops - how to read and check a serialized tree
 * @map: map the node page at @phys for reading; NULL on failure
 * @unmap: undo @map
 * @valid: whether [@phys, @phys + @size) is RAM the tree may point at
 * @node: optional, called once for every node page visited (with its level)
 * @block: called for every preserved block (every set leaf bit)
 * @max_nodes: visit budget; a tree with more node pages is rejected, which
 *	bounds the walk of a malicious tree whose entries loop back
 */
struct kho_radix_walk_ops {
	const void *(*map)(phys_addr_t phys, void *arg);
	void (*unmap)(const void *virt, void *arg);
	bool (*valid)(phys_addr_t phys, u64 size, void *arg);
	int (*node)(phys_addr_t phys, unsigned int level, void *arg);
	int (*block)(phys_addr_t phys, unsigned int order, void *arg);
	unsigned long max_nodes;
};

int kho_radix_walk(phys_addr_t root, const struct kho_radix_walk_ops *ops,
		   void *arg);

/*
 * Shared between kernel/kexec_handover.c (core) and
 * kernel/kexec_handover_kexec.c (kexec_file glue).
 */
struct kho_scratch;
struct kimage;
struct kexec_buf;
struct resource;

/* Scratch areas of this boot (allocated on a cold boot, inherited on a KHO boot). */
extern struct kho_scratch *kho_scratch;
extern unsigned int kho_scratch_cnt;

/* Physical address of the outgoing root FDT page (fixed for the whole boot). */
phys_addr_t kho_out_fdt_phys(void);

#endif /* LINUX_KEXEC_HANDOVER_INTERNAL_H */
