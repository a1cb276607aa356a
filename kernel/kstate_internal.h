/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KERNEL_KSTATE_INTERNAL_H
#define KERNEL_KSTATE_INTERNAL_H

#include <linux/kstate.h>
#include <linux/types.h>

/*
 * The serializer of kernel/kstate.c, shared with its KUnit tests
 * (kernel/kstate_test.c): objects to FDT nodes and back, with the memory of
 * FOLIO and PAGE fields going through kstate_mem_ops so that the tests can
 * run without a kexec.
 */

/**
 * struct kstate_mem - memory of a FOLIO or PAGE field, saved or restored
 * @folio: the folio (FOLIO), or NULL
 * @page: the first page (PAGE), or NULL
 * @order: its order
 */
struct kstate_mem {
	struct folio *folio;
	struct page *page;
	unsigned int order;
};

/**
 * struct kstate_mem_ops - how a restore gets memory back
 * @restore_folio: the folio preserved at @phys, with a reference, or NULL
 * @restore_pages: the @nr pages preserved at @phys, or NULL
 */
struct kstate_mem_ops {
	struct folio *(*restore_folio)(phys_addr_t phys);
	struct page *(*restore_pages)(phys_addr_t phys, unsigned int nr);
};

/**
 * struct kstate_ctx - one save or restore
 * @ops: restore: how to get memory back
 * @mem: save: the memory to preserve; restore: the memory restored
 * @nr_mem: entries used in @mem
 * @cap_mem: entries allocated in @mem
 * @buf: save: %KSTATE_CUSTOM_MAX bytes for custom fields
 */
struct kstate_ctx {
	const struct kstate_mem_ops *ops;
	struct kstate_mem *mem;
	unsigned int nr_mem;
	unsigned int cap_mem;
	void *buf;
};

int kstate_check_desc(const struct kstate_description *desc);
int kstate_write_begin(void *fdt, size_t size);
int kstate_write_object(void *fdt, struct kstate_ctx *ctx,
			const struct kstate_description *desc, const void *obj,
			u32 instance_id);
int kstate_write_end(void *fdt);
int kstate_check_fdt(const void *fdt, size_t size);
int kstate_find_object(const void *fdt, u32 id, u32 instance_id);
int kstate_read_object(const void *fdt, int node, struct kstate_ctx *ctx,
		       const struct kstate_description *desc, void *obj,
		       u32 instance_id);
void kstate_ctx_release(struct kstate_ctx *ctx);

#endif /* KERNEL_KSTATE_INTERNAL_H */
