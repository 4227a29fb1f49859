// SPDX-License-Identifier: GPL-2.0-only
/*
 * REAL_GUEST: a module-side guest owning a real PE's TCE table.
 *
 * The PE of a PCI function is taken from the host the way VFIO's sPAPR
 * TCE driver takes it: the IOMMU group's DMA ownership
 * (iommu_group_claim_dma_owner() from 6.10 on, the table group's
 * take_ownership() before), eeh_dev_open() on each function (the EEH
 * core then leaves the PE to its owner), a 32-bit window of the
 * module's own table (create_table, set_window: TVE#0 now walks it).
 * The guest has a few pinned pages (allocated here: their host-physical
 * addresses are known) at guest-physical 0 on.
 *
 * The guest's TCE hypercalls (H_PUT_TCE, H_PUT_TCE_INDIRECT,
 * H_STUFF_TCE) run in the model's three tiers (include/eehlab/guest.h),
 * with its codes and validation order:
 *   real     interrupts off, nothing may sleep or allocate; only a LIOBN
 *            registered for real mode; the pinned pages only;
 *   virtual  may sleep; the LIOBN registered for the kernel;
 *   user     the caller (the VMM): a hypercall no kernel tier knows is
 *            answered H_TOO_HARD with tier USER; the caller then runs it
 *            with TIER USER (as QEMU does through VFIO's ioctls).
 * Both kernel tiers write the PE's real table through the table's own
 * xchg_no_kill and tce_kill (what iommu_tce_xchg_no_kill() and
 * iommu_tce_kill() call; the former is not used because it dereferences
 * a user mm this guest does not have).
 *
 * DMA: the edu engine of the taken function (BAR0, unbound), pointed at a
 * bus address of the window. Before it runs, the real entries under the
 * range are read: one that denies the access is what a PHB4 reports as a
 * TCE access fault and freezes the PE for. QEMU only logs it, so the
 * module raises the PE's emulated freeze (eehlab_powernv.c) itself.
 *
 * RELEASE (and module exit) undoes all of it in reverse: the host's
 * default window, bypass and DMA ops come back with release_ownership.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
/* the kernel's EEH names here, not the model's (driver/eehlab.h) */
#define EEHLAB_KERNEL_EEH_NAMES

#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/iommu.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "compat.h"
#include "eehlab.h"

#define RG_LEN_MAX	4096
#define RG_PAGES_MAX	64

const struct nla_policy eehlab_real_guest_policy[EEHLAB_A_RG_MAX + 1] = {
	[EEHLAB_A_RG_OP]	= NLA_POLICY_RANGE(NLA_U32, EEHLAB_RG_OP_TAKE,
						   EEHLAB_RG_OP_STATUS),
	[EEHLAB_A_RG_BDF]	= { .type = NLA_NUL_STRING, .len = 15 },
	[EEHLAB_A_RG_PAGES]	= NLA_POLICY_RANGE(NLA_U32, 1, RG_PAGES_MAX),
	[EEHLAB_A_RG_LIOBN_TIER] = NLA_POLICY_MAX(NLA_U32, EEHLAB_RG_TIER_USER),
	[EEHLAB_A_RG_LIOBN]	= { .type = NLA_U32 },
	[EEHLAB_A_RG_HCALL]	= { .type = NLA_U32 },
	[EEHLAB_A_RG_IOBA]	= { .type = NLA_U64 },
	[EEHLAB_A_RG_TCE]	= { .type = NLA_U64 },
	[EEHLAB_A_RG_COUNT]	= { .type = NLA_U32 },
	[EEHLAB_A_RG_TIER]	= NLA_POLICY_MAX(NLA_U32, EEHLAB_RG_TIER_USER),
	[EEHLAB_A_RG_GPA]	= { .type = NLA_U64 },
	[EEHLAB_A_RG_LEN]	= NLA_POLICY_RANGE(NLA_U32, 1, RG_LEN_MAX),
	[EEHLAB_A_RG_DATA]	= { .type = NLA_BINARY, .len = RG_LEN_MAX },
	[EEHLAB_A_RG_DIR]	= NLA_POLICY_MAX(NLA_U32, EEHLAB_RG_DMA_FROM_RAM),
	[EEHLAB_A_RG_DEV_OFF]	= { .type = NLA_U32 },
};

#if EEHLAB_HAVE_POWERNV

#include <asm/eeh.h>
#include <asm/iommu.h>
#include <asm/pci-bridge.h>
#include <asm/tce.h>

/*
 * The PE's DMA ownership: the IOMMU core's claim from 6.10 on (the
 * table group's take_ownership(tg, dev) behind it), the table group's
 * take_ownership(tg) itself before. DMA64_PROPNAME came into
 * asm/iommu.h with that change (6.10), so it tells the two apart.
 */
#ifdef DMA64_PROPNAME
#define RG_CLAIM		1
#else
#define RG_CLAIM		0
#endif

#define RG_SHIFT		12	/* 4K TCEs, whatever PAGE_SIZE is */
#define RG_TCE_SIZE		BIT_ULL(RG_SHIFT)
#define RG_WINDOW		(64UL << 20)	/* below edu's 28-bit DMA mask */
#define RG_MAX_FUNCS		8
#define RG_INDIRECT_MAX		512
#define RG_LIOBN(domain)	(0x80000000U | ((domain) & 0xffff) << 8)

/* edu (QEMU hw/misc/edu.c) */
#define RG_EDU_ID		0x00
#define RG_EDU_SRC		0x80
#define RG_EDU_DST		0x88
#define RG_EDU_CNT		0x90
#define RG_EDU_CMD		0x98
#define RG_EDU_ID_VALUE		0x010000ed
#define RG_EDU_RUN		0x1
#define RG_EDU_TO_RAM		0x2
#define RG_EDU_BUF		0x40000
#define RG_EDU_BUF_LEN		0xfff	/* QEMU stops the machine beyond */
#define RG_EDU_DMA_LIMIT	BIT_ULL(28)
#define RG_EDU_TIMEOUT_MS	3000

#define RG_REPLY_SIZE		(RG_LEN_MAX + 1024)

static const char * const rg_tier_name[] = { "real", "virtual", "user" };

struct rg_guest {
	bool owned;
	struct pci_dev *pdev;			/* the function named, a ref */
	struct pci_dev *funcs[RG_MAX_FUNCS];	/* the group's, refs */
	int nfuncs;
	int opened;				/* eeh_dev_open() done on funcs[0..) */
	struct iommu_group *grp;
	struct iommu_table_group *tg;
	struct iommu_table *tbl;
	struct eeh_pe *pe;
	u32 domain, pe_addr, liobn, liobn_tier;
	struct page *pages;
	unsigned int order;
	void *mem;
	phys_addr_t hpa;
	u64 mem_size;
	long used_lo, used_hi;			/* entries ever written, [lo, hi) */
	void __iomem *regs;
	bool regs_be, enabled;
	__be64 scratch[RG_INDIRECT_MAX];	/* INDIRECT's translated list */
};

static DEFINE_MUTEX(rg_lock);
static struct rg_guest rg;

static int rg_refuse(struct genl_info *info, int err, const char *fmt, ...)
{
	char text[EEHLAB_MSG_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	eehlab_extack_text(info->extack, text);
	return err;
}

/* ---- edu registers ---- */

static u32 rg_rd(u32 reg)
{
	u32 v = ioread32(rg.regs + reg);

	return rg.regs_be ? swab32(v) : v;
}

static void rg_wr(u32 reg, u32 v)
{
	iowrite32(rg.regs_be ? swab32(v) : v, rg.regs + reg);
}

/* RUN clear: 0, -EIO (all ones: no answer), -ETIMEDOUT */
static int rg_edu_wait(void)
{
	unsigned long end = jiffies + msecs_to_jiffies(RG_EDU_TIMEOUT_MS);
	u32 cmd;

	for (;;) {
		cmd = rg_rd(RG_EDU_CMD);
		if (cmd == ~0U)
			return -EIO;
		if (!(cmd & RG_EDU_RUN))
			return 0;
		if (time_after(jiffies, end))
			return -ETIMEDOUT;
		usleep_range(1000, 2000);
	}
}

/* ---- the table: entries are absolute indexes (it_offset included) ---- */

static long rg_set(long entry, unsigned long hpa, enum dma_data_direction dir)
{
	struct iommu_table *tbl = rg.tbl;
	int ret;

	ret = tbl->it_ops->xchg_no_kill(tbl, entry, &hpa, &dir);
	if (ret) {
		hpa = 0;
		dir = DMA_NONE;
		tbl->it_ops->xchg_no_kill(tbl, entry, &hpa, &dir);
		return H_HARDWARE;
	}
	if (rg.used_lo > entry)
		rg.used_lo = entry;
	if (rg.used_hi < entry + 1)
		rg.used_hi = entry + 1;
	return H_SUCCESS;
}

static void rg_clear_all(void)
{
	struct iommu_table *tbl = rg.tbl;
	long i;

	if (rg.used_hi <= rg.used_lo)
		return;
	for (i = rg.used_lo; i < rg.used_hi; i++) {
		unsigned long hpa = 0;
		enum dma_data_direction dir = DMA_NONE;

		tbl->it_ops->xchg_no_kill(tbl, i, &hpa, &dir);
	}
	iommu_tce_kill(tbl, rg.used_lo, rg.used_hi - rg.used_lo);
	rg.used_lo = LONG_MAX;
	rg.used_hi = 0;
}

/* ---- the hypercalls, the model's checks in its order ---- */

struct rg_hcall {
	u32 op;
	u64 ioba, tce;
	u32 npages;
};

static long rg_ioba(u64 ioba, u64 npages, long *entry)
{
	struct iommu_table *tbl = rg.tbl;
	u64 idx;

	if (ioba & (RG_TCE_SIZE - 1))
		return H_PARAMETER;
	idx = ioba >> RG_SHIFT;
	if (idx < tbl->it_offset || npages > tbl->it_size ||
	    idx - tbl->it_offset > tbl->it_size - npages)
		return H_PARAMETER;
	*entry = idx;
	return H_SUCCESS;
}

/* A TCE to a host address in the pinned memory (R=W=0: clear) */
static long rg_xlate(u64 tce, unsigned long *hpa, enum dma_data_direction *dir)
{
	u64 gpa = tce & ~(u64)(TCE_PCI_READ | TCE_PCI_WRITE);

	*dir = iommu_tce_direction(tce);
	*hpa = 0;
	if (*dir == DMA_NONE)
		return H_SUCCESS;
	if (gpa & (RG_TCE_SIZE - 1))
		return H_PARAMETER;
	if (gpa >= rg.mem_size)
		return H_PARAMETER;
	*hpa = rg.hpa + gpa;
	return H_SUCCESS;
}

static long rg_put_tce(const struct rg_hcall *h)
{
	enum dma_data_direction dir;
	unsigned long hpa;
	long entry, rc;

	rc = rg_ioba(h->ioba, 1, &entry);
	if (rc)
		return rc;
	rc = rg_xlate(h->tce, &hpa, &dir);
	if (rc)
		return rc;
	rc = rg_set(entry, hpa, dir);
	iommu_tce_kill(rg.tbl, entry, 1);
	return rc;
}

static long rg_put_indirect(const struct rg_hcall *h)
{
	enum dma_data_direction dir;
	const __be64 *list;
	unsigned long hpa;
	long entry, rc;
	u32 i;

	if (h->npages > RG_INDIRECT_MAX || (h->tce & (RG_TCE_SIZE - 1)))
		return H_PARAMETER;
	rc = rg_ioba(h->ioba, h->npages, &entry);
	if (rc)
		return rc;
	if (h->tce >= rg.mem_size)
		return H_PARAMETER;
	list = rg.mem + h->tce;
	/* every entry valid before any is written */
	for (i = 0; i < h->npages; i++) {
		rc = rg_xlate(be64_to_cpu(READ_ONCE(list[i])), &hpa, &dir);
		if (rc)
			return rc;
		rg.scratch[i] = cpu_to_be64(hpa | (dir == DMA_NONE ? 0 :
					    iommu_direction_to_tce_perm(dir)));
	}
	for (i = 0; i < h->npages; i++) {
		u64 v = be64_to_cpu(rg.scratch[i]);

		rc = rg_set(entry + i, v & ~(u64)(TCE_PCI_READ | TCE_PCI_WRITE),
			    iommu_tce_direction(v));
		if (rc)
			break;
	}
	if (h->npages)
		iommu_tce_kill(rg.tbl, entry, h->npages);
	return rc;
}

static long rg_stuff(const struct rg_hcall *h)
{
	long entry, rc = H_SUCCESS;
	u32 i;

	rc = rg_ioba(h->ioba, h->npages, &entry);
	if (rc)
		return rc;
	if (h->tce & (TCE_PCI_READ | TCE_PCI_WRITE))
		return H_PARAMETER;
	for (i = 0; i < h->npages && rc == H_SUCCESS; i++)
		rc = rg_set(entry + i, 0, DMA_NONE);
	if (h->npages)
		iommu_tce_kill(rg.tbl, entry, h->npages);
	return rc;
}

/* One tier: H_TOO_HARD hands the call on */
static long rg_tier(u32 tier, u32 liobn, const struct rg_hcall *h)
{
	if (liobn != rg.liobn || tier < rg.liobn_tier)
		return tier == EEHLAB_RG_TIER_USER ? H_PARAMETER : H_TOO_HARD;
	switch (h->op) {
	case H_PUT_TCE:
		return rg_put_tce(h);
	case H_PUT_TCE_INDIRECT:
		return rg_put_indirect(h);
	case H_STUFF_TCE:
		return rg_stuff(h);
	}
	return tier == EEHLAB_RG_TIER_USER ? H_FUNCTION : H_TOO_HARD;
}

/*
 * From tier @tier on: the real one with interrupts off (nothing in it
 * may sleep), the virtual one as it is; past the virtual one the caller
 * gets H_TOO_HARD and tier USER. *@done: the tier that answered.
 */
static long rg_run(u32 tier, u32 liobn, const struct rg_hcall *h, u32 *done)
{
	unsigned long flags;
	long rc = H_TOO_HARD;

	if (tier == EEHLAB_RG_TIER_REAL) {
		local_irq_save(flags);
		rc = rg_tier(EEHLAB_RG_TIER_REAL, liobn, h);
		local_irq_restore(flags);
		*done = EEHLAB_RG_TIER_REAL;
		if (rc != H_TOO_HARD)
			return rc;
		tier = EEHLAB_RG_TIER_VIRTUAL;
	}
	if (tier == EEHLAB_RG_TIER_VIRTUAL) {
		might_sleep();
		rc = rg_tier(EEHLAB_RG_TIER_VIRTUAL, liobn, h);
		*done = EEHLAB_RG_TIER_VIRTUAL;
		if (rc != H_TOO_HARD)
			return rc;
		*done = EEHLAB_RG_TIER_USER;
		return H_TOO_HARD;	/* to the caller */
	}
	*done = EEHLAB_RG_TIER_USER;
	return rg_tier(EEHLAB_RG_TIER_USER, liobn, h);
}

/* ---- take and release ---- */

struct rg_collect {
	int n, more;
};

static int rg_collect_fn(struct device *dev, void *data)
{
	struct rg_collect *c = data;

	if (!dev_is_pci(dev))
		return 0;
	if (c->n == RG_MAX_FUNCS) {
		c->more++;
		return 0;
	}
	rg.funcs[c->n++] = pci_dev_get(to_pci_dev(dev));
	return 0;
}

static void rg_ownership_release(void)
{
#if RG_CLAIM
	iommu_group_release_dma_owner(rg.grp);
#else
	rg.tg->ops->release_ownership(rg.tg);
#endif
}

static int rg_ownership_take(void)
{
#if RG_CLAIM
	return iommu_group_claim_dma_owner(rg.grp, &rg);
#else
	rg.tg->ops->take_ownership(rg.tg);
	return 0;
#endif
}

/*
 * 6.1 has no core guard against a driver binding to a function of a
 * taken group: its driver_override names no driver while it is taken.
 * From 6.10 on the claimed DMA ownership refuses their probe.
 */
static int rg_guard(struct pci_dev *pdev, bool on)
{
#if !RG_CLAIM
	static const char none[] = "eehlab-real-guest";

	if (on)
		return driver_set_override(&pdev->dev, &pdev->driver_override,
					   none, sizeof(none) - 1);
	return driver_set_override(&pdev->dev, &pdev->driver_override, "", 0);
#else
	return 0;
#endif
}

static bool rg_guard_free(struct pci_dev *pdev)
{
#if !RG_CLAIM
	return !pdev->driver_override;
#else
	return true;
#endif
}

static void rg_put_funcs(int guarded)
{
	int i;

	for (i = 0; i < rg.nfuncs; i++) {
		if (i < guarded)
			rg_guard(rg.funcs[i], false);
		pci_dev_put(rg.funcs[i]);
		rg.funcs[i] = NULL;
	}
	rg.nfuncs = 0;
}

static void rg_edu_stop(void)
{
	if (rg.regs) {
		rg_edu_wait();
		pci_iounmap(rg.pdev, rg.regs);
		rg.regs = NULL;
	}
	if (rg.enabled) {
		pci_clear_master(rg.pdev);
		pci_disable_device(rg.pdev);
		rg.enabled = false;
	}
}

/* Everything TAKE did, in reverse; @stage: how far it got. */
enum { RG_ST_FUNCS = 1, RG_ST_OWNED, RG_ST_OPENED, RG_ST_MEM, RG_ST_TABLE,
	RG_ST_WINDOW, RG_ST_ALL };

static bool rg_unwind(int stage)
{
	bool host_table = false;
	int i;

	if (stage >= RG_ST_ALL)
		rg_edu_stop();
	if (stage >= RG_ST_WINDOW) {
		rg_clear_all();
		rg.tg->ops->unset_window(rg.tg, 0);
	}
	if (stage >= RG_ST_TABLE) {
		iommu_tce_table_put(rg.tbl);
		rg.tbl = NULL;
	}
	if (stage >= RG_ST_MEM) {
		__free_pages(rg.pages, rg.order);
		rg.pages = NULL;
		rg.mem = NULL;
	}
	if (stage >= RG_ST_OPENED) {
		for (i = rg.opened - 1; i >= 0; i--)
			eeh_dev_release(rg.funcs[i]);	/* thaws a frozen PE */
		/* a DMA fault's emulated freeze: the thaw left its PEEV bit */
		eehlab_powernv_clear_emulation(rg.pdev);
	}
	rg.opened = 0;
	if (stage >= RG_ST_OWNED) {
		rg_ownership_release();
		host_table = rg.tg->tables[0] && rg.tg->tables[0]->it_map;
	}
	if (stage >= RG_ST_FUNCS)
		rg_put_funcs(rg.nfuncs);
	if (rg.grp)
		iommu_group_put(rg.grp);
	if (rg.pdev)
		pci_dev_put(rg.pdev);
	rg.grp = NULL;
	rg.tg = NULL;
	rg.pdev = NULL;
	rg.pe = NULL;
	rg.owned = false;
	return host_table;
}

static int rg_parse_bdf(struct genl_info *info, const char *bdf, struct pci_dev **out)
{
	unsigned int dom, bus, slot, fn;
	int n = 0;

	if (sscanf(bdf, "%4x:%2x:%2x.%1x%n", &dom, &bus, &slot, &fn, &n) != 4 ||
	    bdf[n] || slot > 0x1f || fn > 7)
		return rg_refuse(info, -EINVAL,
				 "'%s' is not a PCI function (DOMAIN:BUS:SLOT.FN, hex)", bdf);
	*out = pci_get_domain_bus_and_slot(dom, bus, PCI_DEVFN(slot, fn));
	if (!*out)
		return rg_refuse(info, -ENODEV, "no PCI function %s", bdf);
	return 0;
}

/* The group's table group, and whether it is the IODA2 kind */
static int rg_check_group(struct genl_info *info)
{
	struct iommu_table_group *tg = rg.tg;

	if (!tg || !tg->ops || !tg->ops->take_ownership ||
	    !tg->ops->release_ownership || !tg->ops->create_table ||
	    !tg->ops->set_window || !tg->ops->unset_window ||
	    !tg->max_dynamic_windows_supported)
		return rg_refuse(info, -EOPNOTSUPP,
				 "%s: its IOMMU group has no dynamic DMA windows (not a PHB3/PHB4 PE)",
				 pci_name(rg.pdev));
	if (!(tg->pgsizes & SZ_4K) || tg->tce32_size < RG_WINDOW)
		return rg_refuse(info, -EOPNOTSUPP,
				 "%s: no 4K TCEs or a 32-bit window under %lu MB",
				 pci_name(rg.pdev), RG_WINDOW >> 20);
	return 0;
}

/* Refused while a function has a driver: its name in the message */
static int rg_check_drivers(struct genl_info *info)
{
	char drv[32] = "";
	int i;

	for (i = 0; i < rg.nfuncs; i++) {
		struct pci_dev *f = rg.funcs[i];

		device_lock(&f->dev);
		if (f->dev.driver)
			strscpy(drv, f->dev.driver->name, sizeof(drv));
		device_unlock(&f->dev);
		if (drv[0])
			return rg_refuse(info, -EBUSY,
					 "%s of the PE has the driver %s bound: unbind it first",
					 pci_name(f), drv);
	}
	return 0;
}

static int rg_take(struct genl_info *info, struct nlattr **tb)
{
	struct rg_collect c = { 0 };
	struct eeh_dev *edev;
	char bdf[16];
	u32 pages = 16;
	int err, stage = 0, i;
	u32 id;

	if (rg.owned)
		return rg_refuse(info, -EBUSY,
				 "a PE is taken already (%s's): release it first",
				 pci_name(rg.pdev));
	err = EEHLAB_REQUIRE(info, tb, info->attrs[EEHLAB_A_REAL_GUEST], EEHLAB_A_RG_BDF);
	if (err)
		return err;
	nla_strscpy(bdf, tb[EEHLAB_A_RG_BDF], sizeof(bdf));
	if (tb[EEHLAB_A_RG_PAGES])
		pages = nla_get_u32(tb[EEHLAB_A_RG_PAGES]);
	rg.liobn_tier = tb[EEHLAB_A_RG_LIOBN_TIER] ?
			nla_get_u32(tb[EEHLAB_A_RG_LIOBN_TIER]) : EEHLAB_RG_TIER_REAL;
	if (!of_machine_is_compatible("ibm,powernv") || !eeh_enabled())
		return rg_refuse(info, -EOPNOTSUPP, "%s", EEHLAB_NO_EEH);

	err = rg_parse_bdf(info, bdf, &rg.pdev);
	if (err)
		return err;
	edev = pci_dev_to_eeh_dev(rg.pdev);
	if (!edev || !edev->pe) {
		err = rg_refuse(info, -ENODEV, "%s has no EEH PE", pci_name(rg.pdev));
		goto fail;
	}
	rg.pe = edev->pe;
	rg.domain = pci_domain_nr(rg.pdev->bus);
	rg.pe_addr = rg.pe->addr;
	rg.grp = iommu_group_get(&rg.pdev->dev);
	if (!rg.grp) {
		err = rg_refuse(info, -ENODEV, "%s has no IOMMU group", pci_name(rg.pdev));
		goto fail;
	}
	rg.tg = iommu_group_get_iommudata(rg.grp);
	err = rg_check_group(info);
	if (err)
		goto fail;

	iommu_group_for_each_dev(rg.grp, &c, rg_collect_fn);
	rg.nfuncs = c.n;
	stage = RG_ST_FUNCS;
	if (c.more || !c.n) {
		err = rg_refuse(info, -EOPNOTSUPP, "the PE of %s has %d functions (at most %d)",
				pci_name(rg.pdev), c.n + c.more, RG_MAX_FUNCS);
		goto fail;
	}
	for (i = 0; i < rg.nfuncs; i++) {
		if (!rg_guard_free(rg.funcs[i])) {
			rg_put_funcs(i);
			err = rg_refuse(info, -EBUSY, "%s has a driver_override already",
					pci_name(rg.funcs[i]));
			stage = 0;
			goto fail;
		}
		err = rg_guard(rg.funcs[i], true);
		if (err) {
			rg_put_funcs(i);
			stage = 0;
			goto fail;
		}
	}
	err = rg_check_drivers(info);
	if (err)
		goto fail;

	err = rg_ownership_take();
	if (err) {
		rg_refuse(info, err, "%s: the PE's DMA ownership was refused (%d)",
			  pci_name(rg.pdev), err);
		goto fail;
	}
	stage = RG_ST_OWNED;
	for (i = 0; i < rg.nfuncs; i++) {
		err = eeh_dev_open(rg.funcs[i]);
		if (err) {
			rg_refuse(info, err, "eeh_dev_open(%s) = %d", pci_name(rg.funcs[i]), err);
			stage = RG_ST_OPENED;
			goto fail;
		}
		rg.opened++;
	}
	stage = RG_ST_OPENED;

	rg.mem_size = (u64)pages << RG_SHIFT;
	rg.order = get_order(rg.mem_size);
	rg.pages = alloc_pages(GFP_KERNEL | __GFP_ZERO, rg.order);
	if (!rg.pages) {
		err = -ENOMEM;
		goto fail;
	}
	rg.mem = page_address(rg.pages);
	rg.hpa = page_to_phys(rg.pages);
	stage = RG_ST_MEM;

	err = rg.tg->ops->create_table(rg.tg, 0, RG_SHIFT, RG_WINDOW, 1, &rg.tbl);
	if (err) {
		rg_refuse(info, err, "create_table(4K, %lu MB) = %d", RG_WINDOW >> 20, err);
		goto fail;
	}
	stage = RG_ST_TABLE;
	if (!rg.tbl->it_ops || !rg.tbl->it_ops->xchg_no_kill || !rg.tbl->it_ops->get) {
		err = rg_refuse(info, -EOPNOTSUPP, "the new table has no xchg_no_kill/get");
		goto fail;
	}
	err = rg.tg->ops->set_window(rg.tg, 0, rg.tbl);
	if (err) {
		rg_refuse(info, err, "set_window(0) = %d", err);
		goto fail;
	}
	stage = RG_ST_WINDOW;
	rg.used_lo = LONG_MAX;
	rg.used_hi = 0;
	rg.liobn = RG_LIOBN(rg.domain);

	/* the engine of the function named (an unbound edu) */
	err = pci_enable_device_mem(rg.pdev);
	if (err) {
		rg_refuse(info, err, "pci_enable_device_mem(%s) = %d", pci_name(rg.pdev), err);
		goto fail;
	}
	rg.enabled = true;
	stage = RG_ST_ALL;
	pci_set_master(rg.pdev);
	if (rg.pdev->vendor == 0x1234 && rg.pdev->device == 0x11e8 &&
	    pci_resource_len(rg.pdev, 0) >= 0x100)
		rg.regs = pci_iomap(rg.pdev, 0, 0x100);
	if (rg.regs) {
		id = ioread32(rg.regs + RG_EDU_ID);
		rg.regs_be = id != RG_EDU_ID_VALUE;
		if (rg_rd(RG_EDU_ID) != RG_EDU_ID_VALUE) {
			pci_iounmap(rg.pdev, rg.regs);
			rg.regs = NULL;
		}
	}
	rg.owned = true;
	pr_info("real guest: took PHB#%x-PE#%x (%d functions), LIOBN 0x%x, window 0x0..0x%lx of 4K TCEs, %llu guest bytes at hpa 0x%llx\n",
		rg.domain, rg.pe_addr, rg.nfuncs, rg.liobn, RG_WINDOW,
		rg.mem_size, (u64)rg.hpa);
	return 0;

fail:
	rg_unwind(stage);
	return err;
}

/* ---- the replies ---- */

static int rg_put_desc(struct sk_buff *msg)
{
	return nla_put_string(msg, EEHLAB_A_RG_BDF, pci_name(rg.pdev)) ||
	       nla_put_u32(msg, EEHLAB_A_RG_LIOBN, rg.liobn) ||
	       nla_put_u32(msg, EEHLAB_A_RG_LIOBN_TIER, rg.liobn_tier) ||
	       nla_put_u32(msg, EEHLAB_A_RG_DOMAIN, rg.domain) ||
	       nla_put_u32(msg, EEHLAB_A_RG_PE_ADDR, rg.pe_addr) ||
	       nla_put_u32(msg, EEHLAB_A_RG_FUNCS, rg.nfuncs) ||
	       nla_put_u64_64bit(msg, EEHLAB_A_RG_WINDOW, RG_WINDOW, EEHLAB_A_RG_PAD) ||
	       nla_put_u32(msg, EEHLAB_A_RG_PAGE_SHIFT, RG_SHIFT) ||
	       nla_put_u32(msg, EEHLAB_A_RG_PAGES, rg.mem_size >> RG_SHIFT) ||
	       nla_put_u64_64bit(msg, EEHLAB_A_RG_HPA, rg.hpa, EEHLAB_A_RG_PAD) ||
	       nla_put_u32(msg, EEHLAB_A_RG_PASSED, atomic_read(&rg.pe->pass_dev_cnt));
}

static int rg_hcall(struct genl_info *info, struct nlattr **tb, struct sk_buff *msg)
{
	struct nlattr *nest = info->attrs[EEHLAB_A_REAL_GUEST];
	struct rg_hcall h = { 0 };
	u32 tier = EEHLAB_RG_TIER_REAL, liobn, done = 0;
	unsigned long raw = 0;
	long rc, entry;

	if (EEHLAB_REQUIRE(info, tb, nest, EEHLAB_A_RG_HCALL) ||
	    EEHLAB_REQUIRE(info, tb, nest, EEHLAB_A_RG_IOBA) ||
	    EEHLAB_REQUIRE(info, tb, nest, EEHLAB_A_RG_TCE))
		return -EINVAL;
	h.op = nla_get_u32(tb[EEHLAB_A_RG_HCALL]);
	h.ioba = nla_get_u64(tb[EEHLAB_A_RG_IOBA]);
	h.tce = nla_get_u64(tb[EEHLAB_A_RG_TCE]);
	h.npages = tb[EEHLAB_A_RG_COUNT] ? nla_get_u32(tb[EEHLAB_A_RG_COUNT]) : 1;
	liobn = tb[EEHLAB_A_RG_LIOBN] ? nla_get_u32(tb[EEHLAB_A_RG_LIOBN]) : rg.liobn;
	if (tb[EEHLAB_A_RG_TIER])
		tier = nla_get_u32(tb[EEHLAB_A_RG_TIER]);
	rc = rg_run(tier, liobn, &h, &done);
	if (rg_ioba(h.ioba, 1, &entry) == H_SUCCESS)
		raw = rg.tbl->it_ops->get(rg.tbl, entry);
	pr_info("real guest: hcall 0x%x(liobn 0x%x, ioba 0x%llx, 0x%llx, %u) = %ld in the %s tier; entry now 0x%lx\n",
		h.op, liobn, h.ioba, h.tce, h.npages, rc, rg_tier_name[done], raw);
	return nla_put_u32(msg, EEHLAB_A_RG_HCALL, h.op) ||
	       nla_put_u32(msg, EEHLAB_A_RG_TIER, done) ||
	       nla_put_s64(msg, EEHLAB_A_RG_RET, rc, EEHLAB_A_RG_PAD) ||
	       nla_put_u64_64bit(msg, EEHLAB_A_RG_TCE, raw, EEHLAB_A_RG_PAD) ? -EMSGSIZE : 0;
}

static int rg_mem(struct genl_info *info, struct nlattr **tb, struct sk_buff *msg,
		  bool write)
{
	struct nlattr *nest = info->attrs[EEHLAB_A_REAL_GUEST];
	u64 gpa;
	u32 len;

	if (EEHLAB_REQUIRE(info, tb, nest, EEHLAB_A_RG_GPA) ||
	    EEHLAB_REQUIRE(info, tb, nest, write ? EEHLAB_A_RG_DATA : EEHLAB_A_RG_LEN))
		return -EINVAL;
	gpa = nla_get_u64(tb[EEHLAB_A_RG_GPA]);
	len = write ? nla_len(tb[EEHLAB_A_RG_DATA]) : nla_get_u32(tb[EEHLAB_A_RG_LEN]);
	if (!len || len > RG_LEN_MAX || gpa >= rg.mem_size || len > rg.mem_size - gpa)
		return rg_refuse(info, -ERANGE,
				 "gpa 0x%llx + %u bytes is outside the guest's 0x%llx bytes",
				 gpa, len, rg.mem_size);
	if (write) {
		memcpy(rg.mem + gpa, nla_data(tb[EEHLAB_A_RG_DATA]), len);
		return 0;
	}
	return nla_put(msg, EEHLAB_A_RG_DATA, len, rg.mem + gpa) ? -EMSGSIZE : 0;
}

/*
 * The first 4K page of [ioba, ioba + len) whose real entry denies the
 * access (@perm: TCE_PCI_WRITE into RAM, TCE_PCI_READ out of it): true
 * with *@at its bus address.
 */
static bool rg_fault(u64 ioba, u32 len, unsigned long perm, u64 *at)
{
	u64 p;
	long entry;

	for (p = ioba & ~(u64)(RG_TCE_SIZE - 1); p < ioba + len; p += RG_TCE_SIZE) {
		if (rg_ioba(p, 1, &entry) != H_SUCCESS ||
		    !(rg.tbl->it_ops->get(rg.tbl, entry) & perm)) {
			*at = p;
			return true;
		}
	}
	return false;
}

static int rg_dma(struct genl_info *info, struct nlattr **tb, struct sk_buff *msg)
{
	struct nlattr *nest = info->attrs[EEHLAB_A_REAL_GUEST];
	u32 len, dir, off = 0;
	int result, freeze = 0, detected = 0, state;
	bool to_ram, fault;
	u64 ioba, at = 0;

	if (!rg.regs)
		return rg_refuse(info, -EOPNOTSUPP,
				 "%s is not an edu device: no DMA engine", pci_name(rg.pdev));
	if (EEHLAB_REQUIRE(info, tb, nest, EEHLAB_A_RG_IOBA) ||
	    EEHLAB_REQUIRE(info, tb, nest, EEHLAB_A_RG_LEN) ||
	    EEHLAB_REQUIRE(info, tb, nest, EEHLAB_A_RG_DIR))
		return -EINVAL;
	ioba = nla_get_u64(tb[EEHLAB_A_RG_IOBA]);
	len = nla_get_u32(tb[EEHLAB_A_RG_LEN]);
	dir = nla_get_u32(tb[EEHLAB_A_RG_DIR]);
	if (tb[EEHLAB_A_RG_DEV_OFF])
		off = nla_get_u32(tb[EEHLAB_A_RG_DEV_OFF]);
	/* QEMU stops the whole machine for a range past the buffer */
	if (off >= RG_EDU_BUF_LEN || len > RG_EDU_BUF_LEN - off)
		return rg_refuse(info, -ERANGE,
				 "edu buffer offset %u + %u bytes: the range must end by 0x%x",
				 off, len, RG_EDU_BUF_LEN);
	if (ioba >= RG_EDU_DMA_LIMIT || len > RG_EDU_DMA_LIMIT - ioba)
		return rg_refuse(info, -ERANGE, "bus address 0x%llx is beyond edu's 28 bits",
				 ioba);
	to_ram = dir == EEHLAB_RG_DMA_TO_RAM;
	fault = rg_fault(ioba, len, to_ram ? TCE_PCI_WRITE : TCE_PCI_READ, &at);

	result = rg_edu_wait();
	if (!result) {
		rg_wr(RG_EDU_SRC, to_ram ? RG_EDU_BUF + off : (u32)ioba);
		rg_wr(RG_EDU_DST, to_ram ? (u32)ioba : RG_EDU_BUF + off);
		rg_wr(RG_EDU_CNT, len);
		rg_wr(RG_EDU_CMD, RG_EDU_RUN | (to_ram ? RG_EDU_TO_RAM : 0));
		result = rg_edu_wait();
	}
	if (fault) {
		pci_lock_rescan_remove();
		freeze = eehlab_powernv_freeze_dev(rg.pdev, EEHLAB_REAL_FREEZE_BOTH,
						   &detected);
		pci_unlock_rescan_remove();
	}
	state = eeh_pe_get_state(rg.pe);
	pr_info("real guest: edu DMA %s bus 0x%llx, %u bytes: %d; PE state %d\n",
		to_ram ? "to" : "from", ioba, len, result, state);
	if (fault)
		pr_info("real guest: TCE access fault at bus 0x%llx: emulated freeze of PHB#%x-PE#%x: %d, eeh_dev_check_failure %d\n",
			at, rg.domain, rg.pe_addr, freeze, detected);
	if (nla_put_s32(msg, EEHLAB_A_RG_RESULT, result) ||
	    nla_put_u8(msg, EEHLAB_A_RG_FAULT, fault) ||
	    nla_put_s32(msg, EEHLAB_A_RG_PE_STATE, state))
		return -EMSGSIZE;
	if (fault &&
	    (nla_put_u64_64bit(msg, EEHLAB_A_RG_FAULT_IOBA, at, EEHLAB_A_RG_PAD) ||
	     nla_put_s32(msg, EEHLAB_A_RG_FREEZE, freeze) ||
	     nla_put_u8(msg, EEHLAB_A_RG_DETECTED, detected > 0)))
		return -EMSGSIZE;
	return 0;
}

static int rg_release(struct sk_buff *msg)
{
	char bdf[16];
	u32 domain = rg.domain, pe = rg.pe_addr;
	bool host;

	strscpy(bdf, pci_name(rg.pdev), sizeof(bdf));
	pci_lock_rescan_remove();
	host = rg_unwind(RG_ST_ALL);
	pci_unlock_rescan_remove();
	pr_info("real guest: released PHB#%x-PE#%x (%s): host default table %s\n",
		domain, pe, bdf, host ? "back" : "MISSING");
	return nla_put_string(msg, EEHLAB_A_RG_BDF, bdf) ||
	       nla_put_u8(msg, EEHLAB_A_RG_HOST_TABLE, host) ? -EMSGSIZE : 0;
}

static int rg_op(struct genl_info *info, struct nlattr **tb, u32 op, struct sk_buff *msg)
{
	int err;

	if (op != EEHLAB_RG_OP_TAKE && !rg.owned) {
		if (op == EEHLAB_RG_OP_STATUS || op == EEHLAB_RG_OP_RELEASE)
			return nla_put_string(msg, EEHLAB_A_RG_MSG, "no PE taken") ?
			       -EMSGSIZE : 0;
		return rg_refuse(info, -ENOENT, "no PE taken (REAL_GUEST TAKE first)");
	}
	switch (op) {
	case EEHLAB_RG_OP_TAKE:
		pci_lock_rescan_remove();
		err = rg_take(info, tb);
		pci_unlock_rescan_remove();
		return err ?: (rg_put_desc(msg) ? -EMSGSIZE : 0);
	case EEHLAB_RG_OP_STATUS:
		return rg_put_desc(msg) ? -EMSGSIZE : 0;
	case EEHLAB_RG_OP_HCALL:
		return rg_hcall(info, tb, msg);
	case EEHLAB_RG_OP_READ:
		return rg_mem(info, tb, msg, false);
	case EEHLAB_RG_OP_WRITE:
		return rg_mem(info, tb, msg, true);
	case EEHLAB_RG_OP_DMA:
		return rg_dma(info, tb, msg);
	case EEHLAB_RG_OP_RELEASE:
		return rg_release(msg);
	}
	return -EINVAL;
}

int eehlab_cmd_real_guest(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[EEHLAB_A_RG_MAX + 1];
	struct nlattr *rnest;
	struct sk_buff *msg;
	void *hdr;
	int err;
	u32 op;

	err = EEHLAB_NEST(info, EEHLAB_A_REAL_GUEST, tb, EEHLAB_A_RG_MAX,
			  eehlab_real_guest_policy);
	if (err)
		return err;
	err = EEHLAB_REQUIRE(info, tb, info->attrs[EEHLAB_A_REAL_GUEST], EEHLAB_A_RG_OP);
	if (err)
		return err;
	op = nla_get_u32(tb[EEHLAB_A_RG_OP]);
	msg = eehlab_reply_new(info, RG_REPLY_SIZE, &hdr);
	if (!msg)
		return -ENOMEM;
	rnest = nla_nest_start(msg, EEHLAB_A_REAL_GUEST);
	if (!rnest) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	mutex_lock(&rg_lock);
	err = rg_op(info, tb, op, msg);
	mutex_unlock(&rg_lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	nla_nest_end(msg, rnest);
	return eehlab_reply_send(msg, hdr, info);
}

void eehlab_tce_real_exit(void)
{
	mutex_lock(&rg_lock);
	if (rg.owned) {
		pr_info("real guest: module exit releases %s's PE\n", pci_name(rg.pdev));
		pci_lock_rescan_remove();
		rg_unwind(RG_ST_ALL);
		pci_unlock_rescan_remove();
	}
	mutex_unlock(&rg_lock);
}

#else /* !EEHLAB_HAVE_POWERNV */

int eehlab_cmd_real_guest(struct sk_buff *skb, struct genl_info *info)
{
	NL_SET_ERR_MSG(info->extack, "REAL_GUEST: " EEHLAB_NO_EEH);
	return -EOPNOTSUPP;
}

void eehlab_tce_real_exit(void)
{
}

#endif /* EEHLAB_HAVE_POWERNV */
