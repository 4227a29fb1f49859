// SPDX-License-Identifier: GPL-2.0-only
/*
 * HCALL_RACE: two TCE hypercalls of one guest made at once from two
 * kernel threads, the guest's "vCPUs", as KVM runs a guest's hypercalls:
 * on the vCPU that made them, real mode first, with no lock common to
 * the two. The command holds the engine lock for the whole race, so no
 * other command reaches the session meanwhile; the two threads run the
 * calls without taking it (a debug build accepts them as the engine's
 * vCPUs). The rounds and the judging are the portable code's
 * (model/race.c: eeh_session_race); this file only runs the threads.
 *
 * The threads are bound to two distinct online CPUs; with one CPU the
 * race cannot happen and the command says so (-EOPNOTSUPP).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>

#include "eehlab/guest.h"
#include "eehlab/session.h"
#include "eehlab.h"

const struct nla_policy eehlab_race_policy[EEHLAB_A_RACE_MAX + 1] = {
	[EEHLAB_A_RACE_A]	= NLA_POLICY_NESTED(eehlab_hcall_policy),
	[EEHLAB_A_RACE_B]	= NLA_POLICY_NESTED(eehlab_hcall_policy),
	/* the top (past a policy's s16 bound) is the engine's check, with a message */
	[EEHLAB_A_RACE_ROUNDS]	= NLA_POLICY_MIN(NLA_U32, 1),
	[EEHLAB_A_RACE_RC_A]	= { .type = NLA_S64 },
	[EEHLAB_A_RACE_RC_B]	= { .type = NLA_S64 },
	[EEHLAB_A_RACE_AB]	= { .type = NLA_U64 },
	[EEHLAB_A_RACE_BA]	= { .type = NLA_U64 },
	[EEHLAB_A_RACE_SAME]	= { .type = NLA_U64 },
	[EEHLAB_A_RACE_MIXED]	= { .type = NLA_U64 },
	[EEHLAB_A_RACE_TORN]	= { .type = NLA_U64 },
	[EEHLAB_A_RACE_RC_DIFF]	= { .type = NLA_U64 },
	[EEHLAB_A_RACE_ENTRIES]	= { .type = NLA_U32 },
	[EEHLAB_A_RACE_SPLIT]	= { .type = NLA_U64 },
	[EEHLAB_A_RACE_LOST]	= { .type = NLA_U64 },
	[EEHLAB_A_RACE_BAD]	= { .type = NLA_NUL_STRING,
				    .len = EEH_MSG_LEN - 1 },
};

struct race_kt;

struct race_vcpu {
	struct task_struct *task;
	struct completion go, done;
	struct race_kt *kt;
	int which;
};

struct race_kt {
	struct race_vcpu v[2];
	struct eeh_race *r;
	atomic_t armed;		/* threads at the start line, all rounds */
	bool stop;
};

/* The race's vCPU threads, for the debug build's lock check */
static struct task_struct *race_tasks[2];

bool eehlab_race_vcpu_current(void)
{
	return current == READ_ONCE(race_tasks[0]) ||
	       current == READ_ONCE(race_tasks[1]);
}

static int race_vcpu_fn(void *p)
{
	struct race_vcpu *v = p;
	struct race_kt *kt = v->kt;
	unsigned long spins;
	int round = 0;

	for (;;) {
		wait_for_completion(&v->go);
		if (READ_ONCE(kt->stop))
			break;
		round++;
		/* the start line: neither call begins while the other thread wakes */
		atomic_inc(&kt->armed);
		for (spins = 0; atomic_read(&kt->armed) < 2 * round; spins++) {
			cpu_relax();
			if (!(spins & 0xfffff))
				cond_resched();
		}
		eeh_race_vcpu(kt->r, v->which, raw_smp_processor_id());
		complete(&v->done);
	}
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}

static void race_kt_stop(void *ctx)
{
	struct race_kt *kt = ctx;
	int i;

	WRITE_ONCE(kt->stop, true);
	for (i = 0; i < 2; i++) {
		if (!kt->v[i].task)
			continue;
		complete(&kt->v[i].go);
		kthread_stop(kt->v[i].task);
		kt->v[i].task = NULL;
		WRITE_ONCE(race_tasks[i], NULL);
	}
}

static int race_kt_start(void *ctx, struct eeh_race *r, struct eeh_msg *msg)
{
	struct race_kt *kt = ctx;
	unsigned int cpu[2];
	int i;

	if (num_online_cpus() < 2)
		return eeh_msg_set(msg, -EOPNOTSUPP, EEH_RACE_ONE_CPU);
	cpu[0] = cpumask_first(cpu_online_mask);
	cpu[1] = cpumask_next(cpu[0], cpu_online_mask);
	kt->r = r;
	atomic_set(&kt->armed, 0);
	kt->stop = false;
	for (i = 0; i < 2; i++) {
		struct race_vcpu *v = &kt->v[i];
		struct task_struct *t;

		init_completion(&v->go);
		init_completion(&v->done);
		v->kt = kt;
		v->which = i;
		t = kthread_create(race_vcpu_fn, v, "eehlab-vcpu%d", i);
		if (IS_ERR(t)) {
			race_kt_stop(kt);
			return eeh_msg_set(msg, PTR_ERR(t), "race: cannot start vCPU thread %d", i);
		}
		kthread_bind(t, cpu[i]);
		v->task = t;
		WRITE_ONCE(race_tasks[i], t);
		wake_up_process(t);
	}
	return 0;
}

static void race_kt_pair(void *ctx)
{
	struct race_kt *kt = ctx;

	complete(&kt->v[0].go);
	complete(&kt->v[1].go);
	wait_for_completion(&kt->v[0].done);
	wait_for_completion(&kt->v[1].done);
}

/* The call in nest @type of @rtb (the race's nest @race) */
static int race_call(struct genl_info *info, struct nlattr *race,
		     struct nlattr **rtb, int type, struct be_hcall *hc)
{
	if (!rtb[type])
		return eehlab_missing(info, race, type, type == EEHLAB_A_RACE_A ?
				      "missing attribute EEHLAB_A_RACE_A" :
				      "missing attribute EEHLAB_A_RACE_B");
	return eehlab_get_hcall(info, rtb[type], hc);
}

static int race_reply(struct genl_info *info, const struct be_race *br)
{
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;

	msg = eehlab_reply_new(info, nla_total_size(0) +
			       10 * nla_total_size_64bit(sizeof(u64)) +
			       nla_total_size(sizeof(u32)) +
			       nla_total_size(sizeof(br->bad)), &hdr);
	if (!msg)
		return -ENOMEM;
	nest = nla_nest_start(msg, EEHLAB_A_RACE);
	if (!nest ||
	    nla_put_s64(msg, EEHLAB_A_RACE_RC_A, br->a.rc, EEHLAB_A_RACE_PAD) ||
	    nla_put_s64(msg, EEHLAB_A_RACE_RC_B, br->b.rc, EEHLAB_A_RACE_PAD) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_RACE_AB, br->ab, EEHLAB_A_RACE_PAD) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_RACE_BA, br->ba, EEHLAB_A_RACE_PAD) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_RACE_SAME, br->same, EEHLAB_A_RACE_PAD) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_RACE_MIXED, br->mixed, EEHLAB_A_RACE_PAD) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_RACE_TORN, br->torn, EEHLAB_A_RACE_PAD) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_RACE_RC_DIFF, br->rc_diff, EEHLAB_A_RACE_PAD) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_RACE_SPLIT, br->split, EEHLAB_A_RACE_PAD) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_RACE_LOST, br->lost, EEHLAB_A_RACE_PAD) ||
	    nla_put_u32(msg, EEHLAB_A_RACE_ENTRIES, br->entries) ||
	    (br->bad[0] && nla_put_string(msg, EEHLAB_A_RACE_BAD, br->bad))) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return eehlab_reply_send(msg, hdr, info);
}

int eehlab_cmd_hcall_race(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *race = info->attrs[EEHLAB_A_RACE];
	struct nlattr *tb[EEHLAB_A_RACE_MAX + 1];
	struct eeh_race_threads th = {
		.start = race_kt_start, .pair = race_kt_pair, .stop = race_kt_stop,
	};
	char name[EEHLAB_NAME_LEN];
	struct eeh_msg emsg = { };
	struct eehlab_sess *es;
	struct race_kt *kt;
	struct be_race *br;
	int err;

	err = eehlab_get_guest(info, name);
	if (!err)
		err = EEHLAB_NEST(info, EEHLAB_A_RACE, tb, EEHLAB_A_RACE_MAX,
				  eehlab_race_policy);
	if (!err)
		err = EEHLAB_REQUIRE(info, tb, race, EEHLAB_A_RACE_ROUNDS);
	if (err)
		return err;
	br = kzalloc(sizeof(*br), GFP_KERNEL);
	kt = kzalloc(sizeof(*kt), GFP_KERNEL);
	if (!br || !kt) {
		err = -ENOMEM;
		goto out;
	}
	err = race_call(info, race, tb, EEHLAB_A_RACE_A, &br->a);
	if (!err)
		err = race_call(info, race, tb, EEHLAB_A_RACE_B, &br->b);
	if (err)
		goto out;
	br->rounds = nla_get_u32(tb[EEHLAB_A_RACE_ROUNDS]);
	th.ctx = kt;
	es = eehlab_sess_get(info);
	eehlab_engine_lock(es);
	err = eeh_session_race(es->s, name, br, &th, &emsg);
	eehlab_engine_unlock(es);
	eehlab_sess_put(es);
	if (err < 0)
		err = eehlab_refused(info, err, &emsg);
	else
		err = race_reply(info, br);
out:
	kfree(kt);
	kfree(br);
	return err;
}
