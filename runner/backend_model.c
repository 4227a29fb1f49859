// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model backend: the scenario's verbs on an in-process model. Owns
 * one struct eeh_model and one struct eeh_recovery per scenario.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#include "backend.h"
#include "eehlab/guest.h"
#include "eehlab/vfio.h"

struct model_be {
	struct eeh_model *m;
	struct eeh_recovery rec;
};

static struct model_be *mb(struct backend *b)
{
	return b->priv;
}

static int msg_errno(struct eeh_msg *msg, int err, const char *what)
{
	snprintf(msg->text, sizeof(msg->text), "%s: %s", what, strerror(-err));
	return err;
}

static int model_open(struct backend *b, const struct backend_config *cfg,
		      struct eeh_msg *msg)
{
	struct eeh_model_config mc = { .mem_cap = EEH_DEFAULT_MEM_CAP };
	struct model_be *p;

	if (cfg && cfg->mem_cap)
		mc.mem_cap = cfg->mem_cap;
	p = calloc(1, sizeof(*p));
	if (!p)
		return eeh_msg_set(msg, -ENOMEM, "out of memory");
	p->m = eeh_model_create(&mc);
	if (!p->m) {
		free(p);
		return eeh_msg_set(msg, -ENOMEM, "cannot create the model");
	}
	eeh_recovery_init(&p->rec, p->m);
	b->priv = p;
	return 0;
}

static void model_close(struct backend *b)
{
	struct model_be *p = mb(b);

	if (!p)
		return;
	eeh_model_destroy(p->m);
	free(p);
	b->priv = NULL;
}

/* ---- topology ---- */

static int model_phb_add(struct backend *b, int index, enum eeh_phb_model model,
			 int num_pes, struct eeh_msg *msg)
{
	return eeh_phb_add(mb(b)->m, index, model, num_pes, msg);
}

static struct eeh_phb *get_phb(struct backend *b, int index, struct eeh_msg *msg)
{
	struct eeh_phb *phb = NULL;

	if (index >= 0 && index < EEH_MAX_PHBS)
		phb = eeh_phb_get(mb(b)->m, index);
	if (!phb)
		eeh_msg_set(msg, -ENODEV, "no PHB %d", index);
	return phb;
}

static int model_node_add(struct backend *b, const struct be_node *n,
			  struct eeh_msg *msg)
{
	struct eeh_node_desc d = {
		.name = n->name,
		.type = n->type,
		.parent = n->parent,
		.kind = n->kind,
		.functions = n->functions,
		.vendor = n->vendor,
		.device = n->device,
		.bar32_size = n->bar32,
		.bar64_size = n->bar64,
		.needs_freset = n->freset,
	};
	struct eeh_phb *phb = get_phb(b, n->phb, msg);

	if (!phb)
		return -ENODEV;
	return eeh_node_add(phb, &d, msg);
}

static int model_enumerate(struct backend *b, struct eeh_msg *msg)
{
	struct eeh_model *m = mb(b)->m;
	int i, done = 0, any = 0, rc;

	for (i = 0; i < EEH_MAX_PHBS; i++) {
		struct eeh_phb *phb = eeh_phb_get(m, i);

		if (!phb)
			continue;
		any++;
		if (phb->enumerated)
			continue;
		rc = eeh_phb_enumerate(phb, msg);
		if (rc) {
			if (!msg->text[0])
				msg_errno(msg, rc, "enumeration");
			return rc;
		}
		done++;
	}
	if (!any)
		return eeh_msg_set(msg, -ENODEV, "no PHB to enumerate");
	if (!done)
		return eeh_msg_set(msg, -EBUSY, "already enumerated");
	return 0;
}

static void fill_dev(const struct eeh_func *f, struct be_dev *d)
{
	memset(d, 0, sizeof(*d));
	d->phb = f->phb->index;
	d->id = f->id;
	d->endpoint = f->type == EEH_NODE_ENDPOINT;
	d->edu = f->kind == EEH_DEV_EDU && f->edu;
	d->present = f->present;
	d->bound = f->drv.bound;
	snprintf(d->name, sizeof(d->name), "%s", f->name);
	if (f->phb->enumerated) {
		d->bus = f->bus;
		d->devfn = f->devfn;
		d->pe = f->pe;
		eeh_func_bdf(f, d->bdf, sizeof(d->bdf));
	} else {
		d->bus = d->devfn = d->pe = -1;
		snprintf(d->bdf, sizeof(d->bdf), "-");
	}
}

static struct eeh_func *func_of(struct backend *b, const struct be_dev *d,
				struct eeh_msg *msg)
{
	struct eeh_phb *phb = get_phb(b, d->phb, msg);

	if (!phb)
		return NULL;
	if (d->id < 0 || d->id >= phb->nfuncs || !phb->funcs[d->id]) {
		eeh_msg_set(msg, -ENODEV, "no function %d on PHB %d", d->id, d->phb);
		return NULL;
	}
	return phb->funcs[d->id];
}

/* "DDDD:BB:DD.F" or "BB:DD.F" (domain 0); false when it is not a BDF. */
static bool parse_bdf(const char *s, int *dom, int *bus, int *dev, int *fn)
{
	unsigned int a, b2, c, d;
	char tail;

	if (sscanf(s, "%x:%x:%x.%x%c", &a, &b2, &c, &d, &tail) == 4) {
		*dom = a, *bus = b2, *dev = c, *fn = d;
	} else if (sscanf(s, "%x:%x.%x%c", &b2, &c, &d, &tail) == 3) {
		*dom = 0, *bus = b2, *dev = c, *fn = d;
	} else {
		return false;
	}
	return strchr(s, '.') != NULL;
}

static int model_resolve(struct backend *b, const char *spec, struct be_dev *out,
			 struct eeh_msg *msg)
{
	struct eeh_model *m = mb(b)->m;
	struct eeh_func *f = NULL;
	int dom, bus, dev, fn;
	size_t n;

	if (!spec || !*spec)
		return eeh_msg_set(msg, -ENODEV, "no device named");
	if (parse_bdf(spec, &dom, &bus, &dev, &fn)) {
		struct eeh_phb *phb;

		if (dom < 0 || dom >= EEH_MAX_PHBS || !(phb = eeh_phb_get(m, dom)))
			return eeh_msg_set(msg, -ENODEV, "%s: no PHB %d", spec, dom);
		if (!phb->enumerated)
			return eeh_msg_set(msg, -ENODEV,
					   "%s: PHB %d is not enumerated yet", spec, dom);
		if (bus > 0xff || dev > 0x1f || fn > 7)
			return eeh_msg_set(msg, -ENODEV, "%s: not a valid BDF", spec);
		f = eeh_func_by_bdf(phb, bus, (dev << 3) | fn);
		if (!f)
			return eeh_msg_set(msg, -ENODEV, "no device at %s", spec);
	} else {
		f = eeh_func_by_name(m, spec);
		n = strlen(spec);
		/* function 0 of "nic" is also "nic.0" */
		if (!f && n > 2 && n < EEH_NAME_LEN + 2 && !strcmp(spec + n - 2, ".0")) {
			char base[EEH_NAME_LEN + 2];

			snprintf(base, sizeof(base), "%.*s", (int)(n - 2), spec);
			f = eeh_func_by_name(m, base);
			if (f && f->type != EEH_NODE_ENDPOINT)
				f = NULL;
		}
		if (!f)
			return eeh_msg_set(msg, -ENODEV, "no device '%s'", spec);
	}
	fill_dev(f, out);
	return 0;
}

static int model_dev_list(struct backend *b, struct be_dev *out, int max)
{
	struct eeh_model *m = mb(b)->m;
	int i, j, n = 0;

	for (i = 0; i < EEH_MAX_PHBS; i++) {
		struct eeh_phb *phb = eeh_phb_get(m, i);

		if (!phb)
			continue;
		for (j = 0; j < phb->nfuncs && j < EEH_MAX_FUNCS; j++) {
			if (!phb->funcs[j])
				continue;
			if (n < max)
				fill_dev(phb->funcs[j], &out[n]);
			n++;
		}
	}
	return n < max ? n : max;
}

static int model_pe_check(struct backend *b, int phb_index, int pe,
			  struct eeh_msg *msg)
{
	struct eeh_phb *phb = get_phb(b, phb_index, msg);

	if (!phb)
		return -ENODEV;
	if (pe < 0 || pe >= phb->num_pes)
		return eeh_msg_set(msg, -ERANGE, "PE %x out of range on PHB %d (%d PEs)",
				   pe, phb_index, phb->num_pes);
	if (!eeh_pe_get(phb, pe))
		return eeh_msg_set(msg, -EINVAL, "PE %d:%x is not in use", phb_index, pe);
	return 0;
}

static bool model_pe_covers(struct backend *b, int phb_index, int parent, int child)
{
	struct eeh_phb *phb = NULL;

	if (phb_index >= 0 && phb_index < EEH_MAX_PHBS)
		phb = eeh_phb_get(mb(b)->m, phb_index);
	if (!phb || parent < 0 || child < 0 || parent >= phb->num_pes ||
	    child >= phb->num_pes)
		return false;
	return eeh_peltv_test(phb, parent, child);
}

/* ---- drivers ---- */

static int model_driver_set(struct backend *b, const struct be_dev *d,
			    const struct be_driver *drv, struct eeh_msg *msg)
{
	struct eeh_func *f = func_of(b, d, msg);

	if (!f)
		return -ENODEV;
	if (f->type != EEH_NODE_ENDPOINT)
		return eeh_msg_set(msg, -EINVAL, "%s is a bridge: no test driver", f->name);
	if (drv->bound >= 0)
		f->drv.bound = drv->bound;
	if (drv->handlers >= 0)
		f->drv.handlers = drv->handlers;
	if (drv->error_detected)
		f->drv.ans_error_detected = drv->error_detected;
	if (drv->mmio_enabled)
		f->drv.ans_mmio_enabled = drv->mmio_enabled;
	if (drv->slot_reset)
		f->drv.ans_slot_reset = drv->slot_reset;
	return 0;
}

/* ---- host memory ---- */

static int model_mem_alloc(struct backend *b, u64 size, u64 align, u64 *pa,
			   struct eeh_msg *msg)
{
	int rc = eeh_mem_alloc(mb(b)->m, size, align, pa, msg);

	if (rc && !msg->text[0])
		msg_errno(msg, rc, "host memory");
	return rc;
}

static int model_mem_read(struct backend *b, u64 pa, void *buf, u64 len,
			  struct eeh_msg *msg)
{
	int rc = eeh_mem_read(mb(b)->m, pa, buf, len);

	if (rc)
		eeh_msg_set(msg, rc, "cannot read host memory 0x%llx+0x%llx",
			    (unsigned long long)pa, (unsigned long long)len);
	return rc;
}

static int model_mem_write(struct backend *b, u64 pa, const void *buf, u64 len,
			   struct eeh_msg *msg)
{
	int rc = eeh_mem_write(mb(b)->m, pa, buf, len);

	if (rc)
		eeh_msg_set(msg, rc, "cannot write host memory 0x%llx+0x%llx",
			    (unsigned long long)pa, (unsigned long long)len);
	return rc;
}

/* ---- DMA windows ---- */

static struct eeh_phb *get_pe(struct backend *b, int phb_index, int pe,
			      struct eeh_msg *msg)
{
	if (model_pe_check(b, phb_index, pe, msg))
		return NULL;
	return eeh_phb_get(mb(b)->m, phb_index);
}

static bool window_valid(struct eeh_phb *phb, int pe, int which)
{
	int idx = pe * 2 + which;

	return phb->tvt && phb->tvt_tables && phb->tvt[idx] &&
	       phb->tvt_tables[idx].entries;
}

static int model_window_create(struct backend *b, int phb_index, int pe,
			       int which, u32 page_shift, u64 size, int levels,
			       struct eeh_msg *msg)
{
	struct eeh_phb *phb = get_pe(b, phb_index, pe, msg);
	struct eeh_tce_table t;
	int rc;

	if (!phb)
		return -EINVAL;
	if (which != 0 && which != 1)
		return eeh_msg_set(msg, -EINVAL, "window %d: 0 (32-bit) or 1 (64-bit)", which);
	if (window_valid(phb, pe, which))
		return eeh_msg_set(msg, -EEXIST, "PE %d:%x already has a %s-bit window",
				   phb_index, pe, which ? "64" : "32");
	memset(&t, 0, sizeof(t));
	rc = eeh_tce_table_create(mb(b)->m, page_shift, size, levels,
				  which ? EEH_TVE_64BIT_BASE : 0, &t, msg);
	if (rc)
		return msg->text[0] ? rc : msg_errno(msg, rc, "TCE table");
	rc = eeh_tve_set(phb, pe, which, &t, msg);
	if (rc)
		return msg->text[0] ? rc : msg_errno(msg, rc, "TVE");
	return 0;
}

static int model_window_remove(struct backend *b, int phb_index, int pe,
			       int which, struct eeh_msg *msg)
{
	struct eeh_phb *phb = get_pe(b, phb_index, pe, msg);

	if (!phb)
		return -EINVAL;
	if (which != 0 && which != 1)
		return eeh_msg_set(msg, -EINVAL, "window %d: 0 (32-bit) or 1 (64-bit)", which);
	if (!window_valid(phb, pe, which))
		return eeh_msg_set(msg, -ENOENT, "PE %d:%x has no %s-bit window",
				   phb_index, pe, which ? "64" : "32");
	return eeh_tve_set(phb, pe, which, NULL, msg);
}

static int model_window_get(struct backend *b, int phb_index, int pe, int which,
			    struct eeh_tce_table *t)
{
	struct eeh_msg msg;
	struct eeh_phb *phb = get_pe(b, phb_index, pe, &msg);

	if (!phb)
		return -EINVAL;
	if (which < 0 || which > 1 || !window_valid(phb, pe, which))
		return -ENOENT;
	*t = phb->tvt_tables[pe * 2 + which];
	return 0;
}

static int model_tce_map(struct backend *b, int phb_index, int pe, int which,
			 u64 ioba, u64 host, u64 len, u64 perm,
			 struct eeh_msg *msg)
{
	struct eeh_phb *phb = get_pe(b, phb_index, pe, msg);
	struct eeh_tce_table t;
	u64 ps, first, last, i;
	int rc;

	if (!phb)
		return -EINVAL;
	if (model_window_get(b, phb_index, pe, which, &t))
		return eeh_msg_set(msg, -ENOENT, "PE %d:%x has no %s-bit window",
				   phb_index, pe, which ? "64" : "32");
	if (!len)
		return eeh_msg_set(msg, -EINVAL, "length 0");
	ps = 1ULL << t.page_shift;
	if (ioba < t.bus_start || ioba - t.bus_start >= t.window_size ||
	    len > t.window_size - (ioba - t.bus_start))
		return eeh_msg_set(msg, -ERANGE,
				   "0x%llx+0x%llx is outside the window 0x%llx+0x%llx",
				   (unsigned long long)ioba, (unsigned long long)len,
				   (unsigned long long)t.bus_start,
				   (unsigned long long)t.window_size);
	if (perm && ((host ^ ioba) & (ps - 1)))
		return eeh_msg_set(msg, -EINVAL,
				   "host 0x%llx and ioba 0x%llx are not at the same offset in a %llu-byte I/O page",
				   (unsigned long long)host, (unsigned long long)ioba,
				   (unsigned long long)ps);
	first = (ioba - t.bus_start) >> t.page_shift;
	last = (ioba - t.bus_start + len - 1) >> t.page_shift;
	host &= ~(ps - 1);
	for (i = first; i <= last; i++) {
		u64 tce = perm ? ((host + (i - first) * ps) | perm) : 0;

		rc = eeh_tce_put(phb, &t, i, tce, true, msg);
		if (rc)
			return msg->text[0] ? rc : msg_errno(msg, rc, "TCE put");
	}
	return 0;
}

/* ---- data path ---- */

static int model_mmio_read(struct backend *b, const struct be_dev *d, int bar,
			   u64 off, int size, bool detect, u64 *val,
			   struct eeh_msg *msg)
{
	struct eeh_func *f = func_of(b, d, msg);
	struct eeh_access_result ar;
	int rc;

	if (!f)
		return -ENODEV;
	memset(&ar, 0, sizeof(ar));
	if (detect)
		rc = eeh_host_mmio_load(&mb(b)->rec, f, bar, off, size, val);
	else
		rc = eeh_func_mmio_load(f, bar, off, size, val, &ar);
	if (rc > 0)
		rc = 0;	/* 1: a freeze was detected and an event queued */
	if (rc)
		eeh_msg_set(msg, rc, "MMIO load of %d bytes at BAR%d+0x%llx of %s: %s",
			    size, bar, (unsigned long long)off, f->name, strerror(-rc));
	return rc;
}

static int model_mmio_write(struct backend *b, const struct be_dev *d, int bar,
			    u64 off, int size, u64 val, struct eeh_msg *msg)
{
	struct eeh_func *f = func_of(b, d, msg);
	struct eeh_access_result ar;
	int rc;

	if (!f)
		return -ENODEV;
	memset(&ar, 0, sizeof(ar));
	rc = eeh_func_mmio_store(f, bar, off, size, val, &ar);
	if (rc > 0)
		rc = 0;
	if (rc)
		eeh_msg_set(msg, rc, "MMIO store of %d bytes at BAR%d+0x%llx of %s: %s",
			    size, bar, (unsigned long long)off, f->name, strerror(-rc));
	return rc;
}

static int model_cfg_read(struct backend *b, const struct be_dev *d, u32 off,
			  int size, u32 *val, struct eeh_msg *msg)
{
	struct eeh_func *f = func_of(b, d, msg);
	struct eeh_access_result ar;
	int rc;

	if (!f)
		return -ENODEV;
	if (!f->phb->enumerated)
		return eeh_msg_set(msg, -ENODEV, "%s has no bus number yet", f->name);
	memset(&ar, 0, sizeof(ar));
	rc = eeh_cfg_load(f->phb, f->bus, f->devfn, off, size, val, &ar);
	if (rc > 0)
		rc = 0;
	if (rc)
		return eeh_msg_set(msg, rc, "config load of %d bytes at 0x%x of %s: %s",
				   size, off, f->name, strerror(-rc));
	/* pnv_pci_read_config: an all-ones value runs the failure check */
	if (*val == (size >= 4 ? 0xffffffffU : (1U << (8 * size)) - 1))
		eeh_check_failure(&mb(b)->rec, f);
	return 0;
}

static int model_cfg_write(struct backend *b, const struct be_dev *d, u32 off,
			   int size, u32 val, struct eeh_msg *msg)
{
	struct eeh_func *f = func_of(b, d, msg);
	struct eeh_access_result ar;
	int rc;

	if (!f)
		return -ENODEV;
	if (!f->phb->enumerated)
		return eeh_msg_set(msg, -ENODEV, "%s has no bus number yet", f->name);
	memset(&ar, 0, sizeof(ar));
	rc = eeh_cfg_store(f->phb, f->bus, f->devfn, off, size, val, &ar);
	if (rc > 0)
		rc = 0;
	if (rc)
		eeh_msg_set(msg, rc, "config store of %d bytes at 0x%x of %s: %s",
			    size, off, f->name, strerror(-rc));
	return rc;
}

static enum be_dma_outcome map_outcome(enum eeh_dma_outcome o)
{
	switch (o) {
	case EEH_DMA_OK:
		return BE_DMA_OK;
	case EEH_DMA_BLOCKED:
		return BE_DMA_BLOCKED;
	case EEH_DMA_FAULT:
		return BE_DMA_FAULT;
	default:
		return BE_DMA_NOT_STARTED;
	}
}

static int model_dma(struct backend *b, const struct be_dev *d,
		     const struct be_dma_req *req, struct be_dma_res *res,
		     struct eeh_msg *msg)
{
	struct eeh_func *f = func_of(b, d, msg);
	struct eeh_edu *edu;
	bool to_ram = req->dir == BE_DMA_TO_RAM;
	u64 devaddr, src, dst;
	int rc;

	memset(res, 0, sizeof(*res));
	if (!f)
		return -ENODEV;
	if (f->kind != EEH_DEV_EDU || !f->edu)
		return eeh_msg_set(msg, -EOPNOTSUPP, "%s has no DMA engine (not an edu device)",
				   f->name);
	if (!req->len || req->buf_off >= EDU_BUF_SIZE ||
	    req->len > EDU_BUF_SIZE - req->buf_off)
		return eeh_msg_set(msg, -EINVAL,
				   "buf-off 0x%x len 0x%x: the device buffer is %d bytes",
				   req->buf_off, req->len, EDU_BUF_SIZE);
	if (!f->phb->enumerated)
		return eeh_msg_set(msg, -ENODEV, "%s is not enumerated", f->name);
	edu = f->edu;
	devaddr = EDU_BUF_OFF + req->buf_off;
	src = to_ram ? devaddr : req->ioba;
	dst = to_ram ? req->ioba : devaddr;
	edu->last_dma = EEH_DMA_NONE;
	edu->last_dma_cause = EEH_CAUSE_NONE;

	if (req->start == BE_DMA_START_MMIO) {
		u64 cmd = EDU_DMA_CMD_START | (to_ram ? EDU_DMA_CMD_TO_RAM : 0);

		rc = model_mmio_write(b, d, 0, EDU_REG_DMA_SRC, 8, src, msg);
		if (!rc)
			rc = model_mmio_write(b, d, 0, EDU_REG_DMA_DST, 8, dst, msg);
		if (!rc)
			rc = model_mmio_write(b, d, 0, EDU_REG_DMA_COUNT, 8, req->len, msg);
		if (!rc)
			rc = model_mmio_write(b, d, 0, EDU_REG_DMA_CMD, 8, cmd, msg);
		if (rc)
			return rc;
	} else {
		/* The device's own traffic: its engine runs whatever MMIO
		 * could reach it. */
		struct eeh_access_result ar;
		u16 rid = (u16)(f->bus << 8 | f->devfn);

		memset(&ar, 0, sizeof(ar));
		edu->dma_src = src;
		edu->dma_dst = dst;
		edu->dma_count = req->len;
		edu->last_dma = eeh_dma(f->phb, rid, req->ioba, edu->buf + req->buf_off,
					req->len, to_ram, &ar);
		edu->last_dma_cause = ar.cause;
		if (edu->last_dma == EEH_DMA_NONE)
			edu->last_dma = EEH_DMA_OK;
	}
	res->outcome = map_outcome(edu->last_dma);
	res->cause = edu->last_dma_cause;
	return 0;
}

/* ---- faults, detection, recovery, time ---- */

static int model_inject(struct backend *b, const struct eeh_inj_req *req,
			struct eeh_inj_result *res, struct eeh_msg *msg)
{
	int rc = eeh_inject(mb(b)->m, req, res, msg);

	if (rc && !msg->text[0])
		msg_errno(msg, rc, "inject");
	return rc;
}

static int model_check(struct backend *b, const struct be_dev *d, bool *queued,
		       struct eeh_msg *msg)
{
	struct eeh_func *f = func_of(b, d, msg);
	int rc;

	*queued = false;
	if (!f)
		return -ENODEV;
	rc = eeh_check_failure(&mb(b)->rec, f);
	if (rc < 0)
		return eeh_msg_set(msg, rc, "failure check on %s: %s", f->name,
				   strerror(-rc));
	*queued = rc > 0;
	return 0;
}

static int model_recover(struct backend *b, struct eeh_rec_event *ev, int max,
			 int *n, struct eeh_msg *msg)
{
	struct eeh_recovery *r = &mb(b)->rec;
	int rc, i;

	*n = 0;
	rc = eeh_recover_pending(r);
	if (rc < 0)
		return eeh_msg_set(msg, rc, "recovery: %s", strerror(-rc));
	for (i = 0; i < r->nlast && i < EEH_MAX_EVENTS && i < max; i++)
		ev[i] = r->last[i];
	*n = i;
	return 0;
}

static int model_advance(struct backend *b, u64 ms, struct eeh_msg *msg)
{
	(void)msg;
	eeh_model_advance(mb(b)->m, ms);
	return 0;
}

static int model_set_max_freezes(struct backend *b, int n, struct eeh_msg *msg)
{
	if (n < 0)
		return eeh_msg_set(msg, -EINVAL, "max_freezes %d: must be >= 0", n);
	mb(b)->rec.max_freezes = n;
	return 0;
}

/* ---- queries ---- */

static int model_pe_state(struct backend *b, int phb_index, int pe,
			  struct be_pe_state *st, struct eeh_msg *msg)
{
	struct eeh_phb *phb = get_pe(b, phb_index, pe, msg);
	struct eeh_pe *p;

	memset(st, 0, sizeof(*st));
	if (!phb)
		return -EINVAL;
	p = eeh_pe_get(phb, pe);
	st->fw = eeh_pe_fw_state(phb, pe);
	st->linux_bits = eeh_fw_state_to_linux(st->fw);
	eeh_pe_sysfs_state(phb, pe, st->sysfs, sizeof(st->sysfs));
	st->sysfs[strcspn(st->sysfs, "\n")] = 0;
	if (p) {
		st->sw_state = p->sw_state;
		st->freeze_count = p->freeze_count;
		st->dma_blocked = p->dma_blocked;
		st->stores_dropped = p->stores_dropped;
		st->loads_ones = p->loads_ones;
	}
	return 0;
}

static int model_frozen_pes(struct backend *b, struct be_pe_ref *out, int max)
{
	struct eeh_model *m = mb(b)->m;
	int i, pe, n = 0;

	for (i = 0; i < EEH_MAX_PHBS; i++) {
		struct eeh_phb *phb = eeh_phb_get(m, i);

		if (!phb || !phb->enumerated)
			continue;
		for (pe = 0; pe < phb->num_pes; pe++) {
			if (!eeh_pe_get(phb, pe))
				continue;
			if (eeh_pe_fw_state(phb, pe) == EEH_FW_NOT_FROZEN)
				continue;
			if (n < max) {
				out[n].phb = i;
				out[n].pe = pe;
			}
			n++;
		}
	}
	return n;
}

static u64 model_cb_seq(struct backend *b)
{
	return mb(b)->m->ncb;
}

static int model_cb_since(struct backend *b, u64 after, struct eeh_cb_rec *out,
			  int max)
{
	return eeh_cblog_since(mb(b)->m, after, out, max);
}

static int model_diag_last(struct backend *b, int phb_index, int pe,
			   struct eeh_diag *out)
{
	struct eeh_msg msg;
	struct eeh_phb *phb = get_phb(b, phb_index, &msg);
	const struct eeh_diag *d, *any;

	if (!phb)
		return -ENODEV;
	d = eeh_diag_last(phb, pe);
	any = eeh_diag_last(phb, -1);
	/* a fence concerns every PE of the PHB */
	if (any && any->pe < 0 && (!d || any->seq > d->seq))
		d = any;
	if (!d)
		return -ENOENT;
	*out = *d;
	return 0;
}

/* ---- guests ---- */

static struct eeh_guest *guest_of(struct backend *b, const char *name,
				  struct eeh_msg *msg)
{
	struct eeh_guest *g = eeh_guest_by_name(mb(b)->m, name);

	if (!g)
		eeh_msg_set(msg, -ENOENT, "no guest '%s'", name ? name : "");
	return g;
}

/* The guest that owns (phb, pe) */
static struct eeh_guest *owner_of(struct backend *b, int phb_index, int pe,
				  struct eeh_phb **phbp, struct eeh_msg *msg)
{
	struct eeh_phb *phb = get_pe(b, phb_index, pe, msg);
	struct eeh_guest *g;

	if (!phb)
		return NULL;
	g = eeh_guest_get(mb(b)->m, phb->pes[pe].owner);
	if (!g) {
		eeh_msg_set(msg, -EINVAL, "PE %d:%x is not assigned to a guest", phb_index, pe);
		return NULL;
	}
	*phbp = phb;
	return g;
}

static int model_guest_create(struct backend *b, const char *name, struct eeh_msg *msg)
{
	if (eeh_guest_by_name(mb(b)->m, name))
		return eeh_msg_set(msg, -EEXIST, "guest %s already exists", name);
	/* the engine's only other refusal: all EEH_MAX_GUESTS exist */
	return eeh_guest_create(mb(b)->m, name, msg) ? 0 : -ENOSPC;
}

static int model_guest_slot(struct backend *b, const char *guest, u64 gpa, u64 size,
			    u32 page_shift, bool prereg, bool linear, struct eeh_msg *msg)
{
	struct eeh_guest *g = guest_of(b, guest, msg);
	int rc;

	if (!g)
		return -ENOENT;
	rc = eeh_guest_slot_add(g, gpa, size, page_shift,
				(prereg ? EEH_SLOT_PREREG : 0) |
				(linear ? 0 : EEH_SLOT_NOT_LINEAR), msg);
	if (rc < 0 && !msg->text[0])
		msg_errno(msg, rc, "slot");
	return rc < 0 ? rc : 0;
}

static int model_guest_assign(struct backend *b, const char *guest, int phb_index,
			      int pe, unsigned long *liobn, struct eeh_msg *msg)
{
	struct eeh_guest *g = guest_of(b, guest, msg);
	struct eeh_phb *phb;
	int rc;

	if (!g)
		return -ENOENT;
	phb = get_phb(b, phb_index, msg);
	if (!phb)
		return -ENODEV;
	rc = eeh_guest_assign(g, phb, pe, msg);
	if (rc)
		return rc;
	/* eeh_dev_open: the PE changes hands */
	rc = eeh_vfio_change_owner(&mb(b)->rec, phb, pe, msg);
	if (rc)
		return rc;
	*liobn = EEH_LIOBN(phb_index, pe, 0);
	return 0;
}

static int model_guest_release(struct backend *b, int phb_index, int pe,
			       struct eeh_msg *msg)
{
	struct eeh_phb *phb;
	struct eeh_guest *g = owner_of(b, phb_index, pe, &phb, msg);
	int rc;

	if (!g)
		return -EINVAL;
	rc = eeh_guest_release(g, phb, pe, msg);
	if (rc)
		return rc;
	/* eeh_dev_release */
	return eeh_vfio_change_owner(&mb(b)->rec, phb, pe, msg);
}

static int model_guest_window(struct backend *b, int phb_index, int pe, u32 page_shift,
			      u64 size, int levels, bool remove, unsigned long *liobn,
			      struct eeh_msg *msg)
{
	struct eeh_phb *phb;
	struct eeh_guest *g = owner_of(b, phb_index, pe, &phb, msg);

	if (!g)
		return -EINVAL;
	*liobn = EEH_LIOBN(phb_index, pe, 1);
	if (remove)
		return eeh_guest_window_remove(g, *liobn, msg);
	return eeh_guest_window_create(g, phb, pe, page_shift, size, levels, liobn, msg);
}

static int model_guest_liobn(struct backend *b, int phb_index, int pe, int which,
			     int tier, unsigned long *liobn, struct eeh_msg *msg)
{
	struct eeh_phb *phb;
	struct eeh_guest *g;

	*liobn = EEH_LIOBN(phb_index, pe, which);
	if (tier < 0)
		return 0;
	g = owner_of(b, phb_index, pe, &phb, msg);
	if (!g)
		return -EINVAL;
	return eeh_guest_liobn_set_tier(g, *liobn, (enum eeh_tier)tier, msg);
}

static int model_hcall(struct backend *b, const char *guest, struct be_hcall *hc,
		       struct eeh_msg *msg)
{
	struct eeh_guest *g = guest_of(b, guest, msg);
	unsigned long rets[1] = { 0 };

	if (!g)
		return -ENOENT;
	hc->rc = eeh_hcall(g, hc->opcode, hc->args, hc->nargs, rets);
	hc->ret = rets[0];
	hc->tier = (int)g->last_tier;
	return 0;
}

static int model_guest_mem(struct backend *b, const char *guest, u64 gpa, void *buf,
			   u64 len, bool write, struct eeh_msg *msg)
{
	struct eeh_guest *g = guest_of(b, guest, msg);
	int rc;

	if (!g)
		return -ENOENT;
	rc = write ? eeh_guest_mem_write(g, gpa, buf, len) :
		     eeh_guest_mem_read(g, gpa, buf, len);
	if (rc)
		eeh_msg_set(msg, rc, "guest %s: 0x%llx+0x%llx is not all in its memory slots",
			    guest, (unsigned long long)gpa, (unsigned long long)len);
	return rc;
}

static int model_guest_stats(struct backend *b, const char *guest, int hc,
			     struct be_guest_stats *st, struct eeh_msg *msg)
{
	struct eeh_guest *g = guest_of(b, guest, msg);
	int i, t;

	memset(st, 0, sizeof(*st));
	if (!g)
		return -ENOENT;
	for (i = 0; i < EEH_HC__COUNT; i++) {
		if (hc >= 0 && i != hc)
			continue;
		for (t = 0; t < EEH_TIER__COUNT && t < 3; t++)
			st->finished[t] += g->st.hc[i].finished[t];
	}
	st->pins = g->st.pins;
	st->exits = g->st.exits;
	return 0;
}

static int model_guest_eeh(struct backend *b, int phb_index, int pe, int op, u32 type,
			   u32 func, u64 addr, u64 mask, struct eeh_msg *msg)
{
	struct eeh_vfio_err err = { .type = type, .func = func, .addr = addr, .mask = mask };
	struct eeh_phb *phb = get_phb(b, phb_index, msg);

	if (!phb)
		return -ENODEV;
	return eeh_vfio_pe_op(&mb(b)->rec, phb, pe, op,
			      op == EEH_VFIO_INJECT_ERR ? &err : NULL, msg);
}

static int model_invariants(struct backend *b, char *why, size_t len)
{
	return eeh_invariants_check(mb(b)->m, why, len);
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
