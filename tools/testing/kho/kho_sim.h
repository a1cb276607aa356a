/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A simulated KHO boot: the kernel's incoming side (kexec_handover_in.c)
 * and reserve_mem revival (mm/memblock-kho.c), compiled whole against the
 * host shim, boot on a machine whose RAM, scratch array and memory contents
 * all come from one input (then a LUO subtree, if any, is read through
 * its block chains and memfd chunk lists, and up to 32 preserved blocks
 * are restored):
 *
 *   struct kho_sim_hdr            layout of the machine
 *   u8 fdt[hdr.fdt_bytes]         the root FDT, copied to hdr.fdt_phys
 *   memory records, to the end of the input, each starting with a u64 w:
 *     w % 4096 == 0: { u64 w; u8 page[4096]; }     the page at w
 *     w % 4096 == n: { u64 w; u16 off; u8 data[n]; } n bytes at offset
 *                    off % 4096 of the page at w & ~4095, cut at its end
 *   (a record cut short by the end of the input is zero-filled; memory no
 *   record writes reads as zero)
 *
 * The chunk records keep inputs small (a map node page has a few non-zero
 * words), which is what makes the fuzzer fast: kho_sim_build() writes them.
 *
 * Physical memory is [0, KHO_SIM_PHYS_SIZE); phys_to_virt() of anything
 * but mapped RAM aborts, and so does a range the kernel code let through
 * (a subtree blob, a revived region) that is not usable preserved memory.
 * fuzz_kho and fuzz_inspect both read this format.
 */
#ifndef KHO_SIM_H
#define KHO_SIM_H

#include <linux/types.h>

#define KHO_SIM_PHYS_SIZE	(1ULL << 32)
#define KHO_SIM_NR_RAM		4
#define KHO_SIM_NR_SCRATCH	8
#define KHO_SIM_NR_REQ		4
#define KHO_SIM_REC_SIZE	(8 + 4096)	/* a whole-page record */

/* hdr.flags */
#define KHO_SIM_KHO_OFF		0x1	/* kho=off on the command line */
#define KHO_SIM_KDUMP		0x2	/* a crash kernel */
#define KHO_SIM_SUB_FILES	0x4	/* kho-inspect: blobs from sub_fdts/ */
#define KHO_SIM_MEM_DUMP	0x8	/* kho-inspect: --mem raw dump */
#define KHO_SIM_FDT_PHYS	0x10	/* kho-inspect: --fdt-phys */

struct kho_sim_hdr {
	u64 fdt_phys;		/* where the root FDT is handed over */
	u32 fdt_len;		/* its size as handed over */
	u32 fdt_bytes;		/* bytes of root FDT in the input */
	u64 scratch_phys;	/* where the scratch array is handed over */
	u32 scratch_len;	/* its size as handed over, in bytes */
	u32 flags;
	struct { u64 addr, size; } scratch[KHO_SIM_NR_SCRATCH];
	struct { u64 base, size; u32 nomap, pad; } ram[KHO_SIM_NR_RAM];
	/* reserve_mem= requests, named khotest, oops, trace, pstore */
	struct { u64 size, align; } req[KHO_SIM_NR_REQ];
};

extern const char * const kho_sim_req_names[KHO_SIM_NR_REQ];

/* One page of memory for kho_sim_build(). */
struct kho_sim_page {
	u64 phys;
	const u8 *data;		/* PAGE_SIZE bytes */
};

/*
 * Load an input into the simulated machine: memory, RAM layout. Returns
 * the header (a copy) or NULL if the input is too short. kho_sim_unload()
 * undoes it.
 */
const struct kho_sim_hdr *kho_sim_load(const u8 *data, size_t size,
				       const u8 **fdt, size_t *nrecs);
void kho_sim_unload(void);
/* The simulated memory at @phys for @size bytes, or NULL. */
void *kho_sim_mem_at(u64 phys, u64 size);
/*
 * The pages the loaded input wrote, in the order written (a page may be
 * listed more than once). The RAM is kho_sim_mem[] (<linux/memblock.h>).
 */
size_t kho_sim_pages(const u64 **pages);

/* Boot the incoming side on the loaded machine; aborts on a violation. */
void kho_sim_boot(const struct kho_sim_hdr *hdr);

/* What kho_sim_run() saw, for the tests. */
struct kho_sim_result {
	bool accepted;		/* kho_populate() took the handover */
	bool kept;		/* still a KHO boot after memory init */
	unsigned int revived;	/* reserve_mem regions revived */
	unsigned int subtrees;	/* subtrees left after vetting */
	unsigned int restored;	/* preserved blocks restored */
	u32 kexec_count;
	bool luo;		/* a luo-v5 LUO blob was found */
	unsigned int luo_sessions;	/* sessions read from its chains */
	unsigned int luo_files;		/* files read from its chains */
};

/* Load, boot, unload. */
void kho_sim_run(const u8 *data, size_t size, struct kho_sim_result *res);

/* Build an input (malloc()ed); @fdt may be NULL for an empty FDT region. */
u8 *kho_sim_build(const struct kho_sim_hdr *hdr, const void *fdt,
		  size_t fdt_bytes, const struct kho_sim_page *pages,
		  size_t npages, size_t *size);

/* Reset the static state of the simulated kernel files (sim_*.c). */
void kho_sim_in_reset(void);
void kho_sim_memblock_reset(void);

#endif
