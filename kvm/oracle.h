/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * eehlab-oracle: the model (include/eehlab/guest.h) as an oracle for the
 * host kernel's TCE hypercalls. It reads an eehlab-vmm script
 * (script.h) and eehlab-vmm's KTAP output for it, builds a model guest
 * with the same memory and windows, replays every hypercall of the
 * script on the model, and compares, call by call, the return code KVM
 * gave with the model's (and, for H_GET_TCE, the entry returned). A
 * difference is a finding, printed, never an error. Portable: the
 * comparison is unit-tested on any host (tests/test_oracle.c).
 */
#ifndef EEHLAB_VMM_ORACLE_H
#define EEHLAB_VMM_ORACLE_H

#include <stdint.h>
#include <stddef.h>
#include <stdio.h>

#include "script.h"

/* the guest memory eehlab-vmm gives its VM (kvm/guest/abi.h) */
#define ORACLE_MEM_SIZE		0x1000000ULL

/* one hypercall of the script: what each side answered */
struct oracle_call {
	const struct vmm_cmd *c;
	/* KVM, from eehlab-vmm's line for the call */
	int kvm_seen;
	int kvm_ok;		/* "ok" (the script's expectations held) */
	long kvm_rc;
	uint64_t kvm_value;	/* h-get-tce, H_SUCCESS */
	int kvm_by_vmm;		/* it came out to the VMM (at least one exit) */
	char kvm_note[240];	/* "# line N: the range ends ... past the window" */
	/* the model */
	long model_rc;
	uint64_t model_value;
	int model_by_vmm;	/* finished by the userspace tier */
	/* the scenario step it comes from ("# from FILE:LINE" after it, eehlab vmm-script) */
	char origin[200];
	int staging;		/* "# stage": a call that only writes a list (eehlab vmm-script) */
	/* the verdict */
	int differs;		/* return code, or the entry H_GET_TCE returned */
	int where_differs;	/* finished on the other side of the exit */
};

struct oracle {
	struct vmm_script s;
	struct oracle_call *calls;	/* s.ncalls of them, in script order */
	size_t ncalls;
	size_t ndiff, nwhere;
	size_t norigin, nstaging;	/* calls with "# from", "# stage" */
	size_t nmissing;		/* calls without their line in the output */
	char bail[240];			/* eehlab-vmm's "Bail out!", if any */
};

/*
 * Parse SCRIPT_TEXT (named NAME) and set up o->calls. 0, or -1 with
 * "NAME:LINE: what is wrong" in err. Free with oracle_free either way.
 */
int oracle_load_script(struct oracle *o, const char *name, const char *text,
		       char *err, size_t errlen);
/*
 * Build the model guest (ORACLE_MEM_SIZE of memory at 0, one window per
 * window command, LIOBN and size as written, in-kernel windows known to
 * the kernel's tiers, user ones to the VMM's only) and run every
 * hypercall on it. 0, or -1 with the reason in err.
 */
int oracle_model_run(struct oracle *o, char *err, size_t errlen);
/*
 * Read eehlab-vmm's KTAP output (TEXT, named NAME) for the script: one
 * "ok N TEXT # H_CODE ..." line a call. 0 when every call has its line;
 * -1 with "NAME:LINE: what is wrong" in err, or with the first call
 * without a line (o->nmissing > 0: the calls before it are read, so the
 * table can still show them, e.g. after eehlab-vmm died).
 */
int oracle_kvm_parse(struct oracle *o, const char *name, const char *text,
		     char *err, size_t errlen);
/* Fill in the verdicts and the totals. */
void oracle_compare(struct oracle *o);
/*
 * The table: one line a call, the notes, the totals ("N calls, M
 * differences" only when every call was compared). For a script of
 * eehlab vmm-script (calls with "# from FILE:LINE"), each difference is
 * named by its scenario step, and one more line sums the scenario's
 * calls apart from the list-staging ones:
 * "scenario calls: N same: S differ: D other-side: W staging: X".
 */
void oracle_print(const struct oracle *o, FILE *f, int model_only);
void oracle_free(struct oracle *o);

/* the whole program: exit 0 compared, 1 could not compare, 2 usage */
int oracle_main(int argc, char **argv);

#endif
