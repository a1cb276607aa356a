// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the KSTATE serializer (kernel/kstate.c), without a kexec:
 * objects are written into an FDT in memory and read back, with the memory
 * of FOLIO and PAGE fields handed back by the test instead of KHO.
 *
 * kstate: every field kind, NULL pointers and memory, nested structs and
 *	   subsections, the versioning rules, bad descriptions, object
 *	   lookup, and malformed input (each property missing, cut short,
 *	   with unknown flags...; random corruption), which must be refused
 *	   with the object and its memory left as they were.
 */

#include <kunit/test.h>
#include <linux/gfp.h>
#include <linux/kho/abi/kstate.h>
#include <linux/kstate.h>
#include <linux/libfdt.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "kstate_internal.h"

#define KT_FDT_SIZE	SZ_64K
#define KT_ID		0x4b53
#define KT_INSTANCE	0x2a

struct kt_inner {
	u32 a;
	u16 b;
};

struct kt_obj {
	int i;
	unsigned long *ptr;
	char label[10];
	struct folio *folio;
	struct page *pages;
	struct kt_inner inner;
	u64 *arr[4];
	unsigned int nr_arr;
	u32 custom;
	u32 added;	/* from version 2 */
	u32 old;	/* version 1 only */
	u64 extra;	/* subsection "extra", version 2 */
};

/* An object and the memory its pointers point to. */
struct kt_env {
	struct kt_obj obj;
	unsigned long ptr_val;
	u64 arr_val[4];
};

static const struct kstate_field kt_inner_fields[] = {
	KSTATE_BASE_TYPE(a, struct kt_inner, u32),
	KSTATE_BASE_TYPE(b, struct kt_inner, u16),
	KSTATE_END_OF_LIST(),
};

static const struct kstate_description kt_inner_desc = {
	.name = "inner",
	.id = KT_ID + 1,
	.version_id = 1,
	.min_version_id = 1,
	.fields = kt_inner_fields,
};

static unsigned int kt_count(const void *obj)
{
	return ((const struct kt_obj *)obj)->nr_arr;
}

/* The custom field is saved as 8 hex digits. */
static int kt_save_custom(const void *field, void *buf, size_t size)
{
	return scnprintf(buf, size, "%08x", *(const u32 *)field);
}

static int kt_restore_custom(void *field, const void *buf, size_t len)
{
	char tmp[9];

	if (len != 8)
		return -EINVAL;
	memcpy(tmp, buf, 8);
	tmp[8] = '\0';
	return kstrtou32(tmp, 16, field);
}

static const struct kstate_field kt_v1_fields[] = {
	KSTATE_BASE_TYPE(i, struct kt_obj, int),
	KSTATE_POINTER(ptr, struct kt_obj),
	KSTATE_BASE_TYPE(label, struct kt_obj, char[10]),
	KSTATE_FOLIO(folio, struct kt_obj),
	KSTATE_PAGE(pages, struct kt_obj, 1),
	KSTATE_STRUCT(inner, struct kt_obj, kt_inner_desc),
	KSTATE_ARRAY_OF_POINTER(arr, struct kt_obj, kt_count),
	KSTATE_BASE_TYPE(nr_arr, struct kt_obj, unsigned int),
	KSTATE_CUSTOM(custom, struct kt_obj, kt_save_custom, kt_restore_custom),
	KSTATE_BASE_TYPE(old, struct kt_obj, u32),
	KSTATE_END_OF_LIST(),
};

static const struct kstate_field kt_v2_fields[] = {
	KSTATE_BASE_TYPE(i, struct kt_obj, int),
	KSTATE_POINTER(ptr, struct kt_obj),
	KSTATE_BASE_TYPE(label, struct kt_obj, char[10]),
	KSTATE_FOLIO(folio, struct kt_obj),
	KSTATE_PAGE(pages, struct kt_obj, 1),
	KSTATE_STRUCT(inner, struct kt_obj, kt_inner_desc),
	KSTATE_ARRAY_OF_POINTER(arr, struct kt_obj, kt_count),
	KSTATE_BASE_TYPE(nr_arr, struct kt_obj, unsigned int),
	KSTATE_CUSTOM(custom, struct kt_obj, kt_save_custom, kt_restore_custom),
	KSTATE_BASE_TYPE_DEPRECATED(old, struct kt_obj, u32, 1),
	KSTATE_BASE_TYPE_V(added, struct kt_obj, u32, 2),
	KSTATE_END_OF_LIST(),
};

static const struct kstate_field kt_extra_fields[] = {
	KSTATE_BASE_TYPE(extra, struct kt_obj, u64),
	KSTATE_END_OF_LIST(),
};

static bool kt_extra_needed(const void *obj)
{
	return ((const struct kt_obj *)obj)->extra != 0;
}

static const struct kstate_description kt_extra_desc = {
	.name = "extra",
	.id = KT_ID + 2,
	.version_id = 1,
	.min_version_id = 1,
	.fields = kt_extra_fields,
	.needed = kt_extra_needed,
};

static const struct kstate_description * const kt_subsections[] = {
	&kt_extra_desc,
	NULL,
};

static const struct kstate_description kt_v1 = {
	.name = "kt",
	.id = KT_ID,
	.version_id = 1,
	.min_version_id = 1,
	.fields = kt_v1_fields,
};

static const struct kstate_description kt_v2 = {
	.name = "kt",
	.id = KT_ID,
	.version_id = 2,
	.min_version_id = 1,
	.fields = kt_v2_fields,
	.subsections = kt_subsections,
};

/* Reads version 2 only. */
static const struct kstate_description kt_v2_only = {
	.name = "kt",
	.id = KT_ID,
	.version_id = 2,
	.min_version_id = 2,
	.fields = kt_v2_fields,
	.subsections = kt_subsections,
};

/* ------------------------------------------------------------------------
 * Helpers
 */

/* The memory the test hands back on restore, like KHO would. */
static struct {
	struct folio *folio;
	struct page *pages;	/* two order-0 pages */
} kt_mem;

static struct folio *kt_restore_folio(phys_addr_t phys)
{
	if (!kt_mem.folio || phys != PFN_PHYS(folio_pfn(kt_mem.folio)))
		return NULL;
	folio_get(kt_mem.folio);
	return kt_mem.folio;
}

static struct page *kt_restore_pages(phys_addr_t phys, unsigned int nr)
{
	unsigned int i;

	if (!kt_mem.pages || nr != 2 ||
	    phys != PFN_PHYS(page_to_pfn(kt_mem.pages)))
		return NULL;
	for (i = 0; i < nr; i++)
		get_page(kt_mem.pages + i);
	return kt_mem.pages;
}

static const struct kstate_mem_ops kt_ops = {
	.restore_folio = kt_restore_folio,
	.restore_pages = kt_restore_pages,
};

static void kt_free_mem(void *unused)
{
	if (kt_mem.folio)
		folio_put(kt_mem.folio);
	if (kt_mem.pages) {
		__free_page(kt_mem.pages);
		__free_page(kt_mem.pages + 1);
	}
	kt_mem.folio = NULL;
	kt_mem.pages = NULL;
}

/* Nothing restored is still held: the test owns one reference of each. */
static void kt_expect_mem_free(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, folio_ref_count(kt_mem.folio), 1);
	KUNIT_EXPECT_EQ(test, page_ref_count(kt_mem.pages), 1);
	KUNIT_EXPECT_EQ(test, page_ref_count(kt_mem.pages + 1), 1);
}

static int kt_init(struct kunit *test)
{
	struct page *pages;

	kt_mem.folio = folio_alloc(GFP_KERNEL, 1);
	pages = alloc_pages(GFP_KERNEL, 1);
	if (pages)
		split_page(pages, 1);
	kt_mem.pages = pages;
	if (!kt_mem.folio || !kt_mem.pages) {
		kt_free_mem(NULL);
		return -ENOMEM;
	}
	return kunit_add_action_or_reset(test, kt_free_mem, NULL);
}

/* An object whose pointers point into @env. */
static void kt_env_init(struct kt_env *env)
{
	unsigned int i;

	memset(env, 0, sizeof(*env));
	env->obj.ptr = &env->ptr_val;
	for (i = 0; i < ARRAY_SIZE(env->arr_val); i++)
		env->obj.arr[i] = &env->arr_val[i];
}

/* Random contents, with the test's memory. */
static void kt_env_fill(struct kt_env *env)
{
	kt_env_init(env);
	get_random_bytes(&env->obj.i, sizeof(env->obj.i));
	get_random_bytes(&env->ptr_val, sizeof(env->ptr_val));
	get_random_bytes(env->obj.label, sizeof(env->obj.label));
	get_random_bytes(&env->obj.inner, sizeof(env->obj.inner));
	get_random_bytes(env->arr_val, sizeof(env->arr_val));
	env->obj.nr_arr = 3;
	env->obj.custom = get_random_u32();
	env->obj.added = get_random_u32() | 1;
	env->obj.old = get_random_u32() | 1;
	env->obj.extra = get_random_u64() | 1;
	env->obj.folio = kt_mem.folio;
	env->obj.pages = kt_mem.pages;
}

/* A kstate FDT with @obj saved by @desc; NULL on error. */
static void *kt_save(struct kunit *test, const struct kstate_description *desc,
		     const struct kt_obj *obj, unsigned int *nr_mem)
{
	struct kstate_ctx ctx = { };
	void *fdt;
	int ret;

	fdt = kunit_kzalloc(test, KT_FDT_SIZE, GFP_KERNEL);
	ctx.buf = kmalloc(KSTATE_CUSTOM_MAX, GFP_KERNEL);
	if (!fdt || !ctx.buf) {
		kfree(ctx.buf);
		return NULL;
	}
	ret = kstate_write_begin(fdt, KT_FDT_SIZE);
	if (!ret)
		ret = kstate_write_object(fdt, &ctx, desc, obj, KT_INSTANCE);
	if (!ret)
		ret = kstate_write_end(fdt);
	if (nr_mem)
		*nr_mem = ctx.nr_mem;
	kstate_ctx_release(&ctx);
	KUNIT_EXPECT_EQ(test, ret, 0);
	return ret ? NULL : fdt;
}

/* Restore @obj by @desc from @fdt. */
static int kt_restore(struct kunit *test, const void *fdt,
		      const struct kstate_description *desc, struct kt_obj *obj)
{
	struct kstate_ctx ctx = { .ops = &kt_ops };
	int node, ret;

	node = kstate_find_object(fdt, desc->id, KT_INSTANCE);
	if (node < 0)
		return node;
	ret = kstate_read_object(fdt, node, &ctx, desc, obj, KT_INSTANCE);
	kstate_ctx_release(&ctx);
	return ret;
}

/* Drop the references a successful restore took. */
static void kt_put_restored(struct kt_obj *obj)
{
	if (obj->folio)
		folio_put(obj->folio);
	if (obj->pages) {
		put_page(obj->pages);
		put_page(obj->pages + 1);
	}
}

/* The fields both objects have in version 1, compared. */
static void kt_expect_same_v1(struct kunit *test, const struct kt_env *a,
			      const struct kt_env *b)
{
	KUNIT_EXPECT_EQ(test, a->obj.i, b->obj.i);
	KUNIT_EXPECT_EQ(test, a->ptr_val, b->ptr_val);
	KUNIT_EXPECT_MEMEQ(test, a->obj.label, b->obj.label, sizeof(a->obj.label));
	KUNIT_EXPECT_PTR_EQ(test, a->obj.folio, b->obj.folio);
	KUNIT_EXPECT_PTR_EQ(test, a->obj.pages, b->obj.pages);
	KUNIT_EXPECT_EQ(test, a->obj.inner.a, b->obj.inner.a);
	KUNIT_EXPECT_EQ(test, a->obj.inner.b, b->obj.inner.b);
	KUNIT_EXPECT_EQ(test, a->obj.nr_arr, b->obj.nr_arr);
	KUNIT_EXPECT_MEMEQ(test, a->arr_val, b->arr_val,
			   a->obj.nr_arr * sizeof(a->arr_val[0]));
	KUNIT_EXPECT_EQ(test, a->obj.custom, b->obj.custom);
}

/* ------------------------------------------------------------------------
 * Round trips
 */

static void kstate_test_all_kinds(struct kunit *test)
{
	struct kt_env *in, *out;
	unsigned int nr_mem;
	const void *prop;
	void *fdt;
	int len;

	in = kunit_kzalloc(test, sizeof(*in), GFP_KERNEL);
	out = kunit_kzalloc(test, sizeof(*out), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, in);
	KUNIT_ASSERT_NOT_NULL(test, out);
	kt_env_fill(in);
	fdt = kt_save(test, &kt_v2, &in->obj, &nr_mem);
	KUNIT_ASSERT_NOT_NULL(test, fdt);
	/* The folio and the pages are to be preserved. */
	KUNIT_EXPECT_EQ(test, nr_mem, 2);

	/* The wire: one property per field, named after it. */
	KUNIT_EXPECT_EQ(test, kstate_check_fdt(fdt, KT_FDT_SIZE), 0);
	KUNIT_EXPECT_GE(test, fdt_path_offset(fdt, "/kt@2a"), 0);
	prop = fdt_getprop(fdt, fdt_path_offset(fdt, "/kt@2a"), "label", &len);
	KUNIT_EXPECT_NOT_NULL(test, prop);
	KUNIT_EXPECT_EQ(test, len, 10);
	prop = fdt_getprop(fdt, fdt_path_offset(fdt, "/kt@2a"), "arr", &len);
	KUNIT_EXPECT_EQ(test, len, 3 * (int)sizeof(u64));
	prop = fdt_getprop(fdt, fdt_path_offset(fdt, "/kt@2a"), "custom", &len);
	KUNIT_EXPECT_EQ(test, len, 8);
	KUNIT_EXPECT_GE(test, fdt_path_offset(fdt, "/kt@2a/inner"), 0);
	KUNIT_EXPECT_GE(test, fdt_path_offset(fdt, "/kt@2a/extra"), 0);

	kt_env_init(out);
	KUNIT_EXPECT_EQ(test, kt_restore(test, fdt, &kt_v2, &out->obj), 0);
	kt_expect_same_v1(test, in, out);
	KUNIT_EXPECT_EQ(test, in->obj.added, out->obj.added);
	KUNIT_EXPECT_EQ(test, in->obj.extra, out->obj.extra);
	/* Deprecated: neither written nor read. */
	KUNIT_EXPECT_EQ(test, out->obj.old, 0);
	KUNIT_EXPECT_EQ(test, folio_ref_count(kt_mem.folio), 2);
	kt_put_restored(&out->obj);
	kt_expect_mem_free(test);
}

static void kstate_test_null(struct kunit *test)
{
	struct kt_env *in, *out;
	unsigned int nr_mem;
	void *fdt;
	int len;

	in = kunit_kzalloc(test, sizeof(*in), GFP_KERNEL);
	out = kunit_kzalloc(test, sizeof(*out), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, in);
	KUNIT_ASSERT_NOT_NULL(test, out);
	kt_env_fill(in);
	in->obj.ptr = NULL;
	in->obj.folio = NULL;
	in->obj.pages = NULL;
	in->obj.nr_arr = 0;
	in->obj.extra = 0;	/* subsection not needed */
	fdt = kt_save(test, &kt_v2, &in->obj, &nr_mem);
	KUNIT_ASSERT_NOT_NULL(test, fdt);
	KUNIT_EXPECT_EQ(test, nr_mem, 0);
	KUNIT_EXPECT_NOT_NULL(test, fdt_getprop(fdt, fdt_path_offset(fdt, "/kt@2a"),
						"ptr", &len));
	KUNIT_EXPECT_EQ(test, len, 0);
	KUNIT_EXPECT_LT(test, fdt_path_offset(fdt, "/kt@2a/extra"), 0);

	kt_env_fill(out);
	out->ptr_val = 1234;
	out->obj.extra = 99;
	KUNIT_EXPECT_EQ(test, kt_restore(test, fdt, &kt_v2, &out->obj), 0);
	/* A NULL pointer restores nothing; NULL memory stays NULL. */
	KUNIT_EXPECT_EQ(test, out->ptr_val, 1234);
	KUNIT_EXPECT_NULL(test, out->obj.folio);
	KUNIT_EXPECT_NULL(test, out->obj.pages);
	KUNIT_EXPECT_EQ(test, out->obj.nr_arr, 0);
	/* A subsection not saved keeps its values. */
	KUNIT_EXPECT_EQ(test, out->obj.extra, 99);
	KUNIT_EXPECT_EQ(test, out->obj.i, in->obj.i);
	kt_expect_mem_free(test);
}

/* A second object with another instance: found by instance, not mixed. */
static void kstate_test_instances(struct kunit *test)
{
	struct kstate_ctx ctx = { };
	struct kt_env *a, *b, *out;
	void *fdt;
	int node;

	a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	out = kunit_kzalloc(test, sizeof(*out), GFP_KERNEL);
	fdt = kunit_kzalloc(test, KT_FDT_SIZE, GFP_KERNEL);
	ctx.buf = kunit_kzalloc(test, KSTATE_CUSTOM_MAX, GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, a && b && out && fdt && ctx.buf);
	kt_env_fill(a);
	kt_env_fill(b);
	a->obj.folio = NULL;
	b->obj.folio = NULL;
	a->obj.pages = NULL;
	b->obj.pages = NULL;
	KUNIT_ASSERT_EQ(test, kstate_write_begin(fdt, KT_FDT_SIZE), 0);
	KUNIT_ASSERT_EQ(test, kstate_write_object(fdt, &ctx, &kt_v1, &a->obj, 1), 0);
	KUNIT_ASSERT_EQ(test, kstate_write_object(fdt, &ctx, &kt_v1, &b->obj, 0x10), 0);
	KUNIT_ASSERT_EQ(test, kstate_write_end(fdt), 0);
	kfree(ctx.mem);
	ctx.mem = NULL;
	ctx.buf = NULL;

	KUNIT_EXPECT_EQ(test, kstate_find_object(fdt, KT_ID, 2), -ENOENT);
	KUNIT_EXPECT_EQ(test, kstate_find_object(fdt, KT_ID + 9, 1), -ENOENT);
	node = kstate_find_object(fdt, KT_ID, 0x10);
	KUNIT_ASSERT_GE(test, node, 0);
	KUNIT_EXPECT_STREQ(test, fdt_get_name(fdt, node, NULL), "kt@10");
	ctx.ops = &kt_ops;
	kt_env_init(out);
	KUNIT_EXPECT_EQ(test, kstate_read_object(fdt, node, &ctx, &kt_v1,
						 &out->obj, 0x10), 0);
	kstate_ctx_release(&ctx);
	kt_expect_same_v1(test, b, out);
	KUNIT_EXPECT_EQ(test, out->obj.old, b->obj.old);
}

/* ------------------------------------------------------------------------
 * Versions
 */

/* v1 state read as v2: the new field keeps its value, the old one is read. */
static void kstate_test_v1_to_v2(struct kunit *test)
{
	struct kt_env *in, *out;
	void *fdt;

	in = kunit_kzalloc(test, sizeof(*in), GFP_KERNEL);
	out = kunit_kzalloc(test, sizeof(*out), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, in && out);
	kt_env_fill(in);
	fdt = kt_save(test, &kt_v1, &in->obj, NULL);
	KUNIT_ASSERT_NOT_NULL(test, fdt);
	KUNIT_EXPECT_LT(test, fdt_path_offset(fdt, "/kt@2a/extra"), 0);

	kt_env_init(out);
	out->obj.added = 777;
	out->obj.extra = 888;
	KUNIT_EXPECT_EQ(test, kt_restore(test, fdt, &kt_v2, &out->obj), 0);
	kt_expect_same_v1(test, in, out);
	KUNIT_EXPECT_EQ(test, out->obj.added, 777);
	KUNIT_EXPECT_EQ(test, out->obj.extra, 888);
	/* Deprecated after version 1: still read from version 1. */
	KUNIT_EXPECT_EQ(test, out->obj.old, in->obj.old);
	kt_put_restored(&out->obj);
	kt_expect_mem_free(test);
}

/* v2 state read as v1: refused, the object untouched. */
static void kstate_test_too_new(struct kunit *test)
{
	struct kt_env *in, *out, *copy;
	void *fdt;

	in = kunit_kzalloc(test, sizeof(*in), GFP_KERNEL);
	out = kunit_kzalloc(test, sizeof(*out), GFP_KERNEL);
	copy = kunit_kzalloc(test, sizeof(*copy), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, in && out && copy);
	kt_env_fill(in);
	fdt = kt_save(test, &kt_v2, &in->obj, NULL);
	KUNIT_ASSERT_NOT_NULL(test, fdt);
	kt_env_init(out);
	*copy = *out;
	KUNIT_EXPECT_EQ(test, kt_restore(test, fdt, &kt_v1, &out->obj), -ERANGE);
	KUNIT_EXPECT_MEMEQ(test, out, copy, sizeof(*out));
	kt_expect_mem_free(test);
}

/* v1 state read by a kernel that reads from v2 on: refused. */
static void kstate_test_too_old(struct kunit *test)
{
	struct kt_env *in, *out, *copy;
	void *fdt;

	in = kunit_kzalloc(test, sizeof(*in), GFP_KERNEL);
	out = kunit_kzalloc(test, sizeof(*out), GFP_KERNEL);
	copy = kunit_kzalloc(test, sizeof(*copy), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, in && out && copy);
	kt_env_fill(in);
	fdt = kt_save(test, &kt_v1, &in->obj, NULL);
	KUNIT_ASSERT_NOT_NULL(test, fdt);
	kt_env_init(out);
	*copy = *out;
	KUNIT_EXPECT_EQ(test, kt_restore(test, fdt, &kt_v2_only, &out->obj),
			-ERANGE);
	KUNIT_EXPECT_MEMEQ(test, out, copy, sizeof(*out));
	kt_expect_mem_free(test);
}

/*
 * N+1 hands over to N: a v2 writer's subsection, unknown to a reader that
 * reads v2 but has no subsections, is ignored.
 */
static const struct kstate_description kt_v2_nosub = {
	.name = "kt",
	.id = KT_ID,
	.version_id = 2,
	.min_version_id = 1,
	.fields = kt_v2_fields,
};

static void kstate_test_unknown_subsection(struct kunit *test)
{
	struct kt_env *in, *out;
	void *fdt;

	in = kunit_kzalloc(test, sizeof(*in), GFP_KERNEL);
	out = kunit_kzalloc(test, sizeof(*out), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, in && out);
	kt_env_fill(in);
	fdt = kt_save(test, &kt_v2, &in->obj, NULL);
	KUNIT_ASSERT_NOT_NULL(test, fdt);
	KUNIT_EXPECT_GE(test, fdt_path_offset(fdt, "/kt@2a/extra"), 0);
	kt_env_init(out);
	KUNIT_EXPECT_EQ(test, kt_restore(test, fdt, &kt_v2_nosub, &out->obj), 0);
	kt_expect_same_v1(test, in, out);
	KUNIT_EXPECT_EQ(test, out->obj.added, in->obj.added);
	KUNIT_EXPECT_EQ(test, out->obj.extra, 0);
	kt_put_restored(&out->obj);

	/* A subsection of the same name but another id is not ours either. */
	{
		int node = fdt_path_offset(fdt, "/kt@2a/extra");
		u32 other = KT_ID + 99;

		KUNIT_ASSERT_GE(test, node, 0);
		KUNIT_ASSERT_EQ(test, fdt_setprop_inplace(fdt, node, "id", &other,
							  sizeof(other)), 0);
	}
	kt_env_init(out);
	KUNIT_EXPECT_EQ(test, kt_restore(test, fdt, &kt_v2, &out->obj), 0);
	KUNIT_EXPECT_EQ(test, out->obj.extra, 0);
	kt_put_restored(&out->obj);
	kt_expect_mem_free(test);
}

/* ------------------------------------------------------------------------
 * Malformed input
 */

enum kt_action { KT_DEL, KT_SET, KT_DEL_NODE };

struct kt_bad {
	const char *desc;
	const char *node;	/* path below / */
	const char *prop;
	enum kt_action action;
	int len;		/* KT_SET: new length, filled with @fill */
	u8 fill;
	int want;
};

/* A folio or pages property with other flags: stored as the first bytes. */
static const struct kt_bad kt_bad_cases[] = {
	{ "missing int", "kt@2a", "i", KT_DEL, 0, 0, -EBADMSG },
	{ "short int", "kt@2a", "i", KT_SET, 3, 0, -EBADMSG },
	{ "long char array", "kt@2a", "label", KT_SET, 11, 'x', -EBADMSG },
	{ "short pointee", "kt@2a", "ptr", KT_SET, 4, 0, -EBADMSG },
	{ "missing folio", "kt@2a", "folio", KT_DEL, 0, 0, -EBADMSG },
	{ "short folio", "kt@2a", "folio", KT_SET, 8, 0, -EBADMSG },
	{ "folio with unknown flags", "kt@2a", "folio", KT_SET, -1, 0x80, -EBADMSG },
	{ "folio marked as pages", "kt@2a", "folio", KT_SET, -1, KSTATE_MEM_PAGES, -EBADMSG },
	{ "folio misaligned", "kt@2a", "folio", KT_SET, -2, 0, -EBADMSG },
	{ "folio not preserved", "kt@2a", "folio", KT_SET, -3, 0, -EBADMSG },
	{ "pages of another order", "kt@2a", "pages", KT_SET, -4, 0, -EBADMSG },
	{ "array too long", "kt@2a", "arr", KT_SET, 5 * 8, 1, -EBADMSG },
	{ "array cut", "kt@2a", "arr", KT_SET, 12, 1, -EBADMSG },
	{ "custom refused", "kt@2a", "custom", KT_SET, 3, '1', -EBADMSG },
	{ "custom too long", "kt@2a", "custom", KT_SET, KSTATE_CUSTOM_MAX + 1, '1', -EBADMSG },
	{ "missing id", "kt@2a", "id", KT_DEL, 0, 0, -ENOENT },
	{ "missing version", "kt@2a", "version", KT_DEL, 0, 0, -EBADMSG },
	{ "short version", "kt@2a", "version", KT_SET, 2, 1, -EBADMSG },
	{ "version 0", "kt@2a", "version", KT_SET, 4, 0, -ERANGE },
	{ "version 255", "kt@2a", "version", KT_SET, 1, 0xff, -EBADMSG },
	{ "missing struct", "kt@2a/inner", NULL, KT_DEL_NODE, 0, 0, -EBADMSG },
	{ "struct of another id", "kt@2a/inner", "id", KT_SET, 4, 0x11, -EBADMSG },
	{ "struct field short", "kt@2a/inner", "b", KT_SET, 1, 0, -EBADMSG },
	{ "struct too new", "kt@2a/inner", "version", KT_SET, 4, 0x22, -ERANGE },
	{ "subsection field short", "kt@2a/extra", "extra", KT_SET, 7, 0, -EBADMSG },
	{ "new field missing", "kt@2a", "added", KT_DEL, 0, 0, -EBADMSG },
};

static void kt_bad_desc(const struct kt_bad *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kt_bad, kt_bad_cases, kt_bad_desc);

/* Apply @c to @fdt (which has room to grow). */
static int kt_corrupt(void *fdt, const struct kt_bad *c)
{
	struct kstate_mem_ser ser;
	const void *prop;
	char path[64];
	int node, len, ret;
	u8 *buf;

	snprintf(path, sizeof(path), "/%s", c->node);
	node = fdt_path_offset(fdt, path);
	if (node < 0)
		return node;
	switch (c->action) {
	case KT_DEL:
		return fdt_delprop(fdt, node, c->prop);
	case KT_DEL_NODE:
		return fdt_del_node(fdt, node);
	case KT_SET:
		break;
	}
	if (c->len >= 0) {
		buf = kmalloc(c->len + 1, GFP_KERNEL);
		if (!buf)
			return -ENOMEM;
		memset(buf, c->fill, c->len);
		ret = fdt_setprop(fdt, node, c->prop, buf, c->len);
		kfree(buf);
		return ret;
	}
	/* Negative lengths: change a kstate_mem_ser property. */
	prop = fdt_getprop(fdt, node, c->prop, &len);
	if (!prop || len != sizeof(ser))
		return -1;
	memcpy(&ser, prop, sizeof(ser));
	switch (c->len) {
	case -1:
		ser.flags |= c->fill;
		break;
	case -2:
		ser.phys += PAGE_SIZE;
		break;
	case -3:
		ser.phys += 2 * PAGE_SIZE;
		break;
	case -4:
		ser.order = 0;
		break;
	}
	return fdt_setprop_inplace(fdt, node, c->prop, &ser, sizeof(ser));
}

static void kstate_test_malformed(struct kunit *test)
{
	const struct kt_bad *c = test->param_value;
	struct kt_env *in, *out, *copy;
	void *fdt;

	in = kunit_kzalloc(test, sizeof(*in), GFP_KERNEL);
	out = kunit_kzalloc(test, sizeof(*out), GFP_KERNEL);
	copy = kunit_kzalloc(test, sizeof(*copy), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, in && out && copy);
	kt_env_fill(in);
	fdt = kt_save(test, &kt_v2, &in->obj, NULL);
	KUNIT_ASSERT_NOT_NULL(test, fdt);
	KUNIT_ASSERT_EQ(test, fdt_open_into(fdt, fdt, KT_FDT_SIZE), 0);
	KUNIT_ASSERT_EQ(test, kt_corrupt(fdt, c), 0);
	KUNIT_ASSERT_EQ(test, fdt_pack(fdt), 0);

	kt_env_init(out);
	out->obj.i = 5;
	*copy = *out;
	KUNIT_EXPECT_EQ(test, kt_restore(test, fdt, &kt_v2, &out->obj), c->want);
	/* Nothing of the object restored, nothing of the memory taken. */
	KUNIT_EXPECT_MEMEQ(test, out, copy, sizeof(*out));
	kt_expect_mem_free(test);
}

/* Random bytes over a saved object: any verdict, but no crash and no leak. */
static void kstate_test_random_corruption(struct kunit *test)
{
	struct kt_env *in, *out;
	unsigned int i, j, refused = 0;
	void *good, *fdt;
	size_t size;
	int ret;

	in = kunit_kzalloc(test, sizeof(*in), GFP_KERNEL);
	out = kunit_kzalloc(test, sizeof(*out), GFP_KERNEL);
	fdt = kunit_kzalloc(test, KT_FDT_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, in && out && fdt);
	kt_env_fill(in);
	good = kt_save(test, &kt_v2, &in->obj, NULL);
	KUNIT_ASSERT_NOT_NULL(test, good);
	size = fdt_totalsize(good);

	for (i = 0; i < 200; i++) {
		memcpy(fdt, good, size);
		for (j = 0; j < 1 + get_random_u32_below(4); j++)
			((u8 *)fdt)[get_random_u32_below(size)] = get_random_u8();
		kt_env_init(out);
		if (kstate_check_fdt(fdt, size)) {
			refused++;
			continue;
		}
		ret = kt_restore(test, fdt, &kt_v2, &out->obj);
		if (ret) {
			refused++;
			continue;
		}
		kt_put_restored(&out->obj);
	}
	kunit_info(test, "%u of 200 corrupted FDTs refused\n", refused);
	kt_expect_mem_free(test);
}

static void kstate_test_check_fdt(struct kunit *test)
{
	struct kt_env *in;
	void *fdt;
	u8 *junk;

	in = kunit_kzalloc(test, sizeof(*in), GFP_KERNEL);
	junk = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, in && junk);
	kt_env_fill(in);
	fdt = kt_save(test, &kt_v1, &in->obj, NULL);
	KUNIT_ASSERT_NOT_NULL(test, fdt);
	KUNIT_EXPECT_EQ(test, kstate_check_fdt(fdt, KT_FDT_SIZE), 0);
	/* Larger than the memory it is in. */
	KUNIT_EXPECT_EQ(test, kstate_check_fdt(fdt, fdt_totalsize(fdt) - 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, kstate_check_fdt(fdt, 8), -EINVAL);
	get_random_bytes(junk, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, kstate_check_fdt(junk, PAGE_SIZE), -EINVAL);
	/* Another compatible. */
	KUNIT_ASSERT_EQ(test, fdt_open_into(fdt, fdt, KT_FDT_SIZE), 0);
	KUNIT_ASSERT_EQ(test, fdt_setprop_string(fdt, 0, "compatible",
						 "kstate-v2"), 0);
	KUNIT_EXPECT_EQ(test, kstate_check_fdt(fdt, KT_FDT_SIZE), -EINVAL);
}

/* ------------------------------------------------------------------------
 * Descriptions and saving errors
 */

static const struct kstate_field kt_bad_name_fields[] = {
	KSTATE_BASE_TYPE(i, struct kt_obj, int),
	KSTATE_END_OF_LIST(),
};

static const struct kstate_field kt_dup_fields[] = {
	KSTATE_BASE_TYPE(i, struct kt_obj, int),
	KSTATE_BASE_TYPE(i, struct kt_obj, int),
	KSTATE_END_OF_LIST(),
};

static const struct kstate_field kt_future_fields[] = {
	KSTATE_BASE_TYPE_V(added, struct kt_obj, u32, 3),
	KSTATE_END_OF_LIST(),
};

static const struct kstate_field kt_dep_fields[] = {
	KSTATE_BASE_TYPE_DEPRECATED(old, struct kt_obj, u32, 2),
	KSTATE_END_OF_LIST(),
};

struct kt_id_obj {
	u32 id;
	char name[4];
};

static const struct kstate_field kt_id_fields[] = {
	KSTATE_BASE_TYPE(id, struct kt_id_obj, u32),
	KSTATE_END_OF_LIST(),
};

/* "name" has a meaning in devicetree: dtc wants a string. */
static const struct kstate_field kt_dt_name_fields[] = {
	KSTATE_BASE_TYPE(name, struct kt_id_obj, char[4]),
	KSTATE_END_OF_LIST(),
};

static const struct kstate_description kt_bad_descs[] = {
	{ .name = "a@b", .version_id = 1, .fields = kt_bad_name_fields },
	{ .name = "", .version_id = 1, .fields = kt_bad_name_fields },
	{ .name = "a", .version_id = 1, .min_version_id = 2,
	  .fields = kt_bad_name_fields },
	{ .name = "a", .version_id = 1 },
	{ .name = "a", .version_id = 1, .fields = kt_dup_fields },
	{ .name = "a", .version_id = 2, .fields = kt_future_fields },
	{ .name = "a", .version_id = 2, .fields = kt_dep_fields },
	{ .name = "a", .version_id = 1, .fields = kt_id_fields },
	{ .name = "a", .version_id = 1, .fields = kt_dt_name_fields },
};

static void kstate_test_bad_desc(struct kunit *test)
{
	unsigned int i;

	KUNIT_EXPECT_EQ(test, kstate_check_desc(&kt_v1), 0);
	KUNIT_EXPECT_EQ(test, kstate_check_desc(&kt_v2), 0);
	KUNIT_EXPECT_EQ(test, kstate_check_desc(NULL), -EINVAL);
	for (i = 0; i < ARRAY_SIZE(kt_bad_descs); i++)
		KUNIT_EXPECT_EQ_MSG(test, kstate_check_desc(&kt_bad_descs[i]),
				    -EINVAL, "description %u", i);
	/* kstate_register() refuses them too, before anything else. */
	KUNIT_EXPECT_EQ(test, kstate_register(&kt_bad_descs[0], test, 1),
			-EINVAL);
}

static void kstate_test_save_errors(struct kunit *test)
{
	struct kt_env *in;
	struct kstate_ctx ctx = { };
	void *fdt;

	in = kunit_kzalloc(test, sizeof(*in), GFP_KERNEL);
	fdt = kunit_kzalloc(test, KT_FDT_SIZE, GFP_KERNEL);
	ctx.buf = kmalloc(KSTATE_CUSTOM_MAX, GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, in && fdt && ctx.buf);
	kt_env_fill(in);

	/* Too small a buffer: -ENOSPC, for the caller to retry bigger. */
	KUNIT_EXPECT_EQ(test, kstate_write_begin(fdt, 64), -ENOSPC);
	KUNIT_ASSERT_EQ(test, kstate_write_begin(fdt, 256), 0);
	KUNIT_EXPECT_EQ(test, kstate_write_object(fdt, &ctx, &kt_v2, &in->obj,
						  1), -ENOSPC);
	/* More pointers in use than the array has, or a NULL one. */
	KUNIT_ASSERT_EQ(test, kstate_write_begin(fdt, KT_FDT_SIZE), 0);
	in->obj.nr_arr = 5;
	KUNIT_EXPECT_EQ(test, kstate_write_object(fdt, &ctx, &kt_v2, &in->obj,
						  1), -ERANGE);
	KUNIT_ASSERT_EQ(test, kstate_write_begin(fdt, KT_FDT_SIZE), 0);
	in->obj.nr_arr = 2;
	in->obj.arr[1] = NULL;
	KUNIT_EXPECT_EQ(test, kstate_write_object(fdt, &ctx, &kt_v2, &in->obj,
						  1), -EFAULT);
	kstate_ctx_release(&ctx);
}

static struct kunit_case kstate_test_cases[] = {
	KUNIT_CASE(kstate_test_all_kinds),
	KUNIT_CASE(kstate_test_null),
	KUNIT_CASE(kstate_test_instances),
	KUNIT_CASE(kstate_test_v1_to_v2),
	KUNIT_CASE(kstate_test_too_new),
	KUNIT_CASE(kstate_test_too_old),
	KUNIT_CASE(kstate_test_unknown_subsection),
	KUNIT_CASE_PARAM(kstate_test_malformed, kt_bad_gen_params),
	KUNIT_CASE(kstate_test_random_corruption),
	KUNIT_CASE(kstate_test_check_fdt),
	KUNIT_CASE(kstate_test_bad_desc),
	KUNIT_CASE(kstate_test_save_errors),
	{}
};

static struct kunit_suite kstate_test_suite = {
	.name = "kstate",
	.init = kt_init,
	.test_cases = kstate_test_cases,
};

kunit_test_suite(kstate_test_suite);

MODULE_DESCRIPTION("KUnit tests of the KSTATE serializer");
MODULE_LICENSE("GPL");
