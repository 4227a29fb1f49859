// SPDX-License-Identifier: GPL-2.0-only
/*
 * The executor: runs parsed scenarios on a backend, judges every step's
 * expectations and writes KTAP (one top-level test per scenario, one
 * subtest per topology statement or step).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>
#include <errno.h>
#include <unistd.h>

#include "exec.h"
#include "backend.h"
#include "backend_kernel.h"
#include "backend_real.h"
#include "eehlab/guest.h"
#include "eehlab/vfio.h"
#include "uapi/linux/eehlab.h"
#include "../tap/ktap.h"

#ifndef EEHLAB_VERSION
#define EEHLAB_VERSION "0.0.0"
#endif

const char *const runner_backends[] = { "model", "kernel", "host", NULL };

const struct backend_ops *runner_backend_lookup(const char *name)
{
	if (name && !strcmp(name, "kernel"))
		return &backend_kernel_ops;
	if (name && !strcmp(name, "host"))
		return &backend_host_ops;
	return backend_lookup(name);
}

bool runner_backend_known(const char *name)
{
	return runner_backend_lookup(name) != NULL;
}

/* ---- errno names ---- */

static const struct { int err; const char *name; } errno_names[] = {
	{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EIO, "EIO" },
	{ ENXIO, "ENXIO" }, { E2BIG, "E2BIG" }, { EAGAIN, "EAGAIN" },
	{ ENOMEM, "ENOMEM" }, { EACCES, "EACCES" }, { EFAULT, "EFAULT" },
	{ EBUSY, "EBUSY" }, { EEXIST, "EEXIST" }, { ENODEV, "ENODEV" },
	{ EINVAL, "EINVAL" }, { ENOSPC, "ENOSPC" }, { ERANGE, "ERANGE" },
	{ ENOSYS, "ENOSYS" }, { EOPNOTSUPP, "EOPNOTSUPP" },
	{ ETIMEDOUT, "ETIMEDOUT" }, { EALREADY, "EALREADY" },
	{ ENOTSUP, "ENOTSUP" },
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char *errno_name(int err)
{
	static char buf[32];
	size_t i;

	if (err < 0)
		err = -err;
	for (i = 0; i < ARRAY_SIZE(errno_names); i++)
		if (errno_names[i].err == err)
			return errno_names[i].name;
	snprintf(buf, sizeof(buf), "errno %d", err);
	return buf;
}

/* 0 when @name is no errno name known here */
static int errno_value(const char *name)
{
	size_t i;
	char *end;
	long v;

	for (i = 0; i < ARRAY_SIZE(errno_names); i++)
		if (!strcasecmp(errno_names[i].name, name))
			return errno_names[i].err;
	v = strtol(name, &end, 0);
	if (*name && !*end && v)
		return v < 0 ? (int)-v : (int)v;
	return 0;
}

/* ---- small helpers ---- */

/* Case-insensitive, '-' and '_' the same. */
static bool name_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = (char)tolower((unsigned char)*a), y = (char)tolower((unsigned char)*b);

		if (x == '_')
			x = '-';
		if (y == '_')
			y = '-';
		if (x != y)
			return false;
	}
	return !*a && !*b;
}

static const struct sc_value *arg(const struct sc_stmt *st, const char *name)
{
	return sc_arg(st, name);
}

/* Written on the line (not a default) */
static bool given(const struct sc_stmt *st, const char *name)
{
	const struct sc_value *v = sc_arg(st, name);

	return v && !v->defaulted;
}

static const char *choice(const struct sc_stmt *st, const char *name, int idx)
{
	int i;

	for (i = 0; i < KW_MAX_ARGS && st->kw->args[i].name; i++) {
		const struct kw_arg *a = &st->kw->args[i];
		int j;

		if (strcmp(a->name, name) || !a->choices)
			continue;
		for (j = 0; a->choices[j]; j++)
			if (j == idx)
				return a->choices[j];
	}
	return "?";
}

static u64 rng_next(u64 *s)
{
	u64 z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static u64 fnv1a(const char *s)
{
	u64 h = 0xcbf29ce484222325ULL;

	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

/* ---- cause, state and result names (the keyword table's spellings) ---- */

static int cause_lookup(const char *name)
{
	int i;

	for (i = 0; i < EEH_CAUSE__COUNT; i++)
		if (name_eq(eeh_cause_name(i), name))
			return i;
	return -1;
}

static const char *const dma_names[] = {
	[BE_DMA_NOT_STARTED] = "not-started",
	[BE_DMA_OK] = "ok",
	[BE_DMA_BLOCKED] = "blocked",
	[BE_DMA_FAULT] = "fault",
};

static const char *rec_str(enum eeh_rec_result r)
{
	switch (r) {
	case EEH_REC_NONE:
		return "none";
	case EEH_REC_RECOVERED:
		return "recovered";
	case EEH_REC_PERM_FAILURE:
		return "perm-failure";
	case EEH_REC_LEFT_TO_OWNER:
		return "left-to-owner";
	case EEH_REC_PHB_RECOVERED:
		return "phb-recovered";
	}
	return "?";
}

static const char *sev_str(enum eeh_severity s)
{
	switch (s) {
	case EEH_SEV_NONE:
		return "none";
	case EEH_SEV_IOC_DEAD:
		return "ioc-dead";
	case EEH_SEV_PHB_DEAD:
		return "phb-dead";
	case EEH_SEV_PHB_FENCED:
		return "phb-fenced";
	case EEH_SEV_PE_ER:
		return "pe";
	case EEH_SEV_INF:
		return "inf";
	}
	return "?";
}

/* ---- the executor's state ---- */

struct buffer {
	char *name;
	u64 pa, size;
};

#define MAX_DEVS	(EEH_MAX_PHBS * EEH_MAX_FUNCS)
#define MAX_FROZEN	4096

struct sc_rec;

struct exec {
	struct ktap *k;
	struct sc_rec *rec;	/* compare mode: every step's outcome */
	const struct run_opts *o;
	struct scenario *sc;
	struct backend be;
	bool enumerated;
	struct buffer *bufs;
	int nbufs;
	u64 rng;

	/* the last injection's firmware answer */
	bool fw_known;
	enum eeh_fw_answer fw;
	int fw_err;		/* the last injection was refused with this */
	struct eeh_msg fw_msg;	/* ... and this message */
	/* the last `recover` step */
	bool rec_ran;
	struct eeh_rec_event ev[EEH_MAX_EVENTS];
	int nev;

	/* the running step */
	const struct sc_stmt *st;
	int rc;
	struct eeh_msg msg;
	struct eeh_msg step_msg;	/* the step's own message, for expect error */
	bool has_dev;
	struct be_dev dev;
	bool has_value;
	u64 value;
	bool has_dma;
	struct be_dma_res dma;
	u64 cb_seq;
	int nfail;
	/* expect memory ... unchanged: the bytes before the step */
	u8 **snap;
	/* the step's hypercall, guest-eeh state and invariant violation */
	bool has_hcall;
	struct be_hcall hc;
	bool has_gstate;
	int gstate;
	bool has_viol;
	char viol[EEH_MSG_LEN];
	/* a race: its line, its rounds, the first call while the second is due */
	int race_line;
	u32 race_rounds;
	bool race_has_a;
	bool has_race;
	struct be_race race;
	/* the step cannot run on this platform (-EOPNOTSUPP: a SKIP) */
	bool cannot;
};

/* "line N" or, for a statement from an included file, "line N (FILE)" */
static void loc(const struct exec *e, const struct sc_stmt *st, char *buf, size_t len)
{
	const char *f = st->file, *base;

	if (!f || !e->sc->path || !strcmp(f, e->sc->path)) {
		snprintf(buf, len, "line %d", st->line);
		return;
	}
	base = strrchr(f, '/');
	snprintf(buf, len, "line %d (%s)", st->line, base ? base + 1 : f);
}

/* ", device nic 0000:03:00.0, PE 0:1fd" pieces for a diagnostic */
static void where(const struct be_dev *d, int phb, int pe, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = 0;
	if (d)
		n += snprintf(buf + n, len - n, "device %s %s", d->name, d->bdf);
	if (pe >= 0 && n < len)
		n += snprintf(buf + n, len - n, "%sPE %x:%x", n ? ", " : "", phb, pe);
	else if (d && d->pe >= 0 && n < len)
		n += snprintf(buf + n, len - n, ", PE %x:%x", d->phb, d->pe);
}

/* The first endpoint of a PE (else its first bridge), to name it */
static bool pe_first_dev(struct exec *e, int phb, int pe, struct be_dev *out)
{
	static struct be_dev devs[MAX_DEVS];
	int nd = e->be.ops->dev_list(&e->be, devs, MAX_DEVS), j;
	bool found = false;

	for (j = 0; j < nd; j++) {
		if (devs[j].phb != phb || devs[j].pe != pe)
			continue;
		if (!found || devs[j].endpoint)
			*out = devs[j];
		found = true;
		if (devs[j].endpoint)
			break;
	}
	return found;
}

/* One failure of the step: "line L: <text>: <what> (device ..., PE ...)" */
static void failf(struct exec *e, const struct sc_stmt *st, const struct be_dev *d,
		  int phb, int pe, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void failf(struct exec *e, const struct sc_stmt *st, const struct be_dev *d,
		  int phb, int pe, const char *fmt, ...)
{
	char what[640], w[160], l[128];
	struct be_dev pd;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (!d && pe < 0 && e->has_dev)
		d = &e->dev;
	if (!d && pe >= 0 && pe_first_dev(e, phb, pe, &pd))
		d = &pd;
	where(d, phb, pe, w, sizeof(w));
	loc(e, st, l, sizeof(l));
	if (w[0])
		ktap_diag(e->k, "%s: %s: %s (%s)", l, st->text, what, w);
	else
		ktap_diag(e->k, "%s: %s: %s", l, st->text, what);
	e->nfail++;
}

/* ---- resolving names ---- */

static int resolve_dev(struct exec *e, const char *spec, struct be_dev *d)
{
	if (!spec)
		return eeh_msg_set(&e->msg, -ENODEV, "no device given");
	return e->be.ops->resolve(&e->be, spec, d, &e->msg);
}

/* The step's own device (argument "dev"), remembered for diagnostics. */
static int step_dev(struct exec *e, struct be_dev *d)
{
	int rc = resolve_dev(e, sc_str(e->st, "dev"), d);

	if (rc)
		return rc;
	e->dev = *d;
	e->has_dev = true;
	/* a removed device has no pci_dev: nothing can act on it */
	if (!d->present)
		return eeh_msg_set(&e->msg, -ENODEV, "%s (%s) was removed", d->name, d->bdf);
	return 0;
}

/* A PE argument: PHB:PE, or a device (its PE; *d filled when @d). */
static int resolve_pe(struct exec *e, const struct sc_value *v, int *phb, int *pe,
		      struct be_dev *d, bool *is_dev, struct eeh_msg *msg)
{
	struct be_dev tmp;
	int rc;

	if (is_dev)
		*is_dev = false;
	if (!v)
		return eeh_msg_set(msg, -EINVAL, "no PE given");
	if (v->pe_phb >= 0) {
		*phb = v->pe_phb;
		*pe = v->pe_num;
		return 0;
	}
	rc = e->be.ops->resolve(&e->be, v->raw, &tmp, msg);
	if (rc)
		return rc;
	if (tmp.pe < 0)
		return eeh_msg_set(msg, -ENODEV, "%s has no PE (not enumerated)", tmp.name);
	*phb = tmp.phb;
	*pe = tmp.pe;
	if (d)
		*d = tmp;
	if (is_dev)
		*is_dev = true;
	return 0;
}

/* The step's PE argument "pe", remembered for diagnostics when a device. */
static int step_pe(struct exec *e, int *phb, int *pe)
{
	struct be_dev d;
	bool is_dev;
	int rc = resolve_pe(e, arg(e->st, "pe"), phb, pe, &d, &is_dev, &e->msg);

	if (!rc && is_dev) {
		e->dev = d;
		e->has_dev = true;
		if (!d.present)
			return eeh_msg_set(&e->msg, -ENODEV, "%s (%s) was removed", d.name,
					   d.bdf);
	}
	return rc;
}

static struct buffer *buf_find(struct exec *e, const char *name)
{
	int i;

	for (i = 0; i < e->nbufs; i++)
		if (!strcmp(e->bufs[i].name, name))
			return &e->bufs[i];
	return NULL;
}

/* An ADDR argument; *room: bytes left in the buffer (0 for a number). */
static int resolve_addr(struct exec *e, const struct sc_value *v, u64 *pa, u64 *room,
			struct eeh_msg *msg)
{
	struct buffer *b;

	*room = 0;
	if (!v)
		return eeh_msg_set(msg, -EINVAL, "no address given");
	if (!v->buffer) {
		*pa = v->num;
		return 0;
	}
	b = buf_find(e, v->buffer);
	if (!b)
		return eeh_msg_set(msg, -ENOENT, "no buffer '%s' (not reserved yet?)", v->buffer);
	if (v->num > b->size)
		return eeh_msg_set(msg, -ERANGE, "%s+0x%llx is past the end of '%s' (%llu bytes)",
				   v->buffer, (unsigned long long)v->num, v->buffer,
				   (unsigned long long)b->size);
	*pa = b->pa + v->num;
	*room = b->size - v->num;
	return 0;
}

/* ---- steps ---- */

static int do_phb(struct exec *e)
{
	enum eeh_phb_model model = sc_num(e->st, "model") == 0 ? EEH_PHB3 : EEH_PHB4;
	u64 idx = sc_num(e->st, "index"), pes = sc_num(e->st, "pes");

	if (idx >= EEH_MAX_PHBS)
		return eeh_msg_set(&e->msg, -ERANGE, "PHB index %llu: the model has PHBs 0 to %d",
				   (unsigned long long)idx, EEH_MAX_PHBS - 1);
	if (pes > 4096)
		return eeh_msg_set(&e->msg, -ERANGE, "%llu PEs: too many", (unsigned long long)pes);
	return e->be.ops->phb_add(&e->be, (int)idx, model, (int)pes, &e->msg);
}

static int node_add(struct exec *e, struct be_node *n)
{
	int rc = e->be.ops->node_add(&e->be, n, &e->msg);

	return rc < 0 ? rc : 0;
}

static int do_rootport(struct exec *e)
{
	struct be_node n = {
		.name = sc_str(e->st, "name"),
		.type = EEH_NODE_ROOT_PORT,
		.phb = (int)sc_num(e->st, "phb"),
		.parent = -1,
		.kind = EEH_DEV_KIND_BRIDGE,
		.functions = 1,
	};

	if (sc_num(e->st, "phb") >= EEH_MAX_PHBS)
		return eeh_msg_set(&e->msg, -ENODEV, "no PHB %llu",
				   (unsigned long long)sc_num(e->st, "phb"));
	return node_add(e, &n);
}

static int parent_of(struct exec *e, struct be_dev *p)
{
	int rc = resolve_dev(e, sc_str(e->st, "parent"), p);

	if (!rc) {
		e->dev = *p;
		e->has_dev = true;
	}
	return rc;
}

static int do_switch(struct exec *e)
{
	struct be_dev p;
	struct be_node n = { .type = EEH_NODE_SWITCH_UP, .kind = EEH_DEV_KIND_BRIDGE,
			     .functions = 1 };
	u64 ports = sc_num(e->st, "ports"), i;
	char name[EEH_NAME_LEN + 8];
	int rc, up;

	rc = parent_of(e, &p);
	if (rc)
		return rc;
	if (ports < 1 || ports > 32)
		return eeh_msg_set(&e->msg, -EINVAL, "a switch has 1 to 32 downstream ports, not %llu",
				   (unsigned long long)ports);
	n.name = sc_str(e->st, "name");
	n.phb = p.phb;
	n.parent = p.id;
	up = e->be.ops->node_add(&e->be, &n, &e->msg);
	if (up < 0)
		return up;
	for (i = 0; i < ports; i++) {
		snprintf(name, sizeof(name), "%s.%llu", n.name, (unsigned long long)i);
		n.name = name;
		n.type = EEH_NODE_SWITCH_DOWN;
		n.parent = up;
		rc = node_add(e, &n);
		if (rc)
			return rc;
		n.name = sc_str(e->st, "name");
	}
	return 0;
}

static int do_device(struct exec *e)
{
	const struct sc_stmt *st = e->st;
	struct be_dev p;
	struct be_node n = { .type = EEH_NODE_ENDPOINT };
	int rc = parent_of(e, &p);

	if (rc)
		return rc;
	n.name = sc_str(st, "name");
	n.phb = p.phb;
	n.parent = p.id;
	n.kind = sc_num(st, "type") == 0 ? EEH_DEV_KIND_EDU : EEH_DEV_KIND_PLAIN;
	n.functions = !sc_has(st, "functions") ? 1 :
		sc_num(st, "functions") > 64 ? 64 : (int)sc_num(st, "functions");
	n.bar32 = sc_has(st, "bar32") ? sc_num(st, "bar32") :
		(n.kind == EEH_DEV_KIND_PLAIN ? 16 << 10 : 0);
	n.bar64 = sc_num(st, "bar64");
	if (sc_has(st, "vendor") && sc_num(st, "vendor") > 0xffff)
		return eeh_msg_set(&e->msg, -ERANGE, "vendor 0x%llx: 16 bits",
				   (unsigned long long)sc_num(st, "vendor"));
	if (sc_has(st, "device") && sc_num(st, "device") > 0xffff)
		return eeh_msg_set(&e->msg, -ERANGE, "device 0x%llx: 16 bits",
				   (unsigned long long)sc_num(st, "device"));
	n.vendor = (u16)sc_num(st, "vendor");
	n.device = (u16)sc_num(st, "device");
	n.freset = sc_num(st, "freset");
	if (n.kind == EEH_DEV_KIND_EDU && (given(st, "bar32") || sc_num(st, "bar64")))
		return eeh_msg_set(&e->msg, -EINVAL,
				   "an edu device has its own 1M BAR0: bar32/bar64 are for plain devices");
	return node_add(e, &n);
}

static int do_enumerate(struct exec *e)
{
	int rc = e->be.ops->enumerate(&e->be, &e->msg);

	if (!rc)
		e->enumerated = true;
	return rc;
}

static int do_driver(struct exec *e)
{
	const struct sc_stmt *st = e->st;
	struct be_dev d;
	struct be_driver drv = {
		.bound = sc_has(st, "bound") ? (int)sc_num(st, "bound") : -1,
		.handlers = sc_has(st, "handlers") ? (int)sc_num(st, "handlers") : -1,
	};
	int rc = step_dev(e, &d);

	if (rc)
		return rc;
	/* the choices are pci_ers_result_t in order, from NONE = 1 */
	if (sc_has(st, "error_detected"))
		drv.error_detected = (enum eeh_ers)(sc_num(st, "error_detected") + 1);
	if (sc_has(st, "mmio_enabled"))
		drv.mmio_enabled = (enum eeh_ers)(sc_num(st, "mmio_enabled") + 1);
	if (sc_has(st, "slot_reset"))
		drv.slot_reset = (enum eeh_ers)(sc_num(st, "slot_reset") + 1);
	return e->be.ops->driver_set(&e->be, &d, &drv, &e->msg);
}

static int do_buffer(struct exec *e)
{
	const struct sc_stmt *st = e->st;
	const char *name = sc_str(st, "name"), *fill = sc_str(st, "fill");
	u64 size = sc_num(st, "size"), align = 4096, pa, off;
	bool random = false;
	unsigned long long byte = 0;
	struct buffer *nb;
	u8 chunk[4096];
	int rc;

	if (!name)
		return eeh_msg_set(&e->msg, -EINVAL, "no name");
	if (buf_find(e, name))
		return eeh_msg_set(&e->msg, -EEXIST, "buffer '%s' exists already", name);
	if (!size)
		return eeh_msg_set(&e->msg, -EINVAL, "buffer '%s': size 0", name);
	if (fill && name_eq(fill, "random")) {
		random = true;
	} else if (fill) {
		char *end;

		errno = 0;
		byte = strtoull(fill, &end, 0);
		if (!*fill || *end || errno || byte > 0xff)
			return eeh_msg_set(&e->msg, -EINVAL,
					   "fill '%s': a byte value (0 to 0xff) or random", fill);
	}
	/* natural alignment (up to 1G), so that large I/O pages can map it */
	while (align < size && align < (1ULL << 30))
		align <<= 1;
	if (align > size && align > 4096)
		align >>= 1;
	rc = e->be.ops->mem_alloc(&e->be, size, align, &pa, &e->msg);
	if (rc)
		return rc;
	/* fresh host memory reads as zero: write only what differs */
	if (random || byte) {
		for (off = 0; off < size; off += sizeof(chunk)) {
			u64 n = size - off < sizeof(chunk) ? size - off : sizeof(chunk), i;

			if (random) {
				for (i = 0; i < n; i += 8) {
					u64 r = rng_next(&e->rng);

					memcpy(chunk + i, &r, n - i < 8 ? n - i : 8);
				}
			} else {
				memset(chunk, (int)byte, n);
			}
			rc = e->be.ops->mem_write(&e->be, pa + off, chunk, n, &e->msg);
			if (rc)
				return rc;
		}
	}
	nb = realloc(e->bufs, (e->nbufs + 1) * sizeof(*e->bufs));
	if (!nb)
		return eeh_msg_set(&e->msg, -ENOMEM, "out of memory");
	e->bufs = nb;
	nb[e->nbufs].name = strdup(name);
	if (!nb[e->nbufs].name)
		return eeh_msg_set(&e->msg, -ENOMEM, "out of memory");
	nb[e->nbufs].pa = pa;
	nb[e->nbufs].size = size;
	e->nbufs++;
	return 0;
}

static int page_shift_of(struct exec *e, u64 page, u32 *shift)
{
	if (!page || (page & (page - 1)))
		return eeh_msg_set(&e->msg, -EINVAL, "page size %llu is not a power of two",
				   (unsigned long long)page);
	*shift = (u32)__builtin_ctzll(page);
	return 0;
}

static int do_window(struct exec *e)
{
	const struct sc_stmt *st = e->st;
	struct be_dev d;
	u32 shift = 12;
	u64 levels = sc_num(st, "levels");
	int rc = step_dev(e, &d);

	if (rc)
		return rc;
	rc = page_shift_of(e, sc_num(st, "page"), &shift);
	if (rc)
		return rc;
	if (levels > 64)
		levels = 64;	/* the backend refuses */
	return e->be.ops->window_create(&e->be, d.phb, d.pe, (int)sc_num(st, "which"),
					shift, sc_num(st, "size"), (int)levels, &e->msg);
}

/* which=: as written, else the window the ioba falls in */
static int which_of(const struct sc_stmt *st)
{
	if (given(st, "which"))
		return (int)sc_num(st, "which");
	return (sc_num(st, "ioba") & EEH_TVE_64BIT_BASE) ? 1 : 0;
}

static int do_map(struct exec *e, bool unmap)
{
	const struct sc_stmt *st = e->st;
	static const u64 perms[] = { EEH_TCE_READ | EEH_TCE_WRITE, EEH_TCE_READ,
				     EEH_TCE_WRITE };
	struct eeh_tce_table t;
	struct be_dev d;
	u64 host = 0, room = 0, len = sc_num(st, "len"), perm = 0;
	int which = which_of(st), rc;

	rc = step_dev(e, &d);
	if (rc)
		return rc;
	if (!unmap) {
		rc = resolve_addr(e, arg(st, "host"), &host, &room, &e->msg);
		if (rc)
			return rc;
		if (arg(st, "host")->buffer && len > room)
			return eeh_msg_set(&e->msg, -ERANGE,
					   "len 0x%llx is past the end of buffer '%s' (0x%llx bytes left)",
					   (unsigned long long)len, arg(st, "host")->buffer,
					   (unsigned long long)room);
		perm = perms[sc_num(st, "perm") % 3];
		/* the default 32-bit window, as the kernel sets it up */
		if (which == 0 && e->be.ops->window_get(&e->be, d.phb, d.pe, 0, &t) == -ENOENT) {
			rc = e->be.ops->window_create(&e->be, d.phb, d.pe, 0, 12, 2ULL << 30, 1,
						      &e->msg);
			if (rc)
				return rc;
		}
	}
	return e->be.ops->tce_map(&e->be, d.phb, d.pe, which, sc_num(st, "ioba"), host, len,
				  perm, &e->msg);
}

static int do_mmio_read(struct exec *e)
{
	const struct sc_stmt *st = e->st;
	struct be_dev d;
	u64 v = 0;
	int rc = step_dev(e, &d);

	if (rc)
		return rc;
	rc = e->be.ops->mmio_read(&e->be, &d, (int)sc_num(st, "bar"), sc_num(st, "off"),
				  (int)sc_num(st, "size"), sc_num(st, "detect") != 0, &v, &e->msg);
	if (!rc) {
		e->has_value = true;
		e->value = v;
	}
	return rc;
}

static int do_mmio_write(struct exec *e)
{
	const struct sc_stmt *st = e->st;
	struct be_dev d;
	int rc = step_dev(e, &d);

	if (rc)
		return rc;
	return e->be.ops->mmio_write(&e->be, &d, (int)sc_num(st, "bar"), sc_num(st, "off"),
				     (int)sc_num(st, "size"), sc_num(st, "value"), &e->msg);
}

static int cfg_args(struct exec *e, u32 *off, int *size)
{
	u64 o = sc_num(e->st, "off"), s = sc_num(e->st, "size");

	if (s != 1 && s != 2 && s != 4)
		return eeh_msg_set(&e->msg, -EINVAL, "config access size %llu: 1, 2 or 4",
				   (unsigned long long)s);
	if (o >= EEH_CFG_SIZE || o + s > EEH_CFG_SIZE)
		return eeh_msg_set(&e->msg, -ERANGE, "config offset 0x%llx: past %d bytes",
				   (unsigned long long)o, EEH_CFG_SIZE);
	if (o & (s - 1))
		return eeh_msg_set(&e->msg, -EINVAL, "config offset 0x%llx not aligned to %llu",
				   (unsigned long long)o, (unsigned long long)s);
	*off = (u32)o;
	*size = (int)s;
	return 0;
}

static int do_cfg(struct exec *e, bool write)
{
	struct be_dev d;
	u32 off = 0, v = 0;
	int size = 4, rc = step_dev(e, &d);

	if (rc)
		return rc;
	rc = cfg_args(e, &off, &size);
	if (rc)
		return rc;
	if (write) {
		u64 val = sc_num(e->st, "value");

		if (size < 8 && (val >> (8 * size)))
			return eeh_msg_set(&e->msg, -ERANGE, "value 0x%llx does not fit in %d bytes",
					   (unsigned long long)val, size);
		return e->be.ops->cfg_write(&e->be, &d, off, size, (u32)val, &e->msg);
	}
	rc = e->be.ops->cfg_read(&e->be, &d, off, size, &v, &e->msg);
	if (!rc) {
		e->has_value = true;
		e->value = v;
	}
	return rc;
}

static int do_dma(struct exec *e)
{
	const struct sc_stmt *st = e->st;
	struct be_dma_req req = {
		.ioba = sc_num(st, "ioba"),
		.dir = sc_num(st, "dir") == 0 ? BE_DMA_TO_RAM : BE_DMA_TO_DEVICE,
		.start = sc_num(st, "start") == 0 ? BE_DMA_START_MMIO : BE_DMA_START_DEVICE,
	};
	struct be_dev d;
	int rc = step_dev(e, &d);

	if (rc)
		return rc;
	if (sc_num(st, "len") > EDU_BUF_SIZE || sc_num(st, "buf-off") > EDU_BUF_SIZE)
		return eeh_msg_set(&e->msg, -EINVAL,
				   "buf-off 0x%llx len 0x%llx: the device buffer is %d bytes",
				   (unsigned long long)sc_num(st, "buf-off"),
				   (unsigned long long)sc_num(st, "len"), EDU_BUF_SIZE);
	req.len = (u32)sc_num(st, "len");
	req.buf_off = (u32)sc_num(st, "buf-off");
	rc = e->be.ops->dma(&e->be, &d, &req, &e->dma, &e->msg);
	if (!rc)
		e->has_dma = true;
	return rc;
}

static int inject(struct exec *e, struct eeh_inj_req *req)
{
	struct eeh_inj_result res;
	int rc;

	memset(&res, 0, sizeof(res));
	res.fw = (enum eeh_fw_answer)1;	/* no firmware answers 1 */
	rc = e->be.ops->inject(&e->be, req, &res, &e->msg);
	e->fw_known = res.fw == EEH_FW_ACCEPTED || res.fw == EEH_FW_PARAMETER ||
		      res.fw == EEH_FW_UNSUPPORTED;
	e->fw = res.fw;
	e->fw_err = rc;
	e->fw_msg = e->msg;
	return rc;
}

static int do_inject(struct exec *e)
{
	const struct sc_stmt *st = e->st;
	struct eeh_inj_req req = { .kind = EEH_INJ_FUNC };
	const char *func = sc_str(st, "func");
	u64 type = sc_num(st, "type");
	int rc = step_pe(e, &req.phb, &req.pe);

	if (rc)
		return rc;
	req.func = func ? eeh_inj_func_lookup(func) : -1;
	if (req.func < 0) {
		char *end;
		long v;

		errno = 0;
		v = func ? strtol(func, &end, 0) : 0;
		if (!func || !*func || *end || errno || v < -0x7fff || v > 0x7fff)
			return eeh_msg_set(&e->msg, -EINVAL,
					   "func '%s': a name (LD_MEM_ADDR, ...) or a number",
					   func ? func : "");
		req.func = (int)v;
	}
	req.type = type > 0x7fff ? 0x7fff : (int)type;
	req.addr = sc_num(st, "addr");
	req.mask = sc_num(st, "mask");
	return inject(e, &req);
}

static int do_freeze(struct exec *e)
{
	static const u32 which[] = { EEH_FREEZE_BOTH, EEH_FREEZE_MMIO, EEH_FREEZE_DMA };
	struct eeh_inj_req req = { .kind = EEH_INJ_FREEZE };
	int rc = step_pe(e, &req.phb, &req.pe);

	if (rc)
		return rc;
	req.which = which[sc_num(e->st, "which") % 3];
	return inject(e, &req);
}

static int do_fence(struct exec *e)
{
	struct eeh_inj_req req = { .kind = EEH_INJ_FENCE, .pe = -1 };
	u64 phb = sc_num(e->st, "phb");

	req.phb = phb >= EEH_MAX_PHBS ? EEH_MAX_PHBS : (int)phb;
	return inject(e, &req);
}

static int do_dma_fault(struct exec *e)
{
	const struct sc_stmt *st = e->st;
	struct eeh_inj_req req = { .kind = EEH_INJ_DMA_FAULT };
	int rc = step_pe(e, &req.phb, &req.pe), c;

	if (rc)
		return rc;
	c = cause_lookup(choice(st, "cause", (int)sc_num(st, "cause")));
	if (c < 0)
		return eeh_msg_set(&e->msg, -EINVAL, "unknown cause '%s'", sc_str(st, "cause"));
	req.dma_cause = (enum eeh_cause)c;
	req.addr = sc_num(st, "addr");
	req.mask = sc_num(st, "mask");
	return inject(e, &req);
}

static int do_check(struct exec *e)
{
	struct be_dev d;
	bool queued;
	int rc = step_dev(e, &d);

	if (rc)
		return rc;
	return e->be.ops->check(&e->be, &d, &queued, &e->msg);
}

static int do_force_recover(struct exec *e)
{
	int phb, pe, rc;

	if (!e->be.ops->force_recover)
		return eeh_msg_set(&e->msg, -EOPNOTSUPP,
				   "force-recover drives the real EEH core: real PEs only (backend %s)",
				   e->be.ops->name);
	rc = step_pe(e, &phb, &pe);
	return rc ? rc : e->be.ops->force_recover(&e->be, phb, pe, &e->msg);
}

static int do_recover(struct exec *e)
{
	int n = 0, rc, i;

	rc = e->be.ops->recover(&e->be, e->ev, EEH_MAX_EVENTS, &n, &e->msg);
	e->nev = rc ? 0 : n;
	e->rec_ran = true;
	/* real PEs: what each recovery took, measured */
	for (i = 0; (e->be.ops->caps & BE_CAP_REAL_PHB) && i < e->nev; i++)
		ktap_diag(e->k, "recovery of PE %x:%x: %s", e->ev[i].phb, e->ev[i].pe,
			  e->ev[i].text);
	return rc;
}

/* ---- guests and the TCE hypercalls ---- */

static bool has_guests(struct exec *e)
{
	return e->be.ops->guest_create != NULL;
}

#define NEED_GUESTS(e) do { \
	if (!has_guests(e)) \
		return eeh_msg_set(&(e)->msg, -EOPNOTSUPP, "backend %s has no guests", \
				   (e)->be.ops->name); \
} while (0)

static const char *hrc_name(long rc)
{
	static char buf[32];

	switch (rc) {
	case H_SUCCESS:
		return "H_SUCCESS";
	case H_HARDWARE:
		return "H_HARDWARE";
	case H_FUNCTION:
		return "H_FUNCTION";
	case H_PARAMETER:
		return "H_PARAMETER";
	}
	snprintf(buf, sizeof(buf), "%ld", rc);
	return buf;
}

static const char *const tier_names[] = { "real", "virt", "user" };

static const char *tier_name(int t)
{
	return t >= 0 && t < 3 ? tier_names[t] : "?";
}

static int do_guest(struct exec *e)
{
	NEED_GUESTS(e);
	return e->be.ops->guest_create(&e->be, sc_str(e->st, "name"), &e->msg);
}

static int do_slot(struct exec *e)
{
	const struct sc_stmt *st = e->st;
	u32 shift = 12;
	int rc;

	NEED_GUESTS(e);
	rc = page_shift_of(e, sc_num(st, "page"), &shift);
	if (rc)
		return rc;
	return e->be.ops->guest_slot(&e->be, sc_str(st, "guest"), sc_num(st, "gpa"),
				     sc_num(st, "size"), shift, sc_num(st, "prereg") != 0,
				     sc_num(st, "linear") != 0, &e->msg);
}

static int do_assign(struct exec *e, bool release)
{
	unsigned long liobn = 0;
	int phb, pe, rc;

	NEED_GUESTS(e);
	rc = step_pe(e, &phb, &pe);
	if (rc)
		return rc;
	if (release)
		return e->be.ops->guest_release(&e->be, phb, pe, &e->msg);
	rc = e->be.ops->guest_assign(&e->be, sc_str(e->st, "guest"), phb, pe, &liobn,
				     &e->msg);
	if (!rc)
		ktap_diag(e->k, "PE %x:%x assigned to %s: 32-bit window LIOBN 0x%lx", phb, pe,
			  sc_str(e->st, "guest"), liobn);
	return rc;
}

static int do_guest_window(struct exec *e)
{
	const struct sc_stmt *st = e->st;
	unsigned long liobn = 0;
	u64 levels = sc_num(st, "levels");
	bool remove = sc_num(st, "remove") != 0;
	u32 shift = 12;
	int phb, pe, rc;

	NEED_GUESTS(e);
	rc = step_pe(e, &phb, &pe);
	if (!rc && !remove)
		rc = page_shift_of(e, sc_num(st, "page"), &shift);
	if (rc)
		return rc;
	if (levels > 64)
		levels = 64;	/* the engine refuses */
	rc = e->be.ops->guest_window(&e->be, phb, pe, shift, sc_num(st, "size"), (int)levels,
				     remove, &liobn, &e->msg);
	if (!rc)
		ktap_diag(e->k, "PE %x:%x: 64-bit window LIOBN 0x%lx %s", phb, pe, liobn,
			  remove ? "removed" : "created");
	return rc;
}

static int do_guest_liobn(struct exec *e)
{
	unsigned long liobn;
	int phb, pe, rc;

	NEED_GUESTS(e);
	rc = step_pe(e, &phb, &pe);
	if (rc)
		return rc;
	return e->be.ops->guest_liobn(&e->be, phb, pe, (int)sc_num(e->st, "which"),
				      (int)sc_num(e->st, "tier"), &liobn, &e->msg);
}

/* The hypercall's window: liobn=, else PE and which= */
static int hc_liobn(struct exec *e, unsigned long *liobn)
{
	const struct sc_stmt *st = e->st;
	int phb, pe, rc;

	if (sc_has(st, "liobn")) {
		*liobn = (unsigned long)sc_num(st, "liobn");
		return 0;
	}
	if (!sc_has(st, "pe"))
		return eeh_msg_set(&e->msg, -EINVAL,
				   "name the window: a PE (with which=32 or 64) or liobn=");
	rc = step_pe(e, &phb, &pe);
	if (rc)
		return rc;
	return e->be.ops->guest_liobn(&e->be, phb, pe, (int)sc_num(st, "which"), -1, liobn,
				      &e->msg);
}

static const u64 tce_perms[] = { EEH_TCE_READ | EEH_TCE_WRITE, EEH_TCE_READ, EEH_TCE_WRITE, 0 };

/* The TCE: tce=, else gpa= | perm */
static int hc_tce(struct exec *e, u64 *tce)
{
	const struct sc_stmt *st = e->st;

	if (sc_has(st, "tce") && sc_has(st, "gpa"))
		return eeh_msg_set(&e->msg, -EINVAL, "give gpa= (with perm=) or tce=, not both");
	if (sc_has(st, "tce")) {
		*tce = sc_num(st, "tce");
		return 0;
	}
	if (!sc_has(st, "gpa"))
		return eeh_msg_set(&e->msg, -EINVAL, "no TCE: give gpa= (with perm=) or tce=");
	*tce = sc_num(st, "gpa") | tce_perms[sc_num(st, "perm") % 4];
	return 0;
}

/*
 * A diagnostic that differs from run to run by nature (a race's tallies):
 * printed, but not part of the step's record that --compare compares.
 */
#define MEASURED "measured: "

/* `race`: the next two hypercall steps race each other */
static int do_race(struct exec *e)
{
	u64 rounds = sc_num(e->st, "rounds");

	NEED_GUESTS(e);
	if (!rounds || rounds > EEH_RACE_MAX_ROUNDS)
		return eeh_msg_set(&e->msg, -EINVAL, "rounds %llu: 1 to %u",
				   (unsigned long long)rounds, EEH_RACE_MAX_ROUNDS);
	if (!e->be.ops->race)
		return eeh_msg_set(&e->msg, -EOPNOTSUPP, "backend %s cannot race hypercalls",
				   e->be.ops->name);
	e->race_line = e->st->line;
	e->race_rounds = (u32)rounds;
	e->race_has_a = false;
	return 0;
}

/* A call of the pending race: the first waits, the second runs both */
static int race_call(struct exec *e, const struct be_hcall *hc)
{
	int rc;

	if (!e->race_has_a) {
		memset(&e->race, 0, sizeof(e->race));
		e->race.a = *hc;
		e->race_has_a = true;
		return 0;
	}
	/* the parser saw to it: both calls are one guest's */
	e->race.b = *hc;
	e->race.rounds = e->race_rounds;
	e->race_rounds = 0;
	e->race_has_a = false;
	rc = e->be.ops->race(&e->be, sc_str(e->st, "guest"), &e->race, &e->msg);
	if (rc == -EOPNOTSUPP)
		e->cannot = true;
	if (rc)
		return rc;
	e->has_race = true;
	ktap_diag(e->k, MEASURED "race of line %d: %u rounds: A;B %llu, B;A %llu, same %llu, mixed %llu, "
		  "torn %llu, other answers %llu; on two CPUs %llu; counts lost %llu",
		  e->race_line, e->race.rounds, (unsigned long long)e->race.ab,
		  (unsigned long long)e->race.ba, (unsigned long long)e->race.same,
		  (unsigned long long)e->race.mixed, (unsigned long long)e->race.torn,
		  (unsigned long long)e->race.rc_diff, (unsigned long long)e->race.split,
		  (unsigned long long)e->race.lost);
	return 0;
}

static int do_hcall(struct exec *e)
{
	const struct sc_stmt *st = e->st;
	struct be_hcall hc;
	unsigned long liobn = 0;
	u64 tce = 0;
	int rc;

	NEED_GUESTS(e);
	memset(&hc, 0, sizeof(hc));
	rc = hc_liobn(e, &liobn);
	if (rc)
		return rc;
	hc.args[0] = liobn;
	hc.args[1] = (unsigned long)sc_num(st, "ioba");
	switch (st->kw->id) {
	case K_H_PUT_TCE:
		rc = hc_tce(e, &tce);
		hc.opcode = H_PUT_TCE;
		hc.args[2] = (unsigned long)tce;
		hc.nargs = 3;
		break;
	case K_H_GET_TCE:
		hc.opcode = H_GET_TCE;
		hc.nargs = 2;
		break;
	case K_H_PUT_TCE_INDIRECT:
		hc.opcode = H_PUT_TCE_INDIRECT;
		hc.args[2] = (unsigned long)sc_num(st, "list");
		hc.args[3] = (unsigned long)sc_num(st, "count");
		hc.nargs = 4;
		break;
	default:
		rc = hc_tce(e, &tce);
		hc.opcode = H_STUFF_TCE;
		hc.args[2] = (unsigned long)tce;
		hc.args[3] = (unsigned long)sc_num(st, "count");
		hc.nargs = 4;
		break;
	}
	if (rc)
		return rc;
	if (e->race_rounds)
		return race_call(e, &hc);
	if (e->o->hooks && e->o->hooks->hcall)
		e->o->hooks->hcall(e->o->hooks->ctx, st, &e->be, sc_str(st, "guest"), &hc);
	rc = e->be.ops->hcall(&e->be, sc_str(st, "guest"), &hc, &e->msg);
	if (rc)
		return rc;
	e->has_hcall = true;
	e->hc = hc;
	return 0;
}

static int do_tce_list(struct exec *e)
{
	const struct sc_stmt *st = e->st;
	u64 n = sc_num(st, "count"), gpa = sc_num(st, "gpa"), step = sc_num(st, "step");
	u64 perm = tce_perms[sc_num(st, "perm") % 4], i;
	u8 *buf;
	int rc;

	NEED_GUESTS(e);
	if (!n || n > 4096)
		return eeh_msg_set(&e->msg, -EINVAL, "count %llu: 1 to 4096 entries",
				   (unsigned long long)n);
	buf = malloc(n * 8);
	if (!buf)
		return eeh_msg_set(&e->msg, -ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		u64 v = (gpa + i * step) | perm;
		int k;

		for (k = 0; k < 8; k++)
			buf[i * 8 + k] = (u8)(v >> (56 - 8 * k));
	}
	rc = e->be.ops->guest_mem(&e->be, sc_str(st, "guest"), sc_num(st, "list"), buf, n * 8,
				  true, &e->msg);
	free(buf);
	return rc;
}

static int do_guest_write(struct exec *e)
{
	const struct sc_stmt *st = e->st;
	u64 len = sc_num(st, "len");
	u8 *buf;
	int rc;

	NEED_GUESTS(e);
	if (sc_num(st, "pattern") > 0xff)
		return eeh_msg_set(&e->msg, -ERANGE, "pattern 0x%llx is not a byte",
				   (unsigned long long)sc_num(st, "pattern"));
	if (!len || len > (64ULL << 20))
		return eeh_msg_set(&e->msg, -EINVAL, "len %llu: 1 byte to 64M",
				   (unsigned long long)len);
	buf = malloc(len);
	if (!buf)
		return eeh_msg_set(&e->msg, -ENOMEM, "out of memory");
	memset(buf, (int)sc_num(st, "pattern"), len);
	rc = e->be.ops->guest_mem(&e->be, sc_str(st, "guest"), sc_num(st, "gpa"), buf, len,
				  true, &e->msg);
	free(buf);
	return rc;
}

static int do_guest_eeh(struct exec *e)
{
	const struct sc_stmt *st = e->st;
	int op = (int)sc_num(st, "op"), phb, pe, rc, func = 0;
	const char *fs = sc_str(st, "func");

	NEED_GUESTS(e);
	rc = step_pe(e, &phb, &pe);
	if (rc)
		return rc;
	if (op == EEH_VFIO_INJECT_ERR) {
		char *end;

		if (!fs)
			return eeh_msg_set(&e->msg, -EINVAL, "op=inject-err needs func=");
		func = eeh_inj_func_lookup(fs);
		if (func < 0) {
			long v = strtol(fs, &end, 0);

			if (!*fs || *end || v < 0 || v > 0xffff)
				return eeh_msg_set(&e->msg, -EINVAL,
						   "func '%s': a name (LD_MEM_ADDR, ...) or a number", fs);
			func = (int)v;
		}
	}
	rc = e->be.ops->guest_eeh(&e->be, phb, pe, op, (u32)sc_num(st, "type"), (u32)func,
				  sc_num(st, "addr"), sc_num(st, "mask"), &e->msg);
	if (rc < 0)
		return rc;
	if (op == EEH_VFIO_GET_STATE) {
		e->has_gstate = true;
		e->gstate = rc;
	}
	return 0;
}

static int run_step(struct exec *e)
{
	const struct sc_stmt *st = e->st;

	switch (st->kw->id) {
	case K_PHB:
		return do_phb(e);
	case K_ROOTPORT:
		return do_rootport(e);
	case K_SWITCH:
		return do_switch(e);
	case K_DEVICE:
		return do_device(e);
	case K_REAL:
		if (!e->be.ops->real_add)
			return eeh_msg_set(&e->msg, -EOPNOTSUPP, "backend %s names no real devices",
					   e->be.ops->name);
		return e->be.ops->real_add(&e->be, sc_str(e->st, "name"), sc_str(e->st, "bdf"),
					   sc_str(e->st, "phb"), &e->msg);
	case K_ENUMERATE:
		return do_enumerate(e);
	case K_DRIVER:
		return do_driver(e);
	case K_BUFFER:
		return do_buffer(e);
	case K_WINDOW:
		return do_window(e);
	case K_MAP:
		return do_map(e, false);
	case K_UNMAP:
		return do_map(e, true);
	case K_MMIO_READ:
		return do_mmio_read(e);
	case K_MMIO_WRITE:
		return do_mmio_write(e);
	case K_CFG_READ:
		return do_cfg(e, false);
	case K_CFG_WRITE:
		return do_cfg(e, true);
	case K_DMA:
		return do_dma(e);
	case K_INJECT:
		return do_inject(e);
	case K_FREEZE:
		return do_freeze(e);
	case K_FENCE:
		return do_fence(e);
	case K_DMA_FAULT:
		return do_dma_fault(e);
	case K_CHECK:
		return do_check(e);
	case K_RECOVER:
		return do_recover(e);
	case K_FORCE_RECOVER:
		return do_force_recover(e);
	case K_WAIT:
		return e->be.ops->advance(&e->be, sc_num(st, "time"), &e->msg);
	case K_GUEST:
		return do_guest(e);
	case K_SLOT:
		return do_slot(e);
	case K_ASSIGN:
		return do_assign(e, false);
	case K_RELEASE:
		return do_assign(e, true);
	case K_GUEST_WINDOW:
		return do_guest_window(e);
	case K_GUEST_LIOBN:
		return do_guest_liobn(e);
	case K_H_PUT_TCE:
	case K_H_GET_TCE:
	case K_H_PUT_TCE_INDIRECT:
	case K_H_STUFF_TCE:
		return do_hcall(e);
	case K_RACE:
		return do_race(e);
	case K_TCE_LIST:
		return do_tce_list(e);
	case K_GUEST_WRITE:
		return do_guest_write(e);
	case K_GUEST_EEH:
		return do_guest_eeh(e);
	case K_EEH_CONFIG:
		if (sc_num(st, "max_freezes") > 0x7fffffff)
			return eeh_msg_set(&e->msg, -ERANGE, "max_freezes too large");
		return e->be.ops->set_max_freezes(&e->be, (int)sc_num(st, "max_freezes"),
						  &e->msg);
	default:
		return eeh_msg_set(&e->msg, -EOPNOTSUPP, "'%s' is not a step this backend runs",
				   st->kw->name);
	}
}

/* ---- expectations ---- */

/* expect memory: the range it names; *len 0 on error (message in @m) */
static int memory_range(struct exec *e, const struct sc_stmt *x, u64 *pa, u64 *len,
			struct eeh_msg *m)
{
	const struct sc_value *a = arg(x, "addr");
	const char *bytes = sc_str(x, "bytes");
	u64 room;
	int rc;

	*len = 0;
	rc = resolve_addr(e, a, pa, &room, m);
	if (rc)
		return rc;
	if (sc_has(x, "len")) {
		*len = sc_num(x, "len");
	} else if (bytes) {
		u64 n = 0;
		const char *p;

		for (p = bytes; *p; p++)
			if (isxdigit((unsigned char)*p))
				n++;
		if (!strncasecmp(bytes, "0x", 2))
			n--;
		*len = n / 2;
	} else {
		*len = a->buffer ? room : 4096;
	}
	if (!*len)
		return eeh_msg_set(m, -EINVAL, "length 0");
	if (*len > (64ULL << 20))
		return eeh_msg_set(m, -E2BIG, "%llu bytes: at most 64M are compared",
				   (unsigned long long)*len);
	return 0;
}

static int read_mem(struct exec *e, u64 pa, u64 len, u8 **out, struct eeh_msg *m)
{
	u8 *p = malloc(len ? len : 1);
	int rc;

	*out = NULL;
	if (!p)
		return eeh_msg_set(m, -ENOMEM, "out of memory");
	rc = e->be.ops->mem_read(&e->be, pa, p, len, m);
	if (rc) {
		free(p);
		return rc;
	}
	*out = p;
	return 0;
}

/* "nic 0:1fd" names for a PE set, devices of each PE in brackets */
static void pe_set_text(struct exec *e, const struct be_pe_ref *s, int n, char *buf, size_t len)
{
	static struct be_dev devs[MAX_DEVS];
	int nd = e->be.ops->dev_list(&e->be, devs, MAX_DEVS), i, j;
	size_t o = 0;

	buf[0] = 0;
	if (!n) {
		snprintf(buf, len, "none");
		return;
	}
	for (i = 0; i < n && o + 1 < len; i++) {
		const char *name = NULL;

		/* the first endpoint of the PE, else its first bridge */
		for (j = 0; j < nd; j++) {
			if (devs[j].phb != s[i].phb || devs[j].pe != s[i].pe)
				continue;
			if (!name || devs[j].endpoint)
				name = devs[j].name;
			if (devs[j].endpoint)
				break;
		}
		o += snprintf(buf + o, len - o, "%s%x:%x%s%s%s", i ? " " : "", s[i].phb, s[i].pe,
			      name ? " (" : "", name ? name : "", name ? ")" : "");
		if (i == 15 && n > 16) {
			if (o + 1 < len)
				snprintf(buf + o, len - o, " ... %d in all", n);
			return;
		}
	}
}

static int pe_cmp(const void *a, const void *b)
{
	const struct be_pe_ref *x = a, *y = b;

	if (x->phb != y->phb)
		return x->phb - y->phb;
	return x->pe - y->pe;
}

static int pe_set_norm(struct be_pe_ref *s, int n)
{
	int i, o = 0;

	qsort(s, n, sizeof(*s), pe_cmp);
	for (i = 0; i < n; i++)
		if (!o || pe_cmp(&s[o - 1], &s[i]))
			s[o++] = s[i];
	return o;
}

static void check_frozen(struct exec *e, const struct sc_stmt *x)
{
	static struct be_pe_ref want[MAX_FROZEN], saw[MAX_FROZEN];
	static char a[2048], b[2048];
	const struct sc_value *v = arg(x, "pes");
	int nw = 0, ns, i;

	for (i = 0; v && i < v->nwords; i++) {
		const char *w = v->words[i];
		struct sc_value pv = { .raw = (char *)w, .pe_phb = -1, .pe_num = -1 };
		struct eeh_msg m = { "" };
		int phb, pe;

		if (!strcasecmp(w, "none"))
			continue;
		if (strchr(w, ':') && !strchr(w, '.')) {
			char *end;

			pv.pe_phb = (int)strtol(w, &end, 16);
			pv.pe_num = (int)strtol(end + 1, NULL, 16);
		}
		if (resolve_pe(e, &pv, &phb, &pe, NULL, NULL, &m)) {
			failf(e, x, NULL, -1, -1, "%s", m.text);
			return;
		}
		if (nw < MAX_FROZEN) {
			want[nw].phb = phb;
			want[nw].pe = pe;
			nw++;
		}
	}
	nw = pe_set_norm(want, nw);
	ns = e->be.ops->frozen_pes(&e->be, saw, MAX_FROZEN);
	if (ns > MAX_FROZEN)
		ns = MAX_FROZEN;
	ns = pe_set_norm(saw, ns);
	if (ns == nw && !memcmp(want, saw, ns * sizeof(*saw)))
		return;
	pe_set_text(e, saw, ns, a, sizeof(a));
	pe_set_text(e, want, nw, b, sizeof(b));
	failf(e, x, NULL, -1, -1, "saw frozen: %s; expected: %s", a, b);
}

static const char *cb_item(const struct eeh_cb_rec *r, char *buf, size_t len)
{
	const char *st = r->state == EEH_IO_FROZEN ? "frozen" :
			 r->state == EEH_IO_PERM_FAILURE ? "perm_failure" :
			 r->state == EEH_IO_NORMAL ? "normal" : "?";

	switch (r->cb) {
	case EEH_CB_ERROR_DETECTED:
		snprintf(buf, len, "error_detected(%s)", st);
		break;
	case EEH_CB_MMIO_ENABLED:
		snprintf(buf, len, "mmio_enabled");
		break;
	case EEH_CB_SLOT_RESET:
		snprintf(buf, len, "slot_reset");
		break;
	case EEH_CB_RESUME:
		snprintf(buf, len, "resume");
		break;
	case EEH_CB_REMOVE:
		snprintf(buf, len, "remove");
		break;
	case EEH_CB_PROBE:
		snprintf(buf, len, "probe");
		break;
	default:
		snprintf(buf, len, "%s", eeh_cb_name(r->cb));
		break;
	}
	return buf;
}

/* Compare one expected item: names case-insensitive, '-' = '_',
 * "io_frozen" = "frozen" in error_detected(). */
static bool cb_match(const char *want, const char *saw)
{
	char w[64];
	const char *p = strchr(want, '(');

	if (p && !strncasecmp(p + 1, "io_", 3)) {
		snprintf(w, sizeof(w), "%.*s(%s", (int)(p - want), want, p + 4);
		want = w;
	}
	return name_eq(want, saw);
}

static void check_callbacks(struct exec *e, const struct sc_stmt *x)
{
	static struct eeh_cb_rec recs[EEH_CBLOG_MAX];
	const struct sc_value *v = arg(x, "calls");
	char want[1024] = "", saw[1024] = "", item[64], tok[80];
	const char *words[128];
	int nwant = 0, nsaw = 0, n, i, j;
	bool ok = true;
	struct be_dev d;
	struct eeh_msg m = { "" };

	if (e->be.ops->resolve(&e->be, sc_str(x, "dev"), &d, &m)) {
		failf(e, x, NULL, -1, -1, "%s", m.text);
		return;
	}
	/* the words, split again on blanks ("a b c" quoted is three items) */
	{
		static char copy[2048];
		size_t o = 0;

		for (i = 0; v && i < v->nwords; i++) {
			char *p = copy + o, *s;
			size_t l = strlen(v->words[i]);

			if (o + l + 1 > sizeof(copy))
				break;
			memcpy(p, v->words[i], l + 1);
			o += l + 1;
			for (s = strtok(p, " \t"); s && nwant < 128; s = strtok(NULL, " \t"))
				if (strcasecmp(s, "none"))
					words[nwant++] = s;
		}
	}
	n = e->be.ops->cb_since(&e->be, e->cb_seq, recs, EEH_CBLOG_MAX);
	for (i = 0, j = 0; i < n; i++) {
		if (recs[i].phb != d.phb || recs[i].func != d.id)
			continue;
		cb_item(&recs[i], item, sizeof(item));
		if (j >= nwant || !cb_match(words[j], item))
			ok = false;
		j++;
		nsaw++;
		snprintf(tok, sizeof(tok), "%s%s", strlen(saw) ? " " : "", item);
		if (strlen(saw) + strlen(tok) < sizeof(saw) - 8)
			strcat(saw, tok);
	}
	if (nsaw != nwant)
		ok = false;
	if (ok)
		return;
	for (i = 0; i < nwant; i++) {
		snprintf(tok, sizeof(tok), "%s%s", i ? " " : "", words[i]);
		if (strlen(want) + strlen(tok) < sizeof(want) - 8)
			strcat(want, tok);
	}
	failf(e, x, &d, -1, -1, "saw \"%s\"; expected \"%s\"", nsaw ? saw : "none",
	      nwant ? want : "none");
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static void check_memory(struct exec *e, const struct sc_stmt *x, int xi)
{
	const char *bytes = sc_str(x, "bytes");
	bool unchanged = sc_has(x, "unchanged") && sc_num(x, "unchanged");
	bool pattern = sc_has(x, "pattern");
	struct eeh_msg m = { "" };
	u8 *now = NULL, *want = NULL;
	u64 pa, len, i, first = 0, ndiff = 0;
	const char *a = sc_str(x, "addr");

	if ((int)unchanged + (int)pattern + (bytes != NULL) != 1) {
		failf(e, x, NULL, -1, -1,
		      "give exactly one of unchanged, pattern= or bytes=");
		return;
	}
	if (memory_range(e, x, &pa, &len, &m)) {
		failf(e, x, NULL, -1, -1, "%s", m.text);
		return;
	}
	if (unchanged && (!e->snap || !e->snap[xi])) {
		failf(e, x, NULL, -1, -1, "memory before the step could not be read");
		return;
	}
	if (read_mem(e, pa, len, &now, &m)) {
		failf(e, x, NULL, -1, -1, "%s", m.text);
		return;
	}
	if (unchanged) {
		want = e->snap[xi];
		e->snap[xi] = NULL;
	} else {
		want = malloc(len);
		if (!want) {
			free(now);
			failf(e, x, NULL, -1, -1, "out of memory");
			return;
		}
		if (pattern) {
			if (sc_num(x, "pattern") > 0xff) {
				free(now);
				free(want);
				failf(e, x, NULL, -1, -1, "pattern 0x%llx is not a byte",
				      (unsigned long long)sc_num(x, "pattern"));
				return;
			}
			memset(want, (int)sc_num(x, "pattern"), len);
		} else {
			const char *p = bytes;
			u64 n = 0;
			int hi = -1;

			if (!strncasecmp(p, "0x", 2))
				p += 2;
			for (; *p && n < len; p++) {
				int h = hexval((unsigned char)*p);

				if (h < 0) {
					if (strchr(" :_-,", *p))
						continue;
					break;
				}
				if (hi < 0) {
					hi = h;
				} else {
					want[n++] = (u8)(hi << 4 | h);
					hi = -1;
				}
			}
			if (*p || hi >= 0 || n != len) {
				free(now);
				free(want);
				failf(e, x, NULL, -1, -1,
				      "bytes= must be %llu bytes of hex digits, two per byte",
				      (unsigned long long)len);
				return;
			}
		}
	}
	for (i = 0; i < len; i++) {
		if (now[i] != want[i]) {
			if (!ndiff)
				first = i;
			ndiff++;
		}
	}
	if (ndiff)
		failf(e, x, e->has_dev ? &e->dev : NULL, -1, -1,
		      "%llu of %llu bytes differ, first at %s+0x%llx (0x%llx): saw 0x%02x, expected 0x%02x",
		      (unsigned long long)ndiff, (unsigned long long)len, a ? a : "?",
		      (unsigned long long)first, (unsigned long long)(pa + first),
		      now[first], want[first]);
	free(now);
	free(want);
}

/* Resolve the expectation's PE (argument "pe"); on error, report it. */
static bool x_pe(struct exec *e, const struct sc_stmt *x, int *phb, int *pe,
		 struct be_dev *d, bool *is_dev)
{
	struct eeh_msg m = { "" };

	if (resolve_pe(e, arg(x, "pe"), phb, pe, d, is_dev, &m)) {
		failf(e, x, NULL, -1, -1, "%s", m.text);
		return false;
	}
	if (e->be.ops->pe_check(&e->be, *phb, *pe, &m)) {
		failf(e, x, NULL, *phb, *pe, "%s", m.text);
		return false;
	}
	return true;
}

static void check_pe_expect(struct exec *e, const struct sc_stmt *x)
{
	struct be_pe_state ps;
	struct eeh_msg m = { "" };
	struct be_dev d, *dp;
	bool is_dev;
	int phb, pe;

	if (!x_pe(e, x, &phb, &pe, &d, &is_dev))
		return;
	dp = is_dev ? &d : NULL;
	if (e->be.ops->pe_state(&e->be, phb, pe, &ps, &m)) {
		failf(e, x, dp, phb, pe, "%s", m.text);
		return;
	}
	switch (x->kw->id) {
	case K_EXPECT_STATE:
		if ((u64)ps.fw != sc_num(x, "state"))
			failf(e, x, dp, phb, pe, "saw %s (sysfs %s)", eeh_fw_state_name(ps.fw), ps.sysfs);
		break;
	case K_EXPECT_SYSFS: {
		const struct sc_value *v = arg(x, "text");
		char want[256] = "";
		int i;

		for (i = 0; v && i < v->nwords; i++) {
			size_t n = strlen(want);

			snprintf(want + n, sizeof(want) - n, "%s%s", i ? " " : "", v->words[i]);
		}
		if (strcmp(want, ps.sysfs))
			failf(e, x, dp, phb, pe, "saw \"%s\"", ps.sysfs);
		break;
	}
	case K_EXPECT_FREEZES:
		if (ps.freeze_count < 0)
			failf(e, x, dp, phb, pe,
			      "backend %s cannot read freeze counts (sysfs does not show them)",
			      e->be.ops->name);
		else if ((u64)ps.freeze_count != sc_num(x, "count"))
			failf(e, x, dp, phb, pe, "saw %d", ps.freeze_count);
		break;
	case K_EXPECT_COUNTER: {
		char saw[160];
		bool bad = false;

		if (!given(x, "dma-blocked") && !given(x, "stores-dropped") &&
		    !given(x, "loads-ones")) {
			failf(e, x, dp, phb, pe,
			      "name at least one of dma-blocked=, stores-dropped=, loads-ones=");
			break;
		}
		if (given(x, "dma-blocked") && sc_num(x, "dma-blocked") != ps.dma_blocked)
			bad = true;
		if (given(x, "stores-dropped") && sc_num(x, "stores-dropped") != ps.stores_dropped)
			bad = true;
		if (given(x, "loads-ones") && sc_num(x, "loads-ones") != ps.loads_ones)
			bad = true;
		snprintf(saw, sizeof(saw), "dma-blocked=%llu stores-dropped=%llu loads-ones=%llu",
			 (unsigned long long)ps.dma_blocked,
			 (unsigned long long)ps.stores_dropped,
			 (unsigned long long)ps.loads_ones);
		if (bad)
			failf(e, x, dp, phb, pe, "saw %s", saw);
		break;
	}
	default:
		break;
	}
}

static void check_diag(struct exec *e, const struct sc_stmt *x)
{
	struct eeh_diag dg;
	struct be_dev d, *dp;
	bool is_dev, bad = false;
	int phb, pe;
	const char *func = sc_str(x, "func");
	const char *fname;
	char fbuf[16];

	if (!x_pe(e, x, &phb, &pe, &d, &is_dev))
		return;
	dp = is_dev ? &d : NULL;
	if (e->be.ops->diag_last(&e->be, phb, pe, &dg)) {
		failf(e, x, dp, phb, pe, "saw no diag entry for the PE");
		return;
	}
	if (sc_has(x, "cause") && (int)dg.cause != cause_lookup(choice(x, "cause",
							  (int)sc_num(x, "cause"))))
		bad = true;
	if (func) {
		int f = eeh_inj_func_lookup(func);

		if (f < 0) {
			char *end;

			f = (int)strtol(func, &end, 0);
			if (!*func || *end)
				f = -2;
		}
		if (f != dg.func)
			bad = true;
	}
	if (sc_has(x, "severity")) {
		enum eeh_severity s = sc_num(x, "severity") == 0 ? EEH_SEV_PE_ER :
				      EEH_SEV_PHB_FENCED;

		if (s != dg.severity)
			bad = true;
	}
	if (!bad)
		return;
	fname = eeh_inj_func_name(dg.func);
	if (!fname) {
		snprintf(fbuf, sizeof(fbuf), dg.func < 0 ? "none" : "%d", dg.func);
		fname = fbuf;
	}
	failf(e, x, dp, phb, pe, "saw cause=%s func=%s severity=%s (%s)", eeh_cause_name(dg.cause),
	      fname, sev_str(dg.severity), dg.text);
}

static void check_result(struct exec *e, const struct sc_stmt *x)
{
	static const enum eeh_rec_result results[] = {
		EEH_REC_RECOVERED, EEH_REC_PERM_FAILURE, EEH_REC_LEFT_TO_OWNER,
		EEH_REC_PHB_RECOVERED, EEH_REC_NONE,
	};
	const struct eeh_rec_event *ev = NULL;
	struct be_dev d, *dp;
	bool is_dev, bad = false;
	int phb, pe, i;
	enum eeh_rec_result want = results[sc_num(x, "result") % 5], got;
	const char *path;

	if (!x_pe(e, x, &phb, &pe, &d, &is_dev))
		return;
	dp = is_dev ? &d : NULL;
	for (i = 0; i < e->nev && !ev; i++)
		if (e->ev[i].phb == phb && e->ev[i].pe == pe)
			ev = &e->ev[i];
	/* the event of a PE above it (PELT-V: it recovered with its parent) */
	for (i = 0; i < e->nev && !ev; i++)
		if (e->ev[i].phb == phb && e->ev[i].pe >= 0 &&
		    e->be.ops->pe_covers(&e->be, phb, e->ev[i].pe, pe))
			ev = &e->ev[i];
	/* a PHB event (fence) covers every PE of its PHB */
	for (i = 0; i < e->nev && !ev; i++)
		if (e->ev[i].phb == phb && e->ev[i].pe < 0)
			ev = &e->ev[i];
	got = ev ? ev->result : EEH_REC_NONE;
	path = !ev ? "none" : ev->thawed ? "thaw" : ev->resets ? "reset" : "none";
	if (got != want)
		bad = true;
	if (sc_has(x, "path") && strcmp(path, sc_num(x, "path") == 0 ? "thaw" : "reset"))
		bad = true;
	if (sc_has(x, "resets") && (!ev || (u64)ev->resets != sc_num(x, "resets")))
		bad = true;
	if (!bad)
		return;
	if (!e->rec_ran)
		failf(e, x, dp, phb, pe, "saw none: no recover step ran yet");
	else if (!ev)
		failf(e, x, dp, phb, pe, "saw none: the last recover step handled no event for this PE (%d events)",
		      e->nev);
	else if (ev->pe != pe)
		failf(e, x, dp, phb, pe, "saw %s path=%s resets=%d (the event of %s %x:%x: %s)",
		      rec_str(got), path, ev->resets, ev->pe < 0 ? "PHB" : "PE", ev->phb,
		      ev->pe < 0 ? 0 : ev->pe, ev->text);
	else
		failf(e, x, dp, phb, pe, "saw %s path=%s resets=%d (%s)", rec_str(got), path,
		      ev->resets, ev->text);
}

/* ---- guest expectations ---- */

static const int guest_states[] = {
	EEH_PE_STATE_NORMAL, EEH_PE_STATE_RESET, EEH_PE_STATE_STOPPED_IO_DMA,
	EEH_PE_STATE_STOPPED_DMA, EEH_PE_STATE_UNAVAIL,
};

static const char *gstate_name(int s)
{
	static const char *const names[] = {
		[EEH_PE_STATE_NORMAL] = "normal", [EEH_PE_STATE_RESET] = "reset",
		[EEH_PE_STATE_STOPPED_IO_DMA] = "stopped-io-dma", [3] = "3",
		[EEH_PE_STATE_STOPPED_DMA] = "stopped-dma",
		[EEH_PE_STATE_UNAVAIL] = "unavail",
	};

	return s >= 0 && s <= EEH_PE_STATE_UNAVAIL ? names[s] : "?";
}

static void check_race(struct exec *e, const struct sc_stmt *x)
{
	static const long rcs[] = { H_SUCCESS, H_HARDWARE, H_FUNCTION, H_PARAMETER };
	const struct be_race *r = &e->race;
	bool serial = sc_num(x, "order") == 0;

	if (!e->has_race) {
		failf(e, x, NULL, -1, -1, "saw no race: the step ended none");
		return;
	}
	if (r->ab + r->ba + r->same + r->mixed + r->torn != r->rounds)
		failf(e, x, NULL, -1, -1, "the rounds do not add up: %llu of %u judged",
		      (unsigned long long)(r->ab + r->ba + r->same + r->mixed + r->torn),
		      r->rounds);
	if (r->torn)
		failf(e, x, NULL, -1, -1, "%llu of %u rounds left a torn entry: %s",
		      (unsigned long long)r->torn, r->rounds, r->bad);
	if (r->rc_diff)
		failf(e, x, NULL, -1, -1, "%llu of %u rounds answered as no serial order does: %s",
		      (unsigned long long)r->rc_diff, r->rounds, r->bad);
	if (serial && r->mixed)
		failf(e, x, NULL, -1, -1, "%llu of %u rounds ended in a table of neither order: %s",
		      (unsigned long long)r->mixed, r->rounds, r->bad);
	if (sc_has(x, "a") && r->a.rc != rcs[sc_num(x, "a") % 4])
		failf(e, x, NULL, -1, -1, "A alone answered %s", hrc_name(r->a.rc));
	if (sc_has(x, "b") && r->b.rc != rcs[sc_num(x, "b") % 4])
		failf(e, x, NULL, -1, -1, "B alone answered %s", hrc_name(r->b.rc));
}

static void check_guest_expect(struct exec *e, const struct sc_stmt *x, int xi)
{
	struct eeh_msg m = { "" };

	if (!has_guests(e)) {
		failf(e, x, NULL, -1, -1, "backend %s has no guests", e->be.ops->name);
		return;
	}
	switch (x->kw->id) {
	case K_EXPECT_HCALL: {
		static const long rcs[] = { H_SUCCESS, H_HARDWARE, H_FUNCTION, H_PARAMETER };
		long want = rcs[sc_num(x, "rc") % 4];

		if (!e->has_hcall) {
			failf(e, x, NULL, -1, -1, "saw no hypercall: the step made none");
			break;
		}
		if (e->hc.rc != want ||
		    (sc_has(x, "tier") && (u64)e->hc.tier != sc_num(x, "tier")))
			failf(e, x, NULL, -1, -1, "saw %s tier=%s", hrc_name(e->hc.rc),
			      tier_name(e->hc.tier));
		break;
	}
	case K_EXPECT_RACE:
		check_race(e, x);
		break;
	case K_EXPECT_TCE:
		if (!e->has_hcall || e->hc.opcode != H_GET_TCE)
			failf(e, x, NULL, -1, -1, "saw no H_GET_TCE in the step");
		else if (e->hc.rc != H_SUCCESS)
			failf(e, x, NULL, -1, -1, "saw %s: no TCE returned", hrc_name(e->hc.rc));
		else if (e->hc.ret != sc_num(x, "value"))
			failf(e, x, NULL, -1, -1, "saw 0x%lx", e->hc.ret);
		break;
	case K_EXPECT_TIERS: {
		static const char *const f[] = { "real", "virt", "user", "pins", "exits" };
		struct be_guest_stats gs;
		u64 got[5];
		bool bad = false, any = false;
		int i;

		if (e->be.ops->guest_stats(&e->be, sc_str(x, "guest"),
					   sc_has(x, "hcall") ? (int)sc_num(x, "hcall") : -1,
					   &gs, &m)) {
			failf(e, x, NULL, -1, -1, "%s", m.text);
			break;
		}
		got[0] = gs.finished[0];
		got[1] = gs.finished[1];
		got[2] = gs.finished[2];
		got[3] = gs.pins;
		got[4] = gs.exits;
		for (i = 0; i < 5; i++) {
			if (!sc_has(x, f[i]))
				continue;
			any = true;
			if (sc_num(x, f[i]) != got[i])
				bad = true;
		}
		if (!any)
			failf(e, x, NULL, -1, -1, "name at least one of real=, virt=, user=, pins=, exits=");
		else if (bad)
			failf(e, x, NULL, -1, -1, "saw real=%llu virt=%llu user=%llu pins=%llu exits=%llu",
			      (unsigned long long)got[0], (unsigned long long)got[1],
			      (unsigned long long)got[2], (unsigned long long)got[3],
			      (unsigned long long)got[4]);
		break;
	}
	case K_EXPECT_GUEST_STATE: {
		int want = guest_states[sc_num(x, "state") % 5], got, phb, pe;

		if (sc_has(x, "pe")) {
			if (resolve_pe(e, arg(x, "pe"), &phb, &pe, NULL, NULL, &m)) {
				failf(e, x, NULL, -1, -1, "%s", m.text);
				break;
			}
			got = e->be.ops->guest_eeh(&e->be, phb, pe, EEH_VFIO_GET_STATE, 0, 0, 0,
						   0, &m);
			if (got < 0) {
				failf(e, x, NULL, phb, pe, "GET_STATE refused: %s", m.text);
				break;
			}
			if (got != want)
				failf(e, x, NULL, phb, pe, "saw %s (%d)", gstate_name(got), got);
			break;
		}
		if (!e->has_gstate)
			failf(e, x, NULL, -1, -1, "saw no state: the step was no guest-eeh op=get-state");
		else if (e->gstate != want)
			failf(e, x, NULL, -1, -1, "saw %s (%d)", gstate_name(e->gstate), e->gstate);
		break;
	}
	case K_EXPECT_GUEST_MEMORY: {
		u64 len = sc_num(x, "len"), i, first = 0, ndiff = 0;
		u8 *now, want;

		if (sc_has(x, "unchanged") == sc_has(x, "pattern")) {
			failf(e, x, NULL, -1, -1, "give exactly one of unchanged or pattern=");
			break;
		}
		if (!len || len > (64ULL << 20)) {
			failf(e, x, NULL, -1, -1, "len %llu: 1 byte to 64M", (unsigned long long)len);
			break;
		}
		now = malloc(len);
		if (!now || e->be.ops->guest_mem(&e->be, sc_str(x, "guest"), sc_num(x, "gpa"),
						 now, len, false, &m)) {
			failf(e, x, NULL, -1, -1, "%s", now ? m.text : "out of memory");
			free(now);
			break;
		}
		if (sc_has(x, "unchanged") && !(e->snap && e->snap[xi])) {
			failf(e, x, NULL, -1, -1, "could not read the memory before the step");
			free(now);
			break;
		}
		for (i = 0; i < len; i++) {
			want = sc_has(x, "pattern") ? (u8)sc_num(x, "pattern") : e->snap[xi][i];
			if (now[i] != want) {
				if (!ndiff)
					first = i;
				ndiff++;
			}
		}
		if (ndiff)
			failf(e, x, NULL, -1, -1,
			      "%llu of %llu bytes differ, first at gpa 0x%llx: saw 0x%02x, expected 0x%02x",
			      (unsigned long long)ndiff, (unsigned long long)len,
			      (unsigned long long)(sc_num(x, "gpa") + first), now[first],
			      sc_has(x, "pattern") ? (u8)sc_num(x, "pattern") : e->snap[xi][first]);
		free(now);
		break;
	}
	case K_EXPECT_VIOLATION: {
		const char *sub = sc_str(x, "message");

		if (!e->has_viol)
			failf(e, x, NULL, -1, -1, "saw no violation: the invariants held");
		else if (sub && !strstr(e->viol, sub))
			failf(e, x, NULL, -1, -1, "saw \"%s\"", e->viol);
		break;
	}
	default:
		break;
	}
}

static void check_expect(struct exec *e, const struct sc_stmt *x, int xi)
{
	switch (x->kw->id) {
	case K_EXPECT_OK:
		/* a failed step is reported with its own error already */
		break;
	case K_EXPECT_ERROR: {
		const char *name = sc_str(x, "errno"), *sub = sc_str(x, "message");
		int want = name ? errno_value(name) : 0;

		if (!want) {
			failf(e, x, NULL, -1, -1, "unknown errno name '%s'", name ? name : "");
		} else if (!e->rc) {
			failf(e, x, NULL, -1, -1, "saw success");
		} else if (-e->rc != want) {
			failf(e, x, NULL, -1, -1, "saw %s: %s", errno_name(e->rc),
			      e->step_msg.text);
		} else if (sub && !strstr(e->step_msg.text, sub)) {
			failf(e, x, NULL, -1, -1, "saw %s with message \"%s\"", errno_name(e->rc),
			      e->step_msg.text);
		}
		break;
	}
	case K_EXPECT_STATE:
	case K_EXPECT_SYSFS:
	case K_EXPECT_FREEZES:
	case K_EXPECT_COUNTER:
		check_pe_expect(e, x);
		break;
	case K_EXPECT_FROZEN:
		check_frozen(e, x);
		break;
	case K_EXPECT_VALUE:
		if (!e->has_value)
			failf(e, x, NULL, -1, -1, "saw no value: the step read nothing");
		else if (e->value != sc_num(x, "value"))
			failf(e, x, NULL, -1, -1, "saw 0x%llx", (unsigned long long)e->value);
		break;
	case K_EXPECT_DMA: {
		const char *want = choice(x, "outcome", (int)sc_num(x, "outcome"));
		bool bad;

		if (!e->has_dma) {
			failf(e, x, NULL, -1, -1, "saw no DMA: the step did none");
			break;
		}
		bad = strcmp(want, dma_names[e->dma.outcome]) != 0;
		if (sc_has(x, "cause") &&
		    (int)e->dma.cause != cause_lookup(choice(x, "cause", (int)sc_num(x, "cause"))))
			bad = true;
		if (bad)
			failf(e, x, NULL, -1, -1, "saw %s cause=%s", dma_names[e->dma.outcome],
			      eeh_cause_name(e->dma.cause));
		break;
	}
	case K_EXPECT_MEMORY:
		check_memory(e, x, xi);
		break;
	case K_EXPECT_CALLBACKS:
		check_callbacks(e, x);
		break;
	case K_EXPECT_FIRMWARE: {
		const char *want = choice(x, "answer", (int)sc_num(x, "answer"));

		if (!e->fw_known && e->fw_err)
			failf(e, x, NULL, -1, -1, "saw no answer: the injection was refused (%s: %s)",
			      errno_name(e->fw_err), e->fw_msg.text);
		else if (!e->fw_known)
			failf(e, x, NULL, -1, -1, "saw no answer: no injection ran yet");
		else if (strcmp(want, eeh_fw_answer_name(e->fw)))
			failf(e, x, NULL, -1, -1, "saw %s", eeh_fw_answer_name(e->fw));
		break;
	}
	case K_EXPECT_DIAG:
		check_diag(e, x);
		break;
	case K_EXPECT_RESULT:
		check_result(e, x);
		break;
	case K_EXPECT_PRESENT: {
		struct be_dev d;
		struct eeh_msg m = { "" };

		if (e->be.ops->resolve(&e->be, sc_str(x, "dev"), &d, &m)) {
			failf(e, x, NULL, -1, -1, "%s", m.text);
			break;
		}
		if (d.present != (sc_num(x, "present") != 0))
			failf(e, x, &d, -1, -1, "saw %s", d.present ? "yes" : "no");
		break;
	}
	case K_EXPECT_HCALL:
	case K_EXPECT_RACE:
	case K_EXPECT_TCE:
	case K_EXPECT_TIERS:
	case K_EXPECT_GUEST_STATE:
	case K_EXPECT_GUEST_MEMORY:
	case K_EXPECT_VIOLATION:
		check_guest_expect(e, x, xi);
		break;
	default:
		failf(e, x, NULL, -1, -1, "this expectation is not implemented");
		break;
	}
}

/* Before the step: what its expectations need to compare with. */
static void snapshot(struct exec *e, const struct sc_stmt *st)
{
	int i;

	e->snap = calloc(st->nexpects ? st->nexpects : 1, sizeof(*e->snap));
	if (!e->snap)
		return;
	for (i = 0; i < st->nexpects; i++) {
		const struct sc_stmt *x = &st->expects[i];
		struct eeh_msg m = { "" };
		u64 pa, len;

		if (x->kw->id == K_EXPECT_GUEST_MEMORY && sc_has(x, "unchanged") &&
		    e->be.ops->guest_mem) {
			len = sc_num(x, "len");
			if (!len || len > (64ULL << 20))
				continue;
			e->snap[i] = malloc(len);
			if (e->snap[i] && e->be.ops->guest_mem(&e->be, sc_str(x, "guest"),
							       sc_num(x, "gpa"), e->snap[i],
							       len, false, &m)) {
				free(e->snap[i]);
				e->snap[i] = NULL;
			}
			continue;
		}
		if (x->kw->id != K_EXPECT_MEMORY || !sc_has(x, "unchanged") ||
		    !sc_num(x, "unchanged"))
			continue;
		if (memory_range(e, x, &pa, &len, &m))
			continue;
		read_mem(e, pa, len, &e->snap[i], &m);
	}
}

static void snapshot_free(struct exec *e, int n)
{
	int i;

	for (i = 0; e->snap && i < n; i++)
		free(e->snap[i]);
	free(e->snap);
	e->snap = NULL;
}

static bool expects(const struct sc_stmt *st, enum kw_id id)
{
	int i;

	for (i = 0; i < st->nexpects; i++)
		if (st->expects[i].kw->id == id)
			return true;
	return false;
}

static bool expects_error(const struct sc_stmt *st)
{
	return expects(st, K_EXPECT_ERROR);
}

/* Run one step and its expectations; true if all held. */
/*
 * -EOPNOTSUPP from a step this platform cannot do: a real PE's step, or a
 * race with one CPU (unless the scenario expects the error)
 */
static bool cannot_here(const struct exec *e, const struct sc_stmt *st)
{
	return ((e->be.ops->caps & BE_CAP_REAL_PHB) || e->cannot) &&
	       e->rc == -EOPNOTSUPP && !expects_error(st);
}

static bool step(struct exec *e, const struct sc_stmt *st)
{
	int i;

	e->st = st;
	e->rc = 0;
	e->msg.text[0] = 0;
	e->has_dev = false;
	e->has_value = false;
	e->has_dma = false;
	e->has_hcall = false;
	e->has_gstate = false;
	e->has_viol = false;
	e->has_race = false;
	e->cannot = false;
	e->viol[0] = 0;
	e->nfail = 0;
	e->cb_seq = e->be.ops->cb_seq(&e->be);
	snapshot(e, st);

	e->rc = run_step(e);
	if (e->rc > 0)
		e->rc = 0;
	/* a race's call that could not be made: the race is off */
	if (e->rc && e->race_rounds) {
		e->race_rounds = 0;
		e->race_has_a = false;
	}
	if (e->rc && !e->msg.text[0])
		snprintf(e->msg.text, sizeof(e->msg.text), "%s", strerror(-e->rc));
	e->step_msg = e->msg;
	/* what this platform cannot do (a SKIP, run_scenario) */
	if (cannot_here(e, st)) {
		snapshot_free(e, st->nexpects);
		return true;
	}
	if (e->rc && !expects_error(st))
		failf(e, st, NULL, -1, -1, "failed: %s: %s", errno_name(e->rc), e->msg.text);
	/* a refused hypercall is an answer; unexpected, it fails the step */
	if (e->has_hcall && e->hc.rc != H_SUCCESS && !expects(st, K_EXPECT_HCALL))
		failf(e, st, NULL, -1, -1, "the hypercall answered %s (tier %s)",
		      hrc_name(e->hc.rc), tier_name(e->hc.tier));
	/* the isolation invariants, after every step */
	if (e->be.ops->invariants &&
	    e->be.ops->invariants(&e->be, e->viol, sizeof(e->viol))) {
		e->has_viol = true;
		if (!e->viol[0])
			snprintf(e->viol, sizeof(e->viol), "an isolation invariant does not hold");
		if (!expects(st, K_EXPECT_VIOLATION))
			failf(e, st, NULL, -1, -1, "isolation invariant violated: %s", e->viol);
	}
	for (i = 0; i < st->nexpects; i++)
		check_expect(e, &st->expects[i], i);
	snapshot_free(e, st->nexpects);
	return e->nfail == 0;
}

/* ---- requires ---- */

static bool requires_met(const struct exec *e, char *why, size_t len)
{
	const struct backend_ops *ops = e->be.ops;
	size_t o = 0;
	int i;

	why[0] = 0;
	for (i = 0; i < e->sc->nrequires; i++) {
		const char *need = e->sc->requires[i];
		char r[160] = "";

		if (!strncasecmp(need, "backend=", 8)) {
			if (strcasecmp(need + 8, ops->name))
				snprintf(r, sizeof(r), "requires %s (running on backend %s)", need,
					 ops->name);
		} else if (!strcasecmp(need, "real-phb")) {
			if (!(ops->caps & BE_CAP_REAL_PHB))
				snprintf(r, sizeof(r), "requires real-phb: backend %s has no real PHBs",
					 ops->name);
		} else if (!strcasecmp(need, "data-path")) {
			if (!(ops->caps & BE_CAP_DATA_PATH))
				snprintf(r, sizeof(r), "requires data-path: backend %s moves no data",
					 ops->name);
		} else if (!strcasecmp(need, "root")) {
			if (geteuid() != 0)
				snprintf(r, sizeof(r), "requires root: not running as root");
		} else if (!strncasecmp(need, "env=", 4)) {
			if (!getenv(need + 4))
				snprintf(r, sizeof(r), "requires %s: %s is not set", need, need + 4);
		} else {
			snprintf(r, sizeof(r), "requires %s: unknown need", need);
		}
		if (r[0] && o < len)
			o += snprintf(why + o, len - o, "%s%s", o ? "; " : "", r);
	}
	return why[0] == 0;
}

/* ---- a scenario ---- */

static void step_name(const struct exec *e, const struct sc_stmt *st, char *buf, size_t len)
{
	char l[128];

	loc(e, st, l, sizeof(l));
	snprintf(buf, len, "%s: %.900s", l, st->text ? st->text : st->kw->name);
}

static void log_sink(void *ctx, int level, const char *text)
{
	struct ktap *k = ctx;

	(void)level;
	ktap_diag(k, "model: %s", text);
}

/* ---- compare mode: what a scenario did, step by step ---- */

struct step_out {
	char where[320];	/* FILE:LINE */
	enum ktap_result status;
	char *text;		/* its diagnostics (" | "-joined) or skip reason */
};

struct sc_rec {
	FILE *f;		/* the run's KTAP, in memory */
	char *buf;
	size_t size, mark;	/* ... and how much of it is accounted for */
	bool skipped;		/* the scenario: its requires are not met */
	bool open_failed;
	bool failed;
	char why[640];		/* skipped or open_failed: why */
	struct step_out *steps;
	int nsteps;
};

static void rec_mark(struct sc_rec *r)
{
	fflush(r->f);
	r->mark = r->size;
}

/* The step's outcome, with the diagnostics written since the last mark. */
static void rec_step(struct exec *e, const struct sc_stmt *st, enum ktap_result res,
		     const char *why)
{
	struct sc_rec *r = e->rec;
	struct step_out *so;
	char l[128], prefix[1200];
	size_t cap = 1, n = 0, plen;
	const char *p, *end;

	if (!r || r->nsteps >= e->sc->nsteps)
		return;
	fflush(r->f);
	so = &r->steps[r->nsteps++];
	snprintf(so->where, sizeof(so->where), "%s:%d", st->file ? st->file : e->sc->path,
		 st->line);
	so->status = res;
	loc(e, st, l, sizeof(l));
	snprintf(prefix, sizeof(prefix), "%s: %s: ", l, st->text ? st->text : "");
	plen = strlen(prefix);
	p = r->buf ? r->buf + r->mark : "";
	end = r->buf ? r->buf + r->size : p;
	cap += (size_t)(end - p) + (why ? strlen(why) : 0) + 4;
	so->text = malloc(cap);
	if (!so->text) {
		r->mark = r->size;
		return;
	}
	so->text[0] = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *q = p;
		size_t len;

		if (!nl)
			nl = end;
		while (q < nl && *q == ' ')
			q++;
		if (nl - q >= 2 && q[0] == '#' && q[1] == ' ' &&
		    !(nl - q >= 10 && !strncmp(q, "# Subtest:", 10)) &&
		    !((size_t)(nl - q) >= 2 + strlen(MEASURED) &&
		      !strncmp(q + 2, MEASURED, strlen(MEASURED)))) {
			q += 2;
			if ((size_t)(nl - q) >= plen && !strncmp(q, prefix, plen))
				q += plen;
			len = (size_t)(nl - q);
			n += snprintf(so->text + n, cap - n, "%s%.*s", n ? " | " : "", (int)len, q);
		}
		p = nl + 1;
	}
	if (why && why[0])
		snprintf(so->text + n, cap - n, "%s%s", n ? " | " : "", why);
	r->mark = r->size;
}

/*
 * A real-device scenario: a `real` statement, or `requires real-phb`
 * with no emulated topology.
 */
static bool sc_is_real(const struct scenario *sc)
{
	bool needs_real = false;
	int i;

	for (i = 0; i < sc->nsteps; i++) {
		enum kw_id id = sc->steps[i].kw->id;

		if (id == K_REAL)
			return true;
		if (id == K_PHB || id == K_ROOTPORT || id == K_SWITCH || id == K_DEVICE)
			return false;
	}
	for (i = 0; i < sc->nrequires; i++)
		if (!strcasecmp(sc->requires[i], "real-phb"))
			needs_real = true;
	return needs_real;
}

/* The operations that run @sc on @ops; NULL with the reason to skip it. */
static const struct backend_ops *pick_ops(const struct scenario *sc,
					  const struct backend_ops *ops, char *why,
					  size_t len)
{
	struct eeh_msg m = { "" };

	if (!sc_is_real(sc)) {
		if (!(ops->caps & BE_CAP_REAL_ONLY))
			return ops;
		snprintf(why, len, "backend %s drives real PEs only: this scenario builds an emulated topology",
			 ops->name);
		return NULL;
	}
	if (!ops->real) {
		snprintf(why, len, "real devices: backend %s has no real PEs", ops->name);
		return NULL;
	}
	if (ops->real->usable && ops->real->usable(&m)) {
		snprintf(why, len, "real devices: %s", m.text);
		return NULL;
	}
	return ops->real;
}

static void run_scenario(struct ktap *k, struct scenario *sc, const struct run_opts *o,
			 const struct backend_ops *ops, struct sc_rec *rec)
{
	struct exec e;
	struct backend_config cfg = { 0 };
	char why[512], name[1200], first_skip[512] = "";
	int setup_fail = 0, cant_line = 0, ran = 0, i;
	bool raced_out = false;	/* a race this platform cannot run */
	bool failed = false;

	memset(&e, 0, sizeof(e));
	e.k = k;
	e.rec = rec;
	e.o = o;
	e.sc = sc;
	e.rng = o->seed ^ fnv1a(sc->name);
	ops = pick_ops(sc, ops, why, sizeof(why));
	e.be.ops = ops;

	if (!ops || !requires_met(&e, why, sizeof(why))) {
		if (rec) {
			rec->skipped = true;
			snprintf(rec->why, sizeof(rec->why), "%s", why);
		}
		ktap_result(k, KTAP_SKIP, sc->name, why);
		return;
	}
	if (ops->open(&e.be, &cfg, &e.msg)) {
		if (rec) {
			rec->open_failed = rec->failed = true;
			snprintf(rec->why, sizeof(rec->why), "backend %s: %s", ops->name,
				 e.msg.text);
		}
		ktap_diag(k, "backend %s: %s", ops->name, e.msg.text);
		ktap_result(k, KTAP_FAIL, sc->name, NULL);
		return;
	}
	ktap_subtest_begin(k, sc->name, sc->nsteps);
	if (rec)
		rec_mark(rec);
	if (o->verbose)
		eeh_shim_set_log_sink(log_sink, k);
	for (i = 0; i < sc->nsteps; i++) {
		const struct sc_stmt *st = &sc->steps[i];
		bool ok, setup = st->kw->kind == KW_TOPOLOGY || st->kw->id == K_ENUMERATE;

		step_name(&e, st, name, sizeof(name));
		if (setup_fail) {
			snprintf(why, sizeof(why), "setup failed at line %d", setup_fail);
			ktap_result(k, KTAP_SKIP, name, why);
			rec_step(&e, st, KTAP_SKIP, why);
			continue;
		}
		if (cant_line) {
			snprintf(why, sizeof(why), "line %d cannot run here", cant_line);
			ktap_result(k, KTAP_SKIP, name, why);
			rec_step(&e, st, KTAP_SKIP, why);
			continue;
		}
		if (st->kw->kind == KW_STEP && st->kw->id != K_ENUMERATE && !e.enumerated) {
			/* the first action step implies the enumeration */
			e.st = st;
			e.has_dev = false;
			e.msg.text[0] = 0;
			e.nfail = 0;
			e.rc = do_enumerate(&e);
			if (e.rc) {
				failf(&e, st, NULL, -1, -1, "implicit enumerate failed: %s: %s",
				      errno_name(e.rc), e.msg.text);
				ktap_result(k, KTAP_FAIL, name, NULL);
				rec_step(&e, st, KTAP_FAIL, NULL);
				failed = true;
				setup_fail = st->line;
				continue;
			}
		}
		ok = step(&e, st);
		if (st->kw->id == K_ENUMERATE && !e.rc)
			e.enumerated = true;
		/* a step this platform cannot do: it and the rest skip */
		if (cannot_here(&e, st)) {
			snprintf(why, sizeof(why), "%s", e.step_msg.text);
			ktap_result(k, KTAP_SKIP, name, why);
			rec_step(&e, st, KTAP_SKIP, why);
			cant_line = st->line;
			/* a race is what its scenario is for: it skips whole */
			if (!ran || e.cannot) {
				snprintf(first_skip, sizeof(first_skip), "%s", why);
				raced_out = ran != 0;
			}
			continue;
		}
		ran++;
		ktap_result(k, ok ? KTAP_PASS : KTAP_FAIL, name, NULL);
		rec_step(&e, st, ok ? KTAP_PASS : KTAP_FAIL, NULL);
		if (!ok) {
			failed = true;
			if (setup)
				setup_fail = st->line;
		}
	}
	if (o->verbose) {
		eeh_shim_set_log_sink(NULL, NULL);
		backend_kernel_describe(&e.be, why, sizeof(why));
		if (why[0])
			ktap_diag(k, "%s", why);
	}
	ktap_subtest_end(k);
	/* nothing could run here (its first step skipped): the scenario too */
	if (!failed && (!ran || raced_out) && first_skip[0])
		ktap_result(k, KTAP_SKIP, sc->name, first_skip);
	else
		ktap_result(k, failed ? KTAP_FAIL : KTAP_PASS, sc->name, NULL);
	if (rec)
		rec->failed = failed;

	ops->close(&e.be);
	for (i = 0; i < e.nbufs; i++)
		free(e.bufs[i].name);
	free(e.bufs);
}

int runner_run(struct scenario *scs, int n, const struct run_opts *o, FILE *out)
{
	static const struct run_opts defaults = { .backend = "model" };
	const struct backend_ops *ops;
	struct ktap k;
	int i;

	if (!o)
		o = &defaults;
	ops = runner_backend_lookup(o->backend);
	if (!ops) {
		fprintf(stderr, "eehlab: unknown backend '%s' (known:", o->backend);
		for (i = 0; runner_backends[i]; i++)
			fprintf(stderr, " %s", runner_backends[i]);
		fprintf(stderr, ")\n");
		return 2;
	}
	ktap_init(&k, out);
	ktap_header(&k, n);
	ktap_diag(&k, "eehlab %s, backend %s, seed %llu", EEHLAB_VERSION, ops->name,
		  (unsigned long long)o->seed);
	for (i = 0; i < n; i++)
		run_scenario(&k, &scs[i], o, ops, NULL);
	ktap_totals(&k);
	return ktap_exit_code(&k);
}

/* ---- compare mode ---- */

/* Run @sc on @ops silently, recording every step. */
static void record(struct scenario *sc, const struct run_opts *o, const struct backend_ops *ops,
		   struct sc_rec *r)
{
	struct run_opts quiet = *o;
	struct ktap k;

	memset(r, 0, sizeof(*r));
	r->steps = calloc(sc->nsteps ? sc->nsteps : 1, sizeof(*r->steps));
	r->f = open_memstream(&r->buf, &r->size);
	if (!r->steps || !r->f) {
		perror("eehlab");
		exit(1);
	}
	quiet.verbose = false;	/* the model's log lines are the model's own */
	ktap_init(&k, r->f);
	run_scenario(&k, sc, &quiet, ops, r);
	fclose(r->f);
	r->f = NULL;
}

static void rec_free(struct sc_rec *r)
{
	int i;

	for (i = 0; i < r->nsteps; i++)
		free(r->steps[i].text);
	free(r->steps);
	free(r->buf);
	memset(r, 0, sizeof(*r));
}

/* "ok", "not ok: <diagnostics>", "skip: <reason>" */
static void outcome_text(const struct step_out *so, char *buf, size_t len)
{
	static const char *const word[] = {
		[KTAP_PASS] = "ok", [KTAP_FAIL] = "not ok", [KTAP_SKIP] = "skip",
		[KTAP_XFAIL] = "xfail",
	};
	const char *t = so && so->text ? so->text : "";

	if (!so) {
		snprintf(buf, len, "(no such step)");
		return;
	}
	snprintf(buf, len, "%s%s%.1500s", word[so->status], t[0] ? ": " : "", t);
}

static bool step_same(const struct step_out *a, const struct step_out *b)
{
	return a->status == b->status && !strcmp(a->text ? a->text : "", b->text ? b->text : "");
}

int runner_compare(struct scenario *scs, int n, const struct run_opts *o,
		   const struct backend_ops *oracle, const struct backend_ops *other, FILE *out)
{
	static const struct run_opts defaults = { .backend = "model" };
	long steps = 0, diffs = 0;
	int i, j, oracle_failed = 0, compared = 0;
	struct ktap k;

	if (!o)
		o = &defaults;
	ktap_init(&k, out);
	ktap_header(&k, n);
	ktap_diag(&k, "eehlab %s, compare %s (the oracle) with %s, seed %llu", EEHLAB_VERSION,
		  oracle->name, other->name, (unsigned long long)o->seed);
	for (i = 0; i < n; i++) {
		struct scenario *sc = &scs[i];
		struct sc_rec a, b;
		char ta[1800], tb[1800], why[1400];
		long d = 0;

		record(sc, o, oracle, &a);
		record(sc, o, other, &b);
		if (a.skipped || b.skipped) {
			snprintf(why, sizeof(why), "%s: %s", a.skipped ? oracle->name : other->name,
				 a.skipped ? a.why : b.why);
			ktap_result(&k, KTAP_SKIP, sc->name, why);
			rec_free(&a);
			rec_free(&b);
			continue;
		}
		compared++;
		if (a.open_failed || b.open_failed) {
			if (!a.open_failed || !b.open_failed || strcmp(a.why, b.why)) {
				ktap_diag(&k, "differs at %s: %s: %s / %s: %s", sc->path, oracle->name,
					  a.open_failed ? a.why : "opened", other->name,
					  b.open_failed ? b.why : "opened");
				d++;
			}
		} else {
			for (j = 0; j < a.nsteps || j < b.nsteps; j++) {
				const struct step_out *sa = j < a.nsteps ? &a.steps[j] : NULL;
				const struct step_out *sb = j < b.nsteps ? &b.steps[j] : NULL;

				steps++;
				if (sa && sb && step_same(sa, sb))
					continue;
				outcome_text(sa, ta, sizeof(ta));
				outcome_text(sb, tb, sizeof(tb));
				ktap_diag(&k, "differs at %s: %s: %s / %s: %s",
					  sa ? sa->where : sb->where, oracle->name, ta, other->name, tb);
				d++;
			}
		}
		if (a.failed) {
			oracle_failed++;
			if (!d)
				ktap_diag(&k, "%s fails on both backends alike", sc->name);
		}
		diffs += d;
		ktap_result(&k, d ? KTAP_FAIL : KTAP_PASS, sc->name, NULL);
		rec_free(&a);
		rec_free(&b);
	}
	ktap_diag(&k, "compare: %d scenario%s, %ld step%s, %ld difference%s", compared,
		  compared == 1 ? "" : "s", steps, steps == 1 ? "" : "s", diffs,
		  diffs == 1 ? "" : "s");
	if (oracle_failed)
		ktap_diag(&k, "compare: %d scenario%s failed on the oracle %s", oracle_failed,
			  oracle_failed == 1 ? "" : "s", oracle->name);
	ktap_totals(&k);
	if (diffs || oracle_failed)
		return 1;
	return compared ? 0 : 4;
}

/* ---- eehlab list: a scenario's topology on the model ---- */

/* The PE a freeze of which takes @pe along and that is the nearest: the
 * covering PE that the most other covering PEs cover. -1: none. */
static int model_parent_pe(struct exec *e, int phb, int pe, const int *pes, int n)
{
	int i, j, best = -1, best_depth = -1;

	for (i = 0; i < n; i++) {
		int depth = 0;

		if (pes[i] == pe || !e->be.ops->pe_covers(&e->be, phb, pes[i], pe))
			continue;
		for (j = 0; j < n; j++)
			if (j != i && pes[j] != pe &&
			    e->be.ops->pe_covers(&e->be, phb, pes[j], pes[i]))
				depth++;
		if (depth > best_depth) {
			best_depth = depth;
			best = pes[i];
		}
	}
	return best;
}

/* Index in @l of PE @addr on @domain (not the PHB PE), -1: none */
static int rl_find(const struct rl_list *l, int domain, int addr)
{
	int i;

	for (i = 0; i < l->npe; i++)
		if (l->pe[i].domain == domain && (int)l->pe[i].addr == addr &&
		    !(l->pe[i].type & EEHLAB_REAL_PE_TYPE_PHB))
			return i;
	return -1;
}

/* One PHB of the model: its PHB PE, its PEs (parents first) and functions. */
static int model_tree_phb(struct exec *e, struct rl_list *l, struct rl_phb *ph,
			  const struct be_dev *devs, int ndev)
{
	int pes[EEH_MAX_FUNCS], parent[EEH_MAX_FUNCS], npes = 0, i, j, root, done;
	struct rl_pe rp = { .domain = ph->domain, .type = EEHLAB_REAL_PE_TYPE_PHB,
			    .parent = -1 };

	for (i = 0; i < ndev; i++) {
		if (devs[i].phb != ph->domain || devs[i].pe < 0)
			continue;
		for (j = 0; j < npes && pes[j] != devs[i].pe; j++)
			;
		if (j == npes && npes < EEH_MAX_FUNCS)
			pes[npes++] = devs[i].pe;
	}
	for (i = 0; i < npes; i++)
		parent[i] = model_parent_pe(e, ph->domain, pes[i], pes, npes);
	ph->pes = npes + 1;
	if (rl_add_phb(l, ph))
		return -ENOMEM;
	root = l->npe;
	if (rl_add_pe(l, &rp))
		return -ENOMEM;
	/* parents first: add a PE once its parent is in */
	for (done = 0; done < npes;) {
		int added = 0;

		for (i = 0; i < npes; i++) {
			struct be_pe_state st;
			struct rl_pe p = { .domain = ph->domain, .addr = (u32)pes[i] };
			struct eeh_msg m;
			bool bus = false;
			int k, slot = -1;

			if (rl_find(l, ph->domain, pes[i]) >= 0)
				continue;
			p.parent = parent[i] < 0 ? root : rl_find(l, ph->domain, parent[i]);
			if (p.parent < 0)
				continue;
			for (k = 0; k < ndev; k++) {
				if (devs[k].phb != ph->domain || devs[k].pe != pes[i])
					continue;
				if (!devs[k].endpoint ||
				    (slot >= 0 && slot != (devs[k].bus << 8 | (devs[k].devfn >> 3))))
					bus = true;
				slot = devs[k].bus << 8 | (devs[k].devfn >> 3);
			}
			p.type = bus ? EEHLAB_REAL_PE_TYPE_BUS : EEHLAB_REAL_PE_TYPE_DEVICE;
			memset(&st, 0, sizeof(st));
			if (e->be.ops->pe_state(&e->be, ph->domain, pes[i], &st, &m)) {
				p.state = -EIO;
			} else {
				p.state = eeh_vfio_state_from_linux(st.linux_bits);
				p.flags = st.sw_state;
				p.freeze_count = (u32)st.freeze_count;
			}
			if (rl_add_pe(l, &p))
				return -ENOMEM;
			added++;
			done++;
		}
		if (!added)
			break;
	}
	for (i = 0; i < ndev; i++) {
		const struct be_dev *d = &devs[i];
		struct rl_dev rd = { .domain = d->phb };
		struct eeh_msg m;
		u32 v = 0;

		if (d->phb != ph->domain)
			continue;
		snprintf(rd.bdf, sizeof(rd.bdf), "%s", d->bdf);
		snprintf(rd.name, sizeof(rd.name), "%s", d->name);
		if (d->bound)
			snprintf(rd.driver, sizeof(rd.driver), "model");
		if (!e->be.ops->cfg_read(&e->be, d, 0, 4, &v, &m)) {
			rd.vendor = (u16)v;
			rd.device = (u16)(v >> 16);
		}
		if (!e->be.ops->cfg_read(&e->be, d, 8, 4, &v, &m))
			rd.class_code = v >> 8;
		rd.pe = d->pe < 0 ? -1 : rl_find(l, d->phb, d->pe);
		if (rl_add_dev(l, &rd))
			return -ENOMEM;
	}
	return 0;
}

int runner_model_tree(struct scenario *sc, const struct run_opts *o,
		      struct rl_list *l, char *err, size_t len)
{
	struct backend_config cfg = { 0 };
	struct rl_phb phbs[EEH_MAX_PHBS];
	struct be_dev *devs = NULL;
	int nphb = 0, ndev, i, rc = 0;
	struct exec e;

	memset(&e, 0, sizeof(e));
	memset(l, 0, sizeof(*l));
	e.o = o;
	e.sc = sc;
	e.be.ops = &backend_model_ops;
	e.rng = o->seed ^ fnv1a(sc->name);
	snprintf(l->platform, sizeof(l->platform), "the eehlab model");
	if (e.be.ops->open(&e.be, &cfg, &e.msg)) {
		snprintf(err, len, "backend model: %s", e.msg.text);
		return -EIO;
	}
	for (i = 0; i < sc->nsteps; i++) {
		const struct sc_stmt *st = &sc->steps[i];
		int id = st->kw->id;

		if (id != K_PHB && id != K_ROOTPORT && id != K_SWITCH &&
		    id != K_DEVICE && id != K_ENUMERATE)
			continue;
		e.st = st;
		e.has_dev = false;
		e.msg.text[0] = 0;
		if (run_step(&e))
			continue;	/* a step the scenario expects to fail */
		if (id == K_PHB && nphb < EEH_MAX_PHBS) {
			memset(&phbs[nphb], 0, sizeof(phbs[nphb]));
			phbs[nphb].domain = (int)sc_num(st, "index");
			snprintf(phbs[nphb].model, sizeof(phbs[nphb].model), "%s",
				 sc_num(st, "model") == 0 ? "phb3" : "phb4");
			phbs[nphb].num_pes = (u32)sc_num(st, "pes");
			nphb++;
		}
	}
	if (!e.enumerated && do_enumerate(&e)) {
		snprintf(err, len, "enumerate: %s", e.msg.text);
		rc = -EINVAL;
		goto out;
	}
	devs = calloc(MAX_DEVS, sizeof(*devs));
	if (!devs) {
		rc = -ENOMEM;
		snprintf(err, len, "out of memory");
		goto out;
	}
	ndev = e.be.ops->dev_list(&e.be, devs, MAX_DEVS);
	for (i = 0; i < nphb && !rc; i++)
		rc = model_tree_phb(&e, l, &phbs[i], devs, ndev);
	if (rc)
		snprintf(err, len, "out of memory");
out:
	free(devs);
	e.be.ops->close(&e.be);
	for (i = 0; i < e.nbufs; i++)
		free(e.bufs[i].name);
	free(e.bufs);
	return rc;
}
