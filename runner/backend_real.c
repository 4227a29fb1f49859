// SPDX-License-Identifier: GPL-2.0-only
/*
 * Real PEs: the operations that run real-device scenarios (`real NAME
 * BDF`, or `requires real-phb` with no emulated topology) on the PCI
 * functions of a PowerNV host and the real Linux EEH core.
 *
 * Two ways in, one table each:
 * - "kernel" (backend_kernel_ops.real): through the eehlab module's
 *   REAL_* commands: the emulated freeze (PEST A/B and PEEV),
 *   eeh_pe_inject_err(), eeh_dev_check_failure(), the freeze counts of
 *   REAL_LIST and the edu driver's DMA round trip;
 * - "host" (--backend host): without the module, through the kernel's
 *   own files: debugfs powerpc/PCIxxxx/err_injct, eeh_dev_check,
 *   eeh_dev_break and eeh_max_freezes.
 * Both read the PE state from sysfs (eeh_pe_config_addr, eeh_pe_state),
 * config space from sysfs (config), and what the EEH core did from the
 * kernel log (runner/kmsg.h): firmware's answers, the detected freezes,
 * the driver callbacks and the recovery results.
 *
 * What a platform cannot do answers -EOPNOTSUPP with the reason, which
 * the executor reports as a SKIP (QEMU powernv freezes nothing through
 * eeh_dev_break, models no data path, and time is not virtual here).
 * EEHLAB_SYSFS names another sysfs root (the unit tests' fake tree).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <time.h>
#include <unistd.h>

#include "backend.h"
#include "backend_kernel.h"
#include "backend_real.h"
#include "exec.h"
#include "kmsg.h"
#include "eehlab/linux_eeh.h"
#include "uapi/linux/eehlab.h"

#define RB_MAX_DEVS	64
#define RB_MAX_CB	512
#define RB_MAX_PEND	32
#define RB_MAX_OUT	128
/* how long `recover` waits for the EEH core, and for a freeze to show */
#define RB_RECOVER_MS	120000
#define RB_DETECT_MS	3000
#define RB_POLL_MS	20
#define RB_ROOT_LEN	256

struct rb_dev {
	char name[EEH_NAME_LEN];
	char bdf[16];
	int domain;
	int pe;			/* last seen: kept after a removal */
};

/* A PE this scenario froze, waiting for `recover` */
struct rb_pend {
	int domain, pe;
	struct timespec t0;
};

/* What the kernel log said of a PE */
struct rb_out {
	int domain, pe;
	bool frozen, reset, recovered, failed;
	int freezes;
	char how[64];
};

struct rb {
	bool kernel;		/* through the module; else the kernel's own files */
	char sys[RB_ROOT_LEN];
	struct rb_dev dev[RB_MAX_DEVS];
	int ndev;
	struct kmsg *km;
	char km_why[EEH_MSG_LEN];
	/* the kernel log, drained */
	struct eeh_cb_rec cb[RB_MAX_CB];
	int ncb;
	u64 cb_seq;
	int cb_open[RB_MAX_DEVS];	/* the pending "Invoking" record per device, -1 */
	struct rb_out out[RB_MAX_OUT];
	int nout;
	int cur;		/* the out[] of the event being handled, -1 */
	bool have_fw;
	struct kmsg_fw fw;
	struct rb_pend pend[RB_MAX_PEND];
	int npend;
	/* eeh_max_freezes before the scenario changed it; -1 unchanged */
	int saved_max;
};

static struct rb *RB(struct backend *b)
{
	return b->priv;
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* ---- sysfs and debugfs ---- */

static const char *sys_root(void)
{
	const char *r = getenv("EEHLAB_SYSFS");

	return r && *r ? r : "/sys";
}

/* The first line of a file, without its newline: 0, or -errno. */
static int read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return -errno;
	if (!fgets(buf, (int)len, f)) {
		fclose(f);
		buf[0] = 0;
		return -EIO;
	}
	fclose(f);
	n = strlen(buf);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = 0;
	return 0;
}

/* Write @text to @path in one write(): 0, or -errno (the kernel's answer). */
static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY), rc = 0;
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	if (n < 0)
		rc = -errno;
	else if ((size_t)n != strlen(text))
		rc = -EIO;
	if (close(fd) && !rc)
		rc = -errno;
	return rc;
}

static void dev_path(const struct rb *r, const char *bdf, const char *file, char *buf,
		     size_t len)
{
	snprintf(buf, len, "%s/bus/pci/devices/%s%s%s", r->sys, bdf, file ? "/" : "",
		 file ? file : "");
}

static void dbg_path(const struct rb *r, const char *file, char *buf, size_t len)
{
	snprintf(buf, len, "%s/kernel/debug/powerpc/%s", r->sys, file);
}

static bool dev_exists(const struct rb *r, const char *bdf)
{
	char p[PATH_MAX];

	dev_path(r, bdf, NULL, p, sizeof(p));
	return access(p, F_OK) == 0;
}

/* A sysfs number of the function (hex with 0x, or decimal): 0 or -errno */
static int dev_num(const struct rb *r, const char *bdf, const char *file, unsigned long *v)
{
	char p[PATH_MAX], line[64], *end;

	dev_path(r, bdf, file, p, sizeof(p));
	if (read_line(p, line, sizeof(line)))
		return -ENOENT;
	errno = 0;
	*v = strtoul(line, &end, 0);
	return errno || end == line ? -EINVAL : 0;
}

/* The function's PE address (eeh_pe_config_addr); -1: none, or gone */
static int dev_pe(const struct rb *r, const char *bdf)
{
	unsigned long v;

	return dev_num(r, bdf, "eeh_pe_config_addr", &v) ? -1 : (int)v;
}

/* eeh_pe_state: "0x%08x 0x%08x", eeh_ops->get_state() and pe->state */
static int dev_state(const struct rb *r, const char *bdf, u32 *bits, u32 *flags,
		     char *text, size_t len)
{
	char p[PATH_MAX], line[64];
	unsigned int a, b;

	dev_path(r, bdf, "eeh_pe_state", p, sizeof(p));
	if (read_line(p, line, sizeof(line)) || sscanf(line, "%x %x", &a, &b) != 2)
		return -ENOENT;
	*bits = a;
	*flags = b;
	if (text)
		snprintf(text, len, "%.31s", line);
	return 0;
}

/* "DDDD:BB:DD.F" -> domain, bus, devfn; false when it is not one */
static bool bdf_split(const char *bdf, int *domain, int *bus, int *devfn)
{
	unsigned int d, b, s, f;
	char tail;

	if (strlen(bdf) != 12 || sscanf(bdf, "%4x:%2x:%2x.%1u%c", &d, &b, &s, &f, &tail) != 4 ||
	    s > 31 || f > 7)
		return false;
	*domain = (int)d;
	*bus = (int)b;
	*devfn = (int)(s << 3 | f);
	return true;
}

/*
 * Every PCI function in sysfs: @fn(ctx, bdf) for each, in directory
 * order; stops when @fn returns true (and returns true).
 */
static bool each_function(const struct rb *r, bool (*fn)(void *ctx, const char *bdf),
			  void *ctx)
{
	char p[PATH_MAX];
	struct dirent *de;
	bool stop = false;
	DIR *d;

	snprintf(p, sizeof(p), "%s/bus/pci/devices", r->sys);
	d = opendir(p);
	if (!d)
		return false;
	while (!stop && (de = readdir(d)))
		if (strlen(de->d_name) == 12 && de->d_name[4] == ':')
			stop = fn(ctx, de->d_name);
	closedir(d);
	return stop;
}

struct pe_find {
	const struct rb *r;
	int domain, pe;
	char bdf[16];
};

static bool pe_find_fn(void *ctx, const char *bdf)
{
	struct pe_find *f = ctx;
	int d, b, df;

	if (!bdf_split(bdf, &d, &b, &df) || d != f->domain || dev_pe(f->r, bdf) != f->pe)
		return false;
	snprintf(f->bdf, sizeof(f->bdf), "%s", bdf);
	return true;
}

/* A function of PE @domain:@pe, into @bdf: 0, or -ENODEV */
static int pe_function(const struct rb *r, int domain, int pe, char *bdf, size_t len)
{
	struct pe_find f = { .r = r, .domain = domain, .pe = pe };

	if (!each_function(r, pe_find_fn, &f))
		return -ENODEV;
	snprintf(bdf, len, "%s", f.bdf);
	return 0;
}

/* ---- the kernel log ---- */

static int dev_index(const struct rb *r, const char *bdf)
{
	int i;

	for (i = 0; i < r->ndev; i++)
		if (!strcmp(r->dev[i].bdf, bdf))
			return i;
	return -1;
}

static struct rb_out *out_get(struct rb *r, int domain, int pe)
{
	int i;

	for (i = 0; i < r->nout; i++)
		if (r->out[i].domain == domain && r->out[i].pe == pe)
			return &r->out[i];
	if (r->nout == RB_MAX_OUT)
		return NULL;
	memset(&r->out[r->nout], 0, sizeof(r->out[0]));
	r->out[r->nout].domain = domain;
	r->out[r->nout].pe = pe;
	return &r->out[r->nout++];
}

static void log_record(void *ctx, const char *text)
{
	struct rb *r = ctx;
	struct kmsg_cb c;
	struct kmsg_pe p;
	struct kmsg_fw fw;
	struct rb_out *o;
	int i;

	if (kmsg_parse_fw(text, &fw)) {
		r->fw = fw;
		r->have_fw = true;
		return;
	}
	if (kmsg_parse_pe(text, &p)) {
		if (p.what == KMSG_PE_FROZEN) {
			o = out_get(r, p.domain, (int)p.pe);
			r->cur = o ? (int)(o - r->out) : -1;
			if (o) {
				o->frozen = true;
				o->recovered = o->failed = o->reset = false;
				o->freezes++;
				o->how[0] = 0;
			}
			return;
		}
		/* "Recovery successful." names no PE: the event being handled */
		o = p.domain >= 0 ? out_get(r, p.domain, (int)p.pe) :
		    r->cur >= 0 ? &r->out[r->cur] : NULL;
		if (!o)
			return;
		if (p.what == KMSG_PE_RECOVERED)
			o->recovered = true;
		else
			o->failed = true;
		return;
	}
	if (strstr(text, "EEH: Reset with hotplug activity") ||
	    strstr(text, "EEH: Reset without hotplug activity")) {
		if (r->cur >= 0) {
			r->out[r->cur].reset = true;
			snprintf(r->out[r->cur].how, sizeof(r->out[0].how), "%s",
				 strstr(text, "Reset "));
		}
		return;
	}
	if (!kmsg_parse_cb(text, &c))
		return;
	i = dev_index(r, c.bdf);
	if (i < 0)
		return;
	if (!c.reply) {
		if (r->ncb == RB_MAX_CB)
			return;
		memset(&r->cb[r->ncb], 0, sizeof(r->cb[0]));
		r->cb[r->ncb].seq = ++r->cb_seq;
		r->cb[r->ncb].phb = r->dev[i].domain;
		r->cb[r->ncb].func = i;
		r->cb[r->ncb].cb = c.cb;
		r->cb[r->ncb].state = c.cb == EEH_CB_ERROR_DETECTED ? c.state : 0;
		r->cb_open[i] = r->ncb++;
	} else if (r->cb_open[i] >= 0) {
		r->cb[r->cb_open[i]].result = c.result;
		r->cb_open[i] = -1;
	}
}

static void drain(struct rb *r)
{
	if (r->km)
		kmsg_read(r->km, log_record, r);
}

/* ---- open, close, usable ---- */

static int rb_open(struct backend *b, bool kernel, struct eeh_msg *msg)
{
	struct eeh_msg m = { "" };
	struct rb *r = calloc(1, sizeof(*r));
	int i;

	if (!r)
		return eeh_msg_set(msg, -ENOMEM, "out of memory");
	r->kernel = kernel;
	if (strlen(sys_root()) >= sizeof(r->sys)) {
		free(r);
		return eeh_msg_set(msg, -ENAMETOOLONG, "EEHLAB_SYSFS is too long");
	}
	snprintf(r->sys, sizeof(r->sys), "%s", sys_root());
	r->cur = -1;
	r->saved_max = -1;
	for (i = 0; i < RB_MAX_DEVS; i++)
		r->cb_open[i] = -1;
	if (kmsg_open(&r->km, &m)) {
		r->km = NULL;
		snprintf(r->km_why, sizeof(r->km_why), "%s", m.text);
	}
	b->priv = r;
	return 0;
}

static int rk_open(struct backend *b, const struct backend_config *cfg, struct eeh_msg *msg)
{
	(void)cfg;
	return rb_open(b, true, msg);
}

static int rh_open(struct backend *b, const struct backend_config *cfg, struct eeh_msg *msg)
{
	(void)cfg;
	return rb_open(b, false, msg);
}

static void rb_close(struct backend *b)
{
	struct rb *r = RB(b);
	char p[PATH_MAX], v[16];

	if (!r)
		return;
	if (r->saved_max >= 0) {
		dbg_path(r, "eeh_max_freezes", p, sizeof(p));
		snprintf(v, sizeof(v), "%d", r->saved_max);
		if (write_text(p, v))
			fprintf(stderr, "eehlab: could not restore %s to %d\n", p, r->saved_max);
	}
	if (r->km)
		kmsg_close(r->km);
	free(r);
	b->priv = NULL;
}

static bool any_pe_fn(void *ctx, const char *bdf)
{
	return dev_pe(ctx, bdf) >= 0;
}

static int rh_usable(struct eeh_msg *msg)
{
	struct rb r = { 0 };

	snprintf(r.sys, sizeof(r.sys), "%s", sys_root());
	if (!each_function(&r, any_pe_fn, &r))
		return eeh_msg_set(msg, -EOPNOTSUPP,
				   "no EEH here: no PCI function has eeh_pe_config_addr in sysfs");
	return 0;
}

static int rk_usable(struct eeh_msg *msg)
{
	struct rl_list l = { 0 };
	int rc = backend_kernel_real_list(&l, msg);

	if (!rc && strcmp(l.platform, "powernv"))
		rc = eeh_msg_set(msg, -EOPNOTSUPP, "%s", l.platform[0] ? l.platform :
				 "the module reports no real PHBs");
	rl_free(&l);
	return rc;
}

/* ---- devices ---- */

static void fill_dev(struct rb *r, int i, struct be_dev *d)
{
	struct rb_dev *rd = &r->dev[i];
	unsigned long cls = 0, ven = 0, dv = 0;
	char p[PATH_MAX];
	int dom, pe;

	memset(d, 0, sizeof(*d));
	d->id = i;
	d->phb = rd->domain;
	if (!bdf_split(rd->bdf, &dom, &d->bus, &d->devfn))
		d->bus = d->devfn = -1;
	pe = dev_pe(r, rd->bdf);
	if (pe >= 0)
		rd->pe = pe;
	d->pe = rd->pe;
	d->present = dev_exists(r, rd->bdf);
	if (d->present) {
		dev_num(r, rd->bdf, "class", &cls);
		dev_num(r, rd->bdf, "vendor", &ven);
		dev_num(r, rd->bdf, "device", &dv);
		dev_path(r, rd->bdf, "driver", p, sizeof(p));
		d->bound = access(p, F_OK) == 0;
	}
	d->endpoint = (cls >> 16) != 0x06;
	d->edu = ven == 0x1234 && dv == 0x11e8;
	snprintf(d->name, sizeof(d->name), "%s", rd->name);
	snprintf(d->bdf, sizeof(d->bdf), "%s", rd->bdf);
}

static int add_dev(struct rb *r, const char *name, const char *bdf, struct eeh_msg *msg)
{
	int dom, bus, devfn, i;

	if (!bdf_split(bdf, &dom, &bus, &devfn))
		return eeh_msg_set(msg, -EINVAL, "'%s' is not a BDF (DDDD:BB:DD.F)", bdf);
	for (i = 0; i < r->ndev; i++)
		if (!strcmp(r->dev[i].bdf, bdf) && !strcmp(r->dev[i].name, name))
			return i;
	if (!dev_exists(r, bdf))
		return eeh_msg_set(msg, -ENODEV, "no PCI function %s on this host", bdf);
	if (dev_pe(r, bdf) < 0)
		return eeh_msg_set(msg, -ENODEV, "%s has no EEH PE (no eeh_pe_config_addr)", bdf);
	if (r->ndev == RB_MAX_DEVS)
		return eeh_msg_set(msg, -ENOSPC, "at most %d real devices in a scenario",
				   RB_MAX_DEVS);
	i = r->ndev++;
	snprintf(r->dev[i].name, sizeof(r->dev[i].name), "%s", name);
	snprintf(r->dev[i].bdf, sizeof(r->dev[i].bdf), "%s", bdf);
	r->dev[i].domain = dom;
	r->dev[i].pe = dev_pe(r, bdf);
	return i;
}

/*
 * The first device-tree "compatible" of the PHB above the function: the
 * parent node of its root bus's first bridge ("ibm,power9-pciex"); ""
 * when sysfs does not show it.
 */
static void phb_compat(const struct rb *r, const char *bdf, char *buf, size_t len)
{
	char p[PATH_MAX], node[PATH_MAX], *slash;
	FILE *f;
	size_t n;

	buf[0] = 0;
	snprintf(p, sizeof(p), "%s/bus/pci/devices/%.4s:00:00.0/of_node", r->sys, bdf);
	if (!realpath(p, node))
		return;
	slash = strrchr(node, '/');
	if (!slash)
		return;
	snprintf(slash, sizeof(node) - (size_t)(slash - node), "/compatible");
	f = fopen(node, "r");
	if (!f)
		return;
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = 0;	/* the first of the NUL-separated strings */
}

static int rb_real_add(struct backend *b, const char *name, const char *bdf,
		       const char *phb, struct eeh_msg *msg)
{
	const char *want = phb;
	struct rb *r = RB(b);
	char have[128];
	int i;

	for (i = 0; i < r->ndev; i++)
		if (!strcmp(r->dev[i].name, name))
			return eeh_msg_set(msg, -EEXIST, "'%s' names %s already", name,
					   r->dev[i].bdf);
	i = add_dev(r, name, bdf, msg);
	if (i < 0 || !phb)
		return i;
	if (!strcasecmp(phb, "phb4"))
		want = "ibm,power9-pciex";
	else if (!strcasecmp(phb, "phb3"))
		want = "ibm,power8-pciex";
	phb_compat(r, bdf, have, sizeof(have));
	if (strcmp(have, want))
		return eeh_msg_set(msg, -EOPNOTSUPP, "%s sits on a PHB that is %s, not %s (phb=%s)",
				   bdf, have[0] ? have : "of an unknown model", want, phb);
	return i;
}

static int rb_resolve(struct backend *b, const char *spec, struct be_dev *out,
		      struct eeh_msg *msg)
{
	struct rb *r = RB(b);
	char full[16];
	int i;

	for (i = 0; i < r->ndev; i++)
		if (!strcmp(r->dev[i].name, spec))
			break;
	if (i == r->ndev) {
		/* a BDF: "0000:01:00.0", or "01:00.0" on domain 0 */
		snprintf(full, sizeof(full), "%s%s", strlen(spec) == 7 ? "0000:" : "", spec);
		for (i = 0; i < r->ndev; i++)
			if (!strcmp(r->dev[i].bdf, full))
				break;
		if (i == r->ndev) {
			i = add_dev(r, full, full, msg);
			if (i < 0)
				return i;
		}
	}
	fill_dev(r, i, out);
	return 0;
}

static int rb_dev_list(struct backend *b, struct be_dev *out, int max)
{
	struct rb *r = RB(b);
	int i;

	for (i = 0; i < r->ndev && i < max; i++)
		fill_dev(r, i, &out[i]);
	return i;
}

/* Is a function of PE @child below a bridge of PE @parent (PELT-V)? */
static bool rb_pe_covers(struct backend *b, int phb, int parent, int child)
{
	struct rb *r = RB(b);
	char bdf[16], p[PATH_MAX], real[PATH_MAX], *s;

	if (pe_function(r, phb, child, bdf, sizeof(bdf)))
		return false;
	dev_path(r, bdf, NULL, p, sizeof(p));
	if (!realpath(p, real))
		return false;
	/* the parents in the device path: .../0003:01:00.0/0003:02:00.0/<bdf> */
	while ((s = strrchr(real, '/')) && s != real) {
		*s = 0;
		s = strrchr(real, '/');
		if (!s || strlen(s + 1) != 12 || s[5] != ':')
			break;
		if (dev_pe(r, s + 1) == parent)
			return true;
	}
	return false;
}

static int rb_pe_check(struct backend *b, int phb, int pe, struct eeh_msg *msg)
{
	char bdf[16];

	if (pe_function(RB(b), phb, pe, bdf, sizeof(bdf)))
		return eeh_msg_set(msg, -ENODEV, "no function of PE %x:%x on this host", phb, pe);
	return 0;
}

/* ---- state ---- */

static enum eeh_fw_state fw_of(u32 bits)
{
	bool mmio = bits & EEH_STATE_MMIO_ACTIVE, dma = bits & EEH_STATE_DMA_ACTIVE;

	if (bits & EEH_STATE_UNAVAILABLE)
		return EEH_FW_TEMP_UNAVAIL;
	if (bits & EEH_STATE_NOT_SUPPORT)
		return EEH_FW_PERM_UNAVAIL;
	if (bits & EEH_STATE_RESET_ACTIVE)
		return EEH_FW_RESET;
	if (mmio && dma)
		return EEH_FW_NOT_FROZEN;
	if (!mmio && !dma)
		return EEH_FW_MMIO_DMA_FREEZE;
	return mmio ? EEH_FW_DMA_FREEZE : EEH_FW_MMIO_FREEZE;
}

/* The module's freeze count of a PE (REAL_LIST); -1 unknown */
static int freeze_count(struct rb *r, int domain, int pe)
{
	struct eeh_msg m = { "" };
	struct rl_list l = { 0 };
	int i, n = -1;

	if (!r->kernel || backend_kernel_real_list(&l, &m)) {
		rl_free(&l);
		return -1;
	}
	i = rl_find_pe(&l, domain, (uint32_t)pe);
	if (i >= 0)
		n = (int)l.pe[i].freeze_count;
	rl_free(&l);
	return n;
}

static int rb_pe_state(struct backend *b, int phb, int pe, struct be_pe_state *st,
		       struct eeh_msg *msg)
{
	struct rb *r = RB(b);
	char bdf[16];

	memset(st, 0, sizeof(*st));
	if (pe_function(r, phb, pe, bdf, sizeof(bdf)))
		return eeh_msg_set(msg, -ENODEV, "no function of PE %x:%x on this host (removed?)",
				   phb, pe);
	if (dev_state(r, bdf, &st->linux_bits, &st->sw_state, st->sysfs, sizeof(st->sysfs)))
		return eeh_msg_set(msg, -ENOENT, "%s has no eeh_pe_state", bdf);
	st->fw = fw_of(st->linux_bits);
	/* -1 on the host backend: sysfs does not show it */
	st->freeze_count = freeze_count(r, phb, pe);
	return 0;
}

struct frozen_scan {
	const struct rb *r;
	struct be_pe_ref *out;
	int max, n;
};

static bool frozen_fn(void *ctx, const char *bdf)
{
	struct frozen_scan *f = ctx;
	int dom, bus, devfn, pe = dev_pe(f->r, bdf), i;
	u32 bits, flags;

	if (pe < 0 || !bdf_split(bdf, &dom, &bus, &devfn) ||
	    dev_state(f->r, bdf, &bits, &flags, NULL, 0))
		return false;
	if (fw_of(bits) == EEH_FW_NOT_FROZEN && !(flags & EEH_PE_ISOLATED))
		return false;
	for (i = 0; i < f->n && i < f->max; i++)
		if (f->out[i].phb == dom && f->out[i].pe == pe)
			return false;
	if (f->n < f->max) {
		f->out[f->n].phb = dom;
		f->out[f->n].pe = pe;
	}
	f->n++;
	return false;
}

static int rb_frozen_pes(struct backend *b, struct be_pe_ref *out, int max)
{
	struct frozen_scan f = { .r = RB(b), .out = out, .max = max };

	each_function(f.r, frozen_fn, &f);
	return f.n;
}

/*
 * Not drained here: the EEH core's recovery starts at the freeze and
 * runs on its own, so a callback logged while one step ran is read and
 * numbered by a later one (the `recover` that waits for it), and counts
 * for that step's `expect callbacks`.
 */
static u64 rb_cb_seq(struct backend *b)
{
	return RB(b)->cb_seq;
}

static int rb_cb_since(struct backend *b, u64 after, struct eeh_cb_rec *out, int max)
{
	struct rb *r = RB(b);
	int i, n = 0;

	drain(r);
	for (i = 0; i < r->ncb && n < max; i++)
		if (r->cb[i].seq > after)
			out[n++] = r->cb[i];
	return n;
}

static int rb_diag_last(struct backend *b, int phb, int pe, struct eeh_diag *out)
{
	(void)b;
	(void)phb;
	(void)pe;
	(void)out;
	return -ENOENT;
}

/* ---- faults ---- */

static void pend_add(struct rb *r, int domain, int pe)
{
	int i;

	for (i = 0; i < r->npend; i++)
		if (r->pend[i].domain == domain && r->pend[i].pe == pe)
			break;
	if (i == r->npend) {
		if (r->npend == RB_MAX_PEND)
			return;
		r->npend++;
	}
	r->pend[i].domain = domain;
	r->pend[i].pe = pe;
	clock_gettime(CLOCK_MONOTONIC, &r->pend[i].t0);
}

static enum eeh_fw_answer fw_answer(long rc)
{
	return rc == -7 ? EEH_FW_UNSUPPORTED : rc ? EEH_FW_PARAMETER : EEH_FW_ACCEPTED;
}

/* firmware's injection: eeh_pe_inject_err(), by the module or err_injct */
static int hw_inject(struct rb *r, const struct eeh_inj_req *req, struct eeh_inj_result *res,
		     struct eeh_msg *msg)
{
	char p[PATH_MAX], text[96];
	int rc;

	drain(r);
	r->have_fw = false;
	if (r->kernel) {
		struct rl_hw_inject hw = {
			.domain = req->phb, .pe_addr = (uint32_t)req->pe,
			.type = (uint32_t)req->type, .func = (uint32_t)req->func,
			.addr = req->addr, .mask = req->mask,
		};

		rc = backend_kernel_real_hw_inject(&hw, msg);
		if (rc)
			return rc;
		rc = hw.rc;
	} else {
		snprintf(p, sizeof(p), "%s/kernel/debug/powerpc/PCI%04x/err_injct", r->sys,
			 req->phb);
		if (access(p, F_OK))
			return eeh_msg_set(msg, -EOPNOTSUPP,
					   "no %s (debugfs not mounted, or no EEH error injection here)",
					   p);
		/* eeh_dbgfs_ops_write(): "pe_no:type:func:addr:mask" */
		snprintf(text, sizeof(text), "%x:%x:%x:%llx:%llx", req->pe, req->type, req->func,
			 (unsigned long long)req->addr, (unsigned long long)req->mask);
		rc = write_text(p, text);
		if (rc && rc != -EIO)
			eeh_msg_set(msg, rc, "%s: %s", p, strerror(-rc));
	}
	drain(r);
	if (r->have_fw && r->fw.domain == req->phb && (int)r->fw.pe == req->pe) {
		res->fw = fw_answer(r->fw.rc);
		return 0;
	}
	if (!rc) {
		res->fw = EEH_FW_ACCEPTED;
		pend_add(r, req->phb, req->pe);
		return 0;
	}
	if (rc == -EIO && !r->km)
		return eeh_msg_set(msg, rc, "firmware refused the injection; its answer is in the kernel log, which cannot be read here (%s)",
				   r->km_why);
	if (rc == -EIO && !msg->text[0])
		eeh_msg_set(msg, rc, "firmware refused the injection (no answer in the kernel log)");
	return rc;
}

static int freeze(struct rb *r, const struct eeh_inj_req *req, struct eeh_msg *msg)
{
	char bdf[16], p[PATH_MAX];
	struct rl_inject ri = { 0 };
	u32 bits, flags;
	int rc;

	if (pe_function(r, req->phb, req->pe, bdf, sizeof(bdf)))
		return eeh_msg_set(msg, -ENODEV, "no function of PE %x:%x", req->phb, req->pe);
	drain(r);
	if (r->kernel) {
		ri.domain = req->phb;
		ri.pe_addr = (uint32_t)req->pe;
		ri.kind = (req->which & EEH_FREEZE_MMIO ? EEHLAB_REAL_FREEZE_MMIO : 0) |
			  (req->which & EEH_FREEZE_DMA ? EEHLAB_REAL_FREEZE_DMA : 0);
		rc = backend_kernel_real_inject(&ri, msg);
		if (rc)
			return rc;
		if (!ri.detected)
			return eeh_msg_set(msg, -EIO,
					   "PE %x:%x: eeh_dev_check_failure(%s) did not see the emulated freeze",
					   req->phb, req->pe, ri.bdf);
		pend_add(r, req->phb, req->pe);
		return 0;
	}
	/* host: eeh_dev_break, an MMIO access the PHB turns into a freeze */
	dbg_path(r, "eeh_dev_break", p, sizeof(p));
	if (access(p, F_OK))
		return eeh_msg_set(msg, -EOPNOTSUPP, "no %s (debugfs not mounted?)", p);
	rc = write_text(p, bdf);
	/* eeh_debugfs_break_device(): no memory BAR to break on */
	if (rc == -ENXIO)
		return eeh_msg_set(msg, -EOPNOTSUPP,
				   "eeh_dev_break cannot break %s: it has no memory BAR to access",
				   bdf);
	if (rc)
		return eeh_msg_set(msg, rc, "%s < %s: %s", p, bdf, strerror(-rc));
	sleep_ms(200);
	if (!dev_state(r, bdf, &bits, &flags, NULL, 0) && fw_of(bits) == EEH_FW_NOT_FROZEN &&
	    !(flags & EEH_PE_ISOLATED))
		return eeh_msg_set(msg, -EOPNOTSUPP,
				   "eeh_dev_break on %s froze nothing: QEMU powernv answers a disabled BAR with 0, not a freeze (real PHBs freeze)",
				   bdf);
	pend_add(r, req->phb, req->pe);
	return 0;
}

static int rb_inject(struct backend *b, const struct eeh_inj_req *req,
		     struct eeh_inj_result *res, struct eeh_msg *msg)
{
	struct rb *r = RB(b);

	switch (req->kind) {
	case EEH_INJ_FUNC:
		return hw_inject(r, req, res, msg);
	case EEH_INJ_FREEZE:
		return freeze(r, req, msg);
	case EEH_INJ_FENCE:
		return eeh_msg_set(msg, -EOPNOTSUPP, "fencing a real PHB is not emulated");
	default:
		return eeh_msg_set(msg, -EOPNOTSUPP, "this fault is not emulated on real PEs");
	}
}

/* eeh_force_recover_write(): "PHB:PE", both hex */
static int rb_force_recover(struct backend *b, int phb, int pe, struct eeh_msg *msg)
{
	struct rb *r = RB(b);
	char p[PATH_MAX], text[32];
	int rc;

	dbg_path(r, "eeh_force_recover", p, sizeof(p));
	if (access(p, F_OK))
		return eeh_msg_set(msg, -EOPNOTSUPP, "no %s (debugfs not mounted?)", p);
	drain(r);
	snprintf(text, sizeof(text), "%x:%x", phb, pe);
	rc = write_text(p, text);
	if (rc)
		return eeh_msg_set(msg, rc, "%s < %s: %s", p, text, strerror(-rc));
	pend_add(r, phb, pe);
	return 0;
}

static int rb_check(struct backend *b, const struct be_dev *d, bool *queued,
		    struct eeh_msg *msg)
{
	struct rb *r = RB(b);
	char p[PATH_MAX];
	u32 bits, flags;
	bool det = false;
	int rc;

	*queued = false;
	if (r->kernel) {
		struct rl_check c = { 0 };

		snprintf(c.bdf, sizeof(c.bdf), "%s", d->bdf);
		rc = backend_kernel_real_check(&c, msg);
		det = c.detected;
	} else {
		dbg_path(r, "eeh_dev_check", p, sizeof(p));
		if (access(p, F_OK))
			return eeh_msg_set(msg, -EOPNOTSUPP, "no %s (debugfs not mounted?)", p);
		rc = write_text(p, d->bdf);
		if (rc)
			return eeh_msg_set(msg, rc, "%s < %s: %s", p, d->bdf, strerror(-rc));
		det = !dev_state(r, d->bdf, &bits, &flags, NULL, 0) && (flags & EEH_PE_ISOLATED);
	}
	if (rc)
		return rc;
	*queued = det;
	if (det)
		pend_add(r, d->phb, d->pe);
	return 0;
}

/* ---- recovery: the EEH core's, followed ---- */

static void rec_fill(const struct rb_pend *pd, const struct rb_out *o,
		     enum eeh_rec_result res, long ms, struct eeh_rec_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->phb = pd->domain;
	ev->pe = pd->pe;
	ev->result = res;
	ev->resets = o && o->reset ? 1 : 0;
	ev->thawed = res == EEH_REC_RECOVERED && !ev->resets;
	ev->freeze_count = -1;
	ev->end_ms = (u64)ms;
	if (res == EEH_REC_RECOVERED)
		snprintf(ev->text, sizeof(ev->text), "recovered in %ld ms (%s)", ms,
			 o && o->how[0] ? o->how : "thawed");
	else if (res == EEH_REC_PERM_FAILURE)
		snprintf(ev->text, sizeof(ev->text), "permanently failed after %ld ms", ms);
	else
		snprintf(ev->text, sizeof(ev->text), "no freeze detected within %ld ms", ms);
}

static int rb_recover(struct backend *b, struct eeh_rec_event *ev, int max, int *n,
		      struct eeh_msg *msg)
{
	struct rb *r = RB(b);
	int i;

	*n = 0;
	for (i = 0; i < r->npend; i++) {
		struct rb_pend *pd = &r->pend[i];
		enum eeh_rec_result res = EEH_REC_NONE;
		struct rb_out *o = NULL;
		char bdf[16];
		u32 bits = 0, flags = 0;
		long ms;

		for (;;) {
			bool gone, normal;

			drain(r);
			o = out_get(r, pd->domain, pd->pe);
			ms = ms_since(&pd->t0);
			gone = pe_function(r, pd->domain, pd->pe, bdf, sizeof(bdf)) != 0;
			normal = !gone && !dev_state(r, bdf, &bits, &flags, NULL, 0) &&
				 fw_of(bits) == EEH_FW_NOT_FROZEN &&
				 !(flags & (EEH_PE_ISOLATED | EEH_PE_RECOVERING | EEH_PE_RESET));
			if (o && o->failed) {
				res = EEH_REC_PERM_FAILURE;
				break;
			}
			if (o && o->recovered && normal) {
				res = EEH_REC_RECOVERED;
				break;
			}
			if (gone && o && o->frozen) {
				res = EEH_REC_PERM_FAILURE;
				break;
			}
			/* never frozen: nothing for the EEH core to do */
			if ((!o || !o->frozen) && normal && ms > RB_DETECT_MS)
				break;
			if (ms > RB_RECOVER_MS) {
				r->npend = 0;
				return eeh_msg_set(msg, -ETIMEDOUT,
						   "PE %x:%x: no recovery within %d s (eeh_pe_state %08x %08x)",
						   pd->domain, pd->pe, RB_RECOVER_MS / 1000, bits, flags);
			}
			sleep_ms(RB_POLL_MS);
		}
		if (*n < max)
			rec_fill(pd, o, res, ms, &ev[(*n)++]);
		if (o)
			o->frozen = o->recovered = o->failed = false;
	}
	r->npend = 0;
	return 0;
}

static int rb_advance(struct backend *b, u64 ms, struct eeh_msg *msg)
{
	(void)b;
	if (ms > 10000)
		return eeh_msg_set(msg, -EOPNOTSUPP,
				   "real PEs run in real time: waiting %llu ms is not emulated (10 s at most)",
				   (unsigned long long)ms);
	sleep_ms((long)ms);
	return 0;
}

static int rb_set_max_freezes(struct backend *b, int n, struct eeh_msg *msg)
{
	struct rb *r = RB(b);
	char p[PATH_MAX], v[32];
	int rc;

	dbg_path(r, "eeh_max_freezes", p, sizeof(p));
	if (r->saved_max < 0) {
		if (read_line(p, v, sizeof(v)))
			return eeh_msg_set(msg, -EOPNOTSUPP, "no %s (debugfs not mounted?)", p);
		r->saved_max = atoi(v);
	}
	snprintf(v, sizeof(v), "%d", n);
	rc = write_text(p, v);
	return rc ? eeh_msg_set(msg, rc, "%s < %d: %s", p, n, strerror(-rc)) : 0;
}

/* ---- config space, DMA ---- */

static int cfg_rw(struct rb *r, const struct be_dev *d, u32 off, int size, u32 *val,
		  bool write, struct eeh_msg *msg)
{
	unsigned char b[4] = { 0 };
	char p[PATH_MAX];
	ssize_t n;
	int fd, i;

	if (size != 1 && size != 2 && size != 4)
		return eeh_msg_set(msg, -EINVAL, "config access of %d bytes", size);
	if (off & (u32)(size - 1) || off + (u32)size > 4096)
		return eeh_msg_set(msg, -EINVAL, "config offset 0x%x of %d bytes", off, size);
	dev_path(r, d->bdf, "config", p, sizeof(p));
	fd = open(p, write ? O_WRONLY : O_RDONLY);
	if (fd < 0)
		return eeh_msg_set(msg, -errno, "%s: %s", p, strerror(errno));
	if (write) {
		for (i = 0; i < size; i++)
			b[i] = (unsigned char)(*val >> (8 * i));
		n = pwrite(fd, b, (size_t)size, off);
	} else {
		n = pread(fd, b, (size_t)size, off);
	}
	close(fd);
	if (n != size)
		return eeh_msg_set(msg, n < 0 ? -errno : -EIO,
				   "%s: %s of %d bytes at 0x%x: %s", p, write ? "write" : "read", size,
				   off, n < 0 ? strerror(errno) : "short (root can read past 64)");
	if (!write)
		for (*val = 0, i = 0; i < size; i++)
			*val |= (u32)b[i] << (8 * i);
	return 0;
}

static int rb_cfg_read(struct backend *b, const struct be_dev *d, u32 off, int size,
		       u32 *val, struct eeh_msg *msg)
{
	return cfg_rw(RB(b), d, off, size, val, false, msg);
}

static int rb_cfg_write(struct backend *b, const struct be_dev *d, u32 off, int size,
			u32 val, struct eeh_msg *msg)
{
	return cfg_rw(RB(b), d, off, size, &val, true, msg);
}

/* Under QEMU (device tree "qemu,powernv*") a frozen PE still moves data */
static bool under_qemu(void)
{
	char buf[256];
	size_t n, i;
	FILE *f;

	f = fopen("/proc/device-tree/compatible", "r");
	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	for (i = 0; i < n; i++)
		if (!buf[i])
			buf[i] = ' ';
	buf[n] = 0;
	return strstr(buf, "qemu,powernv") != NULL;
}

static int rb_dma(struct backend *b, const struct be_dev *d, const struct be_dma_req *req,
		  struct be_dma_res *res, struct eeh_msg *msg)
{
	struct rb *r = RB(b);
	struct edu_dma_res er;
	u32 bits, flags;
	int rc;

	if (!r->kernel)
		return eeh_msg_set(msg, -EOPNOTSUPP,
				   "the edu DMA round trip is the eehlab module's (--backend kernel)");
	if (!d->edu)
		return eeh_msg_set(msg, -EOPNOTSUPP, "%s is not an edu device: no DMA engine known",
				   d->bdf);
	if (under_qemu() && !dev_state(r, d->bdf, &bits, &flags, NULL, 0) &&
	    (fw_of(bits) != EEH_FW_NOT_FROZEN || (flags & EEH_PE_ISOLATED)))
		return eeh_msg_set(msg, -EOPNOTSUPP,
				   "QEMU powernv does not model a frozen PE's data path: DMA would not be blocked");
	rc = backend_kernel_edu_dma(d->bdf, req->len ? req->len : 4096, 0, &er, msg);
	if (rc)
		return rc;
	res->outcome = er.result ? BE_DMA_BLOCKED : BE_DMA_OK;
	res->cause = 0;
	if (er.result)
		eeh_msg_set(msg, 0, "edu DMA round trip: %s at byte %u", strerror(-er.result),
			    er.mismatch);
	return 0;
}

/* ---- what real PEs do not have ---- */

static int no_phb_add(struct backend *b, int index, enum eeh_phb_model model, int num_pes,
		      struct eeh_msg *msg)
{
	(void)b;
	(void)index;
	(void)model;
	(void)num_pes;
	return eeh_msg_set(msg, -EOPNOTSUPP, "real PEs: no emulated PHBs");
}

static int no_node_add(struct backend *b, const struct be_node *n, struct eeh_msg *msg)
{
	(void)b;
	(void)n;
	return eeh_msg_set(msg, -EOPNOTSUPP, "real PEs: no emulated topology");
}

static int rb_enumerate(struct backend *b, struct eeh_msg *msg)
{
	(void)b;
	(void)msg;
	return 0;	/* the kernel enumerated the real buses at boot */
}

static int no_driver_set(struct backend *b, const struct be_dev *d,
			 const struct be_driver *drv, struct eeh_msg *msg)
{
	(void)b;
	(void)drv;
	return eeh_msg_set(msg, -EOPNOTSUPP, "%s: a real driver answers for itself", d->bdf);
}

static int no_mem_alloc(struct backend *b, u64 size, u64 align, u64 *pa, struct eeh_msg *msg)
{
	(void)b;
	(void)size;
	(void)align;
	(void)pa;
	return eeh_msg_set(msg, -EOPNOTSUPP, "real PEs: host buffers are not emulated");
}

static int no_mem_rw(struct backend *b, u64 pa, void *buf, u64 len, struct eeh_msg *msg)
{
	(void)b;
	(void)pa;
	(void)buf;
	(void)len;
	return eeh_msg_set(msg, -EOPNOTSUPP, "real PEs: host memory is not emulated");
}

static int no_mem_write(struct backend *b, u64 pa, const void *buf, u64 len,
			struct eeh_msg *msg)
{
	return no_mem_rw(b, pa, (void *)buf, len, msg);
}

static int no_window_create(struct backend *b, int phb, int pe, int which, u32 page_shift,
			    u64 size, int levels, struct eeh_msg *msg)
{
	(void)b;
	(void)phb;
	(void)pe;
	(void)which;
	(void)page_shift;
	(void)size;
	(void)levels;
	return eeh_msg_set(msg, -EOPNOTSUPP, "real PEs: the kernel owns the DMA windows");
}

static int no_window_remove(struct backend *b, int phb, int pe, int which, struct eeh_msg *msg)
{
	return no_window_create(b, phb, pe, which, 0, 0, 0, msg);
}

static int no_window_get(struct backend *b, int phb, int pe, int which,
			 struct eeh_tce_table *t)
{
	(void)b;
	(void)phb;
	(void)pe;
	(void)which;
	(void)t;
	return -ENOENT;
}

static int no_tce_map(struct backend *b, int phb, int pe, int which, u64 ioba, u64 host,
		      u64 len, u64 perm, struct eeh_msg *msg)
{
	(void)ioba;
	(void)host;
	(void)len;
	(void)perm;
	return no_window_create(b, phb, pe, which, 0, 0, 0, msg);
}

static int no_mmio_read(struct backend *b, const struct be_dev *d, int bar, u64 off, int size,
			bool detect, u64 *val, struct eeh_msg *msg)
{
	(void)b;
	(void)bar;
	(void)off;
	(void)size;
	(void)detect;
	(void)val;
	return eeh_msg_set(msg, -EOPNOTSUPP,
			   "%s: MMIO on a real device needs its BAR mapped, which a bound driver forbids",
			   d->bdf);
}

static int no_mmio_write(struct backend *b, const struct be_dev *d, int bar, u64 off,
			 int size, u64 val, struct eeh_msg *msg)
{
	return no_mmio_read(b, d, bar, off, size, false, &val, msg);
}

#define RB_OPS							\
	.close = rb_close,					\
	.phb_add = no_phb_add,					\
	.node_add = no_node_add,				\
	.enumerate = rb_enumerate,				\
	.resolve = rb_resolve,					\
	.dev_list = rb_dev_list,				\
	.pe_covers = rb_pe_covers,				\
	.pe_check = rb_pe_check,				\
	.driver_set = no_driver_set,				\
	.mem_alloc = no_mem_alloc,				\
	.mem_read = no_mem_rw,					\
	.mem_write = no_mem_write,				\
	.window_create = no_window_create,			\
	.window_remove = no_window_remove,			\
	.window_get = no_window_get,				\
	.tce_map = no_tce_map,					\
	.mmio_read = no_mmio_read,				\
	.mmio_write = no_mmio_write,				\
	.cfg_read = rb_cfg_read,				\
	.cfg_write = rb_cfg_write,				\
	.dma = rb_dma,						\
	.inject = rb_inject,					\
	.check = rb_check,					\
	.recover = rb_recover,					\
	.advance = rb_advance,					\
	.set_max_freezes = rb_set_max_freezes,			\
	.pe_state = rb_pe_state,				\
	.frozen_pes = rb_frozen_pes,				\
	.cb_seq = rb_cb_seq,					\
	.cb_since = rb_cb_since,				\
	.diag_last = rb_diag_last,				\
	.real_add = rb_real_add,					\
	.force_recover = rb_force_recover

const struct backend_ops backend_real_kernel_ops = {
	.name = "kernel",
	.caps = BE_CAP_REAL_PHB,
	.open = rk_open,
	.usable = rk_usable,
	RB_OPS,
};

const struct backend_ops backend_host_ops = {
	.name = "host",
	.open = rh_open,
	.usable = rh_usable,
	.caps = BE_CAP_REAL_PHB | BE_CAP_REAL_ONLY,
	.real = &backend_host_ops,
	RB_OPS,
};
