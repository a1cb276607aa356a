// SPDX-License-Identifier: GPL-2.0
/*
 * test_kho: a Kexec HandOver test that spans kexecs.
 *
 * Generation 1 (a boot without a test_kho handover, with test_kho.enable=1):
 * allocate folios of random orders up to test_kho.max_mem bytes in total,
 * fill them with random bytes and preserve them with kho_preserve_folio().
 * test_kho.order=N makes every folio of order N; test_kho.pattern=sparse
 * makes order-0 folios on every other page, so that no two preserved blocks
 * touch; test_kho.check_data=0 neither fills nor checksums them (timing).
 * The time per kho_preserve_folio() and per kho_restore_folio() is printed.
 * Their address, order and CRC32 go into a record array in preserved pages
 * (kho_preserve_pages()), and a range of test_kho.range_pages pages that
 * starts at an odd page is filled and preserved with kho_preserve_phys().
 * A sub-FDT named "test_kho", itself in a preserved folio, describes all of
 * it and is added through the KHO notifier chain at finalize.
 *
 * A vmalloc area of test_kho.vmalloc_pages pages is filled with a
 * pseudo-random stream from a seed and preserved with kho_preserve_vmalloc(),
 * and a chain of serialization blocks (kho_blocks_add()) holds
 * test_kho.block_entries entries derived from the same seed.
 *
 * Generation G + 1 (a KHO boot that received generation G): restore the
 * sub-FDT, the record array, every folio and the range, check order,
 * address and checksum of each, and print one line:
 *
 *   test_kho: PASS restored N folios (X KiB) + range (P pages), generation G
 *   test_kho: FAIL generation G: ...
 *
 * then restore the vmalloc area (kho_restore_vmalloc()), compare it byte for
 * byte with the stream regenerated from the seed, read the block chain
 * (kho_blocks_read()) and free it, and print a second line:
 *
 *   test_kho: PASS vmalloc: P pages (B bytes) verified byte for byte,
 *             E block entries in N blocks, generation G    (one line)
 *   test_kho: FAIL vmalloc generation G: ...
 *
 * The restored area is freed with vfree() after an odd generation and
 * preserved again, as it is, after an even one.
 *
 * Then, if enabled, prepare generation G + 1 from it: a random half of the
 * folios is freed and replaced by new random ones, the rest and the range
 * are preserved again (the range alternately with kho_preserve_phys() and
 * kho_preserve_pages()), so a chain of kexecs checks every step.
 *
 * The sub-FDT ("kho-test-v1", all integers native-endian u64):
 *
 *   / {
 *       compatible = "kho-test-v1";
 *       generation;      // 1 for the data made on a boot without handover
 *       nr-folios;       // number of records
 *       folio-bytes;     // total size of the folios
 *       records;         // phys of the record array (preserved pages)
 *       records-pages;   // its size in pages
 *       records-crc;     // CRC32 of the nr-folios records
 *       range;           // phys of the range (preserved pages)
 *       range-pages;     // its size in pages
 *       range-crc;       // CRC32 of the range
 *       vmalloc;         // struct kho_vmalloc of the area (16 bytes)
 *       vmalloc-seed;    // seed of the area's contents
 *       blocks;          // phys of the first serialization block
 *       block-entries;   // number of entries (struct test_kho_entry)
 *   };
 *
 * Each record is a struct test_kho_record. The module only uses the public
 * KHO API. It cannot be unloaded: its memory belongs to the next kernel.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/crc32.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/kexec_handover.h>
#include <linux/ktime.h>
#include <linux/libfdt.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/notifier.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#define TEST_KHO_NODE		"test_kho"
#define TEST_KHO_COMPATIBLE	"kho-test-v1"

#define TEST_KHO_PROP_GENERATION	"generation"
#define TEST_KHO_PROP_NR_FOLIOS		"nr-folios"
#define TEST_KHO_PROP_FOLIO_BYTES	"folio-bytes"
#define TEST_KHO_PROP_RECORDS		"records"
#define TEST_KHO_PROP_RECORDS_PAGES	"records-pages"
#define TEST_KHO_PROP_RECORDS_CRC	"records-crc"
#define TEST_KHO_PROP_RANGE		"range"
#define TEST_KHO_PROP_RANGE_PAGES	"range-pages"
#define TEST_KHO_PROP_RANGE_CRC		"range-crc"
#define TEST_KHO_PROP_VMALLOC		"vmalloc"
#define TEST_KHO_PROP_VMALLOC_SEED	"vmalloc-seed"
#define TEST_KHO_PROP_BLOCKS		"blocks"
#define TEST_KHO_PROP_BLOCK_ENTRIES	"block-entries"

/* Details of at most this many bad folios are logged. */
#define TEST_KHO_MAX_REPORTS	8

/**
 * struct test_kho_record - one preserved folio, as handed over
 * @phys: physical address of the folio
 * @order: order of the folio
 * @crc: CRC32 (crc32_le, seed ~0) of the folio's contents
 */
struct test_kho_record {
	u64 phys;
	u32 order;
	u32 crc;
};

/**
 * struct test_kho_entry - one entry of the serialization block chain
 * @index: its index in the chain
 * @value: test_kho_stream(seed, index)
 * @pad: test_kho_stream(seed + 1, index), repeated
 */
struct test_kho_entry {
	u64 index;
	u64 value;
	u64 pad[6];
};

/* The record array is one run of pages, at most a maximum-order block. */
#define TEST_KHO_MAX_RECORDS \
	((PAGE_SIZE << MAX_PAGE_ORDER) / sizeof(struct test_kho_record))

static bool enable = IS_MODULE(CONFIG_TEST_KEXEC_HANDOVER);
module_param(enable, bool, 0444);
MODULE_PARM_DESC(enable, "prepare test data for the next kernel (default: on as a module, off built in)");

static unsigned long max_mem = SZ_16M;

static int test_kho_set_size(const char *val, const struct kernel_param *kp)
{
	unsigned long long size;
	char *end;

	size = memparse(val, &end);
	if (end == val || (*end && *end != '\n') || size < PAGE_SIZE) {
		pr_err("bad %s=%s: want a size of at least one page, e.g. 64M\n",
		       kp->name, val);
		return -EINVAL;
	}
	*(unsigned long *)kp->arg = size;
	return 0;
}

static const struct kernel_param_ops test_kho_size_ops = {
	.set = test_kho_set_size,
	.get = param_get_ulong,
};
module_param_cb(max_mem, &test_kho_size_ops, &max_mem, 0444);
MODULE_PARM_DESC(max_mem, "total size of the test folios (default 16M)");

static unsigned int max_order = MAX_PAGE_ORDER;
module_param(max_order, uint, 0444);
MODULE_PARM_DESC(max_order, "largest folio order to allocate (default MAX_PAGE_ORDER)");

static int order = -1;
module_param(order, int, 0444);
MODULE_PARM_DESC(order, "order of every test folio (default -1: random orders up to max_order)");

/* How the test folios lie in physical memory. */
enum test_kho_pattern {
	TEST_KHO_DENSE,		/* as the page allocator hands them out */
	TEST_KHO_SPARSE,	/* order 0, every other page: no two touch */
};

static const char * const test_kho_patterns[] = {
	[TEST_KHO_DENSE] = "dense",
	[TEST_KHO_SPARSE] = "sparse",
};

static int pattern = TEST_KHO_DENSE;

static int test_kho_set_pattern(const char *val, const struct kernel_param *kp)
{
	int i = sysfs_match_string(test_kho_patterns, val);

	if (i < 0) {
		pr_err("bad %s=%s: want dense or sparse\n", kp->name, val);
		return -EINVAL;
	}
	*(int *)kp->arg = i;
	return 0;
}

static int test_kho_get_pattern(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", test_kho_patterns[*(int *)kp->arg]);
}

static const struct kernel_param_ops test_kho_pattern_ops = {
	.set = test_kho_set_pattern,
	.get = test_kho_get_pattern,
};
module_param_cb(pattern, &test_kho_pattern_ops, &pattern, 0444);
MODULE_PARM_DESC(pattern, "dense (default) or sparse: order-0 folios on every other page");

static bool check_data = true;
module_param(check_data, bool, 0444);
MODULE_PARM_DESC(check_data, "fill new folios with random bytes and checksum restored ones (default on; off for timing)");

static bool release = true;
module_param(release, bool, 0444);
MODULE_PARM_DESC(release, "without enable: free what was restored (default on; off keeps it, as a user would)");

static unsigned int range_pages = 37;
module_param(range_pages, uint, 0444);
MODULE_PARM_DESC(range_pages, "size of the preserved page range (default 37)");

static unsigned int vmalloc_pages = 600;
module_param(vmalloc_pages, uint, 0444);
MODULE_PARM_DESC(vmalloc_pages, "size of the preserved vmalloc area in pages (default 600)");

static unsigned int block_entries = 200;
module_param(block_entries, uint, 0444);
MODULE_PARM_DESC(block_entries, "entries in the serialization block chain (default 200)");

/* One folio of the current generation and the checksum of its contents. */
struct test_kho_folio {
	struct folio *folio;
	u32 crc;
};

static struct {
	u64 generation;			/* of the data prepared in this boot */
	struct test_kho_folio *folios;	/* array of folios_cap entries */
	unsigned long folios_cap;
	unsigned long nr_folios;
	u64 folio_bytes;
	void *range;
	unsigned int range_pages;
	u32 range_crc;
	struct test_kho_record *records;
	unsigned int records_pages;
	struct folio *fdt_folio;
	bool fdt_preserved;
	void *vmalloc;			/* the vmalloc area */
	unsigned int vmalloc_pages;
	u64 vmalloc_seed;
	struct kho_vmalloc vmalloc_ser;	/* its preservation */
	struct kho_blocks blocks;	/* the block chain */
} test_kho;

/* The pseudo-random u64 number @n of the stream of @seed (splitmix64). */
static u64 test_kho_stream(u64 seed, u64 n)
{
	u64 z = seed + (n + 1) * 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Fill @nr pages at @mem with the stream of @seed. */
static void test_kho_fill_stream(void *mem, unsigned int nr, u64 seed)
{
	u64 *p = mem, i, words = (u64)nr * (PAGE_SIZE / sizeof(u64));

	for (i = 0; i < words; i++)
		p[i] = test_kho_stream(seed, i);
}

/* Number of bytes of @nr pages at @mem that differ from the stream. */
static u64 test_kho_check_stream(const void *mem, unsigned int nr, u64 seed)
{
	const u64 *p = mem;
	u64 i, bad = 0, words = (u64)nr * (PAGE_SIZE / sizeof(u64));

	for (i = 0; i < words; i++) {
		u64 diff = p[i] ^ test_kho_stream(seed, i);
		unsigned int b;

		for (b = 0; diff && b < sizeof(diff); b++, diff >>= 8)
			bad += !!(diff & 0xff);
	}
	return bad;
}

static void test_kho_fill_entry(struct test_kho_entry *e, u64 seed, u64 i)
{
	unsigned int j;

	e->index = i;
	e->value = test_kho_stream(seed, i);
	for (j = 0; j < ARRAY_SIZE(e->pad); j++)
		e->pad[j] = test_kho_stream(seed + 1, i);
}

static u32 test_kho_crc(const void *data, size_t len)
{
	return crc32_le(~0, data, len);
}

/*
 * Restored memory belongs to us alone: one reference on each page. Memory
 * that was not kept reserved by the new kernel is in the buddy allocator
 * (no reference) or someone else's (more).
 */
static bool test_kho_pages_owned(struct page *page, unsigned long nr)
{
	unsigned long i;

	for (i = 0; i < nr; i++) {
		if (page_ref_count(nth_page(page, i)) != 1)
			return false;
	}
	return true;
}

/* Make room for @nr folios (at most TEST_KHO_MAX_RECORDS). */
static int test_kho_alloc_folios(unsigned long nr)
{
	struct test_kho_folio *folios;

	nr = clamp_t(unsigned long, nr, 1, TEST_KHO_MAX_RECORDS);
	if (nr <= test_kho.folios_cap)
		return 0;
	/*
	 * vmalloc: a large kmalloc would compact memory first, for seconds
	 * when the previous kernel left it fragmented (pattern=sparse).
	 */
	folios = vcalloc(nr, sizeof(*folios));
	if (!folios)
		return -ENOMEM;
	if (test_kho.nr_folios)
		memcpy(folios, test_kho.folios,
		       test_kho.nr_folios * sizeof(*folios));
	vfree(test_kho.folios);
	test_kho.folios = folios;
	test_kho.folios_cap = nr;
	return 0;
}

/* ------------------------------------------------------------------------
 * Verifying the previous generation
 */

/* What the previous generation's sub-FDT says. */
struct test_kho_in {
	u64 generation;
	u64 nr_folios;
	u64 folio_bytes;
	u64 records;
	u64 records_pages;
	u64 records_crc;
	u64 range;
	u64 range_pages;
	u64 range_crc;
};

static int test_kho_get_u64(const void *fdt, const char *name, u64 *val)
{
	const void *prop;
	int len;

	prop = fdt_getprop(fdt, 0, name, &len);
	if (!prop || len != sizeof(*val)) {
		pr_err("FAIL: sub-FDT property %s %s\n", name,
		       prop ? "is not 8 bytes" : "is missing");
		return -EINVAL;
	}
	memcpy(val, prop, sizeof(*val));
	return 0;
}

static int test_kho_parse_fdt(const void *fdt, struct test_kho_in *in)
{
	static const struct {
		const char *name;
		size_t off;
	} props[] = {
		{ TEST_KHO_PROP_GENERATION, offsetof(struct test_kho_in, generation) },
		{ TEST_KHO_PROP_NR_FOLIOS, offsetof(struct test_kho_in, nr_folios) },
		{ TEST_KHO_PROP_FOLIO_BYTES, offsetof(struct test_kho_in, folio_bytes) },
		{ TEST_KHO_PROP_RECORDS, offsetof(struct test_kho_in, records) },
		{ TEST_KHO_PROP_RECORDS_PAGES, offsetof(struct test_kho_in, records_pages) },
		{ TEST_KHO_PROP_RECORDS_CRC, offsetof(struct test_kho_in, records_crc) },
		{ TEST_KHO_PROP_RANGE, offsetof(struct test_kho_in, range) },
		{ TEST_KHO_PROP_RANGE_PAGES, offsetof(struct test_kho_in, range_pages) },
		{ TEST_KHO_PROP_RANGE_CRC, offsetof(struct test_kho_in, range_crc) },
	};
	unsigned int i;

	if (fdt_check_header(fdt) || fdt_totalsize(fdt) > PAGE_SIZE) {
		pr_err("FAIL: the handed over sub-FDT is not a valid one-page FDT\n");
		return -EINVAL;
	}
	if (fdt_node_check_compatible(fdt, 0, TEST_KHO_COMPATIBLE)) {
		pr_err("FAIL: the handed over sub-FDT is not \"%s\"\n",
		       TEST_KHO_COMPATIBLE);
		return -EINVAL;
	}
	for (i = 0; i < ARRAY_SIZE(props); i++) {
		if (test_kho_get_u64(fdt, props[i].name,
				     (u64 *)((char *)in + props[i].off)))
			return -EINVAL;
	}
	if (!in->records_pages || in->records_pages > BIT(MAX_PAGE_ORDER) ||
	    in->nr_folios > in->records_pages * PAGE_SIZE /
			    sizeof(struct test_kho_record) ||
	    !PAGE_ALIGNED(in->records) || !in->range_pages ||
	    in->range_pages > UINT_MAX || !PAGE_ALIGNED(in->range)) {
		pr_err("FAIL: the handed over sub-FDT is inconsistent: %llu records in %llu pages at %#llx, range of %llu pages at %#llx\n",
		       in->nr_folios, in->records_pages, in->records,
		       in->range_pages, in->range);
		return -EINVAL;
	}
	return 0;
}

/* What the previous generation says about its vmalloc area and blocks. */
struct test_kho_vm_in {
	struct kho_vmalloc vmalloc;
	u64 seed;
	u64 blocks;
	u64 block_entries;
};

/* What kho_blocks_read() found. */
struct test_kho_blocks_ctx {
	u64 seed;
	u64 good;
};

static int test_kho_check_entry(const void *entry, u64 index, void *arg)
{
	struct test_kho_blocks_ctx *ctx = arg;
	struct test_kho_entry want;

	test_kho_fill_entry(&want, ctx->seed, index);
	if (!memcmp(entry, &want, sizeof(want)))
		ctx->good++;
	return 0;
}

/*
 * Restore and check the vmalloc area and the block chain. A good area is
 * kept in test_kho for the next generation after an even generation, and
 * freed with vfree() after an odd one.
 *
 * Return: 0 if the previous generation had none, 1 if they were correct,
 * or a negative error code after printing the FAIL line.
 */
static int test_kho_restore_vmalloc(const void *fdt, u64 generation)
{
	struct test_kho_blocks_ctx ctx = { };
	struct test_kho_vm_in in = { };
	const void *prop;
	u64 bad = ~0ULL;
	long entries;
	void *area;
	int len;

	prop = fdt_getprop(fdt, 0, TEST_KHO_PROP_VMALLOC, &len);
	if (!prop) {
		pr_info("generation %llu has no vmalloc area: nothing to verify\n",
			generation);
		return 0;
	}
	if (len != sizeof(in.vmalloc) ||
	    test_kho_get_u64(fdt, TEST_KHO_PROP_VMALLOC_SEED, &in.seed) ||
	    test_kho_get_u64(fdt, TEST_KHO_PROP_BLOCKS, &in.blocks) ||
	    test_kho_get_u64(fdt, TEST_KHO_PROP_BLOCK_ENTRIES,
			     &in.block_entries)) {
		pr_err("FAIL vmalloc generation %llu: bad vmalloc properties\n",
		       generation);
		return -EINVAL;
	}
	memcpy(&in.vmalloc, prop, sizeof(in.vmalloc));

	area = kho_restore_vmalloc(&in.vmalloc);
	if (area)
		bad = test_kho_check_stream(area, in.vmalloc.total_pages,
					    in.seed);
	ctx.seed = in.seed;
	entries = kho_blocks_read(in.blocks, sizeof(struct test_kho_entry),
				  test_kho_check_entry, &ctx);
	if (entries >= 0 && kho_blocks_restore_free(in.blocks))
		entries = -EIO;

	if (!area || bad || entries != in.block_entries ||
	    ctx.good != in.block_entries) {
		pr_err("FAIL vmalloc generation %llu: area of %u pages %s (%llu bytes differ), blocks: %ld of %llu entries read, %llu correct\n",
		       generation, in.vmalloc.total_pages,
		       area ? "restored" : "not restored", area ? bad : 0,
		       entries, in.block_entries, ctx.good);
		vfree(area);
		return -EIO;
	}
	pr_info("PASS vmalloc: %u pages (%llu bytes) verified byte for byte, %llu block entries in %llu blocks, generation %llu\n",
		in.vmalloc.total_pages,
		(u64)in.vmalloc.total_pages << PAGE_SHIFT, in.block_entries,
		DIV_ROUND_UP(in.block_entries,
			     (PAGE_SIZE - sizeof(struct kho_block_header_ser)) /
			     sizeof(struct test_kho_entry)),
		generation);
	if (generation & 1) {
		vfree(area);
	} else {
		test_kho.vmalloc = area;
		test_kho.vmalloc_pages = in.vmalloc.total_pages;
		test_kho.vmalloc_seed = in.seed;
	}
	return 1;
}

/*
 * Check one restored folio (NULL if the restore failed). A good one is kept
 * in test_kho.folios for the next generation; anything else is released,
 * unless it is not ours.
 */
static bool test_kho_check_one(const struct test_kho_record *rec,
			       struct folio *folio, unsigned long idx,
			       unsigned long *reports)
{
	const char *why;
	u32 crc = rec->crc;

	if (!folio) {
		why = rec->order > MAX_PAGE_ORDER ||
		      !IS_ALIGNED(rec->phys, PAGE_SIZE << rec->order) ?
		      "malformed record" : "not restored";
		goto bad;
	}
	if (PFN_PHYS(folio_pfn(folio)) != rec->phys) {
		why = "restored at another address";
		goto bad;
	}
	if (folio_ref_count(folio) != 1) {
		if ((*reports)++ < TEST_KHO_MAX_REPORTS)
			pr_err("folio %lu at %#llx order %u: reference count %d after restore, want 1: was it kept reserved?\n",
			       idx, rec->phys, rec->order,
			       folio_ref_count(folio));
		/* Not ours to put. */
		return false;
	}
	if (folio_order(folio) != rec->order) {
		why = "restored with another order";
		goto bad;
	}
	if (check_data)
		crc = test_kho_crc(folio_address(folio), folio_size(folio));
	if (crc != rec->crc) {
		why = "contents changed";
		goto bad;
	}
	test_kho.folios[test_kho.nr_folios++] = (struct test_kho_folio){
		.folio = folio, .crc = crc,
	};
	test_kho.folio_bytes += folio_size(folio);
	return true;

bad:
	if ((*reports)++ < TEST_KHO_MAX_REPORTS)
		pr_err("folio %lu at %#llx order %u: %s (order %d, crc %#x, want %#x)\n",
		       idx, rec->phys, rec->order, why,
		       folio ? (int)folio_order(folio) : -1, crc, rec->crc);
	if (folio)
		folio_put(folio);
	return false;
}

/*
 * Restore every folio of the record array into test_kho.folios[i].folio
 * (NULL where it fails), nothing else, so that the time per restore can be
 * told apart from the checks.
 */
static void test_kho_restore_folios(const struct test_kho_record *records,
				    unsigned long nr)
{
	unsigned long i;
	u64 t0, ns;

	t0 = ktime_get_ns();
	for (i = 0; i < nr; i++) {
		const struct test_kho_record *rec = &records[i];

		test_kho.folios[i].folio = NULL;
		if (rec->order > MAX_PAGE_ORDER ||
		    !IS_ALIGNED(rec->phys, PAGE_SIZE << rec->order))
			continue;
		test_kho.folios[i].folio = kho_restore_folio(rec->phys);
	}
	ns = ktime_get_ns() - t0;
	pr_info("restored %lu folios in %llu us (%llu ns per folio)\n", nr,
		ns / NSEC_PER_USEC, nr ? ns / nr : 0);
}

/*
 * Restores that must fail, after every folio was restored: the first folio
 * again, a page inside a larger folio, memory far beyond RAM. Return: the
 * number of them that did not fail (what they returned is leaked).
 */
static unsigned long test_kho_restore_bad(const struct test_kho_record *records,
					  unsigned long nr)
{
	unsigned long i, wrong = 0;
	phys_addr_t far = 1ULL << (MAX_PHYSMEM_BITS - 1);

	if (nr && test_kho.folios[0].folio) {
		if (kho_restore_folio(records[0].phys)) {
			pr_err("FAIL: folio at %#llx restored twice\n",
			       records[0].phys);
			wrong++;
		}
		if (kho_restore_pages(records[0].phys, 1)) {
			pr_err("FAIL: folio at %#llx restored again as a page\n",
			       records[0].phys);
			wrong++;
		}
	}
	for (i = 0; i < nr; i++) {
		if (records[i].order && test_kho.folios[i].folio) {
			if (kho_restore_folio(records[i].phys + PAGE_SIZE)) {
				pr_err("FAIL: page %#llx inside a folio restored\n",
				       records[i].phys + PAGE_SIZE);
				wrong++;
			}
			break;
		}
	}
	if (kho_restore_folio(far) || kho_restore_pages(far, 1)) {
		pr_err("FAIL: memory at %pa beyond RAM restored\n", &far);
		wrong++;
	}
	return wrong;
}

/*
 * Restore and verify what the previous kernel handed over. Good folios and
 * the range end up in test_kho, ready to be preserved again.
 *
 * Return: 0 if no data was handed over, 1 if it was all correct, or a
 * negative error code after printing the FAIL line.
 */
static int test_kho_restore(void)
{
	unsigned long i, bad = 0, reports = 0;
	const struct test_kho_record *records;
	struct test_kho_in in = { };
	struct page *page, *records_page;
	struct folio *fdt_folio;
	phys_addr_t phys;
	bool range_ok = false;
	int ret;

	ret = kho_retrieve_subtree(TEST_KHO_NODE, &phys);
	if (ret == -ENOENT) {
		if (is_kho_boot())
			pr_info("the handover has no %s subtree: nothing to verify\n",
				TEST_KHO_NODE);
		return 0;
	}
	if (ret) {
		pr_err("FAIL: cannot retrieve the %s subtree (%d)\n",
		       TEST_KHO_NODE, ret);
		return ret;
	}

	fdt_folio = kho_restore_folio(phys);
	if (!fdt_folio) {
		pr_err("FAIL: the %s sub-FDT at %pa was not preserved\n",
		       TEST_KHO_NODE, &phys);
		return -ENOENT;
	}
	/*
	 * The incoming sub-FDT is kept for the whole boot: debugfs shows it
	 * in kho/in/sub_fdts/, straight from this memory.
	 */
	ret = test_kho_parse_fdt(folio_address(fdt_folio), &in);
	if (ret)
		return ret;
	test_kho.generation = in.generation + 1;

	records_page = kho_restore_pages(in.records, in.records_pages);
	if (!records_page) {
		pr_err("FAIL generation %llu: the record array (%llu pages at %#llx) was not preserved\n",
		       in.generation, in.records_pages, in.records);
		return -ENOENT;
	}
	records = page_address(records_page);
	if (!test_kho_pages_owned(records_page, in.records_pages)) {
		pr_err("FAIL generation %llu: the record array at %#llx is not owned after restore (page reference counts); was it kept reserved?\n",
		       in.generation, in.records);
		return -EIO;
	}
	if (test_kho_crc(records, in.nr_folios * sizeof(*records)) !=
	    in.records_crc) {
		pr_err("FAIL generation %llu: the record array at %#llx changed\n",
		       in.generation, in.records);
		ret = -EIO;
		goto free_records;
	}
	ret = test_kho_alloc_folios(max_t(u64, in.nr_folios,
					  max_mem >> PAGE_SHIFT));
	if (ret) {
		pr_err("FAIL generation %llu: out of memory\n", in.generation);
		goto free_records;
	}

	test_kho_restore_folios(records, in.nr_folios);
	bad += test_kho_restore_bad(records, in.nr_folios);
	/* In place: a folio is kept at an index no larger than its own. */
	for (i = 0; i < in.nr_folios; i++) {
		if (!test_kho_check_one(&records[i], test_kho.folios[i].folio,
					i, &reports))
			bad++;
	}

	page = kho_restore_pages(in.range, in.range_pages);
	if (page && !test_kho_pages_owned(page, in.range_pages)) {
		pr_err("range of %llu pages at %#llx: not owned after restore (page reference counts)\n",
		       in.range_pages, in.range);
		page = NULL;	/* not ours to free */
	}
	if (page) {
		test_kho.range = page_address(page);
		test_kho.range_pages = in.range_pages;
		test_kho.range_crc = in.range_crc;
		/* The next generation checks what is there now. */
		test_kho.range_crc = test_kho_crc(test_kho.range,
						  in.range_pages << PAGE_SHIFT);
		range_ok = test_kho.range_crc == in.range_crc;
	}
	if (!range_ok)
		pr_err("range of %llu pages at %#llx: %s\n", in.range_pages,
		       in.range, page ? "contents changed" : "not restored");

	if (bad || !range_ok || test_kho.folio_bytes != in.folio_bytes) {
		pr_err("FAIL generation %llu: %lu of %llu folios bad, %llu of %llu KiB restored, range %s\n",
		       in.generation, bad, in.nr_folios,
		       test_kho.folio_bytes >> 10, in.folio_bytes >> 10,
		       range_ok ? "ok" : "bad");
		ret = -EIO;
	} else {
		pr_info("PASS restored %llu folios (%llu KiB) + range (%llu pages), generation %llu\n",
			in.nr_folios, in.folio_bytes >> 10, in.range_pages,
			in.generation);
		ret = 1;
	}

	if (test_kho_restore_vmalloc(folio_address(fdt_folio),
				     in.generation) < 0 && ret > 0)
		ret = -EIO;

free_records:
	for (i = 0; i < in.records_pages; i++)
		__free_page(nth_page(records_page, i));
	return ret;
}

/* ------------------------------------------------------------------------
 * Preparing the next generation
 */

/* An order-0 folio whose buddy page is free: no neighbour is preserved. */
static struct folio *test_kho_new_sparse_folio(void)
{
	struct page *page;

	page = alloc_pages(GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY, 1);
	if (!page)
		return NULL;
	split_page(page, 1);
	__free_page(page + 1);
	return page_folio(page);
}

/*
 * Allocate a folio of the order asked for (a random one by default), at
 * most @budget bytes; fill it.
 */
static struct folio *test_kho_new_folio(u64 budget)
{
	unsigned int o, top = min_t(unsigned int, max_order, MAX_PAGE_ORDER);
	struct folio *folio;

	top = min_t(unsigned int, top, ilog2(budget >> PAGE_SHIFT));
	if (pattern == TEST_KHO_SPARSE) {
		folio = test_kho_new_sparse_folio();
	} else if (order >= 0) {
		folio = NULL;
		if (order <= top)
			folio = folio_alloc(GFP_KERNEL | __GFP_NOWARN |
					    __GFP_NORETRY, order);
	} else {
		for (o = get_random_u32_below(top + 1); ; o--) {
			folio = folio_alloc(GFP_KERNEL | __GFP_NOWARN |
					    __GFP_NORETRY, o);
			if (folio || !o)
				break;
		}
	}
	if (folio && check_data)
		get_random_bytes(folio_address(folio), folio_size(folio));
	return folio;
}

/* A range of @nr pages whose first page is at an odd page frame. */
static void *test_kho_new_range(unsigned int nr)
{
	void *mem = alloc_pages_exact((size_t)(nr + 1) << PAGE_SHIFT,
				      GFP_KERNEL | __GFP_NOWARN);

	if (!mem)
		return NULL;
	/* The allocation is aligned to a power of two: drop its first page. */
	free_page((unsigned long)mem);
	mem += PAGE_SIZE;
	get_random_bytes(mem, (size_t)nr << PAGE_SHIFT);
	return mem;
}

static void test_kho_free_range(void *mem, unsigned int nr)
{
	free_pages_exact(mem, (size_t)nr << PAGE_SHIFT);
}

/* Free a random half of the folios handed over, compacting the array. */
static void test_kho_drop_half(void)
{
	unsigned long i, kept = 0;

	for (i = 0; i < test_kho.nr_folios; i++) {
		struct test_kho_folio *f = &test_kho.folios[i];

		if (get_random_u32_below(2)) {
			test_kho.folio_bytes -= folio_size(f->folio);
			folio_put(f->folio);
		} else {
			test_kho.folios[kept++] = *f;
		}
	}
	test_kho.nr_folios = kept;
}

/* Top the folios up to max_mem bytes with new random ones. */
static int test_kho_fill(void)
{
	u64 size = PAGE_SIZE << (pattern == TEST_KHO_DENSE && order > 0 ?
				 order : 0);

	while (test_kho.folio_bytes + size <= max_mem &&
	       test_kho.nr_folios < test_kho.folios_cap) {
		struct folio *folio;

		folio = test_kho_new_folio(max_mem - test_kho.folio_bytes);
		if (!folio) {
			pr_err("FAIL: out of memory after %lu folios (%llu KiB)\n",
			       test_kho.nr_folios, test_kho.folio_bytes >> 10);
			return -ENOMEM;
		}
		test_kho.folios[test_kho.nr_folios++] = (struct test_kho_folio){
			.folio = folio,
			.crc = check_data ? test_kho_crc(folio_address(folio),
							 folio_size(folio)) : 0,
		};
		test_kho.folio_bytes += folio_size(folio);
	}
	return 0;
}

static int test_kho_put_u64(void *fdt, const char *name, u64 val)
{
	return fdt_property(fdt, name, &val, sizeof(val));
}

static int test_kho_write_fdt(void *fdt)
{
	u64 records_crc = test_kho_crc(test_kho.records, test_kho.nr_folios *
				       sizeof(*test_kho.records));
	int err;

	err = fdt_create(fdt, PAGE_SIZE);
	err |= fdt_finish_reservemap(fdt);
	err |= fdt_begin_node(fdt, "");
	err |= fdt_property_string(fdt, "compatible", TEST_KHO_COMPATIBLE);
	err |= test_kho_put_u64(fdt, TEST_KHO_PROP_GENERATION,
				test_kho.generation);
	err |= test_kho_put_u64(fdt, TEST_KHO_PROP_NR_FOLIOS,
				test_kho.nr_folios);
	err |= test_kho_put_u64(fdt, TEST_KHO_PROP_FOLIO_BYTES,
				test_kho.folio_bytes);
	err |= test_kho_put_u64(fdt, TEST_KHO_PROP_RECORDS,
				virt_to_phys(test_kho.records));
	err |= test_kho_put_u64(fdt, TEST_KHO_PROP_RECORDS_PAGES,
				test_kho.records_pages);
	err |= test_kho_put_u64(fdt, TEST_KHO_PROP_RECORDS_CRC, records_crc);
	err |= test_kho_put_u64(fdt, TEST_KHO_PROP_RANGE,
				virt_to_phys(test_kho.range));
	err |= test_kho_put_u64(fdt, TEST_KHO_PROP_RANGE_PAGES,
				test_kho.range_pages);
	err |= test_kho_put_u64(fdt, TEST_KHO_PROP_RANGE_CRC,
				test_kho.range_crc);
	if (test_kho.vmalloc) {
		err |= fdt_property(fdt, TEST_KHO_PROP_VMALLOC,
				    &test_kho.vmalloc_ser,
				    sizeof(test_kho.vmalloc_ser));
		err |= test_kho_put_u64(fdt, TEST_KHO_PROP_VMALLOC_SEED,
					test_kho.vmalloc_seed);
		err |= test_kho_put_u64(fdt, TEST_KHO_PROP_BLOCKS,
					kho_blocks_phys(&test_kho.blocks));
		err |= test_kho_put_u64(fdt, TEST_KHO_PROP_BLOCK_ENTRIES,
					test_kho.blocks.nr_entries);
	}
	err |= fdt_end_node(fdt);
	err |= fdt_finish(fdt);
	return err ? -ENOSPC : 0;
}

/*
 * Preserve the folios, the record array and the range. Folios can be
 * unpreserved if a later step fails; pages and ranges cannot (there is no
 * API for it), so they come last.
 */
static int test_kho_preserve(void)
{
	unsigned long i;
	u64 t0, ns;
	int ret;

	t0 = ktime_get_ns();
	for (i = 0; i < test_kho.nr_folios; i++) {
		ret = kho_preserve_folio(test_kho.folios[i].folio);
		if (ret) {
			pr_err("FAIL: kho_preserve_folio(%#llx, order %u): %d\n",
			       (u64)PFN_PHYS(folio_pfn(test_kho.folios[i].folio)),
			       folio_order(test_kho.folios[i].folio), ret);
			goto unpreserve;
		}
	}
	ns = ktime_get_ns() - t0;
	pr_info("preserved %lu folios in %llu us (%llu ns per folio)\n",
		test_kho.nr_folios, ns / NSEC_PER_USEC,
		test_kho.nr_folios ? ns / test_kho.nr_folios : 0);
	ret = kho_preserve_pages(virt_to_page(test_kho.records),
				 test_kho.records_pages);
	if (ret) {
		pr_err("FAIL: kho_preserve_pages(records, %u): %d\n",
		       test_kho.records_pages, ret);
		goto unpreserve;
	}
	/* Both ways of preserving a range, alternately. */
	if (test_kho.generation & 1)
		ret = kho_preserve_phys(virt_to_phys(test_kho.range),
					(size_t)test_kho.range_pages << PAGE_SHIFT);
	else
		ret = kho_preserve_pages(virt_to_page(test_kho.range),
					 test_kho.range_pages);
	if (ret) {
		pr_err("FAIL: preserving the range of %u pages: %d\n",
		       test_kho.range_pages, ret);
		/* The record array stays preserved: it must not be reused. */
		test_kho.records = NULL;
		goto unpreserve;
	}
	return 0;

unpreserve:
	while (i--)
		kho_unpreserve_folio(test_kho.folios[i].folio);
	return ret;
}

/*
 * The vmalloc area (new, or the one restored from an even generation) and
 * a new block chain, preserved before the sub-FDT that describes them is
 * written. On failure nothing of them stays preserved.
 */
static int test_kho_prepare_vmalloc(void)
{
	struct test_kho_entry *e;
	unsigned int i;
	int ret;

	if (!vmalloc_pages && !test_kho.vmalloc)
		return 0;
	if (!test_kho.vmalloc) {
		test_kho.vmalloc_pages = vmalloc_pages;
		test_kho.vmalloc_seed = get_random_u64();
		test_kho.vmalloc = vmalloc((size_t)vmalloc_pages << PAGE_SHIFT);
		if (!test_kho.vmalloc) {
			pr_err("FAIL: cannot vmalloc %u pages\n", vmalloc_pages);
			return -ENOMEM;
		}
		test_kho_fill_stream(test_kho.vmalloc, vmalloc_pages,
				     test_kho.vmalloc_seed);
	}
	ret = kho_preserve_vmalloc(test_kho.vmalloc, &test_kho.vmalloc_ser);
	if (ret) {
		pr_err("FAIL: kho_preserve_vmalloc(%u pages): %d\n",
		       test_kho.vmalloc_pages, ret);
		return ret;
	}
	kho_blocks_init(&test_kho.blocks, sizeof(*e));
	for (i = 0; i < block_entries; i++) {
		e = kho_blocks_add(&test_kho.blocks);
		if (IS_ERR(e)) {
			ret = PTR_ERR(e);
			pr_err("FAIL: kho_blocks_add(entry %u): %d\n", i, ret);
			kho_blocks_destroy(&test_kho.blocks);
			kho_unpreserve_vmalloc(&test_kho.vmalloc_ser);
			return ret;
		}
		test_kho_fill_entry(e, test_kho.vmalloc_seed, i);
	}
	return 0;
}

static int test_kho_notifier(struct notifier_block *nb, unsigned long event,
			     void *data)
{
	struct kho_serialization *ser = data;
	int ret;

	switch (event) {
	case KEXEC_KHO_FINALIZE:
		/* The sub-FDT's own folio is preserved here, undone on abort. */
		if (!test_kho.fdt_preserved) {
			ret = kho_preserve_folio(test_kho.fdt_folio);
			if (ret) {
				pr_err("FAIL: cannot preserve the sub-FDT: %d\n",
				       ret);
				return notifier_from_errno(ret);
			}
			test_kho.fdt_preserved = true;
		}
		ret = kho_add_subtree(ser, TEST_KHO_NODE,
				      folio_address(test_kho.fdt_folio));
		if (ret) {
			pr_err("FAIL: kho_add_subtree(%s): %d\n", TEST_KHO_NODE,
			       ret);
			return notifier_from_errno(ret);
		}
		return NOTIFY_OK;
	case KEXEC_KHO_ABORT:
		if (test_kho.fdt_preserved &&
		    !kho_unpreserve_folio(test_kho.fdt_folio))
			test_kho.fdt_preserved = false;
		return NOTIFY_OK;
	}
	return NOTIFY_DONE;
}

static struct notifier_block test_kho_nb = {
	.notifier_call = test_kho_notifier,
};

static void test_kho_release(void)
{
	unsigned long i;

	for (i = 0; i < test_kho.nr_folios; i++)
		folio_put(test_kho.folios[i].folio);
	test_kho.nr_folios = 0;
	test_kho.folio_bytes = 0;
	if (test_kho.range)
		test_kho_free_range(test_kho.range, test_kho.range_pages);
	test_kho.range = NULL;
	if (test_kho.records)
		free_pages_exact(test_kho.records,
				 (size_t)test_kho.records_pages << PAGE_SHIFT);
	test_kho.records = NULL;
	if (test_kho.fdt_folio)
		folio_put(test_kho.fdt_folio);
	test_kho.fdt_folio = NULL;
	vfree(test_kho.vmalloc);
	test_kho.vmalloc = NULL;
}

/* Build and preserve generation test_kho.generation from test_kho. */
static int test_kho_prepare(void)
{
	unsigned long i;
	size_t size;
	int ret;

	ret = test_kho_alloc_folios(max_mem >> PAGE_SHIFT);
	if (!ret)
		ret = test_kho_fill();
	if (ret)
		return ret;
	if (!test_kho.range) {
		test_kho.range_pages = range_pages;
		test_kho.range = test_kho_new_range(range_pages);
		if (!test_kho.range) {
			pr_err("FAIL: cannot allocate a range of %u pages\n",
			       range_pages);
			return -ENOMEM;
		}
		test_kho.range_crc = test_kho_crc(test_kho.range,
						  (size_t)range_pages << PAGE_SHIFT);
	}

	size = PAGE_ALIGN(test_kho.nr_folios * sizeof(*test_kho.records));
	test_kho.records_pages = max_t(size_t, size >> PAGE_SHIFT, 1);
	test_kho.records = alloc_pages_exact((size_t)test_kho.records_pages <<
					     PAGE_SHIFT, GFP_KERNEL | __GFP_ZERO);
	test_kho.fdt_folio = folio_alloc(GFP_KERNEL | __GFP_ZERO, 0);
	if (!test_kho.records || !test_kho.fdt_folio) {
		pr_err("FAIL: cannot allocate the record array or the sub-FDT\n");
		return -ENOMEM;
	}
	for (i = 0; i < test_kho.nr_folios; i++) {
		struct folio *folio = test_kho.folios[i].folio;

		test_kho.records[i] = (struct test_kho_record){
			.phys = PFN_PHYS(folio_pfn(folio)),
			.order = folio_order(folio),
			.crc = test_kho.folios[i].crc,
		};
	}
	ret = test_kho_prepare_vmalloc();
	if (ret)
		return ret;
	ret = test_kho_write_fdt(folio_address(test_kho.fdt_folio));
	if (ret) {
		pr_err("FAIL: the sub-FDT does not fit in a page\n");
		goto unpreserve_vmalloc;
	}

	ret = register_kho_notifier(&test_kho_nb);
	if (ret) {
		pr_err("FAIL: register_kho_notifier: %d\n", ret);
		goto unpreserve_vmalloc;
	}
	ret = test_kho_preserve();
	if (ret) {
		unregister_kho_notifier(&test_kho_nb);
		goto unpreserve_vmalloc;
	}
	pr_info("generation %llu prepared: %lu folios (%llu KiB, orders 0-%u), %u records pages at %#llx, range of %u pages at %#llx, sub-FDT at %#llx\n",
		test_kho.generation, test_kho.nr_folios,
		test_kho.folio_bytes >> 10,
		min_t(unsigned int, max_order, MAX_PAGE_ORDER),
		test_kho.records_pages, (u64)virt_to_phys(test_kho.records),
		test_kho.range_pages, (u64)virt_to_phys(test_kho.range),
		(u64)PFN_PHYS(folio_pfn(test_kho.fdt_folio)));
	if (test_kho.vmalloc)
		pr_info("generation %llu prepared: vmalloc area of %u pages (chunks at %#llx), %lu block entries in %lu blocks at %#llx\n",
			test_kho.generation, test_kho.vmalloc_pages,
			test_kho.vmalloc_ser.first, test_kho.blocks.nr_entries,
			test_kho.blocks.nr_blocks,
			(u64)kho_blocks_phys(&test_kho.blocks));
	return 0;

unpreserve_vmalloc:
	if (test_kho.vmalloc) {
		kho_blocks_destroy(&test_kho.blocks);
		kho_unpreserve_vmalloc(&test_kho.vmalloc_ser);
	}
	return ret;
}

/*
 * Check again, on demand, that the data prepared for the next kernel is
 * unchanged: "echo 1 > /sys/module/test_kho/parameters/verify", e.g. after
 * putting the memory under pressure. Folios handed over by the previous
 * kernel and kept are among them, so this also catches memory that the
 * current kernel failed to keep reserved and gave to someone else.
 */
static int test_kho_verify(const char *val, const struct kernel_param *kp)
{
	unsigned long i, bad = 0;
	u64 bytes = 0;

	if (!test_kho.records || !test_kho.range) {
		pr_err("VERIFY FAIL: no data prepared in this boot\n");
		return -ENODATA;
	}
	if (!check_data) {
		pr_info("VERIFY skipped: check_data=0, the folios hold no data\n");
		return 0;
	}
	for (i = 0; i < test_kho.nr_folios; i++) {
		const struct test_kho_record *rec = &test_kho.records[i];
		size_t size = PAGE_SIZE << rec->order;

		if (test_kho_crc(phys_to_virt(rec->phys), size) != rec->crc &&
		    bad++ < TEST_KHO_MAX_REPORTS)
			pr_err("folio %lu at %#llx order %u changed\n", i,
			       rec->phys, rec->order);
		bytes += size;
	}
	if (test_kho_crc(test_kho.range, (size_t)test_kho.range_pages <<
			 PAGE_SHIFT) != test_kho.range_crc) {
		pr_err("range of %u pages at %#llx changed\n",
		       test_kho.range_pages, (u64)virt_to_phys(test_kho.range));
		bad++;
	}
	if (bad) {
		pr_err("VERIFY FAIL generation %llu: %lu of %lu folios or the range changed\n",
		       test_kho.generation, bad, test_kho.nr_folios);
		return -EIO;
	}
	pr_info("VERIFY PASS generation %llu: %lu folios (%llu KiB) + range (%u pages) unchanged\n",
		test_kho.generation, test_kho.nr_folios, bytes >> 10,
		test_kho.range_pages);
	return 0;
}

static const struct kernel_param_ops test_kho_verify_ops = {
	.set = test_kho_verify,
};
module_param_cb(verify, &test_kho_verify_ops, NULL, 0200);
MODULE_PARM_DESC(verify, "write to check the prepared data again");

static int __init test_kho_init(void)
{
	int ret;

	test_kho.generation = 1;

	/* Whatever the verdict, good folios and the range are kept. */
	test_kho_restore();
	if (!enable || !kho_is_enabled()) {
		if (enable)
			pr_info("KHO is off: no data for the next kernel\n");
		if (release)
			test_kho_release();
		goto out;
	}

	test_kho_drop_half();
	ret = test_kho_prepare();
	if (ret) {
		pr_err("FAIL: generation %llu not prepared (%d)\n",
		       test_kho.generation, ret);
		test_kho_release();
	}
out:
	vfree(test_kho.folios);
	test_kho.folios = NULL;
	/* A failed verification is reported in the log, not as a load error. */
	return 0;
}
module_init(test_kho_init);

MODULE_DESCRIPTION("Kexec HandOver test: preserve random folios across kexec");
MODULE_LICENSE("GPL");
