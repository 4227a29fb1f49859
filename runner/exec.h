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

struct run_opts {
	const char *backend;	/* "model" (default) */
	uint64_t seed;		/* for fill=random; printed in the header */
	bool verbose;		/* model log lines as KTAP diagnostics */
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

/* eehlab list --backend kernel: exit 0 listed (also: no real PHBs),
 * 2 the module is not there or refused. */
int list_kernel(FILE *out);
/* eehlab list (model): per scenario its description and its tree;
 * exit 0, or 1 when a topology could not be built. */
int list_model(struct scenario *scs, int n, const struct run_opts *o, FILE *out);

#endif /* EEHLAB_RUNNER_EXEC_H */
