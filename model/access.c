// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab model: the MMIO and config data path and the armed traps.
 */
#include "internal.h"

#define EEH_ACC_ALL	0xffU

int eeh_trap_arm(struct eeh_phb *phb, const struct eeh_trap *t, struct eeh_msg *msg)
{
	int i;

	if (!phb || !t)
		return eeh_msg_set(msg, -EINVAL, "no PHB or no trap");
	if (t->pe < 0 || t->pe >= phb->num_pes)
		return eeh_msg_set(msg, -ERANGE, "PE#%x out of range (PHB#%04x has %d PEs)",
				   t->pe, phb->index, phb->num_pes);
	if (!eeh_pe_in_use(phb, t->pe))
		return eeh_msg_set(msg, -EINVAL, "PE#%x of PHB#%04x is %s", t->pe,
				   phb->index, t->pe == phb->reserved_pe ?
				   "the reserved PE" : "not in use");
	if (!t->access || (t->access & ~EEH_ACC_ALL))
		return eeh_msg_set(msg, -EINVAL, "bad access mask 0x%x", t->access);
	if (t->space < -1 || t->space > 1)
		return eeh_msg_set(msg, -EINVAL, "bad address space %d (0, 1 or -1)",
				   t->space);
	if (t->effect != EEH_TRAP_FREEZE && t->effect != EEH_TRAP_FENCE &&
	    t->effect != EEH_TRAP_DMA_FAULT)
		return eeh_msg_set(msg, -EINVAL, "bad trap effect %d", (int)t->effect);
	if ((int)t->cause < 0 || t->cause >= EEH_CAUSE__COUNT)
		return eeh_msg_set(msg, -EINVAL, "bad cause %d", (int)t->cause);
	for (i = 0; i < EEH_MAX_TRAPS; i++) {
		struct eeh_trap *slot = &phb->traps[i];

		if (slot->armed)
			continue;
		*slot = *t;
		slot->armed = true;
		slot->id = ++phb->m->trap_seq;
		return 0;
	}
	return eeh_msg_set(msg, -ENOSPC, "PHB#%04x: all %d trap slots are armed",
			   phb->index, EEH_MAX_TRAPS);
}

void eeh_trap_disarm_all(struct eeh_phb *phb)
{
	int i;

	if (!phb)
		return;
	for (i = 0; i < EEH_MAX_TRAPS; i++)
		phb->traps[i].armed = false;
}

int eeh_trap_count(struct eeh_phb *phb)
{
	int i, n = 0;

	if (!phb)
		return 0;
	for (i = 0; i < EEH_MAX_TRAPS; i++)
		if (phb->traps[i].armed)
			n++;
	return n;
}

struct eeh_trap *eeh_trap_match(struct eeh_phb *phb, int pe, u32 access,
				int space, u64 addr)
{
	int i;

	for (i = 0; i < EEH_MAX_TRAPS; i++) {
		struct eeh_trap *t = &phb->traps[i];

		if (!t->armed || t->pe != pe || !(t->access & access))
			continue;
		if (space >= 0 && t->space >= 0 && t->space != space)
			continue;
		if ((addr ^ t->addr) & t->mask)
			continue;
		return t;
	}
	return NULL;
}

void eeh_trap_trip(struct eeh_phb *phb, struct eeh_trap *t, u64 addr)
{
	t->armed = false;
	if (t->effect == EEH_TRAP_FENCE)
		eeh_phb_fence(phb, t->cause, t->func, addr);
	else
		eeh_pe_freeze(phb, t->pe, EEH_FREEZE_BOTH, t->cause, t->func, addr, NULL);
}

static bool size_ok(int size)
{
	return size == 1 || size == 2 || size == 4 || size == 8;
}

static u64 ones(int size)
{
	return size == 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

/*
 * The PE an MMIO address routes to (-1: outside both windows or an
 * unmapped M32 segment), and its space (0: M32, 1: M64).
 */
static int mmio_route(struct eeh_phb *phb, u64 addr, int *space)
{
	int pe;

	if (addr >= phb->m32_base && addr - phb->m32_base < phb->m32_size) {
		*space = 0;
		pe = phb->m32_segmap[(addr - phb->m32_base) / phb->m32_segsize];
	} else if (addr >= phb->m64_base && addr - phb->m64_base < phb->m64_size) {
		*space = 1;
		pe = (int)((addr - phb->m64_base) / phb->m64_segsize);
	} else {
		return -1;
	}
	return eeh_pe_in_use(phb, pe) ? pe : -1;
}

/* The function and BAR of @pe that decode @addr now, or NULL. */
static struct eeh_func *mmio_claim(struct eeh_phb *phb, int pe, u64 addr, int *bar)
{
	int i, b;

	for (i = 0; i < phb->nfuncs; i++) {
		struct eeh_func *f = phb->funcs[i];

		if (f->pe != pe || !f->present || f->in_reset)
			continue;
		for (b = 0; b < EEH_MAX_BARS; b++) {
			if (eeh_func_bar_claims(f, b, addr)) {
				*bar = b;
				return f;
			}
		}
	}
	return NULL;
}

static int mmio_access(struct eeh_phb *phb, u64 addr, int size, u64 *val,
		       bool store, struct eeh_access_result *r)
{
	struct eeh_access_result local;
	struct eeh_func *f;
	struct eeh_trap *t;
	struct eeh_model_pe *p;
	int pe, space = 0, bar = 0;
	u64 off;

	if (!r)
		r = &local;
	memset(r, 0, sizeof(*r));
	r->pe = -1;
	if (!phb || !val || !size_ok(size) || (addr & (size - 1)))
		return -EINVAL;
	if (!phb->enumerated)
		return -ENODEV;
	if (!store)
		*val = ones(size);

	pe = mmio_route(phb, addr, &space);
	if (pe < 0) {
		r->unclaimed = true;
		r->cause = EEH_CAUSE_MMIO_UR;
		return 0;
	}
	r->pe = pe;
	p = &phb->pes[pe];
	if (!phb->fenced && !eeh_pe_is_frozen(phb, pe, EEH_FREEZE_MMIO)) {
		t = eeh_trap_match(phb, pe, store ? EEH_ACC_MMIO_STORE : EEH_ACC_MMIO_LOAD,
				   space, addr);
		if (t) {
			r->tripped = true;
			r->cause = t->cause;
			eeh_trap_trip(phb, t, addr);
		}
	}
	if (phb->fenced || eeh_pe_is_frozen(phb, pe, EEH_FREEZE_MMIO)) {
		r->frozen = true;
		if (store)
			p->stores_dropped++;
		else
			p->loads_ones++;
		return 0;
	}
	f = mmio_claim(phb, pe, addr, &bar);
	if (!f) {
		r->unclaimed = true;
		r->cause = EEH_CAUSE_MMIO_UR;
		return 0;
	}
	off = addr - eeh_func_bar_addr(f, bar);
	if (off + size > f->bars[bar].size) {
		r->unclaimed = true;	/* straddles the end of the BAR */
		r->cause = EEH_CAUSE_MMIO_UR;
		return 0;
	}
	if (store)
		eeh_dev_mmio_write(f, bar, off, size, *val);
	else
		*val = eeh_dev_mmio_read(f, bar, off, size);
	return 0;
}

/**
 * eeh_mmio_load() - load @size bytes at PCI bus address @addr.
 *
 * Returns 0 whatever the bus answered (all-ones for a frozen PE, a fenced
 * PHB or an unclaimed address; @r says which), -EINVAL for a bad size or
 * misaligned address, -ENODEV before enumeration.
 */
int eeh_mmio_load(struct eeh_phb *phb, u64 addr, int size, u64 *val,
		  struct eeh_access_result *r)
{
	return mmio_access(phb, addr, size, val, false, r);
}

int eeh_mmio_store(struct eeh_phb *phb, u64 addr, int size, u64 val,
		   struct eeh_access_result *r)
{
	return mmio_access(phb, addr, size, &val, true, r);
}

static int func_bar_check(struct eeh_func *f, int bar, u64 off, int size, u64 *addr)
{
	if (!f || bar < 0 || bar >= EEH_MAX_BARS || !f->bars[bar].size)
		return -EINVAL;
	if (!size_ok(size) || off >= f->bars[bar].size || off + size > f->bars[bar].size)
		return -EINVAL;
	/* the address the driver mapped: the one enumeration assigned */
	*addr = f->bars[bar].addr;
	if (!*addr)
		return -ENODEV;
	*addr += off;
	return 0;
}

int eeh_func_mmio_load(struct eeh_func *f, int bar, u64 off, int size, u64 *val,
		       struct eeh_access_result *r)
{
	u64 addr;
	int rc = func_bar_check(f, bar, off, size, &addr);

	if (rc)
		return rc;
	return eeh_mmio_load(f->phb, addr, size, val, r);
}

int eeh_func_mmio_store(struct eeh_func *f, int bar, u64 off, int size, u64 val,
			struct eeh_access_result *r)
{
	u64 addr;
	int rc = func_bar_check(f, bar, off, size, &addr);

	if (rc)
		return rc;
	return eeh_mmio_store(f->phb, addr, size, val, r);
}

static int cfg_access(struct eeh_phb *phb, u8 bus, u8 devfn, u32 off, int size,
		      u32 *val, bool store, struct eeh_access_result *r)
{
	struct eeh_access_result local;
	u16 bdfn = (bus << 8) | devfn;
	u64 caddr = ((u64)bdfn << 16) | off;
	struct eeh_func *f;
	struct eeh_trap *t;
	struct eeh_model_pe *p;
	int pe;

	if (!r)
		r = &local;
	memset(r, 0, sizeof(*r));
	r->pe = -1;
	if (!phb || !val || (size != 1 && size != 2 && size != 4) ||
	    (off & (size - 1)) || off + size > EEH_CFG_SIZE)
		return -EINVAL;
	if (!phb->enumerated)
		return -ENODEV;
	if (!store)
		*val = (u32)ones(size);

	f = eeh_func_by_bdf(phb, bus, devfn);
	pe = phb->rtt[bdfn];
	if (!f || !eeh_pe_in_use(phb, pe)) {
		r->unclaimed = true;	/* master abort: nobody at that BDF */
		r->cause = EEH_CAUSE_MASTER_ABORT;
		return 0;
	}
	r->pe = pe;
	p = &phb->pes[pe];
	if (!phb->fenced && !eeh_pe_is_frozen(phb, pe, EEH_FREEZE_MMIO)) {
		t = eeh_trap_match(phb, pe, store ? EEH_ACC_CFG_STORE : EEH_ACC_CFG_LOAD,
				   -1, caddr);
		if (t) {
			r->tripped = true;
			r->cause = t->cause;
			eeh_trap_trip(phb, t, caddr);
		}
	}
	if (phb->fenced || eeh_pe_is_frozen(phb, pe, EEH_FREEZE_MMIO)) {
		r->frozen = true;
		if (store)
			p->stores_dropped++;
		else
			p->loads_ones++;
		return 0;
	}
	if ((p->sw_state & EEH_PE_CFG_BLOCKED) || !f->present || f->in_reset) {
		r->blocked = true;
		return 0;
	}
	if (store)
		eeh_cfg_write(f, off, size, *val);
	else
		*val = eeh_cfg_read(f, off, size);
	return 0;
}

/**
 * eeh_cfg_load() - config read of @size (1, 2, 4) bytes at @off of
 * bus/devfn. All-ones when nobody is there (r->unclaimed), the PE is
 * frozen or the PHB fenced (r->frozen), or the access is blocked
 * (r->blocked: CFG_BLOCKED, device absent or in reset).
 */
int eeh_cfg_load(struct eeh_phb *phb, u8 bus, u8 devfn, u32 off, int size,
		 u32 *val, struct eeh_access_result *r)
{
	return cfg_access(phb, bus, devfn, off, size, val, false, r);
}

int eeh_cfg_store(struct eeh_phb *phb, u8 bus, u8 devfn, u32 off, int size,
		  u32 val, struct eeh_access_result *r)
{
	return cfg_access(phb, bus, devfn, off, size, &val, true, r);
}
