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
#include "rtas.h"
#include "guest/abi.h"

#define MAX_WORDS	32

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

/* a new command at the end of the script, its text the words */
static struct vmm_cmd *new_cmd(struct pctx *p, struct vmm_script *s, enum vmm_op op,
			       char **w, int nw)
{
	struct vmm_cmd *c = realloc(s->cmds, (s->n + 1) * sizeof(*c));
	size_t len = 0;
	int i;

	if (!c) {
		perr(p, "out of memory");
		return NULL;
	}
	s->cmds = c;
	c = &s->cmds[s->n++];
	memset(c, 0, sizeof(*c));
	c->op = op;
	c->line = p->line;
	c->shift = 12;
	c->in_kernel = 1;
	c->land = 1;
	for (i = 0; i < nw && len < sizeof(c->text) - 1; i++)
		len += snprintf(c->text + len, sizeof(c->text) - len, "%s%s", i ? " " : "", w[i]);
	return c;
}

/* DDDD:BB:DD.F, as sysfs names a PCI function */
static int is_bdf(const char *b)
{
	static const char form[] = "hhhh:hh:hh.h";
	size_t i;

	if (strlen(b) != sizeof(form) - 1)
		return 0;
	for (i = 0; form[i]; i++) {
		if (form[i] == 'h' ? !isxdigit((unsigned char)b[i]) : b[i] != form[i])
			return 0;
	}
	return b[11] >= '0' && b[11] <= '7';
}

/* the PE state NAME names (vmm_rtas_state_name: "stopped" is 2), -1 for none */
static int vmm_state_lookup(const char *name)
{
	int st;

	for (st = 0; st < 16; st++)
		if (vmm_rtas_state_name(st) && !strcasecmp(name, vmm_rtas_state_name(st)))
			return st;
	return -1;
}

/* vfio, fill, expect-memory, edu-dma; 1 when w[0] is none of them */
static int parse_vmm_side(struct pctx *p, struct vmm_script *s, char **w, int nw)
{
	struct vmm_cmd *c;
	const struct vmm_cmd *win;
	uint64_t v[3];
	int k, first;

	if (!strcasecmp(w[0], "vfio")) {
		if (nw != 3)
			return perr(p, "vfio needs BDF LIOBN");
		if (!is_bdf(w[1]))
			return perr(p, "vfio: '%s' is not a PCI function (DDDD:BB:DD.F)", w[1]);
		if (num(p, "LIOBN", w[2], &v[0]))
			return -1;
		win = vmm_script_window(s, v[0]);
		if (!win || !win->in_kernel)
			return perr(p, "vfio: LIOBN 0x%llx: no in-kernel window defined before",
				    (unsigned long long)v[0]);
		if (win->size & (win->size - 1))
			return perr(p, "vfio: window 0x%llx: its size 0x%llx is not a power of two",
				    (unsigned long long)v[0], (unsigned long long)win->size);
		if (vmm_script_vfio(s))
			return perr(p, "vfio: one a script (line %d)", vmm_script_vfio(s)->line);
		c = new_cmd(p, s, VMM_VFIO, w, nw);
		if (!c)
			return -1;
		snprintf(c->bdf, sizeof(c->bdf), "%s", w[1]);
		c->liobn = v[0];
		return 0;
	}
	if (!strcasecmp(w[0], "fill") || !strcasecmp(w[0], "expect-memory")) {
		if (nw != 4)
			return perr(p, "%s needs GPA LEN PATTERN", w[0]);
		if (num(p, "GPA", w[1], &v[0]) || num(p, "LEN", w[2], &v[1]) ||
		    num(p, "PATTERN", w[3], &v[2]))
			return -1;
		if (!v[1] || v[1] > (1ULL << 32) || v[0] + v[1] < v[0])
			return perr(p, "%s: LEN 0x%llx: 1 .. 4 GiB", w[0], (unsigned long long)v[1]);
		c = new_cmd(p, s, tolower((unsigned char)w[0][0]) == 'f' ? VMM_FILL : VMM_EXPECT_MEM,
			    w, nw);
		if (!c)
			return -1;
		c->gpa = v[0];
		c->len = v[1];
		c->pattern = v[2];
		if (c->op == VMM_EXPECT_MEM)
			s->nchecks++;
		return 0;
	}
	if (!strcasecmp(w[0], "run")) {
		size_t len = 0, need = 0;

		if (nw < 2)
			return perr(p, "run needs a COMMAND");
		for (k = 1; k < nw; k++)
			need += strlen(w[k]) + 1;
		c = new_cmd(p, s, VMM_RUN, w, nw);
		if (!c)
			return -1;
		c->cmdline = malloc(need);
		if (!c->cmdline)
			return perr(p, "out of memory");
		for (k = 1; k < nw; k++)
			len += sprintf(c->cmdline + len, "%s%s", k > 1 ? " " : "", w[k]);
		s->nchecks++;
		return 0;
	}
	if (!strcasecmp(w[0], "eeh")) {
		unsigned int op;

		if (nw < 2)
			return perr(p, "eeh needs OP");
		for (op = 0; vmm_eeh_op_name(op); op++)
			if (!strcasecmp(w[1], vmm_eeh_op_name(op)))
				break;
		if (!vmm_eeh_op_name(op))
			return perr(p, "eeh: unknown OP '%s' (enable, disable, unfreeze-io, unfreeze-dma, get-state, reset-off, reset-hot, reset-fundamental, configure)",
				    w[1]);
		if (!vmm_script_vfio(s))
			return perr(p, "eeh: no vfio function before it");
		c = new_cmd(p, s, VMM_EEH, w, 2);
		if (!c)
			return -1;
		c->eeh_op = op;
		for (k = 2; k < nw; k++) {
			int st;

			if (strncasecmp(w[k], "expect=", 7))
				return perr(p, "eeh: unexpected '%s' (expect=)", w[k]);
			st = op == 4 ? vmm_state_lookup(w[k] + 7) : -1;
			if (st >= 0) {
				c->expect = st;
			} else {
				if (num(p, "expect=", w[k] + 7, &v[0]))
					return -1;
				c->expect = (long)v[0];
			}
			c->has_expect = 1;
		}
		s->nchecks++;
		return 0;
	}
	if (strcasecmp(w[0], "edu-dma"))
		return 1;
	if (nw < 5)
		return perr(p, "edu-dma needs to-ram|from-ram IOBA LEN GPA");
	if (strcasecmp(w[1], "to-ram") && strcasecmp(w[1], "from-ram"))
		return perr(p, "edu-dma: '%s': to-ram or from-ram", w[1]);
	if (num(p, "IOBA", w[2], &v[0]) || num(p, "LEN", w[3], &v[1]) || num(p, "GPA", w[4], &v[2]))
		return -1;
	/* QEMU's edu stops the whole machine for a transfer that leaves its buffer */
	if (!v[1] || v[1] > EDU_DMA_MAX)
		return perr(p, "edu-dma: LEN %llu: 1 .. %d (the edu's buffer)",
			    (unsigned long long)v[1], EDU_DMA_MAX);
	if (!vmm_script_vfio(s))
		return perr(p, "edu-dma: no vfio function before it");
	c = new_cmd(p, s, VMM_EDU_DMA, w, 5);
	if (!c)
		return -1;
	c->to_ram = tolower((unsigned char)w[1][0]) == 't';
	c->ioba = v[0];
	c->len = v[1];
	c->gpa = v[2];
	for (k = 5; k < nw; k++) {
		first = !strncasecmp(w[k], "expect=", 7);
		if (first && c->to_ram && !strcasecmp(w[k] + 7, "landed"))
			c->land = 1;
		else if (first && c->to_ram && !strcasecmp(w[k] + 7, "not-landed"))
			c->land = 0;
		else
			return perr(p, "edu-dma: unexpected '%s' (to-ram takes expect=landed|not-landed)",
				    w[k]);
	}
	s->nchecks++;
	return 0;
}


/* the RTAS calls of the rtas command: the buffer the VMM writes by default */
static const struct {
	const char *word;
	uint32_t token, nargs, nret, addr;
	int optarg;		/* the args[] the OPTION goes in, -1: none */
	int opt_default;	/* -1: an OPTION is needed */
	const char *opts[4];	/* OPTION names, by value (NULL: none) */
} rtas_subs[] = {
	{ "set-eeh-option", RTAS_TOKEN_SET_EEH_OPTION, 4, 1, RTAS_PE_ADDR, 3, -1,
	  { "disable", "enable", "thaw-mmio", "thaw-dma" } },
	{ "read-slot-reset-state2", RTAS_TOKEN_READ_SLOT_RESET_STATE2, 3, 4, RTAS_PE_ADDR, -1, 0,
	  { NULL } },
	{ "set-slot-reset", RTAS_TOKEN_SET_SLOT_RESET, 4, 1, RTAS_PE_ADDR, 3, -1,
	  { "off", "hot", NULL, "fundamental" } },
	{ "configure-pe", RTAS_TOKEN_CONFIGURE_PE, 3, 1, RTAS_PE_ADDR, -1, 0, { NULL } },
	{ "get-config-addr-info2", RTAS_TOKEN_GET_CONFIG_ADDR_INFO2, 4, 2, RTAS_CONFIG_ADDR, 3, -1,
	  { "pe-addr", "pe-mode" } },
	{ "slot-error-detail", RTAS_TOKEN_SLOT_ERROR_DETAIL, 8, 1, RTAS_PE_ADDR, 7, 1,
	  { NULL, "temp", "perm" } },
};
#define NSUBS	(sizeof(rtas_subs) / sizeof(rtas_subs[0]))

const char *vmm_rtas_sub_name(unsigned int sub)
{
	return sub < NSUBS ? rtas_subs[sub].word : NULL;
}

/* a 32-bit number (or, for status=, a negative one) */
static int num32(struct pctx *p, const char *what, const char *s, int neg, uint32_t *v)
{
	uint64_t u;

	if (neg && *s == '-') {
		if (num(p, what, s + 1, &u))
			return -1;
		if (u > 0x80000000ULL)
			return perr(p, "%s: '%s' is out of range", what, s);
		*v = (uint32_t)(0 - u);
		return 0;
	}
	if (num(p, what, s, &u))
		return -1;
	if (u > 0xffffffffULL)
		return perr(p, "%s: '%s' is more than 32 bits", what, s);
	*v = (uint32_t)u;
	return 0;
}

static int parse_rtas(struct pctx *p, struct vmm_script *s, char **w, int nw)
{
	struct vmm_cmd *c;
	unsigned int sub, k;
	int i = 2, has_opt = 0, named = -1;
	uint32_t v = 0, optval = 0;
	uint64_t u, lo = GUEST_MBOX_GPA + MB_CALLS + MB_MAX_CALLS * CALL_SIZE;

	if (nw < 2)
		return perr(p, "rtas needs a CALL (set-eeh-option, read-slot-reset-state2, set-slot-reset, configure-pe, get-config-addr-info2, slot-error-detail)");
	for (sub = 0; sub < NSUBS; sub++)
		if (!strcasecmp(w[1], rtas_subs[sub].word))
			break;
	if (sub == NSUBS)
		return perr(p, "rtas: unknown CALL '%s' (set-eeh-option, read-slot-reset-state2, set-slot-reset, configure-pe, get-config-addr-info2, slot-error-detail)",
			    w[1]);
	if (s->ncalls == VMM_SCRIPT_MAX)
		return perr(p, "more than %d hypercalls", VMM_SCRIPT_MAX);
	if (rtas_subs[sub].optarg >= 0 && nw > 2 && !strchr(w[2], '=')) {
		for (k = 0; k < 4; k++)
			if (rtas_subs[sub].opts[k] && !strcasecmp(w[2], rtas_subs[sub].opts[k]))
				break;
		if (k < 4) {
			optval = k;
			named = (int)k;
		} else if (!isdigit((unsigned char)w[2][0])) {
			return perr(p, "rtas %s: unknown OPTION '%s'", rtas_subs[sub].word, w[2]);
		} else if (num32(p, "OPTION", w[2], 0, &optval)) {
			return -1;
		}
		has_opt = 1;
		i = 3;
	}
	if (rtas_subs[sub].optarg >= 0 && !has_opt) {
		if (rtas_subs[sub].opt_default < 0)
			return perr(p, "rtas %s needs an OPTION", rtas_subs[sub].word);
		optval = (uint32_t)rtas_subs[sub].opt_default;
	}
	c = new_cmd(p, s, VMM_RTAS, w, nw);
	if (!c)
		return -1;
	c->rtas_sub = sub;
	c->rtas_token = rtas_subs[sub].token;
	c->rtas_nargs = rtas_subs[sub].nargs;
	c->rtas_nret = rtas_subs[sub].nret;
	c->rtas_args[0] = rtas_subs[sub].addr;
	c->rtas_args[1] = (uint32_t)(RTAS_BUID >> 32);
	c->rtas_args[2] = (uint32_t)RTAS_BUID;
	if (rtas_subs[sub].optarg >= 0)
		c->rtas_args[rtas_subs[sub].optarg] = optval;
	c->gpa = GUEST_RTAS_GPA;
	c->has_expect = 1;
	c->expect = H_SUCCESS;
	for (; i < nw; i++) {
		char *eq = strchr(w[i], '=');
		const char *val = eq ? eq + 1 : "";

		if (!eq)
			return perr(p, "rtas: unexpected '%s' (options are status=, expect=, by=, state=, value=, token=, nargs=, nret=, buid=, addr=, gpa=)",
				    w[i]);
		if (!strncasecmp(w[i], "expect=", 7)) {
			if (utce_hcode(val, &c->expect))
				return perr(p, "expect=%s: not a return code (H_SUCCESS, H_PARAMETER, ... or a number)",
					    val);
		} else if (!strncasecmp(w[i], "by=", 3)) {
			if (!strcasecmp(val, "kernel"))
				c->by = VMM_BY_KERNEL;
			else if (!strcasecmp(val, "vmm"))
				c->by = VMM_BY_VMM;
			else
				return perr(p, "by=%s: kernel or vmm", val);
		} else if (!strncasecmp(w[i], "status=", 7)) {
			if (num32(p, "status=", val, 1, &v))
				return -1;
			c->status = (int32_t)v;
			c->has_status = 2;	/* given */
		} else if (!strncasecmp(w[i], "state=", 6) &&
			   c->rtas_token == RTAS_TOKEN_READ_SLOT_RESET_STATE2) {
			int st = vmm_state_lookup(val);

			if (st >= 0) {
				v = (uint32_t)st;
			} else if (num32(p, "state=", val, 0, &v)) {
				return perr(p, "state=%s: normal, reset, stopped, stopped-dma, unavail or a number",
					    val);
			}
			c->has_value = 1;
			c->value = v;
		} else if (!strncasecmp(w[i], "value=", 6) &&
			   c->rtas_token == RTAS_TOKEN_GET_CONFIG_ADDR_INFO2) {
			if (num32(p, "value=", val, 0, &v))
				return -1;
			c->has_value = 1;
			c->value = v;
		} else if (!strncasecmp(w[i], "token=", 6)) {
			if (num32(p, "token=", val, 0, &c->rtas_token))
				return -1;
		} else if (!strncasecmp(w[i], "nargs=", 6)) {
			if (num32(p, "nargs=", val, 0, &c->rtas_nargs))
				return -1;
		} else if (!strncasecmp(w[i], "nret=", 5)) {
			if (num32(p, "nret=", val, 0, &c->rtas_nret))
				return -1;
		} else if (!strncasecmp(w[i], "buid=", 5)) {
			if (num(p, "buid=", val, &u))
				return -1;
			c->rtas_args[1] = (uint32_t)(u >> 32);
			c->rtas_args[2] = (uint32_t)u;
		} else if (!strncasecmp(w[i], "addr=", 5)) {
			if (num32(p, "addr=", val, 0, &c->rtas_args[0]))
				return -1;
		} else if (!strncasecmp(w[i], "gpa=", 4)) {
			if (num(p, "gpa=", val, &u))
				return -1;
			if ((u & RTAS_GPA_MASK) != GUEST_RTAS_GPA && (u & RTAS_GPA_MASK) < lo)
				return perr(p, "gpa=0x%llx: the guest program, its tables and the mailbox are below 0x%llx (0x%x is the RTAS buffer's own place)",
					    (unsigned long long)u, (unsigned long long)lo,
					    GUEST_RTAS_GPA);
			c->gpa = u;
		} else {
			*eq = 0;
			return perr(p, "rtas %s: unknown option '%s='", rtas_subs[sub].word, w[i]);
		}
	}
	if (!c->has_status) {
		/* the status is checked unless an H_ code other than success is expected */
		c->has_status = c->expect == H_SUCCESS;
		c->status = c->rtas_token == RTAS_TOKEN_SLOT_ERROR_DETAIL ? RTAS_OUT_NO_ERRORS_FOUND :
			    RTAS_OUT_SUCCESS;
	}
	/* get-config-addr-info2: what it returns when it succeeds, by default */
	if (c->rtas_token == RTAS_TOKEN_GET_CONFIG_ADDR_INFO2 && !c->has_value &&
	    c->has_status && c->status == RTAS_OUT_SUCCESS && (named == 0 || named == 1)) {
		c->has_value = 1;
		c->value = named == 0 ? RTAS_PE_ADDR : RTAS_PE_MODE_SHARED;
	}
	s->ncalls++;
	return 0;
}

uint64_t vmm_rtas_ret_off(const struct vmm_cmd *c, uint32_t i)
{
	return 12 + 4 * ((uint64_t)c->rtas_nargs + i);
}

static int put32(uint8_t *mem, uint64_t memsize, uint64_t gpa, uint64_t off, uint32_t v)
{
	uint8_t *q;

	gpa &= RTAS_GPA_MASK;	/* where the RTAS layer will look for it */
	if (off + 4 > GUEST_RTAS_SIZE || gpa > memsize || memsize - gpa < off + 4)
		return -1;
	q = mem + gpa + off;
	q[0] = v >> 24;
	q[1] = v >> 16;
	q[2] = v >> 8;
	q[3] = v;
	return 0;
}

uint64_t vmm_rtas_prepare(const struct vmm_cmd *c, uint8_t *mem, uint64_t memsize)
{
	uint64_t off = 0, i;

	if (put32(mem, memsize, c->gpa, 0, c->rtas_token) ||
	    put32(mem, memsize, c->gpa, 4, c->rtas_nargs) ||
	    put32(mem, memsize, c->gpa, 8, c->rtas_nret))
		return 0;
	off = 12;
	for (i = 0; i < c->rtas_nargs; i++, off += 4)
		if (put32(mem, memsize, c->gpa, off,
			  i < RTAS_SCRIPT_ARGS ? c->rtas_args[i] : 0))
			return off;
	/* rets[0] is written even when nret is 0: poison it too */
	for (i = 0; i < (c->rtas_nret ? c->rtas_nret : 1); i++, off += 4)
		if (put32(mem, memsize, c->gpa, off, RTAS_POISON))
			return off;
	return off;
}

static int parse_line(struct pctx *p, struct vmm_script *s, char *buf)
{
	char *w[MAX_WORDS], *save = NULL, *tok;
	struct vmm_cmd *c;
	uint64_t v[4] = { 0 };
	int nw = 0, i, k, o;

	for (tok = strtok_r(buf, " \t\r", &save); tok; tok = strtok_r(NULL, " \t\r", &save)) {
		if (nw == MAX_WORDS)
			return perr(p, "more than %d words", MAX_WORDS);
		w[nw++] = tok;
	}
	if (!nw)
		return 0;
	if (!strcasecmp(w[0], "rtas"))
		return parse_rtas(p, s, w, nw);
	k = parse_vmm_side(p, s, w, nw);
	if (k <= 0)
		return k;
	for (o = 0; o < (int)(sizeof(ops) / sizeof(ops[0])); o++)
		if (!strcasecmp(w[0], ops[o].word))
			break;
	if (o == (int)(sizeof(ops) / sizeof(ops[0])))
		return perr(p, "unknown command '%s' (window, h-put-tce, h-put-tce-indirect, h-stuff-tce, h-get-tce, vfio, fill, expect-memory, edu-dma, eeh, rtas, run)",
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

	c = new_cmd(p, s, ops[o].op, w, 1 + ops[o].nargs);
	if (!c)
		return -1;
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
	default:
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
		if (c->list && c->arg < GUEST_RTAS_GPA + GUEST_RTAS_SIZE &&
		    c->arg + 8ULL * c->nlist > GUEST_RTAS_GPA)
			return perr(p, "list=: LIST_GPA 0x%llx: the list would overlap the RTAS buffer (0x%x .. 0x%x)",
				    (unsigned long long)c->arg, GUEST_RTAS_GPA,
				    GUEST_RTAS_GPA + GUEST_RTAS_SIZE);
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

	for (i = 0; i < s->n; i++) {
		free(s->cmds[i].list);
		free(s->cmds[i].cmdline);
	}
	free(s->cmds);
	memset(s, 0, sizeof(*s));
}

const struct vmm_cmd *vmm_script_vfio(const struct vmm_script *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->cmds[i].op == VMM_VFIO)
			return &s->cmds[i];
	return NULL;
}

int vmm_cmd_is_action(const struct vmm_cmd *c)
{
	return c->op == VMM_FILL || c->op == VMM_EXPECT_MEM || c->op == VMM_EDU_DMA ||
	       c->op == VMM_EEH || c->op == VMM_RUN;
}

/* VFIO_EEH_PE_DISABLE (0) .. VFIO_EEH_PE_CONFIGURE (8), by number */
const char *vmm_eeh_op_name(unsigned int op)
{
	static const char *const names[] = {
		"disable", "enable", "unfreeze-io", "unfreeze-dma", "get-state",
		"reset-off", "reset-hot", "reset-fundamental", "configure",
	};

	return op < sizeof(names) / sizeof(names[0]) ? names[op] : NULL;
}

/* splitmix64 of seed and offset: a different byte stream for each seed */
uint8_t vmm_pattern(uint64_t seed, uint64_t i)
{
	uint64_t z = seed * 0x9e3779b97f4a7c15ULL + (i + 1) * 0xbf58476d1ce4e5b9ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return (uint8_t)(z >> 24);
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
	case VMM_RTAS:
		return H_RTAS;
	default:
		break;
	}
	return 0;
}
