// SPDX-License-Identifier: GPL-2.0-only
/*
 * The binary seeds of the fuzz targets
 * (fuzz/corpus/{hcall,session,rtas,utce,nl}/): short operation streams
 * in each target's input format, so that the fuzzers start from calls
 * that get far; for nl, generic netlink requests as the runner's kernel
 * backend encodes them. Run by fuzz/mkcorpus.sh
 * (make fuzz-corpus); the output is committed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "uapi/linux/eehlab.h"
#include "nl_glue.h"

static uint8_t buf[8192];
static size_t len;

static void b(unsigned int v)
{
	buf[len++] = (uint8_t)v;
}

static void le(uint64_t v, int n)
{
	while (n--) {
		b(v & 0xff);
		v >>= 8;
	}
}

static void be32(uint32_t v)
{
	b(v >> 24);
	b(v >> 16);
	b(v >> 8);
	b(v);
}

static void emit(const char *dir, const char *target, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, target);
	snprintf(path + strlen(path), sizeof(path) - strlen(path), "/%s", name);
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
	len = 0;
}

/* ---- fuzz_hcall.c's operations ---- */
enum { PUT = 0, GET, INDIRECT, STUFF, OTHER, TIER, WINDOW, TOUCH };
#define VM2 0x10
/* liobn selectors: vm1 32-bit, vm1 64-bit, vm2 32-bit, the host's */
#define L_VM1 0x00
#define L_VM1_64 0x10
#define L_VM2 0x08
#define L_HOST 0x04
/* ioba: a 4K page of the 32-bit window, a 64K page of the 64-bit one */
static void io32(unsigned int idx)
{
	b(0x00);
	le(idx, 2);
}

static void io64(unsigned int idx)
{
	b(0x60);
	le(idx, 2);
}

/* a TCE: guest page gpas[g] + page pg, R|W */
static void tce(unsigned int g, unsigned int pg)
{
	b(0x60 | g << 2);
	b(pg);
}

static void hcall_seeds(const char *dir)
{
	unsigned int i;

	/* put, get back, clear */
	b(PUT); b(L_VM1); io32(5); tce(0, 1);
	b(GET); b(L_VM1); io32(5);
	b(PUT); b(L_VM1); io32(5); b(0x00); b(0);
	emit(dir, "hcall", "put-get");
	/* the 64-bit window, 64K pages */
	b(PUT); b(L_VM1_64); io64(2); tce(1, 0);
	b(GET); b(L_VM1_64); io64(2);
	emit(dir, "hcall", "put-64");
	/* indirect: a list of 8 at guest page 0x10, then stuff them away */
	b(INDIRECT); b(L_VM1); io32(16); b(0x00); le(0x10, 2); b(8 << 2);
	for (i = 0; i < 8; i++)
		tce(0, i);
	b(STUFF); b(L_VM1); io32(16); b(0); b(8 << 2);
	emit(dir, "hcall", "indirect-stuff");
	/* indirect into the unpinned and the not-linear slots */
	b(INDIRECT); b(L_VM1); io32(64); b(0x00); le(0x20, 2); b(4 << 2);
	for (i = 0; i < 4; i++)
		tce(4, i);
	b(INDIRECT); b(L_VM1); io32(96); b(0x00); le(0x21, 2); b(4 << 2);
	for (i = 0; i < 4; i++)
		tce(6, i);
	emit(dir, "hcall", "indirect-slots");
	/* vm2: its own window, then vm1's and the host's LIOBNs */
	b(PUT | VM2); b(L_VM2); io32(1); tce(7, 0);
	b(PUT | VM2); b(L_VM1); io32(1); tce(7, 0);
	b(PUT | VM2); b(L_HOST); io32(1); tce(7, 0);
	b(STUFF | VM2); b(L_VM1); io32(0); b(0); b(8 << 2);
	emit(dir, "hcall", "two-guests");
	/* the tiers: 32-bit window to virtual mode, then user; puts between */
	b(TIER); b(0 | 2 << 1);
	b(PUT); b(L_VM1); io32(7); tce(0, 3);
	b(TIER); b(0 | 3 << 1);
	b(PUT); b(L_VM1); io32(8); tce(4, 3);
	b(OTHER); le(0x1234, 2); b(L_VM1); le(0, 8); b(3);
	emit(dir, "hcall", "tiers");
	/* the 64-bit window removed, a put to it, created again (1 level) */
	b(WINDOW); b(0x80 | 12);
	b(PUT); b(L_VM1_64); io64(2); tce(1, 0);
	b(WINDOW); b(0x0b);	/* 64K pages, 32M, one level */
	b(PUT); b(L_VM1_64); io64(2); tce(1, 0);
	emit(dir, "hcall", "window-churn");
}

/* ---- fuzz_session.c's requests ---- */
static void session_seeds(const char *dir)
{
	/* a hypercall by vm1 (opcode 0x20, three arguments, LIOBN of nic's PE) */
	b(24); b(0); b(0x80 | 3 << 3); le(1, 2); b(0); b(1); le(5 << 12, 2);
	b(0); b(3);
	b(25); b(0); b(1); b(0);
	emit(dir, "session", "hcall");
	/* freeze nic's PE, check it, recover */
	b(15); b(0x10 | 1); b(0); le(0, 2); b(0); b(0); b(2); b(0);
	b(16); b(0); b(1);
	b(17);
	b(20); b(0); le(0, 2); b(0); le(1, 2);
	emit(dir, "session", "freeze-recover");
	/* a host buffer, a window on wide's PE, a TCE, DMA by disk */
	b(3); b(1 | 12 << 2); le(1, 2); b(1 | 12 << 2); le(1, 2);
	b(6); b(0); b(0); le(2, 2); b(0); b(1 | 20 << 2); le(1, 2); b(1);
	b(9); b(3 << 1); b(0); le(2, 2); b(0); b(0); b(0);
	b(14); b(0); b(2); b(0); le(64, 2); le(0, 2); b(0); b(1);
	emit(dir, "session", "host-window-dma");
	/* a second guest with memory, given disk's PE, its 64-bit window */
	b(22); b(0); b(1);
	b(22); b(1 | 1 << 2); b(1); b(0); b(1 | 20 << 2); le(4, 2); b(4);
	b(22); b(2); b(1); b(0); le(1, 2);
	b(23); b(0); b(0); le(1, 2); b(4); b(1 | 24 << 2); le(1, 2); b(2);
	b(22); b(3); b(1); b(0); le(1, 2);
	emit(dir, "session", "guest-churn");
	/* MMIO and config by nic, a driver's answers, the clock */
	b(10); b(0); b(1); b(0); b(4); b(3); b(1);
	b(11); b(0); b(1); b(0); b(4); b(3); b(0x34 << 2);
	b(12); b(0); b(1); le(0, 2); b(3);
	b(21); b(0x15); b(0); b(1); b(1);
	b(18); b(1 | 10 << 2); le(1, 2);
	emit(dir, "session", "data-path");
}

/* ---- fuzz_rtas.c's calls: memory of 64 bytes, the buffer at 0 ---- */
static void rtas_call(const char *dir, const char *name, uint32_t token,
		      uint32_t nargs, uint32_t nret, const uint32_t *args)
{
	uint32_t i;

	le(64, 2);
	b(0x00);		/* the buffer at a 16-bit address, the default PE */
	le(0, 2);
	be32(token);
	be32(nargs);
	be32(nret);
	for (i = 0; i < nargs; i++)
		be32(args[i]);
	for (i = 0; i < nret; i++)
		be32(0x7eadbeef);
	b(0);			/* what VFIO_EEH_PE_OP answers */
	emit(dir, "rtas", name);
}

static void rtas_seeds(const char *dir)
{
	const uint32_t buid_hi = 0x08000000, buid_lo = 0x20000000;
	uint32_t a[8] = { 1 << 16, buid_hi, buid_lo, 1, 0, 0, 0, 1 };

	rtas_call(dir, "set-eeh-option", 0x2040, 4, 1, a);
	rtas_call(dir, "read-slot-reset-state2", 0x2041, 3, 4, a);
	a[3] = 1;
	rtas_call(dir, "set-slot-reset", 0x2042, 4, 1, a);
	rtas_call(dir, "configure-pe", 0x2043, 3, 1, a);
	a[3] = 0;
	rtas_call(dir, "get-config-addr-info2", 0x2044, 4, 2, a);
	rtas_call(dir, "slot-error-detail", 0x2045, 8, 1, a);
	rtas_call(dir, "unknown", 0x1234, 0, 0, a);
}

/* ---- fuzz_utce.c: a 64-entry window of 4K pages, 64K of guest memory ---- */
static void utce_seeds(const char *dir)
{
	b(0);
	le(64, 2);
	le(0x1000, 2);
	/* memory at 0x2000: a list of two TCEs (big-endian) */
	le(0x2000 >> 3, 2);
	b(16);
	le(0, 4); be32(0x3003);
	le(0, 4); be32(0x4001);
	le(0, 2); b(0);
	le(0, 2); b(0);
	le(0, 2); b(0);
	b(0); b(0); b(1); b(0xc0); b(5);	/* put 0x5003 at 0x1000 */
	b(1); b(0); b(1);			/* get it */
	b(3); b(0); b(2); b(2); b(2);		/* the list at 0x2000 */
	b(2); b(0); b(2); le(0, 8); b(2);	/* stuffed away */
	emit(dir, "utce", "put-indirect-stuff");
}

/* ---- fuzz_nl.c's messages: nlmsghdr, genlmsghdr, attributes ---- */
static size_t nl_msg, nl_nest[4];
static int nl_depth;
static uint32_t nl_seq;

static void nl_pad(void)
{
	while (len % 4)
		b(0);
}

/* a request of command @cmd from socket @pid (the target's 1 + pid % 4) */
static void req(unsigned int cmd, uint32_t pid)
{
	nl_msg = len;
	le(0, 4);				/* nlmsg_len, set by end() */
	le(NL_GLUE_FAMILY_ID, 2);
	le(NLM_F_REQUEST | NLM_F_ACK, 2);
	le(++nl_seq, 4);
	le(pid, 4);
	b(cmd);
	b(EEHLAB_GENL_VERSION);
	le(0, 2);
}

static void end(void)
{
	uint32_t n = len - nl_msg;

	memcpy(buf + nl_msg, &n, 4);
}

static void attr(unsigned int type, const void *data, size_t n)
{
	uint16_t l = NLA_HDRLEN + n, t = type;

	memcpy(buf + len, &l, 2);
	memcpy(buf + len + 2, &t, 2);
	len += 4;
	memcpy(buf + len, data, n);
	len += n;
	nl_pad();
}

static void a_u8(unsigned int t, uint8_t v)
{
	attr(t, &v, 1);
}

static void a_u16(unsigned int t, uint16_t v)
{
	attr(t, &v, 2);
}

static void a_u32(unsigned int t, uint32_t v)
{
	attr(t, &v, 4);
}

static void a_u64(unsigned int t, uint64_t v)
{
	attr(t, &v, 8);
}

static void a_str(unsigned int t, const char *str)
{
	attr(t, str, strlen(str) + 1);
}

static void a_flag(unsigned int t)
{
	attr(t, NULL, 0);
}

static void nest(unsigned int t)
{
	nl_nest[nl_depth++] = len;
	attr(t | NLA_F_NESTED, NULL, 0);
}

static void nest_end(void)
{
	size_t at = nl_nest[--nl_depth];
	uint16_t l = len - at;

	memcpy(buf + at, &l, 2);
}

static void phb(unsigned int index)
{
	nest(EEHLAB_A_PHB);
	a_u32(EEHLAB_A_PHB_INDEX, index);
	nest_end();
}

static void dev(unsigned int index, unsigned int id)
{
	phb(index);
	nest(EEHLAB_A_DEV);
	a_u32(EEHLAB_A_DEV_ID, id);
	nest_end();
}

static void pe(unsigned int index, unsigned int num)
{
	phb(index);
	nest(EEHLAB_A_PE);
	a_u32(EEHLAB_A_PE_NUM, num);
	nest_end();
}

static void guest(const char *name)
{
	nest(EEHLAB_A_GUEST);
	a_str(EEHLAB_A_GUEST_NAME, name);
	nest_end();
}

static void node(uint32_t pid, const char *name, unsigned int type, int parent,
		 unsigned int kind)
{
	req(EEHLAB_CMD_NODE_ADD, pid);
	phb(0);
	nest(EEHLAB_A_DEV);
	a_str(EEHLAB_A_DEV_NAME, name);
	a_u32(EEHLAB_A_DEV_TYPE, type);
	if (parent >= 0)
		a_u32(EEHLAB_A_DEV_PARENT, parent);
	if (type == EEHLAB_NODE_ENDPOINT) {
		a_u32(EEHLAB_A_DEV_KIND, kind);
		a_u32(EEHLAB_A_DEV_FUNCTIONS, 1);
		if (kind == EEHLAB_DEV_KIND_PLAIN) {
			a_u64(EEHLAB_A_DEV_BAR32_SIZE, 16 << 10);
			a_u64(EEHLAB_A_DEV_BAR64_SIZE, 1 << 20);
			a_u16(EEHLAB_A_DEV_VENDOR, 0x1014);
			a_u16(EEHLAB_A_DEV_DEVICE, 0x0001);
		}
	}
	nest_end();
	end();
}

/*
 * PHB4 0 with rp0/nic (edu, function 1) and rp1/wide (plain, function
 * 3), enumerated: nic's PE is NIC_PE, wide's WIDE_PE
 */
#define NIC	1
#define WIDE	3
#define NIC_PE	0xfc
#define WIDE_PE	0xfd

static void topology(uint32_t pid)
{
	req(EEHLAB_CMD_PHB_CREATE, pid);
	nest(EEHLAB_A_PHB);
	a_u32(EEHLAB_A_PHB_INDEX, 0);
	a_u32(EEHLAB_A_PHB_MODEL, EEHLAB_PHB_MODEL_PHB4);
	a_u32(EEHLAB_A_PHB_NUM_PES, 256);
	nest_end();
	end();
	node(pid, "rp0", EEHLAB_NODE_ROOT_PORT, -1, 0);
	node(pid, "nic", EEHLAB_NODE_ENDPOINT, 0, EEHLAB_DEV_KIND_EDU);
	node(pid, "rp1", EEHLAB_NODE_ROOT_PORT, -1, 0);
	node(pid, "wide", EEHLAB_NODE_ENDPOINT, 2, EEHLAB_DEV_KIND_PLAIN);
	req(EEHLAB_CMD_PHB_ENUMERATE, pid);
	end();
}

static void hcall(uint32_t pid, const char *g, uint64_t op, int n, uint64_t a0,
		  uint64_t a1, uint64_t a2)
{
	req(EEHLAB_CMD_HCALL, pid);
	guest(g);
	nest(EEHLAB_A_HCALL);
	a_u64(EEHLAB_A_HCALL_OPCODE, op);
	if (n > 0)
		a_u64(EEHLAB_A_HCALL_ARG0, a0);
	if (n > 1)
		a_u64(EEHLAB_A_HCALL_ARG1, a1);
	if (n > 2)
		a_u64(EEHLAB_A_HCALL_ARG2, a2);
	nest_end();
	end();
}

static void nl_seeds(const char *dir)
{
	static const uint8_t data[64] = { 1, 2, 3, 4, 5, 6, 7, 8 };

	/* the module's own queries */
	req(EEHLAB_CMD_GET_VERSION, 0);
	end();
	req(EEHLAB_CMD_STATS, 0);
	end();
	req(EEHLAB_CMD_INVARIANTS, 0);
	end();
	req(EEHLAB_CMD_REAL_LIST, 0);
	end();
	req(EEHLAB_CMD_DEV_LIST, 0);
	end();
	emit(dir, "nl", "queries");

	/* a topology, then what a scenario asks of it */
	topology(0);
	req(EEHLAB_CMD_DEV_LIST, 0);
	end();
	req(EEHLAB_CMD_DEV_RESOLVE, 0);
	a_str(EEHLAB_A_SPEC, "nic");
	end();
	req(EEHLAB_CMD_PHB_GET, 0);
	phb(0);
	end();
	req(EEHLAB_CMD_PE_GET, 0);
	pe(0, NIC_PE);
	end();
	req(EEHLAB_CMD_PE_COVERS, 0);
	phb(0);
	nest(EEHLAB_A_PE);
	a_u32(EEHLAB_A_PE_NUM, NIC_PE);
	a_u32(EEHLAB_A_PE_CHILD, NIC_PE);
	nest_end();
	end();
	req(EEHLAB_CMD_CFG_READ, 0);
	dev(0, NIC);
	a_u64(EEHLAB_A_OFFSET, 0);
	a_u32(EEHLAB_A_WIDTH, 4);
	end();
	req(EEHLAB_CMD_CFG_WRITE, 0);
	dev(0, NIC);
	a_u64(EEHLAB_A_OFFSET, 4);
	a_u32(EEHLAB_A_WIDTH, 2);
	a_u64(EEHLAB_A_VALUE, 6);
	end();
	req(EEHLAB_CMD_MMIO_WRITE, 0);
	dev(0, WIDE);
	a_u32(EEHLAB_A_BAR, 0);
	a_u64(EEHLAB_A_OFFSET, 8);
	a_u32(EEHLAB_A_WIDTH, 4);
	a_u64(EEHLAB_A_VALUE, 0x1234);
	end();
	req(EEHLAB_CMD_MMIO_READ, 0);
	dev(0, WIDE);
	a_u32(EEHLAB_A_BAR, 0);
	a_u64(EEHLAB_A_OFFSET, 8);
	a_u32(EEHLAB_A_WIDTH, 4);
	a_flag(EEHLAB_A_DETECT);
	end();
	req(EEHLAB_CMD_PHB_DESTROY, 0);
	phb(0);
	end();
	emit(dir, "nl", "topology");

	/* an injection, its detection and the recovery */
	topology(0);
	req(EEHLAB_CMD_DRIVER_SET, 0);
	dev(0, NIC);
	nest(EEHLAB_A_DRIVER);
	a_u8(EEHLAB_A_DRIVER_BOUND, 1);
	a_u8(EEHLAB_A_DRIVER_HANDLERS, 1);
	nest_end();
	end();
	req(EEHLAB_CMD_INJECT, 0);
	nest(EEHLAB_A_INJECT);
	a_u32(EEHLAB_A_INJECT_KIND, EEHLAB_INJECT_FUNC);
	a_u32(EEHLAB_A_INJECT_PHB, 0);
	a_u32(EEHLAB_A_INJECT_PE, NIC_PE);
	a_u32(EEHLAB_A_INJECT_TYPE, 0);
	a_u32(EEHLAB_A_INJECT_FUNC, 4);		/* LD_CFG_ADDR */
	nest_end();
	end();
	req(EEHLAB_CMD_CFG_READ, 0);
	dev(0, NIC);
	a_u64(EEHLAB_A_OFFSET, 0);
	a_u32(EEHLAB_A_WIDTH, 4);
	end();
	req(EEHLAB_CMD_CHECK, 0);
	dev(0, NIC);
	end();
	req(EEHLAB_CMD_PE_STATE, 0);
	pe(0, NIC_PE);
	end();
	req(EEHLAB_CMD_FROZEN_GET, 0);
	end();
	req(EEHLAB_CMD_DIAG_GET, 0);
	pe(0, NIC_PE);
	end();
	req(EEHLAB_CMD_RECOVER, 0);
	end();
	req(EEHLAB_CMD_CB_GET, 0);
	a_u64(EEHLAB_A_AFTER, 0);
	end();
	req(EEHLAB_CMD_INJECT, 0);
	nest(EEHLAB_A_INJECT);
	a_u32(EEHLAB_A_INJECT_KIND, EEHLAB_INJECT_FREEZE);
	a_u32(EEHLAB_A_INJECT_PHB, 0);
	a_u32(EEHLAB_A_INJECT_PE, WIDE_PE);
	nest_end();
	end();
	req(EEHLAB_CMD_CHECK, 0);
	dev(0, WIDE);
	end();
	req(EEHLAB_CMD_DIAG_GET, 0);
	pe(0, WIDE_PE);
	end();
	req(EEHLAB_CMD_MAX_FREEZES_SET, 0);
	a_u32(EEHLAB_A_MAX_FREEZES, 1);
	end();
	req(EEHLAB_CMD_ADVANCE, 0);
	a_u64(EEHLAB_A_MS, 1000);
	end();
	req(EEHLAB_CMD_RECOVER, 0);
	end();
	emit(dir, "nl", "inject-recover");

	/* host memory, a window, a TCE and the device's DMA */
	topology(0);
	req(EEHLAB_CMD_MEM_ALLOC, 0);
	a_u64(EEHLAB_A_LEN, 1 << 16);
	a_u64(EEHLAB_A_ALIGN, 1 << 12);
	end();
	req(EEHLAB_CMD_MEM_WRITE, 0);
	a_u64(EEHLAB_A_ADDR, 0);
	attr(EEHLAB_A_DATA, data, sizeof(data));
	end();
	req(EEHLAB_CMD_MEM_READ, 0);
	a_u64(EEHLAB_A_ADDR, 0);
	a_u64(EEHLAB_A_LEN, 64);
	end();
	req(EEHLAB_CMD_WINDOW_CREATE, 0);
	pe(0, NIC_PE);
	nest(EEHLAB_A_WINDOW);
	a_u32(EEHLAB_A_WINDOW_WHICH, 0);
	a_u32(EEHLAB_A_WINDOW_PAGE_SHIFT, 12);
	a_u64(EEHLAB_A_WINDOW_SIZE, 1 << 20);
	a_u32(EEHLAB_A_WINDOW_LEVELS, 1);
	nest_end();
	end();
	req(EEHLAB_CMD_TCE_MAP, 0);
	pe(0, NIC_PE);
	nest(EEHLAB_A_WINDOW);
	a_u32(EEHLAB_A_WINDOW_WHICH, 0);
	nest_end();
	a_u64(EEHLAB_A_ADDR, 0);
	a_u64(EEHLAB_A_HOST, 0);
	a_u64(EEHLAB_A_LEN, 1 << 12);
	a_u64(EEHLAB_A_PERM, 3);
	end();
	req(EEHLAB_CMD_WINDOW_GET, 0);
	pe(0, NIC_PE);
	nest(EEHLAB_A_WINDOW);
	a_u32(EEHLAB_A_WINDOW_WHICH, 0);
	nest_end();
	end();
	req(EEHLAB_CMD_DMA, 0);
	dev(0, NIC);
	nest(EEHLAB_A_DMA);
	a_u64(EEHLAB_A_DMA_IOBA, 0);
	a_u32(EEHLAB_A_DMA_LEN, 64);
	a_u32(EEHLAB_A_DMA_DIR, 0);
	nest_end();
	end();
	req(EEHLAB_CMD_WINDOW_REMOVE, 0);
	pe(0, NIC_PE);
	nest(EEHLAB_A_WINDOW);
	a_u32(EEHLAB_A_WINDOW_WHICH, 0);
	nest_end();
	end();
	emit(dir, "nl", "window-dma");

	/* a guest: memory, a PE, the 64-bit window, its hypercalls */
	topology(0);
	req(EEHLAB_CMD_GUEST_CREATE, 0);
	guest("vm1");
	end();
	req(EEHLAB_CMD_GUEST_SLOT, 0);
	nest(EEHLAB_A_GUEST);
	a_str(EEHLAB_A_GUEST_NAME, "vm1");
	a_u64(EEHLAB_A_GUEST_SLOT_GPA, 0);
	a_u64(EEHLAB_A_GUEST_SLOT_SIZE, 4 << 20);
	a_u32(EEHLAB_A_GUEST_SLOT_PAGE_SHIFT, 16);
	a_flag(EEHLAB_A_GUEST_SLOT_PREREG);
	nest_end();
	end();
	req(EEHLAB_CMD_GUEST_ASSIGN, 0);
	guest("vm1");
	pe(0, NIC_PE);
	end();
	req(EEHLAB_CMD_GUEST_WINDOW, 0);
	pe(0, NIC_PE);
	nest(EEHLAB_A_WINDOW);
	a_u32(EEHLAB_A_WINDOW_PAGE_SHIFT, 16);
	a_u64(EEHLAB_A_WINDOW_SIZE, 1ULL << 30);
	a_u32(EEHLAB_A_WINDOW_LEVELS, 2);
	nest_end();
	end();
	req(EEHLAB_CMD_GUEST_LIOBN, 0);
	pe(0, NIC_PE);
	nest(EEHLAB_A_WINDOW);
	a_u32(EEHLAB_A_WINDOW_WHICH, 0);
	a_u32(EEHLAB_A_WINDOW_TIER, 1);
	nest_end();
	end();
	hcall(0, "vm1", 0x20, 3, 0x800001f8, 0x1000, 0x10003);	/* H_PUT_TCE */
	hcall(0, "vm1", 0x1c, 2, 0x800001f8, 0x1000, 0);	/* H_GET_TCE */
	hcall(0, "vm1", 0x138, 3, 0x800001f8, 0x2000, 4);		/* H_STUFF_TCE */
	req(EEHLAB_CMD_GUEST_MEM_WRITE, 0);
	guest("vm1");
	a_u64(EEHLAB_A_ADDR, 0x2000);
	attr(EEHLAB_A_DATA, data, sizeof(data));
	end();
	req(EEHLAB_CMD_GUEST_MEM_READ, 0);
	guest("vm1");
	a_u64(EEHLAB_A_ADDR, 0x2000);
	a_u64(EEHLAB_A_LEN, 64);
	end();
	req(EEHLAB_CMD_GUEST_STATS, 0);
	guest("vm1");
	end();
	req(EEHLAB_CMD_GUEST_EEH, 0);
	pe(0, NIC_PE);
	nest(EEHLAB_A_VFIO);
	a_u32(EEHLAB_A_VFIO_OP, 5);	/* VFIO_EEH_PE_GET_STATE */
	nest_end();
	end();
	req(EEHLAB_CMD_INVARIANTS, 0);
	end();
	req(EEHLAB_CMD_GUEST_RELEASE, 0);
	pe(0, NIC_PE);
	end();
	emit(dir, "nl", "guest-hcall");

	/* sessions of their own: sockets 1 and 2, one closed by release */
	req(EEHLAB_CMD_SESSION_OPEN, 1);
	a_u64(EEHLAB_A_MEM_CAP, 64 << 20);
	end();
	topology(1);
	req(EEHLAB_CMD_SESSION_OPEN, 1);
	end();
	req(EEHLAB_CMD_SESSION_OPEN, 2);
	end();
	topology(2);
	req(EEHLAB_CMD_DEV_LIST, 1);
	end();
	nl_msg = len;				/* socket 2 closes */
	le(16, 4);
	le(NLMSG_NOOP, 2);
	le(0, 2);
	le(0, 4);
	le(2, 4);
	req(EEHLAB_CMD_DEV_LIST, 2);
	end();
	req(EEHLAB_CMD_SESSION_CLOSE, 1);
	end();
	req(EEHLAB_CMD_SESSION_CLOSE, 1);
	end();
	emit(dir, "nl", "sessions");

	/* refusals: missing nests and attributes, allocation failures */
	req(EEHLAB_CMD_PHB_CREATE, 0);
	nest(EEHLAB_A_PHB);
	a_u32(EEHLAB_A_PHB_INDEX, 0);
	nest_end();
	end();
	req(EEHLAB_CMD_INJECT, 0);
	end();
	req(EEHLAB_CMD_MEM_READ, 0);
	a_u64(EEHLAB_A_ADDR, 0);
	a_u64(EEHLAB_A_LEN, EEHLAB_DATA_MAX + 1);
	end();
	req(EEHLAB_CMD_REAL_INJECT, 0);
	end();
	req(EEHLAB_CMD_TEST_FAIL_NTH, 0);
	a_u32(EEHLAB_A_FAIL_NTH, 3);
	end();
	topology(0);
	emit(dir, "nl", "refusals");
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: mkseeds CORPUS_DIR\n");
		return 2;
	}
	hcall_seeds(argv[1]);
	session_seeds(argv[1]);
	rtas_seeds(argv[1]);
	utce_seeds(argv[1]);
	nl_seeds(argv[1]);
	return 0;
}
