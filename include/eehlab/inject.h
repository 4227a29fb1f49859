/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * eehlab inject: the fault catalogue (PAPR ibm,errinjct / OPAL
 * OPAL_PCI_ERR_INJECT function codes), validation of a request, what the
 * real firmware of each PHB model would answer, and arming the request
 * as a model trap that the next matching access trips.
 */
#ifndef _EEHLAB_INJECT_H
#define _EEHLAB_INJECT_H

#include "eehlab/model.h"

/*
 * The function codes EEH_ERR_FUNC_* and address types EEH_ERR_TYPE_32/64
 * of Linux uapi asm/eeh.h: eehlab/linux_eeh.h
 */

/* What the firmware of a PHB model answers (OPAL return codes) */
enum eeh_fw_answer {
	EEH_FW_ACCEPTED = 0,		/* OPAL_SUCCESS */
	EEH_FW_PARAMETER = -1,		/* OPAL_PARAMETER */
	EEH_FW_UNSUPPORTED = -7,	/* OPAL_UNSUPPORTED */
};

/* The kinds of injection eehlab offers */
enum eeh_inj_kind {
	EEH_INJ_FUNC = 0,	/* a function code, armed */
	EEH_INJ_FREEZE,		/* immediate freeze of a PE */
	EEH_INJ_FENCE,		/* immediate PHB fence */
	EEH_INJ_DMA_FAULT,	/* the PE's next DMA fails with @dma_cause */
};

struct eeh_inj_req {
	enum eeh_inj_kind kind;
	int phb;
	int pe;
	int type;		/* EEH_INJ_FUNC */
	int func;		/* EEH_INJ_FUNC */
	u64 addr, mask;		/* EEH_INJ_FUNC, EEH_INJ_DMA_FAULT (mask 0: any) */
	u32 which;		/* EEH_INJ_FREEZE: EEH_FREEZE_* */
	enum eeh_cause dma_cause; /* EEH_INJ_DMA_FAULT: one of the DMA causes */
};

struct eeh_inj_result {
	enum eeh_fw_answer fw;	/* what real firmware of this PHB model would answer */
	u32 trap_id;		/* armed trap, 0 for immediate kinds */
	u64 addr, mask;		/* the address/mask armed (after firmware-style defaulting) */
};

const char *eeh_inj_func_name(int func);		/* "LD_MEM_ADDR"; NULL out of range */
int eeh_inj_func_lookup(const char *name);		/* case-insensitive; -1 unknown */
const char *eeh_fw_answer_name(enum eeh_fw_answer a);	/* "accepted", "parameter", "unsupported" */

/*
 * What the real firmware of @model would answer for (type, func) on a
 * valid PE (skiboot hw/phb3.c, hw/phb4.c phbN_err_inject).
 */
enum eeh_fw_answer eeh_inj_fw_answer(enum eeh_phb_model model, int type, int func);

/*
 * Validate @req and act on it. Refusals (nothing changed, -errno, @msg
 * filled), in this order: unknown PHB (-ENODEV), PE out of range
 * (-ERANGE), the reserved PE or an unused PE (-EINVAL), type not 0/1
 * (-ERANGE), function above 19 (-ERANGE), a DMA cause that is not one
 * (-EINVAL); also freeze halves other than MMIO/DMA (-EINVAL), an
 * unknown kind (-EINVAL), every trap slot armed (-ENOSPC). FENCE takes
 * no PE. @res (may be NULL) is written only on success.
 */
int eeh_inject(struct eeh_model *m, const struct eeh_inj_req *req,
	       struct eeh_inj_result *res, struct eeh_msg *msg);

#endif /* _EEHLAB_INJECT_H */
