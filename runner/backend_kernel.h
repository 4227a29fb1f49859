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

#endif /* EEHLAB_RUNNER_BACKEND_KERNEL_H */
