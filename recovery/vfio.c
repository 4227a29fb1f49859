// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab vfio: guest-driven EEH on a PE that a guest owns.
 *
 * Sources (Linux): drivers/vfio/vfio_iommu_spapr_tce.c
 * vfio_spapr_ioctl_eeh_pe_op (which op calls what), arch/powerpc/kernel/
 * eeh.c (eeh_pe_set_option, eeh_pci_enable, eeh_unfreeze_pe,
 * eeh_pe_change_owner, eeh_pe_get_state, eeh_pe_reset,
 * eeh_pe_reenable_devices, eeh_pe_configure, eeh_pe_inject_err),
 * platforms/powernv/eeh-powernv.c (pnv_eeh_get_pe_state,
 * pnv_eeh_bridge_reset hold/settle, pnv_eeh_err_inject). QEMU:
 * hw/ppc/spapr_pci.c (rtas_ibm_set_eeh_option,
 * rtas_ibm_read_slot_reset_state2, rtas_ibm_set_slot_reset,
 * rtas_ibm_configure_pe, rtas_ibm_slot_error_detail), hw/ppc/
 * spapr_pci_vfio.c (the RTAS -> VFIO mapping and the status codes).
 * Where eehlab differs, the comment says so.
 */
#include "eehlab/vfio.h"
#include "internal.h"

#define VFIO_BUS_RESET_WAIT_MS	(5ULL * 60 * 1000)	/* PCI_BUS_RESET_WAIT_MSEC */
#define VFIO_STATE_MIN_WAIT_MS	1000			/* eeh_wait_state() */

#define VFIO_STATE_ACTIVE	(EEH_STATE_MMIO_ACTIVE | EEH_STATE_DMA_ACTIVE)

static const char *const vfio_op_names[EEH_VFIO_OP__COUNT] = {
	"DISABLE", "ENABLE", "UNFREEZE_IO", "UNFREEZE_DMA", "GET_STATE",
	"RESET_DEACTIVATE", "RESET_HOT", "RESET_FUNDAMENTAL", "CONFIGURE",
	"INJECT_ERR",
};

static const char *const rtas_call_names[EEH_RTAS_CALL__COUNT] = {
	"ibm,set-eeh-option", "ibm,read-slot-reset-state2",
	"ibm,set-slot-reset", "ibm,configure-pe", "ibm,slot-error-detail",
	"ibm,errinjct",
};

const char *eeh_vfio_op_name(int op)
{
	if (op < 0 || op >= EEH_VFIO_OP__COUNT)
		return NULL;
	return vfio_op_names[op];
}

const char *eeh_rtas_call_name(int call)
{
	if (call < 0 || call >= EEH_RTAS_CALL__COUNT)
		return NULL;
	return rtas_call_names[call];
}

/* ---- the PE tree (Linux's child PEs: the parent chain) ---- */

/*
 * pnv_eeh_get_pe_state(): the firmware state as Linux bits ("active"
 * while the host holds the PE in its own reset, EEH_PE_RESET). A PE seen
 * frozen for the first time is marked ISOLATED, as Linux does there.
 */
static u32 vfio_get_state(struct eeh_phb *phb, int pe)
{
	struct eeh_model_pe *p = eeh_model_pe_get(phb, pe);
	u32 st;

	if (p && (p->sw_state & EEH_PE_RESET) && !phb->fenced)
		return eeh_fw_state_to_linux(EEH_FW_NOT_FROZEN);
	st = eeh_fw_state_to_linux(eeh_pe_fw_state(phb, pe));
	if (p && !(st & (EEH_STATE_NOT_SUPPORT | EEH_STATE_UNAVAILABLE |
			 EEH_STATE_MMIO_ACTIVE | EEH_STATE_DMA_ACTIVE)) &&
	    !(p->sw_state & EEH_PE_ISOLATED))
		eeh_rec_mark(phb, pe, EEH_PE_ISOLATED);
	return st;
}

/* eeh_wait_state(): 1 s steps of the virtual clock while unavailable */
static u32 vfio_wait_state(struct eeh_phb *phb, int pe, u64 max_ms)
{
	u64 waited = 0;
	u32 st;

	for (;;) {
		st = vfio_get_state(phb, pe);
		if (st != EEH_STATE_UNAVAILABLE)
			return st;
		if (waited >= max_ms)
			return EEH_STATE_NOT_SUPPORT;
		eeh_model_advance(phb->m, VFIO_STATE_MIN_WAIT_MS);
		waited += VFIO_STATE_MIN_WAIT_MS;
	}
}

/*
 * eeh_pci_enable(pe, THAW_MMIO / THAW_DMA): nothing to do when that half
 * is already active; else clear the freeze (opal_pci_eeh_freeze_clear on
 * this PE only) and wait for the state. 0 or -EIO.
 */
static int vfio_pci_enable(struct eeh_phb *phb, int pe, u32 which,
			   struct eeh_msg *msg)
{
	u32 active = which == EEH_FREEZE_MMIO ?
		(EEH_STATE_MMIO_ACTIVE | EEH_STATE_MMIO_ENABLED) :
		EEH_STATE_DMA_ACTIVE;
	u32 st;
	int rc;

	st = vfio_get_state(phb, pe);
	if (st == EEH_STATE_NOT_SUPPORT || (st & active))
		return 0;
	rc = eeh_pe_thaw(phb, pe, which, NULL);
	if (rc)
		eeh_log(EEH_LOG_WARN,
			"EEH: Unexpected state change %u on PHB#%x-PE#%x, err=%d",
			which, phb->index, pe, rc);
	st = vfio_wait_state(phb, pe, VFIO_BUS_RESET_WAIT_MS);
	if (st & active)
		return 0;
	return eeh_msg_set(msg, -EIO,
			   "PHB#%x-PE#%x: %s still not enabled after the thaw (state 0x%x)",
			   phb->index, pe,
			   which == EEH_FREEZE_MMIO ? "MMIO" : "DMA", st);
}

/* eeh_unfreeze_pe(): MMIO first, then DMA */
static int vfio_unfreeze(struct eeh_phb *phb, int pe, struct eeh_msg *msg)
{
	int rc = vfio_pci_enable(phb, pe, EEH_FREEZE_MMIO, msg);

	if (rc)
		return rc;
	return vfio_pci_enable(phb, pe, EEH_FREEZE_DMA, msg);
}

/* eeh_pe_restore_bars(): every present function of the subtree */
static void vfio_restore_config(struct eeh_phb *phb, int pe)
{
	int i;

	for (i = 0; i < phb->nfuncs; i++) {
		struct eeh_func *f = phb->funcs[i];

		if (f && f->present && eeh_rec_pe_in(phb, pe, f->pe))
			eeh_func_restore_config(f);
	}
}

static bool vfio_any_in_reset(struct eeh_phb *phb, int pe)
{
	int i;

	for (i = 0; i < phb->nfuncs; i++) {
		struct eeh_func *f = phb->funcs[i];

		if (f && f->in_reset && eeh_rec_pe_in(phb, pe, f->pe))
			return true;
	}
	return false;
}

static void vfio_enabled_set(struct eeh_recovery *r, struct eeh_phb *phb,
			     int pe, bool on)
{
	u64 *w;

	if (phb->index < 0 || phb->index >= EEH_MAX_PHBS ||
	    pe < 0 || pe >= EEH_REC_MAX_PES)
		return;
	w = &r->vfio_enabled[phb->index][pe / 64];
	if (on)
		*w |= 1ULL << (pe % 64);
	else
		*w &= ~(1ULL << (pe % 64));
}

bool eeh_vfio_enabled(struct eeh_recovery *r, struct eeh_phb *phb, int pe)
{
	struct eeh_model_pe *p = eeh_model_pe_get(phb, pe);

	if (!r || !p || !p->owner || phb->index < 0 ||
	    phb->index >= EEH_MAX_PHBS || pe >= EEH_REC_MAX_PES)
		return false;
	return r->vfio_enabled[phb->index][pe / 64] & (1ULL << (pe % 64));
}

/*
 * eeh_pe_change_owner(): a frozen PE is thawed and its ISOLATED flag
 * cleared. Linux resets instead for three listed devices (eeh_reset_ids:
 * Emulex BE and Lancer, Broadcom 5719); eehlab does not.
 *
 * eehlab differs for a PE that is not frozen: Linux returns at once and
 * leaves its ISOLATED flag, which the owner's state query set
 * (pnv_eeh_get_pe_state on a frozen PE) and the owner's thaw
 * (UNFREEZE_IO/DMA, eeh_pci_enable) did not clear; the next owner's
 * eeh_dev_check_failure() would then ignore every freeze of the PE, and
 * no recovery would ever run for it. eehlab clears the stale flag.
 */
static int vfio_change_owner(struct eeh_phb *phb, int pe, struct eeh_msg *msg)
{
	u32 st = vfio_get_state(phb, pe);
	int rc;

	if (st == EEH_STATE_NOT_SUPPORT)
		return 0;
	if ((st & VFIO_STATE_ACTIVE) == VFIO_STATE_ACTIVE) {
		eeh_rec_clear(phb, pe, EEH_PE_ISOLATED, true);
		return 0;
	}
	rc = vfio_unfreeze(phb, pe, msg);
	if (!rc)
		eeh_rec_clear(phb, pe, EEH_PE_ISOLATED, true);
	return rc;
}

int eeh_vfio_change_owner(struct eeh_recovery *r, struct eeh_phb *phb, int pe,
			  struct eeh_msg *msg)
{
	if (!r || !phb)
		return eeh_msg_set(msg, -EINVAL, "no recovery engine or no PHB");
	if (!eeh_model_pe_get(phb, pe) || pe == phb->reserved_pe)
		return eeh_msg_set(msg, -ENODEV, "PHB#%x has no PE#%x in use",
				   phb->index, pe);
	vfio_enabled_set(r, phb, pe, false);
	return vfio_change_owner(phb, pe, msg);
}

/* eeh_pe_get_state(): the Linux bits -> the user-visible state */
int eeh_vfio_state_from_linux(u32 bits)
{
	bool rst_active = bits & EEH_STATE_RESET_ACTIVE;
	bool dma_en = bits & EEH_STATE_DMA_ENABLED;
	bool mmio_en = bits & EEH_STATE_MMIO_ENABLED;

	if (rst_active)
		return EEH_PE_STATE_RESET;
	if (dma_en && mmio_en)
		return EEH_PE_STATE_NORMAL;
	if (!dma_en && !mmio_en)
		return EEH_PE_STATE_STOPPED_IO_DMA;
	if (!dma_en && mmio_en)
		return EEH_PE_STATE_STOPPED_DMA;
	return EEH_PE_STATE_UNAVAIL;
}

static int vfio_get_pe_state(struct eeh_phb *phb, struct eeh_model_pe *p)
{
	struct eeh_model_pe *parent = p->parent >= 0 ?
				eeh_model_pe_get(phb, p->parent) : NULL;

	/*
	 * A parent PE under host recovery: "temporarily unavailable", so
	 * that the guest waits until the host is done.
	 */
	if (parent && !(p->sw_state & EEH_PE_REMOVED) &&
	    (parent->sw_state & (EEH_PE_ISOLATED | EEH_PE_RECOVERING)))
		return EEH_PE_STATE_UNAVAIL;
	return eeh_vfio_state_from_linux(vfio_get_state(phb, p->num));
}

/*
 * eeh_pe_reset(pe, HOT / FUNDAMENTAL, include_passed): freeze the PE to
 * drop MMIO meanwhile (EEH_OPT_FREEZE_PE), block config on the subtree,
 * assert the reset and hold it (pnv_eeh_bridge_reset: msleep of
 * EEH_PE_RST_HOLD_TIME after setting the bus reset).
 */
static int vfio_reset_assert(struct eeh_phb *phb, int pe, bool fundamental,
			     struct eeh_msg *msg)
{
	int rc;

	/* Linux ignores the answer of the proactive freeze */
	eeh_pe_freeze(phb, pe, EEH_FREEZE_BOTH, EEH_CAUSE_FREEZE_REQ, -1, 0,
		      NULL);
	eeh_rec_mark(phb, pe, EEH_PE_CFG_BLOCKED);
	rc = eeh_model_pe_reset(phb, pe, true, fundamental, msg);
	if (rc)
		return rc;
	eeh_model_advance(phb->m, EEH_PE_RST_HOLD_MS);
	return 0;
}

/*
 * eeh_pe_reset(pe, DEACTIVATE, include_passed = true): deassert and let
 * the link settle (EEH_PE_RST_SETTLE_TIME), unblock config, then
 * eeh_pe_reenable_devices(): restore the config space, thaw, clear
 * ISOLATED. The model's deassert brings devices back to power-on state
 * even when they were not in reset; a bridge whose bus reset bit is
 * already clear does nothing, so eehlab deasserts only a reset that is
 * asserted.
 */
static int vfio_reset_deactivate(struct eeh_phb *phb, int pe,
				 struct eeh_msg *msg)
{
	int rc = 0;

	if (vfio_any_in_reset(phb, pe))
		rc = eeh_model_pe_reset(phb, pe, false, false, msg);
	eeh_model_advance(phb->m, EEH_PE_RST_SETTLE_MS);
	eeh_rec_clear(phb, pe, EEH_PE_CFG_BLOCKED, true);
	if (rc)
		return rc;
	vfio_restore_config(phb, pe);
	rc = vfio_unfreeze(phb, pe, msg);
	if (rc) {
		eeh_log(EEH_LOG_WARN,
			"EEH: Failure %d enabling PHB#%x-PE#%x after reset",
			rc, phb->index, pe);
		return rc;
	}
	eeh_rec_clear(phb, pe, EEH_PE_ISOLATED, true);
	return 0;
}

/* Disarm the trap @id of @phb (a refused injection arms nothing). */
static void vfio_trap_disarm(struct eeh_phb *phb, u32 id)
{
	int i;

	for (i = 0; i < EEH_MAX_TRAPS; i++)
		if (phb->traps[i].armed && phb->traps[i].id == id)
			phb->traps[i].armed = false;
}

/*
 * eeh_pe_inject_err(): type and function checked (-EINVAL), then
 * pnv_eeh_err_inject(): any answer of OPAL_PCI_ERR_INJECT but
 * OPAL_SUCCESS is -EIO. The model arms every function; what the real
 * firmware of this PHB model answers decides (inject.h).
 */
static int vfio_inject(struct eeh_phb *phb, int pe,
		       const struct eeh_vfio_err *err, struct eeh_msg *msg)
{
	struct eeh_inj_req req = { .kind = EEH_INJ_FUNC };
	struct eeh_inj_result res;
	enum eeh_fw_answer fw;
	int rc;

	if (!err)
		return eeh_msg_set(msg, -EINVAL, "INJECT_ERR without an error");
	if (err->type != EEH_ERR_TYPE_32 && err->type != EEH_ERR_TYPE_64)
		return eeh_msg_set(msg, -EINVAL,
				   "INJECT_ERR: type %u is neither 0 (32-bit) nor 1 (64-bit)",
				   err->type);
	if (err->func > EEH_ERR_FUNC_MAX)
		return eeh_msg_set(msg, -EINVAL,
				   "INJECT_ERR: function %u out of range 0..%d",
				   err->func, EEH_ERR_FUNC_MAX);
	fw = eeh_inj_fw_answer(phb->model, err->type, err->func);
	if (fw != EEH_FW_ACCEPTED)
		return eeh_msg_set(msg, -EIO,
				   "INJECT_ERR %s on PHB#%x-PE#%x: PHB%d firmware answers %s",
				   eeh_inj_func_name(err->func), phb->index, pe,
				   (int)phb->model, eeh_fw_answer_name(fw));
	req.phb = phb->index;
	req.pe = pe;
	req.type = err->type;
	req.func = err->func;
	req.addr = err->addr;
	req.mask = err->mask;
	rc = eeh_inject(phb->m, &req, &res, msg);
	if (rc)
		return rc;
	if (res.fw != EEH_FW_ACCEPTED) {
		vfio_trap_disarm(phb, res.trap_id);
		return eeh_msg_set(msg, -EIO,
				   "INJECT_ERR %s on PHB#%x-PE#%x at 0x%llx/0x%llx: PHB%d firmware answers %s",
				   eeh_inj_func_name(err->func), phb->index, pe,
				   (unsigned long long)err->addr,
				   (unsigned long long)err->mask,
				   (int)phb->model, eeh_fw_answer_name(res.fw));
	}
	return 0;
}

int eeh_vfio_pe_op(struct eeh_recovery *r, struct eeh_phb *phb, int pe,
		   int op, const struct eeh_vfio_err *err, struct eeh_msg *msg)
{
	struct eeh_model_pe *p;
	int rc;

	if (!r || !phb || !phb->m)
		return eeh_msg_set(msg, -EINVAL, "no recovery engine or no PHB");
	/* eeh_iommu_group_to_pe() finding no PE: -ENODEV */
	if (pe < 0 || pe >= phb->num_pes)
		return eeh_msg_set(msg, -ENODEV,
				   "PE#%x out of range (PHB#%x has %d PEs)",
				   pe, phb->index, phb->num_pes);
	p = eeh_model_pe_get(phb, pe);
	if (!p || pe == phb->reserved_pe)
		return eeh_msg_set(msg, -ENODEV, "PHB#%x-PE#%x is %s", phb->index,
				   pe, pe == phb->reserved_pe ?
				   "the reserved PE" : "not in use");
	/*
	 * VFIO never reaches a PE the host uses (no group to open);
	 * eehlab refuses it outright.
	 */
	if (!p->owner)
		return eeh_msg_set(msg, -EPERM,
				   "PHB#%x-PE#%x is owned by the host, not by a guest: VFIO EEH operations refused",
				   phb->index, pe);

	switch (op) {
	case EEH_VFIO_DISABLE:
		/* eeh_pe_set_option(DISABLE): nothing in Linux either */
		vfio_enabled_set(r, phb, pe, false);
		return 0;
	case EEH_VFIO_ENABLE:
		rc = vfio_change_owner(phb, pe, msg);
		if (!rc)
			vfio_enabled_set(r, phb, pe, true);
		return rc;
	case EEH_VFIO_UNFREEZE_IO:
		return vfio_pci_enable(phb, pe, EEH_FREEZE_MMIO, msg);
	case EEH_VFIO_UNFREEZE_DMA:
		return vfio_pci_enable(phb, pe, EEH_FREEZE_DMA, msg);
	case EEH_VFIO_GET_STATE:
		return vfio_get_pe_state(phb, p);
	case EEH_VFIO_RESET_DEACTIVATE:
		return vfio_reset_deactivate(phb, pe, msg);
	case EEH_VFIO_RESET_HOT:
		return vfio_reset_assert(phb, pe, false, msg);
	case EEH_VFIO_RESET_FUNDAMENTAL:
		return vfio_reset_assert(phb, pe, true, msg);
	case EEH_VFIO_CONFIGURE:
		/*
		 * eeh_pe_configure() restored the BARs when VFIO EEH came in;
		 * Linux now does it at RESET_DEACTIVATE and answers 0 here.
		 * eehlab restores here too (the same saved image again).
		 */
		vfio_restore_config(phb, pe);
		return 0;
	case EEH_VFIO_INJECT_ERR:
		return vfio_inject(phb, pe, err, msg);
	}
	return eeh_msg_set(msg, -EINVAL, "unknown VFIO EEH operation %d (0..%d)",
			   op, EEH_VFIO_OP__COUNT - 1);
}

/* ---- RTAS ---- */

/*
 * The PE a guest names: the PHB by its BUID, then the function on the
 * bus of @addr (that very devfn when @exact). A PE the caller does not own
 * is not in its PHB: QEMU finds no device (RTAS_OUT_PARAM_ERROR).
 */
static struct eeh_phb *rtas_find_pe(struct eeh_recovery *r,
				    const struct eeh_rtas_args *a, bool exact,
				    int *pe, struct eeh_msg *msg)
{
	u8 bus = (a->addr >> 16) & 0xff, devfn = (a->addr >> 8) & 0xff;
	struct eeh_phb *phb = NULL;
	int i;

	if (a->buid < EEH_MAX_PHBS)
		phb = eeh_phb_get(r->m, (int)a->buid);
	if (!phb) {
		eeh_msg_set(msg, -ENODEV, "no PHB with BUID 0x%llx",
			    (unsigned long long)a->buid);
		return NULL;
	}
	for (i = 0; i < phb->nfuncs; i++) {
		struct eeh_func *f = phb->funcs[i];
		struct eeh_model_pe *p;

		if (!f || !f->present || f->bus != bus ||
		    (exact && f->devfn != devfn))
			continue;
		p = eeh_model_pe_get(phb, f->pe);
		if (!p || !p->owner || p->owner != a->guest)
			continue;
		*pe = f->pe;
		return phb;
	}
	eeh_msg_set(msg, -ENODEV,
		    "guest %d has no device at %02x:%02x.%x on PHB#%x",
		    a->guest, bus, devfn >> 3, devfn & 7, phb->index);
	return NULL;
}

static int rtas_set_eeh_option(struct eeh_recovery *r,
			       const struct eeh_rtas_args *a,
			       struct eeh_msg *msg)
{
	struct eeh_phb *phb;
	int op, pe = -1;

	switch (a->option) {
	case EEH_RTAS_EEH_DISABLE:
		op = EEH_VFIO_DISABLE;
		break;
	case EEH_RTAS_EEH_ENABLE:
		op = EEH_VFIO_ENABLE;
		break;
	case EEH_RTAS_EEH_THAW_IO:
		op = EEH_VFIO_UNFREEZE_IO;
		break;
	case EEH_RTAS_EEH_THAW_DMA:
		op = EEH_VFIO_UNFREEZE_DMA;
		break;
	default:
		eeh_msg_set(msg, -EINVAL, "ibm,set-eeh-option: option %u unknown",
			    a->option);
		return EEH_RTAS_PARAM_ERROR;
	}
	/* ENABLE is per device: QEMU checks that the device is there */
	phb = rtas_find_pe(r, a, op == EEH_VFIO_ENABLE, &pe, msg);
	if (!phb)
		return EEH_RTAS_PARAM_ERROR;
	if (eeh_vfio_pe_op(r, phb, pe, op, NULL, msg) < 0)
		return EEH_RTAS_HW_ERROR;
	return EEH_RTAS_SUCCESS;
}

static int rtas_read_state(struct eeh_recovery *r,
			   const struct eeh_rtas_args *a,
			   struct eeh_rtas_rets *out, struct eeh_msg *msg)
{
	struct eeh_phb *phb;
	int pe = -1, st;

	phb = rtas_find_pe(r, a, false, &pe, msg);
	if (!phb)
		return EEH_RTAS_PARAM_ERROR;
	st = eeh_vfio_pe_op(r, phb, pe, EEH_VFIO_GET_STATE, NULL, msg);
	if (st < 0)
		return EEH_RTAS_PARAM_ERROR;
	out->state = st;
	out->eeh_support = EEH_RTAS_EEH_SUPPORT;
	out->unavail_info = EEH_RTAS_PE_UNAVAIL_INFO;
	out->recover_info = EEH_RTAS_PE_RECOVER_INFO;
	return EEH_RTAS_SUCCESS;
}

static int rtas_set_slot_reset(struct eeh_recovery *r,
			       const struct eeh_rtas_args *a,
			       struct eeh_msg *msg)
{
	struct eeh_phb *phb;
	int op, pe = -1;

	switch (a->option) {
	case EEH_RTAS_SLOT_RESET_DEACTIVATE:
		op = EEH_VFIO_RESET_DEACTIVATE;
		break;
	case EEH_RTAS_SLOT_RESET_HOT:
		op = EEH_VFIO_RESET_HOT;
		break;
	case EEH_RTAS_SLOT_RESET_FUNDAMENTAL:
		op = EEH_VFIO_RESET_FUNDAMENTAL;
		break;
	default:
		eeh_msg_set(msg, -EINVAL, "ibm,set-slot-reset: option %u unknown",
			    a->option);
		return EEH_RTAS_PARAM_ERROR;
	}
	phb = rtas_find_pe(r, a, false, &pe, msg);
	if (!phb)
		return EEH_RTAS_PARAM_ERROR;
	if (eeh_vfio_pe_op(r, phb, pe, op, NULL, msg) < 0)
		return EEH_RTAS_HW_ERROR;
	return EEH_RTAS_SUCCESS;
}

static int rtas_configure_pe(struct eeh_recovery *r,
			     const struct eeh_rtas_args *a,
			     struct eeh_msg *msg)
{
	struct eeh_phb *phb;
	int pe = -1;

	phb = rtas_find_pe(r, a, false, &pe, msg);
	if (!phb)
		return EEH_RTAS_PARAM_ERROR;
	if (eeh_vfio_pe_op(r, phb, pe, EEH_VFIO_CONFIGURE, NULL, msg) < 0)
		return EEH_RTAS_PARAM_ERROR;
	return EEH_RTAS_SUCCESS;
}

/*
 * QEMU has no error log yet and answers RTAS_OUT_NO_ERRORS_FOUND to every
 * valid call; eehlab gives the PE's last diag entry (SUCCESS) when there
 * is one.
 */
static int rtas_slot_error_detail(struct eeh_recovery *r,
				  const struct eeh_rtas_args *a,
				  struct eeh_rtas_rets *out,
				  struct eeh_msg *msg)
{
	const struct eeh_diag *d;
	struct eeh_phb *phb;
	int pe = -1;

	phb = rtas_find_pe(r, a, false, &pe, msg);
	if (!phb)
		return EEH_RTAS_PARAM_ERROR;
	if (a->option != EEH_RTAS_SLOT_TEMP_ERR_LOG &&
	    a->option != EEH_RTAS_SLOT_PERM_ERR_LOG) {
		eeh_msg_set(msg, -EINVAL,
			    "ibm,slot-error-detail: log type %u is neither 1 (temporary) nor 2 (permanent)",
			    a->option);
		return EEH_RTAS_PARAM_ERROR;
	}
	d = eeh_diag_last(phb, pe);
	if (!d)
		return EEH_RTAS_NO_ERRORS_FOUND;
	eeh_snprintf(out->detail, sizeof(out->detail), "%s", d->text);
	return EEH_RTAS_SUCCESS;
}

static int rtas_errinjct(struct eeh_recovery *r, const struct eeh_rtas_args *a,
			 struct eeh_msg *msg)
{
	struct eeh_vfio_err err = {
		.func = a->func, .addr = a->err_addr, .mask = a->err_mask,
	};
	struct eeh_phb *phb;
	int pe = -1;

	if (a->err_type == EEH_RTAS_ERR_TYPE_IOA_BUS_ERROR) {
		err.type = EEH_ERR_TYPE_32;
	} else if (a->err_type == EEH_RTAS_ERR_TYPE_IOA_BUS_ERROR_64) {
		err.type = EEH_ERR_TYPE_64;
	} else {
		eeh_msg_set(msg, -EINVAL,
			    "ibm,errinjct: token type 0x%x is not ioa-bus-error(-64)",
			    a->err_type);
		return EEH_RTAS_PARAM_ERROR;
	}
	if (a->func > EEH_ERR_FUNC_MAX) {
		eeh_msg_set(msg, -EINVAL, "ibm,errinjct: function %u out of range 0..%d",
			    a->func, EEH_ERR_FUNC_MAX);
		return EEH_RTAS_PARAM_ERROR;
	}
	phb = rtas_find_pe(r, a, false, &pe, msg);
	if (!phb)
		return EEH_RTAS_PARAM_ERROR;
	if (eeh_vfio_pe_op(r, phb, pe, EEH_VFIO_INJECT_ERR, &err, msg) < 0)
		return EEH_RTAS_HW_ERROR;
	return EEH_RTAS_SUCCESS;
}

int eeh_rtas_call(struct eeh_recovery *r, int call,
		  const struct eeh_rtas_args *args, struct eeh_rtas_rets *rets,
		  struct eeh_msg *msg)
{
	struct eeh_rtas_rets tmp;
	struct eeh_rtas_rets *out = rets ? rets : &tmp;
	int st;

	memset(out, 0, sizeof(*out));
	if (!r || !r->m || !args) {
		eeh_msg_set(msg, -EINVAL, "RTAS call without engine or arguments");
		st = EEH_RTAS_PARAM_ERROR;
		goto out;
	}
	switch (call) {
	case EEH_RTAS_SET_EEH_OPTION:
		st = rtas_set_eeh_option(r, args, msg);
		break;
	case EEH_RTAS_READ_SLOT_RESET_STATE2:
		st = rtas_read_state(r, args, out, msg);
		break;
	case EEH_RTAS_SET_SLOT_RESET:
		st = rtas_set_slot_reset(r, args, msg);
		break;
	case EEH_RTAS_CONFIGURE_PE:
		st = rtas_configure_pe(r, args, msg);
		break;
	case EEH_RTAS_SLOT_ERROR_DETAIL:
		st = rtas_slot_error_detail(r, args, out, msg);
		break;
	case EEH_RTAS_ERRINJCT:
		st = rtas_errinjct(r, args, msg);
		break;
	default:
		eeh_msg_set(msg, -EINVAL, "unknown RTAS call %d", call);
		st = EEH_RTAS_PARAM_ERROR;
		break;
	}
out:
	out->status = st;
	return st;
}
