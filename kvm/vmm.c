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
#include <sys/stat.h>
#include <time.h>
#include <limits.h>
#include <libgen.h>
#include <linux/vfio.h>

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

uint64_t vmm_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* the last component of the sysfs link DEV/NAME, "" without one */
static void link_name(const char *bdf, const char *name, char *out, size_t len)
{
	char path[PATH_MAX], target[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/%s", bdf, name);
	n = readlink(path, target, sizeof(target) - 1);
	out[0] = 0;
	if (n <= 0)
		return;
	target[n] = 0;
	snprintf(out, len, "%s", basename(target));
}

void vmm_vfio_open(struct vmm_vm *vm, struct vmm_vfio *v, const char *bdf,
		   const struct vmm_window *w)
{
	struct vfio_group_status st = { .argsz = sizeof(st) };
	struct vfio_iommu_spapr_tce_info info = { .argsz = sizeof(info) };
	struct vfio_iommu_spapr_register_memory reg = { .argsz = sizeof(reg) };
	struct vfio_iommu_spapr_tce_remove rm = { .argsz = sizeof(rm) };
	struct vfio_iommu_spapr_tce_create cr = { .argsz = sizeof(cr) };
	struct vfio_device_info di = { .argsz = sizeof(di) };
	struct vfio_region_info ri = { .argsz = sizeof(ri) };
	struct kvm_create_device cd = { .type = KVM_DEV_TYPE_VFIO };
	struct kvm_vfio_spapr_tce tce = { 0 };
	struct kvm_device_attr attr = { 0 };
	uint64_t wsize = w->t.nentries << w->t.shift, t0;
	char drv[64], grp[32], path[64];
	uint16_t cmd;
	uint32_t ids;
	void *map;

	memset(v, 0, sizeof(*v));
	v->container = v->group = v->kvm_dev = v->dev = -1;
	snprintf(v->bdf, sizeof(v->bdf), "%s", bdf);
	link_name(bdf, "driver", drv, sizeof(drv));
	errno = 0;
	VMM_ASSERT(!strcmp(drv, "vfio-pci"), "%s is bound to '%s', not vfio-pci", bdf,
		   drv[0] ? drv : "nothing");
	link_name(bdf, "iommu_group", grp, sizeof(grp));
	VMM_ASSERT(grp[0], "%s has no iommu_group", bdf);
	v->groupno = atoi(grp);

	v->container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	VMM_ASSERT(v->container >= 0, "open /dev/vfio/vfio");
	VMM_ASSERT(ioctl(v->container, VFIO_GET_API_VERSION) == VFIO_API_VERSION,
		   "VFIO_GET_API_VERSION");
	VMM_ASSERT(ioctl(v->container, VFIO_CHECK_EXTENSION, VFIO_SPAPR_TCE_v2_IOMMU) > 0,
		   "VFIO_CHECK_EXTENSION VFIO_SPAPR_TCE_v2_IOMMU");
	snprintf(path, sizeof(path), "/dev/vfio/%d", v->groupno);
	v->group = open(path, O_RDWR | O_CLOEXEC);
	VMM_ASSERT(v->group >= 0, "open %s", path);
	VMM_ASSERT(!ioctl(v->group, VFIO_GROUP_GET_STATUS, &st), "VFIO_GROUP_GET_STATUS");
	errno = 0;
	VMM_ASSERT(st.flags & VFIO_GROUP_FLAGS_VIABLE,
		   "group %d is not viable (a function of it not bound to vfio-pci?)", v->groupno);
	VMM_ASSERT(!ioctl(v->group, VFIO_GROUP_SET_CONTAINER, &v->container),
		   "VFIO_GROUP_SET_CONTAINER group %d", v->groupno);
	VMM_ASSERT(!ioctl(v->container, VFIO_SET_IOMMU, VFIO_SPAPR_TCE_v2_IOMMU),
		   "VFIO_SET_IOMMU VFIO_SPAPR_TCE_v2_IOMMU");
	printf("# vfio: %s, group %d (%s), container sPAPR TCE v2, EEH %s\n", bdf, v->groupno, path,
	       ioctl(v->container, VFIO_CHECK_EXTENSION, VFIO_EEH) > 0 ? "yes" : "no");

	VMM_ASSERT(!ioctl(v->container, VFIO_IOMMU_SPAPR_TCE_GET_INFO, &info),
		   "VFIO_IOMMU_SPAPR_TCE_GET_INFO");
	printf("# vfio: TCE_GET_INFO: 32-bit window 0x%x + 0x%x, flags 0x%x, page sizes 0x%llx, %u windows, %u levels\n",
	       info.dma32_window_start, info.dma32_window_size, info.flags,
	       (unsigned long long)info.ddw.pgsizes, info.ddw.max_dynamic_windows_supported,
	       info.ddw.levels);
	errno = 0;
	VMM_ASSERT(info.ddw.pgsizes & (1ULL << w->t.shift),
		   "the PHB takes I/O pages 0x%llx, not 2^%u", (unsigned long long)info.ddw.pgsizes,
		   w->t.shift);

	reg.vaddr = (uintptr_t)vm->mem;
	reg.size = vm->mem_size;
	VMM_ASSERT(!ioctl(v->container, VFIO_IOMMU_SPAPR_REGISTER_MEMORY, &reg),
		   "VFIO_IOMMU_SPAPR_REGISTER_MEMORY 0x%llx bytes", (unsigned long long)reg.size);
	v->mem_registered = 1;
	printf("# vfio: REGISTER_MEMORY: the guest's 0x%llx bytes (pinned, preregistered)\n",
	       (unsigned long long)vm->mem_size);

	rm.start_addr = info.dma32_window_start;
	VMM_ASSERT(!ioctl(v->container, VFIO_IOMMU_SPAPR_TCE_REMOVE, &rm),
		   "VFIO_IOMMU_SPAPR_TCE_REMOVE 0x%llx", (unsigned long long)rm.start_addr);
	cr.page_shift = w->t.shift;
	cr.window_size = wsize;
	cr.levels = 1;
	VMM_ASSERT(!ioctl(v->container, VFIO_IOMMU_SPAPR_TCE_CREATE, &cr),
		   "VFIO_IOMMU_SPAPR_TCE_CREATE 0x%llx bytes of 2^%u", (unsigned long long)wsize,
		   w->t.shift);
	printf("# vfio: the default window removed; TCE_CREATE: 0x%llx bytes in I/O pages of 2^%u, one level, at bus 0x%llx\n",
	       (unsigned long long)wsize, w->t.shift, (unsigned long long)cr.start_addr);
	errno = 0;
	VMM_ASSERT(cr.start_addr == 0, "the new window starts at 0x%llx, the guest's at 0",
		   (unsigned long long)cr.start_addr);

	VMM_ASSERT(!ioctl(vm->vm_fd, KVM_CREATE_DEVICE, &cd), "KVM_CREATE_DEVICE KVM_DEV_TYPE_VFIO");
	v->kvm_dev = cd.fd;
	attr.group = KVM_DEV_VFIO_GROUP;
	attr.attr = KVM_DEV_VFIO_GROUP_ADD;
	attr.addr = (uintptr_t)&v->group;
	VMM_ASSERT(!ioctl(v->kvm_dev, KVM_SET_DEVICE_ATTR, &attr), "KVM_DEV_VFIO_GROUP_ADD");
	tce.groupfd = v->group;
	tce.tablefd = w->fd;
	attr.attr = KVM_DEV_VFIO_GROUP_SET_SPAPR_TCE;
	attr.addr = (uintptr_t)&tce;
	VMM_ASSERT(!ioctl(v->kvm_dev, KVM_SET_DEVICE_ATTR, &attr),
		   "KVM_DEV_VFIO_GROUP_SET_SPAPR_TCE LIOBN 0x%llx", (unsigned long long)w->t.liobn);
	printf("# vfio: KVM VFIO device: GROUP_ADD, SET_SPAPR_TCE: group %d on LIOBN 0x%llx's table\n",
	       v->groupno, (unsigned long long)w->t.liobn);

	t0 = vmm_now_ns();
	v->dev = ioctl(v->group, VFIO_GROUP_GET_DEVICE_FD, bdf);
	v->open_ns = vmm_now_ns() - t0;
	VMM_ASSERT(v->dev >= 0, "VFIO_GROUP_GET_DEVICE_FD %s", bdf);
	VMM_ASSERT(!ioctl(v->dev, VFIO_DEVICE_GET_INFO, &di), "VFIO_DEVICE_GET_INFO");
	ri.index = VFIO_PCI_BAR0_REGION_INDEX;
	VMM_ASSERT(!ioctl(v->dev, VFIO_DEVICE_GET_REGION_INFO, &ri), "VFIO_DEVICE_GET_REGION_INFO BAR0");
	errno = 0;
	VMM_ASSERT(ri.size && (ri.flags & VFIO_REGION_INFO_FLAG_MMAP),
		   "BAR0: 0x%llx bytes, flags 0x%x: not mmappable", (unsigned long long)ri.size, ri.flags);
	map = mmap(NULL, ri.size, PROT_READ | PROT_WRITE, MAP_SHARED, v->dev, ri.offset);
	VMM_ASSERT(map != MAP_FAILED, "mmap of BAR0 (0x%llx bytes at 0x%llx)",
		   (unsigned long long)ri.size, (unsigned long long)ri.offset);
	v->bar0 = map;
	v->bar0_size = ri.size;
	ri.index = VFIO_PCI_CONFIG_REGION_INDEX;
	VMM_ASSERT(!ioctl(v->dev, VFIO_DEVICE_GET_REGION_INFO, &ri), "VFIO_DEVICE_GET_REGION_INFO config");
	v->cfg_off = ri.offset;
	VMM_ASSERT(pread(v->dev, &ids, 4, v->cfg_off) == 4, "config: vendor, device");
	cmd = vmm_vfio_enable(v);
	(void)cmd;
	printf("# vfio: device %04x:%04x open in %llu ms (%u regions), BAR0 0x%llx bytes mmapped, bus master on\n",
	       ids & 0xffff, ids >> 16, (unsigned long long)(v->open_ns / 1000000), di.num_regions,
	       (unsigned long long)v->bar0_size);
}

uint16_t vmm_vfio_enable(struct vmm_vfio *v)
{
	uint16_t cmd, was;

	/* the config region is little-endian */
	VMM_ASSERT(pread(v->dev, &cmd, 2, v->cfg_off + 4) == 2, "config: command");
	was = cmd;
	cmd |= 0x6;
	VMM_ASSERT(pwrite(v->dev, &cmd, 2, v->cfg_off + 4) == 2, "config: command |= MEM | MASTER");
	return was;
}

uint32_t vmm_vfio_rd32(struct vmm_vfio *v, uint64_t off)
{
	uint32_t r = *(volatile uint32_t *)(v->bar0 + off);

	__sync_synchronize();
	return r;
}

void vmm_vfio_wr32(struct vmm_vfio *v, uint64_t off, uint32_t val)
{
	__sync_synchronize();
	*(volatile uint32_t *)(v->bar0 + off) = val;
	__sync_synchronize();
}

void vmm_vfio_close(struct vmm_vfio *v)
{
	struct kvm_device_attr attr = { 0 };
	uint64_t t0;

	if (v->bar0)
		munmap(v->bar0, v->bar0_size);
	v->bar0 = NULL;
	if (v->dev >= 0) {
		t0 = vmm_now_ns();
		close(v->dev);
		printf("# vfio: device closed in %llu ms\n",
		       (unsigned long long)((vmm_now_ns() - t0) / 1000000));
	}
	v->dev = -1;
	if (v->kvm_dev >= 0) {
		attr.group = KVM_DEV_VFIO_GROUP;
		attr.attr = KVM_DEV_VFIO_GROUP_DEL;
		attr.addr = (uintptr_t)&v->group;
		if (ioctl(v->kvm_dev, KVM_SET_DEVICE_ATTR, &attr))
			printf("# vfio: KVM_DEV_VFIO_GROUP_DEL: %s\n", strerror(errno));
		close(v->kvm_dev);
	}
	v->kvm_dev = -1;
	if (v->group >= 0) {
		ioctl(v->group, VFIO_GROUP_UNSET_CONTAINER);
		close(v->group);
	}
	if (v->container >= 0)
		close(v->container);
	v->group = v->container = -1;
	printf("# vfio: group %d and the container released\n", v->groupno);
}
