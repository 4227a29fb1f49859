/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small KVM library for POWER (Book3S HV, radix), in the style of the
 * kernel's KVM selftests: every operation comes as __op(), which returns
 * 0 or -errno for negative tests, and op(), which asserts success and
 * otherwise reports file:line, the call, the values and errno, and
 * exits 1 ("Bail out!" in KTAP).
 *
 * A VM here is one vCPU in real mode (MSR = SF|ME|RI|LE, LPCR[ILE]), its
 * memory one anonymous mapping at guest address 0, radix with an empty
 * process table (real-mode code needs no page tables), PAPR on, so the
 * guest's `sc 1` is a hypercall. Built only for powerpc (the KVM uapi).
 */
#ifndef EEHLAB_VMM_H
#define EEHLAB_VMM_H

#include <stdint.h>
#include <stddef.h>
#include <linux/kvm.h>

#include "utce.h"

struct vmm_vm {
	int kvm_fd;
	int vm_fd;
	uint8_t *mem;
	uint64_t mem_size;
};

struct vmm_vcpu {
	struct vmm_vm *vm;
	int fd;
	struct kvm_run *run;
	size_t run_size;
};

/* A TCE table: the kernel's (fd >= 0, entries its mmap) or the VMM's. */
struct vmm_window {
	struct utce_table t;
	int in_kernel;
	int fd;
	size_t map_size;
};

/*
 * A PCI function assigned through VFIO (legacy container, sPAPR TCE v2):
 * its group in a container whose one DMA window matches a window the
 * kernel owns (KVM_CREATE_SPAPR_TCE_64), the group linked to that table
 * through the KVM VFIO device, BAR0 mmapped.
 */
struct vmm_vfio {
	char bdf[32];
	int groupno;
	int container;
	int group;
	int kvm_dev;		/* the KVM VFIO device */
	int dev;		/* the VFIO device, -1 until opened */
	uint8_t *bar0;
	uint64_t bar0_size;
	uint64_t cfg_off;	/* the config region's offset in dev */
	uint64_t open_ns;	/* VFIO_GROUP_GET_DEVICE_FD took this long */
	int mem_registered;
};

/* report and exit 1, KVM selftests' TEST_ASSERT */
#define VMM_ASSERT(cond, ...) do {					\
	if (!(cond))							\
		vmm_fail(__FILE__, __LINE__, #cond, __VA_ARGS__);	\
} while (0)
__attribute__((noreturn, format(printf, 4, 5)))
void vmm_fail(const char *file, int line, const char *expr, const char *fmt, ...);

/* /dev/kvm: the fd, or -errno */
int __vmm_open_kvm(void);
/* KVM_CHECK_EXTENSION on fd: its value (0: no) */
int vmm_has_cap(int fd, long cap);

int __vmm_vm_create(struct vmm_vm *vm, uint64_t mem_size);
void vmm_vm_create(struct vmm_vm *vm, uint64_t mem_size);
void vmm_vm_free(struct vmm_vm *vm);

/* KVM_CAP_PPC_ENABLE_HCALL: the kernel finishes hcall nr where it can */
int __vmm_enable_hcall(struct vmm_vm *vm, uint64_t nr, int on);
void vmm_enable_hcall(struct vmm_vm *vm, uint64_t nr, int on);

/* KVM_CREATE_SPAPR_TCE_64 (offset 0) and the mmap of its fd */
int __vmm_window_kernel(struct vmm_vm *vm, struct vmm_window *w,
			uint64_t liobn, unsigned int shift, uint64_t nentries);
void vmm_window_kernel(struct vmm_vm *vm, struct vmm_window *w,
		       uint64_t liobn, unsigned int shift, uint64_t nentries);
/* a table the VMM owns: calloc'ed entries */
void vmm_window_user(struct vmm_window *w, uint64_t liobn, unsigned int shift,
		     uint64_t nentries);
void vmm_window_free(struct vmm_window *w);

/*
 * VFIO for BDF (bound to vfio-pci) into vm, its DMA window w (in the
 * kernel, offset 0): every step asserted and told as a "# vfio:" line.
 * vmm_vfio_close gives everything back; the device's close resets it.
 */
void vmm_vfio_open(struct vmm_vm *vm, struct vmm_vfio *v, const char *bdf,
		   const struct vmm_window *w);
void vmm_vfio_close(struct vmm_vfio *v);
/* a 32-bit register of BAR0, in the order the device's bytes come */
uint32_t vmm_vfio_rd32(struct vmm_vfio *v, uint64_t off);
void vmm_vfio_wr32(struct vmm_vfio *v, uint64_t off, uint32_t val);
/* the command register: memory space and bus master on; what it was */
uint16_t vmm_vfio_enable(struct vmm_vfio *v);
/* monotonic nanoseconds */
uint64_t vmm_now_ns(void);

/* vCPU 0, PAPR on, LPCR[ILE], pc = entry, MSR = SF|ME|RI|LE */
int __vmm_vcpu_add(struct vmm_vm *vm, struct vmm_vcpu *vcpu, uint64_t entry);
void vmm_vcpu_add(struct vmm_vm *vm, struct vmm_vcpu *vcpu, uint64_t entry);
void vmm_vcpu_free(struct vmm_vcpu *vcpu);
/* KVM_RUN: 0 or -errno (-EINTR: a signal, the VMM's timeout) */
int __vmm_vcpu_run(struct vmm_vcpu *vcpu);
void vmm_vcpu_regs(struct vmm_vcpu *vcpu, struct kvm_regs *regs);
/* "KVM_EXIT_PAPR_HCALL" for 19 */
const char *vmm_exit_name(uint32_t reason);

/* the host's timebase and its frequency (/proc/cpuinfo "timebase") */
uint64_t vmm_tb(void);
uint64_t vmm_tb_freq(void);

#endif
