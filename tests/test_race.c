// SPDX-License-Identifier: GPL-2.0-only
/*
 * Races of two hypercalls of one guest (model/race.c, through the
 * session layer): each round is judged against the two serial orders.
 * Scripted "threads" give every verdict deterministically (A then B,
 * B then A, an entry torn, a wrong answer, a mixed table); the real
 * two-thread runner (runner/race_threads.c) must see no torn entry and
 * no wrong answer on put/stuff, indirect/stuff and indirect/indirect.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "eehlab/guest.h"
#include "eehlab/session.h"
#include "race_threads.h"

#define SLOT_GPA	0x1000000ULL
#define LIST_A		0x1400000ULL
#define LIST_B		0x1401000ULL

struct rig {
	struct eeh_session *s;
	unsigned long liobn;
};

static void node(struct eeh_session *s, const char *name, enum eeh_node_type t,
		 int parent, int *id)
{
	struct be_node n = { .name = name, .type = t, .phb = 0, .parent = parent,
			     .functions = 1, .kind = EEH_DEV_KIND_EDU };
	struct eeh_msg msg = { "" };

	*id = eeh_session_node_add(s, &n, &msg);
	if (*id < 0) {
		printf("# node %s: %s\n", name, msg.text);
		exit(1);
	}
}

/* PHB4 0, one edu "nic" assigned to guest vm1 (16 MiB at 16 MiB, 4K pages) */
static void rig(struct rig *r)
{
	struct eeh_msg msg = { "" };
	struct be_dev d;
	int rp, ep;

	r->s = eeh_session_create(0);
	ASSERT_NOT_NULL(r->s);
	ASSERT_EQ(0, eeh_session_phb_add(r->s, 0, EEH_PHB4, 0, &msg));
	node(r->s, "rp0", EEH_NODE_ROOT_PORT, -1, &rp);
	node(r->s, "nic", EEH_NODE_ENDPOINT, rp, &ep);
	ASSERT_EQ(0, eeh_session_enumerate(r->s, &msg));
	ASSERT_EQ(0, eeh_session_resolve(r->s, "nic", &d, &msg));
	ASSERT_EQ(0, eeh_session_guest_create(r->s, "vm1", &msg));
	ASSERT_EQ(0, eeh_session_guest_slot(r->s, "vm1", SLOT_GPA, 16 << 20, 12,
					    true, true, &msg));
	ASSERT_EQ(0, eeh_session_guest_assign(r->s, "vm1", 0, d.pe, &r->liobn, &msg));
}

/* Guest list at @gpa: @n entries mapping pages from @page, R/W */
static void list(struct rig *r, u64 gpa, u64 page, int n)
{
	struct eeh_msg msg = { "" };
	u64 l[512];
	int i;

	for (i = 0; i < n; i++)
		l[i] = eeh_cpu_to_be64((page + i * 4096ULL) | 3);
	ASSERT_EQ(0, eeh_session_guest_mem(r->s, "vm1", gpa, l, n * 8ULL, true, &msg));
}

static void hc(struct be_hcall *h, unsigned long op, unsigned long liobn,
	       unsigned long ioba, unsigned long a2, unsigned long a3)
{
	memset(h, 0, sizeof(*h));
	h->opcode = op;
	h->args[0] = liobn;
	h->args[1] = ioba;
	h->args[2] = a2;
	h->args[3] = a3;
	h->nargs = op == H_PUT_TCE ? 3 : 4;
}

/* ---- scripted threads: the round's calls in a chosen order ---- */

enum script { SC_AB, SC_BA, SC_TEAR, SC_BAD_RC, SC_MIX };

struct scripted {
	enum script how;
	struct eeh_race *r;
	struct rig *rig;
};

static int sc_start(void *ctx, struct eeh_race *r, struct eeh_msg *msg)
{
	(void)msg;
	((struct scripted *)ctx)->r = r;
	return 0;
}

static void sc_stop(void *ctx)
{
	(void)ctx;
}

static struct eeh_guest *vm1(struct rig *r)
{
	return eeh_guest_by_name(r->s->m, "vm1");
}

static long exit_hardware(void *ctx, struct eeh_guest *g, unsigned long opcode,
			  const unsigned long *args, int nargs, unsigned long *rets)
{
	(void)ctx, (void)g, (void)opcode, (void)args, (void)nargs, (void)rets;
	return H_HARDWARE;
}

/* A guest put outside the race (the same value a list entry maps) */
static void put(struct rig *r, unsigned long ioba, u64 gpa)
{
	unsigned long a[3] = { r->liobn, ioba, gpa | 3 };

	ASSERT_EQ(H_SUCCESS, eeh_hcall(vm1(r), H_PUT_TCE, a, 3, NULL));
}

static void sc_pair(void *ctx)
{
	struct scripted *sc = ctx;
	struct eeh_guest *g = vm1(sc->rig);

	switch (sc->how) {
	case SC_BA:
		eeh_race_vcpu(sc->r, 1, 1);
		eeh_race_vcpu(sc->r, 0, 0);
		return;
	case SC_BAD_RC:
		/* A's window handed to a VMM that fails it, for A alone */
		eeh_guest_liobn_set_tier(g, sc->rig->liobn, EEH_TIER_USER, NULL);
		eeh_guest_set_exit(g, exit_hardware, NULL);
		eeh_race_vcpu(sc->r, 0, 0);
		eeh_guest_set_exit(g, NULL, NULL);
		eeh_guest_liobn_set_tier(g, sc->rig->liobn, EEH_TIER_REAL, NULL);
		eeh_race_vcpu(sc->r, 1, 1);
		return;
	default:
		eeh_race_vcpu(sc->r, 0, 0);
		eeh_race_vcpu(sc->r, 1, 1);
		break;
	}
	if (sc->how == SC_TEAR)		/* entry 2: a value neither call writes */
		put(sc->rig, 0x2000, SLOT_GPA + 0x9000);
	if (sc->how == SC_MIX)		/* entries 0, 1 as B;A has them, 2, 3 as A;B */
		put(sc->rig, 0x0000, SLOT_GPA + 0x10000), put(sc->rig, 0x1000, SLOT_GPA + 0x11000);
}

static int run_scripted(struct rig *r, enum script how, struct be_race *br,
			struct eeh_msg *msg)
{
	struct scripted sc = { how, NULL, r };
	struct eeh_race_threads th = { sc_start, sc_pair, sc_stop, &sc };

	return eeh_session_race(r->s, "vm1", br, &th, msg);
}

/* A: the list at LIST_A (4 pages from 64K) onto ioba 0..3; B: stuff 0..3 */
static void list_vs_stuff(struct rig *r, struct be_race *br, u32 rounds)
{
	list(r, LIST_A, SLOT_GPA + 0x10000, 4);
	memset(br, 0, sizeof(*br));
	hc(&br->a, H_PUT_TCE_INDIRECT, r->liobn, 0, LIST_A, 4);
	hc(&br->b, H_STUFF_TCE, r->liobn, 0, 0, 4);
	br->rounds = rounds;
}

TEST(scripted_orders_are_told_apart)
{
	struct eeh_msg msg = { "" };
	struct be_race br;
	struct rig r;

	rig(&r);
	list_vs_stuff(&r, &br, 5);
	ASSERT_EQ(0, run_scripted(&r, SC_AB, &br, &msg));
	EXPECT_EQ_U64(5, br.ab);
	EXPECT_EQ_U64(0, br.ba + br.same + br.mixed + br.torn + br.rc_diff);
	EXPECT_EQ(H_SUCCESS, br.a.rc);
	EXPECT_EQ(H_SUCCESS, br.b.rc);
	EXPECT_EQ(8, (int)br.entries);
	EXPECT_STREQ("", br.bad);
	ASSERT_EQ(0, run_scripted(&r, SC_BA, &br, &msg));
	EXPECT_EQ_U64(5, br.ba);
	EXPECT_EQ_U64(0, br.ab + br.same + br.mixed + br.torn + br.rc_diff);
	/* the scripted calls ran on "CPUs" 0 and 1, and every call was counted */
	EXPECT_EQ_U64(5, br.split);
	EXPECT_EQ_U64(0, br.lost);
	eeh_session_destroy(r.s);
}

TEST(scripted_torn_entry_is_caught_and_named)
{
	struct eeh_msg msg = { "" };
	struct be_race br;
	struct rig r;

	rig(&r);
	list_vs_stuff(&r, &br, 3);
	ASSERT_EQ(0, run_scripted(&r, SC_TEAR, &br, &msg));
	EXPECT_EQ_U64(3, br.torn);
	EXPECT_EQ_U64(0, br.ab + br.ba + br.mixed);
	EXPECT_HAS(br.bad, "round 0: entry 0x2 of LIOBN");
	EXPECT_HAS(br.bad, "not A;B 0x0 or B;A");
	eeh_session_destroy(r.s);
}

TEST(scripted_mixed_table_is_caught)
{
	struct eeh_msg msg = { "" };
	struct be_race br;
	struct rig r;

	rig(&r);
	list_vs_stuff(&r, &br, 2);
	ASSERT_EQ(0, run_scripted(&r, SC_MIX, &br, &msg));
	EXPECT_EQ_U64(2, br.mixed);
	EXPECT_EQ_U64(0, br.torn + br.ab + br.ba);
	EXPECT_HAS(br.bad, "neither A;B nor B;A");
	EXPECT_HAS(br.bad, "2 is as A;B only, 0 as B;A only");
	eeh_session_destroy(r.s);
}

TEST(scripted_wrong_answer_is_caught)
{
	struct eeh_msg msg = { "" };
	struct be_race br;
	struct rig r;

	rig(&r);
	list_vs_stuff(&r, &br, 4);
	ASSERT_EQ(0, run_scripted(&r, SC_BAD_RC, &br, &msg));
	EXPECT_EQ_U64(4, br.rc_diff);
	EXPECT_HAS(br.bad, "A answered -1");
	eeh_session_destroy(r.s);
}

TEST(bad_races_are_refused_with_a_reason)
{
	struct eeh_msg msg = { "" };
	struct be_race br;
	struct rig r;

	rig(&r);
	list_vs_stuff(&r, &br, 0);
	EXPECT_EQ(-EINVAL, run_scripted(&r, SC_AB, &br, &msg));
	EXPECT_HAS(msg.text, "rounds 0: 1 to 100000");
	br.rounds = EEH_RACE_MAX_ROUNDS + 1;
	EXPECT_EQ(-EINVAL, run_scripted(&r, SC_AB, &br, &msg));
	br.rounds = 1;
	hc(&br.a, H_GET_TCE, r.liobn, 0, 0, 0);
	EXPECT_EQ(-EINVAL, run_scripted(&r, SC_AB, &br, &msg));
	EXPECT_HAS(msg.text, "A is get_tce");
	hc(&br.a, H_PUT_TCE, r.liobn, 0, 0, 0);
	br.a.nargs = 2;
	EXPECT_EQ(-EINVAL, run_scripted(&r, SC_AB, &br, &msg));
	EXPECT_HAS(msg.text, "takes 3 arguments, not 2");
	hc(&br.a, H_STUFF_TCE, r.liobn, 0, 0, 4000);
	hc(&br.b, H_STUFF_TCE, r.liobn, 0, 0, 200);
	EXPECT_EQ(-E2BIG, run_scripted(&r, SC_AB, &br, &msg));
	EXPECT_HAS(msg.text, "4200 entries; at most 4096");
	EXPECT_EQ(-ENOENT, eeh_session_race(r.s, "vm9", &br, NULL, &msg));
	/* a refused call is raced as it is: out of the window, both orders alike */
	hc(&br.a, H_PUT_TCE, r.liobn, 0x80000000UL, SLOT_GPA | 3, 0);
	hc(&br.b, H_STUFF_TCE, r.liobn, 0, 0, 2);
	ASSERT_EQ(0, run_scripted(&r, SC_AB, &br, &msg));
	EXPECT_EQ(H_PARAMETER, br.a.rc);
	EXPECT_EQ(2, (int)br.entries);
	EXPECT_EQ_U64(1, br.same);
	eeh_session_destroy(r.s);
}

TEST(real_mode_hands_a_list_on_while_another_vcpu_holds_its_buffer)
{
	unsigned long a[4];
	struct eeh_guest *g;
	struct rig r;

	rig(&r);
	g = vm1(&r);
	list(&r, LIST_A, SLOT_GPA + 0x10000, 4);
	a[0] = r.liobn, a[1] = 0, a[2] = LIST_A, a[3] = 4;
	g->rm_scratch_busy = 1;
	EXPECT_EQ(H_SUCCESS, eeh_hcall(g, H_PUT_TCE_INDIRECT, a, 4, NULL));
	EXPECT_EQ(EEH_TIER_VIRT, g->last_tier);
	EXPECT_EQ_U64(1, g->st.hc[EEH_HC_PUT_TCE_INDIRECT].handed_on[EEH_TIER_REAL]);
	g->rm_scratch_busy = 0;
	EXPECT_EQ(H_SUCCESS, eeh_hcall(g, H_PUT_TCE_INDIRECT, a, 4, NULL));
	EXPECT_EQ(EEH_TIER_REAL, g->last_tier);
	/* the buffer is given back after every real-mode call */
	EXPECT_EQ(0, g->rm_scratch_busy);
	eeh_session_destroy(r.s);
}

/* ---- two real threads ---- */

static int threaded(struct rig *r, struct be_race *br, struct eeh_msg *msg)
{
	struct eeh_race_threads th;
	struct race_threads rt;

	race_threads_init(&rt, &th);
	return eeh_session_race(r->s, "vm1", br, &th, msg);
}

static void report(const char *what, const struct be_race *br)
{
	printf("# %s: %u rounds: A;B %llu, B;A %llu, same %llu, mixed %llu, torn %llu, "
	       "answers %llu, on two CPUs %llu, lost counts %llu%s%s\n", what, br->rounds,
	       (unsigned long long)br->ab, (unsigned long long)br->ba,
	       (unsigned long long)br->same, (unsigned long long)br->mixed,
	       (unsigned long long)br->torn, (unsigned long long)br->rc_diff,
	       (unsigned long long)br->split, (unsigned long long)br->lost,
	       br->bad[0] ? ": " : "", br->bad);
}

#define THREADED(r, br, msg) do {						\
	int _rc = threaded(r, br, msg);						\
	if (_rc == -EOPNOTSUPP)							\
		SKIP("%s", (msg)->text);					\
	ASSERT_EQ(0, _rc);							\
} while (0)

TEST(threads_put_against_stuff_stay_serial)
{
	struct eeh_msg msg = { "" };
	struct be_race br = { .rounds = 3000 };
	struct rig r;

	rig(&r);
	/* A maps entry 300; B clears 0..511 around it */
	hc(&br.a, H_PUT_TCE, r.liobn, 300 << 12, (SLOT_GPA + 0x20000) | 3, 0);
	hc(&br.b, H_STUFF_TCE, r.liobn, 0, 0, 512);
	THREADED(&r, &br, &msg);
	report("put/stuff", &br);
	EXPECT_EQ_U64(0, br.torn);
	EXPECT_EQ_U64(0, br.mixed);
	EXPECT_EQ_U64(0, br.rc_diff);
	EXPECT_EQ_U64(br.rounds, br.ab + br.ba + br.same);
	EXPECT_EQ(H_SUCCESS, br.a.rc);
	EXPECT_EQ(H_SUCCESS, br.b.rc);
	eeh_session_destroy(r.s);
}

TEST(threads_put_against_put_stay_serial)
{
	struct eeh_msg msg = { "" };
	struct be_race br = { .rounds = 3000 };
	struct rig r;

	rig(&r);
	hc(&br.a, H_PUT_TCE, r.liobn, 0x5000, (SLOT_GPA + 0x20000) | 3, 0);
	hc(&br.b, H_PUT_TCE, r.liobn, 0x5000, (SLOT_GPA + 0x30000) | 1, 0);
	THREADED(&r, &br, &msg);
	report("put/put", &br);
	EXPECT_EQ_U64(0, br.torn + br.mixed + br.rc_diff);
	EXPECT_EQ_U64(br.rounds, br.ab + br.ba);
	eeh_session_destroy(r.s);
}

TEST(threads_list_against_stuff_stay_entrywise)
{
	struct eeh_msg msg = { "" };
	struct be_race br;
	struct rig r;

	rig(&r);
	list(&r, LIST_A, SLOT_GPA + 0x100000, 512);
	memset(&br, 0, sizeof(br));
	hc(&br.a, H_PUT_TCE_INDIRECT, r.liobn, 0, LIST_A, 512);
	hc(&br.b, H_STUFF_TCE, r.liobn, 0x40000, 0, 512);
	br.rounds = 2000;
	THREADED(&r, &br, &msg);
	report("indirect/stuff", &br);
	EXPECT_EQ_U64(0, br.torn);
	EXPECT_EQ_U64(0, br.rc_diff);
	eeh_session_destroy(r.s);
}

TEST(threads_two_lists_keep_their_own_entries)
{
	struct eeh_msg msg = { "" };
	struct be_race br;
	struct rig r;

	rig(&r);
	/* two vCPUs, two lists, two ranges of one window: nothing shared */
	list(&r, LIST_A, SLOT_GPA + 0x100000, 512);
	list(&r, LIST_B, SLOT_GPA + 0x300000, 512);
	memset(&br, 0, sizeof(br));
	hc(&br.a, H_PUT_TCE_INDIRECT, r.liobn, 0, LIST_A, 512);
	hc(&br.b, H_PUT_TCE_INDIRECT, r.liobn, 512 << 12, LIST_B, 512);
	br.rounds = 2000;
	THREADED(&r, &br, &msg);
	report("indirect/indirect", &br);
	EXPECT_EQ_U64(0, br.torn);
	EXPECT_EQ_U64(0, br.mixed);
	EXPECT_EQ_U64(0, br.rc_diff);
	EXPECT_EQ_U64(br.rounds, br.same);
	eeh_session_destroy(r.s);
}


