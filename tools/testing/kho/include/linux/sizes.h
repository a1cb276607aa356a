/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim for <linux/sizes.h>. */
#ifndef _SHIM_LINUX_SIZES_H
#define _SHIM_LINUX_SIZES_H

#define SZ_4K	0x00001000
#define SZ_1M	0x00100000
#define SZ_32M	0x02000000
#define SZ_64M	0x04000000

#endif
