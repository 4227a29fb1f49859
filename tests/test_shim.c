// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the userspace shim (model/shim_user.c).
 */
#include "harness.h"
#include "eehlab/shim.h"

TEST(zalloc_zeroed_and_counted)
{
	size_t b0 = eeh_shim_live_bytes(), n0 = eeh_shim_live_blocks();
	unsigned char *p = eeh_zalloc(100);
	int i;

	ASSERT_NOT_NULL(p);
	for (i = 0; i < 100; i++)
		ASSERT_EQ(p[i], 0);
	EXPECT_EQ(eeh_shim_live_bytes(), b0 + 100);
	EXPECT_EQ(eeh_shim_live_blocks(), n0 + 1);
	eeh_free(p);
	EXPECT_EQ(eeh_shim_live_bytes(), b0);
	EXPECT_EQ(eeh_shim_live_blocks(), n0);
	eeh_free(NULL);
	EXPECT_EQ(eeh_shim_live_blocks(), n0);
}

TEST(fail_nth_fails_exactly_the_nth)
{
	void *a, *b, *c, *d;

	eeh_shim_fail_nth(3);
	a = eeh_zalloc(8);
	b = eeh_zalloc(8);
	c = eeh_zalloc(8);
	d = eeh_zalloc(8);
	EXPECT_TRUE(a != NULL);
	EXPECT_TRUE(b != NULL);
	EXPECT_TRUE(c == NULL);
	EXPECT_TRUE(d != NULL);	/* one-shot */
	eeh_free(a);
	eeh_free(b);
	eeh_free(d);
}

TEST(cap_limits_live_bytes)
{
	size_t base = eeh_shim_live_bytes();
	void *a, *b, *c;

	eeh_shim_set_cap(base + 1000);
	a = eeh_zalloc(600);
	b = eeh_zalloc(600);
	ASSERT_NOT_NULL(a);
	EXPECT_TRUE(b == NULL);
	eeh_free(a);
	c = eeh_zalloc(1000);
	EXPECT_TRUE(c != NULL);
	eeh_free(c);
	eeh_shim_set_cap(0);
	a = eeh_zalloc(1 << 20);
	EXPECT_TRUE(a != NULL);
	eeh_free(a);
}

TEST(snprintf_truncates_and_terminates)
{
	char buf[8];
	int n;

	memset(buf, 'x', sizeof(buf));
	n = eeh_snprintf(buf, sizeof(buf), "%s-%d", "abcdef", 42);
	EXPECT_EQ(n, 9);
	EXPECT_STREQ(buf, "abcdef-");
}

TEST(msg_set_fills_and_returns_err)
{
	struct eeh_msg msg;

	EXPECT_EQ(eeh_msg_set(NULL, -EINVAL, "x %d", 1), -EINVAL);
	EXPECT_EQ(eeh_msg_set(&msg, -ENOMEM, "no room for %s", "it"), -ENOMEM);
	EXPECT_STREQ(msg.text, "no room for it");
}

struct sink_ctx {
	int calls, level;
	char text[64];
};

static void sink(void *ctx, int level, const char *text)
{
	struct sink_ctx *s = ctx;

	s->calls++;
	s->level = level;
	snprintf(s->text, sizeof(s->text), "%s", text);
}

TEST(log_sink_gets_every_level)
{
	struct sink_ctx s = { 0 };

	eeh_shim_set_log_sink(sink, &s);
	eeh_log(EEH_LOG_DEBUG, "PE#%x: %s", 0x1fd, "hello");
	EXPECT_EQ(s.calls, 1);
	EXPECT_EQ(s.level, EEH_LOG_DEBUG);
	EXPECT_STREQ(s.text, "PE#1fd: hello");
	eeh_shim_set_log_sink(NULL, NULL);
	eeh_log(EEH_LOG_ERR, "not seen");
	EXPECT_EQ(s.calls, 1);
}

TEST(wall_clock_moves_forward)
{
	u64 a = eeh_wall_ns(), b;

	usleep(1000);
	b = eeh_wall_ns();
	EXPECT_GE(b - a, 1000000);
}

TEST(mutex_lock_unlock)
{
	struct eeh_mutex l;

	eeh_mutex_init(&l);
	eeh_mutex_lock(&l);
	EXPECT_EQ(pthread_mutex_trylock(&l.m), EBUSY);
	eeh_mutex_unlock(&l);
	EXPECT_EQ(pthread_mutex_trylock(&l.m), 0);
	pthread_mutex_unlock(&l.m);
	eeh_mutex_destroy(&l);
}

TEST(ppc_bit_helpers)
{
	EXPECT_EQ_U64(EEH_PPC_BIT(0), 0x8000000000000000ULL);
	EXPECT_EQ_U64(EEH_PPC_BIT(63), 1);
	EXPECT_EQ_U64(EEH_PPC_BITMASK(59, 63), 0x1f);
	EXPECT_EQ_U64(EEH_GETFIELD(EEH_PPC_BITMASK(48, 50), 0x0000000000006000ULL), 3);
	EXPECT_EQ_U64(EEH_SETFIELD(EEH_PPC_BITMASK(59, 63), 0, 5), 5);
	EXPECT_EQ_U64(eeh_be64_to_cpu(eeh_cpu_to_be64(0x0102030405060708ULL)),
		      0x0102030405060708ULL);
}
