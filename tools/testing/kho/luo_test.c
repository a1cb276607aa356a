// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of the user-memory formats (spec section 10): the readers of
 * serialization block chains and vmalloc chunk lists and the block writer
 * (kernel/kexec_handover_blocks.c, compiled whole by sim_blocks.c), the
 * ABI headers of LUO and memfd, and a decoder built on them that walks the
 * mainline 7.3 LUO + memfd handover of vectors/mainline-7.3-x86_64-luo/
 * from root.dtb down to each folio and prints what it finds in the format
 * of the vector's expected.txt, which it must reproduce line for line.
 *
 * The vector's memory is a set of files named by role (sessions-block-N,
 * sessionS-files-block-N, memfd-TOKEN-ser, ...): the decoder's map()
 * callbacks load the file of the role they are asked for, the valid()
 * callbacks accept only memory that the vector's radix tree preserves.
 */
#define _GNU_SOURCE
#include <linux/kconfig.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>

#include <asm/page.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/kexec_handover.h>
#include <linux/mmzone.h>
#include <linux/kho/abi/kexec_handover.h>
#include <linux/kho/abi/luo.h>
#include <linux/kho/abi/memfd.h>

#include "kexec_handover_internal.h"
#include "kho_shim.h"
#include "kho_sim.h"
#include "kho_test.h"

static bool (*check)(bool ok, const char *fmt, ...);

/* ------------------------------------------------------------------ */
/* kho_alloc_preserve() for the block writer: arena pages, tracked */

#define MAX_PRESERVED	(KHO_BLOCKS_MAX + 64)
static phys_addr_t preserved[MAX_PRESERVED];
static unsigned long nr_preserved;
static long alloc_fail_after = -1;

void *kho_alloc_preserve(size_t size)
{
	unsigned long page;

	if (!size)
		return ERR_PTR(-EINVAL);
	if (size > PAGE_SIZE)
		return ERR_PTR(-E2BIG);
	if (alloc_fail_after == 0 || nr_preserved == MAX_PRESERVED)
		return ERR_PTR(-ENOMEM);
	if (alloc_fail_after > 0)
		alloc_fail_after--;
	page = get_zeroed_page(GFP_KERNEL);
	if (!page)
		return ERR_PTR(-ENOMEM);
	preserved[nr_preserved++] = virt_to_phys((void *)page);
	return (void *)page;
}

int kho_unpreserve_free(void *mem)
{
	phys_addr_t phys = virt_to_phys(mem);
	unsigned long i;

	for (i = 0; i < nr_preserved; i++) {
		if (preserved[i] == phys) {
			preserved[i] = preserved[--nr_preserved];
			free_page((unsigned long)mem);
			return 0;
		}
	}
	return -ENOENT;
}

static bool is_preserved(phys_addr_t phys)
{
	unsigned long i;

	for (i = 0; i < nr_preserved; i++)
		if (preserved[i] == phys)
			return true;
	return false;
}

/* ------------------------------------------------------------------ */
/* Output: a growing text, compared with expected.txt */

static char *out;
static size_t out_len, out_cap;

static __printf(1, 2) void emit(const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(out + out_len, out_cap - out_len, fmt, ap);
		va_end(ap);
		if (out && out_len + n + 1 < out_cap)
			break;
		out_cap = out_cap * 2 + n + 4096;
		out = realloc(out, out_cap);
	}
	out_len += n;
}

static u8 *load(const char *dir, const char *name, size_t *size)
{
	char path[4096];
	u8 *buf = NULL;
	long len;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	if (!fseek(f, 0, SEEK_END) && (len = ftell(f)) >= 0 &&
	    !fseek(f, 0, SEEK_SET)) {
		buf = calloc(1, len + PAGE_SIZE);	/* zero-padded to a page */
		if (buf && fread(buf, 1, len, f) != (size_t)len) {
			free(buf);
			buf = NULL;
		}
		*size = len;
	}
	fclose(f);
	return buf;
}

static __printf(3, 4) u8 *loadf(const char *dir, size_t *size,
				const char *fmt, ...)
{
	char name[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	return load(dir, name, size);
}

static bool all_zero(const u8 *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

/* ------------------------------------------------------------------ */
/* The vector's radix tree: records {phys, level, 0, page} */

#define REC_SIZE	(16 + PAGE_SIZE)
#define MAX_BLOCKS	4096

struct vblock {
	u64 phys;
	unsigned int order;
};

struct vtree {
	u8 *recs;
	size_t nrecs;
	struct vblock blocks[MAX_BLOCKS];
	size_t nblocks;
};

static const void *vtree_map(phys_addr_t phys, void *arg)
{
	struct vtree *t = arg;
	size_t i;

	for (i = 0; i < t->nrecs; i++) {
		u64 p;

		memcpy(&p, t->recs + i * REC_SIZE, 8);
		if (p == phys)
			return t->recs + i * REC_SIZE + 16;
	}
	return NULL;
}

static bool vtree_valid(phys_addr_t phys, u64 size, void *arg)
{
	return true;
}

static int vtree_block(phys_addr_t phys, unsigned int order, void *arg)
{
	struct vtree *t = arg;

	if (t->nblocks == MAX_BLOCKS)
		return -E2BIG;
	t->blocks[t->nblocks].phys = phys;
	t->blocks[t->nblocks++].order = order;
	return 0;
}

static const struct kho_radix_walk_ops vtree_ops = {
	.map = vtree_map,
	.valid = vtree_valid,
	.block = vtree_block,
};

static int cmp_vblock(const void *a, const void *b)
{
	const struct vblock *x = a, *y = b;

	return x->phys < y->phys ? -1 : x->phys > y->phys;
}

/* Whether every page of [phys, phys + size) lies in a preserved block. */
static bool vtree_covered(const struct vtree *t, u64 phys, u64 size)
{
	u64 p;
	size_t i;

	if (!size || phys + size < phys)
		return false;
	for (p = phys & ~(u64)(PAGE_SIZE - 1); p < phys + size; p += PAGE_SIZE) {
		for (i = 0; i < t->nblocks; i++) {
			u64 s = t->blocks[i].phys;

			if (p >= s && p < s + ((u64)PAGE_SIZE << t->blocks[i].order))
				break;
		}
		if (i == t->nblocks)
			return false;
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* The decoder */

#define MAX_LABELS	1024

struct decoder {
	const char *dir;
	struct vtree tree;
	/* "preserved?" lines, printed last */
	char *labels[MAX_LABELS];
	u64 label_phys[MAX_LABELS];
	size_t nlabels;
	/* problems the walkers reported */
	int errors;
};

static __printf(3, 4) void label(struct decoder *d, u64 phys,
				 const char *fmt, ...)
{
	va_list ap;

	if (d->nlabels == MAX_LABELS)
		return;
	va_start(ap, fmt);
	if (vasprintf(&d->labels[d->nlabels], fmt, ap) < 0)
		d->labels[d->nlabels] = NULL;
	va_end(ap);
	d->label_phys[d->nlabels++] = phys;
}

/* Pages of one chain, loaded from files in the order the walk meets them. */
#define MAX_CHAIN	64

struct chain {
	struct decoder *d;
	char pattern[64];		/* file name, %lu = block number */
	long session;			/* for file chains, else -1 */
	u64 phys[MAX_CHAIN];
	u8 *page[MAX_CHAIN];
	size_t npages;
	/* state of the printing pass */
	u64 first_index;		/* entry index of the block's first */
	u64 seen;			/* entries in the blocks so far */
};

static const void *chain_map(phys_addr_t phys, void *arg)
{
	struct chain *c = arg;
	char name[128];
	size_t i, size;

	for (i = 0; i < c->npages; i++)
		if (c->phys[i] == phys)
			return c->page[i];
	if (c->npages == MAX_CHAIN)
		return NULL;
	snprintf(name, sizeof(name), c->pattern, (unsigned long)c->npages);
	c->page[c->npages] = load(c->d->dir, name, &size);
	if (!c->page[c->npages])
		return NULL;
	c->phys[c->npages] = phys;
	return c->page[c->npages++];
}

static bool chain_valid(phys_addr_t phys, u64 size, void *arg)
{
	struct chain *c = arg;

	return vtree_covered(&c->d->tree, phys, size);
}

static void chain_free(struct chain *c)
{
	while (c->npages)
		free(c->page[--c->npages]);
}

static int chain_block(phys_addr_t phys, unsigned long nr, u64 count,
		       void *arg, size_t entry_size, const char *indent)
{
	struct chain *c = arg;
	const struct kho_block_header_ser *h = chain_map(phys, arg);
	char name[128];

	snprintf(name, sizeof(name), c->pattern, nr);
	emit("%s%s: next=0x%llx count=%llu; bytes after entries all zero: %s\n",
	     indent, name, (unsigned long long)h->next,
	     (unsigned long long)count,
	     all_zero((const u8 *)(h + 1) + count * entry_size,
		      PAGE_SIZE - sizeof(*h) - count * entry_size) ?
	     "True" : "False");
	c->first_index = c->seen;
	c->seen += count;
	return 0;
}

/* Python's '0x%x' of 0 is '0x0', C's is '0': print hex with 0x always. */
#define X(v)	((unsigned long long)(v))

struct memfd_ctx {
	struct decoder *d;
	u64 token;
	u8 *chunk[MAX_CHAIN];
	u64 chunk_phys[MAX_CHAIN];
	size_t nchunks;
	u64 groups[4096];
	size_t ngroups;
};

static const void *memfd_map(phys_addr_t phys, void *arg)
{
	struct memfd_ctx *m = arg;
	size_t i, size;

	for (i = 0; i < m->nchunks; i++)
		if (m->chunk_phys[i] == phys)
			return m->chunk[i];
	if (m->nchunks == MAX_CHAIN)
		return NULL;
	m->chunk[m->nchunks] = loadf(m->d->dir, &size,
				     "memfd-%llx-vmalloc-chunk-%zu.bin",
				     X(m->token), m->nchunks);
	if (!m->chunk[m->nchunks])
		return NULL;
	m->chunk_phys[m->nchunks] = phys;
	return m->chunk[m->nchunks++];
}

static bool memfd_valid(phys_addr_t phys, u64 size, void *arg)
{
	struct memfd_ctx *m = arg;

	return vtree_covered(&m->d->tree, phys, size);
}

static int memfd_chunk(phys_addr_t phys, unsigned long nr, void *arg)
{
	struct memfd_ctx *m = arg;

	label(m->d, phys, "memfd 0x%llx vmalloc chunk %lu", X(m->token), nr);
	return 0;
}

static int memfd_group(phys_addr_t phys, u64 index, void *arg)
{
	struct memfd_ctx *m = arg;

	if (m->ngroups == sizeof(m->groups) / sizeof(m->groups[0]))
		return -E2BIG;
	m->groups[m->ngroups++] = phys;
	return 0;
}

static const struct kho_vmalloc_walk_ops memfd_ops = {
	.map = memfd_map,
	.valid = memfd_valid,
	.chunk = memfd_chunk,
	.group = memfd_group,
};

static void decode_memfd(struct decoder *d, u64 token)
{
	struct memfd_ctx m = { .d = d, .token = token };
	const struct memfd_luo_folio_ser *f;
	struct memfd_luo_ser ser;
	struct kho_vmalloc folios;
	size_t size, asize, hsize, i, j;
	u8 *buf, *array, *heads;
	long ret;

	buf = loadf(d->dir, &size, "memfd-%llx-ser.bin", X(token));
	if (!buf)
		return;		/* not published for this file */
	memcpy(&ser, buf, sizeof(ser));
	free(buf);
	emit("    memfd_luo_ser: pos=0x%llx size=0x%llx seals=0x%x flags=0x%x nr_folios=%llu folios={first=0x%llx total_pages=%u flags=0x%x order=%u}\n",
	     X(ser.pos), X(ser.size), ser.seals, ser.flags, X(ser.nr_folios),
	     X(ser.folios.first), ser.folios.total_pages, ser.folios.flags,
	     ser.folios.order);
	folios = ser.folios;
	ret = kho_vmalloc_walk(&folios, &memfd_ops, &m);
	if (ret < 0) {
		d->errors++;
		goto out;
	}
	for (i = 0; i < m.nchunks; i++) {
		const struct kho_vmalloc_chunk *c = (const void *)m.chunk[i];

		emit("    vmalloc chunk %zu: next=0x%llx phys=[", i, X(c->next));
		for (j = 0; j < KHO_VMALLOC_CHUNK_ENTRIES && c->phys[j]; j++)
			emit("%s0x%llx", j ? ", " : "", X(c->phys[j]));
		emit("]%s\n", j < KHO_VMALLOC_CHUNK_ENTRIES ?
		     " (zero-terminated)" : "");
	}
	for (i = 0; i < m.ngroups; i++)
		label(d, m.groups[i], "memfd 0x%llx folio-array page",
		      X(token));
	if (!ser.nr_folios)
		goto out;
	array = loadf(d->dir, &asize, "memfd-%llx-folio-array.bin", X(token));
	heads = loadf(d->dir, &hsize, "memfd-%llx-folio-heads.bin", X(token));
	if (!array || !heads ||
	    ser.nr_folios * sizeof(*f) > (u64)m.ngroups << (PAGE_SHIFT + ser.folios.order) ||
	    asize < ser.nr_folios * sizeof(*f) || hsize < ser.nr_folios * 64) {
		d->errors++;
		free(array);
		free(heads);
		goto out;
	}
	for (i = 0; i < ser.nr_folios; i++) {
		const u8 *h = heads + i * 64;
		char head[33];

		f = (const void *)(array + i * sizeof(*f));
		memcpy(head, h, 32);
		head[32] = 0;
		emit("    folio[%zu]: raw=", i);
		for (j = 0; j < sizeof(*f); j++)
			emit("%02x", ((const u8 *)f)[j]);
		emit(" pfn=0x%llx flags=0x%x index=%llu head='%s' byte32=0x%02x\n",
		     X(f->pfn), (unsigned int)f->flags, X(f->index), head, h[32]);
	}
	emit("    folio array bytes after %llu entries all zero: %s\n",
	     X(ser.nr_folios),
	     all_zero(array + ser.nr_folios * sizeof(*f),
		      asize - ser.nr_folios * sizeof(*f)) ? "True" : "False");
	for (i = 0; i < ser.nr_folios; i++) {
		f = (const void *)(array + i * sizeof(*f));
		label(d, (u64)f->pfn << PAGE_SHIFT, "memfd 0x%llx folio %zu",
		      X(token), i);
	}
	free(array);
	free(heads);
out:
	while (m.nchunks)
		free(m.chunk[--m.nchunks]);
}

/* The blocks of a chain are listed before what their entries point at. */
static int file_block_label(phys_addr_t phys, unsigned long nr, u64 count,
			    void *arg)
{
	struct chain *c = arg;

	if (nr == 0)
		label(c->d, phys, "session %ld file block 0", c->session);
	else
		label(c->d, phys, "next file block after session%ld-files-block-%lu.bin",
		      c->session, nr - 1);
	return 0;
}

static int file_block(phys_addr_t phys, unsigned long nr, u64 count, void *arg)
{
	return chain_block(phys, nr, count, arg, sizeof(struct luo_file_ser),
			   "  ");
}

static int file_entry(const void *entry, u64 index, void *arg)
{
	const struct luo_file_ser *f = entry;
	struct chain *c = arg;
	char compat[LUO_HANDLER_COMPATIBLE_LEN + 1] = { };

	memcpy(compat, f->compatible, sizeof(f->compatible));
	emit("   file[%llu]: compatible='%s' data=0x%llx token=0x%llx\n",
	     X(index - c->first_index), compat, X(f->data), X(f->token));
	label(c->d, f->data, "memfd 0x%llx memfd_luo_ser", X(f->token));
	if (!strcmp(compat, MEMFD_LUO_COMPATIBLE))
		decode_memfd(c->d, f->token);
	return 0;
}

static const struct kho_blocks_walk_ops file_label_ops = {
	.map = chain_map,
	.valid = chain_valid,
	.block = file_block_label,
};

static const struct kho_blocks_walk_ops file_ops = {
	.map = chain_map,
	.valid = chain_valid,
	.block = file_block,
	.entry = file_entry,
};

static int session_block_label(phys_addr_t phys, unsigned long nr, u64 count,
			       void *arg)
{
	struct chain *c = arg;

	if (nr == 0)
		label(c->d, phys, "session block 0");
	else
		label(c->d, phys, "next session block after sessions-block-%lu.bin",
		      nr - 1);
	return 0;
}

static int session_block(phys_addr_t phys, unsigned long nr, u64 count,
			 void *arg)
{
	return chain_block(phys, nr, count, arg, sizeof(struct luo_session_ser),
			   "");
}

static int session_entry(const void *entry, u64 index, void *arg)
{
	const struct luo_session_ser *s = entry;
	struct chain *c = arg, files = { .d = c->d, .session = index };
	char name[LUO_SESSION_NAME_LEN + 1] = { };
	size_t size;
	u8 *probe;
	long ret;

	memcpy(name, s->name, sizeof(s->name));
	emit(" session[%llu] @entry offset %llu: name='%s' file_set_ser.files=0x%llx file_set_ser.count=%llu\n",
	     X(index),
	     X(sizeof(struct kho_block_header_ser) +
	       (index - c->first_index) * sizeof(*s)),
	     name, X(s->file_set_ser.files), X(s->file_set_ser.count));
	if (!s->file_set_ser.files)
		return 0;
	snprintf(files.pattern, sizeof(files.pattern),
		 "session%llu-files-block-%%lu.bin", X(index));
	probe = loadf(c->d->dir, &size, "session%llu-files-block-0.bin",
		      X(index));
	if (!probe) {
		/* Not published: only the block's address is known. */
		label(c->d, s->file_set_ser.files, "session %llu file block 0",
		      X(index));
		return 0;
	}
	free(probe);
	kho_blocks_walk(s->file_set_ser.files, sizeof(struct luo_file_ser),
			&file_label_ops, &files);
	ret = kho_blocks_walk(s->file_set_ser.files, sizeof(struct luo_file_ser),
			      &file_ops, &files);
	if (ret < 0 || (u64)ret != s->file_set_ser.count)
		c->d->errors++;
	chain_free(&files);
	return 0;
}

static const struct kho_blocks_walk_ops session_label_ops = {
	.map = chain_map,
	.valid = chain_valid,
	.block = session_block_label,
};

static const struct kho_blocks_walk_ops session_ops = {
	.map = chain_map,
	.valid = chain_valid,
	.block = session_block,
	.entry = session_entry,
};

static void emit_luo_ser(const char *what, const struct luo_ser *l,
			 size_t size)
{
	char compat[LUO_COMPATIBLE_LEN + 1] = { };

	memcpy(compat, l->compatible, sizeof(l->compatible));
	emit("%s: %zu bytes compatible='%s' liveupdate_num=%llu sessions_pa=0x%llx flbs_pa=0x%llx\n",
	     what, size, compat, X(l->liveupdate_num), X(l->sessions_pa),
	     X(l->flbs_pa));
}

struct fdt_prop_line {
	char text[160];
};

static int cmp_line(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Decode the vector in @dir into out; false if a file it needs is missing. */
static bool decode_vector(struct decoder *d)
{
	struct chain sessions = { .d = d, .session = -1 };
	struct fdt_prop_line lines[64];
	size_t size, nlines = 0, i, j;
	u64 luo_phys = 0, luo_size = 0, map_root = 0;
	const struct luo_flb_header_ser *flb;
	struct luo_ser luo;
	u8 *buf, *fdt;
	int node, len;
	const void *p;
	long ret;

	buf = load(d->dir, "kho-setup-data.bin", &size);
	if (buf && size >= 32) {
		u64 v[4];

		memcpy(v, buf, sizeof(v));
		emit("kho-setup-data: fdt_addr=0x%llx fdt_size=0x%llx scratch_addr=0x%llx scratch_size=0x%llx\n",
		     X(v[0]), X(v[1]), X(v[2]), X(v[3]));
	}
	free(buf);

	fdt = load(d->dir, "root.dtb", &size);
	if (!fdt || fdt_check_header(fdt) || fdt_totalsize(fdt) > size)
		return false;
	p = fdt_getprop(fdt, 0, KHO_FDT_MEMORY_MAP_PROP_NAME, &len);
	if (p && len == 8)
		memcpy(&map_root, p, 8);
	emit("root.dtb: totalsize=%u compatible='%s' preserved-memory-map=0x%llx\n",
	     fdt_totalsize(fdt),
	     (const char *)fdt_getprop(fdt, 0, "compatible", NULL),
	     X(map_root));
	fdt_for_each_subnode(node, fdt, 0) {
		const char *name = fdt_get_name(fdt, node, NULL);
		int prop;

		fdt_for_each_property_offset(prop, fdt, node) {
			const char *pname;
			u64 val;

			p = fdt_getprop_by_offset(fdt, prop, &pname, &len);
			if (!p || len != 8 || nlines == 64)
				continue;
			memcpy(&val, p, 8);
			snprintf(lines[nlines++].text, sizeof(lines[0].text),
				 "root.dtb node /%s %s = 0x%llx", name, pname,
				 X(val));
			if (!strcmp(name, LUO_KHO_NODE) &&
			    !strcmp(pname, KHO_FDT_SUB_TREE_PROP_NAME))
				luo_phys = val;
			if (!strcmp(name, LUO_KHO_NODE) &&
			    !strcmp(pname, KHO_FDT_SUB_TREE_SIZE_PROP_NAME))
				luo_size = val;
		}
	}
	free(fdt);
	qsort(lines, nlines, sizeof(lines[0]), cmp_line);
	for (i = 0; i < nlines; i++)
		emit("%s\n", lines[i].text);

	/* The radix tree first: valid() of every walk below needs it. */
	d->tree.recs = load(d->dir, "radix-pages.bin", &size);
	if (!d->tree.recs || size % REC_SIZE)
		return false;
	d->tree.nrecs = size / REC_SIZE;
	if (kho_radix_walk(map_root, &vtree_ops, 100000, &d->tree))
		return false;
	qsort(d->tree.blocks, d->tree.nblocks, sizeof(d->tree.blocks[0]),
	      cmp_vblock);

	buf = load(d->dir, "luo-ser.bin", &size);
	if (!buf || size < sizeof(luo))
		return false;
	memcpy(&luo, buf, sizeof(luo));
	free(buf);
	emit("luo-ser.bin: %zu bytes (blob-size %llu) at 0x%llx\n", size,
	     X(luo_size), X(luo_phys));
	label(d, luo_phys, "luo_ser (LUO blob)");
	{
		char compat[LUO_COMPATIBLE_LEN + 1] = { };

		memcpy(compat, luo.compatible, sizeof(luo.compatible));
		emit("luo_ser: compatible='%s' (%zu bytes, NUL-padded) liveupdate_num=%llu sessions_pa=0x%llx flbs_pa=0x%llx\n",
		     compat, sizeof(luo.compatible), X(luo.liveupdate_num),
		     X(luo.sessions_pa), X(luo.flbs_pa));
	}

	buf = load(d->dir, "flb-header.bin", &size);
	if (buf && size == PAGE_SIZE) {
		flb = (const void *)buf;
		emit("flb_header_ser @0x%llx: pgcnt=%llu count=%llu; rest of page all zero: %s\n",
		     X(luo.flbs_pa), X(flb->pgcnt), X(flb->count),
		     all_zero(buf + sizeof(*flb), PAGE_SIZE - sizeof(*flb)) ?
		     "True" : "False");
	}
	free(buf);
	label(d, luo.flbs_pa, "flb header");

	strcpy(sessions.pattern, "sessions-block-%lu.bin");
	kho_blocks_walk(luo.sessions_pa, sizeof(struct luo_session_ser),
			&session_label_ops, &sessions);
	ret = kho_blocks_walk(luo.sessions_pa, sizeof(struct luo_session_ser),
			      &session_ops, &sessions);
	chain_free(&sessions);
	if (ret < 0)
		d->errors++;

	buf = load(d->dir, "luo-ser-before-kexec-e.bin", &size);
	if (buf && size >= sizeof(luo)) {
		emit_luo_ser("g1 out/sub_fdts/LUO (before kexec -e)",
			     (const void *)buf, size);
		emit_luo_ser("g1 afterload/sub_fdts/LUO (before kexec -e)",
			     (const void *)buf, size);
	}
	free(buf);

	emit("radix-pages.bin (g1, after kexec load): root=0x%llx (== root.dtb preserved-memory-map: %s) tree_pages=%zu blocks=%zu\n",
	     X(map_root), "True", d->tree.nrecs, d->tree.nblocks);
	for (i = 0; i < d->nlabels; i++) {
		u64 a = d->label_phys[i];
		bool first = true;

		emit("  preserved? %-40s 0x%llx -> [", d->labels[i] ?: "?", X(a));
		for (j = 0; j < d->tree.nblocks; j++) {
			u64 s = d->tree.blocks[j].phys;

			if (a < s || a >= s + ((u64)PAGE_SIZE << d->tree.blocks[j].order))
				continue;
			emit("%s('0x%llx', %u)", first ? "" : ", ", X(s),
			     d->tree.blocks[j].order);
			first = false;
		}
		emit("]\n");
		free(d->labels[i]);
	}
	d->nlabels = 0;
	return true;
}

/* $KHO_LUO_DUMP: where the decoded text goes, for a diff. */
static void dump(const char *what)
{
	const char *dir = getenv("KHO_LUO_DUMP");
	char path[4096];
	FILE *f;

	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/%s.txt", dir, what);
	f = fopen(path, "w");
	if (f) {
		fwrite(out, 1, out_len, f);
		fclose(f);
	}
}

/* expected.txt without its comment lines. */
static char *expected_text(const char *dir, const char *name)
{
	size_t size;
	char *buf = (char *)load(dir, name, &size), *res, *line, *save;

	if (!buf)
		return NULL;
	res = calloc(1, size + 1);
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#')
			continue;
		strcat(res, line);
		strcat(res, "\n");
	}
	free(buf);
	return res;
}

/* Lines of @got that are not in @want, in order: the first one, or NULL. */
static const char *first_diff(const char *got, const char *want)
{
	static char line[512];
	size_t n;

	while (*got && *want) {
		n = strcspn(got, "\n");
		if (strncmp(got, want, n + 1))
			break;
		got += n + 1;
		want += strcspn(want, "\n") + 1;
	}
	if (!*got && !*want)
		return NULL;
	n = strcspn(*got ? got : want, "\n");
	snprintf(line, sizeof(line), "%s line '%.*s'", *got ? "got" : "missing",
		 (int)(n > 400 ? 400 : n), *got ? got : want);
	return line;
}

/* Whether every line of @got appears in @want, in the same order. */
static bool subsequence(const char *got, const char *want, size_t *nr)
{
	size_t n;

	*nr = 0;
	while (*got) {
		n = strcspn(got, "\n");
		while (*want && strncmp(got, want, n + 1))
			want += strcspn(want, "\n") + 1;
		if (!*want)
			return false;
		(*nr)++;
		got += n + 1;
		want += strcspn(want, "\n") + 1;
	}
	return true;
}

static size_t count_lines(const char *s, const char *prefix)
{
	size_t nr = 0, n;

	for (; *s; s += n + 1) {
		n = strcspn(s, "\n");
		if (!prefix || !strncmp(s, prefix, strlen(prefix)))
			nr++;
	}
	return nr;
}

static void expected_blocks(struct decoder *d, const char *what)
{
	char *want = expected_text(d->dir, "expected-blocks.txt"), *got;
	size_t i, len = 0;

	got = calloc(d->tree.nblocks + 1, 32);
	for (i = 0; i < d->tree.nblocks; i++)
		len += sprintf(got + len, "0x%llx %u\n", X(d->tree.blocks[i].phys),
			       d->tree.blocks[i].order);
	check(want && !strcmp(got, want),
	      "luo %s: the radix tree decodes to expected-blocks.txt (%zu blocks)",
	      what, d->tree.nblocks);
	free(got);
	free(want);
}

static void reset_decoder(struct decoder *d, const char *dir)
{
	free(d->tree.recs);
	memset(d, 0, sizeof(*d));
	d->dir = dir;
	out_len = 0;
	if (out)
		out[0] = 0;
}

static void test_vector(const char *luo_dir)
{
	static struct decoder d;
	char chain_dir[4096];
	const char *diff;
	char *want;
	size_t nr;
	bool ok;

	/* The main run: every file is there, expected.txt is reproduced. */
	reset_decoder(&d, luo_dir);
	ok = decode_vector(&d);
	dump("luo-vector");
	want = expected_text(luo_dir, "expected.txt");
	diff = want && ok ? first_diff(out, want) : "decoder failed";
	check(ok && !d.errors && want && !diff,
	      "luo vector: decoding reproduces expected.txt exactly (%zu lines, %zu folios, %zu preserved? checks)%s%s",
	      count_lines(out, NULL), count_lines(out, "    folio["),
	      count_lines(out, "  preserved?"), diff ? ": " : "", diff ?: "");
	expected_blocks(&d, "vector");
	free(want);

	/*
	 * The chain run publishes only the blocks: every line the decoder
	 * can make must be in expected.txt, in order, and so must every
	 * session, block and published file line of expected.txt.
	 */
	snprintf(chain_dir, sizeof(chain_dir), "%s/chain", luo_dir);
	reset_decoder(&d, chain_dir);
	ok = decode_vector(&d);
	dump("luo-chain");
	want = expected_text(chain_dir, "expected.txt");
	ok = ok && !d.errors && want && subsequence(out, want, &nr);
	check(ok && count_lines(out, " session[") == count_lines(want, " session[") &&
	      count_lines(out, "sessions-block-") == 2 &&
	      count_lines(out, "  session2-files-block-") == 2 &&
	      count_lines(out, "   file[") == 70,
	      "luo chain vector: %zu decoded lines are in expected.txt in order (%zu sessions in %zu blocks, %zu files of vec-F in %zu blocks)",
	      nr, count_lines(out, " session["), count_lines(out, "sessions-block-"),
	      count_lines(out, "   file["), count_lines(out, "  session2-files-block-"));
	expected_blocks(&d, "chain vector");
	free(want);
	reset_decoder(&d, luo_dir);
}

/* ------------------------------------------------------------------ */
/* The block writer: same bytes as mainline, read back by the reader */

static const void *arena_map(phys_addr_t phys, void *arg)
{
	return kho_shim_map(phys);
}

static bool arena_valid(phys_addr_t phys, u64 size, void *arg)
{
	u64 p;

	for (p = phys; p < phys + size; p += PAGE_SIZE)
		if (!kho_shim_map(p) || !is_preserved(p))
			return false;
	return size != 0;
}

static int count_entry(const void *entry, u64 index, void *arg)
{
	u64 *sum = arg;

	*sum += index + *(const u8 *)entry;
	return 0;
}

static const struct kho_blocks_walk_ops arena_blocks_ops = {
	.map = arena_map,
	.valid = arena_valid,
	.entry = count_entry,
};

/* Compare a written block with a vector block, next pointers aside. */
static bool same_block(const void *mine, const u8 *vec)
{
	const struct kho_block_header_ser *a = mine, *b = (const void *)vec;

	return a->count == b->count &&
	       !memcmp(a + 1, b + 1, PAGE_SIZE - sizeof(*a));
}

/* Re-encode the sessions and files of the chain vector with the writer. */
static void test_writer_vector(const char *luo_dir)
{
	char dir[4096];
	struct kho_blocks sessions, files;
	struct kho_block_header_ser *blk;
	u8 *vec[2], *fvec[2];
	size_t size, i, n;
	bool ok = true;
	long ret;
	u64 sum = 0;

	snprintf(dir, sizeof(dir), "%s/chain", luo_dir);
	vec[0] = load(dir, "sessions-block-0.bin", &size);
	vec[1] = load(dir, "sessions-block-1.bin", &size);
	fvec[0] = load(dir, "session2-files-block-0.bin", &size);
	fvec[1] = load(dir, "session2-files-block-1.bin", &size);
	if (!vec[0] || !vec[1] || !fvec[0] || !fvec[1]) {
		check(false, "luo writer: chain vector files missing");
		return;
	}
	kho_blocks_init(&sessions, sizeof(struct luo_session_ser));
	for (i = 0; i < 2; i++) {
		const struct kho_block_header_ser *h = (const void *)vec[i];

		for (n = 0; n < h->count; n++) {
			struct luo_session_ser *s = kho_blocks_add(&sessions);

			if (IS_ERR(s)) {
				ok = false;
				break;
			}
			memcpy(s, vec[i] + sizeof(*h) + n * sizeof(*s), sizeof(*s));
		}
	}
	kho_blocks_init(&files, sizeof(struct luo_file_ser));
	for (i = 0; i < 2; i++) {
		const struct kho_block_header_ser *h = (const void *)fvec[i];

		for (n = 0; n < h->count; n++) {
			struct luo_file_ser *f = kho_blocks_add(&files);

			if (IS_ERR(f)) {
				ok = false;
				break;
			}
			memcpy(f, fvec[i] + sizeof(*h) + n * sizeof(*f), sizeof(*f));
		}
	}
	blk = sessions.first;
	ok = ok && sessions.nr_blocks == 2 && sessions.nr_entries == 53 &&
	     same_block(blk, vec[0]) && blk->next &&
	     same_block(phys_to_virt(blk->next), vec[1]) &&
	     !((struct kho_block_header_ser *)phys_to_virt(blk->next))->next;
	blk = files.first;
	ok = ok && files.nr_blocks == 2 && files.nr_entries == 70 &&
	     same_block(blk, fvec[0]) && blk->next &&
	     same_block(phys_to_virt(blk->next), fvec[1]);
	check(ok, "luo writer: 53 sessions and 70 files give mainline's blocks byte for byte (51+2, 63+7 entries)");

	ret = kho_blocks_walk(kho_blocks_phys(&files), sizeof(struct luo_file_ser),
			      &arena_blocks_ops, &sum);
	check(ret == 70, "blocks: the reader reads back the 70 entries the writer wrote (%ld)",
	      ret);
	check(!kho_blocks_destroy(&sessions) && !kho_blocks_destroy(&files) &&
	      nr_preserved == 0 && !kho_blocks_phys(&files),
	      "blocks: destroy unpreserves and frees every block");
	for (i = 0; i < 2; i++) {
		free(vec[i]);
		free(fvec[i]);
	}
}

/* ------------------------------------------------------------------ */
/* Malformed chains */

struct walk_count {
	unsigned long blocks;
	u64 entries;
};

static int wc_block(phys_addr_t phys, unsigned long nr, u64 count, void *arg)
{
	((struct walk_count *)arg)->blocks++;
	return 0;
}

static int wc_entry(const void *entry, u64 index, void *arg)
{
	((struct walk_count *)arg)->entries++;
	return 0;
}

static const struct kho_blocks_walk_ops wc_ops = {
	.map = arena_map,
	.valid = arena_valid,
	.block = wc_block,
	.entry = wc_entry,
};

/* Write @n blocks of @per entries of 64 bytes, linked in order. */
static struct kho_block_header_ser *make_chain(struct kho_blocks *b,
					       unsigned long n)
{
	unsigned long i;

	kho_blocks_init(b, 64);
	for (i = 0; i < n * 63; i++)
		if (IS_ERR(kho_blocks_add(b)))
			return NULL;
	return b->first;
}

static bool refused(long ret, long want, struct walk_count *wc,
		    const char *says)
{
	return ret == want && !wc->blocks && !wc->entries &&
	       strstr(kho_shim_last_msg, says);
}

static void test_malformed_blocks(void)
{
	struct kho_block_header_ser *h, *last;
	struct walk_count wc = { };
	struct kho_blocks b;
	unsigned long msgs;
	phys_addr_t saved;
	long ret;

	kho_shim_quiet = 1;
	check(kho_blocks_walk(0, 64, &wc_ops, &wc) == 0 && !wc.blocks,
	      "blocks: an empty chain (0) has no entries");
	check(kho_blocks_walk(0, 0, &wc_ops, &wc) == -EINVAL &&
	      kho_blocks_walk(0, PAGE_SIZE - 15, &wc_ops, &wc) == -EINVAL,
	      "blocks: entry sizes 0 and larger than a block are refused");
	b.entry_size = 0;
	kho_blocks_init(&b, PAGE_SIZE);
	check(kho_blocks_add(&b) == ERR_PTR(-EINVAL),
	      "blocks: the writer refuses an entry larger than a block");
	alloc_fail_after = 0;
	kho_blocks_init(&b, 64);
	check(kho_blocks_add(&b) == ERR_PTR(-ENOMEM) && !b.first,
	      "blocks: the writer passes on kho_alloc_preserve() errors");
	alloc_fail_after = -1;

	h = make_chain(&b, 3);
	ret = kho_blocks_walk(kho_blocks_phys(&b), 64, &wc_ops, &wc);
	check(h && ret == 189 && wc.blocks == 3 && wc.entries == 189,
	      "blocks: a chain of 3 full blocks of 64-byte entries (%ld entries)",
	      ret);

	/* Truncated: the last next points at a page that is not there. */
	last = b.last;
	last->next = KHO_SHIM_PHYS_BASE + KHO_SHIM_ARENA_SIZE - PAGE_SIZE;
	memset(&wc, 0, sizeof(wc));
	msgs = kho_shim_msg_count;
	ret = kho_blocks_walk(kho_blocks_phys(&b), 64, &wc_ops, &wc);
	check(refused(ret, -EINVAL, &wc, "is not a preserved page") &&
	      kho_shim_msg_count == msgs + 1,
	      "blocks: truncated chain (next not preserved) refused before any entry, one message: %s",
	      kho_shim_last_msg);

	/* Unaligned next. */
	last->next = virt_to_phys(h) + 8;
	memset(&wc, 0, sizeof(wc));
	ret = kho_blocks_walk(kho_blocks_phys(&b), 64, &wc_ops, &wc);
	check(refused(ret, -EINVAL, &wc, "is not a preserved page"),
	      "blocks: unaligned next pointer refused");

	/* Loops: to itself and back to the first block. */
	last->next = virt_to_phys(last);
	memset(&wc, 0, sizeof(wc));
	ret = kho_blocks_walk(kho_blocks_phys(&b), 64, &wc_ops, &wc);
	check(refused(ret, -ELOOP, &wc, "more than 10000 blocks"),
	      "blocks: a block pointing at itself ends as a loop (%ld)", ret);
	last->next = virt_to_phys(h);
	memset(&wc, 0, sizeof(wc));
	ret = kho_blocks_walk(kho_blocks_phys(&b), 64, &wc_ops, &wc);
	check(refused(ret, -ELOOP, &wc, "more than 10000 blocks"),
	      "blocks: a chain looping back to its first block is refused");
	last->next = 0;

	/* Counts. */
	saved = h->count;
	h->count = 64;
	memset(&wc, 0, sizeof(wc));
	ret = kho_blocks_walk(kho_blocks_phys(&b), 64, &wc_ops, &wc);
	check(refused(ret, -EINVAL, &wc, "holds 64 entries, at most 63 fit"),
	      "blocks: a count larger than a block holds is refused: %s",
	      kho_shim_last_msg);
	h->count = ~0ULL;
	memset(&wc, 0, sizeof(wc));
	ret = kho_blocks_walk(kho_blocks_phys(&b), 64, &wc_ops, &wc);
	check(refused(ret, -EINVAL, &wc, "at most 63 fit"),
	      "blocks: count 2^64-1 is refused");
	h->count = saved;
	memset(&wc, 0, sizeof(wc));
	ret = kho_blocks_walk(kho_blocks_phys(&b), 64, &wc_ops, &wc);
	check(ret == 189, "blocks: the repaired chain reads again");
	kho_blocks_destroy(&b);

	/* 10000 blocks are read, 10001 are not. */
	make_chain(&b, KHO_BLOCKS_MAX);
	memset(&wc, 0, sizeof(wc));
	ret = kho_blocks_walk(kho_blocks_phys(&b), 64, &wc_ops, &wc);
	check(ret == KHO_BLOCKS_MAX * 63 && wc.blocks == KHO_BLOCKS_MAX,
	      "blocks: a chain of exactly 10000 blocks is read (%ld entries)",
	      ret);
	kho_blocks_add(&b);
	memset(&wc, 0, sizeof(wc));
	ret = kho_blocks_walk(kho_blocks_phys(&b), 64, &wc_ops, &wc);
	check(refused(ret, -ELOOP, &wc, "more than 10000 blocks") &&
	      b.nr_blocks == KHO_BLOCKS_MAX + 1,
	      "blocks: a chain of 10001 blocks is refused");
	kho_blocks_destroy(&b);
	check(nr_preserved == 0 && kho_shim_pages_in_use() == 0,
	      "blocks: every block written was freed");
	kho_shim_quiet = 0;
}

/* ------------------------------------------------------------------ */
/* vmalloc chunk lists */

struct vm_count {
	unsigned long chunks;
	u64 groups;
	u64 last;
};

static int vc_chunk(phys_addr_t phys, unsigned long nr, void *arg)
{
	((struct vm_count *)arg)->chunks++;
	return 0;
}

static int vc_group(phys_addr_t phys, u64 index, void *arg)
{
	struct vm_count *c = arg;

	c->groups++;
	c->last = phys;
	return 0;
}

static const struct kho_vmalloc_walk_ops vc_ops = {
	.map = arena_map,
	.valid = arena_valid,
	.chunk = vc_chunk,
	.group = vc_group,
};

/* A preservation of @groups order-@order groups, all of them preserved. */
static struct kho_vmalloc make_vmalloc(unsigned long groups,
				       unsigned int order,
				       struct kho_vmalloc_chunk **chunks,
				       unsigned long *nchunks)
{
	struct kho_vmalloc v = { .flags = KHO_VMALLOC_ALLOC, .order = order };
	struct kho_vmalloc_chunk *c = NULL;
	unsigned long i, idx = KHO_VMALLOC_CHUNK_ENTRIES;

	*nchunks = 0;
	for (i = 0; i < groups; i++) {
		void *g;

		if (idx == KHO_VMALLOC_CHUNK_ENTRIES) {
			struct kho_vmalloc_chunk *n = kho_alloc_preserve(PAGE_SIZE);

			if (c)
				c->next = virt_to_phys(n);
			else
				v.first = virt_to_phys(n);
			chunks[(*nchunks)++] = c = n;
			idx = 0;
		}
		/* order 0 only: the arena hands out single pages */
		g = kho_alloc_preserve(PAGE_SIZE);
		c->phys[idx++] = virt_to_phys(g);
	}
	v.total_pages = groups << order;
	return v;
}

static void free_all_preserved(void)
{
	while (nr_preserved)
		kho_unpreserve_free(phys_to_virt(preserved[nr_preserved - 1]));
}

static void test_vmalloc_chunks(void)
{
	struct kho_vmalloc_chunk *chunks[8];
	struct kho_vmalloc v, bad;
	struct vm_count vc = { };
	unsigned long n;
	u64 saved;
	long ret;

	kho_shim_quiet = 1;
	memset(&v, 0, sizeof(v));
	check(kho_vmalloc_walk(&v, &vc_ops, &vc) == 0 && !vc.chunks,
	      "vmalloc: an all-zero preservation is an empty area");

	v = make_vmalloc(1200, 0, chunks, &n);
	ret = kho_vmalloc_walk(&v, &vc_ops, &vc);
	check(ret == 1200 && vc.chunks == 3 && vc.groups == 1200 &&
	      vc.last == chunks[2]->phys[1200 - 2 * 511 - 1],
	      "vmalloc: 1200 pages in 3 chunks, in order (%ld)", ret);

#define VM_BAD(expr, says, what) do {					\
		bad = v;						\
		expr;							\
		memset(&vc, 0, sizeof(vc));				\
		ret = kho_vmalloc_walk(&bad, &vc_ops, &vc);		\
		check(ret == -EINVAL && !vc.chunks && !vc.groups &&	\
		      strstr(kho_shim_last_msg, says),			\
		      "vmalloc: %s refused: %s", what, kho_shim_last_msg); \
	} while (0)

	VM_BAD(bad.flags |= 0x4, "unknown flags", "unknown flag 0x4");
	VM_BAD(bad.order = MAX_PAGE_ORDER + 1, "is not a valid area",
	       "order above MAX_PAGE_ORDER");
	VM_BAD(bad.order = 1, "is not preserved memory of order 1",
	       "1200 pages in groups of order 1 (misaligned groups)");
	VM_BAD((bad.order = 1, bad.total_pages = 3), "is not a valid area",
	       "3 pages in groups of order 1");
	VM_BAD(bad.total_pages = 1199, "more than 1199 groups",
	       "more groups listed than pages");
	VM_BAD(bad.total_pages = 1201, "1200 groups listed",
	       "fewer groups listed than pages");
	VM_BAD(bad.total_pages = 0, "is not a valid area",
	       "a chunk list with 0 pages");
	VM_BAD(bad.first += 8, "is not a preserved page", "unaligned first chunk");
	VM_BAD(bad.first = KHO_SHIM_PHYS_BASE + KHO_SHIM_ARENA_SIZE - PAGE_SIZE,
	       "is not a preserved page", "first chunk not preserved");

	saved = chunks[1]->phys[7];
	chunks[1]->phys[7] = KHO_SHIM_PHYS_BASE + KHO_SHIM_ARENA_SIZE - PAGE_SIZE;
	VM_BAD((void)0, "is not preserved memory", "a group that is not preserved");
	chunks[1]->phys[7] = saved + 1;
	VM_BAD((void)0, "is not preserved memory", "an unaligned group");
	chunks[1]->phys[7] = saved;

	saved = chunks[2]->next;
	chunks[2]->next = virt_to_phys(chunks[0]);
	VM_BAD((void)0, "not full but has a next chunk", "a short chunk with a next");
	chunks[1]->next = virt_to_phys(chunks[0]);
	VM_BAD((void)0, "more than", "a chunk loop");
	chunks[1]->next = virt_to_phys(chunks[2]);
	chunks[2]->next = saved;
	memset(&vc, 0, sizeof(vc));
	check(kho_vmalloc_walk(&v, &vc_ops, &vc) == 1200,
	      "vmalloc: the repaired list reads again");
	free_all_preserved();

	/* Exactly one full chunk, with and without an empty chunk after it. */
	v = make_vmalloc(KHO_VMALLOC_CHUNK_ENTRIES, 0, chunks, &n);
	memset(&vc, 0, sizeof(vc));
	check(kho_vmalloc_walk(&v, &vc_ops, &vc) == KHO_VMALLOC_CHUNK_ENTRIES,
	      "vmalloc: one full chunk");
	chunks[0]->next = virt_to_phys(kho_alloc_preserve(PAGE_SIZE));
	memset(&vc, 0, sizeof(vc));
	check(kho_vmalloc_walk(&v, &vc_ops, &vc) == KHO_VMALLOC_CHUNK_ENTRIES &&
	      vc.chunks == 2,
	      "vmalloc: a full chunk followed by an empty one");
	free_all_preserved();
	check(kho_shim_pages_in_use() == 0, "vmalloc: test pages freed");
	kho_shim_quiet = 0;
}


/* ------------------------------------------------------------------ */
/* The kernel's own checks of incoming memory, on a simulated KHO boot */

static const void *sim_map(phys_addr_t phys, void *arg)
{
	return phys_to_virt(phys);
}

/* The valid() of kho_blocks_read() and kho_restore_vmalloc(). */
static bool sim_valid(phys_addr_t phys, u64 size, void *arg)
{
	return kho_in_check_preserved(phys, size);
}

struct sim_walk {
	u64 files;		/* files found in all sessions */
	u64 groups;		/* vmalloc groups of all memfds */
	int errors;
};

static int sim_file(const void *entry, u64 index, void *arg)
{
	const struct kho_vmalloc_walk_ops ops = {
		.map = sim_map, .valid = sim_valid,
	};
	const struct luo_file_ser *f = entry;
	struct sim_walk *w = arg;
	struct memfd_luo_ser ser;
	struct kho_vmalloc v;
	long ret;

	w->files++;
	if (!kho_in_check_preserved(f->data, sizeof(ser))) {
		w->errors++;
		return 0;
	}
	memcpy(&ser, phys_to_virt(f->data), sizeof(ser));
	v = ser.folios;
	ret = kho_vmalloc_walk(&v, &ops, NULL);
	if (ret < 0)
		w->errors++;
	else
		w->groups += ret;
	return 0;
}

static int sim_session(const void *entry, u64 index, void *arg)
{
	const struct kho_blocks_walk_ops ops = {
		.map = sim_map, .valid = sim_valid, .entry = sim_file,
	};
	const struct luo_session_ser *s = entry;
	struct sim_walk *w = arg;
	long ret;

	ret = kho_blocks_walk(s->file_set_ser.files, sizeof(struct luo_file_ser),
			      &ops, w);
	if (ret < 0 || (u64)ret != s->file_set_ser.count)
		w->errors++;
	return 0;
}

static const struct kho_blocks_walk_ops sim_sessions_ops = {
	.map = sim_map, .valid = sim_valid, .entry = sim_session,
};

/*
 * The LUO vector as a simulator input (kho_sim.h): its radix tree and LUO
 * pages at their addresses, a scratch area away from them, 2 GiB of RAM;
 * the first session block's next pointer set to @next. NULL on failure.
 */
static u8 *luo_sim_input(const char *luo, u64 next, size_t *size)
{
	static struct kho_sim_page pages[128];
	struct kho_sim_hdr h = { };
	size_t fdt_size, len, n, i;
	u8 *recs, *fdt, *in;

	fdt = load(luo, "root.dtb", &fdt_size);
	if (!fdt || !kho_luo_vector_records(luo, &recs, &len)) {
		free(fdt);
		return NULL;
	}
	n = len / REC_SIZE;
	if (n > 128)
		n = 0;
	for (i = 0; i < n; i++) {
		memcpy(&pages[i].phys, recs + i * REC_SIZE, 8);
		pages[i].data = recs + i * REC_SIZE + 16;
		if (pages[i].phys == 0x16fe000)		/* sessions block 0 */
			memcpy((u8 *)pages[i].data, &next, 8);
	}
	h.fdt_phys = 0x3000000;
	h.fdt_len = PAGE_SIZE;
	h.fdt_bytes = fdt_size;
	h.scratch_phys = 0x3001000;
	h.scratch[0].addr = 0x40000000;
	h.scratch[0].size = 0x10000000;
	h.scratch_len = sizeof(struct kho_scratch);
	h.ram[0].base = 0;
	h.ram[0].size = 0x9f000;
	h.ram[1].base = 0x100000;
	h.ram[1].size = 0x7ff00000;
	in = n ? kho_sim_build(&h, fdt, fdt_size, pages, n, size) : NULL;
	free(fdt);
	free(recs);
	return in;
}

/* Fuzzer seeds: the LUO vector as is and with its session chain broken. */
int kho_luo_write_seeds(const char *dir, const char *luo)
{
	static const u64 nexts[] = { 0, 0x40000000, 0x16fe000, 0x1704000 };
	char path[4096];
	size_t i, size;
	FILE *f;
	u8 *in;

	for (i = 0; i < sizeof(nexts) / sizeof(nexts[0]); i++) {
		in = luo_sim_input(luo, nexts[i], &size);
		if (!in)
			return 1;
		snprintf(path, sizeof(path), "%s/luo-%02zu.bin", dir, i);
		f = fopen(path, "wb");
		if (!f || fwrite(in, 1, size, f) != size || fclose(f)) {
			free(in);
			return 1;
		}
		free(in);
	}
	return 0;
}

/*
 * Boot the LUO vector in the simulator with @next planted, then read the
 * sessions the way the kernel does.
 */
static long sim_boot_luo(const char *luo, u64 next, struct sim_walk *w,
			 bool (*after)(void))
{
	const struct kho_sim_hdr *hdr;
	size_t size, nrecs, len;
	const u8 *fdt_in;
	phys_addr_t phys;
	const struct luo_ser *l;
	long ret = -ENODATA;
	u8 *in;

	in = luo_sim_input(luo, next, &size);
	if (!in)
		return -ENOMEM;

	kho_shim_quiet = 1;
	hdr = kho_sim_load(in, size, &fdt_in, &nrecs);
	if (!hdr)
		goto out;
	kho_sim_boot(hdr);
	if (!is_kho_boot())
		goto unload;
	kho_in_memory_init();
	if (!is_kho_boot())
		goto unload;
	kho_in_memory_init_late();
	kho_in_init();
	if (kho_retrieve_subtree_raw(LUO_KHO_NODE, &phys, &len) ||
	    len != sizeof(*l) || !kho_in_check_preserved(phys, len)) {
		ret = -EINVAL;
		goto unload;
	}
	l = phys_to_virt(phys);
	if (memcmp(l->compatible, LUO_KHO_COMPATIBLE,
		   sizeof(LUO_KHO_COMPATIBLE))) {
		ret = -EINVAL;
		goto unload;
	}
	ret = kho_blocks_walk(l->sessions_pa, sizeof(struct luo_session_ser),
			      &sim_sessions_ops, w);
	if (after && !after())
		ret = -EPROTO;
unload:
	kho_in_retire();
	kho_sim_unload();
out:
	kho_shim_quiet = 0;
	free(in);
	return ret;
}

/* What kho_in_check_preserved() says about scratch, holes and restores. */
static bool sim_after_checks(void)
{
	bool ok = kho_in_check_preserved(0x673da000, PAGE_SIZE) &&
		  !kho_in_check_preserved(0x40000000, PAGE_SIZE) &&	/* scratch */
		  !kho_in_check_preserved(0x20000000, PAGE_SIZE) &&	/* free */
		  !kho_in_check_preserved(0x673da000, 0) &&
		  !kho_in_check_preserved(~0ULL - PAGE_SIZE + 1, PAGE_SIZE) &&
		  /* two blocks (orders 4, 7) back to back */
		  kho_in_check_preserved(0x570000, 0x90000) &&
		  /* order 4 at 0x500000, then a hole */
		  !kho_in_check_preserved(0x500000, 0x20000);
	struct page *page = kho_restore_pages(0x673da000, 1);

	/* Restored memory is ours now, no longer handed over. */
	return ok && page && !kho_in_check_preserved(0x673da000, PAGE_SIZE);
}

static void test_luo_sim(const char *luo)
{
	struct sim_walk w = { };
	long ret;

	ret = sim_boot_luo(luo, 0, &w, sim_after_checks);
	check(ret == 2 && w.files == 3 && w.groups == 2 && !w.errors,
	      "luo sim: a KHO boot of the LUO vector reads its 2 sessions, 3 files and 2 folio-array pages through kho_in_check_preserved(), which refuses scratch, free and restored memory (%ld, %llu files)",
	      ret, X(w.files));
	memset(&w, 0, sizeof(w));
	ret = sim_boot_luo(luo, 0x40000000, &w, NULL);
	check(ret == -EINVAL && !w.files,
	      "luo sim: a session chain whose next block lies in scratch is refused (%ld)",
	      ret);
	memset(&w, 0, sizeof(w));
	ret = sim_boot_luo(luo, 0x20000000, &w, NULL);
	check(ret == -EINVAL && !w.files,
	      "luo sim: a session chain whose next block is not preserved is refused (%ld)",
	      ret);
	memset(&w, 0, sizeof(w));
	ret = sim_boot_luo(luo, 0x16fe000, &w, NULL);
	check(ret == -ELOOP && !w.files,
	      "luo sim: a session block that points at itself is refused (%ld)",
	      ret);

	/* What fuzz_kho runs on its inputs: kho_sim_run() reads LUO too. */
	{
		struct kho_sim_result res;
		size_t size;
		u8 *in = luo_sim_input(luo, 0, &size);

		kho_shim_quiet = 1;
		if (in)
			kho_sim_run(in, size, &res);
		kho_shim_quiet = 0;
		check(in && res.kept && res.luo && res.luo_sessions == 2 &&
		      res.luo_files == 3,
		      "luo sim: kho_sim_run() finds the LUO blob, 2 sessions and 3 files");
		free(in);
	}
}

/* ------------------------------------------------------------------ */
/* ABI */

static void test_luo_abi(void)
{
	struct memfd_luo_folio_ser f = { };
	static const u8 raw[16] = { 0xda, 0x73, 0x06, 0, 0, 0, 0x30, 0 };

	check(sizeof(struct kho_vmalloc) == 16 &&
	      sizeof(struct kho_vmalloc_chunk) == PAGE_SIZE &&
	      sizeof(struct kho_block_header_ser) == 16 &&
	      sizeof(struct luo_ser) == 32 &&
	      sizeof(struct luo_session_ser) == 80 &&
	      sizeof(struct luo_file_ser) == 64 &&
	      sizeof(struct luo_flb_header_ser) == 16 &&
	      sizeof(struct luo_flb_ser) == 64 &&
	      sizeof(struct memfd_luo_ser) == 48 &&
	      sizeof(struct memfd_luo_folio_ser) == 16,
	      "luo abi: struct sizes 16/4096/16/32/80/64/16/64/48/16");
	check(__builtin_offsetof(struct memfd_luo_ser, folios) == 32 &&
	      __builtin_offsetof(struct luo_file_ser, token) == 56 &&
	      __builtin_offsetof(struct luo_session_ser, file_set_ser) == 64 &&
	      KHO_VMALLOC_CHUNK_ENTRIES == 511 &&
	      LUO_SESSIONS_PER_BLOCK == 51 && LUO_FILES_PER_BLOCK == 63,
	      "luo abi: offsets, 511 groups per chunk, 51 sessions and 63 files per block");
	f.pfn = 0x673da;
	f.flags = MEMFD_LUO_FOLIO_DIRTY | MEMFD_LUO_FOLIO_UPTODATE;
	check(!memcmp(&f, raw, sizeof(raw)),
	      "memfd abi: pfn 0x673da flags 0x3 index 0 encodes as mainline's da73060000003000...");
}

void kho_luo_tests(const char *luo_vectors,
		   bool (*check_fn)(bool ok, const char *fmt, ...))
{
	check = check_fn;
	test_luo_abi();
	if (luo_vectors) {
		test_vector(luo_vectors);
		test_writer_vector(luo_vectors);
		test_luo_sim(luo_vectors);
	}
	test_malformed_blocks();
	test_vmalloc_chunks();
	free(out);
	out = NULL;
	out_len = out_cap = 0;
}
