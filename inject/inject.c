// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab inject: the fault catalogue (PAPR ibm,errinjct / OPAL
 * OPAL_PCI_ERR_INJECT function codes), validation of a request, what the
 * real firmware of each PHB model would answer, and arming the request
 * as a model trap.
 *
 * Sources: Linux arch/powerpc/include/uapi/asm/eeh.h (EEH_ERR_FUNC_*),
 * arch/powerpc/platforms/powernv/eeh-powernv.c (pnv_eeh_err_inject and
 * the debugfs err_injct parser: type 0/1, func 0..19, else -ERANGE);
 * skiboot hw/phb3.c phb3_err_inject{,_mem32,_mem64,_cfg,_dma} and
 * hw/phb4.c phb4_err_inject{,_cfg} for the firmware answers and for how
 * the injection address and mask are chosen; include/phb4-regs.h for
 * PHB_PAPR_ERR_INJ_MASK_CFG (bus, IBM bits 4..11) and
 * PHB_PAPR_ERR_INJ_MASK_CFG_ALL (bdfn, IBM bits 4..19).
 *
 * eehlab implements every function on both PHB models and reports, in
 * eeh_inj_result.fw, what the real firmware would have answered: a
 * scenario can check both the model's effect and the firmware's answer.
 */
#include "eehlab/inject.h"

static const char *const inj_func_names[EEH_ERR_FUNC_MAX + 1] = {
	[EEH_ERR_FUNC_LD_MEM_ADDR] = "LD_MEM_ADDR",
	[EEH_ERR_FUNC_LD_MEM_DATA] = "LD_MEM_DATA",
	[EEH_ERR_FUNC_LD_IO_ADDR] = "LD_IO_ADDR",
	[EEH_ERR_FUNC_LD_IO_DATA] = "LD_IO_DATA",
	[EEH_ERR_FUNC_LD_CFG_ADDR] = "LD_CFG_ADDR",
	[EEH_ERR_FUNC_LD_CFG_DATA] = "LD_CFG_DATA",
	[EEH_ERR_FUNC_ST_MEM_ADDR] = "ST_MEM_ADDR",
	[EEH_ERR_FUNC_ST_MEM_DATA] = "ST_MEM_DATA",
	[EEH_ERR_FUNC_ST_IO_ADDR] = "ST_IO_ADDR",
	[EEH_ERR_FUNC_ST_IO_DATA] = "ST_IO_DATA",
	[EEH_ERR_FUNC_ST_CFG_ADDR] = "ST_CFG_ADDR",
	[EEH_ERR_FUNC_ST_CFG_DATA] = "ST_CFG_DATA",
	[EEH_ERR_FUNC_DMA_RD_ADDR] = "DMA_RD_ADDR",
	[EEH_ERR_FUNC_DMA_RD_DATA] = "DMA_RD_DATA",
	[EEH_ERR_FUNC_DMA_RD_MASTER] = "DMA_RD_MASTER",
	[EEH_ERR_FUNC_DMA_RD_TARGET] = "DMA_RD_TARGET",
	[EEH_ERR_FUNC_DMA_WR_ADDR] = "DMA_WR_ADDR",
	[EEH_ERR_FUNC_DMA_WR_DATA] = "DMA_WR_DATA",
	[EEH_ERR_FUNC_DMA_WR_MASTER] = "DMA_WR_MASTER",
	[EEH_ERR_FUNC_DMA_WR_TARGET] = "DMA_WR_TARGET",
};

const char *eeh_inj_func_name(int func)
{
	if (func < 0 || func > EEH_ERR_FUNC_MAX)
		return NULL;
	return inj_func_names[func];
}

static char inj_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/* Case-insensitive: does @s start with @prefix? Returns its length or 0. */
static int inj_prefix(const char *s, const char *prefix)
{
	int i;

	for (i = 0; prefix[i]; i++)
		if (inj_lower(s[i]) != inj_lower(prefix[i]))
			return 0;
	return i;
}

static bool inj_streq(const char *a, const char *b)
{
	while (*a && *b && inj_lower(*a) == inj_lower(*b)) {
		a++;
		b++;
	}
	return !*a && !*b;
}

/* A C number (decimal, 0x hex, 0 octal) with nothing after it; -1 if not. */
static long inj_number(const char *s)
{
	unsigned int base = 10;
	long v = 0;
	int d;

	if (!*s)
		return -1;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		if (!*s)
			return -1;
	} else if (s[0] == '0' && s[1]) {
		base = 8;
		s++;
	}
	for (; *s; s++) {
		char c = inj_lower(*s);

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else
			return -1;
		if ((unsigned int)d >= base)
			return -1;
		v = v * base + d;
		if (v > 0xffff)
			return -1;
	}
	return v;
}

/*
 * "LD_MEM_ADDR", "ld_mem_addr", the uapi spelling "EEH_ERR_FUNC_LD_MEM_ADDR",
 * the OPAL spelling "IOA_LD_MEM_ADDR", or the number ("0", "0x0").
 */
int eeh_inj_func_lookup(const char *name)
{
	long n;
	int i;

	if (!name)
		return -1;
	n = inj_number(name);
	if (n >= 0)
		return n <= EEH_ERR_FUNC_MAX ? (int)n : -1;
	name += inj_prefix(name, "EEH_ERR_FUNC_");
	name += inj_prefix(name, "IOA_");
	for (i = 0; i <= EEH_ERR_FUNC_MAX; i++)
		if (inj_streq(name, inj_func_names[i]))
			return i;
	return -1;
}

const char *eeh_fw_answer_name(enum eeh_fw_answer a)
{
	switch (a) {
	case EEH_FW_ACCEPTED:
		return "accepted";
	case EEH_FW_PARAMETER:
		return "parameter";
	case EEH_FW_UNSUPPORTED:
		return "unsupported";
	}
	return "unknown";
}

static bool inj_func_is_io(int func)
{
	return func == EEH_ERR_FUNC_LD_IO_ADDR || func == EEH_ERR_FUNC_LD_IO_DATA ||
	       func == EEH_ERR_FUNC_ST_IO_ADDR || func == EEH_ERR_FUNC_ST_IO_DATA;
}

static bool inj_func_is_cfg(int func)
{
	return func == EEH_ERR_FUNC_LD_CFG_ADDR || func == EEH_ERR_FUNC_LD_CFG_DATA ||
	       func == EEH_ERR_FUNC_ST_CFG_ADDR || func == EEH_ERR_FUNC_ST_CFG_DATA;
}

static bool inj_func_is_mem(int func)
{
	return func == EEH_ERR_FUNC_LD_MEM_ADDR || func == EEH_ERR_FUNC_LD_MEM_DATA ||
	       func == EEH_ERR_FUNC_ST_MEM_ADDR || func == EEH_ERR_FUNC_ST_MEM_DATA;
}

/*
 * The answer of phbN_err_inject() for a valid, in-use PE, before any
 * PE-specific check:
 *  - both: the switch on func has no case for the IO functions (2, 3, 8,
 *    9) nor for codes above 19: "default: return OPAL_PARAMETER" (PHB3
 *    and PHB4 have no I/O space);
 *  - PHB4 (hw/phb4.c): phb4_err_inject_mem32/_mem64 and
 *    phb4_err_inject_dma return OPAL_UNSUPPORTED; only
 *    phb4_err_inject_cfg is implemented;
 *  - PHB3 (hw/phb3.c): phb3_err_inject_mem32/_mem64/_cfg/_dma are all
 *    implemented.
 * skiboot does not check the type: anything but IOA_BUS_ERR64 (1) takes
 * the 32-bit handler. Linux's debugfs parser refuses types other than 0
 * and 1 before calling firmware; so does eeh_inject().
 */
enum eeh_fw_answer eeh_inj_fw_answer(enum eeh_phb_model model, int type,
				     int func)
{
	(void)type;
	if (func < 0 || func > EEH_ERR_FUNC_MAX || inj_func_is_io(func))
		return EEH_FW_PARAMETER;
	if (model == EEH_PHB4 && !inj_func_is_cfg(func))
		return EEH_FW_UNSUPPORTED;
	return EEH_FW_ACCEPTED;
}

static bool inj_cause_is_dma(enum eeh_cause c)
{
	switch (c) {
	case EEH_CAUSE_DMA_INVALID_TCE:
	case EEH_CAUSE_DMA_READ_ONLY:
	case EEH_CAUSE_DMA_WRITE_ONLY:
	case EEH_CAUSE_DMA_OUT_OF_WINDOW:
	case EEH_CAUSE_DMA_NO_TVE:
	case EEH_CAUSE_MASTER_ABORT:
	case EEH_CAUSE_TARGET_ABORT:
		return true;
	default:
		return false;
	}
}

/* The lowest set bit of @len (skiboot: "len & ~(len - 1)"). */
static u64 inj_low_pow2(u64 len)
{
	return len & ~(len - 1);
}

/*
 * MEM, type 0: phb3_err_inject_mem32. The PE's first batch of contiguous
 * M32 segments is the default range; an address inside any of the PE's
 * segments is taken as given, with the given mask. Returns false when
 * the PE has no M32 segment (firmware: OPAL_PARAMETER).
 */
static bool inj_mem32_range(struct eeh_phb *phb, int pe, u64 addr, u64 mask,
			    u64 *a, u64 *m)
{
	u64 base = 0, len = 0, segsize = phb->m32_segsize;
	int i;

	if (!segsize || !phb->m32_segmap)
		return false;
	for (i = 0; i < phb->num_pes; i++) {
		u64 segstart;

		if (phb->m32_segmap[i] != pe)
			continue;
		segstart = phb->m32_base + segsize * (u64)i;
		if (!len) {
			base = segstart;
			len = segsize;
		} else if (base + len == segstart) {
			len += segsize;
		}
		if (addr >= segstart && addr < segstart + segsize) {
			*a = addr;
			*m = mask;
			return true;
		}
	}
	if (!len)
		return false;
	*a = base;
	*m = ~(inj_low_pow2(len) - 1);
	return true;
}

/*
 * MEM, type 1: phb3_err_inject_mem64. In the shared M64 mode Linux uses,
 * segment i of the M64 window belongs to PE i, so every PE has one (a PE
 * without a 64-bit BAR included: firmware accepts, and the trap waits on
 * a segment nothing decodes). Returns false when there is no M64 window
 * (firmware: OPAL_PARAMETER).
 */
static bool inj_mem64_range(struct eeh_phb *phb, int pe, u64 addr, u64 mask,
			    u64 *a, u64 *m)
{
	u64 segsize = phb->m64_segsize, segstart;

	if (!phb->m64_size || !segsize)
		return false;
	segstart = phb->m64_base + segsize * (u64)pe;
	if (addr >= segstart && addr < segstart + segsize) {
		*a = addr;
		*m = mask;
	} else {
		*a = segstart;
		*m = ~(inj_low_pow2(segsize) - 1);
	}
	return true;
}

/*
 * CFG: phbN_err_inject_cfg. The first RID the RTT maps to the PE is the
 * default; when the next device number maps to the same PE it is a bus
 * PE and the injection covers the bus (PHB_PAPR_ERR_INJ_MASK_CFG), else
 * the one bdfn (PHB_PAPR_ERR_INJ_MASK_CFG_ALL). An address naming a RID
 * of the PE is taken as given, with the given mask. In the model's trap
 * convention a config address is bdfn << 16 | offset, so the bus field
 * is mask 0xff000000 and the bdfn field 0xffff0000.
 */
#define INJ_CFG_MASK_BUS	0xff000000ULL
#define INJ_CFG_MASK_BDFN	0xffff0000ULL

static bool inj_cfg_range(struct eeh_phb *phb, int pe, u64 addr, u64 mask,
			  u64 *a, u64 *m)
{
	u64 prefer = ~0ULL, pmask = INJ_CFG_MASK_BDFN;
	int bdfn;

	if (!phb->rtt)
		return false;
	for (bdfn = 0; bdfn < EEH_RTT_ENTRIES; bdfn++) {
		bool is_bus_pe;

		if (phb->rtt[bdfn] != pe)
			continue;
		is_bus_pe = bdfn + 8 < EEH_RTT_ENTRIES &&
			    phb->rtt[bdfn + 8] == pe;
		if (prefer == ~0ULL) {
			if (is_bus_pe) {
				pmask = INJ_CFG_MASK_BUS;
				prefer = (u64)(bdfn >> 8) << 24;
			} else {
				pmask = INJ_CFG_MASK_BDFN;
				prefer = (u64)bdfn << 16;
			}
		}
		if (!is_bus_pe && ((addr >> 16) & 0xffff) == (u64)bdfn) {
			*a = addr;
			*m = mask;
			return true;
		}
		if (is_bus_pe && ((addr >> 24) & 0xff) == (u64)(bdfn >> 8)) {
			*a = addr;
			*m = mask;
			return true;
		}
	}
	if (prefer == ~0ULL)
		return false;
	*a = prefer;
	*m = pmask;
	return true;
}

/*
 * DMA: phb3_err_inject_dma. TVE pe*2 (type 0, bus addresses from 0) or
 * pe*2+1 (type 1, from bit 59). A non-zero address inside the window is
 * taken with the given mask; otherwise the whole window (its base, mask
 * of its power-of-two size). Without a valid TVE PHB3 firmware answers
 * OPAL_UNSUPPORTED; the model then arms on every DMA of the PE in that
 * address space (mask 0). Returns false when the TVE is invalid.
 */
static bool inj_dma_range(struct eeh_phb *phb, int pe, int type, u64 addr,
			  u64 mask, u64 *a, u64 *m)
{
	int idx = pe * 2 + (type ? 1 : 0);
	const struct eeh_tce_table *t;
	u64 base = type ? EEH_TVE_64BIT_BASE : 0;

	if (!phb->tvt || !phb->tvt_tables || !phb->tvt[idx] ||
	    !phb->tvt_tables[idx].window_size) {
		*a = base;
		*m = 0;
		return false;
	}
	t = &phb->tvt_tables[idx];
	base = t->bus_start;
	if (addr && addr >= base && addr < base + t->window_size) {
		*a = addr;
		*m = mask;
	} else {
		*a = base;
		*m = ~(inj_low_pow2(t->window_size) - 1);
	}
	return true;
}

/*
 * Translate a function code into a trap and fill in the address and
 * mask as firmware would; returns the firmware answer for this PE.
 *
 *   LD/ST_MEM_*   -> MMIO_LOAD / MMIO_STORE, space = type (M32 / M64)
 *   LD/ST_IO_*    -> IO_LOAD / IO_STORE: armed, but PHB3/PHB4 and the
 *                    model have no I/O space, so it never trips; firmware
 *                    answers OPAL_PARAMETER. It is armed anyway so that
 *                    every code has a defined model effect ("nothing
 *                    happens"), visible with eeh_trap_count().
 *   LD/ST_CFG_*   -> CFG_LOAD / CFG_STORE, addr = bdfn << 16 | offset
 *   DMA_RD/WR_*   -> DMA_READ / DMA_WRITE, effect DMA_FAULT: the DMA
 *                    that trips it fails and the PE freezes; cause
 *                    INJECT for _ADDR and _DATA, MASTER_ABORT /
 *                    TARGET_ABORT for _MASTER / _TARGET
 *
 * The ADDR and DATA variants (address or data parity on the bus) have
 * the same effect, a freeze of the PE; the diag entry records the
 * function code (t->func), which is what tells them apart.
 */
static enum eeh_fw_answer inj_build_trap(struct eeh_phb *phb,
					 const struct eeh_inj_req *req,
					 struct eeh_trap *t)
{
	enum eeh_fw_answer fw = eeh_inj_fw_answer(phb->model, req->type,
						  req->func);
	bool is_write;
	bool ok;
	int f = req->func;

	t->pe = req->pe;
	t->func = f;
	t->effect = EEH_TRAP_FREEZE;
	t->cause = EEH_CAUSE_INJECT;
	t->space = -1;
	t->addr = req->addr;
	t->mask = req->mask;

	if (inj_func_is_mem(f)) {
		is_write = f == EEH_ERR_FUNC_ST_MEM_ADDR ||
			   f == EEH_ERR_FUNC_ST_MEM_DATA;
		t->access = is_write ? EEH_ACC_MMIO_STORE : EEH_ACC_MMIO_LOAD;
		t->space = req->type;
		if (req->type == EEH_ERR_TYPE_64)
			ok = inj_mem64_range(phb, req->pe, req->addr, req->mask,
					     &t->addr, &t->mask);
		else
			ok = inj_mem32_range(phb, req->pe, req->addr, req->mask,
					     &t->addr, &t->mask);
		/* no segment: firmware refuses; the model arms as asked */
		if (!ok && phb->model == EEH_PHB3)
			fw = EEH_FW_PARAMETER;
	} else if (inj_func_is_io(f)) {
		is_write = f == EEH_ERR_FUNC_ST_IO_ADDR ||
			   f == EEH_ERR_FUNC_ST_IO_DATA;
		t->access = is_write ? EEH_ACC_IO_STORE : EEH_ACC_IO_LOAD;
	} else if (inj_func_is_cfg(f)) {
		is_write = f == EEH_ERR_FUNC_ST_CFG_ADDR ||
			   f == EEH_ERR_FUNC_ST_CFG_DATA;
		t->access = is_write ? EEH_ACC_CFG_STORE : EEH_ACC_CFG_LOAD;
		ok = inj_cfg_range(phb, req->pe, req->addr, req->mask,
				   &t->addr, &t->mask);
		if (!ok)	/* no RID maps to the PE: "Invalid PE number" */
			fw = EEH_FW_PARAMETER;
	} else {
		is_write = f >= EEH_ERR_FUNC_DMA_WR_ADDR;
		t->access = is_write ? EEH_ACC_DMA_WRITE : EEH_ACC_DMA_READ;
		t->space = req->type;
		/*
		 * the DMA that hits the error is not performed: it fails
		 * (EEH_DMA_FAULT) and the PE freezes
		 */
		t->effect = EEH_TRAP_DMA_FAULT;
		if (f == EEH_ERR_FUNC_DMA_RD_MASTER ||
		    f == EEH_ERR_FUNC_DMA_WR_MASTER)
			t->cause = EEH_CAUSE_MASTER_ABORT;
		else if (f == EEH_ERR_FUNC_DMA_RD_TARGET ||
			 f == EEH_ERR_FUNC_DMA_WR_TARGET)
			t->cause = EEH_CAUSE_TARGET_ABORT;
		ok = inj_dma_range(phb, req->pe, req->type, req->addr,
				   req->mask, &t->addr, &t->mask);
		if (!ok && phb->model == EEH_PHB3)
			fw = EEH_FW_UNSUPPORTED;
	}
	return fw;
}

/*
 * eeh_trap_arm() takes a const trap and numbers the armed copy with the
 * model-wide sequence (++m->trap_seq): that is the id just given.
 */
static u32 inj_armed_id(struct eeh_phb *phb)
{
	return phb->m ? phb->m->trap_seq : 0;
}

/* PE checks, in the order skiboot and Linux make them. */
static int inj_check_pe(struct eeh_phb *phb, int pe, struct eeh_msg *msg)
{
	if (pe < 0 || pe >= phb->num_pes)
		return eeh_msg_set(msg, -ERANGE,
				   "PE#%x out of range: PHB#%d has %d PEs",
				   pe < 0 ? 0 : pe, phb->index, phb->num_pes);
	if (pe == phb->reserved_pe)
		return eeh_msg_set(msg, -EINVAL, "PE#%x is the reserved PE", pe);
	if (!eeh_model_pe_get(phb, pe))
		return eeh_msg_set(msg, -EINVAL, "PE#%x is not in use on PHB#%d",
				   pe, phb->index);
	return 0;
}

int eeh_inject(struct eeh_model *m, const struct eeh_inj_req *req,
	       struct eeh_inj_result *res, struct eeh_msg *msg)
{
	struct eeh_inj_result out = { .fw = EEH_FW_ACCEPTED };
	struct eeh_trap t = { .func = -1 };
	struct eeh_phb *phb;
	int rc;

	if (!m || !req)
		return eeh_msg_set(msg, -EINVAL, "no injection request");
	phb = (req->phb >= 0 && req->phb < EEH_MAX_PHBS) ?
		eeh_phb_get(m, req->phb) : NULL;
	if (!phb)
		return eeh_msg_set(msg, -ENODEV, "no PHB %d", req->phb);

	switch (req->kind) {
	case EEH_INJ_FENCE:
		/* a PHB-wide error: no PE to check */
		rc = eeh_phb_fence(phb, EEH_CAUSE_FENCE, -1, 0);
		if (rc < 0)
			return eeh_msg_set(msg, rc, "PHB#%d: fence failed",
					   phb->index);
		break;

	case EEH_INJ_FREEZE: {
		u32 which = req->which ? req->which : EEH_FREEZE_BOTH;

		rc = inj_check_pe(phb, req->pe, msg);
		if (rc)
			return rc;
		if (which & ~EEH_FREEZE_BOTH)
			return eeh_msg_set(msg, -EINVAL,
					   "freeze halves 0x%x: not MMIO (1), DMA (2) or both (3)",
					   which);
		rc = eeh_pe_freeze(phb, req->pe, which, EEH_CAUSE_FREEZE_REQ,
				   -1, 0, msg);
		if (rc < 0)
			return rc;
		break;
	}

	case EEH_INJ_DMA_FAULT:
		rc = inj_check_pe(phb, req->pe, msg);
		if (rc)
			return rc;
		if (!inj_cause_is_dma(req->dma_cause))
			return eeh_msg_set(msg, -EINVAL, "%s is not a DMA cause",
					   eeh_cause_name(req->dma_cause));
		t.pe = req->pe;
		t.access = EEH_ACC_DMA_READ | EEH_ACC_DMA_WRITE;
		t.space = -1;
		t.addr = req->addr;
		t.mask = req->mask;
		t.effect = EEH_TRAP_DMA_FAULT;
		t.cause = req->dma_cause;
		t.func = -1;
		rc = eeh_trap_arm(phb, &t, msg);
		if (rc < 0)
			return rc;
		out.trap_id = inj_armed_id(phb);
		out.addr = t.addr;
		out.mask = t.mask;
		break;

	case EEH_INJ_FUNC:
		rc = inj_check_pe(phb, req->pe, msg);
		if (rc)
			return rc;
		if (req->type != EEH_ERR_TYPE_32 && req->type != EEH_ERR_TYPE_64)
			return eeh_msg_set(msg, -ERANGE,
					   "type %d out of range: 0 (32-bit) or 1 (64-bit)",
					   req->type);
		if (req->func < 0 || req->func > EEH_ERR_FUNC_MAX)
			return eeh_msg_set(msg, -ERANGE,
					   "function %d out of range: 0..%d",
					   req->func, EEH_ERR_FUNC_MAX);
		out.fw = inj_build_trap(phb, req, &t);
		rc = eeh_trap_arm(phb, &t, msg);
		if (rc < 0)
			return rc;
		out.trap_id = inj_armed_id(phb);
		out.addr = t.addr;
		out.mask = t.mask;
		break;

	default:
		return eeh_msg_set(msg, -EINVAL, "unknown injection kind %d",
				   (int)req->kind);
	}
	if (res)
		*res = out;
	return 0;
}
