// SPDX-License-Identifier: GPL-2.0
/*
 * kexec side of Kexec HandOver (KHO): everything KHO does for a kexec, from
 * loading the image to the moment it runs.
 *
 * A KHO kexec must not put any of its segments on memory that the current
 * kernel may have preserved for the next one. The only memory that is known
 * to be free of preserved data is the set of scratch areas, so every segment
 * of a KHO image is placed inside them. The image also carries a copy of the
 * scratch area array (so that the next kernel knows where it may allocate
 * early) and the physical address of the root KHO FDT; the architecture's
 * image loader turns both into its own boot protocol entry. At kexec -e,
 * kho_kexec_prepare() has the last word.
 */

#define pr_fmt(fmt) "KHO: " fmt

#include <linux/ioport.h>
#include <linux/kexec.h>
#include <linux/kexec_handover.h>
#include <linux/overflow.h>
#include <linux/printk.h>

#include "kexec_handover_internal.h"

/*
 * A kexec_file image hands KHO data over when KHO is enabled, unless it is a
 * crash kernel: those live in their own reserved region and ignore KHO.
 */
static bool kho_image_is_handover(const struct kimage *image)
{
	if (!kho_is_enabled())
		return false;

	return image->type != KEXEC_TYPE_CRASH;
}

/* The order in which kho_locate_mem_hole() tries the scratch areas. */
enum kho_scratch_order {
	KHO_SCRATCH_BOTTOM_UP,
	KHO_SCRATCH_TOP_DOWN,
};

/*
 * Scratch areas are not necessarily sorted by address (low-memory area,
 * global area, one per node). Return the area that follows @prev in address
 * order, going down for KHO_SCRATCH_TOP_DOWN, or the first one when @prev is
 * NULL. The areas never overlap, so their start addresses are distinct.
 */
static const struct kho_scratch *
kho_scratch_next(const struct kho_scratch *prev, enum kho_scratch_order order)
{
	bool down = order == KHO_SCRATCH_TOP_DOWN;
	const struct kho_scratch *best = NULL;
	unsigned int i;

	for (i = 0; i < kho_scratch_cnt; i++) {
		const struct kho_scratch *area = &kho_scratch[i];

		if (!area->size)
			continue;

		if (prev) {
			if (down && area->addr >= prev->addr)
				continue;
			if (!down && area->addr <= prev->addr)
				continue;
		}

		if (!best || (down ? area->addr > best->addr :
				     area->addr < best->addr))
			best = area;
	}

	return best;
}

/**
 * kho_locate_mem_hole - place a kexec_file segment inside KHO scratch
 * @kbuf: the segment to place, with its size, alignment and address limits
 * @func: range callback of kexec_locate_mem_hole(); it is called with one
 *	scratch area at a time and returns 1 once it has placed @kbuf in it
 *	(setting @kbuf->mem), 0 to go on with the next area, or a negative
 *	error code
 *
 * For an image that hands over KHO data, the scratch areas are the only
 * memory the segments may go to: any other page may hold preserved data.
 * The areas are visited in address order, from the top when @kbuf asks for
 * a top-down placement and from the bottom otherwise, so the usual
 * placement policy applies within scratch. @func honours @kbuf->buf_min,
 * @kbuf->buf_max, @kbuf->buf_align and the segments placed so far.
 *
 * Called by kexec_locate_mem_hole() with kexec_lock held.
 *
 * Return: 1 if @kbuf does not belong to a KHO image and the caller must
 * place it the usual way; 0 if it was placed inside scratch (@kbuf->mem is
 * set); -EADDRNOTAVAIL if no scratch area can hold it, or the error @func
 * returned.
 */
int kho_locate_mem_hole(struct kexec_buf *kbuf,
			int (*func)(struct resource *, void *))
{
	enum kho_scratch_order order = kbuf->top_down ? KHO_SCRATCH_TOP_DOWN :
							KHO_SCRATCH_BOTTOM_UP;
	const struct kho_scratch *area;
	int ret;

	if (!kho_image_is_handover(kbuf->image))
		return 1;

	for (area = kho_scratch_next(NULL, order); area;
	     area = kho_scratch_next(area, order)) {
		struct resource res = {
			.start = area->addr,
			.end = area->addr + area->size - 1,
			.flags = IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY,
		};

		ret = func(&res, kbuf);
		if (ret > 0)
			return 0;
		if (ret < 0)
			return ret;
	}

	pr_err("no room in scratch for a kexec segment of %lu bytes (alignment %#lx, range %#lx-%#lx)\n",
	       kbuf->memsz, kbuf->buf_align, kbuf->buf_min, kbuf->buf_max);

	return -EADDRNOTAVAIL;
}

/**
 * kho_fill_kimage - attach the KHO handover to a kexec_file image
 * @image: the image being loaded by kexec_file_load()
 *
 * For an image that hands over KHO data, record the physical address of the
 * root KHO FDT in @image->kho.fdt and add a segment holding a copy of the
 * scratch area array (an array of &struct kho_scratch, placed inside scratch
 * like every other segment), recorded in @image->kho.scratch. The root FDT
 * page is allocated once per boot and never moves; whether it holds a
 * finalized handover is decided when the image is executed, so loading may
 * happen before or after the finalize step.
 *
 * Must be called from kimage_file_prepare_segments() before the architecture
 * image loader runs, so the loader can pass @image->kho on to the next kernel.
 * Does nothing for crash images or when KHO is disabled.
 *
 * Return: 0 on success, negative error code if the scratch segment cannot
 * be added.
 */
int kho_fill_kimage(struct kimage *image)
{
	struct kexec_buf kbuf = {
		.image = image,
		.mem = KEXEC_BUF_MEM_UNKNOWN,
		.buf_align = PAGE_SIZE,
		.buf_min = 0,
		.buf_max = ULONG_MAX,
		.top_down = true,
	};
	size_t size;
	int ret;

	if (!kho_image_is_handover(image))
		return 0;

	if (WARN_ON_ONCE(!kho_scratch || !kho_scratch_cnt))
		return -ENOENT;

	size = array_size(kho_scratch_cnt, sizeof(*kho_scratch));

	/*
	 * The array is fixed for the whole boot; its contents are copied into
	 * the image (and checksummed by purgatory) while the segments are
	 * loaded, so no private copy is needed here.
	 */
	kbuf.buffer = kho_scratch;
	kbuf.bufsz = size;
	kbuf.memsz = size;

	ret = kexec_add_buffer(&kbuf);
	if (ret) {
		pr_err("cannot add the scratch array to the kexec image: %d\n",
		       ret);
		return ret;
	}

	image->kho.scratch = &image->segment[image->nr_segments - 1];
	image->kho.fdt = kho_out_fdt_phys();

	return 0;
}

/**
 * kho_kexec_prepare - last word of KHO before kexec jumps
 * @image: the image about to be executed
 *
 * The next kernel gets the root FDT page whatever its state; an unfinalized
 * one is all zeroes, which the next kernel takes as "no handover". Say so
 * here, where the user can still see it. Also retire the handover this
 * kernel received, so that it is never passed on a second time.
 */
void kho_kexec_prepare(struct kimage *image)
{
	if (image->preserve_context)
		return;
	kho_in_retire();
	if (!image->kho.fdt)
		return;
	if (!kho_out_kexec_begin())
		pr_notice("enabled but not finalized: the next kernel boots without a handover\n");
}
