// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab inject --backend kernel: the emulated freeze of a real PE under
 * QEMU powernv (EEHLAB_CMD_REAL_INJECT, driver/eehlab_powernv.c), then
 * the Linux EEH core's recovery of it through the real drivers, followed
 * through REAL_LIST every 100 ms: the PE's freeze count up and its state
 * back to normal. docs/powernv.md describes it.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "exec.h"
#include "real.h"
#include "backend_kernel.h"
#include "eehlab/model.h"
#include "eehlab/vfio.h"
#include "uapi/linux/eehlab.h"

#define INJ_EXIT_FAILED	1
#define INJ_EXIT_USAGE	2
#define INJ_POLL_MS	100

#include <stdarg.h>

static int __attribute__((format(printf, 3, 4)))
set_err(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* a hex number of at most @max, "0x" allowed; the whole of [s, e) */
static int hex_part(const char *s, const char *e, unsigned long max, unsigned long *v)
{
	unsigned long n = 0;
	const char *p = s;

	if (e - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	if (p == e)
		return -1;
	for (; p < e; p++) {
		int d;

		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'F')
			d = *p - 'A' + 10;
		else
			return -1;
		n = n * 16 + d;
		if (n > max)
			return -1;
	}
	*v = n;
	return 0;
}

int rl_parse_pe(const char *arg, int *domain, uint32_t *addr, char *err, size_t len)
{
	const char *colon = strchr(arg, ':');
	unsigned long d, a;

	if (!colon || strchr(colon + 1, ':'))
		return set_err(err, len, "--pe '%s': expected DOMAIN:PEADDR, both hex "
			       "(for instance 0000:1fd; eehlab list --backend kernel shows them)",
			       arg);
	if (hex_part(arg, colon, 0xffff, &d))
		return set_err(err, len, "--pe '%s': the PCI domain before ':' is not a "
			       "hex number of at most ffff", arg);
	if (hex_part(colon + 1, colon + strlen(colon), 0xffffff, &a))
		return set_err(err, len, "--pe '%s': the PE address after ':' is not a "
			       "hex number of at most ffffff", arg);
	*domain = (int)d;
	*addr = (uint32_t)a;
	return 0;
}

int rl_parse_freeze(const char *arg, uint32_t *kind, char *err, size_t len)
{
	if (!strcmp(arg, "mmio"))
		*kind = EEHLAB_REAL_FREEZE_MMIO;
	else if (!strcmp(arg, "dma"))
		*kind = EEHLAB_REAL_FREEZE_DMA;
	else if (!strcmp(arg, "both"))
		*kind = EEHLAB_REAL_FREEZE_BOTH;
	else
		return set_err(err, len, "--freeze '%s': expected mmio, dma or both", arg);
	return 0;
}

int rl_inject_parse(int argc, char **argv, struct rl_inject_opts *o, char *err,
		    size_t len)
{
	static const struct option opts[] = {
		{ "backend", required_argument, NULL, 'b' },
		{ "pe", required_argument, NULL, 'p' },
		{ "freeze", required_argument, NULL, 'f' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *backend = NULL;
	bool have_pe = false;
	int c;

	memset(o, 0, sizeof(*o));
	o->timeout_ms = 30000;
	o->kind = 0;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			backend = optarg;
			break;
		case 'p':
			if (rl_parse_pe(optarg, &o->domain, &o->pe_addr, err, len))
				return -EINVAL;
			have_pe = true;
			break;
		case 'f':
			if (rl_parse_freeze(optarg, &o->kind, err, len))
				return -EINVAL;
			break;
		case 't': {
			char *end;
			unsigned long s;

			errno = 0;
			s = strtoul(optarg, &end, 10);
			if (!*optarg || *end || errno || optarg[0] == '-' || !s || s > 3600)
				return set_err(err, len, "--timeout '%s': expected seconds, "
					       "1 to 3600", optarg);
			o->timeout_ms = (unsigned int)s * 1000;
			break;
		}
		case 'h':
			o->help = true;
			return 0;
		case ':':
			return set_err(err, len, "option '%s' needs a value", argv[optind - 1]);
		default:
			return set_err(err, len, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return set_err(err, len, "unexpected argument '%s'", argv[optind]);
	if (!backend)
		return set_err(err, len, "%s", "--backend kernel is required: inject freezes a "
			       "real PE of this machine (the model's errors are scenario steps)");
	if (strcmp(backend, "kernel"))
		return set_err(err, len, "--backend '%s': inject works on the kernel backend "
			       "alone", backend);
	if (!have_pe)
		return set_err(err, len, "%s", "--pe DOMAIN:PEADDR is required");
	if (!o->kind)
		return set_err(err, len, "%s", "--freeze mmio|dma|both is required");
	return 0;
}

int rl_find_pe(const struct rl_list *l, int domain, uint32_t addr)
{
	int i;

	for (i = 0; i < l->npe; i++)
		if (l->pe[i].domain == domain && l->pe[i].addr == addr &&
		    !(l->pe[i].type & EEHLAB_REAL_PE_TYPE_PHB))
			return i;
	return -1;
}

int rl_recovery_state(const struct rl_pe *before, const struct rl_pe *now)
{
	if (!now || (now->flags & EEH_PE_REMOVED))
		return -1;
	if (now->freeze_count > before->freeze_count && now->state == EEH_PE_STATE_NORMAL &&
	    !(now->flags & (EEH_PE_ISOLATED | EEH_PE_RECOVERING | EEH_PE_RESET |
			    EEH_PE_CFG_BLOCKED)))
		return 1;
	return 0;
}

/*
 * Whether PE @i of @l is under PE @addr of PHB @domain in the PE tree:
 * in its PELT-V, frozen along with it by the hardware.
 */
static bool rl_pe_under(const struct rl_list *l, int i, int domain, uint32_t addr)
{
	int hops = 0;

	if (l->pe[i].domain != domain)
		return false;
	for (i = l->pe[i].parent; i >= 0 && i < l->npe && hops < l->npe;
	     i = l->pe[i].parent, hops++)
		if (l->pe[i].addr == addr && !(l->pe[i].type & EEHLAB_REAL_PE_TYPE_PHB))
			return true;
	return false;
}

/* A PE back to normal: state 0, neither isolated, recovering, reset,
 * config-blocked nor removed */
static bool rl_pe_normal(const struct rl_pe *p)
{
	return p->state == EEH_PE_STATE_NORMAL &&
	       !(p->flags & (EEH_PE_ISOLATED | EEH_PE_RECOVERING | EEH_PE_RESET |
			     EEH_PE_CFG_BLOCKED | EEH_PE_REMOVED));
}

static const struct rl_pe *rl_same_pe(const struct rl_list *l, const struct rl_pe *b)
{
	const struct rl_pe *a = NULL;
	int k;

	for (k = 0; k < l->npe; k++)
		if (l->pe[k].domain == b->domain && l->pe[k].addr == b->addr &&
		    l->pe[k].type == b->type)
			a = &l->pe[k];
	return a;
}

int rl_isolation_diff(const struct rl_list *before, const struct rl_list *after,
		      int domain, uint32_t addr, FILE *out)
{
	int i, n = 0;

	for (i = 0; i < before->npe; i++) {
		const struct rl_pe *b = &before->pe[i], *a;

		if (b->domain == domain && b->addr == addr)
			continue;
		a = rl_same_pe(after, b);
		if (rl_pe_under(before, i, domain, addr)) {
			/* the PELT-V cascade: frozen too, must be back to normal */
			if (!a) {
				fprintf(out, "cascade: PHB %04x PE 0x%x (under PE 0x%x) is gone\n",
					b->domain, b->addr, addr);
				n++;
			} else if (!rl_pe_normal(a)) {
				fprintf(out, "cascade: PHB %04x PE 0x%x (under PE 0x%x) not back to "
					"normal: state %d, flags 0x%08x\n", b->domain, b->addr, addr,
					a->state, a->flags);
				n++;
			}
			continue;
		}
		if (!a) {
			fprintf(out, "isolation: PHB %04x PE 0x%x is gone\n", b->domain, b->addr);
			n++;
		} else if (a->state != b->state || a->flags != b->flags ||
			   a->freeze_count != b->freeze_count) {
			fprintf(out, "isolation: PHB %04x PE 0x%x changed: state %d -> %d, "
				"flags 0x%08x -> 0x%08x, freezes %u -> %u\n", b->domain, b->addr,
				b->state, a->state, b->flags, a->flags, b->freeze_count,
				a->freeze_count);
			n++;
		}
	}
	return n;
}

static const char *kind_text(uint32_t kind)
{
	switch (kind) {
	case EEHLAB_REAL_FREEZE_MMIO:
		return "mmio";
	case EEHLAB_REAL_FREEZE_DMA:
		return "dma";
	case EEHLAB_REAL_FREEZE_BOTH:
		return "both";
	}
	return "?";
}

void rl_print_inject(const struct rl_inject *r, FILE *out)
{
	fprintf(out, "injected: PHB %04x PE 0x%x, emulated freeze %s: PESTA 0x%016llx "
		"PESTB 0x%016llx PEEV[%u] 0x%016llx\n", r->domain, r->pe_addr,
		kind_text(r->kind), (unsigned long long)r->pesta,
		(unsigned long long)r->pestb, r->pe_addr / 64, (unsigned long long)r->peev);
	fprintf(out, "eeh_dev_check_failure(%s): %s\n", r->bdf,
		r->detected ? "reported the freeze, recovery queued" :
		"did not report the freeze");
}

/* The PEs under the injected one (its PELT-V), followed while polling */
#define RL_MAX_KIDS	64
struct rl_kid {
	uint32_t addr;
	long isolated_ms;	/* first seen not normal */
	long recovered_ms;	/* first seen normal since; -1: not yet */
	bool seen;		/* seen not normal */
};

static void rl_kids_poll(const struct rl_list *now, int domain, struct rl_kid *kid,
			 int nkid, long ms, bool final)
{
	int k, i;

	for (k = 0; k < nkid; k++) {
		struct rl_kid *c = &kid[k];

		i = rl_find_pe(now, domain, c->addr);
		if (i < 0)
			continue;
		if (!rl_pe_normal(&now->pe[i])) {
			if (!c->seen)
				c->isolated_ms = ms;
			c->seen = true;
			c->recovered_ms = -1;
		} else if (c->recovered_ms < 0 && (c->seen || final)) {
			c->recovered_ms = ms;
		}
	}
}

/*
 * The PE gone from REAL_LIST (@now NULL) or marked removed: the EEH core
 * gave up on it (eeh_max_freezes, or a failed reset) and removed its
 * devices. @before and @ipe: the PE's functions before the freeze.
 */
void rl_print_permanent(int domain, uint32_t addr, const struct rl_pe *now,
			const struct rl_list *before, int ipe, long ms, FILE *out)
{
	int k, n = 0;

	fprintf(out, "permanent failure: PE 0x%x permanently failed: device removed "
		"(PHB %04x PE 0x%x %s after %ld ms", addr, domain, addr,
		now ? "marked removed" : "gone from the EEH core", ms);
	if (now)
		fprintf(out, ", flags 0x%08x, freezes %u", now->flags, now->freeze_count);
	fputc(')', out);
	for (k = 0; before && k < before->ndev; k++)
		if (before->dev[k].pe == ipe)
			fprintf(out, "%s%s", n++ ? ", " : "; its functions were ",
				before->dev[k].bdf);
	fputc('\n', out);
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

int inject_kernel(const struct rl_inject_opts *o, FILE *out)
{
	struct rl_list before = { 0 }, now = { 0 };
	struct rl_inject r = { .domain = o->domain, .pe_addr = o->pe_addr, .kind = o->kind };
	const struct timespec tick = { 0, INJ_POLL_MS * 1000000L };
	struct timespec t0;
	struct rl_kid kid[RL_MAX_KIDS];
	struct rl_pe pe0;
	struct eeh_msg msg;
	int rc, i, k, st, seen = 0, nkid = 0, ipe;
	long ms;

	rc = backend_kernel_real_list(&before, &msg);
	if (rc) {
		fprintf(stderr, "eehlab: inject: %s\n", msg.text);
		rl_free(&before);
		return INJ_EXIT_USAGE;
	}
	if (!before.nphb) {
		fprintf(stderr, "eehlab: inject: no real PHBs: %s\n", before.platform);
		rl_free(&before);
		return INJ_EXIT_USAGE;
	}
	i = rl_find_pe(&before, o->domain, o->pe_addr);
	if (i < 0) {
		fprintf(stderr, "eehlab: inject: no PE 0x%x on PHB %04x (eehlab list --backend "
			"kernel shows them)\n", o->pe_addr, o->domain);
		rl_free(&before);
		return INJ_EXIT_USAGE;
	}
	pe0 = before.pe[i];
	ipe = i;
	for (k = 0; k < before.npe && nkid < RL_MAX_KIDS; k++)
		if (rl_pe_under(&before, k, o->domain, o->pe_addr))
			kid[nkid++] = (struct rl_kid){ .addr = before.pe[k].addr,
							   .recovered_ms = -1 };

	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = backend_kernel_real_inject(&r, &msg);
	if (rc) {
		fprintf(stderr, "eehlab: inject: PHB %04x PE 0x%x: %s\n", o->domain, o->pe_addr,
			msg.text);
		rl_free(&before);
		return INJ_EXIT_USAGE;
	}
	rl_print_inject(&r, out);
	if (!r.detected) {
		rl_free(&before);
		return INJ_EXIT_FAILED;
	}
	fprintf(out, "waiting for the EEH core's recovery (timeout %u s)\n", o->timeout_ms / 1000);
	fflush(out);
	for (;;) {
		rl_free(&now);
		rc = backend_kernel_real_list(&now, &msg);
		ms = ms_since(&t0);
		if (rc) {
			fprintf(stderr, "eehlab: inject: list: %s\n", msg.text);
			st = -2;
			break;
		}
		i = rl_find_pe(&now, o->domain, o->pe_addr);
		st = rl_recovery_state(&pe0, i < 0 ? NULL : &now.pe[i]);
		if (!seen && i >= 0 && now.pe[i].flags & EEH_PE_RECOVERING) {
			fprintf(out, "recovering: after %ld ms\n", ms);
			seen = 1;
		}
		rl_kids_poll(&now, o->domain, kid, nkid, ms, false);
		if (st)
			break;
		if (ms >= (long)o->timeout_ms) {
			fprintf(out, "timeout: PHB %04x PE 0x%x not recovered after %ld ms",
				o->domain, o->pe_addr, ms);
			if (i >= 0)
				fprintf(out, " (state %d, flags 0x%08x, freezes %u)", now.pe[i].state,
					now.pe[i].flags, now.pe[i].freeze_count);
			fputc('\n', out);
			st = -2;
			break;
		}
		nanosleep(&tick, NULL);
	}
	if (st == 1) {
		fprintf(out, "recovered: PHB %04x PE 0x%x state 0 normal, freezes %u -> %u, "
			"in %ld ms\n", o->domain, o->pe_addr, pe0.freeze_count,
			now.pe[i].freeze_count, ms);
		rl_kids_poll(&now, o->domain, kid, nkid, ms, true);
		for (k = 0; k < nkid; k++)
			if (kid[k].recovered_ms >= 0)
				fprintf(out, "cascade: PHB %04x PE 0x%x (PELT-V of PE 0x%x) back "
					"to normal in %ld ms%s\n", o->domain, kid[k].addr,
					o->pe_addr, kid[k].recovered_ms, kid[k].seen ? "" :
					" (never listed otherwise: the EEH core handles the "
					"tree under the PE as one)");
		if (rl_isolation_diff(&before, &now, o->domain, o->pe_addr, out))
			st = -2;
		else if (nkid)
			fprintf(out, "isolation: the %d PEs under PE 0x%x back to normal, the %d "
				"other PEs unchanged (state, flags, freezes)\n", nkid,
				o->pe_addr, before.npe - 1 - nkid);
		else
			fprintf(out, "isolation: the %d other PEs unchanged (state, flags, freezes)\n",
				before.npe - 1);
	} else if (st == -1) {
		rl_print_permanent(o->domain, o->pe_addr, i < 0 ? NULL : &now.pe[i],
				   before.ndev ? &before : NULL, ipe, ms, out);
	}
	rl_free(&before);
	rl_free(&now);
	return st == 1 ? 0 : INJ_EXIT_FAILED;
}

static void inject_usage(FILE *out)
{
	fputs("usage: eehlab inject --backend kernel --pe DOMAIN:PEADDR --freeze mmio|dma|both\n"
	      "                     [--timeout SECONDS]\n"
	      "\n"
	      "Freeze a real PE the way its PHB would (PEST A/B and PEEV through the PHB's\n"
	      "registers: a test-only emulation for QEMU powernv), let the Linux EEH core\n"
	      "find and recover it, and wait (default 30 s) until the PE is back to normal\n"
	      "with its freeze count up; print the recovery time. Exit 0 recovered, 1 not\n"
	      "detected, permanent failure, timeout or another PE changed, 2 usage error,\n"
	      "unknown PE or refused (the module not loaded, not root).\n", out);
}

int inject_main(int argc, char **argv)
{
	struct rl_inject_opts o;
	char err[256];

	if (rl_inject_parse(argc, argv, &o, err, sizeof(err))) {
		fprintf(stderr, "eehlab: inject: %s\n\n", err);
		inject_usage(stderr);
		return INJ_EXIT_USAGE;
	}
	if (o.help) {
		inject_usage(stdout);
		return 0;
	}
	return inject_kernel(&o, stdout);
}
