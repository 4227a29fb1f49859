/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The executor's backends: one table of operations, the scenario's verbs
 * in backend-neutral terms, so that each can later travel as one generic
 * netlink command to the kernel component. Implementations: "model" (the
 * portable engine in-process, runner/backend_model.c, through
 * eehlab/session.h); "kernel" (emulated PHBs and real PHBs through
 * driver/) later.
 *
 * Every operation returns 0 or a negative errno and, on a refusal, fills
 * @msg (never NULL here) with a one-line reason. One backend instance
 * runs one scenario: scenarios are independent.
 */
#ifndef EEHLAB_RUNNER_BACKEND_H
#define EEHLAB_RUNNER_BACKEND_H

#include <stdbool.h>
#include <stdint.h>
#include "eehlab/model.h"
#include "eehlab/inject.h"
#include "eehlab/recovery.h"
#include "eehlab/session.h"

/* Capabilities a scenario can ask for with `requires` */
#define BE_CAP_DATA_PATH	0x1	/* MMIO/DMA through an emulated data path */
#define BE_CAP_REAL_PHB		0x2	/* real PHBs and the real Linux EEH core */
#define BE_CAP_REAL_ONLY	0x4	/* no emulated PHBs at all */

struct backend_config {
	u64 mem_cap;		/* host memory that may be materialised, 0: default */
};

/* The be_* types (struct be_dev, be_node, ...): eehlab/session.h */

struct backend;

struct backend_ops {
	const char *name;
	u32 caps;		/* BE_CAP_* */

	int (*open)(struct backend *b, const struct backend_config *cfg,
		    struct eeh_msg *msg);
	void (*close)(struct backend *b);

	/* ---- topology ---- */
	int (*phb_add)(struct backend *b, int index, enum eeh_phb_model model,
		       int num_pes, struct eeh_msg *msg);
	/* Returns the new function id (function 0 of the node) or -errno. */
	int (*node_add)(struct backend *b, const struct be_node *n,
			struct eeh_msg *msg);
	/* Enumerate every PHB that is not enumerated yet. */
	int (*enumerate)(struct backend *b, struct eeh_msg *msg);
	/* A device by name ("nic", "nic.1", "sw.0") or BDF ("0000:03:00.0",
	 * "03:00.0"); -ENODEV when nothing answers to it. */
	int (*resolve)(struct backend *b, const char *spec, struct be_dev *out,
		       struct eeh_msg *msg);
	/* Every function of every PHB, in PHB then id order. Returns the
	 * number written (at most @max). */
	int (*dev_list)(struct backend *b, struct be_dev *out, int max);
	/* Does a freeze of @parent take @child with it (PELT-V)? */
	bool (*pe_covers)(struct backend *b, int phb, int parent, int child);
	/* Is (phb, pe) a PE in use? 0 or -ENODEV/-ERANGE/-EINVAL. */
	int (*pe_check)(struct backend *b, int phb, int pe, struct eeh_msg *msg);

	/* ---- drivers ---- */
	int (*driver_set)(struct backend *b, const struct be_dev *d,
			  const struct be_driver *drv, struct eeh_msg *msg);

	/* ---- host memory ---- */
	int (*mem_alloc)(struct backend *b, u64 size, u64 align, u64 *pa,
			 struct eeh_msg *msg);
	int (*mem_read)(struct backend *b, u64 pa, void *buf, u64 len,
			struct eeh_msg *msg);
	int (*mem_write)(struct backend *b, u64 pa, const void *buf, u64 len,
			 struct eeh_msg *msg);

	/* ---- DMA windows and TCEs (per PE; @which 0: 32-bit, 1: 64-bit) ---- */
	int (*window_create)(struct backend *b, int phb, int pe, int which,
			     u32 page_shift, u64 size, int levels,
			     struct eeh_msg *msg);
	int (*window_remove)(struct backend *b, int phb, int pe, int which,
			     struct eeh_msg *msg);
	/* 0 with the window's table, -ENOENT when the PE has none there. */
	int (*window_get)(struct backend *b, int phb, int pe, int which,
			  struct eeh_tce_table *t);
	/* Write one TCE per I/O page of [ioba, ioba+len): host page | perm
	 * (EEH_TCE_READ/WRITE); perm 0 clears (unmap). */
	int (*tce_map)(struct backend *b, int phb, int pe, int which, u64 ioba,
		       u64 host, u64 len, u64 perm, struct eeh_msg *msg);

	/* ---- the data path ---- */
	/* Driver-side MMIO load: @detect runs the EEH failure check on an
	 * all-ones value (eeh_readl), which may queue a recovery event. */
	int (*mmio_read)(struct backend *b, const struct be_dev *d, int bar,
			 u64 off, int size, bool detect, u64 *val,
			 struct eeh_msg *msg);
	int (*mmio_write)(struct backend *b, const struct be_dev *d, int bar,
			  u64 off, int size, u64 val, struct eeh_msg *msg);
	int (*cfg_read)(struct backend *b, const struct be_dev *d, u32 off,
			int size, u32 *val, struct eeh_msg *msg);
	int (*cfg_write)(struct backend *b, const struct be_dev *d, u32 off,
			 int size, u32 val, struct eeh_msg *msg);
	/* edu DMA: program it through MMIO or run the device's engine. */
	int (*dma)(struct backend *b, const struct be_dev *d,
		   const struct be_dma_req *req, struct be_dma_res *res,
		   struct eeh_msg *msg);

	/* ---- faults, detection, recovery, time ---- */
	/* @res->fw is filled whenever the firmware answer is known, also on
	 * some refusals (the caller presets it to an impossible value). */
	int (*inject)(struct backend *b, const struct eeh_inj_req *req,
		      struct eeh_inj_result *res, struct eeh_msg *msg);
	/* eeh_dev_check_failure; *queued: a recovery event was queued. */
	int (*check)(struct backend *b, const struct be_dev *d, bool *queued,
		     struct eeh_msg *msg);
	/* Run every queued event; their outcomes in @ev (at most @max). */
	int (*recover)(struct backend *b, struct eeh_rec_event *ev, int max,
		       int *n, struct eeh_msg *msg);
	int (*advance)(struct backend *b, u64 ms, struct eeh_msg *msg);
	int (*set_max_freezes)(struct backend *b, int n, struct eeh_msg *msg);

	/* ---- queries ---- */
	int (*pe_state)(struct backend *b, int phb, int pe,
			struct be_pe_state *st, struct eeh_msg *msg);
	/* Every valid PE of every PHB whose firmware state is not NOT_FROZEN;
	 * returns how many (all of them counted, at most @max written). */
	int (*frozen_pes)(struct backend *b, struct be_pe_ref *out, int max);
	/* The sequence number of the newest callback record (0: none). */
	u64 (*cb_seq)(struct backend *b);
	/* Callback records with seq > @after, oldest first. */
	int (*cb_since)(struct backend *b, u64 after, struct eeh_cb_rec *out,
			int max);
	/* Last diag entry of the PE (or of its PHB's fence, if newer):
	 * 0, or -ENOENT when there is none. */
	int (*diag_last)(struct backend *b, int phb, int pe,
			 struct eeh_diag *out);

	/* ---- guests (NULL: the backend has none) ---- */
	int (*guest_create)(struct backend *b, const char *name, struct eeh_msg *msg);
	int (*guest_slot)(struct backend *b, const char *guest, u64 gpa, u64 size,
			  u32 page_shift, bool prereg, bool linear,
			  struct eeh_msg *msg);
	/* Assign / release, with the EEH owner change (eeh_dev_open/release). */
	int (*guest_assign)(struct backend *b, const char *guest, int phb, int pe,
			    unsigned long *liobn, struct eeh_msg *msg);
	int (*guest_release)(struct backend *b, int phb, int pe, struct eeh_msg *msg);
	/* The 64-bit window of an owned PE (@remove: take it away). */
	int (*guest_window)(struct backend *b, int phb, int pe, u32 page_shift,
			    u64 size, int levels, bool remove, unsigned long *liobn,
			    struct eeh_msg *msg);
	/* The LIOBN of window @which of an owned PE; tier >= 0: set its tier. */
	int (*guest_liobn)(struct backend *b, int phb, int pe, int which, int tier,
			   unsigned long *liobn, struct eeh_msg *msg);
	/* A hypercall by @guest: 0 with the answer in @hc, or -errno when
	 * the call could not be made at all (no such guest). */
	int (*hcall)(struct backend *b, const char *guest, struct be_hcall *hc,
		     struct eeh_msg *msg);
	/*
	 * Two hypercalls of @guest at once from two vCPU threads, br->rounds
	 * times (eeh_session_race): 0 with the tallies in @br, -EOPNOTSUPP
	 * when two threads cannot run at once here, else -errno.
	 */
	int (*race)(struct backend *b, const char *guest, struct be_race *br,
		    struct eeh_msg *msg);
	int (*guest_mem)(struct backend *b, const char *guest, u64 gpa, void *buf,
			 u64 len, bool write, struct eeh_msg *msg);
	/* @hc < 0: all hypercalls, else enum eeh_hc */
	int (*guest_stats)(struct backend *b, const char *guest, int hc,
			   struct be_guest_stats *st, struct eeh_msg *msg);
	/* VFIO_EEH_PE_OP by the owner: GET_STATE's state, 0, or -errno. */
	int (*guest_eeh)(struct backend *b, int phb, int pe, int op, u32 type,
			 u32 func, u64 addr, u64 mask, struct eeh_msg *msg);
	/* The isolation invariants: 0, or -EFAULT with the violation in @why. */
	int (*invariants)(struct backend *b, char *why, size_t len);

	/* ---- real PEs ---- */
	/* The operations that run real-device scenarios (NULL: none; the
	 * host backend is its own). An operation a real backend cannot do
	 * on this platform answers -EOPNOTSUPP with the reason: the step,
	 * and the ones after it, are reported as SKIP with it. */
	const struct backend_ops *real;
	/* Can real PEs be driven here? 0, or -errno with the reason (the
	 * scenario is a SKIP). NULL: always. */
	int (*usable)(struct eeh_msg *msg);
	/* `real NAME BDF [phb=MODEL]`: returns the function's id, or
	 * -errno (-EOPNOTSUPP: its PHB is not a @phb, NULL: any). */
	int (*real_add)(struct backend *b, const char *name, const char *bdf,
			const char *phb, struct eeh_msg *msg);
	/* eeh_force_recover: the EEH core recovers (phb, pe) unfrozen. */
	int (*force_recover)(struct backend *b, int phb, int pe, struct eeh_msg *msg);
};

struct backend {
	const struct backend_ops *ops;
	void *priv;
};

extern const struct backend_ops backend_model_ops;

/* A backend by name; NULL when this build has none by that name. */
const struct backend_ops *backend_lookup(const char *name);

#endif /* EEHLAB_RUNNER_BACKEND_H */
