// SPDX-License-Identifier: GPL-2.0
/*
 * Host shim runtime: fake physical memory for get_zeroed_page() and the
 * linear map, and printk capture. Single threaded.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <asm/page.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/printk.h>

#include "kho_shim.h"

#if defined(__SANITIZE_ADDRESS__)
#define KHO_SHIM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KHO_SHIM_ASAN 1
#endif
#endif

#ifdef KHO_SHIM_ASAN
#include <sanitizer/asan_interface.h>
#endif

/* Freed pages are poisoned so that ASan catches a use after free_page(). */
static void poison(void *p, size_t n)
{
#ifdef KHO_SHIM_ASAN
	ASAN_POISON_MEMORY_REGION(p, n);
#endif
}

static void unpoison(void *p, size_t n)
{
#ifdef KHO_SHIM_ASAN
	ASAN_UNPOISON_MEMORY_REGION(p, n);
#endif
}

#define NR_PAGES	(KHO_SHIM_ARENA_SIZE / PAGE_SIZE)

static unsigned char *arena;
static unsigned char *allocated;	/* one byte per page */
static unsigned int *free_stack;	/* freed page numbers, reused LIFO */
static unsigned long nr_free, bump, in_use;
static long fail_after = -1;

int kho_shim_quiet;
void (*kho_shim_log_hook)(const char *level, const char *msg);
unsigned long kho_shim_msg_count;
char kho_shim_last_msg[512];

static __noreturn void shim_die(const char *what, unsigned long long val)
{
	fprintf(stderr, "kho shim: %s %#llx\n", what, val);
	abort();
}

static void arena_init(void)
{
	if (arena)
		return;
	arena = mmap(NULL, KHO_SHIM_ARENA_SIZE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	allocated = calloc(NR_PAGES, 1);
	free_stack = calloc(NR_PAGES, sizeof(*free_stack));
	if (arena == MAP_FAILED || !allocated || !free_stack)
		shim_die("cannot reserve the arena", 0);
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	unsigned long pfn;
	void *page;

	(void)gfp;
	arena_init();
	if (fail_after == 0)
		return 0;
	if (fail_after > 0)
		fail_after--;
	if (nr_free)
		pfn = free_stack[--nr_free];
	else if (bump < NR_PAGES)
		pfn = bump++;
	else
		return 0;
	page = arena + pfn * PAGE_SIZE;
	unpoison(page, PAGE_SIZE);
	memset(page, 0, PAGE_SIZE);
	allocated[pfn] = 1;
	in_use++;
	return (unsigned long)page;
}

static unsigned long arena_pfn(const void *virt)
{
	const unsigned char *p = (const unsigned char *)virt;

	if (!arena || p < arena || p >= arena + KHO_SHIM_ARENA_SIZE)
		shim_die("address outside the arena", (unsigned long)virt);
	return (p - arena) / PAGE_SIZE;
}

void free_page(unsigned long addr)
{
	unsigned long pfn;

	if (!addr)
		return;
	pfn = arena_pfn((void *)addr);
	if (addr % PAGE_SIZE || !allocated[pfn])
		shim_die("freeing a page that is not allocated:", addr);
	allocated[pfn] = 0;
	in_use--;
	free_stack[nr_free++] = pfn;
	poison((void *)addr, PAGE_SIZE);
}

phys_addr_t virt_to_phys(const void *virt)
{
	arena_pfn(virt);	/* dies unless @virt is in the arena */
	return KHO_SHIM_PHYS_BASE + ((const unsigned char *)virt - arena);
}

void *kho_shim_map(phys_addr_t phys)
{
	unsigned long pfn;

	if (!arena || phys < KHO_SHIM_PHYS_BASE ||
	    phys - KHO_SHIM_PHYS_BASE >= KHO_SHIM_ARENA_SIZE)
		return NULL;
	pfn = (phys - KHO_SHIM_PHYS_BASE) / PAGE_SIZE;
	if (!allocated[pfn])
		return NULL;
	return arena + (phys - KHO_SHIM_PHYS_BASE);
}

void *(*kho_shim_phys_hook)(phys_addr_t phys);

void *phys_to_virt(phys_addr_t phys)
{
	void *virt = kho_shim_map(phys);

	/* Memory outside the arena: the simulated machine's, if any. */
	if (!virt && kho_shim_phys_hook)
		virt = kho_shim_phys_hook(phys);

	/* The kernel code only translates pointers to its own live nodes. */
	if (!virt)
		shim_die("translating a page that is not allocated:", phys);
	return virt;
}

unsigned long kho_shim_pages_in_use(void)
{
	return in_use;
}

void kho_shim_fail_alloc_after(long n)
{
	fail_after = n;
}

void kho_shim_printk(const char *level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(kho_shim_last_msg, sizeof(kho_shim_last_msg), fmt, ap);
	va_end(ap);
	kho_shim_msg_count++;
	if (kho_shim_log_hook)
		kho_shim_log_hook(level, kho_shim_last_msg);
	else if (!kho_shim_quiet)
		fprintf(stderr, "# [%s] %s", level, kho_shim_last_msg);
}

void kho_shim_bug(const char *who, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", who);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	abort();
}
