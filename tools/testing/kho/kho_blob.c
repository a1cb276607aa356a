// SPDX-License-Identifier: GPL-2.0
/* The fuzzer's parsing entry point and a builder for its inputs. */
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>

#include <asm/page.h>
#include <linux/errno.h>
#include <linux/io.h>
#include <linux/kho/abi/kexec_handover.h>

#include "kexec_handover_internal.h"
#include "kexec_handover_fdt.h"
#include "kho_blob.h"

struct blob_mem {
	u8 *pages;		/* page-aligned copy of the image */
	size_t npages;
	struct kho_blob_result *res;
};

static bool blob_ram(phys_addr_t phys, u64 size)
{
	return size && phys < KHO_BLOB_RAM_END &&
	       size <= KHO_BLOB_RAM_END - phys;
}

static const void *blob_map(phys_addr_t phys, void *arg)
{
	struct blob_mem *m = arg;

	if (phys < KHO_BLOB_MEM_BASE || phys % PAGE_SIZE ||
	    (phys - KHO_BLOB_MEM_BASE) / PAGE_SIZE >= m->npages)
		return NULL;
	return m->pages + (phys - KHO_BLOB_MEM_BASE);
}

static bool blob_valid(phys_addr_t phys, u64 size, void *arg)
{
	return blob_ram(phys, size);
}

static int blob_node(phys_addr_t phys, unsigned int level, void *arg)
{
	struct blob_mem *m = arg;

	m->res->nodes++;
	return 0;
}

static int blob_block(phys_addr_t phys, unsigned int order, void *arg)
{
	struct blob_mem *m = arg;

	m->res->blocks++;
	m->res->bytes += PAGE_SIZE << order;
	return 0;
}

int kho_parse_blob(const u8 *data, size_t size, struct kho_blob_result *res)
{
	struct kho_radix_walk_ops ops = {
		.map = blob_map,
		.valid = blob_valid,
		.node = blob_node,
		.block = blob_block,
	};
	struct blob_mem m = { .res = res };
	phys_addr_t root, phys;
	const char *name;
	size_t fdt_size;
	int ret, node;
	u64 len;

	memset(res, 0, sizeof(*res));
	ret = kho_fdt_check_root(data, size, &root);
	if (ret)
		return ret;
	res->map_root = root;
	node = 0;
	while ((node = kho_fdt_next_subtree(data, node, &name, &phys,
					    &len)) > 0) {
		if (!blob_ram(phys, len))
			return -EINVAL;
		res->subtrees++;
	}
	if (node != -ENOENT)
		return node;

	fdt_size = fdt_totalsize(data);
	m.npages = (size - fdt_size + PAGE_SIZE - 1) / PAGE_SIZE;
	m.pages = aligned_alloc(PAGE_SIZE, (m.npages + 1) * PAGE_SIZE);
	if (!m.pages)
		return -ENOMEM;
	memset(m.pages, 0, (m.npages + 1) * PAGE_SIZE);
	memcpy(m.pages, data + fdt_size, size - fdt_size);
	/* A tree of distinct pages cannot have more nodes than the image. */
	ret = kho_radix_walk(root, &ops, m.npages ? m.npages : 1, &m);
	free(m.pages);
	return ret;
}

static u64 rebase(const struct kho_mem_page *pages, size_t npages, u64 phys)
{
	size_t i;

	for (i = 0; i < npages; i++)
		if (pages[i].phys == phys)
			return KHO_BLOB_MEM_BASE + i * PAGE_SIZE;
	return phys;
}

u8 *kho_blob_build(const struct kho_mem_page *pages, size_t npages,
		   u64 root_phys, const struct kho_blob_subtree *subs,
		   size_t nsubs, size_t *size)
{
	size_t fdt_cap = 4096 + nsubs * 128, i, j;
	u64 root = root_phys ? rebase(pages, npages, root_phys) : 0;
	u8 *buf = calloc(1, fdt_cap + npages * PAGE_SIZE);
	int err = 0;

	if (!buf)
		return NULL;
	err |= fdt_create(buf, fdt_cap);
	err |= fdt_finish_reservemap(buf);
	err |= fdt_begin_node(buf, "");
	err |= fdt_property_string(buf, "compatible", KHO_FDT_COMPATIBLE);
	err |= fdt_property(buf, KHO_FDT_MEMORY_MAP_PROP_NAME, &root,
			    sizeof(root));
	for (i = 0; i < nsubs; i++) {
		err |= fdt_begin_node(buf, subs[i].name);
		err |= fdt_property(buf, KHO_FDT_SUB_TREE_PROP_NAME,
				    &subs[i].phys, sizeof(u64));
		err |= fdt_property(buf, KHO_FDT_SUB_TREE_SIZE_PROP_NAME,
				    &subs[i].size, sizeof(u64));
		err |= fdt_end_node(buf);
	}
	err |= fdt_end_node(buf);
	err |= fdt_finish(buf);
	if (err || fdt_pack(buf)) {
		free(buf);
		return NULL;
	}

	*size = fdt_totalsize(buf);
	for (i = 0; i < npages; i++) {
		u64 *dst = (u64 *)(buf + *size + i * PAGE_SIZE);

		memcpy(dst, pages[i].page, PAGE_SIZE);
		if (pages[i].level == 0)
			continue;
		for (j = 0; j < PAGE_SIZE / sizeof(u64); j++) {
			u64 v;

			memcpy(&v, &dst[j], sizeof(v));
			if (v)
				v = rebase(pages, npages, v);
			memcpy(&dst[j], &v, sizeof(v));
		}
	}
	*size += npages * PAGE_SIZE;
	return buf;
}
