/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The executor: runs parsed scenarios on a backend and writes KTAP.
 */
#ifndef EEHLAB_RUNNER_EXEC_H
#define EEHLAB_RUNNER_EXEC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "scenario.h"

struct run_opts {
	const char *backend;	/* "model" (default) */
	uint64_t seed;		/* for fill=random; printed in the header */
	bool verbose;		/* model log lines as KTAP diagnostics */
};

/* Run @n parsed scenarios in order, KTAP on @out. Returns the kselftest
 * exit code: 0 all passed (skips allowed), 1 any failure, 4 all skipped. */
int runner_run(struct scenario *scs, int n, const struct run_opts *o, FILE *out);

/* Backends this build knows ("model"); NULL-terminated. */
extern const char *const runner_backends[];
/* Does this build know backend @name? (main: an unknown one is exit 2;
 * runner_run itself returns 2 for it, with a message on stderr.) */
bool runner_backend_known(const char *name);

#endif /* EEHLAB_RUNNER_EXEC_H */
