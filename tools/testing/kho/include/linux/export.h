/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: nothing is exported from a test binary. */
#ifndef KHO_SHIM_LINUX_EXPORT_H
#define KHO_SHIM_LINUX_EXPORT_H

#define EXPORT_SYMBOL(sym)
#define EXPORT_SYMBOL_GPL(sym)

#endif
