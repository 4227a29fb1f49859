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
 *   vfio BDF LIOBN
 *   fill GPA LEN PATTERN
 *   expect-memory GPA LEN PATTERN
 *   edu-dma to-ram|from-ram IOBA LEN GPA [expect=landed|not-landed]
 *   eeh OP [expect=N]
 *   rtas CALL [OPTION] [state=S|value=N] [status=N] [token=N] [nargs=N]
 *        [nret=N] [buid=N] [addr=N] [gpa=N]
 *   run COMMAND ...
 *
 * A window is a DMA window of SIZE bytes from bus address 0, in pages of
 * 1 << shift bytes (default 12), owned by the kernel (in-kernel, the
 * default: KVM_CREATE_SPAPR_TCE_64) or by the VMM (user). Every
 * hypercall may end with what it must give:
 *   expect=H_CODE     its return (a name or a number)
 *   by=kernel|vmm     who finished it: no exit to the VMM, or at least one
 * and h-get-tce with value=TCE, the entry it must return. list= is written
 * big-endian at LIST_GPA just before the call; NPAGES is passed as given.
 *
 * vfio assigns the PCI function BDF (bound to vfio-pci) to the VM, its
 * DMA window the kernel's window LIOBN (defined before it, in-kernel, a
 * power of two in size). fill, expect-memory and edu-dma are done by the
 * VMM between two hypercalls, where they stand in the script: fill
 * writes LEN bytes of PATTERN (a seed, vmm_pattern()) at GPA;
 * expect-memory checks them; edu-dma has QEMU's edu device (the vfio
 * function) copy LEN (1 .. 4095) bytes between its buffer and bus
 * address IOBA, and checks, for to-ram, whether the bytes the device
 * last read (from-ram, GPA then) landed at GPA. Each expect-memory and
 * edu-dma is a test point, as each hypercall is.
 *
 * eeh makes VFIO_EEH_PE_OP OP on the vfio function's PE (enable, disable,
 * unfreeze-io, unfreeze-dma, get-state, reset-off, reset-hot,
 * reset-fundamental, configure); expect= is what the ioctl must return
 * (a number, or for get-state a state: normal, reset, stopped,
 * stopped-dma, unavail). run has /bin/sh run COMMAND (the words after
 * run, joined by spaces) between two hypercalls; it must exit 0. Both
 * are test points.
 *
 * rtas has the guest make one H_RTAS (a hypercall: expect= and by= as
 * the others, default expect=H_SUCCESS) with an RTAS buffer the VMM
 * writes before it: CALL one of set-eeh-option (OPTION enable, disable,
 * thaw-mmio, thaw-dma), read-slot-reset-state2 (state= the PE state
 * expected), set-slot-reset (OPTION off, hot, fundamental),
 * configure-pe, get-config-addr-info2 (OPTION pe-addr, pe-mode; value=
 * the rets[1] expected, by default the PE address 0x1 or the shared
 * mode 2), slot-error-detail (OPTION temp, the default, or perm); an
 * OPTION may be a number. status= is the RTAS status expected (default 0;
 * unchecked when expect= is not H_SUCCESS and status= is not given).
 * token=, nargs=, nret=, buid=, addr= (args[0]) and gpa= (the buffer:
 * GUEST_RTAS_GPA, or above the mailbox, or past guest memory) override
 * what the VMM writes, for refusals.
 */
#ifndef EEHLAB_VMM_SCRIPT_H
#define EEHLAB_VMM_SCRIPT_H

#include <stdint.h>
#include <stddef.h>

#define VMM_SCRIPT_MAX	256	/* hypercalls a script may make (the mailbox's) */
#define RTAS_SCRIPT_ARGS	8	/* args a script's RTAS buffer holds */
#define RTAS_POISON	0x7eadbeef	/* rets before the call */

enum vmm_op {
	VMM_WINDOW,
	VMM_PUT,
	VMM_INDIRECT,
	VMM_STUFF,
	VMM_GET,
	VMM_VFIO,
	VMM_FILL,
	VMM_EXPECT_MEM,
	VMM_EDU_DMA,
	VMM_EEH,
	VMM_RUN,
	VMM_RTAS,
};

#define EDU_DMA_MAX	4095	/* bytes a transfer: QEMU's edu buffer, end exclusive */

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
	/* vfio: the function; fill, expect-memory, edu-dma: GPA, LEN, PATTERN */
	char bdf[32];
	uint64_t gpa;
	uint64_t len;
	uint64_t pattern;
	int to_ram;		/* edu-dma: 1 to-ram (device -> RAM), 0 from-ram */
	int land;		/* edu-dma to-ram: 1 must land (default), 0 must not */
	/* eeh: the VFIO_EEH_PE_* op (expect: has_expect, expect); run: the command */
	unsigned int eeh_op;
	char *cmdline;
	/*
	 * rtas: the buffer the VMM writes at gpa (default GUEST_RTAS_GPA)
	 * before the call: token, nargs, nret, args (words past the eighth
	 * are 0), rets (poisoned); status: rets[0] expected (has_status);
	 * has_value/value: rets[1] (state=, value=)
	 */
	unsigned int rtas_sub;	/* index of the call (vmm_rtas_sub_name) */
	uint32_t rtas_token, rtas_nargs, rtas_nret;
	uint32_t rtas_args[RTAS_SCRIPT_ARGS];
	int has_status;
	int32_t status;
};

struct vmm_script {
	struct vmm_cmd *cmds;
	size_t n;
	size_t ncalls;		/* the hypercalls among them */
	size_t nchecks;		/* expect-memory and edu-dma: test points too */
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
/* the vfio command, or NULL (one a script) */
const struct vmm_cmd *vmm_script_vfio(const struct vmm_script *s);
/* the hcall number of a hypercall command, 0 for the others */
uint64_t vmm_cmd_hcall(const struct vmm_cmd *c);
/* 1 for the commands the VMM does between hypercalls (fill, expect-memory, edu-dma, eeh, run) */
int vmm_cmd_is_action(const struct vmm_cmd *c);
/* "get-state" for VFIO_EEH_PE_GET_STATE (4), NULL for no op */
const char *vmm_eeh_op_name(unsigned int op);
/* "read-slot-reset-state2" for an rtas command's rtas_sub */
const char *vmm_rtas_sub_name(unsigned int sub);
/*
 * Write an rtas command's buffer into mem (memsize bytes) at its gpa:
 * the header, the args and the rets poisoned, as far as they fit in
 * GUEST_RTAS_SIZE bytes and in memory. The bytes written.
 */
uint64_t vmm_rtas_prepare(const struct vmm_cmd *c, uint8_t *mem, uint64_t memsize);
/* the offset of rets[i] from the buffer's start */
uint64_t vmm_rtas_ret_off(const struct vmm_cmd *c, uint32_t i);
/* byte I of the pattern SEED: the same on every host */
uint8_t vmm_pattern(uint64_t seed, uint64_t i);

#endif
