// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab model: guests, their memory slots, PE assignment, TCE windows
 * (hardware table plus pointer cache) and the isolation invariants.
 *
 * Windows follow Linux pnv_pci_ioda2_create_table (levels allocated on
 * demand, as since "powerpc/powernv/ioda: Allocate indirect TCE levels
 * on demand") and VFIO_IOMMU_SPAPR_TCE_CREATE/REMOVE (the 64-bit window
 * at 1 << 59). The guest view of H_GET_TCE is described in guest.h.
 */
#include "guest_int.h"

#define VIOL_TEXT	200

struct eeh_guest_set {
	struct eeh_guest *g[EEH_MAX_GUESTS];
	u64 ndma_viol;			/* DMA violations since the last check */
	char dma_viol[VIOL_TEXT];	/* the first of them */
};

/* ---- the guest set and the DMA hook ---- */

static const char *owner_text(int owner, char *buf, size_t len)
{
	if (owner > 0)
		eeh_snprintf(buf, len, "guest %d", owner);
	else
		eeh_snprintf(buf, len, "the host");
	return buf;
}

static bool in_guest(struct eeh_guest *g, u64 hpa, u64 len)
{
	int i;

	for (i = 0; i < g->nslots; i++) {
		const struct eeh_slot *s = &g->slots[i];

		if (hpa >= s->hpa && hpa - s->hpa < s->size && len <= s->size - (hpa - s->hpa))
			return true;
	}
	return false;
}

int eeh_mem_owner(struct eeh_model *m, u64 hpa, u64 len)
{
	int i;

	if (!m || !m->guests)
		return 0;
	for (i = 0; i < EEH_MAX_GUESTS; i++)
		if (m->guests->g[i] && in_guest(m->guests->g[i], hpa, len))
			return i + 1;
	return 0;
}

static void dma_hook(void *ctx, struct eeh_phb *phb, int pe, u64 bus, u64 host,
		     u64 len, bool to_mem)
{
	struct eeh_model *m = ctx;
	struct eeh_guest_set *set = m->guests;
	int owner = phb->pes[pe].owner;
	char a[24], b[24];

	if (!set)
		return;
	if (phb->fenced || eeh_pe_is_frozen(phb, pe, EEH_FREEZE_DMA)) {
		if (!set->ndma_viol++)
			eeh_snprintf(set->dma_viol, sizeof(set->dma_viol),
				     "PHB#%04x PE#%x is frozen but its DMA %s host 0x%llx (bus 0x%llx)",
				     phb->index, pe, to_mem ? "wrote" : "read",
				     (unsigned long long)host, (unsigned long long)bus);
		return;
	}
	if (owner <= 0 || owner > EEH_MAX_GUESTS || !set->g[owner - 1])
		return;
	if (in_guest(set->g[owner - 1], host, len))
		return;
	if (!set->ndma_viol++)
		eeh_snprintf(set->dma_viol, sizeof(set->dma_viol),
			     "DMA %s by %s's PHB#%04x PE#%x at bus 0x%llx: host page 0x%llx belongs to %s",
			     to_mem ? "write" : "read", owner_text(owner, a, sizeof(a)),
			     phb->index, pe, (unsigned long long)bus,
			     (unsigned long long)(host & ~0xfffULL),
			     owner_text(eeh_mem_owner(m, host, len), b, sizeof(b)));
}

static struct eeh_guest_set *set_get(struct eeh_model *m)
{
	if (!m->guests) {
		m->guests = eeh_zalloc(sizeof(*m->guests));
		if (!m->guests)
			return NULL;
		if (!m->dma_hook) {
			m->dma_hook = dma_hook;
			m->dma_hook_ctx = m;
		}
	}
	return m->guests;
}

struct eeh_guest *eeh_guest_create(struct eeh_model *m, const char *name,
				   struct eeh_msg *msg)
{
	struct eeh_guest_set *set;
	struct eeh_guest *g;
	int i;

	if (!m) {
		eeh_msg_set(msg, -EINVAL, "no model");
		return NULL;
	}
	if (name && eeh_guest_by_name(m, name)) {
		eeh_msg_set(msg, -EEXIST, "guest %s already exists", name);
		return NULL;
	}
	set = set_get(m);
	if (!set) {
		eeh_msg_set(msg, -ENOMEM, "out of memory creating a guest");
		return NULL;
	}
	for (i = 0; i < EEH_MAX_GUESTS && set->g[i]; i++)
		;
	if (i == EEH_MAX_GUESTS) {
		eeh_msg_set(msg, -ENOSPC, "%d guests already", EEH_MAX_GUESTS);
		return NULL;
	}
	g = eeh_zalloc(sizeof(*g));
	if (g)
		g->tce_scratch = eeh_zalloc(2 * EEH_TCE_INDIRECT_MAX * sizeof(u64));
	if (!g || !g->tce_scratch) {
		eeh_free(g);
		eeh_msg_set(msg, -ENOMEM, "out of memory creating a guest");
		return NULL;
	}
	g->m = m;
	g->id = i + 1;
	if (name)
		eeh_snprintf(g->name, sizeof(g->name), "%s", name);
	else
		eeh_snprintf(g->name, sizeof(g->name), "g%d", g->id);
	eeh_mutex_init(&g->lock);
	set->g[i] = g;
	eeh_log(EEH_LOG_DEBUG, "guest %d (%s) created", g->id, g->name);
	return g;
}

void eeh_guest_destroy(struct eeh_guest *g)
{
	int i;

	if (!g)
		return;
	/* release from the top: a bridge PE before the PEs below it */
	while (g->npes) {
		for (i = 0; i < g->npes; i++)
			if (!eeh_guest_release(g, g->pes[i].phb, g->pes[i].pe, NULL))
				break;
		if (i == g->npes)
			break;	/* cannot happen: the topmost always releases */
	}
	for (i = 0; i < g->nslots; i++) {
		if (g->slots[i].pinned)
			g->m->mem_used -= (g->slots[i].npages + 63) / 64 * sizeof(u64);
		eeh_free(g->slots[i].pinned);
	}
	eeh_mutex_destroy(&g->lock);
	eeh_free(g->tce_scratch);
	if (g->m->guests && g->m->guests->g[g->id - 1] == g)
		g->m->guests->g[g->id - 1] = NULL;
	eeh_free(g);
}

void eeh_guests_free(struct eeh_model *m)
{
	int i;

	if (!m->guests)
		return;
	for (i = 0; i < EEH_MAX_GUESTS; i++)
		eeh_guest_destroy(m->guests->g[i]);
	eeh_free(m->guests);
	m->guests = NULL;
	if (m->dma_hook == dma_hook)
		m->dma_hook = NULL;
}

struct eeh_guest *eeh_guest_get(struct eeh_model *m, int id)
{
	if (!m || !m->guests || id < 1 || id > EEH_MAX_GUESTS)
		return NULL;
	return m->guests->g[id - 1];
}

struct eeh_guest *eeh_guest_by_name(struct eeh_model *m, const char *name)
{
	int i;

	if (!m || !m->guests || !name)
		return NULL;
	for (i = 0; i < EEH_MAX_GUESTS; i++)
		if (m->guests->g[i] && !strcmp(m->guests->g[i]->name, name))
			return m->guests->g[i];
	return NULL;
}

/* ---- memory ---- */

static bool guest_page_shift_ok(u32 shift)
{
	return shift == 12 || shift == 16 || shift == 24 || shift == 30;
}

int eeh_guest_slot_add(struct eeh_guest *g, u64 gpa, u64 size, u32 page_shift,
		       u32 flags, struct eeh_msg *msg)
{
	struct eeh_slot *s;
	u64 mask, saved_next, words;
	int i, rc;

	if (!g)
		return eeh_msg_set(msg, -EINVAL, "no guest");
	if (g->nslots >= EEH_GUEST_MAX_SLOTS)
		return eeh_msg_set(msg, -ENOSPC, "guest %d has %d memory slots already",
				   g->id, EEH_GUEST_MAX_SLOTS);
	if (!guest_page_shift_ok(page_shift))
		return eeh_msg_set(msg, -EINVAL,
				   "guest page shift %u is none of 12, 16, 24, 30", page_shift);
	if (flags & ~(EEH_SLOT_PREREG | EEH_SLOT_NOT_LINEAR))
		return eeh_msg_set(msg, -EINVAL, "unknown slot flags 0x%x", flags);
	mask = (1ULL << page_shift) - 1;
	if (!size || ((gpa | size) & mask) || gpa + size < gpa)
		return eeh_msg_set(msg, -EINVAL,
				   "slot 0x%llx+0x%llx is empty or not aligned to its %lluK pages",
				   (unsigned long long)gpa, (unsigned long long)size,
				   (unsigned long long)(mask + 1) >> 10);
	for (i = 0; i < g->nslots; i++) {
		const struct eeh_slot *o = &g->slots[i];

		if (gpa < o->gpa + o->size && o->gpa < gpa + size)
			return eeh_msg_set(msg, -EEXIST,
					   "slot 0x%llx+0x%llx overlaps slot %d of guest %d",
					   (unsigned long long)gpa, (unsigned long long)size,
					   i, g->id);
	}
	s = &g->slots[g->nslots];
	saved_next = g->m->mem_next;
	memset(s, 0, sizeof(*s));
	rc = eeh_mem_alloc(g->m, size, mask + 1, &s->hpa, msg);
	if (rc)
		return rc;
	s->gpa = gpa;
	s->size = size;
	s->page_shift = page_shift;
	s->flags = flags;
	s->npages = size >> page_shift;
	if (flags & EEH_SLOT_PREREG) {
		s->npinned = s->npages;
	} else {
		/*
		 * The pin map (a bit a guest page) is memory the model holds
		 * for the slot: held to the memory cap with the host pages,
		 * or a huge sparse slot would allocate without a bound.
		 */
		words = (s->npages + 63) / 64;
		if (g->m->mem_used > g->m->mem_cap ||
		    words * sizeof(u64) > g->m->mem_cap - g->m->mem_used) {
			g->m->mem_next = saved_next;
			memset(s, 0, sizeof(*s));
			return eeh_msg_set(msg, -ENOMEM,
					   "the pin map of slot 0x%llx+0x%llx (%llu bytes) is past the memory cap (%llu of %llu bytes used)",
					   (unsigned long long)gpa, (unsigned long long)size,
					   (unsigned long long)(words * sizeof(u64)),
					   (unsigned long long)g->m->mem_used,
					   (unsigned long long)g->m->mem_cap);
		}
		s->pinned = eeh_zalloc(words * sizeof(u64));
		if (!s->pinned) {
			g->m->mem_next = saved_next;
			memset(s, 0, sizeof(*s));
			return eeh_msg_set(msg, -ENOMEM, "out of memory for the pin map of a slot");
		}
		g->m->mem_used += words * sizeof(u64);
	}
	return g->nslots++;
}

int eeh_guest_gpa_to_hpa(struct eeh_guest *g, u64 gpa, u64 *hpa)
{
	struct eeh_slot *s;

	if (!g || !hpa)
		return -EINVAL;
	s = eeh_slot_find(g, gpa);
	if (!s)
		return -EFAULT;
	*hpa = s->hpa + (gpa - s->gpa);
	return 0;
}

bool eeh_guest_page_pinned(struct eeh_guest *g, u64 gpa)
{
	struct eeh_slot *s = g ? eeh_slot_find(g, gpa) : NULL;

	return s && eeh_slot_page_pinned(s, gpa);
}

static int guest_mem_rw(struct eeh_guest *g, u64 gpa, void *buf, u64 len, bool write)
{
	u8 *p = buf;
	int rc;

	if (!g || (!buf && len))
		return -EINVAL;
	while (len) {
		struct eeh_slot *s = eeh_slot_find(g, gpa);
		u64 n;

		if (!s)
			return -EFAULT;
		n = s->size - (gpa - s->gpa);
		if (n > len)
			n = len;
		if (write)
			rc = eeh_mem_write(g->m, s->hpa + (gpa - s->gpa), p, n);
		else
			rc = eeh_mem_read(g->m, s->hpa + (gpa - s->gpa), p, n);
		if (rc)
			return rc;
		gpa += n;
		p += n;
		len -= n;
	}
	return 0;
}

int eeh_guest_mem_read(struct eeh_guest *g, u64 gpa, void *buf, u64 len)
{
	return guest_mem_rw(g, gpa, buf, len, false);
}

int eeh_guest_mem_write(struct eeh_guest *g, u64 gpa, const void *buf, u64 len)
{
	return guest_mem_rw(g, gpa, (void *)buf, len, true);
}

/* ---- TCE windows ---- */

static u64 level_bytes(const struct eeh_tce_window *w)
{
	return 1ULL << w->tbl.level_shift;
}

/* A new level table: its host address in *pa, its data returned. */
static u64 *level_new(struct eeh_model *m, struct eeh_tce_window *w, u64 *pa,
		      struct eeh_msg *msg)
{
	u64 saved = m->mem_next;
	u64 *data;

	if (eeh_mem_alloc(m, level_bytes(w), level_bytes(w), pa, msg))
		return NULL;
	data = eeh_mem_map_block(m, *pa, level_bytes(w), msg);
	if (!data) {
		m->mem_next = saved;
		return NULL;
	}
	w->hw_bytes += level_bytes(w);
	return data;
}

/* A shadow array for a non-leaf level whose hardware table is @data. */
static void **shadow_new(struct eeh_tce_window *w, u64 *data)
{
	u64 n = 1ULL << w->bits;
	void **sh = eeh_zalloc((n + 1) * sizeof(void *));

	if (!sh)
		return NULL;
	sh[n] = data;
	w->sw_bytes += (n + 1) * sizeof(void *);
	return sh;
}

u64 *eeh_tce_leaf_alloc(struct eeh_guest *g, struct eeh_tce_window *w, u64 idx)
{
	u64 n = 1ULL << w->bits;
	void **sh = w->top;
	int lev;

	if (w->tbl.levels == 1)
		return (u64 *)w->top + idx;
	for (lev = w->tbl.levels - 1; lev > 0; lev--) {
		u64 i = (idx >> (w->bits * lev)) & w->mask;

		if (!sh[i]) {
			u64 pa, *data;
			void *child;

			data = level_new(g->m, w, &pa, NULL);
			if (!data)
				return NULL;
			child = data;
			if (lev > 1) {
				child = shadow_new(w, data);
				if (!child) {
					eeh_mem_discard(g->m, pa, level_bytes(w));
					w->hw_bytes -= level_bytes(w);
					return NULL;
				}
			}
			((u64 *)sh[n])[i] = eeh_cpu_to_be64(pa | EEH_TCE_PERM);
			/* lockless real-mode walks see it whole */
			eeh_publish_ptr(&sh[i], child);
			w->levels_allocated++;
			g->st.level_allocs++;
		}
		sh = sh[i];
	}
	return (u64 *)sh + (idx & w->mask);
}

/* Free level table @p (shadow if @lev > 0, else data) at host @pa. */
static void level_free(struct eeh_model *m, struct eeh_tce_window *w, void *p,
		       u64 pa, int lev)
{
	u64 n = 1ULL << w->bits, i;

	if (lev > 0) {
		void **sh = p;
		u64 *hw = sh[n];

		for (i = 0; i < n; i++)
			if (sh[i])
				level_free(m, w, sh[i],
					   eeh_be64_to_cpu(hw[i]) & ~0xfffULL, lev - 1);
		eeh_free(sh);
	}
	eeh_mem_discard(m, pa, level_bytes(w));
}

static struct eeh_tce_window *win_of(struct eeh_guest *g, struct eeh_phb *phb, int pe,
				     int which)
{
	int i;

	for (i = 0; i < EEH_GUEST_MAX_WINDOWS; i++) {
		struct eeh_tce_window *w = &g->win[i];

		if (w->valid && w->phb == phb && w->pe == pe && w->which == which)
			return w;
	}
	return NULL;
}

static int win_create(struct eeh_guest *g, struct eeh_phb *phb, int pe, int which,
		      u32 page_shift, u64 size, int levels, struct eeh_msg *msg)
{
	struct eeh_model *m = g->m;
	struct eeh_tce_window *w = NULL;
	u64 saved = m->mem_next, *data;
	int i, rc;

	for (i = 0; i < EEH_GUEST_MAX_WINDOWS; i++) {
		if (!g->win[i].valid) {
			w = &g->win[i];
			break;
		}
	}
	if (!w)
		return eeh_msg_set(msg, -ENOSPC, "guest %d has %d DMA windows already",
				   g->id, EEH_GUEST_MAX_WINDOWS);
	if (!eeh_phb_page_shift_ok(phb->model, page_shift))
		return eeh_msg_set(msg, -EINVAL, "PHB%d does not support %lluK I/O pages",
				   (int)phb->model, (1ULL << page_shift) >> 10);
	memset(w, 0, sizeof(*w));
	rc = eeh_tce_table_create(m, page_shift, size, levels, (u64)which << 59, &w->tbl, msg);
	if (rc)
		return rc;
	w->bits = w->tbl.level_shift - 3;
	w->mask = (1ULL << w->bits) - 1;
	w->page_shift = page_shift;
	w->offset = w->tbl.bus_start >> page_shift;
	w->entries = w->tbl.entries;
	data = eeh_mem_map_block(m, w->tbl.base, level_bytes(w), msg);
	if (!data) {
		rc = -ENOMEM;
		goto fail;
	}
	w->hw_bytes = level_bytes(w);
	w->top = data;
	if (levels > 1) {
		w->top = shadow_new(w, data);
		if (!w->top) {
			eeh_mem_discard(m, w->tbl.base, level_bytes(w));
			rc = eeh_msg_set(msg, -ENOMEM, "out of memory for a TCE pointer cache");
			goto fail;
		}
	}
	rc = eeh_tve_set(phb, pe, which, &w->tbl, msg);
	if (rc) {
		level_free(m, w, w->top, w->tbl.base, levels - 1);
		goto fail;
	}
	phb->tce_kills++;
	w->phb = phb;
	w->pe = pe;
	w->which = which;
	w->liobn = EEH_LIOBN(phb->index, pe, which);
	w->tier = EEH_TIER_REAL;
	w->valid = true;
	return 0;
fail:
	m->mem_next = saved;
	memset(w, 0, sizeof(*w));
	return rc;
}

static void win_destroy(struct eeh_guest *g, struct eeh_tce_window *w)
{
	level_free(g->m, w, w->top, w->tbl.base, w->tbl.levels - 1);
	eeh_tve_set(w->phb, w->pe, w->which, NULL, NULL);
	w->phb->tce_kills++;
	memset(w, 0, sizeof(*w));
}

struct eeh_tce_window *eeh_guest_window(struct eeh_guest *g, unsigned long liobn)
{
	int i;

	if (!g)
		return NULL;
	for (i = 0; i < EEH_GUEST_MAX_WINDOWS; i++)
		if (g->win[i].valid && g->win[i].liobn == liobn)
			return &g->win[i];
	return NULL;
}

static u64 count_level(const struct eeh_tce_window *w, void *p, int lev)
{
	u64 n = 1ULL << w->bits, i, c = 0;

	if (!p)
		return 0;
	if (lev == 0) {
		const u64 *e = p;

		for (i = 0; i < n; i++)
			c += !!(e[i] & eeh_cpu_to_be64(EEH_TCE_PERM));
		return c;
	}
	for (i = 0; i < n; i++)
		c += count_level(w, ((void **)p)[i], lev - 1);
	return c;
}

u64 eeh_tce_window_mapped(const struct eeh_tce_window *w)
{
	const u64 *e;
	u64 i, c = 0;

	if (!w || !w->valid)
		return 0;
	if (w->tbl.levels > 1)
		return count_level(w, w->top, w->tbl.levels - 1);
	e = w->top;
	for (i = 0; i < w->entries; i++)
		c += !!(e[i] & eeh_cpu_to_be64(EEH_TCE_PERM));
	return c;
}

/* ---- assignment ---- */

static struct eeh_guest_pe *gpe_of(struct eeh_guest *g, struct eeh_phb *phb, int pe)
{
	int i;

	for (i = 0; i < g->npes; i++)
		if (g->pes[i].phb == phb && g->pes[i].pe == pe)
			return &g->pes[i];
	return NULL;
}

static int pe_args(struct eeh_guest *g, struct eeh_phb *phb, int pe, struct eeh_msg *msg)
{
	if (!g || !phb)
		return eeh_msg_set(msg, -EINVAL, "no guest or no PHB");
	if (phb->m != g->m)
		return eeh_msg_set(msg, -EINVAL, "PHB#%04x is not in guest %d's model",
				   phb->index, g->id);
	if (pe < 0 || pe >= phb->num_pes)
		return eeh_msg_set(msg, -ERANGE, "PE#%x out of range (PHB#%04x has %d PEs)",
				   pe, phb->index, phb->num_pes);
	return 0;
}

int eeh_guest_assign(struct eeh_guest *g, struct eeh_phb *phb, int pe,
		     struct eeh_msg *msg)
{
	struct eeh_guest_pe *gp;
	struct eeh_model_pe *p;
	char who[24];
	int c, i, rc;

	rc = pe_args(g, phb, pe, msg);
	if (rc)
		return rc;
	if (pe == phb->reserved_pe)
		return eeh_msg_set(msg, -EINVAL,
				   "PHB#%04x PE#%x is the reserved PE: it cannot be assigned",
				   phb->index, pe);
	if (!eeh_pe_in_use(phb, pe))
		return eeh_msg_set(msg, -ENODEV, "PHB#%04x PE#%x is not in use",
				   phb->index, pe);
	p = &phb->pes[pe];
	if (p->owner)
		return eeh_msg_set(msg, -EBUSY, "PHB#%04x PE#%x is already assigned to guest %d",
				   phb->index, pe, p->owner);
	if (p->sw_state & EEH_PE_RECOVERING)
		return eeh_msg_set(msg, -EBUSY, "PHB#%04x PE#%x is being recovered by the host",
				   phb->index, pe);
	for (c = 0; c < phb->num_pes; c++) {
		if (c == pe || !eeh_pe_in_use(phb, c) || !eeh_peltv_test(phb, pe, c))
			continue;
		if (phb->pes[c].owner != g->id)
			return eeh_msg_set(msg, -EBUSY,
					   "PHB#%04x PE#%x is a bridge PE and PE#%x below it belongs to %s: a subtree has one owner, assign the PEs below it to guest %d first",
					   phb->index, pe, c,
					   owner_text(phb->pes[c].owner, who, sizeof(who)),
					   g->id);
	}
	if (g->npes >= EEH_GUEST_MAX_PES)
		return eeh_msg_set(msg, -ENOSPC, "guest %d owns %d PEs already",
				   g->id, EEH_GUEST_MAX_PES);
	rc = win_create(g, phb, pe, 0, EEH_WIN32_PAGE_SHIFT, EEH_WIN32_SIZE,
			EEH_WIN32_LEVELS, msg);
	if (rc)
		return rc;
	eeh_tve_set(phb, pe, 1, NULL, NULL);
	gp = &g->pes[g->npes++];
	memset(gp, 0, sizeof(*gp));
	gp->phb = phb;
	gp->pe = pe;
	for (i = 0; i < phb->nfuncs; i++) {
		struct eeh_func *f = phb->funcs[i];

		if (f && f->pe == pe && f->drv.bound) {
			f->drv.bound = false;
			gp->unbound[i / 64] |= 1ULL << (i % 64);
		}
	}
	p->owner = g->id;
	eeh_log(EEH_LOG_INFO, "PHB#%04x PE#%x assigned to guest %d (%s), LIOBN 0x%lx",
		phb->index, pe, g->id, g->name, EEH_LIOBN(phb->index, pe, 0));
	return 0;
}

int eeh_guest_release(struct eeh_guest *g, struct eeh_phb *phb, int pe,
		      struct eeh_msg *msg)
{
	struct eeh_guest_pe *gp;
	struct eeh_tce_window *w;
	int a, i, rc, which;

	rc = pe_args(g, phb, pe, msg);
	if (rc)
		return rc;
	gp = gpe_of(g, phb, pe);
	if (!gp || phb->pes[pe].owner != g->id)
		return eeh_msg_set(msg, -EINVAL, "PHB#%04x PE#%x is not assigned to guest %d",
				   phb->index, pe, g->id);
	for (a = phb->pes[pe].parent; a >= 0 && a < phb->num_pes; a = phb->pes[a].parent)
		if (phb->pes[a].owner == g->id)
			return eeh_msg_set(msg, -EBUSY,
					   "PHB#%04x PE#%x is below PE#%x, which guest %d owns too: release PE#%x first",
					   phb->index, pe, a, g->id, a);
	for (which = 0; which < 2; which++) {
		w = win_of(g, phb, pe, which);
		if (w)
			win_destroy(g, w);
		else
			eeh_tve_set(phb, pe, which, NULL, NULL);
	}
	phb->pes[pe].owner = 0;
	for (i = 0; i < phb->nfuncs; i++) {
		struct eeh_func *f = phb->funcs[i];

		if (f && (gp->unbound[i / 64] & (1ULL << (i % 64))) && f->present)
			f->drv.bound = true;
	}
	*gp = g->pes[--g->npes];
	eeh_log(EEH_LOG_INFO, "PHB#%04x PE#%x released by guest %d (%s)",
		phb->index, pe, g->id, g->name);
	return 0;
}

int eeh_guest_window_create(struct eeh_guest *g, struct eeh_phb *phb, int pe,
			    u32 page_shift, u64 size, int levels,
			    unsigned long *liobn, struct eeh_msg *msg)
{
	int rc = pe_args(g, phb, pe, msg);

	if (rc)
		return rc;
	if (phb->pes[pe].owner != g->id)
		return eeh_msg_set(msg, -EINVAL, "PHB#%04x PE#%x is not assigned to guest %d",
				   phb->index, pe, g->id);
	if (win_of(g, phb, pe, 1))
		return eeh_msg_set(msg, -EBUSY, "PHB#%04x PE#%x has a 64-bit window already",
				   phb->index, pe);
	rc = win_create(g, phb, pe, 1, page_shift, size, levels, msg);
	if (rc)
		return rc;
	if (liobn)
		*liobn = EEH_LIOBN(phb->index, pe, 1);
	return 0;
}

int eeh_guest_window_remove(struct eeh_guest *g, unsigned long liobn,
			    struct eeh_msg *msg)
{
	struct eeh_tce_window *w = eeh_guest_window(g, liobn);

	if (!w)
		return eeh_msg_set(msg, -ENOENT, "guest %d has no window with LIOBN 0x%lx",
				   g ? g->id : 0, liobn);
	win_destroy(g, w);
	return 0;
}

int eeh_guest_liobn_set_tier(struct eeh_guest *g, unsigned long liobn,
			     enum eeh_tier tier, struct eeh_msg *msg)
{
	struct eeh_tce_window *w = eeh_guest_window(g, liobn);

	if (!w)
		return eeh_msg_set(msg, -ENOENT, "guest %d has no window with LIOBN 0x%lx",
				   g ? g->id : 0, liobn);
	if ((int)tier < 0 || tier >= EEH_TIER__COUNT)
		return eeh_msg_set(msg, -EINVAL, "tier %d (0 real, 1 virtual, 2 userspace)",
				   (int)tier);
	w->tier = tier;
	return 0;
}

/* ---- isolation invariants ---- */

struct walk {
	struct eeh_model *m;
	struct eeh_phb *phb;
	const struct eeh_tce_table *t;
	struct eeh_guest *g;
	int pe, which;
	char *why;
	size_t len;
};

/* Check every valid leaf TCE below level table @pa (level @lev). */
static int walk_level(struct walk *k, u64 pa, int lev, u64 base)
{
	u32 bits = k->t->level_shift - 3;
	u64 n = 1ULL << bits, i;
	char a[24];

	for (i = 0; i < n; i++) {
		u64 idx = (base << bits) | i, e, hpa, psz;
		const u8 *page;

		if (lev == 0 && idx >= k->t->entries)
			break;
		page = eeh_mem_page_ptr(k->m, pa + i * 8, false);
		if (!page) {
			i |= (EEH_PAGE_SIZE / 8) - 1;	/* unbacked: zero */
			continue;
		}
		memcpy(&e, page + ((pa + i * 8) & (EEH_PAGE_SIZE - 1)), 8);
		e = eeh_be64_to_cpu(e);
		if (!(e & EEH_TCE_PERM))
			continue;
		if (lev > 0) {
			if (walk_level(k, e & ~0xfffULL, lev - 1, idx))
				return 1;
			continue;
		}
		psz = 1ULL << k->t->page_shift;
		hpa = e & ~(psz - 1);
		if (in_guest(k->g, hpa, psz))
			continue;
		eeh_snprintf(k->why, k->len,
			     "TCE 0x%llx (bus 0x%llx, LIOBN 0x%lx) of guest %d's PHB#%04x PE#%x maps host page 0x%llx, which belongs to %s",
			     (unsigned long long)idx,
			     (unsigned long long)(k->t->bus_start + (idx << k->t->page_shift)),
			     EEH_LIOBN(k->phb->index, k->pe, k->which), k->g->id,
			     k->phb->index, k->pe, (unsigned long long)hpa,
			     owner_text(eeh_mem_owner(k->m, hpa, psz), a, sizeof(a)));
		return 1;
	}
	return 0;
}

static int check_pe(struct eeh_model *m, struct eeh_phb *phb, int pe, char *why,
		    size_t len)
{
	int owner = phb->pes[pe].owner, c, which;
	struct eeh_guest *g = eeh_guest_get(m, owner);
	struct walk k;
	char who[24];

	if (!g) {
		eeh_snprintf(why, len, "PHB#%04x PE#%x is owned by guest %d, which does not exist",
			     phb->index, pe, owner);
		return 1;
	}
	for (c = 0; c < phb->num_pes; c++) {
		if (c != pe && eeh_pe_in_use(phb, c) && eeh_peltv_test(phb, pe, c) &&
		    phb->pes[c].owner != owner) {
			eeh_snprintf(why, len,
				     "PHB#%04x PE#%x is owned by guest %d but PE#%x below it by %s",
				     phb->index, pe, owner, c,
				     owner_text(phb->pes[c].owner, who, sizeof(who)));
			return 1;
		}
	}
	for (which = 0; which < 2; which++) {
		const struct eeh_tce_table *t = &phb->tvt_tables[pe * 2 + which];
		struct eeh_tce_window *w;

		if (!phb->tvt[pe * 2 + which])
			continue;
		w = win_of(g, phb, pe, which);
		if (!w || w->tbl.base != t->base) {
			eeh_snprintf(why, len,
				     "TVE %d of guest %d's PHB#%04x PE#%x points at table 0x%llx, not at a window of the guest",
				     which, owner, phb->index, pe, (unsigned long long)t->base);
			return 1;
		}
		k = (struct walk){ .m = m, .phb = phb, .t = t, .g = g, .pe = pe,
				   .which = which, .why = why, .len = len };
		if (walk_level(&k, t->base, t->levels - 1, 0))
			return 1;
	}
	return 0;
}

int eeh_invariants_check(struct eeh_model *m, char *why, size_t len)
{
	struct eeh_guest_set *set;
	char dummy[8];
	int i, pe;

	if (!why || !len) {
		why = dummy;
		len = sizeof(dummy);
	}
	why[0] = 0;
	if (!m)
		return -EINVAL;
	set = m->guests;
	if (!set)
		return 0;
	if (set->ndma_viol) {
		if (set->ndma_viol > 1)
			eeh_snprintf(why, len, "%s (and %llu more)", set->dma_viol,
				     (unsigned long long)set->ndma_viol - 1);
		else
			eeh_snprintf(why, len, "%s", set->dma_viol);
		set->ndma_viol = 0;
		return -EFAULT;
	}
	for (i = 0; i < EEH_MAX_PHBS; i++) {
		struct eeh_phb *phb = m->phbs[i];

		if (!phb)
			continue;
		for (pe = 0; pe < phb->num_pes; pe++)
			if (phb->pes[pe].owner && check_pe(m, phb, pe, why, len))
				return -EFAULT;
	}
	return 0;
}
