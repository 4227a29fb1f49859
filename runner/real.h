/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * eehlab inject --backend kernel (runner/real.c): what is not in exec.h.
 */
#ifndef EEHLAB_RUNNER_REAL_H
#define EEHLAB_RUNNER_REAL_H

#include <stdio.h>
#include <stdint.h>
#include "exec.h"

/*
 * The permanent failure of PE @addr of PHB @domain, @ms after the freeze:
 * "permanent failure: PE 0x<addr> permanently failed: device removed
 * (...)" on @out. @now: the PE as last listed (NULL: gone from the EEH
 * core); @before, @ipe: the listing before the freeze and the PE's index
 * in it, for its functions (@before NULL: none named).
 */
void rl_print_permanent(int domain, uint32_t addr, const struct rl_pe *now,
			const struct rl_list *before, int ipe, long ms, FILE *out);

#endif /* EEHLAB_RUNNER_REAL_H */
