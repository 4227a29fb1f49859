// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab edu: the module's PCI driver for QEMU's edu device
 * (driver/eehlab_edu.c). Without --dma, each bound device's status: its
 * PE, the error handlers the EEH core called since it was bound, its
 * DMA round trips and the one its last resume ran (EEHLAB_CMD_EDU_STATUS,
 * no privilege needed). With --dma, a round trip now (EEHLAB_CMD_EDU_DMA,
 * CAP_NET_ADMIN), then the status. docs/powernv.md describes it.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "edu.h"

#define EDU_MAX_DEVS	32

static int __attribute__((format(printf, 3, 4)))
edu_err(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* a number (decimal, or hex with 0x) in [min, max] */
static int edu_num(const char *s, unsigned long min, unsigned long max, uint32_t *v)
{
	unsigned long n;
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	n = strtoul(s, &end, 0);
	if (*end || errno || n < min || n > max)
		return -1;
	*v = (uint32_t)n;
	return 0;
}

/* DDDD:BB:DD.F, hex, as sysfs names it */
static bool edu_bdf_ok(const char *s)
{
	static const char shape[] = "xxxx:xx:xx.x";
	size_t i;

	if (strlen(s) != sizeof(shape) - 1)
		return false;
	for (i = 0; shape[i]; i++) {
		if (shape[i] == 'x') {
			if (!strchr("0123456789abcdef", s[i]))
				return false;
		} else if (s[i] != shape[i]) {
			return false;
		}
	}
	return s[11] <= '7' && s[9] <= '1';
}

int edu_parse(int argc, char **argv, struct edu_opts *o, char *err, size_t len)
{
	static const struct option opts[] = {
		{ "bdf", required_argument, NULL, 'b' },
		{ "dma", no_argument, NULL, 'd' },
		{ "len", required_argument, NULL, 'l' },
		{ "seed", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool have_len = false, have_seed = false;
	int c;

	memset(o, 0, sizeof(*o));
	o->len = EDU_LEN_MAX;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			if (!edu_bdf_ok(optarg))
				return edu_err(err, len, "--bdf '%s': expected DDDD:BB:DD.F in "
					       "lowercase hex, as in /sys/bus/pci/devices "
					       "(for instance 0002:01:00.0)", optarg);
			o->bdf = optarg;
			break;
		case 'd':
			o->dma = true;
			break;
		case 'l':
			if (edu_num(optarg, 1, EDU_LEN_MAX, &o->len))
				return edu_err(err, len, "--len '%s': expected 1 to %d bytes "
					       "(a transfer of the edu)", optarg, EDU_LEN_MAX);
			have_len = true;
			break;
		case 's':
			if (edu_num(optarg, 0, UINT32_MAX, &o->seed))
				return edu_err(err, len, "--seed '%s': expected a number of "
					       "0 to 0xffffffff", optarg);
			have_seed = true;
			break;
		case 'h':
			o->help = true;
			return 0;
		case ':':
			return edu_err(err, len, "%s needs a value", argv[optind - 1]);
		default:
			return edu_err(err, len, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return edu_err(err, len, "unexpected argument '%s'", argv[optind]);
	if ((have_len || have_seed) && !o->dma)
		return edu_err(err, len, "%s goes with --dma", have_len ? "--len" : "--seed");
	return 0;
}

void edu_print_status(const struct edu_status *st, FILE *out)
{
	fprintf(out, "edu %s", st->bdf);
	if (st->pe >= 0)
		fprintf(out, " PE 0x%x", (unsigned int)st->pe);
	fprintf(out, ": callbacks %s; DMA %" PRIu32 " ok, %" PRIu32 " failed",
		st->callbacks[0] ? st->callbacks : "none", st->dma_ok, st->dma_failed);
	if (st->last_resume_dma == 0)
		fputs("; resume DMA verified", out);
	else if (st->last_resume_dma < 0)
		fprintf(out, "; resume DMA FAILED: %s", strerror(-st->last_resume_dma));
	fputc('\n', out);
}

void edu_print_dma(const char *bdf, uint32_t len, uint32_t seed,
		   const struct edu_dma_res *r, FILE *out)
{
	fprintf(out, "dma %s: ", bdf);
	if (!r->result)
		fprintf(out, "%" PRIu32 " bytes verified", r->bytes);
	else if (r->mismatch != UINT32_MAX)
		fprintf(out, "FAILED: %" PRIu32 " bytes sent, first mismatch at byte %" PRIu32,
			len, r->mismatch);
	else
		fprintf(out, "FAILED: %s", strerror(-r->result));
	fprintf(out, " (seed 0x%" PRIx32 ", bus address 0x%" PRIx64 ", id 0x%08" PRIx32 ")\n",
		seed, r->iova, r->id);
}

static void edu_usage(FILE *out)
{
	fputs("usage: eehlab edu [--bdf DDDD:BB:DD.F] [--dma [--len N] [--seed S]]\n"
	      "\n"
	      "The module's eehlab_edu driver for QEMU's edu device: each bound device's\n"
	      "PE, the error handlers the EEH core called since it was bound, its DMA round\n"
	      "trips and the one its last resume ran. With --dma, a round trip first (needs\n"
	      "CAP_NET_ADMIN): N bytes (1..4095, default 4095) of the pattern of seed S\n"
	      "(default 0) from RAM into the device and back through the DMA API, compared\n"
	      "byte for byte. --bdf: that device only (default: all; the first for --dma).\n"
	      "Exit 0 ok, 1 the DMA failed, 2 usage error, no such device, a refusal (not an\n"
	      "edu, its PE frozen, being recovered) or the module not loaded.\n", out);
}

static int edu_run(const struct edu_opts *o, FILE *out)
{
	static struct edu_status st[EDU_MAX_DEVS];
	char bdf[sizeof(st[0].bdf)] = "";
	struct edu_dma_res r;
	struct eeh_msg msg = { { 0 } };
	int rc, n, i, ret = 0;

	if (o->dma) {
		if (o->bdf) {
			snprintf(bdf, sizeof(bdf), "%s", o->bdf);
		} else {
			/* the first device, named */
			rc = backend_kernel_edu_status_all(NULL, st, 1, &n, &msg);
			if (!rc && !n)
				rc = eeh_msg_set(&msg, -ENODEV,
						 "no device bound to the eehlab_edu driver");
			if (rc)
				goto refused;
			snprintf(bdf, sizeof(bdf), "%s", st[0].bdf);
		}
		rc = backend_kernel_edu_dma(bdf, o->len, o->seed, &r, &msg);
		if (rc)
			goto refused;
		edu_print_dma(bdf, o->len, o->seed, &r, out);
		if (r.result)
			ret = EDU_EXIT_FAILED;
	}
	rc = backend_kernel_edu_status_all(o->dma ? bdf : o->bdf, st, EDU_MAX_DEVS, &n, &msg);
	if (rc)
		goto refused;
	if (!n) {
		fprintf(stderr, "eehlab: edu: no device bound to the eehlab_edu driver\n");
		return EDU_EXIT_USAGE;
	}
	for (i = 0; i < n; i++)
		edu_print_status(&st[i], out);
	return ret;

refused:
	fprintf(stderr, "eehlab: edu: %s\n", msg.text[0] ? msg.text : strerror(-rc));
	return EDU_EXIT_USAGE;
}

int edu_main(int argc, char **argv)
{
	struct edu_opts o;
	char err[256];

	if (edu_parse(argc, argv, &o, err, sizeof(err))) {
		fprintf(stderr, "eehlab: edu: %s\n\n", err);
		edu_usage(stderr);
		return EDU_EXIT_USAGE;
	}
	if (o.help) {
		edu_usage(stdout);
		return 0;
	}
	return edu_run(&o, stdout);
}
