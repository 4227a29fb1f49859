// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for recovery/: detection (eeh_model_check_failure, escalation to
 * a frozen parent, fenced PHBs), the merge of driver answers, the thaw,
 * reset, hotplug and permanent-failure paths, the freeze count over the
 * one-hour window, guest-owned PEs, all on the virtual clock.
 */
#include "harness.h"
#include "eehlab/inject.h"
#include "eehlab/recovery.h"

#include "fixture.h"


/* ---- helpers ---- */

static const char *cb_word(const struct eeh_cb_rec *c)
{
	switch (c->cb) {
	case EEH_CB_ERROR_DETECTED:
		if (c->state == EEH_IO_PERM_FAILURE)
			return "error_detected(perm_failure)";
		if (c->state == EEH_IO_FROZEN)
			return "error_detected(frozen)";
		return "error_detected(normal)";
	case EEH_CB_MMIO_ENABLED:
		return "mmio_enabled";
	case EEH_CB_SLOT_RESET:
		return "slot_reset";
	case EEH_CB_RESUME:
		return "resume";
	case EEH_CB_REMOVE:
		return "remove";
	case EEH_CB_PROBE:
		return "probe";
	default:
		return "?";
	}
}

/* The callbacks @f (NULL: any function) got after seq @after, as
 * "error_detected(frozen) slot_reset resume"; with names when @f is NULL. */
static const char *cbs(struct topo *t, u64 after, struct eeh_func *f)
{
	static char buf[1024];
	static struct eeh_cb_rec recs[128];
	int n, i;
	size_t len = 0;

	buf[0] = 0;
	n = eeh_cblog_since(t->m, after, recs, 128);
	for (i = 0; i < n; i++) {
		if (f && recs[i].func != f->id)
			continue;
		len += snprintf(buf + len, sizeof(buf) - len, "%s%s%s%s",
				len ? " " : "",
				f ? "" : t->phb->funcs[recs[i].func]->name,
				f ? "" : ":", cb_word(&recs[i]));
		if (len >= sizeof(buf))
			break;
	}
	return buf;
}

static u64 cb_now(struct topo *t)
{
	return t->m->ncb;
}

static void freeze(struct topo *t, int pe)
{
	struct eeh_inj_req req = { .kind = EEH_INJ_FREEZE, .phb = 0, .pe = pe };

	ASSERT_EQ(0, eeh_inject(t->m, &req, NULL, NULL));
}

static u32 sw(struct topo *t, int pe)
{
	return t->phb->pes[pe].sw_state;
}

/* Read the edu ID as a driver would (eeh_readl): 1 if it found a freeze */
static int nic_read_id(struct eeh_recovery *r, struct topo *t, u64 *v)
{
	return eeh_host_mmio_load(r, t->nic, 0, EDU_REG_ID, 4, v);
}

static void expect_healthy(struct topo *t, int pe)
{
	EXPECT_EQ(EEH_FW_NOT_FROZEN, eeh_pe_fw_state(t->phb, pe));
	EXPECT_EQ(0, sw(t, pe) & (EEH_PE_ISOLATED | EEH_PE_RECOVERING |
				  EEH_PE_CFG_BLOCKED | EEH_PE_RESET |
				  EEH_PE_KEEP | EEH_PE_REMOVED));
}

/* MMIO and config of @f work, with the BARs enumeration gave */
static void expect_usable(struct topo *t, struct eeh_func *f)
{
	struct eeh_access_result r;
	u32 c = 0;
	u64 v = 0;

	EXPECT_TRUE(f->present);
	EXPECT_EQ(0, eeh_cfg_load(t->phb, f->bus, f->devfn, 0x10, 4, &c, &r));
	EXPECT_EQ_U64(f->bars[0].addr, c & ~0xfULL);
	if (!f->bars[0].size)
		return;		/* a bridge: config only */
	EXPECT_EQ(0, eeh_func_mmio_load(f, 0, 0, 4, &v, &r));
	EXPECT_FALSE(r.frozen);
	EXPECT_FALSE(r.unclaimed);
	if (f->kind == EEH_DEV_KIND_EDU)
		EXPECT_EQ_U64(EDU_ID_VALUE, v);
}

/* ---- merge ---- */

TEST(merge_priority_table)
{
	/* eeh_result_priority: NONE 1, NO_AER_DRIVER 2, RECOVERED 3,
	 * CAN_RECOVER 4, DISCONNECT 5, NEED_RESET 6 */
	static const enum eeh_ers order[] = {
		EEH_ERS_NONE, EEH_ERS_NO_AER_DRIVER, EEH_ERS_RECOVERED,
		EEH_ERS_CAN_RECOVER, EEH_ERS_DISCONNECT, EEH_ERS_NEED_RESET,
	};
	int i, j;

	for (i = 0; i < 6; i++) {
		for (j = 0; j < 6; j++) {
			enum eeh_ers want = order[i > j ? i : j];

			EXPECT_EQ(want, eeh_ers_merge(order[i], order[j]));
		}
		/* a void callback's 0 never wins, and loses to anything */
		EXPECT_EQ(order[i], eeh_ers_merge(order[i], 0));
		EXPECT_EQ(order[i], eeh_ers_merge(0, order[i]));
	}
	EXPECT_EQ(EEH_ERS_NEED_RESET,
		  eeh_ers_merge(EEH_ERS_DISCONNECT, EEH_ERS_NEED_RESET));
	EXPECT_EQ(EEH_ERS_CAN_RECOVER,
		  eeh_ers_merge(EEH_ERS_CAN_RECOVER, EEH_ERS_RECOVERED));
	EXPECT_EQ(EEH_ERS_DISCONNECT,
		  eeh_ers_merge(EEH_ERS_CAN_RECOVER, EEH_ERS_DISCONNECT));
	EXPECT_STREQ("recovered", eeh_rec_result_name(EEH_REC_RECOVERED));
	EXPECT_STREQ("perm_failure", eeh_rec_result_name(EEH_REC_PERM_FAILURE));
	EXPECT_STREQ("left_to_owner", eeh_rec_result_name(EEH_REC_LEFT_TO_OWNER));
	EXPECT_STREQ("phb_recovered", eeh_rec_result_name(EEH_REC_PHB_RECOVERED));
	EXPECT_STREQ("none", eeh_rec_result_name(EEH_REC_NONE));
}

/* ---- detection ---- */

TEST(check_failure_basics)
{
	struct topo t;
	struct eeh_recovery r;
	u64 v = 0;
	int pe;

	topo_build(&t, EEH_PHB4);
	eeh_recovery_init(&r, t.m);
	EXPECT_EQ(EEH_MAX_FREEZES_DEFAULT, r.max_freezes);
	EXPECT_EQ(-EINVAL, eeh_model_check_failure(&r, NULL));

	/* healthy: a plain read, nothing queued */
	EXPECT_EQ(0, nic_read_id(&r, &t, &v));
	EXPECT_EQ_U64(EDU_ID_VALUE, v);
	EXPECT_EQ(0, eeh_model_check_failure(&r, t.nic));
	EXPECT_EQ(0, r.nqueued);

	/* no PE, absent device */
	pe = t.nic->pe;
	t.nic->pe = 5;
	EXPECT_EQ(-ENODEV, eeh_model_check_failure(&r, t.nic));
	t.nic->pe = pe;
	t.nic->present = false;
	EXPECT_EQ(-ENODEV, eeh_model_check_failure(&r, t.nic));
	t.nic->present = true;

	/* frozen: the all-ones read detects it, once */
	freeze(&t, t.pe_nic);
	EXPECT_EQ(1, nic_read_id(&r, &t, &v));
	EXPECT_EQ_U64(0xffffffff, v);
	EXPECT_EQ(1, r.nqueued);
	EXPECT_EQ(0, r.queue[0].phb);
	EXPECT_EQ(t.pe_nic, r.queue[0].pe);
	EXPECT_EQ(EEH_PE_ISOLATED, sw(&t, t.pe_nic));
	EXPECT_EQ(0, nic_read_id(&r, &t, &v));
	EXPECT_EQ(0, eeh_model_check_failure(&r, t.nic));
	EXPECT_EQ(1, r.nqueued);
	/* the disk's PE is not frozen */
	EXPECT_EQ(0, eeh_model_check_failure(&r, t.disk));
	EXPECT_EQ(0, sw(&t, t.pe_disk));
	topo_free(&t);
}

TEST(cfg_blocked_only_when_restricted)
{
	struct topo t;
	struct eeh_recovery r;

	topo_build(&t, EEH_PHB4);
	eeh_recovery_init(&r, t.m);
	t.phb->pes[t.pe_disk].sw_state |= EEH_PE_CFG_RESTRICTED;
	freeze(&t, t.pe_nic);
	freeze(&t, t.pe_disk);
	EXPECT_EQ(1, eeh_model_check_failure(&r, t.nic));
	EXPECT_EQ(1, eeh_model_check_failure(&r, t.disk));
	EXPECT_EQ(0, sw(&t, t.pe_nic) & EEH_PE_CFG_BLOCKED);
	EXPECT_TRUE(sw(&t, t.pe_disk) & EEH_PE_CFG_BLOCKED);
	EXPECT_EQ(2, eeh_recover_pending(&r));
	EXPECT_EQ(EEH_REC_RECOVERED, r.last[1].result);
	EXPECT_EQ(EEH_PE_CFG_RESTRICTED, sw(&t, t.pe_disk));
	topo_free(&t);
}

/* ---- the thaw path ---- */

TEST(thaw_path_can_recover)
{
	struct topo t;
	struct eeh_recovery r;
	struct eeh_access_result ar;
	u64 v = 0, seq, t0;

	topo_build(&t, EEH_PHB4);
	eeh_recovery_init(&r, t.m);
	t.nic->drv.ans_error_detected = EEH_ERS_CAN_RECOVER;
	ASSERT_EQ(0, eeh_func_mmio_store(t.nic, 0, EDU_REG_LIVENESS, 4, 0x1234, &ar));
	freeze(&t, t.pe_nic);
	EXPECT_EQ(1, nic_read_id(&r, &t, &v));
	seq = cb_now(&t);
	t0 = t.m->now_ms;
	ASSERT_EQ(1, eeh_recover_pending(&r));
	ASSERT_EQ(1, r.nlast);
	EXPECT_EQ(EEH_REC_RECOVERED, r.last[0].result);
	EXPECT_EQ(EEH_ERS_CAN_RECOVER, r.last[0].merged);
	EXPECT_TRUE(r.last[0].thawed);
	EXPECT_EQ(0, r.last[0].resets);
	EXPECT_EQ(1, r.last[0].freeze_count);
	EXPECT_EQ(t.pe_nic, r.last[0].pe);
	EXPECT_STREQ("EEH: Recovery successful.", r.last[0].text);
	EXPECT_EQ_U64(t0, r.last[0].start_ms);
	EXPECT_EQ_U64(t0, r.last[0].end_ms);	/* no reset, no wait */
	EXPECT_STREQ("error_detected(frozen) mmio_enabled resume",
		     cbs(&t, seq, t.nic));
	EXPECT_STREQ("", cbs(&t, seq, t.disk));
	EXPECT_EQ(0, r.nqueued);
	expect_healthy(&t, t.pe_nic);
	/* no reset: the device kept its state */
	ASSERT_EQ(0, eeh_func_mmio_load(t.nic, 0, EDU_REG_LIVENESS, 4, &v, &ar));
	EXPECT_EQ_U64(0xffffedcb, v);
	expect_usable(&t, t.nic);
	/* nothing left to do */
	EXPECT_EQ(0, eeh_recover_pending(&r));
	EXPECT_EQ(0, r.nlast);
	topo_free(&t);
}

TEST(thaw_path_mmio_enabled_wants_reset)
{
	struct topo t;
	struct eeh_recovery r;
	u64 seq;

	topo_build(&t, EEH_PHB4);
	eeh_recovery_init(&r, t.m);
	t.nic->drv.ans_error_detected = EEH_ERS_CAN_RECOVER;
	t.nic->drv.ans_mmio_enabled = EEH_ERS_NEED_RESET;
	freeze(&t, t.pe_nic);
	EXPECT_EQ(1, eeh_model_check_failure(&r, t.nic));
	seq = cb_now(&t);
	ASSERT_EQ(1, eeh_recover_pending(&r));
	EXPECT_EQ(EEH_REC_RECOVERED, r.last[0].result);
	EXPECT_FALSE(r.last[0].thawed);
	EXPECT_EQ(1, r.last[0].resets);
	EXPECT_STREQ("error_detected(frozen) mmio_enabled slot_reset resume",
		     cbs(&t, seq, t.nic));
	expect_healthy(&t, t.pe_nic);
	expect_usable(&t, t.nic);
	topo_free(&t);
}

/* ---- the reset path ---- */

TEST(reset_path_hold_settle_and_restore)
{
	struct topo t;
	struct eeh_recovery r;
	struct eeh_access_result ar;
	u64 v = 0, seq, t0;

	topo_build(&t, EEH_PHB4);
	eeh_recovery_init(&r, t.m);
	ASSERT_EQ(0, eeh_func_mmio_store(t.nic, 0, EDU_REG_LIVENESS, 4, 0x1234, &ar));
	eeh_model_advance(t.m, 12345);
	freeze(&t, t.pe_nic);
	EXPECT_EQ(1, nic_read_id(&r, &t, &v));
	seq = cb_now(&t);
	t0 = t.m->now_ms;
	ASSERT_EQ(1, eeh_recover_pending(&r));
	EXPECT_EQ(EEH_REC_RECOVERED, r.last[0].result);
	EXPECT_EQ(EEH_ERS_NEED_RESET, r.last[0].merged);
	EXPECT_FALSE(r.last[0].thawed);
	EXPECT_EQ(1, r.last[0].resets);
	EXPECT_EQ_U64(t0, r.last[0].start_ms);
	EXPECT_EQ_U64(t0 + EEH_PE_RST_HOLD_MS + EEH_PE_RST_SETTLE_MS,
		      r.last[0].end_ms);
	EXPECT_EQ_U64(t0 + 2050, t.m->now_ms);
	EXPECT_STREQ("error_detected(frozen) slot_reset resume",
		     cbs(&t, seq, t.nic));
	EXPECT_STREQ("", cbs(&t, seq, t.disk));
	expect_healthy(&t, t.pe_nic);
	/* BARs back, decode on, MMIO works; the device itself was reset */
	expect_usable(&t, t.nic);
	ASSERT_EQ(0, eeh_func_mmio_load(t.nic, 0, EDU_REG_LIVENESS, 4, &v, &ar));
	EXPECT_EQ_U64(0, v);	/* power-on value (QEMU edu: addr4 = 0) */
	EXPECT_FALSE(ar.frozen);
	expect_usable(&t, t.disk);
	topo_free(&t);
}

TEST(handlerless_driver_is_unplugged_and_replugged)
{
	struct topo t;
	struct eeh_recovery r;
	u64 seq, t0;

	topo_build(&t, EEH_PHB4);
	eeh_recovery_init(&r, t.m);
	t.disk->drv.handlers = false;
	freeze(&t, t.pe_disk);
	EXPECT_EQ(1, eeh_model_check_failure(&r, t.disk));
	seq = cb_now(&t);
	t0 = t.m->now_ms;
	ASSERT_EQ(1, eeh_recover_pending(&r));
	/* no answer at all (NONE): reset with hotplug, 5 s before replug */
	EXPECT_EQ(EEH_REC_RECOVERED, r.last[0].result);
	EXPECT_EQ(EEH_ERS_NONE, r.last[0].merged);
	EXPECT_EQ(1, r.last[0].resets);
	EXPECT_EQ_U64(t0 + 2050 + 5000, r.last[0].end_ms);
	EXPECT_STREQ("remove probe", cbs(&t, seq, t.disk));
	EXPECT_TRUE(t.disk->present);
	EXPECT_TRUE(t.disk->drv.bound);
	expect_healthy(&t, t.pe_disk);
	expect_usable(&t, t.disk);
	topo_free(&t);
}

TEST(mixed_drivers_on_a_bridge_pe)
{
	struct topo t;
	struct eeh_recovery r;
	char want[256];
	u64 seq;

	topo_build(&t, EEH_PHB4);
	eeh_recovery_init(&r, t.m);
	t.disk->drv.handlers = false;
	freeze(&t, t.pe_dn);
	EXPECT_EQ(1, eeh_model_check_failure(&r, t.nic));
	seq = cb_now(&t);
	ASSERT_EQ(1, eeh_recover_pending(&r));
	EXPECT_EQ(t.pe_dn, r.last[0].pe);
	EXPECT_EQ(EEH_REC_RECOVERED, r.last[0].result);
	EXPECT_EQ(EEH_ERS_NEED_RESET, r.last[0].merged);
	/* the EEH-unaware driver goes out before the reset and comes back
	 * before slot_reset; it gets no error callback */
	snprintf(want, sizeof(want),
		 "nic:error_detected(frozen) disk:remove disk:probe nic:slot_reset nic:resume");
	EXPECT_STREQ(want, cbs(&t, seq, NULL));
	expect_healthy(&t, t.pe_dn);
	expect_healthy(&t, t.pe_nic);
	expect_healthy(&t, t.pe_disk);
	expect_usable(&t, t.nic);
	expect_usable(&t, t.disk);
	topo_free(&t);
}

/* ---- permanent failure ---- */

TEST(disconnect_is_permanent_failure)
{
	struct topo t;
	struct eeh_recovery r;
	char want[160];
	u64 seq;

	topo_build(&t, EEH_PHB4);
	eeh_recovery_init(&r, t.m);
	t.nic->drv.ans_error_detected = EEH_ERS_DISCONNECT;
	freeze(&t, t.pe_nic);
	EXPECT_EQ(1, eeh_model_check_failure(&r, t.nic));
	seq = cb_now(&t);
	ASSERT_EQ(1, eeh_recover_pending(&r));
	EXPECT_EQ(EEH_REC_PERM_FAILURE, r.last[0].result);
	EXPECT_EQ(EEH_ERS_DISCONNECT, r.last[0].merged);
	EXPECT_EQ(0, r.last[0].resets);
	snprintf(want, sizeof(want),
		 "EEH: Unable to recover from failure from PHB#0-PE#%x.",
		 t.pe_nic);
	EXPECT_STREQ(want, r.last[0].text);
	EXPECT_STREQ("error_detected(frozen) error_detected(perm_failure) remove",
		     cbs(&t, seq, t.nic));
	EXPECT_FALSE(t.nic->present);
	EXPECT_TRUE(sw(&t, t.pe_nic) & EEH_PE_REMOVED);
	EXPECT_TRUE(sw(&t, t.pe_nic) & EEH_PE_ISOLATED);
	/* the PE stays frozen; the device is gone for the checker */
	EXPECT_EQ(EEH_FW_MMIO_DMA_FREEZE, eeh_pe_fw_state(t.phb, t.pe_nic));
	EXPECT_EQ(-ENODEV, eeh_model_check_failure(&r, t.nic));
	{
		u64 v = 0;

		/* a driver's read still answers, all-ones, nothing queued */
		EXPECT_EQ(0, nic_read_id(&r, &t, &v));
		EXPECT_EQ_U64(0xffffffff, v);
		EXPECT_EQ(0, r.nqueued);
	}
	/* the neighbour is untouched */
	EXPECT_STREQ("", cbs(&t, seq, t.disk));
	expect_healthy(&t, t.pe_disk);
	expect_usable(&t, t.disk);
	topo_free(&t);
}

TEST(slot_reset_disconnect_fails_after_reset)
{
	struct topo t;
	struct eeh_recovery r;
	u64 seq;

	topo_build(&t, EEH_PHB4);
	eeh_recovery_init(&r, t.m);
	t.nic->drv.ans_slot_reset = EEH_ERS_DISCONNECT;
	freeze(&t, t.pe_nic);
	EXPECT_EQ(1, eeh_model_check_failure(&r, t.nic));
	seq = cb_now(&t);
	ASSERT_EQ(1, eeh_recover_pending(&r));
	EXPECT_EQ(EEH_REC_PERM_FAILURE, r.last[0].result);
	EXPECT_EQ(1, r.last[0].resets);
	EXPECT_STREQ("error_detected(frozen) slot_reset error_detected(perm_failure) remove",
		     cbs(&t, seq, t.nic));
	EXPECT_TRUE(sw(&t, t.pe_nic) & EEH_PE_REMOVED);
	topo_free(&t);
}

/* Freeze the nic's PE, detect, recover; returns the event. */
static const struct eeh_rec_event *cycle(struct eeh_recovery *r, struct topo *t)
{
	freeze(t, t->pe_nic);
	if (eeh_model_check_failure(r, t->nic) != 1)
		return NULL;
	if (eeh_recover_pending(r) != 1)
		return NULL;
	return &r->last[0];
}

TEST(sixth_freeze_within_an_hour_is_permanent)
{
	struct topo t;
	struct eeh_recovery r;
	const struct eeh_rec_event *ev;
	char want[160];
	u64 seq;
	int i;

	topo_build(&t, EEH_PHB4);
	eeh_recovery_init(&r, t.m);
	for (i = 1; i <= 5; i++) {
		ev = cycle(&r, &t);
		ASSERT_NOT_NULL(ev);
		EXPECT_EQ(EEH_REC_RECOVERED, ev->result);
		EXPECT_EQ(i, ev->freeze_count);
		eeh_model_advance(t.m, 10 * 60 * 1000);
	}
	seq = cb_now(&t);
	ev = cycle(&r, &t);
	ASSERT_NOT_NULL(ev);
	EXPECT_EQ(EEH_REC_PERM_FAILURE, ev->result);
	EXPECT_EQ(6, ev->freeze_count);
	EXPECT_EQ(EEH_ERS_DISCONNECT, ev->merged);
	snprintf(want, sizeof(want),
		 "EEH: PHB#0-PE#%x has failed 6 times in the last hour and has been permanently disabled.",
		 t.pe_nic);
	EXPECT_STREQ(want, ev->text);
	/* over the limit: no error_detected(frozen), straight to failure */
	EXPECT_STREQ("error_detected(perm_failure) remove", cbs(&t, seq, t.nic));
	EXPECT_FALSE(t.nic->present);
	EXPECT_TRUE(sw(&t, t.pe_nic) & EEH_PE_REMOVED);
	topo_free(&t);
}

TEST(six_freezes_over_more_than_an_hour_recover)
{
	struct topo t;
	struct eeh_recovery r;
	const struct eeh_rec_event *ev;
	int i;

	topo_build(&t, EEH_PHB4);
	eeh_recovery_init(&r, t.m);
	for (i = 1; i <= 6; i++) {
		ev = cycle(&r, &t);
		ASSERT_NOT_NULL(ev);
		EXPECT_EQ(EEH_REC_RECOVERED, ev->result);
		/* the 6th comes 65 min after the first: the count restarts */
		EXPECT_EQ(i <= 5 ? i : 1, ev->freeze_count);
		eeh_model_advance(t.m, 13 * 60 * 1000);
	}
	EXPECT_TRUE(t.nic->present);
	expect_usable(&t, t.nic);
	topo_free(&t);
}

TEST(max_freezes_settable)
{
	struct topo t;
	struct eeh_recovery r;
	const struct eeh_rec_event *ev;

	topo_build(&t, EEH_PHB4);
	eeh_recovery_init(&r, t.m);
	r.max_freezes = 1;
	ev = cycle(&r, &t);
	ASSERT_NOT_NULL(ev);
	EXPECT_EQ(EEH_REC_RECOVERED, ev->result);
	ev = cycle(&r, &t);
	ASSERT_NOT_NULL(ev);
	EXPECT_EQ(EEH_REC_PERM_FAILURE, ev->result);
	EXPECT_EQ(2, ev->freeze_count);
	EXPECT_HAS(ev->text, "has failed 2 times in the last hour");
	topo_free(&t);
}

/* ---- escalation ---- */

TEST(escalation_to_frozen_bridge_pe)
{
	struct topo t;
	struct eeh_recovery r;
	u64 seq, v;

	topo_build(&t, EEH_PHB4);
	eeh_recovery_init(&r, t.m);
	freeze(&t, t.pe_dn);	/* PELT-V: nic's and disk's PEs too */
	EXPECT_EQ(1, nic_read_id(&r, &t, &v));
	ASSERT_EQ(1, r.nqueued);
	EXPECT_EQ(t.pe_dn, r.queue[0].pe);
	EXPECT_TRUE(sw(&t, t.pe_dn) & EEH_PE_ISOLATED);
	EXPECT_TRUE(sw(&t, t.pe_nic) & EEH_PE_ISOLATED);
	EXPECT_TRUE(sw(&t, t.pe_disk) & EEH_PE_ISOLATED);
	EXPECT_EQ(0, sw(&t, t.pe_up));
	/* the disk's failure is the same event */
	EXPECT_EQ(0, eeh_model_check_failure(&r, t.disk));
	EXPECT_EQ(1, r.nqueued);
	seq = cb_now(&t);
	ASSERT_EQ(1, eeh_recover_pending(&r));
	EXPECT_EQ(EEH_REC_RECOVERED, r.last[0].result);
	EXPECT_EQ(1, r.last[0].resets);
	EXPECT_STREQ("error_detected(frozen) slot_reset resume",
		     cbs(&t, seq, t.nic));
	EXPECT_STREQ("error_detected(frozen) slot_reset resume",
		     cbs(&t, seq, t.disk));
	/* only the bridge PE's freeze was counted */
	EXPECT_EQ(1, t.phb->pes[t.pe_dn].freeze_count);
	EXPECT_EQ(0, t.phb->pes[t.pe_nic].freeze_count);
	expect_healthy(&t, t.pe_dn);
	expect_healthy(&t, t.pe_nic);
	expect_healthy(&t, t.pe_disk);
	expect_usable(&t, t.nic);
	expect_usable(&t, t.disk);
	EXPECT_EQ(0, eeh_recover_pending(&r));
	topo_free(&t);
}

TEST(escalation_skips_healthy_parents)
{
	struct topo t;
	struct eeh_recovery r;
	struct eeh_inj_req req = { .kind = EEH_INJ_FREEZE, .phb = 0,
				   .which = EEH_FREEZE_MMIO };

	/* the switch-up PE frozen (MMIO only), the PE between is healthy:
	 * Linux walks every ancestor and takes the highest frozen one */
	topo_build(&t, EEH_PHB4);
	eeh_recovery_init(&r, t.m);
	freeze(&t, t.pe_nic);
	req.pe = t.pe_up;
	ASSERT_EQ(0, eeh_inject(t.m, &req, NULL, NULL));
	ASSERT_EQ(0, eeh_pe_thaw(t.phb, t.pe_dn, EEH_FREEZE_BOTH, NULL));
	EXPECT_EQ(1, eeh_model_check_failure(&r, t.nic));
	ASSERT_EQ(1, r.nqueued);
	EXPECT_EQ(t.pe_up, r.queue[0].pe);
	ASSERT_EQ(1, eeh_recover_pending(&r));
	EXPECT_EQ(EEH_REC_RECOVERED, r.last[0].result);
	expect_healthy(&t, t.pe_up);
	expect_healthy(&t, t.pe_dn);
	expect_healthy(&t, t.pe_nic);
	expect_usable(&t, t.nic);
	topo_free(&t);
}

TEST(events_handled_in_order)
{
	struct topo t;
	struct eeh_recovery r;

	topo_build(&t, EEH_PHB4);
	eeh_recovery_init(&r, t.m);
	t.disk->drv.ans_error_detected = EEH_ERS_CAN_RECOVER;
	freeze(&t, t.pe_nic);
	freeze(&t, t.pe_disk);
	EXPECT_EQ(1, eeh_model_check_failure(&r, t.nic));
	EXPECT_EQ(1, eeh_model_check_failure(&r, t.disk));
	ASSERT_EQ(2, eeh_recover_pending(&r));
	ASSERT_EQ(2, r.nlast);
	EXPECT_EQ(t.pe_nic, r.last[0].pe);
	EXPECT_EQ(1, r.last[0].resets);
	EXPECT_EQ(t.pe_disk, r.last[1].pe);
	EXPECT_TRUE(r.last[1].thawed);
	EXPECT_GE(r.last[1].start_ms, r.last[0].end_ms);
	topo_free(&t);
}

/* ---- fenced PHB ---- */

TEST(fenced_phb_every_pe_recovered)
{
	struct topo t;
	struct eeh_recovery r;
	struct eeh_inj_req req = { .kind = EEH_INJ_FENCE, .phb = 0 };
	u64 seq, v, t0;
	int i;

	topo_build(&t, EEH_PHB4);
	eeh_recovery_init(&r, t.m);
	t.disk->drv.ans_error_detected = EEH_ERS_DISCONNECT;
	ASSERT_EQ(0, eeh_inject(t.m, &req, NULL, NULL));
	EXPECT_EQ(1, nic_read_id(&r, &t, &v));
	ASSERT_EQ(1, r.nqueued);
	EXPECT_EQ(-1, r.queue[0].pe);
	EXPECT_EQ(0, eeh_model_check_failure(&r, t.disk));
	EXPECT_EQ(0, eeh_model_check_failure(&r, t.nic));
	EXPECT_EQ(1, r.nqueued);
	for (i = 0; i < t.phb->num_pes; i++)
		if (eeh_model_pe_get(t.phb, i))
			EXPECT_TRUE(sw(&t, i) & EEH_PE_ISOLATED);
	seq = cb_now(&t);
	t0 = t.m->now_ms;
	ASSERT_EQ(1, eeh_recover_pending(&r));
	EXPECT_EQ(-1, r.last[0].pe);
	/* a PHB: any answer but NONE becomes NEED_RESET, DISCONNECT too */
	EXPECT_EQ(EEH_REC_PHB_RECOVERED, r.last[0].result);
	EXPECT_EQ(EEH_ERS_NEED_RESET, r.last[0].merged);
	EXPECT_EQ(1, r.last[0].resets);
	EXPECT_EQ_U64(t0 + EEH_PE_RST_SETTLE_MS, r.last[0].end_ms);
	EXPECT_STREQ("error_detected(frozen) slot_reset resume",
		     cbs(&t, seq, t.nic));
	EXPECT_STREQ("error_detected(frozen) slot_reset resume",
		     cbs(&t, seq, t.disk));
	EXPECT_FALSE(t.phb->fenced);
	for (i = 0; i < t.phb->num_pes; i++)
		if (eeh_model_pe_get(t.phb, i))
			expect_healthy(&t, i);
	expect_usable(&t, t.nic);
	expect_usable(&t, t.disk);
	expect_usable(&t, t.rp);
	expect_usable(&t, t.dn1);
	topo_free(&t);
}

TEST(fence_purges_queued_pe_events)
{
	struct topo t;
	struct eeh_recovery r;

	topo_build(&t, EEH_PHB3);
	eeh_recovery_init(&r, t.m);
	freeze(&t, t.pe_nic);
	EXPECT_EQ(1, eeh_model_check_failure(&r, t.nic));
	ASSERT_EQ(0, eeh_phb_fence(t.phb, EEH_CAUSE_FENCE, -1, 0));
	EXPECT_EQ(1, eeh_model_check_failure(&r, t.disk));
	EXPECT_EQ(2, r.nqueued);
	ASSERT_EQ(1, eeh_recover_pending(&r));
	EXPECT_EQ(-1, r.last[0].pe);
	EXPECT_EQ(EEH_REC_PHB_RECOVERED, r.last[0].result);
	EXPECT_EQ(0, r.nqueued);
	expect_healthy(&t, t.pe_nic);
	expect_usable(&t, t.nic);
	topo_free(&t);
}

/* ---- guest-owned PEs ---- */

TEST(guest_owned_pe_left_to_owner)
{
	struct topo t;
	struct eeh_recovery r;
	u64 seq;

	topo_build(&t, EEH_PHB4);
	eeh_recovery_init(&r, t.m);
	t.phb->pes[t.pe_nic].owner = 1;
	EXPECT_EQ(0, eeh_model_check_failure(&r, t.nic));	/* not frozen */
	freeze(&t, t.pe_nic);
	EXPECT_EQ(1, eeh_model_check_failure(&r, t.nic));
	EXPECT_EQ(0, eeh_model_check_failure(&r, t.nic));	/* queued once */
	seq = cb_now(&t);
	ASSERT_EQ(1, eeh_recover_pending(&r));
	EXPECT_EQ(EEH_REC_LEFT_TO_OWNER, r.last[0].result);
	EXPECT_EQ(EEH_FW_MMIO_DMA_FREEZE, eeh_pe_fw_state(t.phb, t.pe_nic));
	EXPECT_STREQ("", cbs(&t, seq, NULL));
	EXPECT_EQ(0, t.phb->pes[t.pe_nic].freeze_count);
	topo_free(&t);
}

TEST(passed_child_refrozen_after_parent_reset)
{
	struct topo t;
	struct eeh_recovery r;
	u64 seq;

	topo_build(&t, EEH_PHB4);
	eeh_recovery_init(&r, t.m);
	t.phb->pes[t.pe_nic].owner = 1;
	freeze(&t, t.pe_dn);
	EXPECT_EQ(1, eeh_model_check_failure(&r, t.disk));
	EXPECT_EQ(t.pe_dn, r.queue[0].pe);
	seq = cb_now(&t);
	ASSERT_EQ(1, eeh_recover_pending(&r));
	EXPECT_EQ(EEH_REC_RECOVERED, r.last[0].result);
	EXPECT_STREQ("error_detected(frozen) slot_reset resume",
		     cbs(&t, seq, t.disk));
	EXPECT_STREQ("", cbs(&t, seq, t.nic));
	/* the host reset thawed it; it is frozen again for its guest */
	EXPECT_EQ(EEH_FW_MMIO_DMA_FREEZE, eeh_pe_fw_state(t.phb, t.pe_nic));
	expect_healthy(&t, t.pe_disk);
	expect_usable(&t, t.disk);
	topo_free(&t);
}

TEST(queue_full)
{
	struct topo t;
	struct eeh_recovery r;

	topo_build(&t, EEH_PHB4);
	eeh_recovery_init(&r, t.m);
	r.nqueued = EEH_MAX_EVENTS;	/* as if 32 events were pending */
	freeze(&t, t.pe_nic);
	EXPECT_EQ(-ENOSPC, eeh_model_check_failure(&r, t.nic));
	EXPECT_EQ(0, sw(&t, t.pe_nic));
	topo_free(&t);
}
