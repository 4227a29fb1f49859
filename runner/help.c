// SPDX-License-Identifier: GPL-2.0-only
/*
 * `eehlab help`: the keyword list, one keyword's help, and the markdown
 * reference (docs/scenarios.md), all from kw_table.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include "scenario.h"

static const char *const kind_title[] = {
	[KW_DIRECTIVE] = "Directives",
	[KW_TOPOLOGY] = "Topology",
	[KW_STEP] = "Steps",
	[KW_EXPECT] = "Expectations",
};

static const char *const kind_intro[] = {
	[KW_DIRECTIVE] = "Directives shape the file; they are not steps and "
		"report no result.",
	[KW_TOPOLOGY] = "Topology statements describe the PCIe tree. Each is a "
		"subtest; all of them come before the first step, which "
		"enumerates the tree (explicitly with `enumerate`, or implied).",
	[KW_STEP] = "Steps act on the machine. Each is a subtest named "
		"`line N: <statement>`; the expectations below it are checked "
		"right after it. A step without `expect error` must succeed.",
	[KW_EXPECT] = "Expectations are written `expect NAME ...` and belong to "
		"the step (or topology statement) above them.",
};

static const char *type_word(enum arg_type t)
{
	switch (t) {
	case ARG_INT: return "N";
	case ARG_SIZE: return "SIZE";
	case ARG_DURATION: return "DURATION";
	case ARG_STR: return "TEXT";
	case ARG_NAME: return "NAME";
	case ARG_DEV: return "DEV";
	case ARG_PE: return "PE";
	case ARG_PHB: return "PHB";
	case ARG_ENUM: return "CHOICE";
	case ARG_BOOL: return "yes|no";
	case ARG_ADDR: return "ADDR";
	case ARG_LIST: return "WORD...";
	}
	return "?";
}

static const char *type_name(enum arg_type t)
{
	switch (t) {
	case ARG_INT: return "number";
	case ARG_SIZE: return "size";
	case ARG_DURATION: return "duration";
	case ARG_STR: return "text";
	case ARG_NAME: return "new name";
	case ARG_DEV: return "device";
	case ARG_PE: return "PE";
	case ARG_PHB: return "PHB index";
	case ARG_ENUM: return "choice";
	case ARG_BOOL: return "yes/no";
	case ARG_ADDR: return "address";
	case ARG_LIST: return "words";
	}
	return "?";
}

/* The value placeholder of an argument: "N", "edu|plain", ... */
static void put_value(FILE *out, const struct kw_arg *a)
{
	int i;

	if (a->type == ARG_ENUM && a->choices) {
		for (i = 0; a->choices[i]; i++)
			fprintf(out, "%s%s", i ? "|" : "", a->choices[i]);
		return;
	}
	fputs(type_word(a->type), out);
}

static void put_upper(FILE *out, const char *s)
{
	for (; *s; s++)
		fputc(*s == '-' ? '_' : toupper((unsigned char)*s), out);
}

/* "mmio-read DEV [bar=N] ..." */
static void put_synopsis(FILE *out, const struct keyword *kw)
{
	const struct kw_arg *a;
	int i;

	fprintf(out, "%s%s", kw->kind == KW_EXPECT ? "expect " : "", kw->name);
	for (i = 0; i < KW_MAX_ARGS && kw->args[i].name; i++) {
		a = &kw->args[i];
		fputc(' ', out);
		if (!a->required)
			fputc('[', out);
		if (a->positional && a->required) {
			if (a->type == ARG_ENUM)
				put_value(out, a);
			else
				put_upper(out, a->name);
			if (a->type == ARG_LIST)
				fputs("...", out);
		} else {
			fprintf(out, "%s=", a->name);
			put_value(out, a);
		}
		if (!a->required)
			fputc(']', out);
	}
}

static int name_width(void)
{
	int i, w = 0;

	for (i = 0; i < kw_count; i++) {
		int l = (int)strlen(kw_table[i].name) +
			(kw_table[i].kind == KW_EXPECT ? 7 : 0);

		if (l > w)
			w = l;
	}
	return w;
}

void kw_print_list(FILE *out)
{
	int w = name_width(), k, i;
	char buf[64];

	fputs("Scenario keywords (eehlab help KEYWORD for one; "
	      "eehlab help --markdown for all):\n", out);
	for (k = KW_DIRECTIVE; k <= KW_EXPECT; k++) {
		fprintf(out, "\n%s:\n", kind_title[k]);
		for (i = 0; i < kw_count; i++) {
			const struct keyword *kw = &kw_table[i];

			if ((int)kw->kind != k)
				continue;
			snprintf(buf, sizeof(buf), "%s%s",
				 kw->kind == KW_EXPECT ? "expect " : "", kw->name);
			fprintf(out, "  %-*s  %s\n", w, buf, kw->summary);
		}
	}
}

/* Prints @text wrapped at 72 columns, each line indented by @indent. */
static void put_wrapped(FILE *out, const char *text, int indent, int width)
{
	const char *p = text;
	int col = 0;

	while (*p) {
		const char *e = p;
		int len;

		while (*e && *e != ' ' && *e != '\n')
			e++;
		len = (int)(e - p);
		if (col && col + 1 + len > width) {
			fputc('\n', out);
			col = 0;
		}
		if (!col) {
			fprintf(out, "%*s", indent, "");
			col = indent;
		} else {
			fputc(' ', out);
			col++;
		}
		fwrite(p, 1, len, out);
		col += len;
		p = e;
		while (*p == ' ')
			p++;
		if (*p == '\n') {
			fputc('\n', out);
			col = 0;
			p++;
		}
	}
	if (col)
		fputc('\n', out);
}

static void print_one(FILE *out, const struct keyword *kw)
{
	int i, w = 4;

	put_synopsis(out, kw);
	fprintf(out, "\n\n  %c%s.\n\n", toupper((unsigned char)kw->summary[0]), kw->summary + 1);
	put_wrapped(out, kw->help, 2, 74);
	for (i = 0; i < KW_MAX_ARGS && kw->args[i].name; i++)
		if ((int)strlen(kw->args[i].name) > w)
			w = (int)strlen(kw->args[i].name);
	if (kw->args[0].name)
		fputs("\nArguments:\n", out);
	for (i = 0; i < KW_MAX_ARGS && kw->args[i].name; i++) {
		const struct kw_arg *a = &kw->args[i];

		fprintf(out, "  %-*s  %s", w, a->name, type_name(a->type));
		if (a->type == ARG_ENUM && a->choices) {
			int j;

			fputs(" (", out);
			for (j = 0; a->choices[j]; j++)
				fprintf(out, "%s%s", j ? ", " : "", a->choices[j]);
			fputc(')', out);
		}
		if (a->positional)
			fputs(", positional", out);
		if (a->required)
			fputs(", required", out);
		if (a->def)
			fprintf(out, ", default %s", a->def);
		fprintf(out, "\n  %-*s  %s\n", w, "", a->help);
	}
	fprintf(out, "\nExample:\n  %s\n", kw->example);
}

int kw_print_help(FILE *out, const char *name)
{
	const struct keyword *kw = NULL, *other;
	char buf[128];

	if (!name)
		return -1;
	while (*name == ' ')
		name++;
	if (!strncasecmp(name, "expect ", 7)) {
		kw = kw_lookup(KW_EXPECT, name + 7);
	} else if (!strncasecmp(name, "expect-", 7)) {
		kw = kw_lookup(KW_EXPECT, name + 7);
	} else {
		kw = kw_lookup(KW_STEP, name);
		if (!kw)
			kw = kw_lookup(KW_EXPECT, name);
	}
	if (!kw)
		return -1;
	print_one(out, kw);
	/* "dma" is a step and an expectation: point at the other one */
	other = kw->kind == KW_EXPECT ? kw_lookup(KW_STEP, kw->name)
				      : kw_lookup(KW_EXPECT, kw->name);
	if (other) {
		snprintf(buf, sizeof(buf), "%s%s", other->kind == KW_EXPECT ? "expect " : "",
			 other->name);
		fprintf(out, "\nSee also: eehlab help \"%s\"\n", buf);
	}
	return 0;
}

/* ---- markdown ---- */

static void md_cell(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputs("\\|", out);
		else if (*s == '\n')
			fputc(' ', out);
		else
			fputc(*s, out);
	}
}

static void md_anchor(FILE *out, const struct keyword *kw)
{
	const char *p;

	if (kw->kind == KW_EXPECT)
		fputs("expect-", out);
	for (p = kw->name; *p; p++)
		fputc(isalnum((unsigned char)*p) ? *p : '-', out);
}

static void md_keyword(FILE *out, const struct keyword *kw)
{
	int i;

	fprintf(out, "### `%s%s`\n\n", kw->kind == KW_EXPECT ? "expect " : "", kw->name);
	fprintf(out, "%c%s.\n\n", toupper((unsigned char)kw->summary[0]), kw->summary + 1);
	fputs("```\n", out);
	put_synopsis(out, kw);
	fputs("\n```\n\n", out);
	fprintf(out, "%s\n\n", kw->help);
	if (kw->args[0].name) {
		fputs("| Argument | Type | Default | Description |\n", out);
		fputs("|---|---|---|---|\n", out);
		for (i = 0; i < KW_MAX_ARGS && kw->args[i].name; i++) {
			const struct kw_arg *a = &kw->args[i];

			fprintf(out, "| `%s` | %s", a->name, type_name(a->type));
			if (a->type == ARG_ENUM && a->choices) {
				int j;

				fputs(": ", out);
				for (j = 0; a->choices[j]; j++)
					fprintf(out, "%s`%s`", j ? ", " : "", a->choices[j]);
			}
			if (a->positional)
				fputs(", positional", out);
			fputs(" | ", out);
			if (a->required)
				fputs("required", out);
			else if (a->def)
				fprintf(out, "`%s`", a->def);
			else
				fputs("-", out);
			fputs(" | ", out);
			md_cell(out, a->help);
			fputs(" |\n", out);
		}
		fputc('\n', out);
	}
	fprintf(out, "Example:\n\n```\n%s\n```\n\n", kw->example);
}

void kw_print_markdown(FILE *out)
{
	int k, i;

	fputs("<!-- SPDX-License-Identifier: GPL-2.0-only -->\n"
	      "<!-- Generated by `eehlab help --markdown` from the keyword table "
	      "(runner/keywords.c); do not edit: run `make docs`. -->\n\n"
	      "# Scenario keyword reference\n\n"
	      "Every statement of the eehlab scenario language, with its arguments. "
	      "The grammar and the semantics (lines, quoting, variables, includes, "
	      "naming devices and PEs, output and exit codes) are in "
	      "[language.md](language.md). The same table drives the parser and "
	      "`eehlab help KEYWORD`, so this page is what the parser accepts.\n\n"
	      "Arguments are given positionally, in the order listed (only those "
	      "marked *positional*), or as `name=value`. Keywords, argument names "
	      "and choices are case-insensitive. A yes/no argument that is not "
	      "positional may be written as its bare name, meaning `name=yes` "
	      "(`expect memory dst unchanged`). An argument without a default that "
	      "is not given is unset: the check or setting it names does not "
	      "apply.\n\n", out);

	fputs("## Argument types\n\n"
	      "| Type | Written as |\n"
	      "|---|---|\n"
	      "| number | C syntax: `42`, `0x2a`, `052`; 64 bits |\n"
	      "| size | a number with an optional `K`, `M`, `G` or `T` (powers of 1024): `4K`, `0x1000`, `2G` |\n"
	      "| duration | a number with a unit: `250ms`, `2s`, `61m`, `1h` |\n"
	      "| text | a word, or a `\"quoted string\"` (`\\\"` and `\\\\` inside) |\n"
	      "| new name | a letter or `_`, then letters, digits, `_` or `-`; unique in the scenario |\n"
	      "| device | a name from `rootport`, `switch` (and `NAME.0`, `NAME.1`, ... its downstream ports) or `device` (and `NAME.F`, its functions); or a BDF, `DDDD:BB:DD.F` or `BB:DD.F` (PHB 0) |\n"
	      "| PE | a device (meaning its PE), or `PHB:PE` in hex as `eeh_force_recover` takes it: `0:1fd` |\n"
	      "| PHB index | a number: the PCI domain |\n"
	      "| choice | one of the listed words |\n"
	      "| yes/no | `yes`/`no`, `true`/`false`, `on`/`off`, `1`/`0` |\n"
	      "| address | host memory: a number, `BUFFER` or `BUFFER+OFFSET` (a `buffer` defined above) |\n"
	      "| words | the rest of the line, split at blanks (a quoted word may hold several) |\n\n",
	      out);

	for (k = KW_DIRECTIVE; k <= KW_EXPECT; k++) {
		fprintf(out, "## %s\n\n%s\n\n", kind_title[k], kind_intro[k]);
		for (i = 0; i < kw_count; i++) {
			const struct keyword *kw = &kw_table[i];

			if ((int)kw->kind != k)
				continue;
			fprintf(out, "- [`%s%s`](#", kw->kind == KW_EXPECT ? "expect " : "", kw->name);
			md_anchor(out, kw);
			fprintf(out, "): %s\n", kw->summary);
		}
		fputc('\n', out);
		for (i = 0; i < kw_count; i++)
			if ((int)kw_table[i].kind == k)
				md_keyword(out, &kw_table[i]);
	}
}
