// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the input parsing of tools/kho/kho-inspect. An input is
 * a simulated machine (kho_sim.h); it is turned into the files kho-inspect
 * reads, in a private directory under /dev/shm (or $TMPDIR):
 *
 *   fdt             the root FDT bytes of the input
 *   --ram B+S       each mapped RAM region; none: --iomem of an empty file
 *   --radix-pages   every page the input wrote, as {phys, level, 0, page}
 *                   records; with KHO_SIM_MEM_DUMP instead --mem, a sparse
 *                   raw dump of the 64 MiB from the first page written
 *   --sub-fdts      with KHO_SIM_SUB_FILES, one file per subtree node of
 *                   the root FDT: its blob from memory (at most 64 KiB)
 *   --fdt-phys      with KHO_SIM_FDT_PHYS, hdr.fdt_phys
 *
 * kho-inspect.c is compiled in with its main() renamed, and its global
 * state is reset after each run.
 */
int kho_inspect_main(int argc, char **argv);
#define main kho_inspect_main
#include "../../kho/kho-inspect.c"
#undef main

#include <dirent.h>
#include <linux/memblock.h>

#include "kho_sim.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define DUMP_SPAN	(64ULL << 20)
#define SUB_MAX		65536

static char dir[4096], p_fdt[4200], p_pages[4200], p_mem[4200],
	    p_sub[4200], p_iomem[4200];

/* Write a file; a subtree file may fail (a name too long), no other. */
static void write_file(const char *path, const void *buf, size_t len,
		       bool may_fail)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 && may_fail)
		return;
	if (fd < 0 || (len && write(fd, buf, len) != (ssize_t)len)) {
		perror(path);
		abort();
	}
	close(fd);
}

static int cmp_u64(const void *a, const void *b)
{
	const u64 *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

/* The pages written, sorted, each once. */
static size_t sorted_pages(u64 **out)
{
	const u64 *dirty;
	size_t n = kho_sim_pages(&dirty), i, k = 0;
	u64 *p = malloc((n + 1) * sizeof(*p));

	if (!p)
		abort();
	if (n)		/* no page written yet: @dirty is NULL */
		memcpy(p, dirty, n * sizeof(*p));
	qsort(p, n, sizeof(*p), cmp_u64);
	for (i = 0; i < n; i++)
		if (!k || p[k - 1] != p[i])
			p[k++] = p[i];
	*out = p;
	return k;
}

static void write_radix_pages(const u64 *pages, size_t n)
{
	u8 *buf = malloc(n * REC_SIZE + 1), *r;
	size_t i;

	if (!buf)
		abort();
	for (i = 0, r = buf; i < n; i++, r += REC_SIZE) {
		memset(r, 0, 16);
		memcpy(r, &pages[i], 8);
		memcpy(r + 16, kho_sim_mem_at(pages[i], PAGE_SIZE), PAGE_SIZE);
	}
	write_file(p_pages, buf, n * REC_SIZE, false);
	free(buf);
}

static void write_dump(const u64 *pages, size_t n)
{
	int fd = open(p_mem, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	u64 len = n ? pages[n - 1] - pages[0] + PAGE_SIZE : 0;
	size_t i;

	if (fd < 0 || ftruncate(fd, len < DUMP_SPAN ? len : DUMP_SPAN))
		abort();
	for (i = 0; i < n && pages[i] - pages[0] < DUMP_SPAN; i++)
		if (pwrite(fd, kho_sim_mem_at(pages[i], PAGE_SIZE), PAGE_SIZE,
			   pages[i] - pages[0]) != PAGE_SIZE)
			abort();
	close(fd);
}

/* sub_fdts/NAME for each subtree node of the root FDT that has a blob. */
static void write_subs(const void *fdt, size_t len)
{
	char path[4096];
	int node;

	mkdir(p_sub, 0700);
	if (len < sizeof(struct fdt_header) || fdt_check_header(fdt) ||
	    fdt_totalsize(fdt) > len)
		return;
	fdt_for_each_subnode(node, fdt, 0) {
		const char *name = fdt_get_name(fdt, node, NULL);
		u64 phys, size;
		void *blob;

		if (!name || !plain_file_name(name) ||
		    kho_fdt_get_u64(fdt, node, KHO_FDT_SUB_TREE_PROP_NAME, &phys) ||
		    kho_fdt_get_u64(fdt, node, KHO_FDT_SUB_TREE_SIZE_PROP_NAME,
				    &size))
			continue;
		if (size > SUB_MAX)
			size = SUB_MAX;
		blob = kho_sim_mem_at(phys, size);
		snprintf(path, sizeof(path), "%s/%s", p_sub, name);
		write_file(path, blob, blob ? size : 0, true);
	}
}

/* Empty a directory. */
static void clean(const char *path)
{
	struct dirent *d;
	DIR *dp = opendir(path);
	char p[4096];

	if (!dp)
		return;
	while ((d = readdir(dp))) {
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		snprintf(p, sizeof(p), "%s/%s", path, d->d_name);
		if (unlink(p) && errno == EISDIR)
			clean(p);
		rmdir(p);
	}
	closedir(dp);
}

/* kho-inspect's global state, as before its first run. */
static void inspect_reset(void)
{
	size_t i;

	problems = warnings = 0;
	quiet = false;
	nr_ram = 0;
	ram_known = false;
	if (mem.fd >= 0)
		close(mem.fd);
	for (i = 0; i < mem.nrecs; i++)
		free(mem.recs[i].page);
	free(mem.recs);
	memset(&mem, 0, sizeof(mem));
	mem.fd = -1;
	free(blocks);
	blocks = NULL;
	nr_blocks = cap_blocks = nr_nodes = 0;
	memset(per_order, 0, sizeof(per_order));
	free(spans);
	spans = NULL;
	nr_spans = 0;
	map_walked = false;
	sub_dir = NULL;
	kho_shim_log_hook = NULL;
	optind = 0;		/* glibc: start getopt over */
}

static void remove_dir(void)
{
	clean(dir);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = access("/dev/shm", W_OK) ? getenv("TMPDIR") : "/dev/shm";

	snprintf(dir, sizeof(dir), "%s/fuzz_inspect.XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror(dir);
		abort();
	}
	atexit(remove_dir);
	snprintf(p_fdt, sizeof(p_fdt), "%s/fdt", dir);
	snprintf(p_pages, sizeof(p_pages), "%s/pages", dir);
	snprintf(p_mem, sizeof(p_mem), "%s/mem", dir);
	snprintf(p_sub, sizeof(p_sub), "%s/sub", dir);
	snprintf(p_iomem, sizeof(p_iomem), "%s/iomem", dir);
	/* kho-inspect's report: not wanted, only the code that makes it. */
	if (!freopen("/dev/null", "w", stdout))
		abort();
	kho_shim_quiet = 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char ram_args[KHO_SIM_NR_RAM][48], fdt_phys[24];
	char *args[32];
	const struct kho_sim_hdr *hdr;
	const u8 *fdt;
	unsigned int i;
	size_t nrecs, n;
	int argc = 0;
	u64 *pages;

	hdr = kho_sim_load(data, size, &fdt, &nrecs);
	if (!hdr)
		return 0;
	write_file(p_fdt, fdt, hdr->fdt_bytes, false);
	args[argc++] = "kho-inspect";
	for (i = 0; i < kho_sim_nr_mem; i++) {
		if (kho_sim_mem[i].flags & MEMBLOCK_NOMAP)
			continue;
		snprintf(ram_args[i], sizeof(ram_args[i]), "%#llx+%#llx",
			 (u64)kho_sim_mem[i].base, (u64)kho_sim_mem[i].size);
		args[argc++] = "--ram";
		args[argc++] = ram_args[i];
	}
	if (argc == 1) {
		write_file(p_iomem, NULL, 0, false);
		args[argc++] = "--iomem";
		args[argc++] = p_iomem;
	}
	n = sorted_pages(&pages);
	if (hdr->flags & KHO_SIM_MEM_DUMP) {
		static char base[24];

		write_dump(pages, n);
		snprintf(base, sizeof(base), "%#llx", n ? pages[0] : 0);
		args[argc++] = "--mem";
		args[argc++] = p_mem;
		args[argc++] = "--mem-base";
		args[argc++] = base;
	} else if (n) {
		write_radix_pages(pages, n);
		args[argc++] = "--radix-pages";
		args[argc++] = p_pages;
	}
	free(pages);
	if (hdr->flags & KHO_SIM_SUB_FILES) {
		write_subs(fdt, hdr->fdt_bytes);
		args[argc++] = "--sub-fdts";
		args[argc++] = p_sub;
	}
	if (hdr->flags & KHO_SIM_FDT_PHYS) {
		snprintf(fdt_phys, sizeof(fdt_phys), "%#llx", hdr->fdt_phys);
		args[argc++] = "--fdt-phys";
		args[argc++] = fdt_phys;
	}
	args[argc++] = p_fdt;
	args[argc] = NULL;
	kho_sim_unload();

	kho_inspect_main(argc, args);
	fflush(stdout);
	inspect_reset();
	/* The other files are rewritten, or not passed, next time. */
	clean(p_sub);
	rmdir(p_sub);
	return 0;
}
