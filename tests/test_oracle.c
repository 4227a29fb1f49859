// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: eehlab-oracle (kvm/oracle.c). The script replayed on the
 * model, eehlab-vmm's KTAP read back (canned here, in the format of
 * kvm/main.c), the comparison call by call, the table, and every way the
 * comparison cannot be made (a call without its line, another script's
 * output, a skipped run, a bail-out).
 */
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "../kvm/oracle.h"
#include "../kvm/utce.h"

/* a shortened tce.vmm: both windows, accepted and refused calls */
static const char script[] =
	"window 0x1000 0x100000 in-kernel\n"
	"window 0x2000 0x100000 user\n"
	"h-put-tce 0x1000 0x0 0x100003 expect=H_SUCCESS by=kernel\n"
	"h-get-tce 0x1000 0x0 value=0x100003\n"
	"h-put-tce-indirect 0x1000 0x10000 0x200000 3 list=0x101003,0x102001,0x103002\n"
	"h-stuff-tce 0x1000 0x10000 0x0 2\n"
	"h-put-tce 0x1000 0x1001 0x100003\n"
	"h-put-tce 0x1000 0x100000 0x100003\n"
	"h-stuff-tce 0x1000 0x0 0x100003 1\n"
	"h-put-tce-indirect 0x1000 0x0 0x200008 1\n"
	"h-put-tce-indirect 0x1000 0x0 0x200000 513\n"
	"h-put-tce 0x1000 0x2000 0x2000003\n"
	"h-put-tce-indirect 0x1000 0x3000 0x202000 2 list=0x104003,0x4000003\n"
	"h-put-tce 0x3000 0x0 0x100003\n"
	"h-put-tce 0x2000 0x0 0x106003\n"
	"h-get-tce 0x2000 0x0\n"
	"h-stuff-tce 0x2000 0x0 0x3 1\n";

/* what eehlab-vmm printed for it (the lines as kvm/main.c writes them) */
static const char ktap[] =
	"KTAP version 1\n"
	"1..15\n"
	"# window 0x1000: 0x100000 bytes, 256 entries of 4 KiB, the kernel's (KVM_CREATE_SPAPR_TCE_64, table mmapped)\n"
	"# window 0x2000: 0x100000 bytes, 256 entries of 4 KiB, the VMM's\n"
	"ok 1 h-put-tce 0x1000 0x0 0x100003 # H_SUCCESS in the kernel (no exit), entry 0x0 = 0x100003 in the mmap, 542.648 us\n"
	"ok 2 h-get-tce 0x1000 0x0 # H_SUCCESS 0x100003 in the kernel (no exit), entry 0x0 = 0x100003 in the mmap, 40.1 us\n"
	"ok 3 h-put-tce-indirect 0x1000 0x10000 0x200000 3 # H_SUCCESS in the kernel (no exit), entries 0x10000.. = 0x101003 0x102001 0x103002 in the mmap, 407.031 us\n"
	"ok 4 h-stuff-tce 0x1000 0x10000 0x0 2 # H_SUCCESS in the kernel (no exit), entries 0x10000.. = 0x0 0x0 in the mmap, 40.000 us\n"
	"ok 5 h-put-tce 0x1000 0x1001 0x100003 # H_PARAMETER in the kernel (no exit), 40.953 us\n"
	"ok 6 h-put-tce 0x1000 0x100000 0x100003 # H_PARAMETER in the kernel (no exit), 40.953 us\n"
	"ok 7 h-stuff-tce 0x1000 0x0 0x100003 1 # H_PARAMETER in the kernel (no exit), entry 0x0 = 0x100003 unchanged in the mmap, 40.953 us\n"
	"ok 8 h-put-tce-indirect 0x1000 0x0 0x200008 1 # H_PARAMETER in the kernel (no exit), entry 0x0 = 0x100003 unchanged in the mmap, 40.953 us\n"
	"ok 9 h-put-tce-indirect 0x1000 0x0 0x200000 513 # H_PARAMETER in the kernel (no exit), 40.953 us\n"
	"ok 10 h-put-tce 0x1000 0x2000 0x2000003 # H_PARAMETER by the VMM (1 exit), entry 0x2000 = 0x0 unchanged in the mmap, 209.226 us\n"
	"ok 11 h-put-tce-indirect 0x1000 0x3000 0x202000 2 # H_PARAMETER by the VMM (1 exit), entries 0x3000.. = 0x0 0x0 unchanged in the mmap, 209.226 us\n"
	"ok 12 h-put-tce 0x3000 0x0 0x100003 # H_PARAMETER by the VMM (1 exit), LIOBN 0x3000 has no window, 100.000 us\n"
	"ok 13 h-put-tce 0x2000 0x0 0x106003 # H_SUCCESS by the VMM (1 exit), entry 0x0 = 0x106003 in the VMM's table, 100.000 us\n"
	"ok 14 h-get-tce 0x2000 0x0 # H_SUCCESS 0x106003 by the VMM (1 exit), entry 0x0 = 0x106003 in the VMM's table, 100.000 us\n"
	"ok 15 h-stuff-tce 0x2000 0x0 0x3 1 # H_PARAMETER by the VMM (1 exit), entry 0x0 = 0x106003 unchanged in the VMM's table, 100.000 us\n"
	"# the guest made 15 hypercalls in 18.517 ms (timebase 512000000 Hz)\n"
	"# Totals: pass:15 fail:0 skip:0\n";

static int load(struct oracle *o, const char *s, const char *k, char *err)
{
	err[0] = 0;
	if (oracle_load_script(o, "t.vmm", s, err, 512))
		return -1;
	if (oracle_kvm_parse(o, "t.ktap", k, err, 512))
		return -1;
	if (oracle_model_run(o, err, 512))
		return -1;
	oracle_compare(o);
	return 0;
}

/* the table as printed */
static char *table(const struct oracle *o, int model_only)
{
	static char *buf;
	size_t len;
	FILE *f;

	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	ASSERT_NOT_NULL(f);
	oracle_print(o, f, model_only);
	fclose(f);
	return buf;
}

TEST(model_answers_like_the_kernel_on_the_checks_it_makes)
{
	struct oracle o;
	char err[512];

	ASSERT_EQ(0, load(&o, script, ktap, err));
	EXPECT_STREQ("", err);
	ASSERT_EQ(15, o.ncalls);
	EXPECT_EQ(0, o.ndiff);
	/* the model: H_SUCCESS and H_PARAMETER where the kernel gave them */
	EXPECT_EQ(H_SUCCESS, o.calls[0].model_rc);
	EXPECT_EQ_U64(0x100003, o.calls[1].model_value);
	EXPECT_EQ(H_SUCCESS, o.calls[2].model_rc);
	EXPECT_EQ(H_PARAMETER, o.calls[4].model_rc);	/* unaligned IOBA */
	EXPECT_EQ(H_PARAMETER, o.calls[5].model_rc);	/* IOBA past the window */
	EXPECT_EQ(H_PARAMETER, o.calls[6].model_rc);	/* stuff with R/W */
	EXPECT_EQ(H_PARAMETER, o.calls[7].model_rc);	/* unaligned list */
	EXPECT_EQ(H_PARAMETER, o.calls[8].model_rc);	/* 513 */
	EXPECT_EQ(H_PARAMETER, o.calls[9].model_rc);	/* page outside memory */
	EXPECT_EQ(H_PARAMETER, o.calls[10].model_rc);	/* a list entry outside */
	EXPECT_EQ(H_PARAMETER, o.calls[11].model_rc);	/* no such LIOBN */
	EXPECT_EQ(1, o.calls[11].model_by_vmm);
	EXPECT_EQ_U64(0x106003, o.calls[13].model_value);
	EXPECT_EQ(1, o.calls[13].model_by_vmm);
	/* KVM's side, read back */
	EXPECT_EQ(1, o.calls[9].kvm_by_vmm);
	EXPECT_EQ(0, o.calls[8].kvm_by_vmm);
	EXPECT_EQ_U64(0x106003, o.calls[13].kvm_value);
	/*
	 * the model refuses a page outside guest memory in its first tier;
	 * KVM hands those on to the VMM: on the other side of the exit, the
	 * same answer (calls 10 and 11), not a difference
	 */
	EXPECT_EQ(2, o.nwhere);
	EXPECT_EQ(1, o.calls[9].where_differs);
	EXPECT_EQ(0, o.calls[9].differs);
	EXPECT_HAS(table(&o, 0), "15 calls, 0 differences\n");
	EXPECT_HAS(table(&o, 0),
		   "   5     7 H_PARAMETER kernel         H_PARAMETER kernel         same    h-put-tce 0x1000 0x1001 0x100003\n");
	EXPECT_HAS(table(&o, 0),
		   "  14    16 H_SUCCESS 0x106003 vmm     H_SUCCESS 0x106003 vmm     same    h-get-tce 0x2000 0x0\n");
	EXPECT_TRUE(strstr(table(&o, 0), "DIFFERS") == NULL);
	oracle_free(&o);
}

/* the kernel bug of tce-past-end.vmm: a range past the window's end accepted */
static const char past_script[] =
	"window 0x1000 0x100000 in-kernel\n"
	"h-put-tce 0x1000 0xff000 0x100003\n"
	"h-stuff-tce 0x1000 0xff000 0x300000 2 expect=H_PARAMETER\n"
	"h-put-tce-indirect 0x1000 0xff000 0x200000 2 list=0x101003,0x102003 expect=H_PARAMETER\n"
	"h-stuff-tce 0x1000 0x0 0x200000 513 expect=H_PARAMETER\n";

static const char past_ktap[] =
	"KTAP version 1\n"
	"1..4\n"
	"ok 1 h-put-tce 0x1000 0xff000 0x100003 # H_SUCCESS in the kernel (no exit), entry 0xff000 = 0x100003 in the mmap, 1.000 us\n"
	"not ok 2 h-stuff-tce 0x1000 0xff000 0x300000 2 # H_SUCCESS in the kernel (no exit), entries 0xff000.. = 0x300000 in the mmap, 1.000 us\n"
	"# line 3: the range ends 1 entries past the window; in the mmap after its end: 0x100000 = 0x300000\n"
	"# line 3: expected H_PARAMETER, got H_SUCCESS\n"
	"not ok 3 h-put-tce-indirect 0x1000 0xff000 0x200000 2 # H_SUCCESS in the kernel (no exit), entries 0xff000.. = 0x101003 in the mmap, 1.000 us\n"
	"# line 4: the range ends 1 entries past the window; in the mmap after its end: 0x100000 = 0x102003\n"
	"not ok 4 h-stuff-tce 0x1000 0x0 0x200000 513 # H_SUCCESS in the kernel (no exit), entries 0x0.. = 0x200000 ... (513) in the mmap, 1.000 us\n"
	"# Totals: pass:1 fail:3 skip:0\n";

TEST(past_the_end_is_a_difference_with_kvms_note)
{
	struct oracle o;
	char err[512];
	char *t;

	ASSERT_EQ(0, load(&o, past_script, past_ktap, err));
	ASSERT_EQ(4, o.ncalls);
	EXPECT_EQ(3, o.ndiff);
	EXPECT_EQ(0, o.calls[0].differs);
	EXPECT_EQ(1, o.calls[1].differs);
	EXPECT_EQ(H_SUCCESS, o.calls[1].kvm_rc);
	EXPECT_EQ(H_PARAMETER, o.calls[1].model_rc);
	EXPECT_EQ(0, o.calls[1].kvm_ok);
	EXPECT_EQ(H_PARAMETER, o.calls[2].model_rc);
	EXPECT_EQ(H_PARAMETER, o.calls[3].model_rc);
	EXPECT_HAS(o.calls[1].kvm_note, "the range ends 1 entries past the window");
	EXPECT_STREQ("", o.calls[3].kvm_note);
	t = table(&o, 0);
	EXPECT_HAS(t, "H_SUCCESS kernel           H_PARAMETER kernel         DIFFERS h-stuff-tce 0x1000 0xff000 0x300000 2\n");
	EXPECT_HAS(t, "KVM, the range ends 1 entries past the window; in the mmap after its end: 0x100000 = 0x300000\n");
	EXPECT_HAS(t, "DIFFERS line 3: h-stuff-tce 0x1000 0xff000 0x300000 2: KVM H_SUCCESS, the model H_PARAMETER\n");
	EXPECT_HAS(t, "4 calls, 3 differences\n");
	oracle_free(&o);
}

/* eehlab-vmm killed by the kernel's oops in the last call (6.12, 4 KiB pages) */
TEST(a_vmm_that_died_leaves_a_partial_table_and_no_totals)
{
	struct oracle o;
	char err[512];
	char *t;
	const char *died =
		"KTAP version 1\n1..4\n"
		"ok 1 h-put-tce 0x1000 0xff000 0x100003 # H_SUCCESS in the kernel (no exit), entry 0xff000 = 0x100003 in the mmap, 171.656 us\n"
		"not ok 2 h-stuff-tce 0x1000 0xff000 0x300000 2 # H_SUCCESS in the kernel (no exit), 53.248 us\n"
		"# line 3: the range ends 1 entries past the window; in the mmap after its end: 0x100000 = 0x300000\n"
		"not ok 3 h-put-tce-indirect 0x1000 0xff000 0x200000 2 # H_SUCCESS in the kernel (no exit), 71.632 us\n"
		"Segmentation fault\n";

	err[0] = 0;
	ASSERT_EQ(0, oracle_load_script(&o, "t.vmm", past_script, err, sizeof(err)));
	EXPECT_EQ(-1, oracle_kvm_parse(&o, "t.ktap", died, err, sizeof(err)));
	EXPECT_STREQ("t.ktap: no line for call 4 (line 5: h-stuff-tce 0x1000 0x0 0x200000 513)", err);
	EXPECT_EQ(1, o.nmissing);
	ASSERT_EQ(0, oracle_model_run(&o, err, sizeof(err)));
	oracle_compare(&o);
	EXPECT_EQ(2, o.ndiff);
	t = table(&o, 0);
	EXPECT_HAS(t, "   4     5 -                          H_PARAMETER kernel         missing h-stuff-tce 0x1000 0x0 0x200000 513\n");
	EXPECT_HAS(t, "3 of 4 calls compared (no answer from KVM for the rest), 2 differences\n");
	EXPECT_TRUE(strstr(t, "4 calls, ") == NULL);
	oracle_free(&o);
}

TEST(get_value_that_differs_is_a_difference)
{
	struct oracle o;
	char err[512];
	const char *s = "window 0x1000 0x100000\nh-get-tce 0x1000 0x0\n";

	ASSERT_EQ(0, load(&o, s, "ok 1 h-get-tce 0x1000 0x0 # H_SUCCESS 0x5 in the kernel (no exit)\n",
			  err));
	EXPECT_EQ(1, o.ndiff);
	EXPECT_HAS(table(&o, 0), "DIFFERS line 2: h-get-tce 0x1000 0x0: KVM H_SUCCESS 0x5, the model H_SUCCESS 0x0\n");
	oracle_free(&o);
	/* the same code, a refusal: the value is not compared */
	ASSERT_EQ(0, load(&o, "window 0x1000 0x100000\nh-get-tce 0x1000 0x100000\n",
			  "ok 1 h-get-tce 0x1000 0x100000 # H_PARAMETER in the kernel (no exit)\n", err));
	EXPECT_EQ(0, o.ndiff);
	oracle_free(&o);
}

TEST(other_checks_in_the_output_are_left_alone)
{
	struct oracle o;
	char err[512];
	const char *s = "window 0x1000 0x100000\nh-put-tce 0x1000 0x0 0x100003\n";

	ASSERT_EQ(0, load(&o, s,
			  "KTAP version 1\n1..2\n"
			  "ok 1 h-put-tce 0x1000 0x0 0x100003 # H_SUCCESS in the kernel (no exit)\n"
			  "ok 2 expect-memory 0x100000 0x1000 0x5a # all 4096 bytes\n", err));
	EXPECT_EQ(1, o.ncalls);
	EXPECT_EQ(0, o.ndiff);
	oracle_free(&o);
}

TEST(window_sizes_and_page_sizes_of_the_script)
{
	struct oracle o;
	char err[512];
	const char *s = "window 0x1000 0x10000\n"		/* 16 entries */
			"window 0x2000 0x1000000 user shift=16\n"	/* 256 of 64 KiB */
			"window 0x3000 0x100000000\n"		/* 4 GiB: more than the default */
			"h-put-tce 0x1000 0xf000 0x100003\n"
			"h-put-tce 0x1000 0x10000 0x100003\n"
			"h-put-tce 0x2000 0xff0000 0x100003\n"
			"h-put-tce 0x2000 0x1000 0x100003\n"
			"h-put-tce 0x2000 0x1000000 0x100003\n"
			"h-put-tce 0x3000 0xfffff000 0x100003\n";

	err[0] = 0;
	ASSERT_EQ(0, oracle_load_script(&o, "t.vmm", s, err, sizeof(err)));
	ASSERT_EQ(0, oracle_model_run(&o, err, sizeof(err)));
	EXPECT_STREQ("", err);
	EXPECT_EQ(H_SUCCESS, o.calls[0].model_rc);	/* the last entry */
	EXPECT_EQ(H_PARAMETER, o.calls[1].model_rc);	/* one past */
	EXPECT_EQ(H_SUCCESS, o.calls[2].model_rc);	/* 64 KiB pages */
	EXPECT_EQ(H_PARAMETER, o.calls[3].model_rc);	/* not 64 KiB-aligned */
	EXPECT_EQ(H_PARAMETER, o.calls[4].model_rc);
	EXPECT_EQ(1, o.calls[2].model_by_vmm);
	EXPECT_EQ(H_SUCCESS, o.calls[5].model_rc);
	EXPECT_HAS(table(&o, 1), "6 calls on the model\n");
	oracle_free(&o);
}

TEST(cannot_compare)
{
	struct oracle o;
	char err[512];
	const char *s = "window 0x1000 0x100000\nh-put-tce 0x1000 0x0 0x100003\n"
			"h-get-tce 0x1000 0x0\n";
	const char *one = "ok 1 h-put-tce 0x1000 0x0 0x100003 # H_SUCCESS in the kernel (no exit)\n";
	char buf[512];

	/* a call without its line, and why */
	EXPECT_EQ(-1, load(&o, s, one, err));
	EXPECT_STREQ("t.ktap: no line for call 2 (line 3: h-get-tce 0x1000 0x0)", err);
	oracle_free(&o);
	snprintf(buf, sizeof(buf), "%sBail out! the guest took interrupt 0x700\n", one);
	EXPECT_EQ(-1, load(&o, s, buf, err));
	EXPECT_STREQ("t.ktap: no line for call 2 (line 3: h-get-tce 0x1000 0x0); eehlab-vmm: Bail out! the guest took interrupt 0x700",
		     err);
	oracle_free(&o);
	/* another script's output */
	EXPECT_EQ(-1, load(&o, s, "ok 1 h-put-tce 0x1000 0x0 0x100007 # H_SUCCESS in the kernel (no exit)\n",
			   err));
	EXPECT_STREQ("t.ktap:1: call 1 is 'h-put-tce 0x1000 0x0 0x100007', the script's (line 2) is 'h-put-tce 0x1000 0x0 0x100003'",
		     err);
	oracle_free(&o);
	snprintf(buf, sizeof(buf), "%s%s", one, one);
	EXPECT_EQ(-1, load(&o, "window 0x1000 0x100000\nh-put-tce 0x1000 0x0 0x100003\n", buf, err));
	EXPECT_STREQ("t.ktap:2: a hypercall more than the script's 1", err);
	oracle_free(&o);
	/* a line that does not parse */
	EXPECT_EQ(-1, load(&o, s, "ok 1 h-put-tce 0x1000 0x0 0x100003 # H_WHAT in the kernel\n", err));
	EXPECT_STREQ("t.ktap:1: 'H_WHAT' is not a return code", err);
	oracle_free(&o);
	EXPECT_EQ(-1, load(&o, s, "ok 1 h-put-tce 0x1000 0x0 0x100003 # H_SUCCESS somewhere\n", err));
	EXPECT_STREQ("t.ktap:1: neither 'by the VMM' nor 'in the kernel' after H_SUCCESS", err);
	oracle_free(&o);
	EXPECT_EQ(-1, load(&o, s, "ok 1 h-put-tce 0x1000 0x0 0x100003 # H_SUCCESS in the kernel (no exit)\n"
			   "ok 2 h-get-tce 0x1000 0x0 # H_SUCCESS in the kernel (no exit)\n", err));
	EXPECT_STREQ("t.ktap:2: H_GET_TCE without the entry it returned", err);
	oracle_free(&o);
	/* a run that skipped */
	EXPECT_EQ(-1, load(&o, s, "KTAP version 1\n1..0 # SKIP /dev/kvm: No such file or directory\n", err));
	EXPECT_STREQ("t.ktap:2: eehlab-vmm skipped (1..0 # SKIP /dev/kvm: No such file or directory): nothing to compare",
		     err);
	oracle_free(&o);
	/* a script that does not parse: file:line */
	EXPECT_EQ(-1, load(&o, "window 0x1000 0x100000\nh-put-tce 0x1000 0x0 zz\n", one, err));
	EXPECT_STREQ("t.vmm:2: TCE: 'zz' is not a number", err);
	oracle_free(&o);
}

TEST(usage_is_exit_2)
{
	char *a0[] = { "eehlab-oracle", NULL };
	char *a1[] = { "eehlab-oracle", "--model", "a", "b", NULL };
	char *a2[] = { "eehlab-oracle", "--bogus", NULL };
	char *a3[] = { "eehlab-oracle", "/nonexistent/t.vmm", "-", NULL };

	ASSERT_NOT_NULL(freopen("/dev/null", "w", stderr));	/* the usage text */
	EXPECT_EQ(2, oracle_main(1, a0));
	EXPECT_EQ(2, oracle_main(4, a1));
	EXPECT_EQ(2, oracle_main(2, a2));
	EXPECT_EQ(1, oracle_main(3, a3));	/* cannot compare */
}
