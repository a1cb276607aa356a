// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of Kexec HandOver: everything that can be checked without a
 * kexec.
 *
 * kexec_handover_radix:   the preserved-memory map (key encoding of every
 *                         order, add/test/del, the wire layout of a node
 *                         path, walks over trees built here, malformed trees)
 * kexec_handover_scratch: the kho_scratch= parser
 * kexec_handover_api:     error codes of the public API, and a finalize and
 *                         abort through the notifier chain whose root FDT and
 *                         map are checked (needs kho=on; skipped otherwise)
 *
 * Built in only (the tests use KHO internals), so they run at boot when
 * KUnit is enabled (kunit.enable=1 with CONFIG_KUNIT_DEFAULT_ENABLED=n).
 */

#include <kunit/test.h>
#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/kexec_handover.h>
#include <linux/kho/abi/kexec_handover.h>
#include <linux/kho/abi/kexec_metadata.h>
#include <linux/libfdt.h>
#include <linux/mm.h>
#include <linux/notifier.h>
#include <linux/sizes.h>

#include "kexec_handover_fdt.h"
#include "kexec_handover_internal.h"

/* Orders the key format can encode: the order bit must stay at bit 1 or up. */
#define TEST_NR_ORDERS		(64 - PAGE_SHIFT)
/* Bit of the order-0 order bit (52 with 4 KiB pages). */
#define TEST_ORDER0_BIT		(64 - PAGE_SHIFT)

/* ------------------------------------------------------------------------
 * Helpers: trees and walks
 */

static void test_destroy_tree(void *tree)
{
	kho_radix_destroy(tree);
}

/* Run @action(@ctx) when the test ends; fail the test if that is not possible. */
static void test_defer(struct kunit *test, kunit_action_t *action, void *ctx)
{
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, action, ctx));
}

static struct kho_radix_tree *test_new_tree(struct kunit *test)
{
	struct kho_radix_tree *tree;

	tree = kunit_kzalloc(test, sizeof(*tree), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tree);
	mutex_init(&tree->lock);
	test_defer(test, test_destroy_tree, tree);
	return tree;
}

static void test_free_page(void *page)
{
	free_page((unsigned long)page);
}

/* A zeroed page, freed when the test ends. */
static u64 *test_new_page(struct kunit *test)
{
	u64 *page = (u64 *)get_zeroed_page(GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, page);
	test_defer(test, test_free_page, page);
	return page;
}

struct test_block {
	phys_addr_t phys;
	unsigned int order;
};

/* What a walk saw, and how it should behave. */
struct test_walk {
	struct test_block *blocks;
	unsigned int nr_blocks;
	unsigned int max_blocks;
	unsigned int nodes[KHO_RADIX_LEVELS];
	phys_addr_t bad_start;		/* [bad_start, bad_end) is "not RAM" */
	phys_addr_t bad_end;
	unsigned int fail_at_block;	/* return -ENOSPC at this block (1-based) */
	int fail_at_level;		/* return -ENOSPC at a node of this level */
};

static const void *test_walk_map(phys_addr_t phys, void *arg)
{
	return phys_to_virt(phys);
}

static bool test_walk_valid(phys_addr_t phys, u64 size, void *arg)
{
	struct test_walk *w = arg;

	return !(phys < w->bad_end && w->bad_start < phys + size);
}

static int test_walk_node(phys_addr_t phys, unsigned int level, void *arg)
{
	struct test_walk *w = arg;

	if (level >= KHO_RADIX_LEVELS)
		return -EINVAL;
	w->nodes[level]++;
	if (w->fail_at_level == (int)level)
		return -ENOSPC;
	return 0;
}

static int test_walk_block(phys_addr_t phys, unsigned int order, void *arg)
{
	struct test_walk *w = arg;

	if (w->fail_at_block && w->nr_blocks + 1 == w->fail_at_block)
		return -ENOSPC;
	if (w->nr_blocks < w->max_blocks)
		w->blocks[w->nr_blocks] = (struct test_block){ phys, order };
	w->nr_blocks++;
	return 0;
}

static struct test_walk *test_new_walk(struct kunit *test,
				       unsigned int max_blocks)
{
	struct test_walk *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, w);
	w->blocks = kunit_kcalloc(test, max_blocks, sizeof(*w->blocks),
				  GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w->blocks);
	w->max_blocks = max_blocks;
	w->fail_at_level = -1;
	return w;
}

static const struct kho_radix_walk_ops test_walk_ops = {
	.map = test_walk_map,
	.valid = test_walk_valid,
	.node = test_walk_node,
	.block = test_walk_block,
};

static int test_walk(phys_addr_t root, struct test_walk *w,
		     unsigned long max_nodes)
{
	return kho_radix_walk(root, &test_walk_ops, max_nodes, w);
}

/* Index of @key in a table node of @level, straight from the ABI header. */
static unsigned int test_index(u64 key, unsigned int level)
{
	return (key >> (KHO_RADIX_LEAF_BITS +
			(level - 1) * KHO_RADIX_TABLE_BITS)) &
	       (BIT(KHO_RADIX_TABLE_BITS) - 1);
}

/* ------------------------------------------------------------------------
 * kexec_handover_radix
 */

/* Known keys, from the formula in the spec. */
static void kho_test_key_examples(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, kho_radix_encode_key(0, 0),
			BIT_ULL(TEST_ORDER0_BIT));
	KUNIT_EXPECT_EQ(test, kho_radix_encode_key(PAGE_SIZE, 0),
			BIT_ULL(TEST_ORDER0_BIT) | 1);
	KUNIT_EXPECT_EQ(test, kho_radix_encode_key(0x12345ULL << PAGE_SHIFT, 0),
			BIT_ULL(TEST_ORDER0_BIT) | 0x12345);
	KUNIT_EXPECT_EQ(test, kho_radix_encode_key(3ULL << (PAGE_SHIFT + 9), 9),
			BIT_ULL(TEST_ORDER0_BIT - 9) | 3);
	if (PAGE_SHIFT == 12)
		KUNIT_EXPECT_EQ(test, kho_radix_encode_key(SZ_2M, 9),
				BIT_ULL(43) | 1);
	/* Orders that would put the order bit at bit 0 or below. */
	KUNIT_EXPECT_EQ(test, kho_radix_encode_key(0, TEST_NR_ORDERS), 0);
	KUNIT_EXPECT_EQ(test, kho_radix_encode_key(0, 64), 0);
}

/* Encode and decode round trip for every order and several addresses. */
static void kho_test_key_every_order(struct kunit *test)
{
	unsigned int order;

	for (order = 0; order < TEST_NR_ORDERS; order++) {
		unsigned int shift = PAGE_SHIFT + order;
		u64 max_k = shift >= 63 ? 1 : (1ULL << (64 - shift)) - 1;
		u64 ks[] = { 0, 1, 3, max_k / 3, max_k - 1, max_k };
		unsigned int i;

		for (i = 0; i < ARRAY_SIZE(ks); i++) {
			phys_addr_t phys = (phys_addr_t)((ks[i] & max_k) << shift);
			phys_addr_t got;
			unsigned int got_order = ~0U;
			u64 key = kho_radix_encode_key(phys, order);

			KUNIT_ASSERT_NE_MSG(test, key, 0, "order %u", order);
			KUNIT_EXPECT_EQ_MSG(test, (unsigned int)fls64(key) - 1,
					    TEST_ORDER0_BIT - order,
					    "order bit of order %u", order);
			KUNIT_ASSERT_EQ(test, 0, kho_radix_decode_key(key, &got,
								      &got_order));
			KUNIT_EXPECT_EQ_MSG(test, got_order, order,
					    "phys %pa", &phys);
			KUNIT_EXPECT_EQ_MSG(test, (u64)got, (u64)phys,
					    "order %u", order);
		}
	}
}

static void kho_test_key_invalid(struct kunit *test)
{
	phys_addr_t phys = 0x1234000;
	unsigned int order = 7;

	KUNIT_EXPECT_EQ(test, -EINVAL, kho_radix_decode_key(0, &phys, &order));
	/* Only bit 0 set: no room for an order bit above the address. */
	KUNIT_EXPECT_EQ(test, -EINVAL, kho_radix_decode_key(1, &phys, &order));
	/* Order bits above the one of order 0. */
	KUNIT_EXPECT_EQ(test, -EINVAL,
			kho_radix_decode_key(BIT_ULL(TEST_ORDER0_BIT + 1),
					     &phys, &order));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			kho_radix_decode_key(BIT_ULL(63) | 5, &phys, &order));
	/* Nothing stored on failure. */
	KUNIT_EXPECT_EQ(test, (u64)phys, 0x1234000ULL);
	KUNIT_EXPECT_EQ(test, order, 7);
}

static void kho_test_add_test_del(struct kunit *test)
{
	struct kho_radix_tree *tree = test_new_tree(test);
	phys_addr_t a = SZ_1G + 5 * PAGE_SIZE;
	phys_addr_t b = SZ_1G + SZ_2M;		/* order 9 aligned */

	KUNIT_EXPECT_FALSE(test, kho_radix_test(tree, a, 0));
	KUNIT_EXPECT_EQ(test, -ENOENT, kho_radix_del(tree, a, 0));

	KUNIT_EXPECT_EQ(test, 0, kho_radix_add(tree, a, 0));
	KUNIT_EXPECT_EQ(test, 0, kho_radix_add(tree, a, 0));	/* again: ok */
	KUNIT_EXPECT_EQ(test, 0, kho_radix_add(tree, b, 9));
	KUNIT_EXPECT_TRUE(test, kho_radix_test(tree, a, 0));
	KUNIT_EXPECT_TRUE(test, kho_radix_test(tree, b, 9));

	/* Only the exact block: not another order, not a page inside it. */
	KUNIT_EXPECT_FALSE(test, kho_radix_test(tree, b, 0));
	KUNIT_EXPECT_FALSE(test, kho_radix_test(tree, b, 8));
	KUNIT_EXPECT_FALSE(test, kho_radix_test(tree, b, 10));
	KUNIT_EXPECT_FALSE(test, kho_radix_test(tree, b + PAGE_SIZE, 0));
	KUNIT_EXPECT_FALSE(test, kho_radix_test(tree, a + PAGE_SIZE, 0));
	KUNIT_EXPECT_EQ(test, -ENOENT, kho_radix_del(tree, b, 8));

	/* Misaligned blocks and orders that cannot be encoded. */
	KUNIT_EXPECT_EQ(test, -EINVAL, kho_radix_add(tree, a + 8, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL, kho_radix_add(tree, a, 1));
	KUNIT_EXPECT_EQ(test, -EINVAL, kho_radix_add(tree, 0, TEST_NR_ORDERS));
	KUNIT_EXPECT_EQ(test, -EINVAL, kho_radix_del(tree, b + PAGE_SIZE, 9));
	KUNIT_EXPECT_FALSE(test, kho_radix_test(tree, a + 8, 0));

	KUNIT_EXPECT_EQ(test, 0, kho_radix_del(tree, a, 0));
	KUNIT_EXPECT_FALSE(test, kho_radix_test(tree, a, 0));
	KUNIT_EXPECT_EQ(test, -ENOENT, kho_radix_del(tree, a, 0));
	KUNIT_EXPECT_TRUE(test, kho_radix_test(tree, b, 9));

	/* Destroy empties the tree, which can then be used again. */
	kho_radix_destroy(tree);
	KUNIT_EXPECT_NULL(test, tree->root);
	KUNIT_EXPECT_FALSE(test, kho_radix_test(tree, b, 9));
	KUNIT_EXPECT_EQ(test, 0, kho_radix_add(tree, b, 9));
	KUNIT_EXPECT_TRUE(test, kho_radix_test(tree, b, 9));
}

/*
 * The node pages hold what the ABI header says: follow the path of one key
 * by hand, with indices computed here, and find exactly one bit in the leaf.
 */
static void kho_test_wire_layout(struct kunit *test)
{
	struct kho_radix_tree *tree = test_new_tree(test);
	static const struct test_block blocks[] = {
		{ 0x12345ULL << PAGE_SHIFT, 0 },
		{ 0x7ULL << (PAGE_SHIFT + 10), 10 },
		{ 0, 0 },
		{ 1ULL << 40, 3 },
	};
	unsigned int i, b, level, set;

	for (b = 0; b < ARRAY_SIZE(blocks); b++) {
		u64 key = kho_radix_encode_key(blocks[b].phys, blocks[b].order);
		unsigned int bit = key & (BIT(KHO_RADIX_LEAF_BITS) - 1);
		u64 *node;

		kho_radix_destroy(tree);
		KUNIT_ASSERT_EQ(test, 0, kho_radix_add(tree, blocks[b].phys,
						       blocks[b].order));
		node = tree->root;
		KUNIT_ASSERT_NOT_NULL(test, node);
		for (level = KHO_RADIX_ROOT_LEVEL; level > 0; level--) {
			unsigned int idx = test_index(key, level);

			for (i = 0, set = 0; i < BIT(KHO_RADIX_TABLE_BITS); i++)
				set += !!node[i];
			KUNIT_EXPECT_EQ_MSG(test, set, 1, "level %u", level);
			KUNIT_ASSERT_NE_MSG(test, node[idx], 0,
					    "block %u level %u index %u",
					    b, level, idx);
			KUNIT_ASSERT_TRUE(test, PAGE_ALIGNED(node[idx]));
			node = phys_to_virt(node[idx]);
		}
		for (i = 0, set = 0; i < PAGE_SIZE / sizeof(u64); i++)
			set += hweight64(node[i]);
		KUNIT_EXPECT_EQ(test, set, 1);
		KUNIT_EXPECT_TRUE_MSG(test, node[bit / 64] & BIT_ULL(bit % 64),
				      "block %u: leaf bit %u", b, bit);
	}
}

/*
 * A walk reports exactly the blocks added, larger orders first. A page
 * belongs to one block, so the blocks of every order tile the address
 * space: order 0 at 0, and order N at PAGE_SIZE << N for every N.
 */
static void kho_test_walk_every_order(struct kunit *test)
{
	struct kho_radix_tree *tree = test_new_tree(test);
	struct test_walk *w = test_new_walk(test, TEST_NR_ORDERS + 1);
	unsigned int order, i;
	int level;

	KUNIT_ASSERT_EQ(test, 0, kho_radix_add(tree, 0, 0));
	for (order = 0; order < TEST_NR_ORDERS; order++)
		KUNIT_ASSERT_EQ(test, 0,
				kho_radix_add(tree, BIT_ULL(PAGE_SHIFT + order),
					      order));

	KUNIT_ASSERT_EQ(test, 0, test_walk(virt_to_phys(tree->root), w, 1024));
	KUNIT_ASSERT_EQ(test, w->nr_blocks, TEST_NR_ORDERS + 1);
	for (i = 0; i < TEST_NR_ORDERS + 1; i++) {
		/* Keys ascend: the order decreases, order 0 at 0 first. */
		order = i < TEST_NR_ORDERS ? TEST_NR_ORDERS - 1 - i : 0;
		KUNIT_EXPECT_EQ_MSG(test, w->blocks[i].order, order,
				    "block %u", i);
		KUNIT_EXPECT_EQ_MSG(test, (u64)w->blocks[i].phys,
				    i == TEST_NR_ORDERS - 1 ? 0 :
				    BIT_ULL(PAGE_SHIFT + order), "block %u", i);
	}
	KUNIT_EXPECT_EQ(test, w->nodes[KHO_RADIX_ROOT_LEVEL], 1);
	for (level = 0; level < KHO_RADIX_LEVELS; level++)
		KUNIT_EXPECT_GE_MSG(test, w->nodes[level], 1, "level %d", level);

	/* Deleting all of them leaves a valid tree with no blocks. */
	KUNIT_EXPECT_EQ(test, 0, kho_radix_del(tree, 0, 0));
	for (order = 0; order < TEST_NR_ORDERS; order++)
		KUNIT_EXPECT_EQ(test, 0,
				kho_radix_del(tree, BIT_ULL(PAGE_SHIFT + order),
					      order));
	w->nr_blocks = 0;
	KUNIT_EXPECT_EQ(test, 0, test_walk(virt_to_phys(tree->root), w, 1024));
	KUNIT_EXPECT_EQ(test, w->nr_blocks, 0);
	/* An empty map (root 0) is valid too. */
	KUNIT_EXPECT_EQ(test, 0, test_walk(0, w, 1));
}

/* Overlapping blocks in a map: order 0 at X + 4K inside order 3 at X. */
static void kho_test_walk_overlap(struct kunit *test)
{
	struct kho_radix_tree *tree = test_new_tree(test);
	struct test_walk *w = test_new_walk(test, 2);

	KUNIT_ASSERT_EQ(test, 0, kho_radix_add(tree, SZ_4G + PAGE_SIZE, 0));
	KUNIT_ASSERT_EQ(test, 0, kho_radix_add(tree, SZ_4G, 3));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			test_walk(virt_to_phys(tree->root), w, 1024));
}

/* Many blocks in one leaf and across leaves: each reported once. */
static void kho_test_walk_many(struct kunit *test)
{
	struct kho_radix_tree *tree = test_new_tree(test);
	const unsigned int nr = 3000;
	struct test_walk *w = test_new_walk(test, nr);
	phys_addr_t base = SZ_4G;
	unsigned int i;

	/* Every other page over 2 leaves' worth of order-0 keys, then some. */
	for (i = 0; i < nr; i++)
		KUNIT_ASSERT_EQ(test, 0, kho_radix_add(tree, base +
				(phys_addr_t)i * 23 * PAGE_SIZE, 0));
	KUNIT_ASSERT_EQ(test, 0, test_walk(virt_to_phys(tree->root), w, 1024));
	KUNIT_ASSERT_EQ(test, w->nr_blocks, nr);
	for (i = 0; i < nr; i++) {
		KUNIT_EXPECT_EQ(test, (u64)w->blocks[i].phys,
				(u64)(base + (phys_addr_t)i * 23 * PAGE_SIZE));
		KUNIT_EXPECT_EQ(test, w->blocks[i].order, 0);
	}
	/* 3000 * 23 pages span more than one leaf (PAGE_SIZE * 8 keys). */
	KUNIT_EXPECT_GE(test, w->nodes[0], 2);
}

/*
 * Build a single path root -> ... -> leaf by hand, with @root_index at the
 * root and index 0 below, and set leaf bit @bit. Returns the root's phys.
 */
static phys_addr_t test_hand_tree(struct kunit *test, unsigned int root_index,
				  unsigned int bit, u64 **leaf)
{
	u64 *node = test_new_page(test), *root = node;
	unsigned int level;

	for (level = KHO_RADIX_ROOT_LEVEL; level > 0; level--) {
		u64 *child = test_new_page(test);

		node[level == KHO_RADIX_ROOT_LEVEL ? root_index : 0] =
			virt_to_phys(child);
		node = child;
	}
	node[bit / 64] |= BIT_ULL(bit % 64);
	if (leaf)
		*leaf = node;
	return virt_to_phys(root);
}

static void kho_test_walk_malformed(struct kunit *test)
{
	struct test_walk *w = test_new_walk(test, 16);
	u64 *root = test_new_page(test), *leaf;
	phys_addr_t r;

	/* Root pointer not page aligned. */
	KUNIT_EXPECT_EQ(test, -EINVAL,
			test_walk(virt_to_phys(root) + 8, w, 16));
	/* Root pointer not "RAM". */
	w->bad_start = virt_to_phys(root);
	w->bad_end = w->bad_start + PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, -EINVAL, test_walk(virt_to_phys(root), w, 16));
	w->bad_start = 0;
	w->bad_end = 0;

	/* A table entry that is not page aligned. */
	root[7] = virt_to_phys(test_new_page(test)) + 64;
	KUNIT_EXPECT_EQ(test, -EINVAL, test_walk(virt_to_phys(root), w, 16));

	/* A table entry that points outside RAM. */
	root[7] = virt_to_phys(test_new_page(test));
	w->bad_start = root[7];
	w->bad_end = root[7] + PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, -EINVAL, test_walk(virt_to_phys(root), w, 16));
	w->bad_start = 0;
	w->bad_end = 0;
	root[7] = 0;

	/* An entry pointing back at the root: the node budget stops it. */
	root[0] = virt_to_phys(root);
	KUNIT_EXPECT_EQ(test, -E2BIG, test_walk(virt_to_phys(root), w, 4));
	root[0] = 0;

	/* Leaf bit 0 on the all-zero path: key 0, no order bit. */
	w->nr_blocks = 0;
	r = test_hand_tree(test, 0, 0, NULL);
	KUNIT_EXPECT_EQ(test, -EINVAL, test_walk(r, w, 16));
	KUNIT_EXPECT_EQ(test, w->nr_blocks, 0);

	/*
	 * A key whose order bit is above the one of order 0: root index bits
	 * start at key bit KHO_RADIX_LEAF_BITS + 4 * KHO_RADIX_TABLE_BITS.
	 */
	r = test_hand_tree(test, BIT(TEST_ORDER0_BIT + 1 - KHO_RADIX_LEAF_BITS -
				     (KHO_RADIX_ROOT_LEVEL - 1) *
				     KHO_RADIX_TABLE_BITS), 0, NULL);
	KUNIT_EXPECT_EQ(test, -EINVAL, test_walk(r, w, 16));
	KUNIT_EXPECT_EQ(test, w->nr_blocks, 0);

	/* The same path with a valid key, first fine, then "not in RAM". */
	r = test_hand_tree(test, BIT(TEST_ORDER0_BIT - KHO_RADIX_LEAF_BITS -
				     (KHO_RADIX_ROOT_LEVEL - 1) *
				     KHO_RADIX_TABLE_BITS), 5, &leaf);
	KUNIT_EXPECT_EQ(test, 0, test_walk(r, w, 16));
	KUNIT_ASSERT_EQ(test, w->nr_blocks, 1);
	KUNIT_EXPECT_EQ(test, (u64)w->blocks[0].phys, 5ULL << PAGE_SHIFT);
	KUNIT_EXPECT_EQ(test, w->blocks[0].order, 0);
	w->nr_blocks = 0;
	w->bad_start = 5ULL << PAGE_SHIFT;
	w->bad_end = w->bad_start + PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, -EINVAL, test_walk(r, w, 16));
	KUNIT_EXPECT_EQ(test, w->nr_blocks, 0);
	w->bad_start = 0;
	w->bad_end = 0;

	/* Callback errors stop the walk and are returned as they are. */
	leaf[0] |= BIT_ULL(6) | BIT_ULL(7);
	w->fail_at_block = 2;
	KUNIT_EXPECT_EQ(test, -ENOSPC, test_walk(r, w, 16));
	KUNIT_EXPECT_EQ(test, w->nr_blocks, 1);
	w->fail_at_block = 0;
	w->nr_blocks = 0;
	w->fail_at_level = 0;
	KUNIT_EXPECT_EQ(test, -ENOSPC, test_walk(r, w, 16));
	KUNIT_EXPECT_EQ(test, w->nr_blocks, 0);
	w->fail_at_level = -1;
	KUNIT_EXPECT_EQ(test, 0, test_walk(r, w, 16));
	KUNIT_EXPECT_EQ(test, w->nr_blocks, 3);
}

static struct kunit_case kho_radix_cases[] = {
	KUNIT_CASE(kho_test_key_examples),
	KUNIT_CASE(kho_test_key_every_order),
	KUNIT_CASE(kho_test_key_invalid),
	KUNIT_CASE(kho_test_add_test_del),
	KUNIT_CASE(kho_test_wire_layout),
	KUNIT_CASE(kho_test_walk_every_order),
	KUNIT_CASE(kho_test_walk_overlap),
	KUNIT_CASE(kho_test_walk_many),
	KUNIT_CASE(kho_test_walk_malformed),
	{}
};

static struct kunit_suite kho_radix_suite = {
	.name = "kexec_handover_radix",
	.test_cases = kho_radix_cases,
};

/* ------------------------------------------------------------------------
 * kexec_handover_scratch: kho_scratch=
 */

struct test_scratch_param {
	const char *str;
	int ret;
	struct kho_scratch_sizes want;
};

static const struct test_scratch_param test_scratch_params[] = {
	{ "200%", 0, { .percent = 200 } },
	{ "1%", 0, { .percent = 1 } },
	{ "10000%", 0, { .percent = KHO_SCRATCH_MAX_PERCENT } },
	{ "16M,512M,256M", 0, { 0, SZ_16M, SZ_512M, SZ_256M } },
	{ "1K,2K,3K", 0, { 0, SZ_1K, SZ_2K, 3 * SZ_1K } },
	{ "64M,1G,0", 0, { 0, SZ_64M, SZ_1G, 0 } },
	{ "4096,8192,0", 0, { 0, 4096, 8192, 0 } },
	{ "", -EINVAL },
	{ "%", -EINVAL },
	{ "0%", -EINVAL },
	{ "10001%", -EINVAL },
	{ "50%x", -EINVAL },
	{ "x%", -EINVAL },
	{ "-5%", -EINVAL },
	{ "12Q,,", -EINVAL },
	{ "16M,512M", -EINVAL },
	{ "16M,512M,1G,1", -EINVAL },
	{ "16M,512M,", -EINVAL },
	{ ",512M,1G", -EINVAL },
	{ "0,512M,0", -EINVAL },
	{ "16M,0,0", -EINVAL },
	{ "16M,-1,0", -EINVAL },
	{ "16M 512M 1G", -EINVAL },
	{ "on", -EINVAL },
};

static void test_scratch_desc(const struct test_scratch_param *p, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "\"%s\"", p->str);
}

KUNIT_ARRAY_PARAM(test_scratch, test_scratch_params, test_scratch_desc);

static void kho_test_scratch_parse(struct kunit *test)
{
	const struct test_scratch_param *p = test->param_value;
	static const struct kho_scratch_sizes poison = { 77, 1, 2, 3 };
	const struct kho_scratch_sizes *want = p->ret ? &poison : &p->want;
	struct kho_scratch_sizes got = poison;

	/* On error the result is left alone. */
	KUNIT_ASSERT_EQ(test, kho_parse_scratch_sizes(p->str, &got), p->ret);
	KUNIT_EXPECT_EQ(test, got.percent, want->percent);
	KUNIT_EXPECT_EQ(test, got.lowmem, want->lowmem);
	KUNIT_EXPECT_EQ(test, got.global, want->global);
	KUNIT_EXPECT_EQ(test, got.pernode, want->pernode);
}

static void kho_test_scratch_null(struct kunit *test)
{
	struct kho_scratch_sizes got = { 200 };

	KUNIT_EXPECT_EQ(test, -EINVAL, kho_parse_scratch_sizes(NULL, &got));
	KUNIT_EXPECT_EQ(test, got.percent, 200);
}

static struct kunit_case kho_scratch_cases[] = {
	KUNIT_CASE_PARAM(kho_test_scratch_parse, test_scratch_gen_params),
	KUNIT_CASE(kho_test_scratch_null),
	{}
};

static struct kunit_suite kho_scratch_suite = {
	.name = "kexec_handover_scratch",
	.test_cases = kho_scratch_cases,
};

/* ------------------------------------------------------------------------
 * kexec_handover_api
 */

static int kho_api_init(struct kunit *test)
{
	if (!kho_is_enabled())
		kunit_skip(test, "KHO is off (boot with kho=on)");
	return 0;
}

static void test_put_folio(void *folio)
{
	folio_put(folio);
}

static struct folio *test_new_folio(struct kunit *test, unsigned int order)
{
	struct folio *folio = folio_alloc(GFP_KERNEL | __GFP_ZERO, order);

	KUNIT_ASSERT_NOT_NULL(test, folio);
	test_defer(test, test_put_folio, folio);
	return folio;
}

static void kho_test_retrieve(struct kunit *test)
{
	const struct kho_kexec_metadata *meta;
	phys_addr_t phys = 0;

	KUNIT_EXPECT_EQ(test, -EINVAL, kho_retrieve_subtree(NULL, &phys));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			kho_retrieve_subtree(KHO_KEXEC_METADATA_NODE, NULL));
	KUNIT_EXPECT_EQ(test, -ENOENT,
			kho_retrieve_subtree("kunit-no-such-subtree", &phys));

	if (!is_kho_boot()) {
		kunit_info(test, "cold boot: no handover expected\n");
		/* Cold boot: no handover, so not even the metadata. */
		KUNIT_EXPECT_EQ(test, -ENOENT,
				kho_retrieve_subtree(KHO_KEXEC_METADATA_NODE,
						     &phys));
		KUNIT_EXPECT_NULL(test, kho_restore_folio(PAGE_SIZE));
		return;
	}
	KUNIT_ASSERT_EQ(test, 0, kho_retrieve_subtree(KHO_KEXEC_METADATA_NODE,
						      &phys));
	KUNIT_ASSERT_NE(test, phys, 0);
	meta = phys_to_virt(phys);
	KUNIT_EXPECT_EQ(test, meta->version, KHO_KEXEC_METADATA_VERSION);
	KUNIT_EXPECT_GE(test, meta->kexec_count, 1);
	kunit_info(test, "KHO boot: kexec count %u\n", meta->kexec_count);
}

static void kho_test_preserve_einval(struct kunit *test)
{
	struct folio *folio = test_new_folio(test, 1);
	phys_addr_t phys = PFN_PHYS(folio_pfn(folio));

	KUNIT_EXPECT_EQ(test, -EINVAL, kho_preserve_phys(phys + 512, PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, -EINVAL, kho_preserve_phys(phys, PAGE_SIZE + 1));
	KUNIT_EXPECT_EQ(test, -EINVAL, kho_preserve_phys(phys, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL, kho_preserve_pages(folio_page(folio, 0),
							  0));
	/* Nothing was preserved by the failed calls. */
	KUNIT_EXPECT_EQ(test, -ENOENT, kho_unpreserve_folio(folio));
}

static void kho_test_preserve_scratch(struct kunit *test)
{
	phys_addr_t start, end;

	if (!kho_scratch_cnt)
		kunit_skip(test, "no scratch areas");
	start = kho_scratch[0].addr;
	end = start + kho_scratch[0].size;

	KUNIT_EXPECT_EQ(test, -EINVAL, kho_preserve_phys(start, PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, -EINVAL, kho_preserve_phys(end - PAGE_SIZE,
							 PAGE_SIZE));
	/* Straddling either edge of the area. */
	KUNIT_EXPECT_EQ(test, -EINVAL, kho_preserve_phys(end - PAGE_SIZE,
							 2 * PAGE_SIZE));
	if (start >= PAGE_SIZE)
		KUNIT_EXPECT_EQ(test, -EINVAL,
				kho_preserve_phys(start - PAGE_SIZE,
						  2 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			kho_preserve_pages(pfn_to_page(PHYS_PFN(start)), 1));
}

static void kho_test_preserve_folio(struct kunit *test)
{
	struct folio *folio = test_new_folio(test, 3);

	KUNIT_EXPECT_EQ(test, 0, kho_preserve_folio(folio));
	KUNIT_EXPECT_EQ(test, 0, kho_unpreserve_folio(folio));
	KUNIT_EXPECT_EQ(test, -ENOENT, kho_unpreserve_folio(folio));

	/* Pages of an order-0 folio are the same block as the folio. */
	folio = test_new_folio(test, 0);
	KUNIT_EXPECT_EQ(test, 0, kho_preserve_pages(folio_page(folio, 0), 1));
	KUNIT_EXPECT_EQ(test, 0, kho_unpreserve_folio(folio));
	KUNIT_EXPECT_EQ(test, 0, kho_preserve_phys(PFN_PHYS(folio_pfn(folio)),
						   PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, 0, kho_unpreserve_folio(folio));
}

/* A page belongs to one block: a block inside a preserved one is refused. */
static void kho_test_preserve_overlap(struct kunit *test)
{
	struct folio *folio = test_new_folio(test, 2);
	phys_addr_t phys = PFN_PHYS(folio_pfn(folio));

	KUNIT_ASSERT_EQ(test, 0, kho_preserve_folio(folio));
	KUNIT_EXPECT_EQ(test, -EBUSY,
			kho_preserve_pages(folio_page(folio, 1), 1));
	KUNIT_EXPECT_EQ(test, -EBUSY,
			kho_preserve_phys(phys + 2 * PAGE_SIZE, 2 * PAGE_SIZE));
	/* The same block again, as a folio or as a range: not an error. */
	KUNIT_EXPECT_EQ(test, 0, kho_preserve_folio(folio));
	KUNIT_EXPECT_EQ(test, 0, kho_preserve_phys(phys, 4 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, 0, kho_unpreserve_folio(folio));
	KUNIT_EXPECT_EQ(test, -ENOENT, kho_unpreserve_folio(folio));
}

static void kho_test_restore_none(struct kunit *test)
{
	struct folio *folio = test_new_folio(test, 0);
	phys_addr_t phys = PFN_PHYS(folio_pfn(folio));

	/* Memory allocated in this boot was never handed over. */
	KUNIT_EXPECT_NULL(test, kho_restore_pages(phys, 0));
	KUNIT_EXPECT_NULL(test, kho_restore_pages(phys + 8, 1));
	KUNIT_EXPECT_NULL(test, kho_restore_folio(phys));
	KUNIT_EXPECT_NULL(test, kho_restore_pages(phys, 1));
}

/* What the notifier of the finalize tests saw and did. */
static struct {
	struct notifier_block nb;
	struct kunit *test;
	void *fdt;
	void *junk;
	struct folio *fdt_folio;
	int fail_with;			/* make FINALIZE fail with this */
	bool add_dotdot;		/* add a subtree debugfs cannot show */
	unsigned int finalize_calls;
	unsigned int abort_calls;
	bool abort_data_null;
	bool abort_saw_out_files;
	int add;
	int add_dup;
	int add_slash;
	int add_empty_name;
	int add_junk;
	int add_null;
	int preserve_fdt;
	int unpreserve_fdt;
} kho_nb_ctx;

/* Look up @name in @dir of debugfs (NULL: its root); NULL if it is not there. */
static struct dentry *test_debugfs_lookup(const char *name, struct dentry *dir)
{
	struct dentry *d = debugfs_lookup(name, dir);

	return IS_ERR(d) ? NULL : d;
}

/*
 * Whether kho/out/fdt or kho/out/sub_fdts/ exist in debugfs: files that
 * read the outgoing blobs directly.
 */
static bool test_out_files_visible(void)
{
	struct dentry *kho, *out = NULL, *fdt = NULL, *sub = NULL;
	bool visible;

	kho = test_debugfs_lookup("kho", NULL);
	if (kho)
		out = test_debugfs_lookup("out", kho);
	if (out) {
		fdt = test_debugfs_lookup("fdt", out);
		sub = test_debugfs_lookup("sub_fdts", out);
	}
	visible = fdt || sub;
	dput(sub);
	dput(fdt);
	dput(out);
	dput(kho);
	return visible;
}

static int kho_test_notifier(struct notifier_block *nb, unsigned long event,
			     void *data)
{
	struct kho_serialization *ser = data;

	switch (event) {
	case KEXEC_KHO_FINALIZE:
		kho_nb_ctx.finalize_calls++;
		kho_nb_ctx.preserve_fdt = kho_preserve_folio(kho_nb_ctx.fdt_folio);
		kho_nb_ctx.add = kho_add_subtree(ser, "kunit", kho_nb_ctx.fdt);
		kho_nb_ctx.add_dup = kho_add_subtree(ser, "kunit",
						     kho_nb_ctx.fdt);
		kho_nb_ctx.add_slash = kho_add_subtree(ser, "kunit/x",
						       kho_nb_ctx.fdt);
		kho_nb_ctx.add_empty_name = kho_add_subtree(ser, "",
							    kho_nb_ctx.fdt);
		kho_nb_ctx.add_junk = kho_add_subtree(ser, "kunit-junk",
						      kho_nb_ctx.junk);
		kho_nb_ctx.add_null = kho_add_subtree(ser, "kunit-null", NULL);
		if (kho_nb_ctx.add_dotdot &&
		    kho_add_subtree(ser, "..", kho_nb_ctx.fdt))
			return notifier_from_errno(-EINVAL);
		if (kho_nb_ctx.fail_with)
			return notifier_from_errno(kho_nb_ctx.fail_with);
		return NOTIFY_OK;
	case KEXEC_KHO_ABORT:
		kho_nb_ctx.abort_calls++;
		kho_nb_ctx.abort_data_null = !data;
		kho_nb_ctx.abort_saw_out_files = test_out_files_visible();
		kho_nb_ctx.unpreserve_fdt =
			kho_unpreserve_folio(kho_nb_ctx.fdt_folio);
		return NOTIFY_OK;
	}
	return NOTIFY_DONE;
}

static void test_unregister(void *nb)
{
	unregister_kho_notifier(nb);
}

static void test_abort(void *unused)
{
	if (kho_is_finalized())
		kho_abort();
}

/* Set up kho_nb_ctx and register its notifier for this test. */
static void test_setup_notifier(struct kunit *test, int fail_with)
{
	if (kho_is_finalized())
		kunit_skip(test, "KHO is finalized already");

	memset(&kho_nb_ctx, 0, sizeof(kho_nb_ctx));
	kho_nb_ctx.test = test;
	kho_nb_ctx.fail_with = fail_with;
	kho_nb_ctx.fdt_folio = test_new_folio(test, 0);
	kho_nb_ctx.fdt = folio_address(kho_nb_ctx.fdt_folio);
	KUNIT_ASSERT_EQ(test, 0, fdt_create_empty_tree(kho_nb_ctx.fdt,
						       PAGE_SIZE));
	KUNIT_ASSERT_EQ(test, 0, fdt_setprop_string(kho_nb_ctx.fdt, 0,
						    "compatible", "kunit-v1"));
	kho_nb_ctx.junk = test_new_page(test);
	memset(kho_nb_ctx.junk, 0x5a, PAGE_SIZE);

	kho_nb_ctx.nb.notifier_call = kho_test_notifier;
	KUNIT_ASSERT_EQ(test, 0, register_kho_notifier(&kho_nb_ctx.nb));
	test_defer(test, test_unregister, &kho_nb_ctx.nb);
	/* Runs before the unregister: actions run in reverse order. */
	test_defer(test, test_abort, NULL);
}

struct test_find {
	phys_addr_t want[3];
	unsigned int found[3];
	unsigned long blocks;
};

static int test_find_block(phys_addr_t phys, unsigned int order, void *arg)
{
	struct test_find *f = arg;
	unsigned int i;

	f->blocks++;
	for (i = 0; i < ARRAY_SIZE(f->want); i++)
		f->found[i] += order == 0 && phys == f->want[i];
	return 0;
}

static bool test_always_valid(phys_addr_t phys, u64 size, void *arg)
{
	return true;
}

/*
 * Finalize through the notifier chain: kho_add_subtree() error codes, the
 * root FDT and the map it points at, the frozen state, then abort.
 */
static void kho_test_finalize_abort(struct kunit *test)
{
	const struct kho_radix_walk_ops ops = {
		.map = test_walk_map,
		.valid = test_always_valid,
		.block = test_find_block,
	};
	struct folio *other;
	struct test_find find = { };
	phys_addr_t map_root = 0, phys;
	const void *root;
	u64 size;

	test_setup_notifier(test, 0);
	other = test_new_folio(test, 0);

	KUNIT_ASSERT_EQ(test, 0, kho_finalize());
	KUNIT_EXPECT_TRUE(test, kho_is_finalized());
	KUNIT_EXPECT_EQ(test, kho_nb_ctx.finalize_calls, 1);
	KUNIT_EXPECT_EQ(test, kho_nb_ctx.abort_calls, 0);
	KUNIT_EXPECT_EQ(test, kho_nb_ctx.preserve_fdt, 0);
	KUNIT_EXPECT_EQ(test, kho_nb_ctx.add, 0);
	KUNIT_EXPECT_EQ(test, kho_nb_ctx.add_dup, -EEXIST);
	KUNIT_EXPECT_EQ(test, kho_nb_ctx.add_slash, -EINVAL);
	KUNIT_EXPECT_EQ(test, kho_nb_ctx.add_empty_name, -EINVAL);
	KUNIT_EXPECT_EQ(test, kho_nb_ctx.add_junk, -EINVAL);
	KUNIT_EXPECT_EQ(test, kho_nb_ctx.add_null, -EINVAL);

	/* Frozen: no more preserving or unpreserving, no second finalize. */
	KUNIT_EXPECT_EQ(test, -EEXIST, kho_finalize());
	KUNIT_EXPECT_EQ(test, -EBUSY, kho_preserve_folio(other));
	KUNIT_EXPECT_EQ(test, -EBUSY,
			kho_preserve_phys(PFN_PHYS(folio_pfn(other)), PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, -EBUSY,
			kho_preserve_pages(folio_page(other, 0), 1));
	KUNIT_EXPECT_EQ(test, -EBUSY,
			kho_unpreserve_folio(kho_nb_ctx.fdt_folio));

	/* The root FDT has our subtree, and the map has our folio. */
	KUNIT_ASSERT_NE(test, kho_out_fdt_phys(), 0);
	root = phys_to_virt(kho_out_fdt_phys());
	KUNIT_ASSERT_EQ(test, 0, kho_fdt_check_root(root, PAGE_SIZE,
						    &map_root));
	KUNIT_ASSERT_EQ(test, 0, kho_fdt_get_subtree(root, "kunit", &phys,
						     &size));
	KUNIT_EXPECT_EQ(test, (u64)phys, (u64)virt_to_phys(kho_nb_ctx.fdt));
	KUNIT_EXPECT_EQ(test, size, (u64)fdt_totalsize(kho_nb_ctx.fdt));
	KUNIT_EXPECT_EQ(test, 0, kho_fdt_get_subtree(root,
						     KHO_KEXEC_METADATA_NODE,
						     &phys, &size));
	KUNIT_EXPECT_EQ(test, size, sizeof(struct kho_kexec_metadata));
	KUNIT_EXPECT_EQ(test, -ENOENT, kho_fdt_get_subtree(root, "kunit-junk",
							   &phys, &size));
	KUNIT_EXPECT_EQ(test, -ENOENT, kho_fdt_get_subtree(root, "kunit-null",
							   &phys, &size));

	KUNIT_ASSERT_NE(test, map_root, 0);
	find.want[0] = virt_to_phys(kho_nb_ctx.fdt);
	find.want[1] = kho_out_fdt_phys();
	find.want[2] = PFN_PHYS(folio_pfn(other));
	KUNIT_ASSERT_EQ(test, 0, kho_radix_walk(map_root, &ops, 1UL << 20,
						&find));
	KUNIT_EXPECT_EQ(test, find.found[0], 1);	/* our sub-FDT */
	KUNIT_EXPECT_EQ(test, find.found[1], 1);	/* the root FDT */
	KUNIT_EXPECT_EQ(test, find.found[2], 0);	/* refused with -EBUSY */
	KUNIT_EXPECT_GE(test, find.blocks, 3);

	/* Abort: notifiers get KEXEC_KHO_ABORT with no data. */
	KUNIT_ASSERT_EQ(test, 0, kho_abort());
	KUNIT_EXPECT_FALSE(test, kho_is_finalized());
	KUNIT_EXPECT_EQ(test, kho_nb_ctx.abort_calls, 1);
	KUNIT_EXPECT_TRUE(test, kho_nb_ctx.abort_data_null);
	KUNIT_EXPECT_EQ(test, kho_nb_ctx.unpreserve_fdt, 0);
	KUNIT_EXPECT_EQ(test, -ENOENT, kho_abort());
	/* An aborted root FDT is all zeroes: the next kernel ignores it. */
	KUNIT_EXPECT_EQ(test, fdt_magic(root), 0);

	/* Unfrozen again; the subtree list starts empty at the next finalize. */
	KUNIT_EXPECT_EQ(test, 0, kho_preserve_folio(other));
	KUNIT_EXPECT_EQ(test, 0, kho_unpreserve_folio(other));
	KUNIT_ASSERT_EQ(test, 0, kho_finalize());
	KUNIT_EXPECT_EQ(test, kho_nb_ctx.finalize_calls, 2);
	KUNIT_EXPECT_EQ(test, kho_nb_ctx.add, 0);
	KUNIT_EXPECT_EQ(test, kho_nb_ctx.add_dup, -EEXIST);
	KUNIT_EXPECT_EQ(test, 0, kho_abort());
	KUNIT_EXPECT_EQ(test, kho_nb_ctx.abort_calls, 2);

	KUNIT_EXPECT_EQ(test, 0, unregister_kho_notifier(&kho_nb_ctx.nb));
	KUNIT_EXPECT_EQ(test, -ENOENT, unregister_kho_notifier(&kho_nb_ctx.nb));
}

/* A failing notifier fails finalize; everybody gets KEXEC_KHO_ABORT. */
static void kho_test_finalize_fails(struct kunit *test)
{
	const void *root;

	test_setup_notifier(test, -ENOSPC);

	KUNIT_EXPECT_EQ(test, -ENOSPC, kho_finalize());
	KUNIT_EXPECT_FALSE(test, kho_is_finalized());
	KUNIT_EXPECT_EQ(test, kho_nb_ctx.finalize_calls, 1);
	KUNIT_EXPECT_EQ(test, kho_nb_ctx.abort_calls, 1);
	KUNIT_EXPECT_TRUE(test, kho_nb_ctx.abort_data_null);
	KUNIT_EXPECT_EQ(test, kho_nb_ctx.unpreserve_fdt, 0);
	KUNIT_EXPECT_EQ(test, -ENOENT, kho_abort());
	root = phys_to_virt(kho_out_fdt_phys());
	KUNIT_EXPECT_EQ(test, fdt_magic(root), 0);
}

/*
 * Publishing the outgoing FDTs in debugfs fails half-way (debugfs refuses a
 * file named ".."), after out/fdt and some of out/sub_fdts/ exist. Those
 * files read the blobs directly, so they must be gone before the notifiers
 * get KEXEC_KHO_ABORT and free the blobs.
 */
static void kho_test_finalize_publish_fails(struct kunit *test)
{
	struct dentry *kho = test_debugfs_lookup("kho", NULL);
	int ret;

	dput(kho);
	if (!kho)
		kunit_skip(test, "no KHO debugfs directory");
	test_setup_notifier(test, 0);
	kho_nb_ctx.add_dotdot = true;

	ret = kho_finalize();
	KUNIT_EXPECT_LT(test, ret, 0);
	KUNIT_EXPECT_FALSE(test, kho_is_finalized());
	KUNIT_EXPECT_EQ(test, kho_nb_ctx.abort_calls, 1);
	KUNIT_EXPECT_FALSE(test, kho_nb_ctx.abort_saw_out_files);
	KUNIT_EXPECT_FALSE(test, test_out_files_visible());
	KUNIT_EXPECT_EQ(test, kho_nb_ctx.unpreserve_fdt, 0);

	/* Nothing of the failed finalize is left: the next one succeeds. */
	kho_nb_ctx.add_dotdot = false;
	KUNIT_EXPECT_EQ(test, 0, kho_finalize());
	KUNIT_EXPECT_TRUE(test, test_out_files_visible());
	KUNIT_EXPECT_EQ(test, 0, kho_abort());
	KUNIT_EXPECT_FALSE(test, test_out_files_visible());
}

static struct kunit_case kho_api_cases[] = {
	KUNIT_CASE(kho_test_retrieve),
	KUNIT_CASE(kho_test_preserve_einval),
	KUNIT_CASE(kho_test_preserve_scratch),
	KUNIT_CASE(kho_test_preserve_folio),
	KUNIT_CASE(kho_test_preserve_overlap),
	KUNIT_CASE(kho_test_restore_none),
	KUNIT_CASE(kho_test_finalize_abort),
	KUNIT_CASE(kho_test_finalize_fails),
	KUNIT_CASE(kho_test_finalize_publish_fails),
	{}
};

static struct kunit_suite kho_api_suite = {
	.name = "kexec_handover_api",
	.init = kho_api_init,
	.test_cases = kho_api_cases,
};

kunit_test_suites(&kho_radix_suite, &kho_scratch_suite, &kho_api_suite);

MODULE_DESCRIPTION("KUnit tests for Kexec HandOver");
MODULE_LICENSE("GPL");
