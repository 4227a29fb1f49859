// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab inject --backend kernel: the emulated freeze of a real PE under
 * QEMU powernv (EEHLAB_CMD_REAL_INJECT, driver/eehlab_powernv.c), then
 * the Linux EEH core's recovery of it through the real drivers, followed
 * through REAL_LIST every 100 ms: the PE's freeze count up and its state
 * back to normal. With --hw, firmware's own injection instead
 * (EEHLAB_CMD_REAL_HW_INJECT: eeh_pe_inject_err()), its answer read from
 * the kernel log, then the PE followed the same way. Either way the
 * driver callbacks the EEH core logged (runner/kmsg.c) are printed after
 * the recovery. docs/powernv.md describes it.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "exec.h"
#include "real.h"
#include "backend_kernel.h"
#include "kmsg.h"
#include "eehlab/inject.h"
#include "eehlab/linux_eeh.h"
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

/* a u64 in decimal or 0x hex, the whole string */
static int u64_arg(const char *arg, uint64_t *v)
{
	unsigned long long n;
	char *end;

	if (!*arg || arg[0] == '-' || arg[0] == '+' || arg[0] == ' ')
		return -1;
	errno = 0;
	n = strtoull(arg, &end, 0);
	if (*end || errno)
		return -1;
	*v = n;
	return 0;
}

int rl_parse_hw_func(const char *arg, uint32_t *func, char *err, size_t len)
{
	uint64_t n;
	int f;

	if (arg[0] >= '0' && arg[0] <= '9') {
		if (u64_arg(arg, &n) || n > 0xffffffffULL)
			return set_err(err, len, "--hw '%s': not a number of at most 0xffffffff", arg);
		*func = (uint32_t)n;
		return 0;
	}
	f = eeh_inj_func_lookup(arg);
	if (f < 0)
		return set_err(err, len, "--hw '%s': expected a function name (LD_MEM_ADDR, "
			       "LD_CFG_ADDR, DMA_RD_ADDR, ...; eehlab help inject lists them) "
			       "or a number", arg);
	*func = (uint32_t)f;
	return 0;
}

static int fw_expect_arg(const char *arg, enum rl_fw_expect *e)
{
	if (!strcmp(arg, "accepted"))
		*e = RL_FW_ACCEPTED;
	else if (!strcmp(arg, "parameter"))
		*e = RL_FW_PARAMETER;
	else if (!strcmp(arg, "unsupported"))
		*e = RL_FW_UNSUPPORTED;
	else
		return -1;
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
		{ "hw", required_argument, NULL, 'w' },
		{ "type", required_argument, NULL, 'y' },
		{ "addr", required_argument, NULL, 'a' },
		{ "mask", required_argument, NULL, 'm' },
		{ "expect-firmware", required_argument, NULL, 'e' },
		{ "expect-freeze", no_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *backend = NULL, *hw_only = NULL;
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
		case 'w':
			if (rl_parse_hw_func(optarg, &o->func, err, len))
				return -EINVAL;
			o->hw = true;
			break;
		case 'y':
			if (strcmp(optarg, "0") && strcmp(optarg, "1"))
				return set_err(err, len, "--type '%s': expected 0 (32-bit) or 1 "
					       "(64-bit)", optarg);
			o->type = (uint32_t)(optarg[0] - '0');
			hw_only = "--type";
			break;
		case 'a':
			if (u64_arg(optarg, &o->addr))
				return set_err(err, len, "--addr '%s': expected a number "
					       "(decimal or 0x hex)", optarg);
			hw_only = "--addr";
			break;
		case 'm':
			if (u64_arg(optarg, &o->mask))
				return set_err(err, len, "--mask '%s': expected a number "
					       "(decimal or 0x hex)", optarg);
			hw_only = "--mask";
			break;
		case 'e':
			if (fw_expect_arg(optarg, &o->expect_fw))
				return set_err(err, len, "--expect-firmware '%s': expected accepted, "
					       "parameter or unsupported", optarg);
			hw_only = "--expect-firmware";
			break;
		case 'F':
			o->expect_freeze = true;
			hw_only = "--expect-freeze";
			break;
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
	if (o->hw && o->kind)
		return set_err(err, len, "%s", "--freeze and --hw exclude each other: the "
			       "emulated freeze or firmware's injection");
	if (!o->hw && !o->kind)
		return set_err(err, len, "%s", "--freeze mmio|dma|both or --hw FUNC is required");
	if (!o->hw && hw_only)
		return set_err(err, len, "%s goes with --hw alone", hw_only);
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

/* OPAL's return codes (skiboot include/opal-api.h) */
static const char *opal_name(long rc)
{
	static const char *const names[] = {
		"OPAL_SUCCESS", "OPAL_PARAMETER", "OPAL_BUSY", "OPAL_PARTIAL",
		"OPAL_CONSTRAINED", "OPAL_CLOSED", "OPAL_HARDWARE", "OPAL_UNSUPPORTED",
		"OPAL_PERMISSION", "OPAL_NO_MEM", "OPAL_RESOURCE", "OPAL_INTERNAL_ERROR",
		"OPAL_BUSY_EVENT", "OPAL_HARDWARE_FROZEN", "OPAL_WRONG_STATE",
	};

	if (rc <= 0 && -rc < (long)(sizeof(names) / sizeof(names[0])))
		return names[-rc];
	return "an OPAL code";
}

enum rl_fw_expect rl_fw_answer(int rc, bool have_opal, long opal, char *buf, size_t len)
{
	if (!rc) {
		snprintf(buf, len, "accepted (OPAL_SUCCESS, 0)");
		return RL_FW_ACCEPTED;
	}
	if (rc != -EIO) {
		snprintf(buf, len, "not asked: the kernel refused (eeh_pe_inject_err %d, %s%s)",
			 rc, strerror(-rc),
			 rc == -EINVAL ? ": a function (or, before 6.12, a type) out of range" :
			 rc == -ERANGE ? ": the PowerNV backend's range check" :
			 rc == -ENXIO ? ": firmware has no OPAL_PCI_ERR_INJECT" :
			 rc == -ENOENT ? ": the platform has no error injection" : "");
		return RL_FW_ANY;
	}
	if (!have_opal) {
		snprintf(buf, len, "refused (eeh_pe_inject_err -EIO; OPAL's code not found in "
			 "the kernel log)");
		return RL_FW_ANY;
	}
	if (opal == -1) {
		snprintf(buf, len, "parameter (OPAL_PARAMETER, -1)");
		return RL_FW_PARAMETER;
	}
	if (opal == -7) {
		snprintf(buf, len, "unsupported (OPAL_UNSUPPORTED, -7)");
		return RL_FW_UNSUPPORTED;
	}
	snprintf(buf, len, "refused (%s, %ld)", opal_name(opal), opal);
	return RL_FW_ANY;
}

static const char *fw_expect_name(enum rl_fw_expect e)
{
	switch (e) {
	case RL_FW_ACCEPTED:
		return "accepted";
	case RL_FW_PARAMETER:
		return "parameter";
	case RL_FW_UNSUPPORTED:
		return "unsupported";
	case RL_FW_ANY:
		break;
	}
	return "any";
}

/* ---- the driver callbacks of the EEH core's recovery, from its log ---- */

void rl_cbs_init(struct rl_cbs *c, int domain, const uint32_t *pes, int npes)
{
	memset(c, 0, sizeof(*c));
	c->domain = domain;
	if (npes > RL_CBS_MAX_PES)
		npes = RL_CBS_MAX_PES;
	memcpy(c->pes, pes, (size_t)npes * sizeof(*pes));
	c->npes = npes;
	c->phase = EEH_CB__COUNT;
}

static bool cbs_pe(const struct rl_cbs *c, int domain, unsigned int pe)
{
	int i;

	if (domain != c->domain)
		return false;
	for (i = 0; i < c->npes; i++)
		if (c->pes[i] == pe)
			return true;
	return false;
}

static struct rl_cbfn *cbs_fn(struct rl_cbs *c, const struct kmsg_cb *cb)
{
	int i;

	for (i = 0; i < c->nfn; i++)
		if (!strcmp(c->fn[i].bdf, cb->bdf))
			return &c->fn[i];
	if (c->nfn == RL_CBS_MAX_FNS)
		return NULL;
	snprintf(c->fn[c->nfn].bdf, sizeof(c->fn[0].bdf), "%s", cb->bdf);
	snprintf(c->fn[c->nfn].driver, sizeof(c->fn[0].driver), "%s", cb->driver);
	return &c->fn[c->nfn++];
}

void rl_cbs_feed(void *ctx, const char *text)
{
	struct rl_cbs *c = ctx;
	struct kmsg_cb cb;
	struct kmsg_pe pe;
	struct kmsg_fw fw;
	struct rl_cbfn *f;
	enum eeh_channel st;
	enum eeh_cb phase;

	if (kmsg_parse_fw(text, &fw)) {
		if (cbs_pe(c, fw.domain, fw.pe)) {
			c->fw = fw;
			c->have_fw = true;
		}
	} else if (kmsg_parse_pe(text, &pe)) {
		if (pe.what == KMSG_PE_RECOVERED) {
			if (c->frozen)
				c->recovered = true;
		} else if (cbs_pe(c, pe.domain, pe.pe)) {
			if (pe.what == KMSG_PE_FROZEN)
				c->frozen = true;
			else if (pe.what == KMSG_PE_PERMANENT)
				c->permanent = true;
			else
				c->failed = true;
		}
	} else if (kmsg_parse_phase(text, &phase, &st)) {
		c->phase = phase;
		c->phase_state = st;
	} else if (kmsg_parse_cb(text, &cb)) {
		if (!cbs_pe(c, (int)strtol(cb.bdf, NULL, 16), cb.pe))
			return;
		f = cbs_fn(c, &cb);
		if (!f)
			return;
		if (!cb.reply) {
			if (f->n < RL_CBS_MAX_CALLS)
				f->call[f->n++] = (struct rl_cbcall){ .cb = cb.cb, .state = cb.state };
			return;
		}
		/* the answer to this phase's call; none when it was not made */
		if (f->n && !f->call[f->n - 1].result && f->call[f->n - 1].cb == c->phase &&
		    f->call[f->n - 1].state == c->phase_state)
			f->call[f->n - 1].result = cb.result;
	}
}

static const char *ers_text(enum eeh_ers r)
{
	switch (r) {
	case EEH_ERS_NONE:
		return "none";
	case EEH_ERS_CAN_RECOVER:
		return "can recover";
	case EEH_ERS_NEED_RESET:
		return "need reset";
	case EEH_ERS_DISCONNECT:
		return "disconnect";
	case EEH_ERS_RECOVERED:
		return "recovered";
	case EEH_ERS_NO_AER_DRIVER:
		return "no AER driver";
	}
	return "?";
}

void rl_cbs_print_fn(const struct rl_cbfn *f, FILE *out)
{
	int i;

	fprintf(out, "callbacks: %s %s:", f->bdf, f->driver);
	for (i = 0; i < f->n; i++) {
		const struct rl_cbcall *k = &f->call[i];

		fprintf(out, "%s ", i ? "," : "");
		if (k->cb == EEH_CB_ERROR_DETECTED)
			fprintf(out, "error_detected(%s)",
				k->state == EEH_IO_PERM_FAILURE ? "permanent failure" : "frozen");
		else
			fputs(eeh_cb_name(k->cb), out);
		if (!k->result)
			fputs(" -> (no answer logged)", out);
		else if (k->cb != EEH_CB_RESUME || k->result != EEH_ERS_NONE)
			fprintf(out, " -> %s", ers_text(k->result));
	}
	fputc('\n', out);
}

/*
 * One "callbacks:" line per function of the PEs @c follows: those with
 * calls in the log first, in the order they appear, then the PEs' other
 * functions of @before (none logged: no driver, or no handlers).
 */
static void rl_cbs_print(const struct rl_cbs *c, const struct rl_list *before, FILE *out)
{
	int i, k;

	for (i = 0; i < c->nfn; i++)
		rl_cbs_print_fn(&c->fn[i], out);
	for (i = 0; before && i < before->ndev; i++) {
		const struct rl_dev *d = &before->dev[i];

		if (d->pe < 0 || d->pe >= before->npe ||
		    !cbs_pe(c, before->pe[d->pe].domain, before->pe[d->pe].addr))
			continue;
		for (k = 0; k < c->nfn; k++)
			if (!strcmp(c->fn[k].bdf, d->bdf))
				break;
		if (k == c->nfn)
			fprintf(out, "callbacks: %s %s: none logged\n", d->bdf,
				d->driver[0] ? d->driver : "(no driver)");
	}
}

int rl_event_format(const struct kb_real_cb *ev, char *buf, size_t len)
{
	char pe[24] = "", cb[32], state[32] = "", res[48] = "";

	if (ev->pe >= 0)
		snprintf(pe, sizeof(pe), " PE 0x%x", (unsigned int)ev->pe);
	if (ev->cb >= 0 && ev->cb < EEH_CB__COUNT)
		snprintf(cb, sizeof(cb), "%s", eeh_cb_name(ev->cb));
	else
		snprintf(cb, sizeof(cb), "callback %d", ev->cb);
	if (ev->state == EEH_IO_NORMAL)
		snprintf(state, sizeof(state), "(normal)");
	else if (ev->state == EEH_IO_FROZEN)
		snprintf(state, sizeof(state), "(frozen)");
	else if (ev->state == EEH_IO_PERM_FAILURE)
		snprintf(state, sizeof(state), "(permanent failure)");
	else if (ev->state >= 0)
		snprintf(state, sizeof(state), "(state %d)", ev->state);
	if (ev->result >= 0)
		snprintf(res, sizeof(res), " -> %s", ers_text(ev->result));
	return snprintf(buf, len, "event: %s%s %s%s%s", ev->bdf, pe, cb, state, res);
}

/* The driver's events this injection is waiting for */
#define RL_MAX_EVENTS	64
struct rl_events {
	struct kb_events *sock;		/* NULL: not subscribed */
	char why[128];			/* why not */
	struct kb_real_cb ev[RL_MAX_EVENTS];
	int n;
	unsigned long lost;
};

/* A function's error_detected without its resume (or remove) yet */
static bool events_pending(const struct rl_events *e)
{
	int i, j;

	for (i = 0; i < e->n; i++) {
		if (e->ev[i].cb != EEH_CB_ERROR_DETECTED)
			continue;
		for (j = i + 1; j < e->n; j++)
			if (!strcmp(e->ev[j].bdf, e->ev[i].bdf) &&
			    (e->ev[j].cb == EEH_CB_RESUME || e->ev[j].cb == EEH_CB_REMOVE))
				break;
		if (j == e->n)
			return true;
	}
	return false;
}

/* One "event:" line per event, in arrival order, or why there are none */
static void events_print(const struct rl_events *e, FILE *out)
{
	char line[256];
	int i;

	if (!e->sock) {
		fprintf(out, "events: not received (%s)\n", e->why);
		return;
	}
	for (i = 0; i < e->n; i++) {
		rl_event_format(&e->ev[i], line, sizeof(line));
		fprintf(out, "%s\n", line);
	}
	if (!e->n)
		fprintf(out, "events: none received\n");
	if (e->lost)
		fprintf(out, "events: %lu more not kept (dropped, or past %d)\n", e->lost,
			RL_MAX_EVENTS);
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

/* The kernel log since the mark into @c; a note on @out when it fails */
static void log_read(struct kmsg *km, struct rl_cbs *c, FILE *out)
{
	int rc;

	if (!km)
		return;
	rc = kmsg_read(km, rl_cbs_feed, c);
	if (rc == -EPIPE) {
		fprintf(out, "kernel log: records were overwritten before they were read\n");
		rc = kmsg_read(km, rl_cbs_feed, c);
	}
	if (rc < 0)
		fprintf(out, "kernel log: reading /dev/kmsg: %s\n", strerror(-rc));
}

/* The first function of PE @ipe in @l; NULL: none */
static const struct rl_dev *pe_first_dev(const struct rl_list *l, int ipe)
{
	int k;

	for (k = 0; k < l->ndev; k++)
		if (l->dev[k].pe == ipe)
			return &l->dev[k];
	return NULL;
}

/* A config read of @bdf's vendor and device IDs through sysfs */
static void cfg_access(const char *bdf, FILE *out)
{
	char path[96];
	unsigned char id[4];
	ssize_t n = -1;
	int fd;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/config", bdf);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = pread(fd, id, sizeof(id), 0);
		close(fd);
	}
	if (n == (ssize_t)sizeof(id))
		fprintf(out, "access: config read of %s: vendor 0x%02x%02x device 0x%02x%02x\n",
			bdf, id[1], id[0], id[3], id[2]);
	else
		fprintf(out, "access: config read of %s failed: %s\n", bdf,
			fd < 0 || n < 0 ? strerror(errno) : "short read");
}

#define INJ_CONTINUE	-1

/*
 * --hw: firmware's injection and its answer; INJ_CONTINUE when a freeze
 * followed (the caller follows the recovery), else the exit code.
 */
static int inject_hw(const struct rl_inject_opts *o, const struct rl_list *before, int ipe,
		     struct kmsg *km, struct rl_cbs *cbs, const struct timespec *t0, FILE *out)
{
	const struct timespec tick = { 0, INJ_POLL_MS * 1000000L };
	struct rl_hw_inject h = { .domain = o->domain, .pe_addr = o->pe_addr, .type = o->type,
				  .func = o->func, .addr = o->addr, .mask = o->mask };
	const struct rl_pe *pe0 = &before->pe[ipe];
	const struct rl_dev *dev = pe_first_dev(before, ipe);
	const char *fname = eeh_inj_func_name((int)o->func);
	struct rl_list now = { 0 };
	struct eeh_msg msg;
	enum rl_fw_expect fw;
	char answer[160];
	int rc, i;
	long ms;

	fprintf(out, "injection: hardware (eeh_pe_inject_err) PHB %04x PE 0x%x func %s (%u) "
		"type %u", o->domain, o->pe_addr, o->func <= EEH_ERR_FUNC_MAX && fname ? fname : "?",
		o->func, o->type);
	if (o->addr || o->mask)
		fprintf(out, " addr 0x%llx mask 0x%llx", (unsigned long long)o->addr,
			(unsigned long long)o->mask);
	fputc('\n', out);
	fflush(out);
	rc = backend_kernel_real_hw_inject(&h, &msg);
	if (rc) {
		fprintf(stderr, "eehlab: inject: PHB %04x PE 0x%x: %s\n", o->domain, o->pe_addr,
			msg.text);
		return INJ_EXIT_USAGE;
	}
	log_read(km, cbs, out);
	fw = rl_fw_answer(h.rc, cbs->have_fw, cbs->fw.rc, answer, sizeof(answer));
	fprintf(out, "firmware: %s\n", answer);
	if (h.rc && h.rc != -EIO)
		return INJ_EXIT_USAGE;
	if (o->expect_fw && fw != o->expect_fw) {
		fprintf(out, "expected firmware: %s\n", fw_expect_name(o->expect_fw));
		return INJ_EXIT_FAILED;
	}
	if (h.rc)
		return o->expect_fw ? 0 : INJ_EXIT_FAILED;

	/* accepted: armed; the next matching access trips it */
	if (dev && (o->func == EEH_ERR_FUNC_LD_CFG_ADDR || o->func == EEH_ERR_FUNC_LD_CFG_DATA ||
		    o->func == EEH_ERR_FUNC_ST_CFG_ADDR || o->func == EEH_ERR_FUNC_ST_CFG_DATA))
		cfg_access(dev->bdf, out);
	if (dev) {
		struct rl_check c = { 0 };

		snprintf(c.bdf, sizeof(c.bdf), "%s", dev->bdf);
		if (backend_kernel_real_check(&c, &msg))
			fprintf(out, "eeh_dev_check_failure(%s): %s\n", dev->bdf, msg.text);
		else
			fprintf(out, "eeh_dev_check_failure(%s): %s\n", c.checked, c.detected ?
				"reported a freeze, recovery queued" : "no freeze");
	}
	fprintf(out, "waiting for a freeze of PHB %04x PE 0x%x (timeout %u s)\n", o->domain,
		o->pe_addr, o->timeout_ms / 1000);
	fflush(out);
	for (;;) {
		rl_free(&now);
		rc = backend_kernel_real_list(&now, &msg);
		ms = ms_since(t0);
		if (rc) {
			fprintf(stderr, "eehlab: inject: list: %s\n", msg.text);
			return INJ_EXIT_FAILED;
		}
		i = rl_find_pe(&now, o->domain, o->pe_addr);
		if (i < 0 || !rl_pe_normal(&now.pe[i]) ||
		    now.pe[i].freeze_count != pe0->freeze_count) {
			fprintf(out, "frozen: PHB %04x PE 0x%x after %ld ms\n", o->domain,
				o->pe_addr, ms);
			rl_free(&now);
			return INJ_CONTINUE;
		}
		if (ms >= (long)o->timeout_ms)
			break;
		nanosleep(&tick, NULL);
	}
	fprintf(out, "no freeze within %u s: PHB %04x PE 0x%x state %d, flags 0x%08x, freezes %u "
		"(armed, never tripped)\n", o->timeout_ms / 1000, o->domain, o->pe_addr,
		now.pe[i].state, now.pe[i].flags, now.pe[i].freeze_count);
	rc = rl_isolation_diff(before, &now, o->domain, o->pe_addr, out);
	if (!rc)
		fprintf(out, "isolation: the %d other PEs unchanged (state, flags, freezes)\n",
			before->npe - 1);
	rl_free(&now);
	if (rc)
		return INJ_EXIT_FAILED;
	return o->expect_freeze ? INJ_EXIT_FAILED : 0;
}

int inject_kernel(const struct rl_inject_opts *o, FILE *out)
{
	struct rl_list before = { 0 }, now = { 0 };
	struct rl_inject r = { .domain = o->domain, .pe_addr = o->pe_addr, .kind = o->kind };
	const struct timespec tick = { 0, INJ_POLL_MS * 1000000L };
	struct timespec t0;
	struct rl_kid kid[RL_MAX_KIDS];
	uint32_t pes[RL_CBS_MAX_PES];
	struct rl_cbs *cbs = NULL;
	struct rl_events *evs = NULL;
	struct kmsg *km = NULL;
	struct rl_pe pe0;
	struct eeh_msg msg;
	int rc, i, k, st, seen = 0, nkid = 0, ipe, ret = INJ_EXIT_FAILED;
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
	pes[0] = o->pe_addr;
	for (k = 0; k < before.npe && nkid < RL_MAX_KIDS; k++)
		if (rl_pe_under(&before, k, o->domain, o->pe_addr)) {
			kid[nkid++] = (struct rl_kid){ .addr = before.pe[k].addr,
							   .recovered_ms = -1 };
			pes[nkid] = before.pe[k].addr;
		}
	cbs = malloc(sizeof(*cbs));
	evs = calloc(1, sizeof(*evs));
	if (!cbs || !evs) {
		free(evs);
		free(cbs);
		fprintf(stderr, "eehlab: inject: out of memory\n");
		rl_free(&before);
		return INJ_EXIT_USAGE;
	}
	rl_cbs_init(cbs, o->domain, pes, nkid + 1);
	/* the mark: what the kernel logs from here on is this injection's */
	if (kmsg_open(&km, &msg))
		fprintf(out, "%s: no firmware codes or driver callbacks from it\n", msg.text);
	/* the module's driver reports its callbacks as events: listen first */
	backend_kernel_events_open(&evs->sock, evs->why, sizeof(evs->why));

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (o->hw) {
		rc = inject_hw(o, &before, ipe, km, cbs, &t0, out);
		if (rc != INJ_CONTINUE) {
			ret = rc;
			goto out;
		}
	} else {
		fprintf(out, "injection: emulated (PEST A/B + PEEV) PHB %04x PE 0x%x freeze %s\n",
			o->domain, o->pe_addr, kind_text(o->kind));
		rc = backend_kernel_real_inject(&r, &msg);
		if (rc) {
			fprintf(stderr, "eehlab: inject: PHB %04x PE 0x%x: %s\n", o->domain,
				o->pe_addr, msg.text);
			ret = INJ_EXIT_USAGE;
			goto out;
		}
		rl_print_inject(&r, out);
		if (!r.detected)
			goto out;
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
		backend_kernel_events_read(evs->sock, evs->ev, RL_MAX_EVENTS, &evs->n, &evs->lost);
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
	/* the callbacks: the recovery's last lines come before its state clears */
	if (km) {
		for (k = 0; k < 10; k++) {
			log_read(km, cbs, out);
			if (st == -2 || cbs->recovered || cbs->failed || cbs->permanent)
				break;
			nanosleep(&tick, NULL);
		}
		rl_cbs_print(cbs, &before, out);
	}
	/* the events: a resume still on its way after the PE's state cleared */
	for (k = 0; k < 10; k++) {
		backend_kernel_events_read(evs->sock, evs->ev, RL_MAX_EVENTS, &evs->n, &evs->lost);
		if (st != 1 || !events_pending(evs))
			break;
		nanosleep(&tick, NULL);
	}
	events_print(evs, out);
	ret = st == 1 ? 0 : INJ_EXIT_FAILED;
out:
	kmsg_close(km);
	if (evs)
		backend_kernel_events_close(evs->sock);
	free(evs);
	free(cbs);
	rl_free(&before);
	rl_free(&now);
	return ret;
}

static void inject_usage(FILE *out)
{
	fputs("usage: eehlab inject --backend kernel --pe DOMAIN:PEADDR --freeze mmio|dma|both\n"
	      "                     [--timeout SECONDS]\n"
	      "       eehlab inject --backend kernel --pe DOMAIN:PEADDR --hw FUNC [--type 0|1]\n"
	      "                     [--addr A] [--mask M]\n"
	      "                     [--expect-firmware accepted|parameter|unsupported]\n"
	      "                     [--expect-freeze] [--timeout SECONDS]\n"
	      "\n"
	      "--freeze: freeze a real PE the way its PHB would (PEST A/B and PEEV through the\n"
	      "PHB's registers: a test-only emulation for QEMU powernv), let the Linux EEH\n"
	      "core find and recover it, and wait (default 30 s) until the PE is back to\n"
	      "normal with its freeze count up; print the recovery time.\n"
	      "\n"
	      "--hw: firmware's own error injection, eeh_pe_inject_err() (OPAL_PCI_ERR_INJECT\n"
	      "on PowerNV) with FUNC a name (LD_MEM_ADDR, LD_IO_ADDR, LD_CFG_ADDR, DMA_RD_ADDR,\n"
	      "...) or a number, and firmware's answer from the kernel log: \"firmware:\n"
	      "accepted (OPAL_SUCCESS, 0)\", \"parameter (OPAL_PARAMETER, -1)\", \"unsupported\n"
	      "(OPAL_UNSUPPORTED, -7)\". Accepted, the injection is armed: a config function\n"
	      "is tried with a config read of the PE's first function, then\n"
	      "eeh_dev_check_failure() on it, and the PE is followed for the timeout; a\n"
	      "freeze is followed to its recovery, none is \"no freeze within N s\".\n"
	      "\n"
	      "Both print the injection's kind first (\"injection: emulated (PEST A/B + PEEV)\n"
	      "...\" or \"injection: hardware (eeh_pe_inject_err) ...\") and, after a recovery,\n"
	      "one line per function of the PE with the driver callbacks the EEH core logged:\n"
	      "\"callbacks: 0000:01:00.0 e1000e: error_detected(frozen) -> need reset,\n"
	      "slot_reset -> recovered, resume\". Then one line per callback event of the\n"
	      "module's own driver (eehlab_edu), in arrival order: \"event: 0002:01:00.0 PE\n"
	      "0xfd error_detected(frozen) -> need reset\" (\"events: not received (...)\" when\n"
	      "the module has no \"events\" group); they never change the exit code.\n"
	      "\n"
	      "Exit 0 recovered (--hw: also firmware answered as --expect-firmware says, or\n"
	      "accepted and no freeze followed without --expect-freeze), 1 not detected,\n"
	      "permanent failure, timeout, another PE changed, or firmware's answer not the\n"
	      "expected one (a refusal without --expect-firmware), 2 usage error, unknown PE\n"
	      "or refused (the module not loaded, not root; the kernel's own refusal of an\n"
	      "injection, firmware never asked).\n", out);
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
