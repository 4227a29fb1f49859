// SPDX-License-Identifier: GPL-2.0-only
/*
 * The KVM library of eehlab-vmm (vmm.h): VM, memory, radix MMU, vCPU,
 * TCE tables and in-kernel hypercalls on POWER Book3S HV.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "vmm.h"
#include "guest/abi.h"

#define MSR_SF		(1ULL << 63)
#define MSR_ME		(1ULL << 12)
#define MSR_RI		(1ULL << 1)
#define MSR_LE		(1ULL << 0)
#define LPCR_ILE	(1ULL << 25)
#define PRTB_VALID	(1ULL << 63)	/* radix host: the process table is valid */

void vmm_fail(const char *file, int line, const char *expr, const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	fflush(stdout);
	printf("# %s:%d: assertion failed: %s\n# ", file, line, expr);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" (errno %d: %s)\n", e, strerror(e));
	printf("Bail out! %s:%d\n", file, line);
	fflush(stdout);
	exit(1);
}

int __vmm_open_kvm(void)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int vmm_has_cap(int fd, long cap)
{
	int r = ioctl(fd, KVM_CHECK_EXTENSION, cap);

	return r < 0 ? 0 : r;
}

int __vmm_vm_create(struct vmm_vm *vm, uint64_t mem_size)
{
	struct kvm_userspace_memory_region region = { 0 };
	struct kvm_ppc_mmuv3_cfg mmu = { 0 };
	int e;

	memset(vm, 0, sizeof(*vm));
	vm->vm_fd = -1;
	vm->kvm_fd = __vmm_open_kvm();
	if (vm->kvm_fd < 0)
		return vm->kvm_fd;
	vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
	if (vm->vm_fd < 0)
		goto err;
	vm->mem = mmap(NULL, mem_size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (vm->mem == MAP_FAILED) {
		vm->mem = NULL;
		goto err;
	}
	vm->mem_size = mem_size;
	region.slot = 0;
	region.guest_phys_addr = 0;
	region.memory_size = mem_size;
	region.userspace_addr = (uintptr_t)vm->mem;
	if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &region))
		goto err;
	/* radix, an empty process table of 4 KiB (PRTS 0) at GUEST_PRTB_GPA */
	memset(vm->mem + GUEST_PRTB_GPA, 0, 4096);
	mmu.flags = KVM_PPC_MMUV3_RADIX | KVM_PPC_MMUV3_GTSE;
	mmu.process_table = PRTB_VALID | GUEST_PRTB_GPA;
	if (ioctl(vm->vm_fd, KVM_PPC_CONFIGURE_V3_MMU, &mmu))
		goto err;
	return 0;
err:
	e = -errno;
	vmm_vm_free(vm);
	return e;
}

void vmm_vm_create(struct vmm_vm *vm, uint64_t mem_size)
{
	int r = __vmm_vm_create(vm, mem_size);

	errno = -r;
	VMM_ASSERT(r == 0, "creating the VM (%llu bytes of memory)",
		   (unsigned long long)mem_size);
}

void vmm_vm_free(struct vmm_vm *vm)
{
	if (vm->mem)
		munmap(vm->mem, vm->mem_size);
	if (vm->vm_fd >= 0)
		close(vm->vm_fd);
	if (vm->kvm_fd >= 0)
		close(vm->kvm_fd);
	vm->mem = NULL;
	vm->vm_fd = vm->kvm_fd = -1;
}

int __vmm_enable_hcall(struct vmm_vm *vm, uint64_t nr, int on)
{
	struct kvm_enable_cap cap = { 0 };

	cap.cap = KVM_CAP_PPC_ENABLE_HCALL;
	cap.args[0] = nr;
	cap.args[1] = on;
	return ioctl(vm->vm_fd, KVM_ENABLE_CAP, &cap) ? -errno : 0;
}

void vmm_enable_hcall(struct vmm_vm *vm, uint64_t nr, int on)
{
	int r = __vmm_enable_hcall(vm, nr, on);

	errno = -r;
	VMM_ASSERT(r == 0, "KVM_CAP_PPC_ENABLE_HCALL 0x%llx %d", (unsigned long long)nr, on);
}

int __vmm_window_kernel(struct vmm_vm *vm, struct vmm_window *w,
			uint64_t liobn, unsigned int shift, uint64_t nentries)
{
	struct kvm_create_spapr_tce_64 args = { 0 };
	long pg = sysconf(_SC_PAGESIZE);
	void *map;
	int e;

	memset(w, 0, sizeof(*w));
	args.liobn = liobn;
	args.page_shift = shift;
	args.offset = 0;
	args.size = nentries;
	w->fd = ioctl(vm->vm_fd, KVM_CREATE_SPAPR_TCE_64, &args);
	if (w->fd < 0)
		return -errno;
	w->map_size = (nentries * 8 + pg - 1) / pg * pg;
	map = mmap(NULL, w->map_size, PROT_READ | PROT_WRITE, MAP_SHARED, w->fd, 0);
	if (map == MAP_FAILED) {
		e = -errno;
		close(w->fd);
		w->fd = -1;
		return e;
	}
	w->in_kernel = 1;
	w->t.liobn = liobn;
	w->t.shift = shift;
	w->t.nentries = nentries;
	w->t.entries = map;
	return 0;
}

void vmm_window_kernel(struct vmm_vm *vm, struct vmm_window *w,
		       uint64_t liobn, unsigned int shift, uint64_t nentries)
{
	int r = __vmm_window_kernel(vm, w, liobn, shift, nentries);

	errno = -r;
	VMM_ASSERT(r == 0, "KVM_CREATE_SPAPR_TCE_64 LIOBN 0x%llx, %llu entries of 2^%u bytes, and its mmap",
		   (unsigned long long)liobn, (unsigned long long)nentries, shift);
}

void vmm_window_user(struct vmm_window *w, uint64_t liobn, unsigned int shift,
		     uint64_t nentries)
{
	memset(w, 0, sizeof(*w));
	w->fd = -1;
	w->t.liobn = liobn;
	w->t.shift = shift;
	w->t.nentries = nentries;
	w->t.entries = calloc(nentries, sizeof(uint64_t));
	VMM_ASSERT(w->t.entries, "a TCE table of %llu entries", (unsigned long long)nentries);
}

void vmm_window_free(struct vmm_window *w)
{
	if (w->in_kernel) {
		munmap(w->t.entries, w->map_size);
		close(w->fd);
	} else {
		free(w->t.entries);
	}
	w->t.entries = NULL;
}

int __vmm_vcpu_add(struct vmm_vm *vm, struct vmm_vcpu *vcpu, uint64_t entry)
{
	struct kvm_enable_cap papr = { .cap = KVM_CAP_PPC_PAPR };
	struct kvm_one_reg reg;
	struct kvm_regs regs;
	uint64_t lpcr;
	int sz, e;

	memset(vcpu, 0, sizeof(*vcpu));
	vcpu->vm = vm;
	vcpu->fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, 0);
	if (vcpu->fd < 0)
		return -errno;
	sz = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (sz < 0)
		goto err;
	vcpu->run = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu->fd, 0);
	if (vcpu->run == MAP_FAILED) {
		vcpu->run = NULL;
		goto err;
	}
	vcpu->run_size = sz;
	/* without PAPR, KVM_RUN is EINVAL */
	if (ioctl(vcpu->fd, KVM_ENABLE_CAP, &papr))
		goto err;
	/* a little-endian guest takes its interrupts little-endian */
	reg.id = KVM_REG_PPC_LPCR_64;
	reg.addr = (uintptr_t)&lpcr;
	if (ioctl(vcpu->fd, KVM_GET_ONE_REG, &reg))
		goto err;
	lpcr |= LPCR_ILE;
	if (ioctl(vcpu->fd, KVM_SET_ONE_REG, &reg))
		goto err;
	if (ioctl(vcpu->fd, KVM_GET_REGS, &regs))
		goto err;
	regs.pc = entry;
	regs.msr = MSR_SF | MSR_ME | MSR_RI | MSR_LE;
	if (ioctl(vcpu->fd, KVM_SET_REGS, &regs))
		goto err;
	return 0;
err:
	e = -errno;
	vmm_vcpu_free(vcpu);
	return e;
}

void vmm_vcpu_add(struct vmm_vm *vm, struct vmm_vcpu *vcpu, uint64_t entry)
{
	int r = __vmm_vcpu_add(vm, vcpu, entry);

	errno = -r;
	VMM_ASSERT(r == 0, "vCPU 0 (PAPR, LPCR[ILE], pc 0x%llx)", (unsigned long long)entry);
}

void vmm_vcpu_free(struct vmm_vcpu *vcpu)
{
	if (vcpu->run)
		munmap(vcpu->run, vcpu->run_size);
	if (vcpu->fd >= 0)
		close(vcpu->fd);
	vcpu->run = NULL;
	vcpu->fd = -1;
}

int __vmm_vcpu_run(struct vmm_vcpu *vcpu)
{
	return ioctl(vcpu->fd, KVM_RUN, 0) ? -errno : 0;
}

void vmm_vcpu_regs(struct vmm_vcpu *vcpu, struct kvm_regs *regs)
{
	VMM_ASSERT(!ioctl(vcpu->fd, KVM_GET_REGS, regs), "KVM_GET_REGS");
}

const char *vmm_exit_name(uint32_t reason)
{
	static const char *const names[] = {
		[KVM_EXIT_UNKNOWN] = "KVM_EXIT_UNKNOWN",
		[KVM_EXIT_EXCEPTION] = "KVM_EXIT_EXCEPTION",
		[KVM_EXIT_IO] = "KVM_EXIT_IO",
		[KVM_EXIT_HYPERCALL] = "KVM_EXIT_HYPERCALL",
		[KVM_EXIT_DEBUG] = "KVM_EXIT_DEBUG",
		[KVM_EXIT_HLT] = "KVM_EXIT_HLT",
		[KVM_EXIT_MMIO] = "KVM_EXIT_MMIO",
		[KVM_EXIT_SHUTDOWN] = "KVM_EXIT_SHUTDOWN",
		[KVM_EXIT_FAIL_ENTRY] = "KVM_EXIT_FAIL_ENTRY",
		[KVM_EXIT_INTR] = "KVM_EXIT_INTR",
		[KVM_EXIT_INTERNAL_ERROR] = "KVM_EXIT_INTERNAL_ERROR",
		[KVM_EXIT_PAPR_HCALL] = "KVM_EXIT_PAPR_HCALL",
		[KVM_EXIT_WATCHDOG] = "KVM_EXIT_WATCHDOG",
		[KVM_EXIT_EPR] = "KVM_EXIT_EPR",
		[KVM_EXIT_SYSTEM_EVENT] = "KVM_EXIT_SYSTEM_EVENT",
	};

	if (reason < sizeof(names) / sizeof(names[0]) && names[reason])
		return names[reason];
	return "KVM_EXIT_?";
}

uint64_t vmm_tb(void)
{
	return __builtin_ppc_get_timebase();
}

uint64_t vmm_tb_freq(void)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	unsigned long long v = 0;
	char line[256];

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "timebase : %llu", &v) == 1)
			break;
	if (f)
		fclose(f);
	return v ? v : 512000000ULL;
}
