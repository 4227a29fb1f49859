/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * eehlab edu (runner/edu.c): the module's edu driver, its status and its
 * DMA round trip.
 */
#ifndef EEHLAB_RUNNER_EDU_H
#define EEHLAB_RUNNER_EDU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "backend_kernel.h"

#define EDU_EXIT_FAILED	1
#define EDU_EXIT_USAGE	2
/* a round trip moves 1..4095 bytes (driver/eehlab_edu.c says why) */
#define EDU_LEN_MAX	4095

struct edu_opts {
	const char *bdf;	/* NULL: every device (status), the first (DMA) */
	bool dma;
	uint32_t len;		/* default EDU_LEN_MAX */
	uint32_t seed;		/* default 0 */
	bool help;
};

/* The command line (argv[0] "edu"): 0, or -EINVAL with @err. */
int edu_parse(int argc, char **argv, struct edu_opts *o, char *err, size_t len);

/*
 * One device's status line: "edu 0002:01:00.0 PE 0x2: callbacks
 * error_detected(frozen) slot_reset resume; DMA 2 ok, 0 failed; resume
 * DMA verified".
 */
void edu_print_status(const struct edu_status *st, FILE *out);

/*
 * A round trip's line: "dma 0002:01:00.0: 4095 bytes verified (seed 0x0,
 * bus address 0x..., id 0x010000ed)" or "dma ...: FAILED: ...".
 */
void edu_print_dma(const char *bdf, uint32_t len, uint32_t seed,
		   const struct edu_dma_res *r, FILE *out);

int edu_main(int argc, char **argv);

#endif /* EEHLAB_RUNNER_EDU_H */
