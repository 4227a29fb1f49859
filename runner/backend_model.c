// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model backend: the scenario's verbs on an in-process model, one
 * eehlab session (model/session.c) per scenario. The kernel module runs
 * the very same session functions, so both backends answer alike.
 */
#include <string.h>
#include <errno.h>

#include "backend.h"
#include "race_threads.h"

static struct eeh_session *ses(struct backend *b)
{
	return b->priv;
}

static int model_open(struct backend *b, const struct backend_config *cfg,
		      struct eeh_msg *msg)
{
	struct eeh_session *s = eeh_session_create(cfg ? cfg->mem_cap : 0);

	if (!s)
		return eeh_msg_set(msg, -ENOMEM, "cannot create the model");
	b->priv = s;
	return 0;
}

static void model_close(struct backend *b)
{
	eeh_session_destroy(ses(b));
	b->priv = NULL;
}

/* ---- topology ---- */

static int model_phb_add(struct backend *b, int index, enum eeh_phb_model model,
			 int num_pes, struct eeh_msg *msg)
{
	return eeh_session_phb_add(ses(b), index, model, num_pes, msg);
}

static int model_node_add(struct backend *b, const struct be_node *n,
			  struct eeh_msg *msg)
{
	return eeh_session_node_add(ses(b), n, msg);
}

static int model_enumerate(struct backend *b, struct eeh_msg *msg)
{
	return eeh_session_enumerate(ses(b), msg);
}

static int model_resolve(struct backend *b, const char *spec, struct be_dev *out,
			 struct eeh_msg *msg)
{
	return eeh_session_resolve(ses(b), spec, out, msg);
}

static int model_dev_list(struct backend *b, struct be_dev *out, int max)
{
	return eeh_session_dev_list(ses(b), out, max);
}

static bool model_pe_covers(struct backend *b, int phb, int parent, int child)
{
	return eeh_session_pe_covers(ses(b), phb, parent, child);
}

static int model_pe_check(struct backend *b, int phb, int pe, struct eeh_msg *msg)
{
	return eeh_session_pe_check(ses(b), phb, pe, msg);
}

/* ---- drivers ---- */

static int model_driver_set(struct backend *b, const struct be_dev *d,
			    const struct be_driver *drv, struct eeh_msg *msg)
{
	return eeh_session_driver_set(ses(b), d, drv, msg);
}

/* ---- host memory ---- */

static int model_mem_alloc(struct backend *b, u64 size, u64 align, u64 *pa,
			   struct eeh_msg *msg)
{
	return eeh_session_mem_alloc(ses(b), size, align, pa, msg);
}

static int model_mem_read(struct backend *b, u64 pa, void *buf, u64 len,
			  struct eeh_msg *msg)
{
	return eeh_session_mem_read(ses(b), pa, buf, len, msg);
}

static int model_mem_write(struct backend *b, u64 pa, const void *buf, u64 len,
			   struct eeh_msg *msg)
{
	return eeh_session_mem_write(ses(b), pa, buf, len, msg);
}

/* ---- DMA windows ---- */

static int model_window_create(struct backend *b, int phb, int pe, int which,
			       u32 page_shift, u64 size, int levels,
			       struct eeh_msg *msg)
{
	return eeh_session_window_create(ses(b), phb, pe, which, page_shift,
					 size, levels, msg);
}

static int model_window_remove(struct backend *b, int phb, int pe, int which,
			       struct eeh_msg *msg)
{
	return eeh_session_window_remove(ses(b), phb, pe, which, msg);
}

static int model_window_get(struct backend *b, int phb, int pe, int which,
			    struct eeh_tce_table *t)
{
	return eeh_session_window_get(ses(b), phb, pe, which, t);
}

static int model_tce_map(struct backend *b, int phb, int pe, int which,
			 u64 ioba, u64 host, u64 len, u64 perm,
			 struct eeh_msg *msg)
{
	return eeh_session_tce_map(ses(b), phb, pe, which, ioba, host, len,
				   perm, msg);
}

/* ---- data path ---- */

static int model_mmio_read(struct backend *b, const struct be_dev *d, int bar,
			   u64 off, int size, bool detect, u64 *val,
			   struct eeh_msg *msg)
{
	return eeh_session_mmio_read(ses(b), d, bar, off, size, detect, val,
				     msg);
}

static int model_mmio_write(struct backend *b, const struct be_dev *d, int bar,
			    u64 off, int size, u64 val, struct eeh_msg *msg)
{
	return eeh_session_mmio_write(ses(b), d, bar, off, size, val, msg);
}

static int model_cfg_read(struct backend *b, const struct be_dev *d, u32 off,
			  int size, u32 *val, struct eeh_msg *msg)
{
	return eeh_session_cfg_read(ses(b), d, off, size, val, msg);
}

static int model_cfg_write(struct backend *b, const struct be_dev *d, u32 off,
			   int size, u32 val, struct eeh_msg *msg)
{
	return eeh_session_cfg_write(ses(b), d, off, size, val, msg);
}

static int model_dma(struct backend *b, const struct be_dev *d,
		     const struct be_dma_req *req, struct be_dma_res *res,
		     struct eeh_msg *msg)
{
	return eeh_session_dma(ses(b), d, req, res, msg);
}

/* ---- faults, detection, recovery, time ---- */

static int model_inject(struct backend *b, const struct eeh_inj_req *req,
			struct eeh_inj_result *res, struct eeh_msg *msg)
{
	return eeh_session_inject(ses(b), req, res, msg);
}

static int model_check(struct backend *b, const struct be_dev *d, bool *queued,
		       struct eeh_msg *msg)
{
	return eeh_session_check(ses(b), d, queued, msg);
}

static int model_recover(struct backend *b, struct eeh_rec_event *ev, int max,
			 int *n, struct eeh_msg *msg)
{
	return eeh_session_recover(ses(b), ev, max, n, msg);
}

static int model_advance(struct backend *b, u64 ms, struct eeh_msg *msg)
{
	return eeh_session_advance(ses(b), ms, msg);
}

static int model_set_max_freezes(struct backend *b, int n, struct eeh_msg *msg)
{
	return eeh_session_set_max_freezes(ses(b), n, msg);
}

/* ---- queries ---- */

static int model_pe_state(struct backend *b, int phb, int pe,
			  struct be_pe_state *st, struct eeh_msg *msg)
{
	return eeh_session_pe_state(ses(b), phb, pe, st, msg);
}

static int model_frozen_pes(struct backend *b, struct be_pe_ref *out, int max)
{
	return eeh_session_frozen_pes(ses(b), out, max);
}

static u64 model_cb_seq(struct backend *b)
{
	return eeh_session_cb_seq(ses(b));
}

static int model_cb_since(struct backend *b, u64 after, struct eeh_cb_rec *out,
			  int max)
{
	return eeh_session_cb_since(ses(b), after, out, max);
}

static int model_diag_last(struct backend *b, int phb, int pe,
			   struct eeh_diag *out)
{
	return eeh_session_diag_last(ses(b), phb, pe, out);
}

/* ---- guests ---- */

static int model_guest_create(struct backend *b, const char *name,
			      struct eeh_msg *msg)
{
	return eeh_session_guest_create(ses(b), name, msg);
}

static int model_guest_slot(struct backend *b, const char *guest, u64 gpa,
			    u64 size, u32 page_shift, bool prereg, bool linear,
			    struct eeh_msg *msg)
{
	return eeh_session_guest_slot(ses(b), guest, gpa, size, page_shift,
				      prereg, linear, msg);
}

static int model_guest_assign(struct backend *b, const char *guest, int phb,
			      int pe, unsigned long *liobn, struct eeh_msg *msg)
{
	return eeh_session_guest_assign(ses(b), guest, phb, pe, liobn, msg);
}

static int model_guest_release(struct backend *b, int phb, int pe,
			       struct eeh_msg *msg)
{
	return eeh_session_guest_release(ses(b), phb, pe, msg);
}

static int model_guest_window(struct backend *b, int phb, int pe,
			      u32 page_shift, u64 size, int levels, bool remove,
			      unsigned long *liobn, struct eeh_msg *msg)
{
	return eeh_session_guest_window(ses(b), phb, pe, page_shift, size,
					levels, remove, liobn, msg);
}

static int model_guest_liobn(struct backend *b, int phb, int pe, int which,
			     int tier, unsigned long *liobn, struct eeh_msg *msg)
{
	return eeh_session_guest_liobn(ses(b), phb, pe, which, tier, liobn, msg);
}

static int model_race(struct backend *b, const char *guest, struct be_race *br,
		      struct eeh_msg *msg)
{
	struct eeh_race_threads th;
	struct race_threads rt;

	race_threads_init(&rt, &th);
	return eeh_session_race(ses(b), guest, br, &th, msg);
}

static int model_hcall(struct backend *b, const char *guest, struct be_hcall *hc,
		       struct eeh_msg *msg)
{
	return eeh_session_hcall(ses(b), guest, hc, msg);
}

static int model_guest_mem(struct backend *b, const char *guest, u64 gpa,
			   void *buf, u64 len, bool write, struct eeh_msg *msg)
{
	return eeh_session_guest_mem(ses(b), guest, gpa, buf, len, write, msg);
}

static int model_guest_stats(struct backend *b, const char *guest, int hc,
			     struct be_guest_stats *st, struct eeh_msg *msg)
{
	return eeh_session_guest_stats(ses(b), guest, hc, st, msg);
}

static int model_guest_eeh(struct backend *b, int phb, int pe, int op,
			   u32 type, u32 func, u64 addr, u64 mask,
			   struct eeh_msg *msg)
{
	return eeh_session_guest_eeh(ses(b), phb, pe, op, type, func, addr,
				     mask, msg);
}

static int model_invariants(struct backend *b, char *why, size_t len)
{
	return eeh_session_invariants(ses(b), why, len);
}

const struct backend_ops backend_model_ops = {
	.name = "model",
	.caps = BE_CAP_DATA_PATH,
	.open = model_open,
	.close = model_close,
	.phb_add = model_phb_add,
	.node_add = model_node_add,
	.enumerate = model_enumerate,
	.resolve = model_resolve,
	.dev_list = model_dev_list,
	.pe_covers = model_pe_covers,
	.pe_check = model_pe_check,
	.driver_set = model_driver_set,
	.mem_alloc = model_mem_alloc,
	.mem_read = model_mem_read,
	.mem_write = model_mem_write,
	.window_create = model_window_create,
	.window_remove = model_window_remove,
	.window_get = model_window_get,
	.tce_map = model_tce_map,
	.mmio_read = model_mmio_read,
	.mmio_write = model_mmio_write,
	.cfg_read = model_cfg_read,
	.cfg_write = model_cfg_write,
	.dma = model_dma,
	.inject = model_inject,
	.check = model_check,
	.recover = model_recover,
	.advance = model_advance,
	.set_max_freezes = model_set_max_freezes,
	.pe_state = model_pe_state,
	.frozen_pes = model_frozen_pes,
	.cb_seq = model_cb_seq,
	.cb_since = model_cb_since,
	.diag_last = model_diag_last,
	.guest_create = model_guest_create,
	.guest_slot = model_guest_slot,
	.guest_assign = model_guest_assign,
	.guest_release = model_guest_release,
	.guest_window = model_guest_window,
	.guest_liobn = model_guest_liobn,
	.hcall = model_hcall,
	.race = model_race,
	.guest_mem = model_guest_mem,
	.guest_stats = model_guest_stats,
	.guest_eeh = model_guest_eeh,
	.invariants = model_invariants,
};

const struct backend_ops *backend_lookup(const char *name)
{
	if (!name || !strcmp(name, "model"))
		return &backend_model_ops;
	return NULL;
}
