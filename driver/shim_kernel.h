/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel shim's extras for the module itself (not part of shim.h):
 * the allocation counters the module reports at unload and in STATS.
 */
#ifndef _EEHLAB_SHIM_KERNEL_H
#define _EEHLAB_SHIM_KERNEL_H

#include <linux/types.h>

/* Bytes and blocks live through eeh_zalloc() */
size_t eehlab_shim_live_bytes(void);
size_t eehlab_shim_live_blocks(void);
/* Real-mode rule breaks seen (allocations, sleeping locks, vmalloc memory) */
unsigned long eehlab_shim_rm_violations(void);
#ifdef EEHLAB_DEBUG
/* debug builds: the engine lock is held by the caller (driver/eehlab.h) */
void eehlab_lock_assert(const char *where);
#endif

#endif /* _EEHLAB_SHIM_KERNEL_H */
