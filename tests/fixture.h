/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A shared model topology for the unit tests of inject/ and recovery/.
 * Include after harness.h.
 */
#ifndef EEHLAB_TEST_FIXTURE_H
#define EEHLAB_TEST_FIXTURE_H

#include "eehlab/model.h"

/*
 * PHB 0: root port rp -> switch sw (up) -> sw.0 -> edu "nic"
 *                                        -> sw.1 -> plain "disk"
 * disk has a 64 KiB 32-bit BAR0 and a 1 MiB 64-bit BAR2.
 */
struct topo {
	struct eeh_model *m;
	struct eeh_phb *phb;
	struct eeh_func *rp, *up, *dn0, *dn1, *nic, *disk;
	int pe_root, pe_up, pe_dn, pe_nic, pe_disk;
};

static inline void topo_build(struct topo *t, enum eeh_phb_model model)
{
	struct eeh_msg msg = { "" };
	struct eeh_node_desc d;
	int rp, up, dn0, dn1, rc;

	memset(t, 0, sizeof(*t));
	t->m = eeh_model_create(NULL);
	ASSERT_NOT_NULL(t->m);
	ASSERT_EQ(0, eeh_phb_add(t->m, 0, model, 0, &msg));
	t->phb = eeh_phb_get(t->m, 0);
	ASSERT_NOT_NULL(t->phb);

	d = (struct eeh_node_desc){ .name = "rp", .type = EEH_NODE_ROOT_PORT,
				    .parent = -1 };
	rp = eeh_node_add(t->phb, &d, &msg);
	ASSERT_GE(rp, 0);
	d = (struct eeh_node_desc){ .name = "sw", .type = EEH_NODE_SWITCH_UP,
				    .parent = rp };
	up = eeh_node_add(t->phb, &d, &msg);
	ASSERT_GE(up, 0);
	d = (struct eeh_node_desc){ .name = "sw.0", .type = EEH_NODE_SWITCH_DOWN,
				    .parent = up };
	dn0 = eeh_node_add(t->phb, &d, &msg);
	ASSERT_GE(dn0, 0);
	d = (struct eeh_node_desc){ .name = "sw.1", .type = EEH_NODE_SWITCH_DOWN,
				    .parent = up };
	dn1 = eeh_node_add(t->phb, &d, &msg);
	ASSERT_GE(dn1, 0);
	d = (struct eeh_node_desc){ .name = "nic", .type = EEH_NODE_ENDPOINT,
				    .parent = dn0, .kind = EEH_DEV_KIND_EDU,
				    .functions = 1 };
	ASSERT_GE(eeh_node_add(t->phb, &d, &msg), 0);
	d = (struct eeh_node_desc){ .name = "disk", .type = EEH_NODE_ENDPOINT,
				    .parent = dn1, .kind = EEH_DEV_KIND_PLAIN,
				    .functions = 1, .bar32_size = 64 << 10,
				    .bar64_size = 1 << 20 };
	ASSERT_GE(eeh_node_add(t->phb, &d, &msg), 0);
	rc = eeh_phb_enumerate(t->phb, &msg);
	if (rc)
		printf("# enumerate: %s\n", msg.text);
	ASSERT_EQ(0, rc);

	t->rp = t->phb->funcs[rp];
	t->up = t->phb->funcs[up];
	t->dn0 = t->phb->funcs[dn0];
	t->dn1 = t->phb->funcs[dn1];
	t->nic = eeh_func_by_name(t->m, "nic");
	t->disk = eeh_func_by_name(t->m, "disk");
	ASSERT_NOT_NULL(t->nic);
	ASSERT_NOT_NULL(t->disk);
	t->pe_root = t->rp->pe;
	t->pe_up = t->up->pe;
	t->pe_dn = t->dn0->pe;
	t->pe_nic = t->nic->pe;
	t->pe_disk = t->disk->pe;
	ASSERT_NE(t->pe_nic, t->pe_disk);
	ASSERT_NE(t->pe_nic, t->pe_dn);
}

static inline void topo_free(struct topo *t)
{
	eeh_model_destroy(t->m);
}

/* BAR0 MMIO of @f; a refused access ends the test. */
static inline u64 rd(struct eeh_func *f, u64 off, int size)
{
	u64 v = 0;

	if (eeh_func_mmio_load(f, 0, off, size, &v, NULL)) {
		printf("# load failed\n");
		_exit(1);
	}
	return v;
}

static inline void wr(struct eeh_func *f, u64 off, int size, u64 v)
{
	if (eeh_func_mmio_store(f, 0, off, size, v, NULL)) {
		printf("# store failed\n");
		_exit(1);
	}
}

#endif /* EEHLAB_TEST_FIXTURE_H */
