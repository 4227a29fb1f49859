/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * eehlab session: the scenario's verbs on one model, in backend-neutral
 * terms. One session is one struct eeh_model plus its recovery engine.
 * The runner's model backend calls these functions in-process; the
 * kernel module calls the very same ones from its netlink commands, so
 * both backends answer every verb with the same code, the same errno
 * and the same message.
 *
 * Every function returns 0 (or what it documents) or a negative errno
 * and, on a refusal, fills @msg with a one-line reason. Not locked: the
 * caller serialises all calls on one session.
 *
 * The be_* types are the runner's backend types (runner/backend.h), kept
 * here because the module decodes the same values from netlink.
 */
#ifndef _EEHLAB_SESSION_H
#define _EEHLAB_SESSION_H

#include "eehlab/shim.h"
#include "eehlab/model.h"
#include "eehlab/inject.h"
#include "eehlab/recovery.h"

/* A resolved device: one PCI function. */
struct be_dev {
	int phb;		/* PCI domain = PHB index */
	int id;			/* function id on its PHB */
	int bus, devfn;		/* -1 before enumeration */
	int pe;			/* -1 before enumeration */
	bool endpoint;
	bool edu;		/* has the edu register map and DMA engine */
	bool present, bound;	/* present on the bus; a driver bound */
	char name[EEH_NAME_LEN];
	char bdf[16];		/* "0000:03:00.0"; "-" before enumeration */
};

/* A node to add to the tree (phb, rootport, switch, device). */
struct be_node {
	const char *name;
	enum eeh_node_type type;
	int phb;
	int parent;		/* function id of the bridge above, -1: root bus */
	enum eeh_dev_kind kind;	/* endpoints */
	int functions;		/* endpoints: 1..8 */
	u16 vendor, device;	/* 0: defaults */
	u64 bar32, bar64;	/* plain: BAR sizes, 0: none */
	bool freset;		/* needs a fundamental reset */
};

/* Driver answers; a negative field (or 0 for an answer) keeps the current. */
struct be_driver {
	int bound;		/* -1 keep, 0 no, 1 yes */
	int handlers;		/* -1 keep, 0 no, 1 yes */
	enum eeh_ers error_detected, mmio_enabled, slot_reset;	/* 0: keep */
};

enum be_dma_dir { BE_DMA_TO_RAM = 0, BE_DMA_TO_DEVICE };
enum be_dma_start { BE_DMA_START_MMIO = 0, BE_DMA_START_DEVICE };

enum be_dma_outcome {
	BE_DMA_NOT_STARTED = 0,	/* the start never reached the device */
	BE_DMA_OK,		/* performed */
	BE_DMA_BLOCKED,		/* PE frozen or PHB fenced: not performed */
	BE_DMA_FAULT,		/* translation failed (or injected): PE frozen */
};

struct be_dma_req {
	u64 ioba;		/* PCI bus address */
	u32 len;		/* bytes, 1..EDU_BUF_SIZE - buf_off */
	u32 buf_off;		/* offset in the device's internal buffer */
	enum be_dma_dir dir;
	enum be_dma_start start;
};

struct be_dma_res {
	enum be_dma_outcome outcome;
	enum eeh_cause cause;	/* BE_DMA_FAULT (and BLOCKED where known) */
};

/* What a PE looks like from outside. */
struct be_pe_state {
	enum eeh_fw_state fw;	/* OPAL freeze state */
	u32 linux_bits;		/* EEH_STATE_* */
	u32 sw_state;		/* EEH_PE_* */
	char sysfs[32];		/* eeh_pe_state text, no newline */
	int freeze_count;
	u64 dma_blocked, stores_dropped, loads_ones;
};

struct be_pe_ref {
	int phb, pe;
};

/* A guest's hypercall counters (struct eeh_guest_stats, summed). */
struct be_guest_stats {
	u64 finished[3];	/* calls finished by real, virtual, userspace */
	u64 pins, exits;
};

/* One hypercall: the answer and the tier (0 real, 1 virt, 2 user). */
struct be_hcall {
	unsigned long opcode;
	unsigned long args[4];
	int nargs;
	long rc;		/* H_* */
	unsigned long ret;	/* H_GET_TCE */
	int tier;
};

struct eeh_session {
	struct eeh_model *m;
	struct eeh_recovery rec;
};

/* The glibc text of an errno (either sign): "No such device"; "Unknown error" else. */
const char *eeh_strerror(int err);

/* @mem_cap 0: EEH_DEFAULT_MEM_CAP. NULL when out of memory. */
struct eeh_session *eeh_session_create(u64 mem_cap);
void eeh_session_destroy(struct eeh_session *s);

/* ---- topology ---- */
int eeh_session_phb_add(struct eeh_session *s, int index,
			enum eeh_phb_model model, int num_pes,
			struct eeh_msg *msg);
/* Returns the new function id (function 0 of the node) or -errno. */
int eeh_session_node_add(struct eeh_session *s, const struct be_node *n,
			 struct eeh_msg *msg);
/* Enumerate every PHB that is not enumerated yet. */
int eeh_session_enumerate(struct eeh_session *s, struct eeh_msg *msg);
/*
 * A device by name ("nic", "nic.1", "sw.0") or BDF ("0000:03:00.0",
 * "03:00.0"); -ENODEV when nothing answers to it.
 */
int eeh_session_resolve(struct eeh_session *s, const char *spec,
			struct be_dev *out, struct eeh_msg *msg);
/* Function @id of PHB @phb as a be_dev (-ENODEV when there is none). */
int eeh_session_dev_get(struct eeh_session *s, int phb, int id,
			struct be_dev *out, struct eeh_msg *msg);
/*
 * Every function of every PHB, in PHB then id order. Returns the number
 * written (at most @max).
 */
int eeh_session_dev_list(struct eeh_session *s, struct be_dev *out, int max);
/* Does a freeze of @parent take @child with it (PELT-V)? */
bool eeh_session_pe_covers(struct eeh_session *s, int phb, int parent,
			   int child);
/* Is (phb, pe) a PE in use? 0 or -ENODEV/-ERANGE/-EINVAL. */
int eeh_session_pe_check(struct eeh_session *s, int phb, int pe,
			 struct eeh_msg *msg);

/* ---- drivers ---- */
int eeh_session_driver_set(struct eeh_session *s, const struct be_dev *d,
			   const struct be_driver *drv, struct eeh_msg *msg);

/* ---- host memory ---- */
int eeh_session_mem_alloc(struct eeh_session *s, u64 size, u64 align,
			  u64 *pa, struct eeh_msg *msg);
int eeh_session_mem_read(struct eeh_session *s, u64 pa, void *buf, u64 len,
			 struct eeh_msg *msg);
int eeh_session_mem_write(struct eeh_session *s, u64 pa, const void *buf,
			  u64 len, struct eeh_msg *msg);

/* ---- DMA windows and TCEs (per PE; @which 0: 32-bit, 1: 64-bit) ---- */
int eeh_session_window_create(struct eeh_session *s, int phb, int pe,
			      int which, u32 page_shift, u64 size, int levels,
			      struct eeh_msg *msg);
int eeh_session_window_remove(struct eeh_session *s, int phb, int pe,
			      int which, struct eeh_msg *msg);
/* 0 with the window's table, -ENOENT when the PE has none there. */
int eeh_session_window_get(struct eeh_session *s, int phb, int pe, int which,
			   struct eeh_tce_table *t);
/*
 * Write one TCE per I/O page of [ioba, ioba+len): host page | perm
 * (EEH_TCE_READ/WRITE); perm 0 clears (unmap).
 */
int eeh_session_tce_map(struct eeh_session *s, int phb, int pe, int which,
			u64 ioba, u64 host, u64 len, u64 perm,
			struct eeh_msg *msg);

/* ---- the data path ---- */
/*
 * Driver-side MMIO load: @detect runs the EEH failure check on an
 * all-ones value (eeh_readl), which may queue a recovery event.
 */
int eeh_session_mmio_read(struct eeh_session *s, const struct be_dev *d,
			  int bar, u64 off, int size, bool detect, u64 *val,
			  struct eeh_msg *msg);
int eeh_session_mmio_write(struct eeh_session *s, const struct be_dev *d,
			   int bar, u64 off, int size, u64 val,
			   struct eeh_msg *msg);
int eeh_session_cfg_read(struct eeh_session *s, const struct be_dev *d,
			 u32 off, int size, u32 *val, struct eeh_msg *msg);
int eeh_session_cfg_write(struct eeh_session *s, const struct be_dev *d,
			  u32 off, int size, u32 val, struct eeh_msg *msg);
/* edu DMA: program it through MMIO or run the device's engine. */
int eeh_session_dma(struct eeh_session *s, const struct be_dev *d,
		    const struct be_dma_req *req, struct be_dma_res *res,
		    struct eeh_msg *msg);

/* ---- faults, detection, recovery, time ---- */
int eeh_session_inject(struct eeh_session *s, const struct eeh_inj_req *req,
		       struct eeh_inj_result *res, struct eeh_msg *msg);
/* eeh_dev_check_failure; *queued: a recovery event was queued. */
int eeh_session_check(struct eeh_session *s, const struct be_dev *d,
		      bool *queued, struct eeh_msg *msg);
/* Run every queued event; their outcomes in @ev (at most @max). */
int eeh_session_recover(struct eeh_session *s, struct eeh_rec_event *ev,
			int max, int *n, struct eeh_msg *msg);
int eeh_session_advance(struct eeh_session *s, u64 ms, struct eeh_msg *msg);
int eeh_session_set_max_freezes(struct eeh_session *s, int n,
				struct eeh_msg *msg);

/* ---- queries ---- */
int eeh_session_pe_state(struct eeh_session *s, int phb, int pe,
			 struct be_pe_state *st, struct eeh_msg *msg);
/*
 * Every valid PE of every PHB whose firmware state is not NOT_FROZEN;
 * returns how many (all of them counted, at most @max written).
 */
int eeh_session_frozen_pes(struct eeh_session *s, struct be_pe_ref *out,
			   int max);
/* The sequence number of the newest callback record (0: none). */
u64 eeh_session_cb_seq(struct eeh_session *s);
/* Callback records with seq > @after, oldest first. */
int eeh_session_cb_since(struct eeh_session *s, u64 after,
			 struct eeh_cb_rec *out, int max);
/*
 * Last diag entry of the PE (or of its PHB's fence, if newer): 0, or
 * -ENOENT when there is none (-ENODEV: no such PHB).
 */
int eeh_session_diag_last(struct eeh_session *s, int phb, int pe,
			  struct eeh_diag *out);

/* ---- guests ---- */
int eeh_session_guest_create(struct eeh_session *s, const char *name,
			     struct eeh_msg *msg);
int eeh_session_guest_slot(struct eeh_session *s, const char *guest, u64 gpa,
			   u64 size, u32 page_shift, bool prereg, bool linear,
			   struct eeh_msg *msg);
/* Assign / release, with the EEH owner change (eeh_dev_open/release). */
int eeh_session_guest_assign(struct eeh_session *s, const char *guest,
			     int phb, int pe, unsigned long *liobn,
			     struct eeh_msg *msg);
int eeh_session_guest_release(struct eeh_session *s, int phb, int pe,
			      struct eeh_msg *msg);
/* The 64-bit window of an owned PE (@remove: take it away). */
int eeh_session_guest_window(struct eeh_session *s, int phb, int pe,
			     u32 page_shift, u64 size, int levels, bool remove,
			     unsigned long *liobn, struct eeh_msg *msg);
/* The LIOBN of window @which of an owned PE; tier >= 0: set its tier. */
int eeh_session_guest_liobn(struct eeh_session *s, int phb, int pe, int which,
			    int tier, unsigned long *liobn,
			    struct eeh_msg *msg);
/*
 * A hypercall by @guest: 0 with the answer in @hc, or -errno when the
 * call could not be made at all (no such guest).
 */
int eeh_session_hcall(struct eeh_session *s, const char *guest,
		      struct be_hcall *hc, struct eeh_msg *msg);
int eeh_session_guest_mem(struct eeh_session *s, const char *guest, u64 gpa,
			  void *buf, u64 len, bool write, struct eeh_msg *msg);

/*
 * Two hypercalls of one guest at once, from two vCPU threads, as KVM runs
 * them: no engine lock, real mode first. Each of @rounds rounds runs the
 * two calls serially in both orders from the round's starting table
 * (restored after each), then at once, and compares the table entries
 * the calls touch with the two serial outcomes.
 */
#define EEH_RACE_MAX_ROUNDS	100000
#define EEH_RACE_MAX_ENTRIES	4096	/* entries compared a round, both calls */

struct be_race {
	struct be_hcall a, b;	/* in: the calls; out: .rc, each alone */
	u32 rounds;
	u64 ab, ba;		/* rounds ending as A then B, as B then A */
	u64 same;		/* rounds where both orders give one table */
	u64 mixed;		/* every entry from an order, the table from neither */
	u64 torn;		/* an entry neither order writes */
	u64 rc_diff;		/* an answer neither order gives */
	u64 split;		/* rounds whose two calls ran on two CPUs */
	u64 lost;		/* increments the guest's call counters lost */
	u32 entries;		/* compared a round */
	char bad[EEH_MSG_LEN];	/* the first torn, mixed or rc_diff round */
};

struct eeh_race;

/* start's refusal with one CPU, the same from every backend (--compare) */
#define EEH_RACE_ONE_CPU "race: one CPU to run on: the two vCPU threads cannot run at once"

/*
 * What runs the two vCPU threads. start: ready them (-errno with @msg
 * if not: -EOPNOTSUPP when two calls cannot run at once, one CPU);
 * pair: make eeh_race_vcpu(r, 0, ...) and eeh_race_vcpu(r, 1, ...) run
 * at once on the two threads and return when both are done; stop: end
 * them.
 */
struct eeh_race_threads {
	int (*start)(void *ctx, struct eeh_race *r, struct eeh_msg *msg);
	void (*pair)(void *ctx);
	void (*stop)(void *ctx);
	void *ctx;
};

/* A vCPU thread's call of the round: @which 0 (A) or 1 (B), on @cpu. */
void eeh_race_vcpu(struct eeh_race *r, int which, int cpu);

/*
 * 0 with the tallies in @br, or -errno: no guest, a call that is not
 * H_PUT_TCE, H_PUT_TCE_INDIRECT or H_STUFF_TCE, too many entries, the
 * threads (start), or -EFAULT when the isolation invariants fail after it.
 */
int eeh_session_race(struct eeh_session *s, const char *guest,
		     struct be_race *br, const struct eeh_race_threads *th,
		     struct eeh_msg *msg);
/* @hc < 0: all hypercalls, else enum eeh_hc */
int eeh_session_guest_stats(struct eeh_session *s, const char *guest, int hc,
			    struct be_guest_stats *st, struct eeh_msg *msg);
/* VFIO_EEH_PE_OP by the owner: GET_STATE's state, 0, or -errno. */
int eeh_session_guest_eeh(struct eeh_session *s, int phb, int pe, int op,
			  u32 type, u32 func, u64 addr, u64 mask,
			  struct eeh_msg *msg);
/* The isolation invariants: 0, or -EFAULT with the violation in @why. */
int eeh_session_invariants(struct eeh_session *s, char *why, size_t len);

#endif /* _EEHLAB_SESSION_H */
