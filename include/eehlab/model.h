/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * eehlab model: PHBs, PEs, RTT, PELT-V, MMIO windows, TVT, TCE tables,
 * host memory, the freeze semantics and the test devices.
 *
 * Portable C: compiles in userspace and inside the kernel module, and
 * reaches the outside world only through shim.h. The facts it follows
 * are in docs/model.md, each with its source. Every function that can
 * refuse returns a negative errno and fills the struct eeh_msg it was
 * given (which may be NULL); nothing is changed by a refused call.
 *
 * The model is not internally locked: its owner (the runner, or the
 * kernel module) serialises calls on one struct eeh_model.
 */
#ifndef _EEHLAB_MODEL_H
#define _EEHLAB_MODEL_H

#include "eehlab/shim.h"
#include "eehlab/linux_eeh.h"

/* ---- capacities (bounded memory: a cap reached is an error) ---- */
#define EEH_MAX_PHBS		8
#define EEH_MAX_FUNCS		128	/* PCI functions per PHB */
#define EEH_MAX_BARS		6
#define EEH_NAME_LEN		32
#define EEH_DIAG_MAX		64	/* diag log ring per PHB */
#define EEH_CBLOG_MAX		512	/* driver callback log ring per model */
#define EEH_MAX_TRAPS		16	/* armed injections per PHB */
#define EEH_RTT_ENTRIES		65536
#define EEH_CFG_SIZE		4096
#define EEH_DEFAULT_MEM_CAP	(256ULL << 20)	/* host memory pages materialised */

/* ---- PHB models (skiboot include/phb3.h, include/phb4.h) ---- */
enum eeh_phb_model {
	EEH_PHB3 = 3,	/* 256 PEs, reserved 255; pages 4K 64K 16M 256M */
	EEH_PHB4 = 4,	/* 512 or 256 PEs, reserved num-1; 4K 64K 2M 1G */
};

/* ---- firmware freeze state (OPAL_EEH_STOPPED_*) ---- */
enum eeh_fw_state {
	EEH_FW_NOT_FROZEN = 0,
	EEH_FW_MMIO_FREEZE = 1,
	EEH_FW_DMA_FREEZE = 2,
	EEH_FW_MMIO_DMA_FREEZE = 3,
	EEH_FW_RESET = 4,
	EEH_FW_TEMP_UNAVAIL = 5,
	EEH_FW_PERM_UNAVAIL = 6,
};

/*
 * EEH_STATE_* (pnv_eeh_get_pe_state) and the software PE flags EEH_PE_*:
 * eehlab/linux_eeh.h
 */

/* OPAL error type and severity (diag data) */
enum eeh_err_type { EEH_ERR_TYPE_NO = 0, EEH_ERR_TYPE_IOC = 1,
		    EEH_ERR_TYPE_PHB = 2, EEH_ERR_TYPE_PE = 3 };
enum eeh_severity { EEH_SEV_NONE = 0, EEH_SEV_IOC_DEAD = 1,
		    EEH_SEV_PHB_DEAD = 2, EEH_SEV_PHB_FENCED = 3,
		    EEH_SEV_PE_ER = 4, EEH_SEV_INF = 5 };

/* Freeze halves: PEST A (MMIO) and PEST B (DMA) */
#define EEH_FREEZE_MMIO		0x1
#define EEH_FREEZE_DMA		0x2
#define EEH_FREEZE_BOTH		(EEH_FREEZE_MMIO | EEH_FREEZE_DMA)

/* PEST A/B word: IBM bit 0 set = frozen (skiboot IODA3_PESTA_MMIO_FROZEN) */
#define EEH_PEST_FROZEN		EEH_PPC_BIT(0)

/* ---- why something froze (recorded in the diag log) ---- */
enum eeh_cause {
	EEH_CAUSE_NONE = 0,
	EEH_CAUSE_INJECT,		/* an armed injection tripped */
	EEH_CAUSE_FREEZE_REQ,		/* immediate freeze requested */
	EEH_CAUSE_DMA_INVALID_TCE,	/* TCE with R=W=0 */
	EEH_CAUSE_DMA_READ_ONLY,	/* device write through a read-only TCE */
	EEH_CAUSE_DMA_WRITE_ONLY,	/* device read through a write-only TCE */
	EEH_CAUSE_DMA_OUT_OF_WINDOW,	/* bus address past the window */
	EEH_CAUSE_DMA_NO_TVE,		/* no valid TVE for the address */
	EEH_CAUSE_MMIO_UR,		/* load/store nobody decodes */
	EEH_CAUSE_MASTER_ABORT,
	EEH_CAUSE_TARGET_ABORT,
	EEH_CAUSE_FENCE,		/* PHB fenced */
	EEH_CAUSE__COUNT,
};

const char *eeh_cause_name(enum eeh_cause c);

/* ---- access kinds (what a trap can match) ---- */
enum eeh_access {
	EEH_ACC_MMIO_LOAD = 1 << 0,
	EEH_ACC_MMIO_STORE = 1 << 1,
	EEH_ACC_IO_LOAD = 1 << 2,
	EEH_ACC_IO_STORE = 1 << 3,
	EEH_ACC_CFG_LOAD = 1 << 4,
	EEH_ACC_CFG_STORE = 1 << 5,
	EEH_ACC_DMA_READ = 1 << 6,	/* device reads host memory */
	EEH_ACC_DMA_WRITE = 1 << 7,	/* device writes host memory */
};

/* What a tripped trap does */
enum eeh_trap_effect {
	EEH_TRAP_FREEZE = 0,		/* freeze the PE (MMIO and DMA) */
	EEH_TRAP_FENCE,			/* fence the whole PHB */
	EEH_TRAP_DMA_FAULT,		/* fail the DMA with trap.cause, freeze */
};

/*
 * An armed injection. inject/ fills it from a function code; the model
 * matches it against every access and trips it once: the next access of
 * a kind in @access on PE @pe in address space @space (0: 32-bit, 1:
 * 64-bit) with ((addr ^ @addr) & @mask) == 0. For config accesses the
 * address is the config address (bdfn << 16 | offset) and space is
 * ignored; for DMA it is the PCI bus address (space 1: bit 59 set).
 */
struct eeh_trap {
	bool armed;
	int pe;
	u32 access;		/* EEH_ACC_* mask */
	int space;		/* 0: 32-bit, 1: 64-bit, -1: either */
	u64 addr, mask;
	enum eeh_trap_effect effect;
	enum eeh_cause cause;	/* recorded in the diag entry */
	int func;		/* injection function code, -1 if none */
	u32 id;			/* set by eeh_trap_arm */
};

/* ---- diag log: one entry per freeze/fence event ---- */
struct eeh_diag {
	u64 seq;		/* model-wide, from 1 */
	u64 time_ms;		/* virtual clock */
	int phb, pe;		/* pe: the PE that took the error (-1: PHB) */
	enum eeh_err_type type;
	enum eeh_severity severity;
	enum eeh_cause cause;
	int func;		/* injection function, -1 */
	u64 addr;		/* the access address that tripped */
	u64 pest_a, pest_b;	/* the PE's words after the event */
	char text[96];
};

/* ---- PCI topology ---- */
enum eeh_node_type {
	EEH_NODE_ROOT_PORT = 0,
	EEH_NODE_SWITCH_UP,
	EEH_NODE_SWITCH_DOWN,
	EEH_NODE_ENDPOINT,
};

enum eeh_dev_kind {
	EEH_DEV_KIND_BRIDGE = 0,	/* root port / switch port */
	EEH_DEV_KIND_PLAIN,		/* BARs only; BAR space behaves as registers */
	EEH_DEV_KIND_EDU,		/* QEMU edu register map, DMA through the PE */
};

struct eeh_bar {
	u64 size;		/* 0: unused; power of two >= 4K */
	bool is64, prefetch;
	u64 addr;		/* PCI address after enumeration */
};

/* Driver callbacks, as struct pci_error_handlers, plus unplug/replug */
enum eeh_cb {
	EEH_CB_ERROR_DETECTED = 0,
	EEH_CB_MMIO_ENABLED,
	EEH_CB_SLOT_RESET,
	EEH_CB_RESUME,
	EEH_CB_REMOVE,		/* driver unbound, device removed */
	EEH_CB_PROBE,		/* device rescanned, driver bound again */
	EEH_CB__COUNT,
};

/* enum pci_ers_result, Linux values */
enum eeh_ers {
	EEH_ERS_NONE = 1,
	EEH_ERS_CAN_RECOVER = 2,
	EEH_ERS_NEED_RESET = 3,
	EEH_ERS_DISCONNECT = 4,
	EEH_ERS_RECOVERED = 5,
	EEH_ERS_NO_AER_DRIVER = 6,
};

/* pci_channel_state_t */
enum eeh_channel { EEH_IO_NORMAL = 1, EEH_IO_FROZEN = 2, EEH_IO_PERM_FAILURE = 3 };

/* The test driver bound to a function; a scenario sets its answers. */
struct eeh_driver {
	bool bound;
	bool handlers;		/* false: no error handlers at all */
	enum eeh_ers ans_error_detected;	/* default NEED_RESET */
	enum eeh_ers ans_mmio_enabled;		/* default RECOVERED */
	enum eeh_ers ans_slot_reset;		/* default RECOVERED */
};

struct eeh_cb_rec {
	u64 seq;		/* model-wide, from 1 */
	u64 time_ms;
	int phb, func;		/* function id */
	enum eeh_cb cb;
	enum eeh_channel state;	/* error_detected only */
	enum eeh_ers result;	/* what the driver answered (0: void callback) */
};

/* QEMU edu device (docs/specs/edu.rst) */
#define EDU_REG_ID		0x00	/* RO 0x010000ed */
#define EDU_REG_LIVENESS	0x04	/* RW, reads ~written */
#define EDU_REG_FACTORIAL	0x08
#define EDU_REG_STATUS		0x20	/* 0x01 computing, 0x80 irq on fact */
#define EDU_REG_IRQ_STATUS	0x24
#define EDU_REG_IRQ_RAISE	0x60
#define EDU_REG_IRQ_ACK		0x64
#define EDU_REG_DMA_SRC		0x80
#define EDU_REG_DMA_DST		0x88
#define EDU_REG_DMA_COUNT	0x90
#define EDU_REG_DMA_CMD		0x98	/* 1 start, 2 EDU->RAM, 4 irq */
#define EDU_BUF_OFF		0x40000
#define EDU_BUF_SIZE		4096
#define EDU_ID_VALUE		0x010000edU
#define EDU_BAR_SIZE		BIT_ULL(20)
#define EDU_DMA_CMD_START	0x1
#define EDU_DMA_CMD_TO_RAM	0x2
#define EDU_DMA_CMD_IRQ		0x4

/* Outcome of a DMA as the data path saw it */
enum eeh_dma_outcome {
	EEH_DMA_NONE = 0,	/* no DMA done yet */
	EEH_DMA_OK,		/* performed */
	EEH_DMA_BLOCKED,	/* PE (DMA) frozen or PHB fenced: not performed */
	EEH_DMA_FAULT,		/* translation failed: not performed, PE frozen */
};

struct eeh_edu {
	u32 liveness, factorial, status, irq_status;
	u64 dma_src, dma_dst, dma_count, dma_cmd;
	u8 buf[EDU_BUF_SIZE];
	enum eeh_dma_outcome last_dma;
	enum eeh_cause last_dma_cause;
};

#define EEH_PLAIN_REGS		4096	/* register bytes per BAR of a plain device */

struct eeh_phb;

/* One PCI function (a bridge or an endpoint function). */
struct eeh_func {
	int id;				/* index in phb->funcs */
	char name[EEH_NAME_LEN];	/* "nic", or "nic.1" for function 1 */
	struct eeh_phb *phb;
	enum eeh_node_type type;
	enum eeh_dev_kind kind;
	int parent;			/* func id of the bridge above, -1: root bus */
	int fn;				/* function number 0..7 */
	int first_fn;			/* func id of function 0 of this device */
	u16 vendor, device;
	u8 bus, devfn;			/* assigned at enumeration */
	u8 secondary, subordinate;	/* bridges */
	int pe;				/* PE number after enumeration */
	bool present;			/* false once removed (unplug/perm failure) */
	bool in_reset;			/* PE reset asserted */
	bool needs_freset;		/* wants a fundamental reset */
	struct eeh_bar bars[EEH_MAX_BARS];
	u8 *cfg;			/* EEH_CFG_SIZE bytes, config space */
	u8 *cfg_saved;			/* saved by eeh_func_save_config */
	u8 *plain_regs;			/* plain: EEH_PLAIN_REGS per BAR */
	struct eeh_edu *edu;		/* edu only */
	struct eeh_driver drv;
};

enum eeh_pe_type { EEH_PE_TYPE_ROOT = 0, EEH_PE_TYPE_BUS };

/*
 * Hardware and OS view of one PE. sw_state and the freeze counters are
 * the OS's (recovery/ owns them); the PEST/PEEV words are in the PHB.
 */
struct eeh_model_pe {
	bool valid;
	int num;
	enum eeh_pe_type type;
	int parent;		/* parent PE number, -1 for the root PE */
	int bus;		/* the bus this PE covers */
	int bridge;		/* func id of the bridge whose secondary bus it is, -1 */
	u32 sw_state;		/* EEH_PE_* */
	int freeze_count;
	u64 freeze_tstamp_ms;	/* virtual time of the first counted freeze */
	int owner;		/* 0: host; > 0: the id of the guest it is assigned to */
	u64 dma_blocked;	/* DMA transactions not performed while frozen */
	u64 stores_dropped;	/* MMIO/config stores dropped while frozen */
	u64 loads_ones;		/* loads answered all-ones while frozen */
	u32 m32_segs;		/* number of M32 segments mapped to it */
};

/* Window description for a TCE table */
struct eeh_tce_table {
	u64 base;		/* host physical address of the top level */
	int levels;		/* 1..5 */
	u32 level_shift;	/* log2(bytes of one level's table), >= 12 */
	u32 page_shift;		/* I/O page size */
	u64 bus_start;		/* 0 or 1 << 59 */
	u64 entries;		/* total entries = (1 << (level_shift-3))^levels, capped by size */
	u64 window_size;	/* entries << page_shift */
};

#define EEH_TVE_64BIT_BASE	BIT_ULL(59)

struct eeh_model;

struct eeh_phb {
	struct eeh_model *m;
	int index;			/* PCI domain number */
	enum eeh_phb_model model;
	int num_pes, reserved_pe, root_pe;
	bool enumerated, fenced;
	u64 m32_base, m32_size, m32_segsize;	/* PCI bus addresses */
	u64 m64_base, m64_size, m64_segsize;
	u16 *m32_segmap;		/* num_pes entries: segment -> PE */
	u16 *rtt;			/* EEH_RTT_ENTRIES: RID -> PE */
	u8 *peltv;			/* num_pes rows of num_pes/8 bytes */
	u64 *pest_a, *pest_b;		/* num_pes words */
	u64 *peev;			/* num_pes/64 words, IBM bit order */
	u64 *tvt;			/* 2 * num_pes TVEs (IODA3 encoding) */
	struct eeh_tce_table *tvt_tables; /* decoded view, 2 * num_pes */
	struct eeh_model_pe *pes;		/* num_pes */
	struct eeh_func *funcs[EEH_MAX_FUNCS];
	int nfuncs;
	struct eeh_trap traps[EEH_MAX_TRAPS];
	struct eeh_diag diag[EEH_DIAG_MAX];
	u64 ndiag;			/* entries ever logged (ring index = n % MAX) */
	u64 tce_kills;			/* TCE cache invalidations */
};

struct eeh_model_config {
	u64 mem_cap;		/* bytes of host memory that may be materialised */
};

struct eeh_mem_page;
struct eeh_mem_block;
struct eeh_guest_set;

/*
 * Called by the DMA data path for every I/O page of a DMA it performs,
 * after translation and before the bytes move: @host..@host+@len-1 is
 * the host memory the device reads (@to_mem false) or writes.
 */
typedef void (*eeh_dma_hook_fn)(void *ctx, struct eeh_phb *phb, int pe,
				u64 bus_addr, u64 host, u64 len, bool to_mem);

struct eeh_model {
	struct eeh_phb *phbs[EEH_MAX_PHBS];
	u64 now_ms;			/* virtual clock */
	u64 mem_cap, mem_used;		/* materialised host memory, bytes */
	u64 mem_next;			/* next free host physical address (allocator) */
	struct eeh_mem_page **mem_hash;	/* sparse host memory, 4K pages */
	u32 mem_hash_size;
	struct eeh_cb_rec cblog[EEH_CBLOG_MAX];
	u64 ncb;			/* callbacks ever recorded */
	u64 diag_seq;
	u32 trap_seq;
	struct eeh_mem_block *mem_blocks;	/* contiguous runs (TCE levels) */
	eeh_dma_hook_fn dma_hook;	/* NULL: none (guests install one) */
	void *dma_hook_ctx;
	struct eeh_guest_set *guests;	/* guests and isolation records (guest.h) */
};

/* ---- model lifetime ---- */
struct eeh_model *eeh_model_create(const struct eeh_model_config *cfg);
void eeh_model_destroy(struct eeh_model *m);
void eeh_model_advance(struct eeh_model *m, u64 ms);

/* ---- topology (before enumeration) ---- */
/*
 * Create PHB @index (0..EEH_MAX_PHBS-1). num_pes 0 = the model's default
 * (PHB3 256, PHB4 512); PHB4 also takes 256.
 */
int eeh_phb_add(struct eeh_model *m, int index, enum eeh_phb_model model,
		int num_pes, struct eeh_msg *msg);
struct eeh_phb *eeh_phb_get(struct eeh_model *m, int index);
/* Destroy PHB @index; -EBUSY while one of its PEs is assigned to a guest. */
int eeh_phb_remove(struct eeh_model *m, int index, struct eeh_msg *msg);

struct eeh_node_desc {
	const char *name;
	enum eeh_node_type type;
	int parent;		/* func id of a root port or downstream port; -1 for a root port */
	enum eeh_dev_kind kind;	/* endpoints: PLAIN or EDU */
	int functions;		/* endpoints: 1..8 */
	/* 0: defaults (edu 1234:11e8, plain 1014:0001, bridges 1014:03dc) */
	u16 vendor, device;
	u64 bar32_size;		/* plain: non-prefetchable 32-bit BAR0 (0: none) */
	u64 bar64_size;		/* plain: 64-bit prefetchable BAR2 (0: none) */
	bool needs_freset;
};

/*
 * Add a node under @d->parent; returns the func id of its function 0
 * (the other functions follow with consecutive ids), or -errno.
 */
int eeh_node_add(struct eeh_phb *phb, const struct eeh_node_desc *d,
		 struct eeh_msg *msg);
struct eeh_func *eeh_func_by_name(struct eeh_model *m, const char *name);
struct eeh_func *eeh_func_by_bdf(struct eeh_phb *phb, u8 bus, u8 devfn);

/*
 * Bus numbering (depth first, as Linux), BAR placement in M32/M64, PE
 * assignment (root PE = reserved-1 for the root bus, then one bus PE per
 * secondary bus allocated from the top down), RTT, PELT-V, M32 segment
 * map, default TCE tables left empty (TVEs invalid).
 */
int eeh_phb_enumerate(struct eeh_phb *phb, struct eeh_msg *msg);

/* ---- PE queries ---- */
struct eeh_model_pe *eeh_model_pe_get(struct eeh_phb *phb, int pe);	/* NULL if invalid */
bool eeh_peltv_test(struct eeh_phb *phb, int parent, int child);
/* Is @pe frozen in @which half (EEH_FREEZE_MMIO/DMA, either bit counts)? */
bool eeh_pe_is_frozen(struct eeh_phb *phb, int pe, u32 which);
/* OPAL freeze status for the PE, as skiboot's eeh_freeze_status reports it. */
enum eeh_fw_state eeh_pe_fw_state(struct eeh_phb *phb, int pe);
/* Linux EEH_STATE_* bits for a firmware state (pnv_eeh_get_pe_state). */
u32 eeh_fw_state_to_linux(enum eeh_fw_state s);
/* sysfs eeh_pe_state text, "0x%08x 0x%08x" (firmware bits, sw flags). */
void eeh_pe_sysfs_state(struct eeh_phb *phb, int pe, char *buf, size_t len);

/* ---- freeze, thaw, fence, reset ---- */
/*
 * Freeze @pe (and, through PELT-V, every PE in its row) and set its PEEV
 * bit; log one diag entry.
 */
int eeh_pe_freeze(struct eeh_phb *phb, int pe, u32 which, enum eeh_cause cause,
		  int func, u64 addr, struct eeh_msg *msg);
/*
 * Clear @which halves of @pe's freeze (this PE only, as OPAL's
 * eeh_freeze_clear); clears its PEEV bit when both halves are clear.
 */
int eeh_pe_thaw(struct eeh_phb *phb, int pe, u32 which, struct eeh_msg *msg);
int eeh_phb_fence(struct eeh_phb *phb, enum eeh_cause cause, int func, u64 addr);
/*
 * PHB complete reset: clears the fence, every PEST/PEEV, puts every
 * device's config space back to power-on values (BARs unassigned).
 */
int eeh_phb_reset(struct eeh_phb *phb);
/*
 * PE reset (hot or fundamental): assert puts the PE's and its children's
 * devices in reset (fw state RESET), deassert clears their freeze and
 * brings the devices back with power-on config space and device state.
 */
int eeh_model_pe_reset(struct eeh_phb *phb, int pe, bool assert,
		       bool fundamental, struct eeh_msg *msg);

/* Config space save/restore (what eeh_pe_restore_bars does) */
void eeh_func_save_config(struct eeh_func *f);
void eeh_func_restore_config(struct eeh_func *f);

/* ---- traps (armed injections) ---- */
int eeh_trap_arm(struct eeh_phb *phb, const struct eeh_trap *t, struct eeh_msg *msg);
void eeh_trap_disarm_all(struct eeh_phb *phb);
int eeh_trap_count(struct eeh_phb *phb);

/* ---- data path ---- */
struct eeh_access_result {
	int pe;			/* the PE the access was routed to, -1: none */
	bool frozen;		/* the PE (or PHB) was frozen: all-ones / dropped */
	bool tripped;		/* this access tripped a trap */
	bool unclaimed;		/* no BAR decodes the address */
	enum eeh_cause cause;
	/*
	 * config access blocked: CFG_BLOCKED, device absent or in reset
	 * (all-ones / dropped)
	 */
	bool blocked;
};

/*
 * MMIO load/store of 1, 2, 4 or 8 bytes at PCI bus address @addr. A
 * frozen PE: loads return all-ones of the size, stores are dropped.
 */
int eeh_mmio_load(struct eeh_phb *phb, u64 addr, int size, u64 *val,
		  struct eeh_access_result *r);
int eeh_mmio_store(struct eeh_phb *phb, u64 addr, int size, u64 val,
		   struct eeh_access_result *r);
/*
 * Config load/store; all-ones/dropped while the PE is frozen, its
 * CFG_BLOCKED flag is set, the device is absent, or the PHB is fenced.
 */
int eeh_cfg_load(struct eeh_phb *phb, u8 bus, u8 devfn, u32 off, int size,
		 u32 *val, struct eeh_access_result *r);
int eeh_cfg_store(struct eeh_phb *phb, u8 bus, u8 devfn, u32 off, int size,
		  u32 val, struct eeh_access_result *r);
/* Convenience: BAR-relative MMIO on a function (resolves the BAR address). */
int eeh_func_mmio_load(struct eeh_func *f, int bar, u64 off, int size, u64 *val,
		       struct eeh_access_result *r);
int eeh_func_mmio_store(struct eeh_func *f, int bar, u64 off, int size, u64 val,
			struct eeh_access_result *r);

/*
 * DMA by the device with requester id @rid at bus address @bus_addr:
 * @to_mem true = device writes host memory. Returns the outcome; a
 * translation failure freezes the PE and logs a diag entry.
 */
enum eeh_dma_outcome eeh_dma(struct eeh_phb *phb, u16 rid, u64 bus_addr,
			     void *buf, u32 len, bool to_mem,
			     struct eeh_access_result *r);

/* ---- DMA translation: TVT and TCE tables ---- */
bool eeh_phb_page_shift_ok(enum eeh_phb_model model, u32 page_shift);
/*
 * Allocate a TCE table in host memory covering @window_size bytes of
 * @page_shift pages in @levels levels (1..5).
 */
int eeh_tce_table_create(struct eeh_model *m, u32 page_shift, u64 window_size,
			 int levels, u64 bus_start, struct eeh_tce_table *t,
			 struct eeh_msg *msg);
/* Point TVE (pe*2 + @which) at @t (NULL: invalidate). */
int eeh_tve_set(struct eeh_phb *phb, int pe, int which,
		const struct eeh_tce_table *t, struct eeh_msg *msg);
u64 eeh_tve_encode(const struct eeh_tce_table *t);
/*
 * Read/write TCE @index (big-endian in host memory); a put is followed
 * by a TCE kill. Missing lower levels are allocated by put when @alloc.
 */
int eeh_tce_put(struct eeh_phb *phb, const struct eeh_tce_table *t, u64 index,
		u64 tce, bool alloc, struct eeh_msg *msg);
int eeh_tce_get(struct eeh_model *m, const struct eeh_tce_table *t, u64 index,
		u64 *tce);
#define EEH_TCE_READ		0x1ULL
#define EEH_TCE_WRITE		0x2ULL
/* Translate; 0 with *host filled, or -EFAULT with *cause set. No freeze. */
int eeh_dma_translate(struct eeh_phb *phb, int pe, u64 bus_addr, bool to_mem,
		      u64 *host, enum eeh_cause *cause);

/* ---- host physical memory (sparse; unbacked reads as zero) ---- */
int eeh_mem_read(struct eeh_model *m, u64 pa, void *buf, u64 len);
int eeh_mem_write(struct eeh_model *m, u64 pa, const void *buf, u64 len);
/* Reserve @size bytes aligned to @align; returns the address in *pa. */
int eeh_mem_alloc(struct eeh_model *m, u64 size, u64 align, u64 *pa,
		  struct eeh_msg *msg);
/*
 * Direct access. eeh_mem_page_ptr: the bytes of the 4 KiB page holding
 * @pa (materialised first when @alloc; NULL if absent or the cap was
 * reached). eeh_mem_map_block: materialise 4K-aligned [@pa, @pa+@size)
 * as one contiguous buffer (existing bytes kept) and return it.
 * eeh_mem_discard: the range reads as zero again, its pages and wholly
 * covered blocks are freed (pointers into them become invalid).
 */
u8 *eeh_mem_page_ptr(struct eeh_model *m, u64 pa, bool alloc);
void *eeh_mem_map_block(struct eeh_model *m, u64 pa, u64 size, struct eeh_msg *msg);
void eeh_mem_discard(struct eeh_model *m, u64 pa, u64 size);

/* ---- drivers and the callback log ---- */
/* bound, handlers, NEED_RESET/RECOVERED/RECOVERED */
void eeh_driver_default(struct eeh_driver *d);
/*
 * Call @cb on @f's driver, record it, return its answer (0 for void
 * callbacks and for drivers without handlers). REMOVE unbinds and marks
 * the device absent; PROBE marks it present and binds again.
 */
enum eeh_ers eeh_driver_call(struct eeh_func *f, enum eeh_cb cb,
			     enum eeh_channel state);
const char *eeh_cb_name(enum eeh_cb cb);
const char *eeh_ers_name(enum eeh_ers r);
const char *eeh_fw_state_name(enum eeh_fw_state s);
/* The value of hex digit @c, or -1 */
int eeh_hex_digit(int c);
/* Callback records with seq > @after, in order; returns how many were copied. */
int eeh_cblog_since(struct eeh_model *m, u64 after, struct eeh_cb_rec *out, int max);

/* ---- diag ---- */
const struct eeh_diag *eeh_diag_last(struct eeh_phb *phb, int pe);	/* pe -1: any */

/* Names for printing: "0000:03:00.0" */
void eeh_func_bdf(const struct eeh_func *f, char *buf, size_t len);

#endif /* _EEHLAB_MODEL_H */
