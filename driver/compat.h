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
 * extack text: the module keeps its own static ring on every kernel
 * (eehlab_extack_text in eehlab_nl.c), since 6.2's NL_SET_ERR_MSG_FMT
 * truncates to 80 bytes and the model's messages run to 191.
 */

/*
 * PowerNV (eehlab_powernv.c): struct eeh_pe, struct eeh_dev and the
 * helpers it uses are the same in 6.1 and 6.12 (asm/eeh.h), and so are
 * the exports: eeh_pe_get_state (GPL), eeh_subsystem_flags; neither
 * exports eeh_phb_pe_get, eeh_pe_next, eeh_pe_traverse nor eeh_ops.
 * of_machine_is_compatible() is an exported function in 6.1 and an
 * inline over the exported of_machine_compatible_match() in 6.12: the
 * same call on both.
 */

#endif /* _EEHLAB_COMPAT_H */
