// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: the TCE hypercalls, one test per row of the validation
 * table (accepted and refused side), the three tiers and their counters,
 * indirect lists, H_STUFF_TCE and the guest/I-O page sizes per PHB.
 */
#include "harness.h"
#include "fixture.h"
#include "eehlab/guest.h"

#define GB	(1ULL << 30)
#define MB	(1ULL << 20)

/* guest memory: slot 0 pre-registered, 1 not pinned, 2 not in the linear map */
#define PREREG_GPA	0x0ULL
#define UNPINNED_GPA	(1 * GB)
#define NOLINEAR_GPA	(2 * GB)
#define LIST_GPA	(128 * MB)

struct hc {
	struct topo t;
	struct eeh_guest *g;
	unsigned long liobn;
};

static void hc_setup(struct hc *h, enum eeh_phb_model model)
{
	struct eeh_msg msg = { "" };

	topo_build(&h->t, model);
	h->g = eeh_guest_create(h->t.m, "vm", &msg);
	ASSERT_NOT_NULL(h->g);
	ASSERT_EQ(0, eeh_guest_slot_add(h->g, PREREG_GPA, 256 * MB, 16, EEH_SLOT_PREREG, &msg));
	ASSERT_EQ(1, eeh_guest_slot_add(h->g, UNPINNED_GPA, 16 * MB, 12, 0, &msg));
	ASSERT_EQ(2, eeh_guest_slot_add(h->g, NOLINEAR_GPA, 16 * MB, 12,
					EEH_SLOT_PREREG | EEH_SLOT_NOT_LINEAR, &msg));
	ASSERT_EQ(0, eeh_guest_assign(h->g, h->t.phb, h->t.pe_nic, &msg));
	h->liobn = EEH_LIOBN(0, h->t.pe_nic, 0);
}

static long put(struct hc *h, unsigned long liobn, u64 ioba, u64 tce)
{
	unsigned long a[3] = { liobn, ioba, tce };

	return eeh_hcall(h->g, H_PUT_TCE, a, 3, NULL);
}

static long get(struct hc *h, unsigned long liobn, u64 ioba, unsigned long *v)
{
	unsigned long a[2] = { liobn, ioba };

	return eeh_hcall(h->g, H_GET_TCE, a, 2, v);
}

static long indirect(struct hc *h, u64 ioba, u64 list, u64 n)
{
	unsigned long a[4] = { h->liobn, ioba, list, n };

	return eeh_hcall(h->g, H_PUT_TCE_INDIRECT, a, 4, NULL);
}

static long stuff(struct hc *h, u64 ioba, u64 val, u64 n)
{
	unsigned long a[4] = { h->liobn, ioba, val, n };

	return eeh_hcall(h->g, H_STUFF_TCE, a, 4, NULL);
}

static u64 fin(struct hc *h, enum eeh_hc hc, enum eeh_tier t)
{
	return h->g->st.hc[hc].finished[t];
}

/* Write @n TCEs (gpa_base + i * 4K | RW) as a big-endian list at LIST_GPA. */
static void list_fill(struct hc *h, u64 gpa_base, u64 step, int n)
{
	static u64 be[EEH_TCE_INDIRECT_MAX + 8];
	int i;

	for (i = 0; i < n; i++)
		be[i] = eeh_cpu_to_be64((gpa_base + i * step) | EEH_TCE_READ | EEH_TCE_WRITE);
	ASSERT_EQ(0, eeh_guest_mem_write(h->g, LIST_GPA, be, n * 8ULL));
}

/* ---- row: LIOBN unknown to the tier ---- */
TEST(row_liobn_known_finishes_in_realmode)
{
	struct hc h;

	hc_setup(&h, EEH_PHB4);
	EXPECT_EQ(H_SUCCESS, put(&h, h.liobn, 0, 0x10000 | 3));	/* allocates the level */
	EXPECT_EQ(H_SUCCESS, put(&h, h.liobn, 0x1000, 0x20000 | 3));
	EXPECT_EQ(1, fin(&h, EEH_HC_PUT_TCE, EEH_TIER_REAL));
	EXPECT_EQ(1, fin(&h, EEH_HC_PUT_TCE, EEH_TIER_VIRT));
	EXPECT_EQ(EEH_TIER_REAL, h.g->last_tier);
	topo_free(&h.t);
}

TEST(row_liobn_unknown_everywhere_is_parameter_in_userspace)
{
	struct hc h;

	hc_setup(&h, EEH_PHB4);
	EXPECT_EQ(H_PARAMETER, put(&h, 0x12345, 0, 0x10000 | 3));
	EXPECT_EQ(1, h.g->st.hc[EEH_HC_PUT_TCE].handed_on[EEH_TIER_REAL]);
	EXPECT_EQ(1, h.g->st.hc[EEH_HC_PUT_TCE].handed_on[EEH_TIER_VIRT]);
	EXPECT_EQ(1, fin(&h, EEH_HC_PUT_TCE, EEH_TIER_USER));
	EXPECT_EQ(1, h.g->st.hc[EEH_HC_PUT_TCE].parameter);
	EXPECT_EQ(1, h.g->st.exits);
	/* a raw real-mode tier hands over, never refuses */
	{
		unsigned long a[3] = { 0x12345, 0, 0 };

		EXPECT_EQ(H_TOO_HARD, eeh_hcall_tier(h.g, EEH_TIER_REAL, H_PUT_TCE, a, 3, NULL));
		EXPECT_EQ(H_TOO_HARD, eeh_hcall_tier(h.g, EEH_TIER_VIRT, H_PUT_TCE, a, 3, NULL));
	}
	topo_free(&h.t);
}

TEST(row_liobn_registered_for_virtual_or_vmm_only)
{
	struct hc h;
	struct eeh_msg msg = { "" };

	hc_setup(&h, EEH_PHB4);
	EXPECT_EQ(H_SUCCESS, put(&h, h.liobn, 0, 0x10000 | 3));
	ASSERT_EQ(0, eeh_guest_liobn_set_tier(h.g, h.liobn, EEH_TIER_VIRT, &msg));
	EXPECT_EQ(H_SUCCESS, put(&h, h.liobn, 0x1000, 0x10000 | 3));
	EXPECT_EQ(EEH_TIER_VIRT, h.g->last_tier);
	ASSERT_EQ(0, eeh_guest_liobn_set_tier(h.g, h.liobn, EEH_TIER_USER, &msg));
	EXPECT_EQ(H_SUCCESS, put(&h, h.liobn, 0x2000, 0x10000 | 3));
	EXPECT_EQ(EEH_TIER_USER, h.g->last_tier);
	EXPECT_EQ(0, fin(&h, EEH_HC_PUT_TCE, EEH_TIER_REAL));
	EXPECT_EQ(2, fin(&h, EEH_HC_PUT_TCE, EEH_TIER_VIRT));
	EXPECT_EQ(1, fin(&h, EEH_HC_PUT_TCE, EEH_TIER_USER));
	EXPECT_EQ(-ENOENT, eeh_guest_liobn_set_tier(h.g, 0x1, EEH_TIER_REAL, &msg));
	topo_free(&h.t);
}

/* ---- row: ioba unaligned or outside the window ---- */
TEST(row_ioba_alignment_and_window)
{
	struct hc h;

	hc_setup(&h, EEH_PHB4);
	EXPECT_EQ(H_PARAMETER, put(&h, h.liobn, 0x800, 0x10000 | 3));
	EXPECT_EQ(1, fin(&h, EEH_HC_PUT_TCE, EEH_TIER_REAL));	/* refused at once */
	EXPECT_EQ(H_PARAMETER, put(&h, h.liobn, EEH_WIN32_SIZE, 0x10000 | 3));
	EXPECT_EQ(H_PARAMETER, put(&h, h.liobn, ~0xfffUL, 0x10000 | 3));
	EXPECT_EQ(H_SUCCESS, put(&h, h.liobn, EEH_WIN32_SIZE - 0x1000, 0x10000 | 3));
	EXPECT_EQ(H_SUCCESS, put(&h, h.liobn, 0, 0x10000 | 3));
	EXPECT_EQ(3, h.g->st.hc[EEH_HC_PUT_TCE].parameter);
	topo_free(&h.t);
}

TEST(row_ioba_64bit_window_offset)
{
	struct hc h;
	struct eeh_msg msg = { "" };
	unsigned long l64 = 0;
	unsigned long v = 0;

	hc_setup(&h, EEH_PHB4);
	ASSERT_EQ(0, eeh_guest_window_create(h.g, h.t.phb, h.t.pe_nic, 16, 1ULL << 36, 2,
					     &l64, &msg));
	EXPECT_EQ_U64(EEH_LIOBN(0, h.t.pe_nic, 1), l64);
	EXPECT_EQ(H_PARAMETER, put(&h, l64, 0x10000, 0x10000 | 3));	/* below 1<<59 */
	EXPECT_EQ(H_PARAMETER, put(&h, l64, (1ULL << 59) + 0x1000, 0x10000 | 3));
	EXPECT_EQ(H_PARAMETER, put(&h, l64, (1ULL << 59) + (1ULL << 36), 0x10000 | 3));
	EXPECT_EQ(H_SUCCESS, put(&h, l64, (1ULL << 59) + 0x30000, 0x10000 | 1));
	EXPECT_EQ(H_SUCCESS, get(&h, l64, (1ULL << 59) + 0x30000, &v));
	EXPECT_EQ_U64(0x10000 | 1, v);
	topo_free(&h.t);
}

/* ---- row: R=W=0 clears the entry ---- */
TEST(row_tce_clear_allowed)
{
	struct hc h;
	unsigned long v = 1;

	hc_setup(&h, EEH_PHB4);
	EXPECT_EQ(H_SUCCESS, put(&h, h.liobn, 0x5000, 0x30000 | 2));
	EXPECT_EQ(H_SUCCESS, get(&h, h.liobn, 0x5000, &v));
	EXPECT_EQ_U64(0x30000 | 2, v);
	EXPECT_EQ(H_SUCCESS, put(&h, h.liobn, 0x5000, 0));
	EXPECT_EQ(H_SUCCESS, get(&h, h.liobn, 0x5000, &v));
	EXPECT_EQ_U64(0, v);
	/* a clear needs no level, no slot, no alignment: real mode finishes it */
	EXPECT_EQ(H_SUCCESS, put(&h, h.liobn, EEH_WIN32_SIZE - 0x1000, 0xdead000));
	EXPECT_EQ(EEH_TIER_REAL, h.g->last_tier);
	EXPECT_EQ(H_SUCCESS, get(&h, h.liobn, EEH_WIN32_SIZE - 0x1000, &v));
	EXPECT_EQ_U64(0, v);	/* guest view: R=W=0 reads back as 0 */
	topo_free(&h.t);
}

/* ---- row: TCE address not aligned to the I/O page ---- */
TEST(row_tce_address_alignment)
{
	struct hc h;
	struct eeh_msg msg = { "" };
	unsigned long l64 = 0;

	hc_setup(&h, EEH_PHB4);
	EXPECT_EQ(H_PARAMETER, put(&h, h.liobn, 0, 0x10800 | 3));
	EXPECT_EQ(H_SUCCESS, put(&h, h.liobn, 0, 0x11000 | 3));
	ASSERT_EQ(0, eeh_guest_window_create(h.g, h.t.phb, h.t.pe_nic, 16, 1ULL << 32, 1,
					     &l64, &msg));
	EXPECT_EQ(H_PARAMETER, put(&h, l64, 1ULL << 59, 0x11000 | 3));	/* 4K in a 64K window */
	EXPECT_EQ(H_SUCCESS, put(&h, l64, 1ULL << 59, 0x20000 | 3));
	topo_free(&h.t);
}

/* ---- row: guest address in no memory slot ---- */
TEST(row_tce_address_in_no_slot)
{
	struct hc h;

	hc_setup(&h, EEH_PHB4);
	EXPECT_EQ(H_PARAMETER, put(&h, h.liobn, 0, (3 * GB) | 3));
	EXPECT_EQ(H_PARAMETER, put(&h, h.liobn, 0, (256 * MB) | 3));	/* just past slot 0 */
	EXPECT_EQ(H_SUCCESS, put(&h, h.liobn, 0, (256 * MB - 0x1000) | 3));
	topo_free(&h.t);
}

/* ---- row: not pre-registered / not pinned / not linear ---- */
TEST(row_unpinned_page_goes_to_virtual_and_is_pinned)
{
	struct hc h;
	u64 gpa = UNPINNED_GPA + 0x7000;

	hc_setup(&h, EEH_PHB4);
	EXPECT_EQ(H_SUCCESS, put(&h, h.liobn, 0, 0x10000 | 3));	/* level */
	EXPECT_FALSE(eeh_guest_page_pinned(h.g, gpa));
	EXPECT_EQ(H_SUCCESS, put(&h, h.liobn, 0x1000, gpa | 3));
	EXPECT_EQ(EEH_TIER_VIRT, h.g->last_tier);
	EXPECT_TRUE(eeh_guest_page_pinned(h.g, gpa));
	EXPECT_EQ(1, h.g->st.pins);
	/* pinned now, but never pre-registered: still not for real mode */
	EXPECT_EQ(H_SUCCESS, put(&h, h.liobn, 0x2000, gpa | 3));
	EXPECT_EQ(EEH_TIER_VIRT, h.g->last_tier);
	EXPECT_EQ(1, h.g->st.pins);
	/* pre-registered memory: real mode */
	EXPECT_EQ(H_SUCCESS, put(&h, h.liobn, 0x3000, 0x40000 | 3));
	EXPECT_EQ(EEH_TIER_REAL, h.g->last_tier);
	EXPECT_EQ(3, h.g->st.hc[EEH_HC_PUT_TCE].handed_on[EEH_TIER_REAL]);
	topo_free(&h.t);
}

TEST(row_not_linear_memory_goes_to_virtual)
{
	struct hc h;

	hc_setup(&h, EEH_PHB4);
	EXPECT_EQ(H_SUCCESS, put(&h, h.liobn, 0, 0x10000 | 3));
	EXPECT_EQ(H_SUCCESS, put(&h, h.liobn, 0x1000, (NOLINEAR_GPA + 0x3000) | 1));
	EXPECT_EQ(EEH_TIER_VIRT, h.g->last_tier);
	EXPECT_EQ(0, h.g->st.pins);	/* pre-registered: nothing to pin */
	topo_free(&h.t);
}

TEST(missing_level_allocated_by_virtual_then_realmode)
{
	struct hc h;
	struct eeh_tce_window *w;
	u64 hw0;

	hc_setup(&h, EEH_PHB4);
	w = eeh_guest_window(h.g, h.liobn);
	ASSERT_NOT_NULL(w);
	hw0 = w->hw_bytes;
	EXPECT_EQ(H_SUCCESS, put(&h, h.liobn, 64 * MB, 0x10000 | 3));
	EXPECT_EQ(EEH_TIER_VIRT, h.g->last_tier);
	EXPECT_EQ(1, h.g->st.level_allocs);
	EXPECT_EQ_U64(hw0 + (1ULL << w->tbl.level_shift), w->hw_bytes);
	EXPECT_EQ(H_SUCCESS, put(&h, h.liobn, 64 * MB + 0x1000, 0x10000 | 3));
	EXPECT_EQ(EEH_TIER_REAL, h.g->last_tier);
	EXPECT_EQ(1, h.g->st.level_allocs);
	topo_free(&h.t);
}

/* ---- row: H_PUT_TCE_INDIRECT ---- */
TEST(row_indirect_512_entries_realmode)
{
	struct hc h;
	unsigned long v = 0;
	u64 kills;

	hc_setup(&h, EEH_PHB4);
	EXPECT_EQ(H_SUCCESS, put(&h, h.liobn, 0, 0));
	list_fill(&h, 0x100000, 0x1000, 512);
	EXPECT_EQ(H_SUCCESS, indirect(&h, 0x10000, LIST_GPA, 512));	/* allocates */
	EXPECT_EQ(H_SUCCESS, indirect(&h, 0x10000, LIST_GPA, 512));
	EXPECT_EQ(EEH_TIER_REAL, h.g->last_tier);
	kills = h.t.phb->tce_kills;
	EXPECT_EQ(H_SUCCESS, indirect(&h, 0x10000, LIST_GPA, 512));
	EXPECT_EQ_U64(kills + 1, h.t.phb->tce_kills);	/* one kill for the range */
	EXPECT_EQ(H_SUCCESS, get(&h, h.liobn, 0x10000 + 511 * 0x1000, &v));
	EXPECT_EQ_U64((0x100000 + 511 * 0x1000) | 3, v);
	EXPECT_EQ(3 * 512, h.g->st.hc[EEH_HC_PUT_TCE_INDIRECT].entries);
	topo_free(&h.t);
}

TEST(row_indirect_513_and_misaligned_list)
{
	struct hc h;
	unsigned long v = 7;

	hc_setup(&h, EEH_PHB4);
	list_fill(&h, 0x100000, 0x1000, 512);
	EXPECT_EQ(H_PARAMETER, indirect(&h, 0, LIST_GPA, 513));
	EXPECT_EQ(H_PARAMETER, indirect(&h, 0, LIST_GPA + 8, 4));
	EXPECT_EQ(H_PARAMETER, indirect(&h, 0, LIST_GPA + 0x800, 4));
	EXPECT_EQ(H_PARAMETER, indirect(&h, 0, 3 * GB, 4));		/* list in no slot */
	EXPECT_EQ(H_PARAMETER, indirect(&h, EEH_WIN32_SIZE - 0x1000, LIST_GPA, 2));
	EXPECT_EQ(5, fin(&h, EEH_HC_PUT_TCE_INDIRECT, EEH_TIER_REAL));
	EXPECT_EQ(H_SUCCESS, get(&h, h.liobn, 0, &v));
	EXPECT_EQ_U64(0, v);
	EXPECT_EQ(H_SUCCESS, indirect(&h, EEH_WIN32_SIZE - 0x1000, LIST_GPA, 1));
	EXPECT_EQ(H_SUCCESS, indirect(&h, 0, LIST_GPA, 0));
	topo_free(&h.t);
}

TEST(row_indirect_failure_part_way_leaves_table_unchanged)
{
	static u64 be[512];
	struct hc h;
	unsigned long v;
	u64 kills;
	int i;

	hc_setup(&h, EEH_PHB4);
	/* existing contents: 512 entries mapping 0x200000.. */
	list_fill(&h, 0x200000, 0x1000, 512);
	ASSERT_EQ(H_SUCCESS, indirect(&h, 0, LIST_GPA, 512));
	for (i = 0; i < 512; i++)
		be[i] = eeh_cpu_to_be64((0x400000 + i * 0x1000ULL) | 3);
	be[300] = eeh_cpu_to_be64((5 * GB) | 3);	/* in no slot */
	ASSERT_EQ(0, eeh_guest_mem_write(h.g, LIST_GPA, be, sizeof(be)));
	kills = h.t.phb->tce_kills;
	EXPECT_EQ(H_PARAMETER, indirect(&h, 0, LIST_GPA, 512));
	EXPECT_EQ_U64(kills, h.t.phb->tce_kills);
	for (i = 0; i < 512; i++) {
		ASSERT_EQ(H_SUCCESS, get(&h, h.liobn, i * 0x1000ULL, &v));
		ASSERT_EQ_U64((0x200000 + i * 0x1000ULL) | 3, v);
	}
	/* an unaligned entry at the end: same */
	be[300] = eeh_cpu_to_be64(0x500000 | 3);
	be[511] = eeh_cpu_to_be64(0x500800 | 3);
	ASSERT_EQ(0, eeh_guest_mem_write(h.g, LIST_GPA, be, sizeof(be)));
	EXPECT_EQ(H_PARAMETER, indirect(&h, 0, LIST_GPA, 512));
	ASSERT_EQ(H_SUCCESS, get(&h, h.liobn, 0, &v));
	EXPECT_EQ_U64(0x200000 | 3, v);
	topo_free(&h.t);
}

TEST(indirect_unpinned_entry_hands_whole_list_to_virtual)
{
	static u64 be[16];
	struct hc h;
	unsigned long v;
	int i;

	hc_setup(&h, EEH_PHB4);
	EXPECT_EQ(H_SUCCESS, put(&h, h.liobn, 0, 0x10000 | 3));
	for (i = 0; i < 16; i++)
		be[i] = eeh_cpu_to_be64((0x600000 + i * 0x1000ULL) | 3);
	be[9] = eeh_cpu_to_be64((UNPINNED_GPA + 0x9000) | 3);
	ASSERT_EQ(0, eeh_guest_mem_write(h.g, LIST_GPA, be, sizeof(be)));
	EXPECT_EQ(H_SUCCESS, indirect(&h, 0, LIST_GPA, 16));
	EXPECT_EQ(EEH_TIER_VIRT, h.g->last_tier);
	EXPECT_EQ(1, h.g->st.hc[EEH_HC_PUT_TCE_INDIRECT].handed_on[EEH_TIER_REAL]);
	ASSERT_EQ(H_SUCCESS, get(&h, h.liobn, 9 * 0x1000, &v));
	EXPECT_EQ_U64((UNPINNED_GPA + 0x9000) | 3, v);
	ASSERT_EQ(H_SUCCESS, get(&h, h.liobn, 15 * 0x1000, &v));
	EXPECT_EQ_U64((0x600000 + 15 * 0x1000) | 3, v);
	/* a list in unregistered memory: real mode cannot read it */
	ASSERT_EQ(0, eeh_guest_mem_write(h.g, UNPINNED_GPA, be, 8));
	EXPECT_EQ(H_SUCCESS, indirect(&h, 0, UNPINNED_GPA, 1));
	EXPECT_EQ(EEH_TIER_VIRT, h.g->last_tier);
	topo_free(&h.t);
}

/* ---- row: H_STUFF_TCE ---- */
TEST(row_stuff_clears_and_refuses_permissions)
{
	struct hc h;
	unsigned long v;

	hc_setup(&h, EEH_PHB4);
	list_fill(&h, 0x200000, 0x1000, 512);
	ASSERT_EQ(H_SUCCESS, indirect(&h, 0, LIST_GPA, 512));
	EXPECT_EQ(H_PARAMETER, stuff(&h, 0, EEH_TCE_READ, 10));
	EXPECT_EQ(H_PARAMETER, stuff(&h, 0, EEH_TCE_WRITE | 0x1000, 10));
	EXPECT_EQ(H_PARAMETER, stuff(&h, 0x800, 0, 10));
	EXPECT_EQ(H_PARAMETER, stuff(&h, EEH_WIN32_SIZE - 0x2000, 0, 3));
	/* an empty range: its first page must still be in the window (PAPR) */
	EXPECT_EQ(H_PARAMETER, stuff(&h, EEH_WIN32_SIZE, 0, 0));
	EXPECT_EQ(H_SUCCESS, stuff(&h, EEH_WIN32_SIZE - 0x1000, 0, 0));
	ASSERT_EQ(H_SUCCESS, get(&h, h.liobn, 0, &v));
	EXPECT_EQ_U64(0x200000 | 3, v);
	EXPECT_EQ(H_SUCCESS, stuff(&h, 0x1000, 0, 510));
	EXPECT_EQ(EEH_TIER_REAL, h.g->last_tier);
	ASSERT_EQ(H_SUCCESS, get(&h, h.liobn, 0, &v));
	EXPECT_EQ_U64(0x200000 | 3, v);
	ASSERT_EQ(H_SUCCESS, get(&h, h.liobn, 0x1000, &v));
	EXPECT_EQ_U64(0, v);
	ASSERT_EQ(H_SUCCESS, get(&h, h.liobn, 510 * 0x1000, &v));
	EXPECT_EQ_U64(0, v);
	ASSERT_EQ(H_SUCCESS, get(&h, h.liobn, 511 * 0x1000, &v));
	EXPECT_EQ_U64((0x200000 + 511 * 0x1000) | 3, v);
	/* the whole window, levels missing or not: real mode */
	EXPECT_EQ(H_SUCCESS, stuff(&h, 0, 0, EEH_WIN32_SIZE >> 12));
	EXPECT_EQ(EEH_TIER_REAL, h.g->last_tier);
	EXPECT_EQ(0, eeh_tce_window_mapped(eeh_guest_window(h.g, h.liobn)));
	topo_free(&h.t);
}

/* ---- H_GET_TCE: the guest view ---- */
TEST(get_tce_returns_guest_view_not_host_address)
{
	struct hc h;
	struct eeh_tce_window *w;
	unsigned long v;
	u64 hw = 0, hpa = 0;

	hc_setup(&h, EEH_PHB4);
	EXPECT_EQ(H_SUCCESS, put(&h, h.liobn, 0x3000, 0x123000 | 1));
	EXPECT_EQ(H_SUCCESS, get(&h, h.liobn, 0x3000, &v));
	EXPECT_EQ_U64(0x123000 | 1, v);
	w = eeh_guest_window(h.g, h.liobn);
	ASSERT_EQ(0, eeh_tce_get(h.t.m, &w->tbl, 3, &hw));
	ASSERT_EQ(0, eeh_guest_gpa_to_hpa(h.g, 0x123000, &hpa));
	EXPECT_EQ_U64(hpa | 1, hw);
	EXPECT_NE(hpa, 0x123000);
	EXPECT_EQ(H_PARAMETER, get(&h, h.liobn, 0x3800, &v));
	EXPECT_EQ(H_PARAMETER, eeh_hcall(h.g, H_GET_TCE, (unsigned long[]){ h.liobn, 0 }, 2,
					 NULL));
	topo_free(&h.t);
}

TEST(io_page_larger_than_guest_page_refused)
{
	struct hc h;
	struct eeh_msg msg = { "" };
	unsigned long l64 = 0;

	hc_setup(&h, EEH_PHB4);
	ASSERT_EQ(0, eeh_guest_window_create(h.g, h.t.phb, h.t.pe_nic, 16, 1ULL << 34, 2,
					     &l64, &msg));
	/* 64K I/O pages over a 4K-page slot */
	EXPECT_EQ(H_PARAMETER, put(&h, l64, 1ULL << 59, UNPINNED_GPA | 3));
	/* over the 64K-page slot */
	EXPECT_EQ(H_SUCCESS, put(&h, l64, 1ULL << 59, 0x50000 | 3));
	topo_free(&h.t);
}

TEST(unknown_opcode_and_short_args)
{
	struct hc h;
	unsigned long a[4] = { 0 };

	hc_setup(&h, EEH_PHB4);
	a[0] = h.liobn;
	EXPECT_EQ(H_FUNCTION, eeh_hcall(h.g, 0x4242, a, 4, NULL));
	EXPECT_EQ(1, fin(&h, EEH_HC_OTHER, EEH_TIER_USER));
	EXPECT_EQ(H_PARAMETER, eeh_hcall(h.g, H_PUT_TCE, a, 2, NULL));
	EXPECT_EQ(H_PARAMETER, eeh_hcall(h.g, H_PUT_TCE_INDIRECT, a, 3, NULL));
	EXPECT_EQ(H_PARAMETER, eeh_hcall(h.g, H_STUFF_TCE, a, 3, NULL));
	EXPECT_EQ(H_PARAMETER, eeh_hcall(h.g, H_GET_TCE, a, 1, a));
	EXPECT_STREQ("put_tce_indirect", eeh_hc_name(EEH_HC_PUT_TCE_INDIRECT));
	EXPECT_STREQ("realmode", eeh_tier_name(EEH_TIER_REAL));
	EXPECT_STREQ("userspace", eeh_tier_name(EEH_TIER_USER));
	topo_free(&h.t);
}

static int exit_calls;

static long vmm_exit(void *ctx, struct eeh_guest *g, unsigned long opcode,
		     const unsigned long *args, int nargs, unsigned long *rets)
{
	(void)ctx;
	exit_calls++;
	return eeh_hcall_tier(g, EEH_TIER_USER, opcode, args, nargs, rets);
}

TEST(exit_hook_runs_the_userspace_tier)
{
	struct hc h;

	hc_setup(&h, EEH_PHB4);
	eeh_guest_set_exit(h.g, vmm_exit, NULL);
	ASSERT_EQ(0, eeh_guest_liobn_set_tier(h.g, h.liobn, EEH_TIER_USER, NULL));
	EXPECT_EQ(H_SUCCESS, put(&h, h.liobn, 0, 0x10000 | 3));
	EXPECT_EQ(1, exit_calls);
	EXPECT_EQ(EEH_TIER_USER, h.g->last_tier);
	EXPECT_EQ(H_PARAMETER, put(&h, 0x999, 0, 0x10000 | 3));
	EXPECT_EQ(2, exit_calls);
	topo_free(&h.t);
}

/* ---- guest and I/O page sizes per PHB ---- */
static void big_pages(enum eeh_phb_model model, u32 guest_shift, u32 io_shift,
		      int expect_create, long expect_put)
{
	struct eeh_msg msg = { "" };
	struct topo t;
	struct eeh_guest *g;
	unsigned long l64 = 0, a[3], v = 0;
	u64 gpa = 4 * GB, hpa = 0, pat = 0x5a5a5a5a12345678ULL, got = 0;
	int rc;

	topo_build(&t, model);
	g = eeh_guest_create(t.m, NULL, &msg);
	ASSERT_NOT_NULL(g);
	ASSERT_EQ(0, eeh_guest_slot_add(g, gpa, 4ULL << guest_shift, guest_shift,
					EEH_SLOT_PREREG, &msg));
	ASSERT_EQ(0, eeh_guest_gpa_to_hpa(g, gpa, &hpa));
	EXPECT_EQ_U64(0, hpa & ((1ULL << guest_shift) - 1));	/* host page aligned */
	ASSERT_EQ(0, eeh_guest_assign(g, t.phb, t.pe_nic, &msg));
	rc = eeh_guest_window_create(g, t.phb, t.pe_nic, io_shift, 1ULL << 40, 1, &l64, &msg);
	EXPECT_EQ(expect_create, rc);
	if (rc) {
		EXPECT_HAS(msg.text, "does not support");
		topo_free(&t);
		return;
	}
	a[0] = l64;
	a[1] = (1ULL << 59) + (1ULL << io_shift);
	a[2] = (gpa + (1ULL << guest_shift)) | 3;
	EXPECT_EQ(expect_put, eeh_hcall(g, H_PUT_TCE, a, 3, NULL));
	if (expect_put == H_SUCCESS) {
		struct eeh_access_result r;
		u16 rid = (t.nic->bus << 8) | t.nic->devfn;

		EXPECT_EQ(EEH_TIER_REAL, g->last_tier);
		EXPECT_EQ(H_SUCCESS, eeh_hcall(g, H_GET_TCE, a, 2, &v));
		EXPECT_EQ_U64(a[2], v);
		/* DMA at the end of the I/O page lands at the same offset of the guest page */
		EXPECT_EQ(EEH_DMA_OK, eeh_dma(t.phb, rid, a[1] + (1ULL << io_shift) - 8, &pat, 8,
					      true, &r));
		ASSERT_EQ(0, eeh_guest_mem_read(g, gpa + (1ULL << guest_shift) +
						(1ULL << io_shift) - 8, &got, 8));
		EXPECT_EQ_U64(pat, got);
		EXPECT_EQ(0, eeh_invariants_check(t.m, NULL, 0));
	}
	topo_free(&t);
}

TEST(pages_16m_guest_phb3)
{
	big_pages(EEH_PHB3, 24, 24, 0, H_SUCCESS);
}

TEST(pages_1g_guest_phb3)
{
	big_pages(EEH_PHB3, 30, 28, 0, H_SUCCESS);
}

TEST(pages_16m_guest_phb4)
{
	big_pages(EEH_PHB4, 24, 21, 0, H_SUCCESS);
}

TEST(pages_1g_guest_phb4)
{
	big_pages(EEH_PHB4, 30, 30, 0, H_SUCCESS);
}

TEST(pages_io_larger_than_guest_page_phb4)
{
	big_pages(EEH_PHB4, 24, 30, 0, H_PARAMETER);
}

TEST(pages_io_size_not_on_phb)
{
	big_pages(EEH_PHB4, 24, 24, -EINVAL, 0);	/* 16M: PHB3 only */
	big_pages(EEH_PHB3, 30, 30, -EINVAL, 0);	/* 1G: PHB4 only */
}
