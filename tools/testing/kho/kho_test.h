/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KHO_TEST_H
#define KHO_TEST_H

#include <linux/types.h>

/* kho-inspect tests (inspect_test.c), reporting through @check_fn. */
void kho_inspect_tests(const char *inspect, const char *vectors,
		       bool (*check_fn)(bool ok, const char *fmt, ...));

/*
 * The memory of the LUO + memfd vector in @luo as records {u64 phys; u32
 * level; u32 0; u8 page[4096]} (malloc()ed): its radix tree and every page
 * of LUO state it publishes (inspect_test.c).
 */
bool kho_luo_vector_records(const char *luo, u8 **recs, size_t *size);

/* kho-inspect on the LUO + memfd vector in @luo (inspect_test.c). */
void kho_inspect_luo_tests(const char *inspect, const char *luo,
			   bool (*check_fn)(bool ok, const char *fmt, ...));

/* Simulated boots (sim_test.c) and the fuzzer seeds made from them. */
void kho_sim_tests(const char *vectors,
		   bool (*check_fn)(bool ok, const char *fmt, ...));
int kho_sim_write_seeds(const char *dir, const char *vectors);

/* kernel/kexec_handover_debugfs.c against a debugfs shim (debugfs_test.c). */
void kho_debugfs_tests(bool (*check_fn)(bool ok, const char *fmt, ...));

/*
 * kernel/kstate.c (kstate_host_test.c): save, restore, versions, malformed
 * state, and the reproducers in @repro (a directory, or NULL).
 */
void kstate_host_tests(const char *repro,
		       bool (*check_fn)(bool ok, const char *fmt, ...));
/* fuzz_kstate's seeds: saved objects, as they are and made malformed. */
int kstate_host_write_seeds(const char *dir);

/*
 * User-memory formats (luo_test.c): block chains, vmalloc chunk lists and
 * the LUO + memfd vector in @luo_vectors (NULL: without the vector).
 */
void kho_luo_tests(const char *luo_vectors,
		   bool (*check_fn)(bool ok, const char *fmt, ...));
/* The fuzzer seeds made from the LUO vector in @luo. */
int kho_luo_write_seeds(const char *dir, const char *luo);

#endif
