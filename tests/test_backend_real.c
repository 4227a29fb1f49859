// SPDX-License-Identifier: GPL-2.0-only
/*
 * Real-device scenarios (runner/backend_real.c) on the host backend,
 * over a fake sysfs tree (EEHLAB_SYSFS) laid out as a PowerNV host's:
 * bus/pci/devices/<BDF> links into devices/pci<DDDD>:00/..., with the EEH
 * attributes (eeh_pe_config_addr, eeh_pe_state), config space, and
 * debugfs powerpc/ (eeh_max_freezes, eeh_dev_break, PCIxxxx/err_injct).
 * What this tree cannot show (a freeze after eeh_dev_break) must come
 * out as a SKIP with its reason; the `real` statement's parse rules; a
 * real scenario on the model, an emulated one on the host backend.
 */
#define _GNU_SOURCE	/* nftw */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "harness.h"
#include "output.h"
#include "exec.h"
#include "backend.h"
#include "backend_real.h"
#include "scenario.h"

static char root[64];

static void put(const char *rel, const char *text)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	f = fopen(p, "w");
	if (!f) {
		printf("# cannot write %s\n", p);
		_exit(1);
	}
	fputs(text, f);
	fclose(f);
}

static void get(const char *rel, char *buf, size_t len)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	buf[0] = 0;
	f = fopen(p, "r");
	if (!f)
		return;
	if (!fgets(buf, (int)len, f))
		buf[0] = 0;
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
}

static void mk(const char *rel)
{
	char p[512], *s;

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	for (s = p + strlen(root) + 1; (s = strchr(s, '/')); s++) {
		*s = 0;
		mkdir(p, 0755);
		*s = '/';
	}
	mkdir(p, 0755);
}

/* A function at devices/<path>, linked from bus/pci/devices/<bdf> */
static void function(const char *path, const char *bdf, const char *pe, u16 vendor,
		     u16 device, u32 class)
{
	char rel[300], file[400], link[512], target[512], text[32];
	unsigned char cfg[256] = { 0 };
	int fd;

	snprintf(rel, sizeof(rel), "devices/%s", path);
	mk(rel);
	snprintf(file, sizeof(file), "%s/eeh_pe_config_addr", rel);
	snprintf(text, sizeof(text), "%s\n", pe);
	put(file, text);
	snprintf(file, sizeof(file), "%s/eeh_pe_state", rel);
	put(file, "0x00000078 0x00000000\n");
	snprintf(file, sizeof(file), "%s/vendor", rel);
	snprintf(text, sizeof(text), "0x%04x\n", vendor);
	put(file, text);
	snprintf(file, sizeof(file), "%s/device", rel);
	snprintf(text, sizeof(text), "0x%04x\n", device);
	put(file, text);
	snprintf(file, sizeof(file), "%s/class", rel);
	snprintf(text, sizeof(text), "0x%06x\n", class);
	put(file, text);
	cfg[0] = (unsigned char)vendor;
	cfg[1] = (unsigned char)(vendor >> 8);
	cfg[2] = (unsigned char)device;
	cfg[3] = (unsigned char)(device >> 8);
	cfg[0x0e] = class >> 16 == 6 ? 1 : 0;
	snprintf(link, sizeof(link), "%s/%s/config", root, rel);
	fd = open(link, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, cfg, sizeof(cfg)) != (ssize_t)sizeof(cfg))
		_exit(1);
	close(fd);
	snprintf(link, sizeof(link), "%s/bus/pci/devices/%s", root, bdf);
	snprintf(target, sizeof(target), "%s/%s", root, rel);
	if (symlink(target, link))
		_exit(1);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Each test runs in a child of its own: the tree goes when it exits */
static void untree(void)
{
	if (root[0])
		nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* A PowerNV host's tree: an e1000e alone, and a switch with an edu below */
static void tree(void)
{
	snprintf(root, sizeof(root), "/tmp/eehlab-sysfs-XXXXXX");
	if (!mkdtemp(root))
		_exit(1);
	atexit(untree);
	mk("bus/pci/devices");
	mk("kernel/debug/powerpc/PCI0000");
	put("kernel/debug/powerpc/eeh_max_freezes", "5\n");
	put("kernel/debug/powerpc/eeh_dev_break", "");
	put("kernel/debug/powerpc/eeh_dev_check", "");
	put("kernel/debug/powerpc/eeh_force_recover", "");
	put("kernel/debug/powerpc/PCI0000/err_injct", "");
	function("pci0000:00/0000:00:00.0", "0000:00:00.0", "0x0", 0x1014, 0x04c1, 0x060400);
	/* PHB 0000's device-tree node above its root port's */
	mk("firmware/devicetree/base/pciex@600c3c0000000/pci@0");
	{
		char p[512], t[512];
		FILE *f;

		snprintf(p, sizeof(p), "%s/firmware/devicetree/base/pciex@600c3c0000000/compatible",
			 root);
		f = fopen(p, "w");
		if (!f)
			_exit(1);
		fwrite("ibm,power9-pciex\0ibm,ioda3-phb\0", 1, 32, f);
		fclose(f);
		snprintf(p, sizeof(p), "%s/devices/pci0000:00/0000:00:00.0/of_node", root);
		snprintf(t, sizeof(t), "%s/firmware/devicetree/base/pciex@600c3c0000000/pci@0",
			 root);
		if (symlink(t, p))
			_exit(1);
	}
	function("pci0000:00/0000:00:00.0/0000:01:00.0", "0000:01:00.0", "0x1fd", 0x8086,
		 0x10d3, 0x020000);
	function("pci0003:00/0003:00:00.0", "0003:00:00.0", "0x0", 0x1014, 0x04c1, 0x060400);
	function("pci0003:00/0003:00:00.0/0003:01:00.0", "0003:01:00.0", "0x1fe", 0x104c,
		 0x8232, 0x060400);
	function("pci0003:00/0003:00:00.0/0003:01:00.0/0003:02:00.0", "0003:02:00.0", "0x1fc",
		 0x104c, 0x8233, 0x060400);
	function("pci0003:00/0003:00:00.0/0003:01:00.0/0003:02:00.0/0003:03:00.0",
		 "0003:03:00.0", "0x1fb", 0x1234, 0x11e8, 0x00ff00);
	setenv("EEHLAB_SYSFS", root, 1);
}

static int run_on(const char *backend, const char *text)
{
	struct run_opts o = { .backend = backend, .seed = 1 };
	struct scenario sc;
	char err[512];
	size_t len = 0;
	FILE *f;
	int rc;

	if (sc_parse_string("r.eeh", text, NULL, &sc, err, sizeof(err))) {
		printf("# parse error: %s\n", err);
		_exit(1);
	}
	free(out_text);
	out_text = NULL;
	f = open_memstream(&out_text, &len);
	if (!f)
		_exit(1);
	rc = runner_run(&sc, 1, &o, f);
	fclose(f);
	sc_free(&sc);
	return rc;
}

static int parse_err(const char *text, char *err, size_t len)
{
	struct scenario sc;
	int rc = sc_parse_string("p.eeh", text, NULL, &sc, err, len);

	if (!rc)
		sc_free(&sc);
	return rc;
}

TEST(config_space_and_state)
{
	int rc;

	tree();
	rc = run_on("host", "requires real-phb\n"
		    "real nic 0000:01:00.0\n"
		    "cfg-read nic off=0\n"
		    "expect value 0x10d38086\n"
		    "cfg-read nic off=2 size=2\n"
		    "expect value 0x10d3\n"
		    "expect state nic normal\n"
		    "expect frozen none\n");
	EXPECT_EQ(0, rc);
	HAS("ok 1 line 2: real nic 0000:01:00.0\n");
	HAS("ok 2 line 3: cfg-read nic off=0\n");
	HAS("ok 3 line 5: cfg-read nic off=2 size=2\n");
	HASNT("not ok");
}

TEST(frozen_from_sysfs)
{
	char buf[160];
	int rc;

	tree();
	/* the edu's PE isolated, as the EEH core marks a frozen one */
	snprintf(buf, sizeof(buf), "devices/pci0003:00/0003:00:00.0/0003:01:00.0/"
		 "0003:02:00.0/0003:03:00.0/eeh_pe_state");
	put(buf, "0x00000000 0x00000001\n");
	rc = run_on("host", "real edu 0003:03:00.0\n"
		    "cfg-read edu off=0\n"
		    "expect value 0x11e81234\n"
		    "expect frozen edu\n"
		    "expect state edu frozen\n"
		    "expect sysfs edu \"0x00000000 0x00000001\"\n");
	EXPECT_EQ(0, rc);
	rc = run_on("host", "real edu 0003:03:00.0\n"
		    "cfg-read edu off=0\n"
		    "expect frozen none\n");
	EXPECT_EQ(1, rc);
	HAS("saw frozen: 3:1fb");
	HAS("device edu 0003:03:00.0");
}

TEST(pelt_v_from_the_device_path)
{
	struct backend b = { .ops = &backend_host_ops };
	struct eeh_msg m = { "" };
	struct be_dev d;

	tree();
	ASSERT_EQ(0, backend_host_ops.open(&b, NULL, &m));
	EXPECT_TRUE(backend_host_ops.pe_covers(&b, 3, 0x1fe, 0x1fb));
	EXPECT_TRUE(backend_host_ops.pe_covers(&b, 3, 0x1fc, 0x1fb));
	EXPECT_FALSE(backend_host_ops.pe_covers(&b, 3, 0x1fb, 0x1fe));
	EXPECT_FALSE(backend_host_ops.pe_covers(&b, 0, 0x1fe, 0x1fd));
	/* a BDF without a `real` statement, and a short one on domain 0 */
	EXPECT_EQ(0, backend_host_ops.resolve(&b, "0003:03:00.0", &d, &m));
	EXPECT_EQ(0x1fb, d.pe);
	EXPECT_TRUE(d.edu);
	EXPECT_TRUE(d.endpoint);
	EXPECT_EQ(0, backend_host_ops.resolve(&b, "01:00.0", &d, &m));
	EXPECT_EQ(0x1fd, d.pe);
	EXPECT_STREQ("0000:01:00.0", d.bdf);
	EXPECT_EQ(-ENODEV, backend_host_ops.resolve(&b, "0005:01:00.0", &d, &m));
	EXPECT_HAS(m.text, "no PCI function 0005:01:00.0");
	EXPECT_EQ(0, backend_host_ops.pe_check(&b, 3, 0x1fc, &m));
	EXPECT_EQ(-ENODEV, backend_host_ops.pe_check(&b, 3, 0x1fd, &m));
	backend_host_ops.close(&b);
}

TEST(phb_model_of_the_scenario)
{
	int rc;

	tree();
	rc = run_on("host", "real nic 0000:01:00.0 phb=phb4\n"
		    "cfg-read nic off=0\n"
		    "expect value 0x10d38086\n");
	EXPECT_EQ(0, rc);
	HASNT("SKIP");
	rc = run_on("host", "real nic 0000:01:00.0 phb=ibm,power9-pciex\n");
	EXPECT_EQ(0, rc);
	HASNT("SKIP");
	rc = run_on("host", "real nic 0000:01:00.0 phb=phb3\n"
		    "cfg-read nic off=0\n");
	EXPECT_EQ(4, rc);
	HAS("# SKIP 0000:01:00.0 sits on a PHB that is ibm,power9-pciex, not ibm,power8-pciex (phb=phb3)");
	HAS("# SKIP line 1 cannot run here");
	rc = run_on("host", "real edu 0003:03:00.0 phb=phb4\n");
	EXPECT_EQ(4, rc);
	HAS("sits on a PHB that is of an unknown model, not ibm,power9-pciex");
}

TEST(max_freezes_restored)
{
	char buf[32];
	int rc;

	tree();
	rc = run_on("host", "real nic 0000:01:00.0\n"
		    "eeh-config max_freezes=2\n");
	EXPECT_EQ(0, rc);
	get("kernel/debug/powerpc/eeh_max_freezes", buf, sizeof(buf));
	EXPECT_STREQ("5", buf);
}

TEST(freeze_that_does_not_freeze_is_a_skip)
{
	char buf[32];
	int rc;

	tree();
	rc = run_on("host", "real nic 0000:01:00.0\n"
		    "freeze nic\n"
		    "expect frozen nic\n"
		    "recover\n"
		    "expect result nic recovered\n");
	/* everything that ran passed; the freeze and the rest skipped */
	EXPECT_EQ(0, rc);
	HAS("ok 2 line 2: freeze nic # SKIP eeh_dev_break on 0000:01:00.0 froze nothing");
	HAS("ok 3 line 4: recover # SKIP line 2 cannot run here");
	get("kernel/debug/powerpc/eeh_dev_break", buf, sizeof(buf));
	EXPECT_STREQ("0000:01:00.0", buf);
}

TEST(firmware_injection_through_err_injct)
{
	char buf[64];
	int rc;

	tree();
	rc = run_on("host", "real nic 0000:01:00.0\n"
		    "inject nic func=LD_CFG_ADDR type=1 addr=0x10 mask=0xff\n");
	EXPECT_EQ(0, rc);
	get("kernel/debug/powerpc/PCI0000/err_injct", buf, sizeof(buf));
	EXPECT_STREQ("1fd:1:4:10:ff", buf);
}

TEST(force_recover_through_debugfs)
{
	char buf[32];
	int rc;

	tree();
	rc = run_on("host", "real edu 0003:03:00.0\n"
		    "force-recover edu\n"
		    "force-recover 0:1fd\n");
	EXPECT_EQ(0, rc);
	get("kernel/debug/powerpc/eeh_force_recover", buf, sizeof(buf));
	EXPECT_STREQ("0:1fd", buf);
	/* an emulated topology has no EEH core to ask */
	rc = run_on("model", "phb 0 model=phb4\nrootport rp0 phb=0\n"
		    "device nic parent=rp0 type=edu\nforce-recover nic\n");
	EXPECT_EQ(1, rc);
	HAS("force-recover drives the real EEH core: real PEs only (backend model)");
}

TEST(what_real_pes_cannot_do)
{
	int rc;

	tree();
	rc = run_on("host", "real nic 0000:01:00.0\n"
		    "mmio-read nic off=0\n");
	EXPECT_EQ(0, rc);
	HAS("# SKIP 0000:01:00.0: MMIO on a real device needs its BAR mapped");
	rc = run_on("host", "real nic 0000:01:00.0\n"
		    "wait 61m\n");
	HAS("# SKIP real PEs run in real time");
	rc = run_on("host", "real nic 0000:01:00.0\n"
		    "dma nic ioba=0\n");
	HAS("# SKIP the edu DMA round trip is the eehlab module's");
	/* a refusal the scenario expects is no skip */
	rc = run_on("host", "real nic 0000:01:00.0\n"
		    "mmio-read nic off=0\n"
		    "expect error EOPNOTSUPP\n");
	EXPECT_EQ(0, rc);
	HAS("ok 2 line 2: mmio-read nic off=0\n");
	/* a function that is not there */
	rc = run_on("host", "real nic 0000:09:00.0\n");
	EXPECT_EQ(1, rc);
	HAS("no PCI function 0000:09:00.0 on this host");
}

TEST(which_backend_runs_what)
{
	int rc;

	tree();
	rc = run_on("model", "real nic 0000:01:00.0\n");
	EXPECT_EQ(4, rc);
	HAS("# SKIP real devices: backend model has no real PEs");
	rc = run_on("model", "requires real-phb\n");
	EXPECT_EQ(4, rc);
	rc = run_on("host", "phb 0 model=phb4\nrootport rp0 phb=0\n");
	EXPECT_EQ(4, rc);
	HAS("# SKIP backend host drives real PEs only");
	setenv("EEHLAB_SYSFS", "/nonexistent", 1);
	rc = run_on("host", "real nic 0000:01:00.0\n");
	EXPECT_EQ(4, rc);
	HAS("# SKIP real devices: no EEH here");
}

TEST(real_statement_parse)
{
	char err[512];

	EXPECT_EQ(0, parse_err("real nic 0000:01:00.0\ncfg-read nic 0\n", err, sizeof(err)));
	EXPECT_NE(0, parse_err("real nic 01:00.0\n", err, sizeof(err)));
	EXPECT_STREQ("p.eeh:1: '01:00.0' is not a BDF with its domain (DDDD:BB:DD.F)", err);
	EXPECT_NE(0, parse_err("real nic 0000:01:20.0\n", err, sizeof(err)));
	EXPECT_NE(0, parse_err("phb 0 model=phb4\nreal nic 0000:01:00.0\n", err, sizeof(err)));
	EXPECT_STREQ("p.eeh:2: real devices cannot join the emulated topology declared at p.eeh:1",
		     err);
	EXPECT_NE(0, parse_err("real nic 0000:01:00.0\nphb 0 model=phb4\n", err, sizeof(err)));
	EXPECT_STREQ("p.eeh:2: an emulated topology cannot join the real devices of this scenario (real at p.eeh:1)",
		     err);
	EXPECT_NE(0, parse_err("real nic 0000:01:00.0\nreal nic 0000:02:00.0\n", err,
			       sizeof(err)));
	EXPECT_NE(0, parse_err("real nic\n", err, sizeof(err)));
}

