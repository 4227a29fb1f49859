// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab-vmm's RTAS layer (rtas.h): the guest's EEH RTAS calls answered
 * as QEMU's sPAPR code answers them, through VFIO_EEH_PE_OP. Portable,
 * unit-tested on any host (tests/test_rtas.c).
 *
 * What QEMU does, call by call (its checks, in its order):
 *   every call: nargs and nret as below, else -3; the BUID must name the
 *     PHB, else -3; EEH must be available on it (a VFIO function), else -3
 *   ibm,set-eeh-option (4 args, 1 ret): option 0 DISABLE, 1 ENABLE (a
 *     function on the bus of args[0], else -3), 2 UNFREEZE_IO,
 *     3 UNFREEZE_DMA, another -3; the ioctl failing: -1
 *   ibm,get-config-addr-info2 (4, 2): option 0 the PE address of the
 *     function args[0] names (-3 for no such function), 1 the mode,
 *     shared (2); another -3
 *   ibm,read-slot-reset-state2 (3, 4 or 5): GET_STATE (failing: -3),
 *     rets state, 1 (EEH supported), 1000 (no unavailability estimate),
 *     and with 5 rets 0
 *   ibm,set-slot-reset (4, 1): 0 RESET_DEACTIVATE, 1 RESET_HOT,
 *     3 RESET_FUNDAMENTAL, another -3; the ioctl failing: -1
 *   ibm,configure-pe (3, 1): CONFIGURE (failing: -3)
 *   ibm,slot-error-detail (8, 1): args[7] 1 (temporary) or 2 (permanent),
 *     else -3; no error log: 1 (no errors found)
 *   an unknown token: rets[0] -3 and H_PARAMETER in r3 (spapr_rtas.c)
 * The PE-wide calls do not look at the address argument (QEMU's PHB is
 * the PE). QEMU writes rets[0] even when nret is 0; so does this layer.
 * Unlike QEMU (whose loads and stores outside RAM go nowhere), a buffer
 * that does not lie in guest memory is H_PARAMETER, nothing written.
 */
#include <string.h>

#include "rtas.h"
#include "utce.h"
#include "guest/abi.h"

#ifdef __linux__
#include <linux/vfio.h>
_Static_assert(VMM_EEH_PE_GET_STATE == VFIO_EEH_PE_GET_STATE &&
	       VMM_EEH_PE_RESET_HOT == VFIO_EEH_PE_RESET_HOT &&
	       VMM_EEH_PE_CONFIGURE == VFIO_EEH_PE_CONFIGURE &&
	       VMM_EEH_PE_UNFREEZE_DMA == VFIO_EEH_PE_UNFREEZE_DMA,
	       "VFIO_EEH_PE_* differ from rtas.h");
#endif

struct rctx {
	uint8_t *buf;		/* the buffer, header first */
	uint32_t nargs, nret;
	const struct vmm_rtas_pe *pe;
	int (*pe_op)(void *ctx, unsigned int op);
	void *ctx;
	struct vmm_rtas_result *out;
};

static uint32_t ld32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void st32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* args[i]; only i < nargs are read (the callers check nargs first) */
static uint32_t arg(struct rctx *r, uint32_t i)
{
	return ld32(r->buf + 12 + 4 * (uint64_t)i);
}

static uint64_t arg_buid(struct rctx *r)
{
	return (uint64_t)arg(r, 1) << 32 | arg(r, 2);
}

/* rets[i]: rets[0] always has room (checked), the others when i < nret */
static void ret(struct rctx *r, uint32_t i, int32_t v)
{
	if (i && i >= r->nret)
		return;
	st32(r->buf + 12 + 4 * ((uint64_t)r->nargs + i), (uint32_t)v);
	if (i < RTAS_MAX_RETS)
		r->out->rets[i] = v;
	if ((int)i + 1 > r->out->written)
		r->out->written = i + 1;
}

static void refuse(struct rctx *r, const char *why)
{
	r->out->why = why;
	ret(r, 0, RTAS_OUT_PARAM_ERROR);
}

static int op(struct rctx *r, unsigned int o)
{
	r->out->op = (int)o;
	r->out->op_ret = r->pe_op(r->ctx, o);
	return r->out->op_ret;
}

/* the checks every EEH call starts with: 0, or refused */
static int common(struct rctx *r, uint32_t nargs, uint32_t nret_lo, uint32_t nret_hi)
{
	if (r->nargs != nargs || r->nret < nret_lo || r->nret > nret_hi) {
		refuse(r, "nargs or nret not as the call takes them");
		return -1;
	}
	if (!r->pe || arg_buid(r) != r->pe->buid) {
		refuse(r, r->pe ? "no PHB with this BUID" : "no PHB with this BUID (no VFIO function)");
		return -1;
	}
	return 0;
}

static void set_eeh_option(struct rctx *r)
{
	static const unsigned int ops[] = {
		VMM_EEH_PE_DISABLE, VMM_EEH_PE_ENABLE, VMM_EEH_PE_UNFREEZE_IO,
		VMM_EEH_PE_UNFREEZE_DMA,
	};
	uint32_t option;

	if (common(r, 4, 1, 1))
		return;
	option = arg(r, 3);
	if (option >= sizeof(ops) / sizeof(ops[0]))
		return refuse(r, "unknown option");
	/* enable: a function on the bus the address names */
	if (option == RTAS_EEH_ENABLE && ((arg(r, 0) >> 16) & 0xff) != ((r->pe->config_addr >> 16) & 0xff))
		return refuse(r, "no function on the bus of the address");
	ret(r, 0, op(r, ops[option]) < 0 ? RTAS_OUT_HW_ERROR : RTAS_OUT_SUCCESS);
}

static void get_config_addr_info2(struct rctx *r)
{
	uint32_t addr;

	if (common(r, 4, 2, 2))
		return;
	switch (arg(r, 3)) {
	case RTAS_GET_PE_ADDR:
		addr = arg(r, 0);
		/* the function: bus and devfn of the config address */
		if ((addr & 0xffff00) != (r->pe->config_addr & 0xffff00))
			return refuse(r, "no function at this config address");
		ret(r, 1, (int32_t)((((r->pe->config_addr >> 16) & 0xff) << 16) + 1));
		break;
	case RTAS_GET_PE_MODE:
		ret(r, 1, RTAS_PE_MODE_SHARED);
		break;
	default:
		return refuse(r, "unknown option");
	}
	ret(r, 0, RTAS_OUT_SUCCESS);
}

static void read_slot_reset_state2(struct rctx *r)
{
	int st;

	if (common(r, 3, 4, 5))
		return;
	st = op(r, VMM_EEH_PE_GET_STATE);
	if (st < 0)
		return refuse(r, "VFIO_EEH_PE_OP get-state failed");
	ret(r, 0, RTAS_OUT_SUCCESS);
	ret(r, 1, st);
	ret(r, 2, RTAS_EEH_SUPPORT);
	ret(r, 3, RTAS_EEH_PE_UNAVAIL_INFO);
	ret(r, 4, RTAS_EEH_PE_RECOVER_INFO);	/* when nret is 5 */
}

static void set_slot_reset(struct rctx *r)
{
	unsigned int o;

	if (common(r, 4, 1, 1))
		return;
	switch (arg(r, 3)) {
	case RTAS_SLOT_RESET_DEACTIVATE:
		o = VMM_EEH_PE_RESET_DEACTIVATE;
		break;
	case RTAS_SLOT_RESET_HOT:
		o = VMM_EEH_PE_RESET_HOT;
		break;
	case RTAS_SLOT_RESET_FUNDAMENTAL:
		o = VMM_EEH_PE_RESET_FUNDAMENTAL;
		break;
	default:
		return refuse(r, "unknown option");
	}
	ret(r, 0, op(r, o) < 0 ? RTAS_OUT_HW_ERROR : RTAS_OUT_SUCCESS);
}

static void configure_pe(struct rctx *r)
{
	if (common(r, 3, 1, 1))
		return;
	if (op(r, VMM_EEH_PE_CONFIGURE) < 0)
		return refuse(r, "VFIO_EEH_PE_OP configure failed");
	ret(r, 0, RTAS_OUT_SUCCESS);
}

static void slot_error_detail(struct rctx *r)
{
	uint32_t sev;

	if (common(r, 8, 1, 1))
		return;
	sev = arg(r, 7);
	if (sev != RTAS_SLOT_TEMP_ERR_LOG && sev != RTAS_SLOT_PERM_ERR_LOG)
		return refuse(r, "unknown severity");
	ret(r, 0, RTAS_OUT_NO_ERRORS_FOUND);	/* no error log kept */
}

static const struct {
	uint32_t token;
	const char *name;
	void (*fn)(struct rctx *r);
} calls[] = {
	{ RTAS_TOKEN_SET_EEH_OPTION, "ibm,set-eeh-option", set_eeh_option },
	{ RTAS_TOKEN_READ_SLOT_RESET_STATE2, "ibm,read-slot-reset-state2", read_slot_reset_state2 },
	{ RTAS_TOKEN_SET_SLOT_RESET, "ibm,set-slot-reset", set_slot_reset },
	{ RTAS_TOKEN_CONFIGURE_PE, "ibm,configure-pe", configure_pe },
	{ RTAS_TOKEN_GET_CONFIG_ADDR_INFO2, "ibm,get-config-addr-info2", get_config_addr_info2 },
	{ RTAS_TOKEN_SLOT_ERROR_DETAIL, "ibm,slot-error-detail", slot_error_detail },
};

const char *vmm_rtas_name(uint32_t token)
{
	size_t i;

	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		if (calls[i].token == token)
			return calls[i].name;
	return NULL;
}

const char *vmm_rtas_op_name(int o)
{
	static const char *const names[] = {
		"disable", "enable", "unfreeze-io", "unfreeze-dma", "get-state",
		"reset-off", "reset-hot", "reset-fundamental", "configure",
	};

	return o >= 0 && o < (int)(sizeof(names) / sizeof(names[0])) ? names[o] : NULL;
}

const char *vmm_rtas_state_name(int st)
{
	static const char *const names[] = {
		"normal", "reset", "stopped", NULL, "stopped-dma", "unavail",
	};

	return st >= 0 && st < (int)(sizeof(names) / sizeof(names[0])) ? names[st] : NULL;
}

long vmm_rtas_call(uint8_t *mem, uint64_t memsize, uint64_t buf_gpa,
		   const struct vmm_rtas_pe *pe,
		   int (*pe_op)(void *ctx, unsigned int op), void *ctx,
		   struct vmm_rtas_result *out)
{
	struct vmm_rtas_result dummy;
	struct rctx r = { .pe = pe, .pe_op = pe_op, .ctx = ctx };
	uint64_t gpa = buf_gpa & RTAS_GPA_MASK, need;
	size_t i;

	if (!out)
		out = &dummy;
	memset(out, 0, sizeof(*out));
	out->op = -1;
	out->gpa = gpa;
	r.out = out;
	out->hret = H_PARAMETER;
	if (!mem || gpa > memsize || memsize - gpa < 12) {
		out->why = "the buffer's header is outside guest memory";
		return H_PARAMETER;
	}
	r.buf = mem + gpa;
	out->token = ld32(r.buf);
	r.nargs = out->nargs = ld32(r.buf + 4);
	r.nret = out->nret = ld32(r.buf + 8);
	out->name = vmm_rtas_name(out->token);
	/* the header, the args and the rets (rets[0] at least): all in memory */
	need = 12 + 4 * (uint64_t)r.nargs + 4 * (uint64_t)(r.nret ? r.nret : 1);
	if (memsize - gpa < need) {
		out->why = "the buffer (nargs and nret words) runs past guest memory";
		return H_PARAMETER;
	}
	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		if (calls[i].token == out->token) {
			out->hret = H_SUCCESS;
			calls[i].fn(&r);
			return H_SUCCESS;
		}
	}
	refuse(&r, "unknown token");
	return H_PARAMETER;
}
