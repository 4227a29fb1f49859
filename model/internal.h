/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * eehlab model: declarations shared by the model's own files only.
 */
#ifndef _EEHLAB_MODEL_INTERNAL_H
#define _EEHLAB_MODEL_INTERNAL_H

#include "eehlab/model.h"

/* PCI bus addresses of the MMIO windows (the same for every PHB) */
#define EEH_M32_BASE		0x80000000ULL
#define EEH_M32_SIZE		(2ULL << 30)
#define EEH_M64_BASE		0x40000000000ULL	/* 4 TiB */
#define EEH_M64_SIZE		(64ULL << 30)

/* Host physical memory handed out by eeh_mem_alloc */
#define EEH_MEM_BASE		0x10000000ULL
#define EEH_MEM_LIMIT		BIT_ULL(52)
#define EEH_PAGE_SHIFT		12
#define EEH_PAGE_SIZE		BIT_ULL(EEH_PAGE_SHIFT)
#define EEH_MEM_HASH_SIZE	4096

/*
 * Standard config space offsets (PCI Local Bus / PCIe base spec), spelled
 * as linux/pci_regs.h spells them: in a kernel build that header may come
 * first, and an identical redefinition is no redefinition.
 */
#define PCI_VENDOR_ID		0x00
#define PCI_DEVICE_ID		0x02
#define PCI_COMMAND		0x04
#define  PCI_COMMAND_MEMORY	0x2
#define  PCI_COMMAND_MASTER	0x4
#define  PCI_COMMAND_WMASK	0x0547
#define PCI_STATUS		0x06
#define  PCI_STATUS_CAP_LIST	0x10
#define PCI_CLASS_REVISION	0x08
#define PCI_CACHE_LINE_SIZE	0x0c
#define PCI_LATENCY_TIMER	0x0d
#define PCI_HEADER_TYPE		0x0e
#define PCI_BASE_ADDRESS_0	0x10
#define PCI_PRIMARY_BUS		0x18
#define PCI_SECONDARY_BUS	0x19
#define PCI_SUBORDINATE_BUS	0x1a
#define PCI_MEMORY_BASE		0x20
#define PCI_CAPABILITY_LIST	0x34
#define PCI_INTERRUPT_LINE	0x3c
#define PCI_BAR_MEM_64		0x4
#define PCI_BAR_PREFETCH	0x8
#define EEH_PCIE_CAP		0x40
#define PCI_CAP_ID_EXP		0x10

/* model.c */
void eeh_diag_log(struct eeh_phb *phb, int pe, enum eeh_err_type type,
		  enum eeh_severity sev, enum eeh_cause cause, int func, u64 addr);
bool eeh_pe_in_use(struct eeh_phb *phb, int pe);

/* topology.c */
void eeh_func_free(struct eeh_func *f);

/* device.c */
void eeh_cfg_init(struct eeh_func *f);
void eeh_dev_reset(struct eeh_func *f);
u32 eeh_cfg_read(struct eeh_func *f, u32 off, int size);
void eeh_cfg_write(struct eeh_func *f, u32 off, int size, u32 val);
u64 eeh_func_bar_addr(const struct eeh_func *f, int bar);
void eeh_func_set_bar_addr(struct eeh_func *f, int bar, u64 addr);
/* Does @f's BAR @bar decode @addr now? */
bool eeh_func_bar_claims(const struct eeh_func *f, int bar, u64 addr);
u64 eeh_dev_mmio_read(struct eeh_func *f, int bar, u64 off, int size);
void eeh_dev_mmio_write(struct eeh_func *f, int bar, u64 off, int size, u64 val);

/* pe.c */
bool eeh_pe_any_in_reset(struct eeh_phb *phb, int pe);

/* access.c */
/* The first armed trap matching the access, or NULL. */
struct eeh_trap *eeh_trap_match(struct eeh_phb *phb, int pe, u32 access,
				int space, u64 addr);
/* Trip @t: disarm it and apply its effect for the access at @addr. */
void eeh_trap_trip(struct eeh_phb *phb, struct eeh_trap *t, u64 addr);

/* mem.c */
void eeh_mem_free_all(struct eeh_model *m);

/* guest.c: destroy every guest of @m (from eeh_model_destroy) */
void eeh_guests_free(struct eeh_model *m);

static inline bool eeh_is_pow2(u64 v)
{
	return v && !(v & (v - 1));
}

static inline int eeh_ilog2(u64 v)
{
	return 63 - __builtin_clzll(v);
}

static inline u64 eeh_align_up(u64 v, u64 a)
{
	return (v + a - 1) & ~(a - 1);
}

#endif /* _EEHLAB_MODEL_INTERNAL_H */
