// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab edu (runner/edu.c): its arguments and their errors, the status
 * and DMA lines it prints, and the command without the module.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include "harness.h"
#include "edu.h"

#define ARGC(v)		((int)(sizeof(v) / sizeof(v[0])) - 1)

static int parse(char **argv, int argc, struct edu_opts *o, char *err)
{
	return edu_parse(argc, argv, o, err, 256);
}

TEST(defaults)
{
	char *argv[] = { "edu", NULL };
	struct edu_opts o;
	char err[256];

	ASSERT_EQ(0, parse(argv, 1, &o, err));
	EXPECT_TRUE(o.bdf == NULL);
	EXPECT_FALSE(o.dma);
	EXPECT_EQ(4095, (int)o.len);
	EXPECT_EQ(0, (int)o.seed);
	EXPECT_FALSE(o.help);
}

TEST(dma_options)
{
	char *a[] = { "edu", "--bdf", "0002:01:00.0", "--dma", "--len", "100",
		      "--seed", "0x5eed", NULL };
	char *b[] = { "edu", "--dma", "--len=1", "--seed=4294967295", NULL };
	char *c[] = { "edu", "--help", NULL };
	struct edu_opts o;
	char err[256];

	ASSERT_EQ(0, parse(a, ARGC(a), &o, err));
	EXPECT_STREQ("0002:01:00.0", o.bdf);
	EXPECT_TRUE(o.dma);
	EXPECT_EQ(100, (int)o.len);
	EXPECT_EQ(0x5eed, (int)o.seed);
	ASSERT_EQ(0, parse(b, ARGC(b), &o, err));
	EXPECT_EQ(1, (int)o.len);
	EXPECT_EQ_U64(4294967295u, o.seed);
	ASSERT_EQ(0, parse(c, ARGC(c), &o, err));
	EXPECT_TRUE(o.help);
}

TEST(refused_arguments)
{
	char *len0[] = { "edu", "--dma", "--len", "0", NULL };
	char *len_big[] = { "edu", "--dma", "--len", "4096", NULL };
	char *len_neg[] = { "edu", "--dma", "--len", "-1", NULL };
	char *seed_big[] = { "edu", "--dma", "--seed", "0x100000000", NULL };
	char *no_dma[] = { "edu", "--len", "16", NULL };
	char *bdf_short[] = { "edu", "--bdf", "02:01.0", NULL };
	char *bdf_upper[] = { "edu", "--bdf", "000A:01:00.0", NULL };
	char *bdf_func[] = { "edu", "--bdf", "0002:01:00.8", NULL };
	char *extra[] = { "edu", "stray", NULL };
	char *unknown[] = { "edu", "--frob", NULL };
	char *no_value[] = { "edu", "--bdf", NULL };
	struct edu_opts o;
	char err[256];

	EXPECT_EQ(-EINVAL, parse(len0, ARGC(len0), &o, err));
	EXPECT_STREQ("--len '0': expected 1 to 4095 bytes (a transfer of the edu)", err);
	EXPECT_EQ(-EINVAL, parse(len_big, ARGC(len_big), &o, err));
	EXPECT_EQ(-EINVAL, parse(len_neg, ARGC(len_neg), &o, err));
	EXPECT_EQ(-EINVAL, parse(seed_big, ARGC(seed_big), &o, err));
	EXPECT_HAS(err, "--seed '0x100000000'");
	EXPECT_EQ(-EINVAL, parse(no_dma, ARGC(no_dma), &o, err));
	EXPECT_STREQ("--len goes with --dma", err);
	EXPECT_EQ(-EINVAL, parse(bdf_short, ARGC(bdf_short), &o, err));
	EXPECT_HAS(err, "expected DDDD:BB:DD.F");
	EXPECT_EQ(-EINVAL, parse(bdf_upper, ARGC(bdf_upper), &o, err));
	EXPECT_EQ(-EINVAL, parse(bdf_func, ARGC(bdf_func), &o, err));
	EXPECT_EQ(-EINVAL, parse(extra, ARGC(extra), &o, err));
	EXPECT_STREQ("unexpected argument 'stray'", err);
	EXPECT_EQ(-EINVAL, parse(unknown, ARGC(unknown), &o, err));
	EXPECT_STREQ("unknown option '--frob'", err);
	EXPECT_EQ(-EINVAL, parse(no_value, ARGC(no_value), &o, err));
	EXPECT_STREQ("--bdf needs a value", err);
}

static char buf[1024];

static FILE *mem(void)
{
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	memset(buf, 0, sizeof(buf));
	return f;
}

TEST(status_lines)
{
	struct edu_status st = { .bdf = "0002:01:00.0", .pe = 2,
				 .callbacks = "error_detected(frozen) slot_reset resume",
				 .dma_ok = 4, .dma_failed = 0, .last_resume_dma = 0 };
	FILE *f;

	f = mem();
	edu_print_status(&st, f);
	fclose(f);
	EXPECT_STREQ("edu 0002:01:00.0 PE 0x2: callbacks error_detected(frozen) slot_reset "
		     "resume; DMA 4 ok, 0 failed; resume DMA verified\n", buf);

	st.pe = -1;
	st.callbacks[0] = '\0';
	st.last_resume_dma = 1;
	f = mem();
	edu_print_status(&st, f);
	fclose(f);
	EXPECT_STREQ("edu 0002:01:00.0: callbacks none; DMA 4 ok, 0 failed\n", buf);

	st.last_resume_dma = -ETIMEDOUT;
	f = mem();
	edu_print_status(&st, f);
	fclose(f);
	EXPECT_HAS(buf, "; resume DMA FAILED: ");
}

TEST(dma_lines)
{
	struct edu_dma_res r = { .result = 0, .bytes = 4096, .mismatch = UINT32_MAX,
				 .iova = 0x1000, .id = 0x010000ed };
	FILE *f;

	f = mem();
	edu_print_dma("0002:01:00.0", 4096, 0x5eed, &r, f);
	fclose(f);
	EXPECT_STREQ("dma 0002:01:00.0: 4096 bytes verified (seed 0x5eed, bus address 0x1000, "
		     "id 0x010000ed)\n", buf);

	r.result = -EILSEQ;
	r.bytes = 12;
	r.mismatch = 12;
	f = mem();
	edu_print_dma("0002:01:00.0", 100, 0, &r, f);
	fclose(f);
	EXPECT_HAS(buf, "dma 0002:01:00.0: FAILED: 100 bytes sent, first mismatch at byte 12 (");

	r.result = -ETIMEDOUT;
	r.mismatch = UINT32_MAX;
	f = mem();
	edu_print_dma("0002:01:00.0", 100, 0, &r, f);
	fclose(f);
	EXPECT_HAS(buf, "dma 0002:01:00.0: FAILED: ");
	EXPECT_HAS(buf, "timed out");
}

/* Without the module (or any generic netlink family of that name): exit 2. */
TEST(no_module)
{
	char *argv[] = { "edu", NULL };
	char *dma[] = { "edu", "--dma", NULL };
	struct eeh_msg msg = { { 0 } };
	struct edu_status st;
	int n = 5, rc;

	rc = backend_kernel_edu_status_all(NULL, &st, 1, &n, &msg);
	if (rc == 0)
		SKIP("the eehlab module is loaded here");
	EXPECT_EQ(-ENOENT, rc);
	EXPECT_EQ(0, n);
	EXPECT_HAS(msg.text, "not loaded");
	EXPECT_EQ(2, edu_main(1, argv));
	EXPECT_EQ(2, edu_main(2, dma));
}
