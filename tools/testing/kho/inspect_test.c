// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of tools/kho/kho-inspect: the mainline vectors must pass, corrupted
 * copies of them must each be detected with a matching message.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <libfdt.h>

#include <asm/page.h>
#include <linux/kho/abi/kexec_handover.h>

#include "kexec_handover_internal.h"
#include "kho_test.h"

#define REC_SIZE	(16 + PAGE_SIZE)

static char tmp[] = "/tmp/kho-inspect-test-XXXXXX";
static const char *vec;
static char out[65536];

struct file {
	u8 *data;
	size_t size;
};

static struct file load(const char *dir, const char *name)
{
	struct file f = { 0 };
	char path[4096];
	struct stat st;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "rb");
	if (!fp)
		return f;
	if (!fstat(fileno(fp), &st)) {
		f.data = malloc(st.st_size + 1);
		f.size = fread(f.data, 1, st.st_size, fp);
	}
	fclose(fp);
	return f;
}

static const char *path_of(const char *name)
{
	static char bufs[8][4096];
	static int i;

	i = (i + 1) % 8;
	snprintf(bufs[i], sizeof(bufs[i]), "%s/%s", tmp, name);
	return bufs[i];
}

static void save(const char *name, const void *data, size_t size)
{
	FILE *fp = fopen(path_of(name), "wb");

	if (fp) {
		fwrite(data, 1, size, fp);
		fclose(fp);
	}
}

/* Write @size bytes at offset @off of file @name (sparse dump files). */
static void save_at(const char *name, u64 off, const void *data, size_t size)
{
	int fd = open(path_of(name), O_WRONLY | O_CREAT, 0644);

	if (fd >= 0) {
		if (pwrite(fd, data, size, off) != (ssize_t)size)
			perror("pwrite");
		close(fd);
	}
}

/* Run kho-inspect with a NULL-terminated argument list; returns its exit code. */
static int run(const char *inspect, ...)
{
	const char *runner = getenv("KHO_INSPECT_RUNNER");
	const char *argv[32];
	int n = 0, status, fd;
	va_list ap;
	pid_t pid;
	ssize_t len;

	/* e.g. KHO_INSPECT_RUNNER=qemu-aarch64-static for the arm64 build */
	if (runner && *runner)
		argv[n++] = runner;
	argv[n++] = inspect;
	va_start(ap, inspect);
	while (n < 31 && (argv[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	argv[n] = NULL;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		fd = open(path_of("out.txt"), O_WRONLY | O_CREAT | O_TRUNC,
			  0644);
		dup2(fd, 1);
		dup2(fd, 2);
		/* A tool that hangs (e.g. on a FIFO) fails its check instead. */
		alarm(60);
		execvp(argv[0], (char **)argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	fd = open(path_of("out.txt"), O_RDONLY);
	len = fd >= 0 ? read(fd, out, sizeof(out) - 1) : 0;
	out[len > 0 ? len : 0] = 0;
	if (fd >= 0)
		close(fd);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Show the tool's output as diagnostics when a check fails. */
static bool expect(bool (*check_fn)(bool ok, const char *fmt, ...), int rc,
		   int want, const char *needle, const char *what)
{
	bool ok = rc == want && (!needle || strstr(out, needle));
	char *line;

	if (!ok) {
		for (line = strtok(out, "\n"); line; line = strtok(NULL, "\n"))
			printf("#   | %s\n", line);
	}
	return check_fn(ok, "inspect: %s (exit %d%s%s)", what, rc,
			needle ? ", says: " : "", needle ? needle : "");
}

/* Clear the leaf bit of (@phys, @order) in a copy of radix-pages.bin. */
static bool clear_block(struct file *recs, u64 phys, unsigned int order)
{
	u64 key = kho_radix_encode_key(phys, order), node;
	size_t n = recs->size / REC_SIZE, i;
	unsigned int level, bit;
	u8 *page = recs->data + 16;

	memcpy(&node, recs->data, 8);
	for (level = 5;; level--) {
		for (i = 0; i < n; i++)
			if (!memcmp(recs->data + i * REC_SIZE, &node, 8))
				break;
		if (i == n)
			return false;
		page = recs->data + i * REC_SIZE + 16;
		if (!level)
			break;
		memcpy(&node, page + 8 * ((key >> (15 + 9 * (level - 1))) & 511),
		       8);
	}
	bit = key & 0x7fff;
	if (!(page[bit / 8] & (1 << (bit % 8))))
		return false;
	page[bit / 8] &= ~(1 << (bit % 8));
	return true;
}

static void patch_string(struct file *f, const char *from, const char *to)
{
	u8 *p = memmem(f->data, f->size, from, strlen(from));

	if (p)
		memcpy(p, to, strlen(to));
}

static void set_sub_u64(struct file *root, const char *node, const char *prop,
			u64 val)
{
	int off = node ? fdt_subnode_offset(root->data, 0, node) : 0;

	fdt_setprop_inplace(root->data, off, prop, &val, sizeof(val));
}

static void write_subs(const char *dir, struct file *stress,
		       struct file *memblock, struct file *md)
{
	char name[256];

	mkdir(path_of(dir), 0755);
	snprintf(name, sizeof(name), "%s/khostress", dir);
	save(name, stress->data, stress->size);
	snprintf(name, sizeof(name), "%s/memblock", dir);
	save(name, memblock->data, memblock->size);
	snprintf(name, sizeof(name), "%s/kexec-metadata", dir);
	save(name, md->data, md->size);
}

/*
 * Subtree names come from the handover and become file names in the
 * sub_fdts directory: a name that leaves the directory is refused, and a
 * FIFO or an endless file where a blob should be is an error, not a hang.
 */
static void hostile_file_tests(const char *inspect, struct file *root,
			       struct file *stress, struct file *memblock,
			       struct file *md,
			       bool (*check_fn)(bool ok, const char *fmt, ...))
{
	size_t size = root->size + 512;
	u8 *fdt = calloc(1, size);
	char name[256];
	int node, rc, fd;

	/* A subtree "../escape" whose blob sits beside the sub directory. */
	fdt_open_into(root->data, fdt, size);
	node = fdt_add_subnode(fdt, 0, "../escape");
	fdt_setprop_u64(fdt, node, KHO_FDT_SUB_TREE_PROP_NAME, 0);
	fdt_setprop_u64(fdt, node, KHO_FDT_SUB_TREE_SIZE_PROP_NAME, 0);
	set_sub_u64(&(struct file){ fdt, size }, "../escape",
		    KHO_FDT_SUB_TREE_PROP_NAME, 0x631000);
	set_sub_u64(&(struct file){ fdt, size }, "../escape",
		    KHO_FDT_SUB_TREE_SIZE_PROP_NAME, memblock->size);
	check_fn(node > 0, "inspect: root FDT with a subtree '../escape'");
	fdt_pack(fdt);
	save("escape.dtb", fdt, fdt_totalsize(fdt));
	save("escape", memblock->data, memblock->size);
	rc = run(inspect, "-s", path_of("sub"), path_of("escape.dtb"), NULL);
	expect(check_fn, rc, 1, "'../escape': the name is not a plain file name",
	       "subtree name that leaves the sub_fdts directory");
	free(fdt);

	/* A FIFO without a writer where the memblock blob should be. */
	write_subs("fifo", stress, memblock, md);
	snprintf(name, sizeof(name), "fifo/%s", "memblock");
	unlink(path_of(name));
	mkfifo(path_of(name), 0600);
	rc = run(inspect, "-s", path_of("fifo"), path_of("root.dtb"), NULL);
	expect(check_fn, rc, 1, "Invalid argument",
	       "FIFO as a subtree blob is an error, not a hang");

	/* A 3 GiB (sparse) file where a 378-byte blob should be. */
	write_subs("huge", stress, memblock, md);
	snprintf(name, sizeof(name), "huge/%s", "memblock");
	fd = open(path_of(name), O_WRONLY | O_TRUNC);
	check_fn(fd >= 0 && !ftruncate(fd, 3ULL << 30),
		 "inspect: 3 GiB sparse file as the memblock blob");
	if (fd >= 0)
		close(fd);
	rc = run(inspect, "-s", path_of("huge"), path_of("root.dtb"), NULL);
	expect(check_fn, rc, 1, "has more than blob-size (378) bytes",
	       "oversized subtree file is refused after blob-size bytes");
}

void kho_inspect_tests(const char *inspect, const char *vectors,
		       bool (*check_fn)(bool ok, const char *fmt, ...))
{
	struct file root, stress, memblock, md, recs, f;
	const char *ram = "--ram=0-0xc0000000";
	u64 far = 0x7fff00000000ULL;
	char cmd[256];
	size_t i;
	int rc;

	vec = vectors;
	if (!check_fn(access(inspect, X_OK) == 0 && mkdtemp(tmp),
		      "inspect: %s is there", inspect))
		return;
	root = load(vec, "root.dtb");
	stress = load(vec, "stress.dtb");
	memblock = load(vec, "memblock.dtb");
	md = load(vec, "kexec-metadata.bin");
	recs = load(vec, "radix-pages.bin");
	if (!check_fn(root.data && stress.data && memblock.data && md.data &&
		      recs.data, "inspect: vectors loaded"))
		return;
	write_subs("sub", &stress, &memblock, &md);
	save("root.dtb", root.data, root.size);
	save("pages.bin", recs.data, recs.size);

	rc = run(inspect, ram, "-s", path_of("sub"), "-p", path_of("pages.bin"),
		 "--fdt-phys", "0x420000", path_of("root.dtb"), NULL);
	expect(check_fn, rc, 0, "no problems found", "vectors pass");
	check_fn(strstr(out, "preserved blocks: 53") &&
		 strstr(out, "\"7.3.4\"") && strstr(out, "khotest") &&
		 strstr(out, "order 10 (   4 MiB): 3"),
		 "inspect: summary shows blocks, orders, metadata, regions");

	/* The debugfs layout: DIR/fdt and DIR/sub_fdts/. */
	mkdir(path_of("kho"), 0755);
	save("kho/fdt", root.data, root.size);
	write_subs("kho/sub_fdts", &stress, &memblock, &md);
	rc = run(inspect, ram, "-p", path_of("pages.bin"), path_of("kho"),
		 NULL);
	expect(check_fn, rc, 0, "no problems found", "debugfs-style directory");

	/* A sparse memory dump holding tree pages and blobs, at a base. */
	for (i = 0; i < recs.size / REC_SIZE; i++) {
		u64 phys;

		memcpy(&phys, recs.data + i * REC_SIZE, 8);
		save_at("mem.img", phys - 0x100000,
			recs.data + i * REC_SIZE + 16, PAGE_SIZE);
	}
	save_at("mem.img", 0xf2e000 - 0x100000, stress.data, stress.size);
	save_at("mem.img", 0x631000 - 0x100000, memblock.data, memblock.size);
	save_at("mem.img", 0x426000 - 0x100000, md.data, md.size);
	rc = run(inspect, ram, "--mem", path_of("mem.img"), "--mem-base",
		 "0x100000", path_of("root.dtb"), NULL);
	expect(check_fn, rc, 0, "read from memory",
	       "memory dump with a base address (blobs read from memory)");
	check_fn(strstr(out, "no problems found") &&
		 strstr(out, "preserved blocks: 53"),
		 "inspect: memory dump gives the same result");

	rc = run(inspect, ram, "-s", path_of("sub"), path_of("root.dtb"),
		 NULL);
	expect(check_fn, rc, 0, "not checked",
	       "no memory source: map reported as not checked");

	/* Corruptions */
	f = load(tmp, "root.dtb");
	patch_string(&f, "kho-v4", "kho-v5");
	save("bad.dtb", f.data, f.size);
	rc = run(inspect, ram, "-s", path_of("sub"), "-p",
		 path_of("pages.bin"), path_of("bad.dtb"), NULL);
	expect(check_fn, rc, 1, "not compatible", "flipped root compatible");
	free(f.data);

	save("short.dtb", root.data, 200);
	rc = run(inspect, ram, path_of("short.dtb"), NULL);
	expect(check_fn, rc, 1, "exceeds", "truncated root FDT");

	save("junk.dtb", recs.data + 16, 4096);
	rc = run(inspect, ram, path_of("junk.dtb"), NULL);
	expect(check_fn, rc, 1, "bad header", "garbage root FDT");

	f = load(vec, "memblock.dtb");
	patch_string(&f, "memblock-v1", "memblock-v9");
	mkdir(path_of("sub2"), 0755);
	write_subs("sub2", &stress, &f, &md);
	rc = run(inspect, ram, "-s", path_of("sub2"), "-p",
		 path_of("pages.bin"), path_of("root.dtb"), NULL);
	expect(check_fn, rc, 1, "memblock-v1", "flipped memblock compatible");
	free(f.data);

	f = load(vec, "memblock.dtb");
	patch_string(&f, "reserve-mem-v1", "reserve-mem-v0");
	write_subs("sub2", &stress, &f, &md);
	rc = run(inspect, ram, "-s", path_of("sub2"), "-p",
		 path_of("pages.bin"), path_of("root.dtb"), NULL);
	expect(check_fn, rc, 1, "reserve-mem-v1",
	       "flipped reserve_mem region compatible");
	free(f.data);

	f = memblock;
	f.size = 200;
	write_subs("sub2", &stress, &f, &md);
	rc = run(inspect, ram, "-s", path_of("sub2"), "-p",
		 path_of("pages.bin"), path_of("root.dtb"), NULL);
	expect(check_fn, rc, 1, "truncated", "truncated memblock blob");

	f = load(vec, "kexec-metadata.bin");
	f.data[0] = 2;
	write_subs("sub2", &stress, &memblock, &f);
	rc = run(inspect, ram, "-s", path_of("sub2"), "-p",
		 path_of("pages.bin"), path_of("root.dtb"), NULL);
	expect(check_fn, rc, 1, "version 2", "kexec metadata version 2");
	free(f.data);

	f = load(tmp, "pages.bin");
	memcpy(f.data + 16, &far, 8);	/* root entry 0 */
	save("bad-pages.bin", f.data, f.size);
	rc = run(inspect, ram, "-s", path_of("sub"), "-p",
		 path_of("bad-pages.bin"), path_of("root.dtb"), NULL);
	expect(check_fn, rc, 1, "is not in RAM",
	       "tree pointer out of RAM");
	free(f.data);

	f = load(tmp, "root.dtb");
	set_sub_u64(&f, "memblock", KHO_FDT_SUB_TREE_PROP_NAME, far);
	save("bad.dtb", f.data, f.size);
	rc = run(inspect, ram, "-s", path_of("sub"), "-p",
		 path_of("pages.bin"), path_of("bad.dtb"), NULL);
	expect(check_fn, rc, 1, "blob [0x7fff00000000+0x17a] is not in RAM",
	       "subtree pointer out of RAM");
	free(f.data);

	f = load(tmp, "root.dtb");
	set_sub_u64(&f, NULL, KHO_FDT_MEMORY_MAP_PROP_NAME, far);
	save("bad.dtb", f.data, f.size);
	rc = run(inspect, ram, "-s", path_of("sub"), "-p",
		 path_of("pages.bin"), path_of("bad.dtb"), NULL);
	expect(check_fn, rc, 1, "map root 0x7fff00000000 is not in RAM",
	       "map root out of RAM");
	free(f.data);

	f = load(tmp, "pages.bin");
	check_fn(clear_block(&f, 0x631000, 0),
		 "inspect: memblock blob's bit cleared in a copy");
	save("bad-pages.bin", f.data, f.size);
	rc = run(inspect, ram, "-s", path_of("sub"), "-p",
		 path_of("bad-pages.bin"), path_of("root.dtb"), NULL);
	expect(check_fn, rc, 1,
	       "subtree 'memblock' blob [0x631000+0x17a] is not marked preserved",
	       "unpreserved subtree blob");
	free(f.data);

	f = load(tmp, "pages.bin");
	clear_block(&f, 0xbb800000, 10);
	save("bad-pages.bin", f.data, f.size);
	rc = run(inspect, ram, "-s", path_of("sub"), "-p",
		 path_of("bad-pages.bin"), path_of("root.dtb"), NULL);
	expect(check_fn, rc, 1, "reserve_mem 'trace'",
	       "unpreserved reserve_mem region");
	free(f.data);

	rc = run(inspect, ram, "-s", path_of("sub"), "-p",
		 path_of("pages.bin"), "--fdt-phys", "0x421000",
		 path_of("root.dtb"), NULL);
	expect(check_fn, rc, 1, "root FDT page", "unpreserved root FDT page");

	/* Found by fuzz_inspect: a map with nodes but no block. */
	f = load(tmp, "root.dtb");
	set_sub_u64(&f, NULL, KHO_FDT_MEMORY_MAP_PROP_NAME, 0x5000000);
	save("bad.dtb", f.data, f.size);
	free(f.data);
	f.size = REC_SIZE;
	f.data = calloc(1, REC_SIZE);
	memcpy(f.data, &(u64){ 0x5000000 }, 8);
	f.data[8] = 5;				/* level */
	save("empty-pages.bin", f.data, f.size);
	free(f.data);
	rc = run(inspect, ram, "-p", path_of("empty-pages.bin"),
		 path_of("bad.dtb"), NULL);
	expect(check_fn, rc, 1, "preserved blocks: 0, 0 B in total",
	       "map without blocks: nothing preserved");

	rc = run(inspect, "--ram=junk", path_of("root.dtb"), NULL);
	expect(check_fn, rc, 2, NULL, "bad option is a usage error");

	hostile_file_tests(inspect, &root, &stress, &memblock, &md, check_fn);

	free(root.data);
	free(stress.data);
	free(memblock.data);
	free(md.data);
	free(recs.data);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd))
		check_fn(false, "inspect: cleanup of %s", tmp);
}

/* ------------------------------------------------------------------ */
/* LUO: the raw blob in hex and decoded, down to the memfd folios */

struct luo_mem {
	u8 *recs;
	size_t size;
};

/* Add the page at @phys with @len bytes of @data (zero-padded). */
static void luo_add_page(struct luo_mem *m, u64 phys, const void *data,
			 size_t len)
{
	u32 level = 0, zero = 0;
	u8 *r;

	m->recs = realloc(m->recs, m->size + REC_SIZE);
	r = m->recs + m->size;
	memset(r, 0, REC_SIZE);
	memcpy(r, &phys, 8);
	memcpy(r + 8, &level, 4);
	memcpy(r + 12, &zero, 4);
	memcpy(r + 16, data, len < PAGE_SIZE ? len : PAGE_SIZE);
	m->size += REC_SIZE;
}

static u64 get64(const u8 *p)
{
	u64 v;

	memcpy(&v, p, 8);
	return v;
}

/*
 * Memory records of the LUO vector: its radix tree plus every page of
 * LUO state published, at the addresses the structures give.
 */
static bool luo_build_mem(const char *luo, struct luo_mem *m, u64 *folio3)
{
	struct file radix = load(luo, "radix-pages.bin");
	struct file ser = load(luo, "luo-ser.bin");
	struct file flb = load(luo, "flb-header.bin");
	struct file sess = load(luo, "sessions-block-0.bin");
	static const char * const tokens[] = { "1111", "2222", "3333" };
	char name[64];
	unsigned int s, t = 0, i;

	if (!radix.data || !ser.data || !flb.data || !sess.data)
		return false;
	m->recs = radix.data;
	m->size = radix.size;
	luo_add_page(m, 0x43a000, ser.data, ser.size);	/* /LUO preserved-data */
	luo_add_page(m, get64(ser.data + 24), flb.data, flb.size);
	luo_add_page(m, get64(ser.data + 16), sess.data, sess.size);
	for (s = 0; s < get64(sess.data + 8); s++) {
		const u8 *e = sess.data + 16 + s * 80;
		struct file files;

		snprintf(name, sizeof(name), "session%u-files-block-0.bin", s);
		files = load(luo, name);
		if (!files.data)
			return false;
		luo_add_page(m, get64(e + 64), files.data, files.size);
		for (i = 0; i < get64(files.data + 8); i++, t++) {
			const u8 *f = files.data + 16 + i * 64;
			struct file mser, chunk, array;

			snprintf(name, sizeof(name), "memfd-%s-ser.bin", tokens[t]);
			mser = load(luo, name);
			if (!mser.data)
				return false;
			luo_add_page(m, get64(f + 48), mser.data, mser.size);
			if (!get64(mser.data + 32)) {	/* folios.first */
				free(mser.data);
				continue;
			}
			snprintf(name, sizeof(name), "memfd-%s-vmalloc-chunk-0.bin",
				 tokens[t]);
			chunk = load(luo, name);
			snprintf(name, sizeof(name), "memfd-%s-folio-array.bin",
				 tokens[t]);
			array = load(luo, name);
			if (!chunk.data || !array.data)
				return false;
			luo_add_page(m, get64(mser.data + 32), chunk.data,
				     chunk.size);
			luo_add_page(m, get64(chunk.data + 8), array.data,
				     array.size);
			if (t == 0)
				*folio3 = (get64(array.data + 48) &
					   ((1ULL << 52) - 1)) << PAGE_SHIFT;
			free(mser.data);
			free(chunk.data);
			free(array.data);
		}
		free(files.data);
	}
	free(ser.data);
	free(flb.data);
	free(sess.data);
	return true;
}

/* Change the u64 at @off of the record of page @phys. */
static bool luo_poke(struct luo_mem *m, u64 phys, size_t off, u64 val)
{
	size_t i;

	for (i = 0; i + REC_SIZE <= m->size; i += REC_SIZE) {
		if (get64(m->recs + i) == phys) {
			memcpy(m->recs + i + 16 + off, &val, 8);
			return true;
		}
	}
	return false;
}

bool kho_luo_vector_records(const char *luo, u8 **recs, size_t *size)
{
	struct luo_mem m = { };
	u64 folio3;

	if (!luo_build_mem(luo, &m, &folio3))
		return false;
	*recs = m.recs;
	*size = m.size;
	return true;
}

void kho_inspect_luo_tests(const char *inspect, const char *luo,
			   bool (*check_fn)(bool ok, const char *fmt, ...))
{
	const char *ram = "--ram=0-0x80000000";
	struct file root = load(luo, "root.dtb");
	struct luo_mem m = { };
	struct file f;
	u64 folio3 = 0;
	char cmd[256];
	int rc;

	if (!check_fn(root.data && luo_build_mem(luo, &m, &folio3) &&
		      (strcmp(tmp, "/tmp/kho-inspect-test-XXXXXX") ?
		       !mkdir(tmp, 0700) : !!mkdtemp(tmp)),
		      "inspect: LUO vector loaded, memory records of its state built"))
		return;
	save("luo-root.dtb", root.data, root.size);
	save("luo-pages.bin", m.recs, m.size);
	rc = run(inspect, ram, "-p", path_of("luo-pages.bin"),
		 path_of("luo-root.dtb"), NULL);
	expect(check_fn, rc, 0, "no problems found",
	       "LUO vector: blob from memory, sessions, files and memfds followed");
	check_fn(strstr(out, "      6c 75 6f 2d 76 35 00 00 01 00 00 00 00 00 00 00\n") &&
		 strstr(out, "luo_ser: compatible \"luo-v5\", liveupdate_num 1, sessions_pa 0x16fe000, flbs_pa 0x43b000") &&
		 strstr(out, "FLB header: pgcnt 1, count 0") &&
		 strstr(out, "session 0 'vec-A': 2 files") &&
		 strstr(out, "session 1 'vec-B': 1 files") &&
		 strstr(out, "file 1: compatible \"memfd-v2\", token 0x2222, data 0x163f000") &&
		 strstr(out, "memfd: pos 0x1234, size 0x4000, seals 0x1, flags 0, 4 folios (vmalloc first 0x166e000, 1 pages, flags 0x1, order 0)") &&
		 strstr(out, "memfd: pos 0, size 0, seals 0x7, flags 0, 0 folios") &&
		 strstr(out, "folio 3: pfn 0x673dc flags 0x3 index 3") &&
		 strstr(out, "memfd: pos 0, size 0x1000, seals 0xe") &&
		 strstr(out, "sessions: 2"),
		 "inspect: LUO blob in hex and decoded: sessions, tokens, memfd size/pos/seals, folios");

	/* A session block with more entries than fit. */
	f = (struct file){ malloc(m.size), m.size };
	memcpy(f.data, m.recs, m.size);
	luo_poke(&(struct luo_mem){ f.data, f.size }, 0x16fe000, 8, 99);
	save("luo-bad.bin", f.data, f.size);
	rc = run(inspect, ram, "-p", path_of("luo-bad.bin"),
		 path_of("luo-root.dtb"), NULL);
	expect(check_fn, rc, 1, "holds 99 entries, at most 51 fit",
	       "LUO session block with 99 entries");

	/* A file block pointer into the blue. */
	memcpy(f.data, m.recs, m.size);
	luo_poke(&(struct luo_mem){ f.data, f.size }, 0x16fe000, 16 + 64,
		 0x7fff0000);
	save("luo-bad.bin", f.data, f.size);
	rc = run(inspect, ram, "-p", path_of("luo-bad.bin"),
		 path_of("luo-root.dtb"), NULL);
	expect(check_fn, rc, 1, "block 0 at 0x7fff0000 is not a preserved page",
	       "LUO file chain pointing at memory that is not preserved");

	/* A file block that points back at itself. */
	memcpy(f.data, m.recs, m.size);
	luo_poke(&(struct luo_mem){ f.data, f.size }, 0x1704000, 0, 0x1704000);
	save("luo-bad.bin", f.data, f.size);
	rc = run(inspect, ram, "-p", path_of("luo-bad.bin"),
		 path_of("luo-root.dtb"), NULL);
	expect(check_fn, rc, 1, "more than 10000 blocks (a loop?)",
	       "LUO file block chain that loops");

	/* Another compatible. */
	memcpy(f.data, m.recs, m.size);
	luo_poke(&(struct luo_mem){ f.data, f.size }, 0x43a000, 0,
		 0x34762d6f756cULL);	/* "luo-v4" */
	save("luo-bad.bin", f.data, f.size);
	rc = run(inspect, ram, "-p", path_of("luo-bad.bin"),
		 path_of("luo-root.dtb"), NULL);
	expect(check_fn, rc, 1, "subtree 'LUO': compatible is not \"luo-v5\"",
	       "LUO blob of another version");

	/* A memfd folio whose page is not preserved. */
	memcpy(f.data, m.recs, m.size);
	check_fn(folio3 == 0x673dc000 && clear_block(&f, folio3, 0),
		 "inspect: memfd folio 3's bit cleared in a copy");
	save("luo-bad.bin", f.data, f.size);
	rc = run(inspect, ram, "-p", path_of("luo-bad.bin"),
		 path_of("luo-root.dtb"), NULL);
	expect(check_fn, rc, 1,
	       "memfd folio 3 at 0x673dc000 is not marked preserved in the map",
	       "LUO memfd folio that is not preserved");
	free(f.data);
	free(m.recs);
	free(root.data);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd))
		check_fn(false, "inspect: cleanup of %s", tmp);
}
