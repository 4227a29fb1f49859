// SPDX-License-Identifier: GPL-2.0-only
/*
 * The nl fuzz target's stand-ins for the kernel-only parts of the module
 * (docs/fuzz.md). The target compiles the module's own driver/eehlab_nl.c
 * (policies, ops, helpers), driver/eehlab_cmds.c (the commands) and
 * driver/eehlab_session.c (sessions, RECOVER, events) against fuzz/kshim/;
 * this file gives them what eehlab_main.c, eehlab_edu.c,
 * eehlab_tce_real.c, eehlab_race.c and shim_kernel.c give them in the
 * module:
 *
 *   - eehlab_lock and the family (eehlab_main.c), with the module's own
 *     policy and ops and resv_start_op past the last command, as
 *     compat.h sets it on 6.1 and 6.12;
 *   - EDU_DMA and EDU_STATUS (the PCI driver of QEMU's edu device),
 *     REAL_GUEST (a real PE's TCE table) and HCALL_RACE (two vCPU
 *     threads): refused with -EOPNOTSUPP, since they need real hardware
 *     or kernel threads; their nests' policies (eehlab_real_guest_policy,
 *     eehlab_race_policy) accept only an empty nest here;
 *   - the allocation counters of STATS (shim_kernel.c), from the
 *     userspace shim's own.
 */
#include "kshim.h"
#include "eehlab.h"
#include "shim_kernel.h"
#include "nl_glue.h"

DEFINE_MUTEX(eehlab_lock);

struct genl_family eehlab_family = {
	.name		= EEHLAB_GENL_NAME,
	.version	= EEHLAB_GENL_VERSION,
	.maxattr	= EEHLAB_A_MAX,
	.policy		= eehlab_policy,
	.small_ops	= eehlab_ops,
	.n_small_ops	= EEHLAB_N_OPS,
	.resv_start_op	= __EEHLAB_CMD_MAX,
	.id		= NL_GLUE_FAMILY_ID,
};

/* every attribute NLA_UNSPEC: strict validation accepts an empty nest only */
const struct nla_policy eehlab_real_guest_policy[EEHLAB_A_RG_MAX + 1] = { };
const struct nla_policy eehlab_race_policy[EEHLAB_A_RACE_MAX + 1] = { };

static int kernel_only(struct genl_info *info)
{
	NL_SET_ERR_MSG(info->extack,
		       "not in the userspace build: needs real hardware or kernel threads");
	return -EOPNOTSUPP;
}

int eehlab_cmd_edu_dma(struct sk_buff *skb, struct genl_info *info)
{
	(void)skb;
	return kernel_only(info);
}

int eehlab_cmd_edu_status(struct sk_buff *skb, struct genl_info *info)
{
	(void)skb;
	return kernel_only(info);
}

int eehlab_cmd_real_guest(struct sk_buff *skb, struct genl_info *info)
{
	(void)skb;
	return kernel_only(info);
}

int eehlab_cmd_hcall_race(struct sk_buff *skb, struct genl_info *info)
{
	(void)skb;
	return kernel_only(info);
}

size_t eehlab_shim_live_bytes(void)
{
#ifdef EEHLAB_TEST_HOOKS
	return eeh_shim_live_bytes();
#else
	return 0;
#endif
}

size_t eehlab_shim_live_blocks(void)
{
#ifdef EEHLAB_TEST_HOOKS
	return eeh_shim_live_blocks();
#else
	return 0;
#endif
}

unsigned long eehlab_shim_rm_violations(void)
{
#ifdef EEHLAB_TEST_HOOKS
	return eeh_shim_realmode_violations();
#else
	return 0;
#endif
}

int nl_glue_invariants(u32 portid, char *why, size_t len)
{
	struct genl_info info = { .snd_portid = portid };
	struct eehlab_sess *es = eehlab_sess_get(&info);
	int err;

	eehlab_engine_lock(es);
	err = eeh_session_invariants(es->s, why, len);
	eehlab_engine_unlock(es);
	eehlab_sess_put(es);
	return err;
}

bool nl_glue_locked(void)
{
	return mutex_is_locked(&eehlab_lock);
}
