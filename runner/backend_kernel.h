/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The "kernel" backend (runner/backend_kernel.c): every verb of struct
 * backend_ops as one generic netlink command to the eehlab kernel module
 * (include/uapi/linux/eehlab.h), on a session of its own.
 */
#ifndef EEHLAB_RUNNER_BACKEND_KERNEL_H
#define EEHLAB_RUNNER_BACKEND_KERNEL_H

#include <stddef.h>
#include "backend.h"

extern const struct backend_ops backend_kernel_ops;

/*
 * One line about an open kernel backend for a --verbose diagnostic:
 * the module's version, the requests sent and the multicast events
 * received (and lost). Empty for any other backend.
 */
void backend_kernel_describe(struct backend *b, char *buf, size_t len);

/*
 * EEHLAB_CMD_REAL_LIST, without a session (it needs no privilege): the
 * real PHBs, PEs and functions into @l (rl_free() it, also on failure).
 * 0, also when there are none (l->platform says why); -errno with @msg:
 * -ENOENT when the module is not loaded.
 */
struct rl_list;
int backend_kernel_real_list(struct rl_list *l, struct eeh_msg *msg);

/*
 * EEHLAB_CMD_REAL_INJECT (needs CAP_NET_ADMIN): the emulated freeze of
 * the real PE r->domain/r->pe_addr, halves r->kind; the reply into @r.
 * 0, or -errno with @msg (the module's text: "no PE 0x1fd on PHB 0000").
 */
struct rl_inject;
int backend_kernel_real_inject(struct rl_inject *r, struct eeh_msg *msg);

/* ---- REAL_HW_INJECT and REAL_CHECK ---- */

/*
 * EEHLAB_CMD_REAL_HW_INJECT (needs CAP_NET_ADMIN): eeh_pe_inject_err()
 * on the real PE r->domain/r->pe_addr with r->type, func, addr, mask;
 * its return in r->rc (0 also when it refused: that is the answer).
 * 0, or -errno with @msg (no such PE, the module not loaded, not root).
 */
struct rl_hw_inject;
int backend_kernel_real_hw_inject(struct rl_hw_inject *r, struct eeh_msg *msg);

/*
 * EEHLAB_CMD_REAL_CHECK (needs CAP_NET_ADMIN): eeh_dev_check_failure()
 * on function c->bdf; c->detected, c->checked. 0, or -errno with @msg
 * (no such function, no EEH device).
 */
struct rl_check;
int backend_kernel_real_check(struct rl_check *c, struct eeh_msg *msg);

/* ---- EDU_DMA and EDU_STATUS: the module's edu driver ---- */

/*
 * EEHLAB_CMD_EDU_DMA (needs CAP_NET_ADMIN): a DMA round trip of @len
 * bytes (1..4096) of the pattern of @seed through the edu bound at @bdf
 * (NULL: the first one bound to the module's driver). 0 with @r filled,
 * also when the DMA failed (r->result: 0 verified, else -errno; -EILSEQ
 * a mismatch at r->mismatch); -errno with @msg on a refusal (no such
 * device, not an edu, its PE frozen, being recovered; -ENOENT: the
 * module is not loaded).
 */
struct edu_dma_res { int result; uint32_t bytes; uint32_t mismatch; uint64_t iova; uint32_t id; };
int backend_kernel_edu_dma(const char *bdf, uint32_t len, uint32_t seed, struct edu_dma_res *r,
			   struct eeh_msg *msg);

/*
 * EEHLAB_CMD_EDU_STATUS: the device bound at @bdf (NULL: the first one)
 * into @st: its PE address (-1 unknown), the error handlers called
 * since it was bound ("error_detected(frozen) slot_reset resume"), the
 * round trips verified and failed, and the result of the one the last
 * resume ran (1: none ran). 0, or -errno with @msg (-ENODEV: none bound).
 */
struct edu_status { char bdf[16]; int pe; char callbacks[256]; uint32_t dma_ok, dma_failed; int last_resume_dma; };
int backend_kernel_edu_status(const char *bdf, struct edu_status *st, struct eeh_msg *msg);
/*
 * The same for every device bound (@bdf NULL) or the one named: at most
 * @max into @st, their number into *@n (0: none bound, not an error).
 */
int backend_kernel_edu_status_all(const char *bdf, struct edu_status *st, int max, int *n,
				  struct eeh_msg *msg);

/* ---- the "events" multicast group, without a session ---- */

/*
 * One EEHLAB_EVENT_REAL_CALLBACK: an error handler of the module's PCI
 * driver (driver/eehlab_edu.c) called on function @bdf. -1: not sent.
 */
struct kb_real_cb {
	char bdf[16];
	uint64_t seq;
	int domain;		/* the PCI domain */
	int pe;			/* the PE address */
	int cb;			/* enum eeh_cb */
	int state;		/* error_detected's enum eeh_channel */
	int result;		/* the driver's enum eeh_ers (none for resume) */
	char text[128];
};

/*
 * One event message (EEHLAB_CMD_EVENT) into @ev: 1 when it is a
 * REAL_CALLBACK with a BDF and a callback, else 0 (another event type,
 * another command, malformed) and @ev untouched.
 */
struct nlmsghdr;
int backend_kernel_event_decode(struct nlmsghdr *nlh, struct kb_real_cb *ev);

/*
 * A socket joined to the "events" group (no privilege needed): 0 with
 * *@out, or -errno with the reason in @why (the module not loaded, or
 * too old for the group). Close it with backend_kernel_events_close().
 */
struct kb_events;
int backend_kernel_events_open(struct kb_events **out, char *why, size_t len);
/*
 * Without blocking, the REAL_CALLBACK events queued since the last read
 * appended to @out at *@n (at most @max in all, in arrival order); the
 * others ignored. *@lost counts those that did not fit or that the
 * socket dropped (an overrun).
 */
void backend_kernel_events_read(struct kb_events *e, struct kb_real_cb *out, int max, int *n,
				unsigned long *lost);
void backend_kernel_events_close(struct kb_events *e);

#endif /* EEHLAB_RUNNER_BACKEND_KERNEL_H */
