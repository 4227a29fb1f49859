/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel log as the EEH core and the PowerNV platform write it
 * (runner/kmsg.c): /dev/kmsg read from a mark on, and the lines eehlab
 * understands. The parsers are pure functions of one record's text
 * (without the "6,1234,5678,-;" prefix), unit-tested in tests/test_kmsg.c
 * with lines taken from Debian's 6.1 and 6.12 kernels.
 */
#ifndef EEHLAB_RUNNER_KMSG_H
#define EEHLAB_RUNNER_KMSG_H

#include <stdbool.h>
#include "eehlab/model.h"
#include "eehlab/session.h"

struct kmsg;

/* Open /dev/kmsg with the mark at the log's end: 0, or -errno with @msg. */
int kmsg_open(struct kmsg **k, struct eeh_msg *msg);
/*
 * Each record written since the mark (or since the last read), oldest
 * first, to @fn with its text; continuation lines are separate records.
 * Returns how many, or -errno (-EPIPE: records were overwritten before
 * they were read; the read goes on from the oldest one left).
 * The text is unescaped ("\x0a" and the like) and each line of a record
 * is passed on its own ("EEH: Unable to recover ... PE#fd." and "Please
 * try reseating or replacing it" are two); the " KEY=value" dictionary
 * lines are not passed. On -EPIPE the records passed before it stay
 * passed; call again to read on from the oldest record left.
 */
int kmsg_read(struct kmsg *k, void (*fn)(void *ctx, const char *text), void *ctx);
void kmsg_close(struct kmsg *k);

/*
 * Firmware's answer to an error injection, as pnv_eeh_err_inject() logs a
 * refusal: "pnv_eeh_err_inject: Failure -7 injecting error 0-4 to
 * PHB#0-PE#fd". rc is OPAL's return code.
 */
struct kmsg_fw {
	long rc;
	int type, func;
	int domain;
	unsigned int pe;
};
bool kmsg_parse_fw(const char *text, struct kmsg_fw *out);

/*
 * A driver callback of the EEH core's recovery (arch/powerpc/kernel/
 * eeh_driver.c): "PCI 0000:01:00.0#01fd: EEH: Invoking
 * e1000e->error_detected(IO frozen)" (reply false: the call) and
 * "PCI 0000:01:00.0#01fd: EEH: e1000e driver reports: 'need reset'"
 * (reply true: its answer in @result; EEH_ERS_NONE for 'none').
 */
struct kmsg_cb {
	char bdf[16];
	unsigned int pe;
	char driver[32];
	bool reply;
	enum eeh_cb cb;			/* the call */
	enum eeh_channel state;		/* error_detected's argument */
	enum eeh_ers result;		/* the answer */
};
bool kmsg_parse_cb(const char *text, struct kmsg_cb *out);
/*
 * The line names no callback: @out->cb is EEH_CB__COUNT and @out->state
 * EEH_IO_NORMAL for a reply; the reply belongs to the phase the EEH core
 * announced last (kmsg_parse_phase). A call's @out->result is 0. A
 * driver without the phase's callback is not invoked but still "reports"
 * ('none'), without an "Invoking" line before it.
 *
 * The phase of the EEH core's report to the drivers (eeh_pe_report()):
 * "EEH: Beginning: 'error_detected(IO frozen)'", "... 'slot_reset'";
 * its callback and (error_detected) channel state.
 */
bool kmsg_parse_phase(const char *text, enum eeh_cb *cb, enum eeh_channel *state);

/* The EEH core's lines about a PE: detected, recovered, failed for good */
enum kmsg_pe_what {
	KMSG_PE_FROZEN,		/* "EEH: Frozen PHB#1-PE#fd detected" */
	KMSG_PE_RECOVERED,	/* "EEH: Recovery successful." (no PE in it) */
	KMSG_PE_PERMANENT,	/* "EEH: PHB#2-PE#fd has failed 6 times in the
				 * last hour and has been permanently disabled." */
	KMSG_PE_FAILED,		/* "EEH: Unable to recover from failure from
				 * PHB#2-PE#fd." */
};
struct kmsg_pe {
	enum kmsg_pe_what what;
	int domain;		/* -1 when the line names none */
	unsigned int pe;
	int count;		/* KMSG_PE_PERMANENT: the freezes */
};
bool kmsg_parse_pe(const char *text, struct kmsg_pe *out);

#endif /* EEHLAB_RUNNER_KMSG_H */
