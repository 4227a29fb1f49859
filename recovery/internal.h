/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * recovery/ private: the PE-subtree walks that the host engine and the
 * guest's EEH operations share (Linux eeh_pe_traverse,
 * eeh_pe_state_mark, eeh_pe_state_clear).
 */
#ifndef _EEHLAB_RECOVERY_INTERNAL_H
#define _EEHLAB_RECOVERY_INTERNAL_H

#include "eehlab/model.h"

/* Is @pe in the subtree of @root (itself included)? @root < 0: any PE. */
bool eeh_rec_pe_in(struct eeh_phb *phb, int root, int pe);
/* Set @flags on every PE of the subtree but the REMOVED ones. */
void eeh_rec_mark(struct eeh_phb *phb, int root, u32 flags);
/* Clear @flags likewise; passed-through PEs only with @include_passed. */
void eeh_rec_clear(struct eeh_phb *phb, int root, u32 flags,
		   bool include_passed);

#endif /* _EEHLAB_RECOVERY_INTERNAL_H */
