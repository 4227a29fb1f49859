// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab recovery: the host recovery engine, as the Linux EEH core does
 * it, on the model's virtual clock.
 *
 * Sources (Linux): arch/powerpc/kernel/eeh.c (eeh_dev_check_failure,
 * eeh_phb_check_failure, eeh_pci_enable, eeh_unfreeze_pe,
 * eeh_pe_reset_full, eeh_pe_refreeze_passed), eeh_driver.c
 * (eeh_result_priority, pci_ers_merge_result, eeh_pe_report_edev,
 * eeh_report_error/mmio_enabled/reset/resume/failure, eeh_rmv_device,
 * eeh_reset_device, eeh_clear_pe_frozen_state, eeh_handle_normal_event,
 * eeh_handle_special_event), eeh_pe.c (eeh_pe_update_time_stamp,
 * eeh_pe_state_mark / eeh_pe_state_clear, eeh_pe_mark_isolated),
 * platforms/powernv/eeh-powernv.c (pnv_eeh_reset, pnv_eeh_phb_reset,
 * pnv_eeh_next_error). Where eehlab differs, the comment says so.
 */
#include "eehlab/recovery.h"
#include "internal.h"

#define MAX_WAIT_FOR_RECOVERY_MS	(300ULL * 1000)	/* eeh_driver.c */
#define PCI_BUS_RESET_WAIT_MS		(5ULL * 60 * 1000)	/* eeh.c */
#define EEH_STATE_MIN_WAIT_MS		1000	/* eeh_wait_state() */
#define EEH_HOTPLUG_SLEEP_MS		5000	/* "Sleep 5s ahead of ... hotplug" */

#define EEH_STATE_ACTIVE (EEH_STATE_MMIO_ACTIVE | EEH_STATE_DMA_ACTIVE)

/* One event being handled: its scope and per-function bookkeeping. */
struct rec_ctx {
	struct eeh_recovery *r;
	struct eeh_model *m;
	struct eeh_phb *phb;
	int pe;				/* the PE subtree, -1: the whole PHB */
	struct eeh_rec_event *ev;
	u8 in_error[EEH_MAX_FUNCS / 8];	/* edev->in_error */
	u8 unplugged[EEH_MAX_FUNCS / 8];	/* removed for the reset */
};

static bool bit_test(const u8 *map, int i)
{
	return map[i / 8] & (1u << (i % 8));
}

static void bit_set(u8 *map, int i)
{
	map[i / 8] |= 1u << (i % 8);
}

static void bit_clear(u8 *map, int i)
{
	map[i / 8] &= ~(1u << (i % 8));
}

const char *eeh_rec_result_name(enum eeh_rec_result res)
{
	switch (res) {
	case EEH_REC_NONE:
		return "none";
	case EEH_REC_RECOVERED:
		return "recovered";
	case EEH_REC_PERM_FAILURE:
		return "perm_failure";
	case EEH_REC_LEFT_TO_OWNER:
		return "left_to_owner";
	case EEH_REC_PHB_RECOVERED:
		return "phb_recovered";
	}
	return "unknown";
}

/* eeh_driver.c eeh_result_priority(): the merge order of the answers. */
static int rec_priority(enum eeh_ers res)
{
	switch (res) {
	case EEH_ERS_NONE:
		return 1;
	case EEH_ERS_NO_AER_DRIVER:
		return 2;
	case EEH_ERS_RECOVERED:
		return 3;
	case EEH_ERS_CAN_RECOVER:
		return 4;
	case EEH_ERS_DISCONNECT:
		return 5;
	case EEH_ERS_NEED_RESET:
		return 6;
	}
	return 0;	/* unknown, and void callbacks (0): never win */
}

/* pci_ers_merge_result() */
enum eeh_ers eeh_ers_merge(enum eeh_ers old, enum eeh_ers new)
{
	return rec_priority(new) > rec_priority(old) ? new : old;
}

void eeh_recovery_init(struct eeh_recovery *r, struct eeh_model *m)
{
	memset(r, 0, sizeof(*r));
	r->m = m;
	r->max_freezes = EEH_MAX_FREEZES_DEFAULT;
}

/* ---- PE tree ---- */

/* Is @pe @root or below it? @root -1: any PE of the PHB. */
bool eeh_rec_pe_in(struct eeh_phb *phb, int root, int pe)
{
	struct eeh_model_pe *p = eeh_model_pe_get(phb, pe);
	int depth = 0;

	if (!p)
		return false;
	if (root < 0)
		return true;
	while (p && depth++ < phb->num_pes) {
		if (p->num == root)
			return true;
		if (p->parent < 0)
			break;
		p = eeh_model_pe_get(phb, p->parent);
	}
	return false;
}

static bool rec_pe_passed(struct eeh_phb *phb, int pe)
{
	struct eeh_model_pe *p = eeh_model_pe_get(phb, pe);

	return p && p->owner != 0;
}

/* eeh_pe_state_mark(): every PE of the subtree but the REMOVED ones. */
void eeh_rec_mark(struct eeh_phb *phb, int root, u32 flags)
{
	int i;

	for (i = 0; i < phb->num_pes; i++) {
		struct eeh_model_pe *p = &phb->pes[i];

		if (!eeh_rec_pe_in(phb, root, i) || (p->sw_state & EEH_PE_REMOVED))
			continue;
		p->sw_state |= flags;
		/* eeh_pe_mark_isolated(): block config if it must be */
		if ((flags & EEH_PE_ISOLATED) &&
		    (p->sw_state & EEH_PE_CFG_RESTRICTED))
			p->sw_state |= EEH_PE_CFG_BLOCKED;
	}
}

/* eeh_pe_state_clear() */
void eeh_rec_clear(struct eeh_phb *phb, int root, u32 flags,
		   bool include_passed)
{
	int i;

	for (i = 0; i < phb->num_pes; i++) {
		struct eeh_model_pe *p = &phb->pes[i];

		if (!eeh_rec_pe_in(phb, root, i) || (p->sw_state & EEH_PE_REMOVED))
			continue;
		if (!include_passed && p->owner)
			continue;
		p->sw_state &= ~flags;
		if ((flags & EEH_PE_ISOLATED) &&
		    (p->sw_state & EEH_PE_CFG_RESTRICTED))
			p->sw_state &= ~EEH_PE_CFG_BLOCKED;
	}
}

static bool rec_state_active(int st)
{
	return (st & EEH_STATE_ACTIVE) == EEH_STATE_ACTIVE;
}

/*
 * eeh_ops->get_state(): Linux EEH_STATE_* bits. @pe -1: the PHB, as
 * pnv_eeh_get_phb_state (0 while fenced, all active otherwise).
 */
static int rec_get_state(struct eeh_phb *phb, int pe)
{
	if (pe < 0)
		return phb->fenced ? 0 :
		       (int)eeh_fw_state_to_linux(EEH_FW_NOT_FROZEN);
	return (int)eeh_fw_state_to_linux(eeh_pe_fw_state(phb, pe));
}

/*
 * eeh_wait_state(): poll until the state is not "temporarily
 * unavailable", sleeping (on the virtual clock) at least 1 s a time;
 * past @max_ms it answers NOT_SUPPORT.
 */
static int rec_wait_state(struct rec_ctx *c, int pe, u64 max_ms)
{
	u64 waited = 0;
	int st;

	for (;;) {
		st = rec_get_state(c->phb, pe);
		if (st != EEH_STATE_UNAVAILABLE)
			return st;
		if (waited >= max_ms) {
			eeh_log(EEH_LOG_WARN,
				"EEH: PHB#%x-PE#%x: timeout waiting for state",
				c->phb->index, pe);
			return EEH_STATE_NOT_SUPPORT;
		}
		eeh_model_advance(c->m, EEH_STATE_MIN_WAIT_MS);
		waited += EEH_STATE_MIN_WAIT_MS;
	}
}

/*
 * eeh_pci_enable(pe, THAW_MMIO / THAW_DMA): nothing to do when already
 * enabled; otherwise clear the freeze half (opal_pci_eeh_freeze_clear)
 * and wait for the state. 0 or -EIO (Linux: -EIO, a negative value).
 */
static int rec_pci_enable(struct rec_ctx *c, int pe, u32 which)
{
	int active = which == EEH_FREEZE_MMIO ?
		(EEH_STATE_MMIO_ACTIVE | EEH_STATE_MMIO_ENABLED) :
		EEH_STATE_DMA_ACTIVE;
	int st, rc;

	st = rec_get_state(c->phb, pe);
	if (st == EEH_STATE_NOT_SUPPORT || (st & active))
		return 0;
	rc = eeh_pe_thaw(c->phb, pe, which, NULL);
	if (rc)
		eeh_log(EEH_LOG_WARN,
			"EEH: unexpected state change %u on PHB#%x-PE#%x, err=%d",
			which, c->phb->index, pe, rc);
	st = rec_wait_state(c, pe, PCI_BUS_RESET_WAIT_MS);
	if (st & active)
		return 0;
	return -EIO;
}

/*
 * Thaw one half on the event's PE and on its child PEs (not those
 * passed through to a guest). Linux's eeh_pci_enable() thaws the one PE
 * it is given; a child PE frozen with it through PELT-V would stay
 * frozen and be found again on its next access. eehlab thaws the
 * subtree it recovers, as eeh_clear_pe_frozen_state() does after a reset.
 */
static int rec_enable_scope(struct rec_ctx *c, u32 which)
{
	int i, rc;

	for (i = 0; i < c->phb->num_pes; i++) {
		if (!eeh_rec_pe_in(c->phb, c->pe, i) || rec_pe_passed(c->phb, i))
			continue;
		if (c->phb->pes[i].sw_state & EEH_PE_REMOVED)
			continue;
		rc = rec_pci_enable(c, i, which);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- functions of the event ---- */

static struct eeh_func *rec_func(struct rec_ctx *c, int i)
{
	struct eeh_func *f = c->phb->funcs[i];

	if (!f || !eeh_rec_pe_in(c->phb, c->pe, f->pe))
		return NULL;
	return f;
}

/* eeh_edev_actionable(): present, bound, and not passed through */
static bool rec_actionable(struct rec_ctx *c, struct eeh_func *f)
{
	return f->present && f->drv.bound && !rec_pe_passed(c->phb, f->pe);
}

enum rec_report_kind {
	REP_ERROR,		/* error_detected(io_frozen), sets in_error */
	REP_MMIO,		/* mmio_enabled */
	REP_RESET,		/* slot_reset, in_error only */
	REP_RESUME,		/* resume, in_error only, clears it */
	REP_FAILURE,		/* error_detected(perm_failure) */
};

/*
 * eeh_pe_report(): call one callback on every actionable function of
 * the event (function order, which is the order of the topology) whose
 * driver has error handlers, and merge the answers. Drivers without
 * handlers are not called ("driver not EEH aware").
 */
static enum eeh_ers rec_report(struct rec_ctx *c, enum rec_report_kind kind,
			       enum eeh_ers result)
{
	int i;

	for (i = 0; i < c->phb->nfuncs; i++) {
		struct eeh_func *f = rec_func(c, i);
		enum eeh_ers rc = 0;

		if (!f || !rec_actionable(c, f) || !f->drv.handlers)
			continue;
		switch (kind) {
		case REP_ERROR:
			rc = eeh_driver_call(f, EEH_CB_ERROR_DETECTED,
					     EEH_IO_FROZEN);
			bit_set(c->in_error, i);
			break;
		case REP_MMIO:
			rc = eeh_driver_call(f, EEH_CB_MMIO_ENABLED,
					     EEH_IO_FROZEN);
			break;
		case REP_RESET:
			if (!bit_test(c->in_error, i))
				continue;
			rc = eeh_driver_call(f, EEH_CB_SLOT_RESET,
					     EEH_IO_NORMAL);
			break;
		case REP_RESUME:
			if (!bit_test(c->in_error, i))
				continue;
			eeh_driver_call(f, EEH_CB_RESUME, EEH_IO_NORMAL);
			bit_clear(c->in_error, i);
			continue;
		case REP_FAILURE:
			eeh_driver_call(f, EEH_CB_ERROR_DETECTED,
					EEH_IO_PERM_FAILURE);
			continue;
		}
		result = eeh_ers_merge(result, rc);
	}
	return result;
}

static int rec_count_present(struct rec_ctx *c)
{
	int i, n = 0;

	for (i = 0; i < c->phb->nfuncs; i++) {
		struct eeh_func *f = rec_func(c, i);

		if (f && f->present)
			n++;
	}
	return n;
}

/*
 * eeh_pe_reset_full(): fundamental reset if any device wants one, else
 * hot; RESET and CFG_BLOCKED on the subtree meanwhile; up to three
 * tries of assert, hold 250 ms, deassert, settle 1800 ms (pnv_eeh_reset),
 * each followed by a wait for the PE to be usable. A fenced PHB gets the
 * PHB complete reset (pnv_eeh_phb_reset: no hold, settle after
 * deassert). Child PEs passed through to a guest are re-frozen
 * (eeh_pe_refreeze_passed).
 */
static int rec_reset_full(struct rec_ctx *c)
{
	const u32 reset_state = EEH_PE_RESET | EEH_PE_CFG_BLOCKED;
	bool freset = false;
	int i, st, ret = 0;

	for (i = 0; i < c->phb->nfuncs; i++) {
		struct eeh_func *f = rec_func(c, i);

		if (f && f->present && f->needs_freset)
			freset = true;
	}
	eeh_rec_mark(c->phb, c->pe, reset_state);

	for (i = 0; i < EEH_RESET_TRIES; i++) {
		int rc;

		c->ev->resets++;
		if (c->pe < 0) {
			rc = eeh_phb_reset(c->phb);
			if (!rc)
				eeh_model_advance(c->m, EEH_PE_RST_SETTLE_MS);
		} else {
			rc = eeh_model_pe_reset(c->phb, c->pe, true, freset, NULL);
			if (!rc) {
				eeh_model_advance(c->m, EEH_PE_RST_HOLD_MS);
				rc = eeh_model_pe_reset(c->phb, c->pe, false,
							freset, NULL);
				eeh_model_advance(c->m, EEH_PE_RST_SETTLE_MS);
			}
		}
		if (rc) {
			ret = -EIO;
			eeh_log(EEH_LOG_WARN,
				"EEH: Failure %d resetting PHB#%x-PE#%x (attempt %d)",
				rc, c->phb->index, c->pe, i + 1);
			continue;
		}
		ret = 0;
		st = rec_wait_state(c, c->pe, PCI_BUS_RESET_WAIT_MS);
		if (rec_state_active(st))
			break;
		eeh_log(EEH_LOG_WARN,
			"EEH: PHB#%x-PE#%x: Slot inactive after reset: 0x%x (attempt %d)",
			c->phb->index, c->pe, st, i + 1);
	}

	/* eeh_pe_refreeze_passed() */
	for (i = 0; i < c->phb->num_pes; i++) {
		if (!eeh_rec_pe_in(c->phb, c->pe, i) || !rec_pe_passed(c->phb, i))
			continue;
		st = rec_get_state(c->phb, i);
		if (st & (EEH_STATE_MMIO_ACTIVE | EEH_STATE_MMIO_ENABLED)) {
			eeh_log(EEH_LOG_INFO,
				"EEH: Passed-through PE PHB#%x-PE#%x was thawed by reset, re-freezing for safety.",
				c->phb->index, i);
			eeh_pe_freeze(c->phb, i, EEH_FREEZE_BOTH,
				      EEH_CAUSE_FREEZE_REQ, -1, 0, NULL);
		}
	}
	eeh_rec_clear(c->phb, c->pe, reset_state, true);
	return ret;
}

/*
 * eeh_clear_pe_frozen_state(): thaw every PE of the subtree not passed
 * through (three tries of eeh_unfreeze_pe each), then clear ISOLATED.
 */
static int rec_clear_frozen(struct rec_ctx *c)
{
	int i, t;

	for (i = 0; i < c->phb->num_pes; i++) {
		if (!eeh_rec_pe_in(c->phb, c->pe, i) || rec_pe_passed(c->phb, i))
			continue;
		for (t = 0; t < 3; t++)
			if (!rec_pci_enable(c, i, EEH_FREEZE_MMIO) &&
			    !rec_pci_enable(c, i, EEH_FREEZE_DMA))
				break;
		if (t >= 3)
			return -EIO;
	}
	eeh_rec_clear(c->phb, c->pe, EEH_PE_ISOLATED, false);
	return 0;
}

/*
 * eeh_reset_device(). @aware false (no driver answered): unplug every
 * bound device (pci_hp_remove_devices); true: unplug only those whose
 * driver lacks error_detected/slot_reset (eeh_rmv_device). Bridges stay,
 * as in eeh_rmv_device; functions without a bound driver stay too (the
 * model's PROBE would bind one). Then reset, restore the config space
 * of every function of the subtree (eeh_pe_restore_bars), thaw, and
 * plug the removed devices back after the 5 s Linux sleeps first.
 */
static int rec_reset_device(struct rec_ctx *c, bool aware)
{
	struct eeh_model_pe *pe = c->pe >= 0 ? eeh_model_pe_get(c->phb, c->pe) : NULL;
	int cnt = pe ? pe->freeze_count : 0;
	u64 tstamp = pe ? pe->freeze_tstamp_ms : 0;
	int i, rc, removed = 0;

	eeh_rec_mark(c->phb, c->pe, EEH_PE_KEEP);
	for (i = 0; i < c->phb->nfuncs; i++) {
		struct eeh_func *f = rec_func(c, i);

		if (!f || !rec_actionable(c, f) || f->type != EEH_NODE_ENDPOINT)
			continue;
		if (aware && f->drv.handlers)
			continue;
		eeh_log(EEH_LOG_INFO,
			"EEH: Removing %s without EEH sensitive driver", f->name);
		eeh_driver_call(f, EEH_CB_REMOVE, EEH_IO_FROZEN);
		bit_set(c->unplugged, i);
		bit_clear(c->in_error, i);
		removed++;
	}

	rc = rec_reset_full(c);
	if (rc)
		return rc;

	for (i = 0; i < c->phb->nfuncs; i++) {
		struct eeh_func *f = rec_func(c, i);

		if (f && (f->present || bit_test(c->unplugged, i)))
			eeh_func_restore_config(f);
	}

	rc = rec_clear_frozen(c);
	if (rc)
		return rc;

	if (!aware || removed) {
		eeh_log(EEH_LOG_INFO, "EEH: Sleep 5s ahead of %s hotplug",
			aware ? "partial" : "complete");
		eeh_model_advance(c->m, EEH_HOTPLUG_SLEEP_MS);
		for (i = 0; i < c->phb->nfuncs; i++) {
			struct eeh_func *f = rec_func(c, i);

			if (!f || !bit_test(c->unplugged, i))
				continue;
			eeh_driver_call(f, EEH_CB_PROBE, EEH_IO_NORMAL);
			bit_clear(c->unplugged, i);
		}
	}
	eeh_rec_clear(c->phb, c->pe, EEH_PE_KEEP, true);
	if (pe) {
		pe->freeze_count = cnt;
		pe->freeze_tstamp_ms = tstamp;
	}
	return 0;
}

/* eeh_pe_update_time_stamp() and the count: true above max_freezes */
static bool rec_count_freeze(struct eeh_recovery *r, int *count, u64 *tstamp)
{
	u64 now = r->m->now_ms;

	if (*count <= 0) {
		*count = 0;
		*tstamp = now;
	} else if (now - *tstamp > EEH_FREEZE_WINDOW_MS) {
		*tstamp = now;
		*count = 0;
	}
	(*count)++;
	return *count > r->max_freezes;
}

/* The hard_fail path: tell the drivers, mark REMOVED, remove the devices. */
static void rec_hard_fail(struct rec_ctx *c)
{
	int i;

	if (!c->ev->text[0]) {
		if (c->pe >= 0)
			eeh_snprintf(c->ev->text, sizeof(c->ev->text),
				     "EEH: Unable to recover from failure from PHB#%x-PE#%x.",
				     c->phb->index, c->pe);
		else
			eeh_snprintf(c->ev->text, sizeof(c->ev->text),
				     "EEH: Unable to recover from failure from PHB#%x.",
				     c->phb->index);
	}
	eeh_log(EEH_LOG_ERR, "%s", c->ev->text);

	rec_report(c, REP_FAILURE, EEH_ERS_NONE);
	eeh_rec_mark(c->phb, c->pe, EEH_PE_REMOVED);
	/* pci_hp_remove_devices(bus): every device of the subtree */
	for (i = 0; i < c->phb->nfuncs; i++) {
		struct eeh_func *f = rec_func(c, i);

		if (f && f->present && !rec_pe_passed(c->phb, f->pe))
			eeh_driver_call(f, EEH_CB_REMOVE, EEH_IO_PERM_FAILURE);
	}
	c->ev->result = EEH_REC_PERM_FAILURE;
	/* Linux returns here without clearing RECOVERING: the PE is gone */
}

/*
 * eeh_handle_normal_event() for c->pe >= 0; for c->pe == -1 the fenced
 * PHB, which Linux recovers as a normal event on the PHB PE (whose
 * subtree is every PE of the PHB): eeh_handle_special_event() ->
 * pnv_eeh_next_error() returns EEH_NEXT_ERR_FENCED_PHB, the PHB PE is
 * marked ISOLATED | RECOVERING and handled as a normal event, where any
 * merged answer but NONE becomes NEED_RESET, and the reset is the PHB
 * complete reset.
 */
static void rec_handle(struct rec_ctx *c)
{
	struct eeh_recovery *r = c->r;
	struct eeh_rec_event *ev = c->ev;
	enum eeh_ers result = EEH_ERS_NONE;
	struct eeh_model_pe *pe = NULL;
	struct eeh_rec_phb *ps = &r->phbs[c->phb->index];
	bool over;
	int rc;

	if (c->pe >= 0) {
		pe = eeh_model_pe_get(c->phb, c->pe);
		if (!pe) {
			eeh_snprintf(ev->text, sizeof(ev->text),
				     "EEH: PHB#%x-PE#%x: no such PE",
				     c->phb->index, c->pe);
			return;
		}
		if (pe->owner) {
			/* reference 6.8: the guest recovers it */
			ev->freeze_count = pe->freeze_count;
			ev->result = EEH_REC_LEFT_TO_OWNER;
			eeh_snprintf(ev->text, sizeof(ev->text),
				     "EEH: PHB#%x-PE#%x is passed through to guest %d: left frozen for its owner",
				     c->phb->index, c->pe, pe->owner);
			return;
		}
	} else if (!c->phb->fenced) {
		ps->isolated = false;
		eeh_rec_clear(c->phb, -1, EEH_PE_ISOLATED, false);
		eeh_snprintf(ev->text, sizeof(ev->text),
			     "EEH: PHB#%x is not fenced", c->phb->index);
		return;
	}

	if (!rec_count_present(c)) {
		if (c->pe >= 0)
			eeh_snprintf(ev->text, sizeof(ev->text),
				     "EEH: Frozen PHB#%x-PE#%x is empty!",
				     c->phb->index, c->pe);
		else
			eeh_snprintf(ev->text, sizeof(ev->text),
				     "EEH: Fenced PHB#%x is empty!", c->phb->index);
		eeh_rec_clear(c->phb, c->pe, EEH_PE_RECOVERING, true);
		return;
	}

	if (c->pe >= 0) {
		eeh_log(EEH_LOG_ERR, "EEH: Recovering PHB#%x-PE#%x",
			c->phb->index, c->pe);
		eeh_rec_mark(c->phb, c->pe, EEH_PE_RECOVERING);
		over = rec_count_freeze(r, &pe->freeze_count,
					&pe->freeze_tstamp_ms);
		ev->freeze_count = pe->freeze_count;
	} else {
		eeh_log(EEH_LOG_ERR, "EEH: Recovering PHB#%x", c->phb->index);
		eeh_rec_mark(c->phb, -1, EEH_PE_ISOLATED | EEH_PE_RECOVERING);
		over = rec_count_freeze(r, &ps->freeze_count,
					&ps->freeze_tstamp_ms);
		ev->freeze_count = ps->freeze_count;
	}
	if (over) {
		if (c->pe >= 0)
			eeh_snprintf(ev->text, sizeof(ev->text),
				     "EEH: PHB#%x-PE#%x has failed %d times in the last hour and has been permanently disabled.",
				     c->phb->index, c->pe, ev->freeze_count);
		else
			eeh_snprintf(ev->text, sizeof(ev->text),
				     "EEH: PHB#%x has failed %d times in the last hour and has been permanently disabled.",
				     c->phb->index, ev->freeze_count);
		result = EEH_ERS_DISCONNECT;
	}

	if (result != EEH_ERS_DISCONNECT) {
		eeh_log(EEH_LOG_WARN,
			"EEH: This PCI device has failed %d times in the last hour and will be permanently disabled after %d failures.",
			ev->freeze_count, r->max_freezes);
		result = rec_report(c, REP_ERROR, result);
		if (c->pe < 0 && result != EEH_ERS_NONE &&
		    result != EEH_ERS_NEED_RESET)
			result = EEH_ERS_NEED_RESET;
	}
	ev->merged = result;

	if (result != EEH_ERS_DISCONNECT) {
		rc = rec_wait_state(c, c->pe, MAX_WAIT_FOR_RECOVERY_MS);
		if (rc == EEH_STATE_NOT_SUPPORT) {
			eeh_log(EEH_LOG_WARN, "EEH: Permanent failure");
			result = EEH_ERS_DISCONNECT;
		}
	}

	/* all drivers EEH-unaware: reset with hotplug activity */
	if (result == EEH_ERS_NONE) {
		rc = rec_reset_device(c, false);
		if (rc)
			result = EEH_ERS_DISCONNECT;
	}

	if (result == EEH_ERS_CAN_RECOVER) {
		rc = rec_enable_scope(c, EEH_FREEZE_MMIO);
		/*
		 * eeh_pci_enable() answers -EIO when the thaw did not take,
		 * and eeh_handle_normal_event() turns any negative answer
		 * into DISCONNECT (only a positive one into NEED_RESET).
		 */
		if (rc < 0)
			result = EEH_ERS_DISCONNECT;
		else if (rc)
			result = EEH_ERS_NEED_RESET;
		else
			result = rec_report(c, REP_MMIO, result);
	}
	if (result == EEH_ERS_CAN_RECOVER) {
		rc = rec_enable_scope(c, EEH_FREEZE_DMA);
		if (rc < 0) {
			result = EEH_ERS_DISCONNECT;
		} else if (rc) {
			result = EEH_ERS_NEED_RESET;
		} else {
			eeh_rec_clear(c->phb, c->pe, EEH_PE_ISOLATED, true);
			ev->thawed = true;
			result = EEH_ERS_RECOVERED;
		}
	}

	if (result == EEH_ERS_NEED_RESET) {
		rc = rec_reset_device(c, true);
		if (rc) {
			eeh_log(EEH_LOG_WARN, "EEH: Cannot reset, err=%d", rc);
			result = EEH_ERS_DISCONNECT;
		} else {
			result = rec_report(c, REP_RESET, EEH_ERS_NONE);
		}
	}

	if (result == EEH_ERS_RECOVERED || result == EEH_ERS_NONE) {
		rec_report(c, REP_RESUME, EEH_ERS_NONE);
		if (c->pe < 0) {
			ps->isolated = false;
			eeh_rec_clear(c->phb, -1, EEH_PE_ISOLATED, false);
		}
		eeh_rec_clear(c->phb, c->pe, EEH_PE_RECOVERING, true);
		ev->result = c->pe < 0 ? EEH_REC_PHB_RECOVERED :
					 EEH_REC_RECOVERED;
		eeh_snprintf(ev->text, sizeof(ev->text),
			     "EEH: Recovery successful.");
		eeh_log(EEH_LOG_INFO, "%s", ev->text);
		return;
	}
	if (c->pe < 0)
		ps->isolated = false;
	rec_hard_fail(c);
}

/* ---- detection ---- */

static bool rec_queued(struct eeh_recovery *r, int phb, int pe)
{
	int i;

	for (i = 0; i < r->nqueued; i++)
		if (r->queue[i].phb == phb && r->queue[i].pe == pe)
			return true;
	return false;
}

static int rec_queue(struct eeh_recovery *r, int phb, int pe)
{
	if (r->nqueued >= EEH_MAX_EVENTS)
		return -ENOSPC;
	r->queue[r->nqueued].phb = phb;
	r->queue[r->nqueued].pe = pe;
	r->nqueued++;
	return 0;
}

/*
 * "frozen" for the escalation: a freeze, a reset or unavailable. Linux
 * tests "ret > 0 && !eeh_state_active(ret)", which misses a parent
 * frozen in both halves (pnv state 0); eehlab takes it.
 */
static bool rec_pe_frozen(struct eeh_phb *phb, int pe)
{
	int st = rec_get_state(phb, pe);

	return st >= 0 && st != EEH_STATE_NOT_SUPPORT && !rec_state_active(st);
}

int eeh_model_check_failure(struct eeh_recovery *r, struct eeh_func *f)
{
	struct eeh_phb *phb;
	struct eeh_model_pe *pe, *p;
	int top, depth, st;

	if (!r || !f || !f->phb)
		return -EINVAL;
	phb = f->phb;
	if (!f->present)
		return -ENODEV;
	pe = eeh_model_pe_get(phb, f->pe);
	if (!pe)
		return -ENODEV;

	/* eeh_phb_check_failure(): a fenced PHB first, once */
	if (phb->fenced) {
		struct eeh_rec_phb *ps = &r->phbs[phb->index];

		if (ps->isolated || rec_queued(r, phb->index, -1))
			return 0;
		if (rec_queue(r, phb->index, -1))
			return -ENOSPC;
		ps->isolated = true;
		eeh_rec_mark(phb, -1, EEH_PE_ISOLATED);
		eeh_log(EEH_LOG_ERR, "EEH: PHB#%x failure detected", phb->index);
		return 1;
	}

	if (pe->owner) {
		/* Linux leaves it to the owner silently; eehlab records it */
		if (!rec_pe_frozen(phb, pe->num) ||
		    rec_queued(r, phb->index, pe->num))
			return 0;
		return rec_queue(r, phb->index, pe->num) ? -ENOSPC : 1;
	}

	if (pe->sw_state & EEH_PE_ISOLATED)
		return 0;
	st = rec_get_state(phb, pe->num);
	if (st < 0 || st == EEH_STATE_NOT_SUPPORT || rec_state_active(st))
		return 0;

	/* a frozen parent PE is handled first, at the highest one */
	top = pe->num;
	p = pe->parent >= 0 ? eeh_model_pe_get(phb, pe->parent) : NULL;
	for (depth = 0; p && depth < phb->num_pes; depth++) {
		if (rec_pe_frozen(phb, p->num)) {
			eeh_log(EEH_LOG_ERR,
				"EEH: Failure of PHB#%x-PE#%x will be handled at parent PHB#%x-PE#%x.",
				phb->index, top, phb->index, p->num);
			top = p->num;
		}
		p = p->parent >= 0 ? eeh_model_pe_get(phb, p->parent) : NULL;
	}
	if ((phb->pes[top].sw_state & EEH_PE_ISOLATED) ||
	    rec_queued(r, phb->index, top))
		return 0;
	if (rec_queue(r, phb->index, top))
		return -ENOSPC;
	eeh_rec_mark(phb, top, EEH_PE_ISOLATED);
	eeh_log(EEH_LOG_ERR, "EEH: Frozen PHB#%x-PE#%x detected",
		phb->index, top);
	return 1;
}

static u64 rec_ones(int size)
{
	return size >= 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
}

int eeh_host_mmio_load(struct eeh_recovery *r, struct eeh_func *f, int bar,
		       u64 off, int size, u64 *val)
{
	struct eeh_access_result ar;
	int rc;

	if (!r || !f || !val)
		return -EINVAL;
	rc = eeh_func_mmio_load(f, bar, off, size, val, &ar);
	if (rc < 0)
		return rc;
	if (*val != rec_ones(size))
		return 0;
	/*
	 * the read itself never fails on a check's refusal (Linux's
	 * eeh_model_check_failure answers 0 for a device it does not know)
	 */
	rc = eeh_model_check_failure(r, f);
	return rc < 0 ? 0 : rc;
}

/* ---- the event loop (eehd) ---- */

static void rec_dequeue(struct eeh_recovery *r, int i)
{
	for (; i + 1 < r->nqueued; i++)
		r->queue[i] = r->queue[i + 1];
	r->nqueued--;
}

int eeh_recover_pending(struct eeh_recovery *r)
{
	struct rec_ctx c;
	int n = 0;

	if (!r || !r->m)
		return 0;
	r->nlast = 0;
	while (r->nqueued > 0 && r->nlast < EEH_MAX_EVENTS) {
		struct eeh_phb *phb;
		int phbi = r->queue[0].phb, pe = r->queue[0].pe, i;

		rec_dequeue(r, 0);
		phb = eeh_phb_get(r->m, phbi);
		if (!phb)
			continue;
		/*
		 * pnv_eeh_next_error() reports a fenced PHB before any
		 * frozen PE, and eeh_handle_special_event() purges the
		 * PHB's other events (eeh_remove_event(pe, true)).
		 */
		if (phb->fenced || pe < 0) {
			pe = -1;
			for (i = 0; i < r->nqueued;) {
				if (r->queue[i].phb == phbi)
					rec_dequeue(r, i);
				else
					i++;
			}
		}
		memset(&c, 0, sizeof(c));
		c.r = r;
		c.m = r->m;
		c.phb = phb;
		c.pe = pe;
		c.ev = &r->last[r->nlast++];
		memset(c.ev, 0, sizeof(*c.ev));
		c.ev->phb = phbi;
		c.ev->pe = pe;
		c.ev->merged = EEH_ERS_NONE;
		c.ev->start_ms = r->m->now_ms;
		rec_handle(&c);
		c.ev->end_ms = r->m->now_ms;
		n++;
	}
	return n;
}
