# SPDX-License-Identifier: GPL-2.0-only
#
# eehlab top-level Makefile. Userspace objects go under build/ (and
# build/san/ for the AddressSanitizer + UndefinedBehaviorSanitizer
# variant); the kernel component (driver/) builds with Kbuild apart.

CC	?= gcc
BUILD	?= build
OPT	?= -O2
SAN	?=
EXTRA_CFLAGS ?=
# The real-mode contract checks and failure injection (off for make bench)
TEST_HOOKS ?= -DEEHLAB_TEST_HOOKS

# The runner's kernel backend talks generic netlink through libnl-genl-3
NL_CFLAGS := $(shell pkg-config --cflags libnl-genl-3.0 2>/dev/null)
NL_LIBS	:= $(shell pkg-config --libs libnl-genl-3.0 2>/dev/null)
# eehlab list names PCI devices through libpci (pci.ids)
PCI_CFLAGS := $(shell pkg-config --cflags libpci 2>/dev/null)
PCI_LIBS := $(shell pkg-config --libs libpci 2>/dev/null)

CFLAGS	:= -std=gnu11 -Wall -Wextra -Werror -g $(OPT) -Iinclude \
	   $(NL_CFLAGS) $(PCI_CFLAGS) $(TEST_HOOKS) $(SAN) $(EXTRA_CFLAGS)
LDFLAGS	:= $(SAN)
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
	     -fno-omit-frame-pointer

VERSION	:= $(shell cat VERSION 2>/dev/null || echo 0.0.0)

CORE_SRCS	:= $(sort $(wildcard model/*.c inject/*.c recovery/*.c))
TAP_SRCS	:= $(sort $(wildcard tap/*.c))
RUNNER_SRCS	:= $(filter-out runner/main.c,$(sort $(wildcard runner/*.c)))
TEST_SRCS	:= $(sort $(wildcard tests/test_*.c))

CORE_OBJS	:= $(CORE_SRCS:%.c=$(BUILD)/%.o)
TAP_OBJS	:= $(TAP_SRCS:%.c=$(BUILD)/%.o)
RUNNER_OBJS	:= $(RUNNER_SRCS:%.c=$(BUILD)/%.o)
TESTS		:= $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)

LIBS	:= $(BUILD)/librunner.a $(BUILD)/libtap.a $(BUILD)/libcore.a
SCENARIOS ?= scenarios

.PHONY: all run check check-quick unit suite docs-check docs checkpatch \
	deps deps-ok clean tests bench module module-clean qemu-x86 \
	qemu-pnv qemu-kvm runner-pnv vmm-pnv oracle-pnv

all: deps-ok $(BUILD)/eehlab

# Install (or name) missing build dependencies once per checkout.
deps-ok: scripts/deps.sh
	@sh scripts/deps.sh build
	@mkdir -p $(BUILD) && touch $(BUILD)/.deps-ok

deps:
	@sh scripts/deps.sh build

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DEEHLAB_VERSION='"$(VERSION)"' -MMD -MP -c $< -o $@

$(BUILD)/libcore.a: $(CORE_OBJS)
	@rm -f $@; ar rcs $@ $^
$(BUILD)/libtap.a: $(TAP_OBJS)
	@rm -f $@; ar rcs $@ $^
$(BUILD)/librunner.a: $(RUNNER_OBJS)
	@rm -f $@; ar rcs $@ $^
# the portable half of the KVM test VMM (kvm/), for its unit tests
$(BUILD)/libvmm.a: $(BUILD)/kvm/script.o $(BUILD)/kvm/utce.o $(BUILD)/kvm/rtas.o
	@rm -f $@; ar rcs $@ $^
# eehlab-oracle (kvm/oracle.c, docs/kvm-oracle.md): the model against KVM's answers
$(BUILD)/liboracle.a: $(BUILD)/kvm/oracle.o
	@rm -f $@; ar rcs $@ $^
$(BUILD)/kvm/eehlab-oracle: kvm/oracle.c kvm/oracle.h $(BUILD)/libvmm.a $(BUILD)/libcore.a
	$(CC) $(CFLAGS) -DORACLE_MAIN -o $@ kvm/oracle.c $(BUILD)/libvmm.a $(BUILD)/libcore.a \
		$(LDFLAGS)

$(BUILD)/eehlab: $(BUILD)/runner/main.o $(LIBS)
	$(CC) $(LDFLAGS) -o $@ $< $(LIBS) $(NL_LIBS) $(PCI_LIBS)

# Each test links only the layers it tests (and those below them).
TEST_LIBS_test_tap	:= $(BUILD)/libtap.a
TEST_LIBS_test_parser	:= $(BUILD)/librunner.a $(BUILD)/libtap.a $(BUILD)/libcore.a
TEST_LIBS_test_exec	:= $(BUILD)/librunner.a $(BUILD)/libtap.a $(BUILD)/libcore.a
TEST_LIBS_test_compare	:= $(BUILD)/librunner.a $(BUILD)/libtap.a $(BUILD)/libcore.a
TEST_LIBS_test_list	:= $(BUILD)/librunner.a $(BUILD)/libtap.a $(BUILD)/libcore.a
TEST_LIBS_test_real	:= $(BUILD)/librunner.a $(BUILD)/libtap.a $(BUILD)/libcore.a
TEST_LIBS_test_kmsg	:= $(BUILD)/librunner.a $(BUILD)/libtap.a $(BUILD)/libcore.a
TEST_LIBS_test_edu	:= $(BUILD)/librunner.a $(BUILD)/libtap.a $(BUILD)/libcore.a
TEST_LIBS_test_backend_real := $(BUILD)/librunner.a $(BUILD)/libtap.a $(BUILD)/libcore.a
TEST_LIBS_test_soak	:= $(BUILD)/librunner.a $(BUILD)/libtap.a $(BUILD)/libcore.a
TEST_LIBS_test_race	:= $(BUILD)/librunner.a $(BUILD)/libtap.a $(BUILD)/libcore.a
TEST_LIBS_test_vmm	:= $(BUILD)/libvmm.a
TEST_LIBS_test_rtas	:= $(BUILD)/libvmm.a
TEST_LIBS_test_oracle	:= $(BUILD)/liboracle.a $(BUILD)/libvmm.a $(BUILD)/libcore.a
TEST_LIBS_test_vmmscript := $(BUILD)/liboracle.a $(BUILD)/librunner.a $(BUILD)/libtap.a \
	$(BUILD)/libvmm.a $(BUILD)/libcore.a
test_libs = $(or $(TEST_LIBS_$(1)),$(BUILD)/libcore.a)
# what links the runner links libnl-genl-3 and libpci too
test_ldlibs = $(if $(filter $(BUILD)/librunner.a,$(call test_libs,$(1))),$(NL_LIBS) $(PCI_LIBS))

.SECONDEXPANSION:
$(BUILD)/tests/%: tests/%.c tests/harness.h tests/fixture.h tests/output.h $$(call test_libs,$$*)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests -Irunner -MMD -MP -o $@ $< $(call test_libs,$*) \
		$(call test_ldlibs,$*)

tests: $(BUILD)/eehlab $(TESTS)

# ---- the README's two commands ----
run: all
	@$(BUILD)/eehlab run $(SCENARIOS)

# The kernel's style checker over the portable code the module compiles.
checkpatch:
	@sh scripts/checkpatch.sh

check: check-quick checkpatch qemu-x86 qemu-pnv

# Everything that needs no QEMU: unit tests, the scenario suite and the
# docs check, each in the plain build and under ASan + UBSan.
check-quick: deps-ok
	@$(MAKE) --no-print-directory unit suite soak-short docs-check
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/san OPT=-O1 \
		SAN="$(SAN_FLAGS)" unit suite soak-short
	@echo "check-quick: all passed"

unit: tests
	@prove --exec '' $(TESTS)

suite: $(BUILD)/eehlab
	@prove --exec '' scripts/suite.sh :: $(BUILD)/eehlab $(SCENARIOS)

# A short soak on the model (docs/soak.md): random topologies and faults,
# a fixed seed, every invariant after every injection; exit 1 on a
# discrepancy.
SOAK_SECONDS ?= 3
SOAK_SEED ?= 1
.PHONY: soak-short
soak-short: $(BUILD)/eehlab
	@$(BUILD)/eehlab soak --seconds $(SOAK_SECONDS) --seed $(SOAK_SEED)

docs-check: $(BUILD)/eehlab
	@$(BUILD)/eehlab help --markdown > $(BUILD)/scenarios.md
	@cmp -s $(BUILD)/scenarios.md docs/scenarios.md || { \
		echo "docs/scenarios.md is out of date: run 'make docs'" >&2; \
		diff -u docs/scenarios.md $(BUILD)/scenarios.md | head -40 >&2; \
		exit 1; }
	@echo "docs-check: docs/scenarios.md matches the keyword table"
	@sh scripts/doc-examples.sh $(BUILD)/eehlab $(BUILD)/doc-examples

docs: $(BUILD)/eehlab
	$(BUILD)/eehlab help --markdown > docs/scenarios.md

# The TCE hypercall benchmark (docs/bench.md): its own -O2 build without
# the test hooks or sanitizers; never part of make check.
BENCH_BUILD ?= build/bench

bench:
	@$(MAKE) --no-print-directory BUILD=$(BENCH_BUILD) OPT=-O2 SAN= TEST_HOOKS= \
		$(BENCH_BUILD)/bench/bench_tce
	@$(BENCH_BUILD)/bench/bench_tce

$(BUILD)/bench/%: bench/%.c $(BUILD)/libcore.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -pthread -MMD -MP -o $@ $< $(BUILD)/libcore.a

# ---- the kernel component: driver/eehlab.ko, built by Kbuild ----
# KDIR: a configured kernel tree or a headers package (Debian:
# /usr/src/linux-headers-<ABI>). Kernel objects sit beside their sources.
KDIR	?= /lib/modules/$(shell uname -r)/build

module:
	@if [ ! -f "$(KDIR)/Makefile" ]; then \
		echo "module: no kernel build directory at $(KDIR)" >&2; \
		echo "module: install the headers ('sh scripts/deps.sh kernel' names or installs them)" >&2; \
		echo "module: then 'make module KDIR=/usr/src/linux-headers-<ABI>'" >&2; \
		exit 1; \
	fi
	$(MAKE) -C $(KDIR) M=$(CURDIR)/driver modules

module-clean:
	@if [ -f "$(KDIR)/Makefile" ]; then \
		$(MAKE) -C $(KDIR) M=$(CURDIR)/driver clean; \
	fi
	rm -f driver/*.o driver/.*.cmd driver/*.ko driver/*.mod driver/*.mod.c \
	      driver/Module.symvers driver/modules.order
	rm -f model/*.o model/.*.cmd inject/*.o inject/.*.cmd \
	      recovery/*.o recovery/.*.cmd

# The kernel component in real kernels: Debian 12's 6.1 (bookworm) and
# 6.12 (bookworm-backports), each under QEMU (TCG); see docs/qemu.md. For
# each kernel, scripts/kernels.sh fetches its headers and image, the
# module is built against those headers and booted in that kernel; so
# are its test-hooks build (EEHLAB_TEST_HOOKS=1, build/kmod-hooks-<ABI>/)
# and its debug build (EEHLAB_DEBUG=1: the engine lock assertions,
# build/kmod-debug-<ABI>/, for the nl-fuzz and concurrent tests).
QEMU_KERNELS ?= bookworm backports
qemu-x86: all $(BUILD)/genl_test $(BUILD)/nl_fuzz
	@set -e; for k in $(QEMU_KERNELS); do \
		out=$$(sh scripts/kernels.sh $$k); \
		kdir=$$(echo "$$out" | sed -n 's/^KDIR=//p'); \
		vml=$$(echo "$$out" | sed -n 's/^VMLINUZ=//p'); \
		abi=$$(echo "$$out" | sed -n 's/^ABI=//p'); \
		if [ -z "$$kdir" ] || [ -z "$$vml" ] || [ -z "$$abi" ]; then \
			echo "qemu-x86: scripts/kernels.sh $$k named no kernel" >&2; exit 1; \
		fi; \
		$(MAKE) --no-print-directory module-clean KDIR=$$kdir >/dev/null; \
		$(MAKE) --no-print-directory module KDIR=$$kdir >/dev/null; \
		mkdir -p $(BUILD)/modules; \
		cp driver/eehlab.ko $(BUILD)/modules/eehlab-$$abi.ko; \
		hk=build/kmod-hooks-$$abi; rm -rf $$hk; mkdir -p $$hk; \
		cp -R driver model inject recovery include VERSION $$hk/; \
		$(MAKE) -C $$kdir M=$(CURDIR)/$$hk/driver clean >/dev/null; \
		$(MAKE) -C $$kdir M=$(CURDIR)/$$hk/driver modules EEHLAB_TEST_HOOKS=1 >/dev/null; \
		cp $$hk/driver/eehlab.ko $(BUILD)/modules/eehlab-hooks-$$abi.ko; \
		dk=build/kmod-debug-$$abi; rm -rf $$dk; mkdir -p $$dk; \
		cp -R driver model inject recovery include VERSION $$dk/; \
		$(MAKE) -C $$kdir M=$(CURDIR)/$$dk/driver clean >/dev/null; \
		$(MAKE) -C $$kdir M=$(CURDIR)/$$dk/driver modules EEHLAB_DEBUG=1 >/dev/null; \
		cp $$dk/driver/eehlab.ko $(BUILD)/modules/eehlab-debug-$$abi.ko; \
		EEHLAB_KO_HOOKS=$(BUILD)/modules/eehlab-hooks-$$abi.ko \
		EEHLAB_KO_DEBUG=$(BUILD)/modules/eehlab-debug-$$abi.ko \
		EEHLAB_NL_FUZZ=$(BUILD)/nl_fuzz \
		EEHLAB_QEMU_DIR=build/qemu-x86-$$abi EEHLAB_GENL_TEST=$(BUILD)/genl_test \
			sh scripts/qemu-x86.sh --vmlinuz $$vml --abi $$abi \
			--module $(BUILD)/modules/eehlab-$$abi.ko; \
	done

# The in-guest netlink checks (tests/kernel/genl_test.c), linked
# statically against libnl so the initramfs needs no extra library.
# scripts/deps.sh kernel-tests installs or names libnl-genl-3-dev.
$(BUILD)/genl_test: tests/kernel/genl_test.c include/uapi/linux/eehlab.h \
		    include/eehlab/nl_ack.h scripts/deps.sh
	@sh scripts/deps.sh kernel-tests
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -Wall -Wextra -Werror -g -O2 -Iinclude/uapi -Iinclude \
		$$(pkg-config --cflags libnl-genl-3.0) $< -o $@ -static \
		$$(pkg-config --static --libs libnl-genl-3.0)

# The in-guest netlink fuzz and shared-PHB concurrency client
# (tests/kernel/nl_fuzz.c): raw sockets, no library, linked statically.
$(BUILD)/nl_fuzz: tests/kernel/nl_fuzz.c include/uapi/linux/eehlab.h
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -Wall -Wextra -Werror -g -O2 -Iinclude/uapi -Iinclude \
		$< -o $@ -static

# ---- ppc64le: the module and the runner under QEMU powernv ----
# The kernel component in Debian 12's ppc64el kernels (6.1 and
# bookworm-backports' 6.12) on QEMU's PowerNV machines, where the Linux
# EEH platform itself runs (docs/qemu.md). scripts/kernels-pnv.sh fetches
# each kernel, its headers and a ppc64el sysroot; the module is
# cross-built in a copy of the sources under build/kmod-pnv-<ABI>/ (Kbuild
# puts objects beside them), the runner with the cross compiler against
# the sysroot (the same NL_ and PCI_ pkg-config flags, evaluated there).
PNV_KERNELS ?= bookworm backports
PNV_CROSS ?= powerpc64le-linux-gnu-
PNV_BUILD ?= build/ppc64le
PNV_SYSROOT ?=
PNV_MACHINES ?= powernv9 powernv8
# a suffix for this run's module and QEMU directories under build/
PNV_TAG ?=
pnv_pc = PKG_CONFIG_SYSROOT_DIR=$(PNV_SYSROOT) \
	PKG_CONFIG_LIBDIR=$(PNV_SYSROOT)/usr/lib/powerpc64le-linux-gnu/pkgconfig:$(PNV_SYSROOT)/usr/share/pkgconfig

# build/ppc64le/eehlab (dynamic: Debian has no libpci.a) and
# build/ppc64le-genl_test (static), for the sysroot PNV_SYSROOT names
runner-pnv:
	@if [ ! -d "$(PNV_SYSROOT)/usr/include" ]; then \
		echo "runner-pnv: PNV_SYSROOT=<dir> (scripts/kernels-pnv.sh prints SYSROOT=)" >&2; \
		exit 1; \
	fi
	@sh scripts/deps.sh pnv
	@$(pnv_pc) $(MAKE) --no-print-directory BUILD=$(PNV_BUILD) \
		CC="$(PNV_CROSS)gcc --sysroot=$(PNV_SYSROOT)" $(PNV_BUILD)/eehlab
	@$(MAKE) --no-print-directory $(PNV_BUILD)-genl_test

$(PNV_BUILD)-genl_test: tests/kernel/genl_test.c include/uapi/linux/eehlab.h \
		    include/eehlab/nl_ack.h
	@mkdir -p $(dir $@)
	$(PNV_CROSS)gcc --sysroot=$(PNV_SYSROOT) -std=gnu11 -Wall -Wextra -Werror \
		-g -O2 -Iinclude/uapi -Iinclude \
		$$($(pnv_pc) pkg-config --cflags libnl-genl-3.0) $< -o $@ -static \
		$$($(pnv_pc) pkg-config --static --libs libnl-genl-3.0)

# build/ppc64le/eehlab-vmm: the KVM test VMM (kvm/, docs/kvm.md), static,
# with its guest program (kvm/guest/, a flat image) inside
VMM_SRCS := kvm/main.c kvm/vmm.c kvm/script.c kvm/utce.c kvm/rtas.c
vmm-pnv:
	@if [ ! -d "$(PNV_SYSROOT)/usr/include" ]; then \
		echo "vmm-pnv: PNV_SYSROOT=<dir> (scripts/kernels-pnv.sh prints SYSROOT=)" >&2; \
		exit 1; \
	fi
	@$(MAKE) --no-print-directory $(PNV_BUILD)/eehlab-vmm

$(PNV_BUILD)/kvm/guest.bin: kvm/guest/guest.S kvm/guest/guest.lds kvm/guest/abi.h
	@mkdir -p $(dir $@)
	$(PNV_CROSS)gcc -nostdlib -ffreestanding -static -mlittle-endian -Wa,-mregnames \
		-Ikvm/guest -Wl,-T,kvm/guest/guest.lds -Wl,--build-id=none \
		-o $(@:.bin=.elf) kvm/guest/guest.S
	$(PNV_CROSS)objcopy -O binary $(@:.bin=.elf) $@

$(PNV_BUILD)/eehlab-vmm: $(VMM_SRCS) kvm/guest_blob.S $(wildcard kvm/*.h) \
		$(PNV_BUILD)/kvm/guest.bin
	$(PNV_CROSS)gcc --sysroot=$(PNV_SYSROOT) -std=gnu11 -Wall -Wextra -Werror \
		-g -O2 -Ikvm -DGUEST_BIN='"$(PNV_BUILD)/kvm/guest.bin"' -static \
		-o $@ $(VMM_SRCS) kvm/guest_blob.S

# build/ppc64le/eehlab-oracle: the model as an oracle for eehlab-vmm's
# answers (kvm/oracle.c, docs/kvm-oracle.md), static, with the model's
# libcore.a cross-built as runner-pnv builds it
ORACLE_SRCS := kvm/oracle.c kvm/script.c kvm/utce.c kvm/rtas.c
oracle-pnv:
	@if [ ! -d "$(PNV_SYSROOT)/usr/include" ]; then \
		echo "oracle-pnv: PNV_SYSROOT=<dir> (scripts/kernels-pnv.sh prints SYSROOT=)" >&2; \
		exit 1; \
	fi
	@$(pnv_pc) $(MAKE) --no-print-directory BUILD=$(PNV_BUILD) \
		CC="$(PNV_CROSS)gcc --sysroot=$(PNV_SYSROOT)" $(PNV_BUILD)/libcore.a
	@$(MAKE) --no-print-directory $(PNV_BUILD)/eehlab-oracle

$(PNV_BUILD)/eehlab-oracle: $(ORACLE_SRCS) $(wildcard kvm/*.h) \
		$(PNV_BUILD)/libcore.a
	$(PNV_CROSS)gcc --sysroot=$(PNV_SYSROOT) -std=gnu11 -Wall -Wextra -Werror \
		-g -O2 -Iinclude -Ikvm $(TEST_HOOKS) -DORACLE_MAIN -static \
		-o $@ $(ORACLE_SRCS) $(PNV_BUILD)/libcore.a

# Each kernel: fetch, cross-build the module, build the runner, boot
# powernv9 (all the tests) and powernv8 (a subset).
qemu-pnv:
	@set -e; for k in $(PNV_KERNELS); do \
		out=$$(sh scripts/kernels-pnv.sh $$k); \
		val() { echo "$$out" | sed -n "s/^$$1=//p"; }; \
		kdir=$$(val KDIR); vml=$$(val VMLINUX); abi=$$(val ABI); \
		sysroot=$$(val SYSROOT); moddir=$$(val MODDIR); bb=$$(val BUSYBOX); \
		if [ -z "$$kdir" ] || [ -z "$$vml" ] || [ -z "$$abi" ] || [ -z "$$sysroot" ]; then \
			echo "qemu-pnv: scripts/kernels-pnv.sh $$k named no kernel" >&2; exit 1; \
		fi; \
		km=build/kmod-pnv-$$abi$(PNV_TAG); rm -rf $$km; mkdir -p $$km; \
		cp -R driver model inject recovery include VERSION $$km/; \
		find $$km \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' -o -name '*.mod' \
			-o -name '*.mod.c' -o -name Module.symvers -o -name modules.order \) -delete; \
		kmake="$(MAKE) -C $$kdir ARCH=powerpc CROSS_COMPILE=$(PNV_CROSS) M=$(CURDIR)/$$km/driver"; \
		$$kmake modules > $$km.log 2>&1 || { \
			grep -E 'error|Error' $$km.log | head -n 20 >&2; \
			echo "qemu-pnv: the ppc64le module does not build for $$abi ($$km.log)" >&2; exit 1; }; \
		$(MAKE) --no-print-directory runner-pnv PNV_SYSROOT=$$sysroot >/dev/null; \
		$(MAKE) --no-print-directory vmm-pnv PNV_SYSROOT=$$sysroot >/dev/null; \
		$(MAKE) --no-print-directory oracle-pnv PNV_SYSROOT=$$sysroot >/dev/null; \
		for m in $(PNV_MACHINES); do \
			EEHLAB_QEMU_DIR=build/qemu-pnv-$$abi-$$m$(PNV_TAG) \
			EEHLAB=$(PNV_BUILD)/eehlab EEHLAB_SYSROOT=$$sysroot EEHLAB_MODDIR=$$moddir \
			EEHLAB_BUSYBOX=$$bb sh scripts/qemu-pnv.sh --machine $$m \
				--vmlinux $$vml --abi $$abi --module $$km/driver/eehlab.ko; \
		done; \
	done

# The KVM tests alone (docs/kvm.md): powernv9 on each kernel, the guest's
# TCE hypercalls, its RTAS calls, the VFIO assignment, the freeze and the
# guest-driven recovery, and the model-vs-KVM tables. make qemu-pnv runs
# the same tests among the others.
KVM_TESTS ?= insmod eeh-platform drivers edu-bound kvm-tce kvm-rtas kvm-vfio kvm-vfio-eeh kvm-thaw-release \
	kvm-oracle kvm-scenarios rmmod dmesg-clean
qemu-kvm:
	@EEHLAB_PNV_TESTS="$(KVM_TESTS)" $(MAKE) --no-print-directory qemu-pnv \
		PNV_MACHINES=powernv9 PNV_TAG=-kvm$(PNV_TAG)

# ---- fuzzing (docs/fuzz.md): libFuzzer targets, never part of make check ----
# Each target runs FUZZ_SECONDS from a copy of its committed seed corpus
# (fuzz/corpus/<target>/); a crash, a sanitizer report or an invariant
# violation fails make fuzz. The objects are built by clang with
# -fsanitize=fuzzer-no-link,address,undefined under $(FUZZ_BUILD)/obj.
FUZZ_BUILD ?= $(BUILD)/fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= parse hcall session vmmscript rtas utce nl
FUZZ_SAN := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
	    -fno-omit-frame-pointer
FUZZ_LIBS_parse := $(BUILD)/librunner.a $(BUILD)/libtap.a $(BUILD)/libcore.a
FUZZ_LIBS_hcall := $(BUILD)/libcore.a
FUZZ_LIBS_session := $(BUILD)/libcore.a
FUZZ_LIBS_vmmscript := $(BUILD)/libvmm.a
FUZZ_LIBS_rtas := $(BUILD)/libvmm.a
FUZZ_LIBS_utce := $(BUILD)/libvmm.a
# nl: the module's own netlink code (driver/eehlab_nl.c, eehlab_cmds.c,
# eehlab_session.c) built in userspace against fuzz/kshim/, with
# fuzz/nl_glue.c for the kernel-only rest; the kernel does not build
# these files with -Wextra, hence -Wno-unused-parameter for them
FUZZ_LIBS_nl := $(BUILD)/libfuzznl.a $(BUILD)/libcore.a
FUZZ_CFLAGS_nl := -Ifuzz/kshim -Idriver
FUZZ_NL_OBJS := $(addprefix $(BUILD)/fuzz-nl/,driver/eehlab_nl.o driver/eehlab_cmds.o \
	driver/eehlab_session.o fuzz/nl_glue.o fuzz/kshim/kshim.o)
.PHONY: fuzz fuzz-smoke fuzz-build fuzz-bins fuzz-corpus

fuzz: fuzz-build
	@sh fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Each target over its committed corpus only, no fuzzing (seconds): the
# seeds and the inputs of past findings (fuzz/corpus/*/finding-*) pass
fuzz-smoke: fuzz-build
	@sh fuzz/run.sh $(FUZZ_BUILD) 0 $(FUZZ_TARGETS)

fuzz-build:
	@sh scripts/deps.sh fuzz
	@sh scripts/deps.sh build
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD)/obj CC=clang OPT=-O1 \
		SAN="$(FUZZ_SAN)" FUZZ_OUT=$(FUZZ_BUILD) fuzz-bins

# (inner make: BUILD is the object directory, FUZZ_OUT the targets')
fuzz-bins: $(FUZZ_TARGETS:%=$(FUZZ_OUT)/fuzz_%)

$(FUZZ_OUT)/fuzz_%: fuzz/fuzz_%.c $(wildcard fuzz/*.h fuzz/kshim/*.h) $$(FUZZ_LIBS_$$*)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Irunner -Ikvm $(FUZZ_CFLAGS_$*) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIBS_$*) \
		$(if $(filter $(BUILD)/librunner.a,$(FUZZ_LIBS_$*)),$(NL_LIBS) $(PCI_LIBS))

$(BUILD)/fuzz-nl/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(FUZZ_CFLAGS_nl) -Wno-unused-parameter \
		-DEEHLAB_VERSION='"$(VERSION)"' -MMD -MP -c $< -o $@

$(BUILD)/libfuzznl.a: $(FUZZ_NL_OBJS)
	@rm -f $@; ar rcs $@ $^

# Regenerate the committed seeds (fuzz/corpus/): the scenarios with their
# includes for the parser, fuzz/mkseeds.c's operation streams for the rest
fuzz-corpus: $(BUILD)/fuzz-mkseeds
	@sh fuzz/mkcorpus.sh $(BUILD)/fuzz-mkseeds

$(BUILD)/fuzz-mkseeds: fuzz/mkseeds.c fuzz/nl_glue.h include/uapi/linux/eehlab.h
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -Wall -Wextra -Werror -O1 -Iinclude -o $@ $<

clean:
	rm -rf build

-include $(shell find $(BUILD) -type f -name '*.d' 2>/dev/null)
