// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab.ko: the eehlab model's emulated PHBs inside the kernel, driven
 * over generic netlink (include/uapi/linux/eehlab.h).
 *
 * One model per module, owned here and serialised by eehlab_lock: the
 * portable engine is not internally locked. Every state-changing command
 * needs CAP_NET_ADMIN (GENL_ADMIN_PERM); every refusal carries an extack
 * message.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <uapi/linux/eehlab.h>

#include "eehlab/inject.h"
#include "eehlab/model.h"
#include "compat.h"
#include "shim_kernel.h"

static DEFINE_MUTEX(eehlab_lock);
static struct eeh_model *eehlab_model;	/* under eehlab_lock */

/* ---- policies: one for every attribute ---- */

static const struct nla_policy eehlab_phb_policy[EEHLAB_A_PHB_MAX + 1] = {
	[EEHLAB_A_PHB_INDEX]	= NLA_POLICY_MAX(NLA_U32, EEH_MAX_PHBS - 1),
	[EEHLAB_A_PHB_MODEL]	= NLA_POLICY_RANGE(NLA_U32, EEHLAB_PHB_MODEL_PHB3,
						   EEHLAB_PHB_MODEL_PHB4),
	[EEHLAB_A_PHB_NUM_PES]	= NLA_POLICY_MAX(NLA_U32, 512),
	[EEHLAB_A_PHB_ENUMERATED] = NLA_POLICY_MAX(NLA_U8, 1),
	[EEHLAB_A_PHB_FENCED]	= NLA_POLICY_MAX(NLA_U8, 1),
	[EEHLAB_A_PHB_NUM_FUNCS] = NLA_POLICY_MAX(NLA_U32, EEH_MAX_FUNCS),
};

static const struct nla_policy eehlab_pe_policy[EEHLAB_A_PE_MAX + 1] = {
	[EEHLAB_A_PE_NUM]	= NLA_POLICY_MAX(NLA_U32, 511),
	[EEHLAB_A_PE_FW_STATE]	= NLA_POLICY_MAX(NLA_U32, EEH_FW_PERM_UNAVAIL),
	[EEHLAB_A_PE_STATE]	= { .type = NLA_U32 },
	[EEHLAB_A_PE_SW_STATE]	= { .type = NLA_U32 },
	[EEHLAB_A_PE_FREEZE_COUNT] = { .type = NLA_U32 },
	[EEHLAB_A_PE_PEST_A]	= { .type = NLA_U64 },
	[EEHLAB_A_PE_PEST_B]	= { .type = NLA_U64 },
	[EEHLAB_A_PE_OWNER]	= { .type = NLA_U32 },
	[EEHLAB_A_PE_PARENT]	= NLA_POLICY_MAX(NLA_U32, 511),
};

static const struct nla_policy eehlab_dev_policy[EEHLAB_A_DEV_MAX + 1] = {
	[EEHLAB_A_DEV_ID]	= NLA_POLICY_MAX(NLA_U32, EEH_MAX_FUNCS - 1),
	[EEHLAB_A_DEV_NAME]	= { .type = NLA_NUL_STRING,
				    .len = EEHLAB_NAME_LEN - 1 },
	[EEHLAB_A_DEV_TYPE]	= NLA_POLICY_MAX(NLA_U32, EEHLAB_NODE_ENDPOINT),
	[EEHLAB_A_DEV_PARENT]	= NLA_POLICY_MAX(NLA_U32, EEH_MAX_FUNCS - 1),
	[EEHLAB_A_DEV_KIND]	= NLA_POLICY_MAX(NLA_U32, EEHLAB_DEV_KIND_EDU),
	[EEHLAB_A_DEV_FUNCTIONS] = NLA_POLICY_RANGE(NLA_U32, 1, 8),
	[EEHLAB_A_DEV_VENDOR]	= { .type = NLA_U16 },
	[EEHLAB_A_DEV_DEVICE]	= { .type = NLA_U16 },
	[EEHLAB_A_DEV_BAR32_SIZE] = { .type = NLA_U64 },
	[EEHLAB_A_DEV_BAR64_SIZE] = { .type = NLA_U64 },
	[EEHLAB_A_DEV_NEEDS_FRESET] = { .type = NLA_FLAG },
	[EEHLAB_A_DEV_BUS]	= { .type = NLA_U8 },
	[EEHLAB_A_DEV_DEVFN]	= { .type = NLA_U8 },
	[EEHLAB_A_DEV_PE]	= NLA_POLICY_MAX(NLA_U32, 511),
};

static const struct nla_policy eehlab_guest_policy[EEHLAB_A_GUEST_MAX + 1] = {
	[EEHLAB_A_GUEST_ID]	= NLA_POLICY_MIN(NLA_U32, 1),
	[EEHLAB_A_GUEST_NAME]	= { .type = NLA_NUL_STRING,
				    .len = EEHLAB_NAME_LEN - 1 },
};

static const struct nla_policy eehlab_inject_policy[EEHLAB_A_INJECT_MAX + 1] = {
	[EEHLAB_A_INJECT_KIND]	= NLA_POLICY_MAX(NLA_U32, EEHLAB_INJECT_DMA_FAULT),
	[EEHLAB_A_INJECT_PHB]	= NLA_POLICY_MAX(NLA_U32, EEH_MAX_PHBS - 1),
	[EEHLAB_A_INJECT_PE]	= NLA_POLICY_MAX(NLA_U32, 511),
	[EEHLAB_A_INJECT_TYPE]	= NLA_POLICY_MAX(NLA_U32, EEH_ERR_TYPE_64),
	[EEHLAB_A_INJECT_FUNC]	= NLA_POLICY_MAX(NLA_U32, EEH_ERR_FUNC_MAX),
	[EEHLAB_A_INJECT_ADDR]	= { .type = NLA_U64 },
	[EEHLAB_A_INJECT_MASK]	= { .type = NLA_U64 },
	[EEHLAB_A_INJECT_WHICH]	= NLA_POLICY_RANGE(NLA_U32, EEH_FREEZE_MMIO,
						   EEH_FREEZE_BOTH),
	[EEHLAB_A_INJECT_CAUSE]	= NLA_POLICY_MAX(NLA_U32, EEH_CAUSE__COUNT - 1),
	[EEHLAB_A_INJECT_FW_ANSWER] = { .type = NLA_S32 },
	[EEHLAB_A_INJECT_TRAP_ID] = { .type = NLA_U32 },
};

static const struct nla_policy eehlab_event_policy[EEHLAB_A_EVENT_MAX + 1] = {
	[EEHLAB_A_EVENT_TYPE]	= NLA_POLICY_MAX(NLA_U32, EEHLAB_EVENT_PERM_FAILURE),
	[EEHLAB_A_EVENT_SEQ]	= { .type = NLA_U64 },
	[EEHLAB_A_EVENT_PHB]	= NLA_POLICY_MAX(NLA_U32, EEH_MAX_PHBS - 1),
	[EEHLAB_A_EVENT_PE]	= NLA_POLICY_MAX(NLA_U32, 511),
	[EEHLAB_A_EVENT_DEV]	= NLA_POLICY_MAX(NLA_U32, EEH_MAX_FUNCS - 1),
	[EEHLAB_A_EVENT_CALLBACK] = { .type = NLA_U32 },
	[EEHLAB_A_EVENT_RESULT]	= { .type = NLA_U32 },
	[EEHLAB_A_EVENT_TEXT]	= { .type = NLA_NUL_STRING,
				    .len = EEHLAB_MSG_LEN - 1 },
};

static const struct nla_policy eehlab_policy[EEHLAB_A_MAX + 1] = {
	[EEHLAB_A_VERSION]	= { .type = NLA_U32 },
	[EEHLAB_A_MODULE_VERSION] = { .type = NLA_NUL_STRING, .len = 31 },
	[EEHLAB_A_PHB]		= NLA_POLICY_NESTED(eehlab_phb_policy),
	[EEHLAB_A_PE]		= NLA_POLICY_NESTED(eehlab_pe_policy),
	[EEHLAB_A_DEV]		= NLA_POLICY_NESTED(eehlab_dev_policy),
	[EEHLAB_A_GUEST]	= NLA_POLICY_NESTED(eehlab_guest_policy),
	[EEHLAB_A_INJECT]	= NLA_POLICY_NESTED(eehlab_inject_policy),
	[EEHLAB_A_EVENT]	= NLA_POLICY_NESTED(eehlab_event_policy),
	[EEHLAB_A_PAD]		= { .type = NLA_REJECT },
};

static struct genl_family eehlab_family;

/* ---- helpers ---- */

#ifdef EEHLAB_COMPAT_EXTACK_RING
#define EEHLAB_EXTACK_RING	16

static char eehlab_extack_ring[EEHLAB_EXTACK_RING][EEH_MSG_LEN];
static atomic_t eehlab_extack_next = ATOMIC_INIT(0);

void eehlab_extack_text(struct netlink_ext_ack *extack, const char *text)
{
	unsigned int slot;
	char *buf;

	if (!extack)
		return;
	slot = (unsigned int)atomic_inc_return(&eehlab_extack_next) %
	       EEHLAB_EXTACK_RING;
	buf = eehlab_extack_ring[slot];
	/* the last byte stays NUL, whatever a concurrent writer does */
	strscpy(buf, text, EEH_MSG_LEN - 1);
	extack->_msg = buf;
}
#endif

/* Report a refusal of the portable engine: its text goes to extack. */
static int eehlab_refused(struct genl_info *info, int err,
			  const struct eeh_msg *msg)
{
	eehlab_extack_text(info->extack, msg->text[0] ? msg->text :
			   "refused by the model");
	return err;
}

/*
 * Parse nest @type of the request into @tb (@maxtype, @policy); a
 * missing nest is refused.
 */
static int eehlab_parse_nest(struct genl_info *info, int type,
			     struct nlattr **tb, int maxtype,
			     const struct nla_policy *policy)
{
	if (GENL_REQ_ATTR_CHECK(info, type)) {
		NL_SET_ERR_MSG(info->extack,
			       "required attribute nest missing (its type is in the missing-type attribute)");
		return -EINVAL;
	}
	return nla_parse_nested(tb, maxtype, info->attrs[type], policy,
				info->extack);
}

/* Look up the PHB named by EEHLAB_A_PHB_INDEX in @tb. */
static struct eeh_phb *eehlab_phb_lookup(struct genl_info *info,
					 struct nlattr **tb)
{
	struct eeh_phb *phb;

	lockdep_assert_held(&eehlab_lock);
	if (!tb[EEHLAB_A_PHB_INDEX]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[EEHLAB_A_PHB],
				    "PHB index missing");
		return NULL;
	}
	phb = eeh_phb_get(eehlab_model, nla_get_u32(tb[EEHLAB_A_PHB_INDEX]));
	if (!phb)
		NL_SET_ERR_MSG_ATTR(info->extack, tb[EEHLAB_A_PHB_INDEX],
				    "no such PHB");
	return phb;
}

static struct sk_buff *eehlab_reply_new(struct genl_info *info, void **hdr)
{
	struct sk_buff *skb;

	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return NULL;
	*hdr = genlmsg_put_reply(skb, info, &eehlab_family, 0,
				 info->genlhdr->cmd);
	if (!*hdr) {
		nlmsg_free(skb);
		return NULL;
	}
	return skb;
}

static int eehlab_reply_send(struct sk_buff *skb, void *hdr,
			     struct genl_info *info)
{
	genlmsg_end(skb, hdr);
	return genlmsg_reply(skb, info);
}

/* ---- commands ---- */

static int eehlab_cmd_get_version(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = eehlab_reply_new(info, &hdr);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, EEHLAB_A_VERSION, EEHLAB_GENL_VERSION) ||
	    nla_put_string(msg, EEHLAB_A_MODULE_VERSION, EEHLAB_VERSION)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return eehlab_reply_send(msg, hdr, info);
}

static int eehlab_cmd_phb_create(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[EEHLAB_A_PHB_MAX + 1];
	struct eeh_msg emsg = { };
	u32 index, model, num_pes = 0;
	int err;

	err = eehlab_parse_nest(info, EEHLAB_A_PHB, tb, EEHLAB_A_PHB_MAX,
				eehlab_phb_policy);
	if (err)
		return err;
	if (!tb[EEHLAB_A_PHB_INDEX] || !tb[EEHLAB_A_PHB_MODEL]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[EEHLAB_A_PHB],
				    "PHB index and model required");
		return -EINVAL;
	}
	index = nla_get_u32(tb[EEHLAB_A_PHB_INDEX]);
	model = nla_get_u32(tb[EEHLAB_A_PHB_MODEL]);
	if (tb[EEHLAB_A_PHB_NUM_PES])
		num_pes = nla_get_u32(tb[EEHLAB_A_PHB_NUM_PES]);

	mutex_lock(&eehlab_lock);
	err = eeh_phb_add(eehlab_model, index, model, num_pes, &emsg);
	mutex_unlock(&eehlab_lock);
	if (err)
		return eehlab_refused(info, err, &emsg);
	return 0;
}

static int eehlab_cmd_phb_destroy(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[EEHLAB_A_PHB_MAX + 1];
	struct eeh_msg emsg = { };
	int err;

	err = eehlab_parse_nest(info, EEHLAB_A_PHB, tb, EEHLAB_A_PHB_MAX,
				eehlab_phb_policy);
	if (err)
		return err;
	if (!tb[EEHLAB_A_PHB_INDEX]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[EEHLAB_A_PHB],
				    "PHB index missing");
		return -EINVAL;
	}

	mutex_lock(&eehlab_lock);
	err = eeh_phb_remove(eehlab_model, nla_get_u32(tb[EEHLAB_A_PHB_INDEX]),
			     &emsg);
	mutex_unlock(&eehlab_lock);
	if (err)
		return eehlab_refused(info, err, &emsg);
	return 0;
}

static int eehlab_cmd_node_add(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *ptb[EEHLAB_A_PHB_MAX + 1];
	struct nlattr *tb[EEHLAB_A_DEV_MAX + 1];
	struct eeh_node_desc d = { .parent = -1, .functions = 1 };
	char name[EEHLAB_NAME_LEN];
	struct eeh_msg emsg = { };
	struct eeh_phb *phb;
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;
	int err, id;

	err = eehlab_parse_nest(info, EEHLAB_A_PHB, ptb, EEHLAB_A_PHB_MAX,
				eehlab_phb_policy);
	if (err)
		return err;
	err = eehlab_parse_nest(info, EEHLAB_A_DEV, tb, EEHLAB_A_DEV_MAX,
				eehlab_dev_policy);
	if (err)
		return err;
	if (!tb[EEHLAB_A_DEV_NAME] || !tb[EEHLAB_A_DEV_TYPE]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[EEHLAB_A_DEV],
				    "device name and type required");
		return -EINVAL;
	}
	nla_strscpy(name, tb[EEHLAB_A_DEV_NAME], sizeof(name));
	d.name = name;
	d.type = nla_get_u32(tb[EEHLAB_A_DEV_TYPE]);
	if (tb[EEHLAB_A_DEV_PARENT])
		d.parent = nla_get_u32(tb[EEHLAB_A_DEV_PARENT]);
	if (tb[EEHLAB_A_DEV_KIND])
		d.kind = nla_get_u32(tb[EEHLAB_A_DEV_KIND]);
	else if (d.type == EEH_NODE_ENDPOINT)
		d.kind = EEH_DEV_PLAIN;
	if (tb[EEHLAB_A_DEV_FUNCTIONS])
		d.functions = nla_get_u32(tb[EEHLAB_A_DEV_FUNCTIONS]);
	if (tb[EEHLAB_A_DEV_VENDOR])
		d.vendor = nla_get_u16(tb[EEHLAB_A_DEV_VENDOR]);
	if (tb[EEHLAB_A_DEV_DEVICE])
		d.device = nla_get_u16(tb[EEHLAB_A_DEV_DEVICE]);
	if (tb[EEHLAB_A_DEV_BAR32_SIZE])
		d.bar32_size = nla_get_u64(tb[EEHLAB_A_DEV_BAR32_SIZE]);
	if (tb[EEHLAB_A_DEV_BAR64_SIZE])
		d.bar64_size = nla_get_u64(tb[EEHLAB_A_DEV_BAR64_SIZE]);
	d.needs_freset = nla_get_flag(tb[EEHLAB_A_DEV_NEEDS_FRESET]);

	msg = eehlab_reply_new(info, &hdr);
	if (!msg)
		return -ENOMEM;

	mutex_lock(&eehlab_lock);
	phb = eehlab_phb_lookup(info, ptb);
	if (!phb) {
		err = -ENOENT;
		goto out_unlock;
	}
	id = eeh_node_add(phb, &d, &emsg);
	if (id < 0) {
		err = eehlab_refused(info, id, &emsg);
		goto out_unlock;
	}
	mutex_unlock(&eehlab_lock);

	nest = nla_nest_start(msg, EEHLAB_A_DEV);
	if (!nest || nla_put_u32(msg, EEHLAB_A_DEV_ID, id)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return eehlab_reply_send(msg, hdr, info);

out_unlock:
	mutex_unlock(&eehlab_lock);
	nlmsg_free(msg);
	return err;
}

static int eehlab_cmd_phb_enumerate(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[EEHLAB_A_PHB_MAX + 1];
	struct eeh_msg emsg = { };
	struct eeh_phb *phb;
	int err;

	err = eehlab_parse_nest(info, EEHLAB_A_PHB, tb, EEHLAB_A_PHB_MAX,
				eehlab_phb_policy);
	if (err)
		return err;

	mutex_lock(&eehlab_lock);
	phb = eehlab_phb_lookup(info, tb);
	if (!phb)
		err = -ENOENT;
	else
		err = eeh_phb_enumerate(phb, &emsg);
	mutex_unlock(&eehlab_lock);
	if (err && phb)
		return eehlab_refused(info, err, &emsg);
	return err;
}

static int eehlab_put_phb(struct sk_buff *msg, const struct eeh_phb *phb)
{
	struct nlattr *nest;

	nest = nla_nest_start(msg, EEHLAB_A_PHB);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, EEHLAB_A_PHB_INDEX, phb->index) ||
	    nla_put_u32(msg, EEHLAB_A_PHB_MODEL, phb->model) ||
	    nla_put_u32(msg, EEHLAB_A_PHB_NUM_PES, phb->num_pes) ||
	    nla_put_u8(msg, EEHLAB_A_PHB_ENUMERATED, phb->enumerated) ||
	    nla_put_u8(msg, EEHLAB_A_PHB_FENCED, phb->fenced) ||
	    nla_put_u32(msg, EEHLAB_A_PHB_NUM_FUNCS, phb->nfuncs)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int eehlab_cmd_phb_get(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[EEHLAB_A_PHB_MAX + 1];
	struct eeh_phb *phb;
	struct sk_buff *msg;
	void *hdr;
	int err;

	err = eehlab_parse_nest(info, EEHLAB_A_PHB, tb, EEHLAB_A_PHB_MAX,
				eehlab_phb_policy);
	if (err)
		return err;
	msg = eehlab_reply_new(info, &hdr);
	if (!msg)
		return -ENOMEM;

	mutex_lock(&eehlab_lock);
	phb = eehlab_phb_lookup(info, tb);
	err = phb ? eehlab_put_phb(msg, phb) : -ENOENT;
	mutex_unlock(&eehlab_lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return eehlab_reply_send(msg, hdr, info);
}

static int eehlab_put_pe(struct sk_buff *msg, struct eeh_phb *phb,
			 const struct eeh_pe *pe)
{
	enum eeh_fw_state fw = eeh_pe_fw_state(phb, pe->num);
	struct nlattr *nest;

	nest = nla_nest_start(msg, EEHLAB_A_PE);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, EEHLAB_A_PE_NUM, pe->num) ||
	    nla_put_u32(msg, EEHLAB_A_PE_FW_STATE, fw) ||
	    nla_put_u32(msg, EEHLAB_A_PE_STATE, eeh_fw_state_to_linux(fw)) ||
	    nla_put_u32(msg, EEHLAB_A_PE_SW_STATE, pe->sw_state) ||
	    nla_put_u32(msg, EEHLAB_A_PE_FREEZE_COUNT, pe->freeze_count) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_PE_PEST_A, phb->pest_a[pe->num],
			      EEHLAB_A_PE_UNSPEC) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_PE_PEST_B, phb->pest_b[pe->num],
			      EEHLAB_A_PE_UNSPEC) ||
	    nla_put_u32(msg, EEHLAB_A_PE_OWNER, pe->owner) ||
	    (pe->parent >= 0 &&
	     nla_put_u32(msg, EEHLAB_A_PE_PARENT, pe->parent))) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int eehlab_cmd_pe_get(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *ptb[EEHLAB_A_PHB_MAX + 1];
	struct nlattr *tb[EEHLAB_A_PE_MAX + 1];
	const struct eeh_pe *pe;
	struct eeh_phb *phb;
	struct sk_buff *msg;
	void *hdr;
	int err;

	err = eehlab_parse_nest(info, EEHLAB_A_PHB, ptb, EEHLAB_A_PHB_MAX,
				eehlab_phb_policy);
	if (err)
		return err;
	err = eehlab_parse_nest(info, EEHLAB_A_PE, tb, EEHLAB_A_PE_MAX,
				eehlab_pe_policy);
	if (err)
		return err;
	if (!tb[EEHLAB_A_PE_NUM]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[EEHLAB_A_PE],
				    "PE number missing");
		return -EINVAL;
	}
	msg = eehlab_reply_new(info, &hdr);
	if (!msg)
		return -ENOMEM;

	mutex_lock(&eehlab_lock);
	phb = eehlab_phb_lookup(info, ptb);
	if (!phb) {
		err = -ENOENT;
		goto out_unlock;
	}
	pe = eeh_pe_get(phb, nla_get_u32(tb[EEHLAB_A_PE_NUM]));
	if (!pe) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[EEHLAB_A_PE_NUM],
				    "no such PE on this PHB");
		err = -ENOENT;
		goto out_unlock;
	}
	err = eehlab_put_pe(msg, phb, pe);
	if (err)
		goto out_unlock;
	mutex_unlock(&eehlab_lock);
	return eehlab_reply_send(msg, hdr, info);

out_unlock:
	mutex_unlock(&eehlab_lock);
	nlmsg_free(msg);
	return err;
}

static int eehlab_cmd_inject(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[EEHLAB_A_INJECT_MAX + 1];
	struct eeh_inj_result res = { };
	struct eeh_inj_req req = { };
	struct eeh_msg emsg = { };
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;
	int err;

	err = eehlab_parse_nest(info, EEHLAB_A_INJECT, tb, EEHLAB_A_INJECT_MAX,
				eehlab_inject_policy);
	if (err)
		return err;
	if (!tb[EEHLAB_A_INJECT_KIND] || !tb[EEHLAB_A_INJECT_PHB]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[EEHLAB_A_INJECT],
				    "injection kind and PHB required");
		return -EINVAL;
	}
	req.kind = nla_get_u32(tb[EEHLAB_A_INJECT_KIND]);
	req.phb = nla_get_u32(tb[EEHLAB_A_INJECT_PHB]);
	req.pe = tb[EEHLAB_A_INJECT_PE] ?
		 (int)nla_get_u32(tb[EEHLAB_A_INJECT_PE]) : -1;
	if (tb[EEHLAB_A_INJECT_TYPE])
		req.type = nla_get_u32(tb[EEHLAB_A_INJECT_TYPE]);
	req.func = tb[EEHLAB_A_INJECT_FUNC] ?
		   (int)nla_get_u32(tb[EEHLAB_A_INJECT_FUNC]) : -1;
	if (tb[EEHLAB_A_INJECT_ADDR])
		req.addr = nla_get_u64(tb[EEHLAB_A_INJECT_ADDR]);
	if (tb[EEHLAB_A_INJECT_MASK])
		req.mask = nla_get_u64(tb[EEHLAB_A_INJECT_MASK]);
	req.which = tb[EEHLAB_A_INJECT_WHICH] ?
		    nla_get_u32(tb[EEHLAB_A_INJECT_WHICH]) : EEH_FREEZE_BOTH;
	if (tb[EEHLAB_A_INJECT_CAUSE])
		req.dma_cause = nla_get_u32(tb[EEHLAB_A_INJECT_CAUSE]);

	msg = eehlab_reply_new(info, &hdr);
	if (!msg)
		return -ENOMEM;

	mutex_lock(&eehlab_lock);
	err = eeh_inject(eehlab_model, &req, &res, &emsg);
	mutex_unlock(&eehlab_lock);
	if (err) {
		nlmsg_free(msg);
		return eehlab_refused(info, err, &emsg);
	}

	nest = nla_nest_start(msg, EEHLAB_A_INJECT);
	if (!nest ||
	    nla_put_s32(msg, EEHLAB_A_INJECT_FW_ANSWER, res.fw) ||
	    nla_put_u32(msg, EEHLAB_A_INJECT_TRAP_ID, res.trap_id) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_INJECT_ADDR, res.addr,
			      EEHLAB_A_INJECT_UNSPEC) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_INJECT_MASK, res.mask,
			      EEHLAB_A_INJECT_UNSPEC)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return eehlab_reply_send(msg, hdr, info);
}

static int eehlab_cmd_recover(struct sk_buff *skb, struct genl_info *info)
{
	NL_SET_ERR_MSG(info->extack, "recovery over netlink is not supported yet");
	return -EOPNOTSUPP;
}

static const struct genl_small_ops eehlab_ops[] = {
	{
		.cmd	= EEHLAB_CMD_GET_VERSION,
		.doit	= eehlab_cmd_get_version,
	},
	{
		.cmd	= EEHLAB_CMD_PHB_CREATE,
		.doit	= eehlab_cmd_phb_create,
		.flags	= GENL_ADMIN_PERM,
	},
	{
		.cmd	= EEHLAB_CMD_PHB_DESTROY,
		.doit	= eehlab_cmd_phb_destroy,
		.flags	= GENL_ADMIN_PERM,
	},
	{
		.cmd	= EEHLAB_CMD_NODE_ADD,
		.doit	= eehlab_cmd_node_add,
		.flags	= GENL_ADMIN_PERM,
	},
	{
		.cmd	= EEHLAB_CMD_PHB_ENUMERATE,
		.doit	= eehlab_cmd_phb_enumerate,
		.flags	= GENL_ADMIN_PERM,
	},
	{
		.cmd	= EEHLAB_CMD_PE_GET,
		.doit	= eehlab_cmd_pe_get,
	},
	{
		.cmd	= EEHLAB_CMD_INJECT,
		.doit	= eehlab_cmd_inject,
		.flags	= GENL_ADMIN_PERM,
	},
	{
		.cmd	= EEHLAB_CMD_RECOVER,
		.doit	= eehlab_cmd_recover,
		.flags	= GENL_ADMIN_PERM,
	},
	{
		.cmd	= EEHLAB_CMD_PHB_GET,
		.doit	= eehlab_cmd_phb_get,
	},
};

static const struct genl_multicast_group eehlab_mcgrps[] = {
	{
		.name	= EEHLAB_GENL_MCGRP_EVENTS,
		EEHLAB_MCGRP_FLAGS
	},
};

static struct genl_family eehlab_family __ro_after_init = {
	.name		= EEHLAB_GENL_NAME,
	.version	= EEHLAB_GENL_VERSION,
	.maxattr	= EEHLAB_A_MAX,
	.policy		= eehlab_policy,
	.netnsok	= false,
	.module		= THIS_MODULE,
	.small_ops	= eehlab_ops,
	.n_small_ops	= ARRAY_SIZE(eehlab_ops),
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
EEHLAB_SAME(EEHLAB_DEV_KIND_BRIDGE, EEH_DEV_BRIDGE);
EEHLAB_SAME(EEHLAB_DEV_KIND_PLAIN, EEH_DEV_PLAIN);
EEHLAB_SAME(EEHLAB_DEV_KIND_EDU, EEH_DEV_EDU);
EEHLAB_SAME(EEHLAB_INJECT_FUNC, EEH_INJ_FUNC);
EEHLAB_SAME(EEHLAB_INJECT_FREEZE, EEH_INJ_FREEZE);
EEHLAB_SAME(EEHLAB_INJECT_FENCE, EEH_INJ_FENCE);
EEHLAB_SAME(EEHLAB_INJECT_DMA_FAULT, EEH_INJ_DMA_FAULT);
EEHLAB_SAME(EEHLAB_NAME_LEN, EEH_NAME_LEN);
EEHLAB_SAME(EEHLAB_MSG_LEN, EEH_MSG_LEN);

static int __init eehlab_init(void)
{
	int err;

	eehlab_model = eeh_model_create(NULL);
	if (!eehlab_model)
		return -ENOMEM;

	err = genl_register_family(&eehlab_family);
	if (err)
		goto err_destroy_model;

	pr_info("version %s, generic netlink family \"%s\" v%d\n",
		EEHLAB_VERSION, EEHLAB_GENL_NAME, EEHLAB_GENL_VERSION);
	return 0;

err_destroy_model:
	eeh_model_destroy(eehlab_model);
	eehlab_model = NULL;
	return err;
}

static void __exit eehlab_exit(void)
{
	size_t blocks;

	genl_unregister_family(&eehlab_family);
	eeh_model_destroy(eehlab_model);
	eehlab_model = NULL;

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
