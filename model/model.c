// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab model: lifetime of the model and its PHBs, the virtual clock,
 * the diag log.
 */
#include "internal.h"

/**
 * eeh_model_create() - create an empty model (no PHBs).
 * @cfg: configuration, may be NULL (defaults: EEH_DEFAULT_MEM_CAP).
 *
 * Return: the model, or NULL when memory ran out.
 */
struct eeh_model *eeh_model_create(const struct eeh_model_config *cfg)
{
	struct eeh_model *m;

	m = eeh_zalloc(sizeof(*m));
	if (!m) {
		eeh_log(EEH_LOG_ERR, "model: out of memory creating the model");
		return NULL;
	}
	m->mem_hash_size = EEH_MEM_HASH_SIZE;
	m->mem_hash = eeh_zalloc(sizeof(*m->mem_hash) * m->mem_hash_size);
	if (!m->mem_hash) {
		eeh_log(EEH_LOG_ERR, "model: out of memory creating the host memory");
		eeh_free(m);
		return NULL;
	}
	m->mem_cap = (cfg && cfg->mem_cap) ? cfg->mem_cap : EEH_DEFAULT_MEM_CAP;
	m->mem_next = EEH_MEM_BASE;
	return m;
}

static void phb_free(struct eeh_phb *phb)
{
	int i;

	if (!phb)
		return;
	for (i = 0; i < phb->nfuncs; i++)
		eeh_func_free(phb->funcs[i]);
	eeh_free(phb->m32_segmap);
	eeh_free(phb->rtt);
	eeh_free(phb->peltv);
	eeh_free(phb->pest_a);
	eeh_free(phb->pest_b);
	eeh_free(phb->peev);
	eeh_free(phb->tvt);
	eeh_free(phb->tvt_tables);
	eeh_free(phb->pes);
	eeh_free(phb);
}

void eeh_model_destroy(struct eeh_model *m)
{
	int i;

	if (!m)
		return;
	eeh_guests_free(m);
	for (i = 0; i < EEH_MAX_PHBS; i++)
		phb_free(m->phbs[i]);
	eeh_mem_free_all(m);
	eeh_free(m->mem_hash);
	eeh_free(m);
}

void eeh_model_advance(struct eeh_model *m, u64 ms)
{
	if (m)
		m->now_ms += ms;
}

/**
 * eeh_phb_add() - create PHB @index of @model with @num_pes PEs.
 *
 * PHB3: 256 PEs; PHB4: 512 or 256 (skiboot include/phb3.h, phb4.h).
 * The reserved PE is num_pes - 1, the root PE reserved - 1. The M32
 * window is EEH_M32_BASE + 2 GiB, the M64 window EEH_M64_BASE + 64 GiB,
 * both cut into num_pes segments.
 */
int eeh_phb_add(struct eeh_model *m, int index, enum eeh_phb_model model,
		int num_pes, struct eeh_msg *msg)
{
	struct eeh_phb *phb;
	int i;

	if (!m)
		return eeh_msg_set(msg, -EINVAL, "no model");
	if (index < 0 || index >= EEH_MAX_PHBS)
		return eeh_msg_set(msg, -ERANGE, "PHB index %d out of range (0..%d)",
				   index, EEH_MAX_PHBS - 1);
	if (m->phbs[index])
		return eeh_msg_set(msg, -EEXIST, "PHB#%04x already exists", index);
	if (model != EEH_PHB3 && model != EEH_PHB4)
		return eeh_msg_set(msg, -EINVAL, "unknown PHB model %d (phb3 or phb4)",
				   (int)model);
	if (!num_pes)
		num_pes = model == EEH_PHB3 ? 256 : 512;
	if (model == EEH_PHB3 && num_pes != 256)
		return eeh_msg_set(msg, -EINVAL, "PHB3 has 256 PEs, not %d", num_pes);
	if (model == EEH_PHB4 && num_pes != 256 && num_pes != 512)
		return eeh_msg_set(msg, -EINVAL, "PHB4 has 512 or 256 PEs, not %d",
				   num_pes);

	phb = eeh_zalloc(sizeof(*phb));
	if (!phb)
		goto nomem;
	phb->m = m;
	phb->index = index;
	phb->model = model;
	phb->num_pes = num_pes;
	phb->reserved_pe = num_pes - 1;
	phb->root_pe = num_pes - 2;
	phb->m32_base = EEH_M32_BASE;
	phb->m32_size = EEH_M32_SIZE;
	phb->m32_segsize = EEH_M32_SIZE / num_pes;
	phb->m64_base = EEH_M64_BASE;
	phb->m64_size = EEH_M64_SIZE;
	phb->m64_segsize = EEH_M64_SIZE / num_pes;

	phb->m32_segmap = eeh_zalloc(sizeof(u16) * num_pes);
	phb->rtt = eeh_zalloc(sizeof(u16) * EEH_RTT_ENTRIES);
	phb->peltv = eeh_zalloc((size_t)num_pes * (num_pes / 8));
	phb->pest_a = eeh_zalloc(sizeof(u64) * num_pes);
	phb->pest_b = eeh_zalloc(sizeof(u64) * num_pes);
	phb->peev = eeh_zalloc(sizeof(u64) * (num_pes / 64));
	phb->tvt = eeh_zalloc(sizeof(u64) * 2 * num_pes);
	phb->tvt_tables = eeh_zalloc(sizeof(*phb->tvt_tables) * 2 * num_pes);
	phb->pes = eeh_zalloc(sizeof(*phb->pes) * num_pes);
	if (!phb->m32_segmap || !phb->rtt || !phb->peltv || !phb->pest_a ||
	    !phb->pest_b || !phb->peev || !phb->tvt || !phb->tvt_tables || !phb->pes)
		goto nomem;

	for (i = 0; i < num_pes; i++) {
		phb->m32_segmap[i] = phb->reserved_pe;
		phb->pes[i].num = i;
		phb->pes[i].parent = -1;
		phb->pes[i].bus = -1;
		phb->pes[i].bridge = -1;
	}
	for (i = 0; i < EEH_RTT_ENTRIES; i++)
		phb->rtt[i] = phb->reserved_pe;
	m->phbs[index] = phb;
	eeh_log(EEH_LOG_DEBUG, "PHB#%04x: PHB%d, %d PEs, reserved PE#%x, root PE#%x",
		index, (int)model, num_pes, phb->reserved_pe, phb->root_pe);
	return 0;

nomem:
	phb_free(phb);
	return eeh_msg_set(msg, -ENOMEM, "out of memory creating PHB#%04x", index);
}

/**
 * eeh_phb_remove() - destroy PHB @index and everything under it.
 *
 * Refused while a PE of the PHB is assigned to a guest. Host memory the
 * PHB's TCE tables used stays reserved until the model is destroyed.
 */
int eeh_phb_remove(struct eeh_model *m, int index, struct eeh_msg *msg)
{
	struct eeh_phb *phb = eeh_phb_get(m, index);
	int i;

	if (!phb)
		return eeh_msg_set(msg, -ENOENT, "no PHB#%04x", index);
	for (i = 0; i < phb->num_pes; i++) {
		if (phb->pes[i].owner > 0)
			return eeh_msg_set(msg, -EBUSY,
					   "PHB#%04x PE#%x is assigned to guest %d",
					   index, i, phb->pes[i].owner);
	}
	m->phbs[index] = NULL;
	phb_free(phb);
	return 0;
}

struct eeh_phb *eeh_phb_get(struct eeh_model *m, int index)
{
	if (!m || index < 0 || index >= EEH_MAX_PHBS)
		return NULL;
	return m->phbs[index];
}

/* A PE that enumeration set up (and that is not the reserved PE). */
bool eeh_pe_in_use(struct eeh_phb *phb, int pe)
{
	return phb && pe >= 0 && pe < phb->num_pes && pe != phb->reserved_pe &&
	       phb->pes[pe].valid;
}

/* Log one diag entry (a freeze of @pe, or a PHB event with @pe == -1). */
void eeh_diag_log(struct eeh_phb *phb, int pe, enum eeh_err_type type,
		  enum eeh_severity sev, enum eeh_cause cause, int func, u64 addr)
{
	struct eeh_model *m = phb->m;
	struct eeh_diag *d = &phb->diag[phb->ndiag % EEH_DIAG_MAX];

	memset(d, 0, sizeof(*d));
	d->seq = ++m->diag_seq;
	d->time_ms = m->now_ms;
	d->phb = phb->index;
	d->pe = pe;
	d->type = type;
	d->severity = sev;
	d->cause = cause;
	d->func = func;
	d->addr = addr;
	if (pe >= 0) {
		d->pest_a = phb->pest_a[pe];
		d->pest_b = phb->pest_b[pe];
		eeh_snprintf(d->text, sizeof(d->text),
			     "PHB#%04x PE#%x frozen: %s at 0x%llx",
			     phb->index, pe, eeh_cause_name(cause),
			     (unsigned long long)addr);
	} else {
		eeh_snprintf(d->text, sizeof(d->text),
			     "PHB#%04x fenced: %s at 0x%llx", phb->index,
			     eeh_cause_name(cause), (unsigned long long)addr);
	}
	if (func >= 0) {
		size_t n = strlen(d->text);

		eeh_snprintf(d->text + n, sizeof(d->text) - n, " (func %d)", func);
	}
	phb->ndiag++;
	eeh_log(EEH_LOG_INFO, "%s", d->text);
}

/**
 * eeh_diag_last() - the newest diag entry of @pe (-1: of any kind) that
 * is still in the ring, or NULL.
 */
const struct eeh_diag *eeh_diag_last(struct eeh_phb *phb, int pe)
{
	u64 n, oldest;

	if (!phb || !phb->ndiag)
		return NULL;
	oldest = phb->ndiag > EEH_DIAG_MAX ? phb->ndiag - EEH_DIAG_MAX : 0;
	for (n = phb->ndiag; n > oldest; n--) {
		const struct eeh_diag *d = &phb->diag[(n - 1) % EEH_DIAG_MAX];

		if (pe == -1 || d->pe == pe)
			return d;
	}
	return NULL;
}
