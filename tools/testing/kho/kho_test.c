// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of the KHO wire format: ABI headers, the radix-tree
 * preserved-memory map (kernel/kexec_handover_radix.c), the root FDT checks
 * (kernel/kexec_handover_fdt.c) and, if given, the kho-inspect tool.
 *
 * Usage: kho_test VECTORS_DIR [KHO_INSPECT_BINARY]
 *        kho_test --write-seeds DIR VECTORS_DIR   (fuzz_kho inputs, kho_sim.h)
 *        kho_test --write-kstate-seeds DIR        (fuzz_kstate inputs)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <libfdt.h>

#include <asm/page.h>
#include <linux/errno.h>
#include <linux/io.h>
#include <linux/pfn.h>
#include <linux/kho/abi/kexec_handover.h>
#include <linux/kho/abi/kexec_metadata.h>
#include <linux/kho/abi/memblock.h>
#include <linux/kho/boot_scratch.h>

#include "kexec_handover_internal.h"
#include "kexec_handover_fdt.h"
#include "kho_blob.h"
#include "kho_shim.h"
#include "kho_test.h"

/* The reproducers of fuzz_kstate findings (the Makefile sets it). */
#ifndef KSTATE_REPRO
#define KSTATE_REPRO NULL
#endif

static int passed, failed, nr_tests;

static __printf(2, 3) bool check(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", ok ? "ok" : "not ok", ++nr_tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (ok)
		passed++;
	else
		failed++;
	return ok;
}

static __printf(1, 2) void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* ------------------------------------------------------------------ */
/* Files and vectors */

static const char *vec_dir;

static u8 *read_file(const char *dir, const char *name, size_t *size)
{
	char path[4096];
	struct stat st;
	u8 *buf = NULL;
	FILE *f;

	snprintf(path, sizeof(path), "%s%s%s", dir ? dir : "",
		 dir ? "/" : "", name);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	if (fstat(fileno(f), &st) == 0) {
		buf = malloc(st.st_size + 1);
		if (buf && fread(buf, 1, st.st_size, f) != (size_t)st.st_size) {
			free(buf);
			buf = NULL;
		}
		*size = st.st_size;
	}
	fclose(f);
	return buf;
}

#define REC_SIZE	(16 + PAGE_SIZE)
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static struct kho_mem_page *vec_pages;
static size_t vec_npages;

static bool load_radix_pages(void)
{
	size_t size, i;
	u8 *buf = read_file(vec_dir, "radix-pages.bin", &size);

	if (!buf || !size || size % REC_SIZE)
		return false;
	vec_npages = size / REC_SIZE;
	vec_pages = calloc(vec_npages, sizeof(*vec_pages));
	for (i = 0; i < vec_npages; i++) {
		const u8 *r = buf + i * REC_SIZE;

		memcpy(&vec_pages[i].phys, r, 8);
		memcpy(&vec_pages[i].level, r + 8, 4);
		vec_pages[i].page = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
		memcpy(vec_pages[i].page, r + 16, PAGE_SIZE);
	}
	free(buf);
	return true;
}

/* ------------------------------------------------------------------ */
/* A fake physical memory made of pages at given addresses */

struct vmem {
	struct kho_mem_page *pages;
	size_t npages;
	u64 ram_start, ram_end;
};

static const void *vmem_map(phys_addr_t phys, void *arg)
{
	struct vmem *vm = *(struct vmem **)arg;
	size_t i;

	for (i = 0; i < vm->npages; i++)
		if (vm->pages[i].phys == phys)
			return vm->pages[i].page;
	return NULL;
}

static bool vmem_valid_range(struct vmem *vm, u64 phys, u64 size)
{
	return size && phys >= vm->ram_start && phys < vm->ram_end &&
	       size <= vm->ram_end - phys;
}

static bool vmem_valid(phys_addr_t phys, u64 size, void *arg)
{
	return vmem_valid_range(*(struct vmem **)arg, phys, size);
}

/* Collected walk results; the first member is the memory to walk. */
struct walk {
	struct vmem *vm;
	struct { u64 phys; unsigned int order; } *blocks;
	size_t nblocks, cap;
	struct { u64 phys; unsigned int level; } nodes[4096];
	size_t nnodes;
	int stop_at;		/* block callback returns 42 at this count */
	int maps, max_maps;	/* nodes mapped now, and at most */
	bool bad_unmap;
};

static const void *walk_map(phys_addr_t phys, void *arg)
{
	struct walk *w = arg;
	const void *p = vmem_map(phys, arg);

	if (p && ++w->maps > w->max_maps)
		w->max_maps = w->maps;
	return p;
}

static void walk_unmap(const void *virt, void *arg)
{
	struct walk *w = arg;

	if (!virt || --w->maps < 0)
		w->bad_unmap = true;
}

static int walk_node(phys_addr_t phys, unsigned int level, void *arg)
{
	struct walk *w = arg;

	if (w->nnodes < 4096) {
		w->nodes[w->nnodes].phys = phys;
		w->nodes[w->nnodes].level = level;
	}
	w->nnodes++;
	return 0;
}

static int walk_block(phys_addr_t phys, unsigned int order, void *arg)
{
	struct walk *w = arg;

	if (w->stop_at && (int)w->nblocks + 1 == w->stop_at)
		return 42;
	if (w->nblocks == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 64;
		w->blocks = realloc(w->blocks, w->cap * sizeof(*w->blocks));
	}
	w->blocks[w->nblocks].phys = phys;
	w->blocks[w->nblocks].order = order;
	w->nblocks++;
	return 0;
}

static void walk_reset(struct walk *w)
{
	free(w->blocks);
	w->blocks = NULL;
	w->nblocks = 0;
	w->cap = 0;
	w->nnodes = 0;
	w->stop_at = 0;
	w->maps = 0;
	w->max_maps = 0;
	w->bad_unmap = false;
}

static const struct kho_radix_walk_ops vmem_ops = {
	.map = walk_map,
	.unmap = walk_unmap,
	.valid = vmem_valid,
	.node = walk_node,
	.block = walk_block,
};
#define VMEM_MAX_NODES	4096

/* The arena of the shim, for trees built with kho_radix_add(). */
static const void *arena_map(phys_addr_t phys, void *arg)
{
	return kho_shim_map(phys);
}

static bool any_valid(phys_addr_t phys, u64 size, void *arg)
{
	return true;
}

static const struct kho_radix_walk_ops arena_ops = {
	.map = arena_map,
	.valid = any_valid,
	.node = walk_node,
	.block = walk_block,
};
#define ARENA_MAX_NODES	(1UL << 20)

static bool covered(struct walk *w, u64 start, u64 size)
{
	u64 p;
	size_t i;

	for (p = start; p < start + size; p += PAGE_SIZE) {
		for (i = 0; i < w->nblocks; i++)
			if (p >= w->blocks[i].phys &&
			    p - w->blocks[i].phys < (PAGE_SIZE << w->blocks[i].order))
				break;
		if (i == w->nblocks)
			return false;
	}
	return true;
}

static bool has_block(struct walk *w, u64 phys, unsigned int order)
{
	size_t i;

	for (i = 0; i < w->nblocks; i++)
		if (w->blocks[i].phys == phys && w->blocks[i].order == order)
			return true;
	return false;
}

static int cmp_phys(const void *a, const void *b)
{
	const u64 *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

/* Expect a rejection that was reported with a message. */
static void check_rejected(int ret, int want, unsigned long msgs_before,
			   const char *what)
{
	bool msg = kho_shim_msg_count > msgs_before;

	check(ret == want && msg, "%s rejected (%d%s%.*s)", what, ret,
	      msg ? ": " : ", no message",
	      (int)strcspn(kho_shim_last_msg, "\n"),
	      msg ? kho_shim_last_msg : "");
}

/* ------------------------------------------------------------------ */
/* ABI */

static void test_abi(void)
{
	check(sizeof(struct kho_kexec_metadata) == 73 &&
	      offsetof(struct kho_kexec_metadata, previous_release) == 4 &&
	      offsetof(struct kho_kexec_metadata, kexec_count) == 69,
	      "abi: struct kho_kexec_metadata is 73 bytes, packed");
	check(KHO_RADIX_LEAF_BITS == 15 && KHO_RADIX_TABLE_BITS == 9 &&
	      KHO_RADIX_LEVELS == 6 && KHO_RADIX_ROOT_LEVEL == 5,
	      "abi: radix geometry 15/9/6/5 with 4 KiB pages");
	check(!strcmp(KHO_FDT_COMPATIBLE, "kho-v4") &&
	      !strcmp(KHO_FDT_MEMORY_MAP_PROP_NAME, "preserved-memory-map") &&
	      !strcmp(KHO_FDT_SUB_TREE_PROP_NAME, "preserved-data") &&
	      !strcmp(KHO_FDT_SUB_TREE_SIZE_PROP_NAME, "blob-size") &&
	      !strcmp(MEMBLOCK_KHO_FDT, "memblock") &&
	      !strcmp(MEMBLOCK_KHO_NODE_COMPATIBLE, "memblock-v1") &&
	      !strcmp(RESERVE_MEM_KHO_NODE_COMPATIBLE, "reserve-mem-v1") &&
	      !strcmp(RESERVE_MEM_KHO_START_PROP, "start") &&
	      !strcmp(RESERVE_MEM_KHO_SIZE_PROP, "size") &&
	      !strcmp(KHO_KEXEC_METADATA_NODE, "kexec-metadata") &&
	      KHO_KEXEC_METADATA_VERSION == 1,
	      "abi: names and compatibles");
}

/* ------------------------------------------------------------------ */
/* Keys */

static void test_keys(void)
{
	static const struct { u64 phys; unsigned int order; u64 key; } k[] = {
		{ 0, 0, 1ULL << 52 },
		{ 0x1000, 0, (1ULL << 52) | 1 },
		{ 0x200000, 9, (1ULL << 43) | 1 },
		{ 0xbbc00000, 10, (1ULL << 42) | 0x2ef },
		{ 1ULL << 63, 51, 3 },
	};
	bool ok = true;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(k); i++) {
		phys_addr_t p;
		unsigned int o;

		if (kho_radix_encode_key(k[i].phys, k[i].order) != k[i].key ||
		    kho_radix_decode_key(k[i].key, &p, &o) ||
		    p != k[i].phys || o != k[i].order) {
			diag("key %#llx order %u: got %#llx", k[i].phys,
			     k[i].order,
			     kho_radix_encode_key(k[i].phys, k[i].order));
			ok = false;
		}
	}
	check(ok, "keys: known encodings round trip");

	{
		phys_addr_t p;
		unsigned int o;

		check(kho_radix_decode_key(0, &p, &o) == -EINVAL &&
		      kho_radix_decode_key(1, &p, &o) == -EINVAL &&
		      kho_radix_decode_key(1ULL << 53, &p, &o) == -EINVAL &&
		      kho_radix_decode_key(~0ULL, &p, &o) == -EINVAL &&
		      kho_radix_encode_key(0, 52) == 0 &&
		      kho_radix_encode_key(0, 1000) == 0,
		      "keys: keys without a valid order bit are refused");
	}
}

/* ------------------------------------------------------------------ */
/* Vectors: decode */

static struct walk vec_walk;
static struct vmem vec_vm;

struct subtree_rec {
	char name[64];
	u64 phys, size;
};

static struct subtree_rec subs[16];
static size_t nsubs;

static int collect_subtrees(const void *fdt)
{
	const char *name;
	phys_addr_t phys;
	int node;
	u64 size;

	node = 0;
	while ((node = kho_fdt_next_subtree(fdt, node, &name, &phys,
					    &size)) > 0) {
		if (nsubs < 16) {
			snprintf(subs[nsubs].name, sizeof(subs[nsubs].name),
				 "%s", name);
			subs[nsubs].phys = phys;
			subs[nsubs].size = size;
		}
		nsubs++;
	}
	return node == -ENOENT ? 0 : node;
}

static const struct subtree_rec *find_sub(const char *name)
{
	size_t i;

	for (i = 0; i < nsubs && i < 16; i++)
		if (!strcmp(subs[i].name, name))
			return &subs[i];
	return NULL;
}

static void test_vectors_decode(void)
{
	size_t size, i, nexp = 0;
	phys_addr_t root = 0, p;
	u64 exp[256][2];
	bool ok, in_order;
	u8 *fdt, *txt;
	char *line;
	int ret;
	u64 sz;

	fdt = read_file(vec_dir, "root.dtb", &size);
	if (!check(fdt && load_radix_pages(), "vectors: loaded from %s",
		   vec_dir))
		return;

	ret = kho_fdt_check_root(fdt, size, &root);
	check(!ret && root == vec_pages[0].phys && vec_pages[0].level == 5,
	      "vectors: root.dtb accepted, map root %#llx is the first record",
	      root);

	ret = collect_subtrees(fdt);
	check(!ret && nsubs == 3 && find_sub("khostress") &&
	      find_sub(MEMBLOCK_KHO_FDT) && find_sub(KHO_KEXEC_METADATA_NODE),
	      "vectors: 3 subtrees (khostress, memblock, kexec-metadata)");
	check(!kho_fdt_get_subtree(fdt, MEMBLOCK_KHO_FDT, &p, &sz) &&
	      p == 0x631000 && sz == 378 &&
	      kho_fdt_get_subtree(fdt, "no-such-node", &p, &sz) == -ENOENT,
	      "vectors: kho_fdt_get_subtree finds memblock, -ENOENT otherwise");

	vec_vm.pages = vec_pages;
	vec_vm.npages = vec_npages;
	vec_vm.ram_start = 0;
	vec_vm.ram_end = 0xc0000000ULL;
	vec_walk.vm = &vec_vm;
	ret = kho_radix_walk(root, &vmem_ops, VMEM_MAX_NODES, &vec_walk);
	check(!ret, "vectors: walk of radix-pages.bin succeeds (%zu blocks, %zu nodes)",
	      vec_walk.nblocks, vec_walk.nnodes);

	ok = vec_walk.nnodes == vec_npages;
	for (i = 0; ok && i < vec_npages; i++) {
		size_t j, seen = 0;

		for (j = 0; j < vec_walk.nnodes; j++)
			if (vec_walk.nodes[j].phys == vec_pages[i].phys &&
			    vec_walk.nodes[j].level == vec_pages[i].level)
				seen++;
		ok = seen == 1;
	}
	check(ok, "vectors: every record visited once at its recorded level");
	check(vec_walk.max_maps <= 2 && !vec_walk.maps && !vec_walk.bad_unmap,
	      "vectors: at most two nodes (walk and overlap probe) mapped at a time, every map undone");

	in_order = true;
	for (i = 1; i < vec_walk.nblocks; i++)
		if (kho_radix_encode_key(vec_walk.blocks[i - 1].phys,
					 vec_walk.blocks[i - 1].order) >=
		    kho_radix_encode_key(vec_walk.blocks[i].phys,
					 vec_walk.blocks[i].order))
			in_order = false;
	check(in_order, "vectors: blocks come in ascending key order");

	txt = read_file(vec_dir, "expected-blocks.txt", &size);
	if (txt) {
		txt[size] = 0;
		for (line = strtok((char *)txt, "\n"); line && nexp < 256;
		     line = strtok(NULL, "\n")) {
			unsigned long long a;
			unsigned int o;

			if (sscanf(line, "%llx %u", &a, &o) == 2) {
				exp[nexp][0] = a;
				exp[nexp][1] = o;
				nexp++;
			}
		}
		free(txt);
	}
	{
		u64 got[256][2];
		size_t n = vec_walk.nblocks < 256 ? vec_walk.nblocks : 256;

		for (i = 0; i < n; i++) {
			got[i][0] = vec_walk.blocks[i].phys;
			got[i][1] = vec_walk.blocks[i].order;
		}
		qsort(got, n, sizeof(got[0]), cmp_phys);
		ok = nexp == 53 && n == nexp &&
		     !memcmp(got, exp, n * sizeof(got[0]));
		for (i = 0; !ok && i < n && i < nexp; i++)
			if (got[i][0] != exp[i][0] || got[i][1] != exp[i][1])
				diag("block %zu: got %#llx/%llu want %#llx/%llu",
				     i, got[i][0], got[i][1], exp[i][0],
				     exp[i][1]);
	}
	check(ok, "vectors: decoded blocks equal expected-blocks.txt (%zu)",
	      nexp);

	ok = nsubs == 3;
	for (i = 0; ok && i < nsubs; i++)
		ok = covered(&vec_walk, subs[i].phys, subs[i].size);
	check(ok, "vectors: every subtree blob is marked preserved");
	free(fdt);
}

static void test_vectors_subtrees(void)
{
	const struct subtree_rec *s;
	struct kho_kexec_metadata md;
	size_t size, i, n;
	bool ok = true;
	const u8 *prop;
	int len, node;
	u8 *fdt;

	fdt = read_file(vec_dir, "stress.dtb", &size);
	s = find_sub("khostress");
	prop = fdt ? fdt_getprop(fdt, 0, "folios", &len) : NULL;
	n = prop ? len / 8 : 0;
	for (i = 0; i < n; i++) {
		u64 v;

		memcpy(&v, prop + i * 8, 8);
		if (!has_block(&vec_walk, v & PAGE_MASK, v & ~PAGE_MASK)) {
			diag("folio %#llx order %llu missing", v & PAGE_MASK,
			     v & ~PAGE_MASK);
			ok = false;
		}
	}
	check(ok && n == 37 && s && s->size == size,
	      "vectors: all %zu stress.dtb folios preserved with their order",
	      n);
	free(fdt);

	fdt = read_file(vec_dir, "memblock.dtb", &size);
	s = find_sub(MEMBLOCK_KHO_FDT);
	ok = fdt && !fdt_check_header(fdt) && s && s->size == size &&
	     !fdt_node_check_compatible(fdt, 0, MEMBLOCK_KHO_NODE_COMPATIBLE);
	n = 0;
	if (ok) {
		const char *compat = RESERVE_MEM_KHO_NODE_COMPATIBLE;

		fdt_for_each_subnode(node, fdt, 0) {
			const void *st, *sz;
			int l1, l2;
			u64 a, b;

			st = fdt_getprop(fdt, node, RESERVE_MEM_KHO_START_PROP,
					 &l1);
			sz = fdt_getprop(fdt, node, RESERVE_MEM_KHO_SIZE_PROP,
					 &l2);
			if (!st || !sz || l1 != 8 || l2 != 8 ||
			    fdt_node_check_compatible(fdt, node, compat)) {
				ok = false;
				continue;
			}
			memcpy(&a, st, 8);
			memcpy(&b, sz, 8);
			if (!covered(&vec_walk, a, b)) {
				diag("reserve_mem %s [%#llx+%#llx] not covered",
				     fdt_get_name(fdt, node, NULL), a, b);
				ok = false;
			}
			n++;
		}
	}
	check(ok && n == 3,
	      "vectors: all %zu memblock.dtb regions covered by preserved blocks",
	      n);
	free(fdt);

	fdt = read_file(vec_dir, "kexec-metadata.bin", &size);
	s = find_sub(KHO_KEXEC_METADATA_NODE);
	ok = fdt && size == sizeof(md) && s && s->size == sizeof(md);
	if (ok) {
		memcpy(&md, fdt, sizeof(md));
		ok = md.version == KHO_KEXEC_METADATA_VERSION &&
		     md.kexec_count == 1 &&
		     memchr(md.previous_release, 0,
			    sizeof(md.previous_release)) &&
		     !strcmp(md.previous_release, "7.3.4");
	}
	check(ok, "vectors: kexec-metadata.bin is version 1, \"7.3.4\", count 1");
	free(fdt);
}

/* ------------------------------------------------------------------ */
/* Vectors: encode */

static size_t cmp_nodes;

static bool compare_tree(const u64 *vnode, const u64 *tnode,
			 unsigned int level)
{
	size_t i;

	cmp_nodes++;
	if (level == 0)
		return !memcmp(vnode, tnode, PAGE_SIZE);
	for (i = 0; i < PAGE_SIZE / 8; i++) {
		struct vmem *vm = &vec_vm;
		const u64 *vc;

		if (!vnode[i] != !tnode[i]) {
			diag("level %u index %zu differs", level, i);
			return false;
		}
		if (!vnode[i])
			continue;
		vc = vmem_map(vnode[i], &vm);
		if (!vc || !compare_tree(vc, phys_to_virt(tnode[i]), level - 1))
			return false;
	}
	return true;
}

static void test_vectors_encode(void)
{
	struct kho_radix_tree tree = { 0 };
	struct walk w = { 0 };
	bool ok = true;
	size_t i;

	mutex_init(&tree.lock);
	for (i = 0; i < vec_walk.nblocks; i++)
		ok &= !kho_radix_add(&tree, vec_walk.blocks[i].phys,
				     vec_walk.blocks[i].order);
	check(ok && tree.root, "encode: %zu vector blocks added",
	      vec_walk.nblocks);
	ok = tree.root && vec_npages &&
	     compare_tree((u64 *)vec_pages[0].page, tree.root, 5);
	check(ok && cmp_nodes == vec_npages,
	      "encode: same table indices and leaf bitmaps as mainline (%zu nodes)",
	      cmp_nodes);

	ok = !kho_radix_walk(virt_to_phys(tree.root), &arena_ops,
			     ARENA_MAX_NODES, &w) &&
	     w.nblocks == vec_walk.nblocks &&
	     !memcmp(w.blocks, vec_walk.blocks,
		     w.nblocks * sizeof(w.blocks[0]));
	check(ok, "encode: walking our tree gives the vector's block sequence");
	walk_reset(&w);
	kho_radix_destroy(&tree);
	check(!tree.root && kho_shim_pages_in_use() == 0,
	      "encode: destroy frees every node");
}

/* ------------------------------------------------------------------ */
/* Round trip */

static u64 rng_state = 0x9e3779b97f4a7c15ULL;

static u64 rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

struct blk {
	u64 key, phys;
	unsigned int order;
	bool present;
};

static int cmp_key(const void *a, const void *b)
{
	const struct blk *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

static bool walk_matches(struct kho_radix_tree *tree, struct blk *b,
			 size_t n)
{
	struct walk w = { 0 };
	size_t i, j = 0;
	bool ok;

	ok = !kho_radix_walk(virt_to_phys(tree->root), &arena_ops,
			     ARENA_MAX_NODES, &w);
	for (i = 0; ok && i < n; i++) {
		if (!b[i].present)
			continue;
		ok = j < w.nblocks && w.blocks[j].phys == b[i].phys &&
		     w.blocks[j].order == b[i].order;
		j++;
	}
	ok = ok && j == w.nblocks;
	walk_reset(&w);
	return ok;
}

static void test_roundtrip(void)
{
	const unsigned int per_order = 24, nr_orders = 64 - PAGE_SHIFT;
	struct kho_radix_tree tree = { 0 };
	size_t n = 0, i, m;
	struct blk *b;
	bool ok = true;
	unsigned int o;

	mutex_init(&tree.lock);
	b = calloc(per_order * nr_orders, sizeof(*b));
	for (o = 0; o < nr_orders; o++) {
		for (i = 0; i < per_order; i++) {
			u64 size = PAGE_SIZE << o;

			b[n].order = o;
			/* half anywhere in 64 bits, half below 1 TiB */
			b[n].phys = rnd() & ~(size - 1);
			if (i & 1)
				b[n].phys &= (1ULL << 40) - 1;
			b[n].key = kho_radix_encode_key(b[n].phys, o);
			b[n].present = true;
			n++;
		}
	}
	qsort(b, n, sizeof(*b), cmp_key);
	for (i = m = 0; i < n; i++)	/* drop duplicates */
		if (!m || b[i].key != b[m - 1].key)
			b[m++] = b[i];
	n = m;

	for (i = 0; i < n; i++) {
		phys_addr_t p;
		unsigned int order;

		ok &= !kho_radix_decode_key(b[i].key, &p, &order) &&
		      p == b[i].phys && order == b[i].order;
	}
	check(ok, "roundtrip: %zu random blocks of orders 0-%u decode back",
	      n, nr_orders - 1);

	/* A map holds no overlapping blocks: keep the larger, seen first. */
	for (i = m = 0; i < n; i++) {
		u64 last = b[i].phys + ((PAGE_SIZE << b[i].order) - 1);
		size_t j;

		for (j = 0; j < m; j++)
			if (b[i].phys <= b[j].phys +
					 ((PAGE_SIZE << b[j].order) - 1) &&
			    b[j].phys <= last)
				break;
		if (j == m)
			b[m++] = b[i];
	}
	n = m;

	ok = true;
	for (i = 0; i < n; i++)
		ok &= !kho_radix_add(&tree, b[i].phys, b[i].order);
	for (i = 0; i < n; i++)
		ok &= kho_radix_test(&tree, b[i].phys, b[i].order);
	check(ok, "roundtrip: add and test every block");
	check(!kho_radix_add(&tree, b[0].phys, b[0].order),
	      "roundtrip: adding a block twice is not an error");
	check(walk_matches(&tree, b, n),
	      "roundtrip: walk returns exactly the added blocks in key order");

	ok = true;
	for (i = 0; i < n; i += 2) {
		ok &= !kho_radix_del(&tree, b[i].phys, b[i].order);
		b[i].present = false;
	}
	for (i = 0; i < n; i++)
		ok &= kho_radix_test(&tree, b[i].phys, b[i].order) ==
		      b[i].present;
	check(ok, "roundtrip: del removes only the given blocks");
	check(kho_radix_del(&tree, b[0].phys, b[0].order) == -ENOENT,
	      "roundtrip: del of a missing block is -ENOENT");
	check(walk_matches(&tree, b, n),
	      "roundtrip: walk after del returns the remaining blocks");

	/* Same address, different order: distinct entries. */
	ok = !kho_radix_add(&tree, 0x400000, 0) &&
	     !kho_radix_test(&tree, 0x400000, 1) &&
	     !kho_radix_test(&tree, 0x400000, 10) &&
	     !kho_radix_add(&tree, 0x400000, 10) &&
	     kho_radix_test(&tree, 0x400000, 10) &&
	     !kho_radix_del(&tree, 0x400000, 0) &&
	     kho_radix_test(&tree, 0x400000, 10) &&
	     !kho_radix_test(&tree, 0x401000, 0);
	check(ok, "roundtrip: order is part of the identity of a block");

	kho_radix_destroy(&tree);
	check(!tree.root && kho_shim_pages_in_use() == 0,
	      "roundtrip: destroy frees every node");
	free(b);
}

/*
 * The walk budget of a map is what a valid tree of that RAM can hold: far
 * below one node per page of RAM, yet enough for the densest valid trees.
 */
static void test_walk_budget(void)
{
	struct kho_radix_tree tree = { 0 };
	unsigned long budget = kho_radix_max_nodes(1ULL << 30);
	struct walk w = { 0 };
	unsigned int order;
	u64 phys;
	int ret;

	check(budget >= 64 && budget < 1000 &&
	      kho_radix_max_nodes(1ULL << 40) < 1000000,
	      "budget: %lu node pages for 1 GiB of RAM (not 262144)", budget);
	check(vec_npages && vec_npages <= kho_radix_max_nodes(0xc0000000ULL),
	      "budget: the mainline vector (%zu nodes) fits its 3 GiB budget",
	      vec_npages);

	/*
	 * Every page of 1 GiB preserved, blocks may not overlap: the first
	 * half page by page, the second half as one block of each order
	 * from 16 down to 1, and two more pages.
	 */
	for (phys = 0; phys < (1ULL << 29); phys += PAGE_SIZE)
		kho_radix_add(&tree, phys, 0);
	for (order = 16; order >= 1; order--) {
		kho_radix_add(&tree, phys, order);
		phys += PAGE_SIZE << order;
	}
	kho_radix_add(&tree, phys, 0);
	kho_radix_add(&tree, phys + PAGE_SIZE, 0);
	ret = kho_radix_walk(virt_to_phys(tree.root), &arena_ops, budget, &w);
	check(!ret && phys + 2 * PAGE_SIZE == 1ULL << 30 &&
	      w.nblocks == 131072 + 16 + 2,
	      "budget: a dense 1 GiB tree (%zu nodes) walks within it",
	      w.nnodes);
	walk_reset(&w);
	kho_radix_destroy(&tree);
}

/* RAM for the scratch-array checks: [0, 4 GiB). */
static bool below_4g(phys_addr_t phys, u64 size, void *arg)
{
	return phys + size > phys && phys + size <= (4ULL << 30);
}

/*
 * The scratch array: mainline leaves unused slots empty (area 1 of a real
 * mainline 7.3 handover was [0x7c400000 + 0]); they are skipped, while a
 * misaligned area or one outside RAM rejects the handover.
 */
static void test_scratch_array(void)
{
	struct kho_scratch a[3] = {
		{ 0x3c000000, 0x4000000 },
		{ 0x7c400000, 0 },
		{ 0xb8000000, 0x4000000 },
	};
	unsigned long msgs = kho_shim_msg_count;

	check(!kho_check_scratch_array(a, 3, 0x200000, below_4g, NULL) &&
	      kho_shim_msg_count == msgs,
	      "scratch array: an empty area (as mainline writes) is skipped");
	a[1].size = 0x100000;
	check_rejected(kho_check_scratch_array(a, 3, 0x200000, below_4g, NULL),
		       -EINVAL, msgs, "scratch area not pageblock aligned");
	a[1] = (struct kho_scratch){ 0xfffe00000ULL, 0x200000 };
	msgs = kho_shim_msg_count;
	check_rejected(kho_check_scratch_array(a, 3, 0x200000, below_4g, NULL),
		       -EINVAL, msgs, "scratch area outside RAM");
}

static void test_api_errors(void)
{
	struct kho_radix_tree tree = { 0 };
	int ret;

	mutex_init(&tree.lock);
	check(kho_radix_add(&tree, 0x1800, 0) == -EINVAL &&
	      kho_radix_add(&tree, 0x1000, 1) == -EINVAL &&
	      kho_radix_add(&tree, 0, 64 - PAGE_SHIFT) == -EINVAL &&
	      kho_radix_add(&tree, 0, ~0u) == -EINVAL &&
	      !tree.root,
	      "api: misaligned blocks and impossible orders are -EINVAL");
	check(kho_radix_del(&tree, 0x1000, 0) == -ENOENT &&
	      !kho_radix_test(&tree, 0x1000, 0),
	      "api: del/test on an empty tree");

	kho_shim_fail_alloc_after(3);
	ret = kho_radix_add(&tree, 0x1000, 0);
	kho_shim_fail_alloc_after(-1);
	check(ret == -ENOMEM && !kho_radix_test(&tree, 0x1000, 0) &&
	      kho_radix_del(&tree, 0x1000, 0) == -ENOENT,
	      "api: allocation failure is -ENOMEM and leaves no block");
	check(!kho_radix_add(&tree, 0x1000, 0) &&
	      kho_radix_test(&tree, 0x1000, 0),
	      "api: add succeeds after a failed allocation");
	kho_radix_freeze(&tree);
	check(kho_radix_add(&tree, 0x2000, 0) == -EBUSY &&
	      kho_radix_del(&tree, 0x1000, 0) == -EBUSY &&
	      kho_radix_test(&tree, 0x1000, 0) &&
	      !kho_radix_test(&tree, 0x2000, 0),
	      "api: a frozen tree refuses add and del (-EBUSY), test works");
	kho_radix_thaw(&tree);
	check(!kho_radix_del(&tree, 0x1000, 0) &&
	      !kho_radix_add(&tree, 0x2000, 0),
	      "api: a thawed tree takes add and del again");
	kho_radix_destroy(&tree);
	kho_radix_destroy(&tree);
	check(kho_shim_pages_in_use() == 0,
	      "api: destroy after a partial allocation frees everything");
}

/* ------------------------------------------------------------------ */
/* Preserving: no page may belong to two blocks */

#define PFN(phys)	((unsigned long)((phys) >> PAGE_SHIFT))

/*
 * Overlaps are refused in both directions (a block inside one already
 * preserved, or one containing it) and for ranges as for single blocks;
 * preserving the very same block or range again is not an error.
 */
static void test_preserve_overlap(void)
{
	struct kho_radix_tree tree = { 0 };
	const u64 x = 0x200000, y = 0x400000, big = 1ULL << 40;
	struct walk w = { 0 };
	int ret;

	mutex_init(&tree.lock);
	check(!kho_radix_preserve_range(&tree, PFN(x + PAGE_SIZE), 1),
	      "overlap: order 0 at X+4K preserved");
	ret = kho_radix_preserve(&tree, x, 3);
	check(ret == -EBUSY && !kho_radix_test(&tree, x, 3),
	      "overlap: order 3 at X over order 0 at X+4K is -EBUSY (%d)",
	      ret);
	ret = kho_radix_preserve_range(&tree, PFN(x), 8);
	check(ret == -EBUSY && !kho_radix_test(&tree, x, 3),
	      "overlap: range [X, X+32K) over order 0 at X+4K is -EBUSY (%d)",
	      ret);

	check(!kho_radix_preserve(&tree, y, 3),
	      "overlap: order 3 at Y preserved");
	ret = kho_radix_preserve(&tree, y + PAGE_SIZE, 0);
	check(ret == -EBUSY && !kho_radix_test(&tree, y + PAGE_SIZE, 0),
	      "overlap: order 0 inside order 3 is -EBUSY (%d)", ret);
	ret = kho_radix_preserve_range(&tree, PFN(y) + 7, 2);
	check(ret == -EBUSY && !kho_radix_test(&tree, y + 8 * PAGE_SIZE, 0),
	      "overlap: a range straddling the end of order 3 is -EBUSY (%d)",
	      ret);
	ret = kho_radix_preserve(&tree, y, 10);
	check(ret == -EBUSY && !kho_radix_test(&tree, y, 10),
	      "overlap: order 10 containing order 3 is -EBUSY (%d)", ret);

	check(!kho_radix_preserve(&tree, big, 20),
	      "overlap: order 20 (4 GiB) preserved");
	ret = kho_radix_preserve(&tree, big + 0x12345000, 0);
	check(ret == -EBUSY, "overlap: order 0 deep inside order 20 is -EBUSY (%d)",
	      ret);
	ret = kho_radix_preserve(&tree, 0, 30);
	check(ret == -EBUSY && !kho_radix_test(&tree, 0, 30),
	      "overlap: order 30 containing orders 0 and 3 is -EBUSY (%d)", ret);

	check(!kho_radix_preserve(&tree, y, 3) &&
	      !kho_radix_preserve_range(&tree, PFN(x + PAGE_SIZE), 1),
	      "overlap: preserving the same block or range again is not an error");
	check(!kho_radix_preserve(&tree, x + 2 * PAGE_SIZE, 1) &&
	      !kho_radix_preserve(&tree, y + 8 * PAGE_SIZE, 3) &&
	      !kho_radix_preserve(&tree, x, 0),
	      "overlap: blocks next to preserved ones are fine");

	w.nblocks = 0;
	ret = kho_radix_walk(virt_to_phys(tree.root), &arena_ops,
			     ARENA_MAX_NODES, &w);
	check(!ret && w.nblocks == 6,
	      "overlap: the map holds only the accepted blocks (%zu)",
	      w.nblocks);
	walk_reset(&w);
	kho_radix_destroy(&tree);
}

/*
 * A range preserve that fails part way removes what it added, and only
 * that: a block preserved before the call stays preserved.
 */
static void test_preserve_undo(void)
{
	struct kho_radix_tree tree = { 0 };
	const unsigned long p = 0x800;
	bool gone;
	int ret;

	mutex_init(&tree.lock);
	check(!kho_radix_preserve_range(&tree, p + 2, 2) &&
	      kho_radix_test(&tree, PFN_PHYS(p + 2), 1),
	      "undo: order 1 at P+2 preserved");
	/*
	 * [P+1, P+8) tiles as order 0 at P+1 (five new nodes), order 1 at
	 * P+2 (preserved already) and order 2 at P+4, whose first node
	 * cannot be allocated.
	 */
	kho_shim_fail_alloc_after(5);
	ret = kho_radix_preserve_range(&tree, p + 1, 7);
	kho_shim_fail_alloc_after(-1);
	gone = !kho_radix_test(&tree, PFN_PHYS(p + 2), 1);
	check(ret && !gone && !kho_radix_test(&tree, PFN_PHYS(p + 1), 0) &&
	      !kho_radix_test(&tree, PFN_PHYS(p + 4), 2),
	      "undo: a failed range preserve keeps the block preserved before it (%d%s)",
	      ret, gone ? ", order 1 at P+2 was removed" : "");

	kho_shim_fail_alloc_after(5);
	ret = kho_radix_preserve_range(&tree, 0x10001, 7);
	kho_shim_fail_alloc_after(-1);
	check(ret == -ENOMEM && !kho_radix_test(&tree, PFN_PHYS(0x10001), 0) &&
	      !kho_radix_test(&tree, PFN_PHYS(0x10002), 1),
	      "undo: a range whose allocation fails leaves none of its blocks (%d)",
	      ret);
	kho_radix_destroy(&tree);
}

/*
 * The next kernel gets a map it did not build: overlapping blocks (order 0
 * at X+4K, then order 3 at X) would give one page two owners, so the walk
 * rejects the map.
 */
static void test_walk_overlap(void)
{
	struct kho_radix_tree tree = { 0 };
	struct walk w = { 0 };
	unsigned long msgs;
	int ret;

	mutex_init(&tree.lock);
	kho_radix_add(&tree, 0x201000, 0);
	kho_radix_add(&tree, 0x200000, 3);
	msgs = kho_shim_msg_count;
	ret = kho_radix_walk(virt_to_phys(tree.root), &arena_ops,
			     ARENA_MAX_NODES, &w);
	check_rejected(ret, -EINVAL, msgs, "map with order 0 inside order 3");
	walk_reset(&w);
	kho_radix_destroy(&tree);

	mutex_init(&tree.lock);
	kho_radix_add(&tree, 1ULL << 40, 20);
	kho_radix_add(&tree, 0x300000, 9);
	kho_radix_add(&tree, (1ULL << 40) + 0xfff00000, 0);
	msgs = kho_shim_msg_count;
	ret = kho_radix_walk(virt_to_phys(tree.root), &arena_ops,
			     ARENA_MAX_NODES, &w);
	check_rejected(ret, -EINVAL, msgs,
		       "map with order 0 at the end of order 20");
	walk_reset(&w);
	kho_radix_destroy(&tree);

	mutex_init(&tree.lock);
	kho_radix_add(&tree, 0x200000, 3);
	kho_radix_add(&tree, 0x208000, 0);
	kho_radix_add(&tree, 0x1ff000, 0);
	kho_radix_add(&tree, 0x400000, 10);
	kho_radix_add(&tree, 0x800000, 9);
	ret = kho_radix_walk(virt_to_phys(tree.root), &arena_ops,
			     ARENA_MAX_NODES, &w);
	check(!ret && w.nblocks == 5,
	      "walk: blocks of several orders side by side are accepted (%d)",
	      ret);
	walk_reset(&w);
	kho_radix_destroy(&tree);
}

/* ------------------------------------------------------------------ */
/* The scratch array as the x86 decompressor reads it */

/* The array under test, and RAM: [0, 4 GiB) as one E820 RAM entry. */
static struct kho_scratch boot_areas[300];

static bool boot_is_ram(u64 start, u64 len)
{
	u64 a = (u64)(uintptr_t)boot_areas;

	if (start >= a && start - a <= sizeof(boot_areas) &&
	    len <= sizeof(boot_areas) - (start - a))
		return true;
	return start < (4ULL << 30) && len <= (4ULL << 30) - start;
}

static u64 boot_count(u64 size)
{
	return kho_boot_scratch_count((u64)(uintptr_t)boot_areas, size,
				      boot_is_ram);
}

/*
 * The decompressor trusts nothing in setup_data: an array of absurd size,
 * or with an area that is misaligned, wraps or is not RAM, is ignored as a
 * whole (KASLR then runs as on a cold boot; the kernel proper rejects the
 * handover).
 */
static void test_boot_scratch(void)
{
	const u64 one = sizeof(struct kho_scratch);
	u64 n;

	memset(boot_areas, 0, sizeof(boot_areas));
	boot_areas[0] = (struct kho_scratch){ 0x3c000000, 0x4000000 };
	boot_areas[1] = (struct kho_scratch){ 0x7c400000, 0 };
	boot_areas[2] = (struct kho_scratch){ 0xb8000000, 0x4000000 };
	n = boot_count(3 * one);
	check(n == 3, "boot scratch: a good array with an empty area is used (%llu)",
	      n);
	n = boot_count(1ULL << 60);
	check(!n, "boot scratch: an array of 2^60 bytes is ignored (%llu areas)",
	      n);
	n = boot_count(300 * one);
	check(!n, "boot scratch: 300 areas (more than one page) are ignored (%llu)",
	      n);
	n = boot_count(3 * one + 8);
	check(!n, "boot scratch: a size that is not whole areas is ignored (%llu)",
	      n);
	n = boot_count(0);
	check(!n, "boot scratch: an empty array is ignored (%llu)", n);

	boot_areas[2].addr = 0xb8000800;
	n = boot_count(3 * one);
	check(!n, "boot scratch: a misaligned area is ignored (%llu)", n);
	boot_areas[2] = (struct kho_scratch){ 0x1f0000000ULL, 0x20000000 };
	n = boot_count(3 * one);
	check(!n, "boot scratch: an area beyond RAM is ignored (%llu)", n);
	boot_areas[2] = (struct kho_scratch){ 0xfffffffffff00000ULL,
					      0x200000 };
	n = boot_count(3 * one);
	check(!n, "boot scratch: an area that wraps is ignored (%llu)", n);
	boot_areas[2] = (struct kho_scratch){ 0xb8000000, 0x4000000 };
	n = kho_boot_scratch_count(0x200000000ULL, 3 * one, boot_is_ram);
	check(!n, "boot scratch: an array outside RAM is ignored (%llu)", n);
}

/* ------------------------------------------------------------------ */
/* Malformed trees */

#define SYN_MAX 16

struct syn {
	struct vmem vm;
	struct kho_mem_page pages[SYN_MAX];
	u8 mem[SYN_MAX][PAGE_SIZE] __aligned(PAGE_SIZE);
	u64 root;
};

static u64 *syn_page(struct syn *s, u64 phys, unsigned int level)
{
	size_t i = s->vm.npages++;

	s->pages[i].phys = phys;
	s->pages[i].level = level;
	s->pages[i].page = s->mem[i];
	memset(s->mem[i], 0, PAGE_SIZE);
	return (u64 *)s->mem[i];
}

/* A valid one-block tree for @key, node pages at 0x10000, 0x11000, ... */
static void syn_build(struct syn *s, u64 key)
{
	unsigned int level;
	u64 *node;

	memset(&s->vm, 0, sizeof(s->vm));
	s->vm.pages = s->pages;
	s->vm.ram_start = 0;
	s->vm.ram_end = 1ULL << 30;
	s->root = 0x10000;
	node = syn_page(s, 0x10000, 5);
	for (level = 5; level > 0; level--) {
		unsigned int idx = (key >> (15 + (level - 1) * 9)) & 511;
		u64 next = 0x10000 + (6 - level) * PAGE_SIZE;

		node[idx] = next;
		node = syn_page(s, next, level - 1);
	}
	node[(key & 0x7fff) / 64] |= 1ULL << (key % 64);
}

static u64 *syn_node(struct syn *s, unsigned int level)
{
	return (u64 *)s->mem[5 - level];
}

static int syn_unbalanced;

static int syn_walk(struct syn *s, struct walk *w, unsigned long max_nodes)
{
	int ret;

	walk_reset(w);
	w->vm = &s->vm;
	ret = kho_radix_walk(s->root, &vmem_ops, max_nodes, w);
	if (w->maps || w->bad_unmap || w->max_maps > 2)
		syn_unbalanced++;
	return ret;
}

static void test_malformed_tree(void)
{
	static struct syn s;
	u64 key = kho_radix_encode_key(0x200000, 0);
	struct walk w = { 0 };
	unsigned long msgs;
	int ret, i;

	syn_build(&s, key);
	ret = syn_walk(&s, &w, 100);
	check(!ret && w.nblocks == 1 && w.blocks[0].phys == 0x200000 &&
	      w.nnodes == 6, "malformed: synthetic good tree walks");
	ret = syn_walk(&s, &w, 6);
	check(!ret, "malformed: a budget equal to the node count is enough");
	msgs = kho_shim_msg_count;
	check_rejected(syn_walk(&s, &w, 5), -E2BIG, msgs,
		       "budget one short of the node count");

	msgs = kho_shim_msg_count;
	s.root = 1ULL << 40;
	check_rejected(syn_walk(&s, &w, 100), -EINVAL, msgs,
		       "root pointer outside RAM");
	msgs = kho_shim_msg_count;
	s.root = 0x10008;
	check_rejected(syn_walk(&s, &w, 100), -EINVAL, msgs,
		       "unaligned root pointer");
	msgs = kho_shim_msg_count;
	s.root = 0x80000;
	check_rejected(syn_walk(&s, &w, 100), -EINVAL, msgs,
		       "root pointer to an unmappable page");
	s.root = 0x10000;

	syn_build(&s, key);
	syn_node(&s, 4)[0] = 0xfff0000000ULL;
	msgs = kho_shim_msg_count;
	check_rejected(syn_walk(&s, &w, 100), -EINVAL, msgs,
		       "level 4 entry pointing outside RAM");

	syn_build(&s, key);
	syn_node(&s, 2)[0] += 0x800;
	msgs = kho_shim_msg_count;
	check_rejected(syn_walk(&s, &w, 100), -EINVAL, msgs,
		       "unaligned level 2 entry");

	syn_build(&s, key);
	syn_node(&s, 1)[7] = ~0ULL & PAGE_MASK;
	msgs = kho_shim_msg_count;
	check_rejected(syn_walk(&s, &w, 100), -EINVAL, msgs,
		       "level 1 entry at the top of the address space");

	/* Every root entry points back at the root: 512^5 paths. */
	syn_build(&s, key);
	s.vm.ram_end = ~0ULL;	/* so that only the budget can stop it */
	for (i = 0; i < 512; i++)
		syn_node(&s, 5)[i] = 0x10000;
	msgs = kho_shim_msg_count;
	ret = syn_walk(&s, &w, 1000);
	/* The blocks the loop repeats overlap: that may stop it first. */
	check_rejected(ret, ret == -EINVAL ? -EINVAL : -E2BIG, msgs,
		       "self-referencing root (loop)");

	/* Two entries sharing one child: a DAG, caught by the budget. */
	syn_build(&s, key);
	s.vm.ram_end = ~0ULL;
	for (i = 0; i < 512; i++) {
		syn_node(&s, 4)[i] = 0x12000;
		syn_node(&s, 3)[i] = 0x13000;
		syn_node(&s, 2)[i] = 0x14000;
	}
	msgs = kho_shim_msg_count;
	check_rejected(syn_walk(&s, &w, 10000), -E2BIG, msgs,
		       "shared children (exponential DAG)");

	/* Root index 4 and above would need an order bit above bit 52. */
	syn_build(&s, 1ULL << 53);
	msgs = kho_shim_msg_count;
	check_rejected(syn_walk(&s, &w, 100), -EINVAL, msgs,
		       "leaf bit whose key has no valid order");
	syn_build(&s, 1);
	msgs = kho_shim_msg_count;
	check_rejected(syn_walk(&s, &w, 100), -EINVAL, msgs,
		       "leaf bit for key 1 (order bit at bit 0)");

	syn_build(&s, kho_radix_encode_key(0x80000000, 0));
	msgs = kho_shim_msg_count;
	check_rejected(syn_walk(&s, &w, 100), -EINVAL, msgs,
		       "block outside RAM");
	syn_build(&s, kho_radix_encode_key(0, 30));
	msgs = kho_shim_msg_count;
	check_rejected(syn_walk(&s, &w, 100), -EINVAL, msgs,
		       "block larger than RAM");

	syn_build(&s, key);
	memset(syn_node(&s, 0), 0xff, PAGE_SIZE);
	s.vm.ram_end = 1ULL << 40;
	ret = syn_walk(&s, &w, 100);
	check(!ret && w.nblocks == 32768,
	      "malformed: a full leaf gives 32768 blocks");
	w.stop_at = 5;
	w.vm = &s.vm;
	msgs = kho_shim_msg_count;
	w.nblocks = 0;
	ret = kho_radix_walk(s.root, &vmem_ops, VMEM_MAX_NODES, &w);
	check(ret == 42 && w.nblocks == 4 && kho_shim_msg_count == msgs,
	      "malformed: a callback's error stops the walk and is returned");

	s.root = 0;
	ret = syn_walk(&s, &w, 1);
	check(!ret && !w.nnodes && !w.nblocks,
	      "malformed: map root 0 is an empty map");
	check(!syn_unbalanced && !w.maps,
	      "malformed: every walk, failed or not, undid all its mappings");
	walk_reset(&w);
}

/* ------------------------------------------------------------------ */
/* Malformed root FDTs */

static u8 *vec_root_copy(size_t extra, size_t *size)
{
	size_t sz;
	u8 *fdt = read_file(vec_dir, "root.dtb", &sz);
	u8 *buf;

	if (!fdt)
		return NULL;
	buf = calloc(1, sz + extra);
	fdt_open_into(fdt, buf, sz + extra);
	free(fdt);
	*size = sz + extra;
	return buf;
}

static void fdt_case(const char *what, void (*mutate)(u8 *fdt))
{
	unsigned long msgs;
	phys_addr_t root;
	size_t size;
	u8 *fdt = vec_root_copy(512, &size);

	if (!fdt) {
		check(false, "%s: no root.dtb", what);
		return;
	}
	mutate(fdt);
	msgs = kho_shim_msg_count;
	check_rejected(kho_fdt_check_root(fdt, size, &root), -EINVAL, msgs,
		       what);
	free(fdt);
}

/*
 * The root FDT writer: written from the vector's own subtrees and map root,
 * our root FDT passes our checks and reads back the same values, and
 * libfdt agrees with the vector on every property.
 */
static void test_root_writer(void)
{
	struct kho_subtree recs[16];
	struct list_head list = { &list, &list };
	phys_addr_t root, vroot, p;
	u8 *vec, out[4096];
	const char *name;
	size_t size, i;
	bool ok = true;
	int node = 0;
	u64 sz;

	vec = read_file(vec_dir, "root.dtb", &size);
	if (!check(vec && !kho_fdt_check_root(vec, size, &vroot),
		   "root writer: vector root.dtb loaded"))
		goto out;
	for (i = 0; i < 16 &&
	     (node = kho_fdt_next_subtree(vec, node, &name, &p, &sz)) > 0; i++) {
		recs[i] = (struct kho_subtree){ .name = name, .phys = p,
						.size = sz };
		recs[i].list.prev = list.prev;
		recs[i].list.next = &list;
		list.prev->next = &recs[i].list;
		list.prev = &recs[i].list;
	}

	check(!kho_fdt_write_root(out, sizeof(out), vroot, &list) &&
	      !kho_fdt_check_root(out, sizeof(out), &root) && root == vroot,
	      "root writer: our root FDT passes the checks, map root %#llx",
	      (u64)root);
	node = 0;
	for (size_t n = 0; n < i; n++) {
		node = kho_fdt_next_subtree(out, node, &name, &p, &sz);
		ok &= node > 0 && !strcmp(name, recs[n].name) &&
		      p == recs[n].phys && sz == recs[n].size;
	}
	ok &= kho_fdt_next_subtree(out, node, &name, &p, &sz) == -ENOENT;
	check(ok && i == 3, "root writer: the %zu subtrees read back in order",
	      i);
	check(!fdt_node_check_compatible(out, 0, KHO_FDT_COMPATIBLE) &&
	      fdt_totalsize(out) <= size + 64,
	      "root writer: compatible \"%s\", %u bytes (vector: %zu)",
	      KHO_FDT_COMPATIBLE, fdt_totalsize(out), size);
	check(kho_fdt_write_root(out, 64, vroot, &list) == -ENOSPC,
	      "root writer: -ENOSPC when it does not fit");
out:
	free(vec);
}

static void m_compat(u8 *f)
{
	fdt_setprop_string(f, 0, "compatible", "kho-v3");
}

static void m_no_compat(u8 *f)
{
	fdt_delprop(f, 0, "compatible");
}

static void m_no_map(u8 *f)
{
	fdt_delprop(f, 0, KHO_FDT_MEMORY_MAP_PROP_NAME);
}

static void m_map_short(u8 *f)
{
	fdt_setprop_u32(f, 0, KHO_FDT_MEMORY_MAP_PROP_NAME, 0x1000);
}

static void m_map_unaligned(u8 *f)
{
	u64 v = 0x3e7008;

	fdt_setprop(f, 0, KHO_FDT_MEMORY_MAP_PROP_NAME, &v, 8);
}

static void m_sub_no_data(u8 *f)
{
	fdt_delprop(f, fdt_subnode_offset(f, 0, "memblock"),
		    KHO_FDT_SUB_TREE_PROP_NAME);
}

static void m_sub_short_size(u8 *f)
{
	fdt_setprop_u32(f, fdt_subnode_offset(f, 0, "memblock"),
			KHO_FDT_SUB_TREE_SIZE_PROP_NAME, 378);
}

static void m_sub_zero_size(u8 *f)
{
	u64 v = 0;

	fdt_setprop(f, fdt_subnode_offset(f, 0, "khostress"),
		    KHO_FDT_SUB_TREE_SIZE_PROP_NAME, &v, 8);
}

static void m_sub_wrap(u8 *f)
{
	u64 v = ~0ULL - 10;

	fdt_setprop(f, fdt_subnode_offset(f, 0, "khostress"),
		    KHO_FDT_SUB_TREE_SIZE_PROP_NAME, &v, 8);
}

static void m_totalsize(u8 *f)
{
	fdt_set_totalsize(f, 0xfffffff0);
}

static void m_struct_off(u8 *f)
{
	fdt_set_off_dt_struct(f, fdt_totalsize(f) + 64);
}

static void m_magic(u8 *f)
{
	fdt_set_magic(f, 0xdeadbeef);
}

static void m_struct_garbage(u8 *f)
{
	memset(f + fdt_off_dt_struct(f) + 8, 0xa5, 16);
}

/*
 * An unknown tag where the last subtree's END_NODE belongs: walking from
 * subnode to subnode takes it for the end of the tree, but the node has no
 * end, so it can neither be read as a whole nor dropped (fdt_nop_node()).
 */
static void m_last_node_unterminated(u8 *f)
{
	int node, last = -1, depth = 0, off, next;
	u32 tag;

	fdt_for_each_subnode(node, f, 0)
		last = node;
	if (last < 0)
		return;
	off = last;
	do {
		tag = fdt_next_tag(f, off, &next);
		if (tag == FDT_BEGIN_NODE)
			depth++;
		else if (tag == FDT_END_NODE && --depth == 0)
			break;
		off = next;
	} while (tag != FDT_END);
	if (tag == FDT_END_NODE)
		memset(f + fdt_off_dt_struct(f) + off, 0, 4);
}

static void test_malformed_fdt(void)
{
	unsigned long msgs;
	phys_addr_t root;
	size_t size, i;
	u8 *fdt, *buf;

	msgs = kho_shim_msg_count;
	check_rejected(kho_fdt_check_root(NULL, 0, &root), -EINVAL, msgs,
		       "NULL root FDT");

	buf = calloc(1, 4096);
	for (i = 0; i < 4096; i++)
		buf[i] = rnd();
	msgs = kho_shim_msg_count;
	check_rejected(kho_fdt_check_root(buf, 4096, &root), -EINVAL, msgs,
		       "garbage root FDT");
	msgs = kho_shim_msg_count;
	check_rejected(kho_fdt_check_root(buf, 10, &root), -EINVAL, msgs,
		       "10-byte root FDT");
	free(buf);

	fdt = read_file(vec_dir, "root.dtb", &size);
	if (fdt) {
		/* Only the first half handed over: must not read past it. */
		buf = malloc(size / 2);
		memcpy(buf, fdt, size / 2);
		msgs = kho_shim_msg_count;
		check_rejected(kho_fdt_check_root(buf, size / 2, &root),
			       -EINVAL, msgs, "truncated root FDT");
		free(buf);
	}

	fdt_case("wrong compatible", m_compat);
	fdt_case("missing compatible", m_no_compat);
	fdt_case("missing preserved-memory-map", m_no_map);
	fdt_case("4-byte preserved-memory-map", m_map_short);
	fdt_case("unaligned preserved-memory-map", m_map_unaligned);
	fdt_case("subtree without preserved-data", m_sub_no_data);
	fdt_case("4-byte blob-size", m_sub_short_size);
	fdt_case("zero blob-size", m_sub_zero_size);
	fdt_case("blob wrapping around the address space", m_sub_wrap);
	fdt_case("absurd totalsize", m_totalsize);
	fdt_case("struct block outside the blob", m_struct_off);
	fdt_case("bad magic", m_magic);
	fdt_case("garbage in the struct block", m_struct_garbage);
	fdt_case("last subtree node without an end", m_last_node_unterminated);

	free(fdt);
}

static u8 *vec_blob(size_t *size);

/*
 * Every single-bit corruption of the root FDT of a complete handover, and
 * random ones in its tree pages: each is accepted or rejected, none crashes
 * (the tests run under ASan and UBSan).
 */
static void test_bit_flips(void)
{
	size_t size, fdt_size, i, n = 0, rejected = 0;
	struct kho_blob_result res;
	u8 *blob = vec_blob(&size);

	if (!check(blob && !kho_parse_blob(blob, size, &res),
		   "flips: unmodified handover blob parses"))
		return;
	fdt_size = fdt_totalsize(blob);
	kho_shim_quiet = 1;
	for (i = 0; i < fdt_size * 8 + 4000; i++, n++) {
		size_t bit = i < fdt_size * 8 ? i :
			     fdt_size * 8 + rnd() % ((size - fdt_size) * 8);

		blob[bit / 8] ^= 1 << (bit % 8);
		if (kho_parse_blob(blob, size, &res))
			rejected++;
		blob[bit / 8] ^= 1 << (bit % 8);
	}
	kho_shim_quiet = 0;
	check(rejected > 0 && rejected < n,
	      "flips: %zu single-bit flips, %zu rejected, none crashed",
	      n, rejected);
	free(blob);
}

/* ------------------------------------------------------------------ */
/* The fuzzer's entry point on well-formed inputs */

static u8 *vec_blob(size_t *size)
{
	struct kho_blob_subtree bs[16];
	size_t i;

	for (i = 0; i < nsubs && i < 16; i++) {
		bs[i].name = subs[i].name;
		bs[i].phys = subs[i].phys;
		bs[i].size = subs[i].size;
	}
	return kho_blob_build(vec_pages, vec_npages,
			      vec_npages ? vec_pages[0].phys : 0, bs, i, size);
}

static void test_blob(void)
{
	struct kho_blob_result res;
	size_t size;
	u8 *blob = vec_blob(&size);
	int ret;

	ret = blob ? kho_parse_blob(blob, size, &res) : -1;
	check(!ret && res.blocks == 53 && res.nodes == vec_npages &&
	      res.subtrees == 3,
	      "blob: rebased vector tree parses (%lu blocks, %lu nodes)",
	      res.blocks, res.nodes);
	free(blob);
	blob = kho_blob_build(NULL, 0, 0, NULL, 0, &size);
	ret = blob ? kho_parse_blob(blob, size, &res) : -1;
	check(!ret && !res.blocks && !res.nodes,
	      "blob: empty handover parses");
	free(blob);
}

/* ------------------------------------------------------------------ */

/*
 * The LUO + memfd vector: $KHO_LUO_VECTORS, else the set beside the one
 * the other tests read.
 */
static const char *luo_dir(const char *vectors)
{
	static char path[4096];
	const char *dir = getenv("KHO_LUO_VECTORS");

	if (dir)
		return dir;
	snprintf(path, sizeof(path), "%s/../mainline-7.3-x86_64-luo", vectors);
	return path;
}

static void test_luo(const char *vectors, const char *inspect)
{
	const char *dir = luo_dir(vectors);
	struct stat st;

	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		diag("no LUO vector at %s: its tests are skipped", dir);
		dir = NULL;
	}
	kho_luo_tests(dir, check);
	if (dir && inspect)
		kho_inspect_luo_tests(inspect, dir, check);
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "--write-seeds")) {
		vec_dir = argv[3];
		kho_shim_quiet = 1;
		test_vectors_decode();
		if (failed || kho_sim_write_seeds(argv[2], vec_dir))
			return 1;
		return kho_luo_write_seeds(argv[2], luo_dir(vec_dir));
	}
	if (argc == 3 && !strcmp(argv[1], "--write-kstate-seeds"))
		return kstate_host_write_seeds(argv[2]);
	if (argc < 2) {
		fprintf(stderr, "usage: %s VECTORS_DIR [KHO_INSPECT]\n",
			argv[0]);
		return 2;
	}
	vec_dir = argv[1];
	printf("KTAP version 1\n");
	setvbuf(stderr, NULL, _IONBF, 0);

	test_abi();
	test_keys();
	test_vectors_decode();
	test_vectors_subtrees();
	test_vectors_encode();
	test_roundtrip();
	test_api_errors();
	test_preserve_overlap();
	test_preserve_undo();
	test_walk_overlap();
	test_walk_budget();
	test_scratch_array();
	test_boot_scratch();
	test_malformed_tree();
	test_malformed_fdt();
	test_root_writer();
	test_blob();
	test_bit_flips();
	kho_sim_tests(vec_dir, check);
	kho_debugfs_tests(check);
	kstate_host_tests(KSTATE_REPRO, check);
	if (argc > 2)
		kho_inspect_tests(argv[2], vec_dir, check);
	test_luo(vec_dir, argc > 2 ? argv[2] : NULL);

	printf("1..%d\n", nr_tests);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
