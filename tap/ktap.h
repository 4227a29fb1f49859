/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KTAP writer (Documentation/dev-tools/ktap.rst, kselftest.h): nested
 * subtests indented four spaces per level, "# SKIP reason", diagnostics
 * after '#', "# Totals:" at the end. No dependencies.
 */
#ifndef EEHLAB_TAP_KTAP_H
#define EEHLAB_TAP_KTAP_H

#include <stdio.h>
#include <stdarg.h>

enum ktap_result { KTAP_PASS = 0, KTAP_FAIL, KTAP_SKIP, KTAP_XFAIL };

#define KTAP_MAX_DEPTH 4

struct ktap {
	FILE *out;
	int depth;			/* 0: top level */
	int num[KTAP_MAX_DEPTH];	/* last test number at each level */
	int pass, fail, skip, xfail;	/* top-level totals */
	int overflow;			/* levels opened past KTAP_MAX_DEPTH */
};

void ktap_init(struct ktap *k, FILE *out);
void ktap_header(struct ktap *k, int plan);	/* "KTAP version 1", "1..plan" */
void ktap_diag(struct ktap *k, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * Open a subtest one level deeper (four spaces): "KTAP version 1",
 * "# Subtest: name", "1..plan" (no plan line when @plan < 0). Results
 * then go at the new level until ktap_subtest_end(); the caller then
 * writes the subtest's own result with ktap_result() at the parent level.
 */
void ktap_subtest_begin(struct ktap *k, const char *name, int plan);
void ktap_subtest_end(struct ktap *k);
/*
 * "ok N name", "not ok N name", "ok N name # SKIP reason",
 * "ok N name # XFAIL reason" (as kselftest) at the current level; a
 * PASS/FAIL @reason becomes diagnostic data ("not ok N name # reason").
 * '#' in @name is written "\#". Only top-level results are counted.
 */
void ktap_result(struct ktap *k, enum ktap_result r, const char *name, const char *reason);
/* "# Totals: pass:.. fail:.. xfail:.. xpass:0 skip:.. error:0" */
void ktap_totals(struct ktap *k);
/* kselftest exit code: 1 any failure, 4 nothing passed (all skipped or
 * nothing ran), else 0 */
int ktap_exit_code(const struct ktap *k);

#endif /* EEHLAB_TAP_KTAP_H */
