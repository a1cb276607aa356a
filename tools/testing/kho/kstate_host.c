// SPDX-License-Identifier: GPL-2.0
/*
 * KSTATE on the host (kstate_host.h): the memory model behind FOLIO and
 * PAGE fields, the test descriptions and the reader's run on one input.
 *
 * The model has KH_MEM_PAGES pages, each free, live (a folio or an order-0
 * page that its owner must free) or preserved (handed over, to be restored
 * once, as the kind it was preserved as). kstate.c gets its folios and
 * pages from here, so any misuse aborts: freeing what is not live, freeing
 * twice, the order of a folio that is not live; and a run can count what
 * is still live at its end, a leak.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>

#include <asm/page.h>
#include <linux/errno.h>
#include <linux/kho/abi/kstate.h>
#include <linux/mm.h>

#include "kho_shim.h"
#include "kstate_host.h"

/* ------------------------------------------------------------------ */
/* Memory */

enum kh_state {
	KH_FREE,
	KH_LIVE_FOLIO,
	KH_LIVE_PAGE,
	KH_PRESERVED_FOLIO,
	KH_PRESERVED_PAGE,
};

static struct page kh_pages[KH_MEM_PAGES];
static struct {
	u8 state;	/* enum kh_state */
	u8 order;	/* of the folio whose first page this is */
	bool head;	/* the first page of a folio */
} kh_mem[KH_MEM_PAGES];

#define kh_bug(...)	kho_shim_bug("kstate host", __VA_ARGS__)

static long kh_idx(const struct page *page)
{
	if (page < kh_pages || page >= kh_pages + KH_MEM_PAGES)
		return -1;
	return page - kh_pages;
}

/* Index of the page at @phys, or -1 outside the model or unaligned. */
static long kh_phys_idx(u64 phys)
{
	if (phys < KH_MEM_BASE || phys % PAGE_SIZE ||
	    phys - KH_MEM_BASE >= (u64)KH_MEM_PAGES * PAGE_SIZE)
		return -1;
	return (phys - KH_MEM_BASE) / PAGE_SIZE;
}

unsigned long page_to_pfn(const struct page *page)
{
	long i = kh_idx(page);

	if (i < 0)
		kh_bug("page_to_pfn(%p): not a page of the model", page);
	return KH_MEM_BASE / PAGE_SIZE + i;
}

unsigned int folio_order(const struct folio *folio)
{
	long i = kh_idx(&folio->page);

	if (i < 0 || kh_mem[i].state != KH_LIVE_FOLIO || !kh_mem[i].head)
		kh_bug("folio_order(%p): not a live folio", folio);
	return kh_mem[i].order;
}

static void kh_set(long i, unsigned int nr, enum kh_state state,
		   unsigned int order, bool head)
{
	unsigned int j;

	for (j = 0; j < nr; j++) {
		kh_mem[i + j].state = state;
		kh_mem[i + j].order = order;
		kh_mem[i + j].head = head && !j;
	}
}

void folio_put(struct folio *folio)
{
	long i = kh_idx(&folio->page);

	if (i < 0 || kh_mem[i].state != KH_LIVE_FOLIO || !kh_mem[i].head)
		kh_bug("folio_put(%p): not a live folio", folio);
	kh_set(i, 1U << kh_mem[i].order, KH_FREE, 0, false);
}

void __free_page(struct page *page)
{
	long i = kh_idx(page);

	if (i < 0 || kh_mem[i].state != KH_LIVE_PAGE)
		kh_bug("__free_page(%p): not a live page", page);
	kh_set(i, 1, KH_FREE, 0, false);
}

void kstate_host_mem_reset(void)
{
	memset(kh_mem, 0, sizeof(kh_mem));
}

static unsigned long kh_count(enum kh_state a, enum kh_state b)
{
	unsigned long n = 0;
	long i;

	for (i = 0; i < KH_MEM_PAGES; i++)
		n += kh_mem[i].state == a || kh_mem[i].state == b;
	return n;
}

unsigned long kstate_host_mem_live(void)
{
	return kh_count(KH_LIVE_FOLIO, KH_LIVE_PAGE);
}

unsigned long kstate_host_mem_preserved(void)
{
	return kh_count(KH_PRESERVED_FOLIO, KH_PRESERVED_PAGE);
}

/* Whether the @nr pages from @i are in the model and all in @state. */
static bool kh_all(long i, unsigned long nr, enum kh_state state)
{
	unsigned long j;

	if (i < 0 || nr > KH_MEM_PAGES - i)
		return false;
	for (j = 0; j < nr; j++) {
		if (kh_mem[i + j].state != state)
			return false;
	}
	return true;
}

static long kh_alloc(unsigned int order, enum kh_state state)
{
	long i;

	for (i = 0; i < KH_MEM_PAGES; i += 1L << order) {
		if (kh_all(i, 1UL << order, KH_FREE)) {
			if (state == KH_LIVE_FOLIO)
				kh_set(i, 1U << order, state, order, true);
			else
				kh_set(i, 1U << order, state, 0, false);
			return i;
		}
	}
	return -1;
}

struct folio *kstate_host_alloc_folio(unsigned int order)
{
	long i = kh_alloc(order, KH_LIVE_FOLIO);

	return i < 0 ? NULL : (struct folio *)&kh_pages[i];
}

struct page *kstate_host_alloc_pages(unsigned int order)
{
	long i = kh_alloc(order, KH_LIVE_PAGE);

	return i < 0 ? NULL : &kh_pages[i];
}

int kstate_host_preserve(u64 phys, unsigned int order, bool pages)
{
	long i = kh_phys_idx(phys);

	if (order > MAX_PAGE_ORDER || i < 0 ||
	    (!pages && phys % (PAGE_SIZE << order)) ||
	    !kh_all(i, 1UL << order, KH_FREE))
		return -EINVAL;
	if (pages)
		kh_set(i, 1U << order, KH_PRESERVED_PAGE, 0, false);
	else
		kh_set(i, 1U << order, KH_PRESERVED_FOLIO, order, true);
	return 0;
}

void kstate_host_handover(const struct kstate_ctx *ctx)
{
	unsigned int i;
	int ret;

	kstate_host_mem_reset();
	for (i = 0; i < ctx->nr_mem; i++) {
		const struct kstate_mem *m = &ctx->mem[i];

		if (m->folio)
			ret = kstate_host_preserve(PFN_PHYS(folio_pfn(m->folio)),
						   m->order, false);
		else
			ret = kstate_host_preserve(PFN_PHYS(page_to_pfn(m->page)),
						   m->order, true);
		if (ret)
			kh_bug("handover: memory %u of the save preserved twice", i);
	}
}

struct folio *kstate_host_restore_folio(phys_addr_t phys)
{
	long i = kh_phys_idx(phys);

	if (i < 0 || kh_mem[i].state != KH_PRESERVED_FOLIO || !kh_mem[i].head)
		return NULL;
	kh_set(i, 1U << kh_mem[i].order, KH_LIVE_FOLIO, kh_mem[i].order, true);
	return (struct folio *)&kh_pages[i];
}

struct page *kstate_host_restore_pages(phys_addr_t phys, unsigned int nr)
{
	long i = kh_phys_idx(phys);

	if (!nr || !kh_all(i, nr, KH_PRESERVED_PAGE))
		return NULL;
	kh_set(i, nr, KH_LIVE_PAGE, 0, false);
	return &kh_pages[i];
}

const struct kstate_mem_ops kstate_host_ops = {
	.restore_folio = kstate_host_restore_folio,
	.restore_pages = kstate_host_restore_pages,
};

/* ------------------------------------------------------------------ */
/* Descriptions */

static const struct kstate_field kh_inner_fields[] = {
	KSTATE_BASE_TYPE(a, struct kh_inner, u32),
	KSTATE_BASE_TYPE(b, struct kh_inner, u16),
	KSTATE_END_OF_LIST(),
};

static const struct kstate_description kh_inner_desc = {
	.name = "inner",
	.id = KH_ID + 1,
	.version_id = 1,
	.min_version_id = 1,
	.fields = kh_inner_fields,
};

static unsigned int kh_count_arr(const void *obj)
{
	return ((const struct kh_obj *)obj)->nr_arr;
}

/* The custom field is saved as 8 hex digits. */
static int kh_save_custom(const void *field, void *buf, size_t size)
{
	return snprintf(buf, size, "%08x", *(const u32 *)field);
}

static int kh_restore_custom(void *field, const void *buf, size_t len)
{
	char tmp[9];

	if (len != 8)
		return -EINVAL;
	memcpy(tmp, buf, 8);
	tmp[8] = '\0';
	return kstrtou32(tmp, 16, field);
}

#define KH_COMMON_FIELDS						\
	KSTATE_BASE_TYPE(u8v, struct kh_obj, u8),			\
	KSTATE_BASE_TYPE(u16v, struct kh_obj, u16),			\
	KSTATE_BASE_TYPE(u32v, struct kh_obj, u32),			\
	KSTATE_BASE_TYPE(u64v, struct kh_obj, u64),			\
	KSTATE_BASE_TYPE(s64v, struct kh_obj, s64),			\
	KSTATE_BASE_TYPE(i, struct kh_obj, int),			\
	KSTATE_BASE_TYPE(flag, struct kh_obj, bool),			\
	KSTATE_BASE_TYPE(label, struct kh_obj, char[10]),		\
	KSTATE_POINTER(ptr, struct kh_obj),				\
	KSTATE_STRUCT(inner, struct kh_obj, kh_inner_desc),		\
	KSTATE_ARRAY_OF_POINTER(arr, struct kh_obj, kh_count_arr),	\
	KSTATE_BASE_TYPE(nr_arr, struct kh_obj, unsigned int),		\
	KSTATE_CUSTOM(custom, struct kh_obj, kh_save_custom,		\
		      kh_restore_custom),				\
	KSTATE_FOLIO(folio, struct kh_obj),				\
	KSTATE_PAGE(pages, struct kh_obj, KH_PAGE_ORDER)

static const struct kstate_field kh_v1_fields[] = {
	KH_COMMON_FIELDS,
	KSTATE_BASE_TYPE(old, struct kh_obj, u32),
	KSTATE_FOLIO(old_folio, struct kh_obj),
	KSTATE_END_OF_LIST(),
};

static const struct kstate_field kh_v2_fields[] = {
	KH_COMMON_FIELDS,
	KSTATE_BASE_TYPE_DEPRECATED(old, struct kh_obj, u32, 1),
	KSTATE_FOLIO_DEPRECATED(old_folio, struct kh_obj, 1),
	KSTATE_BASE_TYPE_V(added, struct kh_obj, u32, 2),
	KSTATE_END_OF_LIST(),
};

static const struct kstate_field kh_extra_fields[] = {
	KSTATE_BASE_TYPE(extra, struct kh_obj, u64),
	KSTATE_STRUCT(extra_inner, struct kh_obj, kh_inner_desc),
	KSTATE_END_OF_LIST(),
};

static bool kh_extra_needed(const void *obj)
{
	return ((const struct kh_obj *)obj)->extra != 0;
}

static const struct kstate_description kh_extra_desc = {
	.name = "extra",
	.id = KH_ID + 2,
	.version_id = 1,
	.min_version_id = 1,
	.fields = kh_extra_fields,
	.needed = kh_extra_needed,
};

/* Unknown to kh_v2: another id, or another name. */
static const struct kstate_description kh_alias_desc = {
	.name = "extra",
	.id = KH_ID + 3,
	.version_id = 1,
	.min_version_id = 1,
	.fields = kh_extra_fields,
};

static const struct kstate_description kh_future_desc = {
	.name = "future",
	.id = KH_ID + 4,
	.version_id = 1,
	.min_version_id = 1,
	.fields = kh_extra_fields,
};

static const struct kstate_description * const kh_subsections[] = {
	&kh_extra_desc, NULL,
};

static const struct kstate_description * const kh_future_subsections[] = {
	&kh_extra_desc, &kh_future_desc, NULL,
};

static const struct kstate_description * const kh_alias_subsections[] = {
	&kh_alias_desc, NULL,
};

const struct kstate_description kh_v1 = {
	.name = "kh", .id = KH_ID, .version_id = 1, .min_version_id = 1,
	.fields = kh_v1_fields,
};

const struct kstate_description kh_v2 = {
	.name = "kh", .id = KH_ID, .version_id = 2, .min_version_id = 1,
	.fields = kh_v2_fields, .subsections = kh_subsections,
};

const struct kstate_description kh_v2_only = {
	.name = "kh", .id = KH_ID, .version_id = 2, .min_version_id = 2,
	.fields = kh_v2_fields, .subsections = kh_subsections,
};

const struct kstate_description kh_v3 = {
	.name = "kh", .id = KH_ID, .version_id = 3, .min_version_id = 1,
	.fields = kh_v2_fields, .subsections = kh_subsections,
};

const struct kstate_description kh_v2_future = {
	.name = "kh", .id = KH_ID, .version_id = 2, .min_version_id = 1,
	.fields = kh_v2_fields, .subsections = kh_future_subsections,
};

const struct kstate_description kh_v2_alias = {
	.name = "kh", .id = KH_ID, .version_id = 2, .min_version_id = 1,
	.fields = kh_v2_fields, .subsections = kh_alias_subsections,
};

/* ------------------------------------------------------------------ */
/* Objects */

static u32 kh_rnd(u32 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

void kh_env_init(struct kh_env *env, u32 seed)
{
	struct kh_obj *o = &env->obj;
	u32 s = seed * 2654435761U + 1;
	unsigned int i;

	memset(env, 0, sizeof(*env));
	o->u8v = kh_rnd(&s);
	o->u16v = kh_rnd(&s);
	o->u32v = kh_rnd(&s);
	o->u64v = (u64)kh_rnd(&s) << 32 | kh_rnd(&s);
	o->s64v = -(s64)kh_rnd(&s);
	o->i = kh_rnd(&s);
	o->flag = kh_rnd(&s) & 1;
	snprintf(o->label, sizeof(o->label), "l%08x", kh_rnd(&s));
	env->ptr_val = kh_rnd(&s);
	o->ptr = &env->ptr_val;
	o->inner.a = kh_rnd(&s);
	o->inner.b = kh_rnd(&s);
	for (i = 0; i < KH_ARR; i++) {
		env->arr_val[i] = kh_rnd(&s);
		o->arr[i] = &env->arr_val[i];
	}
	o->nr_arr = 1 + kh_rnd(&s) % KH_ARR;
	o->custom = kh_rnd(&s);
	o->added = kh_rnd(&s);
	o->old = kh_rnd(&s);
	o->extra = kh_rnd(&s) | 1;
	o->extra_inner.a = kh_rnd(&s);
	o->extra_inner.b = kh_rnd(&s);
}

void kh_env_short(struct kh_env *env, u32 inst)
{
	if (inst != 3)
		return;
	env->obj.ptr = NULL;
	env->obj.arr[KH_ARR - 1] = NULL;
	if (env->obj.nr_arr == KH_ARR)
		env->obj.nr_arr--;
}

bool kh_env_alloc(struct kh_env *env, bool old)
{
	env->obj.folio = kstate_host_alloc_folio(2);
	env->obj.pages = kstate_host_alloc_pages(KH_PAGE_ORDER);
	if (old)
		env->obj.old_folio = kstate_host_alloc_folio(0);
	return env->obj.folio && env->obj.pages && (!old || env->obj.old_folio);
}

void kh_env_free(struct kh_env *env)
{
	unsigned int i;

	if (env->obj.folio)
		folio_put(env->obj.folio);
	if (env->obj.old_folio)
		folio_put(env->obj.old_folio);
	for (i = 0; env->obj.pages && i < 1U << KH_PAGE_ORDER; i++)
		__free_page(env->obj.pages + i);
	env->obj.folio = NULL;
	env->obj.old_folio = NULL;
	env->obj.pages = NULL;
}

#define KH_SAME(f)	(!memcmp(&a->obj.f, &b->obj.f, sizeof(a->obj.f)))
#define KH_KEPT(f)	(!memcmp(&was->obj.f, &b->obj.f, sizeof(b->obj.f)))
#define KH_FIELD(f, restored)						\
	do {								\
		if ((restored) ? !KH_SAME(f) : !KH_KEPT(f))		\
			return #f;					\
	} while (0)

const char *kh_env_diff(const struct kh_env *a, const struct kh_env *b,
			const struct kh_env *was, unsigned int which)
{
	unsigned int i;

	KH_FIELD(u8v, true);
	KH_FIELD(u16v, true);
	KH_FIELD(u32v, true);
	KH_FIELD(u64v, true);
	KH_FIELD(s64v, true);
	KH_FIELD(i, true);
	KH_FIELD(flag, true);
	KH_FIELD(label, true);
	/* A NULL pointer is saved as nothing to restore. */
	if (b->obj.ptr != &b->ptr_val ||
	    b->ptr_val != (a->obj.ptr ? a : was)->ptr_val)
		return "ptr";
	KH_FIELD(inner, true);
	KH_FIELD(nr_arr, true);
	for (i = 0; i < KH_ARR; i++) {
		if (b->obj.arr[i] != &b->arr_val[i] ||
		    b->arr_val[i] != (i < a->obj.nr_arr ? a : was)->arr_val[i])
			return "arr";
	}
	KH_FIELD(custom, true);
	/* The memory comes back as the same pages (the model's). */
	KH_FIELD(folio, true);
	if (b->obj.folio && folio_order(b->obj.folio) != 2)
		return "folio order";
	KH_FIELD(pages, true);
	KH_FIELD(added, which & KH_ADDED);
	KH_FIELD(old, which & KH_OLD);
	KH_FIELD(old_folio, which & KH_OLD);
	KH_FIELD(extra, which & KH_EXTRA);
	KH_FIELD(extra_inner, which & KH_EXTRA);
	return NULL;
}

int kh_save(void *fdt, size_t size, struct kstate_ctx *ctx,
	    const struct kstate_description *desc, struct kh_env *env,
	    const u32 *inst, unsigned int n)
{
	unsigned int i;
	int ret;

	if (!ctx->buf)
		ctx->buf = malloc(KSTATE_CUSTOM_MAX);
	ret = ctx->buf ? kstate_write_begin(fdt, size) : -ENOMEM;
	for (i = 0; i < n && !ret; i++)
		ret = kstate_write_object(fdt, ctx, desc, &env[i].obj, inst[i]);
	return ret ? ret : kstate_write_end(fdt);
}

u8 *kh_input(const void *fdt, const struct kstate_ctx *ctx, size_t *size)
{
	size_t fdt_size = fdt_totalsize(fdt);
	unsigned int i;
	u8 *in;

	*size = fdt_size + ctx->nr_mem * sizeof(struct kstate_mem_ser);
	in = malloc(*size);
	if (!in)
		return NULL;
	memcpy(in, fdt, fdt_size);
	for (i = 0; i < ctx->nr_mem; i++) {
		const struct kstate_mem *m = &ctx->mem[i];
		struct kstate_mem_ser ser = {
			.order = m->order,
			.flags = m->folio ? 0 : KSTATE_MEM_PAGES,
		};

		ser.phys = PFN_PHYS(m->folio ? folio_pfn(m->folio) :
				    page_to_pfn(m->page));
		memcpy(in + fdt_size + i * sizeof(ser), &ser, sizeof(ser));
	}
	return in;
}

/* ------------------------------------------------------------------ */
/* One input */

#define KH_RUN_INSTANCES	4

/* Register instance @inst of @desc and check the rules. */
static bool kh_run_one(const struct kstate_description *desc, u32 inst)
{
	struct kh_env env, was;
	unsigned long msgs = kho_shim_msg_count;
	int ret;

	kh_env_init(&env, inst + 1);
	kh_env_short(&env, inst);
	memcpy(&was, &env, sizeof(env));
	if (kstate_host_mem_live())
		kh_bug("memory live before instance %u", inst);
	ret = kstate_register(desc, &env.obj, inst);
	if (ret < 0) {
		if (ret != -ERANGE && ret != -EBADMSG)
			kh_bug("instance %u: unexpected error %d", inst, ret);
		if (kho_shim_msg_count != msgs + 1)
			kh_bug("instance %u: %lu messages for one error %d",
			       inst, kho_shim_msg_count - msgs, ret);
		if (memcmp(&env, &was, sizeof(env)))
			kh_bug("instance %u: changed though not restored (%d)",
			       inst, ret);
		if (kstate_host_mem_live())
			kh_bug("instance %u: %lu pages leaked (%d)", inst,
			       kstate_host_mem_live(), ret);
		return false;
	}
	if (ret != 0 && ret != KSTATE_RESTORED)
		kh_bug("instance %u: unexpected return %d", inst, ret);
	if (kho_shim_msg_count != msgs)
		kh_bug("instance %u: a message though restored: %s", inst,
		       kho_shim_last_msg);
	if (!ret && memcmp(&env, &was, sizeof(env)))
		kh_bug("instance %u: changed though nothing restored", inst);
	/* What the object got is its own: it frees it, and that is all. */
	kh_env_free(&env);
	if (kstate_host_mem_live())
		kh_bug("instance %u: %lu pages leaked though restored", inst,
		       kstate_host_mem_live());
	kstate_unregister(desc, &env.obj, inst);
	return ret == KSTATE_RESTORED;
}

unsigned int kstate_host_run(const u8 *data, size_t size)
{
	static const struct kstate_description * const next[] = {
		&kh_v2, &kh_v1,
	};
	size_t fdt_size = size, off, k;
	unsigned int restored = 0;
	struct kh_env env, was;
	u32 inst;
	u8 *fdt;

	if (size >= 8) {
		u32 total = (u32)data[4] << 24 | (u32)data[5] << 16 |
			    (u32)data[6] << 8 | data[7];

		if (total < size)
			fdt_size = total;
	}
	/* A copy of its own size: ASan sees any read past the FDT. */
	fdt = malloc(fdt_size ? fdt_size : 1);
	if (!fdt)
		kh_bug("out of memory");
	memcpy(fdt, data, fdt_size);

	for (k = 0; k < ARRAY_SIZE(next); k++) {
		kstate_host_reset();
		kstate_host_mem_reset();
		for (off = fdt_size; size - off >= sizeof(struct kstate_mem_ser);
		     off += sizeof(struct kstate_mem_ser)) {
			struct kstate_mem_ser ser;

			memcpy(&ser, data + off, sizeof(ser));
			kstate_host_preserve(ser.phys, ser.order,
					     ser.flags & KSTATE_MEM_PAGES);
		}
		/* What kstate_in_fdt() checks of the subtree KHO hands over. */
		if (kstate_check_fdt(fdt, fdt_size))
			break;
		kstate_host_set_incoming(fdt);
		for (inst = 0; inst < KH_RUN_INSTANCES; inst++)
			restored += kh_run_one(next[k], inst);

		/* Taken: registered again, instance 0 keeps its values. */
		kh_env_init(&env, 1);
		memcpy(&was, &env, sizeof(env));
		if (kstate_register(next[k], &env.obj, 0) != 0 ||
		    memcmp(&env, &was, sizeof(env)))
			kh_bug("instance 0 restored twice");
		kstate_unregister(next[k], &env.obj, 0);
	}
	kstate_host_reset();
	free(fdt);
	return restored;
}
