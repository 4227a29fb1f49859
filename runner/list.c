// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab list: PHBs, their PE trees and their PCI functions.
 *
 * With --backend kernel, the machine's real ones as the Linux EEH core
 * sees them (EEHLAB_CMD_REAL_LIST, driver/eehlab_powernv.c); with the
 * model, each scenario's topology built on the model. Both are put in one
 * shape (struct rl_list, exec.h) and printed by rl_print(). Device names
 * come from libpci (pci.ids), numbers when it does not know the ids.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <pci/pci.h>

#include "exec.h"
#include "backend_kernel.h"
#include "eehlab/vfio.h"
#include "eehlab/model.h"
#include "uapi/linux/eehlab.h"

/* ---- the list ---- */

static int rl_grow(void **v, int n, size_t size)
{
	void *p;

	/* room for 8, then doubled whenever full */
	if (n && (n < 8 || (n & (n - 1))))
		return 0;
	p = realloc(*v, (size_t)(n ? n * 2 : 8) * size);
	if (!p)
		return -ENOMEM;
	*v = p;
	return 0;
}

int rl_add_phb(struct rl_list *l, const struct rl_phb *p)
{
	if (rl_grow((void **)&l->phb, l->nphb, sizeof(*p)))
		return -ENOMEM;
	l->phb[l->nphb++] = *p;
	return 0;
}

int rl_add_pe(struct rl_list *l, const struct rl_pe *p)
{
	if (rl_grow((void **)&l->pe, l->npe, sizeof(*p)))
		return -ENOMEM;
	l->pe[l->npe++] = *p;
	return 0;
}

int rl_add_dev(struct rl_list *l, const struct rl_dev *d)
{
	if (rl_grow((void **)&l->dev, l->ndev, sizeof(*d)))
		return -ENOMEM;
	l->dev[l->ndev++] = *d;
	return 0;
}

void rl_free(struct rl_list *l)
{
	free(l->phb);
	free(l->pe);
	free(l->dev);
	l->phb = NULL;
	l->pe = NULL;
	l->dev = NULL;
	l->nphb = l->npe = l->ndev = 0;
}

/* ---- decoding ---- */

const char *rl_state_text(int state)
{
	if (state < 0)
		return "unknown: eeh_pe_get_state failed";
	switch (state) {
	case EEH_PE_STATE_NORMAL:
		return "normal: MMIO and DMA active";
	case EEH_PE_STATE_RESET:
		return "reset: the PE's reset is asserted";
	case EEH_PE_STATE_STOPPED_IO_DMA:
		return "frozen: MMIO and DMA stopped";
	case EEH_PE_STATE_STOPPED_DMA:
		return "frozen: DMA stopped, MMIO active";
	case EEH_PE_STATE_UNAVAIL:
		return "unavailable: the state cannot be read now";
	}
	return "unknown state";
}

void rl_flags_text(uint32_t flags, char *buf, size_t len)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {
		{ EEH_PE_ISOLATED, "isolated" },
		{ EEH_PE_RECOVERING, "recovering" },
		{ EEH_PE_CFG_BLOCKED, "cfg-blocked" },
		{ EEH_PE_RESET, "reset" },
		{ EEH_PE_KEEP, "keep" },
		{ EEH_PE_CFG_RESTRICTED, "cfg-restricted" },
		{ EEH_PE_REMOVED, "removed" },
		{ EEH_PE_PRI_BUS, "pri-bus" },
	};
	size_t i, n = 0;
	uint32_t rest = flags;

	if (!len)
		return;
	buf[0] = 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(flags & names[i].bit))
			continue;
		rest &= ~names[i].bit;
		n += snprintf(buf + n, n < len ? len - n : 0, "%s%s", n ? " " : "",
			      names[i].name);
	}
	if (rest)
		n += snprintf(buf + n, n < len ? len - n : 0, "%s0x%x", n ? " " : "", rest);
	if (!n)
		snprintf(buf, len, "none");
}

void rl_type_text(uint32_t type, char *buf, size_t len)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {
		{ EEHLAB_REAL_PE_TYPE_INVALID, "invalid" },
		{ EEHLAB_REAL_PE_TYPE_PHB, "PHB" },
		{ EEHLAB_REAL_PE_TYPE_DEVICE, "device" },
		{ EEHLAB_REAL_PE_TYPE_BUS, "bus" },
		{ EEHLAB_REAL_PE_TYPE_VF, "VF" },
	};
	size_t i, n = 0;

	if (!len)
		return;
	buf[0] = 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (type & names[i].bit)
			n += snprintf(buf + n, n < len ? len - n : 0, "%s%s", n ? "," : "",
				      names[i].name);
	if (!n)
		snprintf(buf, len, "0x%x", type);
}

/* ---- names through libpci ---- */

/*
 * pci_init()'s default error handler ends the process when no access
 * method works (a guest without /sys/bus/pci): this one jumps back, and
 * the names fall back to numbers.
 */
static jmp_buf rl_pci_jmp;

static void __attribute__((noreturn)) rl_pci_error(char *msg, ...)
{
	(void)msg;
	longjmp(rl_pci_jmp, 1);
}

void *rl_pci_open(void)
{
	struct pci_access *volatile pacc = pci_alloc();

	if (!pacc)
		return NULL;
	pacc->error = rl_pci_error;
	if (setjmp(rl_pci_jmp))
		return NULL;	/* half initialised: left alone */
	pci_init(pacc);
	return pacc;
}

void rl_pci_close(void *ctx)
{
	if (ctx)
		pci_cleanup(ctx);
}

/* pci.ids only (udev's hwdb is another source, and libudev leaks), no numbers */
#define RL_PCI_FLAGS	(PCI_LOOKUP_NO_NUMBERS | PCI_LOOKUP_NO_HWDB)

void rl_pci_name(void *ctx, uint16_t vendor, uint16_t device, char *buf, size_t len)
{
	char v[128], d[128];
	const char *vn = NULL, *dn = NULL;

	if (ctx) {
		vn = pci_lookup_name(ctx, v, sizeof(v), PCI_LOOKUP_VENDOR | RL_PCI_FLAGS,
				     vendor);
		dn = pci_lookup_name(ctx, d, sizeof(d), PCI_LOOKUP_DEVICE | RL_PCI_FLAGS,
				     vendor, device);
	}
	if (vn && dn)
		snprintf(buf, len, "%s %s (%04x:%04x)", vn, dn, vendor, device);
	else if (vn)
		snprintf(buf, len, "%s device %04x:%04x", vn, vendor, device);
	else
		snprintf(buf, len, "%04x:%04x", vendor, device);
}

/* ---- the tree ---- */

static void print_pe(const struct rl_list *l, int i, int depth, rl_namer namer,
		     void *ctx, FILE *out)
{
	const struct rl_pe *p = &l->pe[i];
	char type[64], flags[160], name[300];
	int k;

	rl_type_text(p->type, type, sizeof(type));
	rl_flags_text(p->flags, flags, sizeof(flags));
	fprintf(out, "%*s", 2 + 4 * depth, "");
	if (p->type & EEHLAB_REAL_PE_TYPE_PHB)
		fprintf(out, "PE 0x%x (PHB PE)", p->addr);
	else if (p->parent >= 0 && !(l->pe[p->parent].type & EEHLAB_REAL_PE_TYPE_PHB))
		fprintf(out, "PE 0x%x (%s), parent PE 0x%x", p->addr, type,
			l->pe[p->parent].addr);
	else
		fprintf(out, "PE 0x%x (%s), parent the PHB PE", p->addr, type);
	fprintf(out, ": state %d %s; flags 0x%08x %s; freezes %u", p->state,
		rl_state_text(p->state), p->flags, flags, p->freeze_count);
	if (p->passed)
		fprintf(out, "; passed through (%u device%s)", p->passed,
			p->passed == 1 ? "" : "s");
	fputc('\n', out);
	for (k = 0; k < l->ndev; k++) {
		const struct rl_dev *d = &l->dev[k];

		if (d->pe != i)
			continue;
		namer(ctx, d->vendor, d->device, name, sizeof(name));
		fprintf(out, "%*s%s", 2 + 4 * depth + 4, "", d->bdf);
		if (d->name[0])
			fprintf(out, " %s", d->name);
		fprintf(out, " [%06x] %s, driver %s", d->class_code, name,
			d->driver[0] ? d->driver : "none");
		if (d->pe_state[0])
			fprintf(out, ", eeh_pe_state %s", d->pe_state);
		fputc('\n', out);
	}
	for (k = 0; k < l->npe; k++)
		if (l->pe[k].parent == i && k != i)
			print_pe(l, k, depth + 1, namer, ctx, out);
}

void rl_print(const struct rl_list *l, rl_namer namer, void *ctx, FILE *out)
{
	int i, k, n;

	for (i = 0; i < l->nphb; i++) {
		const struct rl_phb *ph = &l->phb[i];

		fprintf(out, "PHB %04x: %s, %u PE%s in use", ph->domain, ph->model, ph->pes,
			ph->pes == 1 ? "" : "s");
		if (ph->num_pes)
			fprintf(out, " of %u", ph->num_pes);
		fputc('\n', out);
		n = 0;
		for (k = 0; k < l->npe; k++)
			if (l->pe[k].domain == ph->domain && l->pe[k].parent < 0) {
				print_pe(l, k, 0, namer, ctx, out);
				n++;
			}
		if (!n)
			fprintf(out, "  no PE\n");
	}
	n = 0;
	for (k = 0; k < l->ndev; k++)
		if (l->dev[k].pe < 0)
			n++;
	if (n) {
		char name[300];

		fprintf(out, "functions without a PE:\n");
		for (k = 0; k < l->ndev; k++) {
			const struct rl_dev *d = &l->dev[k];

			if (d->pe >= 0)
				continue;
			namer(ctx, d->vendor, d->device, name, sizeof(name));
			fprintf(out, "  %s%s%s [%06x] %s, driver %s\n", d->bdf,
				d->name[0] ? " " : "", d->name, d->class_code, name,
				d->driver[0] ? d->driver : "none");
		}
	}
}

/* ---- the commands ---- */

void rl_read_pe_states(struct rl_list *l, const char *sys)
{
	char path[512];
	int i;

	for (i = 0; i < l->ndev; i++) {
		struct rl_dev *d = &l->dev[i];
		FILE *f;

		snprintf(path, sizeof(path), "%s/bus/pci/devices/%s/eeh_pe_state", sys, d->bdf);
		d->pe_state[0] = 0;
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(d->pe_state, sizeof(d->pe_state), f))
			d->pe_state[strcspn(d->pe_state, "\n")] = 0;
		else
			d->pe_state[0] = 0;
		fclose(f);
	}
}

int list_kernel(FILE *out)
{
	struct rl_list l;
	struct eeh_msg msg;
	void *pci;
	int rc;

	memset(&l, 0, sizeof(l));
	rc = backend_kernel_real_list(&l, &msg);
	if (rc) {
		fprintf(stderr, "eehlab: list --backend kernel: %s\n", msg.text);
		rl_free(&l);
		return 2;
	}
	if (!l.nphb) {
		fprintf(out, "no real PHBs: %s\n", l.platform[0] ? l.platform : "(no reason given)");
		rl_free(&l);
		return 0;
	}
	rl_read_pe_states(&l, "/sys");
	pci = rl_pci_open();
	fprintf(out, "real PHBs (%s), as the Linux EEH core sees them:\n", l.platform);
	rl_print(&l, rl_pci_name, pci, out);
	rl_pci_close(pci);
	rl_free(&l);
	return 0;
}

int list_model(struct scenario *scs, int n, const struct run_opts *o, FILE *out)
{
	void *pci = rl_pci_open();
	int i, k, rc = 0;

	for (i = 0; i < n; i++) {
		const struct scenario *s = &scs[i];
		struct rl_list l;
		char err[EEH_MSG_LEN + 64];

		fprintf(out, "%s: %d step%s", s->name, s->nsteps, s->nsteps == 1 ? "" : "s");
		if (s->nrequires) {
			fputs(", requires", out);
			for (k = 0; k < s->nrequires; k++)
				fprintf(out, " %s", s->requires[k]);
		}
		fprintf(out, "\n    %s\n", s->description ? s->description : "(no description)");
		if (runner_model_tree(&scs[i], o, &l, err, sizeof(err))) {
			fprintf(out, "    (no topology: %s)\n", err);
			rc = 1;
		} else if (l.nphb) {
			rl_print(&l, rl_pci_name, pci, out);
		}
		rl_free(&l);
	}
	rl_pci_close(pci);
	return rc;
}
