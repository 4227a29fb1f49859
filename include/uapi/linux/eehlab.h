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
 *	the PEs of a PHB (EEHLAB_A_PHB: INDEX); admin
 * @EEHLAB_CMD_PE_GET: a PE's state (EEHLAB_A_PHB: INDEX; EEHLAB_A_PE: NUM)
 * @EEHLAB_CMD_INJECT: inject an error (EEHLAB_A_INJECT); admin
 * @EEHLAB_CMD_RECOVER: run the EEH recovery of pending freezes; admin
 * @EEHLAB_CMD_EVENT: notification on the "events" multicast group
 *	(EEHLAB_A_EVENT)
 * @EEHLAB_CMD_PHB_GET: a PHB's state (EEHLAB_A_PHB: INDEX)
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

	__EEHLAB_A_DEV_MAX,
	EEHLAB_A_DEV_MAX = __EEHLAB_A_DEV_MAX - 1
};

/* Nested in EEHLAB_A_GUEST */
enum {
	EEHLAB_A_GUEST_UNSPEC,
	EEHLAB_A_GUEST_ID,		/* u32: > 0 */
	EEHLAB_A_GUEST_NAME,		/* string, < EEHLAB_NAME_LEN */

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

	__EEHLAB_A_EVENT_MAX,
	EEHLAB_A_EVENT_MAX = __EEHLAB_A_EVENT_MAX - 1
};

#endif /* _UAPI_LINUX_EEHLAB_H */
