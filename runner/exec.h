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

/* Backends this build knows ("model", "kernel"); NULL-terminated. */
extern const char *const runner_backends[];
/* Does this build know backend @name? (main: an unknown one is exit 2;
 * runner_run itself returns 2 for it, with a message on stderr.) */
bool runner_backend_known(const char *name);

struct backend_ops;
/* The backend called @name ("kernel" or what backend_lookup() knows). */
const struct backend_ops *runner_backend_lookup(const char *name);

/*
 * Compare mode: run each scenario on @oracle, then on @other, and report
 * every step whose outcome (ok, not ok or skip, and its diagnostics)
 * differs: KTAP on @out, one test per scenario ("ok" when both agree),
 * "# differs at FILE:LINE: A: ... / B: ..." lines, then
 * "# compare: X scenarios, Y steps, Z differences" and "# Totals:".
 * A scenario that one backend skips for its requires is skipped.
 * Returns 0 when nothing differs and the oracle passed every scenario
 * it ran; 1 on any difference or any failure on the oracle (even one
 * that both backends share); 4 when every scenario was skipped.
 */
int runner_compare(struct scenario *scs, int n, const struct run_opts *o,
		   const struct backend_ops *oracle, const struct backend_ops *other,
		   FILE *out);

#endif /* EEHLAB_RUNNER_EXEC_H */
