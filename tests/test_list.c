// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab list (runner/list.c): the PE state and flag words decoded, the
 * tree printed from a decoded REAL_LIST (a fake one, as a POWER9 host
 * would answer), the libpci name fallback, a scenario's topology on the
 * model in the same shape, and the command line without the module.
 */
#include <errno.h>
#include <stdlib.h>
#include "harness.h"
#include "output.h"
#include "exec.h"
#include "backend_kernel.h"
#include "eehlab/model.h"
#include "eehlab/vfio.h"
#include "uapi/linux/eehlab.h"

/* A namer that never knows a name: the tree with numbers only. */
static void numbers(void *ctx, uint16_t v, uint16_t d, char *buf, size_t len)
{
	(void)ctx;
	snprintf(buf, len, "%04x:%04x", v, d);
}

/* Print @l into out_text. */
static void print_list(const struct rl_list *l)
{
	size_t size = 0;
	FILE *f = open_memstream(&out_text, &size);

	ASSERT_NOT_NULL(f);
	rl_print(l, numbers, NULL, f);
	fclose(f);
}

TEST(state_words)
{
	EXPECT_STREQ("normal: MMIO and DMA active", rl_state_text(EEH_PE_STATE_NORMAL));
	EXPECT_STREQ("reset: the PE's reset is asserted", rl_state_text(EEH_PE_STATE_RESET));
	EXPECT_STREQ("frozen: MMIO and DMA stopped",
		     rl_state_text(EEH_PE_STATE_STOPPED_IO_DMA));
	EXPECT_STREQ("frozen: DMA stopped, MMIO active",
		     rl_state_text(EEH_PE_STATE_STOPPED_DMA));
	EXPECT_STREQ("unavailable: the state cannot be read now",
		     rl_state_text(EEH_PE_STATE_UNAVAIL));
	EXPECT_STREQ("unknown state", rl_state_text(3));
	EXPECT_STREQ("unknown: eeh_pe_get_state failed", rl_state_text(-ENODEV));
	/* the model's EEH_STATE_* bits go through eeh_pe_get_state's mapping */
	EXPECT_EQ(EEH_PE_STATE_NORMAL, eeh_vfio_state_from_linux(0x78));
	EXPECT_EQ(EEH_PE_STATE_STOPPED_IO_DMA, eeh_vfio_state_from_linux(0x18));
}

TEST(flag_and_type_words)
{
	char buf[160];

	rl_flags_text(0, buf, sizeof(buf));
	EXPECT_STREQ("none", buf);
	rl_flags_text(EEH_PE_ISOLATED | EEH_PE_RECOVERING, buf, sizeof(buf));
	EXPECT_STREQ("isolated recovering", buf);
	rl_flags_text(EEH_PE_PRI_BUS | 0x10000, buf, sizeof(buf));
	EXPECT_STREQ("pri-bus 0x10000", buf);
	rl_flags_text(EEH_PE_ISOLATED, buf, 4);		/* cut, still terminated */
	EXPECT_STREQ("iso", buf);

	rl_type_text(EEHLAB_REAL_PE_TYPE_PHB, buf, sizeof(buf));
	EXPECT_STREQ("PHB", buf);
	rl_type_text(EEHLAB_REAL_PE_TYPE_BUS, buf, sizeof(buf));
	EXPECT_STREQ("bus", buf);
	rl_type_text(EEHLAB_REAL_PE_TYPE_DEVICE | EEHLAB_REAL_PE_TYPE_VF, buf, sizeof(buf));
	EXPECT_STREQ("device,VF", buf);
	rl_type_text(0x40, buf, sizeof(buf));
	EXPECT_STREQ("0x40", buf);
}

/*
 * A POWER9 host's answer: PHB 0000 with its PHB PE, a bus PE 0x1fe under
 * it holding the root port, a frozen device PE 0x1fd (an e1000e) under
 * that; PHB 0001 with a PHB PE only; one function without a PE.
 */
static void fake_list(struct rl_list *l)
{
	struct rl_phb p0 = { .domain = 0, .model = "ibm,power9-pciex", .num_pes = 512,
			     .pes = 3 };
	struct rl_phb p1 = { .domain = 1, .model = "ibm,power9-pciex", .pes = 1 };
	struct rl_pe root0 = { .domain = 0, .addr = 0, .type = EEHLAB_REAL_PE_TYPE_PHB,
			       .parent = -1 };
	struct rl_pe bus = { .domain = 0, .addr = 0x1fe, .type = EEHLAB_REAL_PE_TYPE_BUS,
			     .parent = 0, .flags = EEH_PE_PRI_BUS };
	struct rl_pe dev = { .domain = 0, .addr = 0x1fd, .type = EEHLAB_REAL_PE_TYPE_DEVICE,
			     .parent = 1, .state = EEH_PE_STATE_STOPPED_IO_DMA,
			     .flags = EEH_PE_ISOLATED | EEH_PE_RECOVERING,
			     .freeze_count = 2, .passed = 1 };
	struct rl_pe root1 = { .domain = 1, .addr = 0, .type = EEHLAB_REAL_PE_TYPE_PHB,
			       .parent = -1 };
	struct rl_dev rp = { .domain = 0, .bdf = "0000:00:00.0", .vendor = 0x1014,
			     .device = 0x04c1, .class_code = 0x060400,
			     .driver = "pcieport", .pe = 1 };
	struct rl_dev nic = { .domain = 0, .bdf = "0000:01:00.0", .vendor = 0x8086,
			      .device = 0x10d3, .class_code = 0x020000,
			      .driver = "e1000e", .pe = 2 };
	struct rl_dev lone = { .domain = 1, .bdf = "0001:00:00.0", .vendor = 0x1014,
			       .device = 0x04c1, .class_code = 0x060400, .pe = -1 };

	memset(l, 0, sizeof(*l));
	snprintf(l->platform, sizeof(l->platform), "powernv");
	ASSERT_EQ(0, rl_add_phb(l, &p0));
	ASSERT_EQ(0, rl_add_phb(l, &p1));
	ASSERT_EQ(0, rl_add_pe(l, &root0));
	ASSERT_EQ(0, rl_add_pe(l, &bus));
	ASSERT_EQ(0, rl_add_pe(l, &dev));
	ASSERT_EQ(0, rl_add_pe(l, &root1));
	ASSERT_EQ(0, rl_add_dev(l, &rp));
	ASSERT_EQ(0, rl_add_dev(l, &nic));
	ASSERT_EQ(0, rl_add_dev(l, &lone));
}

TEST(tree_from_a_fake_real_list)
{
	struct rl_list l;

	fake_list(&l);
	print_list(&l);
	HAS("PHB 0000: ibm,power9-pciex, 3 PEs in use of 512\n"
	    "  PE 0x0 (PHB PE): state 0 normal: MMIO and DMA active; flags 0x00000000 none; freezes 0\n"
	    "      PE 0x1fe (bus), parent the PHB PE: state 0 normal: MMIO and DMA active; "
	    "flags 0x00000800 pri-bus; freezes 0\n"
	    "          0000:00:00.0 [060400] 1014:04c1, driver pcieport\n"
	    "          PE 0x1fd (device), parent PE 0x1fe: state 2 frozen: MMIO and DMA stopped; "
	    "flags 0x00000003 isolated recovering; freezes 2; passed through (1 device)\n"
	    "              0000:01:00.0 [020000] 8086:10d3, driver e1000e\n"
	    "PHB 0001: ibm,power9-pciex, 1 PE in use\n"
	    "  PE 0x0 (PHB PE): state 0");
	HAS("functions without a PE:\n"
	    "  0001:00:00.0 [060400] 1014:04c1, driver none\n");
	rl_free(&l);
	EXPECT_EQ(0, l.nphb);
	EXPECT_TRUE(l.pe == NULL);
	free(out_text);
}

TEST(tree_many_entries_grow)
{
	struct rl_list l = { 0 };
	struct rl_pe p = { .type = EEHLAB_REAL_PE_TYPE_DEVICE };
	int i;

	for (i = 0; i < 1000; i++) {
		p.addr = (uint32_t)i;
		p.parent = i ? i - 1 : -1;
		ASSERT_EQ(0, rl_add_pe(&l, &p));
	}
	ASSERT_EQ(1000, l.npe);
	for (i = 0; i < 1000; i++)
		ASSERT_EQ(i, (int)l.pe[i].addr);
	rl_free(&l);
}

TEST(no_phb_prints_nothing)
{
	struct rl_list l = { 0 };

	print_list(&l);
	EXPECT_STREQ("", out_text);
	free(out_text);
}

TEST(libpci_name_fallback)
{
	char buf[300];
	void *pci;

	/* no libpci context: the numbers */
	rl_pci_name(NULL, 0x1af4, 0x1000, buf, sizeof(buf));
	EXPECT_STREQ("1af4:1000", buf);
	pci = rl_pci_open();
	/* an id no pci.ids knows: the numbers, with or without pci.ids */
	rl_pci_name(pci, 0x0bad, 0xfffd, buf, sizeof(buf));
	EXPECT_STREQ("0bad:fffd", buf);
	/* a known one: a name when pci.ids is there, the numbers always */
	rl_pci_name(pci, 0x8086, 0x10d3, buf, sizeof(buf));
	EXPECT_HAS(buf, "8086:10d3");
	rl_pci_close(pci);
	/* a buffer too small is cut, not overrun */
	rl_pci_name(NULL, 0x1af4, 0x1000, buf, 5);
	EXPECT_STREQ("1af4", buf);
}

#define TOPO \
	"phb 0 model=phb4\n" \
	"rootport rp0 phb=0\n" \
	"rootport rp1 phb=0\n" \
	"device nic parent=rp0 type=edu\n" \
	"device disk parent=rp1 type=edu\n" \
	"freeze nic\n" \
	"expect state nic frozen\n"

TEST(model_tree_same_shape)
{
	struct run_opts o = { .backend = "model" };
	struct scenario sc;
	struct rl_list l;
	char err[512];
	int i, nic = -1, phb_pe = -1;

	ASSERT_EQ(0, sc_parse_string("t.eeh", TOPO, NULL, &sc, err, sizeof(err)));
	ASSERT_EQ(0, runner_model_tree(&sc, &o, &l, err, sizeof(err)));
	ASSERT_EQ(1, l.nphb);
	EXPECT_STREQ("phb4", l.phb[0].model);
	for (i = 0; i < l.npe; i++)
		if (l.pe[i].type & EEHLAB_REAL_PE_TYPE_PHB)
			phb_pe = i;
	ASSERT_GE(phb_pe, 0);
	EXPECT_EQ(-1, l.pe[phb_pe].parent);
	EXPECT_EQ(l.npe, (int)l.phb[0].pes);
	for (i = 0; i < l.ndev; i++)
		if (!strcmp(l.dev[i].name, "nic"))
			nic = i;
	ASSERT_GE(nic, 0);
	EXPECT_STREQ("0000:01:00.0", l.dev[nic].bdf);
	ASSERT_GE(l.dev[nic].pe, 0);
	EXPECT_EQ(0x1fd, (int)l.pe[l.dev[nic].pe].addr);
	/* only the topology ran: the freeze step did not */
	EXPECT_EQ(EEH_PE_STATE_NORMAL, l.pe[l.dev[nic].pe].state);
	/* every PE but the PHB PE has a parent, and parents come first */
	for (i = 0; i < l.npe; i++)
		if (i != phb_pe) {
			EXPECT_GE(l.pe[i].parent, 0);
			EXPECT_LT(l.pe[i].parent, i);
		}
	print_list(&l);
	HAS("PHB 0000: phb4, ");
	HAS("PE 0x1fd (device), parent PE 0x1fe: state 0 normal");
	HAS("0000:01:00.0 nic [");
	rl_free(&l);
	sc_free(&sc);
	free(out_text);
}

/* No module on a test machine: -ENOENT and the "not loaded" message. */
TEST(kernel_list_without_module)
{
	struct rl_list l = { 0 };
	struct eeh_msg m;
	int rc = backend_kernel_real_list(&l, &m);

	rl_free(&l);
	if (!rc)
		SKIP("the eehlab module is loaded on this machine");
	EXPECT_EQ(-ENOENT, rc);
	EXPECT_HAS(m.text, "module is not loaded");
}
