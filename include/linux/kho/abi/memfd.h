/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_KHO_ABI_MEMFD_H
#define _LINUX_KHO_ABI_MEMFD_H

#include <linux/types.h>
#include <linux/build_bug.h>
#include <linux/kho/abi/kexec_handover.h>

/**
 * DOC: memfd LUO file state ("memfd-v2")
 *
 * A memfd preserved through LUO is a &struct luo_file_ser with compatible
 * MEMFD_LUO_COMPATIBLE whose ``data`` is the physical address of a
 * &struct memfd_luo_ser, in an allocation made with kho_alloc_preserve()::
 *
 *   memfd_luo_ser { pos, size, seals, flags, nr_folios, folios }
 *     folios (a preserved vmalloc area) -> memfd_luo_folio_ser[nr_folios]
 *
 * ``folios`` is a &struct kho_vmalloc: the array of ``nr_folios``
 * &struct memfd_luo_folio_ser, one per folio of the file, in file order.
 * Each folio is preserved with its order at its physical address; a hole
 * inside the file size is preserved as a zero-filled folio, so every page
 * below ``size`` has an entry (mainline marks every entry dirty and up to
 * date). An empty memfd has ``nr_folios`` 0 and an all-zero ``folios``.
 *
 * ``seals`` holds the file's F_SEAL_* bits; only MEMFD_LUO_SEALS_MASK may
 * be preserved (a memfd created without MFD_ALLOW_SEALING carries
 * F_SEAL_SEAL). ``flags`` is 0.
 */

/* Compatible of the memfd file handler. */
#define MEMFD_LUO_COMPATIBLE		"memfd-v2"

/* Seals a memfd may carry: SEAL | SHRINK | GROW | WRITE | FUTURE_WRITE | EXEC. */
#define MEMFD_LUO_SEALS_MASK		0x003f

/* &struct memfd_luo_folio_ser.flags: the folio is dirty. */
#define MEMFD_LUO_FOLIO_DIRTY		0x1
/* &struct memfd_luo_folio_ser.flags: the folio is up to date. */
#define MEMFD_LUO_FOLIO_UPTODATE	0x2

/**
 * struct memfd_luo_folio_ser - one folio of a preserved memfd
 * @pfn: page frame number of the folio
 * @flags: MEMFD_LUO_FOLIO_* bits
 * @index: offset of the folio in the file, in pages
 */
struct memfd_luo_folio_ser {
	u64 pfn:52;
	u64 flags:12;
	u64 index;
} __packed;

static_assert(sizeof(struct memfd_luo_folio_ser) == 16);

/**
 * struct memfd_luo_ser - a preserved memfd
 * @pos: the file position
 * @size: the file size in bytes
 * @seals: F_SEAL_* bits, within MEMFD_LUO_SEALS_MASK
 * @flags: 0
 * @nr_folios: number of &struct memfd_luo_folio_ser in @folios
 * @folios: the preserved vmalloc area holding the folio array
 */
struct memfd_luo_ser {
	u64 pos;
	u64 size;
	u32 seals;
	u32 flags;
	u64 nr_folios;
	struct kho_vmalloc folios;
} __packed;

static_assert(sizeof(struct memfd_luo_ser) == 48);

#endif /* _LINUX_KHO_ABI_MEMFD_H */
