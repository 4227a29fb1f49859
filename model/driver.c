// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab model: the test drivers bound to functions and the model-wide
 * log of every driver callback (struct pci_error_handlers, plus the
 * unplug and replug the EEH core does).
 */
#include "internal.h"

void eeh_driver_default(struct eeh_driver *d)
{
	if (!d)
		return;
	d->bound = true;
	d->handlers = true;
	d->ans_error_detected = EEH_ERS_NEED_RESET;
	d->ans_mmio_enabled = EEH_ERS_RECOVERED;
	d->ans_slot_reset = EEH_ERS_RECOVERED;
}

static void cb_record(struct eeh_func *f, enum eeh_cb cb, enum eeh_channel state,
		      enum eeh_ers result)
{
	struct eeh_model *m = f->phb->m;
	struct eeh_cb_rec *rec = &m->cblog[m->ncb % EEH_CBLOG_MAX];

	memset(rec, 0, sizeof(*rec));
	rec->seq = ++m->ncb;
	rec->time_ms = m->now_ms;
	rec->phb = f->phb->index;
	rec->func = f->id;
	rec->cb = cb;
	rec->state = cb == EEH_CB_ERROR_DETECTED ? state : 0;
	rec->result = result;
	eeh_log(EEH_LOG_DEBUG, "%s: %s -> %s", f->name, eeh_cb_name(cb),
		result ? eeh_ers_name(result) : "void");
}

/**
 * eeh_driver_call() - call @cb on @f's driver and record it.
 *
 * REMOVE and PROBE are always recorded: REMOVE unbinds the driver and
 * marks the device absent, PROBE marks it present, binds the driver
 * (keeping its configured answers) and saves config space again. The
 * error handlers are recorded only for a bound driver that has them
 * (Linux does not call what a driver lacks); otherwise nothing is
 * recorded and 0 returned.
 */
enum eeh_ers eeh_driver_call(struct eeh_func *f, enum eeh_cb cb,
			     enum eeh_channel state)
{
	enum eeh_ers res = 0;

	if (!f || !f->phb || (int)cb < 0 || cb >= EEH_CB__COUNT)
		return 0;
	switch (cb) {
	case EEH_CB_REMOVE:
		f->drv.bound = false;
		f->present = false;
		cb_record(f, cb, 0, 0);
		return 0;
	case EEH_CB_PROBE:
		f->present = true;
		f->drv.bound = true;
		eeh_func_save_config(f);
		cb_record(f, cb, 0, 0);
		return 0;
	default:
		break;
	}
	if (!f->drv.bound || !f->drv.handlers)
		return 0;
	switch (cb) {
	case EEH_CB_ERROR_DETECTED:
		res = f->drv.ans_error_detected;
		break;
	case EEH_CB_MMIO_ENABLED:
		res = f->drv.ans_mmio_enabled;
		break;
	case EEH_CB_SLOT_RESET:
		res = f->drv.ans_slot_reset;
		break;
	default:
		res = 0;
		break;
	}
	cb_record(f, cb, state, res);
	return res;
}

int eeh_cblog_since(struct eeh_model *m, u64 after, struct eeh_cb_rec *out, int max)
{
	u64 first, s;
	int n = 0;

	if (!m || !out || max <= 0)
		return 0;
	first = m->ncb > EEH_CBLOG_MAX ? m->ncb - EEH_CBLOG_MAX + 1 : 1;
	if (after + 1 > first)
		first = after + 1;
	for (s = first; s <= m->ncb && n < max; s++)
		out[n++] = m->cblog[(s - 1) % EEH_CBLOG_MAX];
	return n;
}
