/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: the TSC rate, unknown to the simulator (profile prints 0). */
#ifndef KHO_SHIM_ASM_TSC_H
#define KHO_SHIM_ASM_TSC_H
#define tsc_khz 0U
#endif
