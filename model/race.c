// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab model: two hypercalls of one guest at once, from two vCPU
 * threads (eeh_session_race). KVM runs a guest's TCE hypercalls on the
 * vCPU that made them, real mode first, with no lock common to two
 * vCPUs; the model's tiers must hold up the same way.
 *
 * Each round: the table entries the two calls touch are read (S0); the
 * calls run serially as A then B and, from S0 again, as B then A (S0
 * written back after each); then the caller's two threads make them at
 * once. The result must be one of the two serial tables, entry by entry
 * never anything else (an entry written half by one call and half by the
 * other, or by neither, is "torn"), and each call must answer as it does
 * in one of the orders. Callers hold the engine's lock, so nothing else
 * touches the guest meanwhile; the two threads do not take it.
 */
#include "guest_int.h"
#include "eehlab/session.h"

struct race_call {
	unsigned long opcode;
	unsigned long args[4];
	int nargs;
	struct eeh_tce_window *w;	/* NULL: the call touches no entry */
	u64 idx, n;			/* the entries it may touch */
	long rc;			/* this round, racing */
	int cpu;
};

struct eeh_race {
	struct eeh_guest *g;
	struct race_call c[2];
	u64 n;				/* entries of both calls */
	u64 *s0, *sab, *sba, *sr;
};

static const char *race_name(unsigned long opcode)
{
	return eeh_hc_name(eeh_hc_from_opcode(opcode));
}

/* The window and entries @c may write; none when its ioba is not in one. */
static void call_range(struct eeh_guest *g, struct race_call *c)
{
	u64 count = c->opcode == H_PUT_TCE ? 1 : c->args[3], io;
	struct eeh_tce_window *w = eeh_guest_window(g, c->args[0]);

	c->w = NULL;
	c->idx = 0;
	c->n = 0;
	if (!w || (c->args[1] & ((1ULL << w->page_shift) - 1)))
		return;
	io = c->args[1] >> w->page_shift;
	if (io < w->offset || io - w->offset >= w->entries)
		return;
	c->w = w;
	c->idx = io - w->offset;
	c->n = count < w->entries - c->idx ? count : w->entries - c->idx;
}

static int call_set(struct eeh_guest *g, struct race_call *c,
		    const struct be_hcall *hc, const char *which,
		    struct eeh_msg *msg)
{
	int i;

	if (hc->opcode != H_PUT_TCE && hc->opcode != H_PUT_TCE_INDIRECT &&
	    hc->opcode != H_STUFF_TCE)
		return eeh_msg_set(msg, -EINVAL,
				   "race: %s is %s: only H_PUT_TCE, H_PUT_TCE_INDIRECT and H_STUFF_TCE race",
				   which, race_name(hc->opcode));
	if (hc->nargs < (hc->opcode == H_PUT_TCE ? 3 : 4) || hc->nargs > 4)
		return eeh_msg_set(msg, -EINVAL, "race: %s: %s takes %d arguments, not %d",
				   which, race_name(hc->opcode),
				   hc->opcode == H_PUT_TCE ? 3 : 4, hc->nargs);
	c->opcode = hc->opcode;
	c->nargs = hc->nargs;
	for (i = 0; i < 4; i++)
		c->args[i] = hc->args[i];
	call_range(g, c);
	return 0;
}

/* The entries of both calls into @out (0 where no level holds one). */
static void snap(struct eeh_race *r, u64 *out)
{
	int k;
	u64 i;

	for (k = 0; k < 2; k++) {
		struct race_call *c = &r->c[k];

		for (i = 0; i < c->n; i++) {
			u64 *e = eeh_tce_leaf(c->w, c->idx + i);

			*out++ = e ? eeh_load64(e) : 0;
		}
	}
}

/*
 * Write @in back. A level is never freed while the guest lives, so every
 * entry that held a value still has its level.
 */
static int restore(struct eeh_race *r, const u64 *in)
{
	int k;
	u64 i;

	for (k = 0; k < 2; k++) {
		struct race_call *c = &r->c[k];

		for (i = 0; i < c->n; i++, in++) {
			u64 *e = eeh_tce_leaf(c->w, c->idx + i);

			if (e)
				eeh_store64(e, *in);
			else if (*in)
				return -EFAULT;
		}
	}
	return 0;
}

static long call(struct eeh_race *r, int k)
{
	struct race_call *c = &r->c[k];

	return eeh_hcall(r->g, c->opcode, c->args, c->nargs, NULL);
}

void eeh_race_vcpu(struct eeh_race *r, int which, int cpu)
{
	struct race_call *c = &r->c[which & 1];

	c->rc = call(r, which & 1);
	c->cpu = cpu;
}

/* Calls the guest's counters hold for the two opcodes (all answers). */
static u64 counted(struct eeh_race *r)
{
	u64 sum = 0;
	int k, t;

	for (k = 0; k < 2; k++) {
		const struct eeh_hcall_stats *st =
			&r->g->st.hc[eeh_hc_from_opcode(r->c[k].opcode)];

		if (k && r->c[1].opcode == r->c[0].opcode)
			break;
		for (t = 0; t < EEH_TIER__COUNT; t++)
			sum += st->finished[t];
	}
	return sum;
}

/* Where the first bad round went wrong, once */
static void bad_entry(struct eeh_race *r, struct be_race *br, u32 round, u64 i)
{
	int k = i < r->c[0].n ? 0 : 1;
	u64 idx = r->c[k].idx + (k ? i - r->c[0].n : i);

	if (br->bad[0])
		return;
	eeh_snprintf(br->bad, sizeof(br->bad),
		     "round %u: entry 0x%llx of LIOBN 0x%lx: 0x%llx, not A;B 0x%llx or B;A 0x%llx",
		     round, (unsigned long long)idx, r->c[k].args[0],
		     (unsigned long long)eeh_be64_to_cpu(r->sr[i]),
		     (unsigned long long)eeh_be64_to_cpu(r->sab[i]),
		     (unsigned long long)eeh_be64_to_cpu(r->sba[i]));
}

/* The first entry of @sr that is @x's and not @y's */
static u64 first_only(const u64 *sr, const u64 *x, const u64 *y, u64 n)
{
	u64 i;

	for (i = 0; i < n && !(sr[i] == x[i] && sr[i] != y[i]); i++)
		;
	return i;
}

/* The round's table and answers against the serial orders */
static void judge(struct eeh_race *r, struct be_race *br, u32 round,
		  const long *ab, const long *ba)
{
	size_t bytes = r->n * sizeof(u64);
	bool is_ab, is_ba;
	u64 i;

	if ((r->c[0].rc != ab[0] && r->c[0].rc != ba[0]) ||
	    (r->c[1].rc != ab[1] && r->c[1].rc != ba[1])) {
		br->rc_diff++;
		if (!br->bad[0])
			eeh_snprintf(br->bad, sizeof(br->bad),
				     "round %u: A answered %ld, B %ld; alone A %ld, B %ld",
				     round, r->c[0].rc, r->c[1].rc, ab[0], ba[1]);
	}
	snap(r, r->sr);
	is_ab = !memcmp(r->sr, r->sab, bytes);
	is_ba = !memcmp(r->sr, r->sba, bytes);
	if (is_ab && is_ba) {
		br->same++;
		return;
	}
	if (is_ab || is_ba) {
		if (is_ab)
			br->ab++;
		else
			br->ba++;
		return;
	}
	for (i = 0; i < r->n; i++) {
		if (r->sr[i] != r->sab[i] && r->sr[i] != r->sba[i]) {
			br->torn++;
			bad_entry(r, br, round, i);
			return;
		}
	}
	br->mixed++;
	if (!br->bad[0])
		eeh_snprintf(br->bad, sizeof(br->bad),
			     "round %u: the table is neither A;B nor B;A (of the compared entries, %llu is as A;B only, %llu as B;A only)",
			     round, (unsigned long long)first_only(r->sr, r->sab, r->sba, r->n),
			     (unsigned long long)first_only(r->sr, r->sba, r->sab, r->n));
}

static void race_free(struct eeh_race *r)
{
	if (!r)
		return;
	eeh_free(r->s0);
	eeh_free(r);
}

static int serial(struct eeh_race *r, int first, long *rc, u64 *out)
{
	rc[first] = call(r, first);
	rc[!first] = call(r, !first);
	snap(r, out);
	return restore(r, r->s0);
}

static int rounds(struct eeh_race *r, struct be_race *br,
		  const struct eeh_race_threads *th, struct eeh_msg *msg)
{
	long ab[2], ba[2];
	u64 before;
	u32 round;

	for (round = 0; round < br->rounds; round++) {
		snap(r, r->s0);
		if (serial(r, 0, ab, r->sab) || serial(r, 1, ba, r->sba))
			return eeh_msg_set(msg, -EFAULT,
					   "race: round %u: a TCE level vanished under a serial run",
					   round);
		if (!round) {
			br->a.rc = ab[0];
			br->b.rc = ba[1];
		}
		before = counted(r);
		th->pair(th->ctx);
		br->lost += 2 - (counted(r) - before);
		if (r->c[0].cpu != r->c[1].cpu)
			br->split++;
		judge(r, br, round, ab, ba);
	}
	return 0;
}

int eeh_session_race(struct eeh_session *s, const char *guest,
		     struct be_race *br, const struct eeh_race_threads *th,
		     struct eeh_msg *msg)
{
	struct eeh_guest *g = eeh_guest_by_name(s->m, guest);
	struct eeh_race *r;
	char why[EEH_MSG_LEN];
	int err;

	if (!g)
		return eeh_msg_set(msg, -ENOENT, "no guest '%s'", guest ? guest : "");
	if (!br->rounds || br->rounds > EEH_RACE_MAX_ROUNDS)
		return eeh_msg_set(msg, -EINVAL, "race: rounds %u: 1 to %u",
				   br->rounds, EEH_RACE_MAX_ROUNDS);
	r = eeh_zalloc(sizeof(*r));
	if (!r)
		return eeh_msg_set(msg, -ENOMEM, "race: out of memory");
	r->g = g;
	err = call_set(g, &r->c[0], &br->a, "A", msg);
	if (!err)
		err = call_set(g, &r->c[1], &br->b, "B", msg);
	if (err)
		goto out;
	r->n = r->c[0].n + r->c[1].n;
	if (r->n > EEH_RACE_MAX_ENTRIES) {
		err = eeh_msg_set(msg, -E2BIG, "race: the calls touch %llu entries; at most %u",
				  (unsigned long long)r->n, EEH_RACE_MAX_ENTRIES);
		goto out;
	}
	r->s0 = eeh_zalloc(4 * (r->n ? r->n : 1) * sizeof(u64));
	if (!r->s0) {
		err = eeh_msg_set(msg, -ENOMEM, "race: out of memory");
		goto out;
	}
	r->sab = r->s0 + r->n;
	r->sba = r->sab + r->n;
	r->sr = r->sba + r->n;
	*br = (struct be_race){ .a = br->a, .b = br->b, .rounds = br->rounds,
				.entries = (u32)r->n };
	err = th->start(th->ctx, r, msg);
	if (err)
		goto out;
	err = rounds(r, br, th, msg);
	th->stop(th->ctx);
	if (!err && eeh_invariants_check(s->m, why, sizeof(why)))
		err = eeh_msg_set(msg, -EFAULT, "after the race: %s", why);
out:
	race_free(r);
	return err;
}
