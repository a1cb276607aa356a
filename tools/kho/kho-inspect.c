// SPDX-License-Identifier: GPL-2.0
/*
 * kho-inspect: offline validator of a Kexec HandOver (KHO) handover.
 *
 * Reads a KHO root FDT (e.g. /sys/kernel/debug/kho/out/fdt or in/fdt), its
 * subtree blobs (a sub_fdts directory) and optionally the memory that holds
 * the preserved-memory map, checks everything against the kho-v4 wire format
 * with the same code as the kernel (kernel/kexec_handover_fdt.c and
 * kernel/kexec_handover_radix.c, built against the host shim of
 * tools/testing/kho) and prints a summary. Exit status: 0 when no problem
 * was found, 1 when there were problems, 2 for usage or I/O errors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libfdt.h>

#include <asm/page.h>
#include <linux/err.h>
#include <linux/kho/abi/kexec_handover.h>
#include <linux/kho/abi/kexec_metadata.h>
#include <linux/kho/abi/kstate.h>
#include <linux/kho/abi/luo.h>
#include <linux/kho/abi/memblock.h>
#include <linux/kho/abi/memfd.h>

#include "kexec_handover_internal.h"
#include "kexec_handover_fdt.h"
#include "kho_shim.h"

#define MAX_RAM		256
#define MAX_ORDERS	64
#define REC_SIZE	(16 + PAGE_SIZE)
/* Largest file read: a root FDT is one page, blobs are capped below. */
#define MAX_FDT_FILE	(1UL << 20)
#define MAX_BLOB	(64UL << 20)
#define MAX_RECS_FILE	(1UL << 32)

static int problems, warnings;
static bool quiet;

static __printf(1, 2) void problem(const char *fmt, ...)
{
	va_list ap;

	printf("PROBLEM: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	problems++;
}

static __printf(1, 2) void warning(const char *fmt, ...)
{
	va_list ap;

	printf("WARNING: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	warnings++;
}

static __printf(1, 2) void info(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

/* The shared kernel code reports problems with pr_err(). */
static void log_hook(const char *level, const char *msg)
{
	size_t len = strcspn(msg, "\n");

	if (!strcmp(level, "err"))
		problem("%.*s", (int)len, msg);
	else
		warning("%.*s", (int)len, msg);
}

static const char *human(u64 bytes)
{
	static char buf[4][32];
	static int i;
	static const char * const unit[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
	int u = 0;
	u64 v = bytes;

	i = (i + 1) % 4;
	while (v >= 1024 && !(v % 1024) && u < 5) {
		v /= 1024;
		u++;
	}
	snprintf(buf[i], sizeof(buf[i]), "%llu %s", v, unit[u]);
	return buf[i];
}

/*
 * Read a whole regular file of at most @max bytes. The files come from a
 * handover's debugfs copy or from whoever made the dump: a FIFO, a device
 * or an endless file gets an error (errno EINVAL or EFBIG), not a hang.
 */
static u8 *read_file(const char *path, size_t max, size_t *size)
{
	size_t cap = 65536, len = 0;
	struct stat st;
	u8 *buf = NULL;
	ssize_t n;
	int fd;

	/* O_NONBLOCK: opening a FIFO without a writer must not block. */
	fd = open(path, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return NULL;
	}
	/* debugfs files report no size: read until EOF, at most @max + 1. */
	do {
		if (len == cap || !buf) {
			u8 *nbuf;

			cap = buf ? cap * 2 : cap;
			nbuf = realloc(buf, cap);
			if (!nbuf)
				goto fail;
			buf = nbuf;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0)
			goto fail;
		len += n;
		if (len > max) {
			errno = EFBIG;
			goto fail;
		}
	} while (n > 0);
	close(fd);
	*size = len;
	return buf;
fail:
	n = errno;
	free(buf);
	close(fd);
	errno = n;
	return NULL;
}

/*
 * A subtree name from the handover, used as a file name in the sub_fdts
 * directory: it must name a file in that directory and nothing else.
 */
static bool plain_file_name(const char *name)
{
	return *name && strcmp(name, ".") && strcmp(name, "..") &&
	       !strchr(name, '/');
}

/* ------------------------------------------------------------------ */
/* RAM layout */

static struct { u64 start, end; } ram[MAX_RAM];	/* end exclusive */
static int nr_ram;
static bool ram_known;

static bool in_ram(u64 phys, u64 size)
{
	int i;

	if (!size || phys + size < phys)
		return false;
	if (!ram_known)
		return true;
	for (i = 0; i < nr_ram; i++)
		if (phys >= ram[i].start && phys + size <= ram[i].end)
			return true;
	return false;
}

static bool add_ram(u64 start, u64 end)
{
	if (nr_ram == MAX_RAM || end <= start)
		return false;
	ram[nr_ram].start = start;
	ram[nr_ram].end = end;
	nr_ram++;
	ram_known = true;
	return true;
}

/* START-END, END exclusive; or START+SIZE. */
static bool parse_range(const char *s, u64 *start, u64 *end)
{
	char *p;

	errno = 0;
	*start = strtoull(s, &p, 0);
	if (errno || (*p != '-' && *p != '+'))
		return false;
	*end = strtoull(p + 1, &p, 0);
	if (errno || *p)
		return false;
	if (s[strcspn(s, "-+")] == '+')
		*end += *start;
	return *end > *start;
}

/* Top-level "System RAM" lines of /proc/iomem (inclusive ends). */
static void read_iomem(const char *path, bool explicit)
{
	char line[256];
	FILE *f = fopen(path, "r");
	int found = 0;

	if (!f) {
		if (explicit)
			warning("cannot read %s: %s", path, strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		unsigned long long a, b;
		char name[128];

		if (line[0] == ' ' ||
		    sscanf(line, "%llx-%llx : %127[^\n]", &a, &b, name) != 3 ||
		    strcmp(name, "System RAM"))
			continue;
		if (a == 0 && b == 0)
			continue;	/* addresses hidden from non-root */
		if (add_ram(a, b + 1))
			found++;
	}
	fclose(f);
	if (!found && explicit)
		warning("no usable \"System RAM\" line in %s", path);
}

/* ------------------------------------------------------------------ */
/* Memory sources: a file at a base address (/dev/mem, a dump) or records */

static struct {
	int fd;
	u64 base, size;		/* size ~0: unknown (a device) */
	const char *name;
	struct { u64 phys; u8 *page; } *recs;
	size_t nrecs;
} mem = { .fd = -1 };

static bool mem_available(void)
{
	return mem.fd >= 0 || mem.nrecs;
}

/* Copy [phys, phys + len) from the memory source; false if unavailable. */
static bool mem_read(u64 phys, void *buf, size_t len)
{
	size_t i;

	if (mem.fd >= 0) {
		ssize_t n;

		if (phys < mem.base || phys - mem.base > mem.size ||
		    len > mem.size - (phys - mem.base))
			return false;
		n = pread(mem.fd, buf, len, phys - mem.base);
		return n == (ssize_t)len;
	}
	/* Records: whole pages only, which is all the tree needs. */
	while (len) {
		u64 page = phys & PAGE_MASK;
		size_t off = phys - page, n = PAGE_SIZE - off;

		if (n > len)
			n = len;
		for (i = 0; i < mem.nrecs; i++)
			if (mem.recs[i].phys == page)
				break;
		if (i == mem.nrecs)
			return false;
		memcpy(buf, mem.recs[i].page + off, n);
		buf = (u8 *)buf + n;
		phys += n;
		len -= n;
	}
	return true;
}

static bool load_records(const char *path)
{
	size_t size, i;
	u8 *buf = read_file(path, MAX_RECS_FILE, &size);

	if (!buf)
		return false;
	if (!size || size % REC_SIZE) {
		free(buf);
		errno = EINVAL;
		return false;
	}
	mem.nrecs = size / REC_SIZE;
	mem.recs = calloc(mem.nrecs, sizeof(*mem.recs));
	for (i = 0; i < mem.nrecs; i++) {
		memcpy(&mem.recs[i].phys, buf + i * REC_SIZE, 8);
		mem.recs[i].page = malloc(PAGE_SIZE);
		memcpy(mem.recs[i].page, buf + i * REC_SIZE + 16, PAGE_SIZE);
	}
	free(buf);
	mem.name = path;
	return true;
}

static bool open_mem(const char *path, u64 base)
{
	struct stat st;

	mem.fd = open(path, O_RDONLY);
	if (mem.fd < 0 || fstat(mem.fd, &st))
		return false;
	mem.base = base;
	mem.size = S_ISREG(st.st_mode) ? (u64)st.st_size : ~0ULL - base;
	mem.name = path;
	return true;
}

/* ------------------------------------------------------------------ */
/* Preserved-memory map */

struct block {
	u64 phys;
	unsigned int order;
};

static struct block *blocks;
static size_t nr_blocks, cap_blocks, nr_nodes;
static unsigned long per_order[MAX_ORDERS];
static struct { u64 start, end; } *spans;	/* merged, sorted */
static size_t nr_spans;
static bool map_walked;

static const void *walk_map(phys_addr_t phys, void *arg)
{
	void *page = malloc(PAGE_SIZE);

	if (page && !mem_read(phys, page, PAGE_SIZE)) {
		free(page);
		return NULL;
	}
	return page;
}

static void walk_unmap(const void *virt, void *arg)
{
	free((void *)virt);
}

static bool walk_valid(phys_addr_t phys, u64 size, void *arg)
{
	return in_ram(phys, size);
}

static int walk_node(phys_addr_t phys, unsigned int level, void *arg)
{
	nr_nodes++;
	return 0;
}

static int walk_block(phys_addr_t phys, unsigned int order, void *arg)
{
	if (nr_blocks == cap_blocks) {
		cap_blocks = cap_blocks ? cap_blocks * 2 : 1024;
		blocks = realloc(blocks, cap_blocks * sizeof(*blocks));
		if (!blocks)
			return -ENOMEM;
	}
	blocks[nr_blocks].phys = phys;
	blocks[nr_blocks].order = order;
	nr_blocks++;
	per_order[order]++;
	return 0;
}

static int cmp_block(const void *a, const void *b)
{
	const struct block *x = a, *y = b;

	return x->phys < y->phys ? -1 : x->phys > y->phys;
}

/* Sort the blocks, merge them into spans and report overlaps. */
static void build_spans(void)
{
	size_t i, overlaps = 0;

	if (nr_blocks)		/* a map of empty nodes has none (NULL) */
		qsort(blocks, nr_blocks, sizeof(*blocks), cmp_block);
	spans = calloc(nr_blocks + 1, sizeof(*spans));
	for (i = 0; i < nr_blocks; i++) {
		u64 start = blocks[i].phys;
		u64 end = start + (PAGE_SIZE << blocks[i].order);

		if (nr_spans && start < spans[nr_spans - 1].end) {
			if (!overlaps++)
				warning("preserved block %#llx order %u overlaps another block",
					start, blocks[i].order);
			if (end > spans[nr_spans - 1].end)
				spans[nr_spans - 1].end = end;
		} else if (nr_spans && start == spans[nr_spans - 1].end) {
			spans[nr_spans - 1].end = end;
		} else {
			spans[nr_spans].start = start;
			spans[nr_spans].end = end;
			nr_spans++;
		}
	}
	if (overlaps > 1)
		warning("%zu preserved blocks overlap others", overlaps);
}

/* Whether [phys, phys + size) lies in preserved memory. */
static bool preserved(u64 phys, u64 size)
{
	size_t lo = 0, hi = nr_spans;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (spans[mid].end <= phys)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < nr_spans && spans[lo].start <= phys &&
	       size <= spans[lo].end - phys;
}

/* Check that a range is preserved, if the map could be read at all. */
static void check_preserved(const char *what, u64 phys, u64 size)
{
	if (map_walked && !preserved(phys, size))
		problem("%s [%#llx+%#llx] is not marked preserved in the map",
			what, phys, size);
}

static void walk_map_tree(phys_addr_t root)
{
	struct kho_radix_walk_ops ops = {
		.map = walk_map,
		.unmap = walk_unmap,
		.valid = walk_valid,
		.node = walk_node,
		.block = walk_block,
	};
	/* Distinct pages: no tree has more nodes than the dump. */
	unsigned long max_nodes = mem.nrecs ? mem.nrecs : 1UL << 22;
	u64 total = 0;
	int i, ret;

	if (!root) {
		info("preserved-memory map: empty (no memory preserved)\n");
		map_walked = true;
		return;
	}
	if (!mem_available()) {
		info("preserved-memory map: root %#llx, not checked (no --mem or --radix-pages)\n",
		     (u64)root);
		return;
	}
	ret = kho_radix_walk(root, &ops, max_nodes, NULL);
	if (ret) {
		if (ret != -EINVAL && ret != -E2BIG)
			problem("preserved-memory map: walk failed (%d)", ret);
		return;
	}
	map_walked = true;
	build_spans();
	for (i = 0; i < MAX_ORDERS; i++)
		total += (u64)per_order[i] * (PAGE_SIZE << i);
	info("preserved-memory map: root %#llx, %zu node pages (from %s)\n",
	     (u64)root, nr_nodes, mem.name);
	info("preserved blocks: %zu, %s in total (%#llx bytes), %zu ranges\n",
	     nr_blocks, human(total), total, nr_spans);
	for (i = 0; i < MAX_ORDERS; i++)
		if (per_order[i])
			info("  order %2d (%8s): %lu\n", i,
			     human(PAGE_SIZE << i), per_order[i]);
}

/* ------------------------------------------------------------------ */
/* Subtrees */

static const char *sub_dir;

/* The blob of a subtree, from the sub_fdts directory or from memory. */
static u8 *load_blob(const char *name, u64 phys, u64 size, const char **from)
{
	char path[4096];
	size_t len;
	u8 *buf;

	if (sub_dir) {
		if (!plain_file_name(name)) {
			problem("subtree '%s': the name is not a plain file name, not reading it from %s",
				name, sub_dir);
			return NULL;
		}
		if (size > MAX_BLOB) {
			problem("subtree '%s': blob-size %llu is over %lu bytes, not reading it",
				name, size, MAX_BLOB);
			return NULL;
		}
		snprintf(path, sizeof(path), "%s/%s", sub_dir, name);
		buf = read_file(path, size, &len);
		if (!buf && errno == EFBIG) {
			problem("subtree '%s': %s has more than blob-size (%llu) bytes",
				name, path, size);
			return NULL;
		}
		if (!buf) {
			problem("subtree '%s': cannot read %s: %s", name, path,
				strerror(errno));
			return NULL;
		}
		if (len != size) {
			problem("subtree '%s': %s has %zu bytes, blob-size is %llu (truncated?)",
				name, path, len, size);
			free(buf);
			return NULL;
		}
		*from = "file";
		return buf;
	}
	if (!mem_available() || size > MAX_BLOB)
		return NULL;
	buf = malloc(size);
	if (buf && !mem_read(phys, buf, size)) {
		free(buf);
		return NULL;
	}
	*from = "memory";
	return buf;
}

/* An FDT blob: check its header against the blob size. */
static bool blob_fdt_ok(const char *name, const u8 *blob, u64 size)
{
	int err;

	if (size < sizeof(struct fdt_header)) {
		problem("subtree '%s': %llu bytes is too small for an FDT",
			name, size);
		return false;
	}
	err = fdt_check_header(blob);
	if (err) {
		problem("subtree '%s': bad FDT header (%s)", name,
			fdt_strerror(err));
		return false;
	}
	if (fdt_totalsize(blob) > size) {
		problem("subtree '%s': FDT size %u exceeds blob-size %llu",
			name, fdt_totalsize(blob), size);
		return false;
	}
	return true;
}

static bool get_u64(const void *fdt, int node, const char *prop, u64 *val,
		    const char *where)
{
	const void *p;
	int len;

	p = fdt_getprop(fdt, node, prop, &len);
	if (!p || len != 8) {
		problem("%s: property '%s' %s", where, prop,
			p ? "is not 8 bytes" : "missing");
		return false;
	}
	memcpy(val, p, 8);
	return true;
}

static void inspect_memblock(const u8 *blob, u64 size)
{
	int node, n = 0;

	if (!blob_fdt_ok(MEMBLOCK_KHO_FDT, blob, size))
		return;
	if (fdt_node_check_compatible(blob, 0, MEMBLOCK_KHO_NODE_COMPATIBLE)) {
		problem("subtree '%s': root is not compatible with \"%s\"",
			MEMBLOCK_KHO_FDT, MEMBLOCK_KHO_NODE_COMPATIBLE);
		return;
	}
	fdt_for_each_subnode(node, blob, 0) {
		const char *rname = fdt_get_name(blob, node, NULL);
		char where[128];
		u64 start, len;

		snprintf(where, sizeof(where), "reserve_mem '%s'",
			 rname ? rname : "?");
		n++;
		if (fdt_node_check_compatible(blob, node,
					      RESERVE_MEM_KHO_NODE_COMPATIBLE)) {
			problem("%s: not compatible with \"%s\"", where,
				RESERVE_MEM_KHO_NODE_COMPATIBLE);
			continue;
		}
		if (fdt_first_subnode(blob, node) >= 0)
			problem("%s: unexpected child node", where);
		if (!get_u64(blob, node, RESERVE_MEM_KHO_START_PROP, &start,
			     where) ||
		    !get_u64(blob, node, RESERVE_MEM_KHO_SIZE_PROP, &len, where))
			continue;
		info("    reserve_mem %-16s start %#12llx  size %#10llx (%s)\n",
		     rname ? rname : "?", start, len, human(len));
		if (!len || start % PAGE_SIZE || len % PAGE_SIZE)
			problem("%s: start %#llx size %#llx is empty or not page aligned",
				where, start, len);
		else if (!in_ram(start, len))
			problem("%s: [%#llx+%#llx] is not in RAM",
				where, start, len);
		else
			check_preserved(where, start, len);
	}
	if (node != -FDT_ERR_NOTFOUND)
		problem("subtree '%s': malformed FDT structure (%s)",
			MEMBLOCK_KHO_FDT, fdt_strerror(node));
	if (!n)
		info("    no reserve_mem regions\n");
}

static void inspect_metadata(const u8 *blob, u64 size)
{
	struct kho_kexec_metadata md;

	if (size != sizeof(md)) {
		problem("subtree '%s': %llu bytes, expected %zu",
			KHO_KEXEC_METADATA_NODE, size, sizeof(md));
		return;
	}
	memcpy(&md, blob, sizeof(md));
	if (md.version != KHO_KEXEC_METADATA_VERSION) {
		problem("subtree '%s': version %u, expected %u",
			KHO_KEXEC_METADATA_NODE, md.version,
			KHO_KEXEC_METADATA_VERSION);
		return;
	}
	if (!memchr(md.previous_release, 0, sizeof(md.previous_release))) {
		problem("subtree '%s': previous_release is not NUL-terminated",
			KHO_KEXEC_METADATA_NODE);
		return;
	}
	info("    version %u, previous release \"%s\", kexec count %u\n",
	     md.version, md.previous_release, md.kexec_count);
	if (!md.kexec_count)
		problem("subtree '%s': kexec_count is 0",
			KHO_KEXEC_METADATA_NODE);
}

/*
 * KSTATE (include/linux/kho/abi/kstate.h): one node per object with id and
 * version, one property per field. The layout of each description is known
 * to its kernel only, so values are printed by their size; a 16-byte value
 * that is a valid struct kstate_mem_ser is taken for a folio or page run
 * and checked against the map.
 */
#define KSTATE_MAX_DEPTH	8
#define KSTATE_MAX_ORDER	20

static bool kstate_printable(const u8 *v, int len)
{
	int i;

	if (len < 2 || v[len - 1])
		return false;
	for (i = 0; i < len - 1; i++)
		if (v[i] < 0x20 || v[i] > 0x7e)
			return false;
	return true;
}

static bool kstate_is_mem(const u8 *v, int len, struct kstate_mem_ser *ser)
{
	if (len != sizeof(*ser))
		return false;
	memcpy(ser, v, sizeof(*ser));
	return !(ser->flags & ~KSTATE_MEM_FLAGS) &&
	       ser->order <= KSTATE_MAX_ORDER &&
	       !(ser->phys % (PAGE_SIZE << (ser->flags ? 0 : ser->order)));
}

static void kstate_print_prop(const char *where, const char *name,
			      const u8 *v, int len, int depth)
{
	struct kstate_mem_ser ser;
	u64 x = 0;
	int i;

	info("    %*s%-16s %4d  ", 2 * depth, "", name, len);
	if (!len) {
		info("(empty)\n");
	} else if (kstate_is_mem(v, len, &ser)) {
		if (!ser.phys) {
			info("%s NULL\n", ser.flags ? "pages" : "folio");
			return;
		}
		info("%s phys %#llx order %u (%s)\n",
		     ser.flags ? "pages" : "folio", (unsigned long long)ser.phys,
		     ser.order, human(PAGE_SIZE << ser.order));
		if (in_ram(ser.phys, PAGE_SIZE << ser.order)) {
			char what[300];

			snprintf(what, sizeof(what), "kstate %s.%s", where, name);
			check_preserved(what, ser.phys, PAGE_SIZE << ser.order);
		} else {
			problem("kstate %s.%s: memory [%#llx+%#lx] is not in RAM",
				where, name, (unsigned long long)ser.phys,
				PAGE_SIZE << ser.order);
		}
	} else if (len == 1 || len == 2 || len == 4 || len == 8) {
		for (i = len - 1; i >= 0; i--)
			x = x << 8 | v[i];
		info("%#llx (%llu)\n", (unsigned long long)x,
		     (unsigned long long)x);
	} else if (kstate_printable(v, len)) {
		info("\"%s\"\n", (const char *)v);
	} else {
		info("[");
		for (i = 0; i < len && i < 16; i++)
			info("%s%02x", i ? " " : "", v[i]);
		info("%s]\n", len > 16 ? " ..." : "");
	}
}

static bool kstate_get_u32(const void *fdt, int node, const char *prop,
			   u32 *val, const char *where)
{
	const void *p;
	int len;

	p = fdt_getprop(fdt, node, prop, &len);
	if (!p || len != 4) {
		problem("kstate %s: property '%s' %s", where, prop,
			p ? "is not 4 bytes" : "missing");
		return false;
	}
	memcpy(val, p, 4);
	return true;
}

/* Print and check a node of an object (the object, a struct, a subsection). */
static void kstate_node(const void *fdt, int node, const char *where,
			int depth)
{
	const char *pname, *cname;
	const u8 *v;
	char cwhere[512];
	u32 id, version;
	int prop, len, child;

	if (kstate_get_u32(fdt, node, KSTATE_PROP_ID, &id, where) &&
	    kstate_get_u32(fdt, node, KSTATE_PROP_VERSION, &version, where))
		info("    %*s%s: id %#x version %u\n", 2 * depth, "", where,
		     id, version);
	fdt_for_each_property_offset(prop, fdt, node) {
		v = fdt_getprop_by_offset(fdt, prop, &pname, &len);
		if (!v || !pname) {
			problem("kstate %s: unreadable property (%s)", where,
				fdt_strerror(len));
			return;
		}
		if (!strcmp(pname, KSTATE_PROP_ID) ||
		    !strcmp(pname, KSTATE_PROP_VERSION))
			continue;
		kstate_print_prop(where, pname, v, len, depth + 1);
	}
	if (prop != -FDT_ERR_NOTFOUND)
		problem("kstate %s: malformed properties (%s)", where,
			fdt_strerror(prop));
	fdt_for_each_subnode(child, fdt, node) {
		cname = fdt_get_name(fdt, child, NULL);
		snprintf(cwhere, sizeof(cwhere), "%s/%s", where,
			 cname ? cname : "?");
		if (depth + 1 >= KSTATE_MAX_DEPTH) {
			problem("kstate %s: nested deeper than %d", cwhere,
				KSTATE_MAX_DEPTH);
			return;
		}
		kstate_node(fdt, child, cwhere, depth + 1);
	}
	if (child != -FDT_ERR_NOTFOUND)
		problem("kstate %s: malformed child nodes (%s)", where,
			fdt_strerror(child));
}

static void inspect_kstate(const u8 *blob, u64 size)
{
	struct { u32 id, instance; } seen[1024];
	int node, n = 0, i;

	if (!blob_fdt_ok(KSTATE_KHO_NODE, blob, size))
		return;
	if (fdt_node_check_compatible(blob, 0, KSTATE_COMPATIBLE)) {
		problem("subtree '%s': root is not compatible with \"%s\"",
			KSTATE_KHO_NODE, KSTATE_COMPATIBLE);
		return;
	}
	fdt_for_each_subnode(node, blob, 0) {
		const char *name = fdt_get_name(blob, node, NULL);
		const char *at = name ? strchr(name, '@') : NULL;
		unsigned long inst;
		char *end;
		u32 id;

		if (!at || !at[1]) {
			problem("kstate object '%s': no @<instance> in the name",
				name ? name : "?");
			continue;
		}
		errno = 0;
		inst = strtoul(at + 1, &end, 16);
		if (*end || errno || inst > 0xffffffffUL)
			problem("kstate object '%s': bad instance", name);
		if (kstate_get_u32(blob, node, KSTATE_PROP_ID, &id, name)) {
			for (i = 0; i < n && i < 1024; i++)
				if (seen[i].id == id && seen[i].instance == inst)
					problem("kstate object '%s': id %#x instance %#lx appears twice",
						name, id, inst);
			if (n < 1024)
				seen[n] = (typeof(seen[0])){ id, inst };
		}
		n++;
		kstate_node(blob, node, name, 0);
	}
	if (node != -FDT_ERR_NOTFOUND)
		problem("subtree '%s': malformed FDT structure (%s)",
			KSTATE_KHO_NODE, fdt_strerror(node));
	info("    %d kstate object%s\n", n, n == 1 ? "" : "s");
}

/* ------------------------------------------------------------------ */
/* Raw blobs: hex, and LUO with its sessions, files and memfds */

/* Hex dump of at most 256 bytes of a blob, 16 per line. */
static void hexdump(const u8 *blob, u64 size)
{
	u64 i, n = size < 256 ? size : 256;

	for (i = 0; i < n; i++)
		info("%s%02x%s", i % 16 ? " " : "      ", blob[i],
		     i % 16 == 15 || i == n - 1 ? "\n" : "");
	if (n < size)
		info("      ... (%llu more bytes)\n", size - n);
}

/* Memory a LUO structure may point at: RAM, preserved if the map is known. */
static bool luo_valid(phys_addr_t phys, u64 size, void *arg)
{
	return in_ram(phys, size) && (!map_walked || preserved(phys, size));
}

/* Read [phys, phys + size) that a LUO structure points at, as @what. */
static bool luo_read(const char *what, u64 phys, void *buf, size_t size)
{
	if (!luo_valid(phys, size, NULL)) {
		problem("%s [%#llx+%#zx] is not %s", what, phys, size,
			in_ram(phys, size) ? "marked preserved in the map" :
			"in RAM");
		return false;
	}
	if (!mem_read(phys, buf, size)) {
		problem("%s [%#llx+%#zx] is not in the memory read", what,
			phys, size);
		return false;
	}
	return true;
}

/* Folios printed per memfd; the rest are checked and counted. */
#define LUO_MAX_FOLIOS_SHOWN	16

struct luo_memfd_walk {
	u64 nr_folios;
	u64 index;		/* folio entries read so far */
	u64 shown;
	unsigned int order;
};

static int luo_memfd_group(phys_addr_t phys, u64 index, void *arg)
{
	struct luo_memfd_walk *w = arg;
	u64 per = (PAGE_SIZE << w->order) / sizeof(struct memfd_luo_folio_ser);
	struct memfd_luo_folio_ser f;
	u64 i;

	for (i = 0; i < per && w->index < w->nr_folios; i++, w->index++) {
		if (!mem_read(phys + i * sizeof(f), &f, sizeof(f))) {
			problem("memfd folio array [%#llx] is not in the memory read",
				(u64)phys);
			return -EINVAL;
		}
		if (w->shown++ < LUO_MAX_FOLIOS_SHOWN)
			info("            folio %llu: pfn %#llx flags %#x index %llu\n",
			     w->index, (u64)f.pfn, (unsigned int)f.flags,
			     (u64)f.index);
		if (map_walked && !preserved((u64)f.pfn << PAGE_SHIFT, PAGE_SIZE))
			problem("memfd folio %llu at %#llx is not marked preserved in the map",
				w->index, (u64)f.pfn << PAGE_SHIFT);
	}
	return 0;
}

static void inspect_memfd(u64 data)
{
	struct luo_memfd_walk w = { };
	struct kho_vmalloc_walk_ops ops = {
		.map = walk_map,
		.unmap = walk_unmap,
		.valid = luo_valid,
		.group = luo_memfd_group,
	};
	struct memfd_luo_ser ser;
	struct kho_vmalloc v;
	long ret;

	if (!luo_read("memfd_luo_ser", data, &ser, sizeof(ser)))
		return;
	v = ser.folios;
	info("          memfd: pos %#llx, size %#llx, seals %#x, flags %#x, %llu folios (vmalloc first %#llx, %u pages, flags %#x, order %u)\n",
	     (u64)ser.pos, (u64)ser.size, ser.seals, ser.flags,
	     (u64)ser.nr_folios, (u64)v.first, v.total_pages, v.flags,
	     v.order);
	if (ser.seals & ~MEMFD_LUO_SEALS_MASK)
		problem("memfd at %#llx: seals %#x outside %#x", data,
			ser.seals, MEMFD_LUO_SEALS_MASK);
	if (ser.nr_folios * sizeof(struct memfd_luo_folio_ser) >
	    ((u64)v.total_pages << PAGE_SHIFT)) {
		problem("memfd at %#llx: %llu folios do not fit in %u pages",
			data, (u64)ser.nr_folios, v.total_pages);
		return;
	}
	w.nr_folios = ser.nr_folios;
	w.order = v.order;
	ret = kho_vmalloc_walk(&v, &ops, &w);
	if (ret >= 0 && w.index != ser.nr_folios)
		problem("memfd at %#llx: %llu of %llu folio entries read", data,
			w.index, (u64)ser.nr_folios);
	if (w.shown > LUO_MAX_FOLIOS_SHOWN)
		info("            ... (%llu more folios)\n",
		     w.shown - LUO_MAX_FOLIOS_SHOWN);
}

static int luo_file_entry(const void *entry, u64 index, void *arg)
{
	const struct luo_file_ser *f = entry;
	char compat[LUO_HANDLER_COMPATIBLE_LEN + 1] = { };

	memcpy(compat, f->compatible, sizeof(f->compatible));
	info("        file %llu: compatible \"%s\", token %#llx, data %#llx\n",
	     index, compat, (u64)f->token, (u64)f->data);
	if (!strcmp(compat, MEMFD_LUO_COMPATIBLE))
		inspect_memfd(f->data);
	return 0;
}

static int luo_session_entry(const void *entry, u64 index, void *arg)
{
	const struct kho_blocks_walk_ops files_ops = {
		.map = walk_map,
		.unmap = walk_unmap,
		.valid = luo_valid,
		.entry = luo_file_entry,
	};
	const struct luo_session_ser *s = entry;
	char name[LUO_SESSION_NAME_LEN + 1] = { };
	long ret;

	memcpy(name, s->name, sizeof(s->name));
	info("      session %llu '%s': %llu files, file blocks at %#llx\n",
	     index, name, (u64)s->file_set_ser.count,
	     (u64)s->file_set_ser.files);
	ret = kho_blocks_walk(s->file_set_ser.files, sizeof(struct luo_file_ser),
			      &files_ops, NULL);
	if (ret >= 0 && (u64)ret != s->file_set_ser.count)
		problem("LUO session '%s': %ld files in its blocks, count says %llu",
			name, ret, (u64)s->file_set_ser.count);
	return 0;
}

static void inspect_luo(const u8 *blob, u64 size)
{
	const struct kho_blocks_walk_ops sessions_ops = {
		.map = walk_map,
		.unmap = walk_unmap,
		.valid = luo_valid,
		.entry = luo_session_entry,
	};
	struct luo_flb_header_ser flb;
	struct luo_ser luo;
	long ret;

	if (size < sizeof(luo)) {
		problem("subtree '%s': %llu bytes, shorter than struct luo_ser (%zu)",
			LUO_KHO_NODE, size, sizeof(luo));
		return;
	}
	memcpy(&luo, blob, sizeof(luo));
	if (memcmp(luo.compatible, LUO_KHO_COMPATIBLE,
		   sizeof(LUO_KHO_COMPATIBLE))) {
		problem("subtree '%s': compatible is not \"%s\"", LUO_KHO_NODE,
			LUO_KHO_COMPATIBLE);
		return;
	}
	info("    luo_ser: compatible \"%s\", liveupdate_num %llu, sessions_pa %#llx, flbs_pa %#llx\n",
	     LUO_KHO_COMPATIBLE, (u64)luo.liveupdate_num,
	     (u64)luo.sessions_pa, (u64)luo.flbs_pa);
	if (!mem_available()) {
		info("    (sessions not followed: no --mem or --radix-pages)\n");
		return;
	}
	if (luo.flbs_pa &&
	    luo_read("LUO FLB header", luo.flbs_pa, &flb, sizeof(flb)))
		info("    FLB header: pgcnt %llu, count %llu\n", (u64)flb.pgcnt,
		     (u64)flb.count);
	if (!luo.sessions_pa) {
		info("    no sessions (not serialized yet, or none)\n");
		return;
	}
	ret = kho_blocks_walk(luo.sessions_pa, sizeof(struct luo_session_ser),
			      &sessions_ops, NULL);
	if (ret >= 0)
		info("    sessions: %ld\n", ret);
}

struct subtree {
	char name[256];
	u64 phys, size;
};

static void inspect_subtrees(const void *fdt)
{
	struct subtree *subs = NULL;
	size_t n = 0, i, j;
	const char *name;
	phys_addr_t phys;
	int node;
	u64 size;

	node = 0;
	while ((node = kho_fdt_next_subtree(fdt, node, &name, &phys,
					    &size)) > 0) {
		subs = realloc(subs, (n + 1) * sizeof(*subs));
		snprintf(subs[n].name, sizeof(subs[n].name), "%s", name);
		subs[n].phys = phys;
		subs[n].size = size;
		if (fdt_first_subnode(fdt, node) >= 0)
			problem("subtree '%s': unexpected child node in the root FDT",
				name);
		n++;
	}
	/* kho_fdt_check_root() already accepted the root: no error here. */

	info("subtrees: %zu\n", n);
	for (i = 0; i < n; i++) {
		struct subtree *s = &subs[i];
		const char *from = NULL;
		char what[300];
		u8 *blob;

		for (j = 0; j < i; j++)
			if (!strcmp(subs[j].name, s->name))
				problem("subtree '%s' appears twice", s->name);
		info("  %-20s phys %#14llx  size %#10llx (%s)\n",
		     s->name, s->phys, s->size, human(s->size));
		snprintf(what, sizeof(what), "subtree '%s' blob", s->name);
		if (!in_ram(s->phys, s->size))
			problem("%s [%#llx+%#llx] is not in RAM",
				what, s->phys, s->size);
		else
			check_preserved(what, s->phys, s->size);

		blob = load_blob(s->name, s->phys, s->size, &from);
		if (!blob) {
			if (!sub_dir)
				info("    (blob not available: no --sub-fdts, not in memory)\n");
			continue;
		}
		if (!strcmp(s->name, MEMBLOCK_KHO_FDT)) {
			info("    memblock FDT, read from %s\n", from);
			inspect_memblock(blob, s->size);
		} else if (!strcmp(s->name, KHO_KEXEC_METADATA_NODE)) {
			info("    kexec metadata, read from %s\n", from);
			inspect_metadata(blob, s->size);
		} else if (!strcmp(s->name, KSTATE_KHO_NODE)) {
			info("    kstate FDT, read from %s\n", from);
			inspect_kstate(blob, s->size);
		} else if (!strcmp(s->name, LUO_KHO_NODE)) {
			info("    LUO, raw blob read from %s:\n", from);
			hexdump(blob, s->size);
			inspect_luo(blob, s->size);
		} else if (s->size >= 4 && fdt_magic(blob) == FDT_MAGIC) {
			const char *c = NULL;
			int clen = 0;

			if (blob_fdt_ok(s->name, blob, s->size))
				c = fdt_getprop(blob, 0, "compatible", &clen);
			if (c && (clen <= 0 || !memchr(c, 0, clen)))
				c = NULL;
			info("    FDT%s%s%s, read from %s\n",
			     c ? ", compatible \"" : "", c ? c : "",
			     c ? "\"" : "", from);
		} else {
			info("    opaque blob, read from %s:\n", from);
			hexdump(blob, s->size);
		}
		free(blob);
	}
	free(subs);
}

/* ------------------------------------------------------------------ */

static void print_usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [options] ROOT_FDT|KHO_DIR\n"
		"\n"
		"Validate a KHO (kho-v4) handover and print a summary. ROOT_FDT is a root\n"
		"FDT file (e.g. /sys/kernel/debug/kho/in/fdt); KHO_DIR is a directory with\n"
		"'fdt' and 'sub_fdts/' (e.g. /sys/kernel/debug/kho/out).\n"
		"\n"
		"  -s, --sub-fdts DIR        subtree blobs, one file per subtree node name\n"
		"  -m, --mem FILE            memory: /dev/mem or a raw dump\n"
		"  -b, --mem-base ADDR       physical address of the first byte of --mem\n"
		"  -p, --radix-pages FILE    memory: records {u64 phys; u32 level; u32 0;\n"
		"                            u8 page[4096]} (test vector format)\n"
		"  -r, --ram START-END       RAM range, END exclusive (or START+SIZE);\n"
		"                            repeatable; default: /proc/iomem System RAM\n"
		"  -i, --iomem FILE          read System RAM ranges from FILE\n"
		"  -f, --fdt-phys ADDR       physical address of the root FDT, to check that\n"
		"                            it is preserved\n"
		"  -q, --quiet               print problems and warnings only\n"
		"  -h, --help\n"
		"\n"
		"Exit status: 0 no problem, 1 problems found, 2 usage or I/O error.\n",
		prog);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "sub-fdts", required_argument, NULL, 's' },
		{ "mem", required_argument, NULL, 'm' },
		{ "mem-base", required_argument, NULL, 'b' },
		{ "radix-pages", required_argument, NULL, 'p' },
		{ "ram", required_argument, NULL, 'r' },
		{ "iomem", required_argument, NULL, 'i' },
		{ "fdt-phys", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	const char *mem_path = NULL, *pages_path = NULL, *iomem = NULL;
	char fdt_path[4096], dir_sub[4096];
	u64 mem_base = 0, fdt_phys = 0;
	bool have_fdt_phys = false;
	phys_addr_t map_root;
	struct stat st;
	size_t size;
	u8 *fdt;
	int c;

	while ((c = getopt_long(argc, argv, "s:m:b:p:r:i:f:qh", longopts,
				NULL)) != -1) {
		u64 a, b;
		char *end;

		switch (c) {
		case 's':
			sub_dir = optarg;
			break;
		case 'm':
			mem_path = optarg;
			break;
		case 'b':
			mem_base = strtoull(optarg, &end, 0);
			if (*end) {
				fprintf(stderr, "bad --mem-base %s\n", optarg);
				return 2;
			}
			break;
		case 'p':
			pages_path = optarg;
			break;
		case 'r':
			if (!parse_range(optarg, &a, &b) || !add_ram(a, b)) {
				fprintf(stderr, "bad --ram %s\n", optarg);
				return 2;
			}
			break;
		case 'i':
			iomem = optarg;
			break;
		case 'f':
			fdt_phys = strtoull(optarg, &end, 0);
			if (*end) {
				fprintf(stderr, "bad --fdt-phys %s\n", optarg);
				return 2;
			}
			have_fdt_phys = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			print_usage(stdout, argv[0]);
			return 0;
		default:
			print_usage(stderr, argv[0]);
			return 2;
		}
	}
	if (optind != argc - 1 || (mem_path && pages_path)) {
		print_usage(stderr, argv[0]);
		return 2;
	}

	snprintf(fdt_path, sizeof(fdt_path), "%s", argv[optind]);
	if (!stat(fdt_path, &st) && S_ISDIR(st.st_mode)) {
		snprintf(fdt_path, sizeof(fdt_path), "%s/fdt", argv[optind]);
		snprintf(dir_sub, sizeof(dir_sub), "%s/sub_fdts",
			 argv[optind]);
		if (!sub_dir && !stat(dir_sub, &st) && S_ISDIR(st.st_mode))
			sub_dir = dir_sub;
	}
	if (!nr_ram)
		read_iomem(iomem ? iomem : "/proc/iomem", iomem);
	if (mem_path && !open_mem(mem_path, mem_base)) {
		fprintf(stderr, "cannot open %s: %s\n", mem_path,
			strerror(errno));
		return 2;
	}
	if (pages_path && !load_records(pages_path)) {
		fprintf(stderr, "cannot load %s: %s\n", pages_path,
			strerror(errno));
		return 2;
	}
	fdt = read_file(fdt_path, MAX_FDT_FILE, &size);
	if (!fdt) {
		fprintf(stderr, "cannot read %s: %s\n", fdt_path,
			strerror(errno));
		return 2;
	}

	kho_shim_log_hook = log_hook;
	info("KHO root FDT: %s (%zu bytes)\n", fdt_path, size);
	if (!ram_known)
		warning("RAM layout unknown (no --ram or /proc/iomem): RAM not checked");
	if (kho_fdt_check_root(fdt, size, &map_root))
		goto out;
	info("compatible \"%s\", %s %#llx\n", KHO_FDT_COMPATIBLE,
	     KHO_FDT_MEMORY_MAP_PROP_NAME, (u64)map_root);
	if (size > PAGE_SIZE)
		warning("root FDT is %zu bytes, more than one page", size);
	if (map_root && !in_ram(map_root, PAGE_SIZE))
		problem("preserved-memory map root %#llx is not in RAM",
			(u64)map_root);
	else
		walk_map_tree(map_root);

	if (have_fdt_phys) {
		if (fdt_phys % PAGE_SIZE)
			problem("root FDT address %#llx is not page aligned",
				fdt_phys);
		else
			check_preserved("root FDT page", fdt_phys, PAGE_SIZE);
	}
	inspect_subtrees(fdt);

out:
	if (problems)
		printf("%d problem%s found\n", problems,
		       problems == 1 ? "" : "s");
	else
		info("no problems found%s\n", map_walked ? "" :
		     " (preserved-memory map not checked)");
	free(fdt);
	return problems ? 1 : 0;
}
