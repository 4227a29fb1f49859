// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab realguest: the module-side guest that owns a real PE's TCE
 * table (EEHLAB_CMD_REAL_GUEST, needs CAP_NET_ADMIN). Each subcommand is
 * one operation of the module; the guest lives in the module between
 * them. docs/tce-real.md describes the whole path.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "backend.h"
#include "realguest.h"

static const char usage_text[] =
	"usage: eehlab realguest take BDF [--pages N] [--liobn-tier real|virtual|user]\n"
	"       eehlab realguest status | release\n"
	"       eehlab realguest put IOBA TCE [--tier T] [--liobn L]\n"
	"       eehlab realguest indirect IOBA LIST_GPA TCE... [--tier T] [--liobn L]\n"
	"       eehlab realguest stuff IOBA VALUE COUNT [--tier T] [--liobn L]\n"
	"       eehlab realguest fill GPA LEN SEED | verify GPA LEN SEED\n"
	"       eehlab realguest dma to-ram|from-ram IOBA LEN [--off O]\n"
	"take: the PE of function BDF (no function of it may have a driver) for a\n"
	"guest with N pinned 4K pages at gpa 0 and a 32-bit window of 4K TCEs;\n"
	"put/indirect/stuff: H_PUT_TCE, H_PUT_TCE_INDIRECT (the list is written\n"
	"at LIST_GPA first), H_STUFF_TCE from tier T on (default real); one no\n"
	"kernel tier knows is handed to this program, which runs it as the VMM\n"
	"(tier user); fill/verify: the byte pattern of SEED in guest memory,\n"
	"verify compares byte for byte (exit 1 on a difference); dma: the edu\n"
	"engine of the taken function through the guest's TCEs (to-ram: edu\n"
	"buffer -> memory at bus address IOBA); a TCE denying the access raises\n"
	"the PE's emulated freeze; release: the PE back to the host.\n";

static int usage_err(const char *what)
{
	fprintf(stderr, "eehlab realguest: %s\n%s", what, usage_text);
	return RG_EXIT_USAGE;
}

static int call(const struct rg_req *q, struct rg_reply *r)
{
	struct eeh_msg msg = { 0 };
	int rc;

	rc = backend_kernel_real_guest(q, r, &msg);
	if (rc) {
		fprintf(stderr, "eehlab realguest: %s\n", msg.text[0] ? msg.text : strerror(-rc));
		return RG_EXIT_FAILED;
	}
	return 0;
}

static int num(const char *s, uint64_t max, uint64_t *v, const char *what)
{
	char text[128];

	if (!rg_parse_u64(s, max, v))
		return 0;
	snprintf(text, sizeof(text), "%s: '%s' is not a number up to 0x%" PRIx64, what,
		 s ? s : "", max);
	return usage_err(text);
}

static void print_desc(const struct rg_reply *r, const char *verb)
{
	printf("%s PE 0x%x of PHB %04x (%u function%s, pass_dev_cnt %u) with %s: LIOBN 0x%x (from the %s tier on), window 0x0..0x%" PRIx64
	       " of %uK TCEs, guest memory %u pages at gpa 0x0 (hpa 0x%" PRIx64 ")\n",
	       verb, r->pe_addr, r->domain, r->funcs, r->funcs == 1 ? "" : "s", r->passed, r->bdf,
	       r->liobn, rg_tier_name(r->liobn_tier), r->window,
	       (1u << r->page_shift) >> 10, r->pages, r->hpa);
}

/* The hypercall, and as the VMM when no kernel tier took it */
static int hcall(struct rg_req *q)
{
	char liobn[16] = "the window's";
	struct rg_reply r;
	int rc;

	rc = call(q, &r);
	if (rc)
		return rc;
	if (r.tier == EEHLAB_RG_TIER_USER && r.ret == RG_H_TOO_HARD) {
		printf("%s(ioba 0x%" PRIx64 ", 0x%" PRIx64 ", %u): H_TOO_HARD in the kernel tiers: handed to userspace\n",
		       rg_hcall_name(q->hcall), q->ioba, q->tce, q->count);
		q->tier = EEHLAB_RG_TIER_USER;
		rc = call(q, &r);
		if (rc)
			return rc;
	}
	if (q->has_liobn)
		snprintf(liobn, sizeof(liobn), "0x%x", q->liobn);
	printf("%s(liobn %s, ioba 0x%" PRIx64 ", 0x%" PRIx64 ", %u) = %s (%" PRId64 ") in the %s tier; real entry now 0x%" PRIx64 "\n",
	       rg_hcall_name(q->hcall), liobn, q->ioba, q->tce,
	       q->count, rg_ret_name(r.ret), r.ret, rg_tier_name(r.tier), r.tce);
	return 0;
}

static int indirect(struct rg_req *q, int n, char **tces)
{
	uint8_t list[RG_DATA_MAX];
	struct rg_reply r;
	struct rg_req w = { .op = EEHLAB_RG_OP_WRITE };
	uint64_t v;
	int i, rc;

	if (n < 1 || n > RG_DATA_MAX / 8)
		return usage_err("indirect: 1..512 TCEs");
	for (i = 0; i < n; i++) {
		int b;

		rc = num(tces[i], UINT64_MAX, &v, "TCE");
		if (rc)
			return rc;
		for (b = 0; b < 8; b++)	/* big-endian, as PAPR's list */
			list[i * 8 + b] = (uint8_t)(v >> (56 - 8 * b));
	}
	w.gpa = q->tce;
	w.data = list;
	w.len = (uint32_t)n * 8;
	rc = call(&w, &r);
	if (rc)
		return rc;
	q->count = (uint32_t)n;
	return hcall(q);
}

static int fill_verify(uint32_t op, uint64_t gpa, uint32_t len, uint32_t seed)
{
	static uint8_t want[RG_DATA_MAX];
	struct rg_req q = { .op = op, .gpa = gpa, .len = len };
	struct rg_reply r;
	long at;
	uint32_t i;
	int rc;

	eehlab_pattern(want, len, seed);
	q.data = want;
	rc = call(&q, &r);
	if (rc)
		return rc;
	if (op == EEHLAB_RG_OP_WRITE) {
		printf("gpa 0x%" PRIx64 ": %u bytes of the pattern of seed 0x%x written\n", gpa, len, seed);
		return 0;
	}
	if (r.data_len != len) {
		printf("gpa 0x%" PRIx64 ": read %u bytes, not %u\n", gpa, r.data_len, len);
		return RG_EXIT_FAILED;
	}
	at = rg_first_diff(r.data, want, len);
	if (at < 0) {
		printf("gpa 0x%" PRIx64 ": %u bytes equal the pattern of seed 0x%x byte for byte\n",
		       gpa, len, seed);
		return 0;
	}
	for (i = (uint32_t)at; i < len && r.data[i] != want[i]; i++)
		;
	printf("gpa 0x%" PRIx64 ": differs from the pattern of seed 0x%x at offset %ld (0x%02x, not 0x%02x); %ld bytes equal before it\n",
	       gpa, seed, at, r.data[at], want[at], at);
	return RG_EXIT_FAILED;
}

static int dma(const char *dir, uint64_t ioba, uint32_t len, uint32_t off)
{
	struct rg_req q = { .op = EEHLAB_RG_OP_DMA, .ioba = ioba, .len = len, .dev_off = off };
	struct rg_reply r;
	int rc;

	if (!strcmp(dir, "to-ram"))
		q.dir = EEHLAB_RG_DMA_TO_RAM;
	else if (!strcmp(dir, "from-ram"))
		q.dir = EEHLAB_RG_DMA_FROM_RAM;
	else
		return usage_err("dma: to-ram or from-ram");
	rc = call(&q, &r);
	if (rc)
		return rc;
	printf("dma %s bus 0x%" PRIx64 ", %u bytes: engine %s (%d); PE state %d\n", dir, ioba, len,
	       r.result ? "FAILED" : "finished", r.result, r.pe_state);
	if (r.fault) {
		printf("dma %s bus 0x%" PRIx64 ": TCE access fault at bus 0x%" PRIx64 " (the entry denies it)\n",
		       dir, ioba, r.fault_ioba);
		if (r.has_freeze && !r.freeze)
			printf("dma: the PE's emulated freeze raised; eeh_dev_check_failure %s; PE state %d\n",
			       r.detected ? "detected it" : "left it to the PE's owner", r.pe_state);
		else
			printf("dma: emulated freeze NOT raised (%d: %s)\n", r.freeze,
			       strerror(-r.freeze));
	}
	return r.result ? RG_EXIT_FAILED : 0;
}

int realguest_main(int argc, char **argv)
{
	struct rg_req q = { .tier = EEHLAB_RG_TIER_REAL, .count = 1 };
	char *pos[520];
	struct rg_reply r;
	uint64_t v[3] = { 0 };
	uint32_t off = 0;
	int npos = 0, i, rc;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(usage_text, stdout);
			return 0;
		}
		if (!strcmp(a, "--tier") || !strcmp(a, "--liobn-tier")) {
			uint32_t *t = a[2] == 't' ? &q.tier : &q.liobn_tier;

			if (i + 1 >= argc || rg_parse_tier(argv[i + 1], t))
				return usage_err("--tier/--liobn-tier: real, virtual or user");
			i++;
		} else if (!strcmp(a, "--pages") || !strcmp(a, "--liobn") || !strcmp(a, "--off")) {
			uint64_t n;

			if (i + 1 >= argc)
				return usage_err("an option without its value");
			rc = num(argv[++i], !strcmp(a, "--pages") ? 64 : UINT32_MAX, &n, a);
			if (rc)
				return rc;
			if (!strcmp(a, "--pages"))
				q.pages = (uint32_t)n;
			else if (!strcmp(a, "--off"))
				off = (uint32_t)n;
			else {
				q.liobn = (uint32_t)n;
				q.has_liobn = true;
			}
		} else if (a[0] == '-' && a[1] == '-') {
			return usage_err("unknown option");
		} else if (npos < (int)(sizeof(pos) / sizeof(pos[0]))) {
			pos[npos++] = argv[i];
		}
	}
	if (!npos)
		return usage_err("no subcommand");

	if (!strcmp(pos[0], "take")) {
		if (npos != 2)
			return usage_err("take BDF");
		q.op = EEHLAB_RG_OP_TAKE;
		q.bdf = pos[1];
		rc = call(&q, &r);
		if (!rc)
			print_desc(&r, "took");
		return rc;
	}
	if (!strcmp(pos[0], "status") || !strcmp(pos[0], "release")) {
		q.op = pos[0][0] == 's' ? EEHLAB_RG_OP_STATUS : EEHLAB_RG_OP_RELEASE;
		rc = call(&q, &r);
		if (rc)
			return rc;
		if (r.msg[0])
			printf("%s\n", r.msg);
		else if (q.op == EEHLAB_RG_OP_STATUS)
			print_desc(&r, "holding");
		else
			printf("released the PE of %s: the host's default DMA table is %s\n", r.bdf,
			       r.host_table ? "back" : "MISSING");
		return q.op == EEHLAB_RG_OP_RELEASE && !r.msg[0] && !r.host_table ?
		       RG_EXIT_FAILED : 0;
	}
	if (!strcmp(pos[0], "put") || !strcmp(pos[0], "stuff") || !strcmp(pos[0], "indirect")) {
		bool stuff = pos[0][0] == 's', ind = pos[0][0] == 'i';

		if ((stuff && npos != 4) || (!stuff && !ind && npos != 3) || (ind && npos < 4))
			return usage_err("put IOBA TCE | indirect IOBA LIST_GPA TCE... | stuff IOBA VALUE COUNT");
		rc = num(pos[1], UINT64_MAX, &v[0], "IOBA") ?:
		     num(pos[2], UINT64_MAX, &v[1], "TCE");
		if (rc)
			return rc;
		q.op = EEHLAB_RG_OP_HCALL;
		q.ioba = v[0];
		q.tce = v[1];
		if (ind) {
			q.hcall = RG_H_PUT_TCE_INDIRECT;
			return indirect(&q, npos - 3, pos + 3);
		}
		q.hcall = stuff ? RG_H_STUFF_TCE : RG_H_PUT_TCE;
		if (stuff) {
			rc = num(pos[3], UINT32_MAX, &v[2], "COUNT");
			if (rc)
				return rc;
			q.count = (uint32_t)v[2];
		}
		return hcall(&q);
	}
	if (!strcmp(pos[0], "fill") || !strcmp(pos[0], "verify")) {
		if (npos != 4)
			return usage_err("fill|verify GPA LEN SEED");
		rc = num(pos[1], UINT64_MAX, &v[0], "GPA") ?:
		     num(pos[2], RG_DATA_MAX, &v[1], "LEN") ?:
		     num(pos[3], UINT32_MAX, &v[2], "SEED");
		if (rc)
			return rc;
		if (!v[1])
			return usage_err("LEN: 1..4096");
		return fill_verify(pos[0][0] == 'f' ? EEHLAB_RG_OP_WRITE : EEHLAB_RG_OP_READ,
				   v[0], (uint32_t)v[1], (uint32_t)v[2]);
	}
	if (!strcmp(pos[0], "dma")) {
		if (npos != 4)
			return usage_err("dma to-ram|from-ram IOBA LEN");
		rc = num(pos[2], UINT64_MAX, &v[0], "IOBA") ?:
		     num(pos[3], RG_DMA_MAX, &v[1], "LEN");
		if (rc)
			return rc;
		if (!v[1])
			return usage_err("LEN: 1..4095");
		return dma(pos[1], v[0], (uint32_t)v[1], off);
	}
	return usage_err("unknown subcommand");
}
