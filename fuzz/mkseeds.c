// SPDX-License-Identifier: GPL-2.0-only
/*
 * The binary seeds of the fuzz targets (fuzz/corpus/{hcall,session,rtas,utce}/):
 * short operation streams in each target's input format, so that the
 * fuzzers start from calls that get far. Run by fuzz/mkcorpus.sh
 * (make fuzz-corpus); the output is committed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	return 0;
}
