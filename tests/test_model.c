// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the PHB/PE model (model/).
 */
#include "harness.h"
#include "eehlab/model.h"
#include "fixture.h"

#ifndef EXPECT_LE
#define EXPECT_LE(a, b)		TH_CMP_INT(0, a, <=, b)
#endif
#ifndef EXPECT_GT
#define EXPECT_GT(a, b)		TH_CMP_INT(0, a, >, b)
#endif

/* ---- fixtures ---- */

static bool quiet;	/* expected refusals: no diagnostics */

static struct eeh_model *new_model(void)
{
	struct eeh_model *m = eeh_model_create(NULL);

	if (!m) {
		printf("# eeh_model_create failed\n");
		_exit(1);
	}
	return m;
}

static int add(struct eeh_phb *phb, const char *name, enum eeh_node_type type,
	       int parent, enum eeh_dev_kind kind, int fns, u64 b32, u64 b64)
{
	struct eeh_node_desc d = {
		.name = name, .type = type, .parent = parent, .kind = kind,
		.functions = fns, .bar32_size = b32, .bar64_size = b64,
	};
	struct eeh_msg msg = { "" };
	int rc = eeh_node_add(phb, &d, &msg);

	if (rc < 0 && !quiet)
		printf("# add %s: %d %s\n", name, rc, msg.text);
	return rc;
}

#define RP(phb, n)		add(phb, n, EEH_NODE_ROOT_PORT, -1, EEH_DEV_KIND_BRIDGE, 1, 0, 0)
#define UP(phb, n, p)		add(phb, n, EEH_NODE_SWITCH_UP, p, EEH_DEV_KIND_BRIDGE, 1, 0, 0)
#define DOWN(phb, n, p)		add(phb, n, EEH_NODE_SWITCH_DOWN, p, EEH_DEV_KIND_BRIDGE, 1, 0, 0)
#define EDU(phb, n, p)		add(phb, n, EEH_NODE_ENDPOINT, p, EEH_DEV_KIND_EDU, 1, 0, 0)
#define PLAIN(phb, n, p, f, b32, b64) \
	add(phb, n, EEH_NODE_ENDPOINT, p, EEH_DEV_KIND_PLAIN, f, b32, b64)

/* PHB4 (512 PEs): root port "rp", edu "nic" below it. */
static struct eeh_phb *simple(struct eeh_model *m, enum eeh_phb_model model, int num_pes)
{
	struct eeh_phb *phb;
	struct eeh_msg msg = { "" };
	int rp;

	if (eeh_phb_add(m, 0, model, num_pes, &msg)) {
		printf("# phb_add: %s\n", msg.text);
		_exit(1);
	}
	phb = eeh_phb_get(m, 0);
	rp = RP(phb, "rp");
	if (rp < 0 || EDU(phb, "nic", rp) < 0 || eeh_phb_enumerate(phb, &msg)) {
		printf("# simple topology: %s\n", msg.text);
		_exit(1);
	}
	return phb;
}

/*
 * Two-level switch tree on PHB4:
 *   rp0 - sw - sw.0 - a (edu)
 *            - sw.1 - sw2 - sw2.0 - b (edu)
 *                         - sw2.1 - c (plain, 2 functions, 32-bit BAR)
 *   rp1 - d (plain, 32-bit and 64-bit BARs)
 */
static struct eeh_phb *tree(struct eeh_model *m)
{
	struct eeh_phb *phb;
	struct eeh_msg msg = { "" };
	int rp0, sw, d0, d1, sw2, e0, e1, rp1;

	if (eeh_phb_add(m, 0, EEH_PHB4, 0, &msg))
		_exit(1);
	phb = eeh_phb_get(m, 0);
	rp0 = RP(phb, "rp0");
	sw = UP(phb, "sw", rp0);
	d0 = DOWN(phb, "sw.0", sw);
	d1 = DOWN(phb, "sw.1", sw);
	EDU(phb, "a", d0);
	sw2 = UP(phb, "sw2", d1);
	e0 = DOWN(phb, "sw2.0", sw2);
	e1 = DOWN(phb, "sw2.1", sw2);
	EDU(phb, "b", e0);
	PLAIN(phb, "c", e1, 2, 64 << 10, 0);
	rp1 = RP(phb, "rp1");
	PLAIN(phb, "d", rp1, 1, 16 << 10, 1 << 20);
	if (eeh_phb_enumerate(phb, &msg)) {
		printf("# tree: %s\n", msg.text);
		_exit(1);
	}
	return phb;
}

static struct eeh_func *F(struct eeh_model *m, const char *name)
{
	struct eeh_func *f = eeh_func_by_name(m, name);

	if (!f) {
		printf("# no function %s\n", name);
		_exit(1);
	}
	return f;
}

/* A 32-bit window (2 GiB of 4K pages, 1 level) for @pe, and a 64-bit one
 * (4 GiB of 64K pages, 2 levels). */
static void windows(struct eeh_phb *phb, int pe, struct eeh_tce_table *t32,
		    struct eeh_tce_table *t64)
{
	struct eeh_msg msg = { "" };

	if (eeh_tce_table_create(phb->m, 12, 2ULL << 30, 1, 0, t32, &msg) ||
	    eeh_tve_set(phb, pe, 0, t32, &msg) ||
	    eeh_tce_table_create(phb->m, 16, 4ULL << 30, 2, EEH_TVE_64BIT_BASE, t64, &msg) ||
	    eeh_tve_set(phb, pe, 1, t64, &msg)) {
		printf("# windows: %s\n", msg.text);
		_exit(1);
	}
}

static u64 host_buf(struct eeh_model *m, u64 size)
{
	u64 pa = 0;

	/* aligned to its (power of two) size, so it can back a large I/O page */
	if (eeh_mem_alloc(m, size, (size & (size - 1)) ? 0 : size, &pa, NULL))
		_exit(1);
	return pa;
}

static u16 rid(struct eeh_func *f)
{
	return (f->bus << 8) | f->devfn;
}

/* ---- PE numbering ---- */

TEST(phb4_pe_numbering_top_down)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = simple(m, EEH_PHB4, 0);

	EXPECT_EQ(phb->num_pes, 512);
	EXPECT_EQ(phb->reserved_pe, 0x1ff);
	EXPECT_EQ(phb->root_pe, 0x1fe);
	EXPECT_EQ(F(m, "rp")->pe, 0x1fe);
	EXPECT_EQ(F(m, "nic")->pe, 0x1fd);
	ASSERT_NOT_NULL(eeh_model_pe_get(phb, 0x1fd));
	EXPECT_EQ(eeh_model_pe_get(phb, 0x1fd)->type, EEH_PE_TYPE_BUS);
	EXPECT_EQ(eeh_model_pe_get(phb, 0x1fd)->parent, 0x1fe);
	EXPECT_EQ(eeh_model_pe_get(phb, 0x1fd)->bus, 1);
	EXPECT_EQ(eeh_model_pe_get(phb, 0x1fd)->bridge, F(m, "rp")->id);
	EXPECT_EQ(eeh_model_pe_get(phb, 0x1fe)->type, EEH_PE_TYPE_ROOT);
	EXPECT_EQ(eeh_model_pe_get(phb, 0x1fe)->parent, -1);
	EXPECT_TRUE(eeh_model_pe_get(phb, 0x1ff) == NULL);
	EXPECT_TRUE(eeh_model_pe_get(phb, 0x1fc) == NULL);
	eeh_model_destroy(m);
}

TEST(phb3_and_small_phb4_pe_numbering)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = simple(m, EEH_PHB3, 0);

	EXPECT_EQ(phb->num_pes, 256);
	EXPECT_EQ(phb->reserved_pe, 0xff);
	EXPECT_EQ(phb->root_pe, 0xfe);
	EXPECT_EQ(F(m, "nic")->pe, 0xfd);
	EXPECT_EQ_U64(phb->m32_segsize, (2ULL << 30) / 256);
	eeh_model_destroy(m);

	m = new_model();
	phb = simple(m, EEH_PHB4, 256);
	EXPECT_EQ(phb->reserved_pe, 0xff);
	EXPECT_EQ(F(m, "nic")->pe, 0xfd);
	EXPECT_EQ_U64(phb->m64_segsize, (64ULL << 30) / 256);
	eeh_model_destroy(m);
}

TEST(phb_add_refusals)
{
	struct eeh_model *m = new_model();
	struct eeh_msg msg = { "" };

	EXPECT_EQ(eeh_phb_add(m, 8, EEH_PHB4, 0, &msg), -ERANGE);
	EXPECT_HAS(msg.text, "out of range");
	EXPECT_EQ(eeh_phb_add(m, 0, EEH_PHB3, 512, &msg), -EINVAL);
	EXPECT_HAS(msg.text, "PHB3 has 256 PEs");
	EXPECT_EQ(eeh_phb_add(m, 0, EEH_PHB4, 128, &msg), -EINVAL);
	EXPECT_EQ(eeh_phb_add(m, 0, (enum eeh_phb_model)5, 0, &msg), -EINVAL);
	EXPECT_HAS(msg.text, "unknown PHB model");
	EXPECT_TRUE(eeh_phb_get(m, 0) == NULL);
	EXPECT_EQ(eeh_phb_add(m, 0, EEH_PHB4, 0, &msg), 0);
	EXPECT_EQ(eeh_phb_add(m, 0, EEH_PHB4, 0, &msg), -EEXIST);
	EXPECT_HAS(msg.text, "already exists");
	eeh_model_destroy(m);
}

/* ---- topology ---- */

TEST(switch_tree_bus_numbering_depth_first)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = tree(m);
	static const struct { const char *n; int bus, devfn, sec, sub; } want[] = {
		{ "rp0", 0, 0x00, 1, 7 }, { "sw", 1, 0, 2, 7 },
		{ "sw.0", 2, 0x00, 3, 3 }, { "sw.1", 2, 0x08, 4, 7 },
		{ "sw2", 4, 0, 5, 7 }, { "sw2.0", 5, 0x00, 6, 6 },
		{ "sw2.1", 5, 0x08, 7, 7 }, { "rp1", 0, 0x08, 8, 8 },
		{ "a", 3, 0, 0, 0 }, { "b", 6, 0, 0, 0 }, { "c", 7, 0, 0, 0 },
		{ "c.1", 7, 1, 0, 0 }, { "d", 8, 0, 0, 0 },
	};
	unsigned int i;
	u32 v;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		struct eeh_func *f = F(m, want[i].n);

		EXPECT_EQ(f->bus, want[i].bus);
		EXPECT_EQ(f->devfn, want[i].devfn);
		if (f->type == EEH_NODE_ENDPOINT)
			continue;
		EXPECT_EQ(f->secondary, want[i].sec);
		EXPECT_EQ(f->subordinate, want[i].sub);
		/* the bridge registers say the same */
		ASSERT_EQ(eeh_cfg_load(phb, f->bus, f->devfn, 0x18, 4, &v, NULL), 0);
		EXPECT_EQ(v & 0xffffff, (u32)(f->bus | want[i].sec << 8 | want[i].sub << 16));
	}
	eeh_model_destroy(m);
}

TEST(switch_tree_pe_assignment_and_parents)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = tree(m);
	static const struct { const char *n; int pe, parent; } want[] = {
		{ "rp0", 0x1fe, -1 }, { "rp1", 0x1fe, -1 }, { "sw", 0x1fd, 0x1fe },
		{ "sw.0", 0x1fc, 0x1fd }, { "sw.1", 0x1fc, 0x1fd }, { "a", 0x1fb, 0x1fc },
		{ "sw2", 0x1fa, 0x1fc }, { "sw2.0", 0x1f9, 0x1fa }, { "b", 0x1f8, 0x1f9 },
		{ "c", 0x1f7, 0x1f9 }, { "c.1", 0x1f7, 0x1f9 }, { "d", 0x1f6, 0x1fe },
	};
	unsigned int i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		struct eeh_func *f = F(m, want[i].n);

		EXPECT_EQ(f->pe, want[i].pe);
		ASSERT_NOT_NULL(eeh_model_pe_get(phb, f->pe));
		EXPECT_EQ(eeh_model_pe_get(phb, f->pe)->parent, want[i].parent);
	}
	EXPECT_TRUE(eeh_model_pe_get(phb, 0x1f5) == NULL);
	eeh_model_destroy(m);
}

TEST(rtt_maps_every_function_and_unmapped_to_reserved)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = tree(m);
	struct eeh_access_result r;
	u8 buf[4];
	int i, mapped = 0;

	for (i = 0; i < phb->nfuncs; i++) {
		struct eeh_func *f = phb->funcs[i];

		EXPECT_EQ(phb->rtt[rid(f)], f->pe);
	}
	for (i = 0; i < EEH_RTT_ENTRIES; i++)
		if (phb->rtt[i] != phb->reserved_pe)
			mapped++;
	EXPECT_EQ(mapped, phb->nfuncs);
	EXPECT_EQ(phb->rtt[0x2000], 0x1ff);
	/* a DMA from an unmapped RID finds no TVE and freezes nothing */
	EXPECT_EQ(eeh_dma(phb, 0x2000, 0x1000, buf, 4, true, &r), EEH_DMA_FAULT);
	EXPECT_EQ(r.cause, EEH_CAUSE_DMA_NO_TVE);
	EXPECT_EQ(phb->ndiag, 0);
	eeh_model_destroy(m);
}

TEST(peltv_rows_follow_ancestors)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = tree(m);
	int pe;

	for (pe = 0x1f6; pe <= 0x1fe; pe++)
		EXPECT_TRUE(eeh_peltv_test(phb, pe, pe));
	/* sw2's bus PE (0x1fa) holds its subtree */
	EXPECT_TRUE(eeh_peltv_test(phb, 0x1fa, 0x1f9));
	EXPECT_TRUE(eeh_peltv_test(phb, 0x1fa, 0x1f8));
	EXPECT_TRUE(eeh_peltv_test(phb, 0x1fa, 0x1f7));
	EXPECT_FALSE(eeh_peltv_test(phb, 0x1fa, 0x1fb));
	EXPECT_FALSE(eeh_peltv_test(phb, 0x1fa, 0x1fc));
	EXPECT_FALSE(eeh_peltv_test(phb, 0x1f8, 0x1f7));
	EXPECT_FALSE(eeh_peltv_test(phb, 0x1f6, 0x1fb));
	/* the root PE row has everything */
	for (pe = 0x1f6; pe <= 0x1fe; pe++)
		EXPECT_TRUE(eeh_peltv_test(phb, 0x1fe, pe));
	EXPECT_FALSE(eeh_peltv_test(phb, 0x1fe, 0x1ff));
	/* raw layout: row parent * (512 / 8), bit 0x80 >> (child % 8) */
	EXPECT_EQ(phb->peltv[0x1fa * 64 + 63], 0xe0);	/* 1f8 1f9 1fa */
	EXPECT_EQ(phb->peltv[0x1fa * 64 + 62], 0x01);	/* 1f7 */
	EXPECT_EQ(phb->peltv[0x1f8 * 64 + 0x1f8 / 8], 0x80 >> (0x1f8 % 8));
	EXPECT_EQ(phb->peltv[0x1f8 * 64 + 0x1f0 / 8], 0);
	eeh_model_destroy(m);
}

TEST(bridge_freeze_takes_subtree_leaf_only_itself)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = tree(m);
	const struct eeh_diag *d;
	int pe;

	ASSERT_EQ(eeh_pe_freeze(phb, 0x1f8, EEH_FREEZE_BOTH, EEH_CAUSE_FREEZE_REQ, -1, 0,
				NULL), 0);
	for (pe = 0x1f6; pe <= 0x1fe; pe++)
		EXPECT_EQ(eeh_pe_is_frozen(phb, pe, EEH_FREEZE_BOTH), pe == 0x1f8);
	EXPECT_EQ_U64(phb->peev[0x1f8 / 64], EEH_PPC_BIT(0x1f8 % 64));
	ASSERT_EQ(eeh_pe_thaw(phb, 0x1f8, EEH_FREEZE_BOTH, NULL), 0);
	EXPECT_EQ_U64(phb->peev[0x1f8 / 64], 0);

	ASSERT_EQ(eeh_pe_freeze(phb, 0x1fa, EEH_FREEZE_BOTH, EEH_CAUSE_FREEZE_REQ, 7,
				0x1234, NULL), 0);
	EXPECT_TRUE(eeh_pe_is_frozen(phb, 0x1fa, EEH_FREEZE_MMIO));
	EXPECT_TRUE(eeh_pe_is_frozen(phb, 0x1f9, EEH_FREEZE_DMA));
	EXPECT_TRUE(eeh_pe_is_frozen(phb, 0x1f8, EEH_FREEZE_BOTH));
	EXPECT_TRUE(eeh_pe_is_frozen(phb, 0x1f7, EEH_FREEZE_BOTH));
	EXPECT_FALSE(eeh_pe_is_frozen(phb, 0x1fb, EEH_FREEZE_BOTH));	/* sibling */
	EXPECT_FALSE(eeh_pe_is_frozen(phb, 0x1fc, EEH_FREEZE_BOTH));	/* parent */
	EXPECT_FALSE(eeh_pe_is_frozen(phb, 0x1f6, EEH_FREEZE_BOTH));
	/* PEEV: only the PE that took the error */
	EXPECT_EQ_U64(phb->peev[0x1fa / 64], EEH_PPC_BIT(0x1fa % 64));
	/* one diag entry for the event */
	EXPECT_EQ(phb->ndiag, 2);
	d = eeh_diag_last(phb, -1);
	ASSERT_NOT_NULL(d);
	EXPECT_EQ(d->pe, 0x1fa);
	EXPECT_EQ(d->type, EEH_ERR_TYPE_PE);
	EXPECT_EQ(d->severity, EEH_SEV_PE_ER);
	EXPECT_EQ(d->func, 7);
	EXPECT_EQ_U64(d->addr, 0x1234);
	EXPECT_EQ_U64(d->pest_a, EEH_PEST_FROZEN);
	EXPECT_EQ_U64(d->seq, 2);
	EXPECT_HAS(d->text, "PE#1fa");
	eeh_model_destroy(m);
}

TEST(freeze_and_thaw_refusals)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = simple(m, EEH_PHB4, 0);
	struct eeh_msg msg = { "" };

	EXPECT_EQ(eeh_pe_freeze(phb, 512, EEH_FREEZE_BOTH, 0, -1, 0, &msg), -ERANGE);
	EXPECT_HAS(msg.text, "out of range");
	EXPECT_EQ(eeh_pe_freeze(phb, 0x1ff, EEH_FREEZE_BOTH, 0, -1, 0, &msg), -EINVAL);
	EXPECT_HAS(msg.text, "reserved PE");
	EXPECT_EQ(eeh_pe_freeze(phb, 3, EEH_FREEZE_BOTH, 0, -1, 0, &msg), -EINVAL);
	EXPECT_HAS(msg.text, "not in use");
	EXPECT_EQ(eeh_pe_freeze(phb, 0x1fd, 4, 0, -1, 0, &msg), -EINVAL);
	EXPECT_EQ(eeh_pe_thaw(phb, -1, EEH_FREEZE_BOTH, &msg), -ERANGE);
	EXPECT_EQ(phb->ndiag, 0);
	EXPECT_FALSE(eeh_pe_is_frozen(phb, 0x1fd, EEH_FREEZE_BOTH));
	eeh_model_destroy(m);
}

/* ---- BARs and windows ---- */

TEST(m32_segments_map_to_their_pe)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = tree(m);
	int s, i, b, mapped = 0;

	for (i = 0; i < phb->nfuncs; i++) {
		struct eeh_func *f = phb->funcs[i];

		for (b = 0; b < EEH_MAX_BARS; b++) {
			u64 a = f->bars[b].addr;

			if (!f->bars[b].size || f->bars[b].is64)
				continue;
			ASSERT_GE(a, phb->m32_base);
			ASSERT_LE(a + f->bars[b].size, phb->m32_base + phb->m32_size);
			EXPECT_EQ(a & (f->bars[b].size - 1), 0);
			/* every segment the BAR touches belongs to the PE */
			for (s = (a - phb->m32_base) / phb->m32_segsize;
			     (u64)s * phb->m32_segsize < a + f->bars[b].size - phb->m32_base; s++)
				EXPECT_EQ(phb->m32_segmap[s], f->pe);
		}
	}
	for (s = 0; s < phb->num_pes; s++) {
		if (phb->m32_segmap[s] != phb->reserved_pe)
			mapped++;
	}
	/* a, b: 1 MiB each, c: 2 x 64K, d: 16K -> one 4 MiB segment each */
	EXPECT_EQ(mapped, 4);
	EXPECT_EQ(eeh_model_pe_get(phb, F(m, "c")->pe)->m32_segs, 1);
	EXPECT_EQ(eeh_model_pe_get(phb, 0x1fc)->m32_segs, 0);
	eeh_model_destroy(m);
}

TEST(m64_segment_i_is_pe_i)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = tree(m);
	struct eeh_func *d = F(m, "d");
	struct eeh_access_result r;
	u64 v;

	EXPECT_EQ_U64(d->bars[2].addr, phb->m64_base + (u64)d->pe * phb->m64_segsize);
	EXPECT_TRUE(d->bars[2].is64);
	/* routing of the segment of d's PE, beyond d's BAR: d's PE, unclaimed */
	ASSERT_EQ(eeh_mmio_load(phb, d->bars[2].addr + (2 << 20), 4, &v, &r), 0);
	EXPECT_EQ(r.pe, d->pe);
	EXPECT_TRUE(r.unclaimed);
	EXPECT_EQ_U64(v, 0xffffffff);
	/* segment 5 belongs to PE 5, which is not in use */
	ASSERT_EQ(eeh_mmio_load(phb, phb->m64_base + 5 * phb->m64_segsize, 4, &v, &r), 0);
	EXPECT_EQ(r.pe, -1);
	EXPECT_TRUE(r.unclaimed);
	/* an address outside both windows */
	ASSERT_EQ(eeh_mmio_load(phb, 0x1000, 4, &v, &r), 0);
	EXPECT_TRUE(r.unclaimed);
	EXPECT_EQ(r.cause, EEH_CAUSE_MMIO_UR);
	eeh_model_destroy(m);
}

TEST(bars_distinct_and_written_to_config)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = tree(m);
	struct eeh_func *d = F(m, "d");
	int i, j, a, b;
	u32 v;

	for (i = 0; i < phb->nfuncs; i++)
		for (a = 0; a < EEH_MAX_BARS; a++)
			for (j = 0; j < phb->nfuncs; j++)
				for (b = 0; b < EEH_MAX_BARS; b++) {
					struct eeh_bar *x = &phb->funcs[i]->bars[a];
					struct eeh_bar *y = &phb->funcs[j]->bars[b];

					if (!x->size || !y->size || (i == j && a == b))
						continue;
					EXPECT_TRUE(x->addr + x->size <= y->addr ||
						    y->addr + y->size <= x->addr);
				}
	ASSERT_EQ(eeh_cfg_load(phb, d->bus, d->devfn, 0x10, 4, &v, NULL), 0);
	EXPECT_EQ(v, (u32)d->bars[0].addr);
	ASSERT_EQ(eeh_cfg_load(phb, d->bus, d->devfn, 0x18, 4, &v, NULL), 0);
	EXPECT_EQ(v, (u32)d->bars[2].addr | 0xc);	/* 64-bit, prefetchable */
	ASSERT_EQ(eeh_cfg_load(phb, d->bus, d->devfn, 0x1c, 4, &v, NULL), 0);
	EXPECT_EQ(v, (u32)(d->bars[2].addr >> 32));
	ASSERT_EQ(eeh_cfg_load(phb, d->bus, d->devfn, 0x04, 2, &v, NULL), 0);
	EXPECT_EQ(v & 0x2, 0x2);
	ASSERT_EQ(eeh_cfg_load(phb, d->bus, d->devfn, 0x00, 4, &v, NULL), 0);
	EXPECT_EQ(v, 0x00011014);
	eeh_model_destroy(m);
}

TEST(bar_size_probe_and_decode_off)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = tree(m);
	struct eeh_func *a = F(m, "a"), *d = F(m, "d");
	struct eeh_access_result r;
	u32 v;
	u64 x;

	ASSERT_EQ(eeh_cfg_store(phb, a->bus, a->devfn, 0x10, 4, 0xffffffff, NULL), 0);
	ASSERT_EQ(eeh_cfg_load(phb, a->bus, a->devfn, 0x10, 4, &v, NULL), 0);
	EXPECT_EQ(v, 0xfff00000);	/* 1 MiB, 32-bit, non-prefetchable */
	ASSERT_EQ(eeh_cfg_store(phb, d->bus, d->devfn, 0x18, 4, 0xffffffff, NULL), 0);
	ASSERT_EQ(eeh_cfg_store(phb, d->bus, d->devfn, 0x1c, 4, 0xffffffff, NULL), 0);
	ASSERT_EQ(eeh_cfg_load(phb, d->bus, d->devfn, 0x18, 4, &v, NULL), 0);
	EXPECT_EQ(v, 0xfff0000c);
	ASSERT_EQ(eeh_cfg_load(phb, d->bus, d->devfn, 0x1c, 4, &v, NULL), 0);
	EXPECT_EQ(v, 0xffffffff);
	/* unused BAR reads 0 after all-ones */
	ASSERT_EQ(eeh_cfg_store(phb, d->bus, d->devfn, 0x14, 4, 0xffffffff, NULL), 0);
	ASSERT_EQ(eeh_cfg_load(phb, d->bus, d->devfn, 0x14, 4, &v, NULL), 0);
	EXPECT_EQ(v, 0);
	/* vendor ID is read-only */
	ASSERT_EQ(eeh_cfg_store(phb, d->bus, d->devfn, 0x00, 2, 0xabcd, NULL), 0);
	ASSERT_EQ(eeh_cfg_load(phb, d->bus, d->devfn, 0x00, 2, &v, NULL), 0);
	EXPECT_EQ(v, 0x1014);
	/* memory decode off: d's 32-bit BAR no longer answers */
	ASSERT_EQ(eeh_cfg_store(phb, d->bus, d->devfn, 0x04, 2, 0, NULL), 0);
	ASSERT_EQ(eeh_mmio_load(phb, d->bars[0].addr, 4, &x, &r), 0);
	EXPECT_TRUE(r.unclaimed);
	EXPECT_FALSE(r.frozen);
	/* restore brings addresses and decode back */
	eeh_func_restore_config(d);
	eeh_func_restore_config(a);
	ASSERT_EQ(eeh_mmio_store(phb, d->bars[0].addr + 8, 4, 0x55, &r), 0);
	EXPECT_FALSE(r.unclaimed);
	ASSERT_EQ(eeh_mmio_load(phb, d->bars[0].addr + 8, 4, &x, &r), 0);
	EXPECT_EQ_U64(x, 0x55);
	EXPECT_EQ_U64(rd(a, EDU_REG_ID, 4), EDU_ID_VALUE);
	eeh_model_destroy(m);
}

TEST(enumeration_refusals_leave_nothing)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb;
	struct eeh_msg msg = { "" };
	int rp, i;

	ASSERT_EQ(eeh_phb_add(m, 0, EEH_PHB4, 0, &msg), 0);
	phb = eeh_phb_get(m, 0);
	rp = RP(phb, "rp");
	/* 64-bit BARs of one PE larger than its 128 MiB M64 segment */
	ASSERT_GE(PLAIN(phb, "big", rp, 2, 0, 128ULL << 20), 0);
	EXPECT_EQ(eeh_phb_enumerate(phb, &msg), -ENOSPC);
	EXPECT_HAS(msg.text, "M64 segment");
	EXPECT_FALSE(phb->enumerated);
	for (i = 0; i < phb->num_pes; i++)
		EXPECT_FALSE(phb->pes[i].valid);
	EXPECT_EQ(phb->rtt[0x100], phb->reserved_pe);
	EXPECT_EQ(F(m, "big")->pe, -1);
	eeh_model_destroy(m);

	/* three 1 GiB 32-bit BARs do not fit in the 2 GiB M32 window */
	m = new_model();
	ASSERT_EQ(eeh_phb_add(m, 0, EEH_PHB4, 0, &msg), 0);
	phb = eeh_phb_get(m, 0);
	ASSERT_GE(PLAIN(phb, "g0", RP(phb, "r0"), 1, 1ULL << 30, 0), 0);
	ASSERT_GE(PLAIN(phb, "g1", RP(phb, "r1"), 1, 1ULL << 30, 0), 0);
	ASSERT_GE(PLAIN(phb, "g2", RP(phb, "r2"), 1, 1ULL << 30, 0), 0);
	EXPECT_EQ(eeh_phb_enumerate(phb, &msg), -ENOSPC);
	EXPECT_HAS(msg.text, "M32 window full");
	for (i = 0; i < phb->num_pes; i++)
		EXPECT_EQ(phb->m32_segmap[i], phb->reserved_pe);
	EXPECT_EQ_U64(F(m, "g0")->bars[0].addr, 0);
	eeh_model_destroy(m);
}

TEST(topology_refusals)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb;
	struct eeh_msg msg = { "" };
	struct eeh_node_desc d = { 0 };
	int rp, ep, up, n;

	ASSERT_EQ(eeh_phb_add(m, 0, EEH_PHB4, 0, &msg), 0);
	phb = eeh_phb_get(m, 0);
	rp = RP(phb, "rp");
	ep = EDU(phb, "ep", rp);
	ASSERT_GE(ep, 0);
	d.name = "x";
	d.type = EEH_NODE_ENDPOINT;
	d.kind = EEH_DEV_KIND_EDU;
	d.functions = 1;
	d.parent = ep;
	EXPECT_EQ(eeh_node_add(phb, &d, &msg), -EINVAL);
	EXPECT_HAS(msg.text, "not a root port or downstream port");
	d.parent = rp;
	EXPECT_EQ(eeh_node_add(phb, &d, &msg), -EBUSY);
	EXPECT_HAS(msg.text, "one device per link");
	d.parent = 99;
	EXPECT_EQ(eeh_node_add(phb, &d, &msg), -ENOENT);
	EXPECT_HAS(msg.text, "does not exist");
	rp = RP(phb, "rp2");
	d.parent = rp;
	d.functions = 0;
	EXPECT_EQ(eeh_node_add(phb, &d, &msg), -EINVAL);
	EXPECT_HAS(msg.text, "1..8");
	d.functions = 9;
	EXPECT_EQ(eeh_node_add(phb, &d, &msg), -EINVAL);
	d.functions = 1;
	d.kind = EEH_DEV_KIND_PLAIN;
	d.bar32_size = 6000;
	EXPECT_EQ(eeh_node_add(phb, &d, &msg), -EINVAL);
	EXPECT_HAS(msg.text, "power of two");
	d.bar32_size = 2048;
	EXPECT_EQ(eeh_node_add(phb, &d, &msg), -EINVAL);
	d.bar32_size = 0;
	d.name = "ep";
	EXPECT_EQ(eeh_node_add(phb, &d, &msg), -EEXIST);
	EXPECT_HAS(msg.text, "already used");
	d.name = "ep.0";	/* "ep.0" already names function 0 of "ep" */
	EXPECT_EQ(eeh_node_add(phb, &d, &msg), -EEXIST);
	d.name = "has space";
	EXPECT_EQ(eeh_node_add(phb, &d, &msg), -EINVAL);
	/* a downstream port under a root port, a root port with a parent */
	d.name = "dp";
	d.type = EEH_NODE_SWITCH_DOWN;
	EXPECT_EQ(eeh_node_add(phb, &d, &msg), -EINVAL);
	EXPECT_HAS(msg.text, "switch upstream port");
	d.type = EEH_NODE_ROOT_PORT;
	d.parent = rp;
	EXPECT_EQ(eeh_node_add(phb, &d, &msg), -EINVAL);
	EXPECT_HAS(msg.text, "root bus");
	/* 32 downstream ports per switch */
	up = UP(phb, "up", rp);
	ASSERT_GE(up, 0);
	quiet = true;
	for (n = 0; n < 40; n++) {
		char name[16];

		snprintf(name, sizeof(name), "p%d", n);
		if (DOWN(phb, name, up) < 0)
			break;
	}
	EXPECT_EQ(n, 32);
	/* function capacity: 36 so far, then root ports with 8-function devices */
	EXPECT_EQ(phb->nfuncs, 36);
	for (n = 0; n < 11; n++) {
		char name[16];
		int r;

		snprintf(name, sizeof(name), "r%d", n);
		r = RP(phb, name);
		ASSERT_GE(r, 0);
		snprintf(name, sizeof(name), "m%d", n);
		EXPECT_EQ(PLAIN(phb, name, r, 8, 0, 0) >= 0, n < 10);
	}
	EXPECT_EQ(phb->nfuncs, 127);
	d.name = "over";
	d.type = EEH_NODE_ENDPOINT;
	d.kind = EEH_DEV_KIND_PLAIN;
	d.functions = 2;
	d.parent = 126;		/* r10, still empty */
	EXPECT_EQ(eeh_node_add(phb, &d, &msg), -ENOSPC);
	EXPECT_HAS(msg.text, "is full");
	d.functions = 1;
	EXPECT_EQ(eeh_node_add(phb, &d, &msg), 127);
	/* after enumeration nothing can be added */
	eeh_model_destroy(m);

	m = new_model();
	phb = simple(m, EEH_PHB4, 0);
	d.name = "late";
	d.type = EEH_NODE_ROOT_PORT;
	d.parent = -1;
	EXPECT_EQ(eeh_node_add(phb, &d, &msg), -EBUSY);
	EXPECT_HAS(msg.text, "enumerated");
	EXPECT_EQ(eeh_phb_enumerate(phb, &msg), -EBUSY);
	eeh_model_destroy(m);
}

TEST(names_and_bdf_lookup)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = tree(m);
	struct eeh_func *c = F(m, "c"), *c1 = F(m, "c.1");
	char bdf[32];
	u32 v;

	EXPECT_TRUE(eeh_func_by_name(m, "c.0") == c);
	EXPECT_TRUE(eeh_func_by_name(m, "sw.0") != eeh_func_by_name(m, "sw"));
	EXPECT_TRUE(eeh_func_by_name(m, "nope") == NULL);
	EXPECT_TRUE(eeh_func_by_name(m, "c.2") == NULL);
	EXPECT_EQ(c1->fn, 1);
	EXPECT_EQ(c1->first_fn, c->id);
	EXPECT_TRUE(eeh_func_by_bdf(phb, 7, 1) == c1);
	EXPECT_TRUE(eeh_func_by_bdf(phb, 7, 2) == NULL);
	eeh_func_bdf(c1, bdf, sizeof(bdf));
	EXPECT_STREQ(bdf, "0000:07:00.1");
	eeh_func_bdf(F(m, "rp1"), bdf, sizeof(bdf));
	EXPECT_STREQ(bdf, "0000:00:01.0");
	/* multi-function header bit, bridge header type */
	ASSERT_EQ(eeh_cfg_load(phb, 7, 0, 0x0e, 1, &v, NULL), 0);
	EXPECT_EQ(v, 0x80);
	ASSERT_EQ(eeh_cfg_load(phb, 0, 0, 0x0e, 1, &v, NULL), 0);
	EXPECT_EQ(v, 0x01);
	ASSERT_EQ(eeh_cfg_load(phb, 6, 0, 0x00, 4, &v, NULL), 0);
	EXPECT_EQ(v, 0x11e81234);
	eeh_model_destroy(m);
}

/* ---- freeze on the data path ---- */

TEST(frozen_loads_all_ones_every_size)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = simple(m, EEH_PHB4, 0);
	struct eeh_func *nic = F(m, "nic");
	struct eeh_access_result r;
	static const int sizes[] = { 1, 2, 4, 8 };
	unsigned int i;
	u64 v;

	EXPECT_EQ_U64(rd(nic, EDU_REG_ID, 4), EDU_ID_VALUE);
	ASSERT_EQ(eeh_pe_freeze(phb, nic->pe, EEH_FREEZE_BOTH, EEH_CAUSE_FREEZE_REQ, -1, 0,
				NULL), 0);
	for (i = 0; i < 4; i++) {
		ASSERT_EQ(eeh_func_mmio_load(nic, 0, 0, sizes[i], &v, &r), 0);
		EXPECT_EQ_U64(v, sizes[i] == 8 ? ~0ULL : (1ULL << (8 * sizes[i])) - 1);
		EXPECT_TRUE(r.frozen);
		EXPECT_EQ(r.pe, nic->pe);
	}
	EXPECT_EQ_U64(eeh_model_pe_get(phb, nic->pe)->loads_ones, 4);
	/* config reads all-ones too */
	{
		u32 c;

		ASSERT_EQ(eeh_cfg_load(phb, nic->bus, nic->devfn, 0, 4, &c, &r), 0);
		EXPECT_EQ(c, 0xffffffff);
		EXPECT_TRUE(r.frozen);
	}
	/* DMA-only freeze leaves MMIO alone */
	ASSERT_EQ(eeh_pe_thaw(phb, nic->pe, EEH_FREEZE_MMIO, NULL), 0);
	EXPECT_EQ_U64(rd(nic, EDU_REG_ID, 4), EDU_ID_VALUE);
	eeh_model_destroy(m);
}

TEST(frozen_stores_are_dropped)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = simple(m, EEH_PHB4, 0);
	struct eeh_func *nic = F(m, "nic");
	struct eeh_access_result r;

	wr(nic, EDU_REG_LIVENESS, 4, 0x1234);
	EXPECT_EQ_U64(rd(nic, EDU_REG_LIVENESS, 4), 0xffffedcb);
	ASSERT_EQ(eeh_pe_freeze(phb, nic->pe, EEH_FREEZE_MMIO, EEH_CAUSE_FREEZE_REQ, -1, 0,
				NULL), 0);
	ASSERT_EQ(eeh_func_mmio_store(nic, 0, EDU_REG_LIVENESS, 4, 0x5678, &r), 0);
	EXPECT_TRUE(r.frozen);
	ASSERT_EQ(eeh_func_mmio_store(nic, 0, EDU_BUF_OFF, 8, 0x1122334455667788ULL, &r), 0);
	EXPECT_EQ_U64(eeh_model_pe_get(phb, nic->pe)->stores_dropped, 2);
	ASSERT_EQ(eeh_pe_thaw(phb, nic->pe, EEH_FREEZE_BOTH, NULL), 0);
	EXPECT_EQ_U64(rd(nic, EDU_REG_LIVENESS, 4), 0xffffedcb);
	EXPECT_EQ_U64(rd(nic, EDU_BUF_OFF, 8), 0);
	eeh_model_destroy(m);
}

TEST(fw_state_linux_bits_and_sysfs)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = simple(m, EEH_PHB4, 0);
	int pe = F(m, "nic")->pe;
	char buf[32];

	eeh_pe_sysfs_state(phb, pe, buf, sizeof(buf));
	EXPECT_STREQ(buf, "0x00000078 0x00000000");
	eeh_pe_sysfs_state(phb, phb->root_pe, buf, sizeof(buf));
	EXPECT_STREQ(buf, "0x00000078 0x00000800");
	ASSERT_EQ(eeh_pe_freeze(phb, pe, EEH_FREEZE_MMIO, 0, -1, 0, NULL), 0);
	EXPECT_EQ(eeh_pe_fw_state(phb, pe), EEH_FW_MMIO_FREEZE);
	EXPECT_EQ(eeh_fw_state_to_linux(EEH_FW_MMIO_FREEZE), 0x50);
	ASSERT_EQ(eeh_pe_thaw(phb, pe, EEH_FREEZE_MMIO, NULL), 0);
	ASSERT_EQ(eeh_pe_freeze(phb, pe, EEH_FREEZE_DMA, 0, -1, 0, NULL), 0);
	EXPECT_EQ(eeh_pe_fw_state(phb, pe), EEH_FW_DMA_FREEZE);
	EXPECT_EQ(eeh_fw_state_to_linux(EEH_FW_DMA_FREEZE), 0x28);
	ASSERT_EQ(eeh_pe_freeze(phb, pe, EEH_FREEZE_MMIO, 0, -1, 0, NULL), 0);
	EXPECT_EQ(eeh_pe_fw_state(phb, pe), EEH_FW_MMIO_DMA_FREEZE);
	eeh_model_pe_get(phb, pe)->sw_state = EEH_PE_ISOLATED | EEH_PE_CFG_BLOCKED;
	eeh_pe_sysfs_state(phb, pe, buf, sizeof(buf));
	EXPECT_STREQ(buf, "0x00000000 0x00000005");
	EXPECT_EQ(eeh_fw_state_to_linux(EEH_FW_RESET), 0x04);
	EXPECT_EQ(eeh_fw_state_to_linux(EEH_FW_TEMP_UNAVAIL), 0x01);
	EXPECT_EQ(eeh_fw_state_to_linux(EEH_FW_PERM_UNAVAIL), 0x02);
	EXPECT_EQ(eeh_fw_state_to_linux(EEH_FW_NOT_FROZEN), 0x78);
	EXPECT_EQ(eeh_pe_fw_state(phb, 5), EEH_FW_PERM_UNAVAIL);
	eeh_model_destroy(m);
}

TEST(fence_stops_every_pe_until_phb_reset)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = tree(m);
	struct eeh_func *a = F(m, "a"), *d = F(m, "d");
	struct eeh_access_result r;
	struct eeh_msg msg = { "" };
	const struct eeh_diag *dg;
	u8 buf[8] = { 0 };
	u64 v;
	u32 c;

	ASSERT_EQ(eeh_phb_fence(phb, EEH_CAUSE_FENCE, -1, 0x42), 0);
	EXPECT_EQ(eeh_pe_fw_state(phb, a->pe), EEH_FW_MMIO_DMA_FREEZE);
	EXPECT_EQ(eeh_pe_fw_state(phb, d->pe), EEH_FW_MMIO_DMA_FREEZE);
	ASSERT_EQ(eeh_func_mmio_load(d, 0, 0, 4, &v, &r), 0);
	EXPECT_EQ_U64(v, 0xffffffff);
	EXPECT_TRUE(r.frozen);
	ASSERT_EQ(eeh_cfg_load(phb, 0, 0, 0, 4, &c, &r), 0);
	EXPECT_EQ(c, 0xffffffff);
	EXPECT_EQ(eeh_dma(phb, rid(a), 0, buf, 8, true, &r), EEH_DMA_BLOCKED);
	EXPECT_EQ(eeh_pe_thaw(phb, a->pe, EEH_FREEZE_BOTH, &msg), -EIO);
	EXPECT_HAS(msg.text, "fenced");
	dg = eeh_diag_last(phb, -1);
	ASSERT_NOT_NULL(dg);
	EXPECT_EQ(dg->pe, -1);
	EXPECT_EQ(dg->type, EEH_ERR_TYPE_PHB);
	EXPECT_EQ(dg->severity, EEH_SEV_PHB_FENCED);
	EXPECT_TRUE(eeh_diag_last(phb, a->pe) == NULL);

	ASSERT_EQ(eeh_phb_reset(phb), 0);
	EXPECT_FALSE(phb->fenced);
	EXPECT_EQ(eeh_pe_fw_state(phb, a->pe), EEH_FW_NOT_FROZEN);
	/* config space is at power-on values: BARs unassigned, no decode */
	ASSERT_EQ(eeh_func_mmio_load(a, 0, 0, 4, &v, &r), 0);
	EXPECT_TRUE(r.unclaimed);
	ASSERT_EQ(eeh_cfg_load(phb, a->bus, a->devfn, 0x10, 4, &c, &r), 0);
	EXPECT_EQ(c, 0);
	eeh_func_restore_config(a);
	EXPECT_EQ_U64(rd(a, EDU_REG_ID, 4), EDU_ID_VALUE);
	eeh_model_destroy(m);
}

/* ---- DMA ---- */

TEST(tve_encode_fields)
{
	struct eeh_tce_table t = {
		.base = 0x123456789000ULL, .levels = 3, .level_shift = 16,
		.page_shift = 16, .bus_start = 0,
	};
	u64 tve = eeh_tve_encode(&t);

	EXPECT_EQ_U64(EEH_GETFIELD(EEH_PPC_BITMASK(0, 47), tve), 0x123456789ULL);
	EXPECT_EQ_U64(EEH_GETFIELD(EEH_PPC_BITMASK(48, 50), tve), 2);
	EXPECT_EQ_U64(EEH_GETFIELD(EEH_PPC_BITMASK(51, 55), tve), 5);
	EXPECT_EQ_U64(EEH_GETFIELD(EEH_PPC_BITMASK(59, 63), tve), 5);
	t.page_shift = 12;
	t.level_shift = 12;
	t.levels = 1;
	EXPECT_EQ_U64(eeh_tve_encode(&t) & 0x1f, 1);	/* 4K -> 1, as skiboot */
	EXPECT_EQ_U64(eeh_tve_encode(&t) & 0x1f00, 1 << 8);
	EXPECT_EQ_U64(eeh_tve_encode(NULL), 0);
}

TEST(tve_set_checks_page_size_per_model)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = simple(m, EEH_PHB4, 0);
	struct eeh_tce_table t;
	struct eeh_msg msg = { "" };
	int pe = F(m, "nic")->pe;

	EXPECT_TRUE(eeh_phb_page_shift_ok(EEH_PHB4, 21));
	EXPECT_FALSE(eeh_phb_page_shift_ok(EEH_PHB4, 24));
	EXPECT_TRUE(eeh_phb_page_shift_ok(EEH_PHB3, 28));
	EXPECT_FALSE(eeh_phb_page_shift_ok(EEH_PHB3, 30));
	ASSERT_EQ(eeh_tce_table_create(m, 24, 1ULL << 32, 1, 0, &t, &msg), 0);
	EXPECT_EQ(eeh_tve_set(phb, pe, 0, &t, &msg), -EINVAL);
	EXPECT_HAS(msg.text, "16384K");
	EXPECT_EQ_U64(phb->tvt[pe * 2], 0);
	ASSERT_EQ(eeh_tce_table_create(m, 21, 1ULL << 32, 1, 0, &t, &msg), 0);
	EXPECT_EQ(eeh_tve_set(phb, pe, 1, &t, &msg), -EINVAL);	/* window at 0 */
	EXPECT_HAS(msg.text, "TVE 1");
	EXPECT_EQ(eeh_tve_set(phb, phb->reserved_pe, 0, &t, &msg), -EINVAL);
	EXPECT_EQ(eeh_tve_set(phb, pe, 2, &t, &msg), -EINVAL);
	ASSERT_EQ(eeh_tve_set(phb, pe, 0, &t, &msg), 0);
	EXPECT_EQ_U64(phb->tvt[pe * 2], eeh_tve_encode(&t));
	EXPECT_EQ_U64(phb->tvt_tables[pe * 2].window_size, 1ULL << 32);
	ASSERT_EQ(eeh_tve_set(phb, pe, 0, NULL, &msg), 0);
	EXPECT_EQ_U64(phb->tvt[pe * 2], 0);
	EXPECT_EQ_U64(phb->tvt_tables[pe * 2].window_size, 0);
	/* table creation refusals */
	EXPECT_EQ(eeh_tce_table_create(m, 13, 1 << 20, 1, 0, &t, &msg), -EINVAL);
	EXPECT_EQ(eeh_tce_table_create(m, 12, 3 << 20, 1, 0, &t, &msg), -EINVAL);
	EXPECT_HAS(msg.text, "power of two");
	EXPECT_EQ(eeh_tce_table_create(m, 12, 1 << 20, 6, 0, &t, &msg), -EINVAL);
	EXPECT_EQ(eeh_tce_table_create(m, 12, 1 << 20, 1, 5, &t, &msg), -EINVAL);
	eeh_model_destroy(m);
}

TEST(multi_level_tables_translate_with_permissions)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = simple(m, EEH_PHB4, 0);
	int pe = F(m, "nic")->pe, levels;

	for (levels = 1; levels <= 5; levels++) {
		struct eeh_tce_table t;
		struct eeh_msg msg = { "" };
		enum eeh_cause cause;
		u64 idx[3], host, page[3], tce;
		int i;

		ASSERT_EQ(eeh_tce_table_create(m, 12, 1ULL << 36, levels, EEH_TVE_64BIT_BASE,
					       &t, &msg), 0);
		EXPECT_EQ(t.levels, levels);
		EXPECT_EQ_U64(t.entries, 1ULL << 24);
		EXPECT_GE((int)((t.level_shift - 3) * levels), 24);
		ASSERT_EQ(eeh_tve_set(phb, pe, 1, &t, &msg), 0);
		idx[0] = 0;
		idx[1] = 0x123457;
		idx[2] = t.entries - 1;
		for (i = 0; i < 3; i++) {
			page[i] = host_buf(m, 4096);
			tce = page[i] | (i == 1 ? EEH_TCE_READ : i == 2 ? EEH_TCE_WRITE :
					 EEH_TCE_READ | EEH_TCE_WRITE);
			if (levels > 1)
				EXPECT_EQ(eeh_tce_put(phb, &t, idx[i], tce, false, &msg), -ENOENT);
			ASSERT_EQ(eeh_tce_put(phb, &t, idx[i], tce, true, &msg), 0);
			ASSERT_EQ(eeh_tce_get(m, &t, idx[i], &host), 0);
			EXPECT_EQ_U64(host, tce);
		}
		for (i = 0; i < 3; i++) {
			u64 bus = EEH_TVE_64BIT_BASE + (idx[i] << 12) + 0x10;

			EXPECT_EQ(eeh_dma_translate(phb, pe, bus, i != 1, &host, &cause), 0);
			EXPECT_EQ_U64(host, page[i] + 0x10);
			EXPECT_EQ(eeh_dma_translate(phb, pe, bus, i == 1, &host, &cause),
				  i == 0 ? 0 : -EFAULT);
			if (i == 1)
				EXPECT_EQ(cause, EEH_CAUSE_DMA_READ_ONLY);
			if (i == 2)
				EXPECT_EQ(cause, EEH_CAUSE_DMA_WRITE_ONLY);
		}
		/* a neighbour index goes through the same levels but is empty;
		 * a far index has no lower level at all */
		EXPECT_EQ(eeh_dma_translate(phb, pe, EEH_TVE_64BIT_BASE + (1 << 12), true,
					    &host, &cause), -EFAULT);
		EXPECT_EQ(cause, EEH_CAUSE_DMA_INVALID_TCE);
		EXPECT_EQ(eeh_dma_translate(phb, pe, EEH_TVE_64BIT_BASE + (0x800000ULL << 12),
					    true, &host, &cause), -EFAULT);
		EXPECT_EQ(cause, EEH_CAUSE_DMA_INVALID_TCE);
		EXPECT_EQ(eeh_tce_get(m, &t, t.entries, &host), -ERANGE);
	}
	EXPECT_EQ_U64(phb->tce_kills, 15);
	eeh_model_destroy(m);
}

TEST(each_tce_fault_freezes_with_its_cause)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = simple(m, EEH_PHB4, 0);
	struct eeh_func *nic = F(m, "nic");
	struct eeh_tce_table t32, t64;
	struct eeh_access_result r;
	u64 pg = host_buf(m, 4096);
	static const struct {
		u64 bus;
		bool to_mem;
		enum eeh_cause cause;
	} cases[] = {
		{ 0x2000, true, EEH_CAUSE_DMA_INVALID_TCE },
		{ 0x1000, true, EEH_CAUSE_DMA_READ_ONLY },
		{ 0x3000, false, EEH_CAUSE_DMA_WRITE_ONLY },
		{ 0x80000000ULL, false, EEH_CAUSE_DMA_OUT_OF_WINDOW },
		{ EEH_TVE_64BIT_BASE + (4ULL << 30), true, EEH_CAUSE_DMA_OUT_OF_WINDOW },
		{ 1ULL << 60, true, EEH_CAUSE_DMA_NO_TVE },
	};
	unsigned int i;
	u8 buf[16];

	windows(phb, nic->pe, &t32, &t64);
	ASSERT_EQ(eeh_tce_put(phb, &t32, 1, pg | EEH_TCE_READ, true, NULL), 0);
	ASSERT_EQ(eeh_tce_put(phb, &t32, 3, pg | EEH_TCE_WRITE, true, NULL), 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct eeh_diag *d;

		EXPECT_EQ(eeh_dma(phb, rid(nic), cases[i].bus, buf, 16, cases[i].to_mem, &r),
			  EEH_DMA_FAULT);
		EXPECT_EQ(r.cause, cases[i].cause);
		EXPECT_TRUE(eeh_pe_is_frozen(phb, nic->pe, EEH_FREEZE_MMIO));
		EXPECT_TRUE(eeh_pe_is_frozen(phb, nic->pe, EEH_FREEZE_DMA));
		d = eeh_diag_last(phb, nic->pe);
		ASSERT_NOT_NULL(d);
		EXPECT_EQ(d->cause, cases[i].cause);
		EXPECT_EQ_U64(d->addr, cases[i].bus);
		EXPECT_EQ_U64(d->seq, i + 1);
		ASSERT_EQ(eeh_pe_thaw(phb, nic->pe, EEH_FREEZE_BOTH, NULL), 0);
	}
	/* TVE invalidated: no-tve */
	ASSERT_EQ(eeh_tve_set(phb, nic->pe, 0, NULL, NULL), 0);
	EXPECT_EQ(eeh_dma(phb, rid(nic), 0x1000, buf, 4, false, &r), EEH_DMA_FAULT);
	EXPECT_EQ(r.cause, EEH_CAUSE_DMA_NO_TVE);
	eeh_model_destroy(m);
}

TEST(dma_spanning_pages_translates_each)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = simple(m, EEH_PHB4, 0);
	struct eeh_func *nic = F(m, "nic");
	struct eeh_tce_table t32, t64;
	u64 p[3];
	u8 out[8192], back[8192];
	int i;

	windows(phb, nic->pe, &t32, &t64);
	/* non-contiguous host pages behind consecutive I/O pages */
	p[0] = host_buf(m, 4096);
	host_buf(m, 4096);
	p[1] = host_buf(m, 4096);
	p[2] = host_buf(m, 8192) + 4096;
	for (i = 0; i < 3; i++)
		ASSERT_EQ(eeh_tce_put(phb, &t32, 16 + i, p[i] | 3, true, NULL), 0);
	for (i = 0; i < 8192; i++)
		out[i] = (u8)(i * 7 + 1);
	EXPECT_EQ(eeh_dma(phb, rid(nic), (16 << 12) + 2048, out, 8192, true, NULL), EEH_DMA_OK);
	ASSERT_EQ(eeh_mem_read(m, p[0] + 2048, back, 2048), 0);
	EXPECT_EQ(memcmp(back, out, 2048), 0);
	ASSERT_EQ(eeh_mem_read(m, p[1], back, 4096), 0);
	EXPECT_EQ(memcmp(back, out + 2048, 4096), 0);
	ASSERT_EQ(eeh_mem_read(m, p[2], back, 2048), 0);
	EXPECT_EQ(memcmp(back, out + 6144, 2048), 0);
	memset(back, 0, sizeof(back));
	EXPECT_EQ(eeh_dma(phb, rid(nic), (16 << 12) + 2048, back, 8192, false, NULL),
		  EEH_DMA_OK);
	EXPECT_EQ(memcmp(back, out, 8192), 0);
	/* a span whose last page is unmapped faults before moving anything */
	memset(back, 0xee, sizeof(back));
	EXPECT_EQ(eeh_dma(phb, rid(nic), (17 << 12), back, 8192 + 1, true, NULL),
		  EEH_DMA_FAULT);
	ASSERT_EQ(eeh_mem_read(m, p[1], back, 4096), 0);
	EXPECT_EQ(memcmp(back, out + 2048, 4096), 0);
	eeh_model_destroy(m);
}

TEST(dma_blocked_leaves_memory_identical)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = simple(m, EEH_PHB4, 0);
	struct eeh_func *nic = F(m, "nic");
	struct eeh_tce_table t32, t64;
	u64 pg = host_buf(m, 4096);
	u8 pattern[256], after[256];
	int i;

	windows(phb, nic->pe, &t32, &t64);
	ASSERT_EQ(eeh_tce_put(phb, &t32, 0, pg | 3, true, NULL), 0);
	for (i = 0; i < 256; i++)
		pattern[i] = (u8)(0xa5 ^ i);
	ASSERT_EQ(eeh_mem_write(m, pg, pattern, 256), 0);
	for (i = 0; i < 256; i++)
		wr(nic, EDU_BUF_OFF + i, 1, 0x11);
	ASSERT_EQ(eeh_pe_freeze(phb, nic->pe, EEH_FREEZE_DMA, EEH_CAUSE_FREEZE_REQ, -1, 0,
				NULL), 0);
	wr(nic, EDU_REG_DMA_SRC, 8, EDU_BUF_OFF);
	wr(nic, EDU_REG_DMA_DST, 8, 0);
	wr(nic, EDU_REG_DMA_COUNT, 8, 256);
	wr(nic, EDU_REG_DMA_CMD, 8, EDU_DMA_CMD_START | EDU_DMA_CMD_TO_RAM);
	EXPECT_EQ(nic->edu->last_dma, EEH_DMA_BLOCKED);
	EXPECT_EQ_U64(rd(nic, EDU_REG_DMA_CMD, 8), EDU_DMA_CMD_TO_RAM);
	ASSERT_EQ(eeh_mem_read(m, pg, after, 256), 0);
	EXPECT_EQ(memcmp(after, pattern, 256), 0);
	EXPECT_EQ_U64(eeh_model_pe_get(phb, nic->pe)->dma_blocked, 1);
	/* the other direction is blocked too and the buffer is untouched */
	wr(nic, EDU_REG_DMA_SRC, 8, 0);
	wr(nic, EDU_REG_DMA_DST, 8, EDU_BUF_OFF);
	wr(nic, EDU_REG_DMA_CMD, 8, EDU_DMA_CMD_START);
	EXPECT_EQ(nic->edu->last_dma, EEH_DMA_BLOCKED);
	EXPECT_EQ_U64(rd(nic, EDU_BUF_OFF, 1), 0x11);
	EXPECT_EQ_U64(eeh_model_pe_get(phb, nic->pe)->dma_blocked, 2);
	eeh_model_destroy(m);
}

/* ---- edu ---- */

TEST(edu_identification_liveness_factorial_irq)
{
	struct eeh_model *m = new_model();
	struct eeh_func *nic;

	simple(m, EEH_PHB4, 0);
	nic = F(m, "nic");
	EXPECT_EQ_U64(rd(nic, EDU_REG_ID, 4), 0x010000ed);
	EXPECT_EQ_U64(rd(nic, EDU_REG_ID + 1, 1), 0x00);
	EXPECT_EQ_U64(rd(nic, EDU_REG_ID + 2, 2), 0x0100);
	wr(nic, EDU_REG_LIVENESS, 4, 0x12345678);
	EXPECT_EQ_U64(rd(nic, EDU_REG_LIVENESS, 4), 0xedcba987);
	EXPECT_EQ_U64(rd(nic, 0, 8), 0xedcba987010000edULL);
	wr(nic, EDU_REG_LIVENESS, 1, 0x00);	/* byte write merges */
	EXPECT_EQ_U64(rd(nic, EDU_REG_LIVENESS, 4), 0xedcba9ff);
	wr(nic, EDU_REG_FACTORIAL, 4, 10);
	EXPECT_EQ_U64(rd(nic, EDU_REG_FACTORIAL, 4), 3628800);
	EXPECT_EQ_U64(rd(nic, EDU_REG_STATUS, 4) & 1, 0);
	EXPECT_EQ_U64(rd(nic, EDU_REG_IRQ_STATUS, 4), 0);
	wr(nic, EDU_REG_STATUS, 4, 0x80);
	wr(nic, EDU_REG_FACTORIAL, 4, 5);
	EXPECT_EQ_U64(rd(nic, EDU_REG_FACTORIAL, 4), 120);
	EXPECT_EQ_U64(rd(nic, EDU_REG_IRQ_STATUS, 4), 1);
	wr(nic, EDU_REG_IRQ_RAISE, 4, 0x40);
	EXPECT_EQ_U64(rd(nic, EDU_REG_IRQ_STATUS, 4), 0x41);
	wr(nic, EDU_REG_IRQ_ACK, 4, 0x41);
	EXPECT_EQ_U64(rd(nic, EDU_REG_IRQ_STATUS, 4), 0);
	/* unknown offsets read all-ones, like QEMU's edu */
	EXPECT_EQ_U64(rd(nic, 0x10, 4), 0xffffffff);
	/* the buffer at 0x40000 with every size */
	wr(nic, EDU_BUF_OFF + 8, 8, 0x0102030405060708ULL);
	EXPECT_EQ_U64(rd(nic, EDU_BUF_OFF + 8, 1), 0x08);
	EXPECT_EQ_U64(rd(nic, EDU_BUF_OFF + 14, 2), 0x0102);
	EXPECT_EQ_U64(rd(nic, EDU_BUF_OFF + 12, 4), 0x01020304);
	eeh_model_destroy(m);
}

static void edu_dma_roundtrip(struct eeh_func *nic, struct eeh_tce_table *t, u64 bus_base)
{
	struct eeh_model *m = nic->phb->m;
	u64 pg = host_buf(m, 1ULL << t->page_shift), i;
	u8 data[512], out[512];

	ASSERT_EQ(eeh_tce_put(nic->phb, t, 5, pg | 3, true, NULL), 0);
	for (i = 0; i < 512; i++)
		data[i] = (u8)(i ^ 0x3c);
	ASSERT_EQ(eeh_mem_write(m, pg + 0x100, data, 512), 0);
	/* host -> buffer */
	wr(nic, EDU_REG_DMA_SRC, 8, bus_base + (5ULL << t->page_shift) + 0x100);
	wr(nic, EDU_REG_DMA_DST, 8, EDU_BUF_OFF + 0x200);
	wr(nic, EDU_REG_DMA_COUNT, 8, 512);
	wr(nic, EDU_REG_DMA_CMD, 8, EDU_DMA_CMD_START | EDU_DMA_CMD_IRQ);
	EXPECT_EQ(nic->edu->last_dma, EEH_DMA_OK);
	EXPECT_EQ(memcmp(nic->edu->buf + 0x200, data, 512), 0);
	EXPECT_EQ_U64(rd(nic, EDU_REG_DMA_CMD, 8), EDU_DMA_CMD_IRQ);
	EXPECT_EQ_U64(rd(nic, EDU_REG_IRQ_STATUS, 4), 0x100);
	/* buffer -> host, elsewhere in the page */
	wr(nic, EDU_REG_DMA_SRC, 8, EDU_BUF_OFF + 0x200);
	wr(nic, EDU_REG_DMA_DST, 8, bus_base + (5ULL << t->page_shift) + 0x800);
	wr(nic, EDU_REG_DMA_CMD, 8, EDU_DMA_CMD_START | EDU_DMA_CMD_TO_RAM);
	EXPECT_EQ(nic->edu->last_dma, EEH_DMA_OK);
	ASSERT_EQ(eeh_mem_read(m, pg + 0x800, out, 512), 0);
	EXPECT_EQ(memcmp(out, data, 512), 0);
	EXPECT_FALSE(eeh_pe_is_frozen(nic->phb, nic->pe, EEH_FREEZE_BOTH));
}

TEST(edu_dma_through_32bit_and_64bit_windows)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = simple(m, EEH_PHB4, 0);
	struct eeh_func *nic = F(m, "nic");
	struct eeh_tce_table t32, t64;

	windows(phb, nic->pe, &t32, &t64);
	edu_dma_roundtrip(nic, &t32, 0);
	edu_dma_roundtrip(nic, &t64, EEH_TVE_64BIT_BASE);
	eeh_model_destroy(m);
}

TEST(edu_dma_out_of_buffer_is_refused_by_the_device)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = simple(m, EEH_PHB4, 0);
	struct eeh_func *nic = F(m, "nic");
	struct eeh_tce_table t32, t64;

	windows(phb, nic->pe, &t32, &t64);
	wr(nic, EDU_REG_DMA_SRC, 8, EDU_BUF_OFF + 4000);
	wr(nic, EDU_REG_DMA_DST, 8, 0);
	wr(nic, EDU_REG_DMA_COUNT, 8, 200);
	wr(nic, EDU_REG_DMA_CMD, 8, EDU_DMA_CMD_START | EDU_DMA_CMD_TO_RAM);
	EXPECT_EQ(nic->edu->last_dma, EEH_DMA_FAULT);
	EXPECT_EQ(nic->edu->last_dma_cause, EEH_CAUSE_NONE);
	EXPECT_FALSE(eeh_pe_is_frozen(phb, nic->pe, EEH_FREEZE_BOTH));
	EXPECT_EQ(phb->ndiag, 0);
	/* through an invalid TCE: the PE freezes with the cause */
	wr(nic, EDU_REG_DMA_SRC, 8, EDU_BUF_OFF);
	wr(nic, EDU_REG_DMA_CMD, 8, EDU_DMA_CMD_START | EDU_DMA_CMD_TO_RAM);
	EXPECT_EQ(nic->edu->last_dma, EEH_DMA_FAULT);
	EXPECT_EQ(nic->edu->last_dma_cause, EEH_CAUSE_DMA_INVALID_TCE);
	EXPECT_TRUE(eeh_pe_is_frozen(phb, nic->pe, EEH_FREEZE_BOTH));
	eeh_model_destroy(m);
}

TEST(plain_device_bars_are_registers)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = tree(m);
	struct eeh_func *d = F(m, "d");
	u64 v;

	ASSERT_EQ(eeh_func_mmio_store(d, 2, 0x10, 8, 0xdeadbeefcafef00dULL, NULL), 0);
	ASSERT_EQ(eeh_func_mmio_load(d, 2, 0x10, 8, &v, NULL), 0);
	EXPECT_EQ_U64(v, 0xdeadbeefcafef00dULL);
	ASSERT_EQ(eeh_func_mmio_load(d, 2, 0x14, 2, &v, NULL), 0);
	EXPECT_EQ_U64(v, 0xbeef);
	ASSERT_EQ(eeh_func_mmio_load(d, 0, 0x10, 8, &v, NULL), 0);
	EXPECT_EQ_U64(v, 0);	/* BAR0 is a separate register file */
	ASSERT_EQ(eeh_func_mmio_store(d, 2, EEH_PLAIN_REGS + 8, 4, 0x1234, NULL), 0);
	ASSERT_EQ(eeh_func_mmio_load(d, 2, EEH_PLAIN_REGS + 8, 4, &v, NULL), 0);
	EXPECT_EQ_U64(v, 0);
	EXPECT_EQ(eeh_func_mmio_load(d, 1, 0, 4, &v, NULL), -EINVAL);	/* no BAR1 */
	EXPECT_EQ(eeh_func_mmio_load(d, 0, 16 << 10, 4, &v, NULL), -EINVAL);
	EXPECT_EQ(eeh_func_mmio_load(d, 0, 0, 3, &v, NULL), -EINVAL);
	EXPECT_EQ(eeh_mmio_load(phb, d->bars[0].addr + 2, 4, &v, NULL), -EINVAL);
	eeh_model_destroy(m);
}

/* ---- resets ---- */

TEST(pe_reset_then_restore_config)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = simple(m, EEH_PHB4, 0);
	struct eeh_func *nic = F(m, "nic");
	struct eeh_access_result r;
	struct eeh_msg msg = { "" };
	char buf[32];
	u64 v;
	u32 c;

	wr(nic, EDU_REG_LIVENESS, 4, 0x1);
	wr(nic, EDU_BUF_OFF, 4, 0xabcd);
	ASSERT_EQ(eeh_pe_freeze(phb, nic->pe, EEH_FREEZE_BOTH, EEH_CAUSE_FREEZE_REQ, -1, 0,
				NULL), 0);
	ASSERT_EQ(eeh_model_pe_reset(phb, nic->pe, true, false, &msg), 0);
	EXPECT_TRUE(nic->in_reset);
	EXPECT_EQ(eeh_pe_fw_state(phb, nic->pe), EEH_FW_RESET);
	eeh_pe_sysfs_state(phb, nic->pe, buf, sizeof(buf));
	EXPECT_STREQ(buf, "0x00000004 0x00000000");
	EXPECT_EQ(eeh_pe_fw_state(phb, phb->root_pe), EEH_FW_NOT_FROZEN);
	ASSERT_EQ(eeh_cfg_load(phb, nic->bus, nic->devfn, 0, 4, &c, &r), 0);
	EXPECT_EQ(c, 0xffffffff);
	ASSERT_EQ(eeh_model_pe_reset(phb, nic->pe, false, false, &msg), 0);
	EXPECT_FALSE(nic->in_reset);
	EXPECT_EQ(eeh_pe_fw_state(phb, nic->pe), EEH_FW_NOT_FROZEN);
	EXPECT_EQ_U64(phb->peev[nic->pe / 64], 0);
	/* power-on config: BARs 0, no decode */
	ASSERT_EQ(eeh_cfg_load(phb, nic->bus, nic->devfn, 0x04, 2, &c, &r), 0);
	EXPECT_EQ(c, 0);
	ASSERT_EQ(eeh_func_mmio_load(nic, 0, 0, 4, &v, &r), 0);
	EXPECT_TRUE(r.unclaimed);
	eeh_func_restore_config(nic);
	EXPECT_EQ_U64(rd(nic, EDU_REG_ID, 4), EDU_ID_VALUE);
	/* device state is back to power-on */
	EXPECT_EQ_U64(rd(nic, EDU_REG_LIVENESS, 4), 0);
	EXPECT_EQ_U64(rd(nic, EDU_BUF_OFF, 4), 0);
	EXPECT_EQ(eeh_model_pe_reset(phb, 0x1ff, true, false, &msg), -EINVAL);
	eeh_model_destroy(m);
}

TEST(bridge_pe_reset_covers_children)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = tree(m);

	ASSERT_EQ(eeh_model_pe_reset(phb, 0x1fa, true, true, NULL), 0);
	EXPECT_TRUE(F(m, "sw2.0")->in_reset);
	EXPECT_TRUE(F(m, "b")->in_reset);
	EXPECT_TRUE(F(m, "c.1")->in_reset);
	EXPECT_FALSE(F(m, "sw.1")->in_reset);	/* the bridge above stays */
	EXPECT_FALSE(F(m, "a")->in_reset);
	EXPECT_EQ(eeh_pe_fw_state(phb, 0x1f8), EEH_FW_RESET);
	EXPECT_EQ(eeh_pe_fw_state(phb, 0x1fb), EEH_FW_NOT_FROZEN);
	ASSERT_EQ(eeh_model_pe_reset(phb, 0x1fa, false, true, NULL), 0);
	EXPECT_FALSE(F(m, "b")->in_reset);
	eeh_model_destroy(m);
}

/* ---- config access rules ---- */

TEST(config_blocked_absent_and_master_abort)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = simple(m, EEH_PHB4, 0);
	struct eeh_func *nic = F(m, "nic");
	struct eeh_access_result r;
	u32 v;

	eeh_model_pe_get(phb, nic->pe)->sw_state |= EEH_PE_CFG_BLOCKED;
	ASSERT_EQ(eeh_cfg_load(phb, nic->bus, nic->devfn, 0, 4, &v, &r), 0);
	EXPECT_EQ(v, 0xffffffff);
	EXPECT_TRUE(r.blocked);
	ASSERT_EQ(eeh_cfg_store(phb, nic->bus, nic->devfn, 0x3c, 1, 0x5a, &r), 0);
	EXPECT_TRUE(r.blocked);
	eeh_model_pe_get(phb, nic->pe)->sw_state = 0;
	ASSERT_EQ(eeh_cfg_load(phb, nic->bus, nic->devfn, 0x3c, 1, &v, &r), 0);
	EXPECT_EQ(v, 0);
	EXPECT_FALSE(r.blocked);
	/* removed device */
	eeh_driver_call(nic, EEH_CB_REMOVE, 0);
	ASSERT_EQ(eeh_cfg_load(phb, nic->bus, nic->devfn, 0, 2, &v, &r), 0);
	EXPECT_EQ(v, 0xffff);
	EXPECT_TRUE(r.blocked);
	eeh_driver_call(nic, EEH_CB_PROBE, 0);
	ASSERT_EQ(eeh_cfg_load(phb, nic->bus, nic->devfn, 0, 2, &v, &r), 0);
	EXPECT_EQ(v, 0x1234);
	/* nobody at that BDF */
	ASSERT_EQ(eeh_cfg_load(phb, 9, 0, 0, 4, &v, &r), 0);
	EXPECT_EQ(v, 0xffffffff);
	EXPECT_TRUE(r.unclaimed);
	EXPECT_EQ(r.cause, EEH_CAUSE_MASTER_ABORT);
	/* bad arguments */
	EXPECT_EQ(eeh_cfg_load(phb, 1, 0, 2, 4, &v, &r), -EINVAL);
	EXPECT_EQ(eeh_cfg_load(phb, 1, 0, 4096, 1, &v, &r), -EINVAL);
	EXPECT_EQ(eeh_cfg_load(phb, 1, 0, 0, 8, &v, &r), -EINVAL);
	eeh_model_destroy(m);
}

/* ---- traps ---- */

TEST(mmio_and_cfg_traps_trip_once)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = simple(m, EEH_PHB4, 0);
	struct eeh_func *nic = F(m, "nic");
	struct eeh_access_result r;
	struct eeh_trap t = {
		.pe = nic->pe, .access = EEH_ACC_MMIO_LOAD, .space = 0,
		.addr = nic->bars[0].addr + 0x8, .mask = ~0ULL,
		.effect = EEH_TRAP_FREEZE, .cause = EEH_CAUSE_INJECT, .func = 1,
	};
	const struct eeh_diag *d;
	u64 v;
	u32 c;

	ASSERT_EQ(eeh_trap_arm(phb, &t, NULL), 0);
	EXPECT_EQ(eeh_trap_count(phb), 1);
	/* other address, a store, or the 64-bit space: no trip */
	EXPECT_EQ_U64(rd(nic, 0x4, 4), 0);
	wr(nic, 0x8, 4, 3);
	EXPECT_EQ(eeh_trap_count(phb), 1);
	ASSERT_EQ(eeh_func_mmio_load(nic, 0, 0x8, 4, &v, &r), 0);
	EXPECT_TRUE(r.tripped);
	EXPECT_TRUE(r.frozen);
	EXPECT_EQ(r.cause, EEH_CAUSE_INJECT);
	EXPECT_EQ_U64(v, 0xffffffff);
	EXPECT_EQ(eeh_trap_count(phb), 0);
	d = eeh_diag_last(phb, nic->pe);
	ASSERT_NOT_NULL(d);
	EXPECT_EQ(d->cause, EEH_CAUSE_INJECT);
	EXPECT_EQ(d->func, 1);
	EXPECT_EQ_U64(d->addr, nic->bars[0].addr + 0x8);
	ASSERT_EQ(eeh_pe_thaw(phb, nic->pe, EEH_FREEZE_BOTH, NULL), 0);
	EXPECT_EQ_U64(rd(nic, 0x8, 4), 6);	/* 3! */

	/* a config store trap on the function's config address */
	t.access = EEH_ACC_CFG_STORE;
	t.addr = (u64)rid(nic) << 16;
	t.mask = 0xffff0000ULL;
	t.func = 10;
	ASSERT_EQ(eeh_trap_arm(phb, &t, NULL), 0);
	ASSERT_EQ(eeh_cfg_load(phb, nic->bus, nic->devfn, 0x3c, 1, &c, &r), 0);
	EXPECT_FALSE(r.tripped);
	ASSERT_EQ(eeh_cfg_store(phb, nic->bus, nic->devfn, 0x3c, 1, 9, &r), 0);
	EXPECT_TRUE(r.tripped);
	EXPECT_TRUE(r.frozen);
	EXPECT_TRUE(eeh_pe_is_frozen(phb, nic->pe, EEH_FREEZE_BOTH));
	ASSERT_EQ(eeh_pe_thaw(phb, nic->pe, EEH_FREEZE_BOTH, NULL), 0);
	ASSERT_EQ(eeh_cfg_load(phb, nic->bus, nic->devfn, 0x3c, 1, &c, &r), 0);
	EXPECT_EQ(c, 0);	/* the tripping store was dropped */

	/* a fence trap */
	t.access = EEH_ACC_MMIO_STORE;
	t.space = -1;
	t.mask = 0;
	t.effect = EEH_TRAP_FENCE;
	ASSERT_EQ(eeh_trap_arm(phb, &t, NULL), 0);
	ASSERT_EQ(eeh_func_mmio_store(nic, 0, 0x4, 4, 1, &r), 0);
	EXPECT_TRUE(r.tripped);
	EXPECT_TRUE(phb->fenced);
	eeh_model_destroy(m);
}

TEST(dma_traps_fault_or_freeze)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = simple(m, EEH_PHB4, 0);
	struct eeh_func *nic = F(m, "nic");
	struct eeh_tce_table t32, t64;
	struct eeh_access_result r;
	struct eeh_trap t = {
		.pe = nic->pe, .access = EEH_ACC_DMA_WRITE, .space = 1, .mask = 0,
		.effect = EEH_TRAP_DMA_FAULT, .cause = EEH_CAUSE_DMA_READ_ONLY, .func = -1,
	};
	u64 pg = host_buf(m, 65536);
	u8 buf[4] = { 1, 2, 3, 4 }, back[4];

	windows(phb, nic->pe, &t32, &t64);
	ASSERT_EQ(eeh_tce_put(phb, &t32, 0, pg | 3, true, NULL), 0);
	ASSERT_EQ(eeh_tce_put(phb, &t64, 0, pg | 3, true, NULL), 0);
	ASSERT_EQ(eeh_trap_arm(phb, &t, NULL), 0);
	/* 32-bit space does not match a space-1 trap */
	EXPECT_EQ(eeh_dma(phb, rid(nic), 0x10, buf, 4, true, &r), EEH_DMA_OK);
	EXPECT_EQ(eeh_dma(phb, rid(nic), EEH_TVE_64BIT_BASE + 0x20, buf, 4, true, &r),
		  EEH_DMA_FAULT);
	EXPECT_TRUE(r.tripped);
	EXPECT_EQ(r.cause, EEH_CAUSE_DMA_READ_ONLY);
	EXPECT_TRUE(eeh_pe_is_frozen(phb, nic->pe, EEH_FREEZE_BOTH));
	ASSERT_EQ(eeh_mem_read(m, pg + 0x20, back, 4), 0);
	EXPECT_EQ(back[0], 0);	/* not performed */
	ASSERT_EQ(eeh_pe_thaw(phb, nic->pe, EEH_FREEZE_BOTH, NULL), 0);

	t.effect = EEH_TRAP_FREEZE;
	t.access = EEH_ACC_DMA_READ;
	t.space = -1;
	t.cause = EEH_CAUSE_INJECT;
	ASSERT_EQ(eeh_trap_arm(phb, &t, NULL), 0);
	EXPECT_EQ(eeh_dma(phb, rid(nic), 0x10, back, 4, false, &r), EEH_DMA_BLOCKED);
	EXPECT_TRUE(r.tripped);
	EXPECT_EQ_U64(eeh_model_pe_get(phb, nic->pe)->dma_blocked, 1);
	EXPECT_EQ(eeh_diag_last(phb, nic->pe)->cause, EEH_CAUSE_INJECT);
	eeh_model_destroy(m);
}

TEST(trap_arm_refusals_and_capacity)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = simple(m, EEH_PHB4, 0);
	struct eeh_msg msg = { "" };
	struct eeh_trap t = {
		.pe = F(m, "nic")->pe, .access = EEH_ACC_MMIO_LOAD, .space = -1,
		.effect = EEH_TRAP_FREEZE, .cause = EEH_CAUSE_INJECT, .func = 0,
	};
	int i;

	t.pe = 0x1ff;
	EXPECT_EQ(eeh_trap_arm(phb, &t, &msg), -EINVAL);
	EXPECT_HAS(msg.text, "reserved");
	t.pe = 600;
	EXPECT_EQ(eeh_trap_arm(phb, &t, &msg), -ERANGE);
	t.pe = 0x10;
	EXPECT_EQ(eeh_trap_arm(phb, &t, &msg), -EINVAL);
	EXPECT_HAS(msg.text, "not in use");
	t.pe = 0x1fd;
	t.access = 0;
	EXPECT_EQ(eeh_trap_arm(phb, &t, &msg), -EINVAL);
	t.access = EEH_ACC_MMIO_LOAD;
	t.space = 2;
	EXPECT_EQ(eeh_trap_arm(phb, &t, &msg), -EINVAL);
	t.space = -1;
	for (i = 0; i < EEH_MAX_TRAPS; i++)
		ASSERT_EQ(eeh_trap_arm(phb, &t, &msg), 0);
	EXPECT_EQ(phb->traps[EEH_MAX_TRAPS - 1].id, (u32)EEH_MAX_TRAPS);
	EXPECT_EQ(eeh_trap_arm(phb, &t, &msg), -ENOSPC);
	EXPECT_HAS(msg.text, "trap slots");
	eeh_trap_disarm_all(phb);
	EXPECT_EQ(eeh_trap_count(phb), 0);
	eeh_model_destroy(m);
}

/* ---- drivers ---- */

TEST(callback_log_records_in_order)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = tree(m);
	struct eeh_func *a = F(m, "a"), *b = F(m, "b");
	struct eeh_cb_rec recs[8];
	int n;

	a->drv.ans_error_detected = EEH_ERS_CAN_RECOVER;
	EXPECT_EQ(eeh_driver_call(a, EEH_CB_ERROR_DETECTED, EEH_IO_FROZEN), EEH_ERS_CAN_RECOVER);
	eeh_model_advance(m, 250);
	EXPECT_EQ(eeh_driver_call(b, EEH_CB_ERROR_DETECTED, EEH_IO_FROZEN), EEH_ERS_NEED_RESET);
	EXPECT_EQ(eeh_driver_call(a, EEH_CB_MMIO_ENABLED, 0), EEH_ERS_RECOVERED);
	EXPECT_EQ(eeh_driver_call(b, EEH_CB_SLOT_RESET, 0), EEH_ERS_RECOVERED);
	EXPECT_EQ(eeh_driver_call(b, EEH_CB_RESUME, 0), 0);
	n = eeh_cblog_since(m, 0, recs, 8);
	ASSERT_EQ(n, 5);
	EXPECT_EQ_U64(recs[0].seq, 1);
	EXPECT_EQ(recs[0].func, a->id);
	EXPECT_EQ(recs[0].cb, EEH_CB_ERROR_DETECTED);
	EXPECT_EQ(recs[0].state, EEH_IO_FROZEN);
	EXPECT_EQ(recs[0].result, EEH_ERS_CAN_RECOVER);
	EXPECT_EQ_U64(recs[0].time_ms, 0);
	EXPECT_EQ_U64(recs[1].time_ms, 250);
	EXPECT_EQ(recs[1].func, b->id);
	EXPECT_EQ(recs[2].cb, EEH_CB_MMIO_ENABLED);
	EXPECT_EQ(recs[2].state, 0);
	EXPECT_EQ(recs[3].cb, EEH_CB_SLOT_RESET);
	EXPECT_EQ(recs[4].cb, EEH_CB_RESUME);
	EXPECT_EQ(recs[4].result, 0);
	EXPECT_EQ(recs[4].phb, phb->index);
	n = eeh_cblog_since(m, 3, recs, 8);
	ASSERT_EQ(n, 2);
	EXPECT_EQ_U64(recs[0].seq, 4);
	EXPECT_EQ(eeh_cblog_since(m, 3, recs, 1), 1);
	eeh_model_destroy(m);
}

TEST(callback_log_ring_keeps_the_newest)
{
	struct eeh_model *m = new_model();
	struct eeh_func *a;
	struct eeh_cb_rec recs[EEH_CBLOG_MAX];
	int i, n;

	tree(m);
	a = F(m, "a");
	for (i = 0; i < EEH_CBLOG_MAX + 10; i++)
		eeh_driver_call(a, EEH_CB_RESUME, 0);
	n = eeh_cblog_since(m, 0, recs, EEH_CBLOG_MAX);
	ASSERT_EQ(n, EEH_CBLOG_MAX);
	EXPECT_EQ_U64(recs[0].seq, 11);
	EXPECT_EQ_U64(recs[n - 1].seq, EEH_CBLOG_MAX + 10);
	eeh_model_destroy(m);
}

TEST(handlerless_unbound_remove_probe)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = simple(m, EEH_PHB4, 0);
	struct eeh_func *nic = F(m, "nic");
	struct eeh_cb_rec recs[4];

	EXPECT_FALSE(F(m, "rp")->drv.bound);
	EXPECT_TRUE(nic->drv.bound);
	nic->drv.handlers = false;
	EXPECT_EQ(eeh_driver_call(nic, EEH_CB_ERROR_DETECTED, EEH_IO_FROZEN), 0);
	EXPECT_EQ_U64(m->ncb, 0);
	EXPECT_EQ(eeh_driver_call(nic, EEH_CB_REMOVE, 0), 0);
	EXPECT_FALSE(nic->present);
	EXPECT_FALSE(nic->drv.bound);
	EXPECT_EQ(eeh_driver_call(nic, EEH_CB_SLOT_RESET, 0), 0);	/* unbound */
	nic->drv.handlers = true;
	EXPECT_EQ(eeh_driver_call(nic, EEH_CB_SLOT_RESET, 0), 0);
	EXPECT_EQ(eeh_driver_call(nic, EEH_CB_PROBE, 0), 0);
	EXPECT_TRUE(nic->present);
	EXPECT_TRUE(nic->drv.bound);
	ASSERT_EQ(eeh_cblog_since(m, 0, recs, 4), 2);
	EXPECT_EQ(recs[0].cb, EEH_CB_REMOVE);
	EXPECT_EQ(recs[1].cb, EEH_CB_PROBE);
	/* the rescanned device answers MMIO again */
	EXPECT_EQ_U64(rd(nic, EDU_REG_ID, 4), EDU_ID_VALUE);
	(void)phb;
	eeh_model_destroy(m);
}

TEST(name_helpers)
{
	EXPECT_STREQ(eeh_cause_name(EEH_CAUSE_NONE), "none");
	EXPECT_STREQ(eeh_cause_name(EEH_CAUSE_FREEZE_REQ), "freeze");
	EXPECT_STREQ(eeh_cause_name(EEH_CAUSE_DMA_INVALID_TCE), "invalid-tce");
	EXPECT_STREQ(eeh_cause_name(EEH_CAUSE_DMA_OUT_OF_WINDOW), "out-of-window");
	EXPECT_STREQ(eeh_cause_name(EEH_CAUSE_MMIO_UR), "mmio-ur");
	EXPECT_STREQ(eeh_cause_name(EEH_CAUSE_FENCE), "fence");
	EXPECT_STREQ(eeh_cause_name(EEH_CAUSE__COUNT), "?");
	EXPECT_STREQ(eeh_cb_name(EEH_CB_ERROR_DETECTED), "error_detected");
	EXPECT_STREQ(eeh_cb_name(EEH_CB_PROBE), "probe");
	EXPECT_STREQ(eeh_ers_name(EEH_ERS_CAN_RECOVER), "can_recover");
	EXPECT_STREQ(eeh_ers_name(EEH_ERS_NO_AER_DRIVER), "no_aer_driver");
	EXPECT_STREQ(eeh_fw_state_name(EEH_FW_MMIO_DMA_FREEZE), "frozen");
	EXPECT_STREQ(eeh_fw_state_name(EEH_FW_PERM_UNAVAIL), "perm-unavail");
	EXPECT_STREQ(eeh_fw_state_name(EEH_FW_NOT_FROZEN), "normal");
	EXPECT_EQ(eeh_hex_digit('0'), 0);
	EXPECT_EQ(eeh_hex_digit('9'), 9);
	EXPECT_EQ(eeh_hex_digit('a'), 10);
	EXPECT_EQ(eeh_hex_digit('F'), 15);
	EXPECT_EQ(eeh_hex_digit('g'), -1);
	EXPECT_EQ(eeh_hex_digit('/'), -1);
	EXPECT_EQ(eeh_hex_digit(-1), -1);
}

/* ---- host memory ---- */

TEST(host_memory_sparse_and_capped)
{
	struct eeh_model_config cfg = { .mem_cap = 2 * 4096 };
	struct eeh_model *m = eeh_model_create(&cfg);
	struct eeh_msg msg = { "" };
	u8 big[3 * 4096], zero[4096] = { 0 }, back[16];
	u64 pa;

	ASSERT_NOT_NULL(m);
	/* a huge reservation costs nothing until written */
	ASSERT_EQ(eeh_mem_alloc(m, 1ULL << 40, 1ULL << 20, &pa, &msg), 0);
	EXPECT_EQ(pa & ((1 << 20) - 1), 0);
	EXPECT_EQ_U64(m->mem_used, 0);
	ASSERT_EQ(eeh_mem_read(m, pa + 12345, back, 16), 0);
	EXPECT_EQ(back[3], 0);
	ASSERT_EQ(eeh_mem_write(m, pa, zero, 4096), 0);
	EXPECT_EQ_U64(m->mem_used, 0);	/* zeros need no page */
	memset(big, 0x5a, sizeof(big));
	EXPECT_EQ(eeh_mem_write(m, pa, big, sizeof(big)), -ENOMEM);
	EXPECT_EQ_U64(m->mem_used, 0);	/* refused whole */
	ASSERT_EQ(eeh_mem_write(m, pa + 100, big, 4096), 0);	/* two pages */
	EXPECT_EQ_U64(m->mem_used, 8192);
	ASSERT_EQ(eeh_mem_read(m, pa + 96, back, 8), 0);
	EXPECT_EQ(back[3], 0);
	EXPECT_EQ(back[4], 0x5a);
	EXPECT_EQ(eeh_mem_write(m, pa + 3 * 4096, big, 1), -ENOMEM);
	ASSERT_EQ(eeh_mem_write(m, pa + 4096, zero, 16), 0);	/* existing page */
	ASSERT_EQ(eeh_mem_read(m, pa + 4096, back, 4), 0);
	EXPECT_EQ(back[0], 0);
	/* refusals */
	EXPECT_EQ(eeh_mem_alloc(m, 0, 0, &pa, &msg), -EINVAL);
	EXPECT_EQ(eeh_mem_alloc(m, 4096, 3000, &pa, &msg), -EINVAL);
	EXPECT_HAS(msg.text, "power of two");
	EXPECT_EQ(eeh_mem_alloc(m, 1ULL << 53, 0, &pa, &msg), -ENOSPC);
	EXPECT_EQ(eeh_mem_read(m, ~0ULL - 4, back, 16), -EINVAL);
	eeh_model_destroy(m);
}

TEST(tce_put_hits_memory_cap)
{
	struct eeh_model_config cfg = { .mem_cap = 4096 };
	struct eeh_model *m = eeh_model_create(&cfg);
	struct eeh_tce_table t;
	struct eeh_phb *phb;
	struct eeh_msg msg = { "" };
	int rp;

	ASSERT_NOT_NULL(m);
	ASSERT_EQ(eeh_phb_add(m, 0, EEH_PHB4, 0, &msg), 0);
	phb = eeh_phb_get(m, 0);
	rp = RP(phb, "rp");
	ASSERT_GE(EDU(phb, "nic", rp), 0);
	ASSERT_EQ(eeh_phb_enumerate(phb, &msg), 0);
	ASSERT_EQ(eeh_tce_table_create(m, 12, 1ULL << 40, 2, 0, &t, &msg), 0);
	/* the top level page takes the whole cap, the next level has no room */
	EXPECT_EQ(eeh_tce_put(phb, &t, 0, 0x1000 | 3, true, &msg), -ENOMEM);
	EXPECT_HAS(msg.text, "cap");
	EXPECT_EQ_U64(phb->tce_kills, 0);
	eeh_model_destroy(m);
}

/* ---- allocation failures ---- */

static int build_all(struct eeh_model **out)
{
	struct eeh_model *m = eeh_model_create(NULL);
	struct eeh_phb *phb;
	struct eeh_msg msg;
	int rc, rp, sw, d0;

	*out = m;
	if (!m)
		return -ENOMEM;
	rc = eeh_phb_add(m, 0, EEH_PHB4, 0, &msg);
	if (rc)
		return rc;
	rc = eeh_phb_add(m, 1, EEH_PHB3, 0, &msg);
	if (rc)
		return rc;
	phb = eeh_phb_get(m, 0);
	rp = RP(phb, "rp");
	if (rp < 0)
		return rp;
	sw = UP(phb, "sw", rp);
	if (sw < 0)
		return sw;
	d0 = DOWN(phb, "sw.0", sw);
	if (d0 < 0)
		return d0;
	rc = PLAIN(phb, "p", d0, 3, 4096, 8192);
	if (rc < 0)
		return rc;
	rp = RP(eeh_phb_get(m, 1), "rp1");
	if (rp < 0)
		return rp;
	rc = EDU(eeh_phb_get(m, 1), "e", rp);
	if (rc < 0)
		return rc;
	rc = eeh_phb_enumerate(phb, &msg);
	if (rc)
		return rc;
	return eeh_phb_enumerate(eeh_phb_get(m, 1), &msg);
}

TEST(fail_nth_walk_over_create_and_enumerate)
{
	size_t base = eeh_shim_live_bytes(), blocks = eeh_shim_live_blocks();
	struct eeh_model *m;
	unsigned int n;
	int rc, failures = 0;

	quiet = true;
	for (n = 1; n < 500; n++) {
		eeh_shim_fail_nth(n);
		rc = build_all(&m);
		eeh_shim_fail_nth(0);
		if (rc == 0) {
			eeh_model_destroy(m);
			break;
		}
		EXPECT_EQ(rc, -ENOMEM);
		failures++;
		/* a failed step leaves a usable model: it destroys cleanly */
		eeh_model_destroy(m);
		ASSERT_EQ(eeh_shim_live_bytes(), base);
		ASSERT_EQ(eeh_shim_live_blocks(), blocks);
	}
	EXPECT_LT(n, 500);
	EXPECT_GT(failures, 20);
	EXPECT_EQ(eeh_shim_live_bytes(), base);
	EXPECT_EQ(eeh_shim_live_blocks(), blocks);
}

TEST(destroy_frees_everything)
{
	size_t base = eeh_shim_live_bytes();
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = tree(m);
	struct eeh_func *a = F(m, "a");
	struct eeh_tce_table t32, t64;
	u8 buf[64] = { 1 };

	windows(phb, a->pe, &t32, &t64);
	ASSERT_EQ(eeh_tce_put(phb, &t64, 77, host_buf(m, 65536) | 3, true, NULL), 0);
	EXPECT_EQ(eeh_dma(phb, rid(a), EEH_TVE_64BIT_BASE + (77 << 16), buf, 64, true, NULL),
		  EEH_DMA_OK);
	EXPECT_GT(m->mem_used, 0);
	EXPECT_GT(eeh_shim_live_bytes(), base);
	eeh_model_destroy(m);
	EXPECT_EQ(eeh_shim_live_bytes(), base);
}

TEST(diag_ring_and_virtual_time)
{
	struct eeh_model *m = new_model();
	struct eeh_phb *phb = tree(m);
	const struct eeh_diag *d;
	int i;

	eeh_model_advance(m, 1000);
	for (i = 0; i < EEH_DIAG_MAX + 3; i++) {
		ASSERT_EQ(eeh_pe_freeze(phb, i % 2 ? 0x1fb : 0x1f6, EEH_FREEZE_BOTH,
					EEH_CAUSE_FREEZE_REQ, -1, i, NULL), 0);
		eeh_model_advance(m, 1);
	}
	EXPECT_EQ_U64(phb->ndiag, EEH_DIAG_MAX + 3);
	d = eeh_diag_last(phb, 0x1f6);
	ASSERT_NOT_NULL(d);
	EXPECT_EQ_U64(d->addr, EEH_DIAG_MAX + 2);
	EXPECT_EQ_U64(d->time_ms, 1000 + EEH_DIAG_MAX + 2);
	d = eeh_diag_last(phb, 0x1fb);
	ASSERT_NOT_NULL(d);
	EXPECT_EQ_U64(d->seq, EEH_DIAG_MAX + 2);
	EXPECT_TRUE(eeh_diag_last(phb, 0x1f8) == NULL);
	eeh_model_destroy(m);
}
