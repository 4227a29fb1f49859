// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel log's EEH lines (runner/kmsg.c): firmware's refusal of an
 * injection, the driver callbacks and their answers, the phases of the
 * EEH core's report, and the PE lines, each with lines as Debian's 6.1
 * and 6.12 kernels print them (the same text in both), near misses that
 * must not parse, and reading /dev/kmsg itself.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "kmsg.h"

TEST(firmware_refusal)
{
	struct kmsg_fw f = { 0 };

	/* eeh-powernv.c pnv_eeh_err_inject(), both kernels */
	ASSERT_TRUE(kmsg_parse_fw("pnv_eeh_err_inject: Failure -7 injecting error 0-4 to PHB#0-PE#fd",
				  &f));
	EXPECT_EQ(-7, f.rc);
	EXPECT_EQ(0, f.type);
	EXPECT_EQ(4, f.func);
	EXPECT_EQ(0, f.domain);
	EXPECT_EQ(0xfd, (int)f.pe);
	ASSERT_TRUE(kmsg_parse_fw("pnv_eeh_err_inject: Failure -1 injecting error 1-12 to PHB#3-PE#1fb",
				  &f));
	EXPECT_EQ(-1, f.rc);
	EXPECT_EQ(1, f.type);
	EXPECT_EQ(12, f.func);
	EXPECT_EQ(3, f.domain);
	EXPECT_EQ(0x1fb, (int)f.pe);
	/* a module's pr_fmt in front is no matter */
	ASSERT_TRUE(kmsg_parse_fw("powernv: pnv_eeh_err_inject: Failure -6 injecting error 0-2 to PHB#1-PE#0",
				  &f));
	EXPECT_EQ(-6, f.rc);
	EXPECT_EQ(1, f.domain);

	f.rc = 99;
	EXPECT_FALSE(kmsg_parse_fw("pnv_eeh_err_inject: Invalid error function 20", &f));
	EXPECT_FALSE(kmsg_parse_fw("pnv_eeh_err_inject: Firmware doesn't support error injection",
				   &f));
	EXPECT_FALSE(kmsg_parse_fw("pnv_eeh_err_inject: Failure -7 injecting error 0-4 to PHB#0-PE#",
				   &f));
	EXPECT_FALSE(kmsg_parse_fw("pnv_eeh_err_inject: Failure -7 injecting error 0-4 to PHB#0-PE#fd junk",
				   &f));
	EXPECT_FALSE(kmsg_parse_fw("pnv_eeh_err_inject: Failure x injecting error 0-4 to PHB#0-PE#fd",
				   &f));
	EXPECT_FALSE(kmsg_parse_fw("pnv_eeh_err_inject: Failure -7 injecting error 04 to PHB#0-PE#fd",
				   &f));
	EXPECT_FALSE(kmsg_parse_fw("pnv_eeh_err_inject: Failure -7 injecting error 0-4 to PHB#10000-PE#fd",
				   &f));
	EXPECT_FALSE(kmsg_parse_fw("", &f));
	EXPECT_EQ(99, f.rc);	/* left alone */
}

TEST(callback_calls)
{
	struct kmsg_cb c;

	memset(&c, 0x55, sizeof(c));
	ASSERT_TRUE(kmsg_parse_cb("PCI 0000:01:00.0#01fd: EEH: Invoking e1000e->error_detected(IO frozen)",
				  &c));
	EXPECT_STREQ("0000:01:00.0", c.bdf);
	EXPECT_EQ(0x1fd, (int)c.pe);
	EXPECT_STREQ("e1000e", c.driver);
	EXPECT_FALSE(c.reply);
	EXPECT_EQ(EEH_CB_ERROR_DETECTED, c.cb);
	EXPECT_EQ(EEH_IO_FROZEN, c.state);
	EXPECT_EQ(0, c.result);

	ASSERT_TRUE(kmsg_parse_cb("PCI 0000:01:00.0#01fd: EEH: Invoking e1000e->slot_reset()", &c));
	EXPECT_EQ(EEH_CB_SLOT_RESET, c.cb);
	EXPECT_EQ(EEH_IO_NORMAL, c.state);
	ASSERT_TRUE(kmsg_parse_cb("PCI 0001:01:00.0#00fd: EEH: Invoking nvme->resume()", &c));
	EXPECT_EQ(EEH_CB_RESUME, c.cb);
	EXPECT_STREQ("0001:01:00.0", c.bdf);
	EXPECT_EQ(0xfd, (int)c.pe);
	EXPECT_STREQ("nvme", c.driver);
	ASSERT_TRUE(kmsg_parse_cb("PCI 0002:01:00.1#00fd: EEH: Invoking mlx5_core->mmio_enabled()",
				  &c));
	EXPECT_EQ(EEH_CB_MMIO_ENABLED, c.cb);
	EXPECT_STREQ("0002:01:00.1", c.bdf);
	EXPECT_STREQ("mlx5_core", c.driver);
	ASSERT_TRUE(kmsg_parse_cb("PCI 0003:03:00.0#01fb: EEH: Invoking edu->error_detected(permanent failure)",
				  &c));
	EXPECT_EQ(EEH_CB_ERROR_DETECTED, c.cb);
	EXPECT_EQ(EEH_IO_PERM_FAILURE, c.state);
	/* no PE: eeh.h prints 0xffff */
	ASSERT_TRUE(kmsg_parse_cb("PCI 0000:00:00.0#ffff: EEH: Invoking pcieport->resume()", &c));
	EXPECT_EQ(0xffff, (int)c.pe);
}

TEST(callback_answers)
{
	static const struct {
		const char *text;
		enum eeh_ers r;
	} ok[] = {
		{ "PCI 0000:01:00.0#01fd: EEH: e1000e driver reports: 'need reset'", EEH_ERS_NEED_RESET },
		{ "PCI 0000:01:00.0#01fd: EEH: e1000e driver reports: 'recovered'", EEH_ERS_RECOVERED },
		{ "PCI 0000:01:00.0#01fd: EEH: e1000e driver reports: 'none'", EEH_ERS_NONE },
		{ "PCI 0001:01:00.0#00fd: EEH: nvme driver reports: 'can recover'", EEH_ERS_CAN_RECOVER },
		{ "PCI 0001:01:00.0#00fd: EEH: nvme driver reports: 'disconnect'", EEH_ERS_DISCONNECT },
		{ "PCI 0001:01:00.0#00fd: EEH: nvme driver reports: 'no AER driver'",
		  EEH_ERS_NO_AER_DRIVER },
	};
	struct kmsg_cb c;
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		memset(&c, 0, sizeof(c));
		ASSERT_TRUE(kmsg_parse_cb(ok[i].text, &c));
		EXPECT_TRUE(c.reply);
		EXPECT_EQ(ok[i].r, c.result);
		EXPECT_EQ(EEH_CB__COUNT, c.cb);
	}
	ASSERT_TRUE(kmsg_parse_cb(ok[0].text, &c));
	EXPECT_STREQ("e1000e", c.driver);
	EXPECT_STREQ("0000:01:00.0", c.bdf);
	EXPECT_EQ(0x1fd, (int)c.pe);
}

TEST(callback_near_misses)
{
	static const char *const bad[] = {
		/* the EEH core's other lines about a function */
		"PCI 0002:01:00.0#00fd: EEH: no driver",
		"PCI 0002:01:00.0#00fd: EEH: driver not EEH aware",
		"PCI 0002:01:00.0#00fd: EEH: not actionable (1,1,1)",
		/* an unknown answer (pci_ers_result_name's "unknown") or callback */
		"PCI 0000:01:00.0#01fd: EEH: e1000e driver reports: 'unknown'",
		"PCI 0000:01:00.0#01fd: EEH: e1000e driver reports: 'recovered",
		"PCI 0000:01:00.0#01fd: EEH: e1000e driver reports: 'recovered' ",
		"PCI 0000:01:00.0#01fd: EEH: Invoking e1000e->probe()",
		"PCI 0000:01:00.0#01fd: EEH: Invoking e1000e->resume",
		"PCI 0000:01:00.0#01fd: EEH: Invoking e1000e->resume() ",
		"PCI 0000:01:00.0#01fd: EEH: Invoking e1000e->error_detected(frozen)",
		"PCI 0000:01:00.0#01fd: EEH: Invoking ->resume()",
		"PCI 0000:01:00.0#01fd: EEH: Invoking e1000e resume()",
		"PCI 0000:01:00.0#01fd: EEH:  driver reports: 'none'",
		/* a malformed function or PE */
		"PCI 0000:1:00.0#01fd: EEH: Invoking e1000e->resume()",
		"PCI 0000:01:00#01fd: EEH: Invoking e1000e->resume()",
		"PCI 0000:01:00.8#01fd: EEH: Invoking e1000e->resume()",
		"PCI 0000:01:20.0#01fd: EEH: Invoking e1000e->resume()",
		"PCI 000:01:00.0#01fd: EEH: Invoking e1000e->resume()",
		"PCI 0000:01:00.0#: EEH: Invoking e1000e->resume()",
		"PCI 0000:01:00.0 EEH: Invoking e1000e->resume()",
		"PCI 0000:01:00.0#01fd: Invoking e1000e->resume()",
		"0000:01:00.0#01fd: EEH: Invoking e1000e->resume()",
		/* the PCI core's own line (pci_info), not the EEH core's */
		"e1000e 0000:01:00.0: Invoking e1000e->error_detected(IO frozen)",
		"",
	};
	struct kmsg_cb c;
	size_t i;

	memset(&c, 0, sizeof(c));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (kmsg_parse_cb(bad[i], &c))
			TH_FAIL_AT(0, "parsed: '%s'", bad[i]);
	EXPECT_STREQ("", c.bdf);
}

TEST(report_phases)
{
	enum eeh_channel st = 0;
	enum eeh_cb cb = EEH_CB__COUNT;

	ASSERT_TRUE(kmsg_parse_phase("EEH: Beginning: 'error_detected(IO frozen)'", &cb, &st));
	EXPECT_EQ(EEH_CB_ERROR_DETECTED, cb);
	EXPECT_EQ(EEH_IO_FROZEN, st);
	ASSERT_TRUE(kmsg_parse_phase("EEH: Beginning: 'slot_reset'", &cb, &st));
	EXPECT_EQ(EEH_CB_SLOT_RESET, cb);
	EXPECT_EQ(EEH_IO_NORMAL, st);
	ASSERT_TRUE(kmsg_parse_phase("EEH: Beginning: 'mmio_enabled'", &cb, &st));
	EXPECT_EQ(EEH_CB_MMIO_ENABLED, cb);
	ASSERT_TRUE(kmsg_parse_phase("EEH: Beginning: 'resume'", &cb, &st));
	EXPECT_EQ(EEH_CB_RESUME, cb);
	ASSERT_TRUE(kmsg_parse_phase("EEH: Beginning: 'error_detected(permanent failure)'", &cb, &st));
	EXPECT_EQ(EEH_CB_ERROR_DETECTED, cb);
	EXPECT_EQ(EEH_IO_PERM_FAILURE, st);

	EXPECT_FALSE(kmsg_parse_phase("EEH: Finished:'resume'", &cb, &st));
	EXPECT_FALSE(kmsg_parse_phase("EEH: Finished:'slot_reset' with aggregate recovery "
				      "state:'recovered'", &cb, &st));
	EXPECT_FALSE(kmsg_parse_phase("EEH: Beginning: 'reset'", &cb, &st));
	EXPECT_FALSE(kmsg_parse_phase("EEH: Beginning: 'resume", &cb, &st));
	EXPECT_FALSE(kmsg_parse_phase("EEH: Notify device driver to resume", &cb, &st));
	EXPECT_EQ(EEH_CB_ERROR_DETECTED, cb);	/* left alone */
}

TEST(pe_lines)
{
	struct kmsg_pe p;

	ASSERT_TRUE(kmsg_parse_pe("EEH: Frozen PHB#0-PE#1fd detected", &p));
	EXPECT_EQ(KMSG_PE_FROZEN, p.what);
	EXPECT_EQ(0, p.domain);
	EXPECT_EQ(0x1fd, (int)p.pe);
	ASSERT_TRUE(kmsg_parse_pe("EEH: Frozen PHB#3-PE#1fd detected", &p));
	EXPECT_EQ(3, p.domain);
	ASSERT_TRUE(kmsg_parse_pe("EEH: Recovery successful.", &p));
	EXPECT_EQ(KMSG_PE_RECOVERED, p.what);
	EXPECT_EQ(-1, p.domain);
	ASSERT_TRUE(kmsg_parse_pe("EEH: PHB#2-PE#fd has failed 6 times in the last hour and has "
				  "been permanently disabled.", &p));
	EXPECT_EQ(KMSG_PE_PERMANENT, p.what);
	EXPECT_EQ(2, p.domain);
	EXPECT_EQ(0xfd, (int)p.pe);
	EXPECT_EQ(6, p.count);
	ASSERT_TRUE(kmsg_parse_pe("EEH: Unable to recover from failure from PHB#2-PE#fd.", &p));
	EXPECT_EQ(KMSG_PE_FAILED, p.what);
	EXPECT_EQ(2, p.domain);
	EXPECT_EQ(0xfd, (int)p.pe);

	p.what = KMSG_PE_RECOVERED;
	EXPECT_FALSE(kmsg_parse_pe("EEH: Frozen PHB#0-PE#1fd detected!", &p));
	EXPECT_FALSE(kmsg_parse_pe("EEH: Frozen PHB#0 detected", &p));
	EXPECT_FALSE(kmsg_parse_pe("EEH: Frozen PHB#-PE#1fd detected", &p));
	EXPECT_FALSE(kmsg_parse_pe("EEH: Recovery successful", &p));
	EXPECT_FALSE(kmsg_parse_pe("EEH: Recovering PHB#2-PE#fd", &p));
	EXPECT_FALSE(kmsg_parse_pe("EEH: This PCI device has failed 1 times in the last hour and "
				   "will be permanently disabled after 5 failures.", &p));
	EXPECT_FALSE(kmsg_parse_pe("EEH: PHB#2-PE#fd has failed six times in the last hour and "
				   "has been permanently disabled.", &p));
	EXPECT_FALSE(kmsg_parse_pe("EEH: PHB#2-PE#fd has failed 6 times in the", &p));
	EXPECT_FALSE(kmsg_parse_pe("EEH: Unable to recover from failure from PHB#2-PE#fd", &p));
	EXPECT_FALSE(kmsg_parse_pe("Frozen PHB#0-PE#1fd detected", &p));
	EXPECT_FALSE(kmsg_parse_pe("Please try reseating or replacing it", &p));
	EXPECT_FALSE(kmsg_parse_pe("", &p));
	EXPECT_EQ(KMSG_PE_RECOVERED, p.what);	/* left alone */
}

struct lines {
	int n;
	char text[64][256];
};

static void collect(void *ctx, const char *text)
{
	struct lines *l = ctx;

	if (l->n < 64)
		snprintf(l->text[l->n++], sizeof(l->text[0]), "%s", text);
}

/*
 * /dev/kmsg itself, where the test may read it (root, or dmesg_restrict
 * off) and write it (root): a line written after the mark is read back,
 * one written before is not.
 */
TEST(read_from_the_mark)
{
	struct lines *l = calloc(1, sizeof(*l));
	struct eeh_msg m;
	struct kmsg *k;
	FILE *w;
	int rc, i, found = 0, early = 0, tab = 0;

	ASSERT_NOT_NULL(l);
	w = fopen("/dev/kmsg", "w");
	if (w) {
		fputs("eehlab test_kmsg: before the mark\n", w);
		fflush(w);
	}
	rc = kmsg_open(&k, &m);
	if (rc) {
		if (w)
			fclose(w);
		free(l);
		EXPECT_HAS(m.text, "/dev/kmsg");
		SKIP("no /dev/kmsg to read here");
		return;
	}
	if (!w) {
		kmsg_close(k);
		free(l);
		SKIP("/dev/kmsg cannot be written here (not root)");
		return;
	}
	fputs("eehlab test_kmsg: after the mark\n", w);
	fputs("eehlab test_kmsg: tab\tand newline\\x0aescaped\n", w);
	fclose(w);
	rc = kmsg_read(k, collect, l);
	kmsg_close(k);
	EXPECT_GE(rc, 2);
	for (i = 0; i < l->n; i++) {
		if (!strcmp(l->text[i], "eehlab test_kmsg: after the mark"))
			found++;
		if (strstr(l->text[i], "before the mark"))
			early++;
		/* the kernel escapes the tab and the backslash, the reader undoes it */
		if (!strcmp(l->text[i], "eehlab test_kmsg: tab\tand newline\\x0aescaped"))
			tab++;
	}
	EXPECT_EQ(1, found);
	EXPECT_EQ(0, early);
	EXPECT_EQ(1, tab);
	free(l);
}

TEST(open_failure_is_reported)
{
	struct eeh_msg m = { "" };
	struct kmsg *k = (struct kmsg *)&m;

	/* kmsg_close(NULL) is allowed; an open leaves *k NULL or a reader */
	kmsg_close(NULL);
	if (kmsg_open(&k, &m)) {
		EXPECT_TRUE(k == NULL);
		EXPECT_HAS(m.text, "kernel log: cannot open /dev/kmsg");
	} else {
		EXPECT_TRUE(k != NULL);
		EXPECT_GE(kmsg_read(k, collect, &(struct lines){ 0 }), 0);
		kmsg_close(k);
	}
}
