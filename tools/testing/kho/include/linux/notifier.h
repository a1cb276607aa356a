/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: notifier blocks are declared, never called. */
#ifndef KHO_SHIM_LINUX_NOTIFIER_H
#define KHO_SHIM_LINUX_NOTIFIER_H

struct notifier_block {
	int (*notifier_call)(struct notifier_block *nb, unsigned long action,
			     void *data);
};

#define NOTIFY_DONE		0x0000
#define NOTIFY_OK		0x0001
#define NOTIFY_STOP_MASK	0x8000
#define NOTIFY_BAD		(NOTIFY_STOP_MASK | 0x0002)

static inline int notifier_from_errno(int err)
{
	return err ? NOTIFY_STOP_MASK | (NOTIFY_OK - err) : NOTIFY_OK;
}
#endif
