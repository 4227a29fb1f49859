// SPDX-License-Identifier: GPL-2.0-only
/*
 * The soak (runner/soak.c): a seed gives the same sequence and the same
 * tallies; a clean run covers every fault class, both owners and
 * permanent failures, and balances; each deliberate breakage (memory of
 * an unaffected PE, a skipped recovery, a stray freeze, a miscounted
 * tally) is found at the injection it was made at; bad arguments are
 * usage errors.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "soak.h"

static int run(uint64_t seed, uint64_t n, enum soak_sabotage sab, uint64_t at,
	       struct soak_stats *st, char **text)
{
	struct soak_opts o = { .seed = seed, .iterations = n,
			       .sabotage = sab, .sabotage_at = at };
	size_t len = 0;
	FILE *f = text ? open_memstream(text, &len) : NULL;
	int rc = soak_run(&o, st, f);

	if (f)
		fclose(f);
	return rc;
}

TEST(same_seed_same_sequence)
{
	struct soak_stats a, b, c;

	ASSERT_EQ(0, run(7, 3000, SK_SABOTAGE_NONE, 0, &a, NULL));
	ASSERT_EQ(0, run(7, 3000, SK_SABOTAGE_NONE, 0, &b, NULL));
	EXPECT_EQ_U64(3000, a.total.injected);
	EXPECT_EQ_U64(a.hash, b.hash);
	EXPECT_EQ(0, memcmp(a.cls, b.cls, sizeof(a.cls)));
	EXPECT_EQ_U64(a.topologies, b.topologies);
	EXPECT_EQ_U64(a.guest_recoveries, b.guest_recoveries);
	EXPECT_EQ_U64(a.dma_ok, b.dma_ok);
	/* another seed, another sequence */
	ASSERT_EQ(0, run(8, 3000, SK_SABOTAGE_NONE, 0, &c, NULL));
	EXPECT_TRUE(a.hash != c.hash);
}

TEST(clean_run_covers_every_class)
{
	struct soak_stats st;
	int c;

	ASSERT_EQ(0, run(1, 20000, SK_SABOTAGE_NONE, 0, &st, NULL));
	EXPECT_EQ_U64(0, st.discrepancies);
	EXPECT_EQ_U64(20000, st.total.injected);
	EXPECT_EQ_U64(st.total.injected, st.total.detected);
	EXPECT_EQ_U64(st.total.detected, st.total.recovered + st.total.perm);
	for (c = 0; c < SK_CLASS__COUNT; c++) {
		const struct soak_tally *t = &st.cls[c];

		if (!t->injected)
			printf("# class %s never injected\n", soak_class_name(c));
		EXPECT_TRUE(t->injected > 0);
		EXPECT_EQ_U64(t->injected, t->recovered + t->perm);
	}
	/* both owners, the limit, several topologies, traffic both ways */
	EXPECT_TRUE(st.total.guest > 0);
	EXPECT_TRUE(st.total.guest < st.total.injected);
	EXPECT_TRUE(st.guest_recoveries > 0);
	EXPECT_TRUE(st.total.perm > 0);
	EXPECT_TRUE(st.topologies > 1);
	EXPECT_TRUE(st.dma_ok > 0);
	EXPECT_TRUE(st.dma_blocked > 0);
}

/* A sabotaged run stops at the sabotaged injection, saying why */
static void sabotaged(enum soak_sabotage s, const char *why)
{
	struct soak_stats st;
	char *text = NULL;

	EXPECT_EQ(1, run(3, 500, s, 40, &st, &text));
	EXPECT_EQ_U64(1, st.discrepancies);
	EXPECT_TRUE(st.first_bad >= 40 && st.first_bad < 500);
	EXPECT_HAS(text, "DISCREPANCY: seed 3 injection");
	EXPECT_HAS(text, why);
	EXPECT_HAS(text, "reproduce: eehlab soak --seed 3 --iterations");
	free(text);
}

TEST(corrupted_memory_is_found)
{
	sabotaged(SK_SABOTAGE_MEMORY, "differs from its shadow");
}

TEST(skipped_recovery_is_found)
{
	sabotaged(SK_SABOTAGE_SKIP_RECOVERY, "is frozen, expected not frozen");
}

TEST(stray_freeze_is_found)
{
	sabotaged(SK_SABOTAGE_STRAY_FREEZE, "after the fault: PE");
}

TEST(miscounted_tally_is_found)
{
	sabotaged(SK_SABOTAGE_TALLY, "tallies do not balance");
}

TEST(keep_going_counts_and_goes_on)
{
	struct soak_opts o = { .seed = 3, .iterations = 300, .keep_going = true,
			       .sabotage = SK_SABOTAGE_MEMORY, .sabotage_at = 10 };
	struct soak_stats st;

	EXPECT_EQ(1, soak_run(&o, &st, NULL));
	EXPECT_EQ_U64(1, st.discrepancies);
	EXPECT_EQ_U64(300, st.total.injected);
}

TEST(nothing_to_run)
{
	struct soak_opts o = { .seed = 1 };
	struct soak_stats st;

	EXPECT_EQ(-EINVAL, soak_run(&o, &st, NULL));
}

static int cli(int argc, const char **argv)
{
	return soak_main(argc, (char **)argv);
}

TEST(usage_errors)
{
	const char *a1[] = { "soak", "--seconds", "0", NULL };
	const char *a2[] = { "soak", "--seconds", "x", NULL };
	const char *a3[] = { "soak", "--iterations", "-5", NULL };
	const char *a4[] = { "soak", "--seed", "1x", NULL };
	const char *a5[] = { "soak", "--bogus", NULL };
	const char *a6[] = { "soak", "stray", NULL };
	const char *a7[] = { "soak", "--sabotage", "memory", NULL };
	const char *a8[] = { "soak", "--sabotage", "nothing@3", NULL };
	const char *a9[] = { "soak", "--seed", NULL };
	const char *a10[] = { "soak", "--iterations", "0", NULL };

	/* this test runs in a child of its own: its stderr may go */
	ASSERT_NOT_NULL(freopen("/dev/null", "w", stderr));

	EXPECT_EQ(2, cli(3, a1));
	EXPECT_EQ(2, cli(3, a2));
	EXPECT_EQ(2, cli(3, a3));
	EXPECT_EQ(2, cli(3, a4));
	EXPECT_EQ(2, cli(2, a5));
	EXPECT_EQ(2, cli(2, a6));
	EXPECT_EQ(2, cli(3, a7));
	EXPECT_EQ(2, cli(3, a8));
	EXPECT_EQ(2, cli(2, a9));
	EXPECT_EQ(2, cli(3, a10));
}
