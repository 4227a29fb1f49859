/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * eehlab-vmm's scripts, portable: one command a line, '#' to the end of a
 * line is a comment, numbers in C syntax, keywords case-insensitive.
 *
 *   window LIOBN SIZE [in-kernel|user] [shift=N]
 *   h-put-tce LIOBN IOBA TCE
 *   h-put-tce-indirect LIOBN IOBA LIST_GPA NPAGES [list=TCE,TCE,...]
 *   h-stuff-tce LIOBN IOBA VALUE NPAGES
 *   h-get-tce LIOBN IOBA [value=TCE]
 *
 * A window is a DMA window of SIZE bytes from bus address 0, in pages of
 * 1 << shift bytes (default 12), owned by the kernel (in-kernel, the
 * default: KVM_CREATE_SPAPR_TCE_64) or by the VMM (user). Every
 * hypercall may end with what it must give:
 *   expect=H_CODE     its return (a name or a number)
 *   by=kernel|vmm     who finished it: no exit to the VMM, or at least one
 * and h-get-tce with value=TCE, the entry it must return. list= is written
 * big-endian at LIST_GPA just before the call; NPAGES is passed as given.
 */
#ifndef EEHLAB_VMM_SCRIPT_H
#define EEHLAB_VMM_SCRIPT_H

#include <stdint.h>
#include <stddef.h>

#define VMM_SCRIPT_MAX	256	/* hypercalls a script may make (the mailbox's) */

enum vmm_op {
	VMM_WINDOW,
	VMM_PUT,
	VMM_INDIRECT,
	VMM_STUFF,
	VMM_GET,
};

enum vmm_by {
	VMM_BY_ANY,
	VMM_BY_KERNEL,
	VMM_BY_VMM,
};

struct vmm_cmd {
	enum vmm_op op;
	int line;
	char text[160];		/* the command and its arguments as written */
	uint64_t liobn;
	/* window */
	uint64_t size;
	unsigned int shift;
	int in_kernel;
	/* hypercalls: put (tce), indirect (list gpa, npages), stuff (value, npages), get */
	uint64_t ioba;
	uint64_t arg;
	uint64_t npages;
	uint64_t *list;		/* indirect: list= entries, nlist of them */
	unsigned int nlist;
	/* expectations */
	int has_expect;
	long expect;
	enum vmm_by by;
	int has_value;
	uint64_t value;
};

struct vmm_script {
	struct vmm_cmd *cmds;
	size_t n;
	size_t ncalls;		/* the hypercalls among them */
};

/*
 * Parse TEXT (from file NAME). 0, or -1 with "NAME:LINE: what is wrong" in
 * err. The script is freed with vmm_script_free either way.
 */
int vmm_script_parse(const char *name, const char *text, struct vmm_script *s,
		     char *err, size_t errlen);
/* the same from a file; a file that cannot be read is "NAME: strerror" */
int vmm_script_load(const char *path, struct vmm_script *s, char *err,
		    size_t errlen);
void vmm_script_free(struct vmm_script *s);
/* the window command for LIOBN, or NULL */
const struct vmm_cmd *vmm_script_window(const struct vmm_script *s,
					uint64_t liobn);
/* the hcall number of a hypercall command */
uint64_t vmm_cmd_hcall(const struct vmm_cmd *c);

#endif
