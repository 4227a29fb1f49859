// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab.ko: the eehlab model's emulated PHBs inside the kernel, driven
 * over generic netlink (include/uapi/linux/eehlab.h).
 *
 * This file: the module and the family. The attribute policies, the ops
 * table and the helpers every command uses are in eehlab_nl.c, the
 * commands in eehlab_cmds.c, the sessions and the recovery workqueue in
 * eehlab_session.c. Every model sits behind eehlab_lock: the portable
 * engine is not internally locked. Every state-changing command needs
 * CAP_NET_ADMIN (GENL_ADMIN_PERM); every refusal carries an extack
 * message.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/string.h>

#include "eehlab/guest.h"
#include "eehlab/inject.h"
#include "eehlab/model.h"
#include "eehlab/vfio.h"
#include "compat.h"
#include "eehlab.h"
#include "shim_kernel.h"

/* the session list and every call into the engine (eehlab.h) */
DEFINE_MUTEX(eehlab_lock);

static const struct genl_multicast_group eehlab_mcgrps[] = {
	{
		.name	= EEHLAB_GENL_MCGRP_EVENTS,
		EEHLAB_MCGRP_FLAGS
	},
};

struct genl_family eehlab_family __ro_after_init = {
	.name		= EEHLAB_GENL_NAME,
	.version	= EEHLAB_GENL_VERSION,
	.maxattr	= EEHLAB_A_MAX,
	.policy		= eehlab_policy,
	.netnsok	= false,
	.module		= THIS_MODULE,
	.small_ops	= eehlab_ops,
	.n_small_ops	= EEHLAB_N_OPS,
	.mcgrps		= eehlab_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(eehlab_mcgrps),
	EEHLAB_FAMILY_RESV_START_OP
};

/* ---- module ---- */

/* The uapi values are the model's own: they pass straight through. */
#define EEHLAB_SAME(a, b)	static_assert((int)(a) == (int)(b), #a " != " #b)
EEHLAB_SAME(EEHLAB_PHB_MODEL_PHB3, EEH_PHB3);
EEHLAB_SAME(EEHLAB_PHB_MODEL_PHB4, EEH_PHB4);
EEHLAB_SAME(EEHLAB_NODE_ROOT_PORT, EEH_NODE_ROOT_PORT);
EEHLAB_SAME(EEHLAB_NODE_SWITCH_UP, EEH_NODE_SWITCH_UP);
EEHLAB_SAME(EEHLAB_NODE_SWITCH_DOWN, EEH_NODE_SWITCH_DOWN);
EEHLAB_SAME(EEHLAB_NODE_ENDPOINT, EEH_NODE_ENDPOINT);
EEHLAB_SAME(EEHLAB_DEV_KIND_BRIDGE, EEH_DEV_KIND_BRIDGE);
EEHLAB_SAME(EEHLAB_DEV_KIND_PLAIN, EEH_DEV_KIND_PLAIN);
EEHLAB_SAME(EEHLAB_DEV_KIND_EDU, EEH_DEV_KIND_EDU);
EEHLAB_SAME(EEHLAB_INJECT_FUNC, EEH_INJ_FUNC);
EEHLAB_SAME(EEHLAB_INJECT_FREEZE, EEH_INJ_FREEZE);
EEHLAB_SAME(EEHLAB_INJECT_FENCE, EEH_INJ_FENCE);
EEHLAB_SAME(EEHLAB_INJECT_DMA_FAULT, EEH_INJ_DMA_FAULT);
EEHLAB_SAME(EEHLAB_NAME_LEN, EEH_NAME_LEN);
EEHLAB_SAME(EEHLAB_MSG_LEN, EEH_MSG_LEN);

#ifdef EEHLAB_TEST_HOOKS
/* Test builds: fail the Nth allocation of the module's own init */
static unsigned int fail_init_nth;
module_param(fail_init_nth, uint, 0444);
MODULE_PARM_DESC(fail_init_nth, "test builds: fail the Nth allocation of init (0: none)");
#endif

static int __init eehlab_init(void)
{
	int err;

#ifdef EEHLAB_TEST_HOOKS
	eeh_shim_fail_nth(fail_init_nth);
#endif
	err = eehlab_sessions_init();
#ifdef EEHLAB_TEST_HOOKS
	eeh_shim_fail_nth(0);
#endif
	if (err)
		goto err_out;

	err = genl_register_family(&eehlab_family);
	if (err)
		goto err_sessions;

	err = eehlab_edu_init();
	if (err)
		goto err_family;

	pr_info("version %s, generic netlink family \"%s\" v%d%s\n",
		EEHLAB_VERSION, EEHLAB_GENL_NAME, EEHLAB_GENL_VERSION,
		EEHLAB_HOOKS ? ", test hooks" : "");
	return 0;

err_family:
	genl_unregister_family(&eehlab_family);
err_sessions:
	eehlab_sessions_exit();
err_out:
	pr_info("init failed (%d): %zu allocations live\n", err,
		eehlab_shim_live_blocks());
	return err;
}

static void __exit eehlab_exit(void)
{
	size_t blocks;

	genl_unregister_family(&eehlab_family);
	/* no command runs any more: a PE still taken goes back to the host */
	eehlab_tce_real_exit();
	eehlab_edu_exit();
	eehlab_sessions_exit();

	blocks = eehlab_shim_live_blocks();
	if (blocks)
		pr_err("unloaded: %zu allocations (%zu bytes) leaked\n",
		       blocks, eehlab_shim_live_bytes());
	else
		pr_info("unloaded: 0 allocations live\n");
}

module_init(eehlab_init);
module_exit(eehlab_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("eehlab");
MODULE_DESCRIPTION("EEH error injection and recovery test model over generic netlink");
MODULE_VERSION(EEHLAB_VERSION);
