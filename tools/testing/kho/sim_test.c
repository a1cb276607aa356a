// SPDX-License-Identifier: GPL-2.0
/*
 * Simulated boots (kho_sim.h) of the mainline 7.3 handover of the vectors,
 * as is and with the corruptions of issue 10 planted, and the fuzzer seeds
 * made from them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <libfdt.h>

#include <asm/page.h>
#include <linux/errno.h>
#include <linux/list.h>
#include <linux/kho/abi/kexec_handover.h>
#include <linux/kho/abi/kexec_metadata.h>
#include <linux/kho/abi/memblock.h>

#include "kexec_handover_internal.h"
#include "kexec_handover_fdt.h"
#include "kho_shim.h"
#include "kho_sim.h"
#include "kho_test.h"

#define VREC_SIZE	(16 + PAGE_SIZE)
#define MAX_PAGES	128

struct machine {
	struct kho_sim_hdr hdr;
	u8 fdt[PAGE_SIZE];
	struct kho_sim_page pages[MAX_PAGES];
	u8 data[MAX_PAGES][PAGE_SIZE];
	size_t npages;
};

static u8 *load(const char *dir, const char *name, size_t *size)
{
	char path[4096];
	struct stat st;
	u8 *buf;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (!f || fstat(fileno(f), &st)) {
		if (f)
			fclose(f);
		return NULL;
	}
	buf = calloc(1, st.st_size + 1);
	if (buf && fread(buf, 1, st.st_size, f) != (size_t)st.st_size) {
		free(buf);
		buf = NULL;
	}
	*size = st.st_size;
	fclose(f);
	return buf;
}

/* Put @size bytes at @phys, page by page. */
static bool put(struct machine *m, u64 phys, const void *src, size_t size)
{
	size_t off;

	for (off = 0; off < size; off += PAGE_SIZE) {
		size_t n = size - off < PAGE_SIZE ? size - off : PAGE_SIZE;

		if (m->npages == MAX_PAGES)
			return false;
		memset(m->data[m->npages], 0, PAGE_SIZE);
		memcpy(m->data[m->npages], (const u8 *)src + off, n);
		m->pages[m->npages].phys = phys + off;
		m->pages[m->npages].data = m->data[m->npages];
		m->npages++;
	}
	return true;
}

/* The page of @m holding @phys, or NULL. */
static u8 *at(struct machine *m, u64 phys)
{
	size_t i;

	for (i = 0; i < m->npages; i++)
		if (m->pages[i].phys == (phys & PAGE_MASK))
			return m->data[i] + (phys & ~PAGE_MASK);
	return NULL;
}

/*
 * The vectors' handover on an x86_64 machine with 3 GiB of RAM: the tree
 * pages and subtree blobs at their original addresses, two scratch areas
 * away from them and mainline's empty one, the root FDT and scratch array
 * at 48 MiB, and reserve_mem requests that match the memblock subtree.
 */
static bool vec_machine(const char *dir, struct machine *m)
{
	size_t size, i, n = 0;
	const char *name;
	phys_addr_t phys;
	u8 *buf, *blob;
	int node = 0;
	u64 len;

	memset(m, 0, sizeof(*m));
	buf = load(dir, "root.dtb", &size);
	if (!buf || size > PAGE_SIZE)
		return false;
	memcpy(m->fdt, buf, size);
	free(buf);
	m->hdr.fdt_phys = 0x3000000;
	m->hdr.fdt_len = PAGE_SIZE;
	m->hdr.fdt_bytes = size;
	m->hdr.scratch_phys = 0x3001000;
	m->hdr.scratch[0].addr = 0x40000000;
	m->hdr.scratch[0].size = 0x10000000;
	m->hdr.scratch[1].addr = 0x7c400000;	/* mainline's empty area */
	m->hdr.scratch[2].addr = 0x80000000;
	m->hdr.scratch[2].size = 0x8000000;
	m->hdr.scratch_len = 3 * sizeof(struct kho_scratch);
	m->hdr.ram[0].base = 0;
	m->hdr.ram[0].size = 0x9f000;
	m->hdr.ram[1].base = 0x100000;
	m->hdr.ram[1].size = 0xbff00000;
	m->hdr.req[0].size = 0x800000;		/* khotest */
	m->hdr.req[1].size = 0x100000;		/* oops */
	m->hdr.req[2].size = 0x400000;		/* trace */
	for (i = 0; i < 3; i++)
		m->hdr.req[i].align = PAGE_SIZE;

	buf = load(dir, "radix-pages.bin", &size);
	if (!buf || size % VREC_SIZE)
		return false;
	for (i = 0; i < size / VREC_SIZE; i++) {
		u64 p;

		memcpy(&p, buf + i * VREC_SIZE, 8);
		if (!put(m, p, buf + i * VREC_SIZE + 16, PAGE_SIZE))
			return false;
	}
	free(buf);

	while ((node = kho_fdt_next_subtree(m->fdt, node, &name, &phys,
					    &len)) > 0) {
		char file[80];

		snprintf(file, sizeof(file), "%s.%s", name,
			 strcmp(name, KHO_KEXEC_METADATA_NODE) ? "dtb" : "bin");
		if (!strcmp(name, "khostress"))
			snprintf(file, sizeof(file), "stress.dtb");
		blob = load(dir, file, &size);
		if (!blob || size > len || !put(m, phys, blob, size))
			return false;
		free(blob);
		n++;
	}
	return node == -ENOENT && n == 3;
}

static u8 *build(struct machine *m, size_t *size)
{
	return kho_sim_build(&m->hdr, m->fdt, m->hdr.fdt_bytes, m->pages,
			     m->npages, size);
}

static bool set_sub(struct machine *m, const char *sub, const char *prop,
		    u64 val)
{
	int node = fdt_subnode_offset(m->fdt, 0, sub);

	return node >= 0 && !fdt_setprop_inplace(m->fdt, node, prop, &val, 8);
}

/* Rewrite a region's start in the memblock subtree, in memory. */
static bool set_region_start(struct machine *m, const char *region, u64 val)
{
	phys_addr_t phys;
	u64 len;
	u8 *blob;
	int node;

	if (kho_fdt_get_subtree(m->fdt, MEMBLOCK_KHO_FDT, &phys, &len))
		return false;
	blob = at(m, phys);
	node = blob ? fdt_subnode_offset(blob, 0, region) : -1;
	return node >= 0 && !fdt_setprop_inplace(blob, node,
						 RESERVE_MEM_KHO_START_PROP,
						 &val, 8);
}

struct sim_case {
	const char *name;
	bool (*plant)(struct machine *m);
	bool accepted, kept;
	unsigned int revived, subtrees;
	const char *msg;	/* in the last message, if set */
};

static bool p_none(struct machine *m)
{
	return true;
}

/* Issue 10, defect 1: the metadata blob pointer rewritten after finalize. */
static bool p_meta_ptr(struct machine *m)
{
	return set_sub(m, KHO_KEXEC_METADATA_NODE, KHO_FDT_SUB_TREE_PROP_NAME,
		       0x00fffffffffff000ULL);
}

static bool p_meta_size(struct machine *m)
{
	return set_sub(m, KHO_KEXEC_METADATA_NODE,
		       KHO_FDT_SUB_TREE_SIZE_PROP_NAME, 0x100000000000ULL);
}

/* A blob in scratch. */
static bool p_stress_scratch(struct machine *m)
{
	return set_sub(m, "khostress", KHO_FDT_SUB_TREE_PROP_NAME,
		       0x40200000);
}

/* A blob in RAM but not preserved. */
static bool p_memblock_unpreserved(struct machine *m)
{
	return set_sub(m, MEMBLOCK_KHO_FDT, KHO_FDT_SUB_TREE_PROP_NAME,
		       0x30000000);
}

/* Issue 10, defect 2: a reserve_mem region moved into scratch. */
static bool p_region_scratch(struct machine *m)
{
	return set_region_start(m, "khotest", 0x40200000);
}

static bool p_region_unpreserved(struct machine *m)
{
	return set_region_start(m, "khotest", 0x30000000);
}

static bool p_kho_off(struct machine *m)
{
	m->hdr.flags |= KHO_SIM_KHO_OFF;
	return true;
}

static bool p_kdump(struct machine *m)
{
	m->hdr.flags |= KHO_SIM_KDUMP;
	return true;
}

static bool p_scratch_unaligned(struct machine *m)
{
	m->hdr.scratch[0].addr += PAGE_SIZE;
	return true;
}

/* Issue 10, defect 3: a scratch area over the map's node pages. */
static bool p_scratch_over_map(struct machine *m)
{
	m->hdr.scratch[0].addr = 0x200000;
	m->hdr.scratch[0].size = 0x200000;
	return true;
}

/* Issue 10, defect 5: the map in NOMAP memory. */
static bool p_map_nomap(struct machine *m)
{
	m->hdr.ram[1].size = 0x300000;
	m->hdr.ram[2].base = 0x400000;
	m->hdr.ram[2].size = 0x400000;
	m->hdr.ram[2].nomap = 1;
	m->hdr.ram[3].base = 0x800000;
	m->hdr.ram[3].size = 0xbf800000;
	return true;
}

static bool p_no_ram(struct machine *m)
{
	memset(m->hdr.ram, 0, sizeof(m->hdr.ram));
	return true;
}

static bool p_not_finalized(struct machine *m)
{
	fdt_set_magic(m->fdt, 0);
	return true;
}

static bool p_empty(struct machine *m)
{
	struct list_head none = { &none, &none };

	m->npages = 0;
	m->hdr.fdt_bytes = PAGE_SIZE;
	return !kho_fdt_write_root(m->fdt, PAGE_SIZE, 0, &none) &&
	       !fdt_pack(m->fdt) && (m->hdr.fdt_bytes = fdt_totalsize(m->fdt));
}

static const struct sim_case cases[] = {
	{ "mainline 7.3 handover", p_none, true, true, 3, 3, NULL },
	{ "metadata blob outside RAM", p_meta_ptr, true, true, 3, 2,
	  "subtree 'kexec-metadata' dropped" },
	{ "metadata blob of absurd size", p_meta_size, true, true, 3, 2,
	  "subtree 'kexec-metadata' dropped" },
	{ "blob in scratch", p_stress_scratch, true, true, 3, 2,
	  "subtree 'khostress' dropped" },
	{ "memblock blob not preserved", p_memblock_unpreserved, true, true,
	  0, 2, NULL },
	{ "reserve_mem region in scratch", p_region_scratch, true, true, 2, 3, NULL },
	{ "reserve_mem region not preserved", p_region_unpreserved, true, true,
	  2, 3, NULL },
	{ "kho=off", p_kho_off, false, false, 0, 0, "ignoring the handover" },
	{ "crash kernel", p_kdump, false, false, 0, 0, "crash kernel" },
	{ "unaligned scratch area", p_scratch_unaligned, false, false, 0, 0,
	  "booting without the handover" },
	{ "scratch over the map", p_scratch_over_map, false, false, 0, 0,
	  "booting without the handover" },
	{ "map in NOMAP memory", p_map_nomap, false, false, 0, 0,
	  "booting without the handover" },
	{ "no RAM", p_no_ram, false, false, 0, 0,
	  "booting without the handover" },
	{ "not finalized", p_not_finalized, false, false, 0, 0,
	  "did not finalize" },
	{ "empty handover", p_empty, true, true, 0, 0, NULL },
};

static char sim_log[64][256];
static unsigned int sim_nlog;

static void sim_log_hook(const char *level, const char *msg)
{
	if (sim_nlog < 64)
		snprintf(sim_log[sim_nlog++], sizeof(sim_log[0]), "%s", msg);
}

static bool logged(const char *s)
{
	unsigned int i;

	for (i = 0; i < sim_nlog; i++)
		if (strstr(sim_log[i], s))
			return true;
	return false;
}

void kho_sim_tests(const char *vectors,
		   bool (*check_fn)(bool ok, const char *fmt, ...))
{
	static struct machine m;
	struct kho_sim_result res;
	size_t i, size;
	u8 *in;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct sim_case *c = &cases[i];

		if (!vec_machine(vectors, &m) || !c->plant(&m) ||
		    !(in = build(&m, &size))) {
			check_fn(false, "sim: %s: cannot build", c->name);
			continue;
		}
		sim_nlog = 0;
		kho_shim_log_hook = sim_log_hook;
		kho_sim_run(in, size, &res);
		kho_shim_log_hook = NULL;
		free(in);
		check_fn(res.accepted == c->accepted && res.kept == c->kept &&
			 res.revived == c->revived &&
			 res.subtrees == c->subtrees &&
			 (!c->msg || logged(c->msg)) &&
			 (!c->kept || !c->subtrees ||
			  res.kexec_count ==
			  !(c->msg && strstr(c->msg, "kexec-metadata"))),
			 "sim: %s: accepted %d kept %d, %u revived, %u subtrees%s%s",
			 c->name, res.accepted, res.kept, res.revived,
			 res.subtrees, c->msg ? ", says " : "",
			 c->msg ? c->msg : "");
	}
}

int kho_sim_write_seeds(const char *dir, const char *vectors)
{
	static struct machine m;
	char path[4096];
	size_t i, size;
	FILE *f;
	u8 *in;

	mkdir(dir, 0755);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (!vec_machine(vectors, &m) || !cases[i].plant(&m) ||
		    !(in = build(&m, &size)))
			return 1;
		snprintf(path, sizeof(path), "%s/sim-%02zu.bin", dir, i);
		f = fopen(path, "wb");
		if (!f || fwrite(in, 1, size, f) != size || fclose(f))
			return 1;
		free(in);
	}
	return 0;
}
