/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim: a debugfs that keeps its files in a list (shim_debugfs.c), so
 * that tests can see which files exist and what they show. Like debugfs, it
 * refuses "." and ".." and names with '/', and a name that exists already.
 */
#ifndef KHO_SHIM_LINUX_DEBUGFS_H
#define KHO_SHIM_LINUX_DEBUGFS_H
#include <linux/err.h>
#include <linux/types.h>

typedef unsigned short umode_t;
struct seq_file;

struct file_operations {
	int (*get)(void *data, u64 *val);
	int (*set)(void *data, u64 val);
	int (*show)(struct seq_file *m, void *v);
};

struct debugfs_blob_wrapper {
	void *data;
	unsigned long size;
};

struct dentry;

struct dentry *debugfs_create_dir(const char *name, struct dentry *parent);
struct dentry *debugfs_create_blob(const char *name, umode_t mode,
				   struct dentry *parent,
				   struct debugfs_blob_wrapper *blob);
struct dentry *debugfs_create_file(const char *name, umode_t mode,
				   struct dentry *parent, void *data,
				   const struct file_operations *fops);
#define debugfs_create_file_unsafe debugfs_create_file
void debugfs_lookup_and_remove(const char *name, struct dentry *parent);
void debugfs_remove_recursive(struct dentry *dentry);

/* shim_debugfs.c: the blob of file @path ("kho/in/fdt"), NULL if none. */
const struct debugfs_blob_wrapper *kho_shim_debugfs_blob(const char *path);
/* Number of files and directories that exist. */
unsigned int kho_shim_debugfs_count(void);
/* Remove everything (the end of a simulated boot). */
void kho_shim_debugfs_reset(void);

#define DEFINE_DEBUGFS_ATTRIBUTE(fops, get_fn, set_fn, fmt)		\
	static const struct file_operations fops = {			\
		.get = get_fn, .set = set_fn,				\
	}
#define DEFINE_SHOW_ATTRIBUTE(name)					\
	static const struct file_operations name##_fops = {		\
		.show = name##_show,					\
	}

int seq_printf(struct seq_file *m, const char *fmt, ...);

#endif
