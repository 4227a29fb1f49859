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

#endif
