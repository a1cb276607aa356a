/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_KHO_ABI_KEXEC_METADATA_H
#define _LINUX_KHO_ABI_KEXEC_METADATA_H

#include <linux/types.h>
#include <linux/build_bug.h>

/**
 * DOC: kexec metadata KHO subtree
 *
 * Every KHO kexec carries a small record about the kernel that performed it,
 * so that the next kernel can tell where it came from and how many KHO
 * kexecs happened in a row. Unlike most subtrees it is not an FDT but the
 * plain packed &struct kho_kexec_metadata, with blob-size equal to its size
 * (73 bytes). The subtree node is named KHO_KEXEC_METADATA_NODE.
 */

/* Name of the kexec metadata node under the KHO root FDT. */
#define KHO_KEXEC_METADATA_NODE		"kexec-metadata"
/* Current (and only) layout version of &struct kho_kexec_metadata. */
#define KHO_KEXEC_METADATA_VERSION	1
/* Size of the release string: the utsname release length plus a NUL. */
#define KHO_KEXEC_METADATA_RELEASE_LEN	65

/**
 * struct kho_kexec_metadata - record about the previous kernel
 * @version: layout version, KHO_KEXEC_METADATA_VERSION
 * @previous_release: NUL-terminated utsname release of the kernel that
 *	performed the kexec
 * @kexec_count: number of KHO kexecs in a row that led to this boot, 1 for
 *	the first one after a cold boot
 *
 * All fields are native-endian; the struct has no padding.
 */
struct kho_kexec_metadata {
	u32 version;
	char previous_release[KHO_KEXEC_METADATA_RELEASE_LEN];
	u32 kexec_count;
} __packed;

static_assert(sizeof(struct kho_kexec_metadata) == 73);

#endif /* _LINUX_KHO_ABI_KEXEC_METADATA_H */
