// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the Kexec HandOver helpers for user memory
 * (kernel/kexec_handover_mem.c, kernel/kexec_handover_blocks.c), suite
 * kexec_handover_mem: preserved allocations, kho_unpreserve_pages(), vmalloc
 * preserve and unpreserve round trips with the chunk list they write, the
 * serialization block writer read back by the reader, the reader's refusal
 * of malformed chains, raw subtrees and the error codes of each entry
 * point. The cases run on a cold boot and on a KHO boot (kho=on).
 *
 * Built in only (the tests use KHO internals), with the other KHO suites.
 */

#include <kunit/test.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/kexec_handover.h>
#include <linux/kho/abi/kexec_handover.h>
#include <linux/kho/abi/kexec_metadata.h>
#include <linux/mm.h>
#include <linux/notifier.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "kexec_handover_fdt.h"
#include "kexec_handover_internal.h"

static int kho_mem_init(struct kunit *test)
{
	if (!kho_is_enabled())
		kunit_skip(test, "KHO is off (boot with kho=on)");
	if (kho_is_finalized())
		kunit_skip(test, "KHO is finalized already");
	return 0;
}

/* ------------------------------------------------------------------------
 * Walks over this kernel's own memory
 */

static const void *test_map(phys_addr_t phys, void *arg)
{
	return phys_to_virt(phys);
}

/* A walk that accepts every page but one (test_bad_phys). */
static phys_addr_t test_bad_phys;

static bool test_valid(phys_addr_t phys, u64 size, void *arg)
{
	return !(test_bad_phys >= phys && test_bad_phys < phys + size);
}

struct test_walk {
	unsigned long blocks;
	unsigned long chunks;
	u64 entries;
	u64 sum;
	int fail_at;		/* entry whose callback fails, or -1 */
	const phys_addr_t *groups;
	u64 groups_ok;
};

static int test_block(phys_addr_t phys, unsigned long nr, u64 count,
		      void *arg)
{
	((struct test_walk *)arg)->blocks++;
	return 0;
}

static int test_entry(const void *entry, u64 index, void *arg)
{
	struct test_walk *w = arg;

	if (w->fail_at >= 0 && index == w->fail_at)
		return -EPROTO;
	/* Each entry starts with its own index. */
	if (*(const u64 *)entry == index)
		w->sum++;
	w->entries++;
	return 0;
}

static const struct kho_blocks_walk_ops test_blocks_ops = {
	.map = test_map,
	.valid = test_valid,
	.block = test_block,
	.entry = test_entry,
};

static int test_chunk(phys_addr_t phys, unsigned long nr, void *arg)
{
	((struct test_walk *)arg)->chunks++;
	return 0;
}

static int test_group(phys_addr_t phys, u64 index, void *arg)
{
	struct test_walk *w = arg;

	if (w->groups && w->groups[index] == phys)
		w->groups_ok++;
	w->entries++;
	return 0;
}

static const struct kho_vmalloc_walk_ops test_vmalloc_ops = {
	.map = test_map,
	.valid = test_valid,
	.chunk = test_chunk,
	.group = test_group,
};

/* ------------------------------------------------------------------------
 * Preserved allocations and pages
 */

static void kho_test_alloc_preserve(struct kunit *test)
{
	struct page *page;
	u8 *mem;

	KUNIT_EXPECT_EQ(test, -EINVAL, PTR_ERR(kho_alloc_preserve(0)));
	KUNIT_EXPECT_EQ(test, -E2BIG,
			PTR_ERR(kho_alloc_preserve(PAGE_SIZE <<
						   (MAX_PAGE_ORDER + 1))));

	/* Three pages: a zeroed folio of order 2, preserved whole. */
	mem = kho_alloc_preserve(3 * PAGE_SIZE);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(mem));
	KUNIT_EXPECT_EQ(test, folio_order(virt_to_folio(mem)), 2);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(mem, 0, 4 * PAGE_SIZE));
	/* Preserved: the same folio cannot be preserved with pages. */
	KUNIT_EXPECT_EQ(test, -EBUSY,
			kho_preserve_pages(virt_to_page(mem), 1));
	KUNIT_EXPECT_EQ(test, 0, kho_unpreserve_free(mem));
	KUNIT_EXPECT_EQ(test, 0, kho_unpreserve_free(NULL));

	/* Memory that is not preserved is refused and not freed. */
	page = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_EQ(test, -ENOENT, kho_unpreserve_free(page_address(page)));
	KUNIT_EXPECT_EQ(test, page_ref_count(page), 1);
	__free_page(page);
}

static void kho_test_unpreserve_pages(struct kunit *test)
{
	struct page *page = alloc_pages(GFP_KERNEL, 3);

	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_EQ(test, -ENOENT, kho_unpreserve_pages(page, 8));
	KUNIT_EXPECT_EQ(test, 0, kho_preserve_pages(page, 8));
	/* Only the range as preserved: not a part, not more. */
	KUNIT_EXPECT_EQ(test, -ENOENT, kho_unpreserve_pages(page, 4));
	KUNIT_EXPECT_EQ(test, -ENOENT, kho_unpreserve_pages(page + 4, 4));
	KUNIT_EXPECT_EQ(test, -EINVAL, kho_unpreserve_pages(page, 0));
	KUNIT_EXPECT_EQ(test, 0, kho_unpreserve_pages(page, 8));
	KUNIT_EXPECT_EQ(test, -ENOENT, kho_unpreserve_pages(page, 8));

	/* An odd range: blocks of orders 0, 1, 0 from page 1. */
	KUNIT_EXPECT_EQ(test, 0, kho_preserve_pages(page + 1, 4));
	KUNIT_EXPECT_EQ(test, 0, kho_unpreserve_pages(page + 1, 4));
	KUNIT_EXPECT_EQ(test, 0, kho_preserve_pages(page, 8));
	KUNIT_EXPECT_EQ(test, 0, kho_unpreserve_pages(page, 8));
	__free_pages(page, 3);
}

/* ------------------------------------------------------------------------
 * vmalloc
 */

/* Preserve a vmalloc area of @nr pages, check its chunk list, unpreserve. */
static void test_vmalloc_roundtrip(struct kunit *test, unsigned int nr,
				   unsigned long want_chunks)
{
	struct test_walk w = { .fail_at = -1 };
	struct kho_vmalloc v, zero = { };
	phys_addr_t *groups;
	unsigned int i;
	u8 *area;

	area = vmalloc(nr * PAGE_SIZE);
	KUNIT_ASSERT_NOT_NULL(test, area);
	groups = kcalloc(nr, sizeof(*groups), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, groups);
	for (i = 0; i < nr; i++) {
		area[i * PAGE_SIZE] = i;
		groups[i] = page_to_phys(vmalloc_to_page(area + i * PAGE_SIZE));
	}

	memset(&v, 0xff, sizeof(v));
	KUNIT_ASSERT_EQ(test, 0, kho_preserve_vmalloc(area, &v));
	KUNIT_EXPECT_EQ(test, v.total_pages, nr);
	KUNIT_EXPECT_EQ(test, v.flags, KHO_VMALLOC_ALLOC);
	KUNIT_EXPECT_EQ(test, v.order, 0);
	KUNIT_EXPECT_NE(test, v.first, 0);
	/*
	 * Its pages are preserved now: the order-1 block around the first one
	 * cannot be preserved.
	 */
	KUNIT_EXPECT_EQ(test, -EBUSY,
			kho_preserve_pages(pfn_to_page(PHYS_PFN(groups[0]) & ~1UL),
					   2));

	test_bad_phys = 0;
	w.groups = groups;
	KUNIT_EXPECT_EQ(test, nr, kho_vmalloc_walk(&v, &test_vmalloc_ops, &w));
	KUNIT_EXPECT_EQ(test, w.groups_ok, nr);
	KUNIT_EXPECT_EQ(test, w.chunks, want_chunks);

	/* A chunk the reader may not use: nothing is handed out. */
	w = (struct test_walk){ .fail_at = -1 };
	test_bad_phys = v.first;
	KUNIT_EXPECT_EQ(test, -EINVAL,
			kho_vmalloc_walk(&v, &test_vmalloc_ops, &w));
	KUNIT_EXPECT_EQ(test, w.entries, 0);
	test_bad_phys = 0;

	KUNIT_EXPECT_EQ(test, 0, kho_unpreserve_vmalloc(&v));
	KUNIT_EXPECT_EQ(test, 0, memcmp(&v, &zero, sizeof(v)));
	/* The pages are free to be preserved again, the area is intact. */
	KUNIT_EXPECT_EQ(test, 0, kho_preserve_pages(vmalloc_to_page(area), 1));
	KUNIT_EXPECT_EQ(test, 0, kho_unpreserve_pages(vmalloc_to_page(area), 1));
	for (i = 0; i < nr; i++)
		KUNIT_EXPECT_EQ(test, area[i * PAGE_SIZE], (u8)i);
	/* Unpreserving an all-zero preservation is a no-op. */
	KUNIT_EXPECT_EQ(test, 0, kho_unpreserve_vmalloc(&v));
	kfree(groups);
	vfree(area);
}

static void kho_test_vmalloc_small(struct kunit *test)
{
	test_vmalloc_roundtrip(test, 1, 1);
	test_vmalloc_roundtrip(test, 37, 1);
}

static void kho_test_vmalloc_chunks(struct kunit *test)
{
	/* 511 groups fill one chunk; 600 need a second one. */
	test_vmalloc_roundtrip(test, KHO_VMALLOC_CHUNK_ENTRIES, 1);
	test_vmalloc_roundtrip(test, 600, 2);
}

static void kho_test_vmalloc_errors(struct kunit *test)
{
	struct kho_vmalloc v = { };
	struct page *pages[2];
	void *area, *mapped, *kmem;

	area = vmalloc(2 * PAGE_SIZE);
	KUNIT_ASSERT_NOT_NULL(test, area);
	KUNIT_EXPECT_EQ(test, -EINVAL, kho_preserve_vmalloc(NULL, &v));
	KUNIT_EXPECT_EQ(test, -EINVAL, kho_preserve_vmalloc(area, NULL));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			kho_preserve_vmalloc(area + PAGE_SIZE, &v));
	kmem = kmalloc(64, GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, -EINVAL, kho_preserve_vmalloc(kmem, &v));
	kfree(kmem);

	/* Not from vmalloc: a vmap() of pages. */
	pages[0] = vmalloc_to_page(area);
	pages[1] = vmalloc_to_page(area + PAGE_SIZE);
	mapped = vmap(pages, 2, VM_MAP, PAGE_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mapped);
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP, kho_preserve_vmalloc(mapped, &v));
	vunmap(mapped);
	vfree(area);

	/* vmalloc_user() memory (VM_USERMAP) cannot be handed over. */
	area = vmalloc_user(PAGE_SIZE);
	KUNIT_ASSERT_NOT_NULL(test, area);
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP, kho_preserve_vmalloc(area, &v));
	vfree(area);

	/* Nothing was preserved by the failed calls. */
	KUNIT_EXPECT_EQ(test, 0, v.first);
	KUNIT_EXPECT_NULL(test, kho_restore_vmalloc(NULL));
	/* An empty preservation restores nothing. */
	KUNIT_EXPECT_NULL(test, kho_restore_vmalloc(&v));
}

static void kho_test_vmalloc_restore_bad(struct kunit *test)
{
	struct kho_vmalloc v = {
		.total_pages = 1, .flags = KHO_VMALLOC_ALLOC, .order = 0,
	};
	u64 *chunk = kho_alloc_preserve(PAGE_SIZE);
	struct page *page = alloc_page(GFP_KERNEL);

	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(chunk));
	KUNIT_ASSERT_NOT_NULL(test, page);
	/* This kernel's pages were not handed over: refused as untrusted. */
	chunk[1] = page_to_phys(page);
	v.first = virt_to_phys(chunk);
	KUNIT_EXPECT_NULL(test, kho_restore_vmalloc(&v));
	v.flags = 0x4;
	KUNIT_EXPECT_NULL(test, kho_restore_vmalloc(&v));
	KUNIT_EXPECT_EQ(test, -EINVAL, kho_vmalloc_check(&v));
	v.flags = KHO_VMALLOC_ALLOC;
	v.order = 1;
	KUNIT_EXPECT_EQ(test, -EINVAL, kho_vmalloc_check(&v));
	KUNIT_EXPECT_EQ(test, 0, kho_unpreserve_free(chunk));
	__free_page(page);
}

/* ------------------------------------------------------------------------
 * Serialization blocks
 */

struct test_entry80 {
	u64 index;
	u8 pad[72];
};

static_assert(sizeof(struct test_entry80) == 80);

static void kho_test_blocks_roundtrip(struct kunit *test)
{
	struct test_walk w = { .fail_at = -1 };
	struct kho_block_header_ser *blk;
	struct test_entry80 *e;
	struct kho_blocks b;
	unsigned int i;

	kho_blocks_init(&b, sizeof(*e));
	KUNIT_EXPECT_EQ(test, 0, kho_blocks_phys(&b));
	KUNIT_EXPECT_EQ(test, 0, kho_blocks_walk(0, sizeof(*e),
						 &test_blocks_ops, &w));
	for (i = 0; i < 120; i++) {
		e = kho_blocks_add(&b);
		KUNIT_ASSERT_FALSE(test, IS_ERR(e));
		KUNIT_EXPECT_TRUE(test, !memchr_inv(e, 0, sizeof(*e)));
		e->index = i;
	}
	/* 51 entries of 80 bytes per block, as LUO's sessions. */
	KUNIT_EXPECT_EQ(test, b.nr_blocks, 3);
	KUNIT_EXPECT_EQ(test, b.nr_entries, 120);
	blk = b.first;
	KUNIT_EXPECT_EQ(test, blk->count, 51);
	KUNIT_EXPECT_EQ(test, kho_blocks_phys(&b), virt_to_phys(blk));
	KUNIT_EXPECT_EQ(test, b.last->count, 18);
	KUNIT_EXPECT_EQ(test, b.last->next, 0);

	test_bad_phys = 0;
	KUNIT_EXPECT_EQ(test, 120, kho_blocks_walk(kho_blocks_phys(&b),
						   sizeof(*e),
						   &test_blocks_ops, &w));
	KUNIT_EXPECT_EQ(test, w.blocks, 3);
	KUNIT_EXPECT_EQ(test, w.sum, 120);

	/* A callback's error stops the walk and is returned. */
	w = (struct test_walk){ .fail_at = -1 };
	w.fail_at = 60;
	KUNIT_EXPECT_EQ(test, -EPROTO,
			kho_blocks_walk(kho_blocks_phys(&b), sizeof(*e),
					&test_blocks_ops, &w));
	KUNIT_EXPECT_EQ(test, w.entries, 60);

	KUNIT_EXPECT_EQ(test, 0, kho_blocks_destroy(&b));
	KUNIT_EXPECT_NULL(test, b.first);
	KUNIT_EXPECT_EQ(test, b.entry_size, sizeof(*e));

	kho_blocks_init(&b, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, -EINVAL, PTR_ERR(kho_blocks_add(&b)));
	kho_blocks_init(&b, 0);
	KUNIT_EXPECT_EQ(test, -EINVAL, PTR_ERR(kho_blocks_add(&b)));
}

static void kho_test_blocks_malformed(struct kunit *test)
{
	struct test_walk w = { .fail_at = -1 };
	struct kho_block_header_ser *first, *last;
	struct kho_blocks b;
	phys_addr_t phys;
	unsigned int i;

	kho_blocks_init(&b, 64);
	for (i = 0; i < 3 * 63; i++)
		KUNIT_ASSERT_FALSE(test, IS_ERR(kho_blocks_add(&b)));
	first = b.first;
	last = b.last;
	phys = kho_blocks_phys(&b);
	test_bad_phys = 0;
	KUNIT_EXPECT_EQ(test, 189, kho_blocks_walk(phys, 64, &test_blocks_ops,
						   &w));

	/* Too many entries for a block. */
	w = (struct test_walk){ .fail_at = -1 };
	last->count = 64;
	KUNIT_EXPECT_EQ(test, -EINVAL, kho_blocks_walk(phys, 64,
						       &test_blocks_ops, &w));
	last->count = 63;
	/* Loops, short and long. */
	last->next = virt_to_phys(last);
	KUNIT_EXPECT_EQ(test, -ELOOP, kho_blocks_walk(phys, 64,
						      &test_blocks_ops, &w));
	last->next = phys;
	KUNIT_EXPECT_EQ(test, -ELOOP, kho_blocks_walk(phys, 64,
						      &test_blocks_ops, &w));
	/* An unaligned or refused pointer. */
	last->next = phys + 64;
	KUNIT_EXPECT_EQ(test, -EINVAL, kho_blocks_walk(phys, 64,
						       &test_blocks_ops, &w));
	last->next = 0;
	test_bad_phys = virt_to_phys(last);
	KUNIT_EXPECT_EQ(test, -EINVAL, kho_blocks_walk(phys, 64,
						       &test_blocks_ops, &w));
	test_bad_phys = 0;
	/* The whole chain is checked before the first entry is used. */
	KUNIT_EXPECT_EQ(test, w.entries, 0);
	KUNIT_EXPECT_EQ(test, w.blocks, 0);
	KUNIT_EXPECT_EQ(test, 189, kho_blocks_walk(phys, 64, &test_blocks_ops,
						   &w));
	KUNIT_EXPECT_TRUE(test, first == b.first);

	/*
	 * The reader of the previous kernel's chains: not on a cold boot, and
	 * never this kernel's own pages.
	 */
	if (!is_kho_boot()) {
		KUNIT_EXPECT_EQ(test, -ENOENT,
				kho_blocks_read(phys, 64, test_entry, &w));
		KUNIT_EXPECT_EQ(test, -ENOENT, kho_blocks_restore_free(phys));
	} else {
		KUNIT_EXPECT_EQ(test, -EINVAL,
				kho_blocks_read(phys, 64, test_entry, &w));
		KUNIT_EXPECT_EQ(test, -EINVAL, kho_blocks_restore_free(phys));
		KUNIT_EXPECT_EQ(test, 0, kho_blocks_read(0, 64, test_entry,
							 &w));
		KUNIT_EXPECT_EQ(test, 0, kho_blocks_restore_free(0));
	}
	KUNIT_EXPECT_EQ(test, 0, kho_blocks_destroy(&b));
}

/* ------------------------------------------------------------------------
 * Raw subtrees
 */

static void kho_test_subtree_raw(struct kunit *test)
{
	phys_addr_t phys = 0;
	size_t size = 0;
	u8 blob[8];

	KUNIT_EXPECT_EQ(test, -EINVAL, kho_add_subtree_raw(NULL, "x", blob, 8));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			kho_retrieve_subtree_raw(NULL, &phys, &size));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			kho_retrieve_subtree_raw(KHO_KEXEC_METADATA_NODE,
						 &phys, NULL));
	if (!is_kho_boot()) {
		KUNIT_EXPECT_EQ(test, -ENOENT,
				kho_retrieve_subtree_raw(KHO_KEXEC_METADATA_NODE,
							 &phys, &size));
		return;
	}
	/* The kexec metadata is a raw subtree of 73 bytes. */
	KUNIT_EXPECT_EQ(test, 0,
			kho_retrieve_subtree_raw(KHO_KEXEC_METADATA_NODE,
						 &phys, &size));
	KUNIT_EXPECT_EQ(test, size, sizeof(struct kho_kexec_metadata));
	KUNIT_EXPECT_NE(test, phys, 0);
	KUNIT_EXPECT_EQ(test, -ENOENT,
			kho_retrieve_subtree_raw("kunit-no-such-subtree",
						 &phys, &size));
}

/* What the notifier of kho_test_subtree_raw_finalize() did. */
static struct {
	void *blob;
	void *vblob;
	int add, add_dup, add_empty, add_vmalloc;
} kho_raw_ctx;

static int kho_raw_notifier(struct notifier_block *nb, unsigned long event,
			    void *data)
{
	struct kho_serialization *ser = data;

	if (event != KEXEC_KHO_FINALIZE)
		return NOTIFY_DONE;
	kho_raw_ctx.add = kho_add_subtree_raw(ser, "kunit-raw",
					      kho_raw_ctx.blob, 40);
	kho_raw_ctx.add_dup = kho_add_subtree_raw(ser, "kunit-raw",
						  kho_raw_ctx.blob, 40);
	kho_raw_ctx.add_empty = kho_add_subtree_raw(ser, "kunit-raw-empty",
						    kho_raw_ctx.blob, 0);
	kho_raw_ctx.add_vmalloc = kho_add_subtree_raw(ser, "kunit-raw-vmalloc",
						      kho_raw_ctx.vblob, 40);
	return NOTIFY_OK;
}

static struct notifier_block kho_raw_nb = {
	.notifier_call = kho_raw_notifier,
};

/*
 * A raw subtree through a real finalize: in the root FDT with its size,
 * and what the helpers refuse while finalized.
 */
static void kho_test_subtree_raw_finalize(struct kunit *test)
{
	struct kho_vmalloc v = { };
	struct page *page;
	phys_addr_t phys = 0;
	const void *root;
	u64 size = 0;
	int ret;

	kho_raw_ctx.blob = kho_alloc_preserve(40);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(kho_raw_ctx.blob));
	memset(kho_raw_ctx.blob, 0x5a, 40);
	kho_raw_ctx.vblob = vmalloc(PAGE_SIZE);
	page = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, kho_raw_ctx.vblob);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_ASSERT_EQ(test, 0, kho_preserve_pages(page, 1));
	KUNIT_ASSERT_EQ(test, 0, register_kho_notifier(&kho_raw_nb));

	ret = kho_finalize();
	KUNIT_EXPECT_EQ(test, ret, 0);
	if (!ret) {
		KUNIT_EXPECT_EQ(test, kho_raw_ctx.add, 0);
		KUNIT_EXPECT_EQ(test, kho_raw_ctx.add_dup, -EEXIST);
		KUNIT_EXPECT_EQ(test, kho_raw_ctx.add_empty, -EINVAL);
		KUNIT_EXPECT_EQ(test, kho_raw_ctx.add_vmalloc, -EINVAL);
		root = phys_to_virt(kho_out_fdt_phys());
		KUNIT_EXPECT_EQ(test, 0, kho_fdt_get_subtree(root, "kunit-raw",
							     &phys, &size));
		KUNIT_EXPECT_EQ(test, (u64)phys,
				(u64)virt_to_phys(kho_raw_ctx.blob));
		KUNIT_EXPECT_EQ(test, size, 40);
		/* Finalized: nothing can be preserved or given back. */
		KUNIT_EXPECT_EQ(test, -EBUSY,
				PTR_ERR(kho_alloc_preserve(PAGE_SIZE)));
		KUNIT_EXPECT_EQ(test, -EBUSY,
				kho_unpreserve_free(kho_raw_ctx.blob));
		KUNIT_EXPECT_EQ(test, -EBUSY, kho_unpreserve_pages(page, 1));
		KUNIT_EXPECT_EQ(test, -EBUSY, kho_unpreserve_vmalloc(&v));
		KUNIT_EXPECT_EQ(test, -EBUSY,
				kho_preserve_vmalloc(kho_raw_ctx.vblob, &v));
		KUNIT_EXPECT_EQ(test, 0, kho_abort());
	}
	KUNIT_EXPECT_EQ(test, 0, unregister_kho_notifier(&kho_raw_nb));
	KUNIT_EXPECT_EQ(test, 0, kho_unpreserve_pages(page, 1));
	KUNIT_EXPECT_EQ(test, 0, kho_unpreserve_free(kho_raw_ctx.blob));
	__free_page(page);
	vfree(kho_raw_ctx.vblob);
}

static struct kunit_case kho_mem_cases[] = {
	KUNIT_CASE(kho_test_alloc_preserve),
	KUNIT_CASE(kho_test_unpreserve_pages),
	KUNIT_CASE(kho_test_vmalloc_small),
	KUNIT_CASE(kho_test_vmalloc_chunks),
	KUNIT_CASE(kho_test_vmalloc_errors),
	KUNIT_CASE(kho_test_vmalloc_restore_bad),
	KUNIT_CASE(kho_test_blocks_roundtrip),
	KUNIT_CASE(kho_test_blocks_malformed),
	KUNIT_CASE(kho_test_subtree_raw),
	KUNIT_CASE(kho_test_subtree_raw_finalize),
	{}
};

static struct kunit_suite kho_mem_suite = {
	.name = "kexec_handover_mem",
	.init = kho_mem_init,
	.test_cases = kho_mem_cases,
};

kunit_test_suites(&kho_mem_suite);
