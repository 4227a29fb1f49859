/* SPDX-License-Identifier: GPL-2.0-only */
/* The guest program (guest/guest.S, a flat image) inside eehlab-vmm. */
	.section .rodata
	.balign 8
	.globl	vmm_guest_start
	.globl	vmm_guest_end
vmm_guest_start:
	.incbin	GUEST_BIN
vmm_guest_end:
	.section .note.GNU-stack, "", @progbits
