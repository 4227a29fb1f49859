// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab_edu: the module's PCI driver for QEMU's edu device (1234:11e8),
 * a real function with a DMA engine that the Linux EEH core recovers
 * through this driver's error handlers.
 *
 * The edu's registers (BAR0, QEMU hw/misc/edu.c): the identification
 * register at 0x00 reads 0x010000ed; the DMA engine takes a source
 * (0x80), a destination (0x88), a count (0x90) and a command (0x98: bit 0
 * RUN, bit 1 the direction, 0 RAM to the device's buffer, 1 the buffer to
 * RAM, bit 2 an interrupt at the end). The buffer is 4096 bytes at device
 * address 0x40000; a transfer that leaves it stops the whole machine in
 * QEMU, so every length is checked here first. QEMU up to 7.2 also
 * takes a transfer that ends exactly at the buffer's end for one that
 * leaves it (its range check wants the end inside): a transfer moves
 * 4095 bytes at most, from the buffer's start. QEMU runs the transfer
 * from a 100 ms timer and clears RUN when it is done; bus addresses are
 * masked to 28 bits. The registers are in the target's byte order: big
 * endian on ppc64, whatever the kernel's, so the order is found at probe
 * from the identification register.
 *
 * A round trip (EDU_DMA, and resume after a recovery) fills a coherent
 * buffer with a pattern from a seed, has the device read it into its
 * buffer, then write it back into a second coherent buffer, and compares
 * the two: the kernel's DMA API, so on PowerNV the PE's TCE table and
 * QEMU's PHB translation carry every byte.
 *
 * Each device's DMA runs and error handlers are serialised on its mutex;
 * every wait is bounded. Devices sit on edu_devs under edu_devs_lock,
 * which a command holds while it uses one, so that remove waits for it.
 * Lock order: the device lock (driver core), edu_devs_lock, edu->lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
/* the kernel's EEH names here, not the model's (driver/eehlab.h) */
#define EEHLAB_KERNEL_EEH_NAMES

#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>
#if IS_ENABLED(CONFIG_EEH)
#include <asm/eeh.h>
#include <asm/pci-bridge.h>
#endif

#include "compat.h"
#include "eehlab.h"

#define EDU_VENDOR		0x1234
#define EDU_DEVICE		0x11e8

#define EDU_REG_ID		0x00
#define EDU_REG_DMA_SRC		0x80
#define EDU_REG_DMA_DST		0x88
#define EDU_REG_DMA_CNT		0x90
#define EDU_REG_DMA_CMD		0x98
#define EDU_REGS_LEN		0x100

#define EDU_ID			0x010000ed
#define EDU_DMA_RUN		0x1
#define EDU_DMA_TO_RAM		0x2	/* else from RAM into the device */
#define EDU_BUF_ADDR		0x40000
#define EDU_BUF_LEN		4096
#define EDU_DMA_MAX		(EDU_BUF_LEN - 1)	/* see above */
#define EDU_DMA_BITS		28

/* one transfer takes 100 ms of QEMU's clock: 3 s is plenty */
#define EDU_DMA_TIMEOUT_MS	3000
#define EDU_POLL_MS		5

/* the seed of the round trip resume runs */
#define EDU_RESUME_SEED		0xeeb0

/* the callbacks kept per device, oldest dropped first */
#define EDU_LOG_MAX		16

struct edu_cb {
	u8 cb;			/* EEHLAB_EDU_CB_* */
	s8 state;		/* error_detected: pci_channel_state, else -1 */
};

struct edu_dev {
	struct list_head node;		/* edu_devs, under edu_devs_lock */
	struct pci_dev *pdev;
	void __iomem *regs;
	bool be;			/* big-endian registers */
	bool is_edu;			/* the identification register answered */
	u32 id;				/* as read at probe (or slot_reset) */
	void *src, *dst;
	dma_addr_t src_bus, dst_bus;

	struct mutex lock;		/* DMA runs, handlers, what follows */
	bool recovering;		/* error_detected to resume */
	struct edu_cb log[EDU_LOG_MAX];
	unsigned int nlog;		/* callbacks since bind */
	u32 dma_ok, dma_failed;
	bool resume_ran;
	int resume_dma;
};

/* The outcome of one round trip. */
struct edu_rt {
	int result;			/* 0 or -errno */
	u32 bytes;			/* equal before the first mismatch */
	s32 mismatch;			/* first differing offset, -1 none */
	u32 id;
	char why[96];			/* a refusal's text */
};

static LIST_HEAD(edu_devs);
static DEFINE_MUTEX(edu_devs_lock);
static bool edu_registered;

static u32 edu_rd(struct edu_dev *e, unsigned int reg)
{
	return e->be ? ioread32be(e->regs + reg) : ioread32(e->regs + reg);
}

static void edu_wr(struct edu_dev *e, unsigned int reg, u32 v)
{
	if (e->be)
		iowrite32be(v, e->regs + reg);
	else
		iowrite32(v, e->regs + reg);
}

/* The PE address of the EEH core, -1 without one. */
static int edu_pe_addr(struct pci_dev *pdev)
{
#if IS_ENABLED(CONFIG_EEH)
	struct eeh_dev *edev = pci_dev_to_eeh_dev(pdev);
	struct eeh_pe *pe = edev ? eeh_dev_to_pe(edev) : NULL;

	if (pe)
		return pe->addr;
#endif
	return -1;
}

/*
 * Read the identification register and find the byte order from it:
 * true when it is the edu's. @e->id keeps what was read (byte-swapped
 * for a big-endian edu).
 */
static bool edu_identify(struct edu_dev *e)
{
	u32 v = ioread32(e->regs + EDU_REG_ID);

	if (v == EDU_ID) {
		e->be = false;
	} else if (swab32(v) == EDU_ID) {
		e->be = true;
		v = EDU_ID;
	} else {
		e->id = v;
		return false;
	}
	e->id = v;
	return true;
}

static const char *const edu_cb_names[] = {
	[EEHLAB_EDU_CB_ERROR_DETECTED] = "error_detected",
	[EEHLAB_EDU_CB_MMIO_ENABLED] = "mmio_enabled",
	[EEHLAB_EDU_CB_SLOT_RESET] = "slot_reset",
	[EEHLAB_EDU_CB_RESUME] = "resume",
};

static const char *edu_state_name(int state)
{
	switch (state) {
	case pci_channel_io_normal:
		return "normal";
	case pci_channel_io_frozen:
		return "frozen";
	case pci_channel_io_perm_failure:
		return "perm_failure";
	}
	return "?";
}

/* Keep callback @cb in the device's log; under e->lock. */
static void edu_log(struct edu_dev *e, u8 cb, int state)
{
	struct edu_cb *c = &e->log[e->nlog % EDU_LOG_MAX];

	lockdep_assert_held(&e->lock);
	c->cb = cb;
	c->state = state;
	e->nlog++;
}

/*
 * The log as text, oldest first: "error_detected(frozen) slot_reset
 * resume"; "... " in front when older ones were dropped, or when the
 * text would not fit. Under e->lock.
 */
static void edu_log_text(struct edu_dev *e, char *buf, size_t len)
{
	unsigned int first, i;
	char one[40];
	size_t need, at;

	lockdep_assert_held(&e->lock);
	first = e->nlog > EDU_LOG_MAX ? e->nlog - EDU_LOG_MAX : 0;
	/* the newest ones that fit, with room for "... " */
	for (;; first++) {
		need = first ? 4 : 0;
		for (i = first; i < e->nlog; i++) {
			struct edu_cb *c = &e->log[i % EDU_LOG_MAX];

			need += strlen(edu_cb_names[c->cb]) + (i > first);
			if (c->state >= 0)
				need += strlen(edu_state_name(c->state)) + 2;
		}
		if (need < len)
			break;
	}
	at = 0;
	buf[0] = '\0';
	if (first)
		at += scnprintf(buf + at, len - at, "...%s",
				first < e->nlog ? " " : "");
	for (i = first; i < e->nlog; i++) {
		struct edu_cb *c = &e->log[i % EDU_LOG_MAX];

		if (c->state >= 0)
			snprintf(one, sizeof(one), "%s(%s)", edu_cb_names[c->cb],
				 edu_state_name(c->state));
		else
			strscpy(one, edu_cb_names[c->cb], sizeof(one));
		at += scnprintf(buf + at, len - at, "%s%s", i > first ? " " : "",
				one);
	}
}

/*
 * Wait until the engine's RUN bit clears: 0, -EIO when the register
 * reads all ones (the device stopped answering), -ETIMEDOUT.
 */
static int edu_dma_wait(struct edu_dev *e)
{
	unsigned long end = jiffies + msecs_to_jiffies(EDU_DMA_TIMEOUT_MS);
	u32 cmd;

	for (;;) {
		cmd = edu_rd(e, EDU_REG_DMA_CMD);
		if (cmd == ~0U)
			return -EIO;
		if (!(cmd & EDU_DMA_RUN))
			return 0;
		if (time_after(jiffies, end))
			return -ETIMEDOUT;
		msleep(EDU_POLL_MS);
	}
}

/* One transfer of @len bytes; the device-side range is EDU_BUF_ADDR on. */
static int edu_dma_one(struct edu_dev *e, dma_addr_t ram, u32 len, bool to_ram)
{
	int err;

	if (!len || len > EDU_DMA_MAX)
		return -EINVAL;		/* QEMU would stop the machine */
	err = edu_dma_wait(e);
	if (err)
		return err;
	edu_wr(e, EDU_REG_DMA_SRC, to_ram ? EDU_BUF_ADDR : lower_32_bits(ram));
	edu_wr(e, EDU_REG_DMA_DST, to_ram ? lower_32_bits(ram) : EDU_BUF_ADDR);
	edu_wr(e, EDU_REG_DMA_CNT, len);
	edu_wr(e, EDU_REG_DMA_CMD, EDU_DMA_RUN | (to_ram ? EDU_DMA_TO_RAM : 0));
	return edu_dma_wait(e);
}

/*
 * The round trip. A refusal (not an edu, frozen, recovering, bad
 * length) is -errno with rt->why; anything else is 0 with the outcome
 * in @rt, counted. Under e->lock.
 */
static int edu_round_trip(struct edu_dev *e, u32 len, u32 seed,
			  struct edu_rt *rt)
{
	const char *name = pci_name(e->pdev);
	u8 *src = e->src, *dst = e->dst;
	u32 id, i;
	int err;

	lockdep_assert_held(&e->lock);
	memset(rt, 0, sizeof(*rt));
	rt->mismatch = -1;
	rt->id = e->id;
	if (!e->is_edu) {
		snprintf(rt->why, sizeof(rt->why),
			 "%s is no edu device: identification register 0x%08x",
			 name, e->id);
		return -ENODEV;
	}
	if (!len || len > EDU_DMA_MAX) {
		snprintf(rt->why, sizeof(rt->why),
			 "length %u: a transfer of the edu moves 1 to %u bytes",
			 len, EDU_DMA_MAX);
		return -EINVAL;
	}
	if (e->recovering) {
		snprintf(rt->why, sizeof(rt->why),
			 "%s is being recovered by the EEH core", name);
		return -EBUSY;
	}
	id = edu_rd(e, EDU_REG_ID);
	rt->id = id;
	if (id == ~0U) {
		snprintf(rt->why, sizeof(rt->why),
			 "%s answers all ones: its PE is frozen", name);
		return -EIO;
	}
	if (id != EDU_ID) {
		snprintf(rt->why, sizeof(rt->why),
			 "%s: identification register reads 0x%08x, not 0x%08x",
			 name, id, EDU_ID);
		return -ENODEV;
	}

	eehlab_pattern(src, len, seed);
	for (i = 0; i < len; i++)
		dst[i] = ~src[i];
	/* the fill before the device reads it (writel orders it too) */
	wmb();
	err = edu_dma_one(e, e->src_bus, len, false);
	if (!err)
		err = edu_dma_one(e, e->dst_bus, len, true);
	/* the device's writes before the comparison */
	rmb();
	if (!err) {
		for (i = 0; i < len && src[i] == dst[i]; i++)
			;
		rt->bytes = i;
		if (i < len) {
			rt->mismatch = i;
			err = -EILSEQ;
		}
	}
	rt->result = err;
	if (err)
		e->dma_failed++;
	else
		e->dma_ok++;
	return 0;
}

/* ---- the error handlers ---- */

/* Record and report callback @cb; under e->lock. */
static void edu_cb_event(struct edu_dev *e, u8 cb, int state, int result,
			 const char *text)
{
	struct pci_dev *pdev = e->pdev;

	edu_log(e, cb, state);
	eehlab_event_real_callback(pci_name(pdev), pci_domain_nr(pdev->bus),
				   edu_pe_addr(pdev), cb, state, result, text);
}

static pci_ers_result_t edu_error_detected(struct pci_dev *pdev,
					   pci_channel_state_t state)
{
	struct edu_dev *e = pci_get_drvdata(pdev);
	pci_ers_result_t r;

	r = state == pci_channel_io_perm_failure ? PCI_ERS_RESULT_DISCONNECT :
						    PCI_ERS_RESULT_NEED_RESET;
	mutex_lock(&e->lock);
	e->recovering = true;
	edu_cb_event(e, EEHLAB_EDU_CB_ERROR_DETECTED, state, r, NULL);
	mutex_unlock(&e->lock);
	pci_info(pdev, "error_detected(%s)\n",
		 edu_state_name(state));
	return r;
}

static pci_ers_result_t edu_mmio_enabled(struct pci_dev *pdev)
{
	struct edu_dev *e = pci_get_drvdata(pdev);

	mutex_lock(&e->lock);
	edu_cb_event(e, EEHLAB_EDU_CB_MMIO_ENABLED, -1,
		     PCI_ERS_RESULT_NEED_RESET, NULL);
	mutex_unlock(&e->lock);
	return PCI_ERS_RESULT_NEED_RESET;
}

static pci_ers_result_t edu_slot_reset(struct pci_dev *pdev)
{
	struct edu_dev *e = pci_get_drvdata(pdev);
	pci_ers_result_t r = PCI_ERS_RESULT_RECOVERED;
	char text[64];

	mutex_lock(&e->lock);
	pci_restore_state(pdev);
	pci_save_state(pdev);
	if (e->is_edu)
		pci_set_master(pdev);
	if (edu_identify(e)) {
		snprintf(text, sizeof(text), "identification register 0x%08x",
			 e->id);
	} else {
		snprintf(text, sizeof(text),
			 "identification register 0x%08x after the reset", e->id);
		if (e->is_edu)
			r = PCI_ERS_RESULT_DISCONNECT;
	}
	edu_cb_event(e, EEHLAB_EDU_CB_SLOT_RESET, -1, r, text);
	mutex_unlock(&e->lock);
	pci_info(pdev, "slot_reset: %s: %s\n", text,
		 r == PCI_ERS_RESULT_RECOVERED ? "recovered" : "disconnect");
	return r;
}

static void edu_resume(struct pci_dev *pdev)
{
	struct edu_dev *e = pci_get_drvdata(pdev);
	struct edu_rt rt;
	char text[EEHLAB_MSG_LEN];
	int err;

	mutex_lock(&e->lock);
	e->recovering = false;
	edu_log(e, EEHLAB_EDU_CB_RESUME, -1);
	if (!e->is_edu) {
		snprintf(text, sizeof(text), "no DMA: not an edu device");
		err = 0;
		e->resume_ran = false;
	} else {
		err = edu_round_trip(e, EDU_DMA_MAX, EDU_RESUME_SEED, &rt);
		if (!err)
			err = rt.result;
		e->resume_ran = true;
		e->resume_dma = err;
		if (!err)
			snprintf(text, sizeof(text),
				 "DMA verified after recovery: %u bytes, bus address 0x%llx",
				 rt.bytes, (unsigned long long)e->src_bus);
		else if (rt.mismatch >= 0)
			snprintf(text, sizeof(text),
				 "DMA failed after recovery: first mismatch at byte %d",
				 rt.mismatch);
		else
			snprintf(text, sizeof(text),
				 "DMA failed after recovery: error %d%s%s", err,
				 rt.why[0] ? ": " : "", rt.why);
	}
	eehlab_event_real_callback(pci_name(pdev), pci_domain_nr(pdev->bus),
				   edu_pe_addr(pdev), EEHLAB_EDU_CB_RESUME, -1,
				   -1, text);
	mutex_unlock(&e->lock);
	pci_info(pdev, "resume: %s\n", text);
}

static const struct pci_error_handlers edu_err_handlers = {
	.error_detected	= edu_error_detected,
	.mmio_enabled	= edu_mmio_enabled,
	.slot_reset	= edu_slot_reset,
	.resume		= edu_resume,
};

/* ---- probe and remove ---- */

static void edu_free_dma(struct edu_dev *e)
{
	struct device *dev = &e->pdev->dev;

	if (e->src)
		dma_free_coherent(dev, EDU_BUF_LEN, e->src, e->src_bus);
	if (e->dst)
		dma_free_coherent(dev, EDU_BUF_LEN, e->dst, e->dst_bus);
	e->src = NULL;
	e->dst = NULL;
}

static int edu_probe(struct pci_dev *pdev, const struct pci_device_id *ent)
{
	struct edu_dev *e;
	char pe_text[24];
	int err, pe;

	if (!(pci_resource_flags(pdev, 0) & IORESOURCE_MEM) ||
	    pci_resource_len(pdev, 0) < EDU_REGS_LEN) {
		pci_err(pdev, "no memory BAR 0 of %u bytes or more\n",
			EDU_REGS_LEN);
		return -ENODEV;
	}
	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	e->pdev = pdev;
	mutex_init(&e->lock);
	INIT_LIST_HEAD(&e->node);

	err = pci_enable_device(pdev);
	if (err)
		goto err_free;
	err = pci_request_regions(pdev, "eehlab_edu");
	if (err)
		goto err_disable;
	e->regs = pci_iomap(pdev, 0, EDU_REGS_LEN);
	if (!e->regs) {
		err = -ENOMEM;
		goto err_release;
	}
	e->is_edu = edu_identify(e);
	if (e->is_edu) {
		pci_set_master(pdev);
		err = dma_set_mask_and_coherent(&pdev->dev,
						DMA_BIT_MASK(EDU_DMA_BITS));
		if (err) {
			pci_err(pdev, "no %d-bit DMA\n",
				EDU_DMA_BITS);
			goto err_unmap;
		}
		e->src = dma_alloc_coherent(&pdev->dev, EDU_BUF_LEN,
					    &e->src_bus, GFP_KERNEL);
		e->dst = dma_alloc_coherent(&pdev->dev, EDU_BUF_LEN,
					    &e->dst_bus, GFP_KERNEL);
		if (!e->src || !e->dst) {
			err = -ENOMEM;
			goto err_dma;
		}
	}
	pci_save_state(pdev);
	pci_set_drvdata(pdev, e);

	mutex_lock(&edu_devs_lock);
	list_add_tail(&e->node, &edu_devs);
	mutex_unlock(&edu_devs_lock);

	pe = edu_pe_addr(pdev);
	if (pe >= 0)
		snprintf(pe_text, sizeof(pe_text), "PE 0x%x", pe);
	else
		strscpy(pe_text, "no EEH PE", sizeof(pe_text));
	if (e->is_edu)
		pci_info(pdev, "edu 0x%08x, %s-endian registers, DMA buffers at 0x%llx and 0x%llx, %s\n",
			 e->id, e->be ? "big" : "little",
			 (unsigned long long)e->src_bus,
			 (unsigned long long)e->dst_bus, pe_text);
	else
		pci_info(pdev, "identification register 0x%08x: not an edu, no DMA test\n",
			 e->id);
	return 0;

err_dma:
	edu_free_dma(e);
err_unmap:
	pci_clear_master(pdev);
	pci_iounmap(pdev, e->regs);
err_release:
	pci_release_regions(pdev);
err_disable:
	pci_disable_device(pdev);
err_free:
	kfree(e);
	return err;
}

static void edu_remove(struct pci_dev *pdev)
{
	struct edu_dev *e = pci_get_drvdata(pdev);

	/* no command uses it after this */
	mutex_lock(&edu_devs_lock);
	list_del_init(&e->node);
	mutex_unlock(&edu_devs_lock);

	mutex_lock(&e->lock);
	/* a transfer still running (a timed-out one) ends before the free */
	if (e->is_edu && pci_channel_offline(pdev) == 0 &&
	    edu_dma_wait(e) == -ETIMEDOUT)
		pci_warn(pdev, "DMA still running at removal\n");
	pci_clear_master(pdev);
	edu_free_dma(e);
	mutex_unlock(&e->lock);

	pci_iounmap(pdev, e->regs);
	pci_release_regions(pdev);
	pci_disable_device(pdev);
	pci_set_drvdata(pdev, NULL);
	mutex_destroy(&e->lock);
	kfree(e);
}

static const struct pci_device_id edu_ids[] = {
	{ PCI_DEVICE(EDU_VENDOR, EDU_DEVICE) },
	{ }
};
MODULE_DEVICE_TABLE(pci, edu_ids);

static struct pci_driver edu_driver = {
	.name		= "eehlab_edu",
	.id_table	= edu_ids,
	.probe		= edu_probe,
	.remove		= edu_remove,
	.err_handler	= &edu_err_handlers,
};

int eehlab_edu_init(void)
{
	int err = pci_register_driver(&edu_driver);

	if (err) {
		pr_err("edu driver not registered (%d)\n", err);
		return err;
	}
	edu_registered = true;
	return 0;
}

void eehlab_edu_exit(void)
{
	if (edu_registered)
		pci_unregister_driver(&edu_driver);
	edu_registered = false;
}

/* ---- the commands ---- */

/* The device named @bdf, or the first one; under edu_devs_lock. */
static struct edu_dev *edu_find(const char *bdf)
{
	struct edu_dev *e;

	lockdep_assert_held(&edu_devs_lock);
	list_for_each_entry(e, &edu_devs, node)
		if (!bdf || !strcmp(pci_name(e->pdev), bdf))
			return e;
	return NULL;
}

/* The EEHLAB_A_EDU nest, optional, into @tb; *@bdf its BDF or NULL */
static int edu_parse(struct genl_info *info, struct nlattr **tb, const char **bdf)
{
	int err;

	*bdf = NULL;
	if (info->attrs[EEHLAB_A_EDU]) {
		err = nla_parse_nested(tb, EEHLAB_A_EDU_MAX, info->attrs[EEHLAB_A_EDU],
				       eehlab_edu_policy, info->extack);
		if (err)
			return err;
	}
	if (tb[EEHLAB_A_EDU_BDF])
		*bdf = nla_data(tb[EEHLAB_A_EDU_BDF]);
	return 0;
}

/* "no edu device bound at 0000:02:00.0" to extack; -ENODEV */
static int edu_none(struct genl_info *info, const char *bdf)
{
	char text[EEHLAB_MSG_LEN];

	if (bdf)
		snprintf(text, sizeof(text), "no edu device bound at %s", bdf);
	else
		snprintf(text, sizeof(text),
			 "no device bound to the eehlab_edu driver");
	eehlab_extack_text(info->extack, text);
	return -ENODEV;
}

#define EDU_DMA_REPLY	(nla_total_size(0) + nla_total_size(16) + \
			 6 * nla_total_size(sizeof(u32)) + \
			 nla_total_size_64bit(sizeof(u64)))

int eehlab_cmd_edu_dma(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[EEHLAB_A_EDU_MAX + 1] = { };
	const char *bdf = NULL;
	u32 len = EDU_DMA_MAX, seed = 0;
	struct sk_buff *msg;
	struct nlattr *nest;
	struct edu_dev *e;
	struct edu_rt rt;
	char name[16];
	dma_addr_t bus;
	void *hdr;
	int err;

	err = edu_parse(info, tb, &bdf);
	if (err)
		return err;
	if (tb[EEHLAB_A_EDU_LEN])
		len = nla_get_u32(tb[EEHLAB_A_EDU_LEN]);
	if (tb[EEHLAB_A_EDU_SEED])
		seed = nla_get_u32(tb[EEHLAB_A_EDU_SEED]);

	mutex_lock(&edu_devs_lock);
	e = edu_find(bdf);
	if (!e) {
		mutex_unlock(&edu_devs_lock);
		return edu_none(info, bdf);
	}
	strscpy(name, pci_name(e->pdev), sizeof(name));
	mutex_lock(&e->lock);
	err = edu_round_trip(e, len, seed, &rt);
	bus = e->src_bus;
	mutex_unlock(&e->lock);
	mutex_unlock(&edu_devs_lock);
	if (err) {
		eehlab_extack_text(info->extack, rt.why);
		return err;
	}

	msg = eehlab_reply_new(info, EDU_DMA_REPLY, &hdr);
	if (!msg)
		return -ENOMEM;
	nest = nla_nest_start(msg, EEHLAB_A_EDU);
	if (!nest ||
	    nla_put_string(msg, EEHLAB_A_EDU_BDF, name) ||
	    nla_put_s32(msg, EEHLAB_A_EDU_RESULT, rt.result) ||
	    nla_put_u32(msg, EEHLAB_A_EDU_LEN, len) ||
	    nla_put_u32(msg, EEHLAB_A_EDU_BYTES, rt.bytes) ||
	    (rt.mismatch >= 0 &&
	     nla_put_u32(msg, EEHLAB_A_EDU_MISMATCH, rt.mismatch)) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_EDU_IOVA, bus, EEHLAB_A_EDU_PAD) ||
	    nla_put_u32(msg, EEHLAB_A_EDU_ID, rt.id)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return eehlab_reply_send(msg, hdr, info);
}

#define EDU_STATUS_SIZE	(nla_total_size(0) + nla_total_size(16) + \
			 nla_total_size(EEHLAB_EDU_CB_TEXT_LEN) + \
			 6 * nla_total_size(sizeof(u32)) + \
			 nla_total_size_64bit(sizeof(u64)))

/* One device's EEHLAB_A_EDU nest; under both locks. */
static int edu_put_status(struct sk_buff *msg, struct edu_dev *e)
{
	char cbs[EEHLAB_EDU_CB_TEXT_LEN];
	struct nlattr *nest;
	int pe = edu_pe_addr(e->pdev);

	edu_log_text(e, cbs, sizeof(cbs));
	nest = nla_nest_start(msg, EEHLAB_A_EDU);
	if (!nest ||
	    nla_put_string(msg, EEHLAB_A_EDU_BDF, pci_name(e->pdev)) ||
	    (pe >= 0 && nla_put_u32(msg, EEHLAB_A_EDU_PE, pe)) ||
	    nla_put_u32(msg, EEHLAB_A_EDU_ID, e->id) ||
	    (e->is_edu &&
	     nla_put_u64_64bit(msg, EEHLAB_A_EDU_IOVA, e->src_bus,
			       EEHLAB_A_EDU_PAD)) ||
	    nla_put_string(msg, EEHLAB_A_EDU_CALLBACKS, cbs) ||
	    nla_put_u32(msg, EEHLAB_A_EDU_DMA_OK, e->dma_ok) ||
	    nla_put_u32(msg, EEHLAB_A_EDU_DMA_FAILED, e->dma_failed) ||
	    (e->resume_ran &&
	     nla_put_s32(msg, EEHLAB_A_EDU_RESUME_DMA, e->resume_dma)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

int eehlab_cmd_edu_status(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[EEHLAB_A_EDU_MAX + 1] = { };
	const char *bdf = NULL;
	struct sk_buff *msg;
	struct edu_dev *e;
	unsigned int n = 0;
	void *hdr;
	int err = 0;

	err = edu_parse(info, tb, &bdf);
	if (err)
		return err;

	mutex_lock(&edu_devs_lock);
	list_for_each_entry(e, &edu_devs, node)
		if (!bdf || !strcmp(pci_name(e->pdev), bdf))
			n++;
	if (bdf && !n) {
		mutex_unlock(&edu_devs_lock);
		return edu_none(info, bdf);
	}
	msg = eehlab_reply_new(info, (n ? n : 1) * EDU_STATUS_SIZE, &hdr);
	if (!msg) {
		mutex_unlock(&edu_devs_lock);
		return -ENOMEM;
	}
	list_for_each_entry(e, &edu_devs, node) {
		if (bdf && strcmp(pci_name(e->pdev), bdf))
			continue;
		mutex_lock(&e->lock);
		err = edu_put_status(msg, e);
		mutex_unlock(&e->lock);
		if (err)
			break;
	}
	mutex_unlock(&edu_devs_lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return eehlab_reply_send(msg, hdr, info);
}
