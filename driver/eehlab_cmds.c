// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab.ko commands: one per verb of include/eehlab/session.h. Each
 * decodes its attributes, calls the session function on the caller's
 * session (eehlab_session.c) under eehlab_lock, and replies; a refusal
 * is the engine's own errno and message, so both backends of the runner
 * answer alike. A missing required attribute is -EINVAL with an extack
 * message naming it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "eehlab/guest.h"
#include "eehlab/inject.h"
#include "eehlab/model.h"
#include "eehlab.h"
#include "shim_kernel.h"

/* The caller's session, locked; sess_unlock() releases both. */
static struct eehlab_sess *sess_lock(struct genl_info *info)
{
	struct eehlab_sess *es = eehlab_sess_get(info);

	eehlab_engine_lock(es);
	return es;
}

static void sess_unlock(struct eehlab_sess *es)
{
	eehlab_engine_unlock(es);
	eehlab_sess_put(es);
}

#define SZ_U32		nla_total_size(sizeof(u32))
#define SZ_U64		nla_total_size_64bit(sizeof(u64))
#define SZ_NEST		nla_total_size(0)
#define SZ_STR(n)	nla_total_size(n)

/* ---- decoding: PHB, PE, device ---- */

static int get_phb(struct genl_info *info, int *phb)
{
	struct nlattr *tb[EEHLAB_A_PHB_MAX + 1];
	int err;

	err = EEHLAB_NEST(info, EEHLAB_A_PHB, tb, EEHLAB_A_PHB_MAX,
			  eehlab_phb_policy);
	if (!err)
		err = EEHLAB_REQUIRE(info, tb, info->attrs[EEHLAB_A_PHB],
				     EEHLAB_A_PHB_INDEX);
	if (err)
		return err;
	*phb = nla_get_u32(tb[EEHLAB_A_PHB_INDEX]);
	return 0;
}

/* A PE: EEHLAB_A_PHB (INDEX) plus EEHLAB_A_PE (NUM); @tb: the PE nest */
static int get_pe_tb(struct genl_info *info, int *phb, int *pe,
		     struct nlattr **tb)
{
	int err;

	err = get_phb(info, phb);
	if (!err)
		err = EEHLAB_NEST(info, EEHLAB_A_PE, tb, EEHLAB_A_PE_MAX,
				  eehlab_pe_policy);
	if (!err)
		err = EEHLAB_REQUIRE(info, tb, info->attrs[EEHLAB_A_PE],
				     EEHLAB_A_PE_NUM);
	if (err)
		return err;
	*pe = nla_get_u32(tb[EEHLAB_A_PE_NUM]);
	return 0;
}

static int get_pe(struct genl_info *info, int *phb, int *pe)
{
	struct nlattr *tb[EEHLAB_A_PE_MAX + 1];

	return get_pe_tb(info, phb, pe, tb);
}

/* A device: EEHLAB_A_PHB (INDEX) plus EEHLAB_A_DEV (ID) */
/*
 * The device a verb acts on: the session functions look it up by PHB and
 * function id (and refuse an unknown one with the model's message).
 */
static void dev_ref(struct be_dev *d, int phb, int id)
{
	memset(d, 0, sizeof(*d));
	d->phb = phb;
	d->id = id;
}

static int get_dev_id(struct genl_info *info, int *phb, int *id)
{
	struct nlattr *tb[EEHLAB_A_DEV_MAX + 1];
	int err;

	err = get_phb(info, phb);
	if (!err)
		err = EEHLAB_NEST(info, EEHLAB_A_DEV, tb, EEHLAB_A_DEV_MAX,
				  eehlab_dev_policy);
	if (!err)
		err = EEHLAB_REQUIRE(info, tb, info->attrs[EEHLAB_A_DEV],
				     EEHLAB_A_DEV_ID);
	if (err)
		return err;
	*id = nla_get_u32(tb[EEHLAB_A_DEV_ID]);
	return 0;
}

/* A guest's name from EEHLAB_A_GUEST (NAME) into @name; @tb: the nest */
static int get_guest_tb(struct genl_info *info, char *name,
			struct nlattr **tb)
{
	int err;

	err = EEHLAB_NEST(info, EEHLAB_A_GUEST, tb, EEHLAB_A_GUEST_MAX,
			  eehlab_guest_policy);
	if (!err)
		err = EEHLAB_REQUIRE(info, tb, info->attrs[EEHLAB_A_GUEST],
				     EEHLAB_A_GUEST_NAME);
	if (err)
		return err;
	nla_strscpy(name, tb[EEHLAB_A_GUEST_NAME], EEHLAB_NAME_LEN);
	return 0;
}

static int get_guest(struct genl_info *info, char *name)
{
	struct nlattr *tb[EEHLAB_A_GUEST_MAX + 1];

	return get_guest_tb(info, name, tb);
}

/* ---- replies ---- */

/* A reply with no attribute */
static int __maybe_unused reply_empty(struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = eehlab_reply_new(info, 0, &hdr);
	if (!msg)
		return -ENOMEM;
	return eehlab_reply_send(msg, hdr, info);
}

static int reply_u64(struct genl_info *info, int type, u64 v)
{
	struct sk_buff *msg;
	void *hdr;

	msg = eehlab_reply_new(info, SZ_U64, &hdr);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u64_64bit(msg, type, v, EEHLAB_A_PAD)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return eehlab_reply_send(msg, hdr, info);
}

/* A reply of one nest @type holding one value @inner (u32 or u64) */
static int reply_nest_val(struct genl_info *info, int type, int inner, u64 v,
			  bool is64)
{
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;
	int err;

	msg = eehlab_reply_new(info, SZ_NEST + SZ_U64, &hdr);
	if (!msg)
		return -ENOMEM;
	nest = nla_nest_start(msg, type);
	if (!nest) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	err = is64 ? nla_put_u64_64bit(msg, inner, v, 0) :
		     nla_put_u32(msg, inner, (u32)v);
	if (err) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return eehlab_reply_send(msg, hdr, info);
}

#define reply_nest_u32(info, type, inner, v) \
	reply_nest_val(info, type, inner, v, false)
#define reply_nest_u64(info, type, inner, v) \
	reply_nest_val(info, type, inner, v, true)

#define DEV_SIZE	(SZ_NEST + 9 * SZ_U32 + SZ_STR(EEHLAB_NAME_LEN) + SZ_STR(16))

static int put_dev(struct sk_buff *msg, const struct be_dev *d)
{
	struct nlattr *nest = nla_nest_start(msg, EEHLAB_A_DEV);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, EEHLAB_A_DEV_ID, d->id) ||
	    nla_put_u32(msg, EEHLAB_A_DEV_PHB, d->phb) ||
	    nla_put_string(msg, EEHLAB_A_DEV_NAME, d->name) ||
	    (d->bus >= 0 && nla_put_u8(msg, EEHLAB_A_DEV_BUS, d->bus)) ||
	    (d->devfn >= 0 && nla_put_u8(msg, EEHLAB_A_DEV_DEVFN, d->devfn)) ||
	    (d->pe >= 0 && nla_put_u32(msg, EEHLAB_A_DEV_PE, d->pe)) ||
	    nla_put_u8(msg, EEHLAB_A_DEV_ENDPOINT, d->endpoint) ||
	    nla_put_u8(msg, EEHLAB_A_DEV_EDU, d->edu) ||
	    nla_put_u8(msg, EEHLAB_A_DEV_PRESENT, d->present) ||
	    nla_put_u8(msg, EEHLAB_A_DEV_BOUND, d->bound) ||
	    nla_put_string(msg, EEHLAB_A_DEV_BDF, d->bdf)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* ---- the original commands ---- */

int eehlab_cmd_get_version(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = eehlab_reply_new(info, SZ_U32 + SZ_STR(sizeof(EEHLAB_VERSION)),
			       &hdr);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, EEHLAB_A_VERSION, EEHLAB_GENL_VERSION) ||
	    nla_put_string(msg, EEHLAB_A_MODULE_VERSION, EEHLAB_VERSION)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return eehlab_reply_send(msg, hdr, info);
}

int eehlab_cmd_phb_create(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[EEHLAB_A_PHB_MAX + 1];
	struct nlattr *nest = info->attrs[EEHLAB_A_PHB];
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	u32 num_pes = 0;
	int err;

	err = EEHLAB_NEST(info, EEHLAB_A_PHB, tb, EEHLAB_A_PHB_MAX,
			  eehlab_phb_policy);
	if (!err)
		err = EEHLAB_REQUIRE(info, tb, nest, EEHLAB_A_PHB_INDEX);
	if (!err)
		err = EEHLAB_REQUIRE(info, tb, nest, EEHLAB_A_PHB_MODEL);
	if (err)
		return err;
	if (tb[EEHLAB_A_PHB_NUM_PES])
		num_pes = nla_get_u32(tb[EEHLAB_A_PHB_NUM_PES]);

	es = sess_lock(info);
	err = eeh_session_phb_add(es->s, nla_get_u32(tb[EEHLAB_A_PHB_INDEX]),
				  nla_get_u32(tb[EEHLAB_A_PHB_MODEL]), num_pes,
				  &emsg);
	sess_unlock(es);
	return err < 0 ? eehlab_refused(info, err, &emsg) : 0;
}

int eehlab_cmd_phb_destroy(struct sk_buff *skb, struct genl_info *info)
{
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	int err, phb;

	err = get_phb(info, &phb);
	if (err)
		return err;
	es = sess_lock(info);
	err = eeh_phb_remove(es->s->m, phb, &emsg);
	sess_unlock(es);
	return err < 0 ? eehlab_refused(info, err, &emsg) : 0;
}

int eehlab_cmd_node_add(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[EEHLAB_A_DEV_MAX + 1];
	struct nlattr *nest = info->attrs[EEHLAB_A_DEV];
	struct be_node n = { .parent = -1, .functions = 1 };
	char name[EEHLAB_NAME_LEN];
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	int err, id;

	err = get_phb(info, &n.phb);
	if (!err)
		err = EEHLAB_NEST(info, EEHLAB_A_DEV, tb, EEHLAB_A_DEV_MAX,
				  eehlab_dev_policy);
	if (!err)
		err = EEHLAB_REQUIRE(info, tb, nest, EEHLAB_A_DEV_NAME);
	if (!err)
		err = EEHLAB_REQUIRE(info, tb, nest, EEHLAB_A_DEV_TYPE);
	if (err)
		return err;
	nla_strscpy(name, tb[EEHLAB_A_DEV_NAME], sizeof(name));
	n.name = name;
	n.type = nla_get_u32(tb[EEHLAB_A_DEV_TYPE]);
	if (tb[EEHLAB_A_DEV_PARENT])
		n.parent = nla_get_u32(tb[EEHLAB_A_DEV_PARENT]);
	if (tb[EEHLAB_A_DEV_KIND])
		n.kind = nla_get_u32(tb[EEHLAB_A_DEV_KIND]);
	else if (n.type == EEH_NODE_ENDPOINT)
		n.kind = EEH_DEV_KIND_PLAIN;
	if (tb[EEHLAB_A_DEV_FUNCTIONS])
		n.functions = nla_get_u32(tb[EEHLAB_A_DEV_FUNCTIONS]);
	if (tb[EEHLAB_A_DEV_VENDOR])
		n.vendor = nla_get_u16(tb[EEHLAB_A_DEV_VENDOR]);
	if (tb[EEHLAB_A_DEV_DEVICE])
		n.device = nla_get_u16(tb[EEHLAB_A_DEV_DEVICE]);
	if (tb[EEHLAB_A_DEV_BAR32_SIZE])
		n.bar32 = nla_get_u64(tb[EEHLAB_A_DEV_BAR32_SIZE]);
	if (tb[EEHLAB_A_DEV_BAR64_SIZE])
		n.bar64 = nla_get_u64(tb[EEHLAB_A_DEV_BAR64_SIZE]);
	n.freset = nla_get_flag(tb[EEHLAB_A_DEV_NEEDS_FRESET]);

	es = sess_lock(info);
	id = eeh_session_node_add(es->s, &n, &emsg);
	sess_unlock(es);
	if (id < 0)
		return eehlab_refused(info, id, &emsg);
	return reply_nest_u32(info, EEHLAB_A_DEV, EEHLAB_A_DEV_ID, id);
}

/* No PHB given: every PHB not enumerated yet (the session's verb). */
int eehlab_cmd_phb_enumerate(struct sk_buff *skb, struct genl_info *info)
{
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	struct eeh_phb *phb;
	int err, index = -1;

	if (info->attrs[EEHLAB_A_PHB]) {
		err = get_phb(info, &index);
		if (err)
			return err;
	}
	es = sess_lock(info);
	if (index < 0) {
		err = eeh_session_enumerate(es->s, &emsg);
	} else {
		phb = eeh_phb_get(es->s->m, index);
		if (phb)
			err = eeh_phb_enumerate(phb, &emsg);
		else
			err = eeh_msg_set(&emsg, -ENODEV, "no PHB#%04x", index);
	}
	sess_unlock(es);
	return err < 0 ? eehlab_refused(info, err, &emsg) : 0;
}

#define PHB_SIZE	(SZ_NEST + 6 * SZ_U32)

static int put_phb(struct sk_buff *msg, const struct eeh_phb *phb)
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

int eehlab_cmd_phb_get(struct sk_buff *skb, struct genl_info *info)
{
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	struct eeh_phb *phb;
	struct sk_buff *msg;
	int err, index;
	void *hdr;

	err = get_phb(info, &index);
	if (err)
		return err;
	msg = eehlab_reply_new(info, PHB_SIZE, &hdr);
	if (!msg)
		return -ENOMEM;
	es = sess_lock(info);
	phb = eeh_phb_get(es->s->m, index);
	if (phb)
		err = put_phb(msg, phb);
	else
		err = eeh_msg_set(&emsg, -ENODEV, "no PHB#%04x", index);
	sess_unlock(es);
	if (err) {
		nlmsg_free(msg);
		return emsg.text[0] ? eehlab_refused(info, err, &emsg) : err;
	}
	return eehlab_reply_send(msg, hdr, info);
}

#define PE_SIZE		(SZ_NEST + 8 * SZ_U32 + 5 * SZ_U64 + SZ_STR(32))

static int put_pe(struct sk_buff *msg, struct eeh_phb *phb,
		  const struct eeh_model_pe *pe)
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

int eehlab_cmd_pe_get(struct sk_buff *skb, struct genl_info *info)
{
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	struct eeh_phb *phb;
	struct sk_buff *msg;
	int err, index, pe;
	void *hdr;

	err = get_pe(info, &index, &pe);
	if (err)
		return err;
	msg = eehlab_reply_new(info, PE_SIZE, &hdr);
	if (!msg)
		return -ENOMEM;
	es = sess_lock(info);
	err = eeh_session_pe_check(es->s, index, pe, &emsg);
	if (!err) {
		phb = eeh_phb_get(es->s->m, index);
		err = put_pe(msg, phb, eeh_model_pe_get(phb, pe));
	}
	sess_unlock(es);
	if (err) {
		nlmsg_free(msg);
		return emsg.text[0] ? eehlab_refused(info, err, &emsg) : err;
	}
	return eehlab_reply_send(msg, hdr, info);
}

int eehlab_cmd_inject(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[EEHLAB_A_INJECT_MAX + 1];
	struct nlattr *nest = info->attrs[EEHLAB_A_INJECT];
	struct eeh_inj_result res = { };
	struct eeh_inj_req req = { };
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	struct sk_buff *msg;
	void *hdr;
	int err;

	err = EEHLAB_NEST(info, EEHLAB_A_INJECT, tb, EEHLAB_A_INJECT_MAX,
			  eehlab_inject_policy);
	if (!err)
		err = EEHLAB_REQUIRE(info, tb, nest, EEHLAB_A_INJECT_KIND);
	if (!err)
		err = EEHLAB_REQUIRE(info, tb, nest, EEHLAB_A_INJECT_PHB);
	if (err)
		return err;
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

	msg = eehlab_reply_new(info, SZ_NEST + 2 * SZ_U32 + 2 * SZ_U64, &hdr);
	if (!msg)
		return -ENOMEM;
	es = sess_lock(info);
	err = eeh_session_inject(es->s, &req, &res, &emsg);
	sess_unlock(es);
	if (err < 0) {
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

/* ---- devices ---- */

int eehlab_cmd_dev_resolve(struct sk_buff *skb, struct genl_info *info)
{
	char spec[EEHLAB_NAME_LEN];
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	struct be_dev d = { };
	struct sk_buff *msg;
	void *hdr;
	int err;

	err = EEHLAB_REQUIRE(info, info->attrs, NULL, EEHLAB_A_SPEC);
	if (err)
		return err;
	nla_strscpy(spec, info->attrs[EEHLAB_A_SPEC], sizeof(spec));
	es = sess_lock(info);
	err = eeh_session_resolve(es->s, spec, &d, &emsg);
	sess_unlock(es);
	if (err < 0)
		return eehlab_refused(info, err, &emsg);
	msg = eehlab_reply_new(info, DEV_SIZE, &hdr);
	if (!msg)
		return -ENOMEM;
	if (put_dev(msg, &d)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return eehlab_reply_send(msg, hdr, info);
}

#define DEV_LIST_MAX	(EEH_MAX_PHBS * EEH_MAX_FUNCS)

int eehlab_cmd_dev_list(struct sk_buff *skb, struct genl_info *info)
{
	struct eehlab_sess *es;
	struct sk_buff *msg;
	struct be_dev *d;
	int i, n, err = 0;
	void *hdr;

	d = kvcalloc(DEV_LIST_MAX, sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	es = sess_lock(info);
	n = eeh_session_dev_list(es->s, d, DEV_LIST_MAX);
	sess_unlock(es);
	if (n < 0)
		n = 0;
	msg = eehlab_reply_new(info, (size_t)n * DEV_SIZE, &hdr);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n && !err; i++)
		err = put_dev(msg, &d[i]);
	if (err)
		nlmsg_free(msg);
	else
		err = eehlab_reply_send(msg, hdr, info);
out:
	kvfree(d);
	return err;
}

int eehlab_cmd_pe_covers(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[EEHLAB_A_PE_MAX + 1];
	struct eehlab_sess *es;
	int err, phb, pe, child;
	struct sk_buff *msg;
	struct nlattr *nest;
	bool covers;
	void *hdr;

	err = get_pe_tb(info, &phb, &pe, tb);
	if (!err)
		err = EEHLAB_REQUIRE(info, tb, info->attrs[EEHLAB_A_PE],
				     EEHLAB_A_PE_CHILD);
	if (err)
		return err;
	child = nla_get_u32(tb[EEHLAB_A_PE_CHILD]);
	es = sess_lock(info);
	covers = eeh_session_pe_covers(es->s, phb, pe, child);
	sess_unlock(es);

	msg = eehlab_reply_new(info, SZ_NEST + 3 * SZ_U32, &hdr);
	if (!msg)
		return -ENOMEM;
	nest = nla_nest_start(msg, EEHLAB_A_PE);
	if (!nest || nla_put_u32(msg, EEHLAB_A_PE_NUM, pe) ||
	    nla_put_u32(msg, EEHLAB_A_PE_CHILD, child) ||
	    nla_put_u8(msg, EEHLAB_A_PE_COVERS, covers)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return eehlab_reply_send(msg, hdr, info);
}

int eehlab_cmd_driver_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[EEHLAB_A_DRIVER_MAX + 1];
	struct be_driver drv = { .bound = -1, .handlers = -1 };
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	struct be_dev d;
	int err, phb, id;

	err = get_dev_id(info, &phb, &id);
	if (!err)
		err = EEHLAB_NEST(info, EEHLAB_A_DRIVER, tb, EEHLAB_A_DRIVER_MAX,
				  eehlab_driver_policy);
	if (err)
		return err;
	if (tb[EEHLAB_A_DRIVER_BOUND])
		drv.bound = nla_get_u8(tb[EEHLAB_A_DRIVER_BOUND]);
	if (tb[EEHLAB_A_DRIVER_HANDLERS])
		drv.handlers = nla_get_u8(tb[EEHLAB_A_DRIVER_HANDLERS]);
	if (tb[EEHLAB_A_DRIVER_ERROR_DETECTED])
		drv.error_detected = nla_get_u32(tb[EEHLAB_A_DRIVER_ERROR_DETECTED]);
	if (tb[EEHLAB_A_DRIVER_MMIO_ENABLED])
		drv.mmio_enabled = nla_get_u32(tb[EEHLAB_A_DRIVER_MMIO_ENABLED]);
	if (tb[EEHLAB_A_DRIVER_SLOT_RESET])
		drv.slot_reset = nla_get_u32(tb[EEHLAB_A_DRIVER_SLOT_RESET]);

	es = sess_lock(info);
	dev_ref(&d, phb, id);
	err = eeh_session_driver_set(es->s, &d, &drv, &emsg);
	sess_unlock(es);
	return err < 0 ? eehlab_refused(info, err, &emsg) : 0;
}

/* ---- host memory ---- */

int eehlab_cmd_mem_alloc(struct sk_buff *skb, struct genl_info *info)
{
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	u64 align = 0, pa = 0;
	int err;

	err = EEHLAB_REQUIRE(info, info->attrs, NULL, EEHLAB_A_LEN);
	if (err)
		return err;
	if (info->attrs[EEHLAB_A_ALIGN])
		align = nla_get_u64(info->attrs[EEHLAB_A_ALIGN]);
	es = sess_lock(info);
	err = eeh_session_mem_alloc(es->s, nla_get_u64(info->attrs[EEHLAB_A_LEN]),
				    align, &pa, &emsg);
	sess_unlock(es);
	if (err < 0)
		return eehlab_refused(info, err, &emsg);
	return reply_u64(info, EEHLAB_A_ADDR, pa);
}

/*
 * A read of EEHLAB_A_LEN bytes at EEHLAB_A_ADDR, straight into the
 * reply's EEHLAB_A_DATA; @guest: guest physical memory of that guest.
 */
static int mem_read(struct genl_info *info, const char *guest)
{
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	struct sk_buff *msg;
	struct nlattr *data;
	u64 len, pa;
	void *hdr;
	int err;

	err = EEHLAB_REQUIRE(info, info->attrs, NULL, EEHLAB_A_ADDR);
	if (!err)
		err = EEHLAB_REQUIRE(info, info->attrs, NULL, EEHLAB_A_LEN);
	if (err)
		return err;
	pa = nla_get_u64(info->attrs[EEHLAB_A_ADDR]);
	len = nla_get_u64(info->attrs[EEHLAB_A_LEN]);
	if (len > EEHLAB_DATA_MAX) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[EEHLAB_A_LEN],
				    "EEHLAB_A_LEN is more than EEHLAB_DATA_MAX (32768)");
		return -ERANGE;
	}
	msg = eehlab_reply_new(info, nla_total_size(len), &hdr);
	if (!msg)
		return -ENOMEM;
	data = nla_reserve(msg, EEHLAB_A_DATA, len);
	if (!data) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	es = sess_lock(info);
	if (guest)
		err = eeh_session_guest_mem(es->s, guest, pa, nla_data(data),
					    len, false, &emsg);
	else
		err = eeh_session_mem_read(es->s, pa, nla_data(data), len,
					   &emsg);
	sess_unlock(es);
	if (err < 0) {
		nlmsg_free(msg);
		return eehlab_refused(info, err, &emsg);
	}
	return eehlab_reply_send(msg, hdr, info);
}

static int mem_write(struct genl_info *info, const char *guest)
{
	struct nlattr *data = info->attrs[EEHLAB_A_DATA];
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	u64 pa;
	int err;

	err = EEHLAB_REQUIRE(info, info->attrs, NULL, EEHLAB_A_ADDR);
	if (!err)
		err = EEHLAB_REQUIRE(info, info->attrs, NULL, EEHLAB_A_DATA);
	if (err)
		return err;
	pa = nla_get_u64(info->attrs[EEHLAB_A_ADDR]);
	es = sess_lock(info);
	if (guest)
		err = eeh_session_guest_mem(es->s, guest, pa, nla_data(data),
					    nla_len(data), true, &emsg);
	else
		err = eeh_session_mem_write(es->s, pa, nla_data(data),
					    nla_len(data), &emsg);
	sess_unlock(es);
	return err < 0 ? eehlab_refused(info, err, &emsg) : 0;
}

int eehlab_cmd_mem_read(struct sk_buff *skb, struct genl_info *info)
{
	return mem_read(info, NULL);
}

int eehlab_cmd_mem_write(struct sk_buff *skb, struct genl_info *info)
{
	return mem_write(info, NULL);
}

int eehlab_cmd_guest_mem_read(struct sk_buff *skb, struct genl_info *info)
{
	char name[EEHLAB_NAME_LEN];
	int err = get_guest(info, name);

	return err ? err : mem_read(info, name);
}

int eehlab_cmd_guest_mem_write(struct sk_buff *skb, struct genl_info *info)
{
	char name[EEHLAB_NAME_LEN];
	int err = get_guest(info, name);

	return err ? err : mem_write(info, name);
}

/* ---- DMA windows and TCEs ---- */

/* A PE and its EEHLAB_A_WINDOW nest (required) */
static int get_pe_window(struct genl_info *info, int *phb, int *pe,
			 struct nlattr **wtb)
{
	int err = get_pe(info, phb, pe);

	if (!err)
		err = EEHLAB_NEST(info, EEHLAB_A_WINDOW, wtb, EEHLAB_A_WINDOW_MAX,
				  eehlab_window_policy);
	return err;
}

/* A required attribute of the EEHLAB_A_WINDOW nest */
static int wreq(struct genl_info *info, struct nlattr **wtb, int type,
		const char *text)
{
	if (wtb[type])
		return 0;
	return eehlab_missing(info, info->attrs[EEHLAB_A_WINDOW], type, text);
}

#define WREQ(info, wtb, type)	wreq(info, wtb, type, "missing attribute " #type)

int eehlab_cmd_window_create(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *wtb[EEHLAB_A_WINDOW_MAX + 1];
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	int err, phb, pe;

	err = get_pe_window(info, &phb, &pe, wtb);
	if (!err)
		err = WREQ(info, wtb, EEHLAB_A_WINDOW_WHICH);
	if (!err)
		err = WREQ(info, wtb, EEHLAB_A_WINDOW_PAGE_SHIFT);
	if (!err)
		err = WREQ(info, wtb, EEHLAB_A_WINDOW_SIZE);
	if (!err)
		err = WREQ(info, wtb, EEHLAB_A_WINDOW_LEVELS);
	if (err)
		return err;
	es = sess_lock(info);
	err = eeh_session_window_create(es->s, phb, pe,
					nla_get_u32(wtb[EEHLAB_A_WINDOW_WHICH]),
					nla_get_u32(wtb[EEHLAB_A_WINDOW_PAGE_SHIFT]),
					nla_get_u64(wtb[EEHLAB_A_WINDOW_SIZE]),
					nla_get_u32(wtb[EEHLAB_A_WINDOW_LEVELS]),
					&emsg);
	sess_unlock(es);
	return err < 0 ? eehlab_refused(info, err, &emsg) : 0;
}

int eehlab_cmd_window_remove(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *wtb[EEHLAB_A_WINDOW_MAX + 1];
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	int err, phb, pe;

	err = get_pe_window(info, &phb, &pe, wtb);
	if (!err)
		err = WREQ(info, wtb, EEHLAB_A_WINDOW_WHICH);
	if (err)
		return err;
	es = sess_lock(info);
	err = eeh_session_window_remove(es->s, phb, pe,
					nla_get_u32(wtb[EEHLAB_A_WINDOW_WHICH]),
					&emsg);
	sess_unlock(es);
	return err < 0 ? eehlab_refused(info, err, &emsg) : 0;
}

int eehlab_cmd_window_get(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *wtb[EEHLAB_A_WINDOW_MAX + 1];
	struct eeh_tce_table t = { };
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	int err, phb, pe, which;
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;

	err = get_pe_window(info, &phb, &pe, wtb);
	if (!err)
		err = WREQ(info, wtb, EEHLAB_A_WINDOW_WHICH);
	if (err)
		return err;
	which = nla_get_u32(wtb[EEHLAB_A_WINDOW_WHICH]);
	es = sess_lock(info);
	err = eeh_session_pe_check(es->s, phb, pe, &emsg);
	if (!err) {
		err = eeh_session_window_get(es->s, phb, pe, which, &t);
		if (err < 0)
			eeh_msg_set(&emsg, err, "PHB#%04x PE#%x has no %d-bit window",
				    phb, pe, which ? 64 : 32);
	}
	sess_unlock(es);
	if (err < 0)
		return eehlab_refused(info, err, &emsg);

	msg = eehlab_reply_new(info, SZ_NEST + 4 * SZ_U32 + 4 * SZ_U64, &hdr);
	if (!msg)
		return -ENOMEM;
	nest = nla_nest_start(msg, EEHLAB_A_WINDOW);
	if (!nest || nla_put_u32(msg, EEHLAB_A_WINDOW_WHICH, which) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_WINDOW_BASE, t.base, 0) ||
	    nla_put_u32(msg, EEHLAB_A_WINDOW_LEVELS, t.levels) ||
	    nla_put_u32(msg, EEHLAB_A_WINDOW_LEVEL_SHIFT, t.level_shift) ||
	    nla_put_u32(msg, EEHLAB_A_WINDOW_PAGE_SHIFT, t.page_shift) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_WINDOW_BUS_START, t.bus_start, 0) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_WINDOW_ENTRIES, t.entries, 0) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_WINDOW_BYTES, t.window_size, 0)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return eehlab_reply_send(msg, hdr, info);
}

int eehlab_cmd_tce_map(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *wtb[EEHLAB_A_WINDOW_MAX + 1];
	struct nlattr **a = info->attrs;
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	int err, phb, pe;

	err = get_pe_window(info, &phb, &pe, wtb);
	if (!err)
		err = WREQ(info, wtb, EEHLAB_A_WINDOW_WHICH);
	if (!err)
		err = EEHLAB_REQUIRE(info, a, NULL, EEHLAB_A_ADDR);
	if (!err)
		err = EEHLAB_REQUIRE(info, a, NULL, EEHLAB_A_HOST);
	if (!err)
		err = EEHLAB_REQUIRE(info, a, NULL, EEHLAB_A_LEN);
	if (!err)
		err = EEHLAB_REQUIRE(info, a, NULL, EEHLAB_A_PERM);
	if (err)
		return err;
	es = sess_lock(info);
	err = eeh_session_tce_map(es->s, phb, pe,
				  nla_get_u32(wtb[EEHLAB_A_WINDOW_WHICH]),
				  nla_get_u64(a[EEHLAB_A_ADDR]),
				  nla_get_u64(a[EEHLAB_A_HOST]),
				  nla_get_u64(a[EEHLAB_A_LEN]),
				  nla_get_u64(a[EEHLAB_A_PERM]), &emsg);
	sess_unlock(es);
	return err < 0 ? eehlab_refused(info, err, &emsg) : 0;
}

/* ---- the data path ---- */

/* MMIO (@mmio) or config access: the attributes common to both */
static int get_access(struct genl_info *info, bool mmio, bool write,
		      int *phb, int *id)
{
	struct nlattr **a = info->attrs;
	int err = get_dev_id(info, phb, id);

	if (!err && mmio)
		err = EEHLAB_REQUIRE(info, a, NULL, EEHLAB_A_BAR);
	if (!err)
		err = EEHLAB_REQUIRE(info, a, NULL, EEHLAB_A_OFFSET);
	if (!err)
		err = EEHLAB_REQUIRE(info, a, NULL, EEHLAB_A_WIDTH);
	if (!err && write)
		err = EEHLAB_REQUIRE(info, a, NULL, EEHLAB_A_VALUE);
	return err;
}

int eehlab_cmd_mmio_read(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	bool detect, queued = false;
	int err, phb, id, before;
	struct be_dev d;
	u64 val = 0;

	err = get_access(info, true, false, &phb, &id);
	if (err)
		return err;
	detect = nla_get_flag(a[EEHLAB_A_DETECT]);
	es = sess_lock(info);
	dev_ref(&d, phb, id);
	before = es->s->rec.nqueued;
	err = eeh_session_mmio_read(es->s, &d, nla_get_u32(a[EEHLAB_A_BAR]),
				    nla_get_u64(a[EEHLAB_A_OFFSET]),
				    nla_get_u32(a[EEHLAB_A_WIDTH]), detect,
				    &val, &emsg);
	queued = !err && detect && es->s->rec.nqueued > before;
	if (queued)	/* the event names the device and its PE */
		eeh_session_dev_get(es->s, phb, id, &d, NULL);
	sess_unlock(es);
	if (err < 0)
		return eehlab_refused(info, err, &emsg);
	if (queued)
		eehlab_event_freeze(&d);
	return reply_u64(info, EEHLAB_A_VALUE, val);
}

int eehlab_cmd_mmio_write(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	int err, phb, id;
	struct be_dev d;

	err = get_access(info, true, true, &phb, &id);
	if (err)
		return err;
	es = sess_lock(info);
	dev_ref(&d, phb, id);
	err = eeh_session_mmio_write(es->s, &d, nla_get_u32(a[EEHLAB_A_BAR]),
				     nla_get_u64(a[EEHLAB_A_OFFSET]),
				     nla_get_u32(a[EEHLAB_A_WIDTH]),
				     nla_get_u64(a[EEHLAB_A_VALUE]), &emsg);
	sess_unlock(es);
	return err < 0 ? eehlab_refused(info, err, &emsg) : 0;
}

/* Config space offsets and values are 32-bit. */
static int cfg_u32(struct genl_info *info, int type, u32 *v)
{
	u64 x = nla_get_u64(info->attrs[type]);

	if (x > U32_MAX) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[type],
				    "config space offsets and values are 32-bit");
		return -ERANGE;
	}
	*v = x;
	return 0;
}

int eehlab_cmd_cfg_read(struct sk_buff *skb, struct genl_info *info)
{
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	int err, phb, id;
	u32 off, val = 0;
	struct be_dev d;

	err = get_access(info, false, false, &phb, &id);
	if (!err)
		err = cfg_u32(info, EEHLAB_A_OFFSET, &off);
	if (err)
		return err;
	es = sess_lock(info);
	dev_ref(&d, phb, id);
	err = eeh_session_cfg_read(es->s, &d, off,
				   nla_get_u32(info->attrs[EEHLAB_A_WIDTH]),
				   &val, &emsg);
	sess_unlock(es);
	if (err < 0)
		return eehlab_refused(info, err, &emsg);
	return reply_u64(info, EEHLAB_A_VALUE, val);
}

int eehlab_cmd_cfg_write(struct sk_buff *skb, struct genl_info *info)
{
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	int err, phb, id;
	struct be_dev d;
	u32 off, val;

	err = get_access(info, false, true, &phb, &id);
	if (!err)
		err = cfg_u32(info, EEHLAB_A_OFFSET, &off);
	if (!err)
		err = cfg_u32(info, EEHLAB_A_VALUE, &val);
	if (err)
		return err;
	es = sess_lock(info);
	dev_ref(&d, phb, id);
	err = eeh_session_cfg_write(es->s, &d, off,
				    nla_get_u32(info->attrs[EEHLAB_A_WIDTH]),
				    val, &emsg);
	sess_unlock(es);
	return err < 0 ? eehlab_refused(info, err, &emsg) : 0;
}

int eehlab_cmd_dma(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[EEHLAB_A_DMA_MAX + 1];
	struct nlattr *nest = info->attrs[EEHLAB_A_DMA];
	struct be_dma_res res = { };
	struct be_dma_req req = { };
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	int err, phb, id;
	struct sk_buff *msg;
	struct be_dev d;
	void *hdr;

	err = get_dev_id(info, &phb, &id);
	if (!err)
		err = EEHLAB_NEST(info, EEHLAB_A_DMA, tb, EEHLAB_A_DMA_MAX,
				  eehlab_dma_policy);
	if (!err)
		err = EEHLAB_REQUIRE(info, tb, nest, EEHLAB_A_DMA_IOBA);
	if (!err)
		err = EEHLAB_REQUIRE(info, tb, nest, EEHLAB_A_DMA_LEN);
	if (err)
		return err;
	req.ioba = nla_get_u64(tb[EEHLAB_A_DMA_IOBA]);
	req.len = nla_get_u32(tb[EEHLAB_A_DMA_LEN]);
	if (tb[EEHLAB_A_DMA_BUF_OFF])
		req.buf_off = nla_get_u32(tb[EEHLAB_A_DMA_BUF_OFF]);
	if (tb[EEHLAB_A_DMA_DIR])
		req.dir = nla_get_u32(tb[EEHLAB_A_DMA_DIR]);
	if (tb[EEHLAB_A_DMA_START])
		req.start = nla_get_u32(tb[EEHLAB_A_DMA_START]);

	es = sess_lock(info);
	dev_ref(&d, phb, id);
	err = eeh_session_dma(es->s, &d, &req, &res, &emsg);
	sess_unlock(es);
	if (err < 0)
		return eehlab_refused(info, err, &emsg);

	msg = eehlab_reply_new(info, SZ_NEST + 2 * SZ_U32, &hdr);
	if (!msg)
		return -ENOMEM;
	nest = nla_nest_start(msg, EEHLAB_A_DMA);
	if (!nest || nla_put_u32(msg, EEHLAB_A_DMA_OUTCOME, res.outcome) ||
	    nla_put_u32(msg, EEHLAB_A_DMA_CAUSE, res.cause)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return eehlab_reply_send(msg, hdr, info);
}

/* ---- faults, detection, time ---- */

int eehlab_cmd_check(struct sk_buff *skb, struct genl_info *info)
{
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	bool queued = false;
	struct sk_buff *msg;
	int err, phb, id;
	struct be_dev d;
	void *hdr;

	err = get_dev_id(info, &phb, &id);
	if (err)
		return err;
	es = sess_lock(info);
	dev_ref(&d, phb, id);
	err = eeh_session_check(es->s, &d, &queued, &emsg);
	if (!err && queued)	/* the event names the device and its PE */
		eeh_session_dev_get(es->s, phb, id, &d, NULL);
	sess_unlock(es);
	if (err < 0)
		return eehlab_refused(info, err, &emsg);
	if (queued)
		eehlab_event_freeze(&d);
	msg = eehlab_reply_new(info, nla_total_size(sizeof(u8)), &hdr);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u8(msg, EEHLAB_A_QUEUED, queued)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return eehlab_reply_send(msg, hdr, info);
}

int eehlab_cmd_advance(struct sk_buff *skb, struct genl_info *info)
{
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	int err;

	err = EEHLAB_REQUIRE(info, info->attrs, NULL, EEHLAB_A_MS);
	if (err)
		return err;
	es = sess_lock(info);
	err = eeh_session_advance(es->s, nla_get_u64(info->attrs[EEHLAB_A_MS]),
				  &emsg);
	sess_unlock(es);
	return err < 0 ? eehlab_refused(info, err, &emsg) : 0;
}

int eehlab_cmd_max_freezes_set(struct sk_buff *skb, struct genl_info *info)
{
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	u32 n;
	int err;

	err = EEHLAB_REQUIRE(info, info->attrs, NULL, EEHLAB_A_MAX_FREEZES);
	if (err)
		return err;
	n = nla_get_u32(info->attrs[EEHLAB_A_MAX_FREEZES]);
	es = sess_lock(info);
	err = eeh_session_set_max_freezes(es->s, n > INT_MAX ? INT_MAX : n,
					  &emsg);
	sess_unlock(es);
	return err < 0 ? eehlab_refused(info, err, &emsg) : 0;
}

/* ---- queries ---- */

int eehlab_cmd_pe_state(struct sk_buff *skb, struct genl_info *info)
{
	struct be_pe_state st = { };
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	struct sk_buff *msg;
	struct nlattr *nest;
	int err, phb, pe;
	void *hdr;

	err = get_pe(info, &phb, &pe);
	if (err)
		return err;
	es = sess_lock(info);
	err = eeh_session_pe_state(es->s, phb, pe, &st, &emsg);
	sess_unlock(es);
	if (err < 0)
		return eehlab_refused(info, err, &emsg);

	msg = eehlab_reply_new(info, PE_SIZE, &hdr);
	if (!msg)
		return -ENOMEM;
	nest = nla_nest_start(msg, EEHLAB_A_PE);
	if (!nest || nla_put_u32(msg, EEHLAB_A_PE_NUM, pe) ||
	    nla_put_u32(msg, EEHLAB_A_PE_PHB, phb) ||
	    nla_put_u32(msg, EEHLAB_A_PE_FW_STATE, st.fw) ||
	    nla_put_u32(msg, EEHLAB_A_PE_STATE, st.linux_bits) ||
	    nla_put_u32(msg, EEHLAB_A_PE_SW_STATE, st.sw_state) ||
	    nla_put_string(msg, EEHLAB_A_PE_SYSFS, st.sysfs) ||
	    nla_put_u32(msg, EEHLAB_A_PE_FREEZE_COUNT, st.freeze_count) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_PE_DMA_BLOCKED, st.dma_blocked, 0) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_PE_STORES_DROPPED, st.stores_dropped, 0) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_PE_LOADS_ONES, st.loads_ones, 0)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return eehlab_reply_send(msg, hdr, info);
}

#define FROZEN_MAX	(EEH_MAX_PHBS * 512)

int eehlab_cmd_frozen_get(struct sk_buff *skb, struct genl_info *info)
{
	struct eehlab_sess *es;
	struct be_pe_ref *ref;
	struct sk_buff *msg;
	struct nlattr *nest;
	int i, n, count;
	int err = 0;
	void *hdr;

	ref = kvcalloc(FROZEN_MAX, sizeof(*ref), GFP_KERNEL);
	if (!ref)
		return -ENOMEM;
	es = sess_lock(info);
	count = eeh_session_frozen_pes(es->s, ref, FROZEN_MAX);
	sess_unlock(es);
	if (count < 0)
		count = 0;
	n = min(count, FROZEN_MAX);
	msg = eehlab_reply_new(info, SZ_U32 + n * (SZ_NEST + 2 * SZ_U32), &hdr);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}
	if (nla_put_u32(msg, EEHLAB_A_COUNT, count))
		err = -EMSGSIZE;
	for (i = 0; i < n && !err; i++) {
		nest = nla_nest_start(msg, EEHLAB_A_PE);
		if (!nest || nla_put_u32(msg, EEHLAB_A_PE_PHB, ref[i].phb) ||
		    nla_put_u32(msg, EEHLAB_A_PE_NUM, ref[i].pe))
			err = -EMSGSIZE;
		else
			nla_nest_end(msg, nest);
	}
	if (err)
		nlmsg_free(msg);
	else
		err = eehlab_reply_send(msg, hdr, info);
out:
	kvfree(ref);
	return err;
}

#define CB_SIZE		(SZ_NEST + 2 * SZ_U64 + 5 * SZ_U32)

int eehlab_cmd_cb_get(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *after = info->attrs[EEHLAB_A_AFTER];
	struct eeh_cb_rec *cb = NULL;
	struct eehlab_sess *es;
	struct sk_buff *msg;
	struct nlattr *nest;
	int i, n = 0, err = 0;
	void *hdr;
	u64 seq;

	if (after) {
		cb = kvcalloc(EEH_CBLOG_MAX, sizeof(*cb), GFP_KERNEL);
		if (!cb)
			return -ENOMEM;
	}
	es = sess_lock(info);
	seq = eeh_session_cb_seq(es->s);
	if (after)
		n = eeh_session_cb_since(es->s, nla_get_u64(after), cb,
					 EEH_CBLOG_MAX);
	sess_unlock(es);
	if (n < 0 || n > EEH_CBLOG_MAX)
		n = 0;

	msg = eehlab_reply_new(info, SZ_U64 + (size_t)n * CB_SIZE, &hdr);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}
	if (nla_put_u64_64bit(msg, EEHLAB_A_SEQ, seq, EEHLAB_A_PAD))
		err = -EMSGSIZE;
	for (i = 0; i < n && !err; i++) {
		nest = nla_nest_start(msg, EEHLAB_A_CB);
		if (!nest ||
		    nla_put_u64_64bit(msg, EEHLAB_A_CB_SEQ, cb[i].seq, 0) ||
		    nla_put_u64_64bit(msg, EEHLAB_A_CB_TIME_MS, cb[i].time_ms, 0) ||
		    nla_put_u32(msg, EEHLAB_A_CB_PHB, cb[i].phb) ||
		    nla_put_u32(msg, EEHLAB_A_CB_FUNC, cb[i].func) ||
		    nla_put_u32(msg, EEHLAB_A_CB_CALLBACK, cb[i].cb) ||
		    nla_put_u32(msg, EEHLAB_A_CB_STATE, cb[i].state) ||
		    nla_put_u32(msg, EEHLAB_A_CB_RESULT, cb[i].result))
			err = -EMSGSIZE;
		else
			nla_nest_end(msg, nest);
	}
	if (err)
		nlmsg_free(msg);
	else
		err = eehlab_reply_send(msg, hdr, info);
out:
	kvfree(cb);
	return err;
}

int eehlab_cmd_diag_get(struct sk_buff *skb, struct genl_info *info)
{
	struct eeh_diag dg = { };
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	struct sk_buff *msg;
	struct nlattr *nest;
	int err, phb, pe;
	void *hdr;

	err = get_pe(info, &phb, &pe);
	if (err)
		return err;
	es = sess_lock(info);
	err = eeh_session_diag_last(es->s, phb, pe, &dg);
	sess_unlock(es);
	if (err == -ENODEV)
		eeh_msg_set(&emsg, err, "no PHB#%04x", phb);
	else if (err < 0)
		eeh_msg_set(&emsg, err, "no diag data for PHB#%04x PE#%x", phb, pe);
	if (err < 0)
		return eehlab_refused(info, err, &emsg);

	msg = eehlab_reply_new(info, SZ_NEST + 6 * SZ_U32 + 5 * SZ_U64 +
			       SZ_STR(sizeof(dg.text)), &hdr);
	if (!msg)
		return -ENOMEM;
	nest = nla_nest_start(msg, EEHLAB_A_DIAG);
	if (!nest || nla_put_u64_64bit(msg, EEHLAB_A_DIAG_SEQ, dg.seq, 0) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_DIAG_TIME_MS, dg.time_ms, 0) ||
	    nla_put_u32(msg, EEHLAB_A_DIAG_PHB, dg.phb) ||
	    (dg.pe >= 0 && nla_put_u32(msg, EEHLAB_A_DIAG_PE, dg.pe)) ||
	    nla_put_u32(msg, EEHLAB_A_DIAG_TYPE, dg.type) ||
	    nla_put_u32(msg, EEHLAB_A_DIAG_SEVERITY, dg.severity) ||
	    nla_put_u32(msg, EEHLAB_A_DIAG_CAUSE, dg.cause) ||
	    (dg.func >= 0 && nla_put_u32(msg, EEHLAB_A_DIAG_FUNC, dg.func)) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_DIAG_ADDR, dg.addr, 0) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_DIAG_PEST_A, dg.pest_a, 0) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_DIAG_PEST_B, dg.pest_b, 0) ||
	    nla_put_string(msg, EEHLAB_A_DIAG_TEXT, dg.text)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return eehlab_reply_send(msg, hdr, info);
}

/* ---- guests ---- */

int eehlab_cmd_guest_create(struct sk_buff *skb, struct genl_info *info)
{
	char name[EEHLAB_NAME_LEN];
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	int err;

	err = get_guest(info, name);
	if (err)
		return err;
	es = sess_lock(info);
	err = eeh_session_guest_create(es->s, name, &emsg);
	sess_unlock(es);
	return err < 0 ? eehlab_refused(info, err, &emsg) : 0;
}

int eehlab_cmd_guest_slot(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[EEHLAB_A_GUEST_MAX + 1];
	struct nlattr *nest = info->attrs[EEHLAB_A_GUEST];
	char name[EEHLAB_NAME_LEN];
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	int err;

	err = get_guest_tb(info, name, tb);
	if (!err)
		err = EEHLAB_REQUIRE(info, tb, nest, EEHLAB_A_GUEST_SLOT_GPA);
	if (!err)
		err = EEHLAB_REQUIRE(info, tb, nest, EEHLAB_A_GUEST_SLOT_SIZE);
	if (!err)
		err = EEHLAB_REQUIRE(info, tb, nest,
				     EEHLAB_A_GUEST_SLOT_PAGE_SHIFT);
	if (err)
		return err;
	es = sess_lock(info);
	err = eeh_session_guest_slot(es->s, name,
				     nla_get_u64(tb[EEHLAB_A_GUEST_SLOT_GPA]),
				     nla_get_u64(tb[EEHLAB_A_GUEST_SLOT_SIZE]),
				     nla_get_u32(tb[EEHLAB_A_GUEST_SLOT_PAGE_SHIFT]),
				     nla_get_flag(tb[EEHLAB_A_GUEST_SLOT_PREREG]),
				     !nla_get_flag(tb[EEHLAB_A_GUEST_SLOT_NOT_LINEAR]),
				     &emsg);
	sess_unlock(es);
	return err < 0 ? eehlab_refused(info, err, &emsg) : 0;
}

int eehlab_cmd_guest_assign(struct sk_buff *skb, struct genl_info *info)
{
	char name[EEHLAB_NAME_LEN];
	struct eeh_msg emsg = { };
	unsigned long liobn = 0;
	struct eehlab_sess *es;
	int err, phb, pe;

	err = get_guest(info, name);
	if (!err)
		err = get_pe(info, &phb, &pe);
	if (err)
		return err;
	es = sess_lock(info);
	err = eeh_session_guest_assign(es->s, name, phb, pe, &liobn, &emsg);
	sess_unlock(es);
	if (err < 0)
		return eehlab_refused(info, err, &emsg);
	return reply_nest_u64(info, EEHLAB_A_GUEST, EEHLAB_A_GUEST_LIOBN, liobn);
}

int eehlab_cmd_guest_release(struct sk_buff *skb, struct genl_info *info)
{
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	int err, phb, pe;

	err = get_pe(info, &phb, &pe);
	if (err)
		return err;
	es = sess_lock(info);
	err = eeh_session_guest_release(es->s, phb, pe, &emsg);
	sess_unlock(es);
	return err < 0 ? eehlab_refused(info, err, &emsg) : 0;
}

int eehlab_cmd_guest_window(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *wtb[EEHLAB_A_WINDOW_MAX + 1];
	u32 page_shift = 0, levels = 0;
	struct eeh_msg emsg = { };
	unsigned long liobn = 0;
	struct eehlab_sess *es;
	int err, phb, pe;
	bool remove;
	u64 size = 0;

	err = get_pe_window(info, &phb, &pe, wtb);
	if (err)
		return err;
	remove = nla_get_flag(wtb[EEHLAB_A_WINDOW_REMOVE]);
	if (!remove) {
		err = WREQ(info, wtb, EEHLAB_A_WINDOW_PAGE_SHIFT);
		if (!err)
			err = WREQ(info, wtb, EEHLAB_A_WINDOW_SIZE);
		if (!err)
			err = WREQ(info, wtb, EEHLAB_A_WINDOW_LEVELS);
		if (err)
			return err;
		page_shift = nla_get_u32(wtb[EEHLAB_A_WINDOW_PAGE_SHIFT]);
		size = nla_get_u64(wtb[EEHLAB_A_WINDOW_SIZE]);
		levels = nla_get_u32(wtb[EEHLAB_A_WINDOW_LEVELS]);
	}
	es = sess_lock(info);
	err = eeh_session_guest_window(es->s, phb, pe, page_shift, size, levels,
				       remove, &liobn, &emsg);
	sess_unlock(es);
	if (err < 0)
		return eehlab_refused(info, err, &emsg);
	return reply_nest_u64(info, EEHLAB_A_WINDOW, EEHLAB_A_WINDOW_LIOBN, liobn);
}

int eehlab_cmd_guest_liobn(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *wtb[EEHLAB_A_WINDOW_MAX + 1];
	struct eeh_msg emsg = { };
	unsigned long liobn = 0;
	struct eehlab_sess *es;
	int err, phb, pe, tier = -1;

	err = get_pe_window(info, &phb, &pe, wtb);
	if (!err)
		err = WREQ(info, wtb, EEHLAB_A_WINDOW_WHICH);
	if (err)
		return err;
	if (wtb[EEHLAB_A_WINDOW_TIER])
		tier = nla_get_u32(wtb[EEHLAB_A_WINDOW_TIER]);
	es = sess_lock(info);
	err = eeh_session_guest_liobn(es->s, phb, pe,
				      nla_get_u32(wtb[EEHLAB_A_WINDOW_WHICH]),
				      tier, &liobn, &emsg);
	sess_unlock(es);
	if (err < 0)
		return eehlab_refused(info, err, &emsg);
	return reply_nest_u64(info, EEHLAB_A_WINDOW, EEHLAB_A_WINDOW_LIOBN, liobn);
}

int eehlab_get_guest(struct genl_info *info, char *name)
{
	return get_guest(info, name);
}

int eehlab_get_hcall(struct genl_info *info, struct nlattr *nest,
		     struct be_hcall *hc)
{
	struct nlattr *tb[EEHLAB_A_HCALL_MAX + 1];
	int err, i;

	err = nla_parse_nested(tb, EEHLAB_A_HCALL_MAX, nest, eehlab_hcall_policy,
			       info->extack);
	if (!err)
		err = EEHLAB_REQUIRE(info, tb, nest, EEHLAB_A_HCALL_OPCODE);
	if (err)
		return err;
	memset(hc, 0, sizeof(*hc));
	hc->opcode = nla_get_u64(tb[EEHLAB_A_HCALL_OPCODE]);
	/* the arguments up to the last one given; a gap passes 0 */
	for (i = 0; i < 4; i++) {
		if (tb[EEHLAB_A_HCALL_ARG0 + i]) {
			hc->args[i] = nla_get_u64(tb[EEHLAB_A_HCALL_ARG0 + i]);
			hc->nargs = i + 1;
		}
	}
	return 0;
}

int eehlab_cmd_hcall(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *nest = info->attrs[EEHLAB_A_HCALL];
	char name[EEHLAB_NAME_LEN];
	struct eeh_msg emsg = { };
	struct be_hcall hc = { };
	struct eehlab_sess *es;
	struct sk_buff *msg;
	void *hdr;
	int err;

	err = get_guest(info, name);
	if (!err && !nest)
		err = eehlab_missing(info, NULL, EEHLAB_A_HCALL,
				     "missing attribute EEHLAB_A_HCALL");
	if (!err)
		err = eehlab_get_hcall(info, nest, &hc);
	if (err)
		return err;
	es = sess_lock(info);
	err = eeh_session_hcall(es->s, name, &hc, &emsg);
	sess_unlock(es);
	if (err < 0)
		return eehlab_refused(info, err, &emsg);

	msg = eehlab_reply_new(info, SZ_NEST + 2 * SZ_U64 + SZ_U32, &hdr);
	if (!msg)
		return -ENOMEM;
	nest = nla_nest_start(msg, EEHLAB_A_HCALL);
	if (!nest ||
	    nla_put_s64(msg, EEHLAB_A_HCALL_RC, hc.rc, EEHLAB_A_HCALL_UNSPEC) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_HCALL_RET, hc.ret, 0) ||
	    nla_put_u32(msg, EEHLAB_A_HCALL_TIER, hc.tier)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return eehlab_reply_send(msg, hdr, info);
}

int eehlab_cmd_guest_stats(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[EEHLAB_A_GUEST_MAX + 1];
	struct be_guest_stats st = { };
	char name[EEHLAB_NAME_LEN];
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	struct sk_buff *msg;
	struct nlattr *nest;
	int err, hc = -1;
	void *hdr;

	err = get_guest_tb(info, name, tb);
	if (err)
		return err;
	if (tb[EEHLAB_A_GUEST_HC])
		hc = nla_get_u32(tb[EEHLAB_A_GUEST_HC]);
	es = sess_lock(info);
	err = eeh_session_guest_stats(es->s, name, hc, &st, &emsg);
	sess_unlock(es);
	if (err < 0)
		return eehlab_refused(info, err, &emsg);

	msg = eehlab_reply_new(info, SZ_NEST + 5 * SZ_U64, &hdr);
	if (!msg)
		return -ENOMEM;
	nest = nla_nest_start(msg, EEHLAB_A_GUEST);
	if (!nest ||
	    nla_put_u64_64bit(msg, EEHLAB_A_GUEST_FINISHED_REAL, st.finished[0], 0) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_GUEST_FINISHED_VIRT, st.finished[1], 0) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_GUEST_FINISHED_USER, st.finished[2], 0) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_GUEST_PINS, st.pins, 0) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_GUEST_EXITS, st.exits, 0)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return eehlab_reply_send(msg, hdr, info);
}

int eehlab_cmd_guest_eeh(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[EEHLAB_A_VFIO_MAX + 1];
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	u32 type = 0, func = 0;
	u64 addr = 0, mask = 0;
	int err, phb, pe;

	err = get_pe(info, &phb, &pe);
	if (!err)
		err = EEHLAB_NEST(info, EEHLAB_A_VFIO, tb, EEHLAB_A_VFIO_MAX,
				  eehlab_vfio_policy);
	if (!err)
		err = EEHLAB_REQUIRE(info, tb, info->attrs[EEHLAB_A_VFIO],
				     EEHLAB_A_VFIO_OP);
	if (err)
		return err;
	if (tb[EEHLAB_A_VFIO_TYPE])
		type = nla_get_u32(tb[EEHLAB_A_VFIO_TYPE]);
	if (tb[EEHLAB_A_VFIO_FUNC])
		func = nla_get_u32(tb[EEHLAB_A_VFIO_FUNC]);
	if (tb[EEHLAB_A_VFIO_ADDR])
		addr = nla_get_u64(tb[EEHLAB_A_VFIO_ADDR]);
	if (tb[EEHLAB_A_VFIO_MASK])
		mask = nla_get_u64(tb[EEHLAB_A_VFIO_MASK]);
	es = sess_lock(info);
	err = eeh_session_guest_eeh(es->s, phb, pe,
				    nla_get_u32(tb[EEHLAB_A_VFIO_OP]), type,
				    func, addr, mask, &emsg);
	sess_unlock(es);
	if (err < 0)
		return eehlab_refused(info, err, &emsg);
	return reply_nest_u32(info, EEHLAB_A_VFIO, EEHLAB_A_VFIO_RESULT, err);
}

/* ---- the module's own ---- */

int eehlab_cmd_invariants(struct sk_buff *skb, struct genl_info *info)
{
	char why[EEHLAB_MSG_LEN] = "";
	struct eehlab_sess *es;
	struct sk_buff *msg;
	void *hdr;
	int err;

	es = sess_lock(info);
	err = eeh_session_invariants(es->s, why, sizeof(why));
	sess_unlock(es);

	msg = eehlab_reply_new(info, err ? SZ_STR(strlen(why) + 1) : 0, &hdr);
	if (!msg)
		return -ENOMEM;
	if (err && nla_put_string(msg, EEHLAB_A_INVARIANT,
				  why[0] ? why : "an invariant is violated")) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return eehlab_reply_send(msg, hdr, info);
}

int eehlab_cmd_stats(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;

	msg = eehlab_reply_new(info, SZ_NEST + 3 * SZ_U64 + 2 * SZ_U32, &hdr);
	if (!msg)
		return -ENOMEM;
	nest = nla_nest_start(msg, EEHLAB_A_STATS);
	if (!nest ||
	    nla_put_u64_64bit(msg, EEHLAB_A_STATS_LIVE_ALLOCS,
			      eehlab_shim_live_blocks(), 0) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_STATS_LIVE_BYTES,
			      eehlab_shim_live_bytes(), 0) ||
	    nla_put_u32(msg, EEHLAB_A_STATS_SESSIONS, eehlab_sessions_open()) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_STATS_RM_VIOLATIONS,
			      eehlab_shim_rm_violations(), 0) ||
	    nla_put_u8(msg, EEHLAB_A_STATS_TEST_HOOKS,
		       EEHLAB_HOOKS)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return eehlab_reply_send(msg, hdr, info);
}

int eehlab_cmd_test_fail_nth(struct sk_buff *skb, struct genl_info *info)
{
	int err;

	err = EEHLAB_REQUIRE(info, info->attrs, NULL, EEHLAB_A_FAIL_NTH);
	if (err)
		return err;
#ifdef EEHLAB_TEST_HOOKS
	eeh_shim_fail_nth(nla_get_u32(info->attrs[EEHLAB_A_FAIL_NTH]));
	return 0;
#else
	NL_SET_ERR_MSG(info->extack,
		       "failure injection needs a test build (make module EEHLAB_TEST_HOOKS=1)");
	return -EOPNOTSUPP;
#endif
}

/*
 * REAL_LIST: read-only. On a PowerNV host with EEH, eehlab_powernv.c
 * walks the EEH core; elsewhere the reply is the reason alone, no PHB.
 */
int eehlab_cmd_real_list(struct sk_buff *skb, struct genl_info *info)
{
#if EEHLAB_HAVE_POWERNV
	return eehlab_powernv_list(info);
#else
	struct sk_buff *msg;
	void *hdr;

	msg = eehlab_reply_new(info, SZ_STR(sizeof(EEHLAB_NO_EEH)), &hdr);
	if (!msg)
		return -ENOMEM;
	if (nla_put_string(msg, EEHLAB_A_REAL_PLATFORM, EEHLAB_NO_EEH)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return eehlab_reply_send(msg, hdr, info);
#endif
}

/*
 * REAL_INJECT: the emulated freeze of a real PE (eehlab_powernv.c);
 * without the EEH core there is no real PE to freeze.
 */
int eehlab_cmd_real_inject(struct sk_buff *skb, struct genl_info *info)
{
#if EEHLAB_HAVE_POWERNV
	return eehlab_powernv_inject(info);
#else
	NL_SET_ERR_MSG(info->extack, EEHLAB_NO_EEH);
	return -EOPNOTSUPP;
#endif
}

/*
 * REAL_HW_INJECT: eeh_pe_inject_err() on a real PE, firmware's error
 * injection (eehlab_powernv.c).
 */
int eehlab_cmd_real_hw_inject(struct sk_buff *skb, struct genl_info *info)
{
#if EEHLAB_HAVE_POWERNV
	return eehlab_powernv_hw_inject(info);
#else
	NL_SET_ERR_MSG(info->extack, EEHLAB_NO_EEH);
	return -EOPNOTSUPP;
#endif
}

/* REAL_CHECK: eeh_dev_check_failure() on a real function (eehlab_powernv.c) */
int eehlab_cmd_real_check(struct sk_buff *skb, struct genl_info *info)
{
#if EEHLAB_HAVE_POWERNV
	return eehlab_powernv_check(info);
#else
	NL_SET_ERR_MSG(info->extack, EEHLAB_NO_EEH);
	return -EOPNOTSUPP;
#endif
}
