// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab model: DMA translation (TVT, TCE tables) and the DMA data path.
 *
 * TVE (IODA3, skiboot include/phb4-regs.h IODA3_TVT_*, hw/phb4.c
 * phb4_map_pe_dma_window): table address >> 12 in [0:47], levels - 1 in
 * [48:50], log2(bytes of one level) - 11 in [51:55], log2(I/O page) - 11
 * in [59:63]. The walk is QEMU hw/pci-host/pnv_phb4.c
 * pnv_phb4_translate_tve: bits per level = table size code + 8, a
 * non-leaf TCE needs R or W, entries are 8 bytes big-endian.
 */
#include "internal.h"

#define IODA3_TVT_TABLE_ADDR		EEH_PPC_BITMASK(0, 47)
#define IODA3_TVT_NUM_LEVELS		EEH_PPC_BITMASK(48, 50)
#define IODA3_TVT_TCE_TABLE_SIZE	EEH_PPC_BITMASK(51, 55)
#define IODA3_TVT_IO_PSIZE		EEH_PPC_BITMASK(59, 63)

#define EEH_TCE_PERM	(EEH_TCE_READ | EEH_TCE_WRITE)

bool eeh_phb_page_shift_ok(enum eeh_phb_model model, u32 page_shift)
{
	switch (page_shift) {
	case 12:
	case 16:
		return model == EEH_PHB3 || model == EEH_PHB4;
	case 24:
	case 28:
		return model == EEH_PHB3;
	case 21:
	case 30:
		return model == EEH_PHB4;
	}
	return false;
}

u64 eeh_tve_encode(const struct eeh_tce_table *t)
{
	u64 tve = 0;

	if (!t)
		return 0;
	tve = EEH_SETFIELD(IODA3_TVT_TABLE_ADDR, tve, t->base >> 12);
	tve = EEH_SETFIELD(IODA3_TVT_NUM_LEVELS, tve, t->levels - 1);
	tve = EEH_SETFIELD(IODA3_TVT_TCE_TABLE_SIZE, tve, t->level_shift - 11);
	tve = EEH_SETFIELD(IODA3_TVT_IO_PSIZE, tve, t->page_shift - 11);
	return tve;
}

/*
 * Entries one table can hold: (1 << (level_shift - 3)) ^ levels, or
 * 0 when that does not fit in 64 bits of address space.
 */
static u64 table_capacity(u32 level_shift, int levels, u32 page_shift)
{
	u32 bits = (level_shift - 3) * levels;

	if (bits + page_shift > 59)
		return 1ULL << (59 - page_shift);
	return 1ULL << bits;
}

/**
 * eeh_tce_table_create() - reserve the top level of a TCE table in host
 * memory for a window of @window_size bytes (a power of two) of
 * 1 << @page_shift pages, in @levels levels (1..5). Level sizing follows
 * Linux pnv_pci_ioda2_table_alloc_pages: the entry bits are split evenly
 * over the levels, a level is at least 4 KiB. Lower levels are created
 * by eeh_tce_put(alloc = true).
 */
int eeh_tce_table_create(struct eeh_model *m, u32 page_shift, u64 window_size,
			 int levels, u64 bus_start, struct eeh_tce_table *t,
			 struct eeh_msg *msg)
{
	struct eeh_tce_table nt;
	u32 entries_shift, per_level;
	int rc;

	if (!m || !t)
		return eeh_msg_set(msg, -EINVAL, "no model or no table");
	if (!eeh_phb_page_shift_ok(EEH_PHB3, page_shift) &&
	    !eeh_phb_page_shift_ok(EEH_PHB4, page_shift))
		return eeh_msg_set(msg, -EINVAL,
				   "I/O page shift %u is none of 12, 16, 21, 24, 28, 30",
				   page_shift);
	if (levels < 1 || levels > 5)
		return eeh_msg_set(msg, -EINVAL, "%d TCE levels (1..5)", levels);
	if (bus_start != 0 && bus_start != EEH_TVE_64BIT_BASE)
		return eeh_msg_set(msg, -EINVAL, "window start 0x%llx is neither 0 nor 1<<59",
				   (unsigned long long)bus_start);
	if (!eeh_is_pow2(window_size) || window_size < (1ULL << page_shift) ||
	    window_size > EEH_TVE_64BIT_BASE)
		return eeh_msg_set(msg, -EINVAL,
				   "window size 0x%llx is not a power of two between the page size and 1<<59",
				   (unsigned long long)window_size);
	entries_shift = eeh_ilog2(window_size) - page_shift;
	per_level = (entries_shift + levels - 1) / levels;
	memset(&nt, 0, sizeof(nt));
	nt.levels = levels;
	nt.level_shift = per_level + 3 < 12 ? 12 : per_level + 3;
	if (nt.level_shift - 11 > 31)
		return eeh_msg_set(msg, -EINVAL, "TCE level of 2^%u bytes is too large",
				   nt.level_shift);
	nt.page_shift = page_shift;
	nt.bus_start = bus_start;
	nt.entries = window_size >> page_shift;
	nt.window_size = window_size;
	if (nt.entries > table_capacity(nt.level_shift, levels, page_shift))
		return eeh_msg_set(msg, -EINVAL, "window too large for %d levels", levels);
	rc = eeh_mem_alloc(m, 1ULL << nt.level_shift, 1ULL << nt.level_shift, &nt.base, msg);
	if (rc)
		return rc;
	*t = nt;
	return 0;
}

static int table_check(const struct eeh_tce_table *t)
{
	if (!t || t->levels < 1 || t->levels > 5 || t->level_shift < 12 ||
	    t->level_shift > 42 || t->page_shift < 12 || t->page_shift > 30 ||
	    (t->base & 0xfff))
		return -EINVAL;
	return 0;
}

int eeh_tve_set(struct eeh_phb *phb, int pe, int which,
		const struct eeh_tce_table *t, struct eeh_msg *msg)
{
	int idx;

	if (!phb)
		return eeh_msg_set(msg, -EINVAL, "no PHB");
	if (pe < 0 || pe >= phb->num_pes)
		return eeh_msg_set(msg, -ERANGE, "PE#%x out of range (PHB#%04x has %d PEs)",
				   pe, phb->index, phb->num_pes);
	if (pe == phb->reserved_pe)
		return eeh_msg_set(msg, -EINVAL, "PE#%x is the reserved PE", pe);
	if (which != 0 && which != 1)
		return eeh_msg_set(msg, -EINVAL, "TVE %d: a PE has TVE 0 (32-bit) and 1 (64-bit)",
				   which);
	idx = pe * 2 + which;
	if (!t) {
		phb->tvt[idx] = 0;
		memset(&phb->tvt_tables[idx], 0, sizeof(phb->tvt_tables[idx]));
		return 0;
	}
	if (table_check(t))
		return eeh_msg_set(msg, -EINVAL, "malformed TCE table description");
	if (!eeh_phb_page_shift_ok(phb->model, t->page_shift))
		return eeh_msg_set(msg, -EINVAL, "PHB%d does not support %lluK I/O pages",
				   (int)phb->model,
				   (unsigned long long)(1ULL << t->page_shift) >> 10);
	if (t->bus_start != (u64)which << 59)
		return eeh_msg_set(msg, -EINVAL,
				   "TVE %d takes a window starting at 0x%llx, not 0x%llx",
				   which, (unsigned long long)which << 59,
				   (unsigned long long)t->bus_start);
	if (!t->window_size || t->entries != t->window_size >> t->page_shift ||
	    t->entries > table_capacity(t->level_shift, t->levels, t->page_shift))
		return eeh_msg_set(msg, -EINVAL, "window size does not match the table");
	phb->tvt[idx] = eeh_tve_encode(t);
	phb->tvt_tables[idx] = *t;
	return 0;
}

static int tce_read(struct eeh_model *m, u64 pa, u64 *tce)
{
	u64 be;
	int rc = eeh_mem_read(m, pa, &be, sizeof(be));

	if (rc)
		return rc;
	*tce = eeh_be64_to_cpu(be);
	return 0;
}

static int tce_write(struct eeh_model *m, u64 pa, u64 tce)
{
	u64 be = eeh_cpu_to_be64(tce);

	return eeh_mem_write(m, pa, &be, sizeof(be));
}

/*
 * Address of the entry for @index at level @lev (levels-1 = top) in the
 * level table at @base.
 */
static u64 entry_addr(const struct eeh_tce_table *t, u64 base, u64 index, int lev)
{
	u32 bits = t->level_shift - 3;

	return base + (((index >> (bits * lev)) & ((1ULL << bits) - 1)) << 3);
}

int eeh_tce_get(struct eeh_model *m, const struct eeh_tce_table *t, u64 index,
		u64 *tce)
{
	u64 base, e = 0;
	int lev, rc;

	if (!m || !tce || table_check(t))
		return -EINVAL;
	if (index >= t->entries)
		return -ERANGE;
	base = t->base;
	for (lev = t->levels - 1; lev >= 0; lev--) {
		rc = tce_read(m, entry_addr(t, base, index, lev), &e);
		if (rc)
			return rc;
		if (lev && !(e & EEH_TCE_PERM)) {
			*tce = 0;	/* missing level: invalid TCE */
			return 0;
		}
		base = e & ~0xfffULL;
	}
	*tce = e;
	return 0;
}

/**
 * eeh_tce_put() - write TCE @index of @t, creating missing lower levels
 * when @alloc (else -ENOENT). Counts a TCE kill on @phb.
 */
int eeh_tce_put(struct eeh_phb *phb, const struct eeh_tce_table *t, u64 index,
		u64 tce, bool alloc, struct eeh_msg *msg)
{
	struct eeh_model *m;
	u64 base, e, ea;
	int lev, rc;

	if (!phb || table_check(t))
		return eeh_msg_set(msg, -EINVAL, "no PHB or malformed TCE table");
	if (index >= t->entries)
		return eeh_msg_set(msg, -ERANGE, "TCE index 0x%llx past the table (0x%llx entries)",
				   (unsigned long long)index, (unsigned long long)t->entries);
	m = phb->m;
	base = t->base;
	for (lev = t->levels - 1; lev > 0; lev--) {
		ea = entry_addr(t, base, index, lev);
		rc = tce_read(m, ea, &e);
		if (rc)
			return eeh_msg_set(msg, rc, "reading TCE level at 0x%llx",
					   (unsigned long long)ea);
		if (!(e & EEH_TCE_PERM)) {
			u64 next;

			if (!alloc)
				return eeh_msg_set(msg, -ENOENT,
						   "TCE level %d for index 0x%llx is missing",
						   lev - 1, (unsigned long long)index);
			rc = eeh_mem_alloc(m, 1ULL << t->level_shift, 1ULL << t->level_shift,
					   &next, msg);
			if (rc)
				return rc;
			e = next | EEH_TCE_READ | EEH_TCE_WRITE;
			rc = tce_write(m, ea, e);
			if (rc)
				return eeh_msg_set(msg, rc,
						   "host memory cap reached writing a TCE level");
		}
		base = e & ~0xfffULL;
	}
	rc = tce_write(m, entry_addr(t, base, index, 0), tce);
	if (rc)
		return eeh_msg_set(msg, rc, "host memory cap reached writing a TCE");
	phb->tce_kills++;
	return 0;
}

int eeh_dma_translate(struct eeh_phb *phb, int pe, u64 bus_addr, bool to_mem,
		      u64 *host, enum eeh_cause *cause)
{
	const struct eeh_tce_table *t;
	enum eeh_cause c = EEH_CAUSE_NONE;
	u64 off, index, tce = 0;
	int which;

	if (!phb || !host || pe < 0 || pe >= phb->num_pes)
		return -EINVAL;
	which = (bus_addr >> 59) & 1;
	t = &phb->tvt_tables[pe * 2 + which];
	if (!phb->tvt[pe * 2 + which] || (bus_addr >> 60)) {
		c = EEH_CAUSE_DMA_NO_TVE;
		goto fault;
	}
	off = bus_addr - t->bus_start;
	if (off >= t->window_size) {
		c = EEH_CAUSE_DMA_OUT_OF_WINDOW;
		goto fault;
	}
	index = off >> t->page_shift;
	if (eeh_tce_get(phb->m, t, index, &tce) || !(tce & EEH_TCE_PERM)) {
		c = EEH_CAUSE_DMA_INVALID_TCE;
		goto fault;
	}
	if (to_mem && !(tce & EEH_TCE_WRITE)) {
		c = EEH_CAUSE_DMA_READ_ONLY;
		goto fault;
	}
	if (!to_mem && !(tce & EEH_TCE_READ)) {
		c = EEH_CAUSE_DMA_WRITE_ONLY;
		goto fault;
	}
	*host = (tce & ~((1ULL << t->page_shift) - 1)) | (off & ((1ULL << t->page_shift) - 1));
	if (cause)
		*cause = EEH_CAUSE_NONE;
	return 0;
fault:
	if (cause)
		*cause = c;
	return -EFAULT;
}

/* Bytes from @bus_addr to the end of its I/O page (at least 4 KiB pages). */
static u64 dma_chunk(struct eeh_phb *phb, int pe, u64 bus_addr)
{
	const struct eeh_tce_table *t = &phb->tvt_tables[pe * 2 + ((bus_addr >> 59) & 1)];
	u32 shift = t->page_shift >= 12 ? t->page_shift : 12;

	return (1ULL << shift) - (bus_addr & ((1ULL << shift) - 1));
}

/**
 * eeh_dma() - a DMA of @len bytes by requester @rid at @bus_addr.
 *
 * Order: RTT -> PE; fenced PHB or DMA-frozen PE: BLOCKED (counted, not
 * performed); an armed DMA trap trips (DMA_FAULT: FAULT with the trap's
 * cause; FREEZE or FENCE: BLOCKED); every I/O page is translated before
 * any byte moves, a translation fault freezes the PE (both halves, one
 * diag entry) and returns FAULT. A host memory refusal (cap) returns
 * FAULT with cause none and no freeze.
 */
enum eeh_dma_outcome eeh_dma(struct eeh_phb *phb, u16 rid, u64 bus_addr,
			     void *buf, u32 len, bool to_mem,
			     struct eeh_access_result *r)
{
	struct eeh_access_result local;
	enum eeh_cause cause;
	struct eeh_trap *t;
	u64 a, left, host;
	u8 *p = buf;
	int pe, rc;

	if (!r)
		r = &local;
	memset(r, 0, sizeof(*r));
	r->pe = -1;
	if (!phb || (!buf && len) || !phb->enumerated)
		return EEH_DMA_NONE;
	pe = phb->rtt[rid];
	if (!eeh_pe_in_use(phb, pe)) {
		/* unmapped RID: the reserved PE has no TVE */
		r->cause = EEH_CAUSE_DMA_NO_TVE;
		return EEH_DMA_FAULT;
	}
	r->pe = pe;
	if (phb->fenced || eeh_pe_is_frozen(phb, pe, EEH_FREEZE_DMA)) {
		r->frozen = true;
		phb->pes[pe].dma_blocked++;
		return EEH_DMA_BLOCKED;
	}
	t = eeh_trap_match(phb, pe, to_mem ? EEH_ACC_DMA_WRITE : EEH_ACC_DMA_READ,
			   (bus_addr >> 59) & 1, bus_addr);
	if (t) {
		enum eeh_trap_effect effect = t->effect;

		r->tripped = true;
		r->cause = t->cause;
		eeh_trap_trip(phb, t, bus_addr);
		if (effect == EEH_TRAP_DMA_FAULT)
			return EEH_DMA_FAULT;
		r->frozen = true;
		phb->pes[pe].dma_blocked++;
		return EEH_DMA_BLOCKED;
	}
	if (!len)
		return EEH_DMA_OK;
	for (a = bus_addr, left = len; left;) {
		u64 n = dma_chunk(phb, pe, a);

		if (n > left)
			n = left;
		if (eeh_dma_translate(phb, pe, a, to_mem, &host, &cause)) {
			r->cause = cause;
			eeh_pe_freeze(phb, pe, EEH_FREEZE_BOTH, cause, -1, a, NULL);
			return EEH_DMA_FAULT;
		}
		a += n;
		left -= n;
	}
	for (a = bus_addr, left = len; left;) {
		u64 n = dma_chunk(phb, pe, a);

		if (n > left)
			n = left;
		eeh_dma_translate(phb, pe, a, to_mem, &host, &cause);
		if (phb->m->dma_hook)
			phb->m->dma_hook(phb->m->dma_hook_ctx, phb, pe, a, host, n, to_mem);
		if (to_mem)
			rc = eeh_mem_write(phb->m, host, p + (a - bus_addr), n);
		else
			rc = eeh_mem_read(phb->m, host, p + (a - bus_addr), n);
		if (rc) {
			r->cause = EEH_CAUSE_NONE;
			return EEH_DMA_FAULT;
		}
		a += n;
		left -= n;
	}
	return EEH_DMA_OK;
}
