/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: a test binary is no module; exports are all <linux/module.h> gives. */
#ifndef KHO_SHIM_LINUX_MODULE_H
#define KHO_SHIM_LINUX_MODULE_H
#include <linux/export.h>
#endif
