// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab-vmm: a small KVM test VMM for POWER. It runs the guest program
 * (guest/guest.S) in a one-vCPU VM and has it make the TCE hypercalls of
 * a script (script.h), one after the other, then prints KTAP: one line
 * per hypercall with its return, who finished it (the kernel, or the VMM
 * after a KVM_EXIT_PAPR_HCALL) and the table entries read back between
 * calls, from the mmap of the kernel's table or from the VMM's own.
 * With `vfio BDF LIOBN` a PCI function bound to vfio-pci is assigned to
 * the VM, the VMM drives QEMU's edu DMA engine through its BAR0 between
 * two hypercalls (edu-dma) and checks what lands in guest memory.
 * The guest's own RTAS calls (H_RTAS, the rtas command) are answered
 * by the RTAS layer (rtas.c) through the vfio function's
 * VFIO_EEH_PE_OP, as QEMU's sPAPR code answers them.
 *
 *   eehlab-vmm [--timeout SECONDS] [--no-kernel-hcalls] SCRIPT
 *   eehlab-vmm --check SCRIPT
 *
 * Exit: 0 every hypercall gave what the script expects, 1 one did not or
 * the VM failed ("Bail out!"), 2 usage or script error, 4 skipped (no
 * /dev/kvm, or a capability missing).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <linux/vfio.h>

#include "vmm.h"
#include "script.h"
#include "utce.h"
#include "rtas.h"
#include "guest/abi.h"

#define VERIFY_MAX	4096	/* entries compared per call */

extern const uint8_t vmm_guest_start[], vmm_guest_end[];

struct call {
	const struct vmm_cmd *c;
	size_t pos;		/* its index in the script */
	unsigned int exits;	/* KVM_EXIT_PAPR_HCALL for it */
	uint64_t *before;	/* its entries before the call */
	uint64_t nbefore;
	/* rtas: what the VMM's RTAS layer did for it */
	struct vmm_rtas_result rtas;
	int rtas_calls;		/* H_RTAS answered for it */
	uint64_t op_ns;		/* its VFIO_EEH_PE_OP took this long */
	int reenabled;		/* configure-pe: memory space and bus master set again */
	uint16_t cmd_was;	/* the command register before */
};

struct ctx {
	struct vmm_vm vm;
	struct vmm_vcpu vcpu;
	struct vmm_window *win;
	size_t nwin;
	struct call *calls;
	size_t ncalls;
	unsigned int other_exits;
	uint64_t tb_freq;
	int failed;
	unsigned int tnum;	/* the last test point's number */
	const struct vmm_script *s;
	/* the vfio function, and what its edu last read (from-ram), 0: unknown */
	struct vmm_vfio vfio;
	int has_vfio;
	uint8_t edu_buf[EDU_DMA_MAX];
	uint64_t edu_known;
	unsigned int dma_ok, dma_landed, dma_not_landed;
};

static volatile sig_atomic_t timed_out;

static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
}

static uint64_t *mb64(struct ctx *x, uint64_t off)
{
	return (uint64_t *)(x->vm.mem + GUEST_MBOX_GPA + off);
}

static uint64_t *call64(struct ctx *x, size_t i, uint64_t off)
{
	return mb64(x, MB_CALLS + i * CALL_SIZE + off);
}

static struct vmm_window *window(struct ctx *x, uint64_t liobn)
{
	size_t i;

	for (i = 0; i < x->nwin; i++)
		if (x->win[i].t.liobn == liobn)
			return &x->win[i];
	return NULL;
}

static const char *hname(long rc)
{
	static char buf[32];
	const char *n = utce_hname(rc);

	if (n)
		return n;
	snprintf(buf, sizeof(buf), "%ld", rc);
	return buf;
}

static uint64_t npages_of(const struct vmm_cmd *c)
{
	return c->op == VMM_INDIRECT || c->op == VMM_STUFF ? c->npages : 1;
}

static void be64_store(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = v & 0xff;
}

/* before call i: its list into guest memory, its entries remembered */
static void prepare(struct ctx *x, size_t i)
{
	struct call *k = &x->calls[i];
	const struct vmm_cmd *c = k->c;
	struct vmm_window *w = window(x, c->liobn);
	uint64_t n = npages_of(c), j;

	if (c->op == VMM_RTAS) {
		/* the RTAS buffer, rets poisoned: a status not written is seen */
		if (vmm_rtas_prepare(c, x->vm.mem, x->vm.mem_size) < 12)
			printf("# line %d: the RTAS buffer not written: 0x%llx is outside guest memory\n",
			       c->line, (unsigned long long)c->gpa);
		return;
	}

	if (c->list) {
		if (c->arg < x->vm.mem_size && x->vm.mem_size - c->arg >= 8ULL * c->nlist) {
			for (j = 0; j < c->nlist; j++)
				be64_store(x->vm.mem + c->arg + 8 * j, c->list[j]);
		} else {
			printf("# line %d: list= not written: 0x%llx is outside guest memory\n",
			       c->line, (unsigned long long)c->arg);
		}
	}
	if (w && n && utce_ioba_check(&w->t, c->ioba, n) == H_SUCCESS) {
		k->nbefore = n < VERIFY_MAX ? n : VERIFY_MAX;
		k->before = malloc(k->nbefore * sizeof(uint64_t));
		VMM_ASSERT(k->before, "a copy of %llu entries", (unsigned long long)k->nbefore);
		memcpy(k->before, w->t.entries + (c->ioba >> w->t.shift),
		       k->nbefore * sizeof(uint64_t));
	}
}

/* "0x2000 = 0x10003 0x11003" : the first entries of the range */
static void entries_text(char *buf, size_t len, const struct vmm_window *w,
			 uint64_t ioba, uint64_t n)
{
	uint64_t j;
	size_t o;

	o = snprintf(buf, len, "%s 0x%llx%s =", n > 1 ? "entries" : "entry",
		     (unsigned long long)ioba, n > 1 ? ".." : "");
	for (j = 0; j < n && j < 4 && o < len; j++)
		o += snprintf(buf + o, len - o, " 0x%llx",
			      (unsigned long long)w->t.entries[(ioba >> w->t.shift) + j]);
	if (n > 4 && o < len)
		snprintf(buf + o, len - o, " ... (%llu)", (unsigned long long)n);
}

/*
 * A range that starts in the kernel's window and runs past its end, and
 * was accepted: what the mmap holds after the end, as far as it is mapped (the kernel's
 * table is whole host pages).
 */
static void past_end(const struct vmm_window *w, const struct vmm_cmd *c)
{
	uint64_t idx, n = npages_of(c), j, end;

	if (!w || !w->in_kernel || c->op == VMM_GET || n < 2 ||
	    utce_ioba_check(&w->t, c->ioba, 1) != H_SUCCESS)
		return;
	idx = c->ioba >> w->t.shift;
	if (idx + n <= w->t.nentries)
		return;
	end = idx + n < w->map_size / 8 ? idx + n : w->map_size / 8;
	printf("# line %d: the range ends %llu entries past the window; in the mmap after its end:",
	       c->line, (unsigned long long)(idx + n - w->t.nentries));
	for (j = w->t.nentries; j < end && j < w->t.nentries + 4; j++)
		printf(" 0x%llx = 0x%llx", (unsigned long long)(j << w->t.shift),
		       (unsigned long long)w->t.entries[j]);
	if (end == w->t.nentries)
		printf(" (not mapped)");
	printf("\n");
}

/* rets[i] of an rtas call as the guest sees it; 0 when outside guest memory */
static int rtas_ret(struct ctx *x, const struct vmm_cmd *c, uint32_t i, int32_t *v)
{
	uint64_t gpa = c->gpa & RTAS_GPA_MASK, off = gpa + vmm_rtas_ret_off(c, i);
	const uint8_t *q;

	if (gpa >= x->vm.mem_size || off > x->vm.mem_size - 4 || off < gpa)
		return 0;
	q = x->vm.mem + off;
	*v = (int32_t)((uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3]);
	return 1;
}

/* after an rtas call: its line */
static void report_rtas(struct ctx *x, size_t i)
{
	struct call *k = &x->calls[i];
	const struct vmm_cmd *c = k->c;
	const struct vmm_rtas_result *r = &k->rtas;
	long rc = (long)*call64(x, i, CALL_RET);
	uint64_t ticks = *call64(x, i, CALL_TB);
	uint64_t ns = ticks * 1000000000ULL / x->tb_freq;
	char why[512] = "", what[512] = "";
	int32_t st = 0, r1 = 0, r2 = 0, r3 = 0;
	int has_st = rtas_ret(x, c, 0, &st);
	int has_r1 = c->rtas_nret >= 2 && rtas_ret(x, c, 1, &r1);
	int bad = 0;
	const char *name = vmm_rtas_name(c->rtas_token);

#define RWHY(...) do {								\
	size_t _o = strlen(why);						\
	snprintf(why + _o, sizeof(why) - _o, __VA_ARGS__);			\
	bad = 1;								\
} while (0)
#define WHAT(...) do {								\
	size_t _o = strlen(what);						\
	snprintf(what + _o, sizeof(what) - _o, __VA_ARGS__);			\
} while (0)
	if (c->has_expect && rc != c->expect)
		RWHY(" expected %s, got %s;", hname(c->expect), hname(rc));
	if (c->by == VMM_BY_KERNEL && k->exits)
		RWHY(" expected the kernel to finish it, %u exit(s) to the VMM;", k->exits);
	if (c->by == VMM_BY_VMM && !k->exits)
		RWHY(" expected it to come out to the VMM, the kernel finished it;");
	if (name)
		WHAT("RTAS %s", name);
	else
		WHAT("RTAS token 0x%x", c->rtas_token);
	if (!k->rtas_calls)
		WHAT(" (not seen by the VMM's RTAS layer)");
	if (!has_st) {
		WHAT(": no rets[0] in guest memory");
	} else if ((uint32_t)st == RTAS_POISON) {
		WHAT(": rets[0] not written");
	} else {
		WHAT(": status %d", st);
		if (st == RTAS_OUT_NO_ERRORS_FOUND && c->rtas_token == RTAS_TOKEN_SLOT_ERROR_DETAIL)
			WHAT(" (no errors found)");
		else if (st == RTAS_OUT_PARAM_ERROR)
			WHAT(" (parameter error%s%s)", k->rtas_calls && r->why ? ": " : "",
			     k->rtas_calls && r->why ? r->why : "");
		else if (st == RTAS_OUT_HW_ERROR)
			WHAT(" (hardware error)");
	}
	if (has_st && st == RTAS_OUT_SUCCESS && has_r1) {
		if (c->rtas_token == RTAS_TOKEN_READ_SLOT_RESET_STATE2) {
			const char *sn = vmm_rtas_state_name(r1);

			WHAT(", state %d (%s)", r1, sn ? sn : "?");
			if (rtas_ret(x, c, 2, &r2) && rtas_ret(x, c, 3, &r3)) {
				WHAT(", EEH %s, %d", r2 == RTAS_EEH_SUPPORT ? "supported" : "?", r3);
				if (r2 != RTAS_EEH_SUPPORT || r3 != RTAS_EEH_PE_UNAVAIL_INFO)
					RWHY(" rets[2] %d, rets[3] %d: expected %d, %d;", r2, r3,
					     RTAS_EEH_SUPPORT, RTAS_EEH_PE_UNAVAIL_INFO);
			}
		} else if (c->rtas_token == RTAS_TOKEN_GET_CONFIG_ADDR_INFO2) {
			WHAT(", %s 0x%x", c->rtas_args[3] == RTAS_GET_PE_MODE ? "mode" : "PE address",
			     (uint32_t)r1);
			if (c->rtas_args[3] == RTAS_GET_PE_MODE && r1 == RTAS_PE_MODE_SHARED)
				WHAT(" (shared)");
		} else {
			WHAT(", rets[1] %d", r1);
		}
	}
	if (k->rtas_calls && r->op >= 0) {
		const char *sn = r->op == VMM_EEH_PE_GET_STATE ? vmm_rtas_state_name(r->op_ret) : NULL;

		if (r->op_ret < 0)
			WHAT(" <- VFIO_EEH_PE_OP %s: -%s, in %llu ms", vmm_rtas_op_name(r->op),
			     strerror(-r->op_ret), (unsigned long long)(k->op_ns / 1000000));
		else
			WHAT(" <- VFIO_EEH_PE_OP %s: %d%s%s%s, in %llu ms", vmm_rtas_op_name(r->op),
			     r->op_ret, sn ? " (" : "", sn ? sn : "", sn ? ")" : "",
			     (unsigned long long)(k->op_ns / 1000000));
	} else if (k->rtas_calls) {
		WHAT(", no ioctl");
	}
	if (k->reenabled)
		WHAT("; command register 0x%04x, memory space and bus master set again (what the guest's driver does after ibm,configure-pe)",
		     k->cmd_was);
	if (c->has_status) {
		if (!has_st)
			RWHY(" expected status %d, rets[0] is outside guest memory;", c->status);
		else if (st != c->status)
			RWHY(" expected status %d, got %d;", c->status, st);
	}
	if (c->has_value) {
		if (!has_r1)
			RWHY(" expected rets[1] %lld, there is none;", (long long)c->value);
		else if ((uint32_t)r1 != (uint32_t)c->value)
			RWHY(" expected %s %lld, got %d;",
			     c->rtas_token == RTAS_TOKEN_READ_SLOT_RESET_STATE2 ? "state" : "rets[1]",
			     (long long)c->value, r1);
	}
	printf("%s %u %s # %s", bad ? "not ok" : "ok", ++x->tnum, c->text, hname(rc));
	if (k->exits)
		printf(" by the VMM (%u exit%s)", k->exits, k->exits > 1 ? "s" : "");
	else
		printf(" in the kernel (no exit)");
	printf(", %s, %llu.%03llu us\n", what, (unsigned long long)(ns / 1000),
	       (unsigned long long)(ns % 1000));
	if (bad) {
		why[strlen(why) - 1] = 0;
		printf("# line %d:%s\n", c->line, why);
		x->failed++;
	}
}

/* after call i: its line */
static void report(struct ctx *x, size_t i)
{
	struct call *k = &x->calls[i];
	const struct vmm_cmd *c = k->c;
	struct vmm_window *w = window(x, c->liobn);
	long rc = (long)*call64(x, i, CALL_RET);
	uint64_t r4 = *call64(x, i, CALL_RET1);
	uint64_t ticks = *call64(x, i, CALL_TB);
	uint64_t ns = ticks * 1000000000ULL / x->tb_freq;
	char why[512] = "", ent[256] = "", *e;
	uint64_t j, idx, want;
	int bad = 0;

	if (c->op == VMM_RTAS) {
		report_rtas(x, i);
		return;
	}

#define WHY(...) do {								\
	size_t _o = strlen(why);						\
	snprintf(why + _o, sizeof(why) - _o, __VA_ARGS__);			\
	bad = 1;								\
} while (0)
	if (c->has_expect && rc != c->expect)
		WHY(" expected %s, got %s;", hname(c->expect), hname(rc));
	if (c->by == VMM_BY_KERNEL && k->exits)
		WHY(" expected the kernel to finish it, %u exit(s) to the VMM;", k->exits);
	if (c->by == VMM_BY_VMM && !k->exits)
		WHY(" expected it to come out to the VMM, the kernel finished it;");
	if (c->op == VMM_GET && rc == H_SUCCESS && c->has_value && r4 != c->value)
		WHY(" expected the entry 0x%llx, got 0x%llx;", (unsigned long long)c->value,
		    (unsigned long long)r4);
	if (k->before) {
		idx = c->ioba >> w->t.shift;
		for (j = 0; j < k->nbefore; j++) {
			uint64_t now = w->t.entries[idx + j];

			if (rc != H_SUCCESS || c->op == VMM_GET)
				want = k->before[j];
			else if (c->op == VMM_PUT)
				want = c->arg;
			else if (c->op == VMM_STUFF)
				want = c->arg;
			else if (c->list && j < c->nlist)
				want = c->list[j];
			else
				continue;	/* a list the script did not write */
			if (now != want) {
				WHY(" entry 0x%llx is 0x%llx, expected 0x%llx%s;",
				    (unsigned long long)((idx + j) << w->t.shift),
				    (unsigned long long)now, (unsigned long long)want,
				    rc != H_SUCCESS ? " (unchanged: refused)" : "");
				break;
			}
		}
		if (c->op == VMM_GET && rc == H_SUCCESS && r4 != k->before[0])
			WHY(" returned 0x%llx, the table holds 0x%llx;", (unsigned long long)r4,
			    (unsigned long long)k->before[0]);
		entries_text(ent, sizeof(ent), w, c->ioba, k->nbefore);
	}
	e = ent;
	printf("%s %u %s # %s", bad ? "not ok" : "ok", ++x->tnum, c->text, hname(rc));
	if (c->op == VMM_GET && rc == H_SUCCESS)
		printf(" 0x%llx", (unsigned long long)r4);
	if (k->exits)
		printf(" by the VMM (%u exit%s)", k->exits, k->exits > 1 ? "s" : "");
	else
		printf(" in the kernel (no exit)");
	if (*e)
		printf(", %s%s in %s", e, k->before && rc != H_SUCCESS && c->op != VMM_GET ?
		       " unchanged" : "", w->in_kernel ? "the mmap" : "the VMM's table");
	else if (!w)
		printf(", LIOBN 0x%llx has no window", (unsigned long long)c->liobn);
	printf(", %llu.%03llu us\n", (unsigned long long)(ns / 1000),
	       (unsigned long long)(ns % 1000));
	if (rc == H_SUCCESS)
		past_end(w, c);
	if (bad) {
		why[strlen(why) - 1] = 0;
		printf("# line %d:%s\n", c->line, why);
		x->failed++;
	}
	free(k->before);
	k->before = NULL;
}

#define EDU_ID			0x010000edu
#define EDU_REG_ID		0x00
#define EDU_REG_DMA_SRC		0x80
#define EDU_REG_DMA_DST		0x88
#define EDU_REG_DMA_CNT		0x90
#define EDU_REG_DMA_CMD		0x98
#define EDU_DMA_RUN		0x1
#define EDU_DMA_TO_RAM		0x2
#define EDU_BUF_ADDR		0x40000
#define EDU_DMA_TIMEOUT_NS	5000000000ULL

static int edu_be;	/* the edu's registers are big-endian (ppc64 QEMU) */

static uint32_t edu_rd(struct ctx *x, uint64_t reg)
{
	uint32_t v = vmm_vfio_rd32(&x->vfio, reg);

	return edu_be ? __builtin_bswap32(v) : v;
}

static void edu_wr(struct ctx *x, uint64_t reg, uint32_t v)
{
	vmm_vfio_wr32(&x->vfio, reg, edu_be ? __builtin_bswap32(v) : v);
}

/* the identification register: the byte order, 0 when it is an edu */
static int edu_identify(struct ctx *x)
{
	uint32_t v = vmm_vfio_rd32(&x->vfio, EDU_REG_ID);

	edu_be = v != EDU_ID && __builtin_bswap32(v) == EDU_ID;
	printf("# edu: identification register 0x%08x: %s\n", v,
	       v == EDU_ID ? "little-endian registers" :
	       edu_be ? "big-endian registers (swapped)" : "not an edu");
	return v == EDU_ID || edu_be ? 0 : -1;
}

/*
 * One transfer, RUN polled: 0, or the reason it failed. QEMU runs it
 * from a 100 ms timer; bus addresses are taken modulo 2^28.
 */
static const char *edu_dma(struct ctx *x, const struct vmm_cmd *c, uint64_t *ns)
{
	uint64_t t0 = vmm_now_ns();
	uint32_t cmd;

	if (edu_rd(x, EDU_REG_DMA_CMD) & EDU_DMA_RUN)
		return "the engine is busy before the transfer";
	edu_wr(x, EDU_REG_DMA_SRC, c->to_ram ? EDU_BUF_ADDR : (uint32_t)c->ioba);
	edu_wr(x, EDU_REG_DMA_DST, c->to_ram ? (uint32_t)c->ioba : EDU_BUF_ADDR);
	edu_wr(x, EDU_REG_DMA_CNT, (uint32_t)c->len);
	edu_wr(x, EDU_REG_DMA_CMD, EDU_DMA_RUN | (c->to_ram ? EDU_DMA_TO_RAM : 0));
	for (;;) {
		cmd = edu_rd(x, EDU_REG_DMA_CMD);
		*ns = vmm_now_ns() - t0;
		if (cmd == ~0U)
			return "the command register reads all ones (the device stopped answering)";
		if (!(cmd & EDU_DMA_RUN))
			return NULL;
		if (*ns > EDU_DMA_TIMEOUT_NS)
			return "RUN still set after 5 s";
		usleep(2000);
	}
}

/* fill, expect-memory, edu-dma: between two hypercalls */
static void action(struct ctx *x, const struct vmm_cmd *c)
{
	uint8_t *m = x->vm.mem + c->gpa, *before = NULL;
	char why[256] = "", what[256] = "";
	uint64_t i, diff = 0, first = 0, ns = 0, changed = 0;
	const char *err;

	switch (c->op) {
	case VMM_FILL:
		for (i = 0; i < c->len; i++)
			m[i] = vmm_pattern(c->pattern, i);
		printf("# %s: 0x%llx bytes of pattern %llu at 0x%llx\n", c->text,
		       (unsigned long long)c->len, (unsigned long long)c->pattern,
		       (unsigned long long)c->gpa);
		return;
	case VMM_EXPECT_MEM:
		for (i = 0; i < c->len; i++)
			if (m[i] != vmm_pattern(c->pattern, i) && !diff++)
				first = i;
		if (diff)
			snprintf(why, sizeof(why), "%llu of %llu bytes differ, the first at 0x%llx: 0x%02x, expected 0x%02x",
				 (unsigned long long)diff, (unsigned long long)c->len,
				 (unsigned long long)(c->gpa + first), m[first],
				 vmm_pattern(c->pattern, first));
		else
			snprintf(what, sizeof(what), "0x%llx bytes at 0x%llx hold pattern %llu",
				 (unsigned long long)c->len, (unsigned long long)c->gpa,
				 (unsigned long long)c->pattern);
		break;
	case VMM_EDU_DMA:
		if (c->to_ram) {
			if (x->edu_known < c->len) {
				snprintf(why, sizeof(why), "what the edu's buffer holds is not known: an edu-dma from-ram of %llu bytes or more first",
					 (unsigned long long)c->len);
				break;
			}
			if (!memcmp(m, x->edu_buf, c->len)) {
				snprintf(why, sizeof(why), "0x%llx already holds the buffer's bytes: a landing could not be told (fill it first)",
					 (unsigned long long)c->gpa);
				break;
			}
			before = malloc(c->len);
			VMM_ASSERT(before, "%llu bytes", (unsigned long long)c->len);
			memcpy(before, m, c->len);
		}
		err = edu_dma(x, c, &ns);
		if (err) {
			snprintf(why, sizeof(why), "the edu: %s", err);
			x->edu_known = 0;
			break;
		}
		x->dma_ok++;
		if (!c->to_ram) {
			/* what the device read, if the bus address reaches c->gpa */
			memcpy(x->edu_buf, m, c->len);
			if (x->edu_known < c->len)
				x->edu_known = c->len;
			snprintf(what, sizeof(what), "the edu read %llu bytes at bus 0x%llx in %llu ms (0x%llx's bytes kept as its buffer)",
				 (unsigned long long)c->len, (unsigned long long)c->ioba,
				 (unsigned long long)(ns / 1000000), (unsigned long long)c->gpa);
			break;
		}
		for (i = 0; i < c->len; i++) {
			if (m[i] != x->edu_buf[i] && !diff++)
				first = i;
			changed += m[i] != before[i];
		}
		if (!diff) {
			x->dma_landed++;
			snprintf(what, sizeof(what), "landed: %llu bytes at 0x%llx byte for byte, in %llu ms",
				 (unsigned long long)c->len, (unsigned long long)c->gpa,
				 (unsigned long long)(ns / 1000000));
			if (!c->land)
				snprintf(why, sizeof(why), "%s, expected not to land", what);
		} else if (!changed) {
			x->dma_not_landed++;
			snprintf(what, sizeof(what), "did not land: the %llu bytes at 0x%llx unchanged, in %llu ms",
				 (unsigned long long)c->len, (unsigned long long)c->gpa,
				 (unsigned long long)(ns / 1000000));
			if (c->land)
				snprintf(why, sizeof(why), "%s, expected to land", what);
		} else {
			snprintf(why, sizeof(why), "partly: %llu of %llu bytes at 0x%llx changed, %llu differ from the buffer (first at 0x%llx)",
				 (unsigned long long)changed, (unsigned long long)c->len,
				 (unsigned long long)c->gpa, (unsigned long long)diff,
				 (unsigned long long)(c->gpa + first));
		}
		break;
	case VMM_EEH: {
		struct vfio_eeh_pe_op op = { .argsz = sizeof(op), .op = c->eeh_op };
		uint64_t t0 = vmm_now_ns();
		long r = ioctl(x->vfio.container, VFIO_EEH_PE_OP, &op);
		int e = errno;

		ns = vmm_now_ns() - t0;
		if (r < 0)
			r = -e;
		if (r < 0)
			snprintf(what, sizeof(what), "VFIO_EEH_PE_OP %s: -%s, in %llu ms",
				 vmm_eeh_op_name(c->eeh_op), strerror(e), (unsigned long long)(ns / 1000000));
		else
			snprintf(what, sizeof(what), "VFIO_EEH_PE_OP %s: %ld%s%s%s, in %llu ms",
				 vmm_eeh_op_name(c->eeh_op), r,
				 c->eeh_op == VFIO_EEH_PE_GET_STATE ? " (" : "",
				 c->eeh_op != VFIO_EEH_PE_GET_STATE ? "" :
				 vmm_rtas_state_name((int)r) ? vmm_rtas_state_name((int)r) : "?",
				 c->eeh_op == VFIO_EEH_PE_GET_STATE ? ")" : "",
				 (unsigned long long)(ns / 1000000));
		if (c->eeh_op == VFIO_EEH_PE_CONFIGURE && r == 0) {
			/* what a guest's driver does after ibm,configure-pe */
			uint16_t was = vmm_vfio_enable(&x->vfio);
			size_t o = strlen(what);

			snprintf(what + o, sizeof(what) - o,
				 "; command register 0x%04x, memory space and bus master set again", was);
		}
		if (c->has_expect ? r != c->expect : r < 0)
			snprintf(why, sizeof(why), "%s, expected %ld", what, c->has_expect ? c->expect : 0L);
		break;
	}
	case VMM_RUN: {
		int st;

		fflush(stdout);
		st = system(c->cmdline);
		if (st == 0)
			snprintf(what, sizeof(what), "exit 0");
		else if (st > 0 && WIFEXITED(st))
			snprintf(why, sizeof(why), "'%s' exited %d", c->cmdline, WEXITSTATUS(st));
		else
			snprintf(why, sizeof(why), "'%s' did not exit (status 0x%x)", c->cmdline, st);
		break;
	}
	default:
		return;
	}
	free(before);
	if (why[0]) {
		printf("not ok %u %s # %s\n", ++x->tnum, c->text, why);
		printf("# line %d: %s\n", c->line, why);
		x->failed++;
	} else {
		printf("ok %u %s # %s\n", ++x->tnum, c->text, what);
	}
}

/* the actions after script index pos, up to the next hypercall */
static void actions_after(struct ctx *x, size_t pos)
{
	size_t k;

	for (k = pos; k < x->s->n && vmm_cmd_hcall(&x->s->cmds[k]) == 0; k++)
		if (vmm_cmd_is_action(&x->s->cmds[k]))
			action(x, &x->s->cmds[k]);
}

/* a TCE hypercall the kernel left to us: the table the LIOBN names */
static long tce_hcall(struct ctx *x, struct kvm_run *run)
{
	uint64_t *a = run->papr_hcall.args;
	struct utce_mem m = { x->vm.mem, x->vm.mem_size };
	struct vmm_window *w = window(x, a[0]);
	uint64_t v = 0;
	long rc;

	if (!w)
		return H_PARAMETER;
	switch (run->papr_hcall.nr) {
	case H_PUT_TCE:
		return utce_put(&w->t, &m, a[1], a[2]);
	case H_PUT_TCE_INDIRECT:
		return utce_indirect(&w->t, &m, a[1], a[2], a[3]);
	case H_STUFF_TCE:
		return utce_stuff(&w->t, a[1], a[2], a[3]);
	case H_GET_TCE:
		rc = utce_get(&w->t, a[1], &v);
		a[0] = v;
		return rc;
	}
	return H_FUNCTION;
}

/* VFIO_EEH_PE_OP on the container, for the RTAS layer: >= 0 or -errno */
static int pe_op(void *ctx, unsigned int op)
{
	struct ctx *x = ctx;
	struct vfio_eeh_pe_op o = { .argsz = sizeof(o), .op = op };
	uint64_t t0 = vmm_now_ns();
	int r = ioctl(x->vfio.container, VFIO_EEH_PE_OP, &o);
	int e = errno;

	x->calls[*mb64(x, MB_DONE)].op_ns = vmm_now_ns() - t0;
	return r < 0 ? -e : r;
}

/* the guest's H_RTAS: the RTAS layer, the vfio function's PE behind it */
static long rtas_hcall(struct ctx *x, struct kvm_run *run, struct call *k)
{
	struct vmm_rtas_pe pe = { RTAS_BUID, RTAS_CONFIG_ADDR };
	long rc;

	rc = vmm_rtas_call(x->vm.mem, x->vm.mem_size, run->papr_hcall.args[0],
			   x->has_vfio ? &pe : NULL, pe_op, x, &k->rtas);
	k->rtas_calls++;
	if (k->rtas.token == RTAS_TOKEN_CONFIGURE_PE && k->rtas.op == VMM_EEH_PE_CONFIGURE &&
	    k->rtas.op_ret == 0 && x->has_vfio) {
		/* what the guest's driver does after ibm,configure-pe */
		k->cmd_was = vmm_vfio_enable(&x->vfio);
		k->reenabled = 1;
	}
	return rc;
}

__attribute__((noreturn))
static void bail_regs_none(const char *what)
{
	printf("Bail out! %s\n", what);
	exit(1);
}

__attribute__((noreturn))
static void bail_regs(struct ctx *x, const char *what)
{
	struct kvm_regs r;

	vmm_vcpu_regs(&x->vcpu, &r);
	printf("# %s: pc 0x%llx msr 0x%llx srr0 0x%llx srr1 0x%llx r3 0x%llx\n", what,
	       (unsigned long long)r.pc, (unsigned long long)r.msr,
	       (unsigned long long)r.srr0, (unsigned long long)r.srr1,
	       (unsigned long long)r.gpr[3]);
	printf("Bail out! %s\n", what);
	exit(1);
}

/* run the guest until H_EEHLAB_DONE */
static void run(struct ctx *x)
{
	struct kvm_run *run = x->vcpu.run;
	size_t next = 0;
	uint64_t done;
	int r;

	actions_after(x, 0);
	prepare(x, 0);
	for (;;) {
		r = __vmm_vcpu_run(&x->vcpu);
		if (r == -EINTR && timed_out)
			bail_regs(x, "timeout: the guest did not finish");
		if (r == -EINTR)
			continue;
		errno = -r;
		VMM_ASSERT(r == 0, "KVM_RUN");
		if (run->exit_reason != KVM_EXIT_PAPR_HCALL) {
			char what[96];

			snprintf(what, sizeof(what), "unexpected exit %s (%u)",
				 vmm_exit_name(run->exit_reason), run->exit_reason);
			bail_regs(x, what);
		}
		switch (run->papr_hcall.nr) {
		case H_EEHLAB_STEP:
			VMM_ASSERT(run->papr_hcall.args[0] == next,
				   "the guest reports call %llu, the VMM expects %zu",
				   (unsigned long long)run->papr_hcall.args[0], next);
			report(x, next);
			actions_after(x, x->calls[next].pos + 1);
			next++;
			if (next < x->ncalls)
				prepare(x, next);
			run->papr_hcall.ret = H_SUCCESS;
			break;
		case H_EEHLAB_DONE:
			VMM_ASSERT(next == x->ncalls, "the guest is done after %zu of %zu calls",
				   next, x->ncalls);
			return;
		case H_EEHLAB_FAULT: {
			char what[160];

			snprintf(what, sizeof(what),
				 "the guest took interrupt 0x%llx at 0x%llx (SRR1 0x%llx)",
				 (unsigned long long)run->papr_hcall.args[0],
				 (unsigned long long)run->papr_hcall.args[1],
				 (unsigned long long)run->papr_hcall.args[2]);
			bail_regs(x, what);
		}
		case H_PUT_TCE:
		case H_PUT_TCE_INDIRECT:
		case H_STUFF_TCE:
		case H_GET_TCE:
			done = *mb64(x, MB_DONE);
			VMM_ASSERT(done < x->ncalls, "a TCE hypercall after the last call (%llu)",
				   (unsigned long long)done);
			x->calls[done].exits++;
			run->papr_hcall.ret = tce_hcall(x, run);
			break;
		case H_RTAS:
			done = *mb64(x, MB_DONE);
			VMM_ASSERT(done < x->ncalls, "an H_RTAS after the last call (%llu)",
				   (unsigned long long)done);
			x->calls[done].exits++;
			run->papr_hcall.ret = rtas_hcall(x, run, &x->calls[done]);
			break;
		default:
			printf("# hcall 0x%llx: not ours, H_FUNCTION\n",
			       (unsigned long long)run->papr_hcall.nr);
			x->other_exits++;
			run->papr_hcall.ret = H_FUNCTION;
			break;
		}
	}
}

static void totals(struct ctx *x)
{
	uint64_t tk = 0, tv = 0, nk = 0, nv = 0, exits = 0, ns;
	size_t i;

	for (i = 0; i < x->ncalls; i++) {
		uint64_t t = *call64(x, i, CALL_TB);

		exits += x->calls[i].exits;
		if (x->calls[i].exits) {
			nv++;
			tv += t;
		} else {
			nk++;
			tk += t;
		}
	}
	printf("# kernel finished %llu of %zu hypercalls, %llu came out to the VMM (%llu KVM_EXIT_PAPR_HCALL for them)\n",
	       (unsigned long long)nk, x->ncalls, (unsigned long long)nv,
	       (unsigned long long)exits);
	if (nk) {
		ns = tk * 1000000000ULL / x->tb_freq / nk;
		printf("# in the kernel: %llu.%03llu us a call on average\n",
		       (unsigned long long)(ns / 1000), (unsigned long long)(ns % 1000));
	}
	if (nv) {
		ns = tv * 1000000000ULL / x->tb_freq / nv;
		printf("# out to the VMM: %llu.%03llu us a call on average\n",
		       (unsigned long long)(ns / 1000), (unsigned long long)(ns % 1000));
	}
	if (x->has_vfio)
		printf("# edu: %u transfers done, %u landed in the guest's pages, %u did not land\n",
		       x->dma_ok, x->dma_landed, x->dma_not_landed);
	printf("# Totals: pass:%u fail:%d skip:0\n", x->tnum - x->failed, x->failed);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: eehlab-vmm [--timeout SECONDS] [--no-kernel-hcalls] SCRIPT\n"
		   "       eehlab-vmm --check SCRIPT\n");
}

int main(int argc, char **argv)
{
	static const uint64_t tce_hcalls[] = {
		H_PUT_TCE, H_GET_TCE, H_PUT_TCE_INDIRECT, H_STUFF_TCE,
	};
	struct vmm_script s;
	struct ctx x = { 0 };
	char err[512];
	int timeout = 60, check = 0, kernel_hcalls = 1, fd, i;
	size_t nw = 0, k, j;
	struct sigaction sa = { 0 };
	uint64_t tb0, tb1, ns;
	const char *path;
	const struct vmm_cmd *vfio;
	int need_tce64 = 0;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--timeout") && i + 1 < argc) {
			timeout = atoi(argv[++i]);
			if (timeout <= 0) {
				fprintf(stderr, "eehlab-vmm: --timeout: a number of seconds\n");
				return 2;
			}
		} else if (!strcmp(argv[i], "--no-kernel-hcalls")) {
			kernel_hcalls = 0;
		} else if (!strcmp(argv[i], "--check")) {
			check = 1;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "eehlab-vmm: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	if (i != argc - 1) {
		usage(stderr);
		return 2;
	}
	path = argv[i];
	if (vmm_script_load(path, &s, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		vmm_script_free(&s);
		return 2;
	}
	for (k = 0; k < s.n; k++) {
		if (s.cmds[k].op == VMM_WINDOW) {
			nw++;
			need_tce64 |= s.cmds[k].in_kernel;
		}
	}
	/* fill, expect-memory, edu-dma: above the guest program and its mailbox */
	for (k = 0; k < s.n; k++) {
		const struct vmm_cmd *c = &s.cmds[k];
		uint64_t lo = GUEST_MBOX_GPA + MB_CALLS + MB_MAX_CALLS * CALL_SIZE;

		if (c->op != VMM_FILL && c->op != VMM_EXPECT_MEM && c->op != VMM_EDU_DMA)
			continue;
		if (c->gpa < lo || c->gpa > GUEST_MEM_SIZE || GUEST_MEM_SIZE - c->gpa < c->len) {
			fprintf(stderr, "%s:%d: GPA 0x%llx + 0x%llx: outside 0x%llx .. 0x%llx (guest memory above the mailbox)\n",
				path, c->line, (unsigned long long)c->gpa, (unsigned long long)c->len,
				(unsigned long long)lo, (unsigned long long)GUEST_MEM_SIZE);
			vmm_script_free(&s);
			return 2;
		}
	}
	vfio = vmm_script_vfio(&s);
	if (check) {
		printf("%s: %zu windows, %zu hypercalls, %zu checks%s%s\n", path, nw, s.ncalls,
		       s.nchecks, vfio ? ", vfio " : "", vfio ? vfio->bdf : "");
		vmm_script_free(&s);
		return 0;
	}

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("KTAP version 1\n");
	fd = __vmm_open_kvm();
	if (fd < 0) {
		printf("1..0 # SKIP /dev/kvm: %s\n", strerror(-fd));
		return 4;
	}
	if (!vmm_has_cap(fd, KVM_CAP_PPC_PAPR) || !vmm_has_cap(fd, KVM_CAP_PPC_ENABLE_HCALL) ||
	    (need_tce64 && !vmm_has_cap(fd, KVM_CAP_SPAPR_TCE_64))) {
		printf("1..0 # SKIP KVM here lacks PPC_PAPR, PPC_ENABLE_HCALL or SPAPR_TCE_64 (kvm-hv not loaded?)\n");
		return 4;
	}
	if (vfio && !vmm_has_cap(fd, KVM_CAP_SPAPR_TCE_VFIO)) {
		printf("1..0 # SKIP KVM here lacks SPAPR_TCE_VFIO\n");
		return 4;
	}
	if (vfio && access("/dev/vfio/vfio", R_OK | W_OK)) {
		printf("1..0 # SKIP /dev/vfio/vfio: %s (vfio not loaded?)\n", strerror(errno));
		return 4;
	}
	close(fd);
	printf("1..%zu\n", s.ncalls + s.nchecks);

	x.tb_freq = vmm_tb_freq();
	vmm_vm_create(&x.vm, GUEST_MEM_SIZE);
	VMM_ASSERT(vmm_guest_end - vmm_guest_start <= GUEST_PRTB_GPA,
		   "the guest program is %zu bytes", (size_t)(vmm_guest_end - vmm_guest_start));
	memcpy(x.vm.mem, vmm_guest_start, vmm_guest_end - vmm_guest_start);

	x.win = calloc(nw ? nw : 1, sizeof(*x.win));
	x.calls = calloc(s.ncalls, sizeof(*x.calls));
	VMM_ASSERT(x.win && x.calls, "%zu windows, %zu calls", nw, s.ncalls);
	for (k = 0; k < s.n; k++) {
		const struct vmm_cmd *c = &s.cmds[k];
		struct vmm_window *w;

		if (vmm_cmd_hcall(c)) {
			x.calls[x.ncalls].pos = k;
			x.calls[x.ncalls++].c = c;
			continue;
		}
		if (c->op != VMM_WINDOW)
			continue;
		w = &x.win[x.nwin++];
		if (c->in_kernel)
			vmm_window_kernel(&x.vm, w, c->liobn, c->shift, c->size >> c->shift);
		else
			vmm_window_user(w, c->liobn, c->shift, c->size >> c->shift);
		printf("# window 0x%llx: 0x%llx bytes, %llu entries of %llu KiB, %s\n",
		       (unsigned long long)c->liobn, (unsigned long long)c->size,
		       (unsigned long long)(c->size >> c->shift), (1ULL << c->shift) >> 10,
		       c->in_kernel ? "the kernel's (KVM_CREATE_SPAPR_TCE_64, table mmapped)" :
		       "the VMM's");
	}
	x.s = &s;
	if (vfio) {
		vmm_vfio_open(&x.vm, &x.vfio, vfio->bdf, window(&x, vfio->liobn));
		x.has_vfio = 1;
		if (edu_identify(&x))
			bail_regs_none("the vfio function is not QEMU's edu");
	}
	for (j = 0; j < sizeof(tce_hcalls) / sizeof(tce_hcalls[0]); j++)
		if (kernel_hcalls)
			vmm_enable_hcall(&x.vm, tce_hcalls[j], 1);
	for (k = 0; k < s.n && s.cmds[k].op != VMM_RTAS; k++)
		;
	if (k < s.n)
		printf("# rtas: H_RTAS answered by the VMM (no in-kernel RTAS token defined): BUID 0x%llx, %s\n",
		       (unsigned long long)RTAS_BUID, x.has_vfio ?
		       "the vfio function as config address 0x800, PE address 0x1, through VFIO_EEH_PE_OP" :
		       "no vfio function: the PE calls answer -3");
	printf("# in-kernel TCE hypercalls %s\n", kernel_hcalls ?
	       "enabled (KVM_CAP_PPC_ENABLE_HCALL 0x20 0x1c 0x138 0x13c)" : "left off");

	*mb64(&x, MB_MAGIC) = MB_MAGIC_VALUE;
	*mb64(&x, MB_NCALLS) = x.ncalls;
	*mb64(&x, MB_DONE) = 0;
	for (k = 0; k < x.ncalls; k++) {
		const struct vmm_cmd *c = x.calls[k].c;
		uint64_t *a = call64(&x, k, CALL_ARG0);

		*call64(&x, k, CALL_NR) = vmm_cmd_hcall(c);
		a[0] = c->op == VMM_RTAS ? c->gpa : c->liobn;
		a[1] = c->ioba;
		a[2] = c->arg;
		a[3] = c->npages;
	}
	vmm_vcpu_add(&x.vm, &x.vcpu, GUEST_ENTRY);

	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART: KVM_RUN returns EINTR */
	alarm(timeout);
	tb0 = vmm_tb();
	run(&x);
	tb1 = vmm_tb();
	alarm(0);

	ns = (tb1 - tb0) * 1000000000ULL / x.tb_freq;
	printf("# the guest made %zu hypercalls in %llu.%03llu ms (timebase %llu Hz)\n",
	       x.ncalls, (unsigned long long)(ns / 1000000),
	       (unsigned long long)(ns / 1000 % 1000), (unsigned long long)x.tb_freq);
	if (x.other_exits)
		printf("# %u other hypercalls answered H_FUNCTION\n", x.other_exits);
	totals(&x);

	if (x.has_vfio)
		vmm_vfio_close(&x.vfio);
	vmm_vcpu_free(&x.vcpu);
	for (k = 0; k < x.nwin; k++)
		vmm_window_free(&x.win[k]);
	vmm_vm_free(&x.vm);
	free(x.win);
	free(x.calls);
	vmm_script_free(&s);
	return x.failed ? 1 : 0;
}
