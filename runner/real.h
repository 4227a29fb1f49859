/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * eehlab inject --backend kernel (runner/real.c): what is not in exec.h.
 */
#ifndef EEHLAB_RUNNER_REAL_H
#define EEHLAB_RUNNER_REAL_H

#include <stdio.h>
#include <stdint.h>
#include "exec.h"
#include "kmsg.h"

/*
 * The permanent failure of PE @addr of PHB @domain, @ms after the freeze:
 * "permanent failure: PE 0x<addr> permanently failed: device removed
 * (...)" on @out. @now: the PE as last listed (NULL: gone from the EEH
 * core); @before, @ipe: the listing before the freeze and the PE's index
 * in it, for its functions (@before NULL: none named).
 */
void rl_print_permanent(int domain, uint32_t addr, const struct rl_pe *now,
			const struct rl_list *before, int ipe, long ms, FILE *out);

/*
 * What the kernel log says about the PEs of one injection (runner/kmsg.c
 * parses the lines): firmware's refusal, the freeze, the recovery's end,
 * and per function the driver callbacks the EEH core invoked, with the
 * answers ("driver reports") matched to the phase they belong to.
 */
#define RL_CBS_MAX_PES		65
#define RL_CBS_MAX_FNS		16
#define RL_CBS_MAX_CALLS	12

struct rl_cbcall {
	enum eeh_cb cb;
	enum eeh_channel state;		/* error_detected's argument */
	enum eeh_ers result;		/* 0: no answer logged */
};

struct rl_cbfn {
	char bdf[16];
	char driver[32];
	struct rl_cbcall call[RL_CBS_MAX_CALLS];
	int n;
};

struct rl_cbs {
	int domain;
	uint32_t pes[RL_CBS_MAX_PES];	/* the injected PE and those under it */
	int npes;
	enum eeh_cb phase;		/* the report in progress; EEH_CB__COUNT: none */
	enum eeh_channel phase_state;
	struct rl_cbfn fn[RL_CBS_MAX_FNS];
	int nfn;
	struct kmsg_fw fw;		/* pnv_eeh_err_inject's refusal */
	bool have_fw;
	bool frozen, recovered, permanent, failed;
};

/* Follow PEs @pes of PHB @domain */
void rl_cbs_init(struct rl_cbs *c, int domain, const uint32_t *pes, int npes);
/* One line of the kernel log (a kmsg_read() callback, @ctx the rl_cbs) */
void rl_cbs_feed(void *ctx, const char *text);
/*
 * "callbacks: 0000:01:00.0 e1000e: error_detected(frozen) -> need reset,
 * slot_reset -> recovered, resume": each call in order, "-> ANSWER" its
 * driver's answer (none for resume, which answers nothing).
 */
void rl_cbs_print_fn(const struct rl_cbfn *f, FILE *out);

/*
 * The line eehlab inject prints for @ev, without the newline: "event:
 * 0002:01:00.0 PE 0xfd error_detected(frozen) -> need reset", "...
 * slot_reset -> recovered", "... resume". Its length, as snprintf().
 */
struct kb_real_cb;
int rl_event_format(const struct kb_real_cb *ev, char *buf, size_t len);

#endif /* EEHLAB_RUNNER_REAL_H */
