/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The nl fuzz target's view of the module's code built in userspace
 * (fuzz/nl_glue.c, fuzz/kshim/), without the kernel's headers.
 */
#ifndef EEHLAB_FUZZ_NL_GLUE_H
#define EEHLAB_FUZZ_NL_GLUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* the family's generic netlink id in the userspace build */
#define NL_GLUE_FAMILY_ID	0x1e

/* the isolation invariants of the session @portid uses (0: they hold) */
int nl_glue_invariants(uint32_t portid, char *why, size_t len);
/* eehlab_lock is held (after a command: a lock leaked) */
bool nl_glue_locked(void);

#endif /* EEHLAB_FUZZ_NL_GLUE_H */
