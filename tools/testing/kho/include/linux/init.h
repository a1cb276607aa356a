/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: init sections are ordinary code, initcalls are not run. */
#ifndef KHO_SHIM_LINUX_INIT_H
#define KHO_SHIM_LINUX_INIT_H

#define __init
#define __initdata
#define __initconst
#define __ref
#define __ro_after_init

#define __kho_shim_initcall(fn) \
	static int (*__kho_shim_##fn)(void) __attribute__((unused)) = fn
#define late_initcall(fn)	__kho_shim_initcall(fn)
#define fs_initcall(fn)		__kho_shim_initcall(fn)
#define early_param(str, fn) \
	static int (*__kho_shim_##fn)(char *) __attribute__((unused)) = fn

#endif
