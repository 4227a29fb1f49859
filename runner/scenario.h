/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The scenario language: the keyword table (one table drives the parser,
 * `eehlab help` and docs/scenarios.md) and the parsed form the executor
 * runs. Userspace only.
 */
#ifndef EEHLAB_RUNNER_SCENARIO_H
#define EEHLAB_RUNNER_SCENARIO_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* ---- the keyword table ---- */

enum kw_kind {
	KW_DIRECTIVE,	/* description, requires, include: no subtest */
	KW_TOPOLOGY,	/* phb, rootport, switch, device: subtests, before enumeration */
	KW_STEP,	/* actions: subtests */
	KW_EXPECT,	/* "expect <what>": attaches to the step above */
};

enum arg_type {
	ARG_INT,	/* C syntax: 42, 0x2a, 052 */
	ARG_SIZE,	/* INT with optional K/M/G/T suffix (x1024) */
	ARG_DURATION,	/* number with ms, s, m or h: stored in ms */
	ARG_STR,	/* word or "quoted string" */
	ARG_NAME,	/* a new name: [A-Za-z_][A-Za-z0-9_-]* */
	ARG_DEV,	/* device: name, name.F, DDDD:BB:DD.F or BB:DD.F */
	ARG_PE,		/* a PE: a device (its PE) or PHB:PE in hex, as eeh_force_recover */
	ARG_PHB,	/* PHB index */
	ARG_ENUM,	/* one of choices (case-insensitive) */
	ARG_BOOL,	/* yes/no, true/false, on/off, 1/0 */
	ARG_ADDR,	/* host address: number, BUFFER or BUFFER+OFFSET */
	ARG_LIST,	/* the rest of the line: one or more words (e.g. callbacks) */
};

struct kw_arg {
	const char *name;
	enum arg_type type;
	bool positional;	/* may be given without name=, in table order */
	bool required;
	const char *def;	/* default as written in a scenario, NULL: none */
	const char *const *choices;	/* ARG_ENUM: NULL-terminated */
	const char *help;
};

#define KW_MAX_ARGS 12

/* Identifies a keyword for the executor's dispatch. Append-only. */
enum kw_id {
	K_DESCRIPTION, K_REQUIRES, K_INCLUDE,
	K_PHB, K_ROOTPORT, K_SWITCH, K_DEVICE,
	K_ENUMERATE, K_DRIVER, K_BUFFER, K_WINDOW, K_MAP, K_UNMAP,
	K_MMIO_READ, K_MMIO_WRITE, K_CFG_READ, K_CFG_WRITE, K_DMA,
	K_INJECT, K_FREEZE, K_FENCE, K_DMA_FAULT, K_CHECK, K_RECOVER,
	K_WAIT, K_EEH_CONFIG,
	K_EXPECT_OK, K_EXPECT_ERROR, K_EXPECT_STATE, K_EXPECT_SYSFS,
	K_EXPECT_FROZEN, K_EXPECT_VALUE, K_EXPECT_DMA, K_EXPECT_MEMORY,
	K_EXPECT_CALLBACKS, K_EXPECT_FREEZES, K_EXPECT_FIRMWARE,
	K_EXPECT_DIAG, K_EXPECT_RESULT, K_EXPECT_PRESENT, K_EXPECT_COUNTER,
	/* guests and the TCE hypercalls */
	K_GUEST, K_SLOT, K_ASSIGN, K_RELEASE, K_GUEST_WINDOW, K_GUEST_LIOBN,
	K_H_PUT_TCE, K_H_GET_TCE, K_H_PUT_TCE_INDIRECT, K_H_STUFF_TCE,
	K_TCE_LIST, K_GUEST_WRITE, K_GUEST_EEH,
	K_EXPECT_HCALL, K_EXPECT_TCE, K_EXPECT_TIERS, K_EXPECT_GUEST_STATE,
	K_EXPECT_GUEST_MEMORY, K_EXPECT_VIOLATION,
	/* real PEs */
	K_REAL, K_FORCE_RECOVER,
	/* two vCPUs at once */
	K_RACE, K_EXPECT_RACE,
	K__COUNT
};

struct keyword {
	enum kw_id id;
	const char *name;	/* "mmio-read"; expectations: "value" (written "expect value") */
	enum kw_kind kind;
	const char *summary;	/* one line */
	const char *help;	/* paragraph(s) */
	const char *example;	/* one line as written in a scenario */
	struct kw_arg args[KW_MAX_ARGS];	/* terminated by name == NULL */
};

extern const struct keyword kw_table[];
extern const int kw_count;

/* Case-insensitive. @kind KW_EXPECT looks among the expectations (name
 * without "expect "), any other kind among all the other statements. */
const struct keyword *kw_lookup(enum kw_kind kind, const char *name);
const struct keyword *kw_by_id(enum kw_id id);

/* ---- parsed values ---- */

struct sc_value {
	bool set;		/* given on the line or defaulted */
	bool defaulted;
	char *raw;		/* the text after variable expansion */
	uint64_t num;		/* INT, SIZE, DURATION (ms), PHB, BOOL, ENUM index */
	/* ARG_ADDR: buffer name (NULL for a plain number) + offset in num */
	char *buffer;
	/* ARG_PE given as PHB:PE */
	int pe_phb, pe_num;	/* -1 when given as a device */
	/* ARG_LIST: the words */
	char **words;
	int nwords;
};

struct sc_stmt {
	const struct keyword *kw;
	const char *file;	/* the file it was read from (include-aware) */
	int line;
	char *text;		/* the statement as written (expanded), for names */
	struct sc_value vals[KW_MAX_ARGS];	/* indexed like kw->args */
	struct sc_stmt *expects;	/* KW_TOPOLOGY/KW_STEP only */
	int nexpects;
};

struct scenario {
	char *path;		/* as opened */
	char *name;		/* relative to the directory given on the command line */
	char *description;
	char **requires;	/* the needs, as written ("backend=kernel", "real-phb") */
	int nrequires;
	int requires_line;
	struct sc_stmt *steps;	/* topology and action steps, in order */
	int nsteps;
	char **files;		/* every file read (the top one first, then the
				 * included ones); sc_stmt.file points here */
	int nfiles;
};

/* Variables: -D NAME=value first, then the environment. */
struct sc_vars {
	char **names;
	char **values;
	int n;
};

void sc_vars_set(struct sc_vars *v, const char *name, const char *value);
void sc_vars_free(struct sc_vars *v);

/*
 * Parse @path. 0 on success; on error -1 with "file:line: message"
 * written to @err (the file being the one, maybe an included one, that
 * holds the bad line). @name is how the scenario is named in the KTAP.
 */
int sc_parse_file(const char *path, const char *name, const struct sc_vars *vars,
		  struct scenario *out, char *err, size_t errlen);
/*
 * How `include` reads a file: NULL (the default) reads it from disk. The
 * fuzz target of the parser sets it to serve includes from its input, so
 * no file is opened; it returns the text (malloc'd, the parser frees it)
 * or NULL with *err an errno.
 */
extern char *(*sc_include_reader)(const char *path, size_t *len, int *err);
/* The same, from a string (for tests); @path names it in messages. */
int sc_parse_string(const char *path, const char *text, const struct sc_vars *vars,
		    struct scenario *out, char *err, size_t errlen);
void sc_free(struct scenario *s);

/*
 * Accessors for the executor. sc_arg: NULL when the keyword has no such
 * argument or it was neither given nor defaulted.
 *
 * What the parser stores, beyond the types above:
 * - ARG_ENUM: num is the index in choices, raw the choice as spelled in
 *   the table (whatever case was written).
 * - ARG_LIST: words split at blanks (a quoted word may hold several);
 *   raw is the tokens joined by one space.
 * - inject func= and expect diag func=: num is the function number
 *   (EEH_ERR_FUNC_*), raw the upper-case name, or the number as written
 *   when given as a number.
 * - expect error ERRNO: num is the errno value, raw the upper-case name.
 * - buffer fill=: num is the byte, or 0x100 for random (raw "random").
 * - expect memory: unchanged (BOOL, set only when written: a bare
 *   "unchanged" means unchanged=yes), pattern (a byte) or bytes (raw: hex
 *   digits, lower case; num: the number of bytes); exactly one is set.
 *   len is unset unless given.
 * - A bare word equal to the name of a non-positional BOOL argument sets
 *   it to yes (as fio's boolean options).
 */
const struct sc_value *sc_arg(const struct sc_stmt *st, const char *name);
uint64_t sc_num(const struct sc_stmt *st, const char *name);	/* 0 if unset */
const char *sc_str(const struct sc_stmt *st, const char *name);	/* NULL if unset */
bool sc_has(const struct sc_stmt *st, const char *name);

/* Help: one keyword, the list, or the whole markdown reference. */
void kw_print_list(FILE *out);
int kw_print_help(FILE *out, const char *name);	/* -1: no such keyword */
void kw_print_markdown(FILE *out);

#endif /* EEHLAB_RUNNER_SCENARIO_H */
