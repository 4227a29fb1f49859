/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The executor: runs parsed scenarios on a backend and writes KTAP.
 */
#ifndef EEHLAB_RUNNER_EXEC_H
#define EEHLAB_RUNNER_EXEC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "scenario.h"

struct sc_stmt;
struct backend;
struct be_hcall;

/*
 * An observer of the hypercall steps (eehlab vmm-script, runner/vmmscript.c):
 * called with each hypercall step just before the backend makes it, the
 * backend (its state as the call finds it) and the call.
 */
struct run_hooks {
	void *ctx;
	void (*hcall)(void *ctx, const struct sc_stmt *st, struct backend *b,
		      const char *guest, const struct be_hcall *hc);
};

struct run_opts {
	const char *backend;	/* "model" (default) */
	uint64_t seed;		/* for fill=random; printed in the header */
	bool verbose;		/* model log lines as KTAP diagnostics */
	const struct run_hooks *hooks;	/* NULL: none */
};

/* Run @n parsed scenarios in order, KTAP on @out. Returns the kselftest
 * exit code: 0 all passed (skips allowed), 1 any failure, 4 all skipped. */
int runner_run(struct scenario *scs, int n, const struct run_opts *o, FILE *out);

/* Backends this build knows ("model", "kernel"); NULL-terminated. */
extern const char *const runner_backends[];
/* Does this build know backend @name? (main: an unknown one is exit 2;
 * runner_run itself returns 2 for it, with a message on stderr.) */
bool runner_backend_known(const char *name);

struct backend_ops;
/* The backend called @name ("kernel" or what backend_lookup() knows). */
const struct backend_ops *runner_backend_lookup(const char *name);

/*
 * Compare mode: run each scenario on @oracle, then on @other, and report
 * every step whose outcome (ok, not ok or skip, and its diagnostics)
 * differs: KTAP on @out, one test per scenario ("ok" when both agree),
 * "# differs at FILE:LINE: A: ... / B: ..." lines, then
 * "# compare: X scenarios, Y steps, Z differences" and "# Totals:".
 * A scenario that one backend skips for its requires is skipped.
 * Returns 0 when nothing differs and the oracle passed every scenario
 * it ran; 1 on any difference or any failure on the oracle (even one
 * that both backends share); 4 when every scenario was skipped.
 */
int runner_compare(struct scenario *scs, int n, const struct run_opts *o,
		   const struct backend_ops *oracle, const struct backend_ops *other,
		   FILE *out);

/*
 * ---- eehlab list: PHBs, their PE trees and functions (runner/list.c) ----
 * The shape of a REAL_LIST reply (include/uapi/linux/eehlab.h), decoded;
 * the model's topology is put in the same shape.
 */
struct rl_phb {
	int domain;
	char model[64];		/* "ibm,power9-pciex", or the model's "phb4" */
	uint32_t num_pes;	/* the PHB's PE count; 0: unknown (default) */
	uint32_t pes;		/* PEs in use */
};

struct rl_pe {
	int domain;
	uint32_t addr;		/* PE address */
	uint32_t type;		/* EEHLAB_REAL_PE_TYPE_* */
	int parent;		/* index in rl_list.pe; -1: none (the PHB PE) */
	int state;		/* EEH_PE_STATE_* (eeh_pe_get_state) or -errno */
	uint32_t flags;		/* EEH_PE_* (pe->state) */
	uint32_t freeze_count;
	uint32_t passed;	/* devices passed through */
};

struct rl_dev {
	int domain;
	char bdf[16];
	uint16_t vendor, device;
	uint32_t class_code;	/* 24 bits */
	char driver[64];	/* "": none */
	char name[32];		/* the model's device name; "" for real ones */
	int pe;			/* index in rl_list.pe; -1: none */
	char pe_state[32];	/* sysfs eeh_pe_state, "0x00000078 0x00000800"; "": not read */
};

struct rl_list {
	char platform[192];	/* EEHLAB_A_REAL_PLATFORM */
	struct rl_phb *phb;
	int nphb;
	struct rl_pe *pe;
	int npe;
	struct rl_dev *dev;
	int ndev;
};

/* Append one entry (copied); 0 or -ENOMEM. */
int rl_add_phb(struct rl_list *l, const struct rl_phb *p);
int rl_add_pe(struct rl_list *l, const struct rl_pe *p);
int rl_add_dev(struct rl_list *l, const struct rl_dev *d);
void rl_free(struct rl_list *l);

/* EEH_PE_STATE_* (or a negative errno) as words: "normal: MMIO and DMA active" */
const char *rl_state_text(int state);
/* EEH_PE_* flags as words, "isolated recovering", or "none" */
void rl_flags_text(uint32_t flags, char *buf, size_t len);
/* EEHLAB_REAL_PE_TYPE_* bits: "PHB", "bus", "device", "VF", ... */
void rl_type_text(uint32_t type, char *buf, size_t len);

/* A vendor:device name lookup; it always writes something. */
typedef void (*rl_namer)(void *ctx, uint16_t vendor, uint16_t device, char *buf,
			 size_t len);
/* libpci's names (pci.ids); ctx from rl_pci_open() (NULL: numbers only).
 * An id it does not know is written as numbers, "1af4:1000". */
void *rl_pci_open(void);
void rl_pci_close(void *ctx);
void rl_pci_name(void *ctx, uint16_t vendor, uint16_t device, char *buf, size_t len);

/* The tree: each PHB, its PEs indented under their parents, each PE's
 * functions under it. */
void rl_print(const struct rl_list *l, rl_namer namer, void *ctx, FILE *out);

/* Build @sc's topology on the model (its phb, rootport, switch, device
 * and enumerate steps) and describe it in @l; 0, or -errno with @err. */
int runner_model_tree(struct scenario *sc, const struct run_opts *o,
		      struct rl_list *l, char *err, size_t len);

/* Each function's sysfs eeh_pe_state under @sys ("/sys") into pe_state
 * ("" when it cannot be read). */
void rl_read_pe_states(struct rl_list *l, const char *sys);
/* eehlab list --backend kernel: exit 0 listed (also: no real PHBs),
 * 2 the module is not there or refused. */
int list_kernel(FILE *out);
/* eehlab list (model): per scenario its description and its tree;
 * exit 0, or 1 when a topology could not be built. */
int list_model(struct scenario *scs, int n, const struct run_opts *o, FILE *out);

/*
 * ---- eehlab inject --backend kernel: the emulated freeze of a real PE
 * and the EEH core's recovery of it (runner/real.c) ----
 */
struct rl_inject {
	/* the request */
	int domain;
	uint32_t pe_addr;
	uint32_t kind;		/* EEHLAB_REAL_FREEZE_* */
	/* the reply (EEHLAB_A_REAL_INJ) */
	bool got;
	uint64_t pesta, pestb, peev;
	bool detected;		/* eeh_dev_check_failure() reported it */
	char bdf[16];		/* the function it checked */
};

/*
 * REAL_HW_INJECT: eeh_pe_inject_err() on a real PE, firmware's error
 * injection (OPAL_PCI_ERR_INJECT on PowerNV).
 */
struct rl_hw_inject {
	/* the request */
	int domain;
	uint32_t pe_addr;
	uint32_t type;		/* EEH_ERR_TYPE_32 / _64 */
	uint32_t func;		/* EEH_ERR_FUNC_*, passed on as it is */
	uint64_t addr, mask;
	/* the reply */
	bool got;
	int rc;			/* eeh_pe_inject_err(): 0, -EIO firmware refused, ... */
};

/* REAL_CHECK: eeh_dev_check_failure() on one real function */
struct rl_check {
	char bdf[16];		/* the request: "0000:01:00.0" */
	bool got;
	bool detected;		/* the reply: it found the PE frozen */
	char checked[16];	/* the function it checked */
};

/* What firmware is expected to answer (--expect-firmware) */
enum rl_fw_expect {
	RL_FW_ANY = 0,
	RL_FW_ACCEPTED,
	RL_FW_PARAMETER,
	RL_FW_UNSUPPORTED,
};

struct rl_inject_opts {
	int domain;
	uint32_t pe_addr;
	uint32_t kind;			/* --freeze: EEHLAB_REAL_FREEZE_*; 0 with --hw */
	unsigned int timeout_ms;	/* default 30 s */
	bool help;
	/* --hw FUNC [--type] [--addr] [--mask] [--expect-firmware] [--expect-freeze] */
	bool hw;
	uint32_t func, type;
	uint64_t addr, mask;
	enum rl_fw_expect expect_fw;
	bool expect_freeze;
};

/*
 * --hw's FUNC: a name of the EEH_ERR_FUNC_* table ("LD_CFG_ADDR",
 * "ld_cfg_addr", "EEH_ERR_FUNC_LD_CFG_ADDR") or a number (decimal or
 * 0x hex, any u32: the kernel checks the range); 0 or -EINVAL with @err.
 */
int rl_parse_hw_func(const char *arg, uint32_t *func, char *err, size_t len);
/*
 * Firmware's answer as words from eeh_pe_inject_err()'s return @rc and
 * OPAL's code @opal (from the kernel log; @have_opal false: not found):
 * "accepted (OPAL_SUCCESS, 0)", "unsupported (OPAL_UNSUPPORTED, -7)",
 * "parameter (OPAL_PARAMETER, -1)", ... into @buf; returns the class
 * (RL_FW_ANY: neither of the three, or the kernel refused: @buf says).
 */
enum rl_fw_expect rl_fw_answer(int rc, bool have_opal, long opal, char *buf, size_t len);

/* "DOMAIN:PEADDR", both hex ("0000:1fd", "1:0x1fd"); 0 or -EINVAL with @err */
int rl_parse_pe(const char *arg, int *domain, uint32_t *addr, char *err, size_t len);
/* "mmio", "dma" or "both": EEHLAB_REAL_FREEZE_*; 0 or -EINVAL with @err */
int rl_parse_freeze(const char *arg, uint32_t *kind, char *err, size_t len);
/* The arguments after "inject"; 0, or -EINVAL with @err (a usage error) */
int rl_inject_parse(int argc, char **argv, struct rl_inject_opts *o, char *err,
		    size_t len);
/* The index of PE @addr of PHB @domain in @l (never a PHB PE); -1: none */
int rl_find_pe(const struct rl_list *l, int domain, uint32_t addr);
/*
 * The recovery of a PE, @now (NULL: gone from the list) against @before
 * the freeze: 1 recovered (freeze count up, state normal, neither
 * isolated, recovering, reset nor removed), -1 permanent failure (gone
 * or removed), 0 not yet.
 */
int rl_recovery_state(const struct rl_pe *before, const struct rl_pe *now);
/*
 * Every PE of @before but @domain/@addr against @after: its state, flags
 * and freeze count unchanged. Each difference (or missing PE) as a line
 * on @out; returns how many.
 */
int rl_isolation_diff(const struct rl_list *before, const struct rl_list *after,
		      int domain, uint32_t addr, FILE *out);
/* "injected: ..." and "eeh_dev_check_failure(...) ...": what REAL_INJECT did */
void rl_print_inject(const struct rl_inject *r, FILE *out);
/*
 * eehlab inject --backend kernel: exit 0 recovered, 1 not detected,
 * permanent failure, timeout or another PE changed, 2 a bad argument, an
 * unknown PE or a refusal (the module not loaded, not root). With --hw:
 * 0 also when firmware accepted and no freeze followed (unless
 * --expect-freeze) and when firmware answered as --expect-firmware said;
 * 1 firmware's answer not the expected one, or refused without
 * --expect-firmware; 2 also the kernel's own refusal (-EINVAL, -ERANGE,
 * -ENXIO, -ENOENT: firmware never asked).
 */
int inject_kernel(const struct rl_inject_opts *o, FILE *out);
int inject_main(int argc, char **argv);

#endif /* EEHLAB_RUNNER_EXEC_H */
