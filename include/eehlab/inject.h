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

/* Linux uapi asm/eeh.h EEH_ERR_FUNC_* */
enum eeh_inj_func {
	EEH_ERR_FUNC_LD_MEM_ADDR = 0,
	EEH_ERR_FUNC_LD_MEM_DATA = 1,
	EEH_ERR_FUNC_LD_IO_ADDR = 2,
	EEH_ERR_FUNC_LD_IO_DATA = 3,
	EEH_ERR_FUNC_LD_CFG_ADDR = 4,
	EEH_ERR_FUNC_LD_CFG_DATA = 5,
	EEH_ERR_FUNC_ST_MEM_ADDR = 6,
	EEH_ERR_FUNC_ST_MEM_DATA = 7,
	EEH_ERR_FUNC_ST_IO_ADDR = 8,
	EEH_ERR_FUNC_ST_IO_DATA = 9,
	EEH_ERR_FUNC_ST_CFG_ADDR = 10,
	EEH_ERR_FUNC_ST_CFG_DATA = 11,
	EEH_ERR_FUNC_DMA_RD_ADDR = 12,
	EEH_ERR_FUNC_DMA_RD_DATA = 13,
	EEH_ERR_FUNC_DMA_RD_MASTER = 14,
	EEH_ERR_FUNC_DMA_RD_TARGET = 15,
	EEH_ERR_FUNC_DMA_WR_ADDR = 16,
	EEH_ERR_FUNC_DMA_WR_DATA = 17,
	EEH_ERR_FUNC_DMA_WR_MASTER = 18,
	EEH_ERR_FUNC_DMA_WR_TARGET = 19,
	EEH_ERR_FUNC_MAX = 19,
};

/* Type: 0 = 32-bit address space (IOA_BUS_ERR), 1 = 64-bit (IOA_BUS_ERR64) */
#define EEH_ERR_TYPE_32		0
#define EEH_ERR_TYPE_64		1

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
