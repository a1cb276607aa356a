// SPDX-License-Identifier: GPL-2.0
/*
 * test_kstate: a KSTATE test that spans kexecs.
 *
 * With test_kstate.enable=1, the module registers test_kstate.nr objects
 * "tk" (instances 0, 1, ...) whose description has every field kind: an
 * int, an unsigned long through a pointer, a char[10], a folio, two pages,
 * a nested struct, an array of pointers and a custom field (saved as text
 * by callbacks). If the previous kernel saved them, kstate_register()
 * restores them and the module checks them: the CRC32 of their contents
 * (folio included) must be the one saved with them, and is printed, so
 * that the test script compares it with the one of the previous kernel:
 *
 *   test_kstate: tk@N restored: generation G, crc 0x..., folio 0x... order O, pages 0x...
 *   test_kstate: PASS restored N objects, generation G
 *   test_kstate: FAIL ...
 *
 * Then every object is filled with new random data for the next kernel
 * (the folio and pages kept or replaced every other generation) and its
 * CRC printed:
 *
 *   test_kstate: tk@N prepared: generation G, crc 0x..., folio 0x... order O, pages 0x...
 *
 * One more object, "tkv", tests versions across kexec: its description is
 * chosen by test_kstate.version (1: fields base and old; 2: old deprecated
 * after version 1, added from version 2 on, subsection tkv_extra; 3: as 2),
 * test_kstate.min_version and test_kstate.subsection (whether the
 * description knows tkv_extra). It prints what it got back and what it
 * saves:
 *
 *   test_kstate: tkv restored by version V: base=0x... old=0x... added=0x... extra=0x...
 *   test_kstate: tkv refused (-34), registered again: 0
 *   test_kstate: tkv prepared by version V: base=0x... old=0x... added=0x... extra=0x...
 *
 * Fields absent from the state keep their defaults: old 0, added 0xadded,
 * extra 0. The module cannot be unloaded: its objects are registered for
 * good.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/crc32.h>
#include <linux/gfp.h>
#include <linux/kstate.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>

#define TK_ID		0x7e570001
#define TK_INNER_ID	0x7e570002
#define TKV_ID		0x7e570003
#define TKV_EXTRA_ID	0x7e570004
#define TK_ARR		4
#define TK_MAX_ORDER	2
#define TK_PAGES_ORDER	1
#define TK_PAGES_SIZE	(PAGE_SIZE << TK_PAGES_ORDER)
#define TKV_ADDED_DEFAULT	0xadded

static bool enable = IS_MODULE(CONFIG_TEST_KSTATE);
module_param(enable, bool, 0444);
MODULE_PARM_DESC(enable, "register the test objects (default: on as a module, off built in)");

static unsigned int nr = 3;
module_param(nr, uint, 0444);
MODULE_PARM_DESC(nr, "number of tk objects (default 3)");

static unsigned int version = 1;
module_param(version, uint, 0444);
MODULE_PARM_DESC(version, "version of the tkv description: 1, 2 or 3 (default 1)");

static unsigned int min_version = 1;
module_param(min_version, uint, 0444);
MODULE_PARM_DESC(min_version, "oldest version of tkv read (default 1)");

static bool subsection = true;
module_param(subsection, bool, 0444);
MODULE_PARM_DESC(subsection, "the tkv description (version 2 and up) knows the tkv_extra subsection (default on)");

struct tk_inner {
	u64 a;
	u32 b;
	u16 c;
};

/**
 * struct tk_obj - the test object
 * @i: a plain int
 * @ptr: an unsigned long saved through the pointer
 * @comm: a char[10]
 * @folio: random data in a folio, preserved with KHO
 * @pages: random data in two pages, preserved with KHO
 * @inner: a nested struct
 * @arr: pointers to u64s, the first @nr_arr saved
 * @nr_arr: number of pointers of @arr in use
 * @stamp: saved as a string of 16 hex digits by custom callbacks
 * @generation: of the data, 1 for the first kernel
 * @crc: CRC32 of all of the above (values, not addresses)
 */
struct tk_obj {
	int i;
	unsigned long *ptr;
	char comm[10];
	struct folio *folio;
	struct page *pages;
	struct tk_inner inner;
	u64 *arr[TK_ARR];
	u32 nr_arr;
	u64 stamp;
	u64 generation;
	u32 crc;
};

static const struct kstate_field tk_inner_fields[] = {
	KSTATE_BASE_TYPE(a, struct tk_inner, u64),
	KSTATE_BASE_TYPE(b, struct tk_inner, u32),
	KSTATE_BASE_TYPE(c, struct tk_inner, u16),
	KSTATE_END_OF_LIST(),
};

static const struct kstate_description tk_inner_desc = {
	.name = "tk_inner",
	.id = TK_INNER_ID,
	.version_id = 1,
	.min_version_id = 1,
	.fields = tk_inner_fields,
};

static unsigned int tk_count(const void *obj)
{
	return ((const struct tk_obj *)obj)->nr_arr;
}

/* The stamp is saved as a string of 16 hex digits, which dtc shows as such. */
static int tk_save_stamp(const void *field, void *buf, size_t size)
{
	return scnprintf(buf, size, "%016llx", *(const u64 *)field) + 1;
}

static int tk_restore_stamp(void *field, const void *buf, size_t len)
{
	const char *s = buf;

	if (len != 17 || s[16])
		return -EINVAL;
	return kstrtou64(s, 16, field);
}

static const struct kstate_field tk_fields[] = {
	KSTATE_BASE_TYPE(i, struct tk_obj, int),
	KSTATE_POINTER(ptr, struct tk_obj),
	KSTATE_BASE_TYPE(comm, struct tk_obj, char[10]),
	KSTATE_FOLIO(folio, struct tk_obj),
	KSTATE_PAGE(pages, struct tk_obj, TK_PAGES_ORDER),
	KSTATE_STRUCT(inner, struct tk_obj, tk_inner_desc),
	KSTATE_ARRAY_OF_POINTER(arr, struct tk_obj, tk_count),
	KSTATE_BASE_TYPE(nr_arr, struct tk_obj, u32),
	KSTATE_CUSTOM(stamp, struct tk_obj, tk_save_stamp, tk_restore_stamp),
	KSTATE_BASE_TYPE(generation, struct tk_obj, u64),
	KSTATE_BASE_TYPE(crc, struct tk_obj, u32),
	KSTATE_END_OF_LIST(),
};

static const struct kstate_description tk_desc = {
	.name = "tk",
	.id = TK_ID,
	.version_id = 1,
	.min_version_id = 1,
	.fields = tk_fields,
};

/* The versioned object. */
struct tkv_obj {
	u64 base;
	u32 old;
	u32 added;
	u64 extra;
};

static const struct kstate_field tkv_fields_v1[] = {
	KSTATE_BASE_TYPE(base, struct tkv_obj, u64),
	KSTATE_BASE_TYPE(old, struct tkv_obj, u32),
	KSTATE_END_OF_LIST(),
};

static const struct kstate_field tkv_fields_v2[] = {
	KSTATE_BASE_TYPE(base, struct tkv_obj, u64),
	KSTATE_BASE_TYPE_DEPRECATED(old, struct tkv_obj, u32, 1),
	KSTATE_BASE_TYPE_V(added, struct tkv_obj, u32, 2),
	KSTATE_END_OF_LIST(),
};

static const struct kstate_field tkv_extra_fields[] = {
	KSTATE_BASE_TYPE(extra, struct tkv_obj, u64),
	KSTATE_END_OF_LIST(),
};

static const struct kstate_description tkv_extra_desc = {
	.name = "tkv_extra",
	.id = TKV_EXTRA_ID,
	.version_id = 1,
	.min_version_id = 1,
	.fields = tkv_extra_fields,
};

static const struct kstate_description * const tkv_subsections[] = {
	&tkv_extra_desc,
	NULL,
};

static struct kstate_description tkv_desc = {
	.name = "tkv",
	.id = TKV_ID,
};

static struct tk_obj **tk_objs;
static struct tkv_obj tkv;

static u32 tk_crc(const struct tk_obj *o)
{
	u32 crc = ~0;
	unsigned int i;

	crc = crc32_le(crc, (const void *)&o->i, sizeof(o->i));
	crc = crc32_le(crc, (const void *)o->ptr, sizeof(*o->ptr));
	crc = crc32_le(crc, o->comm, sizeof(o->comm));
	if (o->folio)
		crc = crc32_le(crc, folio_address(o->folio),
			       folio_size(o->folio));
	if (o->pages)
		crc = crc32_le(crc, page_address(o->pages), TK_PAGES_SIZE);
	crc = crc32_le(crc, (const void *)&o->inner.a, sizeof(o->inner.a));
	crc = crc32_le(crc, (const void *)&o->inner.b, sizeof(o->inner.b));
	crc = crc32_le(crc, (const void *)&o->inner.c, sizeof(o->inner.c));
	for (i = 0; i < o->nr_arr && i < TK_ARR; i++)
		crc = crc32_le(crc, (const void *)o->arr[i], sizeof(*o->arr[i]));
	crc = crc32_le(crc, (const void *)&o->nr_arr, sizeof(o->nr_arr));
	crc = crc32_le(crc, (const void *)&o->stamp, sizeof(o->stamp));
	return crc32_le(crc, (const void *)&o->generation,
			sizeof(o->generation));
}

static struct tk_obj *tk_alloc(void)
{
	struct tk_obj *o = kzalloc(sizeof(*o), GFP_KERNEL);
	unsigned int i;

	if (!o)
		return NULL;
	o->ptr = kzalloc(sizeof(*o->ptr), GFP_KERNEL);
	if (!o->ptr)
		goto fail;
	for (i = 0; i < TK_ARR; i++) {
		o->arr[i] = kzalloc(sizeof(*o->arr[i]), GFP_KERNEL);
		if (!o->arr[i])
			goto fail;
	}
	return o;
fail:
	for (i = 0; i < TK_ARR; i++)
		kfree(o->arr[i]);
	kfree(o->ptr);
	kfree(o);
	return NULL;
}

static u64 tk_phys(const struct tk_obj *o)
{
	return o->folio ? PFN_PHYS(folio_pfn(o->folio)) : 0;
}

/* Check a restored object. Return: whether it is good. */
static bool tk_check(struct tk_obj *o, unsigned int idx, u64 *generation)
{
	u32 crc = tk_crc(o);

	pr_info("tk@%x restored: generation %llu, crc %#010x, folio %#llx order %d, pages %#llx\n",
		idx, o->generation, crc, tk_phys(o),
		o->folio ? (int)folio_order(o->folio) : -1,
		o->pages ? (u64)PFN_PHYS(page_to_pfn(o->pages)) : 0);
	if (!o->folio || !o->pages || crc != o->crc || !o->generation ||
	    o->nr_arr > TK_ARR) {
		pr_err("FAIL: tk@%x: crc %#010x, saved %#010x, folio %s, pages %s, %u array elements\n",
		       idx, crc, o->crc, o->folio ? "restored" : "missing",
		       o->pages ? "restored" : "missing", o->nr_arr);
		return false;
	}
	if (*generation && *generation != o->generation) {
		pr_err("FAIL: tk@%x: generation %llu, others %llu\n", idx,
		       o->generation, *generation);
		return false;
	}
	*generation = o->generation;
	return true;
}

/* New random contents for the next kernel. */
static int tk_fill(struct tk_obj *o, u64 generation)
{
	unsigned int i;

	/* Every other generation, the restored memory is replaced. */
	if (o->folio && (generation & 1)) {
		folio_put(o->folio);
		o->folio = NULL;
	}
	if (o->pages && (generation & 1)) {
		for (i = 0; i < (1U << TK_PAGES_ORDER); i++)
			__free_page(nth_page(o->pages, i));
		o->pages = NULL;
	}
	if (!o->pages) {
		/* Order-0 pages, as kho_restore_pages() gives them back. */
		o->pages = alloc_pages(GFP_KERNEL, TK_PAGES_ORDER);
		if (!o->pages)
			return -ENOMEM;
		split_page(o->pages, TK_PAGES_ORDER);
	}
	get_random_bytes(page_address(o->pages), TK_PAGES_SIZE);
	if (!o->folio) {
		o->folio = folio_alloc(GFP_KERNEL,
				       get_random_u32_below(TK_MAX_ORDER + 1));
		if (!o->folio)
			return -ENOMEM;
	}
	get_random_bytes(folio_address(o->folio), folio_size(o->folio));
	o->i = get_random_u32();
	*o->ptr = get_random_long();
	get_random_bytes(o->comm, sizeof(o->comm));
	get_random_bytes(&o->inner, sizeof(o->inner));
	o->nr_arr = 1 + get_random_u32_below(TK_ARR);
	for (i = 0; i < TK_ARR; i++)
		*o->arr[i] = get_random_u64();
	o->stamp = get_random_u64();
	o->generation = generation;
	o->crc = tk_crc(o);
	return 0;
}

static void tkv_print(const char *what)
{
	pr_info("tkv %s by version %u: base=%#llx old=%#x added=%#x extra=%#llx\n",
		what, version, tkv.base, tkv.old, tkv.added, tkv.extra);
}

static void test_kstate_tkv(void)
{
	int ret, again;

	tkv_desc.version_id = version;
	tkv_desc.min_version_id = min_version;
	tkv_desc.fields = version == 1 ? tkv_fields_v1 : tkv_fields_v2;
	tkv_desc.subsections = version > 1 && subsection ? tkv_subsections :
							   NULL;
	tkv.added = TKV_ADDED_DEFAULT;

	ret = kstate_register(&tkv_desc, &tkv, 0);
	if (ret == KSTATE_RESTORED) {
		tkv_print("restored");
	} else if (ret < 0) {
		again = kstate_register(&tkv_desc, &tkv, 0);
		pr_info("tkv refused (%d), registered again: %d\n", ret, again);
		if (again)
			return;
	}
	tkv.base = get_random_u64();
	if (version == 1)
		tkv.old = get_random_u32();
	else
		tkv.added = get_random_u32();
	if (version > 1 && subsection)
		tkv.extra = get_random_u64();
	tkv_print("prepared");
}

static int __init test_kstate_init(void)
{
	unsigned int i, restored = 0, bad = 0;
	u64 generation = 0;
	int ret;

	if (!enable)
		return 0;
	if (version < 1 || version > 3 || min_version > version) {
		pr_err("FAIL: bad version=%u min_version=%u\n", version,
		       min_version);
		return 0;
	}
	tk_objs = kcalloc(nr, sizeof(*tk_objs), GFP_KERNEL);
	if (!tk_objs)
		return -ENOMEM;
	for (i = 0; i < nr; i++) {
		tk_objs[i] = tk_alloc();
		if (!tk_objs[i])
			return -ENOMEM;
		ret = kstate_register(&tk_desc, tk_objs[i], i);
		if (ret == KSTATE_RESTORED) {
			restored++;
			if (!tk_check(tk_objs[i], i, &generation))
				bad++;
		} else if (ret) {
			pr_err("FAIL: tk@%x: kstate_register: %d\n", i, ret);
			bad++;
			kfree(tk_objs[i]);
			tk_objs[i] = NULL;
		}
	}
	if (bad || (restored && restored != nr))
		pr_err("FAIL: %u of %u objects restored, %u bad, generation %llu\n",
		       restored, nr, bad, generation);
	else if (restored)
		pr_info("PASS restored %u objects, generation %llu\n", restored,
			generation);

	test_kstate_tkv();

	for (i = 0; i < nr; i++) {
		struct tk_obj *o = tk_objs[i];

		if (!o)
			continue;
		if (tk_fill(o, generation + 1)) {
			pr_err("FAIL: tk@%x: out of memory\n", i);
			continue;
		}
		pr_info("tk@%x prepared: generation %llu, crc %#010x, folio %#llx order %d, pages %#llx\n",
			i, o->generation, o->crc, tk_phys(o),
			(int)folio_order(o->folio),
			(u64)PFN_PHYS(page_to_pfn(o->pages)));
	}
	return 0;
}
module_init(test_kstate_init);

MODULE_DESCRIPTION("KSTATE test: objects of every field kind across kexec");
MODULE_LICENSE("GPL");
