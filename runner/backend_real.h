/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Real PEs (runner/backend_real.c): the operations that run real-device
 * scenarios through the eehlab module (backend_kernel_ops.real) or
 * through the kernel's own sysfs and debugfs files (--backend host).
 */
#ifndef EEHLAB_RUNNER_BACKEND_REAL_H
#define EEHLAB_RUNNER_BACKEND_REAL_H

#include "backend.h"

extern const struct backend_ops backend_real_kernel_ops;
extern const struct backend_ops backend_host_ops;

#endif /* EEHLAB_RUNNER_BACKEND_REAL_H */
