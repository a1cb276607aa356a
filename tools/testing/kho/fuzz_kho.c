// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: an input is a KHO root FDT followed by a memory image
 * (see kho_blob.h). It goes through the same root FDT checks and radix-tree
 * walk as a real handover.
 */
#include <stdint.h>
#include <stddef.h>

#include "kho_blob.h"
#include "kho_shim.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	kho_shim_quiet = 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kho_blob_result res;

	kho_parse_blob(data, size, &res);
	return 0;
}
