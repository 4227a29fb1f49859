/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The "kernel" backend (runner/backend_kernel.c): every verb of struct
 * backend_ops as one generic netlink command to the eehlab kernel module
 * (include/uapi/linux/eehlab.h), on a session of its own.
 */
#ifndef EEHLAB_RUNNER_BACKEND_KERNEL_H
#define EEHLAB_RUNNER_BACKEND_KERNEL_H

#include <stddef.h>
#include "backend.h"

extern const struct backend_ops backend_kernel_ops;

/*
 * One line about an open kernel backend for a --verbose diagnostic:
 * the module's version, the requests sent and the multicast events
 * received (and lost). Empty for any other backend.
 */
void backend_kernel_describe(struct backend *b, char *buf, size_t len);

/*
 * EEHLAB_CMD_REAL_LIST, without a session (it needs no privilege): the
 * real PHBs, PEs and functions into @l (rl_free() it, also on failure).
 * 0, also when there are none (l->platform says why); -errno with @msg:
 * -ENOENT when the module is not loaded.
 */
struct rl_list;
int backend_kernel_real_list(struct rl_list *l, struct eeh_msg *msg);

/*
 * EEHLAB_CMD_REAL_INJECT (needs CAP_NET_ADMIN): the emulated freeze of
 * the real PE r->domain/r->pe_addr, halves r->kind; the reply into @r.
 * 0, or -errno with @msg (the module's text: "no PE 0x1fd on PHB 0000").
 */
struct rl_inject;
int backend_kernel_real_inject(struct rl_inject *r, struct eeh_msg *msg);

#endif /* EEHLAB_RUNNER_BACKEND_KERNEL_H */
