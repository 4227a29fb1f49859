// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: the portable half of eehlab-vmm (kvm/script.c, kvm/utce.c):
 * the script parser and its file:line errors, the return codes by name,
 * and the VMM's own TCE table, accepted and refused side, as the
 * kernel's emulated table answers (H_TOO_HARD there is H_PARAMETER here).
 */
#include "harness.h"
#include "../kvm/script.h"
#include "../kvm/utce.h"

#define MEM	(16ULL << 20)

static int parse(const char *text, struct vmm_script *s, char *err)
{
	return vmm_script_parse("t.vmm", text, s, err, 256);
}

/* the error of a one-script parse, "" when it parsed */
static const char *parse_err(const char *text)
{
	static char err[256];
	struct vmm_script s;

	err[0] = 0;
	parse(text, &s, err);
	vmm_script_free(&s);
	return err;
}

TEST(script_every_command)
{
	struct vmm_script s;
	char err[256] = "";
	const struct vmm_cmd *c;

	ASSERT_EQ(0, parse("# a comment\n"
			   "window 0x1000 0x100000\n"
			   "WINDOW 0x2000 0x200000 user shift=16   # the VMM's\n"
			   "\n"
			   "h-put-tce 0x1000 0x0 0x100003 expect=H_SUCCESS by=kernel\n"
			   "h-put-tce-indirect 0x1000 0x1000 0x200000 3 list=1,0x2,3 by=vmm\n"
			   "h-stuff-tce 0x2000 0x10000 0 4 expect=-4\n"
			   "h-get-tce 0x1000 0 value=0x100003\n", &s, err));
	EXPECT_STREQ("", err);
	ASSERT_EQ(6, s.n);
	EXPECT_EQ(4, s.ncalls);
	c = vmm_script_window(&s, 0x1000);
	ASSERT_NOT_NULL(c);
	EXPECT_EQ(2, c->line);
	EXPECT_EQ(1, c->in_kernel);
	EXPECT_EQ(12, c->shift);
	EXPECT_EQ_U64(0x100000, c->size);
	c = vmm_script_window(&s, 0x2000);
	ASSERT_NOT_NULL(c);
	EXPECT_EQ(0, c->in_kernel);
	EXPECT_EQ(16, c->shift);
	EXPECT_TRUE(vmm_script_window(&s, 0x3000) == NULL);

	c = &s.cmds[2];
	EXPECT_EQ(VMM_PUT, c->op);
	EXPECT_EQ(5, c->line);
	EXPECT_STREQ("h-put-tce 0x1000 0x0 0x100003", c->text);
	EXPECT_EQ_U64(0x100003, c->arg);
	EXPECT_EQ(1, c->has_expect);
	EXPECT_EQ(H_SUCCESS, c->expect);
	EXPECT_EQ(VMM_BY_KERNEL, c->by);
	EXPECT_EQ_U64(H_PUT_TCE, vmm_cmd_hcall(c));

	c = &s.cmds[3];
	EXPECT_EQ(VMM_INDIRECT, c->op);
	EXPECT_EQ_U64(0x200000, c->arg);
	EXPECT_EQ_U64(3, c->npages);
	ASSERT_EQ(3, c->nlist);
	EXPECT_EQ_U64(2, c->list[1]);
	EXPECT_EQ(VMM_BY_VMM, c->by);
	EXPECT_EQ(0, c->has_expect);

	c = &s.cmds[4];
	EXPECT_EQ(VMM_STUFF, c->op);
	EXPECT_EQ(H_PARAMETER, c->expect);
	EXPECT_EQ_U64(H_STUFF_TCE, vmm_cmd_hcall(c));

	c = &s.cmds[5];
	EXPECT_EQ(VMM_GET, c->op);
	EXPECT_EQ(1, c->has_value);
	EXPECT_EQ_U64(0x100003, c->value);
	vmm_script_free(&s);
}

TEST(script_errors_name_file_and_line)
{
	EXPECT_STREQ("t.vmm:2: unknown command 'h-put' (window, h-put-tce, h-put-tce-indirect, h-stuff-tce, h-get-tce, vfio, fill, expect-memory, edu-dma, eeh, rtas, run)",
		     parse_err("window 1 0x1000\nh-put 1 0 0\n"));
	EXPECT_STREQ("t.vmm:1: h-put-tce needs LIOBN IOBA TCE",
		     parse_err("h-put-tce 1 0\n"));
	EXPECT_STREQ("t.vmm:1: IOBA: 'x10' is not a number",
		     parse_err("h-get-tce 1 x10\n"));
	EXPECT_STREQ("t.vmm:1: TCE: '0x1g' is not a number",
		     parse_err("h-put-tce 1 0 0x1g\n"));
	EXPECT_STREQ("t.vmm:1: LIOBN 0x100000000: a LIOBN is 32 bits",
		     parse_err("h-get-tce 0x100000000 0\n"));
	EXPECT_HAS(parse_err("h-put-tce 1 0 0 expect=H_WHAT\n"), "t.vmm:1: expect=H_WHAT: not a return code");
	EXPECT_STREQ("t.vmm:1: by=qemu: kernel or vmm", parse_err("h-get-tce 1 0 by=qemu\n"));
	EXPECT_STREQ("t.vmm:1: unknown option 'value='", parse_err("h-put-tce 1 0 0 value=1\n"));
	EXPECT_STREQ("t.vmm:1: unknown option 'list='", parse_err("h-stuff-tce 1 0 0 1 list=1\n"));
	EXPECT_HAS(parse_err("h-put-tce 1 0 0 extra\n"), "t.vmm:1: unexpected 'extra'");
	EXPECT_STREQ("t.vmm:1: window SIZE 0x1001: a non-zero multiple of the I/O page (0x1000)",
		     parse_err("window 1 0x1001\n"));
	EXPECT_STREQ("t.vmm:1: window SIZE 0x0: a non-zero multiple of the I/O page (0x1000)",
		     parse_err("window 1 0\n"));
	EXPECT_STREQ("t.vmm:1: shift=11: the I/O page shift must be 12 .. 28",
		     parse_err("window 1 0x1000 shift=11\n"));
	EXPECT_HAS(parse_err("window 1 0x1000 both\n"), "t.vmm:1: window: unknown option 'both'");
	EXPECT_STREQ("t.vmm:3: window 0x1: defined twice (line 1)",
		     parse_err("window 1 0x1000\n# x\nwindow 1 0x2000 user\n"));
	EXPECT_STREQ("t.vmm:1: list=: LIST_GPA 0x4 is not 8-byte aligned: nowhere to write it",
		     parse_err("h-put-tce-indirect 1 0 0x4 1 list=3\n"));
	EXPECT_STREQ("t.vmm:1: list=: no entries", parse_err("h-put-tce-indirect 1 0 0 1 list=,\n"));
	EXPECT_STREQ("t.vmm:2: no hypercalls in the script", parse_err("window 1 0x1000\n# none\n"));
	EXPECT_STREQ("t.vmm:1: no hypercalls in the script", parse_err(""));
}

TEST(script_limits)
{
	size_t len = 0, cap = 300 * 24, i;
	char *text = malloc(cap);
	struct vmm_script s;
	char err[256] = "";

	ASSERT_NOT_NULL(text);
	for (i = 0; i < VMM_SCRIPT_MAX; i++)
		len += snprintf(text + len, cap - len, "h-get-tce 1 0x%zx\n", i << 12);
	ASSERT_EQ(0, parse(text, &s, err));
	EXPECT_EQ(VMM_SCRIPT_MAX, s.ncalls);
	vmm_script_free(&s);
	snprintf(text + len, cap - len, "h-get-tce 1 0\n");
	EXPECT_STREQ("t.vmm:257: more than 256 hypercalls", parse_err(text));

	/* list=: 512 entries, not 513 */
	len = snprintf(text, cap, "h-put-tce-indirect 1 0 0 512 list=1");
	for (i = 1; i < 512; i++)
		len += snprintf(text + len, cap - len, ",1");
	ASSERT_EQ(0, parse(text, &s, err));
	EXPECT_EQ(512, s.cmds[0].nlist);
	vmm_script_free(&s);
	snprintf(text + len, cap - len, ",1");
	EXPECT_STREQ("t.vmm:1: list=: more than 512 entries", parse_err(text));
	free(text);
}

TEST(script_vfio_and_the_vmm_side)
{
	struct vmm_script s;
	char err[256] = "";
	const struct vmm_cmd *c;

	ASSERT_EQ(0, parse("window 0x1000 0x1000000\n"
			   "vfio 0002:01:00.0 0x1000\n"
			   "fill 0x100000 4095 1\n"
			   "h-put-tce 0x1000 0 0x100003 by=kernel\n"
			   "edu-dma from-ram 0 4095 0x100000\n"
			   "EDU-DMA to-ram 0x1000 1 0x101000 expect=not-landed\n"
			   "expect-memory 0x101000 4095 1\n"
			   "edu-dma to-ram 0x1000 4095 0x101000\n", &s, err));
	EXPECT_STREQ("", err);
	ASSERT_EQ(8, s.n);
	EXPECT_EQ(1, s.ncalls);
	EXPECT_EQ(4, s.nchecks);
	c = vmm_script_vfio(&s);
	ASSERT_NOT_NULL(c);
	EXPECT_STREQ("0002:01:00.0", c->bdf);
	EXPECT_EQ_U64(0x1000, c->liobn);
	EXPECT_EQ(0, vmm_cmd_is_action(c));
	EXPECT_EQ_U64(0, vmm_cmd_hcall(c));
	c = &s.cmds[2];
	EXPECT_EQ(VMM_FILL, c->op);
	EXPECT_EQ(1, vmm_cmd_is_action(c));
	EXPECT_EQ_U64(0x100000, c->gpa);
	EXPECT_EQ_U64(4095, c->len);
	EXPECT_EQ_U64(1, c->pattern);
	c = &s.cmds[4];
	EXPECT_EQ(VMM_EDU_DMA, c->op);
	EXPECT_EQ(0, c->to_ram);
	EXPECT_EQ_U64(0, c->ioba);
	c = &s.cmds[5];
	EXPECT_EQ(1, c->to_ram);
	EXPECT_EQ(0, c->land);
	EXPECT_EQ_U64(1, c->len);
	EXPECT_EQ_U64(0x101000, c->gpa);
	EXPECT_STREQ("EDU-DMA to-ram 0x1000 1 0x101000", c->text);
	EXPECT_EQ(1, s.cmds[7].land);
	EXPECT_EQ(VMM_EXPECT_MEM, s.cmds[6].op);
	vmm_script_free(&s);

	/* the script the in-guest test runs */
	ASSERT_EQ(0, vmm_script_load("kvm/scripts/vfio-edu.vmm", &s, err, sizeof(err)));
	EXPECT_STREQ("", err);
	ASSERT_NOT_NULL(vmm_script_vfio(&s));
	vmm_script_free(&s);
}

TEST(script_vfio_errors)
{
	EXPECT_STREQ("t.vmm:1: vfio: LIOBN 0x1000: no in-kernel window defined before",
		     parse_err("vfio 0002:01:00.0 0x1000\nwindow 0x1000 0x1000\nh-get-tce 0x1000 0\n"));
	EXPECT_STREQ("t.vmm:2: vfio: LIOBN 0x1000: no in-kernel window defined before",
		     parse_err("window 0x1000 0x1000 user\nvfio 0002:01:00.0 0x1000\n"));
	EXPECT_STREQ("t.vmm:2: vfio: window 0x1000: its size 0x3000 is not a power of two",
		     parse_err("window 0x1000 0x3000\nvfio 0002:01:00.0 0x1000\n"));
	EXPECT_STREQ("t.vmm:2: vfio: '2:1:0.0' is not a PCI function (DDDD:BB:DD.F)",
		     parse_err("window 0x1000 0x1000\nvfio 2:1:0.0 0x1000\n"));
	EXPECT_STREQ("t.vmm:2: vfio needs BDF LIOBN",
		     parse_err("window 0x1000 0x1000\nvfio 0002:01:00.0\n"));
	EXPECT_STREQ("t.vmm:3: vfio: one a script (line 2)",
		     parse_err("window 1 0x1000\nvfio 0002:01:00.0 1\nvfio 0002:01:00.1 1\n"));
	EXPECT_STREQ("t.vmm:1: edu-dma: no vfio function before it",
		     parse_err("edu-dma to-ram 0 1 0x100000\n"));
	EXPECT_STREQ("t.vmm:3: edu-dma: LEN 4096: 1 .. 4095 (the edu's buffer)",
		     parse_err("window 1 0x1000\nvfio 0002:01:00.0 1\nedu-dma to-ram 0 4096 0x100000\n"));
	EXPECT_STREQ("t.vmm:3: edu-dma: LEN 0: 1 .. 4095 (the edu's buffer)",
		     parse_err("window 1 0x1000\nvfio 0002:01:00.0 1\nedu-dma from-ram 0 0 0x100000\n"));
	EXPECT_STREQ("t.vmm:3: edu-dma: 'sideways': to-ram or from-ram",
		     parse_err("window 1 0x1000\nvfio 0002:01:00.0 1\nedu-dma sideways 0 1 0\n"));
	EXPECT_HAS(parse_err("window 1 0x1000\nvfio 0002:01:00.0 1\nedu-dma from-ram 0 1 0 expect=landed\n"),
		   "t.vmm:3: edu-dma: unexpected 'expect=landed'");
	EXPECT_STREQ("t.vmm:1: fill needs GPA LEN PATTERN", parse_err("fill 0x100000 16\n"));
	EXPECT_STREQ("t.vmm:1: expect-memory: LEN 0x0: 1 .. 4 GiB",
		     parse_err("expect-memory 0x100000 0 1\n"));
	EXPECT_STREQ("t.vmm:1: PATTERN: 'x' is not a number", parse_err("fill 0x100000 1 x\n"));
	/* the VMM's commands alone are no hypercalls */
	EXPECT_STREQ("t.vmm:1: no hypercalls in the script", parse_err("fill 0x100000 1 1\n"));
}

TEST(script_eeh_and_run)
{
	struct vmm_script s;
	char err[256] = "";
	const struct vmm_cmd *c;

	ASSERT_EQ(0, parse("window 1 0x1000\n"
			   "vfio 0002:01:00.0 1\n"
			   "eeh enable expect=0\n"
			   "eeh get-state expect=stopped\n"
			   "eeh GET-STATE expect=4\n"
			   "eeh configure\n"
			   "run ./eehlab inject --pe 0002:0xfd > /tmp/x 2>&1; grep -q 'a b' /tmp/x\n"
			   "h-get-tce 1 0\n", &s, err));
	EXPECT_STREQ("", err);
	EXPECT_EQ(5, s.nchecks);
	c = &s.cmds[2];
	EXPECT_EQ(VMM_EEH, c->op);
	EXPECT_EQ(1, c->eeh_op);
	EXPECT_EQ(1, c->has_expect);
	EXPECT_EQ(0, c->expect);
	EXPECT_EQ(4, s.cmds[3].eeh_op);
	EXPECT_EQ(2, s.cmds[3].expect);
	EXPECT_EQ(4, s.cmds[4].expect);
	EXPECT_EQ(8, s.cmds[5].eeh_op);
	EXPECT_EQ(0, s.cmds[5].has_expect);
	EXPECT_EQ(1, vmm_cmd_is_action(&s.cmds[5]));
	c = &s.cmds[6];
	EXPECT_EQ(VMM_RUN, c->op);
	EXPECT_STREQ("./eehlab inject --pe 0002:0xfd > /tmp/x 2>&1; grep -q 'a b' /tmp/x", c->cmdline);
	vmm_script_free(&s);
	EXPECT_STREQ("get-state", vmm_eeh_op_name(4));
	EXPECT_TRUE(vmm_eeh_op_name(9) == NULL);

	EXPECT_HAS(parse_err("window 1 0x1000\nvfio 0002:01:00.0 1\neeh inject\n"),
		   "t.vmm:3: eeh: unknown OP 'inject'");
	EXPECT_STREQ("t.vmm:1: eeh: no vfio function before it", parse_err("eeh enable\n"));
	/* state names only for get-state */
	EXPECT_STREQ("t.vmm:3: expect=: 'stopped' is not a number",
		     parse_err("window 1 0x1000\nvfio 0002:01:00.0 1\neeh enable expect=stopped\n"));
	EXPECT_STREQ("t.vmm:1: run needs a COMMAND", parse_err("run\n"));
	ASSERT_EQ(0, vmm_script_load("kvm/scripts/vfio-eeh.vmm", &s, err, sizeof(err)));
	vmm_script_free(&s);
}

TEST(pattern_bytes)
{
	unsigned int i, same = 0, ones = 0;

	/* fixed: scripts and their expectations rely on it */
	EXPECT_EQ(vmm_pattern(1, 0), vmm_pattern(1, 0));
	for (i = 0; i < 4095; i++) {
		same += vmm_pattern(1, i) == vmm_pattern(5, i);
		ones += vmm_pattern(1, i) == vmm_pattern(1, i + 1);
	}
	/* two seeds differ nearly everywhere; a stream barely repeats a byte */
	EXPECT_TRUE(same < 64);
	EXPECT_TRUE(ones < 64);
}

TEST(script_load_missing_file)
{
	struct vmm_script s;
	char err[256];

	ASSERT_EQ(-1, vmm_script_load("/nonexistent/x.vmm", &s, err, sizeof(err)));
	EXPECT_STREQ("/nonexistent/x.vmm: No such file or directory", err);
	vmm_script_free(&s);
}

TEST(hcodes_by_name)
{
	long rc;

	EXPECT_STREQ("H_SUCCESS", utce_hname(0));
	EXPECT_STREQ("H_PARAMETER", utce_hname(-4));
	EXPECT_STREQ("H_TOO_HARD", utce_hname(9999));
	EXPECT_TRUE(utce_hname(-1000) == NULL);
	ASSERT_EQ(0, utce_hcode("h_parameter", &rc));
	EXPECT_EQ(H_PARAMETER, rc);
	ASSERT_EQ(0, utce_hcode("-2", &rc));
	EXPECT_EQ(H_FUNCTION, rc);
	EXPECT_EQ(-1, utce_hcode("H_NOPE", &rc));
	EXPECT_EQ(-1, utce_hcode("", &rc));
	EXPECT_STREQ("h-put-tce-indirect", utce_hcall_name(0x13C));
	EXPECT_STREQ("h-stuff-tce", utce_hcall_name(0x138));
	EXPECT_TRUE(utce_hcall_name(0x24) == NULL);
}

/* a VMM table of 256 entries of 4 KiB over 16 MiB of guest memory */
struct tt {
	struct utce_table t;
	struct utce_mem m;
	uint64_t e[256];
};

static void tt_init(struct tt *x)
{
	memset(x, 0, sizeof(*x));
	x->t.liobn = 0x2000;
	x->t.shift = 12;
	x->t.nentries = 256;
	x->t.entries = x->e;
	x->m.size = MEM;
	x->m.base = calloc(1, MEM);
	ASSERT_NOT_NULL(x->m.base);
}

static void be64_put(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = v & 0xff;
}

TEST(utce_put_get)
{
	struct tt x;
	uint64_t v = 1;

	tt_init(&x);
	EXPECT_EQ(H_SUCCESS, utce_put(&x.t, &x.m, 0x0, 0x100003));
	EXPECT_EQ(H_SUCCESS, utce_put(&x.t, &x.m, 0xff000, 0xfff001));	/* last entry, last page */
	EXPECT_EQ_U64(0x100003, x.e[0]);
	EXPECT_EQ_U64(0xfff001, x.e[255]);
	EXPECT_EQ(H_SUCCESS, utce_get(&x.t, 0x0, &v));
	EXPECT_EQ_U64(0x100003, v);
	/* a clear or a poison (no R/W) goes in whatever its address */
	EXPECT_EQ(H_SUCCESS, utce_put(&x.t, &x.m, 0x1000, 0x4000000));
	EXPECT_EQ_U64(0x4000000, x.e[1]);
	free(x.m.base);
}

TEST(utce_put_refused)
{
	struct tt x;
	uint64_t v = 7;
	int i;

	tt_init(&x);
	EXPECT_EQ(H_PARAMETER, utce_put(&x.t, &x.m, 0x1001, 0x100003));	/* IOBA unaligned */
	EXPECT_EQ(H_PARAMETER, utce_put(&x.t, &x.m, 0x100000, 0x100003));	/* past the window */
	EXPECT_EQ(H_PARAMETER, utce_put(&x.t, &x.m, 0x0, 0x1000003));	/* page outside memory */
	EXPECT_EQ(H_PARAMETER, utce_put(&x.t, &x.m, 0x0, 0x100803));	/* page unaligned */
	EXPECT_EQ(H_PARAMETER, utce_get(&x.t, 0x100000, &v));
	EXPECT_EQ_U64(7, v);
	for (i = 0; i < 256; i++)
		EXPECT_EQ_U64(0, x.e[i]);
	free(x.m.base);
}

TEST(utce_stuff_clears)
{
	struct tt x;

	tt_init(&x);
	x.e[4] = x.e[5] = x.e[6] = 0x100003;
	EXPECT_EQ(H_SUCCESS, utce_stuff(&x.t, 0x4000, 0, 2));
	EXPECT_EQ_U64(0, x.e[4]);
	EXPECT_EQ_U64(0, x.e[5]);
	EXPECT_EQ_U64(0x100003, x.e[6]);
	EXPECT_EQ(H_PARAMETER, utce_stuff(&x.t, 0x6000, 0x100003, 1));	/* with R/W */
	EXPECT_EQ(H_PARAMETER, utce_stuff(&x.t, 0xff000, 0, 2));	/* past the end */
	EXPECT_EQ(H_PARAMETER, utce_stuff(&x.t, 0x0, 0, UINT64_MAX));	/* wraps */
	EXPECT_EQ(H_PARAMETER, utce_stuff(&x.t, 0x100000, 0, 0));	/* empty, at the end */
	EXPECT_EQ(H_SUCCESS, utce_stuff(&x.t, 0xff000, 0, 0));	/* empty, inside */
	EXPECT_EQ_U64(0x100003, x.e[6]);
	EXPECT_EQ(H_SUCCESS, utce_stuff(&x.t, 0x0, 0, 256));
	free(x.m.base);
}

TEST(utce_indirect_list)
{
	struct tt x;

	tt_init(&x);
	be64_put(x.m.base + 0x200000, 0x101003);
	be64_put(x.m.base + 0x200008, 0x102001);
	EXPECT_EQ(H_SUCCESS, utce_indirect(&x.t, &x.m, 0x10000, 0x200000, 2));
	EXPECT_EQ_U64(0x101003, x.e[16]);
	EXPECT_EQ_U64(0x102001, x.e[17]);
	EXPECT_EQ(H_PARAMETER, utce_indirect(&x.t, &x.m, 0x0, 0x200008, 1));	/* list unaligned */
	EXPECT_EQ(H_PARAMETER, utce_indirect(&x.t, &x.m, 0x0, 0x200000, 513));
	EXPECT_EQ(H_PARAMETER, utce_indirect(&x.t, &x.m, 0xff000, 0x200000, 2));
	EXPECT_EQ(H_PARAMETER, utce_indirect(&x.t, &x.m, 0x0, MEM, 1));	/* list outside */
	/* one bad entry: none written */
	be64_put(x.m.base + 0x201000, 0x103003);
	be64_put(x.m.base + 0x201008, 0x4000003);
	EXPECT_EQ(H_PARAMETER, utce_indirect(&x.t, &x.m, 0x0, 0x201000, 2));
	EXPECT_EQ_U64(0, x.e[0]);
	EXPECT_EQ_U64(0, x.e[1]);
	free(x.m.base);
}
