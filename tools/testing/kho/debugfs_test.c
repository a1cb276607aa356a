// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/kexec_handover_debugfs.c, compiled whole against the debugfs shim
 * (shim_debugfs.c): what in/ and out/ show, and that a file debugfs refuses
 * costs neither a leak nor a stale file (defect 11 of issue 10).
 */
#include <linux/kconfig.h>
#define CONFIG_KEXEC_HANDOVER_DEBUGFS 1
#include "../../../kernel/kexec_handover_debugfs.c"

#include "kho_shim.h"
#include "kho_test.h"

long kho_shim_kv_live;

/* What the debugfs file needs of the rest of KHO. */
struct kho_scratch *kho_scratch;
unsigned int kho_scratch_cnt;

int kho_finalize(void)
{
	return -EOPNOTSUPP;
}

int kho_abort(void)
{
	return -EOPNOTSUPP;
}

bool kho_is_finalized(void)
{
	return false;
}

static bool (*check)(bool ok, const char *fmt, ...);

/* Whether debugfs file @path shows exactly @size bytes equal to @data. */
static bool shows(const char *path, const void *data, size_t size)
{
	const struct debugfs_blob_wrapper *b = kho_shim_debugfs_blob(path);

	return b && b->size == size && !memcmp(b->data, data, size);
}

/* Four subtree blobs; ".." and the second "alpha" cannot be files. */
static const char *const names[] = { "alpha", "..", "alpha", "beta" };

struct test_subtrees {
	struct kho_subtree sub[4];
	u8 *blob[4];
	struct list_head list;
};

static void make_subtrees(struct test_subtrees *t)
{
	unsigned int i;

	INIT_LIST_HEAD(&t->list);
	for (i = 0; i < 4; i++) {
		t->blob[i] = (u8 *)get_zeroed_page(GFP_KERNEL);
		memset(t->blob[i], 0x10 + i, 100);
		t->sub[i].name = names[i];
		t->sub[i].blob = t->blob[i];
		t->sub[i].phys = virt_to_phys(t->blob[i]);
		t->sub[i].size = 100 + i;
		list_add_tail(&t->sub[i].list, &t->list);
	}
}

static void free_subtrees(struct test_subtrees *t)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		free_page((unsigned long)t->blob[i]);
}

static void test_publish_in(void)
{
	struct test_subtrees t;
	long live_before;
	u8 *root;

	make_subtrees(&t);
	root = (u8 *)get_zeroed_page(GFP_KERNEL);
	check(!kho_fdt_write_root(root, PAGE_SIZE, 0x1000, &t.list),
	      "debugfs: root FDT with subtrees alpha, .., alpha, beta");

	live_before = kho_shim_kv_live;
	kho_shim_quiet++;
	kho_debugfs_publish_in(root, "6.12.0-test", 3);
	kho_shim_quiet--;
	check(shows("kho/in/fdt", root, fdt_totalsize(root)),
	      "debugfs: in/fdt shows the root FDT");
	check(shows("kho/in/sub_fdts/alpha", t.blob[0], t.sub[0].size),
	      "debugfs: in/sub_fdts/alpha shows the first alpha");
	check(shows("kho/in/sub_fdts/beta", t.blob[3], t.sub[3].size),
	      "debugfs: in/sub_fdts/beta shows beta");
	check(shows("kho/in/previous_release", "6.12.0-test\n", 12) &&
	      shows("kho/in/kexec_count", "3\n", 2),
	      "debugfs: in/previous_release and in/kexec_count");
	/* in/fdt, alpha, beta: the copies for ".." and alpha #2 were freed. */
	check(kho_shim_kv_live - live_before == 3,
	      "debugfs: in/ keeps 3 copies, none for refused names (%ld)",
	      kho_shim_kv_live - live_before);

	free_page((unsigned long)root);
	free_subtrees(&t);
}

static void test_publish_out_fails(void)
{
	unsigned int files_before = kho_shim_debugfs_count();
	struct test_subtrees t;
	u8 *root;
	int ret;

	make_subtrees(&t);
	root = (u8 *)get_zeroed_page(GFP_KERNEL);
	kho_fdt_write_root(root, PAGE_SIZE, 0x1000, &t.list);

	ret = kho_debugfs_publish_out(root, &t.list);
	check(ret == -EACCES, "debugfs: publishing a subtree named .. fails (%d)",
	      ret);
	check(shows("kho/out/fdt", root, fdt_totalsize(root)) &&
	      shows("kho/out/sub_fdts/alpha", t.blob[0], t.sub[0].size),
	      "debugfs: out/ was published up to the refused name");
	kho_debugfs_clear_out();
	check(kho_shim_debugfs_count() == files_before &&
	      !kho_shim_debugfs_blob("kho/out/fdt"),
	      "debugfs: clearing out/ removes every outgoing file");

	/* A good finalize publishes everything, an abort removes it. */
	list_del(&t.sub[1].list);
	list_del(&t.sub[2].list);
	kho_fdt_write_root(root, PAGE_SIZE, 0x1000, &t.list);
	ret = kho_debugfs_publish_out(root, &t.list);
	check(!ret && shows("kho/out/sub_fdts/beta", t.blob[3], t.sub[3].size),
	      "debugfs: out/sub_fdts/beta after a good publish (%d)", ret);
	kho_debugfs_clear_out();
	check(kho_shim_debugfs_count() == files_before,
	      "debugfs: and gone after clearing");

	free_page((unsigned long)root);
	free_subtrees(&t);
}

void kho_debugfs_tests(bool (*check_fn)(bool ok, const char *fmt, ...))
{
	check = check_fn;
	check(!kho_debugfs_init() && kho_shim_debugfs_count() == 5,
	      "debugfs: kho/out with finalize, scratch_phys, scratch_len");
	test_publish_out_fails();
	test_publish_in();
}
