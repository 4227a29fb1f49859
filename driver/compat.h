/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * eehlab: every difference between the kernels the module supports
 * (Debian 12's 6.1 and bookworm-backports' 6.12), in one place.
 */
#ifndef _EEHLAB_COMPAT_H
#define _EEHLAB_COMPAT_H

#include <linux/version.h>
#include <net/genetlink.h>

/*
 * genl_family.resv_start_op (6.0): commands below it are validated
 * leniently; eehlab wants strict validation for every command.
 */
#if KERNEL_VERSION(6, 0, 0) <= LINUX_VERSION_CODE
#define EEHLAB_FAMILY_RESV_START_OP	.resv_start_op = __EEHLAB_CMD_MAX,
#else
#define EEHLAB_FAMILY_RESV_START_OP
#endif

/*
 * Multicast groups restricted to CAP_NET_ADMIN (6.7; Debian backported
 * the flag to 6.1, hence the test on the macro itself).
 */
#ifdef GENL_MCAST_CAP_NET_ADMIN
#define EEHLAB_MCGRP_FLAGS		.flags = GENL_MCAST_CAP_NET_ADMIN,
#else
#define EEHLAB_MCGRP_FLAGS
#endif

/*
 * A refusal's text for extack. 6.2 added NL_SET_ERR_MSG_FMT, which
 * formats into the extack itself (NETLINK_MAX_FMTMSG_LEN bytes). On 6.1
 * the message must outlive the handler until the ack is built, so it
 * goes to the next slot of a small static ring: always NUL-terminated,
 * at worst overwritten by a later refusal under heavy concurrency.
 */
#if KERNEL_VERSION(6, 2, 0) <= LINUX_VERSION_CODE || defined(NL_SET_ERR_MSG_FMT)
#define eehlab_extack_text(extack, text) \
	NL_SET_ERR_MSG_FMT(extack, "%.*s", NETLINK_MAX_FMTMSG_LEN - 1, text)
#else
void eehlab_extack_text(struct netlink_ext_ack *extack, const char *text);
#define EEHLAB_COMPAT_EXTACK_RING
#endif

#endif /* _EEHLAB_COMPAT_H */
