/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_KHO_ABI_LUO_H
#define _LINUX_KHO_ABI_LUO_H

#include <linux/types.h>
#include <linux/build_bug.h>
#include <linux/kho/abi/kexec_handover.h>

/**
 * DOC: Live Update Orchestrator KHO subtree ("luo-v5")
 *
 * The Live Update Orchestrator (LUO) hands its sessions to the next kernel
 * in a KHO subtree named LUO_KHO_NODE. Its blob is not an FDT: it is a
 * &struct luo_ser (``blob-size`` in the root FDT gives its length) in an
 * allocation made with kho_alloc_preserve(). The subtree is added at every
 * boot with LUO on, whether or not sessions exist, and ``liveupdate_num``
 * counts the live updates in a row (the previous kernel's value plus one, 1
 * after a cold boot)::
 *
 *   luo_ser { "luo-v5", liveupdate_num, sessions_pa, flbs_pa }
 *     sessions_pa -> blocks of luo_session_ser { name, files, count }
 *                      files -> blocks of luo_file_ser { compatible, data, token }
 *     flbs_pa -> one page: luo_flb_header_ser { pgcnt, count }, luo_flb_ser[count]
 *
 * ``sessions_pa`` is the first block of a KHO serialization block chain of
 * &struct luo_session_ser (51 per 4 KiB block), or 0 when there is no
 * session; it is filled in when the machine kexecs, so the blob read after
 * a kexec load but before the kexec still has 0 there. Each session's
 * ``files`` is the first block of a chain of &struct luo_file_ser (63 per
 * block) and ``count`` the number of its files; a session without files has
 * both 0. Sessions appear in creation order, files in preservation order.
 * A file's ``data`` is the physical address of its handler's state (for
 * memfd, &struct memfd_luo_ser) and ``token`` the number user space chose
 * for it.
 *
 * ``flbs_pa`` is one preserved page with a &struct luo_flb_header_ser
 * (``pgcnt`` 1) and ``count`` entries &struct luo_flb_ser of the
 * file-lifecycle-bound objects. Mainline always writes it (``count`` 0
 * without FLBs); a reader accepts 0 too.
 *
 * All structs are packed and hold native-endian (little-endian) integers;
 * strings are NUL-padded. A blob shorter than &struct luo_ser or with
 * another compatible is not used.
 */

/* Name of the LUO node under the KHO root FDT. */
#define LUO_KHO_NODE			"LUO"
/* Compatible of &struct luo_ser. */
#define LUO_KHO_COMPATIBLE		"luo-v5"
/* Size of &struct luo_ser.compatible. */
#define LUO_COMPATIBLE_LEN		8
/* Size of a session name, NUL included (as in the UAPI). */
#define LUO_SESSION_NAME_LEN		64
/* Size of a file handler or FLB compatible string, NUL included. */
#define LUO_HANDLER_COMPATIBLE_LEN	48
/* FLB page count that mainline writes. */
#define LUO_FLB_PGCNT			1

/**
 * struct luo_ser - the LUO subtree blob
 * @compatible: LUO_KHO_COMPATIBLE, NUL-padded
 * @liveupdate_num: number of live updates in a row that led to the next
 *	kernel
 * @sessions_pa: physical address of the first session block, or 0
 * @flbs_pa: physical address of the FLB page, or 0
 */
struct luo_ser {
	char compatible[LUO_COMPATIBLE_LEN];
	u64 liveupdate_num;
	u64 sessions_pa;
	u64 flbs_pa;
} __packed;

static_assert(sizeof(struct luo_ser) == 32);

/**
 * struct luo_file_set_ser - the files of a session
 * @files: physical address of the first block of &struct luo_file_ser,
 *	or 0
 * @count: number of files
 */
struct luo_file_set_ser {
	u64 files;
	u64 count;
} __packed;

static_assert(sizeof(struct luo_file_set_ser) == 16);

/**
 * struct luo_session_ser - one session, an entry of a session block
 * @name: the session name, NUL-padded
 * @file_set_ser: its files
 */
struct luo_session_ser {
	char name[LUO_SESSION_NAME_LEN];
	struct luo_file_set_ser file_set_ser;
} __packed;

static_assert(sizeof(struct luo_session_ser) == 80);

/**
 * struct luo_file_ser - one preserved file, an entry of a file block
 * @compatible: compatible of the file handler, NUL-padded
 * @data: physical address of the handler's state for this file
 * @token: the token user space gave the file
 */
struct luo_file_ser {
	char compatible[LUO_HANDLER_COMPATIBLE_LEN];
	u64 data;
	u64 token;
} __packed;

static_assert(sizeof(struct luo_file_ser) == 64);

/**
 * struct luo_flb_header_ser - head of the FLB page
 * @pgcnt: number of pages, LUO_FLB_PGCNT
 * @count: number of &struct luo_flb_ser that follow
 */
struct luo_flb_header_ser {
	u64 pgcnt;
	u64 count;
} __packed;

static_assert(sizeof(struct luo_flb_header_ser) == 16);

/**
 * struct luo_flb_ser - one file-lifecycle-bound object
 * @name: compatible of the FLB, NUL-padded
 * @data: physical address of its state
 * @count: number of files that use it
 */
struct luo_flb_ser {
	char name[LUO_HANDLER_COMPATIBLE_LEN];
	u64 data;
	u64 count;
} __packed;

static_assert(sizeof(struct luo_flb_ser) == 64);

/* Entries of a session block: 51 with 4 KiB pages. */
#define LUO_SESSIONS_PER_BLOCK	\
	((PAGE_SIZE - sizeof(struct kho_block_header_ser)) / \
	 sizeof(struct luo_session_ser))
/* Entries of a file block: 63 with 4 KiB pages. */
#define LUO_FILES_PER_BLOCK	\
	((PAGE_SIZE - sizeof(struct kho_block_header_ser)) / \
	 sizeof(struct luo_file_ser))
/* FLB entries in the FLB page. */
#define LUO_FLBS_PER_PAGE	\
	((PAGE_SIZE - sizeof(struct luo_flb_header_ser)) / \
	 sizeof(struct luo_flb_ser))

#endif /* _LINUX_KHO_ABI_LUO_H */
