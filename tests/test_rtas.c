// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: eehlab-vmm's RTAS layer (kvm/rtas.c) and the rtas command
 * of its scripts (kvm/script.c): every token, every refusal, the
 * buffer's byte order and bounds, and what VFIO_EEH_PE_OP is asked for
 * (a fake pe_op records it), as QEMU's sPAPR code answers.
 */
#include "harness.h"
#include "../kvm/rtas.h"
#include "../kvm/script.h"
#include "../kvm/utce.h"
#include "../kvm/guest/abi.h"

#define MEM	(1ULL << 20)
#define BUF	0x8000ULL

static const struct vmm_rtas_pe the_pe = { RTAS_BUID, RTAS_CONFIG_ADDR };

/* the fake VFIO_EEH_PE_OP: records the ops, answers ret */
struct fake {
	unsigned int ops[16];
	int n;
	int ret;
};

static int fake_op(void *ctx, unsigned int op)
{
	struct fake *f = ctx;

	if (f->n < 16)
		f->ops[f->n] = op;
	f->n++;
	return f->ret;
}

static void be32_put(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static uint32_t be32_get(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* a buffer at gpa: token, nargs, nret, args; rets poisoned */
static void put_buf(uint8_t *m, uint64_t gpa, uint32_t token, uint32_t nargs,
		    uint32_t nret, const uint32_t *args)
{
	uint32_t i;

	be32_put(m + gpa, token);
	be32_put(m + gpa + 4, nargs);
	be32_put(m + gpa + 8, nret);
	for (i = 0; i < nargs; i++)
		be32_put(m + gpa + 12 + 4 * i, args[i]);
	for (i = 0; i < (nret ? nret : 1); i++)
		be32_put(m + gpa + 12 + 4 * (nargs + i), RTAS_POISON);
}

static int32_t get_ret(const uint8_t *m, uint64_t gpa, uint32_t nargs, uint32_t i)
{
	return (int32_t)be32_get(m + gpa + 12 + 4 * (nargs + i));
}

#define BUID_HI	((uint32_t)(RTAS_BUID >> 32))
#define BUID_LO	((uint32_t)RTAS_BUID)

/* one call of the standard layout at BUF: rets[0] */
static int32_t call(uint8_t *m, uint32_t token, uint32_t nargs, uint32_t nret,
		    const uint32_t *args, const struct vmm_rtas_pe *pe, struct fake *f,
		    struct vmm_rtas_result *r, long *hret)
{
	long h;

	put_buf(m, BUF, token, nargs, nret, args);
	h = vmm_rtas_call(m, MEM, BUF, pe, fake_op, f, r);
	if (hret)
		*hret = h;
	return get_ret(m, BUF, nargs, 0);
}

TEST(rtas_set_eeh_option_maps_to_vfio)
{
	uint8_t *m = calloc(1, MEM);
	struct vmm_rtas_result r;
	struct fake f = { .ret = 0 };
	uint32_t a[8] = { RTAS_PE_ADDR, BUID_HI, BUID_LO, 0 };
	unsigned int opt;
	long h;

	ASSERT_NOT_NULL(m);
	for (opt = 0; opt < 4; opt++) {
		a[3] = opt;
		EXPECT_EQ(0, call(m, RTAS_TOKEN_SET_EEH_OPTION, 4, 1, a, &the_pe, &f, &r, &h));
		EXPECT_EQ(H_SUCCESS, h);
		EXPECT_EQ((int)opt, r.op);
		EXPECT_STREQ("ibm,set-eeh-option", r.name);
	}
	ASSERT_EQ(4, f.n);
	/* disable, enable, thaw MMIO, thaw DMA: VFIO_EEH_PE_DISABLE .. UNFREEZE_DMA */
	EXPECT_EQ(VMM_EEH_PE_DISABLE, f.ops[0]);
	EXPECT_EQ(VMM_EEH_PE_ENABLE, f.ops[1]);
	EXPECT_EQ(VMM_EEH_PE_UNFREEZE_IO, f.ops[2]);
	EXPECT_EQ(VMM_EEH_PE_UNFREEZE_DMA, f.ops[3]);
	/* the ioctl failing: hardware error */
	f.ret = -5;
	a[3] = RTAS_EEH_THAW_IO;
	EXPECT_EQ(RTAS_OUT_HW_ERROR, call(m, RTAS_TOKEN_SET_EEH_OPTION, 4, 1, a, &the_pe, &f, &r, &h));
	EXPECT_EQ(H_SUCCESS, h);
	EXPECT_EQ(-5, r.op_ret);
	free(m);
}

TEST(rtas_set_eeh_option_refusals)
{
	uint8_t *m = calloc(1, MEM);
	struct vmm_rtas_result r;
	struct fake f = { .ret = 0 };
	uint32_t a[8] = { RTAS_PE_ADDR, BUID_HI, BUID_LO, 4, 0 };

	ASSERT_NOT_NULL(m);
	EXPECT_EQ(-3, call(m, RTAS_TOKEN_SET_EEH_OPTION, 4, 1, a, &the_pe, &f, &r, NULL));
	EXPECT_STREQ("unknown option", r.why);
	a[3] = 0xffffffff;
	EXPECT_EQ(-3, call(m, RTAS_TOKEN_SET_EEH_OPTION, 4, 1, a, &the_pe, &f, &r, NULL));
	/* enable: a function on the address's bus; bus 1 has none */
	a[3] = RTAS_EEH_ENABLE;
	a[0] = 0x10001;
	EXPECT_EQ(-3, call(m, RTAS_TOKEN_SET_EEH_OPTION, 4, 1, a, &the_pe, &f, &r, NULL));
	/* the config address (bus 0) does as well as the PE address */
	a[0] = RTAS_CONFIG_ADDR;
	EXPECT_EQ(0, call(m, RTAS_TOKEN_SET_EEH_OPTION, 4, 1, a, &the_pe, &f, &r, NULL));
	/* the other options do not look at the address (QEMU) */
	a[0] = 0x10001;
	a[3] = RTAS_EEH_THAW_DMA;
	EXPECT_EQ(0, call(m, RTAS_TOKEN_SET_EEH_OPTION, 4, 1, a, &the_pe, &f, &r, NULL));
	EXPECT_EQ(2, f.n);
	/* nargs, nret */
	EXPECT_EQ(-3, call(m, RTAS_TOKEN_SET_EEH_OPTION, 3, 1, a, &the_pe, &f, &r, NULL));
	EXPECT_EQ(-3, call(m, RTAS_TOKEN_SET_EEH_OPTION, 5, 1, a, &the_pe, &f, &r, NULL));
	EXPECT_EQ(-3, call(m, RTAS_TOKEN_SET_EEH_OPTION, 4, 2, a, &the_pe, &f, &r, NULL));
	EXPECT_EQ(-3, call(m, RTAS_TOKEN_SET_EEH_OPTION, 4, 0, a, &the_pe, &f, &r, NULL));
	EXPECT_EQ(2, f.n);
	EXPECT_EQ(-1, r.op);
	free(m);
}

TEST(rtas_read_slot_reset_state2)
{
	uint8_t *m = calloc(1, MEM);
	struct vmm_rtas_result r;
	struct fake f = { .ret = 2 };
	uint32_t a[8] = { RTAS_PE_ADDR, BUID_HI, BUID_LO };
	long h;

	ASSERT_NOT_NULL(m);
	be32_put(m + BUF + 12 + 4 * 7, RTAS_POISON);	/* the word after rets[3] */
	EXPECT_EQ(0, call(m, RTAS_TOKEN_READ_SLOT_RESET_STATE2, 3, 4, a, &the_pe, &f, &r, &h));
	EXPECT_EQ(H_SUCCESS, h);
	EXPECT_EQ(2, get_ret(m, BUF, 3, 1));
	EXPECT_EQ(RTAS_EEH_SUPPORT, get_ret(m, BUF, 3, 2));
	EXPECT_EQ(1000, get_ret(m, BUF, 3, 3));
	/* rets[4] is not the guest's with nret 4: left alone */
	EXPECT_EQ((int32_t)RTAS_POISON, get_ret(m, BUF, 3, 4));
	EXPECT_EQ(4, r.written);
	ASSERT_EQ(1, f.n);
	EXPECT_EQ(VMM_EEH_PE_GET_STATE, f.ops[0]);
	/* nret 5: rets[4] 0 */
	f.ret = 5;
	be32_put(m + BUF + 12 + 4 * 7, RTAS_POISON);
	EXPECT_EQ(0, call(m, RTAS_TOKEN_READ_SLOT_RESET_STATE2, 3, 5, a, &the_pe, &f, &r, NULL));
	EXPECT_EQ(5, get_ret(m, BUF, 3, 1));
	EXPECT_EQ(0, get_ret(m, BUF, 3, 4));
	EXPECT_EQ(5, r.written);
	/* the ioctl failing: a parameter error (QEMU's get-state) */
	f.ret = -22;
	EXPECT_EQ(-3, call(m, RTAS_TOKEN_READ_SLOT_RESET_STATE2, 3, 4, a, &the_pe, &f, &r, NULL));
	EXPECT_EQ((int32_t)RTAS_POISON, get_ret(m, BUF, 3, 1));
	/* nargs 3 and nret 4 or 5 only */
	f.ret = 0;
	f.n = 0;
	EXPECT_EQ(-3, call(m, RTAS_TOKEN_READ_SLOT_RESET_STATE2, 3, 3, a, &the_pe, &f, &r, NULL));
	EXPECT_EQ(-3, call(m, RTAS_TOKEN_READ_SLOT_RESET_STATE2, 3, 6, a, &the_pe, &f, &r, NULL));
	EXPECT_EQ(-3, call(m, RTAS_TOKEN_READ_SLOT_RESET_STATE2, 4, 4, a, &the_pe, &f, &r, NULL));
	EXPECT_EQ(-3, call(m, RTAS_TOKEN_READ_SLOT_RESET_STATE2, 2, 4, a, &the_pe, &f, &r, NULL));
	EXPECT_EQ(0, f.n);
	free(m);
}

TEST(rtas_set_slot_reset_maps_to_vfio)
{
	uint8_t *m = calloc(1, MEM);
	struct vmm_rtas_result r;
	struct fake f = { .ret = 0 };
	uint32_t a[8] = { RTAS_PE_ADDR, BUID_HI, BUID_LO, RTAS_SLOT_RESET_HOT };

	ASSERT_NOT_NULL(m);
	EXPECT_EQ(0, call(m, RTAS_TOKEN_SET_SLOT_RESET, 4, 1, a, &the_pe, &f, &r, NULL));
	a[3] = RTAS_SLOT_RESET_DEACTIVATE;
	EXPECT_EQ(0, call(m, RTAS_TOKEN_SET_SLOT_RESET, 4, 1, a, &the_pe, &f, &r, NULL));
	a[3] = RTAS_SLOT_RESET_FUNDAMENTAL;
	EXPECT_EQ(0, call(m, RTAS_TOKEN_SET_SLOT_RESET, 4, 1, a, &the_pe, &f, &r, NULL));
	ASSERT_EQ(3, f.n);
	EXPECT_EQ(VMM_EEH_PE_RESET_HOT, f.ops[0]);
	EXPECT_EQ(VMM_EEH_PE_RESET_DEACTIVATE, f.ops[1]);
	EXPECT_EQ(VMM_EEH_PE_RESET_FUNDAMENTAL, f.ops[2]);
	/* 2 is no option; the ioctl failing is a hardware error */
	a[3] = 2;
	EXPECT_EQ(-3, call(m, RTAS_TOKEN_SET_SLOT_RESET, 4, 1, a, &the_pe, &f, &r, NULL));
	EXPECT_EQ(3, f.n);
	f.ret = -16;
	a[3] = RTAS_SLOT_RESET_HOT;
	EXPECT_EQ(-1, call(m, RTAS_TOKEN_SET_SLOT_RESET, 4, 1, a, &the_pe, &f, &r, NULL));
	EXPECT_EQ(-3, call(m, RTAS_TOKEN_SET_SLOT_RESET, 4, 2, a, &the_pe, &f, &r, NULL));
	EXPECT_EQ(4, f.n);
	free(m);
}

TEST(rtas_configure_pe)
{
	uint8_t *m = calloc(1, MEM);
	struct vmm_rtas_result r;
	struct fake f = { .ret = 0 };
	uint32_t a[8] = { RTAS_PE_ADDR, BUID_HI, BUID_LO, 0 };

	ASSERT_NOT_NULL(m);
	EXPECT_EQ(0, call(m, RTAS_TOKEN_CONFIGURE_PE, 3, 1, a, &the_pe, &f, &r, NULL));
	ASSERT_EQ(1, f.n);
	EXPECT_EQ(VMM_EEH_PE_CONFIGURE, f.ops[0]);
	EXPECT_EQ(VMM_EEH_PE_CONFIGURE, r.op);
	EXPECT_STREQ("ibm,configure-pe", r.name);
	/* the ioctl failing: a parameter error (QEMU's configure) */
	f.ret = -1;
	EXPECT_EQ(-3, call(m, RTAS_TOKEN_CONFIGURE_PE, 3, 1, a, &the_pe, &f, &r, NULL));
	EXPECT_EQ(-3, call(m, RTAS_TOKEN_CONFIGURE_PE, 4, 1, a, &the_pe, &f, &r, NULL));
	EXPECT_EQ(-3, call(m, RTAS_TOKEN_CONFIGURE_PE, 3, 2, a, &the_pe, &f, &r, NULL));
	EXPECT_EQ(2, f.n);
	free(m);
}

TEST(rtas_get_config_addr_info2)
{
	uint8_t *m = calloc(1, MEM);
	struct vmm_rtas_result r;
	struct fake f = { .ret = 0 };
	uint32_t a[8] = { RTAS_CONFIG_ADDR, BUID_HI, BUID_LO, RTAS_GET_PE_ADDR };
	struct vmm_rtas_pe bus3 = { RTAS_BUID, 0x30800 };

	ASSERT_NOT_NULL(m);
	EXPECT_EQ(0, call(m, RTAS_TOKEN_GET_CONFIG_ADDR_INFO2, 4, 2, a, &the_pe, &f, &r, NULL));
	EXPECT_EQ(RTAS_PE_ADDR, get_ret(m, BUF, 4, 1));
	/* a register number in the address does not matter; the devfn does */
	a[0] = RTAS_CONFIG_ADDR | 0x10;
	EXPECT_EQ(0, call(m, RTAS_TOKEN_GET_CONFIG_ADDR_INFO2, 4, 2, a, &the_pe, &f, &r, NULL));
	a[0] = 0x900;
	EXPECT_EQ(-3, call(m, RTAS_TOKEN_GET_CONFIG_ADDR_INFO2, 4, 2, a, &the_pe, &f, &r, NULL));
	a[0] = 0x10800;
	EXPECT_EQ(-3, call(m, RTAS_TOKEN_GET_CONFIG_ADDR_INFO2, 4, 2, a, &the_pe, &f, &r, NULL));
	/* on bus 3: (3 << 16) + 1 */
	a[0] = 0x30800;
	EXPECT_EQ(0, call(m, RTAS_TOKEN_GET_CONFIG_ADDR_INFO2, 4, 2, a, &bus3, &f, &r, NULL));
	EXPECT_EQ(0x30001, get_ret(m, BUF, 4, 1));
	a[3] = RTAS_GET_PE_MODE;
	a[0] = 0;
	EXPECT_EQ(0, call(m, RTAS_TOKEN_GET_CONFIG_ADDR_INFO2, 4, 2, a, &the_pe, &f, &r, NULL));
	EXPECT_EQ(RTAS_PE_MODE_SHARED, get_ret(m, BUF, 4, 1));
	a[3] = 2;
	EXPECT_EQ(-3, call(m, RTAS_TOKEN_GET_CONFIG_ADDR_INFO2, 4, 2, a, &the_pe, &f, &r, NULL));
	EXPECT_EQ((int32_t)RTAS_POISON, get_ret(m, BUF, 4, 1));
	a[3] = RTAS_GET_PE_MODE;
	EXPECT_EQ(-3, call(m, RTAS_TOKEN_GET_CONFIG_ADDR_INFO2, 4, 1, a, &the_pe, &f, &r, NULL));
	EXPECT_EQ(-3, call(m, RTAS_TOKEN_GET_CONFIG_ADDR_INFO2, 3, 2, a, &the_pe, &f, &r, NULL));
	/* no ioctl for it */
	EXPECT_EQ(0, f.n);
	free(m);
}

TEST(rtas_slot_error_detail)
{
	uint8_t *m = calloc(1, MEM);
	struct vmm_rtas_result r;
	struct fake f = { .ret = 0 };
	uint32_t a[8] = { RTAS_PE_ADDR, BUID_HI, BUID_LO, 0, 0, 0, 0, RTAS_SLOT_TEMP_ERR_LOG };

	ASSERT_NOT_NULL(m);
	EXPECT_EQ(RTAS_OUT_NO_ERRORS_FOUND,
		  call(m, RTAS_TOKEN_SLOT_ERROR_DETAIL, 8, 1, a, &the_pe, &f, &r, NULL));
	a[7] = RTAS_SLOT_PERM_ERR_LOG;
	EXPECT_EQ(1, call(m, RTAS_TOKEN_SLOT_ERROR_DETAIL, 8, 1, a, &the_pe, &f, &r, NULL));
	a[7] = 0;
	EXPECT_EQ(-3, call(m, RTAS_TOKEN_SLOT_ERROR_DETAIL, 8, 1, a, &the_pe, &f, &r, NULL));
	a[7] = 3;
	EXPECT_EQ(-3, call(m, RTAS_TOKEN_SLOT_ERROR_DETAIL, 8, 1, a, &the_pe, &f, &r, NULL));
	a[7] = 1;
	EXPECT_EQ(-3, call(m, RTAS_TOKEN_SLOT_ERROR_DETAIL, 7, 1, a, &the_pe, &f, &r, NULL));
	EXPECT_EQ(-3, call(m, RTAS_TOKEN_SLOT_ERROR_DETAIL, 8, 2, a, &the_pe, &f, &r, NULL));
	EXPECT_EQ(0, f.n);
	free(m);
}

/* every token: another BUID, or no VFIO function, is -3 and no ioctl */
TEST(rtas_every_token_refused_without_the_pe)
{
	static const struct { uint32_t token, nargs, nret, opt; } t[] = {
		{ RTAS_TOKEN_SET_EEH_OPTION, 4, 1, RTAS_EEH_ENABLE },
		{ RTAS_TOKEN_READ_SLOT_RESET_STATE2, 3, 4, 0 },
		{ RTAS_TOKEN_SET_SLOT_RESET, 4, 1, RTAS_SLOT_RESET_HOT },
		{ RTAS_TOKEN_CONFIGURE_PE, 3, 1, 0 },
		{ RTAS_TOKEN_GET_CONFIG_ADDR_INFO2, 4, 2, RTAS_GET_PE_MODE },
		{ RTAS_TOKEN_SLOT_ERROR_DETAIL, 8, 1, 0 },
	};
	uint8_t *m = calloc(1, MEM);
	struct vmm_rtas_result r;
	struct fake f = { .ret = 0 };
	struct vmm_rtas_pe other = { RTAS_BUID + 1, RTAS_CONFIG_ADDR };
	size_t i;
	long h;

	ASSERT_NOT_NULL(m);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		uint32_t a[8] = { RTAS_CONFIG_ADDR, BUID_HI, BUID_LO, t[i].opt, 0, 0, 0, 1 };

		/* with the PE: accepted */
		EXPECT_GE(call(m, t[i].token, t[i].nargs, t[i].nret, a, &the_pe, &f, &r, &h), 0);
		EXPECT_TRUE(vmm_rtas_name(t[i].token) != NULL);
		EXPECT_EQ(-3, call(m, t[i].token, t[i].nargs, t[i].nret, a, &other, &f, &r, &h));
		EXPECT_EQ(H_SUCCESS, h);
		EXPECT_STREQ("no PHB with this BUID", r.why);
		EXPECT_EQ(-3, call(m, t[i].token, t[i].nargs, t[i].nret, a, NULL, &f, &r, &h));
		EXPECT_EQ(H_SUCCESS, h);
		EXPECT_EQ(-1, r.op);
		/* the BUID's two halves swapped */
		a[1] = BUID_LO;
		a[2] = BUID_HI;
		EXPECT_EQ(-3, call(m, t[i].token, t[i].nargs, t[i].nret, a, &the_pe, &f, &r, &h));
	}
	/* only the accepted ones reached the ioctl: enable, get-state, hot, configure */
	EXPECT_EQ(4, f.n);
	free(m);
}

TEST(rtas_unknown_token)
{
	uint8_t *m = calloc(1, MEM);
	struct vmm_rtas_result r;
	struct fake f = { .ret = 0 };
	uint32_t a[8] = { RTAS_PE_ADDR, BUID_HI, BUID_LO };
	long h;

	ASSERT_NOT_NULL(m);
	EXPECT_EQ(-3, call(m, 0x2fff, 3, 1, a, &the_pe, &f, &r, &h));
	EXPECT_EQ(H_PARAMETER, h);
	EXPECT_EQ(H_PARAMETER, r.hret);
	EXPECT_TRUE(r.name == NULL);
	EXPECT_STREQ("unknown token", r.why);
	EXPECT_EQ(-3, call(m, 0, 0, 0, a, &the_pe, &f, &r, &h));
	EXPECT_EQ(H_PARAMETER, h);
	EXPECT_EQ(0, f.n);
	EXPECT_TRUE(vmm_rtas_name(0x2fff) == NULL);
	free(m);
}

TEST(rtas_big_endian_words)
{
	uint8_t *m = calloc(1, MEM);
	struct vmm_rtas_result r;
	struct fake f = { .ret = 4 };
	static const uint8_t hdr[12] = {
		0, 0, RTAS_TOKEN_READ_SLOT_RESET_STATE2 >> 8, RTAS_TOKEN_READ_SLOT_RESET_STATE2 & 0xff,
		0, 0, 0, 3, 0, 0, 0, 5,
	};
	const uint8_t *rets = m + BUF + 24;

	ASSERT_NOT_NULL(m);
	memcpy(m + BUF, hdr, 12);
	be32_put(m + BUF + 16, BUID_HI);
	be32_put(m + BUF + 20, BUID_LO);
	EXPECT_EQ(H_SUCCESS, vmm_rtas_call(m, MEM, BUF, &the_pe, fake_op, &f, &r));
	EXPECT_EQ(RTAS_TOKEN_READ_SLOT_RESET_STATE2, r.token);
	EXPECT_EQ(3, r.nargs);
	EXPECT_EQ(5, r.nret);
	/* status 0, state 4, 1, 1000 (0x3e8), 0: each byte where PAPR puts it */
	EXPECT_EQ(0, memcmp(rets, "\0\0\0\0" "\0\0\0\4" "\0\0\0\1" "\0\0\x03\xe8" "\0\0\0\0", 20));
	/* a BUID in host order is another BUID */
	memset(m + BUF, 0, 64);
	memcpy(m + BUF, hdr, 12);
	memcpy(m + BUF + 16, &(uint32_t){ BUID_HI }, 4);
	memcpy(m + BUF + 20, &(uint32_t){ BUID_LO }, 4);
	EXPECT_EQ(H_SUCCESS, vmm_rtas_call(m, MEM, BUF, &the_pe, fake_op, &f, &r));
	EXPECT_EQ(0, memcmp(rets, "\xff\xff\xff\xfd", 4));
	free(m);
}

TEST(rtas_buffer_bounds)
{
	uint8_t *m = calloc(1, MEM);
	uint8_t *copy = malloc(MEM);
	struct vmm_rtas_result r;
	struct fake f = { .ret = 0 };
	uint32_t a[8] = { RTAS_PE_ADDR, BUID_HI, BUID_LO };
	uint64_t end;

	ASSERT_NOT_NULL(m);
	ASSERT_NOT_NULL(copy);
	/* configure-pe: 12 + 3 * 4 + 4 = 28 bytes, exactly at the end */
	end = MEM - 28;
	put_buf(m, end, RTAS_TOKEN_CONFIGURE_PE, 3, 1, a);
	EXPECT_EQ(H_SUCCESS, vmm_rtas_call(m, MEM, end, &the_pe, fake_op, &f, &r));
	EXPECT_EQ(0, get_ret(m, end, 3, 0));
	EXPECT_EQ(1, f.n);
	/* nret 2 there: its rets[1] would be past the end: H_PARAMETER, nothing written */
	be32_put(m + end + 8, 2);
	memcpy(copy, m, MEM);
	EXPECT_EQ(H_PARAMETER, vmm_rtas_call(m, MEM, end, &the_pe, fake_op, &f, &r));
	EXPECT_EQ(0, memcmp(copy, m, MEM));
	EXPECT_EQ(1, f.n);
	/* the header past the end, at the end, past memory */
	EXPECT_EQ(H_PARAMETER, vmm_rtas_call(m, MEM, MEM - 8, &the_pe, fake_op, &f, &r));
	EXPECT_EQ(H_PARAMETER, vmm_rtas_call(m, MEM, MEM, &the_pe, fake_op, &f, &r));
	EXPECT_EQ(H_PARAMETER, vmm_rtas_call(m, MEM, MEM + 0x1000, &the_pe, fake_op, &f, &r));
	EXPECT_EQ(H_PARAMETER, vmm_rtas_call(m, MEM, UINT64_MAX, &the_pe, fake_op, &f, &r));
	EXPECT_EQ(H_PARAMETER, vmm_rtas_call(NULL, 0, 0, &the_pe, fake_op, &f, &r));
	EXPECT_EQ(0, memcmp(copy, m, MEM));
	/* nargs and nret of 2^32 - 1: no overflow, H_PARAMETER */
	put_buf(m, BUF, RTAS_TOKEN_CONFIGURE_PE, 3, 1, a);
	be32_put(m + BUF + 4, 0xffffffff);
	memcpy(copy, m, MEM);
	EXPECT_EQ(H_PARAMETER, vmm_rtas_call(m, MEM, BUF, &the_pe, fake_op, &f, &r));
	be32_put(m + BUF + 4, 3);
	be32_put(m + BUF + 8, 0xffffffff);
	memcpy(copy, m, MEM);
	EXPECT_EQ(H_PARAMETER, vmm_rtas_call(m, MEM, BUF, &the_pe, fake_op, &f, &r));
	EXPECT_EQ(0, memcmp(copy, m, MEM));
	EXPECT_STREQ("the buffer (nargs and nret words) runs past guest memory", r.why);
	/* nret 0: rets[0] written all the same, so it needs its room */
	put_buf(m, MEM - 28, RTAS_TOKEN_CONFIGURE_PE, 3, 0, a);
	EXPECT_EQ(H_SUCCESS, vmm_rtas_call(m, MEM, MEM - 28, &the_pe, fake_op, &f, &r));
	EXPECT_EQ(-3, get_ret(m, MEM - 28, 3, 0));
	memmove(m + MEM - 24, m + MEM - 28, 24);	/* 24 bytes: no room for rets[0] */
	memcpy(copy, m, MEM);
	EXPECT_EQ(H_PARAMETER, vmm_rtas_call(m, MEM, MEM - 24, &the_pe, fake_op, &f, &r));
	EXPECT_EQ(0, memcmp(copy, m, MEM));
	put_buf(m, BUF, RTAS_TOKEN_CONFIGURE_PE, 3, 0, a);
	EXPECT_EQ(H_SUCCESS, vmm_rtas_call(m, MEM, BUF, &the_pe, fake_op, &f, &r));
	EXPECT_EQ(-3, get_ret(m, BUF, 3, 0));
	EXPECT_EQ(1, r.written);
	EXPECT_EQ(1, f.n);
	/* the top 4 bits of r4 are not part of the address */
	put_buf(m, BUF, RTAS_TOKEN_CONFIGURE_PE, 3, 1, a);
	EXPECT_EQ(H_SUCCESS, vmm_rtas_call(m, MEM, BUF | 0xf000000000000000ULL, &the_pe, fake_op,
					   &f, &r));
	EXPECT_EQ_U64(BUF, r.gpa);
	EXPECT_EQ(0, get_ret(m, BUF, 3, 0));
	EXPECT_EQ(2, f.n);
	/* out may be NULL */
	EXPECT_EQ(H_PARAMETER, vmm_rtas_call(m, MEM, MEM, &the_pe, fake_op, &f, NULL));
	free(copy);
	free(m);
}

TEST(rtas_names)
{
	EXPECT_STREQ("ibm,set-eeh-option", vmm_rtas_name(RTAS_TOKEN_SET_EEH_OPTION));
	EXPECT_STREQ("ibm,read-slot-reset-state2", vmm_rtas_name(RTAS_TOKEN_READ_SLOT_RESET_STATE2));
	EXPECT_STREQ("ibm,set-slot-reset", vmm_rtas_name(RTAS_TOKEN_SET_SLOT_RESET));
	EXPECT_STREQ("ibm,configure-pe", vmm_rtas_name(RTAS_TOKEN_CONFIGURE_PE));
	EXPECT_STREQ("ibm,get-config-addr-info2", vmm_rtas_name(RTAS_TOKEN_GET_CONFIG_ADDR_INFO2));
	EXPECT_STREQ("ibm,slot-error-detail", vmm_rtas_name(RTAS_TOKEN_SLOT_ERROR_DETAIL));
	EXPECT_STREQ("get-state", vmm_rtas_op_name(VMM_EEH_PE_GET_STATE));
	EXPECT_STREQ("configure", vmm_rtas_op_name(VMM_EEH_PE_CONFIGURE));
	EXPECT_TRUE(vmm_rtas_op_name(9) == NULL);
	EXPECT_TRUE(vmm_rtas_op_name(-1) == NULL);
	EXPECT_STREQ("stopped", vmm_rtas_state_name(2));
	EXPECT_STREQ("stopped-dma", vmm_rtas_state_name(4));
	EXPECT_TRUE(vmm_rtas_state_name(3) == NULL);
	EXPECT_TRUE(vmm_rtas_state_name(6) == NULL);
	/* the script's op names and the RTAS layer's are the same */
	EXPECT_STREQ(vmm_eeh_op_name(VMM_EEH_PE_RESET_DEACTIVATE),
		     vmm_rtas_op_name(VMM_EEH_PE_RESET_DEACTIVATE));
}

/* ---- the rtas command ---- */

static int parse(const char *text, struct vmm_script *s, char *err)
{
	return vmm_script_parse("t.vmm", text, s, err, 512);
}

static const char *parse_err(const char *text)
{
	static char err[512];
	struct vmm_script s;

	err[0] = 0;
	parse(text, &s, err);
	vmm_script_free(&s);
	return err;
}

TEST(script_rtas_commands)
{
	struct vmm_script s;
	char err[512] = "";
	const struct vmm_cmd *c;

	ASSERT_EQ(0, parse("rtas set-eeh-option thaw-dma\n"
			   "rtas read-slot-reset-state2 state=stopped-dma\n"
			   "RTAS set-slot-reset FUNDAMENTAL status=-1\n"
			   "rtas configure-pe expect=H_PARAMETER\n"
			   "rtas get-config-addr-info2 pe-addr\n"
			   "rtas get-config-addr-info2 pe-mode value=7 by=vmm\n"
			   "rtas slot-error-detail perm\n"
			   "rtas set-eeh-option 9 token=0x1234 nargs=5 nret=0 buid=0x1122334455 addr=0x30001 gpa=0x200000 status=-3\n",
			   &s, err));
	EXPECT_STREQ("", err);
	ASSERT_EQ(8, s.n);
	EXPECT_EQ(8, s.ncalls);
	c = &s.cmds[0];
	EXPECT_EQ(VMM_RTAS, c->op);
	EXPECT_EQ_U64(H_RTAS, vmm_cmd_hcall(c));
	EXPECT_FALSE(vmm_cmd_is_action(c));
	EXPECT_EQ(RTAS_TOKEN_SET_EEH_OPTION, c->rtas_token);
	EXPECT_EQ(4, c->rtas_nargs);
	EXPECT_EQ(1, c->rtas_nret);
	EXPECT_EQ(RTAS_PE_ADDR, c->rtas_args[0]);
	EXPECT_EQ_U64(RTAS_BUID, (uint64_t)c->rtas_args[1] << 32 | c->rtas_args[2]);
	EXPECT_EQ(RTAS_EEH_THAW_DMA, c->rtas_args[3]);
	EXPECT_EQ_U64(GUEST_RTAS_GPA, c->gpa);
	EXPECT_EQ(1, c->has_expect);
	EXPECT_EQ(H_SUCCESS, c->expect);
	EXPECT_TRUE(c->has_status);
	EXPECT_EQ(0, c->status);
	EXPECT_STREQ("set-eeh-option", vmm_rtas_sub_name(c->rtas_sub));
	c = &s.cmds[1];
	EXPECT_EQ(3, c->rtas_nargs);
	EXPECT_EQ(4, c->rtas_nret);
	EXPECT_EQ(1, c->has_value);
	EXPECT_EQ_U64(4, c->value);
	c = &s.cmds[2];
	EXPECT_EQ(RTAS_SLOT_RESET_FUNDAMENTAL, c->rtas_args[3]);
	EXPECT_EQ(-1, c->status);
	EXPECT_TRUE(c->has_status);
	/* H_PARAMETER expected, no status given: the status is not checked */
	c = &s.cmds[3];
	EXPECT_EQ(H_PARAMETER, c->expect);
	EXPECT_FALSE(c->has_status);
	/* get-config-addr-info2: the PE address and the mode by default */
	c = &s.cmds[4];
	EXPECT_EQ(RTAS_CONFIG_ADDR, c->rtas_args[0]);
	EXPECT_EQ(2, c->rtas_nret);
	EXPECT_EQ(1, c->has_value);
	EXPECT_EQ_U64(RTAS_PE_ADDR, c->value);
	c = &s.cmds[5];
	EXPECT_EQ(RTAS_GET_PE_MODE, c->rtas_args[3]);
	EXPECT_EQ_U64(7, c->value);
	EXPECT_EQ(VMM_BY_VMM, c->by);
	c = &s.cmds[6];
	EXPECT_EQ(8, c->rtas_nargs);
	EXPECT_EQ(RTAS_SLOT_PERM_ERR_LOG, c->rtas_args[7]);
	EXPECT_EQ(RTAS_OUT_NO_ERRORS_FOUND, c->status);
	c = &s.cmds[7];
	EXPECT_EQ(9, c->rtas_args[3]);
	EXPECT_EQ(0x1234, c->rtas_token);
	EXPECT_EQ(5, c->rtas_nargs);
	EXPECT_EQ(0, c->rtas_nret);
	EXPECT_EQ(0x11, c->rtas_args[1]);
	EXPECT_EQ(0x22334455, c->rtas_args[2]);
	EXPECT_EQ(0x30001, c->rtas_args[0]);
	EXPECT_EQ_U64(0x200000, c->gpa);
	EXPECT_EQ(-3, c->status);
	vmm_script_free(&s);
}

TEST(script_rtas_errors)
{
	EXPECT_STREQ("t.vmm:1: rtas needs a CALL (set-eeh-option, read-slot-reset-state2, set-slot-reset, configure-pe, get-config-addr-info2, slot-error-detail)",
		     parse_err("rtas\n"));
	EXPECT_HAS(parse_err("rtas reboot\n"), "t.vmm:1: rtas: unknown CALL 'reboot'");
	EXPECT_STREQ("t.vmm:2: rtas set-eeh-option needs an OPTION",
		     parse_err("rtas configure-pe\nrtas set-eeh-option\n"));
	EXPECT_STREQ("t.vmm:1: rtas set-slot-reset needs an OPTION",
		     parse_err("rtas set-slot-reset status=0\n"));
	EXPECT_STREQ("t.vmm:1: rtas set-eeh-option: unknown OPTION 'sideways'",
		     parse_err("rtas set-eeh-option sideways\n"));
	EXPECT_HAS(parse_err("rtas configure-pe now\n"), "t.vmm:1: rtas: unexpected 'now'");
	EXPECT_STREQ("t.vmm:1: state=odd: normal, reset, stopped, stopped-dma, unavail or a number",
		     parse_err("rtas read-slot-reset-state2 state=odd\n"));
	EXPECT_STREQ("t.vmm:1: rtas configure-pe: unknown option 'state='",
		     parse_err("rtas configure-pe state=normal\n"));
	EXPECT_STREQ("t.vmm:1: rtas read-slot-reset-state2: unknown option 'value='",
		     parse_err("rtas read-slot-reset-state2 value=1\n"));
	EXPECT_STREQ("t.vmm:1: status=: '-0x80000001' is out of range",
		     parse_err("rtas configure-pe status=-0x80000001\n"));
	EXPECT_STREQ("t.vmm:1: nargs=: '0x100000000' is more than 32 bits",
		     parse_err("rtas configure-pe nargs=0x100000000\n"));
	EXPECT_STREQ("t.vmm:1: token=: 'x' is not a number", parse_err("rtas configure-pe token=x\n"));
	EXPECT_HAS(parse_err("rtas configure-pe expect=H_NOPE\n"), "t.vmm:1: expect=H_NOPE: not a return code");
	EXPECT_STREQ("t.vmm:1: by=guest: kernel or vmm", parse_err("rtas configure-pe by=guest\n"));
	/* the buffer over the guest program or the mailbox */
	EXPECT_HAS(parse_err("rtas configure-pe gpa=0x20000\n"),
		   "t.vmm:1: gpa=0x20000: the guest program, its tables and the mailbox are below 0x26040");
	EXPECT_STREQ("", parse_err("rtas configure-pe gpa=0x26040\n"));
	EXPECT_STREQ("", parse_err("rtas configure-pe gpa=0x18000\n"));
	EXPECT_STREQ("", parse_err("rtas configure-pe gpa=0xfffffffffffffff0\n"));
	/* the top 4 bits are not part of the address */
	EXPECT_STREQ("", parse_err("rtas configure-pe gpa=0xf000000000018000\n"));
	EXPECT_HAS(parse_err("rtas configure-pe gpa=0xf000000000020000\n"),
		   "t.vmm:1: gpa=0xf000000000020000: the guest program");
	/* a TCE list over the RTAS buffer */
	EXPECT_HAS(parse_err("window 0x1000 0x100000\nh-put-tce-indirect 0x1000 0 0x17ff8 2 list=1,2\n"),
		   "t.vmm:2: list=: LIST_GPA 0x17ff8: the list would overlap the RTAS buffer");
	EXPECT_STREQ("", parse_err("window 0x1000 0x100000\nh-put-tce-indirect 0x1000 0 0x17ff8 1 list=1\n"));
	EXPECT_HAS(parse_err("window 0x1000 0x100000\nh-put-tce-indirect 0x1000 0 0x18ff8 1 list=1\n"),
		   "overlap the RTAS buffer");
}

TEST(script_rtas_counts_as_a_hypercall)
{
	char *text = malloc(VMM_SCRIPT_MAX * 20 + 64);
	size_t o = 0;
	int i;

	ASSERT_NOT_NULL(text);
	for (i = 0; i < VMM_SCRIPT_MAX; i++)
		o += sprintf(text + o, "rtas configure-pe\n");
	EXPECT_STREQ("", parse_err(text));
	sprintf(text + o, "rtas configure-pe\n");
	EXPECT_STREQ("t.vmm:257: more than 256 hypercalls", parse_err(text));
	free(text);
}

TEST(rtas_prepare_then_call)
{
	uint8_t *m = calloc(1, MEM);
	struct vmm_script s;
	char err[512] = "";
	struct vmm_rtas_result r;
	struct fake f = { .ret = 0 };
	const struct vmm_cmd *c;
	size_t i;

	ASSERT_NOT_NULL(m);
	ASSERT_EQ(0, parse("rtas get-config-addr-info2 pe-addr\n"
			   "rtas set-eeh-option thaw-mmio\n"
			   "rtas read-slot-reset-state2 nret=5\n"
			   "rtas set-slot-reset hot\n"
			   "rtas set-slot-reset off\n"
			   "rtas configure-pe\n"
			   "rtas slot-error-detail\n"
			   "rtas configure-pe buid=0x800000020000001 status=-3\n"
			   "rtas configure-pe token=0x2fff expect=H_PARAMETER status=-3\n",
			   &s, err));
	for (i = 0; i < s.n; i++) {
		c = &s.cmds[i];
		memset(m, 0, MEM);
		/* the header, the args and the rets, poisoned */
		EXPECT_EQ_U64(12 + 4 * (c->rtas_nargs + c->rtas_nret),
			      vmm_rtas_prepare(c, m, MEM));
		EXPECT_EQ(c->rtas_token, be32_get(m + GUEST_RTAS_GPA));
		EXPECT_EQ(RTAS_POISON, be32_get(m + GUEST_RTAS_GPA + vmm_rtas_ret_off(c, 0)));
		EXPECT_EQ(c->expect, vmm_rtas_call(m, MEM, c->gpa, &the_pe, fake_op, &f, &r));
		EXPECT_EQ(c->status, get_ret(m, GUEST_RTAS_GPA, c->rtas_nargs, 0));
		if (c->has_value)
			EXPECT_EQ_U64(c->value, (uint32_t)get_ret(m, GUEST_RTAS_GPA, c->rtas_nargs, 1));
	}
	ASSERT_EQ(5, f.n);
	EXPECT_EQ(VMM_EEH_PE_UNFREEZE_IO, f.ops[0]);
	EXPECT_EQ(VMM_EEH_PE_GET_STATE, f.ops[1]);
	EXPECT_EQ(VMM_EEH_PE_RESET_HOT, f.ops[2]);
	EXPECT_EQ(VMM_EEH_PE_RESET_DEACTIVATE, f.ops[3]);
	EXPECT_EQ(VMM_EEH_PE_CONFIGURE, f.ops[4]);
	vmm_script_free(&s);
	free(m);
}

TEST(rtas_prepare_bounds)
{
	uint8_t *m = calloc(1, MEM + 64);
	struct vmm_script s;
	char err[512] = "";
	char text[256];

	ASSERT_NOT_NULL(m);
	/* at the end of memory: as much as fits, nothing past it */
	snprintf(text, sizeof(text), "rtas configure-pe gpa=0x%llx\n", MEM - 20);
	ASSERT_EQ(0, parse(text, &s, err));
	memset(m + MEM, 0xaa, 64);
	EXPECT_EQ_U64(20, vmm_rtas_prepare(&s.cmds[0], m, MEM));
	EXPECT_EQ(0xaa, m[MEM]);
	vmm_script_free(&s);
	snprintf(text, sizeof(text), "rtas configure-pe gpa=0x%llx\n", MEM - 8);
	ASSERT_EQ(0, parse(text, &s, err));
	EXPECT_EQ_U64(0, vmm_rtas_prepare(&s.cmds[0], m, MEM));
	vmm_script_free(&s);
	ASSERT_EQ(0, parse("rtas configure-pe gpa=0x0fffffffffffffff\n", &s, err));
	EXPECT_EQ_U64(0, vmm_rtas_prepare(&s.cmds[0], m, MEM));
	vmm_script_free(&s);
	/* written where the RTAS layer looks: without the top 4 bits */
	ASSERT_EQ(0, parse("rtas configure-pe gpa=0xf000000000018000\n", &s, err));
	EXPECT_EQ_U64(28, vmm_rtas_prepare(&s.cmds[0], m, MEM));
	EXPECT_EQ(RTAS_TOKEN_CONFIGURE_PE, be32_get(m + GUEST_RTAS_GPA));
	vmm_script_free(&s);
	/* 2^32 - 1 args: no more than the buffer's 4 KiB written */
	ASSERT_EQ(0, parse("rtas configure-pe nargs=0xffffffff\n", &s, err));
	EXPECT_EQ_U64(GUEST_RTAS_SIZE, vmm_rtas_prepare(&s.cmds[0], m, MEM));
	EXPECT_EQ(0, m[GUEST_RTAS_GPA + GUEST_RTAS_SIZE]);
	vmm_script_free(&s);
	free(m);
}
