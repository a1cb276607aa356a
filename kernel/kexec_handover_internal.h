/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kexec HandOver internals, shared by the files of kernel/kexec_handover*.c.
 * Each file owns one stage of the lifecycle (see the top of
 * kernel/kexec_handover.c for the map); this header is what they tell each
 * other. The radix-tree and root-FDT parts are also compiled on the host by
 * tools/testing/kho/ and tools/kho/kho-inspect.
 */
#ifndef LINUX_KEXEC_HANDOVER_INTERNAL_H
#define LINUX_KEXEC_HANDOVER_INTERNAL_H

#include <linux/types.h>
#include <linux/mutex.h>
#include <linux/list.h>
#include <linux/sizes.h>

/* -------------------------------------------------------------------------
 * kexec_handover_radix.c: the preserved-memory map (wire layout: see
 * include/linux/kho/abi/kexec_handover.h)
 */

/**
 * struct kho_radix_tree - an outgoing preserved-memory map being built
 * @root: virtual address of the level-5 root node page, NULL while empty
 * @lock: serialises updates of the tree
 * @orders: bit N is set once a block of order N was added (never cleared
 *	before kho_radix_destroy()); bounds the search for overlaps
 * @frozen: add and del fail with -EBUSY (the map was handed over)
 */
struct kho_radix_tree {
	u64 *root;
	struct mutex lock;	/* serialises add, del, test, freeze, destroy */
	u64 orders;
	bool frozen;
};

u64 kho_radix_encode_key(phys_addr_t phys, unsigned int order);
int kho_radix_decode_key(u64 key, phys_addr_t *phys, unsigned int *order);

int kho_radix_add(struct kho_radix_tree *tree, phys_addr_t phys,
		  unsigned int order);
int kho_radix_del(struct kho_radix_tree *tree, phys_addr_t phys,
		  unsigned int order);
unsigned int kho_block_order(unsigned long pfn, unsigned long end);
int kho_radix_preserve(struct kho_radix_tree *tree, phys_addr_t phys,
		       unsigned int order);
int kho_radix_preserve_range(struct kho_radix_tree *tree, unsigned long start,
			     unsigned long nr_pages);
bool kho_radix_test(struct kho_radix_tree *tree, phys_addr_t phys,
		    unsigned int order);
void kho_radix_destroy(struct kho_radix_tree *tree);
void kho_radix_freeze(struct kho_radix_tree *tree);
void kho_radix_thaw(struct kho_radix_tree *tree);

/**
 * struct kho_radix_walk_ops - how to read and check a serialized tree
 * @map: map the node page at @phys for reading; NULL on failure
 * @unmap: undo @map
 * @valid: whether [@phys, @phys + @size) is RAM the tree may point at
 * @node: optional, called once for every node page visited (with its level)
 * @block: called for every preserved block (every set leaf bit)
 *
 * One table per purpose of a walk; the node budget of a walk is an argument
 * of kho_radix_walk(), as it depends on the machine rather than the purpose.
 */
struct kho_radix_walk_ops {
	const void *(*map)(phys_addr_t phys, void *arg);
	void (*unmap)(const void *virt, void *arg);
	bool (*valid)(phys_addr_t phys, u64 size, void *arg);
	int (*node)(phys_addr_t phys, unsigned int level, void *arg);
	int (*block)(phys_addr_t phys, unsigned int order, void *arg);
};

int kho_radix_walk(phys_addr_t root, const struct kho_radix_walk_ops *ops,
		   unsigned long max_nodes, void *arg);
unsigned long kho_radix_max_nodes(u64 ram_end);

/* -------------------------------------------------------------------------
 * kexec_handover_blocks.c: readers of serialization block chains and vmalloc
 * chunk lists (wire layout: see include/linux/kho/abi/kexec_handover.h)
 */

/**
 * struct kho_blocks_walk_ops - how to read a serialization block chain
 * @map: map the block page at @phys for reading; NULL on failure
 * @unmap: optional, undo @map
 * @valid: whether [@phys, @phys + @size) is memory the chain may point at
 * @block: optional, called for every block (number @nr) with its count
 * @entry: optional, called for every entry, numbered across the chain
 */
struct kho_blocks_walk_ops {
	const void *(*map)(phys_addr_t phys, void *arg);
	void (*unmap)(const void *virt, void *arg);
	bool (*valid)(phys_addr_t phys, u64 size, void *arg);
	int (*block)(phys_addr_t phys, unsigned long nr, u64 count, void *arg);
	int (*entry)(const void *entry, u64 index, void *arg);
};

long kho_blocks_walk(phys_addr_t first, size_t entry_size,
		     const struct kho_blocks_walk_ops *ops, void *arg);

/**
 * struct kho_vmalloc_walk_ops - how to read the chunks of a vmalloc area
 * @map: map the chunk page at @phys for reading; NULL on failure
 * @unmap: optional, undo @map
 * @valid: whether [@phys, @phys + @size) is memory the list may point at
 * @chunk: optional, called for every chunk (number @nr)
 * @group: optional, called for every group of pages, in the area's order
 */
struct kho_vmalloc_walk_ops {
	const void *(*map)(phys_addr_t phys, void *arg);
	void (*unmap)(const void *virt, void *arg);
	bool (*valid)(phys_addr_t phys, u64 size, void *arg);
	int (*chunk)(phys_addr_t phys, unsigned long nr, void *arg);
	int (*group)(phys_addr_t phys, u64 index, void *arg);
};

struct kho_vmalloc;

int kho_vmalloc_check(const struct kho_vmalloc *v);
long kho_vmalloc_walk(const struct kho_vmalloc *preservation,
		      const struct kho_vmalloc_walk_ops *ops, void *arg);

/* -------------------------------------------------------------------------
 * kexec_handover.c: the mode, the one owner of "is KHO on"
 */

/**
 * enum kho_mode - what KHO does in this boot
 * @KHO_MODE_OFF: nothing: not asked for, or turned off by kho_disable()
 * @KHO_MODE_COLD: kho=on on a boot without a handover; this boot sets up
 *	scratch and can hand over at the next kexec
 * @KHO_MODE_INHERITED: this boot accepted a handover; it restores what was
 *	preserved and can hand over again at the next kexec
 */
enum kho_mode {
	KHO_MODE_OFF,
	KHO_MODE_COLD,
	KHO_MODE_INHERITED,
};

enum kho_mode kho_get_mode(void);
bool kho_handover_allowed(void);
void kho_set_inherited(void);
__printf(1, 2) void kho_disable(const char *fmt, ...);

/* -------------------------------------------------------------------------
 * kexec_handover_scratch.c: the scratch areas of this boot
 */

struct kho_scratch;

/* Scratch areas of this boot (allocated on a cold boot, inherited on a KHO boot). */
extern struct kho_scratch *kho_scratch;
extern unsigned int kho_scratch_cnt;

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
int kho_scratch_overlap(const struct kho_scratch *areas, unsigned int cnt,
			phys_addr_t phys, u64 size);
void kho_scratch_reserve(void);
void kho_scratch_inherit(struct kho_scratch *areas, unsigned int cnt);
void kho_scratch_late_init(void);

/* -------------------------------------------------------------------------
 * kexec_handover_out.c: what this kernel hands over
 */

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

int kho_out_init(void);
phys_addr_t kho_out_fdt_phys(void);
int kho_finalize(void);
int kho_abort(void);
bool kho_is_finalized(void);
bool kho_out_kexec_begin(void);

/* -------------------------------------------------------------------------
 * kexec_handover_in.c: what this kernel received
 */

void kho_in_memory_init(void);
void kho_in_memory_init_late(void);
void kho_in_init(void);
u32 kho_in_kexec_count(void);
void kho_in_retire(void);
bool kho_in_check_preserved(phys_addr_t phys, u64 size);

/* -------------------------------------------------------------------------
 * kexec_handover_debugfs.c: /sys/kernel/debug/kho
 */

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
