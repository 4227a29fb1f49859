/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The names eehlab shares with Linux's arch/powerpc/include/asm/eeh.h and
 * its uapi asm/eeh.h, with the same values and meanings. Each is spelled
 * token for token as the kernel spells it (v6.1 to v6.12): on powerpc
 * <asm/io.h> brings in <asm/eeh.h> wherever the module includes it, and
 * an identical macro definition is a harmless redefinition. Hence
 * (1 << n) rather than BIT(n) (scripts/checkpatch.sh). Any other name of
 * asm/eeh.h is the kernel's alone: the model's own are eeh_model_*
 * (struct eeh_model_pe, eeh_model_pe_get(), ...) and EEH_DEV_KIND_*.
 */
#ifndef _EEHLAB_LINUX_EEH_H
#define _EEHLAB_LINUX_EEH_H

/* PE state bits, as pnv_eeh_get_pe_state() answers */
#define EEH_STATE_UNAVAILABLE	(1 << 0)	/* State unavailable	*/
#define EEH_STATE_NOT_SUPPORT	(1 << 1)	/* EEH not supported	*/
#define EEH_STATE_RESET_ACTIVE	(1 << 2)	/* Active reset		*/
#define EEH_STATE_MMIO_ACTIVE	(1 << 3)	/* Active MMIO		*/
#define EEH_STATE_DMA_ACTIVE	(1 << 4)	/* Active DMA		*/
#define EEH_STATE_MMIO_ENABLED	(1 << 5)	/* MMIO enabled		*/
#define EEH_STATE_DMA_ENABLED	(1 << 6)	/* DMA enabled		*/

/* The software PE flags (struct eeh_pe state) */
#define EEH_PE_ISOLATED		(1 << 0)	/* Isolated PE		*/
#define EEH_PE_RECOVERING	(1 << 1)	/* Recovering PE	*/
#define EEH_PE_CFG_BLOCKED	(1 << 2)	/* Block config access	*/
#define EEH_PE_RESET		(1 << 3)	/* PE reset in progress */
#define EEH_PE_KEEP		(1 << 8)	/* Keep PE on hotplug	*/
#define EEH_PE_CFG_RESTRICTED	(1 << 9)	/* Block config on error */
#define EEH_PE_REMOVED		(1 << 10)	/* Removed permanently	*/
#define EEH_PE_PRI_BUS		(1 << 11)	/* Cached primary bus   */

/* User-visible PE states (VFIO_EEH_PE_GET_STATE), also RTAS's */
#define EEH_PE_STATE_NORMAL		0	/* Normal state		*/
#define EEH_PE_STATE_RESET		1	/* PE reset asserted	*/
#define EEH_PE_STATE_STOPPED_IO_DMA	2	/* Frozen PE		*/
#define EEH_PE_STATE_STOPPED_DMA	4	/* Stopped DMA only	*/
#define EEH_PE_STATE_UNAVAIL		5	/* Unavailable		*/

/*
 * Error injection: address space (0 = 32-bit, IOA_BUS_ERR; 1 = 64-bit,
 * IOA_BUS_ERR64) and function codes, the same numbers as PAPR's
 * ibm,errinjct and OPAL_PCI_ERR_INJECT's
 */
#define EEH_ERR_TYPE_32			0	/* 32-bits error	*/
#define EEH_ERR_TYPE_64			1	/* 64-bits error	*/
#define EEH_ERR_FUNC_LD_MEM_ADDR	0	/* Memory load	*/
#define EEH_ERR_FUNC_LD_MEM_DATA	1
#define EEH_ERR_FUNC_LD_IO_ADDR		2	/* IO load	*/
#define EEH_ERR_FUNC_LD_IO_DATA		3
#define EEH_ERR_FUNC_LD_CFG_ADDR	4	/* Config load	*/
#define EEH_ERR_FUNC_LD_CFG_DATA	5
#define EEH_ERR_FUNC_ST_MEM_ADDR	6	/* Memory store	*/
#define EEH_ERR_FUNC_ST_MEM_DATA	7
#define EEH_ERR_FUNC_ST_IO_ADDR		8	/* IO store	*/
#define EEH_ERR_FUNC_ST_IO_DATA		9
#define EEH_ERR_FUNC_ST_CFG_ADDR	10	/* Config store	*/
#define EEH_ERR_FUNC_ST_CFG_DATA	11
#define EEH_ERR_FUNC_DMA_RD_ADDR	12	/* DMA read	*/
#define EEH_ERR_FUNC_DMA_RD_DATA	13
#define EEH_ERR_FUNC_DMA_RD_MASTER	14
#define EEH_ERR_FUNC_DMA_RD_TARGET	15
#define EEH_ERR_FUNC_DMA_WR_ADDR	16	/* DMA write	*/
#define EEH_ERR_FUNC_DMA_WR_DATA	17
#define EEH_ERR_FUNC_DMA_WR_MASTER	18
#define EEH_ERR_FUNC_DMA_WR_TARGET	19
#define EEH_ERR_FUNC_MAX		19

#endif /* _EEHLAB_LINUX_EEH_H */
