// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: the TCE hypercalls (model/hcall.c) against a populated
 * model, as scenarios/lib/guest-phb4.inc builds it plus a second guest
 * and a host window:
 *   PHB 0 (PHB4, 256 PEs): nic, disk (edu) and wide (plain), each below a root port;
 *   vm1: 4M pre-registered in 64K pages at 0, 1M unpinned 4K pages at 16M,
 *        1M pre-registered but not linear at 32M; owns nic's PE, with its
 *        default 32-bit window and a 64-bit window (64K pages, 2 levels);
 *   vm2: 2M pre-registered in 4K pages at 0 (the same guest addresses as
 *        vm1, other host memory); owns disk's PE (32-bit window);
 *   the host: wide's PE, a 1M 32-bit window of 4K pages, 16 TCEs mapped.
 * The input is a sequence of operations (a byte each, then its operands):
 * H_PUT_TCE, H_GET_TCE, H_PUT_TCE_INDIRECT (the list written into guest
 * memory from the input first), H_STUFF_TCE, an unknown opcode, a
 * window's tier, the 64-bit window removed or created again; by either
 * guest, with LIOBNs, I/O addresses and TCEs either from the model's own
 * (so calls get far) or raw. After each call (abort on any failure):
 *   - the answer is one of H_SUCCESS, H_PARAMETER, H_HARDWARE, H_FUNCTION;
 *   - eeh_invariants_check() (after each success that wrote, and at the
 *     end): no TCE of an owned PE maps memory outside its owner, TVEs
 *     point at the owner's windows, DMA stayed inside;
 *   - the host window's entries are as set up;
 *   - the other guest's windows: the same number of mapped entries and
 *     the same entries in the range the call named;
 *   - a successful put reads back (H_GET_TCE) as written: the TCE when
 *     it had R or W, else 0; a successful stuff reads back 0.
 */
#include "fuzz_topo.h"

#include "eehlab/guest.h"
#include "eehlab/session.h"

#define MB (1ULL << 20)
#define NGUESTS 2
#define HOST_TCES 16
#define MAX_OPS 64
#define TCE_PERM (EEH_TCE_READ | EEH_TCE_WRITE)

struct fix {
	struct eeh_session *s;
	struct eeh_guest *g[NGUESTS];
	int pe[NGUESTS], pe_host;
	unsigned long liobn[NGUESTS][2];
	struct eeh_tce_table host;
	u64 host_tce[HOST_TCES];
};

static const char *const gname[NGUESTS] = { "vm1", "vm2" };

static int dev_pe(struct eeh_session *s, const char *name)
{
	struct eeh_msg msg = { "" };
	struct be_dev d;

	FUZZ_SETUP(!eeh_session_resolve(s, name, &d, &msg));
	return d.pe;
}

static void fix_build(struct fix *f)
{
	struct eeh_msg msg = { "" };
	u64 pa;
	int i;

	memset(f, 0, sizeof(*f));
	f->s = eeh_session_create(256 * MB);
	FUZZ_SETUP(f->s);
	fuzz_leaf_phb(f->s, 256);
	f->pe[0] = dev_pe(f->s, "nic");
	f->pe[1] = dev_pe(f->s, "disk");
	f->pe_host = dev_pe(f->s, "wide");

	for (i = 0; i < NGUESTS; i++)
		FUZZ_SETUP(!eeh_session_guest_create(f->s, gname[i], &msg));
	FUZZ_SETUP(!eeh_session_guest_slot(f->s, "vm1", 0, 4 * MB, 16, true, true, &msg));
	FUZZ_SETUP(!eeh_session_guest_slot(f->s, "vm1", 16 * MB, MB, 12, false, true, &msg));
	FUZZ_SETUP(!eeh_session_guest_slot(f->s, "vm1", 32 * MB, MB, 12, true, false, &msg));
	FUZZ_SETUP(!eeh_session_guest_slot(f->s, "vm2", 0, 2 * MB, 12, true, true, &msg));
	for (i = 0; i < NGUESTS; i++) {
		FUZZ_SETUP(!eeh_session_guest_assign(f->s, gname[i], 0, f->pe[i],
						     &f->liobn[i][0], &msg));
		f->g[i] = eeh_guest_by_name(f->s->m, gname[i]);
		FUZZ_SETUP(f->g[i]);
	}
	FUZZ_SETUP(!eeh_session_guest_window(f->s, 0, f->pe[0], 16, 1ULL << 32, 2,
					     false, &f->liobn[0][1], &msg));
	f->liobn[1][1] = EEH_LIOBN(0, f->pe[1], 1);

	/* the host's own window, a few pages mapped */
	FUZZ_SETUP(!eeh_session_window_create(f->s, 0, f->pe_host, 0, 12, MB, 1, &msg));
	FUZZ_SETUP(!eeh_session_mem_alloc(f->s, HOST_TCES * 4096, 4096, &pa, &msg));
	FUZZ_SETUP(!eeh_session_tce_map(f->s, 0, f->pe_host, 0, 0, pa,
					HOST_TCES * 4096, EEH_TCE_READ | EEH_TCE_WRITE, &msg));
	FUZZ_SETUP(!eeh_session_window_get(f->s, 0, f->pe_host, 0, &f->host));
	for (i = 0; i < HOST_TCES; i++)
		FUZZ_SETUP(!eeh_tce_get(f->s->m, &f->host, i, &f->host_tce[i]));
}

/* ---- operands: mostly the model's own values, sometimes raw ---- */

static unsigned long pick_liobn(struct fix *f, struct fin *in)
{
	u8 sel = fin_u8(in);

	switch (sel % 8) {
	case 0: case 1: case 2: case 3:
		return f->liobn[(sel >> 3) & 1][(sel >> 4) & 1];
	case 4:
		return EEH_LIOBN(0, f->pe_host, 0);	/* the host's */
	case 5:
		return EEH_LIOBN(fin_u8(in), fin_u16(in), fin_u8(in) & 1);
	default:
		return (unsigned long)fin_u64(in);
	}
}

static u64 pick_ioba(struct fin *in, u32 *page_shift)
{
	u8 sel = fin_u8(in);
	u64 base = (sel & 0x40) ? EEH_TVE_64BIT_BASE : 0;

	*page_shift = (sel & 0x20) ? 16 : 12;
	switch (sel % 4) {
	case 0: case 1:
		return base + ((u64)fin_u16(in) << *page_shift);
	case 2:
		return base + ((u64)fin_u32(in) << *page_shift);
	default:
		return fin_u64(in);
	}
}

static u64 pick_tce(struct fin *in)
{
	u8 sel = fin_u8(in);
	static const u64 gpas[] = { 0, 64 << 10, 4 * MB - 4096, 4 * MB, 16 * MB,
				    17 * MB - 4096, 32 * MB, 2 * MB - 4096 };

	switch (sel % 4) {
	case 0: case 1:
		return gpas[(sel >> 2) % 8] + ((u64)fin_u8(in) << 12) + (sel >> 5 & 3);
	case 2:
		return ((u64)fin_u32(in) << 12) | (sel >> 5 & 3);
	default:
		return fin_u64(in);
	}
}

static u64 pick_npages(struct fin *in)
{
	u8 sel = fin_u8(in);

	switch (sel % 4) {
	case 0: case 1:
		return sel >> 2;
	case 2:
		return fin_u16(in);
	default:
		return fin_u64(in);
	}
}

/* ---- the oracles ---- */

static void check_rc(long rc, const char *what)
{
	if (rc != H_SUCCESS && rc != H_PARAMETER && rc != H_HARDWARE &&
	    rc != H_FUNCTION)
		FUZZ_FAIL("%s answered %ld, not a PAPR return", what, rc);
}

static void check_host(struct fix *f)
{
	u64 v;
	int i;

	for (i = 0; i < HOST_TCES + 1; i++) {
		if (eeh_tce_get(f->s->m, &f->host, i, &v))
			FUZZ_FAIL("host window entry %d unreadable", i);
		if (v != (i < HOST_TCES ? f->host_tce[i] : 0))
			FUZZ_FAIL("host window entry %d changed: %#llx", i,
				  (unsigned long long)v);
	}
}

static void check_invariants(struct fix *f)
{
	char why[512];

	if (eeh_session_invariants(f->s, why, sizeof(why)))
		FUZZ_FAIL("%s", why);
}

/* The other guest's windows: mapped counts and the named range. */
#define SNAP_MAX 64
struct snap {
	u64 mapped[EEH_GUEST_MAX_WINDOWS];
	u64 e[EEH_GUEST_MAX_WINDOWS][SNAP_MAX];
};

static void snap_take(struct eeh_guest *g, u64 ioba, struct snap *sn)
{
	int i, k;

	memset(sn, 0, sizeof(*sn));
	for (i = 0; i < EEH_GUEST_MAX_WINDOWS; i++) {
		struct eeh_tce_window *w = &g->win[i];
		u64 io;

		if (!w->valid)
			continue;
		/* a one-level window is walked whole: only the small ones */
		if (w->tbl.levels > 1 || w->entries <= (1 << 16))
			sn->mapped[i] = eeh_tce_window_mapped(w);
		io = ioba >> w->page_shift;
		if (io < w->offset)
			continue;
		/* the hardware table, as the PHB reads it */
		for (k = 0; k < SNAP_MAX && io - w->offset + k < w->entries; k++)
			if (eeh_tce_get(g->m, &w->tbl, io - w->offset + k, &sn->e[i][k]))
				FUZZ_FAIL("%s: entry unreadable", g->name);
	}
}

static unsigned long get_tce(struct eeh_guest *g, unsigned long liobn, u64 ioba)
{
	unsigned long args[2] = { liobn, ioba }, ret = 0;
	long rc = eeh_hcall(g, H_GET_TCE, args, 2, &ret);

	if (rc != H_SUCCESS)
		FUZZ_FAIL("H_GET_TCE(%#lx, %#llx) after a successful write: %ld",
			  liobn, (unsigned long long)ioba, rc);
	return ret;
}

/* ---- one operation ---- */

static void one_op(struct fix *f, struct fin *in)
{
	u8 op = fin_u8(in);
	int gi = (op >> 4) & 1, other = !gi;
	struct eeh_guest *g = f->g[gi];
	struct eeh_msg msg = { "" };
	unsigned long args[4] = { 0 }, ret = 0, opcode, liobn;
	u64 list[EEH_TCE_INDIRECT_MAX];
	struct snap before, after;
	u32 ps;
	u64 ioba, n, i, list_gpa = 0;
	long rc;
	int nargs;

	switch (op % 8) {
	case 0:
		opcode = H_PUT_TCE;
		liobn = pick_liobn(f, in);
		ioba = pick_ioba(in, &ps);
		args[2] = pick_tce(in);
		nargs = 3;
		break;
	case 1:
		opcode = H_GET_TCE;
		liobn = pick_liobn(f, in);
		ioba = pick_ioba(in, &ps);
		nargs = 2;
		break;
	case 2:
		opcode = H_PUT_TCE_INDIRECT;
		liobn = pick_liobn(f, in);
		ioba = pick_ioba(in, &ps);
		list_gpa = (fin_u8(in) & 0x80) ? fin_u64(in) : (u64)fin_u16(in) << 12;
		n = pick_npages(in);
		for (i = 0; i < n && i < EEH_TCE_INDIRECT_MAX; i++)
			list[i] = eeh_cpu_to_be64(pick_tce(in));
		if (n)
			eeh_guest_mem_write(g, list_gpa, list,
					    (n < EEH_TCE_INDIRECT_MAX ? n : EEH_TCE_INDIRECT_MAX) * 8);
		/* what the call will read: the list as it is in guest memory */
		if (n <= EEH_TCE_INDIRECT_MAX &&
		    eeh_guest_mem_read(g, list_gpa, list, n * 8))
			memset(list, 0, sizeof(list));
		args[2] = list_gpa;
		args[3] = n;
		nargs = 4;
		break;
	case 3:
		opcode = H_STUFF_TCE;
		liobn = pick_liobn(f, in);
		ioba = pick_ioba(in, &ps);
		args[2] = (fin_u8(in) & 1) ? fin_u64(in) : 0;
		args[3] = pick_npages(in);
		nargs = 4;
		break;
	case 4:
		opcode = fin_u16(in);
		liobn = pick_liobn(f, in);
		ioba = fin_u64(in);
		nargs = fin_u8(in) % 5;
		break;
	case 5: {
		u8 sel = fin_u8(in);

		rc = eeh_session_guest_liobn(f->s, 0, f->pe[gi], sel & 1,
					     (sel >> 1) % 4 - 1, &liobn, &msg);
		if (rc && rc != -ENOENT && rc != -EINVAL && rc != -ERANGE)
			FUZZ_FAIL("guest-liobn: %d (%s)", (int)rc, msg.text);
		return;
	}
	case 6: {
		u8 sel = fin_u8(in);

		/* up to 256M: a larger one-level table only costs time */
		eeh_session_guest_window(f->s, 0, f->pe[gi], (sel & 1) ? 16 : 12,
					 1ULL << (20 + (sel >> 1) % 9), 1 + (sel >> 4) % 5,
					 (sel >> 7) & 1, &liobn, &msg);
		check_invariants(f);
		return;
	}
	default:
		/* a guest touching its own memory */
		n = fin_u8(in);
		ioba = fin_u8(in) & 1 ? fin_u64(in) : (u64)fin_u16(in) << 8;
		memset(list, 0xa5, sizeof(list));
		eeh_guest_mem_write(g, ioba, list, n);
		return;
	}
	args[0] = liobn;
	args[1] = ioba;
	snap_take(f->g[other], ioba, &before);
	rc = eeh_hcall(g, opcode, args, nargs, &ret);
	check_rc(rc, eeh_hc_name(eeh_hc_from_opcode(opcode)));
	if (eeh_hc_from_opcode(opcode) == EEH_HC_OTHER && rc != H_FUNCTION)
		FUZZ_FAIL("opcode %#lx answered %ld, not H_FUNCTION", opcode, rc);
	snap_take(f->g[other], ioba, &after);
	if (memcmp(&before, &after, sizeof(before)))
		FUZZ_FAIL("%s by %s (liobn %#lx ioba %#llx) changed %s's windows",
			  eeh_hc_name(eeh_hc_from_opcode(opcode)), gname[gi], liobn,
			  (unsigned long long)ioba, gname[other]);
	check_host(f);
	if (rc != H_SUCCESS)
		return;
	/* (a refusal's tables are checked by the next success or at the end) */
	if (opcode != H_GET_TCE)
		check_invariants(f);

	/* read back what was written */
	{
		struct eeh_tce_window *w = eeh_guest_window(g, liobn);
		u64 step, k, v;

		if (opcode != H_GET_TCE && !w)
			FUZZ_FAIL("%#lx written but not a window of %s", liobn, gname[gi]);
		if (!w)
			return;
		step = 1ULL << w->page_shift;
		switch (opcode) {
		case H_PUT_TCE:
			v = get_tce(g, liobn, ioba);
			if (v != ((args[2] & TCE_PERM) ? args[2] : 0))
				FUZZ_FAIL("H_PUT_TCE %#lx reads back %#llx", args[2],
					  (unsigned long long)v);
			break;
		case H_PUT_TCE_INDIRECT:
			for (k = 0; k < args[3]; k++) {
				u64 t = eeh_be64_to_cpu(list[k]);

				v = get_tce(g, liobn, ioba + k * step);
				if (v != ((t & TCE_PERM) ? t : 0))
					FUZZ_FAIL("indirect entry %llu %#llx reads back %#llx",
						  (unsigned long long)k,
						  (unsigned long long)t,
						  (unsigned long long)v);
			}
			break;
		case H_STUFF_TCE:
			for (k = 0; k < args[3] && k < 8; k++)
				if (get_tce(g, liobn, ioba + k * step))
					FUZZ_FAIL("H_STUFF_TCE entry %llu not cleared",
						  (unsigned long long)k);
			break;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fin in = { data, size };
	struct fix f;
	int ops;

	fix_build(&f);
	for (ops = 0; in.n && ops < MAX_OPS; ops++)
		one_op(&f, &in);
	check_invariants(&f);
	eeh_session_destroy(f.s);
	return 0;
}
