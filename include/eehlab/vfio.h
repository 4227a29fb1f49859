/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * eehlab vfio: the EEH operations a guest drives on a PE it owns, as
 * VFIO_EEH_PE_OP provides them (Linux drivers/vfio/vfio_iommu_spapr_tce.c
 * vfio_spapr_ioctl_eeh_pe_op over arch/powerpc/kernel/eeh.c), and the
 * sPAPR RTAS calls on top, as QEMU implements them (hw/ppc/spapr_pci.c,
 * hw/ppc/spapr_pci_vfio.c).
 *
 * The host does not recover a PE that a guest owns (pe->owner != 0): it
 * leaves it frozen (EEH_REC_LEFT_TO_OWNER) and the guest recovers it here.
 */
#ifndef _EEHLAB_VFIO_H
#define _EEHLAB_VFIO_H

#include "eehlab/recovery.h"
#include "eehlab/inject.h"

/* VFIO_EEH_PE_OP operations (uapi linux/vfio.h VFIO_EEH_PE_*) */
enum eeh_vfio_op {
	EEH_VFIO_DISABLE = 0,
	EEH_VFIO_ENABLE = 1,
	EEH_VFIO_UNFREEZE_IO = 2,
	EEH_VFIO_UNFREEZE_DMA = 3,
	EEH_VFIO_GET_STATE = 4,
	EEH_VFIO_RESET_DEACTIVATE = 5,
	EEH_VFIO_RESET_HOT = 6,
	EEH_VFIO_RESET_FUNDAMENTAL = 7,
	EEH_VFIO_CONFIGURE = 8,
	EEH_VFIO_INJECT_ERR = 9,
	EEH_VFIO_OP__COUNT,
};

/* User-visible PE states EEH_PE_STATE_*, also RTAS's: eehlab/linux_eeh.h */

/* struct vfio_eeh_pe_err */
struct eeh_vfio_err {
	u32 type;		/* EEH_ERR_TYPE_32 / EEH_ERR_TYPE_64 */
	u32 func;		/* EEH_ERR_FUNC_* */
	u64 addr, mask;
};

/*
 * One VFIO_EEH_PE_OP on PE @pe of @phb, which a guest must own. GET_STATE
 * returns an EEH_PE_STATE_*; the other operations 0. Refusals (nothing
 * changed, @msg filled): no PHB (-EINVAL), a PE out of range, reserved or
 * unused (-ENODEV, as eeh_iommu_group_to_pe finding no PE), a PE the host
 * owns (-EPERM), an unknown operation (-EINVAL), INJECT_ERR without @err,
 * with a type not 0/1 or a function above 19 (-EINVAL), and an injection
 * the PHB's firmware refuses (-EIO, as pnv_eeh_err_inject). A thaw that
 * does not take is -EIO, as eeh_pci_enable.
 */
int eeh_vfio_pe_op(struct eeh_recovery *r, struct eeh_phb *phb, int pe,
		   int op, const struct eeh_vfio_err *err, struct eeh_msg *msg);

/* eeh_pe_get_state(): Linux EEH_STATE_* bits -> EEH_PE_STATE_* */
int eeh_vfio_state_from_linux(u32 bits);
/* "GET_STATE" and so on; NULL out of range */
const char *eeh_vfio_op_name(int op);
/* Has the owner of @pe enabled EEH on it (ENABLE, not DISABLE since)? */
bool eeh_vfio_enabled(struct eeh_recovery *r, struct eeh_phb *phb, int pe);
/*
 * eeh_dev_open / eeh_dev_release (eeh_pe_change_owner): when a PE
 * changes hands, a frozen PE is thawed and its ISOLATED flag cleared, and
 * the owner's enable flag is dropped. For the code that assigns and
 * releases PEs; neither changes pe->owner. 0 or -errno.
 */
int eeh_vfio_change_owner(struct eeh_recovery *r, struct eeh_phb *phb, int pe,
			  struct eeh_msg *msg);

/* ---- sPAPR RTAS, as QEMU ---- */

/* RTAS status codes (QEMU include/hw/ppc/spapr.h) */
#define EEH_RTAS_SUCCESS		0
#define EEH_RTAS_NO_ERRORS_FOUND	1
#define EEH_RTAS_HW_ERROR		(-1)
#define EEH_RTAS_PARAM_ERROR		(-3)

/* ibm,set-eeh-option options */
#define EEH_RTAS_EEH_DISABLE		0
#define EEH_RTAS_EEH_ENABLE		1
#define EEH_RTAS_EEH_THAW_IO		2
#define EEH_RTAS_EEH_THAW_DMA		3
/* ibm,set-slot-reset options */
#define EEH_RTAS_SLOT_RESET_DEACTIVATE	0
#define EEH_RTAS_SLOT_RESET_HOT		1
#define EEH_RTAS_SLOT_RESET_FUNDAMENTAL	3
/* ibm,slot-error-detail log types */
#define EEH_RTAS_SLOT_TEMP_ERR_LOG	1
#define EEH_RTAS_SLOT_PERM_ERR_LOG	2
/* ibm,errinjct token types (PAPR; Linux asm/rtas.h RTAS_ERR_TYPE_*) */
#define EEH_RTAS_ERR_TYPE_IOA_BUS_ERROR		0x7
#define EEH_RTAS_ERR_TYPE_IOA_BUS_ERROR_64	0xF
/* ibm,read-slot-reset-state2 rets[2..4] (QEMU RTAS_EEH_*) */
#define EEH_RTAS_EEH_SUPPORT		1
#define EEH_RTAS_PE_UNAVAIL_INFO	1000
#define EEH_RTAS_PE_RECOVER_INFO	0

enum eeh_rtas_call {
	EEH_RTAS_SET_EEH_OPTION = 0,		/* ibm,set-eeh-option */
	EEH_RTAS_READ_SLOT_RESET_STATE2,	/* ibm,read-slot-reset-state2 */
	EEH_RTAS_SET_SLOT_RESET,		/* ibm,set-slot-reset */
	EEH_RTAS_CONFIGURE_PE,			/* ibm,configure-pe */
	EEH_RTAS_SLOT_ERROR_DETAIL,		/* ibm,slot-error-detail */
	EEH_RTAS_ERRINJCT,			/* ibm,errinjct */
	EEH_RTAS_CALL__COUNT,
};

/*
 * The arguments of one call. @buid names the PHB (its index here);
 * @addr is the config address (bus << 16 | devfn << 8) or the PE address
 * ((bus << 16) + 1, as QEMU's ibm,get-config-addr-info2 gives it): the
 * PE is the one of the functions on that bus (set-eeh-option ENABLE: of
 * that very function, as QEMU checks). @guest is the caller: a PE it does
 * not own does not exist for it.
 */
struct eeh_rtas_args {
	int guest;
	u64 buid;
	u32 addr;
	u32 option;	/* set-eeh-option, set-slot-reset, slot-error-detail */
	u32 err_type;	/* errinjct: EEH_RTAS_ERR_TYPE_IOA_BUS_ERROR(_64) */
	u32 func;	/* errinjct */
	u64 err_addr, err_mask;	/* errinjct */
};

struct eeh_rtas_rets {
	int status;		/* rets[0] */
	int state;		/* read-slot-reset-state2: EEH_PE_STATE_* */
	int eeh_support;	/* read-slot-reset-state2 rets[2] */
	int unavail_info;	/* rets[3]: ms to wait when UNAVAIL */
	int recover_info;	/* rets[4] */
	char detail[128];	/* slot-error-detail: the PE's last diag entry */
};

/* "ibm,set-eeh-option" and so on; NULL out of range */
const char *eeh_rtas_call_name(int call);

/*
 * One RTAS call from a guest. Returns the RTAS status (also in
 * @rets->status, @rets may be NULL); @msg says why on a failure.
 */
int eeh_rtas_call(struct eeh_recovery *r, int call,
		  const struct eeh_rtas_args *args, struct eeh_rtas_rets *rets,
		  struct eeh_msg *msg);

#endif /* _EEHLAB_VFIO_H */
