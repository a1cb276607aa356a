// SPDX-License-Identifier: GPL-2.0
/*
 * Kexec HandOver: the root FDT, written by this kernel at finalize and read
 * (and checked) by the next one.
 *
 * The root FDT a kernel receives comes from another kernel and is not
 * trusted. The reader is bounded by the FDT's own size and only uses
 * libfdt's read-only calls, which check every offset against the header.
 * The same code is compiled on the host (tools/testing/kho/,
 * tools/kho/kho-inspect).
 */

#define pr_fmt(fmt) "KHO: " fmt

#include <linux/align.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/libfdt.h>
#include <linux/list.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/kho/abi/kexec_handover.h>

#include "kexec_handover_fdt.h"
#include "kexec_handover_internal.h"

/**
 * kho_fdt_write_root - write the root FDT of a handover
 * @fdt: buffer for the FDT
 * @size: size of @fdt in bytes
 * @map_root: physical address of the preserved-memory map's root node
 * @subtrees: list of &struct kho_subtree, one node each
 *
 * Return: 0 on success, -ENOSPC if the FDT does not fit in @size bytes.
 */
int kho_fdt_write_root(void *fdt, size_t size, u64 map_root,
		       const struct list_head *subtrees)
{
	const struct kho_subtree *sub;
	int err;

	err = fdt_create(fdt, size);
	err |= fdt_finish_reservemap(fdt);
	err |= fdt_begin_node(fdt, "");
	err |= fdt_property_string(fdt, "compatible", KHO_FDT_COMPATIBLE);
	err |= fdt_property(fdt, KHO_FDT_MEMORY_MAP_PROP_NAME, &map_root,
			    sizeof(map_root));
	list_for_each_entry(sub, subtrees, list) {
		u64 phys = sub->phys;

		err |= fdt_begin_node(fdt, sub->name);
		err |= fdt_property(fdt, KHO_FDT_SUB_TREE_PROP_NAME, &phys,
				    sizeof(phys));
		err |= fdt_property(fdt, KHO_FDT_SUB_TREE_SIZE_PROP_NAME,
				    &sub->size, sizeof(sub->size));
		err |= fdt_end_node(fdt);
	}
	err |= fdt_end_node(fdt);
	err |= fdt_finish(fdt);
	return err ? -ENOSPC : 0;
}

/**
 * kho_fdt_get_u64 - read a u64 property of a KHO FDT
 * @fdt: the FDT
 * @node: offset of the node
 * @name: property name
 * @val: receives the value
 *
 * KHO FDTs store addresses and sizes as 8-byte properties in native byte
 * order. Every reader of such a property goes through here, so they all
 * agree on what is malformed.
 *
 * Return: 0 on success, -ENOENT if the property is missing, -EINVAL if it
 * is not exactly 8 bytes long.
 */
int kho_fdt_get_u64(const void *fdt, int node, const char *name, u64 *val)
{
	const void *prop;
	int len;

	prop = fdt_getprop(fdt, node, name, &len);
	if (!prop)
		return -ENOENT;
	if (len != sizeof(*val))
		return -EINVAL;
	/* Properties are only 4-byte aligned in the blob. */
	memcpy(val, prop, sizeof(*val));
	return 0;
}
EXPORT_SYMBOL_GPL(kho_fdt_get_u64);

/* Read and check the two properties of the subtree node at @node. */
static int kho_fdt_read_subtree(const void *fdt, int node, const char *name,
				phys_addr_t *phys, u64 *size)
{
	u64 addr, len;
	int ret;

	ret = kho_fdt_get_u64(fdt, node, KHO_FDT_SUB_TREE_PROP_NAME, &addr);
	if (ret) {
		pr_err("subtree '%s': %s property %s\n", name,
		       KHO_FDT_SUB_TREE_PROP_NAME,
		       ret == -ENOENT ? "missing" : "is not 8 bytes");
		return -EINVAL;
	}
	ret = kho_fdt_get_u64(fdt, node, KHO_FDT_SUB_TREE_SIZE_PROP_NAME, &len);
	if (ret) {
		pr_err("subtree '%s': %s property %s\n", name,
		       KHO_FDT_SUB_TREE_SIZE_PROP_NAME,
		       ret == -ENOENT ? "missing" : "is not 8 bytes");
		return -EINVAL;
	}
	if (!addr || !len || addr + len < addr) {
		pr_err("subtree '%s': bad blob %#llx size %#llx\n", name,
		       addr, len);
		return -EINVAL;
	}
	*phys = addr;
	*size = len;
	return 0;
}

/**
 * kho_fdt_next_subtree - step through the subtrees of a root FDT
 * @fdt: a root FDT that passed kho_fdt_check_root()
 * @node: 0 to get the first subtree, else the previous return value
 * @name: receives the node name
 * @phys: receives the physical address of the blob
 * @size: receives the size of the blob in bytes
 *
 * Typical use::
 *
 *	for (node = 0; (node = kho_fdt_next_subtree(fdt, node, &name,
 *						     &phys, &size)) > 0;)
 *		...;
 *	if (node != -ENOENT)
 *		... malformed ...
 *
 * Return: the (positive) FDT offset of the next subtree node, -ENOENT after
 * the last one, or -EINVAL (after a pr_err()) for a malformed node.
 */
int kho_fdt_next_subtree(const void *fdt, int node, const char **name,
			 phys_addr_t *phys, u64 *size)
{
	node = node ? fdt_next_subnode(fdt, node) : fdt_first_subnode(fdt, 0);
	if (node == -FDT_ERR_NOTFOUND)
		return -ENOENT;
	if (node < 0) {
		pr_err("root FDT: malformed structure (%s)\n",
		       fdt_strerror(node));
		return -EINVAL;
	}
	*name = fdt_get_name(fdt, node, NULL);
	if (!*name) {
		pr_err("root FDT: subtree node at offset %d has no name\n",
		       node);
		return -EINVAL;
	}
	if (kho_fdt_read_subtree(fdt, node, *name, phys, size))
		return -EINVAL;
	return node;
}

/*
 * Where the node at @node ends, found the way fdt_nop_node() finds it: a
 * negative libfdt error if some node below it has no end. Walking from
 * subnode to subnode takes an unknown tag for the end of the tree, so it
 * does not see this.
 */
static int kho_fdt_node_end(const void *fdt, int node)
{
	int depth = 0;

	while (node >= 0 && depth >= 0)
		node = fdt_next_node(fdt, node, &depth);
	return node;
}

/**
 * kho_fdt_check_root - validate a KHO root FDT handed over by a kernel
 * @fdt: the root FDT
 * @size: number of bytes that may be read at @fdt
 * @map_root: if not NULL, receives the preserved-memory-map value (0 when
 *	nothing is preserved)
 *
 * Checks the FDT header against @size, the root compatible, the
 * preserved-memory-map property (8 bytes, page aligned), that every node
 * has an end (so a subtree can be dropped) and every subtree node (a name,
 * both properties present and 8 bytes, a non-empty blob that does not wrap
 * around). Whether the addresses are RAM is left to the
 * caller, which knows the memory layout.
 *
 * Return: 0 if the FDT is well formed, -EINVAL after a pr_err() naming the
 * problem otherwise.
 */
int kho_fdt_check_root(const void *fdt, size_t size, phys_addr_t *map_root)
{
	const char *name;
	phys_addr_t phys;
	int ret, node;
	u64 map, len;

	if (!fdt || size < sizeof(struct fdt_header)) {
		pr_err("root FDT: %zu bytes is too small\n", fdt ? size : 0);
		return -EINVAL;
	}
	ret = fdt_check_header(fdt);
	if (ret) {
		pr_err("root FDT: bad header (%s)\n", fdt_strerror(ret));
		return -EINVAL;
	}
	if (fdt_totalsize(fdt) > size) {
		pr_err("root FDT: size %u exceeds the %zu bytes handed over\n",
		       fdt_totalsize(fdt), size);
		return -EINVAL;
	}
	ret = fdt_node_check_compatible(fdt, 0, KHO_FDT_COMPATIBLE);
	if (ret) {
		pr_err("root FDT: not compatible with \"%s\"\n",
		       KHO_FDT_COMPATIBLE);
		return -EINVAL;
	}
	ret = kho_fdt_get_u64(fdt, 0, KHO_FDT_MEMORY_MAP_PROP_NAME, &map);
	if (ret) {
		pr_err("root FDT: %s property %s\n",
		       KHO_FDT_MEMORY_MAP_PROP_NAME,
		       ret == -ENOENT ? "missing" : "is not 8 bytes");
		return -EINVAL;
	}
	if (!IS_ALIGNED(map, PAGE_SIZE)) {
		pr_err("root FDT: %s %#llx is not page aligned\n",
		       KHO_FDT_MEMORY_MAP_PROP_NAME, map);
		return -EINVAL;
	}
	ret = kho_fdt_node_end(fdt, 0);
	if (ret < 0) {
		pr_err("root FDT: a node has no end (%s)\n", fdt_strerror(ret));
		return -EINVAL;
	}
	node = 0;
	do {
		node = kho_fdt_next_subtree(fdt, node, &name, &phys, &len);
	} while (node > 0);
	if (node != -ENOENT)
		return -EINVAL;
	if (map_root)
		*map_root = map;
	return 0;
}

/**
 * kho_scratch_overlap - find the scratch area a range overlaps
 * @areas: scratch areas
 * @cnt: number of @areas
 * @phys: start of the range
 * @size: size of the range in bytes
 *
 * Return: index of the first of @areas that [@phys, @phys + @size)
 * overlaps, or -1 if it overlaps none.
 */
int kho_scratch_overlap(const struct kho_scratch *areas, unsigned int cnt,
			phys_addr_t phys, u64 size)
{
	unsigned int i;

	for (i = 0; i < cnt; i++) {
		/* Empty areas (mainline writes some) cover nothing. */
		if (areas[i].size && phys < areas[i].addr + areas[i].size &&
		    areas[i].addr < phys + size)
			return i;
	}
	return -1;
}

/**
 * kho_check_scratch_array - check the scratch areas a kernel handed over
 * @areas: the array, as handed over
 * @cnt: number of entries
 * @align: alignment every area needs (CMA's pageblock alignment)
 * @is_ram: whether a range is RAM the receiving kernel can use
 * @arg: passed to @is_ram
 *
 * The scratch array travels beside the root FDT and is checked with it.
 * Empty areas are allowed and mean nothing (mainline leaves unused slots
 * empty); every other area must be aligned to @align and be RAM.
 *
 * Return: 0 if every area is usable, -EINVAL after a pr_err() naming the
 * first one that is not.
 */
int kho_check_scratch_array(const struct kho_scratch *areas, unsigned int cnt,
			    u64 align,
			    bool (*is_ram)(phys_addr_t phys, u64 size, void *arg),
			    void *arg)
{
	unsigned int i;

	for (i = 0; i < cnt; i++) {
		phys_addr_t addr = areas[i].addr;
		phys_addr_t size = areas[i].size;

		if (!size)
			continue;
		if (!IS_ALIGNED(addr | size, align) ||
		    !is_ram(addr, size, arg)) {
			pr_err("handover rejected: scratch area %u [%#llx + %#llx] is not aligned RAM\n",
			       i, (u64)addr, (u64)size);
			return -EINVAL;
		}
	}
	return 0;
}

/**
 * kho_fdt_get_subtree - look up one subtree of a root FDT
 * @fdt: a root FDT that passed kho_fdt_check_root()
 * @name: node name of the subtree
 * @phys: receives the physical address of the blob
 * @size: receives the size of the blob in bytes
 *
 * Return: 0 on success, -ENOENT if there is no such subtree, -EINVAL (after
 * a pr_err()) if its node is malformed.
 */
int kho_fdt_get_subtree(const void *fdt, const char *name,
			phys_addr_t *phys, u64 *size)
{
	int node = fdt_subnode_offset(fdt, 0, name);

	if (node == -FDT_ERR_NOTFOUND)
		return -ENOENT;
	if (node < 0) {
		pr_err("root FDT: cannot look up subtree '%s' (%s)\n", name,
		       fdt_strerror(node));
		return -EINVAL;
	}
	return kho_fdt_read_subtree(fdt, node, name, phys, size);
}
