// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab-oracle: eehlab-vmm's script replayed on the model, each call's
 * answer compared with the one the host kernel gave (oracle.h,
 * docs/kvm-oracle.md).
 *
 *   eehlab-vmm tce.vmm | eehlab-oracle tce.vmm
 *   eehlab-oracle tce.vmm vmm.ktap
 *   eehlab-oracle --model tce.vmm          # the model's answers alone
 *
 * Exit 0: every call compared (differences are findings, not failures).
 * 1: could not compare (a script or output that does not parse, a call
 * without its line, a model that cannot be built). 2: usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdarg.h>
#include <errno.h>

#include "oracle.h"
#include "utce.h"
#include "eehlab/guest.h"

__attribute__((format(printf, 3, 4)))
static int oerr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* a TCE hypercall (a script may hold other commands: those are skipped) */
static int is_call(const struct vmm_cmd *c)
{
	return c->op == VMM_PUT || c->op == VMM_INDIRECT || c->op == VMM_STUFF ||
	       c->op == VMM_GET;
}

/*
 * The comment after a call, as eehlab vmm-script writes it: "# from
 * FILE:LINE" (the scenario step), "# stage: ..." (a list-staging call).
 */
static void call_origin(struct oracle *o, struct oracle_call *oc, const char *text)
{
	const char *p = text, *nl, *h;
	int ln = 1;
	size_t len;

	while (ln < oc->c->line && (nl = strchr(p, '\n'))) {
		p = nl + 1;
		ln++;
	}
	if (ln != oc->c->line)
		return;
	len = strcspn(p, "\n");
	h = memchr(p, '#', len);
	if (!h)
		return;
	len -= (size_t)(h - p);
	if (len > 7 && !strncmp(h, "# from ", 7)) {
		size_t ol = strcspn(h + 7, " \t\r\n");

		if (ol >= sizeof(oc->origin))
			ol = sizeof(oc->origin) - 1;
		memcpy(oc->origin, h + 7, ol);
		oc->origin[ol] = 0;
		o->norigin++;
	} else if (len >= 7 && !strncmp(h, "# stage", 7)) {
		oc->staging = 1;
		o->nstaging++;
	}
}

int oracle_load_script(struct oracle *o, const char *name, const char *text,
		       char *err, size_t errlen)
{
	size_t i, k = 0;

	memset(o, 0, sizeof(*o));
	if (vmm_script_parse(name, text, &o->s, err, errlen))
		return -1;
	o->calls = calloc(o->s.n ? o->s.n : 1, sizeof(*o->calls));
	if (!o->calls)
		return oerr(err, errlen, "%s: out of memory", name);
	for (i = 0; i < o->s.n; i++)
		if (is_call(&o->s.cmds[i]))
			o->calls[k++].c = &o->s.cmds[i];
	o->ncalls = k;
	for (i = 0; i < o->ncalls; i++)
		call_origin(o, &o->calls[i], text);
	return 0;
}

void oracle_free(struct oracle *o)
{
	vmm_script_free(&o->s);
	free(o->calls);
	o->calls = NULL;
	o->ncalls = 0;
}

/* ---- the model's side ---- */

static uint64_t pow2_up(uint64_t v)
{
	uint64_t p = 1;

	while (p < v && p)
		p <<= 1;
	return p;
}

/*
 * One window of the script on PE @pe: the PE's default window (4 KiB
 * pages, 2 GiB from bus 0) when it fits, else a window of the script's
 * page size made as the 64-bit one and moved to bus 0. Then its LIOBN,
 * its size and the tier that knows it are the script's.
 */
static int model_window(struct eeh_guest *g, struct eeh_phb *phb, int pe,
			const struct vmm_cmd *c, char *err, size_t errlen)
{
	struct eeh_msg msg = { "" };
	struct eeh_tce_window *w;
	unsigned long liobn = EEH_LIOBN(phb->index, pe, 0);
	int levels;

	if (!c->size || (c->size & ((1ULL << c->shift) - 1)))
		return oerr(err, errlen, "line %d: window of 0x%llx bytes: not a multiple of its page",
			    c->line, (unsigned long long)c->size);
	if (eeh_guest_assign(g, phb, pe, &msg))
		return oerr(err, errlen, "line %d: the model: %s", c->line, msg.text);
	if (c->shift != EEH_WIN32_PAGE_SHIFT || c->size > EEH_WIN32_SIZE) {
		if (eeh_guest_window_remove(g, liobn, &msg))
			return oerr(err, errlen, "line %d: the model: %s", c->line, msg.text);
		for (levels = 1; levels <= 5; levels++)
			if (!eeh_guest_window_create(g, phb, pe, c->shift, pow2_up(c->size),
						     levels, &liobn, &msg))
				break;
		if (levels > 5)
			return oerr(err, errlen, "line %d: the model has no such window: %s",
				    c->line, msg.text);
	}
	w = eeh_guest_window(g, liobn);
	if (!w)
		return oerr(err, errlen, "line %d: the model lost its window", c->line);
	w->offset = 0;
	w->entries = c->size >> c->shift;
	w->liobn = c->liobn;
	w->tier = c->in_kernel ? EEH_TIER_REAL : EEH_TIER_USER;
	return 0;
}

static void be64_put(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

int oracle_model_run(struct oracle *o, char *err, size_t errlen)
{
	struct eeh_msg msg = { "" };
	struct eeh_node_desc d;
	struct eeh_model *m;
	struct eeh_phb *phb;
	struct eeh_guest *g;
	struct eeh_func *f;
	unsigned int slot_shift = 12;
	size_t i, k = 0, nwin = 0;
	char name[32];
	int rc = -1, rp;

	for (i = 0; i < o->s.n; i++) {
		const struct vmm_cmd *c = &o->s.cmds[i];

		if (c->op != VMM_WINDOW)
			continue;
		nwin++;
		if (c->shift > slot_shift && c->shift <= 24)
			slot_shift = c->shift;
	}
	if (nwin > EEH_GUEST_MAX_PES)
		return oerr(err, errlen, "%zu windows: the model gives one PE to each, at most %d",
			    nwin, EEH_GUEST_MAX_PES);
	m = eeh_model_create(NULL);
	if (!m)
		return oerr(err, errlen, "the model: out of memory");
	if (eeh_phb_add(m, 0, EEH_PHB4, 0, &msg))
		goto model_err;
	phb = eeh_phb_get(m, 0);
	/* one root port and one endpoint (a PE of its own) per window */
	for (i = 0; i < nwin; i++) {
		snprintf(name, sizeof(name), "rp%zu", i);
		d = (struct eeh_node_desc){ .name = name, .type = EEH_NODE_ROOT_PORT,
					    .parent = -1 };
		rp = eeh_node_add(phb, &d, &msg);
		if (rp < 0)
			goto model_err;
		snprintf(name, sizeof(name), "ep%zu", i);
		d = (struct eeh_node_desc){ .name = name, .type = EEH_NODE_ENDPOINT,
					    .parent = rp, .kind = EEH_DEV_KIND_PLAIN,
					    .functions = 1 };
		if (eeh_node_add(phb, &d, &msg) < 0)
			goto model_err;
	}
	if (eeh_phb_enumerate(phb, &msg))
		goto model_err;
	g = eeh_guest_create(m, "vmm", &msg);
	if (!g)
		goto model_err;
	/* eehlab-vmm's memory: one slot from 0, every page pinned */
	if (eeh_guest_slot_add(g, 0, ORACLE_MEM_SIZE, slot_shift, EEH_SLOT_PREREG, &msg) < 0)
		goto model_err;
	for (i = 0, nwin = 0; i < o->s.n; i++) {
		const struct vmm_cmd *c = &o->s.cmds[i];

		if (c->op != VMM_WINDOW)
			continue;
		snprintf(name, sizeof(name), "ep%zu", nwin++);
		f = eeh_func_by_name(m, name);
		if (!f) {
			oerr(err, errlen, "the model has no %s", name);
			goto out;
		}
		if (model_window(g, phb, f->pe, c, err, errlen))
			goto out;
	}
	for (i = 0; i < o->s.n; i++) {
		const struct vmm_cmd *c = &o->s.cmds[i];
		struct oracle_call *oc;
		unsigned long a[4] = { c->liobn, c->ioba, c->arg, c->npages };
		unsigned long rets[4] = { 0 };
		int nargs = c->op == VMM_GET ? 2 : c->op == VMM_PUT ? 3 : 4;

		if (!is_call(c))
			continue;
		oc = &o->calls[k++];
		/* the list, where eehlab-vmm writes it: just before the call */
		if (c->op == VMM_INDIRECT && c->nlist && c->arg < ORACLE_MEM_SIZE &&
		    ORACLE_MEM_SIZE - c->arg >= 8ULL * c->nlist) {
			uint8_t *be = malloc(8ULL * c->nlist);
			unsigned int j;

			if (!be) {
				oerr(err, errlen, "out of memory");
				goto out;
			}
			for (j = 0; j < c->nlist; j++)
				be64_put(be + 8 * j, c->list[j]);
			eeh_guest_mem_write(g, c->arg, be, 8ULL * c->nlist);
			free(be);
		}
		oc->model_rc = eeh_hcall(g, vmm_cmd_hcall(c), a, nargs, rets);
		oc->model_value = rets[0];
		oc->model_by_vmm = g->last_tier == EEH_TIER_USER;
	}
	rc = 0;
	goto out;
model_err:
	oerr(err, errlen, "the model: %s", msg.text);
out:
	eeh_model_destroy(m);
	return rc;
}

/* ---- KVM's side: eehlab-vmm's KTAP ---- */

/*
 * "ok N TEXT # H_CODE [VALUE] by the VMM (...)|in the kernel (no exit)...":
 * the next call of the script (*next) when TEXT is a hypercall; lines of
 * other kinds of check are left alone.
 */
static int parse_call_line(struct oracle *o, const char *name, int ln, const char *line,
			   int ok, size_t *next, char *err, size_t errlen)
{
	const char *p = line + (ok ? 3 : 7), *hash, *q;
	struct oracle_call *oc;
	char tok[32], *end;
	size_t len, tl;

	errno = 0;
	strtoul(p, &end, 10);
	if (end == p || *end != ' ' || errno)
		return oerr(err, errlen, "%s:%d: no number after '%s'", name, ln,
			    ok ? "ok" : "not ok");
	p = end + 1;
	if (strncasecmp(p, "h-", 2))
		return 0;		/* not a hypercall */
	if (*next >= o->ncalls)
		return oerr(err, errlen, "%s:%d: a hypercall more than the script's %zu",
			    name, ln, o->ncalls);
	oc = &o->calls[*next];
	hash = strstr(p, " # ");
	if (!hash)
		return oerr(err, errlen, "%s:%d: no ' # ' after the call", name, ln);
	len = (size_t)(hash - p);
	tl = strlen(oc->c->text);
	if (len != tl || memcmp(p, oc->c->text, tl))
		return oerr(err, errlen, "%s:%d: call %zu is '%.*s', the script's (line %d) is '%s'",
			    name, ln, *next + 1, (int)len, p, oc->c->line, oc->c->text);
	q = hash + 3;
	len = strcspn(q, " ,");
	if (!len || len >= sizeof(tok))
		return oerr(err, errlen, "%s:%d: no return code after ' # '", name, ln);
	memcpy(tok, q, len);
	tok[len] = 0;
	if (utce_hcode(tok, &oc->kvm_rc))
		return oerr(err, errlen, "%s:%d: '%s' is not a return code", name, ln, tok);
	q += len;
	if (oc->c->op == VMM_GET && oc->kvm_rc == H_SUCCESS) {
		errno = 0;
		if (*q != ' ')
			return oerr(err, errlen, "%s:%d: H_GET_TCE without the entry it returned",
				    name, ln);
		oc->kvm_value = strtoull(q + 1, &end, 0);
		if (end == q + 1 || errno)
			return oerr(err, errlen, "%s:%d: H_GET_TCE without the entry it returned",
				    name, ln);
		q = end;
	}
	if (!strncmp(q, " by the VMM (", 13))
		oc->kvm_by_vmm = 1;
	else if (!strncmp(q, " in the kernel (no exit)", 24))
		oc->kvm_by_vmm = 0;
	else
		return oerr(err, errlen, "%s:%d: neither 'by the VMM' nor 'in the kernel' after %s",
			    name, ln, tok);
	oc->kvm_ok = ok;
	oc->kvm_seen = 1;
	(*next)++;
	return 0;
}

/* "# line N: the range ends ..." : eehlab-vmm's view past the window's end */
static void parse_note(struct oracle *o, const char *line)
{
	const char *p = line + 7;
	char *end;
	long ln = strtol(p, &end, 10);
	size_t i;

	if (end == p || strncmp(end, ": the range ends", 16))
		return;
	for (i = 0; i < o->ncalls; i++)
		if (o->calls[i].c->line == ln)
			snprintf(o->calls[i].kvm_note, sizeof(o->calls[i].kvm_note), "%.230s",
				 end + 2);
}

int oracle_kvm_parse(struct oracle *o, const char *name, const char *text,
		     char *err, size_t errlen)
{
	const char *p = text;
	char line[1024];
	size_t next = 0;
	int ln = 0;

	while (*p) {
		size_t len = strcspn(p, "\n");

		ln++;
		if (len >= sizeof(line))
			len = sizeof(line) - 1;
		memcpy(line, p, len);
		line[len] = 0;
		p += strcspn(p, "\n");
		if (*p)
			p++;
		if (!strncmp(line, "ok ", 3)) {
			if (parse_call_line(o, name, ln, line, 1, &next, err, errlen))
				return -1;
		} else if (!strncmp(line, "not ok ", 7)) {
			if (parse_call_line(o, name, ln, line, 0, &next, err, errlen))
				return -1;
		} else if (!strncmp(line, "1..0", 4)) {
			return oerr(err, errlen, "%s:%d: eehlab-vmm skipped (%s): nothing to compare",
				    name, ln, line);
		} else if (!strncmp(line, "Bail out!", 9)) {
			snprintf(o->bail, sizeof(o->bail), "%.230s", line);
		} else if (!strncmp(line, "# line ", 7)) {
			parse_note(o, line);
		}
	}
	o->nmissing = o->ncalls - next;
	if (o->nmissing)
		return oerr(err, errlen, "%s: no line for call %zu (line %d: %s)%s%s",
			    name, next + 1, o->calls[next].c->line, o->calls[next].c->text,
			    o->bail[0] ? "; eehlab-vmm: " : "", o->bail);
	return 0;
}

/* ---- the comparison ---- */

void oracle_compare(struct oracle *o)
{
	size_t i;

	o->ndiff = o->nwhere = 0;
	for (i = 0; i < o->ncalls; i++) {
		struct oracle_call *oc = &o->calls[i];

		if (!oc->kvm_seen)
			continue;
		oc->differs = oc->kvm_rc != oc->model_rc ||
			(oc->c->op == VMM_GET && oc->kvm_rc == H_SUCCESS &&
			 oc->model_rc == H_SUCCESS && oc->kvm_value != oc->model_value);
		oc->where_differs = oc->kvm_by_vmm != oc->model_by_vmm;
		o->ndiff += oc->differs;
		o->nwhere += oc->where_differs;
	}
}

static const char *hname(long rc, char *buf, size_t len)
{
	const char *n = utce_hname(rc);

	if (n)
		return n;
	snprintf(buf, len, "%ld", rc);
	return buf;
}

/* "H_SUCCESS 0x100003 kernel" */
static void answer(char *buf, size_t len, const struct vmm_cmd *c, long rc, uint64_t value,
		   int by_vmm)
{
	char nb[24], vb[24] = "";

	if (c->op == VMM_GET && rc == H_SUCCESS)
		snprintf(vb, sizeof(vb), " 0x%llx", (unsigned long long)value);
	snprintf(buf, len, "%s%s %s", hname(rc, nb, sizeof(nb)), vb, by_vmm ? "vmm" : "kernel");
}

void oracle_print(const struct oracle *o, FILE *f, int model_only)
{
	char ka[64], ma[64], nb[24], nb2[24];
	size_t i;

	if (model_only)
		fprintf(f, "%-4s %-5s %-26s %s\n", "call", "line", "model", "hypercall");
	else
		fprintf(f, "%-4s %-5s %-26s %-26s %-7s %s\n", "call", "line", "KVM", "model",
			"verdict", "hypercall");
	for (i = 0; i < o->ncalls; i++) {
		const struct oracle_call *oc = &o->calls[i];

		answer(ma, sizeof(ma), oc->c, oc->model_rc, oc->model_value, oc->model_by_vmm);
		if (model_only) {
			fprintf(f, "%4zu %5d %-26s %s\n", i + 1, oc->c->line, ma, oc->c->text);
			continue;
		}
		if (oc->kvm_seen)
			answer(ka, sizeof(ka), oc->c, oc->kvm_rc, oc->kvm_value, oc->kvm_by_vmm);
		else
			snprintf(ka, sizeof(ka), "-");
		fprintf(f, "%4zu %5d %-26s %-26s %-7s %s\n", i + 1, oc->c->line, ka, ma,
			!oc->kvm_seen ? "missing" : oc->differs ? "DIFFERS" : "same", oc->c->text);
		if (oc->kvm_note[0])
			fprintf(f, "%4s %5s KVM, %s\n", "", "", oc->kvm_note);
	}
	if (model_only) {
		fprintf(f, "%zu calls on the model\n", o->ncalls);
		return;
	}
	for (i = 0; i < o->ncalls; i++) {
		const struct oracle_call *oc = &o->calls[i];

		if (!oc->differs)
			continue;
		if (oc->origin[0])
			fprintf(f, "DIFFERS line %d (%s): %s: KVM %s", oc->c->line, oc->origin,
				oc->c->text, hname(oc->kvm_rc, nb, sizeof(nb)));
		else
			fprintf(f, "DIFFERS line %d%s: %s: KVM %s", oc->c->line,
				oc->staging ? " (list staging)" : "", oc->c->text,
				hname(oc->kvm_rc, nb, sizeof(nb)));
		if (oc->c->op == VMM_GET && oc->kvm_rc == H_SUCCESS)
			fprintf(f, " 0x%llx", (unsigned long long)oc->kvm_value);
		fprintf(f, ", the model %s", hname(oc->model_rc, nb2, sizeof(nb2)));
		if (oc->c->op == VMM_GET && oc->model_rc == H_SUCCESS)
			fprintf(f, " 0x%llx", (unsigned long long)oc->model_value);
		fprintf(f, "\n");
	}
	if (o->nmissing)
		fprintf(f, "%zu of %zu calls compared (no answer from KVM for the rest), %zu differences\n",
			o->ncalls - o->nmissing, o->ncalls, o->ndiff);
	else
		fprintf(f, "%zu calls, %zu differences\n", o->ncalls, o->ndiff);
	fprintf(f, "%zu calls finished on the other side of the exit (kernel or vmm; not a difference: the model's tiers are not KVM's)\n",
		o->nwhere);
	if ((o->norigin || o->nstaging) && !o->nmissing) {
		size_t n = 0, same = 0, diff = 0, where = 0;

		for (i = 0; i < o->ncalls; i++) {
			const struct oracle_call *oc = &o->calls[i];

			if (oc->staging)
				continue;
			n++;
			diff += oc->differs;
			same += !oc->differs;
			where += oc->where_differs;
		}
		fprintf(f, "scenario calls: %zu same: %zu differ: %zu other-side: %zu staging: %zu\n",
			n, same, diff, where, o->nstaging);
	}
}

/* ---- the program ---- */

static char *read_all(FILE *f)
{
	size_t len = 0, cap = 0, n;
	char *buf = NULL, *t;

	do {
		if (cap - len < 4096) {
			cap = cap ? 2 * cap : 65536;
			t = realloc(buf, cap);
			if (!t) {
				free(buf);
				return NULL;
			}
			buf = t;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n);
	if (ferror(f)) {
		free(buf);
		return NULL;
	}
	buf[len] = 0;
	return buf;
}

static char *read_path(const char *path, char *err, size_t errlen)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *text;

	if (!f) {
		oerr(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	text = read_all(f);
	if (!text)
		oerr(err, errlen, "%s: %s", path, strerror(errno ? errno : ENOMEM));
	if (f != stdin)
		fclose(f);
	return text;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: eehlab-oracle SCRIPT [VMM_OUTPUT|-]   # eehlab-vmm's output, default stdin\n"
		   "       eehlab-oracle --model SCRIPT            # the model's answers alone\n");
}

int oracle_main(int argc, char **argv)
{
	const char *script, *out_path = "-";
	char err[512] = "", *stext = NULL, *ktext = NULL;
	struct oracle o;
	int model_only = 0, rc = 1, a = 1;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--model")) {
		model_only = 1;
		a++;
	}
	if (argc - a < 1 || argc - a > (model_only ? 1 : 2) || argv[a][0] == '-') {
		usage(stderr);
		return 2;
	}
	script = argv[a];
	if (argc - a == 2)
		out_path = argv[a + 1];
	memset(&o, 0, sizeof(o));
	stext = read_path(script, err, sizeof(err));
	if (!stext)
		goto fail;
	if (oracle_load_script(&o, script, stext, err, sizeof(err)))
		goto fail;
	if (!model_only) {
		ktext = read_path(out_path, err, sizeof(err));
		if (!ktext)
			goto fail;
		if (oracle_kvm_parse(&o, strcmp(out_path, "-") ? out_path : "<stdin>", ktext,
				     err, sizeof(err)) && !o.nmissing)
			goto fail;
	}
	if (o.nmissing) {
		/* the calls KVM answered, then why the comparison is not whole */
		char why[sizeof(err)];

		memcpy(why, err, sizeof(why));
		if (!oracle_model_run(&o, err, sizeof(err))) {
			oracle_compare(&o);
			printf("# eehlab-oracle: %s, KVM's answers (eehlab-vmm) against the model's, incomplete\n",
			       script);
			oracle_print(&o, stdout, 0);
		}
		memcpy(err, why, sizeof(err));
		goto fail;
	}
	if (oracle_model_run(&o, err, sizeof(err)))
		goto fail;
	if (!model_only) {
		oracle_compare(&o);
		printf("# eehlab-oracle: %s, KVM's answers (eehlab-vmm) against the model's\n",
		       script);
	}
	oracle_print(&o, stdout, model_only);
	rc = 0;
	goto out;
fail:
	fprintf(stderr, "eehlab-oracle: cannot compare: %s\n", err);
out:
	oracle_free(&o);
	free(stext);
	free(ktext);
	return rc;
}

#ifdef ORACLE_MAIN
int main(int argc, char **argv)
{
	return oracle_main(argc, argv);
}
#endif
