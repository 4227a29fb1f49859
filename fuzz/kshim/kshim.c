// SPDX-License-Identifier: GPL-2.0-only
/*
 * The nl fuzz target's kernel-API shim (see kshim.h): attribute parsing
 * and validation as lib/nlattr.c does it, message building as
 * include/net/netlink.h and include/net/genetlink.h do it, and the
 * receive path of af_netlink.c and genetlink.c, for the policy types and
 * validations eehlab's policies use. Anything else a policy asks for is
 * a shim bug (kshim_bug), never a silent pass.
 */
#include "kshim.h"

struct net init_net;
void (*kshim_sent)(const struct sk_buff *skb, bool multicast);

void kshim_bug(const char *what, const char *file, int line)
{
	fprintf(stderr, "fuzz: invariant violated: kernel WARN/BUG: %s (%s:%d)\n",
		what, file, line);
	abort();
}

/* lib/string.c: -E2BIG when truncated, the copy NUL-terminated */
ssize_t strscpy(char *dst, const char *src, size_t count)
{
	size_t len;

	if (count == 0)
		return -E2BIG;
	len = strnlen(src, count);
	if (len == count) {
		memcpy(dst, src, count - 1);
		dst[count - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dst, src, len + 1);
	return len;
}

void *kvcalloc(size_t n, size_t size, gfp_t gfp)
{
	(void)gfp;
	return calloc(n, size);
}

void kvfree(const void *p)
{
	free((void *)p);
}

void mutex_lock(struct mutex *m)
{
	if (m->locked)
		KSHIM_BUG("mutex_lock on a mutex the task holds: deadlock");
	m->locked = 1;
}

void mutex_unlock(struct mutex *m)
{
	if (!m->locked)
		KSHIM_BUG("mutex_unlock of an unlocked mutex");
	m->locked = 0;
}

/* ---- workqueues and notifiers ---- */

static struct workqueue_struct kshim_wq;
static int kshim_wq_live;

struct workqueue_struct *alloc_ordered_workqueue(const char *name,
						 unsigned int flags, ...)
{
	(void)name;
	(void)flags;
	if (kshim_wq_live)
		KSHIM_BUG("a second workqueue");
	kshim_wq_live = 1;
	return &kshim_wq;
}

void destroy_workqueue(struct workqueue_struct *wq)
{
	if (wq != &kshim_wq || !kshim_wq_live)
		KSHIM_BUG("destroy_workqueue of no workqueue");
	kshim_wq_live = 0;
}

bool queue_work(struct workqueue_struct *wq, struct work_struct *work)
{
	if (wq != &kshim_wq || !kshim_wq_live)
		KSHIM_BUG("queue_work on no workqueue");
	work->func(work);
	return true;
}

bool flush_work(struct work_struct *work)
{
	(void)work;
	return true;
}

static struct notifier_block *kshim_nb;

int netlink_register_notifier(struct notifier_block *nb)
{
	if (kshim_nb)
		KSHIM_BUG("a second netlink notifier");
	kshim_nb = nb;
	return 0;
}

int netlink_unregister_notifier(struct notifier_block *nb)
{
	if (kshim_nb != nb)
		KSHIM_BUG("unregistering a notifier not registered");
	kshim_nb = NULL;
	return 0;
}

void kshim_netlink_release(u32 portid)
{
	struct netlink_notify n = { .net = &init_net, .portid = portid,
				    .protocol = NETLINK_GENERIC };

	if (kshim_nb)
		kshim_nb->notifier_call(kshim_nb, NETLINK_URELEASE, &n);
}

/* ---- lib/nlattr.c (6.1) ---- */

#define MAX_POLICY_RECURSION_DEPTH	10

static const u8 nla_attr_len[NLA_TYPE_MAX + 1] = {
	[NLA_U8]	= sizeof(u8),
	[NLA_U16]	= sizeof(u16),
	[NLA_U32]	= sizeof(u32),
	[NLA_U64]	= sizeof(u64),
	[NLA_S8]	= sizeof(s8),
	[NLA_S16]	= sizeof(s16),
	[NLA_S32]	= sizeof(s32),
	[NLA_S64]	= sizeof(s64),
	[NLA_BE16]	= sizeof(u16),
	[NLA_BE32]	= sizeof(u32),
};

static const u8 nla_attr_minlen[NLA_TYPE_MAX + 1] = {
	[NLA_U8]	= sizeof(u8),
	[NLA_U16]	= sizeof(u16),
	[NLA_U32]	= sizeof(u32),
	[NLA_U64]	= sizeof(u64),
	[NLA_MSECS]	= sizeof(u64),
	[NLA_NESTED]	= NLA_HDRLEN,
	[NLA_S8]	= sizeof(s8),
	[NLA_S16]	= sizeof(s16),
	[NLA_S32]	= sizeof(s32),
	[NLA_S64]	= sizeof(s64),
	[NLA_BE16]	= sizeof(u16),
	[NLA_BE32]	= sizeof(u32),
};

/* nla_get_range_unsigned(), with its WARN_ON_ONCE()s */
static void nla_get_range_unsigned(const struct nla_policy *pt,
				   struct netlink_range_validation *range)
{
	WARN_ON_ONCE(pt->validation_type != NLA_VALIDATE_RANGE_PTR &&
		     (pt->min < 0 || pt->max < 0));
	range->min = 0;
	switch (pt->type) {
	case NLA_U8:
		range->max = U8_MAX;
		break;
	case NLA_U16:
	case NLA_BINARY:
		range->max = U16_MAX;
		break;
	case NLA_U32:
		range->max = U32_MAX;
		break;
	case NLA_U64:
		range->max = U64_MAX;
		break;
	default:
		KSHIM_BUG("a range on a type the shim does not know");
	}
	switch (pt->validation_type) {
	case NLA_VALIDATE_RANGE:
		range->min = pt->min;
		range->max = pt->max;
		break;
	case NLA_VALIDATE_RANGE_PTR:
		*range = *pt->range;
		break;
	case NLA_VALIDATE_MIN:
		range->min = pt->min;
		break;
	case NLA_VALIDATE_MAX:
		range->max = pt->max;
		break;
	default:
		break;
	}
}

static void nla_get_range_signed(const struct nla_policy *pt,
				 struct netlink_range_validation_signed *range)
{
	switch (pt->type) {
	case NLA_S8:
		range->min = S8_MIN;
		range->max = S8_MAX;
		break;
	case NLA_S16:
		range->min = S16_MIN;
		range->max = S16_MAX;
		break;
	case NLA_S32:
		range->min = S32_MIN;
		range->max = S32_MAX;
		break;
	case NLA_S64:
		range->min = S64_MIN;
		range->max = S64_MAX;
		break;
	default:
		KSHIM_BUG("a signed range on an unsigned type");
	}
	switch (pt->validation_type) {
	case NLA_VALIDATE_RANGE:
		range->min = pt->min;
		range->max = pt->max;
		break;
	case NLA_VALIDATE_RANGE_PTR:
		*range = *pt->range_signed;
		break;
	case NLA_VALIDATE_MIN:
		range->min = pt->min;
		break;
	case NLA_VALIDATE_MAX:
		range->max = pt->max;
		break;
	default:
		break;
	}
}

/* nla_validate_int_range(): _unsigned() and _signed() in one */
static int nla_validate_int_range(const struct nla_policy *pt,
				  const struct nlattr *nla,
				  struct netlink_ext_ack *extack)
{
	struct netlink_range_validation_signed srange;
	struct netlink_range_validation range;
	u64 value;
	s64 svalue;

	switch (pt->type) {
	case NLA_U8:
	case NLA_U16:
	case NLA_U32:
	case NLA_U64:
	case NLA_BINARY:
		if (pt->type == NLA_U8)
			value = nla_get_u8(nla);
		else if (pt->type == NLA_U16)
			value = nla_get_u16(nla);
		else if (pt->type == NLA_U32)
			value = nla_get_u32(nla);
		else if (pt->type == NLA_U64)
			value = nla_get_u64(nla);
		else
			value = nla_len(nla);
		nla_get_range_unsigned(pt, &range);
		if (value < range.min || value > range.max) {
			if (pt->type == NLA_BINARY)
				NL_SET_ERR_MSG_ATTR_POL(extack, nla, pt,
							"binary attribute size out of range");
			else
				NL_SET_ERR_MSG_ATTR_POL(extack, nla, pt,
							"integer out of range");
			return -ERANGE;
		}
		return 0;
	case NLA_S8:
	case NLA_S16:
	case NLA_S32:
	case NLA_S64:
		if (pt->type == NLA_S8)
			svalue = nla_get_s8(nla);
		else if (pt->type == NLA_S16)
			svalue = nla_get_s16(nla);
		else if (pt->type == NLA_S32)
			svalue = nla_get_s32(nla);
		else
			svalue = nla_get_s64(nla);
		nla_get_range_signed(pt, &srange);
		if (svalue < srange.min || svalue > srange.max) {
			NL_SET_ERR_MSG_ATTR_POL(extack, nla, pt,
						"integer out of range");
			return -ERANGE;
		}
		return 0;
	default:
		KSHIM_BUG("a range on a type the shim does not know");
	}
}

static int nla_validate_parse(const struct nlattr *head, int len, int maxtype,
			      const struct nla_policy *policy,
			      unsigned int validate,
			      struct netlink_ext_ack *extack,
			      struct nlattr **tb, unsigned int depth);

static int validate_nla(const struct nlattr *nla, int maxtype,
			const struct nla_policy *policy, unsigned int validate,
			struct netlink_ext_ack *extack, unsigned int depth)
{
	u16 strict_start_type = policy[0].strict_start_type;
	const struct nla_policy *pt;
	int minlen = 0, attrlen = nla_len(nla), type = nla_type(nla);
	int err = -ERANGE;

	if (strict_start_type && type >= strict_start_type)
		validate |= NL_VALIDATE_STRICT;
	if (type <= 0 || type > maxtype)
		return 0;
	pt = &policy[type];
	BUG_ON(pt->type > NLA_TYPE_MAX);

	if (nla_attr_len[pt->type] && attrlen != nla_attr_len[pt->type]) {
		if (validate & NL_VALIDATE_STRICT_ATTRS) {
			NL_SET_ERR_MSG_ATTR_POL(extack, nla, pt,
						"invalid attribute length");
			return -EINVAL;
		}
	}
	if (validate & NL_VALIDATE_NESTED) {
		if ((pt->type == NLA_NESTED || pt->type == NLA_NESTED_ARRAY) &&
		    !(nla->nla_type & NLA_F_NESTED)) {
			NL_SET_ERR_MSG_ATTR_POL(extack, nla, pt,
						"NLA_F_NESTED is missing");
			return -EINVAL;
		}
		if (pt->type != NLA_NESTED && pt->type != NLA_NESTED_ARRAY &&
		    pt->type != NLA_UNSPEC && (nla->nla_type & NLA_F_NESTED)) {
			NL_SET_ERR_MSG_ATTR_POL(extack, nla, pt,
						"NLA_F_NESTED not expected");
			return -EINVAL;
		}
	}

	switch (pt->type) {
	case NLA_REJECT:
		if (extack && pt->reject_message) {
			NL_SET_BAD_ATTR(extack, nla);
			extack->_msg = pt->reject_message;
			return -EINVAL;
		}
		err = -EINVAL;
		goto out_err;
	case NLA_FLAG:
		if (attrlen > 0)
			goto out_err;
		break;
	case NLA_NUL_STRING:
		if (pt->len)
			minlen = min_t(int, attrlen, pt->len + 1);
		else
			minlen = attrlen;
		if (!minlen || !memchr(nla_data(nla), '\0', minlen)) {
			err = -EINVAL;
			goto out_err;
		}
		fallthrough;
	case NLA_STRING:
		if (attrlen < 1)
			goto out_err;
		if (pt->len) {
			char *buf = nla_data(nla);

			if (buf[attrlen - 1] == '\0')
				attrlen--;
			if (attrlen > pt->len)
				goto out_err;
		}
		break;
	case NLA_BINARY:
		if (pt->len && attrlen > pt->len)
			goto out_err;
		break;
	case NLA_NESTED:
		if (attrlen == 0)
			break;
		if (attrlen < NLA_HDRLEN)
			goto out_err;
		if (pt->nested_policy) {
			err = nla_validate_parse(nla_data(nla), nla_len(nla),
						 pt->len, pt->nested_policy,
						 validate, extack, NULL,
						 depth + 1);
			if (err < 0)
				return err;
		}
		break;
	case NLA_UNSPEC:
		if (validate & NL_VALIDATE_UNSPEC) {
			NL_SET_ERR_MSG_ATTR(extack, nla,
					    "Unsupported attribute");
			return -EINVAL;
		}
		if (attrlen < pt->len)
			goto out_err;
		break;
	case NLA_U8:
	case NLA_U16:
	case NLA_U32:
	case NLA_U64:
	case NLA_S8:
	case NLA_S16:
	case NLA_S32:
	case NLA_S64:
	case NLA_MSECS:
		if (pt->len)
			minlen = pt->len;
		else
			minlen = nla_attr_minlen[pt->type];
		if (attrlen < minlen)
			goto out_err;
		break;
	default:
		KSHIM_BUG("a policy type the shim does not implement");
	}

	switch (pt->validation_type) {
	case NLA_VALIDATE_NONE:
		break;
	case NLA_VALIDATE_RANGE_PTR:
	case NLA_VALIDATE_RANGE:
	case NLA_VALIDATE_MIN:
	case NLA_VALIDATE_MAX:
		err = nla_validate_int_range(pt, nla, extack);
		if (err)
			return err;
		break;
	default:
		KSHIM_BUG("a validation the shim does not implement");
	}
	return 0;
out_err:
	NL_SET_ERR_MSG_ATTR_POL(extack, nla, pt,
				"Attribute failed policy validation");
	return err;
}

/* __nla_validate_parse() */
static int nla_validate_parse(const struct nlattr *head, int len, int maxtype,
			      const struct nla_policy *policy,
			      unsigned int validate,
			      struct netlink_ext_ack *extack,
			      struct nlattr **tb, unsigned int depth)
{
	const struct nlattr *nla;
	int rem;

	if (depth >= MAX_POLICY_RECURSION_DEPTH) {
		NL_SET_ERR_MSG(extack, "allowed policy recursion depth exceeded");
		return -EINVAL;
	}
	if (tb)
		memset(tb, 0, sizeof(struct nlattr *) * (maxtype + 1));
	nla_for_each_attr(nla, head, len, rem) {
		u16 type = nla_type(nla);

		if (type == 0 || type > maxtype) {
			if (validate & NL_VALIDATE_MAXTYPE) {
				NL_SET_ERR_MSG_ATTR(extack, nla,
						    "Unknown attribute type");
				return -EINVAL;
			}
			continue;
		}
		if (policy) {
			int err = validate_nla(nla, maxtype, policy, validate,
					       extack, depth);

			if (err < 0)
				return err;
		}
		if (tb)
			tb[type] = (struct nlattr *)nla;
	}
	if (unlikely(rem > 0)) {
		NL_SET_ERR_MSG(extack, "bytes leftover after parsing attributes");
		if (validate & NL_VALIDATE_TRAILING)
			return -EINVAL;
	}
	return 0;
}

int __nla_parse(struct nlattr **tb, int maxtype, const struct nlattr *head,
		int len, const struct nla_policy *policy, unsigned int validate,
		struct netlink_ext_ack *extack)
{
	return nla_validate_parse(head, len, maxtype, policy, validate, extack,
				  tb, 0);
}

ssize_t nla_strscpy(char *dst, const struct nlattr *nla, size_t dstsize)
{
	size_t srclen = nla_len(nla);
	char *src = nla_data(nla);
	ssize_t ret;
	size_t len;

	if (dstsize == 0 || WARN_ON_ONCE(dstsize > U16_MAX))
		return -E2BIG;
	if (srclen > 0 && src[srclen - 1] == '\0')
		srclen--;
	if (srclen >= dstsize) {
		len = dstsize - 1;
		ret = -E2BIG;
	} else {
		len = srclen;
		ret = len;
	}
	memcpy(dst, src, len);
	memset(dst + len, 0, dstsize - len);
	return ret;
}

void kshim_policy_check(const struct nla_policy *policy, int maxtype)
{
	struct netlink_range_validation r;
	int i;

	for (i = 1; i <= maxtype; i++) {
		const struct nla_policy *pt = &policy[i];

		if (pt->type == NLA_NESTED && pt->nested_policy)
			kshim_policy_check(pt->nested_policy, pt->len);
		if (pt->validation_type == NLA_VALIDATE_NONE)
			continue;
		switch (pt->type) {
		case NLA_U8:
		case NLA_U16:
		case NLA_U32:
		case NLA_U64:
		case NLA_BINARY:
			nla_get_range_unsigned(pt, &r);
			if (r.min > r.max)
				KSHIM_BUG("a policy range with min > max");
			break;
		default:
			break;
		}
	}
}

/* ---- building messages ---- */

/* nlmsg_new(): exactly @payload plus the netlink header, no more */
struct sk_buff *nlmsg_new(size_t payload, gfp_t flags)
{
	struct sk_buff *skb;
	size_t size = nlmsg_total_size(payload);

	(void)flags;
	if (size > 1U << 24)
		return NULL;
	skb = calloc(1, sizeof(*skb));
	if (!skb)
		return NULL;
	skb->data = malloc(size ? size : 1);
	if (!skb->data) {
		free(skb);
		return NULL;
	}
	memset(skb->data, 0xa5, size);	/* never read before written */
	skb->size = size;
	return skb;
}

void nlmsg_free(struct sk_buff *skb)
{
	if (!skb)
		return;
	free(skb->data);
	free(skb);
}

static void *skb_put(struct sk_buff *skb, unsigned int len)
{
	void *tail = skb_tail_pointer(skb);

	if (len > skb->size - skb->len)
		KSHIM_BUG("skb_put past the end (skb_over_panic)");
	skb->len += len;
	return tail;
}

/* __nla_reserve(): the padding zeroed, the payload left as it was */
struct nlattr *nla_reserve(struct sk_buff *skb, int attrtype, int attrlen)
{
	struct nlattr *nla;

	if (unlikely(skb_tailroom(skb) < nla_total_size(attrlen)))
		return NULL;
	nla = skb_put(skb, nla_total_size(attrlen));
	nla->nla_type = attrtype;
	nla->nla_len = nla_attr_size(attrlen);
	memset((unsigned char *)nla + nla->nla_len, 0, nla_padlen(attrlen));
	return nla;
}

int nla_put(struct sk_buff *skb, int attrtype, int attrlen, const void *data)
{
	struct nlattr *nla = nla_reserve(skb, attrtype, attrlen);

	if (!nla)
		return -EMSGSIZE;
	if (attrlen)
		memcpy(nla_data(nla), data, attrlen);
	return 0;
}

/* genlmsg_put() over __nlmsg_put() */
void *genlmsg_put(struct sk_buff *skb, u32 portid, u32 seq,
		  const struct genl_family *family, int flags, u8 cmd)
{
	int payload = GENL_HDRLEN + family->hdrsize;
	struct genlmsghdr *hdr;
	struct nlmsghdr *nlh;
	int size = nlmsg_msg_size(payload);

	if (unlikely(skb_tailroom(skb) < nlmsg_total_size(payload)))
		return NULL;
	nlh = skb_put(skb, NLMSG_ALIGN(size));
	nlh->nlmsg_type = family->id;
	nlh->nlmsg_len = size;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_pid = portid;
	nlh->nlmsg_seq = seq;
	if (NLMSG_ALIGN(size) - size != 0)
		memset((char *)nlmsg_data(nlh) + payload, 0,
		       NLMSG_ALIGN(size) - size);
	hdr = nlmsg_data(nlh);
	hdr->cmd = cmd;
	hdr->version = family->version;
	hdr->reserved = 0;
	return (char *)hdr + GENL_HDRLEN;
}

int genlmsg_reply(struct sk_buff *skb, struct genl_info *info)
{
	(void)info;
	if (kshim_sent)
		kshim_sent(skb, false);
	nlmsg_free(skb);
	return 0;
}

int genlmsg_multicast(const struct genl_family *family, struct sk_buff *skb,
		      u32 portid, unsigned int group, gfp_t flags)
{
	(void)family;
	(void)portid;
	(void)group;
	(void)flags;
	if (kshim_sent)
		kshim_sent(skb, true);
	nlmsg_free(skb);
	return 0;
}

/* ---- receiving: netlink_rcv_skb(), genl_rcv_msg(), genl_family_rcv_msg() ---- */

static int genl_doit(const struct genl_family *family, u32 portid,
		     struct nlmsghdr *nlh, struct netlink_ext_ack *extack,
		     bool *doit)
{
	int hdrlen = GENL_HDRLEN + family->hdrsize;
	struct genlmsghdr *hdr = nlmsg_data(nlh);
	const struct genl_small_ops *op = NULL;
	struct nlattr **attrbuf;
	struct sk_buff skb = { };
	struct genl_info info;
	unsigned int i;
	int err;

	*doit = false;
	if (nlh->nlmsg_type != family->id)
		return -ENOENT;
	if (nlh->nlmsg_len < (u32)nlmsg_msg_size(hdrlen))
		return -EINVAL;
	/*
	 * genl_header_check(): only for commands at or past resv_start_op,
	 * which eehlab sets past its last command on 6.1 and 6.12
	 */
	if (hdr->cmd >= family->resv_start_op) {
		u16 flags = nlh->nlmsg_flags;

		if (hdr->reserved) {
			NL_SET_ERR_MSG(extack, "genlmsghdr.reserved field is not 0");
			return -EINVAL;
		}
		if ((flags & NLM_F_DUMP) == NLM_F_DUMP)
			flags &= ~NLM_F_DUMP;
		if (flags & ~(NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO)) {
			NL_SET_ERR_MSG(extack,
				       "ambiguous or reserved bits set in nlmsg_flags");
			return -EINVAL;
		}
	}
	for (i = 0; i < family->n_small_ops; i++)
		if (family->small_ops[i].cmd == hdr->cmd)
			op = &family->small_ops[i];
	if (!op)
		return -EOPNOTSUPP;
	/* GENL_ADMIN_PERM: the sender has CAP_NET_ADMIN */
	if ((nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP)
		return -EOPNOTSUPP;	/* no op has a dumpit */
	if (!op->doit)
		return -EOPNOTSUPP;

	/* genl_family_rcv_msg_attrs_parse(): the family's policy */
	attrbuf = calloc(family->maxattr + 1, sizeof(*attrbuf));
	if (!attrbuf)
		return -ENOMEM;
	err = __nla_parse(attrbuf, family->maxattr,
			  (struct nlattr *)((char *)nlmsg_data(nlh) + hdrlen),
			  nlh->nlmsg_len - nlmsg_msg_size(hdrlen), family->policy,
			  op->validate & GENL_DONT_VALIDATE_STRICT ?
			  NL_VALIDATE_LIBERAL : NL_VALIDATE_STRICT, extack);
	if (err < 0) {
		free(attrbuf);
		return err;
	}
	info = (struct genl_info){
		.snd_seq = nlh->nlmsg_seq,
		.snd_portid = portid,
		.nlhdr = nlh,
		.genlhdr = hdr,
		.attrs = attrbuf,
		.extack = extack,
	};
	*doit = true;
	err = op->doit(&skb, &info);
	free(attrbuf);
	return err;
}

void kshim_genl_rcv(const struct genl_family *family, const void *buf,
		    size_t len, kshim_portid_fn portid_of, kshim_done_fn done)
{
	/* a copy, aligned as an skb's data is, that the handlers may keep */
	unsigned char *data = malloc(len ? len : 1);
	size_t off = 0;

	if (!data)
		return;
	memcpy(data, buf, len);
	while (len - off >= (size_t)nlmsg_total_size(0)) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)(data + off);
		struct netlink_ext_ack extack = { };
		bool doit = false;
		size_t msglen;
		u32 portid;
		int err = 0;

		if (nlh->nlmsg_len < NLMSG_HDRLEN || len - off < nlh->nlmsg_len)
			break;
		portid = portid_of(nlh);
		if ((nlh->nlmsg_flags & NLM_F_REQUEST) &&
		    nlh->nlmsg_type >= NLMSG_MIN_TYPE)
			err = genl_doit(family, portid, nlh, &extack, &doit);
		if (done)
			done(nlh, portid, doit, err, &extack);
		msglen = NLMSG_ALIGN(nlh->nlmsg_len);
		if (msglen > len - off)
			msglen = len - off;
		off += msglen;
	}
	free(data);
}
