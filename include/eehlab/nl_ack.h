/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace, libnl: the extended-ack TLVs of a netlink error message,
 * for the runner's kernel backend and the in-guest netlink test.
 */
#ifndef EEHLAB_NL_ACK_H
#define EEHLAB_NL_ACK_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/netlink.h>
#include <netlink/attr.h>

/*
 * The TLVs after the (possibly capped) request echoed in @e: false when
 * there are none, else *first and *rem for nla_ok() / nla_next().
 */
static inline bool eeh_nl_ack_tlvs(struct nlmsgerr *e, struct nlattr **first,
				   int *rem)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	size_t off = sizeof(*e);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return false;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	if (NLMSG_HDRLEN + off > nlh->nlmsg_len)
		return false;
	*first = (struct nlattr *)((char *)e + NLMSG_ALIGN(off));
	*rem = (int)nlh->nlmsg_len - (int)(NLMSG_HDRLEN + NLMSG_ALIGN(off));
	return true;
}

#endif /* EEHLAB_NL_ACK_H */
