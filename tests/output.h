/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The runner's KTAP output captured in memory, for the tests that run
 * scenarios (test_exec, test_compare): HAS / HASNT check a substring and
 * print the whole output as "#| " diagnostics when the check fails.
 */
#ifndef EEHLAB_TESTS_OUTPUT_H
#define EEHLAB_TESTS_OUTPUT_H

#include <stdio.h>
#include <string.h>
#include "harness.h"

static char *out_text;

static inline void dump(void)
{
	const char *p = out_text;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		int n = nl ? (int)(nl - p) : (int)strlen(p);

		printf("#| %.*s\n", n, p);
		p += n + (nl ? 1 : 0);
	}
}

#define HAS(s) do { if (!out_text || !strstr(out_text, s)) { dump(); } EXPECT_HAS(out_text, s); } while (0)
#define HASNT(s) do { if (out_text && strstr(out_text, s)) { dump(); } EXPECT_TRUE(!strstr(out_text, s)); } while (0)

#endif /* EEHLAB_TESTS_OUTPUT_H */
