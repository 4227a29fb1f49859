// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab.ko on a PowerNV host: REAL_LIST, the machine's real PHBs, PEs
 * and PCI functions as the Linux EEH core sees them. Built only with
 * CONFIG_EEH and CONFIG_PPC_POWERNV (driver/Kbuild); docs/powernv.md says
 * where every field comes from.
 *
 * Only what the kernel exports to modules is called: eeh_pe_get_state()
 * (EXPORT_SYMBOL_GPL, arch/powerpc/kernel/eeh.c), eeh_subsystem_flags
 * (through eeh_enabled()), pci_lock_rescan_remove(), pci_get_device(),
 * of_machine_is_compatible() and the of_property_read_*() helpers.
 * eeh_phb_pe_get(), eeh_pe_next() and eeh_pe_traverse() are not exported
 * (arch/powerpc/kernel/eeh_pe.c), so the PE tree is walked here through
 * the struct eeh_pe lists (child_list, child, edevs) and the inline
 * helpers of asm/eeh.h and linux/pci.h. The EEH core inserts and removes
 * PEs under pci_lock_rescan_remove() (probe, removal, recovery), which
 * the walk holds throughout.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
/* the kernel's EEH names here, not the model's (driver/eehlab.h) */
#define EEHLAB_KERNEL_EEH_NAMES

#include <linux/device.h>
#include <linux/of.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/eeh.h>
#include <asm/pci-bridge.h>

#include "compat.h"
#include "eehlab.h"

#define RL_NEST		nla_total_size(0)
#define RL_U32		nla_total_size(sizeof(u32))
#define RL_U16		nla_total_size(sizeof(u16))
#define RL_STR(n)	nla_total_size(n)

#define RL_PHB_SIZE	(RL_NEST + 3 * RL_U32 + RL_STR(EEHLAB_REAL_MODEL_LEN))
#define RL_PE_SIZE	(RL_NEST + 10 * RL_U32)
#define RL_DEV_SIZE	(RL_NEST + 4 * RL_U32 + 2 * RL_U16 + RL_STR(16) + \
			 RL_STR(EEHLAB_REAL_DRIVER_LEN))

/* The uapi type bits are the kernel's EEH_PE_* types */
static_assert(EEHLAB_REAL_PE_TYPE_INVALID == EEH_PE_INVALID);
static_assert(EEHLAB_REAL_PE_TYPE_PHB == EEH_PE_PHB);
static_assert(EEHLAB_REAL_PE_TYPE_DEVICE == EEH_PE_DEVICE);
static_assert(EEHLAB_REAL_PE_TYPE_BUS == EEH_PE_BUS);
static_assert(EEHLAB_REAL_PE_TYPE_VF == EEH_PE_VF);

/*
 * The PE after @pe in a pre-order walk of @root's tree, parents first
 * (eeh_pe_next, which is not exported).
 */
static struct eeh_pe *rl_pe_next(struct eeh_pe *pe, struct eeh_pe *root)
{
	struct list_head *next = pe->child_list.next;

	if (next == &pe->child_list) {
		for (;;) {
			if (pe == root)
				return NULL;
			next = pe->child.next;
			if (next != &pe->parent->child_list)
				break;
			pe = pe->parent;
		}
	}
	return list_entry(next, struct eeh_pe, child);
}

/*
 * The PHB PE of @hose (eeh_phb_pe_get): the root of the PE of any of its
 * functions; NULL when none of them has one.
 */
static struct eeh_pe *rl_phb_pe(struct pci_controller *hose)
{
	struct pci_dev *pdev = NULL;
	struct eeh_pe *pe;

	for_each_pci_dev(pdev) {
		if (pci_bus_to_host(pdev->bus) != hose)
			continue;
		pe = eeh_dev_to_pe(pci_dev_to_eeh_dev(pdev));
		if (!pe)
			continue;
		while (pe->parent)
			pe = pe->parent;
		if (pe->type & EEH_PE_PHB) {
			pci_dev_put(pdev);
			return pe;
		}
	}
	return NULL;
}

/* Each real PHB once: the hosts of the root buses. */
#define RL_MAX_PHBS	256

struct rl_walk {
	struct pci_controller *hose[RL_MAX_PHBS];
	struct eeh_pe *root[RL_MAX_PHBS];
	int nphbs;
	struct eeh_pe **pes;	/* every PE in reply order */
	int npes, ndevs;
};

static void rl_find_phbs(struct rl_walk *w)
{
	struct pci_bus *bus = NULL;
	int i;

	while ((bus = pci_find_next_bus(bus)) && w->nphbs < RL_MAX_PHBS) {
		struct pci_controller *hose = pci_bus_to_host(bus);

		for (i = 0; i < w->nphbs; i++)
			if (w->hose[i] == hose)
				break;
		if (!hose || i < w->nphbs)
			continue;
		w->hose[w->nphbs] = hose;
		w->root[w->nphbs] = rl_phb_pe(hose);
		w->nphbs++;
	}
}

static void rl_count(struct rl_walk *w)
{
	struct eeh_dev *edev, *tmp;
	struct eeh_pe *pe;
	int i;

	w->npes = 0;
	w->ndevs = 0;
	for (i = 0; i < w->nphbs; i++) {
		for (pe = w->root[i]; pe; pe = rl_pe_next(pe, w->root[i])) {
			w->npes++;
			eeh_pe_for_each_dev(pe, edev, tmp)
				if (eeh_dev_to_pci_dev(edev))
					w->ndevs++;
		}
	}
}

static int rl_index(const struct rl_walk *w, const struct eeh_pe *pe, int upto)
{
	int i;

	for (i = 0; i < upto; i++)
		if (w->pes[i] == pe)
			return i;
	return -1;
}

static int rl_put_phb(struct sk_buff *msg, struct rl_walk *w, int i)
{
	struct pci_controller *hose = w->hose[i];
	const char *model = NULL;
	struct eeh_pe *pe;
	struct nlattr *nest;
	u32 num_pes = 0, pes = 0;

	if (hose->dn) {
		of_property_read_string(hose->dn, "compatible", &model);
		of_property_read_u32(hose->dn, "ibm,opal-num-pes", &num_pes);
	}
	for (pe = w->root[i]; pe; pe = rl_pe_next(pe, w->root[i]))
		pes++;
	nest = nla_nest_start(msg, EEHLAB_A_REAL_PHB);
	if (!nest ||
	    nla_put_u32(msg, EEHLAB_A_REAL_PHB_DOMAIN, hose->global_number) ||
	    nla_put_string(msg, EEHLAB_A_REAL_PHB_MODEL, model ? model : "unknown") ||
	    nla_put_u32(msg, EEHLAB_A_REAL_PHB_NUM_PES, num_pes) ||
	    nla_put_u32(msg, EEHLAB_A_REAL_PHB_PES, pes))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int rl_put_pe(struct sk_buff *msg, struct rl_walk *w, int idx)
{
	struct eeh_pe *pe = w->pes[idx];
	int parent = pe->parent ? rl_index(w, pe->parent, idx) : -1;
	struct nlattr *nest;

	nest = nla_nest_start(msg, EEHLAB_A_REAL_PE);
	if (!nest ||
	    nla_put_u32(msg, EEHLAB_A_REAL_PE_DOMAIN, pe->phb->global_number) ||
	    nla_put_u32(msg, EEHLAB_A_REAL_PE_INDEX, idx) ||
	    nla_put_u32(msg, EEHLAB_A_REAL_PE_ADDR, pe->addr) ||
	    nla_put_u32(msg, EEHLAB_A_REAL_PE_TYPE, pe->type) ||
	    (parent >= 0 &&
	     (nla_put_u32(msg, EEHLAB_A_REAL_PE_PARENT, parent) ||
	      nla_put_u32(msg, EEHLAB_A_REAL_PE_PARENT_ADDR, pe->parent->addr))) ||
	    nla_put_s32(msg, EEHLAB_A_REAL_PE_STATE, eeh_pe_get_state(pe)) ||
	    nla_put_u32(msg, EEHLAB_A_REAL_PE_FLAGS, pe->state) ||
	    nla_put_u32(msg, EEHLAB_A_REAL_PE_FREEZE_COUNT, pe->freeze_count) ||
	    nla_put_u32(msg, EEHLAB_A_REAL_PE_PASSED, atomic_read(&pe->pass_dev_cnt)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int rl_put_dev(struct sk_buff *msg, struct eeh_pe *pe, int idx,
		      struct pci_dev *pdev)
{
	char driver[EEHLAB_REAL_DRIVER_LEN] = "";
	struct nlattr *nest;

	/* the driver's name lives as long as it stays bound */
	device_lock(&pdev->dev);
	if (pdev->dev.driver)
		strscpy(driver, pdev->dev.driver->name, sizeof(driver));
	device_unlock(&pdev->dev);

	nest = nla_nest_start(msg, EEHLAB_A_REAL_DEV);
	if (!nest ||
	    nla_put_u32(msg, EEHLAB_A_REAL_DEV_DOMAIN, pci_domain_nr(pdev->bus)) ||
	    nla_put_string(msg, EEHLAB_A_REAL_DEV_BDF, pci_name(pdev)) ||
	    nla_put_u16(msg, EEHLAB_A_REAL_DEV_VENDOR, pdev->vendor) ||
	    nla_put_u16(msg, EEHLAB_A_REAL_DEV_DEVICE, pdev->device) ||
	    nla_put_u32(msg, EEHLAB_A_REAL_DEV_CLASS, pdev->class & 0xffffff) ||
	    (driver[0] && nla_put_string(msg, EEHLAB_A_REAL_DEV_DRIVER, driver)) ||
	    nla_put_u32(msg, EEHLAB_A_REAL_DEV_PE, idx) ||
	    nla_put_u32(msg, EEHLAB_A_REAL_DEV_PE_ADDR, pe->addr))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/* The reply with the reason alone: no PHB. */
static int rl_reply_reason(struct genl_info *info, const char *why)
{
	struct sk_buff *msg;
	void *hdr;

	msg = eehlab_reply_new(info, RL_STR(strlen(why) + 1), &hdr);
	if (!msg)
		return -ENOMEM;
	if (nla_put_string(msg, EEHLAB_A_REAL_PLATFORM, why)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return eehlab_reply_send(msg, hdr, info);
}

static int rl_fill(struct sk_buff *msg, struct rl_walk *w)
{
	struct eeh_dev *edev, *tmp;
	struct pci_dev *pdev;
	struct eeh_pe *pe;
	int i, n = 0, err;

	if (nla_put_string(msg, EEHLAB_A_REAL_PLATFORM, "powernv"))
		return -EMSGSIZE;
	for (i = 0; i < w->nphbs; i++) {
		err = rl_put_phb(msg, w, i);
		if (err)
			return err;
		for (pe = w->root[i]; pe; pe = rl_pe_next(pe, w->root[i]))
			w->pes[n++] = pe;
	}
	for (i = 0; i < n; i++) {
		err = rl_put_pe(msg, w, i);
		if (err)
			return err;
	}
	for (i = 0; i < n; i++) {
		pe = w->pes[i];
		eeh_pe_for_each_dev(pe, edev, tmp) {
			pdev = eeh_dev_to_pci_dev(edev);
			if (!pdev)
				continue;
			err = rl_put_dev(msg, pe, i, pdev);
			if (err)
				return err;
		}
	}
	return 0;
}

int eehlab_powernv_list(struct genl_info *info)
{
	struct sk_buff *msg;
	struct rl_walk *w;
	void *hdr;
	int err;

	if (!of_machine_is_compatible("ibm,powernv"))
		return rl_reply_reason(info, EEHLAB_NO_EEH);
	if (!eeh_enabled())
		return rl_reply_reason(info,
				       "no EEH: the EEH core is disabled on this PowerNV host");

	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	pci_lock_rescan_remove();
	rl_find_phbs(w);
	rl_count(w);
	err = -ENOMEM;
	w->pes = kcalloc(w->npes ? w->npes : 1, sizeof(*w->pes), GFP_KERNEL);
	if (!w->pes)
		goto out_unlock;
	msg = eehlab_reply_new(info, RL_STR(sizeof("powernv")) +
			       w->nphbs * RL_PHB_SIZE + w->npes * RL_PE_SIZE +
			       w->ndevs * RL_DEV_SIZE, &hdr);
	if (!msg)
		goto out_unlock;
	err = rl_fill(msg, w);
	pci_unlock_rescan_remove();
	if (err) {
		nlmsg_free(msg);
		NL_SET_ERR_MSG(info->extack, "REAL_LIST: the reply outgrew its size");
		goto out_free;
	}
	err = eehlab_reply_send(msg, hdr, info);
	goto out_free;

out_unlock:
	pci_unlock_rescan_remove();
out_free:
	kfree(w->pes);
	kfree(w);
	return err;
}
