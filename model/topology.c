// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab model: the PCIe tree, its enumeration (bus numbers, BARs, PEs,
 * RTT, PELT-V, M32 segment map) and name lookups.
 */
#include "internal.h"

#define EEH_MAX_SLOTS	32	/* devices (slots) on one bus */

void eeh_func_free(struct eeh_func *f)
{
	if (!f)
		return;
	eeh_free(f->cfg);
	eeh_free(f->cfg_saved);
	eeh_free(f->plain_regs);
	eeh_free(f->edu);
	eeh_free(f);
}

static struct eeh_func *func_get(struct eeh_phb *phb, int id)
{
	if (id < 0 || id >= phb->nfuncs)
		return NULL;
	return phb->funcs[id];
}

static bool is_port(const struct eeh_func *f)
{
	return f->type == EEH_NODE_ROOT_PORT || f->type == EEH_NODE_SWITCH_DOWN;
}

static bool is_bridge(const struct eeh_func *f)
{
	return f->type != EEH_NODE_ENDPOINT;
}

static const char *type_name(enum eeh_node_type t)
{
	switch (t) {
	case EEH_NODE_ROOT_PORT:
		return "root port";
	case EEH_NODE_SWITCH_UP:
		return "switch upstream port";
	case EEH_NODE_SWITCH_DOWN:
		return "switch downstream port";
	case EEH_NODE_ENDPOINT:
		return "endpoint";
	}
	return "node";
}

/* Number of devices (function 0s) whose parent is @parent. */
static int count_children(struct eeh_phb *phb, int parent)
{
	int i, n = 0;

	for (i = 0; i < phb->nfuncs; i++)
		if (phb->funcs[i]->parent == parent && phb->funcs[i]->fn == 0)
			n++;
	return n;
}

static struct eeh_func *find_name(struct eeh_model *m, const char *name)
{
	int p, i;

	for (p = 0; p < EEH_MAX_PHBS; p++) {
		struct eeh_phb *phb = m->phbs[p];

		if (!phb)
			continue;
		for (i = 0; i < phb->nfuncs; i++)
			if (!strcmp(phb->funcs[i]->name, name))
				return phb->funcs[i];
	}
	return NULL;
}

/**
 * eeh_func_by_name() - a function by its name: "nic", "nic.1", and
 * "nic.0" for function 0 of "nic" (an exact name wins).
 */
struct eeh_func *eeh_func_by_name(struct eeh_model *m, const char *name)
{
	char base[EEH_NAME_LEN];
	struct eeh_func *f;
	size_t n;

	if (!m || !name)
		return NULL;
	f = find_name(m, name);
	if (f)
		return f;
	n = strlen(name);
	if (n < 3 || n >= sizeof(base) || strcmp(name + n - 2, ".0"))
		return NULL;
	memcpy(base, name, n - 2);
	base[n - 2] = 0;
	f = find_name(m, base);
	if (f && f->fn == 0 && f->type == EEH_NODE_ENDPOINT)
		return f;
	return NULL;
}

struct eeh_func *eeh_func_by_bdf(struct eeh_phb *phb, u8 bus, u8 devfn)
{
	int i;

	if (!phb || !phb->enumerated)
		return NULL;
	for (i = 0; i < phb->nfuncs; i++)
		if (phb->funcs[i]->bus == bus && phb->funcs[i]->devfn == devfn)
			return phb->funcs[i];
	return NULL;
}

static bool name_ok(const char *name)
{
	size_t n = strlen(name), i;

	if (!n || n > EEH_NAME_LEN - 3)
		return false;
	for (i = 0; i < n; i++)
		if (name[i] <= ' ' || name[i] == '"' || name[i] == 0x7f)
			return false;
	return true;
}

static int check_bar(u64 size, const char *what, const char *name,
		     struct eeh_msg *msg)
{
	if (size && (!eeh_is_pow2(size) || size < 4096))
		return eeh_msg_set(msg, -EINVAL,
				   "'%s': %s BAR size 0x%llx is not a power of two >= 4K",
				   name, what, (unsigned long long)size);
	return 0;
}

static int node_check(struct eeh_phb *phb, const struct eeh_node_desc *d,
		      int nfn, struct eeh_msg *msg)
{
	struct eeh_func *parent = NULL;
	char fname[EEH_NAME_LEN];
	int i, rc;

	if (!d->name || !name_ok(d->name))
		return eeh_msg_set(msg, -EINVAL,
				   "bad name '%s' (1..%d printable characters, no blanks)",
				   d->name ? d->name : "", EEH_NAME_LEN - 3);
	if (d->type == EEH_NODE_ROOT_PORT) {
		if (d->parent != -1)
			return eeh_msg_set(msg, -EINVAL,
					   "'%s': a root port sits on the root bus (parent -1)",
					   d->name);
		if (count_children(phb, -1) >= EEH_MAX_SLOTS)
			return eeh_msg_set(msg, -ENOSPC,
					   "'%s': the root bus has no free slot (%d root ports)",
					   d->name, EEH_MAX_SLOTS);
	} else if (d->type == EEH_NODE_SWITCH_UP || d->type == EEH_NODE_SWITCH_DOWN ||
		   d->type == EEH_NODE_ENDPOINT) {
		parent = func_get(phb, d->parent);
		if (!parent)
			return eeh_msg_set(msg, -ENOENT, "'%s': parent %d does not exist",
					   d->name, d->parent);
		if (d->type == EEH_NODE_SWITCH_DOWN) {
			if (parent->type != EEH_NODE_SWITCH_UP)
				return eeh_msg_set(msg, -EINVAL,
						   "'%s': the parent of a downstream port must be a switch upstream port, '%s' is a %s",
						   d->name, parent->name,
						   type_name(parent->type));
			if (count_children(phb, parent->id) >= EEH_MAX_SLOTS)
				return eeh_msg_set(msg, -ENOSPC,
						   "'%s': switch '%s' has %d downstream ports already",
						   d->name, parent->name, EEH_MAX_SLOTS);
		} else {
			if (!is_port(parent))
				return eeh_msg_set(msg, -EINVAL,
						   "'%s': parent '%s' is a %s, not a root port or downstream port",
						   d->name, parent->name,
						   type_name(parent->type));
			if (count_children(phb, parent->id))
				return eeh_msg_set(msg, -EBUSY,
						   "'%s': port '%s' already has a device (PCIe: one device per link)",
						   d->name, parent->name);
		}
	} else {
		return eeh_msg_set(msg, -EINVAL, "'%s': unknown node type %d", d->name,
				   (int)d->type);
	}

	if (d->type == EEH_NODE_ENDPOINT) {
		if (d->functions < 1 || d->functions > 8)
			return eeh_msg_set(msg, -EINVAL,
					   "'%s': %d functions (a device has 1..8)",
					   d->name, d->functions);
		if (d->kind != EEH_DEV_KIND_PLAIN && d->kind != EEH_DEV_KIND_EDU)
			return eeh_msg_set(msg, -EINVAL,
					   "'%s': an endpoint is a plain or an edu device",
					   d->name);
		if (d->kind == EEH_DEV_KIND_PLAIN) {
			rc = check_bar(d->bar32_size, "32-bit", d->name, msg);
			if (rc)
				return rc;
			rc = check_bar(d->bar64_size, "64-bit", d->name, msg);
			if (rc)
				return rc;
			if (d->bar32_size > EEH_M32_SIZE)
				return eeh_msg_set(msg, -EINVAL,
						   "'%s': 32-bit BAR larger than the M32 window",
						   d->name);
		}
	} else if (d->functions > 1) {
		return eeh_msg_set(msg, -EINVAL, "'%s': a %s has one function",
				   d->name, type_name(d->type));
	}

	if (phb->nfuncs + nfn > EEH_MAX_FUNCS)
		return eeh_msg_set(msg, -ENOSPC, "'%s': PHB#%04x is full (%d functions)",
				   d->name, phb->index, EEH_MAX_FUNCS);
	for (i = 0; i < nfn; i++) {
		if (i)
			eeh_snprintf(fname, sizeof(fname), "%s.%d", d->name, i);
		else
			eeh_snprintf(fname, sizeof(fname), "%s", d->name);
		if (eeh_func_by_name(phb->m, fname))
			return eeh_msg_set(msg, -EEXIST, "name '%s' is already used", fname);
	}
	return 0;
}

static struct eeh_func *func_alloc(const struct eeh_node_desc *d)
{
	struct eeh_func *f = eeh_zalloc(sizeof(*f));

	if (!f)
		return NULL;
	f->cfg = eeh_zalloc(EEH_CFG_SIZE);
	f->cfg_saved = eeh_zalloc(EEH_CFG_SIZE);
	if (!f->cfg || !f->cfg_saved)
		goto fail;
	if (d->type == EEH_NODE_ENDPOINT && d->kind == EEH_DEV_KIND_PLAIN) {
		f->plain_regs = eeh_zalloc((size_t)EEH_PLAIN_REGS * EEH_MAX_BARS);
		if (!f->plain_regs)
			goto fail;
	}
	if (d->type == EEH_NODE_ENDPOINT && d->kind == EEH_DEV_KIND_EDU) {
		f->edu = eeh_zalloc(sizeof(*f->edu));
		if (!f->edu)
			goto fail;
	}
	return f;
fail:
	eeh_func_free(f);
	return NULL;
}

/**
 * eeh_node_add() - add a root port, a switch port or an endpoint.
 *
 * Returns the func id of function 0 (other functions follow), or -errno
 * (nothing added) with @msg filled.
 */
int eeh_node_add(struct eeh_phb *phb, const struct eeh_node_desc *d,
		 struct eeh_msg *msg)
{
	struct eeh_func *fs[8] = { NULL };
	int nfn, i, rc, first;

	if (!phb || !d)
		return eeh_msg_set(msg, -EINVAL, "no PHB or no node");
	if (phb->enumerated)
		return eeh_msg_set(msg, -EBUSY,
				   "PHB#%04x is enumerated: the topology is fixed",
				   phb->index);
	nfn = d->type == EEH_NODE_ENDPOINT ? d->functions : 1;
	rc = node_check(phb, d, nfn, msg);
	if (rc)
		return rc;

	for (i = 0; i < nfn; i++) {
		fs[i] = func_alloc(d);
		if (!fs[i]) {
			for (i = 0; i < nfn; i++)
				eeh_func_free(fs[i]);
			return eeh_msg_set(msg, -ENOMEM, "out of memory adding '%s'",
					   d->name);
		}
	}

	first = phb->nfuncs;
	for (i = 0; i < nfn; i++) {
		struct eeh_func *f = fs[i];

		f->id = first + i;
		if (i)
			eeh_snprintf(f->name, sizeof(f->name), "%s.%d", d->name, i);
		else
			eeh_snprintf(f->name, sizeof(f->name), "%s", d->name);
		f->phb = phb;
		f->type = d->type;
		f->kind = d->type == EEH_NODE_ENDPOINT ? d->kind : EEH_DEV_KIND_BRIDGE;
		f->parent = d->parent;
		f->fn = i;
		f->first_fn = first;
		f->pe = -1;
		f->present = true;
		f->needs_freset = d->needs_freset;
		if (f->kind == EEH_DEV_KIND_EDU) {
			f->vendor = 0x1234;
			f->device = 0x11e8;
			f->bars[0].size = EDU_BAR_SIZE;
		} else if (f->kind == EEH_DEV_KIND_PLAIN) {
			f->vendor = 0x1014;
			f->device = 0x0001;
			f->bars[0].size = d->bar32_size;
			f->bars[2].size = d->bar64_size;
			f->bars[2].is64 = true;
			f->bars[2].prefetch = true;
		} else {
			f->vendor = 0x1014;
			f->device = 0x03dc;
		}
		if (d->vendor)
			f->vendor = d->vendor;
		if (d->device)
			f->device = d->device;
		if (f->type == EEH_NODE_ENDPOINT)
			eeh_driver_default(&f->drv);
		phb->funcs[f->id] = f;
	}
	phb->nfuncs += nfn;
	for (i = 0; i < nfn; i++) {
		eeh_cfg_init(fs[i]);
		eeh_func_save_config(fs[i]);
	}
	return first;
}

/* ---- enumeration ---- */

struct enum_state {
	int next_bus;
	struct eeh_msg *msg;
};

/*
 * Depth-first bus numbering, as Linux pci_scan_bridge does: a bridge
 * takes the next bus number as its secondary bus, numbers everything
 * below it, and its subordinate bus is the last number used below.
 * Recursion depth is the depth of the tree.
 */
static int number_below(struct eeh_phb *phb, struct eeh_func *br,
			struct enum_state *st)
{
	int i, slot = 0, rc;

	if (st->next_bus > 255)
		return eeh_msg_set(st->msg, -ERANGE,
				   "'%s': bus numbers exhausted (more than 255 buses)",
				   br->name);
	br->secondary = st->next_bus++;
	for (i = 0; i < phb->nfuncs; i++) {
		struct eeh_func *f = phb->funcs[i];

		if (f->parent != br->id)
			continue;
		f->bus = br->secondary;
		if (f->type == EEH_NODE_SWITCH_DOWN)
			f->devfn = (slot++) << 3;	/* one device per downstream port */
		else
			f->devfn = f->fn;		/* the device below a port: device 0 */
		if (is_bridge(f)) {
			rc = number_below(phb, f, st);
			if (rc)
				return rc;
		}
	}
	br->subordinate = st->next_bus - 1;
	return 0;
}

static int bus_pe(struct eeh_phb *phb, int bus)
{
	int i;

	if (bus == 0)
		return phb->root_pe;
	for (i = 0; i < phb->num_pes; i++)
		if (phb->pes[i].valid && phb->pes[i].bus == bus)
			return i;
	return -1;
}

static void peltv_set(struct eeh_phb *phb, int parent, int child)
{
	phb->peltv[parent * (phb->num_pes / 8) + child / 8] |= 0x80 >> (child % 8);
}

bool eeh_peltv_test(struct eeh_phb *phb, int parent, int child)
{
	if (!phb || parent < 0 || child < 0 || parent >= phb->num_pes ||
	    child >= phb->num_pes)
		return false;
	return phb->peltv[parent * (phb->num_pes / 8) + child / 8] & (0x80 >> (child % 8));
}

/* Put every enumeration result back to the state before eeh_phb_enumerate. */
static void enum_undo(struct eeh_phb *phb)
{
	int i;

	for (i = 0; i < phb->nfuncs; i++) {
		struct eeh_func *f = phb->funcs[i];
		int b;

		f->bus = 0;
		f->devfn = 0;
		f->secondary = 0;
		f->subordinate = 0;
		f->pe = -1;
		for (b = 0; b < EEH_MAX_BARS; b++)
			f->bars[b].addr = 0;
		eeh_cfg_init(f);
	}
	for (i = 0; i < phb->num_pes; i++) {
		struct eeh_model_pe *pe = &phb->pes[i];

		memset(pe, 0, sizeof(*pe));
		pe->num = i;
		pe->parent = -1;
		pe->bus = -1;
		pe->bridge = -1;
		phb->m32_segmap[i] = phb->reserved_pe;
	}
	for (i = 0; i < EEH_RTT_ENTRIES; i++)
		phb->rtt[i] = phb->reserved_pe;
	memset(phb->peltv, 0, (size_t)phb->num_pes * (phb->num_pes / 8));
}

static int assign_pes(struct eeh_phb *phb, int last_bus, struct eeh_msg *msg)
{
	int next_pe = phb->root_pe - 1, bus, i;
	struct eeh_model_pe *root = &phb->pes[phb->root_pe];

	root->valid = true;
	root->type = EEH_PE_TYPE_ROOT;
	root->parent = -1;
	root->bus = 0;
	root->bridge = -1;
	root->sw_state = EEH_PE_PRI_BUS;

	/*
	 * PEs are allocated from the top down, in bus number order. A bus
	 * with no device on it gets no PE (Linux pnv_pci_configure_bus).
	 */
	for (bus = 1; bus <= last_bus; bus++) {
		struct eeh_func *br = NULL;
		bool used = false;

		for (i = 0; i < phb->nfuncs; i++) {
			struct eeh_func *f = phb->funcs[i];

			if (is_bridge(f) && f->secondary == bus)
				br = f;
			if (f->parent >= 0 && f->bus == bus)
				used = true;
		}
		if (!used || !br)
			continue;
		if (next_pe < 0)
			return eeh_msg_set(msg, -ENOSPC,
					   "PHB#%04x: out of PEs (%d PEs) for bus %02x",
					   phb->index, phb->num_pes, bus);
		phb->pes[next_pe].valid = true;
		phb->pes[next_pe].type = EEH_PE_TYPE_BUS;
		phb->pes[next_pe].bus = bus;
		phb->pes[next_pe].bridge = br->id;
		phb->pes[next_pe].parent = bus_pe(phb, br->bus);
		next_pe--;
	}
	for (i = 0; i < phb->nfuncs; i++) {
		struct eeh_func *f = phb->funcs[i];

		f->pe = bus_pe(phb, f->bus);
		phb->rtt[(f->bus << 8) | f->devfn] = f->pe;
	}
	/*
	 * PELT-V: own bit, and every PE in the rows of all its ancestors
	 * (skiboot hw/phb4.c phb4_set_peltv, Linux pnv_ioda_set_peltv).
	 */
	for (i = 0; i < phb->num_pes; i++) {
		int p;

		if (!phb->pes[i].valid)
			continue;
		peltv_set(phb, i, i);
		for (p = phb->pes[i].parent; p >= 0; p = phb->pes[p].parent)
			peltv_set(phb, p, i);
	}
	return 0;
}

/*
 * 32-bit BARs of @pe, largest first, packed from @seg on; returns the
 * next free segment or -errno.
 */
static int place_m32(struct eeh_phb *phb, int pe, int seg, struct eeh_msg *msg)
{
	u64 start = (u64)seg * phb->m32_segsize, cur = start, end;
	u64 size;
	int i, b, s;

	for (size = 1ULL << 31; size >= 4096; size >>= 1) {
		for (i = 0; i < phb->nfuncs; i++) {
			struct eeh_func *f = phb->funcs[i];

			if (f->pe != pe)
				continue;
			for (b = 0; b < EEH_MAX_BARS; b++) {
				if (f->bars[b].size != size || f->bars[b].is64)
					continue;
				cur = eeh_align_up(cur, size);
				if (cur + size > phb->m32_size)
					return eeh_msg_set(msg, -ENOSPC,
							   "PHB#%04x: M32 window full placing '%s' BAR%d",
							   phb->index, f->name, b);
				f->bars[b].addr = phb->m32_base + cur;
				cur += size;
			}
		}
	}
	if (cur == start)
		return seg;
	end = eeh_align_up(cur, phb->m32_segsize);
	for (s = seg; (u64)s * phb->m32_segsize < end; s++) {
		phb->m32_segmap[s] = pe;
		phb->pes[pe].m32_segs++;
	}
	return s;
}

/* 64-bit BARs of @pe in M64 segment @pe (shared mode: segment i is PE i). */
static int place_m64(struct eeh_phb *phb, int pe, struct eeh_msg *msg)
{
	u64 base = phb->m64_base + (u64)pe * phb->m64_segsize, cur = 0, need = 0;
	u64 size;
	int i, b;

	for (i = 0; i < phb->nfuncs; i++) {
		struct eeh_func *f = phb->funcs[i];

		if (f->pe != pe)
			continue;
		for (b = 0; b < EEH_MAX_BARS; b++)
			if (f->bars[b].is64)
				need += f->bars[b].size;
	}
	if (need > phb->m64_segsize)
		return eeh_msg_set(msg, -ENOSPC,
				   "PHB#%04x PE#%x: 64-bit BARs need 0x%llx bytes, an M64 segment has 0x%llx",
				   phb->index, pe, (unsigned long long)need,
				   (unsigned long long)phb->m64_segsize);
	for (size = phb->m64_segsize; size >= 4096; size >>= 1) {
		for (i = 0; i < phb->nfuncs; i++) {
			struct eeh_func *f = phb->funcs[i];

			if (f->pe != pe)
				continue;
			for (b = 0; b < EEH_MAX_BARS; b++) {
				if (f->bars[b].size != size || !f->bars[b].is64)
					continue;
				cur = eeh_align_up(cur, size);
				f->bars[b].addr = base + cur;
				cur += size;
			}
		}
	}
	return 0;
}

/**
 * eeh_phb_enumerate() - number buses, place BARs, assign PEs, fill the
 * RTT, PELT-V and M32 segment map; save every function's config space.
 * Refused (nothing changed): already enumerated, more than 255 buses,
 * out of PEs, M32 window full, a PE's 64-bit BARs larger than its M64
 * segment.
 */
int eeh_phb_enumerate(struct eeh_phb *phb, struct eeh_msg *msg)
{
	struct enum_state st = { .next_bus = 1, .msg = msg };
	int i, b, rc, seg = 0;

	if (!phb)
		return eeh_msg_set(msg, -EINVAL, "no PHB");
	if (phb->enumerated)
		return eeh_msg_set(msg, -EBUSY, "PHB#%04x is already enumerated",
				   phb->index);

	/* Root ports on bus 0, slot = add order */
	for (i = 0; i < phb->nfuncs; i++) {
		struct eeh_func *f = phb->funcs[i];

		if (f->type != EEH_NODE_ROOT_PORT)
			continue;
		f->bus = 0;
		f->devfn = (seg++) << 3;
		rc = number_below(phb, f, &st);
		if (rc)
			goto undo;
	}
	rc = assign_pes(phb, st.next_bus - 1, msg);
	if (rc)
		goto undo;

	/* BARs: M32 runs of whole segments per PE, from the top PE down */
	seg = 0;
	for (i = phb->root_pe; i >= 0; i--) {
		if (!phb->pes[i].valid)
			continue;
		rc = place_m32(phb, i, seg, msg);
		if (rc < 0)
			goto undo;
		seg = rc;
		rc = place_m64(phb, i, msg);
		if (rc)
			goto undo;
	}

	/* Config space: bus numbers, BAR addresses, decode on */
	for (i = 0; i < phb->nfuncs; i++) {
		struct eeh_func *f = phb->funcs[i];

		eeh_cfg_init(f);
		if (is_bridge(f)) {
			f->cfg[PCI_PRIMARY_BUS] = f->bus;
			f->cfg[PCI_SECONDARY_BUS] = f->secondary;
			f->cfg[PCI_SUBORDINATE_BUS] = f->subordinate;
		}
		for (b = 0; b < EEH_MAX_BARS; b++)
			if (f->bars[b].size)
				eeh_func_set_bar_addr(f, b, f->bars[b].addr);
		eeh_cfg_write(f, PCI_COMMAND, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
		eeh_func_save_config(f);
	}
	phb->enumerated = true;
	for (i = 0; i < phb->num_pes; i++)
		if (phb->pes[i].valid)
			eeh_log(EEH_LOG_DEBUG, "PHB#%04x: Configured PE#%x (bus %02x)",
				phb->index, i, phb->pes[i].bus);
	return 0;

undo:
	enum_undo(phb);
	return rc;
}
