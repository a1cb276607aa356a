/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: just enough of <linux/list.h> for kexec_handover_internal.h. */
#ifndef _SHIM_LINUX_LIST_H
#define _SHIM_LINUX_LIST_H

struct list_head {
	struct list_head *next, *prev;
};

#endif
