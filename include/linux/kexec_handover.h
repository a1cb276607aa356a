/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LINUX_KEXEC_HANDOVER_H
#define LINUX_KEXEC_HANDOVER_H

#include <linux/types.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/kho/abi/kexec_handover.h>

struct notifier_block;
struct folio;
struct page;
struct kimage;

/**
 * enum kho_event - events passed to KHO notifiers
 * @KEXEC_KHO_FINALIZE: serialize state; the data argument is the
 *	&struct kho_serialization handle
 * @KEXEC_KHO_ABORT: a finalize failed or was undone; data is NULL
 */
enum kho_event {
	KEXEC_KHO_FINALIZE = 0,
	KEXEC_KHO_ABORT = 1,
};

struct kho_serialization;

/**
 * struct kho_blocks - a chain of serialization blocks being written
 * @first: the first block, NULL while the chain is empty
 * @last: the block new entries go to
 * @entry_size: size of one entry in bytes
 * @nr_blocks: number of blocks
 * @nr_entries: number of entries
 *
 * Set up with kho_blocks_init(), filled with kho_blocks_add(), handed over
 * as kho_blocks_phys() and freed with kho_blocks_destroy(). The wire format
 * is described in include/linux/kho/abi/kexec_handover.h.
 */
struct kho_blocks {
	struct kho_block_header_ser *first;
	struct kho_block_header_ser *last;
	size_t entry_size;
	unsigned long nr_blocks;
	unsigned long nr_entries;
};

/* Called for each entry by kho_blocks_read(). */
typedef int (*kho_blocks_entry_fn)(const void *entry, u64 index, void *arg);

#ifdef CONFIG_KEXEC_HANDOVER
bool kho_is_enabled(void);
bool is_kho_boot(void);

int register_kho_notifier(struct notifier_block *nb);
int unregister_kho_notifier(struct notifier_block *nb);

int kho_add_subtree(struct kho_serialization *ser, const char *name, void *fdt);
int kho_add_subtree_raw(struct kho_serialization *ser, const char *name,
			const void *blob, size_t size);
int kho_retrieve_subtree(const char *name, phys_addr_t *phys);
int kho_retrieve_subtree_raw(const char *name, phys_addr_t *phys,
			     size_t *size);
int kho_fdt_get_u64(const void *fdt, int node, const char *name, u64 *val);

int kho_preserve_folio(struct folio *folio);
int kho_preserve_phys(phys_addr_t phys, size_t size);
int kho_preserve_pages(struct page *page, unsigned int nr_pages);
int kho_unpreserve_folio(struct folio *folio);
struct folio *kho_restore_folio(phys_addr_t phys);
struct page *kho_restore_pages(phys_addr_t phys, unsigned int nr_pages);
int kho_unpreserve_pages(struct page *page, unsigned int nr_pages);

void *kho_alloc_preserve(size_t size);
int kho_unpreserve_free(void *mem);
void kho_restore_free(void *mem);

int kho_preserve_vmalloc(void *ptr, struct kho_vmalloc *preservation);
int kho_unpreserve_vmalloc(struct kho_vmalloc *preservation);
void *kho_restore_vmalloc(const struct kho_vmalloc *preservation);

void kho_blocks_init(struct kho_blocks *blocks, size_t entry_size);
void *kho_blocks_add(struct kho_blocks *blocks);
phys_addr_t kho_blocks_phys(const struct kho_blocks *blocks);
int kho_blocks_destroy(struct kho_blocks *blocks);
long kho_blocks_read(phys_addr_t first, size_t entry_size,
		     kho_blocks_entry_fn fn, void *arg);
int kho_blocks_restore_free(phys_addr_t first);

/* Hooks for architecture and core kernel code, not for KHO users. */
void kho_populate(phys_addr_t fdt_phys, u64 fdt_len,
		  phys_addr_t scratch_phys, u64 scratch_len);
void kho_memory_init(void);
void kho_memory_init_late(void);
void kho_kexec_prepare(struct kimage *image);
bool kho_is_preserved(phys_addr_t phys, u64 size);
#else
static inline bool kho_is_enabled(void)
{
	return false;
}

static inline bool is_kho_boot(void)
{
	return false;
}

static inline int register_kho_notifier(struct notifier_block *nb)
{
	return -EOPNOTSUPP;
}

static inline int unregister_kho_notifier(struct notifier_block *nb)
{
	return -EOPNOTSUPP;
}

static inline int kho_add_subtree(struct kho_serialization *ser,
				  const char *name, void *fdt)
{
	return -EOPNOTSUPP;
}

static inline int kho_add_subtree_raw(struct kho_serialization *ser,
				      const char *name, const void *blob,
				      size_t size)
{
	return -EOPNOTSUPP;
}

static inline int kho_retrieve_subtree(const char *name, phys_addr_t *phys)
{
	return -EOPNOTSUPP;
}

static inline int kho_retrieve_subtree_raw(const char *name,
					   phys_addr_t *phys, size_t *size)
{
	return -EOPNOTSUPP;
}

static inline int kho_fdt_get_u64(const void *fdt, int node,
				  const char *name, u64 *val)
{
	return -EOPNOTSUPP;
}

static inline int kho_preserve_folio(struct folio *folio)
{
	return -EOPNOTSUPP;
}

static inline int kho_preserve_phys(phys_addr_t phys, size_t size)
{
	return -EOPNOTSUPP;
}

static inline int kho_preserve_pages(struct page *page, unsigned int nr_pages)
{
	return -EOPNOTSUPP;
}

static inline int kho_unpreserve_folio(struct folio *folio)
{
	return -EOPNOTSUPP;
}

static inline struct folio *kho_restore_folio(phys_addr_t phys)
{
	return NULL;
}

static inline struct page *kho_restore_pages(phys_addr_t phys,
					     unsigned int nr_pages)
{
	return NULL;
}

static inline int kho_unpreserve_pages(struct page *page,
				       unsigned int nr_pages)
{
	return -EOPNOTSUPP;
}

static inline void *kho_alloc_preserve(size_t size)
{
	return ERR_PTR(-EOPNOTSUPP);
}

static inline int kho_unpreserve_free(void *mem)
{
	return -EOPNOTSUPP;
}

static inline void kho_restore_free(void *mem)
{
}

static inline int kho_preserve_vmalloc(void *ptr,
				       struct kho_vmalloc *preservation)
{
	return -EOPNOTSUPP;
}

static inline int kho_unpreserve_vmalloc(struct kho_vmalloc *preservation)
{
	return -EOPNOTSUPP;
}

static inline void *kho_restore_vmalloc(const struct kho_vmalloc *preservation)
{
	return NULL;
}

static inline void kho_blocks_init(struct kho_blocks *blocks,
				   size_t entry_size)
{
}

static inline void *kho_blocks_add(struct kho_blocks *blocks)
{
	return ERR_PTR(-EOPNOTSUPP);
}

static inline phys_addr_t kho_blocks_phys(const struct kho_blocks *blocks)
{
	return 0;
}

static inline int kho_blocks_destroy(struct kho_blocks *blocks)
{
	return -EOPNOTSUPP;
}

static inline long kho_blocks_read(phys_addr_t first, size_t entry_size,
				   kho_blocks_entry_fn fn, void *arg)
{
	return -EOPNOTSUPP;
}

static inline int kho_blocks_restore_free(phys_addr_t first)
{
	return -EOPNOTSUPP;
}

static inline void kho_populate(phys_addr_t fdt_phys, u64 fdt_len,
				phys_addr_t scratch_phys, u64 scratch_len)
{
}

static inline void kho_memory_init(void)
{
}

static inline void kho_memory_init_late(void)
{
}

static inline void kho_kexec_prepare(struct kimage *image)
{
}

static inline bool kho_is_preserved(phys_addr_t phys, u64 size)
{
	return false;
}
#endif /* CONFIG_KEXEC_HANDOVER */

#endif /* LINUX_KEXEC_HANDOVER_H */
