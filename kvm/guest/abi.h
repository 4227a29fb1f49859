/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The contract between eehlab-vmm and its guest program: where the
 * guest sits in guest memory, the mailbox the VMM fills with the calls
 * to make and the guest fills with their results, and the private
 * hypercalls the guest uses to talk to the VMM. Included by guest.S
 * (assembler: plain #defines only) and by the VMM.
 *
 * Guest memory (guest real addresses; the guest runs with MSR[IR,DR] 0):
 *   0x0000 - 0x1fff   interrupt vectors: each reports H_EEHLAB_FAULT
 *   0x2000            entry point (GUEST_ENTRY)
 *   0x10000           the radix process table (empty, 4 KiB)
 *   0x18000           the RTAS argument buffer (GUEST_RTAS_GPA, 4 KiB)
 *   0x20000           the mailbox
 *   the rest          free for the script's pages and TCE lists
 */
#ifndef EEHLAB_VMM_GUEST_ABI_H
#define EEHLAB_VMM_GUEST_ABI_H

#define GUEST_ENTRY		0x2000
#define GUEST_PRTB_GPA		0x10000
#define GUEST_MBOX_GPA		0x20000
#define GUEST_MEM_SIZE		0x1000000	/* 16 MiB */

/* mailbox header */
#define MB_MAGIC		0x00	/* MB_MAGIC_VALUE, set by the VMM */
#define MB_NCALLS		0x08	/* calls to make */
#define MB_DONE			0x10	/* calls made so far (guest) */
#define MB_CALLS		0x40	/* the first call */
#define MB_MAGIC_VALUE		0x65656868766d6d31	/* "eehvmm1" */

/* one call: in nr and six arguments, out r3..r6 and the timebase ticks */
#define CALL_NR			0x00
#define CALL_ARG0		0x08	/* ... CALL_ARG0 + 5 * 8: r4 .. r9 */
#define CALL_RET		0x38	/* r3 after sc 1 */
#define CALL_RET1		0x40	/* r4 */
#define CALL_RET2		0x48	/* r5 */
#define CALL_RET3		0x50	/* r6 */
#define CALL_TB			0x58	/* timebase ticks around sc 1 */
#define CALL_SIZE		0x60
#define MB_MAX_CALLS		256

/*
 * Private hypercalls, in the range KVM leaves to userspace (it exits
 * with KVM_EXIT_PAPR_HCALL for any hcall number it does not know).
 *   STEP  r4 = index of the call just made: its results are in the mailbox
 *   DONE  every call made
 *   FAULT r4 = vector, r5 = SRR0, r6 = SRR1: the guest took an interrupt
 */
#define H_EEHLAB_STEP		0xf100
#define H_EEHLAB_DONE		0xf104
#define H_EEHLAB_FAULT		0xf108

/*
 * RTAS, the VMM's "device tree" (what a guest would read in /rtas and
 * in the PHB's node): the tokens of the EEH calls the VMM answers (rtas.c),
 * through H_RTAS (0xf000, r4 = the buffer), which KVM-HV hands to
 * userspace while no in-kernel RTAS token is defined. The VMM writes a
 * script's RTAS buffer at GUEST_RTAS_GPA just before the call.
 * One PHB, RTAS_BUID (QEMU's first sPAPR BUID), and on it the VFIO
 * function as bus 0, devfn 0x08 (00:01.0): config address 0x800, PE
 * address (bus << 16) + 1 = 0x1, as QEMU gives a PE address.
 */
#define GUEST_RTAS_GPA		0x18000
#define GUEST_RTAS_SIZE		0x1000
#define RTAS_TOKEN_SET_EEH_OPTION	0x2040	/* ibm,set-eeh-option */
#define RTAS_TOKEN_READ_SLOT_RESET_STATE2 0x2041	/* ibm,read-slot-reset-state2 */
#define RTAS_TOKEN_SET_SLOT_RESET	0x2042	/* ibm,set-slot-reset */
#define RTAS_TOKEN_CONFIGURE_PE		0x2043	/* ibm,configure-pe */
#define RTAS_TOKEN_GET_CONFIG_ADDR_INFO2 0x2044	/* ibm,get-config-addr-info2 */
#define RTAS_TOKEN_SLOT_ERROR_DETAIL	0x2045	/* ibm,slot-error-detail */
#define RTAS_BUID		0x800000020000000
#define RTAS_CONFIG_ADDR	0x800		/* bus 0, devfn 0x08 */
#define RTAS_PE_ADDR		0x1		/* (bus << 16) + 1 */

#endif
