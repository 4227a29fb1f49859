// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel log through /dev/kmsg (Documentation/ABI/testing/dev-kmsg):
 * one read() is one record, "prio,seq,ts,flags[,...];text\n" followed by
 * " KEY=value\n" dictionary lines; the text escapes non-printable bytes
 * as "\xNN" (a message with an embedded newline has "\x0a" in it). The
 * parsers take one line of text as the EEH core prints it in Debian's
 * 6.1 and 6.12 kernels (arch/powerpc/kernel/eeh_driver.c, eeh.c and
 * platforms/powernv/eeh-powernv.c, the same strings in both).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kmsg.h"

#define KMSG_REC_MAX	8192	/* a record is at most 1 KiB of text, escaped */

struct kmsg {
	int fd;
	char rec[KMSG_REC_MAX + 1];
	char line[KMSG_REC_MAX + 1];
};

int kmsg_open(struct kmsg **k, struct eeh_msg *msg)
{
	struct kmsg *n;
	int err;

	*k = NULL;
	n = calloc(1, sizeof(*n));
	if (!n)
		return eeh_msg_set(msg, -ENOMEM, "kernel log: out of memory");
	n->fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (n->fd < 0) {
		err = errno;
		free(n);
		return eeh_msg_set(msg, -err, "kernel log: cannot open /dev/kmsg: %s",
				   strerror(err));
	}
	if (lseek(n->fd, 0, SEEK_END) < 0) {
		err = errno;
		close(n->fd);
		free(n);
		return eeh_msg_set(msg, -err, "kernel log: cannot seek /dev/kmsg to its end: %s",
				   strerror(err));
	}
	*k = n;
	return 0;
}

/*
 * The text of one record (@rec, @len bytes, NUL-terminated) to @fn, one
 * call per line of it; the number of lines passed, 0 for a record that is
 * not one (no ';' before the first newline).
 */
static int kmsg_record(struct kmsg *k, size_t len, void (*fn)(void *ctx, const char *text),
		       void *ctx)
{
	const char *p = k->rec, *end = k->rec + len, *semi, *nl;
	size_t o = 0;
	int n = 0;

	nl = memchr(p, '\n', len);
	if (nl)
		end = nl;		/* the dictionary lines after it go */
	semi = memchr(p, ';', end - p);
	if (!semi)
		return 0;
	for (p = semi + 1; ; p++) {
		int c = p < end ? (unsigned char)*p : '\n';

		if (c == '\\' && end - p >= 4 && p[1] == 'x' && eeh_hex_digit(p[2]) >= 0 &&
		    eeh_hex_digit(p[3]) >= 0) {
			c = eeh_hex_digit(p[2]) << 4 | eeh_hex_digit(p[3]);
			p += 3;
		}
		if (c == '\n' || c == '\0') {
			k->line[o] = '\0';
			if (o) {
				fn(ctx, k->line);
				n++;
			}
			o = 0;
			if (p >= end)
				break;
			continue;
		}
		if (o < KMSG_REC_MAX)
			k->line[o++] = (char)c;
	}
	return n;
}

int kmsg_read(struct kmsg *k, void (*fn)(void *ctx, const char *text), void *ctx)
{
	int n = 0;

	for (;;) {
		ssize_t len = read(k->fd, k->rec, KMSG_REC_MAX);

		if (len < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return n;
			/* EPIPE: the next read() returns the oldest record left */
			return -errno;
		}
		if (len == 0)
			return n;
		k->rec[len] = '\0';
		n += kmsg_record(k, (size_t)len, fn, ctx);
	}
}

void kmsg_close(struct kmsg *k)
{
	if (!k)
		return;
	close(k->fd);
	free(k);
}

/* ---- the parsers: exact prefixes, every number checked ---- */

/* @s starts with @prefix: the rest, else NULL */
static const char *after(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(s, prefix, n) ? NULL : s + n;
}

/* hex digits (at least one, at most 8) at *@p, no sign or space */
static bool hexnum(const char **p, unsigned int *v)
{
	const char *s = *p;
	unsigned long n = 0;
	int d, i;

	for (i = 0; (d = eeh_hex_digit((unsigned char)s[i])) >= 0; i++) {
		if (i == 8)
			return false;
		n = n << 4 | (unsigned long)d;
	}
	if (!i)
		return false;
	*v = (unsigned int)n;
	*p = s + i;
	return true;
}

/* a decimal number with an optional '-', at most 9 digits */
static bool decnum(const char **p, long *v)
{
	const char *s = *p;
	bool neg = *s == '-';
	long n = 0;
	int i;

	if (neg)
		s++;
	for (i = 0; isdigit((unsigned char)s[i]); i++) {
		if (i == 9)
			return false;
		n = n * 10 + (s[i] - '0');
	}
	if (!i)
		return false;
	*v = neg ? -n : n;
	*p = s + i;
	return true;
}

/* "PHB#<hex>-PE#<hex>" at *@p */
static bool phb_pe(const char **p, int *domain, unsigned int *pe)
{
	const char *s = after(*p, "PHB#");
	unsigned int d;

	if (!s || !hexnum(&s, &d) || d > 0xffff || !(s = after(s, "-PE#")) || !hexnum(&s, pe))
		return false;
	*domain = (int)d;
	*p = s;
	return true;
}

bool kmsg_parse_fw(const char *text, struct kmsg_fw *out)
{
	const char *s = strstr(text, "pnv_eeh_err_inject: Failure ");
	struct kmsg_fw f;
	long rc, type, func;

	if (!s)
		return false;
	s += strlen("pnv_eeh_err_inject: Failure ");
	if (!decnum(&s, &rc) || !(s = after(s, " injecting error ")) ||
	    !decnum(&s, &type) || *s++ != '-' || !decnum(&s, &func) ||
	    !(s = after(s, " to ")) || !phb_pe(&s, &f.domain, &f.pe) || *s)
		return false;
	f.rc = rc;
	f.type = (int)type;
	f.func = (int)func;
	*out = f;
	return true;
}

/* The pci_ers_result names of eeh_driver.c's pci_ers_result_name() */
static const struct {
	const char *name;
	enum eeh_ers ers;
} ers_names[] = {
	{ "none", EEH_ERS_NONE },
	{ "can recover", EEH_ERS_CAN_RECOVER },
	{ "need reset", EEH_ERS_NEED_RESET },
	{ "disconnect", EEH_ERS_DISCONNECT },
	{ "recovered", EEH_ERS_RECOVERED },
	{ "no AER driver", EEH_ERS_NO_AER_DRIVER },
};

/*
 * The callback names of eeh_driver.c's "Invoking %s->..." lines and its
 * eeh_pe_report() phases ("EEH: Beginning: '%s'"): the same text.
 */
static const struct {
	const char *name;
	enum eeh_cb cb;
	enum eeh_channel state;
} cb_names[] = {
	{ "error_detected(IO frozen)", EEH_CB_ERROR_DETECTED, EEH_IO_FROZEN },
	{ "error_detected(permanent failure)", EEH_CB_ERROR_DETECTED, EEH_IO_PERM_FAILURE },
	{ "mmio_enabled", EEH_CB_MMIO_ENABLED, EEH_IO_NORMAL },
	{ "slot_reset", EEH_CB_SLOT_RESET, EEH_IO_NORMAL },
	{ "resume", EEH_CB_RESUME, EEH_IO_NORMAL },
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* "PCI <domain>:<bus>:<slot>.<fn>#<pe>: EEH: " (eeh.h EEH_EDEV_PRINT) */
static const char *edev_prefix(const char *text, struct kmsg_cb *c)
{
	const char *s = after(text, "PCI "), *b = s;
	unsigned int dom, bus, slot, fn, pe;

	if (!s || !hexnum(&s, &dom) || dom > 0xffff || s - b < 4 || *s++ != ':')
		return NULL;
	b = s;
	if (!hexnum(&s, &bus) || bus > 0xff || s - b != 2 || *s++ != ':')
		return NULL;
	b = s;
	if (!hexnum(&s, &slot) || slot > 0x1f || s - b != 2 || *s++ != '.')
		return NULL;
	b = s;
	if (!hexnum(&s, &fn) || fn > 7 || s - b != 1 || *s++ != '#')
		return NULL;
	if (!hexnum(&s, &pe) || !(s = after(s, ": EEH: ")))
		return NULL;
	snprintf(c->bdf, sizeof(c->bdf), "%04x:%02x:%02x.%x", dom, bus, slot, fn);
	c->pe = pe;
	return s;
}

/* a driver name: at least one character, no space, quote or '-', that fits */
static bool driver_name(const char *s, size_t n, char *buf, size_t len)
{
	size_t i;

	if (!n || n >= len)
		return false;
	for (i = 0; i < n; i++)
		if (isspace((unsigned char)s[i]) || s[i] == '\'' || s[i] == '>')
			return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return true;
}

bool kmsg_parse_cb(const char *text, struct kmsg_cb *out)
{
	struct kmsg_cb c = { .state = EEH_IO_NORMAL };
	const char *s = edev_prefix(text, &c), *arrow, *q;
	size_t i;

	if (!s)
		return false;
	if ((q = after(s, "Invoking "))) {
		arrow = strstr(q, "->");
		if (!arrow || !driver_name(q, (size_t)(arrow - q), c.driver, sizeof(c.driver)))
			return false;
		arrow += 2;
		for (i = 0; i < ARRAY_LEN(cb_names); i++) {
			size_t n = strlen(cb_names[i].name);

			/* "resume()": the name, "()" unless it has its argument */
			if (strncmp(arrow, cb_names[i].name, n))
				continue;
			q = arrow + n;
			if (cb_names[i].cb != EEH_CB_ERROR_DETECTED && !(q = after(q, "()")))
				return false;
			if (*q)
				continue;
			c.cb = cb_names[i].cb;
			c.state = cb_names[i].state;
			c.reply = false;
			*out = c;
			return true;
		}
		return false;
	}
	q = strstr(s, " driver reports: '");
	if (!q || !driver_name(s, (size_t)(q - s), c.driver, sizeof(c.driver)))
		return false;
	q += strlen(" driver reports: '");
	for (i = 0; i < ARRAY_LEN(ers_names); i++) {
		size_t n = strlen(ers_names[i].name);

		if (!strncmp(q, ers_names[i].name, n) && !strcmp(q + n, "'")) {
			c.reply = true;
			c.cb = EEH_CB__COUNT;
			c.result = ers_names[i].ers;
			*out = c;
			return true;
		}
	}
	return false;
}

bool kmsg_parse_phase(const char *text, enum eeh_cb *cb, enum eeh_channel *state)
{
	const char *s = after(text, "EEH: Beginning: '");
	size_t i;

	if (!s)
		return false;
	for (i = 0; i < ARRAY_LEN(cb_names); i++) {
		size_t n = strlen(cb_names[i].name);

		if (!strncmp(s, cb_names[i].name, n) && !strcmp(s + n, "'")) {
			*cb = cb_names[i].cb;
			*state = cb_names[i].state;
			return true;
		}
	}
	return false;
}

bool kmsg_parse_pe(const char *text, struct kmsg_pe *out)
{
	struct kmsg_pe p = { .domain = -1 };
	const char *s = after(text, "EEH: ");
	long count;

	if (!s)
		return false;
	if (!strcmp(s, "Recovery successful.")) {
		p.what = KMSG_PE_RECOVERED;
	} else if (after(s, "Frozen ")) {
		s += strlen("Frozen ");
		if (!phb_pe(&s, &p.domain, &p.pe) || strcmp(s, " detected"))
			return false;
		p.what = KMSG_PE_FROZEN;
	} else if (after(s, "Unable to recover from failure from ")) {
		s += strlen("Unable to recover from failure from ");
		if (!phb_pe(&s, &p.domain, &p.pe) || strcmp(s, "."))
			return false;
		p.what = KMSG_PE_FAILED;
	} else if (after(s, "PHB#")) {
		if (!phb_pe(&s, &p.domain, &p.pe) || !(s = after(s, " has failed ")) ||
		    !decnum(&s, &count) || count < 0 ||
		    strcmp(s, " times in the last hour and has been permanently disabled."))
			return false;
		p.what = KMSG_PE_PERMANENT;
		p.count = (int)count;
	} else {
		return false;
	}
	*out = p;
	return true;
}
