// SPDX-License-Identifier: GPL-2.0
/*
 * KSTATE: declarative, versioned kernel state across kexec.
 *
 * A subsystem describes a struct once (struct kstate_description, a list of
 * fields made with the KSTATE_* macros) and registers its objects with
 * kstate_register(). At every KHO finalize, the objects registered are
 * written into one sub-FDT, "kstate" (wire format: see
 * include/linux/kho/abi/kstate.h), and the memory of their FOLIO and PAGE
 * fields is preserved. In the next kernel, kstate_register() of an object
 * the previous kernel saved restores it before returning.
 *
 * The incoming FDT comes from another kernel and is not trusted: every
 * property is checked (presence, length, flags, addresses) for the whole
 * object before anything is written into it, and a bad object is reported
 * once and left alone.
 */

#define pr_fmt(fmt) "kstate: " fmt

#include <linux/ctype.h>
#include <linux/gfp.h>
#include <linux/kexec_handover.h>
#include <linux/kho/abi/kstate.h>
#include <linux/kstate.h>
#include <linux/libfdt.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "kstate_internal.h"

/* Nesting of descriptions (structs and subsections), root included. */
#define KSTATE_MAX_DEPTH	8
/* Longest description name. */
#define KSTATE_NAME_MAX		31
/* Node name of an object: "<name>@<instance in hex>". */
#define KSTATE_NODE_NAME_MAX	(KSTATE_NAME_MAX + 1 + 8 + 1)

/* ------------------------------------------------------------------------
 * Descriptions
 */

static const char *kstate_check_field(const struct kstate_description *d,
				      const struct kstate_field *f,
				      unsigned int depth);

static bool kstate_name_ok(const char *name)
{
	const char *c;

	if (!name || !*name || strlen(name) > KSTATE_NAME_MAX)
		return false;
	for (c = name; *c; c++) {
		if (!isalnum(*c) && !strchr(",._+-", *c))
			return false;
	}
	return true;
}

/* Why @d cannot be used, or NULL. */
static const char *kstate_check_one(const struct kstate_description *d,
				    unsigned int depth, const char **what)
{
	const struct kstate_description * const *sub;
	const struct kstate_field *f, *g;
	const char *why;

	*what = d ? d->name : "(null)";
	if (!d || !kstate_name_ok(d->name))
		return "bad name";
	if (depth >= KSTATE_MAX_DEPTH)
		return "nested too deep";
	if (d->min_version_id > d->version_id)
		return "min_version_id above version_id";
	if (!d->fields)
		return "no field list";
	for (f = d->fields; f->kind != KSTATE_KIND_END; f++) {
		why = kstate_check_field(d, f, depth);
		if (why)
			return why;
		for (g = d->fields; g != f; g++) {
			if (!strcmp(f->name, g->name))
				return "two fields with one name";
		}
	}
	for (sub = d->subsections; sub && *sub; sub++) {
		why = kstate_check_one(*sub, depth + 1, what);
		if (why)
			return why;
		*what = d->name;
		for (f = d->fields; f->kind != KSTATE_KIND_END; f++) {
			if (!strcmp(f->name, (*sub)->name))
				return "a subsection has the name of a field";
		}
	}
	return NULL;
}

/*
 * Property names that are KSTATE's own or that devicetree gives a meaning
 * to (dtc refuses a "name" that is not a string, for one).
 */
static const char * const kstate_reserved_names[] = {
	KSTATE_PROP_ID, KSTATE_PROP_VERSION, "name", "compatible", "phandle",
	"linux,phandle", "reg", "ranges", "status", "device_type",
};

static const char *kstate_check_field(const struct kstate_description *d,
				      const struct kstate_field *f,
				      unsigned int depth)
{
	const char *what;
	unsigned int i;

	if (!kstate_name_ok(f->name))
		return "bad field name";
	for (i = 0; i < ARRAY_SIZE(kstate_reserved_names); i++) {
		if (!strcmp(f->name, kstate_reserved_names[i]))
			return "reserved field name";
	}
	if (f->flags & ~KSTATE_F_DEPRECATED)
		return "unknown field flags";
	if (f->since_version > d->version_id)
		return "field newer than the description";
	if ((f->flags & KSTATE_F_DEPRECATED) &&
	    (f->last_version >= d->version_id ||
	     f->last_version < f->since_version))
		return "deprecated field not older than the description";
	switch (f->kind) {
	case KSTATE_KIND_BASE:
	case KSTATE_KIND_POINTER:
		if (!f->size || f->size > KSTATE_CUSTOM_MAX)
			return "bad field size";
		return NULL;
	case KSTATE_KIND_ARRAY_OF_POINTER:
		if (!f->size || !f->max || !f->count ||
		    f->size * f->max > KSTATE_CUSTOM_MAX * 16)
			return "bad array field";
		return NULL;
	case KSTATE_KIND_STRUCT:
		if (!f->desc)
			return "struct field without description";
		return kstate_check_one(f->desc, depth + 1, &what);
	case KSTATE_KIND_FOLIO:
		return NULL;
	case KSTATE_KIND_PAGE:
		return f->max > MAX_PAGE_ORDER ? "page order too large" : NULL;
	case KSTATE_KIND_CUSTOM:
		return f->save && f->restore ? NULL : "custom field without callbacks";
	default:
		return "unknown field kind";
	}
}

/**
 * kstate_check_desc - validate a description before use
 * @desc: the description, with its nested structs and subsections
 *
 * Return: 0, or -EINVAL after a message naming the problem.
 */
int kstate_check_desc(const struct kstate_description *desc)
{
	const char *what, *why;

	why = kstate_check_one(desc, 0, &what);
	if (!why)
		return 0;
	pr_err("description %s: %s\n", what, why);
	return -EINVAL;
}

/* ------------------------------------------------------------------------
 * Writing
 */

static int kstate_fdt_err(int err)
{
	if (!err)
		return 0;
	return err == -FDT_ERR_NOSPACE ? -ENOSPC : -EINVAL;
}

static int kstate_put_u32(void *fdt, const char *name, u32 val)
{
	return kstate_fdt_err(fdt_property(fdt, name, &val, sizeof(val)));
}

static int kstate_add_mem(struct kstate_ctx *ctx, struct folio *folio,
			  struct page *page, unsigned int order)
{
	struct kstate_mem *mem;

	if (ctx->nr_mem == ctx->cap_mem) {
		unsigned int cap = max(16U, ctx->cap_mem * 2);

		mem = krealloc_array(ctx->mem, cap, sizeof(*mem), GFP_KERNEL);
		if (!mem)
			return -ENOMEM;
		ctx->mem = mem;
		ctx->cap_mem = cap;
	}
	ctx->mem[ctx->nr_mem++] = (struct kstate_mem){
		.folio = folio, .page = page, .order = order,
	};
	return 0;
}

/* Error of a save, with the field it came from for the message. */
struct kstate_wr {
	void *fdt;
	struct kstate_ctx *ctx;
	const char *desc;
	const char *field;
};

static int kstate_write_node(struct kstate_wr *w, const char *node,
			     const struct kstate_description *d,
			     const void *obj);

static int kstate_write_mem(struct kstate_wr *w, const struct kstate_field *f,
			    const void *p)
{
	struct kstate_mem_ser ser = { };
	struct folio *folio = NULL;
	struct page *page = NULL;
	int ret;

	if (f->kind == KSTATE_KIND_FOLIO) {
		folio = *(struct folio * const *)p;
		if (folio) {
			ser.phys = PFN_PHYS(folio_pfn(folio));
			ser.order = folio_order(folio);
		}
	} else {
		page = *(struct page * const *)p;
		ser.flags = KSTATE_MEM_PAGES;
		ser.order = f->max;
		if (page)
			ser.phys = PFN_PHYS(page_to_pfn(page));
	}
	if (folio || page) {
		ret = kstate_add_mem(w->ctx, folio, page, ser.order);
		if (ret)
			return ret;
	}
	return kstate_fdt_err(fdt_property(w->fdt, f->name, &ser, sizeof(ser)));
}

static int kstate_write_array(struct kstate_wr *w, const struct kstate_field *f,
			      const void *obj, const void *p)
{
	void * const *arr = p;
	unsigned int i, n = f->count(obj);
	void *dst;
	int ret;

	if (n > f->max)
		return -ERANGE;
	for (i = 0; i < n; i++) {
		if (!arr[i])
			return -EFAULT;
	}
	ret = fdt_property_placeholder(w->fdt, f->name, n * f->size, &dst);
	if (ret)
		return kstate_fdt_err(ret);
	for (i = 0; i < n; i++)
		memcpy(dst + i * f->size, arr[i], f->size);
	return 0;
}

static int kstate_write_field(struct kstate_wr *w, const struct kstate_field *f,
			      const void *obj)
{
	const void *p = obj + f->offset;
	const void *ptr;
	int len;

	switch (f->kind) {
	case KSTATE_KIND_BASE:
		return kstate_fdt_err(fdt_property(w->fdt, f->name, p, f->size));
	case KSTATE_KIND_POINTER:
		ptr = *(const void * const *)p;
		if (!ptr)
			return kstate_fdt_err(fdt_property(w->fdt, f->name,
							   "", 0));
		return kstate_fdt_err(fdt_property(w->fdt, f->name, ptr,
						   f->size));
	case KSTATE_KIND_STRUCT:
		return kstate_write_node(w, f->name, f->desc, p);
	case KSTATE_KIND_ARRAY_OF_POINTER:
		return kstate_write_array(w, f, obj, p);
	case KSTATE_KIND_FOLIO:
	case KSTATE_KIND_PAGE:
		return kstate_write_mem(w, f, p);
	case KSTATE_KIND_CUSTOM:
		len = f->save(p, w->ctx->buf, KSTATE_CUSTOM_MAX);
		if (len < 0)
			return len;
		if (len > KSTATE_CUSTOM_MAX)
			return -EOVERFLOW;
		return kstate_fdt_err(fdt_property(w->fdt, f->name,
						   w->ctx->buf, len));
	default:
		return -EINVAL;
	}
}

static int kstate_write_node(struct kstate_wr *w, const char *node,
			     const struct kstate_description *d,
			     const void *obj)
{
	const struct kstate_description * const *sub;
	const struct kstate_field *f;
	int ret, pass;

	w->desc = d->name;
	w->field = node;
	ret = kstate_fdt_err(fdt_begin_node(w->fdt, node));
	if (!ret)
		ret = kstate_put_u32(w->fdt, KSTATE_PROP_ID, d->id);
	if (!ret)
		ret = kstate_put_u32(w->fdt, KSTATE_PROP_VERSION, d->version_id);
	if (ret)
		return ret;
	/* Properties come before child nodes in an FDT: structs last. */
	for (pass = 0; pass < 2; pass++) {
		for (f = d->fields; f->kind != KSTATE_KIND_END; f++) {
			bool is_struct = f->kind == KSTATE_KIND_STRUCT;

			if ((f->flags & KSTATE_F_DEPRECATED) || is_struct != pass)
				continue;
			w->desc = d->name;
			w->field = f->name;
			ret = kstate_write_field(w, f, obj);
			if (ret)
				return ret;
		}
	}
	for (sub = d->subsections; sub && *sub; sub++) {
		if ((*sub)->needed && !(*sub)->needed(obj))
			continue;
		ret = kstate_write_node(w, (*sub)->name, *sub, obj);
		if (ret)
			return ret;
	}
	return kstate_fdt_err(fdt_end_node(w->fdt));
}

/**
 * kstate_write_begin - start a kstate FDT
 * @fdt: buffer
 * @size: its size in bytes
 *
 * Return: 0, -ENOSPC if @size is too small, or -EINVAL.
 */
int kstate_write_begin(void *fdt, size_t size)
{
	int ret;

	ret = fdt_create(fdt, size);
	if (!ret)
		ret = fdt_finish_reservemap(fdt);
	if (!ret)
		ret = fdt_begin_node(fdt, "");
	if (!ret)
		ret = fdt_property_string(fdt, "compatible", KSTATE_COMPATIBLE);
	return kstate_fdt_err(ret);
}

/**
 * kstate_write_object - save one object as a node of a kstate FDT
 * @fdt: an FDT started with kstate_write_begin()
 * @ctx: the save; the memory of FOLIO and PAGE fields is added to its list,
 *	for the caller to preserve
 * @desc: the object's description
 * @obj: the object
 * @instance_id: its instance number
 *
 * Return: 0, -ENOSPC when the FDT is full (nothing is reported then), or
 * another negative error code after a message naming the field.
 */
int kstate_write_object(void *fdt, struct kstate_ctx *ctx,
			const struct kstate_description *desc, const void *obj,
			u32 instance_id)
{
	char node[KSTATE_NODE_NAME_MAX];
	struct kstate_wr w = { .fdt = fdt, .ctx = ctx };
	int ret;

	snprintf(node, sizeof(node), "%s@%x", desc->name, instance_id);
	ret = kstate_write_node(&w, node, desc, obj);
	if (ret && ret != -ENOSPC)
		pr_err("%s: cannot save field %s.%s (%d)\n", node, w.desc,
		       w.field, ret);
	return ret;
}

/**
 * kstate_write_end - finish a kstate FDT
 * @fdt: an FDT started with kstate_write_begin()
 *
 * Return: 0, -ENOSPC if it is full, or -EINVAL.
 */
int kstate_write_end(void *fdt)
{
	int ret = fdt_end_node(fdt);

	if (!ret)
		ret = fdt_finish(fdt);
	return kstate_fdt_err(ret);
}

/* ------------------------------------------------------------------------
 * Reading
 */

/*
 * A restore walks the object's node four times: check everything, take
 * the memory of FOLIO and PAGE fields back, run the restore callbacks of
 * CUSTOM fields, then write the other fields. Only the first pass can find
 * the input bad; the second fails if the memory was not preserved, the
 * third if a callback refuses: the memory taken is given back then, and
 * only the custom fields restored before can have changed.
 */
enum kstate_pass {
	KSTATE_PASS_CHECK,
	KSTATE_PASS_MEM,
	KSTATE_PASS_CUSTOM,
	KSTATE_PASS_APPLY,
};

struct kstate_rd {
	const void *fdt;
	struct kstate_ctx *ctx;
	enum kstate_pass pass;
	unsigned int mem_idx;
	/* The first problem found, for the message. */
	const struct kstate_description *desc;
	const char *field;
	const char *why;
	u32 version;
};

static int kstate_bad(struct kstate_rd *r, const struct kstate_description *d,
		      const char *field, const char *why)
{
	r->desc = d;
	r->field = field;
	r->why = why;
	return -EBADMSG;
}

static int kstate_get_u32(const void *fdt, int node, const char *name,
			  u32 *val)
{
	const void *prop;
	int len;

	prop = fdt_getprop(fdt, node, name, &len);
	if (!prop || len != sizeof(*val))
		return -EBADMSG;
	memcpy(val, prop, sizeof(*val));
	return 0;
}

static int kstate_read_node(struct kstate_rd *r, int node,
			    const struct kstate_description *d, void *obj);

/* Free restored memory: a folio, or order-0 pages from kho_restore_pages(). */
static void kstate_free_mem(const struct kstate_mem *mem)
{
	unsigned int i;

	if (mem->folio)
		folio_put(mem->folio);
	for (i = 0; mem->page && i < (1U << mem->order); i++)
		__free_page(nth_page(mem->page, i));
}

static int kstate_read_mem(struct kstate_rd *r,
			   const struct kstate_description *d,
			   const struct kstate_field *f, const void *prop,
			   int len, void *p)
{
	bool pages = f->kind == KSTATE_KIND_PAGE;
	struct kstate_mem_ser ser;
	struct kstate_mem *mem;
	struct folio *folio = NULL;
	struct page *page = NULL;

	if (len != sizeof(ser))
		return kstate_bad(r, d, f->name, "has the wrong length");
	memcpy(&ser, prop, sizeof(ser));
	if (ser.flags & ~KSTATE_MEM_FLAGS)
		return kstate_bad(r, d, f->name, "has unknown flags");
	if (!!(ser.flags & KSTATE_MEM_PAGES) != pages)
		return kstate_bad(r, d, f->name, "is not the kind of memory expected");
	if (ser.phys && (ser.order > MAX_PAGE_ORDER ||
			 (pages && ser.order != f->max) ||
			 !IS_ALIGNED(ser.phys, PAGE_SIZE << (pages ? 0 : ser.order))))
		return kstate_bad(r, d, f->name, "has a bad address or order");
	if (!ser.phys) {
		if (r->pass == KSTATE_PASS_APPLY)
			memset(p, 0, sizeof(void *));
		return 0;
	}

	switch (r->pass) {
	case KSTATE_PASS_CHECK:
	case KSTATE_PASS_CUSTOM:
		return 0;
	case KSTATE_PASS_MEM:
		if (pages)
			page = r->ctx->ops->restore_pages(ser.phys, 1U << ser.order);
		else
			folio = r->ctx->ops->restore_folio(ser.phys);
		if (!page && !folio)
			return kstate_bad(r, d, f->name, "memory was not preserved");
		if (folio && folio_order(folio) != ser.order) {
			folio_put(folio);
			return kstate_bad(r, d, f->name, "memory has another order");
		}
		if (kstate_add_mem(r->ctx, folio, page, ser.order)) {
			kstate_free_mem(&(struct kstate_mem){
				.folio = folio, .page = page, .order = ser.order,
			});
			return -ENOMEM;
		}
		return 0;
	case KSTATE_PASS_APPLY:
		mem = &r->ctx->mem[r->mem_idx++];
		if (pages)
			*(struct page **)p = mem->page;
		else
			*(struct folio **)p = mem->folio;
		return 0;
	}
	return 0;
}

static int kstate_read_array(struct kstate_rd *r,
			     const struct kstate_description *d,
			     const struct kstate_field *f, const void *prop,
			     int len, void *p)
{
	void * const *arr = p;
	unsigned int i, n;

	if (len % f->size)
		return kstate_bad(r, d, f->name, "has the wrong length");
	n = len / f->size;
	if (n > f->max)
		return kstate_bad(r, d, f->name, "has too many elements");
	for (i = 0; i < n; i++) {
		if (!arr[i])
			return kstate_bad(r, d, f->name,
					  "has more elements than the object has pointers");
	}
	if (r->pass == KSTATE_PASS_APPLY) {
		for (i = 0; i < n; i++)
			memcpy(arr[i], prop + i * f->size, f->size);
	}
	return 0;
}

static int kstate_read_field(struct kstate_rd *r, int node,
			     const struct kstate_description *d,
			     const struct kstate_field *f, void *obj,
			     u32 version)
{
	void *p = obj + f->offset;
	const void *prop;
	void *ptr;
	int len, sub, ret;

	/* Not in the version saved: the field keeps its value. */
	if (version < f->since_version)
		return 0;
	if ((f->flags & KSTATE_F_DEPRECATED) && version > f->last_version)
		return 0;

	if (f->kind == KSTATE_KIND_STRUCT) {
		sub = fdt_subnode_offset(r->fdt, node, f->name);
		if (sub < 0)
			return kstate_bad(r, d, f->name, "is missing");
		return kstate_read_node(r, sub, f->desc, p);
	}

	prop = fdt_getprop(r->fdt, node, f->name, &len);
	if (!prop)
		return kstate_bad(r, d, f->name, "is missing");

	switch (f->kind) {
	case KSTATE_KIND_BASE:
		if (len != f->size)
			return kstate_bad(r, d, f->name, "has the wrong length");
		if (r->pass == KSTATE_PASS_APPLY)
			memcpy(p, prop, len);
		return 0;
	case KSTATE_KIND_POINTER:
		ptr = *(void **)p;
		if (!len)
			return 0;
		if (len != f->size)
			return kstate_bad(r, d, f->name, "has the wrong length");
		if (!ptr)
			return kstate_bad(r, d, f->name,
					  "is saved but the object's pointer is NULL");
		if (r->pass == KSTATE_PASS_APPLY)
			memcpy(ptr, prop, len);
		return 0;
	case KSTATE_KIND_ARRAY_OF_POINTER:
		return kstate_read_array(r, d, f, prop, len, p);
	case KSTATE_KIND_FOLIO:
	case KSTATE_KIND_PAGE:
		return kstate_read_mem(r, d, f, prop, len, p);
	case KSTATE_KIND_CUSTOM:
		if (len > KSTATE_CUSTOM_MAX)
			return kstate_bad(r, d, f->name, "has the wrong length");
		if (r->pass != KSTATE_PASS_CUSTOM)
			return 0;
		ret = f->restore(p, prop, len);
		if (ret)
			return kstate_bad(r, d, f->name, "was refused by its restore callback");
		return 0;
	default:
		return kstate_bad(r, d, f->name, "has an unknown kind");
	}
}

static int kstate_read_node(struct kstate_rd *r, int node,
			    const struct kstate_description *d, void *obj)
{
	const struct kstate_description * const *sub;
	const struct kstate_field *f;
	u32 id, version;
	int ret, child;

	if (kstate_get_u32(r->fdt, node, KSTATE_PROP_ID, &id))
		return kstate_bad(r, d, KSTATE_PROP_ID, "is missing or not 4 bytes");
	if (id != d->id)
		return kstate_bad(r, d, KSTATE_PROP_ID, "is not the description's");
	if (kstate_get_u32(r->fdt, node, KSTATE_PROP_VERSION, &version))
		return kstate_bad(r, d, KSTATE_PROP_VERSION,
				  "is missing or not 4 bytes");
	if (version < d->min_version_id || version > d->version_id) {
		r->desc = d;
		r->version = version;
		return -ERANGE;
	}
	for (f = d->fields; f->kind != KSTATE_KIND_END; f++) {
		ret = kstate_read_field(r, node, d, f, obj, version);
		if (ret)
			return ret;
	}
	for (sub = d->subsections; sub && *sub; sub++) {
		child = fdt_subnode_offset(r->fdt, node, (*sub)->name);
		if (child < 0)
			continue;	/* not saved: keeps its values */
		/* Same name, another id: a subsection this kernel does not know. */
		if (kstate_get_u32(r->fdt, child, KSTATE_PROP_ID, &id) ||
		    id != (*sub)->id)
			continue;
		ret = kstate_read_node(r, child, *sub, obj);
		if (ret)
			return ret;
	}
	return 0;
}

/* Give back the memory a failed restore took. */
static void kstate_put_mem(struct kstate_ctx *ctx)
{
	unsigned int i;

	for (i = 0; i < ctx->nr_mem; i++)
		kstate_free_mem(&ctx->mem[i]);
	ctx->nr_mem = 0;
}

/**
 * kstate_read_object - restore one object from its node in a kstate FDT
 * @fdt: a kstate FDT that passed kstate_check_fdt()
 * @node: the object's node (kstate_find_object())
 * @ctx: the restore: how memory is taken back, and where it is recorded
 * @desc: the object's description, checked with kstate_check_desc()
 * @obj: the object
 * @instance_id: its instance number, for messages
 *
 * The whole node is checked before anything is written into @obj: on any
 * error nothing of the object is restored (fields, pointees, memory) and one
 * message names the description and field, or the versions. Only when a
 * custom restore callback refuses can the custom fields restored before it
 * have changed.
 *
 * Return: 0 if restored, -ERANGE for a version this description does not
 * read, -EBADMSG for malformed input or memory that was not preserved,
 * -ENOMEM.
 */
int kstate_read_object(const void *fdt, int node, struct kstate_ctx *ctx,
		       const struct kstate_description *desc, void *obj,
		       u32 instance_id)
{
	struct kstate_rd r = { .fdt = fdt, .ctx = ctx };
	int ret;

	ctx->nr_mem = 0;
	ret = kstate_read_node(&r, node, desc, obj);
	if (!ret) {
		r.pass = KSTATE_PASS_MEM;
		ret = kstate_read_node(&r, node, desc, obj);
		if (ret)
			kstate_put_mem(ctx);
	}
	if (!ret) {
		r.pass = KSTATE_PASS_CUSTOM;
		ret = kstate_read_node(&r, node, desc, obj);
		if (ret)
			kstate_put_mem(ctx);
	}
	if (!ret) {
		r.pass = KSTATE_PASS_APPLY;
		ret = kstate_read_node(&r, node, desc, obj);
	}

	if (ret == -ERANGE)
		pr_err("%s@%x: %s saved as version %u, this kernel reads versions %u to %u: not restored\n",
		       desc->name, instance_id, r.desc->name, r.version,
		       r.desc->min_version_id, r.desc->version_id);
	else if (ret == -EBADMSG)
		pr_err("%s@%x: field %s.%s %s: not restored\n", desc->name,
		       instance_id, r.desc->name, r.field, r.why);
	else if (ret)
		pr_err("%s@%x: error %d: not restored\n", desc->name,
		       instance_id, ret);
	return ret;
}

/**
 * kstate_check_fdt - validate the root of an incoming kstate FDT
 * @fdt: the FDT
 * @size: bytes available at @fdt
 *
 * Return: 0, or -EINVAL if it is not a kstate-v1 FDT within @size bytes.
 */
int kstate_check_fdt(const void *fdt, size_t size)
{
	if (size < sizeof(struct fdt_header) || fdt_check_header(fdt) ||
	    fdt_totalsize(fdt) > size ||
	    fdt_node_check_compatible(fdt, 0, KSTATE_COMPATIBLE))
		return -EINVAL;
	return 0;
}

/**
 * kstate_find_object - find the node of an object in a kstate FDT
 * @fdt: a kstate FDT that passed kstate_check_fdt()
 * @id: the id of the object's description
 * @instance_id: the object's instance number
 *
 * Objects are found by their ``id`` property and the instance after the
 * ``@`` of the node name, whatever the name before it.
 *
 * Return: the node offset, or -ENOENT.
 */
int kstate_find_object(const void *fdt, u32 id, u32 instance_id)
{
	char buf[KSTATE_NODE_NAME_MAX];
	const char *name, *at;
	int node, len;
	u32 node_id, inst;

	fdt_for_each_subnode(node, fdt, 0) {
		name = fdt_get_name(fdt, node, &len);
		if (!name || len <= 0 || len >= sizeof(buf))
			continue;
		memcpy(buf, name, len);
		buf[len] = '\0';
		at = strchr(buf, '@');
		if (!at || kstrtou32(at + 1, 16, &inst) || inst != instance_id)
			continue;
		if (kstate_get_u32(fdt, node, KSTATE_PROP_ID, &node_id) ||
		    node_id != id)
			continue;
		return node;
	}
	return -ENOENT;
}

/**
 * kstate_ctx_release - free what a save or restore context allocated
 * @ctx: the context; its memory list is freed, not the memory in it
 */
void kstate_ctx_release(struct kstate_ctx *ctx)
{
	kfree(ctx->mem);
	ctx->mem = NULL;
	ctx->nr_mem = 0;
	ctx->cap_mem = 0;
	kfree(ctx->buf);
	ctx->buf = NULL;
}

/* ------------------------------------------------------------------------
 * Registered objects, the KHO side
 */

struct kstate_object {
	struct list_head list;
	const struct kstate_description *desc;
	void *obj;
	u32 instance_id;
};

/* An incoming object that was restored, or refused: never read again. */
struct kstate_taken {
	struct list_head list;
	u32 id;
	u32 instance_id;
};

static DEFINE_MUTEX(kstate_lock);
static LIST_HEAD(kstate_objects);

static struct {
	bool probed;
	const void *fdt;
	struct list_head taken;
} kstate_in = {
	.taken = LIST_HEAD_INIT(kstate_in.taken),
};

static struct {
	struct folio *fdt;
	unsigned int order;	/* of the last FDT that was big enough */
	struct kstate_ctx ctx;	/* memory preserved for it */
} kstate_out;

static const struct kstate_mem_ops kstate_kho_ops = {
	.restore_folio = kho_restore_folio,
	.restore_pages = kho_restore_pages,
};

/* The incoming kstate FDT, or NULL. Called with kstate_lock held. */
static const void *kstate_in_fdt(void)
{
	struct folio *folio;
	phys_addr_t phys;
	int ret;

	if (kstate_in.probed)
		return kstate_in.fdt;
	kstate_in.probed = true;

	ret = kho_retrieve_subtree(KSTATE_KHO_NODE, &phys);
	if (ret) {
		if (ret != -ENOENT && ret != -EOPNOTSUPP)
			pr_err("incoming state: cannot retrieve the subtree (%d): nothing restored\n",
			       ret);
		return NULL;
	}
	folio = kho_restore_folio(phys);
	if (!folio) {
		pr_err("incoming state: the FDT at %pa was not preserved: nothing restored\n",
		       &phys);
		return NULL;
	}
	/* Kept for the whole boot: debugfs shows it from this memory. */
	if (kstate_check_fdt(folio_address(folio), folio_size(folio))) {
		pr_err("incoming state: not a valid %s FDT: nothing restored\n",
		       KSTATE_COMPATIBLE);
		return NULL;
	}
	kstate_in.fdt = folio_address(folio);
	return kstate_in.fdt;
}

static bool kstate_in_taken(u32 id, u32 instance_id)
{
	struct kstate_taken *t;

	list_for_each_entry(t, &kstate_in.taken, list) {
		if (t->id == id && t->instance_id == instance_id)
			return true;
	}
	return false;
}

/* Restore @obj if the previous kernel saved it. Called with kstate_lock. */
static int kstate_restore(const struct kstate_description *desc, void *obj,
			  u32 instance_id)
{
	struct kstate_ctx ctx = { .ops = &kstate_kho_ops };
	struct kstate_taken *t;
	const void *fdt;
	int node, ret;

	fdt = kstate_in_fdt();
	if (!fdt || kstate_in_taken(desc->id, instance_id))
		return 0;
	node = kstate_find_object(fdt, desc->id, instance_id);
	if (node < 0)
		return 0;

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	t->id = desc->id;
	t->instance_id = instance_id;
	list_add(&t->list, &kstate_in.taken);

	ret = kstate_read_object(fdt, node, &ctx, desc, obj, instance_id);
	kstate_ctx_release(&ctx);
	return ret ? ret : KSTATE_RESTORED;
}

/* Undo kstate_finalize(). Called with kstate_lock held. */
static void kstate_abort(void)
{
	struct kstate_ctx *ctx = &kstate_out.ctx;
	unsigned int i;

	/* Pages cannot be unpreserved; they are preserved again next time. */
	for (i = 0; i < ctx->nr_mem; i++) {
		if (ctx->mem[i].folio)
			kho_unpreserve_folio(ctx->mem[i].folio);
	}
	kstate_ctx_release(ctx);
	if (kstate_out.fdt) {
		kho_unpreserve_folio(kstate_out.fdt);
		folio_put(kstate_out.fdt);
		kstate_out.fdt = NULL;
	}
}

/* Write every registered object into @fdt of @size bytes. */
static int kstate_write_all(void *fdt, size_t size, struct kstate_ctx *ctx)
{
	struct kstate_object *o;
	int ret;

	ctx->nr_mem = 0;
	ret = kstate_write_begin(fdt, size);
	list_for_each_entry(o, &kstate_objects, list) {
		if (ret)
			break;
		ret = kstate_write_object(fdt, ctx, o->desc, o->obj,
					  o->instance_id);
	}
	return ret ? ret : kstate_write_end(fdt);
}

static int kstate_preserve_mem(struct kstate_ctx *ctx)
{
	struct kstate_mem *mem;
	unsigned int i;
	int ret = 0;

	for (i = 0; i < ctx->nr_mem && !ret; i++) {
		mem = &ctx->mem[i];
		if (mem->folio)
			ret = kho_preserve_folio(mem->folio);
		else
			ret = kho_preserve_pages(mem->page, 1U << mem->order);
	}
	if (!ret)
		return 0;
	pr_err("cannot preserve the memory of a field (%d)\n", ret);
	/* Unpreserve the folios preserved before, not the failing one. */
	ctx->nr_mem = i - 1;
	return ret;
}

/* Save every registered object. Called with kstate_lock held. */
static int kstate_finalize(struct kho_serialization *ser)
{
	struct kstate_ctx *ctx = &kstate_out.ctx;
	unsigned int order = kstate_out.order;
	struct folio *folio;
	int ret;

	ctx->buf = kmalloc(KSTATE_CUSTOM_MAX, GFP_KERNEL);
	if (!ctx->buf)
		return -ENOMEM;
	for (;;) {
		folio = folio_alloc(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN, order);
		if (!folio) {
			ret = -ENOMEM;
			break;
		}
		ret = kstate_write_all(folio_address(folio), folio_size(folio),
				       ctx);
		if (ret != -ENOSPC)
			break;
		folio_put(folio);
		folio = NULL;
		if (++order > MAX_PAGE_ORDER) {
			pr_err("the state does not fit in %lu bytes\n",
			       PAGE_SIZE << MAX_PAGE_ORDER);
			ret = -E2BIG;
			break;
		}
	}
	if (ret) {
		if (folio)
			folio_put(folio);
		kstate_ctx_release(ctx);
		return ret;
	}
	kstate_out.order = order;
	kstate_out.fdt = folio;

	ret = kstate_preserve_mem(ctx);
	if (!ret)
		ret = kho_preserve_folio(folio);
	if (ret) {
		kstate_abort();
		return ret;
	}
	ret = kho_add_subtree(ser, KSTATE_KHO_NODE, folio_address(folio));
	if (ret) {
		pr_err("cannot add the %s subtree (%d)\n", KSTATE_KHO_NODE, ret);
		kstate_abort();
	}
	return ret;
}

static int kstate_notifier(struct notifier_block *nb, unsigned long event,
			   void *data)
{
	int ret = 0;

	guard(mutex)(&kstate_lock);
	switch (event) {
	case KEXEC_KHO_FINALIZE:
		if (kstate_out.fdt)	/* not aborted: start over */
			kstate_abort();
		ret = kstate_finalize(data);
		break;
	case KEXEC_KHO_ABORT:
		kstate_abort();
		break;
	default:
		return NOTIFY_DONE;
	}
	return ret ? notifier_from_errno(ret) : NOTIFY_OK;
}

static struct notifier_block kstate_nb = {
	.notifier_call = kstate_notifier,
};

/*
 * Register the notifier once, before the first object. Not under
 * kstate_lock: a finalize in progress holds the notifier chain and waits
 * for kstate_lock.
 */
static void kstate_setup(void)
{
	static DEFINE_MUTEX(setup_lock);
	static bool done;

	guard(mutex)(&setup_lock);
	if (done)
		return;
	done = true;
	if (kho_is_enabled() && register_kho_notifier(&kstate_nb))
		pr_err("cannot register the KHO notifier: nothing will be saved\n");
}

/**
 * kstate_register - restore an object and save it at every KHO finalize
 * @desc: the description of the object's struct
 * @obj: the object
 * @instance_id: tells objects of one description apart; (@desc->id,
 *	@instance_id) must be unique
 *
 * If the previous kernel saved an object of @desc->id and @instance_id,
 * it is restored into @obj first. Fields absent from the saved version keep
 * the values @obj has. Then @obj is saved at every finalize of KHO until
 * kstate_unregister(); it must stay valid until then.
 *
 * Incoming state is checked completely before it is used: a version outside
 * @desc's range or malformed data restores nothing, prints one error, and
 * kstate_register() fails. The incoming state of that object is then gone:
 * registering it again succeeds, with the values @obj has.
 *
 * Context: process context; may sleep.
 * Return: %KSTATE_RESTORED if @obj was restored, 0 if there was nothing to
 * restore (also when KHO is off: nothing is saved either), -EINVAL for a bad
 * description, -EEXIST if the object is registered already, -ERANGE if the
 * saved version cannot be read, -EBADMSG for malformed incoming state,
 * -ENOMEM. The object is registered if and only if the return value is not
 * negative.
 */
int kstate_register(const struct kstate_description *desc, void *obj,
		    u32 instance_id)
{
	struct kstate_object *o, *new;
	int ret;

	if (!obj || kstate_check_desc(desc))
		return -EINVAL;
	kstate_setup();

	new = kzalloc(sizeof(*new), GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	new->desc = desc;
	new->obj = obj;
	new->instance_id = instance_id;

	guard(mutex)(&kstate_lock);
	list_for_each_entry(o, &kstate_objects, list) {
		if (o->desc->id == desc->id && o->instance_id == instance_id) {
			kfree(new);
			return -EEXIST;
		}
	}
	ret = kstate_restore(desc, obj, instance_id);
	if (ret < 0) {
		kfree(new);
		return ret;
	}
	list_add_tail(&new->list, &kstate_objects);
	return ret;
}
EXPORT_SYMBOL_GPL(kstate_register);

/**
 * kstate_unregister - stop saving an object
 * @desc: its description, as registered
 * @obj: the object, as registered
 * @instance_id: its instance number, as registered
 *
 * After a finalize, the object stays in the outgoing state until an abort
 * (the state is frozen then); it is not read any more.
 *
 * Context: process context; may sleep.
 */
void kstate_unregister(const struct kstate_description *desc, void *obj,
		       u32 instance_id)
{
	struct kstate_object *o;

	guard(mutex)(&kstate_lock);
	list_for_each_entry(o, &kstate_objects, list) {
		if (o->desc == desc && o->obj == obj &&
		    o->instance_id == instance_id) {
			list_del(&o->list);
			kfree(o);
			return;
		}
	}
}
EXPORT_SYMBOL_GPL(kstate_unregister);
