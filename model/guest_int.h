/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * eehlab model: what guest.c and hcall.c share (the fast lookups).
 */
#ifndef _EEHLAB_GUEST_INT_H
#define _EEHLAB_GUEST_INT_H

#include "internal.h"
#include "eehlab/guest.h"

#define EEH_TCE_PERM		(EEH_TCE_READ | EEH_TCE_WRITE)

/* The slot holding @gpa, or NULL. O(1) for the hinted slot. */
static __always_inline struct eeh_slot *eeh_slot_find(struct eeh_guest *g, u64 gpa)
{
	struct eeh_slot *s = &g->slots[g->slot_hint];
	int i;

	if (gpa - s->gpa < s->size)
		return s;
	for (i = 0; i < g->nslots; i++) {
		s = &g->slots[i];
		if (gpa - s->gpa < s->size) {
			g->slot_hint = i;
			return s;
		}
	}
	return NULL;
}

static inline bool eeh_slot_page_pinned(const struct eeh_slot *s, u64 gpa)
{
	u64 pg;

	if (!s->pinned)
		return true;
	pg = (gpa - s->gpa) >> s->page_shift;
	return s->pinned[pg >> 6] & (1ULL << (pg & 63));
}

/*
 * The leaf entry for table index @idx (0-based in the window), or NULL
 * when a level on the way is missing. (levels - 1) pointer loads.
 */
static __always_inline u64 *eeh_tce_leaf(const struct eeh_tce_window *w, u64 idx)
{
	void *p = w->top;
	int lev;

	eeh_shim_rm_check(p);
	for (lev = w->tbl.levels - 1; lev > 0; lev--) {
		p = eeh_load_ptr(&((void **)p)[(idx >> (w->bits * lev)) & w->mask]);
		if (!p)
			return NULL;
		eeh_shim_rm_check(p);
	}
	return (u64 *)p + (idx & w->mask);
}

/* guest.c: the leaf for @idx, allocating missing levels (never in real mode). */
u64 *eeh_tce_leaf_alloc(struct eeh_guest *g, struct eeh_tce_window *w, u64 idx);

#endif /* _EEHLAB_GUEST_INT_H */
