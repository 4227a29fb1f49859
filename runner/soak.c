// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab soak: random topologies on the model, random faults of every
 * class on random PEs (owned by the host or by guests), the host recovery
 * engine after each and, for a guest's PE, the guest's own recovery
 * through the VFIO EEH operations or the RTAS calls QEMU turns into them.
 * After every injection it checks what must hold (docs/soak.md):
 *
 *   - the tallies balance: injected = detected = recovered + permanent
 *     failures, and every injection took its PE down (no trap armed that
 *     nothing tripped);
 *   - right after the fault exactly the PEs it concerns are frozen (the
 *     PE and its PELT-V children, every PE of a fenced PHB) besides the
 *     permanently failed ones; after the recovery exactly the permanently
 *     failed PEs are, and a PE that is not failed has no EEH flag left,
 *     its devices present and answering, its DMA working;
 *   - the host memory (or guest memory) behind every PE's DMA window is
 *     byte-identical to a shadow that only the DMA the soak saw succeed
 *     updates: no blocked or faulting DMA wrote anything;
 *   - the event the recovery handled is the one expected (its PE, its
 *     result), a freeze count over the limit fails the PE permanently and
 *     only then (or when a driver in it answers DISCONNECT);
 *   - the model's own isolation invariants (guests' memory).
 *
 * Everything is drawn from one generator seeded by --seed, so a seed
 * gives the same sequence; a hash over the sequence and its outcomes is
 * printed so that two runs can be compared. It uses the model the way
 * the runner's model backend does: through eehlab/session.h (and the
 * model's own queries where a trap's address is needed).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "eehlab/session.h"
#include "eehlab/guest.h"
#include "eehlab/vfio.h"
#include "soak.h"

#define SK_MAX_PE	64	/* PEs tracked per topology */
#define SK_MAX_DEV	160
#define SK_PAGE		4096ULL
#define SK_NPAGES	3	/* buf (RW), ro (R), wo (W) */
#define SK_IOBA_BUF	0x0ULL
#define SK_IOBA_RO	0x1000ULL
#define SK_IOBA_WO	0x2000ULL
#define SK_IOBA_HOLE	0x3000ULL	/* no TCE */
#define SK_HOST_WIN	(1ULL << 20)	/* the host's 32-bit windows */
#define SK_MAX_GUESTS	2
#define SK_GUEST_PES	2
#define SK_GUEST_MEM	(16ULL << 20)
#define SK_DMA_LEN	64
#define SK_TOPO_BUDGET	400	/* injections per topology at most */

struct sk_pe {
	int phb, pe;
	int owner;		/* 0: host, else guest index + 1 */
	bool dead;		/* permanently failed */
	bool dead_frozen;	/* ... before any reset: it stays frozen */
	bool leaf;		/* its PELT-V row is itself only */
	bool disconnect;	/* a driver in it answers DISCONNECT somewhere */
	bool bar32, bar64;	/* a function of it has such a BAR */
	int edu;		/* index in dev[] of its edu function, -1 */
	int dev[16];
	int ndev;
	bool pages;		/* has the three DMA pages below */
	u64 page[SK_NPAGES];	/* host PA (host's PE) or guest PA */
	u8 shadow[SK_NPAGES][SK_PAGE];
};

struct sk_topo {
	struct eeh_session *s;
	u64 id;
	struct be_dev dev[SK_MAX_DEV];
	int ndev;
	struct sk_pe pe[SK_MAX_PE];
	int npe;
	int nguests;
	int gnext[SK_MAX_GUESTS];	/* the next DMA page slot of each guest */
	int max_freezes;
	u64 budget;
	char desc[512];
};

/* One injection: what was done and what it concerns */
struct sk_inj {
	enum soak_class cls;
	int target;		/* index in pe[] */
	int phb;
	int top;		/* PE of the expected event, -1: the PHB */
	u32 halves;		/* EEH_FREEZE_* the fault froze */
	bool aff[SK_MAX_PE];	/* the PEs it concerns */
	char fault[128];
};

struct soak {
	const struct soak_opts *o;
	struct soak_stats *st;
	FILE *out;
	u64 rng;
	u64 iter;		/* injections so far, the current one included */
	struct sk_topo *t;
	struct eeh_msg msg;
	struct sk_inj *cur;
	int hot;		/* the last target, reused now and then */
	bool sabotage_due, sabotage_armed;
	u8 page[SK_PAGE];
};

static const char *const class_names[SK_CLASS__COUNT] = {
	[SK_FREEZE_MMIO] = "freeze-mmio",
	[SK_FREEZE_DMA] = "freeze-dma",
	[SK_FREEZE_BOTH] = "freeze-both",
	[SK_PELTV] = "peltv-parent",
	[SK_FENCE] = "phb-fence",
	[SK_DMA_INJECT] = "dma-fault",
	[SK_DMA_INVALID_TCE] = "dma-invalid-tce",
	[SK_DMA_READ_ONLY] = "dma-read-only",
	[SK_DMA_WRITE_ONLY] = "dma-write-only",
	[SK_DMA_OUT_OF_WINDOW] = "dma-out-of-window",
	[SK_DMA_NO_TVE] = "dma-no-tve",
	[SK_FUNC_MEM32] = "func-mem32",
	[SK_FUNC_MEM64] = "func-mem64",
	[SK_FUNC_CFG] = "func-cfg",
	[SK_FUNC_DMA] = "func-dma",
};

const char *soak_class_name(enum soak_class c)
{
	return (unsigned int)c < SK_CLASS__COUNT ? class_names[c] : "?";
}

/* ---- the generator and the sequence hash ---- */

static u64 rnd64(struct soak *k)
{
	u64 z = (k->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int rnd(struct soak *k, int n)
{
	return n > 0 ? (int)(rnd64(k) % (u64)n) : 0;
}

static void hash(struct soak *k, u64 v)
{
	int i;

	for (i = 0; i < 8; i++) {
		k->st->hash ^= (v >> (i * 8)) & 0xff;
		k->st->hash *= 0x100000001b3ULL;
	}
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- reporting ---- */

static void say(struct soak *k, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void say(struct soak *k, const char *fmt, ...)
{
	va_list ap;

	if (!k->out)
		return;
	va_start(ap, fmt);
	vfprintf(k->out, fmt, ap);
	va_end(ap);
}

static const char *owner_word(const struct sk_pe *p, char *buf, size_t len)
{
	if (!p->owner)
		return "host";
	snprintf(buf, len, "guest g%d", p->owner - 1);
	return buf;
}

/* A discrepancy: everything needed to find it again. Returns -1. */
static int bad(struct soak *k, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int bad(struct soak *k, const char *fmt, ...)
{
	struct sk_inj *c = k->cur;
	char what[512], who[24];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	k->st->discrepancies++;
	if (!k->st->first_bad)
		k->st->first_bad = k->iter;
	say(k, "# DISCREPANCY: seed %llu injection %llu topology %llu\n",
	    (unsigned long long)k->o->seed, (unsigned long long)k->iter,
	    (unsigned long long)k->t->id);
	say(k, "#   topology: %s\n", k->t->desc);
	if (c) {
		const struct sk_pe *p = &k->t->pe[c->target];

		say(k, "#   PE %d:%x (%s), fault %s: %s\n", p->phb, p->pe,
		    owner_word(p, who, sizeof(who)), class_names[c->cls],
		    c->fault);
	}
	say(k, "#   %s\n", what);
	say(k, "#   reproduce: eehlab soak --seed %llu --iterations %llu -v\n",
	    (unsigned long long)k->o->seed, (unsigned long long)k->iter);
	return -1;
}

/* ---- topology ---- */

static void topo_free(struct sk_topo *t)
{
	if (t->s)
		eeh_session_destroy(t->s);
	t->s = NULL;
}

static int pe_index(struct sk_topo *t, int phb, int pe)
{
	int i;

	for (i = 0; i < t->npe; i++)
		if (t->pe[i].phb == phb && t->pe[i].pe == pe)
			return i;
	return -1;
}

static bool covers(struct sk_topo *t, int parent, int child)
{
	const struct sk_pe *a = &t->pe[parent], *b = &t->pe[child];

	return a->phb == b->phb &&
	       eeh_session_pe_covers(t->s, a->phb, a->pe, b->pe);
}

static struct eeh_func *func_of(struct sk_topo *t, int dev)
{
	struct eeh_phb *phb = eeh_phb_get(t->s->m, t->dev[dev].phb);

	return phb ? phb->funcs[t->dev[dev].id] : NULL;
}

static int add_node(struct soak *k, struct be_node *n, const char *name)
{
	int rc;

	n->name = name;
	rc = eeh_session_node_add(k->t->s, n, &k->msg);
	if (rc < 0)
		bad(k, "building the topology: %s: %s", name, k->msg.text);
	return rc;
}

static int add_endpoint(struct soak *k, int phb, int parent, const char *name,
			size_t *dl)
{
	struct sk_topo *t = k->t;
	struct be_node n = { .type = EEH_NODE_ENDPOINT, .phb = phb,
			     .parent = parent, .functions = 1 };

	if (rnd(k, 4)) {
		n.kind = EEH_DEV_KIND_EDU;
		n.functions = rnd(k, 5) ? 1 : 2;
	} else {
		n.kind = EEH_DEV_KIND_PLAIN;
		n.bar32 = 16 << 10;
		n.bar64 = rnd(k, 2) ? 1 << 20 : 0;
	}
	n.freset = !rnd(k, 10);
	*dl += snprintf(t->desc + *dl, *dl < sizeof(t->desc) ?
			sizeof(t->desc) - *dl : 0, " %s(%s%s)", name,
			n.kind == EEH_DEV_KIND_EDU ? "edu" : "plain",
			n.functions > 1 ? "x2" : "");
	return add_node(k, &n, name) < 0 ? -1 : 0;
}

/* The driver of one endpoint function: mostly the default answers */
static int set_driver(struct soak *k, int dev)
{
	struct be_driver d = { .bound = -1, .handlers = -1 };
	int x = rnd(k, 100);

	if (x < 60)
		return 0;
	if (x < 78)
		d.error_detected = EEH_ERS_CAN_RECOVER;
	else if (x < 88)
		d.handlers = 0;
	else if (x < 94)
		d.bound = 0;
	else if (x < 97)
		d.error_detected = EEH_ERS_DISCONNECT;
	else
		d.slot_reset = EEH_ERS_DISCONNECT;
	if (eeh_session_driver_set(k->t->s, &k->t->dev[dev], &d, &k->msg))
		return bad(k, "driver of %s: %s", k->t->dev[dev].name,
			   k->msg.text);
	return 0;
}

static int fill_pages(struct soak *k, struct sk_pe *p, const char *guest)
{
	int i, rc;

	for (i = 0; i < SK_NPAGES; i++) {
		u64 j;

		for (j = 0; j < SK_PAGE; j += 8) {
			u64 v = rnd64(k);

			memcpy(&p->shadow[i][j], &v, 8);
		}
		if (guest)
			rc = eeh_session_guest_mem(k->t->s, guest, p->page[i],
						   p->shadow[i], SK_PAGE, true,
						   &k->msg);
		else
			rc = eeh_session_mem_write(k->t->s, p->page[i],
						   p->shadow[i], SK_PAGE,
						   &k->msg);
		if (rc)
			return bad(k, "filling a DMA page: %s", k->msg.text);
	}
	p->pages = true;
	return 0;
}

static const u64 sk_perm[SK_NPAGES] = {
	EEH_TCE_READ | EEH_TCE_WRITE, EEH_TCE_READ, EEH_TCE_WRITE,
};
static const u64 sk_ioba[SK_NPAGES] = { SK_IOBA_BUF, SK_IOBA_RO, SK_IOBA_WO };

/* A host PE's 32-bit window and its three pages */
static int host_window(struct soak *k, struct sk_pe *p)
{
	struct eeh_session *s = k->t->s;
	u64 pa;
	int i;

	if (eeh_session_window_create(s, p->phb, p->pe, 0, 12, SK_HOST_WIN,
				      1 + rnd(k, 3), &k->msg) ||
	    eeh_session_mem_alloc(s, SK_NPAGES * SK_PAGE, SK_PAGE, &pa,
				  &k->msg))
		return bad(k, "window of PE %d:%x: %s", p->phb, p->pe,
			   k->msg.text);
	for (i = 0; i < SK_NPAGES; i++) {
		p->page[i] = pa + i * SK_PAGE;
		if (eeh_session_tce_map(s, p->phb, p->pe, 0, sk_ioba[i],
					p->page[i], SK_PAGE, sk_perm[i],
					&k->msg))
			return bad(k, "TCE of PE %d:%x: %s", p->phb, p->pe,
				   k->msg.text);
	}
	return fill_pages(k, p, NULL);
}

static void guest_name(int g, char *buf, size_t len)
{
	snprintf(buf, len, "g%d", g);
}

/* Give PE @p to guest @g (its @nth PE): assign, enable EEH, map the pages */
static int guest_take(struct soak *k, int g, int nth, struct sk_pe *p)
{
	struct eeh_session *s = k->t->s;
	unsigned long liobn;
	char name[16];
	int i;

	guest_name(g, name, sizeof(name));
	if (eeh_session_guest_assign(s, name, p->phb, p->pe, &liobn, &k->msg) ||
	    eeh_session_guest_eeh(s, p->phb, p->pe, EEH_VFIO_ENABLE, 0, 0, 0,
				  0, &k->msg) < 0)
		return bad(k, "assigning PE %d:%x to %s: %s", p->phb, p->pe,
			   name, k->msg.text);
	p->owner = g + 1;
	for (i = 0; i < SK_NPAGES; i++) {
		struct be_hcall hc = { .opcode = H_PUT_TCE, .nargs = 3 };

		p->page[i] = 0x100000ULL * (nth + 1) + i * SK_PAGE;
		hc.args[0] = liobn;
		hc.args[1] = sk_ioba[i];
		hc.args[2] = p->page[i] | sk_perm[i];
		if (eeh_session_hcall(s, name, &hc, &k->msg) || hc.rc != H_SUCCESS)
			return bad(k, "H_PUT_TCE of %s for PE %d:%x: %ld %s",
				   name, p->phb, p->pe, hc.rc, k->msg.text);
	}
	return fill_pages(k, p, name);
}

static int topo_pes(struct soak *k)
{
	struct sk_topo *t = k->t;
	int i, j, phb, pe;

	t->npe = 0;
	for (phb = 0; phb < EEH_MAX_PHBS; phb++) {
		struct eeh_phb *ph = eeh_phb_get(t->s->m, phb);

		for (pe = 0; ph && pe < ph->num_pes; pe++) {
			struct sk_pe *p;

			if (eeh_session_pe_check(t->s, phb, pe, NULL))
				continue;
			if (t->npe >= SK_MAX_PE)
				return bad(k, "more than %d PEs", SK_MAX_PE);
			p = &t->pe[t->npe++];
			memset(p, 0, offsetof(struct sk_pe, shadow));
			p->phb = phb;
			p->pe = pe;
			p->edu = -1;
		}
	}
	for (i = 0; i < t->ndev; i++) {
		struct eeh_func *f = func_of(t, i);
		struct sk_pe *p;

		j = pe_index(t, t->dev[i].phb, t->dev[i].pe);
		if (j < 0 || !f)
			return bad(k, "%s has no PE", t->dev[i].name);
		p = &t->pe[j];
		if (p->ndev < (int)(sizeof(p->dev) / sizeof(p->dev[0])))
			p->dev[p->ndev++] = i;
		if (t->dev[i].edu && p->edu < 0)
			p->edu = i;
		if (f->bars[0].size && !f->bars[0].is64)
			p->bar32 = true;
		if (f->bars[2].size && f->bars[2].is64)
			p->bar64 = true;
		if (f->type == EEH_NODE_ENDPOINT &&
		    (f->drv.ans_error_detected == EEH_ERS_DISCONNECT ||
		     f->drv.ans_slot_reset == EEH_ERS_DISCONNECT ||
		     f->drv.ans_mmio_enabled == EEH_ERS_DISCONNECT))
			p->disconnect = true;
	}
	for (i = 0; i < t->npe; i++) {
		t->pe[i].leaf = true;
		for (j = 0; j < t->npe; j++)
			if (j != i && covers(t, i, j))
				t->pe[i].leaf = false;
	}
	return 0;
}

static int topo_build(struct soak *k)
{
	struct sk_topo *t = k->t;
	char name[48];
	size_t dl = 0;
	int nphb, p, r, i, g, rc;

	topo_free(t);
	t->s = eeh_session_create(0);
	if (!t->s)
		return bad(k, "cannot create the model");
	t->id = ++k->st->topologies;
	t->desc[0] = 0;
	t->budget = SK_TOPO_BUDGET / 2 + rnd(k, SK_TOPO_BUDGET / 2);
	t->max_freezes = rnd(k, 3) ? EEH_MAX_FREEZES_DEFAULT : 1 + rnd(k, 4);
	eeh_session_set_max_freezes(t->s, t->max_freezes, &k->msg);
	nphb = 1 + rnd(k, 2);
	for (p = 0; p < nphb; p++) {
		enum eeh_phb_model model = rnd(k, 2) ? EEH_PHB4 : EEH_PHB3;
		int num_pes = model == EEH_PHB4 && rnd(k, 2) ? 256 : 0;
		int nrp = 1 + rnd(k, 3);

		dl += snprintf(t->desc + dl, dl < sizeof(t->desc) ?
			       sizeof(t->desc) - dl : 0, "%sphb%d %s/%d:",
			       p ? "; " : "", p,
			       model == EEH_PHB4 ? "phb4" : "phb3",
			       num_pes ? num_pes :
			       model == EEH_PHB4 ? 512 : 256);
		if (eeh_session_phb_add(t->s, p, model, num_pes, &k->msg))
			return bad(k, "phb %d: %s", p, k->msg.text);
		for (r = 0; r < nrp; r++) {
			struct be_node n = { .type = EEH_NODE_ROOT_PORT,
					     .phb = p, .parent = -1,
					     .functions = 1 };
			int rp, up, d, ports;

			snprintf(name, sizeof(name), "p%dr%d", p, r);
			rp = add_node(k, &n, name);
			if (rp < 0)
				return -1;
			if (rnd(k, 10) >= 3) {
				snprintf(name, sizeof(name), "p%dr%de", p, r);
				if (add_endpoint(k, p, rp, name, &dl))
					return -1;
				continue;
			}
			n.type = EEH_NODE_SWITCH_UP;
			n.parent = rp;
			snprintf(name, sizeof(name), "p%dr%ds", p, r);
			up = add_node(k, &n, name);
			if (up < 0)
				return -1;
			ports = 2 + rnd(k, 2);
			dl += snprintf(t->desc + dl, dl < sizeof(t->desc) ?
				       sizeof(t->desc) - dl : 0,
				       " switch%d[", ports);
			for (d = 0; d < ports; d++) {
				int dn;

				n.type = EEH_NODE_SWITCH_DOWN;
				n.parent = up;
				snprintf(name, sizeof(name), "p%dr%ds.%d", p, r, d);
				dn = add_node(k, &n, name);
				if (dn < 0)
					return -1;
				snprintf(name, sizeof(name), "p%dr%dd%d", p, r, d);
				if (add_endpoint(k, p, dn, name, &dl))
					return -1;
			}
			dl += snprintf(t->desc + dl, dl < sizeof(t->desc) ?
				       sizeof(t->desc) - dl : 0, " ]");
		}
	}
	if (eeh_session_enumerate(t->s, &k->msg))
		return bad(k, "enumeration: %s", k->msg.text);
	t->ndev = eeh_session_dev_list(t->s, t->dev, SK_MAX_DEV);
	for (i = 0; i < t->ndev; i++)
		if (t->dev[i].endpoint && set_driver(k, i))
			return -1;
	rc = topo_pes(k);
	if (rc)
		return rc;

	/* guests, each with up to two leaf PEs that have a DMA engine */
	t->nguests = rnd(k, SK_MAX_GUESTS + 1);
	for (g = 0; g < t->nguests; g++) {
		int want = rnd(k, 4) ? 1 : SK_GUEST_PES, got = 0, tries;

		guest_name(g, name, sizeof(name));
		if (eeh_session_guest_create(t->s, name, &k->msg) ||
		    eeh_session_guest_slot(t->s, name, 0, SK_GUEST_MEM, 16,
					   true, true, &k->msg))
			return bad(k, "guest %s: %s", name, k->msg.text);
		for (tries = 0; tries < 8 && got < want; tries++) {
			struct sk_pe *pe = &t->pe[rnd(k, t->npe)];

			if (pe->owner || !pe->leaf || pe->edu < 0)
				continue;
			if (guest_take(k, g, got, pe))
				return -1;
			got++;
		}
		t->gnext[g] = got;
	}
	for (i = 0; i < t->npe; i++) {
		struct sk_pe *pe = &t->pe[i];

		if (!pe->owner && pe->edu >= 0 && host_window(k, pe))
			return -1;
	}
	dl += snprintf(t->desc + dl, dl < sizeof(t->desc) ? sizeof(t->desc) - dl : 0,
		       "; %d PEs, %d guests, max_freezes %d", t->npe,
		       t->nguests, t->max_freezes);
	hash(k, t->npe);
	hash(k, t->ndev);
	if (k->o->verbose)
		say(k, "# topology %llu: %s\n", (unsigned long long)t->id, t->desc);
	return 0;
}

/* ---- the data path ---- */

static int refresh_dev(struct soak *k, int i)
{
	struct be_dev *d = &k->t->dev[i];

	return eeh_session_dev_get(k->t->s, d->phb, d->id, d, &k->msg);
}

/* Fill the edu's buffer at @off with @len bytes of @pat through BAR0 */
static void edu_fill(struct soak *k, int dev, u32 off, const u8 *pat, u32 len)
{
	u32 i;

	for (i = 0; i < len; i += 8) {
		u64 v;

		memcpy(&v, pat + i, 8);
		eeh_session_mmio_write(k->t->s, &k->t->dev[dev], 0,
				       EDU_BUF_OFF + off + i, 8, v, &k->msg);
	}
}

/*
 * A DMA by @p's edu at @ioba (@to_ram: the device writes memory, with a
 * fresh pattern at a random offset of the page). When it is performed
 * the shadow of the buffer page follows. Returns the outcome, -1 on a
 * refusal (a discrepancy).
 */
static int pe_dma_at(struct soak *k, struct sk_pe *p, u64 ioba, bool to_ram,
		     bool straddle, struct be_dma_res *res)
{
	struct be_dma_req req = { .len = SK_DMA_LEN,
				  .dir = to_ram ? BE_DMA_TO_RAM : BE_DMA_TO_DEVICE,
				  .start = BE_DMA_START_DEVICE };
	u8 pat[SK_DMA_LEN];
	u32 off = (u32)rnd(k, (int)(SK_PAGE / SK_DMA_LEN)) * SK_DMA_LEN;
	u32 i;

	for (i = 0; i < SK_DMA_LEN; i++)
		pat[i] = (u8)rnd64(k);
	req.ioba = ioba + off;
	req.buf_off = off;
	if (straddle) {
		/* from the end of the page before into the start of this one */
		off = 0;
		req.ioba = ioba - SK_DMA_LEN / 2;
		req.buf_off = 0;
	}
	if (to_ram)
		edu_fill(k, p->edu, off, pat, SK_DMA_LEN);
	if (eeh_session_dma(k->t->s, &k->t->dev[p->edu], &req, res, &k->msg))
		return bad(k, "DMA of %s: %s", k->t->dev[p->edu].name,
			   k->msg.text);
	if (res->outcome == BE_DMA_OK) {
		k->st->dma_ok++;
		if (to_ram && ioba == SK_IOBA_BUF)
			memcpy(&p->shadow[0][off], pat, SK_DMA_LEN);
	} else if (res->outcome == BE_DMA_BLOCKED) {
		k->st->dma_blocked++;
	}
	hash(k, res->outcome);
	return res->outcome;
}

static int pe_dma(struct soak *k, struct sk_pe *p, u64 ioba, bool to_ram,
		  struct be_dma_res *res)
{
	return pe_dma_at(k, p, ioba, to_ram, false, res);
}

static bool pe_usable(const struct sk_pe *p)
{
	return !p->dead && p->pages && p->edu >= 0;
}

/* Traffic of a PE that is up: it must go through */
static int traffic_ok(struct soak *k, struct sk_pe *p, const char *when)
{
	struct be_dma_res res;
	int o = pe_dma(k, p, SK_IOBA_BUF, true, &res);

	if (o < 0)
		return -1;
	if (o != BE_DMA_OK)
		return bad(k, "%s: DMA of PE %d:%x, which is up, was %s (cause %s)",
			   when, p->phb, p->pe,
			   o == BE_DMA_BLOCKED ? "blocked" : "a fault",
			   eeh_cause_name(res.cause));
	return 0;
}

/* ---- the checks ---- */

static int check_memory(struct soak *k)
{
	struct sk_topo *t = k->t;
	int i, j;

	for (i = 0; i < t->npe; i++) {
		struct sk_pe *p = &t->pe[i];
		char name[16];

		if (!p->pages)
			continue;
		if (p->owner)
			guest_name(p->owner - 1, name, sizeof(name));
		for (j = 0; j < SK_NPAGES; j++) {
			int rc = p->owner ?
				eeh_session_guest_mem(t->s, name, p->page[j],
						      k->page, SK_PAGE, false,
						      &k->msg) :
				eeh_session_mem_read(t->s, p->page[j], k->page,
						     SK_PAGE, &k->msg);
			u64 b;

			if (rc)
				return bad(k, "reading the memory of PE %d:%x: %s",
					   p->phb, p->pe, k->msg.text);
			if (!memcmp(k->page, p->shadow[j], SK_PAGE))
				continue;
			for (b = 0; b < SK_PAGE && k->page[b] == p->shadow[j][b]; b++)
				;
			return bad(k, "memory of PE %d:%x (%s, page %d at 0x%llx) differs from its shadow at +0x%llx: 0x%02x, expected 0x%02x",
				   p->phb, p->pe, p->owner ? name : "host", j,
				   (unsigned long long)p->page[j],
				   (unsigned long long)b, k->page[b],
				   p->shadow[j][b]);
		}
	}
	return 0;
}

/* Exactly the PEs of @want (and the dead ones) are frozen */
static int check_frozen(struct soak *k, const bool *want, const char *when)
{
	struct sk_topo *t = k->t;
	struct be_pe_ref refs[SK_MAX_PE * 2];
	bool seen[SK_MAX_PE] = { false };
	int n, i;

	n = eeh_session_frozen_pes(t->s, refs, SK_MAX_PE * 2);
	for (i = 0; i < n && i < SK_MAX_PE * 2; i++) {
		int j = pe_index(t, refs[i].phb, refs[i].pe);

		if (j < 0)
			return bad(k, "%s: PE %d:%x is frozen and is not one of the topology's",
				   when, refs[i].phb, refs[i].pe);
		seen[j] = true;
	}
	for (i = 0; i < t->npe; i++) {
		bool w = (t->pe[i].dead && t->pe[i].dead_frozen) ||
			 (want && want[i]);

		if (w == seen[i])
			continue;
		return bad(k, "%s: PE %d:%x is %s, expected %s%s", when,
			   t->pe[i].phb, t->pe[i].pe,
			   seen[i] ? "frozen" : "not frozen",
			   w ? "frozen" : "not frozen",
			   t->pe[i].dead ? " (permanently failed)" : "");
	}
	hash(k, (u64)n);
	return 0;
}

/* After the recovery: nothing left of it on the PEs that are up */
static int check_steady(struct soak *k)
{
	struct sk_topo *t = k->t;
	const u32 flags = EEH_PE_ISOLATED | EEH_PE_RECOVERING | EEH_PE_RESET |
			  EEH_PE_CFG_BLOCKED;
	int i, j;
	char why[256];

	if (check_frozen(k, NULL, "after the recovery"))
		return -1;
	for (i = 0; i < EEH_MAX_PHBS; i++) {
		struct eeh_phb *phb = eeh_phb_get(t->s->m, i);

		if (phb && eeh_trap_count(phb))
			return bad(k, "PHB %d: %d injection(s) still armed: injected but never tripped",
				   i, eeh_trap_count(phb));
	}
	for (i = 0; i < t->npe; i++) {
		struct sk_pe *p = &t->pe[i];
		struct be_pe_state ps;

		if (eeh_session_pe_state(t->s, p->phb, p->pe, &ps, &k->msg))
			return bad(k, "state of PE %d:%x: %s", p->phb, p->pe,
				   k->msg.text);
		if (p->dead) {
			/* removed for good: flagged, its devices gone */
			if (!(ps.sw_state & EEH_PE_REMOVED))
				return bad(k, "PE %d:%x failed permanently but is not flagged removed (0x%x)",
					   p->phb, p->pe, ps.sw_state);
			for (j = 0; j < p->ndev && !p->owner; j++) {
				if (refresh_dev(k, p->dev[j]))
					return bad(k, "%s", k->msg.text);
				if (t->dev[p->dev[j]].present)
					return bad(k, "%s of PE %d:%x, which failed permanently, is still present",
						   t->dev[p->dev[j]].name, p->phb, p->pe);
			}
			continue;
		}
		/*
		 * A guest's thaw (VFIO UNFREEZE_IO/DMA, eeh_pci_enable) leaves
		 * ISOLATED, which the state query set, on the host's PE as
		 * Linux does; the owner change clears it.
		 */
		if (ps.sw_state & (p->owner ? flags & ~EEH_PE_ISOLATED : flags))
			return bad(k, "PE %d:%x is up but its EEH flags are 0x%x (%s)",
				   p->phb, p->pe, ps.sw_state, ps.sysfs);
		for (j = 0; j < p->ndev; j++) {
			if (refresh_dev(k, p->dev[j]))
				return bad(k, "%s", k->msg.text);
			if (!t->dev[p->dev[j]].present)
				return bad(k, "%s of PE %d:%x, which is up, is not present",
					   t->dev[p->dev[j]].name, p->phb, p->pe);
		}
		if (p->edu >= 0) {
			u64 v = 0;

			eeh_session_mmio_read(t->s, &t->dev[p->edu], 0,
					      EDU_REG_ID, 4, false, &v, &k->msg);
			if (v != EDU_ID_VALUE)
				return bad(k, "%s of PE %d:%x, which is up, reads 0x%llx at its ID register",
					   t->dev[p->edu].name, p->phb, p->pe,
					   (unsigned long long)v);
		}
	}
	if (eeh_session_invariants(t->s, why, sizeof(why)))
		return bad(k, "isolation invariant: %s", why);
	return check_memory(k);
}

static int check_tally(struct soak *k)
{
	const struct soak_tally *s = &k->st->total;

	if (s->injected == s->detected && s->detected == s->recovered + s->perm)
		return 0;
	return bad(k, "tallies do not balance: injected %llu, detected %llu, recovered %llu + permanent failures %llu",
		   (unsigned long long)s->injected,
		   (unsigned long long)s->detected,
		   (unsigned long long)s->recovered,
		   (unsigned long long)s->perm);
}

/* ---- choosing the fault ---- */

/* Is the PHB of @p, or the subtree of @p, touched by a failed PE? */
static bool phb_has_dead(struct sk_topo *t, int phb)
{
	int i;

	for (i = 0; i < t->npe; i++)
		if (t->pe[i].phb == phb && t->pe[i].dead)
			return true;
	return false;
}

static bool subtree_live(struct sk_topo *t, int p)
{
	int i;

	for (i = 0; i < t->npe; i++)
		if (t->pe[i].dead && covers(t, p, i))
			return false;
	return true;
}

static enum eeh_phb_model phb_model(struct sk_topo *t, int phb)
{
	return eeh_phb_get(t->s->m, phb)->model;
}

static bool fw_accepts(struct sk_topo *t, int phb, int type, int func)
{
	return eeh_inj_fw_answer(phb_model(t, phb), type, func) == EEH_FW_ACCEPTED;
}

static bool class_ok(struct sk_topo *t, int i, enum soak_class c)
{
	struct sk_pe *p = &t->pe[i];

	if (p->dead || !subtree_live(t, i))
		return false;
	switch (c) {
	case SK_FREEZE_MMIO:
	case SK_FREEZE_DMA:
	case SK_FREEZE_BOTH:
		return p->leaf;
	case SK_PELTV:
		return !p->leaf;
	case SK_FENCE:
		return !phb_has_dead(t, p->phb);
	case SK_DMA_INJECT:
	case SK_DMA_INVALID_TCE:
	case SK_DMA_READ_ONLY:
	case SK_DMA_WRITE_ONLY:
	case SK_DMA_OUT_OF_WINDOW:
	case SK_DMA_NO_TVE:
		return pe_usable(p);
	case SK_FUNC_MEM32:
		return p->bar32 && fw_accepts(t, p->phb, 0, EEH_ERR_FUNC_LD_MEM_ADDR);
	case SK_FUNC_MEM64:
		return p->bar64 && fw_accepts(t, p->phb, 1, EEH_ERR_FUNC_LD_MEM_ADDR);
	case SK_FUNC_CFG:
		return fw_accepts(t, p->phb, 0, EEH_ERR_FUNC_LD_CFG_ADDR);
	case SK_FUNC_DMA:
		return pe_usable(p) &&
		       fw_accepts(t, p->phb, 0, EEH_ERR_FUNC_DMA_RD_ADDR);
	default:
		return false;
	}
}

/* A class and a PE for it; false when nothing is left to inject */
static bool choose(struct soak *k, struct sk_inj *c)
{
	struct sk_topo *t = k->t;
	int first = rnd(k, SK_CLASS__COUNT), n, i, cand[SK_MAX_PE], nc, pref;
	int owned = rnd(k, 2);	/* half the time a guest's PE, if one fits */
	bool hot = k->hot >= 0 && k->hot < t->npe && !rnd(k, 4);

	for (n = 0; n < SK_CLASS__COUNT; n++) {
		enum soak_class cls = (enum soak_class)((first + n) % SK_CLASS__COUNT);

		if (hot && class_ok(t, k->hot, cls)) {
			c->cls = cls;
			c->target = k->hot;
			return true;
		}
		for (i = 0, nc = 0; i < t->npe; i++)
			if (class_ok(t, i, cls))
				cand[nc++] = i;
		if (!nc)
			continue;
		/* the candidates of the preferred owner first */
		for (i = 0, pref = 0; i < nc; i++) {
			if (!t->pe[cand[i]].owner == !owned) {
				int x = cand[pref];

				cand[pref++] = cand[i];
				cand[i] = x;
			}
		}
		c->cls = cls;
		c->target = cand[rnd(k, pref ? pref : nc)];
		return true;
	}
	return false;
}

/* ---- injecting ---- */

static int inject(struct soak *k, struct eeh_inj_req *req)
{
	struct eeh_inj_result res;

	if (eeh_session_inject(k->t->s, req, &res, &k->msg))
		return bad(k, "injection refused: %s", k->msg.text);
	return 0;
}

/* The trap armed on @p's PE (the only one armed on its PHB) */
static struct eeh_trap *armed_trap(struct sk_topo *t, struct sk_pe *p)
{
	struct eeh_phb *phb = eeh_phb_get(t->s->m, p->phb);
	int i;

	for (i = 0; i < EEH_MAX_TRAPS; i++)
		if (phb->traps[i].armed && phb->traps[i].pe == p->pe)
			return &phb->traps[i];
	return NULL;
}

/*
 * The access that trips a MEM or CFG injection: the first BAR (or
 * function) of the PE the armed trap's address and mask take in.
 */
static int trip_access(struct soak *k, struct sk_pe *p, struct eeh_trap *tr,
		       bool cfg)
{
	struct sk_topo *t = k->t;
	int i, b;

	for (i = 0; i < p->ndev; i++) {
		struct eeh_func *f = func_of(t, p->dev[i]);
		struct be_dev *d = &t->dev[p->dev[i]];
		u64 v = 0;

		if (!f || !f->present)
			continue;
		if (cfg) {
			u64 a = ((u64)(f->bus << 8 | f->devfn)) << 16;
			u32 cv = 0;

			if ((a ^ tr->addr) & tr->mask)
				continue;
			if (tr->access & EEH_ACC_CFG_STORE)
				eeh_session_cfg_write(t->s, d, 0x40, 4, 0, &k->msg);
			else
				eeh_session_cfg_read(t->s, d, 0, 4, &cv, &k->msg);
			return 0;
		}
		for (b = 0; b < EEH_MAX_BARS; b++) {
			u64 a = f->bars[b].addr;

			if (!f->bars[b].size || !a || (a ^ tr->addr) & tr->mask ||
			    f->bars[b].is64 != (tr->space == 1))
				continue;
			if (tr->access & EEH_ACC_MMIO_STORE)
				eeh_session_mmio_write(t->s, d, b, 0x10, 4, 0,
						       &k->msg);
			else
				eeh_session_mmio_read(t->s, d, b, 0, 4, false,
						      &v, &k->msg);
			return 0;
		}
	}
	return bad(k, "no access of the PE reaches the armed injection (addr 0x%llx mask 0x%llx)",
		   (unsigned long long)tr->addr, (unsigned long long)tr->mask);
}

static int dma_fault_check(struct soak *k, u64 ioba, int o,
			   const struct be_dma_res *r, enum eeh_cause cause);

/* A DMA that must fault with @cause and write nothing */
static int dma_fault(struct soak *k, struct sk_pe *p, u64 ioba, bool to_ram,
		     enum eeh_cause cause)
{
	struct be_dma_res res;
	int o = pe_dma(k, p, ioba, to_ram, &res);

	return dma_fault_check(k, ioba, o, &res, cause);
}

/*
 * A DMA that starts in a page it may use and runs into @ioba's, which
 * faults: every page is translated before a byte moves, so the first
 * page must not change either.
 */
static int dma_fault_straddle(struct soak *k, struct sk_pe *p, u64 ioba,
			      bool to_ram, enum eeh_cause cause)
{
	struct be_dma_res res;
	int o = pe_dma_at(k, p, ioba, to_ram, true, &res);

	snprintf(k->cur->fault + strlen(k->cur->fault),
		 sizeof(k->cur->fault) - strlen(k->cur->fault),
		 ", from 0x%llx", (unsigned long long)(ioba - SK_DMA_LEN / 2));
	return dma_fault_check(k, ioba, o, &res, cause);
}

static int dma_fault_check(struct soak *k, u64 ioba, int o,
			   const struct be_dma_res *r, enum eeh_cause cause)
{
	struct be_dma_res res = *r;

	if (o < 0)
		return -1;
	if (o != BE_DMA_FAULT || res.cause != cause)
		return bad(k, "the faulting DMA at 0x%llx was %s with cause %s, expected a fault with cause %s",
			   (unsigned long long)ioba,
			   o == BE_DMA_OK ? "performed" :
			   o == BE_DMA_BLOCKED ? "blocked" : "a fault",
			   eeh_cause_name(res.cause), eeh_cause_name(cause));
	return 0;
}

static const enum eeh_cause dma_causes[] = {
	EEH_CAUSE_DMA_INVALID_TCE, EEH_CAUSE_DMA_READ_ONLY,
	EEH_CAUSE_DMA_WRITE_ONLY, EEH_CAUSE_DMA_OUT_OF_WINDOW,
	EEH_CAUSE_DMA_NO_TVE, EEH_CAUSE_MASTER_ABORT, EEH_CAUSE_TARGET_ABORT,
};

static const int mem_funcs[] = {
	EEH_ERR_FUNC_LD_MEM_ADDR, EEH_ERR_FUNC_LD_MEM_DATA,
	EEH_ERR_FUNC_ST_MEM_ADDR, EEH_ERR_FUNC_ST_MEM_DATA,
};

static const int cfg_funcs[] = {
	EEH_ERR_FUNC_LD_CFG_ADDR, EEH_ERR_FUNC_LD_CFG_DATA,
	EEH_ERR_FUNC_ST_CFG_ADDR, EEH_ERR_FUNC_ST_CFG_DATA,
};

static enum eeh_cause func_dma_cause(int f)
{
	if (f == EEH_ERR_FUNC_DMA_RD_MASTER || f == EEH_ERR_FUNC_DMA_WR_MASTER)
		return EEH_CAUSE_MASTER_ABORT;
	if (f == EEH_ERR_FUNC_DMA_RD_TARGET || f == EEH_ERR_FUNC_DMA_WR_TARGET)
		return EEH_CAUSE_TARGET_ABORT;
	return EEH_CAUSE_INJECT;
}

/* A firmware error-injection function: by the host, or by the owning guest */
static int inject_func(struct soak *k, struct sk_pe *p, int type, int func)
{
	struct eeh_inj_req req = { .kind = EEH_INJ_FUNC, .phb = p->phb,
				   .pe = p->pe, .type = type, .func = func };
	bool by_guest = p->owner && rnd(k, 2);

	snprintf(k->cur->fault, sizeof(k->cur->fault), "%s type %d by the %s",
		 eeh_inj_func_name(func), type, by_guest ? "guest (VFIO)" : "host");
	if (!by_guest)
		return inject(k, &req);
	if (eeh_session_guest_eeh(k->t->s, p->phb, p->pe, EEH_VFIO_INJECT_ERR,
				  type, func, 0, 0, &k->msg))
		return bad(k, "VFIO INJECT_ERR refused: %s", k->msg.text);
	return 0;
}

static int do_fault(struct soak *k, struct sk_inj *c)
{
	struct sk_topo *t = k->t;
	struct sk_pe *p = &t->pe[c->target];
	struct eeh_inj_req req = { .phb = p->phb, .pe = p->pe };
	u64 oow = p->owner ? EEH_WIN32_SIZE : SK_HOST_WIN;
	struct eeh_trap *tr;
	int f, i;

	c->phb = p->phb;
	c->top = p->pe;
	c->halves = EEH_FREEZE_BOTH;
	switch (c->cls) {
	case SK_FREEZE_MMIO:
	case SK_FREEZE_DMA:
	case SK_FREEZE_BOTH:
	case SK_PELTV:
		req.kind = EEH_INJ_FREEZE;
		req.which = c->cls == SK_FREEZE_MMIO ? EEH_FREEZE_MMIO :
			    c->cls == SK_FREEZE_DMA ? EEH_FREEZE_DMA :
			    c->cls == SK_FREEZE_BOTH ? EEH_FREEZE_BOTH :
			    (u32)(1 + rnd(k, 3));
		c->halves = req.which;
		snprintf(c->fault, sizeof(c->fault), "freeze %s",
			 req.which == EEH_FREEZE_MMIO ? "mmio" :
			 req.which == EEH_FREEZE_DMA ? "dma" : "both");
		return inject(k, &req);
	case SK_FENCE:
		req.kind = EEH_INJ_FENCE;
		req.pe = -1;
		c->top = -1;
		snprintf(c->fault, sizeof(c->fault), "fence PHB %d", p->phb);
		return inject(k, &req);
	case SK_DMA_INJECT:
		req.kind = EEH_INJ_DMA_FAULT;
		req.dma_cause = dma_causes[rnd(k, (int)(sizeof(dma_causes) /
						       sizeof(dma_causes[0])))];
		snprintf(c->fault, sizeof(c->fault), "dma-fault cause %s",
			 eeh_cause_name(req.dma_cause));
		if (inject(k, &req))
			return -1;
		return dma_fault(k, p, SK_IOBA_BUF, rnd(k, 2), req.dma_cause);
	case SK_DMA_INVALID_TCE:
		snprintf(c->fault, sizeof(c->fault), "DMA to 0x%llx (no TCE)",
			 SK_IOBA_HOLE);
		return (rnd(k, 2) ? dma_fault : dma_fault_straddle)
			(k, p, SK_IOBA_HOLE, true, EEH_CAUSE_DMA_INVALID_TCE);
	case SK_DMA_READ_ONLY:
		snprintf(c->fault, sizeof(c->fault), "device write to 0x%llx (read-only TCE)",
			 SK_IOBA_RO);
		return (rnd(k, 2) ? dma_fault : dma_fault_straddle)
			(k, p, SK_IOBA_RO, true, EEH_CAUSE_DMA_READ_ONLY);
	case SK_DMA_WRITE_ONLY:
		snprintf(c->fault, sizeof(c->fault), "device read of 0x%llx (write-only TCE)",
			 SK_IOBA_WO);
		return (rnd(k, 2) ? dma_fault : dma_fault_straddle)
			(k, p, SK_IOBA_WO, false, EEH_CAUSE_DMA_WRITE_ONLY);
	case SK_DMA_OUT_OF_WINDOW:
		snprintf(c->fault, sizeof(c->fault), "DMA to 0x%llx (past the window)",
			 (unsigned long long)oow);
		return dma_fault(k, p, oow, true, EEH_CAUSE_DMA_OUT_OF_WINDOW);
	case SK_DMA_NO_TVE:
		snprintf(c->fault, sizeof(c->fault), "DMA to 0x%llx (no 64-bit TVE)",
			 EEH_TVE_64BIT_BASE);
		return dma_fault(k, p, EEH_TVE_64BIT_BASE, true,
				 EEH_CAUSE_DMA_NO_TVE);
	case SK_FUNC_MEM32:
	case SK_FUNC_MEM64:
	case SK_FUNC_CFG:
		f = c->cls == SK_FUNC_CFG ? cfg_funcs[rnd(k, 4)] : mem_funcs[rnd(k, 4)];
		i = c->cls == SK_FUNC_MEM64 ? 1 : c->cls == SK_FUNC_CFG ? rnd(k, 2) : 0;
		if (inject_func(k, p, i, f))
			return -1;
		tr = armed_trap(t, p);
		if (!tr)
			return bad(k, "no injection armed on the PE");
		return trip_access(k, p, tr, c->cls == SK_FUNC_CFG);
	case SK_FUNC_DMA:
		f = EEH_ERR_FUNC_DMA_RD_ADDR + rnd(k, 8);
		if (inject_func(k, p, 0, f))
			return -1;
		return dma_fault(k, p, SK_IOBA_BUF, f >= EEH_ERR_FUNC_DMA_WR_ADDR,
				 func_dma_cause(f));
	default:
		return bad(k, "unknown class %d", c->cls);
	}
}

/* ---- recovering ---- */

static bool guest_frozen(struct soak *k, struct sk_pe *p)
{
	int st = eeh_session_guest_eeh(k->t->s, p->phb, p->pe,
				       EEH_VFIO_GET_STATE, 0, 0, 0, 0, &k->msg);

	return st != EEH_PE_STATE_NORMAL;
}

/* The guest's RTAS calls, as QEMU turns them into VFIO EEH operations */
static int rtas(struct soak *k, struct sk_pe *p, int call, u32 option,
		struct eeh_rtas_rets *rets)
{
	struct eeh_phb *phb = eeh_phb_get(k->t->s->m, p->phb);
	struct eeh_func *f = func_of(k->t, p->edu);
	struct eeh_rtas_args a = {
		.guest = phb->pes[p->pe].owner,
		.buid = (u64)p->phb,
		.addr = (u32)f->bus << 16 | (u32)f->devfn << 8,
		.option = option,
	};
	int st;

	memset(rets, 0, sizeof(*rets));
	st = eeh_rtas_call(&k->t->s->rec, call, &a, rets, &k->msg);
	if (st != EEH_RTAS_SUCCESS)
		return bad(k, "guest RTAS %s (option %u) on PE %d:%x: status %d: %s",
			   eeh_rtas_call_name(call), option, p->phb, p->pe, st,
			   k->msg.text);
	return 0;
}

/* The guest's recovery through RTAS: thaw, or hot reset and configure */
static int guest_recover_rtas(struct soak *k, struct sk_pe *p, bool reset,
			      int want)
{
	struct eeh_rtas_rets r;

	if (rtas(k, p, EEH_RTAS_READ_SLOT_RESET_STATE2, 0, &r))
		return -1;
	if (r.state != want)
		return bad(k, "guest: ibm,read-slot-reset-state2 of PE %d:%x says %d, expected %d",
			   p->phb, p->pe, r.state, want);
	if (reset) {
		if (rtas(k, p, EEH_RTAS_SET_SLOT_RESET,
			 EEH_RTAS_SLOT_RESET_HOT, &r) ||
		    rtas(k, p, EEH_RTAS_SET_SLOT_RESET,
			 EEH_RTAS_SLOT_RESET_DEACTIVATE, &r) ||
		    rtas(k, p, EEH_RTAS_CONFIGURE_PE, 0, &r))
			return -1;
	} else if (rtas(k, p, EEH_RTAS_SET_EEH_OPTION, EEH_RTAS_EEH_THAW_IO, &r) ||
		   rtas(k, p, EEH_RTAS_SET_EEH_OPTION, EEH_RTAS_EEH_THAW_DMA, &r)) {
		return -1;
	}
	if (rtas(k, p, EEH_RTAS_READ_SLOT_RESET_STATE2, 0, &r))
		return -1;
	if (r.state != EEH_PE_STATE_NORMAL)
		return bad(k, "guest RTAS %s of PE %d:%x left it in state %d",
			   reset ? "reset" : "thaw", p->phb, p->pe, r.state);
	k->st->guest_recoveries++;
	hash(k, 0x7a5 + reset);
	return 0;
}

/*
 * The guest's recovery of its PE: thaw, or reset and configure, through
 * the VFIO EEH operations or through RTAS as QEMU does them.
 */
static int guest_recover(struct soak *k, struct sk_pe *p)
{
	static const int thaw[] = { EEH_VFIO_UNFREEZE_IO, EEH_VFIO_UNFREEZE_DMA, -1 };
	static const int hot[] = { EEH_VFIO_RESET_HOT, EEH_VFIO_RESET_DEACTIVATE,
				   EEH_VFIO_CONFIGURE, -1 };
	static const int fund[] = { EEH_VFIO_RESET_FUNDAMENTAL,
				    EEH_VFIO_RESET_DEACTIVATE, EEH_VFIO_CONFIGURE, -1 };
	const int *ops;
	int x = rnd(k, 5), i, st, want;
	struct be_pe_state ps;

	ops = x == 0 ? thaw : x == 1 ? hot : fund;
	if (eeh_session_pe_state(k->t->s, p->phb, p->pe, &ps, &k->msg))
		return bad(k, "state of PE %d:%x: %s", p->phb, p->pe, k->msg.text);
	/*
	 * eeh_pe_get_state(): both halves frozen read STOPPED_IO_DMA, the
	 * DMA half STOPPED_DMA, the MMIO half alone "unavailable".
	 */
	want = ps.fw == EEH_FW_MMIO_DMA_FREEZE ? EEH_PE_STATE_STOPPED_IO_DMA :
	       ps.fw == EEH_FW_DMA_FREEZE ? EEH_PE_STATE_STOPPED_DMA :
	       ps.fw == EEH_FW_MMIO_FREEZE ? EEH_PE_STATE_UNAVAIL : -1;
	if (x >= 3)
		return guest_recover_rtas(k, p, x == 4, want);
	st = eeh_session_guest_eeh(k->t->s, p->phb, p->pe, EEH_VFIO_GET_STATE,
				   0, 0, 0, 0, &k->msg);
	if (st != want)
		return bad(k, "guest: PE %d:%x is frozen (%s) but GET_STATE says %d, expected %d",
			   p->phb, p->pe, eeh_fw_state_name(ps.fw), st, want);
	for (i = 0; ops[i] >= 0; i++)
		if (eeh_session_guest_eeh(k->t->s, p->phb, p->pe, ops[i], 0, 0,
					  0, 0, &k->msg) < 0)
			return bad(k, "guest recovery of PE %d:%x: %s: %s",
				   p->phb, p->pe, eeh_vfio_op_name(ops[i]),
				   k->msg.text);
	if (guest_frozen(k, p))
		return bad(k, "guest recovery (%s) of PE %d:%x left it frozen",
			   x ? "reset" : "thaw", p->phb, p->pe);
	k->st->guest_recoveries++;
	hash(k, 0x6e57 + x);
	return 0;
}

/*
 * Mark the PEs a permanent failure takes with it. Linux removes the
 * devices and leaves the hardware as it is: frozen when the failure came
 * before any reset (the freeze limit, a DISCONNECT answer to
 * error_detected), thawed when it came after one (slot_reset answering
 * DISCONNECT), except the PEs a guest owns, which the reset re-froze.
 */
static void mark_dead(struct soak *k, struct sk_inj *c,
		      const struct eeh_rec_event *ev)
{
	struct sk_topo *t = k->t;
	int i;

	for (i = 0; i < t->npe; i++) {
		if (!c->aff[i])
			continue;
		t->pe[i].dead = true;
		t->pe[i].dead_frozen = t->pe[i].owner || ev->resets == 0;
	}
}

static bool scope_disconnect(struct soak *k, struct sk_inj *c)
{
	int i;

	for (i = 0; i < k->t->npe; i++)
		if (c->aff[i] && k->t->pe[i].disconnect)
			return true;
	return false;
}

/*
 * Detection, as a driver would see it: a check of a function of a
 * concerned PE (the host's when the fault is the host's), or an MMIO
 * load that reads all-ones.
 */
static int detect(struct soak *k, struct sk_inj *c, int pos)
{
	struct sk_topo *t = k->t;
	struct sk_pe *tp = &t->pe[c->target];
	int cand[SK_MAX_DEV], nc = 0, i, j, dev;
	struct eeh_recovery *q;
	bool queued = false;

	for (i = 0; i < t->npe; i++) {
		struct sk_pe *p = &t->pe[i];

		if (!c->aff[i])
			continue;
		/* a fence: the host's functions; else the fault's owner's */
		if ((c->top < 0 || !tp->owner) ? p->owner != 0 :
		    i != c->target)
			continue;
		for (j = 0; j < p->ndev; j++)
			if (t->dev[p->dev[j]].present)
				cand[nc++] = p->dev[j];
	}
	if (!nc)
		return bad(k, "no function to detect the fault with");
	dev = cand[rnd(k, nc)];
	if ((c->halves & EEH_FREEZE_MMIO) && t->dev[dev].edu && rnd(k, 2)) {
		u64 v = 0;

		if (eeh_session_mmio_read(t->s, &t->dev[dev], 0, EDU_REG_ID, 4,
					  true, &v, &k->msg))
			return bad(k, "detecting MMIO load: %s", k->msg.text);
		if (v != 0xffffffffULL)
			return bad(k, "MMIO load of %s read 0x%llx while its PE is frozen",
				   t->dev[dev].name, (unsigned long long)v);
	} else if (eeh_session_check(t->s, &t->dev[dev], &queued, &k->msg)) {
		return bad(k, "failure check on %s: %s", t->dev[dev].name,
			   k->msg.text);
	}
	/*
	 * The access that tripped the fault may have detected it already
	 * (a config read of all-ones runs the check, as Linux's accessors
	 * do): what counts is the one event queued for it.
	 */
	q = &t->s->rec;
	if (q->nqueued != pos + 1 || q->queue[pos].phb != c->phb ||
	    q->queue[pos].pe != c->top)
		return bad(k, "the fault was not detected as one event for PE %d:%x (check of %s; %d events queued, the last for %d:%x)",
			   c->phb, c->top, t->dev[dev].name, q->nqueued,
			   q->nqueued ? q->queue[q->nqueued - 1].phb : -1,
			   q->nqueued ? q->queue[q->nqueued - 1].pe : -1);
	return 0;
}

/* One handled event against the fault it is for; *perm: it failed it */
static int check_event(struct soak *k, struct sk_inj *c,
		       const struct eeh_rec_event *ev, bool *perm)
{
	struct sk_topo *t = k->t;
	struct sk_pe *tp = &t->pe[c->target];
	enum eeh_rec_result want;
	bool guest = tp->owner && c->top >= 0;	/* the guest's own fault */

	*perm = false;
	k->cur = c;
	hash(k, (u64)ev->result << 32 | (u32)ev->pe);
	hash(k, (u64)ev->resets << 32 | (u32)ev->freeze_count);
	if (ev->phb != c->phb || ev->pe != c->top)
		return bad(k, "the event was for PE %d:%x, expected %d:%x",
			   ev->phb, ev->pe, c->phb, c->top);
	want = c->top < 0 ? EEH_REC_PHB_RECOVERED :
	       guest ? EEH_REC_LEFT_TO_OWNER : EEH_REC_RECOVERED;
	if (ev->result == EEH_REC_PERM_FAILURE && !guest) {
		if (ev->freeze_count <= t->max_freezes && !scope_disconnect(k, c))
			return bad(k, "permanent failure with %d freezes (limit %d) and no driver answering DISCONNECT: %s",
				   ev->freeze_count, t->max_freezes, ev->text);
		*perm = true;
		mark_dead(k, c, ev);
		return 0;
	}
	if (ev->result != want)
		return bad(k, "recovery result %s, expected %s: %s",
			   eeh_rec_result_name(ev->result),
			   eeh_rec_result_name(want), ev->text);
	if (!guest && ev->freeze_count > t->max_freezes)
		return bad(k, "freeze count %d is over the limit %d and the PE was recovered",
			   ev->freeze_count, t->max_freezes);
	if (guest && !guest_frozen(k, tp))
		return bad(k, "the guest's PE is not frozen after the host left it to its owner");
	return 0;
}

/*
 * The host's recovery (one event per fault, in the order they were
 * detected), then the guests' of what the host left them.
 */
static int recover(struct soak *k, struct sk_inj *c, int nf, bool *perm)
{
	struct sk_topo *t = k->t;
	struct eeh_rec_event ev[EEH_MAX_EVENTS];
	int n = 0, i, f;

	if (eeh_session_recover(t->s, ev, EEH_MAX_EVENTS, &n, &k->msg))
		return bad(k, "recovery: %s", k->msg.text);
	if (n != nf)
		return bad(k, "the recovery handled %d events, expected %d", n, nf);
	for (f = 0; f < nf; f++)
		if (check_event(k, &c[f], &ev[f], &perm[f]))
			return -1;
	for (f = 0; f < nf; f++) {
		k->cur = &c[f];
		for (i = 0; i < t->npe; i++) {
			struct sk_pe *p = &t->pe[i];

			if (!c[f].aff[i] || !p->owner || p->dead ||
			    !guest_frozen(k, p))
				continue;
			if (guest_recover(k, p))
				return -1;
		}
	}
	return 0;
}

/* ---- one injection ---- */

static void advance(struct soak *k)
{
	int x = rnd(k, 100);
	u64 ms = x < 50 ? (u64)rnd(k, 60000) :
		 x < 92 ? 60000ULL * (1 + rnd(k, 30)) : 2ULL * 3600 * 1000;

	eeh_session_advance(k->t->s, ms, &k->msg);
}

static struct soak_tally *tally(struct soak *k, struct sk_inj *c)
{
	return &k->st->cls[c->cls];
}

static int sabotage(struct soak *k, struct sk_inj *c, enum soak_sabotage when)
{
	struct sk_topo *t = k->t;
	int i;

	if (!k->sabotage_due || k->o->sabotage != when)
		return 0;
	for (i = 0; i < t->npe; i++) {
		struct sk_pe *p = &t->pe[i];

		if (c->aff[i] || p->dead)
			continue;
		if (when == SK_SABOTAGE_MEMORY && p->pages) {
			u8 b = (u8)~p->shadow[0][100];
			char name[16];

			guest_name(p->owner - 1, name, sizeof(name));
			if (p->owner)
				eeh_session_guest_mem(t->s, name, p->page[0] + 100,
						      &b, 1, true, &k->msg);
			else
				eeh_session_mem_write(t->s, p->page[0] + 100, &b,
						      1, &k->msg);
			k->sabotage_due = false;
			return 0;
		}
		if (when == SK_SABOTAGE_STRAY_FREEZE && p->leaf) {
			struct eeh_inj_req req = { .kind = EEH_INJ_FREEZE,
						   .phb = p->phb, .pe = p->pe,
						   .which = EEH_FREEZE_BOTH };

			k->sabotage_due = false;
			return inject(k, &req);
		}
	}
	return 0;
}

/*
 * Now and then a PE changes hands before the fault: a guest gives one
 * back (the host maps it again), or takes one from the host.
 */
static int owner_change(struct soak *k)
{
	struct sk_topo *t = k->t;
	int i = rnd(k, t->npe), g, j, n;
	struct sk_pe *p = &t->pe[i];
	char name[16];

	if (p->dead || !p->leaf || p->edu < 0 || !subtree_live(t, i))
		return 0;
	if (p->owner) {
		guest_name(p->owner - 1, name, sizeof(name));
		if (eeh_session_guest_release(t->s, p->phb, p->pe, &k->msg))
			return bad(k, "%s releasing PE %d:%x: %s", name, p->phb,
				   p->pe, k->msg.text);
		p->owner = 0;
		p->pages = false;
		hash(k, 0x7e1ea5e);
		if (k->o->verbose)
			say(k, "# %s gives PE %d:%x back to the host\n", name,
			    p->phb, p->pe);
		return host_window(k, p);
	}
	if (!t->nguests)
		return 0;
	g = rnd(k, t->nguests);
	for (j = 0, n = 0; j < t->npe; j++)
		n += t->pe[j].owner == g + 1;
	if (n >= SK_GUEST_PES || t->gnext[g] >= 14)
		return 0;
	hash(k, 0xa55167);
	if (k->o->verbose)
		say(k, "# g%d takes PE %d:%x\n", g, p->phb, p->pe);
	return guest_take(k, g, t->gnext[g]++, p);
}

static int ndead(struct sk_topo *t)
{
	int i, n = 0;

	for (i = 0; i < t->npe; i++)
		n += t->pe[i].dead;
	return n;
}

/*
 * Now and then a second fault before anything is detected: an immediate
 * freeze of a leaf PE (the host's or a guest's) the first one does not
 * concern.
 */
static bool choose_second(struct soak *k, struct sk_inj *c, struct sk_inj *c2)
{
	struct sk_topo *t = k->t;
	int cand[SK_MAX_PE], nc = 0, i;

	if (rnd(k, 8) || (k->o->iterations && k->iter >= k->o->iterations))
		return false;
	for (i = 0; i < t->npe; i++)
		if (!c->aff[i] && class_ok(t, i, SK_FREEZE_BOTH))
			cand[nc++] = i;
	if (!nc)
		return false;
	memset(c2, 0, sizeof(*c2));
	c2->cls = SK_FREEZE_BOTH;
	c2->target = cand[rnd(k, nc)];
	return true;
}

static int injected(struct soak *k, struct sk_inj *c)
{
	struct sk_topo *t = k->t;
	struct sk_pe *tp = &t->pe[c->target];
	int i;

	hash(k, (u64)c->cls << 48 | (u64)c->phb << 32 | (u32)tp->pe);
	for (i = 0; i < t->npe; i++)
		c->aff[i] = c->cls == SK_FENCE ? t->pe[i].phb == c->phb :
			    covers(t, c->target, i);
	tally(k, c)->injected++;
	k->st->total.injected++;
	if (tp->owner && c->top >= 0) {
		tally(k, c)->guest++;
		k->st->total.guest++;
	}
	return 0;
}

static int one(struct soak *k)
{
	struct sk_topo *t = k->t;
	struct sk_inj c[2], all;
	bool perm[2] = { false, false };
	u32 halves[SK_MAX_PE];
	struct sk_pe *tp;
	int i, f, nf = 1;

	memset(c, 0, sizeof(c));
	if (t->s && t->budget && !rnd(k, 16)) {
		k->cur = NULL;
		if (owner_change(k))
			return -1;
	}
	/* a new topology when this one is used up or a third of it failed */
	if (!t->s || !t->budget || 3 * ndead(t) > t->npe || !choose(k, &c[0])) {
		if (topo_build(k))
			return -1;
		k->hot = -1;
		if (!choose(k, &c[0]))
			return bad(k, "a new topology offers no fault to inject");
	}
	t->budget--;
	k->cur = &c[0];
	k->iter++;
	tp = &t->pe[c[0].target];
	k->hot = c[0].target;
	advance(k);

	/* traffic before: a PE that is up */
	for (i = 0; i < 2; i++) {
		struct sk_pe *p = &t->pe[rnd(k, t->npe)];

		if (pe_usable(p) && traffic_ok(k, p, "before the fault"))
			return -1;
	}

	if (do_fault(k, &c[0]) || injected(k, &c[0]))
		return -1;
	if (choose_second(k, &c[0], &c[1])) {
		k->cur = &c[1];
		k->iter++;
		if (do_fault(k, &c[1]) || injected(k, &c[1]))
			return -1;
		nf = 2;
	}
	if (k->o->sabotage && !k->sabotage_armed && k->iter >= k->o->sabotage_at)
		k->sabotage_due = k->sabotage_armed = true;
	memset(&all, 0, sizeof(all));
	memset(halves, 0, sizeof(halves));
	for (f = 0; f < nf; f++)
		for (i = 0; i < t->npe; i++)
			if (c[f].aff[i]) {
				all.aff[i] = true;
				halves[i] |= c[f].halves;
			}
	k->cur = &c[0];
	if (sabotage(k, &all, SK_SABOTAGE_STRAY_FREEZE))
		return -1;
	if (check_frozen(k, all.aff, "after the fault"))
		return -1;

	/* traffic during: blocked where the DMA half froze, fine elsewhere */
	for (i = 0; i < 2; i++) {
		int j = rnd(k, t->npe);
		struct sk_pe *p = &t->pe[j];
		struct be_dma_res res;
		int o;

		if (!pe_usable(p))
			continue;
		if (!all.aff[j]) {
			if (traffic_ok(k, p, "during another PE's fault"))
				return -1;
			continue;
		}
		if (!(halves[j] & EEH_FREEZE_DMA))
			continue;
		o = pe_dma(k, p, SK_IOBA_BUF, true, &res);
		if (o < 0)
			return -1;
		if (o != BE_DMA_BLOCKED)
			return bad(k, "DMA of frozen PE %d:%x was %s, expected blocked",
				   p->phb, p->pe, o == BE_DMA_OK ? "performed" : "a fault");
	}

	for (f = 0; f < nf; f++) {
		k->cur = &c[f];
		if (detect(k, &c[f], f))
			return -1;
		tally(k, &c[f])->detected++;
		k->st->total.detected++;
	}

	k->cur = &c[0];
	if (!(k->sabotage_due && k->o->sabotage == SK_SABOTAGE_SKIP_RECOVERY)) {
		if (recover(k, c, nf, perm))
			return -1;
	} else {
		k->sabotage_due = false;
	}
	for (f = 0; f < nf; f++) {
		if (perm[f]) {
			tally(k, &c[f])->perm++;
			k->st->total.perm++;
			continue;
		}
		tally(k, &c[f])->recovered++;
		k->st->total.recovered++;
		if (k->sabotage_due && k->o->sabotage == SK_SABOTAGE_TALLY) {
			k->st->total.recovered++;
			k->sabotage_due = false;
		}
	}
	k->cur = &c[0];
	if (sabotage(k, &all, SK_SABOTAGE_MEMORY))
		return -1;
	if (check_steady(k) || check_tally(k))
		return -1;
	/* recovered means working: the target's DMA goes through */
	if (pe_usable(tp) && traffic_ok(k, tp, "after the recovery"))
		return -1;
	for (f = 0; f < nf && k->o->verbose; f++) {
		struct sk_pe *p = &t->pe[c[f].target];
		char who[24];

		say(k, "# %llu%s: PE %d:%x (%s) %s, %s: %s\n",
		    (unsigned long long)(k->iter - (nf - 1 - f)),
		    f ? " (a second fault)" : "", p->phb, p->pe,
		    owner_word(p, who, sizeof(who)), class_names[c[f].cls],
		    c[f].fault, perm[f] ? "permanent failure" : "recovered");
	}
	k->cur = NULL;
	return 0;
}

/* ---- the run ---- */

static void summary(struct soak *k)
{
	struct soak_stats *st = k->st;
	int c;

	say(k, "# soak: seed %llu, %llu injections in %.2f s: %.0f injections/s\n",
	    (unsigned long long)k->o->seed, (unsigned long long)st->total.injected,
	    st->elapsed, st->elapsed > 0 ? st->total.injected / st->elapsed : 0.0);
	say(k, "# %-18s %10s %10s %10s %10s %10s\n", "class", "injected",
	    "detected", "recovered", "perm-fail", "on-guest");
	for (c = 0; c < SK_CLASS__COUNT; c++) {
		const struct soak_tally *t = &st->cls[c];

		say(k, "# %-18s %10llu %10llu %10llu %10llu %10llu\n",
		    class_names[c], (unsigned long long)t->injected,
		    (unsigned long long)t->detected,
		    (unsigned long long)t->recovered,
		    (unsigned long long)t->perm, (unsigned long long)t->guest);
	}
	say(k, "# %-18s %10llu %10llu %10llu %10llu %10llu\n", "total",
	    (unsigned long long)st->total.injected,
	    (unsigned long long)st->total.detected,
	    (unsigned long long)st->total.recovered,
	    (unsigned long long)st->total.perm,
	    (unsigned long long)st->total.guest);
	say(k, "# topologies built: %llu, guest recoveries: %llu, DMA performed: %llu, blocked: %llu\n",
	    (unsigned long long)st->topologies,
	    (unsigned long long)st->guest_recoveries,
	    (unsigned long long)st->dma_ok, (unsigned long long)st->dma_blocked);
	say(k, "# discrepancies: %llu\n", (unsigned long long)st->discrepancies);
	say(k, "# sequence hash: %016llx (seed %llu, %llu injections)\n",
	    (unsigned long long)st->hash, (unsigned long long)k->o->seed,
	    (unsigned long long)st->total.injected);
}

int soak_run(const struct soak_opts *o, struct soak_stats *st, FILE *out)
{
	struct soak k;
	u64 loops = 0;
	double t0;
	int rc = 0;

	memset(st, 0, sizeof(*st));
	if (!o || (o->seconds <= 0 && !o->iterations))
		return -EINVAL;
	memset(&k, 0, sizeof(k));
	k.o = o;
	k.st = st;
	k.out = out;
	k.rng = o->seed;
	k.hot = -1;
	k.t = calloc(1, sizeof(*k.t));
	if (!k.t)
		return -ENOMEM;
	st->hash = 0xcbf29ce484222325ULL;
	hash(&k, o->seed);
	t0 = now_s();
	for (;;) {
		if (o->iterations && k.iter >= o->iterations)
			break;
		if (o->seconds > 0 && (loops++ & 15) == 0 &&
		    now_s() - t0 >= o->seconds)
			break;
		if (one(&k)) {
			rc = 1;
			if (!o->keep_going)
				break;
			/* start again on a new topology: its state is suspect */
			k.t->budget = 0;
			k.cur = NULL;
		}
	}
	st->elapsed = now_s() - t0;
	topo_free(k.t);
	free(k.t);
	summary(&k);
	return rc;
}

/* ---- the command ---- */

static void soak_usage(FILE *f)
{
	fputs("usage: eehlab soak [--seconds N] [--iterations N] [--seed S] [-v]\n"
	      "                   [--keep-going] [--sabotage KIND@N]\n"
	      "\n"
	      "Random topologies on the model, random faults of every class on random\n"
	      "PEs owned by the host or by guests, recovery after each; after every\n"
	      "injection the tallies, the frozen PEs and every PE's DMA memory are\n"
	      "checked (docs/soak.md). Output: KTAP, the tallies as comments.\n"
	      "\n"
	      "  --seconds N      run for N seconds (default 10 when no --iterations)\n"
	      "  --iterations N   stop after N injections (with --seconds: what comes first)\n"
	      "  --seed S         the seed (default 1): the same seed, the same sequence\n"
	      "  -v, --verbose    every topology and every injection\n"
	      "  --keep-going     count discrepancies and go on (on a new topology)\n"
	      "                   instead of stopping at the first\n"
	      "  --sabotage KIND@N  break injection N on purpose, to see the checks fail:\n"
	      "                   memory, skip-recovery, stray-freeze or tally\n"
	      "\n"
	      "Exit: 0 no discrepancy, 1 a discrepancy, 2 usage error.\n", f);
}

static int soak_usage_error(const char *fmt, const char *arg)
{
	fputs("eehlab soak: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\n(eehlab soak --help)\n", stderr);
	return 2;
}

static bool parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (!s || !*s || *s == '-')
		return false;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return !errno && !*end;
}

static const char *const sabotage_names[SK_SABOTAGE__COUNT] = {
	[SK_SABOTAGE_MEMORY] = "memory",
	[SK_SABOTAGE_SKIP_RECOVERY] = "skip-recovery",
	[SK_SABOTAGE_STRAY_FREEZE] = "stray-freeze",
	[SK_SABOTAGE_TALLY] = "tally",
};

static bool parse_sabotage(const char *s, struct soak_opts *o)
{
	const char *at = strchr(s, '@');
	int i;

	if (!at || !parse_u64(at + 1, &o->sabotage_at) || !o->sabotage_at)
		return false;
	for (i = 1; i < SK_SABOTAGE__COUNT; i++) {
		size_t n = strlen(sabotage_names[i]);

		if ((size_t)(at - s) == n && !strncmp(s, sabotage_names[i], n)) {
			o->sabotage = (enum soak_sabotage)i;
			return true;
		}
	}
	return false;
}

int soak_main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "seconds", required_argument, NULL, 's' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 'S' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "keep-going", no_argument, NULL, 'k' },
		{ "sabotage", required_argument, NULL, 'B' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct soak_opts o = { .seed = 1 };
	struct soak_stats st;
	bool secs = false;
	char *end;
	int c, rc;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":vh", lopts, NULL)) != -1) {
		switch (c) {
		case 's':
			errno = 0;
			o.seconds = strtod(optarg, &end);
			if (errno || end == optarg || *end || !(o.seconds > 0) ||
			    o.seconds > 86400 * 7)
				return soak_usage_error("--seconds '%s': a number of seconds above 0", optarg);
			secs = true;
			break;
		case 'n':
			if (!parse_u64(optarg, &o.iterations) || !o.iterations)
				return soak_usage_error("--iterations '%s': a number above 0", optarg);
			break;
		case 'S':
			if (!parse_u64(optarg, &o.seed))
				return soak_usage_error("--seed '%s': an unsigned number", optarg);
			break;
		case 'v':
			o.verbose = true;
			break;
		case 'k':
			o.keep_going = true;
			break;
		case 'B':
			if (!parse_sabotage(optarg, &o))
				return soak_usage_error("--sabotage '%s': KIND@N, KIND one of memory, skip-recovery, stray-freeze, tally; N from 1", optarg);
			break;
		case 'h':
			soak_usage(stdout);
			return 0;
		case ':':
			return soak_usage_error("option '%s' needs a value", argv[optind - 1]);
		default:
			return soak_usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return soak_usage_error("unexpected argument '%s'", argv[optind]);
	if (!secs && !o.iterations)
		o.seconds = 10;
	printf("KTAP version 1\n1..1\n");
	printf("# eehlab soak: seed %llu", (unsigned long long)o.seed);
	if (o.seconds > 0)
		printf(", %g s", o.seconds);
	if (o.iterations)
		printf(", at most %llu injections", (unsigned long long)o.iterations);
	if (o.sabotage)
		printf(", sabotage %s at injection %llu", sabotage_names[o.sabotage],
		       (unsigned long long)o.sabotage_at);
	printf("\n");
	rc = soak_run(&o, &st, stdout);
	if (rc < 0) {
		fprintf(stderr, "eehlab soak: %s\n", strerror(-rc));
		return 1;
	}
	printf("%sok 1 soak seed %llu\n", rc ? "not " : "", (unsigned long long)o.seed);
	printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:0 error:0\n", !rc, !!rc);
	return rc ? 1 : 0;
}
