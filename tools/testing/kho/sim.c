// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated machine of kho_sim.h: physical memory, memblock, early
 * mappings, the KHO mode and the kernel functions the simulated files call
 * but that belong to files not simulated. Then a boot: kho_populate(),
 * reserve_mem revival, kho_in_memory_init(), kho_in_init(), with checks of
 * what the kernel code accepted against the layout.
 */
#include <linux/kconfig.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <libfdt.h>

#include <asm/early_ioremap.h>
#include <asm/page.h>
#include <linux/errno.h>
#include <linux/io.h>
#include <linux/kexec_handover.h>
#include <linux/kho/abi/kexec_handover.h>
#include <linux/kho/abi/luo.h>
#include <linux/kho/abi/memfd.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/printk.h>

#include "kexec_handover_internal.h"
#include "kexec_handover_fdt.h"
#include "kho_shim.h"
#include "kho_sim.h"

#if defined(__clang__)
#define __no_fuzz_trace	__attribute__((no_sanitize("coverage")))
#else
#define __no_fuzz_trace
#endif

const char * const kho_sim_req_names[KHO_SIM_NR_REQ] = {
	"khotest", "oops", "trace", "pstore",
};

static u8 *sim;			/* [0, KHO_SIM_PHYS_SIZE) */
static struct page *sim_pages;	/* one per page of sim */
static struct { u64 start, end; } *reserved;	/* pfns, to clear */
static size_t nr_reserved, cap_reserved;
#define SIM_NR_PAGES	(KHO_SIM_PHYS_SIZE / PAGE_SIZE)
/*
 * memblock_phys_alloc_range() hands out pages of an arena right above the
 * simulated physical memory, out of reach of the fuzzer's layout: in the
 * kernel they come from scratch, which the check of the map keeps apart
 * from everything the handover describes.
 */
#define SIM_ARENA_SIZE	(64ULL << 20)
static u64 arena_used;
static u64 *dirty;		/* pages written by kho_sim_load() */
static size_t nr_dirty, cap_dirty;
static size_t nr_touched;	/* pages zeroed since the last madvise() */
#define SIM_MAX_TOUCHED	16384	/* 64 MiB */
static int early_maps;

bool kho_sim_kdump;
struct memblock_region kho_sim_mem[KHO_SIM_NR_RAM];
unsigned int kho_sim_nr_mem;

#define sim_bug(...)	kho_shim_bug("kho sim", __VA_ARGS__)

/*
 * The kernel code only translates addresses of RAM it maps. Called for
 * every node a walk maps: not traced for the fuzzer, whose comparisons
 * with the RAM layout are those of memblock_is_region_memory().
 */

static __no_fuzz_trace void *sim_phys_to_virt(phys_addr_t phys)
{
	unsigned int i;

	if (phys >= KHO_SIM_PHYS_SIZE && phys < KHO_SIM_PHYS_SIZE + arena_used)
		return sim + phys;

	for (i = 0; i < kho_sim_nr_mem; i++) {
		const struct memblock_region *r = &kho_sim_mem[i];

		if (phys >= r->base && phys < r->base + r->size &&
		    !(r->flags & MEMBLOCK_NOMAP))
			return sim + phys;
	}
	sim_bug("phys_to_virt(%#llx): not mapped RAM", phys);
}

static void sim_init(void)
{
	if (sim)
		return;
	sim = mmap(NULL, KHO_SIM_PHYS_SIZE + SIM_ARENA_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	sim_pages = mmap(NULL, SIM_NR_PAGES * sizeof(*sim_pages),
			 PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (sim == MAP_FAILED || sim_pages == MAP_FAILED)
		sim_bug("cannot reserve %llu bytes", KHO_SIM_PHYS_SIZE);
	kho_shim_phys_hook = sim_phys_to_virt;
}

struct page *kho_sim_pfn_to_page(unsigned long pfn)
{
	if (pfn >= SIM_NR_PAGES)
		sim_bug("pfn_to_page(%#lx): outside the machine", pfn);
	return &sim_pages[pfn];
}

bool kho_sim_pfn_valid(unsigned long pfn)
{
	return pfn < SIM_NR_PAGES;
}

void *kho_sim_mem_at(u64 phys, u64 size)
{
	if (phys >= KHO_SIM_PHYS_SIZE || size > KHO_SIM_PHYS_SIZE - phys)
		return NULL;
	return sim + phys;
}

size_t kho_sim_pages(const u64 **pages)
{
	*pages = dirty;
	return nr_dirty;
}

/* Copy @len bytes to @phys (zeros if @src is NULL), as far as sim goes. */
static void sim_write(u64 phys, const void *src, size_t len)
{
	u64 page;

	if (phys >= KHO_SIM_PHYS_SIZE || !len)
		return;
	if (len > KHO_SIM_PHYS_SIZE - phys)
		len = KHO_SIM_PHYS_SIZE - phys;
	if (src)
		memcpy(sim + phys, src, len);
	else
		memset(sim + phys, 0, len);
	for (page = phys & PAGE_MASK; page < phys + len; page += PAGE_SIZE) {
		if (nr_dirty && dirty[nr_dirty - 1] == page)
			continue;
		if (nr_dirty == cap_dirty) {
			cap_dirty = cap_dirty ? cap_dirty * 2 : 256;
			dirty = realloc(dirty, cap_dirty * sizeof(*dirty));
			if (!dirty)
				sim_bug("out of memory");
		}
		dirty[nr_dirty++] = page;
	}
}

static int cmp_region(const void *a, const void *b)
{
	const struct memblock_region *x = a, *y = b;

	return x->base < y->base ? -1 : x->base > y->base;
}

/* memblock.memory: sorted, not overlapping, page aligned, in sim. */
static void sim_set_ram(const struct kho_sim_hdr *hdr)
{
	struct memblock_region r[KHO_SIM_NR_RAM];
	unsigned int i, n = 0;

	for (i = 0; i < KHO_SIM_NR_RAM; i++) {
		u64 base = hdr->ram[i].base & (KHO_SIM_PHYS_SIZE - 1) &
			   PAGE_MASK;
		u64 size = hdr->ram[i].size & PAGE_MASK;

		if (size > KHO_SIM_PHYS_SIZE - base)
			size = KHO_SIM_PHYS_SIZE - base;
		if (!size)
			continue;
		r[n].base = base;
		r[n].size = size;
		r[n].flags = hdr->ram[i].nomap & 1 ? MEMBLOCK_NOMAP : 0;
		n++;
	}
	qsort(r, n, sizeof(r[0]), cmp_region);
	kho_sim_nr_mem = 0;
	for (i = 0; i < n; i++) {
		struct memblock_region *prev = kho_sim_nr_mem ?
			&kho_sim_mem[kho_sim_nr_mem - 1] : NULL;
		u64 end = r[i].base + r[i].size;

		if (prev && r[i].base < prev->base + prev->size) {
			/* Overlap: the earlier region keeps its part. */
			if (end <= prev->base + prev->size)
				continue;
			r[i].base = prev->base + prev->size;
			r[i].size = end - r[i].base;
		}
		if (prev && r[i].base == prev->base + prev->size &&
		    r[i].flags == prev->flags) {
			prev->size += r[i].size;
			continue;
		}
		kho_sim_mem[kho_sim_nr_mem++] = r[i];
	}
}

const struct kho_sim_hdr *kho_sim_load(const u8 *data, size_t size,
				       const u8 **fdt, size_t *nrecs)
{
	static struct kho_sim_hdr hdr;
	size_t off = sizeof(hdr), i;

	sim_init();
	if (size < sizeof(hdr))
		return NULL;
	memcpy(&hdr, data, sizeof(hdr));
	if (hdr.fdt_bytes > size - off)
		hdr.fdt_bytes = size - off;
	*fdt = data + off;
	sim_write(hdr.fdt_phys, data + off, hdr.fdt_bytes);
	off += hdr.fdt_bytes;
	sim_write(hdr.scratch_phys, hdr.scratch, sizeof(hdr.scratch));
	for (i = 0; size - off >= 8; i++) {
		size_t n, at = 0, got;
		u64 w, phys;
		u16 o = 0;

		memcpy(&w, data + off, 8);
		off += 8;
		phys = w & PAGE_MASK;
		n = w & ~PAGE_MASK;
		if (!n) {
			n = PAGE_SIZE;		/* a whole page */
		} else {			/* a chunk at an offset */
			got = size - off < 2 ? size - off : 2;
			memcpy(&o, data + off, got);
			off += got;
			at = o & ~PAGE_MASK;
			if (n > PAGE_SIZE - at)
				n = PAGE_SIZE - at;
		}
		got = size - off < n ? size - off : n;
		if (phys >= KHO_SIM_PHYS_SIZE) {
			off += got;
			continue;
		}
		sim_write(phys + at, data + off, got);
		sim_write(phys + at + got, NULL, n - got);
		off += got;
	}
	*nrecs = i;
	sim_set_ram(&hdr);
	kho_sim_kdump = hdr.flags & KHO_SIM_KDUMP;
	return &hdr;
}

void kho_sim_unload(void)
{
	size_t i;

	for (i = 0; i < nr_dirty; i++)
		memset(sim + dirty[i], 0, PAGE_SIZE);
	/*
	 * Zeroed pages stay resident: give them back now and then, or a
	 * long fuzzer run that writes all over the 4 GiB fills memory.
	 */
	nr_touched += nr_dirty;
	if (nr_touched > SIM_MAX_TOUCHED) {
		if (madvise(sim, KHO_SIM_PHYS_SIZE, MADV_DONTNEED))
			sim_bug("cannot give back the simulated memory");
		nr_touched = 0;
	}
	nr_dirty = 0;
	for (i = 0; i < nr_reserved; i++)
		memset(&sim_pages[reserved[i].start], 0,
		       (reserved[i].end - reserved[i].start) *
		       sizeof(*sim_pages));
	nr_reserved = 0;
	kho_sim_nr_mem = 0;
	memset(sim + KHO_SIM_PHYS_SIZE, 0, arena_used);
	arena_used = 0;
	if (early_maps)
		sim_bug("%d early mappings left", early_maps);
}

/* ------------------------------------------------------------------ */
/* What the simulated kernel files call */

bool memblock_is_region_memory(phys_addr_t base, phys_addr_t size)
{
	unsigned int i;

	for (i = 0; i < kho_sim_nr_mem; i++) {
		const struct memblock_region *r = &kho_sim_mem[i];

		if (base >= r->base && base < r->base + r->size)
			return size <= r->base + r->size - base;
	}
	return false;
}

phys_addr_t memblock_end_of_DRAM(void)
{
	const struct memblock_region *r;

	if (!kho_sim_nr_mem)
		return 0;
	r = &kho_sim_mem[kho_sim_nr_mem - 1];
	return r->base + r->size;
}

/* Reserved pages get PG_reserved, for the restore functions. */
int memblock_reserve(phys_addr_t base, phys_addr_t size)
{
	u64 start = base >> PAGE_SHIFT, end, pfn;

	if (base >= KHO_SIM_PHYS_SIZE || !size)
		return 0;
	if (size > KHO_SIM_PHYS_SIZE - base)
		size = KHO_SIM_PHYS_SIZE - base;
	end = (base + size + PAGE_SIZE - 1) >> PAGE_SHIFT;
	for (pfn = start; pfn < end; pfn++)
		sim_pages[pfn].flags |= KHO_SIM_PG_RESERVED;
	if (nr_reserved == cap_reserved) {
		cap_reserved = cap_reserved ? cap_reserved * 2 : 256;
		reserved = realloc(reserved, cap_reserved * sizeof(*reserved));
		if (!reserved)
			sim_bug("out of memory");
	}
	reserved[nr_reserved].start = start;
	reserved[nr_reserved].end = end;
	nr_reserved++;
	return 0;
}

int memblock_mark_kho_scratch(phys_addr_t base, phys_addr_t size)
{
	return 0;
}

void memblock_set_kho_scratch_only(void)
{
}

void memblock_clear_kho_scratch_only(void)
{
}

int memblock_clear_kho_scratch(phys_addr_t base, phys_addr_t size)
{
	return 0;
}

/* What the kernel's version refuses: unsorted, overlapping, empty ranges. */
int memblock_reserve_sorted(const struct memblock_region *ranges,
			    unsigned long cnt)
{
	unsigned long i;

	for (i = 0; i < cnt; i++) {
		if (!ranges[i].size || ranges[i].base + ranges[i].size < ranges[i].base)
			sim_bug("memblock_reserve_sorted: range %lu is empty or wraps", i);
		if (i && ranges[i].base < ranges[i - 1].base + ranges[i - 1].size)
			sim_bug("memblock_reserve_sorted: range %lu is not sorted", i);
		memblock_reserve(ranges[i].base, ranges[i].size);
	}
	return 0;
}

phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end)
{
	phys_addr_t phys;

	size = (size + PAGE_SIZE - 1) & PAGE_MASK;
	if (size > SIM_ARENA_SIZE - arena_used)
		return 0;
	phys = KHO_SIM_PHYS_SIZE + arena_used;
	arena_used += size;
	return phys;
}

/* Arena pages are not reused; memory of the machine is unreserved. */
void memblock_phys_free(phys_addr_t base, phys_addr_t size)
{
	u64 pfn;

	if (base >= KHO_SIM_PHYS_SIZE || size > KHO_SIM_PHYS_SIZE - base)
		return;
	for (pfn = base >> PAGE_SHIFT; pfn < (base + size) >> PAGE_SHIFT; pfn++)
		sim_pages[pfn].flags &= ~KHO_SIM_PG_RESERVED;
}

void *memblock_alloc(phys_addr_t size, phys_addr_t align)
{
	return calloc(1, size);
}

void memblock_free(void *ptr, size_t size)
{
	free(ptr);
}

/* The list of blocks lives in the arena: nothing to give back. */
void memblock_free_late(phys_addr_t base, phys_addr_t size)
{
	if (base < KHO_SIM_PHYS_SIZE)
		sim_bug("memblock_free_late(%#llx): not from the arena", base);
}

/* At most FIX_BTMAPS_SLOTS (8) early mappings at a time. */
void *early_memremap(phys_addr_t phys, unsigned long size)
{
	void *virt = phys >= KHO_SIM_PHYS_SIZE &&
		     phys + size <= KHO_SIM_PHYS_SIZE + arena_used ?
		     sim + phys : kho_sim_mem_at(phys, size);

	if (!virt || !size)
		return NULL;
	if (++early_maps > 8)
		sim_bug("more than 8 early mappings");
	return virt;
}

void early_memunmap(void *addr, unsigned long size)
{
	if (early_maps-- <= 0)
		sim_bug("early_memunmap without a mapping");
}

static enum kho_mode sim_mode;
static bool sim_kho_off;

enum kho_mode kho_get_mode(void)
{
	return sim_mode;
}

bool kho_handover_allowed(void)
{
	return !sim_kho_off;
}

void kho_set_inherited(void)
{
	sim_mode = KHO_MODE_INHERITED;
}

void kho_disable(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pr_err("%s; KHO stays off\n", buf);
	sim_mode = KHO_MODE_OFF;
}

bool kho_is_enabled(void)
{
	return sim_mode != KHO_MODE_OFF;
}

bool is_kho_boot(void)
{
	return sim_mode == KHO_MODE_INHERITED;
}

void kho_scratch_inherit(struct kho_scratch *areas, unsigned int cnt)
{
}

int kho_preserve_phys(phys_addr_t phys, size_t size)
{
	return -EINVAL;
}

int kho_preserve_folio(struct folio *folio)
{
	return -EINVAL;
}

int kho_preserve_pages(struct page *page, unsigned int nr_pages)
{
	return -EINVAL;
}

int kho_unpreserve_folio(struct folio *folio)
{
	return -EINVAL;
}

int kho_add_subtree(struct kho_serialization *ser, const char *name,
		    void *fdt)
{
	return -EINVAL;
}

int register_kho_notifier(struct notifier_block *nb)
{
	return 0;
}

int reserve_mem_for_each(int (*fn)(const char *name, phys_addr_t start,
				   phys_addr_t size, void *arg), void *arg)
{
	return 0;
}

/* ------------------------------------------------------------------ */
/* The boot and its checks */

struct sim_blocks {
	struct { u64 start, end; } *b;
	size_t n, cap;
};

static const void *blk_map(phys_addr_t phys, void *arg)
{
	return kho_sim_mem_at(phys, PAGE_SIZE);
}

static bool blk_valid(phys_addr_t phys, u64 size, void *arg)
{
	return size && phys + size > phys && memblock_is_region_memory(phys, size);
}

static int blk_block(phys_addr_t phys, unsigned int order, void *arg)
{
	struct sim_blocks *s = arg;

	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->b = realloc(s->b, s->cap * sizeof(*s->b));
		if (!s->b)
			sim_bug("out of memory");
	}
	s->b[s->n].start = phys;
	s->b[s->n].end = phys + (PAGE_SIZE << order);
	s->n++;
	return 0;
}

static int cmp_blk(const void *a, const void *b)
{
	const u64 *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

/* Whether the preserved blocks cover [start, end), page-wise. */
static bool blk_covered(struct sim_blocks *s, u64 start, u64 end)
{
	u64 at = start & PAGE_MASK;
	size_t i;

	for (i = 0; i < s->n && at < end; i++) {
		if (s->b[i].start > at)
			return false;
		if (s->b[i].end > at)
			at = s->b[i].end;
	}
	return at >= end;
}

/*
 * What the kernel let through must be usable memory: RAM (not NOMAP),
 * outside scratch and the first MiB, covered by preserved blocks, and
 * readable. Anything else is a bug of the kernel code under test.
 */
static void check_range(const char *what, const char *name, u64 phys,
			u64 size, const struct kho_sim_hdr *hdr,
			const struct kho_scratch *scratch, unsigned int nr,
			struct sim_blocks *blocks)
{
	const volatile u8 *p;
	unsigned int i;
	u64 sum = 0;

	if (!size || phys + size < phys || !memblock_is_region_memory(phys, size))
		sim_bug("%s '%s' [%#llx + %#llx] accepted but not RAM",
			what, name, phys, size);
	for (i = 0; i < kho_sim_nr_mem; i++)
		if ((kho_sim_mem[i].flags & MEMBLOCK_NOMAP) &&
		    phys < kho_sim_mem[i].base + kho_sim_mem[i].size &&
		    kho_sim_mem[i].base < phys + size)
			sim_bug("%s '%s' at %#llx accepted in NOMAP memory",
				what, name, phys);
	for (i = 0; i < nr; i++)
		if (scratch[i].size && phys < scratch[i].addr + scratch[i].size &&
		    scratch[i].addr < phys + size)
			sim_bug("%s '%s' at %#llx accepted in scratch area %u",
				what, name, phys, i);
	if (phys < 0x100000)
		sim_bug("%s '%s' at %#llx accepted in the first MiB", what,
			name, phys);
	if (!blk_covered(blocks, phys, phys + size))
		sim_bug("%s '%s' at %#llx+%#llx accepted but not preserved",
			what, name, phys, size);
	for (p = sim + phys; p < sim + phys + size; p += PAGE_SIZE / 4)
		sum += *p;
	(void)sum;
}

/* Whether a page of [@base, @base + @size) was reserved, from PG_reserved. */
bool memblock_is_region_reserved(phys_addr_t base, phys_addr_t size)
{
	u64 pfn, end;

	if (!size || base >= KHO_SIM_PHYS_SIZE)
		return false;
	if (size > KHO_SIM_PHYS_SIZE - base)
		size = KHO_SIM_PHYS_SIZE - base;
	end = (base + size + PAGE_SIZE - 1) >> PAGE_SHIFT;
	for (pfn = base >> PAGE_SHIFT; pfn < end; pfn++)
		if (sim_pages[pfn].flags & KHO_SIM_PG_RESERVED)
			return true;
	return false;
}

/*
 * Take preserved blocks back as their owners would: each one comes back
 * once, as a folio or as pages, its pages no longer reserved, and not a
 * second time; a map node is not preserved memory.
 */
static unsigned int sim_restore(const struct sim_blocks *s,
				phys_addr_t map_root)
{
	size_t i, tried = 0;

	for (i = 0; i < s->n && tried < 32; i++) {
		u64 start = s->b[i].start, end = s->b[i].end, p;
		u64 pages = (end - start) >> PAGE_SHIFT;
		unsigned int order = __builtin_ctzll(pages);
		bool ok;

		if (order > MAX_PAGE_ORDER)
			continue;	/* neither API takes it back whole */
		if (tried++ & 1)
			ok = kho_restore_folio(start);
		else
			ok = kho_restore_pages(start, pages);
		if (!ok)
			sim_bug("preserved block %#llx order %u not restored",
				start, order);
		for (p = start; p < end; p += PAGE_SIZE)
			if (PageReserved(pfn_to_page(PHYS_PFN(p))))
				sim_bug("restored page %#llx still reserved", p);
		if (kho_restore_folio(start) || kho_restore_pages(start, pages))
			sim_bug("block %#llx order %u restored twice", start,
				order);
	}
	if (map_root && (kho_restore_folio(map_root) ||
			 kho_restore_pages(map_root, 1)))
		sim_bug("map node %#llx restored as preserved memory",
			(u64)map_root);
	return tried;
}

void kho_sim_boot(const struct kho_sim_hdr *hdr)
{
	kho_sim_in_reset();
	kho_sim_memblock_reset();
	sim_kho_off = hdr->flags & KHO_SIM_KHO_OFF;
	sim_mode = sim_kho_off ? KHO_MODE_OFF : KHO_MODE_COLD;
	kho_populate(hdr->fdt_phys, hdr->fdt_len, hdr->scratch_phys,
		     hdr->scratch_len);
}

static struct sim_blocks sim_blocks;

/*
 * Reading LUO state as the next kernel's users do: every range that
 * kho_in_check_preserved() lets through must be usable preserved memory
 * (check_range()), or the kernel check is wrong.
 */
static struct {
	const struct kho_sim_hdr *hdr;
	const struct kho_scratch *scratch;
	unsigned int nr_scratch;
	struct kho_sim_result *res;
} sim_luo;

static bool sim_luo_valid(phys_addr_t phys, u64 size, void *arg)
{
	if (!kho_in_check_preserved(phys, size))
		return false;
	check_range("LUO state", arg ? arg : "?", phys, size, sim_luo.hdr,
		    sim_luo.scratch, sim_luo.nr_scratch, &sim_blocks);
	return true;
}

static const void *sim_luo_map(phys_addr_t phys, void *arg)
{
	return phys_to_virt(phys);
}

static int sim_luo_file(const void *entry, u64 index, void *arg)
{
	const struct kho_vmalloc_walk_ops ops = {
		.map = sim_luo_map, .valid = sim_luo_valid,
	};
	const struct luo_file_ser *f = entry;
	struct memfd_luo_ser ser;
	struct kho_vmalloc v;

	sim_luo.res->luo_files++;
	if (strncmp(f->compatible, MEMFD_LUO_COMPATIBLE,
		    sizeof(f->compatible)) ||
	    !sim_luo_valid(f->data, sizeof(ser), "memfd_luo_ser"))
		return 0;
	memcpy(&ser, phys_to_virt(f->data), sizeof(ser));
	v = ser.folios;
	kho_vmalloc_walk(&v, &ops, "memfd folio array");
	return 0;
}

static int sim_luo_session(const void *entry, u64 index, void *arg)
{
	const struct kho_blocks_walk_ops ops = {
		.map = sim_luo_map, .valid = sim_luo_valid,
		.entry = sim_luo_file,
	};
	const struct luo_session_ser *s = entry;

	sim_luo.res->luo_sessions++;
	kho_blocks_walk(s->file_set_ser.files, sizeof(struct luo_file_ser),
			&ops, "file block");
	return 0;
}

static void sim_read_luo(const struct kho_sim_hdr *hdr,
			 const struct kho_scratch *scratch,
			 unsigned int nr_scratch, struct kho_sim_result *res)
{
	const struct kho_blocks_walk_ops ops = {
		.map = sim_luo_map, .valid = sim_luo_valid,
		.entry = sim_luo_session,
	};
	const struct luo_ser *l;
	phys_addr_t phys;
	size_t len;

	sim_luo.hdr = hdr;
	sim_luo.scratch = scratch;
	sim_luo.nr_scratch = nr_scratch;
	sim_luo.res = res;
	if (kho_retrieve_subtree_raw(LUO_KHO_NODE, &phys, &len) ||
	    len < sizeof(*l) || !sim_luo_valid(phys, sizeof(*l), "LUO blob"))
		return;
	l = phys_to_virt(phys);
	if (memcmp(l->compatible, LUO_KHO_COMPATIBLE,
		   sizeof(LUO_KHO_COMPATIBLE)))
		return;
	res->luo = true;
	kho_blocks_walk(l->sessions_pa, sizeof(struct luo_session_ser), &ops,
			"session block");
}

void kho_sim_run(const u8 *data, size_t size, struct kho_sim_result *res)
{
	struct kho_radix_walk_ops ops = {
		.map = blk_map, .valid = blk_valid, .block = blk_block,
	};
	const struct kho_sim_hdr *hdr;
	const struct kho_scratch *scratch;
	unsigned int nr_scratch, i;
	phys_addr_t map_root, phys;
	const u8 *fdt_in;
	size_t nrecs;
	void *fdt;
	int node;
	u64 len;

	memset(res, 0, sizeof(*res));
	hdr = kho_sim_load(data, size, &fdt_in, &nrecs);
	if (!hdr)
		return;
	kho_sim_boot(hdr);
	if (!is_kho_boot())
		goto out;
	res->accepted = true;

	/* Accepted: root FDT, scratch array and map are sound. */
	fdt = kho_sim_mem_at(hdr->fdt_phys, hdr->fdt_len);
	scratch = kho_sim_mem_at(hdr->scratch_phys, hdr->scratch_len);
	nr_scratch = hdr->scratch_len / sizeof(*scratch);
	if (!fdt || !scratch || kho_fdt_check_root(fdt, hdr->fdt_len, &map_root))
		sim_bug("accepted a handover whose root does not check");
	sim_blocks.n = 0;
	if (kho_radix_walk(map_root, &ops,
			   kho_radix_max_nodes(memblock_end_of_DRAM()),
			   &sim_blocks))
		sim_bug("accepted a handover whose map does not walk");
	if (sim_blocks.n)
		qsort(sim_blocks.b, sim_blocks.n, sizeof(*sim_blocks.b), cmp_blk);

	for (i = 0; i < KHO_SIM_NR_REQ; i++) {
		if (!hdr->req[i].size)
			continue;
		phys = reserve_mem_kho_revive(kho_sim_req_names[i],
					      hdr->req[i].size,
					      hdr->req[i].align);
		if (!phys)
			continue;
		res->revived++;
		check_range("revived region", kho_sim_req_names[i], phys,
			    hdr->req[i].size, hdr, scratch, nr_scratch,
			    &sim_blocks);
	}

	kho_in_memory_init();
	if (!is_kho_boot())
		goto out;
	res->kept = true;
	kho_in_memory_init_late();
	kho_in_init();
	res->kexec_count = kho_in_kexec_count();

	/* Every subtree left after vetting points at usable memory. */
	node = 0;
	while ((node = kho_fdt_next_subtree(fdt, node, (const char **)&fdt_in,
					    &phys, &len)) > 0) {
		const char *name = (const char *)fdt_in;
		phys_addr_t got;

		res->subtrees++;
		check_range("subtree", name, phys, len, hdr, scratch,
			    nr_scratch, &sim_blocks);
		if (kho_retrieve_subtree(name, &got) || got != phys)
			sim_bug("subtree '%s' cannot be retrieved", name);
	}
	if (node != -ENOENT)
		sim_bug("vetted root FDT does not parse (%d)", node);
	sim_read_luo(hdr, scratch, nr_scratch, res);
	res->restored = sim_restore(&sim_blocks, map_root);
	kho_in_retire();
out:
	kho_sim_unload();
}

/*
 * The chunk records of one page, appended to @p if not NULL: one per run
 * of non-zero bytes, runs less than 16 zero bytes apart merged. Returns
 * their size.
 */
static size_t put_chunks(u8 *p, u64 phys, const u8 *pg)
{
	size_t i = 0, j, end, len = 0;
	u64 w;
	u16 o;

	while (i < PAGE_SIZE) {
		while (i < PAGE_SIZE && !pg[i])
			i++;
		if (i == PAGE_SIZE)
			break;
		for (j = end = i; j < PAGE_SIZE && j - end < 16; j++)
			if (pg[j])
				end = j + 1;
		if (end - i == PAGE_SIZE)
			return SIZE_MAX;
		w = phys | (end - i);
		o = i;
		if (p) {
			memcpy(p + len, &w, 8);
			memcpy(p + len + 8, &o, 2);
			memcpy(p + len + 10, pg + i, end - i);
		}
		len += 10 + end - i;
		i = end;
	}
	return len;
}

/*
 * Append the records of one page to @p (if not NULL) and return their
 * size: chunks, or a whole-page record if that is smaller or if @full (a
 * page written earlier must be overwritten whole).
 */
static size_t put_page(u8 *p, u64 phys, const u8 *pg, bool full)
{
	size_t len = full ? SIZE_MAX : put_chunks(NULL, phys, pg);

	if (len < KHO_SIM_REC_SIZE)
		return p ? put_chunks(p, phys, pg) : len;
	if (p) {
		memcpy(p, &phys, 8);
		memcpy(p + 8, pg, PAGE_SIZE);
	}
	return KHO_SIM_REC_SIZE;
}

static bool put_full(const struct kho_sim_page *pages, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if ((pages[j].phys & PAGE_MASK) == (pages[i].phys & PAGE_MASK))
			return true;
	return false;
}

u8 *kho_sim_build(const struct kho_sim_hdr *hdr, const void *fdt,
		  size_t fdt_bytes, const struct kho_sim_page *pages,
		  size_t npages, size_t *size)
{
	struct kho_sim_hdr h = *hdr;
	size_t i;
	u8 *buf, *p;

	h.fdt_bytes = fdt_bytes;
	*size = sizeof(h) + fdt_bytes;
	for (i = 0; i < npages; i++)
		*size += put_page(NULL, pages[i].phys & PAGE_MASK,
				  pages[i].data, put_full(pages, i));
	buf = calloc(1, *size);
	if (!buf)
		return NULL;
	memcpy(buf, &h, sizeof(h));
	if (fdt_bytes)
		memcpy(buf + sizeof(h), fdt, fdt_bytes);
	p = buf + sizeof(h) + fdt_bytes;
	for (i = 0; i < npages; i++)
		p += put_page(p, pages[i].phys & PAGE_MASK, pages[i].data,
			      put_full(pages, i));
	return buf;
}
