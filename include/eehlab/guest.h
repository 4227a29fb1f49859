/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * eehlab guests: partitions that own PEs, their memory, their TCE windows
 * and the TCE hypercalls on a three-tier path (real mode, virtual mode,
 * userspace), as KVM on POWER did it.
 *
 * PEs exist from enumeration on; a guest only receives them
 * (eeh_guest_assign) and gives them back (eeh_guest_release). A guest
 * programs its PEs' TCE tables through H_PUT_TCE, H_GET_TCE,
 * H_PUT_TCE_INDIRECT and H_STUFF_TCE (eeh_hcall).
 *
 * Memory: a slot maps a guest-physical range onto host-physical memory
 * that is contiguous and aligned to the slot's guest page size (4K, 64K,
 * 16M or 1G), reserved from the model's host memory (several guests
 * share it). A slot is pre-registered (every page pinned, as
 * VFIO_IOMMU_SPAPR_REGISTER_MEMORY does) or not (pages are pinned one by
 * one by the virtual-mode tier); it may be flagged "not in the linear
 * map" (vmalloc-like: real mode cannot reach it). Translation is O(1):
 * a slot hint, then base + offset.
 *
 * TCE tables: each window is a hardware multi-level table in host memory
 * (what the TVE points at) plus a pointer cache: for every level table
 * present, a shadow array of pointers to the next level, so a lookup is
 * (levels - 1) pointer loads and one 8-byte big-endian store, with no
 * hash lookup. Levels below the top are allocated on first use (by the
 * virtual-mode tier), so an empty window costs its top level and its
 * shadow only.
 *
 * H_GET_TCE returns the guest view: the hardware entry's host address
 * translated back through the guest's slots, with its R/W bits. No
 * second guest-view table is kept (8 bytes per mapped entry in all); the
 * one difference from KVM, which stores the raw value: an entry written
 * with R=W=0 reads back as 0, whatever other bits it carried.
 *
 * The tiers, in order (each is a function; eeh_hcall runs them):
 *   real mode  no allocation, no sleeping lock (checked by the shim in
 *              test builds); only LIOBNs registered for real mode, only
 *              pre-registered slots in the linear map, only table levels
 *              already present. Anything else: H_TOO_HARD.
 *   virtual    takes the guest's lock; LIOBNs registered for the kernel;
 *              pins an unpinned page; allocates missing table levels.
 *   userspace  the VMM: every LIOBN of the guest (unknown: H_PARAMETER);
 *              the same work as virtual mode. Reached through the exit
 *              hook when one is set (eeh_guest_set_exit).
 * A definitive refusal (H_PARAMETER) is given by the first tier that
 * sees it; H_TOO_HARD never reaches the caller.
 */
#ifndef _EEHLAB_GUEST_H
#define _EEHLAB_GUEST_H

#include "eehlab/model.h"

#define EEH_MAX_GUESTS		8
#define EEH_GUEST_MAX_SLOTS	8
#define EEH_GUEST_MAX_PES	8
#define EEH_GUEST_MAX_WINDOWS	(2 * EEH_GUEST_MAX_PES)

/* PAPR hypercall returns (H_TOO_HARD is internal: "next tier, please") */
#ifndef H_SUCCESS
#define H_SUCCESS		0
#define H_HARDWARE		(-1)
#define H_FUNCTION		(-2)
#define H_PARAMETER		(-4)
#define H_TOO_HARD		9999
#endif
/* PAPR hypercall numbers */
#ifndef H_GET_TCE
#define H_GET_TCE		0x1C
#define H_PUT_TCE		0x20
#define H_STUFF_TCE		0x138
#define H_PUT_TCE_INDIRECT	0x13C
#endif
#define EEH_TCE_INDIRECT_MAX	512	/* entries per H_PUT_TCE_INDIRECT */

/* The default 32-bit window every assigned PE gets */
#define EEH_WIN32_SIZE		(2ULL << 30)
#define EEH_WIN32_PAGE_SHIFT	12
#define EEH_WIN32_LEVELS	2

/* LIOBN of window @which (0: 32-bit, 1: 64-bit) of PE @pe on PHB @phb */
#define EEH_LIOBN(phb, pe, which) \
	(0x80000000UL | ((unsigned long)(phb) << 16) | ((unsigned long)(pe) << 1) | (which))

enum eeh_tier {
	EEH_TIER_REAL = 0,
	EEH_TIER_VIRT,
	EEH_TIER_USER,
	EEH_TIER__COUNT,
};

enum eeh_hc {
	EEH_HC_PUT_TCE = 0,
	EEH_HC_GET_TCE,
	EEH_HC_PUT_TCE_INDIRECT,
	EEH_HC_STUFF_TCE,
	EEH_HC_OTHER,		/* any other opcode: H_FUNCTION from userspace */
	EEH_HC__COUNT,
};

/* Slot flags */
#define EEH_SLOT_PREREG		0x1	/* pre-registered: every page pinned */
#define EEH_SLOT_NOT_LINEAR	0x2	/* vmalloc-like: not in the linear map */

struct eeh_slot {
	u64 gpa, size;		/* guest-physical range */
	u64 hpa;		/* host-physical base, contiguous */
	u32 page_shift;		/* guest page: 12, 16, 24 or 30 */
	u32 flags;		/* EEH_SLOT_* */
	u64 npages;
	u64 *pinned;		/* npages bits; NULL when pre-registered */
	u64 npinned;		/* pages pinned (pre-registered: npages) */
};

/*
 * One DMA window of an assigned PE. @top: for one level, the leaf table
 * (u64, big-endian); else the top level's shadow: an array of
 * (1 << bits) + 1 pointers, [i] = the next level's shadow (or, above the
 * leaves, the leaf table), [1 << bits] = this level's hardware table.
 */
struct eeh_tce_window {
	bool valid;
	unsigned long liobn;
	enum eeh_tier tier;	/* the fastest tier that knows this LIOBN */
	struct eeh_phb *phb;
	int pe, which;		/* TVE pe*2 + which */
	struct eeh_tce_table tbl;	/* what the TVE points at */
	void *top;
	u32 bits;		/* index bits per level (level_shift - 3) */
	u64 mask;		/* (1 << bits) - 1 */
	u32 page_shift;		/* I/O page */
	u64 offset;		/* first I/O page number (bus_start >> page_shift) */
	u64 entries;
	u64 hw_bytes;		/* level tables materialised in host memory */
	u64 sw_bytes;		/* pointer cache (shadow arrays) */
	u64 levels_allocated;	/* level tables allocated after creation */
	u64 kills;		/* TCE kills for this window */
};

/* Per hypercall: which tier finished the calls, and how they ended. */
struct eeh_hcall_stats {
	u64 finished[EEH_TIER__COUNT];	/* calls this tier finished (any answer) */
	u64 handed_on[EEH_TIER__COUNT];	/* H_TOO_HARD from this tier */
	u64 success, parameter, hardware, function;
	u64 entries;			/* TCEs written by successful calls */
};

struct eeh_guest_stats {
	struct eeh_hcall_stats hc[EEH_HC__COUNT];
	u64 pins;		/* guest pages pinned by virtual/userspace */
	u64 level_allocs;	/* TCE table levels allocated on demand */
	u64 exits;		/* calls handed to the userspace tier */
	u64 tce_kills;
};

struct eeh_guest;

/*
 * Exit to the VMM. When set, the dispatcher calls it instead of running
 * the userspace tier itself; it must get the call run by
 * eeh_hcall_tier(g, EEH_TIER_USER, ...) (on any thread, e.g. a VMM
 * thread woken through a pipe) and return that answer.
 */
typedef long (*eeh_guest_exit_fn)(void *ctx, struct eeh_guest *g,
				  unsigned long opcode, const unsigned long *args,
				  int nargs, unsigned long *rets);

struct eeh_guest_pe {
	struct eeh_phb *phb;
	int pe;
	u64 unbound[EEH_MAX_FUNCS / 64];	/* drivers that assign unbound */
};

struct eeh_guest {
	struct eeh_model *m;
	int id;				/* > 0; pe->owner */
	char name[EEH_NAME_LEN];
	struct eeh_slot slots[EEH_GUEST_MAX_SLOTS];
	int nslots, slot_hint;
	struct eeh_guest_pe pes[EEH_GUEST_MAX_PES];
	int npes;
	struct eeh_tce_window win[EEH_GUEST_MAX_WINDOWS];
	int win_hint;
	struct eeh_guest_stats st;
	enum eeh_tier last_tier;	/* the tier that finished the last call */
	long last_rc;
	eeh_guest_exit_fn exit_fn;
	void *exit_ctx;
	struct eeh_mutex lock;		/* virtual and userspace tiers */
	/*
	 * H_PUT_TCE_INDIRECT: the hardware entries (big-endian) of the list
	 * being validated, written once validation passed. Allocated with
	 * the guest, never in real mode: EEH_TCE_INDIRECT_MAX entries for
	 * real mode, held by one vCPU at a time (@rm_scratch_busy; another
	 * vCPU's list there sends the call on to virtual mode), then as many
	 * for the virtual and userspace tiers (under @lock). The counters in
	 * @st are exact while the guest's calls do not overlap; calls made
	 * at once from two vCPUs may lose increments (eeh_session_race
	 * counts them).
	 */
	u64 *tce_scratch;
	int rm_scratch_busy;
#ifdef EEHLAB_TEST_HOOKS
	/* called inside the real-mode tier (contract tests) */
	void (*rm_test_hook)(struct eeh_guest *g);
#endif
};

/* ---- guests ---- */
/* A new guest (id 1..EEH_MAX_GUESTS); @name NULL: "g<id>". */
struct eeh_guest *eeh_guest_create(struct eeh_model *m, const char *name,
				   struct eeh_msg *msg);
/* Release every PE the guest owns and free it. */
void eeh_guest_destroy(struct eeh_guest *g);
struct eeh_guest *eeh_guest_get(struct eeh_model *m, int id);
struct eeh_guest *eeh_guest_by_name(struct eeh_model *m, const char *name);

/*
 * Memory slot: @size bytes of guest-physical memory at @gpa in pages of
 * 1 << @page_shift (12, 16, 24, 30; @gpa and @size aligned to it), backed
 * by host memory reserved here. Returns the slot index or -errno.
 */
int eeh_guest_slot_add(struct eeh_guest *g, u64 gpa, u64 size, u32 page_shift,
		       u32 flags, struct eeh_msg *msg);
/* Guest-physical to host-physical (0, or -EFAULT: in no slot). */
int eeh_guest_gpa_to_hpa(struct eeh_guest *g, u64 gpa, u64 *hpa);
/* Is guest page @gpa pinned? */
bool eeh_guest_page_pinned(struct eeh_guest *g, u64 gpa);
/* Guest memory access (what the guest's CPU does); -EFAULT outside slots. */
int eeh_guest_mem_read(struct eeh_guest *g, u64 gpa, void *buf, u64 len);
int eeh_guest_mem_write(struct eeh_guest *g, u64 gpa, const void *buf, u64 len);
/* The guest whose memory holds all of [@hpa, @hpa+@len): its id, 0 if none. */
int eeh_mem_owner(struct eeh_model *m, u64 hpa, u64 len);

/* ---- assignment ---- */
/*
 * Hand PE @pe of @phb to @g: the host's drivers of its functions are
 * unbound (the devices stay present), pe->owner = g->id, and TVE 0
 * points at a new default window (EEH_LIOBN(phb, pe, 0): 2 GiB of 4K I/O
 * pages at bus 0); TVE 1 is invalidated. Refused (-errno, nothing
 * changed): the reserved PE (-EINVAL), a PE not in use (-ENODEV), a PE
 * already owned (-EBUSY), a PE the host is recovering (-EBUSY), a bridge
 * PE with a PE below it not owned by @g (-EBUSY: a subtree has one owner,
 * so assign the PEs below it first).
 */
int eeh_guest_assign(struct eeh_guest *g, struct eeh_phb *phb, int pe,
		     struct eeh_msg *msg);
/*
 * Give @pe back to the host: every window removed (its levels freed,
 * reading zero), both TVEs invalidated, owner 0, the drivers assign
 * unbound bound again. Refused when @g does not own it (-EINVAL) or owns
 * a PE above it (-EBUSY: release that first).
 */
int eeh_guest_release(struct eeh_guest *g, struct eeh_phb *phb, int pe,
		      struct eeh_msg *msg);
/*
 * A 64-bit window for an owned PE at bus 1 << 59 (TVE 1), as
 * VFIO_IOMMU_SPAPR_TCE_CREATE: I/O pages of 1 << @page_shift (valid for
 * the PHB), @size bytes (a power of two), @levels (1..5). *liobn gets
 * EEH_LIOBN(phb, pe, 1). -EBUSY if the PE has one already.
 */
int eeh_guest_window_create(struct eeh_guest *g, struct eeh_phb *phb, int pe,
			    u32 page_shift, u64 size, int levels,
			    unsigned long *liobn, struct eeh_msg *msg);
/* Remove a window (as VFIO_IOMMU_SPAPR_TCE_REMOVE): TVE invalidated. */
int eeh_guest_window_remove(struct eeh_guest *g, unsigned long liobn,
			    struct eeh_msg *msg);
struct eeh_tce_window *eeh_guest_window(struct eeh_guest *g, unsigned long liobn);
/*
 * The fastest tier that knows @liobn (REAL by default; VIRT: not
 * registered for real mode; USER: known to the VMM only).
 */
int eeh_guest_liobn_set_tier(struct eeh_guest *g, unsigned long liobn,
			     enum eeh_tier tier, struct eeh_msg *msg);
/* Valid entries of a window (walks it). */
u64 eeh_tce_window_mapped(const struct eeh_tce_window *w);

/* ---- hypercalls ---- */
/*
 * Run hypercall @opcode through the tiers in order; returns an H_* code
 * (never H_TOO_HARD). H_PUT_TCE (liobn, ioba, tce), H_GET_TCE (liobn,
 * ioba) -> rets[0], H_PUT_TCE_INDIRECT (liobn, ioba, list gpa, npages),
 * H_STUFF_TCE (liobn, ioba, value, npages). Counted in g->st.
 */
long eeh_hcall(struct eeh_guest *g, unsigned long opcode,
	       const unsigned long *args, int nargs, unsigned long *rets);
/* One tier alone, uncounted (H_TOO_HARD possible). */
long eeh_hcall_tier(struct eeh_guest *g, enum eeh_tier tier, unsigned long opcode,
		    const unsigned long *args, int nargs, unsigned long *rets);
void eeh_guest_set_exit(struct eeh_guest *g, eeh_guest_exit_fn fn, void *ctx);
enum eeh_hc eeh_hc_from_opcode(unsigned long opcode);
const char *eeh_hc_name(enum eeh_hc hc);
const char *eeh_tier_name(enum eeh_tier t);

/* ---- isolation ---- */
/*
 * Check, after a step: every valid TCE reachable from an owned PE's TVEs
 * maps host memory of the owner only; every TVE of an owned PE points at
 * one of the owner's windows; a bridge PE's subtree has one owner; and no
 * DMA recorded since the last check (by the model's DMA hook) went from
 * a guest's PE outside its guest's memory, or was performed for a frozen
 * PE. 0 if all hold; else -EFAULT with the first violation in @why
 * (naming the TCE, the page and the owners) and the DMA records cleared.
 */
int eeh_invariants_check(struct eeh_model *m, char *why, size_t len);

#endif /* _EEHLAB_GUEST_H */
