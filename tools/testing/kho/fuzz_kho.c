// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: an input is a simulated machine and its memory (see
 * kho_sim.h). The kernel's incoming side boots on it: root FDT and scratch
 * array checks, the map walks, subtree vetting, reserve_mem revival and the
 * kexec metadata, all against a RAM/scratch layout taken from the input.
 */
#include <stdint.h>
#include <stddef.h>

#include "kho_shim.h"
#include "kho_sim.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	kho_shim_quiet = 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kho_sim_result res;

	kho_sim_run(data, size, &res);
	return 0;
}
