/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Forced in front of every file of the ppc64le module build (KCFLAGS
 * -include) by 'make qemu-pnv': on
 * powerpc <asm/io.h> includes <asm/eeh.h>, whose struct eeh_pe,
 * eeh_pe_get(), eeh_pe_reset(), eeh_check_failure() and EEH_PE_* /
 * EEH_STATE_* flags share their names with the model's (include/eehlab/).
 * The kernel's header is read first, under its own names; then the
 * model's names are moved aside, so the two never meet. To be dropped
 * once the sources keep the names apart themselves. A file that wants the
 * kernel's names (driver/eehlab_powernv.c) is built with
 * -DEEHLAB_PNV_NO_COMPAT and gets nothing from here.
 */
#ifndef _EEHLAB_PNV_KCOMPAT_H
#define _EEHLAB_PNV_KCOMPAT_H
#ifndef EEHLAB_PNV_NO_COMPAT

#include <linux/kernel.h>
#include <linux/io.h>
#include <linux/pci.h>
#include <net/genetlink.h>
#include <asm/eeh.h>

#undef EEH_DEV_BRIDGE
#undef EEH_ERR_FUNC_DMA_RD_ADDR
#undef EEH_ERR_FUNC_DMA_RD_DATA
#undef EEH_ERR_FUNC_DMA_RD_MASTER
#undef EEH_ERR_FUNC_DMA_RD_TARGET
#undef EEH_ERR_FUNC_DMA_WR_ADDR
#undef EEH_ERR_FUNC_DMA_WR_DATA
#undef EEH_ERR_FUNC_DMA_WR_MASTER
#undef EEH_ERR_FUNC_DMA_WR_TARGET
#undef EEH_ERR_FUNC_LD_CFG_ADDR
#undef EEH_ERR_FUNC_LD_CFG_DATA
#undef EEH_ERR_FUNC_LD_IO_ADDR
#undef EEH_ERR_FUNC_LD_IO_DATA
#undef EEH_ERR_FUNC_LD_MEM_ADDR
#undef EEH_ERR_FUNC_LD_MEM_DATA
#undef EEH_ERR_FUNC_MAX
#undef EEH_ERR_FUNC_ST_CFG_ADDR
#undef EEH_ERR_FUNC_ST_CFG_DATA
#undef EEH_ERR_FUNC_ST_IO_ADDR
#undef EEH_ERR_FUNC_ST_IO_DATA
#undef EEH_ERR_FUNC_ST_MEM_ADDR
#undef EEH_ERR_FUNC_ST_MEM_DATA
#undef EEH_ERR_TYPE_32
#undef EEH_ERR_TYPE_64
#undef EEH_OPT_FREEZE_PE
#undef EEH_PE_BUS
#undef EEH_PE_CFG_BLOCKED
#undef EEH_PE_CFG_RESTRICTED
#undef EEH_PE_DEVICE
#undef EEH_PE_INVALID
#undef EEH_PE_ISOLATED
#undef EEH_PE_KEEP
#undef EEH_PE_PHB
#undef EEH_PE_PRI_BUS
#undef EEH_PE_RECOVERING
#undef EEH_PE_REMOVED
#undef EEH_PE_RESET
#undef EEH_PE_RST_HOLD_TIME
#undef EEH_PE_RST_SETTLE_TIME
#undef EEH_PE_STATE_NORMAL
#undef EEH_PE_STATE_RESET
#undef EEH_PE_STATE_STOPPED_DMA
#undef EEH_PE_STATE_STOPPED_IO_DMA
#undef EEH_PE_STATE_UNAVAIL
#undef EEH_PE_VF
#undef EEH_STATE_DMA_ACTIVE
#undef EEH_STATE_DMA_ENABLED
#undef EEH_STATE_MMIO_ACTIVE
#undef EEH_STATE_MMIO_ENABLED
#undef EEH_STATE_NOT_SUPPORT
#undef EEH_STATE_RESET_ACTIVE
#undef EEH_STATE_UNAVAILABLE
#undef pr_fmt

#define eeh_pe			eehlab_model_pe
#define eeh_pe_get		eehlab_model_pe_get
#define eeh_pe_reset		eehlab_model_pe_reset
#define eeh_check_failure	eehlab_model_check_failure

#endif /* !EEHLAB_PNV_NO_COMPAT */
#endif /* _EEHLAB_PNV_KCOMPAT_H */
