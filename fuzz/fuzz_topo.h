/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The topology the model-side fuzz targets populate: PHB4 0 with three
 * root ports and one endpoint each, "nic" and "disk" (edu devices) and
 * "wide" (a plain device with a 16 KiB 32-bit and a 1 MiB 64-bit BAR),
 * enumerated. Included by fuzz_hcall.c and fuzz_session.c.
 */
#ifndef EEHLAB_FUZZ_TOPO_H
#define EEHLAB_FUZZ_TOPO_H

#include "fuzz_common.h"
#include "eehlab/session.h"

static const char *const fuzz_ep[] = { "nic", "disk", "wide" };

/* @num_pes as eeh_session_phb_add() takes it (0: the model's default) */
static inline void fuzz_leaf_phb(struct eeh_session *s, int num_pes)
{
	struct eeh_msg msg = { "" };
	struct be_node n;
	int i, rp;

	FUZZ_SETUP(!eeh_session_phb_add(s, 0, EEH_PHB4, num_pes, &msg));
	for (i = 0; i < 3; i++) {
		char rpname[8];

		snprintf(rpname, sizeof(rpname), "rp%d", i);
		n = (struct be_node){ .name = rpname, .type = EEH_NODE_ROOT_PORT,
				      .phb = 0, .parent = -1 };
		rp = eeh_session_node_add(s, &n, &msg);
		FUZZ_SETUP(rp >= 0);
		n = (struct be_node){ .name = fuzz_ep[i], .type = EEH_NODE_ENDPOINT,
				      .phb = 0, .parent = rp, .functions = 1,
				      .kind = i < 2 ? EEH_DEV_KIND_EDU : EEH_DEV_KIND_PLAIN,
				      .bar32 = i < 2 ? 0 : 16 << 10,
				      .bar64 = i < 2 ? 0 : 1ULL << 20 };
		FUZZ_SETUP(eeh_session_node_add(s, &n, &msg) >= 0);
	}
	FUZZ_SETUP(!eeh_session_enumerate(s, &msg));
}

#endif /* EEHLAB_FUZZ_TOPO_H */
