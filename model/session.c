// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab session: the scenario's verbs on one model (eehlab/session.h).
 * Shared by the runner's model backend (in-process) and the kernel
 * module (netlink commands), so both answer with the same code, errno
 * and message. Portable: the shim and the eehlab headers only.
 */
#include "eehlab/shim.h"
#include "eehlab/model.h"
#include "eehlab/inject.h"
#include "eehlab/recovery.h"
#include "eehlab/guest.h"
#include "eehlab/vfio.h"
#include "eehlab/session.h"

/*
 * checkpatch.pl warns at every mention of the "Function not implemented"
 * errno (meant for syscall numbers only); this table must name it, so
 * the name is pasted together.
 */
#define EEH_ERRNO_NOSYS		ENO##SYS

/*
 * The glibc text of an errno the engine or the session returns (either
 * sign); "Unknown error" for the others (no buffer: thread safe).
 */
const char *eeh_strerror(int err)
{
	switch (err < 0 ? -err : err) {
	case EPERM:
		return "Operation not permitted";
	case ENOENT:
		return "No such file or directory";
	case EIO:
		return "Input/output error";
	case ENXIO:
		return "No such device or address";
	case E2BIG:
		return "Argument list too long";
	case EAGAIN:
		return "Resource temporarily unavailable";
	case ENOMEM:
		return "Cannot allocate memory";
	case EACCES:
		return "Permission denied";
	case EFAULT:
		return "Bad address";
	case EBUSY:
		return "Device or resource busy";
	case EEXIST:
		return "File exists";
	case ENODEV:
		return "No such device";
	case EINVAL:
		return "Invalid argument";
	case ENOSPC:
		return "No space left on device";
	case ERANGE:
		return "Numerical result out of range";
	case EEH_ERRNO_NOSYS:
		return "Function not implemented";
	case EOVERFLOW:
		return "Value too large for defined data type";
	case EMSGSIZE:
		return "Message too long";
	/* glibc's ENOTSUP is EOPNOTSUPP; the kernel has no ENOTSUP */
	case EOPNOTSUPP:
		return "Operation not supported";
	case ETIMEDOUT:
		return "Connection timed out";
	case ECANCELED:
		return "Operation canceled";
	default:
		return "Unknown error";
	}
}

static int msg_errno(struct eeh_msg *msg, int err, const char *what)
{
	return eeh_msg_set(msg, err, "%s: %s", what, eeh_strerror(err));
}

struct eeh_session *eeh_session_create(u64 mem_cap)
{
	struct eeh_model_config mc = { .mem_cap = EEH_DEFAULT_MEM_CAP };
	struct eeh_session *s;

	if (mem_cap)
		mc.mem_cap = mem_cap;
	s = eeh_zalloc(sizeof(*s));
	if (!s)
		return NULL;
	s->m = eeh_model_create(&mc);
	if (!s->m) {
		eeh_free(s);
		return NULL;
	}
	eeh_recovery_init(&s->rec, s->m);
	return s;
}

void eeh_session_destroy(struct eeh_session *s)
{
	if (!s)
		return;
	eeh_model_destroy(s->m);
	eeh_free(s);
}

/* ---- topology ---- */

int eeh_session_phb_add(struct eeh_session *s, int index,
			enum eeh_phb_model model, int num_pes,
			struct eeh_msg *msg)
{
	return eeh_phb_add(s->m, index, model, num_pes, msg);
}

static struct eeh_phb *get_phb(struct eeh_session *s, int index,
			       struct eeh_msg *msg)
{
	struct eeh_phb *phb = NULL;

	if (index >= 0 && index < EEH_MAX_PHBS)
		phb = eeh_phb_get(s->m, index);
	if (!phb)
		eeh_msg_set(msg, -ENODEV, "no PHB %d", index);
	return phb;
}

int eeh_session_node_add(struct eeh_session *s, const struct be_node *n,
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
	struct eeh_phb *phb = get_phb(s, n->phb, msg);

	if (!phb)
		return -ENODEV;
	return eeh_node_add(phb, &d, msg);
}

int eeh_session_enumerate(struct eeh_session *s, struct eeh_msg *msg)
{
	int i, done = 0, any = 0, rc;

	for (i = 0; i < EEH_MAX_PHBS; i++) {
		struct eeh_phb *phb = eeh_phb_get(s->m, i);

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
	d->edu = f->kind == EEH_DEV_KIND_EDU && f->edu;
	d->present = f->present;
	d->bound = f->drv.bound;
	eeh_snprintf(d->name, sizeof(d->name), "%s", f->name);
	if (f->phb->enumerated) {
		d->bus = f->bus;
		d->devfn = f->devfn;
		d->pe = f->pe;
		eeh_func_bdf(f, d->bdf, sizeof(d->bdf));
	} else {
		d->bus = -1;
		d->devfn = -1;
		d->pe = -1;
		eeh_snprintf(d->bdf, sizeof(d->bdf), "-");
	}
}

/* Function @id of PHB @index; NULL with a message when there is none. */
static struct eeh_func *get_func(struct eeh_session *s, int index, int id,
				 struct eeh_msg *msg)
{
	struct eeh_phb *phb = get_phb(s, index, msg);

	if (!phb)
		return NULL;
	if (id < 0 || id >= phb->nfuncs || !phb->funcs[id]) {
		eeh_msg_set(msg, -ENODEV, "no function %d on PHB %d", id,
			    index);
		return NULL;
	}
	return phb->funcs[id];
}

static struct eeh_func *func_of(struct eeh_session *s, const struct be_dev *d,
				struct eeh_msg *msg)
{
	return get_func(s, d->phb, d->id, msg);
}

int eeh_session_dev_get(struct eeh_session *s, int phb, int id,
			struct be_dev *out, struct eeh_msg *msg)
{
	struct eeh_func *f = get_func(s, phb, id, msg);

	if (!f)
		return -ENODEV;
	fill_dev(f, out);
	return 0;
}

/*
 * One field of 1..8 hex digits ending in @end; *sp moves past @end (or
 * to the terminating NUL when @end is 0). False when it is not one.
 */
static bool hex_field(const char **sp, char end, unsigned int *val)
{
	const char *p = *sp;
	unsigned int v = 0;
	int n = 0, x;

	while ((x = eeh_hex_digit(*p)) >= 0) {
		if (++n > 8)
			return false;
		v = v << 4 | x;
		p++;
	}
	if (!n || *p != end)
		return false;
	*val = v;
	*sp = end ? p + 1 : p;
	return true;
}

/*
 * "DDDD:BB:DD.F" or "BB:DD.F" (domain 0), every field in hex; false when
 * @s is not a BDF. The runner used sscanf("%x:%x:%x.%x%c") before; this
 * takes the same field counts and separators, nothing after the
 * function, but only plain hex digits (1..8 a field): no leading
 * whitespace, sign or "0x" prefix. Range checks are the caller's.
 */
static bool parse_bdf(const char *s, int *dom, int *bus, int *dev, int *fn)
{
	unsigned int f[4];
	const char *p = s;
	int colons = 0;

	for (; *p; p++)
		colons += *p == ':';
	p = s;
	if (colons == 2) {
		if (!hex_field(&p, ':', &f[0]))
			return false;
	} else if (colons == 1) {
		f[0] = 0;
	} else {
		return false;
	}
	if (!hex_field(&p, ':', &f[1]) || !hex_field(&p, '.', &f[2]) ||
	    !hex_field(&p, 0, &f[3]))
		return false;
	*dom = (int)f[0];
	*bus = (int)f[1];
	*dev = (int)f[2];
	*fn = (int)f[3];
	return true;
}

static int resolve_bdf(struct eeh_session *s, const char *spec, int dom,
		       int bus, int dev, int fn, struct eeh_func **fp,
		       struct eeh_msg *msg)
{
	struct eeh_phb *phb = NULL;

	if (dom >= 0 && dom < EEH_MAX_PHBS)
		phb = eeh_phb_get(s->m, dom);
	if (!phb)
		return eeh_msg_set(msg, -ENODEV, "%s: no PHB %d", spec, dom);
	if (!phb->enumerated)
		return eeh_msg_set(msg, -ENODEV,
				   "%s: PHB %d is not enumerated yet", spec,
				   dom);
	if (bus > 0xff || dev > 0x1f || fn > 7)
		return eeh_msg_set(msg, -ENODEV, "%s: not a valid BDF", spec);
	*fp = eeh_func_by_bdf(phb, bus, (dev << 3) | fn);
	if (!*fp)
		return eeh_msg_set(msg, -ENODEV, "no device at %s", spec);
	return 0;
}

static struct eeh_func *resolve_name(struct eeh_session *s, const char *spec)
{
	struct eeh_func *f = eeh_func_by_name(s->m, spec);
	size_t n = strlen(spec);
	char base[EEH_NAME_LEN + 2];

	/* function 0 of "nic" is also "nic.0" */
	if (!f && n > 2 && n < EEH_NAME_LEN + 2 &&
	    !strcmp(spec + n - 2, ".0")) {
		memcpy(base, spec, n - 2);
		base[n - 2] = 0;
		f = eeh_func_by_name(s->m, base);
		if (f && f->type != EEH_NODE_ENDPOINT)
			f = NULL;
	}
	return f;
}

int eeh_session_resolve(struct eeh_session *s, const char *spec,
			struct be_dev *out, struct eeh_msg *msg)
{
	struct eeh_func *f = NULL;
	int dom, bus, dev, fn, rc;

	if (!spec || !*spec)
		return eeh_msg_set(msg, -ENODEV, "no device named");
	if (parse_bdf(spec, &dom, &bus, &dev, &fn)) {
		rc = resolve_bdf(s, spec, dom, bus, dev, fn, &f, msg);
		if (rc)
			return rc;
	} else {
		f = resolve_name(s, spec);
		if (!f)
			return eeh_msg_set(msg, -ENODEV, "no device '%s'",
					   spec);
	}
	fill_dev(f, out);
	return 0;
}

int eeh_session_dev_list(struct eeh_session *s, struct be_dev *out, int max)
{
	int i, j, n = 0;

	for (i = 0; i < EEH_MAX_PHBS; i++) {
		struct eeh_phb *phb = eeh_phb_get(s->m, i);

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

int eeh_session_pe_check(struct eeh_session *s, int phb_index, int pe,
			 struct eeh_msg *msg)
{
	struct eeh_phb *phb = get_phb(s, phb_index, msg);

	if (!phb)
		return -ENODEV;
	if (pe < 0 || pe >= phb->num_pes)
		return eeh_msg_set(msg, -ERANGE,
				   "PE %x out of range on PHB %d (%d PEs)",
				   pe, phb_index, phb->num_pes);
	if (!eeh_model_pe_get(phb, pe))
		return eeh_msg_set(msg, -EINVAL, "PE %d:%x is not in use",
				   phb_index, pe);
	return 0;
}

bool eeh_session_pe_covers(struct eeh_session *s, int phb_index, int parent,
			   int child)
{
	struct eeh_phb *phb = NULL;

	if (phb_index >= 0 && phb_index < EEH_MAX_PHBS)
		phb = eeh_phb_get(s->m, phb_index);
	if (!phb || parent < 0 || child < 0 || parent >= phb->num_pes ||
	    child >= phb->num_pes)
		return false;
	return eeh_peltv_test(phb, parent, child);
}

/* ---- drivers ---- */

int eeh_session_driver_set(struct eeh_session *s, const struct be_dev *d,
			   const struct be_driver *drv, struct eeh_msg *msg)
{
	struct eeh_func *f = func_of(s, d, msg);

	if (!f)
		return -ENODEV;
	if (f->type != EEH_NODE_ENDPOINT)
		return eeh_msg_set(msg, -EINVAL,
				   "%s is a bridge: no test driver", f->name);
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

int eeh_session_mem_alloc(struct eeh_session *s, u64 size, u64 align,
			  u64 *pa, struct eeh_msg *msg)
{
	int rc = eeh_mem_alloc(s->m, size, align, pa, msg);

	if (rc && !msg->text[0])
		msg_errno(msg, rc, "host memory");
	return rc;
}

int eeh_session_mem_read(struct eeh_session *s, u64 pa, void *buf, u64 len,
			 struct eeh_msg *msg)
{
	int rc = eeh_mem_read(s->m, pa, buf, len);

	if (rc)
		eeh_msg_set(msg, rc, "cannot read host memory 0x%llx+0x%llx",
			    (unsigned long long)pa, (unsigned long long)len);
	return rc;
}

int eeh_session_mem_write(struct eeh_session *s, u64 pa, const void *buf,
			  u64 len, struct eeh_msg *msg)
{
	int rc = eeh_mem_write(s->m, pa, buf, len);

	if (rc)
		eeh_msg_set(msg, rc, "cannot write host memory 0x%llx+0x%llx",
			    (unsigned long long)pa, (unsigned long long)len);
	return rc;
}

/* ---- DMA windows ---- */

static struct eeh_phb *get_pe(struct eeh_session *s, int phb_index, int pe,
			      struct eeh_msg *msg)
{
	if (eeh_session_pe_check(s, phb_index, pe, msg))
		return NULL;
	return eeh_phb_get(s->m, phb_index);
}

static bool window_valid(struct eeh_phb *phb, int pe, int which)
{
	int idx = pe * 2 + which;

	return phb->tvt && phb->tvt_tables && phb->tvt[idx] &&
	       phb->tvt_tables[idx].entries;
}

static const char *window_bits(int which)
{
	return which ? "64" : "32";
}

int eeh_session_window_create(struct eeh_session *s, int phb_index, int pe,
			      int which, u32 page_shift, u64 size, int levels,
			      struct eeh_msg *msg)
{
	struct eeh_phb *phb = get_pe(s, phb_index, pe, msg);
	struct eeh_tce_table t;
	int rc;

	if (!phb)
		return -EINVAL;
	if (which != 0 && which != 1)
		return eeh_msg_set(msg, -EINVAL,
				   "window %d: 0 (32-bit) or 1 (64-bit)", which);
	if (window_valid(phb, pe, which))
		return eeh_msg_set(msg, -EEXIST,
				   "PE %d:%x already has a %s-bit window",
				   phb_index, pe, window_bits(which));
	memset(&t, 0, sizeof(t));
	rc = eeh_tce_table_create(s->m, page_shift, size, levels,
				  which ? EEH_TVE_64BIT_BASE : 0, &t, msg);
	if (rc)
		return msg->text[0] ? rc : msg_errno(msg, rc, "TCE table");
	rc = eeh_tve_set(phb, pe, which, &t, msg);
	if (rc)
		return msg->text[0] ? rc : msg_errno(msg, rc, "TVE");
	return 0;
}

int eeh_session_window_remove(struct eeh_session *s, int phb_index, int pe,
			      int which, struct eeh_msg *msg)
{
	struct eeh_phb *phb = get_pe(s, phb_index, pe, msg);

	if (!phb)
		return -EINVAL;
	if (which != 0 && which != 1)
		return eeh_msg_set(msg, -EINVAL,
				   "window %d: 0 (32-bit) or 1 (64-bit)", which);
	if (!window_valid(phb, pe, which))
		return eeh_msg_set(msg, -ENOENT, "PE %d:%x has no %s-bit window",
				   phb_index, pe, window_bits(which));
	return eeh_tve_set(phb, pe, which, NULL, msg);
}

int eeh_session_window_get(struct eeh_session *s, int phb_index, int pe,
			   int which, struct eeh_tce_table *t)
{
	/* no message: eeh_msg_set() takes NULL */
	struct eeh_phb *phb = get_pe(s, phb_index, pe, NULL);

	if (!phb)
		return -EINVAL;
	if (which < 0 || which > 1 || !window_valid(phb, pe, which))
		return -ENOENT;
	*t = phb->tvt_tables[pe * 2 + which];
	return 0;
}

int eeh_session_tce_map(struct eeh_session *s, int phb_index, int pe,
			int which, u64 ioba, u64 host, u64 len, u64 perm,
			struct eeh_msg *msg)
{
	struct eeh_phb *phb = get_pe(s, phb_index, pe, msg);
	struct eeh_tce_table t;
	u64 ps, first, last, i;
	int rc;

	if (!phb)
		return -EINVAL;
	if (eeh_session_window_get(s, phb_index, pe, which, &t))
		return eeh_msg_set(msg, -ENOENT, "PE %d:%x has no %s-bit window",
				   phb_index, pe, window_bits(which));
	if (!len)
		return eeh_msg_set(msg, -EINVAL, "length 0");
	ps = 1ULL << t.page_shift;
	if (ioba < t.bus_start || ioba - t.bus_start >= t.window_size ||
	    len > t.window_size - (ioba - t.bus_start))
		return eeh_msg_set(msg, -ERANGE,
				   "0x%llx+0x%llx is outside the window 0x%llx+0x%llx",
				   (unsigned long long)ioba,
				   (unsigned long long)len,
				   (unsigned long long)t.bus_start,
				   (unsigned long long)t.window_size);
	if (perm && ((host ^ ioba) & (ps - 1)))
		return eeh_msg_set(msg, -EINVAL,
				   "host 0x%llx and ioba 0x%llx are not at the same offset in a %llu-byte I/O page",
				   (unsigned long long)host,
				   (unsigned long long)ioba,
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

int eeh_session_mmio_read(struct eeh_session *s, const struct be_dev *d,
			  int bar, u64 off, int size, bool detect, u64 *val,
			  struct eeh_msg *msg)
{
	struct eeh_func *f = func_of(s, d, msg);
	struct eeh_access_result ar;
	int rc;

	if (!f)
		return -ENODEV;
	memset(&ar, 0, sizeof(ar));
	if (detect)
		rc = eeh_host_mmio_load(&s->rec, f, bar, off, size, val);
	else
		rc = eeh_func_mmio_load(f, bar, off, size, val, &ar);
	if (rc > 0)
		rc = 0;	/* 1: a freeze was detected and an event queued */
	if (rc)
		eeh_msg_set(msg, rc,
			    "MMIO load of %d bytes at BAR%d+0x%llx of %s: %s",
			    size, bar, (unsigned long long)off, f->name,
			    eeh_strerror(rc));
	return rc;
}

int eeh_session_mmio_write(struct eeh_session *s, const struct be_dev *d,
			   int bar, u64 off, int size, u64 val,
			   struct eeh_msg *msg)
{
	struct eeh_func *f = func_of(s, d, msg);
	struct eeh_access_result ar;
	int rc;

	if (!f)
		return -ENODEV;
	memset(&ar, 0, sizeof(ar));
	rc = eeh_func_mmio_store(f, bar, off, size, val, &ar);
	if (rc > 0)
		rc = 0;
	if (rc)
		eeh_msg_set(msg, rc,
			    "MMIO store of %d bytes at BAR%d+0x%llx of %s: %s",
			    size, bar, (unsigned long long)off, f->name,
			    eeh_strerror(rc));
	return rc;
}

/* The function a config access goes to: it needs its bus number. */
static struct eeh_func *cfg_func(struct eeh_session *s, const struct be_dev *d,
				 struct eeh_msg *msg)
{
	struct eeh_func *f = func_of(s, d, msg);

	if (f && !f->phb->enumerated) {
		eeh_msg_set(msg, -ENODEV, "%s has no bus number yet", f->name);
		return NULL;
	}
	return f;
}

int eeh_session_cfg_read(struct eeh_session *s, const struct be_dev *d,
			 u32 off, int size, u32 *val, struct eeh_msg *msg)
{
	struct eeh_func *f = cfg_func(s, d, msg);
	struct eeh_access_result ar;
	int rc;

	if (!f)
		return -ENODEV;
	memset(&ar, 0, sizeof(ar));
	rc = eeh_cfg_load(f->phb, f->bus, f->devfn, off, size, val, &ar);
	if (rc > 0)
		rc = 0;
	if (rc)
		return eeh_msg_set(msg, rc,
				   "config load of %d bytes at 0x%x of %s: %s",
				   size, off, f->name, eeh_strerror(rc));
	/* pnv_pci_read_config: an all-ones value runs the failure check */
	if (*val == (size >= 4 ? 0xffffffffU : (1U << (8 * size)) - 1))
		eeh_model_check_failure(&s->rec, f);
	return 0;
}

int eeh_session_cfg_write(struct eeh_session *s, const struct be_dev *d,
			  u32 off, int size, u32 val, struct eeh_msg *msg)
{
	struct eeh_func *f = cfg_func(s, d, msg);
	struct eeh_access_result ar;
	int rc;

	if (!f)
		return -ENODEV;
	memset(&ar, 0, sizeof(ar));
	rc = eeh_cfg_store(f->phb, f->bus, f->devfn, off, size, val, &ar);
	if (rc > 0)
		rc = 0;
	if (rc)
		eeh_msg_set(msg, rc, "config store of %d bytes at 0x%x of %s: %s",
			    size, off, f->name, eeh_strerror(rc));
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

/* Program the edu's DMA registers through BAR0 and start it. */
static int dma_by_mmio(struct eeh_session *s, const struct be_dev *d,
		       u64 src, u64 dst, u32 len, bool to_ram,
		       struct eeh_msg *msg)
{
	u64 cmd = EDU_DMA_CMD_START | (to_ram ? EDU_DMA_CMD_TO_RAM : 0);
	int rc;

	rc = eeh_session_mmio_write(s, d, 0, EDU_REG_DMA_SRC, 8, src, msg);
	if (!rc)
		rc = eeh_session_mmio_write(s, d, 0, EDU_REG_DMA_DST, 8, dst,
					    msg);
	if (!rc)
		rc = eeh_session_mmio_write(s, d, 0, EDU_REG_DMA_COUNT, 8, len,
					    msg);
	if (!rc)
		rc = eeh_session_mmio_write(s, d, 0, EDU_REG_DMA_CMD, 8, cmd,
					    msg);
	return rc;
}

int eeh_session_dma(struct eeh_session *s, const struct be_dev *d,
		    const struct be_dma_req *req, struct be_dma_res *res,
		    struct eeh_msg *msg)
{
	struct eeh_func *f = func_of(s, d, msg);
	struct eeh_edu *edu;
	bool to_ram = req->dir == BE_DMA_TO_RAM;
	u64 devaddr, src, dst;
	int rc;

	memset(res, 0, sizeof(*res));
	if (!f)
		return -ENODEV;
	if (f->kind != EEH_DEV_KIND_EDU || !f->edu)
		return eeh_msg_set(msg, -EOPNOTSUPP,
				   "%s has no DMA engine (not an edu device)",
				   f->name);
	if (!req->len || req->buf_off >= EDU_BUF_SIZE ||
	    req->len > EDU_BUF_SIZE - req->buf_off)
		return eeh_msg_set(msg, -EINVAL,
				   "buf-off 0x%x len 0x%x: the device buffer is %d bytes",
				   req->buf_off, req->len, EDU_BUF_SIZE);
	if (!f->phb->enumerated)
		return eeh_msg_set(msg, -ENODEV, "%s is not enumerated",
				   f->name);
	edu = f->edu;
	devaddr = EDU_BUF_OFF + req->buf_off;
	src = to_ram ? devaddr : req->ioba;
	dst = to_ram ? req->ioba : devaddr;
	edu->last_dma = EEH_DMA_NONE;
	edu->last_dma_cause = EEH_CAUSE_NONE;

	if (req->start == BE_DMA_START_MMIO) {
		rc = dma_by_mmio(s, d, src, dst, req->len, to_ram, msg);
		if (rc)
			return rc;
	} else {
		/*
		 * The device's own traffic: its engine runs whatever MMIO
		 * could reach it.
		 */
		struct eeh_access_result ar;
		u16 rid = (u16)(f->bus << 8 | f->devfn);

		memset(&ar, 0, sizeof(ar));
		edu->dma_src = src;
		edu->dma_dst = dst;
		edu->dma_count = req->len;
		edu->last_dma = eeh_dma(f->phb, rid, req->ioba,
					edu->buf + req->buf_off, req->len,
					to_ram, &ar);
		edu->last_dma_cause = ar.cause;
		if (edu->last_dma == EEH_DMA_NONE)
			edu->last_dma = EEH_DMA_OK;
	}
	res->outcome = map_outcome(edu->last_dma);
	res->cause = edu->last_dma_cause;
	return 0;
}

/* ---- faults, detection, recovery, time ---- */

int eeh_session_inject(struct eeh_session *s, const struct eeh_inj_req *req,
		       struct eeh_inj_result *res, struct eeh_msg *msg)
{
	int rc = eeh_inject(s->m, req, res, msg);

	if (rc && !msg->text[0])
		msg_errno(msg, rc, "inject");
	return rc;
}

int eeh_session_check(struct eeh_session *s, const struct be_dev *d,
		      bool *queued, struct eeh_msg *msg)
{
	struct eeh_func *f = func_of(s, d, msg);
	int rc;

	*queued = false;
	if (!f)
		return -ENODEV;
	rc = eeh_model_check_failure(&s->rec, f);
	if (rc < 0)
		return eeh_msg_set(msg, rc, "failure check on %s: %s", f->name,
				   eeh_strerror(rc));
	*queued = rc > 0;
	return 0;
}

int eeh_session_recover(struct eeh_session *s, struct eeh_rec_event *ev,
			int max, int *n, struct eeh_msg *msg)
{
	struct eeh_recovery *r = &s->rec;
	int rc, i;

	*n = 0;
	rc = eeh_recover_pending(r);
	if (rc < 0)
		return eeh_msg_set(msg, rc, "recovery: %s", eeh_strerror(rc));
	for (i = 0; i < r->nlast && i < EEH_MAX_EVENTS && i < max; i++)
		ev[i] = r->last[i];
	*n = i;
	return 0;
}

int eeh_session_advance(struct eeh_session *s, u64 ms, struct eeh_msg *msg)
{
	(void)msg;
	eeh_model_advance(s->m, ms);
	return 0;
}

int eeh_session_set_max_freezes(struct eeh_session *s, int n,
				struct eeh_msg *msg)
{
	if (n < 0)
		return eeh_msg_set(msg, -EINVAL,
				   "max_freezes %d: must be >= 0", n);
	s->rec.max_freezes = n;
	return 0;
}

/* ---- queries ---- */

int eeh_session_pe_state(struct eeh_session *s, int phb_index, int pe,
			 struct be_pe_state *st, struct eeh_msg *msg)
{
	struct eeh_phb *phb = get_pe(s, phb_index, pe, msg);
	struct eeh_model_pe *p;
	char *nl;

	memset(st, 0, sizeof(*st));
	if (!phb)
		return -EINVAL;
	p = eeh_model_pe_get(phb, pe);
	st->fw = eeh_pe_fw_state(phb, pe);
	st->linux_bits = eeh_fw_state_to_linux(st->fw);
	eeh_pe_sysfs_state(phb, pe, st->sysfs, sizeof(st->sysfs));
	nl = strchr(st->sysfs, '\n');
	if (nl)
		*nl = 0;
	if (p) {
		st->sw_state = p->sw_state;
		st->freeze_count = p->freeze_count;
		st->dma_blocked = p->dma_blocked;
		st->stores_dropped = p->stores_dropped;
		st->loads_ones = p->loads_ones;
	}
	return 0;
}

int eeh_session_frozen_pes(struct eeh_session *s, struct be_pe_ref *out,
			   int max)
{
	int i, pe, n = 0;

	for (i = 0; i < EEH_MAX_PHBS; i++) {
		struct eeh_phb *phb = eeh_phb_get(s->m, i);

		if (!phb || !phb->enumerated)
			continue;
		for (pe = 0; pe < phb->num_pes; pe++) {
			if (!eeh_model_pe_get(phb, pe))
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

u64 eeh_session_cb_seq(struct eeh_session *s)
{
	return s->m->ncb;
}

int eeh_session_cb_since(struct eeh_session *s, u64 after,
			 struct eeh_cb_rec *out, int max)
{
	return eeh_cblog_since(s->m, after, out, max);
}

int eeh_session_diag_last(struct eeh_session *s, int phb_index, int pe,
			  struct eeh_diag *out)
{
	struct eeh_phb *phb = get_phb(s, phb_index, NULL);
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

static struct eeh_guest *guest_of(struct eeh_session *s, const char *name,
				  struct eeh_msg *msg)
{
	struct eeh_guest *g = eeh_guest_by_name(s->m, name);

	if (!g)
		eeh_msg_set(msg, -ENOENT, "no guest '%s'", name ? name : "");
	return g;
}

/* The guest that owns (phb, pe) */
static struct eeh_guest *owner_of(struct eeh_session *s, int phb_index,
				  int pe, struct eeh_phb **phbp,
				  struct eeh_msg *msg)
{
	struct eeh_phb *phb = get_pe(s, phb_index, pe, msg);
	struct eeh_guest *g;

	if (!phb)
		return NULL;
	g = eeh_guest_get(s->m, phb->pes[pe].owner);
	if (!g) {
		eeh_msg_set(msg, -EINVAL, "PE %d:%x is not assigned to a guest",
			    phb_index, pe);
		return NULL;
	}
	*phbp = phb;
	return g;
}

int eeh_session_guest_create(struct eeh_session *s, const char *name,
			     struct eeh_msg *msg)
{
	int id, n = 0;

	if (eeh_guest_by_name(s->m, name))
		return eeh_msg_set(msg, -EEXIST, "guest %s already exists",
				   name);
	if (eeh_guest_create(s->m, name, msg))
		return 0;
	/* the engine's refusals: all EEH_MAX_GUESTS exist, or no memory */
	for (id = 1; id <= EEH_MAX_GUESTS; id++)
		n += !!eeh_guest_get(s->m, id);
	return n == EEH_MAX_GUESTS ? -ENOSPC : -ENOMEM;
}

int eeh_session_guest_slot(struct eeh_session *s, const char *guest, u64 gpa,
			   u64 size, u32 page_shift, bool prereg, bool linear,
			   struct eeh_msg *msg)
{
	struct eeh_guest *g = guest_of(s, guest, msg);
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

int eeh_session_guest_assign(struct eeh_session *s, const char *guest,
			     int phb_index, int pe, unsigned long *liobn,
			     struct eeh_msg *msg)
{
	struct eeh_guest *g = guest_of(s, guest, msg);
	struct eeh_phb *phb;
	int rc;

	if (!g)
		return -ENOENT;
	phb = get_phb(s, phb_index, msg);
	if (!phb)
		return -ENODEV;
	rc = eeh_guest_assign(g, phb, pe, msg);
	if (rc)
		return rc;
	/* eeh_dev_open: the PE changes hands */
	rc = eeh_vfio_change_owner(&s->rec, phb, pe, msg);
	if (rc)
		return rc;
	*liobn = EEH_LIOBN(phb_index, pe, 0);
	return 0;
}

int eeh_session_guest_release(struct eeh_session *s, int phb_index, int pe,
			      struct eeh_msg *msg)
{
	struct eeh_phb *phb;
	struct eeh_guest *g = owner_of(s, phb_index, pe, &phb, msg);
	int rc;

	if (!g)
		return -EINVAL;
	rc = eeh_guest_release(g, phb, pe, msg);
	if (rc)
		return rc;
	/* eeh_dev_release */
	return eeh_vfio_change_owner(&s->rec, phb, pe, msg);
}

int eeh_session_guest_window(struct eeh_session *s, int phb_index, int pe,
			     u32 page_shift, u64 size, int levels, bool remove,
			     unsigned long *liobn, struct eeh_msg *msg)
{
	struct eeh_phb *phb;
	struct eeh_guest *g = owner_of(s, phb_index, pe, &phb, msg);

	if (!g)
		return -EINVAL;
	*liobn = EEH_LIOBN(phb_index, pe, 1);
	if (remove)
		return eeh_guest_window_remove(g, *liobn, msg);
	return eeh_guest_window_create(g, phb, pe, page_shift, size, levels,
				       liobn, msg);
}

int eeh_session_guest_liobn(struct eeh_session *s, int phb_index, int pe,
			    int which, int tier, unsigned long *liobn,
			    struct eeh_msg *msg)
{
	struct eeh_phb *phb;
	struct eeh_guest *g;

	*liobn = EEH_LIOBN(phb_index, pe, which);
	if (tier < 0)
		return 0;
	g = owner_of(s, phb_index, pe, &phb, msg);
	if (!g)
		return -EINVAL;
	return eeh_guest_liobn_set_tier(g, *liobn, (enum eeh_tier)tier, msg);
}

int eeh_session_hcall(struct eeh_session *s, const char *guest,
		      struct be_hcall *hc, struct eeh_msg *msg)
{
	struct eeh_guest *g = guest_of(s, guest, msg);
	unsigned long rets[1] = { 0 };

	if (!g)
		return -ENOENT;
	hc->rc = eeh_hcall(g, hc->opcode, hc->args, hc->nargs, rets);
	hc->ret = rets[0];
	hc->tier = (int)g->last_tier;
	return 0;
}

int eeh_session_guest_mem(struct eeh_session *s, const char *guest, u64 gpa,
			  void *buf, u64 len, bool write, struct eeh_msg *msg)
{
	struct eeh_guest *g = guest_of(s, guest, msg);
	int rc;

	if (!g)
		return -ENOENT;
	rc = write ? eeh_guest_mem_write(g, gpa, buf, len) :
		     eeh_guest_mem_read(g, gpa, buf, len);
	if (rc)
		eeh_msg_set(msg, rc,
			    "guest %s: 0x%llx+0x%llx is not all in its memory slots",
			    guest, (unsigned long long)gpa,
			    (unsigned long long)len);
	return rc;
}

int eeh_session_guest_stats(struct eeh_session *s, const char *guest, int hc,
			    struct be_guest_stats *st, struct eeh_msg *msg)
{
	struct eeh_guest *g = guest_of(s, guest, msg);
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

int eeh_session_guest_eeh(struct eeh_session *s, int phb_index, int pe,
			  int op, u32 type, u32 func, u64 addr, u64 mask,
			  struct eeh_msg *msg)
{
	struct eeh_vfio_err err = {
		.type = type, .func = func, .addr = addr, .mask = mask,
	};
	struct eeh_phb *phb = get_phb(s, phb_index, msg);

	if (!phb)
		return -ENODEV;
	return eeh_vfio_pe_op(&s->rec, phb, pe, op,
			      op == EEH_VFIO_INJECT_ERR ? &err : NULL, msg);
}

int eeh_session_invariants(struct eeh_session *s, char *why, size_t len)
{
	return eeh_invariants_check(s->m, why, len);
}
