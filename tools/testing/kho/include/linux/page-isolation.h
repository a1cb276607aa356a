/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: nothing the simulated files use. */
#ifndef KHO_SHIM_LINUX_PAGE_ISOLATION_H
#define KHO_SHIM_LINUX_PAGE_ISOLATION_H
#endif
