/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LINUX_KEXEC_HANDOVER_INTERNAL_H
#define LINUX_KEXEC_HANDOVER_INTERNAL_H

#include <linux/types.h>
#include <linux/mutex.h>
#include <linux/list.h>
#include <linux/sizes.h>

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
	struct mutex lock;	/* serialises add, del, test and destroy */
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

/*
 * Core internals shared with kernel/kexec_handover_debugfs.c and the KUnit
 * tests.
 */
struct list_head;

/* Default scratch size: this percentage of the kernel's own reservations. */
#define KHO_SCRATCH_DEFAULT_PERCENT	200
#define KHO_SCRATCH_MAX_PERCENT		10000
/*
 * Floors for the default sizing. Kernel reservations made before memblock
 * tracked them (the kernel image on some architectures) are not counted, and
 * the next kernel's image, initrd and early allocations must fit.
 */
#define KHO_SCRATCH_MIN_LOWMEM		(SZ_32M)
#define KHO_SCRATCH_MIN_GLOBAL		(SZ_64M)

/**
 * struct kho_scratch_sizes - parsed kho_scratch= value
 * @percent: scale of the default sizes (used when @lowmem is 0)
 * @lowmem: explicit size of the low-memory area
 * @global: explicit size of the global area
 * @pernode: explicit size of each per-node area
 */
struct kho_scratch_sizes {
	unsigned int percent;
	u64 lowmem;
	u64 global;
	u64 pernode;
};

int kho_parse_scratch_sizes(const char *p, struct kho_scratch_sizes *sizes);

/**
 * struct kho_subtree - one subtree recorded in the root FDT
 * @list: entry in &kho_serialization.subtrees
 * @name: node name in the root FDT
 * @phys: physical address of the blob
 * @size: size of the blob in bytes
 * @blob: the blob (for debugfs)
 */
struct kho_subtree {
	struct list_head list;
	const char *name;
	phys_addr_t phys;
	u64 size;
	const void *blob;
};

int kho_finalize(void);
int kho_abort(void);
bool kho_is_finalized(void);

#ifdef CONFIG_KEXEC_HANDOVER_DEBUGFS
int kho_debugfs_init(void);
int kho_debugfs_publish_out(const void *fdt, struct list_head *subtrees);
void kho_debugfs_clear_out(void);
void kho_debugfs_publish_in(const void *fdt, const char *previous_release,
			    u32 kexec_count);
#else
static inline int kho_debugfs_init(void) { return 0; }
static inline int kho_debugfs_publish_out(const void *fdt,
					  struct list_head *subtrees)
{
	return 0;
}

static inline void kho_debugfs_clear_out(void) { }
static inline void kho_debugfs_publish_in(const void *fdt,
					  const char *previous_release,
					  u32 kexec_count) { }
#endif

#endif /* LINUX_KEXEC_HANDOVER_INTERNAL_H */
