// SPDX-License-Identifier: GPL-2.0
/*
 * Kexec HandOver (KHO): hand selected memory and state to the next kernel.
 *
 * The outgoing kernel tracks preserved memory in a radix tree (the
 * preserved-memory map, see include/linux/kho/abi/kexec_handover.h), lets
 * subsystems describe their state in sub-FDTs through a notifier chain, and
 * on "finalize" writes a root FDT that points at both. kexec_file passes the
 * root FDT and the scratch areas to the next kernel.
 *
 * Scratch areas are physically contiguous memory ranges that never hold
 * preserved data: they are reserved on a cold boot and afterwards only given
 * to the page allocator as CMA (movable allocations only). The next kernel
 * runs its early boot entirely inside them, so it cannot step on preserved
 * memory before it has read the map and reserved everything in it.
 *
 * Where things live, in the order a boot meets them:
 *
 *   kexec_handover.c          this file: the mode (off, cold boot, inherited),
 *                             kho=, the public predicates, and the two init
 *                             calls that run the other files' stages in turn
 *   kexec_handover_in.c       a KHO boot: accept the handover (kho_populate),
 *                             reserve what was preserved, hand out subtrees,
 *                             restore memory
 *   kexec_handover_scratch.c  kho_scratch=, sizing and allocation of the
 *                             scratch areas on a cold boot, scratch as CMA
 *   kexec_handover_out.c      preserving memory, notifiers, finalize/abort
 *   kexec_handover_fdt.c      the root FDT: its writer and its checked reader
 *   kexec_handover_radix.c    the preserved-memory map: builder and walker
 *   kexec_handover_kexec.c    kexec glue: segment placement, the image's
 *                             handover, and the last word at kexec -e
 *   kexec_handover_debugfs.c  /sys/kernel/debug/kho
 */

#define pr_fmt(fmt) "KHO: " fmt

#include <linux/init.h>
#include <linux/kexec_handover.h>
#include <linux/kstrtox.h>
#include <linux/printk.h>

#include "kexec_handover_internal.h"

/* kho= as given on the command line. */
static enum {
	KHO_PARAM_UNSET,
	KHO_PARAM_ON,
	KHO_PARAM_OFF,
} kho_param __initdata;

/* The one owner of "is KHO on"; see enum kho_mode. */
static enum kho_mode kho_mode __ro_after_init;

static int __init kho_parse_enable(char *p)
{
	bool on;

	if (kstrtobool(p, &on)) {
		pr_err("malformed kho=%s (want on or off); KHO stays off\n", p);
		on = false;
	}
	kho_param = on ? KHO_PARAM_ON : KHO_PARAM_OFF;
	kho_mode = on ? KHO_MODE_COLD : KHO_MODE_OFF;
	return 0;
}
early_param("kho", kho_parse_enable);

/**
 * kho_get_mode - what KHO does in this boot
 *
 * Return: the current &enum kho_mode.
 */
enum kho_mode kho_get_mode(void)
{
	return kho_mode;
}

/**
 * kho_handover_allowed - whether this boot may accept a handover
 *
 * A handover is taken unless the command line says kho=off: a kernel booted
 * by a KHO kexec keeps the previous kernel's memory even without kho=on.
 *
 * Return: false if kho=off was given.
 */
bool __init kho_handover_allowed(void)
{
	return kho_param != KHO_PARAM_OFF;
}

/**
 * kho_set_inherited - record that this boot accepted a handover
 *
 * Called by kho_populate() once the handover passed every check.
 */
void __init kho_set_inherited(void)
{
	kho_mode = KHO_MODE_INHERITED;
}

/**
 * kho_disable - turn KHO off for the rest of this boot
 * @fmt: printf-style reason, printed as "<reason>; KHO stays off"
 *
 * The only way KHO goes off once it was on: every failure that leaves KHO
 * unusable (no scratch, no root FDT page, a malformed kho_scratch=) comes
 * through here with the reason.
 */
void __init kho_disable(const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	pr_err("%pV; KHO stays off\n", &vaf);
	va_end(args);
	kho_mode = KHO_MODE_OFF;
}

/**
 * kho_is_enabled - whether KHO hands memory over at the next kexec
 *
 * True when booted with kho=on (and scratch could be set up) or when this
 * boot itself received a handover, so chains of kexecs keep working.
 *
 * Return: true if KHO is enabled.
 */
bool kho_is_enabled(void)
{
	return kho_mode != KHO_MODE_OFF;
}
EXPORT_SYMBOL_GPL(kho_is_enabled);

/**
 * is_kho_boot - whether this boot received a valid handover
 *
 * Return: true if the previous kernel handed over a finalized KHO state
 * that this kernel accepted.
 */
bool is_kho_boot(void)
{
	return kho_mode == KHO_MODE_INHERITED;
}
EXPORT_SYMBOL_GPL(is_kho_boot);

/**
 * kho_memory_init - KHO's part of memory init
 *
 * Called from mm_core_init() before memblock releases memory to the buddy
 * allocator. On a KHO boot: reserve every preserved block, turn scratch into
 * CMA and let memblock allocate anywhere again. On a cold boot with kho=on:
 * reserve the scratch areas.
 */
void __init kho_memory_init(void)
{
	switch (kho_mode) {
	case KHO_MODE_INHERITED:
		kho_in_memory_init();
		break;
	case KHO_MODE_COLD:
		kho_scratch_reserve();
		break;
	case KHO_MODE_OFF:
		break;
	}
}

/**
 * kho_memory_init_late - KHO's part of memory init, once memory is released
 *
 * Called from mm_core_init() right after memblock gave free memory to the
 * buddy allocator and initialised the struct pages of reserved memory, and
 * before anything can restore preserved memory.
 */
void __init kho_memory_init_late(void)
{
	if (kho_mode == KHO_MODE_INHERITED)
		kho_in_memory_init_late();
}

/* Late init: the outgoing side, scratch as CMA, debugfs, what came in. */
static int __init kho_init(void)
{
	int ret;

	if (kho_mode == KHO_MODE_OFF)
		return 0;

	ret = kho_out_init();
	if (ret) {
		kho_disable("cannot allocate the root FDT and metadata pages");
		return ret;
	}
	kho_scratch_late_init();

	ret = kho_debugfs_init();
	if (ret)
		pr_warn("debugfs interface unavailable (%d)\n", ret);
	if (kho_mode == KHO_MODE_INHERITED)
		kho_in_init();
	return 0;
}
fs_initcall(kho_init);
