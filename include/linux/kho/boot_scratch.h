/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scratch array of a Kexec HandOver (KHO) as code that runs before the
 * kernel proper reads it: the x86 decompressor, whose KASLR must put the
 * kernel inside scratch. Pure functions, no allocation and no printing; also
 * built on the host by tools/testing/kho.
 */
#ifndef _LINUX_KHO_BOOT_SCRATCH_H
#define _LINUX_KHO_BOOT_SCRATCH_H

#include <linux/types.h>
#include <linux/kho/abi/kexec_handover.h>

/*
 * The kernel proper accepts an array of one 4 KiB page at most; the
 * decompressor reads no more. Areas need at least page alignment (the
 * kernel proper checks CMA's larger alignment).
 */
#define KHO_BOOT_SCRATCH_MAX_AREAS	(4096 / sizeof(struct kho_scratch))
#define KHO_BOOT_SCRATCH_ALIGN		4096ULL

/**
 * kho_boot_scratch_count - number of areas of a handed-over scratch array
 * @addr: physical (identity-mapped) address of the array
 * @size: size of the array in bytes
 * @is_ram: whether [@start, @start + @len) is RAM; never called with a
 *	range that wraps
 *
 * Everything here was written by the previous kernel and may be corrupt.
 * The array must be a whole number of areas, at most
 * KHO_BOOT_SCRATCH_MAX_AREAS, and lie in RAM; every area that is not empty
 * must be aligned to KHO_BOOT_SCRATCH_ALIGN, not wrap and lie in RAM.
 *
 * Return: the number of &struct kho_scratch entries at @addr, or 0 if the
 * array must be ignored as a whole.
 */
static inline u64 kho_boot_scratch_count(u64 addr, u64 size,
					 bool (*is_ram)(u64 start, u64 len))
{
	const struct kho_scratch *area;
	u64 i, nr = size / sizeof(*area);

	if (!nr || nr > KHO_BOOT_SCRATCH_MAX_AREAS ||
	    size % sizeof(*area) || addr + size < addr || !is_ram(addr, size))
		return 0;
	area = (const struct kho_scratch *)(unsigned long)addr;
	for (i = 0; i < nr; i++) {
		u64 start = area[i].addr, len = area[i].size;

		if (!len)
			continue;
		if ((start | len) & (KHO_BOOT_SCRATCH_ALIGN - 1) ||
		    start + len < start || !is_ram(start, len))
			return 0;
	}
	return nr;
}

#endif /* _LINUX_KHO_BOOT_SCRATCH_H */
