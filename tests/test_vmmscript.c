// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: eehlab vmm-script (runner/vmmscript.c). A scenario's TCE
 * hypercalls, made on the model, written as an eehlab-vmm script: the
 * exact text for puts, an indirect put and a stuff; a list in the VMM's
 * own pages moved, one past its memory not written; a list too long for
 * one line staged; a window away from bus 0 moved there; a scenario
 * without hypercalls; and the script read back by eehlab-vmm's parser
 * and eehlab-oracle (each call's scenario step).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "scenario.h"
#include "vmmscript.h"
#include "../kvm/oracle.h"

#define TOPO \
	"phb 0 model=phb4\n" \
	"rootport rp0 phb=0\n" \
	"device nic parent=rp0 type=edu\n" \
	"guest vm1\n" \
	"slot vm1 gpa=0 size=64M page=64K prereg\n" \
	"assign nic guest=vm1\n"

/* convert TEXT: the script in *out (free it), the log in *log; the return of vmm_script_convert */
static int convert(const char *text, char **out, char **log, struct vs_stats *st, char *err,
		   size_t errlen)
{
	struct scenario sc;
	size_t ol = 0, ll = 0;
	FILE *fo, *fl;
	int rc;

	memset(&sc, 0, sizeof(sc));
	if (sc_parse_string("t.eeh", text, NULL, &sc, err, errlen)) {
		sc_free(&sc);
		return -2;
	}
	fo = open_memstream(out, &ol);
	fl = open_memstream(log, &ll);
	if (!fo || !fl)
		abort();
	rc = vmm_script_convert(&sc, fo, fl, st, err, errlen);
	fclose(fo);
	fclose(fl);
	sc_free(&sc);
	return rc;
}

TEST(puts_indirect_and_stuff_give_this_exact_script)
{
	static const char text[] =
		TOPO
		"tce-list vm1 list=0x40000 count=2 gpa=0x200000\n"	/* 7 */
		"h-put-tce vm1 nic ioba=0x0 gpa=0x100000\n"		/* 8 */
		"expect hcall H_SUCCESS\n"
		"h-put-tce-indirect vm1 nic ioba=0x1000 list=0x40000 count=2\n"	/* 10 */
		"h-stuff-tce vm1 nic ioba=0x0 tce=0 count=3\n"		/* 11 */
		"h-get-tce vm1 nic ioba=0x1000\n"			/* 12 */
		"expect tce 0\n"
		"dma nic ioba=0x1000 len=64 dir=to-ram\n";
	static const char want[] =
		"window 0x800003fa 0x80000000 in-kernel    # from t.eeh:8\n"
		"# t.eeh:8: h-put-tce vm1 nic ioba=0x0 gpa=0x100000\n"
		"h-put-tce 0x800003fa 0x0 0x100003    # from t.eeh:8\n"
		"# t.eeh:10: h-put-tce-indirect vm1 nic ioba=0x1000 list=0x40000 count=2\n"
		"h-put-tce-indirect 0x800003fa 0x1000 0x40000 2 list=0x200003,0x201003    # from t.eeh:10\n"
		"# t.eeh:11: h-stuff-tce vm1 nic ioba=0x0 tce=0 count=3\n"
		"h-stuff-tce 0x800003fa 0x0 0x0 3    # from t.eeh:11\n"
		"# t.eeh:12: h-get-tce vm1 nic ioba=0x1000\n"
		"h-get-tce 0x800003fa 0x1000    # from t.eeh:12\n"
		"# 4 hypercalls made on the model, 4 here, 0 dropped, 0 list-staging calls added; 8 other steps and 2 expectations not carried over\n";
	char err[512] = "", *out = NULL, *log = NULL, *body;
	struct vs_stats st;

	ASSERT_EQ(convert(text, &out, &log, &st, err, sizeof(err)), 0);
	/* the header's comment lines, then the script */
	body = strstr(out, "window ");
	ASSERT_NOT_NULL(body);
	EXPECT_STREQ(body, want);
	EXPECT_HAS(out, "16 MiB at guest address 0");
	EXPECT_EQ(st.hcall_steps, 4);
	EXPECT_EQ(st.recorded, 4);
	EXPECT_EQ(st.converted, 4);
	EXPECT_EQ(st.dropped, 0);
	EXPECT_EQ(st.model_failed, 0);
	EXPECT_STREQ(log, "");
	free(out);
	free(log);
}

TEST(a_list_in_the_vmms_pages_moves_one_past_its_memory_is_not_written)
{
	static const char text[] =
		TOPO
		"tce-list vm1 list=0x10000 count=2 gpa=0x200000\n"
		"h-put-tce-indirect vm1 nic ioba=0x0 list=0x10000 count=2\n"	/* 8 */
		"tce-list vm1 list=0x2000000 count=2 gpa=0x2100000\n"
		"h-put-tce-indirect vm1 nic ioba=0x0 list=0x2000000 count=2\n"	/* 10 */
		"h-put-tce-indirect vm1 nic ioba=0x0 list=0x8000000 count=2\n";	/* 11: no memory */
	char err[512] = "", *out = NULL, *log = NULL;
	struct vs_stats st;
	struct vmm_script s;

	ASSERT_EQ(convert(text, &out, &log, &st, err, sizeof(err)), 0);
	EXPECT_HAS(out, "#   its list moved from 0x10000 to 0x810000: eehlab-vmm's guest program is below 0x30000\n"
			"h-put-tce-indirect 0x800003fa 0x0 0x810000 2 list=0x200003,0x201003    # from t.eeh:8\n");
	EXPECT_HAS(out, "#   its list at 0x2000000 is outside eehlab-vmm's 16 MiB: not written, KVM and the model find no list there\n"
			"#   2 TCE addresses past eehlab-vmm's 16 MiB: in no memory for KVM and the model alike\n"
			"h-put-tce-indirect 0x800003fa 0x0 0x2000000 2    # from t.eeh:10\n");
	EXPECT_HAS(out, "#   its list at 0x8000000 is in no memory of the scenario's guest: none written\n"
			"h-put-tce-indirect 0x800003fa 0x0 0x8000000 2    # from t.eeh:11\n");
	EXPECT_EQ(st.relocated, 1);
	EXPECT_EQ(st.converted, 3);
	/* eehlab-vmm's parser takes it */
	ASSERT_EQ(vmm_script_parse("t.vmm", out, &s, err, sizeof(err)), 0);
	EXPECT_EQ((int)s.ncalls, 3);
	EXPECT_EQ_U64(s.cmds[1].arg, 0x810000);
	EXPECT_EQ((int)s.cmds[1].nlist, 2);
	EXPECT_TRUE(s.cmds[2].list == NULL);
	vmm_script_free(&s);
	free(out);
	free(log);
}

TEST(a_list_too_long_for_a_line_is_staged_entry_for_entry)
{
	static const char text[] =
		TOPO
		"tce-list vm1 list=0x40000 count=513 gpa=0x200000\n"
		"h-put-tce-indirect vm1 nic ioba=0x0 list=0x40000 count=513\n";	/* 8 */
	char err[512] = "", *out = NULL, *log = NULL;
	struct vs_stats st;
	struct vmm_script s;
	struct oracle o;
	uint64_t next = 0x200003;
	size_t i, j;
	unsigned int staged = 0;

	ASSERT_EQ(convert(text, &out, &log, &st, err, sizeof(err)), 0);
	ASSERT_EQ(vmm_script_parse("t.vmm", out, &s, err, sizeof(err)), 0);
	EXPECT_EQ(st.staged, 2);
	EXPECT_EQ((int)s.ncalls, 3);
	for (i = 0; i < s.n; i++) {
		const struct vmm_cmd *c = &s.cmds[i];

		if (c->op != VMM_INDIRECT || c->liobn != VS_STAGE_LIOBN)
			continue;
		/* each piece where the list's entries lie, in order, refused by both sides */
		EXPECT_EQ_U64(c->arg, 0x40000 + (next - 0x200003) / 0x1000 * 8);
		EXPECT_TRUE(c->has_expect);
		for (j = 0; j < c->nlist; j++, next += 0x1000)
			EXPECT_EQ_U64(c->list[j], next);
		staged++;
	}
	EXPECT_EQ((int)staged, 2);
	EXPECT_EQ_U64(next, 0x200003 + 513 * 0x1000ULL);
	/* the call itself last, with npages as made and no list of its own */
	EXPECT_EQ_U64(s.cmds[s.n - 1].liobn, 0x800003fa);
	EXPECT_EQ_U64(s.cmds[s.n - 1].npages, 513);
	EXPECT_TRUE(s.cmds[s.n - 1].list == NULL);
	vmm_script_free(&s);
	/* eehlab-oracle: the staging calls apart, the call named by its step */
	ASSERT_EQ(oracle_load_script(&o, "t.vmm", out, err, sizeof(err)), 0);
	EXPECT_EQ((int)o.nstaging, 2);
	EXPECT_EQ((int)o.norigin, 1);
	EXPECT_STREQ(o.calls[2].origin, "t.eeh:8");
	EXPECT_TRUE(o.calls[0].staging);
	oracle_free(&o);
	free(out);
	free(log);
}

TEST(the_64_bit_window_moves_to_bus_0_and_a_call_below_it_is_dropped)
{
	static const char text[] =
		TOPO
		"guest-window nic page=64K size=1G levels=1\n"
		"h-put-tce vm1 nic which=64 ioba=0x0800000000010000 gpa=0x110000\n"	/* 8 */
		"h-put-tce vm1 nic which=64 ioba=0x07ffffffffff0000 gpa=0x110000\n"	/* 9 */
		"expect hcall H_PARAMETER\n";
	char err[512] = "", *out = NULL, *log = NULL;
	struct vs_stats st;

	ASSERT_EQ(convert(text, &out, &log, &st, err, sizeof(err)), 0);
	EXPECT_HAS(out, "window 0x800003fb 0x40000000 in-kernel shift=16    # from t.eeh:8\n");
	EXPECT_HAS(out, "h-put-tce 0x800003fb 0x10000 0x110003    # from t.eeh:8\n");
	EXPECT_HAS(out, "# dropped: h-put-tce vm1 nic which=64 ioba=0x07ffffffffff0000 gpa=0x110000 (t.eeh:9)");
	EXPECT_HAS(log, "t.eeh:9: dropped: IOBA 0x7ffffffffff0000 is below the window's start 0x800000000000000");
	EXPECT_EQ(st.dropped, 1);
	EXPECT_EQ(st.converted, 1);
	free(out);
	free(log);
}

TEST(a_scenario_without_hypercalls_gives_nothing_and_says_so)
{
	static const char text[] =
		TOPO
		"dma nic ioba=0x1000 len=64 dir=to-ram\n";
	char err[512] = "", *out = NULL, *log = NULL;
	struct vs_stats st;

	EXPECT_EQ(convert(text, &out, &log, &st, err, sizeof(err)), VS_NOTHING);
	EXPECT_HAS(err, "t.eeh: no TCE hypercall in the scenario: nothing to run on KVM");
	EXPECT_STREQ(out, "");
	EXPECT_EQ(st.recorded, 0);
	free(out);
	free(log);
}

TEST(a_hypercall_step_that_never_made_its_call_is_nothing_to_run)
{
	/* no guest vm2: the call cannot be made */
	static const char text[] =
		TOPO
		"h-put-tce vm2 liobn=0x1234 ioba=0x0 gpa=0x100000\n"
		"expect error ENOENT\n";
	char err[512] = "", *out = NULL, *log = NULL;
	struct vs_stats st;

	EXPECT_EQ(convert(text, &out, &log, &st, err, sizeof(err)), VS_NOTHING);
	EXPECT_HAS(err, "its hypercall steps failed before the call");
	EXPECT_EQ(st.hcall_steps, 1);
	free(out);
	free(log);
}

TEST(the_command_line_refuses_bad_use_and_a_missing_file)
{
	char *a1[] = { "vmm-script", NULL };
	char *a2[] = { "vmm-script", "no-such-dir/none.eeh", NULL };
	char *a3[] = { "vmm-script", "--bogus", NULL };

	EXPECT_EQ(vmm_script_main(1, a1), 2);
	EXPECT_EQ(vmm_script_main(2, a3), 2);
	EXPECT_EQ(vmm_script_main(2, a2), 1);
}



TEST(the_oracle_names_a_difference_by_its_step_and_sums_the_scenario)
{
	static const char script[] =
		"window 0x1000 0x100000 in-kernel\n"
		"h-put-tce-indirect 0xfffffff0 0x0 0x40000 1 list=0x100003 expect=H_PARAMETER    # stage: entries 0..0 of the list of t.eeh:5\n"
		"h-put-tce 0x1000 0x0 0x100003    # from t.eeh:4\n"
		"h-get-tce 0x1000 0x0    # from t.eeh:6\n";
	static const char ktap[] =
		"KTAP version 1\n"
		"1..3\n"
		"ok 1 h-put-tce-indirect 0xfffffff0 0x0 0x40000 1 # H_PARAMETER by the VMM (1 exit)\n"
		"ok 2 h-put-tce 0x1000 0x0 0x100003 # H_SUCCESS in the kernel (no exit)\n"
		"ok 3 h-get-tce 0x1000 0x0 # H_SUCCESS 0x100007 in the kernel (no exit)\n";
	char err[512] = "", *out = NULL;
	size_t len = 0;
	struct oracle o;
	FILE *f;

	ASSERT_EQ(oracle_load_script(&o, "t.vmm", script, err, sizeof(err)), 0);
	ASSERT_EQ(oracle_kvm_parse(&o, "t.ktap", ktap, err, sizeof(err)), 0);
	ASSERT_EQ(oracle_model_run(&o, err, sizeof(err)), 0);
	oracle_compare(&o);
	f = open_memstream(&out, &len);
	ASSERT_NOT_NULL(f);
	oracle_print(&o, f, 0);
	fclose(f);
	EXPECT_HAS(out, "DIFFERS line 4 (t.eeh:6): h-get-tce 0x1000 0x0: KVM H_SUCCESS 0x100007, the model H_SUCCESS 0x100003\n");
	EXPECT_HAS(out, "3 calls, 1 differences\n");
	EXPECT_HAS(out, "scenario calls: 2 same: 1 differ: 1 other-side: 0 staging: 1\n");
	free(out);
	oracle_free(&o);
}
