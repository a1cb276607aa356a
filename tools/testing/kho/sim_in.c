// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/kexec_handover_in.c, compiled whole for the simulator (sim.c),
 * plus a reset of its static state between simulated boots.
 */
#include <linux/kconfig.h>
#include "../../../kernel/kexec_handover_in.c"

#include "kho_sim.h"

void kho_sim_in_reset(void)
{
	memset(&kho_in, 0, sizeof(kho_in));
}

