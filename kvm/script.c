// SPDX-License-Identifier: GPL-2.0-only
/*
 * The parser of eehlab-vmm's scripts (format in script.h); portable,
 * unit-tested on any host (tests/test_vmm.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdarg.h>
#include <errno.h>
#include <ctype.h>

#include "script.h"
#include "utce.h"

#define MAX_WORDS	16

struct pctx {
	const char *name;
	int line;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3)))
static int perr(struct pctx *p, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(p->err, p->errlen, "%s:%d: ", p->name, p->line);
	if (n < 0 || (size_t)n >= p->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errlen - n, fmt, ap);
	va_end(ap);
	return -1;
}

static int num(struct pctx *p, const char *what, const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	if (!isdigit((unsigned char)*s))
		return perr(p, "%s: '%s' is not a number", what, s);
	*v = strtoull(s, &end, 0);
	if (*end || errno)
		return perr(p, "%s: '%s' is not a number", what, s);
	return 0;
}

static const struct {
	const char *word;
	enum vmm_op op;
	int nargs;		/* positional, after the keyword */
	const char *args[4];
} ops[] = {
	{ "window", VMM_WINDOW, 2, { "LIOBN", "SIZE" } },
	{ "h-put-tce", VMM_PUT, 3, { "LIOBN", "IOBA", "TCE" } },
	{ "h-put-tce-indirect", VMM_INDIRECT, 4, { "LIOBN", "IOBA", "LIST_GPA", "NPAGES" } },
	{ "h-stuff-tce", VMM_STUFF, 4, { "LIOBN", "IOBA", "VALUE", "NPAGES" } },
	{ "h-get-tce", VMM_GET, 2, { "LIOBN", "IOBA" } },
};

static int parse_list(struct pctx *p, struct vmm_cmd *c, char *s)
{
	char *tok, *save = NULL;
	uint64_t v;

	c->list = calloc(TCE_LIST_MAX, sizeof(*c->list));
	if (!c->list)
		return perr(p, "out of memory");
	for (tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (c->nlist == TCE_LIST_MAX)
			return perr(p, "list=: more than %d entries", TCE_LIST_MAX);
		if (num(p, "list=", tok, &v))
			return -1;
		c->list[c->nlist++] = v;
	}
	if (!c->nlist)
		return perr(p, "list=: no entries");
	return 0;
}

/* key=value or a bare word after the positional arguments */
static int parse_opt(struct pctx *p, struct vmm_cmd *c, char *w)
{
	char *eq = strchr(w, '=');
	uint64_t v;

	if (c->op == VMM_WINDOW) {
		if (!strcasecmp(w, "in-kernel")) {
			c->in_kernel = 1;
			return 0;
		}
		if (!strcasecmp(w, "user")) {
			c->in_kernel = 0;
			return 0;
		}
		if (eq && !strncasecmp(w, "shift=", 6)) {
			if (num(p, "shift=", eq + 1, &v))
				return -1;
			if (v < 12 || v > 28)
				return perr(p, "shift=%llu: the I/O page shift must be 12 .. 28",
					    (unsigned long long)v);
			c->shift = (unsigned int)v;
			return 0;
		}
		return perr(p, "window: unknown option '%s' (in-kernel, user, shift=N)", w);
	}
	if (!eq)
		return perr(p, "unexpected '%s' (options are expect=, by=%s%s)", w,
			    c->op == VMM_GET ? ", value=" : "",
			    c->op == VMM_INDIRECT ? ", list=" : "");
	*eq = 0;
	if (!strcasecmp(w, "expect")) {
		if (utce_hcode(eq + 1, &c->expect))
			return perr(p, "expect=%s: not a return code (H_SUCCESS, H_PARAMETER, ... or a number)",
				    eq + 1);
		c->has_expect = 1;
		return 0;
	}
	if (!strcasecmp(w, "by")) {
		if (!strcasecmp(eq + 1, "kernel"))
			c->by = VMM_BY_KERNEL;
		else if (!strcasecmp(eq + 1, "vmm"))
			c->by = VMM_BY_VMM;
		else
			return perr(p, "by=%s: kernel or vmm", eq + 1);
		return 0;
	}
	if (!strcasecmp(w, "value") && c->op == VMM_GET) {
		if (num(p, "value=", eq + 1, &c->value))
			return -1;
		c->has_value = 1;
		return 0;
	}
	if (!strcasecmp(w, "list") && c->op == VMM_INDIRECT) {
		if (c->list)
			return perr(p, "list= given twice");
		return parse_list(p, c, eq + 1);
	}
	return perr(p, "unknown option '%s='", w);
}

static int parse_line(struct pctx *p, struct vmm_script *s, char *buf)
{
	char *w[MAX_WORDS], *save = NULL, *tok;
	struct vmm_cmd *c;
	uint64_t v[4] = { 0 };
	int nw = 0, i, k, o;
	size_t len = 0;

	for (tok = strtok_r(buf, " \t\r", &save); tok; tok = strtok_r(NULL, " \t\r", &save)) {
		if (nw == MAX_WORDS)
			return perr(p, "more than %d words", MAX_WORDS);
		w[nw++] = tok;
	}
	if (!nw)
		return 0;
	for (o = 0; o < (int)(sizeof(ops) / sizeof(ops[0])); o++)
		if (!strcasecmp(w[0], ops[o].word))
			break;
	if (o == (int)(sizeof(ops) / sizeof(ops[0])))
		return perr(p, "unknown command '%s' (window, h-put-tce, h-put-tce-indirect, h-stuff-tce, h-get-tce)",
			    w[0]);
	if (nw - 1 < ops[o].nargs) {
		char want[96] = "";

		for (k = 0; k < ops[o].nargs; k++)
			snprintf(want + strlen(want), sizeof(want) - strlen(want), " %s",
				 ops[o].args[k]);
		return perr(p, "%s needs%s", ops[o].word, want);
	}
	for (k = 0; k < ops[o].nargs; k++)
		if (num(p, ops[o].args[k], w[1 + k], &v[k]))
			return -1;
	if (ops[o].op != VMM_WINDOW && s->ncalls == VMM_SCRIPT_MAX)
		return perr(p, "more than %d hypercalls", VMM_SCRIPT_MAX);

	c = realloc(s->cmds, (s->n + 1) * sizeof(*c));
	if (!c)
		return perr(p, "out of memory");
	s->cmds = c;
	c = &s->cmds[s->n++];
	memset(c, 0, sizeof(*c));
	c->op = ops[o].op;
	c->line = p->line;
	c->shift = 12;
	c->in_kernel = 1;
	for (i = 0; i < 1 + ops[o].nargs && len < sizeof(c->text) - 1; i++)
		len += snprintf(c->text + len, sizeof(c->text) - len, "%s%s",
				i ? " " : "", w[i]);
	if (v[0] > 0xffffffffULL)
		return perr(p, "LIOBN 0x%llx: a LIOBN is 32 bits", (unsigned long long)v[0]);
	c->liobn = v[0];
	switch (c->op) {
	case VMM_WINDOW:
		c->size = v[1];
		break;
	case VMM_PUT:
		c->ioba = v[1];
		c->arg = v[2];
		break;
	case VMM_INDIRECT:
	case VMM_STUFF:
		c->ioba = v[1];
		c->arg = v[2];
		c->npages = v[3];
		break;
	case VMM_GET:
		c->ioba = v[1];
		break;
	}
	for (i = 1 + ops[o].nargs; i < nw; i++)
		if (parse_opt(p, c, w[i]))
			return -1;

	if (c->op == VMM_WINDOW) {
		if (!c->size || (c->size & ((1ULL << c->shift) - 1)))
			return perr(p, "window SIZE 0x%llx: a non-zero multiple of the I/O page (0x%llx)",
				    (unsigned long long)c->size, 1ULL << c->shift);
		if (c->size >> c->shift > (1ULL << 24))
			return perr(p, "window SIZE 0x%llx: more than 2^24 entries",
				    (unsigned long long)c->size);
		if (vmm_script_window(s, c->liobn) != c)
			return perr(p, "window 0x%llx: defined twice (line %d)",
				    (unsigned long long)c->liobn,
				    vmm_script_window(s, c->liobn)->line);
	} else {
		if (c->list && (c->arg & 7))
			return perr(p, "list=: LIST_GPA 0x%llx is not 8-byte aligned: nowhere to write it",
				    (unsigned long long)c->arg);
		s->ncalls++;
	}
	return 0;
}

int vmm_script_parse(const char *name, const char *text, struct vmm_script *s,
		     char *err, size_t errlen)
{
	struct pctx p = { name, 0, err, errlen };
	const char *q = text;
	char buf[4096];

	memset(s, 0, sizeof(*s));
	while (*q) {
		const char *nl = strchr(q, '\n');
		size_t len = nl ? (size_t)(nl - q) : strlen(q);
		char *hash;

		p.line++;
		if (len >= sizeof(buf))
			return perr(&p, "line longer than %zu characters", sizeof(buf) - 1);
		memcpy(buf, q, len);
		buf[len] = 0;
		hash = strchr(buf, '#');
		if (hash)
			*hash = 0;
		if (parse_line(&p, s, buf))
			return -1;
		q += len + (nl ? 1 : 0);
	}
	if (!s->ncalls) {
		p.line = p.line ? p.line : 1;
		return perr(&p, "no hypercalls in the script");
	}
	return 0;
}

int vmm_script_load(const char *path, struct vmm_script *s, char *err,
		    size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t len = 0, cap = 0, n;
	int rc;

	memset(s, 0, sizeof(*s));
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	do {
		if (cap - len < 4096) {
			char *t = realloc(text, cap + 65536);

			if (!t) {
				free(text);
				fclose(f);
				snprintf(err, errlen, "%s: out of memory", path);
				return -1;
			}
			text = t;
			cap += 65536;
		}
		n = fread(text + len, 1, cap - len - 1, f);
		len += n;
	} while (n);
	if (ferror(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		free(text);
		fclose(f);
		return -1;
	}
	fclose(f);
	text[len] = 0;
	if (strlen(text) != len) {
		snprintf(err, errlen, "%s: a NUL byte: not a text file", path);
		free(text);
		return -1;
	}
	rc = vmm_script_parse(path, text, s, err, errlen);
	free(text);
	return rc;
}

void vmm_script_free(struct vmm_script *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->cmds[i].list);
	free(s->cmds);
	memset(s, 0, sizeof(*s));
}

const struct vmm_cmd *vmm_script_window(const struct vmm_script *s,
					uint64_t liobn)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->cmds[i].op == VMM_WINDOW && s->cmds[i].liobn == liobn)
			return &s->cmds[i];
	return NULL;
}

uint64_t vmm_cmd_hcall(const struct vmm_cmd *c)
{
	switch (c->op) {
	case VMM_PUT:
		return H_PUT_TCE;
	case VMM_INDIRECT:
		return H_PUT_TCE_INDIRECT;
	case VMM_STUFF:
		return H_STUFF_TCE;
	case VMM_GET:
		return H_GET_TCE;
	case VMM_WINDOW:
		break;
	}
	return 0;
}
