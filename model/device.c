// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab model: config space (type 0/1 headers, BAR sizing), the edu
 * test device (QEMU hw/misc/edu.c, docs/specs/edu.rst) and the plain
 * device whose BARs behave as registers.
 */
#include "internal.h"

static void put16(u8 *p, u16 v)
{
	p[0] = v & 0xff;
	p[1] = v >> 8;
}

static void put32(u8 *p, u32 v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
}

static u32 get32(const u8 *p)
{
	return p[0] | (p[1] << 8) | (p[2] << 16) | ((u32)p[3] << 24);
}

static bool is_bridge(const struct eeh_func *f)
{
	return f->type != EEH_NODE_ENDPOINT;
}

/* Number of BAR dwords of the header type (6 for type 0, 2 for type 1). */
static int nbar_dwords(const struct eeh_func *f)
{
	return is_bridge(f) ? 2 : 6;
}

/*
 * Power-on config space: identification, header, capabilities; BARs,
 * command and bus numbers zero.
 */
void eeh_cfg_init(struct eeh_func *f)
{
	u8 *c = f->cfg;
	u8 port_type;
	u32 class;
	int i;

	memset(c, 0, EEH_CFG_SIZE);
	put16(c + PCI_VENDOR_ID, f->vendor);
	put16(c + PCI_DEVICE_ID, f->device);
	put16(c + PCI_STATUS, PCI_STATUS_CAP_LIST);
	switch (f->kind) {
	case EEH_DEV_KIND_BRIDGE:
		class = 0x060400;	/* PCI-to-PCI bridge */
		break;
	case EEH_DEV_KIND_EDU:
		class = 0x00ff00;	/* as QEMU's edu: PCI_CLASS_OTHERS */
		break;
	default:
		class = 0x020000;	/* Ethernet controller */
		break;
	}
	put32(c + PCI_CLASS_REVISION, class << 8);
	c[PCI_HEADER_TYPE] = is_bridge(f) ? 1 : 0;
	if (f->type == EEH_NODE_ENDPOINT && f->phb) {
		/* multi-function bit on every function of a multi-function device */
		for (i = 0; i < f->phb->nfuncs; i++)
			if (f->phb->funcs[i]->first_fn == f->first_fn &&
			    f->phb->funcs[i]->fn > 0)
				c[PCI_HEADER_TYPE] |= 0x80;
	}
	c[PCI_CAPABILITY_LIST] = EEH_PCIE_CAP;
	switch (f->type) {
	case EEH_NODE_ROOT_PORT:
		port_type = 4;
		break;
	case EEH_NODE_SWITCH_UP:
		port_type = 5;
		break;
	case EEH_NODE_SWITCH_DOWN:
		port_type = 6;
		break;
	default:
		port_type = 0;
		break;
	}
	c[EEH_PCIE_CAP] = PCI_CAP_ID_EXP;
	c[EEH_PCIE_CAP + 1] = 0;
	put16(c + EEH_PCIE_CAP + 2, 0x2 | (port_type << 4));	/* version 2 */
}

/* ---- BARs ---- */

static u32 bar_flags(const struct eeh_bar *b)
{
	return (b->is64 ? PCI_BAR_MEM_64 : 0) | (b->prefetch ? PCI_BAR_PREFETCH : 0);
}

/*
 * The BAR (index) that owns config dword @dw (0..5), and whether it is the
 * upper half of a 64-bit BAR. -1: no BAR there.
 */
static int bar_of_dword(const struct eeh_func *f, int dw, bool *upper)
{
	*upper = false;
	if (dw >= nbar_dwords(f))
		return -1;
	if (f->bars[dw].size)
		return dw;
	if (dw > 0 && f->bars[dw - 1].size && f->bars[dw - 1].is64) {
		*upper = true;
		return dw - 1;
	}
	return -1;
}

u64 eeh_func_bar_addr(const struct eeh_func *f, int bar)
{
	const struct eeh_bar *b;
	u64 a;

	if (bar < 0 || bar >= EEH_MAX_BARS || !f->bars[bar].size)
		return 0;
	b = &f->bars[bar];
	a = get32(f->cfg + PCI_BASE_ADDRESS_0 + 4 * bar) & ~0xfULL;
	if (b->is64 && bar + 1 < EEH_MAX_BARS)
		a |= (u64)get32(f->cfg + PCI_BASE_ADDRESS_0 + 4 * (bar + 1)) << 32;
	return a;
}

void eeh_func_set_bar_addr(struct eeh_func *f, int bar, u64 addr)
{
	const struct eeh_bar *b = &f->bars[bar];

	put32(f->cfg + PCI_BASE_ADDRESS_0 + 4 * bar,
	      ((u32)addr & ~(u32)(b->size - 1) & ~0xfU) | bar_flags(b));
	if (b->is64)
		put32(f->cfg + PCI_BASE_ADDRESS_0 + 4 * (bar + 1),
		      (u32)((addr & ~(b->size - 1)) >> 32));
	f->bars[bar].addr = eeh_func_bar_addr(f, bar);
}

bool eeh_func_bar_claims(const struct eeh_func *f, int bar, u64 addr)
{
	u16 cmd = f->cfg[PCI_COMMAND] | (f->cfg[PCI_COMMAND + 1] << 8);
	u64 base;

	if (!f->bars[bar].size || !(cmd & PCI_COMMAND_MEMORY))
		return false;
	base = eeh_func_bar_addr(f, bar);
	return base && addr >= base && addr - base < f->bars[bar].size;
}

/*
 * Write one BAR dword: the address bits below the size read back as 0,
 * the type bits are read-only (so writing all-ones reads the size mask).
 */
static void bar_dword_write(struct eeh_func *f, int dw, u32 v)
{
	bool upper;
	int bar = bar_of_dword(f, dw, &upper);
	const struct eeh_bar *b;

	if (bar < 0) {
		put32(f->cfg + PCI_BASE_ADDRESS_0 + 4 * dw, 0);
		return;
	}
	b = &f->bars[bar];
	if (upper)
		v &= (u32)(~(b->size - 1) >> 32);
	else
		v = (v & ~(u32)(b->size - 1) & ~0xfU) | bar_flags(b);
	put32(f->cfg + PCI_BASE_ADDRESS_0 + 4 * dw, v);
}

/* Writable bits of config byte @off outside the BARs. */
static u8 cfg_wmask(const struct eeh_func *f, u32 off)
{
	switch (off) {
	case PCI_COMMAND:
		return PCI_COMMAND_WMASK & 0xff;
	case PCI_COMMAND + 1:
		return PCI_COMMAND_WMASK >> 8;
	case PCI_CACHE_LINE_SIZE:
	case PCI_LATENCY_TIMER:
	case PCI_INTERRUPT_LINE:
		return 0xff;
	}
	if (is_bridge(f) && off >= PCI_PRIMARY_BUS && off <= PCI_SUBORDINATE_BUS)
		return 0xff;
	if (is_bridge(f) && off >= PCI_MEMORY_BASE && off < PCI_MEMORY_BASE + 16)
		return 0xff;
	return 0;
}

u32 eeh_cfg_read(struct eeh_func *f, u32 off, int size)
{
	u32 v = 0;
	int i;

	for (i = 0; i < size; i++)
		v |= (u32)f->cfg[off + i] << (8 * i);
	return v;
}

void eeh_cfg_write(struct eeh_func *f, u32 off, int size, u32 val)
{
	u32 bar_lo = PCI_BASE_ADDRESS_0, bar_hi = PCI_BASE_ADDRESS_0 + 4 * nbar_dwords(f);
	int i;

	for (i = 0; i < size; i++) {
		u32 o = off + i;
		u8 b = (val >> (8 * i)) & 0xff;

		if (o >= bar_lo && o < bar_hi) {
			u32 dw_off = o & ~3U, cur = get32(f->cfg + dw_off);
			int sh = 8 * (o & 3);

			cur = (cur & ~(0xffU << sh)) | ((u32)b << sh);
			/* raw merge first, the mask is applied per dword below */
			put32(f->cfg + dw_off, cur);
			if ((o & 3) == 3 || i == size - 1)
				bar_dword_write(f, (dw_off - bar_lo) / 4, get32(f->cfg + dw_off));
			continue;
		}
		f->cfg[o] = (f->cfg[o] & ~cfg_wmask(f, o)) | (b & cfg_wmask(f, o));
	}
}

/* ---- devices ---- */

void eeh_dev_reset(struct eeh_func *f)
{
	if (f->edu)
		memset(f->edu, 0, sizeof(*f->edu));
	if (f->plain_regs)
		memset(f->plain_regs, 0, (size_t)EEH_PLAIN_REGS * EEH_MAX_BARS);
	eeh_cfg_init(f);
}

/* edu registers: 32-bit below 0x80, 64-bit from 0x80 on */
static bool edu_reg(u64 off, u64 *base, int *width)
{
	static const u8 regs32[] = { EDU_REG_ID, EDU_REG_LIVENESS, EDU_REG_FACTORIAL,
				     EDU_REG_STATUS, EDU_REG_IRQ_STATUS,
				     EDU_REG_IRQ_RAISE, EDU_REG_IRQ_ACK };
	unsigned int i;

	if (off >= EDU_REG_DMA_SRC && off < EDU_REG_DMA_CMD + 8) {
		*base = off & ~7ULL;
		*width = 8;
		return true;
	}
	for (i = 0; i < sizeof(regs32); i++) {
		if (off >= regs32[i] && off < regs32[i] + 4u) {
			*base = regs32[i];
			*width = 4;
			return true;
		}
	}
	return false;
}

/* What a read of register @reg returns. */
static u64 edu_reg_read(struct eeh_edu *e, u64 reg)
{
	switch (reg) {
	case EDU_REG_ID:
		return EDU_ID_VALUE;
	case EDU_REG_LIVENESS:
		return e->liveness;
	case EDU_REG_FACTORIAL:
		return e->factorial;
	case EDU_REG_STATUS:
		return e->status;
	case EDU_REG_IRQ_STATUS:
		return e->irq_status;
	case EDU_REG_DMA_SRC:
		return e->dma_src;
	case EDU_REG_DMA_DST:
		return e->dma_dst;
	case EDU_REG_DMA_COUNT:
		return e->dma_count;
	case EDU_REG_DMA_CMD:
		return e->dma_cmd;
	}
	return 0;	/* write-only registers (raise, ack) */
}

/* The value a partial write merges into (the last value written). */
static u64 edu_reg_written(struct eeh_edu *e, u64 reg)
{
	if (reg == EDU_REG_LIVENESS)
		return (u32)~e->liveness;
	return edu_reg_read(e, reg);
}

#define EDU_FACT_IRQ	0x00000001
#define EDU_DMA_IRQ	0x00000100
#define EDU_STATUS_IRQFACT 0x80

/* The edu DMA engine, run at once through the PE (QEMU edu_dma_timer). */
static void edu_dma_run(struct eeh_func *f)
{
	struct eeh_edu *e = f->edu;
	struct eeh_access_result r;
	u64 cnt = e->dma_count, boff, bus;
	bool to_ram = e->dma_cmd & EDU_DMA_CMD_TO_RAM;
	u16 rid = (f->bus << 8) | f->devfn;

	boff = to_ram ? e->dma_src : e->dma_dst;
	bus = to_ram ? e->dma_dst : e->dma_src;
	if (boff < EDU_BUF_OFF || cnt > EDU_BUF_SIZE ||
	    boff - EDU_BUF_OFF > EDU_BUF_SIZE - cnt) {
		/* out of the buffer: the device refuses, nothing moves */
		e->last_dma = EEH_DMA_FAULT;
		e->last_dma_cause = EEH_CAUSE_NONE;
		eeh_log(EEH_LOG_WARN, "%s: edu DMA of %llu bytes at buffer offset 0x%llx refused",
			f->name, (unsigned long long)cnt, (unsigned long long)boff);
	} else {
		boff -= EDU_BUF_OFF;
		memset(&r, 0, sizeof(r));
		e->last_dma = eeh_dma(f->phb, rid, bus, e->buf + boff, (u32)cnt, to_ram, &r);
		e->last_dma_cause = r.cause;
	}
	e->dma_cmd &= ~(u64)EDU_DMA_CMD_START;
	if (e->dma_cmd & EDU_DMA_CMD_IRQ)
		e->irq_status |= EDU_DMA_IRQ;
}

static void edu_reg_write(struct eeh_func *f, u64 reg, u64 v)
{
	struct eeh_edu *e = f->edu;
	u32 n, fact;

	switch (reg) {
	case EDU_REG_LIVENESS:
		e->liveness = ~(u32)v;
		break;
	case EDU_REG_FACTORIAL:
		/* computed at once: STATUS "computing" is never seen */
		for (fact = 1, n = (u32)v; n > 1; n--)
			fact *= n;
		e->factorial = fact;
		if (e->status & EDU_STATUS_IRQFACT)
			e->irq_status |= EDU_FACT_IRQ;
		break;
	case EDU_REG_STATUS:
		e->status = (e->status & ~EDU_STATUS_IRQFACT) | ((u32)v & EDU_STATUS_IRQFACT);
		break;
	case EDU_REG_IRQ_RAISE:
		e->irq_status |= (u32)v;
		break;
	case EDU_REG_IRQ_ACK:
		e->irq_status &= ~(u32)v;
		break;
	case EDU_REG_DMA_SRC:
		if (!(e->dma_cmd & EDU_DMA_CMD_START))
			e->dma_src = v;
		break;
	case EDU_REG_DMA_DST:
		if (!(e->dma_cmd & EDU_DMA_CMD_START))
			e->dma_dst = v;
		break;
	case EDU_REG_DMA_COUNT:
		if (!(e->dma_cmd & EDU_DMA_CMD_START))
			e->dma_count = v;
		break;
	case EDU_REG_DMA_CMD:
		e->dma_cmd = v;
		if (v & EDU_DMA_CMD_START)
			edu_dma_run(f);
		break;
	}
}

static u64 edu_read(struct eeh_func *f, u64 off, int size)
{
	struct eeh_edu *e = f->edu;
	u64 v = 0, reg;
	int i, width;

	for (i = 0; i < size; i++) {
		u64 a = off + i, byte;

		if (a >= EDU_BUF_OFF && a < EDU_BUF_OFF + EDU_BUF_SIZE)
			byte = e->buf[a - EDU_BUF_OFF];
		else if (edu_reg(a, &reg, &width))
			byte = (edu_reg_read(e, reg) >> (8 * (a - reg))) & 0xff;
		else
			byte = 0xff;	/* QEMU edu_mmio_read: ~0 elsewhere */
		v |= byte << (8 * i);
	}
	return v;
}

static void edu_write(struct eeh_func *f, u64 off, int size, u64 val)
{
	struct eeh_edu *e = f->edu;
	int i = 0, width;
	u64 reg;

	while (i < size) {
		u64 a = off + i, cur;
		int j;

		if (a >= EDU_BUF_OFF && a < EDU_BUF_OFF + EDU_BUF_SIZE) {
			e->buf[a - EDU_BUF_OFF] = (val >> (8 * i)) & 0xff;
			i++;
			continue;
		}
		if (!edu_reg(a, &reg, &width)) {
			i++;
			continue;
		}
		/*
		 * merge every byte of this access that falls in the register,
		 * then write the register once
		 */
		cur = edu_reg_written(e, reg);
		for (j = i; j < size && off + j < reg + width; j++) {
			int sh = 8 * (int)(off + j - reg);

			cur = (cur & ~(0xffULL << sh)) | (((val >> (8 * j)) & 0xff) << sh);
		}
		if (width == 4)
			cur &= 0xffffffffULL;
		edu_reg_write(f, reg, cur);
		i = j;
	}
}

u64 eeh_dev_mmio_read(struct eeh_func *f, int bar, u64 off, int size)
{
	u64 v = 0;
	int i;

	if (f->edu && bar == 0)
		return edu_read(f, off, size);
	if (f->plain_regs) {
		for (i = 0; i < size; i++)
			if (off + i < EEH_PLAIN_REGS)
				v |= (u64)f->plain_regs[bar * EEH_PLAIN_REGS + off + i] << (8 * i);
	}
	return v;
}

void eeh_dev_mmio_write(struct eeh_func *f, int bar, u64 off, int size, u64 val)
{
	int i;

	if (f->edu && bar == 0) {
		edu_write(f, off, size, val);
		return;
	}
	if (f->plain_regs) {
		for (i = 0; i < size; i++)
			if (off + i < EEH_PLAIN_REGS)
				f->plain_regs[bar * EEH_PLAIN_REGS + off + i] =
					(val >> (8 * i)) & 0xff;
	}
}

void eeh_func_save_config(struct eeh_func *f)
{
	if (f && f->cfg && f->cfg_saved)
		memcpy(f->cfg_saved, f->cfg, EEH_CFG_SIZE);
}

/*
 * Restore the saved config space (eeh_pe_restore_bars / pci_restore_state):
 * BAR addresses, command, bridge bus numbers come back, so MMIO decodes.
 */
void eeh_func_restore_config(struct eeh_func *f)
{
	if (!f || !f->cfg || !f->cfg_saved)
		return;
	memcpy(f->cfg, f->cfg_saved, EEH_CFG_SIZE);
}
