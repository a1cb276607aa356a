/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: the system (or a bundled) libfdt instead of scripts/dtc/libfdt. */
#ifndef KHO_SHIM_LINUX_LIBFDT_H
#define KHO_SHIM_LINUX_LIBFDT_H
#include <libfdt.h>
#endif
