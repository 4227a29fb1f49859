/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * eehlab realguest (runner/realguest.c): the module-side guest that owns
 * a real PE's TCE table (EEHLAB_CMD_REAL_GUEST, driver/eehlab_tce_real.c).
 * The pure parts (pattern, comparison, names, numbers) are inline here.
 */
#ifndef EEHLAB_RUNNER_REALGUEST_H
#define EEHLAB_RUNNER_REALGUEST_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "uapi/linux/eehlab.h"

struct eeh_msg;

#define RG_EXIT_FAILED	1
#define RG_EXIT_USAGE	2
#define RG_DATA_MAX	4096
#define RG_DMA_MAX	4095

/* PAPR codes (H_TOO_HARD: the kernel's "next tier") */
#define RG_H_SUCCESS		0
#define RG_H_HARDWARE		(-1)
#define RG_H_FUNCTION		(-2)
#define RG_H_PARAMETER		(-4)
#define RG_H_TOO_HARD		9999
#define RG_H_PUT_TCE		0x20
#define RG_H_STUFF_TCE		0x138
#define RG_H_PUT_TCE_INDIRECT	0x13C

/* A REAL_GUEST request (op and what it uses) and its reply */
struct rg_req {
	uint32_t op;
	const char *bdf;
	uint32_t pages, liobn_tier;
	uint32_t hcall, count, tier;
	bool has_liobn;
	uint32_t liobn;
	uint64_t ioba, tce, gpa;
	uint32_t len, dir, dev_off;
	const void *data;	/* WRITE: len bytes */
};

struct rg_reply {
	bool got;
	char bdf[16];
	char msg[192];
	uint32_t liobn, liobn_tier, domain, pe_addr, funcs, page_shift, pages, passed;
	uint64_t window, hpa;
	uint32_t tier;
	int64_t ret;
	uint64_t tce;		/* the real entry at IOBA after an HCALL */
	uint8_t data[RG_DATA_MAX];
	uint32_t data_len;
	int result, freeze, pe_state;
	bool fault, detected, host_table, has_freeze;
	uint64_t fault_ioba;
};

/*
 * EEHLAB_CMD_REAL_GUEST (needs CAP_NET_ADMIN): one operation; 0 with
 * @r filled, or -errno with @msg (the module's text; -ENOENT: not loaded).
 */
int backend_kernel_real_guest(const struct rg_req *q, struct rg_reply *r, struct eeh_msg *msg);

int realguest_main(int argc, char **argv);

/* The first offset where @a and @b differ, or -1: byte for byte. */
static inline long rg_first_diff(const uint8_t *a, const uint8_t *b, uint32_t len)
{
	uint32_t i;

	for (i = 0; i < len; i++)
		if (a[i] != b[i])
			return (long)i;
	return -1;
}

static inline const char *rg_hcall_name(uint32_t h)
{
	switch (h) {
	case RG_H_PUT_TCE:		return "H_PUT_TCE";
	case RG_H_PUT_TCE_INDIRECT:	return "H_PUT_TCE_INDIRECT";
	case RG_H_STUFF_TCE:		return "H_STUFF_TCE";
	}
	return "H_?";
}

static inline const char *rg_ret_name(int64_t rc)
{
	switch (rc) {
	case RG_H_SUCCESS:	return "H_SUCCESS";
	case RG_H_HARDWARE:	return "H_HARDWARE";
	case RG_H_FUNCTION:	return "H_FUNCTION";
	case RG_H_PARAMETER:	return "H_PARAMETER";
	case RG_H_TOO_HARD:	return "H_TOO_HARD";
	}
	return "H_?";
}

static inline const char *rg_tier_name(uint32_t t)
{
	static const char *const n[] = { "real", "virtual", "user" };

	return t <= EEHLAB_RG_TIER_USER ? n[t] : "?";
}

/* "real", "virtual", "user" (or 0, 1, 2): 0 with *@t, else -EINVAL */
static inline int rg_parse_tier(const char *s, uint32_t *t)
{
	uint32_t i;

	for (i = 0; i <= EEHLAB_RG_TIER_USER; i++) {
		if (!strcmp(s, rg_tier_name(i)) || (s[0] == (char)('0' + i) && !s[1])) {
			*t = i;
			return 0;
		}
	}
	return -EINVAL;
}

/* A number (decimal, or hex with 0x) up to @max: 0 with *@v, else -EINVAL */
static inline int rg_parse_u64(const char *s, uint64_t max, uint64_t *v)
{
	unsigned long long n;
	char *end;

	if (!s || !*s || *s == '-' || *s == '+')
		return -EINVAL;
	errno = 0;
	n = strtoull(s, &end, 0);
	if (errno || *end || n > max)
		return -EINVAL;
	*v = n;
	return 0;
}

#endif /* EEHLAB_RUNNER_REALGUEST_H */
