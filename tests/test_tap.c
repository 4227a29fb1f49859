// SPDX-License-Identifier: GPL-2.0-only
/*
 * The KTAP writer: exact output, nesting, directives, totals, exit codes,
 * and that prove (a plain TAP consumer) accepts the output.
 */
/* harness.h: a SKIP reason copy trips -Wformat-truncation at -O2 */
#include "harness.h"
#include "../tap/ktap.h"

struct cap {
	char *buf;
	size_t len;
	FILE *f;
};

static void cap_open(struct cap *c, struct ktap *k)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	if (!c->f)
		TH_FAIL_AT(1, "open_memstream failed");
	ktap_init(k, c->f);
}

static const char *cap_text(struct cap *c)
{
	fflush(c->f);
	return c->buf;
}

TEST(header_and_results)
{
	struct ktap k;
	struct cap c;

	cap_open(&c, &k);
	ktap_header(&k, 4);
	ktap_result(&k, KTAP_PASS, "first", NULL);
	ktap_result(&k, KTAP_FAIL, "second", NULL);
	ktap_result(&k, KTAP_SKIP, "third", "needs real-phb");
	ktap_result(&k, KTAP_XFAIL, "fourth", "known bug");
	ktap_totals(&k);
	EXPECT_STREQ(cap_text(&c),
		     "KTAP version 1\n"
		     "1..4\n"
		     "ok 1 first\n"
		     "not ok 2 second\n"
		     "ok 3 third # SKIP needs real-phb\n"
		     "ok 4 fourth # XFAIL known bug\n"
		     "# Totals: pass:1 fail:1 xfail:1 xpass:0 skip:1 error:0\n");
	EXPECT_EQ(ktap_exit_code(&k), 1);
	fclose(c.f);
	free(c.buf);
}

/* The layout of ktap.rst's nested example, with KUnit's "# Subtest:" line */
TEST(nested_subtests)
{
	struct ktap k;
	struct cap c;

	cap_open(&c, &k);
	ktap_header(&k, 2);
	ktap_subtest_begin(&k, "scen/a.eeh", 2);
	ktap_result(&k, KTAP_PASS, "line 1: phb 0 model=phb4", NULL);
	ktap_diag(&k, "line 3: expected %s, got %s", "0x1", "0x2");
	ktap_result(&k, KTAP_FAIL, "line 2: mmio-read nic", NULL);
	ktap_subtest_end(&k);
	ktap_result(&k, KTAP_FAIL, "scen/a.eeh", NULL);
	ktap_subtest_begin(&k, "scen/b.eeh", 1);
	ktap_subtest_begin(&k, "inner", 1);
	ktap_result(&k, KTAP_SKIP, "deep", "why");
	ktap_subtest_end(&k);
	ktap_result(&k, KTAP_PASS, "inner", NULL);
	ktap_subtest_end(&k);
	ktap_result(&k, KTAP_PASS, "scen/b.eeh", NULL);
	ktap_totals(&k);
	EXPECT_STREQ(cap_text(&c),
		     "KTAP version 1\n"
		     "1..2\n"
		     "    KTAP version 1\n"
		     "    # Subtest: scen/a.eeh\n"
		     "    1..2\n"
		     "    ok 1 line 1: phb 0 model=phb4\n"
		     "    # line 3: expected 0x1, got 0x2\n"
		     "    not ok 2 line 2: mmio-read nic\n"
		     "not ok 1 scen/a.eeh\n"
		     "    KTAP version 1\n"
		     "    # Subtest: scen/b.eeh\n"
		     "    1..1\n"
		     "        KTAP version 1\n"
		     "        # Subtest: inner\n"
		     "        1..1\n"
		     "        ok 1 deep # SKIP why\n"
		     "    ok 1 inner\n"
		     "ok 2 scen/b.eeh\n"
		     "# Totals: pass:1 fail:1 xfail:0 xpass:0 skip:0 error:0\n");
	EXPECT_EQ(k.depth, 0);
	EXPECT_EQ(ktap_exit_code(&k), 1);
	fclose(c.f);
	free(c.buf);
}

TEST(subtest_numbering_restarts)
{
	struct ktap k;
	struct cap c;

	cap_open(&c, &k);
	ktap_header(&k, 2);
	ktap_subtest_begin(&k, "a", 2);
	ktap_result(&k, KTAP_PASS, "x", NULL);
	ktap_result(&k, KTAP_PASS, "y", NULL);
	ktap_subtest_end(&k);
	ktap_result(&k, KTAP_PASS, "a", NULL);
	ktap_subtest_begin(&k, "b", -1);
	ktap_result(&k, KTAP_PASS, "x", NULL);
	ktap_subtest_end(&k);
	ktap_result(&k, KTAP_PASS, "b", NULL);
	EXPECT_STREQ(cap_text(&c),
		     "KTAP version 1\n1..2\n"
		     "    KTAP version 1\n    # Subtest: a\n    1..2\n"
		     "    ok 1 x\n    ok 2 y\nok 1 a\n"
		     "    KTAP version 1\n    # Subtest: b\n"
		     "    ok 1 x\nok 2 b\n");
	EXPECT_EQ(k.pass, 2);
	EXPECT_EQ(ktap_exit_code(&k), 0);
	fclose(c.f);
	free(c.buf);
}

TEST(names_and_diag_are_escaped)
{
	struct ktap k;
	struct cap c;

	cap_open(&c, &k);
	ktap_result(&k, KTAP_PASS, "line 4: description \"a # b\"", NULL);
	ktap_result(&k, KTAP_FAIL, "two\nlines", "reason\nhere");
	ktap_diag(&k, "one\ntwo");
	EXPECT_STREQ(cap_text(&c),
		     "ok 1 line 4: description \"a \\# b\"\n"
		     "not ok 2 two lines # reason here\n"
		     "# one\n# two\n");
	fclose(c.f);
	free(c.buf);
}

TEST(exit_codes)
{
	struct ktap k;
	FILE *f = fopen("/dev/null", "w");

	ASSERT_NOT_NULL(f);
	ktap_init(&k, f);
	EXPECT_EQ(ktap_exit_code(&k), 4);	/* nothing ran */
	ktap_result(&k, KTAP_SKIP, "a", "r");
	EXPECT_EQ(ktap_exit_code(&k), 4);	/* all skipped */
	ktap_result(&k, KTAP_PASS, "b", NULL);
	EXPECT_EQ(ktap_exit_code(&k), 0);	/* pass + skip */
	ktap_result(&k, KTAP_XFAIL, "c", "r");
	EXPECT_EQ(ktap_exit_code(&k), 0);
	ktap_result(&k, KTAP_FAIL, "d", NULL);
	EXPECT_EQ(ktap_exit_code(&k), 1);
	ktap_init(&k, f);
	ktap_result(&k, KTAP_XFAIL, "c", "r");
	EXPECT_EQ(ktap_exit_code(&k), 0);	/* an expected failure is not a skip */
	/* subtest results are not counted in the totals */
	ktap_init(&k, f);
	ktap_subtest_begin(&k, "s", 1);
	ktap_result(&k, KTAP_FAIL, "inner", NULL);
	ktap_subtest_end(&k);
	ktap_result(&k, KTAP_SKIP, "s", "r");
	EXPECT_EQ(k.fail, 0);
	EXPECT_EQ(k.skip, 1);
	EXPECT_EQ(ktap_exit_code(&k), 4);
	fclose(f);
}

TEST(depth_past_max_is_safe)
{
	struct ktap k;
	struct cap c;
	int i;

	cap_open(&c, &k);
	for (i = 0; i < KTAP_MAX_DEPTH + 3; i++)
		ktap_subtest_begin(&k, "s", 1);
	ktap_result(&k, KTAP_PASS, "deep", NULL);
	for (i = 0; i < KTAP_MAX_DEPTH + 3; i++)
		ktap_subtest_end(&k);
	ktap_subtest_end(&k);	/* one too many: no underflow */
	EXPECT_EQ(k.depth, 0);
	ktap_result(&k, KTAP_PASS, "top", NULL);
	EXPECT_EQ(k.pass, 1);
	EXPECT_HAS(cap_text(&c), "\nok 1 top\n");
	fclose(c.f);
	free(c.buf);
}

/* prove sees the top level only: the indented lines are not TAP to it. */
TEST(prove_accepts_output)
{
	char dir[] = "/tmp/ktap-prove-XXXXXX", path[128], cmd[512];
	struct ktap k;
	FILE *f;
	int rc;

	if (system("command -v prove >/dev/null 2>&1"))
		SKIP("prove is not installed");
	ASSERT_NOT_NULL(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/out.tap", dir);
	f = fopen(path, "w");
	ASSERT_NOT_NULL(f);
	ktap_init(&k, f);
	ktap_header(&k, 2);
	ktap_subtest_begin(&k, "a.eeh", 2);
	ktap_result(&k, KTAP_PASS, "line 1: phb 0 model=phb4", NULL);
	ktap_result(&k, KTAP_FAIL, "line 2: check nic", NULL);	/* inner: ignored */
	ktap_subtest_end(&k);
	ktap_result(&k, KTAP_PASS, "a.eeh", NULL);
	ktap_subtest_begin(&k, "b.eeh", 0);
	ktap_subtest_end(&k);
	ktap_result(&k, KTAP_SKIP, "b.eeh", "requires real-phb");
	ktap_totals(&k);
	fclose(f);
	/* a "test script" that prints the file */
	snprintf(cmd, sizeof(cmd),
		 "cd %s && printf '#!/bin/sh\\ncat %s\\n' > t.sh && chmod +x t.sh && "
		 "prove --source Executable --ext '' ./t.sh >/dev/null 2>&1", dir, path);
	rc = system(cmd);
	EXPECT_EQ(rc, 0);
	/* and a failing top-level result makes prove fail */
	f = fopen(path, "w");
	ASSERT_NOT_NULL(f);
	ktap_init(&k, f);
	ktap_header(&k, 1);
	ktap_result(&k, KTAP_FAIL, "a.eeh", NULL);
	fclose(f);
	rc = system(cmd);
	EXPECT_NE(rc, 0);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		TH_FAIL_AT(0, "cleanup failed");
}
