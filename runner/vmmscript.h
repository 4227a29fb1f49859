/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * eehlab vmm-script: a scenario's TCE hypercalls as an eehlab-vmm script
 * (kvm/script.h), so that the same calls can be made against the host
 * kernel's KVM and compared with the model by eehlab-oracle
 * (docs/kvm-oracle.md). The scenario runs on the model backend; each
 * hypercall is recorded as it is made: its LIOBN, IOBA, TCE or value,
 * npages, the list an indirect put points at as guest memory holds it
 * then, and the window behind the LIOBN (size, I/O page, bus start, the
 * tier that knows it).
 */
#ifndef EEHLAB_RUNNER_VMMSCRIPT_H
#define EEHLAB_RUNNER_VMMSCRIPT_H

#include <stdio.h>
#include <stdint.h>
#include "scenario.h"

/* eehlab-vmm's guest (kvm/guest/abi.h): 16 MiB at guest address 0 */
#define VS_MEM_SIZE		0x1000000ULL
/* its vectors, program, process table and mailbox: the VMM's own */
#define VS_RESERVED_END		0x30000ULL
/* a list the scenario keeps there is moved this far up (its alignment kept) */
#define VS_LIST_RELOC		0x800000ULL
/* the LIOBN the list-staging calls go to: no window has it */
#define VS_STAGE_LIOBN		0xfffffff0ULL
/* list= on a line of its own past this many characters: staged instead */
#define VS_LIST_CHARS		3600

struct vs_stats {
	int hcall_steps;	/* hypercall steps of the scenario */
	int recorded;		/* hypercalls made on the model */
	int converted;		/* hypercalls in the script */
	int dropped;		/* made on the model, not in the script (with the reason) */
	int staged;		/* list-staging calls added */
	int other_steps;	/* steps that are no hypercall: not carried over */
	int expects;		/* expectations: not carried over */
	int relocated;		/* lists moved out of the VMM's own pages */
	int model_failed;	/* the scenario did not pass on the model */
};

#define VS_NOTHING	1	/* vmm_script_convert: no hypercall to run */

/*
 * Run @sc on the model, recording its hypercalls, and write the script to
 * @out; each call dropped, and why, as "FILE:LINE: ..." on @log. 0, or
 * VS_NOTHING with the reason in @err (nothing written to @out), or -1
 * with "FILE: what is wrong" in @err.
 */
int vmm_script_convert(struct scenario *sc, FILE *out, FILE *log, struct vs_stats *st,
		       char *err, size_t errlen);

/* eehlab vmm-script FILE.eeh: exit 0 written, 1 could not, 2 usage, 4 no hypercall */
int vmm_script_main(int argc, char **argv);

#endif
