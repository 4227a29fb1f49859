// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for recovery/vfio.c: the VFIO_EEH_PE_OP operations on a
 * guest-owned PE, the state mapping, the refusals, and the RTAS calls on
 * top; guest-driven recovery end to end with DMA through the same TCEs.
 */
#include "harness.h"
#include "eehlab/vfio.h"

#include "fixture.h"

#define GUEST 7

struct vt {
	struct topo t;
	struct eeh_recovery r;
	struct eeh_tce_table tbl;
	u64 host;		/* host page mapped at TCE 1 */
};

/* The fixture, nic's PE owned by GUEST, a 32-bit window with TCE 1 mapped. */
static void vt_build(struct vt *v, enum eeh_phb_model model)
{
	struct eeh_msg msg = { "" };
	int rc;

	topo_build(&v->t, model);
	eeh_recovery_init(&v->r, v->t.m);
	v->t.phb->pes[v->t.pe_nic].owner = GUEST;
	rc = eeh_tce_table_create(v->t.m, 12, 1 << 20, 1, 0, &v->tbl, &msg);
	if (!rc)
		rc = eeh_tve_set(v->t.phb, v->t.pe_nic, 0, &v->tbl, &msg);
	if (!rc)
		rc = eeh_mem_alloc(v->t.m, 4096, 4096, &v->host, &msg);
	if (!rc)
		rc = eeh_tce_put(v->t.phb, &v->tbl, 1,
				 v->host | EEH_TCE_READ | EEH_TCE_WRITE, true,
				 &msg);
	if (rc)
		printf("# setup: %s\n", msg.text);
	ASSERT_EQ(0, rc);
}

static int op(struct vt *v, int o)
{
	struct eeh_msg msg = { "" };
	int rc = eeh_vfio_pe_op(&v->r, v->t.phb, v->t.pe_nic, o, NULL, &msg);

	if (rc < 0)
		printf("# %s: %d %s\n", eeh_vfio_op_name(o), rc, msg.text);
	return rc;
}

/* edu DMA of 256 bytes RAM -> device and back through bus page 1. */
static enum eeh_dma_outcome edu_dma(struct vt *v, u8 seed)
{
	struct eeh_func *nic = v->t.nic;
	u8 data[256], out[256];
	int i;

	for (i = 0; i < 256; i++)
		data[i] = (u8)(i ^ seed);
	if (eeh_mem_write(v->t.m, v->host + 0x100, data, sizeof(data)))
		return EEH_DMA_NONE;
	wr(nic, EDU_REG_DMA_SRC, 8, 0x1000 + 0x100);
	wr(nic, EDU_REG_DMA_DST, 8, EDU_BUF_OFF);
	wr(nic, EDU_REG_DMA_COUNT, 8, 256);
	wr(nic, EDU_REG_DMA_CMD, 8, EDU_DMA_CMD_START);
	if (nic->edu->last_dma != EEH_DMA_OK)
		return nic->edu->last_dma;
	if (memcmp(nic->edu->buf, data, sizeof(data)))
		return EEH_DMA_NONE;
	wr(nic, EDU_REG_DMA_SRC, 8, EDU_BUF_OFF);
	wr(nic, EDU_REG_DMA_DST, 8, 0x1000 + 0x800);
	wr(nic, EDU_REG_DMA_CMD, 8, EDU_DMA_CMD_START | EDU_DMA_CMD_TO_RAM);
	if (nic->edu->last_dma != EEH_DMA_OK)
		return nic->edu->last_dma;
	if (eeh_mem_read(v->t.m, v->host + 0x800, out, sizeof(out)) ||
	    memcmp(out, data, sizeof(data)))
		return EEH_DMA_NONE;
	return EEH_DMA_OK;
}

/* A DMA read by nic straight through bus page 1 (no MMIO needed). */
static enum eeh_dma_outcome raw_dma(struct vt *v)
{
	struct eeh_func *nic = v->t.nic;
	struct eeh_access_result ar;
	u8 buf[64];

	return eeh_dma(v->t.phb, (u16)(nic->bus << 8 | nic->devfn), 0x1000,
		       buf, sizeof(buf), false, &ar);
}

/* The host's disk: not frozen, MMIO round trip works, no callbacks. */
static void disk_untouched(struct vt *v)
{
	struct eeh_func *d = v->t.disk;

	EXPECT_EQ(EEH_FW_NOT_FROZEN, eeh_pe_fw_state(v->t.phb, v->t.pe_disk));
	EXPECT_EQ(0, v->t.phb->pes[v->t.pe_disk].sw_state);
	wr(d, 0x10, 4, 0xa5a5f00d);
	EXPECT_EQ_U64(0xa5a5f00d, rd(d, 0x10, 4));
	EXPECT_EQ_U64(0, v->t.m->ncb);
}

/* ---- the state mapping ---- */

TEST(state_mapping_follows_eeh_pe_get_state)
{
	static const struct { enum eeh_fw_state fw; int st; } map[] = {
		{ EEH_FW_NOT_FROZEN, EEH_PE_STATE_NORMAL },
		{ EEH_FW_MMIO_FREEZE, EEH_PE_STATE_UNAVAIL },
		{ EEH_FW_DMA_FREEZE, EEH_PE_STATE_STOPPED_DMA },
		{ EEH_FW_MMIO_DMA_FREEZE, EEH_PE_STATE_STOPPED_IO_DMA },
		{ EEH_FW_RESET, EEH_PE_STATE_RESET },
		{ EEH_FW_TEMP_UNAVAIL, EEH_PE_STATE_STOPPED_IO_DMA },
		{ EEH_FW_PERM_UNAVAIL, EEH_PE_STATE_STOPPED_IO_DMA },
	};
	unsigned int i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		EXPECT_EQ(map[i].st,
			  eeh_vfio_state_from_linux(eeh_fw_state_to_linux(map[i].fw)));
	EXPECT_STREQ("GET_STATE", eeh_vfio_op_name(EEH_VFIO_GET_STATE));
	EXPECT_STREQ("INJECT_ERR", eeh_vfio_op_name(9));
	ASSERT_NULL(eeh_vfio_op_name(10));
	ASSERT_NULL(eeh_vfio_op_name(-1));
	EXPECT_STREQ("ibm,read-slot-reset-state2",
		     eeh_rtas_call_name(EEH_RTAS_READ_SLOT_RESET_STATE2));
	ASSERT_NULL(eeh_rtas_call_name(EEH_RTAS_CALL__COUNT));
}

TEST(get_state_each_freeze_half)
{
	struct vt v;

	vt_build(&v, EEH_PHB4);
	EXPECT_EQ(EEH_PE_STATE_NORMAL, op(&v, EEH_VFIO_GET_STATE));
	ASSERT_EQ(0, eeh_pe_freeze(v.t.phb, v.t.pe_nic, EEH_FREEZE_DMA,
				   EEH_CAUSE_FREEZE_REQ, -1, 0, NULL));
	EXPECT_EQ(EEH_PE_STATE_STOPPED_DMA, op(&v, EEH_VFIO_GET_STATE));
	ASSERT_EQ(0, eeh_pe_thaw(v.t.phb, v.t.pe_nic, EEH_FREEZE_DMA, NULL));
	ASSERT_EQ(0, eeh_pe_freeze(v.t.phb, v.t.pe_nic, EEH_FREEZE_MMIO,
				   EEH_CAUSE_FREEZE_REQ, -1, 0, NULL));
	/* MMIO frozen, DMA enabled: Linux's "else" branch */
	EXPECT_EQ(EEH_PE_STATE_UNAVAIL, op(&v, EEH_VFIO_GET_STATE));
	ASSERT_EQ(0, eeh_phb_fence(v.t.phb, EEH_CAUSE_FENCE, -1, 0));
	EXPECT_EQ(EEH_PE_STATE_STOPPED_IO_DMA, op(&v, EEH_VFIO_GET_STATE));
	topo_free(&v.t);
}

/* ---- the flow, end to end ---- */

static void guest_recovers(enum eeh_phb_model model, int reset_op)
{
	struct eeh_func *nic;
	struct vt v;
	u64 t0, val;

	vt_build(&v, model);
	nic = v.t.nic;
	ASSERT_EQ(EEH_DMA_OK, edu_dma(&v, 0x11));

	/* 1. frozen */
	ASSERT_EQ(0, eeh_pe_freeze(v.t.phb, v.t.pe_nic, EEH_FREEZE_BOTH,
				   EEH_CAUSE_FREEZE_REQ, -1, 0, NULL));
	EXPECT_EQ(EEH_DMA_BLOCKED, raw_dma(&v));

	/* 2. the host detects it, leaves it to its owner, calls nobody */
	ASSERT_EQ(1, eeh_host_mmio_load(&v.r, nic, 0, EDU_REG_ID, 4, &val));
	ASSERT_EQ(1, eeh_recover_pending(&v.r));
	EXPECT_EQ(EEH_REC_LEFT_TO_OWNER, v.r.last[0].result);
	EXPECT_EQ(0, v.r.last[0].resets);
	EXPECT_EQ_U64(0, v.t.m->ncb);
	EXPECT_TRUE(eeh_pe_is_frozen(v.t.phb, v.t.pe_nic, EEH_FREEZE_BOTH));

	/* 3. the guest sees it */
	EXPECT_EQ(EEH_PE_STATE_STOPPED_IO_DMA, op(&v, EEH_VFIO_GET_STATE));
	/* first sight of the freeze marks the PE isolated (pnv_eeh_get_pe_state) */
	EXPECT_TRUE(v.t.phb->pes[v.t.pe_nic].sw_state & EEH_PE_ISOLATED);

	/* 4. reset, hold 250 ms; deactivate, settle 1800 ms; configure */
	t0 = v.t.m->now_ms;
	ASSERT_EQ(0, op(&v, reset_op));
	EXPECT_EQ_U64(t0 + EEH_PE_RST_HOLD_MS, v.t.m->now_ms);
	EXPECT_EQ(EEH_PE_STATE_RESET, op(&v, EEH_VFIO_GET_STATE));
	EXPECT_TRUE(v.t.phb->pes[v.t.pe_nic].sw_state & EEH_PE_CFG_BLOCKED);
	ASSERT_EQ(0, op(&v, EEH_VFIO_RESET_DEACTIVATE));
	EXPECT_EQ_U64(t0 + EEH_PE_RST_HOLD_MS + EEH_PE_RST_SETTLE_MS,
		      v.t.m->now_ms);
	ASSERT_EQ(0, op(&v, EEH_VFIO_CONFIGURE));
	EXPECT_EQ(EEH_PE_STATE_NORMAL, op(&v, EEH_VFIO_GET_STATE));
	EXPECT_EQ(0, v.t.phb->pes[v.t.pe_nic].sw_state &
		  (EEH_PE_ISOLATED | EEH_PE_CFG_BLOCKED));
	EXPECT_EQ_U64(EDU_ID_VALUE, rd(nic, EDU_REG_ID, 4));

	/* 5. DMA through the same TVE and TCE */
	EXPECT_EQ(EEH_DMA_OK, edu_dma(&v, 0x33));

	/* the host: no callbacks, sibling untouched, nothing queued */
	disk_untouched(&v);
	EXPECT_EQ(0, v.r.nqueued);
	topo_free(&v.t);
}

TEST(guest_recovery_hot_reset_phb4)
{
	guest_recovers(EEH_PHB4, EEH_VFIO_RESET_HOT);
}

TEST(guest_recovery_hot_reset_phb3)
{
	guest_recovers(EEH_PHB3, EEH_VFIO_RESET_HOT);
}

TEST(guest_recovery_fundamental_reset)
{
	guest_recovers(EEH_PHB4, EEH_VFIO_RESET_FUNDAMENTAL);
}

/* 6. a host reset of the parent PE leaves the owned PE frozen again */
TEST(host_reset_of_parent_refreezes_owned_pe)
{
	struct vt v;

	vt_build(&v, EEH_PHB4);
	ASSERT_EQ(0, eeh_pe_freeze(v.t.phb, v.t.pe_dn, EEH_FREEZE_BOTH,
				   EEH_CAUSE_FREEZE_REQ, -1, 0, NULL));
	ASSERT_EQ(1, eeh_model_check_failure(&v.r, v.t.dn0));
	/* the host is recovering the parent: the guest is told to wait */
	EXPECT_EQ(EEH_PE_STATE_UNAVAIL, op(&v, EEH_VFIO_GET_STATE));
	ASSERT_EQ(1, eeh_recover_pending(&v.r));
	EXPECT_EQ(EEH_REC_RECOVERED, v.r.last[0].result);
	EXPECT_GE(v.r.last[0].resets, 1);
	EXPECT_EQ(EEH_FW_NOT_FROZEN, eeh_pe_fw_state(v.t.phb, v.t.pe_dn));
	EXPECT_EQ(EEH_FW_NOT_FROZEN, eeh_pe_fw_state(v.t.phb, v.t.pe_disk));
	EXPECT_EQ(EEH_FW_MMIO_DMA_FREEZE,
		  eeh_pe_fw_state(v.t.phb, v.t.pe_nic));
	EXPECT_EQ(EEH_PE_STATE_STOPPED_IO_DMA, op(&v, EEH_VFIO_GET_STATE));
	EXPECT_EQ(EEH_DMA_BLOCKED, raw_dma(&v));

	/* the guest recovers it in its turn */
	ASSERT_EQ(0, op(&v, EEH_VFIO_RESET_HOT));
	ASSERT_EQ(0, op(&v, EEH_VFIO_RESET_DEACTIVATE));
	ASSERT_EQ(0, op(&v, EEH_VFIO_CONFIGURE));
	EXPECT_EQ(EEH_PE_STATE_NORMAL, op(&v, EEH_VFIO_GET_STATE));
	EXPECT_EQ(EEH_DMA_OK, edu_dma(&v, 0x55));
	topo_free(&v.t);
}

/* A host reset of the owned PE itself (the host's own reset path). */
TEST(host_reset_of_owned_pe_refreezes_it)
{
	struct vt v;

	vt_build(&v, EEH_PHB3);
	/* the switch's downstream bus and both PEs below it */
	v.t.phb->pes[v.t.pe_dn].owner = GUEST;
	v.t.phb->pes[v.t.pe_disk].owner = GUEST;
	ASSERT_EQ(0, eeh_pe_freeze(v.t.phb, v.t.pe_up, EEH_FREEZE_BOTH,
				   EEH_CAUSE_FREEZE_REQ, -1, 0, NULL));
	ASSERT_EQ(1, eeh_model_check_failure(&v.r, v.t.up));
	ASSERT_EQ(1, eeh_recover_pending(&v.r));
	EXPECT_EQ(EEH_REC_RECOVERED, v.r.last[0].result);
	EXPECT_EQ(EEH_FW_NOT_FROZEN, eeh_pe_fw_state(v.t.phb, v.t.pe_up));
	EXPECT_EQ(EEH_FW_MMIO_DMA_FREEZE, eeh_pe_fw_state(v.t.phb, v.t.pe_dn));
	EXPECT_EQ(EEH_FW_MMIO_DMA_FREEZE,
		  eeh_pe_fw_state(v.t.phb, v.t.pe_nic));
	EXPECT_EQ(EEH_PE_STATE_STOPPED_IO_DMA,
		  eeh_vfio_pe_op(&v.r, v.t.phb, v.t.pe_dn, EEH_VFIO_GET_STATE,
				 NULL, NULL));
	/*
	 * The host cleared ISOLATED on its own PEs only (include_passed
	 * false): the owned parent stays isolated, so its child answers
	 * UNAVAIL until the guest recovers the parent.
	 */
	EXPECT_EQ(EEH_PE_STATE_UNAVAIL, op(&v, EEH_VFIO_GET_STATE));
	ASSERT_EQ(0, eeh_vfio_pe_op(&v.r, v.t.phb, v.t.pe_dn,
				    EEH_VFIO_RESET_HOT, NULL, NULL));
	ASSERT_EQ(0, eeh_vfio_pe_op(&v.r, v.t.phb, v.t.pe_dn,
				    EEH_VFIO_RESET_DEACTIVATE, NULL, NULL));
	EXPECT_EQ(EEH_PE_STATE_NORMAL, op(&v, EEH_VFIO_GET_STATE));
	EXPECT_EQ(EEH_FW_NOT_FROZEN, eeh_pe_fw_state(v.t.phb, v.t.pe_disk));
	EXPECT_EQ(EEH_DMA_OK, edu_dma(&v, 0x21));
	topo_free(&v.t);
}

/* ---- the thaw path ---- */

TEST(unfreeze_io_then_dma_without_reset)
{
	struct vt v;
	u64 t0;

	vt_build(&v, EEH_PHB4);
	ASSERT_EQ(0, eeh_pe_freeze(v.t.phb, v.t.pe_nic, EEH_FREEZE_BOTH,
				   EEH_CAUSE_FREEZE_REQ, -1, 0, NULL));
	EXPECT_EQ(EEH_PE_STATE_STOPPED_IO_DMA, op(&v, EEH_VFIO_GET_STATE));
	t0 = v.t.m->now_ms;
	ASSERT_EQ(0, op(&v, EEH_VFIO_UNFREEZE_IO));
	EXPECT_EQ(EEH_PE_STATE_STOPPED_DMA, op(&v, EEH_VFIO_GET_STATE));
	EXPECT_EQ_U64(EDU_ID_VALUE, rd(v.t.nic, EDU_REG_ID, 4));
	EXPECT_EQ(EEH_DMA_BLOCKED, raw_dma(&v));
	ASSERT_EQ(0, op(&v, EEH_VFIO_UNFREEZE_DMA));
	EXPECT_EQ(EEH_PE_STATE_NORMAL, op(&v, EEH_VFIO_GET_STATE));
	EXPECT_EQ(EEH_DMA_OK, edu_dma(&v, 0x77));
	EXPECT_EQ_U64(t0, v.t.m->now_ms);	/* no reset, no wait */
	/* already thawed: nothing to do, still 0 */
	EXPECT_EQ(0, op(&v, EEH_VFIO_UNFREEZE_IO));
	EXPECT_EQ(0, op(&v, EEH_VFIO_UNFREEZE_DMA));
	disk_untouched(&v);
	topo_free(&v.t);
}

TEST(unfreeze_fails_while_fenced_or_in_reset)
{
	struct eeh_msg msg = { "" };
	struct vt v;

	vt_build(&v, EEH_PHB4);
	ASSERT_EQ(0, op(&v, EEH_VFIO_RESET_HOT));
	EXPECT_EQ(-EIO, eeh_vfio_pe_op(&v.r, v.t.phb, v.t.pe_nic,
				       EEH_VFIO_UNFREEZE_IO, NULL, &msg));
	EXPECT_HAS(msg.text, "MMIO");
	ASSERT_EQ(0, op(&v, EEH_VFIO_RESET_DEACTIVATE));
	EXPECT_EQ(EEH_PE_STATE_NORMAL, op(&v, EEH_VFIO_GET_STATE));
	ASSERT_EQ(0, eeh_phb_fence(v.t.phb, EEH_CAUSE_FENCE, -1, 0));
	EXPECT_EQ(-EIO, eeh_vfio_pe_op(&v.r, v.t.phb, v.t.pe_nic,
				       EEH_VFIO_UNFREEZE_DMA, NULL, &msg));
	topo_free(&v.t);
}

/* ---- ENABLE / DISABLE ---- */

TEST(enable_thaws_and_disable_is_a_flag_only)
{
	struct eeh_msg msg = { "" };
	struct vt v;

	vt_build(&v, EEH_PHB4);
	EXPECT_FALSE(eeh_vfio_enabled(&v.r, v.t.phb, v.t.pe_nic));
	ASSERT_EQ(0, op(&v, EEH_VFIO_ENABLE));
	EXPECT_TRUE(eeh_vfio_enabled(&v.r, v.t.phb, v.t.pe_nic));

	/* DISABLE changes no state: Linux's eeh_pe_set_option does nothing */
	ASSERT_EQ(0, eeh_pe_freeze(v.t.phb, v.t.pe_nic, EEH_FREEZE_BOTH,
				   EEH_CAUSE_FREEZE_REQ, -1, 0, NULL));
	ASSERT_EQ(0, op(&v, EEH_VFIO_DISABLE));
	EXPECT_FALSE(eeh_vfio_enabled(&v.r, v.t.phb, v.t.pe_nic));
	EXPECT_EQ(EEH_PE_STATE_STOPPED_IO_DMA, op(&v, EEH_VFIO_GET_STATE));
	/* operations are not refused while disabled (Linux keeps no flag) */
	ASSERT_EQ(0, op(&v, EEH_VFIO_UNFREEZE_IO));

	/* ENABLE on a frozen PE thaws it (eeh_pe_change_owner) */
	ASSERT_EQ(0, op(&v, EEH_VFIO_ENABLE));
	EXPECT_EQ(EEH_PE_STATE_NORMAL, op(&v, EEH_VFIO_GET_STATE));
	EXPECT_EQ(0, v.t.phb->pes[v.t.pe_nic].sw_state & EEH_PE_ISOLATED);

	/* a change of owner drops the flag and thaws */
	ASSERT_EQ(0, eeh_pe_freeze(v.t.phb, v.t.pe_nic, EEH_FREEZE_BOTH,
				   EEH_CAUSE_FREEZE_REQ, -1, 0, NULL));
	ASSERT_EQ(0, eeh_vfio_change_owner(&v.r, v.t.phb, v.t.pe_nic, &msg));
	EXPECT_FALSE(eeh_vfio_enabled(&v.r, v.t.phb, v.t.pe_nic));
	EXPECT_EQ(EEH_FW_NOT_FROZEN, eeh_pe_fw_state(v.t.phb, v.t.pe_nic));
	EXPECT_EQ(-ENODEV, eeh_vfio_change_owner(&v.r, v.t.phb,
						 v.t.phb->reserved_pe, &msg));
	/* the flag means nothing once the host owns the PE again */
	ASSERT_EQ(0, op(&v, EEH_VFIO_ENABLE));
	v.t.phb->pes[v.t.pe_nic].owner = 0;
	EXPECT_FALSE(eeh_vfio_enabled(&v.r, v.t.phb, v.t.pe_nic));
	topo_free(&v.t);
}

/*
 * Found by the soak (docs/soak.md): a guest that thaws its PE leaves the
 * ISOLATED flag its state query set; once the PE is back with the host
 * that flag must not hide the host's next freeze from detection.
 */
TEST(thawed_by_owner_then_released_is_detected_again)
{
	struct eeh_msg msg = { "" };
	struct vt v;

	vt_build(&v, EEH_PHB4);
	ASSERT_EQ(0, eeh_pe_freeze(v.t.phb, v.t.pe_nic, EEH_FREEZE_BOTH,
				   EEH_CAUSE_FREEZE_REQ, -1, 0, NULL));
	EXPECT_EQ(EEH_PE_STATE_STOPPED_IO_DMA, op(&v, EEH_VFIO_GET_STATE));
	EXPECT_TRUE(v.t.phb->pes[v.t.pe_nic].sw_state & EEH_PE_ISOLATED);
	ASSERT_EQ(0, op(&v, EEH_VFIO_UNFREEZE_IO));
	ASSERT_EQ(0, op(&v, EEH_VFIO_UNFREEZE_DMA));
	EXPECT_EQ(EEH_FW_NOT_FROZEN, eeh_pe_fw_state(v.t.phb, v.t.pe_nic));
	/* the owner's thaw leaves the flag, as Linux's eeh_pci_enable */
	EXPECT_TRUE(v.t.phb->pes[v.t.pe_nic].sw_state & EEH_PE_ISOLATED);

	/* the PE changes hands: a PE that is not frozen is not isolated */
	ASSERT_EQ(0, eeh_vfio_change_owner(&v.r, v.t.phb, v.t.pe_nic, &msg));
	EXPECT_EQ(0, v.t.phb->pes[v.t.pe_nic].sw_state & EEH_PE_ISOLATED);
	v.t.phb->pes[v.t.pe_nic].owner = 0;

	/* the host's next freeze is detected and recovered */
	ASSERT_EQ(0, eeh_pe_freeze(v.t.phb, v.t.pe_nic, EEH_FREEZE_BOTH,
				   EEH_CAUSE_FREEZE_REQ, -1, 0, NULL));
	EXPECT_EQ(1, eeh_model_check_failure(&v.r, v.t.nic));
	EXPECT_EQ(1, eeh_recover_pending(&v.r));
	EXPECT_EQ(EEH_REC_RECOVERED, v.r.last[0].result);
	EXPECT_EQ(EEH_FW_NOT_FROZEN, eeh_pe_fw_state(v.t.phb, v.t.pe_nic));
	topo_free(&v.t);
}

/* ---- INJECT_ERR ---- */

static int inject(struct vt *v, u32 type, u32 func, u64 addr, u64 mask,
		  struct eeh_msg *msg)
{
	struct eeh_vfio_err e = { .type = type, .func = func, .addr = addr,
				  .mask = mask };

	return eeh_vfio_pe_op(&v->r, v->t.phb, v->t.pe_nic,
			      EEH_VFIO_INJECT_ERR, &e, msg);
}

TEST(inject_err_phb4_cfg_only)
{
	struct eeh_msg msg = { "" };
	struct eeh_access_result ar;
	struct vt v;
	u32 c;

	vt_build(&v, EEH_PHB4);
	/* MEM and DMA: PHB4 firmware answers OPAL_UNSUPPORTED -> -EIO */
	EXPECT_EQ(-EIO, inject(&v, 0, EEH_ERR_FUNC_LD_MEM_ADDR, 0, 0, &msg));
	EXPECT_HAS(msg.text, "unsupported");
	EXPECT_EQ(-EIO, inject(&v, 1, EEH_ERR_FUNC_DMA_WR_ADDR, 0, 0, &msg));
	/* IO: OPAL_PARAMETER -> -EIO */
	EXPECT_EQ(-EIO, inject(&v, 0, EEH_ERR_FUNC_ST_IO_DATA, 0, 0, &msg));
	EXPECT_HAS(msg.text, "parameter");
	EXPECT_EQ(0, eeh_trap_count(v.t.phb));
	/* CFG: accepted, armed; the next config load freezes the PE */
	ASSERT_EQ(0, inject(&v, 0, EEH_ERR_FUNC_LD_CFG_ADDR, 0, 0, &msg));
	EXPECT_EQ(1, eeh_trap_count(v.t.phb));
	eeh_cfg_load(v.t.phb, v.t.nic->bus, v.t.nic->devfn, 0, 4, &c, &ar);
	EXPECT_TRUE(ar.tripped);
	EXPECT_EQ(EEH_PE_STATE_STOPPED_IO_DMA, op(&v, EEH_VFIO_GET_STATE));
	/* the host leaves it alone */
	ASSERT_EQ(1, eeh_model_check_failure(&v.r, v.t.nic));
	ASSERT_EQ(1, eeh_recover_pending(&v.r));
	EXPECT_EQ(EEH_REC_LEFT_TO_OWNER, v.r.last[0].result);
	disk_untouched(&v);
	topo_free(&v.t);
}

TEST(inject_err_phb3_mem_and_dma)
{
	struct eeh_msg msg = { "" };
	struct vt v;
	u64 val;

	vt_build(&v, EEH_PHB3);
	EXPECT_EQ(-EIO, inject(&v, 0, EEH_ERR_FUNC_LD_IO_ADDR, 0, 0, &msg));
	EXPECT_EQ(0, eeh_trap_count(v.t.phb));
	ASSERT_EQ(0, inject(&v, 0, EEH_ERR_FUNC_DMA_RD_ADDR, 0, 0, &msg));
	ASSERT_EQ(0, inject(&v, 0, EEH_ERR_FUNC_LD_MEM_ADDR, 0, 0, &msg));
	EXPECT_EQ(2, eeh_trap_count(v.t.phb));
	/* the MMIO load trips the MEM injection */
	EXPECT_EQ(0, eeh_func_mmio_load(v.t.nic, 0, EDU_REG_ID, 4, &val, NULL));
	EXPECT_EQ(EEH_PE_STATE_STOPPED_IO_DMA, op(&v, EEH_VFIO_GET_STATE));
	ASSERT_EQ(0, op(&v, EEH_VFIO_RESET_HOT));
	ASSERT_EQ(0, op(&v, EEH_VFIO_RESET_DEACTIVATE));
	ASSERT_EQ(0, op(&v, EEH_VFIO_CONFIGURE));
	EXPECT_EQ(EEH_PE_STATE_NORMAL, op(&v, EEH_VFIO_GET_STATE));
	/* the DMA one is still armed: the next DMA read fails */
	EXPECT_EQ(EEH_DMA_FAULT, edu_dma(&v, 0x12));
	EXPECT_EQ(EEH_PE_STATE_STOPPED_IO_DMA, op(&v, EEH_VFIO_GET_STATE));
	topo_free(&v.t);
}

TEST(inject_err_refusals)
{
	struct eeh_msg msg = { "" };
	struct vt v;

	vt_build(&v, EEH_PHB3);
	EXPECT_EQ(-EINVAL, eeh_vfio_pe_op(&v.r, v.t.phb, v.t.pe_nic,
					  EEH_VFIO_INJECT_ERR, NULL, &msg));
	EXPECT_HAS(msg.text, "without");
	EXPECT_EQ(-EINVAL, inject(&v, 2, 0, 0, 0, &msg));
	EXPECT_HAS(msg.text, "type 2");
	EXPECT_EQ(-EINVAL, inject(&v, 0, 20, 0, 0, &msg));
	EXPECT_HAS(msg.text, "function 20");
	EXPECT_EQ(-EINVAL, inject(&v, 0, (u32)-1, 0, 0, &msg));
	EXPECT_EQ(0, eeh_trap_count(v.t.phb));
	topo_free(&v.t);
}

/* ---- refusals ---- */

TEST(refusals)
{
	struct eeh_msg msg = { "" };
	struct vt v;
	u64 ncb, ndiag;
	int unused;

	vt_build(&v, EEH_PHB4);
	ncb = v.t.m->ncb;
	ndiag = v.t.phb->ndiag;
	EXPECT_EQ(-EINVAL, eeh_vfio_pe_op(NULL, v.t.phb, v.t.pe_nic,
					  EEH_VFIO_GET_STATE, NULL, &msg));
	EXPECT_EQ(-EINVAL, eeh_vfio_pe_op(&v.r, NULL, v.t.pe_nic,
					  EEH_VFIO_GET_STATE, NULL, &msg));
	/* host-owned PEs */
	EXPECT_EQ(-EPERM, eeh_vfio_pe_op(&v.r, v.t.phb, v.t.pe_disk,
					 EEH_VFIO_RESET_HOT, NULL, &msg));
	EXPECT_HAS(msg.text, "owned by the host");
	EXPECT_EQ(-EPERM, eeh_vfio_pe_op(&v.r, v.t.phb, v.t.pe_dn,
					 EEH_VFIO_GET_STATE, NULL, &msg));
	/* out of range, reserved, unused */
	EXPECT_EQ(-ENODEV, eeh_vfio_pe_op(&v.r, v.t.phb, -1,
					  EEH_VFIO_GET_STATE, NULL, &msg));
	EXPECT_HAS(msg.text, "out of range");
	EXPECT_EQ(-ENODEV, eeh_vfio_pe_op(&v.r, v.t.phb, v.t.phb->num_pes,
					  EEH_VFIO_GET_STATE, NULL, &msg));
	EXPECT_EQ(-ENODEV, eeh_vfio_pe_op(&v.r, v.t.phb, v.t.phb->reserved_pe,
					  EEH_VFIO_GET_STATE, NULL, &msg));
	EXPECT_HAS(msg.text, "reserved");
	for (unused = 0; eeh_model_pe_get(v.t.phb, unused); unused++)
		;
	EXPECT_EQ(-ENODEV, eeh_vfio_pe_op(&v.r, v.t.phb, unused,
					  EEH_VFIO_GET_STATE, NULL, &msg));
	EXPECT_HAS(msg.text, "not in use");
	/* unknown operations */
	EXPECT_EQ(-EINVAL, eeh_vfio_pe_op(&v.r, v.t.phb, v.t.pe_nic, 10, NULL,
					  &msg));
	EXPECT_HAS(msg.text, "unknown");
	EXPECT_EQ(-EINVAL, eeh_vfio_pe_op(&v.r, v.t.phb, v.t.pe_nic, -1, NULL,
					  &msg));
	/* NULL msg is fine */
	EXPECT_EQ(-EPERM, eeh_vfio_pe_op(&v.r, v.t.phb, v.t.pe_disk,
					 EEH_VFIO_GET_STATE, NULL, NULL));
	/* nothing changed */
	EXPECT_EQ_U64(ncb, v.t.m->ncb);
	EXPECT_EQ_U64(ndiag, v.t.phb->ndiag);
	EXPECT_EQ(EEH_PE_STATE_NORMAL, op(&v, EEH_VFIO_GET_STATE));
	disk_untouched(&v);
	topo_free(&v.t);
}

/* DEACTIVATE without a reset asserted resets nothing, thaws like Linux. */
TEST(deactivate_alone_thaws_and_keeps_device_state)
{
	struct vt v;

	vt_build(&v, EEH_PHB4);
	wr(v.t.nic, EDU_REG_LIVENESS, 4, 0x1234);
	ASSERT_EQ(0, eeh_pe_freeze(v.t.phb, v.t.pe_nic, EEH_FREEZE_BOTH,
				   EEH_CAUSE_FREEZE_REQ, -1, 0, NULL));
	ASSERT_EQ(0, op(&v, EEH_VFIO_RESET_DEACTIVATE));
	EXPECT_EQ(EEH_PE_STATE_NORMAL, op(&v, EEH_VFIO_GET_STATE));
	EXPECT_EQ_U64(~0x1234U, rd(v.t.nic, EDU_REG_LIVENESS, 4));
	topo_free(&v.t);
}

/* ---- RTAS ---- */

static int rtas(struct vt *v, int call, u32 addr, u32 option,
		struct eeh_rtas_rets *rets)
{
	struct eeh_rtas_args a = { .guest = GUEST, .buid = 0, .addr = addr,
				   .option = option };
	struct eeh_msg msg = { "" };
	int st = eeh_rtas_call(&v->r, call, &a, rets, &msg);

	if (st < 0)
		printf("# %s: %d %s\n", eeh_rtas_call_name(call), st, msg.text);
	return st;
}

static u32 pe_addr(struct eeh_func *f)
{
	return ((u32)f->bus << 16) + 1;
}

static u32 cfg_addr(struct eeh_func *f)
{
	return (u32)f->bus << 16 | (u32)f->devfn << 8;
}

TEST(rtas_guest_recovery_end_to_end)
{
	struct eeh_rtas_rets rets;
	struct eeh_func *nic;
	struct vt v;
	u64 val;

	vt_build(&v, EEH_PHB4);
	nic = v.t.nic;
	EXPECT_EQ(EEH_RTAS_SUCCESS, rtas(&v, EEH_RTAS_SET_EEH_OPTION,
					 cfg_addr(nic), EEH_RTAS_EEH_ENABLE,
					 NULL));
	EXPECT_TRUE(eeh_vfio_enabled(&v.r, v.t.phb, v.t.pe_nic));
	EXPECT_EQ(EEH_RTAS_NO_ERRORS_FOUND,
		  rtas(&v, EEH_RTAS_SLOT_ERROR_DETAIL, pe_addr(nic),
		       EEH_RTAS_SLOT_TEMP_ERR_LOG, &rets));
	EXPECT_EQ(EEH_RTAS_NO_ERRORS_FOUND, rets.status);

	ASSERT_EQ(0, eeh_pe_freeze(v.t.phb, v.t.pe_nic, EEH_FREEZE_BOTH,
				   EEH_CAUSE_DMA_INVALID_TCE, -1, 0x1000, NULL));
	ASSERT_EQ(1, eeh_host_mmio_load(&v.r, nic, 0, EDU_REG_ID, 4, &val));
	ASSERT_EQ(1, eeh_recover_pending(&v.r));
	EXPECT_EQ(EEH_REC_LEFT_TO_OWNER, v.r.last[0].result);

	ASSERT_EQ(EEH_RTAS_SUCCESS, rtas(&v, EEH_RTAS_READ_SLOT_RESET_STATE2,
					 pe_addr(nic), 0, &rets));
	EXPECT_EQ(EEH_PE_STATE_STOPPED_IO_DMA, rets.state);
	EXPECT_EQ(EEH_RTAS_EEH_SUPPORT, rets.eeh_support);
	EXPECT_EQ(1000, rets.unavail_info);
	EXPECT_EQ(0, rets.recover_info);
	ASSERT_EQ(EEH_RTAS_SUCCESS, rtas(&v, EEH_RTAS_SLOT_ERROR_DETAIL,
					 pe_addr(nic),
					 EEH_RTAS_SLOT_TEMP_ERR_LOG, &rets));
	EXPECT_HAS(rets.detail, eeh_cause_name(EEH_CAUSE_DMA_INVALID_TCE));

	ASSERT_EQ(EEH_RTAS_SUCCESS, rtas(&v, EEH_RTAS_SET_SLOT_RESET,
					 pe_addr(nic),
					 EEH_RTAS_SLOT_RESET_HOT, NULL));
	ASSERT_EQ(EEH_RTAS_SUCCESS, rtas(&v, EEH_RTAS_READ_SLOT_RESET_STATE2,
					 pe_addr(nic), 0, &rets));
	EXPECT_EQ(EEH_PE_STATE_RESET, rets.state);
	ASSERT_EQ(EEH_RTAS_SUCCESS, rtas(&v, EEH_RTAS_SET_SLOT_RESET,
					 pe_addr(nic),
					 EEH_RTAS_SLOT_RESET_DEACTIVATE, NULL));
	ASSERT_EQ(EEH_RTAS_SUCCESS, rtas(&v, EEH_RTAS_CONFIGURE_PE,
					 pe_addr(nic), 0, NULL));
	ASSERT_EQ(EEH_RTAS_SUCCESS, rtas(&v, EEH_RTAS_READ_SLOT_RESET_STATE2,
					 pe_addr(nic), 0, &rets));
	EXPECT_EQ(EEH_PE_STATE_NORMAL, rets.state);
	EXPECT_EQ(EEH_DMA_OK, edu_dma(&v, 0x5a));

	/* the thaw options */
	ASSERT_EQ(0, eeh_pe_freeze(v.t.phb, v.t.pe_nic, EEH_FREEZE_BOTH,
				   EEH_CAUSE_FREEZE_REQ, -1, 0, NULL));
	EXPECT_EQ(EEH_RTAS_SUCCESS, rtas(&v, EEH_RTAS_SET_EEH_OPTION,
					 pe_addr(nic), EEH_RTAS_EEH_THAW_IO,
					 NULL));
	rtas(&v, EEH_RTAS_READ_SLOT_RESET_STATE2, pe_addr(nic), 0, &rets);
	EXPECT_EQ(EEH_PE_STATE_STOPPED_DMA, rets.state);
	EXPECT_EQ(EEH_RTAS_SUCCESS, rtas(&v, EEH_RTAS_SET_EEH_OPTION,
					 pe_addr(nic), EEH_RTAS_EEH_THAW_DMA,
					 NULL));
	rtas(&v, EEH_RTAS_READ_SLOT_RESET_STATE2, pe_addr(nic), 0, &rets);
	EXPECT_EQ(EEH_PE_STATE_NORMAL, rets.state);
	EXPECT_EQ(EEH_RTAS_SUCCESS, rtas(&v, EEH_RTAS_SET_EEH_OPTION,
					 pe_addr(nic), EEH_RTAS_EEH_DISABLE,
					 NULL));
	disk_untouched(&v);
	topo_free(&v.t);
}

TEST(rtas_statuses_as_qemu)
{
	struct eeh_rtas_args a = { .guest = GUEST };
	struct eeh_msg msg = { "" };
	struct eeh_rtas_rets rets;
	struct vt v;

	vt_build(&v, EEH_PHB4);
	a.addr = pe_addr(v.t.nic);
	/* unknown options */
	a.option = 4;
	EXPECT_EQ(EEH_RTAS_PARAM_ERROR,
		  eeh_rtas_call(&v.r, EEH_RTAS_SET_EEH_OPTION, &a, &rets, &msg));
	EXPECT_EQ(EEH_RTAS_PARAM_ERROR, rets.status);
	a.option = 2;
	EXPECT_EQ(EEH_RTAS_PARAM_ERROR,
		  eeh_rtas_call(&v.r, EEH_RTAS_SET_SLOT_RESET, &a, NULL, &msg));
	a.option = 3;
	EXPECT_EQ(EEH_RTAS_PARAM_ERROR,
		  eeh_rtas_call(&v.r, EEH_RTAS_SLOT_ERROR_DETAIL, &a, NULL, &msg));
	EXPECT_HAS(msg.text, "log type 3");
	/* ENABLE names a device: a PE address (devfn 0x00 + 1) finds none */
	a.option = EEH_RTAS_EEH_ENABLE;
	a.addr = pe_addr(v.t.nic) | 0x100;
	EXPECT_EQ(EEH_RTAS_PARAM_ERROR,
		  eeh_rtas_call(&v.r, EEH_RTAS_SET_EEH_OPTION, &a, NULL, &msg));
	/* the host's disk and another guest's PE do not exist for the guest */
	a.addr = pe_addr(v.t.disk);
	EXPECT_EQ(EEH_RTAS_PARAM_ERROR,
		  eeh_rtas_call(&v.r, EEH_RTAS_READ_SLOT_RESET_STATE2, &a,
				&rets, &msg));
	EXPECT_HAS(msg.text, "no device");
	a.addr = pe_addr(v.t.nic);
	a.guest = GUEST + 1;
	EXPECT_EQ(EEH_RTAS_PARAM_ERROR,
		  eeh_rtas_call(&v.r, EEH_RTAS_SET_SLOT_RESET, &a, NULL, &msg));
	a.guest = GUEST;
	/* no such PHB, unknown call, no arguments */
	a.buid = 5;
	EXPECT_EQ(EEH_RTAS_PARAM_ERROR,
		  eeh_rtas_call(&v.r, EEH_RTAS_CONFIGURE_PE, &a, NULL, &msg));
	a.buid = 0;
	EXPECT_EQ(EEH_RTAS_PARAM_ERROR,
		  eeh_rtas_call(&v.r, EEH_RTAS_CALL__COUNT, &a, NULL, &msg));
	EXPECT_EQ(EEH_RTAS_PARAM_ERROR,
		  eeh_rtas_call(&v.r, EEH_RTAS_CONFIGURE_PE, NULL, NULL, &msg));
	/* a failed thaw is a hardware error (set-option), so is a reset */
	ASSERT_EQ(0, eeh_phb_fence(v.t.phb, EEH_CAUSE_FENCE, -1, 0));
	a.option = EEH_RTAS_EEH_THAW_IO;
	EXPECT_EQ(EEH_RTAS_HW_ERROR,
		  eeh_rtas_call(&v.r, EEH_RTAS_SET_EEH_OPTION, &a, NULL, &msg));
	EXPECT_EQ(EEH_FW_MMIO_DMA_FREEZE, eeh_pe_fw_state(v.t.phb, v.t.pe_nic));
	a.option = EEH_RTAS_SLOT_RESET_HOT;
	a.addr = pe_addr(v.t.nic);
	EXPECT_EQ(EEH_RTAS_SUCCESS,
		  eeh_rtas_call(&v.r, EEH_RTAS_SET_SLOT_RESET, &a, NULL, &msg));
	topo_free(&v.t);
}

TEST(rtas_errinjct)
{
	struct eeh_rtas_args a = { .guest = GUEST };
	struct eeh_msg msg = { "" };
	struct vt v;

	vt_build(&v, EEH_PHB4);
	a.addr = pe_addr(v.t.nic);
	a.err_type = EEH_RTAS_ERR_TYPE_IOA_BUS_ERROR;
	a.func = EEH_ERR_FUNC_LD_MEM_DATA;
	EXPECT_EQ(EEH_RTAS_HW_ERROR,
		  eeh_rtas_call(&v.r, EEH_RTAS_ERRINJCT, &a, NULL, &msg));
	EXPECT_HAS(msg.text, "unsupported");
	a.func = 20;
	EXPECT_EQ(EEH_RTAS_PARAM_ERROR,
		  eeh_rtas_call(&v.r, EEH_RTAS_ERRINJCT, &a, NULL, &msg));
	a.func = EEH_ERR_FUNC_ST_CFG_DATA;
	a.err_type = 1;		/* "fatal": not an IOA bus error */
	EXPECT_EQ(EEH_RTAS_PARAM_ERROR,
		  eeh_rtas_call(&v.r, EEH_RTAS_ERRINJCT, &a, NULL, &msg));
	EXPECT_EQ(0, eeh_trap_count(v.t.phb));
	a.err_type = EEH_RTAS_ERR_TYPE_IOA_BUS_ERROR_64;
	EXPECT_EQ(EEH_RTAS_SUCCESS,
		  eeh_rtas_call(&v.r, EEH_RTAS_ERRINJCT, &a, NULL, &msg));
	EXPECT_EQ(1, eeh_trap_count(v.t.phb));
	topo_free(&v.t);
}
