/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: the simulator decides whether this is a crash kernel. */
#ifndef KHO_SHIM_LINUX_CRASH_DUMP_H
#define KHO_SHIM_LINUX_CRASH_DUMP_H
#include <linux/types.h>
extern bool kho_sim_kdump;
static inline bool is_kdump_kernel(void)
{
	return kho_sim_kdump;
}
#endif
