// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab realguest (runner/realguest.h): the pattern the DMA checks
 * compare byte for byte, the comparison, the names of hypercalls,
 * returns and tiers, and the number and tier parsers.
 */
#include <stdint.h>
#include "harness.h"
#include "realguest.h"

TEST(pattern_is_deterministic_and_seeded)
{
	uint8_t a[4096], b[4096], c[4096];

	eehlab_pattern(a, sizeof(a), 5);
	eehlab_pattern(b, sizeof(b), 5);
	eehlab_pattern(c, sizeof(c), 6);
	EXPECT_EQ(-1, (int)rg_first_diff(a, b, sizeof(a)));
	EXPECT_NE(-1, (int)rg_first_diff(a, c, sizeof(a)));
	/* a prefix is the same stream */
	eehlab_pattern(b, 100, 5);
	EXPECT_EQ(-1, (int)rg_first_diff(a, b, 100));
}

TEST(pattern_never_stuck)
{
	uint8_t a[4096];
	int zeros = 0;
	unsigned int i;

	/* the seed that cancels the constant */
	eehlab_pattern(a, sizeof(a), 0x9e3779b9u);
	for (i = 0; i < sizeof(a); i++)
		zeros += !a[i];
	EXPECT_LT(zeros, 64);
}

TEST(first_diff_finds_each_byte)
{
	uint8_t a[64], b[64];

	eehlab_pattern(a, sizeof(a), 1);
	memcpy(b, a, sizeof(b));
	EXPECT_EQ(-1, (int)rg_first_diff(a, b, sizeof(a)));
	b[0] ^= 1;
	EXPECT_EQ(0, (int)rg_first_diff(a, b, sizeof(a)));
	b[0] ^= 1;
	b[63] ^= 0x80;
	EXPECT_EQ(63, (int)rg_first_diff(a, b, sizeof(a)));
	EXPECT_EQ(-1, (int)rg_first_diff(a, b, 63));
}

TEST(names)
{
	EXPECT_STREQ("H_PUT_TCE", rg_hcall_name(0x20));
	EXPECT_STREQ("H_PUT_TCE_INDIRECT", rg_hcall_name(0x13C));
	EXPECT_STREQ("H_STUFF_TCE", rg_hcall_name(0x138));
	EXPECT_STREQ("H_?", rg_hcall_name(0x1C));
	EXPECT_STREQ("H_SUCCESS", rg_ret_name(0));
	EXPECT_STREQ("H_PARAMETER", rg_ret_name(-4));
	EXPECT_STREQ("H_TOO_HARD", rg_ret_name(9999));
	EXPECT_STREQ("H_HARDWARE", rg_ret_name(-1));
	EXPECT_STREQ("real", rg_tier_name(EEHLAB_RG_TIER_REAL));
	EXPECT_STREQ("user", rg_tier_name(EEHLAB_RG_TIER_USER));
	EXPECT_STREQ("?", rg_tier_name(3));
}

TEST(parse_tier)
{
	uint32_t t = 9;

	EXPECT_EQ(0, rg_parse_tier("virtual", &t));
	EXPECT_EQ(EEHLAB_RG_TIER_VIRTUAL, (int)t);
	EXPECT_EQ(0, rg_parse_tier("2", &t));
	EXPECT_EQ(EEHLAB_RG_TIER_USER, (int)t);
	EXPECT_EQ(-EINVAL, rg_parse_tier("3", &t));
	EXPECT_EQ(-EINVAL, rg_parse_tier("realmode", &t));
	EXPECT_EQ(-EINVAL, rg_parse_tier("", &t));
}

TEST(parse_u64)
{
	uint64_t v = 0;

	EXPECT_EQ(0, rg_parse_u64("0x1003", UINT64_MAX, &v));
	EXPECT_EQ_U64(0x1003, v);
	EXPECT_EQ(0, rg_parse_u64("4096", 4096, &v));
	EXPECT_EQ_U64(4096, v);
	EXPECT_EQ(-EINVAL, rg_parse_u64("4097", 4096, &v));
	EXPECT_EQ(-EINVAL, rg_parse_u64("-1", UINT64_MAX, &v));
	EXPECT_EQ(-EINVAL, rg_parse_u64("12x", UINT64_MAX, &v));
	EXPECT_EQ(-EINVAL, rg_parse_u64("", UINT64_MAX, &v));
	EXPECT_EQ(-EINVAL, rg_parse_u64(NULL, UINT64_MAX, &v));
	EXPECT_EQ(-EINVAL, rg_parse_u64("0x10000000000000000", UINT64_MAX, &v));
}
