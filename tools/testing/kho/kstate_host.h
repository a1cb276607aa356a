/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KSTATE on the host (kstate_host.c, sim_kstate.c): kernel/kstate.c with a
 * model of the memory of FOLIO and PAGE fields, the test descriptions, and
 * one run of the reader on an input, for the tests and fuzz_kstate.
 *
 * A fuzz_kstate input is what a kernel hands over to the next one:
 *
 *   u8 fdt[]                       the kstate FDT; its header's totalsize
 *                                  bytes (all the input if it says more)
 *   struct kstate_mem_ser mem[]    to the end of the input: the memory
 *                                  preserved, a folio of 1 << order pages
 *                                  or, with KSTATE_MEM_PAGES, as many
 *                                  order-0 pages (records that do not fit
 *                                  the model are ignored)
 */
#ifndef KSTATE_HOST_H
#define KSTATE_HOST_H

#include <linux/kconfig.h>
#include <linux/types.h>
#include <linux/kstate.h>

#include "kstate_internal.h"

/* The model's memory: KH_MEM_PAGES pages from KH_MEM_BASE. */
#define KH_MEM_BASE	0x40000000ULL
#define KH_MEM_PAGES	4096

/* Forget all memory (a new boot). */
void kstate_host_mem_reset(void);
/* Memory in use by its owner: allocated or restored, not freed. */
unsigned long kstate_host_mem_live(void);
/* Memory preserved and not restored yet. */
unsigned long kstate_host_mem_preserved(void);
/* Allocate a folio or @order's pages for a test object; NULL when full. */
struct folio *kstate_host_alloc_folio(unsigned int order);
struct page *kstate_host_alloc_pages(unsigned int order);
/* Mark free memory preserved for the next boot; 0 or -EINVAL. */
int kstate_host_preserve(u64 phys, unsigned int order, bool pages);
/* A kexec: only the memory in @ctx (a save) stays, preserved. */
void kstate_host_handover(const struct kstate_ctx *ctx);
/* The restore functions kstate.c calls instead of KHO's (sim_kstate.c). */
struct folio *kstate_host_restore_folio(phys_addr_t phys);
struct page *kstate_host_restore_pages(phys_addr_t phys, unsigned int nr);
extern const struct kstate_mem_ops kstate_host_ops;

/* sim_kstate.c: the incoming kstate FDT, and a reset of kstate.c. */
void kstate_host_set_incoming(const void *fdt);
void kstate_host_reset(void);

/* The test object: every field kind. */
struct kh_inner {
	u32 a;
	u16 b;
};

#define KH_ARR	4
#define KH_PAGE_ORDER	1

struct kh_obj {
	u8 u8v;
	u16 u16v;
	u32 u32v;
	u64 u64v;
	s64 s64v;
	int i;
	bool flag;
	char label[10];
	unsigned long *ptr;
	struct kh_inner inner;
	u64 *arr[KH_ARR];
	unsigned int nr_arr;
	u32 custom;
	struct folio *folio;
	struct page *pages;		/* KH_PAGE_ORDER */
	u32 added;			/* from version 2 */
	u32 old;			/* up to version 1 */
	struct folio *old_folio;	/* up to version 1 */
	u64 extra;			/* subsection "extra" */
	struct kh_inner extra_inner;	/* subsection "extra" */
};

/* An object and what its pointers point to. */
struct kh_env {
	struct kh_obj obj;
	unsigned long ptr_val;
	u64 arr_val[KH_ARR];
};

#define KH_ID		0x4b48
/*
 * kh_v1: version 1 (old and old_folio written, no subsection); kh_v2:
 * version 2, reads 1 and 2 (added since 2, old and old_folio deprecated,
 * subsection "extra"); kh_v2_only: kh_v2 that reads only 2; kh_v3: version
 * 3 of kh_v2's fields; kh_v2_future: kh_v2 with a subsection "future"
 * kh_v2 does not know; kh_v2_alias: kh_v2 with a subsection named "extra"
 * of another id.
 */
extern const struct kstate_description kh_v1, kh_v2, kh_v2_only, kh_v3,
	kh_v2_future, kh_v2_alias;

/* Fill an object from @seed, pointers set, no memory. */
void kh_env_init(struct kh_env *env, u32 seed);
/*
 * Instance 3 has a NULL pointer and one pointer less in its array, saved
 * and restored: a pointee saved for it is refused.
 */
void kh_env_short(struct kh_env *env, u32 inst);
/* Give it a folio (order 2), pages and, if @old, an old_folio. */
bool kh_env_alloc(struct kh_env *env, bool old);
/* Free the memory the object holds. */
void kh_env_free(struct kh_env *env);
/* Fields of kh_env_diff() that a restore may leave alone. */
#define KH_ADDED	0x1	/* added */
#define KH_OLD		0x2	/* old and old_folio */
#define KH_EXTRA	0x4	/* extra and extra_inner */
/*
 * Whether @b is restored from @a: the fields read are equal to @a's (the
 * optional ones if in @which), the others are as in @was. NULL, or the name
 * of the first field that is not.
 */
const char *kh_env_diff(const struct kh_env *a, const struct kh_env *b,
			const struct kh_env *was, unsigned int which);

/*
 * Save @n objects of @desc, instances @inst[], into @fdt of @size bytes;
 * the memory to preserve is added to @ctx (released by the caller).
 */
int kh_save(void *fdt, size_t size, struct kstate_ctx *ctx,
	    const struct kstate_description *desc, struct kh_env *env,
	    const u32 *inst, unsigned int n);
/* A fuzz_kstate input of @fdt and the memory of @ctx (malloc()ed). */
u8 *kh_input(const void *fdt, const struct kstate_ctx *ctx, size_t *size);

/*
 * One fuzz_kstate input: two next kernels (kh_v2 and kh_v1) register
 * instances 0-3 and one more time instance 0. Aborts when kstate.c breaks
 * a rule: one message per object not restored, nothing of it changed, no
 * memory leaked or freed twice. Returns the number of objects restored.
 */
unsigned int kstate_host_run(const u8 *data, size_t size);

#endif
