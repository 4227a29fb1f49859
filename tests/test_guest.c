// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: guests, memory slots, PE assignment and release, DMA
 * windows, the real-mode contract, the isolation invariants and the
 * memory cost of a TCE window.
 */
#include <signal.h>

#include "harness.h"
#include "fixture.h"
#include "eehlab/guest.h"

#define GB	(1ULL << 30)
#define MB	(1ULL << 20)

static struct eeh_guest *mkguest(struct topo *t, u64 gpa, u64 size)
{
	struct eeh_msg msg = { "" };
	struct eeh_guest *g = eeh_guest_create(t->m, NULL, &msg);

	ASSERT_NOT_NULL(g);
	ASSERT_EQ(0, eeh_guest_slot_add(g, gpa, size, 16, EEH_SLOT_PREREG, &msg));
	return g;
}

static long put(struct eeh_guest *g, unsigned long liobn, u64 ioba, u64 tce)
{
	unsigned long a[3] = { liobn, ioba, tce };

	return eeh_hcall(g, H_PUT_TCE, a, 3, NULL);
}

static u16 rid_of(struct eeh_func *f)
{
	return (f->bus << 8) | f->devfn;
}

TEST(guest_ids_names_and_capacity)
{
	struct eeh_msg msg = { "" };
	struct eeh_guest *g[EEH_MAX_GUESTS];
	struct topo t;
	int i;

	topo_build(&t, EEH_PHB4);
	for (i = 0; i < EEH_MAX_GUESTS; i++) {
		g[i] = eeh_guest_create(t.m, NULL, &msg);
		ASSERT_NOT_NULL(g[i]);
		EXPECT_EQ(i + 1, g[i]->id);
	}
	ASSERT_NULL(eeh_guest_create(t.m, NULL, &msg));
	EXPECT_HAS(msg.text, "guests already");
	EXPECT_TRUE(eeh_guest_get(t.m, 3) == g[2]);
	EXPECT_TRUE(eeh_guest_by_name(t.m, "g3") == g[2]);
	eeh_guest_destroy(g[2]);
	ASSERT_NULL(eeh_guest_get(t.m, 3));
	g[2] = eeh_guest_create(t.m, "web", &msg);
	ASSERT_NOT_NULL(g[2]);
	EXPECT_EQ(3, g[2]->id);
	ASSERT_NULL(eeh_guest_create(t.m, "web", &msg));
	topo_free(&t);
}

TEST(slot_checks_and_translation)
{
	struct eeh_msg msg = { "" };
	struct topo t;
	struct eeh_guest *a, *b;
	u64 ha = 0, hb = 0, v = 0x1122334455667788ULL, r = 0;

	topo_build(&t, EEH_PHB4);
	a = eeh_guest_create(t.m, NULL, &msg);
	b = eeh_guest_create(t.m, NULL, &msg);
	EXPECT_EQ(-EINVAL, eeh_guest_slot_add(a, 0, 1 * MB, 13, 0, &msg));
	EXPECT_EQ(-EINVAL, eeh_guest_slot_add(a, 0x1000, 16 * MB, 24, 0, &msg));
	EXPECT_HAS(msg.text, "not aligned");
	EXPECT_EQ(-EINVAL, eeh_guest_slot_add(a, 0, 0, 12, 0, &msg));
	EXPECT_EQ(-EINVAL, eeh_guest_slot_add(a, 0, 4096, 12, 0x80, &msg));
	ASSERT_EQ(0, eeh_guest_slot_add(a, 0, 64 * MB, 16, EEH_SLOT_PREREG, &msg));
	EXPECT_EQ(-EEXIST, eeh_guest_slot_add(a, 32 * MB, 64 * MB, 16, 0, &msg));
	ASSERT_EQ(0, eeh_guest_slot_add(b, 0, 64 * MB, 16, 0, &msg));
	/* the same guest-physical address, different host memory */
	ASSERT_EQ(0, eeh_guest_gpa_to_hpa(a, 0x1000, &ha));
	ASSERT_EQ(0, eeh_guest_gpa_to_hpa(b, 0x1000, &hb));
	EXPECT_NE(ha, hb);
	EXPECT_EQ(-EFAULT, eeh_guest_gpa_to_hpa(a, 64 * MB, &ha));
	EXPECT_EQ(a->id, eeh_mem_owner(t.m, ha, 8));
	EXPECT_EQ(b->id, eeh_mem_owner(t.m, hb, 8));
	EXPECT_TRUE(eeh_guest_page_pinned(a, 0x1000));
	EXPECT_FALSE(eeh_guest_page_pinned(b, 0x1000));
	ASSERT_EQ(0, eeh_guest_mem_write(a, 0x1000, &v, 8));
	ASSERT_EQ(0, eeh_guest_mem_read(b, 0x1000, &r, 8));
	EXPECT_EQ_U64(0, r);
	ASSERT_EQ(0, eeh_mem_read(t.m, ha, &r, 8));
	EXPECT_EQ_U64(v, r);
	EXPECT_EQ(-EFAULT, eeh_guest_mem_write(a, 64 * MB - 4, &v, 8));
	topo_free(&t);
}

/*
 * Fuzz finding (session): the pin map of a slot that is not
 * pre-registered (a bit a guest page) was allocated whatever its size,
 * outside the memory cap: a 128 TiB slot asked for a 4 GiB block. It is
 * now held to the cap with the host pages, and given back with the guest.
 */
TEST(slot_pin_map_is_held_to_the_memory_cap)
{
	struct eeh_msg msg = { "" };
	struct eeh_guest *g;
	struct topo t;
	u64 used0, used1;

	topo_build(&t, EEH_PHB4);
	t.m->mem_cap = 64 * MB;
	g = eeh_guest_create(t.m, NULL, &msg);
	ASSERT_NOT_NULL(g);
	used0 = t.m->mem_used;
	EXPECT_EQ(-ENOMEM, eeh_guest_slot_add(g, 0, 128 * 1024 * GB, 12, 0, &msg));
	EXPECT_HAS(msg.text, "the pin map of slot 0x0+0x800000000000 (4294967296 bytes) is past the memory cap");
	EXPECT_EQ(0, g->nslots);
	EXPECT_EQ_U64(used0, t.m->mem_used);
	/* pre-registered: no pin map, the pages stay sparse */
	ASSERT_EQ(0, eeh_guest_slot_add(g, 0, 128 * 1024 * GB, 12, EEH_SLOT_PREREG, &msg));
	EXPECT_EQ_U64(used0, t.m->mem_used);
	/* 1 GiB of 4K pages: a 32 KiB pin map, counted */
	ASSERT_EQ(1, eeh_guest_slot_add(g, 256 * 1024 * GB, GB, 12, 0, &msg));
	used1 = t.m->mem_used;
	EXPECT_EQ_U64(used0 + 32768, used1);
	eeh_guest_destroy(g);
	EXPECT_EQ_U64(used0, t.m->mem_used);
	topo_free(&t);
}

TEST(assign_detaches_drivers_and_sets_default_window)
{
	struct eeh_msg msg = { "" };
	struct eeh_tce_window *w;
	struct eeh_guest *g;
	struct topo t;
	int pe;

	topo_build(&t, EEH_PHB4);
	g = mkguest(&t, 0, 64 * MB);
	pe = t.pe_nic;
	ASSERT_EQ(0, eeh_guest_assign(g, t.phb, pe, &msg));
	EXPECT_EQ(g->id, t.phb->pes[pe].owner);
	EXPECT_FALSE(t.nic->drv.bound);
	EXPECT_TRUE(t.nic->present);
	EXPECT_TRUE(t.disk->drv.bound);
	w = eeh_guest_window(g, EEH_LIOBN(0, pe, 0));
	ASSERT_NOT_NULL(w);
	EXPECT_EQ_U64(EEH_WIN32_SIZE, w->tbl.window_size);
	EXPECT_EQ(12, w->tbl.page_shift);
	EXPECT_EQ_U64(0, w->tbl.bus_start);
	EXPECT_NE(0, t.phb->tvt[pe * 2]);
	EXPECT_EQ_U64(eeh_tve_encode(&w->tbl), t.phb->tvt[pe * 2]);
	EXPECT_EQ_U64(0, t.phb->tvt[pe * 2 + 1]);
	EXPECT_EQ(0, eeh_invariants_check(t.m, NULL, 0));
	topo_free(&t);
}

TEST(assign_refusals_change_nothing)
{
	struct eeh_msg msg = { "" };
	struct eeh_guest *g1, *g2;
	struct topo t;
	u64 tve;
	int unused;

	topo_build(&t, EEH_PHB4);
	g1 = mkguest(&t, 0, 64 * MB);
	g2 = mkguest(&t, 0, 64 * MB);
	EXPECT_EQ(-EINVAL, eeh_guest_assign(g1, t.phb, t.phb->reserved_pe, &msg));
	EXPECT_HAS(msg.text, "reserved");
	for (unused = 0; unused < t.phb->num_pes && t.phb->pes[unused].valid; unused++)
		;
	EXPECT_EQ(-ENODEV, eeh_guest_assign(g1, t.phb, unused, &msg));
	EXPECT_HAS(msg.text, "not in use");
	EXPECT_EQ(-ERANGE, eeh_guest_assign(g1, t.phb, t.phb->num_pes, &msg));
	ASSERT_EQ(0, eeh_guest_assign(g1, t.phb, t.pe_nic, &msg));
	tve = t.phb->tvt[t.pe_nic * 2];
	EXPECT_EQ(-EBUSY, eeh_guest_assign(g2, t.phb, t.pe_nic, &msg));
	EXPECT_HAS(msg.text, "already assigned to guest 1");
	EXPECT_EQ(-EBUSY, eeh_guest_assign(g1, t.phb, t.pe_nic, &msg));
	EXPECT_EQ_U64(tve, t.phb->tvt[t.pe_nic * 2]);
	EXPECT_EQ(g1->id, t.phb->pes[t.pe_nic].owner);
	/* bridge PE: nic is guest 1's, disk the host's */
	EXPECT_EQ(-EBUSY, eeh_guest_assign(g1, t.phb, t.pe_dn, &msg));
	EXPECT_HAS(msg.text, "belongs to the host");
	EXPECT_EQ(0, t.phb->pes[t.pe_dn].owner);
	EXPECT_TRUE(t.disk->drv.bound);
	/* disk to guest 2: the subtree has two guests */
	ASSERT_EQ(0, eeh_guest_assign(g2, t.phb, t.pe_disk, &msg));
	EXPECT_EQ(-EBUSY, eeh_guest_assign(g1, t.phb, t.pe_dn, &msg));
	EXPECT_HAS(msg.text, "guest 2");
	EXPECT_EQ(-EBUSY, eeh_guest_assign(g1, t.phb, t.pe_up, &msg));
	EXPECT_EQ(1, g1->npes);
	EXPECT_EQ(0, eeh_invariants_check(t.m, NULL, 0));
	topo_free(&t);
}

TEST(bridge_pe_after_its_subtree_and_release_order)
{
	struct eeh_msg msg = { "" };
	struct eeh_guest *g;
	struct topo t;

	topo_build(&t, EEH_PHB4);
	g = mkguest(&t, 0, 64 * MB);
	ASSERT_EQ(0, eeh_guest_assign(g, t.phb, t.pe_nic, &msg));
	ASSERT_EQ(0, eeh_guest_assign(g, t.phb, t.pe_disk, &msg));
	ASSERT_EQ(0, eeh_guest_assign(g, t.phb, t.pe_dn, &msg));
	EXPECT_EQ(0, eeh_invariants_check(t.m, NULL, 0));
	EXPECT_EQ(-EBUSY, eeh_guest_release(g, t.phb, t.pe_nic, &msg));
	EXPECT_HAS(msg.text, "release PE#");
	ASSERT_EQ(0, eeh_guest_release(g, t.phb, t.pe_dn, &msg));
	ASSERT_EQ(0, eeh_guest_release(g, t.phb, t.pe_nic, &msg));
	EXPECT_EQ(-EINVAL, eeh_guest_release(g, t.phb, t.pe_nic, &msg));
	EXPECT_HAS(msg.text, "not assigned");
	/* destroy gives back the rest */
	eeh_guest_destroy(g);
	EXPECT_EQ(0, t.phb->pes[t.pe_disk].owner);
	EXPECT_TRUE(t.disk->drv.bound);
	EXPECT_EQ_U64(0, t.phb->tvt[t.pe_disk * 2]);
	topo_free(&t);
}

TEST(release_clears_tables_and_rebinds)
{
	struct eeh_msg msg = { "" };
	struct eeh_access_result r;
	struct eeh_tce_table tbl;
	unsigned long l64 = 0;
	struct eeh_guest *g;
	struct topo t;
	u64 tce = 1, used0, buf = 0;

	topo_build(&t, EEH_PHB4);
	g = mkguest(&t, 0, 64 * MB);
	used0 = t.m->mem_used;
	ASSERT_EQ(0, eeh_guest_assign(g, t.phb, t.pe_nic, &msg));
	ASSERT_EQ(0, eeh_guest_window_create(g, t.phb, t.pe_nic, 16, 1ULL << 32, 3, &l64, &msg));
	ASSERT_EQ(H_SUCCESS, put(g, EEH_LIOBN(0, t.pe_nic, 0), 0x4000, 0x10000 | 3));
	ASSERT_EQ(H_SUCCESS, put(g, l64, (1ULL << 59) + 0x20000, 0x20000 | 3));
	tbl = eeh_guest_window(g, EEH_LIOBN(0, t.pe_nic, 0))->tbl;
	ASSERT_EQ(0, eeh_tce_get(t.m, &tbl, 4, &tce));
	EXPECT_NE(0, tce);
	EXPECT_LT(used0, t.m->mem_used);
	ASSERT_EQ(0, eeh_guest_release(g, t.phb, t.pe_nic, &msg));
	EXPECT_EQ(0, t.phb->pes[t.pe_nic].owner);
	EXPECT_TRUE(t.nic->drv.bound);
	EXPECT_EQ_U64(0, t.phb->tvt[t.pe_nic * 2]);
	EXPECT_EQ_U64(0, t.phb->tvt[t.pe_nic * 2 + 1]);
	ASSERT_EQ(0, eeh_tce_get(t.m, &tbl, 4, &tce));
	EXPECT_EQ_U64(0, tce);
	EXPECT_EQ_U64(used0, t.m->mem_used);	/* every level freed */
	ASSERT_NULL(eeh_guest_window(g, l64));
	EXPECT_EQ(H_PARAMETER, put(g, l64, 1ULL << 59, 0x20000 | 3));
	EXPECT_EQ(EEH_DMA_FAULT, eeh_dma(t.phb, rid_of(t.nic), 0x4000, &buf, 8, true, &r));
	EXPECT_EQ(EEH_CAUSE_DMA_NO_TVE, r.cause);
	topo_free(&t);
}

TEST(window64_create_remove)
{
	struct eeh_msg msg = { "" };
	unsigned long l64 = 0;
	struct eeh_guest *g;
	struct topo t;

	topo_build(&t, EEH_PHB4);
	g = mkguest(&t, 0, 64 * MB);
	EXPECT_EQ(-EINVAL, eeh_guest_window_create(g, t.phb, t.pe_nic, 16, 1ULL << 32, 2,
						   &l64, &msg));
	EXPECT_HAS(msg.text, "not assigned");
	ASSERT_EQ(0, eeh_guest_assign(g, t.phb, t.pe_nic, &msg));
	EXPECT_EQ(-EINVAL, eeh_guest_window_create(g, t.phb, t.pe_nic, 24, 1ULL << 40, 2,
						   &l64, &msg));
	EXPECT_EQ(-EINVAL, eeh_guest_window_create(g, t.phb, t.pe_nic, 16, 3ULL << 32, 2,
						   &l64, &msg));
	EXPECT_EQ(-EINVAL, eeh_guest_window_create(g, t.phb, t.pe_nic, 16, 1ULL << 32, 6,
						   &l64, &msg));
	EXPECT_EQ_U64(0, t.phb->tvt[t.pe_nic * 2 + 1]);
	ASSERT_EQ(0, eeh_guest_window_create(g, t.phb, t.pe_nic, 16, 1ULL << 40, 2, &l64, &msg));
	EXPECT_NE(0, t.phb->tvt[t.pe_nic * 2 + 1]);
	EXPECT_EQ(16, t.phb->tvt_tables[t.pe_nic * 2 + 1].page_shift);
	EXPECT_EQ_U64(1ULL << 59, t.phb->tvt_tables[t.pe_nic * 2 + 1].bus_start);
	EXPECT_EQ(-EBUSY, eeh_guest_window_create(g, t.phb, t.pe_nic, 16, 1ULL << 32, 2,
						  &l64, &msg));
	ASSERT_EQ(0, eeh_guest_window_remove(g, l64, &msg));
	EXPECT_EQ_U64(0, t.phb->tvt[t.pe_nic * 2 + 1]);
	EXPECT_EQ(-ENOENT, eeh_guest_window_remove(g, l64, &msg));
	/* the 32-bit one can go too (VFIO allows it) */
	ASSERT_EQ(0, eeh_guest_window_remove(g, EEH_LIOBN(0, t.pe_nic, 0), &msg));
	EXPECT_EQ_U64(0, t.phb->tvt[t.pe_nic * 2]);
	EXPECT_EQ(0, eeh_invariants_check(t.m, NULL, 0));
	topo_free(&t);
}

/* ---- the real-mode contract ---- */
TEST(realmode_allocation_is_caught)
{
	unsigned long v0 = eeh_shim_realmode_violations();
	void *p;

	eeh_shim_realmode_enter();
	EXPECT_TRUE(eeh_shim_in_realmode());
	p = eeh_zalloc(64);
	eeh_shim_realmode_exit();
	ASSERT_NULL(p);
	EXPECT_EQ(v0 + 1, eeh_shim_realmode_violations());
	EXPECT_FALSE(eeh_shim_in_realmode());
	p = eeh_zalloc(64);
	ASSERT_NOT_NULL(p);
	eeh_free(p);
}

TEST(realmode_sleeping_lock_aborts)
{
	struct eeh_mutex l;
	pid_t pid;
	int st = 0;

	eeh_mutex_init(&l);
	fflush(stdout);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		eeh_shim_realmode_enter();
		eeh_mutex_lock(&l);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	EXPECT_TRUE(WIFSIGNALED(st));
	EXPECT_EQ(SIGABRT, WTERMSIG(st));
	eeh_mutex_destroy(&l);
}

static int hook_calls;
static void *hook_ptr;

static void alloc_in_realmode(struct eeh_guest *g)
{
	(void)g;
	hook_calls++;
	hook_ptr = eeh_zalloc(16);	/* a bug in the real-mode tier */
}

TEST(realmode_tier_runs_under_the_contract)
{
	struct eeh_msg msg = { "" };
	struct eeh_guest *g;
	struct topo t;
	unsigned long v0, a[4];
	u64 be[4];
	int i;

	topo_build(&t, EEH_PHB4);
	g = mkguest(&t, 0, 64 * MB);
	ASSERT_EQ(0, eeh_guest_assign(g, t.phb, t.pe_nic, &msg));
	a[0] = EEH_LIOBN(0, t.pe_nic, 0);
	/* the hot path itself allocates nothing in real mode */
	v0 = eeh_shim_realmode_violations();
	for (i = 0; i < 4; i++)
		be[i] = eeh_cpu_to_be64((0x10000ULL * i) | 3);
	ASSERT_EQ(0, eeh_guest_mem_write(g, 0x100000, be, sizeof(be)));
	EXPECT_EQ(H_SUCCESS, put(g, a[0], 0x8000, 0x10000 | 3));	/* virtual allocates */
	EXPECT_EQ(H_SUCCESS, put(g, a[0], 0x9000, 0x10000 | 3));
	a[1] = 0;
	a[2] = 0x100000;
	a[3] = 4;
	EXPECT_EQ(H_SUCCESS, eeh_hcall(g, H_PUT_TCE_INDIRECT, a, 4, NULL));
	a[2] = 0;
	EXPECT_EQ(H_SUCCESS, eeh_hcall(g, H_STUFF_TCE, a, 4, NULL));
	EXPECT_EQ(3, g->st.hc[EEH_HC_PUT_TCE].finished[EEH_TIER_REAL] +
		     g->st.hc[EEH_HC_PUT_TCE_INDIRECT].finished[EEH_TIER_REAL] +
		     g->st.hc[EEH_HC_STUFF_TCE].finished[EEH_TIER_REAL]);
	EXPECT_EQ(v0, eeh_shim_realmode_violations());
	/* an allocation slipped into the real-mode tier is caught */
	g->rm_test_hook = alloc_in_realmode;
	EXPECT_EQ(H_SUCCESS, put(g, a[0], 0x9000, 0x10000 | 3));
	EXPECT_EQ(1, hook_calls);
	ASSERT_NULL(hook_ptr);
	EXPECT_EQ(v0 + 1, eeh_shim_realmode_violations());
	topo_free(&t);
}

/* ---- isolation ---- */
TEST(edu_dma_through_guest_tces_lands_in_guest_pages)
{
	struct eeh_msg msg = { "" };
	struct eeh_access_result r;
	struct eeh_guest *g;
	struct topo t;
	u8 buf[256], got[256];
	u64 off;
	int i;

	topo_build(&t, EEH_PHB4);
	g = mkguest(&t, 0, 64 * MB);
	ASSERT_EQ(0, eeh_guest_assign(g, t.phb, t.pe_nic, &msg));
	/* bus 0x7000 -> guest 0x230000 */
	ASSERT_EQ(H_SUCCESS, put(g, EEH_LIOBN(0, t.pe_nic, 0), 0x7000, 0x230000 | 3));
	for (i = 0; i < 256; i++)
		t.nic->edu->buf[i] = (u8)(i ^ 0x5a);
	memcpy(buf, t.nic->edu->buf, sizeof(buf));
	ASSERT_EQ(0, eeh_func_mmio_store(t.nic, 0, EDU_REG_DMA_SRC, 8, EDU_BUF_OFF, &r));
	ASSERT_EQ(0, eeh_func_mmio_store(t.nic, 0, EDU_REG_DMA_DST, 8, 0x7100, &r));
	ASSERT_EQ(0, eeh_func_mmio_store(t.nic, 0, EDU_REG_DMA_COUNT, 8, 256, &r));
	ASSERT_EQ(0, eeh_func_mmio_store(t.nic, 0, EDU_REG_DMA_CMD, 8,
					 EDU_DMA_CMD_START | EDU_DMA_CMD_TO_RAM, &r));
	EXPECT_EQ(EEH_DMA_OK, t.nic->edu->last_dma);
	ASSERT_EQ(0, eeh_guest_mem_read(g, 0x230100, got, sizeof(got)));
	EXPECT_EQ(0, memcmp(buf, got, sizeof(got)));
	/* and back: guest memory -> edu buffer */
	memset(t.nic->edu->buf, 0, 256);
	for (off = 0; off < 256; off++)
		got[off] = (u8)(off * 7);
	ASSERT_EQ(0, eeh_guest_mem_write(g, 0x230000, got, 256));
	ASSERT_EQ(0, eeh_func_mmio_store(t.nic, 0, EDU_REG_DMA_SRC, 8, 0x7000, &r));
	ASSERT_EQ(0, eeh_func_mmio_store(t.nic, 0, EDU_REG_DMA_DST, 8, EDU_BUF_OFF, &r));
	ASSERT_EQ(0, eeh_func_mmio_store(t.nic, 0, EDU_REG_DMA_CMD, 8, EDU_DMA_CMD_START, &r));
	EXPECT_EQ(EEH_DMA_OK, t.nic->edu->last_dma);
	EXPECT_EQ(0, memcmp(t.nic->edu->buf, got, 256));
	EXPECT_EQ(0, eeh_invariants_check(t.m, NULL, 0));
	topo_free(&t);
}

TEST(guest_mapping_memory_it_does_not_own)
{
	struct eeh_msg msg = { "" };
	struct eeh_access_result r;
	struct eeh_guest *g1, *g2;
	struct eeh_tce_window *w;
	struct topo t;
	char why[256];
	u64 h2 = 0, v = 0xabcdefULL, got = 0;

	topo_build(&t, EEH_PHB4);
	g1 = mkguest(&t, 0, 64 * MB);
	g2 = mkguest(&t, 0, 64 * MB);
	ASSERT_EQ(0, eeh_guest_assign(g1, t.phb, t.pe_nic, &msg));
	ASSERT_EQ(0, eeh_guest_gpa_to_hpa(g2, 0x40000, &h2));
	/* through the hypercall: only its own guest-physical space can be named */
	EXPECT_EQ(H_PARAMETER, put(g1, EEH_LIOBN(0, t.pe_nic, 0), 0x1000, (64 * MB) | 3));
	EXPECT_EQ(H_PARAMETER, put(g1, EEH_LIOBN(0, t.pe_nic, 0), 0x1000, h2 | 3));
	EXPECT_EQ(0, eeh_invariants_check(t.m, why, sizeof(why)));
	/* a corrupted table (written behind the hypercalls' back) is caught */
	w = eeh_guest_window(g1, EEH_LIOBN(0, t.pe_nic, 0));
	ASSERT_EQ(0, eeh_tce_put(t.phb, &w->tbl, 0x1, h2 | 3, true, &msg));
	EXPECT_EQ(-EFAULT, eeh_invariants_check(t.m, why, sizeof(why)));
	EXPECT_HAS(why, "TCE 0x1");
	EXPECT_HAS(why, "guest 1");
	EXPECT_HAS(why, "belongs to guest 2");
	/* and the DMA through it is recorded as it happens */
	EXPECT_EQ(EEH_DMA_OK, eeh_dma(t.phb, rid_of(t.nic), 0x1000, &v, 8, true, &r));
	ASSERT_EQ(0, eeh_guest_mem_read(g2, 0x40000, &got, 8));
	EXPECT_EQ_U64(v, got);
	EXPECT_EQ(-EFAULT, eeh_invariants_check(t.m, why, sizeof(why)));
	EXPECT_HAS(why, "DMA write by guest 1");
	EXPECT_HAS(why, "belongs to guest 2");
	/* host memory, too */
	ASSERT_EQ(0, eeh_tce_put(t.phb, &w->tbl, 0x1, 0x8000 | 3, true, &msg));
	EXPECT_EQ(-EFAULT, eeh_invariants_check(t.m, why, sizeof(why)));
	EXPECT_HAS(why, "belongs to the host");
	ASSERT_EQ(0, eeh_tce_put(t.phb, &w->tbl, 0x1, 0, true, &msg));
	EXPECT_EQ(0, eeh_invariants_check(t.m, why, sizeof(why)));
	topo_free(&t);
}

TEST(frozen_pe_dma_changes_nothing)
{
	struct eeh_msg msg = { "" };
	struct eeh_access_result r;
	struct eeh_guest *g;
	struct topo t;
	char why[256];
	u64 v = 0x77, got = 0, hpa = 0;

	topo_build(&t, EEH_PHB4);
	g = mkguest(&t, 0, 64 * MB);
	ASSERT_EQ(0, eeh_guest_assign(g, t.phb, t.pe_nic, &msg));
	ASSERT_EQ(H_SUCCESS, put(g, EEH_LIOBN(0, t.pe_nic, 0), 0x2000, 0x50000 | 3));
	ASSERT_EQ(0, eeh_pe_freeze(t.phb, t.pe_nic, EEH_FREEZE_BOTH, EEH_CAUSE_FREEZE_REQ, -1,
				   0, &msg));
	EXPECT_EQ(EEH_DMA_BLOCKED, eeh_dma(t.phb, rid_of(t.nic), 0x2000, &v, 8, true, &r));
	ASSERT_EQ(0, eeh_guest_mem_read(g, 0x50000, &got, 8));
	EXPECT_EQ_U64(0, got);
	EXPECT_EQ(0, eeh_invariants_check(t.m, why, sizeof(why)));
	/* the hook reports a frozen PE's DMA if the data path ever did one */
	ASSERT_EQ(0, eeh_guest_gpa_to_hpa(g, 0x50000, &hpa));
	t.m->dma_hook(t.m->dma_hook_ctx, t.phb, t.pe_nic, 0x2000, hpa, 8, true);
	EXPECT_EQ(-EFAULT, eeh_invariants_check(t.m, why, sizeof(why)));
	EXPECT_HAS(why, "is frozen but its DMA wrote");
	EXPECT_EQ(0, eeh_invariants_check(t.m, why, sizeof(why)));
	topo_free(&t);
}

TEST(two_guests_on_sibling_pes)
{
	struct eeh_msg msg = { "" };
	struct eeh_access_result r;
	struct eeh_guest *g1, *g2;
	struct topo t;
	unsigned long v = 0;
	u64 a = 0x1111, b = 0x2222, got = 0;

	topo_build(&t, EEH_PHB4);
	g1 = mkguest(&t, 0, 64 * MB);
	g2 = mkguest(&t, 0, 64 * MB);
	ASSERT_EQ(0, eeh_guest_assign(g1, t.phb, t.pe_nic, &msg));
	ASSERT_EQ(0, eeh_guest_assign(g2, t.phb, t.pe_disk, &msg));
	/* the same bus and guest addresses in both */
	ASSERT_EQ(H_SUCCESS, put(g1, EEH_LIOBN(0, t.pe_nic, 0), 0x3000, 0x60000 | 3));
	ASSERT_EQ(H_SUCCESS, put(g2, EEH_LIOBN(0, t.pe_disk, 0), 0x3000, 0x60000 | 3));
	/* g1 cannot touch g2's LIOBN */
	EXPECT_EQ(H_PARAMETER, put(g1, EEH_LIOBN(0, t.pe_disk, 0), 0x3000, 0x70000 | 3));
	EXPECT_EQ(EEH_DMA_OK, eeh_dma(t.phb, rid_of(t.nic), 0x3000, &a, 8, true, &r));
	EXPECT_EQ(EEH_DMA_OK, eeh_dma(t.phb, rid_of(t.disk), 0x3000, &b, 8, true, &r));
	ASSERT_EQ(0, eeh_guest_mem_read(g1, 0x60000, &got, 8));
	EXPECT_EQ_U64(a, got);
	ASSERT_EQ(0, eeh_guest_mem_read(g2, 0x60000, &got, 8));
	EXPECT_EQ_U64(b, got);
	/* a DMA fault on g1's PE freezes it alone */
	EXPECT_EQ(EEH_DMA_FAULT, eeh_dma(t.phb, rid_of(t.nic), 0x9000, &a, 8, true, &r));
	EXPECT_TRUE(eeh_pe_is_frozen(t.phb, t.pe_nic, EEH_FREEZE_DMA));
	EXPECT_FALSE(eeh_pe_is_frozen(t.phb, t.pe_disk, EEH_FREEZE_DMA));
	b = 0x3333;
	EXPECT_EQ(EEH_DMA_OK, eeh_dma(t.phb, rid_of(t.disk), 0x3000, &b, 8, true, &r));
	ASSERT_EQ(0, eeh_guest_mem_read(g2, 0x60000, &got, 8));
	EXPECT_EQ_U64(0x3333, got);
	ASSERT_EQ(0, eeh_guest_mem_read(g1, 0x60000, &got, 8));
	EXPECT_EQ_U64(0x1111, got);
	EXPECT_EQ(H_SUCCESS, eeh_hcall(g2, H_GET_TCE,
				       (unsigned long[]){ EEH_LIOBN(0, t.pe_disk, 0), 0x3000 },
				       2, &v));
	EXPECT_EQ_U64(0x60000 | 3, v);
	EXPECT_EQ(0, eeh_invariants_check(t.m, NULL, 0));
	topo_free(&t);
}

/* ---- memory figures ---- */
TEST(memory_1tib_window_64k_pages)
{
	static u64 be[EEH_TCE_INDIRECT_MAX];
	struct eeh_model_config cfg = { .mem_cap = 512 * MB };
	struct eeh_msg msg = { "" };
	struct eeh_tce_window *w;
	struct eeh_guest *g;
	struct topo t;
	unsigned long l64 = 0, a[4];
	u64 i, j, n, mapped, total, list = 0;

	topo_build(&t, EEH_PHB4);
	t.m->mem_cap = cfg.mem_cap;
	g = eeh_guest_create(t.m, NULL, &msg);
	ASSERT_NOT_NULL(g);
	ASSERT_EQ(0, eeh_guest_slot_add(g, 0, 1ULL << 40, 24, EEH_SLOT_PREREG, &msg));
	ASSERT_EQ(0, eeh_guest_assign(g, t.phb, t.pe_nic, &msg));
	ASSERT_EQ(0, eeh_guest_window_create(g, t.phb, t.pe_nic, 16, 1ULL << 40, 2, &l64, &msg));
	w = eeh_guest_window(g, l64);
	ASSERT_NOT_NULL(w);
	printf("# empty 1 TiB window, 64K pages, 2 levels: table %llu + cache %llu bytes\n",
	       (unsigned long long)w->hw_bytes, (unsigned long long)w->sw_bytes);
	EXPECT_LT(w->hw_bytes + w->sw_bytes, 1 * MB);
	/* map the whole window: 2^24 entries, 512 a call */
	n = w->entries;
	a[0] = l64;
	a[2] = list;
	a[3] = EEH_TCE_INDIRECT_MAX;
	for (i = 0; i < n; i += EEH_TCE_INDIRECT_MAX) {
		for (j = 0; j < EEH_TCE_INDIRECT_MAX; j++)
			be[j] = eeh_cpu_to_be64(((i + j) << 16) | 3);
		ASSERT_EQ(0, eeh_guest_mem_write(g, list, be, sizeof(be)));
		a[1] = (1ULL << 59) + (i << 16);
		ASSERT_EQ(H_SUCCESS, eeh_hcall(g, H_PUT_TCE_INDIRECT, a, 4, NULL));
	}
	mapped = eeh_tce_window_mapped(w);
	EXPECT_EQ_U64(n, mapped);
	total = w->hw_bytes + w->sw_bytes;
	printf("# populated: %llu entries, table %llu + cache %llu bytes, overhead %llu ppm over 8 bytes/entry\n",
	       (unsigned long long)mapped, (unsigned long long)w->hw_bytes,
	       (unsigned long long)w->sw_bytes,
	       (unsigned long long)((total - 8 * mapped) * 1000000 / (8 * mapped)));
	EXPECT_LT((total - 8 * mapped) * 100, 8 * mapped);	/* under 1% */
	EXPECT_EQ(4096, g->st.level_allocs);
	EXPECT_EQ(n / EEH_TCE_INDIRECT_MAX - 4096,
		  g->st.hc[EEH_HC_PUT_TCE_INDIRECT].finished[EEH_TIER_REAL]);
	EXPECT_EQ(0, eeh_invariants_check(t.m, NULL, 0));
	ASSERT_EQ(0, eeh_guest_window_remove(g, l64, &msg));
	topo_free(&t);
}
