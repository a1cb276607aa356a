// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs interface of Kexec HandOver, /sys/kernel/debug/kho/:
 *
 *   out/finalize            write 1 to finalize, 0 to abort; reads 0 or 1
 *   out/fdt                 the outgoing root FDT (while finalized)
 *   out/sub_fdts/<name>     each outgoing subtree blob (while finalized)
 *   out/scratch_phys, out/scratch_len    one 0x... line per scratch area
 *   in/fdt, in/sub_fdts/<name>           what this kernel received
 *   in/previous_release, in/kexec_count  from the kexec-metadata subtree
 */

#define pr_fmt(fmt) "KHO: " fmt

#include <linux/debugfs.h>
#include <linux/io.h>
#include <linux/kexec_handover.h>
#include <linux/libfdt.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "kexec_handover_fdt.h"
#include "kexec_handover_internal.h"

static struct {
	struct dentry *dir;
	struct dentry *out;
	struct dentry *out_fdt;
	struct dentry *out_sub;
	struct list_head out_blobs;	/* of struct kho_debugfs_blob */
	struct list_head in_blobs;	/* of struct kho_debugfs_blob */
} kho_dbg = {
	.out_blobs = LIST_HEAD_INIT(kho_dbg.out_blobs),
	.in_blobs = LIST_HEAD_INIT(kho_dbg.in_blobs),
};

/* debugfs keeps a pointer to the wrapper, so it must outlive the file. */
struct kho_debugfs_blob {
	struct list_head list;
	struct debugfs_blob_wrapper wrapper;
};

/* Create file @name in @dir showing @data; its wrapper goes on @blobs. */
static int kho_debugfs_add_blob(struct list_head *blobs, struct dentry *dir,
				const char *name, const void *data,
				size_t size)
{
	struct kho_debugfs_blob *blob;
	struct dentry *d;

	if (!data)
		return -ENOMEM;
	blob = kzalloc(sizeof(*blob), GFP_KERNEL);
	if (!blob)
		return -ENOMEM;
	blob->wrapper.data = (void *)data;
	blob->wrapper.size = size;
	d = debugfs_create_blob(name, 0400, dir, &blob->wrapper);
	if (IS_ERR(d)) {
		kfree(blob);
		return PTR_ERR(d);
	}
	list_add(&blob->list, blobs);
	return 0;
}

static void kho_debugfs_free_blobs(struct list_head *blobs)
{
	struct kho_debugfs_blob *blob, *tmp;

	list_for_each_entry_safe(blob, tmp, blobs, list) {
		list_del(&blob->list);
		kfree(blob);
	}
}

/**
 * kho_debugfs_publish_out - show the outgoing FDTs after a finalize
 * @fdt: the root FDT
 * @subtrees: list of &struct kho_subtree
 *
 * Return: 0 on success, negative error code otherwise.
 */
int kho_debugfs_publish_out(const void *fdt, struct list_head *subtrees)
{
	struct kho_subtree *sub;
	int ret;

	if (!kho_dbg.out)
		return 0;
	kho_dbg.out_sub = debugfs_create_dir("sub_fdts", kho_dbg.out);
	if (IS_ERR(kho_dbg.out_sub))
		return PTR_ERR(kho_dbg.out_sub);
	ret = kho_debugfs_add_blob(&kho_dbg.out_blobs, kho_dbg.out, "fdt",
				   fdt, fdt_totalsize(fdt));
	list_for_each_entry(sub, subtrees, list) {
		if (ret)
			break;
		ret = kho_debugfs_add_blob(&kho_dbg.out_blobs, kho_dbg.out_sub,
					   sub->name, sub->blob, sub->size);
	}
	return ret;
}

/**
 * kho_debugfs_clear_out - remove the outgoing FDT files (abort)
 */
void kho_debugfs_clear_out(void)
{
	if (!kho_dbg.out)
		return;
	debugfs_lookup_and_remove("fdt", kho_dbg.out);
	debugfs_remove_recursive(kho_dbg.out_sub);
	kho_dbg.out_sub = NULL;
	kho_debugfs_free_blobs(&kho_dbg.out_blobs);
}

static int kho_finalize_get(void *data, u64 *val)
{
	*val = kho_is_finalized();
	return 0;
}

static int kho_finalize_set(void *data, u64 val)
{
	switch (val) {
	case 0:
		return kho_abort();
	case 1:
		return kho_finalize();
	default:
		return -EINVAL;
	}
}

DEFINE_DEBUGFS_ATTRIBUTE(kho_finalize_fops, kho_finalize_get,
			 kho_finalize_set, "%llu\n");

static int scratch_phys_show(struct seq_file *m, void *v)
{
	unsigned int i;

	for (i = 0; i < kho_scratch_cnt; i++)
		seq_printf(m, "0x%llx\n", (u64)kho_scratch[i].addr);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(scratch_phys);

static int scratch_len_show(struct seq_file *m, void *v)
{
	unsigned int i;

	for (i = 0; i < kho_scratch_cnt; i++)
		seq_printf(m, "0x%llx\n", (u64)kho_scratch[i].size);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(scratch_len);

/**
 * kho_debugfs_init - create /sys/kernel/debug/kho/out
 *
 * Return: 0 on success, negative error code otherwise.
 */
int kho_debugfs_init(void)
{
	kho_dbg.dir = debugfs_create_dir("kho", NULL);
	if (IS_ERR(kho_dbg.dir))
		return PTR_ERR(kho_dbg.dir);
	kho_dbg.out = debugfs_create_dir("out", kho_dbg.dir);
	if (IS_ERR(kho_dbg.out))
		return PTR_ERR(kho_dbg.out);
	/*
	 * debugfs_create_file_unsafe() with DEFINE_DEBUGFS_ATTRIBUTE: the
	 * attribute helpers protect against removal themselves.
	 */
	debugfs_create_file_unsafe("finalize", 0600, kho_dbg.out, NULL,
				   &kho_finalize_fops);
	debugfs_create_file("scratch_phys", 0400, kho_dbg.out, NULL,
			    &scratch_phys_fops);
	debugfs_create_file("scratch_len", 0400, kho_dbg.out, NULL,
			    &scratch_len_fops);
	return 0;
}

/* Strings of in/: fixed for the boot once published. */
static char kho_in_release[80];
static char kho_in_count[16];

static __printf(5, 6) int
kho_debugfs_add_string(struct dentry *dir, const char *name,
		       char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vscnprintf(buf, size, fmt, args);
	va_end(args);
	return kho_debugfs_add_blob(&kho_dbg.in_blobs, dir, name, buf, len);
}

/*
 * An in/ file showing a copy of @size bytes at @src: the blobs belong to the
 * subsystems that restore them, and those may free or reuse the memory.
 */
static void kho_debugfs_add_copy(struct dentry *dir, const char *name,
				 const void *src, size_t size)
{
	void *copy = kvmemdup(src, size, GFP_KERNEL | __GFP_NOWARN);

	if (kho_debugfs_add_blob(&kho_dbg.in_blobs, dir, name, copy, size))
		kvfree(copy);
}

/**
 * kho_debugfs_publish_in - show what this kernel received
 * @fdt: the incoming root FDT
 * @previous_release: release of the previous kernel ("" if unknown)
 * @kexec_count: number of kexecs so far (0 if unknown)
 */
void kho_debugfs_publish_in(const void *fdt, const char *previous_release,
			    u32 kexec_count)
{
	struct dentry *in, *sub;
	const char *name;
	phys_addr_t phys;
	int node = 0;
	u64 size;

	if (IS_ERR_OR_NULL(kho_dbg.dir))
		return;
	in = debugfs_create_dir("in", kho_dbg.dir);
	sub = debugfs_create_dir("sub_fdts", in);
	kho_debugfs_add_copy(in, "fdt", fdt, fdt_totalsize(fdt));
	while ((node = kho_fdt_next_subtree(fdt, node, &name, &phys,
					    &size)) > 0)
		kho_debugfs_add_copy(sub, name, phys_to_virt(phys), size);
	if (*previous_release) {
		kho_debugfs_add_string(in, "previous_release", kho_in_release,
				       sizeof(kho_in_release), "%s\n",
				       previous_release);
		kho_debugfs_add_string(in, "kexec_count", kho_in_count,
				       sizeof(kho_in_count), "%u\n",
				       kexec_count);
	}
}
