/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim: kstrtou32() as lib/kstrtox.c parses: an optional '+', "0x"
 * allowed in base 16, at least one digit, one trailing newline; -EINVAL
 * for anything else, -ERANGE above U32_MAX. Bases 8, 10 and 16 only.
 */
#ifndef KHO_SHIM_LINUX_KSTRTOX_H
#define KHO_SHIM_LINUX_KSTRTOX_H
#include <linux/errno.h>
#include <linux/types.h>

static inline int kstrtou32(const char *s, unsigned int base, u32 *res)
{
	u64 val = 0;
	unsigned int d;
	const char *start;

	if (*s == '+')
		s++;
	if (base == 16 && s[0] == '0' && (s[1] | 0x20) == 'x')
		s += 2;
	for (start = s; *s; s++) {
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'f')
			d = (*s | 0x20) - 'a' + 10;
		else
			break;
		if (d >= base)
			break;
		val = val * base + d;
		if (val > 0xffffffffULL)
			return -ERANGE;
	}
	if (s == start)
		return -EINVAL;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = val;
	return 0;
}
#endif
