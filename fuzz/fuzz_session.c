// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: the session layer (model/session.c, include/eehlab/
 * session.h), what the module's netlink commands (driver/eehlab_cmds.c)
 * call once a request is decoded. The input is a sequence of requests,
 * each a verb byte and its operands, every operand within what the
 * module's attribute policies (driver/eehlab_nl.c) let through: PHB
 * 0..7, PE 0..511, function 0..127, BAR 0..5, width 1..8, page shifts
 * 12..30, levels 0..64, tiers 0..2, DMA length 1..4096 and buffer offset
 * 0..4095, VFIO op 0..255, driver answers NONE..RECOVERED; u64 and s32
 * attributes (addresses, sizes, MAX_FREEZES, the hypercall's opcode and
 * arguments) take any value, and data up to EEHLAB_DATA_MAX bytes, as
 * the commands pass them. The session starts populated: PHB 0 (PHB4)
 * with nic, disk (edu) and wide (plain), enumerated; guest vm1 with 4M
 * of memory owning nic's PE.
 *
 * Checked: no crash, no sanitizer report, no leak (the session is
 * destroyed after each input); every refusal is a negative errno; and
 * the isolation invariants (eeh_session_invariants) hold as long as the
 * host has not itself written a TCE or a TVE of a guest-owned PE (which
 * the host may do, and the invariants exist to catch).
 *
 * Not covered here: the decoding itself (nla_parse_nested against the
 * policies, the missing-attribute checks, nla_get_*): that is kernel
 * code, tested in the kernel by tests/kernel/genl_test.c.
 */
#include "fuzz_topo.h"

#include <errno.h>

#include "eehlab/guest.h"
#include "eehlab/session.h"
#include "uapi/linux/eehlab.h"

#define MB (1ULL << 20)
#define MAX_OPS 48

static const char *const gnames[] = { "vm1", "vm2", "g3", "" };

static const char *guest_name(struct fin *in, char *buf, size_t len)
{
	u8 sel = fin_u8(in);
	size_t i, n;

	if (sel < 0xf0)
		return gnames[sel % 4];
	/* a name from the input, NUL-terminated as NLA_NUL_STRING is */
	n = sel & 0xf;
	if (n >= len)
		n = len - 1;
	for (i = 0; i < n; i++)
		buf[i] = (char)fin_u8(in);
	buf[n] = '\0';
	return buf;
}

static int pick_phb(struct fin *in)
{
	return fin_u8(in) % EEH_MAX_PHBS;
}

static int pick_pe(struct fin *in, struct eeh_session *s)
{
	u16 v = fin_u16(in);
	struct eeh_phb *phb = eeh_phb_get(s->m, 0);

	/* mostly the PEs the topology has */
	if (!(v & 0x8000) && phb && phb->enumerated)
		return eeh_func_by_name(s->m, (v & 3) == 0 ? "nic" :
					(v & 3) == 1 ? "disk" : "wide")->pe;
	return v % 512;
}

static u64 pick_u64(struct fin *in)
{
	u8 sel = fin_u8(in);

	switch (sel % 4) {
	case 0:
		return sel >> 2;
	case 1:
		return (u64)fin_u16(in) << (sel >> 2 & 31);
	case 2:
		return fin_u32(in);
	default:
		return fin_u64(in);
	}
}

static bool owned(struct eeh_session *s, int phb_index, int pe)
{
	struct eeh_phb *phb = eeh_phb_get(s->m, phb_index);

	return phb && pe >= 0 && pe < phb->num_pes && phb->pes[pe].owner;
}

static void setup(struct eeh_session *s)
{
	struct eeh_msg msg = { "" };
	unsigned long liobn;

	fuzz_leaf_phb(s, 0);
	FUZZ_SETUP(!eeh_session_guest_create(s, "vm1", &msg));
	FUZZ_SETUP(!eeh_session_guest_slot(s, "vm1", 0, 4 * MB, 16, true, true, &msg));
	FUZZ_SETUP(!eeh_session_guest_assign(s, "vm1", 0,
					     eeh_func_by_name(s->m, "nic")->pe,
					     &liobn, &msg));
}

static u8 data[EEHLAB_DATA_MAX];

/* One request; returns what the session answered. */
static int one_op(struct eeh_session *s, struct fin *in, bool *host_wrote)
{
	struct eeh_msg msg = { "" };
	u8 op = fin_u8(in);
	char name[EEHLAB_NAME_LEN];
	unsigned long liobn;
	struct be_dev d;
	int phb, pe;
	u64 v = 0, a, b;
	u32 v32 = 0;
	int rc = 0;

	memset(&d, 0, sizeof(d));
	switch (op % 26) {
	case 0: {
		u8 sel = fin_u8(in);

		rc = eeh_session_phb_add(s, pick_phb(in), (sel & 1) ? EEH_PHB4 : EEH_PHB3,
					 (sel >> 1) & 1 ? 256 : (sel >> 2 & 1) ? 512 : 0, &msg);
		break;
	}
	case 1: {
		struct be_node n = { .parent = -1, .functions = 1 };
		u8 sel = fin_u8(in);

		snprintf(name, sizeof(name), "n%u", fin_u8(in));
		n.name = name;
		n.phb = pick_phb(in);
		n.type = sel % (EEHLAB_NODE_ENDPOINT + 1);
		if (sel & 0x10)
			n.parent = fin_u8(in) % EEH_MAX_FUNCS;
		n.kind = (sel >> 5) % (EEHLAB_DEV_KIND_EDU + 1);
		n.functions = 1 + fin_u8(in) % 8;
		n.bar32 = (sel & 0x80) ? pick_u64(in) : 0;
		n.bar64 = (sel & 0x80) ? pick_u64(in) : 0;
		rc = eeh_session_node_add(s, &n, &msg);
		break;
	}
	case 2:
		rc = eeh_session_enumerate(s, &msg);
		break;
	case 3:
		a = pick_u64(in);
		rc = eeh_session_mem_alloc(s, a, pick_u64(in), &v, &msg);
		break;
	case 4:
		a = pick_u64(in);
		b = pick_u64(in);
		rc = eeh_session_mem_read(s, a, data,
					  b <= EEHLAB_DATA_MAX ? b : EEHLAB_DATA_MAX, &msg);
		break;
	case 5:
		a = pick_u64(in);
		b = fin_u16(in) % (EEHLAB_DATA_MAX + 1);
		rc = eeh_session_mem_write(s, a, data, b, &msg);
		break;
	case 6: {
		u8 sel = fin_u8(in);

		phb = pick_phb(in) & 1;
		pe = pick_pe(in, s);
		if (owned(s, phb, pe))
			*host_wrote = true;
		rc = eeh_session_window_create(s, phb, pe, sel & 1, 12 + fin_u8(in) % 19,
					       pick_u64(in), fin_u8(in) % 65, &msg);
		break;
	}
	case 7:
		phb = pick_phb(in) & 1;
		pe = pick_pe(in, s);
		if (owned(s, phb, pe))
			*host_wrote = true;
		rc = eeh_session_window_remove(s, phb, pe, fin_u8(in) & 1, &msg);
		break;
	case 8: {
		struct eeh_tce_table t;

		phb = pick_phb(in) & 1;
		rc = eeh_session_window_get(s, phb, pick_pe(in, s), fin_u8(in) & 1, &t);
		break;
	}
	case 9: {
		u8 sel = fin_u8(in);
		u64 ioba, host, len;

		phb = pick_phb(in) & 1;
		pe = pick_pe(in, s);
		if (owned(s, phb, pe))
			*host_wrote = true;
		ioba = pick_u64(in);
		host = pick_u64(in);
		len = pick_u64(in);
		rc = eeh_session_tce_map(s, phb, pe, sel & 1, ioba, host, len,
					 (sel >> 1) & 3, &msg);
		break;
	}
	case 10:
	case 11:
		d.phb = pick_phb(in) & 1;
		d.id = fin_u8(in) % EEH_MAX_FUNCS;
		a = fin_u8(in) % 6;
		b = pick_u64(in);
		v32 = 1 + fin_u8(in) % 8;
		if (op % 26 == 10)
			rc = eeh_session_mmio_read(s, &d, a, b, v32, fin_u8(in) & 1, &v, &msg);
		else
			rc = eeh_session_mmio_write(s, &d, a, b, v32, pick_u64(in), &msg);
		break;
	case 12:
	case 13:
		d.phb = pick_phb(in) & 1;
		d.id = fin_u8(in) % EEH_MAX_FUNCS;
		a = fin_u16(in);
		b = 1 + fin_u8(in) % 8;
		if (op % 26 == 12)
			rc = eeh_session_cfg_read(s, &d, a, b, &v32, &msg);
		else
			rc = eeh_session_cfg_write(s, &d, a, b, fin_u32(in), &msg);
		break;
	case 14: {
		struct be_dma_req req = { 0 };
		struct be_dma_res res;

		d.phb = pick_phb(in) & 1;
		d.id = fin_u8(in) % EEH_MAX_FUNCS;
		req.ioba = pick_u64(in);
		req.len = 1 + fin_u16(in) % EDU_BUF_SIZE;
		req.buf_off = fin_u16(in) % EDU_BUF_SIZE;
		req.dir = fin_u8(in) & 1;
		req.start = fin_u8(in) & 1;
		rc = eeh_session_dma(s, &d, &req, &res, &msg);
		break;
	}
	case 15: {
		struct eeh_inj_req req = { 0 };
		struct eeh_inj_result res;
		u8 sel = fin_u8(in);

		req.kind = sel % (EEHLAB_INJECT_DMA_FAULT + 1);
		req.phb = pick_phb(in) & 1;
		req.pe = (sel & 0x10) ? pick_pe(in, s) : -1;
		req.type = (sel >> 5) & 1;
		req.func = (sel & 0x40) ? fin_u8(in) % (EEH_ERR_FUNC_MAX + 1) : -1;
		req.addr = pick_u64(in);
		req.mask = pick_u64(in);
		req.which = 1 + fin_u8(in) % EEH_FREEZE_BOTH;
		req.dma_cause = fin_u8(in) % EEH_CAUSE__COUNT;
		rc = eeh_session_inject(s, &req, &res, &msg);
		break;
	}
	case 16: {
		bool queued;

		d.phb = pick_phb(in) & 1;
		d.id = fin_u8(in) % EEH_MAX_FUNCS;
		rc = eeh_session_check(s, &d, &queued, &msg);
		break;
	}
	case 17: {
		struct eeh_rec_event ev[16];
		int n;

		rc = eeh_session_recover(s, ev, 16, &n, &msg);
		break;
	}
	case 18:
		rc = eeh_session_advance(s, pick_u64(in), &msg);
		break;
	case 19:
		rc = eeh_session_set_max_freezes(s, (int)fin_u32(in), &msg);
		break;
	case 20: {
		struct be_pe_state st;
		struct be_pe_ref refs[8];
		struct eeh_cb_rec cbs[8];
		struct eeh_diag diag;

		phb = pick_phb(in) & 1;
		pe = pick_pe(in, s);
		rc = eeh_session_pe_state(s, phb, pe, &st, &msg);
		eeh_session_frozen_pes(s, refs, 8);
		eeh_session_cb_since(s, pick_u64(in), cbs, 8);
		eeh_session_diag_last(s, phb, pe, &diag);
		eeh_session_pe_covers(s, phb, pe, pick_pe(in, s));
		break;
	}
	case 21: {
		struct be_driver drv = { .bound = -1, .handlers = -1 };
		u8 sel = fin_u8(in);

		d.phb = pick_phb(in) & 1;
		d.id = fin_u8(in) % EEH_MAX_FUNCS;
		if (sel & 1)
			drv.bound = (sel >> 1) & 1;
		if (sel & 4)
			drv.handlers = (sel >> 3) & 1;
		if (sel & 0x10)
			drv.error_detected = EEH_ERS_NONE + fin_u8(in) % 5;
		if (sel & 0x20)
			drv.mmio_enabled = EEH_ERS_NONE + fin_u8(in) % 5;
		if (sel & 0x40)
			drv.slot_reset = EEH_ERS_NONE + fin_u8(in) % 5;
		rc = eeh_session_driver_set(s, &d, &drv, &msg);
		break;
	}
	case 22: {
		u8 sel = fin_u8(in);
		const char *g = guest_name(in, name, sizeof(name));

		switch (sel % 4) {
		case 0:
			rc = eeh_session_guest_create(s, g, &msg);
			break;
		case 1:
			a = pick_u64(in);
			b = pick_u64(in);
			rc = eeh_session_guest_slot(s, g, a, b, 12 + fin_u8(in) % 19,
						    (sel >> 2) & 1, !((sel >> 3) & 1), &msg);
			break;
		case 2:
			phb = pick_phb(in) & 1;
			rc = eeh_session_guest_assign(s, g, phb, pick_pe(in, s), &liobn, &msg);
			break;
		default:
			phb = pick_phb(in) & 1;
			rc = eeh_session_guest_release(s, phb, pick_pe(in, s), &msg);
			break;
		}
		break;
	}
	case 23: {
		u8 sel = fin_u8(in);

		phb = pick_phb(in) & 1;
		pe = pick_pe(in, s);
		if (sel & 1)
			rc = eeh_session_guest_liobn(s, phb, pe, (sel >> 1) & 1,
						     (int)((sel >> 2) % 4) - 1, &liobn, &msg);
		else
			rc = eeh_session_guest_window(s, phb, pe, 12 + fin_u8(in) % 19,
						      pick_u64(in), fin_u8(in) % 65,
						      (sel >> 1) & 1, &liobn, &msg);
		break;
	}
	case 24: {
		struct be_hcall hc = { 0 };
		static const unsigned long ops[] = { H_PUT_TCE, H_GET_TCE,
						     H_PUT_TCE_INDIRECT, H_STUFF_TCE };
		const char *g = guest_name(in, name, sizeof(name));
		u8 sel = fin_u8(in);
		int i;

		hc.opcode = (sel & 4) ? fin_u64(in) : ops[sel % 4];
		hc.nargs = (sel >> 3) % 5;
		for (i = 0; i < hc.nargs; i++)
			hc.args[i] = (i == 0 && (sel & 0x80)) ?
				     EEH_LIOBN(0, fin_u16(in) % 512, fin_u8(in) & 1) :
				     pick_u64(in);
		rc = eeh_session_hcall(s, g, &hc, &msg);
		break;
	}
	default: {
		u8 sel = fin_u8(in);
		const char *g = guest_name(in, name, sizeof(name));
		struct be_guest_stats st;

		switch (sel % 3) {
		case 0:
			a = pick_u64(in);
			b = pick_u64(in);
			rc = eeh_session_guest_mem(s, g, a, data,
						   b <= EEHLAB_DATA_MAX ? b : EEHLAB_DATA_MAX,
						   (sel >> 2) & 1, &msg);
			break;
		case 1:
			rc = eeh_session_guest_stats(s, g, (int)(fin_u8(in) % (EEH_HC__COUNT + 1)) - 1,
						     &st, &msg);
			break;
		default:
			phb = pick_phb(in) & 1;
			pe = pick_pe(in, s);
			rc = eeh_session_guest_eeh(s, phb, pe, fin_u8(in), fin_u32(in),
						   fin_u32(in), pick_u64(in), pick_u64(in), &msg);
			break;
		}
		break;
	}
	}
	if (rc < -4095)
		FUZZ_FAIL("verb %u answered %d, not an errno", op % 26, rc);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t size)
{
	struct fin in = { buf, size };
	struct eeh_session *s = eeh_session_create(64 * MB);
	bool host_wrote = false;
	char why[512];
	int ops;

	FUZZ_SETUP(s);
	setup(s);
	memset(data, 0x5a, sizeof(data));
	for (ops = 0; in.n && ops < MAX_OPS; ops++) {
		one_op(s, &in, &host_wrote);
		if (eeh_session_invariants(s, why, sizeof(why)) && !host_wrote)
			FUZZ_FAIL("after request %d: %s", ops, why);
	}
	eeh_session_destroy(s);
	return 0;
}
