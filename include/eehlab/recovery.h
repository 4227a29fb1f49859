/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * eehlab recovery: the host recovery engine, as the Linux EEH core does
 * it (arch/powerpc/kernel/eeh.c eeh_dev_check_failure, eeh_driver.c
 * eeh_handle_normal_event / eeh_handle_special_event), on the model's
 * virtual clock.
 */
#ifndef _EEHLAB_RECOVERY_H
#define _EEHLAB_RECOVERY_H

#include "eehlab/model.h"

#define EEH_MAX_FREEZES_DEFAULT	5
#define EEH_FREEZE_WINDOW_MS	(3600ULL * 1000)
#define EEH_PE_RST_HOLD_MS	250
#define EEH_PE_RST_SETTLE_MS	1800
#define EEH_RESET_TRIES		3
#define EEH_MAX_EVENTS		32
#define EEH_REC_MAX_PES		512	/* the most PEs a PHB model has (PHB4) */

enum eeh_rec_result {
	EEH_REC_NONE = 0,	/* nothing was done */
	EEH_REC_RECOVERED,	/* "EEH: Recovery successful." */
	EEH_REC_PERM_FAILURE,	/* PE removed */
	EEH_REC_LEFT_TO_OWNER,	/* passed-through PE: left frozen for its guest */
	EEH_REC_PHB_RECOVERED,	/* fenced PHB reset and every PE recovered */
};

struct eeh_rec_event {
	int phb, pe;		/* pe -1: PHB event (fence) */
	enum eeh_rec_result result;
	enum eeh_ers merged;	/* merged driver answer that decided the path */
	int resets;		/* PE resets performed */
	bool thawed;		/* recovered through the thaw (CAN_RECOVER) path */
	int freeze_count;	/* after this event */
	u64 start_ms, end_ms;	/* virtual time */
	char text[128];		/* one-line summary */
};

/* Per-PHB state of the engine (Linux keeps it in the PHB PE) */
struct eeh_rec_phb {
	bool isolated;		/* a fence was detected; its event is pending */
	int freeze_count;	/* fences counted, as a PE's freeze_count */
	u64 freeze_tstamp_ms;
};

struct eeh_recovery {
	struct eeh_model *m;
	int max_freezes;	/* eeh_max_freezes */
	struct eeh_rec_phb phbs[EEH_MAX_PHBS];
	struct { int phb, pe; } queue[EEH_MAX_EVENTS];
	int nqueued;
	struct eeh_rec_event last[EEH_MAX_EVENTS];	/* events handled by the last run */
	int nlast;
	/*
	 * VFIO EEH (vfio.h): one bit per PE whose owner enabled EEH
	 * (VFIO_EEH_PE_ENABLE) and has not disabled it since.
	 */
	u64 vfio_enabled[EEH_MAX_PHBS][EEH_REC_MAX_PES / 64];
};

void eeh_recovery_init(struct eeh_recovery *r, struct eeh_model *m);

/*
 * eeh_dev_check_failure: if @f's PE is frozen (or the PHB fenced), find
 * the highest frozen ancestor PE, mark it ISOLATED with its children
 * (and CFG_BLOCKED where the PE has CFG_RESTRICTED, as Linux; every PE
 * is CFG_BLOCKED during a reset), and queue a recovery event. A fenced
 * PHB queues one PHB event (pe -1) and marks all its PEs ISOLATED. A PE
 * owned by a guest is queued without marking (its event ends
 * LEFT_TO_OWNER). Returns 1 if a freeze was detected and queued, 0 if
 * nothing is frozen or it is already queued or isolated, -ENODEV for an
 * absent device or one without a PE, -ENOSPC when the queue is full.
 */
int eeh_model_check_failure(struct eeh_recovery *r, struct eeh_func *f);

/*
 * The driver-side MMIO read (eeh_readl and friends): load through the
 * model and, on an all-ones value, run eeh_model_check_failure. Returns the
 * load's -errno, else 1 when this load detected a freeze and queued an
 * event, else 0 (a refused check, e.g. an absent device, is 0 too).
 */
int eeh_host_mmio_load(struct eeh_recovery *r, struct eeh_func *f, int bar,
		       u64 off, int size, u64 *val);

/*
 * Run every queued event to completion (the eehd thread). Returns the
 * number of events handled; their outcomes are in r->last.
 */
int eeh_recover_pending(struct eeh_recovery *r);

const char *eeh_rec_result_name(enum eeh_rec_result res);

/*
 * pci_ers_merge_result(): the answer of higher priority, NONE(1) <
 * NO_AER_DRIVER(2) < RECOVERED(3) < CAN_RECOVER(4) < DISCONNECT(5) <
 * NEED_RESET(6) (eeh_driver.c eeh_result_priority); 0 never wins.
 */
enum eeh_ers eeh_ers_merge(enum eeh_ers old, enum eeh_ers new);

#endif /* _EEHLAB_RECOVERY_H */
