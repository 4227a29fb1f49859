// SPDX-License-Identifier: GPL-2.0-only
/*
 * make bench: the TCE hypercall fast path, side by side.
 *
 * One guest, one pre-registered 64K-page slot, the default 32-bit window
 * (2 GiB of 4K I/O pages, two levels, every level present). Rows, all
 * measured interleaved, round after round:
 *   H_PUT_TCE finished in real mode, in virtual mode (the LIOBN
 *   registered for virtual mode only) and in the userspace tier (the
 *   LIOBN known to the VMM only; the exit hook hands the call to a VMM
 *   thread through an eventfd and waits for its answer on another);
 *   H_PUT_TCE_INDIRECT(512) and H_STUFF_TCE(512) per entry;
 *   the floor: as many plain 8-byte big-endian stores into a table of
 *   the same size, in the same order.
 * Each batch is timed with CLOCK_MONOTONIC and sized to about 100 ms;
 * each row is measured ROUNDS times and the median is reported.
 *
 * Then the memory figures of a 1 TiB 64-bit window with 64K I/O pages,
 * empty and fully mapped.
 *
 * Exit status: 0 whatever the figures (a benchmark is not a test); 1 if
 * the benchmark itself failed (an hcall returned an error, or a call
 * finished in another tier than the row says).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>

#include "eehlab/model.h"
#include "eehlab/guest.h"

#define MB		(1ULL << 20)
#define ROUNDS		5
#define BATCH_NS	100000000.0	/* about 100 ms a batch */
#define NLIST		16		/* indirect lists, used in turn */
#define SLOT_SIZE	(256 * MB)
#define LIST_GPA	(128 * MB)
#define IO_SHIFT	12
#define LIST_STRIDE	4096ULL		/* one 4K list page each */

enum row {
	R_REAL, R_INDIRECT, R_STUFF, R_VIRT, R_USER, R_FLOOR, R__COUNT
};

static const char * const row_name[R__COUNT] = {
	[R_REAL] = "H_PUT_TCE, real mode",
	[R_INDIRECT] = "H_PUT_TCE_INDIRECT(512), per entry",
	[R_STUFF] = "H_STUFF_TCE(512), per entry",
	[R_VIRT] = "H_PUT_TCE, virtual mode",
	[R_USER] = "H_PUT_TCE, userspace (exit)",
	[R_FLOOR] = "floor: 8-byte BE store, per entry",
};

/* entries a call of this row writes */
static const unsigned int row_entries[R__COUNT] = {
	[R_REAL] = 1, [R_INDIRECT] = EEH_TCE_INDIRECT_MAX,
	[R_STUFF] = EEH_TCE_INDIRECT_MAX, [R_VIRT] = 1, [R_USER] = 1,
	[R_FLOOR] = EEH_TCE_INDIRECT_MAX,
};

struct bench {
	struct eeh_model *m;
	struct eeh_phb *phb;
	struct eeh_guest *g;
	unsigned long liobn;
	u64 entries;		/* of the window (a power of two) */
	u64 bus_start;
	u64 pos;		/* next table index, per row */
	u64 *floor;		/* the floor's table, entries * 8 bytes */
	u64 hpa0;		/* host address of guest page 0 */
	/* the VMM thread */
	pthread_t vmm;
	int req_fd, resp_fd;
	unsigned long op, args[4], rets[1];
	int nargs;
	long rc;
	int stop;
};

static int failed;

static void fail(const char *what, long rc)
{
	fprintf(stderr, "bench_tce: %s: %ld\n", what, rc);
	failed = 1;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* ---- the userspace tier: a VMM thread behind two eventfds ---- */

static void efd_signal(int fd)
{
	uint64_t one = 1;

	while (write(fd, &one, sizeof(one)) != sizeof(one))
		if (errno != EINTR)
			abort();
}

static void efd_wait(int fd)
{
	uint64_t v;

	while (read(fd, &v, sizeof(v)) != sizeof(v))
		if (errno != EINTR)
			abort();
}

static void *vmm_main(void *arg)
{
	struct bench *b = arg;

	for (;;) {
		efd_wait(b->req_fd);
		if (b->stop)
			break;
		b->rc = eeh_hcall_tier(b->g, EEH_TIER_USER, b->op, b->args, b->nargs,
				       b->rets);
		efd_signal(b->resp_fd);
	}
	return NULL;
}

/* The exit hook: hand the call to the VMM thread, wait for its answer. */
static long vmm_exit(void *ctx, struct eeh_guest *g, unsigned long opcode,
		     const unsigned long *args, int nargs, unsigned long *rets)
{
	struct bench *b = ctx;
	int i;

	(void)g;
	b->op = opcode;
	b->nargs = nargs > 4 ? 4 : nargs;
	for (i = 0; i < b->nargs; i++)
		b->args[i] = args[i];
	efd_signal(b->req_fd);		/* the eventfd write/read order the accesses */
	efd_wait(b->resp_fd);
	if (rets)
		rets[0] = b->rets[0];
	return b->rc;
}

/* ---- setup ---- */

static int model_build(struct eeh_model **mp, struct eeh_phb **phbp, int *pe)
{
	struct eeh_msg msg = { "" };
	struct eeh_node_desc d;
	struct eeh_model *m;
	struct eeh_phb *phb;
	struct eeh_func *f;
	int rp;

	m = eeh_model_create(NULL);
	if (!m || eeh_phb_add(m, 0, EEH_PHB4, 0, &msg))
		goto err;
	phb = eeh_phb_get(m, 0);
	d = (struct eeh_node_desc){ .name = "rp", .type = EEH_NODE_ROOT_PORT,
				    .parent = -1 };
	rp = eeh_node_add(phb, &d, &msg);
	if (rp < 0)
		goto err;
	d = (struct eeh_node_desc){ .name = "nic", .type = EEH_NODE_ENDPOINT,
				    .parent = rp, .kind = EEH_DEV_KIND_EDU, .functions = 1 };
	if (eeh_node_add(phb, &d, &msg) < 0 || eeh_phb_enumerate(phb, &msg))
		goto err;
	f = eeh_func_by_name(m, "nic");
	if (!f)
		goto err;
	*mp = m;
	*phbp = phb;
	*pe = f->pe;
	return 0;
err:
	fprintf(stderr, "bench_tce: model: %s\n", msg.text);
	return -1;
}

static int bench_setup(struct bench *b)
{
	struct eeh_msg msg = { "" };
	static u64 be[EEH_TCE_INDIRECT_MAX];
	struct eeh_tce_window *w;
	unsigned long a[4];
	u64 i, k, j;
	int pe;

	if (model_build(&b->m, &b->phb, &pe))
		return -1;
	b->g = eeh_guest_create(b->m, "bench", &msg);
	if (!b->g || eeh_guest_slot_add(b->g, 0, SLOT_SIZE, 16, EEH_SLOT_PREREG, &msg) ||
	    eeh_guest_assign(b->g, b->phb, pe, &msg)) {
		fprintf(stderr, "bench_tce: guest: %s\n", msg.text);
		return -1;
	}
	b->liobn = EEH_LIOBN(0, pe, 0);
	w = eeh_guest_window(b->g, b->liobn);
	if (!w || eeh_guest_gpa_to_hpa(b->g, 0, &b->hpa0))
		return -1;
	b->entries = w->entries;
	b->bus_start = w->tbl.bus_start;
	/* the lists: list k, entry j maps guest page (k * 512 + j) * 4K */
	for (k = 0; k < NLIST; k++) {
		for (j = 0; j < EEH_TCE_INDIRECT_MAX; j++)
			be[j] = eeh_cpu_to_be64((((k * EEH_TCE_INDIRECT_MAX + j) << IO_SHIFT) %
						 LIST_GPA) | EEH_TCE_READ | EEH_TCE_WRITE);
		if (eeh_guest_mem_write(b->g, LIST_GPA + k * LIST_STRIDE, be, sizeof(be)))
			return -1;
	}
	/* map the whole window once: every level present from here on */
	a[0] = b->liobn;
	a[3] = EEH_TCE_INDIRECT_MAX;
	for (i = 0; i < b->entries; i += EEH_TCE_INDIRECT_MAX) {
		a[1] = b->bus_start + (i << IO_SHIFT);
		a[2] = LIST_GPA + ((i / EEH_TCE_INDIRECT_MAX) % NLIST) * LIST_STRIDE;
		if (eeh_hcall(b->g, H_PUT_TCE_INDIRECT, a, 4, NULL) != H_SUCCESS) {
			fprintf(stderr, "bench_tce: populating the window failed\n");
			return -1;
		}
	}
	b->floor = aligned_alloc(64, b->entries * sizeof(u64));
	if (!b->floor)
		return -1;
	memset(b->floor, 0, b->entries * sizeof(u64));
	b->req_fd = eventfd(0, 0);
	b->resp_fd = eventfd(0, 0);
	if (b->req_fd < 0 || b->resp_fd < 0 || pthread_create(&b->vmm, NULL, vmm_main, b))
		return -1;
	eeh_guest_set_exit(b->g, vmm_exit, b);
	return 0;
}

static void bench_teardown(struct bench *b)
{
	b->stop = 1;
	efd_signal(b->req_fd);
	pthread_join(b->vmm, NULL);
	close(b->req_fd);
	close(b->resp_fd);
	free(b->floor);
	eeh_model_destroy(b->m);
}

/* ---- the rows: @n calls each; returns the elapsed ns ---- */

static double run_put(struct bench *b, u64 n, enum eeh_tier tier)
{
	struct eeh_hcall_stats *st = &b->g->st.hc[EEH_HC_PUT_TCE];
	u64 mask = b->entries - 1, pos = b->pos, fin0 = st->finished[tier], i;
	unsigned long a[3];
	double t0, t1;
	long rc = 0;

	if (eeh_guest_liobn_set_tier(b->g, b->liobn, tier, NULL))
		fail("set tier", tier);
	a[0] = b->liobn;
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		a[1] = b->bus_start + (pos << IO_SHIFT);
		a[2] = ((pos << IO_SHIFT) % LIST_GPA) | EEH_TCE_READ | EEH_TCE_WRITE;
		rc |= eeh_hcall(b->g, H_PUT_TCE, a, 3, NULL);
		pos = (pos + 1) & mask;
	}
	t1 = now_ns();
	b->pos = pos;
	if (rc)
		fail("H_PUT_TCE", rc);
	if (st->finished[tier] - fin0 != n)
		fail("H_PUT_TCE finished in another tier than", tier);
	if (eeh_guest_liobn_set_tier(b->g, b->liobn, EEH_TIER_REAL, NULL))
		fail("set tier", EEH_TIER_REAL);
	return t1 - t0;
}

static double run_indirect(struct bench *b, u64 n)
{
	struct eeh_hcall_stats *st = &b->g->st.hc[EEH_HC_PUT_TCE_INDIRECT];
	u64 mask = b->entries - 1, pos = b->pos & ~(u64)(EEH_TCE_INDIRECT_MAX - 1);
	u64 fin0 = st->finished[EEH_TIER_REAL], i;
	unsigned long a[4];
	double t0, t1;
	long rc = 0;

	a[0] = b->liobn;
	a[3] = EEH_TCE_INDIRECT_MAX;
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		a[1] = b->bus_start + (pos << IO_SHIFT);
		a[2] = LIST_GPA + (i % NLIST) * LIST_STRIDE;
		rc |= eeh_hcall(b->g, H_PUT_TCE_INDIRECT, a, 4, NULL);
		pos = (pos + EEH_TCE_INDIRECT_MAX) & mask;
	}
	t1 = now_ns();
	b->pos = pos;
	if (rc)
		fail("H_PUT_TCE_INDIRECT", rc);
	if (st->finished[EEH_TIER_REAL] - fin0 != n)
		fail("H_PUT_TCE_INDIRECT left real mode", 0);
	return t1 - t0;
}

static double run_stuff(struct bench *b, u64 n)
{
	struct eeh_hcall_stats *st = &b->g->st.hc[EEH_HC_STUFF_TCE];
	u64 mask = b->entries - 1, pos = b->pos & ~(u64)(EEH_TCE_INDIRECT_MAX - 1);
	u64 fin0 = st->finished[EEH_TIER_REAL], i;
	unsigned long a[4];
	double t0, t1;
	long rc = 0;

	a[0] = b->liobn;
	a[2] = 0;
	a[3] = EEH_TCE_INDIRECT_MAX;
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		a[1] = b->bus_start + (pos << IO_SHIFT);
		rc |= eeh_hcall(b->g, H_STUFF_TCE, a, 4, NULL);
		pos = (pos + EEH_TCE_INDIRECT_MAX) & mask;
	}
	t1 = now_ns();
	b->pos = pos;
	if (rc)
		fail("H_STUFF_TCE", rc);
	if (st->finished[EEH_TIER_REAL] - fin0 != n)
		fail("H_STUFF_TCE left real mode", 0);
	return t1 - t0;
}

/* The floor: 512 big-endian stores a "call", same table size and order. */
static double run_floor(struct bench *b, u64 n)
{
	u64 mask = b->entries - 1, pos = b->pos & ~(u64)(EEH_TCE_INDIRECT_MAX - 1), i, j;
	u64 *t = b->floor;
	double t0, t1;

	t0 = now_ns();
	for (i = 0; i < n; i++) {
		u64 v = b->hpa0 + ((i % NLIST) * EEH_TCE_INDIRECT_MAX << IO_SHIFT);

		for (j = 0; j < EEH_TCE_INDIRECT_MAX; j++)
			t[pos + j] = __builtin_bswap64((v + (j << IO_SHIFT)) | 3);
		/* the stores happen, call by call */
		__asm__ __volatile__("" : : "r"(t) : "memory");
		pos = (pos + EEH_TCE_INDIRECT_MAX) & mask;
	}
	t1 = now_ns();
	b->pos = pos;
	return t1 - t0;
}

static double run_row(struct bench *b, enum row r, u64 n)
{
	switch (r) {
	case R_REAL:
		return run_put(b, n, EEH_TIER_REAL);
	case R_INDIRECT:
		return run_indirect(b, n);
	case R_STUFF:
		return run_stuff(b, n);
	case R_VIRT:
		return run_put(b, n, EEH_TIER_VIRT);
	case R_USER:
		return run_put(b, n, EEH_TIER_USER);
	default:
		return run_floor(b, n);
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* ---- memory: a 1 TiB 64-bit window with 64K pages ---- */

static int memory_figures(void)
{
	static u64 be[EEH_TCE_INDIRECT_MAX];
	struct eeh_msg msg = { "" };
	struct eeh_tce_window *w;
	struct eeh_model *m;
	struct eeh_phb *phb;
	struct eeh_guest *g;
	unsigned long l64 = 0, a[4];
	u64 i, j, empty, mapped, total;
	double per, over;
	int pe;

	if (model_build(&m, &phb, &pe))
		return -1;
	m->mem_cap = 512 * MB;
	g = eeh_guest_create(m, NULL, &msg);
	if (!g || eeh_guest_slot_add(g, 0, 1ULL << 40, 24, EEH_SLOT_PREREG, &msg) ||
	    eeh_guest_assign(g, phb, pe, &msg) ||
	    eeh_guest_window_create(g, phb, pe, 16, 1ULL << 40, 2, &l64, &msg)) {
		fprintf(stderr, "bench_tce: memory: %s\n", msg.text);
		return -1;
	}
	w = eeh_guest_window(g, l64);
	empty = w->hw_bytes + w->sw_bytes;
	a[0] = l64;
	a[2] = 0;
	a[3] = EEH_TCE_INDIRECT_MAX;
	for (i = 0; i < w->entries; i += EEH_TCE_INDIRECT_MAX) {
		for (j = 0; j < EEH_TCE_INDIRECT_MAX; j++)
			be[j] = eeh_cpu_to_be64(((i + j) << 16) | 3);
		if (eeh_guest_mem_write(g, 0, be, sizeof(be)))
			return -1;
		a[1] = (1ULL << 59) + (i << 16);
		if (eeh_hcall(g, H_PUT_TCE_INDIRECT, a, 4, NULL) != H_SUCCESS) {
			fail("memory: H_PUT_TCE_INDIRECT", g->last_rc);
			eeh_model_destroy(m);
			return -1;
		}
	}
	mapped = eeh_tce_window_mapped(w);
	total = w->hw_bytes + w->sw_bytes;
	per = (double)total / mapped;
	over = ((double)total - 8.0 * mapped) * 100.0 / (8.0 * mapped);
	printf("\nmemory, 1 TiB 64-bit window, 64K I/O pages, 2 levels:\n");
	printf("  empty:     %llu bytes (table %llu + pointer cache %llu)   target < 1048576   %s\n",
	       (unsigned long long)empty, (unsigned long long)(empty - w->sw_bytes),
	       (unsigned long long)w->sw_bytes, empty < MB ? "PASS" : "MISS");
	printf("  populated: %llu entries mapped, %llu bytes (table %llu + pointer cache %llu)\n",
	       (unsigned long long)mapped, (unsigned long long)total,
	       (unsigned long long)w->hw_bytes, (unsigned long long)w->sw_bytes);
	printf("             %.4f bytes per mapped entry, overhead %.3f%% over 8   target < 1%%   %s\n",
	       per, over, over < 1.0 ? "PASS" : "MISS");
	eeh_model_destroy(m);
	return 0;
}

int main(void)
{
	static double t[R__COUNT][ROUNDS];
	double med[R__COUNT], lo[R__COUNT], hi[R__COUNT], r_ind, r_stuff, r_virt, r_user;
	u64 n[R__COUNT];
	struct bench b;
	int r, k;

	memset(&b, 0, sizeof(b));
	if (bench_setup(&b))
		return 1;
	/* size each row's batch to about 100 ms from a short trial */
	for (r = 0; r < R__COUNT; r++) {
		u64 trial = row_entries[r] > 1 ? 2000 : (r == R_USER ? 2000 : 200000);
		double ns = run_row(&b, r, trial);

		n[r] = (u64)(BATCH_NS / (ns / trial));
		if (n[r] < 1000)
			n[r] = 1000;
	}
	/* interleaved: every row once per round */
	for (k = 0; k < ROUNDS; k++)
		for (r = 0; r < R__COUNT; r++)
			t[r][k] = run_row(&b, r, n[r]) / ((double)n[r] * row_entries[r]);
	for (r = 0; r < R__COUNT; r++) {
		qsort(t[r], ROUNDS, sizeof(double), cmp_double);
		med[r] = t[r][ROUNDS / 2];
		lo[r] = t[r][0];
		hi[r] = t[r][ROUNDS - 1];
	}
	if (failed) {
		bench_teardown(&b);
		return 1;
	}
	r_ind = med[R_INDIRECT] / med[R_FLOOR];
	r_stuff = med[R_STUFF] / med[R_FLOOR];
	r_virt = med[R_VIRT] / med[R_REAL];
	r_user = med[R_USER] / med[R_REAL];

	printf("TCE hypercalls: median of %d interleaved batches of about %.0f ms each\n",
	       ROUNDS, BATCH_NS / 1e6);
	printf("(window: %llu entries of 4K I/O pages, %llu KiB table; calls through eeh_hcall)\n\n",
	       (unsigned long long)b.entries,
	       (unsigned long long)(b.entries * 8 / 1024));
	printf("%-36s %10s %10s %10s %12s  %-14s %s\n", "row", "ns", "min", "max",
	       "calls/batch", "target", "");
	for (r = 0; r < R__COUNT; r++) {
		const char *target = "", *verdict = "";

		if (r == R_REAL) {
			target = "< 10 ns";
			verdict = med[r] < 10.0 ? "PASS" : "MISS";
		} else if (r == R_INDIRECT) {
			target = "< 2 ns";
			verdict = med[r] < 2.0 ? "PASS" : "MISS";
		}
		printf("%-36s %10.2f %10.2f %10.2f %12llu  %-14s %s\n", row_name[r], med[r],
		       lo[r], hi[r], (unsigned long long)n[r], target, verdict);
	}
	printf("\nratios (medians):\n");
	printf("  indirect per entry / floor   %8.2f   target <= 3    %s\n", r_ind,
	       r_ind <= 3.0 ? "PASS" : "MISS");
	printf("  stuff per entry / floor      %8.2f   target <= 2    %s\n", r_stuff,
	       r_stuff <= 2.0 ? "PASS" : "MISS");
	printf("  virtual / realmode           %8.2f\n", r_virt);
	printf("  userspace / realmode         %8.2f   target >= 20   %s\n", r_user,
	       r_user >= 20.0 ? "PASS" : "MISS");
	bench_teardown(&b);

	if (memory_figures())
		return 1;
	if (failed)
		return 1;
	printf("\nratio userspace/realmode = %.2f\n", r_user);
	return 0;
}
