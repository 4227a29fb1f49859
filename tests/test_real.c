// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab inject --backend kernel (runner/real.c): the --pe and --freeze
 * arguments and their errors, the whole command line, finding a PE in a
 * REAL_LIST answer, the recovery test on a PE's state, the isolation
 * check of the other PEs, the printed result, the command without the
 * module, and the module driver's callback events decoded and printed.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include "harness.h"
#include "output.h"
#include "exec.h"
#include "real.h"
#include "backend_kernel.h"
#include "eehlab/model.h"
#include "eehlab/vfio.h"
#include "uapi/linux/eehlab.h"

TEST(pe_argument)
{
	char err[256];
	uint32_t addr = 7;
	int dom = 7;

	ASSERT_EQ(0, rl_parse_pe("0000:1fd", &dom, &addr, err, sizeof(err)));
	EXPECT_EQ(0, dom);
	EXPECT_EQ(0x1fd, (int)addr);
	ASSERT_EQ(0, rl_parse_pe("1:0xfd", &dom, &addr, err, sizeof(err)));
	EXPECT_EQ(1, dom);
	EXPECT_EQ(0xfd, (int)addr);
	ASSERT_EQ(0, rl_parse_pe("0x0003:1FB", &dom, &addr, err, sizeof(err)));
	EXPECT_EQ(3, dom);
	EXPECT_EQ(0x1fb, (int)addr);

	EXPECT_EQ(-EINVAL, rl_parse_pe("1fd", &dom, &addr, err, sizeof(err)));
	EXPECT_STREQ("--pe '1fd': expected DOMAIN:PEADDR, both hex (for instance 0000:1fd; "
		     "eehlab list --backend kernel shows them)", err);
	EXPECT_EQ(-EINVAL, rl_parse_pe("0000:zz", &dom, &addr, err, sizeof(err)));
	EXPECT_STREQ("--pe '0000:zz': the PE address after ':' is not a hex number of at "
		     "most ffffff", err);
	EXPECT_EQ(-EINVAL, rl_parse_pe(":1fd", &dom, &addr, err, sizeof(err)));
	EXPECT_HAS(err, "the PCI domain before ':'");
	EXPECT_EQ(-EINVAL, rl_parse_pe("10000:1fd", &dom, &addr, err, sizeof(err)));
	EXPECT_HAS(err, "at most ffff");
	EXPECT_EQ(-EINVAL, rl_parse_pe("0000:", &dom, &addr, err, sizeof(err)));
	EXPECT_EQ(-EINVAL, rl_parse_pe("0000:0x", &dom, &addr, err, sizeof(err)));
	EXPECT_EQ(-EINVAL, rl_parse_pe("0000:1:2", &dom, &addr, err, sizeof(err)));
	EXPECT_EQ(-EINVAL, rl_parse_pe("0000:-1", &dom, &addr, err, sizeof(err)));
	EXPECT_EQ(-EINVAL, rl_parse_pe("0000:1000000", &dom, &addr, err, sizeof(err)));
	/* a refused argument leaves the outputs alone */
	EXPECT_EQ(3, dom);
	EXPECT_EQ(0x1fb, (int)addr);
}

TEST(freeze_argument)
{
	char err[256];
	uint32_t kind = 0;

	ASSERT_EQ(0, rl_parse_freeze("mmio", &kind, err, sizeof(err)));
	EXPECT_EQ(EEHLAB_REAL_FREEZE_MMIO, (int)kind);
	ASSERT_EQ(0, rl_parse_freeze("dma", &kind, err, sizeof(err)));
	EXPECT_EQ(EEHLAB_REAL_FREEZE_DMA, (int)kind);
	ASSERT_EQ(0, rl_parse_freeze("both", &kind, err, sizeof(err)));
	EXPECT_EQ(EEHLAB_REAL_FREEZE_BOTH, (int)kind);
	EXPECT_EQ(3, EEHLAB_REAL_FREEZE_MMIO | EEHLAB_REAL_FREEZE_DMA);
	EXPECT_EQ(-EINVAL, rl_parse_freeze("MMIO", &kind, err, sizeof(err)));
	EXPECT_STREQ("--freeze 'MMIO': expected mmio, dma or both", err);
	EXPECT_EQ(-EINVAL, rl_parse_freeze("", &kind, err, sizeof(err)));
}

static int parse(struct rl_inject_opts *o, char *err, size_t len, const char *a1,
		 const char *a2, const char *a3, const char *a4, const char *a5,
		 const char *a6, const char *a7, const char *a8)
{
	char *argv[] = { "inject", (char *)a1, (char *)a2, (char *)a3, (char *)a4,
			 (char *)a5, (char *)a6, (char *)a7, (char *)a8, NULL };
	int argc = 1;

	while (argv[argc])
		argc++;
	return rl_inject_parse(argc, argv, o, err, len);
}

TEST(command_line)
{
	struct rl_inject_opts o;
	char err[256];

	ASSERT_EQ(0, parse(&o, err, sizeof(err), "--backend", "kernel", "--pe", "0001:fd",
			   "--freeze", "dma", NULL, NULL));
	EXPECT_EQ(1, o.domain);
	EXPECT_EQ(0xfd, (int)o.pe_addr);
	EXPECT_EQ(EEHLAB_REAL_FREEZE_DMA, (int)o.kind);
	EXPECT_EQ(30000, (int)o.timeout_ms);
	EXPECT_FALSE(o.help);

	ASSERT_EQ(0, parse(&o, err, sizeof(err), "--backend=kernel", "--pe=0:1fd",
			   "--freeze=both", "--timeout", "5", NULL, NULL, NULL));
	EXPECT_EQ(5000, (int)o.timeout_ms);
	EXPECT_EQ(EEHLAB_REAL_FREEZE_BOTH, (int)o.kind);

	ASSERT_EQ(0, parse(&o, err, sizeof(err), "--help", NULL, NULL, NULL, NULL, NULL,
			   NULL, NULL));
	EXPECT_TRUE(o.help);

	EXPECT_EQ(-EINVAL, parse(&o, err, sizeof(err), "--pe", "0:1fd", "--freeze", "both",
				 NULL, NULL, NULL, NULL));
	EXPECT_HAS(err, "--backend kernel is required");
	EXPECT_EQ(-EINVAL, parse(&o, err, sizeof(err), "--backend", "model", "--pe", "0:1fd",
				 "--freeze", "both", NULL, NULL));
	EXPECT_STREQ("--backend 'model': inject works on the kernel backend alone", err);
	EXPECT_EQ(-EINVAL, parse(&o, err, sizeof(err), "--backend", "kernel", "--freeze",
				 "both", NULL, NULL, NULL, NULL));
	EXPECT_STREQ("--pe DOMAIN:PEADDR is required", err);
	EXPECT_EQ(-EINVAL, parse(&o, err, sizeof(err), "--backend", "kernel", "--pe",
				 "0:1fd", NULL, NULL, NULL, NULL));
	EXPECT_STREQ("--freeze mmio|dma|both or --hw FUNC is required", err);
	EXPECT_EQ(-EINVAL, parse(&o, err, sizeof(err), "--backend", "kernel", "--pe", "x",
				 "--freeze", "both", NULL, NULL));
	EXPECT_HAS(err, "--pe 'x': expected DOMAIN:PEADDR");
	EXPECT_EQ(-EINVAL, parse(&o, err, sizeof(err), "--backend", "kernel", "--pe",
				 "0:1fd", "--freeze", "both", "--timeout", "0"));
	EXPECT_STREQ("--timeout '0': expected seconds, 1 to 3600", err);
	EXPECT_EQ(-EINVAL, parse(&o, err, sizeof(err), "--backend", "kernel", "--pe",
				 "0:1fd", "--freeze", "both", "--timeout", "2s"));
	EXPECT_EQ(-EINVAL, parse(&o, err, sizeof(err), "--backend", "kernel", "--pe",
				 "0:1fd", "--freeze", "both", "extra", NULL));
	EXPECT_STREQ("unexpected argument 'extra'", err);
	EXPECT_EQ(-EINVAL, parse(&o, err, sizeof(err), "--bogus", NULL, NULL, NULL, NULL,
				 NULL, NULL, NULL));
	EXPECT_STREQ("unknown option '--bogus'", err);
	EXPECT_EQ(-EINVAL, parse(&o, err, sizeof(err), "--backend", "kernel", "--pe", NULL,
				 NULL, NULL, NULL, NULL));
	EXPECT_STREQ("option '--pe' needs a value", err);
}

/* PHB 0000: PHB PE, bus PE 0x1fe, device PE 0x1fd; PHB 0001: PHB PE, PE 0xfd */
static void two_phbs(struct rl_list *l)
{
	struct rl_pe pes[] = {
		{ .domain = 0, .addr = 0, .type = EEHLAB_REAL_PE_TYPE_PHB, .parent = -1 },
		{ .domain = 0, .addr = 0x1fe, .type = EEHLAB_REAL_PE_TYPE_BUS, .parent = 0,
		  .flags = EEH_PE_PRI_BUS },
		{ .domain = 0, .addr = 0x1fd, .type = EEHLAB_REAL_PE_TYPE_DEVICE, .parent = 1 },
		{ .domain = 1, .addr = 0, .type = EEHLAB_REAL_PE_TYPE_PHB, .parent = -1 },
		{ .domain = 1, .addr = 0xfd, .type = EEHLAB_REAL_PE_TYPE_DEVICE, .parent = 3 },
	};
	size_t i;

	memset(l, 0, sizeof(*l));
	for (i = 0; i < sizeof(pes) / sizeof(pes[0]); i++)
		ASSERT_EQ(0, rl_add_pe(l, &pes[i]));
}

TEST(find_pe)
{
	struct rl_list l;

	two_phbs(&l);
	EXPECT_EQ(2, rl_find_pe(&l, 0, 0x1fd));
	EXPECT_EQ(4, rl_find_pe(&l, 1, 0xfd));
	EXPECT_EQ(1, rl_find_pe(&l, 0, 0x1fe));
	EXPECT_EQ(-1, rl_find_pe(&l, 1, 0x1fd));	/* another PHB's PE number */
	EXPECT_EQ(-1, rl_find_pe(&l, 0, 0));		/* the PHB PE is never one */
	EXPECT_EQ(-1, rl_find_pe(&l, 2, 0xfd));
	rl_free(&l);
}

TEST(recovery_states)
{
	struct rl_pe before = { .state = EEH_PE_STATE_NORMAL, .freeze_count = 1 };
	struct rl_pe now = before;

	/* not picked up yet: isolated, the count not up */
	now.flags = EEH_PE_ISOLATED;
	EXPECT_EQ(0, rl_recovery_state(&before, &now));
	/* the EEH core at work */
	now.freeze_count = 2;
	now.flags = EEH_PE_ISOLATED | EEH_PE_RECOVERING;
	now.state = EEH_PE_STATE_STOPPED_IO_DMA;
	EXPECT_EQ(0, rl_recovery_state(&before, &now));
	now.flags = EEH_PE_RECOVERING;
	now.state = EEH_PE_STATE_NORMAL;
	EXPECT_EQ(0, rl_recovery_state(&before, &now));
	now.flags = EEH_PE_RESET | EEH_PE_CFG_BLOCKED;
	EXPECT_EQ(0, rl_recovery_state(&before, &now));
	/* normal with the count up and nothing in the way: recovered */
	now.flags = EEH_PE_PRI_BUS;
	EXPECT_EQ(1, rl_recovery_state(&before, &now));
	/* normal but the count did not move: not this freeze's recovery */
	now.freeze_count = 1;
	EXPECT_EQ(0, rl_recovery_state(&before, &now));
	/* gone, or removed: permanent failure */
	EXPECT_EQ(-1, rl_recovery_state(&before, NULL));
	now.flags = EEH_PE_REMOVED;
	now.freeze_count = 2;
	EXPECT_EQ(-1, rl_recovery_state(&before, &now));
}

TEST(isolation_diff)
{
	struct rl_list before, after;
	size_t size = 0;
	FILE *f;

	two_phbs(&before);
	two_phbs(&after);
	/* the frozen PE itself may change */
	after.pe[2].freeze_count = 1;
	f = open_memstream(&out_text, &size);
	ASSERT_NOT_NULL(f);
	EXPECT_EQ(0, rl_isolation_diff(&before, &after, 0, 0x1fd, f));
	/* PE 0xfd of PHB 0001 has the same number on another PHB: compared */
	after.pe[4].freeze_count = 1;
	after.pe[4].flags = EEH_PE_ISOLATED;
	EXPECT_EQ(1, rl_isolation_diff(&before, &after, 0, 0x1fd, f));
	/* one gone */
	after.npe = 4;
	EXPECT_EQ(1, rl_isolation_diff(&before, &after, 0, 0x1fd, f));
	fclose(f);
	HAS("isolation: PHB 0001 PE 0xfd changed: state 0 -> 0, flags 0x00000000 -> "
	    "0x00000001, freezes 0 -> 1\n");
	HAS("isolation: PHB 0001 PE 0xfd is gone\n");
	HASNT("PE 0x1fd");
	rl_free(&before);
	rl_free(&after);
	free(out_text);
}

/*
 * The switch on PHB 0003 under QEMU powernv9: PE 0x1fd (upstream port)
 * over 0x1fc (downstream port) over 0x1fb (the edu), and PHB 0001's 0xfd.
 */
static void switch_tree(struct rl_list *l)
{
	struct rl_pe pes[] = {
		{ .domain = 3, .addr = 0, .type = EEHLAB_REAL_PE_TYPE_PHB, .parent = -1 },
		{ .domain = 3, .addr = 0x1fe, .type = EEHLAB_REAL_PE_TYPE_DEVICE, .parent = 0 },
		{ .domain = 3, .addr = 0x1fd, .type = EEHLAB_REAL_PE_TYPE_DEVICE, .parent = 1 },
		{ .domain = 3, .addr = 0x1fc, .type = EEHLAB_REAL_PE_TYPE_DEVICE, .parent = 2 },
		{ .domain = 3, .addr = 0x1fb, .type = EEHLAB_REAL_PE_TYPE_DEVICE, .parent = 3 },
		{ .domain = 1, .addr = 0, .type = EEHLAB_REAL_PE_TYPE_PHB, .parent = -1 },
		{ .domain = 1, .addr = 0x1fc, .type = EEHLAB_REAL_PE_TYPE_DEVICE, .parent = 5 },
	};
	size_t i;

	memset(l, 0, sizeof(*l));
	for (i = 0; i < sizeof(pes) / sizeof(pes[0]); i++)
		ASSERT_EQ(0, rl_add_pe(l, &pes[i]));
}

/* The PEs under the frozen one (its PELT-V): changed is fine, back to
 * normal is required; the others must not change at all. */
TEST(isolation_cascade)
{
	struct rl_list before, after;
	size_t size = 0;
	FILE *f;

	switch_tree(&before);
	switch_tree(&after);
	f = open_memstream(&out_text, &size);
	ASSERT_NOT_NULL(f);
	/* the children's freeze counts moved: expected */
	after.pe[2].freeze_count = 1;
	after.pe[3].freeze_count = 1;
	after.pe[4].freeze_count = 2;
	EXPECT_EQ(0, rl_isolation_diff(&before, &after, 3, 0x1fd, f));
	/* a child still isolated, another recovering: not recovered */
	after.pe[3].flags = EEH_PE_ISOLATED;
	after.pe[4].state = EEH_PE_STATE_UNAVAIL;
	EXPECT_EQ(2, rl_isolation_diff(&before, &after, 3, 0x1fd, f));
	after.pe[3].flags = EEH_PE_REMOVED;
	after.pe[4].state = EEH_PE_STATE_NORMAL;
	EXPECT_EQ(1, rl_isolation_diff(&before, &after, 3, 0x1fd, f));
	after.pe[3].flags = EEH_PE_PRI_BUS;	/* not a recovery flag */
	EXPECT_EQ(0, rl_isolation_diff(&before, &after, 3, 0x1fd, f));
	after.pe[3].flags = 0;
	/* the parent above it is no child: it must not change */
	after.pe[1].flags = EEH_PE_ISOLATED;
	/* nor the same PE number on another PHB */
	after.pe[6].freeze_count = 1;
	EXPECT_EQ(2, rl_isolation_diff(&before, &after, 3, 0x1fd, f));
	after.pe[1].flags = 0;
	after.pe[6].freeze_count = 0;
	/* a child gone */
	after.npe = 4;
	after.pe[3] = after.pe[5];	/* (PHB 0001's root, out of the way) */
	EXPECT_EQ(3, rl_isolation_diff(&before, &after, 3, 0x1fd, f));
	/* freezing the leaf: the PEs above are not its children */
	EXPECT_EQ(0, rl_isolation_diff(&before, &before, 3, 0x1fb, f));
	fclose(f);
	HAS("cascade: PHB 0003 PE 0x1fc (under PE 0x1fd) not back to normal: state 0, "
	    "flags 0x00000001\n");
	HAS("cascade: PHB 0003 PE 0x1fb (under PE 0x1fd) not back to normal: state 5, "
	    "flags 0x00000000\n");
	HAS("cascade: PHB 0003 PE 0x1fc (under PE 0x1fd) not back to normal: state 0, "
	    "flags 0x00000400\n");
	HAS("isolation: PHB 0003 PE 0x1fe changed: state 0 -> 0, flags 0x00000000 -> "
	    "0x00000001, freezes 0 -> 0\n");
	HAS("isolation: PHB 0001 PE 0x1fc changed:");
	HAS("cascade: PHB 0003 PE 0x1fc (under PE 0x1fd) is gone\n");
	HAS("cascade: PHB 0003 PE 0x1fb (under PE 0x1fd) is gone\n");
	HAS("isolation: PHB 0001 PE 0x1fc is gone\n");
	rl_free(&before);
	rl_free(&after);
	free(out_text);
}

TEST(permanent_failure)
{
	struct rl_pe now = { .domain = 2, .addr = 0xfd, .type = EEHLAB_REAL_PE_TYPE_DEVICE,
			     .flags = EEH_PE_REMOVED | EEH_PE_PRI_BUS | EEH_PE_ISOLATED |
				      EEH_PE_RECOVERING, .freeze_count = 6 };
	struct rl_dev dev = { .domain = 2, .bdf = "0002:01:00.0", .pe = 1 };
	struct rl_dev other = { .domain = 2, .bdf = "0002:00:00.0", .pe = 0 };
	struct rl_list before;
	size_t size = 0;
	FILE *f;

	two_phbs(&before);
	ASSERT_EQ(0, rl_add_dev(&before, &other));
	ASSERT_EQ(0, rl_add_dev(&before, &dev));
	f = open_memstream(&out_text, &size);
	ASSERT_NOT_NULL(f);
	rl_print_permanent(2, 0xfd, &now, &before, 1, 13, f);
	rl_print_permanent(2, 0xfd, NULL, NULL, -1, 250, f);
	fclose(f);
	HAS("permanent failure: PE 0xfd permanently failed: device removed (PHB 0002 PE "
	    "0xfd marked removed after 13 ms, flags 0x00000c03, freezes 6); its "
	    "functions were 0002:01:00.0\n");
	HAS("permanent failure: PE 0xfd permanently failed: device removed (PHB 0002 PE "
	    "0xfd gone from the EEH core after 250 ms)\n");
	HASNT("0002:00:00.0");
	rl_free(&before);
	free(out_text);
}

TEST(printed_result)
{
	struct rl_inject r = { .domain = 0, .pe_addr = 0x1fd, .kind = EEHLAB_REAL_FREEZE_BOTH,
			       .got = true, .pesta = 0x8000000000000000ULL,
			       .pestb = 0x8000000000000000ULL, .peev = 0x4ULL,
			       .detected = true, .bdf = "0000:01:00.0" };
	size_t size = 0;
	FILE *f = open_memstream(&out_text, &size);

	ASSERT_NOT_NULL(f);
	rl_print_inject(&r, f);
	r.detected = false;
	r.kind = EEHLAB_REAL_FREEZE_MMIO;
	rl_print_inject(&r, f);
	fclose(f);
	HAS("injected: PHB 0000 PE 0x1fd, emulated freeze both: PESTA 0x8000000000000000 "
	    "PESTB 0x8000000000000000 PEEV[7] 0x0000000000000004\n"
	    "eeh_dev_check_failure(0000:01:00.0): reported the freeze, recovery queued\n");
	HAS("emulated freeze mmio:");
	HAS("eeh_dev_check_failure(0000:01:00.0): did not report the freeze\n");
	free(out_text);
}

/* No module on a test machine: exit 2, the "not loaded" message. */
TEST(inject_without_module)
{
	struct rl_inject_opts o = { .domain = 0, .pe_addr = 0x1fd,
				    .kind = EEHLAB_REAL_FREEZE_BOTH, .timeout_ms = 1000 };
	struct rl_inject r = { .domain = 0, .pe_addr = 0x1fd, .kind = EEHLAB_REAL_FREEZE_BOTH };
	struct rl_list l = { 0 };
	struct eeh_msg m;
	int fd, rc = backend_kernel_real_list(&l, &m);

	rl_free(&l);
	if (!rc)
		SKIP("the eehlab module is loaded on this machine");
	/* its message to stderr, out of the test's output */
	fflush(stderr);
	fd = dup(2);
	ASSERT_TRUE(freopen("/dev/null", "w", stderr) != NULL);
	rc = inject_kernel(&o, stdout);
	fflush(stderr);
	dup2(fd, 2);
	close(fd);
	EXPECT_EQ(2, rc);
	EXPECT_EQ(-ENOENT, backend_kernel_real_inject(&r, &m));
	EXPECT_HAS(m.text, "module is not loaded");
	EXPECT_FALSE(r.got);
}

TEST(hw_function_argument)
{
	char err[256];
	uint32_t f = 99;

	ASSERT_EQ(0, rl_parse_hw_func("LD_CFG_ADDR", &f, err, sizeof(err)));
	EXPECT_EQ(EEH_ERR_FUNC_LD_CFG_ADDR, (int)f);
	ASSERT_EQ(0, rl_parse_hw_func("dma_rd_addr", &f, err, sizeof(err)));
	EXPECT_EQ(12, (int)f);
	ASSERT_EQ(0, rl_parse_hw_func("EEH_ERR_FUNC_LD_MEM_ADDR", &f, err, sizeof(err)));
	EXPECT_EQ(0, (int)f);
	/* numbers go through as they are: the kernel checks the range */
	ASSERT_EQ(0, rl_parse_hw_func("20", &f, err, sizeof(err)));
	EXPECT_EQ(20, (int)f);
	ASSERT_EQ(0, rl_parse_hw_func("0x8", &f, err, sizeof(err)));
	EXPECT_EQ(8, (int)f);
	EXPECT_EQ(-EINVAL, rl_parse_hw_func("LD_NOTHING", &f, err, sizeof(err)));
	EXPECT_HAS(err, "--hw 'LD_NOTHING': expected a function name");
	EXPECT_EQ(-EINVAL, rl_parse_hw_func("0x100000000", &f, err, sizeof(err)));
	EXPECT_HAS(err, "at most 0xffffffff");
	EXPECT_EQ(-EINVAL, rl_parse_hw_func("4x", &f, err, sizeof(err)));
	EXPECT_EQ(8, (int)f);
}

static int parse_args(struct rl_inject_opts *o, char *err, size_t len, const char *a0, ...)
{
	char *argv[24];
	int argc = 0;
	va_list ap;

	argv[argc++] = (char *)"inject";
	va_start(ap, a0);
	for (const char *a = a0; a && argc < 23; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	return rl_inject_parse(argc, argv, o, err, len);
}

TEST(hw_command_line)
{
	struct rl_inject_opts o;
	char err[256];

	ASSERT_EQ(0, parse_args(&o, err, sizeof(err), "--backend", "kernel", "--pe", "0:1fd",
				"--hw", "LD_CFG_ADDR", "--type", "1", "--addr", "0x100",
				"--mask", "0xff00", "--expect-firmware", "accepted",
				"--timeout", "3", NULL));
	EXPECT_TRUE(o.hw);
	EXPECT_EQ(0, (int)o.kind);
	EXPECT_EQ(4, (int)o.func);
	EXPECT_EQ(1, (int)o.type);
	EXPECT_EQ_U64(0x100, o.addr);
	EXPECT_EQ_U64(0xff00, o.mask);
	EXPECT_EQ(RL_FW_ACCEPTED, o.expect_fw);
	EXPECT_FALSE(o.expect_freeze);
	EXPECT_EQ(3000, (int)o.timeout_ms);
	ASSERT_EQ(0, parse_args(&o, err, sizeof(err), "--backend", "kernel", "--pe", "0:1fd",
				"--hw", "12", "--expect-firmware", "unsupported",
				"--expect-freeze", NULL));
	EXPECT_EQ(12, (int)o.func);
	EXPECT_EQ(0, (int)o.type);
	EXPECT_EQ(RL_FW_UNSUPPORTED, o.expect_fw);
	EXPECT_TRUE(o.expect_freeze);

	EXPECT_EQ(-EINVAL, parse_args(&o, err, sizeof(err), "--backend", "kernel", "--pe",
				      "0:1fd", "--hw", "4", "--freeze", "both", NULL));
	EXPECT_HAS(err, "--freeze and --hw exclude each other");
	EXPECT_EQ(-EINVAL, parse_args(&o, err, sizeof(err), "--backend", "kernel", "--pe",
				      "0:1fd", NULL));
	EXPECT_HAS(err, "--freeze mmio|dma|both or --hw FUNC is required");
	EXPECT_EQ(-EINVAL, parse_args(&o, err, sizeof(err), "--backend", "kernel", "--pe",
				      "0:1fd", "--freeze", "both", "--type", "1", NULL));
	EXPECT_STREQ("--type goes with --hw alone", err);
	EXPECT_EQ(-EINVAL, parse_args(&o, err, sizeof(err), "--backend", "kernel", "--pe",
				      "0:1fd", "--hw", "4", "--type", "2", NULL));
	EXPECT_HAS(err, "--type '2': expected 0 (32-bit) or 1 (64-bit)");
	EXPECT_EQ(-EINVAL, parse_args(&o, err, sizeof(err), "--backend", "kernel", "--pe",
				      "0:1fd", "--hw", "4", "--addr", "-1", NULL));
	EXPECT_HAS(err, "--addr '-1'");
	EXPECT_EQ(-EINVAL, parse_args(&o, err, sizeof(err), "--backend", "kernel", "--pe",
				      "0:1fd", "--hw", "4", "--expect-firmware", "refused", NULL));
	EXPECT_HAS(err, "expected accepted, parameter or unsupported");
}

TEST(firmware_answers)
{
	char buf[160];

	EXPECT_EQ(RL_FW_ACCEPTED, rl_fw_answer(0, false, 0, buf, sizeof(buf)));
	EXPECT_STREQ("accepted (OPAL_SUCCESS, 0)", buf);
	EXPECT_EQ(RL_FW_UNSUPPORTED, rl_fw_answer(-EIO, true, -7, buf, sizeof(buf)));
	EXPECT_STREQ("unsupported (OPAL_UNSUPPORTED, -7)", buf);
	EXPECT_EQ(RL_FW_PARAMETER, rl_fw_answer(-EIO, true, -1, buf, sizeof(buf)));
	EXPECT_STREQ("parameter (OPAL_PARAMETER, -1)", buf);
	EXPECT_EQ(RL_FW_ANY, rl_fw_answer(-EIO, true, -6, buf, sizeof(buf)));
	EXPECT_STREQ("refused (OPAL_HARDWARE, -6)", buf);
	EXPECT_EQ(RL_FW_ANY, rl_fw_answer(-EIO, false, 0, buf, sizeof(buf)));
	EXPECT_HAS(buf, "OPAL's code not found in the kernel log");
	EXPECT_EQ(RL_FW_ANY, rl_fw_answer(-EINVAL, false, 0, buf, sizeof(buf)));
	EXPECT_HAS(buf, "not asked: the kernel refused (eeh_pe_inject_err -22");
	EXPECT_EQ(RL_FW_ANY, rl_fw_answer(-ENXIO, false, 0, buf, sizeof(buf)));
	EXPECT_HAS(buf, "firmware has no OPAL_PCI_ERR_INJECT");
}

/* A recovery as Debian's 6.1 and 6.12 log it (the same lines in both) */
static const char *const e1000e_log[] = {
	"EEH: Recovering PHB#0-PE#1fd",
	"EEH: Frozen PHB#0-PE#1fd detected",
	"EEH: Notify device drivers to shutdown",
	"EEH: Beginning: 'error_detected(IO frozen)'",
	"PCI 0000:01:00.0#01fd: EEH: Invoking e1000e->error_detected(IO frozen)",
	"PCI 0000:01:00.0#01fd: EEH: e1000e driver reports: 'need reset'",
	/* another PHB's recovery at the same time: not this PE's */
	"PCI 0001:01:00.0#00fd: EEH: Invoking nvme->error_detected(IO frozen)",
	"EEH: Finished:'error_detected(IO frozen)' with aggregate recovery state:'need reset'",
	"EEH: Beginning: 'mmio_enabled'",
	/* no mmio_enabled handler called: its 'none' belongs to no call */
	"PCI 0000:01:00.0#01fd: EEH: e1000e driver reports: 'none'",
	"EEH: Beginning: 'slot_reset'",
	"PCI 0000:01:00.0#01fd: EEH: Invoking e1000e->slot_reset()",
	"PCI 0000:01:00.0#01fd: EEH: e1000e driver reports: 'recovered'",
	"EEH: Finished:'slot_reset' with aggregate recovery state:'recovered'",
	"EEH: Notify device driver to resume",
	"EEH: Beginning: 'resume'",
	"PCI 0000:01:00.0#01fd: EEH: Invoking e1000e->resume()",
	"PCI 0000:01:00.0#01fd: EEH: e1000e driver reports: 'none'",
	"EEH: Finished:'resume'",
	"EEH: Recovery successful.",
};

TEST(callbacks_from_the_log)
{
	uint32_t pes[] = { 0x1fd };
	struct rl_cbs *c = calloc(1, sizeof(*c));
	size_t size = 0, i;
	FILE *f;

	ASSERT_NOT_NULL(c);
	rl_cbs_init(c, 0, pes, 1);
	for (i = 0; i < sizeof(e1000e_log) / sizeof(e1000e_log[0]); i++)
		rl_cbs_feed(c, e1000e_log[i]);
	EXPECT_TRUE(c->frozen);
	EXPECT_TRUE(c->recovered);
	EXPECT_FALSE(c->permanent);
	EXPECT_FALSE(c->have_fw);
	ASSERT_EQ(1, c->nfn);
	EXPECT_EQ(3, c->fn[0].n);
	f = open_memstream(&out_text, &size);
	ASSERT_NOT_NULL(f);
	rl_cbs_print_fn(&c->fn[0], f);
	fclose(f);
	HAS("callbacks: 0000:01:00.0 e1000e: error_detected(frozen) -> need reset, "
	    "slot_reset -> recovered, resume\n");
	free(out_text);
	free(c);
}

TEST(callbacks_permanent_and_firmware)
{
	static const char *const log[] = {
		"pnv_eeh_err_inject: Failure -7 injecting error 0-0 to PHB#2-PE#fd",
		/* another PE's refusal */
		"pnv_eeh_err_inject: Failure -1 injecting error 0-2 to PHB#2-PE#fc",
		"EEH: Frozen PHB#2-PE#fd detected",
		"EEH: PHB#2-PE#fd has failed 6 times in the last hour and has been permanently disabled.",
		"EEH: Unable to recover from failure from PHB#2-PE#fd.",
		"Please try reseating or replacing it",
		"EEH: Beginning: 'error_detected(permanent failure)'",
		"PCI 0002:01:00.0#00fd: EEH: Invoking edu->error_detected(permanent failure)",
		"PCI 0002:01:00.0#00fd: EEH: edu driver reports: 'disconnect'",
		"EEH: Finished:'error_detected(permanent failure)'",
		/* an Invoking line with no answer after it */
		"PCI 0002:01:00.1#00fd: EEH: Invoking edu->error_detected(permanent failure)",
	};
	uint32_t pes[] = { 0xfd };
	struct rl_cbs *c = calloc(1, sizeof(*c));
	size_t size = 0, i;
	FILE *f;

	ASSERT_NOT_NULL(c);
	rl_cbs_init(c, 2, pes, 1);
	for (i = 0; i < sizeof(log) / sizeof(log[0]); i++)
		rl_cbs_feed(c, log[i]);
	EXPECT_TRUE(c->have_fw);
	EXPECT_EQ(-7, c->fw.rc);
	EXPECT_EQ(0, c->fw.func);
	EXPECT_TRUE(c->permanent);
	EXPECT_TRUE(c->failed);
	EXPECT_FALSE(c->recovered);
	ASSERT_EQ(2, c->nfn);
	f = open_memstream(&out_text, &size);
	ASSERT_NOT_NULL(f);
	rl_cbs_print_fn(&c->fn[0], f);
	rl_cbs_print_fn(&c->fn[1], f);
	fclose(f);
	HAS("callbacks: 0002:01:00.0 edu: error_detected(permanent failure) -> disconnect\n");
	HAS("callbacks: 0002:01:00.1 edu: error_detected(permanent failure) -> (no answer logged)\n");
	free(out_text);
	free(c);
}

/* ---- the module driver's REAL_CALLBACK events ---- */

/*
 * An event message as the module multicasts it (driver/eehlab_session.c):
 * EEHLAB_CMD_EVENT, the EEHLAB_A_EVENT nest; @pe, @state, @result -1 and
 * @bdf, @text NULL leave the attribute out.
 */
static struct nl_msg *event_msg(int cmd, u32 type, const char *bdf, int pe, int cb, int state,
				int result, const char *text)
{
	struct nl_msg *m = nlmsg_alloc();
	struct nlattr *n;

	if (!m)
		return NULL;
	if (!genlmsg_put(m, 0, 0, 0x1d, 0, 0, cmd, EEHLAB_GENL_VERSION))
		goto fail;
	n = nla_nest_start(m, EEHLAB_A_EVENT);
	if (!n || nla_put_u32(m, EEHLAB_A_EVENT_TYPE, type) ||
	    nla_put_u64(m, EEHLAB_A_EVENT_SEQ, 42) ||
	    (bdf && nla_put_string(m, EEHLAB_A_EVENT_BDF, bdf)) ||
	    nla_put_u32(m, EEHLAB_A_EVENT_PHB, 2) ||
	    (pe >= 0 && nla_put_u32(m, EEHLAB_A_EVENT_PE, pe)) ||
	    nla_put_u32(m, EEHLAB_A_EVENT_CALLBACK, cb) ||
	    (state >= 0 && nla_put_u32(m, EEHLAB_A_EVENT_STATE, state)) ||
	    (result >= 0 && nla_put_u32(m, EEHLAB_A_EVENT_RESULT, result)) ||
	    (text && nla_put_string(m, EEHLAB_A_EVENT_TEXT, text)))
		goto fail;
	nla_nest_end(m, n);
	return m;
fail:
	nlmsg_free(m);
	return NULL;
}

/* Decoded into @ev, and its line into @line */
static int event_line(struct nl_msg *m, struct kb_real_cb *ev, char *line, size_t len)
{
	int rc;

	if (!m)
		return -1;
	rc = backend_kernel_event_decode(nlmsg_hdr(m), ev);
	nlmsg_free(m);
	if (rc == 1)
		rl_event_format(ev, line, len);
	return rc;
}

TEST(event_decode_and_line)
{
	struct kb_real_cb ev;
	char line[256];

	ASSERT_EQ(1, event_line(event_msg(EEHLAB_CMD_EVENT, EEHLAB_EVENT_REAL_CALLBACK,
					  "0002:01:00.0", 0xfd, EEH_CB_ERROR_DETECTED,
					  EEH_IO_FROZEN, EEH_ERS_NEED_RESET, NULL),
				&ev, line, sizeof(line)));
	EXPECT_STREQ("0002:01:00.0", ev.bdf);
	EXPECT_EQ_U64(42, ev.seq);
	EXPECT_EQ(2, ev.domain);
	EXPECT_EQ(0xfd, ev.pe);
	EXPECT_EQ(EEH_CB_ERROR_DETECTED, ev.cb);
	EXPECT_EQ(EEH_IO_FROZEN, ev.state);
	EXPECT_EQ(EEH_ERS_NEED_RESET, ev.result);
	EXPECT_STREQ("", ev.text);
	EXPECT_STREQ("event: 0002:01:00.0 PE 0xfd error_detected(frozen) -> need reset", line);

	ASSERT_EQ(1, event_line(event_msg(EEHLAB_CMD_EVENT, EEHLAB_EVENT_REAL_CALLBACK,
					  "0002:01:00.0", 0xfd, EEH_CB_SLOT_RESET, -1,
					  EEH_ERS_RECOVERED, "identification register 0x010000ed"),
				&ev, line, sizeof(line)));
	EXPECT_EQ(-1, ev.state);
	EXPECT_STREQ("identification register 0x010000ed", ev.text);
	EXPECT_STREQ("event: 0002:01:00.0 PE 0xfd slot_reset -> recovered", line);

	/* resume answers nothing: no result, no "->" */
	ASSERT_EQ(1, event_line(event_msg(EEHLAB_CMD_EVENT, EEHLAB_EVENT_REAL_CALLBACK,
					  "0002:01:00.0", 0xfd, EEH_CB_RESUME, -1, -1,
					  "DMA verified after recovery: 4095 bytes, bus address 0x1000"),
				&ev, line, sizeof(line)));
	EXPECT_EQ(-1, ev.result);
	EXPECT_HAS(ev.text, "DMA verified after recovery");
	EXPECT_STREQ("event: 0002:01:00.0 PE 0xfd resume", line);

	/* no PE address known; a permanent failure; an unknown callback */
	ASSERT_EQ(1, event_line(event_msg(EEHLAB_CMD_EVENT, EEHLAB_EVENT_REAL_CALLBACK,
					  "0003:03:00.0", -1, EEH_CB_ERROR_DETECTED,
					  EEH_IO_PERM_FAILURE, EEH_ERS_DISCONNECT, NULL),
				&ev, line, sizeof(line)));
	EXPECT_EQ(-1, ev.pe);
	EXPECT_STREQ("event: 0003:03:00.0 error_detected(permanent failure) -> disconnect", line);
	ASSERT_EQ(1, event_line(event_msg(EEHLAB_CMD_EVENT, EEHLAB_EVENT_REAL_CALLBACK,
					  "0002:01:00.0", 0x1fd, 77, -1, -1, NULL),
				&ev, line, sizeof(line)));
	EXPECT_STREQ("event: 0002:01:00.0 PE 0x1fd callback 77", line);
}

TEST(event_decode_refuses)
{
	struct kb_real_cb ev;
	char line[8];

	memset(&ev, 0x5a, sizeof(ev));
	/* another event type: the model's driver callbacks of a session */
	EXPECT_EQ(0, event_line(event_msg(EEHLAB_CMD_EVENT, EEHLAB_EVENT_DRIVER_CALLBACK,
					  "0002:01:00.0", 0xfd, EEH_CB_RESUME, -1, -1, NULL),
				&ev, line, sizeof(line)));
	/* not an event */
	EXPECT_EQ(0, event_line(event_msg(EEHLAB_CMD_GET_VERSION, EEHLAB_EVENT_REAL_CALLBACK,
					  "0002:01:00.0", 0xfd, EEH_CB_RESUME, -1, -1, NULL),
				&ev, line, sizeof(line)));
	/* no BDF */
	EXPECT_EQ(0, event_line(event_msg(EEHLAB_CMD_EVENT, EEHLAB_EVENT_REAL_CALLBACK,
					  NULL, 0xfd, EEH_CB_RESUME, -1, -1, NULL),
				&ev, line, sizeof(line)));
	/* untouched by all three */
	EXPECT_EQ(0x5a, (unsigned char)ev.bdf[0]);
	EXPECT_EQ(0x5a5a5a5a, ev.cb);
}

TEST(event_line_truncated)
{
	struct kb_real_cb ev = { .bdf = "0002:01:00.0", .domain = 2, .pe = 0xfd,
				 .cb = EEH_CB_SLOT_RESET, .state = -1,
				 .result = EEH_ERS_RECOVERED };
	char line[16];
	int n = rl_event_format(&ev, line, sizeof(line));

	EXPECT_EQ((int)strlen("event: 0002:01:00.0 PE 0xfd slot_reset -> recovered"), n);
	EXPECT_STREQ("event: 0002:01:", line);
}
