/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest program of eehlab-vmm: runs in real mode (MSR[IR,DR] 0,
 * little-endian), makes the hypercalls the VMM put in the mailbox, one
 * after the other, and stores each one's r3..r6 and its timebase ticks
 * back. After each call it tells the VMM (H_EEHLAB_STEP), so the VMM can
 * read the TCE tables between calls; after the last, H_EEHLAB_DONE.
 * Any interrupt lands in a vector that reports H_EEHLAB_FAULT.
 */
#include "abi.h"

	.section .vectors, "ax"
	.globl	vectors
vectors:
	.irp	v, 0x100, 0x200, 0x300, 0x380, 0x400, 0x480, 0x500, 0x600, \
		0x700, 0x800, 0x900, 0x980, 0xa00, 0xb00, 0xc00, 0xd00, \
		0xe00, 0xe20, 0xe40, 0xe60, 0xe80, 0xea0, 0xf00, 0xf20, \
		0xf40, 0xf60, 0xf80, 0x1000, 0x1100, 0x1200, 0x1300, \
		0x1400, 0x1500, 0x1600, 0x1700, 0x1800
	.org	\v
	li	r4, \v
	b	fault
	.endr

fault:
	mfsrr0	r5
	mfsrr1	r6
	li	r3, 0
	ori	r3, r3, H_EEHLAB_FAULT
	sc	1
	b	fault

	.section .text.entry, "ax"
	.globl	_start
_start:
	li	r31, 0
	oris	r31, r31, GUEST_MBOX_GPA@h
	ori	r31, r31, GUEST_MBOX_GPA@l
	ld	r30, MB_NCALLS(r31)
	li	r29, 0			/* the call's index */
	addi	r28, r31, MB_CALLS	/* the call */
1:	cmpld	r29, r30
	bge	2f
	ld	r3, CALL_NR(r28)
	ld	r4, CALL_ARG0(r28)
	ld	r5, CALL_ARG0 + 8(r28)
	ld	r6, CALL_ARG0 + 16(r28)
	ld	r7, CALL_ARG0 + 24(r28)
	ld	r8, CALL_ARG0 + 32(r28)
	ld	r9, CALL_ARG0 + 40(r28)
	mftb	r27
	sc	1
	mftb	r26
	std	r3, CALL_RET(r28)
	std	r4, CALL_RET1(r28)
	std	r5, CALL_RET2(r28)
	std	r6, CALL_RET3(r28)
	subf	r26, r27, r26
	std	r26, CALL_TB(r28)
	addi	r29, r29, 1
	std	r29, MB_DONE(r31)
	li	r3, 0
	ori	r3, r3, H_EEHLAB_STEP
	addi	r4, r29, -1
	sc	1
	addi	r28, r28, CALL_SIZE
	b	1b
2:	li	r3, 0
	ori	r3, r3, H_EEHLAB_DONE
	sc	1
	b	2b
