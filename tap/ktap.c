// SPDX-License-Identifier: GPL-2.0-only
/*
 * KTAP writer. The layout follows Documentation/dev-tools/ktap.rst and
 * what KUnit prints for nested tests:
 *
 *   KTAP version 1
 *   1..1
 *       KTAP version 1
 *       # Subtest: example
 *       1..2
 *       ok 1 test_1
 *       not ok 2 test_2
 *   not ok 1 example
 *
 * Result and plan lines of subtests are indented (four spaces a level),
 * so plain TAP consumers such as prove see only the top level.
 */
#include <string.h>
#include "ktap.h"

static void ktap_indent(const struct ktap *k)
{
	int i;

	for (i = 0; i < k->depth + k->overflow; i++)
		fputs("    ", k->out);
}

/* A description may not hold '#' (it would start a directive) nor a
 * line break: escape the former as TAP does ("\#"), flatten the latter. */
static void ktap_put_desc(const struct ktap *k, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '#')
			fputs("\\#", k->out);
		else if (*s == '\n' || *s == '\r' || *s == '\t')
			fputc(' ', k->out);
		else
			fputc(*s, k->out);
	}
}

/* Diagnostic data: the rest of the line, line breaks flattened. */
static void ktap_put_text(const struct ktap *k, const char *s)
{
	for (; s && *s; s++)
		fputc(*s == '\n' || *s == '\r' ? ' ' : *s, k->out);
}

void ktap_init(struct ktap *k, FILE *out)
{
	memset(k, 0, sizeof(*k));
	k->out = out;
}

void ktap_header(struct ktap *k, int plan)
{
	ktap_indent(k);
	fputs("KTAP version 1\n", k->out);
	ktap_indent(k);
	fprintf(k->out, "1..%d\n", plan < 0 ? 0 : plan);
}

void ktap_diag(struct ktap *k, const char *fmt, ...)
{
	char buf[1024], *p, *nl;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* one "# " line per line of text */
	p = buf;
	do {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		if (*p || !nl) {
			ktap_indent(k);
			fprintf(k->out, "# %s\n", p);
		}
		p = nl ? nl + 1 : NULL;
	} while (p && *p);
}

void ktap_subtest_begin(struct ktap *k, const char *name, int plan)
{
	if (k->depth + 1 < KTAP_MAX_DEPTH) {
		k->depth++;
		k->num[k->depth] = 0;
	} else {
		/* deeper than we count: keep the layout, share the counter */
		k->overflow++;
	}
	ktap_indent(k);
	fputs("KTAP version 1\n", k->out);
	ktap_indent(k);
	fputs("# Subtest: ", k->out);
	ktap_put_text(k, name);
	fputc('\n', k->out);
	if (plan >= 0) {
		ktap_indent(k);
		fprintf(k->out, "1..%d\n", plan);
	}
}

void ktap_subtest_end(struct ktap *k)
{
	if (k->overflow > 0)
		k->overflow--;
	else if (k->depth > 0)
		k->depth--;
}

void ktap_result(struct ktap *k, enum ktap_result r, const char *name, const char *reason)
{
	int n = ++k->num[k->depth];

	ktap_indent(k);
	fprintf(k->out, "%s %d ", r == KTAP_FAIL ? "not ok" : "ok", n);
	ktap_put_desc(k, name);
	switch (r) {
	case KTAP_SKIP:
		fputs(" # SKIP", k->out);
		break;
	case KTAP_XFAIL:
		fputs(" # XFAIL", k->out);
		break;
	default:
		if (reason && *reason)
			fputs(" #", k->out);
		break;
	}
	if (reason && *reason) {
		fputc(' ', k->out);
		ktap_put_text(k, reason);
	}
	fputc('\n', k->out);
	if (k->depth == 0 && !k->overflow) {
		switch (r) {
		case KTAP_PASS: k->pass++; break;
		case KTAP_FAIL: k->fail++; break;
		case KTAP_SKIP: k->skip++; break;
		case KTAP_XFAIL: k->xfail++; break;
		}
	}
}

void ktap_totals(struct ktap *k)
{
	fprintf(k->out, "# Totals: pass:%d fail:%d xfail:%d xpass:0 skip:%d error:0\n",
		k->pass, k->fail, k->xfail, k->skip);
	fflush(k->out);
}

int ktap_exit_code(const struct ktap *k)
{
	if (k->fail)
		return 1;
	if (!k->pass && !k->xfail)
		return 4;	/* everything skipped, or nothing ran */
	return 0;
}
