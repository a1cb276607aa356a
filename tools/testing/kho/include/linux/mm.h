/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim: pages and folios, enough for the simulated files to compile.
 * The simulator never restores pages: these abort if they are reached.
 */
#ifndef KHO_SHIM_LINUX_MM_H
#define KHO_SHIM_LINUX_MM_H
#include <stdlib.h>
#include <asm/page.h>
#include <linux/align.h>
#include <linux/gfp.h>
#include <linux/types.h>

#define MAX_PAGE_ORDER		10
#define ALIGN_DOWN(x, a)	((x) & ~((__typeof__(x))(a) - 1))
#define PAGE_ALIGN(x)		ALIGN(x, PAGE_SIZE)
#define PAGE_ALIGNED(x)		IS_ALIGNED((unsigned long)(x), PAGE_SIZE)
#define PHYS_PFN(x)		((unsigned long)((x) >> PAGE_SHIFT))
#define PFN_PHYS(x)		((phys_addr_t)(x) << PAGE_SHIFT)

struct page { unsigned long flags; };
struct folio { struct page page; };

static inline struct page *pfn_to_page(unsigned long pfn) { abort(); }
static inline bool PageReserved(struct page *page) { abort(); }
static inline void __ClearPageReserved(struct page *page) { abort(); }
static inline void set_page_count(struct page *page, int v) { abort(); }
static inline void prep_compound_page(struct page *page, unsigned int o)
{
	abort();
}
static inline struct folio *page_folio(struct page *page) { abort(); }
static inline void adjust_managed_page_count(struct page *page, long n)
{
	abort();
}
static inline struct folio *folio_alloc(gfp_t gfp, unsigned int order)
{
	return NULL;
}
static inline void *folio_address(const struct folio *folio) { abort(); }
static inline size_t folio_size(const struct folio *folio) { abort(); }
#endif
