/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The userspace side of eehlab-vmm's TCE hypercalls, portable (no KVM
 * uapi): the PAPR return codes by name, and a TCE table the VMM owns
 * that answers H_PUT_TCE, H_PUT_TCE_INDIRECT, H_STUFF_TCE and H_GET_TCE
 * the way the kernel's emulated table does (arch/powerpc/kvm/
 * book3s_64_vio.c), except that what the kernel hands on as H_TOO_HARD
 * (a TCE or a list outside guest memory) is refused with H_PARAMETER
 * here: this is the last tier.
 *
 * The entries are in host order; for a window the kernel owns, `entries`
 * is the mmap of its KVM_CREATE_SPAPR_TCE_64 fd, where the kernel keeps
 * them in the same order. TCE lists in guest memory are big-endian (PAPR).
 */
#ifndef EEHLAB_VMM_UTCE_H
#define EEHLAB_VMM_UTCE_H

#include <stdint.h>
#include <stddef.h>

/* PAPR hypercall numbers and returns */
#define H_GET_TCE		0x1C
#define H_PUT_TCE		0x20
#define H_PUT_TCE_INDIRECT	0x13C
#define H_STUFF_TCE		0x138
#define H_RTAS			0xf000	/* r4: the RTAS argument buffer (rtas.h) */

#define H_SUCCESS		0
#define H_BUSY			1
#define H_HARDWARE		(-1)
#define H_FUNCTION		(-2)
#define H_PRIVILEGE		(-3)
#define H_PARAMETER		(-4)
#define H_BAD_MODE		(-5)
#define H_NOT_FOUND		(-7)
#define H_NO_MEM		(-9)
#define H_AUTHORITY		(-10)
#define H_PERMISSION		(-11)
#define H_RESOURCE		(-16)
#define H_TOO_HARD		9999

#define TCE_PCI_READ		0x1ULL
#define TCE_PCI_WRITE		0x2ULL
#define TCE_LIST_MAX		512	/* entries per H_PUT_TCE_INDIRECT */

/* "H_PARAMETER" for -4; NULL for a code without a name */
const char *utce_hname(long rc);
/* a name ("H_PARAMETER") or a C number to a return code; -1 if neither */
int utce_hcode(const char *s, long *rc);
/* "h-put-tce" for 0x20; NULL for another hcall */
const char *utce_hcall_name(uint64_t nr);

/* the guest's memory as the VMM maps it */
struct utce_mem {
	uint8_t *base;
	uint64_t size;
};

struct utce_table {
	uint64_t liobn;
	unsigned int shift;		/* I/O page size: 1 << shift */
	uint64_t nentries;		/* window: bus 0 .. nentries << shift */
	uint64_t *entries;		/* host order */
};

/* Each returns H_SUCCESS, or H_PARAMETER with the table unchanged. */
long utce_put(struct utce_table *t, const struct utce_mem *m,
	      uint64_t ioba, uint64_t tce);
long utce_get(const struct utce_table *t, uint64_t ioba, uint64_t *tce);
long utce_stuff(struct utce_table *t, uint64_t ioba, uint64_t value,
		uint64_t npages);
long utce_indirect(struct utce_table *t, const struct utce_mem *m,
		   uint64_t ioba, uint64_t list_gpa, uint64_t npages);

/* H_PARAMETER unless ioba .. + npages pages lie in the window, aligned */
long utce_ioba_check(const struct utce_table *t, uint64_t ioba,
		     uint64_t npages);
/* H_PARAMETER unless tce maps a page of guest memory (or is a poison: no R/W) */
long utce_tce_check(const struct utce_table *t, const struct utce_mem *m,
		    uint64_t tce);

#endif
