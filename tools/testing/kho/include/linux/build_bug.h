/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KHO_SHIM_LINUX_BUILD_BUG_H
#define KHO_SHIM_LINUX_BUILD_BUG_H
#include <assert.h>	/* C11 static_assert */
#endif
