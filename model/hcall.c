// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab model: the TCE hypercalls in three tiers.
 *
 * Checks and their order follow Linux arch/powerpc/kvm/book3s_64_vio_hv.c
 * (kvmppc_rm_h_put_tce, kvmppc_rm_h_put_tce_indirect,
 * kvmppc_rm_h_stuff_tce, kvmppc_rm_ioba_validate,
 * kvmppc_rm_tce_validate; removed in 2022), book3s_64_vio.c (the
 * virtual-mode twins) and QEMU hw/ppc/spapr_iommu.c (the last tier):
 *
 *   LIOBN unknown to the tier           H_TOO_HARD (userspace: H_PARAMETER)
 *   ioba unaligned / outside the window H_PARAMETER
 *   TCE with R=W=0                      clears the entry
 *   TCE address unaligned to the page   H_PARAMETER
 *   TCE address in no slot              H_PARAMETER
 *   I/O page larger than the guest page H_PARAMETER
 *   page not pinned / not linear        H_TOO_HARD (real mode only)
 *   indirect: > 512 entries, list not 4K-aligned, list in no slot:
 *                                       H_PARAMETER
 *   stuff: value with R or W            H_PARAMETER
 *   table level missing                 H_TOO_HARD in real mode; allocated
 *                                       above it (failure: H_HARDWARE)
 *
 * Every entry of an indirect list is validated (and, above real mode,
 * its page pinned and its table level allocated) before any entry is
 * written. Each successful write is followed by one TCE kill for the
 * range.
 */
#include "guest_int.h"

static const u64 zero_page[EEH_PAGE_SIZE / 8];

/* The window for @liobn if @tier knows it (else NULL). */
static __always_inline struct eeh_tce_window *win_find(struct eeh_guest *g,
						       unsigned long liobn,
						       enum eeh_tier tier)
{
	struct eeh_tce_window *w = &g->win[g->win_hint];
	int i;

	if (!w->valid || w->liobn != liobn) {
		w = NULL;
		for (i = 0; i < EEH_GUEST_MAX_WINDOWS; i++) {
			if (g->win[i].valid && g->win[i].liobn == liobn) {
				g->win_hint = i;
				w = &g->win[i];
				break;
			}
		}
		if (!w)
			return NULL;
	}
	return w->tier <= tier ? w : NULL;
}

/* An unknown LIOBN: the next tier may know it; the last one refuses. */
static __always_inline long no_liobn(enum eeh_tier tier)
{
	return tier == EEH_TIER_USER ? H_PARAMETER : H_TOO_HARD;
}

/* ioba..ioba + npages I/O pages inside the window: *idx = table index. */
static __always_inline long ioba_validate(const struct eeh_tce_window *w, u64 ioba,
					  u64 npages, u64 *idx)
{
	u64 io = ioba >> w->page_shift;

	if (ioba & ((1ULL << w->page_shift) - 1))
		return H_PARAMETER;
	/*
	 * The first I/O page inside [offset, offset + size), even for an
	 * empty range (PAPR; KVM's iommu_tce_check_ioba() checks that page
	 * alone), and the whole range.
	 */
	if (io < w->offset || io - w->offset >= w->entries || npages > w->entries ||
	    io - w->offset > w->entries - npages)
		return H_PARAMETER;
	*idx = io - w->offset;
	return H_SUCCESS;
}

/* Pin the guest page holding @gpa (virtual and userspace tiers). */
static void page_pin(struct eeh_guest *g, struct eeh_slot *s, u64 gpa)
{
	u64 pg = (gpa - s->gpa) >> s->page_shift;

	s->pinned[pg >> 6] |= 1ULL << (pg & 63);
	s->npinned++;
	g->st.pins++;
}

/*
 * Validate @tce for window @w and translate it: *hw = the hardware entry
 * (host address | R/W, or 0 to clear). Real mode refuses what it cannot
 * reach without faulting; the slower tiers pin.
 */
static __always_inline long tce_xlate(struct eeh_guest *g, const struct eeh_tce_window *w,
				      u64 tce, enum eeh_tier tier, u64 *hw)
{
	u64 gpa = tce & ~EEH_TCE_PERM;
	struct eeh_slot *s;

	if (!(tce & EEH_TCE_PERM)) {
		*hw = 0;
		return H_SUCCESS;
	}
	if (gpa & ((1ULL << w->page_shift) - 1))
		return H_PARAMETER;
	s = eeh_slot_find(g, gpa);
	if (!s || w->page_shift > s->page_shift)
		return H_PARAMETER;
	if (tier == EEH_TIER_REAL) {
		if ((s->flags & (EEH_SLOT_PREREG | EEH_SLOT_NOT_LINEAR)) != EEH_SLOT_PREREG)
			return H_TOO_HARD;
	} else if (!eeh_slot_page_pinned(s, gpa)) {
		page_pin(g, s, gpa);
	}
	*hw = (s->hpa + (gpa - s->gpa)) | (tce & EEH_TCE_PERM);
	return H_SUCCESS;
}

/* The leaf for @idx: real mode only finds, the others allocate. */
static __always_inline u64 *leaf_get(struct eeh_guest *g, struct eeh_tce_window *w,
				     u64 idx, enum eeh_tier tier)
{
	if (tier == EEH_TIER_REAL)
		return eeh_tce_leaf(w, idx);
	return eeh_tce_leaf_alloc(g, w, idx);
}

static __always_inline void tce_kill(struct eeh_guest *g, struct eeh_tce_window *w)
{
	w->phb->tce_kills++;
	w->kills++;
	g->st.tce_kills++;
}

static __always_inline long h_put_tce(struct eeh_guest *g, enum eeh_tier tier,
				      const unsigned long *args, int nargs)
{
	struct eeh_tce_window *w;
	u64 idx, hw, *e;
	long rc;

	if (nargs < 3)
		return H_PARAMETER;
	w = win_find(g, args[0], tier);
	if (!w)
		return no_liobn(tier);
	rc = ioba_validate(w, args[1], 1, &idx);
	if (rc)
		return rc;
	rc = tce_xlate(g, w, args[2], tier, &hw);
	if (rc)
		return rc;
	if (!hw) {
		/* clearing: a missing level is clear already */
		e = eeh_tce_leaf(w, idx);
		if (e)
			eeh_store64(e, 0);
	} else {
		e = leaf_get(g, w, idx, tier);
		if (!e)
			return tier == EEH_TIER_USER ? H_HARDWARE : H_TOO_HARD;
		eeh_store64(e, eeh_cpu_to_be64(hw));
	}
	tce_kill(g, w);
	g->st.hc[EEH_HC_PUT_TCE].entries++;
	return H_SUCCESS;
}

/* The guest view of hardware entry @hw: its host page back through the slots. */
static long tce_guest_view(struct eeh_guest *g, u64 hw, unsigned long *ret)
{
	u64 hpa = hw & ~EEH_TCE_PERM;
	int i;

	if (!(hw & EEH_TCE_PERM)) {
		*ret = 0;
		return H_SUCCESS;
	}
	for (i = 0; i < g->nslots; i++) {
		const struct eeh_slot *s = &g->slots[i];

		if (hpa >= s->hpa && hpa - s->hpa < s->size) {
			*ret = (s->gpa + (hpa - s->hpa)) | (hw & EEH_TCE_PERM);
			return H_SUCCESS;
		}
	}
	return H_HARDWARE;	/* the table maps memory the guest does not own */
}

static __always_inline long h_get_tce(struct eeh_guest *g, enum eeh_tier tier,
				      const unsigned long *args, int nargs,
				      unsigned long *rets)
{
	struct eeh_tce_window *w;
	u64 idx, *e;
	long rc;

	if (nargs < 2 || !rets)
		return H_PARAMETER;
	w = win_find(g, args[0], tier);
	if (!w)
		return no_liobn(tier);
	rc = ioba_validate(w, args[1], 1, &idx);
	if (rc)
		return rc;
	e = eeh_tce_leaf(w, idx);
	return tce_guest_view(g, e ? eeh_be64_to_cpu(*e) : 0, rets);
}

/*
 * Pass 1 of an indirect list, the common case: every entry maps (R or W
 * set) a page of slot @s, which this tier may use without pinning. Then
 * each entry's hardware value is the TCE moved by (host - guest) base,
 * stored big-endian in @out. Branch-free: one OR accumulates, per entry,
 * (tce - slot base) and (R/W - 1); with the bits that must be clear:
 *   all ones when R = W = 0 (the borrow of 0 - 1);
 *   bits 2..io_shift-1: the page offset (slot bases are aligned to the
 *   slot page, which is >= the I/O page);
 *   bits from log2(p) up, p the largest power of two <= the slot size:
 *   below the base (wrapped) or past p (a page in [p, size) only takes
 *   the slow road).
 * False when any entry is not of that kind: the caller then redoes the
 * list entry by entry, with the exact answer for the first bad one.
 */
static __always_inline bool list_xlate_fast(const struct eeh_slot *s, u32 io_shift,
					    const u64 *list, u64 n, u64 *out)
{
	u64 sgpa = s->gpa, delta = s->hpa - s->gpa, acc = 0, i;
	u64 p = 1ULL << (63 - __builtin_clzll(s->size));
	u64 must_clear = (((1ULL << io_shift) - 1) & ~EEH_TCE_PERM) | ~(p - 1);

	for (i = 0; i < n; i++) {
		u64 tce = eeh_be64_to_cpu(list[i]);

		acc |= (tce - sgpa) | ((tce & EEH_TCE_PERM) - 1);
		/* (tce & ~perm) + delta keeps the low bits clear: | perm is + */
		out[i] = eeh_cpu_to_be64(tce + delta);
	}
	return !(acc & must_clear);
}

/*
 * Entries are stored one 64-bit store each, as the hardware table is
 * written (KVM: an xchg per entry), so a vCPU racing this one sees every
 * entry old or new, never half of each.
 */
static __always_inline void tce_fill(u64 *e, const u64 *src, u64 n)
{
	u64 j;

	for (j = 0; j < n; j++)
		eeh_store64(&e[j], src ? src[j] : 0);
}

static __always_inline long put_indirect(struct eeh_guest *g, enum eeh_tier tier,
					 const unsigned long *args, u64 *out)
{
	u64 idx, end, i, n, hw, list_gpa, npages, mask, *e, leaf_base = ~0ULL;
	struct eeh_tce_window *w;
	const u64 *list;
	struct eeh_slot *s;
	long rc;

	w = win_find(g, args[0], tier);
	if (!w)
		return no_liobn(tier);
	list_gpa = args[2];
	npages = args[3];
	if (npages > EEH_TCE_INDIRECT_MAX || (list_gpa & (EEH_PAGE_SIZE - 1)))
		return H_PARAMETER;
	rc = ioba_validate(w, args[1], npages, &idx);
	if (rc)
		return rc;
	s = eeh_slot_find(g, list_gpa);
	if (!s)
		return H_PARAMETER;
	if (tier == EEH_TIER_REAL &&
	    (s->flags & (EEH_SLOT_PREREG | EEH_SLOT_NOT_LINEAR)) != EEH_SLOT_PREREG)
		return H_TOO_HARD;
	list = (const u64 *)eeh_mem_page_ptr(g->m, s->hpa + (list_gpa - s->gpa), false);
	if (!list)
		list = zero_page;
	/* the guest's list page and the scratch buffer, read in real mode */
	eeh_shim_rm_check(list);
	eeh_shim_rm_check(out);
	mask = w->mask;
	end = idx + npages;
	/*
	 * Pass 1: every entry valid (its page pinned above real mode), its
	 * hardware value in the scratch buffer, its level present (or
	 * allocated). The fast form applies when the hinted slot holds every
	 * entry and needs no pinning; anything else goes entry by entry.
	 */
	s = &g->slots[g->slot_hint];
	if (g->nslots && s->size && !s->pinned && w->page_shift <= s->page_shift &&
	    (tier != EEH_TIER_REAL ||
	     (s->flags & (EEH_SLOT_PREREG | EEH_SLOT_NOT_LINEAR)) == EEH_SLOT_PREREG) &&
	    list_xlate_fast(s, w->page_shift, list, npages, out)) {
		/* every entry maps a page: every leaf on the way is needed */
		for (i = idx; i < end; i = (i | mask) + 1)
			if (!leaf_get(g, w, i, tier))
				return tier == EEH_TIER_USER ? H_HARDWARE : H_TOO_HARD;
	} else {
		for (i = 0; i < npages; i++) {
			rc = tce_xlate(g, w, eeh_be64_to_cpu(list[i]), tier, &hw);
			if (rc)
				return rc;
			out[i] = eeh_cpu_to_be64(hw);
			if (hw && ((idx + i) & ~mask) != leaf_base) {
				if (!leaf_get(g, w, idx + i, tier))
					return tier == EEH_TIER_USER ? H_HARDWARE : H_TOO_HARD;
				leaf_base = (idx + i) & ~mask;
			}
		}
	}
	/* pass 2: write, a leaf at a time (only clears land in a missing one) */
	for (i = idx; i < end; i += n) {
		n = mask + 1 - (i & mask);
		if (n > end - i)
			n = end - i;
		e = eeh_tce_leaf(w, i);
		if (e)
			tce_fill(e, out + (i - idx), n);
	}
	if (npages)
		tce_kill(g, w);
	g->st.hc[EEH_HC_PUT_TCE_INDIRECT].entries += npages;
	return H_SUCCESS;
}

/*
 * Real mode takes its scratch buffer for the call, or, when another vCPU
 * holds it, hands the call on (virtual mode has its own, under the
 * guest's lock).
 */
static __always_inline long h_put_tce_indirect(struct eeh_guest *g, enum eeh_tier tier,
					       const unsigned long *args, int nargs)
{
	long rc;

	if (nargs < 4)
		return H_PARAMETER;
	if (tier != EEH_TIER_REAL)
		return put_indirect(g, tier, args, g->tce_scratch + EEH_TCE_INDIRECT_MAX);
	if (!eeh_flag_claim(&g->rm_scratch_busy))
		return H_TOO_HARD;
	rc = put_indirect(g, tier, args, g->tce_scratch);
	eeh_flag_release(&g->rm_scratch_busy);
	return rc;
}

static __always_inline long h_stuff_tce(struct eeh_guest *g, enum eeh_tier tier,
					const unsigned long *args, int nargs)
{
	struct eeh_tce_window *w;
	u64 idx, end, n, *e;
	long rc;

	if (nargs < 4)
		return H_PARAMETER;
	w = win_find(g, args[0], tier);
	if (!w)
		return no_liobn(tier);
	rc = ioba_validate(w, args[1], args[3], &idx);
	if (rc)
		return rc;
	if (args[2] & EEH_TCE_PERM)
		return H_PARAMETER;
	end = idx + args[3];
	for (; idx < end; idx += n) {
		n = w->mask + 1 - (idx & w->mask);
		if (n > end - idx)
			n = end - idx;
		e = eeh_tce_leaf(w, idx);
		if (e)
			tce_fill(e, NULL, n);
	}
	if (args[3])
		tce_kill(g, w);
	g->st.hc[EEH_HC_STUFF_TCE].entries += args[3];
	return H_SUCCESS;
}

static __always_inline long hc_run(struct eeh_guest *g, enum eeh_tier tier,
				   unsigned long opcode, const unsigned long *args,
				   int nargs, unsigned long *rets)
{
	if (!args && nargs)
		return H_PARAMETER;
	switch (opcode) {
	case H_PUT_TCE:
		return h_put_tce(g, tier, args, nargs);
	case H_GET_TCE:
		return h_get_tce(g, tier, args, nargs, rets);
	case H_PUT_TCE_INDIRECT:
		return h_put_tce_indirect(g, tier, args, nargs);
	case H_STUFF_TCE:
		return h_stuff_tce(g, tier, args, nargs);
	}
	return tier == EEH_TIER_USER ? H_FUNCTION : H_TOO_HARD;
}

/* ---- the tiers ---- */

#if defined(EEHLAB_TEST_HOOKS) || defined(__KERNEL__)
#define rm_enter()	eeh_shim_realmode_enter()
#define rm_exit()	eeh_shim_realmode_exit()
#else
#define rm_enter()	eeh_shim_realmode_enter_inline()
#define rm_exit()	eeh_shim_realmode_exit_inline()
#endif

/*
 * Real mode: runs with the shim's real-mode flag set, so in test builds
 * an allocation or a sleeping lock here is caught.
 */
static __always_inline long tier_real(struct eeh_guest *g, unsigned long opcode,
				      const unsigned long *args, int nargs,
				      unsigned long *rets)
{
	long rc;

	rm_enter();
	eeh_shim_rm_check(g);
#ifdef EEHLAB_TEST_HOOKS
	if (g->rm_test_hook)
		g->rm_test_hook(g);
#endif
	rc = hc_run(g, EEH_TIER_REAL, opcode, args, nargs, rets);
	rm_exit();
	return rc;
}

/* The slower tiers run in process context, under the guest's sleeping lock. */
static long tier_locked(struct eeh_guest *g, enum eeh_tier tier,
			unsigned long opcode, const unsigned long *args,
			int nargs, unsigned long *rets)
{
	long rc;

	eeh_mutex_lock(&g->lock);
	rc = hc_run(g, tier, opcode, args, nargs, rets);
	eeh_mutex_unlock(&g->lock);
	return rc;
}

/* Virtual mode: the host kernel; may pin pages and allocate levels. */
static long tier_virt(struct eeh_guest *g, unsigned long opcode,
		      const unsigned long *args, int nargs, unsigned long *rets)
{
	return tier_locked(g, EEH_TIER_VIRT, opcode, args, nargs, rets);
}

/* Userspace: the VMM. Knows every LIOBN of the guest; answers for good. */
static long tier_user(struct eeh_guest *g, unsigned long opcode,
		      const unsigned long *args, int nargs, unsigned long *rets)
{
	return tier_locked(g, EEH_TIER_USER, opcode, args, nargs, rets);
}

typedef long (*tier_fn)(struct eeh_guest *g, unsigned long opcode,
			const unsigned long *args, int nargs, unsigned long *rets);

static long tier_real_call(struct eeh_guest *g, unsigned long opcode,
			   const unsigned long *args, int nargs, unsigned long *rets)
{
	return tier_real(g, opcode, args, nargs, rets);
}

static const tier_fn tiers[EEH_TIER__COUNT] = {
	[EEH_TIER_REAL] = tier_real_call,
	[EEH_TIER_VIRT] = tier_virt,
	[EEH_TIER_USER] = tier_user,
};

long eeh_hcall_tier(struct eeh_guest *g, enum eeh_tier tier, unsigned long opcode,
		    const unsigned long *args, int nargs, unsigned long *rets)
{
	if (!g || (int)tier < 0 || tier >= EEH_TIER__COUNT)
		return H_PARAMETER;
	return tiers[tier](g, opcode, args, nargs, rets);
}

enum eeh_hc eeh_hc_from_opcode(unsigned long opcode)
{
	switch (opcode) {
	case H_PUT_TCE:
		return EEH_HC_PUT_TCE;
	case H_GET_TCE:
		return EEH_HC_GET_TCE;
	case H_PUT_TCE_INDIRECT:
		return EEH_HC_PUT_TCE_INDIRECT;
	case H_STUFF_TCE:
		return EEH_HC_STUFF_TCE;
	}
	return EEH_HC_OTHER;
}

/**
 * eeh_hcall() - the dispatcher: real mode, then virtual mode, then the
 * VMM (through the exit hook when set), each tried only when the one
 * before answered H_TOO_HARD. Counts, per hypercall, the tier that
 * finished the call, the handovers and the answer.
 */
long eeh_hcall(struct eeh_guest *g, unsigned long opcode,
	       const unsigned long *args, int nargs, unsigned long *rets)
{
	struct eeh_hcall_stats *st;
	enum eeh_tier t;
	long rc = H_HARDWARE;

	if (!g)
		return H_PARAMETER;
	st = &g->st.hc[eeh_hc_from_opcode(opcode)];
	for (t = EEH_TIER_REAL; t < EEH_TIER__COUNT; t++) {
		if (t == EEH_TIER_REAL) {
			/* the fast path: inline, no indirect call */
			rc = tier_real(g, opcode, args, nargs, rets);
		} else if (t == EEH_TIER_USER) {
			g->st.exits++;
			if (g->exit_fn)
				rc = g->exit_fn(g->exit_ctx, g, opcode, args, nargs, rets);
			else
				rc = tier_user(g, opcode, args, nargs, rets);
		} else {
			rc = tiers[t](g, opcode, args, nargs, rets);
		}
		if (rc != H_TOO_HARD)
			break;
		st->handed_on[t]++;
	}
	if (t == EEH_TIER__COUNT) {
		/* the last tier must answer: a broken exit hook */
		t = EEH_TIER_USER;
		rc = H_HARDWARE;
	}
	st->finished[t]++;
	switch (rc) {
	case H_SUCCESS:
		st->success++;
		break;
	case H_PARAMETER:
		st->parameter++;
		break;
	case H_FUNCTION:
		st->function++;
		break;
	default:
		st->hardware++;
		break;
	}
	g->last_tier = t;
	g->last_rc = rc;
	return rc;
}

void eeh_guest_set_exit(struct eeh_guest *g, eeh_guest_exit_fn fn, void *ctx)
{
	if (!g)
		return;
	g->exit_fn = fn;
	g->exit_ctx = ctx;
}

const char *eeh_hc_name(enum eeh_hc hc)
{
	static const char * const names[EEH_HC__COUNT] = {
		[EEH_HC_PUT_TCE] = "put_tce",
		[EEH_HC_GET_TCE] = "get_tce",
		[EEH_HC_PUT_TCE_INDIRECT] = "put_tce_indirect",
		[EEH_HC_STUFF_TCE] = "stuff_tce",
		[EEH_HC_OTHER] = "other",
	};

	if ((int)hc < 0 || hc >= EEH_HC__COUNT)
		return "?";
	return names[hc];
}

const char *eeh_tier_name(enum eeh_tier t)
{
	static const char * const names[EEH_TIER__COUNT] = {
		[EEH_TIER_REAL] = "realmode",
		[EEH_TIER_VIRT] = "virtual",
		[EEH_TIER_USER] = "userspace",
	};

	if ((int)t < 0 || t >= EEH_TIER__COUNT)
		return "?";
	return names[t];
}
