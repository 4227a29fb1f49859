// SPDX-License-Identifier: GPL-2.0-only
/*
 * The executor end to end: scenarios given as strings run on the model
 * backend; the KTAP text and the exit codes are checked.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdlib.h>
#include "harness.h"
#include "output.h"
#include "exec.h"
#include "eehlab/inject.h"

/* A PHB4, two leaf PEs: nic (0000:01:00.0, PE 0:1fd), disk (0000:02:00.0, PE 0:1fc) */
#define TOPO \
	"phb 0 model=phb4\n" \
	"rootport rp0 phb=0\n" \
	"rootport rp1 phb=0\n" \
	"device nic parent=rp0 type=edu\n" \
	"device disk parent=rp1 type=edu\n"
#define TOPO_LINES 5


/* Parse and run @n scenarios (texts), named t1.eeh, t2.eeh, ...; the KTAP
 * is left in out_text. Returns runner_run's exit code. */
static int run_n(const char *const *texts, int n, const struct run_opts *o)
{
	struct scenario scs[8];
	char err[512], name[32];
	size_t len = 0;
	FILE *f;
	int i, rc;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "t%d.eeh", i + 1);
		if (sc_parse_string(name, texts[i], NULL, &scs[i], err, sizeof(err))) {
			printf("# parse error: %s\n", err);
			fflush(stdout);
			_exit(1);
		}
	}
	free(out_text);
	out_text = NULL;
	f = open_memstream(&out_text, &len);
	if (!f)
		_exit(1);
	rc = runner_run(scs, n, o, f);
	fclose(f);
	for (i = 0; i < n; i++)
		sc_free(&scs[i]);
	/* shown on failure only: the harness prints what the child printed */
	return rc;
}

static int run1(const char *text)
{
	struct run_opts o = { .backend = "model", .seed = 7 };

	return run_n(&text, 1, &o);
}


TEST(passing_scenario)
{
	int rc = run1(TOPO
		      "mmio-read nic off=0\n"
		      "expect value 0x010000ed\n"
		      "expect frozen none\n"
		      "cfg-read 0000:01:00.0 0\n"
		      "expect value 0x11e81234\n");

	EXPECT_EQ(rc, 0);
	HAS("KTAP version 1\n1..1\n");
	HAS("# eehlab ");
	HAS(", backend model, seed 7\n");
	HAS("    # Subtest: t1.eeh\n    1..7\n");
	HAS("    ok 1 line 1: phb 0 model=phb4\n");
	HAS("    ok 4 line 4: device nic parent=rp0 type=edu\n");
	HAS("    ok 6 line 6: mmio-read nic off=0\n");
	HAS("    ok 7 line 9: cfg-read 0000:01:00.0 0\n");
	HAS("\nok 1 t1.eeh\n");
	HAS("# Totals: pass:1 fail:0 xfail:0 xpass:0 skip:0 error:0\n");
	HASNT("not ok");
}

TEST(failing_expectation_names_everything)
{
	int rc = run1(TOPO
		      "mmio-write nic off=0x04 value=0x1234\n"
		      "mmio-read nic off=0x04\n"
		      "expect value 0xffffffff\n"
		      "mmio-read nic off=0x04\n");

	EXPECT_EQ(rc, 1);
	HAS("    # line 8: expect value 0xffffffff: saw 0xffffedcb "
	    "(device nic 0000:01:00.0, PE 0:1fd)\n"
	    "    not ok 7 line 7: mmio-read nic off=0x04\n");
	/* steps go on after a failed one */
	HAS("    ok 8 line 9: mmio-read nic off=0x04\n");
	HAS("\nnot ok 1 t1.eeh\n");
	HAS("# Totals: pass:0 fail:1 ");
}

TEST(requires_skip_with_reason)
{
	struct run_opts o = { .backend = "model" };
	const char *t[2] = {
		"requires real-phb\n" TOPO "mmio-read nic\n",
		"requires backend=kernel\n" TOPO "mmio-read nic\n",
	};
	int rc;

	rc = run_n(t, 2, &o);
	EXPECT_EQ(rc, 4);
	HAS("\nok 1 t1.eeh # SKIP requires real-phb: backend model has no real PHBs\n");
	HAS("\nok 2 t2.eeh # SKIP requires backend=kernel (running on backend model)\n");
	HASNT("Subtest");
	HAS("# Totals: pass:0 fail:0 xfail:0 xpass:0 skip:2 error:0\n");
}

TEST(requires_met_and_env)
{
	struct run_opts o = { .backend = "model" };
	const char *t[2] = {
		"requires backend=model data-path\n" TOPO "mmio-read nic\n",
		"requires env=EEHLAB_TEST_EXEC_UNSET_VAR\n" TOPO "mmio-read nic\n",
	};
	int rc;

	unsetenv("EEHLAB_TEST_EXEC_UNSET_VAR");
	rc = run_n(t, 2, &o);
	EXPECT_EQ(rc, 0);
	HAS("\nok 1 t1.eeh\n");
	HAS("\nok 2 t2.eeh # SKIP requires env=EEHLAB_TEST_EXEC_UNSET_VAR: "
	    "EEHLAB_TEST_EXEC_UNSET_VAR is not set\n");
	setenv("EEHLAB_TEST_EXEC_UNSET_VAR", "1", 1);
	rc = run_n(t, 2, &o);
	EXPECT_EQ(rc, 0);
	HAS("\nok 2 t2.eeh\n");
}

TEST(expect_error_match_and_mismatch)
{
	int rc = run1(TOPO
		      "inject 0:1ff func=LD_MEM_ADDR\n"		/* line 6 */
		      "expect error EINVAL message=\"reserved PE\"\n"
		      "inject 0:1ff func=LD_MEM_ADDR\n"		/* line 8 */
		      "expect error erange\n"
		      "inject 0:1ff func=LD_MEM_ADDR\n"		/* line 10 */
		      "expect error EINVAL message=\"no such words\"\n"
		      "mmio-read nic\n"				/* line 12 */
		      "expect error EINVAL\n"
		      "inject 0:1ff func=LD_MEM_ADDR\n");		/* line 14 */

	EXPECT_EQ(rc, 1);
	HAS("    ok 6 line 6: inject 0:1ff func=LD_MEM_ADDR\n");
	HAS("    # line 9: expect error erange: saw EINVAL: PE#1ff is the reserved PE\n"
	    "    not ok 7 line 8: inject 0:1ff func=LD_MEM_ADDR\n");
	HAS("    # line 11: expect error EINVAL message=\"no such words\": saw EINVAL with message "
	    "\"PE#1ff is the reserved PE\"\n");
	HAS("    # line 13: expect error EINVAL: saw success (device nic 0000:01:00.0, PE 0:1fd)\n");
	/* no expect error: the refusal fails the step */
	HAS("    # line 14: inject 0:1ff func=LD_MEM_ADDR: failed: EINVAL: PE#1ff is the reserved PE\n"
	    "    not ok 10 line 14: inject 0:1ff func=LD_MEM_ADDR\n");
}

TEST(implicit_and_explicit_enumerate)
{
	struct run_opts o = { .backend = "model" };
	const char *t[2] = {
		TOPO "cfg-read nic 0\nexpect value 0x11e81234\n",
		TOPO "enumerate\ncfg-read 01:00.0 0\nexpect value 0x11e81234\n",
	};

	EXPECT_EQ(run_n(t, 2, &o), 0);
	HAS("    ok 6 line 6: cfg-read nic 0\n");
	HAS("    ok 6 line 6: enumerate\n    ok 7 line 7: cfg-read 01:00.0 0\n");
}

TEST(implicit_enumerate_failure_skips_the_rest)
{
	int rc = run1("wait 1s\nrecover\nwait 2s\n");

	EXPECT_EQ(rc, 1);
	HAS("    # line 1: wait 1s: implicit enumerate failed: ENODEV: no PHB to enumerate\n"
	    "    not ok 1 line 1: wait 1s\n");
	HAS("    ok 2 line 2: recover # SKIP setup failed at line 1\n");
	HAS("    ok 3 line 3: wait 2s # SKIP setup failed at line 1\n");
}

TEST(topology_failure_skips_the_rest)
{
	int rc = run1("phb 0 model=phb4\n"
		      "rootport rp0 phb=0\n"
		      "device nic parent=rp0 type=plain bar32=5000\n"
		      "rootport rp1 phb=0\n"
		      "mmio-read nic\n");

	EXPECT_EQ(rc, 1);
	HAS("    not ok 3 line 3: device nic parent=rp0 type=plain bar32=5000\n");
	HAS("    # line 3: device nic parent=rp0 type=plain bar32=5000: failed: EINVAL: ");
	HAS("    ok 4 line 4: rootport rp1 phb=0 # SKIP setup failed at line 3\n");
	HAS("    ok 5 line 5: mmio-read nic # SKIP setup failed at line 3\n");
	HAS("\nnot ok 1 t1.eeh\n");
}

TEST(topology_refusal_expected_goes_on)
{
	int rc = run1("phb 0 model=phb4\n"
		      "rootport rp0 phb=0\n"
		      "device nic parent=rp0 type=plain bar32=5000\n"
		      "expect error EINVAL message=\"power of two\"\n"
		      "device nic2 parent=rp0 type=edu\n"
		      "mmio-read nic2\n"
		      "expect value 0x010000ed\n");

	EXPECT_EQ(rc, 0);
	HAS("    ok 5 line 6: mmio-read nic2\n");
}

TEST(memory_unchanged_detects_a_change)
{
	int rc = run1(TOPO
		      "buffer src size=4K fill=0xa5\n"			/* 6 */
		      "buffer dst size=4K\n"				/* 7 */
		      "map nic ioba=0x1000 host=src\n"			/* 8 */
		      "map nic ioba=0x2000 host=dst\n"			/* 9 */
		      "dma nic ioba=0x1000 len=128 dir=to-device\n"	/* 10 */
		      "expect dma ok\n"
		      "expect memory src unchanged\n"
		      "dma nic ioba=0x2000 len=128 dir=to-ram\n"	/* 13 */
		      "expect dma ok\n"
		      "expect memory dst unchanged\n"			/* 15: fails */
		      "expect memory dst len=128 pattern=0xa5\n"
		      "expect memory dst+128 bytes=0000\n"
		      "freeze nic\n"					/* 18 */
		      "dma nic ioba=0x2000 len=8 dir=to-ram start=device\n"	/* 19 */
		      "expect dma blocked\n"
		      "expect memory dst unchanged\n"
		      "dma nic ioba=0x2000 len=8 dir=to-ram\n"		/* 22 */
		      "expect dma not-started\n"
		      "expect counter nic dma-blocked=1 stores-dropped=4\n");

	EXPECT_EQ(rc, 1);
	HAS("    ok 10 line 10: dma nic ioba=0x1000 len=128 dir=to-device\n");
	HAS("    # line 15: expect memory dst unchanged: 128 of 4096 bytes differ, first at "
	    "dst+0x0 (");
	HAS("): saw 0xa5, expected 0x00 (device nic 0000:01:00.0, PE 0:1fd)\n"
	    "    not ok 11 line 13: dma nic ioba=0x2000 len=128 dir=to-ram\n");
	HASNT("line 16:");
	HASNT("line 17:");
	HAS("    ok 13 line 19: dma nic ioba=0x2000 len=8 dir=to-ram start=device\n");
	HAS("    ok 14 line 22: dma nic ioba=0x2000 len=8 dir=to-ram\n");
}

TEST(frozen_exact_set)
{
	int rc = run1(TOPO
		      "freeze nic\n"			/* 6 */
		      "expect frozen nic disk\n"
		      "expect frozen none\n"
		      "expect frozen 0:1fd\n"
		      "expect frozen nic\n"
		      "expect state nic frozen\n"
		      "expect state disk normal\n"
		      "freeze disk which=dma\n"		/* 13 */
		      "expect frozen disk nic\n"
		      "expect state disk dma-frozen\n");

	EXPECT_EQ(rc, 1);
	HAS("    # line 7: expect frozen nic disk: saw frozen: 0:1fd (nic); expected: "
	    "0:1fc (disk) 0:1fd (nic) (device nic 0000:01:00.0, PE 0:1fd)\n");
	HAS("    # line 8: expect frozen none: saw frozen: 0:1fd (nic); expected: none ");
	HASNT("line 9:");
	HASNT("line 10:");
	HASNT("line 11:");
	HASNT("line 12:");
	HAS("    ok 7 line 13: freeze disk which=dma\n");
}

TEST(callbacks_and_result)
{
	int rc = run1(TOPO
		      "driver nic error_detected=can_recover\n"	/* 6 */
		      "freeze nic\n"				/* 7 */
		      "check nic\n"				/* 8 */
		      "expect callbacks nic none\n"
		      "recover\n"				/* 10 */
		      "expect callbacks nic \"error_detected(frozen) mmio_enabled resume\"\n"
		      "expect callbacks disk none\n"
		      "expect result nic recovered path=thaw resets=0\n"
		      "expect frozen none\n"
		      "freeze nic\n"				/* 15 */
		      "check nic\n"				/* 16 */
		      "recover\n"				/* 17 */
		      "expect callbacks nic error_detected(frozen) slot_reset resume\n"
		      "expect result nic recovered path=reset\n"
		      "expect freezes nic 2\n");

	EXPECT_EQ(rc, 1);
	HAS("    ok 9 line 10: recover\n");
	HAS("    # line 18: expect callbacks nic error_detected(frozen) slot_reset resume: "
	    "saw \"error_detected(frozen) mmio_enabled resume\"; expected "
	    "\"error_detected(frozen) slot_reset resume\" (device nic 0000:01:00.0, PE 0:1fd)\n");
	HAS("    # line 19: expect result nic recovered path=reset: saw recovered path=thaw resets=0 (");
	HASNT("line 20:");
	HAS("    not ok 12 line 17: recover\n");
}

TEST(inject_firmware_diag)
{
	int rc = run1(TOPO
		      "inject nic func=LD_MEM_ADDR type=0\n"	/* 6 */
		      "expect firmware unsupported\n"
		      "mmio-read nic off=0x04\n"		/* 8 */
		      "expect value 0xffffffff\n"
		      "expect frozen nic\n"
		      "expect diag nic cause=inject func=LD_MEM_ADDR severity=pe\n"
		      "expect diag nic func=ST_MEM_ADDR\n"
		      "recover\n"				/* 13 */
		      "expect result nic recovered path=reset resets=1\n"
		      "expect present nic yes\n"
		      "expect firmware accepted\n");

	EXPECT_EQ(rc, 1);
	HAS("    ok 6 line 6: inject nic func=LD_MEM_ADDR type=0\n");
	HAS("    # line 12: expect diag nic func=ST_MEM_ADDR: saw cause=inject func=LD_MEM_ADDR "
	    "severity=pe (");
	HASNT("line 11:");
	HASNT("line 14:");
	HAS("    # line 16: expect firmware accepted: saw unsupported\n");
}

TEST(unresolved_device_is_a_step_failure)
{
	int rc = run1(TOPO
		      "mmio-read 0000:07:00.0\n"		/* 6 */
		      "cfg-read 03:00.0 0\n"			/* 7 */
		      "expect error ENODEV message=\"no device at\"\n"
		      "check 0007:01:00.0\n"			/* 9 */
		      "expect present disk yes\n");

	EXPECT_EQ(rc, 1);
	HAS("    # line 6: mmio-read 0000:07:00.0: failed: ENODEV: no device at 0000:07:00.0\n"
	    "    not ok 6 line 6: mmio-read 0000:07:00.0\n");
	HAS("    ok 7 line 7: cfg-read 03:00.0 0\n");
	HAS("    # line 9: check 0007:01:00.0: failed: ENODEV: ");
}

TEST(random_fill_is_deterministic)
{
	const char *t = TOPO
		"buffer r size=64 fill=random\n"
		"expect memory r bytes=00000000000000000000000000000000\n";
	struct run_opts o = { .backend = "model", .seed = 42 };
	char *first;
	int rc;

	rc = run_n(&t, 1, &o);
	EXPECT_EQ(rc, 1);
	HAS("differ");
	first = strdup(out_text);
	rc = run_n(&t, 1, &o);
	EXPECT_STREQ(first, out_text);
	o.seed = 43;
	rc = run_n(&t, 1, &o);
	EXPECT_TRUE(strcmp(first, out_text) != 0);
	free(first);
}

TEST(unknown_backend)
{
	struct run_opts o = { .backend = "nonesuch" };
	const char *t = TOPO;

	EXPECT_EQ(run_n(&t, 1, &o), 2);
	EXPECT_TRUE(runner_backend_known("model"));
	EXPECT_FALSE(runner_backend_known("nonesuch"));
	EXPECT_STREQ(runner_backends[0], "model");
	EXPECT_STREQ(runner_backends[1], "kernel");
	EXPECT_STREQ(runner_backends[2], "host");
	EXPECT_TRUE(runner_backends[3] == NULL);
}

TEST(windows_and_dma_faults)
{
	int rc = run1(TOPO
		      "buffer b size=64K fill=0x5a\n"				/* 6 */
		      "window disk which=64 page=64K size=1G levels=2\n"	/* 7 */
		      "map disk which=64 ioba=0x0800000000000000 host=b len=64K perm=r\n"	/* 8 */
		      "dma disk ioba=0x0800000000000000 len=128 dir=to-device\n"	/* 9 */
		      "expect dma ok\n"
		      "dma disk ioba=0x0800000000000000 len=128 dir=to-ram\n"	/* 11 */
		      "expect dma fault cause=read-only\n"
		      "expect memory b unchanged\n"
		      "expect frozen disk\n"
		      "expect diag disk cause=read-only\n"
		      "window disk which=64\n"					/* 16 */
		      "expect error EEXIST\n"
		      "unmap nic ioba=0x1000\n"					/* 18 */
		      "expect error ENOENT\n");

	EXPECT_EQ(rc, 0);
	HASNT("not ok");
}

TEST(all_scenarios_in_one_run)
{
	struct run_opts o = { .backend = "model" };
	const char *t[3] = {
		TOPO "mmio-read nic\n",
		"requires real-phb\n" TOPO,
		TOPO "mmio-read nic\nexpect value 1\n",
	};

	EXPECT_EQ(run_n(t, 3, &o), 1);
	HAS("KTAP version 1\n1..3\n");
	HAS("\nok 1 t1.eeh\n");
	HAS("\nok 2 t2.eeh # SKIP ");
	HAS("\nnot ok 3 t3.eeh\n");
	HAS("# Totals: pass:1 fail:1 xfail:0 xpass:0 skip:1 error:0\n");
}

TEST(config_read_detects_like_the_kernel)
{
	int rc = run1(TOPO
		      "freeze nic\n"				/* 6 */
		      "cfg-read nic 0\n"			/* 7 */
		      "expect value 0xffffffff\n"
		      "expect sysfs nic \"0x00000000 0x00000001\"\n"
		      "recover\n"				/* 10 */
		      "expect result nic recovered path=reset resets=1\n"
		      "cfg-read nic 0\n"			/* 12 */
		      "expect value 0x11e81234\n");

	EXPECT_EQ(rc, 0);
	HASNT("not ok");
}

TEST(removed_device_refuses_steps)
{
	int rc = run1(TOPO
		      "driver nic error_detected=disconnect\n"	/* 6 */
		      "freeze nic\n"				/* 7 */
		      "check nic\n"				/* 8 */
		      "recover\n"				/* 9 */
		      "expect result nic perm-failure\n"
		      "expect present nic no\n"
		      "expect callbacks nic \"error_detected(frozen) error_detected(perm_failure) remove\"\n"
		      "mmio-read nic\n"				/* 13 */
		      "expect error ENODEV message=\"was removed\"\n"
		      "inject 0:1fd func=LD_CFG_ADDR\n"		/* 15: the PE is still there */
		      "expect firmware accepted\n"
		      "mmio-read nic\n");			/* 17 */

	EXPECT_EQ(rc, 1);
	HAS("    ok 9 line 9: recover\n");
	HAS("    ok 10 line 13: mmio-read nic\n");
	HAS("    ok 11 line 15: inject 0:1fd func=LD_CFG_ADDR\n");
	HAS("    # line 17: mmio-read nic: failed: ENODEV: nic (0000:01:00.0) was removed "
	    "(device nic 0000:01:00.0, PE 0:1fd)\n    not ok 12 line 17: mmio-read nic\n");
}

TEST(result_of_a_pe_recovered_with_its_parent)
{
	int rc = run1("phb 0 model=phb4\n"
		      "rootport rp0 phb=0\n"
		      "switch sw parent=rp0 ports=2\n"
		      "device a parent=sw.0 type=edu\n"
		      "device b parent=sw.1 type=edu\n"
		      "freeze sw\n"				/* 6 */
		      "expect frozen sw sw.0 a b\n"
		      "check a\n"				/* 8 */
		      "recover\n"				/* 9 */
		      "expect result a recovered path=reset\n"
		      "expect result b recovered resets=2\n");

	EXPECT_EQ(rc, 1);
	HAS("    # line 11: expect result b recovered resets=2: saw recovered path=reset resets=1 "
	    "(the event of PE 0:1fd: ");
	HASNT("line 7:");
	HASNT("line 10:");
}

TEST(verbose_model_log)
{
	struct run_opts o = { .backend = "model", .verbose = true };
	const char *t = TOPO "freeze nic\n";

	EXPECT_EQ(run_n(&t, 1, &o), 0);
	HAS("    # model: PHB#0000 PE#1fd frozen: freeze at 0x0\n    ok 6 line 6: freeze nic\n");
	o.verbose = false;
	EXPECT_EQ(run_n(&t, 1, &o), 0);
	HASNT("# model:");
}

static int cause_index(const char *name)
{
	int i;

	for (i = 0; i < EEH_CAUSE__COUNT; i++)
		if (!strcmp(eeh_cause_name(i), name))
			return i;
	return -1;
}

static const char *const *arg_choices(enum kw_kind kind, const char *kw, const char *arg)
{
	const struct keyword *k = kw_lookup(kind, kw);
	int i;

	if (!k)
		return NULL;
	for (i = 0; i < KW_MAX_ARGS && k->args[i].name; i++)
		if (!strcmp(k->args[i].name, arg))
			return k->args[i].choices;
	return NULL;
}

/* The language's words are the engine's names: one spelling, no drift. */
TEST(keyword_choices_are_engine_names)
{
	const char *const *c;
	int i;

	c = arg_choices(KW_EXPECT, "dma", "cause");
	ASSERT_NOT_NULL(c);
	for (i = 0; c[i]; i++)
		EXPECT_STREQ(c[i], eeh_cause_name(i + 1));
	EXPECT_EQ(i, EEH_CAUSE__COUNT - 1);
	c = arg_choices(KW_EXPECT, "diag", "cause");
	ASSERT_NOT_NULL(c);
	for (i = 0; c[i]; i++)
		EXPECT_STREQ(c[i], eeh_cause_name(i + 1));
	c = arg_choices(KW_EXPECT, "state", "state");
	ASSERT_NOT_NULL(c);
	for (i = 0; c[i]; i++)
		EXPECT_STREQ(c[i], eeh_fw_state_name(i));
	EXPECT_EQ(i, EEH_FW_PERM_UNAVAIL + 1);
	c = arg_choices(KW_EXPECT, "firmware", "answer");
	ASSERT_NOT_NULL(c);
	EXPECT_STREQ(c[0], eeh_fw_answer_name(EEH_FW_ACCEPTED));
	EXPECT_STREQ(c[1], eeh_fw_answer_name(EEH_FW_PARAMETER));
	EXPECT_STREQ(c[2], eeh_fw_answer_name(EEH_FW_UNSUPPORTED));
	c = arg_choices(KW_STEP, "dma-fault", "cause");
	ASSERT_NOT_NULL(c);
	for (i = 0; c[i]; i++)
		EXPECT_GE(cause_index(c[i]), EEH_CAUSE_DMA_INVALID_TCE);
}

/* ---- guests and the TCE hypercalls ---- */

#define GUEST_SETUP \
	"guest vm1\n" \
	"slot vm1 gpa=0 size=16M page=64K prereg\n" \
	"assign nic guest=vm1\n"

TEST(guest_scenario_end_to_end)
{
	int rc = run1(TOPO GUEST_SETUP
		      "h-put-tce vm1 nic ioba=0x0 gpa=0x100000\n"
		      "expect hcall H_SUCCESS tier=virt\n"
		      "h-put-tce vm1 nic ioba=0x1000 gpa=0x200000 perm=rw\n"
		      "expect hcall H_SUCCESS tier=real\n"
		      "h-get-tce vm1 nic ioba=0x1000\n"
		      "expect tce 0x200003\n"
		      "guest-write vm1 gpa=0x100000 len=4K pattern=0x5a\n"
		      "dma nic ioba=0x0 len=4K dir=to-device\n"
		      "expect dma ok\n"
		      "dma nic ioba=0x1000 len=4K dir=to-ram\n"
		      "expect dma ok\n"
		      "expect guest-memory vm1 gpa=0x200000 len=4K pattern=0x5a\n"
		      "expect tiers vm1 real=2 virt=1 user=0 pins=0\n"
		      "freeze nic\n"
		      "guest-eeh nic op=get-state\n"
		      "expect guest-state stopped-io-dma\n"
		      "guest-eeh nic op=reset-hot\n"
		      "guest-eeh nic op=reset-deactivate\n"
		      "guest-eeh nic op=configure\n"
		      "expect guest-state normal pe=nic\n"
		      "release nic\n");

	if (rc)
		dump();
	EXPECT_EQ(rc, 0);
	HAS("# PE 0:1fd assigned to vm1: 32-bit window LIOBN 0x800003fa\n");
	HAS("\nok 1 t1.eeh\n");
}

TEST(failing_hcall_expectation)
{
	int rc = run1(TOPO GUEST_SETUP
		      "h-put-tce vm1 nic ioba=0x1800 gpa=0x100000\n"
		      "expect hcall H_SUCCESS\n"
		      "h-put-tce vm1 liobn=0x1234 ioba=0x0 gpa=0x100000\n"
		      "expect hcall H_PARAMETER tier=real\n"
		      "h-get-tce vm1 nic ioba=0x0\n"
		      "expect tce 0x100003\n");

	EXPECT_EQ(rc, 1);
	HAS("# line 10: expect hcall H_SUCCESS: saw H_PARAMETER tier=real (device nic 0000:01:00.0, PE 0:1fd)\n");
	HAS("not ok 9 line 9: h-put-tce vm1 nic ioba=0x1800 gpa=0x100000\n");
	HAS("# line 12: expect hcall H_PARAMETER tier=real: saw H_PARAMETER tier=user\n");
	HAS("# line 14: expect tce 0x100003: saw 0x0");
}

TEST(unexpected_hcall_refusal_fails_the_step)
{
	int rc = run1(TOPO GUEST_SETUP
		      "h-put-tce vm1 nic ioba=0x0 gpa=0x4000000\n");

	EXPECT_EQ(rc, 1);
	HAS("the hypercall answered H_PARAMETER (tier real)");
	HAS("not ok 9 line 9: h-put-tce");
}

TEST(invariant_violation_fails_the_step)
{
	int rc = run1(TOPO GUEST_SETUP
		      "buffer hostbuf size=4K\n"
		      "map nic ioba=0x2000 host=hostbuf\n"
		      "mmio-read disk\n");

	EXPECT_EQ(rc, 1);
	HAS("# line 10: map nic ioba=0x2000 host=hostbuf: isolation invariant violated: TCE 0x2 (bus 0x2000, LIOBN 0x800003fa) of guest 1's PHB#0000 PE#1fd maps host page");
	HAS("which belongs to the host");
	HAS("not ok 10 line 10: map nic");
	/* the next step checks again: the table still holds the bad TCE */
	HAS("not ok 11 line 11: mmio-read disk");

	rc = run1(TOPO GUEST_SETUP
		  "buffer hostbuf size=4K\n"
		  "map nic ioba=0x2000 host=hostbuf\n"
		  "expect violation message=\"belongs to the host\"\n"
		  "unmap nic ioba=0x2000\n"
		  "mmio-read disk\n"
		  "expect violation\n");
	EXPECT_EQ(rc, 1);
	HAS("    ok 10 line 10: map nic");
	HAS("    ok 11 line 12: unmap nic");
	HAS("# line 14: expect violation: saw no violation: the invariants held");
}

TEST(guest_memory_unchanged_and_refusals)
{
	int rc = run1(TOPO GUEST_SETUP
		      "h-put-tce vm1 nic ioba=0x0 gpa=0x100000\n"
		      "guest-write vm1 gpa=0x100000 len=4K pattern=0x11\n"
		      "dma nic ioba=0x0 len=64 dir=to-ram\n"
		      "expect guest-memory vm1 gpa=0x100000 len=64 unchanged\n"
		      "assign nic guest=vm1\n"
		      "expect error EBUSY message=\"already assigned\"\n"
		      "guest-eeh disk op=get-state\n"
		      "expect error EPERM\n"
		      "expect guest-state normal\n");

	EXPECT_EQ(rc, 1);
	HAS("expect guest-memory vm1 gpa=0x100000 len=64 unchanged: 64 of 64 bytes differ, first at gpa 0x100000: saw 0x00, expected 0x11");
	HAS("    ok 12 line 13: assign nic guest=vm1");
	HAS("expect guest-state normal: saw no state");
}

/* Two vCPUs: the race's tallies print as a measurement; what fails it */
#define RACE_PUT_STUFF \
	"race rounds=50\n" \
	"h-put-tce vm1 nic ioba=0x8000 gpa=0x100000\n" \
	"h-stuff-tce vm1 nic ioba=0x0 tce=0 count=64\n"

TEST(race_is_judged_and_measured)
{
	int rc = run1(TOPO GUEST_SETUP RACE_PUT_STUFF
		      "expect race serial a=H_SUCCESS b=H_SUCCESS\n");

	if (rc == 4)
		SKIP("one CPU: the race cannot run here");
	if (rc)
		dump();
	EXPECT_EQ(rc, 0);
	HAS("# measured: race of line 9: 50 rounds: A;B ");
	/* a wrong expectation of an answer alone fails, naming it */
	rc = run1(TOPO GUEST_SETUP RACE_PUT_STUFF "expect race serial a=H_PARAMETER\n");
	EXPECT_EQ(rc, 1);
	HAS("expect race serial a=H_PARAMETER: A alone answered H_SUCCESS");
	/* no race in the step */
	rc = run1(TOPO GUEST_SETUP "h-put-tce vm1 nic ioba=0x0 gpa=0x100000\n"
		  "expect race serial\n");
	EXPECT_EQ(rc, 1);
	HAS("saw no race: the step ended none");
}

TEST(race_with_one_cpu_skips_its_scenario)
{
	cpu_set_t one;
	int rc;

	CPU_ZERO(&one);
	CPU_SET(sched_getcpu(), &one);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(one), &one));
	rc = run1(TOPO GUEST_SETUP RACE_PUT_STUFF "expect race serial\n"
		  "h-get-tce vm1 nic ioba=0x0\n");
	EXPECT_EQ(rc, 4);
	HAS("ok 11 line 11: h-stuff-tce vm1 nic ioba=0x0 tce=0 count=64 # SKIP "
	    "race: one CPU to run on: the two vCPU threads cannot run at once");
	HAS("# SKIP line 11 cannot run here");
	HAS("ok 1 t1.eeh # SKIP race: one CPU to run on");
}
