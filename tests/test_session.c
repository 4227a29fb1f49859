// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the session layer (model/session.c): the scenario's
 * verbs on one model, as the runner's model backend and the kernel
 * module both call them. Refusals are checked by errno and exact text.
 */
#include <errno.h>

#include "harness.h"
#include "eehlab/session.h"
#include "eehlab/guest.h"
#include "eehlab/vfio.h"

/*
 * PHB 0 (PHB4): rp -> sw (up) -> sw.0 -> edu "nic"
 *                             -> sw.1 -> plain "disk" (2 functions,
 *                                        64 KiB BAR0)
 * PHB 1 (PHB3), added first: rp1 -> edu "gpu"
 */
struct ids {
	int rp, up, dn0, dn1, nic, disk, rp1, gpu;
};

static struct eeh_session *new_session(void)
{
	struct eeh_session *s = eeh_session_create(0);

	if (!s) {
		printf("# eeh_session_create failed\n");
		_exit(1);
	}
	return s;
}

static int node(struct eeh_session *s, int phb, const char *name,
		enum eeh_node_type type, int parent, enum eeh_dev_kind kind,
		int fns, u64 bar32)
{
	struct be_node n = {
		.name = name, .type = type, .phb = phb, .parent = parent,
		.kind = kind, .functions = fns, .bar32 = bar32,
	};
	struct eeh_msg msg = { "" };
	int rc = eeh_session_node_add(s, &n, &msg);

	if (rc < 0) {
		printf("# node %s: %d %s\n", name, rc, msg.text);
		_exit(1);
	}
	return rc;
}

/* The topology above; @enumerate: also enumerate both PHBs. */
static struct eeh_session *build(struct ids *id, bool enumerate)
{
	struct eeh_session *s = new_session();
	struct eeh_msg msg = { "" };

	if (eeh_session_phb_add(s, 1, EEH_PHB3, 0, &msg) ||
	    eeh_session_phb_add(s, 0, EEH_PHB4, 0, &msg)) {
		printf("# phb_add: %s\n", msg.text);
		_exit(1);
	}
	id->rp1 = node(s, 1, "rp1", EEH_NODE_ROOT_PORT, -1, EEH_DEV_KIND_BRIDGE, 1, 0);
	id->gpu = node(s, 1, "gpu", EEH_NODE_ENDPOINT, id->rp1, EEH_DEV_KIND_EDU, 1, 0);
	id->rp = node(s, 0, "rp", EEH_NODE_ROOT_PORT, -1, EEH_DEV_KIND_BRIDGE, 1, 0);
	id->up = node(s, 0, "sw", EEH_NODE_SWITCH_UP, id->rp, EEH_DEV_KIND_BRIDGE, 1, 0);
	id->dn0 = node(s, 0, "sw.0", EEH_NODE_SWITCH_DOWN, id->up,
		       EEH_DEV_KIND_BRIDGE, 1, 0);
	id->dn1 = node(s, 0, "sw.1", EEH_NODE_SWITCH_DOWN, id->up,
		       EEH_DEV_KIND_BRIDGE, 1, 0);
	id->nic = node(s, 0, "nic", EEH_NODE_ENDPOINT, id->dn0, EEH_DEV_KIND_EDU, 1, 0);
	id->disk = node(s, 0, "disk", EEH_NODE_ENDPOINT, id->dn1, EEH_DEV_KIND_PLAIN,
			2, 64 << 10);
	if (enumerate && eeh_session_enumerate(s, &msg)) {
		printf("# enumerate: %s\n", msg.text);
		_exit(1);
	}
	return s;
}

static struct be_dev dev(struct eeh_session *s, const char *spec)
{
	struct eeh_msg msg = { "" };
	struct be_dev d;

	if (eeh_session_resolve(s, spec, &d, &msg)) {
		printf("# resolve %s: %s\n", spec, msg.text);
		_exit(1);
	}
	return d;
}

/* The refusal of @call: its errno and its exact message. */
#define REFUSED(err, why, call) do {					\
	struct eeh_msg msg = { "" };					\
	EXPECT_EQ(err, call);						\
	EXPECT_STREQ(why, msg.text);					\
} while (0)

/* ---- eeh_strerror ---- */

static const int errnos[] = {
	ENOENT, ENODEV, EINVAL, ERANGE, EIO, ENOMEM, ENOSPC, EFAULT, EBUSY,
	EPERM, EEXIST, EOPNOTSUPP, E2BIG, EAGAIN, ENXIO, EACCES, ENOTSUP,
	ETIMEDOUT, ENOSYS, EOVERFLOW, EMSGSIZE, ECANCELED,
};

TEST(strerror_is_glibc_text_for_every_entry)
{
	size_t i;

	for (i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++) {
		EXPECT_STREQ(strerror(errnos[i]), eeh_strerror(errnos[i]));
		EXPECT_STREQ(strerror(errnos[i]), eeh_strerror(-errnos[i]));
	}
}

TEST(strerror_unknown_errno)
{
	EXPECT_STREQ("Unknown error", eeh_strerror(0));
	EXPECT_STREQ("Unknown error", eeh_strerror(4095));
	EXPECT_STREQ("Unknown error", eeh_strerror(-EHOSTDOWN));
	EXPECT_STREQ("No such device", eeh_strerror(-ENODEV));
}

/* ---- lifetime ---- */

TEST(create_failures_leak_nothing)
{
	size_t bytes = eeh_shim_live_bytes(), blocks = eeh_shim_live_blocks();
	struct eeh_session *s;
	unsigned int n;

	for (n = 1; n <= 2; n++) {
		eeh_shim_fail_nth(n);	/* 1: the session, 2: the model */
		s = eeh_session_create(0);
		eeh_shim_fail_nth(0);
		EXPECT_TRUE(s == NULL);
		EXPECT_EQ(eeh_shim_live_bytes(), bytes);
		EXPECT_EQ(eeh_shim_live_blocks(), blocks);
	}
	s = eeh_session_create(1 << 20);
	ASSERT_NOT_NULL(s);
	ASSERT_NOT_NULL(s->m);
	EXPECT_TRUE(s->rec.m == s->m);
	eeh_session_destroy(s);
	eeh_session_destroy(NULL);
	EXPECT_EQ(eeh_shim_live_bytes(), bytes);
	EXPECT_EQ(eeh_shim_live_blocks(), blocks);
}

/* ---- topology ---- */

TEST(enumerate_refusals)
{
	struct eeh_session *s = new_session();
	struct be_node n = { .name = "x", .type = EEH_NODE_ROOT_PORT, .phb = 3,
			     .parent = -1 };
	struct ids id;

	REFUSED(-ENODEV, "no PHB to enumerate", eeh_session_enumerate(s, &msg));
	REFUSED(-ENODEV, "no PHB 3", eeh_session_node_add(s, &n, &msg));
	n.phb = -1;
	REFUSED(-ENODEV, "no PHB -1", eeh_session_node_add(s, &n, &msg));
	eeh_session_destroy(s);

	s = build(&id, true);
	REFUSED(-EBUSY, "already enumerated", eeh_session_enumerate(s, &msg));
	eeh_session_destroy(s);
}

TEST(resolve_by_name)
{
	struct ids id;
	struct eeh_session *s = build(&id, true);
	struct be_dev nic = dev(s, "nic"), d;
	char bdf[16];

	EXPECT_EQ(0, nic.phb);
	EXPECT_EQ(id.nic, nic.id);
	EXPECT_STREQ("nic", nic.name);
	EXPECT_TRUE(nic.endpoint);
	EXPECT_TRUE(nic.edu);
	EXPECT_TRUE(nic.present);
	EXPECT_GE(nic.bus, 1);
	EXPECT_EQ(0, nic.devfn);
	EXPECT_GE(nic.pe, 0);
	snprintf(bdf, sizeof(bdf), "0000:%02x:00.0", nic.bus);
	EXPECT_STREQ(bdf, nic.bdf);

	/* "nic.0" is function 0 of nic */
	d = dev(s, "nic.0");
	EXPECT_EQ(nic.id, d.id);
	EXPECT_STREQ("nic", d.name);

	/* a second function has its own name; a bridge's name is exact */
	d = dev(s, "disk.1");
	EXPECT_EQ(id.disk + 1, d.id);
	EXPECT_FALSE(d.edu);
	EXPECT_EQ(1, d.devfn & 7);
	d = dev(s, "sw.0");
	EXPECT_EQ(id.dn0, d.id);
	EXPECT_FALSE(d.endpoint);
	d = dev(s, "gpu");
	EXPECT_EQ(1, d.phb);
	EXPECT_EQ(id.gpu, d.id);
	EXPECT_EQ('1', d.bdf[3]);
	eeh_session_destroy(s);
}

TEST(resolve_name_refusals)
{
	struct ids id;
	struct eeh_session *s = build(&id, true);
	struct be_dev d;

	REFUSED(-ENODEV, "no device named", eeh_session_resolve(s, "", &d, &msg));
	REFUSED(-ENODEV, "no device named",
		eeh_session_resolve(s, NULL, &d, &msg));
	REFUSED(-ENODEV, "no device 'nope'",
		eeh_session_resolve(s, "nope", &d, &msg));
	/* ".0" names function 0 of an endpoint only */
	REFUSED(-ENODEV, "no device 'rp.0'",
		eeh_session_resolve(s, "rp.0", &d, &msg));
	REFUSED(-ENODEV, "no device 'nic.1'",
		eeh_session_resolve(s, "nic.1", &d, &msg));
	REFUSED(-ENODEV, "no device '.0'", eeh_session_resolve(s, ".0", &d, &msg));
	eeh_session_destroy(s);
}

TEST(resolve_by_bdf)
{
	struct ids id;
	struct eeh_session *s = build(&id, true);
	struct be_dev nic = dev(s, "nic"), disk1 = dev(s, "disk.1"), d;
	char spec[32];

	d = dev(s, nic.bdf);
	EXPECT_EQ(nic.id, d.id);
	/* short form: domain 0 */
	d = dev(s, nic.bdf + 5);
	EXPECT_EQ(nic.id, d.id);
	/* upper-case hex, no zero padding */
	snprintf(spec, sizeof(spec), "0:%X:0.1", disk1.bus);
	d = dev(s, spec);
	EXPECT_EQ(disk1.id, d.id);
	EXPECT_STREQ("disk.1", d.name);
	eeh_session_destroy(s);
}

TEST(resolve_bdf_refusals)
{
	struct ids id;
	struct eeh_session *s = build(&id, false);
	struct be_dev d;

	REFUSED(-ENODEV, "0000:00:00.0: PHB 0 is not enumerated yet",
		eeh_session_resolve(s, "0000:00:00.0", &d, &msg));
	REFUSED(-ENODEV, "00:00.0: PHB 0 is not enumerated yet",
		eeh_session_resolve(s, "00:00.0", &d, &msg));
	ASSERT_EQ(0, eeh_session_enumerate(s, &(struct eeh_msg){ "" }));
	REFUSED(-ENODEV, "0005:00:00.0: no PHB 5",
		eeh_session_resolve(s, "0005:00:00.0", &d, &msg));
	REFUSED(-ENODEV, "ffffffff:00:00.0: no PHB -1",
		eeh_session_resolve(s, "ffffffff:00:00.0", &d, &msg));
	REFUSED(-ENODEV, "00:20.0: not a valid BDF",
		eeh_session_resolve(s, "00:20.0", &d, &msg));
	REFUSED(-ENODEV, "100:00.0: not a valid BDF",
		eeh_session_resolve(s, "100:00.0", &d, &msg));
	REFUSED(-ENODEV, "00:00.8: not a valid BDF",
		eeh_session_resolve(s, "00:00.8", &d, &msg));
	REFUSED(-ENODEV, "no device at 0000:7f:1f.7",
		eeh_session_resolve(s, "0000:7f:1f.7", &d, &msg));
	/* not BDFs (hex digits only, nothing after the function): names */
	REFUSED(-ENODEV, "no device '0x0:00.0'",
		eeh_session_resolve(s, "0x0:00.0", &d, &msg));
	REFUSED(-ENODEV, "no device ' 00:00.0'",
		eeh_session_resolve(s, " 00:00.0", &d, &msg));
	REFUSED(-ENODEV, "no device '00:00.0x'",
		eeh_session_resolve(s, "00:00.0x", &d, &msg));
	REFUSED(-ENODEV, "no device '00:00'",
		eeh_session_resolve(s, "00:00", &d, &msg));
	REFUSED(-ENODEV, "no device '0:0:0:0.0'",
		eeh_session_resolve(s, "0:0:0:0.0", &d, &msg));
	REFUSED(-ENODEV, "no device '000000000:00:00.0'",
		eeh_session_resolve(s, "000000000:00:00.0", &d, &msg));
	REFUSED(-ENODEV, "no device ':00.0'",
		eeh_session_resolve(s, ":00.0", &d, &msg));
	eeh_session_destroy(s);
}

TEST(resolve_before_enumeration)
{
	struct ids id;
	struct eeh_session *s = build(&id, false);
	struct be_dev d = dev(s, "nic");

	EXPECT_EQ(id.nic, d.id);
	EXPECT_EQ(-1, d.bus);
	EXPECT_EQ(-1, d.devfn);
	EXPECT_EQ(-1, d.pe);
	EXPECT_STREQ("-", d.bdf);
	eeh_session_destroy(s);
}

TEST(dev_get)
{
	struct ids id;
	struct eeh_session *s = build(&id, true);
	struct be_dev d, nic = dev(s, "nic");

	ASSERT_EQ(0, eeh_session_dev_get(s, 0, id.nic, &d, NULL));
	EXPECT_EQ(0, memcmp(&nic, &d, sizeof(d)));
	ASSERT_EQ(0, eeh_session_dev_get(s, 1, id.gpu, &d, NULL));
	EXPECT_STREQ("gpu", d.name);
	REFUSED(-ENODEV, "no PHB 5", eeh_session_dev_get(s, 5, 0, &d, &msg));
	REFUSED(-ENODEV, "no PHB -2", eeh_session_dev_get(s, -2, 0, &d, &msg));
	REFUSED(-ENODEV, "no function 99 on PHB 0",
		eeh_session_dev_get(s, 0, 99, &d, &msg));
	REFUSED(-ENODEV, "no function -1 on PHB 1",
		eeh_session_dev_get(s, 1, -1, &d, &msg));
	eeh_session_destroy(s);
}

TEST(dev_list_phb_then_id_order)
{
	struct ids id;
	struct eeh_session *s = build(&id, true);
	struct be_dev all[16], two[2];
	int n, i;

	n = eeh_session_dev_list(s, all, 16);
	/* PHB 0: rp sw sw.0 sw.1 nic disk disk.1; PHB 1: rp1 gpu */
	ASSERT_EQ(9, n);
	for (i = 0; i < 7; i++)
		EXPECT_EQ(0, all[i].phb);
	for (i = 1; i < 7; i++)
		EXPECT_LT(all[i - 1].id, all[i].id);
	EXPECT_STREQ("rp", all[0].name);
	EXPECT_STREQ("disk.1", all[6].name);
	EXPECT_EQ(1, all[7].phb);
	EXPECT_STREQ("rp1", all[7].name);
	EXPECT_STREQ("gpu", all[8].name);
	EXPECT_LT(all[7].id, all[8].id);
	/* at most @max written */
	EXPECT_EQ(2, eeh_session_dev_list(s, two, 2));
	EXPECT_STREQ("sw", two[1].name);
	eeh_session_destroy(s);
}

TEST(pe_check_three_errnos)
{
	struct ids id;
	struct eeh_session *s = build(&id, true);
	struct be_dev nic = dev(s, "nic");

	EXPECT_EQ(0, eeh_session_pe_check(s, 0, nic.pe, NULL));
	REFUSED(-ENODEV, "no PHB 2", eeh_session_pe_check(s, 2, 0, &msg));
	REFUSED(-ERANGE, "PE 200 out of range on PHB 0 (512 PEs)",
		eeh_session_pe_check(s, 0, 512, &msg));
	REFUSED(-ERANGE, "PE ffffffff out of range on PHB 1 (256 PEs)",
		eeh_session_pe_check(s, 1, -1, &msg));
	REFUSED(-EINVAL, "PE 0:1a5 is not in use",
		eeh_session_pe_check(s, 0, 0x1a5, &msg));
	/* PELT-V: a PE covers itself; nothing out of range */
	EXPECT_TRUE(eeh_session_pe_covers(s, 0, nic.pe, nic.pe));
	EXPECT_FALSE(eeh_session_pe_covers(s, 0, nic.pe, 512));
	EXPECT_FALSE(eeh_session_pe_covers(s, 7, 0, 0));
	eeh_session_destroy(s);
}

TEST(driver_set)
{
	struct ids id;
	struct eeh_session *s = build(&id, true);
	struct be_dev nic = dev(s, "nic"), rp = dev(s, "rp"), d;
	struct be_driver drv = { .bound = 0, .handlers = -1 };

	REFUSED(-EINVAL, "rp is a bridge: no test driver",
		eeh_session_driver_set(s, &rp, &drv, &msg));
	d = nic;
	d.id = 77;
	REFUSED(-ENODEV, "no function 77 on PHB 0",
		eeh_session_driver_set(s, &d, &drv, &msg));
	ASSERT_EQ(0, eeh_session_driver_set(s, &nic, &drv, NULL));
	EXPECT_FALSE(dev(s, "nic").bound);
	drv.bound = 1;
	ASSERT_EQ(0, eeh_session_driver_set(s, &nic, &drv, NULL));
	EXPECT_TRUE(dev(s, "nic").bound);
	eeh_session_destroy(s);
}

/* ---- host memory ---- */

TEST(mem_round_trip)
{
	struct eeh_session *s = new_session();
	struct eeh_msg msg = { "" };
	u8 in[300], out[300];
	u64 pa = 0;
	size_t i;

	ASSERT_EQ(0, eeh_session_mem_alloc(s, 8192, 4096, &pa, &msg));
	EXPECT_NE(0, pa);
	EXPECT_EQ(0, pa & 4095);
	for (i = 0; i < sizeof(in); i++)
		in[i] = (u8)(i * 7 + 1);
	/* across a page boundary */
	ASSERT_EQ(0, eeh_session_mem_write(s, pa + 4000, in, sizeof(in), &msg));
	memset(out, 0, sizeof(out));
	ASSERT_EQ(0, eeh_session_mem_read(s, pa + 4000, out, sizeof(out), &msg));
	EXPECT_EQ(0, memcmp(in, out, sizeof(in)));
	EXPECT_STREQ("", msg.text);
	eeh_session_destroy(s);
}

TEST(mem_refusal_messages)
{
	struct eeh_session *s = eeh_session_create(64 << 10);
	struct eeh_msg msg = { "" };
	static u8 buf[128 << 10];
	char want[EEH_MSG_LEN];
	u64 pa = 0;
	int rc;

	ASSERT_NOT_NULL(s);
	ASSERT_EQ(0, eeh_session_mem_alloc(s, sizeof(buf), 4096, &pa, &msg));
	/* more than the 64 KiB cap materialised */
	memset(buf, 0xa5, sizeof(buf));
	rc = eeh_session_mem_write(s, pa, buf, sizeof(buf), &msg);
	EXPECT_LT(rc, 0);
	snprintf(want, sizeof(want),
		 "cannot write host memory 0x%llx+0x%llx",
		 (unsigned long long)pa, (unsigned long long)sizeof(buf));
	EXPECT_STREQ(want, msg.text);
	eeh_session_destroy(s);
}

/* ---- DMA windows and TCEs ---- */

TEST(window_create_get_remove)
{
	struct ids id;
	struct eeh_session *s = build(&id, true);
	int pe = dev(s, "nic").pe;
	struct eeh_tce_table t;
	char want[EEH_MSG_LEN];

	EXPECT_EQ(-ENOENT, eeh_session_window_get(s, 0, pe, 0, &t));
	EXPECT_EQ(-EINVAL, eeh_session_window_get(s, 0, 0x1a5, 0, &t));
	ASSERT_EQ(0, eeh_session_window_create(s, 0, pe, 0, 12, 1 << 30, 1,
					       &(struct eeh_msg){ "" }));
	ASSERT_EQ(0, eeh_session_window_get(s, 0, pe, 0, &t));
	EXPECT_EQ(12, t.page_shift);
	EXPECT_EQ_U64(1 << 30, t.window_size);
	EXPECT_EQ_U64(0, t.bus_start);
	snprintf(want, sizeof(want), "PE 0:%x already has a 32-bit window", pe);
	REFUSED(-EEXIST, want,
		eeh_session_window_create(s, 0, pe, 0, 12, 1 << 30, 1, &msg));
	REFUSED(-EINVAL, "window 2: 0 (32-bit) or 1 (64-bit)",
		eeh_session_window_create(s, 0, pe, 2, 12, 1 << 30, 1, &msg));
	REFUSED(-EINVAL, "PE 0:1a5 is not in use",
		eeh_session_window_create(s, 0, 0x1a5, 0, 12, 1 << 30, 1, &msg));
	snprintf(want, sizeof(want), "PE 0:%x has no 64-bit window", pe);
	REFUSED(-ENOENT, want, eeh_session_window_remove(s, 0, pe, 1, &msg));
	ASSERT_EQ(0, eeh_session_window_remove(s, 0, pe, 0,
					       &(struct eeh_msg){ "" }));
	EXPECT_EQ(-ENOENT, eeh_session_window_get(s, 0, pe, 0, &t));
	eeh_session_destroy(s);
}

TEST(tce_map_refusals_and_map)
{
	struct ids id;
	struct eeh_session *s = build(&id, true);
	int pe = dev(s, "nic").pe;
	struct eeh_msg m0 = { "" };
	char want[EEH_MSG_LEN];
	u64 host = 0, tce = 0;
	struct eeh_tce_table t;

	snprintf(want, sizeof(want), "PE 0:%x has no 32-bit window", pe);
	REFUSED(-ENOENT, want,
		eeh_session_tce_map(s, 0, pe, 0, 0, 0, 4096, EEH_TCE_READ, &msg));
	ASSERT_EQ(0, eeh_session_window_create(s, 0, pe, 0, 12, 1 << 20, 1, &m0));
	ASSERT_EQ(0, eeh_session_mem_alloc(s, 1 << 16, 4096, &host, &m0));
	REFUSED(-EINVAL, "length 0",
		eeh_session_tce_map(s, 0, pe, 0, 0, host, 0, EEH_TCE_READ, &msg));
	REFUSED(-ERANGE, "0xff000+0x2000 is outside the window 0x0+0x100000",
		eeh_session_tce_map(s, 0, pe, 0, 0xff000, host, 0x2000,
				    EEH_TCE_READ, &msg));
	REFUSED(-ERANGE, "0x100000+0x1 is outside the window 0x0+0x100000",
		eeh_session_tce_map(s, 0, pe, 0, 0x100000, host, 1,
				    EEH_TCE_READ, &msg));
	snprintf(want, sizeof(want),
		 "host 0x%llx and ioba 0x10 are not at the same offset in a 4096-byte I/O page",
		 (unsigned long long)host + 0x20);
	REFUSED(-EINVAL, want,
		eeh_session_tce_map(s, 0, pe, 0, 0x10, host + 0x20, 16,
				    EEH_TCE_READ, &msg));
	REFUSED(-EINVAL, "PE 0:1a5 is not in use",
		eeh_session_tce_map(s, 0, 0x1a5, 0, 0, host, 1, 1, &msg));

	/* two pages mapped read-write: the second TCE points at host + 4K */
	ASSERT_EQ(0, eeh_session_tce_map(s, 0, pe, 0, 0x3000, host, 0x2000,
					  EEH_TCE_READ | EEH_TCE_WRITE, &m0));
	ASSERT_EQ(0, eeh_session_window_get(s, 0, pe, 0, &t));
	ASSERT_EQ(0, eeh_session_mem_read(s, t.base + 4 * 8, &tce, 8, &m0));
	EXPECT_EQ_U64(host + 4096 + 3, eeh_be64_to_cpu(tce));
	/* perm 0 unmaps */
	ASSERT_EQ(0, eeh_session_tce_map(s, 0, pe, 0, 0x4000, 0, 1, 0, &m0));
	ASSERT_EQ(0, eeh_session_mem_read(s, t.base + 4 * 8, &tce, 8, &m0));
	EXPECT_EQ_U64(0, tce);
	eeh_session_destroy(s);
}

/* ---- the data path ---- */

TEST(cfg_and_mmio)
{
	struct ids id;
	struct eeh_session *s = build(&id, true);
	struct be_dev nic = dev(s, "nic"), gone = nic;
	struct eeh_msg m0 = { "" };
	u32 v = 0;
	u64 v64 = 0;

	ASSERT_EQ(0, eeh_session_cfg_read(s, &nic, 0, 4, &v, &m0));
	EXPECT_EQ(0x11e81234, v);
	/* the edu's factorial register */
	ASSERT_EQ(0, eeh_session_mmio_write(s, &nic, 0, 8, 4, 5, &m0));
	ASSERT_EQ(0, eeh_session_mmio_read(s, &nic, 0, 8, 4, true, &v64, &m0));
	EXPECT_EQ_U64(120, v64);
	gone.id = 42;
	REFUSED(-ENODEV, "no function 42 on PHB 0",
		eeh_session_mmio_read(s, &gone, 0, 0, 4, false, &v64, &msg));
	REFUSED(-ENODEV, "no function 42 on PHB 0",
		eeh_session_cfg_write(s, &gone, 0, 4, 0, &msg));
	eeh_session_destroy(s);

	s = build(&id, false);
	nic = dev(s, "nic");
	REFUSED(-ENODEV, "nic has no bus number yet",
		eeh_session_cfg_read(s, &nic, 0, 4, &v, &msg));
	eeh_session_destroy(s);
}

TEST(dma_refusals)
{
	struct ids id;
	struct eeh_session *s = build(&id, true);
	struct be_dev nic = dev(s, "nic"), disk = dev(s, "disk");
	struct be_dma_req req = { .ioba = 0, .len = 16 };
	struct be_dma_res res = { .outcome = BE_DMA_OK };

	REFUSED(-EOPNOTSUPP, "disk has no DMA engine (not an edu device)",
		eeh_session_dma(s, &disk, &req, &res, &msg));
	EXPECT_EQ(BE_DMA_NOT_STARTED, res.outcome);
	req.len = 0;
	REFUSED(-EINVAL, "buf-off 0x0 len 0x0: the device buffer is 4096 bytes",
		eeh_session_dma(s, &nic, &req, &res, &msg));
	req.len = 2;
	req.buf_off = 4095;
	REFUSED(-EINVAL,
		"buf-off 0xfff len 0x2: the device buffer is 4096 bytes",
		eeh_session_dma(s, &nic, &req, &res, &msg));
	/* no window: the device's own DMA faults and freezes its PE */
	req.buf_off = 0;
	req.start = BE_DMA_START_DEVICE;
	ASSERT_EQ(0, eeh_session_dma(s, &nic, &req, &res,
				     &(struct eeh_msg){ "" }));
	EXPECT_EQ(BE_DMA_FAULT, res.outcome);
	EXPECT_EQ(1, eeh_session_frozen_pes(s, NULL, 0));
	eeh_session_destroy(s);
}

/* ---- faults, detection, recovery ---- */

TEST(inject_check_recover_returns_events)
{
	struct ids id;
	struct eeh_session *s = build(&id, true);
	struct be_dev nic = dev(s, "nic");
	struct eeh_inj_req req = { .kind = EEH_INJ_FREEZE, .phb = 0,
				   .pe = nic.pe, .which = EEH_FREEZE_BOTH };
	struct eeh_inj_result res;
	struct eeh_msg m0 = { "" };
	struct eeh_rec_event ev[4];
	struct be_pe_ref ref[2];
	struct be_pe_state st;
	bool queued = true;
	int n = -1;

	ASSERT_EQ(0, eeh_session_recover(s, ev, 4, &n, &m0));
	EXPECT_EQ(0, n);
	ASSERT_EQ(0, eeh_session_check(s, &nic, &queued, &m0));
	EXPECT_FALSE(queued);
	ASSERT_EQ(0, eeh_session_inject(s, &req, &res, &m0));
	ASSERT_EQ(1, eeh_session_frozen_pes(s, ref, 2));
	EXPECT_EQ(0, ref[0].phb);
	EXPECT_EQ(nic.pe, ref[0].pe);
	ASSERT_EQ(0, eeh_session_pe_state(s, 0, nic.pe, &st, &m0));
	EXPECT_NE(EEH_FW_NOT_FROZEN, st.fw);
	EXPECT_TRUE(strchr(st.sysfs, '\n') == NULL);
	ASSERT_EQ(0, eeh_session_check(s, &nic, &queued, &m0));
	EXPECT_TRUE(queued);
	ASSERT_EQ(0, eeh_session_recover(s, ev, 4, &n, &m0));
	ASSERT_EQ(1, n);
	EXPECT_EQ(0, ev[0].phb);
	EXPECT_EQ(nic.pe, ev[0].pe);
	EXPECT_EQ(EEH_REC_RECOVERED, ev[0].result);
	EXPECT_EQ(1, ev[0].freeze_count);
	EXPECT_EQ(0, eeh_session_frozen_pes(s, ref, 2));
	EXPECT_LT(0, eeh_session_cb_seq(s));
	/* @max 0: nothing copied */
	EXPECT_EQ(0, eeh_session_inject(s, &req, &res, &m0));
	EXPECT_EQ(0, eeh_session_check(s, &nic, &queued, &m0));
	ASSERT_EQ(0, eeh_session_recover(s, ev, 0, &n, &m0));
	EXPECT_EQ(0, n);
	REFUSED(-EINVAL, "max_freezes -1: must be >= 0",
		eeh_session_set_max_freezes(s, -1, &msg));
	EXPECT_EQ(0, eeh_session_set_max_freezes(s, 3, &m0));
	EXPECT_EQ(3, s->rec.max_freezes);
	eeh_session_destroy(s);
}

TEST(diag_last)
{
	struct ids id;
	struct eeh_session *s = build(&id, true);
	int pe = dev(s, "nic").pe;
	struct eeh_inj_req req = { .kind = EEH_INJ_FREEZE, .phb = 0, .pe = pe,
				   .which = EEH_FREEZE_BOTH };
	struct eeh_inj_result res;
	struct eeh_diag dg;

	EXPECT_EQ(-ENODEV, eeh_session_diag_last(s, 9, pe, &dg));
	EXPECT_EQ(-ENOENT, eeh_session_diag_last(s, 0, pe, &dg));
	ASSERT_EQ(0, eeh_session_inject(s, &req, &res,
					&(struct eeh_msg){ "" }));
	ASSERT_EQ(0, eeh_session_diag_last(s, 0, pe, &dg));
	EXPECT_EQ(pe, dg.pe);
	eeh_session_destroy(s);
}

/* ---- guests ---- */

TEST(guest_refusals_for_unknown_guest)
{
	struct ids id;
	struct eeh_session *s = build(&id, true);
	int pe = dev(s, "nic").pe;
	struct be_hcall hc = { .opcode = H_GET_TCE, .nargs = 2 };
	struct be_guest_stats st;
	unsigned long liobn = 0;
	char want[EEH_MSG_LEN];
	u8 buf[8];

	REFUSED(-ENOENT, "no guest 'vm9'",
		eeh_session_guest_slot(s, "vm9", 0, 1 << 20, 12, false, true,
				       &msg));
	REFUSED(-ENOENT, "no guest 'vm9'",
		eeh_session_guest_assign(s, "vm9", 0, pe, &liobn, &msg));
	REFUSED(-ENOENT, "no guest 'vm9'",
		eeh_session_hcall(s, "vm9", &hc, &msg));
	REFUSED(-ENOENT, "no guest 'vm9'",
		eeh_session_guest_mem(s, "vm9", 0, buf, 8, false, &msg));
	REFUSED(-ENOENT, "no guest 'vm9'",
		eeh_session_guest_stats(s, "vm9", -1, &st, &msg));
	REFUSED(-ENOENT, "no guest ''",
		eeh_session_guest_stats(s, NULL, -1, &st, &msg));

	ASSERT_EQ(0, eeh_session_guest_create(s, "vm", &(struct eeh_msg){ "" }));
	REFUSED(-EEXIST, "guest vm already exists",
		eeh_session_guest_create(s, "vm", &msg));
	snprintf(want, sizeof(want), "PE 0:%x is not assigned to a guest", pe);
	REFUSED(-EINVAL, want, eeh_session_guest_release(s, 0, pe, &msg));
	REFUSED(-EINVAL, want,
		eeh_session_guest_window(s, 0, pe, 16, 1 << 30, 1, false,
					 &liobn, &msg));
	EXPECT_EQ_U64(0, liobn);	/* untouched on a refusal */
	/* tier < 0: only the LIOBN, no owner needed */
	EXPECT_EQ(0, eeh_session_guest_liobn(s, 0, pe, 0, -1, &liobn, NULL));
	EXPECT_EQ_U64(EEH_LIOBN(0, pe, 0), liobn);
	REFUSED(-EINVAL, want,
		eeh_session_guest_liobn(s, 0, pe, 0, 0, &liobn, &msg));
	REFUSED(-ENODEV, "no PHB 4",
		eeh_session_guest_assign(s, "vm", 4, pe, &liobn, &msg));
	REFUSED(-ENODEV, "no PHB 4",
		eeh_session_guest_eeh(s, 4, pe, 0, 0, 0, 0, 0, &msg));
	eeh_session_destroy(s);
}

/* A guest that cannot be created: -ENOMEM without memory, -ENOSPC when full */
TEST(guest_create_nomem_and_full)
{
	struct eeh_session *s = eeh_session_create(0);
	struct eeh_msg msg = { "" };
	char name[16];
	int i;

	ASSERT_TRUE(s != NULL);
	eeh_shim_fail_nth(1);
	EXPECT_EQ(-ENOMEM, eeh_session_guest_create(s, "vm0", &msg));
	eeh_shim_fail_nth(0);
	EXPECT_STREQ("out of memory creating a guest", msg.text);
	for (i = 0; i < EEH_MAX_GUESTS; i++) {
		snprintf(name, sizeof(name), "vm%d", i);
		ASSERT_EQ(0, eeh_session_guest_create(s, name, &msg));
	}
	msg.text[0] = 0;
	EXPECT_EQ(-ENOSPC, eeh_session_guest_create(s, "vm99", &msg));
	eeh_session_destroy(s);
}

TEST(guest_assign_hcall_release)
{
	struct ids id;
	struct eeh_session *s = build(&id, true);
	int pe = dev(s, "nic").pe;
	struct eeh_msg m0 = { "" };
	struct be_hcall hc = { .opcode = H_GET_TCE, .nargs = 2 };
	struct be_guest_stats st;
	unsigned long liobn = 0;
	char why[128];
	u8 buf[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, back[8];

	ASSERT_EQ(0, eeh_session_guest_create(s, "vm", &m0));
	ASSERT_EQ(0, eeh_session_guest_slot(s, "vm", 0, 1 << 20, 12, false,
					    true, &m0));
	ASSERT_EQ(0, eeh_session_guest_mem(s, "vm", 0x100, buf, 8, true, &m0));
	ASSERT_EQ(0, eeh_session_guest_mem(s, "vm", 0x100, back, 8, false, &m0));
	EXPECT_EQ(0, memcmp(buf, back, 8));
	REFUSED(-EFAULT, "guest vm: 0x100000+0x8 is not all in its memory slots",
		eeh_session_guest_mem(s, "vm", 1 << 20, back, 8, false, &msg));
	ASSERT_EQ(0, eeh_session_guest_assign(s, "vm", 0, pe, &liobn, &m0));
	EXPECT_EQ_U64(EEH_LIOBN(0, pe, 0), liobn);
	hc.args[0] = liobn;
	hc.args[1] = 0;
	ASSERT_EQ(0, eeh_session_hcall(s, "vm", &hc, &m0));
	EXPECT_EQ(H_SUCCESS, hc.rc);
	ASSERT_EQ(0, eeh_session_guest_stats(s, "vm", -1, &st, &m0));
	EXPECT_EQ_U64(1, st.finished[0] + st.finished[1] + st.finished[2]);
	EXPECT_EQ(0, eeh_session_invariants(s, why, sizeof(why)));
	ASSERT_EQ(0, eeh_session_guest_release(s, 0, pe, &m0));
	eeh_session_destroy(s);
}
