// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab model: names for printing and for the scenario language.
 */
#include "internal.h"

static const char *const cause_names[EEH_CAUSE__COUNT] = {
	[EEH_CAUSE_NONE] = "none",
	[EEH_CAUSE_INJECT] = "inject",
	[EEH_CAUSE_FREEZE_REQ] = "freeze",
	[EEH_CAUSE_DMA_INVALID_TCE] = "invalid-tce",
	[EEH_CAUSE_DMA_READ_ONLY] = "read-only",
	[EEH_CAUSE_DMA_WRITE_ONLY] = "write-only",
	[EEH_CAUSE_DMA_OUT_OF_WINDOW] = "out-of-window",
	[EEH_CAUSE_DMA_NO_TVE] = "no-tve",
	[EEH_CAUSE_MMIO_UR] = "mmio-ur",
	[EEH_CAUSE_MASTER_ABORT] = "master-abort",
	[EEH_CAUSE_TARGET_ABORT] = "target-abort",
	[EEH_CAUSE_FENCE] = "fence",
};

const char *eeh_cause_name(enum eeh_cause c)
{
	if ((int)c < 0 || c >= EEH_CAUSE__COUNT)
		return "?";
	return cause_names[c];
}

const char *eeh_cb_name(enum eeh_cb cb)
{
	switch (cb) {
	case EEH_CB_ERROR_DETECTED:
		return "error_detected";
	case EEH_CB_MMIO_ENABLED:
		return "mmio_enabled";
	case EEH_CB_SLOT_RESET:
		return "slot_reset";
	case EEH_CB_RESUME:
		return "resume";
	case EEH_CB_REMOVE:
		return "remove";
	case EEH_CB_PROBE:
		return "probe";
	default:
		return "?";
	}
}

const char *eeh_ers_name(enum eeh_ers r)
{
	switch (r) {
	case EEH_ERS_NONE:
		return "none";
	case EEH_ERS_CAN_RECOVER:
		return "can_recover";
	case EEH_ERS_NEED_RESET:
		return "need_reset";
	case EEH_ERS_DISCONNECT:
		return "disconnect";
	case EEH_ERS_RECOVERED:
		return "recovered";
	case EEH_ERS_NO_AER_DRIVER:
		return "no_aer_driver";
	default:
		return "?";
	}
}

int eeh_hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

const char *eeh_fw_state_name(enum eeh_fw_state s)
{
	switch (s) {
	case EEH_FW_NOT_FROZEN:
		return "normal";
	case EEH_FW_MMIO_FREEZE:
		return "mmio-frozen";
	case EEH_FW_DMA_FREEZE:
		return "dma-frozen";
	case EEH_FW_MMIO_DMA_FREEZE:
		return "frozen";
	case EEH_FW_RESET:
		return "reset";
	case EEH_FW_TEMP_UNAVAIL:
		return "temp-unavail";
	case EEH_FW_PERM_UNAVAIL:
		return "perm-unavail";
	default:
		return "?";
	}
}

void eeh_func_bdf(const struct eeh_func *f, char *buf, size_t len)
{
	if (!buf || !len)
		return;
	if (!f || !f->phb) {
		eeh_snprintf(buf, len, "?");
		return;
	}
	eeh_snprintf(buf, len, "%04x:%02x:%02x.%x", f->phb->index, f->bus,
		     f->devfn >> 3, f->devfn & 7);
}

/* Formatting on top of each shim's eeh_vsnprintf. */
int eeh_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = eeh_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
