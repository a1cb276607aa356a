/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KHO_SHIM_LINUX_STRING_H
#define KHO_SHIM_LINUX_STRING_H
#include <string.h>
#endif
