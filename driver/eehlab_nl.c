// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab.ko: the netlink half every command shares. The attribute
 * policies (the family's, eehlab_policy, and one for every nest), the
 * ops table and the helpers the commands decode and reply with.
 *
 * The module compiles it with the rest of driver/; the nl fuzz target
 * (docs/fuzz.md) compiles the very same file in userspace against a
 * small kernel-API shim (fuzz/kshim/), with eehlab_cmds.c and
 * eehlab_session.c, and feeds it arbitrary generic netlink messages. It
 * uses nothing but the netlink API, strscpy and an atomic counter.
 */
#include <linux/atomic.h>
#include <linux/string.h>

#include "eehlab/guest.h"
#include "eehlab/inject.h"
#include "eehlab/model.h"
#include "eehlab/vfio.h"
#include "eehlab.h"

/* ---- policies: one for every attribute ---- */

/* the policy wants a writable pointer on 6.1 */
static struct netlink_range_validation eehlab_mem_cap_range = {
	.min = 1ULL << 20,
	.max = 1ULL << 40,
};

const struct nla_policy eehlab_phb_policy[EEHLAB_A_PHB_MAX + 1] = {
	[EEHLAB_A_PHB_INDEX]	= NLA_POLICY_MAX(NLA_U32, EEH_MAX_PHBS - 1),
	[EEHLAB_A_PHB_MODEL]	= NLA_POLICY_RANGE(NLA_U32, EEHLAB_PHB_MODEL_PHB3,
						   EEHLAB_PHB_MODEL_PHB4),
	[EEHLAB_A_PHB_NUM_PES]	= NLA_POLICY_MAX(NLA_U32, 512),
	[EEHLAB_A_PHB_ENUMERATED] = NLA_POLICY_MAX(NLA_U8, 1),
	[EEHLAB_A_PHB_FENCED]	= NLA_POLICY_MAX(NLA_U8, 1),
	[EEHLAB_A_PHB_NUM_FUNCS] = NLA_POLICY_MAX(NLA_U32, EEH_MAX_FUNCS),
};

const struct nla_policy eehlab_pe_policy[EEHLAB_A_PE_MAX + 1] = {
	[EEHLAB_A_PE_NUM]	= NLA_POLICY_MAX(NLA_U32, 511),
	[EEHLAB_A_PE_FW_STATE]	= NLA_POLICY_MAX(NLA_U32, EEH_FW_PERM_UNAVAIL),
	[EEHLAB_A_PE_STATE]	= { .type = NLA_U32 },
	[EEHLAB_A_PE_SW_STATE]	= { .type = NLA_U32 },
	[EEHLAB_A_PE_FREEZE_COUNT] = { .type = NLA_U32 },
	[EEHLAB_A_PE_PEST_A]	= { .type = NLA_U64 },
	[EEHLAB_A_PE_PEST_B]	= { .type = NLA_U64 },
	[EEHLAB_A_PE_OWNER]	= { .type = NLA_U32 },
	[EEHLAB_A_PE_PARENT]	= NLA_POLICY_MAX(NLA_U32, 511),
	[EEHLAB_A_PE_PHB]	= NLA_POLICY_MAX(NLA_U32, EEH_MAX_PHBS - 1),
	[EEHLAB_A_PE_CHILD]	= NLA_POLICY_MAX(NLA_U32, 511),
	[EEHLAB_A_PE_COVERS]	= NLA_POLICY_MAX(NLA_U8, 1),
	[EEHLAB_A_PE_SYSFS]	= { .type = NLA_NUL_STRING, .len = 31 },
	[EEHLAB_A_PE_DMA_BLOCKED] = { .type = NLA_U64 },
	[EEHLAB_A_PE_STORES_DROPPED] = { .type = NLA_U64 },
	[EEHLAB_A_PE_LOADS_ONES] = { .type = NLA_U64 },
};

const struct nla_policy eehlab_dev_policy[EEHLAB_A_DEV_MAX + 1] = {
	[EEHLAB_A_DEV_ID]	= NLA_POLICY_MAX(NLA_U32, EEH_MAX_FUNCS - 1),
	[EEHLAB_A_DEV_NAME]	= { .type = NLA_NUL_STRING,
				    .len = EEHLAB_NAME_LEN - 1 },
	[EEHLAB_A_DEV_TYPE]	= NLA_POLICY_MAX(NLA_U32, EEHLAB_NODE_ENDPOINT),
	[EEHLAB_A_DEV_PARENT]	= NLA_POLICY_MAX(NLA_U32, EEH_MAX_FUNCS - 1),
	[EEHLAB_A_DEV_KIND]	= NLA_POLICY_MAX(NLA_U32, EEHLAB_DEV_KIND_EDU),
	[EEHLAB_A_DEV_FUNCTIONS] = NLA_POLICY_RANGE(NLA_U32, 1, 8),
	[EEHLAB_A_DEV_VENDOR]	= { .type = NLA_U16 },
	[EEHLAB_A_DEV_DEVICE]	= { .type = NLA_U16 },
	[EEHLAB_A_DEV_BAR32_SIZE] = { .type = NLA_U64 },
	[EEHLAB_A_DEV_BAR64_SIZE] = { .type = NLA_U64 },
	[EEHLAB_A_DEV_NEEDS_FRESET] = { .type = NLA_FLAG },
	[EEHLAB_A_DEV_BUS]	= { .type = NLA_U8 },
	[EEHLAB_A_DEV_DEVFN]	= { .type = NLA_U8 },
	[EEHLAB_A_DEV_PE]	= NLA_POLICY_MAX(NLA_U32, 511),
	[EEHLAB_A_DEV_PHB]	= NLA_POLICY_MAX(NLA_U32, EEH_MAX_PHBS - 1),
	[EEHLAB_A_DEV_ENDPOINT]	= NLA_POLICY_MAX(NLA_U8, 1),
	[EEHLAB_A_DEV_EDU]	= NLA_POLICY_MAX(NLA_U8, 1),
	[EEHLAB_A_DEV_PRESENT]	= NLA_POLICY_MAX(NLA_U8, 1),
	[EEHLAB_A_DEV_BOUND]	= NLA_POLICY_MAX(NLA_U8, 1),
	[EEHLAB_A_DEV_BDF]	= { .type = NLA_NUL_STRING, .len = 15 },
};

const struct nla_policy eehlab_guest_policy[EEHLAB_A_GUEST_MAX + 1] = {
	[EEHLAB_A_GUEST_ID]	= NLA_POLICY_MIN(NLA_U32, 1),
	[EEHLAB_A_GUEST_NAME]	= { .type = NLA_NUL_STRING,
				    .len = EEHLAB_NAME_LEN - 1 },
	[EEHLAB_A_GUEST_SLOT_GPA] = { .type = NLA_U64 },
	[EEHLAB_A_GUEST_SLOT_SIZE] = { .type = NLA_U64 },
	[EEHLAB_A_GUEST_SLOT_PAGE_SHIFT] = NLA_POLICY_RANGE(NLA_U32, 12, 30),
	[EEHLAB_A_GUEST_SLOT_PREREG] = { .type = NLA_FLAG },
	[EEHLAB_A_GUEST_SLOT_NOT_LINEAR] = { .type = NLA_FLAG },
	[EEHLAB_A_GUEST_LIOBN]	= { .type = NLA_U64 },
	[EEHLAB_A_GUEST_HC]	= NLA_POLICY_MAX(NLA_U32, EEH_HC__COUNT - 1),
	[EEHLAB_A_GUEST_FINISHED_REAL] = { .type = NLA_U64 },
	[EEHLAB_A_GUEST_FINISHED_VIRT] = { .type = NLA_U64 },
	[EEHLAB_A_GUEST_FINISHED_USER] = { .type = NLA_U64 },
	[EEHLAB_A_GUEST_PINS]	= { .type = NLA_U64 },
	[EEHLAB_A_GUEST_EXITS]	= { .type = NLA_U64 },
};

const struct nla_policy eehlab_inject_policy[EEHLAB_A_INJECT_MAX + 1] = {
	[EEHLAB_A_INJECT_KIND]	= NLA_POLICY_MAX(NLA_U32, EEHLAB_INJECT_DMA_FAULT),
	[EEHLAB_A_INJECT_PHB]	= NLA_POLICY_MAX(NLA_U32, EEH_MAX_PHBS - 1),
	[EEHLAB_A_INJECT_PE]	= NLA_POLICY_MAX(NLA_U32, 511),
	[EEHLAB_A_INJECT_TYPE]	= NLA_POLICY_MAX(NLA_U32, EEH_ERR_TYPE_64),
	[EEHLAB_A_INJECT_FUNC]	= NLA_POLICY_MAX(NLA_U32, EEH_ERR_FUNC_MAX),
	[EEHLAB_A_INJECT_ADDR]	= { .type = NLA_U64 },
	[EEHLAB_A_INJECT_MASK]	= { .type = NLA_U64 },
	[EEHLAB_A_INJECT_WHICH]	= NLA_POLICY_RANGE(NLA_U32, EEH_FREEZE_MMIO,
						   EEH_FREEZE_BOTH),
	[EEHLAB_A_INJECT_CAUSE]	= NLA_POLICY_MAX(NLA_U32, EEH_CAUSE__COUNT - 1),
	[EEHLAB_A_INJECT_FW_ANSWER] = { .type = NLA_S32 },
	[EEHLAB_A_INJECT_TRAP_ID] = { .type = NLA_U32 },
};

static const struct nla_policy eehlab_event_policy[EEHLAB_A_EVENT_MAX + 1] = {
	[EEHLAB_A_EVENT_TYPE]	= NLA_POLICY_MAX(NLA_U32, EEHLAB_EVENT_REAL_CALLBACK),
	[EEHLAB_A_EVENT_SEQ]	= { .type = NLA_U64 },
	[EEHLAB_A_EVENT_PHB]	= NLA_POLICY_MAX(NLA_U32, EEH_MAX_PHBS - 1),
	[EEHLAB_A_EVENT_PE]	= NLA_POLICY_MAX(NLA_U32, 511),
	[EEHLAB_A_EVENT_DEV]	= NLA_POLICY_MAX(NLA_U32, EEH_MAX_FUNCS - 1),
	[EEHLAB_A_EVENT_CALLBACK] = { .type = NLA_U32 },
	[EEHLAB_A_EVENT_RESULT]	= { .type = NLA_U32 },
	[EEHLAB_A_EVENT_TEXT]	= { .type = NLA_NUL_STRING,
				    .len = EEHLAB_MSG_LEN - 1 },
	[EEHLAB_A_EVENT_BDF]	= { .type = NLA_NUL_STRING, .len = 15 },
	[EEHLAB_A_EVENT_STATE]	= { .type = NLA_U32 },
};

const struct nla_policy eehlab_window_policy[EEHLAB_A_WINDOW_MAX + 1] = {
	[EEHLAB_A_WINDOW_WHICH]	= NLA_POLICY_MAX(NLA_U32, 1),
	[EEHLAB_A_WINDOW_PAGE_SHIFT] = NLA_POLICY_RANGE(NLA_U32, 12, 30),
	[EEHLAB_A_WINDOW_SIZE]	= { .type = NLA_U64 },
	/* 1..5: other values are the model's to refuse */
	[EEHLAB_A_WINDOW_LEVELS] = NLA_POLICY_MAX(NLA_U32, 64),
	[EEHLAB_A_WINDOW_REMOVE] = { .type = NLA_FLAG },
	[EEHLAB_A_WINDOW_TIER]	= NLA_POLICY_MAX(NLA_U32, 2),
	[EEHLAB_A_WINDOW_LIOBN]	= { .type = NLA_U64 },
	[EEHLAB_A_WINDOW_BASE]	= { .type = NLA_U64 },
	[EEHLAB_A_WINDOW_LEVEL_SHIFT] = { .type = NLA_U32 },
	[EEHLAB_A_WINDOW_BUS_START] = { .type = NLA_U64 },
	[EEHLAB_A_WINDOW_ENTRIES] = { .type = NLA_U64 },
	[EEHLAB_A_WINDOW_BYTES]	= { .type = NLA_U64 },
};

const struct nla_policy eehlab_driver_policy[EEHLAB_A_DRIVER_MAX + 1] = {
	[EEHLAB_A_DRIVER_BOUND]	= NLA_POLICY_MAX(NLA_U8, 1),
	[EEHLAB_A_DRIVER_HANDLERS] = NLA_POLICY_MAX(NLA_U8, 1),
	[EEHLAB_A_DRIVER_ERROR_DETECTED] = NLA_POLICY_RANGE(NLA_U32, EEH_ERS_NONE,
							    EEH_ERS_RECOVERED),
	[EEHLAB_A_DRIVER_MMIO_ENABLED] = NLA_POLICY_RANGE(NLA_U32, EEH_ERS_NONE,
							  EEH_ERS_RECOVERED),
	[EEHLAB_A_DRIVER_SLOT_RESET] = NLA_POLICY_RANGE(NLA_U32, EEH_ERS_NONE,
							EEH_ERS_RECOVERED),
};

const struct nla_policy eehlab_dma_policy[EEHLAB_A_DMA_MAX + 1] = {
	[EEHLAB_A_DMA_IOBA]	= { .type = NLA_U64 },
	[EEHLAB_A_DMA_LEN]	= NLA_POLICY_RANGE(NLA_U32, 1, EDU_BUF_SIZE),
	[EEHLAB_A_DMA_BUF_OFF]	= NLA_POLICY_MAX(NLA_U32, EDU_BUF_SIZE - 1),
	[EEHLAB_A_DMA_DIR]	= NLA_POLICY_MAX(NLA_U32, BE_DMA_TO_DEVICE),
	[EEHLAB_A_DMA_START]	= NLA_POLICY_MAX(NLA_U32, BE_DMA_START_DEVICE),
	[EEHLAB_A_DMA_OUTCOME]	= NLA_POLICY_MAX(NLA_U32, BE_DMA_FAULT),
	[EEHLAB_A_DMA_CAUSE]	= NLA_POLICY_MAX(NLA_U32, EEH_CAUSE__COUNT - 1),
};

static const struct nla_policy eehlab_rec_policy[EEHLAB_A_REC_MAX + 1] = {
	[EEHLAB_A_REC_PHB]	= NLA_POLICY_MAX(NLA_U32, EEH_MAX_PHBS - 1),
	[EEHLAB_A_REC_PE]	= NLA_POLICY_MAX(NLA_U32, 511),
	[EEHLAB_A_REC_RESULT]	= NLA_POLICY_MAX(NLA_U32, EEH_REC_PHB_RECOVERED),
	[EEHLAB_A_REC_MERGED]	= { .type = NLA_U32 },
	[EEHLAB_A_REC_RESETS]	= { .type = NLA_U32 },
	[EEHLAB_A_REC_THAWED]	= NLA_POLICY_MAX(NLA_U8, 1),
	[EEHLAB_A_REC_FREEZE_COUNT] = { .type = NLA_U32 },
	[EEHLAB_A_REC_START_MS]	= { .type = NLA_U64 },
	[EEHLAB_A_REC_END_MS]	= { .type = NLA_U64 },
	[EEHLAB_A_REC_TEXT]	= { .type = NLA_NUL_STRING,
				    .len = EEHLAB_MSG_LEN - 1 },
};

static const struct nla_policy eehlab_cb_policy[EEHLAB_A_CB_MAX + 1] = {
	[EEHLAB_A_CB_SEQ]	= { .type = NLA_U64 },
	[EEHLAB_A_CB_TIME_MS]	= { .type = NLA_U64 },
	[EEHLAB_A_CB_PHB]	= NLA_POLICY_MAX(NLA_U32, EEH_MAX_PHBS - 1),
	[EEHLAB_A_CB_FUNC]	= NLA_POLICY_MAX(NLA_U32, EEH_MAX_FUNCS - 1),
	[EEHLAB_A_CB_CALLBACK]	= NLA_POLICY_MAX(NLA_U32, EEH_CB__COUNT - 1),
	[EEHLAB_A_CB_STATE]	= { .type = NLA_U32 },
	[EEHLAB_A_CB_RESULT]	= { .type = NLA_U32 },
};

static const struct nla_policy eehlab_diag_policy[EEHLAB_A_DIAG_MAX + 1] = {
	[EEHLAB_A_DIAG_SEQ]	= { .type = NLA_U64 },
	[EEHLAB_A_DIAG_TIME_MS]	= { .type = NLA_U64 },
	[EEHLAB_A_DIAG_PHB]	= NLA_POLICY_MAX(NLA_U32, EEH_MAX_PHBS - 1),
	[EEHLAB_A_DIAG_PE]	= NLA_POLICY_MAX(NLA_U32, 511),
	[EEHLAB_A_DIAG_TYPE]	= { .type = NLA_U32 },
	[EEHLAB_A_DIAG_SEVERITY] = { .type = NLA_U32 },
	[EEHLAB_A_DIAG_CAUSE]	= { .type = NLA_U32 },
	[EEHLAB_A_DIAG_FUNC]	= { .type = NLA_U32 },
	[EEHLAB_A_DIAG_ADDR]	= { .type = NLA_U64 },
	[EEHLAB_A_DIAG_PEST_A]	= { .type = NLA_U64 },
	[EEHLAB_A_DIAG_PEST_B]	= { .type = NLA_U64 },
	[EEHLAB_A_DIAG_TEXT]	= { .type = NLA_NUL_STRING,
				    .len = EEHLAB_MSG_LEN - 1 },
};

const struct nla_policy eehlab_hcall_policy[EEHLAB_A_HCALL_MAX + 1] = {
	[EEHLAB_A_HCALL_OPCODE]	= { .type = NLA_U64 },
	[EEHLAB_A_HCALL_ARG0]	= { .type = NLA_U64 },
	[EEHLAB_A_HCALL_ARG1]	= { .type = NLA_U64 },
	[EEHLAB_A_HCALL_ARG2]	= { .type = NLA_U64 },
	[EEHLAB_A_HCALL_ARG3]	= { .type = NLA_U64 },
	[EEHLAB_A_HCALL_RC]	= { .type = NLA_S64 },
	[EEHLAB_A_HCALL_RET]	= { .type = NLA_U64 },
	[EEHLAB_A_HCALL_TIER]	= NLA_POLICY_MAX(NLA_U32, EEH_TIER__COUNT - 1),
};

const struct nla_policy eehlab_vfio_policy[EEHLAB_A_VFIO_MAX + 1] = {
	/* every VFIO_EEH_PE_* op; the model refuses the ones it does not know */
	[EEHLAB_A_VFIO_OP]	= NLA_POLICY_MAX(NLA_U32, 255),
	[EEHLAB_A_VFIO_TYPE]	= { .type = NLA_U32 },
	[EEHLAB_A_VFIO_FUNC]	= { .type = NLA_U32 },
	[EEHLAB_A_VFIO_ADDR]	= { .type = NLA_U64 },
	[EEHLAB_A_VFIO_MASK]	= { .type = NLA_U64 },
	[EEHLAB_A_VFIO_RESULT]	= { .type = NLA_U32 },
};

static const struct nla_policy eehlab_stats_policy[EEHLAB_A_STATS_MAX + 1] = {
	[EEHLAB_A_STATS_LIVE_ALLOCS] = { .type = NLA_U64 },
	[EEHLAB_A_STATS_LIVE_BYTES] = { .type = NLA_U64 },
	[EEHLAB_A_STATS_SESSIONS] = NLA_POLICY_MAX(NLA_U32, EEHLAB_MAX_SESSIONS),
	[EEHLAB_A_STATS_RM_VIOLATIONS] = { .type = NLA_U64 },
	[EEHLAB_A_STATS_TEST_HOOKS] = NLA_POLICY_MAX(NLA_U8, 1),
};

static const struct nla_policy eehlab_real_phb_policy[EEHLAB_A_REAL_PHB_MAX + 1] = {
	[EEHLAB_A_REAL_PHB_DOMAIN] = { .type = NLA_U32 },
	[EEHLAB_A_REAL_PHB_MODEL] = { .type = NLA_NUL_STRING,
				      .len = EEHLAB_REAL_MODEL_LEN - 1 },
	[EEHLAB_A_REAL_PHB_NUM_PES] = { .type = NLA_U32 },
	[EEHLAB_A_REAL_PHB_PES]	= { .type = NLA_U32 },
};

static const struct nla_policy eehlab_real_pe_policy[EEHLAB_A_REAL_PE_MAX + 1] = {
	[EEHLAB_A_REAL_PE_DOMAIN] = { .type = NLA_U32 },
	[EEHLAB_A_REAL_PE_INDEX] = { .type = NLA_U32 },
	[EEHLAB_A_REAL_PE_ADDR]	= { .type = NLA_U32 },
	[EEHLAB_A_REAL_PE_TYPE]	= { .type = NLA_U32 },
	[EEHLAB_A_REAL_PE_PARENT] = { .type = NLA_U32 },
	[EEHLAB_A_REAL_PE_PARENT_ADDR] = { .type = NLA_U32 },
	[EEHLAB_A_REAL_PE_STATE] = { .type = NLA_S32 },
	[EEHLAB_A_REAL_PE_FLAGS] = { .type = NLA_U32 },
	[EEHLAB_A_REAL_PE_FREEZE_COUNT] = { .type = NLA_U32 },
	[EEHLAB_A_REAL_PE_PASSED] = { .type = NLA_U32 },
};

const struct nla_policy eehlab_real_inj_policy[EEHLAB_A_REAL_INJ_MAX + 1] = {
	[EEHLAB_A_REAL_INJ_DOMAIN] = { .type = NLA_U32 },
	[EEHLAB_A_REAL_INJ_PE_ADDR] = { .type = NLA_U32 },
	[EEHLAB_A_REAL_INJ_KIND] = NLA_POLICY_RANGE(NLA_U32, EEHLAB_REAL_FREEZE_MMIO,
						    EEHLAB_REAL_FREEZE_BOTH),
	[EEHLAB_A_REAL_INJ_PESTA] = { .type = NLA_U64 },
	[EEHLAB_A_REAL_INJ_PESTB] = { .type = NLA_U64 },
	[EEHLAB_A_REAL_INJ_PEEV] = { .type = NLA_U64 },
	[EEHLAB_A_REAL_INJ_DETECTED] = NLA_POLICY_MAX(NLA_U8, 1),
	[EEHLAB_A_REAL_INJ_CHECKED_BDF] = { .type = NLA_NUL_STRING, .len = 15 },
	[EEHLAB_A_REAL_INJ_TYPE] = NLA_POLICY_MAX(NLA_U32, 1),
	[EEHLAB_A_REAL_INJ_FUNC] = { .type = NLA_U32 },
	[EEHLAB_A_REAL_INJ_ADDR] = { .type = NLA_U64 },
	[EEHLAB_A_REAL_INJ_MASK] = { .type = NLA_U64 },
	[EEHLAB_A_REAL_INJ_RC]	= { .type = NLA_S32 },
	[EEHLAB_A_REAL_INJ_BDF]	= { .type = NLA_NUL_STRING, .len = 15 },
};

const struct nla_policy eehlab_edu_policy[EEHLAB_A_EDU_MAX + 1] = {
	[EEHLAB_A_EDU_BDF]	= { .type = NLA_NUL_STRING, .len = 15 },
	[EEHLAB_A_EDU_LEN]	= NLA_POLICY_RANGE(NLA_U32, 1, 4095),
	[EEHLAB_A_EDU_SEED]	= { .type = NLA_U32 },
	[EEHLAB_A_EDU_RESULT]	= { .type = NLA_S32 },
	[EEHLAB_A_EDU_BYTES]	= NLA_POLICY_MAX(NLA_U32, 4096),
	[EEHLAB_A_EDU_MISMATCH]	= NLA_POLICY_MAX(NLA_U32, 4095),
	[EEHLAB_A_EDU_IOVA]	= { .type = NLA_U64 },
	[EEHLAB_A_EDU_ID]	= { .type = NLA_U32 },
	[EEHLAB_A_EDU_PE]	= { .type = NLA_U32 },
	[EEHLAB_A_EDU_CALLBACKS] = { .type = NLA_NUL_STRING,
				     .len = EEHLAB_EDU_CB_TEXT_LEN - 1 },
	[EEHLAB_A_EDU_DMA_OK]	= { .type = NLA_U32 },
	[EEHLAB_A_EDU_DMA_FAILED] = { .type = NLA_U32 },
	[EEHLAB_A_EDU_RESUME_DMA] = { .type = NLA_S32 },
};

static const struct nla_policy eehlab_real_dev_policy[EEHLAB_A_REAL_DEV_MAX + 1] = {
	[EEHLAB_A_REAL_DEV_DOMAIN] = { .type = NLA_U32 },
	[EEHLAB_A_REAL_DEV_BDF]	= { .type = NLA_NUL_STRING, .len = 15 },
	[EEHLAB_A_REAL_DEV_VENDOR] = { .type = NLA_U16 },
	[EEHLAB_A_REAL_DEV_DEVICE] = { .type = NLA_U16 },
	[EEHLAB_A_REAL_DEV_CLASS] = { .type = NLA_U32 },
	[EEHLAB_A_REAL_DEV_DRIVER] = { .type = NLA_NUL_STRING,
				       .len = EEHLAB_REAL_DRIVER_LEN - 1 },
	[EEHLAB_A_REAL_DEV_PE]	= { .type = NLA_U32 },
	[EEHLAB_A_REAL_DEV_PE_ADDR] = { .type = NLA_U32 },
};

const struct nla_policy eehlab_policy[EEHLAB_A_MAX + 1] = {
	[EEHLAB_A_VERSION]	= { .type = NLA_U32 },
	[EEHLAB_A_MODULE_VERSION] = { .type = NLA_NUL_STRING, .len = 31 },
	[EEHLAB_A_PHB]		= NLA_POLICY_NESTED(eehlab_phb_policy),
	[EEHLAB_A_PE]		= NLA_POLICY_NESTED(eehlab_pe_policy),
	[EEHLAB_A_DEV]		= NLA_POLICY_NESTED(eehlab_dev_policy),
	[EEHLAB_A_GUEST]	= NLA_POLICY_NESTED(eehlab_guest_policy),
	[EEHLAB_A_INJECT]	= NLA_POLICY_NESTED(eehlab_inject_policy),
	[EEHLAB_A_EVENT]	= NLA_POLICY_NESTED(eehlab_event_policy),
	[EEHLAB_A_PAD]		= { .type = NLA_REJECT },
	[EEHLAB_A_MEM_CAP]	= NLA_POLICY_FULL_RANGE(NLA_U64, &eehlab_mem_cap_range),
	[EEHLAB_A_SPEC]		= { .type = NLA_NUL_STRING,
				    .len = EEHLAB_NAME_LEN - 1 },
	[EEHLAB_A_BAR]		= NLA_POLICY_MAX(NLA_U32, 5),
	[EEHLAB_A_OFFSET]	= { .type = NLA_U64 },
	[EEHLAB_A_WIDTH]	= NLA_POLICY_RANGE(NLA_U32, 1, 8),
	[EEHLAB_A_VALUE]	= { .type = NLA_U64 },
	[EEHLAB_A_DETECT]	= { .type = NLA_FLAG },
	[EEHLAB_A_ADDR]		= { .type = NLA_U64 },
	[EEHLAB_A_LEN]		= { .type = NLA_U64 },
	[EEHLAB_A_ALIGN]	= { .type = NLA_U64 },
	[EEHLAB_A_HOST]		= { .type = NLA_U64 },
	[EEHLAB_A_PERM]		= NLA_POLICY_MAX(NLA_U64, 3),
	[EEHLAB_A_DATA]		= { .type = NLA_BINARY, .len = EEHLAB_DATA_MAX },
	[EEHLAB_A_WINDOW]	= NLA_POLICY_NESTED(eehlab_window_policy),
	[EEHLAB_A_DRIVER]	= NLA_POLICY_NESTED(eehlab_driver_policy),
	[EEHLAB_A_DMA]		= NLA_POLICY_NESTED(eehlab_dma_policy),
	[EEHLAB_A_MS]		= { .type = NLA_U64 },
	[EEHLAB_A_MAX_FREEZES]	= { .type = NLA_U32 },
	[EEHLAB_A_QUEUED]	= NLA_POLICY_MAX(NLA_U8, 1),
	[EEHLAB_A_REC_EVENT]	= NLA_POLICY_NESTED(eehlab_rec_policy),
	[EEHLAB_A_CB]		= NLA_POLICY_NESTED(eehlab_cb_policy),
	[EEHLAB_A_AFTER]	= { .type = NLA_U64 },
	[EEHLAB_A_SEQ]		= { .type = NLA_U64 },
	[EEHLAB_A_DIAG]		= NLA_POLICY_NESTED(eehlab_diag_policy),
	[EEHLAB_A_COUNT]	= { .type = NLA_U32 },
	[EEHLAB_A_HCALL]	= NLA_POLICY_NESTED(eehlab_hcall_policy),
	[EEHLAB_A_VFIO]		= NLA_POLICY_NESTED(eehlab_vfio_policy),
	[EEHLAB_A_INVARIANT]	= { .type = NLA_NUL_STRING,
				    .len = EEHLAB_MSG_LEN - 1 },
	[EEHLAB_A_STATS]	= NLA_POLICY_NESTED(eehlab_stats_policy),
	[EEHLAB_A_FAIL_NTH]	= { .type = NLA_U32 },
	[EEHLAB_A_REAL_PLATFORM] = { .type = NLA_NUL_STRING,
				     .len = EEHLAB_MSG_LEN - 1 },
	[EEHLAB_A_REAL_PHB]	= NLA_POLICY_NESTED(eehlab_real_phb_policy),
	[EEHLAB_A_REAL_PE]	= NLA_POLICY_NESTED(eehlab_real_pe_policy),
	[EEHLAB_A_REAL_DEV]	= NLA_POLICY_NESTED(eehlab_real_dev_policy),
	[EEHLAB_A_REAL_INJ]	= NLA_POLICY_NESTED(eehlab_real_inj_policy),
	[EEHLAB_A_EDU]		= NLA_POLICY_NESTED(eehlab_edu_policy),
	[EEHLAB_A_REAL_GUEST]	= NLA_POLICY_NESTED(eehlab_real_guest_policy),
	[EEHLAB_A_RACE]		= NLA_POLICY_NESTED(eehlab_race_policy),
};

/* ---- helpers ---- */

/*
 * A refusal's text for extack. The message must outlive the handler
 * until the ack is built, and the model's messages are longer than
 * NL_SET_ERR_MSG_FMT's 80 bytes, so on every kernel it goes to the next
 * slot of a static ring: always NUL-terminated, at worst overwritten by
 * a later refusal when more than 64 are in flight at once.
 */
#define EEHLAB_EXTACK_RING	64

static char eehlab_extack_ring[EEHLAB_EXTACK_RING][EEH_MSG_LEN];
static atomic_t eehlab_extack_next = ATOMIC_INIT(0);

void eehlab_extack_text(struct netlink_ext_ack *extack, const char *text)
{
	unsigned int slot;
	char *buf;

	if (!extack)
		return;
	slot = (unsigned int)atomic_inc_return(&eehlab_extack_next) %
	       EEHLAB_EXTACK_RING;
	buf = eehlab_extack_ring[slot];
	/* the last byte stays NUL, whatever a concurrent writer does */
	strscpy(buf, text, EEH_MSG_LEN - 1);
	extack->_msg = buf;
}

/* Report a refusal of the portable engine: its errno, its text to extack. */
int eehlab_refused(struct genl_info *info, int err, const struct eeh_msg *msg)
{
	eehlab_extack_text(info->extack, msg->text[0] ? msg->text :
			   eeh_strerror(-err));
	return err;
}

/*
 * A required attribute @type of @nest (NULL: top level) is missing;
 * @text is a string literal (EEHLAB_REQUIRE), so it outlives the ack.
 */
int eehlab_missing(struct genl_info *info, struct nlattr *nest, int type,
		   const char *text)
{
	NL_SET_ERR_ATTR_MISS(info->extack, nest, type);
	if (info->extack)
		info->extack->_msg = text;
	return -EINVAL;
}

/*
 * Parse nest @type of the request into @tb (@maxtype, @policy); a
 * missing nest is refused with @text.
 */
int eehlab_parse_nest(struct genl_info *info, int type, struct nlattr **tb,
		      int maxtype, const struct nla_policy *policy,
		      const char *text)
{
	if (!info->attrs[type])
		return eehlab_missing(info, NULL, type, text);
	return nla_parse_nested(tb, maxtype, info->attrs[type], policy,
				info->extack);
}

/* A reply with room for @payload bytes of attributes. */
struct sk_buff *eehlab_reply_new(struct genl_info *info, size_t payload,
				 void **hdr)
{
	struct sk_buff *skb;

	skb = genlmsg_new(payload, GFP_KERNEL);
	if (!skb)
		return NULL;
	*hdr = genlmsg_put_reply(skb, info, &eehlab_family, 0,
				 info->genlhdr->cmd);
	if (!*hdr) {
		nlmsg_free(skb);
		return NULL;
	}
	return skb;
}

int eehlab_reply_send(struct sk_buff *skb, void *hdr, struct genl_info *info)
{
	genlmsg_end(skb, hdr);
	return genlmsg_reply(skb, info);
}

/* An EEHLAB_CMD_EVENT notification for the "events" group. */
struct sk_buff *eehlab_event_new(size_t payload, void **hdr)
{
	struct sk_buff *skb;

	skb = genlmsg_new(payload, GFP_KERNEL);
	if (!skb)
		return NULL;
	*hdr = genlmsg_put(skb, 0, 0, &eehlab_family, 0, EEHLAB_CMD_EVENT);
	if (!*hdr) {
		nlmsg_free(skb);
		return NULL;
	}
	return skb;
}

/* Send it (consumed); no listener is not an error. */
void eehlab_event_send(struct sk_buff *skb, void *hdr)
{
	genlmsg_end(skb, hdr);
	genlmsg_multicast(&eehlab_family, skb, 0, 0, GFP_KERNEL);
}

/* ---- the commands ---- */

#define EEHLAB_OP(c, fn)	{ .cmd = EEHLAB_CMD_##c, .doit = eehlab_cmd_##fn }
#define EEHLAB_ADMIN_OP(c, fn)	{ .cmd = EEHLAB_CMD_##c, .doit = eehlab_cmd_##fn, \
				  .flags = GENL_ADMIN_PERM }

const struct genl_small_ops eehlab_ops[] = {
	EEHLAB_OP(GET_VERSION, get_version),
	EEHLAB_ADMIN_OP(PHB_CREATE, phb_create),
	EEHLAB_ADMIN_OP(PHB_DESTROY, phb_destroy),
	EEHLAB_ADMIN_OP(NODE_ADD, node_add),
	EEHLAB_ADMIN_OP(PHB_ENUMERATE, phb_enumerate),
	EEHLAB_OP(PE_GET, pe_get),
	EEHLAB_ADMIN_OP(INJECT, inject),
	EEHLAB_ADMIN_OP(RECOVER, recover),
	EEHLAB_OP(PHB_GET, phb_get),
	EEHLAB_ADMIN_OP(SESSION_OPEN, session_open),
	EEHLAB_ADMIN_OP(SESSION_CLOSE, session_close),
	EEHLAB_OP(DEV_RESOLVE, dev_resolve),
	EEHLAB_OP(DEV_LIST, dev_list),
	EEHLAB_OP(PE_COVERS, pe_covers),
	EEHLAB_ADMIN_OP(DRIVER_SET, driver_set),
	EEHLAB_ADMIN_OP(MEM_ALLOC, mem_alloc),
	EEHLAB_OP(MEM_READ, mem_read),
	EEHLAB_ADMIN_OP(MEM_WRITE, mem_write),
	EEHLAB_ADMIN_OP(WINDOW_CREATE, window_create),
	EEHLAB_ADMIN_OP(WINDOW_REMOVE, window_remove),
	EEHLAB_OP(WINDOW_GET, window_get),
	EEHLAB_ADMIN_OP(TCE_MAP, tce_map),
	EEHLAB_ADMIN_OP(MMIO_READ, mmio_read),
	EEHLAB_ADMIN_OP(MMIO_WRITE, mmio_write),
	EEHLAB_ADMIN_OP(CFG_READ, cfg_read),
	EEHLAB_ADMIN_OP(CFG_WRITE, cfg_write),
	EEHLAB_ADMIN_OP(DMA, dma),
	EEHLAB_ADMIN_OP(CHECK, check),
	EEHLAB_ADMIN_OP(ADVANCE, advance),
	EEHLAB_ADMIN_OP(MAX_FREEZES_SET, max_freezes_set),
	EEHLAB_OP(PE_STATE, pe_state),
	EEHLAB_OP(FROZEN_GET, frozen_get),
	EEHLAB_OP(CB_GET, cb_get),
	EEHLAB_OP(DIAG_GET, diag_get),
	EEHLAB_ADMIN_OP(GUEST_CREATE, guest_create),
	EEHLAB_ADMIN_OP(GUEST_SLOT, guest_slot),
	EEHLAB_ADMIN_OP(GUEST_ASSIGN, guest_assign),
	EEHLAB_ADMIN_OP(GUEST_RELEASE, guest_release),
	EEHLAB_ADMIN_OP(GUEST_WINDOW, guest_window),
	EEHLAB_ADMIN_OP(GUEST_LIOBN, guest_liobn),
	EEHLAB_ADMIN_OP(HCALL, hcall),
	EEHLAB_OP(GUEST_MEM_READ, guest_mem_read),
	EEHLAB_ADMIN_OP(GUEST_MEM_WRITE, guest_mem_write),
	EEHLAB_OP(GUEST_STATS, guest_stats),
	EEHLAB_ADMIN_OP(GUEST_EEH, guest_eeh),
	EEHLAB_OP(INVARIANTS, invariants),
	EEHLAB_OP(STATS, stats),
	EEHLAB_ADMIN_OP(TEST_FAIL_NTH, test_fail_nth),
	EEHLAB_OP(REAL_LIST, real_list),
	EEHLAB_ADMIN_OP(REAL_INJECT, real_inject),
	EEHLAB_ADMIN_OP(REAL_HW_INJECT, real_hw_inject),
	EEHLAB_ADMIN_OP(REAL_CHECK, real_check),
	EEHLAB_ADMIN_OP(EDU_DMA, edu_dma),
	EEHLAB_OP(EDU_STATUS, edu_status),
	EEHLAB_ADMIN_OP(REAL_GUEST, real_guest),
	EEHLAB_ADMIN_OP(HCALL_RACE, hcall_race),
};

/* every command but UNSPEC and EVENT has its op */
static_assert(ARRAY_SIZE(eehlab_ops) == EEHLAB_N_OPS);
