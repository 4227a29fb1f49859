/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * eehlab soak: random topologies, random faults of every class on random
 * PEs owned by the host or by guests, recovery after each, and the
 * invariants checked after every injection (docs/soak.md).
 */
#ifndef EEHLAB_RUNNER_SOAK_H
#define EEHLAB_RUNNER_SOAK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* The fault classes, in the order of the tally table */
enum soak_class {
	SK_FREEZE_MMIO = 0,	/* immediate freeze, PEST A only */
	SK_FREEZE_DMA,		/* immediate freeze, PEST B only */
	SK_FREEZE_BOTH,		/* immediate freeze, both halves */
	SK_PELTV,		/* freeze of a PE with child PEs (PELT-V) */
	SK_FENCE,		/* PHB fence */
	SK_DMA_INJECT,		/* the PE's next DMA fails with a DMA cause */
	SK_DMA_INVALID_TCE,	/* DMA through a TCE with R=W=0 */
	SK_DMA_READ_ONLY,	/* device write through a read-only TCE */
	SK_DMA_WRITE_ONLY,	/* device read through a write-only TCE */
	SK_DMA_OUT_OF_WINDOW,	/* bus address past the 32-bit window */
	SK_DMA_NO_TVE,		/* 64-bit bus address, no 64-bit TVE */
	SK_FUNC_MEM32,		/* LD/ST_MEM_ADDR/DATA, type 0 (PHB3) */
	SK_FUNC_MEM64,		/* LD/ST_MEM_ADDR/DATA, type 1 (PHB3) */
	SK_FUNC_CFG,		/* LD/ST_CFG_ADDR/DATA (PHB3, PHB4) */
	SK_FUNC_DMA,		/* DMA_RD/WR_ADDR/DATA/MASTER/TARGET (PHB3) */
	SK_CLASS__COUNT,
};

/* Deliberate breakage, so that the tests can show each check can fail */
enum soak_sabotage {
	SK_SABOTAGE_NONE = 0,
	SK_SABOTAGE_MEMORY,	/* corrupt the buffer of one unaffected PE */
	SK_SABOTAGE_SKIP_RECOVERY,	/* do not run the recovery */
	SK_SABOTAGE_STRAY_FREEZE,	/* freeze one unaffected PE as well */
	SK_SABOTAGE_TALLY,	/* count one recovery twice */
	SK_SABOTAGE__COUNT,
};

struct soak_opts {
	uint64_t seed;
	double seconds;		/* wall-clock budget; 0: none */
	uint64_t iterations;	/* injections; 0: none (one of the two is set) */
	bool verbose;		/* every topology and every injection */
	enum soak_sabotage sabotage;
	uint64_t sabotage_at;	/* the injection (from 1) that is sabotaged */
	bool keep_going;	/* count discrepancies instead of stopping */
};

struct soak_tally {
	uint64_t injected, detected, recovered, perm;
	uint64_t guest;		/* of those, on a PE a guest owns */
};

struct soak_stats {
	struct soak_tally cls[SK_CLASS__COUNT];
	struct soak_tally total;
	uint64_t topologies, discrepancies, guest_recoveries;
	uint64_t dma_ok, dma_blocked;	/* the traffic around each fault */
	uint64_t hash;		/* FNV-1a over the sequence and its outcomes */
	double elapsed;		/* seconds */
	uint64_t first_bad;	/* injection of the first discrepancy, 0: none */
};

const char *soak_class_name(enum soak_class c);

/*
 * Run a soak; KTAP-ish comment lines go to @out (NULL: silent). Returns
 * 0 clean, 1 a discrepancy, -errno when the soak could not run at all.
 */
int soak_run(const struct soak_opts *o, struct soak_stats *st, FILE *out);

/* `eehlab soak ...`: exit 0 clean, 1 discrepancy, 2 usage */
int soak_main(int argc, char **argv);

#endif /* EEHLAB_RUNNER_SOAK_H */
