// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for inject/: the function catalogue, the firmware answers,
 * validation and refusals, and what each armed function does to the
 * model (which access trips it, what freezes, what the diag records).
 */
#include "harness.h"
#include "eehlab/inject.h"

#include "fixture.h"

/* A 1 MiB window of 4K TCEs in both TVEs of @f's PE, bus page 1 mapped
 * read-write to a host page: DMA at base + 0x1000 works. */
static void topo_dma(struct topo *t, struct eeh_func *f)
{
	struct eeh_msg msg = { "" };
	struct eeh_tce_table tbl;
	u64 host;
	int w, rc;

	for (w = 0; w <= 1; w++) {
		rc = eeh_tce_table_create(t->m, 12, 1 << 20, 1,
					  w ? EEH_TVE_64BIT_BASE : 0, &tbl, &msg);
		if (!rc)
			rc = eeh_tve_set(t->phb, f->pe, w, &tbl, &msg);
		if (!rc)
			rc = eeh_mem_alloc(t->m, 4096, 4096, &host, &msg);
		if (!rc)
			rc = eeh_tce_put(t->phb, &tbl, 1,
					 host | EEH_TCE_READ | EEH_TCE_WRITE,
					 true, &msg);
		if (rc)
			printf("# dma setup: %s\n", msg.text);
		ASSERT_EQ(0, rc);
	}
}

static bool any_frozen(struct eeh_phb *phb)
{
	int i;

	for (i = 0; i < phb->num_pes; i++)
		if (eeh_model_pe_get(phb, i) &&
		    eeh_pe_fw_state(phb, i) != EEH_FW_NOT_FROZEN)
			return true;
	return phb->fenced;
}

static int func_req(struct topo *t, int pe, int type, int func, u64 addr,
		    u64 mask, struct eeh_inj_result *res, struct eeh_msg *msg)
{
	struct eeh_inj_req req = {
		.kind = EEH_INJ_FUNC, .phb = 0, .pe = pe, .type = type,
		.func = func, .addr = addr, .mask = mask,
	};

	return eeh_inject(t->m, &req, res, msg);
}

static u16 rid(const struct eeh_func *f)
{
	return (u16)(f->bus << 8 | f->devfn);
}

/* ---- catalogue ---- */

TEST(func_names_and_lookup)
{
	static const char *const names[] = {
		"LD_MEM_ADDR", "LD_MEM_DATA", "LD_IO_ADDR", "LD_IO_DATA",
		"LD_CFG_ADDR", "LD_CFG_DATA", "ST_MEM_ADDR", "ST_MEM_DATA",
		"ST_IO_ADDR", "ST_IO_DATA", "ST_CFG_ADDR", "ST_CFG_DATA",
		"DMA_RD_ADDR", "DMA_RD_DATA", "DMA_RD_MASTER", "DMA_RD_TARGET",
		"DMA_WR_ADDR", "DMA_WR_DATA", "DMA_WR_MASTER", "DMA_WR_TARGET",
	};
	int i;

	for (i = 0; i < 20; i++) {
		EXPECT_STREQ(names[i], eeh_inj_func_name(i));
		EXPECT_EQ(i, eeh_inj_func_lookup(names[i]));
	}
	EXPECT_TRUE(eeh_inj_func_name(20) == NULL);
	EXPECT_TRUE(eeh_inj_func_name(-1) == NULL);
	EXPECT_EQ(0, eeh_inj_func_lookup("ld_mem_addr"));
	EXPECT_EQ(19, eeh_inj_func_lookup("Dma_Wr_Target"));
	EXPECT_EQ(11, eeh_inj_func_lookup("EEH_ERR_FUNC_ST_CFG_DATA"));
	EXPECT_EQ(4, eeh_inj_func_lookup("ioa_ld_cfg_addr"));
	EXPECT_EQ(7, eeh_inj_func_lookup("7"));
	EXPECT_EQ(19, eeh_inj_func_lookup("0x13"));
	EXPECT_EQ(0, eeh_inj_func_lookup("0"));
	EXPECT_EQ(-1, eeh_inj_func_lookup("20"));
	EXPECT_EQ(-1, eeh_inj_func_lookup("0x"));
	EXPECT_EQ(-1, eeh_inj_func_lookup("7x"));
	EXPECT_EQ(-1, eeh_inj_func_lookup("LD_MEM"));
	EXPECT_EQ(-1, eeh_inj_func_lookup("LD_MEM_ADDRX"));
	EXPECT_EQ(-1, eeh_inj_func_lookup(""));
	EXPECT_EQ(-1, eeh_inj_func_lookup(NULL));
	EXPECT_STREQ("accepted", eeh_fw_answer_name(EEH_FW_ACCEPTED));
	EXPECT_STREQ("parameter", eeh_fw_answer_name(EEH_FW_PARAMETER));
	EXPECT_STREQ("unsupported", eeh_fw_answer_name(EEH_FW_UNSUPPORTED));
}

/* skiboot hw/phb3.c, hw/phb4.c phbN_err_inject */
static enum eeh_fw_answer expected_fw(enum eeh_phb_model model, int func)
{
	if (func == 2 || func == 3 || func == 8 || func == 9)
		return EEH_FW_PARAMETER;
	if (model == EEH_PHB4 && !(func == 4 || func == 5 || func == 10 ||
				   func == 11))
		return EEH_FW_UNSUPPORTED;
	return EEH_FW_ACCEPTED;
}

TEST(fw_answer_table)
{
	int type, func;

	for (type = 0; type <= 1; type++) {
		for (func = 0; func <= 19; func++) {
			EXPECT_EQ(expected_fw(EEH_PHB3, func),
				  eeh_inj_fw_answer(EEH_PHB3, type, func));
			EXPECT_EQ(expected_fw(EEH_PHB4, func),
				  eeh_inj_fw_answer(EEH_PHB4, type, func));
		}
	}
	/* spot checks, spelled out */
	EXPECT_EQ(EEH_FW_ACCEPTED, eeh_inj_fw_answer(EEH_PHB4, 0, 4));
	EXPECT_EQ(EEH_FW_UNSUPPORTED, eeh_inj_fw_answer(EEH_PHB4, 0, 0));
	EXPECT_EQ(EEH_FW_UNSUPPORTED, eeh_inj_fw_answer(EEH_PHB4, 1, 12));
	EXPECT_EQ(EEH_FW_PARAMETER, eeh_inj_fw_answer(EEH_PHB4, 0, 2));
	EXPECT_EQ(EEH_FW_PARAMETER, eeh_inj_fw_answer(EEH_PHB3, 1, 9));
	EXPECT_EQ(EEH_FW_ACCEPTED, eeh_inj_fw_answer(EEH_PHB3, 1, 0));
	EXPECT_EQ(EEH_FW_ACCEPTED, eeh_inj_fw_answer(EEH_PHB3, 0, 19));
	EXPECT_EQ(EEH_FW_PARAMETER, eeh_inj_fw_answer(EEH_PHB3, 0, 20));
}

/* ---- every function x type on a leaf PE ---- */

enum acc { A_MMIO_LD, A_MMIO_ST, A_CFG_LD, A_CFG_ST, A_DMA_RD, A_DMA_WR,
	   A__COUNT };

static const char *const acc_names[] = {
	"mmio load", "mmio store", "cfg load", "cfg store", "dma read",
	"dma write",
};

/* Do one access of kind @a on @f (space @type for MMIO and DMA);
 * returns whether it tripped a trap. */
static bool do_access(struct topo *t, struct eeh_func *f, enum acc a, int type)
{
	struct eeh_access_result r;
	u8 buf[8] = { 0 };
	u64 v = 0;
	u32 c = 0;
	int bar = type ? 2 : 0;
	u64 dma = (type ? EEH_TVE_64BIT_BASE : 0) + 0x1000;

	memset(&r, 0, sizeof(r));
	if (!f->bars[bar].size)
		bar = 0;
	switch (a) {
	case A_MMIO_LD:
		eeh_func_mmio_load(f, bar, 0x8, 4, &v, &r);
		break;
	case A_MMIO_ST:
		eeh_func_mmio_store(f, bar, 0x8, 4, 0x1234, &r);
		break;
	case A_CFG_LD:
		eeh_cfg_load(t->phb, f->bus, f->devfn, 0x0, 4, &c, &r);
		break;
	case A_CFG_ST:
		eeh_cfg_store(t->phb, f->bus, f->devfn, 0x3c, 1, 0x5, &r);
		break;
	case A_DMA_RD:
		eeh_dma(t->phb, rid(f), dma, buf, sizeof(buf), false, &r);
		break;
	case A_DMA_WR:
		eeh_dma(t->phb, rid(f), dma, buf, sizeof(buf), true, &r);
		break;
	default:
		break;
	}
	return r.tripped;
}

static int func_kind(int func)
{
	switch (func) {
	case 0: case 1: return A_MMIO_LD;
	case 6: case 7: return A_MMIO_ST;
	case 4: case 5: return A_CFG_LD;
	case 10: case 11: return A_CFG_ST;
	case 12: case 13: case 14: case 15: return A_DMA_RD;
	case 16: case 17: case 18: case 19: return A_DMA_WR;
	default: return -1;	/* I/O: no access trips it */
	}
}

static enum eeh_cause func_cause(int func)
{
	if (func == 14 || func == 18)
		return EEH_CAUSE_MASTER_ABORT;
	if (func == 15 || func == 19)
		return EEH_CAUSE_TARGET_ABORT;
	return EEH_CAUSE_INJECT;
}

static void one_func(enum eeh_phb_model model, int type, int func)
{
	struct topo t;
	struct eeh_inj_result res;
	struct eeh_msg msg = { "" };
	const struct eeh_diag *d;
	int kind = func_kind(func), a, rc;
	enum eeh_fw_answer fw = expected_fw(model, func);

	topo_build(&t, model);
	topo_dma(&t, t.disk);
	topo_dma(&t, t.nic);

	memset(&res, 0xa5, sizeof(res));
	rc = func_req(&t, t.pe_disk, type, func, 0, 0, &res, &msg);
	if (rc)
		printf("# %s\n", msg.text);
	ASSERT_EQ(0, rc);
	EXPECT_EQ(fw, res.fw);
	EXPECT_NE(0, res.trap_id);
	EXPECT_EQ(1, eeh_trap_count(t.phb));

	/* nothing else trips it: other kinds on the PE, any kind elsewhere */
	for (a = 0; a < A__COUNT; a++) {
		if (a == kind)
			continue;
		if (do_access(&t, t.disk, a, type)) {
			printf("# PHB%d type %d func %d: %s tripped it\n",
			       model, type, func, acc_names[a]);
			th_failed = 1;
		}
	}
	for (a = 0; a < A__COUNT; a++)
		if (do_access(&t, t.nic, a, type)) {
			printf("# PHB%d type %d func %d: %s of another PE tripped it\n",
			       model, type, func, acc_names[a]);
			th_failed = 1;
		}
	if (kind >= A_MMIO_LD && kind <= A_MMIO_ST) {
		/* the other address space does not trip it either */
		if (do_access(&t, t.disk, kind, !type)) {
			printf("# PHB%d type %d func %d: the other space tripped it\n",
			       model, type, func);
			th_failed = 1;
		}
	}
	EXPECT_FALSE(any_frozen(t.phb));

	if (kind < 0) {
		/* I/O functions: armed, never tripped (no I/O space) */
		EXPECT_EQ(1, eeh_trap_count(t.phb));
		topo_free(&t);
		return;
	}
	EXPECT_EQ(1, eeh_trap_count(t.phb));
	if (kind == A_DMA_RD || kind == A_DMA_WR) {
		struct eeh_access_result r;
		u8 buf[8];
		u64 dma = (type ? EEH_TVE_64BIT_BASE : 0) + 0x1000;

		/* the DMA that trips it is not performed: it fails */
		EXPECT_EQ(EEH_DMA_FAULT,
			  eeh_dma(t.phb, rid(t.disk), dma, buf, sizeof(buf),
				  kind == A_DMA_WR, &r));
		EXPECT_TRUE(r.tripped);
		EXPECT_EQ(func_cause(func), r.cause);
	} else {
		EXPECT_TRUE(do_access(&t, t.disk, kind, type));
	}
	EXPECT_EQ(0, eeh_trap_count(t.phb));
	EXPECT_EQ(EEH_FW_MMIO_DMA_FREEZE, eeh_pe_fw_state(t.phb, t.pe_disk));
	EXPECT_EQ(EEH_FW_NOT_FROZEN, eeh_pe_fw_state(t.phb, t.pe_nic));
	d = eeh_diag_last(t.phb, t.pe_disk);
	ASSERT_NOT_NULL(d);
	EXPECT_EQ(func, d->func);
	EXPECT_EQ(func_cause(func), d->cause);
	EXPECT_EQ(t.pe_disk, d->pe);
	/* tripped once: the next access finds the PE frozen, no new trip */
	EXPECT_FALSE(do_access(&t, t.disk, kind, type));
	topo_free(&t);
}

static void all_funcs(enum eeh_phb_model model)
{
	int type, func;

	for (type = 0; type <= 1; type++)
		for (func = 0; func <= 19; func++)
			one_func(model, type, func);
}

TEST(every_function_phb3)
{
	all_funcs(EEH_PHB3);
}

TEST(every_function_phb4)
{
	all_funcs(EEH_PHB4);
}

/* ---- address and mask defaulting ---- */

TEST(mem32_default_and_given_address)
{
	struct topo t;
	struct eeh_inj_result res;
	u64 bar;

	topo_build(&t, EEH_PHB3);
	bar = t.disk->bars[0].addr;
	ASSERT_EQ(0, func_req(&t, t.pe_disk, 0, EEH_ERR_FUNC_LD_MEM_ADDR,
			      0x1234, 0x0, &res, NULL));
	/* outside the PE's segments: the PE's segment run, its size mask */
	EXPECT_EQ_U64(0, (bar ^ res.addr) & res.mask);
	EXPECT_EQ_U64(t.phb->m32_base + (res.addr - t.phb->m32_base), res.addr);
	EXPECT_EQ_U64(0, (res.addr - t.phb->m32_base) % t.phb->m32_segsize);
	EXPECT_EQ_U64(~(t.phb->m32_segsize - 1), res.mask);
	EXPECT_EQ(t.pe_disk, t.phb->m32_segmap[(res.addr - t.phb->m32_base) /
					      t.phb->m32_segsize]);
	eeh_trap_disarm_all(t.phb);

	/* inside: taken as given, mask too */
	ASSERT_EQ(0, func_req(&t, t.pe_disk, 0, EEH_ERR_FUNC_LD_MEM_ADDR,
			      bar + 0x10, ~0xfULL, &res, NULL));
	EXPECT_EQ_U64(bar + 0x10, res.addr);
	EXPECT_EQ_U64(~0xfULL, res.mask);
	{
		u64 v;
		struct eeh_access_result r;

		/* 0x20 is outside addr/mask: no trip; 0x18 is inside */
		eeh_func_mmio_load(t.disk, 0, 0x20, 4, &v, &r);
		EXPECT_FALSE(r.tripped);
		eeh_func_mmio_load(t.disk, 0, 0x18, 4, &v, &r);
		EXPECT_TRUE(r.tripped);
		EXPECT_EQ_U64(0xffffffff, v);
	}
	topo_free(&t);
}

TEST(mem64_default_is_the_pe_segment)
{
	struct topo t;
	struct eeh_inj_result res;
	u64 seg;

	topo_build(&t, EEH_PHB3);
	seg = t.phb->m64_base + t.phb->m64_segsize * (u64)t.pe_disk;
	ASSERT_EQ(0, func_req(&t, t.pe_disk, 1, EEH_ERR_FUNC_ST_MEM_DATA, 0, 0,
			      &res, NULL));
	EXPECT_EQ_U64(seg, res.addr);
	EXPECT_EQ_U64(~(t.phb->m64_segsize - 1), res.mask);
	EXPECT_EQ(EEH_FW_ACCEPTED, res.fw);
	EXPECT_EQ_U64(0, (t.disk->bars[2].addr ^ res.addr) & res.mask);
	topo_free(&t);
}

TEST(mem64_on_pe_without_64bit_bar)
{
	struct topo t;
	struct eeh_inj_result res;
	u64 v;
	struct eeh_access_result r;

	/* shared M64: every PE owns a segment, so PHB3 firmware accepts;
	 * nothing decodes it, so the edu's 32-bit BAR never trips it */
	topo_build(&t, EEH_PHB3);
	ASSERT_EQ(0, func_req(&t, t.pe_nic, 1, EEH_ERR_FUNC_LD_MEM_ADDR, 0, 0,
			      &res, NULL));
	EXPECT_EQ(EEH_FW_ACCEPTED, res.fw);
	EXPECT_EQ_U64(t.phb->m64_base + t.phb->m64_segsize * (u64)t.pe_nic,
		      res.addr);
	eeh_func_mmio_load(t.nic, 0, EDU_REG_ID, 4, &v, &r);
	EXPECT_FALSE(r.tripped);
	EXPECT_EQ_U64(EDU_ID_VALUE, v);
	EXPECT_EQ(1, eeh_trap_count(t.phb));
	topo_free(&t);
}

TEST(mem32_on_pe_without_m32_segment)
{
	struct topo t;
	struct eeh_inj_result res;

	/* the switch's downstream-bus PE has no BARs: PHB3 firmware finds
	 * no M32 segment (OPAL_PARAMETER); the model arms as asked */
	topo_build(&t, EEH_PHB3);
	ASSERT_EQ(0, t.phb->pes[t.pe_dn].m32_segs);
	ASSERT_EQ(0, func_req(&t, t.pe_dn, 0, EEH_ERR_FUNC_LD_MEM_ADDR,
			      0x1000, 0xfff000, &res, NULL));
	EXPECT_EQ(EEH_FW_PARAMETER, res.fw);
	EXPECT_EQ_U64(0x1000, res.addr);
	EXPECT_EQ_U64(0xfff000, res.mask);
	topo_free(&t);
}

TEST(cfg_default_and_given_address)
{
	struct topo t;
	struct eeh_inj_result res;
	struct eeh_access_result r;
	u64 bdfn;
	u32 v;

	topo_build(&t, EEH_PHB4);
	bdfn = rid(t.disk);
	ASSERT_EQ(0, func_req(&t, t.pe_disk, 0, EEH_ERR_FUNC_LD_CFG_ADDR, 0, 0,
			      &res, NULL));
	/* skiboot: a bus PE (the next device number maps to it too) gets
	 * the bus field (PHB_PAPR_ERR_INJ_MASK_CFG), else the first RID of
	 * the PE (PHB_PAPR_ERR_INJ_MASK_CFG_ALL) */
	if (t.phb->rtt[bdfn + 8] == t.pe_disk) {
		EXPECT_EQ_U64((u64)t.disk->bus << 24, res.addr);
		EXPECT_EQ_U64(0xff000000ULL, res.mask);
	} else {
		EXPECT_EQ_U64(bdfn << 16, res.addr);
		EXPECT_EQ_U64(0xffff0000ULL, res.mask);
	}
	{
		u32 w;

		/* the default trips on any config read of the disk */
		eeh_cfg_load(t.phb, t.disk->bus, t.disk->devfn, 0x2c, 4, &w, &r);
		EXPECT_TRUE(r.tripped);
		ASSERT_EQ(0, eeh_pe_thaw(t.phb, t.pe_disk, EEH_FREEZE_BOTH, NULL));
	}
	EXPECT_EQ(EEH_FW_ACCEPTED, res.fw);
	eeh_trap_disarm_all(t.phb);

	/* an address of the PE: as given */
	ASSERT_EQ(0, func_req(&t, t.pe_disk, 0, EEH_ERR_FUNC_LD_CFG_DATA,
			      bdfn << 16 | 0x10, 0xffffffffULL, &res, NULL));
	EXPECT_EQ_U64(bdfn << 16 | 0x10, res.addr);
	EXPECT_EQ_U64(0xffffffffULL, res.mask);
	eeh_cfg_load(t.phb, t.disk->bus, t.disk->devfn, 0x0, 4, &v, &r);
	EXPECT_FALSE(r.tripped);
	eeh_cfg_load(t.phb, t.disk->bus, t.disk->devfn, 0x10, 4, &v, &r);
	EXPECT_TRUE(r.tripped);
	EXPECT_EQ_U64(0xffffffff, v);
	topo_free(&t);
}

TEST(dma_default_is_the_window)
{
	struct topo t;
	struct eeh_inj_result res;

	topo_build(&t, EEH_PHB3);
	topo_dma(&t, t.disk);
	ASSERT_EQ(0, func_req(&t, t.pe_disk, 1, EEH_ERR_FUNC_DMA_RD_MASTER, 0,
			      0, &res, NULL));
	EXPECT_EQ(EEH_FW_ACCEPTED, res.fw);
	EXPECT_EQ_U64(EEH_TVE_64BIT_BASE, res.addr);
	EXPECT_EQ_U64(~((1ULL << 20) - 1), res.mask);
	/* inside the window: as given */
	ASSERT_EQ(0, func_req(&t, t.pe_disk, 0, EEH_ERR_FUNC_DMA_WR_DATA,
			      0x3000, ~0xfffULL, &res, NULL));
	EXPECT_EQ_U64(0x3000, res.addr);
	EXPECT_EQ_U64(~0xfffULL, res.mask);
	/* outside: the window */
	ASSERT_EQ(0, func_req(&t, t.pe_disk, 0, EEH_ERR_FUNC_DMA_WR_DATA,
			      1ULL << 30, ~0xfffULL, &res, NULL));
	EXPECT_EQ_U64(0, res.addr);
	EXPECT_EQ_U64(~((1ULL << 20) - 1), res.mask);
	topo_free(&t);
}

TEST(dma_default_without_window)
{
	struct topo t;
	struct eeh_inj_result res;

	topo_build(&t, EEH_PHB3);
	ASSERT_EQ(0, func_req(&t, t.pe_disk, 1, EEH_ERR_FUNC_DMA_WR_ADDR, 0, 0,
			      &res, NULL));
	EXPECT_EQ(EEH_FW_UNSUPPORTED, res.fw);
	EXPECT_EQ_U64(EEH_TVE_64BIT_BASE, res.addr);
	EXPECT_EQ_U64(0, res.mask);
	ASSERT_EQ(0, func_req(&t, t.pe_disk, 0, EEH_ERR_FUNC_DMA_RD_ADDR,
			      0x5000, 0xff, &res, NULL));
	EXPECT_EQ_U64(0, res.addr);
	EXPECT_EQ_U64(0, res.mask);
	topo_free(&t);
}

/* ---- refusals: errno, message, nothing changed ---- */

static void expect_refused(struct topo *t, const struct eeh_inj_req *req,
			   int err, const char *text)
{
	struct eeh_msg msg = { "" };
	struct eeh_inj_result res = { .trap_id = 77 };
	u64 ndiag = t->phb->ndiag;
	u32 seq = t->m->trap_seq;

	EXPECT_EQ(err, eeh_inject(t->m, req, &res, &msg));
	EXPECT_HAS(msg.text, text);
	EXPECT_EQ(0, eeh_trap_count(t->phb));
	EXPECT_EQ(seq, t->m->trap_seq);
	EXPECT_EQ_U64(ndiag, t->phb->ndiag);
	EXPECT_FALSE(any_frozen(t->phb));
	EXPECT_EQ(77, res.trap_id);
}

TEST(refusals)
{
	struct topo t;
	struct eeh_inj_req req;
	const struct eeh_inj_req base = {
		.kind = EEH_INJ_FUNC, .phb = 0, .type = 0, .func = 0,
	};

	topo_build(&t, EEH_PHB4);
	req = base;
	req.pe = t.pe_disk;
	req.phb = 3;
	expect_refused(&t, &req, -ENODEV, "no PHB 3");
	req.phb = -1;
	expect_refused(&t, &req, -ENODEV, "no PHB -1");
	req.phb = 99;
	expect_refused(&t, &req, -ENODEV, "no PHB 99");

	req = base;
	req.pe = 512;
	expect_refused(&t, &req, -ERANGE, "out of range");
	req.pe = -1;
	expect_refused(&t, &req, -ERANGE, "out of range");
	req.pe = 0x1ff;
	expect_refused(&t, &req, -EINVAL, "PE#1ff is the reserved PE");
	req.type = 7;		/* the PE is checked first */
	expect_refused(&t, &req, -EINVAL, "reserved PE");
	req = base;
	req.pe = 5;
	expect_refused(&t, &req, -EINVAL, "PE#5 is not in use");

	req = base;
	req.pe = t.pe_disk;
	req.type = 2;
	expect_refused(&t, &req, -ERANGE, "type 2");
	req.type = -1;
	expect_refused(&t, &req, -ERANGE, "type -1");
	req.type = 1;
	req.func = 20;
	expect_refused(&t, &req, -ERANGE, "function 20");
	req.func = -1;
	expect_refused(&t, &req, -ERANGE, "function -1");
	req.type = 2;		/* type is checked before the function */
	req.func = 20;
	expect_refused(&t, &req, -ERANGE, "type 2");

	req = base;
	req.kind = EEH_INJ_DMA_FAULT;
	req.pe = t.pe_disk;
	req.dma_cause = EEH_CAUSE_MMIO_UR;
	expect_refused(&t, &req, -EINVAL, "is not a DMA cause");
	req.dma_cause = EEH_CAUSE_FREEZE_REQ;
	expect_refused(&t, &req, -EINVAL, "is not a DMA cause");
	req.pe = 0x1ff;
	expect_refused(&t, &req, -EINVAL, "reserved PE");

	req = base;
	req.kind = EEH_INJ_FREEZE;
	req.pe = 0x1ff;
	expect_refused(&t, &req, -EINVAL, "reserved PE");
	req.pe = t.pe_disk;
	req.which = 0x4;
	expect_refused(&t, &req, -EINVAL, "freeze halves");
	req = base;
	req.kind = 42;
	req.pe = t.pe_disk;
	expect_refused(&t, &req, -EINVAL, "unknown injection kind");
	EXPECT_FALSE(t.phb->fenced);
	topo_free(&t);
}

TEST(refusals_phb3_reserved_pe)
{
	struct topo t;
	struct eeh_inj_req req = { .kind = EEH_INJ_FUNC, .phb = 0, .pe = 0xff };

	topo_build(&t, EEH_PHB3);
	expect_refused(&t, &req, -EINVAL, "PE#ff is the reserved PE");
	req.pe = 256;
	expect_refused(&t, &req, -ERANGE, "out of range");
	topo_free(&t);
}

TEST(trap_table_full)
{
	struct topo t;
	struct eeh_msg msg = { "" };
	struct eeh_inj_result res;
	int i;

	topo_build(&t, EEH_PHB4);
	for (i = 0; i < EEH_MAX_TRAPS; i++)
		ASSERT_EQ(0, func_req(&t, t.pe_disk, 0, EEH_ERR_FUNC_LD_IO_ADDR,
				      0, 0, &res, NULL));
	EXPECT_EQ(-ENOSPC, func_req(&t, t.pe_disk, 0, EEH_ERR_FUNC_LD_MEM_ADDR,
				    0, 0, &res, &msg));
	EXPECT_HAS(msg.text, "trap");
	EXPECT_EQ(EEH_MAX_TRAPS, eeh_trap_count(t.phb));
	topo_free(&t);
}

TEST(trap_ids_increase)
{
	struct topo t;
	struct eeh_inj_result a, b;

	topo_build(&t, EEH_PHB4);
	ASSERT_EQ(0, func_req(&t, t.pe_disk, 0, 4, 0, 0, &a, NULL));
	ASSERT_EQ(0, func_req(&t, t.pe_nic, 0, 4, 0, 0, &b, NULL));
	EXPECT_NE(0, a.trap_id);
	EXPECT_EQ(a.trap_id + 1, b.trap_id);
	topo_free(&t);
}

/* ---- immediate kinds ---- */

TEST(freeze_now)
{
	struct topo t;
	struct eeh_inj_req req = { .kind = EEH_INJ_FREEZE, .phb = 0 };
	struct eeh_inj_result res;
	const struct eeh_diag *d;

	topo_build(&t, EEH_PHB4);
	req.pe = t.pe_nic;
	ASSERT_EQ(0, eeh_inject(t.m, &req, &res, NULL));
	EXPECT_EQ(0, res.trap_id);
	EXPECT_EQ(EEH_FW_MMIO_DMA_FREEZE, eeh_pe_fw_state(t.phb, t.pe_nic));
	EXPECT_EQ(EEH_FW_NOT_FROZEN, eeh_pe_fw_state(t.phb, t.pe_disk));
	d = eeh_diag_last(t.phb, t.pe_nic);
	ASSERT_NOT_NULL(d);
	EXPECT_EQ(EEH_CAUSE_FREEZE_REQ, d->cause);

	req.pe = t.pe_disk;
	req.which = EEH_FREEZE_MMIO;
	ASSERT_EQ(0, eeh_inject(t.m, &req, &res, NULL));
	EXPECT_EQ(EEH_FW_MMIO_FREEZE, eeh_pe_fw_state(t.phb, t.pe_disk));
	EXPECT_EQ(0, eeh_trap_count(t.phb));
	topo_free(&t);
}

TEST(freeze_bridge_pe_takes_subtree)
{
	struct topo t;
	struct eeh_inj_req req = { .kind = EEH_INJ_FREEZE, .phb = 0 };

	topo_build(&t, EEH_PHB4);
	req.pe = t.pe_dn;
	ASSERT_EQ(0, eeh_inject(t.m, &req, NULL, NULL));
	EXPECT_EQ(EEH_FW_MMIO_DMA_FREEZE, eeh_pe_fw_state(t.phb, t.pe_dn));
	EXPECT_EQ(EEH_FW_MMIO_DMA_FREEZE, eeh_pe_fw_state(t.phb, t.pe_nic));
	EXPECT_EQ(EEH_FW_MMIO_DMA_FREEZE, eeh_pe_fw_state(t.phb, t.pe_disk));
	EXPECT_EQ(EEH_FW_NOT_FROZEN, eeh_pe_fw_state(t.phb, t.pe_up));
	topo_free(&t);
}

TEST(fence_now)
{
	struct topo t;
	struct eeh_inj_req req = { .kind = EEH_INJ_FENCE, .phb = 0, .pe = 0x1ff };
	struct eeh_inj_result res;
	const struct eeh_diag *d;

	topo_build(&t, EEH_PHB4);
	ASSERT_EQ(0, eeh_inject(t.m, &req, &res, NULL));
	EXPECT_TRUE(t.phb->fenced);
	EXPECT_EQ(0, res.trap_id);
	EXPECT_EQ(EEH_FW_MMIO_DMA_FREEZE, eeh_pe_fw_state(t.phb, t.pe_nic));
	d = eeh_diag_last(t.phb, -1);
	ASSERT_NOT_NULL(d);
	EXPECT_EQ(-1, d->pe);
	EXPECT_EQ(EEH_CAUSE_FENCE, d->cause);
	req.phb = 1;
	EXPECT_EQ(-ENODEV, eeh_inject(t.m, &req, &res, NULL));
	topo_free(&t);
}

TEST(dma_fault_kind)
{
	struct topo t;
	struct eeh_inj_req req = { .kind = EEH_INJ_DMA_FAULT, .phb = 0 };
	struct eeh_inj_result res;
	struct eeh_access_result r;
	const struct eeh_diag *d;
	u8 buf[8];

	topo_build(&t, EEH_PHB4);
	topo_dma(&t, t.disk);
	topo_dma(&t, t.nic);
	req.pe = t.pe_disk;
	req.dma_cause = EEH_CAUSE_DMA_READ_ONLY;
	ASSERT_EQ(0, eeh_inject(t.m, &req, &res, NULL));
	EXPECT_NE(0, res.trap_id);
	EXPECT_EQ_U64(0, res.mask);
	EXPECT_EQ(1, eeh_trap_count(t.phb));
	/* MMIO and config do not trip it, another PE's DMA neither */
	EXPECT_FALSE(do_access(&t, t.disk, A_MMIO_LD, 0));
	EXPECT_FALSE(do_access(&t, t.disk, A_CFG_ST, 0));
	EXPECT_FALSE(do_access(&t, t.nic, A_DMA_WR, 1));
	EXPECT_EQ(1, eeh_trap_count(t.phb));
	memset(&r, 0, sizeof(r));
	EXPECT_EQ(EEH_DMA_FAULT, eeh_dma(t.phb, rid(t.disk), EEH_TVE_64BIT_BASE,
					 buf, sizeof(buf), true, &r));
	EXPECT_TRUE(r.tripped);
	EXPECT_EQ(EEH_FW_MMIO_DMA_FREEZE, eeh_pe_fw_state(t.phb, t.pe_disk));
	d = eeh_diag_last(t.phb, t.pe_disk);
	ASSERT_NOT_NULL(d);
	EXPECT_EQ(EEH_CAUSE_DMA_READ_ONLY, d->cause);
	topo_free(&t);
}
