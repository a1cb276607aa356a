// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/kstate.c, compiled whole for the host tests and fuzz_kstate, with
 * the incoming side of KHO replaced by kstate_host.c's model: the kstate
 * FDT is set directly (kstate_host_set_incoming()), and the folios and
 * pages of FOLIO and PAGE fields are restored from the model's preserved
 * memory. Everything else is the kernel's code as it is.
 */
#include <linux/kconfig.h>

#define kho_restore_folio	kstate_host_restore_folio
#define kho_restore_pages	kstate_host_restore_pages
#include "../../../kernel/kstate.c"

#include "kstate_host.h"

void kstate_host_set_incoming(const void *fdt)
{
	kstate_in.probed = true;
	kstate_in.fdt = fdt;
}

void kstate_host_reset(void)
{
	struct kstate_object *o, *no;
	struct kstate_taken *t, *nt;

	list_for_each_entry_safe(o, no, &kstate_objects, list) {
		list_del(&o->list);
		kfree(o);
	}
	list_for_each_entry_safe(t, nt, &kstate_in.taken, list) {
		list_del(&t->list);
		kfree(t);
	}
	kstate_in.probed = false;
	kstate_in.fdt = NULL;
}
