// SPDX-License-Identifier: GPL-2.0
/*
 * Host shim of debugfs (include/linux/debugfs.h): a list of dentries with
 * their names and parents, refusing what debugfs refuses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/debugfs.h>
#include <linux/errno.h>

struct dentry {
	struct dentry *next;
	struct dentry *parent;
	char *name;
	struct debugfs_blob_wrapper *blob;
};

static struct dentry *kho_shim_dentries;

static struct dentry *shim_lookup(const char *name, struct dentry *parent)
{
	struct dentry *d;

	for (d = kho_shim_dentries; d; d = d->next)
		if (d->parent == parent && !strcmp(d->name, name))
			return d;
	return NULL;
}

static struct dentry *shim_create(const char *name, struct dentry *parent,
				  struct debugfs_blob_wrapper *blob)
{
	struct dentry *d;

	if (IS_ERR(parent))
		return parent;
	if (strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, ".."))
		return ERR_PTR(-EACCES);
	if (shim_lookup(name, parent))
		return ERR_PTR(-EEXIST);
	d = calloc(1, sizeof(*d));
	if (!d)
		return ERR_PTR(-ENOMEM);
	d->name = strdup(name);
	d->parent = parent;
	d->blob = blob;
	d->next = kho_shim_dentries;
	kho_shim_dentries = d;
	return d;
}

struct dentry *debugfs_create_dir(const char *name, struct dentry *parent)
{
	return shim_create(name, parent, NULL);
}

struct dentry *debugfs_create_blob(const char *name, umode_t mode,
				   struct dentry *parent,
				   struct debugfs_blob_wrapper *blob)
{
	return shim_create(name, parent, blob);
}

struct dentry *debugfs_create_file(const char *name, umode_t mode,
				   struct dentry *parent, void *data,
				   const struct file_operations *fops)
{
	return shim_create(name, parent, NULL);
}

static void shim_remove(struct dentry *victim)
{
	struct dentry **p, *d;
	bool again = true;

	/* Children first, as debugfs_remove_recursive() does. */
	while (again) {
		again = false;
		for (d = kho_shim_dentries; d; d = d->next) {
			if (d->parent == victim) {
				shim_remove(d);
				again = true;
				break;
			}
		}
	}
	for (p = &kho_shim_dentries; *p; p = &(*p)->next) {
		if (*p == victim) {
			*p = victim->next;
			free(victim->name);
			free(victim);
			return;
		}
	}
}

void debugfs_lookup_and_remove(const char *name, struct dentry *parent)
{
	struct dentry *d = shim_lookup(name, parent);

	if (d)
		shim_remove(d);
}

void debugfs_remove_recursive(struct dentry *dentry)
{
	if (!IS_ERR_OR_NULL(dentry))
		shim_remove(dentry);
}

const struct debugfs_blob_wrapper *kho_shim_debugfs_blob(const char *path)
{
	char buf[256], *name, *save = NULL;
	struct dentry *d = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (name = strtok_r(buf, "/", &save); name;
	     name = strtok_r(NULL, "/", &save)) {
		d = shim_lookup(name, d);
		if (!d)
			return NULL;
	}
	return d ? d->blob : NULL;
}

unsigned int kho_shim_debugfs_count(void)
{
	unsigned int n = 0;
	struct dentry *d;

	for (d = kho_shim_dentries; d; d = d->next)
		n++;
	return n;
}

void kho_shim_debugfs_reset(void)
{
	while (kho_shim_dentries)
		shim_remove(kho_shim_dentries);
}

int seq_printf(struct seq_file *m, const char *fmt, ...)
{
	return 0;
}
