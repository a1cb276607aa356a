// SPDX-License-Identifier: GPL-2.0
/* mm/memblock-kho.c, compiled whole for the simulator (sim.c). */
#include <linux/kconfig.h>
#include "../../../mm/memblock-kho.c"

#include "kho_sim.h"

void kho_sim_memblock_reset(void)
{
	reserve_mem_kho_folio = NULL;
}
