// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: an input is a kstate FDT and the memory handed over
 * with it (kstate_host.h). Two next kernels, one reading versions 1-2 of
 * the test description and one reading version 1, register its instances
 * 0-3 through kstate_register(), which restores them with kernel/kstate.c.
 * Beyond ASan and UBSan, kstate_host_run() aborts when an object that is
 * not restored was changed or got other than one message, or memory is
 * leaked or freed twice.
 */
#include <stdint.h>
#include <stddef.h>

#include "kho_shim.h"
#include "kstate_host.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	kho_shim_quiet = 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kstate_host_run(data, size);
	return 0;
}
