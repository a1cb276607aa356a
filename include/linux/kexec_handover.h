/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LINUX_KEXEC_HANDOVER_H
#define LINUX_KEXEC_HANDOVER_H

#include <linux/types.h>
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

/* Hooks for architecture and core kernel code, not for KHO users. */
void kho_populate(phys_addr_t fdt_phys, u64 fdt_len,
		  phys_addr_t scratch_phys, u64 scratch_len);
void kho_memory_init(void);
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

static inline void kho_populate(phys_addr_t fdt_phys, u64 fdt_len,
				phys_addr_t scratch_phys, u64 scratch_len)
{
}

static inline void kho_memory_init(void)
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
