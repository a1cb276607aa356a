/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim: pages and folios. The simulator (sim.c) keeps a struct page
 * for each page of its memory, with PG_reserved set by memblock_reserve(),
 * so that kho_restore_folio() and kho_restore_pages() can run; folios are
 * never allocated. The folios and pages of KSTATE's fields are another
 * model's (kstate_host.c), which gives page_to_pfn() and the frees.
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

#define KHO_SIM_PG_RESERVED	0x1UL

struct page { unsigned long flags; unsigned long private; };
struct folio { struct page page; };

#define try_cmpxchg(ptr, oldp, new) \
	__atomic_compare_exchange_n(ptr, oldp, new, false, __ATOMIC_SEQ_CST, \
				    __ATOMIC_SEQ_CST)

/* sim.c: the page of @pfn; aborts outside the simulated memory. */
struct page *kho_sim_pfn_to_page(unsigned long pfn);
/* sim.c: whether @pfn has a struct page (lies in the simulated memory). */
bool kho_sim_pfn_valid(unsigned long pfn);

static inline bool pfn_valid(unsigned long pfn)
{
	return kho_sim_pfn_valid(pfn);
}

static inline void set_page_private(struct page *page, unsigned long v)
{
	page->private = v;
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return kho_sim_pfn_to_page(pfn);
}

static inline bool PageReserved(struct page *page)
{
	return page->flags & KHO_SIM_PG_RESERVED;
}

static inline void __ClearPageReserved(struct page *page)
{
	page->flags &= ~KHO_SIM_PG_RESERVED;
}

static inline void set_page_count(struct page *page, int v) { }
static inline void prep_compound_page(struct page *page, unsigned int o) { }
static inline struct folio *page_folio(struct page *page)
{
	return (struct folio *)page;
}

/* kstate_host.c: pfn of a page of its model; aborts for any other page. */
unsigned long page_to_pfn(const struct page *page);
/* kstate_host.c: the order of a live folio; freeing aborts unless live. */
unsigned int folio_order(const struct folio *folio);
void folio_put(struct folio *folio);
void __free_page(struct page *page);

static inline unsigned long folio_pfn(const struct folio *folio)
{
	return page_to_pfn(&folio->page);
}

static inline struct page *nth_page(struct page *page, unsigned long n)
{
	return page + n;
}

static inline void adjust_managed_page_count(struct page *page, long n) { }
static inline struct folio *folio_alloc(gfp_t gfp, unsigned int order)
{
	return NULL;
}
static inline void *folio_address(const struct folio *folio) { abort(); }
static inline size_t folio_size(const struct folio *folio) { abort(); }
#endif
