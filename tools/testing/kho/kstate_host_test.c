// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of kernel/kstate.c (kstate_host.h): objects of every field
 * kind saved, handed over and restored through kstate_register(), the
 * versioning rules, and malformed state, each refused with one message,
 * the object left alone and no memory leaked; then fuzz_kstate's run on
 * the seeds and on the reproducers of repro-kstate/.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <libfdt.h>

#include <asm/page.h>
#include <linux/errno.h>
#include <linux/kho/abi/kstate.h>
#include <linux/mm.h>

#include "kho_shim.h"
#include "kho_test.h"
#include "kstate_host.h"

#define KH_FDT_SIZE	(64 * 1024)
#define KH_INST		1

static bool (*check)(bool ok, const char *fmt, ...);

/* A save of instances 0-3 of @desc (objects from seeds 10-13). */
struct kh_saved {
	struct kh_env env[KH_ARR];
	struct kstate_ctx ctx;
	u8 fdt[KH_FDT_SIZE];
};

static bool kh_saved_make(struct kh_saved *s,
			  const struct kstate_description *desc,
			  void (*tweak)(struct kh_env *env))
{
	static const u32 inst[KH_ARR] = { 0, 1, 2, 3 };
	unsigned int i;

	kstate_host_mem_reset();
	kstate_ctx_release(&s->ctx);
	for (i = 0; i < KH_ARR; i++) {
		kh_env_init(&s->env[i], 10 + i);
		kh_env_short(&s->env[i], i);
		if (!kh_env_alloc(&s->env[i], desc == &kh_v1))
			return false;
		if (tweak)
			tweak(&s->env[i]);
	}
	return !kh_save(s->fdt, sizeof(s->fdt), &s->ctx, desc, s->env, inst,
			KH_ARR);
}

/* A next kernel: @fdt handed over with the memory of the save. */
static int kh_restore(const struct kh_saved *s, const void *fdt,
		      const struct kstate_description *desc,
		      struct kh_env *env, unsigned long *msgs)
{
	unsigned long before = kho_shim_msg_count;
	int ret;

	kstate_host_handover(&s->ctx);
	kstate_host_reset();
	kho_shim_last_msg[0] = '\0';
	if (kstate_check_fdt(fdt, fdt_totalsize(fdt)))
		return -EINVAL;
	kstate_host_set_incoming(fdt);
	ret = kstate_register(desc, &env->obj, KH_INST);
	*msgs = kho_shim_msg_count - before;
	return ret;
}

static void kh_done(const struct kstate_description *desc, struct kh_env *env)
{
	kstate_unregister(desc, &env->obj, KH_INST);
	kh_env_free(env);
	kstate_host_reset();
}

/* ------------------------------------------------------------------ */
/* Round trips and versions */

static void kh_no_extra(struct kh_env *env)
{
	env->obj.extra = 0;
	env->obj.ptr = NULL;
	folio_put(env->obj.folio);
	env->obj.folio = NULL;
}

static const struct {
	const char *name;
	const struct kstate_description *writer, *reader;
	void (*tweak)(struct kh_env *env);
	unsigned int which;
} kh_trips[] = {
	{ "v2 to v2, every field kind", &kh_v2, &kh_v2, NULL,
	  KH_ADDED | KH_EXTRA },
	{ "v1 to v2: added keeps its value, deprecated read", &kh_v1, &kh_v2,
	  NULL, KH_OLD },
	{ "v2 to v2, no subsection, NULL pointer and folio", &kh_v2, &kh_v2,
	  kh_no_extra, KH_ADDED },
	{ "v2 with an unknown subsection to v2", &kh_v2_future, &kh_v2, NULL,
	  KH_ADDED | KH_EXTRA },
	{ "v2 with a subsection of another id to v2", &kh_v2_alias, &kh_v2,
	  NULL, KH_ADDED },
};

static void kh_test_roundtrips(struct kh_saved *s)
{
	unsigned long msgs, live;
	struct kh_env b, was;
	const char *diff;
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(kh_trips); i++) {
		if (!kh_saved_make(s, kh_trips[i].writer, kh_trips[i].tweak)) {
			check(false, "kstate: %s: cannot save", kh_trips[i].name);
			continue;
		}
		kh_env_init(&b, 99);
		memcpy(&was, &b, sizeof(b));
		ret = kh_restore(s, s->fdt, kh_trips[i].reader, &b, &msgs);
		live = kstate_host_mem_live();
		diff = ret == KSTATE_RESTORED ?
		       kh_env_diff(&s->env[KH_INST], &b, &was,
				   kh_trips[i].which) : "-";
		check(ret == KSTATE_RESTORED && !msgs && !diff &&
		      live == (b.obj.folio ? 4 : 0) + 2 +
		      (b.obj.old_folio ? 1 : 0),
		      "kstate: %s (%d, %lu messages, %lu pages, differs: %s)",
		      kh_trips[i].name, ret, msgs, live, diff ? diff : "none");
		kh_done(kh_trips[i].reader, &b);
	}
}

/* The wire: names, lengths, what is not written. */
static void kh_test_wire(struct kh_saved *s)
{
	const struct kh_obj *o = &s->env[KH_INST].obj;
	const struct kstate_mem_ser *ser;
	char custom[9];
	const u32 *u32v;
	int node, inner, len, len2, len3;
	const char *c;

	if (!check(kh_saved_make(s, &kh_v2, NULL), "kstate: wire: v2 saved"))
		return;
	node = fdt_path_offset(s->fdt, "/kh@1");
	inner = fdt_subnode_offset(s->fdt, node, "inner");
	u32v = fdt_getprop(s->fdt, node, "u32v", &len);
	ser = fdt_getprop(s->fdt, node, "folio", &len2);
	c = fdt_getprop(s->fdt, node, "custom", &len3);
	snprintf(custom, sizeof(custom), "%08x", o->custom);
	check(node >= 0 && inner >= 0 && u32v && len == 4 &&
	      *u32v == o->u32v && ser && len2 == sizeof(*ser) &&
	      ser->phys == PFN_PHYS(folio_pfn(o->folio)) && ser->order == 2 &&
	      !ser->flags && c && len3 == 8 && !memcmp(c, custom, 8) &&
	      !fdt_getprop(s->fdt, node, "old", NULL) &&
	      !fdt_getprop(s->fdt, node, "old_folio", NULL) &&
	      fdt_subnode_offset(s->fdt, node, "extra") >= 0 &&
	      s->ctx.nr_mem == 2 * KH_ARR,
	      "kstate: wire: kh@1 with its fields, inner and extra nodes, no deprecated field, %u memory ranges",
	      s->ctx.nr_mem);
}

static void kh_test_versions(struct kh_saved *s)
{
	static const struct {
		const char *name;
		const struct kstate_description *writer, *reader;
		const char *msg;
	} cases[] = {
		{ "version too new", &kh_v3, &kh_v2,
		  "kh@1: kh saved as version 3, this kernel reads versions 1 to 2: not restored" },
		{ "version too old", &kh_v1, &kh_v2_only,
		  "kh@1: kh saved as version 1, this kernel reads versions 2 to 2: not restored" },
		{ "v2 read by v1", &kh_v2, &kh_v1,
		  "saved as version 2, this kernel reads versions 1 to 1" },
	};
	struct kh_env b, was;
	unsigned long msgs;
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		if (!kh_saved_make(s, cases[i].writer, NULL)) {
			check(false, "kstate: %s: cannot save", cases[i].name);
			continue;
		}
		kh_env_init(&b, 99);
		memcpy(&was, &b, sizeof(b));
		ret = kh_restore(s, s->fdt, cases[i].reader, &b, &msgs);
		check(ret == -ERANGE && msgs == 1 &&
		      strstr(kho_shim_last_msg, cases[i].msg) &&
		      !memcmp(&b, &was, sizeof(b)) && !kstate_host_mem_live(),
		      "kstate: %s refused (%d, %lu messages: %.*s)",
		      cases[i].name, ret, msgs,
		      (int)strcspn(kho_shim_last_msg, "\n"), kho_shim_last_msg);
		kstate_host_reset();
	}
}

/* ------------------------------------------------------------------ */
/* Malformed state */

static int kh_node(void *fdt, const char *path)
{
	return fdt_path_offset(fdt, path);
}

static bool kh_del(void *fdt, const char *path, const char *prop)
{
	return !fdt_delprop(fdt, kh_node(fdt, path), prop);
}

static bool kh_set(void *fdt, const char *path, const char *prop,
		   const void *val, int len)
{
	return !fdt_setprop(fdt, kh_node(fdt, path), prop, val, len);
}

/* Change the kstate_mem_ser of @prop with @fn. */
static bool kh_mem(void *fdt, const char *prop,
		   void (*fn)(struct kstate_mem_ser *ser))
{
	const struct kstate_mem_ser *p;
	struct kstate_mem_ser ser;
	int len;

	p = fdt_getprop(fdt, kh_node(fdt, "/kh@1"), prop, &len);
	if (!p || len != sizeof(ser))
		return false;
	memcpy(&ser, p, sizeof(ser));
	fn(&ser);
	return kh_set(fdt, "/kh@1", prop, &ser, sizeof(ser));
}

static void m_flags(struct kstate_mem_ser *s) { s->flags |= 0x100; }
static void m_kind(struct kstate_mem_ser *s) { s->flags ^= KSTATE_MEM_PAGES; }
static void m_order3(struct kstate_mem_ser *s) { s->order = 3; }
static void m_order1(struct kstate_mem_ser *s) { s->order = 1; }
static void m_order11(struct kstate_mem_ser *s) { s->order = 11; }
static void m_misalign(struct kstate_mem_ser *s) { s->phys += PAGE_SIZE; }
static void m_elsewhere(struct kstate_mem_ser *s) { s->phys += 1 << 20; }

static bool c_no_i(void *f) { return kh_del(f, "/kh@1", "i"); }
static bool c_short(void *f) { return kh_set(f, "/kh@1", "u32v", "abc", 3); }
static bool c_long_label(void *f)
{
	return kh_set(f, "/kh@1", "label", "0123456789a", 11);
}
static bool c_no_inner(void *f) { return !fdt_del_node(f, kh_node(f, "/kh@1/inner")); }
static bool c_inner_no_id(void *f) { return kh_del(f, "/kh@1/inner", "id"); }
static bool c_inner_id(void *f)
{
	u32 id = KH_ID;

	return kh_set(f, "/kh@1/inner", "id", &id, 4);
}
static bool c_version_len(void *f) { return kh_set(f, "/kh@1", "version", "ab", 2); }
static bool c_inner_b(void *f) { return kh_set(f, "/kh@1/inner", "b", "abcd", 4); }
static bool c_arr_many(void *f)
{
	u64 v[KH_ARR + 1] = { 0 };

	return kh_set(f, "/kh@1", "arr", v, sizeof(v));
}
static bool c_arr_len(void *f) { return kh_set(f, "/kh@1", "arr", "123456789", 9); }
static bool c_ptr_len(void *f) { return kh_set(f, "/kh@1", "ptr", "1234", 4); }
static bool c_custom_7(void *f) { return kh_set(f, "/kh@1", "custom", "1234567", 7); }
static bool c_custom_hex(void *f) { return kh_set(f, "/kh@1", "custom", "1234567g", 8); }
static bool c_custom_big(void *f)
{
	static char big[KSTATE_CUSTOM_MAX + 1];

	return kh_set(f, "/kh@1", "custom", big, sizeof(big));
}
static bool c_mem_flags(void *f) { return kh_mem(f, "folio", m_flags); }
static bool c_mem_kind(void *f) { return kh_mem(f, "pages", m_kind); }
static bool c_page_order(void *f) { return kh_mem(f, "pages", m_order3); }
static bool c_folio_order(void *f) { return kh_mem(f, "folio", m_order11); }
static bool c_folio_misaligned(void *f) { return kh_mem(f, "folio", m_misalign); }
static bool c_folio_other_order(void *f) { return kh_mem(f, "folio", m_order1); }
static bool c_folio_gone(void *f) { return kh_mem(f, "folio", m_elsewhere); }
static bool c_pages_gone(void *f) { return kh_mem(f, "pages", m_elsewhere); }
static bool c_folio_len(void *f) { return kh_set(f, "/kh@1", "folio", "12345678", 8); }
static bool c_extra_missing(void *f) { return kh_del(f, "/kh@1/extra", "extra"); }
static bool c_extra_inner(void *f)
{
	return !fdt_del_node(f, kh_node(f, "/kh@1/extra/extra_inner"));
}
static bool c_extra_version(void *f)
{
	u32 v = 2;

	return kh_set(f, "/kh@1/extra", "version", &v, 4);
}

static const struct kh_bad {
	const char *name;
	bool (*mutate)(void *fdt);
	int ret;
	const char *msg;
} kh_bads[] = {
	{ "missing property", c_no_i, -EBADMSG, "field kh.i is missing" },
	{ "short property", c_short, -EBADMSG, "field kh.u32v has the wrong length" },
	{ "long char array", c_long_label, -EBADMSG, "field kh.label has the wrong length" },
	{ "missing struct node", c_no_inner, -EBADMSG, "field kh.inner is missing" },
	{ "struct without id", c_inner_no_id, -EBADMSG, "field inner.id is missing or not 4 bytes" },
	{ "struct of another id", c_inner_id, -EBADMSG, "field inner.id is not the description's" },
	{ "version of 2 bytes", c_version_len, -EBADMSG, "field kh.version is missing or not 4 bytes" },
	{ "struct field too long", c_inner_b, -EBADMSG, "field inner.b has the wrong length" },
	{ "array too long", c_arr_many, -EBADMSG, "field kh.arr has too many elements" },
	{ "array of a partial element", c_arr_len, -EBADMSG, "field kh.arr has the wrong length" },
	{ "pointee of the wrong length", c_ptr_len, -EBADMSG, "field kh.ptr has the wrong length" },
	{ "pointee for a NULL pointer", NULL, -EBADMSG,
	  "field kh.ptr is saved but the object's pointer is NULL" },
	{ "custom refused by its callback (7 bytes)", c_custom_7, -EBADMSG,
	  "field kh.custom was refused by its restore callback" },
	{ "custom refused by its callback (not hex)", c_custom_hex, -EBADMSG,
	  "field kh.custom was refused by its restore callback" },
	{ "custom over KSTATE_CUSTOM_MAX", c_custom_big, -EBADMSG,
	  "field kh.custom has the wrong length" },
	{ "memory with unknown flags", c_mem_flags, -EBADMSG, "field kh.folio has unknown flags" },
	{ "pages saved as a folio", c_mem_kind, -EBADMSG,
	  "field kh.pages is not the kind of memory expected" },
	{ "pages of another order", c_page_order, -EBADMSG,
	  "field kh.pages has a bad address or order" },
	{ "folio of order 11", c_folio_order, -EBADMSG,
	  "field kh.folio has a bad address or order" },
	{ "misaligned folio", c_folio_misaligned, -EBADMSG,
	  "field kh.folio has a bad address or order" },
	{ "folio of another order than preserved", c_folio_other_order, -EBADMSG,
	  "field kh.folio memory has another order" },
	{ "folio not preserved", c_folio_gone, -EBADMSG,
	  "field kh.folio memory was not preserved" },
	{ "pages not preserved, the folio given back", c_pages_gone, -EBADMSG,
	  "field kh.pages memory was not preserved" },
	{ "memory property of 8 bytes", c_folio_len, -EBADMSG,
	  "field kh.folio has the wrong length" },
	{ "subsection field missing", c_extra_missing, -EBADMSG,
	  "field extra.extra is missing" },
	{ "subsection struct missing", c_extra_inner, -EBADMSG,
	  "field extra.extra_inner is missing" },
	{ "subsection version too new", c_extra_version, -ERANGE,
	  "kh@1: extra saved as version 2, this kernel reads versions 1 to 1: not restored" },
};

/* @s's FDT with @c planted, in @out of KH_FDT_SIZE bytes. */
static bool kh_plant(const struct kh_saved *s, const struct kh_bad *c, u8 *out)
{
	if (fdt_open_into(s->fdt, out, KH_FDT_SIZE))
		return false;
	if (c->mutate && !c->mutate(out))
		return false;
	return !fdt_pack(out);
}

static void kh_test_malformed(struct kh_saved *s)
{
	static u8 bad[KH_FDT_SIZE];
	unsigned long msgs, preserved;
	struct kh_env b, was;
	unsigned int i;
	int ret;

	if (!check(kh_saved_make(s, &kh_v2, NULL), "kstate: malformed: v2 saved"))
		return;
	for (i = 0; i < ARRAY_SIZE(kh_bads); i++) {
		const struct kh_bad *c = &kh_bads[i];

		if (!kh_plant(s, c, bad)) {
			check(false, "kstate: malformed: %s: cannot plant", c->name);
			continue;
		}
		kh_env_init(&b, 99);
		if (!c->mutate)	/* the object's pointer is NULL */
			b.obj.ptr = NULL;
		memcpy(&was, &b, sizeof(b));
		ret = kh_restore(s, bad, &kh_v2, &b, &msgs);
		preserved = kstate_host_mem_preserved();
		check(ret == c->ret && msgs == 1 &&
		      strstr(kho_shim_last_msg, c->msg) &&
		      !memcmp(&b, &was, sizeof(b)) && !kstate_host_mem_live(),
		      "kstate: malformed: %s refused, object unchanged, nothing leaked (%d, %lu messages, %lu pages still preserved: %.*s)",
		      c->name, ret, msgs, preserved,
		      (int)strcspn(kho_shim_last_msg, "\n"), kho_shim_last_msg);
		kstate_host_reset();
	}
}

/* The root: truncated, not kstate, and objects not found. */
static void kh_test_root(struct kh_saved *s)
{
	static u8 bad[KH_FDT_SIZE];
	struct kh_env b, was;
	unsigned long msgs;
	size_t size;
	u32 id = KH_ID + 9;
	int ret;

	if (!check(kh_saved_make(s, &kh_v2, NULL), "kstate: root: v2 saved"))
		return;
	size = fdt_totalsize(s->fdt);
	check(!kstate_check_fdt(s->fdt, size) &&
	      kstate_check_fdt(s->fdt, size - 1) == -EINVAL &&
	      kstate_check_fdt(s->fdt, 39) == -EINVAL &&
	      kstate_check_fdt(s->fdt, 0) == -EINVAL,
	      "kstate: root: an FDT cut short is refused");
	memcpy(bad, s->fdt, size);
	fdt_setprop_inplace(bad, 0, "compatible", "kstate-v0", 10);
	check(kstate_check_fdt(bad, size) == -EINVAL,
	      "kstate: root: another compatible is refused");
	memcpy(bad, s->fdt, size);
	fdt_set_version(bad, 1);
	check(kstate_check_fdt(bad, size) == -EINVAL,
	      "kstate: root: an FDT of version 1 is refused");

	check(kstate_find_object(s->fdt, KH_ID, 1) ==
	      fdt_path_offset(s->fdt, "/kh@1") &&
	      kstate_find_object(s->fdt, KH_ID, 4) == -ENOENT &&
	      kstate_find_object(s->fdt, KH_ID + 1, 1) == -ENOENT,
	      "kstate: root: objects are found by id and instance");

	/* An object whose id is not ours is not found: nothing restored. */
	fdt_open_into(s->fdt, bad, sizeof(bad));
	kh_set(bad, "/kh@1", "id", &id, 4);
	kh_env_init(&b, 99);
	memcpy(&was, &b, sizeof(b));
	ret = kh_restore(s, bad, &kh_v2, &b, &msgs);
	check(!ret && !msgs && !memcmp(&b, &was, sizeof(b)),
	      "kstate: root: an object of another id is not restored (%d)", ret);
	kh_done(&kh_v2, &b);

	/* Restored once: registered again after unregister, it keeps its values. */
	ret = kh_restore(s, s->fdt, &kh_v2, &b, &msgs);
	kh_env_init(&was, 5);
	check(ret == KSTATE_RESTORED &&
	      kstate_register(&kh_v2, &was.obj, KH_INST) == -EEXIST,
	      "kstate: register: the same object twice is -EEXIST");
	kstate_unregister(&kh_v2, &b.obj, KH_INST);
	kh_env_init(&b, 6);
	memcpy(&was, &b, sizeof(b));
	ret = kstate_register(&kh_v2, &b.obj, KH_INST);
	check(!ret && !memcmp(&b, &was, sizeof(b)),
	      "kstate: register: state is restored once, then ignored (%d)", ret);
	kstate_unregister(&kh_v2, &b.obj, KH_INST);
	kstate_host_mem_reset();
	kstate_host_reset();
}

static void kh_test_bad_desc(void)
{
	static const struct kstate_field fields[] = {
		KSTATE_BASE_TYPE(i, struct kh_obj, int),
		KSTATE_END_OF_LIST(),
	};
	static const struct kstate_description bad = {
		.name = "bad name", .id = 7, .version_id = 1, .fields = fields,
	};
	unsigned long msgs = kho_shim_msg_count;
	struct kh_env b;

	kh_env_init(&b, 1);
	check(kstate_register(&bad, &b.obj, 0) == -EINVAL &&
	      kho_shim_msg_count == msgs + 1 &&
	      strstr(kho_shim_last_msg, "description bad name: bad name"),
	      "kstate: register: a bad description is -EINVAL with a message");
}

/* ------------------------------------------------------------------ */
/* The fuzzer's run and its inputs */

static const struct {
	const struct kstate_description *desc;
	void (*tweak)(struct kh_env *env);
	unsigned int restored;	/* by kstate_host_run() */
} kh_seeds[] = {
	{ &kh_v2, NULL, KH_ARR },		/* v2 reads 4, v1 none */
	{ &kh_v1, NULL, 2 * KH_ARR },		/* both */
	{ &kh_v2, kh_no_extra, KH_ARR },
	{ &kh_v2_future, NULL, KH_ARR },
	{ &kh_v2_alias, NULL, KH_ARR },
	{ &kh_v3, NULL, 0 },
};

static u8 *kh_seed(struct kh_saved *s, unsigned int i, size_t *size)
{
	static u8 bad[KH_FDT_SIZE];
	unsigned int n = ARRAY_SIZE(kh_seeds);

	if (i < n) {
		if (!kh_saved_make(s, kh_seeds[i].desc, kh_seeds[i].tweak))
			return NULL;
		return kh_input(s->fdt, &s->ctx, size);
	}
	if (i - n >= ARRAY_SIZE(kh_bads) ||
	    (i == n && !kh_saved_make(s, &kh_v2, NULL)) ||
	    !kh_plant(s, &kh_bads[i - n], bad))
		return NULL;
	return kh_input(bad, &s->ctx, size);
}

static void kh_test_run(struct kh_saved *s)
{
	unsigned int i, got;
	bool ok = true;
	size_t size;
	u8 *in;

	kho_shim_quiet = 1;
	for (i = 0; i < ARRAY_SIZE(kh_seeds); i++) {
		in = kh_seed(s, i, &size);
		got = in ? kstate_host_run(in, size) : 0;
		free(in);
		ok &= check(in && got == kh_seeds[i].restored,
			    "kstate: fuzz run of seed %u restores %u objects (%u)",
			    i, kh_seeds[i].restored, got);
	}
	for (i = 0; i < ARRAY_SIZE(kh_bads); i++) {
		in = kh_seed(s, ARRAY_SIZE(kh_seeds) + i, &size);
		got = in ? kstate_host_run(in, size) : 0;
		free(in);
		/* Instance 1 is refused by kh_v2, the others not. */
		ok &= in && (!kh_bads[i].mutate ? got == KH_ARR : got == KH_ARR - 1);
	}
	check(ok, "kstate: fuzz run of the %zu malformed seeds: instance 1 refused, the rest restored",
	      ARRAY_SIZE(kh_bads));
	kho_shim_quiet = 0;
}

/* Each reproducer of repro-kstate/, in a child: it must not abort. */
static void kh_test_repro(const char *dir)
{
	struct dirent *de;
	unsigned int n = 0, bad = 0;
	DIR *d = opendir(dir);

	if (!d) {
		check(false, "kstate: reproducers: no %s", dir);
		return;
	}
	while ((de = readdir(d))) {
		char path[4096];
		struct stat st;
		int status;
		size_t size;
		pid_t pid;
		FILE *f;
		u8 *in;

		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (de->d_name[0] == '.' || stat(path, &st) || !S_ISREG(st.st_mode))
			continue;
		n++;
		fflush(NULL);
		pid = fork();
		if (!pid) {
			f = fopen(path, "rb");
			size = st.st_size;
			in = malloc(size ? size : 1);
			if (!f || !in || fread(in, 1, size, f) != size)
				_exit(2);
			kho_shim_quiet = 1;
			kstate_host_run(in, size);
			_exit(0);
		}
		if (pid < 0 || waitpid(pid, &status, 0) != pid ||
		    !WIFEXITED(status) || WEXITSTATUS(status)) {
			bad++;
			printf("# kstate: reproducer %s fails\n", de->d_name);
		}
	}
	closedir(d);
	check(!bad, "kstate: %u reproducers of %s run clean (%u fail)", n,
	      dir, bad);
}

void kstate_host_tests(const char *repro,
		       bool (*check_fn)(bool ok, const char *fmt, ...))
{
	static struct kh_saved s;
	int quiet = kho_shim_quiet;

	check = check_fn;
	kho_shim_quiet = 1;
	kh_test_roundtrips(&s);
	kh_test_wire(&s);
	kh_test_versions(&s);
	kh_test_malformed(&s);
	kh_test_root(&s);
	kh_test_bad_desc();
	kh_test_run(&s);
	if (repro)
		kh_test_repro(repro);
	kho_shim_quiet = quiet;
	kstate_ctx_release(&s.ctx);
	kstate_host_mem_reset();
}

int kstate_host_write_seeds(const char *dir)
{
	static struct kh_saved s;
	unsigned int i;
	char path[4096];
	size_t size;
	FILE *f;
	u8 *in;

	mkdir(dir, 0755);
	kho_shim_quiet = 1;
	for (i = 0; i < ARRAY_SIZE(kh_seeds) + ARRAY_SIZE(kh_bads); i++) {
		in = kh_seed(&s, i, &size);
		if (!in)
			return 1;
		snprintf(path, sizeof(path), "%s/kstate-%02u.bin", dir, i);
		f = fopen(path, "wb");
		if (!f || fwrite(in, 1, size, f) != size || fclose(f))
			return 1;
		free(in);
	}
	kstate_ctx_release(&s.ctx);
	return 0;
}
