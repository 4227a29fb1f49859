/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * eehlab-vmm's RTAS layer, portable (no KVM or VFIO uapi needed): the
 * guest's H_RTAS (r4 = the guest real address of the argument buffer:
 * big-endian 32-bit words token, nargs, nret, args[nargs], rets[nret])
 * for the EEH calls of PAPR, answered as QEMU's sPAPR code answers them
 * (hw/ppc/spapr_pci.c, spapr_pci_vfio.c, spapr_rtas.c) through the
 * VFIO_EEH_PE_OP of the container the function was assigned with.
 *
 * The tokens, the virtual BUID and the function's config address are
 * the VMM's "device tree": guest/abi.h. One PHB (the BUID), one function
 * on it (bus 0, devfn 0x08), its PE address (bus << 16) + 1, as QEMU
 * gives it. Every word of the buffer is the guest's: bounds-checked.
 */
#ifndef EEHLAB_VMM_RTAS_H
#define EEHLAB_VMM_RTAS_H

#include <stdint.h>
#include <stddef.h>

/* RTAS statuses (rets[0]) */
#define RTAS_OUT_SUCCESS		0
#define RTAS_OUT_NO_ERRORS_FOUND	1
#define RTAS_OUT_HW_ERROR		(-1)
#define RTAS_OUT_PARAM_ERROR		(-3)

/* ibm,set-eeh-option */
#define RTAS_EEH_DISABLE		0
#define RTAS_EEH_ENABLE			1
#define RTAS_EEH_THAW_IO		2
#define RTAS_EEH_THAW_DMA		3
/* ibm,set-slot-reset */
#define RTAS_SLOT_RESET_DEACTIVATE	0
#define RTAS_SLOT_RESET_HOT		1
#define RTAS_SLOT_RESET_FUNDAMENTAL	3
/* ibm,get-config-addr-info2 */
#define RTAS_GET_PE_ADDR		0
#define RTAS_GET_PE_MODE		1
#define RTAS_PE_MODE_SHARED		2
/* ibm,slot-error-detail */
#define RTAS_SLOT_TEMP_ERR_LOG		1
#define RTAS_SLOT_PERM_ERR_LOG		2
/* ibm,read-slot-reset-state2: rets[2], rets[3], rets[4] */
#define RTAS_EEH_SUPPORT		1
#define RTAS_EEH_PE_UNAVAIL_INFO	1000
#define RTAS_EEH_PE_RECOVER_INFO	0

/* VFIO_EEH_PE_* (linux/vfio.h), the ops pe_op is asked for */
#define VMM_EEH_PE_DISABLE		0
#define VMM_EEH_PE_ENABLE		1
#define VMM_EEH_PE_UNFREEZE_IO		2
#define VMM_EEH_PE_UNFREEZE_DMA		3
#define VMM_EEH_PE_GET_STATE		4
#define VMM_EEH_PE_RESET_DEACTIVATE	5
#define VMM_EEH_PE_RESET_HOT		6
#define VMM_EEH_PE_RESET_FUNDAMENTAL	7
#define VMM_EEH_PE_CONFIGURE		8

#define RTAS_MAX_RETS	8	/* rets kept in the result */
/* r4 is a guest real address: its top 4 bits are not part of it (KVM_PAM) */
#define RTAS_GPA_MASK	0x0fffffffffffffffULL

/* the PHB and the function the guest sees (NULL: no VFIO function) */
struct vmm_rtas_pe {
	uint64_t buid;
	uint32_t config_addr;	/* bus << 16 | devfn << 8 */
};

struct vmm_rtas_result {
	long hret;		/* r3: H_SUCCESS, or H_PARAMETER */
	uint64_t gpa;		/* the buffer (r4 without its top 4 bits) */
	uint32_t token, nargs, nret;
	const char *name;	/* "ibm,configure-pe", NULL for an unknown token */
	int written;		/* rets words written (rets[0] even when nret is 0) */
	int32_t rets[RTAS_MAX_RETS];
	int op;			/* the VFIO_EEH_PE_* op asked, -1 none */
	int op_ret;		/* what pe_op returned: >= 0, or -errno */
	const char *why;	/* why refused (status -3 or H_PARAMETER), or NULL */
};

/*
 * One H_RTAS: decode the buffer at buf_gpa in mem (memsize bytes), do
 * the call, write rets back big-endian. pe_op(ctx, op) is
 * VFIO_EEH_PE_OP: its return (>= 0) or -errno. Returns r3: H_SUCCESS,
 * or H_PARAMETER for an unknown token (rets[0] -3, as QEMU) or a buffer
 * that does not lie in guest memory (nothing written). out may be NULL.
 */
long vmm_rtas_call(uint8_t *mem, uint64_t memsize, uint64_t buf_gpa,
		   const struct vmm_rtas_pe *pe,
		   int (*pe_op)(void *ctx, unsigned int op), void *ctx,
		   struct vmm_rtas_result *out);
/* "ibm,set-eeh-option" for its token (guest/abi.h), NULL for another */
const char *vmm_rtas_name(uint32_t token);
/* "get-state" for VMM_EEH_PE_GET_STATE, NULL past configure */
const char *vmm_rtas_op_name(int op);
/* "stopped" for 2, the PE states of VFIO_EEH_PE_GET_STATE; NULL for another */
const char *vmm_rtas_state_name(int state);

#endif
