// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab vmm-script (vmmscript.h): a scenario's TCE hypercalls, recorded
 * on the model as they are made, written as an eehlab-vmm script.
 *
 * What cannot be carried over as it is, and what is done instead (each
 * said in the script, the dropped calls also on the log):
 * - eehlab-vmm's windows start at bus address 0: a window that starts
 *   elsewhere (the 64-bit one) is moved there, its calls' IOBAs made
 *   relative to its start; a call below its start is dropped.
 * - a script has one window a LIOBN, of one owner (in-kernel or user):
 *   a call that finds its LIOBN's window changed since the LIOBN's first
 *   call (created, removed, another size, moved to the VMM's tier) is
 *   dropped.
 * - eehlab-vmm's guest has 16 MiB at 0, the first VS_RESERVED_END of it
 *   its own: an indirect list there is moved up by VS_LIST_RELOC (its
 *   offset in any page kept); a list or a TCE address past 16 MiB is
 *   outside that memory, for KVM and for eehlab-oracle's model alike
 *   (the oracle replays the script on a guest of the VMM's geometry).
 * - a list too long for one line of the script is written by list-staging
 *   calls just before the call: H_PUT_TCE_INDIRECT to VS_STAGE_LIOBN, a
 *   LIOBN without a window, refused by both sides, which leave the list
 *   in guest memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#include "vmmscript.h"
#include "exec.h"
#include "backend.h"
#include "eehlab/guest.h"

#define VS_LIST_READ_MAX	4096	/* entries read for an indirect put (tce-list's maximum) */

struct vs_win {
	int has;		/* a window behind the LIOBN when called */
	unsigned int shift;
	uint64_t entries;
	uint64_t bus;		/* its first bus address */
	int in_kernel;		/* known to the kernel's tiers (real or virtual) */
};

struct vs_call {
	const struct sc_stmt *st;
	unsigned long opcode;
	unsigned long args[4];
	struct vs_win win;
	uint64_t *list;		/* indirect: the list as guest memory held it */
	uint64_t nlist;
	int list_read;		/* 0: not in the scenario guest's memory */
};

struct vs_rec {
	struct vs_call *v;
	int n, cap;
	int oom;
	int not_model;
};

static void rec_hcall(void *ctx, const struct sc_stmt *st, struct backend *b,
		      const char *guest, const struct be_hcall *hc)
{
	struct vs_rec *r = ctx;
	struct eeh_session *s;
	struct eeh_guest *g;
	struct eeh_tce_window *w;
	struct vs_call *c;

	if (b->ops != &backend_model_ops) {
		r->not_model = 1;
		return;
	}
	s = b->priv;
	g = guest ? eeh_guest_by_name(s->m, guest) : NULL;
	if (!g)
		return;		/* no such guest: the backend refuses, no call is made */
	if (r->n == r->cap) {
		int cap = r->cap ? 2 * r->cap : 32;
		struct vs_call *t = realloc(r->v, cap * sizeof(*t));

		if (!t) {
			r->oom = 1;
			return;
		}
		r->v = t;
		r->cap = cap;
	}
	c = &r->v[r->n];
	memset(c, 0, sizeof(*c));
	c->st = st;
	c->opcode = hc->opcode;
	memcpy(c->args, hc->args, sizeof(c->args));
	w = eeh_guest_window(g, hc->args[0]);
	if (w && w->valid) {
		c->win.has = 1;
		c->win.shift = w->page_shift;
		c->win.entries = w->entries;
		c->win.bus = w->offset << w->page_shift;
		c->win.in_kernel = w->tier != EEH_TIER_USER;
	}
	if (hc->opcode == H_PUT_TCE_INDIRECT) {
		uint64_t n = hc->args[3], i;

		if (n > VS_LIST_READ_MAX)
			n = VS_LIST_READ_MAX;
		c->list = n ? calloc(n, sizeof(*c->list)) : NULL;
		if (n && !c->list) {
			r->oom = 1;
			return;
		}
		/* the list as guest memory holds it: big-endian entries */
		if (n && !eeh_guest_mem_read(g, hc->args[2], c->list, 8 * n)) {
			for (i = 0; i < n; i++)
				c->list[i] = eeh_be64_to_cpu(c->list[i]);
			c->nlist = n;
			c->list_read = 1;
		} else {
			free(c->list);
			c->list = NULL;
		}
	}
	r->n++;
}

static int is_hcall_step(const struct sc_stmt *st)
{
	return st->kw->kind == KW_STEP &&
	       (st->kw->id == K_H_PUT_TCE || st->kw->id == K_H_GET_TCE ||
		st->kw->id == K_H_PUT_TCE_INDIRECT || st->kw->id == K_H_STUFF_TCE);
}

static const char *hc_word(unsigned long opcode)
{
	switch (opcode) {
	case H_PUT_TCE:
		return "h-put-tce";
	case H_GET_TCE:
		return "h-get-tce";
	case H_PUT_TCE_INDIRECT:
		return "h-put-tce-indirect";
	default:
		return "h-stuff-tce";
	}
}

static int win_same(const struct vs_win *a, const struct vs_win *b)
{
	if (a->has != b->has)
		return 0;
	return !a->has || (a->shift == b->shift && a->entries == b->entries &&
			   a->bus == b->bus && a->in_kernel == b->in_kernel);
}

static void win_text(const struct vs_win *w, char *buf, size_t len)
{
	if (!w->has)
		snprintf(buf, len, "no window");
	else
		snprintf(buf, len, "0x%llx bytes of %llu KiB pages from bus 0x%llx, %s",
			 (unsigned long long)(w->entries << w->shift), (1ULL << w->shift) >> 10,
			 (unsigned long long)w->bus, w->in_kernel ? "in-kernel" : "the VMM's");
}

/* one LIOBN of the script: its window as its first call found it */
struct vs_liobn {
	unsigned long liobn;
	struct vs_win win;
	int first_line;
	const char *first_file;
	int usable;		/* a window eehlab-vmm can make (or none) */
};

/* the addresses of a TCE's page past the VMM's memory: 1 when R or W and outside */
static int tce_outside(uint64_t tce)
{
	return (tce & 3) && (tce & ~0xfffULL) >= VS_MEM_SIZE;
}

static void print_list(FILE *out, const uint64_t *v, uint64_t n)
{
	uint64_t i;

	fprintf(out, " list=");
	for (i = 0; i < n; i++)
		fprintf(out, "%s0x%llx", i ? "," : "", (unsigned long long)v[i]);
}

static size_t list_chars(const uint64_t *v, uint64_t n)
{
	char b[24];
	size_t len = 0;
	uint64_t i;

	for (i = 0; i < n; i++)
		len += (size_t)snprintf(b, sizeof(b), "0x%llx,", (unsigned long long)v[i]);
	return len;
}

int vmm_script_convert(struct scenario *sc, FILE *out, FILE *log, struct vs_stats *stats,
		       char *err, size_t errlen)
{
	struct vs_rec r = { 0 };
	struct run_hooks hooks = { .ctx = &r, .hcall = rec_hcall };
	struct run_opts o = { .backend = "model", .hooks = &hooks };
	struct vs_liobn *lb = NULL;
	struct vs_stats st;
	char *ktap = NULL, wb[128];
	size_t ktap_len = 0;
	int nlb = 0, i, j, rc = -1, stage_line = 0;
	FILE *quiet;

	memset(&st, 0, sizeof(st));
	for (i = 0; i < sc->nsteps; i++) {
		if (is_hcall_step(&sc->steps[i]))
			st.hcall_steps++;
		else
			st.other_steps++;
		st.expects += sc->steps[i].nexpects;
	}
	quiet = open_memstream(&ktap, &ktap_len);
	if (!quiet) {
		snprintf(err, errlen, "%s: out of memory", sc->path);
		return -1;
	}
	st.model_failed = runner_run(sc, 1, &o, quiet) == 1;
	fclose(quiet);
	free(ktap);
	if (r.oom) {
		snprintf(err, errlen, "%s: out of memory", sc->path);
		goto out;
	}
	if (r.not_model) {
		snprintf(err, errlen, "%s: not run on the model backend: nothing recorded",
			 sc->path);
		goto out;
	}
	st.recorded = r.n;
	if (!r.n) {
		snprintf(err, errlen, "%s: no TCE hypercall %s: nothing to run on KVM", sc->path,
			 st.hcall_steps ? "was made on the model (its hypercall steps failed before the call)" :
			 "in the scenario");
		rc = VS_NOTHING;
		goto out;
	}

	/* the LIOBNs, each with the window its first call found */
	lb = calloc(r.n, sizeof(*lb));
	if (!lb) {
		snprintf(err, errlen, "%s: out of memory", sc->path);
		goto out;
	}
	for (i = 0; i < r.n; i++) {
		const struct vs_call *c = &r.v[i];

		for (j = 0; j < nlb; j++)
			if (lb[j].liobn == c->args[0])
				break;
		if (j < nlb)
			continue;
		lb[nlb].liobn = c->args[0];
		lb[nlb].win = c->win;
		lb[nlb].first_line = c->st->line;
		lb[nlb].first_file = c->st->file;
		lb[nlb].usable = !c->win.has ||
			(c->win.shift >= 12 && c->win.shift <= 28 && c->win.entries &&
			 c->win.entries <= (1ULL << 24) && c->args[0] <= 0xffffffffULL);
		nlb++;
	}

	fprintf(out, "# eehlab vmm-script: the TCE hypercalls of %s for eehlab-vmm\n", sc->name);
	fprintf(out, "# (docs/kvm-oracle.md), recorded on the model backend as they were made:\n"
		     "# LIOBN, IOBA, TCE or value, npages, and the list an indirect put read.\n"
		     "# eehlab-vmm's guest has 16 MiB at guest address 0, below 0x%llx its own\n"
		     "# program, vectors, process table and mailbox; eehlab-oracle replays this\n"
		     "# script on a model guest of that geometry, so KVM and the model see the\n"
		     "# same memory (not the scenario's guest memory).\n",
		(unsigned long long)VS_RESERVED_END);
	if (st.model_failed)
		fprintf(out, "# the scenario does not pass on the model: its calls as they were made\n");
	for (j = 0; j < nlb; j++) {
		const struct vs_liobn *l = &lb[j];

		if (l->liobn == VS_STAGE_LIOBN) {
			snprintf(err, errlen, "%s:%d: LIOBN 0x%llx is the one this conversion stages lists with",
				 l->first_file, l->first_line, (unsigned long long)l->liobn);
			goto out;
		}
		win_text(&l->win, wb, sizeof(wb));
		if (!l->win.has) {
			fprintf(out, "# LIOBN 0x%lx: no window when first called (%s:%d): none here either\n",
				l->liobn, l->first_file, l->first_line);
			continue;
		}
		if (!l->usable) {
			fprintf(out, "# LIOBN 0x%lx: %s: eehlab-vmm cannot make it (I/O page 4K .. 256M, at most 2^24 entries): its calls are dropped\n",
				l->liobn, wb);
			continue;
		}
		if (l->win.bus)
			fprintf(out, "# LIOBN 0x%lx: %s; eehlab-vmm's windows start at bus 0: moved there, its IOBAs relative to its start\n",
				l->liobn, wb);
		fprintf(out, "window 0x%lx 0x%llx %s", l->liobn,
			(unsigned long long)(l->win.entries << l->win.shift),
			l->win.in_kernel ? "in-kernel" : "user");
		if (l->win.shift != 12)
			fprintf(out, " shift=%u", l->win.shift);
		fprintf(out, "    # from %s:%d\n", l->first_file, l->first_line);
	}

	for (i = 0; i < r.n; i++) {
		const struct vs_call *c = &r.v[i];
		const struct sc_stmt *s = c->st;
		const struct vs_liobn *l = NULL;
		uint64_t ioba = c->args[1], list = c->args[2], k, outside = 0;
		char why[512] = "";

		for (j = 0; j < nlb; j++)
			if (lb[j].liobn == c->args[0])
				l = &lb[j];
		if (!l->usable) {
			snprintf(why, sizeof(why), "LIOBN 0x%lx: a window eehlab-vmm cannot make",
				 c->args[0]);
		} else if (!win_same(&l->win, &c->win)) {
			char now[128];
			struct vs_win t = c->win;

			t.in_kernel = l->win.in_kernel;
			win_text(&c->win, now, sizeof(now));
			win_text(&l->win, wb, sizeof(wb));
			if (c->win.has && l->win.has && win_same(&l->win, &t))
				snprintf(why, sizeof(why), "LIOBN 0x%lx is %s now, %s at its first call (line %d): a script's window has one owner",
					 c->args[0], c->win.in_kernel ? "in-kernel" : "the VMM's",
					 l->win.in_kernel ? "in-kernel" : "the VMM's", l->first_line);
			else
				snprintf(why, sizeof(why), "LIOBN 0x%lx has %s now, %s at its first call (line %d): a script has one window a LIOBN",
					 c->args[0], now, wb, l->first_line);
		} else if (c->win.has && ioba < c->win.bus) {
			snprintf(why, sizeof(why), "IOBA 0x%llx is below the window's start 0x%llx, which eehlab-vmm puts at bus 0",
				 (unsigned long long)ioba, (unsigned long long)c->win.bus);
		}
		if (why[0]) {
			st.dropped++;
			fprintf(out, "# dropped: %s (%s:%d): %s\n", s->text, s->file, s->line, why);
			if (log)
				fprintf(log, "%s:%d: dropped: %s\n", s->file, s->line, why);
			continue;
		}
		if (c->win.has)
			ioba -= c->win.bus;
		fprintf(out, "# %s:%d: %s\n", s->file, s->line, s->text);
		if (c->opcode == H_PUT_TCE && tce_outside(c->args[2]))
			outside++;
		if (c->opcode == H_PUT_TCE_INDIRECT) {
			uint64_t end;

			if (!c->list_read) {
				fprintf(out, "#   its list at 0x%llx is in no memory of the scenario's guest: none written\n",
					(unsigned long long)list);
			} else {
				if (list < VS_RESERVED_END) {
					fprintf(out, "#   its list moved from 0x%llx to 0x%llx: eehlab-vmm's guest program is below 0x%llx\n",
						(unsigned long long)list,
						(unsigned long long)(list + VS_LIST_RELOC),
						(unsigned long long)VS_RESERVED_END);
					list += VS_LIST_RELOC;
					st.relocated++;
				}
				end = list + 8 * c->nlist;
				if (list >= VS_MEM_SIZE || end > VS_MEM_SIZE || end < list)
					fprintf(out, "#   its list at 0x%llx is outside eehlab-vmm's 16 MiB: not written, KVM and the model find no list there\n",
						(unsigned long long)list);
				else if (list & 7)
					fprintf(out, "#   its list at 0x%llx is not 8-byte aligned: eehlab-vmm cannot write it there\n",
						(unsigned long long)list);
				for (k = 0; k < c->nlist && k < c->args[3]; k++)
					outside += tce_outside(c->list[k]);
			}
		}
		if (outside)
			fprintf(out, "#   %llu TCE address%s past eehlab-vmm's 16 MiB: in no memory for KVM and the model alike\n",
				(unsigned long long)outside, outside > 1 ? "es" : "");
		if (c->opcode == H_PUT_TCE_INDIRECT && c->list_read && list < VS_MEM_SIZE &&
		    list + 8 * c->nlist <= VS_MEM_SIZE && !(list & 7) &&
		    (c->nlist > 512 || list_chars(c->list, c->nlist) > VS_LIST_CHARS)) {
			/* too long for one line: staged in pieces, each refused */
			uint64_t a = 0;

			stage_line = 1;
			while (a < c->nlist) {
				uint64_t b = a;
				size_t len = 0;
				char nb[24];

				while (b < c->nlist && b - a < 512 && len < VS_LIST_CHARS)
					len += (size_t)snprintf(nb, sizeof(nb), "0x%llx,",
								(unsigned long long)c->list[b++]);
				fprintf(out, "h-put-tce-indirect 0x%llx 0x0 0x%llx %llu",
					VS_STAGE_LIOBN, (unsigned long long)(list + 8 * a),
					(unsigned long long)(b - a));
				print_list(out, c->list + a, b - a);
				fprintf(out, " expect=H_PARAMETER    # stage: entries %llu..%llu of the list of %s:%d\n",
					(unsigned long long)a, (unsigned long long)(b - 1), s->file,
					s->line);
				st.staged++;
				a = b;
			}
		}
		fprintf(out, "%s 0x%lx 0x%llx", hc_word(c->opcode), c->args[0],
			(unsigned long long)ioba);
		switch (c->opcode) {
		case H_PUT_TCE:
			fprintf(out, " 0x%lx", c->args[2]);
			break;
		case H_PUT_TCE_INDIRECT:
			fprintf(out, " 0x%llx %lu", (unsigned long long)list, c->args[3]);
			if (c->list_read && list < VS_MEM_SIZE && list + 8 * c->nlist <= VS_MEM_SIZE &&
			    !(list & 7) && c->nlist <= 512 &&
			    list_chars(c->list, c->nlist) <= VS_LIST_CHARS)
				print_list(out, c->list, c->nlist);
			break;
		case H_STUFF_TCE:
			fprintf(out, " 0x%lx %lu", c->args[2], c->args[3]);
			break;
		default:
			break;
		}
		fprintf(out, "    # from %s:%d\n", s->file, s->line);
		st.converted++;
	}
	if (stage_line)
		fprintf(out, "# stage: a list too long for one line, written by calls to LIOBN 0x%llx (no window: refused, the list stays in memory)\n",
			VS_STAGE_LIOBN);
	fprintf(out, "# %d hypercalls made on the model, %d here, %d dropped, %d list-staging calls added; %d other steps and %d expectations not carried over\n",
		st.recorded, st.converted, st.dropped, st.staged, st.other_steps, st.expects);
	if (!st.converted) {
		snprintf(err, errlen, "%s: every hypercall dropped: nothing to run on KVM", sc->path);
		rc = VS_NOTHING;
		goto out;
	}
	rc = 0;
out:
	if (stats)
		*stats = st;
	for (i = 0; i < r.n; i++)
		free(r.v[i].list);
	free(r.v);
	free(lb);
	return rc;
}

int vmm_script_main(int argc, char **argv)
{
	struct scenario sc;
	struct vs_stats st;
	char err[512];
	char *text = NULL;
	size_t len = 0;
	FILE *mem;
	int rc;

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: eehlab vmm-script FILE.eeh > FILE.vmm\n");
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: eehlab vmm-script FILE.eeh > FILE.vmm\n");
		return 2;
	}
	memset(&sc, 0, sizeof(sc));
	if (sc_parse_file(argv[1], argv[1], NULL, &sc, err, sizeof(err))) {
		fprintf(stderr, "eehlab vmm-script: %s\n", err);
		sc_free(&sc);
		return 1;
	}
	/* the script only once it is whole */
	mem = open_memstream(&text, &len);
	if (!mem) {
		fprintf(stderr, "eehlab vmm-script: out of memory\n");
		sc_free(&sc);
		return 1;
	}
	rc = vmm_script_convert(&sc, mem, stderr, &st, err, sizeof(err));
	fclose(mem);
	if (rc == 0) {
		fwrite(text, 1, len, stdout);
		fprintf(stderr, "eehlab vmm-script: %s: %d hypercalls made on the model, %d converted, %d dropped, %d list-staging calls, %d lists moved; %d other steps and %d expectations not carried over\n",
			argv[1], st.recorded, st.converted, st.dropped, st.staged, st.relocated,
			st.other_steps, st.expects);
	} else {
		fprintf(stderr, "eehlab vmm-script: %s\n", err);
	}
	free(text);
	sc_free(&sc);
	return rc == 0 ? 0 : rc == VS_NOTHING ? 4 : 1;
}
