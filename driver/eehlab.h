/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * eehlab.ko internals shared by eehlab_main.c (module, family),
 * eehlab_nl.c (policies, ops, helpers), eehlab_session.c (sessions, the
 * recovery workqueue) and eehlab_cmds.c (the commands).
 */
#ifndef _EEHLAB_DRIVER_H
#define _EEHLAB_DRIVER_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <uapi/linux/eehlab.h>

/*
 * eehlab_powernv.c works with the kernel's EEH core (asm/eeh.h: struct
 * eeh_pe, EEH_PE_*, ...) and needs nothing of the model: it defines
 * EEHLAB_KERNEL_EEH_NAMES and gets the model's types as opaque ones.
 */
#ifndef EEHLAB_KERNEL_EEH_NAMES
#include "eehlab/session.h"
#else
struct eeh_session;
struct eeh_msg;
struct be_dev;
struct be_hcall;
#endif

/* 1 in a test build (make module EEHLAB_TEST_HOOKS=1) */
#ifdef EEHLAB_TEST_HOOKS
#define EEHLAB_HOOKS		1
#else
#define EEHLAB_HOOKS		0
#endif

/* The most sessions open at once (the shared one not counted) */
#define EEHLAB_MAX_SESSIONS	64

/*
 * One model. The shared session has portid 0 and lives from init to
 * exit; the others belong to the netlink socket @portid. @s is used
 * under eehlab_lock only; the reference count keeps the structure (and
 * @s) alive while a command or the recovery work uses it.
 */
struct eehlab_sess {
	struct list_head node;		/* eehlab_sessions, under eehlab_lock */
	struct kref ref;
	u32 portid;
	struct eeh_session *s;
#ifdef EEHLAB_DEBUG
	struct task_struct *user;	/* in the engine now, under eehlab_lock */
#endif
};

/*
 * The one lock of the module: the session list and every call into the
 * portable engine (which is not internally locked).
 */
extern struct mutex eehlab_lock;

/* 1 in a debug build (make module EEHLAB_DEBUG=1) */
#ifdef EEHLAB_DEBUG
#define EEHLAB_DEBUG_BUILD	1
#else
#define EEHLAB_DEBUG_BUILD	0
#endif

/*
 * eehlab_engine_lock() and eehlab_engine_unlock() take and drop
 * eehlab_lock around calls into the engine on @es (NULL: the session
 * list alone). In a debug build they record the owner and the task in
 * @es's engine, and eehlab_assert_engine_locked() checks, where the
 * engine's state is touched, that the caller holds the lock:
 * lockdep_assert_held() (a no-op on a kernel without lockdep) and the
 * module's own check, which works on every kernel: the mutex locked and
 * its recorded owner the current task, else WARN_ONCE. Two tasks in one
 * session's engine at once are reported the same way. The unload line
 * of a debug build counts the checks and the failures.
 */
void eehlab_engine_lock(struct eehlab_sess *es);
void eehlab_engine_unlock(struct eehlab_sess *es);
#ifdef EEHLAB_DEBUG
void eehlab_lock_assert(const char *where);
#define eehlab_assert_engine_locked()	eehlab_lock_assert(__func__)
#else
#define eehlab_assert_engine_locked()	lockdep_assert_held(&eehlab_lock)
#endif
extern struct genl_family eehlab_family;

/* ---- eehlab_nl.c: the policies, the ops and the helpers ---- */
void eehlab_extack_text(struct netlink_ext_ack *extack, const char *text);
int eehlab_refused(struct genl_info *info, int err, const struct eeh_msg *msg);
int eehlab_missing(struct genl_info *info, struct nlattr *nest, int type,
		   const char *text);
int eehlab_parse_nest(struct genl_info *info, int type, struct nlattr **tb,
		      int maxtype, const struct nla_policy *policy,
		      const char *text);
struct sk_buff *eehlab_reply_new(struct genl_info *info, size_t payload,
				 void **hdr);
int eehlab_reply_send(struct sk_buff *skb, void *hdr, struct genl_info *info);
void eehlab_event_send(struct sk_buff *skb, void *hdr);
struct sk_buff *eehlab_event_new(size_t payload, void **hdr);

/*
 * The family's policy and its ops, EEHLAB_N_OPS of them: one for every
 * command but UNSPEC and EVENT (eehlab_nl.c checks the count)
 */
extern const struct nla_policy eehlab_policy[EEHLAB_A_MAX + 1];
#define EEHLAB_N_OPS		(EEHLAB_CMD_MAX - 1)
extern const struct genl_small_ops eehlab_ops[];

extern const struct nla_policy eehlab_phb_policy[EEHLAB_A_PHB_MAX + 1];
extern const struct nla_policy eehlab_pe_policy[EEHLAB_A_PE_MAX + 1];
extern const struct nla_policy eehlab_dev_policy[EEHLAB_A_DEV_MAX + 1];
extern const struct nla_policy eehlab_guest_policy[EEHLAB_A_GUEST_MAX + 1];
extern const struct nla_policy eehlab_inject_policy[EEHLAB_A_INJECT_MAX + 1];
extern const struct nla_policy eehlab_window_policy[EEHLAB_A_WINDOW_MAX + 1];
extern const struct nla_policy eehlab_driver_policy[EEHLAB_A_DRIVER_MAX + 1];
extern const struct nla_policy eehlab_dma_policy[EEHLAB_A_DMA_MAX + 1];
extern const struct nla_policy eehlab_hcall_policy[EEHLAB_A_HCALL_MAX + 1];
extern const struct nla_policy eehlab_vfio_policy[EEHLAB_A_VFIO_MAX + 1];
extern const struct nla_policy eehlab_real_inj_policy[EEHLAB_A_REAL_INJ_MAX + 1];
extern const struct nla_policy eehlab_edu_policy[EEHLAB_A_EDU_MAX + 1];
/* driver/eehlab_tce_real.c */
extern const struct nla_policy eehlab_real_guest_policy[EEHLAB_A_RG_MAX + 1];
/* driver/eehlab_race.c */
extern const struct nla_policy eehlab_race_policy[EEHLAB_A_RACE_MAX + 1];

/*
 * A required attribute: -EINVAL with an extack message naming it when
 * absent. @nest: the nest it belongs in (NULL: top level).
 */
#define EEHLAB_REQUIRE(info, tb, nest, type) \
	((tb)[type] ? 0 : eehlab_missing(info, nest, type, "missing attribute " #type))
/* A required nest of the request, parsed into @tb */
#define EEHLAB_NEST(info, type, tb, max, policy) \
	eehlab_parse_nest(info, type, tb, max, policy, "missing attribute " #type)

/* ---- eehlab_session.c ---- */
int eehlab_sessions_init(void);
void eehlab_sessions_exit(void);
/* The caller's session, else the shared one; a reference (never NULL). */
struct eehlab_sess *eehlab_sess_get(struct genl_info *info);
void eehlab_sess_put(struct eehlab_sess *es);
unsigned int eehlab_sessions_open(void);
int eehlab_cmd_session_open(struct sk_buff *skb, struct genl_info *info);
int eehlab_cmd_session_close(struct sk_buff *skb, struct genl_info *info);
int eehlab_cmd_recover(struct sk_buff *skb, struct genl_info *info);
/* CHECK / MMIO_READ: a freeze was detected and queued on @dev */
void eehlab_event_freeze(const struct be_dev *dev);

/* ---- eehlab_cmds.c: one handler per command ---- */
#define EEHLAB_CMD(name) \
	int eehlab_cmd_##name(struct sk_buff *skb, struct genl_info *info)
EEHLAB_CMD(get_version);
EEHLAB_CMD(phb_create);
EEHLAB_CMD(phb_destroy);
EEHLAB_CMD(node_add);
EEHLAB_CMD(phb_enumerate);
EEHLAB_CMD(pe_get);
EEHLAB_CMD(inject);
EEHLAB_CMD(phb_get);
EEHLAB_CMD(dev_resolve);
EEHLAB_CMD(dev_list);
EEHLAB_CMD(pe_covers);
EEHLAB_CMD(driver_set);
EEHLAB_CMD(mem_alloc);
EEHLAB_CMD(mem_read);
EEHLAB_CMD(mem_write);
EEHLAB_CMD(window_create);
EEHLAB_CMD(window_remove);
EEHLAB_CMD(window_get);
EEHLAB_CMD(tce_map);
EEHLAB_CMD(mmio_read);
EEHLAB_CMD(mmio_write);
EEHLAB_CMD(cfg_read);
EEHLAB_CMD(cfg_write);
EEHLAB_CMD(dma);
EEHLAB_CMD(check);
EEHLAB_CMD(advance);
EEHLAB_CMD(max_freezes_set);
EEHLAB_CMD(pe_state);
EEHLAB_CMD(frozen_get);
EEHLAB_CMD(cb_get);
EEHLAB_CMD(diag_get);
EEHLAB_CMD(guest_create);
EEHLAB_CMD(guest_slot);
EEHLAB_CMD(guest_assign);
EEHLAB_CMD(guest_release);
EEHLAB_CMD(guest_window);
EEHLAB_CMD(guest_liobn);
EEHLAB_CMD(hcall);
EEHLAB_CMD(guest_mem_read);
EEHLAB_CMD(guest_mem_write);
EEHLAB_CMD(guest_stats);
EEHLAB_CMD(guest_eeh);
EEHLAB_CMD(invariants);
EEHLAB_CMD(stats);
EEHLAB_CMD(test_fail_nth);
EEHLAB_CMD(real_list);
EEHLAB_CMD(real_inject);
EEHLAB_CMD(real_hw_inject);
EEHLAB_CMD(real_check);
EEHLAB_CMD(edu_dma);
EEHLAB_CMD(edu_status);
EEHLAB_CMD(real_guest);
/* driver/eehlab_race.c: two vCPU threads, outside the engine lock */
EEHLAB_CMD(hcall_race);
/* Is current one of a running race's vCPU threads? (debug lock check) */
bool eehlab_race_vcpu_current(void);
/* eehlab_cmds.c: a guest's name (EEHLAB_A_GUEST), a call (EEHLAB_A_HCALL_*) */
int eehlab_get_guest(struct genl_info *info, char *name);
int eehlab_get_hcall(struct genl_info *info, struct nlattr *nest,
		     struct be_hcall *hc);

/*
 * ---- eehlab_powernv.c: the real PHBs of the Linux EEH core ----
 * Built only where the EEH core exists (CONFIG_EEH and
 * CONFIG_PPC_POWERNV); elsewhere REAL_LIST answers with the reason alone.
 */
#define EEHLAB_NO_EEH		"no EEH: not a PowerNV host"
#if IS_ENABLED(CONFIG_EEH) && IS_ENABLED(CONFIG_PPC_POWERNV)
#define EEHLAB_HAVE_POWERNV	1
int eehlab_powernv_list(struct genl_info *info);
int eehlab_powernv_inject(struct genl_info *info);
int eehlab_powernv_hw_inject(struct genl_info *info);
int eehlab_powernv_check(struct genl_info *info);
int eehlab_powernv_freeze_dev(struct pci_dev *pdev, u32 kind, int *detected);
void eehlab_powernv_clear_emulation(struct pci_dev *pdev);
#else
#define EEHLAB_HAVE_POWERNV	0
#endif

/*
 * ---- eehlab_edu.c: the PCI driver for QEMU's edu device ----
 * Registered at init, unregistered at exit; EDU_DMA and EDU_STATUS are
 * its commands (above).
 */
int eehlab_edu_init(void);
void eehlab_edu_exit(void);

/* eehlab_tce_real.c: a real PE still taken is released at exit */
void eehlab_tce_real_exit(void);
/* EEHLAB_A_EDU_CALLBACKS, including the terminating NUL */
#define EEHLAB_EDU_CB_TEXT_LEN		256
/*
 * The model's enum eeh_cb values, for the files that cannot include the
 * model (eehlab_session.c checks they agree).
 */
#define EEHLAB_EDU_CB_ERROR_DETECTED	0
#define EEHLAB_EDU_CB_MMIO_ENABLED	1
#define EEHLAB_EDU_CB_SLOT_RESET	2
#define EEHLAB_EDU_CB_RESUME		3
/*
 * An EEHLAB_EVENT_REAL_CALLBACK event: callback @cb of the driver of
 * @bdf (PCI domain @domain, EEH PE @pe, < 0: unknown) answered @result
 * (< 0: nothing, as resume); @state: error_detected's channel state (< 0:
 * none); @text: NULL or a line about it.
 */
void eehlab_event_real_callback(const char *bdf, u32 domain, int pe, u32 cb,
				int state, int result, const char *text);

#endif /* _EEHLAB_DRIVER_H */
