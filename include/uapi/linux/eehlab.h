/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * eehlab generic netlink interface: the contract between the eehlab
 * kernel module (driver/) and its userspace runner.
 *
 * Every enum here is append-only: a value, once released, keeps its
 * number. New commands and attributes go just before the __*_MAX entry.
 */
#ifndef _UAPI_LINUX_EEHLAB_H
#define _UAPI_LINUX_EEHLAB_H

#include <linux/types.h>

#define EEHLAB_GENL_NAME		"eehlab"
#define EEHLAB_GENL_VERSION		1
#define EEHLAB_GENL_MCGRP_EVENTS	"events"

/* Lengths, including the terminating NUL */
#define EEHLAB_NAME_LEN			32
#define EEHLAB_MSG_LEN			192

/* The most bytes one EEHLAB_A_DATA carries (memory reads and writes) */
#define EEHLAB_DATA_MAX			32768

/**
 * enum eehlab_cmd - generic netlink commands
 * @EEHLAB_CMD_UNSPEC: unused
 * @EEHLAB_CMD_GET_VERSION: ping; replies EEHLAB_A_VERSION and
 *	EEHLAB_A_MODULE_VERSION
 * @EEHLAB_CMD_PHB_CREATE: create an emulated PHB (EEHLAB_A_PHB: INDEX,
 *	MODEL, optional NUM_PES); admin
 * @EEHLAB_CMD_PHB_DESTROY: destroy an emulated PHB (EEHLAB_A_PHB: INDEX);
 *	admin
 * @EEHLAB_CMD_NODE_ADD: add a topology node under a PHB (EEHLAB_A_PHB:
 *	INDEX; EEHLAB_A_DEV: NAME, TYPE, ...); replies the new EEHLAB_A_DEV_ID;
 *	admin
 * @EEHLAB_CMD_PHB_ENUMERATE: number the buses, place the BARs and assign
 *	the PEs of a PHB (EEHLAB_A_PHB: INDEX), or, without EEHLAB_A_PHB, of
 *	every PHB not enumerated yet; admin
 * @EEHLAB_CMD_PE_GET: a PE's state (EEHLAB_A_PHB: INDEX; EEHLAB_A_PE: NUM)
 * @EEHLAB_CMD_INJECT: inject an error (EEHLAB_A_INJECT); admin
 * @EEHLAB_CMD_RECOVER: run the EEH recovery of pending freezes; admin
 * @EEHLAB_CMD_EVENT: notification on the "events" multicast group
 *	(EEHLAB_A_EVENT)
 * @EEHLAB_CMD_PHB_GET: a PHB's state (EEHLAB_A_PHB: INDEX)
 *
 * Sessions. A client that opens a session gets a model of its own, tied
 * to its netlink socket: every command it sends acts on that model until
 * SESSION_CLOSE or until the socket closes. A client without a session
 * acts on the module's shared model.
 * @EEHLAB_CMD_SESSION_OPEN: open the caller's session (optional
 *	EEHLAB_A_MEM_CAP); admin
 * @EEHLAB_CMD_SESSION_CLOSE: close it; admin
 *
 * The scenario verbs (include/eehlab/session.h), one command each. A
 * device is EEHLAB_A_PHB (INDEX) plus EEHLAB_A_DEV (ID); a PE is
 * EEHLAB_A_PHB (INDEX) plus EEHLAB_A_PE (NUM). A refusal of the model is
 * the model's errno with its message in extack.
 * @EEHLAB_CMD_DEV_RESOLVE: EEHLAB_A_SPEC (name or BDF); replies EEHLAB_A_DEV
 * @EEHLAB_CMD_DEV_LIST: replies one EEHLAB_A_DEV per function
 * @EEHLAB_CMD_PE_COVERS: PE (NUM: the parent; CHILD); replies
 *	EEHLAB_A_PE (COVERS)
 * @EEHLAB_CMD_DRIVER_SET: device; EEHLAB_A_DRIVER; admin
 * @EEHLAB_CMD_MEM_ALLOC: EEHLAB_A_LEN, optional EEHLAB_A_ALIGN; replies
 *	EEHLAB_A_ADDR; admin
 * @EEHLAB_CMD_MEM_READ: EEHLAB_A_ADDR, EEHLAB_A_LEN (at most
 *	EEHLAB_DATA_MAX); replies EEHLAB_A_DATA
 * @EEHLAB_CMD_MEM_WRITE: EEHLAB_A_ADDR, EEHLAB_A_DATA; admin
 * @EEHLAB_CMD_WINDOW_CREATE: PE; EEHLAB_A_WINDOW (WHICH, PAGE_SHIFT, SIZE,
 *	LEVELS); admin
 * @EEHLAB_CMD_WINDOW_REMOVE: PE; EEHLAB_A_WINDOW (WHICH); admin
 * @EEHLAB_CMD_WINDOW_GET: PE; EEHLAB_A_WINDOW (WHICH); replies
 *	EEHLAB_A_WINDOW with the table
 * @EEHLAB_CMD_TCE_MAP: PE; EEHLAB_A_WINDOW (WHICH); EEHLAB_A_ADDR (the bus
 *	address), EEHLAB_A_HOST, EEHLAB_A_LEN, EEHLAB_A_PERM (0: clear); admin
 * @EEHLAB_CMD_MMIO_READ: device; EEHLAB_A_BAR, EEHLAB_A_OFFSET,
 *	EEHLAB_A_WIDTH, optional EEHLAB_A_DETECT; replies EEHLAB_A_VALUE;
 *	admin (a load can detect a freeze)
 * @EEHLAB_CMD_MMIO_WRITE: as MMIO_READ, plus EEHLAB_A_VALUE; admin
 * @EEHLAB_CMD_CFG_READ: device; EEHLAB_A_OFFSET, EEHLAB_A_WIDTH; replies
 *	EEHLAB_A_VALUE; admin
 * @EEHLAB_CMD_CFG_WRITE: as CFG_READ, plus EEHLAB_A_VALUE; admin
 * @EEHLAB_CMD_DMA: device; EEHLAB_A_DMA (IOBA, LEN, BUF_OFF, DIR, START);
 *	replies EEHLAB_A_DMA (OUTCOME, CAUSE); admin
 * @EEHLAB_CMD_CHECK: device: eeh_dev_check_failure; replies
 *	EEHLAB_A_QUEUED; admin
 * @EEHLAB_CMD_ADVANCE: EEHLAB_A_MS: move the model's clock; admin
 * @EEHLAB_CMD_MAX_FREEZES_SET: EEHLAB_A_MAX_FREEZES; admin
 * @EEHLAB_CMD_PE_STATE: PE; replies EEHLAB_A_PE with the state as a
 *	driver and sysfs see it
 * @EEHLAB_CMD_FROZEN_GET: replies EEHLAB_A_COUNT and one EEHLAB_A_PE
 *	(PHB, NUM) per frozen PE
 * @EEHLAB_CMD_CB_GET: optional EEHLAB_A_AFTER; replies EEHLAB_A_SEQ (the
 *	newest record) and one EEHLAB_A_CB per record newer than AFTER
 *	(oldest first; none when AFTER is absent)
 * @EEHLAB_CMD_DIAG_GET: PE; replies EEHLAB_A_DIAG (-ENOENT: none)
 * @EEHLAB_CMD_GUEST_CREATE: EEHLAB_A_GUEST (NAME); admin
 * @EEHLAB_CMD_GUEST_SLOT: EEHLAB_A_GUEST (NAME, SLOT_*); admin
 * @EEHLAB_CMD_GUEST_ASSIGN: EEHLAB_A_GUEST (NAME); PE; replies
 *	EEHLAB_A_GUEST (LIOBN); admin
 * @EEHLAB_CMD_GUEST_RELEASE: PE; admin
 * @EEHLAB_CMD_GUEST_WINDOW: PE; EEHLAB_A_WINDOW (PAGE_SHIFT, SIZE, LEVELS,
 *	or REMOVE); replies EEHLAB_A_WINDOW (LIOBN); admin
 * @EEHLAB_CMD_GUEST_LIOBN: PE; EEHLAB_A_WINDOW (WHICH, optional TIER);
 *	replies EEHLAB_A_WINDOW (LIOBN); admin
 * @EEHLAB_CMD_HCALL: EEHLAB_A_GUEST (NAME); EEHLAB_A_HCALL (OPCODE, ARG*);
 *	replies EEHLAB_A_HCALL (RC, RET, TIER); admin
 * @EEHLAB_CMD_GUEST_MEM_READ: EEHLAB_A_GUEST (NAME); EEHLAB_A_ADDR (guest
 *	physical), EEHLAB_A_LEN; replies EEHLAB_A_DATA
 * @EEHLAB_CMD_GUEST_MEM_WRITE: EEHLAB_A_GUEST (NAME); EEHLAB_A_ADDR,
 *	EEHLAB_A_DATA; admin
 * @EEHLAB_CMD_GUEST_STATS: EEHLAB_A_GUEST (NAME, optional HC); replies
 *	EEHLAB_A_GUEST (FINISHED_*, PINS, EXITS)
 * @EEHLAB_CMD_GUEST_EEH: PE; EEHLAB_A_VFIO (OP, TYPE, FUNC, ADDR, MASK):
 *	VFIO_EEH_PE_OP by the owner; replies EEHLAB_A_VFIO (RESULT); admin
 * @EEHLAB_CMD_INVARIANTS: replies EEHLAB_A_INVARIANT when an isolation
 *	invariant is violated (absent: all hold)
 * @EEHLAB_CMD_STATS: the module's own counters: replies EEHLAB_A_STATS
 * @EEHLAB_CMD_TEST_FAIL_NTH: EEHLAB_A_FAIL_NTH: fail the module's Nth
 *	allocation from now (0: never); test builds only, -EOPNOTSUPP
 *	otherwise; admin
 * @EEHLAB_CMD_REAL_LIST: the machine's real PHBs, PEs and devices as the
 *	Linux EEH core sees them (not the emulated ones): replies
 *	EEHLAB_A_REAL_PLATFORM, then one EEHLAB_A_REAL_PHB per PHB, one
 *	EEHLAB_A_REAL_PE per PE (each PHB's PE tree, parents first) and one
 *	EEHLAB_A_REAL_DEV per PCI function. Not a PowerNV host with EEH: no
 *	PHB, and the platform string says why; that is not an error
 * @EEHLAB_CMD_REAL_INJECT: emulate the hardware's freeze of a real PE
 *	(EEHLAB_A_REAL_INJ: DOMAIN, PE_ADDR, KIND): the PE's PEST A/B stop
 *	bits and its PEEV bit set through the PHB's IODA registers, the
 *	fundamental reset asked for its devices, then eeh_dev_check_failure()
 *	on one of them; replies EEHLAB_A_REAL_INJ (PESTA, PESTB, PEEV,
 *	DETECTED, CHECKED_BDF). The Linux EEH core then recovers the PE
 *	through the real drivers; REAL_LIST shows the outcome. Test-only
 *	(the IODA registers are written without firmware's lock); PHB3 and
 *	PHB4 only, else -EOPNOTSUPP (also when the PHB does not keep the
 *	PEST, as QEMU's PHB3 model); no such PE: -ENODEV; the PE isolated
 *	or recovering already: -EBUSY; admin
 * @__EEHLAB_CMD_MAX: internal
 * @EEHLAB_CMD_MAX: highest command number
 */
enum {
	EEHLAB_CMD_UNSPEC,
	EEHLAB_CMD_GET_VERSION,
	EEHLAB_CMD_PHB_CREATE,
	EEHLAB_CMD_PHB_DESTROY,
	EEHLAB_CMD_NODE_ADD,
	EEHLAB_CMD_PHB_ENUMERATE,
	EEHLAB_CMD_PE_GET,
	EEHLAB_CMD_INJECT,
	EEHLAB_CMD_RECOVER,
	EEHLAB_CMD_EVENT,
	EEHLAB_CMD_PHB_GET,
	EEHLAB_CMD_SESSION_OPEN,
	EEHLAB_CMD_SESSION_CLOSE,
	EEHLAB_CMD_DEV_RESOLVE,
	EEHLAB_CMD_DEV_LIST,
	EEHLAB_CMD_PE_COVERS,
	EEHLAB_CMD_DRIVER_SET,
	EEHLAB_CMD_MEM_ALLOC,
	EEHLAB_CMD_MEM_READ,
	EEHLAB_CMD_MEM_WRITE,
	EEHLAB_CMD_WINDOW_CREATE,
	EEHLAB_CMD_WINDOW_REMOVE,
	EEHLAB_CMD_WINDOW_GET,
	EEHLAB_CMD_TCE_MAP,
	EEHLAB_CMD_MMIO_READ,
	EEHLAB_CMD_MMIO_WRITE,
	EEHLAB_CMD_CFG_READ,
	EEHLAB_CMD_CFG_WRITE,
	EEHLAB_CMD_DMA,
	EEHLAB_CMD_CHECK,
	EEHLAB_CMD_ADVANCE,
	EEHLAB_CMD_MAX_FREEZES_SET,
	EEHLAB_CMD_PE_STATE,
	EEHLAB_CMD_FROZEN_GET,
	EEHLAB_CMD_CB_GET,
	EEHLAB_CMD_DIAG_GET,
	EEHLAB_CMD_GUEST_CREATE,
	EEHLAB_CMD_GUEST_SLOT,
	EEHLAB_CMD_GUEST_ASSIGN,
	EEHLAB_CMD_GUEST_RELEASE,
	EEHLAB_CMD_GUEST_WINDOW,
	EEHLAB_CMD_GUEST_LIOBN,
	EEHLAB_CMD_HCALL,
	EEHLAB_CMD_GUEST_MEM_READ,
	EEHLAB_CMD_GUEST_MEM_WRITE,
	EEHLAB_CMD_GUEST_STATS,
	EEHLAB_CMD_GUEST_EEH,
	EEHLAB_CMD_INVARIANTS,
	EEHLAB_CMD_STATS,
	EEHLAB_CMD_TEST_FAIL_NTH,
	EEHLAB_CMD_REAL_LIST,
	EEHLAB_CMD_REAL_INJECT,
	EEHLAB_CMD_REAL_HW_INJECT,
	EEHLAB_CMD_REAL_CHECK,
	EEHLAB_CMD_EDU_DMA,
	EEHLAB_CMD_EDU_STATUS,
	EEHLAB_CMD_REAL_GUEST,
	EEHLAB_CMD_HCALL_RACE,

	__EEHLAB_CMD_MAX,
	EEHLAB_CMD_MAX = __EEHLAB_CMD_MAX - 1
};

/* Top-level attributes */
enum {
	EEHLAB_A_UNSPEC,
	EEHLAB_A_VERSION,		/* u32: EEHLAB_GENL_VERSION */
	EEHLAB_A_MODULE_VERSION,	/* string: the module's version */
	EEHLAB_A_PHB,			/* nest: EEHLAB_A_PHB_* */
	EEHLAB_A_PE,			/* nest: EEHLAB_A_PE_* */
	EEHLAB_A_DEV,			/* nest: EEHLAB_A_DEV_* */
	EEHLAB_A_GUEST,			/* nest: EEHLAB_A_GUEST_* */
	EEHLAB_A_INJECT,		/* nest: EEHLAB_A_INJECT_* */
	EEHLAB_A_EVENT,			/* nest: EEHLAB_A_EVENT_* */
	EEHLAB_A_PAD,
	EEHLAB_A_MEM_CAP,		/* u64: host memory cap of a session */
	EEHLAB_A_SPEC,			/* string: device name or BDF */
	EEHLAB_A_BAR,			/* u32: 0..5 */
	EEHLAB_A_OFFSET,		/* u64: in the BAR, or in config space */
	EEHLAB_A_WIDTH,			/* u32: access size, 1, 2, 4 or 8 */
	EEHLAB_A_VALUE,			/* u64 */
	EEHLAB_A_DETECT,		/* flag: run the failure check on all-ones */
	EEHLAB_A_ADDR,			/* u64: host, bus or guest physical address */
	EEHLAB_A_LEN,			/* u64: bytes */
	EEHLAB_A_ALIGN,			/* u64: a power of two, 0: the default */
	EEHLAB_A_HOST,			/* u64: host physical address (TCE_MAP) */
	EEHLAB_A_PERM,			/* u64: TCE permission bits, 0..3 */
	EEHLAB_A_DATA,			/* binary, at most EEHLAB_DATA_MAX bytes */
	EEHLAB_A_WINDOW,		/* nest: EEHLAB_A_WINDOW_* */
	EEHLAB_A_DRIVER,		/* nest: EEHLAB_A_DRIVER_* */
	EEHLAB_A_DMA,			/* nest: EEHLAB_A_DMA_* */
	EEHLAB_A_MS,			/* u64: milliseconds */
	EEHLAB_A_MAX_FREEZES,		/* u32 */
	EEHLAB_A_QUEUED,		/* u8, reply: a recovery event was queued */
	EEHLAB_A_REC_EVENT,		/* nest: EEHLAB_A_REC_* (repeated) */
	EEHLAB_A_CB,			/* nest: EEHLAB_A_CB_* (repeated) */
	EEHLAB_A_AFTER,			/* u64: a callback sequence number */
	EEHLAB_A_SEQ,			/* u64: a callback sequence number */
	EEHLAB_A_DIAG,			/* nest: EEHLAB_A_DIAG_* */
	EEHLAB_A_COUNT,			/* u32 */
	EEHLAB_A_HCALL,			/* nest: EEHLAB_A_HCALL_* */
	EEHLAB_A_VFIO,			/* nest: EEHLAB_A_VFIO_* */
	EEHLAB_A_INVARIANT,		/* string: the violated invariant */
	EEHLAB_A_STATS,			/* nest: EEHLAB_A_STATS_* */
	EEHLAB_A_FAIL_NTH,		/* u32: 0 never, N the Nth allocation */
	EEHLAB_A_REAL_PLATFORM,		/* string: "powernv", or why there are no real PHBs */
	EEHLAB_A_REAL_PHB,		/* nest: EEHLAB_A_REAL_PHB_* (repeated) */
	EEHLAB_A_REAL_PE,		/* nest: EEHLAB_A_REAL_PE_* (repeated) */
	EEHLAB_A_REAL_DEV,		/* nest: EEHLAB_A_REAL_DEV_* (repeated) */
	EEHLAB_A_REAL_INJ,		/* nest: EEHLAB_A_REAL_INJ_* */
	EEHLAB_A_EDU,			/* nest: EEHLAB_A_EDU_* */
	EEHLAB_A_REAL_GUEST,		/* nest: EEHLAB_A_RG_* */
	EEHLAB_A_RACE,			/* nest: EEHLAB_A_RACE_* */

	__EEHLAB_A_MAX,
	EEHLAB_A_MAX = __EEHLAB_A_MAX - 1
};

/* PHB model (EEHLAB_A_PHB_MODEL) */
enum {
	EEHLAB_PHB_MODEL_PHB3 = 3,
	EEHLAB_PHB_MODEL_PHB4 = 4,
};

/* Nested in EEHLAB_A_PHB */
enum {
	EEHLAB_A_PHB_UNSPEC,
	EEHLAB_A_PHB_INDEX,		/* u32: PCI domain, 0..7 */
	EEHLAB_A_PHB_MODEL,		/* u32: EEHLAB_PHB_MODEL_* */
	EEHLAB_A_PHB_NUM_PES,		/* u32: 0 = the model's default */
	EEHLAB_A_PHB_ENUMERATED,	/* u8: 0 or 1 */
	EEHLAB_A_PHB_FENCED,		/* u8: 0 or 1 */
	EEHLAB_A_PHB_NUM_FUNCS,		/* u32 */

	__EEHLAB_A_PHB_MAX,
	EEHLAB_A_PHB_MAX = __EEHLAB_A_PHB_MAX - 1
};

/* Nested in EEHLAB_A_PE */
enum {
	EEHLAB_A_PE_UNSPEC,
	EEHLAB_A_PE_NUM,		/* u32: PE number */
	EEHLAB_A_PE_FW_STATE,		/* u32: OPAL_EEH_STOPPED_* */
	EEHLAB_A_PE_STATE,		/* u32: Linux EEH_STATE_* bits */
	EEHLAB_A_PE_SW_STATE,		/* u32: Linux EEH_PE_* flags */
	EEHLAB_A_PE_FREEZE_COUNT,	/* u32 */
	EEHLAB_A_PE_PEST_A,		/* u64 */
	EEHLAB_A_PE_PEST_B,		/* u64 */
	EEHLAB_A_PE_OWNER,		/* u32: 0 host, else a guest id */
	EEHLAB_A_PE_PARENT,		/* u32: parent PE (absent for the root PE) */
	EEHLAB_A_PE_PHB,		/* u32: the PHB (FROZEN_GET replies) */
	EEHLAB_A_PE_CHILD,		/* u32: PE_COVERS: the child PE */
	EEHLAB_A_PE_COVERS,		/* u8, reply: 1 a freeze of NUM freezes CHILD */
	EEHLAB_A_PE_SYSFS,		/* string: the eeh_pe_state text */
	EEHLAB_A_PE_DMA_BLOCKED,	/* u64: DMAs blocked while frozen */
	EEHLAB_A_PE_STORES_DROPPED,	/* u64: MMIO stores dropped while frozen */
	EEHLAB_A_PE_LOADS_ONES,		/* u64: MMIO loads answered all-ones */

	__EEHLAB_A_PE_MAX,
	EEHLAB_A_PE_MAX = __EEHLAB_A_PE_MAX - 1
};

/* Topology node type (EEHLAB_A_DEV_TYPE) */
enum {
	EEHLAB_NODE_ROOT_PORT,
	EEHLAB_NODE_SWITCH_UP,
	EEHLAB_NODE_SWITCH_DOWN,
	EEHLAB_NODE_ENDPOINT,
};

/* Endpoint kind (EEHLAB_A_DEV_KIND) */
enum {
	EEHLAB_DEV_KIND_BRIDGE,
	EEHLAB_DEV_KIND_PLAIN,
	EEHLAB_DEV_KIND_EDU,
};

/* Nested in EEHLAB_A_DEV */
enum {
	EEHLAB_A_DEV_UNSPEC,
	EEHLAB_A_DEV_ID,		/* u32: function id within its PHB */
	EEHLAB_A_DEV_NAME,		/* string, < EEHLAB_NAME_LEN */
	EEHLAB_A_DEV_TYPE,		/* u32: EEHLAB_NODE_* */
	EEHLAB_A_DEV_PARENT,		/* u32: id of the bridge above; absent: root bus */
	EEHLAB_A_DEV_KIND,		/* u32: EEHLAB_DEV_KIND_* (endpoints) */
	EEHLAB_A_DEV_FUNCTIONS,		/* u32: 1..8 (endpoints) */
	EEHLAB_A_DEV_VENDOR,		/* u16 */
	EEHLAB_A_DEV_DEVICE,		/* u16 */
	EEHLAB_A_DEV_BAR32_SIZE,	/* u64 */
	EEHLAB_A_DEV_BAR64_SIZE,	/* u64 */
	EEHLAB_A_DEV_NEEDS_FRESET,	/* flag */
	EEHLAB_A_DEV_BUS,		/* u8: after enumeration */
	EEHLAB_A_DEV_DEVFN,		/* u8: after enumeration */
	EEHLAB_A_DEV_PE,		/* u32: after enumeration */
	EEHLAB_A_DEV_PHB,		/* u32: the PHB index (replies) */
	EEHLAB_A_DEV_ENDPOINT,		/* u8: 0 bridge, 1 endpoint */
	EEHLAB_A_DEV_EDU,		/* u8: 1 has the edu registers and DMA engine */
	EEHLAB_A_DEV_PRESENT,		/* u8: present on the bus */
	EEHLAB_A_DEV_BOUND,		/* u8: a driver is bound */
	EEHLAB_A_DEV_BDF,		/* string: "0000:03:00.0", after enumeration */

	__EEHLAB_A_DEV_MAX,
	EEHLAB_A_DEV_MAX = __EEHLAB_A_DEV_MAX - 1
};

/* Nested in EEHLAB_A_GUEST */
enum {
	EEHLAB_A_GUEST_UNSPEC,
	EEHLAB_A_GUEST_ID,		/* u32: > 0 */
	EEHLAB_A_GUEST_NAME,		/* string, < EEHLAB_NAME_LEN */
	EEHLAB_A_GUEST_SLOT_GPA,	/* u64: guest physical start of a slot */
	EEHLAB_A_GUEST_SLOT_SIZE,	/* u64: bytes */
	EEHLAB_A_GUEST_SLOT_PAGE_SHIFT,	/* u32: 12..30 */
	EEHLAB_A_GUEST_SLOT_PREREG,	/* flag: pinned in advance */
	EEHLAB_A_GUEST_SLOT_NOT_LINEAR,	/* flag: no linear mapping */
	EEHLAB_A_GUEST_LIOBN,		/* u64, reply */
	EEHLAB_A_GUEST_HC,		/* u32: one hypercall (enum eeh_hc); absent: all */
	EEHLAB_A_GUEST_FINISHED_REAL,	/* u64, reply: calls the real-mode tier finished */
	EEHLAB_A_GUEST_FINISHED_VIRT,	/* u64, reply: ... the virtual-mode tier */
	EEHLAB_A_GUEST_FINISHED_USER,	/* u64, reply: ... userspace */
	EEHLAB_A_GUEST_PINS,		/* u64, reply: guest pages pinned */
	EEHLAB_A_GUEST_EXITS,		/* u64, reply: calls handed to userspace */

	__EEHLAB_A_GUEST_MAX,
	EEHLAB_A_GUEST_MAX = __EEHLAB_A_GUEST_MAX - 1
};

/* Injection kind (EEHLAB_A_INJECT_KIND) */
enum {
	EEHLAB_INJECT_FUNC,		/* arm an OPAL error-injection function */
	EEHLAB_INJECT_FREEZE,		/* freeze a PE now */
	EEHLAB_INJECT_FENCE,		/* fence the PHB now */
	EEHLAB_INJECT_DMA_FAULT,	/* fail the PE's next DMA */
};

/* Nested in EEHLAB_A_INJECT */
enum {
	EEHLAB_A_INJECT_UNSPEC,
	EEHLAB_A_INJECT_KIND,		/* u32: EEHLAB_INJECT_* */
	EEHLAB_A_INJECT_PHB,		/* u32: PHB index */
	EEHLAB_A_INJECT_PE,		/* u32: PE number */
	EEHLAB_A_INJECT_TYPE,		/* u32: 0 32-bit, 1 64-bit (FUNC) */
	EEHLAB_A_INJECT_FUNC,		/* u32: OPAL function code (FUNC) */
	EEHLAB_A_INJECT_ADDR,		/* u64 */
	EEHLAB_A_INJECT_MASK,		/* u64 */
	EEHLAB_A_INJECT_WHICH,		/* u32: 1 MMIO, 2 DMA, 3 both (FREEZE) */
	EEHLAB_A_INJECT_CAUSE,		/* u32: DMA fault cause (DMA_FAULT) */
	EEHLAB_A_INJECT_FW_ANSWER,	/* s32, reply: 0, -1 or -7 as OPAL */
	EEHLAB_A_INJECT_TRAP_ID,	/* u32, reply: the armed trap */

	__EEHLAB_A_INJECT_MAX,
	EEHLAB_A_INJECT_MAX = __EEHLAB_A_INJECT_MAX - 1
};

/* Event type (EEHLAB_A_EVENT_TYPE) */
enum {
	EEHLAB_EVENT_FREEZE_DETECTED,
	EEHLAB_EVENT_DRIVER_CALLBACK,
	EEHLAB_EVENT_RECOVERY_RESULT,
	EEHLAB_EVENT_PERM_FAILURE,
	EEHLAB_EVENT_REAL_CALLBACK,	/* the module's PCI driver: BDF, CALLBACK, STATE, RESULT */
};

/* Nested in EEHLAB_A_EVENT */
enum {
	EEHLAB_A_EVENT_UNSPEC,
	EEHLAB_A_EVENT_TYPE,		/* u32: EEHLAB_EVENT_* */
	EEHLAB_A_EVENT_SEQ,		/* u64 */
	EEHLAB_A_EVENT_PHB,		/* u32 */
	EEHLAB_A_EVENT_PE,		/* u32 */
	EEHLAB_A_EVENT_DEV,		/* u32: function id */
	EEHLAB_A_EVENT_CALLBACK,	/* u32: error_detected, mmio_enabled, ... */
	EEHLAB_A_EVENT_RESULT,		/* u32: pci_ers_result or recovery result */
	EEHLAB_A_EVENT_TEXT,		/* string */
	EEHLAB_A_EVENT_BDF,		/* string: a real function, "0000:01:00.0" */
	EEHLAB_A_EVENT_STATE,		/* u32: error_detected's pci_channel_state */

	__EEHLAB_A_EVENT_MAX,
	EEHLAB_A_EVENT_MAX = __EEHLAB_A_EVENT_MAX - 1
};

/* Nested in EEHLAB_A_WINDOW */
enum {
	EEHLAB_A_WINDOW_UNSPEC,
	EEHLAB_A_WINDOW_WHICH,		/* u32: 0 the 32-bit window, 1 the 64-bit one */
	EEHLAB_A_WINDOW_PAGE_SHIFT,	/* u32: I/O page, 12..30 */
	EEHLAB_A_WINDOW_SIZE,		/* u64: bytes of bus address space */
	EEHLAB_A_WINDOW_LEVELS,		/* u32: 1..5 (the model refuses others) */
	EEHLAB_A_WINDOW_REMOVE,		/* flag: GUEST_WINDOW: take it away */
	EEHLAB_A_WINDOW_TIER,		/* u32: GUEST_LIOBN: 0 real, 1 virtual, 2 user */
	EEHLAB_A_WINDOW_LIOBN,		/* u64, reply */
	EEHLAB_A_WINDOW_BASE,		/* u64, reply: host address of the top level */
	EEHLAB_A_WINDOW_LEVEL_SHIFT,	/* u32, reply */
	EEHLAB_A_WINDOW_BUS_START,	/* u64, reply */
	EEHLAB_A_WINDOW_ENTRIES,	/* u64, reply */
	EEHLAB_A_WINDOW_BYTES,		/* u64, reply: the window's size on the bus */

	__EEHLAB_A_WINDOW_MAX,
	EEHLAB_A_WINDOW_MAX = __EEHLAB_A_WINDOW_MAX - 1
};

/* Nested in EEHLAB_A_DRIVER; an absent attribute keeps the current value */
enum {
	EEHLAB_A_DRIVER_UNSPEC,
	EEHLAB_A_DRIVER_BOUND,		/* u8: 0 or 1 */
	EEHLAB_A_DRIVER_HANDLERS,	/* u8: 0 or 1: has error handlers */
	EEHLAB_A_DRIVER_ERROR_DETECTED,	/* u32: pci_ers_result (1..5) */
	EEHLAB_A_DRIVER_MMIO_ENABLED,	/* u32 */
	EEHLAB_A_DRIVER_SLOT_RESET,	/* u32 */

	__EEHLAB_A_DRIVER_MAX,
	EEHLAB_A_DRIVER_MAX = __EEHLAB_A_DRIVER_MAX - 1
};

/* Nested in EEHLAB_A_DMA */
enum {
	EEHLAB_A_DMA_UNSPEC,
	EEHLAB_A_DMA_IOBA,		/* u64: bus address */
	EEHLAB_A_DMA_LEN,		/* u32: 1..4096 */
	EEHLAB_A_DMA_BUF_OFF,		/* u32: offset in the edu buffer */
	EEHLAB_A_DMA_DIR,		/* u32: 0 to RAM, 1 to the device */
	EEHLAB_A_DMA_START,		/* u32: 0 through MMIO, 1 the engine itself */
	EEHLAB_A_DMA_OUTCOME,		/* u32, reply: not started, ok, blocked, fault */
	EEHLAB_A_DMA_CAUSE,		/* u32, reply: the fault's cause */

	__EEHLAB_A_DMA_MAX,
	EEHLAB_A_DMA_MAX = __EEHLAB_A_DMA_MAX - 1
};

/* Nested in EEHLAB_A_REC_EVENT */
enum {
	EEHLAB_A_REC_UNSPEC,
	EEHLAB_A_REC_PHB,		/* u32 */
	EEHLAB_A_REC_PE,		/* u32: absent for a PHB (fence) event */
	EEHLAB_A_REC_RESULT,		/* u32: none, recovered, perm failure, ... */
	EEHLAB_A_REC_MERGED,		/* u32: the merged driver answer */
	EEHLAB_A_REC_RESETS,		/* u32 */
	EEHLAB_A_REC_THAWED,		/* u8 */
	EEHLAB_A_REC_FREEZE_COUNT,	/* u32 */
	EEHLAB_A_REC_START_MS,		/* u64 */
	EEHLAB_A_REC_END_MS,		/* u64 */
	EEHLAB_A_REC_TEXT,		/* string */

	__EEHLAB_A_REC_MAX,
	EEHLAB_A_REC_MAX = __EEHLAB_A_REC_MAX - 1
};

/* Nested in EEHLAB_A_CB: one driver callback as the model ran it */
enum {
	EEHLAB_A_CB_UNSPEC,
	EEHLAB_A_CB_SEQ,		/* u64 */
	EEHLAB_A_CB_TIME_MS,		/* u64 */
	EEHLAB_A_CB_PHB,		/* u32 */
	EEHLAB_A_CB_FUNC,		/* u32: function id */
	EEHLAB_A_CB_CALLBACK,		/* u32: error_detected, mmio_enabled, ... */
	EEHLAB_A_CB_STATE,		/* u32: pci_channel_state (error_detected) */
	EEHLAB_A_CB_RESULT,		/* u32: what the driver answered */

	__EEHLAB_A_CB_MAX,
	EEHLAB_A_CB_MAX = __EEHLAB_A_CB_MAX - 1
};

/* Nested in EEHLAB_A_DIAG: a PHB diag-data entry */
enum {
	EEHLAB_A_DIAG_UNSPEC,
	EEHLAB_A_DIAG_SEQ,		/* u64 */
	EEHLAB_A_DIAG_TIME_MS,		/* u64 */
	EEHLAB_A_DIAG_PHB,		/* u32 */
	EEHLAB_A_DIAG_PE,		/* u32: absent for a PHB-wide entry */
	EEHLAB_A_DIAG_TYPE,		/* u32: OPAL_EEH_* error type */
	EEHLAB_A_DIAG_SEVERITY,		/* u32 */
	EEHLAB_A_DIAG_CAUSE,		/* u32 */
	EEHLAB_A_DIAG_FUNC,		/* u32: injection function; absent: none */
	EEHLAB_A_DIAG_ADDR,		/* u64 */
	EEHLAB_A_DIAG_PEST_A,		/* u64 */
	EEHLAB_A_DIAG_PEST_B,		/* u64 */
	EEHLAB_A_DIAG_TEXT,		/* string */

	__EEHLAB_A_DIAG_MAX,
	EEHLAB_A_DIAG_MAX = __EEHLAB_A_DIAG_MAX - 1
};

/* Nested in EEHLAB_A_HCALL: a hypercall made by a guest */
enum {
	EEHLAB_A_HCALL_UNSPEC,
	EEHLAB_A_HCALL_OPCODE,		/* u64: H_PUT_TCE (0x20), ... */
	EEHLAB_A_HCALL_ARG0,		/* u64; absent arguments are not passed */
	EEHLAB_A_HCALL_ARG1,		/* u64 */
	EEHLAB_A_HCALL_ARG2,		/* u64 */
	EEHLAB_A_HCALL_ARG3,		/* u64 */
	EEHLAB_A_HCALL_RC,		/* s64, reply: H_SUCCESS, H_PARAMETER, ... */
	EEHLAB_A_HCALL_RET,		/* u64, reply: H_GET_TCE's TCE */
	EEHLAB_A_HCALL_TIER,		/* u32, reply: the tier that finished it */

	__EEHLAB_A_HCALL_MAX,
	EEHLAB_A_HCALL_MAX = __EEHLAB_A_HCALL_MAX - 1
};

/* Nested in EEHLAB_A_VFIO: VFIO_EEH_PE_OP */
enum {
	EEHLAB_A_VFIO_UNSPEC,
	EEHLAB_A_VFIO_OP,		/* u32: VFIO_EEH_PE_* */
	EEHLAB_A_VFIO_TYPE,		/* u32: INJECT_ERR: error type */
	EEHLAB_A_VFIO_FUNC,		/* u32: INJECT_ERR: function */
	EEHLAB_A_VFIO_ADDR,		/* u64: INJECT_ERR */
	EEHLAB_A_VFIO_MASK,		/* u64: INJECT_ERR */
	EEHLAB_A_VFIO_RESULT,		/* u32, reply: GET_STATE's state, else 0 */

	__EEHLAB_A_VFIO_MAX,
	EEHLAB_A_VFIO_MAX = __EEHLAB_A_VFIO_MAX - 1
};

/* Nested in EEHLAB_A_STATS: the module's own counters */
enum {
	EEHLAB_A_STATS_UNSPEC,
	EEHLAB_A_STATS_LIVE_ALLOCS,	/* u64: allocations live now */
	EEHLAB_A_STATS_LIVE_BYTES,	/* u64 */
	EEHLAB_A_STATS_SESSIONS,	/* u32: sessions open */
	EEHLAB_A_STATS_RM_VIOLATIONS,	/* u64: real-mode rule breaks seen */
	EEHLAB_A_STATS_TEST_HOOKS,	/* u8: 1 in a test build */

	__EEHLAB_A_STATS_MAX,
	EEHLAB_A_STATS_MAX = __EEHLAB_A_STATS_MAX - 1
};

/* Lengths of the REAL_LIST strings, including the terminating NUL */
#define EEHLAB_REAL_MODEL_LEN		64
#define EEHLAB_REAL_DRIVER_LEN		64

/* Real PE type bits (EEHLAB_A_REAL_PE_TYPE): the kernel's EEH_PE_* types */
#define EEHLAB_REAL_PE_TYPE_INVALID	0x01
#define EEHLAB_REAL_PE_TYPE_PHB		0x02
#define EEHLAB_REAL_PE_TYPE_DEVICE	0x04
#define EEHLAB_REAL_PE_TYPE_BUS		0x08
#define EEHLAB_REAL_PE_TYPE_VF		0x10

/* Nested in EEHLAB_A_REAL_PHB: a real PHB (struct pci_controller) */
enum {
	EEHLAB_A_REAL_PHB_UNSPEC,
	EEHLAB_A_REAL_PHB_DOMAIN,	/* u32: PCI domain (hose->global_number) */
	EEHLAB_A_REAL_PHB_MODEL,	/* string: first device-tree "compatible" */
	EEHLAB_A_REAL_PHB_NUM_PES,	/* u32: "ibm,opal-num-pes"; 0 unknown */
	EEHLAB_A_REAL_PHB_PES,		/* u32: its EEHLAB_A_REAL_PE nests */

	__EEHLAB_A_REAL_PHB_MAX,
	EEHLAB_A_REAL_PHB_MAX = __EEHLAB_A_REAL_PHB_MAX - 1
};

/*
 * Nested in EEHLAB_A_REAL_PE: a PE of the EEH core (struct eeh_pe).
 * STATE is what eeh_pe_get_state() answers, an EEH_PE_STATE_* of
 * asm/eeh.h's uapi (0 normal, 1 reset, 2 MMIO and DMA stopped, 4 DMA
 * stopped, 5 unavailable) or a negative errno. FLAGS is pe->state, the
 * kernel's EEH_PE_* flags (ISOLATED 0x1, RECOVERING 0x2, CFG_BLOCKED
 * 0x4, RESET 0x8, KEEP 0x100, CFG_RESTRICTED 0x200, REMOVED 0x400,
 * PRI_BUS 0x800): the second word of sysfs eeh_pe_state.
 */
enum {
	EEHLAB_A_REAL_PE_UNSPEC,
	EEHLAB_A_REAL_PE_DOMAIN,	/* u32: its PHB's PCI domain */
	EEHLAB_A_REAL_PE_INDEX,		/* u32: its place in this reply, from 0 */
	EEHLAB_A_REAL_PE_ADDR,		/* u32: PE address (pe->addr) */
	EEHLAB_A_REAL_PE_TYPE,		/* u32: EEHLAB_REAL_PE_TYPE_* bits */
	EEHLAB_A_REAL_PE_PARENT,	/* u32: the parent's INDEX; absent: the PHB PE */
	EEHLAB_A_REAL_PE_PARENT_ADDR,	/* u32: the parent's PE address */
	EEHLAB_A_REAL_PE_STATE,		/* s32: eeh_pe_get_state(), see above */
	EEHLAB_A_REAL_PE_FLAGS,		/* u32: pe->state: EEH_PE_* flags */
	EEHLAB_A_REAL_PE_FREEZE_COUNT,	/* u32 */
	EEHLAB_A_REAL_PE_PASSED,	/* u32: devices passed through (pass_dev_cnt) */

	__EEHLAB_A_REAL_PE_MAX,
	EEHLAB_A_REAL_PE_MAX = __EEHLAB_A_REAL_PE_MAX - 1
};

/* Nested in EEHLAB_A_REAL_DEV: a PCI function with its EEH device */
enum {
	EEHLAB_A_REAL_DEV_UNSPEC,
	EEHLAB_A_REAL_DEV_DOMAIN,	/* u32: PCI domain */
	EEHLAB_A_REAL_DEV_BDF,		/* string: "0000:01:00.0" */
	EEHLAB_A_REAL_DEV_VENDOR,	/* u16 */
	EEHLAB_A_REAL_DEV_DEVICE,	/* u16 */
	EEHLAB_A_REAL_DEV_CLASS,	/* u32: 24-bit class code */
	EEHLAB_A_REAL_DEV_DRIVER,	/* string: the bound driver; absent: none */
	EEHLAB_A_REAL_DEV_PE,		/* u32: the INDEX of its PE */
	EEHLAB_A_REAL_DEV_PE_ADDR,	/* u32: its PE's address */

	__EEHLAB_A_REAL_DEV_MAX,
	EEHLAB_A_REAL_DEV_MAX = __EEHLAB_A_REAL_DEV_MAX - 1
};

/* The halves of an emulated freeze (EEHLAB_A_REAL_INJ_KIND), bits */
#define EEHLAB_REAL_FREEZE_MMIO		0x1	/* PEST A: MMIO stopped */
#define EEHLAB_REAL_FREEZE_DMA		0x2	/* PEST B: DMA stopped */
#define EEHLAB_REAL_FREEZE_BOTH		0x3

/* Nested in EEHLAB_A_REAL_INJ: REAL_INJECT's request and reply */
enum {
	EEHLAB_A_REAL_INJ_UNSPEC,
	EEHLAB_A_REAL_INJ_PAD,
	EEHLAB_A_REAL_INJ_DOMAIN,	/* u32: the PHB's PCI domain */
	EEHLAB_A_REAL_INJ_PE_ADDR,	/* u32: the PE address (pe->addr) */
	EEHLAB_A_REAL_INJ_KIND,		/* u32: EEHLAB_REAL_FREEZE_* bits */
	EEHLAB_A_REAL_INJ_PESTA,	/* u64, reply: PEST A as written */
	EEHLAB_A_REAL_INJ_PESTB,	/* u64, reply: PEST B as written */
	EEHLAB_A_REAL_INJ_PEEV,		/* u64, reply: the PE's PEEV word as written */
	EEHLAB_A_REAL_INJ_DETECTED,	/* u8, reply: eeh_dev_check_failure() saw it */
	EEHLAB_A_REAL_INJ_CHECKED_BDF,	/* string, reply: the function it checked */
	/* REAL_HW_INJECT: eeh_pe_inject_err(pe, TYPE, FUNC, ADDR, MASK) */
	EEHLAB_A_REAL_INJ_TYPE,		/* u32: 0 32-bit, 1 64-bit (EEH_ERR_TYPE_*) */
	EEHLAB_A_REAL_INJ_FUNC,		/* u32: EEH_ERR_FUNC_*, passed on as it is */
	EEHLAB_A_REAL_INJ_ADDR,		/* u64: address to match */
	EEHLAB_A_REAL_INJ_MASK,		/* u64: address mask, 0: any */
	EEHLAB_A_REAL_INJ_RC,		/* s32, reply: eeh_pe_inject_err()'s return */
	/* REAL_CHECK: eeh_dev_check_failure() on this function */
	EEHLAB_A_REAL_INJ_BDF,		/* string: "0000:01:00.0" */

	__EEHLAB_A_REAL_INJ_MAX,
	EEHLAB_A_REAL_INJ_MAX = __EEHLAB_A_REAL_INJ_MAX - 1
};

/*
 * Nested in EEHLAB_A_EDU: EDU_DMA and EDU_STATUS, the module's PCI driver
 * for QEMU's edu device (driver/eehlab_edu.c).
 */
enum {
	EEHLAB_A_EDU_UNSPEC,
	EEHLAB_A_EDU_PAD,
	EEHLAB_A_EDU_BDF,		/* string: the bound function, "0000:02:00.0" */
	EEHLAB_A_EDU_LEN,		/* u32: EDU_DMA: bytes, 1..4095 (default 4095) */
	EEHLAB_A_EDU_SEED,		/* u32: EDU_DMA: the pattern's seed (default 0) */
	EEHLAB_A_EDU_RESULT,		/* s32, reply: EDU_DMA: 0 verified, else -errno */
	EEHLAB_A_EDU_BYTES,		/* u32, reply: bytes equal before the first mismatch */
	EEHLAB_A_EDU_MISMATCH,		/* u32, reply: first differing offset; absent: none */
	EEHLAB_A_EDU_IOVA,		/* u64, reply: the bus address of the RAM buffer */
	EEHLAB_A_EDU_ID,		/* u32, reply: the identification register */
	EEHLAB_A_EDU_PE,		/* u32, reply: EDU_STATUS: the EEH PE address */
	EEHLAB_A_EDU_CALLBACKS,		/* string, reply: "error_detected(frozen) resume" */
	EEHLAB_A_EDU_DMA_OK,		/* u32, reply: round trips verified since bind */
	EEHLAB_A_EDU_DMA_FAILED,	/* u32, reply: round trips failed since bind */
	EEHLAB_A_EDU_RESUME_DMA,	/* s32, reply: the last resume's round trip; absent: none */

	__EEHLAB_A_EDU_MAX,
	EEHLAB_A_EDU_MAX = __EEHLAB_A_EDU_MAX - 1
};

/*
 * REAL_GUEST's operations (EEHLAB_A_RG_OP). One guest at a time:
 * TAKE  (BDF, PAGES, LIOBN_TIER) takes the PE of function BDF from the
 *	host (no function of it may have a driver), pins the guest memory
 *	and gives the guest a 32-bit DMA window of 4K TCEs at bus address 0;
 * HCALL (HCALL, IOBA, TCE, COUNT, TIER) runs one TCE hypercall of the
 *	guest from tier TIER on (LIOBN: the window's);
 * READ  (GPA, LEN) and WRITE (GPA, DATA): the guest's memory;
 * DMA   (IOBA, LEN, DIR, DEV_OFF): the edu engine of the taken function,
 *	through the guest's TCEs; a TCE that denies the access raises the
 *	PE's emulated freeze, as the PHB would;
 * RELEASE gives the PE back to the host; STATUS describes the guest.
 */
#define EEHLAB_RG_OP_TAKE	1
#define EEHLAB_RG_OP_HCALL	2
#define EEHLAB_RG_OP_READ	3
#define EEHLAB_RG_OP_WRITE	4
#define EEHLAB_RG_OP_DMA	5
#define EEHLAB_RG_OP_RELEASE	6
#define EEHLAB_RG_OP_STATUS	7

/* The tiers of a TCE hypercall (EEHLAB_A_RG_TIER, _LIOBN_TIER) */
#define EEHLAB_RG_TIER_REAL	0	/* no sleeping, pinned memory only */
#define EEHLAB_RG_TIER_VIRTUAL	1	/* may sleep */
#define EEHLAB_RG_TIER_USER	2	/* the caller (the VMM) */

/* EEHLAB_A_RG_DIR */
#define EEHLAB_RG_DMA_TO_RAM	0	/* edu buffer -> guest memory (TCE W) */
#define EEHLAB_RG_DMA_FROM_RAM	1	/* guest memory -> edu buffer (TCE R) */

/*
 * Nested in EEHLAB_A_REAL_GUEST: REAL_GUEST, a module-side guest that
 * owns a real PE's TCE table (driver/eehlab_tce_real.c).
 */
enum {
	EEHLAB_A_RG_UNSPEC,
	EEHLAB_A_RG_PAD,
	EEHLAB_A_RG_OP,			/* u32: EEHLAB_RG_OP_* (required) */
	/* TAKE: the request; the reply of TAKE and STATUS */
	EEHLAB_A_RG_BDF,		/* string: a function of the PE, "0002:01:00.0" */
	EEHLAB_A_RG_PAGES,		/* u32: guest memory, 4K pages 1..64 (default 16) */
	EEHLAB_A_RG_LIOBN_TIER,		/* u32: the first tier that knows the LIOBN,
					 * EEHLAB_RG_TIER_* (default REAL)
					 */
	EEHLAB_A_RG_LIOBN,		/* u32, reply: the window's LIOBN */
	EEHLAB_A_RG_DOMAIN,		/* u32, reply: the PHB's PCI domain */
	EEHLAB_A_RG_PE_ADDR,		/* u32, reply: the PE's address */
	EEHLAB_A_RG_FUNCS,		/* u32, reply: functions taken with the PE */
	EEHLAB_A_RG_WINDOW,		/* u64, reply: window size, bytes (bus address 0 on) */
	EEHLAB_A_RG_PAGE_SHIFT,		/* u32, reply: the TCE page shift (12) */
	EEHLAB_A_RG_HPA,		/* u64, reply: host-physical address of gpa 0 */
	EEHLAB_A_RG_PASSED,		/* u32, reply: the PE's pass_dev_cnt */
	/* HCALL */
	EEHLAB_A_RG_HCALL,		/* u32: H_PUT_TCE 0x20, H_PUT_TCE_INDIRECT 0x13C,
					 * H_STUFF_TCE 0x138
					 */
	EEHLAB_A_RG_IOBA,		/* u64: HCALL, DMA: the I/O bus address */
	EEHLAB_A_RG_TCE,		/* u64: HCALL: tce / list gpa / value; the
					 * reply: the real table's entry at IOBA after it
					 */
	EEHLAB_A_RG_COUNT,		/* u32: HCALL: npages (INDIRECT, STUFF) */
	EEHLAB_A_RG_TIER,		/* u32: HCALL: the tier to start at
					 * (default REAL); reply: the tier that answered
					 */
	/*
	 * s64, reply: HCALL: the H_* return; H_TOO_HARD with TIER USER:
	 * handed to the caller (the VMM)
	 */
	EEHLAB_A_RG_RET,
	/* READ, WRITE: guest memory */
	EEHLAB_A_RG_GPA,		/* u64: guest-physical address */
	EEHLAB_A_RG_LEN,		/* u32: READ, DMA: bytes, 1..4096 (DMA 1..4095) */
	EEHLAB_A_RG_DATA,		/* binary: WRITE's bytes; READ's reply */
	/* DMA: the edu engine, through the guest's TCEs */
	EEHLAB_A_RG_DIR,		/* u32: EEHLAB_RG_DMA_* */
	EEHLAB_A_RG_DEV_OFF,		/* u32: offset in the edu buffer (default 0) */
	EEHLAB_A_RG_RESULT,		/* s32, reply: 0 the engine finished, else -errno */
	EEHLAB_A_RG_FAULT,		/* u8, reply: a TCE of the range denied the access */
	EEHLAB_A_RG_FAULT_IOBA,		/* u64, reply: the first such page's bus address */
	EEHLAB_A_RG_FREEZE,		/* s32, reply: on FAULT: 0 the PE's emulated
					 * freeze was raised, else -errno
					 */
	EEHLAB_A_RG_DETECTED,		/* u8, reply: on FAULT: eeh_dev_check_failure()
					 * saw the freeze (0: it left the PE to its owner)
					 */
	EEHLAB_A_RG_PE_STATE,		/* s32, reply: eeh_pe_get_state() after the DMA */
	/* RELEASE */
	EEHLAB_A_RG_HOST_TABLE,		/* u8, reply: the host's default table is back */
	EEHLAB_A_RG_MSG,		/* string, reply: a line about what was done */

	__EEHLAB_A_RG_MAX,
	EEHLAB_A_RG_MAX = __EEHLAB_A_RG_MAX - 1
};

/*
 * The byte pattern of a seed that the DMA checks write and compare byte
 * for byte (EDU_DMA, and REAL_GUEST's guest pages): a xorshift32
 * stream, never stuck at zero.
 */
static inline void eehlab_pattern(__u8 *buf, __u32 len, __u32 seed)
{
	__u32 x = seed ^ 0x9e3779b9;
	__u32 i;

	if (!x)
		x = 1;
	for (i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = (__u8)(x >> 24);
	}
}

/*
 * Nested in EEHLAB_A_RACE: HCALL_RACE, two hypercalls of one guest (the
 * top-level EEHLAB_A_GUEST) made at once from two vCPU threads, ROUNDS
 * times, outside the engine lock as KVM's real mode runs them. Each
 * round's table is compared with the two serial orders of the calls.
 */
#define EEHLAB_RACE_MAX_ROUNDS		100000

enum {
	EEHLAB_A_RACE_UNSPEC,
	EEHLAB_A_RACE_PAD,
	EEHLAB_A_RACE_A,		/* nest: EEHLAB_A_HCALL_*, the first vCPU's call */
	EEHLAB_A_RACE_B,		/* nest: EEHLAB_A_HCALL_*, the second's */
	EEHLAB_A_RACE_ROUNDS,		/* u32: 1..EEHLAB_RACE_MAX_ROUNDS */
	EEHLAB_A_RACE_RC_A,		/* s64, reply: A's answer alone */
	EEHLAB_A_RACE_RC_B,		/* s64, reply: B's answer alone */
	EEHLAB_A_RACE_AB,		/* u64, reply: rounds ending as A then B */
	EEHLAB_A_RACE_BA,		/* u64, reply: rounds ending as B then A */
	EEHLAB_A_RACE_SAME,		/* u64, reply: both orders give one table */
	EEHLAB_A_RACE_MIXED,		/* u64, reply: each entry from an order,
					 * the table from neither
					 */
	EEHLAB_A_RACE_TORN,		/* u64, reply: an entry from neither order */
	EEHLAB_A_RACE_RC_DIFF,		/* u64, reply: an answer not as alone */
	EEHLAB_A_RACE_ENTRIES,		/* u32, reply: entries compared a round */
	EEHLAB_A_RACE_SPLIT,		/* u64, reply: rounds whose two calls ran
					 * on two CPUs
					 */
	EEHLAB_A_RACE_LOST,		/* u64, reply: the guest's call counters'
					 * lost increments
					 */
	EEHLAB_A_RACE_BAD,		/* string, reply: the first bad round */

	__EEHLAB_A_RACE_MAX,
	EEHLAB_A_RACE_MAX = __EEHLAB_A_RACE_MAX - 1
};

#endif /* _UAPI_LINUX_EEHLAB_H */
