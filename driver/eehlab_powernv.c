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
 *
 * REAL_INJECT emulates what a PHB3/PHB4 does when it freezes a PE, for
 * QEMU powernv, which never freezes one by itself: the PE's PEST A/B
 * stop bits and its PEEV bit are set through the PHB's IODA table
 * registers, then eeh_dev_check_failure() (exported) finds the freeze
 * through OPAL and queues the EEH core's recovery. Those registers
 * belong to firmware (skiboot takes its PHB lock around every IODA
 * access): writing them from here races with OPAL and is for test
 * machines only (docs/powernv.md).
 *
 * REAL_HW_INJECT is the kernel's own way in: eeh_pe_inject_err()
 * (EXPORT_SYMBOL_GPL), which the PowerNV backend passes to firmware's
 * OPAL_PCI_ERR_INJECT; REAL_CHECK runs eeh_dev_check_failure() on one
 * function, the check a driver's failed MMIO read would make.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
/* the kernel's EEH names here, not the model's (driver/eehlab.h) */
#define EEHLAB_KERNEL_EEH_NAMES

#include <linux/device.h>
#include <linux/io.h>
#include <linux/of.h>
#include <linux/of_address.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/eeh.h>
#include <asm/pci-bridge.h>

#include "compat.h"
#include "eehlab.h"

#define RL_EEH_OFF	"no EEH: the EEH core is disabled on this PowerNV host"

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
		return rl_reply_reason(info, RL_EEH_OFF);

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

/* ---- REAL_INJECT: the emulated freeze of a real PE ---- */

/*
 * The IODA table access registers and tables, the same on PHB3 and PHB4
 * (skiboot include/phb3-regs.h and include/phb4-regs.h: PHB_IODA_ADDR,
 * PHB_IODA_DATA0, IODA2_TBL_* / IODA3_TBL_*). The table select is IBM
 * bits 11-15 of the address register, the index its low bits.
 */
#define RI_IODA_ADDR		0x220
#define RI_IODA_DATA0		0x228
#define RI_TBL_PESTA		7ULL
#define RI_TBL_PESTB		8ULL
#define RI_TBL_PEEV		20ULL
#define RI_IBM_BIT(n)		(1ULL << (63 - (n)))
/* IODA2/3_PESTA_MMIO_FROZEN and _PESTB_DMA_STOPPED: IBM bit 0 */
#define RI_PEST_STOPPED		RI_IBM_BIT(0)

#define RI_REPLY_SIZE	(RL_NEST + 3 * nla_total_size_64bit(sizeof(u64)) + \
			 nla_total_size(sizeof(u8)) + RL_STR(16))

static u64 ri_read(void __iomem *regs, u64 table, u64 index)
{
	out_be64(regs + RI_IODA_ADDR, table << 48 | index);
	return in_be64(regs + RI_IODA_DATA0);
}

static void ri_write(void __iomem *regs, u64 table, u64 index, u64 v)
{
	out_be64(regs + RI_IODA_ADDR, table << 48 | index);
	out_be64(regs + RI_IODA_DATA0, v);
}

/* A refusal with a formatted extack message (it is copied to the ring) */
static int ri_refuse(struct genl_info *info, int err, const char *fmt, ...)
{
	char text[EEHLAB_MSG_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (info)
		eehlab_extack_text(info->extack, text);
	else
		pr_info("%s\n", text);
	return err;
}

struct ri_result {
	u64 pesta, pestb, peev;
	int check;		/* eeh_dev_check_failure() */
	char bdf[16];
};

/*
 * Freeze @pe the way the hardware would and let the EEH core find it.
 * Called with pci_lock_rescan_remove() held: the PE and its devices stay.
 * @info NULL: the refusals go to the kernel log.
 *
 * A PE passed to an owner (pass_dev_cnt, eeh_dev_open()) is the owner's
 * to recover: eeh_dev_check_failure() leaves it alone and returns 0.
 * Its PEST and PEEV then stay set, so that firmware reports it frozen to
 * the owner (eeh_pe_get_state()), until the owner's release thaws it
 * and eehlab_powernv_clear_emulation() takes the PEEV bits away.
 */
static int ri_freeze(struct genl_info *info, struct pci_controller *hose,
		     struct eeh_pe *pe, u32 kind, struct ri_result *r)
{
	struct eeh_dev *edev, *tmp, *check = NULL;
	struct eeh_pe *child;
	u64 word = pe->addr / 64, bit = RI_IBM_BIT(pe->addr % 64);
	bool passed = eeh_pe_passed(pe);
	struct pci_dev *pdev;
	void __iomem *regs;
	u32 num_pes = 0;

	if (!of_device_is_compatible(hose->dn, "ibm,power9-pciex") &&
	    !of_device_is_compatible(hose->dn, "ibm,power8-pciex"))
		return ri_refuse(info, -EOPNOTSUPP,
				 "PHB %04x is neither a PHB4 (ibm,power9-pciex) nor a PHB3 (ibm,power8-pciex): no emulated freeze",
				 hose->global_number);
	if (!of_property_read_u32(hose->dn, "ibm,opal-num-pes", &num_pes) &&
	    pe->addr >= num_pes)
		return ri_refuse(info, -EINVAL, "PE 0x%x is beyond the PHB's %u PEs",
				 pe->addr, num_pes);
	if (pe->state & (EEH_PE_ISOLATED | EEH_PE_RECOVERING))
		return ri_refuse(info, -EBUSY,
				 "PHB %04x PE 0x%x is isolated or recovering already",
				 hose->global_number, pe->addr);
	eeh_pe_for_each_dev(pe, edev, tmp) {
		if (eeh_dev_to_pci_dev(edev)) {
			check = edev;
			break;
		}
	}
	if (!check)
		return ri_refuse(info, -ENODEV, "PHB %04x PE 0x%x has no PCI function",
				 hose->global_number, pe->addr);
	regs = of_iomap(hose->dn, 0);
	if (!regs)
		return ri_refuse(info, -ENXIO, "PHB %04x: its registers (reg 0) do not map",
				 hose->global_number);

	/* test-only: no firmware lock around the IODA address/data pair */
	if (kind & EEHLAB_REAL_FREEZE_MMIO)
		ri_write(regs, RI_TBL_PESTA, pe->addr, RI_PEST_STOPPED);
	if (kind & EEHLAB_REAL_FREEZE_DMA)
		ri_write(regs, RI_TBL_PESTB, pe->addr, RI_PEST_STOPPED);
	r->pesta = ri_read(regs, RI_TBL_PESTA, pe->addr);
	r->pestb = ri_read(regs, RI_TBL_PESTB, pe->addr);
	/* QEMU's PHB3 model (hw/pci-host/pnv_phb3.c) stores no PEST at all */
	if (((kind & EEHLAB_REAL_FREEZE_MMIO) && !(r->pesta & RI_PEST_STOPPED)) ||
	    ((kind & EEHLAB_REAL_FREEZE_DMA) && !(r->pestb & RI_PEST_STOPPED))) {
		iounmap(regs);
		return ri_refuse(info, -EOPNOTSUPP,
				 "PHB %04x did not keep PE 0x%x's PEST stop bits (PESTA 0x%llx PESTB 0x%llx read back): no emulated freeze",
				 hose->global_number, pe->addr, r->pesta, r->pestb);
	}
	/*
	 * PELT-V: the hardware stops every PE in the frozen PE's PELT-V
	 * along with it. Linux programs each PE's PELT-V from the same
	 * parent relation the EEH core's PE tree has (pnv_ioda_set_peltv()
	 * adds a PE to the PELT-V of the PE of every bridge above it), so
	 * the children are the PEs under @pe in that tree. Each gets its
	 * PEEV bit too, so that firmware reports it frozen while the bits
	 * are there (skiboot reads a PE's PEST only when its PEEV bit is set).
	 */
	for (child = rl_pe_next(pe, pe); child; child = rl_pe_next(child, pe)) {
		if (kind & EEHLAB_REAL_FREEZE_MMIO)
			ri_write(regs, RI_TBL_PESTA, child->addr, RI_PEST_STOPPED);
		if (kind & EEHLAB_REAL_FREEZE_DMA)
			ri_write(regs, RI_TBL_PESTB, child->addr, RI_PEST_STOPPED);
		ri_write(regs, RI_TBL_PEEV, child->addr / 64,
			 ri_read(regs, RI_TBL_PEEV, child->addr / 64) |
			 RI_IBM_BIT(child->addr % 64));
	}
	r->peev = ri_read(regs, RI_TBL_PEEV, word) | bit;
	ri_write(regs, RI_TBL_PEEV, word, r->peev);

	/*
	 * The recovery's reset: the fundamental one (firmware's PERST),
	 * not the hot reset, whose config-space wait takes over a minute
	 * under QEMU. eeh_pe_reset_full() picks it when any device of the
	 * PE asks (eeh_set_dev_freset).
	 */
	eeh_pe_for_each_dev(pe, edev, tmp) {
		pdev = eeh_dev_to_pci_dev(edev);
		if (pdev)
			pdev->needs_freset = 1;
	}
	pdev = eeh_dev_to_pci_dev(check);
	strscpy(r->bdf, pci_name(pdev), sizeof(r->bdf));
	r->check = eeh_dev_check_failure(check);

	if (passed) {
		iounmap(regs);
		pr_info("emulated freeze of PHB#%x-PE#%x, passed to its owner: PESTA 0x%016llx PESTB 0x%016llx PEEV set; eeh_dev_check_failure(%s) = %d\n",
			hose->global_number, pe->addr, r->pesta, r->pestb, r->bdf, r->check);
		return 0;
	}
	/*
	 * Seen (or not): the PEEV bit goes. Left set, firmware would report
	 * the PE frozen again after the recovery's thaw, which clears only
	 * the PEST. Not seen: the PEST goes too.
	 */
	ri_write(regs, RI_TBL_PEEV, word, ri_read(regs, RI_TBL_PEEV, word) & ~bit);
	/*
	 * The children as firmware reports them now (after the check, which
	 * has marked the whole tree under @pe isolated: asked before it, the
	 * platform's get_state would report them on its own), then their
	 * PEEV bits go as well.
	 */
	for (child = rl_pe_next(pe, pe); child; child = rl_pe_next(child, pe)) {
		int st = r->check > 0 ? eeh_pe_get_state(child) : 0;

		ri_write(regs, RI_TBL_PEEV, child->addr / 64,
			 ri_read(regs, RI_TBL_PEEV, child->addr / 64) &
			 ~RI_IBM_BIT(child->addr % 64));
		pr_info("emulated freeze of PHB#%x-PE#%x: PELT-V child PE#%x stopped too (PESTA 0x%016llx PESTB 0x%016llx), eeh_pe_get_state %d\n",
			hose->global_number, pe->addr, child->addr,
			ri_read(regs, RI_TBL_PESTA, child->addr),
			ri_read(regs, RI_TBL_PESTB, child->addr), st);
	}
	if (r->check <= 0) {
		for (child = pe; child; child = rl_pe_next(child, pe)) {
			if (kind & EEHLAB_REAL_FREEZE_MMIO)
				ri_write(regs, RI_TBL_PESTA, child->addr, 0);
			if (kind & EEHLAB_REAL_FREEZE_DMA)
				ri_write(regs, RI_TBL_PESTB, child->addr, 0);
		}
	}
	iounmap(regs);
	pr_info("emulated freeze of PHB#%x-PE#%x: PESTA 0x%016llx PESTB 0x%016llx; eeh_dev_check_failure(%s) = %d\n",
		hose->global_number, pe->addr, r->pesta, r->pestb, r->bdf, r->check);
	return 0;
}

/*
 * The platform checks of every command that acts on a real PE: a PowerNV
 * host with the EEH core enabled.
 */
static int rl_platform_ok(struct genl_info *info)
{
	if (!of_machine_is_compatible("ibm,powernv")) {
		NL_SET_ERR_MSG(info->extack, EEHLAB_NO_EEH);
		return -EOPNOTSUPP;
	}
	if (!eeh_enabled()) {
		NL_SET_ERR_MSG(info->extack, RL_EEH_OFF);
		return -EOPNOTSUPP;
	}
	return 0;
}

/*
 * PE @addr (never the PHB PE) of the PHB with PCI domain @domain, and its
 * host: 0, or -ENODEV with the extack text. Called with
 * pci_lock_rescan_remove() held, which keeps the PE until it is dropped.
 */
static int rl_lookup_pe(struct genl_info *info, struct rl_walk *w, u32 domain,
			u32 addr, struct pci_controller **hose, struct eeh_pe **found)
{
	struct eeh_pe *pe;
	int i;

	rl_find_phbs(w);
	for (i = 0; i < w->nphbs; i++)
		if (w->hose[i]->global_number == domain)
			break;
	if (i == w->nphbs)
		return ri_refuse(info, -ENODEV, "no PHB %04x", domain);
	for (pe = w->root[i]; pe; pe = rl_pe_next(pe, w->root[i]))
		if (!(pe->type & EEH_PE_PHB) && pe->addr == addr)
			break;
	if (!pe)
		return ri_refuse(info, -ENODEV, "no PE 0x%x on PHB %04x", addr, domain);
	*hose = w->hose[i];
	*found = pe;
	return 0;
}

/*
 * A request that names a real PE (REAL_INJECT, REAL_HW_INJECT): its
 * EEHLAB_A_REAL_INJ nest into @tb, with DOMAIN, PE_ADDR and @also
 * required, on a platform with the EEH core.
 */
static int ri_parse(struct genl_info *info, struct nlattr **tb, int also,
		    u32 *domain, u32 *addr)
{
	struct nlattr *nest = info->attrs[EEHLAB_A_REAL_INJ];
	int err;

	err = EEHLAB_NEST(info, EEHLAB_A_REAL_INJ, tb, EEHLAB_A_REAL_INJ_MAX,
			  eehlab_real_inj_policy);
	if (err)
		return err;
	err = EEHLAB_REQUIRE(info, tb, nest, EEHLAB_A_REAL_INJ_DOMAIN) ?:
	      EEHLAB_REQUIRE(info, tb, nest, EEHLAB_A_REAL_INJ_PE_ADDR) ?:
	      EEHLAB_REQUIRE(info, tb, nest, also);
	if (err)
		return err;
	*domain = nla_get_u32(tb[EEHLAB_A_REAL_INJ_DOMAIN]);
	*addr = nla_get_u32(tb[EEHLAB_A_REAL_INJ_PE_ADDR]);
	return rl_platform_ok(info);
}

int eehlab_powernv_inject(struct genl_info *info)
{
	struct nlattr *tb[EEHLAB_A_REAL_INJ_MAX + 1];
	struct nlattr *nest;
	struct ri_result r = { 0 };
	struct pci_controller *hose;
	struct eeh_pe *pe = NULL;
	u32 domain, addr, kind;
	struct sk_buff *msg;
	struct rl_walk *w;
	void *hdr;
	int err;

	err = ri_parse(info, tb, EEHLAB_A_REAL_INJ_KIND, &domain, &addr);
	if (err)
		return err;
	kind = nla_get_u32(tb[EEHLAB_A_REAL_INJ_KIND]);

	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	pci_lock_rescan_remove();
	err = rl_lookup_pe(info, w, domain, addr, &hose, &pe);
	if (err)
		goto out_unlock;
	if (!hose->dn) {
		err = ri_refuse(info, -EOPNOTSUPP, "PHB %04x has no device-tree node", domain);
		goto out_unlock;
	}
	err = ri_freeze(info, hose, pe, kind, &r);
out_unlock:
	pci_unlock_rescan_remove();
	kfree(w);
	if (err)
		return err;

	msg = eehlab_reply_new(info, RI_REPLY_SIZE, &hdr);
	if (!msg)
		return -ENOMEM;
	nest = nla_nest_start(msg, EEHLAB_A_REAL_INJ);
	if (!nest ||
	    nla_put_u64_64bit(msg, EEHLAB_A_REAL_INJ_PESTA, r.pesta, EEHLAB_A_REAL_INJ_PAD) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_REAL_INJ_PESTB, r.pestb, EEHLAB_A_REAL_INJ_PAD) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_REAL_INJ_PEEV, r.peev, EEHLAB_A_REAL_INJ_PAD) ||
	    nla_put_u8(msg, EEHLAB_A_REAL_INJ_DETECTED, r.check > 0) ||
	    nla_put_string(msg, EEHLAB_A_REAL_INJ_CHECKED_BDF, r.bdf)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return eehlab_reply_send(msg, hdr, info);
}

/* ---- REAL_HW_INJECT: firmware's error injection into a real PE ---- */

#define RH_REPLY_SIZE	(RL_NEST + nla_total_size(sizeof(s32)))

/* A reply with one s32 attribute in the EEHLAB_A_REAL_INJ nest */
static int rh_reply_rc(struct genl_info *info, int rc)
{
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;

	msg = eehlab_reply_new(info, RH_REPLY_SIZE, &hdr);
	if (!msg)
		return -ENOMEM;
	nest = nla_nest_start(msg, EEHLAB_A_REAL_INJ);
	if (!nest || nla_put_s32(msg, EEHLAB_A_REAL_INJ_RC, rc)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return eehlab_reply_send(msg, hdr, info);
}

/*
 * eeh_pe_inject_err() (EXPORT_SYMBOL_GPL, arch/powerpc/kernel/eeh.c) on
 * PE (DOMAIN, PE_ADDR), with TYPE, FUNC, ADDR and MASK passed on as they
 * are; its return is the reply's RC: 0 firmware accepted, -EIO firmware
 * refused (pnv_eeh_err_inject() logs OPAL's own code), -EINVAL the EEH
 * core refused the function (6.1 also the type), -ERANGE the PowerNV
 * backend refused the type or function, -ENXIO firmware has no
 * OPAL_PCI_ERR_INJECT, -ENOENT the platform has no injection at all.
 * The PE walk's lock is held across the call: the PE cannot be freed
 * under it, and the OPAL call neither sleeps nor takes that lock.
 */
int eehlab_powernv_hw_inject(struct genl_info *info)
{
	struct nlattr *tb[EEHLAB_A_REAL_INJ_MAX + 1];
	struct pci_controller *hose;
	struct eeh_pe *pe = NULL;
	u32 domain, addr, type, func;
	u64 eaddr = 0, mask = 0;
	struct rl_walk *w;
	int err, rc = 0;

	err = ri_parse(info, tb, EEHLAB_A_REAL_INJ_FUNC, &domain, &addr);
	if (err)
		return err;
	func = nla_get_u32(tb[EEHLAB_A_REAL_INJ_FUNC]);
	type = tb[EEHLAB_A_REAL_INJ_TYPE] ? nla_get_u32(tb[EEHLAB_A_REAL_INJ_TYPE]) : 0;
	if (tb[EEHLAB_A_REAL_INJ_ADDR])
		eaddr = nla_get_u64(tb[EEHLAB_A_REAL_INJ_ADDR]);
	if (tb[EEHLAB_A_REAL_INJ_MASK])
		mask = nla_get_u64(tb[EEHLAB_A_REAL_INJ_MASK]);

	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	pci_lock_rescan_remove();
	err = rl_lookup_pe(info, w, domain, addr, &hose, &pe);
	if (!err)
		rc = eeh_pe_inject_err(pe, type, func, eaddr, mask);
	pci_unlock_rescan_remove();
	kfree(w);
	if (err)
		return err;
	pr_info("firmware injection into PHB#%x-PE#%x: eeh_pe_inject_err(type %u, func %d, addr 0x%llx, mask 0x%llx) = %d\n",
		domain, addr, type, (int)func, eaddr, mask, rc);
	return rh_reply_rc(info, rc);
}

/* ---- REAL_CHECK: the EEH core's failure check on a real function ---- */

#define RC_REPLY_SIZE	(RL_NEST + nla_total_size(sizeof(u8)) + RL_STR(16))

/*
 * eeh_dev_check_failure() (exported) on function BDF ("0000:01:00.0"):
 * DETECTED when it found the function's PE frozen (and queued the EEH
 * core's recovery), CHECKED_BDF the function's name. Refused: a BDF that
 * does not parse (-EINVAL), no such function (-ENODEV), a function
 * without an EEH device or PE (-ENODEV).
 */
int eehlab_powernv_check(struct genl_info *info)
{
	struct nlattr *tb[EEHLAB_A_REAL_INJ_MAX + 1];
	struct nlattr *nest = info->attrs[EEHLAB_A_REAL_INJ];
	unsigned int dom, bus, slot, fn;
	char bdf[16], name[16];
	struct eeh_dev *edev;
	struct pci_dev *pdev;
	struct sk_buff *msg;
	void *hdr;
	int err, n = 0, check;

	err = EEHLAB_NEST(info, EEHLAB_A_REAL_INJ, tb, EEHLAB_A_REAL_INJ_MAX,
			  eehlab_real_inj_policy);
	if (err)
		return err;
	err = EEHLAB_REQUIRE(info, tb, nest, EEHLAB_A_REAL_INJ_BDF);
	if (err)
		return err;
	nla_strscpy(bdf, tb[EEHLAB_A_REAL_INJ_BDF], sizeof(bdf));
	if (sscanf(bdf, "%4x:%2x:%2x.%1x%n", &dom, &bus, &slot, &fn, &n) != 4 ||
	    bdf[n] || dom > 0xffff || bus > 0xff || slot > 0x1f || fn > 7)
		return ri_refuse(info, -EINVAL,
				 "'%s' is not a PCI function (DOMAIN:BUS:SLOT.FN, hex)", bdf);
	err = rl_platform_ok(info);
	if (err)
		return err;

	pci_lock_rescan_remove();
	pdev = pci_get_domain_bus_and_slot(dom, bus, PCI_DEVFN(slot, fn));
	if (!pdev) {
		pci_unlock_rescan_remove();
		return ri_refuse(info, -ENODEV, "no PCI function %s", bdf);
	}
	edev = pci_dev_to_eeh_dev(pdev);
	if (!edev || !edev->pe) {
		pci_unlock_rescan_remove();
		err = ri_refuse(info, -ENODEV,
				"PCI function %s has no EEH device (no PE of the EEH core)",
				pci_name(pdev));
		pci_dev_put(pdev);
		return err;
	}
	strscpy(name, pci_name(pdev), sizeof(name));
	check = eeh_dev_check_failure(edev);
	pci_unlock_rescan_remove();
	pci_dev_put(pdev);
	pr_info("eeh_dev_check_failure(%s) = %d\n", name, check);

	msg = eehlab_reply_new(info, RC_REPLY_SIZE, &hdr);
	if (!msg)
		return -ENOMEM;
	nest = nla_nest_start(msg, EEHLAB_A_REAL_INJ);
	if (!nest ||
	    nla_put_u8(msg, EEHLAB_A_REAL_INJ_DETECTED, check > 0) ||
	    nla_put_string(msg, EEHLAB_A_REAL_INJ_CHECKED_BDF, name)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return eehlab_reply_send(msg, hdr, info);
}

/*
 * The emulated freeze of @pdev's PE (and its PELT-V), for the module's
 * own users (the real guest's TCE path, eehlab_tce_real.c). The caller
 * holds pci_lock_rescan_remove(). 0 raised, with *@detected
 * eeh_dev_check_failure()'s return (0 for a PE passed to its owner);
 * else -errno, the reason in the kernel log.
 */
int eehlab_powernv_freeze_dev(struct pci_dev *pdev, u32 kind, int *detected)
{
	struct pci_controller *hose = pci_bus_to_host(pdev->bus);
	struct eeh_pe *pe = eeh_dev_to_pe(pci_dev_to_eeh_dev(pdev));
	struct ri_result r = { 0 };
	int err;

	*detected = 0;
	if (!of_machine_is_compatible("ibm,powernv") || !eeh_enabled())
		return -EOPNOTSUPP;
	if (!pe || !hose || !hose->dn)
		return ri_refuse(NULL, -ENODEV, "%s has no EEH PE", pci_name(pdev));
	err = ri_freeze(NULL, hose, pe, kind, &r);
	if (!err)
		*detected = r.check;
	return err;
}

/*
 * Take the emulation away from @pdev's PE and the PEs under it: their
 * PEEV bits, and PEST A/B if still set (an owner's release thaws the PE
 * through firmware, which clears the PEST and leaves the PEEV, whose bit
 * would otherwise keep reporting the PE). The caller holds
 * pci_lock_rescan_remove().
 */
void eehlab_powernv_clear_emulation(struct pci_dev *pdev)
{
	struct pci_controller *hose = pci_bus_to_host(pdev->bus);
	struct eeh_pe *pe = eeh_dev_to_pe(pci_dev_to_eeh_dev(pdev)), *p;
	void __iomem *regs;

	if (!pe || !hose || !hose->dn || !of_machine_is_compatible("ibm,powernv"))
		return;
	regs = of_iomap(hose->dn, 0);
	if (!regs)
		return;
	for (p = pe; p; p = rl_pe_next(p, pe)) {
		ri_write(regs, RI_TBL_PEEV, p->addr / 64,
			 ri_read(regs, RI_TBL_PEEV, p->addr / 64) & ~RI_IBM_BIT(p->addr % 64));
		ri_write(regs, RI_TBL_PESTA, p->addr, 0);
		ri_write(regs, RI_TBL_PESTB, p->addr, 0);
	}
	iounmap(regs);
}
