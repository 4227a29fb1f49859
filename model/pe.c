// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab model: PE state (PEST A/B, PEEV), freeze, thaw, fence, resets,
 * the firmware and sysfs views of a PE's state.
 */
#include "internal.h"

struct eeh_model_pe *eeh_model_pe_get(struct eeh_phb *phb, int pe)
{
	if (!phb || pe < 0 || pe >= phb->num_pes || !phb->pes[pe].valid)
		return NULL;
	return &phb->pes[pe];
}

static int pe_check(struct eeh_phb *phb, int pe, struct eeh_msg *msg)
{
	if (!phb)
		return eeh_msg_set(msg, -EINVAL, "no PHB");
	if (pe < 0 || pe >= phb->num_pes)
		return eeh_msg_set(msg, -ERANGE, "PE#%x out of range (PHB#%04x has %d PEs)",
				   pe, phb->index, phb->num_pes);
	if (pe == phb->reserved_pe)
		return eeh_msg_set(msg, -EINVAL, "PE#%x is the reserved PE of PHB#%04x",
				   pe, phb->index);
	if (!phb->pes[pe].valid)
		return eeh_msg_set(msg, -EINVAL, "PE#%x of PHB#%04x is not in use",
				   pe, phb->index);
	return 0;
}

bool eeh_pe_is_frozen(struct eeh_phb *phb, int pe, u32 which)
{
	if (!phb || pe < 0 || pe >= phb->num_pes)
		return false;
	if ((which & EEH_FREEZE_MMIO) && (phb->pest_a[pe] & EEH_PEST_FROZEN))
		return true;
	if ((which & EEH_FREEZE_DMA) && (phb->pest_b[pe] & EEH_PEST_FROZEN))
		return true;
	return false;
}

bool eeh_pe_any_in_reset(struct eeh_phb *phb, int pe)
{
	int i;

	for (i = 0; i < phb->nfuncs; i++)
		if (phb->funcs[i]->pe == pe && phb->funcs[i]->in_reset)
			return true;
	return false;
}

/*
 * OPAL freeze status (skiboot hw/phb4.c phb4_eeh_freeze_status): a fenced
 * PHB reads MMIO_DMA_FREEZE for every PE; otherwise PEST A gives the MMIO
 * half and PEST B the DMA half. The model reads the PEST of collateral
 * (PELT-V) freezes too; skiboot answers NOT_FROZEN when the PE's PEEV bit
 * is clear (see docs/model.md).
 */
enum eeh_fw_state eeh_pe_fw_state(struct eeh_phb *phb, int pe)
{
	int s = EEH_FW_NOT_FROZEN;

	if (!phb || pe < 0 || pe >= phb->num_pes || !phb->pes[pe].valid)
		return EEH_FW_PERM_UNAVAIL;
	if (phb->fenced)
		return EEH_FW_MMIO_DMA_FREEZE;
	if (eeh_pe_any_in_reset(phb, pe))
		return EEH_FW_RESET;
	if (phb->pest_a[pe] & EEH_PEST_FROZEN)
		s |= EEH_FW_MMIO_FREEZE;
	if (phb->pest_b[pe] & EEH_PEST_FROZEN)
		s |= EEH_FW_DMA_FREEZE;
	return (enum eeh_fw_state)s;
}

/* Linux arch/powerpc/platforms/powernv/eeh-powernv.c pnv_eeh_get_pe_state */
u32 eeh_fw_state_to_linux(enum eeh_fw_state s)
{
	switch (s) {
	case EEH_FW_NOT_FROZEN:
		return EEH_STATE_MMIO_ACTIVE | EEH_STATE_DMA_ACTIVE |
		       EEH_STATE_MMIO_ENABLED | EEH_STATE_DMA_ENABLED;
	case EEH_FW_MMIO_FREEZE:
		return EEH_STATE_DMA_ACTIVE | EEH_STATE_DMA_ENABLED;
	case EEH_FW_DMA_FREEZE:
		return EEH_STATE_MMIO_ACTIVE | EEH_STATE_MMIO_ENABLED;
	case EEH_FW_MMIO_DMA_FREEZE:
		return 0;
	case EEH_FW_RESET:
		return EEH_STATE_RESET_ACTIVE;
	case EEH_FW_TEMP_UNAVAIL:
		return EEH_STATE_UNAVAILABLE;
	case EEH_FW_PERM_UNAVAIL:
	default:
		return EEH_STATE_NOT_SUPPORT;
	}
}

/*
 * sysfs eeh_pe_state (Linux arch/powerpc/kernel/eeh_sysfs.c): state bits,
 * then the PE's software flags. While the OS holds the PE in reset
 * (EEH_PE_RESET) pnv_eeh_get_pe_state answers "active" (0x78).
 */
void eeh_pe_sysfs_state(struct eeh_phb *phb, int pe, char *buf, size_t len)
{
	u32 fw, sw = 0;

	if (!buf || !len)
		return;
	fw = eeh_fw_state_to_linux(eeh_pe_fw_state(phb, pe));
	if (phb && pe >= 0 && pe < phb->num_pes && phb->pes[pe].valid) {
		sw = phb->pes[pe].sw_state;
		if ((sw & EEH_PE_RESET) && !phb->fenced)
			fw = eeh_fw_state_to_linux(EEH_FW_NOT_FROZEN);
	}
	eeh_snprintf(buf, len, "0x%08x 0x%08x", fw, sw);
}

static void peev_set(struct eeh_phb *phb, int pe, bool on)
{
	if (on)
		phb->peev[pe / 64] |= EEH_PPC_BIT(pe % 64);
	else
		phb->peev[pe / 64] &= ~EEH_PPC_BIT(pe % 64);
}

/**
 * eeh_pe_freeze() - freeze @pe and every PE of its PELT-V row in @which
 * halves, set its PEEV bit, log one diag entry.
 */
int eeh_pe_freeze(struct eeh_phb *phb, int pe, u32 which, enum eeh_cause cause,
		  int func, u64 addr, struct eeh_msg *msg)
{
	int rc = pe_check(phb, pe, msg), c;

	if (rc)
		return rc;
	if (!which || (which & ~EEH_FREEZE_BOTH))
		return eeh_msg_set(msg, -EINVAL, "bad freeze halves 0x%x (1 MMIO, 2 DMA, 3 both)",
				   which);
	if ((int)cause < 0 || cause >= EEH_CAUSE__COUNT)
		return eeh_msg_set(msg, -EINVAL, "bad cause %d", (int)cause);
	for (c = 0; c < phb->num_pes; c++) {
		if (!eeh_peltv_test(phb, pe, c))
			continue;
		if (which & EEH_FREEZE_MMIO)
			phb->pest_a[c] |= EEH_PEST_FROZEN;
		if (which & EEH_FREEZE_DMA)
			phb->pest_b[c] |= EEH_PEST_FROZEN;
	}
	peev_set(phb, pe, true);
	eeh_diag_log(phb, pe, EEH_ERR_TYPE_PE, EEH_SEV_PE_ER, cause, func, addr);
	return 0;
}

/* As OPAL eeh_freeze_clear: this PE only (skiboot phb4_eeh_freeze_clear). */
int eeh_pe_thaw(struct eeh_phb *phb, int pe, u32 which, struct eeh_msg *msg)
{
	int rc = pe_check(phb, pe, msg);

	if (rc)
		return rc;
	if (!which || (which & ~EEH_FREEZE_BOTH))
		return eeh_msg_set(msg, -EINVAL, "bad thaw halves 0x%x (1 MMIO, 2 DMA, 3 both)",
				   which);
	if (phb->fenced)
		return eeh_msg_set(msg, -EIO, "PHB#%04x is fenced: only a PHB reset helps",
				   phb->index);
	if (which & EEH_FREEZE_MMIO)
		phb->pest_a[pe] = 0;
	if (which & EEH_FREEZE_DMA)
		phb->pest_b[pe] = 0;
	if (!phb->pest_a[pe] && !phb->pest_b[pe])
		peev_set(phb, pe, false);
	return 0;
}

int eeh_phb_fence(struct eeh_phb *phb, enum eeh_cause cause, int func, u64 addr)
{
	if (!phb)
		return -EINVAL;
	if ((int)cause < 0 || cause >= EEH_CAUSE__COUNT)
		return -EINVAL;
	if (phb->fenced)
		return 0;
	phb->fenced = true;
	eeh_diag_log(phb, -1, EEH_ERR_TYPE_PHB, EEH_SEV_PHB_FENCED, cause, func, addr);
	return 0;
}

static void func_reset(struct eeh_func *f)
{
	f->in_reset = false;
	eeh_dev_reset(f);
}

int eeh_phb_reset(struct eeh_phb *phb)
{
	int i;

	if (!phb)
		return -EINVAL;
	phb->fenced = false;
	memset(phb->pest_a, 0, sizeof(u64) * phb->num_pes);
	memset(phb->pest_b, 0, sizeof(u64) * phb->num_pes);
	memset(phb->peev, 0, sizeof(u64) * (phb->num_pes / 64));
	for (i = 0; i < phb->nfuncs; i++)
		func_reset(phb->funcs[i]);
	eeh_log(EEH_LOG_INFO, "PHB#%04x: complete reset", phb->index);
	return 0;
}

/**
 * eeh_model_pe_reset() - assert or deassert a reset of @pe and its PELT-V
 * children. Assert: their functions are in reset (fw state RESET).
 * Deassert: out of reset, freeze cleared (PEST A/B, PEEV), device state
 * and config space back to power-on values. @fundamental makes no
 * difference in the model.
 */
int eeh_model_pe_reset(struct eeh_phb *phb, int pe, bool assert,
		       bool fundamental, struct eeh_msg *msg)
{
	int rc = pe_check(phb, pe, msg), c, i;

	(void)fundamental;
	if (rc)
		return rc;
	for (c = 0; c < phb->num_pes; c++) {
		if (!eeh_peltv_test(phb, pe, c))
			continue;
		for (i = 0; i < phb->nfuncs; i++) {
			struct eeh_func *f = phb->funcs[i];

			if (f->pe != c)
				continue;
			if (assert)
				f->in_reset = true;
			else
				func_reset(f);
		}
		if (!assert) {
			phb->pest_a[c] = 0;
			phb->pest_b[c] = 0;
			peev_set(phb, c, false);
		}
	}
	return 0;
}
